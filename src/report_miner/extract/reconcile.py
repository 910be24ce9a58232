"""Readings the words leave open and the report's own arithmetic settles.

"toàn tỉnh tiếp nhận 743.077 hồ sơ …; kỳ trước chuyển qua 3.303 hồ sơ. … đã giải quyết 735.119 hồ sơ …; đang giải
quyết 11.261 hồ sơ": "tiếp nhận" usually names everything received (new and carried over), but here 743.077 +
3.303 = 735.119 + 11.261, so 743.077 is only the new intake. The balance must hold exactly, with one value of each
count in the scope, before a label changes.
"""

from __future__ import annotations

from collections import defaultdict

from report_miner.models import Figure

RECEIVED, NEW, CARRIED = "dossier.received", "dossier.received_new", "dossier.carried_over"
RESOLVED, PENDING = "dossier.resolved", "dossier.pending"


def _single(values: dict[str, set[float]], indicator: str) -> float | None:
    found = values.get(indicator, set())
    return next(iter(found)) if len(found) == 1 else None


def reconcile(figures: list[Figure]) -> list[Figure]:
    """Relabel a "received" count as the new intake when received + carried over = resolved + pending.

    >>> from report_miner.models import Figure, Location
    >>> def fig(ind, v):
    ...     return Figure(indicator=ind, value=v, raw=str(v), location=Location(block=0, char_start=0, char_end=1))
    >>> out = reconcile([fig(RECEIVED, 743077), fig(CARRIED, 3303), fig(RESOLVED, 735119), fig(PENDING, 11261)])
    >>> out[0].indicator
    'dossier.received_new'
    >>> reconcile([fig(RECEIVED, 746380), fig(CARRIED, 3303), fig(RESOLVED, 735119), fig(PENDING, 11261)])[0].indicator
    'dossier.received'
    """
    by_scope: dict[str | None, dict[str, set[float]]] = defaultdict(lambda: defaultdict(set))
    for f in figures:
        if f.indicator and not f.approximate:
            by_scope[f.scope][f.indicator].add(f.value)
    relabel: set[str | None] = set()
    for scope, values in by_scope.items():
        if values.get(NEW):
            continue
        received, carried = _single(values, RECEIVED), _single(values, CARRIED)
        resolved, pending = _single(values, RESOLVED), _single(values, PENDING)
        if None in (received, carried, resolved, pending) or not carried:
            continue
        assert received is not None and carried is not None and resolved is not None and pending is not None
        if received + carried == resolved + pending and received != resolved + pending:
            relabel.add(scope)
    if not relabel:
        return figures
    return [f.model_copy(update={"indicator": NEW}) if f.indicator == RECEIVED and f.scope in relabel and
            not f.approximate else f for f in figures]
