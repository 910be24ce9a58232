"""summary.html: one self-contained Vietnamese page a clerk can read, print or e-mail.

No script, no font, no stylesheet from the network: styles are inline and charts are inline SVG drawn
from numbers computed here. Every string that came from a report goes through Jinja2 autoescaping.
"""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import Environment, PackageLoader

from report_miner.export.fmt import vn_change, vn_number, vn_percent
from report_miner.indicators import MAIN_RATES, label
from report_miner.models import GroupSummary, Summary

BAR_HEIGHT = 18
BAR_GAP = 6
CHART_LEFT = 150  # room for the commune names
CHART_WIDTH = 320  # the 0–100 % scale

CARDS = ("dossier.received", "dossier.resolved", "dossier.pending", "dossier.resolved_late")
COMPARISON_ROWS = ("dossier.received", "dossier.received_new", "dossier.received_online", "dossier.resolved",
                   "dossier.resolved_late", "dossier.pending", "payment.online", *MAIN_RATES)
TABLE_COUNTS = ("dossier.received", "dossier.received_new", "dossier.received_online", "dossier.resolved",
                "dossier.resolved_late", "dossier.pending")


@dataclass(frozen=True)
class Bar:
    unit: str
    value: float
    y: int
    width: float
    css: str


@dataclass(frozen=True)
class Chart:
    title: str
    bars: list[Bar]
    median: float | None
    median_x: float | None
    height: int
    left: int = CHART_LEFT
    scale: int = CHART_WIDTH


def _median(xs: list[float]) -> float | None:
    if not xs:
        return None
    s = sorted(xs)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


def rate_chart(group: GroupSummary, rate_id: str) -> Chart | None:
    """Horizontal bars, one per commune, on a 0–100 % scale, with the median drawn as a line."""
    bars: list[Bar] = []
    for row in group.communes:
        value = row.rates.get(rate_id)
        if value is None:
            continue
        css = {"error": "bar-err", "warning": "bar-warn"}.get(row.failing.get(rate_id, ""), "bar-ok")
        y = len(bars) * (BAR_HEIGHT + BAR_GAP)
        bars.append(Bar(row.unit, value, y, round(min(max(value, 0), 100) / 100 * CHART_WIDTH, 1), css))
    if not bars:
        return None
    med = _median([b.value for b in bars])
    med_x = round(CHART_LEFT + min(max(med, 0), 100) / 100 * CHART_WIDTH, 1) if med is not None else None
    return Chart(label(rate_id).removesuffix(" (%)"), bars, med, med_x, len(bars) * (BAR_HEIGHT + BAR_GAP) + 24)


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("report_miner.export", "templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(num=vn_number, pct=vn_percent, change=vn_change, label=label)
    return env


def summary_html(summary: Summary) -> str:
    charts = {g.parent_display + g.label: [c for r in MAIN_RATES if (c := rate_chart(g, r))] for g in summary.groups}
    return _environment().get_template("summary.html.j2").render(
        summary=summary, charts=charts, cards=CARDS, comparison_rows=COMPARISON_ROWS, table_counts=TABLE_COUNTS,
        main_rates=MAIN_RATES, bar_height=BAR_HEIGHT)
