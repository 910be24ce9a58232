#!/usr/bin/env python3
"""Re-render the real-text test corpus: src/<stem>.txt -> docs/<stem>.docx and .pdf, plus, for the
stems listed in AUTONUM, a variant docs/<stem>-autonum.docx/.pdf rendered with Word automatic
numbering and a header table (issuer | number | place and date).

usage: python build.py [--no-pdf] [STEM...]
   (a Python with python-docx, e.g. /work/main/.venv/bin/python; LibreOffice `soffice` for the PDFs)

The DOCX renderer is the shared /work/shared/tools/mkdocx.py; it drops the provenance lines
(source: / retrieved-via: / partial:) at the top of each src file. After rendering, tables with many
columns get a smaller font so that numbers do not wrap inside their cells in the PDF.

The header tables of the -autonum variants are SYNTHETIC (the passages are news items and portal
pages, which carry no such header); their number and date are recorded per variant in
labels/<stem>.json under "variants" and belong to that document only.
"""
import pathlib
import subprocess
import sys

import docx
from docx.shared import Pt

HERE = pathlib.Path(__file__).resolve().parent
MKDOCX = pathlib.Path("/work/shared/tools/mkdocx.py")

AUTONUM = {
    "hatinh-2018": "UBND tỉnh Hà Tĩnh|Số: 12/BC-UBND|Hà Tĩnh, ngày 20 tháng 01 năm 2019",
    "dongthuan-2025": "UBND phường Đồng Thuận|Số: 85/BC-UBND|Đồng Thuận, ngày 04 tháng 11 năm 2025",
    "cuchi-m7-2025": "UBND xã Củ Chi|Số: 41/BC-UBND|Củ Chi, ngày 11 tháng 8 năm 2025",
    "quangngai-m8-2025": "UBND tỉnh Quảng Ngãi|Số: 198/BC-UBND|Quảng Ngãi, ngày 16 tháng 9 năm 2025",
    "thaibinh-2021": "UBND tỉnh Thái Bình|Số: 07/BC-UBND|Thái Bình, ngày 10 tháng 01 năm 2022",
}


def shape_tables(document):
    """Wide data tables (more than 6 columns) get a 9-point font (the header table has 2 columns)."""
    for t in document.tables:
        if len(t.columns) <= 6:
            continue
        for row in t.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    for run in p.runs:
                        run.font.size = Pt(9)


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
        d.save(str(o))
        if pdf:
            subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(o.parent), str(o)],
                           check=True, capture_output=True)
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
            print("built", o.relative_to(HERE))


if __name__ == "__main__":
    main()
