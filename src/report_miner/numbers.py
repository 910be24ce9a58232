"""Vietnamese numbers in report text, and the numbers that are not figures.

"1.234" is one thousand two hundred thirty-four, "97,5%" ninety-seven and a half per cent, "02"
is 2, "5,65 ngàn" is 5 650, "hơn 600" is an approximate 600, "4.561/5.650" is a part of a
whole, and "Không" answering a count is 0. Dates, document numbers ("2552/QĐ-UBND"), decree years,
phone numbers, URLs and times are found first and never become figures.

``find_numbers`` returns every number token of a text with what stands right around it (unit,
scale, approximation, fraction partner); deciding what a number counts is ``extract.link``'s job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from report_miner.patterns import Patterns

# A number as written: thousands with dots and an optional decimal comma, or plain digits with an
# optional decimal comma; never glued to letters or other digits.
_NUM = (r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d.,]?\d)(?:,\d+)?"
        r"|\d+(?:,\d+)?|\d+\.\d{1,2}(?!\d)")  # "1 288": thousands set off by spaces, as some offices type them
# "hơn4.500": an approximation word glued to the number is a typing slip, not a code
NUMBER_RE = re.compile(rf"(?:(?<![\w.,])|(?<=hơn)|(?<=gần)|(?<=trên))(?:{_NUM})(?![\w])")

_DATE_RES = [
    # 15/3/2024, 15-3-2024, 15.3.2024, 15/03/24 and glued forms like "21/7đến"
    re.compile(r"(?<!\d)\d{1,2}\s?[/\-.]\s?\d{1,2}\s?[/\-.]\s?(?:19|20)\d{2}(?!\d)"),
    re.compile(r"(?<!\d)\d{1,2}/\d{1,2}/\d{2}(?![\d/])"),
    re.compile(r"(?:ngày|ngay)\s+\d{1,2}\s*(?:tháng|thang)\s*\d{1,2}(?:\s*(?:năm|nam)\s*\d{4})?", re.IGNORECASE),
    re.compile(r"(?:tháng|thang|quý|quy)\s+\d{1,2}\s*(?:/|năm|nam|-)\s*\d{4}", re.IGNORECASE),
    re.compile(r"(?:ngày|ngay|từ|tu|đến|den|tới|toi|hết|het|sáng|chiều|tối|trưa)\s+\d{1,2}\s?[/\-.]\s?\d{1,2}"
               r"(?![\d/])", re.IGNORECASE),
    # column markers and formulas: "1.281 hồ sơ (1)", "[(2)+(3)]/(1)*100%"
    re.compile(r"\(\s*\d{1,2}\s*\)|[*×]\s*100\s*%"),
    re.compile(r"(?:từ|tu)\s+(?:ngày\s+)?\d{1,2}\s*(?:đến|-|–)\s*(?:ngày\s+)?\d{1,2}(?=\s*[/\-.]\s*\d)", re.IGNORECASE),
    re.compile(r"(?<!\d)24\s?/\s?(?:24|7)(?!\d)"),
    re.compile(r"(?<!\d)\d{1,2}/\d{1,2}(?=\s*(?:đến|den|-|–|và)\s*(?:ngày\s+)?\d{1,2}/\d{1,2})", re.IGNORECASE),
    re.compile(r"(?:năm|nam)\s+(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?", re.IGNORECASE),
    re.compile(r"(?<!\d)(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}(?!\d)"),
    re.compile(r"(?<!\d)\d{1,2}\s*(?:h|giờ|gio)\s*\d{0,2}(?:\s*(?:phút|p))?(?![\w])", re.IGNORECASE),
    re.compile(r"(?<!\d)\d{1,2}:\d{2}(?![\d:])"),
]
# Document numbers: 2552/QĐ-UBND, 61/2018/NĐ-CP, 1844/UBND-TTHC, 278/BC-UBND, số 15/KH-UBND; the Party's
# 04-CTr/ĐU, 225-CV/ĐU
_DOCNUM_RE = re.compile(
    r"(?<![\w/])\d+(?:\s?/\s?(?:19|20)?\d{2,4})?\s?/\s?[A-ZĐ][A-ZĐa-zđ0-9]*(?:\s?[-–]\s?[A-ZĐ0-9][A-ZĐa-zđ0-9]*)*"
    r"|(?<![\w/])\d+[-–][A-ZĐ][A-ZĐa-zđ]*/[A-ZĐ][A-ZĐa-zđ0-9]*(?:[-–][A-ZĐ0-9][A-ZĐa-zđ0-9]*)*")
_DOCNUM_WORD_RE = re.compile(
    r"(?:(?:nghị định|quyết định|thông tư|kế hoạch|công văn|chỉ thị|nghị quyết|báo cáo|văn bản|luật|hướng dẫn|"
    r"thông báo|tờ trình|đề án|chương trình hành động|chương trình|kết luận)\s+(?:số\s*)?\d+[\w/\-–]*)",
    re.IGNORECASE,
)
_PHONE_RE = re.compile(r"(?<!\d)(?:\(?0\d{2,3}\)?[.\s-]?\d{3,4}[.\s-]?\d{3,4}|1900\s?\d{4}|1800\s?\d{4})(?!\d)")
_URL_RE = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|\b[\w.-]+\.(?:gov|com|org|edu|net)\.vn\S*", re.IGNORECASE)
_CODE_RE = re.compile(r"\b[A-Z]+\d+[A-Z\d]*\b|\b\d+[A-Za-z]\b|\b[A-Za-z]+-\d+\b")  # "5a", "H12", "Covid-19"
_ROMAN_UNIT = re.compile(
    r"(?:quý|quy)\s+[IVX]+(?:\s*/\s*\d{4})?"
    # "mức độ 3 và 4": levels, not counts
    r"|(?:mức độ|mức|cấp độ)\s+\d(?:\s*(?:,|và|-|–)\s*\d(?![\d.,]?\d))+(?!\s*(?:hồ sơ|TTHC|thủ tục))",
    re.IGNORECASE)
_DOC_WORDS = ("nghị định", "quyết định", "thông tư", "kế hoạch", "công văn", "chỉ thị", "nghị quyết", "báo cáo",
              "văn bản", "luật", "hướng dẫn", "thông báo", "tờ trình", "đề án")
_LONG_DIGITS = re.compile(r"(?:\d[\s.\-()]?){8}")
_RATE_BEFORE = re.compile(r"(?:đat|ty lê|ti lê|chiêm)(?:\s+(?:hơn|gân|trên|khoang))?\s*:?\s*$")
_UNIT_GAP = re.compile(r"\s*(?:\)\s*)?")
_BOUNDARY_AFTER = re.compile(r"\s*(?:[.;,)\]]|$)")


@dataclass
class NumberToken:
    start: int
    end: int  # end of what is taken as the number itself (with % or scale word)
    value: float
    raw: str
    percent: bool = False
    decimals: int = 0
    approximate: bool = False
    scale: int = 1
    unit: str | None = None  # unit key as matched ("hô sơ")
    unit_class: str | None = None
    unit_end: int = 0  # end of the unit (or of the number when there is none)
    zero: str | None = None  # "after_colon" | "leading" | "bare" for "Không"-style answers
    whole_of: int | None = None  # start of the part this one is the whole of (a/b: b is the whole of a)
    part_of: int | None = None  # start of the whole this one is a part of (a/b: a is a part of b)
    flags: list[str] = field(default_factory=list)
    excluded: str | None = None  # why this is not a figure

    @property
    def is_int(self) -> bool:
        return float(self.value).is_integer()


def parse_vn_number(raw: str) -> tuple[float, int, list[str]]:
    """Value, decimals stated and flags of a number written the Vietnamese way.

    >>> parse_vn_number("1.234")
    (1234.0, 0, [])
    >>> parse_vn_number("97,5")
    (97.5, 1, [])
    >>> parse_vn_number("02")
    (2.0, 0, [])
    >>> parse_vn_number("1.234,56")
    (1234.56, 2, [])
    >>> parse_vn_number("1.5")
    (1.5, 1, ['ambiguous_separator'])
    >>> parse_vn_number("1 288")
    (1288.0, 0, [])
    """
    flags: list[str] = []
    s = raw.strip()
    if re.fullmatch(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?", s):
        s = re.sub(r"[ \u00a0\u202f]", ".", s)  # "1 288" is "1.288"
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", s):
        intpart, _, dec = s.partition(",")
        value = float(intpart.replace(".", "") + ("." + dec if dec else ""))
        return value, len(dec), flags
    if re.fullmatch(r"\d+,\d+", s):
        intpart, dec = s.split(",")
        if len(dec) == 3 and intpart != "0":
            flags.append("ambiguous_separator")  # "1,234": a decimal the Vietnamese way, thousands the English way
        return float(f"{intpart}.{dec}"), len(dec), flags
    if re.fullmatch(r"\d+\.\d{1,2}", s):
        flags.append("ambiguous_separator")  # "1.5": not a thousands group
        intpart, dec = s.split(".")
        return float(f"{intpart}.{dec}"), len(dec), flags
    return float(s), 0, flags


def _spans(regexes: list[re.Pattern[str]], text: str) -> list[tuple[int, int]]:
    out = []
    for rx in regexes:
        out += [(m.start(), m.end()) for m in rx.finditer(text)]
    return out


def excluded_spans(text: str) -> list[tuple[int, int, str]]:
    """Spans of text whose digits are never figures, with the reason."""
    out: list[tuple[int, int, str]] = []
    low = text.lower()
    if "http" in low or "www" in low or "@" in low or ".vn" in low:
        out += [(a, b, "url") for a, b in _spans([_URL_RE], text)]
    out += [(a, b, "date") for a, b in _spans(_DATE_RES, text)]
    if "/" in text or "số" in low or any(w in low for w in _DOC_WORDS):
        out += [(a, b, "document_number") for a, b in _spans([_DOCNUM_RE, _DOCNUM_WORD_RE], text)]
    if _LONG_DIGITS.search(text):
        out += [(a, b, "phone") for a, b in _spans([_PHONE_RE], text)]
    out += [(a, b, "code") for a, b in _spans([_CODE_RE, _ROMAN_UNIT], text)]
    return out


def _in_spans(pos: int, end: int, spans: list[tuple[int, int, str]]) -> str | None:
    for a, b, why in spans:
        if a <= pos < b or a < end <= b:
            return why
    return None


def find_numbers(text: str, key: str, patterns: Patterns, skip_before: int = 0) -> list[NumberToken]:
    """Every number token in ``text`` (``key`` is its ``match_key``), in order.

    Tokens inside dates, document numbers, URLs or phone numbers are returned with ``excluded`` set,
    so that a caller can still see them; the section marker (``skip_before``) is skipped.
    """
    spans = excluded_spans(text)
    tokens: list[NumberToken] = []
    for m in NUMBER_RE.finditer(text):
        if m.start() < skip_before:
            continue
        raw = m.group()
        value, decimals, flags = parse_vn_number(raw)
        tok = NumberToken(start=m.start(), end=m.end(), value=value, raw=raw, decimals=decimals, flags=flags)
        tok.excluded = _in_spans(m.start(), m.end(), spans)
        _read_after(tok, text, key, patterns)
        _read_before(tok, key, patterns)
        tokens.append(tok)
    _link_fractions(tokens, text)
    tokens += _zero_tokens(text, key, patterns, tokens, skip_before)
    tokens += _word_numbers(text, key, patterns, tokens, skip_before)
    tokens.sort(key=lambda t: t.start)
    return tokens


def _read_after(tok: NumberToken, text: str, key: str, patterns: Patterns) -> None:
    """Percent sign, scale word and unit after the number."""
    pos = tok.end
    m = re.match(r"\s?%|\s+phần trăm(?!\w)", text[pos:])
    if m and not re.match(r"\s*điểm", text[pos - 10: pos]):
        tok.percent = True
        pos += m.end()
    else:
        m = re.match(r"\s+(ngàn|nghìn|triệu|tỷ|tỉ)(?!\w)", text[pos:])
        if m and not re.match(r"\s*(?:đồng|đ\b|vnđ)", text[pos + m.end():], re.IGNORECASE):
            tok.scale = patterns.numbers.scales.get(m.group(1), 1)
            tok.value = round(tok.value * tok.scale, 6)
            tok.approximate = True  # "4,52 ngàn" is rounded to tens: never an exact figure for the checks
            tok.flags.append("scaled")
            tok.raw = text[tok.start: pos + m.end()]
            pos += m.end()
    tok.end = pos
    tok.unit_end = pos
    if (not tok.percent and tok.decimals and tok.value <= 100 and tok.scale == 1
            and _RATE_BEFORE.search(key, max(0, tok.start - 20), tok.start)
            and not patterns.unit_index.match_at(key, _unit_start(key, pos))):
        # "808 hồ sơ, đạt 92,98": a rate written without its per-cent sign
        tok.percent = True
        tok.flags.append("percent_implied")
    if tok.percent:
        tok.unit_class = "percent"
        tok.raw = text[tok.start: pos].replace(" ", "")
        if patterns.percent_others_index.match_at(key, _unit_start(key, pos)):
            tok.excluded = tok.excluded or "unit"  # "tập huấn cho 100% cán bộ", "100% xã, phường đã triển khai"
        return
    um = patterns.unit_index.match_at(key, _unit_start(key, pos))
    if um:
        unit_end, unit_key = um
        tok.unit = unit_key
        tok.unit_class = patterns.unit_class.get(unit_key)
        tok.unit_end = unit_end
        if tok.unit_class == "not_indicator":
            tok.excluded = tok.excluded or "unit"
            # "lượt thanh toán" is a payment unit even though "lượt người" is not
    elif tok.scale == 1 and re.match(r"\s*(?:đồng|đ\b|vnđ|vnd|usd)", text[pos:], re.IGNORECASE):
        tok.excluded = tok.excluded or "money"


def _unit_start(key: str, pos: int) -> int:
    """Where a unit after the number would start: past spaces and a closing parenthesis ("(119/119) TTHC")."""
    m = _UNIT_GAP.match(key, pos)
    return m.end() if m else pos


def _read_before(tok: NumberToken, key: str, patterns: Patterns) -> None:
    """Approximation word, identifier word or change word right before the number."""
    before = key[max(0, tok.start - 40): tok.start]
    if patterns.approx_regex and patterns.approx_regex.search(before):
        tok.approximate = True
        tok.flags.append("approximate")
    if tok.excluded:
        return
    if patterns.change_before_regex and patterns.change_before_regex.search(before):
        tok.excluded = "change"
    elif (patterns.identifier_before_regex and not before.rstrip().endswith(":")
          and patterns.identifier_before_regex.search(before)
          and (tok.unit_class in (None, "not_indicator") or re.search(r"(?:năm|nam|thang|quy|ngay)\s*$", before))):
        # "mức độ 3", "tầng 1", "năm 2024", "Hệ thống thông tin 1022": an identifier unless a count unit follows
        tok.excluded = "identifier"


def _link_fractions(tokens: list[NumberToken], text: str) -> None:
    """"269/280" → 269 is a part of 280 (never a date: dates were excluded first)."""
    for i in range(len(tokens) - 1):
        a, b = tokens[i], tokens[i + 1]
        if a.excluded or b.excluded or a.percent:
            continue
        between = text[a.end: b.start]
        # "365 trong số 1.234 thủ tục", "120 hồ sơ trong tổng số 150 hồ sơ": the same as 365/1.234
        spoken = re.fullmatch(r"(?:\s+[^\d\s,;.()]+){0,3}\s+trong\s+(?:tổng\s+)?số\s+", text[a.unit_end: b.start],
                              re.IGNORECASE) if a.unit_end >= a.end else None
        if re.fullmatch(r"\s?/\s?", between) or (spoken and (a.unit_class in (None, b.unit_class))):
            a.part_of = b.start
            b.whole_of = a.start
            a.unit, a.unit_class = b.unit, b.unit_class
            if b.unit_class == "not_indicator":
                a.excluded = a.excluded or "unit"  # "13/20 cơ quan"


def _zero_tokens(text: str, key: str, patterns: Patterns, tokens: list[NumberToken],
                 skip_before: int) -> list[NumberToken]:
    """"Không", "không có", "không phát sinh" answering a count become a 0."""
    out: list[NumberToken] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, kind: str) -> None:
        if start < skip_before or any(a < end and start < b for a, b in taken):
            return
        raw_text = text[start:end]
        raw = raw_text if kind != "leading" or "phát sinh" in raw_text.lower() else raw_text.split()[0]
        out.append(NumberToken(start=start, end=start + len(raw), value=0.0, raw=raw, zero=kind, unit_end=end))
        taken.append((start, end))

    if "không" not in key and "chưa" not in key:
        return out
    for m in patterns.zero_after_colon_regex.finditer(key):
        add(m.start(1), m.end(1), "after_colon")
    for m in patterns.zero_bare_regex.finditer(key):
        add(m.start(1), m.end(1), "bare")
    for m in patterns.zero_leading_regex.finditer(key):
        # "không có hồ sơ quá hạn": the label follows; a number after it means it is not a zero answer
        rest = key[m.end(): m.end() + 40]
        if NUMBER_RE.match(rest.strip()):
            continue
        add(m.start(1), m.end(1), "leading")
    return out


def _word_numbers(text: str, key: str, patterns: Patterns, tokens: list[NumberToken],
                  skip_before: int) -> list[NumberToken]:
    """"hai hồ sơ": a number word counts only with a count unit right after it."""
    words = patterns.number_words
    out: list[NumberToken] = []
    for m in patterns.number_words_regex.finditer(key):
        if m.start() < skip_before:
            continue
        tok = NumberToken(start=m.start(1), end=m.end(1), value=float(words[m.group(1)]),
                          raw=text[m.start(1): m.end(1)], flags=["number_word"])
        _read_after(tok, text, key, patterns)
        out.append(tok)
    return out
