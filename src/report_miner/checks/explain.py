"""A readable table of a record's findings, for the clerk at the terminal (``check``, ``--explain``)."""

from __future__ import annotations

import textwrap

from report_miner.checks.common import issuer_name
from report_miner.checks.periods import period_name
from report_miner.models import CheckResult, ReportRecord

STATUS = {"fail": "KHÔNG ĐẠT", "pass": "đạt", "skip": "bỏ qua"}
SEVERITY = {"error": "lỗi", "warning": "cảnh báo"}
ORDER = {"fail": 0, "skip": 1, "pass": 2}
WIDTH = 110


def summary_line(checks: list[CheckResult]) -> str:
    """ "3 không đạt (2 lỗi, 1 cảnh báo), 20 đạt, 4 bỏ qua" """
    fails = [c for c in checks if c.status == "fail"]
    errors = sum(c.severity == "error" for c in fails)
    passes = sum(c.status == "pass" for c in checks)
    skips = sum(c.status == "skip" for c in checks)
    return (f"{len(fails)} không đạt ({errors} lỗi, {len(fails) - errors} cảnh báo), "
            f"{passes} đạt, {skips} bỏ qua")


def _who(record: ReportRecord) -> str:
    rep = record.report
    parts = []
    if rep.issuer.name:
        parts.append(issuer_name(record))
    if rep.period and rep.period.year:
        parts.append(period_name(rep.period))
    return f" ({', '.join(parts)})" if parts else ""


def _row(n: int, c: CheckResult) -> str:
    head = f"{n:>3}. {STATUS[c.status]:<9} {SEVERITY[c.severity]:<8} {c.id}"
    if c.sections:
        head += f" [mục {', '.join(s.replace('#', ' lần ') for s in c.sections)}]"
    body = textwrap.fill(c.message, WIDTH, initial_indent=" " * 6, subsequent_indent=" " * 6)
    return f"{head}\n{body}"


def explain(record: ReportRecord, all_results: bool = False) -> str:
    """Findings of one record: failures first (errors before warnings), then, with ``all_results``,
    the skipped and passing checks. Ends with a newline."""
    checks = list(record.checks)
    shown = checks if all_results else [c for c in checks if c.status == "fail"]
    shown.sort(key=lambda c: (ORDER[c.status], c.severity != "error"))
    lines = [f"Báo cáo: {record.source.path}{_who(record)}", f"Kết quả kiểm tra: {summary_line(checks)}"]
    if not shown:
        lines.append("      Không có phát hiện nào." if not all_results else "      Không có kiểm tra nào.")
    lines += [_row(i, c) for i, c in enumerate(shown, 1)]
    return "\n".join(lines) + "\n\n"
