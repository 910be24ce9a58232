"""Sections + patterns → report identity and figures (from prose and from tables)."""

from __future__ import annotations

from report_miner.extract.figures import ContextBuilder, LogicalParagraph, paragraph_figures
from report_miner.extract.metadata import COMMUNE_LEVELS, extract_report_info
from report_miner.extract.reconcile import reconcile
from report_miner.extract.tables import TableContext, table_figures
from report_miner.models import Document, Figure, ReportInfo
from report_miner.patterns import Patterns, load_patterns
from report_miner.segment import Layout


def _table_context(doc: Document, layout: Layout, index: int, builder: ContextBuilder, info: ReportInfo,
                   scopes_enabled: bool) -> TableContext:
    block_info = layout.info[index]
    # the caption: the paragraph right before the table ("Kết quả đánh giá sự hài lòng …:")
    caption = None
    for k in range(index - 1, max(-1, index - 3), -1):
        b = doc.blocks[k]
        if b.kind == "paragraph" and b.part == "body" and b.text.strip():
            caption = LogicalParagraph(b.text, [], layout.info[k].section, 0, None, False)
            break
    para = LogicalParagraph("", [], block_info.section, 0, None, False)
    ctx = builder.for_paragraph(para, caption)
    level = info.issuer.level
    return TableContext(families=ctx.families, scope=ctx.scope, scope_set=ctx.scope_set,
                        issuer_name=info.issuer.name, issuer_is_commune=level in COMMUNE_LEVELS,
                        scopes_enabled=scopes_enabled)


def extract(doc: Document, layout: Layout, patterns: Patterns | None = None) -> tuple[ReportInfo, list[Figure]]:
    patterns = patterns or load_patterns()
    info = extract_report_info(doc.blocks, layout)
    scopes_enabled = info.issuer.level not in COMMUNE_LEVELS
    figures = paragraph_figures(doc.blocks, layout, patterns, scopes_enabled, info.issuer.name)
    builder = ContextBuilder(layout, doc.blocks, patterns, scopes_enabled)
    for b in doc.blocks:
        if b.kind != "table" or b.part != "body" or layout.info[b.index].role == "header":
            continue
        tctx = _table_context(doc, layout, b.index, builder, info, scopes_enabled)
        figures += table_figures(b, layout.info[b.index].section, tctx, patterns)
    figures.sort(key=lambda f: (f.location.block, f.location.table.row if f.location.table else 0,
                                f.location.table.col if f.location.table else 0, f.location.char_start))
    return info, reconcile(figures)
