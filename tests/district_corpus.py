"""The district corpus (corpus/district/) and one batch run over it, shared by the batch, aggregate and export tests.

``expected.json`` holds what the documents say, written down by hand when the corpus was made:
the tests compute the true sums from it, never from the tool's own output.
"""

from __future__ import annotations

import atexit
import json
import shutil
import tempfile
from functools import cache
from pathlib import Path

from paths import CORPUS

DISTRICT = CORPUS / "district"
DOCS = DISTRICT / "docs"
Q1 = DOCS / "2024-q1"
Q2 = DOCS / "2024-q2"


@cache
def expected() -> dict:
    return json.loads((DISTRICT / "expected.json").read_text(encoding="utf-8"))


def expected_total(indicator: str) -> int:
    """Σ over the quý II reports of one commune each (the duplicate counted once)."""
    return sum(r["figures"][indicator] for r in expected()["reports"] if indicator in r["figures"])


def expected_row(unit: str) -> dict:
    return next(r for r in expected()["reports"] if r["unit"] == unit)


@cache
def batch_dir() -> Path:
    """One batch over both folders (quý I as history), run once per test session."""
    from report_miner.batch import run_batch

    out = Path(tempfile.mkdtemp(prefix="rm-district-"))
    atexit.register(shutil.rmtree, out, ignore_errors=True)
    code = run_batch([str(DOCS)], out=str(out / "out"), workers=2, progress=False)
    (out / "exit_code").write_text(str(code))
    return out / "out"


def batch_exit_code() -> int:
    return int((batch_dir().parent / "exit_code").read_text())


@cache
def summary() -> dict:
    return json.loads((batch_dir() / "summary.json").read_text(encoding="utf-8"))


def group() -> dict:
    (g,) = summary()["groups"]
    return g


def row(unit: str) -> dict:
    return next(r for r in group()["communes"] if r["unit"] == unit)


def copy_docs(dest: Path, folders: tuple[str, ...] = ("2024-q1", "2024-q2")) -> Path:
    for name in folders:
        shutil.copytree(DOCS / name, dest / name)
    return dest
