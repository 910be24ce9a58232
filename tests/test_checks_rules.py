"""patterns/checks.yaml: validated at load, complete against the contract, extensible without code."""

from __future__ import annotations

import doctest
import importlib
from functools import cache

import pytest
import yaml

from report_miner import parse_file
from report_miner.checks import run_checks
from report_miner.checks.rules import load_rules, parse_rules
from report_miner.patterns import patterns_dir

from paths import CORPUS

# Every check id of the contract that one record answers (district.* are batch-level).
CONTRACT_CHECKS = {
    "sum.resolved_breakdown", "sum.received_balance", "sum.received_breakdown", "sum.pending_breakdown",
    "sum.online_channels", "sum.percent_total", "rate.stated_matches", "bound.part_le_whole",
    "bound.percent_range", "period.order", "period.matches_report", "consistency.repeated_figure",
    "consistency.issuer_level", "consistency.status_vs_figures", "structure.section_numbering",
    "history.carry_over",
}
CHECKS_MODULES = ["values", "common", "rules", "periods", "structure"]


@cache
def yaml_text() -> str:
    return (patterns_dir() / "checks.yaml").read_text(encoding="utf-8")


def test_catalogue_is_the_contract():
    rules = load_rules()
    assert set(rules.checks) == CONTRACT_CHECKS
    errors = {cid for cid, spec in rules.checks.items() if spec.severity == "error"}
    assert errors == {c for c in CONTRACT_CHECKS if c.startswith(("sum.", "rate.", "bound.", "period."))}


def test_duplicate_rule_ids_are_rejected():
    data = yaml.safe_load(yaml_text())
    data["bounds"].append(dict(data["bounds"][0]))
    with pytest.raises(ValueError, match="defined twice"):
        parse_rules(yaml.safe_dump(data, allow_unicode=True))


def test_duplicate_yaml_keys_are_rejected():
    text = yaml_text().replace("  dossier.received: tổng số hồ sơ\n",
                               "  dossier.received: tổng số hồ sơ\n  dossier.received: hồ sơ\n", 1)
    with pytest.raises(ValueError, match="written twice"):
        parse_rules(text)


def test_unknown_keys_and_indicators_are_rejected():
    data = yaml.safe_load(yaml_text())
    data["sums"][0]["tolerance"] = 1
    with pytest.raises(ValueError, match="tolerance"):
        parse_rules(yaml.safe_dump(data, allow_unicode=True))
    data = yaml.safe_load(yaml_text())
    data["bounds"].append({"id": "bound.typo", "part": "dossier.recieved", "whole": ["dossier.received"]})
    with pytest.raises(ValueError, match="dossier.recieved"):
        parse_rules(yaml.safe_dump(data, allow_unicode=True))


def test_a_new_rule_needs_no_code():
    data = yaml.safe_load(yaml_text())
    data["sums"].append({"id": "received.by_service", "check": "sum.received_breakdown",
                         "whole": [["dossier.received_new"]],
                         "parts": [["online_full.dossiers", "online_partial.dossiers"]]})
    rules = parse_rules(yaml.safe_dump(data, allow_unicode=True))
    record = parse_file(CORPUS / "checks" / "docs" / "nghia-thuan-q3-2024.docx")
    (result,) = [c for c in run_checks(record, rules=rules) if c.rule == "received.by_service"]
    assert (result.status, result.message) == (
        "pass", "Tiếp nhận mới 436 = hồ sơ DVC toàn trình 96 + hồ sơ DVC một phần 340 (mục I.5, I.7.a, I.7.b)")


@pytest.mark.parametrize("name", CHECKS_MODULES)
def test_doctests(name):
    module = importlib.import_module(f"report_miner.checks.{name}")
    failed, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert tried and not failed
