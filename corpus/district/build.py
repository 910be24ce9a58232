#!/usr/bin/env python3
"""Render the district corpus: src/<stem>.txt -> docs/<period>/<file>, shaped as a clerk receives them.

usage: python build.py [--no-pdf]
   (a Python with python-docx, e.g. /work/main/.venv/bin/python; LibreOffice `soffice` for the PDFs)

The corpus is one district (huyện Mộ Đức, tỉnh Quảng Ngãi) for quý II/2024, plus four quý I/2024
reports for history. What each file plants is listed in README.md and, as data, in expected.json.
Rendering is done by the shared /work/shared/tools/mkdocx.py; this script then
  - merges the group header cells of the Biểu 06 table (tt-mo-duc-q2-2024), as Word reports carry them;
  - converts the reports the commune sent as PDF with LibreOffice;
  - truncates duc-lan-q2-2024.docx to half its bytes (the corrupt e-mail attachment);
  - writes a note that is not a report (listed as skipped by the batch).
"""

from __future__ import annotations

import pathlib
import shutil
import subprocess
import sys
import tempfile

import docx
from docx.shared import Cm, Pt

HERE = pathlib.Path(__file__).resolve().parent
MKDOCX = pathlib.Path("/work/shared/tools/mkdocx.py")

# stem -> (folder, delivered as, header for the auto-numbered variant or None)
#   delivered as: "docx", "pdf", "docx+pdf" (the duplicate: the same report saved twice), "corrupt"
REPORTS: dict[str, tuple[str, str, str | None]] = {
    "tt-mo-duc-q2-2024": ("2024-q2", "docx", "UBND thị trấn Mộ Đức|Số: 58/BC-UBND|Mộ Đức, ngày 17 tháng 6 năm 2024"),
    "duc-nhuan-q2-2024": ("2024-q2", "docx", None),
    "duc-loi-q2-2024": ("2024-q2", "docx", None),
    "duc-thanh-q2-2024": ("2024-q2", "docx", None),
    "duc-chanh-q2-2024": ("2024-q2", "pdf", None),
    "duc-minh-q2-2024": ("2024-q2", "docx", None),
    "duc-hiep-q2-2024": ("2024-q2", "docx+pdf", "UBND xã Đức Hiệp|Số: 33/BC-UBND|Đức Hiệp, ngày 17 tháng 6 năm 2024"),
    "duc-tan-q2-2024": ("2024-q2", "docx", None),
    "duc-hoa-q2-2024": ("2024-q2", "docx", None),
    "duc-phu-q2-2024": ("2024-q2", "pdf", None),
    "duc-phong-q2-2024": ("2024-q2", "docx", "UBND xã Đức Phong|Số: 47/BC-UBND|Đức Phong, ngày 18 tháng 6 năm 2024"),
    "duc-lan-q2-2024": ("2024-q2", "corrupt", None),
    "tt-mo-duc-q1-2024": ("2024-q1", "pdf", None),
    "duc-minh-q1-2024": ("2024-q1", "docx", None),
    "duc-hoa-q1-2024": ("2024-q1", "docx", None),
    "duc-phong-q1-2024": ("2024-q1", "docx", None),
}
NOTE = ("Danh sách báo cáo quý II/2024 đã nhận qua thư điện tử (ghi chú của văn thư, không phải báo cáo).\n"
        "Xã Đức Thắng chưa gửi. Xã Đức Lân gửi tệp không mở được.\n")


def shape_tables(d: docx.document.Document) -> None:
    """Narrow STT column, wider label column and a small font for wide tables, so numbers do not wrap."""
    for t in d.tables:
        if t.cell(0, 0).text.strip() != "STT":
            continue
        n = len(t.columns)
        label = 2.2 if n > 10 else 3.4
        rest = (16.5 - 1.2 - label) / (n - 2)
        t.autofit = False
        for i, col in enumerate(t.columns):
            w = Cm(1.2 if i == 0 else label if i == 1 else rest)
            for cell in col.cells:
                cell.width = w
        if n > 6:
            for row in t.rows:
                for cell in row.cells:
                    for p in cell.paragraphs:
                        for r in p.runs:
                            r.font.size = Pt(8 if n > 10 else 10)


def merge_bieu06(d: docx.document.Document) -> None:
    for t in d.tables:
        if len(t.columns) == 13 and t.cell(0, 0).text.strip() == "STT":
            t.cell(0, 2).merge(t.cell(0, 5))
            t.cell(0, 6).merge(t.cell(0, 9))
            t.cell(0, 10).merge(t.cell(0, 12))
            t.cell(0, 0).merge(t.cell(1, 0))
            t.cell(0, 1).merge(t.cell(1, 1))
            for c in (t.cell(0, 0), t.cell(0, 1), t.cell(0, 2), t.cell(0, 6), t.cell(0, 10)):
                for p in c.paragraphs[1:]:
                    if not p.text.strip():
                        p._p.getparent().remove(p._p)


def render_docx(stem: str, header: str | None, out: pathlib.Path) -> None:
    cmd = [sys.executable, str(MKDOCX), str(HERE / "src" / f"{stem}.txt"), str(out)]
    if header:
        cmd += ["--autonum", "--header", header]
    subprocess.run(cmd, check=True)
    d = docx.Document(str(out))
    shape_tables(d)
    merge_bieu06(d)
    d.save(str(out))


def to_pdf(src: pathlib.Path, outdir: pathlib.Path) -> None:
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(outdir), str(src)],
                   check=True, capture_output=True)


def build(stem: str, folder: str, delivered: str, header: str | None, pdf: bool) -> list[pathlib.Path]:
    outdir = HERE / "docs" / folder
    outdir.mkdir(parents=True, exist_ok=True)
    target = outdir / f"{stem}.docx"
    if delivered == "pdf":
        if not pdf:
            return []
        with tempfile.TemporaryDirectory() as tmp:
            staged = pathlib.Path(tmp) / f"{stem}.docx"
            render_docx(stem, header, staged)
            to_pdf(staged, outdir)
        return [outdir / f"{stem}.pdf"]
    render_docx(stem, header, target)
    if delivered == "corrupt":
        data = target.read_bytes()
        target.write_bytes(data[: len(data) // 2])
    built = [target]
    if delivered == "docx+pdf" and pdf:
        to_pdf(target, outdir)
        built.append(outdir / f"{stem}.pdf")
    return built


def main() -> None:
    pdf = "--no-pdf" not in sys.argv
    if pdf and shutil.which("soffice") is None:
        sys.exit("soffice (LibreOffice) not found; use --no-pdf")
    for stem, (folder, delivered, header) in REPORTS.items():
        for out in build(stem, folder, delivered, header, pdf):
            print("built", out.relative_to(HERE))
    note = HERE / "docs" / "2024-q2" / "ghi-chu.txt"
    note.write_text(NOTE, encoding="utf-8")
    print("built", note.relative_to(HERE))


if __name__ == "__main__":
    main()
