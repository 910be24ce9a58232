"""Precision and recall of figure extraction on labelled reports, in-process.

usage: python bench/figures_eval.py [SET_DIR ...] [--format docx|pdf] [--show]

A set is a folder with labels/<stem>.json (the devset label format: figures with indicator,
alt_indicators, value; ambiguous entries; expected check failures; report fields) and the
documents the labels list. Defaults: corpus/written and, when present, ../shared/devset.
Figures are matched one to one on (indicator or an accepted alternative, value); an output
figure that matches an `ambiguous` entry is neither rewarded nor counted wrong.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from report_miner import InputError, parse_file  # noqa: E402


def _num(v: object) -> float | None:
    if v is None or isinstance(v, bool):
        return None
    try:
        return round(float(v), 3)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def score_figures(labels: list[dict], ambiguous: list[dict], figures: list[dict]) -> tuple[int, list, list]:
    """(true positives, missed labels, extra outputs)."""
    pool = [(f["indicator"], _num(f["value"])) for f in figures if f.get("indicator")]
    taken = [False] * len(pool)
    missed = []
    tp = 0
    for lab in labels:
        ok = {lab["indicator"], *lab.get("alt_indicators", [])}
        value = _num(lab["value"])
        hit = next((i for i, (ind, v) in enumerate(pool) if not taken[i] and ind in ok and v == value), None)
        if hit is None:
            missed.append((lab["indicator"], value, lab.get("quote", "")[:70]))
        else:
            taken[hit] = True
            tp += 1
    extra = []
    for i, (ind, v) in enumerate(pool):
        if taken[i]:
            continue
        if any(_num(a.get("value")) == v and (not a.get("candidates") or ind in a["candidates"]) for a in ambiguous):
            continue
        extra.append((ind, v))
    return tp, missed, extra


def _report_hits(want: dict, got: dict, variant: dict) -> tuple[int, int]:
    hits = total = 0
    for key in ("period", "data_period"):
        if want.get(key):
            total += 1
            g = got.get(key) or {}
            hits += all(g.get(k) == v for k, v in want[key].items())
    for key in ("level", "name"):
        if (want.get("issuer") or {}).get(key):
            total += 1
            hits += str((got.get("issuer") or {}).get(key) or "").casefold() == want["issuer"][key].casefold()
    for key in ("number", "date"):
        value = variant.get(f"report.{key}") or want.get(key)
        if value:
            total += 1
            hits += str(got.get(key) or "").casefold() == str(value).casefold()
    return hits, total


def evaluate(sets: list[Path], fmt: str | None, show: bool) -> dict:
    totals: Counter[str] = Counter()
    per_indicator_missed: Counter[str] = Counter()
    per_indicator_extra: Counter[str] = Counter()
    seconds = []
    for root in sets:
        for label_path in sorted((root / "labels").glob("*.json")):
            lab = json.loads(label_path.read_text(encoding="utf-8"))
            for rel in lab.get("documents", []):
                doc = root / rel
                if not doc.exists() or (fmt and doc.suffix != "." + fmt):
                    continue
                t0 = time.perf_counter()
                try:
                    record = json.loads(parse_file(doc).model_dump_json())
                except InputError as exc:
                    print(f"ERROR {exc}", file=sys.stderr)
                    totals["fn"] += len(lab.get("figures", []))
                    continue
                seconds.append(time.perf_counter() - t0)
                tp, missed, extra = score_figures(lab.get("figures", []), lab.get("ambiguous", []),
                                                  record["figures"])
                totals["tp"] += tp
                totals["fn"] += len(missed)
                totals["fp"] += len(extra)
                per_indicator_missed.update(m[0] for m in missed)
                per_indicator_extra.update(str(e[0]) for e in extra)
                expected = set(lab.get("expected_check_failures", []))
                tolerated = set(lab.get("tolerated_check_failures", []))
                failing = {c["id"] for c in record.get("checks", []) if c["status"] == "fail"}
                totals["check_tp"] += len(expected & failing)
                totals["check_fn"] += len(expected - failing)
                totals["check_fp"] += len(failing - expected - tolerated)
                variant = (lab.get("variants") or {}).get(doc.stem, {})
                hits, total = _report_hits(lab.get("report") or {}, record["report"], variant)
                totals["meta_hits"] += hits
                totals["meta_total"] += total
                if show:
                    print(f"{doc.name:45s} figures {tp}/{tp + len(missed)} extra {len(extra)} "
                          f"metadata {hits}/{total} checks failing {sorted(failing)}")
                    for m in missed:
                        print("   missed", m)
                    for e in extra:
                        print("   extra ", e)
    p = totals["tp"] / max(1, totals["tp"] + totals["fp"])
    r = totals["tp"] / max(1, totals["tp"] + totals["fn"])
    cp = totals["check_tp"] / max(1, totals["check_tp"] + totals["check_fp"])
    cr = totals["check_tp"] / max(1, totals["check_tp"] + totals["check_fn"])
    return {
        "documents": len(seconds),
        "figures": {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / max(1e-9, p + r), 3),
                    "tp": totals["tp"], "fp": totals["fp"], "fn": totals["fn"]},
        "checks": {"precision": round(cp, 3), "recall": round(cr, 3), "tp": totals["check_tp"],
                   "fp": totals["check_fp"], "fn": totals["check_fn"]},
        "report_fields": {"accuracy": round(totals["meta_hits"] / max(1, totals["meta_total"]), 3)},
        "most_missed": per_indicator_missed.most_common(5),
        "most_extra": per_indicator_extra.most_common(5),
        "median_seconds": round(sorted(seconds)[len(seconds) // 2], 3) if seconds else None,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sets", nargs="*", type=Path)
    ap.add_argument("--format", choices=["docx", "pdf"])
    ap.add_argument("--show", action="store_true")
    args = ap.parse_args()
    sets = args.sets or [p for p in (ROOT / "corpus" / "written", ROOT.parent / "shared" / "devset") if p.exists()]
    for s in sets:
        for fmt in ([args.format] if args.format else ["docx", "pdf"]):
            result = evaluate([s], fmt, args.show)
            print(json.dumps({"set": s.name, "format": fmt, **result}, ensure_ascii=False))


if __name__ == "__main__":
    main()
