"""How far candidate generation lets the filter go, on PolNeAR *train* (first N articles).

Usage: python bench/attribution_ceiling.py [--limit 200] [--cache DIR] [--skip 0]
           [--modes oracle,none,shipped] [--out DIR]

For the first --limit training articles (after --skip) this runs the extractor three ways:
- oracle: the learned filter replaced by one that keeps exactly the candidates whose cue
  overlaps a gold cue (the best any filter over these candidates can do);
- no filter: every candidate kept;
- shipped: the packaged filter (in-sample on train, so only a sanity check).
It also counts the gold attributions that no candidate reaches at all (no candidate cue
overlaps the gold cue, before the filter and the nesting rules), and the candidates per
article (their cost grows with the count). Dev is never read.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from chronicler.extract import attribution as attribution_mod
from chronicler.extract.attribution_lexicon import load_lexicon
from chronicler.extract.attribution_rules import RawAttribution
from score_polnear import LABELS, SHARED, load_gold, parse_docs, read_text, score


def _overlaps(raw: RawAttribution, cues: list[tuple[int, int]]) -> bool:
    return any(s < ge and gs < e for s, e in raw.cue for gs, ge in cues)


def _predict(docs: list[Any], names: list[str]) -> dict[str, list[dict[str, Any]]]:
    return {n: [{label: [[s.start, s.end] for s in getattr(a, label)] for label in LABELS}
                for a in attribution_mod.find_attributions(d)] for n, d in zip(names, docs, strict=True)}


def reach(docs: list[Any], names: list[str], gold: dict[str, Any]) -> dict[str, Any]:
    """Gold attributions whose cue no candidate touches, and the candidate count."""
    lex = load_lexicon()
    missed = n_gold = n_cand = 0
    for name, doc in zip(names, docs, strict=True):
        raws = attribution_mod._find_raw(doc, attribution_mod.candidate_rules(doc, lex))
        n_cand += len(raws)
        for g in gold[name]:
            n_gold += 1
            cues = [tuple(c) for c in g["cue"]]
            missed += not any(_overlaps(r, cues) for r in raws)
    return {"gold": n_gold, "no_candidate": missed, "candidates": n_cand,
            "candidates_per_article": round(n_cand / max(1, len(names)), 1)}


def run(docs: list[Any], names: list[str], gold: dict[str, Any], mode: str,
        out: Path | None = None) -> dict[str, Any]:
    original = attribution_mod._filter
    current: dict[str, list[tuple[int, int]]] = {}

    def oracle(raws: list[RawAttribution], lex: Any, text: str, language: str = "en") -> list[RawAttribution]:
        return [r for r in raws if _overlaps(r, current["cues"])]

    def keep_all(raws: list[RawAttribution], lex: Any, text: str, language: str = "en") -> list[RawAttribution]:
        return raws

    if mode != "shipped":
        attribution_mod._filter = oracle if mode == "oracle" else keep_all
    try:
        pred: dict[str, list[dict[str, Any]]] = {}
        for name, doc in zip(names, docs, strict=True):
            current["cues"] = [tuple(c) for a in gold[name] for c in a["cue"]]
            pred.update(_predict([doc], [name]))
    finally:
        attribution_mod._filter = original
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / f"{mode}.jsonl").write_text("".join(
            json.dumps({"doc": n, "attributions": pred[n]}) + "\n" for n in names))
    result = score({n: d.text for n, d in zip(names, docs, strict=True)}, {n: gold[n] for n in names}, pred)
    return {"attribution": result["attribution"], "content_f1": result["tokens"]["content"]["f1"]}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--limit", type=int, default=200)
    ap.add_argument("--skip", type=int, default=0)
    ap.add_argument("--modes", default="oracle,none,shipped")
    ap.add_argument("--out", type=Path, default=None,
                    help="write each mode's predictions to OUT/<mode>.jsonl (for analyse_polnear_misses)")
    args = ap.parse_args()
    gold = load_gold("train")
    names = list(gold)
    # The whole split is parsed (and cached) once so every subset reuses one cache file.
    texts = {n: read_text(SHARED / "train" / f"{n}.txt") for n in names}
    docs, _ = parse_docs(names, texts, args.cache)
    sl = slice(args.skip, args.skip + args.limit)
    docs, names = docs[sl], names[sl]
    print("reach", json.dumps(reach(docs, names, gold)))
    for mode in args.modes.split(","):
        print(mode, json.dumps(run(docs, names, gold, mode, args.out)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
