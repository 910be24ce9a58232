#!/usr/bin/env python3
"""Time a batch of ≥ 1,000 reports: copies of corpus/district/docs, read by `report-miner batch`.

usage: .venv/bin/python bench/batch_bench.py [--reports 1000] [--workers N] [--keep]

Prints one JSON line: files, seconds, reports per second, and the peak memory of the batch's process
tree (the main process, the fork server and the workers), sampled from /proc every 50 ms (Linux).
Every copy is a distinct path with the same content, so the parse cache does not help: a fresh
output folder and history database are used and every file is read.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "corpus" / "district" / "docs"
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def make_inputs(dest: Path, reports: int) -> int:
    """Copy the corpus reports (DOCX and PDF, the corrupt one included) until there are ``reports`` files."""
    sources = sorted(p for p in DOCS.rglob("*") if p.suffix in (".docx", ".pdf"))
    n = 0
    copy = 0
    while n < reports:
        folder = dest / f"ban-{copy:03d}"
        folder.mkdir(parents=True)
        for src in sources:
            shutil.copyfile(src, folder / src.name)
            n += 1
        copy += 1
    return n


def _tree_rss(root: int) -> tuple[int, int]:
    """(total RSS, largest single RSS) in bytes of ``root`` and all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/statm") as fh:
                rss[int(entry)] = int(fh.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    stack, seen = [root], []
    while stack:
        pid = stack.pop()
        seen.append(pid)
        stack += children.get(pid, [])
    sizes = [rss.get(p, 0) for p in seen]
    return sum(sizes), max(sizes, default=0)


def tree_rss_by_role(root: int) -> tuple[int, int]:
    """(RSS of the main process, largest RSS among its descendants: the fork server and the workers)."""
    try:
        with open(f"/proc/{root}/statm") as fh:
            main_rss = int(fh.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        main_rss = 0
    children = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == root:
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            if not _descends(int(entry), root, int(fields[1])):
                continue
            with open(f"/proc/{entry}/statm") as fh:
                children = max(children, int(fh.read().split()[1]) * PAGE)
        except (OSError, IndexError, ValueError):
            continue
    return main_rss, children


def _descends(pid: int, root: int, parent: int) -> bool:
    """Is ``pid`` (whose parent is ``parent``) below ``root`` in the process tree?"""
    seen = 0
    while parent > 1 and seen < 64:
        if parent == root:
            return True
        try:
            with open(f"/proc/{parent}/stat") as fh:
                parent = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            return False
        seen += 1
    return False


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="rm-bench-"))
    try:
        files = make_inputs(tmp / "in", args.reports)
        cmd = [sys.executable, "-m", "report_miner", "batch", str(tmp / "in"), "--out", str(tmp / "out"), "-q"]
        if args.workers:
            cmd += ["--workers", str(args.workers)]
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        peak_total = peak_main = peak_worker = 0
        while proc.poll() is None:
            total, _one = _tree_rss(proc.pid)
            main_rss, worker = tree_rss_by_role(proc.pid)
            peak_total, peak_main = max(peak_total, total), max(peak_main, main_rss)
            peak_worker = max(peak_worker, worker)
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        stderr = proc.stderr.read() if proc.stderr else ""
        manifest = json.loads((tmp / "out" / "manifest.json").read_text(encoding="utf-8"))
        print(json.dumps({
            "files": files, "exit": proc.returncode, "counts": manifest["counts"],
            "workers": args.workers or os.cpu_count(), "seconds": round(seconds, 2),
            "reports_per_second": round(files / seconds, 1),
            "seconds_by_phase": manifest.get("seconds"),
            "peak_rss_total_mb": round(peak_total / 2**20, 1),
            "peak_rss_main_mb": round(peak_main / 2**20, 1),
            "peak_rss_worker_mb": round(peak_worker / 2**20, 1),
            "last_line": stderr.strip().splitlines()[-1] if stderr.strip() else "",
        }, ensure_ascii=False))
    finally:
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
