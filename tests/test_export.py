"""The files a clerk opens: totals in XLSX and DOCX equal the per-commune sums and the JSON, findings are
listed with file, section and message, and report text can neither run as a formula nor as HTML."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from html.parser import HTMLParser

import docx
import openpyxl
import pytest
from district_corpus import batch_dir, expected_total, group, summary
from openpyxl.utils import column_index_from_string

from report_miner.export import render_all
from report_miner.export.docx_report import annex_totals, district_report_docx
from report_miner.export.html import summary_html
from report_miner.export.xlsx import summary_xlsx
from report_miner.indicators import COUNT_LABELS, NON_ADDITIVE, RATE_BY_ID
from report_miner.models import CommuneRow, Finding, GroupSummary, Period, Summary

SHEET = "Huyện Mộ Đức"
HEADER_ROW = 5


def number(text: str) -> int | None:
    """'1.367' or '291*' → 1367 / 291; '' → None."""
    digits = re.sub(r"[^\d]", "", text)
    return int(digits) if digits else None


# --------------------------------------------------------------------------- XLSX


@pytest.fixture(scope="module")
def workbook():
    return openpyxl.load_workbook(batch_dir() / "summary.xlsx")


@pytest.fixture(scope="module")
def sheet(workbook):
    ws = workbook[SHEET]
    headers = {ws.cell(HEADER_ROW, j).value: j for j in range(1, ws.max_column + 1)}
    n = len(group()["communes"])
    return ws, headers, HEADER_ROW + 1, HEADER_ROW + n, HEADER_ROW + n + 1


def _column_values(ws, col: int, first: int, last: int) -> list:
    return [ws.cell(r, col).value for r in range(first, last + 1)]


def _sum_formula(ws, formula: str) -> int:
    m = re.fullmatch(r"=SUM\(([A-Z]+)(\d+):([A-Z]+)(\d+)\)", formula)
    assert m, formula
    col = column_index_from_string(m.group(1))
    return sum(v for v in _column_values(ws, col, int(m.group(2)), int(m.group(4))) if v is not None)


def test_workbook_has_a_sheet_per_parent_and_the_checks_sheet(workbook):
    assert workbook.sheetnames == [SHEET, "Kiểm tra", "Trả lại để sửa"]


def test_one_row_per_commune_with_numbers_as_numbers(sheet):
    ws, headers, first, last, total = sheet
    units = _column_values(ws, headers["Đơn vị"], first, last)
    assert units == [r["unit"] for r in group()["communes"]]
    received = _column_values(ws, headers["Tổng số hồ sơ tiếp nhận"], first, last)
    assert all(isinstance(v, int) for v in received)
    assert ws.cell(total, headers["Đơn vị"]).value == "Tổng cộng"


@pytest.mark.parametrize("indicator", ["dossier.received", "dossier.received_new", "dossier.carried_over",
                                       "dossier.received_online", "dossier.resolved", "dossier.resolved_late",
                                       "dossier.pending", "payment.online"])
def test_totals_row_is_a_sum_formula_equal_to_json_and_to_the_reports(sheet, indicator):
    ws, headers, first, last, total = sheet
    formula = ws.cell(total, headers[COUNT_LABELS[indicator]]).value
    assert formula.startswith("=SUM(")
    assert _sum_formula(ws, formula) == group()["totals"][indicator] == expected_total(indicator)


def test_every_additive_column_has_a_total_and_procedure_counts_do_not(sheet):
    ws, headers, _first, _last, total = sheet
    for ind in group()["columns"]:
        cell = ws.cell(total, headers[COUNT_LABELS[ind]]).value
        if ind in NON_ADDITIVE:
            assert cell is None, ind
        else:
            assert _sum_formula(ws, cell) == group()["totals"][ind], ind


def test_rates_are_formulas_over_the_sums(sheet):
    ws, headers, first, last, total = sheet
    spec = RATE_BY_ID["dossier.resolved_on_time_rate"]
    cell = ws.cell(total, headers[spec.label]).value
    assert "SUMIFS" in cell and "/" in cell and "AVERAGE" not in cell
    num = _column_values(ws, headers[COUNT_LABELS[spec.numerator]], first, last)
    den = _column_values(ws, headers[COUNT_LABELS[spec.denominator]], first, last)
    both = [(n, d) for n, d in zip(num, den, strict=True) if n is not None and d is not None]
    assert round(sum(n for n, _ in both) / sum(d for _, d in both) * 100, 2) == group()["rates"][spec.id] == 98.87
    row_formula = ws.cell(first, headers[spec.label]).value
    assert row_formula.startswith("=IF(AND(ISNUMBER(")


def test_cells_of_failing_figures_are_highlighted(sheet):
    ws, headers, first, last, _total = sheet
    rows = {ws.cell(r, headers["Đơn vị"]).value: r for r in range(first, last + 1)}
    tan = ws.cell(rows["Xã Đức Tân"], headers["Đã giải quyết"])
    assert tan.fill.fgColor.rgb.endswith("FFC7CE")  # red: an error-level check
    phu = ws.cell(rows["Xã Đức Phú"], headers[RATE_BY_ID["dossier.resolved_on_time_rate"].label])
    assert phu.fill.fgColor.rgb.endswith("FFEB9C")  # amber: the outlier warning
    nhuan = ws.cell(rows["Xã Đức Nhuận"], headers["Đã giải quyết"])
    assert nhuan.fill.fill_type is None
    assert ws.cell(rows["Xã Đức Tân"], headers["Tình trạng"]).value == "Lỗi"


def test_checks_sheet_lists_every_finding_with_file_section_and_message(workbook):
    ws = workbook["Kiểm tra"]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, (c.value for c in r), strict=True)) for r in ws.iter_rows(min_row=2)]
    by_id = {(r["Mã kiểm tra"], r["Đơn vị"]): r for r in rows}
    tan = by_id[("sum.resolved_breakdown", "Xã Đức Tân")]
    assert tan["Tệp"].endswith("duc-tan-q2-2024.docx") and tan["Mục"] == "II.2" and tan["Mức độ"] == "Lỗi"
    assert "330" in tan["Nội dung"] and "Số hồ sơ đã giải quyết: 330 hồ sơ" in tan["Câu trong báo cáo"]
    for key in [("sum.received_balance", "Xã Đức Phong"), ("rate.stated_matches", "Xã Đức Minh"),
                ("district.outlier", "Xã Đức Phú"), ("district.duplicate_report", "Xã Đức Hiệp"),
                ("district.missing_report", "Xã Đức Thắng"), ("district.missing_report", "Xã Đức Lân")]:
        assert key in by_id, key
    unreadable = [r for r in rows if r["Mã kiểm tra"] == "input.unreadable"]
    assert [r["Tệp"].rsplit("/", 1)[-1] for r in unreadable] == ["duc-lan-q2-2024.docx"]
    assert len(rows) == len(group()["findings"]) + 1


def test_returns_sheet_lists_the_reports_to_send_back(workbook):
    ws = workbook["Trả lại để sửa"]
    units = [r[2].value for r in ws.iter_rows(min_row=2)]
    assert units == ["Xã Đức Minh", "Xã Đức Tân", "Xã Đức Phong", "Xã Đức Lân"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_formulas_evaluate_to_the_json_totals_in_a_spreadsheet_program(tmp_path):
    src = tmp_path / "in.xlsx"
    src.write_bytes((batch_dir() / "summary.xlsx").read_bytes())
    p = subprocess.run(["soffice", "--headless", "--convert-to", "xlsx", "--outdir", str(tmp_path / "calc"), str(src)],
                       capture_output=True, text=True, timeout=180)
    result = tmp_path / "calc" / "in.xlsx"
    if not result.exists():
        pytest.skip(f"LibreOffice could not convert the workbook (no Calc?): {p.stderr.strip()[:200]}")
    ws = openpyxl.load_workbook(result, data_only=True)[SHEET]
    headers = {ws.cell(HEADER_ROW, j).value: j for j in range(1, ws.max_column + 1)}
    total = HEADER_ROW + len(group()["communes"]) + 1
    for ind, value in group()["totals"].items():
        assert ws.cell(total, headers[COUNT_LABELS[ind]]).value == value, ind
    for rid, value in group()["rates"].items():
        if RATE_BY_ID[rid].label in headers:
            assert ws.cell(total, headers[RATE_BY_ID[rid].label]).value == pytest.approx(value), rid


def _tiny_summary(unit: str, quote: str) -> Summary:
    row = CommuneRow(unit=unit, name=unit, known=False, file=f"{unit}.docx", sha256="0",
                     values={"dossier.received": 5, "dossier.resolved": 4, "dossier.resolved_early_or_on_time": 4},
                     rates={"dossier.resolved_on_time_rate": 100.0}, status="error",
                     failing={"dossier.received": "error"})
    finding = Finding(id="sum.received_balance", severity="error", message=f"{unit}: 5 ≠ 4", unit=unit,
                      file=row.file, section="I.1", indicators=["dossier.received"], quote=quote)
    g = GroupSummary(parent="Mộ Đức", parent_level="huyen", parent_display="Huyện Mộ Đức",
                     period=Period(kind="quarter", index=2, year=2024), label="quý II năm 2024", communes=[row],
                     columns=["dossier.received", "dossier.resolved", "dossier.resolved_early_or_on_time"],
                     totals={"dossier.received": 5}, findings=[finding])
    return Summary(groups=[g])


def test_report_text_is_never_run_as_a_formula():
    s = _tiny_summary('=HYPERLINK("http://x.invalid","bấm")', "- Tổng số hồ sơ: 5 hồ sơ; =1+1")
    wb = openpyxl.load_workbook(io.BytesIO(summary_xlsx(s)))
    ws = wb[SHEET]
    unit = ws.cell(HEADER_ROW + 1, 2)
    assert unit.data_type == "s" and unit.value.startswith("=HYPERLINK")
    quote = next(r for r in wb["Kiểm tra"].iter_rows(min_row=2))[8]
    assert quote.data_type == "s" and quote.value.startswith("- Tổng số")
    # shown as typed text in Excel (quote prefix), and still laid out like its neighbours
    assert unit.quotePrefix and quote.quotePrefix
    assert quote.alignment.wrap_text and quote.border.left.style == "thin"


# --------------------------------------------------------------------------- DOCX


@pytest.fixture(scope="module")
def report():
    return docx.Document(str(batch_dir() / "district-report.docx"))


def _annex(report):
    return next(t for t in report.tables if t.rows[0].cells[0].text == "STT")


def test_draft_has_the_standard_layout_and_names_the_period(report):
    texts = [p.text for p in report.paragraphs]
    header = report.tables[0]
    assert header.rows[0].cells[0].text == "ỦY BAN NHÂN DÂN\nHUYỆN MỘ ĐỨC"
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header.rows[0].cells[1].text
    assert "BÁO CÁO" in texts and any(t.endswith("tại cấp xã quý II năm 2024") for t in texts)
    assert any("quý II năm 2024 (số liệu tính từ ngày 15/3/2024 đến ngày 14/6/2024)" in t for t in texts)
    assert "Nơi nhận:" in texts and "TM. ỦY BAN NHÂN DÂN" in texts


def test_prose_carries_the_aggregated_figures(report):
    body = "\n".join(p.text for p in report.paragraphs)
    assert group()["totals"]["dossier.received"] == 4957
    assert "Các xã, thị trấn tiếp nhận 4.957 hồ sơ (kỳ trước chuyển sang 102; tiếp nhận mới 4.855" in body
    assert "đã giải quyết 4.798 hồ sơ" in body and "quá hạn 49 hồ sơ" in body
    assert "tỷ lệ giải quyết trước hạn và đúng hạn đạt 98,87%" in body
    assert "Có 11/13 đơn vị cấp xã gửi báo cáo đọc được. Chưa có báo cáo: Xã Đức Thắng, Xã Đức Lân." in body
    assert "So với quý I năm 2024" in body and "1.520 → 1.609 (+89)" in body


def test_annex_has_a_row_per_commune_and_a_total_row_equal_to_their_sum(report):
    table = _annex(report)
    rows = [[c.text for c in r.cells] for r in table.rows]
    body = rows[3:-1]
    assert [r[1] for r in body] == [c["unit"] for c in group()["communes"]]
    assert rows[2][:3] == ["(1)", "(2)", "(3)"] and rows[-1][1] == "Tổng cộng"
    for col in range(2, 13):
        cells = [number(r[col]) for r in body]
        if any(v is not None for v in cells):
            assert number(rows[-1][col]) == sum(v for v in cells if v is not None), rows[1][col]


@pytest.mark.parametrize("col,indicators", [
    (2, ["dossier.received"]), (3, ["dossier.received_online"]),
    (4, ["dossier.received_direct", "dossier.received_postal"]), (5, ["dossier.carried_over"]),
    (6, ["dossier.resolved"]), (9, ["dossier.resolved_late"]), (10, ["dossier.pending"])])
def test_annex_totals_agree_with_json_and_the_reports(report, col, indicators):
    total = number(_annex(report).rows[-1].cells[col].text)
    assert total == sum(group()["totals"][i] for i in indicators) == sum(expected_total(i) for i in indicators)


def test_combined_on_time_count_is_marked_not_split(report):
    table = _annex(report)
    loi = next(r for r in table.rows if r.cells[1].text == "Xã Đức Lợi")
    assert loi.cells[8].text == "291*" and loi.cells[7].text == ""
    assert any("Xã Đức Lợi" in p.text and "cột (9)" in p.text for p in report.paragraphs)
    rows = [CommuneRow.model_validate(r) for r in group()["communes"]]
    assert annex_totals(rows)[5] + annex_totals(rows)[6] == group()["totals"]["dossier.resolved_early_or_on_time"]


# --------------------------------------------------------------------------- HTML


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


@pytest.fixture(scope="module")
def page():
    p = _Page()
    p.feed((batch_dir() / "summary.html").read_text(encoding="utf-8"))
    return p


def test_page_is_self_contained_vietnamese(page):
    assert ("html", {"lang": "vi"}) in page.tags
    assert not [t for t, _a in page.tags if t in ("script", "link", "img", "iframe")]
    for _tag, attrs in page.tags:
        for name, value in attrs.items():
            if name in ("src", "href"):
                raise AssertionError(f"external reference {name}={value}")
    assert sum(1 for t, _a in page.tags if t == "svg") == 4  # the four main rates
    assert sum(1 for t, a in page.tags if t == "rect") == 4 * 11  # one bar per commune and rate


def test_page_shows_totals_communes_marks_and_findings_with_the_reports_sentence(page):
    text = " ".join(" ".join(page.text).split())
    assert "Huyện Mộ Đức – quý II năm 2024" in text and "4.957" in text and "98,87%" in text
    assert "✖ Lỗi" in text and "▲ Cảnh báo" in text
    for f in group()["findings"]:
        assert " ".join(f["message"].split()) in text
        if f["quote"]:
            assert " ".join(f["quote"].split()) in text
    assert "Chưa có báo cáo đọc được: Xã Đức Thắng, Xã Đức Lân" in text


def test_page_escapes_report_text():
    html = summary_html(_tiny_summary("<script>alert(1)</script>", 'a "quote" & <b>bold</b>'))
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html


# --------------------------------------------------------------------------- determinism


def test_same_summary_same_bytes():
    from report_miner.models import Summary as S

    s = S.model_validate({k: v for k, v in summary().items() if k != "records_sha256"})
    a, b = render_all(s, "x"), render_all(s, "x")
    assert a == b
    assert district_report_docx(s)[:2] == b"PK"
