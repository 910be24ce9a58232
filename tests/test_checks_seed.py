"""The cross-checks on the seed report (Sơn Nham, quý II/2024): exactly the findings the issue lists.

The seed fails sum.received_balance (255 vs 257), period.order and period.matches_report
(15/3/2024 → 14/3/2024 for quý II), rate.stated_matches (237/2237 called 100 %, 266/233 called 97 %),
bound.part_le_whole (266 of 233; 2237 of 255), consistency.issuer_level ("UBND huyện" in I.5),
consistency.status_vs_figures (II.5.a vs I.8) and structure.section_numbering (III twice); the other
checks that can run pass.
"""

from __future__ import annotations

import pytest

from report_miner import parse_file
from report_miner.checks.explain import explain
from report_miner.cli import main
from report_miner.models import CheckResult, ReportRecord

from paths import SEED_AUTONUM, SEED_AUTONUM_PDF, SEED_DOCX, SEED_PDF

SEED_FAILS = {
    "sum.received_balance", "period.order", "period.matches_report", "rate.stated_matches",
    "bound.part_le_whole", "consistency.issuer_level", "consistency.status_vs_figures",
    "structure.section_numbering",
}
SEED_PASSES_ONLY = {
    "sum.resolved_breakdown", "sum.online_channels", "sum.percent_total", "consistency.repeated_figure",
    "bound.percent_range",
}


def _results(record: ReportRecord, check: str, status: str | None = None) -> list[CheckResult]:
    return [c for c in record.checks if c.id == check and (status is None or c.status == status)]


def _values(record: ReportRecord, result: CheckResult) -> list[tuple[str | None, float, str | None]]:
    return sorted((record.figures[i].indicator or "", record.figures[i].value, record.figures[i].section)
                  for i in result.figures)


@pytest.mark.parametrize("path", [SEED_DOCX, SEED_PDF, SEED_AUTONUM, SEED_AUTONUM_PDF], ids=lambda p: p.name)
def test_seed_fails_exactly_the_listed_checks(path):
    record = parse_file(path)
    failing = {c.id for c in record.checks if c.status == "fail"}
    assert failing == SEED_FAILS
    for cid in SEED_PASSES_ONLY:
        assert {c.status for c in _results(record, cid)} == {"pass"}, cid


def test_every_catalogue_check_is_reported(seed_record):
    from report_miner.checks.rules import load_rules

    assert set(load_rules().checks) <= {c.id for c in seed_record.checks}
    carry = _results(seed_record, "history.carry_over")
    assert [c.status for c in carry] == ["skip"] and "lịch sử" in carry[0].message


def test_received_balance_names_the_figures_and_the_arithmetic(seed_record):
    (fail,) = _results(seed_record, "sum.received_balance", "fail")
    assert (fail.stated, fail.expected, fail.severity) == (255, 257, "error")
    assert fail.message.startswith("Tổng số hồ sơ 255 ≠ đã giải quyết 251 + đang giải quyết 6 = 257")
    assert "mục I.6, II.2" in fail.message and "chênh lệch 2" in fail.message
    assert _values(seed_record, fail) == [
        ("dossier.pending", 6, "I.6"), ("dossier.pending", 6, "II.2"),
        ("dossier.received", 255, "I.6"), ("dossier.received", 255, "II.2"),
        ("dossier.resolved", 251, "I.6"), ("dossier.resolved", 251, "II.2")]


def test_digitisation_rates_that_cannot_be_true(seed_record):
    fails = {c.stated: c for c in _results(seed_record, "rate.stated_matches", "fail")}
    assert set(fails) == {100, 97}
    assert fails[100].expected == pytest.approx(237 / 2237 * 100, abs=1e-3)
    assert "237 / hồ sơ tiếp nhận (số hoá) 2.237 = 10,59%" in fails[100].message
    assert fails[97].expected == pytest.approx(266 / 233 * 100, abs=1e-3)
    assert "266 / hồ sơ đã giải quyết (số hoá) 233 = 114,16%" in fails[97].message
    passing = _results(seed_record, "rate.stated_matches", "pass")
    assert sorted(c.rule or "" for c in passing) == ["rate.online_full", "rate.online_partial"]


def test_parts_larger_than_their_whole(seed_record):
    fails = {c.rule: c for c in _results(seed_record, "bound.part_le_whole", "fail")}
    assert set(fails) == {"bound.digitization_received", "bound.result_digitized"}
    assert (fails["bound.result_digitized"].stated, fails["bound.result_digitized"].expected) == (266, 233)
    assert (fails["bound.digitization_received"].stated, fails["bound.digitization_received"].expected) == (2237, 255)
    assert "vượt 1.982" in fails["bound.digitization_received"].message


def test_period_reversed_and_not_the_quarter(seed_record):
    (order,) = _results(seed_record, "period.order")
    assert order.status == "fail" and order.sections == ["I.6"]
    assert "bắt đầu 15/3/2024 sau ngày kết thúc 14/3/2024" in order.message
    (match,) = _results(seed_record, "period.matches_report")
    assert match.severity == "error"
    assert "quý II năm 2024" in match.message and "15/3/2024 – 14/6/2024" in match.message


def test_text_checks_point_at_their_sections(seed_record):
    (issuer,) = _results(seed_record, "consistency.issuer_level")
    assert (issuer.status, issuer.severity, issuer.sections) == ("fail", "warning", ["I.5"])
    assert "UBND huyện không tiếp nhận phản ánh" in issuer.message
    status = {c.sections[0]: c for c in _results(seed_record, "consistency.status_vs_figures")}
    assert status["II.5.a"].status == "fail"
    assert {seed_record.figures[i].section for i in status["II.5.a"].figures} == {"I.8.a"}
    assert status["II.4"].status == "pass" and "ngành dọc" in status["II.4"].message  # nothing to contradict
    assert status["II.5.b"].status == "pass"  # postal "Chưa thực hiện", and no postal figure
    (numbering,) = _results(seed_record, "structure.section_numbering")
    assert numbering.status == "fail" and numbering.sections == ["III", "III#2"]


def test_the_passing_sums(seed_record):
    (breakdown,) = _results(seed_record, "sum.resolved_breakdown")
    assert breakdown.message.startswith("Đã giải quyết 251 = trước hạn 249 + đúng hạn 0 + quá hạn 2")
    channels = sorted(c.message for c in _results(seed_record, "sum.online_channels"))
    assert channels == ["Hồ sơ DVC một phần 234 = một phần nộp trực tuyến 234 + một phần nộp trực tiếp 0 (mục I.8.a)",
                        "Hồ sơ DVC toàn trình 3 = toàn trình nộp trực tuyến 3 (mục I.8.a)"]
    (total,) = _results(seed_record, "sum.percent_total")
    assert total.expected == 100
    (repeated,) = _results(seed_record, "consistency.repeated_figure")
    assert "tổng số hồ sơ 255 (mục I.6, II.2)" in repeated.message


def test_explain_lists_the_findings(seed_record):
    text = explain(seed_record)
    assert "UBND xã Sơn Nham, quý II năm 2024" in text
    assert "10 không đạt (7 lỗi, 3 cảnh báo)" in text
    rows = [line for line in text.splitlines() if line[:4].strip().rstrip(".").isdigit()]
    assert len(rows) == 10 and all("KHÔNG ĐẠT" in r for r in rows)
    everything = explain(seed_record, all_results=True)
    assert sum(1 for line in everything.splitlines() if line[:4].strip().rstrip(".").isdigit()) == 38


def test_cli_strict_exits_3_on_the_seed_and_explains(tmp_path, capsys):
    out = tmp_path / "seed.json"
    assert main(["parse", str(SEED_DOCX), "--strict", "--explain", "-o", str(out)]) == 3
    assert "Tổng số hồ sơ 255 ≠" in capsys.readouterr().err
    assert main(["parse", str(SEED_DOCX), "-o", str(out)]) == 0
    assert ReportRecord.model_validate_json(out.read_text(encoding="utf-8")).checks
