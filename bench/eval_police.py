"""Police prose, sentence level: did police kill / arrest / use force in this sentence?

    python bench/eval_police.py [--split tune|frozen|both] [--layout prose|paragraphs|both] [--verbose]

Data: bench/data/police_dev.jsonl, written for chronicler (invented US local-news
articles, several sentences each; codebook in docs/engine.md, "Police prose dev set").
Each item holds its sentences with their labels; the article text is the sentences
joined by single spaces (`prose`: one paragraph) or by blank lines (`paragraphs`: one
sentence per paragraph, as much local news and wire copy prints), so that a system event
belongs to the gold sentence its trigger starts in (the splitter's cuts do not matter). The split is fixed by id, decided
before anything was scored: ids whose number is 1 or 3 mod 5 are **frozen** (about 40%),
the others **tune**. `--verbose` prints the misses of the tune part only: the frozen part
is scored, never read.

Scored as in bench/eval_acled.py (`system_labels`, `keyword_labels`): strict = a pipeline
event of that kind whose trigger is in the sentence, whose status says it happened
(occurred / ongoing) and whose actor sector is police or military (force: ASSAULT; kill: ASSAULT with a killed toll > 0; arrest: COERCE arrest);
loose = the same without the actor; keywords = the sentence's keyword type plus a police
or military word (kill: also a death word).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_acled import POLICE_LABELS, keyword_labels, system_labels  # noqa: E402
from eval_engine import prf  # noqa: E402

DEV = Path(__file__).resolve().parent / "data" / "police_dev.jsonl"
KINDS = ("strict", "loose", "keywords")


LAYOUTS = {"prose": " ", "paragraphs": "\n\n"}


def load(split: str, layout: str = "prose") -> list[dict[str, Any]]:
    items = [json.loads(x) for x in DEV.read_text(encoding="utf-8").splitlines() if x.strip()]
    for it in items:
        it["text"] = LAYOUTS[layout].join(s["text"] for s in it["sentences"])
        it["layout"] = layout
    return [it for it in items if split in ("both", it["split"])]


def spans(item: dict[str, Any]) -> list[tuple[int, int]]:
    out, at, gap = [], 0, len(LAYOUTS[item["layout"]])
    for s in item["sentences"]:
        out.append((at, at + len(s["text"])))
        at += len(s["text"]) + gap
    return out


def run(items: list[dict[str, Any]]) -> dict[str, Any]:
    from chronicler.pipeline import Input, Pipeline

    pipeline = Pipeline.from_config()
    inputs = (Input(it["id"], it["text"], dt.date.fromisoformat(it["published"])) for it in items)
    return {ctx.article_id: ctx for ctx in pipeline.run(inputs)}


def score(items: list[dict[str, Any]], ctxs: dict[str, Any], verbose: bool) -> dict[str, Counter[str]]:
    counts = {k: Counter[str]() for k in KINDS}
    for it in items:
        events = ctxs[it["id"]].events
        for (start, end), sent in zip(spans(it), it["sentences"], strict=True):
            want = set(sent["labels"])
            inside = [e for e in events if start <= e.trigger.start < end]
            have = {"strict": system_labels(inside, True), "loose": system_labels(inside, False),
                    "keywords": keyword_labels(sent["text"])}  # fmt: skip
            for kind, labels in have.items():
                for lab in POLICE_LABELS:
                    cell = "tp" if lab in want and lab in labels else \
                        "fp" if lab in labels else "fn" if lab in want else "tn"  # fmt: skip
                    counts[kind][f"{lab}.{cell}"] += 1
            if verbose and have["strict"] != want:
                got = ", ".join(f"{e.event_type}/{e.mode} '{e.trigger.text}' actor "
                                f"{getattr(e.actor, 'sector', None)} killed "
                                f"{e.toll.killed.best if e.toll.killed else None}" for e in inside)  # fmt: skip
                print(f"  {it['id']} want {sorted(want)} strict {sorted(have['strict'])}: "
                      f"{sent['text'][:110]}\n      [{got}]")  # fmt: skip
    return counts


def report(name: str, items: list[dict[str, Any]], counts: dict[str, Counter[str]]) -> None:
    n = sum(len(it["sentences"]) for it in items)
    print(f"\n== {DEV.name}, {name}: {len(items)} articles, {n} sentences ==")
    for lab in POLICE_LABELS:
        c = counts["strict"]
        gold = c[lab + ".tp"] + c[lab + ".fn"]
        cells = [f"{k} {prf(counts[k][lab + '.tp'], counts[k][lab + '.fp'], counts[k][lab + '.fn'])}"
                 for k in KINDS]  # fmt: skip
        print(f"  police {lab:6s} (gold {gold:2d})  " + "   ".join(cells))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", default="both", choices=("tune", "frozen", "both"))
    parser.add_argument("--layout", default="both", choices=(*LAYOUTS, "both"),
                        help="sentences joined by a space (one paragraph) or one per paragraph")
    parser.add_argument("--verbose", action="store_true", help="print the tune part's misses")
    args = parser.parse_args()
    for layout in LAYOUTS if args.layout == "both" else (args.layout,):
        items = load(args.split, layout)
        ctxs = run(items)
        for name in ("tune", "frozen"):
            part = [it for it in items if it["split"] == name]
            if part:
                report(f"{name}, {layout}", part, score(part, ctxs, args.verbose and name == "tune"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
