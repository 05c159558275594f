"""Curated mutants for ``bench_mutation.py``: one realistic mistake each.

A mutant replaces the snippet ``old`` (which must occur exactly once in ``path``) by ``new``.
``papers`` are the claim prefixes whose verdicts should notice it (the papers that import
the mutated code); ``why`` says what a careless author would have done. The ids read
``<area>.<module>.<mistake>``: ``m`` models, ``i`` instruments, ``dyn`` dynamics,
``d`` derivations, ``k`` the core kinds.
"""

from __future__ import annotations

from typing import NamedTuple


class Mutant(NamedTuple):
    id: str
    path: str
    old: str
    new: str
    papers: tuple[str, ...]
    why: str


BW, GL, WW = ("bw25",), ("glrj24",), ("wws22",)
EOS, CK, QH, SUP = ("ab24", "cohen21"), ("ckyg23",), ("kymg23",), ("bpp24",)
WOR = ("bd21", "sdbd21", "b23")
NEW = EOS + CK + QH + SUP + WOR  # the five papers encoded after the first three
ALL = BW + GL + WW + NEW  # every paper key: the core kinds and the shared noise and SGD code judge them all

MUTANTS: list[Mutant] = [
    # --- models ---------------------------------------------------------------------------
    Mutant("m.depth2.loss-no-half", "verify/models/depth2.py",
           "return 0.5 * (jnp.dot(a, b) - phi) ** 2", "return (jnp.dot(a, b) - phi) ** 2", BW,
           "loss (a^T b - Phi)^2 without the 1/2"),
    Mutant("m.depth2.sharpness-I-over-2", "verify/models/depth2.py",
           "lib.sqrt((2 * m - phi) ** 2 + pu * pv / 4)", "lib.sqrt((2 * m - phi) ** 2 + pu * pv / 2)", BW,
           "closed-form sharpness with I/2 for I/4"),
    Mutant("m.depth2.gf-limit-2phi2", "verify/models/depth2.py",
           "return lib.sqrt(4 * phi * phi + I0)", "return lib.sqrt(2 * phi * phi + I0)", BW,
           "S_GF = sqrt(2 Phi^2 + I_0)"),
    Mutant("m.depth2.gd-limit-kappa", "verify/models/depth2.py",
           "lib.exp(2 * log_kappa) * I0", "lib.exp(log_kappa) * I0", BW,
           "S_GD with kappa for kappa^2"),
    Mutant("m.depth2.gd-step-sign", "verify/models/depth2.py",
           "an, bn = a - eta * e * b, b - eta * e * a", "an, bn = a - eta * e * b, b + eta * e * a", BW,
           "GD step with a sign error in b"),
    Mutant("m.depth2.imbalance-sum", "verify/models/depth2.py",
           "return np.dot(u, u) * np.dot(v, v)", "return np.dot(u, u) + np.dot(v, v)", BW,
           "I = |u|^2 + |v|^2 for |u|^2 |v|^2"),
    Mutant("m.depth2.hessian-sign", "verify/models/depth2.py",
           "return np.outer(w, w) + residual(a, b, phi) * J", "return np.outer(w, w) - residual(a, b, phi) * J", BW,
           "Hessian w w^T - eps J"),
    Mutant("m.depth2.flow-gradient", "verify/models/depth2.py",
           "return -(y[:d] @ y[d:] - phi) * np.roll(y, d)", "return -(y[:d] @ y[d:] - phi) * y", BW,
           "gradient flow with -eps [a; b] for -eps [b; a]"),
    Mutant("m.sum-of-neurons.loss-no-half", "verify/models/sum_of_neurons.py",
           "return 0.5 * c * jnp.sum(r * r)", "return c * jnp.sum(r * r)", GL,
           "L_c = c sum r^2 without the 1/2"),
    Mutant("m.sum-of-neurons.trace-square-outside", "verify/models/sum_of_neurons.py",
           "return c * jnp.sum(jnp.sum(X * X, axis=1) * jnp.sum(a.d1(Z) ** 2, axis=1))",
           "return c * jnp.sum(jnp.sum(X * X, axis=1) * jnp.sum(a.d1(Z), axis=1) ** 2)", GL,
           "trace on M with (sum_j phi')^2 for sum_j phi'^2"),
    Mutant("m.sum-of-neurons.min-trace-no-m", "verify/models/sum_of_neurons.py",
           "return float(c * m * np.sum(", "return float(c * np.sum(", GL,
           "closed-form minimum without the factor m"),
    Mutant("m.sum-of-neurons.norm-constant", "verify/models/sum_of_neurons.py",
           """    if normalization == "half_mean":
        return 1.0 / n""", """    if normalization == "half_mean":
        return 0.5 / n""", GL,
           "c = 1/(2n) for the half_mean convention (c already carries the 1/2 of L)"),
    Mutant("m.linear.mean-factor", "verify/models/linear.py",
           'NORMALIZATIONS = {"half_mean": 1.0, "mean": 2.0}', 'NORMALIZATIONS = {"half_mean": 2.0, "mean": 2.0}', WW,
           "per-sample Hessian 2 a a^T for the 1/2 r^2 loss"),
    Mutant("m.two-layer.no-sqrt-m", "verify/models/two_layer.py",
           "return v @ ACTS[act](W @ x) / jnp.sqrt(m)", "return v @ ACTS[act](W @ x) / m", WW,
           "mean-field 1/m scaling instead of NTK 1/sqrt(m)"),
    Mutant("m.two-layer.linear-jacobian", "verify/models/two_layer.py",
           "np.kron(v[:, None], np.eye(d)), W], axis=0) / np.sqrt(m)", "np.kron(v[:, None], np.eye(d)), W], axis=0) / m", WW,
           "linear-net Jacobian map scaled by 1/m"),
    Mutant("m.losses.half-mean", "verify/models/losses.py",
           """    if normalization == "half_mean":
        return 0.5 / n""", """    if normalization == "half_mean":
        return 1.0 / n""", ALL,
           "half_mean loss computed as the mean"),
    # --- instruments ----------------------------------------------------------------------
    Mutant("i.noise.kappa-without-is-1-over-B", "verify/measure/noise.py",
           "return (n - B) / (B * (n - 1))", "return 1 / B", WW,
           "kappa = 1/B without replacement (B_eff = B)"),
    Mutant("i.noise.kappa-without-n", "verify/measure/noise.py",
           "return (n - B) / (B * (n - 1))", "return (n - B) / (B * n)", WW,
           "kappa = (n-B)/(B n): the finite-population factor off by n/(n-1)"),
    Mutant("i.noise.kappa-with", "verify/measure/noise.py",
           """    if sampling == "with_replacement":
        return 1 / B""", """    if sampling == "with_replacement":
        return 1 / (B + 1)""", WW,
           "kappa = 1/(B+1) with replacement"),
    Mutant("i.stability.q-weight", "verify/measure/stability.py",
           "Q = (1.0 - kap) * np.kron(H, H) + kap * mean_kron", "Q = np.kron(H, H) + kap * mean_kron", WW,
           "Q without the (1 - kappa) weight"),
    Mutant("i.stability.threshold-factor-2", "verify/measure/stability.py",
           "return float(1.0 / lam.max())", "return float(2.0 / lam.max())", WW,
           "eta_max = 2/lambda_max(Q, D), the GD habit"),
    Mutant("i.stability.noise-sign", "verify/measure/stability.py",
           "noise = np.mean([Hi @ M @ Hi for Hi in Hs], axis=0) - H @ M @ H",
           "noise = np.mean([Hi @ M @ Hi for Hi in Hs], axis=0) + H @ M @ H", WW,
           "T(M) with + H M H in the noise term"),
    Mutant("i.stability.enumeration-law", "verify/measure/stability.py",
           "return list(itertools.combinations(range(n), B))",
           "return list(itertools.combinations_with_replacement(range(n), B))", WW,
           "batch enumeration without replacement drawn as multisets"),
    Mutant("i.alignment.no-cube", "verify/measure/alignment.py",
           "return np.mean([Hi @ H @ Hi for Hi in Hs], axis=0) - H @ H @ H",
           "return np.mean([Hi @ H @ Hi for Hi in Hs], axis=0)", WW,
           "alignment matrix without the - H^3 (uncentred noise)"),
    Mutant("i.alignment.loss-factor", "verify/measure/alignment.py",
           "return float(np.sum(gradient_covariance(G) * H) / (2.0 * loss * np.sum(H * H)))",
           "return float(np.sum(gradient_covariance(G) * H) / (loss * np.sum(H * H)))", WW,
           "mu(theta) with L for 2L"),
    Mutant("i.alignment.frobenius-not-squared", "verify/measure/alignment.py",
           "return lam / np.sum(H * H)", "return lam / np.sqrt(np.sum(H * H))", WW,
           "mu_min divided by |H|_F for |H|_F^2"),
    Mutant("i.alignment.covariance-n-minus-1", "verify/measure/alignment.py",
           "return C.T @ C / G.shape[0]", "return C.T @ C / (G.shape[0] - 1)", WW,
           "sample covariance 1/(n-1) for the population 1/n"),
    Mutant("i.manifold.euclidean-gradient", "verify/measure/manifold.py",
           "return g - J.T @ jnp.linalg.solve(J @ J.T, J @ g)", "return g", GL,
           "Riemannian gradient without the normal projection"),
    Mutant("i.rank.sv-ratio-index", "verify/measure/rank.py",
           "return float(s[k - 1] / s[0])", "return float(s[k] / s[0])", GL,
           "s_{k+1}/s_1 for s_k/s_1 (off by one)"),
    Mutant("i.rank.distance-all", "verify/measure/rank.py",
           "d = float(np.sqrt(np.sum(s[1:] ** 2)))", "d = float(np.sqrt(np.sum(s[2:] ** 2)))", GL,
           "distance to rank one drops s_2"),
    # --- dynamics -------------------------------------------------------------------------
    Mutant("dyn.label-noise.variance-as-std", "verify/dynamics/label_noise.py",
           'return std * jax.random.rademacher(key, shape, dtype=jnp.float64)',
           'return std * std * jax.random.rademacher(key, shape, dtype=jnp.float64)', GL,
           "label noise +-s^2 (variance used as the std)"),
    Mutant("dyn.label-noise.flow-time-2", "verify/dynamics/label_noise.py",
           "/ (4.0 * batch)", "/ (2.0 * batch)", GL,
           "flow time s^2 eta^2 k / 2 for / 4"),
    Mutant("dyn.label-noise.step-no-half", "verify/dynamics/label_noise.py",
           "return 0.5 * loss_scale * jnp.mean(r * r)", "return loss_scale * jnp.mean(r * r)", GL,
           "per-sample loss (r - xi)^2 without the 1/2"),
    Mutant("dyn.riemannian-flow.euler", "verify/dynamics/riemannian_flow.py",
           "th = th + dt / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4)", "th = th + dt * k1 / 2", GL,
           "half-speed Euler step for RK4"),
    Mutant("dyn.sgd.without-is-with", "verify/dynamics/sgd.py",
           "return jax.random.permutation(jax.random.fold_in(key, t), n)[:B]",
           "return jax.random.randint(jax.random.fold_in(key, t), (B,), 0, n)", ALL,
           "SGD 'without replacement' drawing indices with replacement"),
    # --- derivations ----------------------------------------------------------------------
    Mutant("d.depth2.floor-c1", "derivations/depth2_linear.py",
           "def minimum_floor(c: int = 2)", "def minimum_floor(c: int = 1)", BW,
           "sharpness floor re-derived as |Phi| (weaker than the claim's 2|Phi|)"),
    Mutant("d.depth2.hessian-top-I-over-2", "derivations/depth2_linear.py",
           "def hessian_top(c_I=sp.Rational(1, 4))", "def hessian_top(c_I=sp.Rational(1, 2))", BW,
           "top eigenvalue with I/2"),
    Mutant("d.depth2.gf-limit-2phi2", "derivations/depth2_linear.py",
           "def gf_limit(c_phi: int = 4)", "def gf_limit(c_phi: int = 2)", BW,
           "GF limit derived as sqrt(2 Phi^2 + I_0)"),
    Mutant("d.alignment.flatness-weaker", "derivations/alignment_stability.py",
           "bound = root_factor * sp.sqrt(1 / (kap * mu0)) / eta", "bound = root_factor * sp.sqrt(2 / (kap * mu0)) / eta",
           WW, "flatness bound re-derived with sqrt(2 B/mu0): weaker than stated"),
    Mutant("d.alignment.kappa-without", "derivations/alignment_stability.py",
           "kw = sp.Rational(n - B, B * (n - 1)) if kappa_without is None else kappa_without",
           "kw = sp.Rational(1, B) if kappa_without is None else kappa_without", WW,
           "kappa identity stated with 1/B without replacement"),
    Mutant("d.simplicity.g-convexity-factor", "derivations/simplicity_bias.py",
           "def g_convexity(factor=2)", "def g_convexity(factor=1)", GL,
           "g'' = phi'''/phi' (factor 2 dropped)"),
    # --- the papers encoded later: models, instruments, dynamics, derivations -------------
    Mutant("i.batch-sharpness.inside", "verify/measure/batch_sharpness.py",
           "return Exact(float(np.mean(gHg[ok] / g2[ok])), mini,", "return Exact(float(np.mean(gHg) / np.mean(g2)), mini,",
           EOS, "exact Batch Sharpness with the expectation inside the ratio (E gHg / E |g|^2)"),
    Mutant("i.batch-sharpness.draw-with", "verify/measure/batch_sharpness.py",
           "return np.argsort(rng.random((m, n)), axis=1)[:, :b]", "return rng.integers(0, n, size=(m, b))",
           EOS, "Monte Carlo batches 'without replacement' drawn with replacement"),
    Mutant("i.lyapunov.mean-square-no-half", "verify/measure/lyapunov.py",
           "return 0.5 * float(np.log(np.max(np.abs(np.linalg.eigvals(K)))))",
           "return float(np.log(np.max(np.abs(np.linalg.eigvals(K)))))",
           EOS + CK, "mean-square exponent log rho(E A(x)A) without the 1/2 (rate of E|x|^2, not of its root)"),
    Mutant("dyn.momentum.nesterov-gradient-at-theta", "verify/dynamics/momentum.py",
           "new = y - eta * g(y)", "new = y - eta * g(th)", EOS + CK,
           "Nesterov step with the gradient at theta_t instead of the look-ahead point"),
    Mutant("dyn.momentum.companion-sign", "verify/dynamics/momentum.py",
           "rows = [[1 + beta - eta_h, -beta], [1, 0]]",
           "rows = [[1 + beta - eta_h, beta], [1, 0]]", EOS + CK,
           "heavy-ball companion matrix with +beta for -beta"),
    Mutant("dyn.sde.increment-dt", "verify/dynamics/sde.py",
           "return jnp.sqrt(dt) * jax.random.normal(", "return dt * jax.random.normal(", CK,
           "Brownian increments with variance dt^2 instead of dt"),
    Mutant("dyn.sde.milstein-no-half", "verify/dynamics/sde.py",
           "new = new + 0.5 * jg * (dW**2 - dt)", "new = new + jg * (dW**2 - dt)", CK,
           "scalar-noise Milstein correction without the 1/2"),
    Mutant("d.collapse.no-ito-correction", "derivations/stochastic_collapse.py",
           "drift = sp.diff(F, t) + sp.diff(F, bw, 2) / 2", "drift = sp.diff(F, t)", CK,
           "Ito's lemma without the second-order term (the chain rule of ordinary calculus)"),
    Mutant("i.max-margin.margin-with-bias", "verify/measure/max_margin.py",
           "return float(np.min(y * (X @ w + b)) / np.linalg.norm(w))",
           "return float(np.min(y * (X @ w + b)) / np.linalg.norm(np.append(w, b)))", QH,
           "geometric margin normalised by |(w, b)| instead of |w|"),
    Mutant("i.max-margin.asymmetric-far-end", "verify/measure/max_margin.py",
           "b_star = 0.0 if degenerate else (lo if lo > 0 else hi)", "b_star = 0.0 if degenerate else (hi if lo > 0 else lo)",
           QH, "asymmetric problem: the far end of the feasible bias interval instead of the smallest |b|"),
    Mutant("i.quasi-homogeneity.euler-sign", "verify/measure/quasi_homogeneity.py",
           "jax.jacrev(fn)(theta, X) @ (lam * theta) - fn(theta, X)", "jax.jacrev(fn)(theta, X) @ (lam * theta) + fn(theta, X)",
           QH, "Euler defect <grad f, Lambda theta> + f (sign)"),
    Mutant("m.diagonal.step-grad-u", "verify/models/diagonal.py",
           "jnp.concatenate([u - eta * (g * v + wd * u), v - eta * (g * u + wd * v)])",
           "jnp.concatenate([u - eta * (g * u + wd * u), v - eta * (g * v + wd * v)])", SUP,
           "diagonal-net step with d/du = g u (the other factor's gradient)"),
    Mutant("i.support.irrelevant-off-by-one", "verify/measure/support.py",
           "return jnp.sqrt(jnp.sum(W1[:, r:] ** 2))", "return jnp.sqrt(jnp.sum(W1[:, r - 1:] ** 2))", SUP,
           "irrelevant-weight norm from column r - 1 (off by one)"),
    Mutant("dyn.weighted.decay-sign", "verify/dynamics/weighted.py",
           "new = theta - eta * (g(theta, X, y, w) + wd * theta)", "new = theta - eta * (g(theta, X, y, w) - wd * theta)",
           SUP, "weight decay with the wrong sign"),
    Mutant("d.support.kappa-no-half", "derivations/support_sgd.py",
           "return eta**2 / 2 * (p1 * S2 + p2 * (-S2)) / b**2", "return eta**2 * (p1 * S2 + p2 * (-S2)) / b**2", SUP,
           "per-step log-decay derived without the 1/2 of log(1 - x) = -x - x^2/2"),
    Mutant("i.epoch-average.reshuffle-is-with", "verify/measure/epoch_average.py",
           "used = set(prefix[t - t % m:])", "used = set()", WOR,
           "reshuffling enumerated as sampling with replacement (no batch used up within an epoch)"),
    Mutant("i.epoch-average.raw-second-moment", "verify/measure/epoch_average.py",
           "return Moments(s1, s2 - np.outer(s1, s1), count)", "return Moments(s1, s2, count)", WOR,
           "covariance reported as the raw second moment"),
    Mutant("i.modified-loss.igr-half", "verify/measure/modified_loss.py",
           "def igr(loss, h=None, coef=0.25):", "def igr(loss, h=None, coef=0.5):", WOR,
           "implicit gradient regulariser with h/2 for h/4"),
    Mutant("i.modified-loss.smith-no-m", "verify/measure/modified_loss.py",
           "return total / m + coef * eps / m * reg", "return total / m + coef * eps * reg", WOR,
           "Smith et al.'s regulariser summed, not averaged, over the batches"),
    Mutant("d.backward-error.taylor-third-order", "derivations/backward_error.py",
           "return f0, f1 + L2_0 / 2, L2_1 / 2 + L3_0 / 6", "return f0, f1 + L2_0 / 2, L2_1 / 2 + L3_0 / 2", WOR,
           "third-order Taylor coefficient 1/2 for 1/3!"),
    # --- core kinds -----------------------------------------------------------------------
    Mutant("k.identity.any-step", "verify/core/kinds/identity.py",
           "elif not all(v is Verdict.PROVED for v in verdicts):", "elif not any(v is Verdict.PROVED for v in verdicts):",
           ALL,
           "a derivation proved when any step is proved"),
    Mutant("k.identity.undecided-sign-proves", "verify/core/kinds/identity.py",
           """        if v is True:
            return True
        if v is False:""", """        if v is not False:
            return True
        if v is False:""", ALL,
           "an undecided sign (None) counted as proved"),
    Mutant("k.identity.loose-numeric-zero", "verify/core/kinds/identity.py",
           'return abs(v) < sp.Float("1e-45") if v.is_real else None', 'return abs(v) < sp.Float("1e-2") if v.is_real else None',
           ALL, "exact check accepts |lhs - rhs| < 1e-2"),
    Mutant("k.relation.tolerance-x10", "verify/core/relation.py",
           "return self.atol + self.rtol * self.magnitude", "return 10 * (self.atol + self.rtol * self.magnitude)", ALL,
           "every tolerance widened tenfold"),
    Mutant("k.relation.flipped-le", "verify/core/relation.py",
           """        if self.op in ("<=", "<"):
            return self.rhs - self.lhs""", """        if self.op in ("<=", "<"):
            return self.rhs - self.lhs + abs(self.rhs)""", ALL,
           "<= judged with slack rhs - lhs + |rhs| (holds up to twice the bound)"),
    Mutant("k.property.any-relation", "verify/core/kinds/property.py",
           """            raise
        if not all(r.holds for r in rels):
            self.fail(example, relation=rel, relations=rels)
            raise _Violation(rel.describe())
        return obj""", """            raise
        if not any(r.holds for r in rels):
            self.fail(example, relation=rel, relations=rels)
            raise _Violation(rel.describe())
        return obj""", ALL,
           "space-filling / optimizer phases fail a point only when every relation fails"),
    Mutant("k.property.confirm-factor", "verify/core/kinds/property.py",
           "CONFIRM_FACTOR = 10.0  #", "CONFIRM_FACTOR = 1e12  #", ALL,
           "float-only refutations need a violation 1e12 x the error estimate"),
    Mutant("k.certificate.lower-ends", "verify/core/kinds/certificate.py",
           "sure = _cmp(lb, ra) < 0 if strict else _cmp(lb, ra) <= 0", "sure = _cmp(la, ra) < 0 if strict else _cmp(la, ra) <= 0",
           WW, "lhs <= rhs certified from the lower ends of the intervals"),
    Mutant("k.experiment.ignore-convergence", "verify/core/kinds/experiment.py",
           "    if not finding.converged:", "    if False:", ALL,
           "an experiment that did not converge is judged anyway"),
]
