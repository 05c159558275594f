"""Invariant linear subspaces of SGD: the per-sample gradient test (numerical and sympy).

Setting. Parameters ``theta in R^p``, per-sample losses ``l_i(theta) = loss_i(theta, x_i, y_i)``,
a linear subspace ``V`` of ``R^p`` given either

* by the orthogonal projector ``P`` onto it (``P = P^T = P^2``),
* by a basis (the columns of ``U``), ``P = Q Q^T`` with ``Q`` an orthonormal basis of ``span U``,
* or as the fixed set of a linear map ``S``: ``V = Fix(S) = {theta : S theta = theta} = ker(S - I)``
  (a reflection ``theta -> -theta`` on one neuron's coordinates, a swap of two neurons, ...).

Criterion (the gradient test). ``V`` is invariant for SGD with any batch sequence, step size
``eta``, heavy-ball momentum ``beta`` (buffer started in ``V``) and weight decay ``lambda`` iff

    (I - P) grad l_i(theta) = 0     for every sample i and every theta in V.

Sufficiency (induction): if ``theta_k, m_k in V`` then ``grad L_B(theta_k)`` is a mean of
per-sample gradients, so lies in V; ``m_{k+1} = beta m_k + grad L_B(theta_k) + lambda theta_k`` and
``theta_{k+1} = theta_k - eta m_{k+1}`` are linear combinations of vectors in V. The same holds for
the SGF: its drift ``-grad L`` and the columns of its noise (per-sample gradients minus the mean)
lie in V, so the diffusion has no normal component on V. Necessity (for SGD allowed batches of one
sample): a step of batch ``{i}`` from ``theta in V`` moves the normal coordinate by
``-eta (I - P) grad l_i(theta)``. A linear ``S`` with ``l_i(S theta) = l_i(theta)`` for all i and
``S`` orthogonal gives ``grad l_i(S theta) = S grad l_i(theta)``, hence the criterion on Fix(S)
(reflection mechanism; for a non-orthogonal S the gradient transforms with ``S^T`` instead and the
test must be run, not assumed).

Numerical test (:func:`check_invariance`): ``points`` seeded Gaussian points ``theta = Q z`` of V
(``z ~ N(0, scale^2 I)``, ``numpy.random.default_rng(seed)``), per-sample gradients by
``jax.vmap(jax.grad)`` (float64), and the largest normal component ``|(I - P) g|_2`` relative to
the largest gradient norm. Error estimate for the tolerance (``rtol`` default ``64 p eps``): the
gradient at a point of V computed in float64 has an absolute error ~ (a few ulp) x |g| per
coordinate, and forming ``(I - P) g`` adds ~ p eps |g| (a length-p dot product per row); 64 p eps
covers both with a margin. A violated set leaks an O(1) fraction of the gradient.

Symbolic test (:func:`symbolic_normal_components`): ``theta = U z`` with fresh real symbols z (U an
exact sympy basis, or ``(S - I).nullspace()``), every loss differentiated, ``N grad l`` with
``N = I - U (U^T U)^{-1} U^T`` exact, simplified; the nonzero components are returned (an empty
list proves invariance for every value of the remaining symbols: data, labels, points of V).
"""

from __future__ import annotations

from dataclasses import dataclass

import jax
import jax.numpy as jnp
import numpy as np
import sympy as sp

from verify.measure.derivatives import memo

__all__ = ["Invariance", "projector", "fixed_space", "subspace_basis", "points_in", "normal_leak",
           "check_invariance", "symbolic_normal_components", "EPS64"]

EPS64 = float(np.finfo(np.float64).eps)


def projector(basis):
    """Orthogonal projector ``Q Q^T`` onto the column span of ``basis`` (p, k) (QR, rank-revealing by SVD)."""
    U = np.atleast_2d(np.asarray(basis, dtype=float))
    if U.shape[1] == 0:
        return np.zeros((U.shape[0], U.shape[0]))
    Q, s, _ = np.linalg.svd(U, full_matrices=False)
    r = int(np.sum(s > max(U.shape) * EPS64 * s[0])) if s.size and s[0] > 0 else 0
    Q = Q[:, :r]
    return Q @ Q.T


def fixed_space(S, tol=None):
    """Orthonormal basis (p, k) of ``Fix(S) = ker(S - I)`` by SVD: right singular vectors of ``S - I`` with
    singular value <= ``tol`` (default ``max(p, 1) * eps * max(1, ||S - I||_2)``)."""
    S = np.asarray(S, dtype=float)
    A = S - np.eye(S.shape[0])
    _, s, Vt = np.linalg.svd(A)
    tol = S.shape[0] * EPS64 * max(1.0, float(s[0]) if s.size else 1.0) if tol is None else tol
    return Vt[s <= tol].T.copy()


def subspace_basis(*, P=None, basis=None, symmetry=None):
    """``(Q, P)``: an orthonormal basis of V and its projector, from exactly one of ``P``, ``basis``,
    ``symmetry`` (the map S with V = Fix(S))."""
    if sum(a is not None for a in (P, basis, symmetry)) != 1:
        raise ValueError("give exactly one of P, basis, symmetry")
    if symmetry is not None:
        Q = fixed_space(symmetry)
        return Q, Q @ Q.T
    if basis is not None:
        Pm = projector(basis)
    else:
        Pm = np.asarray(P, dtype=float)
        if not np.allclose(Pm, Pm.T, atol=1e-12) or not np.allclose(Pm @ Pm, Pm, atol=1e-12):
            raise ValueError("P must be an orthogonal projector (P = P^T = P^2)")
    w, v = np.linalg.eigh((Pm + Pm.T) / 2)
    return v[:, w > 0.5].copy(), Pm


def points_in(Q, n, *, seed=0, scale=1.0, snap=None):
    """``n`` points ``Q z`` of V, ``z ~ N(0, scale^2 I_k)`` (rows); ``snap`` (optional P) re-projects them
    (``P theta``) so that coordinates that V ties are computed by the same float operations."""
    rng = np.random.default_rng(seed)
    Th = scale * rng.standard_normal((n, Q.shape[1])) @ Q.T
    return Th if snap is None else Th @ np.asarray(snap).T


def normal_leak(G, P):
    """Per-row ``|(I - P) g|_2`` of a (n, p) matrix of gradients."""
    G = np.asarray(G, dtype=float)
    return np.linalg.norm(G - G @ np.asarray(P).T, axis=1)


@dataclass(frozen=True)
class Invariance:
    """Result of :func:`check_invariance`. ``leak``: largest ``|(I - P) grad l_i(theta)|``; ``scale``: largest
    ``|grad l_i(theta)|`` over the same points and samples; ``rel = leak / scale`` (0 if scale is 0);
    ``where = (point, sample)`` of the largest leak; ``rtol`` the tolerance used; ``invariant = rel <= rtol``."""

    leak: float
    scale: float
    rel: float
    where: tuple
    rtol: float
    points: int
    dim: int

    @property
    def invariant(self):
        return self.rel <= self.rtol


@memo
def _grads_fn(loss_i):
    per = jax.vmap(jax.grad(loss_i), in_axes=(None, 0, 0))
    return jax.jit(jax.vmap(per, in_axes=(0, None, None)))  # (points, n, p)


def check_invariance(loss_i, X, Y, *, P=None, basis=None, symmetry=None, points=16, seed=0, scale=1.0,
                     rtol=None):
    """The gradient test at ``points`` seeded points of V (see the module docstring).

    ``loss_i(theta, x, y)`` is one sample's loss on a flat float64 ``theta``; ``X``, ``Y`` are the samples
    (passed as traced arguments: the compiled gradient is reused across data). Points are ``P Q z`` (snapped
    with the projector so that tied coordinates are equal bit for bit)."""
    Q, Pm = subspace_basis(P=P, basis=basis, symmetry=symmetry)
    p = Pm.shape[0]
    Th = points_in(Q, points, seed=seed, scale=scale, snap=Pm)
    G = np.asarray(_grads_fn(loss_i)(jnp.asarray(Th), jnp.asarray(X), jnp.asarray(Y)))
    leaks = normal_leak(G.reshape(-1, p), Pm).reshape(G.shape[:2])
    norms = np.linalg.norm(G, axis=2)
    k, i = np.unravel_index(int(np.argmax(leaks)), leaks.shape)
    sc = float(norms.max())
    leak = float(leaks[k, i])
    return Invariance(leak=leak, scale=sc, rel=leak / sc if sc > 0 else 0.0, where=(int(k), int(i)),
                      rtol=64 * p * EPS64 if rtol is None else float(rtol), points=int(points), dim=int(Q.shape[1]))


def symbolic_normal_components(losses, params, *, basis=None, symmetry=None):
    """Nonzero entries of ``N grad l(U z)`` for each sympy loss ``l`` (list of ``(loss index, param index,
    expr)``); empty iff the gradient test holds identically. ``basis``: sympy Matrix (p, k) spanning V;
    ``symmetry``: sympy Matrix S with V = Fix(S) (basis ``(S - I).nullspace()``)."""
    if (basis is None) == (symmetry is None):
        raise ValueError("give exactly one of basis, symmetry")
    params = list(params)
    p = len(params)
    if symmetry is not None:
        cols = (sp.Matrix(symmetry) - sp.eye(p)).nullspace()
        U = sp.Matrix.hstack(*cols) if cols else sp.zeros(p, 0)
    else:
        U = sp.Matrix(basis)
    k = U.shape[1]
    N = sp.eye(p) - (U * (U.T * U).inv() * U.T if k else sp.zeros(p, p))
    z = sp.symbols(f"z_0:{k}", real=True) if k else ()
    theta = U * sp.Matrix(z) if k else sp.zeros(p, 1)
    sub = dict(zip(params, list(theta)))
    out = []
    for li, loss in enumerate(losses):
        g = sp.Matrix([sp.diff(loss, q) for q in params]).subs(sub, simultaneous=True)
        ng = N * g
        for j in range(p):
            e = sp.simplify(ng[j])
            if e != 0:
                out.append((li, j, e))
    return out
