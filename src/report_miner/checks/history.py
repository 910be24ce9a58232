"""history.carry_over: this period's "kỳ trước chuyển sang" is last period's "đang giải quyết".

A single report cannot answer it; the batch, which keeps each issuer's history, calls
``check_carry_over`` with the previous period's record. ``parse`` reports it as skipped.
"""

from __future__ import annotations

from report_miner.checks.arithmetic import Evaluated, evaluate, expression
from report_miner.checks.common import Context, cap, failure, locate, make_result
from report_miner.checks.periods import period_name
from report_miner.checks.rules import CheckRules, Reading, load_rules
from report_miner.checks.values import EPS, vn_number
from report_miner.models import CheckResult, ReportRecord

CHECK = "history.carry_over"


def carry_over_needs_history(ctx: Context) -> CheckResult:
    msg = "Bỏ qua: cần lịch sử báo cáo kỳ trước của cùng đơn vị (chạy theo lô với cơ sở dữ liệu lịch sử)"
    return make_result(ctx, CHECK, "skip", msg, rule=CHECK)


def _label(record: ReportRecord) -> str:
    p = record.report.period
    return f"kỳ trước ({period_name(p)})" if p else "kỳ trước"


def check_carry_over(record: ReportRecord, previous: ReportRecord | None,
                     rules: CheckRules | None = None) -> CheckResult:
    """Compare ``record``'s carried-over dossiers with ``previous``'s pending ones (issuer as a whole).

    The result's ``figures`` index ``record.figures``; the previous record's figures are named in the
    message. Skipped when either number is missing or was read with low confidence.
    """
    rules = rules or load_rules()
    ctx = Context.build(record, rules)
    if previous is None:
        return carry_over_needs_history(ctx)
    carried = _first(ctx, [rules.history.carried])
    pending = _first(Context.build(previous, rules), rules.history.previous_pending)
    label = _label(previous)
    if carried is None or pending is None:
        missing = "số hồ sơ kỳ trước chuyển sang" if carried is None else f"số hồ sơ đang giải quyết của {label}"
        return make_result(ctx, CHECK, "skip", f"Bỏ qua: báo cáo không nêu {missing}", rule=CHECK,
                           used=carried.used if carried else [])
    here = f"kỳ trước chuyển sang {vn_number(carried.mid)}{locate(carried.used)}"
    there = f"{expression(ctx, pending)}{locate(pending.used)} của {label}"
    if abs(carried.mid - pending.mid) < EPS:
        return make_result(ctx, CHECK, "pass", f"Hồ sơ {here} = {there}", rule=CHECK, used=carried.used,
                           expected=pending.mid, stated=carried.mid)
    msg = f"Hồ sơ {here} ≠ {there}; chênh lệch {vn_number(abs(carried.mid - pending.mid))}"
    status, msg = failure(msg, [*carried.used, *pending.used])
    return make_result(ctx, CHECK, status, cap(msg), rule=CHECK, used=carried.used,
                       expected=pending.mid, stated=carried.mid)


def _first(ctx: Context, readings: list[Reading]) -> Evaluated | None:
    """The first reading the report states, with the first value of each indicator (issuer as a whole)."""
    pick = {ind: cs[0] for (ind, scope), _ in ctx.table.exact.items() if scope is None
            for cs in [ctx.table.choices(ind, None)] if cs}
    for reading in readings:
        ev = evaluate(reading, pick)
        if ev is not None:
            return ev
    return None
