"""A quarter's folder of commune reports → records, manifest, summary (JSON, XLSX, HTML, DOCX draft).

The batch reads files in a process pool (one file that crashes or hangs fails alone), remembers every
result in the history database as it arrives, and writes its six outputs only at the end, each one
atomically. An interrupted run therefore leaves the last good outputs in place, and the next run
skips what was already read (same sha256, same parser) and reads the rest.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from report_miner.aggregate import identify_records, summarize
from report_miner.errors import InputError
from report_miner.fileutil import write_atomic
from report_miner.history import History, carry_over_check, with_check
from report_miner.models import SCHEMA_VERSION, InputEntry, ReportRecord, Summary
from report_miner.periods import previous_period

SUPPORTED = (".docx", ".pdf", ".doc", ".rtf", ".odt")  # the last three through LibreOffice, when installed
DB_NAME = "history.sqlite"
OUTPUTS = ("records.jsonl", "manifest.json", "summary.json", "summary.xlsx", "summary.html",
           "district-report.docx")
# Modules downstream of reading: changing them must not invalidate the parse cache.
_NOT_PARSER = {"batch.py", "batch_worker.py", "pool.py", "aggregate.py", "history.py", "roster.py", "quotes.py",
               "periods.py", "indicators.py", "cli.py", "__main__.py"}


# --------------------------------------------------------------------------- inputs


def _skip_reason(path: Path) -> str | None:
    if path.name.startswith("~$"):
        return "tệp tạm của Word, không phải báo cáo"
    if path.suffix.lower() not in SUPPORTED:
        return "không phải tệp báo cáo (.docx, .pdf, .doc, .rtf, .odt)"
    return None


def collect_inputs(inputs: Iterable[str], out_dir: Path) -> list[InputEntry]:
    """Every file under the inputs, in a stable order; what will not be read says why.

    The output folder is left out, so a batch whose output sits inside its input folder does not
    read its own district-report.docx next time.
    """
    out_resolved = out_dir.resolve()
    seen: set[Path] = set()
    entries: list[InputEntry] = []

    def add(path: Path) -> None:
        resolved = path.resolve()
        if resolved in seen or out_resolved in resolved.parents:
            return
        seen.add(resolved)
        reason = _skip_reason(path)
        entries.append(InputEntry(path=str(path), status="skipped" if reason else "ok", reason=reason))

    for raw in inputs:
        root = Path(raw)
        if root.is_dir():
            for dirpath, dirnames, filenames in os.walk(root):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in sorted(filenames):
                    if not name.startswith("."):
                        add(Path(dirpath) / name)
        elif root.is_file():
            add(root)
        else:
            entries.append(InputEntry(path=raw, status="failed", reason="không tìm thấy tệp hoặc thư mục"))
    return sorted(entries, key=lambda e: e.path)


def file_sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@cache
def parser_fingerprint() -> str:
    """A hash of the code and patterns that turn a file into a record: the parse cache's version."""
    from report_miner import __version__
    from report_miner.patterns import patterns_dir

    h = hashlib.sha256(__version__.encode())
    pkg = Path(__file__).resolve().parent
    files = [p for p in pkg.rglob("*.py") if p.name not in _NOT_PARSER and "export" not in p.parts]
    pat = patterns_dir()
    files += [p for p in pat.rglob("*") if p.is_file()] if pat.is_dir() else []
    for p in sorted(files):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def _with_path(record: ReportRecord, path: str) -> ReportRecord:
    if record.source.path == path:
        return record
    return record.model_copy(update={"source": record.source.model_copy(update={"path": path})})


# --------------------------------------------------------------------------- reading


class _Reader:
    """Collects results into the manifest and the history database as workers deliver them."""

    COMMIT_EVERY = 1.0  # seconds: an interrupted run loses at most this much work

    def __init__(self, history: History, parser: str, shas: dict[str, str], progress: object | None) -> None:
        self.history, self.parser, self.shas, self.progress = history, parser, shas, progress
        self.entries: dict[str, InputEntry] = {}
        self.records: dict[str, ReportRecord] = {}
        self.last_commit = time.monotonic()

    def __call__(self, result: tuple[str, str, str | None, str | None, str | None, float]) -> None:
        status, path, record_json, reason, code, seconds = result
        sha = self.shas[path]
        if status == "ok" and record_json is not None:
            self.history.store_parsed(sha, self.parser, record_json)
            self.records[path] = ReportRecord.model_validate_json(record_json)
            self.entries[path] = InputEntry(path=path, sha256=sha, status="ok", seconds=round(seconds, 3))
        else:
            self.history.store_failure(sha, self.parser, reason or "", code or "internal")
            self.entries[path] = InputEntry(path=path, sha256=sha, status="failed", reason=reason,
                                            seconds=round(seconds, 3))
        if self.progress is not None:
            self.progress.update(1)  # type: ignore[attr-defined]
        if time.monotonic() - self.last_commit > self.COMMIT_EVERY:
            self.history.commit()
            self.last_commit = time.monotonic()


def _progress_bar(total: int, enabled: bool) -> object | None:
    if not enabled or total == 0 or not sys.stderr.isatty():
        return None
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover
        return None
    return tqdm(total=total, file=sys.stderr, unit="tệp", desc="Đọc báo cáo", leave=False)


@dataclass
class _Plan:
    """What a run starts from: entries already settled, records reused from history, files to read."""

    entries: dict[str, InputEntry] = field(default_factory=dict)
    records: dict[str, ReportRecord] = field(default_factory=dict)
    shas: dict[str, str] = field(default_factory=dict)
    to_read: list[str] = field(default_factory=list)


def _triage(inputs: Sequence[str], out_dir: Path, history: History, parser: str, force: bool) -> _Plan:
    """Hash every input; reuse what history already read with this parser (unless ``force``)."""
    plan = _Plan()
    for entry in collect_inputs(inputs, out_dir):
        if entry.status != "ok":
            plan.entries[entry.path] = entry
            continue
        try:
            sha = file_sha256(entry.path)
        except OSError as exc:
            plan.entries[entry.path] = entry.model_copy(
                update={"status": "failed", "reason": f"không đọc được tệp ({exc.strerror})"})
            continue
        cached = None if force else history.cached(sha, parser)
        if cached is None:
            plan.shas[entry.path] = sha
            plan.to_read.append(entry.path)
        elif cached[0] == "ok" and cached[1]:
            plan.records[entry.path] = _with_path(ReportRecord.model_validate_json(cached[1]), entry.path)
            plan.entries[entry.path] = InputEntry(path=entry.path, sha256=sha, status="unchanged")
        else:
            plan.entries[entry.path] = InputEntry(path=entry.path, sha256=sha, status="failed", reason=cached[2])
    return plan


def run_batch(inputs: Sequence[str], out: str, workers: int | None = None, db: str | None = None,
              force: bool = False, timeout: float = 60.0, progress: bool = True) -> int:
    """Read, check, roll up and write the six outputs. Exit status: 0 all inputs read, 1 otherwise."""
    from report_miner.pool import run_pool

    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    parser = parser_fingerprint()
    started = time.perf_counter()
    with History(db or out_dir / DB_NAME) as history:
        plan = _triage(inputs, out_dir, history, parser, force)
        bar = _progress_bar(len(plan.to_read), progress)
        reader = _Reader(history, parser, plan.shas, bar)
        try:
            run_pool(plan.to_read, reader, workers=workers, timeout=timeout)
        finally:
            history.commit()
            if bar is not None:
                bar.close()  # type: ignore[attr-defined]
        entries = {**plan.entries, **reader.entries}
        records = {**plan.records, **reader.records}
        manifest = [entries[p] for p in sorted(entries)]
        read_s = time.perf_counter() - started
        write_outputs(out_dir, [records[p] for p in sorted(records)], manifest, history, parser,
                      timing={"reading": round(read_s, 2)})
    failed = [e for e in manifest if e.status == "failed"]
    for e in failed:
        sys.stderr.write(f"lỗi: {e.path}: {e.reason}\n")
    counts = Counter(e.status for e in manifest)
    sys.stderr.write(f"{len(manifest)} tệp: {counts['ok']} đã đọc, {counts['unchanged']} không đổi, "
                     f"{counts['failed']} lỗi, {counts['skipped']} bỏ qua → {out_dir}\n")
    return 1 if failed else 0


# --------------------------------------------------------------------------- outputs


def _records_digest(lines: list[str]) -> str:
    return hashlib.sha256("".join(lines).encode()).hexdigest()


def build_summary(records: list[ReportRecord], manifest: list[InputEntry], history: History,
                  carry_over: bool = True, parser: str | None = None) -> tuple[list[ReportRecord], Summary]:
    """Place the records, file them in history, add history.carry_over (unless told to keep the records'
    own result), roll up."""
    ids = identify_records(records)
    with history.transaction():
        for rec, uid in zip(records, ids, strict=True):
            if uid is not None and uid.parent is not None:
                history.remember(uid, rec, parser)
    checked: list[ReportRecord] = []
    for rec, uid in zip(records, ids, strict=True):
        prev_p = previous_period(rec.report.period)
        if not carry_over or uid is None or uid.parent is None or prev_p is None:
            checked.append(rec)
            continue
        checked.append(with_check(rec, carry_over_check(rec, history.record_for(uid, prev_p))))
    counts: dict[str, int] = dict(Counter(e.status for e in manifest))
    summary = summarize(checked, failed=[e for e in manifest if e.status == "failed"], counts=counts,
                        previous=history.record_for, ids=ids)
    return checked, summary


def write_outputs(out_dir: Path, records: list[ReportRecord], manifest: list[InputEntry] | None,
                  history: History, parser: str | None = None, rewrite_manifest: bool = True,
                  carry_over: bool = True, timing: dict[str, float] | None = None) -> Summary:
    """Render everything in memory first, then replace the files one by one, manifest last.

    Each file is replaced atomically; the manifest and summary.json carry the digest of the records
    they were made from, so a reader can tell that all outputs belong to one run.
    """
    from report_miner.export import render_all

    started = time.perf_counter()
    checked, summary = build_summary(records, manifest or [], history, carry_over, parser)
    lines = [r.model_dump_json() + "\n" for r in checked]
    digest = _records_digest(lines)
    rendered = render_all(summary, digest)
    write_atomic(out_dir / "records.jsonl", "".join(lines))
    for name, data in rendered.items():
        write_atomic(out_dir / name, data)
    if manifest is not None and rewrite_manifest:
        doc = {"schema_version": SCHEMA_VERSION, "parser": parser, "records_sha256": digest,
               "counts": dict(sorted(Counter(e.status for e in manifest).items())),
               # wall-clock seconds of the run's two phases: hashing and reading the inputs, then checking
               # against history, rolling up and rendering the outputs
               "seconds": {**(timing or {}), "outputs": round(time.perf_counter() - started, 2)},
               "inputs": [e.model_dump() for e in manifest]}
        write_atomic(out_dir / "manifest.json", json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
    return summary


def read_records(path: Path) -> list[ReportRecord]:
    if not path.is_file():
        raise InputError(str(path), "không có records.jsonl: chạy `report-miner batch` trước", "missing")
    with open(path, encoding="utf-8") as fh:
        return [ReportRecord.model_validate_json(line) for line in fh if line.strip()]


def read_manifest(path: Path) -> list[InputEntry] | None:
    if not path.is_file():
        return None
    doc = json.loads(path.read_text(encoding="utf-8"))
    return [InputEntry.model_validate(e) for e in doc.get("inputs", [])]


def rerender(dir: str, db: str | None = None) -> int:
    """Rebuild summary.json/.xlsx/.html and the DOCX draft from records.jsonl, without reading any report.

    The manifest is left as the batch wrote it: this run read no input.
    """
    out_dir = Path(dir)
    records = read_records(out_dir / "records.jsonl")
    manifest = read_manifest(out_dir / "manifest.json")
    db_path = Path(db) if db else out_dir / DB_NAME
    # Without the history file the records keep their own history.carry_over results, and the
    # comparison with the previous period uses the earlier reports that records.jsonl holds.
    has_history = db_path.exists()
    with History(db_path if has_history else ":memory:") as history:
        write_outputs(out_dir, records, manifest, history, rewrite_manifest=False, carry_over=has_history)
    sys.stderr.write(f"Đã dựng lại các tệp tổng hợp từ {len(records)} bản ghi → {out_dir}\n")
    return 0
