"""Checks: record → check results (never mutates figures).

Public API: ``run_checks(record, document=None)`` for one report, ``check_carry_over(record, previous)``
for the batch, which knows each issuer's previous period. The rules are data (patterns/checks.yaml);
this package is the engine that reads them.

Every check id of the contract that one record can answer appears at least once in the result: a
check with nothing to work on is reported as ``skip`` with what it would need. A check family that
meets something unexpected reports ``skip`` instead of stopping the parse.
"""

from __future__ import annotations

from collections.abc import Callable

from report_miner.checks.arithmetic import run_arithmetic
from report_miner.checks.common import Context, make_result
from report_miner.checks.consistency import run_repeated
from report_miner.checks.history import carry_over_needs_history, check_carry_over
from report_miner.checks.periods import run_periods
from report_miner.checks.rules import CheckRules, load_rules
from report_miner.checks.structure import run_numbering
from report_miner.checks.text import run_issuer_level, run_status_vs_figures
from report_miner.models import CheckResult, Document, ReportRecord

__all__ = ["run_checks", "check_carry_over"]

Family = Callable[[Context], list[CheckResult]]

FAMILIES: list[tuple[Family, tuple[str, ...]]] = [
    (run_arithmetic, ("sum.resolved_breakdown", "sum.received_balance", "sum.received_breakdown",
                      "sum.pending_breakdown", "sum.online_channels", "sum.percent_total",
                      "rate.stated_matches", "bound.part_le_whole", "bound.percent_range")),
    (run_periods, ("period.order", "period.matches_report")),
    (run_repeated, ("consistency.repeated_figure",)),
    (run_issuer_level, ("consistency.issuer_level",)),
    (run_status_vs_figures, ("consistency.status_vs_figures",)),
    (run_numbering, ("structure.section_numbering",)),
    (lambda ctx: [carry_over_needs_history(ctx)], ("history.carry_over",)),
]


def _guarded(ctx: Context, family: Family, ids: tuple[str, ...]) -> list[CheckResult]:
    """Run one family; an unexpected error in it becomes a skip of its checks, not a failed parse."""
    try:
        return family(ctx)
    except Exception as exc:  # noqa: BLE001 - a record must come out even if one check trips
        msg = f"Bỏ qua do lỗi nội bộ khi kiểm tra ({type(exc).__name__}: {exc})"
        return [make_result(ctx, cid, "skip", msg) for cid in ids]


def _fill_missing(ctx: Context, results: list[CheckResult]) -> list[CheckResult]:
    """One skip for every catalogue check that produced nothing, saying what it needs."""
    seen = {r.id for r in results}
    for cid, spec in ctx.rules.checks.items():
        if cid not in seen:
            results.append(make_result(ctx, cid, "skip", f"Bỏ qua: báo cáo không có {spec.needs}"))
    order = {cid: i for i, cid in enumerate(ctx.rules.checks)}
    return sorted(results, key=lambda r: order.get(r.id, len(order)))


def _unavailable(record: ReportRecord, reason: str) -> CheckResult:
    return CheckResult(id="checks", status="skip", severity="warning",
                       message=f"Không kiểm tra được: không đọc được patterns/checks.yaml ({reason})")


def run_checks(record: ReportRecord, document: Document | None = None,
               rules: CheckRules | None = None) -> list[CheckResult]:
    """Every check of patterns/checks.yaml on one record.

    ``document`` (optional) lends the text of paragraphs outside any section, which tells the
    approximation word before a figure ("hơn", "gần") in reports without sections.
    """
    if rules is None:
        try:
            rules = load_rules()
        except (OSError, ValueError) as exc:  # a broken checks.yaml: say so in the record, do not crash
            return [_unavailable(record, str(exc))]
    texts = {b.index: b.text for b in document.blocks} if document is not None else None
    ctx = Context.build(record, rules, texts)
    results: list[CheckResult] = []
    for family, ids in FAMILIES:
        results += _guarded(ctx, family, ids)
    return _fill_missing(ctx, results)
