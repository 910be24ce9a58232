"""The code a batch worker process runs: read one file, send back its record or the reason it failed.

Importing this module imports the whole reading pipeline and compiles the patterns, on purpose: the
batch preloads it in the fork server, so every worker starts with the library ready instead of
importing it and compiling the patterns again.

``REPORT_MINER_FAULT`` injects faults for drills and tests ("hang=duc-phu,crash=duc-tan,delay=0.2"):
a worker hangs or dies on files whose name contains the given text, or sleeps before each file.
"""

from __future__ import annotations

import os
import signal
import time
from multiprocessing.connection import Connection

from report_miner.errors import InputError
from report_miner.patterns import load_patterns
from report_miner.pipeline import parse_file


def _warm() -> None:
    """Compile the patterns and the check rules now, once, rather than in every worker's first file."""
    load_patterns()
    try:
        from report_miner.checks.rules import load_rules

        load_rules()
    except (ImportError, OSError, ValueError):  # no checks, or a broken checks.yaml: the record says so
        pass


_warm()

Result = tuple[str, str, str | None, str | None, str | None, float]  # (status, path, record, reason, code, s)


def _faults() -> dict[str, str]:
    spec = os.environ.get("REPORT_MINER_FAULT", "")
    return dict(part.split("=", 1) for part in spec.split(",") if "=" in part)


def _inject(path: str, faults: dict[str, str]) -> None:
    if "delay" in faults:
        time.sleep(float(faults["delay"]))
    name = os.path.basename(path)
    if faults.get("hang") and faults["hang"] in name:
        time.sleep(10**6)
    if faults.get("crash") and faults["crash"] in name:
        os._exit(70)


def read_one(path: str) -> Result:
    """Parse ``path``; every exception becomes a failure line, so one bad file never stops the batch."""
    t0 = time.perf_counter()
    try:
        record = parse_file(path)
        return ("ok", path, record.model_dump_json(), None, None, time.perf_counter() - t0)
    except InputError as exc:
        return ("failed", path, None, exc.reason, exc.code, time.perf_counter() - t0)
    except Exception as exc:  # a reader bug on one file is that file's failure, not the batch's
        reason = f"lỗi khi đọc tệp ({type(exc).__name__}: {exc})"
        return ("failed", path, None, reason, "internal", time.perf_counter() - t0)


def worker_main(conn: Connection) -> None:
    """Serve paths from ``conn`` until it sends None or closes (the batch stopped or was killed)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    faults = _faults()
    while True:
        try:
            path = conn.recv()
        except (EOFError, OSError):
            return
        if path is None:
            return
        _inject(path, faults)
        conn.send(read_one(path))
