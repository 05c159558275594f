"""Order of convergence from a log-log error curve: least-squares slope with a t-interval.

``fit_slope(x, err)`` fits log err = p log x + c by ordinary least squares and returns the slope
p, its standard error s_p = sqrt(RSS / (k - 2) / sum (log x - mean)^2) and the two-sided
``level`` confidence interval p +- t_{k-2, (1+level)/2} s_p (k points; k = 2 gives an infinite
interval).  A measured order is "consistent with p0" when p0 lies in the interval and the
interval is no wider than a stated tolerance (the caller states both).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

__all__ = ["Slope", "fit_slope"]


@dataclass(frozen=True)
class Slope:
    slope: float
    intercept: float
    stderr: float
    ci: tuple


def fit_slope(x, err, level=0.95) -> Slope:
    lx, ly = np.log(np.asarray(x, dtype=np.float64)), np.log(np.asarray(err, dtype=np.float64))
    k = lx.size
    if k < 2 or not np.all(np.isfinite(ly)):
        raise ValueError("need >= 2 positive finite errors")
    p, c = np.polyfit(lx, ly, 1)
    if k == 2:
        return Slope(float(p), float(c), float("inf"), (-np.inf, np.inf))
    rss = float(np.sum((ly - (p * lx + c)) ** 2))
    se = float(np.sqrt(rss / (k - 2) / np.sum((lx - lx.mean()) ** 2)))
    q = float(stats.t.ppf(0.5 + level / 2, k - 2))
    return Slope(float(p), float(c), se, (float(p - q * se), float(p + q * se)))
