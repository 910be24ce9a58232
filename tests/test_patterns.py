"""The vocabulary in patterns/: it loads, it rejects mistakes, and its examples hold."""

from __future__ import annotations

import pytest
import yaml

from report_miner.extract.link import Context, link_paragraph
from report_miner.patterns import GroupFile, Patterns, load_patterns, patterns_dir

P = load_patterns()
EXAMPLES = [(ind.id, ex.text, ex.value, ex.context) for ind in P.indicators.values() for ex in ind.examples]

CONTRACT_INDICATORS = {
    "dossier.received", "dossier.received_new", "dossier.carried_over", "dossier.received_online",
    "dossier.received_direct", "dossier.received_postal", "dossier.resolved", "dossier.resolved_early",
    "dossier.resolved_on_time", "dossier.resolved_early_or_on_time", "dossier.resolved_late",
    "dossier.pending", "dossier.pending_in_time", "dossier.pending_overdue", "dossier.returned",
    "dossier.resolved_on_time_rate", "dossier.online_rate", "dossier.apologized",
    "digitization.received", "digitization.component_digitized", "digitization.component_rate",
    "digitization.resolved", "digitization.result_digitized", "digitization.result_rate",
    "digitization.result_stored", "digitization.result_not_digitized",
    "online_full.procedures", "online_partial.procedures", "online_full.dossiers", "online_partial.dossiers",
    "online_full.received_online", "online_partial.received_online", "online_full.received_direct",
    "online_partial.received_direct", "online_full.online_rate", "online_partial.online_rate",
    "payment.online", "feedback.received", "feedback.resolved", "impact.assessed", "impact.issued_assessed",
    "procedures.total", "procedures.one_stop", "procedures.one_stop_rate",
    "satisfaction.very_satisfied_pct", "satisfaction.satisfied_pct", "satisfaction.unsatisfied_pct",
}


def test_every_contract_indicator_is_defined_with_examples():
    assert set(P.indicators) == CONTRACT_INDICATORS
    assert all(P.indicators[i].examples for i in CONTRACT_INDICATORS)


@pytest.mark.parametrize("indicator,text,value,context", EXAMPLES, ids=[f"{e[0]}:{e[1][:30]}" for e in EXAMPLES])
def test_example(indicator, text, value, context):
    ctx = Context(families=[])
    found = [(x.indicator, x.token.value) for x in link_paragraph(text, P, ctx)]
    assert (indicator, value) in found, found


def test_unknown_key_rejected():
    with pytest.raises(ValueError):
        GroupFile.model_validate({"group": "x", "cues": [{"phrases": ["a"], "rol": "received"}]})


def test_phrase_with_two_meanings_rejected(tmp_path):
    root = patterns_dir()
    (tmp_path / "indicators").mkdir()
    for name in ("numbers.yaml", "context.yaml"):
        (tmp_path / name).write_text((root / name).read_text(encoding="utf-8"), encoding="utf-8")
    bad = {"group": "bad", "cues": [{"role": "received", "phrases": ["tiếp nhận"]},
                                    {"role": "resolved", "phrases": ["tiếp nhận"]}]}
    (tmp_path / "indicators" / "bad.yaml").write_text(yaml.safe_dump(bad, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError, match="two meanings"):
        Patterns(tmp_path)


def test_tone_placement_does_not_matter():
    for text in ("Số hồ sơ giải quyết đúng hạn: 31 hồ sơ", "Số hồ sơ giải quyết đúng hạn: 31 hồ sơ".upper(),
                 "Số hồ sơ giải quyết đúng hạn: 31 hồ sơ".replace("ú", "u\u0301")):
        from report_miner.normalize import normalize_text

        norm, _ = normalize_text(text)
        found = [(x.indicator, x.token.value) for x in link_paragraph(norm, P, Context())]
        assert ("dossier.resolved_on_time", 31) in found, (text, found)
