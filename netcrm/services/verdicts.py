"""Pairs the user ruled on for good: "these are two people", "don't suggest introducing them".

One small table of `PairVerdict`s; a ruling is stored once per pair whichever
order the two are named in, and re-ruling is a no-op.
"""

from __future__ import annotations

from netcrm.domain.model import Contact, PairVerdict, pair_verdict_id
from netcrm.errors import NetcrmError
from netcrm.services.workspace import Workspace

Verdict = str  # "different" or "no-intro"


def ruled_pairs(ws: Workspace, verdict: Verdict) -> set[tuple[str, str]]:
    """(smaller id, larger id) of every pair with this verdict."""
    return {(v.a, v.b) for v in ws.repo.verdicts() if v.verdict == verdict}


def rule(ws: Workspace, verdict: Verdict, a: Contact, b: Contact) -> PairVerdict:
    if a.id == b.id:
        raise NetcrmError(f"{a.name} ({a.id}) is named twice; name two different people")
    first, second = sorted((a.id, b.id))
    record = PairVerdict(id=pair_verdict_id(verdict, a.id, b.id), a=first, b=second, verdict=verdict,  # type: ignore[arg-type]  # msgspec checks the verdict Literal at the edge
                         at=ws.now())
    with ws.repo.transaction(f"mark {a.name} and {b.name} as {verdict}"):
        if ws.repo.get(PairVerdict, record.id) is None:
            ws.repo.put(record)
    return record
