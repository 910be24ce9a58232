"""Scanned PDF pages → glyph runs, through Tesseract OCR when it is installed with Vietnamese ("vie").

Tesseract is an optional system tool. A page that holds only pictures is rendered by pdfium at 300 dpi
and read by ``tesseract … -l vie tsv``; each recognised line becomes runs on one baseline, in PDF
coordinates, so the rest of the reader (lines, paragraphs, reading order) treats it like any page.
Without Tesseract (or its Vietnamese data) the reader refuses a scanned file and says what is missing.
``REPORT_MINER_TESSERACT`` overrides the program ("" turns OCR off).
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

import pypdfium2 as pdfium

from report_miner.ingest.pdf_layout import RUN_GAP, Run

DPI = 300
TIMEOUT_S = 120  # per page
LANG = "vie"


def tesseract() -> str | None:
    override = os.environ.get("REPORT_MINER_TESSERACT")
    if override is not None:
        return override or None
    return shutil.which("tesseract")


@cache
def _languages(program: str) -> frozenset[str]:
    try:
        out = subprocess.run([program, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(line.strip() for line in (out.stdout + out.stderr).splitlines()[1:] if line.strip())


def ocr_status() -> tuple[bool, str]:
    """(usable, what to tell the clerk): whether OCR can run here, and if not, why."""
    program = tesseract()
    if program is None:
        return False, "máy chưa cài tesseract"
    if LANG not in _languages(program):
        return False, "tesseract chưa có dữ liệu tiếng Việt (vie)"
    return True, "đã đọc bằng tesseract"


def ocr_runs(pdf: pdfium.PdfDocument, index: int, box: tuple[float, float, float, float]) -> list[Run]:
    """The text of one page as runs, read from its picture; [] when Tesseract fails on it."""
    program = tesseract()
    if program is None:
        return []
    scale = DPI / 72
    page = pdf[index]
    try:
        image = page.render(scale=scale).to_pil()
    finally:
        page.close()
    with tempfile.TemporaryDirectory(prefix="rm-ocr-") as tmp:
        png = Path(tmp) / "page.png"
        image.save(png)
        try:
            done = subprocess.run([program, str(png), "stdout", "-l", LANG, "tsv"], capture_output=True,
                                  timeout=TIMEOUT_S, check=False)
        except (OSError, subprocess.SubprocessError):
            return []
    if done.returncode != 0:
        return []
    return tsv_to_runs(done.stdout.decode("utf-8", "replace"), scale, box)


def tsv_to_runs(tsv: str, scale: float, box: tuple[float, float, float, float]) -> list[Run]:
    """Tesseract's words → runs: the words of a line share its baseline; a wide gap starts a new run.

    >>> head = "level page_num block_num par_num line_num word_num left top width height conf text"
    >>> rows = [head, "4 1 1 1 1 0 100 200 400 50 -1 _", "5 1 1 1 1 1 100 200 120 50 95 Tiếp",
    ...         "5 1 1 1 1 2 240 200 130 50 95 nhận:", "5 1 1 1 1 3 1000 200 60 50 95 255"]
    >>> tsv = "\\n".join(r.replace(" ", "\\t").replace("\\t_", "\\t") for r in rows)
    >>> [(r.raw, round(r.x0)) for r in tsv_to_runs(tsv, 300 / 72, (0, 0, 595, 842))]
    [('Tiếp nhận:', 24), ('255', 240)]
    """
    lines: dict[tuple[str, str, str], dict[str, float]] = {}
    words: list[tuple[tuple[str, str, str], float, float, str]] = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        key = (row["block_num"], row["par_num"], row["line_num"])
        left, top = float(row["left"]) / scale, float(row["top"]) / scale
        width, height = float(row["width"]) / scale, float(row["height"]) / scale
        if row["level"] == "4":
            lines[key] = {"bottom": top + height, "height": height}
        elif row["level"] == "5" and (row.get("text") or "").strip() and float(row["conf"]) >= 0:
            words.append((key, left, left + width, row["text"].strip()))
    runs: list[Run] = []
    current: Run | None = None
    current_key: tuple[str, str, str] | None = None
    for key, left, right, text in words:
        line = lines.get(key)
        if line is None:
            continue
        x0, x1 = box[0] + left, box[0] + right
        size = max(4.0, 0.8 * line["height"])
        base = box[3] - line["bottom"] + 0.2 * size
        if current is not None and key == current_key and x0 - current.x1 <= RUN_GAP * 2 * size:
            current.parts += [" ", text]
            current.x1 = x1
            if current.second_word_x0 is None:
                current.second_word_x0 = x0
            current.in_first_word = False
            continue
        current = Run(parts=[text], x0=x0, x1=x1, base=base, size=size, bold=False, italic=False,
                      first_word_x1=x1, ocr=True)
        current_key = key
        runs.append(current)
    return runs
