"""Old office formats (.doc, .rtf, .odt) → DOCX through LibreOffice, when it is installed.

LibreOffice is an optional system tool: ``soffice --headless --convert-to docx`` runs in a private,
throw-away profile (so it neither needs nor touches the user's settings and can run beside an open
LibreOffice) with a time limit. Without it, the file is refused with a reason that says what to do.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from report_miner.errors import InputError

TIMEOUT_S = 120
KINDS = {"ole": ("Word 97-2003 (.doc)", ".doc"), "rtf": ("RTF", ".rtf"), "odt": ("OpenDocument (.odt)", ".odt")}


def soffice() -> str | None:
    """The LibreOffice program, if installed (``REPORT_MINER_SOFFICE`` overrides; "" turns it off)."""
    override = os.environ.get("REPORT_MINER_SOFFICE")
    if override is not None:
        return override or None
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(path: str, data: bytes, kind: str) -> bytes:
    """The DOCX LibreOffice makes of ``data``; ``InputError`` when it is absent or fails.

    The code "missing_tool" is not a property of the file: a batch does not cache it, so the file is read
    again once LibreOffice is installed.
    """
    label, suffix = KINDS[kind]
    program = soffice()
    if program is None:
        raise InputError(path, f"tệp {label}: máy chưa cài LibreOffice để chuyển sang .docx, hãy lưu lại dưới dạng "
                               f".docx hoặc .pdf rồi gửi lại (LibreOffice not installed)", "missing_tool")
    with tempfile.TemporaryDirectory(prefix="rm-convert-") as tmp:
        src = Path(tmp) / f"report{suffix}"
        src.write_bytes(data)
        profile = Path(tmp) / "profile"
        cmd = [program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", "docx", "--outdir", tmp, str(src)]
        try:
            subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_S, check=False)
        except (OSError, subprocess.SubprocessError) as exc:
            raise InputError(path, f"tệp {label}: LibreOffice không chuyển được sang .docx "
                                   f"(conversion failed: {type(exc).__name__})", "unsupported") from exc
        out = Path(tmp) / "report.docx"
        if not out.is_file() or out.stat().st_size == 0:
            raise InputError(path, f"tệp {label}: LibreOffice không chuyển được sang .docx, có thể tệp bị hỏng "
                                   f"(conversion failed)", "corrupt")
        return out.read_bytes()
