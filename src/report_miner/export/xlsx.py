"""summary.xlsx: one sheet per parent unit, a row per commune, a column per indicator; a "Kiểm tra" sheet.

Numbers are written as numbers, the totals row and every rate as Excel formulas over the commune rows
(so a clerk who corrects a cell sees the totals follow), and every string that came from a report
is stored as text with a quote prefix: a bullet such as "- Tổng số hồ sơ…" or "=…" is never run as a
formula.
"""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from report_miner.export.fmt import reproducible_zip
from report_miner.indicators import NON_ADDITIVE, RATES, label
from report_miner.models import CommuneRow, Finding, GroupSummary, Summary
from report_miner.periods import period_end

RED = PatternFill("solid", fgColor="FFC7CE")
AMBER = PatternFill("solid", fgColor="FFEB9C")
HEAD = PatternFill("solid", fgColor="DDEBF7")
BOLD = Font(bold=True)
DERIVED = Font(italic=True, color="7F7F7F")
THIN = Border(*(Side(style="thin", color="BFBFBF"),) * 4)
WRAP = Alignment(wrap_text=True, vertical="top")
STATUS_TEXT = {"ok": "Đạt", "warning": "Cảnh báo", "error": "Lỗi"}
SEVERITY_TEXT = {"error": "Lỗi", "warning": "Cảnh báo"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HEADER_ROW = 5


def put_text(cell: Cell, text: str | None) -> Cell:
    """Write report text so that Excel shows it and never evaluates it."""
    cell.value = text
    if text and text.startswith(_FORMULA_START):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def sheet_title(name: str, taken: set[str]) -> str:
    """A legal, unique sheet name (≤ 31 characters, none of []:*?/\\).

    >>> sheet_title("Huyện Mộ Đức", set())
    'Huyện Mộ Đức'
    """
    clean = "".join("-" if ch in "[]:*?/\\" else ch for ch in name)[:31] or "Tổng hợp"
    title, n = clean, 2
    while title in taken:
        suffix = f" ({n})"
        title, n = clean[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title)
    return title


def _rate_columns(group: GroupSummary) -> list[tuple[str, str, str]]:
    """(rate id, numerator, denominator) for the rates whose two parts are columns of the sheet."""
    return [(r.id, r.numerator, r.denominator) for r in RATES
            if r.numerator in group.columns and r.denominator in group.columns]


def _group_sheet(ws: Worksheet, group: GroupSummary) -> None:
    rates = _rate_columns(group)
    headers = ["STT", "Đơn vị", "Tình trạng"] + [label(c) for c in group.columns] + \
              [label(r) for r, _n, _d in rates] + ["Tệp báo cáo"]
    last_col = get_column_letter(len(headers))
    put_text(ws.cell(1, 1), f"TỔNG HỢP KẾT QUẢ GIẢI QUYẾT TTHC CẤP XÃ – {group.parent_display.upper()} – "
                            f"{group.label.upper()}").font = Font(bold=True, size=13)
    ws.merge_cells(f"A1:{last_col}1")
    reported = len(group.communes)
    missing = ", ".join(group.missing) if group.missing else "không"
    expected = f"/{len(group.expected)}" if group.expected else ""
    put_text(ws.cell(2, 1), f"Đã có báo cáo: {reported}{expected} đơn vị. Chưa có báo cáo đọc được: {missing}.")
    ws.merge_cells(f"A2:{last_col}2")
    put_text(ws.cell(3, 1), "Ô đỏ: số liệu vướng lỗi kiểm tra; ô vàng: cảnh báo; chữ nghiêng xám: suy ra từ số "
                            "liệu khác của cùng báo cáo. Tổng cộng và tỷ lệ là công thức; chi tiết ở trang Kiểm tra.")
    ws.merge_cells(f"A3:{last_col}3")
    for j, h in enumerate(headers, start=1):
        c = put_text(ws.cell(HEADER_ROW, j), h)
        c.font, c.fill, c.alignment, c.border = BOLD, HEAD, Alignment(wrap_text=True, vertical="center"), THIN
    col_of = {ind: get_column_letter(4 + k) for k, ind in enumerate(group.columns)}
    first = HEADER_ROW + 1
    last = first + len(group.communes) - 1
    for i, row in enumerate(group.communes):
        _commune_row(ws, first + i, i + 1, row, group.columns, rates, col_of)
    total = last + 1
    put_text(ws.cell(total, 2), "Tổng cộng").font = BOLD
    for k, ind in enumerate(group.columns):
        c = ws.cell(total, 4 + k)
        if ind not in NON_ADDITIVE:
            c.value = f"=SUM({col_of[ind]}{first}:{col_of[ind]}{last})"
            c.number_format = "#,##0"
        c.font, c.border = BOLD, THIN
    for k, (_rid, num, den) in enumerate(rates):
        n, d = f"{col_of[num]}{first}:{col_of[num]}{last}", f"{col_of[den]}{first}:{col_of[den]}{last}"
        c = ws.cell(total, 4 + len(group.columns) + k)
        c.value = f'=IF(SUMIFS({d},{n},"<>")=0,"",ROUND(SUMIFS({n},{d},"<>")/SUMIFS({d},{n},"<>")*100,2))'
        c.number_format, c.font, c.border = "0.00", BOLD, THIN
    _comparison_block(ws, group, total + 2)
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 3)
    ws.column_dimensions["A"].width = 5
    ws.column_dimensions["B"].width = 22
    ws.column_dimensions["C"].width = 11
    for j in range(4, len(headers)):
        ws.column_dimensions[get_column_letter(j)].width = 13
    ws.column_dimensions[last_col].width = 40
    ws.row_dimensions[HEADER_ROW].height = 60


def _commune_row(ws: Worksheet, r: int, stt: int, row: CommuneRow, columns: list[str],
                 rates: list[tuple[str, str, str]], col_of: dict[str, str]) -> None:
    ws.cell(r, 1, stt).border = THIN
    put_text(ws.cell(r, 2), row.unit).border = THIN
    status = put_text(ws.cell(r, 3), STATUS_TEXT[row.status])
    status.border = THIN
    if row.status != "ok":
        status.fill = RED if row.status == "error" else AMBER
    for k, ind in enumerate(columns):
        c = ws.cell(r, 4 + k, row.values.get(ind))
        c.number_format, c.border = "#,##0", THIN
        if ind in row.derived:
            c.font = DERIVED
        _highlight(c, row.failing.get(ind))
    for k, (rid, num, den) in enumerate(rates):
        n, d = f"{col_of[num]}{r}", f"{col_of[den]}{r}"
        c = ws.cell(r, 4 + len(columns) + k)
        c.value = f'=IF(AND(ISNUMBER({n}),ISNUMBER({d}),{d}<>0),ROUND({n}/{d}*100,2),"")'
        c.number_format, c.border = "0.00", THIN
        _highlight(c, row.failing.get(rid))
    put_text(ws.cell(r, 4 + len(columns) + len(rates)), row.file).border = THIN


def _highlight(cell: Cell, severity: str | None) -> None:
    if severity == "error":
        cell.fill = RED
    elif severity == "warning":
        cell.fill = AMBER


def _comparison_block(ws: Worksheet, group: GroupSummary, top: int) -> None:
    comp = group.comparison
    if comp is None:
        return
    put_text(ws.cell(top, 2), f"So với {comp.label} ({len(comp.units)} đơn vị có báo cáo cả hai kỳ: "
                              f"{', '.join(comp.units)})").font = BOLD
    for j, h in enumerate(["Chỉ tiêu", comp.label, group.label, "Thay đổi"], start=2):
        c = put_text(ws.cell(top + 1, j), h)
        c.font, c.fill, c.border = BOLD, HEAD, THIN
    for i, ind in enumerate(k for k in comp.change if comp.change[k] is not None):
        r = top + 2 + i
        put_text(ws.cell(r, 2), label(ind)).border = THIN
        fmt = "0.00" if ind.endswith("_rate") else "#,##0"
        for j, v in enumerate((comp.previous.get(ind), comp.current.get(ind), comp.change.get(ind)), start=3):
            c = ws.cell(r, j, v)
            c.number_format, c.border = fmt, THIN


CHECK_HEADERS = ["STT", "Đơn vị cấp trên", "Đơn vị", "Tệp", "Mục", "Mã kiểm tra", "Mức độ", "Nội dung",
                 "Câu trong báo cáo"]


def _checks_sheet(ws: Worksheet, summary: Summary) -> None:
    rows: list[tuple[str, Finding]] = [(g.parent_display, f) for g in summary.groups for f in g.findings]
    rows += [("", f) for f in summary.unplaced]
    rows += [("", Finding(id="input.unreadable", severity="error", message=f"Không đọc được tệp: {e.reason}",
                          file=e.path)) for e in summary.failed]
    for j, h in enumerate(CHECK_HEADERS, start=1):
        c = put_text(ws.cell(1, j), h)
        c.font, c.fill, c.border = BOLD, HEAD, THIN
    # One named style per look, set once per cell: styling each attribute of thousands of cells apart
    # is most of the time openpyxl spends on a large batch.
    plain, wrap = _named_style(ws, "rm-cell", border=THIN), _named_style(ws, "rm-wrap", border=THIN, alignment=WRAP)
    severity = {"error": _named_style(ws, "rm-error", border=THIN, alignment=WRAP, fill=RED),
                "warning": _named_style(ws, "rm-warning", border=THIN, alignment=WRAP, fill=AMBER)}
    for i, (parent, f) in enumerate(rows, start=2):
        values = [parent, f.unit, f.file, f.section, f.id, SEVERITY_TEXT[f.severity], f.message, f.quote]
        ws.cell(i, 1, i - 1).style = plain
        for j, v in enumerate(values, start=2):
            c = ws.cell(i, j)
            c.style = severity[f.severity] if j == 7 else wrap  # before the text: put_text may add a quote prefix
            put_text(c, v)
    widths = [5, 18, 18, 34, 8, 24, 10, 60, 60]
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    ws.freeze_panes = "A2"
    if len(rows):
        ws.auto_filter.ref = f"A1:{get_column_letter(len(CHECK_HEADERS))}{len(rows) + 1}"


def _named_style(ws: Worksheet, name: str, **look: object) -> str:
    """Register (once per workbook) a named cell style and return its name for ``cell.style``."""
    wb = ws.parent
    if name not in wb.named_styles:
        wb.add_named_style(NamedStyle(name=name, **look))  # type: ignore[arg-type]
    return name


def _returns_sheet(ws: Worksheet, summary: Summary) -> None:
    for j, h in enumerate(["STT", "Đơn vị cấp trên", "Đơn vị", "Tệp", "Lý do trả lại"], start=1):
        c = put_text(ws.cell(1, j), h)
        c.font, c.fill, c.border = BOLD, HEAD, THIN
    i = 2
    for g in summary.groups:
        for item in g.returns:
            for j, v in enumerate([g.parent_display, item.unit, item.file, "\n".join(item.reasons)], start=2):
                put_text(ws.cell(i, j), v).alignment = WRAP
            ws.cell(i, 1, i - 1)
            i += 1
    for j, w in enumerate([5, 18, 18, 34, 80], start=1):
        ws.column_dimensions[get_column_letter(j)].width = w


def summary_xlsx(summary: Summary) -> bytes:
    wb = Workbook()
    taken: set[str] = set()
    default = wb.active
    for group in summary.groups:
        _group_sheet(wb.create_sheet(sheet_title(group.parent_display, taken)), group)
    _checks_sheet(wb.create_sheet(sheet_title("Kiểm tra", taken)), summary)
    _returns_sheet(wb.create_sheet(sheet_title("Trả lại để sửa", taken)), summary)
    wb.remove(default)
    wb.calculation.fullCalcOnLoad = True
    buf = io.BytesIO()
    wb.save(buf)
    return reproducible_zip(buf.getvalue(), _stamp(summary))


def _stamp(summary: Summary) -> date:
    """The document date: the close of the period summarised (never the clock)."""
    ends = [d for g in summary.groups if (d := period_end(g.period))]
    return max(ends) if ends else date(2000, 1, 1)
