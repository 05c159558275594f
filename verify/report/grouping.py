"""How a report groups its claims, shared by the HTML and Markdown writers.

By paper: the paper key is the claim id's prefix (``bw25.gd-limit`` -> ``bw25``), papers in
report order; a paper's title comes from its claims' source. Within a paper, by provenance
(as stated / refined / derived / variants / conjectures), with the verdicts that occur.
"""

from __future__ import annotations

from verify.core.verdict import Verdict

__all__ = ["VERDICTS", "PROVENANCE_LABELS", "paper_of", "papers", "paper_title", "verdicts_present",
           "by_provenance"]

VERDICTS = tuple(v.value for v in Verdict)  # strongest first
# provenance -> how a reader calls it in a paper's summary (anything else: its own name)
PROVENANCE_LABELS = {"paper": "as stated", "refined": "refined", "derived": "derived", "variant": "variants",
                     "conjecture": "conjectures"}


def paper_of(claim_id: str) -> str:
    """The paper key of a claim id (the part before the first dot)."""
    return claim_id.split(".", 1)[0]


def papers(claims: list[dict]) -> list[tuple[str, list[dict]]]:
    """``[(paper key, its claims)]``: consecutive claims of one paper, in report order."""
    out: list[tuple[str, list[dict]]] = []
    for c in claims:
        key = paper_of(c["id"])
        if not out or out[-1][0] != key:
            out.append((key, []))
        out[-1][1].append(c)
    return out


def paper_title(key: str, claims: list[dict]) -> str:
    """``key: paper (arXiv:id)`` from the first of the paper's own claims (provenance ``paper``) with
    a source, else the first claim with one (a derived claim's source also names the derivation),
    else the key."""
    own = [c for c in claims if c.get("provenance") == "paper"]
    src = next((c["source"] for c in own + claims if c.get("source")), None) or {}
    t = src.get("paper", "") + (f" (arXiv:{src['arxiv']})" if src.get("arxiv") else "")
    return f"{key}: {t}" if t else key


def verdicts_present(claims: list[dict]) -> list[str]:
    """The verdicts that occur among ``claims``, strongest first (unknown ones last, sorted)."""
    seen = {c["verdict"] for c in claims}
    return [v for v in VERDICTS if v in seen] + sorted(seen - set(VERDICTS))


def by_provenance(claims: list[dict]) -> list[tuple[str, list[dict]]]:
    """``[(reader's label, claims)]`` in the order of :data:`PROVENANCE_LABELS`, others after, sorted."""
    groups: dict[str, list[dict]] = {}
    for c in claims:
        groups.setdefault(c["provenance"], []).append(c)
    order = [p for p in PROVENANCE_LABELS if p in groups] + sorted(set(groups) - set(PROVENANCE_LABELS))
    return [(PROVENANCE_LABELS.get(p, p), groups[p]) for p in order]
