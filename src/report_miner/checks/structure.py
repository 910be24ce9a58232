"""structure.section_numbering: section numbers neither repeat nor skip, at every level.

A repeated or skipped number is how a copied paragraph or a deleted item shows; the clerk who
compiles the district report cites sections by number, so two "III." are a real problem. The
segmenter keeps repeated sections apart ("III#2"); here each group of siblings is read in order.
"""

from __future__ import annotations

import re

from report_miner.checks.common import Context, make_result
from report_miner.models import CheckResult, Section

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def roman_to_int(text: str) -> int | None:
    """The value of a Roman numeral, None for anything else.

    >>> roman_to_int("XIV")
    14
    >>> roman_to_int("II.") is None
    True
    """
    if not text or any(c not in _ROMAN for c in text):
        return None
    total, prev = 0, 0
    for c in reversed(text):
        v = _ROMAN[c]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total


def int_to_roman(n: int) -> str:
    """The Roman numeral of a section number.

    >>> int_to_roman(4)
    'IV'
    """
    out = ""
    for value, sym in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + sym, n - value
    return out


def _label(section: Section) -> tuple[str, str] | None:
    """(kind, bare label) of a printed label: ("roman", "III"), ("arabic", "6"), ("letter", "a")."""
    if section.numbered_by == "none" or not section.label:
        return None
    bare = re.sub(r"[\s.):/\-–]+$", "", section.label.strip())
    if re.fullmatch(r"\d{1,2}", bare):
        return "arabic", bare
    if roman_to_int(bare) is not None and bare.isupper():
        return "roman", bare
    if re.fullmatch(r"[a-zđ]", bare):
        return "letter", bare
    return None


def _bare(section: Section) -> str:
    lab = _label(section)
    return lab[1] if lab else ""


class _Sequence:
    """The numbers a level may take next: +1 for numbers, the next letter of either alphabet."""

    def __init__(self, ctx: Context) -> None:
        self.vi = ctx.rules.numbering.letters_vi
        self.latin = ctx.rules.numbering.letters_latin

    def first(self, kind: str) -> set[str]:
        return {"I"} if kind == "roman" else {"1"} if kind == "arabic" else {"a"}

    def after(self, kind: str, label: str) -> set[str]:
        if kind == "roman":
            return {int_to_roman((roman_to_int(label) or 0) + 1)}
        if kind == "arabic":
            return {str(int(label) + 1)}
        nxt = set()
        for seq in (self.vi, self.latin):
            if label in seq and seq.index(label) + 1 < len(seq):
                nxt.add(seq[seq.index(label) + 1])
        return nxt

    def order(self, kind: str, label: str) -> int:
        if kind == "roman":
            return roman_to_int(label) or 0
        if kind == "arabic":
            return int(label)
        for seq in (self.vi, self.latin):
            if label in seq:
                return seq.index(label)
        return 0


def _siblings(record_sections: list[Section]) -> dict[str | None, list[Section]]:
    groups: dict[str | None, list[Section]] = {}
    for s in record_sections:
        groups.setdefault(s.parent, []).append(s)
    return groups


def _title(s: Section) -> str:
    t = s.title.strip()
    return f"“{t[:50]}…”" if len(t) > 50 else f"“{t}”"


def _printed(s: Section) -> str:
    return s.id.split("#")[0]


def run_numbering(ctx: Context) -> list[CheckResult]:
    """One failure per repeat or gap, or one pass for the whole outline."""
    seq = _Sequence(ctx)
    results: list[CheckResult] = []
    counted = 0
    for parent, sections in _siblings(ctx.record.sections).items():
        prev: dict[str, Section] = {}
        seen: dict[tuple[str, str], Section] = {}
        for s in sections:
            lab = _label(s)
            if lab is None:
                continue
            kind, label = lab
            counted += 1
            where_ = f"trong mục {parent}" if parent else "ở cấp mục lớn"
            before = prev.get(kind)
            allowed = seq.after(kind, _bare(before)) if before else seq.first(kind)
            if (kind, label) in seen:
                first = seen[(kind, label)]
                msg = (f"Số mục {_printed(s)} lặp lại {where_}: {_title(first)} và {_title(s)} cùng số "
                       f"{s.label}")
                results.append(make_result(ctx, "structure.section_numbering", "fail", msg,
                                           rule="numbering.repeat", sections=[first.id, s.id]))
            elif label not in allowed:
                results.append(_gap(ctx, s, before, allowed, where_, seq, kind))
            seen.setdefault((kind, label), s)
            prev[kind] = s
    if not results and counted:
        msg = f"Số thứ tự {counted} mục liên tục, không lặp, không nhảy cóc"
        results.append(make_result(ctx, "structure.section_numbering", "pass", msg, rule="numbering"))
    return results


def _gap(ctx: Context, s: Section, before: Section | None, allowed: set[str], where_: str, seq: _Sequence,
         kind: str) -> CheckResult:
    want = " hoặc ".join(sorted(allowed)) or "?"
    if before is None:
        msg = f"Mục đầu tiên {where_} đánh số {s.label} ({_title(s)}), lẽ ra là {want}"
        secs = [s.id]
    else:
        jump = seq.order(kind, _bare(s)) > seq.order(kind, _bare(before))
        what = "nhảy cóc" if jump else "sai thứ tự"
        msg = (f"Số mục {what} {where_}: sau mục {before.label} ({_title(before)}) là mục {s.label} "
               f"({_title(s)}), lẽ ra là {want}")
        secs = [before.id, s.id]
    return make_result(ctx, "structure.section_numbering", "fail", msg, rule="numbering.gap", sections=secs)
