"""Load ``patterns/checks.yaml``: the cross-checks as data, validated before any report is read.

The file is checked by pydantic models with ``extra="forbid"`` (a misspelt key is an error, not a
silently ignored rule), duplicate YAML keys and duplicate rule ids are rejected, and every term must
name an indicator the vocabulary knows — so a rule can be added without touching code, but not
added wrongly.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from report_miner.patterns import load_patterns, patterns_dir

Severity = Literal["error", "warning"]
Missing = Literal["required", "zero", "unknown"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Term(_Strict):
    """One term of a reading: an indicator (or a constant), its sign, what to do when it is absent."""

    indicator: str | None = None
    constant: float | None = None
    sign: int = 1
    missing: Missing = "required"

    @classmethod
    def parse(cls, raw: str | int | float) -> Term:
        """Read the compact YAML notation.

        >>> Term.parse("-dossier.carried_over").sign
        -1
        >>> Term.parse("dossier.returned?").missing
        'zero'
        >>> Term.parse(100).constant
        100.0
        """
        if isinstance(raw, int | float):
            return cls(constant=float(raw))
        text = raw.strip()
        sign = -1 if text.startswith("-") else 1
        text = text.lstrip("-+").strip()
        missing: Missing = "required"
        if text.endswith("?"):
            missing, text = "zero", text[:-1]
        elif text.endswith("*"):
            missing, text = "unknown", text[:-1]
        if not re.fullmatch(r"[a-z_]+\.[a-z_]+", text):
            raise ValueError(f"term {raw!r} is not an indicator id")
        return cls(indicator=text, sign=sign, missing=missing)


Reading = tuple[Term, ...]


def _readings(raw: Any) -> list[Reading]:
    if not isinstance(raw, list) or not raw:
        raise ValueError("a rule needs a non-empty list of readings")
    out: list[Reading] = []
    for reading in raw:
        items = reading if isinstance(reading, list) else [reading]
        out.append(tuple(t if isinstance(t, Term) else Term.parse(t) for t in items))
    return out


class CheckSpec(_Strict):
    severity: Severity
    title: str
    needs: str


class Settings(_Strict):
    min_confidence: float = 0.6
    doubtful_flags: list[str] = Field(default_factory=list)
    max_readings: int = 64


class SumRule(_Strict):
    """whole = Σ parts. Any (whole, parts) reading that holds passes; ``fallback_parts`` are read only
    when no reading of ``parts`` can be evaluated (they would otherwise hide an error)."""

    id: str
    check: str
    whole: list[Reading]
    parts: list[Reading]
    fallback_parts: list[Reading] = Field(default_factory=list)
    severity: Severity | None = None

    @field_validator("whole", "parts", mode="before")
    @classmethod
    def _terms(cls, v: Any) -> list[Reading]:
        return _readings(v)

    @field_validator("fallback_parts", mode="before")
    @classmethod
    def _fallback(cls, v: Any) -> list[Reading]:
        return _readings(v) if v else []


class RateRule(_Strict):
    """rate = numerator / denominator × 100. Any reading that fits passes (and is named);
    ``fallback_denominators`` are read only when no main denominator is stated."""

    id: str
    rate: str
    numerators: list[Reading]
    denominators: list[Reading]
    fallback_denominators: list[Reading] = Field(default_factory=list)
    check: str = "rate.stated_matches"
    severity: Severity | None = None

    @field_validator("numerators", "denominators", mode="before")
    @classmethod
    def _terms(cls, v: Any) -> list[Reading]:
        return _readings(v)

    @field_validator("fallback_denominators", mode="before")
    @classmethod
    def _fallback(cls, v: Any) -> list[Reading]:
        return _readings(v) if v else []


class BoundRule(_Strict):
    id: str
    part: str
    whole: Reading
    check: str = "bound.part_le_whole"
    severity: Severity | None = None

    @field_validator("whole", mode="before")
    @classmethod
    def _terms(cls, v: Any) -> Reading:
        return _readings([v])[0]


class PercentRange(_Strict):
    low: float = 0
    high: float = 100


class DayRef(_Strict):
    day: int | Literal["last"]
    months: int


class Window(_Strict):
    name: str
    start: DayRef
    end: DayRef


class Periods(_Strict):
    months: dict[str, dict[int, tuple[int, int]]]
    standard: Window
    variants: list[Window]
    unit_start_dates: list[str] = Field(default_factory=list)
    report_date_severity: Severity = "warning"


class Numbering(_Strict):
    letters_vi: list[str]
    letters_latin: list[str]


class IssuerLevel(_Strict):
    applies_to: list[str]
    other_levels: list[str]
    modals: list[str]
    own_work: list[str]
    exempt_sentences: list[str] = Field(default_factory=list)
    openers: list[str]


class RepeatedFigure(_Strict):
    at_least: list[str]
    at_most: list[str]
    about_share: float
    copy_error_share: float = 0.10
    copy_error_points: float = 1.0


class History(_Strict):
    carried: Reading
    previous_pending: list[Reading]

    @field_validator("carried", mode="before")
    @classmethod
    def _carried(cls, v: Any) -> Reading:
        return _readings([v])[0]

    @field_validator("previous_pending", mode="before")
    @classmethod
    def _pending(cls, v: Any) -> list[Reading]:
        return _readings(v)


class Topic(_Strict):
    name: str
    words: list[str]
    indicators: list[str]


class StatusVsFigures(_Strict):
    negative_answers: list[str]
    topics: list[Topic]


class CheckRules(_Strict):
    """Everything in checks.yaml, cross-validated against the indicator vocabulary."""

    settings: Settings
    checks: dict[str, CheckSpec]
    names: dict[str, str]
    sums: list[SumRule]
    rates: list[RateRule]
    bounds: list[BoundRule]
    percent_range: PercentRange
    repeated_figure: RepeatedFigure
    history: History
    periods: Periods
    numbering: Numbering
    issuer_level: IssuerLevel
    status_vs_figures: StatusVsFigures

    @model_validator(mode="after")
    def _consistent(self) -> CheckRules:
        all_rules: list[SumRule | RateRule | BoundRule] = [*self.sums, *self.rates, *self.bounds]
        ids = [r.id for r in all_rules]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValueError(f"rule ids defined twice: {dup}")
        for rule in all_rules:
            if rule.check not in self.checks:
                raise ValueError(f"rule {rule.id}: unknown check {rule.check}")
        for ind in self.indicators_used():
            if ind not in self.names:
                raise ValueError(f"indicator {ind} has no name in `names`")
        return self

    def indicators_used(self) -> set[str]:
        """Every indicator a rule or a topic mentions (each must be named and known)."""
        used: set[str] = set()
        for s in self.sums:
            used |= {t.indicator for r in (*s.whole, *s.parts, *s.fallback_parts) for t in r if t.indicator}
        for r in self.rates:
            readings = (*r.numerators, *r.denominators, *r.fallback_denominators)
            used |= {r.rate} | {t.indicator for x in readings for t in x if t.indicator}
        for b in self.bounds:
            used |= {b.part} | {t.indicator for t in b.whole if t.indicator}
        for topic in self.status_vs_figures.topics:
            used |= set(topic.indicators)
        for reading in (self.history.carried, *self.history.previous_pending):
            used |= {t.indicator for t in reading if t.indicator}
        return used

    def severity(self, check: str, rule_severity: Severity | None = None) -> Severity:
        return rule_severity or self.checks[check].severity


_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser where libyaml is there


class _UniqueKeyLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """SafeLoader that refuses a key written twice in one mapping (PyYAML keeps the last silently)."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode,
                       deep: bool = False) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise ValueError(f"checks.yaml: key {key!r} written twice (line {key_node.start_mark.line + 1})")
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def parse_rules(text: str) -> CheckRules:
    """Validate the text of a checks.yaml; unknown indicators are refused."""
    data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    rules = CheckRules.model_validate(data)
    known = set(load_patterns().indicators)
    unknown = sorted(i for i in rules.indicators_used() | set(rules.names) if i not in known)
    if unknown:
        raise ValueError(f"checks.yaml names indicators the vocabulary does not know: {unknown}")
    return rules


@cache
def load_rules(path: str | None = None) -> CheckRules:
    """The check rules, loaded once per process."""
    p = Path(path) if path else patterns_dir() / "checks.yaml"
    return parse_rules(p.read_text(encoding="utf-8"))
