"""Vietnamese numbers and the numbers that are not figures."""

from __future__ import annotations

import pytest

from report_miner.normalize import match_key
from report_miner.numbers import find_numbers
from report_miner.patterns import load_patterns

P = load_patterns()


def live(text):
    tokens = find_numbers(text, match_key(text), P)
    return [(t.raw, t.value, t.percent, t.approximate) for t in tokens if not t.excluded]


@pytest.mark.parametrize("text,expected", [
    ("tiếp nhận 1.234 hồ sơ", [("1.234", 1234, False, False)]),
    ("đạt 97,5%", [("97,5%", 97.5, True, False)]),
    ("quá hạn là 02 hồ sơ", [("02", 2, False, False)]),
    ("tỷ lệ 3,45 %", [("3,45%", 3.45, True, False)]),
    ("có 5,65 ngàn hồ sơ", [("5,65 ngàn", 5650, False, True)]),  # scaled: rounded, so approximate
    ("hơn 712 ngàn hồ sơ", [("712 ngàn", 712000, False, True)]),
    ("khoảng 1,2 triệu hồ sơ", [("1,2 triệu", 1200000, False, True)]),
    ("gần 56%", [("56%", 56, True, True)]),
    ("4.561/5.650 hồ sơ", [("4.561", 4561, False, False), ("5.650", 5650, False, False)]),
    ("hai hồ sơ trễ hạn", [("hai", 2, False, False)]),
])
def test_numbers(text, expected):
    assert live(text) == expected


@pytest.mark.parametrize("text", [
    "Quyết định số 2552/QĐ-UBND ngày 29/12/2017",
    "Nghị định số 61/2018/NĐ-CP",
    "số liệu từ 15/3/2024 đến 14/3/2024",
    "từ ngày 15 tháng 12 năm 2018 đến ngày 14 tháng 12 năm 2019",
    "số liệu từ 21/7đến 20/8/2021",
    "đường dây nóng 0255.3845.117",
    "tại địa chỉ https://xasonnham.sonha.quangngai.gov.vn",
    "Hệ thống thông tin 1022 của tỉnh",
    "quý II/2024",
    "tháng 8/2025",
    "dịch vụ công trực tuyến mức độ 3",
    "với tổng số tiền 4.850.000 đồng",
    "gồm 05 công chức",
    "tăng 8,2 điểm phần trăm",
])
def test_not_figures(text):
    assert live(text) == []


def test_zero_answers():
    text = "Số lượng TTHC được đánh giá tác động trong kỳ: Không."
    toks = find_numbers(text, match_key(text), P)
    assert [(t.raw, t.value, t.zero) for t in toks] == [("Không", 0, "after_colon")]
    text = "không có hồ sơ quá hạn"
    toks = find_numbers(text, match_key(text), P)
    assert [(t.raw, t.value, t.zero) for t in toks] == [("không", 0, "leading")]


def test_ambiguous_separator_is_flagged_not_guessed():
    text = "tiếp nhận 1,234 hồ sơ"
    (tok,) = find_numbers(text, match_key(text), P)
    assert tok.value == 1.234 and "ambiguous_separator" in tok.flags
