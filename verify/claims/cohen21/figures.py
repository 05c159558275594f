"""The edge-of-stability experiment for cohen21 (Cohen et al. 2021, Fig. 1 type), small network.

Full-batch GD on the tanh MLP of :mod:`verify.claims.cohen21.network` (369 parameters, n = 64,
MSE with the 1/2), lambda_max every ``every`` steps by Lanczos on HVPs warm-started from the previous
top eigenvector (:func:`verify.measure.sharpness_tracking.track_sharpness`; HVPs per measurement in the
details). No claims declared here.
"""

from __future__ import annotations

import numpy as np

from verify.claims.cohen21 import network as NW
from verify.core.evidence import Finding
from verify.core.relation import Relation
from verify.report.figures import new_figure

BAND = 0.05  # reading of "hovers at 2/eta": |eta S / 2 - 1| <= BAND over the last third of the run


def _setup(profile):
    if profile.name == "quick":
        return (0.2, 0.4), 900, 50
    return (0.2, 0.3, 0.4), 2000 * (2 if profile.name == "thorough" else 1), 25


def edge_of_stability(profile, band=BAND, target=2.0):
    """GD: sharpness rises to target/eta (true: 2), then stays within ``band`` of it; the loss is non-monotone
    on short windows and decreases over the run."""
    etas, steps, every = _setup(profile)
    fig, (ax, bx) = new_figure(ncols=2, width=4.6, height=3.6)
    crit, details = [], {"steps": steps, "every": every, "band": band}
    for eta in etas:
        r = NW.train(eta, steps, every)
        S, L, t = r["sharpness"], r["loss"], r["step"]
        ratio = eta * S / target
        first = int(np.argmax(ratio >= 1 - band))  # first record within the band from below
        late = ratio[(2 * len(ratio)) // 3:]  # the last third of the run
        crit += [
            Relation(float(ratio[0]), "<", 1 - band, label=f"eta = {eta}: starts below 2/eta (eta S_0 / 2)",
                     why="progressive sharpening needs a start below the threshold"),
            Relation(float(ratio.max()), ">=", 1 - band, label=f"eta = {eta}: sharpness reaches 2/eta (max eta S/2)",
                     why=f"Lanczos residual tolerance {NW.LANCZOS_TOL:g} relative, far below the band; the band is the reading"),
            Relation(float(np.max(np.abs(late - 1))), "<=", band,
                     label=f"eta = {eta}: last third within the band, max |eta S/2 - 1|",
                     why=f"reading of 'hovers at 2/eta' (band {band}); measured deviations are the number reported"),
            Relation(int(np.sum(np.diff(L[first:]) > 0)), ">=", 1,
                     label=f"eta = {eta}: loss non-monotone after reaching 2/eta (count of increases between records)"),
            Relation(float(L[-1]), "<", float(L[first]), label=f"eta = {eta}: loss decreases over the long run "
                     "(final < at arrival at 2/eta)"),
        ]
        details[f"eta={eta}"] = {"first_step_at_2/eta": int(t[first]), "late_mean_eta_S_over_2": float(late.mean()),
                                 "late_max_dev": float(np.max(np.abs(late - 1))), "final_loss": float(L[-1]),
                                 "lanczos_hvps_per_measurement": NW.hvp_summary(r["hvps"])}
        line = ax.plot(t, S, lw=1.2, label=f"eta = {eta}")[0]
        ax.axhline(2 / eta, color=line.get_color(), ls=":", lw=1)
        bx.semilogy(t, L, lw=1.2, color=line.get_color(), label=f"eta = {eta}")
    ax.set(xlabel="GD step", ylabel="sharpness lambda_max", title="sharpness (dotted: 2/eta)")
    bx.set(xlabel="GD step", ylabel="training loss (1/2n sum r^2)", title="loss")
    ax.legend(fontsize=7), bx.legend(fontsize=7)
    cap = ("Full-batch GD on a tanh MLP (369 parameters, 64 synthetic samples, MSE with the 1/2). Left: "
           "lambda_max (warm-started Lanczos every %d steps) rises (progressive sharpening) to 2/eta (dotted) and "
           "then stays within %.0f%% of it; right: the loss keeps decreasing over the run while it rises "
           "between some records (edge of stability)." % (every, 100 * band))
    return Finding(criteria=crit, details=details, figures={"edge_of_stability": (fig, cap)})
