"""Ruled tables in a PDF: pdfplumber's ruling-line finder on text-free copies of the pages that draw lines,
filled with our glyph runs; tables broken across pages joined again."""

from __future__ import annotations

import io
from bisect import bisect_right
from collections.abc import Iterable, Sequence

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from report_miner.ingest.pdf_layout import TABLES_FAILED, Box, GridCell, Page, Run, TableItem, join_lines
from report_miner.ingest.pdf_lines import merge_runs, runs_to_rows
from report_miner.normalize import normalize_text

# --------------------------------------------------------------------------- tables


def attach_tables(pdf: pdfium.PdfDocument, pages: Sequence[Page]) -> list[str]:
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


def _find_grids(pdf: pdfium.PdfDocument, pages: list[Page]) -> dict[int, list[list[Box]]]:
    """Cell boxes (left, top, right, bottom in PDF space) of each ruled table, by page index."""
    import pdfplumber

    found: dict[int, list[list[Box]]] = {}
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


def _fill_table(page: Page, cells: list[Box]) -> TableItem:
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
    content: dict[tuple[int, int], list[Run]] = {key: [] for key in spans}
    flipped = [-y for y in ys]
    for run in page.runs:
        cx, cy = (run.x0 + run.x1) / 2, run.base + 0.3 * run.size
        if xs[0] <= cx <= xs[-1] and ys[-1] <= cy <= ys[0]:
            key = owner.get((_slot(flipped, -cy), _slot(xs, cx)))
            if key is not None:
                content[key].append(run)
    grid = [_grid_cell(row, col, *spans[(row, col)], content[(row, col)]) for row, col in sorted(spans)]
    placed = {id(r) for runs in content.values() for r in runs}
    return TableItem(page.index, xs=xs, top=ys[0], bottom=ys[-1], n_rows=len(ys) - 1, cells=grid,
                      runs=placed)


def _slot(bounds: list[float], value: float) -> int:
    """Index of the interval between ascending ``bounds`` that holds ``value``.

    >>> _slot([0.0, 10.0, 20.0], 15.0), _slot([0.0, 10.0, 20.0], 20.0)
    (1, 1)
    """
    return min(max(bisect_right(bounds, value) - 1, 0), len(bounds) - 2)


def _grid_cell(row: int, col: int, row_span: int, col_span: int, runs: list[Run]) -> GridCell:
    lines = [merge_runs(0, r) for r in runs_to_rows(runs)] if runs else []
    bold = bool(lines) and all(ln.bold for ln in lines)
    return GridCell(row, col, row_span, col_span, raw=join_lines(lines), bold=bold)


def merge_tables(above: TableItem, below: TableItem) -> TableItem | None:
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
    return TableItem(above.page, xs=xs, top=above.top, bottom=below.bottom, n_rows=n_rows,
                      cells=sorted(upper + lower, key=lambda c: (c.row, c.col)), runs=above.runs | below.runs)


def _regrid(cell: GridCell, old: list[float], new: list[float]) -> GridCell:
    col = _nearest(new, old[cell.col])
    span = max(1, _nearest(new, old[cell.col + cell.col_span]) - col)
    return GridCell(cell.row, col, cell.row_span, span, cell.raw, cell.bold)


def _row_key(cells: Sequence[GridCell], row: int) -> tuple[tuple[int, int, str], ...]:
    return tuple((c.col, c.col_span, normalize_text(c.raw)[0]) for c in cells if c.row == row)


def _drop_repeated_header(upper: list[GridCell], lower: list[GridCell]) -> list[GridCell]:
    """Without the header rows a word processor repeats at the top of each page."""
    repeated = 0
    while (_row_key(lower, repeated) and _row_key(lower, repeated) == _row_key(upper, repeated)
           and any(text for *_, text in _row_key(lower, repeated))):
        repeated += 1
    kept = [c for c in lower if c.row >= repeated]
    for cell in kept:
        cell.row -= repeated
    return kept


def _fold_broken_row(upper: list[GridCell], last_row: int, lower: list[GridCell],
                     n_cols: int) -> list[GridCell]:
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


