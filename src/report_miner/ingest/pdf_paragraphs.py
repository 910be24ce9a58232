"""PDF lines → paragraphs: running headers and footers set aside, reading-order segments (columns, tables),
page geometry measured per page size, paragraph breaks from layout evidence, paragraphs joined across pages."""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Sequence

from report_miner.ingest.pdf_layout import (
    CLOSERS,
    EDGE_BAND,
    MAX_INDENT,
    PAGE_NUMBER_RE,
    SAME_LINE,
    SIGNER_RE,
    STRONG_RE,
    WEAK_RE,
    Geometry,
    Line,
    Page,
    Para,
    Segment,
    TableItem,
    main_column,
)
from report_miner.ingest.pdf_lines import starts_with_label
from report_miner.ingest.pdf_tables import merge_tables

# --------------------------------------------------------------------------- headers, footers


def set_aside_margins(pages: Sequence[Page]) -> None:
    """Move page numbers and running headers/footers from each page's lines to its margins.

    A line qualifies only at the very top or bottom of the page, inside the edge band, and only if
    it is a bare page number or its text (digits masked) recurs at the same height on at least half
    of the pages.
    """
    candidates = [_edge_candidates(page) for page in pages]
    needed = max(2, math.ceil(0.5 * len(pages)))  # on most pages: an annex title on two pages is not one
    for page, lines in zip(pages, candidates, strict=True):
        margins = [ln for ln in lines if PAGE_NUMBER_RE.match(ln.text) or _recurs(ln, candidates) >= needed]
        if margins:
            ids = {id(m) for m in margins}
            page.margins = sorted(margins, key=lambda ln: (-ln.base, ln.x0))
            page.lines = [ln for ln in page.lines if id(ln) not in ids]


def _recurs(line: Line, candidates: Sequence[Sequence[Line]]) -> int:
    """On how many pages a line with the same text (numbers aside) sits at the same height."""
    key = _mask_digits(line.text)
    return sum(any(abs(o.base - line.base) <= 3.0 and _mask_digits(o.text) == key for o in page_lines)
               for page_lines in candidates)


def _mask_digits(text: str) -> str:
    """Running headers differ only in their numbers ("Trang 2", "Trang 3").

    >>> _mask_digits("Trang 12/14")
    'trang #/#'
    """
    return re.sub(r"\d+", "#", text.lower())


def _edge_candidates(page: Page) -> list[Line]:
    """Up to three lines from each edge of the page, inside the edge band, with no body line or
    table between them and the edge."""
    band = EDGE_BAND * (page.box[3] - page.box[1])
    by_height = sorted(page.lines, key=lambda ln: -ln.base)

    def near_top(ln: Line) -> bool:
        return ln.base >= page.box[3] - band and all(ln.base > t.top for t in page.tables)

    def near_bottom(ln: Line) -> bool:
        return ln.base <= page.box[1] + band and all(ln.base < t.bottom for t in page.tables)

    top = _edge_run(by_height, near_top)
    ids = {id(ln) for ln in top}
    return top + [ln for ln in _edge_run(by_height[::-1], near_bottom) if id(ln) not in ids]


def _edge_run(lines: Sequence[Line], inside: Callable[[Line], bool], limit: int = 3) -> list[Line]:
    out: list[Line] = []
    for ln in lines[:limit]:
        if not inside(ln):
            break
        out.append(ln)
    return out


# --------------------------------------------------------------------------- reading order


def page_segments(page: Page) -> list[Segment]:
    """Cut the page into the main flow and side-by-side zones (letterhead, signature block).

    A zone is a run of rows whose lines leave a vertical channel free, with at least one row
    that has text on both sides of it; its columns are read one after the other.
    """
    rows = _page_rows(page)
    segments: list[Segment] = []
    flow: list[Line | TableItem] = []
    i = 0
    while i < len(rows):
        zone = _zone_at(rows, i)
        if zone is None:
            flow.extend(rows[i])
            i += 1
            continue
        end, columns = zone
        if flow:
            segments.append(Segment(items=flow, zone=False))
            flow = []
        segments.extend(_column_segment(c) for c in columns)
        i = end
    if flow:
        segments.append(Segment(items=flow, zone=False))
    return segments


def _page_rows(page: Page) -> list[list[Line | TableItem]]:
    """Lines grouped by baseline, with each table as a row of its own at its top edge."""
    rows: list[list[Line | TableItem]] = []
    for line in page.lines:
        head = rows[-1][0] if rows else None
        if isinstance(head, Line) and abs(head.base - line.base) <= SAME_LINE * line.size:
            rows[-1].append(line)
        else:
            rows.append([line])
    for table in page.tables:
        at = next((k for k, row in enumerate(rows) if _row_top(row) < table.top), len(rows))
        rows.insert(at, [table])
    return rows


def _row_top(row: Sequence[Line | TableItem]) -> float:
    item = row[0]
    return item.top if isinstance(item, TableItem) else item.base + item.size


def _zone_at(rows: list[list[Line | TableItem]], start: int) -> tuple[int, list[list[Line]]] | None:
    """The side-by-side zone opening at ``rows[start]``: its end and its columns, if there is one.

    A zone opens at a row split into columns and goes down while the rows leave a channel free.
    """
    first = rows[start][0]
    if len(rows[start]) < 2 or not isinstance(first, Line):
        return None
    widest = 0.75 * first.size
    spans: list[tuple[float, float]] = []
    end = start
    while end < len(rows) and all(isinstance(it, Line) for it in rows[end]):
        candidate = spans + [(it.x0, it.x1) for it in rows[end]]
        if not _free_channels(candidate, widest):
            break
        spans = candidate
        end += 1
    cuts = [c for c in _free_channels(spans, widest) if _both_sides(rows[start:end], c)]
    if not cuts:
        return None
    columns: list[list[Line]] = [[] for _ in range(len(cuts) + 1)]
    bounds = [c[0] for c in cuts]
    for line in (it for row in rows[start:end] for it in row if isinstance(it, Line)):
        columns[bisect_right(bounds, (line.x0 + line.x1) / 2)].append(line)
    return end, [c for c in columns if c]


def _free_channels(spans: list[tuple[float, float]], minimum: float = 4.0) -> list[tuple[float, float]]:
    """Horizontal intervals between the spans that no span covers.

    >>> _free_channels([(101.0, 284.0), (308.0, 509.0), (375.0, 441.0), (142.0, 243.0)])
    [(284.0, 308.0)]
    """
    out: list[tuple[float, float]] = []
    ordered = sorted(spans)
    reach = ordered[0][1]
    for x0, x1 in ordered[1:]:
        if x0 - reach >= minimum:
            out.append((reach, x0))
        reach = max(reach, x1)
    return out


def _both_sides(rows: Sequence[Sequence[Line | TableItem]], cut: tuple[float, float]) -> bool:
    return any(any(it.x1 <= cut[0] for it in row) and any(it.x0 >= cut[1] for it in row) for row in rows)


def _column_segment(lines: list[Line]) -> Segment:
    """A zone column; it is centred if its lines share a centre, like a letterhead cell."""
    x0, x1 = min(ln.x0 for ln in lines), max(ln.x1 for ln in lines)
    middle = (x0 + x1) / 2
    centred = len(lines) > 1 and all(abs((ln.x0 + ln.x1) / 2 - middle) <= 0.3 * ln.size for ln in lines)
    return Segment(items=list(lines), zone=True, x0=x0, x1=x1, centred=centred)


# --------------------------------------------------------------------------- page geometry


def geometries(pages: Sequence[Page]) -> dict[tuple[int, int], Geometry]:
    """Body column, line pitch and first-line indent, measured per page size."""
    groups: dict[tuple[int, int], list[Page]] = {}
    for page in pages:
        groups.setdefault(size_key(page), []).append(page)
    return {key: _measure(group) for key, group in groups.items()}


def size_key(page: Page) -> tuple[int, int]:
    return round(page.box[2] - page.box[0]), round(page.box[3] - page.box[1])


def _flow_lines(pages: Sequence[Page]) -> list[list[Line]]:
    return [[it for it in s.items if isinstance(it, Line)] for p in pages for s in p.segments if not s.zone]


def _measure(pages: Sequence[Page]) -> Geometry:
    flows = _flow_lines(pages)
    lines = [ln for flow in flows for ln in flow]
    box = pages[0].box
    width = box[2] - box[0]
    if not lines:
        return Geometry(left=box[0] + 0.1 * width, right=box[0] + 0.9 * width, pitch=1.2, first_indent=None)
    left = _body_left(lines)
    right = _body_right(lines, left, mirrored=box[2] - (left - box[0]))
    pitch = _normal_pitch(flows, left)
    indent = _first_indent(flows, left, right, pitch)
    return Geometry(left=left, right=right, pitch=pitch, first_indent=indent)


def _body_right(lines: Sequence[Line], left: float, mirrored: float) -> float:
    """The right edge most full lines reach; with too few lines, the left margin mirrored."""
    rights = sorted(ln.x1 for ln in lines if ln.x0 <= left + ln.size)
    if len(rights) >= 5:
        return rights[int(0.95 * (len(rights) - 1))]
    return max([mirrored, left + 1.0, *rights])


def _body_left(lines: Sequence[Line]) -> float:
    """The text column's left edge: the leftmost x that a good share of lines start at."""
    bins = Counter(round(ln.x0 / 2) for ln in lines)
    enough = max(2, 0.15 * len(lines))
    frequent = [b for b, n in bins.items() if n >= enough]
    if not frequent:
        return min(ln.x0 for ln in lines)
    return min(ln.x0 for ln in lines if round(ln.x0 / 2) == min(frequent))


def _normal_pitch(flows: Sequence[Sequence[Line]], left: float) -> float:
    """Baseline distance between lines of one paragraph, in ems: the smallest frequent one."""
    ratios: Counter[float] = Counter()
    for flow in flows:
        for a, b in zip(flow, flow[1:], strict=False):
            if a.page == b.page and abs(a.size - b.size) < 0.5 and a.x0 < left + MAX_INDENT * a.size:
                ratio = (a.base - b.base) / a.size
                if 0.9 <= ratio <= 3.0:
                    ratios[round(ratio * 20) / 20] += 1
    if not ratios:
        return 1.2
    top = max(ratios.values())
    return min(r for r, n in ratios.items() if n >= max(2, 0.25 * top) or n == top)


def _first_indent(flows: Sequence[Sequence[Line]], left: float, right: float, pitch: float) -> float | None:
    """The first-line indent, if paragraphs often start indented and go on at the margin."""
    found: list[float] = []
    for flow in flows:
        for a, b in zip(flow, flow[1:], strict=False):
            indent = a.x0 - left
            if (0.5 * a.size <= indent <= MAX_INDENT * a.size and abs(b.x0 - left) <= 0.3 * b.size
                    and a.x1 >= right - a.size and a.base - b.base <= pitch * a.size * 1.1
                    and not starts_with_label(a.text)):
                found.append(indent)
    if len(found) < 3:
        return None
    found.sort()
    return found[len(found) // 2]


# --------------------------------------------------------------------------- lines → paragraphs


def page_paragraphs(page: Page, geometry: dict[tuple[int, int], Geometry]) -> list[Para | TableItem]:
    """Paragraphs and tables of one page in reading order."""
    geo = geometry[size_key(page)]
    out: list[Para | TableItem] = []
    for segment in page.segments:
        if not segment.zone:
            segment.x0, segment.x1 = geo.left, geo.right
            segment.indent_x = None if geo.first_indent is None else geo.left + geo.first_indent
        para: Para | None = None
        for item in segment.items:
            if isinstance(item, TableItem):
                out.append(item)
                para = None
            elif para is not None and not _breaks(para, item, segment, geo):
                para.lines.append(item)
            else:
                para = Para(lines=[item], zone=segment.zone)
                out.append(para)
    return out


def _breaks(para: Para, line: Line, seg: Segment, geo: Geometry) -> bool:
    """Whether ``line`` starts a new paragraph after ``para`` on the same page."""
    last = para.lines[-1]
    size = max(last.size, line.size)
    gap = last.base - line.base
    if gap < 0.5 * size or gap > (geo.pitch * 1.2 + 0.1) * size:
        return True
    if abs(last.size - line.size) > 0.15 * size:
        return True
    if STRONG_RE.match(line.text) or SIGNER_RE.match(line.text) or SIGNER_RE.match(last.text):
        return True
    if seg.zone and (last.bold != line.bold or last.italic != line.italic):
        return True  # letterhead cells change style between paragraphs: bold unit name, italic date
    if WEAK_RE.match(line.text) and (_ends_clause(last.text) or _would_fit(last, line, seg)):
        return True
    if not seg.zone and _alignment_changes(last, line, seg):
        return True
    if _would_fit(last, line, seg) or _short_sentence_end(last, seg):
        return True
    return not seg.zone and _indent_breaks(para, last, line, seg, geo)


def _would_fit(last: Line, line: Line, seg: Segment) -> bool:
    """If the next line's first word would have fitted on ``last``, ``last`` was ended on purpose."""
    word = max(0.0, line.first_word_x1 - line.x0) + 0.25 * last.size
    if seg.centred or (not seg.zone and centred(last, seg)):
        return (last.x1 - last.x0) + word <= (seg.x1 - seg.x0) - 1.0
    return last.x1 + word <= seg.x1 - 1.0


def _short_sentence_end(last: Line, seg: Segment) -> bool:
    """A line that ends a sentence well short of the margin ends its paragraph."""
    return _ends_sentence(last.text) and last.x1 < seg.x1 - 0.2 * (seg.x1 - seg.x0)


def _indent_breaks(para: Para, last: Line, line: Line, seg: Segment, geo: Geometry) -> bool:
    """First-line indents and returns to the margin that mark a new paragraph."""
    size = line.size
    first = para.lines[0]
    if starts_with_label(first.text) and abs(line.x0 - first.text_x0) <= 0.3 * size:
        return False  # hanging indent: the text of a list item goes on under its first word
    indent, last_indent = line.x0 - seg.x0, last.x0 - seg.x0
    if 0.5 * size <= indent - last_indent and indent <= MAX_INDENT * size:
        return True
    if len(para.lines) > 1 and last_indent - indent >= 0.5 * size:
        return True
    if geo.first_indent is None or len(para.lines) > 1:
        return False
    # the document indents first lines: two indented lines in a row are two one-line paragraphs
    return abs(indent - geo.first_indent) <= 0.3 * size and abs(last_indent - geo.first_indent) <= 0.3 * size


def centred(line: Line, seg: Segment, strict: bool = True) -> bool:
    """Whether the line's middle is the column's middle.

    Strictly centred lines also keep clear of both edges, so a full justified line does not count;
    a wide centred heading's first line is only symmetric, and that is enough to go on with one.
    """
    if strict and (line.x0 < seg.x0 + line.size or line.x1 > seg.x1 - line.size):
        return False
    if strict and seg.indent_x is not None and abs(line.x0 - seg.indent_x) <= 0.5:
        return False  # an indented line that happens to end as far from the margin as it starts
    tolerance = max(3.0, 0.02 * (seg.x1 - seg.x0))
    return abs((line.x0 + line.x1) / 2 - (seg.x0 + seg.x1) / 2) <= tolerance


def _alignment_changes(last: Line, line: Line, seg: Segment) -> bool:
    """A centred heading next to body text, in either order."""
    return ((centred(last, seg) and not centred(line, seg, strict=False))
            or (centred(line, seg) and not centred(last, seg, strict=False)))


def _ends_sentence(text: str) -> bool:
    """Whether a line ends a sentence, closing brackets and quotes aside.

    >>> _ends_sentence("đạt 99,5%)."), _ends_sentence("(còn hạn)"), _ends_sentence("như sau:")
    (True, False, False)
    """
    return text.rstrip(CLOSERS).endswith((".", "!", "?", "…"))


def _ends_clause(text: str) -> bool:
    return text.rstrip(CLOSERS).endswith((".", "!", "?", "…", ":", ";"))


def join_across_pages(pages: Sequence[Page], geometry: dict[tuple[int, int], Geometry],
                       per_page: list[list[Para | TableItem]]) -> list[Para | TableItem]:
    """Concatenate the pages, joining a paragraph or a table that a page break cut in two.

    Conservative: the last line must be full (the next page's first word would not have fitted on
    it) and must not end a clause, and the next page must open with a plain unindented line in the
    main flow.
    """
    out: list[Para | TableItem] = []
    for page, items in zip(pages, per_page, strict=True):
        prev, nxt = (out[-1] if out else None), (items[0] if items else None)
        geo = geometry[size_key(page)]
        if isinstance(prev, Para) and isinstance(nxt, Para) and _continues(prev, nxt, geo):
            prev.lines.extend(nxt.lines)
            items = items[1:]
        elif isinstance(prev, TableItem) and isinstance(nxt, TableItem):
            merged = merge_tables(prev, nxt)
            if merged is not None:
                out[-1] = merged
                items = items[1:]
        out.extend(items)
    return out


def _continues(prev: Para, nxt: Para, geo: Geometry) -> bool:
    if prev.zone or nxt.zone:
        return False
    last, first = prev.lines[-1], nxt.lines[0]
    size = max(last.size, first.size)
    column = main_column(geo)
    reaches_margin = last.x1 >= geo.right - 0.15 * (geo.right - geo.left)  # ragged right ends a little short
    return (abs(last.size - first.size) <= 0.15 * size and reaches_margin
            and not _ends_clause(last.text) and not starts_with_label(first.text)
            and abs(first.x0 - geo.left) <= 0.5 * size and not centred(last, column)
            and not centred(first, column) and not _would_fit(last, first, column))


