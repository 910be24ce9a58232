"""Word 97-2003, RTF and OpenDocument reports, read through LibreOffice when it is installed.

corpus/edge/son-nham-q2-2024.{doc,rtf,odt} are the seed report saved in those formats by LibreOffice.
With LibreOffice the record is the seed's record (same sections, figures and failed checks) and says
how it was read; without it, the clerk gets one line saying what to install or how to resave.
"""

from __future__ import annotations

import pytest

from report_miner import InputError, parse_file
from report_miner.ingest.convert import soffice

from paths import EDGE, SEED_DOCX

FORMATS = ["doc", "rtf", "odt"]
needs_libreoffice = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")


@pytest.fixture(scope="module")
def seed():
    return parse_file(SEED_DOCX)


@needs_libreoffice
@pytest.mark.parametrize("ext", FORMATS)
def test_converted_report_reads_like_the_docx(ext, seed):
    record = parse_file(EDGE / f"son-nham-q2-2024.{ext}")
    assert [(f.indicator, f.value, f.section) for f in record.figures] == \
        [(f.indicator, f.value, f.section) for f in seed.figures]
    assert [s.id for s in record.sections] == [s.id for s in seed.sections]
    assert record.report.issuer == seed.report.issuer and record.report.period == seed.report.period
    assert sorted(c.id for c in record.checks if c.status == "fail") == \
        sorted(c.id for c in seed.checks if c.status == "fail")
    assert any("LibreOffice" in r and f".{ext}" in r for r in record.source.repairs)


@pytest.mark.parametrize("ext,label", [("doc", "Word 97-2003 (.doc)"), ("rtf", "RTF"), ("odt", "OpenDocument")])
def test_without_libreoffice_the_reason_says_what_to_do(ext, label, monkeypatch):
    monkeypatch.setenv("REPORT_MINER_SOFFICE", "")
    with pytest.raises(InputError) as err:
        parse_file(EDGE / f"son-nham-q2-2024.{ext}")
    assert label in err.value.reason and "chưa cài LibreOffice" in err.value.reason
    assert err.value.code == "missing_tool"  # not the file's fault: a later batch tries again


@needs_libreoffice
def test_a_doc_that_libreoffice_cannot_convert_is_refused():
    # an OLE2 header followed by junk: LibreOffice gives up and the reason says so
    with pytest.raises(InputError) as err:
        parse_file(EDGE / "legacy.doc")
    assert ".doc" in err.value.reason and "không chuyển được" in err.value.reason
