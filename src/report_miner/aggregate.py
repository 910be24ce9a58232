"""Records → summary: the commune reports of a period rolled up per parent unit.

One value per (report, indicator) is taken from the issuer's own figures (scope null), the first
exact, confident occurrence. Counts are summed per parent; rates are rebuilt from the sums, never
averaged. Around the sums the roll-up says what a clerk must chase: communes that did not report
(district.missing_report), reported twice (district.duplicate_report), stand far from their peers
(district.outlier), or are not in the gazetteer (district.unknown_unit), and every failed check of
every report with the sentence it came from.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath

from report_miner import roster
from report_miner.indicators import ADDITIVE, COUNTS, MAIN_RATES, RATES, Number, RateSpec, is_rate, label, rate
from report_miner.models import (
    CommuneRow,
    Finding,
    GroupSummary,
    InputEntry,
    OtherPeriod,
    Period,
    PeriodComparison,
    ReportRecord,
    ReturnItem,
    RowStatus,
    Severity,
    Summary,
)
from report_miner.periods import period_end, period_key, period_label, previous_period
from report_miner.quotes import figure_quote
from report_miner.roster import UnitId

CONFIDENT = 0.7
OUTLIER_Z = 3.5
# Percentage points. Communes round differently and divide by different totals (received, new, due),
# which alone moves a rate by a point or two; when their rates bunch together, only a gap of about
# 3.5 × 2.5 ≈ 9 points is news.
OUTLIER_MIN_SCALE = 2.5
OUTLIER_MIN_UNITS = 5

PreviousLookup = Callable[[UnitId, Period], ReportRecord | None]


# --------------------------------------------------------------------------- one report


def select_values(record: ReportRecord) -> tuple[dict[str, Number], dict[str, int], dict[str, Number]]:
    """(counts, figure index per indicator, stated rates) of the issuer's own figures.

    The first exact occurrence with a confident label wins; a less confident one is used only when
    nothing better exists, so a figure repeated in a later section cannot override the first.
    """
    best: dict[str, tuple[bool, int]] = {}
    for i, fig in enumerate(record.figures):
        if fig.indicator is None or fig.scope is not None or fig.approximate:
            continue
        confident = fig.confidence >= CONFIDENT
        held = best.get(fig.indicator)
        if held is None or (confident and not held[0]):
            best[fig.indicator] = (confident, i)
    values: dict[str, Number] = {}
    index: dict[str, int] = {}
    stated: dict[str, Number] = {}
    for ind, (_c, i) in sorted(best.items(), key=lambda kv: kv[1][1]):
        if is_rate(ind):
            stated[ind] = record.figures[i].value
        else:
            values[ind] = record.figures[i].value
        index[ind] = i
    return values, index, stated


def fill_identities(values: dict[str, Number]) -> tuple[dict[str, Number], list[str]]:
    """Fill counts a report implies but does not state, so that every commune adds to the same totals.

    "Đang giải quyết 17 hồ sơ, chưa đến hạn" gives pending_in_time only; the district total of
    pending dossiers still needs its 17. Each filled value is listed, and shown as such.

    >>> fill_identities({"dossier.resolved": 10, "dossier.resolved_late": 1, "dossier.pending_in_time": 2})
    ({'dossier.resolved': 10, 'dossier.resolved_late': 1, 'dossier.pending_in_time': 2, \
'dossier.pending': 2, 'dossier.resolved_early_or_on_time': 9}, ['dossier.pending', \
'dossier.resolved_early_or_on_time'])
    """
    v = dict(values)
    derived: list[str] = []

    def put(ind: str, value: Number | None) -> None:
        if ind not in v and value is not None:
            v[ind] = value
            derived.append(ind)

    def has(*inds: str) -> bool:
        return all(i in v for i in inds)

    if has("dossier.pending_in_time") or has("dossier.pending_overdue"):
        put("dossier.pending", v.get("dossier.pending_in_time", 0) + v.get("dossier.pending_overdue", 0))
    if has("dossier.received", "dossier.carried_over"):
        put("dossier.received_new", v["dossier.received"] - v["dossier.carried_over"])
    if has("dossier.received_new", "dossier.carried_over"):
        put("dossier.received", v["dossier.received_new"] + v["dossier.carried_over"])
    if has("dossier.resolved_early", "dossier.resolved_on_time"):
        put("dossier.resolved_early_or_on_time", v["dossier.resolved_early"] + v["dossier.resolved_on_time"])
    elif has("dossier.resolved", "dossier.resolved_late"):
        put("dossier.resolved_early_or_on_time", v["dossier.resolved"] - v["dossier.resolved_late"])
    if "digitization.component_digitized" in v:
        put("digitization.received", v.get("dossier.received_new"))
    if "digitization.result_digitized" in v:
        put("digitization.resolved", v.get("dossier.resolved"))
    return v, derived


def compute_rates(values: dict[str, Number]) -> dict[str, float | None]:
    return {r.id: rate(values.get(r.numerator), values.get(r.denominator)) for r in RATES}


def _finding_from_check(record: ReportRecord, check_index: int, unit: str | None) -> Finding:
    check = record.checks[check_index]
    figs = [record.figures[i] for i in check.figures if 0 <= i < len(record.figures)]
    section = check.sections[0] if check.sections else next((f.section for f in figs if f.section), None)
    indicators = sorted({f.indicator for f in figs if f.indicator})
    return Finding(id=check.id, status=check.status, severity=check.severity, message=check.message, unit=unit,
                   file=record.source.path, section=section, indicators=indicators, figures=list(check.figures),
                   quote=figure_quote(record, check.figures), rule=check.rule)


def record_findings(record: ReportRecord, unit: str | None) -> list[Finding]:
    """Every failing check of a report, with the sentence it is about."""
    return [_finding_from_check(record, i, unit) for i, c in enumerate(record.checks) if c.status == "fail"]


# --------------------------------------------------------------------------- placing reports


@dataclass
class Placed:
    record: ReportRecord
    uid: UnitId

    @property
    def path(self) -> str:
        return self.record.source.path


def _record_date(record: ReportRecord) -> date | None:
    dp = record.report.data_period
    if dp and dp.end:
        try:
            return date.fromisoformat(dp.end)
        except ValueError:
            pass
    return period_end(record.report.period)


def identify_records(records: Sequence[ReportRecord]) -> list[UnitId | None]:
    """Place every record; a second pass settles ambiguous names by the parents the others found."""

    def place(rec: ReportRecord, context: Counter[str] | None) -> UnitId | None:
        r = rec.report
        return roster.identify(r.issuer.name, r.issuer.level, r.district, r.province, _record_date(rec), context)

    first = [place(r, None) for r in records]
    context = roster.parent_context(first)
    return [u if u is not None and u.known else place(r, context) for r, u in zip(records, first, strict=True)]


def _unplaced_finding(record: ReportRecord, why: str) -> Finding:
    return Finding(id="district.unplaced", severity="warning", message=why, file=record.source.path,
                   unit=record.report.issuer.name)


# --------------------------------------------------------------------------- one parent, one period


@dataclass
class _Group:
    uid_parent: str
    parent: str
    parent_level: str | None
    province: str | None
    period: Period
    members: list[Placed] = field(default_factory=list)


def primary_rank(record: ReportRecord) -> tuple[str, int, int, str]:
    """Which of two reports of one commune to count: the later one, then the richer, then the DOCX."""
    labelled = sum(1 for f in record.figures if f.indicator)
    return (record.report.date or "", labelled, int(record.source.format == "docx"), record.source.path)


def _choose_primary(copies: list[Placed]) -> Placed:
    return max(copies, key=lambda p: primary_rank(p.record))


def _duplicate_finding(unit: str, label_: str, primary: Placed, copies: list[Placed]) -> Finding:
    others = [c for c in copies if c is not primary]
    base = select_values(primary.record)[0]
    same = all(select_values(c.record)[0] == base for c in others)
    names = ", ".join(PurePath(c.path).name for c in copies)
    verdict = "số liệu trùng khớp" if same else "số liệu KHÁC NHAU, cần xác minh bản đúng"
    msg = (f"{unit} có {len(copies)} báo cáo {label_}: {names} ({verdict}); "
           f"tổng hợp dùng {PurePath(primary.path).name}.")
    return Finding(id="district.duplicate_report", severity="warning", message=msg, unit=unit,
                   file=primary.path, rule="một đơn vị, một kỳ: một báo cáo")


def _fmt(x: float) -> str:
    """A rate as Vietnamese text, without trailing zeros.

    >>> _fmt(99.5)
    '99,5'
    """
    return f"{x:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def outlier_findings(rows: list[CommuneRow], records: dict[str, ReportRecord]) -> list[Finding]:
    """Communes whose main rates stand far from the others, by median and MAD (robust to the outlier itself).

    The spread is 1.4826 × MAD (the standard deviation a normal sample with that MAD would have),
    floored at 2.5 percentage points so that rates bunched at 99–100% do not flag a 97%. A commune
    is an outlier when it is more than 3.5 such spreads from the median (Iglewicz and Hoaglin).
    """
    out: list[Finding] = []
    for rid in MAIN_RATES:
        points = [(r, x) for r in rows if (x := r.rates.get(rid)) is not None]
        if len(points) < OUTLIER_MIN_UNITS:
            continue
        xs = [x for _r, x in points]
        med = statistics.median(xs)
        mad = statistics.median(abs(x - med) for x in xs)
        scale = max(1.4826 * mad, OUTLIER_MIN_SCALE)
        for row, x in points:
            z = (x - med) / scale
            if abs(z) <= OUTLIER_Z:
                continue
            side = "thấp hơn" if z < 0 else "cao hơn"
            msg = (f"{label(rid).removesuffix(' (%)')} của {row.unit} là {_fmt(x)}%, {side} hẳn các đơn vị khác "
                   f"(trung vị {_fmt(med)}%). Cách xác định: lệch {_fmt(abs(z))} lần độ phân tán "
                   f"(1,4826 × MAD = {_fmt(1.4826 * mad)}, tối thiểu {_fmt(OUTLIER_MIN_SCALE)} điểm %), "
                   f"vượt ngưỡng {_fmt(OUTLIER_Z)}.")
            spec = next(r for r in RATES if r.id == rid)
            idx = [row.figure_index[i] for i in (rid, spec.numerator, spec.denominator) if i in row.figure_index]
            rec = records.get(row.file)
            out.append(Finding(id="district.outlier", severity="warning", message=msg, unit=row.unit,
                               file=row.file, indicators=[rid], figures=idx,
                               quote=figure_quote(rec, idx) if rec else None,
                               rule="|x − trung vị| / max(1,4826 × MAD, 2,5) > 3,5"))
    return out


def _unknown_unit_finding(group: _Group, placed: Placed) -> Finding:
    unit = placed.uid.display
    return Finding(id="district.unknown_unit", severity="warning", unit=unit, file=placed.path,
                   message=(f"{unit} không có trong danh mục đơn vị hành chính của {group_display(group)}; "
                            "kiểm tra lại tên đơn vị trong báo cáo."),
                   rule="đơn vị báo cáo phải thuộc đơn vị cấp trên")


def _missing_findings(group: _Group, expected: list[roster.Unit], reported: set[str],
                      failed: list[InputEntry]) -> tuple[list[Finding], list[ReturnItem]]:
    findings: list[Finding] = []
    returns: list[ReturnItem] = []
    label_ = period_label(group.period)
    for u in expected:
        if roster.unit_key(u.name) in reported:
            continue
        unit = roster.display_name(u.level, u.name)
        sent = [e for e in failed if roster.unit_from_filename(PurePath(e.path).stem, [u]) is not None]
        if sent:
            names = "; ".join(f"{PurePath(e.path).name} ({e.reason})" for e in sent)
            msg = f"{unit} chưa có báo cáo {label_} đọc được: tệp đã nhận không đọc được: {names}."
            returns += [ReturnItem(unit=unit, file=e.path, reasons=[f"Tệp không đọc được: {e.reason}"])
                        for e in sent]
        else:
            msg = f"{unit} chưa gửi báo cáo {label_}."
        findings.append(Finding(id="district.missing_report", severity="warning", message=msg, unit=unit,
                                file=sent[0].path if sent else None,
                                rule="mọi đơn vị cấp xã của đơn vị cấp trên phải báo cáo"))
    return findings, returns


def record_values(record: ReportRecord) -> dict[str, Number | None]:
    """A report's counts (identities filled) and recomputed rates: what history compares against."""
    values, _index, _stated = select_values(record)
    filled, _derived = fill_identities(values)
    return {**{k: filled[k] for k in COUNTS if k in filled}, **compute_rates(filled)}


def _row(placed: Placed, copies: list[Placed], previous: ReportRecord | None) -> CommuneRow:
    rec = placed.record
    values, index, stated = select_values(rec)
    values, derived = fill_identities(values)
    return CommuneRow(
        unit=placed.uid.display, name=placed.uid.name, level=placed.uid.level,  # type: ignore[arg-type]
        known=placed.uid.known, file=placed.path, sha256=rec.source.sha256,
        other_files=[c.path for c in copies if c is not placed],
        values={k: values[k] for k in COUNTS if k in values}, derived=sorted(derived, key=COUNTS.index),
        figure_index=index, rates=compute_rates(values), stated_rates=stated,
        previous=record_values(previous) if previous is not None else {},
        previous_file=previous.source.path if previous is not None else None)


def _with_findings(row: CommuneRow, findings: list[Finding]) -> CommuneRow:
    """The row marked by its findings: each indicator with its worst severity, the row with the worst of all."""
    failing: dict[str, Severity] = {}
    for f in findings:
        for ind in f.indicators:
            if failing.get(ind) != "error":
                failing[ind] = f.severity
    severities = {f.severity for f in findings}
    status: RowStatus = "error" if "error" in severities else "warning" if severities else "ok"
    return row.model_copy(update={"failing": failing, "status": status})


def sum_rows(rows: Sequence[CommuneRow], indicators: Sequence[str] = ADDITIVE) -> dict[str, Number]:
    """Column sums over the rows that state each indicator."""
    out: dict[str, Number] = {}
    for ind in indicators:
        present = [r.values[ind] for r in rows if ind in r.values]
        if present:
            out[ind] = sum(present)
    return out


def rate_parts(rows: Sequence[CommuneRow], spec: RateSpec) -> tuple[Number, Number] | None:
    """(Σ numerator, Σ denominator) over the rows that state both: the fraction behind a group rate."""
    both = [(r.values[spec.numerator], r.values[spec.denominator]) for r in rows
            if spec.numerator in r.values and spec.denominator in r.values]
    if not both:
        return None
    return sum(n for n, _ in both), sum(d for _, d in both)


def rates_from_rows(rows: Sequence[CommuneRow]) -> dict[str, float | None]:
    """Each rate as Σ numerator / Σ denominator over the rows that state both (as the XLSX formula does)."""
    out: dict[str, float | None] = {}
    for spec in RATES:
        parts = rate_parts(rows, spec)
        out[spec.id] = rate(*parts) if parts else None
    return out


def _comparison(rows: list[CommuneRow], period: Period) -> PeriodComparison | None:
    prev_period = previous_period(period)
    both = [r for r in rows if r.previous]
    if prev_period is None or not both:
        return None
    prev_counts: list[dict[str, Number]] = [
        {k: v for k, v in r.previous.items() if k in ADDITIVE and v is not None} for r in both]
    previous: dict[str, Number | None] = {}
    current: dict[str, Number | None] = {}
    change: dict[str, Number | None] = {}
    for ind in ADDITIVE:
        pairs = [(r.values[ind], p[ind]) for r, p in zip(both, prev_counts, strict=True)
                 if ind in r.values and p.get(ind) is not None]
        if pairs:
            cur, prev = sum(c for c, _ in pairs), sum(p for _, p in pairs)
            current[ind], previous[ind], change[ind] = cur, prev, cur - prev
    cur_rates = rates_from_rows(both)
    prev_rates = rates_from_rows([r.model_copy(update={"values": p}) for r, p in zip(both, prev_counts, strict=True)])
    for spec in RATES:
        c, p = cur_rates[spec.id], prev_rates[spec.id]
        if c is not None and p is not None:
            current[spec.id], previous[spec.id], change[spec.id] = c, p, round(c - p, 2)
    return PeriodComparison(period=prev_period, label=period_label(prev_period), units=[r.unit for r in both],
                            previous=previous, current=current, change=change)


def _summarize_group(group: _Group, failed: list[InputEntry], previous: PreviousLookup | None) -> GroupSummary:
    on = period_end(group.period)
    expected = roster.roster(group.parent, group.province, on) if group.parent else []
    order = {roster.unit_key(u.name): i for i, u in enumerate(expected)}
    by_unit: dict[str, list[Placed]] = defaultdict(list)
    for p in group.members:
        by_unit[p.uid.key].append(p)
    label_ = period_label(group.period)
    rows: list[CommuneRow] = []
    own: dict[str, list[Finding]] = {}
    records: dict[str, ReportRecord] = {}
    for key in sorted(by_unit, key=lambda k: (order.get(k, len(order)), k)):
        copies = sorted(by_unit[key], key=lambda p: p.path)
        primary = _choose_primary(copies)
        uid = primary.uid
        found = record_findings(primary.record, uid.display)
        if len(copies) > 1:
            found.append(_duplicate_finding(uid.display, label_, primary, copies))
        if not uid.known and expected:
            found.append(_unknown_unit_finding(group, primary))
        prev = previous(uid, prev_p) if previous and (prev_p := previous_period(group.period)) else None
        rows.append(_row(primary, copies, prev))
        own[primary.path] = found
        records[primary.path] = primary.record
    for f in outlier_findings(rows, records):
        own[f.file or ""].append(f)
    rows = [_with_findings(r, own[r.file]) for r in rows]
    findings = [f for r in rows for f in own[r.file]]
    missing, returns = _missing_findings(group, expected, set(by_unit), failed)
    findings += missing
    unit_order = {roster.display_name(u.level, u.name): i for i, u in enumerate(expected)}
    for r in rows:
        unit_order.setdefault(r.unit, len(unit_order))
    findings.sort(key=lambda f: (unit_order.get(f.unit or "", 10**6), f.file or "", f.severity != "error", f.id))
    returns = _returns(rows, findings) + returns
    columns = [c for c in COUNTS if any(c in r.values for r in rows)]
    return GroupSummary(
        parent=group.parent, parent_level=group.parent_level, parent_display=group_display(group),  # type: ignore[arg-type]
        province=group.province, period=group.period, label=label_,
        expected=[roster.display_name(u.level, u.name) for u in expected],
        missing=[f.unit for f in missing if f.unit], communes=rows, columns=columns,
        totals=sum_rows(rows), rates=rates_from_rows(rows), comparison=_comparison(rows, group.period),
        findings=findings, returns=returns)


def _returns(rows: list[CommuneRow], findings: list[Finding]) -> list[ReturnItem]:
    """Reports with an error-level finding: the commune must correct them before the district can sum."""
    out: list[ReturnItem] = []
    for row in rows:
        errors = [f.message for f in findings if f.file == row.file and f.severity == "error"]
        if errors:
            out.append(ReturnItem(unit=row.unit, file=row.file, reasons=errors))
    return out


def group_display(group: _Group) -> str:
    return roster.display_name(group.parent_level, group.parent)


# --------------------------------------------------------------------------- everything


def summarize(records: Sequence[ReportRecord], failed: Sequence[InputEntry] = (),
              counts: dict[str, int] | None = None, previous: PreviousLookup | None = None,
              ids: Sequence[UnitId | None] | None = None) -> Summary:
    """Roll the records of a batch up, one group per parent unit, for the period most of its reports cover.

    Reports of other periods (last quarter's, sent along) do not form groups of their own: they are
    history, listed in ``other_periods``, and what the current period is compared against.
    """
    ids = identify_records(records) if ids is None else ids
    groups: dict[tuple[str, tuple[str, int, int]], _Group] = {}
    unplaced: list[Finding] = []
    for rec, uid in zip(records, ids, strict=True):
        period = rec.report.period
        if uid is None:
            issuer = roster.display_name(rec.report.issuer.level, rec.report.issuer.name or "không rõ đơn vị")
            unplaced.append(_unplaced_finding(
                rec, f"Báo cáo của {issuer}, không phải của UBND cấp xã: không đưa vào tổng hợp cấp xã."))
        elif uid.parent is None:
            unplaced.append(_unplaced_finding(
                rec, f"Không xác định được đơn vị cấp trên của {uid.display}; không đưa vào tổng hợp."))
        elif period is None or period.year is None:
            unplaced.append(_unplaced_finding(rec, f"Không xác định được kỳ báo cáo của {uid.display}."))
        else:
            g = groups.setdefault((uid.parent_key, period_key(period)),
                                  _Group(uid.parent_key, uid.parent, uid.parent_level, uid.province, period))
            g.members.append(Placed(rec, uid))
    main: dict[str, _Group] = {}
    for g in groups.values():
        held = main.get(g.uid_parent)
        if held is None or _weight(g) > _weight(held):
            main[g.uid_parent] = g
    chosen = sorted(main.values(), key=lambda g: (g.province or "", g.parent))
    others = sorted((g for g in groups.values() if main[g.uid_parent] is not g),
                    key=lambda g: (g.parent, period_end(g.period) or date.min))
    failed_list = list(failed)
    return Summary(
        groups=[_summarize_group(g, failed_list, previous) for g in chosen],
        other_periods=[OtherPeriod(parent=group_display(g), label=period_label(g.period),
                                   files=sorted(p.path for p in g.members)) for g in others],
        unplaced=sorted(unplaced, key=lambda f: f.file or ""),
        failed=failed_list, counts=dict(sorted((counts or {}).items())))


def _weight(g: _Group) -> tuple[int, date]:
    return (len({p.uid.key for p in g.members}), period_end(g.period) or date.min)
