"""Figure → label linking: which indicator each number of a paragraph is.

The reports label numbers both ways ("đã giải quyết: 251", "234 hồ sơ tiếp nhận trực tuyến"),
break a count down in a clause ("đã giải quyết: 251, trước hạn 249 hồ sơ, đúng hạn 0 hồ sơ;
quá hạn là 02 hồ sơ") or a parenthesis ("11 hồ sơ (trong hạn 10, quá hạn 01)"), and leave the
subject to the lead-in ("Đối với dịch vụ công trực tuyến một phần: …") or the section title.
The steps, per number:

1. **own cues**: the cue phrases between the number and its neighbours, split at the punctuation
   between them ("…371 hồ sơ trước hạn, 31 hồ sơ đúng hạn": "trước hạn" is 371's);
2. **role** (what it counts) from the own cues, the most specific winning ("tiếp nhận trực
   tuyến" → online), else from the number it breaks down, else from its previous sibling;
3. **frame**: the general role stated before it (received / resolved / pending);
4. **family** from the own cues, the parenthesis parent, the sentence, the paragraph, the
   lead-in, the section titles — in that order;
5. **indicator** from ``patterns`` by (family, role, frame, kind, unit), falling back to the
   dossier family.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from report_miner.normalize import match_key
from report_miner.numbers import NumberToken, find_numbers
from report_miner.patterns import Cue, IndicatorSpec, Patterns

WEAK_ROLES = {"received", "arisen", "provided", "total_procedures", "total"}
# a named sub-unit at the head of a clause: an agency, or a commune/district named in a larger unit's report
_UPPER = "A-ZĐÀÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴÈÉẸẺẼÊỀẾỆỂỄÌÍỊỈĨÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠÙÚỤỦŨƯỪỨỰỬỮỲÝỴỶỸ"
_NAMED_UNIT = re.compile(
    rf"(?:(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+)?(?:(?:Sở|Ban Quản lý|Chi nhánh|Văn phòng Đăng ký|Công an|"
    rf"Cục|Chi cục|Kho bạc|Bảo hiểm xã hội)\s+[{_UPPER}][\w]*(?:\s+(?:và\s+)?[{_UPPER}][\w]*)*|"
    rf"(?:xã|phường|thị trấn|huyện|thị xã|quận)\s+[{_UPPER}][\w]*(?:\s+[{_UPPER}][\w]*){{0,3}})")
_FIELD = re.compile(r"lĩnh vực\s+([a-zđà-ỹ]+(?:\s+[a-zđà-ỹ]+)?)\s+(?:đạt|là|có|chiếm)?\s*:?\s*$")
# families that name a subject of their own: a number in one does not continue a number of another
_OWN_SUBJECT = {"digitization", "payment", "feedback", "impact", "procedures", "satisfaction"}
GENERAL_ROLES = {"received", "resolved", "pending", "arisen", "provided", "total_procedures", "total"}
TIMELINESS = {"late", "early", "on_time", "in_time", "early_on_time"}
ROLE_RANK = {
    "stored": 9, "not_digitized": 9, "early_on_time": 9, "very_satisfied": 9, "unsatisfied": 9,
    "early": 8, "on_time": 8, "late": 8, "carried": 8, "returned": 8, "component": 8, "result": 8,
    "one_stop": 8, "in_time": 7, "new": 7, "online": 7, "direct": 7, "postal": 7, "satisfied": 7,
    "issued": 6, "answered": 6, "pending": 5, "resolved": 4, "received": 3, "arisen": 3, "provided": 3,
    "total_procedures": 2, "total": 1,
}
FAMILY_RANK = {"online_full": 5, "online_partial": 5, "digitization": 4, "payment": 4, "feedback": 4,
               "impact": 4, "satisfaction": 4, "procedures": 3, "online": 1}
_FILLERS = {match_key(w) for w in (
    "là", "đạt", "được", "có", "đã", "gồm", "với", "số", "tổng", "tổng số", "của", "trong", "kỳ", "trong kỳ",
    "hồ", "sơ", "bộ", "tthc", "thủ", "tục", "hành", "chính", "cho", "người", "dân", "các", "này", "nêu", "trên",
    "lượng", "số lượng", "hiện", "còn", "chỉ", "xã", "phường", "ubnd", "đối", "với", "đó", "toàn", "bộ",
)}
_SPLIT_WORDS = [match_key(w) for w in ("trong đó", "bao gồm", "gồm", "và", "hoặc", "với", "cụ thể", "riêng",
                                       "đồng thời", "nhưng", "tuy nhiên")]
# a slash before a word separates two labelled numbers: "(đúng hạn 17265/trễ hạn 1458)"
_SPLIT_RE = re.compile(r"[;,()\[\]]|\.(?=\s|$)|/(?=\s*[^\W\d_])|(?<![\w])(?:" + "|".join(
    re.escape(w).replace(r"\ ", r"\s+") for w in sorted(_SPLIT_WORDS, key=len, reverse=True)) + r")(?![\w])")
# "Trong tổng số tiếp nhận, đã có 6.300 hồ sơ được giải quyết đúng hạn", "Sau khi tiếp nhận, hơn 11.200 hồ sơ đã
# được giải quyết": an opening phrase set off by a comma frames the number; it is not its label
_OPENER_BEFORE = re.compile(r"(?<!\w)(?:trong (?:tông )?sô|sau khi)(?!\w)[^,;.()]*,[^,;.()]*$")
_DENOMINATOR_AFTER = re.compile(r"\s*(?:tông sô|trên|cua|so vơi|trong tông)(?![\w])")
_STRONG_RE = re.compile(r"[;()\[\]]|\.(?=\s|$)")
# a sentence that opens "Trong đó …" breaks down the previous one: it is read as its continuation
_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ\-–+•(\d])(?!Trong (?:đó|số đó|số này)\b)|(?<=[.!?])$")
_WORD_RE = re.compile(r"\w+")
_IS_PART = re.compile(r"(?<!\w)la(?!\w)")
_RESPECTIVELY = re.compile(r"(?<!\w)lân lươt(?: la| đat| tương ưng la)?(?!\w)")
_LIST_GLUE = re.compile(r"[\s,;]*(?:va|hoăc)?[\s,]*")
_LIST_SPLIT = re.compile(r",|(?<!\w)(?:va|hoăc)(?!\w)")


@dataclass
class CueHit:
    start: int
    end: int
    cue: Cue


@dataclass
class Context:
    """What surrounds a paragraph: the families and scopes of its lead-in and section titles."""

    families: list[str] = field(default_factory=list)  # nearest first
    scope: str | None = None
    scope_set: bool = False
    forward: bool = False  # a section of tasks/proposals: numbers are targets
    scopes_enabled: bool = True
    lead_role: str | None = None  # the role of the count in the list's lead-in
    issuer_name: str | None = None
    early_stated: bool = False  # a table with its own "Trước hạn" column


@dataclass
class Linked:
    token: NumberToken
    indicator: str | None
    role: str | None = None
    family: str | None = None
    frame: str | None = None
    scope: str | None = None
    confidence: float = 1.0
    label_span: tuple[int, int] | None = None
    why_null: str | None = None


@dataclass
class _Num:
    tok: NumberToken
    idx: int
    sentence: int
    paren_open: int | None = None  # index in text of the "(" the number sits in
    left: list[CueHit] = field(default_factory=list)
    right: list[CueHit] = field(default_factory=list)
    own: list[CueHit] = field(default_factory=list)
    role: str | None = None
    family: str | None = None
    frame: str | None = None
    scope: str | None = None
    scope_known: bool = False
    parent: _Num | None = None
    anchor: _Num | None = None  # the number before a parenthesis of numbers only
    denominator_of: _Num | None = None  # "a … trên tổng số b": b is the whole a is counted against
    roles: list[str] = field(default_factory=list)
    respective: bool = False
    inherited: bool = False
    null_reason: str | None = None


def find_cues(key: str, patterns: Patterns) -> list[CueHit]:
    cues = patterns.cues
    return [CueHit(start, end, cues[phrase]) for start, end, phrase in patterns.cue_index.find_all(key)]


def _sentences(text: str) -> list[tuple[int, int]]:
    out = []
    start = 0
    for m in _SENTENCE_RE.finditer(text):
        out.append((start, m.start()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out or [(0, len(text))]


def _paren_of(text: str) -> list[int | None]:
    """For each position, the index of the innermost open "(" around it."""
    out: list[int | None] = [None] * (len(text) + 1)
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch == "(":
            stack.append(i)
        out[i] = stack[-1] if stack else None
        if ch == ")" and stack:
            stack.pop()
    out[len(text)] = stack[-1] if stack else None
    return out


class ParagraphLinker:
    """Links the numbers of one (logical) paragraph."""

    def __init__(self, text: str, patterns: Patterns, context: Context, skip_before: int = 0) -> None:
        self.text = text
        self.key = match_key(text)
        self.p = patterns
        self.ctx = context
        self.tokens = find_numbers(text, self.key, patterns, skip_before)
        # a cue wholly inside a number's unit ("hồ sơ") says nothing; one that runs on past it does, and so does
        # an apology ("23 văn bản xin lỗi")
        unit_spans = [(t.end, t.unit_end) for t in self.tokens if not t.excluded and t.unit_end > t.end]
        self.cues = [c for c in find_cues(self.key, patterns)
                     if c.start >= skip_before and (c.cue.attach == "nearest" or not any(
                         a <= c.start and c.end <= b for a, b in unit_spans))]
        # boundaries inside a cue phrase ("phản ánh, kiến nghị", "trước và đúng hạn", "còn hạn") are not boundaries
        cue_cover = [(c.start, c.end) for c in self.cues]
        for t in self.tokens:  # a number inside a phrase is part of the words ("mức độ 3 và 4")
            if not t.excluded and not t.zero and any(a <= t.start and t.end <= b for a, b in cue_cover):
                t.excluded = "in_label"
        compounds = [(a, b) for a, b, _ in patterns.compound_index.find_all(self.key)]
        self.splits = [m.start() for m in _SPLIT_RE.finditer(self.key)
                       if not any(a <= m.start() < b for a, b in [*cue_cover, *compounds])]
        self.strong = [m.start() for m in _STRONG_RE.finditer(self.key)]
        # "- DVC một phần: 61 thủ tục. Tổng số hồ sơ phát sinh 215, …": the lead-in before the first colon
        # speaks for the whole paragraph
        colon = text.find(":", skip_before)
        self.lead_end = colon if 0 <= colon - skip_before <= 80 else -1
        self.colons = [m.start() for m in re.finditer(r":", self.key)]
        self.sentences = _sentences(text)
        self.paren = _paren_of(text)

    # ------------------------------------------------------------------ windows

    def _sentence_of(self, pos: int) -> int:
        for i, (a, b) in enumerate(self.sentences):
            if a <= pos < b or (pos == b and i == len(self.sentences) - 1):
                return i
        return len(self.sentences) - 1

    def _cues_in(self, a: int, b: int) -> list[CueHit]:
        return [c for c in self.cues if a <= c.start and c.end <= b]

    def _split_between(self, a_end: int, b_start: int, a_num_end: int | None = None) -> int:
        """Where the words between two numbers stop belonging to the first and start belonging to the second."""
        for s in sorted(self.splits + self.colons):
            if a_end <= s < b_start:
                return s
        # no punctuation: the first number keeps only a cue chain glued to its unit (or running on from it)
        pos = a_end
        lo = a_end if a_num_end is None else a_num_end
        bare = a_num_end is not None and a_end == a_num_end  # the number has no unit after it
        for c in self._cues_in(lo, b_start):
            if c.end <= a_end:
                continue
            if bare and c.cue.role in ("received", "resolved", "pending"):
                break  # "tiếp nhận hơn 3000 đã giải quyết … 1.382": the verb labels what follows
            if c.start - pos <= 2:
                pos = c.end
            else:
                break
        return pos

    def _left_start(self, tok: NumberToken, sentence_start: int, prev_split: int) -> int:
        """Start of the left window: after the previous number's words, at most back to the clause start.

        Commas and "gồm" do not cut a label ("Trong số hồ sơ còn lại đang giải quyết gồm 7.172 hồ sơ",
        "tổng số hồ sơ trực tuyến đã tiếp nhận, giải quyết … là 43.007"); a semicolon or a parenthesis
        that holds numbers does. A parenthesis of words is part of the label ("Số mới tiếp nhận (trực
        tiếp hoặc dịch vụ bưu chính) là 864.891").
        """
        start = max(sentence_start, prev_split)
        # a number that is not a figure still ends a clause ("Qua 214 phiếu khảo sát, 86% người dân …")
        cuts = [t.unit_end for t in self.tokens
                if t.excluded in ("unit", "money", "change", "in_label") and start <= t.unit_end < tok.start
                and re.match(r"\s*[,;]", self.text[t.unit_end: t.unit_end + 3])]
        for s in self.strong:
            if not (start <= s < tok.start):
                continue
            if self.text[s] in "()":
                open_ = s if self.text[s] == "(" else self.paren[s]
                close = self.text.find(")", open_) if open_ is not None else -1
                if open_ is not None and 0 <= close < tok.start and not any(
                        open_ < t.start < close for t in self.tokens if not t.excluded):
                    continue
            cuts.append(s)
        return cuts[-1] + 1 if cuts else start

    def _words_between(self, a: int, b: int) -> int:
        return sum(1 for w in _WORD_RE.findall(self.key[a:b]) if w not in _FILLERS)

    # ------------------------------------------------------------------ main

    def link(self) -> list[Linked]:
        nums = [_Num(t, i, self._sentence_of(t.start)) for i, t in enumerate(self.tokens)]
        live = [n for n in nums if not n.tok.excluded]
        self.nums_by_start = {n.tok.start: n for n in live}
        self.consumed: set[int] = set()
        self._transparent_parens(live)
        self._windows(live)
        for n in live:
            n.paren_open = self.paren[n.tok.start] if n.tok.start not in self.transparent else None
        self._parents(live)
        self._denominators(live)
        for n in live:
            if n.tok.whole_of is None:
                self._own(n)
        self.consumed = {id(c) for n in live for c in n.own if c.cue.family}
        self._apology(live)
        for n in live:
            if n.tok.whole_of is None:
                self._role_and_frame(n)
        self._shared_tail(live)
        self._respective(live)
        self._respectively(live)
        for n in live:
            if n.tok.whole_of is None:
                self._inherit(n, live)
        self._new_beside_carried(live)
        self._targets(live)
        out = []
        for n in nums:
            if n.tok.excluded:
                out.append(Linked(n.tok, None, why_null=n.tok.excluded))
                continue
            out.append(self._resolve(n))
        return out

    def _transparent_parens(self, live: list[_Num]) -> None:
        """"100% (119/119) TTHC …", "116/116 TTHC (100%)": a parenthesis of numbers only is no boundary."""
        self.transparent: set[int] = set()
        for m in re.finditer(r"\(([^()]*)\)", self.text):
            inside = [n for n in live if m.start() < n.tok.start < m.end()]
            chars = list(self.text[m.start() + 1: m.end() - 1])
            for n in inside:  # the numbers and their units ("(1.169/1.176 hồ sơ)")
                for k in range(n.tok.start - m.start() - 1, min(len(chars), n.tok.unit_end - m.start() - 1)):
                    chars[k] = " "
            rest = "".join(chars)
            if inside and not re.sub(r"[\s/%,;.]", "", rest):
                self.transparent.update(n.tok.start for n in inside)
                self.splits = [x for x in self.splits if x not in (m.start(), m.end() - 1)]
                self.strong = [x for x in self.strong if x not in (m.start(), m.end() - 1)]

    def _span_end(self, n: _Num, live: list[_Num]) -> int:
        """Where a number and its unit end; for the part of "a/b", where the whole's unit ends."""
        if n.tok.part_of is not None:
            whole = next((m for m in live if m.tok.start == n.tok.part_of), None)
            if whole is not None:
                return whole.tok.unit_end
        return n.tok.unit_end

    def _windows(self, live: list[_Num]) -> None:
        by_sentence: dict[int, list[_Num]] = {}
        for n in live:
            by_sentence.setdefault(n.sentence, []).append(n)
        for s_idx, group in by_sentence.items():
            s_start, s_end = self.sentences[s_idx]
            anchors = [n for n in group if n.tok.whole_of is None and (
                n.tok.start not in self.transparent or not any(
                    m.tok.start < n.tok.start and m.tok.start not in self.transparent for m in group))]
            prev_split = s_start
            last_right: list[CueHit] = []
            for j, n in enumerate(anchors):
                left_from = self._left_start(n.tok, s_start, prev_split)
                if n.tok.zero == "after_colon":
                    # "Phản ánh, kiến nghị của cá nhân, tổ chức …: chưa phát sinh": the whole clause is the label
                    clause = [x for x in self.strong if s_start <= x < n.tok.start]
                    left_from = max(s_start, clause[-1] + 1 if clause else s_start, prev_split if j else s_start)
                n.left = self._cues_in(left_from, n.tok.start)
                # "Số hóa kết quả: số hồ sơ đã giải quyết 233": words before a colon are the topic when
                # the number has a label of its own after it
                colons = [x for x in self.colons if left_from <= x < n.tok.start]
                if colons and any(c.cue.role for c in n.left if c.start > colons[-1]):
                    n.left = [c for c in n.left if c.start > colons[-1] or not c.cue.role]
                end = self._span_end(n, live)
                nxt = anchors[j + 1] if j + 1 < len(anchors) else None
                if nxt is not None and n.tok.zero != "leading":
                    split = self._split_between(end, nxt.tok.start, n.tok.end)
                else:
                    limit = nxt.tok.start if nxt is not None else s_end
                    weak = [x for x in self.splits if end <= x < limit]
                    strong = [x for x in self.strong if end <= x < limit]
                    # the last number of a clause keeps the words after it up to the clause's end
                    split = strong[0] if strong else limit
                    del weak
                # from the number's own end: a cue may start inside its unit ("hồ sơ trực tuyến")
                n.right = [c for c in self._cues_in(n.tok.end, split) if c.end > end]
                prev_split = split
                last_right = n.right
                if not n.right and re.match(r"\s*\(", self.text[end:]):
                    # "Có 93 hồ sơ (chiếm 0,33%) các cơ quan thụ lý trả lại hồ sơ": the label follows the aside
                    close = self.text.find(")", end)
                    if close > 0 and (nxt is None or nxt.tok.start < close):
                        after_strong = [x for x in self.strong if x > close and x < s_end]
                        stop = after_strong[0] if after_strong else s_end
                        following = [m for m in anchors if close < m.tok.start < stop]
                        if following:
                            stop = min(stop, self._split_between(close, following[0].tok.start))
                        n.right = [c for c in self._cues_in(close, stop)]
                # numbers in a parenthesis of numbers only share the label of the number before it
                for m in group:
                    if m.tok.start in self.transparent and n.tok.start < m.tok.start and (
                            nxt is None or m.tok.start < nxt.tok.start) and m.tok.whole_of is None \
                            and not m.tok.percent:
                        m.anchor = n
            del last_right

    def _denominators(self, live: list[_Num]) -> None:
        """"682 kết quả được số hóa trên tổng số 695 hồ sơ đã giải quyết": 695 is what 682 is counted against."""
        for a, b in zip(live, live[1:], strict=False):
            if a.sentence != b.sentence or a.tok.percent or b.tok.percent:
                continue
            gap = self.key[a.tok.unit_end: b.tok.start]
            if re.search(r"(?<![\w])trên(?:\s+tông(?:\s+sô)?)?\s*$", gap) and not re.search(r"[;.()]", gap):
                b.denominator_of = a

    def _parents(self, live: list[_Num]) -> None:
        """A number inside "(…)" breaks down the number right before the parenthesis."""
        for n in live:
            if n.paren_open is None:
                continue
            before = [m for m in live if m.tok.start < n.paren_open and m.sentence == n.sentence
                      and m.paren_open != n.paren_open and m.tok.whole_of is None]
            if before:
                cand = before[-1]
                if self._words_between(cand.tok.unit_end, n.paren_open) <= 6:
                    n.parent = cand

    def _own(self, n: _Num) -> None:
        if n.anchor is not None:
            # "đạt 99,40% (1.169/1.176 hồ sơ)": the numbers in the parenthesis share the rate's label
            left, right = list(n.anchor.left), list(n.anchor.right)
        else:
            left, right = list(n.left), list(n.right)
        if n.tok.percent:
            # "tỷ lệ hồ sơ trực tuyến trên tổng số hồ sơ tiếp nhận mới đạt 43,16%": the denominator is not the label
            cut: list[CueHit] = []
            skipping = False
            for c in left:
                if c.cue.denominator:
                    skipping = True
                    continue
                if skipping and c.cue.rate:
                    skipping = False
                if not skipping:
                    cut.append(c)
            left = cut
        if any(c.cue.denominator for c in right):
            right = right[: next(i for i, c in enumerate(right) if c.cue.denominator)]
        if n.tok.percent and n.anchor is None and _DENOMINATOR_AFTER.match(self.key, n.tok.unit_end):
            right = []  # "chiếm 70,5% tổng số hồ sơ": what follows is the whole, not the label
        if n.tok.percent and right:
            # "35,55% hồ sơ tiếp nhận mới là hồ sơ trực tuyến": the words after "là" say what the share is of
            is_at = _IS_PART.search(self.key, n.tok.unit_end, right[-1].start)
            if is_at and any(c.cue.role for c in right if c.start >= is_at.end()):
                right = [c for c in right if c.start >= is_at.end() or c.cue.family]
        has_role_l = any(c.cue.role for c in left)
        has_role_r = any(c.cue.role for c in right)
        dist_l = self._words_between(left[-1].end, n.tok.start) if left else 99
        dist_r = self._words_between(n.tok.unit_end, right[0].start) if right else 99
        if n.anchor is not None:
            own = left + right
        elif n.tok.zero == "leading" and any(c.cue.family for c in left) and not any(c.cue.family for c in right) \
                and re.fullmatch(r"\s*", self.key[self._last_colon(n): n.tok.start]):
            # "TTHC ban hành trong năm đã được đánh giá tác động: không phát sinh TTHC mới …": the subject named
            # before the colon is what the answer is about
            own = left + right
        elif n.tok.zero == "leading" or (has_role_l and has_role_r and _OPENER_BEFORE.search(
                self.key, max(0, left[0].start - 20), n.tok.start)):
            own = right
        elif n.tok.zero == "after_colon":
            own = left
        elif has_role_l and has_role_r and {c.cue.role for c in left if c.cue.role} == {"total"} and any(
                c.cue.role not in GENERAL_ROLES for c in right if c.cue.role):
            own = right  # "có tổng cộng 1.052 hồ sơ của các đơn vị … trễ hạn": "tổng cộng" is no label
        elif has_role_l and has_role_r:
            first_right = next(c for c in right if c.cue.role)
            new_verb = first_right.cue.role in GENERAL_ROLES and first_right.cue.role not in {
                c.cue.role for c in left}
            if n.tok.percent or new_verb:
                # "tiếp nhận hơn 3000 đã giải quyết …": a second verb after the number starts the next clause
                own = left
            elif dist_l <= 1 and dist_r <= 1:
                own = left + right
            elif dist_l <= 3:
                own = left
            elif dist_r <= 3:
                own = right
            else:
                own = left if dist_l <= dist_r else right
        elif has_role_l:
            own = left if (dist_l <= 4 or not right) else (left if dist_l <= dist_r else right)
        elif has_role_r:
            # a label far after the number counts when nothing before it can give one ("toàn tỉnh có 218.763
            # hồ sơ của các tổ chức, cá nhân yêu cầu giải quyết"); otherwise the number continues a list
            first_in_sentence = not any(t.start < n.tok.start and not t.excluded and
                                        self._sentence_of(t.start) == n.sentence for t in self.tokens)
            base_only = {c.cue.role for c in right if c.cue.role} <= {"received", "new", "resolved", "arisen"}
            if n.tok.percent and base_only and not first_in_sentence:
                own = left  # "…24.975 hồ sơ, chiếm 80,46% số hồ sơ tiếp nhận mới": the words after are the whole
            else:
                own = right if (dist_r <= 2 or n.tok.percent or first_in_sentence) else left
        else:
            own = left + right
        # families, scopes and rate words of the other side still count when the chosen side has none
        other = [c for c in left + right if c not in own]
        if not any(c.cue.family for c in own):
            own = own + [c for c in other if c.cue.family and c.cue.attach is None]
        roles_here = {c.cue.role for c in own}
        if {"direct", "postal"} <= roles_here:
            # "nộp trực tiếp, hồ sơ gởi qua dịch vụ bưu chính công ích gần 10 ngàn": the two channels as one
            own = [c for c in own if c.cue.role != "postal"]
        n.own = own
        fams = [c.cue.family for c in own if c.cue.family and c.cue.attach is None]
        if "online_full" in fams and "online_partial" in fams:
            fams = ["online"]  # "Hồ sơ trực tuyến (một phần, toàn trình): 808 hồ sơ": online as a whole
        if fams:
            n.family = max(fams, key=lambda f: (FAMILY_RANK.get(f, 2), fams.index(f)))
        scopes = [c for c in left + right if c.cue.scope or c.cue.scope_reset]
        if scopes:
            # a level named in the clause outranks "toàn tỉnh" in it ("Với cấp xã, toàn tỉnh tiếp nhận 264.610")
            levels = [c for c in scopes if c.cue.scope]
            near = min(levels or scopes, key=lambda c: abs(c.start - n.tok.start))
            n.scope, n.scope_known = near.cue.scope, True
        m = _FIELD.search(self.text, max(0, n.tok.start - 60), n.tok.start)
        if m and self.ctx.scopes_enabled:
            n.scope, n.scope_known = "lĩnh vực " + m.group(1), True  # "đúng hạn lĩnh vực đất đai đạt 99,27%"
        named = self._named_subject(n)
        if named:
            n.scope, n.scope_known = named, True

    def _last_colon(self, n: _Num) -> int:
        """Just after the last colon before the number in its sentence, or the number itself when there is none."""
        s_start = self.sentences[n.sentence][0]
        colons = [x for x in self.colons if s_start <= x < n.tok.start]
        return colons[-1] + 1 if colons else n.tok.start

    def _named_subject(self, n: _Num) -> str | None:
        """A named sub-unit that is the subject of the number's clause: "Sở Tài chính có 363 hồ sơ …",
        "xã Đức Phú tiếp nhận 612 hồ sơ". The issuer naming itself is not a sub-unit."""
        if not self.ctx.scopes_enabled or not n.left and n.anchor is None:
            return None
        lo = n.left[0].start if n.left else n.tok.start
        clause_start = max([s + 1 for s in self.strong if s < n.tok.start] + [self.sentences[n.sentence][0]])
        window = self.text[clause_start: n.tok.start]
        m = _NAMED_UNIT.search(window)
        if m is None or clause_start + m.start() > lo + 1:
            return None
        name = m.group().strip()
        if self.ctx.issuer_name and match_key(self.ctx.issuer_name) in match_key(name):
            return None
        return name

    def _apology(self, live: list[_Num]) -> None:
        """"… đã gửi thư xin lỗi đối với 10 hồ sơ trễ hạn": the apology is about the nearest count."""
        for c in self.cues:
            if c.cue.attach != "nearest":
                continue
            s = self._sentence_of(c.start)
            cands = [n for n in live if n.sentence == s and not n.tok.percent and n.paren_open is None
                     and n.tok.whole_of is None]
            if not cands:
                continue
            after = [n for n in cands if n.tok.start >= c.end]
            target = after[0] if after else min(cands, key=lambda n: abs(n.tok.start - c.start))
            target.family = c.cue.family

    def _role_and_frame(self, n: _Num) -> None:
        specific = [c for c in n.own if c.cue.role and c.cue.role not in GENERAL_ROLES]
        # candidates, best first: the specific word nearest the number ("tiếp nhận mới: trực tuyến 1.047"),
        # the other specific words, then the general ones; the first that makes an indicator wins
        ordered = sorted(specific, key=lambda c: (self._distance(n, c), -ROLE_RANK.get(c.cue.role or "", 5)))
        others = [c for c in ordered if c.cue.role == "other"]
        if others and len(others) < len(ordered):
            # "Trong cùng kỳ, xã … đã giải quyết được 8.914 hồ sơ": another thing counted only when it is the
            # word nearest the number
            nearest_any = min(n.own, key=lambda c: self._distance(n, c)) if n.own else None
            if nearest_any is None or nearest_any.cue.role != "other":
                ordered = [c for c in ordered if c.cue.role != "other"]
        # "tổng số" only says it is a total; any other verb says of what ("Số hồ sơ đã giải quyết › Tổng số")
        general_cues = sorted((c for c in n.own if c.cue.role in GENERAL_ROLES),
                              key=lambda c: (c.cue.role == "total", self._distance(n, c),
                                             -ROLE_RANK.get(c.cue.role or "", 3)))
        cands = list(dict.fromkeys([c.cue.role for c in ordered if c.cue.role] +
                                   [c.cue.role for c in general_cues if c.cue.role]))
        if n.tok.part_of is not None:
            # "291/294 hồ sơ tiếp nhận mới được số hóa thành phần": the part is what was done; "tiếp nhận mới"
            # describes the whole
            cands.sort(key=lambda r: r not in self.p.part_roles)
        n.roles = cands
        n.role = cands[0] if cands else None
        own_general = general_cues[0].cue.role if general_cues else None
        if n.parent is not None:
            p = n.parent
            if p.role in TIMELINESS and n.role in GENERAL_ROLES:
                # "(02 hồ sơ đã giải quyết, 01 hồ sơ đang giải quyết)" after "03 hồ sơ quá hạn"
                n.frame = n.role
                n.role = p.role
                n.roles = [p.role] + n.roles
                return
            if p.tok.percent and p.role and n.tok.part_of is not None:
                # "đạt 100% (1.187/1.187 hồ sơ tiếp nhận trong kỳ)": the fraction behind the rate
                n.roles = [p.role] + [r for r in n.roles if r != p.role]
                n.role = p.role
                n.family = n.family or p.family
            if n.scope_known and n.role is None and p.role is None and n.tok.unit_class is None and p.tok.unit_class:
                # "359 TTHC (cấp huyện 238, cấp xã 121)": the same count by level, in the same unit
                n.tok.unit, n.tok.unit_class = p.tok.unit, p.tok.unit_class
                n.family = n.family or p.family
            level_split = n.scope_known and n.role in (None, *GENERAL_ROLES) and p.role is not None
            if level_split:
                # "số hồ sơ mới tiếp nhận trực tuyến là 2.988 hồ sơ (cấp tỉnh tiếp nhận 689 hồ sơ, …)": the
                # same count split by level
                n.roles = [p.role] + [r for r in n.roles if r != p.role] if p.role else n.roles
                n.role = p.role
                n.family = n.family or p.family
                n.frame = p.frame
                return
            if p.role == "received" and n.role == "received":
                n.roles = ["new"] + n.roles  # "Tiếp nhận 287 hồ sơ (… 278 hồ sơ tiếp nhận)": the new ones
                n.role = "new"
            n.frame = own_general if n.role not in GENERAL_ROLES and own_general else (
                p.role if p.role in GENERAL_ROLES else p.frame)
            if n.family is None and p.family != "apology" and any(
                    s.family == p.family and n.role in s.roles for s in self.p.indicators.values()):
                n.family = p.family  # only a family that has the child's role ("quá hạn" under "một cửa": no)
            if not n.scope_known and p.scope_known:
                n.scope, n.scope_known = p.scope, True
            return
        if self.ctx.lead_role == "received" and n.role == "received" and not n.tok.percent:
            # "- Tổng số hồ sơ cần xử lý: 893 hồ sơ, trong đó: + Tiếp nhận trong tháng: 872 hồ sơ"
            n.roles = ["new"] + n.roles
            n.role = "new"
        if own_general and n.role != own_general:
            n.frame = own_general
            return
        # the last general role stated before the number in its sentence, or the list's lead-in
        s_start = self.sentences[n.sentence][0]
        before = [c for c in self.cues if s_start <= c.start < n.tok.start and c.cue.role in
                  ("received", "resolved", "pending") and c not in n.own]
        if before:
            n.frame = before[-1].cue.role
        elif self.ctx.lead_role in ("received", "resolved", "pending"):
            n.frame = self.ctx.lead_role

    def _shared_tail(self, live: list[_Num]) -> None:
        """"cấp tỉnh 1.432 TTHC, cấp huyện 251 TTHC và cấp xã 135 TTHC thực hiện dịch vụ công mức độ 4": counts
        that differ only by scope, listed with "," or "và", share the label after the last of them."""
        run: list[_Num] = []
        prev: _Num | None = None
        for n in [*live, None]:
            if n is not None and run and self._continues_list(run[-1], n):
                run.append(n)
                prev = n
                continue
            if len(run) > 1:
                last = run[-1]
                told = [c for c in last.own if c.start >= last.tok.unit_end and (c.cue.role or c.cue.family)]
                if told and (last.role or last.family):
                    for m in run[:-1]:
                        m.role, m.roles, m.frame = last.role, list(last.roles), last.frame
                        m.family = m.family or last.family
            # a list that already began with a labelled count ("cấp tỉnh tiếp nhận 1.432 hồ sơ, cấp huyện 251
            # hồ sơ…") carries that label instead
            after_labelled = prev is not None and n is not None and prev.sentence == n.sentence and re.fullmatch(
                r"\s*(?:,|và|;)?\s*[^\d,;.()]{0,30}", self.text[prev.tok.unit_end: n.tok.start]) is not None
            run = [n] if n is not None and self._list_item(n) and not after_labelled else []
            prev = n

    def _list_item(self, n: _Num) -> bool:
        return (n.scope_known and not n.tok.percent and n.tok.unit_class is not None and n.parent is None
                and n.tok.part_of is None and not any(c.cue.role or c.cue.family for c in n.own
                                                      if c.start >= n.tok.unit_end))

    def _continues_list(self, prev: _Num, n: _Num) -> bool:
        if n.sentence != prev.sentence or n.tok.unit_class != prev.tok.unit_class or not n.scope_known:
            return False
        if n.tok.percent or n.parent is not None or n.tok.part_of is not None or n.scope == prev.scope:
            return False
        if prev.role is not None and any(c.cue.role for c in prev.own):
            return False
        between = self.text[prev.tok.unit_end: n.tok.start]
        return bool(re.fullmatch(r"\s*(?:,|và|;)?\s*[^\d,;.()]{0,30}", between)) and not any(
            c.cue.role for c in self.cues if prev.tok.unit_end <= c.start < n.tok.start)

    def _distance(self, n: _Num, c: CueHit) -> int:
        if c.end <= n.tok.start:
            return n.tok.start - c.end
        return max(0, c.start - n.tok.unit_end)

    def _inherit(self, n: _Num, live: list[_Num]) -> None:
        """A number without a role continues the one before it in the sentence."""
        if n.role is not None:
            return
        if n.tok.zero == "bare" or (n.tok.zero and not n.own):
            return
        prev = [m for m in live if m.sentence == n.sentence and m.tok.start < n.tok.start and m is not n
                and not (m.tok.zero and m.role is None) and m.tok.percent == n.tok.percent or (
                    n.tok.percent and m.sentence == n.sentence and m.tok.start < n.tok.start and not m.tok.percent)]
        if not prev:
            return
        if n.tok.percent:
            # a bare rate is the rate of the last count that has one ("…nộp trực tuyến 305 hồ sơ, nộp trực
            # tiếp 85 hồ sơ, đạt tỉ lệ 78,21%"), or continues a list of rates ("cấp tỉnh đạt 97,84%, cấp huyện
            # 98,35%" and "cấp huyện giải quyết 209.630 hồ sơ, đạt 98,92%" after "tỷ lệ … 97,86%"); after any
            # other count it is only that count's share ("trước hạn 13.529 hồ sơ, chiếm tỷ lệ 86,5%")
            same_kind = [m for m in prev if m.tok.percent and m.role]
            # a parenthesis closed before the rate is an aside: "…đúng hạn 15.539 hồ sơ (trong đó có 9 hồ sơ đang
            # giải quyết quá hạn), đạt tỷ lệ 97,93%" rates the count before it
            # (unless it splits the count by channel: "512 hồ sơ (trực tuyến 503; trực tiếp 9); tỷ lệ 98,24%")
            counts = [m for m in prev if not m.tok.percent and (m.paren_open is None or m.paren_open == n.paren_open
                                                                or m.role in ("online", "direct", "postal"))]
            p = same_kind[-1] if same_kind and (not counts or same_kind[-1].tok.start > counts[-1].tok.start) else None
            if p is None and counts:
                last = self._part_of(counts[-1], live)
                rated = [self._part_of(m, live) for m in reversed(counts)]
                rated = [m for m in rated if m.role in self.p.rate_of_count]
                if last.role in self.p.rate_of_count or (last.role == "on_time" and not self._early_stated()):
                    p = last  # "giải quyết đúng hạn 4.811 hồ sơ (tỉ lệ 100%)": on time includes early here
                elif last.role == "resolved" and same_kind:
                    p = same_kind[-1]
                elif rated and last.role in ("direct", "postal"):
                    p = rated[0]  # "…nộp trực tuyến 305 hồ sơ, nộp trực tiếp 85 hồ sơ, đạt tỉ lệ 78,21%"
                elif last.role == "late" and any(m.role in ("early", "on_time") for m in counts) and (
                        n.tok.value >= 50 or any(c.cue.key.startswith("đat") for c in n.left)):
                    # "trước hạn 10.217, đúng hạn 1.702, quá hạn 92 hồ sơ, đạt tỷ lệ 99,23%": the on-time rate
                    # of the breakdown (a late share would be small: "quá hạn còn 154, chiếm tỷ lệ 1%")
                    n.role, n.roles, n.inherited = "early_on_time", ["early_on_time"], True
                    return
            if p is None:
                return
        else:
            p = prev[-1]
            if p.tok.percent:
                return
            if n.tok.unit_class not in (p.tok.unit_class, None):
                return
        p = self._part_of(p, live)
        if p.role == "other":
            return
        if n.family in _OWN_SUBJECT and n.family != p.family:
            return  # "tỷ lệ đúng hạn đạt 99,44% …; số hóa cấp huyện đạt 65,3%": another subject
        n.role = p.role
        n.roles = list(p.roles) or ([p.role] if p.role else [])
        n.frame = n.frame or p.frame
        n.inherited = True
        if n.family is None:
            n.family = p.family if p.family != "apology" else None

    def _early_stated(self) -> bool:
        """"Trước hạn" counted on its own nearby: "đúng hạn" then means only the on-time part."""
        return self.ctx.early_stated or any(c.cue.role == "early" for c in self.cues)

    def _new_beside_carried(self, live: list[_Num]) -> None:
        """"tiếp nhận 6.438 hồ sơ TTHC và 338 hồ sơ năm trước chuyển sang": the first count is the new ones."""
        for a, b in zip(live, live[1:], strict=False):
            if a.sentence != b.sentence or a.role != "received" or b.role != "carried" or a.parent or b.parent:
                continue
            if any(m.sentence == a.sentence and m.role == "new" for m in live):
                continue  # the new ones are counted on their own: the first count is the total
            if re.search(r"trong đo|gôm|\(", self.key[a.tok.unit_end: b.tok.start]):
                continue  # "tiếp nhận 2.137 bộ hồ sơ, trong đó 29 hồ sơ tồn kỳ trước …": a breakdown
            if any(c.cue.role == "total" or c.cue.key.startswith("tông") for c in a.own):
                continue  # "Tổng số hồ sơ tiếp nhận 418 hồ sơ, …": a total
            if re.fullmatch(r"[^;.()]{0,40}?(?:\s(?:va|và)\s|,)[^;.()]{0,60}", self.key[a.tok.unit_end: b.tok.start]):
                a.role, a.roles = "new", ["new"] + [r for r in a.roles if r != "new"]
        for a, b in zip(live, live[1:], strict=False):
            # "gồm 22 hồ sơ tồn năm 2022 chuyển sang và 1.262 hồ sơ tiếp nhận trong năm": carried over, then the
            # ones received in the period are the new ones
            if a.sentence != b.sentence or a.role != "carried" or b.role != "received" or a.parent or b.parent:
                continue
            if any(m.sentence == a.sentence and m.role == "new" for m in live) or any(
                    c.cue.role == "total" for c in b.own):
                continue
            if re.fullmatch(r"[^;.()]{0,60}?(?:\s(?:va|và)\s|,)\s*", self.key[a.tok.unit_end: b.tok.start]):
                b.role, b.roles = "new", ["new"] + [r for r in b.roles if r != "new"]

    def _part_of(self, m: _Num, live: list[_Num]) -> _Num:
        """For the whole of "a/b" or the denominator of "a … trên tổng số b", the part a."""
        if m.tok.whole_of is not None:
            return next((x for x in live if x.tok.start == m.tok.whole_of), m)
        if m.denominator_of is not None:
            return m.denominator_of
        return m

    def _respective(self, live: list[_Num]) -> None:
        """"Tỷ lệ số hóa hồ sơ và số hóa kết quả: cấp tỉnh đạt 92,6% và 95,3%": roles in the order named."""
        for s_idx, (s_start, _s_end) in enumerate(self.sentences):
            group = [n for n in live if n.sentence == s_idx and n.tok.whole_of is None and n.anchor is None]
            if len(group) < 2:
                continue
            first = group[0].tok.start
            lead = [c for c in self.cues if s_start <= c.start < first and c.cue.role]
            roles: list[str] = []
            for c in lead:
                if c.cue.role and c.cue.role not in roles and c.cue.role != "other":
                    roles.append(c.cue.role)
            specific = [r for r in roles if r not in GENERAL_ROLES]
            if len(specific) < 2:
                continue
            k = len(specific)
            i = 0
            while i + k <= len(group):
                run = group[i:i + k]
                same_kind = all(m.tok.percent == run[0].tok.percent for m in run)
                bare = all(not any(c.cue.role for c in (m.left + m.right) if c.start >= first) for m in run[1:])
                joined = all(re.fullmatch(r"[\s,]*(?:và|va)?[\s,]*", self.key[a.tok.unit_end: b.tok.start] or " ")
                             for a, b in zip(run, run[1:], strict=False))
                if same_kind and bare and joined:
                    for m, role in zip(run, specific, strict=True):
                        m.role, m.roles, m.inherited = role, [role], False
                        m.respective = True
                    i += k
                else:
                    i += 1

    def _respectively(self, live: list[_Num]) -> None:
        """"trước hạn, đúng hạn và quá hạn lần lượt là 1.107, 142 và 04 hồ sơ", "toàn trình và một phần lần lượt
        là 121 và 98 thủ tục", "của cấp huyện và cấp xã lần lượt là 92,42% và 95,13%": the numbers after "lần lượt"
        take, one by one, what the items listed before it name. Each item is read on its own (a phrase such as
        "trước hạn, đúng hạn" would otherwise swallow two items); only what differs between the items (role,
        family or scope) is given out, the rest stays as linked."""
        for hit in _RESPECTIVELY.finditer(self.key):
            s_idx = self._sentence_of(hit.start())
            after = [n for n in live if n.sentence == s_idx and n.tok.start >= hit.end() and n.tok.whole_of is None]
            run = after[:1]
            for a, b in zip(after, after[1:], strict=False):
                if a.tok.percent != b.tok.percent or not _LIST_GLUE.fullmatch(self.key[a.tok.unit_end: b.tok.start]):
                    break
                run.append(b)
            items = self._list_items(s_idx, hit.start())
            if len(run) < 2 or len(items) < len(run):
                continue
            items = items[-len(run):]
            found = [self._item_meaning(a, b) for a, b in items]
            for attr in ("role", "family", "scope"):
                values = [f[attr] for f in found]
                if None in values or len(set(values)) < 2:
                    continue  # the items do not differ in this: it is shared, and already linked
                for n, value in zip(run, values, strict=True):
                    if value is None:
                        continue
                    if attr == "role":
                        n.role, n.roles, n.inherited = value, [value], False
                    elif attr == "family":
                        n.family = value
                    else:
                        n.scope, n.scope_known = value, True
                    n.respective = True
            frames = [f["general"] for f in found if f["general"]]
            if frames:
                for n in run:
                    if n.role not in GENERAL_ROLES:
                        n.frame = frames[0]

    def _list_items(self, s_idx: int, end: int) -> list[tuple[int, int]]:
        """The spans of the items listed before ``end`` in the clause: split at commas, "và", "hoặc"."""
        s_start = self.sentences[s_idx][0]
        start = max([s_start] + [x + 1 for x in self.strong if s_start <= x < end]
                    + [x + 1 for x in self.colons if s_start <= x < end])
        cuts = [start] + [m.end() for m in _LIST_SPLIT.finditer(self.key, start, end)]
        return [(a, b) for a, b in zip(cuts, [*cuts[1:], end], strict=True) if self.key[a:b].strip(" ,")]

    def _item_meaning(self, a: int, b: int) -> dict[str, str | None]:
        """The most specific role, the family, the scope and the general role one listed item names."""
        hits = [self.p.cues[k] for _, _, k in self.p.cue_index.find_all(self.key[a:b])]
        specific = [c.role for c in hits if c.role and c.role not in GENERAL_ROLES and c.role != "other"]
        general = [c.role for c in hits if c.role in ("received", "resolved", "pending")]
        families = [c.family for c in hits if c.family and c.attach is None]
        scopes = [c.scope for c in hits if c.scope]
        return {"role": max(specific, key=lambda r: ROLE_RANK.get(r, 5)) if specific else None,
                "family": families[-1] if families else None, "scope": scopes[-1] if scopes else None,
                "general": general[0] if general else None}

    def _closed_aside(self, pos: int, until: int) -> bool:
        """Is ``pos`` inside a parenthesis that closes before ``until`` ("(giảm 2 hồ sơ so với cùng kỳ); tỷ lệ …")?"""
        opened = self.paren[pos] if pos < len(self.paren) else None
        if opened is None:
            return False
        close = self.text.find(")", pos)
        return 0 <= close < until

    def _targets(self, live: list[_Num]) -> None:
        rx = self.p.target_regex
        ex = self.p.excluding_after_regex
        for n in live:
            if self.ctx.forward:
                n.null_reason = "target"
                continue
            s_start = self.sentences[n.sentence][0]
            if rx and any(not self._closed_aside(m.start(), n.tok.start) for m in rx.finditer(self.key, s_start,
                                                                                              n.tok.start)):
                n.null_reason = "target"
            if ex:
                after = n.tok.unit_end + (1 if self.key[n.tok.unit_end: n.tok.unit_end + 1] == " " else 0)
                m = ex.match(self.key, after)
                if m:
                    n.null_reason = "excluded_qualifier"

    # ------------------------------------------------------------------ indicator

    def _family_chain(self, n: _Num) -> list[tuple[str, bool]]:
        """Families to try, nearest first; True marks the number's own family (its "any" rule applies)."""
        chain: list[tuple[str, bool]] = []
        uc = n.tok.unit_class
        if n.family == "online":
            # "hồ sơ phát sinh dịch vụ công trực tuyến mức độ 3 và 4": online in general, not one level
            return [("dossier", False)] + ([("procedures", True)] if uc == "procedure" else [])
        if n.family:
            chain.append((n.family, True))
        if uc == "feedback" and n.family is None:
            chain.append(("feedback", True))
        s_start = self.sentences[n.sentence][0]
        # the sentence before the number, then earlier sentences (their families not already used up by
        # the numbers they labelled), then the list lead-in and section titles
        fams = [c.cue.family for c in self.cues if s_start <= c.start < n.tok.start and c.cue.family
                and c.cue.attach is None]
        chain += [(f, False) for f in sorted(dict.fromkeys(reversed(fams)), key=lambda f: -FAMILY_RANK.get(f, 2))]
        fams = [c.cue.family for c in self.cues if c.start < s_start and c.cue.family and c.cue.attach is None
                and (id(c) not in self.consumed or c.end <= self.lead_end)]
        chain += [(f, False) for f in sorted(dict.fromkeys(reversed(fams)), key=lambda f: -FAMILY_RANK.get(f, 2))]
        chain += [(f, False) for f in self.ctx.families]
        chain.append(("dossier", False))
        # the unit's family ("12 thủ tục" → procedures) comes after the families the words name
        if uc == "procedure":
            chain.append(("procedures", True))
        elif uc == "transaction":
            chain.append(("payment", True))
        out: list[tuple[str, bool]] = []
        seen: set[str] = set()
        for f, own in chain:
            if f == "online" or f in seen:
                continue
            seen.add(f)
            out.append((f, own))
        return out

    def _resolve(self, n: _Num) -> Linked:
        tok = n.tok
        scope = self._scope(n)
        linked = Linked(tok, None, role=n.role, family=n.family, frame=n.frame, scope=scope)
        if tok.whole_of is not None:
            linked.why_null = "fraction_whole"  # set from its part by link_fraction_wholes
            return linked
        if n.null_reason:
            linked.why_null = n.null_reason
            return linked
        if tok.zero and not n.own and tok.zero != "bare" and not n.inherited:
            linked.why_null = "zero_without_label"
            return linked
        kinds = ["count", "percent"] if tok.zero else (["percent"] if tok.percent else ["count"])
        uc = "percent" if tok.percent else ("any" if tok.zero else (tok.unit_class or "none"))
        chain = self._family_chain(n)
        found: tuple[IndicatorSpec, str] | None = None
        roles: list[str | None] = list(n.roles) if n.roles else [n.role]
        if n.tok.percent and n.family == "online" and not any(r in self.p.percent_roles for r in roles if r):
            roles = ["online"]  # "mức độ 3, 4 đạt 20,43%": the share of dossiers filed online
        if n.tok.percent:
            roles = [r for r in roles if r != "total_procedures"] or [None]
            specific: list[str | None] = [r for r in roles if r and r not in GENERAL_ROLES]
            if specific and not n.inherited:
                # the word nearest a rate names it: "số hồ sơ … quá hạn: 1,58%" is not the on-time rate, even
                # when "đúng và trước hạn" stands earlier in the sentence
                roles = list(specific[:1])
            named_rate = any(c.cue.rate and c.cue.key.startswith(("tỷ lê", "ti lê", "ty lê")) for c in n.own)
            if roles and roles[0] == "on_time" and self._early_stated() and not named_rate:
                linked.why_null = "share"  # "trước hạn …, 86,5%; đúng hạn …, 12,5%": shares, not the on-time rate
                return linked
            if n.family and n.family not in ("apology", "online") and not any(
                    s.family == n.family and s.kind == "percent" for s in self.p.indicators.values()):
                linked.why_null = "no_rate_in_family"  # "tỉ lệ thanh toán trực tuyến đạt 96,8%"
                return linked
        # the number's own family first (its named roles, then its catch-all), then an exact role in the
        # families around it, then a catch-all there for a number with no role or a weak one
        plan: list[tuple[str, str | None, bool]] = []
        cue_family = n.family
        if cue_family:
            plan += [(cue_family, r, True) for r in roles] + [(cue_family, roles[0], False)]
        for fam, own in chain:
            if not own:
                plan += [(fam, r, True) for r in roles]
        for fam, own in chain:
            if own and fam != cue_family:
                plan += [(fam, r, True) for r in roles] + [(fam, roles[0], False)]
        if roles[0] is None or roles[0] in WEAK_ROLES:
            plan += [(fam, roles[0], False) for fam, own in chain if not own]
        if roles[0] == "other":
            plan = []  # a count of something else ("rà soát 04 TTHC"): no guess
        for fam, role, exact in plan:
            for kind in kinds:
                spec = self._match(fam, role, n.frame, kind, "percent" if kind == "percent" else uc, exact)
                if spec is not None:
                    found = (spec, fam)
                    break
            if found:
                break
        if found is None:
            linked.why_null = "no_indicator"
            return linked
        linked.indicator, linked.family = found[0].id, found[1]
        channel = {"online": "hồ sơ trực tuyến", "direct": "hồ sơ trực tiếp", "postal": "hồ sơ bưu chính"}
        subset = [c.cue.role for c in n.own if c.cue.role in channel]
        if subset and n.role not in channel and not n.inherited and self.ctx.scopes_enabled and scope is None:
            # "tỷ lệ hồ sơ trực tuyến được giải quyết đúng hạn đạt 99,7%": a rate of the online dossiers only
            linked.scope = channel[subset[0]]
        own_roles = [c for c in n.own if c.cue.role]
        linked.confidence = 1.0 if own_roles else (0.75 if n.inherited else 0.6)
        if tok.flags and "ambiguous_separator" in tok.flags:
            linked.confidence = min(linked.confidence, 0.4)
        if n.own:
            linked.label_span = (min(c.start for c in n.own), max(c.end for c in n.own))
        return linked

    def _match(self, family: str, role: str | None, frame: str | None, kind: str, unit: str,
               exact: bool) -> IndicatorSpec | None:
        best: tuple[int, IndicatorSpec] | None = None
        for spec in self.p.indicators.values():
            if spec.family != family or spec.kind != kind:
                continue
            units = spec.units or (["percent"] if kind == "percent" else ["dossier", "none"])
            if unit not in units and unit != "any" and not (kind == "percent" and unit == "percent"):
                continue
            score = _role_score(spec.roles, spec.frames, role, frame)
            for alt in spec.also:
                score = max(score, _role_score(alt.roles, alt.frames, role, frame))
            if exact and score < 2:
                continue
            if score and (best is None or score > best[0]):
                best = (score, spec)
        return best[1] if best else None

    def _scope(self, n: _Num) -> str | None:
        if not self.ctx.scopes_enabled:
            return None
        if n.scope_known:
            return n.scope
        s_start = self.sentences[n.sentence][0]
        # the numbers of one sentence share the scope its first scoped number states ("Với cấp xã, toàn
        # tỉnh quý I tiếp nhận 264.610 hồ sơ, đã giải quyết 261.896 hồ sơ")
        before = [m for m in self.nums_by_start.values() if m.sentence == n.sentence and m.tok.start < n.tok.start
                  and m.scope_known and m.paren_open is None]
        if before:
            return before[-1].scope
        for lo in (s_start, 0):
            sc = [c for c in self.cues if lo <= c.start < n.tok.start and (c.cue.scope or c.cue.scope_reset)]
            if sc:
                levels = [c for c in sc if c.cue.scope and c.start >= s_start]
                return (levels or sc)[-1].cue.scope
        return self.ctx.scope if self.ctx.scope_set else None


def _role_score(roles: list[str], frames: list[str], role: str | None, frame: str | None) -> int:
    """3: role and frame named; 2: role named; 1: the family's catch-all ("any") for a weak or no role."""
    frame_ok = "any" in frames or (frame or "none") in frames
    if not frame_ok:
        return 0
    if role is not None and role in roles:
        return 3 if "any" not in frames else 2
    if "any" in roles and (role is None or role in WEAK_ROLES):
        return 1
    if "*" in roles:
        return 1
    return 0


def link_fraction_wholes(linked: list[Linked], patterns: Patterns) -> None:
    """In "a/b", the whole b takes the indicator the part a's indicator names as its whole."""
    by_start = {x.token.start: x for x in linked}
    for x in linked:
        t = x.token
        if t.part_of is None or x.indicator is None:
            continue
        whole = by_start.get(t.part_of)
        if whole is None:
            continue
        if x.indicator == "procedures.total":
            # "365 trong số 1.234 thủ tục thuộc thẩm quyền …": the words that name the catalogue name the
            # whole; what the part counts is not said next to it
            whole.indicator, whole.scope, whole.confidence, whole.why_null = x.indicator, x.scope, x.confidence, None
            x.indicator, x.why_null = None, "part_of_catalogue"
            continue
        spec = patterns.indicators.get(x.indicator)
        target = spec.whole if spec and spec.whole else None
        if target is None:
            # a part without a declared whole: the whole counts the same thing as its frame
            target = {"dossier.received_online": "dossier.received_new"}.get(x.indicator)
        if target:
            whole.indicator = target
            whole.scope = x.scope
            whole.confidence = x.confidence
            whole.why_null = None


def link_paragraph(text: str, patterns: Patterns, context: Context, skip_before: int = 0) -> list[Linked]:
    linker = ParagraphLinker(text, patterns, context, skip_before)
    linked = linker.link()
    link_fraction_wholes(linked, patterns)
    return linked
