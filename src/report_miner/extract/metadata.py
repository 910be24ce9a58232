"""Report identity: issuer and its level, parents, number, date, period, data period, signer, references.

Sources, in order of trust: the header block (issuer lines, "Số: …/BC-UBND", "Đức Lợi, ngày 18
tháng 3 năm 2024"), the title ("… quý II năm 2024"), the lead-in ("UBND xã Đức Nhuận báo cáo"),
the closing sentence, and finally how the text refers to itself ("UBND xã đã …" twenty times).
The parents come from the header, the text, the website address (xasonnham.sonha.quangngai.gov.vn)
and the gazetteer.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from report_miner import gazetteer
from report_miner.models import Block, DataPeriod, Issuer, LegalReference, Period, ReportInfo
from report_miner.segment import Layout

LEVEL_WORDS = [("thị trấn", "thi_tran"), ("thị xã", "thi_xa"), ("thành phố", "thanh_pho"), ("xã", "xa"),
               ("phường", "phuong"), ("huyện", "huyen"), ("quận", "quan"), ("tỉnh", "tinh"), ("đặc khu", "other")]
LEVEL_RANK = {"xa": 1, "phuong": 1, "thi_tran": 1, "other": 1, "huyen": 2, "quan": 2, "thi_xa": 2,
              "thanh_pho": 2, "tinh": 3}
COMMUNE_LEVELS = {"xa", "phuong", "thi_tran"}
_LEVEL_ALT = "|".join(w for w, _ in LEVEL_WORDS)
_UPPER = "A-ZĐÀÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴÈÉẸẺẼÊỀẾỆỂỄÌÍỊỈĨÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠÙÚỤỦŨƯỪỨỰỬỮỲÝỴỶỸ"
# a name: capitalised words ("Đưng K’Nớ" keeps its apostrophe), or a number ("Phường 1", never "1.432")
_WORD = rf"[{_UPPER}][\w]*(?:['’][\w]+)?"
_NUMBER_NAME = r"\d{1,2}(?![\d]|[.,]\d)"
_NAME = rf"(?:{_WORD}|{_NUMBER_NAME})(?:\s+(?:{_WORD}|{_NUMBER_NAME})){{0,3}}"
_UNIT_RE = re.compile(rf"(?<![\w])(?P<lvl>{_LEVEL_ALT})\s+(?P<name>{_NAME})", re.IGNORECASE)
_UNIT_CASED_RE = re.compile(rf"(?<![\w])(?P<lvl>{_LEVEL_ALT})\s+(?P<name>{_NAME})")
_GENERIC_SELF = re.compile(
    rf"(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|toàn|trên địa bàn)\s+(?P<lvl>{_LEVEL_ALT})(?![\w])", re.IGNORECASE)
_TITLE_UNIT_RE = re.compile(rf"(?:tại|trên địa bàn|của|công)\s+(?:UBND\s+)?(?P<u>(?:{_LEVEL_ALT})\s+{_NAME})")
# Words that end a name: never the last word of a place ("xã Đức Phong Số …", "Quý", "Tháng")
_NAME_STOP = {"Báo", "Cáo", "Số", "Kính", "Gửi", "Về", "Năm", "Quý", "Tháng"}
# Two-word phrases of the national motto and the report's furniture that run on from a name in a header
# ("XÃ SƠN NHAM Độc lập - Tự do", "UBND xã Hòa Sơn Trung tâm …"). Their words alone are place names too
# ("Nghĩa Đô", "Tân Lập", "Hòa Trung"), so only the pair is cut.
_NAME_PAIRS = {("độc", "lập"), ("tự", "do"), ("hạnh", "phúc"), ("trung", "tâm"), ("báo", "cáo"),
               ("chủ", "nghĩa"), ("việt", "nam"), ("kính", "gửi"), ("cộng", "hòa"), ("cộng", "hoà")}
MONTHS_IN_QUARTER = 3


@dataclass
class UnitMention:
    level: str
    name: str
    weight: float
    source: str


def _level_of(word: str) -> str:
    w = word.lower()
    for text, lvl in LEVEL_WORDS:
        if w == text:
            return lvl
    return "other"


def _clean_name(name: str, after: str = "") -> str | None:
    """The place name in a captured run of capitalised words; ``after`` is the text that follows it.

    >>> _clean_name("Nghĩa Đô"), _clean_name("Sơn Nham Độc", "lập - Tự do"), _clean_name("Tân Lập")
    ('Nghĩa Đô', 'Sơn Nham', 'Tân Lập')
    >>> _clean_name("HÒA SƠN ĐỘC LẬP")
    'Hòa Sơn'
    """
    if re.match(r"(?i)hội\s+chủ\s+nghĩa", name):
        return None  # "XÃ HỘI CHỦ NGHĨA VIỆT NAM" is the national motto, not a commune
    words = name.split()
    following = after.split()[:1]
    while words:
        if words[-1] in _NAME_STOP or words[-1].title() in _NAME_STOP:
            words.pop()
        elif len(words) >= 2 and (words[-2].lower(), words[-1].lower()) in _NAME_PAIRS:
            del words[-2:]
        elif following and (words[-1].lower(), following[0].lower()) in _NAME_PAIRS:
            words.pop()
        else:
            break
        following = []
    if not words or words[0] in _NAME_STOP or words[0].title() in _NAME_STOP:
        return None
    out = " ".join(words)
    if out.isupper():
        out = out.title()
    return out


_ABBREVIATED = {"tp": "thanh_pho", "tx": "thi_xa", "q": "quan", "tt": "thi_tran"}
_ABBREV_RE = re.compile(rf"(?<![\w.])(?P<lvl>TP|Tp|TX|Tx|Q|TT)\.\s*(?P<name>{_NAME})"
                        rf"|(?<![\w.])(?P<lvl2>TP)\s+(?P<name2>{_NAME})")


def _mentions(text: str, weight: float, source: str, cased: bool = True) -> list[UnitMention]:
    out = []
    for m in _ABBREV_RE.finditer(text):  # "UBND TP.Hội An", "Q.1", "TP Cần Thơ"
        lvl = _ABBREVIATED[(m.group("lvl") or m.group("lvl2")).lower()]
        name = _clean_name(m.group("name") or m.group("name2"), text[m.end():])
        if name:
            out.append(UnitMention(lvl, name, weight, source))
    rx = _UNIT_CASED_RE if cased else _UNIT_RE
    for m in rx.finditer(text):
        lvl_word = m.group("lvl")
        if cased and not (lvl_word.islower() or lvl_word.isupper()):
            continue
        name = _clean_name(m.group("name"), text[m.end():])
        level = _level_of(lvl_word)
        if name and name.isdigit() and level not in ("phuong", "quan"):
            continue  # "cấp tỉnh 1.432 TTHC", "huyện 2": only wards and urban districts are numbered
        if name:
            out.append(UnitMention(level, name, weight, source))
    return out


# "Trung tâm Phục vụ hành chính công Quảng Nam", "Trung tâm Hành chính công và xúc tiến đầu tư Quảng Nam"
_CENTRE_RE = re.compile(rf"Trung tâm (?:Phục vụ )?[Hh]ành chính công(?: và [a-zđà-ỹ ]+?)?\s+(?:tỉnh\s+)?"
                        rf"(?P<name>{_WORD}(?:\s+{_WORD}){{0,2}})")


def _centre_mentions(text: str) -> list[UnitMention]:
    """The province named by its public administration centre (a name the gazetteer knows as a province)."""
    out = []
    for m in _CENTRE_RE.finditer(text):
        words = m.group("name").split()
        for n in range(len(words), 0, -1):
            province = gazetteer.find_province(" ".join(words[:n])) if gazetteer.available() else None
            if province:
                out.append(UnitMention(gazetteer.province_level(province), province, 5, "body"))
                break
    return out


def _header_lines(blocks: list[Block], layout: Layout) -> list[str]:
    lines: list[str] = []
    for b in blocks:
        if b.part != "body" or layout.info[b.index].role != "header":
            continue
        if b.kind == "table" and b.table:
            for c in sorted(b.table.cells, key=lambda c: (c.col, c.row)):
                lines += [x.strip() for x in c.text.split("\n") if x.strip()]
        else:
            lines.append(b.text)
    return lines


# ----------------------------------------------------------------------------- issuer


def _issuer(blocks: list[Block], layout: Layout, header: list[str]) -> tuple[Issuer, list[UnitMention]]:
    """The issuer and every unit mentioned, with the weight of where it was said."""
    mentions: list[UnitMention] = []
    header_units: list[UnitMention] = []
    for line in header:
        if "CỘNG HÒA" in line.upper() or "CỘNG HOÀ" in line.upper():
            continue
        found = _mentions(line, 100, "header", cased=False)
        if found:
            header_units += found
    mentions += header_units
    body_blocks = [b for b in blocks if b.part == "body" and b.kind == "paragraph"]
    roles = layout.info
    level_votes: Counter[str] = Counter()
    for b in body_blocks:
        role = roles[b.index].role
        if role in ("header", "recipients"):
            continue
        text = b.text
        if role == "title":
            for m in _TITLE_UNIT_RE.finditer(text):
                mentions += _mentions(m.group("u"), 40, "title")
        for m in re.finditer(rf"(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(?P<u>(?:{_LEVEL_ALT})\s+{_NAME})\s+"
                             r"(?:kính\s+)?báo cáo", text):
            mentions += _mentions(m.group("u"), 50, "lead-in")
        if re.match(r"^Trên đây là", text):
            for m in re.finditer(rf"của\s+(?:UBND\s+)?(?P<u>(?:{_LEVEL_ALT})\s+{_NAME})", text):
                mentions += _mentions(m.group("u"), 30, "closing")
        # what the report calls itself: "UBND xã đã …", "toàn huyện", "trên địa bàn xã"
        for m in _GENERIC_SELF.finditer(text):
            after = text[m.end(): m.end() + 2]
            if after.strip()[:1].isupper() and role != "title":
                continue  # "UBND huyện Mộ Đức": a named unit, counted below
            level_votes[_level_of(m.group("lvl"))] += 1
        mentions += _mentions(text, 1, "body")
        mentions += _centre_mentions(text)
    for b in blocks:
        if b.kind == "table" and b.table and roles[b.index].role not in ("header",):
            for c in b.table.cells:
                mentions += _mentions(c.text, 1, "table")
    issuer = Issuer()
    if header_units:
        low = min(header_units, key=lambda u: LEVEL_RANK.get(u.level, 1))
        return Issuer(level=low.level, name=low.name), mentions  # type: ignore[arg-type]
    strong = [m for m in mentions if m.weight >= 30]
    if strong:
        best = max(strong, key=lambda u: (u.weight, -LEVEL_RANK.get(u.level, 1)))
        return Issuer(level=best.level, name=best.name), mentions  # type: ignore[arg-type]
    scores: Counter[tuple[str, str]] = Counter()
    for u in mentions:
        scores[(u.level, u.name)] += int(u.weight)
    for (lvl, name) in list(scores):
        scores[(lvl, name)] += 2 * level_votes.get(lvl, 0)
    if scores:
        (lvl, name), _ = scores.most_common(1)[0]
        if level_votes and level_votes.most_common(1)[0][1] > 2 * level_votes.get(lvl, 0) + 2:
            lvl_only = level_votes.most_common(1)[0][0]
            named = [k for k in scores if k[0] == lvl_only]
            if named:
                lvl, name = max(named, key=lambda k: scores[k])
            else:
                lvl, name = lvl_only, None  # type: ignore[assignment]
        issuer = Issuer(level=lvl, name=name)  # type: ignore[arg-type]
    elif level_votes:
        issuer = Issuer(level=level_votes.most_common(1)[0][0])  # type: ignore[arg-type]
    return issuer, mentions


def _province_from_title(title: str | None) -> str | None:
    """A news item titled "Quảng Ngãi: …" or "… : Quảng Ngãi giải quyết …" names its province."""
    if not title or not gazetteer.available():
        return None
    for m in re.finditer(rf"[{_UPPER}][\w]*(?:\s+[{_UPPER}][\w]*){{1,2}}", title):
        words = m.group().split()
        for n in range(len(words), 0, -1):
            for i in range(len(words) - n + 1):
                prov = gazetteer.find_province(" ".join(words[i:i + n]))
                if prov:
                    return prov
    return None


def _parents(issuer: Issuer, mentions: list[UnitMention], header: list[str], text: str,
             after_reform: bool) -> tuple[str | None, str | None]:
    district = None
    province = None
    ranked: Counter[tuple[str, str]] = Counter()
    for m in mentions:
        if m.level in ("huyen", "quan", "thi_xa", "thanh_pho") and (m.level, m.name) != (issuer.level, issuer.name):
            ranked[("d", m.name)] += int(m.weight)
        if m.level == "tinh":
            ranked[("p", m.name)] += int(m.weight)
    ds = [(k[1], v) for k, v in ranked.items() if k[0] == "d"]
    ps = [(k[1], v) for k, v in ranked.items() if k[0] == "p"]
    if issuer.level in COMMUNE_LEVELS and ds and not after_reform:
        district = max(ds, key=lambda x: x[1])[0]
    if issuer.level != "tinh" and ps:
        province = max(ps, key=lambda x: x[1])[0]
    if issuer.level == "tinh":
        province = issuer.name
    hosts = re.findall(r"(?:https?://)?((?:[a-z0-9-]+\.)+gov\.vn)", text.lower())
    if gazetteer.available():
        for host in hosts:
            _c, d, p = gazetteer.units_from_host(host)
            if d and not district and issuer.level in COMMUNE_LEVELS and not after_reform:
                district = d
            if p and not province:
                province = p
            if district and province:
                break
        if issuer.name and issuer.level in COMMUNE_LEVELS and (not province or (not district and not after_reform)):
            cands = gazetteer.find_communes(issuer.name, province=province, district=district, level=issuer.level)
            era = [c for c in cands if (c.era == "2025") == after_reform] or cands
            if len({(c.district, c.province) for c in era}) == 1:
                district = district or (None if after_reform else era[0].district)
                province = province or era[0].province
        if district and not province:
            ds_ = gazetteer.find_districts(district)
            if len({d.province for d in ds_}) == 1:
                province = ds_[0].province
        if issuer.level in ("huyen", "quan", "thi_xa", "thanh_pho") and issuer.name and not province:
            ds_ = gazetteer.find_districts(issuer.name)
            if len({d.province for d in ds_}) == 1:
                province = ds_[0].province
    return district, province


# ----------------------------------------------------------------------------- dates and periods

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_QUARTER_RE = re.compile(r"quý\s+(?P<q>IV|III|II|I|[1-4])(?:\s*(?:năm|/|-)\s*(?P<y>\d{4}))?", re.IGNORECASE)
_HALF_RE = re.compile(r"(?:6|sáu)\s+tháng\s+(?P<w>đầu|cuối)\s+năm\s*(?P<y>\d{4})?", re.IGNORECASE)
_NINE_RE = re.compile(r"(?:9|chín)\s+tháng(?:\s+đầu)?\s+năm\s*(?P<y>\d{4})?", re.IGNORECASE)
# "10 tháng đầu năm 2020", "11 tháng năm 2023": a span of months with no name of its own
_MONTHS_SPAN_RE = re.compile(r"(?<![\d/.])(?P<n>[2-57-9]|1[01]|mười|mười một)\s+tháng(?:\s+đầu)?\s+năm\s*(?P<y>\d{4})?",
                             re.IGNORECASE)
_MONTH_RE = re.compile(r"(?<!\d\s)tháng\s+(?P<m>\d{1,2})\s*(?:/|năm|-)\s*(?P<y>\d{4})", re.IGNORECASE)
_MONTH_ONLY_RE = re.compile(r"(?<!\d\s)(?<!ngày\s)(?:trong\s+)tháng\s+(?P<m>\d{1,2})(?![\d/\-.])", re.IGNORECASE)
# "năm 2023", but not a horizon ("định hướng đến năm 2025", "tầm nhìn đến năm 2030")
_YEAR_RE = re.compile(r"(?<!đến )(?<!tới )năm\s+(?P<y>(?:19|20)\d{2})", re.IGNORECASE)

_D = r"(?P<{n}d>\d{{1,2}})\s*[/.\-]\s*(?P<{n}m>\d{{1,2}})(?:\s*[/.\-]\s*(?P<{n}y>\d{{2,4}}))?"
_W = r"ngày\s+(?P<{n}wd>\d{{1,2}})\s+tháng\s+(?P<{n}wm>\d{{1,2}})(?:\s+năm\s+(?P<{n}wy>\d{{4}}))?"


def _date_alt(n: str) -> str:
    return f"(?:{_W.format(n=n)}|(?:ngày\\s+)?{_D.format(n=n)})"


_RANGE_RE = re.compile(
    rf"(?:từ|tính từ|kể từ)\s*(?:ngày\s+)?{_date_alt('a')}\s*(?:đến|tới|-|–)\s*(?:hết\s+)?(?:ngày\s+)?"
    rf"(?:thời điểm\s+)?(?:ngày\s+)?{_date_alt('b')}", re.IGNORECASE)
# "từ ngày 1 – 31/8/2025", "từ ngày 1 đến 31-7": the start names only its day
_RANGE_DAY_RE = re.compile(
    r"(?:từ|tính từ|kể từ)\s*(?:ngày\s+)?(?P<ad>\d{1,2})\s*(?:đến|tới|-|–)\s*(?:ngày\s+)?(?P<bd>\d{1,2})\s*[/.\-]\s*"
    r"(?P<bm>\d{1,2})(?:\s*[/.\-]\s*(?P<by>\d{4}))?", re.IGNORECASE)
# "Tính từ ngày 1/7 đến cuối tháng 10/2025": the end is a whole month
_RANGE_MONTH_END_RE = re.compile(
    r"(?:từ|tính từ|kể từ)\s*(?:ngày\s+)?(?P<ad>\d{1,2})\s*[/.\-]\s*(?P<am>\d{1,2})(?:\s*[/.\-]\s*(?P<ay>\d{4}))?"
    r"\s*(?:đến|tới)\s*(?:hết|cuối)\s+tháng\s+(?P<bm>\d{1,2})(?:\s*[/.\-]\s*|\s+năm\s+)(?P<by>\d{4})",
    re.IGNORECASE)
_RANGE_BARE_RE = re.compile(rf"{_date_alt('a')}\s*(?:đến|-|–)\s*(?:ngày\s+)?{_date_alt('b')}", re.IGNORECASE)
_PLACE_DATE_RE = re.compile(r"ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})", re.IGNORECASE)
_NUMBER_RE = re.compile(r"^\s*Số\s*[:.]?\s*(?P<n>[\d\s]*\d?\s*/\s*[A-ZĐ][\w\-–/ĐđQ]*)", re.IGNORECASE)
_REF_RE = re.compile(
    r"(?P<type>Nghị định|Quyết định|Thông tư|Kế hoạch|Công văn|Chỉ thị|Nghị quyết|Báo cáo|Văn bản|Luật|Hướng dẫn|"
    r"Thông báo|Tờ trình|Đề án)\s+(?:số\s+)?(?P<num>\d+)(?:\s*/\s*(?P<year>(?:19|20)\d{2}))?"
    r"(?:\s*/\s*(?P<code>[A-ZĐ][\w\-–Đ]*))?"
    r"(?:\s+ngày\s+(?P<date>\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}))?")


def _year(y: str | None, fallback: int | None) -> int | None:
    if not y:
        return fallback
    v = int(y)
    return v + 2000 if v < 100 else v


def _iso(d: int, m: int, y: int | None) -> str | None:
    if y is None:
        return None
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def _range_dates(m: re.Match[str], fallback_year: int | None = None) -> tuple[str | None, str | None]:
    """Start and end of a matched range; a year left out is the other date's, or the report's."""
    groups = m.groupdict()
    if "bd" in groups and "ad" in groups and "am" not in groups:  # _RANGE_DAY_RE
        bm, by = int(m.group("bm")), _year(m.group("by"), fallback_year)
        return _iso(int(m.group("ad")), bm, by), _iso(int(m.group("bd")), bm, by)
    if "bd" not in groups:  # _RANGE_MONTH_END_RE: to the last day of the month
        end_m, end_y = int(m.group("bm")), int(m.group("by"))
        start_m = int(m.group("am"))
        start_y = _year(m.group("ay"), None) or (end_y - 1 if start_m > end_m else end_y)
        last = calendar.monthrange(end_y, end_m)[1] if 1 <= end_m <= 12 else 28
        return _iso(int(m.group("ad")), start_m, start_y), _iso(last, end_m, end_y)

    def parts(n: str) -> tuple[int, int, int | None]:
        if m.group(f"{n}wd"):
            return int(m.group(f"{n}wd")), int(m.group(f"{n}wm")), _year(m.group(f"{n}wy"), None)
        return int(m.group(f"{n}d")), int(m.group(f"{n}m")), _year(m.group(f"{n}y"), None)

    ad, am, ay = parts("a")
    bd, bm, by = parts("b")
    if by is None:
        by = fallback_year
    if ay is None and by is not None:
        ay = by - 1 if am > bm else by
    return _iso(ad, am, ay), _iso(bd, bm, by)


def find_period(texts: list[str]) -> Period | None:
    """The report period, its year taken from later texts when the first that names it has none."""
    period = _find_period(texts)
    if period is None or period.year is not None:
        return period
    for i in range(len(texts)):
        later = _find_period(texts[i:])
        if later is not None and later.kind == period.kind and later.index == period.index and later.year:
            return later
    for text in texts:
        year = _any_year(text)
        if year:
            return period.model_copy(update={"year": year})
    return period


def _find_period(texts: list[str]) -> Period | None:
    """A named period (quarter, half, nine months, month) anywhere in the texts, before a bare year."""
    named = _find_named_period(texts)
    if named is not None:
        return named
    for text in texts:
        m = _YEAR_RE.search(text)
        if m:
            return Period(kind="year", index=None, year=int(m.group("y")))
    return None


def _find_named_period(texts: list[str]) -> Period | None:
    """The report period from the title (or, failing that, the first lines that name one).

    >>> find_period(["Báo cáo công tác kiểm soát TTHC quý II năm 2024"])
    Period(kind='quarter', index=2, year=2024)
    >>> find_period(["6 tháng đầu năm 2025: Quảng Ngãi giải quyết …"]).kind
    'half'
    """
    for text in texts:
        m = _HALF_RE.search(text)
        if m:
            return Period(kind="half", index=1 if m.group("w").lower() == "đầu" else 2,
                          year=_year(m.group("y"), None) or _any_year(text))
        m = _NINE_RE.search(text)
        if m:
            return Period(kind="nine_months", index=None, year=_year(m.group("y"), None) or _any_year(text))
        m = _MONTHS_SPAN_RE.search(text)
        if m and not _QUARTER_RE.search(text, 0, m.start()):
            year = _year(m.group("y"), None) or _any_year(text)
            if m.group("n") == "3" and "đầu" in m.group().lower():
                return Period(kind="quarter", index=1, year=year)  # "3 tháng đầu năm" is the first quarter
            return Period(kind="other", index=None, year=year)
        m = _QUARTER_RE.search(text)
        if m:
            q = m.group("q").upper()
            return Period(kind="quarter", index=_ROMAN.get(q) or int(q),
                          year=_year(m.group("y"), None) or _any_year(text[m.end():]) or _any_year(text))
        m = _MONTH_RE.search(text)
        if m and 1 <= int(m.group("m")) <= 12 and not re.search(r"\d\s+$", text[: m.start()]):
            return Period(kind="month", index=int(m.group("m")), year=int(m.group("y")))
        m = _MONTH_ONLY_RE.search(text)
        if m and 1 <= int(m.group("m")) <= 12:
            return Period(kind="month", index=int(m.group("m")), year=None)
    return None


def _any_year(text: str) -> int | None:
    m = re.search(r"(?<!\d)((?:19|20)\d{2})(?!\d)", text)
    return int(m.group(1)) if m else None


def find_data_period(blocks: list[Block], layout: Layout, fallback_year: int | None = None) -> DataPeriod | None:
    """The first "từ … đến …" date range of the report, preferring one that says "số liệu"."""
    found: list[tuple[int, DataPeriod]] = []
    for b in blocks:
        if b.part != "body" or layout.info[b.index].role in ("header", "recipients", "signature"):
            continue
        texts = [b.text] if b.kind == "paragraph" else []
        for text in texts:
            for rx in (_RANGE_MONTH_END_RE, _RANGE_RE, _RANGE_DAY_RE, _RANGE_BARE_RE):
                for m in rx.finditer(text):
                    start, end = _range_dates(m, fallback_year)
                    if not (start and end) or not _plausible(start, end):
                        continue
                    window = text[max(0, m.start() - 80): m.start()].lower()
                    score = 2 if ("số liệu" in window or "kỳ báo cáo" in window or "thời gian" in window) else 1
                    found.append((score, DataPeriod(start=start, end=end, raw=m.group(), block=b.index)))
                if found:
                    break
    if not found:
        return None
    best = max(found, key=lambda x: x[0])[0]
    return next(dp for s, dp in found if s == best)


def _period_of_window(start: str, end: str) -> Period | None:
    """A report that names no period is for the window its data cover: one calendar month, or 15th–14th."""
    a, b = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    next_day = b + dt.timedelta(days=1)
    if a.day == 1 and next_day.day == 1 and a.month == b.month and a.year == b.year:
        return Period(kind="month", index=b.month, year=b.year)
    if a.day == 15 and b.day == 14 and (b.year * 12 + b.month) - (a.year * 12 + a.month) == 1:
        return Period(kind="month", index=b.month, year=b.year)
    return Period(kind="other", index=None, year=b.year)


def _plausible(start: str, end: str) -> bool:
    """A reporting window, not an anniversary ("(03/02/1930 - 03/02/2020)"): within two years either way."""
    a, b = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    return abs((b - a).days) <= 730 and a.year >= 2000


def _report_number_and_date(header: list[str]) -> tuple[str | None, str | None]:
    number = date = None
    for line in header:
        if number is None:
            m = _NUMBER_RE.match(line)
            if m:
                number = re.sub(r"\s+", "", m.group("n"))
        if date is None:
            m = _PLACE_DATE_RE.search(line)
            if m:
                date = _iso(int(m.group("d")), int(m.group("m")), int(m.group("y")))
    return number, date


def _signer(blocks: list[Block], layout: Layout) -> str | None:
    sig = [b for b in blocks if b.part == "body" and layout.info[b.index].role == "signature"]
    for b in reversed(sig):
        t = b.text.strip()
        words = t.split()
        if 2 <= len(words) <= 5 and not t.isupper() and all(w[:1].isupper() for w in words) and not any(
                ch.isdigit() for ch in t) and not re.match(r"^(?:TM|KT|TL|Q)\.", t):
            return t
    return None


def find_references(blocks: list[Block]) -> list[LegalReference]:
    out: list[LegalReference] = []
    for b in blocks:
        if b.part != "body" or b.kind != "paragraph":
            continue
        for m in _REF_RE.finditer(b.text):
            if not (m.group("year") or m.group("code")):
                continue
            date = None
            if m.group("date"):
                d, mo, y = re.split(r"\s*/\s*", m.group("date"))
                date = _iso(int(d), int(mo), int(y))
            code = m.group("code")
            issuer_code = code.split("-", 1)[1] if code and "-" in code else None
            doc_type = code.split("-", 1)[0] if code else None
            out.append(LegalReference(raw=m.group().strip(), number=m.group("num"),
                                      year=int(m.group("year")) if m.group("year") else None,
                                      doc_type=doc_type or m.group("type"), issuer_code=issuer_code, date=date,
                                      block=b.index))
    return out


def _period_after_reform(period: Period | None) -> bool:
    """Communes report to the province from 1/7/2025 (quý III/2025, tháng 7/2025 onwards)."""
    if period is None or period.year is None:
        return False
    if period.year != 2025:
        return period.year > 2025
    index = period.index or 0
    return (period.kind == "quarter" and index >= 3) or (period.kind == "month" and index >= 7)


def extract_report_info(blocks: list[Block], layout: Layout) -> ReportInfo:
    header = _header_lines(blocks, layout)
    issuer, mentions = _issuer(blocks, layout, header)
    title = layout.title
    intro = [b.text for b in blocks if b.part == "body" and layout.info[b.index].role in ("intro",)]
    first_body = [b.text for b in blocks if b.part == "body" and layout.info[b.index].role == "body"][:3]
    period = find_period(([title] if title else []) + intro[:8] + first_body)
    doc_years = [y for y in (_any_year(b.text) for b in blocks if b.part == "body") if y]
    data_period = find_data_period(blocks, layout, (period.year if period and period.year else None)
                                   or (doc_years[0] if doc_years else None))
    number, date = _report_number_and_date(header)
    if issuer.level is None or issuer.level == "tinh" and not issuer.name:
        prov = _province_from_title(title)
        if prov and (issuer.level in (None, "tinh")):
            issuer = Issuer(level="tinh", name=prov)
    body_text = "\n".join(b.text for b in blocks if b.part == "body")
    ref_date = date or (data_period.end if data_period else None)
    after_reform = bool(ref_date and ref_date >= "2025-07-01") or _period_after_reform(period)
    district, province = _parents(issuer, mentions, header, body_text, after_reform)
    if (period is None or period.year is None) and data_period and data_period.start and data_period.end:
        period = _period_of_window(data_period.start, data_period.end) or period
    return ReportInfo(title=title, issuer=issuer, district=district, province=province, period=period,
                      data_period=data_period, number=number, date=date, signer=_signer(blocks, layout),
                      references=find_references(blocks))
