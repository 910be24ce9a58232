"""The labelled corpora of real and written reports, scored as bench/figures_eval.py scores them.

Each set is real text (corpus/real, real2, real3: passages of published reports and portal news, see
their SOURCES.md) or reports written for the purpose (corpus/written). A floor under each set's figure
F1 and report-field accuracy catches a change that breaks the linking of numbers somewhere else than
where it was made. The floors sit a little under today's scores (see the README's table); raising a
floor is fine, lowering one needs a reason in the commit.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("figures_eval", ROOT / "bench" / "figures_eval.py")
assert _spec is not None and _spec.loader is not None
figures_eval = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(figures_eval)

# set → (figure F1 floor, report-field accuracy floor); DOCX only: the PDFs of these sets score the same
# (bench/figures_eval.py --format pdf) and cost four times as long
FLOORS = {"written": (0.98, 0.98), "written2": (0.97, 0.98), "written3": (0.93, 0.98), "real": (0.94, 0.95),
          "real2": (0.92, 0.95), "real3": (0.93, 0.95), "real4": (0.93, 0.95)}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_labelled_set_scores_above_its_floor(name):
    result = figures_eval.evaluate([ROOT / "corpus" / name], "docx", show=False)
    f1_floor, meta_floor = FLOORS[name]
    assert result["documents"] >= 10
    assert result["figures"]["f1"] >= f1_floor, result
    assert result["report_fields"]["accuracy"] >= meta_floor, result


def _figures(stem: str) -> dict[float, str | None]:
    record = figures_eval.parse_file(ROOT / "corpus" / "real3" / "docs" / f"{stem}.docx")
    return {f.value: f.indicator for f in record.figures}


def test_the_balance_settles_what_received_means():
    # "toàn tỉnh tiếp nhận 743.077 hồ sơ …; kỳ trước chuyển qua 3.303 hồ sơ … đã giải quyết 735.119 …; đang giải
    # quyết 11.261": 743.077 + 3.303 = 735.119 + 11.261, so 743.077 is the new intake
    figs = _figures("quangnam-pakn-2022")
    assert figs[743077] == "dossier.received_new"
    assert (figs[3303], figs[735119], figs[11261]) == ("dossier.carried_over", "dossier.resolved", "dossier.pending")


def test_not_arisen_under_a_heading_answers_the_heading():
    # "1. Đánh giá tác động quy định TTHC" / "Không phát sinh trong năm báo cáo." (TP.HCM, 47/BC-UBND)
    for stem in ("hcm-q1-2020", "hcm-q1-2020-autonum"):
        record = figures_eval.parse_file(ROOT / "corpus" / "real3" / "docs" / f"{stem}.docx")
        assert [(f.indicator, f.value, f.section) for f in record.figures] == [("impact.assessed", 0, "I.1")]


@pytest.mark.parametrize("stem,issuer,period", [
    ("dungkno-q1-2025", ("xa", "Đưng K’Nớ"), ("quarter", 1, 2025)),
    ("quangnam-h1-2022", ("tinh", "Quảng Nam"), ("half", 1, 2022)),  # "Sáu tháng đầu năm 2022"
    ("kienxuong-10t-2020", ("huyen", "Kiến Xương"), ("other", None, 2020)),  # "10 tháng đầu năm 2020"
    ("tayninh-md4", ("tinh", "Tây Ninh"), None),  # not "tỉnh 1" (from "cấp tỉnh 1.432 TTHC"); no period
])
def test_report_identity_of_real_items(stem, issuer, period):
    report = figures_eval.parse_file(ROOT / "corpus" / "real3" / "docs" / f"{stem}.docx").report
    assert (report.issuer.level, report.issuer.name) == issuer
    if period is None:  # a news item with no period of its own: "định hướng đến năm 2025" is a horizon
        assert report.period is None
    else:
        assert (report.period.kind, report.period.index, report.period.year) == period


def _repeated(path: Path) -> list[tuple[str, float | None, float | None]]:
    record = figures_eval.parse_file(path)
    return [(c.status, c.expected, c.stated) for c in record.checks if c.id == "consistency.repeated_figure"]


def test_far_apart_restatements_are_not_called_copy_errors():
    # Đà Lạt: the city's one-stop desk (15.868 received) and the whole city (87.582) are not named as scopes;
    # values that far apart are reported as a skip naming both, not as a failure
    found = _repeated(ROOT / "corpus" / "real3" / "docs" / "dalat-2023.docx")
    assert ("skip", 87582, 71714) in found or ("skip", 87582, 15868) in found, found
    assert all(status != "fail" for status, a, b in found if a and b and abs(a - b) > 0.1 * max(a, b))


def test_near_restatements_are_copy_errors():
    # Hà Tĩnh 2018: "873.387" in one paragraph, "873.328" in another for the same total
    found = _repeated(ROOT / "corpus" / "real" / "docs" / "hatinh-2018.docx")
    assert ("fail", 873387, 873328) in found, found


def test_a_table_of_online_services_by_row():
    # written2 vinh-thanh: rows "Toàn trình" / "Một phần" name the kind of service, the columns what is counted; the
    # section title ("… THANH TOÁN TRỰC TUYẾN") does not make them payments
    record = figures_eval.parse_file(ROOT / "corpus" / "written2" / "docs" / "vinh-thanh-h1-2024.docx")
    cells = {(f.indicator, f.value) for f in record.figures if f.location.table and f.section == "III"}
    assert {("online_full.procedures", 131), ("online_full.dossiers", 486), ("online_full.received_direct", 7),
            ("online_partial.procedures", 104), ("online_partial.online_rate", 50.79)} <= cells
    assert not any(ind and ind.startswith(("payment.", "dossier.")) for ind, _ in cells)


def test_sub_rows_marked_in_the_stt_column_take_their_parent_row():
    # written2 hoi-an: "| - | Quá hạn | 3 |" under "| C | Số hồ sơ đang giải quyết | 61 |"
    record = figures_eval.parse_file(ROOT / "corpus" / "written2" / "docs" / "hoi-an-q3-2025.docx")
    cells = [(f.indicator, f.value) for f in record.figures if f.location.table]
    assert ("dossier.resolved_late", 8) in cells and ("dossier.pending_overdue", 3) in cells


def test_a_commune_named_like_the_motto_is_still_its_name():
    # written2 nghia-do, plain version without a header: "của UBND phường Nghĩa Đô" in the title, "UBND quận Cầu
    # Giấy" in the first sentence
    report = figures_eval.parse_file(ROOT / "corpus" / "written2" / "docs" / "nghia-do-q3-2024.docx").report
    assert (report.issuer.level, report.issuer.name) == ("phuong", "Nghĩa Đô")


def test_cells_with_their_unit_and_a_count_in_a_column_of_rates():
    # written3 my-hoa-hung: "| Hồ sơ tồn tháng trước chuyển sang | 06 hồ sơ |" … "| Tỷ lệ … | 99,28 % |"
    record = figures_eval.parse_file(ROOT / "corpus" / "written3" / "docs" / "my-hoa-hung-m3-2024.docx")
    cells = {(f.indicator, f.value) for f in record.figures if f.location.table}
    assert {("dossier.carried_over", 6), ("dossier.resolved", 139), ("dossier.resolved_late", 1),
            ("dossier.pending_in_time", 15), ("dossier.resolved_on_time_rate", 99.28)} <= cells


def test_a_table_without_a_label_column_and_thousands_set_off_by_spaces():
    # written3 duc-hoa-ha: "| 1 326 | 38 | 947 | … |" under one row of headers; "tiếp nhận mới trong kỳ 1 288 hồ sơ"
    record = figures_eval.parse_file(ROOT / "corpus" / "written3" / "docs" / "duc-hoa-ha-q1-2025.docx")
    cells = [(f.indicator, f.value, f.scope) for f in record.figures if f.location.table]
    assert ("dossier.received", 1326, None) in cells and ("dossier.resolved", 1271, None) in cells
    assert ("dossier.received_new", 1288) in {(f.indicator, f.value) for f in record.figures}


def test_a_row_of_rates_under_the_names_of_the_shares():
    # written3 ia-der: "| Tiêu chí | Rất hài lòng | Hài lòng | Không hài lòng |" / "| Tỷ lệ (%) | 80,4 | 19,6 | 0,0 |"
    record = figures_eval.parse_file(ROOT / "corpus" / "written3" / "docs" / "ia-der-2024.docx")
    cells = {(f.indicator, f.value) for f in record.figures if f.location.table}
    assert {("satisfaction.very_satisfied_pct", 80.4), ("satisfaction.satisfied_pct", 19.6),
            ("satisfaction.unsatisfied_pct", 0)} <= cells


@pytest.mark.parametrize("stem,check,words", [
    # "- Thanh toán phí, lệ phí trực tuyến: chưa thực hiện do thị trấn chưa được cấp tài khoản…" beside 12 paid online
    ("cam-xuyen-9t-2021", "consistency.status_vs_figures", "thanh toán trực tuyến"),
    # a commune report: "UBND huyện đã thực hiện số hóa thành phần hồ sơ đối với 498/498 hồ sơ"
    ("phu-ly-q4-2024", "consistency.issuer_level", "UBND huyện"),
])
def test_planted_wording_defects_of_written3_are_found(stem, check, words):
    record = figures_eval.parse_file(ROOT / "corpus" / "written3" / "docs" / f"{stem}.docx")
    failed = [c for c in record.checks if c.id == check and c.status == "fail"]
    assert failed and words in failed[0].message
