"""LaTeX -> MathML for ``index.html`` (browsers render MathML natively: no script, no font).

:func:`mathml` converts with latex2mathml and returns ``None`` when the source cannot be
shown faithfully (latex2mathml raised, or left a ``\\command`` it does not know in the
output); the HTML writer then shows only the plain-text statement that every claim and
derivation step carries, never the LaTeX source. The result is a pure function of the
source, so two renders of the same report are byte-identical.
"""

from __future__ import annotations

import functools
import re

__all__ = ["mathml", "LONG"]

LONG = 300  # characters of LaTeX above which a derivation step is folded into <details>

_XMLNS = ' xmlns="http://www.w3.org/1998/Math/MathML"'
_LEFTOVER = re.compile(r">[^<]*\\[A-Za-z]")  # a TeX command latex2mathml passed through as text
# operators latex2mathml does not know, written as the operator names it does render
_OPERATORS = {r"\arg\min": r"\operatorname{argmin}", r"\arg\max": r"\operatorname{argmax}",
              r"\argmin": r"\operatorname{argmin}", r"\argmax": r"\operatorname{argmax}"}


@functools.lru_cache(maxsize=None)
def mathml(latex: str, display: bool = False) -> str | None:
    """``<math>`` element for ``latex`` (block when ``display``), or None if it cannot be rendered."""
    if not latex or not latex.strip():
        return None
    try:
        from latex2mathml.converter import convert

        for tex, name in _OPERATORS.items():
            latex = latex.replace(tex, name)
        out = convert(latex, display="block" if display else "inline")
    except Exception:  # noqa: BLE001 - any parser failure: the caller shows plain text
        return None
    if _LEFTOVER.search(out) or "<math" not in out:
        return None
    # the namespace is implied in HTML; dropping it keeps the page smaller
    return out.replace(_XMLNS, "", 1)
