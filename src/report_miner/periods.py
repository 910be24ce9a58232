"""Reporting periods as the roll-up needs them: a Vietnamese label, the period before, the closing date.

Windows follow Nghị định 09/2019/NĐ-CP (15th of the month before to the 14th of the last month), which is
what decides whether a commune still reported to its district (before 1/7/2025) or to the province.
"""

from __future__ import annotations

from datetime import date

from report_miner.models import Period

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
# The last month of each period kind, by index (None: the kind has no index).
_LAST_MONTH = {"quarter": lambda i: 3 * i, "half": lambda i: 6 * i, "month": lambda i: i}


def period_label(period: Period | None) -> str:
    """The period as a report's title names it.

    >>> period_label(Period(kind="quarter", index=2, year=2024))
    'quý II năm 2024'
    >>> period_label(Period(kind="half", index=1, year=2024))
    '6 tháng đầu năm 2024'
    >>> period_label(Period(kind="month", index=8, year=2025))
    'tháng 8 năm 2025'
    """
    if period is None:
        return "kỳ không xác định"
    year = f" năm {period.year}" if period.year else ""
    i = period.index
    if period.kind == "quarter" and i in _ROMAN:
        return f"quý {_ROMAN[i]}{year}"
    if period.kind == "half":
        return ("6 tháng đầu" if i in (None, 1) else "6 tháng cuối") + (f" năm {period.year}" if period.year else "")
    if period.kind == "nine_months":
        return f"9 tháng{year}"
    if period.kind == "month" and i:
        return f"tháng {i}{year}"
    if period.kind == "year":
        return f"năm {period.year}" if period.year else "cả năm"
    return f"kỳ khác{year}"


def period_key(period: Period | None) -> tuple[str, int, int]:
    """A hashable, sortable identity: (kind, index or 0, year or 0)."""
    if period is None:
        return ("other", 0, 0)
    return (period.kind, period.index or 0, period.year or 0)


def period_end(period: Period | None) -> date | None:
    """The 14th of the period's last month (the closing day of its data window).

    >>> period_end(Period(kind="quarter", index=2, year=2024))
    datetime.date(2024, 6, 14)
    >>> period_end(Period(kind="year", year=2024))
    datetime.date(2024, 12, 14)
    """
    if period is None or period.year is None:
        return None
    if period.kind in ("year", "nine_months"):
        month = 12 if period.kind == "year" else 9
    elif period.kind in _LAST_MONTH and period.index:
        month = _LAST_MONTH[period.kind](period.index)
    else:
        return None
    if not 1 <= month <= 12:
        return None
    return date(period.year, month, 14)


def period_start(period: Period | None) -> date | None:
    """The 15th of the month before the period's first month (the opening day of its data window).

    >>> period_start(Period(kind="quarter", index=2, year=2024))
    datetime.date(2024, 3, 15)
    >>> period_start(Period(kind="quarter", index=1, year=2024))
    datetime.date(2023, 12, 15)
    """
    end = period_end(period)
    if end is None or period is None:
        return None
    months = {"quarter": 3, "half": 6, "nine_months": 9, "year": 12, "month": 1}.get(period.kind)
    if months is None:
        return None
    year, month0 = divmod(end.year * 12 + end.month - 1 - months, 12)  # the month before the first one
    return date(year, month0 + 1, 15)


def previous_period(period: Period | None) -> Period | None:
    """The period of the same kind just before: where carried-over dossiers came from.

    >>> previous_period(Period(kind="quarter", index=1, year=2024))
    Period(kind='quarter', index=4, year=2023)
    >>> previous_period(Period(kind="month", index=8, year=2025))
    Period(kind='month', index=7, year=2025)
    """
    if period is None or period.year is None:
        return None
    i, y = period.index, period.year
    if period.kind == "quarter" and i:
        return Period(kind="quarter", index=4, year=y - 1) if i == 1 else Period(kind="quarter", index=i - 1, year=y)
    if period.kind == "month" and i:
        return Period(kind="month", index=12, year=y - 1) if i == 1 else Period(kind="month", index=i - 1, year=y)
    if period.kind == "half" and i:
        return Period(kind="half", index=2, year=y - 1) if i == 1 else Period(kind="half", index=1, year=y)
    if period.kind in ("year", "nine_months"):
        return Period(kind=period.kind, index=period.index, year=y - 1)
    return None
