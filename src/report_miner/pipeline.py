"""The one place that chains the stages for a single file: read → segment → extract → check."""

from __future__ import annotations

import os

from report_miner.errors import InputError
from report_miner.ingest import read_document
from report_miner.models import Document, ReportRecord, Source
from report_miner.segment import Layout, blocks_to_sections


def _read(path: str | os.PathLike[str]) -> Document:
    try:
        return read_document(path)
    except InputError:
        raise
    except MemoryError as exc:
        raise InputError(str(path), "tệp quá lớn để đọc (out of memory)", "too_large") from exc
    except Exception as exc:  # a file that trips a reader bug still gets one clear line
        raise InputError(str(path), f"không đọc được nội dung tệp ({type(exc).__name__}: {exc})",
                         "internal") from exc


def document_to_record(doc: Document, layout: Layout | None = None) -> ReportRecord:
    """Everything after reading: sections, figures, report identity, checks."""
    from report_miner.checks import run_checks
    from report_miner.extract import extract

    layout = layout or blocks_to_sections(doc.blocks)
    source = Source(path=doc.path, sha256=doc.sha256, format=doc.format, pages=doc.pages, repairs=doc.repairs)
    info, figures = extract(doc, layout)
    record = ReportRecord(source=source, report=info, sections=layout.sections, figures=figures,
                          warnings=doc.warnings)
    return record.model_copy(update={"checks": run_checks(record, doc)})


def parse_file(path: str | os.PathLike[str]) -> ReportRecord:
    """Read one report and return its record. Raises ``InputError`` for unreadable files."""
    return document_to_record(_read(path))
