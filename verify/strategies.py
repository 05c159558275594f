"""Public Hypothesis strategies for conjectures about (S)GD: data, models, steps, batches, inits.

Every strategy here is built from a few shrinkable primitives (sizes from small fixed sets,
a seed, a condition number, a scale), so that

* a counterexample shrinks to small sizes, seed 0 and round numbers, and
* it is *reproducible from its repr*: the generated objects print their primitives
  (``Dataset(n=2, d=3, rank=2, cond=10.0, seed=0, labels='random')``), never their arrays;
  :meth:`Dataset.rebuild` / :func:`dataset` rebuild the arrays from them.

Sizes come from small fixed sets (``st.sampled_from``) to avoid JAX recompiles.

Data
    :func:`datasets` -> :class:`Dataset` ``(X in R^{n x d}, y in R^n)`` with controlled
    rank and condition number, in the regime ``n <= d`` (interpolation possible),
    ``n > d`` or both. ``X = sqrt(n) U diag(s) V^T`` with ``U, V`` orthonormal (seeded),
    ``s_1 = 1 >= ... >= s_r = 1/cond`` geometric, so ``X^T X / n`` has top eigenvalue 1,
    condition number ``cond^2`` on its range and rank ``r``.
Models (every family the suite has; importing a family's module lazily)
    :func:`models` -> :class:`Problem` (a flat float64 ``theta0``, ``loss(theta)``,
    ``loss_i(theta, i)`` per sample when the model has samples, ``sharpness()``, dense).
    Families: ``"linear"`` (least squares, always there), ``"depth2"`` (the depth-2 linear
    factorisation ``1/2 (a^T b - Phi)^2``, :mod:`verify.models.depth2`), ``"sum_of_neurons"``
    (two-layer net with frozen output layer, :mod:`verify.models.sum_of_neurons`),
    ``"two_layer"`` (both layers trained, :mod:`verify.models.two_layer`),
    ``"random_features"`` (fixed first layer, :mod:`verify.models.random_features`),
    ``"mlp"`` (:mod:`verify.models.mlp`). :data:`FAMILIES` lists them;
    :func:`available_families` those importable now.
Step sizes
    :func:`step_fractions` draws ``c`` and :func:`step_size` turns it into ``eta = 2 c / S``
    (``S`` = sharpness; ``c < 1`` is inside the quadratic stability threshold ``2/S``,
    ``c > 1`` beyond it: the edge-of-stability regime). Give ``c`` to the check (a plain
    float parameter, so ``search="hypothesis+optimize"`` can search it).
Batch sizes
    :func:`batch_sizes` ``B in [1, n]`` (all, divisors of ``n``, or powers of two).
Initialisations
    :func:`initialisations` (a vector of given dimension, controlled norm, seeded
    direction) and :func:`factor_inits` (two factors ``a, b in R^d`` with
    ``|a|^2 + |b|^2 = scale`` and imbalance ``sqrt(I_0) = balance * scale``, the
    parametrisation of :func:`verify.models.depth2.init_ab`).

Conventions: the MSE is ``half_mean``, ``L = 1/(2n) sum_i (f(x_i) - y_i)^2``, unless a
problem says otherwise in ``Problem.conventions``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any, Callable

import hypothesis.strategies as st
import numpy as np

__all__ = [
    "Dataset", "dataset", "datasets", "Problem", "Objective", "FAMILIES", "available_families", "models",
    "linear_problems", "depth2_problems", "sum_of_neurons_problems", "two_layer_problems",
    "random_features_problems", "mlp_problems",
    "step_fractions", "step_size", "batch_sizes", "initialisations", "factor_inits", "FactorInit",
    "SIZES",
]

SIZES = (1, 2, 3, 4, 6, 8)  # the small fixed set of sizes (n, d, widths)


# --- data ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Dataset:
    """``X in R^{n x d}``, ``y in R^n``: rank ``rank``, singular values of ``X/sqrt(n)`` from 1 to ``1/cond``.

    ``labels``: ``"random"`` (``y ~ N(0, 1)``), ``"teacher"`` (``y = X w*`` with ``w* ~ N(0, I/d)``,
    realisable) or ``"noisy_teacher"`` (teacher plus ``N(0, 0.1^2)`` noise).
    """

    n: int
    d: int
    rank: int
    cond: float
    seed: int
    labels: str = "random"
    X: np.ndarray = field(repr=False, compare=False, default=None)
    y: np.ndarray = field(repr=False, compare=False, default=None)

    @property
    def regime(self) -> str:
        return "n<=d" if self.n <= self.d else "n>d"

    def sharpness(self, normalization: str = "half_mean") -> float:
        """Top Hessian eigenvalue of the least-squares loss: ``lambda_max(X^T X)/n`` (x2 for "mean")."""
        top = float(np.linalg.eigvalsh(self.X.T @ self.X / self.n)[-1])
        return top if normalization == "half_mean" else 2.0 * top

    def rebuild(self) -> "Dataset":
        return dataset(self.n, self.d, self.rank, self.cond, self.seed, self.labels)


def _orthonormal(rng, rows: int, cols: int) -> np.ndarray:
    q, r = np.linalg.qr(rng.standard_normal((rows, cols)))
    return q * np.sign(np.diag(r))  # unique (sign-fixed) QR factor: deterministic


def dataset(n: int, d: int, rank: int | None = None, cond: float = 1.0, seed: int = 0,
            labels: str = "random") -> Dataset:
    """The deterministic data set with these primitives (see :class:`Dataset`)."""
    r = min(n, d) if rank is None else int(rank)
    if not 1 <= r <= min(n, d):
        raise ValueError(f"rank must be in [1, min(n, d)] = [1, {min(n, d)}], got {r}")
    if not cond >= 1.0:
        raise ValueError(f"cond must be >= 1, got {cond}")
    if labels not in ("random", "teacher", "noisy_teacher"):
        raise ValueError(f"labels must be 'random', 'teacher' or 'noisy_teacher', got {labels!r}")
    rng = np.random.default_rng(seed)
    U, V = _orthonormal(rng, n, r), _orthonormal(rng, d, r)
    s = cond ** (-np.arange(r) / (r - 1)) if r > 1 else np.ones(1)
    X = np.sqrt(n) * (U * s) @ V.T
    if labels == "random":
        y = rng.standard_normal(n)
    else:
        y = X @ (rng.standard_normal(d) / np.sqrt(d))
        if labels == "noisy_teacher":
            y = y + 0.1 * rng.standard_normal(n)
    return Dataset(n, d, r, float(cond), int(seed), labels, X, y)


def datasets(*, n=(1, 2, 3, 4, 6), d=(1, 2, 3, 4, 6), regime: str = "any", rank: str = "full",
             cond: tuple[float, float] = (1.0, 100.0), labels=("random",), max_seed: int = 2**16):
    """Strategy for :class:`Dataset`.

    ``n``, ``d``: the sizes to draw from; ``regime``: ``"any"``, ``"n<=d"`` or ``"n>d"``;
    ``rank``: ``"full"`` (``min(n, d)``), ``"any"`` (``1 .. min(n, d)``) or ``"deficient"``
    (``< min(n, d)``, needs ``min(n, d) >= 2``); ``cond``: range of the condition number of
    ``X`` on its range (``1`` = isotropic); ``labels``: label kinds to draw from.
    """
    if regime not in ("any", "n<=d", "n>d"):
        raise ValueError(f"regime must be 'any', 'n<=d' or 'n>d', got {regime!r}")
    if rank not in ("full", "any", "deficient"):
        raise ValueError(f"rank must be 'full', 'any' or 'deficient', got {rank!r}")
    pairs = [(a, b) for a in n for b in d
             if (regime == "any" or (regime == "n<=d") == (a <= b))
             and (rank != "deficient" or min(a, b) >= 2)]
    if not pairs:
        raise ValueError(f"no (n, d) in {n} x {d} fits regime={regime!r}, rank={rank!r}")
    lo, hi = float(cond[0]), float(cond[1])
    if not 1.0 <= lo <= hi:
        raise ValueError(f"cond range must satisfy 1 <= lo <= hi, got {cond}")

    @st.composite
    def datasets(draw):  # the name is the strategy's repr in reports
        a, b = draw(st.sampled_from(pairs))
        k = min(a, b)
        r = {"full": k, "any": draw(st.integers(1, k)), "deficient": draw(st.integers(1, max(1, k - 1)))}[rank]
        c = draw(st.floats(lo, hi)) if hi > lo else lo
        return dataset(a, b, r, c, draw(st.integers(0, max_seed)), draw(st.sampled_from(list(labels))))

    return datasets()


# --- models ----------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Problem:
    """A small model with its data: ``loss(theta) = fn(theta, *args, *static)`` at a flat float64 ``theta0``.

    ``fn`` is a module-level pure function (so jitted derivatives are compiled once per
    shape, not once per example), ``args`` its array arguments (data), ``static`` its
    hashable settings (width, activation). ``loss_batch(theta, idx)``: mean loss over the
    sample indices ``idx`` (None for models without samples). ``spec``: the primitives it
    was built from (its repr).

    To measure a drawn problem with the instruments and dynamics without a compile per example,
    pass ``objective`` (hashable by ``fn`` and ``static``) with the data as traced arguments::

        CU.sharpness(p.objective, theta, args=p.args)
        gd(p.objective, p.theta0, eta, steps, args=p.args)
        sgd(p.batch_objective, p.theta0, p.n, eta, B, steps, args=p.args)

    (``p.loss`` and ``p.loss_batch`` close over the data: a new function, and a new compile, for
    every drawn problem; ``benchmarks/bench_conjecture.py`` measures the difference.)
    """

    family: str
    spec: dict
    theta0: Any = field(repr=False)
    fn: Callable = field(repr=False)
    args: tuple = field(repr=False, default=())
    static: tuple = field(repr=False, default=())
    n: int = 0
    conventions: dict = field(default_factory=dict, repr=False)

    @property
    def dim(self) -> int:
        return int(np.size(self.theta0))

    def loss(self, theta):
        return self.fn(theta, *self.args, *self.static)

    def loss_batch(self, theta, idx):
        """Mean loss on the samples ``idx`` (models with data: ``args = (X, y)``)."""
        if not self.n:
            raise TypeError(f"a {self.family} problem has no samples")
        X, y = self.args[0], self.args[1]
        return self.fn(theta, X[idx], y[idx], *self.static)

    @property
    def objective(self) -> "Objective":
        """``(theta, *args) -> loss``, equal (and hashing equal) for every problem of this family
        and settings: instruments given ``args=p.args`` compile it once per shape."""
        return Objective(self.fn, self.static)

    @property
    def batch_objective(self) -> "Objective":
        """``(theta, idx, X, y, ...) -> mean loss on the samples idx``, for ``sgd(..., args=p.args)``."""
        if not self.n:
            raise TypeError(f"a {self.family} problem has no samples")
        return Objective(self.fn, self.static, batched=True)

    def hessian(self, theta=None) -> np.ndarray:
        th = self.theta0 if theta is None else theta
        return np.asarray(_hessian(self.fn, self.static)(th, *self.args))

    def sharpness(self, theta=None) -> float:
        """Largest Hessian eigenvalue (dense; these models are small)."""
        return float(np.linalg.eigvalsh(self.hessian(theta))[-1])


@dataclass(frozen=True)
class Objective:
    """``fn`` with its static settings bound: ``(theta, *args) -> fn(theta, *args, *static)``;
    ``batched``: ``(theta, idx, X, y, *rest) -> fn(theta, X[idx], y[idx], *rest, *static)``.
    Hashable by value, so the compiled instruments (``verify.measure.derivatives``) and dynamics
    are cached across drawn problems of the same family."""

    fn: Callable
    static: tuple = ()
    batched: bool = False

    def __call__(self, theta, *args):
        if self.batched:
            idx, X, y, *rest = args
            return self.fn(theta, X[idx], y[idx], *rest, *self.static)
        return self.fn(theta, *args, *self.static)


_HESS: dict = {}


def _hessian(fn, static):
    key = (fn, static)
    if key not in _HESS:
        import jax

        _HESS[key] = jax.jit(jax.hessian(lambda th, *a: fn(th, *a, *static)))
    return _HESS[key]


def _linear_loss(w, X, y):
    r = X @ w - y
    return 0.5 * (r @ r) / X.shape[0]


def _depth2_loss(theta, phi):
    from verify.models.depth2 import loss_flat

    return loss_flat(theta, phi)


def _two_layer_loss(theta, X, y, m, d, act):
    from verify.models.two_layer import loss

    return loss(theta, X, y, m, d, act)


def _son_loss(theta, X, y, m, act):
    from verify.models.sum_of_neurons import loss

    return loss(theta, X, y, m, act)


FAMILIES = ("linear", "depth2", "sum_of_neurons", "two_layer", "random_features", "mlp")
_MODULES = {"linear": None, "depth2": "verify.models.depth2",
            "sum_of_neurons": "verify.models.sum_of_neurons", "two_layer": "verify.models.two_layer",
            "random_features": "verify.models.random_features", "mlp": "verify.models.mlp"}


def available_families() -> tuple[str, ...]:
    """The families whose model module imports now."""
    out = []
    for f in FAMILIES:
        mod = _MODULES[f]
        if mod is None:
            out.append(f)
            continue
        try:
            importlib.import_module(mod)
        except ImportError:
            continue
        out.append(f)
    return tuple(out)


def _unit(seed: int, dim: int) -> np.ndarray:
    v = np.random.default_rng(seed).standard_normal(dim)
    return v / np.linalg.norm(v)


def linear_problems(data=None, scale=(0.0, 3.0)):
    """Least squares ``L(w) = 1/(2n) |X w - y|^2`` on ``data`` (default :func:`datasets`), ``w0`` of norm in ``scale``."""
    import jax.numpy as jnp

    data = datasets() if data is None else data

    def make(ds, s, seed):
        th = jnp.asarray(s * _unit(seed, ds.d))
        return Problem("linear", {"data": ds, "init_scale": s, "init_seed": seed}, th, _linear_loss,
                       (jnp.asarray(ds.X), jnp.asarray(ds.y)), (), ds.n,
                       {"loss": "half_mean: 1/(2n) sum (x_i^T w - y_i)^2"})

    return st.builds(make, data, st.floats(*scale), st.integers(0, 2**16))


def depth2_problems(d=(1, 2, 3), phi=(0.1, 3.0), scale=(0.01, 4.0), balance=(0.0, 1.0)):
    """The depth-2 linear factorisation ``1/2 (a^T b - Phi)^2`` from :func:`factor_inits`."""
    import jax.numpy as jnp

    importlib.import_module("verify.models.depth2")

    def make(init, ph, sgn):
        th = jnp.concatenate([jnp.asarray(init.a), jnp.asarray(init.b)])
        p = sgn * ph
        return Problem("depth2", {"init": init, "phi": p}, th, _depth2_loss, (jnp.asarray(p),), (), 0,
                       {"loss": "L = 1/2 (a^T b - Phi)^2"})

    return st.builds(make, factor_inits(d=d, scale=scale, balance=balance), st.floats(*phi),
                     st.sampled_from([1.0, -1.0]))


def sum_of_neurons_problems(m=(1, 2, 3), act=("sinh", "tanh"), data=None, scale=(0.1, 1.0)):
    """Two-layer net with frozen output layer, ``sum_j phi(theta_j^T x)``, half_mean MSE."""
    import jax.numpy as jnp

    importlib.import_module("verify.models.sum_of_neurons")
    data = datasets(n=(1, 2, 3), d=(2, 3, 4), regime="n<=d") if data is None else data

    def make(ds, width, a, s, seed):
        th = jnp.asarray(s * _unit(seed, width * ds.d))
        return Problem("sum_of_neurons", {"data": ds, "m": width, "act": a, "init_scale": s, "init_seed": seed},
                       th, _son_loss, (jnp.asarray(ds.X), jnp.asarray(ds.y)), (width, a), ds.n,
                       {"loss": "half_mean: (1/(2n)) sum_i res_i^2", "act": a})

    return st.builds(make, data, st.sampled_from(list(m)), st.sampled_from(list(act)), st.floats(*scale),
                     st.integers(0, 2**16))


def two_layer_problems(m=(1, 2, 4), act=("linear", "tanh"), data=None, scale=(0.1, 2.0)):
    """``v^T phi(W x) / sqrt(m)`` with both layers trained (:mod:`verify.models.two_layer`), half_mean MSE.

    ``theta0 = two_layer.init(m, d, seed, scale)`` (``W ~ N(0, scale/d)``, ``v ~ N(0, scale)``).
    """
    import jax.numpy as jnp

    tl = importlib.import_module("verify.models.two_layer")
    data = datasets(n=(1, 2, 3, 4), d=(1, 2, 3)) if data is None else data

    def make(ds, width, a, s, seed):
        th = jnp.asarray(tl.init(width, ds.d, seed, s))
        return Problem("two_layer", {"data": ds, "m": width, "act": a, "init_scale": s, "init_seed": seed},
                       th, _two_layer_loss, (jnp.asarray(ds.X), jnp.asarray(ds.y)), (width, ds.d, a), ds.n,
                       {"loss": "half_mean: (1/(2n)) sum (f(x_i) - y_i)^2", "act": a})

    return st.builds(make, data, st.sampled_from(list(m)), st.sampled_from(list(act)), st.floats(*scale),
                     st.integers(0, 2**16))


def random_features_problems(m=(2, 4, 8), act=("relu", "tanh"), data=None, scale=(0.0, 3.0)):
    """``v^T phi(W x) / sqrt(m)`` with ``W`` fixed (:mod:`verify.models.random_features`), ``v`` trained.

    Least squares on the features ``A = phi(X W^T) / sqrt(m)``: ``L(v) = 1/(2n) |A v - y|^2``.
    """
    import jax.numpy as jnp

    rf = importlib.import_module("verify.models.random_features")
    data = datasets(n=(1, 2, 3, 4), d=(1, 2, 3)) if data is None else data

    def make(ds, width, a, s, wseed, seed):
        A = np.asarray(rf.features(ds.X, rf.init_weights(width, ds.d, wseed), a))
        th = jnp.asarray(s * _unit(seed, width))
        return Problem("random_features", {"data": ds, "m": width, "act": a, "weights_seed": wseed,
                                           "init_scale": s, "init_seed": seed},
                       th, _linear_loss, (jnp.asarray(A), jnp.asarray(ds.y)), (), ds.n,
                       {"loss": "half_mean: 1/(2n) |A v - y|^2, A = phi(X W^T)/sqrt(m)", "act": a})

    return st.builds(make, data, st.sampled_from(list(m)), st.sampled_from(list(act)), st.floats(*scale),
                     st.integers(0, 2**16), st.integers(0, 2**16))


def mlp_problems(widths=((2, 3, 1), (3, 4, 1)), activation=("tanh",), scale=(0.1, 2.0)):
    """A small MLP from :mod:`verify.models.mlp` (``init_mlp``, ``mlp_apply``, ``flatten``), half_mean MSE.

    Raises ImportError when that module has not landed (see :func:`available_families`).
    """
    import jax
    import jax.numpy as jnp

    mlp = importlib.import_module("verify.models.mlp")

    def make(ws, act, s, seed):
        ds = dataset(4, ws[0], seed=seed)
        params = mlp.init_mlp(jax.random.PRNGKey(seed), list(ws))
        theta, unravel = mlp.flatten(params)
        return Problem("mlp", {"widths": ws, "act": act, "init_scale": s, "seed": seed}, jnp.asarray(theta) * s,
                       _mlp_loss, (jnp.asarray(ds.X), jnp.asarray(ds.y)), (_Unravel(unravel, ws), act), ds.n,
                       {"loss": "half_mean"})

    return st.builds(make, st.sampled_from(list(widths)), st.sampled_from(list(activation)), st.floats(*scale),
                     st.integers(0, 2**16))


@dataclass(frozen=True)
class _Unravel:
    """A hashable wrapper of an MLP's unravel function (keyed by its widths, for jit caching)."""

    fn: Callable = field(compare=False, hash=False)
    widths: tuple = ()

    def __call__(self, theta):
        return self.fn(theta)


def _mlp_loss(theta, X, y, unravel, act):
    import jax.numpy as jnp

    mlp = importlib.import_module("verify.models.mlp")
    r = jnp.reshape(mlp.mlp_apply(unravel(theta), X, act), (X.shape[0],)) - y
    return 0.5 * jnp.mean(r * r)


_BUILDERS = {"linear": linear_problems, "depth2": depth2_problems,
             "sum_of_neurons": sum_of_neurons_problems, "two_layer": two_layer_problems,
             "random_features": random_features_problems, "mlp": mlp_problems}


def models(families=None):
    """Strategy for :class:`Problem` over ``families`` (default: every available family).

    A family named explicitly whose module is missing raises ``ValueError`` at once.
    """
    avail = available_families()
    if families is None:
        families = avail
    else:
        families = tuple([families] if isinstance(families, str) else families)
        bad = [f for f in families if f not in FAMILIES]
        if bad:
            raise ValueError(f"unknown model families {bad} (known: {', '.join(FAMILIES)})")
        missing = [f for f in families if f not in avail]
        if missing:
            raise ValueError(f"model families {missing} are not available (their module does not import); "
                             f"available: {', '.join(avail)}")
    return st.one_of([_BUILDERS[f]() for f in families])


# --- step sizes, batches, initialisations ---------------------------------------------------
def step_fractions(lo: float = 0.05, hi: float = 0.95, *, exclude_max: bool = False):
    """Fractions ``c`` of the stability threshold: ``eta = c * 2 / S`` (see :func:`step_size`).

    ``0 < c < 1``: stable for a quadratic; ``c = 1``: the edge; ``c > 1``: beyond it.
    """
    if not 0 < lo <= hi:
        raise ValueError(f"need 0 < lo <= hi, got ({lo}, {hi})")
    return st.floats(lo, hi, exclude_max=exclude_max)


def step_size(fraction: float, sharpness: float) -> float:
    """``eta = 2 * fraction / sharpness``."""
    if not sharpness > 0:
        raise ValueError(f"sharpness must be positive to set a step size relative to 2/S, got {sharpness}")
    return 2.0 * float(fraction) / float(sharpness)


def batch_sizes(n: int, kind: str = "any"):
    """Batch sizes ``B`` for ``n`` samples: ``"any"`` (1..n), ``"divisors"`` (B | n), ``"powers_of_two"`` (<= n)."""
    if n < 1:
        raise ValueError(f"n must be >= 1, got {n}")
    if kind == "any":
        return st.integers(1, n)
    if kind == "divisors":
        return st.sampled_from([b for b in range(1, n + 1) if n % b == 0])
    if kind == "powers_of_two":
        return st.sampled_from([2**k for k in range(n.bit_length()) if 2**k <= n])
    raise ValueError(f"kind must be 'any', 'divisors' or 'powers_of_two', got {kind!r}")


def initialisations(dim: int, scale=(1e-3, 10.0)):
    """Vectors in ``R^dim`` with norm in ``scale`` and a seeded uniformly random direction."""
    lo, hi = scale
    if not 0 <= lo <= hi:
        raise ValueError(f"need 0 <= lo <= hi, got {scale}")
    return st.builds(lambda s, seed: s * _unit(seed, dim), st.floats(lo, hi), st.integers(0, 2**16))


@dataclass(frozen=True)
class FactorInit:
    """Two factors with ``|a|^2 + |b|^2 = scale`` and ``sqrt(I_0) = balance * scale`` (see depth2.init_ab)."""

    d: int
    scale: float
    balance: float
    sign: int
    seed: int
    a: np.ndarray = field(repr=False, compare=False, default=None)
    b: np.ndarray = field(repr=False, compare=False, default=None)


def factor_inits(d=(1, 2, 3), scale=(0.01, 4.0), balance=(0.0, 1.0)):
    """Strategy for :class:`FactorInit`: balance 0 = balanced (``a = +-b``), 1 = ``a^T b = 0``."""
    def make(dd, s, bal, sgn, seed):
        from verify.models.depth2 import init_ab

        a, b = init_ab(dd, s, bal, sgn, seed)
        return FactorInit(dd, s, bal, sgn, seed, np.asarray(a), np.asarray(b))

    return st.builds(make, st.sampled_from(list(d)), st.floats(*scale), st.floats(*balance),
                     st.sampled_from([1, -1]), st.integers(0, 2**16))
