"""report_miner: Vietnamese commune reports on administrative procedures (TTHC) → checked records.

Public API::

    from report_miner import parse_file
    record = parse_file("bao-cao-quy-2.docx")   # ReportRecord (pydantic)

The names are imported on first use, so that the command line starts without loading what a
command does not need.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["InputError", "parse_file"]
__version__ = "0.1.0"

if TYPE_CHECKING:
    from report_miner.errors import InputError
    from report_miner.pipeline import parse_file


def __getattr__(name: str) -> Any:
    if name == "InputError":
        from report_miner.errors import InputError

        return InputError
    if name == "parse_file":
        from report_miner.pipeline import parse_file

        return parse_file
    raise AttributeError(f"module 'report_miner' has no attribute {name!r}")
