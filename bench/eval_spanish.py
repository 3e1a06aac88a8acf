"""Spanish, end to end: chronicler beside a keyword baseline on Spanish text.

Two parts, one command:

1. `bench/data/es/dev.tsv` (development) and `bench/data/es/heldout.tsv` (frozen when
   written; never tuned on), sentences written for chronicler with a PLOVER type, status,
   toll, date and state each. Reported per split: language identification, event detection
   (P/R/F1: does the sentence report an event), type top-1 (on sentences with an event: the
   type of chronicler's most confident event) and macro-F1 over the types, toll exact,
   date exact, admin1 (state) and status, each beside a keyword baseline.
2. The Spanish headlines of the UCDP GED Mexico file (`shared/data/ucdp_ged_mexico`,
   development data, CC BY 4.0; never copied into the repository): detection (an ASSAULT
   found), state and toll exact (where UCDP's low == high and the headline is no aggregate),
   beside the same baseline. State is scored over every headline with a coded state (no
   event found counts as wrong); "state, event found" only where chronicler found the
   ASSAULT/COERCE event; "state, text + outlet" gives the pipeline the outlet's name too.

    python bench/eval_spanish.py [--ucdp-limit N] [--no-ucdp] [--json out.json]

Every number from the dev split and from UCDP is a development number.
"""

from __future__ import annotations

import argparse
import collections
import csv
import datetime as dt
import json
import re
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shared_paths import REPO, SRC, shared_dir

sys.path.insert(0, str(SRC))

from chronicler.config import data_dir  # noqa: E402
from chronicler.ingest.language import detect_language  # noqa: E402
from chronicler.pipeline import Input, Pipeline  # noqa: E402
from chronicler.records import Event  # noqa: E402

DATA = REPO / "bench" / "data" / "es"
PUBLISHED = dt.date(2026, 3, 12)

# The keyword baseline: word stems -> type, first hit in the sentence wins (written for this
# script, apart from the language pack, so that the baseline stays a baseline).
KEYWORDS: list[tuple[str, str]] = [
    ("asesin", "ASSAULT"), ("mat", "ASSAULT"), ("balea", "ASSAULT"), ("ejecut", "ASSAULT"),
    ("ataq", "ASSAULT"), ("atac", "ASSAULT"), ("embosc", "ASSAULT"), ("enfrent", "ASSAULT"),
    ("secuestr", "ASSAULT"), ("dispar", "ASSAULT"), ("muert", "ASSAULT"), ("incendi", "ASSAULT"),
    ("deten", "COERCE"), ("detuv", "COERCE"), ("captur", "COERCE"), ("aprehend", "COERCE"),
    ("asegur", "COERCE"), ("decomis", "COERCE"), ("deport", "COERCE"), ("cate", "COERCE"),
    ("despleg", "MOBILIZE"), ("despliegue", "MOBILIZE"), ("tropas", "MOBILIZE"),
    ("arancel", "SANCTION"), ("sancion", "SANCTION"), ("embargo", "SANCTION"), ("terrorist", "SANCTION"),
    ("amenaz", "THREATEN"), ("march", "PROTEST"), ("protest", "PROTEST"), ("bloque", "PROTEST"),
    ("acus", "ACCUSE"), ("denunci", "ACCUSE"), ("critic", "ACCUSE"), ("rechaz", "REJECT"),
    ("pidi", "REQUEST"), ("exig", "REQUEST"), ("solicit", "REQUEST"), ("acord", "AGREE"),
    ("acuerdo", "AGREE"), ("reuni", "CONSULT"), ("visit", "CONSULT"), ("colabor", "COOPERATE"),
    ("extradit", "COOPERATE"), ("rescat", "AID"), ("ayuda", "AID"), ("asistencia", "AID"),
    ("liber", "RETREAT"), ("retir", "RETREAT"), ("aprob", "SUPPORT"), ("apoy", "SUPPORT"),
]  # fmt: skip
NUMBER_WORDS = {"un": 1, "una": 1, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6,
                "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12}  # fmt: skip
KILLED_WORDS = re.compile(r"muert|asesinad|ejecutad|sin vida|cad[aá]ver|murieron|mat[oó]|matan|mataron", re.I)
AGGREGATE = re.compile(r"en lo que va|suman|últimas|ultimas|24 horas|semana|mes\b|año|en total|cifra|jornada", re.I)


def fold(text: str | None) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def state_codes() -> dict[str, str]:
    """Folded state name or alias -> ISO 3166-2 code (from the packaged gazetteer)."""
    codes: dict[str, str] = {}
    with (data_dir() / "gazetteer" / "mx_states.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for name in (row["name"], row["geonames_admin1"], *row["aliases"].split("|")):
                if name:
                    codes[fold(name)] = row["code"]
    codes.update({"mexico": "MX-MEX", "distrito federal": "MX-CMX"})
    return codes


STATES = state_codes()


def state_of(name: str | None) -> str | None:
    name = fold(name).removesuffix(" state")
    return STATES.get(name)


@dataclass
class Item:
    text: str
    gold_type: str  # "NONE": no event
    status: str | None
    killed: int | None
    date: dt.date | None
    admin1: str | None  # ISO 3166-2 code
    published: dt.date = PUBLISHED


def read_split(name: str) -> list[Item]:
    items = []
    for line in (DATA / f"{name}.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, etype, status, killed, date, admin1 = line.split("\t")[:6]
        items.append(Item(
            text, etype, None if status == "-" else status, None if killed == "-" else int(killed),
            None if date == "-" else dt.date.fromisoformat(date), None if admin1 == "-" else state_of(admin1),
        ))  # fmt: skip
    return items


# --- chronicler and the baseline, per sentence ------------------------------------------


@dataclass
class Guess:
    has_event: bool
    etype: str  # "NONE" when no event
    status: str | None = None
    killed: int | None = None
    date: dt.date | None = None
    admin1: str | None = None


def main_event(events: list[Event], gold_type: str | None = None) -> Event | None:
    """The event a field is read from: one of the gold type when there is one, else the most confident."""
    if not events:
        return None
    ranked = sorted(events, key=lambda e: -e.confidence)
    if gold_type:
        same = [e for e in ranked if e.event_type == gold_type]
        if same:
            return same[0]
    return ranked[0]


def chronicler_guess(events: list[Event], gold_type: str) -> tuple[Guess, Guess]:
    """(guess for type and detection: the most confident event; guess for the fields: the
    event of the gold type when chronicler found one)."""
    top = main_event(events)
    fields = main_event(events, gold_type if gold_type != "NONE" else None)

    def as_guess(ev: Event | None) -> Guess:
        if ev is None:
            return Guess(False, "NONE")
        killed = ev.toll.killed.best if ev.toll.killed else None
        date = ev.date.start if ev.date and not ev.date.from_publication else None
        admin1 = None
        if ev.location is not None:
            admin1 = ev.location.admin1_code or state_of(ev.location.admin1)
        return Guess(True, ev.event_type, ev.status, killed, date, admin1)

    return as_guess(top), as_guess(fields)


def baseline_guess(text: str) -> Guess:
    low = fold(text)
    etype = next((t for stem, t in KEYWORDS if re.search(rf"\b{stem}", low)), "NONE")
    killed = None
    if etype == "ASSAULT" and KILLED_WORDS.search(text):
        number = re.search(r"\b(\d+)\b|\b(" + "|".join(NUMBER_WORDS) + r")\b", low)
        if number:
            killed = int(number.group(1)) if number.group(1) else NUMBER_WORDS[number.group(2)]
    admin1 = next((code for name, code in sorted(STATES.items(), key=lambda kv: -len(kv[0]))
                   if re.search(rf"\b{re.escape(name)}\b", low)), None)  # fmt: skip
    status = None if etype == "NONE" else ("negated" if re.search(r"\bno\b|\bnego\b", low) else "occurred")
    return Guess(etype != "NONE", etype, status, killed, None, admin1)


# --- scores -------------------------------------------------------------------------------


@dataclass
class Tally:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += ok
        self.total += 1

    def __str__(self) -> str:
        return f"{self.right / self.total:.2f} ({self.right}/{self.total})" if self.total else "n/a"


@dataclass
class Scores:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    type_top1: Tally = field(default_factory=Tally)
    toll: Tally = field(default_factory=Tally)
    date: Tally = field(default_factory=Tally)
    admin1: Tally = field(default_factory=Tally)
    status: Tally = field(default_factory=Tally)
    pairs: list[tuple[str, str]] = field(default_factory=list)  # (gold, predicted) per sentence

    def detection(self) -> str:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return f"P {p:.2f} R {r:.2f} F1 {f:.2f}"

    def macro_f1(self) -> float:
        labels = sorted({g for g, _ in self.pairs if g != "NONE"})
        f1s = []
        for label in labels:
            tp = sum(g == label and p == label for g, p in self.pairs)
            fp = sum(g != label and p == label for g, p in self.pairs)
            fn = sum(g == label and p != label for g, p in self.pairs)
            f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
        return sum(f1s) / len(f1s) if f1s else 0.0

    def summary(self) -> dict[str, str]:
        return {"detection": self.detection(), "type top-1": str(self.type_top1),
                "type macro-F1": f"{self.macro_f1():.2f}", "toll exact": str(self.toll),
                "date exact": str(self.date), "admin1": str(self.admin1), "status": str(self.status)}  # fmt: skip


def score_item(s: Scores, item: Item, top: Guess, fields: Guess) -> None:
    gold_event = item.gold_type != "NONE"
    s.tp += gold_event and top.has_event
    s.fp += (not gold_event) and top.has_event
    s.fn += gold_event and not top.has_event
    s.pairs.append((item.gold_type, top.etype))
    if not gold_event:
        return
    s.type_top1.add(top.etype == item.gold_type)
    if item.killed is not None:
        s.toll.add(fields.killed == item.killed)
    if item.date is not None:
        s.date.add(fields.date == item.date)
    if item.admin1 is not None:
        s.admin1.add(fields.admin1 == item.admin1)
    if item.status is not None:
        s.status.add(fields.status == item.status and fields.etype == item.gold_type)


def run_pipeline(pipeline: Pipeline, texts: list[str], published: list[dt.date],
                 outlets: list[str | None] | None = None) -> list[list[Event]]:
    outlets = outlets or [None] * len(texts)
    items = [Input(f"s{i}", t, d, language="es", outlet=o)
             for i, (t, d, o) in enumerate(zip(texts, published, outlets, strict=True))]
    return [ctx.events for ctx in pipeline.run(items)]


def evaluate_split(pipeline: Pipeline, name: str) -> dict[str, Any]:
    items = read_split(name)
    events = run_pipeline(pipeline, [i.text for i in items], [i.published for i in items])
    ours, base = Scores(), Scores()
    language = Tally()
    for item, found in zip(items, events, strict=True):
        language.add(detect_language(item.text) == "es")
        score_item(ours, item, *chronicler_guess(found, item.gold_type))
        guess = baseline_guess(item.text)
        score_item(base, item, guess, guess)
    return {"sentences": len(items), "language id (es)": str(language),
            "chronicler": ours.summary(), "keyword baseline": base.summary()}


# --- UCDP GED headlines ---------------------------------------------------------------


def ucdp_rows(limit: int | None) -> list[dict[str, str]]:
    path = shared_dir() / "data" / "ucdp_ged_mexico" / "ged_mexico_dev.csv"
    with path.open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["source_headline"].strip()]
    by_headline: dict[str, list[dict[str, str]]] = collections.defaultdict(list)
    for row in rows:
        by_headline[row["source_headline"].strip()].append(row)
    spanish = []
    for headline, coded in by_headline.items():
        if detect_language(headline) != "es":
            continue
        spanish.append({**coded[0], "n_coded": str(len(coded))})
        if limit and len(spanish) >= limit:
            break
    return spanish


def _date(row: dict[str, str]) -> dt.date | None:
    for key in ("source_date", "date_start"):
        try:
            return dt.date.fromisoformat(row[key][:10])
        except ValueError:
            continue
    return None


def evaluate_ucdp(pipeline: Pipeline, limit: int | None) -> dict[str, Any]:
    rows = ucdp_rows(limit)
    texts = [r["source_headline"].strip() for r in rows]
    published = [_date(r) or PUBLISHED for r in rows]
    found = run_pipeline(pipeline, texts, published)
    # the same headlines with their outlet ('El Sol de Tijuana'), as an ingested article has it
    with_outlet = run_pipeline(pipeline, texts, published, [r["source_office"] or None for r in rows])
    ours = {"detection": Tally(), "state": Tally(), "state, event found": Tally(),
            "state, text + outlet": Tally(), "toll exact": Tally()}
    base = {"detection": Tally(), "state": Tally(), "toll exact": Tally()}
    for row, text, events, events_o in zip(rows, texts, found, with_outlet, strict=True):
        assault = main_event([e for e in events if e.event_type in ("ASSAULT", "COERCE")], "ASSAULT")
        guess = baseline_guess(text)
        ours["detection"].add(assault is not None)
        base["detection"].add(guess.etype in ("ASSAULT", "COERCE"))
        gold_state = state_of(row["adm_1"])
        if gold_state:
            mine = None
            if assault is not None and assault.location is not None:
                mine = assault.location.admin1_code or state_of(assault.location.admin1)
            ours["state"].add(mine == gold_state)
            base["state"].add(guess.admin1 == gold_state)
            if assault is not None:
                ours["state, event found"].add(mine == gold_state)
            other = main_event([e for e in events_o if e.event_type in ("ASSAULT", "COERCE")], "ASSAULT")
            ours["state, text + outlet"].add(other is not None and other.location is not None and (
                other.location.admin1_code or state_of(other.location.admin1)) == gold_state)
        one_event = row["n_coded"] == "1" and row["low"] == row["high"] and not AGGREGATE.search(text)
        if one_event and row["best"]:
            best = int(float(row["best"]))
            mine_killed = assault.toll.killed.best if assault is not None and assault.toll.killed else None
            ours["toll exact"].add(mine_killed == best)
            base["toll exact"].add(guess.killed == best)
    return {"headlines (Spanish, distinct)": len(rows),
            "chronicler": {k: str(v) for k, v in ours.items()},
            "keyword baseline": {k: str(v) for k, v in base.items()}}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ucdp-limit", type=int, default=None, help="only the first N Spanish headlines")
    parser.add_argument("--no-ucdp", action="store_true", help="skip the UCDP part")
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = parser.parse_args()
    started = time.perf_counter()
    pipeline = Pipeline.from_config()
    results: dict[str, Any] = {
        "dev (development)": evaluate_split(pipeline, "dev"),
        "held-out (frozen)": evaluate_split(pipeline, "heldout"),
    }
    if not args.no_ucdp:
        results["UCDP GED headlines (development)"] = evaluate_ucdp(pipeline, args.ucdp_limit)
    results["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(results, ensure_ascii=False, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
