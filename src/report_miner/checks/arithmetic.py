"""The one engine for the arithmetic rules of checks.yaml: sums, rates, bounds, percentage range.

Each rule runs in each scope. A rule has readings (alternative wholes, parts, denominators) and an
indicator stated twice with different values is tried both ways; the rule passes when one reading
holds, and says which. Values are intervals (see ``values``), so rounding never fails a check and a
wrong digit always does. A failure that rests on a figure read with low confidence becomes a skip.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from report_miner.checks.common import Context, failure, locate, make_result, scoped
from report_miner.checks.rules import BoundRule, RateRule, Reading, SumRule, Term
from report_miner.checks.values import EPS, Choice, ratio_text, vn_number
from report_miner.models import CheckResult, CheckStatus


@dataclass(frozen=True)
class Evaluated:
    """A reading evaluated under one choice of values: its interval and the terms behind it."""

    terms: tuple[tuple[Term, Choice | None], ...]
    lo: float
    hi: float

    @property
    def used(self) -> list[Choice]:
        return [c for _, c in self.terms if c is not None]

    @property
    def unknown(self) -> list[Term]:
        return [t for t, c in self.terms if c is None and t.missing == "unknown"]

    @property
    def zeroed(self) -> list[Term]:
        return [t for t, c in self.terms if c is None and t.missing == "zero"]

    @property
    def mid(self) -> float:
        return (self.lo + self.hi) / 2


def evaluate(reading: Reading, pick: dict[str, Choice]) -> Evaluated | None:
    """Sum a reading's terms, or None when a required term is not stated (or nothing is)."""
    lo = hi = 0.0
    terms: list[tuple[Term, Choice | None]] = []
    stated = False
    for t in reading:
        if t.constant is not None:
            lo, hi, stated = lo + t.constant, hi + t.constant, True
            terms.append((t, None))
            continue
        c = pick.get(t.indicator or "")
        if c is None:
            if t.missing == "required":
                return None
            terms.append((t, None))
            continue
        stated = True
        terms.append((t, c))
        lo, hi = (lo + c.lo, hi + c.hi) if t.sign > 0 else (lo - c.hi, hi - c.lo)
    return Evaluated(tuple(terms), lo, hi) if stated else None


def expression(ctx: Context, ev: Evaluated, percent: bool = False) -> str:
    """ "đã giải quyết 251 + đang giải quyết 6" — the stated terms, in the rule's order."""
    out = ""
    for t, c in ev.terms:
        if t.constant is not None:
            piece = vn_number(t.constant) + ("%" if percent else "")
        elif c is None:
            continue
        else:
            piece = f"{ctx.name(c.indicator)} {c.text()}"
        if not out:
            out = ("−" if t.sign < 0 else "") + piece
        else:
            out += (" − " if t.sign < 0 else " + ") + piece
    return out


def _indicators(*readings: Reading) -> set[str]:
    return {t.indicator for r in readings for t in r if t.indicator}


def _total_text(ev: Evaluated, percent: bool) -> str:
    """A sum written with the digits its parts were stated with (81,4 + 17,9 + 0,7 = 100,0%)."""
    if percent:
        decimals = max((c.stated[0].figure.decimals for c in ev.used), default=0)
        return vn_number(ev.mid, decimals) + "%"
    return vn_number(round(ev.mid))


# --------------------------------------------------------------------------- sums


@dataclass(frozen=True)
class _SumOutcome:
    status: str  # pass | fail | partial
    whole: Evaluated
    parts: Evaluated


def _compare_sum(whole: Evaluated, parts: Evaluated) -> str:
    if whole.lo <= parts.hi + EPS and parts.lo <= whole.hi + EPS:
        return "pass"
    if parts.unknown and parts.hi < whole.lo:
        return "partial"  # the parts the report does not state may make up the difference
    return "fail"


def _sum_outcomes(ctx: Context, rule: SumRule, scope: str | None,
                  parts_readings: list[Reading]) -> Iterator[_SumOutcome]:
    inds = _indicators(*rule.whole, *parts_readings)
    for pick in ctx.table.assignments(inds, scope, ctx.rules.settings.max_readings):
        for w in rule.whole:
            whole = evaluate(w, pick)
            if whole is None:
                continue
            for p in parts_readings:
                parts = evaluate(p, pick)
                if parts is not None:
                    yield _SumOutcome(_compare_sum(whole, parts), whole, parts)


def _pick(outcomes: list[_SumOutcome]) -> _SumOutcome | None:
    for status in ("pass", "fail", "partial"):
        for o in outcomes:
            if o.status == status:
                return o
    return None


def run_sum(ctx: Context, rule: SumRule, scope: str | None) -> CheckResult | None:
    """whole = Σ parts in one scope; None when the report does not state enough to tell."""
    outcomes = list(_sum_outcomes(ctx, rule, scope, rule.parts))
    if not outcomes and rule.fallback_parts:
        outcomes = list(_sum_outcomes(ctx, rule, scope, rule.fallback_parts))
    best = _pick(outcomes)
    if best is None:
        return None
    w, p = best.whole, best.parts
    status, msg = _sum_message(ctx, best)
    return make_result(ctx, rule.check, status, scoped(scope, msg), rule=rule.id, severity=rule.severity,
                       used=w.used + p.used, expected=p.mid, stated=w.mid, scope=scope)


def _sum_message(ctx: Context, best: _SumOutcome) -> tuple[CheckStatus, str]:
    """ "Tổng số hồ sơ 255 ≠ đã giải quyết 251 + đang giải quyết 6 = 257 (mục I.6); chênh lệch 2" and kin."""
    w, p = best.whole, best.parts
    percent = any(c.stated[0].percent for c in p.used)
    whole_is_constant = not w.used
    lhs, rhs = expression(ctx, w, percent), expression(ctx, p, percent)
    total = _total_text(p, percent)
    loc = locate(w.used + p.used)
    if best.status == "pass":
        return "pass", f"{rhs} = {total}{loc}" if whole_is_constant else f"{lhs} = {rhs}{loc}"
    if best.status == "partial":
        missing = ", ".join(ctx.name(t.indicator or "") for t in p.unknown)
        compared = f"{rhs} = {total}" if whole_is_constant else f"{rhs} = {total} < {lhs}"
        return "skip", f"chưa đủ số liệu: {compared}{loc}; báo cáo không nêu {missing}"
    return failure(_sum_failure(ctx, w, p, lhs, rhs, total, loc, percent, whole_is_constant), w.used + p.used)


def _sum_failure(ctx: Context, w: Evaluated, p: Evaluated, lhs: str, rhs: str, total: str, loc: str,
                 percent: bool, whole_is_constant: bool) -> str:
    if whole_is_constant:
        return f"{rhs} = {total} ≠ {lhs}{loc}"
    gap = w.mid - p.mid
    unit = "%" if percent else ""
    gap_text = (ratio_text(abs(gap), 2) if abs(gap - round(gap)) > EPS else vn_number(abs(gap))) + unit
    msg = f"{lhs} ≠ {rhs} = {total}{loc}; chênh lệch {gap_text}"
    if p.zeroed and gap > 0:
        named = ", ".join(ctx.name(t.indicator or "") for t in p.zeroed)
        msg += f" không được giải thích (báo cáo không nêu {named})"
    if p.unknown:
        named = ", ".join(ctx.name(t.indicator or "") for t in p.unknown)
        msg += f"; các phần đã nêu đã vượt tổng dù chưa tính {named}"
    return msg


# --------------------------------------------------------------------------- rates


@dataclass(frozen=True)
class _RateOutcome:
    status: str  # pass | truncated | fail
    num: Evaluated
    den: Evaluated
    lo: float
    hi: float

    @property
    def ratio(self) -> float:
        return (self.lo + self.hi) / 2


def _ratio(num: Evaluated, den: Evaluated) -> tuple[float, float] | None:
    if den.lo <= 0:
        return None
    bounds = [num.lo / den.lo, num.lo / den.hi, num.hi / den.lo, num.hi / den.hi]
    return min(bounds) * 100, max(bounds) * 100


def _rate_status(rate: Choice, lo: float, hi: float) -> str:
    if lo <= rate.hi + EPS and rate.lo <= hi + EPS:
        return "pass"
    step = rate.hi - rate.lo
    if step > 0 and lo <= rate.value + step + EPS and rate.value <= hi + EPS:
        return "truncated"  # "13,05%" written for 13,058%: cut, not rounded
    return "fail"


def _rate_outcomes(ctx: Context, rule: RateRule, rate: Choice, scope: str | None,
                   denominators: list[Reading]) -> list[_RateOutcome]:
    inds = _indicators(*rule.numerators, *denominators)
    out = []
    for pick in ctx.table.assignments(inds, scope, ctx.rules.settings.max_readings):
        for n in rule.numerators:
            num = evaluate(n, pick)
            for d in denominators:
                den = evaluate(d, pick)
                r = _ratio(num, den) if num is not None and den is not None else None
                if r is not None and num is not None and den is not None:
                    out.append(_RateOutcome(_rate_status(rate, *r), num, den, *r))
    return out


def _fraction(ctx: Context, o: _RateOutcome) -> str:
    num, den = expression(ctx, o.num), expression(ctx, o.den)
    if len(o.num.used) > 1:
        num = f"({num})"
    if len(o.den.used) > 1:
        den = f"({den})"
    return f"{num} / {den}"


def _rate_readings(ctx: Context, rule: RateRule, rate: Choice, scope: str | None) -> list[_RateOutcome]:
    outcomes = _rate_outcomes(ctx, rule, rate, scope, rule.denominators)
    if not outcomes and rule.fallback_denominators:
        outcomes = _rate_outcomes(ctx, rule, rate, scope, rule.fallback_denominators)
    return outcomes


def _rate_result(ctx: Context, rule: RateRule, rate: Choice, outcomes: list[_RateOutcome], scope: str | None,
                 agreeing: Choice | None) -> CheckResult:
    """The message for one stated value of a rate; ``agreeing`` is another statement of the same rate
    that fits, which turns this one's failure into a skip (consistency.repeated_figure reports it)."""
    best = next(o for s in ("pass", "truncated", "fail") for o in outcomes if o.status == s)
    decimals = rate.stated[0].figure.decimals
    digits = max(2, decimals + 2)
    head = f"{ctx.name(rule.rate)} {rate.text()}"
    used = [rate, *best.num.used, *best.den.used]
    frac = f"{_fraction(ctx, best)} = {ratio_text(best.ratio, digits)}%{locate(used)}"
    status: CheckStatus = "pass"
    if best.status == "pass":
        msg = f"{head} khớp {frac}"
    elif best.status == "truncated":
        msg = f"{head} khớp {frac} khi cắt bớt chữ số (làm tròn đúng là {vn_number(best.ratio, decimals)}%)"
    else:
        others = [o for o in outcomes if o is not best][:3]
        alt = "; cách tính khác: " + "; ".join(
            f"{_fraction(ctx, o)} = {ratio_text(o.ratio, digits)}%" for o in others) if others else ""
        status, msg = failure(f"{head} không khớp: {frac}{alt}", used)
        if status == "fail" and agreeing is not None:
            right = f"{agreeing.text()}{locate([agreeing])}"
            msg = (f"bỏ qua: tỷ lệ này được nêu hai lần khác nhau, giá trị {right} mới khớp "
                   f"(xem consistency.repeated_figure); {msg}")
            status = "skip"
    return make_result(ctx, rule.check, status, scoped(scope, msg), rule=rule.id, severity=rule.severity,
                       used=used, expected=round(best.ratio, 4), stated=rate.value, scope=scope)


def run_rate(ctx: Context, rule: RateRule, scope: str | None) -> list[CheckResult]:
    """Each stated value of the rate against every part/whole reading the rule allows."""
    choices = ctx.table.choices(rule.rate, scope)
    readings = [(rate, _rate_readings(ctx, rule, rate, scope)) for rate in choices]
    readings = [(rate, outcomes) for rate, outcomes in readings if outcomes]
    fitting = next((rate for rate, outcomes in readings if any(o.status != "fail" for o in outcomes)), None)
    return [_rate_result(ctx, rule, rate, outcomes, scope, fitting) for rate, outcomes in readings]


# --------------------------------------------------------------------------- bounds


def run_bound(ctx: Context, rule: BoundRule, scope: str | None) -> CheckResult | None:
    """part ≤ whole in one scope (a whole of several terms is their sum)."""
    inds = {rule.part} | _indicators(rule.whole)
    found: tuple[CheckStatus, Choice, Evaluated] | None = None
    for pick in ctx.table.assignments(inds, scope, ctx.rules.settings.max_readings):
        part, whole = pick.get(rule.part), evaluate(rule.whole, pick)
        if part is None or whole is None:
            continue
        status: CheckStatus = "pass" if part.lo <= whole.hi + EPS else "fail"
        if found is None or (status == "pass" and found[0] == "fail"):
            found = (status, part, whole)
    if found is None:
        return None
    status, part, whole = found
    used = [part, *whole.used]
    loc = locate(used)
    total = expression(ctx, whole)
    if len(whole.used) > 1:
        total = f"({total}) = {_total_text(whole, False)}"
    if status == "pass":
        msg = f"{ctx.name(part.indicator)} {part.text()} ≤ {total}{loc}"
    else:
        status, msg = failure(f"{ctx.name(part.indicator)} {part.text()} > {total}{loc}: phần lớn hơn tổng, "
                              f"vượt {vn_number(part.value - whole.mid)}", used)
    return make_result(ctx, rule.check, status, scoped(scope, msg), rule=rule.id, severity=rule.severity,
                       used=used, expected=whole.mid, stated=part.value, scope=scope)


# --------------------------------------------------------------------------- percentage range


def run_percent_range(ctx: Context) -> list[CheckResult]:
    """Every stated percentage lies in [low, high]; passes are reported once, failures one by one."""
    low, high = ctx.rules.percent_range.low, ctx.rules.percent_range.high
    ok: list[Choice] = []
    results = []
    for (indicator, scope), stated in ctx.table.exact.items():
        if not stated[0].percent:
            continue
        for c in ctx.table.choices(indicator, scope):
            if low <= c.value <= high:
                ok.append(c)
                continue
            status, msg = failure(f"{ctx.name(indicator)} {c.text()}{locate([c])} nằm ngoài khoảng "
                                  f"{vn_number(low)}–{vn_number(high)}%", [c])
            limit = high if c.value > high else low
            results.append(make_result(ctx, "bound.percent_range", status, scoped(scope, msg),
                                       rule="percent_range", used=[c], expected=limit, stated=c.value, scope=scope))
    if ok:
        msg = f"{len(ok)} tỷ lệ đều trong khoảng {vn_number(low)}–{vn_number(high)}%"
        results.insert(0, make_result(ctx, "bound.percent_range", "pass", msg, rule="percent_range", used=ok))
    return results


def run_arithmetic(ctx: Context) -> list[CheckResult]:
    """Every sum, rate and bound rule in every scope, then the percentage range."""
    results: list[CheckResult] = []
    for scope in ctx.table.scopes():
        for s in ctx.rules.sums:
            r = run_sum(ctx, s, scope)
            if r is not None:
                results.append(r)
        for rate in ctx.rules.rates:
            results += run_rate(ctx, rate, scope)
        for b in ctx.rules.bounds:
            r = run_bound(ctx, b, scope)
            if r is not None:
                results.append(r)
    return results + run_percent_range(ctx)
