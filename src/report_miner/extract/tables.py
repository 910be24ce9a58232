"""Tables → figures: header rows flattened into label paths, each body cell a figure.

A Biểu 06 table has two or three header rows with merged group cells ("Số hồ sơ nhận giải quyết"
over "Tổng số | Trực tuyến | Trực tiếp, bưu chính | Từ kỳ trước"), a row of column numbers
"(1) … (13)", then one row per lĩnh vực (or per commune in a district's table) and a total row.
Each body cell is linked like prose whose words are its label path ("Kết quả giải quyết › Quá
hạn" → resolved_late; "Số hồ sơ đang giải quyết › Quá hạn" → pending_overdue), so tables and
text share one vocabulary. The row label is the figure's scope; the total row is the issuer's
own figure (or the sub-scope of the section, "cấp xã" for a district's table of communes).

A table whose rows are the indicators ("Tổng số hồ sơ tiếp nhận | 418") is read the other way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from report_miner.extract.link import Context, find_cues, link_paragraph
from report_miner.models import Block, Cell, CellRef, Figure, Location
from report_miner.normalize import match_key
from report_miner.numbers import parse_vn_number
from report_miner.patterns import Patterns

# A number cell: "1.234", "1 234", "98,5 %", a count with its unit ("06 hồ sơ", "171 TTHC"), or "Không" for none
_CELL_NUM = re.compile(
    r"^\s*(?:(?:hơn|gần|khoảng|trên)\s+)?(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?:[ \u00a0]\d{3})+(?:,\d+)?"
    r"|\d+(?:,\d+)?|không)\s*(%?)\s*(?:(?:bộ\s+)?hồ\s+sơ|hs|thủ\s+tục|tthc|lượt|trường\s+hợp|giao\s+dịch)?\s*$",
    re.IGNORECASE)
_PCT_PAREN = re.compile(r"\(\s*%\s*\)")
_COLNUM = re.compile(r"^\s*\(?\s*\d{1,2}\s*\)?\s*(?:[=+\-*/]\s*\(?\d{1,2}\)?\s*)*$")
_STT = {"stt", "tt", "sô tt", "sô thư tư", "số tt"}
_COMMUNE_ROW = re.compile(r"^\s*(?:xã|phường|thị trấn|ubnd xã|ubnd phường|ubnd thị trấn)\b", re.IGNORECASE)
_UNIT_PREFIX = re.compile(r"^(xã|phường|thị trấn|huyện|quận|thị xã|thành phố|ubnd|ủy ban nhân dân)\b", re.IGNORECASE)


@dataclass
class TableContext:
    families: list[str]
    scope: str | None
    scope_set: bool
    issuer_name: str | None
    issuer_is_commune: bool
    scopes_enabled: bool
    early_stated: bool = False


_ROW_FAMILIES = {"online_full", "online_partial", "digitization", "payment", "feedback", "satisfaction"}


def _is_number_cell(c: Cell | None) -> bool:
    return c is not None and bool(_CELL_NUM.match(c.text))


def _is_index_row(row: list[Cell | None]) -> bool:
    texts = [c.text for c in row if c is not None and c.text.strip()]
    return bool(texts) and all(_COLNUM.match(t) for t in texts) and any("(" in t for t in texts) or (
        len(texts) >= 3 and all(t.strip().isdigit() for t in texts)
        and [int(t) for t in texts] == list(range(int(texts[0]), int(texts[0]) + len(texts))))


def _header_rows(grid: list[list[Cell | None]]) -> int:
    """How many rows at the top are headers (text, or column numbers), before the first data row."""
    n = 0
    for row in grid:
        nums = sum(1 for c in row if _is_number_cell(c))
        texts = sum(1 for c in row if c is not None and c.text.strip() and not _is_number_cell(c))
        if _is_index_row(row):
            n += 1
            continue
        if nums >= 2 or (nums >= 1 and texts <= 2 and n > 0):
            break
        n += 1
        if n >= 4:
            break
    return n


def _text(c: Cell | None) -> str:
    return c.text if c is not None else ""


def _label_columns(grid: list[list[Cell | None]], header_rows: int) -> tuple[int | None, int]:
    """(STT column or None, label column, -1 when the rows have none): the text columns left of the numbers."""
    n_cols = len(grid[0]) if grid else 0
    body = grid[header_rows:]
    stt = None
    for col in range(n_cols):
        head = " ".join(match_key(_text(grid[r][col])) for r in range(header_rows))
        if head.strip() in _STT or head.strip().startswith("stt"):
            stt = col
            continue
        texts = [_text(r[col]) for r in body if _text(r[col]).strip()]
        if texts and sum(1 for t in texts if not _CELL_NUM.match(t)) >= max(1, len(texts) // 2):
            return stt, col
        if texts and stt is None and col == 0 and all(t.strip().isdigit() for t in texts) and len(texts) > 1:
            stt = col
            continue
        if texts and all(_CELL_NUM.match(t) for t in texts):
            return stt, -1  # no label column: "| 1 326 | 38 | 947 |" under a row of headers
        break
    return stt, (stt + 1 if stt is not None else 0)


def _header_cell(grid: list[list[Cell | None]], header_rows: int, r: int, col: int) -> Cell | None:
    """The header cell over (r, col); a blank cell under-neath which the next row names sub-columns
    continues the group header to its left, as tables typed without merging have it
    ("Trước hạn | (blank)" over "Tổng | %")."""
    c = grid[r][col]
    if c is not None and c.text.strip():
        return c
    if r + 1 >= header_rows or not _text(grid[r + 1][col]).strip():
        return c
    for k in range(col - 1, -1, -1):
        left = grid[r][k]
        if left is not None and left.text.strip():
            return left if _text(grid[r + 1][k]).strip() else None
    return c


def _path(grid: list[list[Cell | None]], header_rows: int, col: int) -> list[str]:
    out: list[str] = []
    seen: set[int] = set()
    for r in range(header_rows):
        c = _header_cell(grid, header_rows, r, col)
        if c is None or id(c) in seen or not c.text.strip() or _COLNUM.match(c.text):
            continue
        seen.add(id(c))
        out.append(c.text.replace("\n", " ").strip())
    return out


def _is_total(label: str, patterns: Patterns) -> bool:
    k = match_key(label).strip(" .:*")
    return k in patterns.total_rows or k.startswith(("tông công", "tông sô", "công", "tông"))


def _row_scope(label: str, ctx: TableContext, patterns: Patterns, rows_are_units: bool, n_body: int) -> str | None:
    if not label or _is_total(label, patterns):
        if rows_are_units and not ctx.issuer_is_commune and ctx.scopes_enabled:
            return "cấp xã" if not ctx.scope_set else ctx.scope
        return ctx.scope if (ctx.scope_set and ctx.scopes_enabled) else None
    if ctx.issuer_name and match_key(ctx.issuer_name) in match_key(label) and (
            rows_are_units or n_body == 1) and (ctx.issuer_is_commune or not _COMMUNE_ROW.match(label)):
        return None  # the issuer's own row (not "Thị trấn Mộ Đức" in huyện Mộ Đức's table of communes)
    if n_body == 1 and rows_are_units:
        return None
    return label.strip()


def table_figures(block: Block, section: str | None, ctx: TableContext, patterns: Patterns) -> list[Figure]:
    table = block.table
    if table is None or table.n_rows < 2:
        return []
    grid = table.grid()
    hr = _header_rows(grid)
    if hr == 0 or hr >= len(grid):
        return []
    stt, label_col = _label_columns(grid, hr)
    body_rows = [r for r in range(hr, len(grid)) if not _is_index_row(grid[r])]
    row_labels = {r: _text(grid[r][label_col]).replace("\n", " ").strip() if label_col >= 0 else ""
                  for r in body_rows}
    rows_are_units = sum(1 for lab in row_labels.values() if _UNIT_PREFIX.match(lab)) >= max(1, len(body_rows) // 2)
    # rows that are indicators: their labels carry the roles, the columns are periods or levels
    head_key = " ".join(" ".join(_path(grid, hr, c)) for c in range(label_col + 1, len(grid[0])))
    row_roles = sum(1 for lab in row_labels.values() if any(c.cue.role for c in find_cues(match_key(lab), patterns)))
    col_roles = sum(1 for c in find_cues(match_key(head_key), patterns) if c.cue.role)
    transposed = row_roles >= max(2, len(body_rows) // 2) and col_roles == 0
    # rows that name what kind of service they count ("Toàn trình" / "Một phần", "Số hóa …"): the label says the
    # family of every cell of the row, and is no scope
    family_rows = {r for r, lab in row_labels.items() if not transposed and not rows_are_units and lab
                   and any(c.cue.family in _ROW_FAMILIES for c in find_cues(match_key(lab), patterns))}
    # a column or row where some cells carry "%" holds percentages throughout ("100% | 0% | 0")
    pct_cols = {c for r in body_rows for c in range(len(grid[r]))
                if _is_number_cell(grid[r][c]) and "%" in _text(grid[r][c])}
    pct_rows = {r for r in body_rows if sum(1 for c in grid[r] if c is not None and _is_number_cell(c)
                                            and "%" in c.text) >= 2
                and all(_CELL_NUM.match(c.text).group(1).strip("0,.") == ""  # type: ignore[union-attr]
                        for c in grid[r][label_col + 1:] if c is not None and _is_number_cell(c) and "%" not in c.text)}
    early = any(c.cue.role == "early" for col in range(label_col + 1, len(grid[0]))
                for c in find_cues(match_key(" ".join(_path(grid, hr, col))), patterns))
    ctx = TableContext(**{**ctx.__dict__, "early_stated": early})
    figures: list[Figure] = []
    n_body = len([r for r in body_rows if any(_is_number_cell(grid[r][c]) for c in range(len(grid[r])))])
    parent_role: str | None = None
    for r in body_rows:
        label = row_labels[r]
        # a sub-row: a bullet before its label, or in the STT column ("| - | Quá hạn | 3 |" under "| C | Số hồ sơ
        # đang giải quyết |")
        stt_text = _text(grid[r][stt]).strip() if stt is not None and stt != label_col else ""
        child = transposed and bool(re.match(r"^\s*[-+–•*]", label) or re.fullmatch(r"[-+–•*]|[a-zđ][.)]?", stt_text))
        for col in range(label_col + 1, len(grid[r])):
            cell = grid[r][col]
            if cell is None or cell.row != r or cell.col != col or not _is_number_cell(cell):
                continue
            path = _path(grid, hr, col)
            if len(path) == 1 and _is_total(path[0], patterns) and not transposed and not _counts_other_things(
                    path[0], patterns):
                path = ["Tổng số hồ sơ"]  # a lone "Tổng" column of a dossier table counts what it received
            fig, role = _cell_figure(block, cell, r, col, path, label, transposed, section, ctx, patterns,
                                     rows_are_units, n_body, parent_role if child else None,
                                     col in pct_cols or r in pct_rows, r in family_rows)
            if fig is not None:
                figures.append(fig)
            if transposed and not child:
                parent_role = role
    return figures


@lru_cache(maxsize=4096)
def _link_label(text: str, pct: bool, families: tuple[str, ...], parent_role: str | None, early_stated: bool,
                patterns: Patterns) -> tuple[str | None, str | None, float] | None:
    """(indicator, role, confidence) of a cell labelled ``text``: one link per column, not per cell."""
    # a stand-in number no reader could take for a day, a month or a year ("… trong tháng: 1" would be January)
    sentence = f"{text}: {'55,5%' if pct else '5.555'}"
    lctx = Context(families=list(families), scopes_enabled=False, lead_role=parent_role, early_stated=early_stated)
    linked = [x for x in link_paragraph(sentence, patterns, lctx) if x.token.start >= len(text)]
    if not linked:
        return None
    x = linked[0]
    return x.indicator, x.role, x.confidence


# column headers that count people or ratings, never dossiers or procedures
_OTHER_COUNTS = ("lượt đánh giá", "lượt khảo sát", "phiếu", "phiếu khảo sát", "phiếu đánh giá", "người được khảo sát",
                 "cán bộ", "công chức", "viên chức", "lượt người")


def _counts_other_things(header: str, patterns: Patterns) -> bool:
    """Does a column (or row) header end in a unit that is never a figure's ("lượt đánh giá", "cán bộ")?"""
    key = match_key(re.sub(r"\(.*?\)", " ", header)).strip(" .:")
    return any(key.endswith(match_key(w)) for w in _OTHER_COUNTS)


def _cell_figure(block: Block, cell: Cell, r: int, col: int, path: list[str], label: str, transposed: bool,
                 section: str | None, ctx: TableContext, patterns: Patterns, rows_are_units: bool,
                 n_body: int, parent_role: str | None, pct_context: bool,
                 family_row: bool = False) -> tuple[Figure | None, str | None]:
    m = _CELL_NUM.match(cell.text)
    assert m is not None
    raw = m.group(1) + m.group(2)
    words = " ".join(path)
    said = words + (" " + label if transposed else "")
    pct = bool(m.group(2)) or pct_context or bool(re.search(r"%|tỷ lệ|tỉ lệ|phần trăm", said, re.IGNORECASE))
    if not transposed and re.search(r"%|tỷ lệ|tỉ lệ", label, re.IGNORECASE) and not re.search(
            r"(?<!\w)(?:tthc|thủ tục|hồ sơ|số)(?!\w)", words, re.IGNORECASE):
        pct = True  # "| Tỷ lệ (%) | 80,4 | 19,6 |": a row of rates under the columns' names (not a "TTHC" column)
    if transposed and m.group(1).lower() != "không" and not m.group(2) and re.search(r"hồ sơ|thủ tục|tthc|lượt",
                                                                                 cell.text, re.IGNORECASE):
        pct = False  # "06 hồ sơ" in a column that also holds "99,28 %": a count, whatever its neighbours
    words = re.sub(r"\(\s*%\s*\)|\(\s*hồ sơ\s*\)", " ", words)
    if transposed:
        # the columns of a table of indicators are periods or levels ("Kết quả tháng 3/2024", "Cấp xã"); only a
        # kind of service named there ("Toàn trình") or a level says something about the figure
        header_says = any(c.cue.family or c.cue.scope for c in find_cues(match_key(words), patterns))
        text = (_PCT_PAREN.sub(" ", label) + (" " + words if header_says else "")).strip()
        scope_label = words if any(k in match_key(words) for k in ("câp", "toan")) else None
    else:
        text = (label + " " + words).strip() if family_row else words
        scope_label = None
    if not pct and _counts_other_things(words if not transposed else label, patterns):
        return None, None  # "Tổng số lượt đánh giá | 1.019": a count of ratings, not of dossiers
    link = _link_label(text, pct, tuple(ctx.families), parent_role, ctx.early_stated, patterns)
    if link is None:
        return None, None
    indicator, role, confidence = link
    scope = (None if transposed or family_row else _row_scope(label, ctx, patterns, rows_are_units, n_body))
    if transposed and scope_label:
        sc = [c for c in find_cues(match_key(scope_label), patterns) if c.cue.scope or c.cue.scope_reset]
        scope = sc[-1].cue.scope if sc and ctx.scopes_enabled else None
    zero = m.group(1).lower() == "không"
    number, decimals, flags = (0.0, 0, []) if zero else parse_vn_number(m.group(1))
    value: int | float = int(number) if float(number).is_integer() else number
    start = cell.text.find(m.group(1))
    return Figure(
        indicator=indicator, value=value, unit="%" if pct else ("hồ sơ" if indicator and (
            indicator.startswith(("dossier.", "digitization.")) or indicator.endswith((".dossiers",))) else None),
        raw=raw if not pct or m.group(2) else m.group(1), section=section, scope=scope,
        location=Location(block=block.index, page=block.page, char_start=max(0, start),
                          char_end=max(0, start) + len(m.group(1)) + len(m.group(2)), table=CellRef(row=r, col=col)),
        decimals=decimals, confidence=round(confidence * (0.4 if flags else 0.95), 2),
        label=" › ".join(([label] if family_row else []) + path + ([label] if transposed else [])) or None,
        flags=sorted(set(flags) | {"table"}),
    ), role
