"""report_miner: Vietnamese commune reports on administrative procedures → checked records.

Public API::

    from report_miner import parse_file
    record = parse_file("bao-cao-quy-2.docx")   # ReportRecord (pydantic)
"""

from report_miner.errors import InputError
from report_miner.pipeline import parse_file

__all__ = ["InputError", "parse_file"]
__version__ = "0.1.0"
