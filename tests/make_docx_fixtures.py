"""Generate the edge-case documents in ``corpus/edge/`` for the DOCX reader.

Each file isolates one thing real commune reports do that a naive reader gets wrong: numbering
that exists only in numbering.xml, merged header cells, tracked changes, text boxes, legacy
8-bit fonts, and files that are not what their name says. The outputs are committed; run this
only to change them:

    .venv/bin/python tests/make_docx_fixtures.py [OUT_DIR]

Output is byte-for-byte reproducible (fixed zip timestamps and document properties), so a rerun
that changes nothing shows no diff. ``corpus/edge/README.md`` says what the reader must do with
each file; keep it in step with the content below.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import docx
import openpyxl
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from report_miner import legacy

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "corpus" / "edge"
STAMP = dt.datetime(2024, 6, 17, 8, 0, 0)
ZIP_TIME = (2024, 6, 17, 8, 0, 0)
AUTHOR = "Nguyễn Thị Hoa"
REV = f'w:author="{AUTHOR}" w:date="2024-06-16T09:30:00Z"'
W = nsdecls("w")
# prefixes python-docx does not know, as Word declares them on the document element
DRAWING_NS = " ".join([
    nsdecls("w", "wp"),
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"',
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"',
    'xmlns:v="urn:schemas-microsoft-com:vml"',
    'xmlns:o="urn:schemas-microsoft-com:office:office"',
])


# --- packaging -------------------------------------------------------------------------------

def freeze_zip(data: bytes, replace: dict[str, bytes] | None = None) -> bytes:
    """Rewrite a zip with fixed timestamps (and ``replace``d members) so reruns do not churn."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, (replace or {}).get(info.filename) or src.read(info.filename))
    return out.getvalue()


def docx_bytes(doc: DocxDocument) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return freeze_zip(buf.getvalue())


def new_document() -> DocxDocument:
    """A blank A4 report page in Times New Roman 13, as the decree's template asks."""
    doc = docx.Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(13)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    props = doc.core_properties
    props.author = props.last_modified_by = AUTHOR
    props.created = props.modified = STAMP
    props.revision = 1
    props.title = "Báo cáo kiểm soát thủ tục hành chính"
    props.comments = "report_miner edge-case fixture"
    return doc


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def xml_text(text: str) -> str:
    """Escape for XML character data, NFC, as Word writes it."""
    return nfc(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def append_xml(doc: DocxDocument, xml: str) -> None:
    """Insert a raw body element (paragraph or table) before the final section properties."""
    body = doc.element.body
    body.sectPr.addprevious(parse_xml(xml))


def paragraph(doc: DocxDocument, text: str = "", *, bold: bool = False, italic: bool = False,
              center: bool = False, style: str | None = None) -> Paragraph:
    p = doc.add_paragraph(style=style)
    if text:
        run = p.add_run(nfc(text))
        run.bold = bold or None
        run.italic = italic or None
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return p


def set_numbering(p: Paragraph, num_id: int, ilvl: int = 0) -> None:
    """Give a paragraph Word automatic numbering: the label is not in its text."""
    num_pr = p._p.get_or_add_pPr().get_or_add_numPr()  # inserted in schema order
    num_pr.get_or_add_ilvl().val = ilvl
    num_pr.get_or_add_numId().val = num_id


def title_block(doc: DocxDocument, subject: str) -> None:
    paragraph(doc, "BÁO CÁO", bold=True, center=True)
    paragraph(doc, subject, bold=True, center=True)


# --- numbering.xml -----------------------------------------------------------------------------

def lvl(ilvl: int, fmt: str, text: str, *, start: int = 1, style: str | None = None,
        font: str | None = None) -> str:
    """One ``w:lvl``, children in schema order, indented as Word indents lists."""
    left = 720 * (ilvl + 1)
    pstyle = f'<w:pStyle w:val="{style}"/>' if style else ""
    rpr = f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}"/></w:rPr>' if font else ""
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{pstyle}'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{left}" w:hanging="360"/></w:pPr>{rpr}</w:lvl>')


def abstract_num(aid: int, levels: list[str], kind: str = "hybridMultilevel") -> str:
    return (f'<w:abstractNum {W} w:abstractNumId="{aid}"><w:nsid w:val="{0x5A1B0000 + aid:08X}"/>'
            f'<w:multiLevelType w:val="{kind}"/>{"".join(levels)}</w:abstractNum>')


def num(num_id: int, aid: int, overrides: str = "") -> str:
    return f'<w:num {W} w:numId="{num_id}"><w:abstractNumId w:val="{aid}"/>{overrides}</w:num>'


def restart(ilvl: int = 0, start: int = 1) -> str:
    """The override Word writes when a list is restarted ("Restart at 1")."""
    return f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{start}"/></w:lvlOverride>'


def add_numbering(doc: DocxDocument, abstracts: list[str], nums: list[str]) -> None:
    """Add definitions to numbering.xml; all abstractNum elements must precede the num elements."""
    root = doc.part.numbering_part.element
    first_num = root.find(qn("w:num"))
    for xml in abstracts:
        el = parse_xml(xml)
        if first_num is not None:
            first_num.addprevious(el)
        else:
            root.append(el)
    for xml in nums:
        root.append(parse_xml(xml))


# --- 1. automatic numbering ----------------------------------------------------------------------
DECIMAL, LETTER, MULTI, STYLED, BULLET = 20, 21, 22, 23, 24
STYLE_ID = "MucSo"

# (label Word draws, text, numId, ilvl). numId None: the label, if any, is typed in the text;
# STYLE_NUMBERED: the paragraph names only its style and the style carries the numbering.
STYLE_NUMBERED = -1
AUTONUM_BODY: list[tuple[str, str, int | None, int]] = [
    ("", "I. KẾT QUẢ THỰC HIỆN CÔNG TÁC KIỂM SOÁT THỦ TỤC HÀNH CHÍNH", None, 0),
    ("1.", "Công tác chỉ đạo, điều hành", 30, 0),
    ("a)", "Ban hành văn bản chỉ đạo", 31, 0),
    ("", "Trong kỳ, UBND xã ban hành 02 kế hoạch và 01 văn bản chỉ đạo về kiểm soát TTHC.", None, 0),
    ("b)", "Công khai thủ tục hành chính", 31, 0),
    ("", "100% thủ tục hành chính thuộc thẩm quyền giải quyết của xã được niêm yết công khai.", None, 0),
    ("2.", "Tiếp nhận và giải quyết hồ sơ", 30, 0),
    ("a)", "Tiếp nhận hồ sơ", 32, 0),
    ("", "Tổng số hồ sơ tiếp nhận: 125 hồ sơ (trực tuyến 50 hồ sơ; trực tiếp, qua bưu chính 71 hồ sơ; "
         "từ kỳ trước chuyển sang 4 hồ sơ).", None, 0),
    ("b)", "Kết quả giải quyết", 32, 0),
    ("", "Đã giải quyết 120 hồ sơ (trước hạn 45, đúng hạn 73, quá hạn 2); đang giải quyết 5 hồ sơ.", None, 0),
    ("-", "Lĩnh vực hộ tịch: 60 hồ sơ;", 50, 0),
    ("-", "Lĩnh vực chứng thực: 40 hồ sơ;", 50, 0),
    ("-", "Lĩnh vực đất đai: 25 hồ sơ.", 50, 0),
    ("", "II. KẾT QUẢ THỰC HIỆN CƠ CHẾ MỘT CỬA, MỘT CỬA LIÊN THÔNG", None, 0),
    ("1.", "Kiện toàn Bộ phận Một cửa", 33, 0),
    ("a)", "Bố trí công chức làm việc tại Bộ phận Một cửa", 34, 0),
    ("b)", "Trang thiết bị phục vụ tiếp nhận hồ sơ", 34, 0),
    ("2.", "Đánh giá sự hài lòng", 33, 0),
    ("a)", "Tỷ lệ tổ chức, cá nhân hài lòng đạt 99,2%.", 35, 0),
    ("", "III. KẾT QUẢ THỰC HIỆN THỦ TỤC HÀNH CHÍNH TRÊN MÔI TRƯỜNG ĐIỆN TỬ", None, 0),
    ("1.", "Dịch vụ công trực tuyến", 40, 0),
    ("1.1.", "Hồ sơ trực tuyến toàn trình: 35 hồ sơ", 40, 1),
    ("1.2.", "Hồ sơ trực tuyến một phần: 15 hồ sơ", 40, 1),
    ("2.", "Thanh toán trực tuyến", 40, 0),
    ("2.1.", "Số hồ sơ thanh toán trực tuyến: 20 hồ sơ", 40, 1),
    ("3.", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", 40, 0),
    ("", "IV. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", None, 0),
    ("1.", "Tồn tại, hạn chế", 41, 0),
    ("a)", "Còn 02 hồ sơ giải quyết quá hạn thuộc lĩnh vực đất đai.", 41, 1),
    ("b)", "Tỷ lệ thanh toán trực tuyến còn thấp.", 41, 1),
    ("2.", "Nguyên nhân", 41, 0),
    ("a)", "Hồ sơ đất đai phức tạp, phải xác minh nguồn gốc sử dụng đất.", 41, 1),
    ("", "V. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ III NĂM 2024", None, 0),
    ("1.", "Tiếp tục rà soát, công khai thủ tục hành chính", STYLE_NUMBERED, 0),
    ("2.", "Nâng cao tỷ lệ hồ sơ trực tuyến toàn trình", STYLE_NUMBERED, 0),
]


def autonum_definitions() -> tuple[list[str], list[str]]:
    """Lists as Word builds them: a restart is a new w:num over the same abstractNum."""
    abstracts = [
        abstract_num(DECIMAL, [lvl(0, "decimal", "%1.")]),
        abstract_num(LETTER, [lvl(0, "lowerLetter", "%1)")]),
        abstract_num(MULTI, [lvl(0, "decimal", "%1."), lvl(1, "decimal", "%1.%2."),
                             lvl(2, "decimal", "%1.%2.%3.")], "multilevel"),
        abstract_num(STYLED, [lvl(0, "decimal", "%1.", style=STYLE_ID)]),
        abstract_num(BULLET, [lvl(0, "bullet", "-", font="Times New Roman")]),
    ]
    letter_level = (f'<w:lvlOverride w:ilvl="1"><w:startOverride w:val="1"/>'
                    f'{lvl(1, "lowerLetter", "%2)")}</w:lvlOverride>')
    nums = [num(n, DECIMAL, restart()) for n in (30, 33)]
    nums += [num(n, LETTER, restart()) for n in (31, 32, 34, 35)]
    nums += [num(40, MULTI, restart()), num(41, MULTI, restart() + letter_level)]
    nums += [num(42, STYLED), num(50, BULLET)]
    return abstracts, nums


def add_numbered_style(doc: DocxDocument) -> None:
    """A heading style that carries its own numbering, as "Heading 2" does in many templates."""
    style = doc.styles.add_style("Muc so", WD_STYLE_TYPE.PARAGRAPH)
    style.element.set(qn("w:styleId"), STYLE_ID)
    style.base_style = doc.styles["Normal"]
    style.font.bold = True
    style.element.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = 42


def make_autonum_restart() -> bytes:
    doc = new_document()
    abstracts, nums = autonum_definitions()
    add_numbering(doc, abstracts, nums)
    add_numbered_style(doc)
    paragraph(doc, "ỦY BAN NHÂN DÂN XÃ ĐỨC PHONG", bold=True, center=True)
    title_block(doc, "Kết quả thực hiện công tác kiểm soát thủ tục hành chính quý II năm 2024")
    for label, text, num_id, ilvl in AUTONUM_BODY:
        if num_id == STYLE_NUMBERED:
            paragraph(doc, text, style="Muc so")
            continue
        roman = num_id is None and text.split(".")[0] in ("I", "II", "III", "IV", "V")
        p = paragraph(doc, text, bold=roman or label.endswith(".") and ilvl == 0, italic=label.endswith(")"))
        if num_id is not None:
            set_numbering(p, num_id, ilvl)
    paragraph(doc, "Nơi nhận:", bold=True, italic=True)
    paragraph(doc, "- UBND huyện Mộ Đức;")
    paragraph(doc, "- Lưu: VT.")
    return docx_bytes(doc)


# --- 2. header table, merged cells, page header ---------------------------------------------------
HEADER_LEFT = ["ỦY BAN NHÂN DÂN", "XÃ ĐỨC PHONG", "Số: 31/BC-UBND"]
HEADER_RIGHT = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                "Đức Phong, ngày 17 tháng 6 năm 2024"]
B06_GROUPS = [("Số hồ sơ nhận giải quyết", 4), ("Số hồ sơ đã giải quyết", 4), ("Số hồ sơ đang giải quyết", 3)]
B06_SUBHEADS = ["Tổng số", "Trực tuyến", "Trực tiếp, bưu chính", "Từ kỳ trước",
                "Tổng số", "Trước hạn", "Đúng hạn", "Quá hạn", "Tổng số", "Trong hạn", "Quá hạn"]
# (3) = (4)+(5)+(6); (7) = (8)+(9)+(10); (11) = (12)+(13); (3) = (7)+(11)
B06_ROWS = [
    ("1", "Hộ tịch", [60, 40, 18, 2, 58, 5, 53, 0, 2, 2, 0]),
    ("2", "Chứng thực", [40, 0, 40, 0, 40, 40, 0, 0, 0, 0, 0]),
    ("3", "Đất đai", [25, 10, 13, 2, 22, 0, 20, 2, 3, 2, 1]),
]


def no_borders(table: Table) -> None:
    sides = ("top", "left", "bottom", "right", "insideH", "insideV")
    borders = "".join(f'<w:{side} w:val="nil"/>' for side in sides)
    tbl_pr = table._tbl.tblPr
    el = parse_xml(f"<w:tblBorders {W}>{borders}</w:tblBorders>")
    look = tbl_pr.find(qn("w:tblLook"))  # schema order: tblBorders comes before tblLook
    if look is not None:
        look.addprevious(el)
    else:
        tbl_pr.append(el)


def cell_lines(cell, lines: list[str], bold_upto: int, italic_last: bool = False) -> None:
    """Fill a cell with one centred paragraph per line, as the header block is typed."""
    for i, line in enumerate(lines):
        p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(nfc(line))
        run.bold = i < bold_upto or None
        run.italic = (italic_last and i == len(lines) - 1) or None


def header_block(doc: DocxDocument) -> None:
    table = doc.add_table(rows=1, cols=2)
    no_borders(table)
    cell_lines(table.cell(0, 0), HEADER_LEFT, bold_upto=2)
    cell_lines(table.cell(0, 1), HEADER_RIGHT, bold_upto=2, italic_last=True)


def b06_table(doc: DocxDocument) -> None:
    """Biểu số 06: two header rows (groups with gridSpan, STT/Lĩnh vực with vMerge), a column
    number row, three fields and a total row whose first two cells are merged."""
    cols = 2 + len(B06_SUBHEADS)
    table = doc.add_table(rows=3 + len(B06_ROWS) + 1, cols=cols)
    table.style = doc.styles["Table Grid"]
    stt = table.cell(0, 0).merge(table.cell(1, 0))
    field = table.cell(0, 1).merge(table.cell(1, 1))
    stt.text, field.text = "STT", "Lĩnh vực"
    col = 2
    for title, span in B06_GROUPS:
        merged = table.cell(0, col).merge(table.cell(0, col + span - 1))
        merged.text = nfc(title)
        col += span
    for i, head in enumerate(B06_SUBHEADS):
        table.cell(1, 2 + i).text = nfc(head)
    for i in range(cols):
        table.cell(2, i).text = f"({i + 1})"
    for r, (no, name, values) in enumerate(B06_ROWS, start=3):
        table.cell(r, 0).text, table.cell(r, 1).text = no, nfc(name)
        for i, v in enumerate(values):
            table.cell(r, 2 + i).text = str(v)
    last = 3 + len(B06_ROWS)
    total = table.cell(last, 0).merge(table.cell(last, 1))
    total.text = nfc("Tổng cộng")
    for i in range(len(B06_SUBHEADS)):
        table.cell(last, 2 + i).text = str(sum(row[2][i] for row in B06_ROWS))
    for r in (0, 1, 2, last):
        for c in table.rows[r].cells:
            for run in (run for p in c.paragraphs for run in p.runs):
                run.bold = True


def page_number_header(doc: DocxDocument) -> None:
    """Page number as a complex field centred in the page header; footer with a plain line."""
    section = doc.sections[0]
    hp = section.header.paragraphs[0]
    hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for xml in ('<w:r {W}><w:fldChar w:fldCharType="begin"/></w:r>',
                '<w:r {W}><w:instrText xml:space="preserve"> PAGE   \\* MERGEFORMAT </w:instrText></w:r>',
                '<w:r {W}><w:fldChar w:fldCharType="separate"/></w:r>',
                '<w:r {W}><w:t>2</w:t></w:r>',
                '<w:r {W}><w:fldChar w:fldCharType="end"/></w:r>'):
        hp._p.append(parse_xml(xml.format(W=W)))
    fp = section.footer.paragraphs[0]
    fp.add_run(nfc("Báo cáo kiểm soát TTHC quý II năm 2024 - UBND xã Đức Phong"))


def make_header_table() -> bytes:
    doc = new_document()
    header_block(doc)
    paragraph(doc)
    title_block(doc, "Kết quả thực hiện công tác kiểm soát thủ tục hành chính quý II năm 2024")
    paragraph(doc, "Thực hiện Thông tư số 01/2020/TT-VPCP ngày 21/10/2020 của Văn phòng Chính phủ, "
                   "UBND xã Đức Phong báo cáo kết quả giải quyết thủ tục hành chính quý II năm 2024 "
                   "(số liệu từ ngày 15/3/2024 đến ngày 14/6/2024) như sau:")
    paragraph(doc, "Tổng số hồ sơ tiếp nhận: 125 hồ sơ; đã giải quyết 120 hồ sơ; đang giải quyết 5 hồ sơ "
                   "(chi tiết tại Biểu số 06 kèm theo).")
    paragraph(doc, "Biểu số 06: Tình hình, kết quả giải quyết thủ tục hành chính", bold=True, center=True)
    b06_table(doc)
    paragraph(doc)
    paragraph(doc, "Trên đây là báo cáo của UBND xã Đức Phong./.")
    page_number_header(doc)
    return docx_bytes(doc)


# --- 3. tracked changes ------------------------------------------------------------------------

def t(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{xml_text(text)}</w:t></w:r>'


def ins(rid: int, text: str) -> str:
    return f'<w:ins w:id="{rid}" {REV}>{t(text)}</w:ins>'


def dele(rid: int, text: str) -> str:
    run = f'<w:r><w:delText xml:space="preserve">{xml_text(text)}</w:delText></w:r>'
    return f'<w:del w:id="{rid}" {REV}>{run}</w:del>'


def p_xml(*parts: str, mark: str = "") -> str:
    """A paragraph; ``mark`` is a tracked change on the paragraph mark itself (w:pPr/w:rPr)."""
    ppr = f"<w:pPr><w:rPr>{mark}</w:rPr></w:pPr>" if mark else ""
    return f"<w:p {W}>{ppr}{''.join(parts)}</w:p>"


def moved(direction: str, rid: int, name: str, text: str) -> str:
    """A whole paragraph moved: range markers, the moved run and the moved paragraph mark."""
    tag = "moveFrom" if direction == "from" else "moveTo"
    return p_xml(f'<w:{tag}RangeStart w:id="{rid}" w:name="{name}" {REV}/>',
                 f'<w:{tag} w:id="{rid + 1}" {REV}>{t(text)}</w:{tag}>',
                 f'<w:{tag}RangeEnd w:id="{rid}"/>',
                 mark=f'<w:{tag} w:id="{rid + 2}" {REV}/>')


TRACKED_EXPECTED = [
    "Tổng số hồ sơ tiếp nhận trong kỳ: 255 hồ sơ.",
    "Chia theo lĩnh vực:",
    "- Lĩnh vực hộ tịch: 150 hồ sơ;",
    "- Lĩnh vực chứng thực: 80 hồ sơ;",
    "- Lĩnh vực đất đai: 25 hồ sơ.",
    "Số hồ sơ đã giải quyết: 240 hồ sơ, trong đó trước hạn 12 hồ sơ.",
    "Số hồ sơ giải quyết quá hạn: không.",
    "Đang giải quyết 15 hồ sơ.",
    "Tỷ lệ hài lòng đạt 99,2%.",
    "Tỷ lệ giải quyết đúng hạn đạt 100%.",
]


def tracked_paragraphs() -> list[str]:
    rpr_change = (f'<w:r><w:rPr><w:b/><w:rPrChange w:id="40" {REV}><w:rPr/></w:rPrChange></w:rPr>'
                  f'<w:t>{xml_text("Tỷ lệ giải quyết đúng hạn đạt 100%.")}</w:t></w:r>')
    return [
        p_xml(t("Tổng số hồ sơ tiếp nhận trong kỳ: "), dele(1, "250"), ins(2, "255"), t(" hồ sơ.")),
        p_xml(t("Chia theo lĩnh vực:")),
        moved("from", 10, "move1", "- Lĩnh vực chứng thực: 80 hồ sơ;"),
        p_xml(t("- Lĩnh vực hộ tịch: 150 hồ sơ;")),
        moved("to", 20, "move1", "- Lĩnh vực chứng thực: 80 hồ sơ;"),
        p_xml(t("- Lĩnh vực đất đai: "), dele(3, "20"), ins(4, "25"), t(" hồ sơ.")),
        p_xml(t("Số hồ sơ đã giải quyết: 240 hồ sơ"), ins(5, ", trong đó trước hạn 12 hồ sơ"), t(".")),
        p_xml(t("Số hồ sơ giải quyết quá hạn: "), dele(6, "03 hồ sơ"), ins(7, "không"), t(".")),
        p_xml(dele(8, "Đang giải quyết 20 hồ sơ."), mark=f'<w:del w:id="9" {REV}/>'),
        p_xml(ins(30, "Đang giải quyết 15 hồ sơ."), mark=f'<w:ins w:id="31" {REV}/>'),
        p_xml(t("Tỷ lệ hài lòng đạt 99,"), dele(32, "1"), ins(33, "2"), t("%.")),
        p_xml(rpr_change),
    ]


def tracked_table() -> str:
    """A small table whose figure cell holds a tracked change too."""
    def tc(inner: str) -> str:
        return f'<w:tc><w:tcPr><w:tcW w:w="4500" w:type="dxa"/></w:tcPr><w:p>{inner}</w:p></w:tc>'
    rows = [tc(t("Chỉ tiêu")) + tc(t("Số hồ sơ")),
            tc(t("Tiếp nhận")) + tc(dele(50, "250") + ins(51, "255")),
            tc(t("Đã giải quyết")) + tc(t("240"))]
    grid = '<w:tblGrid><w:gridCol w:w="4500"/><w:gridCol w:w="4500"/></w:tblGrid>'
    return (f'<w:tbl {W}><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr>'
            f'{grid}{"".join(f"<w:tr>{r}</w:tr>" for r in rows)}</w:tbl>')


def make_tracked_changes() -> bytes:
    doc = new_document()
    title_block(doc, "Kết quả giải quyết thủ tục hành chính quý II năm 2024")
    for xml in tracked_paragraphs():
        append_xml(doc, xml)
    append_xml(doc, tracked_table())
    return docx_bytes(doc)


# --- 4. text box ----------------------------------------------------------------------------------
TEXTBOX_SENTENCE = "Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn đạt 98,3% (118/120 hồ sơ)."
VML_ONLY_SENTENCE = "Ghi chú: số liệu tính từ ngày 15/3/2024 đến ngày 14/6/2024."


def textbox_run(text: str) -> str:
    """A DrawingML text box with the VML fallback Word writes beside it: the same text twice."""
    content = f"<w:txbxContent><w:p>{t(text)}</w:p></w:txbxContent>"
    a = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    wsp = ('<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="2743200" '
           'cy="640080"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>'
           f'<wps:txbx>{content}</wps:txbx><wps:bodyPr rot="0" vert="horz" wrap="square"/></wps:wsp>')
    anchor = ('<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" '
              'relativeHeight="251659264" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
              '<wp:simplePos x="0" y="0"/>'
              '<wp:positionH relativeFrom="column"><wp:posOffset>3200400</wp:posOffset></wp:positionH>'
              '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
              '<wp:extent cx="2743200" cy="640080"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapSquare '
              'wrapText="bothSides"/><wp:docPr id="1" name="Text Box 1"/><wp:cNvGraphicFramePr/>'
              f'<a:graphic {a}><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
              f'{wsp}</a:graphicData></a:graphic></wp:anchor>')
    fallback = ('<w:pict><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" '
                'path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>'
                '<v:path gradientshapeok="t" o:connecttype="rect"/>'
                '</v:shapetype><v:shape id="Text Box 1" o:spid="_x0000_s1026" type="#_x0000_t202" '
                'style="position:absolute;margin-left:252pt;margin-top:0;width:216pt;height:50.4pt;z-index:251659264">'
                f'<v:textbox>{content}</v:textbox></v:shape></w:pict>')
    return (f'<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>{anchor}</w:drawing></mc:Choice>'
            f'<mc:Fallback>{fallback}</mc:Fallback></mc:AlternateContent></w:r>')


def vml_only_run(text: str) -> str:
    """A text box from a Word 2003 document: VML alone, no AlternateContent, read it once."""
    content = f"<w:txbxContent><w:p>{t(text)}</w:p></w:txbxContent>"
    return ('<w:r><w:pict><v:shape id="Text Box 2" o:spid="_x0000_s1027" type="#_x0000_t202" '
            'style="position:absolute;margin-left:0;margin-top:6pt;width:450pt;height:24pt">'
            f'<v:textbox>{content}</v:textbox></v:shape></w:pict></w:r>')


def make_textbox() -> bytes:
    doc = new_document()
    title_block(doc, "Kết quả giải quyết thủ tục hành chính quý II năm 2024")
    paragraph(doc, "Kết quả giải quyết hồ sơ trong kỳ như sau:")
    ns = DRAWING_NS
    before, after = t("Tổng số hồ sơ đã giải quyết: 120 hồ sơ. "), t("Số hồ sơ quá hạn: 02 hồ sơ.")
    append_xml(doc, f"<w:p {ns}>{before}{textbox_run(TEXTBOX_SENTENCE)}{after}</w:p>")
    append_xml(doc, f"<w:p {ns}>{vml_only_run(VML_ONLY_SENTENCE)}</w:p>")
    paragraph(doc, "Trên đây là báo cáo của UBND xã Đức Phong./.")
    return docx_bytes(doc)


# --- 5, 6. legacy fonts --------------------------------------------------------------------------
_TCVN3_ENCODE = {u: code for code, u in legacy.TCVN3_TO_UNICODE.items()}


def _vni_encode_table() -> dict[str, str]:
    """Unicode letter → VNI codes, inverted from the module's letter and mark tables."""
    table = {u: code for code, u in legacy.VNI_LETTERS.items()}
    for (base, mark), composed in legacy.VNI_COMBINE.items():
        code = table.get(base, base) + (mark.upper() if base.isupper() else mark)
        table.setdefault(composed, code)
    return table


_VNI_ENCODE = _vni_encode_table()


def tcvn3_encode(text: str, upper_font: bool = False) -> str:
    """Unicode → TCVN3 codes; for an "H" font the lower-case codes, which it draws as capitals."""
    src = nfc(text).lower() if upper_font else nfc(text)
    out = []
    for ch in src:
        if ch in _TCVN3_ENCODE:
            out.append(_TCVN3_ENCODE[ch])
        elif ch.isascii() or not ch.isalpha():
            out.append(ch)
        else:
            raise ValueError(f"{ch!r} has no TCVN3 code in a .VnTime font; use the H font")
    result = "".join(out)
    expected = src.upper() if upper_font else src
    assert legacy.convert(result, "tcvn3_upper" if upper_font else "tcvn3")[0] == expected, text
    return result


def vni_encode(text: str) -> str:
    result = "".join(_VNI_ENCODE.get(ch, ch) for ch in nfc(text))
    assert legacy.convert(result, "vni")[0] == nfc(text), text
    return result


def legacy_run(font: str, text: str, bold: bool = False) -> str:
    """A run in a legacy font, as Word stores it: the codes as Latin-1 characters in w:t."""
    b = "<w:b/>" if bold else ""
    fonts = f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:cs="{font}"/>'
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<w:r><w:rPr>{fonts}{b}</w:rPr><w:t xml:space="preserve">{escaped}</w:t></w:r>'


def styled_run(text: str) -> str:
    """A run naming no font: it takes the paragraph style's, here the legacy one."""
    return f'<w:r><w:t xml:space="preserve">{text.replace("&", "&amp;").replace("<", "&lt;")}</w:t></w:r>'


def unicode_run(text: str, bold: bool = False) -> str:
    b = "<w:b/>" if bold else ""
    fonts = '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman"/>'
    return f'<w:r><w:rPr>{fonts}{b}</w:rPr><w:t xml:space="preserve">{xml_text(text)}</w:t></w:r>'


def centred(*runs: str) -> str:
    return f'<w:p {W}><w:pPr><w:jc w:val="center"/></w:pPr>{"".join(runs)}</w:p>'


def plain(*runs: str, style: str | None = None) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p {W}>{ppr}{''.join(runs)}</w:p>"


LEGACY_EXPECTED = [
    "UỶ BAN NHÂN DÂN XÃ ĐỨC PHONG",
    "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "BÁO CÁO",
    "Kết quả thực hiện công tác kiểm soát thủ tục hành chính quý II năm 2024",
    "Tổng số hồ sơ tiếp nhận: 125 hồ sơ",
    "Số hồ sơ đã giải quyết: 120 hồ sơ, trong đó đúng hạn 118 hồ sơ; đang giải quyết 5 hồ sơ.",
    "Việc tiếp nhận hồ sơ trực tuyến được thực hiện qua Cổng Dịch vụ công quốc gia.",
    "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98,3%.",
]


def legacy_paragraphs(lower_font: str, upper_font: str | None,
                      enc: Callable[[str], str], enc_upper: Callable[[str], str]) -> list[str]:
    """The same report in a legacy font: headings in the capitals font, body mixed with Unicode."""
    up = upper_font or lower_font
    return [
        centred(legacy_run(up, enc_upper("Uỷ ban nhân dân xã Đức Phong"), bold=True)),
        centred(legacy_run(up, enc_upper("Cộng hoà xã hội chủ nghĩa Việt Nam"), bold=True)),
        centred(legacy_run(lower_font, enc("Độc lập - Tự do - Hạnh phúc"), bold=True)),
        centred(legacy_run(up, enc_upper("Báo cáo"), bold=True)),
        centred(legacy_run(lower_font, enc(LEGACY_EXPECTED[4]), bold=True)),
        plain(legacy_run(lower_font, enc("Tổng số hồ sơ tiếp nhận: 125 hồ sơ"))),
        plain(unicode_run("Số hồ sơ đã giải quyết: "),
              legacy_run(lower_font, enc("120 hồ sơ, trong đó đúng hạn 118 hồ sơ")),
              unicode_run("; đang giải quyết 5 hồ sơ.")),
        plain(styled_run(enc("Việc tiếp nhận hồ sơ trực tuyến được thực hiện qua Cổng")),
              unicode_run(" Dịch vụ công quốc gia."), style="LegacyBody"),
        plain(unicode_run("Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98,3%.")),
    ]


def add_legacy_style(doc: DocxDocument, font: str) -> None:
    """A body style whose font is the legacy one: runs in it name no font of their own."""
    style = doc.styles.add_style("Legacy Body", WD_STYLE_TYPE.PARAGRAPH)
    style.element.set(qn("w:styleId"), "LegacyBody")
    style.base_style = doc.styles["Normal"]
    style.font.name = font
    style.element.rPr.rFonts.set(qn("w:cs"), font)


def make_legacy(lower_font: str, upper_font: str | None, enc: Callable[[str], str],
                enc_upper: Callable[[str], str]) -> bytes:
    doc = new_document()
    add_legacy_style(doc, lower_font)
    for xml in legacy_paragraphs(lower_font, upper_font, enc, enc_upper):
        append_xml(doc, xml)
    return docx_bytes(doc)


def make_tcvn3() -> bytes:
    return make_legacy(".VnTime", ".VnTimeH", tcvn3_encode, lambda s: tcvn3_encode(s, upper_font=True))


def make_vni() -> bytes:
    return make_legacy("VNI-Times", None, vni_encode, lambda s: vni_encode(s.upper()))


# --- 7. files that are not reports -----------------------------------------------------------------

def make_empty_body() -> bytes:
    doc = new_document()
    doc.add_paragraph()  # Word's blank document: one empty paragraph
    return docx_bytes(doc)


def make_corrupt() -> bytes:
    whole = make_header_table()
    return whole[: len(whole) * 3 // 5]


def make_not_a_report() -> bytes:
    return nfc("Danh sách cán bộ trực Bộ phận Một cửa tuần 25/2024\n"
               "Thứ Hai: Nguyễn Văn An\nThứ Ba: Trần Thị Bình\n").encode("utf-8")


def make_fake_pdf() -> bytes:
    return nfc('<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
               "<title>Lỗi 404 - Không tìm thấy trang</title></head>\n<body><h1>Không tìm thấy trang</h1>"
               "<p>Tệp đính kèm bạn yêu cầu không tồn tại hoặc đã bị xóa.</p></body></html>\n"
               ).encode("utf-8")


def make_legacy_doc() -> bytes:
    """An OLE2 compound-file header (what Word 97-2003 .doc starts with) followed by junk."""
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + b"\x3e\x00\x03\x00\xfe\xff\x09\x00\x06\x00"
              + bytes(6) + b"\x00\x00\x00\x00\x01\x00\x00\x00")
    header += b"\xff" * (512 - len(header))
    junk = bytes((i * 37 + 11) % 256 for i in range(1536))
    return header + junk


def make_spreadsheet() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Bieu 06"
    ws.append([nfc("STT"), nfc("Lĩnh vực"), nfc("Tổng số"), nfc("Đã giải quyết"), nfc("Đang giải quyết")])
    for no, name, values in B06_ROWS:
        ws.append([int(no), nfc(name), values[0], values[4], values[8]])
    wb.properties.creator = AUTHOR
    wb.properties.created = wb.properties.modified = STAMP
    buf = io.BytesIO()
    wb.save(buf)
    core = (  # openpyxl stamps "modified" with the clock on save
        '<cp:coreProperties '
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        f'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>{AUTHOR}</dc:creator>'
        '<dcterms:created xsi:type="dcterms:W3CDTF">2024-06-17T08:00:00Z</dcterms:created>'
        '<dcterms:modified xsi:type="dcterms:W3CDTF">2024-06-17T08:00:00Z</dcterms:modified>'
        "</cp:coreProperties>")
    return freeze_zip(buf.getvalue(), {"docProps/core.xml": core.encode("utf-8")})


BOMB_BYTES = 420 * 1024 * 1024  # over the reader's 400 MiB limit on what a DOCX may unpack to
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types '
    'xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
    'ContentType="application/xml"/><Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
    'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>')


def make_zip_bomb(path: Path, size: int = BOMB_BYTES) -> None:
    """A valid-looking DOCX whose document.xml is ``size`` bytes of spaces: ~1000:1 compression.

    Written in chunks straight to the file, so making it never holds the expanded text in memory.
    """
    head = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {W}><w:body><w:p><w:r><w:t>'
    tail = "</w:t></w:r></w:p></w:body></w:document>"
    chunk = b" " * (1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, text in (("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", _RELS)):
            zf.writestr(zipfile.ZipInfo(name, date_time=ZIP_TIME), text, zipfile.ZIP_DEFLATED)
        info = zipfile.ZipInfo("word/document.xml", date_time=ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w") as out:
            out.write(head.encode())
            written = 0
            while written < size:
                piece = chunk[: min(len(chunk), size - written)]
                out.write(piece)
                written += len(piece)
            out.write(tail.encode())


# --- driver ------------------------------------------------------------------------------------
FIXTURES: dict[str, Callable[[], bytes]] = {
    "docx-autonum-restart.docx": make_autonum_restart,
    "docx-header-table.docx": make_header_table,
    "docx-tracked-changes.docx": make_tracked_changes,
    "docx-textbox.docx": make_textbox,
    "docx-tcvn3.docx": make_tcvn3,
    "docx-vni.docx": make_vni,
    "corrupt.docx": make_corrupt,
    "empty.docx": lambda: b"",
    "empty-body.docx": make_empty_body,
    "not-a-report.docx": make_not_a_report,
    "fake.pdf": make_fake_pdf,
    "legacy.doc": make_legacy_doc,
    "spreadsheet.docx": make_spreadsheet,
}


def generate(out_dir: Path) -> Iterator[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, make in FIXTURES.items():
        path = out_dir / name
        path.write_bytes(make())
        yield path
    bomb = out_dir / "zip-bomb.docx"
    make_zip_bomb(bomb)
    yield bomb


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out_dir = Path(args[0]) if args else OUT_DIR
    for path in generate(out_dir):
        print(f"{path.stat().st_size:>9}  {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
