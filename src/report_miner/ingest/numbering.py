"""Word automatic numbering: the "1." or "a)" that Word draws but the paragraph text lacks.

Commune reports are often typed with Word's list numbering, so a heading "Về tình hình giải
quyết TTHC" is section 6 only because numbering.xml says so. This module replays the counters
the way Word does:

* a paragraph's list comes from its own ``w:numPr`` or, failing that, from its paragraph style
  (following ``w:basedOn``); ``numId`` 0 switches numbering off;
* ``w:num`` instances point at an ``w:abstractNum``; instances of one abstract list share their
  counters (Word continues the list) unless the instance overrides a level's start, in which case
  the list restarts at that level when the instance is first used;
* using level *n* resets the deeper levels (or, with ``w:lvlRestart``, those it names);
* ``w:lvlText`` such as "%1.%2." is filled from the counters of the levels it names.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"


def _val(el: etree._Element | None, attr: str = "val") -> str | None:
    if el is None:
        return None
    return el.get(_W + attr)


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None
    is_legal: bool = False
    style: str | None = None


@dataclass
class NumInstance:
    abstract_id: str
    start_overrides: dict[int, int] = field(default_factory=dict)
    level_overrides: dict[int, Level] = field(default_factory=dict)


def _parse_level(lvl: etree._Element) -> Level:
    out = Level()
    start = _val(lvl.find(_W + "start"))
    if start is not None and start.lstrip("-").isdigit():
        out.start = int(start)
    out.fmt = _val(lvl.find(_W + "numFmt")) or "decimal"
    text = lvl.find(_W + "lvlText")
    out.text = _val(text) or "" if text is not None else ""
    restart = _val(lvl.find(_W + "lvlRestart"))
    if restart is not None and restart.isdigit():
        out.restart = int(restart)
    out.is_legal = lvl.find(_W + "isLgl") is not None
    out.style = _val(lvl.find(_W + "pStyle"))
    return out


_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def to_roman(n: int) -> str:
    """>>> to_roman(14)
    'xiv'
    """
    out = []
    for value, sym in _ROMAN:
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def to_letter(n: int) -> str:
    """Word's letter numbering: a..z, then aa..zz.

    >>> to_letter(1), to_letter(26), to_letter(27)
    ('a', 'z', 'aa')
    """
    if n <= 0:
        return str(n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """>>> format_number(3, "upperRoman"), format_number(2, "lowerLetter"), format_number(5, "decimalZero")
    ('III', 'b', '05')
    """
    if fmt == "upperRoman":
        return to_roman(n).upper()
    if fmt == "lowerRoman":
        return to_roman(n)
    if fmt == "upperLetter":
        return to_letter(n).upper()
    if fmt == "lowerLetter":
        return to_letter(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


# Private-use bullets that Symbol/Wingdings fonts draw as dots, dashes or arrows.
_BULLETS = {"\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "➢", "\uf076": "❖", "\uf0fc": "✓", "\uf02d": "-",
            "\uf0e8": "➔", "\uf0a8": "□", "o": "o", "\u2022": "•"}


class Numbering:
    """Counters for one document. ``label_for`` is called once per paragraph, in order."""

    def __init__(self, numbering_xml: bytes | None, style_numpr: dict[str, tuple[str | None, int | None]]):
        self.abstracts: dict[str, dict[int, Level]] = {}
        self.abstract_links: dict[str, str] = {}
        self.nums: dict[str, NumInstance] = {}
        self.style_numpr = style_numpr
        self.counters: dict[str, dict[int, int]] = {}
        self.used_nums: set[str] = set()
        self.style_levels: dict[str, tuple[str, int]] = {}
        if numbering_xml:
            self._load(etree.fromstring(numbering_xml))

    def _load(self, root: etree._Element) -> None:
        for ab in root.iter(_W + "abstractNum"):
            aid = ab.get(_W + "abstractNumId") or ""
            levels: dict[int, Level] = {}
            for lvl in ab.findall(_W + "lvl"):
                ilvl = int(lvl.get(_W + "ilvl") or 0)
                levels[ilvl] = _parse_level(lvl)
            self.abstracts[aid] = levels
            link = _val(ab.find(_W + "numStyleLink"))
            if link:
                self.abstract_links[aid] = link
        for num in root.iter(_W + "num"):
            nid = num.get(_W + "numId") or ""
            inst = NumInstance(_val(num.find(_W + "abstractNumId")) or "")
            for ov in num.findall(_W + "lvlOverride"):
                ilvl = int(ov.get(_W + "ilvl") or 0)
                so = _val(ov.find(_W + "startOverride"))
                if so is not None and so.lstrip("-").isdigit():
                    inst.start_overrides[ilvl] = int(so)
                lvl = ov.find(_W + "lvl")
                if lvl is not None:
                    inst.level_overrides[ilvl] = _parse_level(lvl)
            self.nums[nid] = inst
        # levels that name a paragraph style: a paragraph of that style is at that level
        for aid, levels in self.abstracts.items():
            for ilvl, lvl in levels.items():
                if lvl.style:
                    self.style_levels.setdefault(lvl.style, (aid, ilvl))

    def _abstract_of(self, num_id: str) -> str | None:
        inst = self.nums.get(num_id)
        if inst is None:
            return None
        aid = inst.abstract_id
        # numStyleLink: the abstract is defined through a numbering style's own numPr
        link = self.abstract_links.get(aid)
        if link and link in self.style_numpr:
            linked_num = self.style_numpr[link][0]
            if linked_num and linked_num in self.nums and linked_num != num_id:
                return self.nums[linked_num].abstract_id
        return aid

    def _level(self, num_id: str, aid: str, ilvl: int) -> Level | None:
        inst = self.nums[num_id]
        if ilvl in inst.level_overrides:
            return inst.level_overrides[ilvl]
        return self.abstracts.get(aid, {}).get(ilvl)

    def resolve(self, num_id: str | None, ilvl: int | None, style_id: str | None) -> tuple[str | None, int | None]:
        """The paragraph's numbering (num id, level) from its own properties or its style."""
        if num_id is None and style_id is not None:
            s_num, s_lvl = self.style_numpr.get(style_id, (None, None))
            if s_num is not None:
                num_id = s_num
                if ilvl is None:
                    ilvl = s_lvl
                if ilvl is None and style_id in self.style_levels:
                    ilvl = self.style_levels[style_id][1]
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return None, None
        return num_id, ilvl or 0

    def label_for(self, num_id: str, ilvl: int) -> tuple[str, str]:
        """Advance the counters and return (label as drawn, number format of the level)."""
        aid = self._abstract_of(num_id)
        if aid is None:
            return "", "none"
        lvl = self._level(num_id, aid, ilvl)
        if lvl is None:
            return "", "none"
        counters = self.counters.setdefault(aid, {})
        inst = self.nums[num_id]
        if num_id not in self.used_nums:
            self.used_nums.add(num_id)
            for olvl, start in inst.start_overrides.items():
                # restart: the next use of that level shows `start`
                counters[olvl] = start - 1
                for deeper in [k for k in counters if k > olvl]:
                    del counters[deeper]
        if ilvl in counters:
            counters[ilvl] += 1
        else:
            counters[ilvl] = lvl.start
        for deeper in [k for k in counters if k > ilvl]:
            d_lvl = self._level(num_id, aid, deeper)
            restart = d_lvl.restart if d_lvl and d_lvl.restart is not None else None
            if restart is None or (restart > 0 and ilvl < restart):
                del counters[deeper]
        if lvl.fmt == "bullet":
            text = lvl.text.strip()
            return _BULLETS.get(text, "•" if text and not text.isprintable() or len(text) != 1 else text), "bullet"
        label = lvl.text
        for k in range(9):
            token = f"%{k + 1}"
            if token not in label:
                continue
            k_lvl = self._level(num_id, aid, k) or Level()
            value = counters.get(k, k_lvl.start)
            fmt = "decimal" if (lvl.is_legal and k < ilvl) else k_lvl.fmt
            label = label.replace(token, format_number(value, fmt))
        return label.strip(), lvl.fmt
