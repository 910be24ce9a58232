"""What every check family shares: the context it reads and the way it writes a result.

Results carry the figures they used (indexes into ``record.figures``, whose locations say where to
look), the sections, the expected and the stated value, and a message in plain Vietnamese.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from report_miner.checks.rules import CheckRules, Severity
from report_miner.checks.values import Choice, FigureTable, Stated
from report_miner.models import CheckResult, CheckStatus, ReportRecord


@dataclass
class Context:
    """One record, its figures grouped for the checks, and the rules."""

    record: ReportRecord
    rules: CheckRules
    table: FigureTable
    texts: dict[int, str] = field(default_factory=dict)

    @classmethod
    def build(cls, record: ReportRecord, rules: CheckRules, texts: dict[int, str] | None = None) -> Context:
        known = dict(texts or {})
        for section in record.sections:
            for p in section.paragraphs:
                known.setdefault(p.block, p.text)
        return cls(record, rules, FigureTable.from_record(record, rules), known)

    def name(self, indicator: str) -> str:
        return self.rules.names.get(indicator, indicator)


LEVEL_NAMES = {"xa": "xã", "phuong": "phường", "thi_tran": "thị trấn", "huyen": "huyện", "quan": "quận",
               "thi_xa": "thị xã", "thanh_pho": "thành phố", "tinh": "tỉnh"}


def issuer_name(record: ReportRecord) -> str:
    """ "UBND xã Sơn Nham", as a message names the report's issuer."""
    issuer = record.report.issuer
    level = LEVEL_NAMES.get(issuer.level or "", "")
    return " ".join(x for x in ("UBND", level, issuer.name or "") if x)


def cap(text: str) -> str:
    """First letter upper case, the rest untouched.

    >>> cap("tổng số hồ sơ 255")
    'Tổng số hồ sơ 255'
    """
    return text[:1].upper() + text[1:]


def where(sections: Iterable[str]) -> str:
    """" (mục I.6, II.2)" or "" when the figures sit outside any section (news items).

    >>> where(["I.6", "II.2"])
    ' (mục I.6, II.2)'
    >>> where([])
    ''
    """
    out: list[str] = []
    for s in sections:
        if s and s not in out:
            out.append(s.replace("#", " lần "))
    return f" (mục {', '.join(out)})" if out else ""


def locate(items: Iterable[Choice | Stated]) -> str:
    """Where a clerk finds these figures: " (mục I.6, II.2)", or the paragraph numbers in a report
    without sections (" (đoạn 2, 6)"). Paragraphs count from 1 in reading order."""
    items = list(items)
    secs = sections_of(items)
    if secs:
        return where(secs)
    blocks: list[int] = []
    for c in items:
        for s in c.stated if isinstance(c, Choice) else (c,):
            b = s.figure.location.block + 1
            if b not in blocks:
                blocks.append(b)
    return f" (đoạn {', '.join(str(b) for b in blocks)})" if blocks else ""


def scoped(scope: str | None, message: str) -> str:
    """Prefix a message with the population it is about ("Cấp xã: …")."""
    return f"{cap(scope)}: {message}" if scope else cap(message)


def sections_of(choices: Iterable[Choice | Stated]) -> list[str]:
    out: list[str] = []
    for c in choices:
        secs = c.sections if isinstance(c, Choice) else [c.section] if c.section else []
        for s in secs:
            if s not in out:
                out.append(s)
    return out


def indexes_of(choices: Iterable[Choice | Stated]) -> list[int]:
    idx: set[int] = set()
    for c in choices:
        if isinstance(c, Choice):
            idx |= {s.index for s in c.stated}
        else:
            idx.add(c.index)
    return sorted(idx)


def doubt_of(choices: Iterable[Choice]) -> str | None:
    """Why a failure built on these values should not be trusted (a parsing slip), if it should not."""
    for c in choices:
        if c.doubt:
            return f"{c.doubt}{where(c.sections)}"
    return None


def failure(message: str, used: Iterable[Choice]) -> tuple[CheckStatus, str]:
    """A failure, or a skip naming the parsing doubt when a value it rests on was read unsurely:
    a check never raises a false alarm from a parsing slip."""
    doubt = doubt_of(used)
    if doubt:
        return "skip", f"bỏ qua vì {doubt}; nếu đọc đúng thì: {message}"
    return "fail", message


def make_result(ctx: Context, check: str, status: CheckStatus, message: str, *, rule: str | None = None,
                severity: Severity | None = None, used: Iterable[Choice | Stated] = (),
                expected: float | None = None, stated: float | None = None, scope: str | None = None,
                sections: list[str] | None = None) -> CheckResult:
    used = list(used)
    return CheckResult(
        id=check, status=status, severity=ctx.rules.severity(check, severity), message=message,
        figures=indexes_of(used), expected=_num(expected), stated=_num(stated),
        sections=sections if sections is not None else sections_of(used), scope=scope, rule=rule)


def _num(x: float | None) -> float | None:
    if x is None:
        return None
    r = round(x, 6)
    return int(r) if float(r).is_integer() else r
