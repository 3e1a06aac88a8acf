"""Event detection on real headlines, English and Spanish, with a false-positive check.

1. Recall: every source headline of a UCDP GED Mexico event with deaths > 0
   (../shared/data/ucdp_ged_mexico, development data, CC BY 4.0, never copied into the
   repository) reports lethal violence, so the share of them that yields an ASSAULT that
   occurred is a detection *recall* figure. Distinct headline fields, split by language
   (the pipeline's language identification), and into two fixed folds by
   crc32(headline field) % 5: 0 is DEV (scored, never read for misses), the rest TUNE (the
   misses printed with --show-misses come from TUNE only). Label rows ("Executions 2010")
   are left out. The field is fed as it is: several sources' headlines joined by ';'
   with no space, which the tokenizer reads as one word ("Juárez;Executions"); --lines
   feeds one headline a line instead (what a feed of titles would look like).
   Beside each figure, a keyword rule (any violence stem in the headline, a list per
   language written for this script).
2. False positives: PolNeAR dev articles (US campaign coverage, next to no physical
   violence): ASSAULTs that occurred per 100 sentences; and the non-event texts
   (disasters, accidents, illness, totals, background, talk) of the tune part of
   bench/data/acled_dev.jsonl: the share left with no event at all.

Every number is a DEVELOPMENT number. One command:

    python bench/dev_headline_recall.py [--lang en|es] [--limit N] [--show-misses N] [--no-fp] [--lines]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
import zlib
from collections import Counter
from typing import Any

from shared_paths import REPO, SRC, shared_dir

sys.path.insert(0, str(SRC))

from chronicler.ingest.language import detect_language  # noqa: E402
from chronicler.pipeline import Input, Pipeline  # noqa: E402
from dev_engine_registers import run_polnear  # noqa: E402  (the same false-positive count)

SHARED = shared_dir()
GED = SHARED / "data" / "ucdp_ged_mexico" / "ged_mexico_dev.csv"
ACLED_DEV = REPO / "bench" / "data" / "acled_dev.jsonl"
NON_EVENTS = ("disaster", "accident", "illness", "aggregate", "background", "talk")

# The keyword references, one per language: a headline "is" violent when it has a stem.
KEYWORDS = {
    "en": re.compile(
        r"\b(kill|dead|death|die|murder|slain|slay|shot|shoot|gun|execut|bod(y|ies)|attack|"
        r"massacre|behead|decapitat|ambush|clash|homicid|corpse|remains|grave|violence|wound)",
        re.IGNORECASE,
    ),
    "es": re.compile(
        r"\b(mat[aoóe]|asesin|muert|muer[ei]|ejecu|homicid|cad[aá]ver|cuerpo|restos|fosa|"
        r"balacera|balea|bala|dispar|ataq|atac|embosc|enfrenta|masacre|decapit|acribill|"
        r"ultim|sin vida|violencia|herid|levant)",
        re.IGNORECASE,
    ),
}
_LABEL = re.compile(r"^[\w\s:,-]*\b(19|20)\d\d\b[\w\s:,-]*$")  # "Executions 2010"


def fold_of(headline: str) -> str:
    return "dev" if zlib.crc32(headline.encode("utf-8")) % 5 == 0 else "tune"


def ged_headlines() -> list[tuple[str, str, str]]:
    """(headline field, language, fold) for every distinct field of an event with deaths."""
    with GED.open(encoding="utf-8", newline="") as fh:
        fields = sorted({
            r["source_headline"].strip() for r in csv.DictReader(fh)
            if r["source_headline"].strip() and float(r["best"] or 0) > 0
        })  # fmt: skip
    out = []
    for h in fields:
        if all(_LABEL.match(p.strip()) for p in h.split(";") if p.strip()):
            continue
        out.append((h, "es" if detect_language(h, 200) == "es" else "en", fold_of(h)))
    return out


def happened(ev: Any) -> bool:
    return ev.event_type == "ASSAULT" and getattr(ev, "status", None) in ("occurred", "ongoing")


def as_text(field: str, lines: bool) -> str:
    return "\n".join(p.strip() for p in field.split(";") if p.strip()) if lines else field


def run_recall(pipe: Pipeline, langs: list[str], limit: int | None, show: int, lines: bool = False) -> None:
    rows = ged_headlines()
    reading = "one headline a line" if lines else "the field as it is"
    print(f"GED headlines, deaths > 0, distinct fields ({reading}): share with an ASSAULT that occurred")
    print(f"  {'lang':4} {'fold':5} {'n':>5} {'engine':>7} {'keywords':>9}")
    for lang in langs:
        mine = [r for r in rows if r[1] == lang]
        for fold in ("dev", "tune"):
            part = [r for r in mine if r[2] == fold][:limit]
            if not part:
                continue
            found = kw = 0
            misses: list[str] = []
            inputs = (Input(str(i), as_text(r[0], lines), language=lang) for i, r in enumerate(part))
            for r, ctx in zip(part, pipe.run(inputs), strict=True):
                hit = any(happened(e) for e in ctx.events)
                found += hit
                kw += bool(KEYWORDS[lang].search(r[0]))
                if not hit:
                    misses.append(r[0])
            n = len(part)
            print(f"  {lang:4} {fold:5} {n:5d} {found / n:7.3f} {kw / n:9.3f}")
            if fold == "tune":  # misses are read on TUNE only
                for m in misses[:show]:
                    print("      miss: " + m[:120].replace("\n", " | "))


def run_non_events(pipe: Pipeline) -> None:
    items = [json.loads(x) for x in ACLED_DEV.read_text(encoding="utf-8").splitlines() if x.strip()]
    seen: Counter[str] = Counter()
    rows = []
    for it in items:  # the tune part as bench/eval_acled.py draws it
        pos = seen[it["register"]]
        seen[it["register"]] += 1
        if pos % 5 not in (1, 3) and it["register"] in NON_EVENTS:
            rows.append(it)
    alone = kw = 0
    left: list[str] = []
    inputs = (Input(it["id"], it["text"], language=it["lang"]) for it in rows)
    for it, ctx in zip(rows, pipe.run(inputs), strict=True):
        alone += not ctx.events
        kw += not KEYWORDS[it["lang"]].search(it["text"])
        if ctx.events:
            left.append(f"{it['id']} ({it['register']}): " + ", ".join(
                f"{e.event_type} '{e.trigger.text}'" for e in ctx.events))  # fmt: skip
    n = max(len(rows), 1)
    print(f"acled_dev.jsonl tune non-events: {len(rows)} texts")
    print(f"  left alone: engine {alone / n:.3f} ({alone}/{len(rows)})   keywords {kw / n:.3f}")
    for line in left:
        print(f"      not left alone: {line[:120]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lang", choices=("en", "es"), default=None, help="one language only")
    parser.add_argument("--limit", type=int, default=None, help="at most N headlines per language and fold")
    parser.add_argument("--show-misses", type=int, default=0, help="print N TUNE misses per language")
    parser.add_argument("--no-fp", action="store_true", help="skip the false-positive checks")
    parser.add_argument("--lines", action="store_true", help="feed a field's ';'-joined headlines one a line")
    args = parser.parse_args()
    if not GED.exists():
        print(f"no data at {GED} (set CHRONICLER_SHARED)", file=sys.stderr)
        return 2
    pipe = Pipeline.from_config()
    start = time.perf_counter()
    run_recall(pipe, [args.lang] if args.lang else ["en", "es"], args.limit, args.show_misses, args.lines)
    if not args.no_fp:
        run_polnear(pipe)
        run_non_events(pipe)
    print(f"({time.perf_counter() - start:.0f} s; development numbers)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
