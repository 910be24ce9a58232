"""Files → ``Document``: tell what a file is by its content, refuse what cannot be read, dispatch.

Every refusal is an ``InputError`` whose message is one line a clerk can act on.
"""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from pathlib import Path

from report_miner.errors import InputError
from report_miner.models import Document

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 5000
MAX_ZIP_UNCOMPRESSED = 400 * 1024 * 1024
MAX_ZIP_RATIO = 200


def sniff_format(data: bytes) -> str:
    """What the bytes are: "pdf", "docx", "zip", "ole", "rtf", "html", "text" or "unknown".

    >>> sniff_format(b"%PDF-1.7 ...")
    'pdf'
    >>> sniff_format(b"{\\\\rtf1 ...")
    'rtf'
    """
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    low = head.lstrip().lower()
    if low.startswith(b"<!doctype html") or low.startswith(b"<html"):
        return "html"
    try:
        head.decode("utf-8")
        return "text"
    except UnicodeDecodeError:
        return "unknown"


def _check_zip(path: str, data: bytes) -> zipfile.ZipFile:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(path, "tệp DOCX bị hỏng, không mở được (corrupt zip)", "corrupt") from exc
    if len(infos) > MAX_ZIP_ENTRIES:
        raise InputError(path, f"tệp nén có quá nhiều thành phần ({len(infos)}) (zip too large)", "too_large")
    total = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if total > MAX_ZIP_UNCOMPRESSED or (total > 20 * 1024 * 1024 and total / packed > MAX_ZIP_RATIO):
        raise InputError(path, "tệp giải nén ra quá lớn, có thể là tệp độc hại (zip bomb)", "too_large")
    names = {i.filename for i in infos}
    if "word/document.xml" not in names and _is_odt(zf, names):
        raise _NeedsConversion("odt")
    if "word/document.xml" not in names:
        kind = ("bảng tính Excel" if "xl/workbook.xml" in names else
                "bản trình chiếu PowerPoint" if "ppt/presentation.xml" in names else
                "tài liệu OpenDocument (.odt)" if "content.xml" in names else "tệp nén ZIP")
        raise InputError(path, f"đây là {kind}, không phải báo cáo DOCX hay PDF (unsupported)", "unsupported")
    return zf


class _NeedsConversion(Exception):
    """A word-processor file in an older or other format that LibreOffice can turn into DOCX."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def _is_odt(zf: zipfile.ZipFile, names: set[str]) -> bool:
    if "mimetype" not in names or "content.xml" not in names:
        return False
    return zf.read("mimetype").strip() == b"application/vnd.oasis.opendocument.text"


def _encrypted_ole(data: bytes) -> bool:
    """A password-protected DOCX is stored in an OLE container holding an "EncryptedPackage"."""
    head = data[:1 << 20]
    return "EncryptedPackage".encode("utf-16-le") in head or b"E\x00n\x00c\x00r\x00y\x00p\x00t" in head


def _converted(name: str, data: bytes, kind: str, sha: str) -> Document:
    """A .doc/.rtf/.odt report read through the DOCX it converts to; the record says so in source.repairs."""
    from report_miner.ingest.convert import KINDS, convert_to_docx
    from report_miner.ingest.docx_reader import docx_to_document

    docx = convert_to_docx(name, data, kind)
    doc = docx_to_document(name, _check_zip(name, docx), sha)
    label = KINDS[kind][0]
    doc.repairs.append(f"chuyển từ tệp {label} sang DOCX bằng LibreOffice (converted from {KINDS[kind][1]})")
    return doc


def read_document(path: str | os.PathLike[str]) -> Document:
    """Read a DOCX or PDF report. Raises ``InputError`` with a one-line reason otherwise."""
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise InputError(name, "không tìm thấy tệp (file not found)", "missing")
    if p.is_dir():
        raise InputError(name, "đây là thư mục, không phải tệp (is a directory)", "unsupported")
    try:
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(name, f"tệp quá lớn ({size // (1024 * 1024)} MB) (too large)", "too_large")
        data = p.read_bytes()
    except PermissionError as exc:
        raise InputError(name, "không có quyền đọc tệp (permission denied)", "unreadable") from exc
    except OSError as exc:
        raise InputError(name, f"không đọc được tệp ({exc.strerror or exc})", "unreadable") from exc
    if not data.strip():
        raise InputError(name, "tệp rỗng, không có nội dung (empty file)", "empty")
    sha = hashlib.sha256(data).hexdigest()
    kind = sniff_format(data)
    if kind == "pdf":
        from report_miner.ingest.pdf_reader import pdf_to_document

        doc = pdf_to_document(name, data, sha)
    elif kind == "zip":
        from report_miner.ingest.docx_reader import docx_to_document

        try:
            doc = docx_to_document(name, _check_zip(name, data), sha)
        except _NeedsConversion as odt:
            doc = _converted(name, data, odt.kind, sha)
    elif kind == "ole" and _encrypted_ole(data):
        raise InputError(name, "tệp Word được đặt mật khẩu, hãy gỡ mật khẩu rồi gửi lại (encrypted)", "encrypted")
    elif kind in ("ole", "rtf"):
        doc = _converted(name, data, kind, sha)
    elif kind == "html":
        raise InputError(name, "tệp HTML, không phải báo cáo DOCX hay PDF (unsupported)", "unsupported")
    else:
        raise InputError(name, "không phải tệp DOCX hay PDF (unsupported format)", "unsupported")
    if not any(b.text.strip() for b in doc.blocks if b.part == "body"):
        raise InputError(name, "tài liệu không có nội dung văn bản (empty document)", "empty")
    return doc
