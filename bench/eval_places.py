"""Place resolution on development data, beside a first-gazetteer-match baseline.

    python bench/eval_places.py                 # both sets below
    python bench/eval_places.py --set dev       # bench/data/places/dev.jsonl (tuned on)
    python bench/eval_places.py --set frozen    # bench/data/places/frozen.jsonl (not tuned on)
    python bench/eval_places.py --set ged [--limit N] [--split tune|frozen|all] [--language en|es]
    python bench/eval_places.py --set acled [--split tune|frozen|all]
    python bench/eval_places.py --set world [--split tune|frozen|all]
    python bench/eval_places.py --set articles [--split tune|frozen|all]

- dev/frozen: invented wire-style sentences worldwide (bench/data/places/README.md):
  toponym precision/recall, and for each gold toponym found, accuracy within 25 and
  161 km, admin1, admin2 and country; the event's place (the resolver's main place).
- ged: UCDP GED Mexico headlines (../shared/data/ucdp_ged_mexico, CC BY 4.0): the
  headline's place against the coded adm_1 / adm_2 / coordinates: state accuracy at
  coverage, municipality accuracy, within 25/161 km (where_prec 1-2 rows). Text only,
  and text plus the outlet ("El Sol de Tijuana"). Split by event id: id % 5 == 0 is the
  frozen part, never looked at while tuning.
- acled: ACLED-style event notes worldwide (bench/data/places/acled_places.jsonl, written
  for chronicler: "in <town> (<admin2>, <admin1>)", "in <district> district", a name
  shared with a place elsewhere). One gold event place a note; a `split` field fixed
  before scoring (tune 60% / frozen 40%). Reports the mention on the gold span (found,
  country, admin1, admin2 where the note gives one, km where the gazetteer has the town)
  and the event's place (`main_place`) the same way (its baseline: the first match after
  the note's first word, "On").
- world: the event places of bench/data/acled_world.jsonl (ACLED-style notes from 60
  countries, 31 of them Mexican; its `place` field, the same fields as `event` above, and
  its `split`, fixed by a hash of the id before scoring), scored as `acled` is, and
  again on the notes outside Mexico alone.
- articles: real news articles (PolNeAR texts and the shared reference article, read from
  ../shared; bench/data/places/articles_real.jsonl holds only offsets and gold places):
  every toponym mention annotated by hand. Toponym precision/recall over all sentences and
  over the sentences holding an extracted event; for each gold toponym found, accuracy
  within 25/161 km, admin1 and country; each located event's place within 161 km of any
  gold toponym of its article (baseline: the first match in the event's sentence, else the
  last one before it). Split fixed by a hash of the article name before any scoring.
Baseline: the first capitalised n-gram the gazetteer knows, as its top-prior candidate.
All numbers here are development numbers.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chronicler.analyse.nlp import load_nlp
from chronicler.lang import model_name
from chronicler.pipeline import DocContext
from chronicler.resolve.gazetteer import (
    ADM1,
    PCLI,
    Gazetteer,
    GazPlace,
    distance_km,
    load_gazetteer,
)
from chronicler.resolve.places import _ngram_spans, analyse, load_place_words, main_place
from chronicler.resolve.text import normalise

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / "data" / "places"
GENERIC = {"state", "province", "oblast", "oblast'", "department", "region", "governorate",
           "district", "county", "division", "municipality", "prefecture", "capital", "d c",
           "de", "del", "do", "la", "the"}


def shared_dir() -> Path:
    """CHRONICLER_SHARED, else the nearest `shared/` beside the checkout or above it."""
    if os.environ.get("CHRONICLER_SHARED"):
        return Path(os.environ["CHRONICLER_SHARED"])
    for up in ROOT.parents:
        if (up / "shared" / "data").is_dir():
            return up / "shared"
    return ROOT.parent / "shared"


# Same unit, other spelling: 'Northern Darfur' / 'North Darfur', 'Nord-Kivu' / 'North Kivu'.
SYNONYMS = {"northern": "north", "southern": "south", "eastern": "east", "western": "west",
            "nord": "north", "sud": "south", "est": "east", "ouest": "west"}


def admin_key(name: str | None) -> str:
    words = [SYNONYMS.get(w, w) for w in normalise(name or "").replace("oblast", " ").split()
             if w not in GENERIC]
    return " ".join(words)


def same_admin(a: str | None, b: str | None) -> bool:
    ka, kb = admin_key(a), admin_key(b)
    return bool(ka and kb) and (ka == kb or ka.startswith(kb) or kb.startswith(ka))


@dataclass
class Point:
    lat: float | None
    lon: float | None
    admin1: str | None
    admin2: str | None
    country: str | None


def km(a: Point, b: Point) -> float:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return float("inf")
    pa = GazPlace("a", None, "town", latitude=a.lat, longitude=a.lon)
    pb = GazPlace("b", None, "town", latitude=b.lat, longitude=b.lon)
    return distance_km(pa, pb)


def from_gaz(p: GazPlace) -> Point:
    return Point(p.latitude, p.longitude, p.admin1 if p.kind != PCLI else None, p.admin2, p.country)


def context(text: str, language: str, outlet: str | None, doc: Any) -> DocContext:
    return DocContext(article_id="eval", text=text, published=None, doc=doc, language=language,
                      outlet=outlet)


def baseline_mentions(ctx: DocContext, gaz: Gazetteer) -> list[tuple[int, int, GazPlace]]:
    words = load_place_words(ctx.language)
    out = []
    for sent in ctx.doc.sents:
        for i, j in _ngram_spans(ctx.doc, sent, gaz, words):
            cands = gaz.candidates(ctx.doc[i:j].text, limit=1)
            if cands:
                span = ctx.doc[i:j]
                out.append((span.start_char, span.end_char, cands[0]))
    return out


# --- the written dev sets --------------------------------------------------


def gold_point(gaz: Gazetteer, gold: dict[str, Any]) -> Point:
    """The annotation's admin1 and country; coordinates and admin2 of the gazetteer row
    it names (none when the gazetteer lacks it: then no km answer can be right)."""
    cands = gaz.candidates(gold["name"], limit=5000) + gaz.candidates(gold["text"], limit=5000)
    unit = gold["precision"] in ("admin1", "country")
    rows = [p for p in cands if p.country == gold["country"] and (p.kind in (PCLI, ADM1)) == unit]
    best = next((p for p in rows if gold["precision"] == "country" or gold["admin1"] is None or
                 same_admin(p.admin1, gold["admin1"])), rows[0] if len(rows) == 1 else None)
    admin1 = gold["admin1"] if gold["precision"] != "country" else None
    if best is None:
        return Point(None, None, admin1, None, gold["country"])
    return Point(best.latitude, best.longitude, admin1 or best.admin1, best.admin2, gold["country"])


class Tally:
    def __init__(self) -> None:
        self.n: dict[str, int] = {}
        self.ok: dict[str, int] = {}

    def add(self, key: str, ok: bool) -> None:
        self.n[key] = self.n.get(key, 0) + 1
        self.ok[key] = self.ok.get(key, 0) + int(ok)

    def rate(self, key: str) -> str:
        n = self.n.get(key, 0)
        return f"{self.ok.get(key, 0) / n:.2f} ({self.ok.get(key, 0)}/{n})" if n else "-"


def score_pairs(t: Tally, prefix: str, pairs: list[tuple[Point, Point, dict[str, Any]]]) -> None:
    for sys_p, gold_p, gold in pairs:
        d = km(sys_p, gold_p)
        t.add(f"{prefix}within 25 km", d <= 25)
        t.add(f"{prefix}within 161 km", d <= 161)
        t.add(f"{prefix}country", sys_p.country == gold_p.country)
        if gold["precision"] != "country":
            t.add(f"{prefix}admin1", same_admin(sys_p.admin1, gold_p.admin1))
        if gold["precision"] in ("town", "admin2") and gold_p.admin2:
            t.add(f"{prefix}admin2", same_admin(sys_p.admin2, gold_p.admin2))


SHOW = False
AS_IS = False


def find_word(text: str, word: str, after: int) -> int:
    """Where `word` occurs as a whole word ('Laredo', not inside 'Nuevo Laredo')."""
    import re

    m = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)").search(text, after)
    if m is None:
        m = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)").search(text)
    return m.start() if m else -1


def show(item: dict[str, Any], golds: list[Any], found: list[Any], pairs: list[Any]) -> None:
    """--show: every missed, spurious or misplaced toponym of an item."""
    for span, p in found:
        if not any(overlaps(span, g[0]) for g in golds):
            print(f"  {item['id']} spurious {item['text'][span[0]:span[1]]!r} -> {p.admin1}, {p.country}")
    for gspan, _gpoint, g in golds:
        if not any(overlaps(s, gspan) for s, _ in found):
            print(f"  {item['id']} missed {g['text']!r}")
    for sys_p, gold_p, g in pairs:
        if km(sys_p, gold_p) > 25 or sys_p.country != gold_p.country:
            print(f"  {item['id']} {g['text']!r}: {sys_p.admin1}, {sys_p.country} "
                  f"({km(sys_p, gold_p):.0f} km) vs {gold_p.admin1}, {gold_p.country}")


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def eval_written(name: str) -> None:
    gaz = load_gazetteer()
    items = [json.loads(line) for line in (DATA / f"{name}.jsonl").open(encoding="utf-8")]
    t = Tally()
    for item in items:
        nlp = load_nlp(model_name(item["language"]))
        ctx = context(item["text"], item["language"], item.get("outlet"), nlp(item["text"]))
        golds: list[tuple[tuple[int, int], Point, dict[str, Any]]] = []
        for g in item["places"]:  # listed in reading order: each found after the one before
            start = find_word(item["text"], g["text"], golds[-1][0][1] if golds else 0)
            golds.append(((start, start + len(g["text"])), gold_point(gaz, g), g))
        system = [((m.start, m.end), from_gaz(m.place)) for m in analyse(ctx).mentions if m.place]
        base = [((s, e), from_gaz(p)) for s, e, p in baseline_mentions(ctx, gaz)]
        for prefix, found in (("", system), ("baseline ", base)):
            for span, _ in found:
                t.add(f"{prefix}toponym precision", any(overlaps(span, g[0]) for g in golds))
            pairs = []
            for gspan, gpoint, g in golds:
                hit = next((p for s, p in found if overlaps(s, gspan)), None)
                t.add(f"{prefix}toponym recall", hit is not None)
                if hit is not None:
                    pairs.append((hit, gpoint, g))
            score_pairs(t, prefix, pairs)
            if SHOW and not prefix:
                show(item, golds, found, pairs)
        event = next((g for g in golds if g[2]["text"] == item.get("event")), None)
        if event is not None:
            chosen = main_place(ctx)
            sys_p = Point(chosen.latitude, chosen.longitude, chosen.admin1, chosen.admin2,
                          chosen.country) if chosen else Point(None, None, None, None, None)
            first = base[0][1] if base else Point(None, None, None, None, None)
            for prefix, p in (("", sys_p), ("baseline ", first)):
                t.add(f"{prefix}event place within 161 km", km(p, event[1]) <= 161)
                t.add(f"{prefix}event place admin1", event[2]["precision"] == "country" or
                      same_admin(p.admin1, event[1].admin1))
    keys = ["toponym precision", "toponym recall", "within 25 km", "within 161 km", "admin1",
            "admin2", "country", "event place within 161 km", "event place admin1"]
    print(f"\n{name}: {len(items)} texts (development numbers)")
    print(f"{'metric':30} {'resolver':>16} {'first match':>16}")
    for k in keys:
        print(f"{k:30} {t.rate(k):>16} {t.rate('baseline ' + k):>16}")


# --- ACLED-style event notes ----------------------------------------------


def score_acled(t: Tally, prefix: str, p: Point | None, gold: Point, ev: dict[str, Any]) -> None:
    """Country, admin1, admin2 (where the note names one) and km (where the gazetteer has
    the town) of one answer; no answer counts as wrong."""
    p = p or Point(None, None, None, None, None)
    t.add(f"{prefix}country", p.country == ev["country"])
    t.add(f"{prefix}admin1", p.country == ev["country"] and same_admin(p.admin1, ev["admin1"]))
    if ev.get("admin2"):
        t.add(f"{prefix}admin2", same_admin(p.admin2, ev["admin2"]))
    if gold.lat is not None:
        t.add(f"{prefix}within 25 km", km(p, gold) <= 25)
        t.add(f"{prefix}within 161 km", km(p, gold) <= 161)


def world_items() -> list[dict[str, Any]]:
    """acled_world.jsonl as acled_places items: its `place` is the gold event place."""
    path = ROOT / "bench" / "data" / "acled_world.jsonl"
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    return [{"id": r["id"], "text": r["text"], "language": r["lang"], "event": r["place"],
             "split": r["split"]} for r in rows]


def eval_acled(split: str, name: str = "acled", outside: str | None = None) -> None:
    """`name` acled: acled_places.jsonl; world: acled_world.jsonl. `outside`: only the
    notes whose gold country is not this one."""
    gaz = load_gazetteer()
    if name == "world":
        items = world_items()
    else:
        items = [json.loads(line) for line in (DATA / "acled_places.jsonl").open(encoding="utf-8")]
    items = [it for it in items if (split == "all" or it["split"] == split) and
             (outside is None or it["event"]["country"] != outside)]
    nlp = load_nlp(model_name("en"))
    t = Tally()
    for item, doc in zip(items, nlp.pipe([it["text"] for it in items]), strict=True):
        ev = item["event"]
        ctx = context(item["text"], item["language"], None, doc)
        gold = gold_point(gaz, ev)
        start = find_word(item["text"], ev["text"], 0)
        gspan = (start, start + len(ev["text"]))
        system = [((m.start, m.end), from_gaz(m.place)) for m in analyse(ctx).mentions if m.place]
        base = [((s, e), from_gaz(p)) for s, e, p in baseline_mentions(ctx, gaz)]
        chosen = main_place(ctx)
        event = None if chosen is None else Point(chosen.latitude, chosen.longitude, chosen.admin1,
                                                   chosen.admin2, chosen.country)
        # the first match off the sentence's first word ('On 4 May ...' is no place)
        first = next((p for (s, _e), p in base if s > doc[0].idx), None)
        for prefix, found, main in (("", system, event), ("baseline ", base, first)):
            hit = next((p for s, p in found if overlaps(s, gspan)), None)
            t.add(f"{prefix}mention found", hit is not None)
            score_acled(t, f"{prefix}mention ", hit, gold, ev)
            score_acled(t, f"{prefix}event ", main, gold, ev)
            if SHOW and not prefix and not (main and main.country == ev["country"] and
                                            same_admin(main.admin1, ev["admin1"])):
                print(f"  {item['id']} {ev['text']!r}: event {main and (main.admin1, main.country)}"
                      f" mention {hit and (hit.admin1, hit.country)} vs {ev['admin1']}, {ev['country']}")
    label = name + (f", outside {outside}" if outside else "")
    print(f"\n{label} ({split}): {len(items)} notes (development numbers)")
    print(f"{'metric':24} {'resolver':>16} {'first match':>16}")
    keys = ["mention found"] + [f"{w} {k}" for w in ("mention", "event") for k in
                                ("country", "admin1", "admin2", "within 25 km", "within 161 km")]
    for k in keys:
        print(f"{k:24} {t.rate(k):>16} {t.rate('baseline ' + k):>16}")


# --- real articles (PolNeAR texts, hand-annotated toponyms) -----------------


def article_text(doc: str) -> str:
    """The article as ingest stores it (`clean_text` of the UTF-8 file): gold offsets
    refer to that text."""
    from chronicler.ingest.normalise import clean_text

    path = shared_dir() / doc
    if not path.exists():
        sys.exit(f"{path} not found (set CHRONICLER_SHARED)")
    with path.open(encoding="utf-8", newline="") as fh:
        return clean_text(fh.read())


def gold_article_point(g: dict[str, Any]) -> Point:
    return Point(g["lat"], g["lon"], g["admin1"] if g["precision"] != "country" else None,
                 None, g["country"])


def eval_articles(split: str) -> None:
    import hashlib
    import time

    from chronicler.pipeline import Input, Pipeline

    gaz = load_gazetteer()
    items = [json.loads(line) for line in (DATA / "articles_real.jsonl").open(encoding="utf-8")]
    items = [it for it in items if split == "all" or it["split"] == split]
    texts = []
    for it in items:
        text = article_text(it["doc"])
        if hashlib.sha256(text.encode()).hexdigest()[:16] != it["sha256"]:
            sys.exit(f"{it['doc']}: text differs from the annotated one (offsets would not hold)")
        texts.append(text)
    pipe = Pipeline.from_config()
    t = Tally()
    events_total = resolve_s = 0.0
    start = time.perf_counter()
    ctxs = list(pipe.run(Input(it["id"], text) for it, text in zip(items, texts, strict=True)))
    run_s = time.perf_counter() - start
    for item, text, ctx in zip(items, texts, ctxs, strict=True):
        tick = time.perf_counter()  # the resolver alone, on the parsed Doc
        analyse(context(text, "en", None, ctx.doc))
        resolve_s += time.perf_counter() - tick
        golds = [((g["start"], g["end"]), gold_article_point(g), g) for g in item["toponyms"]]
        for g in item["toponyms"]:
            if text[g["start"]:g["end"]] != g["text"]:
                sys.exit(f"{item['id']}: offsets of {g['text']!r} do not hold")
        sents = list(ctx.doc.sents)
        ev_sents = {k for ev in ctx.events for k, s in enumerate(sents)
                    if s.start_char <= ev.trigger.start < s.end_char}

        def in_ev(span: tuple[int, int], sents: list[Any] = sents, ev_sents: set[int] = ev_sents) -> bool:
            return any(sents[k].start_char <= span[0] < sents[k].end_char for k in ev_sents)

        system = [((m.start, m.end), from_gaz(m.place)) for m in analyse(ctx).mentions if m.place]
        base = [((s, e), from_gaz(p)) for s, e, p in baseline_mentions(ctx, gaz)]
        for prefix, found in (("", system), ("baseline ", base)):
            pairs = []
            for span, _ in found:
                hit = any(overlaps(span, g[0]) for g in golds)
                t.add(f"{prefix}toponym precision", hit)
                if in_ev(span):
                    t.add(f"{prefix}precision, event sentences", hit)
            for gspan, gpoint, g in golds:
                hit = next((p for s, p in found if overlaps(s, gspan)), None)
                t.add(f"{prefix}toponym recall", hit is not None)
                if in_ev(gspan):
                    t.add(f"{prefix}recall, event sentences", hit is not None)
                if hit is not None:
                    d = km(hit, gpoint)
                    t.add(f"{prefix}within 25 km", d <= 25)
                    t.add(f"{prefix}within 161 km", d <= 161)
                    t.add(f"{prefix}country", hit.country == gpoint.country)
                    if g["precision"] in ("town", "admin1", "admin2") or (g["precision"] == "region" and g["admin1"]):
                        t.add(f"{prefix}admin1", same_admin(hit.admin1, gpoint.admin1))
                    pairs.append((hit, gpoint, g))
            if SHOW and not prefix:
                show({"id": item["id"], "text": text}, golds, found, pairs)
        for ev in ctx.events:
            if ev.location is None:
                t.add("events without a place", True)
                continue
            p = Point(ev.location.latitude, ev.location.longitude, ev.location.admin1,
                      ev.location.admin2, ev.location.country)
            here = [q for (s, _e), q in base if s <= ev.trigger.start or
                    any(sents[k].start_char <= s < sents[k].end_char and
                        sents[k].start_char <= ev.trigger.start < sents[k].end_char
                        for k in range(len(sents)))]
            in_sent = [q for (s, _e), q in base if any(
                sents[k].start_char <= s < sents[k].end_char and
                sents[k].start_char <= ev.trigger.start < sents[k].end_char for k in range(len(sents)))]
            first = (in_sent or here[-1:] or [Point(None, None, None, None, None)])[0]
            for prefix, q in (("", p), ("baseline ", first)):
                ok = any(km(q, g[1]) <= 161 for g in golds)
                t.add(f"{prefix}event place within 161 km", ok)
                if SHOW and not prefix and not ok:
                    print(f"  {item['id']} event {ev.trigger.text!r}: {ev.location.text!r} -> "
                          f"{ev.location.admin1}, {ev.location.country}")
        events_total += len(ctx.events)
    keys = ["toponym precision", "toponym recall", "precision, event sentences", "recall, event sentences",
            "within 25 km", "within 161 km", "admin1", "country", "event place within 161 km"]
    ntop = sum(len(it["toponyms"]) for it in items)
    print(f"\narticles ({split}): {len(items)} real articles, {ntop} gold toponyms, "
          f"{int(events_total)} events, {t.n.get('events without a place', 0)} without a place "
          "(development numbers)")
    print("km/admin1/country: over the gold toponyms found (same mention)")
    print(f"{'metric':30} {'resolver':>16} {'first match':>16}")
    for k in keys:
        print(f"{k:30} {t.rate(k):>16} {t.rate('baseline ' + k):>16}")
    print(f"time: pipeline {run_s:.1f} s, place resolution alone {resolve_s:.1f} s "
          f"({100 * resolve_s / max(run_s, 1e-9):.0f}%)")


# --- UCDP GED headlines ----------------------------------------------------


def ged_rows(split: str, limit: int | None) -> Iterator[dict[str, str]]:
    path = shared_dir() / "data" / "ucdp_ged_mexico" / "ged_mexico_dev.csv"
    if not path.exists():
        sys.exit(f"{path} not found (set CHRONICLER_SHARED)")
    n = 0
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if not row["source_headline"].strip():
                continue
            frozen = int(float(row["id"])) % 5 == 0
            if split == "all" or (split == "frozen") == frozen:
                yield row
                n += 1
                if limit and n >= limit:
                    return


def ged_gold(gaz: Gazetteer, row: dict[str, str]) -> tuple[str | None, str, Point | None]:
    state = row["adm_1"].removesuffix(" state").strip()
    code = None
    for p in gaz.candidates(state) + gaz.candidates(state.replace("México", "State of Mexico")):
        if p.kind == ADM1 and p.country == "MEX":
            code = p.admin1_code
            break
    muni = row["adm_2"].removesuffix(" municipality").strip()
    point = None
    if row["where_prec"] in ("1.0", "2.0") and row["latitude"]:
        point = Point(float(row["latitude"]), float(row["longitude"]), state, muni, "MEX")
    return code, muni, point


def names_gold(headline: str, row: dict[str, str]) -> bool:
    """The headline spells the coded state or municipality ('named' rows: a place to find)."""
    text = f" {normalise(headline)} "
    names = [row["adm_1"].removesuffix(" state"), row["adm_2"].removesuffix(" municipality")]
    return any(f" {normalise(n)} " in text for n in names if n.strip())


def as_text(headline: str) -> str:
    """GED joins the headlines of an event's sources with ';' and no space ('... in
    Juárez;Executions 2010'), which the tokenizer reads as one word: one headline a line."""
    if AS_IS:
        return headline
    return "\n".join(part.strip() for part in headline.split(";") if part.strip())


def eval_ged(split: str, limit: int | None, language: str | None = None) -> None:
    from chronicler.ingest.language import detect_language

    gaz = load_gazetteer()
    rows = list(ged_rows(split, limit))
    headlines = sorted({r["source_headline"] for r in rows})
    langs = {h: ("es" if detect_language(h, 200) == "es" else "en") for h in headlines}
    if language:  # only the headlines in that language
        headlines = [h for h in headlines if langs[h] == language]
        rows = [r for r in rows if langs[r["source_headline"]] == language]
    docs: dict[str, Any] = {}
    for lang in ("en", "es"):
        texts = [h for h in headlines if langs[h] == lang]
        lines = [as_text(h) for h in texts]
        for h, doc in zip(texts, load_nlp(model_name(lang)).pipe(lines, batch_size=256), strict=True):
            docs[h] = doc
    t = Tally()
    for row in rows:
        h = row["source_headline"]
        code, muni, point = ged_gold(gaz, row)
        if code is None:
            continue
        named = names_gold(h, row)
        variants: dict[str, Any] = {}
        for label, outlet in (("text", None), ("text+outlet", row["source_office"] or None)):
            place = main_place(context(as_text(h), langs[h], outlet, docs[h]))
            variants[label] = None if place is None else (place.admin1_code, place.admin2, Point(
                place.latitude, place.longitude, place.admin1, place.admin2, place.country))
        base = baseline_mentions(context(as_text(h), langs[h], None, docs[h]), gaz)
        variants["first match"] = None if not base else (base[0][2].admin1_code, base[0][2].admin2,
                                                         from_gaz(base[0][2]))
        for label, pred in variants.items():
            if pred is not None and pred[0] is None:
                pred = None  # a country is no answer to "which state"
            if named:
                t.add(f"{label} named coverage", pred is not None)
                if pred is not None:
                    t.add(f"{label} named state", pred[0] == code)
            t.add(f"{label} coverage", pred is not None)
            if pred is None:
                if SHOW and label == "text+outlet":
                    print(f"  NONE {h[:100]!r} [{row['source_office']}] gold {code}")
                continue
            if SHOW and label == "text+outlet" and pred[0] != code:
                print(f"  {h[:90]!r} [{row['source_office']}] -> {pred[0]} vs {code}")
            t.add(f"{label} state", pred[0] == code)
            if muni:
                t.add(f"{label} municipality", same_admin(pred[1], muni))
            if point is not None:
                t.add(f"{label} within 25 km", km(pred[2], point) <= 25)
                t.add(f"{label} within 161 km", km(pred[2], point) <= 161)
    print(f"\nged ({split}): {len(rows)} headline rows, {len(headlines)} distinct headlines "
          f"({sum(1 for h in headlines if langs[h] == 'es')} Spanish) — development numbers")
    print("state/municipality/km accuracy are over the rows where a place was given (at coverage);\n"
          "'named': rows whose headline spells the coded state or municipality")
    print(f"{'metric':16} {'resolver: text':>20} {'text+outlet':>20} {'first match':>20}")
    for k in ("coverage", "state", "municipality", "within 25 km", "within 161 km",
              "named coverage", "named state"):
        print(f"{k:16} {t.rate('text ' + k):>20} {t.rate('text+outlet ' + k):>20} "
              f"{t.rate('first match ' + k):>20}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", choices=["dev", "frozen", "ged", "acled", "world", "articles", "all"],
                        default="all")
    parser.add_argument("--split", choices=["tune", "frozen", "all"], default="tune")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--language", choices=["en", "es"], default=None, help="ged: only headlines in this language")
    parser.add_argument("--show", action="store_true", help="print each error (dev sets)")
    parser.add_argument("--as-is", action="store_true",
                        help="ged: feed the headline field as it is (';'-joined, as before 2026-12-01)")
    args = parser.parse_args()
    global SHOW, AS_IS
    SHOW, AS_IS = args.show, args.as_is
    if args.set in ("dev", "all"):
        eval_written("dev")
    if args.set in ("frozen", "all"):
        eval_written("frozen")
    if args.set in ("ged", "all"):
        eval_ged(args.split, args.limit, args.language)
    if args.set == "acled":
        eval_acled(args.split)
    if args.set == "world":
        eval_acled(args.split, "world")
        eval_acled(args.split, "world", outside="MEX")
    if args.set == "articles":
        eval_articles(args.split)


if __name__ == "__main__":
    main()
