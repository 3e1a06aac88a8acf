"""Tolls, dates and datelines on a hand-written EN+ES dev set, and tolls on UCDP GED headlines.

Part 1 — bench/data/tolls_dates/devset.jsonl (written for this bench, English and Spanish
sentences, short stories and headlines). Each line: {"id", "split" ("dev": rules were
adjusted against it; "heldout": frozen, never tuned on), "lang", "kind" ("sentence" |
"headline"), "text", "trigger" (a word of the event), "type" (ASSAULT | COERCE),
"published", "gold": {"killed", "injured", "arrested", "kidnapped"} (0 = none stated),
"aggregate" (a period or running total), "date" (the event's day, null = the publication
date), "dateline": {"outlet", "date"} | null}. The toll and date components run on one event
placed at the trigger (detection is another component's job and is not measured here):
- toll exact: all four counts equal (best); split by gold killed zero / non-zero; killed
  exact; aggregate precision / recall. Aggregate items are left out of toll and date exact.
- date exact: the resolved start day equals the gold day.
- dateline: outlet and filing date both right on items with a dateline; false datelines on
  items without one.
Baselines: toll — the first number in the text is the killed count, nothing else counted,
never an aggregate; date — the first date expression in the text (the dateline's included),
else the publication date; dateline — the first known wire name anywhere in the text and
the first date in the text.

Part 2 — UCDP GED Mexico (../shared/data/ucdp_ged_mexico/ged_mexico_dev.csv, CC BY 4.0;
found by bench/shared_paths.py; CHRONICLER_SHARED overrides). Rows with a headline and low == high; the first headline
of the row; English or Spanish by lingua over the headline. Toll agreement = killed best (0 when no
count, or when our count is flagged aggregate) equals the row's `best`; beside it the
first number in the headline (0 when none) and the first number, else 1 (most rows are one
death: a strong prior that is not a reading of the text). Reported on all
such rows and on those the bench's own rule does not call an aggregate or a series title
(a year, "so far", "weekend", "month", "registra", "en lo que va", ...: independent of the
component's cues), and those split in two fixed folds by crc32(headline) % 5: the toll
rules were adjusted on the tune fold (!= 0, the one --verbose samples); the dev fold (== 0) is
the figure to quote ("all, dev fold": every row of the fold, aggregates and series titles
too). Also the event date read off the headline (else the report's date) against
UCDP's day, where UCDP codes the day and the row has one report, beside the report's date.
The toll above is the component alone (`sentence_toll` on the headline). `--pipeline dev|tune|both`
adds what a user sees: the full default pipeline on each distinct headline of those folds, as
`chronicler.extract(headline)` reads it (the headline as the document's text, no body, in the
language the library detects), scored on the same rows: "pipeline, sum" adds up the killed best
of every event the headline yields (aggregate counts left out; each count sits on one event, so
no death is counted twice; 0 when no event counts a death: a detection miss scores as no count),
"pipeline, max" takes the largest event's. The sum is the figure to quote.
GED is development data: these are DEVELOPMENT numbers.

    python bench/eval_tolls_dates.py [--verbose] [--no-ged] [--no-devset] [--pipeline dev|tune|both]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import time
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from chronicler.analyse.sentences import split_sentences
from chronicler.extract.toll import assign_tolls, load_toll_language, sentence_toll
from chronicler.pipeline import DocContext, event_id
from chronicler.records import Event, Span
from chronicler.resolve.datelines import load_dateline_language
from chronicler.resolve.dates import find_dates, make_resolve_dates, resolve_text
from chronicler.version import PIPELINE_VERSION
from shared_paths import shared_dir

HERE = Path(__file__).resolve().parent
DEVSET = HERE / "data" / "tolls_dates" / "devset.jsonl"
KINDS = ("killed", "injured", "arrested", "kidnapped")
PUBLISHED_FOR_TIMING = dt.date(2020, 6, 15)


# --- the components on one item ----------------------------------------------------------


def _event(item: dict[str, Any]) -> Event:
    text, trigger = item["text"], item["trigger"]
    at = text.index(trigger)
    start, end = next(b for b in split_sentences(text) if b[0] <= at < b[1])
    return Event(id=event_id(item["id"], at, at + len(trigger), item["type"]), article_id=item["id"],
                 event_type=item["type"], trigger=Span(start=at, end=at + len(trigger), text=trigger),
                 sentence=Span(start=start, end=end), pipeline_version=PIPELINE_VERSION)  # fmt: skip


def run_item(item: dict[str, Any]) -> dict[str, Any]:
    """Our toll, aggregate flag, date and dateline for one dev item."""
    ev = _event(item)
    published = dt.date.fromisoformat(item["published"])
    aggregates = assign_tolls(item["text"], [ev], item["lang"])
    ctx = DocContext(article_id=item["id"], text=item["text"], published=published,
                     language=item["lang"], events=[ev])
    make_resolve_dates()(ctx)
    counts = {k: getattr(ev.toll, k) for k in KINDS}
    line = ctx.scratch.get("dateline")
    return {
        "toll": {k: (c.best or 0) if c is not None and not c.aggregate else 0 for k, c in counts.items()},
        "aggregate": bool(aggregates) or any(c is not None and c.aggregate for c in counts.values()),
        "date": ev.date.start if ev.date else None,
        "dateline": (line.outlet, line.date) if line else None,
    }


_DIGIT = re.compile(r"\b\d{1,3}(?:[,.]\d{3})+\b|\b\d+\b")


def first_number(text: str, language: str) -> int:
    """The baseline: the first number in the text (digits or a number word), else 0."""
    lang = load_toll_language(language)
    words = {**lang.numbers, **lang.tens}
    best: tuple[int, int] | None = None
    for m in _DIGIT.finditer(text):
        best = (m.start(), int(re.sub(r"[,.]", "", m.group(0))))
        break
    for m in re.finditer(r"[^\W\d_]+", text):
        if m.group(0).lower() in words and (best is None or m.start() < best[0]):
            best = (m.start(), words[m.group(0).lower()])
            break
    return best[1] if best else 0


def baseline_item(item: dict[str, Any]) -> dict[str, Any]:
    published = dt.date.fromisoformat(item["published"])
    found = sorted(find_dates(item["text"], 0, published, item["lang"]), key=lambda f: f.start)
    first_date = found[0].begin if found else published
    outlets = load_dateline_language(item["lang"]).outlets
    hits = [(m.start(), name) for raw, name in outlets.items()
            for m in re.finditer(rf"\b{re.escape(raw)}\b", item["text"], re.I)]
    outlet = min(hits)[1] if hits else None
    return {"toll": {"killed": first_number(item["text"], item["lang"]), "injured": 0, "arrested": 0,
                     "kidnapped": 0},
            "aggregate": False, "date": first_date,
            "dateline": (outlet, found[0].begin if found else None) if outlet else None}  # fmt: skip


# --- scoring -------------------------------------------------------------------------------


def score(items: list[dict[str, Any]], outputs: list[dict[str, Any]]) -> dict[str, str]:
    tally: Counter[str] = Counter()
    for item, out in zip(items, outputs, strict=True):
        gold_agg = item["aggregate"]
        tally["agg_tp"] += out["aggregate"] and gold_agg
        tally["agg_fp"] += out["aggregate"] and not gold_agg
        tally["agg_gold"] += gold_agg
        if not gold_agg:
            exact = all(out["toll"][k] == item["gold"][k] for k in KINDS)
            side = "nonzero" if item["gold"]["killed"] else "zero"
            tally[f"toll_{side}_n"] += 1
            tally[f"toll_{side}_ok"] += exact
            tally["killed_ok"] += out["toll"]["killed"] == item["gold"]["killed"]
            tally["toll_n"] += 1
            gold_date = dt.date.fromisoformat(item["date"] or item["published"])
            tally["date_ok"] += out["date"] == gold_date
        gold_line = item.get("dateline")
        if gold_line:
            want = (gold_line["outlet"], dt.date.fromisoformat(gold_line["date"]) if gold_line["date"] else None)
            tally["dl_n"] += 1
            tally["dl_ok"] += out["dateline"] == want
        else:
            tally["dl_none_n"] += 1
            tally["dl_false"] += out["dateline"] is not None
    return _summary(tally)


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f} ({a}/{b})" if b else "–"


def _summary(t: Counter[str]) -> dict[str, str]:
    p = _ratio(t["agg_tp"], t["agg_tp"] + t["agg_fp"])
    r = _ratio(t["agg_tp"], t["agg_gold"])
    return {
        "toll exact": _ratio(t["toll_zero_ok"] + t["toll_nonzero_ok"], t["toll_n"]),
        "  killed = 0": _ratio(t["toll_zero_ok"], t["toll_zero_n"]),
        "  killed > 0": _ratio(t["toll_nonzero_ok"], t["toll_nonzero_n"]),
        "killed exact": _ratio(t["killed_ok"], t["toll_n"]),
        "aggregate P / R": f"{p} / {r}",
        "date exact": _ratio(t["date_ok"], t["toll_n"]),
        "dateline outlet+date": _ratio(t["dl_ok"], t["dl_n"]),
        "false datelines": _ratio(t["dl_false"], t["dl_none_n"]),
    }


def print_table(title: str, ours: dict[str, str], base: dict[str, str]) -> None:
    print(f"\n{title}")
    print(f"  {'metric':<22} {'chronicler':<22} baseline")
    for key in ours:
        print(f"  {key:<22} {ours[key]:<22} {base[key]}")


def devset(verbose: bool) -> None:
    items = [json.loads(line) for line in DEVSET.read_text(encoding="utf-8").splitlines() if line.strip()]
    ours = [run_item(i) for i in items]
    base = [baseline_item(i) for i in items]
    if verbose:
        for item, out in zip(items, ours, strict=True):
            if item["split"] != "dev":
                continue  # the held-out part is never looked at item by item
            gold_date = item["date"] or item["published"]
            if any(out["toll"][k] != item["gold"][k] for k in KINDS) or out["aggregate"] != item["aggregate"] \
                    or str(out["date"]) != gold_date:
                print(f"{item['id']} [{item['split']}] {item['text'][:90]!r}\n   gold {item['gold']} agg="
                      f"{item['aggregate']} date={gold_date}\n   ours {out['toll']} agg={out['aggregate']} "
                      f"date={out['date']}")
    groups: dict[str, list[int]] = defaultdict(list)
    for n, item in enumerate(items):
        groups[f"{item['split']} / all"].append(n)
        groups[f"{item['split']} / {item['lang']}"].append(n)
        groups[f"{item['split']} / {item['kind']}s"].append(n)
    print(f"Dev set: {DEVSET.relative_to(HERE.parent)} ({len(items)} items)")
    for name in sorted(groups, key=lambda g: (not g.startswith("dev"), g)):
        idx = groups[name]
        print_table(f"[{name}] n={len(idx)}", score([items[i] for i in idx], [ours[i] for i in idx]),
                    score([items[i] for i in idx], [base[i] for i in idx]))


# --- UCDP GED headlines ----------------------------------------------------------------------

SERIES_OR_AGGREGATE = re.compile(
    r"(?:19|20)\d\d|so far|in the last|weekend|month|year|daily|toll|figures|data|memo|statistics|"
    r"registers?|records?|closes|begins|ends|tally|"
    r"en lo que va|suman|acumula|registra|semana|mes\b|año|diari|cifra|cierra|inicia|jornada|"
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|"
    r"january|february|march|april|june|july|august|september|october|november|december",
    re.I)


def ged_fold(headline: str) -> str:
    """A fixed split of the GED headlines: crc32(headline) % 5 == 0 is the dev fold, reported
    and never looked at row by row; the rest is the tune fold the toll rules were adjusted on."""
    return "dev" if zlib.crc32(headline.encode("utf-8")) % 5 == 0 else "tune"


def ged_rows() -> Iterable[dict[str, str]]:
    path = shared_dir() / "data" / "ucdp_ged_mexico" / "ged_mexico_dev.csv"
    with path.open(encoding="utf-8") as fh:
        yield from csv.DictReader(fh)


def headline_language() -> Any:
    """English or Spanish for a bare headline: English when it holds an English function
    word, else lingua's full models over the two (the
    pipeline's detector samples article bodies and runs in its fast mode, which misreads
    short titles full of Spanish place names; an article's headline has its body's language)."""
    from lingua import Language, LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.SPANISH).build()

    def detect(text: str) -> str:
        if ENGLISH_FUNCTION_WORDS.search(text):  # Spanish place names fool lingua on short titles
            return "en"
        return "es" if detector.detect_language_of(text) == Language.SPANISH else "en"

    return detect


# Words of English headlines that Spanish never uses (a bench heuristic, not a pack).
ENGLISH_FUNCTION_WORDS = re.compile(
    r"\b(?:the|they|in|of|and|is|are|was|were|on|at|with|after|for|near|from|leaves|his|her|"
    r"their|by|into|over|man|woman|killed|dead|dies?)\b", re.I)


def _date_row(row: dict[str, str], headline: str, language: str, tally: Counter[str]) -> None:
    """Headline date against UCDP's day (date_prec 1, one report): ours vs the report's date."""
    if row["date_prec"] != "1.0" or not row["source_date"] or ";" in row["source_date"]:
        return
    published = dt.date.fromisoformat(row["source_date"])
    ref = resolve_text(headline, published, language)
    ours = ref.start if ref is not None and ref.start is not None else published
    gold = dt.date.fromisoformat(row["date_start"])
    tally["date|n"] += 1
    tally["date|ours"] += ours == gold
    tally["date|base"] += published == gold
    tally["date|read"] += ref is not None


GED_SUBSETS = ("all", "all en", "all es", "not aggregate", "not aggregate en", "not aggregate es",
               "tune fold en", "tune fold es", "dev fold en", "dev fold es", "all, tune fold en",
               "all, tune fold es", "all, dev fold en", "all, dev fold es")


def ged_items(detect: Any, tally: Counter[str]) -> list[dict[str, Any]]:
    """The scored GED rows (low == high, a headline): headline, language, gold, fold and the
    subsets the row counts in; the date check is tallied on the way."""
    items = []
    for row in ged_rows():
        headline = (row.get("source_headline") or "").split(";")[0].strip()
        if not headline or not row["low"] or row["low"] != row["high"]:
            continue
        language = detect(headline)
        _date_row(row, headline, language, tally)
        fold = "dev fold" if ged_fold(headline) == "dev" else "tune fold"
        subsets = ["all", f"all {language}", f"all, {fold} {language}"]
        if not SERIES_OR_AGGREGATE.search(headline):
            subsets += ["not aggregate", f"not aggregate {language}", f"{fold} {language}"]
        items.append({"headline": headline, "language": language, "gold": int(float(row["best"])),
                      "fold": fold, "subsets": subsets})
    return items


def _tally_ged(items: list[dict[str, Any]], columns: dict[str, list[int]], tally: Counter[str]) -> None:
    for n, item in enumerate(items):
        for s in item["subsets"]:
            tally[f"{s}|n"] += 1
            for name, values in columns.items():
                tally[f"{s}|{name}"] += values[n] == item["gold"]


COLUMN_NAMES = {"ours": "chronicler", "base": "first number", "base1": "first number, else 1",
                "sum": "pipeline, sum", "max": "pipeline, max"}


def _print_ged(title: str, names: list[str], tally: Counter[str], subsets: Iterable[str] = GED_SUBSETS) -> None:
    print(title)
    print(f"  {'subset':<20} {'n':>6}  " + " ".join(f"{COLUMN_NAMES[k]:<22}" for k in names).rstrip())
    for s in subsets:
        n = tally[f"{s}|n"]
        if n:
            print(f"  {s:<20} {n:>6}  " + " ".join(f"{_ratio(tally[f'{s}|{k}'], n):<22}" for k in names).rstrip())


def ged(verbose: bool, pipeline_folds: str | None = None) -> None:
    detect = headline_language()
    for code in ("en", "es"):  # compile the rules before the clock runs
        sentence_toll("", code)
        find_dates("", 0, PUBLISHED_FOR_TIMING, code)
    tally: Counter[str] = Counter()
    items = ged_items(detect, tally)
    ours: list[int] = []
    shown, spent = 0, 0.0
    for item in items:
        headline, language, gold = item["headline"], item["language"], item["gold"]
        started = time.perf_counter()
        killed = sentence_toll(headline, language).killed
        find_dates(headline, 0, PUBLISHED_FOR_TIMING, language)
        spent += time.perf_counter() - started
        ours.append(killed.best if killed is not None and not killed.aggregate and killed.best is not None else 0)
        if verbose and ours[-1] != gold and shown < 60 and "tune fold " + language in item["subsets"] \
                and zlib.crc32(headline.encode()) % 50 == 1:
            shown += 1
            print(f"  GED gold={gold} ours={ours[-1]} base={first_number(headline, language)} "
                  f"[{language}] {headline}")
    base = [first_number(i["headline"], i["language"]) for i in items]
    _tally_ged(items, {"ours": ours, "base": base, "base1": [b or 1 for b in base]}, tally)
    n = tally["date|n"]
    print(f"\nUCDP GED headlines, one report, UCDP day precision — event date exact (DEVELOPMENT)\n"
          f"  chronicler {_ratio(tally['date|ours'], n)}   publication date {_ratio(tally['date|base'], n)}"
          f"   (a date read in {tally['date|read']} headlines)")
    n_all = len(items)
    _print_ged("\nUCDP GED Mexico headlines, low == high — toll agreement, the toll component on the "
               "headline (DEVELOPMENT numbers)\n"
               f"  (toll + date rules: {spent:.2f} s for {n_all} headlines, "
               f"{1e6 * spent / max(n_all, 1):.0f} µs each, one core)", ["ours", "base", "base1"], tally)
    if pipeline_folds:
        ged_pipeline(items, pipeline_folds, tally, verbose)


def pipeline_killed(events: list[Event]) -> tuple[int, int]:
    """What a user reads off the events of one headline: (sum, max) of the killed best of its
    events, aggregate counts left out (0 when no event counts a death). Each count sits on one
    event, so the sum counts no death twice; the max is the single largest event."""
    values = [e.toll.killed.best for e in events
              if e.toll.killed is not None and not e.toll.killed.aggregate and e.toll.killed.best is not None]
    return sum(values), max(values, default=0)


def ged_pipeline(items: list[dict[str, Any]], folds: str, tally: Counter[str], verbose: bool) -> None:
    """The full default pipeline on each distinct headline, as `chronicler.extract(headline)`
    reads it: the headline is the document's text (no body: what a feed of titles yields), in
    the language the library detects (the bench's guess where it names a language without a
    pack); the killed count is read off its events."""
    from chronicler.ingest.language import detect_language
    from chronicler.lang import available_languages
    from chronicler.pipeline import Input, Pipeline

    keep = [i for i in items if folds == "both" or i["fold"] == f"{folds} fold"]
    distinct = sorted({(i["headline"], i["language"]) for i in keep})
    packs = set(available_languages())
    pipe = Pipeline.from_config()
    started = time.perf_counter()
    read: dict[tuple[str, str], tuple[int, int]] = {}
    inputs = (Input(str(n), h, language=lang if (lang := detect_language(h) or "en") in packs else guess)
              for n, (h, guess) in enumerate(distinct))
    for key, ctx in zip(distinct, pipe.run(inputs), strict=True):
        read[key] = pipeline_killed(ctx.events)
    spent = time.perf_counter() - started
    summed = [read[(i["headline"], i["language"])][0] for i in keep]
    largest = [read[(i["headline"], i["language"])][1] for i in keep]
    base = [first_number(i["headline"], i["language"]) for i in keep]
    ptally: Counter[str] = Counter()
    _tally_ged(keep, {"sum": summed, "max": largest, "base": base, "base1": [b or 1 for b in base]}, ptally)
    if verbose:
        shown = 0
        for item, value in zip(keep, summed, strict=True):
            if value != item["gold"] and item["fold"] == "tune fold" and shown < 60 and \
                    zlib.crc32(item["headline"].encode()) % 50 == 1:
                shown += 1
                print(f"  GED pipeline gold={item['gold']} ours={value} [{item['language']}] {item['headline']}")
    _print_ged("\nSame rows, the FULL default pipeline on each headline (as the document text), killed read "
               "off its events (DEVELOPMENT numbers)\n"
               f"  ({len(distinct)} distinct headlines, {spent:.0f} s; sum: the events' non-aggregate killed added "
               "up; max: the largest event's)",
               ["sum", "max", "base", "base1"], ptally)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--no-ged", action="store_true", help="skip the UCDP GED headlines")
    parser.add_argument("--no-devset", action="store_true", help="skip part 1, the hand-written set")
    parser.add_argument("--pipeline", choices=("dev", "tune", "both"), default=None,
                        help="also run the full pipeline on the GED headlines of these folds (minutes)")
    args = parser.parse_args()
    if not args.no_devset:
        devset(args.verbose)
    if not args.no_ged:
        ged(args.verbose, args.pipeline)


if __name__ == "__main__":
    main()
