"""Repair Vietnamese text typed in the legacy 8-bit fonts: TCVN3 (ABC) and VNI Windows.

Reports made from old templates still carry runs in ".VnTime" or "VNI-Times". Those fonts draw
Vietnamese letters at byte codes that Word and PDF libraries hand over as Windows-1252/Latin-1
code points, so "Tổng số hồ sơ" arrives as "Tæng sè hå s¬" (TCVN3) or "Toång soá hoà sô" (VNI).
Every figure and phrase after this stage depends on the letters being real Unicode, so the
conversion keeps a map from each output character back to the input character that made it.

* TCVN3 (TCVN 5712:1993, table VN3) is one code for one letter. It has only the seven plain
  capitals Ă Â Ê Ô Ơ Ư Đ; capitals with a tone are drawn by the "H" fonts (".VnTimeH"), whose
  glyphs are all capitals, so the same codes read as upper case there.
* VNI Windows writes a base letter followed by one mark character ("a" + "ù" = "á",
  "a" + "á" = "ấ"); ơ, ư, đ and some toned i/y have a code of their own.

The VN1 capitals that sit in 0x80-0x9F and other gaps of VN3 are deliberately not mapped: in a
.VnTime run those codes are Word's curly quotes and dashes, not letters.
"""

from __future__ import annotations

import re
import unicodedata
from types import MappingProxyType
from typing import Literal

LegacyEncoding = Literal["tcvn3", "tcvn3_upper", "vni"]

# --- TCVN3 -------------------------------------------------------------------------------------
# Unicode letters and their VN3 codes (as Latin-1 code points), one row per vowel. Within a row
# the tones come in the order of the standard (huyền, hỏi, ngã, sắc, nặng), so the codes ascend.
_TCVN3_ROWS: tuple[tuple[str, str], ...] = (
    ("àảãáạ", "\xb5\xb6\xb7\xb8\xb9"),
    ("ăằẳẵắặ", "\xa8\xbb\xbc\xbd\xbe\xc6"),
    ("âầẩẫấậ", "\xa9\xc7\xc8\xc9\xca\xcb"),
    ("đ", "\xae"),
    ("èẻẽéẹ", "\xcc\xce\xcf\xd0\xd1"),
    ("êềểễếệ", "\xaa\xd2\xd3\xd4\xd5\xd6"),
    ("ìỉĩíị", "\xd7\xd8\xdc\xdd\xde"),
    ("òỏõóọ", "\xdf\xe1\xe2\xe3\xe4"),
    ("ôồổỗốộ", "\xab\xe5\xe6\xe7\xe8\xe9"),
    ("ơờởỡớợ", "\xac\xea\xeb\xec\xed\xee"),
    ("ùủũúụ", "\xef\xf1\xf2\xf3\xf4"),
    ("ưừửữứự", "\xad\xf5\xf6\xf7\xf8\xf9"),
    ("ỳỷỹýỵ", "\xfa\xfb\xfc\xfd\xfe"),
    ("ĂÂĐÊÔƠƯ", "\xa1\xa2\xa7\xa3\xa4\xa5\xa6"),
)

TCVN3_TO_UNICODE: MappingProxyType[str, str] = MappingProxyType(
    {code: letter for letters, codes in _TCVN3_ROWS for letter, code in zip(letters, codes, strict=True)}
)
"""VN3 code (as the Latin-1 character a library hands over) → Unicode letter."""

_TCVN3_TABLE = str.maketrans(dict(TCVN3_TO_UNICODE))

# --- VNI Windows -------------------------------------------------------------------------------
VNI_LETTERS: MappingProxyType[str, str] = MappingProxyType({
    "ô": "ơ", "ö": "ư", "ñ": "đ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ",
    "Ô": "Ơ", "Ö": "Ư", "Ñ": "Đ", "Í": "Í", "Ì": "Ì", "Æ": "Ỉ", "Ó": "Ĩ", "Ò": "Ị", "Î": "Ỵ",
})
"""VNI codes that stand for a whole letter."""

_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
_CIRCUMFLEX, _BREVE = "\u0302", "\u0306"

# Mark characters (lower-case form; the upper-case form is the same mark for a capital) and the
# combining marks each one adds to the letter before it.
VNI_MARKS: MappingProxyType[str, str] = MappingProxyType({
    "ø": _GRAVE, "ù": _ACUTE, "û": _HOOK, "õ": _TILDE, "ï": _DOT,
    "â": _CIRCUMFLEX, "à": _CIRCUMFLEX + _GRAVE, "á": _CIRCUMFLEX + _ACUTE, "å": _CIRCUMFLEX + _HOOK,
    "ã": _CIRCUMFLEX + _TILDE, "ä": _CIRCUMFLEX + _DOT,
    "ê": _BREVE, "è": _BREVE + _GRAVE, "é": _BREVE + _ACUTE, "ú": _BREVE + _HOOK,
    "ü": _BREVE + _TILDE, "ë": _BREVE + _DOT,
})
"""VNI mark code → combining marks it adds to the preceding vowel."""

_TONE_ONLY_BASES = "aeiouyơư"
_CIRCUMFLEX_BASES = "aeo"
_BREVE_BASES = "a"


def _bases_for(marks: str) -> str:
    if marks.startswith(_CIRCUMFLEX):
        return _CIRCUMFLEX_BASES
    if marks.startswith(_BREVE):
        return _BREVE_BASES
    return _TONE_ONLY_BASES


def _build_vni_combine() -> dict[tuple[str, str], str]:
    """(letter already output, mark code in lower case) → the composed letter.

    Built from the rule rather than listed, so that all 2 x 8 bases x 17 marks stay consistent.
    """
    table: dict[tuple[str, str], str] = {}
    for mark_code, marks in VNI_MARKS.items():
        for base in _bases_for(marks):
            for letter in (base, base.upper()):
                composed = unicodedata.normalize("NFC", letter + marks)
                assert len(composed) == 1, composed
                table[(letter, mark_code)] = composed
    return table


VNI_COMBINE: MappingProxyType[tuple[str, str], str] = MappingProxyType(_build_vni_combine())
"""(base letter, lower-case mark code) → composed letter, e.g. ("a", "á") → "ấ"."""


# --- public API --------------------------------------------------------------------------------
_STYLE_SUFFIX = re.compile(r"(?:[\s,_-]+(?:bold|italic|regular|normal|oblique|bd|it|bi))+$", re.IGNORECASE)


def encoding_for_font(font_name: str | None) -> LegacyEncoding | None:
    """The legacy encoding a font name announces, if any.

    A font name is the strongest evidence there is: Word draws the run with that font, so the
    codes mean what the font makes of them whatever the text looks like.

    >>> encoding_for_font(".VnTime"), encoding_for_font(".VnTimeH"), encoding_for_font(".VnArialH Bold")
    ('tcvn3', 'tcvn3_upper', 'tcvn3_upper')
    >>> encoding_for_font("VNI-Times"), encoding_for_font("Times New Roman"), encoding_for_font(None)
    ('vni', None, None)
    """
    if not font_name:
        return None
    name = _STYLE_SUFFIX.sub("", font_name.strip())
    if name[:3].lower() == ".vn" and len(name) > 3:
        return "tcvn3_upper" if name.endswith("H") else "tcvn3"
    upper = name.upper()
    if upper == "VNI" or upper.startswith(("VNI-", "VNI ", "VNI_")):
        return "vni"
    return None


def convert(text: str, encoding: str) -> tuple[str, list[int]]:
    """Turn legacy-encoded ``text`` into Unicode (NFC); ``offsets[i]`` is the input index of output i.

    Characters that are not codes of the encoding (digits, ASCII, quotes) pass through.

    >>> convert("Uû ban nh\\xa9n d\\xa9n x\\xb7", "tcvn3")[0]
    'Uỷ ban nhân dân xã'
    >>> convert("Sè hå s\\xac \\xae\\xb7 gi\\xb6i quyÕt", "tcvn3")[0]
    'Số hồ sơ đã giải quyết'
    >>> convert("\\xf1y ban nh\\xa9n d\\xa9n x\\xb7", "tcvn3_upper")[0]
    'ỦY BAN NHÂN DÂN XÃ'
    >>> convert("Soá hoà sô ñaõ giaûi quyeát", "vni")[0]
    'Số hồ sơ đã giải quyết'
    >>> convert("hoà sô", "vni")
    ('hồ sơ', [0, 1, 3, 4, 5])
    """
    if encoding == "tcvn3":
        return text.translate(_TCVN3_TABLE), list(range(len(text)))
    if encoding == "tcvn3_upper":
        return _upper_one_to_one(text.translate(_TCVN3_TABLE)), list(range(len(text)))
    if encoding == "vni":
        return _convert_vni(text)
    raise ValueError(f"unknown legacy encoding: {encoding!r}")


def _upper_one_to_one(text: str) -> str:
    """Upper case that never changes the length ("ß" would become "SS"), so offsets stay valid."""
    return "".join(u if len(u := ch.upper()) == 1 else ch for ch in text)


def _convert_vni(text: str) -> tuple[str, list[int]]:
    """A mark code folds into the letter before it; the letter keeps the base's offset."""
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        if out:
            composed = VNI_COMBINE.get((out[-1], ch.lower()))
            if composed is not None:
                out[-1] = composed
                continue
        out.append(VNI_LETTERS.get(ch, ch))
        offsets.append(i)
    return "".join(out), offsets


# --- detection ---------------------------------------------------------------------------------
# Letters only Vietnamese uses: outside Latin-1, so no legacy code can produce them.
_REAL_VIETNAMESE = re.compile("[ĂăĐđĨĩŨũƠơƯư\u1ea0-\u1ef9\u0300\u0301\u0303\u0309\u0323]")
_NUCLEI = (  # the vowel cores of Vietnamese syllables, tone marks removed
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y",
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi",
    "oo", "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ươ", "ưu", "yê",
    "iêu", "oai", "oao", "oay", "oeo", "uây", "uôi", "uya", "uyê", "uyu", "ươi", "ươu", "yêu",
)
_INITIAL = "(ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnprstvx])?"
_FINAL = "(ch|ng|nh|[cmnpt])?"
_SYLLABLE = re.compile(_INITIAL + "({})".format("|".join(sorted(_NUCLEI, key=len, reverse=True))) + _FINAL)
# Cores ending in a glide take no final consonant; "iê", "uô", "ươ" … need one.
_OPEN_ONLY = {n for n in _NUCLEI if len(n) > 1 and n[-1] in "iyou" and n not in ("uy", "oo")}
_OPEN_ONLY |= {"ia", "ua", "ưa"}
_CLOSED_ONLY = {"ă", "â", "iê", "yê", "uô", "ươ", "uyê", "oă", "uâ"}
_MODIFIED = "ăâêôơư"
_LETTERS = re.compile(r"[^\W\d_]+")
_TONES = {_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT}


def _tone_slots(nucleus: str, closed: bool) -> set[int]:
    """Where a tone may sit in a vowel core, old ("hoà") and new ("hòa") placement both allowed."""
    modified = [i for i, c in enumerate(nucleus) if c in _MODIFIED]
    if modified:
        return {modified[-1]}
    if len(nucleus) == 1:
        return {0}
    if len(nucleus) == 3 or closed:
        return {1}
    return {0, 1} if nucleus in ("oa", "oe", "uy") else {0}


def _split_tone(word: str) -> tuple[str, list[int]] | None:
    """Lower-case ``word`` without tone marks, and the indices of the letters that carried one."""
    bare: list[str] = []
    toned: list[int] = []
    for ch in unicodedata.normalize("NFD", word.lower()):
        if ch in _TONES and bare:
            toned.append(len(bare) - 1)
        elif unicodedata.combining(ch) and bare:
            bare[-1] = unicodedata.normalize("NFC", bare[-1] + ch)
        else:
            bare.append(ch)
    if any(len(c) != 1 for c in bare):
        return None
    return "".join(bare), toned


def _is_syllable(word: str, strict_case: bool = True) -> bool:
    """A Vietnamese syllable: known consonants and vowel core, one tone at most, on the right vowel.

    This is what a correct repair produces; reading with the wrong table gives shapes such as
    "ủửụùc" (four vowels, four tones) or "leõ" (the tone of "eo" never sits on the "o").
    ``strict_case`` rejects a capital inside a lower-case word ("thÓ"), the mark of TCVN3 codes
    read as they are; repaired text is exempt, as .VnTime headings typed with Caps Lock mix cases.

    >>> [_is_syllable(w) for w in ("nghiệp", "Quyết", "hoà", "hòa", "NGƯỜI", "thuỷ", "gìn", "giữ")]
    [True, True, True, True, True, True, True, True]
    >>> [_is_syllable(w) for w in ("ủửụùc", "cafộ", "leõ", "nhaõn", "thÓ")]
    [False, False, False, False, False]
    """
    if strict_case and not (word.islower() or word.isupper() or word.istitle()):
        return False
    split = _split_tone(word)
    if split is None or len(split[1]) > 1:
        return False
    bare, toned = split
    m = _SYLLABLE.fullmatch(bare)
    if m is None:
        return False
    nucleus, closed = m.group(2), bool(m.group(3))
    if (closed and nucleus in _OPEN_ONLY) or (not closed and nucleus in _CLOSED_ONLY):
        return False
    return not toned or toned[0] - m.start(2) in _tone_slots(nucleus, closed)


def _reads_as_vietnamese(word: str, strict_case: bool = True) -> bool:
    """Every run of letters in ``word`` is a syllable ("hồ/sơ," is; "s¬" is not: "s" alone)."""
    parts = _LETTERS.findall(word)
    return bool(parts) and all(_is_syllable(p, strict_case) for p in parts)


def detect_encoding(text: str) -> Literal["tcvn3", "vni"] | None:
    """Guess TCVN3 or VNI from the text alone, for runs whose font name says nothing.

    The words that are not plain ASCII are read three ways: as they are, as TCVN3 and as VNI.
    An encoding wins when its reading turns more words into Vietnamese syllables than the other
    table does, and leaves more of them readable than the text as it stands.
    Text holding letters only Unicode Vietnamese has, or too little evidence, is left alone:
    a wrong repair destroys good text, a missed one only leaves garbage a person will notice.

    >>> detect_encoding("Tæng sè hå s¬ tiÕp nhËn: 125 hå s¬")
    'tcvn3'
    >>> detect_encoding("Toång soá hoà sô tieáp nhaän: 125 hoà sô")
    'vni'
    >>> detect_encoding("Tổng số hồ sơ tiếp nhận: 125 hồ sơ") is None
    True
    >>> detect_encoding("Café, résumé and naïve façades") is None
    True
    """
    words = [w for w in text.split() if not w.isascii()]
    if not words:
        return None
    if sum(1 for w in words if _REAL_VIETNAMESE.search(w)) * 10 > len(words):
        return None
    as_is = sum(1 for w in words if _reads_as_vietnamese(w))
    readings = {enc: [convert(w, enc)[0] for w in words] for enc in ("tcvn3", "vni")}
    valid = {enc: [_reads_as_vietnamese(r, False) for r in rs] for enc, rs in readings.items()}
    # words a reading actually changed into syllables: the evidence that separates the tables
    changed = {enc: sum(v and r != w for v, r, w in zip(valid[enc], rs, words, strict=True))
               for enc, rs in readings.items()}
    best: Literal["tcvn3", "vni"] = "tcvn3" if (changed["tcvn3"], sum(valid["tcvn3"])) > (
        changed["vni"], sum(valid["vni"])) else "vni"
    other = "vni" if best == "tcvn3" else "tcvn3"
    good = sum(valid[best])
    if changed[best] >= 2 and changed[best] > changed[other] and good * 2 >= len(words) and good > as_is:
        return best
    return None
