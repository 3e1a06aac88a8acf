"""Experiments on top of the learned attribution filter, scored on a PolNeAR *train* holdout.

Usage: python bench/attribution_filter_experiments.py --cache DIR [--holdout 640]
           [--exp nest,class,prior,stack,cut]

The filter is fitted as bench/train_attribution_model.py does (first --holdout train
articles, default settings); each experiment changes what happens around it and scores
the whole extractor on the remaining train articles (dev is never read):

- nest: document-level decoding: among the kept candidates none may sit in another's
  content (PolNeAR never nests); the more probable one stays (greedy, by probability),
  at thresholds 0.4 / 0.45 / 0.5.
- class: a threshold per candidate class (rule or lexicon class of the cue verb), each
  moved alone over 0.3/0.4/0.6/0.7 while the others stay at 0.5.
- prior: a cue-lemma prior feature (smoothed rate of the lemma's candidates whose cue is
  gold, bucketed; cross-fitted out of fold in 5 folds on the fitted articles).
- stack: a second logistic regression whose extra features are the first one's
  probability bucket and whether the candidate sits in (or holds) a candidate the first
  one keeps, more or less probable than itself (first-stage probabilities out of fold).
- cut: alternative content spans per cue: the content cut before its first adjuncts (a
  preposition, comma, coordination, adverb, clause), up to three, chosen by a second
  regression trained on the fitted articles' right-cue candidates whose alternatives
  differ in matching the gold content; a cut replaces the full content when more
  probable by --margin.
Nothing here is shipped; docs/attribution.md records the results.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import math
from collections import Counter
from pathlib import Path
from typing import Any

import train_attribution_model as trainer
from chronicler.extract import attribution as attribution_mod
from chronicler.extract.attribution_lexicon import Lexicon, load_lexicon
from chronicler.extract.attribution_model import CueModel, candidate_features, context_features
from score_polnear import (
    _content_match,
    token_spans,
    tokens_in,
)

model_mod = importlib.import_module("chronicler.extract.attribution_model")
CUT_DEPS = frozenset({"prep", "punct", "cc", "advmod", "relcl", "advcl", "npadvmod", "conj", "acl"})
CUT_PUNCT = frozenset({",", "-", "--", "\u2014", ";", "("})
QUOTES = "\"\u201c\u201d"
Filter = Any


def _prob(weights: dict[str, float], bias: float, feats: list[str]) -> float:
    z = bias + sum(weights.get(f, 0.0) for f in feats)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def _rows(docs: list[Any], names: list[str], gold: dict[str, Any], lex: Lexicon) -> list[tuple[int, Any, list[str], int]]:
    out = []
    for k, (doc, name) in enumerate(zip(docs, names, strict=True)):
        rules = attribution_mod.candidate_rules(doc, lex)
        raws = attribution_mod._find_raw(doc, rules)
        for raw, extra in zip(raws, context_features(raws, lex), strict=True):
            out.append((k, raw, candidate_features(raw, lex, rules.text) + extra,
                        trainer._label(raw, gold[name], "cue")))
    return out


def _lemma(raw: Any) -> str:
    return raw.cue_token.lemma_.lower() if raw.cue_token is not None else raw.rule


def _filter_with(prob: Any, threshold: Any = None, decode: bool = False) -> Filter:
    """A replacement for attribution._filter: `prob(raws, i, feats)` per candidate."""
    def filt(raws: list[Any], lex: Lexicon, text: str, language: str = "en") -> list[Any]:
        context = context_features(raws, lex)
        feats = [candidate_features(r, lex, text) + e for r, e in zip(raws, context, strict=True)]
        probs = [prob(raws, i, feats) for i in range(len(raws))]
        kept = [i for i, r in enumerate(raws) if attribution_mod._is_request(r, lex)
                or probs[i] >= (threshold(r, lex) if threshold else 0.5)]
        if decode:
            kept = _outermost(raws, probs, kept)
        return [raws[i] for i in sorted(kept)]
    return filt


def _nests(inner: Any, outer: Any) -> bool:
    return bool(inner.cue) and any(s <= inner.cue[0][0] < e for s, e in outer.content)


def _outermost(raws: list[Any], probs: list[float], kept: list[int]) -> list[int]:
    chosen: list[int] = []
    for i in sorted(kept, key=lambda i: (-probs[i], i)):
        if not any(_nests(raws[i], raws[j]) or _nests(raws[j], raws[i]) for j in chosen):
            chosen.append(i)
    return chosen


def _stage2(rows: list[tuple[int, Any, list[str], int]], probs: list[float], lex: Lexicon) -> list[list[str]]:
    kind = model_mod._kind
    by_doc: dict[int, list[int]] = {}
    for i, row in enumerate(rows):
        by_doc.setdefault(row[0], []).append(i)
    extra: list[list[str]] = [[] for _ in rows]
    for idx in by_doc.values():
        for i in idx:
            raw, p = rows[i][1], probs[i]
            extra[i].append(f"p1={min(9, int(p * 10))}")
            for j in idx:
                other = rows[j][1]
                if j == i or probs[j] < 0.5:
                    continue
                side = "hi" if probs[j] > p else "lo"
                if _nests(raw, other):
                    extra[i].append(f"in_kept={kind(other, lex)}|{side}")
                if _nests(other, raw):
                    extra[i].append(f"holds_kept={kind(other, lex)}|{side}")
    return extra


def _alternatives(raw: Any, text: str, lex: Lexicon) -> list[tuple[list[str], list[tuple[int, int]]]]:
    """The full content and up to three cuts before an adjunct of the content."""
    if not raw.content or raw.cue_token is None:
        return []
    s0, e0 = raw.content[0]
    span = raw.sent.doc.char_span(s0, e0, alignment_mode="expand")
    if span is None:
        return []
    length = model_mod._length_bucket
    base = [f"class={model_mod._kind(raw, lex)}", f"rule={raw.rule}"]
    out = [(base + ["cut=none", f"full_len={length(sum(e - s for s, e in raw.content))}"], raw.content)]
    for tok in span[1:]:
        if tok.dep_ not in CUT_DEPS or not span.start <= tok.head.i < span.end:
            continue
        if tok.dep_ == "punct" and tok.text not in CUT_PUNCT:
            continue
        end = tok.idx
        while end > s0 and text[end - 1] in " ,;-\u2014(\n":
            end -= 1
        if end - s0 < 3:
            continue
        nxt = span.doc[min(tok.i + 1, len(span.doc) - 1)]
        out.append((base + [f"cut={tok.dep_}", f"cut_tok={tok.lower_}", f"cut_n={len(out)}",
                            f"cut_lem={_lemma(raw)}|{tok.dep_}", f"cut_next={nxt.lower_}|{tok.dep_}",
                            f"kept_len={length(end - s0)}", f"cut_len={length(e0 - tok.idx)}",
                            f"cut_ent={nxt.ent_type_ or '-'}", f"headdep={tok.head.dep_}|{tok.dep_}",
                            "quote_rest=" + ("yes" if any(q in text[tok.idx:e0] for q in QUOTES) else "no")],
                    [(s0, end)] + raw.content[1:]))
        if len(out) > 3:
            break
    return out if len(out) > 1 else []


def _tokens(text: str, segs: list[tuple[int, int]]) -> set[int]:
    spans = token_spans(text)
    return tokens_in(segs, [s for s, _ in spans], spans)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--holdout", type=int, default=640)
    ap.add_argument("--exp", default="nest,class,prior,stack,cut")
    ap.add_argument("--margin", default="0,0.1")
    args = ap.parse_args()
    gold, names, texts, docs = trainer.training_docs(args.cache)
    cut = args.holdout
    base = trainer.candidate_base()
    fit_golds = [gold[n] for n in names[:cut]]
    verbs = trainer.learn_candidates(docs[:cut], fit_golds, base, 3, 0.1)
    events = trainer.learn_candidates(docs[:cut], fit_golds, base, 3, 0.1, event_verbs=True)
    lex = dataclasses.replace(base, candidate_verbs=frozenset(verbs + events), event_cues=frozenset(events),
                              closed_verbs=load_lexicon().closed_verbs)
    rows = _rows(docs[:cut], names[:cut], gold, lex)
    weights, bias = trainer.fit([dict.fromkeys(r[2], 1) for r in rows], [r[3] for r in rows], 0.5)
    model = CueModel(weights, bias, 0.5)
    held_docs, held_names = docs[cut:], names[cut:]

    def run(label: str, filt: Filter | None) -> None:
        original = attribution_mod._filter
        if filt is not None:
            attribution_mod._filter = filt
        try:
            result = trainer.evaluate(held_docs, held_names, gold, lex, model)
        finally:
            attribution_mod._filter = original
        a = result["attribution"]
        print(f"{label}: F1 {a['f1']} (P {a['p']} / R {a['r']}), content {result['token_f1']['content']:.4f}",
              flush=True)

    def plain(raws: list[Any], i: int, feats: list[list[str]]) -> float:
        return _prob(weights, bias, feats[i])

    run("baseline", None)
    exps = args.exp.split(",")
    if "nest" in exps:
        for t in (0.4, 0.45, 0.5):
            run(f"nest at {t}", _filter_with(plain, lambda r, lx, t=t: t, decode=True))
    if "class" in exps:
        counts = Counter(model_mod._kind(r[1], lex) for r in rows)
        for kind, _ in counts.most_common(10):
            for t in (0.3, 0.4, 0.6, 0.7):
                run(f"class {kind} at {t}", _filter_with(
                    plain, lambda r, lx, kind=kind, t=t: t if model_mod._kind(r, lx) == kind else 0.5))
    if "prior" in exps or "stack" in exps:
        folds = 5
        oof = [0.0] * len(rows)
        priors: list[list[str]] = [[] for _ in rows]

        def bucket(lemma: str, pos: Counter[str], tot: Counter[str]) -> list[str]:
            n = tot.get(lemma, 0)
            rate = min(9, int((pos.get(lemma, 0) + 5 * 0.65) / (n + 5) * 10))
            return [f"prior={rate}", f"prior_n={0 if not n else 1 if n < 5 else 2 if n < 20 else 3}|{rate}"]

        def table(part: list[tuple[int, Any, list[str], int]]) -> tuple[Counter[str], Counter[str]]:
            pos: Counter[str] = Counter()
            tot: Counter[str] = Counter()
            for _, raw, _, y in part:
                pos[_lemma(raw)] += y
                tot[_lemma(raw)] += 1
            return pos, tot

        for f in range(folds):
            train = [r for r in rows if r[0] % folds != f]
            w, b = trainer.fit([dict.fromkeys(r[2], 1) for r in train], [r[3] for r in train], 0.5)
            pos, tot = table(train)
            for i, r in enumerate(rows):
                if r[0] % folds == f:
                    oof[i] = _prob(w, b, r[2])
                    priors[i] = bucket(_lemma(r[1]), pos, tot)
        if "prior" in exps:
            wp, bp = trainer.fit([dict.fromkeys(r[2] + p, 1) for r, p in zip(rows, priors, strict=True)],
                                 [r[3] for r in rows], 0.5)
            pos, tot = table(rows)
            run("prior", _filter_with(lambda raws, i, feats: _prob(
                wp, bp, feats[i] + bucket(_lemma(raws[i]), pos, tot))))
        if "stack" in exps:
            extra = _stage2(rows, oof, lex)
            ws, bs = trainer.fit([dict.fromkeys(r[2] + e, 1) for r, e in zip(rows, extra, strict=True)],
                                 [r[3] for r in rows], 0.5)
            cache: dict[int, list[list[str]]] = {}

            def stacked(raws: list[Any], i: int, feats: list[list[str]]) -> float:
                if i == 0:
                    p1 = [_prob(weights, bias, f) for f in feats]
                    cache[0] = _stage2([(0, r, f, 0) for r, f in zip(raws, feats, strict=True)], p1, lex)
                return _prob(ws, bs, feats[i] + cache[0][i])
            run("stack", _filter_with(stacked))
    if "cut" in exps:
        feats: list[dict[str, int]] = []
        labels: list[int] = []
        for doc, name in zip(docs[:cut], names[:cut], strict=True):
            text = texts[name]
            for raw in attribution_mod._find_raw(doc, attribution_mod.candidate_rules(doc, lex)):
                alts = _alternatives(raw, text, lex) if trainer._label(raw, gold[name], "cue") else []
                if not alts:
                    continue
                golds = [_tokens(text, g["content"]) for g in gold[name]
                         if trainer._overlap(raw.cue, [tuple(c) for c in g["cue"]])]
                ys = [int(any(_content_match(_tokens(text, c), g) for g in golds)) for _, c in alts]
                if len(set(ys)) > 1:
                    feats += [dict.fromkeys(f, 1) for f, _ in alts]
                    labels += ys
        wc, bc = trainer.fit(feats, labels, 0.5)
        original = attribution_mod._filter
        for margin in map(float, args.margin.split(",")):
            def choose(raws: list[Any], lex: Lexicon, text: str, language: str = "en",
                       margin: float = margin) -> list[Any]:
                kept: list[Any] = original(raws, lex, text, language)
                for raw in kept:
                    alts = _alternatives(raw, text, lex)
                    if alts:
                        probs = [_prob(wc, bc, f) for f, _ in alts]
                        best = max(range(len(alts)), key=lambda i: (probs[i], -i))
                        if best and probs[best] > probs[0] + margin:
                            raw.content = alts[best][1]
                return kept
            run(f"cut (margin {margin})", choose)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
