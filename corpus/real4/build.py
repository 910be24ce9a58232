#!/usr/bin/env python3
"""Re-render the fourth real-text test corpus (corpus/real4): src/<stem>.txt -> docs/<stem>.docx and .pdf, plus, for the
stems listed in AUTONUM, a variant docs/<stem>-autonum.docx/.pdf rendered with Word automatic numbering for the
"1." / "a)" items.

usage: python build.py [--no-pdf] [STEM...]
   (a Python with python-docx, e.g. /work/main/.venv/bin/python; LibreOffice `soffice` for the PDFs)

The DOCX renderer is the shared /work/shared/tools/mkdocx.py; it drops the provenance lines
(source: / retrieved-via: / partial:) at the top of each src file. After rendering, tables with many
columns get a smaller font so that numbers do not wrap inside their cells in the PDF.

As in corpus/real3, no variant gets a synthetic header: the one auto-numbered passage (ngaphu-q1-2025, a
commune's quarterly KSTTHC report as posted on its portal, with "I." / "1." / "2.") has no header block of its
own and none is invented, so labels/<stem>.json needs no "variants" entry. If a header is ever added here,
record its number/date under "variants".
"""
import pathlib
import subprocess
import sys

import docx
from docx.shared import Pt

HERE = pathlib.Path(__file__).resolve().parent
MKDOCX = pathlib.Path("/work/shared/tools/mkdocx.py")

# stem -> synthetic "ISSUER|NUMBER|PLACE_DATE" header for the -autonum variant, or None for no header
AUTONUM = {
    "ngaphu-q1-2025": None,
}


def shape_tables(document):
    """Wide data tables (more than 6 columns) get a 9-point font (header tables have 2 columns)."""
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
        cmd = [sys.executable, str(MKDOCX), str(src), str(outs[1]), "--autonum"]
        if AUTONUM[stem]:
            cmd += ["--header", AUTONUM[stem]]
        subprocess.run(cmd, check=True)
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
