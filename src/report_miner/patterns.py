"""Load ``patterns/`` (the vocabulary, as data), validate it, compile it once per process.

The YAML files are checked against pydantic models with ``extra="forbid"``, so a misspelt key is
an error at load, not a silently ignored rule; a phrase listed twice with different meanings is
rejected. Phrases keep their tone marks in the files; the compiled regexes run over
``match_key`` text, so "hoà"/"hòa" and upper/lower case all match.
"""

from __future__ import annotations

import os
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from report_miner.normalize import match_key

try:  # the C loader is ten times faster; fall back where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Kind = Literal["count", "percent"]
UnitClass = Literal["dossier", "procedure", "transaction", "feedback", "percent", "none"]


class CueSpec(_Strict):
    phrases: list[str]
    role: str | None = None
    family: str | None = None
    rate: bool = False
    denominator: bool = False
    office: bool = False
    attach: Literal["nearest"] | None = None


class Example(_Strict):
    text: str
    value: float
    context: str | None = Field(default=None, description="a section title the text sits under")


class AltRule(_Strict):
    roles: list[str]
    frames: list[str] = Field(default_factory=lambda: ["any"])


class IndicatorSpec(_Strict):
    id: str
    family: str
    kind: Kind
    roles: list[str]
    frames: list[str] = Field(default_factory=lambda: ["any"])
    units: list[UnitClass] | None = None
    whole: str | None = None
    from_counts: list[str] = Field(default_factory=list,
                                   description="a bare rate after a count with one of these roles is this rate")
    also: list[AltRule] = Field(default_factory=list)
    examples: list[Example] = Field(default_factory=list)

    @field_validator("id")
    @classmethod
    def _dotted(cls, v: str) -> str:
        if not re.fullmatch(r"[a-z_]+\.[a-z_]+", v):
            raise ValueError(f"indicator id {v!r} is not group.name")
        return v


class GroupFile(_Strict):
    group: str
    cues: list[CueSpec]
    indicators: list[IndicatorSpec] = Field(default_factory=list)


class ZeroSpec(_Strict):
    after_colon: list[str]
    leading: list[str]
    bare_sentence: list[str]


class NumbersFile(_Strict):
    units: dict[str, list[str]]
    scales: dict[str, int]
    approximate: list[str]
    zero: ZeroSpec
    words: dict[str, int]
    percent_of_others: list[str] = []


class ContextFile(_Strict):
    target_phrases: list[str]
    excluding_after: list[str]
    change_before: list[str]
    identifier_before: list[str]
    forward_section_titles: list[str]
    scopes: dict[str, list[str]]
    total_rows: list[str]
    comma_compounds: list[str] = []


def patterns_dir() -> Path:
    """The patterns folder: an override, the installed package data, or the source checkout."""
    env = os.environ.get("REPORT_MINER_PATTERNS")
    if env:
        return Path(env)
    try:
        packaged = resources.files("report_miner") / "patterns"
        if packaged.is_dir():
            return Path(str(packaged))
    except (ModuleNotFoundError, FileNotFoundError):  # pragma: no cover
        pass
    return Path(__file__).resolve().parents[2] / "patterns"


def _load_yaml(path: Path) -> Any:
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_Loader)  # noqa: S506 - CSafeLoader/SafeLoader only


def phrase_regex(phrases: list[str]) -> re.Pattern[str] | None:
    """One alternation over the keys of ``phrases``, longest first, on word boundaries.

    >>> r = phrase_regex(["giải quyết", "đã giải quyết"])
    >>> r.search(match_key("hồ sơ ĐÃ giải quyết")).group()
    'đa giai quyêt'
    """
    keys = sorted({match_key(p.strip()) for p in phrases if p.strip()}, key=lambda k: (-len(k), k))
    if not keys:
        return None
    body = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in keys)
    return re.compile(rf"(?<![\w]){'(?:' + body + ')'}(?![\w])")


_TOKEN = re.compile(r"\w+|[^\w\s]")


class PhraseIndex:
    """Longest-match lookup of many phrases in match-key text, word by word.

    One Python regex alternation over hundreds of phrases takes longer to compile than a report
    takes to read; a dictionary of token sequences needs no compiling and finds the same matches:
    a phrase starts and ends on word boundaries, white space between its words is free.

    >>> idx = PhraseIndex(["giai quyêt", "đa giai quyêt"])
    >>> idx.find_all("hô sơ đa  giai quyêt: 251")
    [(6, 20, 'đa giai quyêt')]
    >>> idx.match_at("251 đa giai quyêt", 4)
    (17, 'đa giai quyêt')
    """

    def __init__(self, keys: list[str]) -> None:
        self.phrases: dict[tuple[str, ...], str] = {}
        self.longest: dict[str, int] = {}
        for key in keys:
            toks = tuple(_TOKEN.findall(key))
            if not toks:
                continue
            self.phrases.setdefault(toks, key)
            self.longest[toks[0]] = max(self.longest.get(toks[0], 0), len(toks))

    def _scan(self, words: list[str], i: int) -> tuple[int, str] | None:
        longest = self.longest.get(words[i])
        if not longest:
            return None
        for n in range(min(longest, len(words) - i), 0, -1):
            key = self.phrases.get(tuple(words[i: i + n]))
            if key is not None:
                return n, key
        return None

    def find_all(self, text: str) -> list[tuple[int, int, str]]:
        """Non-overlapping matches, left to right, the longest at each position."""
        tokens = list(_TOKEN.finditer(text))
        words = [t.group() for t in tokens]
        out: list[tuple[int, int, str]] = []
        i = 0
        while i < len(words):
            hit = self._scan(words, i)
            if hit is None:
                i += 1
                continue
            n, key = hit
            out.append((tokens[i].start(), tokens[i + n - 1].end(), key))
            i += n
        return out

    def match_at(self, text: str, pos: int) -> tuple[int, str] | None:
        """The longest phrase starting exactly at ``pos``: (end, phrase)."""
        tokens = list(_TOKEN.finditer(text, pos, min(len(text), pos + 120)))
        if not tokens or tokens[0].start() != pos:
            return None
        hit = self._scan([t.group() for t in tokens], 0)
        if hit is None:
            return None
        n, key = hit
        return tokens[n - 1].end(), key


class Cue(BaseModel):
    """What one phrase (by its key) says: role, family, flags."""

    model_config = ConfigDict(frozen=True)
    key: str
    role: str | None = None
    family: str | None = None
    rate: bool = False
    denominator: bool = False
    office: bool = False
    attach: str | None = None
    scope: str | None = None
    scope_reset: bool = False


class Patterns:
    """Everything compiled: cue regex + table, indicators, number words, context lists."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.groups: list[GroupFile] = []
        for path in sorted((root / "indicators").glob("*.yaml")):
            self.groups.append(GroupFile.model_validate(_load_yaml(path)))
        self.numbers = NumbersFile.model_validate(_load_yaml(root / "numbers.yaml"))
        self.context = ContextFile.model_validate(_load_yaml(root / "context.yaml"))
        self.indicators: dict[str, IndicatorSpec] = {}
        for g in self.groups:
            for ind in g.indicators:
                if ind.id in self.indicators:
                    raise ValueError(f"indicator {ind.id} defined twice")
                self.indicators[ind.id] = ind
        self.cues: dict[str, Cue] = {}
        for g in self.groups:
            for spec in g.cues:
                for phrase in spec.phrases:
                    self._add_cue(Cue(key=match_key(phrase.strip()), role=spec.role, family=spec.family,
                                      rate=spec.rate, denominator=spec.denominator, office=spec.office,
                                      attach=spec.attach), phrase)
        for scope, phrases in self.context.scopes.items():
            for phrase in phrases:
                key = match_key(phrase)
                old = self.cues.get(key)
                scope_val = None if scope == "null" else scope
                cue = (old or Cue(key=key)).model_copy(update={"scope": scope_val, "scope_reset": scope_val is None})
                self.cues[key] = cue
        self.cue_index = PhraseIndex(list(self.cues))
        self.percent_roles = {r for ind in self.indicators.values() if ind.kind == "percent" for r in ind.roles}
        self.rate_of_count = {r for ind in self.indicators.values() for r in ind.from_counts}
        self.part_roles = {r for ind in self.indicators.values() if ind.whole for r in ind.roles} - {"any", "*"}
        self.unit_class: dict[str, str] = {}
        for cls, words in self.numbers.units.items():
            for w in words:
                k = match_key(w)
                if k in self.unit_class and self.unit_class[k] != cls:
                    raise ValueError(f"unit {w!r} listed under {self.unit_class[k]} and {cls}")
                self.unit_class[k] = cls
        self.unit_index = PhraseIndex([match_key(w) for ws in self.numbers.units.values() for w in ws])
        self.percent_others_index = PhraseIndex([match_key(w) for w in self.numbers.percent_of_others])
        self.target_regex = phrase_regex(self.context.target_phrases)
        self.excluding_after_regex = phrase_regex(self.context.excluding_after)
        approx = "|".join(sorted((re.escape(match_key(w)) for w in self.numbers.approximate), key=len, reverse=True))
        self.change_before_regex = _suffix_regex(self.context.change_before, rf"(?:(?:{approx})\s*)?")
        self.identifier_before_regex = _suffix_regex(self.context.identifier_before)
        self.approx_regex = _suffix_regex(self.numbers.approximate)
        self.forward_titles = [match_key(t) for t in self.context.forward_section_titles]
        self._compile_numbers()
        self.total_rows = {match_key(t) for t in self.context.total_rows}
        self.compound_index = PhraseIndex([match_key(t) for t in self.context.comma_compounds])

    def _compile_numbers(self) -> None:
        """Zero answers and number words, as regexes over match-key text."""
        z = self.numbers.zero

        def alt(words: list[str]) -> str:
            return "|".join(sorted({re.escape(match_key(w)) for w in words if not w.isdigit()}, key=len, reverse=True))

        self.zero_after_colon_regex = re.compile(rf":\s*({alt(z.after_colon)})\s*(?=[.;,)]|$)")
        # "Không phát sinh." and "Không phát sinh trong năm báo cáo." answer the heading above them
        period_tail = match_key(r"(?:\s+trong\s+(?:kỳ|năm|quý|tháng|thời gian)(?:\s+(?:báo cáo|này|qua))?)?")
        self.zero_bare_regex = re.compile(rf"({alt(z.bare_sentence)}){period_tail}\s*(?=[.;]|$)")
        self.zero_leading_regex = re.compile(rf"(?<![\w])({alt(z.leading)})(?=\s+\w)")
        self.number_words = {match_key(w): v for w, v in self.numbers.words.items()}
        count_units = alt(["hồ sơ", "bộ hồ sơ", "thủ tục", "thủ tục hành chính", "phản ánh", "kiến nghị",
                           "trường hợp", "giao dịch"])  # not "bộ": "Một bộ phận người dân"
        self.number_words_regex = re.compile(
            rf"(?<![\w])({alt(list(self.numbers.words))})\s+(?=(?:{count_units})(?![\w]))")

    def _add_cue(self, cue: Cue, phrase: str) -> None:
        old = self.cues.get(cue.key)
        if old is not None and old != cue:
            raise ValueError(f"phrase {phrase!r} has two meanings: {old} / {cue}")
        self.cues[cue.key] = cue


def _suffix_regex(phrases: list[str], between: str = "") -> re.Pattern[str] | None:
    """Match one of ``phrases`` at the very end of a key string (what stands right before a number),
    optionally followed by one of the words of ``between`` ("tăng hơn 9,1%")."""
    keys = sorted({match_key(p) for p in phrases}, key=len, reverse=True)
    if not keys:
        return None
    body = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in keys)
    return re.compile(rf"(?<![\w])(?:{body})\s*[:]?\s*{between}$")


@cache
def load_patterns(root: str | None = None) -> Patterns:
    """The compiled patterns, loaded once per process (workers each load their own copy once)."""
    return Patterns(Path(root) if root else patterns_dir())
