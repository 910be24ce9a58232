"""The indicators a roll-up adds up, the rates it recomputes, and their Vietnamese column headers.

The contract names every indicator; this module says which of them are counts that can be summed
across communes, and how each rate is rebuilt from counts. Rates are never averaged: a district's
on-time rate is the sum of the communes' on-time dossiers over the sum of their resolved dossiers.
"""

from __future__ import annotations

from dataclasses import dataclass

Number = int | float

# Counts in contract order, with the short header a clerk expects in a spreadsheet column.
COUNT_LABELS: dict[str, str] = {
    "dossier.received": "Tổng số hồ sơ tiếp nhận",
    "dossier.carried_over": "Kỳ trước chuyển sang",
    "dossier.received_new": "Tiếp nhận mới",
    "dossier.received_online": "Tiếp nhận trực tuyến",
    "dossier.received_direct": "Tiếp nhận trực tiếp",
    "dossier.received_postal": "Qua bưu chính công ích",
    "dossier.resolved": "Đã giải quyết",
    "dossier.resolved_early": "Giải quyết trước hạn",
    "dossier.resolved_on_time": "Giải quyết đúng hạn",
    "dossier.resolved_early_or_on_time": "Trước hạn và đúng hạn",
    "dossier.resolved_late": "Giải quyết quá hạn",
    "dossier.pending": "Đang giải quyết",
    "dossier.pending_in_time": "Đang giải quyết trong hạn",
    "dossier.pending_overdue": "Đang giải quyết quá hạn",
    "dossier.returned": "Trả lại / rút hồ sơ",
    "dossier.apologized": "Hồ sơ đã xin lỗi",
    "digitization.received": "Hồ sơ phải số hóa",
    "digitization.component_digitized": "Số hóa thành phần hồ sơ",
    "digitization.resolved": "Hồ sơ đã giải quyết (số hóa)",
    "digitization.result_digitized": "Số hóa kết quả",
    "digitization.result_stored": "Kết quả lưu kho dữ liệu",
    "digitization.result_not_digitized": "Chưa số hóa kết quả",
    "online_full.procedures": "TTHC trực tuyến toàn trình",
    "online_full.dossiers": "Hồ sơ DVC toàn trình",
    "online_full.received_online": "Toàn trình: nộp trực tuyến",
    "online_full.received_direct": "Toàn trình: nộp trực tiếp",
    "online_partial.procedures": "TTHC trực tuyến một phần",
    "online_partial.dossiers": "Hồ sơ DVC một phần",
    "online_partial.received_online": "Một phần: nộp trực tuyến",
    "online_partial.received_direct": "Một phần: nộp trực tiếp",
    "payment.online": "Thanh toán trực tuyến",
    "feedback.received": "Phản ánh, kiến nghị tiếp nhận",
    "feedback.resolved": "Phản ánh, kiến nghị đã xử lý",
    "impact.assessed": "TTHC được đánh giá tác động",
    "impact.issued_assessed": "TTHC ban hành đã đánh giá tác động",
    "procedures.total": "TTHC thuộc thẩm quyền",
    "procedures.one_stop": "TTHC tại Bộ phận Một cửa",
}

# Every commune publishes (nearly) the same list of procedures: adding them up would count one
# procedure thirteen times. These stay per commune and get no total.
NON_ADDITIVE: frozenset[str] = frozenset({
    "procedures.total", "procedures.one_stop", "online_full.procedures", "online_partial.procedures",
})

COUNTS: tuple[str, ...] = tuple(COUNT_LABELS)
ADDITIVE: tuple[str, ...] = tuple(i for i in COUNTS if i not in NON_ADDITIVE)


@dataclass(frozen=True)
class RateSpec:
    """A rate rebuilt as numerator / denominator × 100 from two count indicators."""

    id: str
    label: str
    numerator: str
    denominator: str


RATES: tuple[RateSpec, ...] = (
    RateSpec("dossier.resolved_on_time_rate", "Tỷ lệ giải quyết trước và đúng hạn (%)",
             "dossier.resolved_early_or_on_time", "dossier.resolved"),
    RateSpec("dossier.online_rate", "Tỷ lệ hồ sơ trực tuyến (%)", "dossier.received_online", "dossier.received_new"),
    RateSpec("digitization.component_rate", "Tỷ lệ số hóa thành phần (%)",
             "digitization.component_digitized", "digitization.received"),
    RateSpec("digitization.result_rate", "Tỷ lệ số hóa kết quả (%)", "digitization.result_digitized",
             "digitization.resolved"),
    RateSpec("online_full.online_rate", "Toàn trình: tỷ lệ trực tuyến (%)", "online_full.received_online",
             "online_full.dossiers"),
    RateSpec("online_partial.online_rate", "Một phần: tỷ lệ trực tuyến (%)", "online_partial.received_online",
             "online_partial.dossiers"),
    RateSpec("procedures.one_stop_rate", "Tỷ lệ TTHC tại Bộ phận Một cửa (%)", "procedures.one_stop",
             "procedures.total"),
)
RATE_BY_ID: dict[str, RateSpec] = {r.id: r for r in RATES}

# The rates drawn as charts and screened for outliers: the ones a district report is judged on.
MAIN_RATES: tuple[str, ...] = ("dossier.resolved_on_time_rate", "dossier.online_rate",
                               "digitization.component_rate", "digitization.result_rate")


def label(indicator: str) -> str:
    """Vietnamese header of a count or rate; the id itself for anything unknown.

    >>> label("dossier.resolved")
    'Đã giải quyết'
    >>> label("dossier.online_rate")
    'Tỷ lệ hồ sơ trực tuyến (%)'
    """
    if indicator in COUNT_LABELS:
        return COUNT_LABELS[indicator]
    spec = RATE_BY_ID.get(indicator)
    return spec.label if spec else indicator


def is_rate(indicator: str) -> bool:
    """Percentages are stored as numbers; their ids say what they are.

    >>> is_rate("satisfaction.satisfied_pct"), is_rate("dossier.pending")
    (True, False)
    """
    return indicator.endswith(("_rate", "_pct"))


def rate(numerator: Number | None, denominator: Number | None) -> float | None:
    """Percentage rounded to two decimals; None when either part is missing or the whole is zero.

    >>> rate(417, 419)
    99.52
    >>> rate(3, 0) is None
    True
    """
    if numerator is None or denominator is None or denominator == 0:
        return None
    return round(numerator / denominator * 100, 2)
