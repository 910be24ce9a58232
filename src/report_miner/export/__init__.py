"""Summary → the files a clerk works with: summary.json, summary.xlsx, summary.html, district-report.docx.

Every renderer takes the ``Summary`` and returns bytes or text; nothing here reads reports or the
history database, so ``report-miner summary`` can rebuild all of them from records alone.
"""

from __future__ import annotations

import json

from report_miner.models import Summary


def summary_json(summary: Summary, records_sha256: str) -> str:
    doc = {"records_sha256": records_sha256, **summary.model_dump(mode="json")}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def render_all(summary: Summary, records_sha256: str) -> dict[str, str | bytes]:
    """Every output but records.jsonl and manifest.json, keyed by file name."""
    from report_miner.export.docx_report import district_report_docx
    from report_miner.export.html import summary_html
    from report_miner.export.xlsx import summary_xlsx

    return {
        "summary.json": summary_json(summary, records_sha256),
        "summary.xlsx": summary_xlsx(summary),
        "summary.html": summary_html(summary),
        "district-report.docx": district_report_docx(summary),
    }
