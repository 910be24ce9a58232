"""district-report.docx: a draft of the receiving office's own report, for the clerk to finish.

It follows the layout of an administrative report (header block, BÁO CÁO and a subject line naming
the period, numbered sections, Nơi nhận and signature) and puts the communes' aggregated figures in
prose and in a Biểu 06-style annex, one row per commune and a total row. Places the clerk must fill
(number, date, signer, assessments) are left as dotted blanks or bracketed prompts.
"""

from __future__ import annotations

import io
from datetime import date

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from report_miner.aggregate import rate_parts
from report_miner.export.fmt import reproducible_zip, vn_change, vn_number, vn_percent
from report_miner.indicators import RATE_BY_ID, Number
from report_miner.models import CommuneRow, GroupSummary, Summary
from report_miner.periods import period_end, period_start

# Biểu số 06/VPCP/KSTT columns (3)…(13): header, and how a commune's row fills the cell.
ANNEX_GROUPS = (("Số hồ sơ nhận giải quyết", 4), ("Kết quả giải quyết", 4), ("Số hồ sơ đang giải quyết", 3))
ANNEX_LEAVES = ("Tổng số", "Trực tuyến", "Trực tiếp, bưu chính", "Từ kỳ trước", "Đã giải quyết", "Trước hạn",
                "Đúng hạn", "Quá hạn", "Đang giải quyết", "Trong hạn", "Quá hạn")
COMBINED_MARK = "*"
RECIPIENTS = ("- UBND tỉnh (b/c);", "- Văn phòng UBND tỉnh (Phòng KSTTHC);", "- UBND các xã, thị trấn;", "- Lưu: VT.")


def annex_cells(row: CommuneRow) -> list[tuple[Number | None, str]]:
    """The eleven figures of a commune's Biểu 06 row, each with a mark ("*" for a combined on-time count).

    A commune that writes only "trước hạn và đúng hạn" has its combined count in the "Đúng hạn"
    column, marked, rather than a guessed split.
    """
    v = row.values
    direct = [v[k] for k in ("dossier.received_direct", "dossier.received_postal") if k in v]
    early, on_time = v.get("dossier.resolved_early"), v.get("dossier.resolved_on_time")
    mark = ""
    if early is None and on_time is None and "dossier.resolved_early_or_on_time" in v \
            and "dossier.resolved_early_or_on_time" not in row.derived:
        on_time, mark = v["dossier.resolved_early_or_on_time"], COMBINED_MARK
    return [(v.get("dossier.received"), ""), (v.get("dossier.received_online"), ""),
            (sum(direct) if direct else None, ""), (v.get("dossier.carried_over"), ""),
            (v.get("dossier.resolved"), ""), (early, ""), (on_time, mark), (v.get("dossier.resolved_late"), ""),
            (v.get("dossier.pending"), ""), (v.get("dossier.pending_in_time"), ""),
            (v.get("dossier.pending_overdue"), "")]


def annex_totals(rows: list[CommuneRow]) -> list[Number | None]:
    """Column sums of the annex, over the cells that hold a number."""
    cols = list(zip(*(annex_cells(r) for r in rows), strict=True)) if rows else [() for _ in ANNEX_LEAVES]
    return [sum(x for x, _m in col if x is not None) if any(x is not None for x, _m in col) else None
            for col in cols]


def _para(d: docx.document.Document, text: str = "", bold: bool = False, italic: bool = False,
          center: bool = False, indent: bool = True, size: float | None = None) -> None:
    p = d.add_paragraph()
    run = p.add_run(text)
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    else:
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if indent:
            p.paragraph_format.first_line_indent = Cm(1)
    p.paragraph_format.space_after = Pt(4)


def _cell(cell: docx.table._Cell, text: str, bold: bool = False, italic: bool = False, size: float = 12,
          align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER) -> None:
    cell.text = ""
    lines = text.split("\n")
    p = cell.paragraphs[0]
    for i, line in enumerate(lines):
        if i:
            p = cell.add_paragraph()
        p.alignment = align
        run = p.add_run(line)
        run.bold, run.italic, run.font.size = bold, italic, Pt(size)


def _widths(t: docx.table.Table, grid: list[list[docx.table._Cell]], widths: list[Cm]) -> None:
    """Column widths in both places Word and LibreOffice read them (grid columns and cells)."""
    t.autofit = False
    for col, w in zip(t.columns, widths, strict=True):
        col.width = w
    for cells in grid:
        for cell, w in zip(cells, widths, strict=True):
            cell.width = w


def _header(d: docx.document.Document, g: GroupSummary) -> None:
    t = d.add_table(rows=2, cols=2)
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid = [r.cells for r in t.rows]
    _cell(grid[0][0], f"ỦY BAN NHÂN DÂN\n{g.parent_display.upper()}", bold=True, size=13)
    _cell(grid[0][1], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc", bold=True, size=12)
    _cell(grid[1][0], "Số:        /BC-UBND", size=13)
    year = g.period.year or ""
    _cell(grid[1][1], f"{g.parent}, ngày      tháng      năm {year}", italic=True, size=13)
    _widths(t, grid, [Cm(6.0), Cm(10.0)])


def _count(g: GroupSummary, ind: str) -> str:
    return vn_number(g.totals.get(ind)) if ind in g.totals else "…"


def _rate_sentence(g: GroupSummary, rid: str) -> str:
    parts = rate_parts(g.communes, RATE_BY_ID[rid])
    if parts is None:
        return "…"
    return f"{vn_number(parts[0])}/{vn_number(parts[1])} hồ sơ, đạt {vn_percent(g.rates.get(rid))}"


def dossier_paragraph(g: GroupSummary) -> str:
    """The dossier figures of the communes in one paragraph of prose (totals from the roll-up)."""
    t = g.totals
    channels = [f"trực tuyến {_count(g, 'dossier.received_online')}"]
    if "dossier.received_direct" in t:
        channels.append(f"trực tiếp {_count(g, 'dossier.received_direct')}")
    if t.get("dossier.received_postal"):
        channels.append(f"qua dịch vụ bưu chính công ích {_count(g, 'dossier.received_postal')}")
    pending = f"đang giải quyết {_count(g, 'dossier.pending')} hồ sơ"
    if "dossier.pending_overdue" in t:
        pending += f" (trong đó {_count(g, 'dossier.pending_overdue')} hồ sơ đã quá hạn)"
    return (f"Các xã, thị trấn tiếp nhận {_count(g, 'dossier.received')} hồ sơ (kỳ trước chuyển sang "
            f"{_count(g, 'dossier.carried_over')}; tiếp nhận mới {_count(g, 'dossier.received_new')}, gồm "
            f"{', '.join(channels)}); đã giải quyết {_count(g, 'dossier.resolved')} hồ sơ, trong đó trước hạn và "
            f"đúng hạn {_count(g, 'dossier.resolved_early_or_on_time')} hồ sơ, quá hạn "
            f"{_count(g, 'dossier.resolved_late')} hồ sơ; tỷ lệ giải quyết trước hạn và đúng hạn đạt "
            f"{vn_percent(g.rates.get('dossier.resolved_on_time_rate')) or '…'}; {pending}. Tỷ lệ hồ sơ tiếp "
            "nhận trực tuyến trên tổng số hồ sơ tiếp nhận mới đạt "
            f"{vn_percent(g.rates.get('dossier.online_rate')) or '…'}.")


def _comparison_sentence(g: GroupSummary) -> str | None:
    c = g.comparison
    if c is None:
        return None
    bits = []
    for ind, word in (("dossier.received", "số hồ sơ tiếp nhận"), ("dossier.resolved", "số hồ sơ đã giải quyết")):
        if c.change.get(ind) is not None:
            before, after = vn_number(c.previous[ind]), vn_number(c.current[ind])
            bits.append(f"{word} {before} → {after} ({vn_change(c.change[ind])})")
    for rid, word in (("dossier.resolved_on_time_rate", "tỷ lệ trước hạn và đúng hạn"),
                      ("dossier.online_rate", "tỷ lệ trực tuyến")):
        if c.change.get(rid) is not None:
            bits.append(f"{word} {vn_percent(c.previous[rid])} → {vn_percent(c.current[rid])} "
                        f"({vn_change(c.change[rid], ' điểm %')})")
    if not bits:
        return None
    return (f"So với {c.label} (trên {len(c.units)} đơn vị có báo cáo cả hai kỳ: {', '.join(c.units)}): "
            + "; ".join(bits) + ".")


def _body(d: docx.document.Document, g: GroupSummary) -> None:
    _para(d, "BÁO CÁO", bold=True, center=True, size=14)
    _para(d, "Tình hình, kết quả thực hiện công tác kiểm soát thủ tục hành chính, cơ chế một cửa, một cửa liên "
             f"thông và thực hiện thủ tục hành chính trên môi trường điện tử tại cấp xã {g.label}", bold=True,
          center=True)
    start, end = period_start(g.period), period_end(g.period)
    window = (f" (số liệu tính từ ngày {start.day}/{start.month}/{start.year} đến ngày "
              f"{end.day}/{end.month}/{end.year})") if start and end else ""
    _para(d, f"UBND {g.parent_display[0].lower()}{g.parent_display[1:]} tổng hợp báo cáo của UBND các xã, thị trấn "
             f"về công tác kiểm soát thủ tục hành chính {g.label}{window} như sau:")
    _para(d, "I. TÌNH HÌNH BÁO CÁO CỦA CÁC XÃ, THỊ TRẤN", bold=True, indent=False)
    expected = f"/{len(g.expected)}" if g.expected else ""
    text = f"Có {len(g.communes)}{expected} đơn vị cấp xã gửi báo cáo đọc được."
    if g.missing:
        text += f" Chưa có báo cáo: {', '.join(g.missing)}."
    fix = [r.unit or r.file for r in g.returns if r.file in {c.file for c in g.communes}]
    resend = [r.unit or r.file for r in g.returns if r.file not in {c.file for c in g.communes}]
    if fix:
        text += " Báo cáo có số liệu không khớp, đề nghị chỉnh sửa: " + ", ".join(fix) + "."
    if resend:
        text += " Tệp báo cáo không đọc được, đề nghị gửi lại: " + ", ".join(resend) + "."
    _para(d, text)
    _para(d, "II. KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI CẤP XÃ", bold=True, indent=False)
    _para(d, "1. Tiếp nhận và giải quyết hồ sơ", bold=True, indent=False)
    _para(d, dossier_paragraph(g))
    comparison = _comparison_sentence(g)
    if comparison:
        _para(d, comparison)
    _para(d, "(Chi tiết từng xã, thị trấn tại Phụ lục kèm theo.)", italic=True)
    _para(d, "2. Số hóa hồ sơ, kết quả giải quyết TTHC", bold=True, indent=False)
    _para(d, f"Số hóa thành phần hồ sơ: {_rate_sentence(g, 'digitization.component_rate')}; số hóa kết quả giải "
             f"quyết: {_rate_sentence(g, 'digitization.result_rate')}.")
    _para(d, "3. Dịch vụ công trực tuyến và thanh toán trực tuyến", bold=True, indent=False)
    _para(d, f"Dịch vụ công trực tuyến toàn trình: phát sinh {_count(g, 'online_full.dossiers')} hồ sơ. Dịch vụ công "
             f"trực tuyến một phần: phát sinh {_count(g, 'online_partial.dossiers')} hồ sơ, trong đó nộp trực tuyến "
             f"{_count(g, 'online_partial.received_online')} hồ sơ, tỷ lệ "
             f"{vn_percent(g.rates.get('online_partial.online_rate')) or '…'}. Thanh toán trực tuyến: "
             f"{_count(g, 'payment.online')} giao dịch.")
    _para(d, "4. Tiếp nhận, xử lý phản ánh, kiến nghị", bold=True, indent=False)
    _para(d, f"Các xã, thị trấn tiếp nhận {_count(g, 'feedback.received')} phản ánh, kiến nghị; đã xử lý "
             f"{_count(g, 'feedback.resolved')} phản ánh, kiến nghị.")
    _para(d, "III. TỒN TẠI, HẠN CHẾ", bold=True, indent=False)
    for f in g.findings:
        if f.id == "district.outlier":
            _para(d, "- " + f.message.split(" Cách xác định:")[0], indent=False)
    if g.totals.get("dossier.resolved_late"):
        _para(d, f"- Còn {_count(g, 'dossier.resolved_late')} hồ sơ giải quyết quá hạn ở cấp xã.", indent=False)
    _para(d, "[Bổ sung đánh giá của cơ quan tổng hợp.]", italic=True)
    _para(d, "IV. NHIỆM VỤ, ĐỀ XUẤT", bold=True, indent=False)
    _para(d, "[Bổ sung nhiệm vụ trọng tâm kỳ tới và đề xuất, kiến nghị.]", italic=True)
    _para(d, "Nơi nhận:", bold=True, italic=True, indent=False)
    for line in RECIPIENTS:
        _para(d, line, indent=False, size=11)
    for line, bold in (("TM. ỦY BAN NHÂN DÂN", True), ("CHỦ TỊCH", True), ("", False), ("……………………", False)):
        p = d.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.add_run(line).bold = bold


def _annex(d: docx.document.Document, g: GroupSummary) -> None:
    _new_section(d, landscape=True)
    _para(d, "PHỤ LỤC", bold=True, center=True)
    _para(d, f"KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH CỦA UBND CÁC XÃ, THỊ TRẤN {g.label.upper()}", bold=True,
          center=True)
    _para(d, "(Theo mẫu Biểu số 06/VPCP/KSTT; tổng hợp từ báo cáo của các xã, thị trấn)", italic=True, center=True)
    rows = g.communes
    t = d.add_table(rows=3 + len(rows) + 1, cols=13)
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid = [r.cells for r in t.rows]  # python-docx rebuilds the grid on every table.cell(): read it once
    _cell(grid[0][0], "STT", bold=True, size=10)
    _cell(grid[0][1], "Đơn vị", bold=True, size=10)
    col = 2
    for title, span in ANNEX_GROUPS:
        _cell(grid[0][col], title, bold=True, size=10)
        col += span
    for j, leaf in enumerate(ANNEX_LEAVES, start=2):
        _cell(grid[1][j], leaf, bold=True, size=10)
    for j in range(13):
        _cell(grid[2][j], f"({j + 1})", italic=True, size=9)
    marked: list[str] = []
    for i, row in enumerate(rows):
        cells = grid[3 + i]
        _cell(cells[0], str(i + 1), size=10)
        _cell(cells[1], row.unit, size=10, align=WD_ALIGN_PARAGRAPH.LEFT)
        for j, (value, mark) in enumerate(annex_cells(row), start=2):
            _cell(cells[j], vn_number(value) + mark, size=10, align=WD_ALIGN_PARAGRAPH.RIGHT)
            if mark:
                marked.append(row.unit)
    total = grid[3 + len(rows)]
    _cell(total[1], "Tổng cộng", bold=True, size=10, align=WD_ALIGN_PARAGRAPH.LEFT)
    for j, value in enumerate(annex_totals(rows), start=2):
        _cell(total[j], vn_number(value), bold=True, size=10, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _widths(t, grid, [Cm(1.0), Cm(3.4)] + [Cm(1.9)] * 11)
    col = 2
    merged = [grid[0][0].merge(grid[1][0]), grid[0][1].merge(grid[1][1])]
    for _title, span in ANNEX_GROUPS:
        merged.append(grid[0][col].merge(grid[0][col + span - 1]))
        col += span
    for c in merged:  # merging keeps the absorbed cells' empty paragraphs: drop them
        for p in c.paragraphs[1:]:
            if not p.text.strip():
                p._p.getparent().remove(p._p)
    if marked:
        _para(d, f"({COMBINED_MARK}) {', '.join(dict.fromkeys(marked))}: báo cáo chỉ nêu số hồ sơ giải quyết "
                 "trước hạn và đúng hạn gộp chung; số gộp ghi ở cột (9).", italic=True, indent=False, size=11)
    _para(d, "Cột (5) gồm hồ sơ nộp trực tiếp và qua dịch vụ bưu chính công ích. Ô trống: báo cáo không nêu số liệu.",
          italic=True, indent=False, size=11)


def _new_section(d: docx.document.Document, landscape: bool) -> None:
    section = d.add_section(WD_SECTION.NEW_PAGE)
    wide = section.page_width > section.page_height
    if wide != landscape:
        section.page_width, section.page_height = section.page_height, section.page_width
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT


def district_report_docx(summary: Summary) -> bytes:
    d = docx.Document()
    normal = d.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(13)
    d.core_properties.title = "Dự thảo báo cáo tổng hợp TTHC cấp xã"
    d.core_properties.author = "report-miner"
    d.core_properties.last_modified_by = "report-miner"
    if not summary.groups:
        _para(d, "Không có báo cáo cấp xã nào đọc được để tổng hợp.", center=True)
    for i, g in enumerate(summary.groups):
        if i:
            _new_section(d, landscape=False)
        _header(d, g)
        _body(d, g)
        _annex(d, g)
    buf = io.BytesIO()
    d.save(buf)
    ends = [e for g in summary.groups if (e := period_end(g.period))]
    return reproducible_zip(buf.getvalue(), max(ends) if ends else date(2000, 1, 1))
