"""Golden records: every corpus document's full record, compared with the stored JSON.

Regenerate deliberately, then read the diff like code:
    REPORT_MINER_REGEN_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py && git diff corpus/golden
"""

from __future__ import annotations

import difflib
import json
import os

import pytest

from report_miner import parse_file

from paths import CORPUS, ROOT

GOLDEN = CORPUS / "golden"
DOCUMENTS = sorted(
    [p for p in CORPUS.glob("*.docx")] + [p for p in CORPUS.glob("*.pdf")]
    + [p for p in (CORPUS / "written" / "docs").glob("*") if p.suffix in (".docx", ".pdf")]
    + [p for p in (CORPUS / "edge").glob("docx-*.docx")]
    + [p for p in (CORPUS / "edge").glob("pdf-*.pdf") if p.stem in ("pdf-running-headers", "pdf-word-objects")]
)


def golden_path(doc):
    return GOLDEN / (str(doc.relative_to(CORPUS)).replace("/", "__") + ".json")


def render(doc) -> str:
    record = parse_file(doc.relative_to(ROOT))
    return json.dumps(json.loads(record.model_dump_json()), ensure_ascii=False, indent=1) + "\n"


@pytest.mark.parametrize("doc", DOCUMENTS, ids=lambda p: str(p.relative_to(CORPUS)))
def test_golden(doc, monkeypatch):
    monkeypatch.chdir(ROOT)
    got = render(doc)
    path = golden_path(doc)
    if os.environ.get("REPORT_MINER_REGEN_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert path.exists(), f"no golden record for {doc.name}: run with REPORT_MINER_REGEN_GOLDEN=1"
    want = path.read_text(encoding="utf-8")
    if got != want:
        diff = "".join(difflib.unified_diff(want.splitlines(True), got.splitlines(True), "golden", "now", n=2))
        pytest.fail(f"{doc.name} differs from its golden record:\n{diff[:6000]}")


def test_no_stale_goldens():
    expected = {golden_path(d).name for d in DOCUMENTS}
    stale = sorted(p.name for p in GOLDEN.glob("*.json") if p.name not in expected)
    assert not stale, f"golden records without a document: {stale}"
