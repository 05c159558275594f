"""Central finite differences of an mpmath-evaluable function at high precision.

``f`` takes a list of ``mpf`` (length p) and returns an ``mpf``; everything runs under
``mpmath.workdps(dps)``.  With step h the errors are

* gradient, (f(x + h e_i) - f(x - h e_i)) / (2h):            O(h^2 f''') + O(eps / h)
* HVP_i, [f(x+he_i+hv) - f(x+he_i-hv) - f(x-he_i+hv) + f(x-he_i-hv)] / (4h^2):
                                                              O(h^2 f'''') + O(eps / h^2)

with eps = 10^-dps.  Defaults h = 10^-(dps/3) (gradient) and 10^-(dps/4) (second order)
balance the two; at 50 digits both errors are ~1e-25 for O(1) derivatives, far below float64.
"""

import mpmath


def _vec(x):
    return [mpmath.mpf(v) for v in x]


def mp_gradient(f, x, *, dps=50, h=None):
    """Central-difference gradient of ``f`` at ``x`` (list of mpf) at ``dps`` digits."""
    with mpmath.workdps(dps):
        x = _vec(x)
        h = mpmath.mpf(10) ** (-(dps // 3)) if h is None else mpmath.mpf(h)
        out = []
        for i in range(len(x)):
            xp, xm = list(x), list(x)
            xp[i] += h
            xm[i] -= h
            out.append((f(xp) - f(xm)) / (2 * h))
        return out


def mp_hvp(f, x, v, *, dps=50, h=None):
    """Central-difference Hessian-vector product H(x) v (list of mpf) at ``dps`` digits."""
    with mpmath.workdps(dps):
        x, v = _vec(x), _vec(v)
        h = mpmath.mpf(10) ** (-(dps // 4)) if h is None else mpmath.mpf(h)
        p = len(x)
        out = []
        for i in range(p):
            vals = []
            for si in (1, -1):
                for sv in (1, -1):
                    y = [x[j] + sv * h * v[j] for j in range(p)]
                    y[i] += si * h
                    vals.append(f(y))
            out.append((vals[0] - vals[1] - vals[2] + vals[3]) / (4 * h * h))
        return out


def mp_hessian(f, x, *, dps=50, h=None):
    """Dense central-difference Hessian (list of rows of mpf) at ``dps`` digits."""
    p = len(x)
    cols = []
    for j in range(p):
        e = [0] * p
        e[j] = 1
        cols.append(mp_hvp(f, x, e, dps=dps, h=h))
    return [[cols[j][i] for j in range(p)] for i in range(p)]
