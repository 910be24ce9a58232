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
    if "word/document.xml" not in names:
        kind = ("bảng tính Excel" if "xl/workbook.xml" in names else
                "bản trình chiếu PowerPoint" if "ppt/presentation.xml" in names else
                "tài liệu OpenDocument (.odt)" if "content.xml" in names else "tệp nén ZIP")
        raise InputError(path, f"đây là {kind}, không phải báo cáo DOCX hay PDF (unsupported)", "unsupported")
    return zf


def _ole_reason(data: bytes) -> str:
    if "EncryptedPackage".encode("utf-16-le") in data[:1 << 20] or b"E\x00n\x00c\x00r\x00y\x00p\x00t" in data[:1 << 20]:
        return "tệp Word được đặt mật khẩu, hãy gỡ mật khẩu rồi gửi lại (encrypted)"
    return "tệp Word 97-2003 (.doc) chưa được hỗ trợ, hãy lưu lại dưới dạng .docx hoặc .pdf (legacy .doc)"


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

        doc = docx_to_document(name, _check_zip(name, data), sha)
    elif kind == "ole":
        raise InputError(name, _ole_reason(data), "unsupported")
    elif kind == "rtf":
        raise InputError(name, "tệp RTF chưa được hỗ trợ, hãy lưu lại dưới dạng .docx (unsupported)", "unsupported")
    elif kind == "html":
        raise InputError(name, "tệp HTML, không phải báo cáo DOCX hay PDF (unsupported)", "unsupported")
    else:
        raise InputError(name, "không phải tệp DOCX hay PDF (unsupported format)", "unsupported")
    if not any(b.text.strip() for b in doc.blocks if b.part == "body"):
        raise InputError(name, "tài liệu không có nội dung văn bản (empty document)", "empty")
    return doc
