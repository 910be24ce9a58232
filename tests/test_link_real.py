"""Linking on sentences of published reports (corpus/real3 and real4 name their sources) and of the held-out written
reports (corpus/written2), one reading rule each.

Every case lists each number of the sentence that is a figure with the indicator it must get, and the
numbers that must not be figures (None).
"""

from __future__ import annotations

import pytest

from report_miner.extract.link import Context, link_paragraph
from report_miner.patterns import load_patterns

CASES = [
    # dongthap-m1-2020: an opening "Trong tổng số tiếp nhận," frames the number, the words after it label it;
    # "chưa đến hạn" is only ever said of dossiers still being processed
    ("Trong tổng số tiếp nhận, đã có trên 6.300 hồ sơ được giải quyết đúng và trước hạn; không có hồ sơ giải "
     "quyết trễ hạn. Hiện nay, còn trên 1.700 hồ sơ chưa đến hạn, đang được xem xét, giải quyết.",
     {"6.300": "dossier.resolved_early_or_on_time", "1.700": "dossier.pending_in_time"}),
    # phuluong-q1-2023: "Sau khi tiếp nhận," opens the sentence; "mức độ 3-4" is online as a whole;
    # "đang tiếp tục giải quyết" is pending, and the overdue ones after it are pending overdue
    ("Sau khi tiếp nhận, hơn 11.200 hồ sơ đã được giải quyết (phần lớn là giải quyết trước hạn và đúng hạn).",
     {"11.200": "dossier.resolved"}),
    ("Tiếp nhận trực tuyến mức độ 3-4 là 568 hồ sơ; đang tiếp tục giải quyết là hơn 100 hồ sơ và chỉ có 1 hồ sơ "
     "quá hạn.",
     {"568": "dossier.received_online", "100": "dossier.pending", "1": "dossier.pending_overdue"}),
    # kiengiang-q2-2020: "từ kỳ báo cáo trước chuyển qua" is the carried-over count
    ("Tổng số hồ sơ yêu cầu giải quyết TTHC trong kỳ là 260.752 hồ sơ, trong đó, số hồ sơ mới tiếp nhận là "
     "252.947, số hồ sơ từ kỳ báo cáo trước chuyển qua là 7.805.",
     {"260.752": "dossier.received", "252.947": "dossier.received_new", "7.805": "dossier.carried_over"}),
    # ninhthuan-q1-2018: "tiếp nhận giải quyết" without a comma reads as "tiếp nhận, giải quyết"
    ("Cấp xã đã tiếp nhận giải quyết 32.375 hồ sơ, trong đó có 99,7% hồ sơ được giải quyết đúng và trước hẹn.",
     {"32.375": "dossier.received", "99,7%": "dossier.resolved_on_time_rate"}),
    # dalat-2023: a parenthesis closed before a bare rate is an aside; the rate is of the count before it
    ("Tại Bộ phận Một cửa UBND thành phố, đã tiếp nhận 15.868 hồ sơ, giải quyết trước hạn, đúng hạn 15.539 hồ sơ "
     "(trong đó có 370 hồ sơ đang giải quyết trong hạn và 9 hồ sơ đang giải quyết quá hạn), đạt tỷ lệ 97,93%, "
     "tăng 0,10% so với năm 2022.",
     {"15.868": "dossier.received", "15.539": "dossier.resolved_early_or_on_time", "370": "dossier.pending_in_time",
      "9": "dossier.pending_overdue", "97,93%": "dossier.resolved_on_time_rate", "0,10%": None}),
    # vinhphuc-m10-2021: "tăng từ X lên Y": X is last month's level, not a figure of this report
    ("Tỷ lệ hồ sơ trực tuyến tăng từ 18,9% trong tháng 9 lên 21,5% trong tháng 10.",
     {"18,9%": None, "21,5%": "dossier.online_rate"}),
    # tayninh-md4: counts listed by level share the label after the last of them
    ("Cụ thể, cấp tỉnh 1.432 TTHC, cấp huyện 251 TTHC và cấp xã 135 TTHC thực hiện dịch vụ công mức độ 4.",
     {"1.432": "online_full.procedures", "251": "online_full.procedures", "135": "online_full.procedures"}),
    # haivan-2025: land-use certificates and petitions are not dossiers
    ("Trong 1 tháng qua, đã tiếp nhận 1.022 hồ sơ; số hồ sơ sớm và đúng hạn đạt 99,61%; cấp 7 sổ hồng cho người "
     "dân; tiếp nhận 45 đơn và đã chuyển đơn xử lý theo quy trình.",
     {"1.022": "dossier.received", "99,61%": "dossier.resolved_on_time_rate", "7": None, "45": None}),
    # quangnam-q2-2018: "X trong số Y" is the fraction X/Y; the catalogue words name the whole, and the rate is the
    # share handled at the centre
    ("(QNO) - Đến nay, đã có 365 trong số 1.234 thủ tục hành chính (TTHC) thuộc thẩm quyền giải guyết của các sở, "
     "ban, ngành được tiếp nhận, thẩm định, phê duyệt và trả kết quả tại Trung tâm Hành chính công và xúc tiến đầu tư "
     "Quảng Nam, đạt tỷ lệ 29%.",
     {"1.234": "procedures.total", "29%": "procedures.one_stop_rate"}),
    # tayninh-md4: the whole of a count of online procedures is the catalogue
    ("Như vậy, tính đến thời điểm này, tỷ lệ TTHC thực hiện dịch vụ công mức độ 4 của Tây Ninh là 1.818/1.877 TTHC.",
     {"1.818": "online_full.procedures", "1.877": "procedures.total"}),
    # huecity-2020 (real4): a slash between labelled numbers separates them; "trong hạn giải quyết" under a
    # pending count is pending in time; "chuyển … giải quyết" is what happens to what was received
    ("Đã giải quyết 18273 hồ sơ (đúng hạn 17265/trễ hạn 1458); đang giải quyết 870 hồ sơ (trong hạn 669/quá hạn 201).",
     {"17265": "dossier.resolved_on_time", "1458": "dossier.resolved_late", "669": "dossier.pending_in_time",
      "201": "dossier.pending_overdue"}),
    ("Trung tâm Hành chính công thành phố Huế tiếp nhận và chuyển đến các cơ quan chuyên môn giải quyết tổng cộng "
     "33.450 hồ sơ thủ tục hành chính.", {"33.450": "dossier.received"}),
    ("Đã số hóa tổng cộng 29530 hồ sơ, đạt tỷ lệ số hóa 100%.",
     {"29530": "digitization.component_digitized", "100%": "digitization.component_rate"}),
    # lamdong-q1-2024 (real4)
    ("đang giải quyết 8.550 hồ sơ (trong hạn giải quyết 7.815 hồ sơ và 735 hồ sơ quá hạn)",
     {"8.550": "dossier.pending", "7.815": "dossier.pending_in_time", "735": "dossier.pending_overdue"}),
    # sipas-2020 (real4): "người dân, tổ chức" is one subject, its comma does not cut the label; last year's level
    # after "cao hơn mức" is a comparison
    ("Năm 2020, có 85,48% người dân, tổ chức hài lòng về sự phục vụ của cơ quan hành chính Nhà nước, cao hơn mức "
     "84,45% của năm 2019.", {"85,48%": "satisfaction.satisfied_pct", "84,45%": None}),
    # phutho-3thang-2025 and hanoi-chitieu-2025 (real4): a share of staff, and what the city requires
    ("tổ chức tập huấn theo hình thức trực tuyến cho 100% cán bộ, lãnh đạo, công chức", {"100%": None}),
    ("UBND TP. Hà Nội yêu cầu các địa phương đảm bảo 100% kết quả giải quyết thủ tục hành chính được trả trước hoặc "
     "đúng hạn", {"100%": None}),
    # written2: "lần lượt là" gives each number what its item names, item by item (a phrase such as "trước hạn, đúng
    # hạn" or "trực tiếp và qua dịch vụ bưu chính công ích" would otherwise swallow two items)
    ("Số hồ sơ giải quyết trước hạn, đúng hạn và quá hạn lần lượt là 1.107, 142 và 04 hồ sơ.",
     {"1.107": "dossier.resolved_early", "142": "dossier.resolved_on_time", "04": "dossier.resolved_late"}),
    ("Số hồ sơ tiếp nhận trực tuyến, trực tiếp và qua dịch vụ bưu chính công ích lần lượt là 1.136, 571 và 08 hồ sơ.",
     {"1.136": "dossier.received_online", "571": "dossier.received_direct", "08": "dossier.received_postal"}),
    ("Số TTHC cung cấp dịch vụ công trực tuyến toàn trình và một phần lần lượt là 121 và 98 thủ tục.",
     {"121": "online_full.procedures", "98": "online_partial.procedures"}),
    # written2: carried over, then "tiếp nhận trong năm" is the new intake; a share "là" of what follows it;
    # a catalogue split by level in a parenthesis; "Bộ phận Một cửa huyện nhận"; an apology letter count
    ("a) Tiếp nhận: tổng số 1.284 hồ sơ, gồm 22 hồ sơ tồn năm 2022 chuyển sang và 1.262 hồ sơ tiếp nhận trong năm.",
     {"1.284": "dossier.received", "22": "dossier.carried_over", "1.262": "dossier.received_new"}),
    ("Theo hình thức nộp, 203 hồ sơ được nộp trực tuyến, 368 hồ sơ nộp trực tiếp tại Bộ phận Một cửa; 35,55% hồ sơ "
     "tiếp nhận mới là hồ sơ trực tuyến.", {"35,55%": "dossier.online_rate"}),
    ("Toàn huyện đang thực hiện 359 TTHC (cấp huyện 238, cấp xã 121), 100% được tiếp nhận tại Bộ phận Một cửa các cấp.",
     {"359": "procedures.total", "238": "procedures.total", "121": "procedures.total",
      "100%": "procedures.one_stop_rate"}),
    ("Bộ phận Một cửa huyện nhận 3.215 hồ sơ (128 hồ sơ tồn kỳ trước, 3.087 hồ sơ tiếp nhận mới).",
     {"3.215": "dossier.received", "128": "dossier.carried_over", "3.087": "dossier.received_new"}),
    ("UBND xã đã ban hành 23 văn bản xin lỗi đối với các hồ sơ giải quyết quá hạn.", {"23": "dossier.apologized"}),
    # written2: a comparison in a closed parenthesis does not make the rate after it a target; an average per day
    # and the overall satisfaction are not contract figures
    ("Đã giải quyết 1.689 hồ sơ, trong đó trước hạn 1.512, đúng hạn 171, trễ hạn 6 hồ sơ (giảm 2 hồ sơ trễ hạn so với "
     "cùng kỳ năm 2023); tỷ lệ giải quyết trước và đúng hạn 99,64%.",
     {"6": "dossier.resolved_late", "2": None, "99,64%": "dossier.resolved_on_time_rate"}),
    ("Bộ phận Một cửa xã trung bình mỗi ngày làm việc tiếp nhận khoảng 20 hồ sơ.", {"20": None}),
    ("+ Tỷ lệ hài lòng chung: 100% (rất hài lòng 88,6%, hài lòng 11,4%).",
     {"100%": None, "88,6%": "satisfaction.very_satisfied_pct", "11,4%": "satisfaction.satisfied_pct"}),
    # written2: a count in "lượt giao dịch" under "Thanh toán trực tuyến"; "được tiếp nhận tại Trung tâm" is the
    # one-stop shop
    ("c) Thanh toán trực tuyến: 3.682 lượt giao dịch.", {"3.682": "payment.online"}),
    ("Trung tâm đang tiếp nhận 364 TTHC thuộc thẩm quyền của cấp xã; 100% TTHC thuộc thẩm quyền được tiếp nhận tại "
     "Trung tâm.", {"364": "procedures.total", "100%": "procedures.one_stop_rate"}),
    # written3: the dossiers of a kind of service are its dossiers, not the ones filed online; a rate after a count
    # split by channel in a parenthesis is the online rate; "Bộ phận TN&TKQ" is the one-stop shop
    ("Toàn huyện phát sinh 3.105 hồ sơ dịch vụ công trực tuyến toàn trình, trong đó 3.061 hồ sơ nộp trực tuyến; "
     "3.238 hồ sơ dịch vụ công trực tuyến một phần.",
     {"3.105": "online_full.dossiers", "3.061": "online_full.received_online", "3.238": "online_partial.dossiers"}),
    ("+ Toàn trình: 512 hồ sơ (trực tuyến 503; trực tiếp 9); tỷ lệ 98,24%.",
     {"512": "online_full.dossiers", "503": "online_full.received_online", "98,24%": "online_full.online_rate"}),
    ("– Số TTHC thực hiện tại Bộ phận TN&TKQ: 171 TTHC, đạt 96,07%; 07 TTHC còn lại liên thông với cấp huyện.",
     {"171": "procedures.one_stop", "96,07%": "procedures.one_stop_rate"}),
    # hoaihai-9t-2022: the Party's document numbers
    ("Chương trình hành động số 04-CTr/ĐU ngày 02/12/2020 về thực hiện Nghị quyết Đại hội Đảng bộ xã.",
     {"04": None}),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_real_sentence(text, expected):
    found = {x.token.raw: x.indicator for x in link_paragraph(text, load_patterns(), Context(families=[]))}
    assert {raw: found.get(raw) for raw in expected} == expected
