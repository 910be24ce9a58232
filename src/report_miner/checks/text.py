"""The checks that read the report's words: consistency.issuer_level and consistency.status_vs_figures.

Both are warnings: they catch template slips (a commune report copied from the district's, saying
"UBND huyện không tiếp nhận phản ánh"; a section left at "Chưa thực hiện" from last year while the
figures show the service running). The phrase lists live in checks.yaml; matching runs on
``match_key`` text, so tone marks and case do not matter, and positions map back to the original.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from report_miner.checks.common import Context, issuer_name, locate, make_result
from report_miner.checks.rules import IssuerLevel, StatusVsFigures, Topic
from report_miner.checks.values import Choice
from report_miner.models import CheckResult, CheckStatus, Section
from report_miner.normalize import match_key


def _alternation(phrases: list[str] | tuple[str, ...]) -> str:
    return _alternation_of(tuple(phrases))


@lru_cache(maxsize=256)
def _alternation_of(phrases: tuple[str, ...]) -> str:
    keys = sorted({match_key(p.strip()) for p in phrases if p.strip()}, key=len, reverse=True)
    return "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in keys)


def _paragraphs(ctx: Context) -> Iterator[tuple[Section, str, bool]]:
    """(section, text, is the heading) for every paragraph the record keeps, heading first."""
    for s in ctx.record.sections:
        for p in s.paragraphs:
            yield s, p.text, p.block == s.block


_SENTENCE_END = re.compile(r"[.;!?](?=\s|$)")


def _quote(text: str, start: int, end: int, width: int = 90) -> str:
    """The sentence around [start, end) ("1.341" does not end one), cut to ``width`` characters."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    left = max((e for e in ends if e <= start), default=0)
    right = min((e - 1 for e in ends if e > end), default=len(text))
    snippet = text[left:right].strip()
    if len(snippet) <= width:
        return snippet
    cut = snippet.rfind(" ", 0, width)
    return snippet[: cut if cut > width // 2 else width].rstrip(" ,;:") + "…"


# --------------------------------------------------------------------------- issuer level


def _issuer_regexes(spec: IssuerLevel) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The other level's name, the verbs of the report's own work, the openers (``re`` caches them)."""
    name = re.compile(rf"(?<!\w)(?:{_alternation(spec.other_levels)})(?!\w)")
    verb = re.compile(rf"(?:(?:{_alternation(spec.modals)})\s+)*(?:{_alternation(spec.own_work)})(?!\w)")
    opener = re.compile(rf"^(?:(?:{_alternation(spec.openers)})(?!\w)[^,]*,\s*)?$")
    return name, verb, opener


_WORD = re.compile(r"\s+(\w+)")


def _skip_proper_name(text: str, pos: int) -> int:
    """After "UBND huyện", skip the place name ("Mộ Đức"): up to four capitalised words."""
    for _ in range(4):
        m = _WORD.match(text, pos)
        if not m or not m.group(1)[0].isupper():
            break
        pos = m.end()
    return pos


def _is_subject(key: str, start: int, opener: re.Pattern[str]) -> bool:
    """Nothing but an opening adverbial stands between the clause start and the name."""
    clause_start = max(key.rfind(c, 0, start) for c in ".;:!?\n") + 1
    before = key[clause_start:start].strip().lstrip("-+•–*").strip()
    return bool(opener.match(before))


def _attributions(ctx: Context, text: str) -> Iterator[tuple[int, int, int]]:
    """(start, end of the name, end of the verb) of each clause whose subject is the other level."""
    spec = ctx.rules.issuer_level
    name_re, verb_re, opener_re = _issuer_regexes(spec)
    exempt = re.compile(_alternation(spec.exempt_sentences)) if spec.exempt_sentences else None
    key = match_key(text)
    for m in name_re.finditer(key):
        after = _skip_proper_name(text, m.end())
        gap = re.match(r"\s+", key[after:])
        verb = verb_re.match(key, after + (gap.end() if gap else 0))
        if not verb or not _is_subject(key, m.start(), opener_re):
            continue
        if exempt is not None and exempt.search(match_key(_quote(text, m.start(), verb.end(), 10_000))):
            continue
        yield m.start(), m.end(), verb.end()


def run_issuer_level(ctx: Context) -> list[CheckResult]:
    """A commune report where the district's UBND is the subject of the commune's own work."""
    if not ctx.record.sections:
        return []
    if ctx.record.report.issuer.level not in ctx.rules.issuer_level.applies_to:
        msg = "Không áp dụng: chỉ kiểm tra báo cáo của xã, phường, thị trấn"
        return [make_result(ctx, "consistency.issuer_level", "skip", msg, rule="issuer_level")]
    results = []
    for section, text, _ in _paragraphs(ctx):
        for start, name_end, verb_end in _attributions(ctx, text):
            msg = (f"Mục {section.id} ghi “{_quote(text, start, verb_end)}”: báo cáo của "
                   f"{issuer_name(ctx.record)} lại ghi công việc của mình cho “{text[start:name_end]}” "
                   f"(cấp khác); kiểm tra lại chủ thể")
            results.append(make_result(ctx, "consistency.issuer_level", "fail", msg, rule="issuer_level",
                                       sections=[section.id]))
    if not results:
        msg = "Không có câu nào ghi công việc của đơn vị báo cáo cho cấp huyện"
        results.append(make_result(ctx, "consistency.issuer_level", "pass", msg, rule="issuer_level"))
    return results


# --------------------------------------------------------------------------- status vs figures


def _answer_regex(spec: StatusVsFigures) -> re.Pattern[str]:
    """The answer opens the paragraph (after a label "a)") or follows a colon/dash, and ends its sentence, perhaps
    with its reason ("…: chưa thực hiện do thị trấn chưa được cấp tài khoản thu phí")."""
    answers = _alternation(spec.negative_answers)
    reason = r"(?:\s*,?\s*(?:do|vì|bởi vì|bởi|vì lý do|lý do)\s[^.;!]*)?"
    return re.compile(rf"(?:^|[:\-–])\s*(?:[a-zđ0-9]{{1,2}}[.)]\s*)?(?P<neg>{answers}){reason}\s*(?:[.;!]|$)")


def _topics_in(text: str, topics: list[Topic]) -> list[Topic]:
    """The first topic (in the list's order of specificity) that the text names."""
    key = match_key(text)
    for t in topics:
        if re.search(rf"(?<!\w)(?:{_alternation(t.words)})(?!\w)", key):
            return [t]
    return []


def _topic_for(ctx: Context, section: Section, before: str, heading: bool) -> list[Topic]:
    """The nearest text that names a topic: the words before the answer, the title, the parents'."""
    topics = ctx.rules.status_vs_figures.topics
    texts = [before] + ([] if heading else [section.title])
    parent = section.parent
    by_id = {s.id: s for s in ctx.record.sections}
    while parent and parent in by_id:
        texts.append(by_id[parent].title)
        parent = by_id[parent].parent
    for t in texts:
        found = _topics_in(t, topics)
        if found:
            return found
    return []


def _done(ctx: Context, topics: list[Topic]) -> list[Choice]:
    """Figures (any scope) showing the topic's work was done: a count above zero."""
    out: list[Choice] = []
    for topic in topics:
        for (indicator, scope), _ in ctx.table.exact.items():
            if indicator in topic.indicators:
                out += [c for c in ctx.table.choices(indicator, scope) if c.value > 0]
    return out


def run_status_vs_figures(ctx: Context) -> list[CheckResult]:
    """Every "Chưa thực hiện"-style answer against the figures of the topic it answers."""
    spec = ctx.rules.status_vs_figures
    answer_re = _answer_regex(spec)
    results = []
    for section, text, heading in _paragraphs(ctx):
        key = match_key(text)
        for m in answer_re.finditer(key):
            before = text[: m.start("neg")]
            topics = _topic_for(ctx, section, before, heading)
            if topics:
                results.append(_judge(ctx, section, text, m.start("neg"), m.end("neg"), topics))
    return results


def _judge(ctx: Context, section: Section, text: str, start: int, end: int,
           topics: list[Topic]) -> CheckResult:
    quote = _quote(text, start, end, 110)
    names = ", ".join(t.name for t in topics)
    if not any(t.indicators for t in topics):
        msg = f"Mục {section.id} ghi “{quote}” về {names}: không có chỉ tiêu nào để đối chiếu"
        return make_result(ctx, "consistency.status_vs_figures", "pass", msg, rule="status_vs_figures",
                           sections=[section.id])
    done = _done(ctx, topics)
    sure = [c for c in done if not c.doubt]
    if not done:
        msg = f"Mục {section.id} ghi “{quote}” về {names}; không có số liệu nào cho thấy đã thực hiện"
        return make_result(ctx, "consistency.status_vs_figures", "pass", msg, rule="status_vs_figures",
                           sections=[section.id])
    shown = sure or done
    listed = "; ".join(f"{ctx.name(c.indicator)} {c.text()}{locate([c])}" for c in shown[:4])
    msg = (f"Mục {section.id} ghi “{quote}” về {names}, nhưng báo cáo có số liệu cho thấy đã thực hiện: "
           f"{listed}")
    status: CheckStatus = "fail" if sure else "skip"
    if not sure:
        msg = f"bỏ qua vì các số liệu đối chiếu đọc không chắc chắn; {msg}"
    sections = list(dict.fromkeys([section.id, *[s for c in shown for s in c.sections]]))
    return make_result(ctx, "consistency.status_vs_figures", status, msg, rule="status_vs_figures",
                       used=shown, sections=sections)
