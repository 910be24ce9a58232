"""Make the PDF fixtures in ``corpus/edge/`` that the devset does not cover.

Run by hand when the fixtures must change (``python tests/make_pdf_fixtures.py``); the outputs are
committed, so the tests never run this. It needs LibreOffice (``soffice``) on PATH, python-docx and
Pillow; pypdfium2 makes the rest.

* ``pdf-running-headers.pdf``: a report laid out like a Nghị định 30 document: A4, justified,
  first-line indents and no space between paragraphs, the page number centred at the top of pages
  2+, a running footer, letterhead and signature in borderless tables, a ruled table with merged
  header cells. Its text is ``REPORT`` below; the tests read it from here.
* ``pdf-encrypted.pdf``: the same report with a password to open it.
* ``pdf-scanned.pdf``: page 1 of that report as a picture only, like a scan.
* ``pdf-mixed-scan.pdf``: page 1 as text followed by the scanned picture of page 1.
* ``pdf-word-objects.pdf``: the report's paragraphs written by another kind of producer: one text
  object per word and no space glyphs, ragged right, first-line indents, a running header on every
  page and "Trang N/M" at the bottom. ``WORD_REPORT`` is its text.
* ``pdf-no-pages.pdf``, ``pdf-blank.pdf`` (one page, nothing on it), ``pdf-corrupt.pdf``.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

FONTS = Path("/usr/share/fonts/truetype/liberation2")

EDGE = Path(__file__).resolve().parent.parent / "corpus" / "edge"
PASSWORD = "matkhau"
FOOTER = "Báo cáo kiểm soát thủ tục hành chính quý II năm 2024 - UBND xã Thử Nghiệm"

LETTERHEAD = (
    ["UBND XÃ THỬ NGHIỆM", "Số: 27/BC-UBND"],
    ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
     "Thử Nghiệm, ngày 18 tháng 6 năm 2024"],
)
SIGNATURE = (
    ["Nơi nhận:", "- UBND huyện (b/c);", "- Lưu: VT."],
    ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "", "Nguyễn Văn An"],
)
TABLE = [
    ["STT", "Lĩnh vực", "Số hồ sơ tiếp nhận", "", "", "Ghi chú"],
    ["", "", "Tổng số", "Trực tuyến", "Trực tiếp", ""],
    ["1", "Hộ tịch", "215", "180", "35", ""],
    ["2", "Chứng thực", "402", "12", "390", "Bản sao"],
    ["3", "Đất đai", "64", "40", "24", ""],
    ["", "Tổng cộng", "681", "232", "449", ""],
]
# A long table whose two header rows Word repeats at the top of the next page.
LONG_TABLE = [["STT", "Thôn", "Hồ sơ tiếp nhận", "Đã giải quyết"], ["(1)", "(2)", "(3)", "(4)"]] + [
    [str(k), f"Thôn {k}", str(40 + 3 * k), str(38 + 3 * k)] for k in range(1, 46)]
_SENTENCES = [
    "Ủy ban nhân dân xã đã chỉ đạo Bộ phận Một cửa tiếp nhận, giải quyết hồ sơ đúng quy trình, công khai "
    "đầy đủ thủ tục hành chính tại trụ sở và trên Trang thông tin điện tử của xã.",
    "Công chức tiếp nhận hướng dẫn tận tình để tổ chức, cá nhân nộp hồ sơ trực tuyến trên Cổng Dịch vụ công "
    "quốc gia, đồng thời số hóa thành phần hồ sơ ngay khi tiếp nhận.",
    "Những hồ sơ liên thông với cấp huyện được theo dõi trên Hệ thống thông tin giải quyết thủ tục "
    "hành chính "
    "của tỉnh để kịp thời đôn đốc, tránh trễ hẹn.",
]
# (style, text): "title" centred bold, "heading" bold, "body" justified with a first-line indent,
# "table" and "signature" stand for the tables above.
REPORT: list[tuple[str, str]] = [
    ("title", "BÁO CÁO"),
    ("title", "Kết quả kiểm soát thủ tục hành chính quý II năm 2024"),
    ("body", "Thực hiện Kế hoạch số 15/KH-UBND ngày 05/02/2024 của UBND huyện, UBND xã Thử Nghiệm báo cáo "
             "kết quả quý II năm 2024 (số liệu từ ngày 15/3/2024 đến ngày 14/6/2024) như sau:"),
    ("heading", "I. KẾT QUẢ THỰC HIỆN"),
    ("heading", "1. Công tác chỉ đạo, điều hành"),
    ("body", " ".join(_SENTENCES) + " " + _SENTENCES[0]),
    ("body", "Trong kỳ, xã tiếp nhận 681 hồ sơ, trong đó 232 hồ sơ trực tuyến và 449 hồ sơ trực tiếp; "
             "đã giải "
             "quyết 668 hồ sơ, trước hạn và đúng hạn 665 hồ sơ, quá hạn 03 hồ sơ; đang giải quyết 13 hồ sơ."),
    ("heading", "2. Kết quả giải quyết hồ sơ theo lĩnh vực"),
    ("body", "Số hồ sơ tiếp nhận theo từng lĩnh vực như sau:"),
    ("table", ""),
    ("body", " ".join(_SENTENCES[1:] + _SENTENCES + _SENTENCES[:2])),
    ("bullet", "- Tỷ lệ hồ sơ trực tuyến đạt 34,07%, thấp hơn chỉ tiêu được giao;"),
    ("bullet", "- Tỷ lệ số hóa kết quả giải quyết đạt 97,5%."),
    ("heading", "II. KHÓ KHĂN, VƯỚNG MẮC"),
    ("body", " ".join(_SENTENCES * 3)),
    ("body", "Đường truyền Internet tại Bộ phận Một cửa chưa ổn định, nhiều thời điểm không truy cập được "
             "Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh, ảnh hưởng đến tiến độ tiếp nhận "
             "hồ sơ "
             "và trả kết quả cho tổ chức, cá nhân trên địa bàn xã trong kỳ báo cáo."),
    ("heading", "III. NHIỆM VỤ TRỌNG TÂM QUÝ III NĂM 2024"),
    ("bullet", "- Tiếp tục niêm yết, công khai đầy đủ, kịp thời các thủ tục hành chính mới được công bố; "
               "rà soát, "
               "cập nhật quy trình nội bộ giải quyết thủ tục hành chính trên Hệ thống của tỉnh;"),
    ("bullet", "- Đẩy mạnh hướng dẫn người dân nộp hồ sơ trực tuyến, thanh toán phí, lệ phí trực tuyến, "
               "phấn đấu tỷ "
               "lệ hồ sơ trực tuyến đạt trên 50% trong quý III năm 2024;"),
    ("bullet", "- Thực hiện nghiêm việc xin lỗi tổ chức, cá nhân khi để xảy ra trễ hẹn."),
    ("body", " ".join(_SENTENCES[2:] + _SENTENCES * 2)),
    ("body", "Kết quả tiếp nhận, giải quyết hồ sơ của từng thôn như sau:"),
    ("long-table", ""),
    ("heading", "IV. ĐỀ XUẤT, KIẾN NGHỊ"),
    ("body", "Đề nghị UBND huyện hỗ trợ nâng cấp đường truyền và trang bị thêm 01 máy quét tài liệu cho Bộ "
             "phận Một cửa xã./."),
    ("signature", ""),
]


WORD_REPORT = [(style, text) for style, text in REPORT if style not in ("table", "long-table", "signature")]
RUNNING_HEADER = ("UBND XÃ THỬ NGHIỆM", "Báo cáo quý II năm 2024")


def main() -> int:
    """Write every fixture; the report PDF first, since the others are made from it."""
    EDGE.mkdir(parents=True, exist_ok=True)
    if shutil.which("soffice") is None:
        print("soffice (LibreOffice) is needed to make the fixtures", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        docx = Path(tmp) / "pdf-running-headers.docx"
        build_report_docx(docx)
        convert(docx, EDGE, "pdf")
        encrypted_filter = ('pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
                            f'"DocumentOpenPassword":{{"type":"string","value":"{PASSWORD}"}}}}')
        locked = Path(tmp) / "pdf-encrypted.docx"
        shutil.copy(docx, locked)
        convert(locked, EDGE, encrypted_filter)
    report = (EDGE / "pdf-running-headers.pdf").read_bytes()
    (EDGE / "pdf-scanned.pdf").write_bytes(scanned_copy(report))
    (EDGE / "pdf-mixed-scan.pdf").write_bytes(mixed_copy(report, (EDGE / "pdf-scanned.pdf").read_bytes()))
    (EDGE / "pdf-word-objects.pdf").write_bytes(WordObjectWriter().write(WORD_REPORT))
    (EDGE / "pdf-no-pages.pdf").write_bytes(empty_pdf(pages=0))
    (EDGE / "pdf-blank.pdf").write_bytes(empty_pdf(pages=1))
    (EDGE / "pdf-corrupt.pdf").write_bytes(report[:1200] + bytes(range(256)) * 8)
    return 0


def convert(docx: Path, outdir: Path, target: str) -> None:
    subprocess.run(["soffice", "--headless", "--convert-to", target, "--outdir", str(outdir), str(docx)],
                   check=True, capture_output=True, timeout=300)


def build_report_docx(path: Path) -> None:
    from docx import Document
    from docx.enum.section import WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    section = doc.sections[0]
    assert section.start_type == WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.different_first_page_header_footer = True
    _page_number(section.header.paragraphs[0])
    for footer in (section.footer, section.first_page_footer):
        run = footer.paragraphs[0].add_run(FOOTER)
        run.italic, run.font.size = True, Pt(11)
        footer.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _side_by_side(doc, LETTERHEAD, bold_first=True)
    for style, text in REPORT:
        if style == "table":
            _ruled_table(doc)
        elif style == "long-table":
            _long_table(doc)
        elif style == "signature":
            _side_by_side(doc, SIGNATURE, bold_first=False)
        else:
            paragraph = doc.add_paragraph()
            run = paragraph.add_run(text)
            run.bold = style in ("title", "heading")
            if style == "title":
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            else:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
                paragraph.paragraph_format.first_line_indent = Cm(1)
    doc.save(str(path))


def _page_number(paragraph: Any) -> None:
    """A centred PAGE field, the way Vietnamese documents number pages 2 onwards."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, None), ("end", None)):
        run = paragraph.add_run("2" if kind is None and text is None else "")
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)


def _side_by_side(doc: Any, columns: tuple[list[str], list[str]], bold_first: bool) -> None:
    """A borderless two-column table, the usual letterhead and signature layout."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    table = doc.add_table(rows=1, cols=2)
    widths = (Cm(6.5), Cm(9.5))
    for cell, lines, width in zip(table.rows[0].cells, columns, widths, strict=True):
        cell.width = width
        for k, line in enumerate(lines):
            paragraph = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(line)
            run.bold = bold_first and k == 0 or columns[1] is lines and k < 2
    if not bold_first:
        for paragraph in table.rows[0].cells[0].paragraphs:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT


def _ruled_table(doc: Any) -> None:
    """The dossier table with a two-row header: STT, Lĩnh vực, Ghi chú span both rows."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    table = doc.add_table(rows=len(TABLE), cols=len(TABLE[0]))
    table.style = "Table Grid"
    for r, values in enumerate(TABLE):
        for c, value in enumerate(values):
            if value:
                cell = table.cell(r, c)
                cell.text = value
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
                cell.paragraphs[0].runs[0].bold = r < 2
    table.cell(0, 2).merge(table.cell(0, 4))
    for c in (0, 1, 5):
        table.cell(0, c).merge(table.cell(1, c))


def _long_table(doc: Any) -> None:
    """A ruled table long enough to cross a page break, its header rows marked to repeat."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    table = doc.add_table(rows=len(LONG_TABLE), cols=len(LONG_TABLE[0]))
    table.style = "Table Grid"
    for r, values in enumerate(LONG_TABLE):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    for row in table.rows[:2]:
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(repeat)


def scanned_copy(report: bytes) -> bytes:
    """Page 1 rendered to a grey picture and saved as an image-only PDF."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(report)
    image = pdf[0].render(scale=100 / 72, grayscale=True).to_pil()
    out = io.BytesIO()
    image.save(out, format="PDF", resolution=100.0)
    return out.getvalue()


def mixed_copy(report: bytes, scanned: bytes) -> bytes:
    """Page 1 with its text layer, then the scanned picture of it."""
    import pypdfium2 as pdfium

    out_pdf = pdfium.PdfDocument.new()
    out_pdf.import_pages(pdfium.PdfDocument(report), [0])
    out_pdf.import_pages(pdfium.PdfDocument(scanned), [0])
    out = io.BytesIO()
    out_pdf.save(out)
    return out.getvalue()


class WordObjectWriter:
    """Lays text out the way some PDF producers do: each word a text object of its own, no spaces.

    A4 with the Nghị định 30 margins, Liberation Serif 13 pt, single spacing, first-line indents,
    ragged right, paragraphs allowed to run on to the next page; bold is the regular face drawn with
    fill and stroke, so the file embeds one font.
    """

    LEFT, RIGHT, TOP, BOTTOM, SIZE, PITCH, INDENT = 85.0, 538.0, 780.0, 72.0, 13.0, 15.6, 28.0

    def __init__(self) -> None:
        import pypdfium2 as pdfium

        self.pdf = pdfium.PdfDocument.new()
        self._font_buffers: list[Any] = []  # pdfium reads the font from this memory until saved
        self.font = self._load_font((FONTS / "LiberationSerif-Regular.ttf").read_bytes())
        self.pages: list[Any] = []
        self.y = self.TOP

    def _load_font(self, data: bytes) -> Any:
        import ctypes

        import pypdfium2.raw as pdfium_c

        buffer = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
        self._font_buffers.append(buffer)
        return pdfium_c.FPDFText_LoadFont(self.pdf.raw, buffer, len(data), pdfium_c.FPDF_FONT_TRUETYPE, 1)

    def write(self, report: list[tuple[str, str]]) -> bytes:
        self._new_page()
        for style, text in report:
            bold = style in ("title", "heading")
            if style == "title":
                self._centred(text, bold)
            else:
                self._paragraph(text, bold, indent=self.INDENT)
        total = len(self.pages)
        for number, page in enumerate(self.pages, 1):
            self._margins(page, number, total)
            page.gen_content()
        out = io.BytesIO()
        self.pdf.save(out)
        return out.getvalue()

    def _new_page(self) -> None:
        self.pages.append(self.pdf.new_page(595, 842))
        self.y = self.TOP

    def _text_object(self, text: str, x: float, y: float, bold: bool, size: float) -> tuple[Any, float]:
        """A positioned text object for one word, and the right edge of its ink."""
        import ctypes

        import pypdfium2.raw as pdfium_c

        obj = pdfium_c.FPDFPageObj_CreateTextObj(self.pdf.raw, self.font, size)
        if bold:  # drawn and outlined, as producers without a bold face do
            pdfium_c.FPDFTextObj_SetTextRenderMode(obj, pdfium_c.FPDF_TEXTRENDERMODE_FILL_STROKE)
        encoded = (text + "\0").encode("utf-16-le")
        pdfium_c.FPDFText_SetText(obj, (ctypes.c_ushort * (len(encoded) // 2)).from_buffer_copy(encoded))
        pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, y)
        box = [ctypes.c_float() for _ in range(4)]
        pdfium_c.FPDFPageObj_GetBounds(obj, *(ctypes.byref(v) for v in box))
        return obj, float(box[2].value)

    def _word(self, page: Any, text: str, x: float, y: float, bold: bool = False,
              size: float = SIZE) -> float:
        """Place one word on the page; return its right edge."""
        import pypdfium2.raw as pdfium_c

        obj, right = self._text_object(text, x, y, bold, size)
        pdfium_c.FPDFPage_InsertObject(page.raw, obj)
        return right

    def _width(self, text: str, bold: bool, size: float = SIZE) -> float:
        import pypdfium2.raw as pdfium_c

        obj, right = self._text_object(text, 0.0, 0.0, bold, size)
        pdfium_c.FPDFPageObj_Destroy(obj)
        return right

    def _lines(self, words: list[str], bold: bool, first_width: float, width: float) -> list[list[str]]:
        space = 0.25 * self.SIZE
        lines: list[list[str]] = [[]]
        used = 0.0
        for word in words:
            w = self._width(word, bold)
            room = first_width if len(lines) == 1 else width
            if lines[-1] and used + space + w > room:
                lines.append([])
                used = 0.0
            used += (space if lines[-1] else 0.0) + w
            lines[-1].append(word)
        return lines

    def _paragraph(self, text: str, bold: bool, indent: float) -> None:
        width = self.RIGHT - self.LEFT
        for k, line in enumerate(self._lines(text.split(), bold, width - indent, width)):
            if self.y < self.BOTTOM:
                self._new_page()
            x = self.LEFT + (indent if k == 0 else 0.0)
            for word in line:
                x = self._word(self.pages[-1], word, x, self.y, bold) + 0.25 * self.SIZE
            self.y -= self.PITCH

    def _centred(self, text: str, bold: bool) -> None:
        space = 0.25 * self.SIZE
        width = sum(self._width(w, bold) for w in text.split()) + space * (len(text.split()) - 1)
        x = (self.LEFT + self.RIGHT - width) / 2
        for word in text.split():
            x = self._word(self.pages[-1], word, x, self.y, bold) + space
        self.y -= self.PITCH

    def _margins(self, page: Any, number: int, total: int) -> None:
        """The running header on every page, and "Trang N/M" centred at the bottom."""
        left, right = RUNNING_HEADER
        x = self.LEFT
        for word in left.split():
            x = self._word(page, word, x, 806.0, size=10.0) + 2.5
        x = self.RIGHT - sum(self._width(w, False, 10.0) + 2.5 for w in right.split()) + 2.5
        for word in right.split():
            x = self._word(page, word, x, 806.0, size=10.0) + 2.5
        label = f"Trang {number}/{total}"
        x = (self.LEFT + self.RIGHT) / 2 - 25
        for word in label.split():
            x = self._word(page, word, x, 40.0, size=10.0) + 2.5


def empty_pdf(pages: int) -> bytes:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    for _ in range(pages):
        pdf.new_page(595, 842)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


if __name__ == "__main__":
    raise SystemExit(main())
