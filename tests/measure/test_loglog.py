import numpy as np

from verify.measure.loglog import fit_slope


def test_exact_power_law():
    h = 0.02 / 2.0 ** np.arange(5)
    s = fit_slope(h, 3.7 * h**3)
    assert abs(s.slope - 3) < 1e-12 and abs(s.intercept - np.log(3.7)) < 1e-10
    assert s.ci[1] - s.ci[0] < 1e-10


def test_ci_covers_true_slope_with_noise():
    rng = np.random.default_rng(0)
    h = 0.02 / 2.0 ** np.arange(6)
    hits = 0
    for _ in range(200):
        s = fit_slope(h, h**2 * np.exp(0.1 * rng.standard_normal(6)))
        hits += s.ci[0] <= 2 <= s.ci[1]
    assert 180 <= hits <= 199  # nominal 95% coverage, binomial sd ~3
