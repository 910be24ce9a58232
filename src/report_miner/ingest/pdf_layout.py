"""The PDF reader's layout records (glyph runs, lines, table cells, paragraphs, page geometry) and the
distances and label patterns its steps share."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

# Distances are in ems of the text's own font size, so that they hold for 12 pt and 14 pt alike.
SPACE_GAP = 0.15  # a wider gap between two glyphs is a word space, even without a space glyph
RUN_GAP = 0.6  # a wider gap ends a run of glyphs (cell borders, tab stops)
COLUMN_GAP = 1.5  # a wider gap inside one line separates columns, unless it follows a list label
SAME_LINE = 0.4  # baselines closer than this belong to one line
MAX_INDENT = 6.0  # a left offset up to this is an indent; beyond, the line sits in a column
EDGE_BAND = 0.12  # fraction of the page height where running headers and footers live

STRONG_LABEL = r"(?:[IVXLCDM]{1,6}\.|\d{1,2}(?:\.\d{1,2}){0,3}[.)]|[a-zđ][.)]|\(\d{1,2}\)|\([a-zđ]\))"
WEAK_LABEL = r"[-–—+•*●▪◦\uf0b7\uf0a7\uf0d8\uf076\uf0fc]"
STRONG_RE = re.compile(rf"^{STRONG_LABEL}(?=\s|$)")
WEAK_RE = re.compile(rf"^{WEAK_LABEL}")
LABEL_ONLY_RE = re.compile(rf"^(?:{STRONG_LABEL}|{WEAK_LABEL})\s*$")
# Signature lines: "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH" are paragraphs of their own,
# however narrow the column they are centred in.
SIGNER_RE = re.compile(r"^(?:(?:TM|KT|TL|TUQ|Q)\.\s|(?:PHÓ\s+)?(?:CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG BAN|TRƯỞNG PHÒNG"
                       r"|CHÁNH VĂN PHÒNG|BÍ THƯ)$)")
PAGE_NUMBER_RE = re.compile(r"^[-–—\s]*(?:trang\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?[-–—\s]*$", re.IGNORECASE)
CLOSERS = " \t\"'”’)]»"

Box = tuple[float, float, float, float]  # left, top, right, bottom in PDF space (y grows upwards)

CORRUPT = "tệp PDF bị hỏng, không mở được (corrupt pdf)"
ENCRYPTED = "tệp PDF được đặt mật khẩu, hãy gỡ mật khẩu rồi gửi lại (encrypted)"
NO_PAGES = "tệp PDF không có trang nào (no pages)"
NO_TEXT = "tệp PDF không có chữ nào để đọc (no text)"
TABLES_FAILED = "không nhận diện được bảng trong tệp PDF, bảng được đọc như đoạn văn (table detection failed)"
LEGACY_FONTS = {"tcvn3": "TCVN3, .VnTime", "vni": "VNI"}




# --------------------------------------------------------------------------- layout records


@dataclass(slots=True)
class Style:
    """What a text object says about its glyphs: effective size and weight."""

    size: float
    bold: bool
    italic: bool
    legacy: str | None = None  # "tcvn3" or "vni" for fonts whose codes are not Unicode


@dataclass(slots=True)
class Run:
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
    ocr: bool = False  # read by OCR from a page's picture

    @property
    def raw(self) -> str:
        return "".join(self.parts)


@dataclass(slots=True)
class Line:
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
class GridCell:
    """A table cell while the table may still grow: a page break can continue it."""

    row: int
    col: int
    row_span: int
    col_span: int
    raw: str
    bold: bool


@dataclass(slots=True)
class TableItem:
    """A ruled table found on a page: column boundaries, cells, and the runs read into them."""

    page: int
    xs: list[float]  # column boundaries, left to right
    top: float
    bottom: float
    n_rows: int
    cells: list[GridCell]
    runs: set[int] = field(default_factory=set)  # ids of the runs read into its cells

    @property
    def x0(self) -> float:
        return self.xs[0]

    @property
    def x1(self) -> float:
        return self.xs[-1]


@dataclass(slots=True)
class Para:
    """A paragraph being assembled; ``zone`` marks one that sits in a side-by-side column."""

    lines: list[Line]
    zone: bool = False


@dataclass(slots=True)
class Segment:
    """A stretch of one page read top to bottom: the main flow or one column of a zone."""

    items: list[Line | TableItem]
    zone: bool
    x0: float = 0.0
    x1: float = 0.0
    centred: bool = False
    indent_x: float | None = None  # where first-line-indented lines start, in the main flow


@dataclass(slots=True)
class Geometry:
    """Where body text sits on pages of one size, and how far apart its lines are."""

    left: float
    right: float
    pitch: float  # normal baseline distance, in ems
    first_indent: float | None  # the document's first-line indent, in points, if it uses one


@dataclass(slots=True)
class Page:
    """One page as it moves through the stages: runs, then lines, tables, margins, segments."""

    index: int
    box: tuple[float, float, float, float]  # media box: left, bottom, right, top
    runs: list[Run]
    ruled: bool
    images: int
    lines: list[Line] = field(default_factory=list)
    margins: list[Line] = field(default_factory=list)
    tables: list[TableItem] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)


def main_column(geo: Geometry) -> Segment:
    """The page's text column as a segment, for tests that need no particular segment's lines."""
    indent_x = None if geo.first_indent is None else geo.left + geo.first_indent
    return Segment(items=[], zone=False, x0=geo.left, x1=geo.right, indent_x=indent_x)


def join_lines(lines: Sequence[Line]) -> str:
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
