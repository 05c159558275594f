"""Claims of every kind and outcome, for runner and report tests (not a tutorial)."""
import sympy as sp, mpmath
import hypothesis.strategies as st
from fractions import Fraction
from verify import claim, Relation, Finding, Derivation, Source

x, y = sp.symbols("x y", positive=True)
c = claim("demo.square", title="square", statement="(x+y)^2 = x^2+2xy+y^2", provenance="conjecture")
@c.identity
def expand():
    return Derivation("expand").step("binomial", (x+y)**2, x**2+2*x*y+y**2)

c2 = claim("demo.square-wrong", title="square wrong", statement="(x+y)^2 = x^2+xy+y^2", provenance="conjecture")
@c2.identity
def expand_bad():
    return sp.Eq((x+y)**2, x**2+x*y+y**2)

c3 = claim("demo.amgm", title="AM-GM", statement="(a+b)/2 >= sqrt(ab)", provenance="conjecture")
@c3.property(given={"a": st.floats(0, 1e6), "b": st.floats(0, 1e6)})
def amgm(a, b):
    return Relation((a+b)/2, ">=", (a*b)**0.5, rtol=4e-16, why="few ulp")

def prec(a, b):
    a, b = mpmath.mpf(a), mpmath.mpf(b)
    return Relation((a+b)/3, ">=", mpmath.sqrt(a*b))
c4 = claim("demo.amgm-wrong", title="AM-GM wrong", statement="(a+b)/3 >= sqrt(ab)", provenance="conjecture")
@c4.property(given={"a": st.floats(0, 1e6), "b": st.floats(0, 1e6)}, precise=prec)
def amgm3(a, b):
    return Relation((a+b)/3, ">=", (a*b)**0.5, rtol=4e-16)

c5 = claim("demo.nan", title="nan", statement="nan", provenance="conjecture")
@c5.property(given={"a": st.floats(0, 1)})
def nanny(a):
    return Relation(float("nan"), "<=", 1.0)

c6 = claim("demo.raise", title="raise", statement="raises", provenance="conjecture")
@c6.experiment
def boom():
    raise RuntimeError("boom")

c7 = claim("demo.cert", title="cert", statement="sqrt2 < 1.5", provenance="conjecture")
@c7.certificate
def cert():
    return [Relation(mpmath.iv.sqrt(2), "<", Fraction(3,2), label="sqrt2"), Relation(Fraction(1,3), "<=", Fraction(1,2), label="frac")]
