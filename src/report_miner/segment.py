"""Blocks → section tree and block roles.

A report is a header block (issuer, "Số: …/BC-UBND", quốc hiệu, place and date), a title
("BÁO CÁO" and its subject line), an optional lead-in, numbered sections (I. → 1. → a) → "-"),
then "Nơi nhận" and the signature. Section markers come from the paragraph text ("II. …") or
from Word's automatic numbering (``Block.label``), whichever the paragraph has.

The hierarchy is learnt from the order markers appear in: a marker style seen for the first
time opens a deeper level; one seen before closes the levels below it. Section ids are the
dotted path of the labels as printed ("II.3.a"); a repeated id gets a suffix ("III#2") so both
sections survive for the numbering check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from report_miner.models import Block, BlockRef, Section
from report_miner.normalize import match_key

ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}

_ROMAN = re.compile(r"^(?P<num>(?:X{0,3})(?:IX|IV|V?I{0,3}))\s*[.\/):\-–]\s*(?=\S)")
_ARABIC_MULTI = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+(?=\S)")
_ARABIC = re.compile(r"^(?P<num>\d{1,2})\s*[.)/]\s*(?=\D)")
_LETTER = re.compile(r"^(?P<num>[a-zđ])\s*\)\s*(?=\S)|^(?P<num2>[a-hđ])\.\s+(?=[A-ZĐÀ-Ỹ])")
_BULLET = re.compile(r"^[-–—+•▪➢❖✓*o]\s+")
_PART = re.compile(r"^phần\s+(?:thứ\s+)?(?P<num>[ivx]+|\d+|nhất|hai|ba|bốn|năm)\b[.:\s-]*", re.IGNORECASE)


@dataclass(frozen=True)
class Marker:
    kind: str  # "roman" | "arabic" | "arabic2" | "letter" | "bullet"
    label: str  # as printed, without the trailing dot/paren: "II", "3", "1.2", "a"
    printed: str  # the marker as it reads: "II.", "3.", "a)"
    length: int  # characters of the text taken by a literal marker (0 for Word numbering)
    source: str  # "text" | "word"


def roman_value(s: str) -> int:
    """>>> roman_value("XIV")
    14
    """
    total = 0
    prev = 0
    for ch in reversed(s.upper()):
        v = ROMAN_VALUES.get(ch, 0)
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total


def _classify(label: str) -> tuple[str, str] | None:
    m = _ROMAN.match(label + " x")
    if m and m.group("num"):
        return "roman", m.group("num")
    m = _ARABIC_MULTI.match(label + " x")
    if m and not any(len(p) == 3 for p in m.group("num").split(".")[1:]):
        return "arabic2", m.group("num")
    m = re.match(r"^(\d{1,2})\s*[.)/]?$", label)
    if m:
        return "arabic", m.group(1)
    m = re.match(r"^([a-zđ])\s*[).]?$", label)
    if m:
        return "letter", m.group(1)
    m = re.match(r"^([A-Z])\s*[).]?$", label)
    if m:
        return "upper_letter", m.group(1)
    return None


def find_marker(block: Block) -> Marker | None:
    """The section marker of a paragraph, from Word numbering or from its text.

    >>> find_marker(Block(index=0, text="II. THỰC HIỆN CƠ CHẾ MỘT CỬA", raw=""))
    Marker(kind='roman', label='II', printed='II.', length=4, source='text')
    >>> find_marker(Block(index=0, text="Kết quả giải quyết", raw="", label="b)")).label
    'b'
    >>> find_marker(Block(index=0, text="1.341 hồ sơ tiếp nhận", raw="")) is None
    True
    """
    if block.label:
        label = block.label.strip()
        if _BULLET.match(label + " ") or not any(c.isalnum() for c in label):
            return Marker("bullet", label, label, 0, "word")
        cls = _classify(label.rstrip(".)/:- "))
        if cls:
            return Marker(cls[0], cls[1], label, 0, "word")
    text = block.text
    m = _ROMAN.match(text)
    if m and m.group("num") and (len(m.group("num")) > 1 or text[1:2] in ".:/-–)" and text[:1] in "IVX"):
        # "V." or "X." alone must still look like a heading (upper case words or short)
        rest = text[m.end():]
        if len(m.group("num")) > 1 or rest[:1].isupper():
            return Marker("roman", m.group("num"), text[: m.end()].strip(), m.end(), "text")
    m = _ARABIC_MULTI.match(text)
    if m and not any(len(p) == 3 for p in m.group("num").split(".")[1:]):
        return Marker("arabic2", m.group("num"), text[: m.end()].strip(), m.end(), "text")
    m = _ARABIC.match(text)
    if m and not re.match(r"^\d{1,2}\s*/\s*\d", text):
        return Marker("arabic", str(int(m.group("num"))), text[: m.end()].strip(), m.end(), "text")
    m = _LETTER.match(text)
    if m:
        lab = m.group("num") or m.group("num2")
        return Marker("letter", lab, text[: m.end()].strip(), m.end(), "text")
    m = _BULLET.match(text)
    if m:
        return Marker("bullet", text[:1], text[:1], m.end(), "text")
    return None


# ----------------------------------------------------------------------------- block roles

_KEY_QUOC_HIEU = match_key("cộng hòa xã hội chủ nghĩa việt nam")
_KEY_DOC_LAP = match_key("độc lập")
_KEY_TU_DO = match_key("tự do")
_RE_TITLE = re.compile(r"^(?:báo cáo|bao cao)\s*$|^báo cáo\b", re.IGNORECASE)
_RE_NOI_NHAN = re.compile(r"^\s*nơi nhận\s*:?", re.IGNORECASE)
_RE_SIGN_TITLE = re.compile(
    r"^(?:tm\.|t/m|kt\.|k/t|tl\.|q\.|tuq\.)?\s*(?:ủy ban nhân dân|uỷ ban nhân dân|ubnd|chủ tịch|phó chủ tịch|"
    r"chánh văn phòng|trưởng phòng|người (?:lập|ký)|thủ trưởng)",
    re.IGNORECASE,
)
_RE_NUMBER_LINE = re.compile(r"^\s*(?:số|so)\s*[:.]?\s*[\d…\.\s]*/", re.IGNORECASE)


@dataclass
class BlockInfo:
    role: str = "body"  # header | title | intro | body | recipients | signature | other_part
    section: str | None = None
    marker: Marker | None = None
    is_heading: bool = False


@dataclass
class Layout:
    sections: list[Section]
    info: list[BlockInfo]
    title: str | None = None
    title_blocks: list[int] = field(default_factory=list)


def _is_front_matter_line(b: Block) -> bool:
    k = match_key(b.text)
    return (
        b.kind == "table" and (_KEY_QUOC_HIEU in k or "ủy ban nhân dân" in b.text.lower() or "ubnd" in k)
        or _KEY_QUOC_HIEU in k
        or k.startswith(_KEY_DOC_LAP) and _KEY_TU_DO in k
        or bool(_RE_NUMBER_LINE.match(b.text))
        or bool(re.search(r",\s*ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}\s*$", b.text))
        or (b.text.isupper() and len(b.text) < 70 and not find_marker(b) and
            bool(re.match(r"^(?:ỦY BAN|UỶ BAN|UBND|HĐND|XÃ|PHƯỜNG|THỊ TRẤN|HUYỆN|TỈNH|THÀNH PHỐ|QUẬN|THỊ XÃ|"
                          r"VĂN PHÒNG|SỞ|BỘ PHẬN|TRUNG TÂM|ĐẢNG ỦY)", b.text)))
    )


def _front_matter(blocks: list[Block], info: list[BlockInfo]) -> tuple[int, str | None, list[int]]:
    """Mark header and title blocks; return the index of the first body block and the title."""
    body = [b for b in blocks if b.part == "body"]
    i = 0
    n = len(body)
    # header block: lines/tables before the title
    while i < n and i < 12 and (_is_front_matter_line(body[i]) or not body[i].text.strip()):
        info[body[i].index].role = "header"
        i += 1
    title_parts: list[int] = []
    if i < n and _RE_TITLE.match(body[i].text) and not find_marker(body[i]):
        title_parts.append(body[i].index)
        info[body[i].index].role = "title"
        i += 1
        if body[i - 1].text.strip().lower() in ("báo cáo", "bao cao"):
            # the subject line(s): up to the first section, lead-in sentence or data-period note
            while i < n and not find_marker(body[i]) and len(title_parts) < 4:
                t = body[i].text
                if title_parts and len(title_parts) > 1 and (t.endswith(":") or len(t) > 300):
                    break
                if re.match(r"^(?:thực hiện|căn cứ|theo|trên cơ sở|nhằm)\b", t, re.IGNORECASE):
                    break
                info[body[i].index].role = "title"
                title_parts.append(body[i].index)
                i += 1
                if not (i < n and (body[i].text.startswith("(") or body[i].centered and len(body[i].text) < 200)):
                    break
    elif i < n and not find_marker(body[i]) and i == 0:
        # a news item or a report without "BÁO CÁO": its first line is its title
        title_parts.append(body[i].index)
        info[body[i].index].role = "title"
        i += 1
    title = " ".join(blocks[k].text for k in title_parts if blocks[k].text.lower() not in ("báo cáo",)) or None
    first_body = body[i].index if i < n else len(blocks)
    return first_body, title, title_parts


def _back_matter(blocks: list[Block], info: list[BlockInfo], first_body: int) -> int:
    """Mark "Nơi nhận" and the signature; return the index after the last body block."""
    body = [b for b in blocks if b.part == "body" and b.index >= first_body]
    end = body[-1].index + 1 if body else first_body
    for b in body:
        if _RE_NOI_NHAN.match(b.text):
            end = b.index
            break
    # the signature: trailing short lines (title of the signer, name) after the last sentence
    k = len(body) - 1
    while k >= 0 and body[k].index < end:
        t = body[k].text.strip()
        if not t or (len(t) < 60 and (_RE_SIGN_TITLE.match(t) or _looks_like_name(t)) and not find_marker(body[k])):
            end = body[k].index
            k -= 1
            continue
        break
    for b in blocks:
        if b.part == "body" and b.index >= end:
            info[b.index].role = "signature"
            if _RE_NOI_NHAN.match(b.text):
                break
    after_noi_nhan = False
    for b in blocks:
        if b.part != "body" or b.index < end:
            continue
        if _RE_NOI_NHAN.match(b.text):
            after_noi_nhan = True
            info[b.index].role = "recipients"
        elif after_noi_nhan and (b.text.startswith(("-", "–", "+", "•")) or b.text.rstrip().endswith(";")):
            info[b.index].role = "recipients"
        else:
            info[b.index].role = "signature"
    return end


def _looks_like_name(t: str) -> bool:
    """A Vietnamese personal name: 2–5 capitalised words, no digits, no sentence punctuation."""
    words = t.split()
    return 2 <= len(words) <= 5 and all(w[:1].isupper() for w in words) and not any(
        c.isdigit() or c in ".,;:()/" for c in t) and not t.isupper()


def blocks_to_sections(blocks: list[Block]) -> Layout:
    """Section tree and block roles for a document's blocks."""
    info = [BlockInfo() for _ in blocks]
    for b in blocks:
        if b.part not in ("body", "textbox"):
            info[b.index].role = "other_part"
    first_body, title, title_blocks = _front_matter(blocks, info)
    end = _back_matter(blocks, info, first_body)
    sections: list[Section] = []
    by_id: dict[str, dict] = {}
    stack: list[tuple[str, str]] = []  # (marker kind, section id)
    used: dict[str, int] = {}
    current: str | None = None
    order: list[dict] = []
    for b in blocks:
        if b.part not in ("body", "textbox") or info[b.index].role in ("header", "title", "signature", "recipients"):
            continue
        if b.index < first_body:
            continue
        marker = find_marker(b) if b.kind == "paragraph" and b.part == "body" else None
        if marker and marker.kind != "bullet" and b.index < end:
            kinds = [k for k, _ in stack]
            if marker.kind in kinds:
                del stack[kinds.index(marker.kind):]
            parent = stack[-1][1] if stack else None
            # "1.2." under "1." is "…1.2", not "…1.1.2": a dotted label already names its parent
            own = marker.label.split(".")[-1] if marker.kind == "arabic2" and parent else marker.label
            base = f"{parent}.{own}" if parent else marker.label
            # a repeated id keeps its label and gets a suffix; its children hang under the new one
            n = used.get(base, 0) + 1
            used[base] = n
            sid = base if n == 1 else f"{base}#{n}"
            stack.append((marker.kind, sid))
            title_text = b.text[marker.length:].strip() if marker.source == "text" else b.text.strip()
            node = {
                "id": sid, "title": title_text, "level": len(stack), "label": marker.printed,
                "numbered_by": "word" if marker.source == "word" else "text", "parent": parent,
                "children": [], "block": b.index, "paragraphs": [],
            }
            by_id[sid] = node
            order.append(node)
            if parent:
                by_id[parent]["children"].append(sid)
            current = sid
            info[b.index].is_heading = True
            info[b.index].marker = marker
        elif marker:
            info[b.index].marker = marker
        if b.index >= end:
            continue
        info[b.index].section = current
        if info[b.index].role == "body" and current is None:
            info[b.index].role = "intro"
        if current is not None:
            by_id[current]["paragraphs"].append(BlockRef(block=b.index, page=b.page, text=b.display_text))
    sections = [Section(**node) for node in order]
    return Layout(sections=sections, info=info, title=title, title_blocks=title_blocks)
