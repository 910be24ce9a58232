"""Paragraphs → figures: assemble logical paragraphs, give each its context, link, locate.

A logical paragraph is one or more blocks: a sentence that a PDF-to-Word conversion broke after
"số hồ sơ đã" continues in the next block, which then starts in lower case. The context of a
paragraph is what its section titles and its list lead-in ("- Tổng số hồ sơ tiếp nhận: 642 hồ
sơ, trong đó:") say about family and scope.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from report_miner.extract.link import Context, Linked, find_cues, link_paragraph
from report_miner.models import Block, Figure, Location
from report_miner.normalize import match_key
from report_miner.patterns import Patterns
from report_miner.segment import Layout

_BULLET_RE = re.compile(r"^\s*([-–—+•▪➢❖✓*])\s*")
_ENDS_SENTENCE = re.compile(r"[.:;!?…)\]]\s*$")
UNIT_LABEL = {"dossier": "hồ sơ", "procedure": "thủ tục", "transaction": "giao dịch", "feedback": "phản ánh",
              "percent": "%"}


@dataclass
class Piece:
    block: Block
    start: int  # where the block's text starts in the joined text


@dataclass
class LogicalParagraph:
    text: str
    pieces: list[Piece]
    section: str | None
    skip_before: int
    bullet: str | None
    heading: bool


def logical_paragraphs(blocks: list[Block], layout: Layout) -> list[LogicalParagraph]:
    out: list[LogicalParagraph] = []
    for b in blocks:
        info = layout.info[b.index]
        if b.kind != "paragraph" or info.role not in ("body", "intro", "title") or not b.text.strip():
            continue
        if b.part not in ("body", "textbox"):
            continue
        marker = info.marker
        skip = marker.length if marker and marker.source == "text" else 0
        prev = out[-1] if out else None
        if (prev is not None and not info.is_heading and not marker and prev.section == info.section
                and not _ENDS_SENTENCE.search(prev.text) and b.text[:1].islower()
                and prev.pieces[-1].block.index == b.index - 1):
            prev.pieces.append(Piece(b, len(prev.text) + 1))
            prev.text = prev.text + " " + b.text
            continue
        bullet = None
        if marker and marker.kind == "bullet":
            bullet = marker.label
        out.append(LogicalParagraph(b.text, [Piece(b, 0)], info.section, skip, bullet, info.is_heading))
    return out


class ContextBuilder:
    """Families, scope and forward-looking flags of each paragraph from titles and lead-ins."""

    def __init__(self, layout: Layout, blocks: list[Block], patterns: Patterns, scopes_enabled: bool) -> None:
        self.p = patterns
        self.scopes_enabled = scopes_enabled
        self.issuer_name: str | None = None
        self.sections = {s.id: s for s in layout.sections}
        self.title_info: dict[str, tuple[list[str], str | None, bool, bool]] = {}
        for s in layout.sections:
            self.title_info[s.id] = self._title(s.title)

    def _title(self, title: str) -> tuple[list[str], str | None, bool, bool]:
        key = match_key(title)
        cues = find_cues(key, self.p)
        fams = [c.cue.family for c in cues if c.cue.family and c.cue.attach is None]
        scope_cues = [c for c in cues if c.cue.scope or c.cue.scope_reset]
        forward = any(key.startswith(t) for t in self.p.forward_titles)
        return (list(dict.fromkeys(reversed(fams))), scope_cues[-1].cue.scope if scope_cues else None,
                bool(scope_cues), forward)

    def for_paragraph(self, para: LogicalParagraph, lead_in: LogicalParagraph | None) -> Context:
        ctx = Context(scopes_enabled=self.scopes_enabled, issuer_name=self.issuer_name)
        if lead_in is not None:
            fams, scope, has_scope, _ = self._title(lead_in.text)
            ctx.families += fams
            if has_scope:
                ctx.scope, ctx.scope_set = scope, True
        sid = para.section
        own_heading = para.heading
        while sid is not None and sid in self.sections:
            fams, scope, has_scope, forward = self.title_info[sid]
            if not (own_heading and sid == para.section):
                ctx.families += [f for f in fams if f not in ctx.families]
            if has_scope and not ctx.scope_set:
                ctx.scope, ctx.scope_set = scope, True
            ctx.forward = ctx.forward or forward
            sid = self.sections[sid].parent
        return ctx


def _locate(para: LogicalParagraph, start: int, end: int) -> tuple[Block, int, int]:
    piece = para.pieces[0]
    for p in para.pieces:
        if p.start <= start:
            piece = p
    s = start - piece.start
    e = min(end - piece.start, len(piece.block.text))
    return piece.block, s, e


def to_figure(x: Linked, para: LogicalParagraph, section: str | None) -> Figure:
    tok = x.token
    block, s, e = _locate(para, tok.start, tok.end)
    unit = UNIT_LABEL.get(tok.unit_class or "") if not tok.percent else "%"
    if unit is None and x.indicator:
        unit = "thủ tục" if x.indicator.endswith(".procedures") or x.indicator.startswith("procedures.") and \
            not x.indicator.endswith("_rate") else ("%" if x.indicator.endswith(("_rate", "_pct")) else "hồ sơ")
    value: int | float = int(tok.value) if float(tok.value).is_integer() else tok.value
    label = None
    if x.label_span:
        label = para.text[x.label_span[0]: x.label_span[1]]
    flags = list(tok.flags)
    if tok.zero:
        flags.append("zero_answer")
    return Figure(
        indicator=x.indicator, value=value, unit=unit, raw=tok.raw, section=section, scope=x.scope,
        location=Location(block=block.index, page=block.page, char_start=s, char_end=e),
        approximate=tok.approximate, decimals=tok.decimals, confidence=round(x.confidence, 2), label=label,
        flags=sorted(set(flags)),
    )


def paragraph_figures(blocks: list[Block], layout: Layout, patterns: Patterns, scopes_enabled: bool,
                      issuer_name: str | None = None) -> list[Figure]:
    paras = logical_paragraphs(blocks, layout)
    builder = ContextBuilder(layout, blocks, patterns, scopes_enabled)
    builder.issuer_name = issuer_name
    figures: list[Figure] = []
    lead_stack: list[LogicalParagraph] = []  # paragraphs ending in ":" that open a list
    lead_roles: dict[int, str | None] = {}  # the role of the count each lead-in states
    for para in paras:
        # a lead-in applies to the bullets that follow it, until a paragraph that is not a bullet
        if para.bullet is None or para.heading:
            lead_stack = []
        elif lead_stack and lead_stack[-1].bullet == para.bullet:
            lead_stack.pop()
        lead = lead_stack[-1] if lead_stack else None
        ctx = builder.for_paragraph(para, lead)
        ctx.lead_role = lead_roles.get(id(lead)) if lead is not None else None
        linked = link_paragraph(para.text, patterns, ctx, para.skip_before)
        lead_roles[id(para)] = next((x.role for x in reversed(linked) if x.role and x.indicator), None)
        for x in linked:
            if x.why_null in ("date", "document_number", "url", "phone", "code", "identifier"):
                continue
            if x.token.zero and x.indicator is None:
                continue  # a "Không" that answers no count is just a word
            section = layout.info[_locate(para, x.token.start, x.token.end)[0].index].section
            figures.append(to_figure(x, para, section))
        if para.text.rstrip().endswith(":") and not para.heading:
            lead_stack.append(para)
        elif para.heading and para.text.rstrip().endswith(":"):
            lead_stack = [para]
    return figures
