"""Learn which verb lemmas act as attribution cues, from PolNeAR *train* only.

Usage: python bench/train_cue_lexicon.py [--limit N] [--cache DIR] [--min-count 4] [--min-rate 0.4]
           [--adj-rate 0.2] [--noun-rate 0.3] [--write]

For every verb token in the training articles, counts how often it lies inside a
gold cue span. Lemmas that are cues at least --min-rate of the time (and seen at
least --min-count times as cues) are printed; with --write they are stored as
"learned_verbs" in src/chronicler/data/lang/en/attribution.json (a few hundred
bytes), which `attribution_lexicon` adds to the hand-written cue verbs. Lemmas
of the hand-written lists that are cues less than --drop-rate of the time are
reported so they can be reviewed by hand. Predicative adjectives ("is confident
that", "are worried about") are counted the same way and stored as
"learned_adjectives" (cue rate at least --adj-rate); nouns ("a swipe at", "doubts
that") as "learned_nouns" (--noun-rate; non_cue_nouns are left out by hand).
"""

from __future__ import annotations

import argparse
import bisect
import json
from collections import Counter
from pathlib import Path

from chronicler.extract.attribution_lexicon import event_trigger_verbs
from score_polnear import SHARED, load_gold, parse_docs, read_text

LEXICON = Path(__file__).resolve().parents[1] / "src" / "chronicler" / "data" / "lang" / "en" / "attribution.json"


def count_cues(
    limit: int, cache: Path | None
) -> tuple[Counter[str], Counter[str], Counter[str], Counter[str]]:
    """Per lemma: (verb as cue, verb seen, predicative adjective as cue, adjective seen)."""
    gold = load_gold("train")
    names = list(gold)[: limit or None]
    texts = {n: read_text(SHARED / "train" / f"{n}.txt") for n in names}
    docs, _ = parse_docs(names, texts, cache)
    as_cue: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    adj_cue: Counter[str] = Counter()
    adj_seen: Counter[str] = Counter()
    for name, doc in zip(names, docs, strict=True):
        cues = sorted((s, e) for a in gold[name] for s, e in a["cue"])
        starts = [s for s, _ in cues]
        for tok in doc:
            # Verbs, and adjectives after "be" ("is confident that", "are worried about").
            # Nouns too ("a swipe at", "doubts that"), counted with the adjectives.
            is_adj = (tok.pos_ == "ADJ" and tok.dep_ == "acomp") or tok.pos_ == "NOUN"
            if tok.pos_ != "VERB" and not is_adj:
                continue
            lemma = tok.lemma_.lower()
            i = bisect.bisect_right(starts, tok.idx) - 1
            hit = i >= 0 and cues[i][0] <= tok.idx < cues[i][1]
            key = f"{tok.pos_}:{lemma}" if is_adj else lemma
            (adj_seen if is_adj else seen)[key] += 1
            (adj_cue if is_adj else as_cue)[key] += hit
    return as_cue, seen, adj_cue, adj_seen


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--min-count", type=int, default=4)
    ap.add_argument("--min-rate", type=float, default=0.4)
    ap.add_argument("--drop-rate", type=float, default=0.1)
    ap.add_argument("--adj-rate", type=float, default=0.2)
    ap.add_argument("--noun-rate", type=float, default=0.3)
    ap.add_argument("--adj-min-count", type=int, default=0,
                    help="cue count an adjective needs (default: --min-count)")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    as_cue, seen, adj_cue, adj_seen = count_cues(args.limit, args.cache)
    lex = json.loads(LEXICON.read_text(encoding="utf-8"))
    known = set(lex["speech_verbs"]) | set(lex["object_verbs"]) | set(lex["intent_verbs"]) | set(
        lex["prep_verbs"]
    )
    # Verbs that name events on this beat (attack, seize, ban) stay event triggers.
    never = known | event_trigger_verbs()
    learned = sorted(
        lemma for lemma, n in as_cue.items()
        if n >= args.min_count and n / seen[lemma] >= args.min_rate and lemma not in never
    )
    rare = sorted((round(as_cue[lemma] / seen[lemma], 2), lemma, seen[lemma]) for lemma in known
                  if seen[lemma] >= 10 and as_cue[lemma] / seen[lemma] < args.drop_rate)
    def learned_of(pos: str, rate: float, known: set[str], min_count: int) -> list[str]:
        return sorted(
            key.split(":", 1)[1] for key, n in adj_cue.items()
            if key.startswith(pos + ":") and n >= min_count and n / adj_seen[key] >= rate
            and key.split(":", 1)[1].isalpha() and key.split(":", 1)[1] not in known
        )

    adjectives = learned_of("ADJ", args.adj_rate, set(lex.get("not_cues", [])),
                            args.adj_min_count or args.min_count)
    nouns = learned_of("NOUN", args.noun_rate, set(lex.get("not_cues", [])) | set(lex["claim_nouns"])
                       | set(lex["prep_nouns"]) | set(lex.get("non_cue_nouns", [])), args.min_count)
    print(json.dumps({"learned": learned, "learned_adjectives": adjectives, "learned_nouns": nouns,
                      "low_rate_known": rare}, indent=1))
    if args.write:
        lex["learned_verbs"] = learned
        lex["learned_adjectives"] = adjectives
        lex["learned_nouns"] = nouns
        LEXICON.write_text(json.dumps(lex, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
