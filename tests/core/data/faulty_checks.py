"""Checks that misbehave in every way a process can (for tests/core/test_faults.py), beside
two innocent claims that must come out as if nothing happened."""
import os, sys, time
import sympy as sp
import hypothesis.strategies as st
from verify import claim, Relation, Derivation, Finding

ok = claim("f.innocent", title="innocent", statement="x*x >= 0", provenance="conjecture")
@ok.property(given={"x": st.floats(-10, 10)}, budget_s=600)  # far above its work: no race
def square(x):
    return Relation(x * x, ">=", 0.0)

e0 = claim("f.exit0", title="exit 0", statement="-", provenance="conjecture")
@e0.property(given={"x": st.floats(0, 1)})
def exits(x):
    sys.exit(0)

e1 = claim("f.exit1-identity", title="exit 1", statement="-", provenance="conjecture")
@e1.identity
def exits1():
    sys.exit(1)

oe = claim("f.os-exit", title="os._exit", statement="-", provenance="conjecture")
@oe.identity
def hard():
    os._exit(3)

hg = claim("f.hang", title="hang", statement="-", provenance="conjecture")
@hg.identity
def hang():
    while True:
        try:
            time.sleep(0.05)
        except:
            pass

nz = claim("f.noisy", title="noisy", statement="(x+1)^2 - 1 = x^2 + 2x", provenance="conjecture")
@nz.identity(budget_s=600)
def noisy():
    x = sp.Symbol("x")
    print("y" * 10_000_000)
    return Derivation("d").step("expand", (x + 1) ** 2 - 1, x**2 + 2 * x)

ok2 = claim("f.innocent2", title="innocent 2", statement="(x+1)^2", provenance="conjecture")
@ok2.identity(budget_s=600)
def sq():
    x = sp.Symbol("x")
    return Derivation("d").step("expand", (x + 1) ** 2, x**2 + 2 * x + 1)


up = claim("f.unpicklable", title="unpicklable result", statement="-", provenance="conjecture")


@up.experiment(budget_s=600)
def keeps_a_lambda():
    return Finding(Relation(1.0, "<=", 2.0), details={"callback": lambda: 0})
