"""The DOCX reader on the edge-case documents of corpus/edge (see corpus/edge/README.md)."""

from __future__ import annotations

import pytest

from report_miner.ingest import read_document
from report_miner.segment import blocks_to_sections

from make_docx_fixtures import AUTONUM_BODY, LEGACY_EXPECTED, TEXTBOX_SENTENCE, TRACKED_EXPECTED
from paths import EDGE


def body(doc):
    return [b for b in doc.blocks if b.part == "body"]


def test_word_numbering_labels_resolved_in_order():
    doc = read_document(EDGE / "docx-autonum-restart.docx")
    by_text = {b.text: b for b in doc.blocks}
    for label, text, _num_id, _ilvl in AUTONUM_BODY:
        block = by_text[text]
        expected = label or None
        got = block.label
        if label == "-":
            assert got == "-"
        else:
            assert got == expected, text


def test_word_numbering_gives_section_ids():
    doc = read_document(EDGE / "docx-autonum-restart.docx")
    ids = [s.id for s in blocks_to_sections(doc.blocks).sections]
    assert ids == ["I", "I.1", "I.1.a", "I.1.b", "I.2", "I.2.a", "I.2.b",
                   "II", "II.1", "II.1.a", "II.1.b", "II.2", "II.2.a",
                   "III", "III.1", "III.1.1", "III.1.2", "III.2", "III.2.1", "III.3",
                   "IV", "IV.1", "IV.1.a", "IV.1.b", "IV.2", "IV.2.a", "V", "V.1", "V.2"]


def test_header_table_merged_cells_and_page_parts():
    doc = read_document(EDGE / "docx-header-table.docx")
    tables = [b for b in body(doc) if b.kind == "table"]
    header, bieu = tables[0], tables[1]
    left = next(c for c in header.table.cells if c.col == 0)
    assert left.text.split("\n") == ["ỦY BAN NHÂN DÂN", "XÃ ĐỨC PHONG", "Số: 31/BC-UBND"]
    cells = {(c.row, c.col): c for c in bieu.table.cells}
    assert (cells[0, 0].text, cells[0, 0].row_span) == ("STT", 2)
    assert (cells[0, 1].text, cells[0, 1].row_span) == ("Lĩnh vực", 2)
    assert (cells[0, 2].text, cells[0, 2].col_span) == ("Số hồ sơ nhận giải quyết", 4)
    assert (cells[0, 6].col_span, cells[0, 10].col_span) == (4, 3)
    assert bieu.table.n_cols == 13
    parts = {b.part for b in doc.blocks}
    assert {"header", "footer"} <= parts
    assert all(b.index == i for i, b in enumerate(doc.blocks))


def test_header_table_identity():
    from report_miner import parse_file

    rep = parse_file(EDGE / "docx-header-table.docx").report
    assert (rep.issuer.level, rep.issuer.name, rep.number, rep.date) == ("xa", "Đức Phong", "31/BC-UBND",
                                                                          "2024-06-17")
    assert (rep.data_period.start, rep.data_period.end) == ("2024-03-15", "2024-06-14")


def test_header_table_bieu06_figures():
    from report_miner import parse_file

    figs = [f for f in parse_file(EDGE / "docx-header-table.docx").figures if "table" in f.flags]
    got = {(f.scope, f.indicator): f.value for f in figs}
    assert got[("Hộ tịch", "dossier.received")] == 60
    assert got[("Đất đai", "dossier.pending_overdue")] == 1
    assert got[("Đất đai", "dossier.resolved_late")] == 2
    assert got[("Chứng thực", "dossier.received_direct")] == 40
    assert got[(None, "dossier.received")] == 125  # the total row is the commune's own figure


def test_tracked_changes_keep_insertions_drop_deletions():
    doc = read_document(EDGE / "docx-tracked-changes.docx")
    texts = [b.text for b in body(doc) if b.kind == "paragraph"]
    for line in TRACKED_EXPECTED:
        assert line in texts
    assert not any("250" in t or "03 hồ sơ" in t or "20 hồ sơ" in t for t in texts)
    assert texts.count("- Lĩnh vực chứng thực: 80 hồ sơ;") == 1  # moved, not duplicated
    table = next(b for b in body(doc) if b.kind == "table")
    assert "255" in table.text and "250" not in table.text


def test_textbox_read_once():
    doc = read_document(EDGE / "docx-textbox.docx")
    texts = [b.text for b in doc.blocks]
    assert texts.count(TEXTBOX_SENTENCE) == 1
    assert sum("Ghi chú: số liệu tính từ ngày 15/3/2024" in t for t in texts) == 1
    box = next(b for b in doc.blocks if b.text == TEXTBOX_SENTENCE)
    assert box.part == "textbox"


@pytest.mark.parametrize("name,encoding", [("docx-tcvn3.docx", "tcvn3"), ("docx-vni.docx", "vni")])
def test_legacy_fonts_repaired(name, encoding):
    doc = read_document(EDGE / name)
    texts = [b.text for b in body(doc)]
    assert texts == LEGACY_EXPECTED
    assert any(r.startswith(encoding) for r in doc.repairs)
    # provenance: the repaired "125" sits where the file has it
    b = next(b for b in doc.blocks if b.text == "Tổng số hồ sơ tiếp nhận: 125 hồ sơ")
    i = b.text.index("125")
    assert b.raw[b.offsets[i]: b.offsets[i] + 3] == "125"


def test_legacy_figures_are_extracted():
    from report_miner import parse_file

    rec = parse_file(EDGE / "docx-tcvn3.docx")
    got = {(f.indicator, f.value) for f in rec.figures}
    assert ("dossier.received", 125) in got and ("dossier.resolved", 120) in got
    assert rec.source.repairs


@pytest.mark.parametrize("name", ["docx-header-table.docx", "docx-autonum-restart.docx", "pdf-running-headers.pdf"])
def test_readers_build_valid_models(name):
    """The readers build their models without validation, for speed; here they are validated."""
    from report_miner.models import Document

    doc = read_document(EDGE / name)
    again = Document.model_validate(doc.model_dump())
    assert [b.text for b in again.blocks] == [b.text for b in doc.blocks]
    assert all(len(b.offsets) == len(b.text) for b in doc.blocks if b.kind == "paragraph")
