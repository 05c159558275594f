"""Figures: matplotlib -> deterministic SVG text (no dates, fixed ids), for inlining.

Experiments return ``figures={"name": (fig, "caption")}`` (or just ``fig``); the runner turns
each into a :class:`~verify.core.evidence.FigureRecord` right away so that results stay
picklable across worker processes and figures never depend on a display.
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from verify.core.evidence import FigureRecord  # noqa: E402

__all__ = ["to_svg", "new_figure"]


def new_figure(ncols: int = 1, nrows: int = 1, width: float = 5.0, height: float = 3.6):
    """A figure with the suite's style (no global state changed)."""
    fig, axes = plt.subplots(nrows, ncols, figsize=(width * ncols, height * nrows), squeeze=False)
    return fig, axes.ravel() if axes.size > 1 else axes[0, 0]


def to_svg(name: str, value) -> FigureRecord:
    fig, caption = value if isinstance(value, tuple) else (value, "")
    buf = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": f"verify-{name}", "svg.fonttype": "none"}):
        # dpi only affects artists drawn with rasterized=True (dense meshes and scatters: kB instead of MB)
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None}, dpi=150)
    plt.close(fig)
    return FigureRecord(name=name, caption=caption, svg=buf.getvalue())
