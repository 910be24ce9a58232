#!/usr/bin/env python3
"""Re-render the second real-text test corpus (corpus/real2): src/<stem>.txt -> docs/<stem>.docx and .pdf, plus, for the
stems listed in AUTONUM, a variant docs/<stem>-autonum.docx/.pdf rendered with Word automatic
numbering and a header table (issuer | number | place and date).

usage: python build.py [--no-pdf] [STEM...]
   (a Python with python-docx, e.g. /work/main/.venv/bin/python; LibreOffice `soffice` for the PDFs)

The DOCX renderer is the shared /work/shared/tools/mkdocx.py; it drops the provenance lines
(source: / retrieved-via: / partial:) at the top of each src file. After rendering, tables with many
columns get a smaller font so that numbers do not wrap inside their cells in the PDF.

The header table of the -autonum variant is SYNTHETIC (the passage is a portal page, which
carries no such header); its number and date are recorded per variant in
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
    "hoian-m3-2024": "UBND thành phố Hội An|Số: 35/BC-VP|Hội An, ngày 02 tháng 4 năm 2024",
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
