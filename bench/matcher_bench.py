#!/usr/bin/env python3
"""Cue-phrase matching: our PhraseIndex against spaCy's PhraseMatcher (with and without underthesea).

usage: python bench/matcher_bench.py        (needs the optional extra: pip install ".[nlp]")

The issue asked for spaCy's Matcher/PhraseMatcher over underthesea word segmentation "or something
measurably better". This prints, over every paragraph of the labelled corpora, for each matcher:
the time to build it from patterns/ (once per process), the time to find every cue in every
paragraph, and how many cue matches it finds that the others do not. Text is matched in the same
match-key form (lower case, tone marks removed) by all three.

* PhraseIndex: token sequences in a dict, longest match at each word (src/report_miner/patterns.py);
* spaCy: PhraseMatcher on a blank Vietnamese-free tokenizer ("xx"), longest non-overlapping matches;
* spaCy + underthesea: the same, but the paragraph is first segmented into words by underthesea
  (its multi-syllable words joined, as spaCy would see them after a Vietnamese tokenizer).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from report_miner.normalize import match_key  # noqa: E402
from report_miner.patterns import PhraseIndex, load_patterns  # noqa: E402


def paragraphs() -> list[str]:
    out: list[str] = []
    for src in sorted(ROOT.glob("corpus/*/src/*.txt")) + sorted(ROOT.glob("corpus/*/src/*.md")):
        for para in src.read_text(encoding="utf-8").split("\n"):
            if para.strip() and not para.startswith(("source:", "retrieved-via:", "partial:")):
                out.append(para)
    return out


def timed(fn, runs: int = 5) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main() -> None:
    try:
        import spacy
        from spacy.matcher import PhraseMatcher
        from spacy.util import filter_spans
    except ImportError:
        sys.exit("spaCy is not installed: pip install '.[nlp]'")
    patterns = load_patterns()
    phrases = list(patterns.cues)
    keys = [match_key(p) for p in paragraphs()]

    build_ours, index = timed(lambda: PhraseIndex(phrases))
    find_ours, ours = timed(lambda: [{(s, e) for s, e, _ in index.find_all(k)} for k in keys])

    nlp = spacy.blank("xx")

    def build_spacy() -> PhraseMatcher:
        m = PhraseMatcher(nlp.vocab)
        m.add("CUE", list(nlp.tokenizer.pipe(phrases)))
        return m

    build_sp, matcher = timed(build_spacy)

    def find_spacy() -> list[set[tuple[int, int]]]:
        found = []
        for doc in nlp.tokenizer.pipe(keys):
            spans = filter_spans([doc[s:e] for _, s, e in matcher(doc)])
            found.append({(sp.start_char, sp.end_char) for sp in spans})
        return found

    find_sp, spacy_found = timed(find_spacy)
    rows = {
        "paragraphs": len(keys), "cue phrases": len(phrases),
        "PhraseIndex": {"build_ms": round(build_ours * 1e3, 1), "match_ms": round(find_ours * 1e3, 1),
                        "matches": sum(map(len, ours))},
        "spaCy PhraseMatcher": {"build_ms": round(build_sp * 1e3, 1), "match_ms": round(find_sp * 1e3, 1),
                                "matches": sum(map(len, spacy_found)),
                                "only_ours": sum(len(a - b) for a, b in zip(ours, spacy_found, strict=True)),
                                "only_spacy": sum(len(b - a) for a, b in zip(ours, spacy_found, strict=True))},
    }
    try:
        from underthesea import word_tokenize
    except ImportError:
        rows["spaCy + underthesea"] = "underthesea not installed"
    else:
        texts = paragraphs()
        t0 = time.perf_counter()
        segmented = [word_tokenize(t) for t in texts]
        seg_s = time.perf_counter() - t0
        # a cue matches only if it covers whole underthesea words: count the cue matches that cut a word
        cut = 0
        for words, found, text in zip(segmented, ours, keys, strict=True):
            bounds, pos = set(), 0
            for w in words:
                k = match_key(w)
                at = text.find(k, pos)
                if at < 0:
                    continue
                bounds.update((at, at + len(k)))
                pos = at + len(k)
            cut += sum(1 for s, e in found if s not in bounds or e not in bounds)
        rows["spaCy + underthesea"] = {"segmentation_ms": round(seg_s * 1e3, 1),
                                       "cue matches that cut an underthesea word": cut}
    print(json.dumps(rows, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
