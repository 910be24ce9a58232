"""PDF → ``Document``: glyphs with positions → lines → paragraphs and tables in reading order.

A PDF holds positioned glyphs, not paragraphs, so the paragraphs are rebuilt from layout evidence:
vertical gaps, first-line indents, list labels, centring, and whether the next word would have
fitted on the previous line (if it would have, the line was ended on purpose). Text is read with
pypdfium2, once, because it is several times faster than pdfminer; pdfplumber is used only for
the ruling-line table finder, and only on pages that draw lines, fed a copy of those pages with
the text removed so that pdfminer has nothing slow left to parse. Running headers, footers and
page numbers are set aside as ``part="header"/"footer"`` blocks after the body, so that the body
reads as one flow. Anything the libraries raise on a bad file becomes an ``InputError``.
"""

from __future__ import annotations

import ctypes
import io
import math
import re
import shutil
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from report_miner.errors import InputError
from report_miner.models import Block, Cell, Document, Table
from report_miner.normalize import normalize_text

# Distances are in ems of the text's own font size, so that they hold for 12 pt and 14 pt alike.
SPACE_GAP = 0.15  # a wider gap between two glyphs is a word space, even without a space glyph
RUN_GAP = 0.6  # a wider gap ends a run of glyphs (cell borders, tab stops)
COLUMN_GAP = 1.5  # a wider gap inside one line separates columns, unless it follows a list label
SAME_LINE = 0.4  # baselines closer than this belong to one line
MAX_INDENT = 6.0  # a left offset up to this is an indent; beyond, the line sits in a column
EDGE_BAND = 0.12  # fraction of the page height where running headers and footers live

STRONG_LABEL = r"(?:[IVXLCDM]{1,6}\.|\d{1,2}(?:\.\d{1,2}){0,3}[.)]|[a-zđ][.)]|\(\d{1,2}\)|\([a-zđ]\))"
WEAK_LABEL = r"[-–—+•*●▪◦\uf0b7\uf0a7\uf0d8\uf076\uf0fc]"
_STRONG_RE = re.compile(rf"^{STRONG_LABEL}(?=\s|$)")
_WEAK_RE = re.compile(rf"^{WEAK_LABEL}")
_LABEL_ONLY_RE = re.compile(rf"^(?:{STRONG_LABEL}|{WEAK_LABEL})\s*$")
# Signature lines: "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH" are paragraphs of their own,
# however narrow the column they are centred in.
_SIGNER_RE = re.compile(r"^(?:(?:TM|KT|TL|TUQ|Q)\.\s|(?:PHÓ\s+)?(?:CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG BAN|TRƯỞNG PHÒNG"
                        r"|CHÁNH VĂN PHÒNG|BÍ THƯ)$)")
_PAGE_NUMBER_RE = re.compile(r"^[-–—\s]*(?:trang\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?[-–—\s]*$", re.IGNORECASE)
_CLOSERS = " \t\"'”’)]»"

_Box = tuple[float, float, float, float]  # left, top, right, bottom in PDF space (y grows upwards)

CORRUPT = "tệp PDF bị hỏng, không mở được (corrupt pdf)"
ENCRYPTED = "tệp PDF được đặt mật khẩu, hãy gỡ mật khẩu rồi gửi lại (encrypted)"
NO_PAGES = "tệp PDF không có trang nào (no pages)"
NO_TEXT = "tệp PDF không có chữ nào để đọc (no text)"
TABLES_FAILED = "không nhận diện được bảng trong tệp PDF, bảng được đọc như đoạn văn (table detection failed)"
LEGACY_FONTS = {"tcvn3": "TCVN3, .VnTime", "vni": "VNI"}


# --------------------------------------------------------------------------- layout records


@dataclass(slots=True)
class _Style:
    """What a text object says about its glyphs: effective size and weight."""

    size: float
    bold: bool
    italic: bool
    legacy: str | None = None  # "tcvn3" or "vni" for fonts whose codes are not Unicode


@dataclass(slots=True)
class _Run:
    """Glyphs that follow each other on one baseline without a wide gap."""

    parts: list[str]
    x0: float
    x1: float
    base: float
    size: float
    bold: bool
    italic: bool
    first_word_x1: float
    second_word_x0: float | None = None
    last_space: bool = False
    in_first_word: bool = True
    legacy: str | None = None

    @property
    def raw(self) -> str:
        return "".join(self.parts)


@dataclass(slots=True)
class _Line:
    """One line of one column: the unit paragraphs are built from."""

    page: int
    raw: str
    x0: float
    x1: float
    base: float
    size: float
    bold: bool
    italic: bool
    first_word_x1: float
    text_x0: float
    text: str = ""  # the raw line without its outer spaces, for the label and punctuation tests

    def __post_init__(self) -> None:
        self.text = self.raw.strip()


@dataclass(slots=True)
class _GridCell:
    """A table cell while the table may still grow: a page break can continue it."""

    row: int
    col: int
    row_span: int
    col_span: int
    raw: str
    bold: bool


@dataclass(slots=True)
class _TableItem:
    """A ruled table found on a page: column boundaries, cells, and the runs read into them."""

    page: int
    xs: list[float]  # column boundaries, left to right
    top: float
    bottom: float
    n_rows: int
    cells: list[_GridCell]
    runs: set[int] = field(default_factory=set)  # ids of the runs read into its cells

    @property
    def x0(self) -> float:
        return self.xs[0]

    @property
    def x1(self) -> float:
        return self.xs[-1]


@dataclass(slots=True)
class _Para:
    """A paragraph being assembled; ``zone`` marks one that sits in a side-by-side column."""

    lines: list[_Line]
    zone: bool = False


@dataclass(slots=True)
class _Segment:
    """A stretch of one page read top to bottom: the main flow or one column of a zone."""

    items: list[_Line | _TableItem]
    zone: bool
    x0: float = 0.0
    x1: float = 0.0
    centred: bool = False
    indent_x: float | None = None  # where first-line-indented lines start, in the main flow


@dataclass(slots=True)
class _Geometry:
    """Where body text sits on pages of one size, and how far apart its lines are."""

    left: float
    right: float
    pitch: float  # normal baseline distance, in ems
    first_indent: float | None  # the document's first-line indent, in points, if it uses one


@dataclass(slots=True)
class _Page:
    """One page as it moves through the stages: runs, then lines, tables, margins, segments."""

    index: int
    box: tuple[float, float, float, float]  # media box: left, bottom, right, top
    runs: list[_Run]
    ruled: bool
    images: int
    lines: list[_Line] = field(default_factory=list)
    margins: list[_Line] = field(default_factory=list)
    tables: list[_TableItem] = field(default_factory=list)
    segments: list[_Segment] = field(default_factory=list)


# --------------------------------------------------------------------------- entry point


def pdf_to_document(path: str, data: bytes, sha256: str) -> Document:
    """Read a PDF report into blocks; raises ``InputError`` for files that cannot be read."""
    pdf = _open_pdf(path, data)
    try:
        return _read(path, pdf, sha256)
    except pdfium.PdfiumError as exc:
        raise InputError(path, CORRUPT, "corrupt") from exc
    finally:
        pdf.close()


def _read(path: str, pdf: pdfium.PdfDocument, sha256: str) -> Document:
    """Glyph runs per page → ruled tables → lines → margins set aside → reading-order segments →
    paragraphs, joined across page breaks → blocks. Page geometry is measured between the steps
    that need it, per page size, because annexes are often landscape."""
    n_pages = len(pdf)
    if n_pages == 0:
        raise InputError(path, NO_PAGES, "empty")
    pages = [_load_page(pdf, i) for i in range(n_pages)]
    warnings = _check_text_layer(path, pages)
    warnings += _attach_tables(pdf, pages)
    for page in pages:
        _page_lines(page)
    _set_aside_margins(pages)
    for page in pages:
        page.segments = _page_segments(page)
    geometry = _geometries(pages)
    body = _join_across_pages(pages, geometry, [_page_paragraphs(p, geometry) for p in pages])
    blocks = _blocks(body, pages, geometry)
    return Document.model_construct(path=path, format="pdf", sha256=sha256, pages=n_pages, blocks=blocks,
                                    warnings=warnings)


def _open_pdf(path: str, data: bytes) -> pdfium.PdfDocument:
    """Open with pdfium's own loader so a password or a broken file is told apart from no pages."""
    handle = pdfium_c.FPDF_LoadMemDocument64(data, len(data), None)
    if not handle:
        code = pdfium_c.FPDF_GetLastError()
        if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise InputError(path, ENCRYPTED, "encrypted")
        raise InputError(path, CORRUPT, "corrupt")
    return pdfium.PdfDocument(handle)


def _check_text_layer(path: str, pages: Sequence[_Page]) -> list[str]:
    """Refuse a file with no text at all; warn about single pages that are only a picture."""
    if not any(p.runs for p in pages):
        if any(p.images for p in pages):
            raise InputError(path, _scanned_reason(), "scanned")
        raise InputError(path, NO_TEXT, "empty")
    warnings = [f"trang {n} chỉ có ảnh quét, không có lớp chữ (page {n}: scanned, no text)"
                for n in (p.index + 1 for p in pages if not p.runs and p.images)]
    legacy = sorted({r.legacy for p in pages for r in p.runs if r.legacy})
    if legacy:
        fonts = ", ".join(LEGACY_FONTS[e] for e in legacy)
        warnings.append(f"tệp PDF dùng phông chữ cũ ({fonts}), chữ có thể bị sai mã "
                        f"(legacy font: {', '.join(legacy)})")
    return warnings


def _scanned_reason() -> str:
    """The scan refusal; it says whether the OCR engine a later version would use is installed."""
    engine = "đã có tesseract" if shutil.which("tesseract") else "máy chưa cài tesseract"
    return ("tệp PDF là bản scan (ảnh chụp), không có lớp chữ; chức năng nhận dạng chữ (OCR) "
            f"chưa được hỗ trợ, {engine} (scanned, no text layer; OCR not available)")


# --------------------------------------------------------------------------- glyphs → runs


def _load_page(pdf: pdfium.PdfDocument, index: int) -> _Page:
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
        return _Page(index, (box[0], box[1], box[2], box[3]), runs, ruled=paths >= 2, images=images)
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


def _glyph_runs(textpage: pdfium.PdfTextPage) -> list[_Run]:
    """One pass over the page's characters, grouping them into runs as they come.

    pdfium's generated characters (the spaces and line breaks it guesses) are skipped: the gaps
    are measured here instead, with thresholds relative to the font size.
    """
    raw = textpage.raw
    handle = ctypes.cast(raw, ctypes.c_void_p)
    box = pdfium_c.FS_RECTF()
    box_address = ctypes.addressof(box)
    styles: dict[int, _Style] = {}
    runs: list[_Run] = []
    run: _Run | None = None
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


def _object_style(raw: pdfium_c.FPDF_TEXTPAGE, index: int, obj: pdfium_c.FPDF_PAGEOBJECT) -> _Style:
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
    return _Style(size=size if size > 0.5 else 10.0, bold=bold, italic=italic, legacy=_legacy_encoding(name))


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


def _new_run(raw: pdfium_c.FPDF_TEXTPAGE, index: int, ch: str, x0: float, x1: float, style: _Style) -> _Run:
    """Start a run at a glyph; its baseline is the glyph's origin, which no accent can move."""
    ox, oy = ctypes.c_double(), ctypes.c_double()
    pdfium_c.FPDFText_GetCharOrigin(raw, index, ctypes.byref(ox), ctypes.byref(oy))
    return _Run(parts=[ch], x0=x0, x1=x1, base=oy.value, size=style.size, bold=style.bold,
                italic=style.italic, first_word_x1=x1, legacy=style.legacy)


def _extends(run: _Run, x0: float, bottom: float, style: _Style) -> bool:
    """A glyph continues a run if it sits on the same line just after it."""
    size = max(run.size, style.size)
    gap = x0 - run.x1
    return -0.5 * size <= gap <= RUN_GAP * size + (0.3 * size if run.last_space else 0.0) and (
        run.base - 0.5 * size <= bottom <= run.base + SAME_LINE * size)


def _add_glyph(run: _Run, ch: str, x0: float, x1: float, style: _Style) -> None:
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


def _runs_to_rows(runs: Iterable[_Run]) -> list[list[_Run]]:
    """Group runs that share a baseline, top to bottom, each row left to right."""
    rows: list[list[_Run]] = []
    for run in sorted(runs, key=lambda r: (-r.base, r.x0)):
        if rows and abs(rows[-1][0].base - run.base) <= SAME_LINE * min(rows[-1][0].size, run.size):
            rows[-1].append(run)
        else:
            rows.append([run])
    for row in rows:
        row.sort(key=lambda r: r.x0)
    return rows


def _row_to_lines(page: int, row: Sequence[_Run]) -> list[_Line]:
    """Split a row where a wide gap separates columns; a list label and its text stay together."""
    groups: list[list[_Run]] = [[row[0]]]
    for run in row[1:]:
        last = groups[-1]
        gap = run.x0 - last[-1].x1
        label = len(last) == 1 and _LABEL_ONLY_RE.match(last[0].raw.strip()) is not None
        if gap >= COLUMN_GAP * max(run.size, last[-1].size) and not label:
            groups.append([run])
        else:
            last.append(run)
    return [_merge_runs(page, g) for g in groups]


def _merge_runs(page: int, runs: Sequence[_Run]) -> _Line:
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
    return _Line(page=page, raw="".join(parts), x0=first.x0, x1=max(r.x1 for r in runs),
                 base=max(runs, key=lambda r: len(r.parts)).base, size=sizes.most_common(1)[0][0],
                 bold=all(r.bold for r in runs), italic=all(r.italic for r in runs),
                 first_word_x1=_first_word_x1(runs), text_x0=_text_x0(runs))


def _first_word_x1(runs: Sequence[_Run]) -> float:
    """Right edge of the line's first word; a lone label counts together with the word after it."""
    if len(runs) > 1 and _LABEL_ONLY_RE.match(runs[0].raw.strip()):
        return runs[1].first_word_x1
    return runs[0].first_word_x1


def _text_x0(runs: Sequence[_Run]) -> float:
    """Where the text after a list label starts: continuation lines of a hanging indent align here."""
    first = runs[0]
    if len(runs) > 1 and _LABEL_ONLY_RE.match(first.raw.strip()):
        return runs[1].x0
    if _starts_with_label(first.raw.strip()) and first.second_word_x0 is not None:
        return first.second_word_x0
    return first.x0


def _starts_with_label(text: str) -> bool:
    """Whether a line opens with a section or list label.

    >>> [_starts_with_label(t) for t in ("II. KẾT QUẢ", "1.1. Tiếp nhận", "b) Giải quyết", "- Lưu: VT.",
    ...                                   "2024. Tiếp", "1.286 hồ sơ", "5 hồ sơ")]
    [True, True, True, True, False, False, False]
    """
    return _STRONG_RE.match(text) is not None or _WEAK_RE.match(text) is not None


def _page_lines(page: _Page) -> None:
    """Lines of the page outside its tables: a run read into a cell is not a paragraph as well."""
    in_cells = {run_id for table in page.tables for run_id in table.runs}
    runs = [r for r in page.runs if id(r) not in in_cells]
    page.lines = [ln for row in _runs_to_rows(runs) for ln in _row_to_lines(page.index, row)]


# --------------------------------------------------------------------------- tables


def _attach_tables(pdf: pdfium.PdfDocument, pages: Sequence[_Page]) -> list[str]:
    """Find ruled tables on pages that draw lines; a failure costs the tables, not the text."""
    ruled = [p for p in pages if p.ruled and p.runs]
    if not ruled:
        return []
    try:
        grids = _find_grids(pdf, ruled)
    except Exception:  # noqa: BLE001 - pdfplumber/pdfminer raise many types on odd files
        return [TABLES_FAILED]
    for page in ruled:
        page.tables = [_fill_table(page, grid) for grid in grids.get(page.index, [])]
    return []


def _find_grids(pdf: pdfium.PdfDocument, pages: list[_Page]) -> dict[int, list[list[_Box]]]:
    """Cell boxes (left, top, right, bottom in PDF space) of each ruled table, by page index."""
    import pdfplumber

    found: dict[int, list[list[_Box]]] = {}
    with pdfplumber.open(io.BytesIO(_lines_only_copy(pdf, [p.index for p in pages]))) as plumber:
        for plumber_page, page in zip(plumber.pages, pages, strict=True):
            left, top = page.box[0], page.box[3]
            for table in plumber_page.find_tables():
                cells = [(left + c[0], top - c[1], left + c[2], top - c[3]) for c in table.cells]
                if len(cells) > 1:
                    found.setdefault(page.index, []).append(cells)
    return found


def _lines_only_copy(pdf: pdfium.PdfDocument, indexes: list[int]) -> bytes:
    """The ruled pages without their text: the table finder needs only the lines.

    pdfminer spends most of its time on glyphs; with them gone, finding a table takes a few
    milliseconds instead of a hundred. Page boxes are kept, so coordinates do not move.
    """
    copy = pdfium.PdfDocument.new()
    try:
        copy.import_pages(pdf, indexes)
        for k in range(len(copy)):
            page = copy[k]
            for obj in list(page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_TEXT,), max_depth=1)):
                page.remove_obj(obj)
                obj.close()
            page.gen_content()
            page.close()
        out = io.BytesIO()
        copy.save(out)
        return out.getvalue()
    finally:
        copy.close()


def _fill_table(page: _Page, cells: list[_Box]) -> _TableItem:
    """Turn cell boxes into a grid with spans, then read each cell's runs into its text."""
    xs = _snap(v for c in cells for v in (c[0], c[2]))
    ys = _snap((v for c in cells for v in (c[1], c[3])), reverse=True)
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    owner: dict[tuple[int, int], tuple[int, int]] = {}  # every grid position → its cell's top-left
    for x0, top, x1, bottom in cells:
        row, col = _nearest(ys, top), _nearest(xs, x0)
        span = (max(1, _nearest(ys, bottom) - row), max(1, _nearest(xs, x1) - col))
        spans[(row, col)] = span
        covered = ((r, k) for r in range(row, row + span[0]) for k in range(col, col + span[1]))
        owner.update(dict.fromkeys(covered, (row, col)))
    content: dict[tuple[int, int], list[_Run]] = {key: [] for key in spans}
    flipped = [-y for y in ys]
    for run in page.runs:
        cx, cy = (run.x0 + run.x1) / 2, run.base + 0.3 * run.size
        if xs[0] <= cx <= xs[-1] and ys[-1] <= cy <= ys[0]:
            key = owner.get((_slot(flipped, -cy), _slot(xs, cx)))
            if key is not None:
                content[key].append(run)
    grid = [_grid_cell(row, col, *spans[(row, col)], content[(row, col)]) for row, col in sorted(spans)]
    placed = {id(r) for runs in content.values() for r in runs}
    return _TableItem(page.index, xs=xs, top=ys[0], bottom=ys[-1], n_rows=len(ys) - 1, cells=grid,
                      runs=placed)


def _slot(bounds: list[float], value: float) -> int:
    """Index of the interval between ascending ``bounds`` that holds ``value``.

    >>> _slot([0.0, 10.0, 20.0], 15.0), _slot([0.0, 10.0, 20.0], 20.0)
    (1, 1)
    """
    return min(max(bisect_right(bounds, value) - 1, 0), len(bounds) - 2)


def _grid_cell(row: int, col: int, row_span: int, col_span: int, runs: list[_Run]) -> _GridCell:
    lines = [_merge_runs(0, r) for r in _runs_to_rows(runs)] if runs else []
    bold = bool(lines) and all(ln.bold for ln in lines)
    return _GridCell(row, col, row_span, col_span, raw=_join_lines(lines), bold=bold)


def _merge_tables(above: _TableItem, below: _TableItem) -> _TableItem | None:
    """One table from the two parts a page break made of it, or None if they are not one table.

    The parts must share their outer edges. Both are put on the union of their column boundaries
    (the part above may lack the sub-columns that only lower rows draw). Header rows repeated at
    the top of the new page are dropped, and a row the page break cut in two is made whole again.
    """
    if abs(above.x0 - below.x0) > 3.0 or abs(above.x1 - below.x1) > 3.0:
        return None
    xs = _snap(above.xs + below.xs)
    upper = [_regrid(c, above.xs, xs) for c in above.cells]
    lower = _drop_repeated_header(upper, [_regrid(c, below.xs, xs) for c in below.cells])
    lower = _fold_broken_row(upper, above.n_rows - 1, lower, len(xs) - 1)
    for cell in lower:
        cell.row += above.n_rows
    n_rows = max([above.n_rows] + [c.row + c.row_span for c in lower])
    return _TableItem(above.page, xs=xs, top=above.top, bottom=below.bottom, n_rows=n_rows,
                      cells=sorted(upper + lower, key=lambda c: (c.row, c.col)), runs=above.runs | below.runs)


def _regrid(cell: _GridCell, old: list[float], new: list[float]) -> _GridCell:
    col = _nearest(new, old[cell.col])
    span = max(1, _nearest(new, old[cell.col + cell.col_span]) - col)
    return _GridCell(cell.row, col, cell.row_span, span, cell.raw, cell.bold)


def _row_key(cells: Sequence[_GridCell], row: int) -> tuple[tuple[int, int, str], ...]:
    return tuple((c.col, c.col_span, normalize_text(c.raw)[0]) for c in cells if c.row == row)


def _drop_repeated_header(upper: list[_GridCell], lower: list[_GridCell]) -> list[_GridCell]:
    """Without the header rows a word processor repeats at the top of each page."""
    repeated = 0
    while (_row_key(lower, repeated) and _row_key(lower, repeated) == _row_key(upper, repeated)
           and any(text for *_, text in _row_key(lower, repeated))):
        repeated += 1
    kept = [c for c in lower if c.row >= repeated]
    for cell in kept:
        cell.row -= repeated
    return kept


def _fold_broken_row(upper: list[_GridCell], last_row: int, lower: list[_GridCell],
                     n_cols: int) -> list[_GridCell]:
    """Put the tail of a row the page break cut back into the cells above it; renumber the rest.

    The first row below is such a tail when every cell of it that has text sits under a cell above,
    and either all of them go on with a lower-case word ("Chứng" / "thực") or they fill at most a
    third of the columns ("Xã Hoài" / "Hải"): a new row starts with a number or a capital and
    fills most of its columns.
    """
    first = [c for c in lower if c.row == 0]
    texts = [c for c in first if c.raw.strip()]
    owner = {(r, k): c for c in upper for r in range(c.row, c.row + c.row_span)
             for k in range(c.col, c.col + c.col_span)}
    lower_case = all(c.raw.strip()[0].islower() for c in texts)
    sparse = sum(c.col_span for c in texts) <= n_cols / 3
    if not texts or not all((last_row, c.col) in owner for c in texts) or not (lower_case or sparse):
        return lower
    for cell in first:
        target = owner.get((last_row, cell.col))
        if target is None:
            continue
        if cell.raw.strip():
            target.raw = f"{target.raw}\n{cell.raw}" if target.raw else cell.raw
        target.row_span += cell.row_span - 1
    rest = [c for c in lower if c.row > 0]
    for cell in rest:
        cell.row -= 1
    return rest


def _snap(values: Iterable[float], reverse: bool = False, tolerance: float = 2.0) -> list[float]:
    """Distinct grid coordinates; borders drawn a fraction of a point apart are one border.

    >>> _snap([84.6, 552.2, 84.9, 120.0, 551.8])
    [84.6, 120.0, 551.8]
    """
    out: list[float] = []
    for v in sorted(values, reverse=reverse):
        if not out or abs(v - out[-1]) > tolerance:
            out.append(v)
    return out


def _nearest(grid: list[float], value: float) -> int:
    return min(range(len(grid)), key=lambda k: abs(grid[k] - value))


# --------------------------------------------------------------------------- headers, footers


def _set_aside_margins(pages: Sequence[_Page]) -> None:
    """Move page numbers and running headers/footers from each page's lines to its margins.

    A line qualifies only at the very top or bottom of the page, inside the edge band, and only if
    it is a bare page number or its text (digits masked) recurs at the same height on at least half
    of the pages.
    """
    candidates = [_edge_candidates(page) for page in pages]
    needed = max(2, math.ceil(0.5 * len(pages)))  # on most pages: an annex title on two pages is not one
    for page, lines in zip(pages, candidates, strict=True):
        margins = [ln for ln in lines if _PAGE_NUMBER_RE.match(ln.text) or _recurs(ln, candidates) >= needed]
        if margins:
            ids = {id(m) for m in margins}
            page.margins = sorted(margins, key=lambda ln: (-ln.base, ln.x0))
            page.lines = [ln for ln in page.lines if id(ln) not in ids]


def _recurs(line: _Line, candidates: Sequence[Sequence[_Line]]) -> int:
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


def _edge_candidates(page: _Page) -> list[_Line]:
    """Up to three lines from each edge of the page, inside the edge band, with no body line or
    table between them and the edge."""
    band = EDGE_BAND * (page.box[3] - page.box[1])
    by_height = sorted(page.lines, key=lambda ln: -ln.base)

    def near_top(ln: _Line) -> bool:
        return ln.base >= page.box[3] - band and all(ln.base > t.top for t in page.tables)

    def near_bottom(ln: _Line) -> bool:
        return ln.base <= page.box[1] + band and all(ln.base < t.bottom for t in page.tables)

    top = _edge_run(by_height, near_top)
    ids = {id(ln) for ln in top}
    return top + [ln for ln in _edge_run(by_height[::-1], near_bottom) if id(ln) not in ids]


def _edge_run(lines: Sequence[_Line], inside: Callable[[_Line], bool], limit: int = 3) -> list[_Line]:
    out: list[_Line] = []
    for ln in lines[:limit]:
        if not inside(ln):
            break
        out.append(ln)
    return out


# --------------------------------------------------------------------------- reading order


def _page_segments(page: _Page) -> list[_Segment]:
    """Cut the page into the main flow and side-by-side zones (letterhead, signature block).

    A zone is a run of rows whose lines leave a vertical channel free, with at least one row
    that has text on both sides of it; its columns are read one after the other.
    """
    rows = _page_rows(page)
    segments: list[_Segment] = []
    flow: list[_Line | _TableItem] = []
    i = 0
    while i < len(rows):
        zone = _zone_at(rows, i)
        if zone is None:
            flow.extend(rows[i])
            i += 1
            continue
        end, columns = zone
        if flow:
            segments.append(_Segment(items=flow, zone=False))
            flow = []
        segments.extend(_column_segment(c) for c in columns)
        i = end
    if flow:
        segments.append(_Segment(items=flow, zone=False))
    return segments


def _page_rows(page: _Page) -> list[list[_Line | _TableItem]]:
    """Lines grouped by baseline, with each table as a row of its own at its top edge."""
    rows: list[list[_Line | _TableItem]] = []
    for line in page.lines:
        head = rows[-1][0] if rows else None
        if isinstance(head, _Line) and abs(head.base - line.base) <= SAME_LINE * line.size:
            rows[-1].append(line)
        else:
            rows.append([line])
    for table in page.tables:
        at = next((k for k, row in enumerate(rows) if _row_top(row) < table.top), len(rows))
        rows.insert(at, [table])
    return rows


def _row_top(row: Sequence[_Line | _TableItem]) -> float:
    item = row[0]
    return item.top if isinstance(item, _TableItem) else item.base + item.size


def _zone_at(rows: list[list[_Line | _TableItem]], start: int) -> tuple[int, list[list[_Line]]] | None:
    """The side-by-side zone opening at ``rows[start]``: its end and its columns, if there is one.

    A zone opens at a row split into columns and goes down while the rows leave a channel free.
    """
    first = rows[start][0]
    if len(rows[start]) < 2 or not isinstance(first, _Line):
        return None
    widest = 0.75 * first.size
    spans: list[tuple[float, float]] = []
    end = start
    while end < len(rows) and all(isinstance(it, _Line) for it in rows[end]):
        candidate = spans + [(it.x0, it.x1) for it in rows[end]]
        if not _free_channels(candidate, widest):
            break
        spans = candidate
        end += 1
    cuts = [c for c in _free_channels(spans, widest) if _both_sides(rows[start:end], c)]
    if not cuts:
        return None
    columns: list[list[_Line]] = [[] for _ in range(len(cuts) + 1)]
    bounds = [c[0] for c in cuts]
    for line in (it for row in rows[start:end] for it in row if isinstance(it, _Line)):
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


def _both_sides(rows: Sequence[Sequence[_Line | _TableItem]], cut: tuple[float, float]) -> bool:
    return any(any(it.x1 <= cut[0] for it in row) and any(it.x0 >= cut[1] for it in row) for row in rows)


def _column_segment(lines: list[_Line]) -> _Segment:
    """A zone column; it is centred if its lines share a centre, like a letterhead cell."""
    x0, x1 = min(ln.x0 for ln in lines), max(ln.x1 for ln in lines)
    middle = (x0 + x1) / 2
    centred = len(lines) > 1 and all(abs((ln.x0 + ln.x1) / 2 - middle) <= 0.3 * ln.size for ln in lines)
    return _Segment(items=list(lines), zone=True, x0=x0, x1=x1, centred=centred)


# --------------------------------------------------------------------------- page geometry


def _geometries(pages: Sequence[_Page]) -> dict[tuple[int, int], _Geometry]:
    """Body column, line pitch and first-line indent, measured per page size."""
    groups: dict[tuple[int, int], list[_Page]] = {}
    for page in pages:
        groups.setdefault(_size_key(page), []).append(page)
    return {key: _measure(group) for key, group in groups.items()}


def _size_key(page: _Page) -> tuple[int, int]:
    return round(page.box[2] - page.box[0]), round(page.box[3] - page.box[1])


def _flow_lines(pages: Sequence[_Page]) -> list[list[_Line]]:
    return [[it for it in s.items if isinstance(it, _Line)] for p in pages for s in p.segments if not s.zone]


def _measure(pages: Sequence[_Page]) -> _Geometry:
    flows = _flow_lines(pages)
    lines = [ln for flow in flows for ln in flow]
    box = pages[0].box
    width = box[2] - box[0]
    if not lines:
        return _Geometry(left=box[0] + 0.1 * width, right=box[0] + 0.9 * width, pitch=1.2, first_indent=None)
    left = _body_left(lines)
    right = _body_right(lines, left, mirrored=box[2] - (left - box[0]))
    pitch = _normal_pitch(flows, left)
    indent = _first_indent(flows, left, right, pitch)
    return _Geometry(left=left, right=right, pitch=pitch, first_indent=indent)


def _body_right(lines: Sequence[_Line], left: float, mirrored: float) -> float:
    """The right edge most full lines reach; with too few lines, the left margin mirrored."""
    rights = sorted(ln.x1 for ln in lines if ln.x0 <= left + ln.size)
    if len(rights) >= 5:
        return rights[int(0.95 * (len(rights) - 1))]
    return max([mirrored, left + 1.0, *rights])


def _body_left(lines: Sequence[_Line]) -> float:
    """The text column's left edge: the leftmost x that a good share of lines start at."""
    bins = Counter(round(ln.x0 / 2) for ln in lines)
    enough = max(2, 0.15 * len(lines))
    frequent = [b for b, n in bins.items() if n >= enough]
    if not frequent:
        return min(ln.x0 for ln in lines)
    return min(ln.x0 for ln in lines if round(ln.x0 / 2) == min(frequent))


def _normal_pitch(flows: Sequence[Sequence[_Line]], left: float) -> float:
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


def _first_indent(flows: Sequence[Sequence[_Line]], left: float, right: float, pitch: float) -> float | None:
    """The first-line indent, if paragraphs often start indented and go on at the margin."""
    found: list[float] = []
    for flow in flows:
        for a, b in zip(flow, flow[1:], strict=False):
            indent = a.x0 - left
            if (0.5 * a.size <= indent <= MAX_INDENT * a.size and abs(b.x0 - left) <= 0.3 * b.size
                    and a.x1 >= right - a.size and a.base - b.base <= pitch * a.size * 1.1
                    and not _starts_with_label(a.text)):
                found.append(indent)
    if len(found) < 3:
        return None
    found.sort()
    return found[len(found) // 2]


# --------------------------------------------------------------------------- lines → paragraphs


def _page_paragraphs(page: _Page, geometry: dict[tuple[int, int], _Geometry]) -> list[_Para | _TableItem]:
    """Paragraphs and tables of one page in reading order."""
    geo = geometry[_size_key(page)]
    out: list[_Para | _TableItem] = []
    for segment in page.segments:
        if not segment.zone:
            segment.x0, segment.x1 = geo.left, geo.right
            segment.indent_x = None if geo.first_indent is None else geo.left + geo.first_indent
        para: _Para | None = None
        for item in segment.items:
            if isinstance(item, _TableItem):
                out.append(item)
                para = None
            elif para is not None and not _breaks(para, item, segment, geo):
                para.lines.append(item)
            else:
                para = _Para(lines=[item], zone=segment.zone)
                out.append(para)
    return out


def _breaks(para: _Para, line: _Line, seg: _Segment, geo: _Geometry) -> bool:
    """Whether ``line`` starts a new paragraph after ``para`` on the same page."""
    last = para.lines[-1]
    size = max(last.size, line.size)
    gap = last.base - line.base
    if gap < 0.5 * size or gap > (geo.pitch * 1.2 + 0.1) * size:
        return True
    if abs(last.size - line.size) > 0.15 * size:
        return True
    if _STRONG_RE.match(line.text) or _SIGNER_RE.match(line.text) or _SIGNER_RE.match(last.text):
        return True
    if seg.zone and (last.bold != line.bold or last.italic != line.italic):
        return True  # letterhead cells change style between paragraphs: bold unit name, italic date
    if _WEAK_RE.match(line.text) and (_ends_clause(last.text) or _would_fit(last, line, seg)):
        return True
    if not seg.zone and _alignment_changes(last, line, seg):
        return True
    if _would_fit(last, line, seg) or _short_sentence_end(last, seg):
        return True
    return not seg.zone and _indent_breaks(para, last, line, seg, geo)


def _would_fit(last: _Line, line: _Line, seg: _Segment) -> bool:
    """If the next line's first word would have fitted on ``last``, ``last`` was ended on purpose."""
    word = max(0.0, line.first_word_x1 - line.x0) + 0.25 * last.size
    if seg.centred or (not seg.zone and _centred(last, seg)):
        return (last.x1 - last.x0) + word <= (seg.x1 - seg.x0) - 1.0
    return last.x1 + word <= seg.x1 - 1.0


def _short_sentence_end(last: _Line, seg: _Segment) -> bool:
    """A line that ends a sentence well short of the margin ends its paragraph."""
    return _ends_sentence(last.text) and last.x1 < seg.x1 - 0.2 * (seg.x1 - seg.x0)


def _indent_breaks(para: _Para, last: _Line, line: _Line, seg: _Segment, geo: _Geometry) -> bool:
    """First-line indents and returns to the margin that mark a new paragraph."""
    size = line.size
    first = para.lines[0]
    if _starts_with_label(first.text) and abs(line.x0 - first.text_x0) <= 0.3 * size:
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


def _centred(line: _Line, seg: _Segment, strict: bool = True) -> bool:
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


def _alignment_changes(last: _Line, line: _Line, seg: _Segment) -> bool:
    """A centred heading next to body text, in either order."""
    return ((_centred(last, seg) and not _centred(line, seg, strict=False))
            or (_centred(line, seg) and not _centred(last, seg, strict=False)))


def _ends_sentence(text: str) -> bool:
    """Whether a line ends a sentence, closing brackets and quotes aside.

    >>> _ends_sentence("đạt 99,5%)."), _ends_sentence("(còn hạn)"), _ends_sentence("như sau:")
    (True, False, False)
    """
    return text.rstrip(_CLOSERS).endswith((".", "!", "?", "…"))


def _ends_clause(text: str) -> bool:
    return text.rstrip(_CLOSERS).endswith((".", "!", "?", "…", ":", ";"))


def _join_across_pages(pages: Sequence[_Page], geometry: dict[tuple[int, int], _Geometry],
                       per_page: list[list[_Para | _TableItem]]) -> list[_Para | _TableItem]:
    """Concatenate the pages, joining a paragraph or a table that a page break cut in two.

    Conservative: the last line must be full (the next page's first word would not have fitted on
    it) and must not end a clause, and the next page must open with a plain unindented line in the
    main flow.
    """
    out: list[_Para | _TableItem] = []
    for page, items in zip(pages, per_page, strict=True):
        prev, nxt = (out[-1] if out else None), (items[0] if items else None)
        geo = geometry[_size_key(page)]
        if isinstance(prev, _Para) and isinstance(nxt, _Para) and _continues(prev, nxt, geo):
            prev.lines.extend(nxt.lines)
            items = items[1:]
        elif isinstance(prev, _TableItem) and isinstance(nxt, _TableItem):
            merged = _merge_tables(prev, nxt)
            if merged is not None:
                out[-1] = merged
                items = items[1:]
        out.extend(items)
    return out


def _continues(prev: _Para, nxt: _Para, geo: _Geometry) -> bool:
    if prev.zone or nxt.zone:
        return False
    last, first = prev.lines[-1], nxt.lines[0]
    size = max(last.size, first.size)
    column = _main_column(geo)
    reaches_margin = last.x1 >= geo.right - 0.15 * (geo.right - geo.left)  # ragged right ends a little short
    return (abs(last.size - first.size) <= 0.15 * size and reaches_margin
            and not _ends_clause(last.text) and not _starts_with_label(first.text)
            and abs(first.x0 - geo.left) <= 0.5 * size and not _centred(last, column)
            and not _centred(first, column) and not _would_fit(last, first, column))


# --------------------------------------------------------------------------- blocks


def _main_column(geo: _Geometry) -> _Segment:
    """The page's text column as a segment, for tests that need no particular segment's lines."""
    indent_x = None if geo.first_indent is None else geo.left + geo.first_indent
    return _Segment(items=[], zone=False, x0=geo.left, x1=geo.right, indent_x=indent_x)


def _join_lines(lines: Sequence[_Line]) -> str:
    """A paragraph's raw text: lines joined by newlines, except after a hyphen or slash that ends a
    line with no space before it ("24/KH-" + "UBND" is one token)."""
    out: list[str] = []
    for k, line in enumerate(lines):
        if k:
            prev = out[-1]
            glued = prev.endswith(("-", "/")) and len(prev) > 1 and prev[-2] != " "
            if not glued:
                out.append("\n")
        out.append(line.raw)
    return "".join(out)


def _blocks(body: Sequence[_Para | _TableItem], pages: Sequence[_Page],
            geometry: dict[tuple[int, int], _Geometry]) -> list[Block]:
    """Body blocks in reading order, then each page's headers and footers."""
    blocks: list[Block] = []
    for item in body:
        if isinstance(item, _TableItem):
            blocks.append(_table_block(len(blocks), item))
        else:
            geo = geometry[_size_key(pages[item.lines[0].page])]
            blocks.append(_paragraph_block(len(blocks), item.lines, geo, "body"))
    for page in pages:
        geo = geometry[_size_key(page)]
        for line in page.margins:
            middle = (page.box[1] + page.box[3]) / 2
            part: Literal["header", "footer"] = "header" if line.base > middle else "footer"
            blocks.append(_paragraph_block(len(blocks), [line], geo, part))
    return blocks


def _paragraph_block(index: int, lines: Sequence[_Line], geo: _Geometry,
                     part: Literal["body", "header", "footer"]) -> Block:
    raw = _join_lines(lines)
    text, offsets = normalize_text(raw)
    column = _main_column(geo)
    return Block.model_construct(index=index, kind="paragraph", part=part, text=text, raw=raw, offsets=offsets,
                 page=lines[0].page + 1, bold=all(ln.bold for ln in lines),
                 italic=all(ln.italic for ln in lines), centered=_block_centred(lines, column))


def _block_centred(lines: Sequence[_Line], column: _Segment) -> bool:
    return (all(_centred(ln, column, strict=False) for ln in lines)
            and any(_centred(ln, column) for ln in lines))


def _table_block(index: int, item: _TableItem) -> Block:
    """A table block; its text is the cells row by row, so a search over block text finds them."""
    cells = [Cell.model_construct(row=c.row, col=c.col, row_span=c.row_span, col_span=c.col_span,
                  text=normalize_text(c.raw)[0], raw=c.raw, bold=c.bold) for c in item.cells]
    table = Table.model_construct(n_rows=item.n_rows, n_cols=len(item.xs) - 1, cells=cells)
    rows: list[list[str]] = [[] for _ in range(table.n_rows)]
    for cell in cells:
        rows[cell.row].append(cell.raw.replace("\n", " "))
    raw = "\n".join("\t".join(r) for r in rows)
    text, offsets = normalize_text(raw)
    bold = any(c.text for c in cells) and all(c.bold for c in cells if c.text)
    return Block.model_construct(index=index, kind="table", part="body", text=text, raw=raw, offsets=offsets,
                 page=item.page + 1, bold=bold, table=table)
