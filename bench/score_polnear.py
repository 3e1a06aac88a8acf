"""Score attribution extraction on PolNeAR (token-level and attribution-level P/R/F1).

Usage:
    python bench/score_polnear.py [--split dev|train] [--limit N] [--cache DIR] [--pred FILE]
        [--time]

Predicts with `chronicler.extract.attribution.find_attributions` on
../shared/data/polnear/<split>/*.txt (or scores an existing predictions JSONL
given with --pred) and compares with <split>.jsonl:

- token level: per label (source, cue, content), the set of (doc, token) pairs
  labelled by any attribution, P/R/F1 against the gold set;
- attribution level: a prediction matches a gold attribution when their cues
  share a token and their contents share at least half of the tokens of each
  (both empty counts as sharing); matches are one-to-one (greedy by overlap);
  "attribution_gold_half_covered" uses the issue's looser wording (half of the
  gold content tokens covered) and is reported alongside;
- source agreement: among matched pairs, how often the sources share a token
  (both empty counts as agreeing).

Tokens are maximal runs of word characters or single other non-space characters.
--cache DIR keeps parsed Docs (spaCy DocBin) so re-runs skip the parse.
--time reports the parse time and the attribution time separately (the ≤30%
overhead goal); parse and attribution are timed on the same Docs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from shared_paths import REPO, shared

ROOT = REPO
SHARED = shared("data", "polnear")
TOKEN = re.compile(r"\w+|[^\w\s]")
LABELS = ("source", "cue", "content")


def read_text(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as fh:
        return fh.read()


def token_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in TOKEN.finditer(text)]


def tokens_in(segs: Iterable[Iterable[int]], starts: list[int], spans: list[tuple[int, int]]) -> set[int]:
    """Indices of the tokens that overlap any of the segments."""
    import bisect

    out: set[int] = set()
    for seg in segs:
        start, end = list(seg)[:2]
        i = max(0, bisect.bisect_right(starts, start) - 1)
        while i < len(spans) and spans[i][0] < end:
            if spans[i][1] > start:
                out.add(i)
            i += 1
    return out


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "tp": tp, "pred": n_pred, "gold": n_gold}


def _tokenised(attrs: list[dict[str, Any]], starts: list[int], spans: list[tuple[int, int]]) -> list[dict[str, set[int]]]:
    return [{label: tokens_in(a.get(label, []), starts, spans) for label in LABELS} for a in attrs]


def _content_match(p: set[int], g: set[int], loose: bool = False) -> bool:
    """README rule: the contents share at least half of the tokens of each.

    `loose` is the issue's wording: at least half of the gold content tokens are covered.
    """
    if not p and not g:
        return True
    shared = len(p & g)
    return shared > 0 and shared * 2 >= len(g) and (loose or shared * 2 >= len(p))


def match_doc(
    pred: list[dict[str, set[int]]], gold: list[dict[str, set[int]]], loose: bool = False
) -> list[tuple[int, int]]:
    """One-to-one matches (pred index, gold index), greedily by content overlap."""
    candidates = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            if p["cue"] & g["cue"] and _content_match(p["content"], g["content"], loose):
                candidates.append((len(p["content"] & g["content"]) + len(p["cue"] & g["cue"]), i, j))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in sorted(candidates, reverse=True):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def score(texts: dict[str, str], gold: dict[str, list[dict[str, Any]]], pred: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    tok_counts = {label: [0, 0, 0] for label in LABELS}  # tp, pred, gold
    n_pred = n_gold = n_match = src_agree = n_loose = 0
    for name, text in texts.items():
        spans = token_spans(text)
        starts = [s for s, _ in spans]
        g = _tokenised(gold.get(name, []), starts, spans)
        p = _tokenised(pred.get(name, []), starts, spans)
        for label in LABELS:
            g_set = set().union(*(a[label] for a in g)) if g else set()
            p_set = set().union(*(a[label] for a in p)) if p else set()
            tok_counts[label][0] += len(g_set & p_set)
            tok_counts[label][1] += len(p_set)
            tok_counts[label][2] += len(g_set)
        pairs = match_doc(p, g)
        n_loose += len(match_doc(p, g, loose=True))
        n_pred += len(p)
        n_gold += len(g)
        n_match += len(pairs)
        for i, j in pairs:
            ps, gs = p[i]["source"], g[j]["source"]
            src_agree += bool(ps & gs) or (not ps and not gs)
    return {
        "docs": len(texts),
        "tokens": {label: prf(*tok_counts[label]) for label in LABELS},
        "attribution": prf(n_match, n_pred, n_gold),
        "attribution_gold_half_covered": prf(n_loose, n_pred, n_gold),
        "source_agreement_on_matched": round(src_agree / n_match, 4) if n_match else 0.0,
    }


def load_gold(split: str) -> dict[str, list[dict[str, Any]]]:
    lines = (SHARED / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()
    return {d["doc"]: d["attributions"] for d in map(json.loads, lines)}


def parse_docs(names: list[str], texts: dict[str, str], cache: Path | None) -> tuple[list[Any], float]:
    """Parsed Docs in `names` order, from the cache when it matches, with the parse time."""
    from spacy.tokens import DocBin

    from chronicler.analyse.nlp import load_nlp

    nlp = load_nlp()
    key = hashlib.sha1("\n".join(names).encode()).hexdigest()[:12]
    cache_file = cache / f"{len(names)}-{key}.spacy" if cache else None
    if cache_file is not None and cache_file.exists():
        return list(DocBin().from_disk(cache_file).get_docs(nlp.vocab)), 0.0
    t0 = time.perf_counter()
    docs = list(nlp.pipe((texts[n] for n in names), batch_size=32))
    elapsed = time.perf_counter() - t0
    if cache_file is not None:
        cache.mkdir(parents=True, exist_ok=True)  # type: ignore[union-attr]
        db = DocBin(docs=docs)
        db.to_disk(cache_file)
    return docs, elapsed


def predict(docs: list[Any], names: list[str]) -> tuple[dict[str, list[dict[str, Any]]], float]:
    from chronicler.extract.attribution import find_attributions
    from chronicler.extract.attribution_lexicon import load_lexicon

    load_lexicon()
    out: dict[str, list[dict[str, Any]]] = {}
    t0 = time.perf_counter()
    for name, doc in zip(names, docs, strict=True):
        out[name] = [
            {label: [[s.start, s.end] for s in getattr(a, label)] for label in LABELS}
            for a in find_attributions(doc)
        ]
    return out, time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="dev", choices=("dev", "train"))
    ap.add_argument("--limit", type=int, default=0, help="only the first N documents")
    ap.add_argument("--cache", type=Path, default=None, help="folder for parsed-Doc cache")
    ap.add_argument("--pred", type=Path, default=None, help="score this predictions JSONL instead")
    ap.add_argument("--out", type=Path, default=None, help="write predictions JSONL here")
    ap.add_argument("--time", action="store_true", help="report parse vs attribution time")
    args = ap.parse_args(argv)
    if not SHARED.exists():
        print(f"PolNeAR data not found at {SHARED}", file=sys.stderr)
        return 2
    gold = load_gold(args.split)
    names = list(gold)[: args.limit or None]
    texts = {n: read_text(SHARED / args.split / f"{n}.txt") for n in names}
    if args.pred:
        lines = args.pred.read_text(encoding="utf-8").splitlines()
        pred = {d["doc"]: d["attributions"] for d in map(json.loads, lines)}
        timing = None
    else:
        docs, parse_s = parse_docs(names, texts, None if args.time else args.cache)
        pred, attr_s = predict(docs, names)
        timing = {"parse_s": round(parse_s, 2), "attribution_s": round(attr_s, 2),
                  "overhead": round(attr_s / parse_s, 3) if parse_s else None}
        if args.out:
            args.out.write_text("".join(json.dumps({"doc": n, "attributions": pred[n]}) + "\n" for n in names))
    result = score(texts, {n: gold[n] for n in names}, pred)
    if timing:
        result["timing"] = timing
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
