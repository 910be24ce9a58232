#!/usr/bin/env python3
"""Speed and memory, in one run on the same files: the parsing floors, the peers, and ours.

usage: .venv/bin/python bench/perf.py [--runs 5] [--reports 1000] [--skip-batch]

Prints a table (median of --runs timed runs after one warm-up run) with ratios:
  python-docx open + read all text     vs  our full pipeline per DOCX report (read, segment, extract, check)
  pdfplumber open + extract_text       vs  our full pipeline per PDF report
  `report-miner parse` cold, end to end, on the seed DOCX (a fresh interpreter each run)
  a batch of --reports copies with 1 and 2 workers: reports/s, speed-up, peak RSS per process, and the
  time of half the batch (to see that time grows linearly with the number of reports)
docling and unstructured are timed too when they are installed (they are not dependencies).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))

from batch_bench import make_inputs, tree_rss_by_role  # noqa: E402

from report_miner.pipeline import parse_file  # noqa: E402

SEED = ROOT / "corpus" / "son-nham-q2-2024.docx"


def report_files() -> tuple[list[Path], list[Path]]:
    """The labelled reports of the repository (written + real + seed), as DOCX and as PDF."""
    roots = [ROOT / "corpus" / "written" / "docs", ROOT / "corpus" / "real" / "docs", ROOT / "corpus"]
    docx_files, pdf_files = [], []
    for root in roots:
        docx_files += sorted(p for p in root.glob("*.docx") if "autonum" not in p.name)
        pdf_files += sorted(p for p in root.glob("*.pdf") if "autonum" not in p.name)
    return docx_files, pdf_files


def median_per_file(files: list[Path], fn: Callable[[Path], object], runs: int) -> float:
    """Median over files of the median over runs (after a warm-up) of one call, in milliseconds."""
    for f in files:
        fn(f)
    per_file = []
    for f in files:
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            fn(f)
            times.append(time.perf_counter() - t0)
        per_file.append(statistics.median(times))
    return statistics.median(per_file) * 1000


def python_docx_floor(path: Path) -> None:
    import docx

    d = docx.Document(str(path))
    _ = [p.text for p in d.paragraphs]
    _ = [c.text for t in d.tables for r in t.rows for c in r.cells]


def pdfplumber_floor(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        _ = [page.extract_text() for page in pdf.pages]


def docling_convert(path: Path) -> None:  # pragma: no cover - optional peer
    from docling.document_converter import DocumentConverter

    DocumentConverter().convert(str(path))


def unstructured_partition(path: Path) -> None:  # pragma: no cover - optional peer
    from unstructured.partition.auto import partition

    partition(filename=str(path))


def cold_start(runs: int) -> float:
    """Wall time of `report-miner parse SEED` in a fresh interpreter, median, in seconds."""
    cmd = [sys.executable, "-m", "report_miner", "parse", str(SEED)]
    # as installed: byte code cached (pip compiles it at install; the first run here writes it)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(cmd, capture_output=True, check=True, env=env)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True, env=env)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def batch(inputs: Path, out: Path, workers: int) -> dict:
    """Run one batch, sampling the RSS of its process tree every 50 ms."""
    cmd = [sys.executable, "-m", "report_miner", "batch", str(inputs), "--out", str(out), "-q",
           "--workers", str(workers)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak_main = peak_worker = 0
    while proc.poll() is None:
        main_rss, worker = tree_rss_by_role(proc.pid)
        peak_main, peak_worker = max(peak_main, main_rss), max(peak_worker, worker)
        time.sleep(0.05)
    seconds = time.perf_counter() - t0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    phases = manifest.get("seconds") or {}
    return {"seconds": seconds, "main_mb": peak_main / 2**20, "worker_mb": peak_worker / 2**20,
            "reading": phases.get("reading"), "outputs": phases.get("outputs"), "counts": manifest["counts"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--reports", type=int, default=1000)
    ap.add_argument("--skip-batch", action="store_true")
    args = ap.parse_args()
    docx_files, pdf_files = report_files()
    rows: list[tuple[str, str, str]] = []
    floor_docx = median_per_file(docx_files, python_docx_floor, args.runs)
    ours_docx = median_per_file(docx_files, parse_file, args.runs)
    rows += [("python-docx open + read text, per DOCX", f"{floor_docx:.1f} ms", "1.00×"),
             ("report_miner full pipeline, per DOCX", f"{ours_docx:.1f} ms", f"{ours_docx / floor_docx:.2f}× floor")]
    floor_pdf = median_per_file(pdf_files, pdfplumber_floor, max(1, args.runs // 2))
    ours_pdf = median_per_file(pdf_files, parse_file, args.runs)
    rows += [("pdfplumber open + extract_text, per PDF", f"{floor_pdf:.1f} ms", "1.00×"),
             ("report_miner full pipeline, per PDF", f"{ours_pdf:.1f} ms", f"{ours_pdf / floor_pdf:.2f}× pdfplumber")]
    for name, fn in (("docling", docling_convert), ("unstructured", unstructured_partition)):
        if importlib.util.find_spec(name):
            peer = median_per_file(docx_files[:5], fn, 1)
            rows.append((f"{name} convert, per DOCX (optional peer)", f"{peer:.1f} ms",
                         f"{peer / floor_docx:.2f}× floor"))
        else:
            rows.append((f"{name} (optional peer)", "not installed", ""))
    cold = cold_start(args.runs)
    rows.append(("`report-miner parse` cold, seed DOCX", f"{cold:.2f} s", "target ≤ 1.0 s"))
    if not args.skip_batch:
        tmp = Path(tempfile.mkdtemp(prefix="rm-perf-"))
        try:
            n = make_inputs(tmp / "in", args.reports)
            half = make_inputs(tmp / "half", args.reports // 2)
            one = batch(tmp / "in", tmp / "out1", 1)
            two = batch(tmp / "in", tmp / "out2", 2)
            half_two = batch(tmp / "half", tmp / "outh", 2)
            rows += [
                (f"batch of {n} reports, 1 worker", f"{one['seconds']:.1f} s", f"{n / one['seconds']:.1f} reports/s"),
                (f"batch of {n} reports, 2 workers", f"{two['seconds']:.1f} s", f"{n / two['seconds']:.1f} reports/s"),
                ("speed-up 1 → 2 workers", f"{one['seconds'] / two['seconds']:.2f}×", "target ≥ 1.8×"),
                ("  reading phase alone, 1 / 2 workers", f"{one['reading']:.1f} / {two['reading']:.1f} s",
                 f"{one['reading'] / two['reading']:.2f}× speed-up"),
                ("  outputs phase (serial), 1 / 2 workers", f"{one['outputs']:.1f} / {two['outputs']:.1f} s",
                 "history check, roll-up, XLSX/HTML/DOCX"),
                (f"batch of {half} reports, 2 workers", f"{half_two['seconds']:.1f} s",
                 f"{half_two['seconds'] / two['seconds'] * n / half:.2f} (1.00 = linear)"),
                ("peak RSS per worker, 1 / 2 workers",
                 f"{one['worker_mb']:.0f} / {two['worker_mb']:.0f} MB", "target ≤ 200 MB"),
                ("peak RSS of the main process, 1 / 2 workers",
                 f"{one['main_mb']:.0f} / {two['main_mb']:.0f} MB", f"holds the {n}-report roll-up"),
            ]
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':{width}}  {'value':>14}  ratio")
    for name, value, ratio in rows:
        print(f"{name:{width}}  {value:>14}  {ratio}")
    print(f"\n{len(docx_files)} DOCX and {len(pdf_files)} PDF reports, median of {args.runs} runs after a warm-up; "
          f"{os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
