"""The seed report (Sơn Nham, quý II/2024) in all four forms: sections, figures, identity."""

from __future__ import annotations

import pytest

from report_miner import parse_file

from paths import SEED_AUTONUM, SEED_AUTONUM_PDF, SEED_DOCX, SEED_PDF

SEED_SECTIONS = (
    "I I.1 I.2 I.3 I.4 I.5 I.6 I.7 I.7.a I.7.b I.8 I.8.a I.8.b I.9 I.10 I.11 "
    "II II.1 II.2 II.3 II.3.a II.3.b II.4 II.5 II.5.a II.5.b II.6 II.6.a II.6.b II.7 III III#2 IV"
).split()

# Every figure of the seed with its indicator, value and section, in reading order.
SEED_FIGURES = [
    ("impact.assessed", 0, "I.1"), ("impact.issued_assessed", 0, "I.1"), ("feedback.received", 0, "I.5"),
    ("dossier.received", 255, "I.6"), ("dossier.resolved", 251, "I.6"), ("dossier.resolved_early", 249, "I.6"),
    ("dossier.resolved_on_time", 0, "I.6"), ("dossier.resolved_late", 2, "I.6"), ("dossier.pending", 6, "I.6"),
    ("digitization.received", 2237, "I.7.b"), ("digitization.component_digitized", 237, "I.7.b"),
    ("digitization.component_rate", 100, "I.7.b"), ("digitization.resolved", 233, "I.7.b"),
    ("digitization.result_digitized", 266, "I.7.b"), ("digitization.result_rate", 97, "I.7.b"),
    ("digitization.result_stored", 85, "I.7.b"), ("digitization.result_not_digitized", 7, "I.7.b"),
    ("online_partial.procedures", 59, "I.8.a"), ("online_partial.dossiers", 234, "I.8.a"),
    ("online_partial.received_direct", 0, "I.8.a"), ("online_partial.received_online", 234, "I.8.a"),
    ("online_partial.online_rate", 100, "I.8.a"), ("online_full.procedures", 7, "I.8.a"),
    ("online_full.dossiers", 3, "I.8.a"), ("online_full.received_online", 3, "I.8.a"),
    ("online_full.online_rate", 100, "I.8.a"), ("payment.online", 223, "I.8.b"),
    ("dossier.received", 255, "II.2"), ("dossier.resolved", 251, "II.2"), ("dossier.resolved_early", 249, "II.2"),
    ("dossier.resolved_on_time", 0, "II.2"), ("dossier.resolved_late", 2, "II.2"), ("dossier.pending", 6, "II.2"),
    ("procedures.one_stop_rate", 100, "II.3.a"), ("dossier.apologized", 2, "II.6.b"),
    ("satisfaction.very_satisfied_pct", 100, "II.7"), ("satisfaction.satisfied_pct", 0, "II.7"),
    ("satisfaction.unsatisfied_pct", 0, "II.7"),
]


@pytest.mark.parametrize("path", [SEED_DOCX, SEED_PDF, SEED_AUTONUM, SEED_AUTONUM_PDF], ids=lambda p: p.name)
def test_seed_sections_are_the_same_in_every_form(path):
    record = parse_file(path)
    assert [s.id for s in record.sections] == SEED_SECTIONS


@pytest.mark.parametrize("path", [SEED_DOCX, SEED_PDF, SEED_AUTONUM, SEED_AUTONUM_PDF], ids=lambda p: p.name)
def test_seed_figures(path):
    record = parse_file(path)
    got = [(f.indicator, f.value, f.section) for f in record.figures if f.indicator]
    assert got == SEED_FIGURES


def test_seed_autonum_headings_come_from_word_numbering():
    record = parse_file(SEED_AUTONUM)
    by_id = {s.id: s for s in record.sections}
    assert by_id["I.6"].numbered_by == "word" and by_id["I.6"].label == "6."
    assert by_id["I.7.b"].label == "b)"
    assert by_id["I"].numbered_by == "text"
    assert by_id["I.6"].title == "Về tình hình, kết quả giải quyết TTHC"


def test_seed_identity(seed_record):
    rep = seed_record.report
    assert (rep.issuer.level, rep.issuer.name) == ("xa", "Sơn Nham")
    assert (rep.district, rep.province) == ("Sơn Hà", "Quảng Ngãi")
    assert rep.period is not None and (rep.period.kind, rep.period.index, rep.period.year) == ("quarter", 2, 2024)
    assert rep.data_period is not None and (rep.data_period.start, rep.data_period.end) == ("2024-03-15", "2024-03-14")
    assert rep.signer == "Lê Công Nhân"
    assert rep.number is None and rep.date is None  # the seed has no header block
    refs = {r.raw for r in rep.references}
    assert "Quyết định số 2552/QĐ-UBND ngày 29/12/2017" in refs
    assert "Nghị định số 61/2018/NĐ-CP" in refs


def test_seed_figure_locations_point_at_the_text(seed_record):
    from report_miner.ingest import read_document

    doc = read_document(SEED_DOCX)
    for f in seed_record.figures:
        block = doc.blocks[f.location.block]
        if f.location.table is None:
            assert block.text[f.location.char_start:f.location.char_end] == f.raw
        else:
            cell = next(c for c in block.table.cells
                        if (c.row, c.col) == (f.location.table.row, f.location.table.col))
            assert cell.text[f.location.char_start:f.location.char_end] == f.raw


def test_seed_section_paragraphs_and_roles(seed_record):
    by_id = {s.id: s for s in seed_record.sections}
    assert by_id["I.6"].paragraphs[1].text.startswith("Tại UBND xã (số liệu báo cáo từ 15/3/2024")
    assert by_id["III#2"].title == "NHIỆM VỤ TRỌNG TÂM TRONG THỜI GIAN ĐẾN"
    assert by_id["II.7"].children == []
    assert by_id["II"].children[:3] == ["II.1", "II.2", "II.3"]
    # "Nơi nhận" and the signature are not part of section IV
    assert all("Nơi nhận" not in p.text and "Lê Công Nhân" not in p.text for p in by_id["IV"].paragraphs)
