"""The command line: exit codes, one clear line for every bad input, JSON on stdout."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from report_miner.cli import main

from paths import EDGE, SEED_DOCX


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "report_miner", *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **env})


@pytest.mark.parametrize("name,reason", [
    ("corrupt.docx", "bị hỏng"),
    ("empty.docx", "rỗng"),
    ("empty-body.docx", "không có nội dung"),
    ("not-a-report.docx", "không phải tệp DOCX hay PDF"),
    ("fake.pdf", "HTML"),
    ("legacy.doc", ".doc"),
    ("spreadsheet.docx", "Excel"),
    ("zip-bomb.docx", "zip bomb"),
    ("pdf-corrupt.pdf", "bị hỏng"),
    ("pdf-encrypted.pdf", "mật khẩu"),
    ("encrypted.docx", "mật khẩu"),
    ("pdf-scanned.pdf", "OCR"),
    ("pdf-no-pages.pdf", ""),
])
def test_bad_input_gives_one_line_and_exit_1(name, reason):
    p = run("parse", str(EDGE / name), REPORT_MINER_TESSERACT="", REPORT_MINER_SOFFICE="")  # no optional tools
    assert p.returncode == 1
    assert p.stdout == ""
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1, p.stderr
    assert name in lines[0] and reason in lines[0]
    assert "Traceback" not in p.stderr


def test_missing_file(capsys):
    assert main(["parse", "khong-co-tep-nay.docx"]) == 1
    err = capsys.readouterr().err
    assert err.strip() == "lỗi: khong-co-tep-nay.docx: không tìm thấy tệp (file not found)"


def test_bad_usage_exits_2(capsys):
    assert main(["parse"]) == 2
    assert main(["frobnicate"]) == 2


def test_parse_prints_the_record(capsys):
    assert main(["parse", str(SEED_DOCX)]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["schema_version"] == "1"
    assert record["source"]["format"] == "docx"
    assert record["report"]["issuer"] == {"level": "xa", "name": "Sơn Nham"}
    assert {"id", "title", "level", "children"} <= set(record["sections"][0])
    assert record["figures"][3]["indicator"] == "dossier.received" and record["figures"][3]["value"] == 255


def test_parse_output_file(tmp_path, capsys):
    out = tmp_path / "seed.json"
    assert main(["parse", str(SEED_DOCX), "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    assert json.loads(out.read_text(encoding="utf-8"))["report"]["signer"] == "Lê Công Nhân"


def test_schema_is_the_models_schema(capsys):
    from report_miner.models import ReportRecord

    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema == ReportRecord.model_json_schema(mode="serialization")
    assert {"schema_version", "source", "report", "sections", "figures", "checks"} <= set(schema["properties"])


def test_every_command_has_help():
    from report_miner.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, sp in sub.choices.items():
        assert sp.description or any(c.dest == name and c.help for c in sub._choices_actions), name
