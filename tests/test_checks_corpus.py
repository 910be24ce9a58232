"""The cross-check corpus (corpus/checks): consistent reports raise nothing, each planted error is caught.

manifest.yaml says which checks every document must fail; this module walks it, so adding a planted
copy there (and running corpus/checks/build.py) adds a test. Beyond the set equality, a few results
are read closely: the tolerance for rounding and truncation, the readings the message names, the
skip that a doubtful figure turns a failure into.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import yaml

from report_miner import parse_file
from report_miner.checks import check_carry_over, run_checks
from report_miner.models import CheckResult, ReportRecord

from paths import CORPUS

CHECKS = CORPUS / "checks"
MANIFEST = yaml.safe_load((CHECKS / "manifest.yaml").read_text(encoding="utf-8"))
CONSISTENT = [f"{c['stem']}{v}.{ext}" for c in MANIFEST["consistent"]
              for v in ("", "-autonum") if v == "" or c.get("autonum") for ext in ("docx", "pdf")]
PLANTED = {p["id"]: p for p in MANIFEST["planted"]}


@cache
def record(name: str) -> ReportRecord:
    return parse_file(CHECKS / "docs" / (name if "." in name else f"{name}.docx"))


def failing(rec: ReportRecord) -> set[str]:
    return {c.id for c in rec.checks if c.status == "fail"}


def results(rec: ReportRecord, check: str, status: str | None = None) -> list[CheckResult]:
    return [c for c in rec.checks if c.id == check and (status is None or c.status == status)]


@pytest.mark.parametrize("name", CONSISTENT)
def test_consistent_reports_raise_no_finding(name):
    rec = record(name)
    assert failing(rec) == set(), [c.message for c in rec.checks if c.status == "fail"]
    assert len([c for c in rec.checks if c.status == "pass"]) >= 35


@pytest.mark.parametrize("pid", sorted(PLANTED))
def test_each_planted_error_fails_exactly_its_checks(pid):
    rec = record(pid)
    assert failing(rec) == set(PLANTED[pid]["fails"]), [c.message for c in rec.checks if c.status == "fail"]


@pytest.mark.parametrize("pair", MANIFEST["history"], ids=lambda p: f"{p['current']}<-{p['previous']}")
def test_carry_over_against_the_previous_period(pair):
    result = check_carry_over(record(pair["current"]), record(pair["previous"]))
    assert result.status == ("fail" if pair["fails"] else "pass")
    assert (result.stated, result.expected) == ((9, 12) if pair["fails"] else (9, 9))


def test_carry_over_without_history_is_skipped():
    result = check_carry_over(record("nghia-thuan-q3-2024"), None)
    assert result.status == "skip" and "lịch sử" in result.message


def test_failure_messages_name_figures_sections_and_arithmetic():
    for pid in PLANTED:
        for c in record(pid).checks:
            if c.status == "fail" and c.id.startswith(("sum.", "rate.", "bound.")):
                assert c.figures and c.sections, (pid, c.message)
                assert "(mục " in c.message, (pid, c.message)
                assert any(op in c.message for op in ("≠", ">", "không khớp", "nằm ngoài")), c.message


def test_unexplained_gap_says_what_is_missing():
    (fail,) = results(record("nghia-thuan-q3-2024--withdrawn-dropped"), "sum.received_balance", "fail")
    assert fail.message == ("Tổng số hồ sơ 445 ≠ đã giải quyết 427 + đang giải quyết 15 = 442 (mục I.5, II.1); "
                            "chênh lệch 3 không được giải thích (báo cáo không nêu trả lại/rút hồ sơ)")
    (ok,) = results(record("nghia-thuan-q3-2024"), "sum.received_balance")
    assert ok.message.startswith("Tổng số hồ sơ 445 = đã giải quyết 427 + đang giải quyết 15 + trả lại/rút hồ sơ 3")


def test_early_or_on_time_as_one_figure():
    (ok,) = results(record("hoa-khanh-m10-2025"), "sum.resolved_breakdown")
    assert ok.message == "Đã giải quyết 12.811 = trước và đúng hạn 12.810 + quá hạn 1 (mục II.2)"
    (fail,) = results(record("hoa-khanh-m10-2025--late"), "sum.resolved_breakdown")
    assert (fail.stated, fail.expected) == (12811, 12814)


def test_rounding_and_truncation_of_stated_rates():
    rates = {c.stated: c for c in results(record("hoa-khanh-m10-2025"), "rate.stated_matches", "pass")}
    assert rates[99.99].expected == pytest.approx(99.9922, abs=1e-4)  # 12.810/12.811, rounded
    assert "cắt bớt" not in rates[99.99].message
    assert "cắt bớt chữ số (làm tròn đúng là 84,72%)" in rates[84.71].message  # 7.340/8.664 = 84,718
    q3 = {c.stated: c for c in results(record("nghia-thuan-q3-2024"), "rate.stated_matches")}
    assert q3[98.12].status == "pass" and "làm tròn đúng là 98,13%" in q3[98.12].message
    assert q3[99.3].status == "pass" and "99,297%" in q3[99.3].message  # "99,3%" is [99,25; 99,35)


def _with_rate(rec: ReportRecord, indicator: str, value: float, decimals: int) -> ReportRecord:
    figures = [f.model_copy(update={"value": value, "decimals": decimals}) if f.indicator == indicator else f
               for f in rec.figures]
    return rec.model_copy(update={"figures": figures})


@pytest.mark.parametrize(("value", "decimals", "status"), [
    (72.94, 2, "pass"),   # 318/436 = 72,9358: rounded
    (72.93, 2, "pass"),   # truncated: passes with a note
    (72.95, 2, "fail"),
    (73, 0, "pass"),      # "73%" is any ratio in [72,5; 73,5)
    (72, 0, "pass"),      # truncated to whole per cent
    (74, 0, "fail"),
    (72.9, 1, "pass"),    # truncated to one decimal
    (72.8, 1, "fail"),
])
def test_rate_tolerance_follows_the_stated_digits(value, decimals, status):
    rec = _with_rate(record("nghia-thuan-q3-2024"), "dossier.online_rate", value, decimals)
    (result,) = [c for c in run_checks(rec) if c.rule == "rate.online"]
    assert result.status == status, result.message


def test_online_rate_denominators_are_named():
    district = {(c.scope, c.stated): c.message for c in results(record("son-tinh-2024"), "rate.stated_matches")}
    assert "/ tiếp nhận mới 7.001" in district[("cấp huyện", 73.16)]
    assert "/ tổng số hồ sơ 11.425" in district[("cấp xã", 74.66)]
    assert "(đã giải quyết 18.302 − quá hạn 61) / đã giải quyết 18.302" in district[(None, 99.67)]


def test_sums_stay_within_their_scope():
    rec = record("son-tinh-2024--commune-pending")
    (fail,) = results(rec, "sum.received_balance", "fail")
    assert fail.scope == "cấp xã" and fail.message.startswith("Cấp xã: tổng số hồ sơ 11.425 ≠")
    assert {c.scope for c in results(rec, "sum.received_balance", "pass")} == {None, "cấp huyện"}


def test_approximate_figures_are_compatible_not_exact():
    (ok,) = results(record("son-tinh-2024"), "consistency.repeated_figure")
    assert "tổng số hồ sơ 18.640 (mục II.3) và “hơn 18,6 nghìn” (mục I)" in ok.message
    (fail,) = results(record("son-tinh-2024--approximate"), "consistency.repeated_figure", "fail")
    assert "“hơn 19,6 nghìn” (mục I) không khớp với số chính xác 18.640 (mục II.3)" in fail.message


def test_a_provincial_window_is_a_warning_a_wrong_one_an_error():
    (calendar,) = results(record("nghia-thuan-q3-2024--calendar"), "period.matches_report")
    assert (calendar.status, calendar.severity) == ("fail", "warning")
    assert "theo tháng dương lịch" in calendar.message
    (wrong,) = results(record("nghia-thuan-q3-2024--end-month"), "period.matches_report")
    assert (wrong.status, wrong.severity) == ("fail", "error")
    signed = [c for c in results(record("nghia-thuan-q3-2024--signed-early"), "period.order") if c.status == "fail"]
    assert [(c.rule, c.severity) for c in signed] == [("period.report_date", "warning")]


def test_low_confidence_figure_turns_a_failure_into_a_skip():
    rec = record("nghia-thuan-q3-2024--partial-direct")
    shaky = [f.model_copy(update={"confidence": 0.4}) if f.indicator == "online_partial.received_direct" else f
             for f in rec.figures]
    checked = run_checks(rec.model_copy(update={"figures": shaky}))
    (result,) = [c for c in checked if c.rule == "online_partial.channels"]
    assert result.status == "skip"
    assert result.message.startswith("Bỏ qua vì số “128” được gán chỉ tiêu với độ tin cậy thấp (0,40)")
    flagged = [f.model_copy(update={"flags": ["ambiguous_separator"]}) if f.indicator == "online_partial.dossiers"
               else f for f in rec.figures]
    checked = run_checks(rec.model_copy(update={"figures": flagged}))
    (result,) = [c for c in checked if c.rule == "online_partial.channels"]
    assert result.status == "skip" and "ambiguous_separator" in result.message


def test_status_answers_are_read_as_answers_only():
    postal = results(record("hoa-khanh-m10-2025--postal-status"), "consistency.status_vs_figures", "fail")
    assert [c.sections for c in postal] == [["II.7", "II.1"]]
    assert "qua bưu chính công ích 12 (mục II.1)" in postal[0].message
    base = results(record("nghia-thuan-q3-2024"), "consistency.status_vs_figures")
    assert [(c.status, c.sections) for c in base] == [("pass", ["II.3"])]  # TTHC ngành dọc: nothing to compare


def test_issuer_level_bait_is_not_a_finding():
    """Requester, recipient, 'Đề nghị UBND huyện', 'liên thông lên cấp huyện' in the consistent reports."""
    for name in ("nghia-thuan-q3-2024", "nghia-thuan-q2-2024", "hoa-khanh-m10-2025"):
        assert [c.status for c in results(record(name), "consistency.issuer_level")] == ["pass"]
    (fail,) = results(record("hoa-khanh-m10-2025--issuer"), "consistency.issuer_level")
    assert fail.status == "fail" and "UBND thành phố không tiếp nhận" in fail.message


def test_written_corpus_bait_for_the_text_checks():
    """Header parent lines ('UBND HUYỆN DIỄN CHÂU') and 'của UBND thành phố Hà Nội' in corpus/written."""
    for stem in ("dien-ky-q2-2024", "tam-hiep-h1-2020", "phong-dien-q4-2024", "an-khanh-q3-2024"):
        rec = parse_file(Path(CORPUS / "written" / "docs" / f"{stem}.docx"))
        assert {c.status for c in results(rec, "consistency.issuer_level")} == {"pass"}, stem
        assert not results(rec, "consistency.status_vs_figures", "fail"), stem


def test_liaison_sentences_are_the_districts_own_work():
    """'Hồ sơ liên thông: UBND huyện giải quyết, …' (II.1) fires only without the exemption in checks.yaml."""
    from report_miner.checks.rules import load_rules

    rec = record("nghia-thuan-q3-2024")
    assert [c.status for c in results(rec, "consistency.issuer_level")] == ["pass"]
    rules = load_rules()
    spec = rules.issuer_level.model_copy(update={"exempt_sentences": []})
    strict = rules.model_copy(update={"issuer_level": spec})
    (fired,) = [c for c in run_checks(rec, rules=strict) if c.id == "consistency.issuer_level"]
    assert (fired.status, fired.sections) == ("fail", ["II.1"])


def _with_paragraph(rec: ReportRecord, section: str, text: str) -> ReportRecord:
    from report_miner.models import BlockRef

    sections = []
    for s in rec.sections:
        if s.id == section:
            extra = BlockRef(block=10_000, text=text)
            s = s.model_copy(update={"paragraphs": [*s.paragraphs, extra]})
        sections.append(s)
    return rec.model_copy(update={"sections": sections})


def test_the_most_specific_topic_decides():
    """'toàn trình: Chưa triển khai' is about DVC toàn trình only, not the một phần dossiers."""
    rec = _with_paragraph(record("hoa-khanh-m10-2025"), "II.3", "Dịch vụ công trực tuyến toàn trình: Chưa triển khai.")
    (found,) = [c for c in run_checks(rec) if c.id == "consistency.status_vs_figures" and c.sections[0] == "II.3"]
    assert found.status == "fail" and "hồ sơ DVC toàn trình 4.208" in found.message
    assert "một phần" not in found.message.split("đã thực hiện:")[1]
    zero_full = rec.model_copy(update={"figures": [
        f.model_copy(update={"value": 0}) if (f.indicator or "").startswith("online_full.") else f
        for f in rec.figures]})
    (quiet,) = [c for c in run_checks(zero_full)
                if c.id == "consistency.status_vs_figures" and c.sections[0] == "II.3"]
    assert quiet.status == "pass"


def test_a_commune_created_by_the_reform_reports_from_its_first_day():
    from report_miner.models import DataPeriod, Period

    rec = record("hoa-khanh-m10-2025")
    report = rec.report.model_copy(update={
        "period": Period(kind="quarter", index=3, year=2025),
        "data_period": DataPeriod(start="2025-07-01", end="2025-09-14", block=rec.report.data_period.block),
        "date": "2025-09-17"})
    checked = run_checks(rec.model_copy(update={"report": report}))
    (match,) = [c for c in checked if c.id == "period.matches_report"]
    assert (match.status, match.severity) == ("fail", "warning")
    assert "đơn vị mới đi vào hoạt động (1/7/2025)" in match.message


@cache
def _bench():
    """bench/checks_eval.py, which builds a record from a label file."""
    import importlib.util
    import sys

    from paths import ROOT

    spec = importlib.util.spec_from_file_location("checks_eval", ROOT / "bench" / "checks_eval.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["checks_eval"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


WRITTEN_LABELS = sorted((CORPUS / "written" / "labels").glob("*.json"))


@pytest.mark.parametrize("path", WRITTEN_LABELS, ids=lambda p: p.stem)
def test_labelled_figures_fail_exactly_the_expected_checks(path):
    """With perfect extraction (the labels themselves) the written corpus raises no false alarm."""
    import json

    bench = _bench()
    lab = json.loads(path.read_text(encoding="utf-8"))
    rec = bench.label_record(lab, path.stem)
    got = {c.id for c in run_checks(rec) if c.status == "fail"} - bench.TEXT_CHECKS
    assert got == set(lab["expected_check_failures"]) - bench.TEXT_CHECKS
