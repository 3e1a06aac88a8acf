"""The engine on ACLED-style notes, newspaper police paragraphs and non-events, beside keywords.

    python bench/eval_acled.py [--split tune|frozen|all] [--set dev|es|world] [--no-extra] [--verbose]

Data: bench/data/acled_dev.jsonl (written for chronicler; codebook in docs/engine.md,
"ACLED-register dev set"). Registers: `acled` (ACLED "notes" sentences, many countries,
Mexico the largest share), `snippet` (fine-grained conflict news sentences), `police`
(full newspaper paragraphs: every sentence is labelled by its gold events), and the
non-events `disaster`, `accident`, `illness`, `aggregate`, `background`, `talk` (no gold
event: the engine must leave them alone).

Split, fixed before anything was scored: within each register, in file order, items at
positions 1 and 3 mod 5 are **frozen** (40%), the others **tune** (60%). Only the tune part
is read for error analysis; the frozen part is scored once, at the end of a piece of work.
bench/data/acled_dev_extra.jsonl (80 more texts written for chronicler in the typing round:
ACLED-style notes, snippets, disasters, accidents, illness) and
bench/data/acled_dev_tolls_extra.jsonl (more ACLED-style notes, EN and ES, gold toll and date)
are **tune only**; they leave the frozen part as it was, so frozen figures stay comparable
(`--no-extra`: the old tune part).
bench/data/acled_world.jsonl (`--set world`, scored alone): ACLED-style notes from 60 countries
(31 Mexican), written for chronicler to measure the notes outside Mexico; each gold event also
carries the ACLED sub-event an ACLED coder would give (`sub_event`, scored through the
export's path with the event's cues, as bench/eval_snippets.py does) and each note its event
place (`place`, scored by bench/eval_places.py --set world). Split by a hash fixed before
any scoring: frozen when int(sha1(id), 16) % 5 is 0 or 3 (the file's `split` field).

Reported, each beside the keyword baseline of bench/eval_engine.py
(bench/data/keyword_baseline.json: earliest keyword -> type):
1. ACLED-style + snippets: detection, type top-1 and macro-F1 (a missed event is NONE),
   mode where gold has one and the type is right, the typer alone, the typer with the
   keyword fallback, and the ACLED sub-event (PLOVER type/mode through the crosswalk
   src/chronicler/data/crosswalk/acled_plover.csv, gold and prediction alike; without the
   crosswalk's cue rows, since the gold has type and mode but no cues: bench/eval_snippets.py
   scores the cue-refined sub-events against ACLED sub-event gold).
2. Non-events left alone: no pipeline event in the text (keywords: no keyword at all).
3. Police paragraphs, sentence level: does the sentence say that police (or soldiers)
   killed / arrested / used force? Gold: force = a gold ASSAULT whose actor is police or
   military, kill = such an ASSAULT with killed > 0, arrest = a gold COERCE arrest by them.
   System, strict: a pipeline event of that kind in the sentence whose actor sector is
   police or military and whose status says it happened (occurred / ongoing: not negated,
   denied, planned or hypothetical); loose: the same without the actor. Keywords: the sentence's
   keyword type (ASSAULT / COERCE arrest) and a police or military word in it, kill also a
   death word (keyword_baseline.json "death_words").
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

from chronicler.pipeline import DocContext  # noqa: E402
from eval_engine import (  # noqa: E402
    KW,
    Tally,
    field_scores,
    kw_sectors,
    kw_type,
    match,
    prf,
    run_pipeline,
    sentence_of,
)
from eval_snippets import sub_event  # noqa: E402
from train_event_typer import NONE, macro_f1  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"
DEV = DATA / "acled_dev.jsonl"
# Tune only, never part of the frozen split of DEV: texts written in the typing round, and
# ACLED-style notes with gold toll and date written for the toll and date work.
EXTRAS = (DATA / "acled_dev_extra.jsonl", DATA / "acled_dev_tolls_extra.jsonl")
# Spanish notes, snippets and non-events written for the Spanish engine work (ids e001..):
# split by id number, fixed before scoring, numbers 1 and 3 mod 5 frozen. Its frozen items
# join `--split frozen` unless `--no-extra` (the old frozen figures); `--set es` scores it alone.
ES_EXTRA = DATA / "acled_dev_es_extra.jsonl"
WORLD = DATA / "acled_world.jsonl"
TYPED = ("acled", "snippet")
NON_EVENTS = ("disaster", "accident", "illness", "aggregate", "background", "talk")
SECURITY = frozenset({"police", "military"})
POLICE_LABELS = ("kill", "arrest", "force")


def _read(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def _es_split(item_id: str) -> str:
    return "frozen" if int(item_id.lstrip("e")) % 5 in (1, 3) else "tune"


def load_world(split: str) -> list[dict[str, Any]]:
    """bench/data/acled_world.jsonl, its tune or frozen part (the split stored in the file)."""
    return [it for it in _read(WORLD) if split in ("all", it["split"])]


def load(split: str, extra: bool = True, only_es: bool = False) -> list[dict[str, Any]]:
    seen: Counter[str] = Counter()
    out = []
    for it in [] if only_es else _read(DEV):
        pos = seen[it["register"]]
        seen[it["register"]] += 1
        it["split"] = "frozen" if pos % 5 in (1, 3) else "tune"
        if split in ("all", it["split"]):
            out.append(it)
    for path in () if only_es else EXTRAS:
        if extra and split in ("all", "tune") and path.exists():
            out.extend({**it, "split": "tune"} for it in _read(path))
    if (extra or only_es) and ES_EXTRA.exists():
        es = [{**it, "split": _es_split(it["id"])} for it in _read(ES_EXTRA)]
        out.extend(it for it in es if split in ("all", it["split"]))
    repeated = [i for i, n in Counter(it["id"] for it in out).items() if n > 1]
    if repeated:  # results are matched to texts by id: a repeated id would score the wrong text
        raise SystemExit(f"repeated ids across the dev files: {', '.join(sorted(repeated))}")
    return out


# --- the crosswalk: PLOVER type/mode -> ACLED sub-event ----------------------------------


def acled_sub_event(event_type: str, mode: str | None, recipient: str | None, actor: str | None = None) -> str:
    from chronicler.extract.crosswalk import acled_for

    if event_type == NONE:
        return NONE
    return acled_for(event_type, mode, recipient, actor)[1]


def _acled_types() -> dict[str, str]:
    """ACLED sub-event type -> its event type, from the crosswalk file."""
    from chronicler.extract.crosswalk import crosswalk

    return {r.acled_sub_event_type: r.acled_event_type for r in crosswalk()}


ACLED_TYPE = _acled_types()


def export_sub_event(e: Any, rec: str | None, act: str | None) -> tuple[str, str]:
    """(ACLED event type, sub-event) of a pipeline event as the ACLED export writes it."""
    if e is None:
        return NONE, NONE
    return sub_event(e.event_type, e.mode, rec, act, e.status, tuple(c.name for c in e.cues))


def located(e: Any, place: dict[str, Any]) -> tuple[bool, bool]:
    """Is the event's location in the gold country, and in its admin1 (a missed event or
    one without a location is wrong)?"""
    from eval_places import same_admin

    loc = e.location if e is not None else None
    country = loc is not None and loc.country == place["country"]
    return country, country and same_admin(loc.admin1, place["admin1"])


def gold_report(gold: list[tuple[str, str]], got: list[tuple[str, str]], kw: list[tuple[str, str]]) -> None:
    n = len(gold)
    for k, name in ((1, "ACLED sub-event (gold, with cues)"), (0, "ACLED event type (gold)")):
        g = [x[k] for x in gold]
        s, b = [x[k] for x in got], [x[k] for x in kw]
        acc = sum(a == c for a, c in zip(g, s, strict=True)) / n
        kacc = sum(a == c for a, c in zip(g, b, strict=True)) / n
        print(f"  {name:34s} top-1 system {acc:.3f}   keywords {kacc:.3f}   "
              f"mac-F1 system {macro_f1(g, s):.3f}   keywords {macro_f1(g, b):.3f}")


# --- 1. ACLED-style notes and snippets ----------------------------------------------------


def typed_part(items: list[dict[str, Any]], ctxs: dict[str, DocContext], verbose: bool) -> None:
    from chronicler.extract.typer import load_typer

    rows = [it for it in items if it["register"] in TYPED]
    print(f"\n== ACLED-style + snippets: {len(rows)} texts "
          f"({sum(it['register'] == 'acled' for it in rows)} ACLED-style) ==")  # fmt: skip
    sys_t, kw_t = Tally(), Tally()
    det = Counter[str]()
    gold: list[str] = []
    got: list[str] = []
    kws: list[str] = []
    sents: list[str] = []
    trigs: list[str | None] = []
    gold_modes: list[tuple[str, str | None]] = []
    sub_gold: list[str] = []
    sub_sys: list[str] = []
    sub_kw: list[str] = []
    # gold ACLED sub-events (acled_world.jsonl): the export's path, cues included
    acled_gold: list[tuple[str, str]] = []
    acled_sys: list[tuple[str, str]] = []
    acled_kw: list[tuple[str, str]] = []
    where: list[tuple[bool, bool]] = []  # (country, admin1) of each event's location
    for it in rows:
        ctx, text = ctxs[it["id"]], it["text"]
        pub = dt.date.fromisoformat(it["published"])
        matched = match(ctx.events, it["events"], text, ctx.doc)
        for g, e in zip(it["events"], matched, strict=True):
            off = max(text.find(g["trigger"]), 0)
            sent = text[slice(*sentence_of(ctx.doc, off))]
            kt, km = kw_type(sent)
            det["tp" if e else "fn"] += 1
            det["kw_tp" if kt != NONE else "kw_fn"] += 1
            gold.append(g["type"])
            got.append(e.event_type if e else NONE)
            kws.append(kt)
            sents.append(sent)
            tok = next((t for t in ctx.doc if t.idx <= off < t.idx + len(t)), None)
            trigs.append(tok.lemma_.lower() if tok is not None else None)
            gold_modes.append((g["type"], g["mode"]))
            sub_gold.append(acled_sub_event(g["type"], g["mode"], g["recipient"], g["actor"]))
            rec = getattr(e.recipient, "sector", None) if e and e.recipient else None
            act = getattr(e.actor, "sector", None) if e and e.actor else None
            sub_sys.append(acled_sub_event(e.event_type, e.mode, rec, act) if e else NONE)
            sub_kw.append(acled_sub_event(kt, km, kw_sectors(sent)[1], kw_sectors(sent)[0]))
            if "sub_event" in g:
                acled_gold.append((ACLED_TYPE[g["sub_event"]], g["sub_event"]))
                acled_sys.append(export_sub_event(e, rec, act))
                acled_kw.append(sub_event(kt, km, kw_sectors(sent)[1], kw_sectors(sent)[0]))
                if verbose and acled_sys[-1][1] != g["sub_event"]:
                    print(f"  {it['id']} sub-event want {g['sub_event']!r}, got {acled_sys[-1][1]!r}: {sent[:100]}")
            if verbose and (e is None or e.event_type != g["type"] or e.mode != g["mode"]):
                have = f"{e.event_type}/{e.mode} '{e.trigger.text}'" if e else "missed"
                print(f"  {it['id']} want {g['type']}/{g['mode']} '{g['trigger']}', got {have}: {sent[:110]}")
            field_scores(sys_t, kw_t, g, e, (kt, km), sent, text, pub)
            if "place" in it:  # the event's own location, as the record carries it
                where.append(located(e, it["place"]))
                if verbose and not where[-1][1]:
                    loc = e.location if e else None
                    print(f"  {it['id']} location {loc and (loc.admin1, loc.country)} vs "
                          f"{it['place']['admin1']}, {it['place']['country']}")
    print(f"  detection     system {prf(det['tp'], 0, det['fn'])}   "
          f"keywords {prf(det['kw_tp'], 0, det['kw_fn'])}  (every text holds an event)")  # fmt: skip
    n = len(gold)
    acc = lambda p: sum(a == b for a, b in zip(gold, p, strict=True)) / n  # noqa: E731
    print(f"  type top-1    system {acc(got):.3f}   keywords {acc(kws):.3f}")
    print(f"  type mac-F1   system {macro_f1(gold, got):.3f}   keywords {macro_f1(gold, kws):.3f}")
    sub_acc = lambda p: sum(a == b for a, b in zip(sub_gold, p, strict=True)) / n  # noqa: E731
    print(f"  ACLED sub-event (crosswalk) top-1  system {sub_acc(sub_sys):.3f}   "
          f"keywords {sub_acc(sub_kw):.3f}   mac-F1 system {macro_f1(sub_gold, sub_sys):.3f}   "
          f"keywords {macro_f1(sub_gold, sub_kw):.3f}")  # fmt: skip
    if acled_gold:
        gold_report(acled_gold, acled_sys, acled_kw)
    if where:
        print(f"  event location (Event.location)  country {sum(c for c, _ in where) / len(where):.3f}   "
              f"admin1 {sum(a for _, a in where) / len(where):.3f} ({sum(a for _, a in where)}/{len(where)})"
              "   (first-match baseline: bench/eval_places.py --set world)")
    for key in ("mode (type right)", "actor sector", "recipient sector", "killed exact (gold>0)",
                "killed exact (gold=0)", "date exact"):  # fmt: skip
        print(f"  {key:26s} system {sys_t.rate(key):18s} keywords {kw_t.rate(key)}")
    typer = load_typer()
    preds = typer.predict(sents, language="en", triggers=trigs)
    typ = [p.event_type or NONE for p in preds]
    combo = [k if p.probability < 0.5 and k != NONE else t for p, t, k in zip(preds, typ, kws, strict=True)]
    tm = sum((p.event_type, p.mode) == g for p, g in zip(preds, gold_modes, strict=True) if g[1]) / max(
        1, sum(1 for g in gold_modes if g[1])
    )
    print(f"  typer alone   top-1 {acc(typ):.3f}  mac-F1 {macro_f1(gold, typ):.3f}  type+mode {tm:.3f}"
          f"   | typer, keyword when p < 0.5: top-1 {acc(combo):.3f}  mac-F1 {macro_f1(gold, combo):.3f}")  # fmt: skip
    if verbose:
        for s, g, p in zip(sents, gold_modes, preds, strict=True):
            if (p.event_type or NONE) != g[0]:
                print(f"  typer want {g[0]}/{g[1]} got {p.event_type}/{p.mode} {p.probability:.2f}: {s[:100]}")


# --- 2. non-events ------------------------------------------------------------------


def non_event_part(items: list[dict[str, Any]], ctxs: dict[str, DocContext], verbose: bool) -> None:
    from chronicler.extract.typer import load_typer

    rows = [it for it in items if it["register"] in NON_EVENTS]
    preds = load_typer().predict([it["text"] for it in rows], language="en")
    per = Counter[str]()
    for it, p in zip(rows, preds, strict=True):
        r = it["register"]
        events = ctxs[it["id"]].events
        per[r + ".n"] += 1
        per[r + ".sys"] += int(not events)
        per[r + ".kw"] += int(kw_type(it["text"])[0] == NONE)
        per[r + ".typer"] += int(p.event_type is None)
        if verbose and events:
            print(f"  {it['id']} ({r}) not left alone: "
                  + ", ".join(f"{e.event_type}/{e.mode} '{e.trigger.text}'" for e in events))  # fmt: skip
    total = {k: sum(per[f"{r}.{k}"] for r in NON_EVENTS) for k in ("n", "sys", "kw", "typer")}
    dis = {k: sum(per[f"{r}.{k}"] for r in ("disaster", "accident")) for k in ("n", "sys", "kw", "typer")}
    print(f"\n== non-events left alone: {total['n']} texts ==")
    for name, t in (("all non-events", total), ("disasters + accidents", dis)):
        if t["n"]:
            print(f"  {name:22s} system {t['sys'] / t['n']:.3f} ({t['sys']}/{t['n']})   "
                  f"typer alone {t['typer'] / t['n']:.3f}   keywords {t['kw'] / t['n']:.3f}")  # fmt: skip
    print("  by register, system (keywords): " + "; ".join(
        f"{r} {per[r + '.sys']}/{per[r + '.n']} ({per[r + '.kw']})" for r in NON_EVENTS if per[r + ".n"]
    ))  # fmt: skip


# --- 3. police paragraphs --------------------------------------------------------------


def gold_labels(events: list[dict[str, Any]]) -> set[str]:
    out = set()
    for g in events:
        if g["actor"] not in SECURITY:
            continue
        if g["type"] == "ASSAULT":
            out.add("force")
            if g["killed"]:
                out.add("kill")
        if g["type"] == "COERCE" and g["mode"] == "arrest":
            out.add("arrest")
    return out


# What a user of the record reads as having happened: "was not injured" (negated), a
# denial, a plan or a hypothesis is no act of police force.
HAPPENED = frozenset({"occurred", "ongoing"})


def system_labels(events: list[Any], strict: bool) -> set[str]:
    out = set()
    for e in events:
        if e.status not in HAPPENED:
            continue
        if strict and getattr(e.actor, "sector", None) not in SECURITY:
            continue
        if e.event_type == "ASSAULT":
            out.add("force")
            if e.toll.killed and e.toll.killed.best:
                out.add("kill")
        if e.event_type == "COERCE" and e.mode == "arrest":
            out.add("arrest")
    return out


def keyword_labels(sent: str) -> set[str]:
    low = sent.lower()
    kt, km = kw_type(sent)
    security = any(row[1] in SECURITY and row[0] in low for row in KW["sectors"])
    out = set()
    if security and kt == "ASSAULT":
        out.add("force")
        if any(w in low for w in KW["death_words"]):
            out.add("kill")
    if security and (kt, km) == ("COERCE", "arrest"):
        out.add("arrest")
    return out


def police_part(items: list[dict[str, Any]], ctxs: dict[str, DocContext], verbose: bool) -> None:
    rows = [it for it in items if it["register"] == "police"]
    counts = {k: Counter[str]() for k in ("strict", "loose", "keywords")}
    n_sent = 0
    for it in rows:
        ctx, text = ctxs[it["id"]], it["text"]
        by_sent: dict[tuple[int, int], list[dict[str, Any]]] = {}
        for g in it["events"]:
            by_sent.setdefault(sentence_of(ctx.doc, max(text.find(g["trigger"]), 0)), []).append(g)
        for s in ctx.doc.sents:
            n_sent += 1
            key = (s.start_char, s.end_char)
            want = gold_labels(by_sent.get(key, []))
            inside = [e for e in ctx.events if s.start_char <= e.trigger.start < s.end_char]
            have = {
                "strict": system_labels(inside, True),
                "loose": system_labels(inside, False),
                "keywords": keyword_labels(text[s.start_char : s.end_char]),
            }
            for kind, labels in have.items():
                for lab in POLICE_LABELS:
                    c = counts[kind]
                    c[lab + (".tp" if lab in want and lab in labels else
                             ".fp" if lab in labels else ".fn" if lab in want else ".tn")] += 1  # fmt: skip
            if verbose and have["strict"] != want:
                print(f"  {it['id']} want {sorted(want)} strict {sorted(have['strict'])} "
                      f"loose {sorted(have['loose'])}: {text[s.start_char:s.end_char][:100]}")  # fmt: skip
    print(f"\n== police paragraphs: {len(rows)} texts, {n_sent} sentences (sentence-level) ==")
    for lab in POLICE_LABELS:
        cells = []
        for kind in ("strict", "loose", "keywords"):
            c = counts[kind]
            cells.append(f"{kind} {prf(c[lab + '.tp'], c[lab + '.fp'], c[lab + '.fn'])}")
        gold_n = counts["strict"][lab + ".tp"] + counts["strict"][lab + ".fn"]
        print(f"  police {lab:6s} (gold {gold_n:2d})  " + "   ".join(cells))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--split", default="tune", choices=("tune", "frozen", "all"))
    parser.add_argument("--verbose", action="store_true", help="print every miss")
    parser.add_argument("--no-extra", action="store_true",
                        help="without the extra files (the old tune part; --split frozen: the old frozen part)")
    parser.add_argument("--set", default="dev", choices=("dev", "es", "world"),
                        help=f"es: only {ES_EXTRA.name}, its tune or frozen part; world: only {WORLD.name}")
    args = parser.parse_args()
    if args.set == "world":
        items = load_world(args.split)
        print(f"######## {WORLD.name}, {args.split} part: {len(items)} texts "
              f"({sum(it['country'] != 'MEX' for it in items)} outside Mexico) ########")
        ctxs = run_pipeline(items)
        typed_part(items, ctxs, args.verbose)
        return 0
    only_es = args.set == "es"
    items = load(args.split, extra=not args.no_extra, only_es=only_es)
    names = [ES_EXTRA.name] if only_es else [] if args.no_extra else (
        [ES_EXTRA.name] if args.split == "frozen" else [p.name for p in EXTRAS] + [ES_EXTRA.name])
    head = " + ".join(([] if only_es else [DEV.name]) + names)
    print(f"######## {head}, {args.split} part: {len(items)} texts ########")
    ctxs = run_pipeline(items)
    typed_part(items, ctxs, args.verbose)
    non_event_part(items, ctxs, args.verbose)
    police_part(items, ctxs, args.verbose)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
