"""The record's figures as the checks see them: intervals, groups by (indicator, scope), Vietnamese text.

A stated figure stands for an interval, not a point: "97%" is any ratio in [96,5; 97,5), "5,65 ngàn"
is 5.645–5.655, a count is itself. Comparing intervals (interval arithmetic) is what lets a check
accept honest rounding and still catch a wrong digit.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from report_miner.checks.rules import CheckRules
from report_miner.models import Figure, ReportRecord
from report_miner.normalize import match_key
from report_miner.patterns import load_patterns

EPS = 1e-9


def vn_number(value: float, decimals: int | None = None) -> str:
    """A number written the Vietnamese way: "." between thousands, "," before decimals.

    >>> vn_number(1341)
    '1.341'
    >>> vn_number(97.5)
    '97,5'
    >>> vn_number(114.16309, 2)
    '114,16'
    >>> vn_number(-12)
    '-12'
    """
    # with no ``decimals``, as few digits as the value needs
    text = f"{abs(value):,.6f}".rstrip("0").rstrip(".") if decimals is None else f"{abs(value):,.{decimals}f}"
    text = text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")
    return ("-" if value < 0 and text.strip("0,.") else "") + text


def ratio_text(value: float, min_decimals: int = 2) -> str:
    """A computed ratio with enough digits to show why it (does not) round to the stated one.

    >>> ratio_text(99.99205, 4)
    '99,9921'
    >>> ratio_text(100.0)
    '100,00'
    >>> ratio_text(114.16309)
    '114,16'
    """
    text = vn_number(round(value, min_decimals), min_decimals)
    if "," in text:
        head, tail = text.split(",")
        tail = tail.rstrip("0")
        while len(tail) < 2:
            tail += "0"
        text = f"{head},{tail}"
    return text


@dataclass(frozen=True)
class Stated:
    """One figure of the record that a check may use."""

    index: int
    figure: Figure
    lo: float
    hi: float
    percent: bool
    doubt: str | None = None

    @property
    def value(self) -> float:
        return self.figure.value

    @property
    def section(self) -> str | None:
        return self.figure.section

    def text(self) -> str:
        """The number as a clerk reads it ("1.341", "97,5%", "5,65 ngàn")."""
        f = self.figure
        if self.hi - self.lo > EPS and not self.percent:  # a scaled count: its words say it best
            return f.raw
        return vn_number(f.value, f.decimals) + ("%" if self.percent else "")


@dataclass(frozen=True)
class Choice:
    """One value an indicator takes in one scope, with every figure that states it."""

    indicator: str
    value: float
    lo: float
    hi: float
    stated: tuple[Stated, ...]

    @property
    def doubt(self) -> str | None:
        reasons = [s.doubt for s in self.stated if s.doubt]
        # a value stated several times is doubtful only if no statement of it is sure
        return reasons[0] if len(reasons) == len(self.stated) else None

    @property
    def sections(self) -> list[str]:
        out: list[str] = []
        for s in self.stated:
            if s.section and s.section not in out:
                out.append(s.section)
        return out

    def text(self) -> str:
        return self.stated[0].text()


@functools.cache
def _scale_words() -> tuple[re.Pattern[str], dict[str, int]] | None:
    """One pattern for every scale word ("nghìn", "triệu"…) and the factor of each, keyed by match key."""
    scales = {match_key(word): factor for word, factor in load_patterns().numbers.scales.items()}
    if not scales:
        return None
    words = sorted(scales, key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, words))})(?!\w)"), scales


def _scale_of(raw: str) -> int:
    """The factor a scale word in ``raw`` multiplies by: "1,2 nghìn" → 1000; a plain number → 1."""
    if raw.replace(".", "").replace(",", "").replace("%", "").strip().isdigit():
        return 1
    compiled = _scale_words()
    if compiled is None:
        return 1
    pattern, scales = compiled
    found = pattern.search(match_key(raw))
    return scales[found.group()] if found else 1


def _doubt(f: Figure, rules: CheckRules) -> str | None:
    bad = [flag for flag in f.flags if flag in rules.settings.doubtful_flags]
    if bad:
        return f"số “{f.raw}” đọc không chắc chắn ({', '.join(bad)})"
    if f.confidence < rules.settings.min_confidence:
        return f"số “{f.raw}” được gán chỉ tiêu với độ tin cậy thấp ({vn_number(f.confidence, 2)})"
    return None


def is_percent_indicator(indicator: str | None) -> bool:
    spec = load_patterns().indicators.get(indicator or "")
    return spec is not None and spec.kind == "percent"


def to_stated(index: int, f: Figure, rules: CheckRules) -> Stated:
    """The interval a figure stands for: rounding of its last digit for rates and scaled counts."""
    percent = is_percent_indicator(f.indicator) or f.raw.strip().endswith("%")
    scale = _scale_of(f.raw)
    half = 0.5 * 10 ** (-f.decimals) * scale if (percent or scale > 1) else 0.0
    return Stated(index, f, f.value - half, f.value + half, percent, _doubt(f, rules))


Key = tuple[str, str | None]


@dataclass
class FigureTable:
    """The record's labelled figures grouped by (indicator, scope); approximate ones kept apart."""

    exact: dict[Key, list[Stated]] = field(default_factory=dict)
    approximate: dict[Key, list[Stated]] = field(default_factory=dict)

    @classmethod
    def from_record(cls, record: ReportRecord, rules: CheckRules) -> FigureTable:
        table = cls()
        for i, f in enumerate(record.figures):
            if not f.indicator:
                continue
            target = table.approximate if f.approximate else table.exact
            target.setdefault((f.indicator, f.scope), []).append(to_stated(i, f, rules))
        return table

    def scopes(self) -> list[str | None]:
        """Every scope that has a figure, the issuer as a whole (None) first."""
        found = {scope for _, scope in (*self.exact, *self.approximate)}
        return sorted(found, key=lambda s: (s is not None, s or ""))

    def choices(self, indicator: str, scope: str | None) -> list[Choice]:
        """The distinct exact values of an indicator in a scope, in the order first stated."""
        groups: dict[float, list[Stated]] = {}
        for s in self.exact.get((indicator, scope), []):
            groups.setdefault(s.value, []).append(s)
        out = []
        for value, stated in groups.items():
            lo = max(s.lo for s in stated)
            hi = min(s.hi for s in stated)
            if lo > hi:  # "99,2%" and "99,20%": keep the tighter statement's interval
                lo, hi = stated[0].lo, stated[0].hi
            out.append(Choice(indicator, value, lo, hi, tuple(stated)))
        return out

    def assignments(self, indicators: set[str], scope: str | None, limit: int) -> Iterator[dict[str, Choice]]:
        """Every way to pick one value per indicator (an indicator stated twice differently is tried
        both ways), capped at ``limit`` combinations."""
        names = sorted(indicators)
        options: list[list[Choice | None]] = [list(self.choices(n, scope)) or [None] for n in names]
        for combo in itertools.islice(itertools.product(*options), limit):
            yield {n: c for n, c in zip(names, combo, strict=True) if c is not None}
