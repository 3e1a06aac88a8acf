"""Train the attribution candidate filter (logistic regression) on PolNeAR *train* only.

Usage: python bench/train_attribution_model.py [--cache DIR] [--holdout N]
           [--thresholds 0.3,0.4,0.5] [--threshold 0.5] [--min-count 3] [--min-rate 0.1]
           [--open off|on|all] [--label cue|content] [--event-verbs on|off] [--write]

1. Candidate verbs: verb lemmas outside the hand-written and learned cue lists that
   lie inside a gold cue span at least --min-rate of the time (and --min-count times);
   the event-naming exclusions (not_cues, and every verb trigger of the event lexicon)
   never become candidates. With --event-verbs on (the default) the not_cues that pass
   the same rates are candidates too ("event candidate verbs": "blasted the plan",
   "discussed strikes"); their attributions are kept for what PolNeAR marks, but no event
   takes them as its source (attribution_document.asserts_for_reporter).
2. Every candidate attribution the rules propose (with those verbs added) gets cheap
   parse features (attribution_model.candidate_features) and the label "its cue
   overlaps a gold cue"; a logistic regression is fitted on them.
3. With --holdout N the model is fitted on the first N training articles and the
   whole extractor is scored on the remaining training articles for each of
   --thresholds (dev is never used); without it, on all of train.
With --write, weights (rounded, near-zero ones dropped), the threshold and the
candidate verbs go to src/chronicler/data/lang/en/attribution_cue_model.json.
"""

from __future__ import annotations

import argparse
import bisect
import dataclasses
import json
from collections import Counter
from pathlib import Path
from typing import Any

from chronicler.extract import attribution as attribution_mod
from chronicler.extract.attribution_lexicon import Lexicon, event_trigger_verbs, load_lexicon
from chronicler.extract.attribution_model import CueModel, candidate_features, context_features
from score_polnear import LABELS, SHARED, load_gold, parse_docs, read_text, score

MODEL_PATH = Path(__file__).resolve().parents[1] / "src" / "chronicler" / "data" / "lang" / "en" / "attribution_cue_model.json"
NEVER_CANDIDATES = frozenset({"be", "have", "do", "get", "go"})  # too general to judge by lemma


def _in_cue(idx: int, cues: list[tuple[int, int]], starts: list[int]) -> bool:
    i = bisect.bisect_right(starts, idx) - 1
    return i >= 0 and cues[i][0] <= idx < cues[i][1]


def gold_cues(attrs: list[dict[str, Any]]) -> tuple[list[tuple[int, int]], list[int]]:
    cues = sorted((s, e) for a in attrs for s, e in a["cue"])
    return cues, [s for s, _ in cues]


def learn_candidates(docs: list[Any], golds: list[list[dict[str, Any]]], lex: Lexicon,
                     min_count: int, min_rate: float, event_verbs: bool = False) -> list[str]:
    """The candidate verbs; with `event_verbs`, only those among the pack's not_cues (verbs
    that name events on this beat: their attributions assert no event), except the particle
    verbs, which are cues with their particle only ("rule out")."""
    as_cue: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for doc, attrs in zip(docs, golds, strict=True):
        cues, starts = gold_cues(attrs)
        for tok in doc:
            if tok.pos_ == "VERB":
                lemma = tok.lemma_.lower()
                seen[lemma] += 1
                as_cue[lemma] += _in_cue(tok.idx, cues, starts)
    excluded = lex.cue_verbs | NEVER_CANDIDATES | event_trigger_verbs()
    if not event_verbs:
        excluded |= lex.not_cues
    return sorted(lemma for lemma, n in as_cue.items()
                  if n >= min_count and n / seen[lemma] >= min_rate and lemma not in excluded
                  and lemma.isalpha() and (not event_verbs or (
                      lemma in lex.not_cues and lemma not in lex.particle_verbs)))


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    return sum(max(0, min(e, ge) - max(s, gs)) for s, e in a for gs, ge in b)


def _label(raw: Any, attrs: list[dict[str, Any]], label: str) -> int:
    """1 when the candidate's cue overlaps a gold cue; with label="content", that gold's
    content must also share a quarter of the candidate's content characters (a right cue
    with a wrong content is a false positive all the same)."""
    for a in attrs:
        if not _overlap(raw.cue, [tuple(c) for c in a["cue"]]):
            continue
        if label == "cue":
            return 1
        size = sum(e - s for s, e in raw.content)
        if not size or _overlap(raw.content, [tuple(c) for c in a["content"]]) * 4 >= size:
            return 1
    return 0


def examples(docs: list[Any], golds: list[list[dict[str, Any]]], lex: Lexicon,
             label: str = "cue") -> tuple[list[dict[str, int]], list[int]]:
    feats: list[dict[str, int]] = []
    labels: list[int] = []
    for doc, attrs in zip(docs, golds, strict=True):
        rules = attribution_mod.candidate_rules(doc, lex)
        raws = attribution_mod._find_raw(doc, rules)
        for raw, extra in zip(raws, context_features(raws, lex), strict=True):
            feats.append(dict.fromkeys(candidate_features(raw, lex, rules.text) + extra, 1))
            # The content still changes after this stage (continued quotes, nesting), so
            # a strict-match label misjudges it; the default is the cue alone.
            labels.append(_label(raw, attrs, label))
    return feats, labels


def fit(feats: list[dict[str, int]], labels: list[int], c: float) -> tuple[dict[str, float], float]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform(feats)
    clf = LogisticRegression(C=c, max_iter=2000).fit(x, labels)
    weights = {name: round(float(w), 3) for name, w in zip(vec.get_feature_names_out(), clf.coef_[0],
                                                            strict=True) if abs(w) >= 0.005}
    return weights, round(float(clf.intercept_[0]), 3)


def evaluate(docs: list[Any], names: list[str], gold: dict[str, Any], lex: Lexicon,
             model: CueModel) -> dict[str, Any]:
    # Score the whole extractor with this lexicon and model in place of the packaged ones.
    attribution_mod.load_lexicon = lambda language="en": lex  # type: ignore[assignment]
    attribution_mod.load_model = lambda language="en": model  # type: ignore[assignment]
    pred = {n: [{label: [[s.start, s.end] for s in getattr(a, label)] for label in LABELS}
                for a in attribution_mod.find_attributions(d)] for n, d in zip(names, docs, strict=True)}
    result = score({n: d.text for n, d in zip(names, docs, strict=True)}, {n: gold[n] for n in names}, pred)
    return {"attribution": result["attribution"], "token_f1": {k: v["f1"] for k, v in result["tokens"].items()}}


def training_docs(cache: Path | None) -> tuple[dict[str, Any], list[str], dict[str, str], list[Any]]:
    """PolNeAR train: gold by article, article names in file order, texts and parses."""
    gold = load_gold("train")
    names = list(gold)
    texts = {n: read_text(SHARED / "train" / f"{n}.txt") for n in names}
    docs, _ = parse_docs(names, texts, cache)
    return gold, names, texts, docs


def candidate_base() -> Lexicon:
    """The shipped lexicon with no learned candidates: what candidates are learned against.
    The filter judges the fallback contents too (the shipped pack turns them on with it)."""
    return dataclasses.replace(load_lexicon(), candidate_verbs=frozenset(), event_cues=frozenset(),
                               open_candidates=False, fallback_contents=True)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--holdout", type=int, default=0, help="fit on the first N train docs, score the rest")
    ap.add_argument("--thresholds", default="0.3,0.4,0.5")
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--min-rate", type=float, default=0.1)
    ap.add_argument("--c", type=float, default=0.5)
    ap.add_argument("--open", choices=("off", "on", "all"), default="off",
                    help="open candidates (any verb shaped like an attribution): on = outside "
                         "not_cues and event triggers; all = every verb (experiment only)")
    ap.add_argument("--label", choices=("cue", "content"), default="cue",
                    help="positive: the cue overlaps a gold cue (and, for content, its content too)")
    ap.add_argument("--event-verbs", choices=("on", "off"), default="on",
                    help="also learn candidates among the not_cues (event-naming verbs: blast, "
                         "discuss); their attributions assert no event")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    gold, names, _texts, docs = training_docs(args.cache)
    cut = args.holdout or len(names)
    base = candidate_base()
    shipped = load_lexicon()
    closed = frozenset() if args.open == "all" else shipped.closed_verbs
    fit_golds = [gold[n] for n in names[:cut]]
    candidates = learn_candidates(docs[:cut], fit_golds, base, args.min_count, args.min_rate)
    event_verbs = (learn_candidates(docs[:cut], fit_golds, base, args.min_count, args.min_rate,
                                    event_verbs=True) if args.event_verbs == "on" else [])
    lex = dataclasses.replace(base, candidate_verbs=frozenset(candidates + event_verbs),
                              event_cues=frozenset(event_verbs),
                              open_candidates=args.open != "off", closed_verbs=closed)
    feats, labels = examples(docs[:cut], fit_golds, lex, args.label)
    weights, bias = fit(feats, labels, args.c)
    print(json.dumps({"candidate_verbs": len(candidates), "event_candidate_verbs": len(event_verbs),
                      "examples": len(labels),
                      "positives": sum(labels), "features": len(weights)}))
    if args.holdout:
        held_docs, held_names = docs[cut:], names[cut:]
        print("no filter", json.dumps(evaluate(held_docs, held_names, gold, base, CueModel({}, 0.0, 0.0))))
        for t in map(float, args.thresholds.split(",")):
            print(t, json.dumps(evaluate(held_docs, held_names, gold, lex, CueModel(weights, bias, t))))
    if args.write:
        MODEL_PATH.write_text(json.dumps({
            "_about": "Logistic regression over attribution candidates; written by "
                      "bench/train_attribution_model.py from PolNeAR train.",
            "threshold": args.threshold, "bias": bias, "open_candidates": args.open,
            "candidate_verbs": candidates,
            "event_candidate_verbs": event_verbs,
            "weights": dict(sorted(weights.items())),
        }, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
