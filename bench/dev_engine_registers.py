"""Development check of the engine's detection on two registers it must handle.

1. Headlines: English source headlines of UCDP GED Mexico events with at least one
   death (../shared/data/ucdp_ged_mexico). Every such headline reports lethal violence,
   so the share that yields an ASSAULT that occurred is a detection *recall* figure.
   Rows that are labels, not headlines ("Executions 2010"), and Spanish rows are left
   out. A keyword rule (any violence word in the headline) is the reference.
2. Campaign news: PolNeAR dev articles (../shared/data/polnear/dev), US campaign coverage
   with next to no physical violence: ASSAULTs that occurred per 100 sentences there are
   a *false-positive* figure ("slammed his rival" is not an attack).

Both are DEVELOPMENT numbers: the engine's rules were written while looking at these
data. One command:

    python bench/dev_engine_registers.py [--headlines 1000] [--seed 7]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import sys
import time
from collections import Counter

from chronicler.pipeline import Input, Pipeline
from shared_paths import shared_dir

SHARED = shared_dir()  # $CHRONICLER_SHARED, else shared/ beside or above the checkout
GED = SHARED / "data" / "ucdp_ged_mexico" / "ged_mexico_dev.csv"
POLNEAR = SHARED / "data" / "polnear" / "dev"
# The keyword reference: a headline "is" violent when it has any of these stems.
KEYWORDS = re.compile(
    r"\b(kill|dead|death|die|murder|slain|slay|shot|shoot|gun|execut|bod(y|ies)|attack|"
    r"massacre|behead|decapitat|ambush|clash|homicid|corpse|remains|grave|violence|wound)",
    re.IGNORECASE,
)
_SPANISH = re.compile(r"\b(el|la|los|las|en|de|del|por|con|una?|y|que|tras)\b", re.IGNORECASE)
_LABEL = re.compile(r"^[\w\s;:,-]*\b(19|20)\d\d\b[\w\s;:,-]*$")  # "Executions 2010"


def headlines(limit: int, seed: int) -> list[str]:
    with GED.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    keep = sorted({
        r["source_headline"].strip() for r in rows
        if r["source_headline"].strip() and float(r["best"] or 0) >= 1
        and len(_SPANISH.findall(r["source_headline"])) < 2
        and not _LABEL.match(r["source_headline"].strip())
    })  # fmt: skip
    random.Random(seed).shuffle(keep)
    return keep[:limit]


def happened(ev: object) -> bool:
    return getattr(ev, "status", None) in ("occurred", "ongoing")


def run_headlines(pipe: Pipeline, limit: int, seed: int) -> None:
    items = headlines(limit, seed)
    found = keyword = 0
    modes: Counter[str] = Counter()
    misses: list[str] = []
    for item, ctx in zip(items, pipe.run(Input(str(i), t) for i, t in enumerate(items)), strict=True):
        assaults = [e for e in ctx.events if e.event_type == "ASSAULT" and happened(e)]
        found += bool(assaults)
        keyword += bool(KEYWORDS.search(item))
        modes.update(e.mode or "-" for e in assaults[:1])
        if not assaults:
            misses.append(item)
    n = len(items)
    print(f"GED headlines (English, deaths >= 1): n={n}")
    print(f"  engine: ASSAULT occurred in {found / n:.3f}   keyword rule: {keyword / n:.3f}")
    print(f"  first-event modes: {dict(modes.most_common(8))}")
    for miss in misses[: int(os.environ.get("SHOW_MISSES", "12"))]:
        print(f"  miss: {miss[:110]}")


def run_polnear(pipe: Pipeline) -> None:
    paths = sorted(POLNEAR.glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    sentences = assaults = 0
    triggers: Counter[str] = Counter()
    for ctx in pipe.run(Input(p.stem, t) for p, t in zip(paths, texts, strict=True)):
        sentences += sum(1 for _ in ctx.doc.sents)
        for ev in ctx.events:
            if ev.event_type == "ASSAULT" and happened(ev):
                assaults += 1
                triggers[ev.trigger.text.lower()] += 1
    print(f"PolNeAR dev (campaign news): {len(paths)} articles, {sentences} sentences")
    print(f"  ASSAULT occurred per 100 sentences: {100 * assaults / max(sentences, 1):.2f}")
    print(f"  their triggers: {dict(triggers.most_common(10))}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--headlines", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if not GED.exists():
        print(f"no data at {GED} (set CHRONICLER_SHARED)", file=sys.stderr)
        return 2
    pipe = Pipeline.from_config()
    start = time.perf_counter()
    run_headlines(pipe, args.headlines, args.seed)
    run_polnear(pipe)
    print(f"({time.perf_counter() - start:.0f} s; development numbers)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
