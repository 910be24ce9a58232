"""DOCX → ``Document``, in one pass over the XML.

python-docx hides what these reports depend on (automatic numbering, tracked changes, text
boxes, merged cells), so the body is walked here with lxml:

* paragraphs and tables in reading order, content controls and custom XML opened up;
* tracked changes: inserted text kept, deleted and moved-away text dropped;
* text boxes read once (the VML fallback of ``mc:AlternateContent`` is skipped) and placed as
  their own blocks right after the paragraph that anchors them;
* tables as a grid: ``gridSpan`` and ``vMerge`` become column and row spans;
* headers and footers read from their own parts and kept apart (``part``) after the body;
* run fonts checked for legacy Vietnamese encodings (.VnTime, VNI-Times) and repaired.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree

from report_miner import legacy
from report_miner.errors import InputError
from report_miner.ingest.numbering import Numbering
from report_miner.models import Block, BlockPart, Cell, Document, Table
from report_miner.normalize import normalize_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)

# Elements whose content is read as if it were inline in the parent.
_TRANSPARENT = {_W + t for t in ("ins", "hyperlink", "smartTag", "customXml", "sdt", "sdtContent", "fldSimple",
                                 "moveTo", "bdo", "dir", "rt", "ruby", "rubyBase")} | {MC + "AlternateContent",
                                                                                        MC + "Choice"}
# Elements whose content is not part of the text as it reads now.
_DROPPED = {_W + t for t in ("del", "moveFrom", "pPr", "rPr", "sdtPr", "sdtEndPr", "instrText", "delText",
                             "delInstrText", "commentReference", "footnoteReference", "endnoteReference")} | {
    MC + "Fallback"}


def _on(el: etree._Element | None) -> bool | None:
    """A WordprocessingML toggle (``<w:b/>``, ``<w:b w:val="0"/>``): True, False or unset."""
    if el is None:
        return None
    return el.get(_W + "val", "true") not in ("0", "false", "off", "none")


@dataclass
class StyleProps:
    name: str | None = None
    based_on: str | None = None
    num_id: str | None = None
    ilvl: int | None = None
    bold: bool | None = None
    italic: bool | None = None
    font: str | None = None
    jc: str | None = None


def _font_of(rpr: etree._Element | None) -> str | None:
    if rpr is None:
        return None
    f = rpr.find(_W + "rFonts")
    if f is None:
        return None
    return f.get(_W + "ascii") or f.get(_W + "hAnsi") or f.get(_W + "cs") or f.get(_W + "eastAsia")


class Styles:
    """Paragraph and character styles with ``basedOn`` inheritance resolved on demand.

    Word's styles.xml often holds hundreds of styles (350 KB in python-docx's template) while a
    report uses a handful, so the part is indexed by byte offsets and a style is parsed only when a
    paragraph asks for it.
    """

    _STYLE_START = re.compile(rb"<w:style\b[^>]*?w:styleId=\"([^\"]+)\"")
    _WRAP = b'<w:styles xmlns:w="%s">' % W.encode()

    def __init__(self, xml: bytes | None) -> None:
        self.raw: dict[str, StyleProps] = {}
        self.default_font: str | None = None
        self.default_para: str | None = None
        self._xml = xml or b""
        self._spans: dict[str, tuple[int, int]] = {}
        if not xml:
            return
        for m in self._STYLE_START.finditer(xml):
            gt = xml.find(b">", m.end())
            if gt < 0:
                break
            if xml[gt - 1: gt] == b"/":  # <w:style .../> has no properties
                end = gt + 1
            else:
                close = xml.find(b"</w:style>", gt)
                if close < 0:
                    break
                end = close + len(b"</w:style>")
            sid = m.group(1).decode("utf-8", "replace")
            self._spans[sid] = (m.start(), end)
            tag = xml[m.start(): gt + 1]
            if b'w:type="paragraph"' in tag and (b'w:default="1"' in tag or b'w:default="true"' in tag):
                self.default_para = sid
        dd_start = xml.find(b"<w:docDefaults")
        if dd_start >= 0:
            dd_end = xml.find(b"</w:docDefaults>", dd_start)
            if dd_end > 0:
                frag = self._WRAP + xml[dd_start: dd_end + 16] + b"</w:styles>"
                try:
                    dd = etree.fromstring(frag, _PARSER).find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr")
                    self.default_font = _font_of(dd)
                except etree.XMLSyntaxError:
                    pass
        if not self._spans and b"<w:style" not in xml:
            self._load_all()

    def _load_all(self) -> None:
        """Fallback for a styles part that does not use the "w:" prefix: parse it whole."""
        try:
            root = etree.fromstring(self._xml, _PARSER)
        except etree.XMLSyntaxError:
            return
        dd = root.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr")
        self.default_font = _font_of(dd)
        for st in root.iter(_W + "style"):
            sid = st.get(_W + "styleId")
            if sid:
                self.raw[sid] = self._props(st)
                if st.get(_W + "type") == "paragraph" and st.get(_W + "default") in ("1", "true"):
                    self.default_para = sid

    @staticmethod
    def _props(st: etree._Element) -> StyleProps:
        props = StyleProps()
        name = st.find(_W + "name")
        props.name = name.get(_W + "val") if name is not None else st.get(_W + "styleId")
        based = st.find(_W + "basedOn")
        props.based_on = based.get(_W + "val") if based is not None else None
        ppr = st.find(_W + "pPr")
        if ppr is not None:
            numpr = ppr.find(_W + "numPr")
            if numpr is not None:
                nid = numpr.find(_W + "numId")
                lvl = numpr.find(_W + "ilvl")
                props.num_id = nid.get(_W + "val") if nid is not None else None
                props.ilvl = int(lvl.get(_W + "val") or 0) if lvl is not None else None
            jc = ppr.find(_W + "jc")
            props.jc = jc.get(_W + "val") if jc is not None else None
        rpr = st.find(_W + "rPr")
        if rpr is not None:
            props.bold = _on(rpr.find(_W + "b"))
            props.italic = _on(rpr.find(_W + "i"))
            props.font = _font_of(rpr)
        return props

    def _get(self, sid: str) -> StyleProps | None:
        if sid in self.raw:
            return self.raw[sid]
        span = self._spans.get(sid)
        if span is None:
            return None
        try:
            st = etree.fromstring(self._WRAP + self._xml[span[0]: span[1]] + b"</w:styles>", _PARSER)[0]
        except (etree.XMLSyntaxError, IndexError):
            return None
        self.raw[sid] = self._props(st)
        return self.raw[sid]

    @lru_cache(maxsize=512)  # noqa: B019 - one Styles per document, dropped with it
    def resolved(self, sid: str | None) -> StyleProps:
        own = self._get(sid) if sid is not None else None
        if own is None:
            if sid is None and self.default_para and self._get(self.default_para) is not None:
                return self.resolved(self.default_para)
            return StyleProps(font=self.default_font)
        seen = {sid}
        chain = [own]
        cur = own.based_on
        while cur and cur not in seen and (nxt := self._get(cur)) is not None:
            seen.add(cur)
            chain.append(nxt)
            cur = nxt.based_on
        out = StyleProps(name=own.name)
        for attr in ("num_id", "ilvl", "bold", "italic", "font", "jc"):
            for st in chain:
                v = getattr(st, attr)
                if v is not None:
                    setattr(out, attr, v)
                    break
        if out.font is None:
            out.font = self.default_font
        return out

    def numpr_map(self) -> dict[str, tuple[str | None, int | None]]:
        """Styles that carry list numbering. Only styles whose XML mentions numPr are parsed."""
        out: dict[str, tuple[str | None, int | None]] = {}
        for sid, (a, b) in self._spans.items():
            if b"<w:numPr" in self._xml[a:b]:
                r = self.resolved(sid)
                if r.num_id is not None:
                    out[sid] = (r.num_id, r.ilvl)
        for sid in list(self.raw):
            if sid not in out:
                r = self.resolved(sid)
                if r.num_id is not None:
                    out[sid] = (r.num_id, r.ilvl)
        return out


@dataclass
class Run:
    text: str
    font: str | None
    bold: bool
    italic: bool


@dataclass
class ParaData:
    runs: list[Run] = field(default_factory=list)
    style_id: str | None = None
    num_id: str | None = None
    ilvl: int | None = None
    jc: str | None = None
    textboxes: list[etree._Element] = field(default_factory=list)


class _Reader:
    def __init__(self, zf: zipfile.ZipFile, path: str) -> None:
        self.zf = zf
        self.path = path
        self.styles = Styles(self._part("word/styles.xml"))
        self.numbering = Numbering(self._part("word/numbering.xml"), self.styles.numpr_map())
        self.blocks: list[Block] = []
        self.repairs: set[str] = set()

    def _part(self, name: str) -> bytes | None:
        try:
            return self.zf.read(name)
        except KeyError:
            return None
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise InputError(self.path, f"tệp DOCX bị hỏng, không đọc được phần {name} (corrupt zip)",
                             "corrupt") from exc

    # ------------------------------------------------------------------ runs and paragraphs

    def _collect(self, el: etree._Element, para: ParaData, run_ctx: tuple[str | None, bool, bool]) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _DROPPED:
                continue
            if tag == _W + "r":
                self._run(child, para)
            elif tag in _TRANSPARENT:
                self._collect(child, para, run_ctx)
            elif tag == M + "oMath" or tag == M + "oMathPara":
                text = "".join(t.text or "" for t in child.iter(M + "t"))
                para.runs.append(Run(text, None, False, False))

    def _run_props(self, r: etree._Element, para: ParaData) -> tuple[str | None, bool, bool]:
        pstyle = self.styles.resolved(para.style_id)
        rpr = r.find(_W + "rPr")
        font = bold = italic = None
        if rpr is not None:
            font = _font_of(rpr)
            bold = _on(rpr.find(_W + "b"))
            italic = _on(rpr.find(_W + "i"))
            rs = rpr.find(_W + "rStyle")
            if rs is not None:
                cst = self.styles.resolved(rs.get(_W + "val"))
                font = font or (cst.font if cst.font != self.styles.default_font else None)
                bold = cst.bold if bold is None else bold
                italic = cst.italic if italic is None else italic
        return (font or pstyle.font, bool(pstyle.bold if bold is None else bold),
                bool(pstyle.italic if italic is None else italic))

    def _run(self, r: etree._Element, para: ParaData) -> None:
        font, bold, italic = self._run_props(r, para)
        parts: list[str] = []
        for child in r:
            tag = child.tag
            if tag == _W + "t":
                parts.append(child.text or "")
            elif tag == _W + "tab" or tag == _W + "ptab":
                parts.append("\t")
            elif tag in (_W + "br", _W + "cr"):
                parts.append("\n")
            elif tag == _W + "noBreakHyphen":
                parts.append("-")
            elif tag == _W + "sym":
                code = child.get(_W + "char") or ""
                if re.fullmatch(r"[0-9A-Fa-f]{1,6}", code):
                    parts.append(chr(int(code, 16)))
            elif tag in (MC + "AlternateContent", _W + "drawing", _W + "pict", _W + "object"):
                para.textboxes.extend(self._textboxes(child))
        if parts:
            para.runs.append(Run("".join(parts), font, bold, italic))

    def _textboxes(self, el: etree._Element) -> list[etree._Element]:
        """Text-box contents under a drawing, once: the VML fallback duplicates the DrawingML choice."""
        out: list[etree._Element] = []

        def walk(node: etree._Element) -> None:
            for child in node:
                if not isinstance(child.tag, str) or child.tag == MC + "Fallback":
                    continue
                if child.tag == _W + "txbxContent":
                    out.append(child)
                else:
                    walk(child)

        if el.tag == _W + "txbxContent":
            return [el]
        walk(el)
        return out

    def _para_data(self, p: etree._Element) -> ParaData:
        para = ParaData()
        ppr = p.find(_W + "pPr")
        if ppr is not None:
            ps = ppr.find(_W + "pStyle")
            para.style_id = ps.get(_W + "val") if ps is not None else None
            numpr = ppr.find(_W + "numPr")
            if numpr is not None:
                nid = numpr.find(_W + "numId")
                lvl = numpr.find(_W + "ilvl")
                para.num_id = nid.get(_W + "val") if nid is not None else None
                para.ilvl = int(lvl.get(_W + "val") or 0) if lvl is not None else None
            jc = ppr.find(_W + "jc")
            para.jc = jc.get(_W + "val") if jc is not None else None
        self._collect(p, para, (None, False, False))
        return para

    def _label(self, para: ParaData) -> tuple[str | None, int | None]:
        num_id, ilvl = self.numbering.resolve(para.num_id, para.ilvl, para.style_id)
        if num_id is None:
            return None, None
        label, _fmt = self.numbering.label_for(num_id, ilvl or 0)
        return (label or None), ilvl

    def _text_of(self, runs: list[Run]) -> tuple[str, str, list[int], list[str]]:
        """Raw text, normalised text, offsets into raw, and the repairs made."""
        raw = "".join(r.text for r in runs)
        repairs: list[str] = []
        pre_parts: list[str] = []
        pre_off: list[int] = []
        pos = 0
        converted = False
        for r in runs:
            enc = legacy.encoding_for_font(r.font)
            if enc is None and not _has_vietnamese(r.text):
                enc = legacy.detect_encoding(r.text) if len(r.text) >= 12 else None
            if enc:
                text, off = legacy.convert(r.text, enc)
                repairs.append(f"{enc}:{r.font or 'content'}")
                converted = True
                pre_parts.append(text)
                pre_off.extend(pos + o for o in off)
            else:
                pre_parts.append(r.text)
                pre_off.extend(range(pos, pos + len(r.text)))
            pos += len(r.text)
        if not converted:
            text, offsets = normalize_text(raw)
            return raw, text, offsets, []
        text, off2 = normalize_text("".join(pre_parts))
        return raw, text, [pre_off[j] for j in off2], sorted(set(repairs))

    def _paragraph_block(self, p: etree._Element, part: BlockPart) -> list[Block]:
        para = self._para_data(p)
        label, level = self._label(para)
        raw, text, offsets, repairs = self._text_of(para.runs)
        self.repairs.update(repairs)
        style = self.styles.resolved(para.style_id)
        visible = [r for r in para.runs if r.text.strip()]
        out: list[Block] = []
        if text:  # an empty paragraph (spacing, a deleted line, a text box anchor) is not a block
            out.append(Block.model_construct(
                index=len(self.blocks), part=part, text=text, raw=raw, offsets=offsets, label=label,
                list_level=level, style=style.name if para.style_id else None,
                bold=bool(visible) and all(r.bold for r in visible),
                italic=bool(visible) and all(r.italic for r in visible),
                centered=(para.jc or style.jc) == "center", repairs=repairs,
            ))
            self.blocks.append(out[0])
        for box in para.textboxes:
            for inner in box:
                if inner.tag == _W + "p":
                    out += self._paragraph_block(inner, "textbox")
                elif inner.tag == _W + "tbl":
                    out.append(self._table_block(inner, "textbox"))
        return out

    # ------------------------------------------------------------------ tables

    def _cell_lines(self, tc: etree._Element) -> list[tuple[str, list[Run], bool]]:
        lines: list[tuple[str, list[Run], bool]] = []
        for child in tc:
            if child.tag == _W + "p":
                para = self._para_data(child)
                label, _ = self._label(para)
                runs = para.runs
                if label:
                    runs = [Run(label + " ", None, False, False), *runs]
                visible = [r for r in para.runs if r.text.strip()]
                lines.append(("p", runs, bool(visible) and all(r.bold for r in visible)))
            elif child.tag == _W + "tbl":
                for row in child.iter(_W + "tc"):
                    lines.extend(self._cell_lines(row))
            elif child.tag in (_W + "sdt", _W + "sdtContent", _W + "customXml"):
                lines.extend(self._cell_lines(child))
        return lines

    def _cell(self, tc: etree._Element, row: int, col: int, span: int) -> dict:
        lines = self._cell_lines(tc)
        raws: list[str] = []
        texts: list[str] = []
        offsets: list[int] = []
        repairs: list[str] = []
        base = 0
        for _kind, runs, _bold in lines:
            raw, text, off, rep = self._text_of(runs)
            repairs += rep
            if texts and text:
                texts.append("\n")
                offsets.append(base - 1 if base else 0)
            if text:
                texts.append(text)
                offsets.extend(base + o for o in off)
            raws.append(raw)
            base += len(raw) + 1
        self.repairs.update(repairs)
        bold = bool(lines) and all(b for _k, r, b in lines if any(x.text.strip() for x in r))
        return {"row": row, "col": col, "row_span": 1, "col_span": span, "text": "".join(texts),
                "raw": "\n".join(raws), "bold": bold}

    def _rows(self, tbl: etree._Element) -> list[etree._Element]:
        rows = []
        for child in tbl:
            if child.tag == _W + "tr":
                rows.append(child)
            elif child.tag in (_W + "sdt", _W + "sdtContent", _W + "customXml"):
                rows.extend(self._rows(child))
        return rows

    def _row_cells(self, tr: etree._Element) -> list[etree._Element]:
        cells = []
        for child in tr:
            if child.tag == _W + "tc":
                cells.append(child)
            elif child.tag in (_W + "sdt", _W + "sdtContent", _W + "customXml"):
                cells.extend(self._row_cells(child))
        return cells

    def _table_block(self, tbl: etree._Element, part: BlockPart) -> Block:
        cells: list[dict] = []
        origin: dict[int, dict] = {}  # column → cell that a vertical merge continues
        n_cols = 0
        rows = self._rows(tbl)
        for r, tr in enumerate(rows):
            col = 0
            trpr = tr.find(_W + "trPr")
            if trpr is not None:
                gb = trpr.find(_W + "gridBefore")
                if gb is not None and (gb.get(_W + "val") or "").isdigit():
                    col = int(gb.get(_W + "val") or 0)
            for tc in self._row_cells(tr):
                tcpr = tc.find(_W + "tcPr")
                span = 1
                vmerge = None
                if tcpr is not None:
                    gs = tcpr.find(_W + "gridSpan")
                    if gs is not None and (gs.get(_W + "val") or "").isdigit():
                        span = max(1, int(gs.get(_W + "val") or 1))
                    vm = tcpr.find(_W + "vMerge")
                    if vm is not None:
                        vmerge = vm.get(_W + "val") or "continue"
                if vmerge == "continue" and col in origin:
                    origin[col]["row_span"] = r - origin[col]["row"] + 1
                    self._cell_lines(tc)  # keep numbering counters in step
                else:
                    cell = self._cell(tc, r, col, span)
                    cells.append(cell)
                    for k in range(col, col + span):
                        origin[k] = cell
                col += span
            n_cols = max(n_cols, col)
        # built without validation: the reader makes them well-typed (a test validates a real document)
        table = Table.model_construct(n_rows=len(rows), n_cols=n_cols,
                                      cells=[Cell.model_construct(**c) for c in cells])
        raw_rows: dict[int, list[str]] = {}
        text_rows: dict[int, list[str]] = {}
        for c in cells:
            raw_rows.setdefault(c["row"], []).append(c["raw"].replace("\n", " "))
            text_rows.setdefault(c["row"], []).append(c["text"].replace("\n", " "))
        text = "\n".join(" | ".join(text_rows[k]) for k in sorted(text_rows))
        raw = "\n".join(" | ".join(raw_rows[k]) for k in sorted(raw_rows))
        block = Block.model_construct(index=len(self.blocks), kind="table", part=part, text=text, raw=raw,
                                      table=table)
        self.blocks.append(block)
        return block

    # ------------------------------------------------------------------ containers

    def walk(self, container: etree._Element, part: BlockPart) -> None:
        for child in container:
            tag = child.tag
            if tag == _W + "p":
                self._paragraph_block(child, part)
            elif tag == _W + "tbl":
                self._table_block(child, part)
            elif tag in (_W + "sdt", _W + "sdtContent", _W + "customXml", _W + "ins", MC + "AlternateContent",
                         MC + "Choice"):
                self.walk(child, part)

    def header_footer_parts(self) -> list[tuple[str, BlockPart]]:
        rels = self._part("word/_rels/document.xml.rels")
        if not rels:
            return []
        out: list[tuple[str, BlockPart]] = []
        for rel in etree.fromstring(rels, _PARSER).iter(REL + "Relationship"):
            kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
            target = (rel.get("Target") or "").lstrip("/")
            if kind in ("header", "footer") and target:
                name = target if target.startswith("word/") else "word/" + target
                out.append((name, "header" if kind == "header" else "footer"))
        return sorted(out)


def _has_vietnamese(text: str) -> bool:
    return any("\u1ea0" <= c <= "\u1ef9" or c in "ăâđêôơưĂÂĐÊÔƠƯ" for c in text)


def _pages(zf: zipfile.ZipFile) -> int | None:
    try:
        app = zf.read("docProps/app.xml")
    except KeyError:
        return None
    try:
        root = etree.fromstring(app, _PARSER)
    except etree.XMLSyntaxError:
        return None
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.endswith("}Pages") and (el.text or "").strip().isdigit():
            return int(el.text or 0) or None
    return None


def docx_to_document(path: str, zf: zipfile.ZipFile, sha256: str) -> Document:
    """Read a DOCX already opened (and size-checked) as a zip."""
    reader = _Reader(zf, path)
    xml = reader._part("word/document.xml")
    if xml is None:
        raise InputError(path, "tệp DOCX thiếu phần nội dung word/document.xml (corrupt docx)", "corrupt")
    try:
        root = etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise InputError(path, "nội dung DOCX không phải XML hợp lệ (corrupt docx)", "corrupt") from exc
    body = root.find(_W + "body")
    if body is None:
        raise InputError(path, "tệp DOCX không có phần thân văn bản (empty document)", "empty")
    reader.walk(body, "body")
    seen: set[str] = set()
    for name, part in reader.header_footer_parts():
        xml_hf = reader._part(name)
        if not xml_hf:
            continue
        try:
            hf_root = etree.fromstring(xml_hf, _PARSER)
        except etree.XMLSyntaxError:
            continue
        start = len(reader.blocks)
        reader.walk(hf_root, part)
        # the same header text on first/even/default pages is one header
        kept: list[Block] = []
        for b in reader.blocks[start:]:
            if b.text and b.text not in seen:
                seen.add(b.text)
                kept.append(b.model_copy(update={"index": start + len(kept)}))
        reader.blocks[start:] = kept
    return Document.model_construct(path=path, format="docx", sha256=sha256, pages=_pages(zf),
                                    blocks=reader.blocks,
                    repairs=sorted(reader.repairs))
