"""The PDF reader against real reports: paragraphs, tables, margins, refusals and speed.

The devset PDFs (``shared/devset``) and the written corpus (``corpus/written``) were made by
LibreOffice from DOCX files whose text is their ``src/<stem>.txt``: every pipe table there is a
table, every other non-empty line one paragraph. The ``-autonum`` variants add a letterhead table
that the text files do not have. ``corpus/edge/pdf-*.pdf`` are made by
``tests/make_pdf_fixtures.py``; the text of those reports is read from there.
"""

from __future__ import annotations

import doctest
import hashlib
import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

from report_miner.errors import InputError
from report_miner.ingest import pdf_layout, pdf_lines, pdf_ocr, pdf_paragraphs, pdf_reader, pdf_tables, read_document
from report_miner.ingest.pdf_ocr import ocr_status
from report_miner.ingest.pdf_reader import pdf_to_document
from report_miner.models import Block, Document, Table
from report_miner.normalize import normalize_text

ROOT = Path(__file__).resolve().parent.parent
EDGE = ROOT / "corpus" / "edge"
SEED_PDF = ROOT / "corpus" / "son-nham-q2-2024.pdf"
SEED_MD = ROOT / "corpus" / "son-nham-q2-2024.md"
DEVSET = ROOT.parent / "shared" / "devset"
DEVSET_PDFS = sorted((DEVSET / "docs").glob("*.pdf")) if DEVSET.is_dir() else []
needs_devset = pytest.mark.skipif(not DEVSET_PDFS, reason="shared/devset is not beside the repository")
WRITTEN = ROOT / "corpus" / "written"
SOURCED_PDFS = DEVSET_PDFS + sorted((WRITTEN / "docs").glob("*.pdf"))

# Paragraphs cut in two by a page break whose last line on the first page is full and ends with a
# full stop: the reader leaves those apart on purpose (a new paragraph is as likely there).
KNOWN_PAGE_SPLITS = {"cam-thanh-q3-2025-autonum": 1, "duc-loi-q1-2024": 1, "son-nham-q2-2024": 1}
# The letterhead table of the -autonum variants, read column by column: unit, number, then the
# national motto in two paragraphs and the place and date.
LETTERHEAD = [r"UBND (XÃ|PHƯỜNG|QUẬN|HUYỆN|THỊ XÃ|TỈNH) [A-ZĐÀ-Ỹ ]+", r"Số: \d+/BC-UBND",
              "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
              r"[A-ZĐÀ-Ỹ][\w ]+, ngày \d{1,2} tháng \d{1,2} năm \d{4}"]
_PAGE_NUMBER = re.compile(r"^[-–\s]*(trang\s*)?\d{1,3}(\s*/\s*\d{1,3})?[-–\s]*$", re.IGNORECASE)
_cache: dict[Path, Document] = {}


def read(path: Path) -> Document:
    if path not in _cache:
        data = path.read_bytes()
        _cache[path] = pdf_to_document(str(path), data, hashlib.sha256(data).hexdigest())
    return _cache[path]


def source_text(path: Path) -> tuple[list[str], list[list[list[str]]]]:
    """Paragraphs and pipe tables of a light-markdown source, emphasis marks removed."""
    paragraphs: list[str] = []
    tables: list[list[list[str]]] = []
    in_table = False
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip().replace("**", "").replace("*", "")
        if not line.startswith("|"):
            in_table = False
            if line:
                paragraphs.append(normalize_text(line)[0])
            continue
        cells = [normalize_text(c)[0] for c in line.strip("|").split("|")]
        if all(re.fullmatch(r":?-+:?", c) for c in cells):
            continue
        if not in_table:
            tables.append([])
            in_table = True
        tables[-1].append(cells)
    return paragraphs, tables


def body_paragraphs(doc: Document) -> list[Block]:
    return [b for b in doc.blocks if b.part == "body" and b.kind == "paragraph"]


def table_rows(table: Table) -> list[list[str]]:
    """Rows as the markdown writes them: a merged cell's text at its top-left, '' where it spans."""
    rows = [[""] * table.n_cols for _ in range(table.n_rows)]
    for cell in table.cells:
        rows[cell.row][cell.col] = cell.text
    return rows


def match_paragraphs(doc: Document, paragraphs: list[str]) -> tuple[int, list[str], list[str]]:
    """How each source paragraph came out: as one block (counted), or cut at page breaks, or lost."""
    blocks = body_paragraphs(doc)
    texts = [b.text for b in blocks]
    exact, split, lost = 0, [], []
    for paragraph in paragraphs:
        if texts.count(paragraph) == 1:
            exact += 1
        elif _split_across_pages(paragraph, blocks):
            split.append(paragraph)
        else:
            lost.append(paragraph)
    return exact, split, lost


def _split_across_pages(paragraph: str, blocks: list[Block]) -> bool:
    for i, block in enumerate(blocks[:-1]):
        following = blocks[i + 1]
        if (paragraph.startswith(block.text + " ") and paragraph == f"{block.text} {following.text}"
                and following.page == (block.page or 0) + 1):
            return True
    return False


def source_of(pdf: Path) -> Path:
    return pdf.parent.parent / "src" / f"{pdf.stem.removesuffix('-autonum')}.txt"


# --------------------------------------------------------------------------- devset and seed


@pytest.mark.parametrize("pdf", SOURCED_PDFS, ids=lambda p: p.stem)
def test_every_source_paragraph_is_one_block(pdf: Path) -> None:
    doc = read(pdf)
    paragraphs, _ = source_text(source_of(pdf))
    exact, split, lost = match_paragraphs(doc, paragraphs)
    assert lost == []
    assert len(split) <= KNOWN_PAGE_SPLITS.get(pdf.stem, 0), split
    assert exact + len(split) == len(paragraphs)
    extra = LETTERHEAD if pdf.stem.endswith("-autonum") else []
    assert len(body_paragraphs(doc)) == len(paragraphs) + len(split) + len(extra)
    for pattern, block in zip(extra, body_paragraphs(doc), strict=False):
        assert re.fullmatch(pattern, block.text), (pattern, block.text)


@pytest.mark.parametrize("pdf", SOURCED_PDFS, ids=lambda p: p.stem)
def test_every_source_table_row_is_a_table_row(pdf: Path) -> None:
    """Tables that a page break cut in two, even through a row, come out as one table."""
    doc = read(pdf)
    _, tables = source_text(source_of(pdf))
    found = [b.table for b in doc.blocks if b.kind == "table" and b.table is not None]
    assert len(found) == len(tables)
    for expected, table in zip(tables, found, strict=True):
        assert table_rows(table) == expected


@pytest.mark.parametrize("pdf", SOURCED_PDFS, ids=lambda p: p.stem)
def test_blocks_are_well_formed(pdf: Path) -> None:
    doc = read(pdf)
    assert doc.format == "pdf" and doc.pages == len(pypdfium_pages(pdf))
    assert [b.index for b in doc.blocks] == list(range(len(doc.blocks)))
    parts = [b.part for b in doc.blocks]
    assert parts == sorted(parts, key=lambda p: p != "body"), "body blocks must come first, together"
    pages = [b.page or 0 for b in doc.blocks if b.part == "body"]
    assert pages == sorted(pages) and pages[0] == 1 and pages[-1] == doc.pages
    for block in doc.blocks:
        assert block.label is None
        assert (block.text, block.offsets) == normalize_text(block.raw)
        assert block.text
        assert block.part != "body" or not _PAGE_NUMBER.match(block.text)


def pypdfium_pages(pdf: Path) -> list[int]:
    import pypdfium2

    return list(range(len(pypdfium2.PdfDocument(pdf.read_bytes()))))


@needs_devset
def test_dossier_table_keeps_its_merged_header() -> None:
    doc = read(DEVSET / "docs" / "cam-thanh-q3-2025.pdf")
    (table_block,) = [b for b in doc.blocks if b.kind == "table"]
    table = table_block.table
    assert table is not None and (table.n_rows, table.n_cols) == (7, 13)
    spans = {(c.row, c.col): (c.row_span, c.col_span, c.text)
             for c in table.cells if (c.row_span, c.col_span) != (1, 1)}
    assert spans == {
        (0, 0): (2, 1, "STT"),
        (0, 1): (2, 1, "Lĩnh vực"),
        (0, 2): (1, 4, "Số hồ sơ nhận giải quyết"),
        (0, 6): (1, 4, "Kết quả giải quyết"),
        (0, 10): (1, 3, "Số hồ sơ đang giải quyết"),
    }
    grid = table.grid()
    assert grid[1][5] is not None and grid[1][5].text == "Từ kỳ trước"
    assert [c.text for c in grid[2] if c] == [f"({k})" for k in range(1, 14)]
    assert table_block.page == 2
    assert grid[1][4] is not None and grid[1][4].raw == "Trực \ntiếp, \nbưu \nchính"  # as the file has it
    before, after = doc.blocks[table_block.index - 1], doc.blocks[table_block.index + 1]
    assert before.text == "Kết quả cụ thể theo từng lĩnh vực (theo mẫu Biểu số 06):"
    assert after.text == "3. Số hóa hồ sơ, kết quả giải quyết TTHC"
    body_text = " ".join(b.text for b in body_paragraphs(doc))
    assert "Tổng cộng" not in body_text and "Trực tiếp, bưu chính" not in body_text


def test_a_table_cut_through_a_row_by_a_page_break_is_made_whole() -> None:
    doc = read(WRITTEN / "docs" / "an-khanh-q3-2024-autonum.pdf")
    (block,) = [b for b in doc.blocks if b.kind == "table"]
    assert block.page == 1 and block.table is not None
    grid = block.table.grid()
    spanning = {(c.row, c.col): (c.row_span, c.col_span, c.text) for c in block.table.cells if c.row_span > 1}
    assert spanning == {(0, 0): (3, 1, "STT"), (0, 1): (3, 1, "Lĩnh vực giải quyết"),  # "giải quyết" on p. 2
                        (1, 2): (2, 1, "Tổng số"), (1, 3): (2, 1, "Từ kỳ trước")}
    assert grid[2][4] is not None and grid[2][4].text == "Trực tuyến"
    assert grid[1][4] is grid[1][5] and grid[1][4] is not None and grid[1][4].text == "Mới tiếp nhận trong kỳ"
    assert [c.text for c in grid[4] if c] == ["1", "Hộ tịch", "479", "6", "402", "71", "470", "431", "37",
                                              "2", "9", "9", "0"]
    words = " ".join(b.text for b in body_paragraphs(doc))
    assert "giải quyết" not in words.split("Chi tiết theo lĩnh vực")[-1].split("3. Số hóa")[0]


@needs_devset
def test_pages_bold_and_centring() -> None:
    doc = read(DEVSET / "docs" / "cam-thanh-q3-2025.pdf")
    by_text = {b.text: b for b in body_paragraphs(doc)}
    heading = by_text["I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"]
    assert (heading.page, heading.bold, heading.centered) == (1, True, True)
    title = by_text["BÁO CÁO"]
    assert (title.bold, title.centered) == (False, True)
    assert by_text["IV. ĐỀ XUẤT, KIẾN NGHỊ"].page == 3
    rate = by_text["Tỷ lệ hồ sơ tiếp nhận trực tuyến trên tổng số hồ sơ tiếp nhận mới đạt 43,16%."]
    assert (rate.page, rate.bold, rate.centered) == (2, False, False)
    joined = next(t for t in by_text if t.startswith("Trong kỳ, Trung tâm Phục vụ"))
    assert by_text[joined].page == 1 and "1.236 hồ sơ, tỷ lệ giải quyết trước hạn" in joined  # across p. 1-2
    letterhead = {b.text: b for b in body_paragraphs(read(DEVSET / "docs" / "cam-thanh-q3-2025-autonum.pdf"))}
    assert letterhead["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"].bold
    assert not letterhead["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"].centered  # centred in its cell, not the page
    assert letterhead["Cẩm Thành, ngày 17 tháng 9 năm 2025"].italic


@needs_devset
def test_word_numbering_labels_stay_with_their_text() -> None:
    doc = read(DEVSET / "docs" / "duc-nhuan-q1-2024-autonum.pdf")
    texts = [b.text for b in body_paragraphs(doc)]
    assert "1. Về đánh giá tác động TTHC" in texts
    assert ("a) Bộ phận Một cửa xã tiếp tục được duy trì, bố trí công chức có chuyên môn phù hợp; việc tiếp "
            "nhận, luân chuyển, trả kết quả hồ sơ được cập nhật đầy đủ trên Hệ thống thông tin giải quyết "
            "TTHC tỉnh.") in texts
    assert "(Chi tiết tại Phụ lục kèm theo)" in texts


def test_seed_report_reads_like_its_markdown() -> None:
    doc = read(SEED_PDF)
    paragraphs, tables = source_text(SEED_MD)
    exact, split, lost = match_paragraphs(doc, paragraphs)
    assert lost == [] and exact == len(paragraphs) - 1
    assert len(split) == 1 and split[0].startswith("UBND xã đã ban hành Kế hoạch số 21/KH-UBND ngày 16/02")
    (table_block,) = [b for b in doc.blocks if b.kind == "table"]
    assert table_block.table is not None and table_rows(table_block.table) == tables[0]
    assert table_block.page == 6
    hyphenated = next(b for b in body_paragraphs(doc) if "Kế hoạch số 24/KH-UBND ngày 04/3/2024" in b.text)
    assert "24/KH-UBND" in hyphenated.raw and hyphenated.page == 4
    mixed = next(b for b in body_paragraphs(doc) if b.text.startswith("a) Công khai tiến độ, kết quả"))
    assert not mixed.bold  # only its lead-in is bold
    assert [b.text for b in body_paragraphs(doc)[-3:]] == ["- Lưu: VT, VP.", "CHỦ TỊCH", "Lê Công Nhân"]


# --------------------------------------------------------------------------- generated layout


def fixture_spec() -> ModuleType:
    """The fixture generator's content (its text constants only; nothing is generated)."""
    spec = importlib.util.spec_from_file_location("make_pdf_fixtures", ROOT / "tests/make_pdf_fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_running_headers_page_numbers_and_footers_are_set_aside() -> None:
    spec = fixture_spec()
    doc = read(EDGE / "pdf-running-headers.pdf")
    margins = [(b.part, b.page, b.text) for b in doc.blocks if b.part != "body"]
    later = [[("header", page, str(page)), ("footer", page, spec.FOOTER)] for page in (2, 3, 4)]
    assert margins == [("footer", 1, spec.FOOTER), *later[0], *later[1], *later[2]]
    assert doc.pages == 4 and doc.blocks[-7].index == len(doc.blocks) - 7
    assert all(spec.FOOTER not in b.text for b in doc.blocks if b.part == "body")


def test_indented_paragraphs_without_spacing_come_out_whole() -> None:
    spec = fixture_spec()
    doc = read(EDGE / "pdf-running-headers.pdf")
    texts = [b.text if b.kind == "paragraph" else "<table>" for b in doc.blocks if b.part == "body"]
    expected = [line for column in spec.LETTERHEAD for line in column]
    expected += ["<table>" if "table" in kind else text for kind, text in spec.REPORT if kind != "signature"]
    expected += [line for column in spec.SIGNATURE for line in column if line]
    assert texts == expected
    small, long = [b for b in doc.blocks if b.kind == "table"]
    assert small.table is not None and table_rows(small.table) == spec.TABLE
    # the long table goes on to page 4, where Word repeats its two header rows: one table, one header
    assert long.page == 3 and long.table is not None and table_rows(long.table) == spec.LONG_TABLE
    by_text = {b.text: b for b in doc.blocks}
    across = next(text for style, text in spec.REPORT if text.startswith("Công chức tiếp nhận hướng dẫn"))
    assert by_text[across].page == 1 and by_text["- Tỷ lệ số hóa kết quả giải quyết đạt 97,5%."].page == 2
    assert "\n" in by_text[across].raw
    assert (by_text["BÁO CÁO"].bold, by_text["BÁO CÁO"].centered) == (True, True)
    assert not by_text["- Thực hiện nghiêm việc xin lỗi tổ chức, cá nhân khi để xảy ra trễ hẹn."].centered
    assert by_text["TM. ỦY BAN NHÂN DÂN"].page == 4 and by_text["Nguyễn Văn An"].page == 4


def test_a_producer_that_writes_one_object_per_word() -> None:
    """No space glyphs, ragged right, fake bold, a running header on every page, "Trang N/M"."""
    spec = fixture_spec()
    doc = read(EDGE / "pdf-word-objects.pdf")
    body = [b for b in doc.blocks if b.part == "body"]
    assert [b.text for b in body] == [text for _, text in spec.WORD_REPORT]
    assert [b.bold for b in body] == [style in ("title", "heading") for style, _ in spec.WORD_REPORT]
    margins = [(b.part, b.page, b.text) for b in doc.blocks if b.part != "body"]
    assert margins == [("header", 1, "UBND XÃ THỬ NGHIỆM"), ("header", 1, "Báo cáo quý II năm 2024"),
                       ("footer", 1, "Trang 1/2"), ("header", 2, "UBND XÃ THỬ NGHIỆM"),
                       ("header", 2, "Báo cáo quý II năm 2024"), ("footer", 2, "Trang 2/2")]
    across = next(b for b in body if b.text.startswith("Ủy ban nhân dân xã") and len(b.text) > 1000)
    assert across.page == 1 and body[body.index(across) + 1].page == 2


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(("name", "code", "words"), [
    ("pdf-encrypted.pdf", "encrypted", ["mật khẩu", "(encrypted)"]),
    ("pdf-corrupt.pdf", "corrupt", ["bị hỏng", "(corrupt pdf)"]),
    ("pdf-no-pages.pdf", "empty", ["không có trang nào", "(no pages)"]),
    ("pdf-blank.pdf", "empty", ["không có chữ", "(no text)"]),
    ("pdf-scanned.pdf", "scanned", ["bản scan", "không có lớp chữ", "nhận dạng được chữ (OCR)",
                                    "(scanned, no text layer; OCR not available)"]),
])
def test_unreadable_pdfs_are_refused_with_a_reason(name: str, code: str, words: list[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORT_MINER_TESSERACT", "")  # a machine without OCR
    path = EDGE / name
    with pytest.raises(InputError) as caught:
        pdf_to_document(str(path), path.read_bytes(), "0" * 64)
    assert caught.value.code == code
    assert str(caught.value).startswith(f"{path}: ")
    for word in words:
        assert word in caught.value.reason


def test_scan_refusal_says_what_is_missing_for_ocr(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = EDGE / "pdf-scanned.pdf"
    monkeypatch.setenv("REPORT_MINER_TESSERACT", "")
    with pytest.raises(InputError) as caught:
        pdf_to_document(str(path), path.read_bytes(), "0" * 64)
    assert "máy chưa cài tesseract" in caught.value.reason
    # a Tesseract without the Vietnamese data
    fake = tmp_path / "tesseract"
    fake.write_text("#!/bin/sh\necho 'List of available languages (2):'\necho eng\necho osd\n")
    fake.chmod(0o755)
    monkeypatch.setenv("REPORT_MINER_TESSERACT", str(fake))
    with pytest.raises(InputError) as caught:
        pdf_to_document(str(path), path.read_bytes(), "0" * 64)
    assert "tesseract chưa có dữ liệu tiếng Việt (vie)" in caught.value.reason


def test_a_scanned_page_inside_a_text_pdf_is_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORT_MINER_TESSERACT", "")
    doc = read(EDGE / "pdf-mixed-scan.pdf")
    assert doc.warnings == ["trang 2 chỉ có ảnh quét, không có lớp chữ (page 2: scanned, no text)"]
    assert doc.pages == 2 and {b.page for b in doc.blocks} == {1}


needs_ocr = pytest.mark.skipif(not ocr_status()[0], reason="Tesseract with Vietnamese data is not installed")


@needs_ocr
def test_a_scanned_report_is_read_by_ocr_when_tesseract_is_installed() -> None:
    # pdf-scanned.pdf is the picture of page 1 of pdf-mixed-scan.pdf: OCR gives the same figures as the text
    from report_miner import parse_file

    scanned, text = parse_file(EDGE / "pdf-scanned.pdf"), parse_file(EDGE / "pdf-mixed-scan.pdf")
    assert any("OCR" in r for r in scanned.source.repairs) and any("OCR" in w for w in scanned.warnings)
    by_ocr = [(f.indicator, f.value) for f in scanned.figures if f.indicator]
    from_text = [(f.indicator, f.value) for f in text.figures if f.indicator and f.location.page == 1]
    assert by_ocr[:6] == from_text[:6] == [
        ("dossier.received", 681), ("dossier.received_online", 232), ("dossier.received_direct", 449),
        ("dossier.resolved", 668), ("dossier.resolved_early_or_on_time", 665), ("dossier.resolved_late", 3)]
    assert (scanned.report.issuer.level, scanned.report.period.index if scanned.report.period else None) == ("xa", 2)


@pytest.mark.parametrize("cut", [100, 2000, 9000, 30000, 50000])
def test_truncated_or_garbled_files_never_leak_library_errors(cut: int) -> None:
    data = (EDGE / "pdf-running-headers.pdf").read_bytes()
    for variant in (data[:cut], data[:cut] + b"\x00garbage" * 50, data[:cut] + data[cut + 500:]):
        try:
            doc = pdf_to_document("cut.pdf", variant, "0" * 64)
        except InputError as error:
            assert error.code in {"corrupt", "empty"}
        else:
            assert doc.blocks


def test_table_finder_failure_keeps_the_text(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object) -> None:
        raise ValueError("pdfminer could not parse this")

    monkeypatch.setattr(pdf_tables, "_find_grids", broken)
    path = EDGE / "pdf-running-headers.pdf"
    doc = pdf_to_document(str(path), path.read_bytes(), "0" * 64)
    assert doc.warnings == ["không nhận diện được bảng trong tệp PDF, bảng được đọc như đoạn văn "
                            "(table detection failed)"]
    assert not any(b.kind == "table" for b in doc.blocks)
    body_text = " ".join(b.text for b in doc.blocks)
    assert all(word in body_text for word in ("Hộ tịch", "Bản sao", "Tổng cộng", "681", "Trực tiếp"))


def test_read_document_dispatches_pdf_and_is_deterministic(monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = read_document(SEED_PDF), read_document(SEED_PDF)
    assert first.sha256 == hashlib.sha256(SEED_PDF.read_bytes()).hexdigest()
    assert first.format == "pdf" and first.pages == 8
    assert first.model_dump_json() == second.model_dump_json()
    monkeypatch.setenv("REPORT_MINER_TESSERACT", "")
    with pytest.raises(InputError) as caught:
        read_document(EDGE / "pdf-scanned.pdf")
    assert caught.value.code == "scanned"


def test_helper_examples() -> None:
    for module in (pdf_reader, pdf_layout, pdf_lines, pdf_tables, pdf_paragraphs, pdf_ocr):
        result = doctest.testmod(module)
        assert result.failed == 0, module.__name__


# --------------------------------------------------------------------------- speed


