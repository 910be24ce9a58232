"""The batch: every input accounted for, one bad file failing alone, re-runs that skip unchanged files,
and an interrupted run that leaves the last good outputs and is finished by the next one."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from district_corpus import DOCS, batch_dir, batch_exit_code, copy_docs

from report_miner.batch import OUTPUTS, collect_inputs, rerender, run_batch
from report_miner.models import ReportRecord

READABLE = 16  # 12 quý II files (the duplicate counted twice, the corrupt one not) + 4 quý I


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "report_miner", *args], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})})


def manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def statuses(out: Path) -> dict[str, str]:
    return {Path(e["path"]).name: e["status"] for e in manifest(out)["inputs"]}


def test_all_six_outputs_are_written():
    for name in OUTPUTS:
        assert (batch_dir() / name).stat().st_size > 0, name


def test_exit_status_1_because_one_input_could_not_be_read():
    assert batch_exit_code() == 1


def test_manifest_lists_every_input_with_status_and_reason():
    doc = manifest(batch_dir())
    names = {Path(e["path"]).name: e for e in doc["inputs"]}
    assert len(names) == 18
    assert doc["counts"] == {"failed": 1, "ok": READABLE, "skipped": 1}
    assert names["duc-lan-q2-2024.docx"]["status"] == "failed"
    assert "hỏng" in names["duc-lan-q2-2024.docx"]["reason"]
    assert names["ghi-chu.txt"] == {**names["ghi-chu.txt"], "status": "skipped",
                                    "reason": "không phải tệp báo cáo (.docx, .pdf, .doc, .rtf, .odt)"}
    for e in doc["inputs"]:
        if e["status"] != "skipped":
            assert e["sha256"] == hashlib.sha256(Path(e["path"]).read_bytes()).hexdigest()
        assert e["seconds"] >= 0


def test_records_jsonl_has_one_contract_record_per_readable_report():
    lines = (batch_dir() / "records.jsonl").read_text(encoding="utf-8").splitlines()
    records = [ReportRecord.model_validate_json(line) for line in lines]
    assert len(records) == READABLE
    assert [r.source.path for r in records] == sorted(r.source.path for r in records)
    first = json.loads(lines[0])
    assert set(first) >= {"schema_version", "source", "report", "sections", "figures", "checks"}
    # the batch adds the history check to every record it could place
    assert all(any(c.id == "history.carry_over" for c in r.checks) for r in records)


def test_outputs_of_one_run_carry_the_same_records_digest():
    lines = (batch_dir() / "records.jsonl").read_bytes()
    digest = hashlib.sha256(lines).hexdigest()
    assert manifest(batch_dir())["records_sha256"] == digest
    assert json.loads((batch_dir() / "summary.json").read_text())["records_sha256"] == digest


def test_rerun_skips_unchanged_files_and_force_reads_them_again(tmp_path):
    docs = copy_docs(tmp_path / "in", ("2024-q1",))
    out = tmp_path / "out"
    assert run_batch([str(docs)], out=str(out), workers=2, progress=False) == 0
    first = {n: (out / n).read_bytes() for n in ("records.jsonl", "summary.xlsx", "district-report.docx")}
    assert set(statuses(out).values()) == {"ok"}
    assert run_batch([str(docs)], out=str(out), workers=2, progress=False) == 0
    assert set(statuses(out).values()) == {"unchanged"}
    assert {n: (out / n).read_bytes() for n in first} == first  # same input, same bytes
    (docs / "2024-q1" / "duc-hoa-q1-2024.docx").write_bytes((DOCS / "2024-q2" / "duc-hoa-q2-2024.docx").read_bytes())
    assert run_batch([str(docs)], out=str(out), workers=2, progress=False) == 0
    assert statuses(out)["duc-hoa-q1-2024.docx"] == "ok"  # changed content is read again
    assert list(statuses(out).values()).count("unchanged") == 3
    assert run_batch([str(docs)], out=str(out), workers=2, progress=False, force=True) == 0
    assert set(statuses(out).values()) == {"ok"}


def test_summary_rerenders_the_same_outputs_without_reading_reports(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    for name in OUTPUTS + ("history.sqlite",):
        (out / name).write_bytes((batch_dir() / name).read_bytes())
    for name in ("summary.json", "summary.xlsx", "summary.html", "district-report.docx"):
        (out / name).unlink()
    assert rerender(str(out)) == 0
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (batch_dir() / name).read_bytes(), name


def test_summary_without_the_history_file_keeps_the_records_history_checks(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    for name in OUTPUTS:
        (out / name).write_bytes((batch_dir() / name).read_bytes())
    assert rerender(str(out)) == 0
    assert not (out / "history.sqlite").exists()
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (batch_dir() / name).read_bytes(), name


def test_summary_without_records_is_one_clear_error(tmp_path):
    p = run_cli("summary", str(tmp_path))
    assert p.returncode == 1 and "records.jsonl" in p.stderr and "Traceback" not in p.stderr


def test_output_folder_inside_the_input_folder_is_not_read(tmp_path):
    docs = copy_docs(tmp_path / "in", ("2024-q1",))
    (docs / "out").mkdir()
    (docs / "out" / "district-report.docx").write_bytes(b"not read")
    entries = collect_inputs([str(docs)], docs / "out")
    assert [Path(e.path).name for e in entries] == sorted(p.name for p in (docs / "2024-q1").iterdir())


def test_missing_input_is_a_failed_entry_not_a_crash(tmp_path):
    p = run_cli("batch", str(tmp_path / "khong-co"), "--out", str(tmp_path / "out"), "--workers", "1")
    assert p.returncode == 1
    assert "không tìm thấy" in p.stderr and "Traceback" not in p.stderr
    assert manifest(tmp_path / "out")["inputs"][0]["status"] == "failed"


def test_a_hanging_and_a_crashing_file_fail_alone(tmp_path):
    docs = copy_docs(tmp_path / "in", ("2024-q1",))
    out = tmp_path / "out"
    p = run_cli("batch", str(docs), "--out", str(out), "--workers", "2", "--timeout", "3",
                env={"REPORT_MINER_FAULT": "hang=duc-minh,crash=duc-hoa"})
    assert p.returncode == 1, p.stderr
    entries = {Path(e["path"]).name: e for e in manifest(out)["inputs"]}
    assert entries["duc-minh-q1-2024.docx"]["status"] == "failed"
    assert entries["duc-minh-q1-2024.docx"]["reason"] == "quá thời gian xử lý (hơn 3 giây)"
    assert entries["duc-hoa-q1-2024.docx"]["status"] == "failed"
    assert "dừng đột ngột" in entries["duc-hoa-q1-2024.docx"]["reason"]
    assert entries["duc-phong-q1-2024.docx"]["status"] == entries["tt-mo-duc-q1-2024.pdf"]["status"] == "ok"
    assert len((out / "records.jsonl").read_text().splitlines()) == 2
    # time-outs and crashes are not remembered: the next run tries those files again
    p = run_cli("batch", str(docs), "--out", str(out), "--workers", "2")
    assert p.returncode == 0, p.stderr
    assert statuses(out) == {"duc-hoa-q1-2024.docx": "ok", "duc-minh-q1-2024.docx": "ok",
                             "duc-phong-q1-2024.docx": "unchanged", "tt-mo-duc-q1-2024.pdf": "unchanged"}


def _parsed_count(db: Path) -> int:
    try:
        with sqlite3.connect(db) as con:
            return con.execute("SELECT count(*) FROM parsed").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_killed_batch_leaves_consistent_outputs_and_a_rerun_finishes(tmp_path):
    docs = copy_docs(tmp_path / "in")
    out = tmp_path / "out"
    # a first, complete run over quý I: the "last good outputs"
    assert run_batch([str(docs / "2024-q1")], out=str(out), workers=1, progress=False) == 0
    before = {n: (out / n).read_bytes() for n in OUTPUTS}
    # a slow run over everything, killed once a few files are done
    proc = subprocess.Popen([sys.executable, "-m", "report_miner", "batch", str(docs), "--out", str(out),
                             "--workers", "1", "-q"], env={**os.environ, "REPORT_MINER_FAULT": "delay=0.4"},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while _parsed_count(out / "history.sqlite") < 8 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert proc.poll() is None, "the batch finished before it could be interrupted"
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
        time.sleep(0.5)  # workers exit on their own when their parent dies; make sure of it
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    done = _parsed_count(out / "history.sqlite")
    assert 8 <= done < READABLE + 1
    assert {n: (out / n).read_bytes() for n in OUTPUTS} == before  # untouched, still one consistent set
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    # the re-run reads only what the killed run had not finished
    assert run_batch([str(docs)], out=str(out), workers=2, progress=False) == 1
    counts = manifest(out)["counts"]
    assert counts["unchanged"] >= 8 and counts["unchanged"] + counts["ok"] == READABLE
    assert counts["failed"] == 1 and counts["skipped"] == 1
    digest = hashlib.sha256((out / "records.jsonl").read_bytes()).hexdigest()
    assert manifest(out)["records_sha256"] == digest
    assert len((out / "records.jsonl").read_text().splitlines()) == READABLE


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path):
    docs = copy_docs(tmp_path / "in", ("2024-q1",))
    p = run_cli("batch", str(docs), "--out", str(tmp_path / "out"), "--workers", "1")
    assert p.returncode == 0
    assert "\r" not in p.stderr and "%|" not in p.stderr
    assert p.stderr.strip().splitlines()[-1].startswith("4 tệp: 4 đã đọc")
