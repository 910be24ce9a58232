#!/usr/bin/env python3
"""Measure the cross-checks: how many planted errors they catch, how often they cry wolf.

Reads corpus/checks/manifest.yaml (consistent reports, copies with one planted error each, history
pairs) and parses every document with the library. For each document the expected failing check ids
are known; then

  detection rate    planted errors whose every expected check fails / planted errors
  false-alarm rate  failing checks that were not expected / checks that ran and were expected to pass
                    (counted per document and check id, over every document, consistent and planted)

With --labels DIR (a devset-style folder: labels/<stem>.json + the documents they list) the labelled
reports are scored the same way, `tolerated_check_failures` being allowed either way; and a second
time from the labels themselves (a record built from the labelled figures, as if extraction were
perfect), which tells a check's own false alarms from those an extraction slip causes. The checks that
read the text or the section tree cannot run on such a record and are left out of that score.

usage: /work/main/.venv/bin/python bench/checks_eval.py [--docx-only] [--labels DIR ...] [--json OUT] [-v]
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys
from dataclasses import dataclass, field

import yaml

from report_miner import InputError, parse_file
from report_miner.checks import check_carry_over
from report_miner.models import ReportRecord

ROOT = pathlib.Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "checks"


@dataclass
class Case:
    """One document with the check ids it must fail (and those it may fail either way)."""

    name: str
    path: pathlib.Path
    expected: set[str]
    tolerated: set[str] = field(default_factory=set)
    planted: bool = False


@dataclass
class Score:
    planted: int = 0
    caught: int = 0
    should_pass: int = 0
    false_alarms: int = 0
    error_false_alarms: int = 0
    missed: list[str] = field(default_factory=list)
    alarms: list[str] = field(default_factory=list)

    def line(self, title: str) -> str:
        det = f"{self.caught}/{self.planted} = {self.caught / self.planted:.1%}" if self.planted else "-"
        far = self.false_alarms / self.should_pass if self.should_pass else 0.0
        return (f"{title}: detection {det}; false alarms {self.false_alarms}/{self.should_pass} = {far:.2%} "
                f"({self.error_false_alarms} of error severity)")


def manifest_cases(docx_only: bool) -> tuple[list[Case], list[dict]]:
    manifest = yaml.safe_load((CORPUS / "manifest.yaml").read_text(encoding="utf-8"))
    cases = []
    for c in manifest["consistent"]:
        stems = [c["stem"]] + ([f"{c['stem']}-autonum"] if c.get("autonum") else [])
        for stem in stems:
            for ext in ("docx",) if docx_only else ("docx", "pdf"):
                cases.append(Case(f"{stem}.{ext}", CORPUS / "docs" / f"{stem}.{ext}", set()))
    for p in manifest["planted"]:
        cases.append(Case(f"{p['id']}.docx", CORPUS / "docs" / f"{p['id']}.docx", set(p["fails"]),
                          planted=bool(p["fails"])))
    return cases, manifest.get("history", [])


def label_cases(folder: pathlib.Path, docx_only: bool) -> list[Case]:
    cases = []
    for lab_path in sorted((folder / "labels").glob("*.json")):
        lab = json.loads(lab_path.read_text(encoding="utf-8"))
        for rel in lab.get("documents", []):
            doc = folder / rel
            if docx_only and doc.suffix != ".docx":
                continue
            exp = set(lab.get("expected_check_failures", []))
            cases.append(Case(doc.name, doc, exp, set(lab.get("tolerated_check_failures", [])), bool(exp)))
    return cases


APPROX = ("hơn", "trên", "gần", "dưới", "khoảng", "xấp xỉ", "ước")


def label_record(lab: dict, name: str) -> ReportRecord:
    """A record holding exactly the labelled figures and report identity (no sections, no text)."""
    from report_miner.models import Figure, Location, ReportInfo, Source

    figures = []
    for i, f in enumerate(lab["figures"]):
        raw = f["raw"]
        head = f["quote"][: max(0, f["quote"].lower().find(raw.lower()))].lower().rstrip()
        decimals = len(raw.split(",")[1].rstrip("%").split()[0]) if "," in raw else 0
        figures.append(Figure(indicator=f["indicator"], value=f["value"], raw=raw, section=f["section"],
                              scope=f["scope"], decimals=decimals, approximate=head.endswith(APPROX),
                              location=Location(block=i, char_start=0, char_end=len(raw))))
    rep = lab.get("report") or {}
    info = ReportInfo.model_validate({k: v for k, v in rep.items() if k in ("period", "data_period", "issuer",
                                                                         "number", "date", "signer")})
    return ReportRecord(source=Source(path=name, sha256="-", format="docx"), report=info, figures=figures)


TEXT_CHECKS = {"consistency.issuer_level", "consistency.status_vs_figures", "structure.section_numbering"}


def run_label_records(folder: pathlib.Path, verbose: bool) -> Score:
    from report_miner.checks import run_checks

    score = Score()
    for lab_path in sorted((folder / "labels").glob("*.json")):
        lab = json.loads(lab_path.read_text(encoding="utf-8"))
        rec = label_record(lab, lab_path.stem)
        rec = rec.model_copy(update={"checks": [c for c in run_checks(rec) if c.id not in TEXT_CHECKS]})
        exp = set(lab.get("expected_check_failures", [])) - TEXT_CHECKS
        case = Case(f"{lab_path.stem} (labels)", lab_path, exp, set(lab.get("tolerated_check_failures", [])),
                    bool(exp))
        score_case(case, rec, score, verbose)
    return score


def score_case(case: Case, record: ReportRecord, score: Score, verbose: bool) -> None:
    failing = {c.id for c in record.checks if c.status == "fail"}
    ran = {c.id for c in record.checks if c.status in ("pass", "fail")}
    errors = {c.id for c in record.checks if c.status == "fail" and c.severity == "error"}
    if case.planted:
        score.planted += 1
        if case.expected <= failing:
            score.caught += 1
        else:
            score.missed.append(f"{case.name}: not failed {sorted(case.expected - failing)}")
    should_pass = ran - case.expected - case.tolerated
    alarms = failing - case.expected - case.tolerated
    score.should_pass += len(should_pass)
    score.false_alarms += len(alarms)
    score.error_false_alarms += len(alarms & errors)
    for cid in sorted(alarms):
        msg = next(c.message for c in record.checks if c.id == cid and c.status == "fail")
        score.alarms.append(f"{case.name}: {cid} — {msg}")
    if verbose:
        mark = "ok " if case.expected <= failing and not alarms else "BAD"
        want, got = sorted(case.expected) or "-", sorted(failing) or "-"
        print(f"{mark} {case.name:58s} expected {want} failing {got}")


def run_cases(cases: list[Case], verbose: bool) -> tuple[Score, dict[str, ReportRecord]]:
    score = Score()
    records: dict[str, ReportRecord] = {}
    for case in cases:
        try:
            record = parse_file(case.path)
        except InputError as exc:
            print(f"cannot read {case.name}: {exc}", file=sys.stderr)
            continue
        records[case.name] = record
        score_case(case, record, score, verbose)
    return score, records


def run_history(pairs: list[dict], records: dict[str, ReportRecord], score: Score, verbose: bool) -> None:
    """history.carry_over on (current, previous) pairs, scored like a document with one check."""
    for pair in pairs:
        cur, prev = records.get(f"{pair['current']}.docx"), records.get(f"{pair['previous']}.docx")
        if cur is None or prev is None:
            continue
        result = check_carry_over(cur, prev)
        expected = set(pair["fails"])
        failed = {result.id} if result.status == "fail" else set()
        name = f"{pair['current']} after {pair['previous']}"
        if expected:
            score.planted += 1
            score.caught += expected <= failed
            if not expected <= failed:
                score.missed.append(f"{name}: {result.status} — {result.message}")
        elif result.status != "skip":
            score.should_pass += 1
            if failed:
                score.false_alarms += 1
                score.alarms.append(f"{name}: {result.message}")
        if verbose:
            print(f"{'ok ' if failed == expected else 'BAD'} {name:58s} {result.status}: {result.message}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docx-only", action="store_true", help="skip the PDF renderings")
    ap.add_argument("--labels", action="append", type=pathlib.Path, default=[],
                    help="also score a labelled set (devset layout)")
    ap.add_argument("--json", type=pathlib.Path, help="write the figures as JSON")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)

    cases, pairs = manifest_cases(args.docx_only)
    score, records = run_cases(cases, args.verbose)
    run_history(pairs, records, score, args.verbose)
    report = {"corpus/checks": score}
    for folder in args.labels:
        report[str(folder)] = run_cases(label_cases(folder, args.docx_only), args.verbose)[0]
        report[f"{folder} (from labels)"] = run_label_records(folder, args.verbose)
    out = {}
    for title, s in report.items():
        print(s.line(title))
        for m in s.missed:
            print("   missed     ", m)
        for a in s.alarms:
            print("   false alarm", a)
        out[title] = {"planted": s.planted, "caught": s.caught, "should_pass": s.should_pass,
                      "false_alarms": s.false_alarms, "error_false_alarms": s.error_false_alarms,
                      "detection_rate": round(s.caught / s.planted, 4) if s.planted else None,
                      "false_alarm_rate": round(s.false_alarms / s.should_pass, 4) if s.should_pass else None}
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
