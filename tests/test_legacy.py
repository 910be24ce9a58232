"""Legacy Vietnamese encodings: the tables, conversion with offsets, and detection.

The module's tables are checked against data written here a second, independent way: TCVN3 as
a code chart laid out by byte (the module lists it by vowel), VNI through an encoder built on
Unicode decomposition (the module composes from a mark table). Garbled strings as they appear in
real documents are typed out by hand with the text they must become.
"""

from __future__ import annotations

import doctest
import unicodedata
from pathlib import Path

import pytest

from report_miner import legacy
from report_miner.legacy import convert, detect_encoding, encoding_for_font
from report_miner.normalize import normalize_text

CORPUS = Path(__file__).resolve().parents[1] / "corpus"

# TCVN 5712:1993 VN3, bytes 0xA0-0xFF in rows of 16; "_" marks a code VN3 leaves unused.
TCVN3_CHART = (
    "_ĂÂÊÔƠƯĐăâêôơưđ_"  # A0
    "_____àảãáạ_ằẳẵắ_"  # B0
    "______ặầẩẫấậè_ẻẽ"  # C0
    "éẹềểễếệìỉ___ĩíịò"  # D0
    "_ỏõóọồổỗốộờởỡớợù"  # E0
    "_ủũúụừửữứựỳỷỹýỵ_"  # F0
)
CHART = {chr(0xA0 + i): u for i, u in enumerate(TCVN3_CHART) if u != "_"}
CHART_INVERSE = {u: code for code, u in CHART.items()}

TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
VOWELS = ("a", "a\u0306", "a\u0302", "e", "e\u0302", "i", "o", "o\u0302", "o\u031b", "u", "u\u031b", "y")


def vietnamese_letters() -> list[str]:
    """Every lower-case Vietnamese letter outside ASCII, built from base + marks."""
    letters = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES] + ["đ"]
    return [c for c in letters if not c.isascii()]


def tcvn3_encode(text: str) -> str:
    """Unicode → TCVN3 by the chart above; capitals with a tone have no code and are refused."""
    out = []
    for c in unicodedata.normalize("NFC", text):
        if c not in CHART_INVERSE and c.lower() in CHART_INVERSE:
            raise ValueError(f"no TCVN3 code for {c!r}")
        out.append(CHART_INVERSE.get(c, c))
    return "".join(out)


VNI_TONE = {"\u0300": "ø", "\u0301": "ù", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
VNI_CIRCUMFLEX = {"": "â", "\u0300": "à", "\u0301": "á", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
VNI_BREVE = {"": "ê", "\u0300": "è", "\u0301": "é", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
VNI_I = {"\u0300": "ì", "\u0301": "í", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}


def vni_encode_letter(ch: str) -> str:
    """One Unicode letter → VNI, from its decomposition: base, vowel mark, tone."""
    if ch in "đĐ":
        return "ñ" if ch == "đ" else "Ñ"
    decomposed = unicodedata.normalize("NFD", ch)
    base, marks = decomposed[0], decomposed[1:]
    tone = "".join(m for m in marks if m in VNI_TONE)
    shape = "".join(m for m in marks if m not in VNI_TONE)
    case = str.upper if base.isupper() else str.lower
    low = base.lower()
    if not marks or low not in "aeiouy":
        return ch
    if low == "i":
        return case(VNI_I[tone])
    if low == "y" and tone == "\u0323":
        return case("î")
    if shape == "\u031b":  # horn: ơ and ư have codes of their own
        return case("ô" if low == "o" else "ö") + case(VNI_TONE.get(tone, ""))
    if shape == "\u0302":
        return base + case(VNI_CIRCUMFLEX[tone])
    if shape == "\u0306":
        return base + case(VNI_BREVE[tone])
    return base + case(VNI_TONE[tone])


def vni_encode(text: str) -> str:
    return "".join(vni_encode_letter(c) for c in unicodedata.normalize("NFC", text))


# --- the module's docstring examples ----------------------------------------------------------

def test_doctests() -> None:
    result = doctest.testmod(legacy, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 10


# --- tables ----------------------------------------------------------------------------------

def test_tcvn3_table_matches_chart() -> None:
    assert dict(legacy.TCVN3_TO_UNICODE) == CHART


def test_tcvn3_covers_every_lowercase_letter() -> None:
    assert sorted(c for c in CHART.values() if c.islower()) == sorted(vietnamese_letters())
    assert len(vietnamese_letters()) == 67


def test_tcvn3_leaves_cp1252_punctuation_alone() -> None:
    """0x80-0x9F are curly quotes and dashes in a .VnTime run, never letters."""
    text = "“Quý II” – 125…"
    assert convert(text, "tcvn3")[0] == text


@pytest.mark.parametrize("letter", vietnamese_letters() + [c.upper() for c in vietnamese_letters()])
def test_vni_round_trip_every_letter(letter: str) -> None:
    assert convert(vni_encode(letter), "vni")[0] == letter


# --- known garbled strings ---------------------------------------------------------------------
# As they show up in documents typed in .VnTime / .VnTimeH / VNI-Times.
KNOWN = [
    ("tcvn3", "Uû ban nh©n d©n x· §øc Phong", "Uỷ ban nhân dân xã Đức Phong"),
    ("tcvn3", "Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
    ("tcvn3", "§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
    ("tcvn3", "Tæng sè hå s¬ tiÕp nhËn: 125 hå s¬", "Tổng số hồ sơ tiếp nhận: 125 hồ sơ"),
    ("tcvn3", "Sè hå s¬ ®· gi¶i quyÕt", "Số hồ sơ đã giải quyết"),
    ("tcvn3", "®\xadîc gi¶i quyÕt ®óng h¹n", "được giải quyết đúng hạn"),
    ("tcvn3", "Quý II n¨m 2024", "Quý II năm 2024"),
    ("tcvn3_upper", "uû ban nh©n d©n x· ®øc phong", "UỶ BAN NHÂN DÂN XÃ ĐỨC PHONG"),
    ("tcvn3_upper", "céng hoµ x· héi chñ nghÜa viÖt nam", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("tcvn3_upper", "B¸O C¸O", "BÁO CÁO"),
    ("vni", "Uûy ban nhaân daân xaõ Ñöùc Phong", "Ủy ban nhân dân xã Đức Phong"),
    ("vni", "UÛY BAN NHAÂN DAÂN XAÕ ÑÖÙC PHONG", "ỦY BAN NHÂN DÂN XÃ ĐỨC PHONG"),
    ("vni", "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("vni", "Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
    ("vni", "Toång soá hoà sô tieáp nhaän: 125 hoà sô", "Tổng số hồ sơ tiếp nhận: 125 hồ sơ"),
    ("vni", "ñöôïc giaûi quyeát ñuùng haïn, tyû leä 98,5%", "được giải quyết đúng hạn, tỷ lệ 98,5%"),
    ("vni", "Thuû tuïc haønh chính, naêm 2024, ñaëc bieät, khuyûu",
     "Thủ tục hành chính, năm 2024, đặc biệt, khuỷu"),
]


@pytest.mark.parametrize(("encoding", "garbled", "expected"), KNOWN)
def test_known_strings(encoding: str, garbled: str, expected: str) -> None:
    text, offsets = convert(garbled, encoding)
    assert text == expected
    assert unicodedata.is_normalized("NFC", text)
    assert len(offsets) == len(text)
    assert offsets == sorted(set(offsets)) and all(0 <= o < len(garbled) for o in offsets)


@pytest.mark.parametrize(("encoding", "garbled", "expected"), [k for k in KNOWN if k[0] == "tcvn3"])
def test_tcvn3_encoder_in_this_test_agrees(encoding: str, garbled: str, expected: str) -> None:
    assert tcvn3_encode(expected) == garbled


@pytest.mark.parametrize(("encoding", "garbled", "expected"),
                         [k for k in KNOWN if k[0] == "vni" and "UÛY" not in k[1] and "Uûy" not in k[1]])
def test_vni_encoder_in_this_test_agrees(encoding: str, garbled: str, expected: str) -> None:
    assert vni_encode(expected) == garbled


def test_vni_offsets_point_at_the_base_letter() -> None:
    garbled = "Ñöôïc 125"
    text, offsets = convert(garbled, "vni")
    assert text == "Được 125"
    assert offsets == [0, 1, 2, 4, 5, 6, 7, 8]
    assert [garbled[o] for o in offsets] == list("Ñöôc 125")


def test_convert_then_normalize_keeps_the_soft_hyphen_letter() -> None:
    """TCVN3 "ư" is U+00AD, which normalisation drops as a soft hyphen: repair must come first."""
    assert normalize_text(convert("®\xadîc", "tcvn3")[0])[0] == "được"
    assert normalize_text("®\xadîc")[0] == "®îc"


def test_unknown_encoding_is_an_error() -> None:
    with pytest.raises(ValueError):
        convert("abc", "viqr")


# --- font names --------------------------------------------------------------------------------

@pytest.mark.parametrize(("font", "expected"), [
    (".VnTime", "tcvn3"), (".VnArial", "tcvn3"), (".VnCentury Schoolbook", "tcvn3"),
    (".VnTime Bold", "tcvn3"),
    (".VnTimeH", "tcvn3_upper"), (".VnArialH", "tcvn3_upper"), (".VnArial NarrowH", "tcvn3_upper"),
    ("VNI-Times", "vni"), ("VNI-Helve", "vni"), ("VNI-Helve-Condense", "vni"), ("vni-times", "vni"),
    ("Times New Roman", None), ("Arial", None), ("VnExpress", None), ("Vni", "vni"), ("", None), (None, None),
])
def test_encoding_for_font(font: str | None, expected: str | None) -> None:
    assert encoding_for_font(font) == expected


# --- detection ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Tổng số hồ sơ tiếp nhận: 125 hồ sơ, đã giải quyết 120 hồ sơ.",
    unicodedata.normalize("NFD", "Tổng số hồ sơ tiếp nhận: 125 hồ sơ, đã giải quyết 120 hồ sơ."),
    "Có hành chính là tháng ba",  # Vietnamese with Latin-1 letters only
    "Hoà Bình, Thuỷ lợi, khoẻ mạnh, Quý Hoà",
    "Total dossiers received: 125; resolved on time: 118.",
    "Le café de la gare était fermé; nous sommes allés à l'hôtel où l'on a mangé une crème brûlée.",
    "Über die Brücke gehen wir schön langsam, während die Kinder spielen und Äpfel essen.",
    "El niño comió manzanas en la región de Castilla y León durante el año pasado.",
    "© 2024 — All rights reserved ® · ½ ¼ ± °C",
    "x·",  # one word is too little evidence
    "",
])
def test_detect_leaves_other_text_alone(text: str) -> None:
    assert detect_encoding(text) is None


@pytest.mark.parametrize(("encoding", "garbled", "expected"),
                         [(e, g, x) for e, g, x in KNOWN if sum(not w.isascii() for w in g.split()) >= 3])
def test_detect_known_strings(encoding: str, garbled: str, expected: str) -> None:
    assert detect_encoding(garbled) == encoding.removesuffix("_upper")


def corpus_paragraphs() -> list[str]:
    lines = (CORPUS / "son-nham-q2-2024.md").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if len(line.split()) >= 6 and not line.lstrip().startswith("|")]


def test_detect_on_a_real_report() -> None:
    """Every prose paragraph of a real report: untouched as Unicode, recognised once encoded."""
    paragraphs = corpus_paragraphs()
    assert len(paragraphs) > 30
    for p in paragraphs:
        assert detect_encoding(p) is None, p
        assert detect_encoding(vni_encode(p)) == "vni", p
        assert convert(vni_encode(p), "vni")[0] == unicodedata.normalize("NFC", p)
        lower = p.lower()  # .VnTime has no code for a capital with a tone
        assert detect_encoding(tcvn3_encode(lower)) == "tcvn3", p
        assert convert(tcvn3_encode(lower), "tcvn3")[0] == unicodedata.normalize("NFC", lower)
