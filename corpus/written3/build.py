#!/usr/bin/env python3
"""Re-render the third written test corpus (held-out, first sight): src/<stem>.txt -> docs/<stem>.docx and .pdf, plus, for the
reports listed in AUTONUM, an auto-numbered variant docs/<stem>-autonum.docx/.pdf with a header table.

usage: python build.py [--no-pdf] [STEM...]
   (a Python with python-docx, e.g. /work/main/.venv/bin/python; LibreOffice `soffice` for the PDFs)

The DOCX renderer is the shared /work/shared/tools/mkdocx.py (--autonum, --header, --pagenum). After
rendering, this script
  - gives data tables (first cell "STT") a narrow STT column, a wider label column and a smaller font
    when they are wide, and wide tables without STT (8+ columns) equal columns in 9 pt, so that numbers
    do not wrap inside their cells in the PDF;
  - merges two-row table headers as Word reports carry them: a group cell in the first header row absorbs
    the empty cells to its right, and a first-row cell above an empty second-row cell is merged vertically
    (STT, Lĩnh vực, …). This applies to every "STT" table whose second row starts with an empty cell.
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
    "sa-pa-q4-2025": "UBND phường Sa Pa|Số: 205/BC-UBND|Sa Pa, ngày 16 tháng 12 năm 2025",
    "bau-bang-q3-2024": "UBND huyện Bàu Bàng|Số: 512/BC-UBND|Bàu Bàng, ngày 19 tháng 9 năm 2024",
    "khanh-hung-h1-2024": "UBND xã Khánh Hưng|Số: 64/BC-UBND|Khánh Hưng, ngày 18 tháng 6 năm 2024",
    "ia-der-2024": "UBND xã Ia Dêr|Số: 158/BC-UBND|Ia Dêr, ngày 16 tháng 12 năm 2024",
    "duc-hoa-ha-q1-2025": "UBND xã Đức Hòa Hạ|Số: 28/BC-UBND|Đức Hòa Hạ, ngày 17 tháng 3 năm 2025",
}
# page numbers in the page header (as Vietnamese documents carry them from page 2 on)
PAGENUM = {"bau-bang-q3-2024", "khanh-hung-h1-2024", "cam-xuyen-9t-2021", "phu-ly-q4-2024"}
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
        n = len(t.columns)
        if t.cell(0, 0).text.strip() != "STT":
            if n >= 8:   # a wide exported table without STT: equal columns, small font
                _set_width(t, [PAGE_WIDTH_CM / n] * n)
                _set_font(t, 9)
            continue
        if n <= 3:
            label, size = 11.0, None
        elif n <= 6:
            label, size = 5.0, None
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


def merge_two_row_headers(document):
    for t in document.tables:
        if t.cell(0, 0).text.strip() != "STT" or len(t.rows) < 3 or t.cell(1, 0).text.strip():
            continue
        n = len(t.columns)
        top = [t.cell(0, c).text.strip() for c in range(n)]
        second = [t.cell(1, c).text.strip() for c in range(n)]
        spans, c = [], 0
        while c < n:
            k = c + 1
            while k < n and not top[k]:
                k += 1
            if top[c] and k - 1 > c:
                spans.append(((0, c), (0, k - 1)))
            elif top[c] and not second[c]:
                spans.append(((0, c), (1, c)))
            c = k
        for a, b in spans:
            _drop_empty_paragraphs(t.cell(*a).merge(t.cell(*b)))


def render(stem, pdf=True):
    src = HERE / "src" / f"{stem}.txt"
    outs = [HERE / "docs" / f"{stem}.docx"]
    extra = ["--pagenum"] if stem in PAGENUM else []
    subprocess.run([sys.executable, str(MKDOCX), str(src), str(outs[0])] + extra, check=True)
    if stem in AUTONUM:
        outs.append(HERE / "docs" / f"{stem}-autonum.docx")
        subprocess.run([sys.executable, str(MKDOCX), str(src), str(outs[1]), "--autonum", "--header", AUTONUM[stem]]
                       + extra, check=True)
    for o in outs:
        d = docx.Document(str(o))
        shape_tables(d)
        merge_two_row_headers(d)
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
