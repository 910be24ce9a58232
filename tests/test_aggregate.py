"""The roll-up: units found whatever their spelling, sums and rates from the district corpus, and the
district findings (missing, duplicate, outlier) it was built to plant."""

from __future__ import annotations

import doctest
from datetime import date

import pytest
from district_corpus import Q1, Q2, expected, expected_row, expected_total, group, row, summary

from report_miner import aggregate, indicators, periods, quotes, roster
from report_miner.export import fmt, xlsx
from report_miner.history import History, carry_over_fallback
from report_miner.models import CommuneRow, Period
from report_miner.pipeline import parse_file

Q2_2024 = date(2024, 6, 14)


@pytest.mark.parametrize("module", [indicators, periods, quotes, roster, aggregate, fmt, xlsx])
def test_doctests(module):
    result = doctest.testmod(module)
    assert result.failed == 0


# --------------------------------------------------------------------------- units


@pytest.mark.parametrize("written,level,canonical", [
    ("Đức Hoà", "xa", "Đức Hòa"),  # old tone placement
    ("ĐỨC HÒA", "xa", "Đức Hòa"),
    ("\u00d0ức Phong", "xa", "Đức Phong"),  # Ð (U+00D0) for Đ
    ("Đức Phong", "xa", "Đức Phong"),  # NFD
    ("Mộ Đức", "thi_tran", "Mộ Đức"),
])
def test_a_commune_is_found_whatever_its_spelling(written, level, canonical):
    import unicodedata

    for name in (written, unicodedata.normalize("NFD", written)):
        uid = roster.identify(name, level, "Mộ Đức", "Quảng Ngãi", Q2_2024)
        assert uid is not None and uid.known
        assert (uid.name, uid.parent, uid.parent_level, uid.province) == (canonical, "Mộ Đức", "huyen", "Quảng Ngãi")


def test_the_parent_is_known_when_the_report_omits_it():
    alone = roster.identify("Đức Tân", "xa", None, None, Q2_2024)
    assert alone is not None and alone.parent is None  # several communes in Việt Nam are called Đức Tân
    placed = roster.identify("Đức Tân", "xa", None, None, Q2_2024, context=roster.parent_context([
        roster.identify("Đức Nhuận", "xa", "Mộ Đức", "Quảng Ngãi", Q2_2024)]))
    assert placed is not None and (placed.parent, placed.province, placed.known) == ("Mộ Đức", "Quảng Ngãi", True)


def test_roster_of_mo_duc_in_2024_has_the_communes_merged_later():
    names = [u.name for u in roster.roster("Mộ Đức", "Quảng Ngãi", Q2_2024)]
    assert names == expected()["units_2024"][:1] + ["Đức Lợi", "Đức Thắng"] + [
        n for n in ("Đức Nhuận", "Đức Chánh", "Đức Hiệp", "Đức Minh", "Đức Thạnh", "Đức Hòa", "Đức Tân", "Đức Phú",
                    "Đức Phong", "Đức Lân")]
    assert sorted(names) == sorted(expected()["units_2024"])
    after = [u.name for u in roster.roster("Mộ Đức", "Quảng Ngãi", date(2025, 3, 14))]
    assert "Thắng Lợi" in after and "Đức Lợi" not in after and len(after) == 12


def test_after_the_2025_reform_a_ward_reports_to_its_province():
    uid = roster.identify("Cẩm Thành", "phuong", None, "Quảng Ngãi", date(2025, 9, 14))
    assert uid is not None and (uid.parent, uid.parent_level, uid.display) == ("Quảng Ngãi", "tinh", "Phường Cẩm Thành")


def test_unreadable_file_is_traced_to_its_commune_by_name():
    units = roster.roster("Mộ Đức", "Quảng Ngãi", Q2_2024)
    assert roster.unit_from_filename("duc-lan-q2-2024", units).name == "Đức Lân"
    assert roster.unit_from_filename("tt-mo-duc-q2-2024", units).level == "thi_tran"
    assert roster.unit_from_filename("bao-cao-tong-hop", units) is None


# --------------------------------------------------------------------------- one report


def test_values_take_the_issuers_own_figures_and_fill_implied_counts():
    record = parse_file(Q2 / "duc-nhuan-q2-2024.docx")
    values, index, stated = aggregate.select_values(record)
    assert values["dossier.received"] == 436 and stated["dossier.resolved_on_time_rate"] == 99.52
    assert record.figures[index["dossier.received"]].raw == "436"
    filled, derived = aggregate.fill_identities(values)
    # "Số hồ sơ đang giải quyết: 17 hồ sơ, chưa đến hạn" is read as pending_in_time; the total needs pending
    assert filled["dossier.pending"] == 17 and "dossier.pending" in derived
    assert filled["dossier.resolved_early_or_on_time"] == 417
    assert aggregate.compute_rates(filled)["dossier.resolved_on_time_rate"] == 99.52


def test_rates_are_recomputed_from_sums_never_averaged():
    rows = [CommuneRow(unit=u, name=u, known=True, file=u, sha256="", values=v) for u, v in (
        ("a", {"dossier.resolved": 1000, "dossier.resolved_early_or_on_time": 990}),
        ("b", {"dossier.resolved": 10, "dossier.resolved_early_or_on_time": 5}))]
    assert aggregate.rates_from_rows(rows)["dossier.resolved_on_time_rate"] == round(995 / 1010 * 100, 2)
    assert aggregate.rates_from_rows(rows)["dossier.resolved_on_time_rate"] != (99 + 50) / 2


def test_outlier_rule_is_robust_and_explained():
    rates = [99.5, 99.2, 100.0, 98.9, 99.7, 99.4, 88.9]
    rows = [CommuneRow(unit=f"Xã {i}", name=str(i), known=True, file=str(i), sha256="",
                       rates={"dossier.resolved_on_time_rate": r}) for i, r in enumerate(rates)]
    found = aggregate.outlier_findings(rows, {})
    assert [f.unit for f in found] == ["Xã 6"]
    assert "88,9%" in found[0].message and "trung vị 99,4%" in found[0].message and "MAD" in found[0].message
    # the same spread without the outlier flags nothing, and 97% among 99–100% is not news
    assert aggregate.outlier_findings(rows[:-1], {}) == []
    rows[0] = rows[0].model_copy(update={"rates": {"dossier.resolved_on_time_rate": 97.0}})
    assert aggregate.outlier_findings(rows[:-1], {}) == []


# --------------------------------------------------------------------------- the district corpus


def test_one_group_for_the_district_and_quarter_one_kept_as_history():
    g = group()
    assert (g["parent_display"], g["label"], g["period"]) == (
        "Huyện Mộ Đức", "quý II năm 2024", {"kind": "quarter", "index": 2, "year": 2024})
    assert [o["label"] for o in summary()["other_periods"]] == ["quý I năm 2024"]
    assert len(summary()["other_periods"][0]["files"]) == 4
    assert len(g["expected"]) == 13


def test_every_reporting_commune_has_one_row_in_roster_order():
    units = [r["unit"] for r in group()["communes"]]
    assert units == ["Thị trấn Mộ Đức", "Xã Đức Lợi", "Xã Đức Nhuận", "Xã Đức Chánh", "Xã Đức Hiệp", "Xã Đức Minh",
                     "Xã Đức Thạnh", "Xã Đức Hòa", "Xã Đức Tân", "Xã Đức Phú", "Xã Đức Phong"]
    assert all(r["known"] for r in group()["communes"])  # Đức Lợi too, through the merger table


@pytest.mark.parametrize("indicator", [
    "dossier.received", "dossier.carried_over", "dossier.received_new", "dossier.received_online",
    "dossier.received_postal", "dossier.resolved", "dossier.resolved_late", "dossier.pending",
    "digitization.result_digitized", "online_partial.procedures", "payment.online"])
def test_each_commune_row_holds_what_its_report_says(indicator):
    for r in expected()["reports"]:
        if indicator in r["figures"]:
            got = row(("Thị trấn " if r["level"] == "thi_tran" else "Xã ") + r["unit"])["values"]
            assert got.get(indicator) == r["figures"][indicator], (r["unit"], indicator)


@pytest.mark.parametrize("indicator,total", [
    ("dossier.received", 4957), ("dossier.carried_over", 102), ("dossier.received_new", 4855),
    ("dossier.received_online", 3562), ("dossier.resolved", 4798), ("dossier.resolved_late", 49),
    ("dossier.pending", 153), ("payment.online", 1374)])
def test_totals_are_the_sums_of_the_reports(indicator, total):
    assert expected_total(indicator) == total  # the corpus as written
    assert group()["totals"][indicator] == total
    assert total == sum(r["values"][indicator] for r in group()["communes"] if indicator in r["values"])


def test_group_rates_are_rebuilt_from_the_totals():
    g = group()
    t = g["totals"]
    assert g["rates"]["dossier.resolved_on_time_rate"] == round(
        t["dossier.resolved_early_or_on_time"] / t["dossier.resolved"] * 100, 2) == 98.87
    assert g["rates"]["dossier.online_rate"] == round(3562 / 4855 * 100, 2)


def test_digitised_components_total_includes_duc_phu():
    # "291/294 hồ sơ tiếp nhận mới được số hóa thành phần" (duc-phu-q2-2024.pdf): 291 is the digitised part
    assert group()["totals"]["digitization.component_digitized"] == expected_total("digitization.component_digitized")


def test_missing_communes_are_named_with_the_reason():
    g = group()
    assert g["missing"] == ["Xã Đức Thắng", "Xã Đức Lân"]
    missing = {f["unit"]: f for f in g["findings"] if f["id"] == "district.missing_report"}
    assert missing["Xã Đức Thắng"]["message"] == "Xã Đức Thắng chưa gửi báo cáo quý II năm 2024."
    assert "duc-lan-q2-2024.docx" in missing["Xã Đức Lân"]["message"]
    assert "hỏng" in missing["Xã Đức Lân"]["message"]


def test_a_commune_reporting_twice_is_counted_once_and_reported():
    (dup,) = [f for f in group()["findings"] if f["id"] == "district.duplicate_report"]
    assert dup["unit"] == "Xã Đức Hiệp" and "trùng khớp" in dup["message"]
    r = row("Xã Đức Hiệp")
    assert r["file"].endswith("duc-hiep-q2-2024.docx") and r["other_files"][0].endswith("duc-hiep-q2-2024.pdf")
    assert r["values"]["dossier.received"] == expected_row("Đức Hiệp")["figures"]["dossier.received"]


def test_the_planted_outlier_and_only_it():
    outliers = [f for f in group()["findings"] if f["id"] == "district.outlier"]
    assert [(f["unit"], f["indicators"]) for f in outliers] == [("Xã Đức Phú", ["dossier.resolved_on_time_rate"])]
    assert "88,89%" in outliers[0]["message"] and "trung vị" in outliers[0]["message"]
    assert "tỷ lệ giải quyết trước và đúng hạn đạt 88,89%" in outliers[0]["quote"]
    assert row("Xã Đức Phú")["failing"] == {"dossier.resolved_on_time_rate": "warning"}


@pytest.mark.parametrize("check,unit,sentence", [
    ("sum.resolved_breakdown", "Xã Đức Tân", "Số hồ sơ đã giải quyết: 330 hồ sơ"),
    ("sum.received_balance", "Xã Đức Phong", "Số hồ sơ đang giải quyết: 09 hồ sơ, chưa đến hạn trả kết quả."),
    ("rate.stated_matches", "Xã Đức Minh", "Tỷ lệ hồ sơ tiếp nhận trực tuyến đạt 85,6%."),
])
def test_planted_arithmetic_errors_are_findings_with_the_reports_sentence(check, unit, sentence):
    found = [f for f in group()["findings"] if f["id"] == check]
    assert [f["unit"] for f in found] == [unit]
    assert found[0]["severity"] == "error" and sentence in found[0]["quote"]
    assert row(unit)["status"] == "error"
    assert unit in [r["unit"] for r in group()["returns"]]


def test_no_finding_beyond_what_was_planted():
    ids = sorted((f["id"], f["unit"]) for f in group()["findings"])
    planted = sorted((p["check"], ("Thị trấn " if p["unit"] == "Mộ Đức" else "Xã ") + p["unit"])
                     for p in expected()["planted"])
    assert set(ids) <= set(planted)
    assert [r["unit"] for r in group()["communes"] if r["status"] == "ok"] == [
        "Thị trấn Mộ Đức", "Xã Đức Lợi", "Xã Đức Nhuận", "Xã Đức Chánh", "Xã Đức Thạnh"]


def test_planted_carry_over_mismatch_is_found():
    found = [f for f in group()["findings"] if f["id"] == "history.carry_over"]
    assert [f["unit"] for f in found] == ["Xã Đức Hòa"]
    assert "12" in found[0]["message"] and "9" in found[0]["message"]
    assert "kỳ trước chuyển sang 12 hồ sơ" in found[0]["quote"]
    assert row("Xã Đức Hòa")["failing"] == {"dossier.carried_over": "warning"}


def test_carry_over_comparison_made_here_finds_the_planted_mismatch():
    q2, q1 = parse_file(Q2 / "duc-hoa-q2-2024.docx"), parse_file(Q1 / "duc-hoa-q1-2024.docx")
    result = carry_over_fallback(q2, q1)
    assert (result.status, result.stated, result.expected) == ("fail", 12, 9)
    assert "quý I năm 2024" in result.message and "duc-hoa-q1-2024.docx" in result.message
    ok = carry_over_fallback(parse_file(Q2 / "duc-minh-q2-2024.docx"), parse_file(Q1 / "duc-minh-q1-2024.docx"))
    assert (ok.status, ok.stated) == ("pass", 6)
    assert carry_over_fallback(q2, None).status == "skip"


def test_change_against_the_previous_period_over_the_communes_in_both():
    comp = group()["comparison"]
    assert comp["label"] == "quý I năm 2024"
    assert comp["units"] == ["Thị trấn Mộ Đức", "Xã Đức Minh", "Xã Đức Hòa", "Xã Đức Phong"]
    assert (comp["previous"]["dossier.received"], comp["current"]["dossier.received"]) == (
        623 + 255 + 266 + 376, 659 + 268 + 280 + 402)
    assert comp["change"]["dossier.received"] == 1609 - 1520
    assert row("Xã Đức Hòa")["previous"]["dossier.pending"] == 9


def test_history_returns_the_previous_record_of_the_same_commune(tmp_path):
    records = [parse_file(Q1 / "duc-hoa-q1-2024.docx"), parse_file(Q2 / "duc-hoa-q2-2024.docx")]
    ids = aggregate.identify_records(records)
    with History(tmp_path / "h.sqlite") as h:
        for rec, uid in zip(records, ids, strict=True):
            h.remember(uid, rec)
        prev = h.record_for(ids[1], Period(kind="quarter", index=1, year=2024))
        assert prev is not None and prev.source.path.endswith("duc-hoa-q1-2024.docx")
        assert h.record_for(ids[1], Period(kind="quarter", index=4, year=2023)) is None
