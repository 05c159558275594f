"""Figures: matplotlib -> deterministic SVG text (no dates, fixed ids), for inlining.

Before a figure is saved, :func:`house_style` makes every figure legible at the report's
width whatever its experiment set: no text smaller than :data:`MIN_FONT_PT` (legends, ticks,
annotations), and an axis multiplier or offset (matplotlib's ``1e5`` at the end of an
axis, which collides with a long axis label) moved into the axis label as ``(×1e5)``.

Experiments return ``figures={"name": (fig, "caption")}`` (or just ``fig``); the runner turns
each into a :class:`~verify.core.evidence.FigureRecord` right away so that results stay
picklable across worker processes and figures never depend on a display.
"""

from __future__ import annotations

import hashlib
import io
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from verify.core.evidence import FigureRecord  # noqa: E402

__all__ = ["to_svg", "new_figure", "stable_ids", "house_style", "MIN_FONT_PT"]

MIN_FONT_PT = 8.0  # 10.7 CSS px when a figure is shown at its natural size


def new_figure(ncols: int = 1, nrows: int = 1, width: float = 5.0, height: float = 3.6):
    """A figure with the suite's style (no global state changed)."""
    fig, axes = plt.subplots(nrows, ncols, figsize=(width * ncols, height * nrows), squeeze=False)
    return fig, axes.ravel() if axes.size > 1 else axes[0, 0]


def house_style(fig) -> None:
    """Legible, non-overlapping text, whatever the experiment set.

    A font-size floor (:data:`MIN_FONT_PT`); constrained layout, so that labels of
    neighbouring panels do not run into each other; minor tick labels dropped on an axis
    where they collide (log axes spanning less than a decade); an axis multiplier moved
    into the axis label.
    """
    from matplotlib.text import Text
    from matplotlib.ticker import NullFormatter, ScalarFormatter

    for t in fig.findobj(Text):
        if t.get_fontsize() < MIN_FONT_PT:
            t.set_fontsize(MIN_FONT_PT)
    if fig.get_layout_engine() is None:
        fig.set_layout_engine("constrained")
    scalar = []
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            fmt = axis.get_major_formatter()
            if isinstance(fmt, ScalarFormatter):
                fmt.set_useOffset(False)  # '+1.234e3' offsets: never; a plain multiplier may remain
                scalar.append(axis)
    fig.canvas.draw()  # tick labels and multipliers are decided at draw time
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            minor = [t for t in axis.get_ticklabels(minor=True) if t.get_visible() and t.get_text()]
            if minor and _collide(minor + [t for t in axis.get_ticklabels() if t.get_visible() and t.get_text()], renderer):
                axis.set_minor_formatter(NullFormatter())
    for axis in scalar:
        off = axis.get_offset_text()
        text = off.get_text()
        if off.get_visible() and text:
            label = axis.get_label_text()
            mult = text if "times" in text else f"×{text}"  # useMathText gives '$\\times\\mathdefault{10^{5}}$'
            axis.set_label_text(f"{label} ({mult})" if label else mult)
            off.set_visible(False)


def _collide(texts, renderer) -> bool:
    boxes = [t.get_window_extent(renderer) for t in texts]
    return any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])


def to_svg(name: str, value) -> FigureRecord:
    fig, caption = value if isinstance(value, tuple) else (value, "")
    house_style(fig)
    buf = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": f"verify-{name}", "svg.fonttype": "none"}):
        # dpi only affects artists drawn with rasterized=True (dense meshes and scatters: kB instead of MB)
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None}, dpi=150)
    plt.close(fig)
    return FigureRecord(name=name, caption=caption, svg=buf.getvalue())


_ID = re.compile(r'\bid="([^"]+)"')


def stable_ids(svg: str, namespace: str) -> str:
    """Rename every ``id`` of an SVG to ``<tag>-<k>`` in order of appearance, refs included.

    matplotlib names clip paths by a hash of their float bounds, so a last-bit difference in
    an axis limit renames them although the picture is the same; numbering in document order
    makes the text depend on the picture only. ``tag`` is a short hash of ``namespace`` (the
    figure's file name), so figures inlined in one HTML page never share an id.
    """
    tag = "f" + hashlib.sha256(namespace.encode()).hexdigest()[:8]
    names = {old: f"{tag}-{k}" for k, old in enumerate(dict.fromkeys(_ID.findall(svg)))}
    if not names:
        return svg
    pattern = re.compile(r'(\bid="|#)(' + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r')(?=["\)])')
    return pattern.sub(lambda m: m.group(1) + names[m.group(2)], svg)
