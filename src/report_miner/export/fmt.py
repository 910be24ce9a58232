"""Numbers and dates the Vietnamese way ("1.367", "99,52%"), and reproducible Office files."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

from report_miner.indicators import Number

_CORE_DATE = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def vn_number(value: Number | None, decimals: int | None = None) -> str:
    """A number with "." for thousands and "," for decimals.

    >>> vn_number(1367), vn_number(99.5), vn_number(None), vn_number(-12)
    ('1.367', '99,5', '', '-12')
    """
    if value is None:
        return ""
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 2
    text = f"{abs(value):,.{decimals}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    if decimals and "," in text:
        text = text.rstrip("0").rstrip(",")
    return ("-" if value < 0 else "") + text


def vn_percent(value: Number | None) -> str:
    """A rate with its per cent sign.

    >>> vn_percent(99.52), vn_percent(100.0), vn_percent(None)
    ('99,52%', '100%', '')
    """
    return "" if value is None else vn_number(round(value, 2), 2) + "%"


def vn_change(value: Number | None, unit: str = "") -> str:
    """A signed difference.

    >>> vn_change(12), vn_change(-0.5, " điểm %"), vn_change(0)
    ('+12', '-0,5 điểm %', '0')
    """
    if value is None:
        return ""
    sign = "+" if value > 0 else ""
    return f"{sign}{vn_number(value)}{unit}"


def reproducible_zip(data: bytes, stamp: date) -> bytes:
    """The same Office file with fixed zip timestamps and document dates, so equal inputs give equal bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    iso = f"{stamp.isoformat()}T00:00:00Z".encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _CORE_DATE.sub(lambda m: m.group(1) + iso + m.group(2), body)
            fixed = zipfile.ZipInfo(info.filename, date_time=(max(stamp.year, 1980), stamp.month, stamp.day, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, body)
    return out.getvalue()
