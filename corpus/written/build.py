#!/usr/bin/env python3
"""Re-render the written test corpus: src/<stem>.txt -> docs/<stem>.docx and .pdf, plus, for the
reports listed in AUTONUM, an auto-numbered variant docs/<stem>-autonum.docx/.pdf with a header table.

usage: python build.py [--no-pdf] [STEM...]
   (a Python with python-docx, e.g. /work/main/.venv/bin/python; LibreOffice `soffice` for the PDFs)

The DOCX renderer is the shared /work/shared/tools/mkdocx.py. After rendering, this script
  - gives data tables (first cell "STT") a narrow STT column, a wider label column and a smaller font
    when they are wide, so that numbers do not wrap inside their cells in the PDF;
  - merges the group header cells of the three-header-row Biểu 06 table (an-khanh-q3-2024), as Word
    reports carry them (horizontal group cells, STT / Lĩnh vực / Tổng số / Từ kỳ trước merged
    vertically).
The variant's number and date are recorded in labels/<stem>.json under "variants".
"""
import pathlib
import subprocess
import sys

import docx
from docx.shared import Cm, Pt

HERE = pathlib.Path(__file__).resolve().parent
MKDOCX = pathlib.Path("/work/shared/tools/mkdocx.py")

AUTONUM = {
    "quang-yen-q4-2025": "UBND xã Quảng Yên|Số: 214/BC-UBND|Quảng Yên, ngày 16 tháng 12 năm 2025",
    "an-khanh-q3-2024": "UBND phường An Khánh|Số: 156/BC-UBND|An Khánh, ngày 17 tháng 9 năm 2024",
    "lao-cai-9t-2024": "UBND tỉnh Lào Cai|Số: 412/BC-UBND|Lào Cai, ngày 20 tháng 9 năm 2024",
    "hoai-nhon-2023": "UBND thị xã Hoài Nhơn|Số: 298/BC-UBND|Hoài Nhơn, ngày 18 tháng 12 năm 2023",
    "cai-rang-2024": "UBND quận Cái Răng|Số: 389/BC-UBND|Cái Răng, ngày 17 tháng 12 năm 2024",
}
PAGE_WIDTH_CM = 16.5


def _set_width(table, widths):
    table.autofit = False
    for col, w in zip(table.columns, widths):
        for cell in col.cells:
            cell.width = Cm(w)


def _set_font(table, size):
    for row in table.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(size)


def shape_tables(document):
    for t in document.tables:
        if t.cell(0, 0).text.strip() != "STT":
            continue
        n = len(t.columns)
        if n <= 3:
            label, size = 11.0, None
        elif n <= 6:
            label, size = 4.0, None
        elif n <= 10:
            label, size = 3.0, 9
        else:
            label, size = 2.6, 8
        rest = (PAGE_WIDTH_CM - 1.2 - label) / (n - 2)
        _set_width(t, [1.2, label] + [rest] * (n - 2))
        if size:
            _set_font(t, size)


def _drop_empty_paragraphs(cell):
    for p in cell.paragraphs[1:]:
        if not p.text.strip():
            p._p.getparent().remove(p._p)


def merge_three_row_bieu06(document):
    """The Biểu 06 table whose third header row holds the leaf headers (Trực tuyến ... Quá hạn)."""
    for t in document.tables:
        if len(t.columns) != 13 or t.cell(0, 0).text.strip() != "STT" or len(t.rows) < 4:
            continue
        if t.cell(2, 4).text.strip() != "Trực tuyến":
            continue
        spans = [((0, 2), (0, 5)), ((0, 6), (0, 12)),
                 ((1, 4), (1, 5)), ((1, 6), (1, 9)), ((1, 10), (1, 12)),
                 ((0, 0), (2, 0)), ((0, 1), (2, 1)), ((1, 2), (2, 2)), ((1, 3), (2, 3))]
        for (r1, c1), (r2, c2) in spans:
            merged = t.cell(r1, c1).merge(t.cell(r2, c2))
            _drop_empty_paragraphs(merged)


def render(stem, pdf=True):
    src = HERE / "src" / f"{stem}.txt"
    outs = [HERE / "docs" / f"{stem}.docx"]
    subprocess.run([sys.executable, str(MKDOCX), str(src), str(outs[0])], check=True)
    if stem in AUTONUM:
        outs.append(HERE / "docs" / f"{stem}-autonum.docx")
        subprocess.run([sys.executable, str(MKDOCX), str(src), str(outs[1]), "--autonum", "--header", AUTONUM[stem]],
                       check=True)
    for o in outs:
        d = docx.Document(str(o))
        shape_tables(d)
        merge_three_row_bieu06(d)
        d.save(str(o))
    if pdf:
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(HERE / "docs")]
                       + [str(o) for o in outs], check=True, capture_output=True)
    return outs


def main():
    args = sys.argv[1:]
    pdf = "--no-pdf" not in args
    stems = [a for a in args if not a.startswith("--")]
    (HERE / "docs").mkdir(exist_ok=True)
    for src in sorted((HERE / "src").glob("*.txt")):
        if stems and src.stem not in stems:
            continue
        for o in render(src.stem, pdf):
            print("built", o.relative_to(HERE), "(+ pdf)" if pdf else "")


if __name__ == "__main__":
    main()
