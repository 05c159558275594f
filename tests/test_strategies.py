"""verify.strategies (data, models, steps, batches, inits) and the property search modes."""

import math

import hypothesis.strategies as st
import jax.numpy as jnp
import numpy as np
import pytest
from hypothesis import Phase, find, given, seed, settings

from verify import Relation, claim
from verify import strategies as S
from verify.core.kinds.property import float_bounds
from verify.core.registry import collecting
from verify.core.runner import run_check
from verify.core.verdict import Verdict

FAST = settings(max_examples=15, deadline=None, database=None)


# --- data sets -------------------------------------------------------------------------------------
@seed(1)
@FAST
@given(S.datasets(n=(1, 2, 3, 6), d=(1, 2, 4), rank="any", cond=(1.0, 1e3), labels=("random", "teacher")))
def test_datasets_have_the_stated_rank_conditioning_and_scale(ds):
    assert ds.X.shape == (ds.n, ds.d) and ds.y.shape == (ds.n,)
    sv = np.linalg.svd(ds.X / math.sqrt(ds.n), compute_uv=False)
    assert 1 <= ds.rank <= min(ds.n, ds.d)
    assert np.sum(sv > 1e-9) == ds.rank
    assert sv[0] == pytest.approx(1.0, rel=1e-12)  # top eigenvalue of X^T X / n is 1
    assert sv[0] / sv[ds.rank - 1] == pytest.approx(ds.cond if ds.rank > 1 else 1.0, rel=1e-9)
    assert ds.sharpness() == pytest.approx(1.0, rel=1e-12) and ds.sharpness("mean") == pytest.approx(2.0, rel=1e-12)
    if ds.labels == "teacher":  # realisable: y in the column space of X
        w, *_ = np.linalg.lstsq(ds.X, ds.y, rcond=None)
        assert np.allclose(ds.X @ w, ds.y, atol=1e-10)
    again = ds.rebuild()  # the repr's primitives rebuild the same arrays
    assert np.array_equal(again.X, ds.X) and np.array_equal(again.y, ds.y)
    assert "X=" not in repr(ds) and f"n={ds.n}" in repr(ds)


@FAST
@given(S.datasets(regime="n<=d"), S.datasets(regime="n>d"), S.datasets(rank="deficient"))
def test_dataset_regimes(a, b, c):
    assert a.n <= a.d and b.n > b.d and c.rank < min(c.n, c.d)


def test_dataset_arguments_are_validated():
    with pytest.raises(ValueError, match="rank"):
        S.dataset(2, 3, rank=3)
    with pytest.raises(ValueError, match="cond"):
        S.dataset(2, 3, cond=0.5)
    with pytest.raises(ValueError, match="regime"):
        S.datasets(regime="n=d")
    with pytest.raises(ValueError, match="no \\(n, d\\)"):
        S.datasets(n=(5,), d=(2,), regime="n<=d")


# --- models ----------------------------------------------------------------------------------------
def test_available_families_and_unknown_family():
    fams = S.available_families()
    assert {"linear", "depth2", "sum_of_neurons"} <= set(fams)
    with pytest.raises(ValueError, match="unknown model families"):
        S.models("resnet")


def _check_problem(p):
    assert p.family in S.FAMILIES and np.ndim(p.theta0) == 1
    value = float(p.loss(p.theta0))
    H = p.hessian()
    assert math.isfinite(value) and H.shape == (p.dim, p.dim)
    assert np.allclose(H, H.T, atol=1e-10 * max(1.0, np.abs(H).max()))
    assert p.sharpness() == pytest.approx(np.linalg.eigvalsh(H)[-1])
    if p.n:  # the minibatch loss on all samples is the full loss
        assert float(p.loss_batch(p.theta0, jnp.arange(p.n))) == pytest.approx(value, rel=1e-12, abs=1e-15)


def _draw(strategy, n=1, seed_=0):
    """n examples of a strategy, generation only (no shrinking), seeded."""
    out = []

    @seed(seed_)
    @settings(max_examples=n, deadline=None, database=None, phases=[Phase.generate])
    @given(strategy)
    def collect(x):
        out.append(x)

    collect()
    return out


@pytest.mark.parametrize("family", S.available_families())
def test_each_family_gives_a_finite_loss_and_a_symmetric_hessian(family):
    for p in _draw(S.models(family), n=1 if family == "mlp" else 2):  # mlp: one compile
        assert p.family == family
        _check_problem(p)


def test_linear_sharpness_is_the_data_sharpness_and_depth2_matches_closed_form():
    ds = S.dataset(3, 2, cond=5.0, seed=3)
    (p,) = _draw(S.linear_problems(data=st.just(ds), scale=(1.0, 1.0)))
    assert p.sharpness() == pytest.approx(ds.sharpness(), rel=1e-12)
    from verify.models import depth2

    (q,) = _draw(S.depth2_problems(d=(2,)), seed_=3)
    a, b = np.asarray(q.theta0[:2]), np.asarray(q.theta0[2:])
    assert q.sharpness() == pytest.approx(depth2.sharpness(a, b, q.spec["phi"]), rel=1e-10)


# --- steps, batches, initialisations ------------------------------------------------------------
def test_step_size_is_relative_to_two_over_sharpness():
    assert S.step_size(1.0, 4.0) == 0.5 and S.step_size(0.5, 2.0) == 0.5
    with pytest.raises(ValueError):
        S.step_size(0.5, 0.0)
    assert float_bounds(S.step_fractions(0.01, 1.9)) == (0.01, 1.9, False)
    lo, hi, _ = float_bounds(S.step_fractions(0.01, 1.0, exclude_max=True))
    assert hi < 1.0


def test_batch_sizes():
    assert sorted(S.batch_sizes(12, "divisors").elements) == [1, 2, 3, 4, 6, 12]
    assert sorted(S.batch_sizes(12, "powers_of_two").elements) == [1, 2, 4, 8]
    assert find(S.batch_sizes(7), lambda b: b > 6) == 7
    with pytest.raises(ValueError):
        S.batch_sizes(0)


@FAST
@given(S.initialisations(5, scale=(0.1, 3.0)), S.factor_inits(d=(1, 3)))
def test_initialisations_have_the_stated_scale_and_balance(v, f):
    assert v.shape == (5,) and 0.1 - 1e-12 <= np.linalg.norm(v) <= 3.0 + 1e-12
    lam = f.a @ f.a + f.b @ f.b
    imbalance = math.sqrt(max(0.0, lam**2 - 4 * (f.a @ f.b) ** 2))
    assert lam == pytest.approx(f.scale, rel=1e-12)
    assert imbalance == pytest.approx(f.balance * f.scale, rel=1e-6, abs=1e-7)


# --- search modes --------------------------------------------------------------------------------
def _dip_claim(search):
    with collecting():
        c = claim("t.dip", title="t", statement="(x - 0.61803)^2 k >= 1e-10")

        @c.property(given={"x": st.floats(0, 1), "k": st.sampled_from([1, 2])}, search=search)
        def dip(x, k):
            # fails only for |x - 0.61803| < 1e-5: random sampling misses it, the optimizer does not
            return Relation((x - 0.61803) ** 2 * k, ">=", 1e-10, why="exact up to a few ulp")

    return c


def test_optimizer_finds_a_thin_failure_region_hypothesis_misses():
    plain = _dip_claim("hypothesis")
    res = run_check(plain, plain.checks[0], "quick")
    assert res.verdict is Verdict.SUPPORTED and res.details["search"]["method"] == "hypothesis"
    opt = _dip_claim("hypothesis+optimize")
    res = run_check(opt, opt.checks[0], "quick")
    assert res.verdict is Verdict.REFUTED, res.message
    assert res.search == "hypothesis+optimize" and "(found by optimize" in res.message
    assert res.details["search"]["counterexample_found_by"] == "optimize"
    assert abs(res.counterexample["x"] - 0.61803) < 1e-5
    again = run_check(opt, opt.checks[0], "quick")  # deterministic
    assert again.counterexample == res.counterexample and again.examples == res.examples


def test_optimizer_stays_in_bounds_and_skips_non_float_parameters():
    seen = []
    with collecting():
        c = claim("t.box", title="t", statement="x >= lo")

        @c.property(given={"x": st.floats(1e-6, 1.0), "y": st.floats(0, 1).map(abs), "n": st.integers(1, 3)},
                    search="hypothesis+optimize")
        def box(x, y, n):
            seen.append((x, y, n))
            return Relation(x, ">=", 0.0)

    res = run_check(c, c.checks[0], "quick")
    opt = res.details["search"]["optimize"]
    assert res.verdict is Verdict.SUPPORTED and opt["params"] == ["x"] and opt["log_scale"] == ["x"]
    assert opt["evaluations"] > 0 and all(1e-6 <= x <= 1.0 for x, _, _ in seen)
    assert res.worst_example["x"] == pytest.approx(1e-6)  # the optimizer reached the lower edge


def test_unknown_search_is_rejected_at_declaration():
    with collecting():
        c = claim("t.s", title="t", statement="s")
        with pytest.raises(ValueError, match="search must be"):
            c.property(given={"x": st.floats(0, 1)}, search="grid")


def test_problem_objective_is_shared_across_drawn_problems():
    # two drawn MLP problems: one objective (equal, same hash), the data as traced arguments give
    # each problem's own loss and dense sharpness; no new compile for the second data set
    from verify.dynamics.sgd import sgd
    from verify.measure.curvature import sharpness
    from verify.measure.derivatives import hessian_fn

    p1, p2 = [find(S.mlp_problems(widths=((2, 3, 1),)), lambda p, s=s: p.spec["seed"] % 2 == s) for s in (0, 1)]
    assert p1.objective == p2.objective and hash(p1.objective) == hash(p2.objective)
    for p in (p1, p2):
        assert float(p.objective(p.theta0, *p.args)) == pytest.approx(float(p.loss(p.theta0)), rel=1e-14)
        assert sharpness(p.objective, p.theta0, method="dense", args=p.args).value == pytest.approx(p.sharpness(), rel=1e-10)
        idx = jnp.array([0, 2])
        assert float(p.batch_objective(p.theta0, idx, *p.args)) == pytest.approx(float(p.loss_batch(p.theta0, idx)), rel=1e-14)
    assert hessian_fn(p1.objective)._cache_size() == 1
    run = sgd(p1.batch_objective, p1.theta0, p1.n, 0.05, 2, 5, args=p1.args)
    assert np.all(np.isfinite(run.theta)) and not np.allclose(run.theta, p1.theta0)
