"""History: every record the batch has read, kept in an embedded SQLite file.

Two tables serve two needs:

* ``parsed`` caches a file's record (or its failure) by sha256 and by the parser that produced it,
  so a re-run skips unchanged files and an interrupted run resumes where it stopped: each result is
  committed as it arrives;
* ``history`` files each record under its commune and period, so the next period can compare its
  carried-over dossiers with this period's pending ones (history.carry_over) and show the change.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from report_miner.aggregate import primary_rank, record_values, select_values
from report_miner.models import CheckResult, CheckStatus, Period, ReportRecord
from report_miner.periods import period_key, period_label
from report_miner.roster import UnitId

SCHEMA = """
CREATE TABLE IF NOT EXISTS parsed (
    sha256 TEXT NOT NULL, parser TEXT NOT NULL, status TEXT NOT NULL,
    record TEXT, reason TEXT, code TEXT,
    PRIMARY KEY (sha256, parser));
CREATE TABLE IF NOT EXISTS history (
    parent_key TEXT NOT NULL, unit_key TEXT NOT NULL,
    kind TEXT NOT NULL, idx INTEGER NOT NULL, year INTEGER NOT NULL,
    sha256 TEXT NOT NULL, path TEXT NOT NULL, unit TEXT NOT NULL, record TEXT NOT NULL,
    PRIMARY KEY (parent_key, unit_key, kind, idx, year, sha256));
CREATE INDEX IF NOT EXISTS history_path ON history (path);
"""
# Failures worth remembering: the file itself is bad. Time-outs, crashed workers, and files that need a tool
# this machine lacks (LibreOffice for .doc, Tesseract for scans) are tried again by the next run.
STICKY_FAILURES = frozenset({"unreadable", "corrupt", "empty", "encrypted", "unsupported"})


class History:
    """The SQLite store. One connection, used from the batch's main process only."""

    def __init__(self, path: str | Path) -> None:
        """``path`` is the SQLite file (created when missing), or ":memory:" for a throw-away store."""
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = str(path)
        self.db = sqlite3.connect(self.path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        self._previous: dict[tuple[str, str, str, int, int], ReportRecord | None] = {}

    def close(self) -> None:
        self.db.commit()
        self.db.close()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.db:
            yield

    # ---------------------------------------------------------------- parse cache

    def cached(self, sha256: str, parser: str) -> tuple[str, str | None, str | None, str | None] | None:
        """(status, record JSON, reason, code) stored for this content and parser, if any."""
        row = self.db.execute("SELECT status, record, reason, code FROM parsed WHERE sha256=? AND parser=?",
                              (sha256, parser)).fetchone()
        return tuple(row) if row else None  # type: ignore[return-value]

    def store_parsed(self, sha256: str, parser: str, record_json: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO parsed VALUES (?, ?, 'ok', ?, NULL, NULL)",
                        (sha256, parser, record_json))

    def store_failure(self, sha256: str, parser: str, reason: str, code: str) -> None:
        if code in STICKY_FAILURES:
            self.db.execute("INSERT OR REPLACE INTO parsed VALUES (?, ?, 'failed', NULL, ?, ?)",
                            (sha256, parser, reason, code))

    def commit(self) -> None:
        self.db.commit()

    # ---------------------------------------------------------------- history by commune and period

    def remember(self, uid: UnitId, record: ReportRecord, parser: str | None = None) -> None:
        """File a record under its commune and period; a changed file replaces its older version.

        With ``parser``, the record is copied inside SQLite from the parse cache, where the batch stored it
        as the worker serialised it (same file, same parser), instead of serialising it again.
        """
        if record.report.period is None:
            return
        self._previous.clear()
        kind, idx, year = period_key(record.report.period)
        src = record.source
        self.db.execute("DELETE FROM history WHERE path=? AND sha256<>?", (src.path, src.sha256))
        row = (uid.parent_key, uid.key, kind, idx, year, src.sha256, src.path, uid.display)
        if parser is not None and src.sha256:
            copied = self.db.execute(
                "INSERT OR REPLACE INTO history SELECT ?, ?, ?, ?, ?, ?, ?, ?, record FROM parsed "
                "WHERE sha256=? AND parser=? AND status='ok' AND json_extract(record, '$.source.path')=?",
                (*row, src.sha256, parser, src.path))
            if copied.rowcount:
                return
        self.db.execute("INSERT OR REPLACE INTO history VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (*row, record.model_dump_json()))

    def record_for(self, uid: UnitId, period: Period) -> ReportRecord | None:
        """The commune's report for ``period``; of several, the one a roll-up would count."""
        kind, idx, year = period_key(period)
        key = (uid.parent_key, uid.key, kind, idx, year)
        if key not in self._previous:  # asked once per report of the next period, and again by the roll-up
            rows = self.db.execute(
                "SELECT record FROM history WHERE parent_key=? AND unit_key=? AND kind=? AND idx=? AND year=?",
                key).fetchall()
            records = [ReportRecord.model_validate_json(r[0]) for r in rows]
            self._previous[key] = max(records, key=primary_rank) if records else None
        return self._previous[key]


# --------------------------------------------------------------------------- history.carry_over


def carry_over_fallback(record: ReportRecord, previous: ReportRecord | None) -> CheckResult:
    """carried_over of this period = pending at the end of the last one (same commune)."""
    values, index, _stated = select_values(record)
    carried = values.get("dossier.carried_over")
    period = record.report.period
    prev_label = period_label(previous.report.period) if previous and previous.report.period else "kỳ trước"
    pending = record_values(previous).get("dossier.pending") if previous is not None else None

    def result(status: CheckStatus, message: str, figures: list[int] | None = None) -> CheckResult:
        return CheckResult(id="history.carry_over", status=status, severity="warning", message=message,
                           figures=figures or [], expected=pending, stated=carried,
                           rule="carried_over = pending kỳ trước")

    if previous is None:
        return result("skip", f"Chưa có báo cáo {prev_label} của đơn vị trong lịch sử.")
    if carried is None or pending is None:
        return result("skip", f"Thiếu số hồ sơ kỳ trước chuyển sang hoặc số hồ sơ đang giải quyết của {prev_label}.")
    figs = [index["dossier.carried_over"]]
    if carried == pending:
        return result("pass", f"Kỳ trước chuyển sang {carried} = đang giải quyết cuối {prev_label} {pending}.", figs)
    return result("fail", f"Số hồ sơ kỳ trước chuyển sang {period_label(period)} là {carried}, nhưng báo cáo "
                          f"{prev_label} của đơn vị còn {pending} hồ sơ đang giải quyết "
                          f"({Path(previous.source.path).name}).", figs)


def carry_over_check(record: ReportRecord, previous: ReportRecord | None) -> CheckResult:
    """The checks package's rule when it has one; the same comparison made here otherwise."""
    try:
        from report_miner.checks import check_carry_over  # type: ignore[attr-defined]
    except ImportError:
        return carry_over_fallback(record, previous)
    result: CheckResult = check_carry_over(record, previous)
    return result


def with_check(record: ReportRecord, check: CheckResult) -> ReportRecord:
    """The record with ``check`` in place of any earlier result of the same id (re-runs stay idempotent)."""
    checks = [c for c in record.checks if c.id != check.id] + [check]
    return record.model_copy(update={"checks": checks})
