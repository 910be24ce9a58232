"""PDF glyphs → runs of glyphs with their style → lines of one column, read with pypdfium2."""

from __future__ import annotations

import ctypes
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from report_miner.ingest.pdf_layout import (
    COLUMN_GAP,
    LABEL_ONLY_RE,
    RUN_GAP,
    SAME_LINE,
    SPACE_GAP,
    STRONG_RE,
    WEAK_RE,
    Line,
    Page,
    Run,
    Style,
)

# --------------------------------------------------------------------------- glyphs → runs


def load_page(pdf: pdfium.PdfDocument, index: int) -> Page:
    """Read one page's glyph runs and note whether it draws lines (a table) or images (a scan)."""
    page = pdf[index]
    try:
        box = tuple(float(v) for v in page.get_mediabox())
        textpage = page.get_textpage()
        try:
            runs = _glyph_runs(textpage)
        finally:
            textpage.close()
        paths, images = _count_graphics(page)
        return Page(index, (box[0], box[1], box[2], box[3]), runs, ruled=paths >= 2, images=images)
    finally:
        page.close()


def _count_graphics(page: pdfium.PdfPage) -> tuple[int, int]:
    """Count path and image objects, including those inside form XObjects."""
    paths = images = 0
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE)):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
            paths += 1
        else:
            images += 1
    return paths, images


def _plain_pointer_clone(function: Any, restype: Any, *argtypes: Any) -> Any:
    """The same pdfium function declared with plain pointer types.

    The generated bindings convert arguments and wrap results in typed pointers, which in a loop
    over every glyph costs more than the call itself; the clone keeps the calling convention.
    """
    clone = type(function)(ctypes.cast(function, ctypes.c_void_p).value)
    clone.restype = restype
    clone.argtypes = argtypes
    return clone


_POINTER, _INT = ctypes.c_void_p, ctypes.c_int
_TEXT_OBJECT = _plain_pointer_clone(pdfium_c.FPDFText_GetTextObject, _POINTER, _POINTER, _INT)
_UNICODE = _plain_pointer_clone(pdfium_c.FPDFText_GetUnicode, ctypes.c_uint, _POINTER, _INT)
_LOOSE_BOX = _plain_pointer_clone(pdfium_c.FPDFText_GetLooseCharBox, _INT, _POINTER, _INT, _POINTER)


def _glyph_runs(textpage: pdfium.PdfTextPage) -> list[Run]:
    """One pass over the page's characters, grouping them into runs as they come.

    pdfium's generated characters (the spaces and line breaks it guesses) are skipped: the gaps
    are measured here instead, with thresholds relative to the font size.
    """
    raw = textpage.raw
    handle = ctypes.cast(raw, ctypes.c_void_p)
    box = pdfium_c.FS_RECTF()
    box_address = ctypes.addressof(box)
    styles: dict[int, Style] = {}
    runs: list[Run] = []
    run: Run | None = None
    for i in range(pdfium_c.FPDFText_CountChars(raw)):
        obj = _TEXT_OBJECT(handle, i)
        if not obj:
            continue
        ch = _glyph_text(_UNICODE(handle, i))
        if not ch:
            continue
        _LOOSE_BOX(handle, i, box_address)
        style = styles.get(obj)
        if style is None:
            style = styles[obj] = _object_style(raw, i, ctypes.cast(obj, pdfium_c.FPDF_PAGEOBJECT))
        if run is not None and _extends(run, box.left, box.bottom, style):
            _add_glyph(run, ch, box.left, box.right, style)
        elif ch != " ":
            run = _new_run(raw, i, ch, box.left, box.right, style)
            runs.append(run)
    return runs


def _glyph_text(code: int) -> str:
    """The character pdfium reports, with its hyphen marker and control codes made plain.

    >>> [_glyph_text(c) for c in (2, 9, 7, 0x1EBF)]
    ['-', ' ', '', 'ế']
    """
    if code == 2:  # pdfium marks a hyphen that ends a line
        return "-"
    if code in (9, 10, 13, 0xA0):
        return " "
    if code < 32 or code in (0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF:
        return ""
    return chr(code)


def _object_style(raw: pdfium_c.FPDF_TEXTPAGE, index: int, obj: pdfium_c.FPDF_PAGEOBJECT) -> Style:
    """Size and weight of a text object; Word and LibreOffice name the weight in the font name."""
    matrix = pdfium_c.FS_MATRIX()
    scale = 1.0
    if pdfium_c.FPDFText_GetMatrix(raw, index, ctypes.byref(matrix)):
        scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5 or 1.0
    size = pdfium_c.FPDFText_GetFontSize(raw, index) * scale
    font = pdfium_c.FPDFTextObj_GetFont(obj)
    name = _font_name(font).lower()
    flags = pdfium_c.FPDFFont_GetFlags(font) if font else 0
    weight = pdfium_c.FPDFFont_GetWeight(font) if font else -1
    fake_bold = pdfium_c.FPDFTextObj_GetTextRenderMode(obj) == pdfium_c.FPDF_TEXTRENDERMODE_FILL_STROKE
    bold = (any(w in name for w in ("bold", "black", "heavy", "semibold", "demibold"))
            or weight >= 600 or bool(flags & (1 << 18)) or fake_bold)
    italic = "italic" in name or "oblique" in name or bool(flags & (1 << 6))
    return Style(size=size if size > 0.5 else 10.0, bold=bold, italic=italic, legacy=_legacy_encoding(name))


def _legacy_encoding(font_name: str) -> str | None:
    """The 8-bit Vietnamese encoding a font name announces, if any.

    >>> [_legacy_encoding(n) for n in ("abcdef+.vntimeh", "vni-times", "timesnewromanpsmt")]
    ['tcvn3', 'vni', None]
    """
    name = font_name.lower().split("+")[-1].lstrip("#2e.")
    if name.startswith("vni"):
        return "vni"
    return "tcvn3" if name.startswith("vn") else None


def _font_name(font: pdfium_c.FPDF_FONT) -> str:
    """The font's PostScript name ("TimesNewRomanPS-BoldMT"); older pdfium builds lack the call
    for it and give the family name, which still carries the weight for most embedded fonts."""
    if not font:
        return ""
    buffer = ctypes.create_string_buffer(256)
    for getter in ("FPDFFont_GetBaseFontName", "FPDFFont_GetFamilyName", "FPDFFont_GetFontName"):
        function = getattr(pdfium_c, getter, None)
        if function is not None and function(font, buffer, 256):
            return buffer.value.decode("latin-1")
    return ""


def _new_run(raw: pdfium_c.FPDF_TEXTPAGE, index: int, ch: str, x0: float, x1: float, style: Style) -> Run:
    """Start a run at a glyph; its baseline is the glyph's origin, which no accent can move."""
    ox, oy = ctypes.c_double(), ctypes.c_double()
    pdfium_c.FPDFText_GetCharOrigin(raw, index, ctypes.byref(ox), ctypes.byref(oy))
    return Run(parts=[ch], x0=x0, x1=x1, base=oy.value, size=style.size, bold=style.bold,
                italic=style.italic, first_word_x1=x1, legacy=style.legacy)


def _extends(run: Run, x0: float, bottom: float, style: Style) -> bool:
    """A glyph continues a run if it sits on the same line just after it."""
    size = max(run.size, style.size)
    gap = x0 - run.x1
    return -0.5 * size <= gap <= RUN_GAP * size + (0.3 * size if run.last_space else 0.0) and (
        run.base - 0.5 * size <= bottom <= run.base + SAME_LINE * size)


def _add_glyph(run: Run, ch: str, x0: float, x1: float, style: Style) -> None:
    if ch == " ":
        if not run.last_space:
            run.parts.append(" ")
            run.last_space = True
            run.in_first_word = False
        return
    if not run.last_space and x0 - run.x1 > SPACE_GAP * max(run.size, style.size):
        run.parts.append(" ")
        run.in_first_word = False
    if not run.in_first_word and run.second_word_x0 is None:
        run.second_word_x0 = x0
    run.parts.append(ch)
    run.last_space = False
    run.x1 = max(run.x1, x1)
    if run.in_first_word:
        run.first_word_x1 = run.x1
    run.bold = run.bold and style.bold
    run.italic = run.italic and style.italic
    run.legacy = run.legacy or style.legacy


# --------------------------------------------------------------------------- runs → lines


def runs_to_rows(runs: Iterable[Run]) -> list[list[Run]]:
    """Group runs that share a baseline, top to bottom, each row left to right."""
    rows: list[list[Run]] = []
    for run in sorted(runs, key=lambda r: (-r.base, r.x0)):
        if rows and abs(rows[-1][0].base - run.base) <= SAME_LINE * min(rows[-1][0].size, run.size):
            rows[-1].append(run)
        else:
            rows.append([run])
    for row in rows:
        row.sort(key=lambda r: r.x0)
    return rows


def _row_to_lines(page: int, row: Sequence[Run]) -> list[Line]:
    """Split a row where a wide gap separates columns; a list label and its text stay together."""
    groups: list[list[Run]] = [[row[0]]]
    for run in row[1:]:
        last = groups[-1]
        gap = run.x0 - last[-1].x1
        label = len(last) == 1 and LABEL_ONLY_RE.match(last[0].raw.strip()) is not None
        if gap >= COLUMN_GAP * max(run.size, last[-1].size) and not label:
            groups.append([run])
        else:
            last.append(run)
    return [merge_runs(page, g) for g in groups]


def merge_runs(page: int, runs: Sequence[Run]) -> Line:
    """One column's line from its runs; the dominant size is the one most characters use."""
    parts: list[str] = []
    for k, run in enumerate(runs):
        text = run.raw
        touching = parts and (parts[-1].endswith(" ") or text.startswith(" "))
        if k and not touching and run.x0 - runs[k - 1].x1 > SPACE_GAP * run.size:
            parts.append(" ")
        parts.append(text)
    sizes: Counter[float] = Counter()
    for run in runs:
        sizes[round(run.size, 1)] += len(run.parts)
    first = runs[0]
    return Line(page=page, raw="".join(parts), x0=first.x0, x1=max(r.x1 for r in runs),
                 base=max(runs, key=lambda r: len(r.parts)).base, size=sizes.most_common(1)[0][0],
                 bold=all(r.bold for r in runs), italic=all(r.italic for r in runs),
                 first_word_x1=_first_word_x1(runs), text_x0=_text_x0(runs))


def _first_word_x1(runs: Sequence[Run]) -> float:
    """Right edge of the line's first word; a lone label counts together with the word after it."""
    if len(runs) > 1 and LABEL_ONLY_RE.match(runs[0].raw.strip()):
        return runs[1].first_word_x1
    return runs[0].first_word_x1


def _text_x0(runs: Sequence[Run]) -> float:
    """Where the text after a list label starts: continuation lines of a hanging indent align here."""
    first = runs[0]
    if len(runs) > 1 and LABEL_ONLY_RE.match(first.raw.strip()):
        return runs[1].x0
    if starts_with_label(first.raw.strip()) and first.second_word_x0 is not None:
        return first.second_word_x0
    return first.x0


def starts_with_label(text: str) -> bool:
    """Whether a line opens with a section or list label.

    >>> [starts_with_label(t) for t in ("II. KẾT QUẢ", "1.1. Tiếp nhận", "b) Giải quyết", "- Lưu: VT.",
    ...                                   "2024. Tiếp", "1.286 hồ sơ", "5 hồ sơ")]
    [True, True, True, True, False, False, False]
    """
    return STRONG_RE.match(text) is not None or WEAK_RE.match(text) is not None


def page_lines(page: Page) -> None:
    """Lines of the page outside its tables: a run read into a cell is not a paragraph as well."""
    in_cells = {run_id for table in page.tables for run_id in table.runs}
    runs = [r for r in page.runs if id(r) not in in_cells]
    page.lines = [ln for row in runs_to_rows(runs) for ln in _row_to_lines(page.index, row)]


