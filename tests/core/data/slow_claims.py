"""One proved claim whose check takes ~4 s: long enough to kill a cluster worker in the middle of it."""
import time

import sympy as sp

from verify import Derivation, claim

x = sp.symbols("x")
c = claim("slow.square", title="slow square", statement="(x+1)^2 = x^2+2x+1", provenance="conjecture")


@c.identity(budget_s=120)
def expand():
    time.sleep(4.0)
    return Derivation("expand").step("binomial", (x + 1) ** 2, x**2 + 2 * x + 1)
