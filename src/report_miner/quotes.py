"""The report's own sentence around a figure, so a finding can be checked without opening the file.

The record keeps each paragraph's text in its section tree and each figure's character span in
that text; the sentence is the span widened to the nearest full stops. A full stop inside a number
("1.367") is not an end of sentence: only one followed by a space or the end of the paragraph is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from report_miner.models import Figure, ReportRecord

MAX_QUOTE = 400
_END = re.compile(r"[.!?](?=\s|$)")


def paragraph_texts(record: ReportRecord) -> dict[int, str]:
    """Block index → paragraph text, from the record's sections."""
    return {p.block: p.text for s in record.sections for p in s.paragraphs}


def _locate(text: str, fig: Figure) -> tuple[int, int] | None:
    """The figure's span in ``text``; searched near the recorded span when a list label shifted it."""
    s, e = fig.location.char_start, fig.location.char_end
    if text[s:e] == fig.raw:
        return s, e
    hits = [m.start() for m in re.finditer(re.escape(fig.raw), text)]
    if not hits:
        return None
    start = min(hits, key=lambda h: abs(h - s))
    return start, start + len(fig.raw)


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` holding ``text[start:end]``.

    >>> sentence_at("Tổng số 1.367 hồ sơ. Đã giải quyết 1.352 hồ sơ.", 35, 40)
    'Đã giải quyết 1.352 hồ sơ.'
    """
    left = max((m.end() for m in _END.finditer(text) if m.end() <= start), default=0)
    m = _END.search(text, end)
    right = m.end() if m else len(text)
    sentence = text[left:right].strip()
    if len(sentence) > MAX_QUOTE:
        lo = max(0, start - left - MAX_QUOTE // 2)
        sentence = "…" + sentence[lo:lo + MAX_QUOTE].strip() + "…"
    return sentence


def figure_quote(record: ReportRecord, indices: Iterable[int]) -> str | None:
    """The distinct sentences holding the given figures, in reading order, joined by " … "."""
    texts = paragraph_texts(record)
    seen: list[str] = []
    for i in sorted(set(indices), key=lambda k: (record.figures[k].location.block, k)
                    if 0 <= k < len(record.figures) else (10**9, k)):
        if not 0 <= i < len(record.figures):
            continue
        fig = record.figures[i]
        if fig.location.table is not None:
            cell = fig.location.table
            where = f"mục {fig.section}, " if fig.section else ""
            quote = f"[bảng, {where}dòng {cell.row + 1}, cột {cell.col + 1}: {fig.raw}]"
        else:
            text = texts.get(fig.location.block)
            span = _locate(text, fig) if text else None
            if text is None or span is None:
                continue
            quote = sentence_at(text, *span)
        if quote not in seen:
            seen.append(quote)
        if len(seen) == 3:
            break
    return " … ".join(seen) if seen else None
