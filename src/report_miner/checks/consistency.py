"""consistency.repeated_figure: one indicator stated twice in a report has one value.

Reports restate their key figures (I.6 and again II.2, a table's total row and the prose, a
headline and the body); a transposed digit in one of them is a typical copy error. Exact statements
must agree within the rounding of their digits; an approximate one ("hơn 712 ngàn") only has to be
compatible with the exact value, in the direction its word gives.
"""

from __future__ import annotations

import re

from report_miner.checks.common import Context, failure, locate, make_result, scoped
from report_miner.checks.values import EPS, Choice, Stated
from report_miner.models import CheckResult
from report_miner.normalize import match_key


def approximation_word(ctx: Context, s: Stated) -> str | None:
    """The approximation word right before an approximate figure ("hơn", "gần", …), if the text is known."""
    text = ctx.texts.get(s.figure.location.block)
    if text is None or s.figure.location.table is not None:
        return None
    before = match_key(text[: s.figure.location.char_start]).rstrip()
    words = sorted({*ctx.rules.repeated_figure.at_least, *ctx.rules.repeated_figure.at_most},
                   key=len, reverse=True)
    for w in words:
        if re.search(rf"(?<!\w){re.escape(match_key(w))}$", before):
            return w
    return None


def compatible(ctx: Context, approx: Stated, exact: Choice) -> bool:
    """Is an exact value consistent with an approximate statement of the same indicator?"""
    word = approximation_word(ctx, approx)
    half = max(approx.hi - approx.value, 0.0)
    if word in ctx.rules.repeated_figure.at_least:
        return exact.hi >= approx.value - half - EPS
    if word in ctx.rules.repeated_figure.at_most:
        return exact.lo <= approx.value + half + EPS
    slack = max(half, ctx.rules.repeated_figure.about_share * abs(approx.value))
    return abs(exact.value - approx.value) <= slack + EPS


def _digits(x: float) -> str:
    return f"{x:.10g}".replace(".", "").lstrip("0") or "0"


def copy_error_like(ctx: Context, a: float, b: float, percent: bool) -> bool:
    """Could two statements of one figure differ by a slip of the pen, rather than count different things?

    >>> from types import SimpleNamespace as N
    >>> ctx = N(rules=N(repeated_figure=N(copy_error_share=0.1, copy_error_points=1.0)))
    >>> pairs = [(396218, 396128), (0, 1), (829, 803), (87582, 71714), (1298, 235)]
    >>> [copy_error_like(ctx, a, b, False) for a, b in pairs]
    [True, True, True, False, False]
    >>> [copy_error_like(ctx, a, b, True) for a, b in [(99.2, 96.2), (98.61, 98.16), (99.62, 97.93), (99.4, 99.0)]]
    [True, True, False, True]
    """
    rules = ctx.rules.repeated_figure
    near = rules.copy_error_points if percent else rules.copy_error_share * max(abs(a), abs(b))
    if abs(a - b) <= near + EPS:
        return True
    da, db = _digits(a), _digits(b)
    if sorted(da) == sorted(db):
        return True  # transposed digits
    return len(da) == len(db) and sum(x != y for x, y in zip(da, db, strict=True)) == 1


def _agree(a: Choice, b: Choice) -> bool:
    return a.lo <= b.hi + EPS and b.lo <= a.hi + EPS


def _statement(ctx: Context, c: Choice | Stated) -> str:
    """ "255 (mục I.6)", or for an approximate statement "“hơn 712 ngàn” (đoạn 1)"."""
    if isinstance(c, Stated):
        word = approximation_word(ctx, c)
        return f"“{word + ' ' if word else ''}{c.text()}”{locate([c])}"
    return f"{c.text()}{locate([c])}"


def _check_key(ctx: Context, indicator: str, scope: str | None) -> CheckResult | None:
    choices = ctx.table.choices(indicator, scope)
    approx = ctx.table.approximate.get((indicator, scope), [])
    n = sum(len(c.stated) for c in choices) + len(approx)
    if n < 2 or not choices:
        return None
    name = ctx.name(indicator)
    far: tuple[list[Choice], str, list[Stated]] | None = None
    for i, a in enumerate(choices):
        for b in choices[i + 1:]:
            if not _agree(a, b):
                msg = f"{name} nêu hai giá trị khác nhau: {_statement(ctx, a)} và {_statement(ctx, b)}"
                if copy_error_like(ctx, a.value, b.value, a.stated[0].percent):
                    return _conflict(ctx, indicator, scope, [a, b], msg)
                far = far or ([a, b], msg, [])
    for s in approx:
        for c in choices:
            if not compatible(ctx, s, c):
                msg = f"{name} nêu {_statement(ctx, s)} không khớp với số chính xác {_statement(ctx, c)}"
                if copy_error_like(ctx, s.value, c.value, s.percent):
                    return _conflict(ctx, indicator, scope, [c], msg, extra=[s])
                far = far or ([c], msg, [s])
    if far is not None:
        used, msg, extra = far
        msg += (": hai số chênh nhau quá xa để là lỗi chép số, nhiều khả năng là hai phạm vi (một bộ phận và "
                "toàn đơn vị, một tháng và cả kỳ); không coi là lỗi, cần xem lại nếu đúng là một chỉ tiêu")
        first = used[0].value
        second = used[1].value if len(used) > 1 else extra[0].value
        return make_result(ctx, "consistency.repeated_figure", "skip", scoped(scope, msg), rule="repeated_figure",
                           used=[*used, *extra], expected=first, stated=second, scope=scope)
    return None


def _conflict(ctx: Context, indicator: str, scope: str | None, used: list[Choice], msg: str,
              extra: list[Stated] | None = None) -> CheckResult:
    status, msg = failure(msg, used)
    a = used[0].value
    b = used[1].value if len(used) > 1 else (extra[0].value if extra else a)
    return make_result(ctx, "consistency.repeated_figure", status, scoped(scope, msg), rule="repeated_figure",
                       used=[*used, *(extra or [])], expected=a, stated=b, scope=scope)


def _agreeing_text(ctx: Context, c: Choice, approx: list[Stated]) -> str:
    text = f"{ctx.name(c.indicator)} {c.text()}{locate([c])}"
    for s in approx:
        text += f" và {_statement(ctx, s)}"
    return text


def run_repeated(ctx: Context) -> list[CheckResult]:
    """A failure per indicator whose statements disagree; one pass listing the ones that agree."""
    results: list[CheckResult] = []
    agreeing: list[tuple[Choice, list[Stated]]] = []
    keys = sorted({*ctx.table.exact, *ctx.table.approximate},
                  key=lambda k: (k[1] is not None, k[1] or "", k[0]))
    for indicator, scope in keys:
        r = _check_key(ctx, indicator, scope)
        if r is not None:
            results.append(r)
            continue
        choices = ctx.table.choices(indicator, scope)
        approx = ctx.table.approximate.get((indicator, scope), [])
        if choices and sum(len(c.stated) for c in choices) + len(approx) > 1:
            agreeing.append((choices[0], approx))
    if agreeing:
        listed = "; ".join(_agreeing_text(ctx, c, approx) for c, approx in agreeing[:6])
        more = f" và {len(agreeing) - 6} chỉ tiêu khác" if len(agreeing) > 6 else ""
        msg = f"Số liệu nêu nhiều lần khớp nhau: {listed}{more}"
        used: list[Choice | Stated] = []
        for c, approx in agreeing:
            used += [c, *approx]
        results.insert(0, make_result(ctx, "consistency.repeated_figure", "pass", msg, rule="repeated_figure",
                                      used=used))
    return results
