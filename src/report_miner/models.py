"""The data that flows between the stages, and the JSON record other tools rely on.

Two families of models live here:

* the in-memory document (``Document`` of ``Block``\\ s), produced by ``ingest`` and read by
  ``segment`` and ``extract``; it keeps raw and normalised text side by side so that every
  normalised character can be traced back to what the file said;
* the record (``ReportRecord`` and its parts), the contract in ``shared/spec/contract.md``.
  Fields may be added, never renamed or dropped; ``SCHEMA_VERSION`` tracks that.

Models are frozen and reject unknown fields, so a typo in a stage is an error, not a silent key.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# --------------------------------------------------------------------------- document model


class Cell(_Model):
    """One cell of a table grid. Merged cells appear once, at their top-left position."""

    row: int
    col: int
    row_span: int = 1
    col_span: int = 1
    text: str = Field(description="normalised text")
    raw: str = Field(description="text as read from the file")
    bold: bool = False


class Table(_Model):
    n_rows: int
    n_cols: int
    cells: list[Cell]

    def grid(self) -> list[list[Cell | None]]:
        """Rows of cells, a merged cell repeated over every position it covers."""
        out: list[list[Cell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for c in self.cells:
            for r in range(c.row, min(c.row + c.row_span, self.n_rows)):
                for k in range(c.col, min(c.col + c.col_span, self.n_cols)):
                    out[r][k] = c
        return out


BlockKind = Literal["paragraph", "table"]
BlockPart = Literal["body", "header", "footer", "textbox", "footnote"]


class Block(_Model):
    """A paragraph or a table, in reading order.

    ``text`` is the normalised text used by every later stage; ``raw`` is what the file holds.
    ``offsets[i]`` is the index in ``raw`` of the character that became ``text[i]``.
    ``label`` is the list label that Word's automatic numbering draws in front of the
    paragraph ("1.", "a)") and that does not exist in the paragraph's own text.
    """

    index: int
    kind: BlockKind = "paragraph"
    part: BlockPart = "body"
    text: str
    raw: str
    offsets: list[int] = Field(default_factory=list, exclude=True, repr=False)
    page: int | None = None
    label: str | None = None
    list_level: int | None = None
    style: str | None = None
    bold: bool = False
    italic: bool = False
    centered: bool = False
    table: Table | None = None
    repairs: list[str] = Field(default_factory=list)

    @property
    def display_text(self) -> str:
        """The paragraph as a reader sees it: automatic label, then the text."""
        return f"{self.label} {self.text}" if self.label else self.text


class Document(_Model):
    path: str
    format: Literal["docx", "pdf"]
    sha256: str
    pages: int | None = None
    blocks: list[Block]
    repairs: list[str] = Field(default_factory=list, description="document-level repairs, e.g. legacy font")
    warnings: list[str] = Field(default_factory=list)


# --------------------------------------------------------------------------- record (contract)


class Source(_Model):
    path: str
    sha256: str
    format: Literal["docx", "pdf"]
    pages: int | None = None
    repairs: list[str] = Field(default_factory=list, description="text repairs made while reading")


IssuerLevel = Literal["xa", "phuong", "thi_tran", "huyen", "quan", "thi_xa", "thanh_pho", "tinh", "other"]
PeriodKind = Literal["month", "quarter", "half", "nine_months", "year", "other"]


class Issuer(_Model):
    level: IssuerLevel | None = None
    name: str | None = None


class Period(_Model):
    kind: PeriodKind
    index: int | None = None
    year: int | None = None


class DataPeriod(_Model):
    start: str | None = None
    end: str | None = None
    raw: str | None = Field(default=None, description="the words the dates were read from")
    block: int | None = None


class LegalReference(_Model):
    raw: str
    number: str | None = None
    year: int | None = None
    doc_type: str | None = None
    issuer_code: str | None = None
    date: str | None = None
    block: int | None = None


class ReportInfo(_Model):
    title: str | None = None
    issuer: Issuer = Field(default_factory=Issuer)
    district: str | None = None
    province: str | None = None
    period: Period | None = None
    data_period: DataPeriod | None = None
    number: str | None = None
    date: str | None = None
    signer: str | None = None
    references: list[LegalReference] = Field(default_factory=list)


class BlockRef(_Model):
    block: int
    page: int | None = None
    text: str


class Section(_Model):
    id: str
    title: str
    level: int
    label: str | None = Field(default=None, description="the label as printed: 'II.', '3.', 'a)'")
    numbered_by: Literal["text", "word", "none"] = "text"
    parent: str | None = None
    children: list[str] = Field(default_factory=list)
    block: int = Field(description="block of the heading")
    paragraphs: list[BlockRef] = Field(default_factory=list)


class CellRef(_Model):
    row: int
    col: int


class Location(_Model):
    block: int
    page: int | None = None
    char_start: int
    char_end: int
    table: CellRef | None = None


class Figure(_Model):
    indicator: str | None
    value: int | float
    unit: str | None = None
    raw: str
    section: str | None = None
    scope: str | None = None
    location: Location
    approximate: bool = False
    decimals: int = 0
    confidence: float = 1.0
    label: str | None = Field(default=None, description="the words the indicator was read from")
    flags: list[str] = Field(default_factory=list)


CheckStatus = Literal["pass", "fail", "skip"]
Severity = Literal["error", "warning"]


class CheckResult(_Model):
    id: str
    status: CheckStatus
    severity: Severity
    message: str
    figures: list[int] = Field(default_factory=list, description="indexes into the record's figures")
    expected: float | None = None
    stated: float | None = None
    sections: list[str] = Field(default_factory=list)
    scope: str | None = None
    rule: str | None = Field(default=None, description="the rule in patterns/ that produced this result")


class ReportRecord(_Model):
    schema_version: str = SCHEMA_VERSION
    source: Source
    report: ReportInfo = Field(default_factory=ReportInfo)
    sections: list[Section] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    checks: list[CheckResult] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


# --------------------------------------------------------------------------- summary (batch roll-up)

Value = int | float
RowStatus = Literal["ok", "warning", "error"]


class Finding(_Model):
    """A failed check as the clerk reads it: which file, which commune, where, and the report's own words.

    Record checks (sum.*, rate.*, …), history.carry_over and the batch-level district.* results all
    take this one shape, so the spreadsheet, the page and the JSON list them the same way.
    """

    id: str
    status: CheckStatus = "fail"
    severity: Severity
    message: str
    unit: str | None = Field(default=None, description="the commune, as displayed ('Xã Đức Tân')")
    file: str | None = None
    section: str | None = None
    indicators: list[str] = Field(default_factory=list, description="indicators of the figures involved")
    figures: list[int] = Field(default_factory=list, description="indexes into that file's record figures")
    quote: str | None = Field(default=None, description="the sentence(s) of the report holding the figures")
    rule: str | None = None


class CommuneRow(_Model):
    """One commune of a roll-up: the values taken from its report, and the rates rebuilt from them."""

    unit: str = Field(description="display name: 'Xã Đức Nhuận'")
    name: str
    level: IssuerLevel | None = None
    known: bool = Field(description="found in the gazetteer under this parent")
    file: str
    sha256: str
    other_files: list[str] = Field(default_factory=list, description="duplicates of this report, not counted")
    values: dict[str, Value] = Field(default_factory=dict, description="one value per count indicator")
    derived: list[str] = Field(default_factory=list, description="values filled from an identity, not stated")
    figure_index: dict[str, int] = Field(default_factory=dict, description="indicator → figure used")
    rates: dict[str, float | None] = Field(default_factory=dict, description="recomputed from the counts")
    stated_rates: dict[str, Value] = Field(default_factory=dict, description="as the report writes them")
    failing: dict[str, Severity] = Field(default_factory=dict, description="indicator → worst failing check")
    status: RowStatus = "ok"
    previous: dict[str, Value | None] = Field(default_factory=dict, description="last period's values and rates")
    previous_file: str | None = None


class PeriodComparison(_Model):
    """Change against the previous period, over the communes that reported in both."""

    period: Period
    label: str
    units: list[str]
    previous: dict[str, Value | None]
    current: dict[str, Value | None]
    change: dict[str, Value | None]


class ReturnItem(_Model):
    """A report to send back to its commune for correction."""

    unit: str | None
    file: str
    reasons: list[str]


class GroupSummary(_Model):
    """The roll-up for one parent unit (district, or province after 7/2025) and one period."""

    parent: str
    parent_level: IssuerLevel | None = None
    parent_display: str
    province: str | None = None
    period: Period
    label: str = Field(description="'quý II năm 2024'")
    expected: list[str] = Field(default_factory=list, description="communes that should report")
    missing: list[str] = Field(default_factory=list)
    communes: list[CommuneRow] = Field(default_factory=list)
    columns: list[str] = Field(default_factory=list, description="count indicators present, contract order")
    totals: dict[str, Value] = Field(default_factory=dict)
    rates: dict[str, float | None] = Field(default_factory=dict)
    comparison: PeriodComparison | None = None
    findings: list[Finding] = Field(default_factory=list)
    returns: list[ReturnItem] = Field(default_factory=list)


class InputEntry(_Model):
    """One line of manifest.json: every input the batch was given, read or not."""

    path: str
    sha256: str | None = None
    status: Literal["ok", "unchanged", "failed", "skipped"]
    reason: str | None = None
    seconds: float = 0.0


class OtherPeriod(_Model):
    parent: str
    label: str
    files: list[str]


class Summary(_Model):
    schema_version: str = SCHEMA_VERSION
    groups: list[GroupSummary] = Field(default_factory=list)
    other_periods: list[OtherPeriod] = Field(default_factory=list,
                                             description="reports of earlier periods: kept as history")
    unplaced: list[Finding] = Field(default_factory=list,
                                    description="reports the roll-up could not place (no period, not a commune)")
    failed: list[InputEntry] = Field(default_factory=list, description="inputs that could not be read")
    counts: dict[str, int] = Field(default_factory=dict, description="inputs by status")
