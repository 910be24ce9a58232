"""period.order and period.matches_report: the data period against itself, the report period, the date.

Data are closed from the 15th of the month before the period to the 14th of its last month
(Nghị định 09/2019/NĐ-CP, Điều 12). Some provinces and older reports use other windows; those are
listed in checks.yaml as variants and fail as a warning that names the variant, while a window that
fits nothing (a start typed with the wrong year, a month not updated) fails as an error.
"""

from __future__ import annotations

import calendar
import datetime as dt

from report_miner.checks.common import Context, make_result
from report_miner.checks.rules import DayRef, Window
from report_miner.models import CheckResult, Period

ROMAN = ["", "I", "II", "III", "IV"]


def vn_date(d: dt.date) -> str:
    """A date as Vietnamese reports write it.

    >>> vn_date(dt.date(2024, 3, 15))
    '15/3/2024'
    """
    return f"{d.day}/{d.month}/{d.year}"


def period_name(p: Period) -> str:
    """How the report names its period.

    >>> period_name(Period(kind="quarter", index=2, year=2024))
    'quý II năm 2024'
    >>> period_name(Period(kind="half", index=1, year=2024))
    '6 tháng đầu năm 2024'
    """
    year = f"năm {p.year}" if p.year else ""
    if p.kind == "quarter" and p.index and 1 <= p.index <= 4:
        return f"quý {ROMAN[p.index]} {year}".strip()
    if p.kind == "half":
        return f"6 tháng {'cuối' if p.index == 2 else 'đầu'} {year}".strip()
    if p.kind == "nine_months":
        return f"9 tháng {year}".strip()
    if p.kind == "month":
        return f"tháng {p.index} {year}".strip()
    return year or "kỳ báo cáo"


def _parse(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _shift(year: int, month: int, by: int) -> tuple[int, int]:
    m = month - 1 + by
    return year + m // 12, m % 12 + 1


def _day(ref: DayRef, year: int, month: int) -> dt.date | None:
    y, m = _shift(year, month, ref.months)
    last = calendar.monthrange(y, m)[1]
    day = last if ref.day == "last" else ref.day
    return dt.date(y, m, day) if 1 <= day <= last else None


def period_months(ctx: Context, p: Period) -> tuple[int, int] | None:
    """First and last month a period covers, from checks.yaml (month N: N..N)."""
    if p.kind == "month":
        return (p.index, p.index) if p.index and 1 <= p.index <= 12 else None
    table = ctx.rules.periods.months.get(p.kind)
    if not table:
        return None
    return table.get(p.index or 1)


def window(ctx: Context, p: Period, w: Window) -> tuple[dt.date, dt.date] | None:
    months = period_months(ctx, p)
    if months is None or p.year is None:
        return None
    start, end = _day(w.start, p.year, months[0]), _day(w.end, p.year, months[1])
    return (start, end) if start and end else None


def _section_of_block(ctx: Context, block: int | None) -> list[str]:
    if block is None:
        return []
    for s in ctx.record.sections:
        if s.block == block or any(p.block == block for p in s.paragraphs):
            return [s.id]
    return []


def _quote(ctx: Context) -> str:
    dp = ctx.record.report.data_period
    secs = _section_of_block(ctx, dp.block if dp else None)
    parts = [f"“{dp.raw}”"] if dp and dp.raw else []
    if secs:
        parts.append(f"mục {secs[0]}")
    return f" ({', '.join(parts)})" if parts else ""


def run_periods(ctx: Context) -> list[CheckResult]:
    """Start ≤ end, the report signed after the end, the window the report period calls for."""
    dp = ctx.record.report.data_period
    start, end = _parse(dp.start if dp else None), _parse(dp.end if dp else None)
    if start is None or end is None:
        return []
    secs = _section_of_block(ctx, dp.block if dp else None)
    results = [_order(ctx, start, end, secs)]
    signed = _parse(ctx.record.report.date)
    if signed is not None:
        results.append(_signed_after(ctx, end, signed, secs))
    match = _matches(ctx, start, end, secs)
    if match is not None:
        results.append(match)
    return results


def _order(ctx: Context, start: dt.date, end: dt.date, secs: list[str]) -> CheckResult:
    if start <= end:
        msg = f"Kỳ số liệu {vn_date(start)} – {vn_date(end)} đúng thứ tự"
        return make_result(ctx, "period.order", "pass", msg, rule="period.order", sections=secs)
    msg = (f"Kỳ số liệu bắt đầu {vn_date(start)} sau ngày kết thúc {vn_date(end)}{_quote(ctx)}: "
           f"ngày bắt đầu phải trước ngày kết thúc")
    return make_result(ctx, "period.order", "fail", msg, rule="period.order", sections=secs)


def _signed_after(ctx: Context, end: dt.date, signed: dt.date, secs: list[str]) -> CheckResult:
    sev = ctx.rules.periods.report_date_severity
    if signed >= end:
        msg = f"Báo cáo ký ngày {vn_date(signed)}, sau khi kỳ số liệu kết thúc ({vn_date(end)})"
        return make_result(ctx, "period.order", "pass", msg, rule="period.report_date", severity=sev,
                           sections=secs)
    msg = (f"Báo cáo ký ngày {vn_date(signed)}, trước ngày cuối của kỳ số liệu {vn_date(end)}{_quote(ctx)}: "
           f"số liệu chưa chốt khi ký, hoặc ngày ghi sai")
    return make_result(ctx, "period.order", "fail", msg, rule="period.report_date", severity=sev,
                       sections=secs)


def _variant(ctx: Context, p: Period, start: dt.date, end: dt.date,
             std: tuple[dt.date, dt.date]) -> str | None:
    """The name of the provincial or historical variant the window follows, if it follows one."""
    for variant in ctx.rules.periods.variants:
        if window(ctx, p, variant) == (start, end):
            return variant.name
    if end == std[1] and start.isoformat() in ctx.rules.periods.unit_start_dates and std[0] < start:
        return f"từ ngày đơn vị mới đi vào hoạt động ({vn_date(start)})"
    return None


def _matches(ctx: Context, start: dt.date, end: dt.date, secs: list[str]) -> CheckResult | None:
    p = ctx.record.report.period
    if p is None:
        return None
    std = window(ctx, p, ctx.rules.periods.standard)
    if std is None:
        return None
    name = period_name(p)
    span = f"{vn_date(start)} – {vn_date(end)}"
    std_span = f"{vn_date(std[0])} – {vn_date(std[1])}"
    if (start, end) == std:
        msg = f"Kỳ số liệu {span} khớp {name} ({ctx.rules.periods.standard.name})"
        return make_result(ctx, "period.matches_report", "pass", msg, rule="period.standard", sections=secs)
    variant = _variant(ctx, p, start, end, std)
    if variant is not None:
        msg = f"Kỳ số liệu {span}{_quote(ctx)} tính {variant}, không theo kỳ chuẩn {std_span} của {name}"
        return make_result(ctx, "period.matches_report", "fail", msg, rule="period.variant",
                           severity="warning", sections=secs)
    msg = (f"Kỳ số liệu {span}{_quote(ctx)} không khớp {name}: kỳ chuẩn là {std_span} "
           f"({ctx.rules.periods.standard.name})")
    return make_result(ctx, "period.matches_report", "fail", msg, rule="period.standard", sections=secs)
