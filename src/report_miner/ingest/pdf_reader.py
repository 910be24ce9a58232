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

from collections.abc import Sequence
from typing import Literal

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from report_miner.errors import InputError
from report_miner.ingest.pdf_layout import (
    CORRUPT,
    ENCRYPTED,
    LEGACY_FONTS,
    NO_PAGES,
    NO_TEXT,
    Geometry,
    Line,
    Page,
    Para,
    Segment,
    TableItem,
    join_lines,
    main_column,
)
from report_miner.ingest.pdf_lines import load_page, page_lines
from report_miner.ingest.pdf_ocr import ocr_runs, ocr_status
from report_miner.ingest.pdf_paragraphs import (
    centred,
    geometries,
    join_across_pages,
    page_paragraphs,
    page_segments,
    set_aside_margins,
    size_key,
)
from report_miner.ingest.pdf_tables import attach_tables
from report_miner.models import Block, Cell, Document, Table
from report_miner.normalize import normalize_text

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
    pages = [load_page(pdf, i) for i in range(n_pages)]
    repairs = _read_scans(pdf, pages)
    warnings = _check_text_layer(path, pages)
    warnings += attach_tables(pdf, pages)
    for page in pages:
        page_lines(page)
    set_aside_margins(pages)
    for page in pages:
        page.segments = page_segments(page)
    geometry = geometries(pages)
    body = join_across_pages(pages, geometry, [page_paragraphs(p, geometry) for p in pages])
    blocks = _blocks(body, pages, geometry)
    return Document.model_construct(path=path, format="pdf", sha256=sha256, pages=n_pages, blocks=blocks,
                                    warnings=warnings, repairs=repairs)


def _read_scans(pdf: pdfium.PdfDocument, pages: Sequence[Page]) -> list[str]:
    """Give the pages that are only pictures the text OCR reads on them, when Tesseract is here."""
    scanned = [p for p in pages if not p.runs and p.images]
    if not scanned or not ocr_status()[0]:
        return []
    read = []
    for page in scanned:
        page.runs = ocr_runs(pdf, page.index, page.box)
        if page.runs:
            read.append(page.index + 1)
    if not read:
        return []
    listed = ", ".join(map(str, read))
    return [f"trang {listed} là ảnh quét, chữ được nhận dạng bằng OCR (tesseract, vie); số liệu cần đối chiếu với "
            f"bản gốc (OCR pages {listed})"]


def _open_pdf(path: str, data: bytes) -> pdfium.PdfDocument:
    """Open with pdfium's own loader so a password or a broken file is told apart from no pages."""
    handle = pdfium_c.FPDF_LoadMemDocument64(data, len(data), None)
    if not handle:
        code = pdfium_c.FPDF_GetLastError()
        if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise InputError(path, ENCRYPTED, "encrypted")
        raise InputError(path, CORRUPT, "corrupt")
    return pdfium.PdfDocument(handle)


def _check_text_layer(path: str, pages: Sequence[Page]) -> list[str]:
    """Refuse a file with no text at all; warn about single pages that are only a picture."""
    if not any(p.runs for p in pages):
        if any(p.images for p in pages):
            raise InputError(path, _scanned_reason(), "scanned")
        raise InputError(path, NO_TEXT, "empty")
    warnings = [f"trang {n} chỉ có ảnh quét, không có lớp chữ (page {n}: scanned, no text)"
                for n in (p.index + 1 for p in pages if not p.runs and p.images)]
    if any(r.ocr for p in pages for r in p.runs):
        warnings.append("một số trang được đọc bằng nhận dạng chữ (OCR): số liệu có thể sai, cần đối chiếu với "
                        "bản gốc (OCR used)")
    legacy = sorted({r.legacy for p in pages for r in p.runs if r.legacy})
    if legacy:
        fonts = ", ".join(LEGACY_FONTS[e] for e in legacy)
        warnings.append(f"tệp PDF dùng phông chữ cũ ({fonts}), chữ có thể bị sai mã "
                        f"(legacy font: {', '.join(legacy)})")
    return warnings


def _scanned_reason() -> str:
    """The scan refusal: why OCR could not read it (Tesseract or its Vietnamese data missing, or nothing read)."""
    usable, status = ocr_status()
    why = "OCR không đọc được chữ nào" if usable else f"không nhận dạng được chữ (OCR) vì {status}"
    return (f"tệp PDF là bản scan (ảnh chụp), không có lớp chữ; {why} (scanned, no text layer; "
            f"OCR {'found no text' if usable else 'not available'})")


# --------------------------------------------------------------------------- blocks




def _blocks(body: Sequence[Para | TableItem], pages: Sequence[Page],
            geometry: dict[tuple[int, int], Geometry]) -> list[Block]:
    """Body blocks in reading order, then each page's headers and footers."""
    blocks: list[Block] = []
    for item in body:
        if isinstance(item, TableItem):
            blocks.append(_table_block(len(blocks), item))
        else:
            geo = geometry[size_key(pages[item.lines[0].page])]
            blocks.append(_paragraph_block(len(blocks), item.lines, geo, "body"))
    for page in pages:
        geo = geometry[size_key(page)]
        for line in page.margins:
            middle = (page.box[1] + page.box[3]) / 2
            part: Literal["header", "footer"] = "header" if line.base > middle else "footer"
            blocks.append(_paragraph_block(len(blocks), [line], geo, part))
    return blocks


def _paragraph_block(index: int, lines: Sequence[Line], geo: Geometry,
                     part: Literal["body", "header", "footer"]) -> Block:
    raw = join_lines(lines)
    text, offsets = normalize_text(raw)
    column = main_column(geo)
    return Block.model_construct(index=index, kind="paragraph", part=part, text=text, raw=raw, offsets=offsets,
                 page=lines[0].page + 1, bold=all(ln.bold for ln in lines),
                 italic=all(ln.italic for ln in lines), centered=_block_centred(lines, column))


def _block_centred(lines: Sequence[Line], column: Segment) -> bool:
    return (all(centred(ln, column, strict=False) for ln in lines)
            and any(centred(ln, column) for ln in lines))


def _table_block(index: int, item: TableItem) -> Block:
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
