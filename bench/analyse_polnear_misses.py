"""Why gold PolNeAR attributions are missed: no candidate, a wrong cue, or a content boundary.

Usage:
    python bench/score_polnear.py --split train --limit 200 --cache DIR --out PRED.jsonl
    python bench/analyse_polnear_misses.py --split train --pred PRED.jsonl [--limit 200]
        [--show no_candidate|content_short|content_long|content_other|false_positive] [--n 20]

For every gold attribution that score_polnear's matching leaves unmatched, the
category is:
- no_candidate: no prediction's cue shares a token with the gold cue, and none
  of its content overlaps the gold content either;
- cue_elsewhere: a prediction covers the gold content but with another cue;
- content_short / content_long / content_other: a prediction shares the cue but
  the contents fail the half-of-each rule (prediction too short, too long, or
  shifted);
Unmatched predictions are counted as false positives by their cue word.
The cue words of the no-candidate misses are counted (lower case, joined), with
a few examples per category. Use it on train only (dev is for measuring).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from score_polnear import (
    SHARED,
    _content_match,
    _tokenised,
    load_gold,
    match_doc,
    read_text,
    token_spans,
)


def _text(text: str, segs: list[list[int]]) -> str:
    return " | ".join(text[s:e] for s, e in segs)


def analyse(split: str, pred_file: Path, limit: int) -> tuple[Counter[str], Counter[str], Counter[str],
                                                              dict[str, list[str]]]:
    gold = load_gold(split)
    pred = {d["doc"]: d["attributions"] for d in map(json.loads, pred_file.read_text().splitlines())}
    names = [n for n in gold if n in pred][: limit or None]
    cats: Counter[str] = Counter()
    miss_cues: Counter[str] = Counter()
    fp_cues: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    for name in names:
        text = read_text(SHARED / split / f"{name}.txt")
        spans = token_spans(text)
        starts = [s for s, _ in spans]
        g_raw, p_raw = gold[name], pred[name]
        g = _tokenised(g_raw, starts, spans)
        p = _tokenised(p_raw, starts, spans)
        pairs = match_doc(p, g)
        matched_g = {j for _, j in pairs}
        matched_p = {i for i, _ in pairs}
        for j, ga in enumerate(g):
            if j in matched_g:
                continue
            same_cue = [i for i, pa in enumerate(p) if pa["cue"] & ga["cue"]]
            if same_cue:
                pa = p[same_cue[0]]
                shared = len(pa["content"] & ga["content"])
                if _content_match(pa["content"], ga["content"]):
                    cat = "cue_taken"  # the prediction was matched to another gold
                elif shared * 2 >= len(ga["content"]):
                    cat = "content_long"
                elif shared * 2 >= len(pa["content"]) and shared:
                    cat = "content_short"
                else:
                    cat = "content_other"
                detail = (f"PRED content: {_text(text, p_raw[same_cue[0]]['content'])[:300]!r}\n"
                          f"    PRED cue: {_text(text, p_raw[same_cue[0]]['cue'])!r}")
            elif any(pa["content"] & ga["content"] for pa in p):
                cat = "cue_elsewhere"
                i = next(i for i, pa in enumerate(p) if pa["content"] & ga["content"])
                detail = (f"PRED cue: {_text(text, p_raw[i]['cue'])!r} content: "
                          f"{_text(text, p_raw[i]['content'])[:200]!r}")
            else:
                cat = "no_candidate"
                detail = ""
            cue_words = " ".join(text[s:e] for s, e in g_raw[j]["cue"]).lower()
            if cat in ("no_candidate", "cue_elsewhere"):
                miss_cues[cue_words] += 1
            cats[cat] += 1
            ex = (f"[{name}] SRC {_text(text, g_raw[j]['source'])!r} CUE {cue_words!r}\n"
                  f"    GOLD content: {_text(text, g_raw[j]['content'])[:300]!r}\n    {detail}")
            examples.setdefault(cat, []).append(ex)
        for i, pa in enumerate(p):
            if i in matched_p:
                continue
            cue_words = " ".join(text[s:e] for s, e in p_raw[i]["cue"]).lower()
            fp_cues[cue_words] += 1
            if not any(pa["cue"] & ga["cue"] for ga in g):
                ex = (f"[{name}] CUE {cue_words!r} content: {_text(text, p_raw[i]['content'])[:200]!r}")
                examples.setdefault("false_positive", []).append(ex)
    return cats, miss_cues, fp_cues, examples


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="train", choices=("dev", "train"))
    ap.add_argument("--pred", type=Path, required=True)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--show", default="", help="print examples of this category")
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--top", type=int, default=60)
    args = ap.parse_args(argv)
    cats, miss_cues, fp_cues, examples = analyse(args.split, args.pred, args.limit)
    print("unmatched gold by category:", dict(cats.most_common()))
    print("cue words of gold with no candidate / another cue:")
    print("  ", miss_cues.most_common(args.top))
    print("cue words of unmatched predictions:")
    print("  ", fp_cues.most_common(args.top))
    if args.show:
        for ex in examples.get(args.show, [])[: args.n]:
            print(ex)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
