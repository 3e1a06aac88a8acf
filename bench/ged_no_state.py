"""Which GED headlines get no state, or a wrong one, and why (development tune split only).

    python bench/ged_no_state.py [--split tune] [--show N]

For each GED row the resolver (text + outlet, as `eval_places.py --set ged`) gives no
Mexican state or a wrong one, the headline is put in one class by a plain text scan:
- `aggregate / no place`: no Mexican place name, state abbreviation, state demonym or
  region in it, in any case or accent ('Executions 2010', 'Mexico security update ...');
- `country or multi-state region only`: it names only Mexico or a compass part of it
  ('northern Mexico', 'border city') or a region spanning states ('La Laguna', 'el Bajío');
- `demonym or institution`: a state's demonym ('michoacano') or an institution naming no
  place name the scan knows ('Fuerza Civil');
- `place missed`: a Mexican state, municipality or curated city name is in the text
  (subclass: as written, all-caps, lower case / unaccented, abbreviation) and we gave none;
- `wrong: read, resolved elsewhere` / `wrong: no gold name in text`: a state given, not GED's.
Rows are counted (GED repeats a headline for each event it sources); the scan is a loose
upper bound on what the text says, not gold. Development numbers.
"""

from __future__ import annotations

import argparse
import csv
import re
from collections import Counter, defaultdict
from typing import Any

from chronicler.analyse.nlp import load_nlp
from chronicler.ingest.language import detect_language
from chronicler.lang import model_name
from chronicler.resolve.gazetteer import ADM1, ADM2, gazetteer_dir, load_gazetteer
from chronicler.resolve.places import main_place
from chronicler.resolve.text import normalise
from eval_places import as_text, context, ged_gold, ged_rows, names_gold

# multi-state regions and compass parts: a place, but no one state
REGIONS = ("la laguna", "comarca lagunera", "tierra caliente", "huasteca", "bajio", "golden triangle",
           "triangulo dorado", "northern mexico", "norte de mexico", "northeast mexico", "northwest",
           "southern mexico", "western mexico", "border city", "border state", "sierra madre")


def mexican_names() -> tuple[set[str], set[str]]:
    """Folded names of Mexican states, municipalities and towns of 5,000+ or curated;
    state abbreviations (aliases.csv)."""
    gaz = load_gazetteer()
    names: set[str] = set()
    for key, refs in gaz.index.items():
        for r in refs[:3]:
            row = gaz.rows[r]
            if row[2] == "MEX" and (row[0] in (ADM1, ADM2) or gaz.priors[r] >= 4.7) and len(key) > 3:
                names.add(key)
    abbrevs = set()
    with (gazetteer_dir() / "aliases.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["target"].startswith("MX-"):
                abbrevs.add(row["alias"])
    return names, abbrevs


def demonyms() -> set[str]:
    path = gazetteer_dir() / "admin1_demonyms.csv"
    if not path.exists():
        return set()
    with path.open(encoding="utf-8") as fh:
        return {normalise(r["demonym"]) for r in csv.DictReader(fh)}


def ngrams(words: list[str], n: int = 4) -> set[str]:
    return {" ".join(words[a:b]) for a in range(len(words)) for b in range(a + 1, min(len(words), a + n) + 1)}


def classify(headline: str, names: set[str], abbrevs: set[str], dems: set[str]) -> str:
    folded = normalise(headline)
    grams = ngrams(folded.split())
    raw_tokens = set(re.findall(r"[\w.]+", headline))
    hit = sorted(g for g in grams if g in names and g != "mexico")
    if hit:
        cased = {normalise(t) for t in re.findall(r"\w[\w ]*", headline)}
        if any(h.upper() in headline for h in hit) and not any(h.title() in headline for h in hit):
            return "place missed: all-caps"
        as_written = any(h in normalise(headline, False) for h in hit)
        return "place missed: as written" if as_written or cased else "place missed: lower case / unaccented"
    if raw_tokens & abbrevs or any(a in headline for a in abbrevs if " " in a or "." in a):
        return "place missed: abbreviation"
    if any(d in grams for d in dems) or re.search(r"michoacan|guerrerense|tamaulipec|sinaloense", folded):
        return "demonym or institution"
    if any(r in folded for r in REGIONS):
        return "country or multi-state region only"
    return "aggregate / no place"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=["tune", "all"], default="tune")  # never the frozen part
    parser.add_argument("--show", type=int, default=8, help="examples a class")
    args = parser.parse_args()
    gaz = load_gazetteer()
    rows = list(ged_rows(args.split, None))
    heads = sorted({r["source_headline"] for r in rows})
    langs = {h: ("es" if detect_language(h, 200) == "es" else "en") for h in heads}
    docs: dict[str, Any] = {}
    for lang in ("en", "es"):
        texts = [h for h in heads if langs[h] == lang]
        for h, doc in zip(texts, load_nlp(model_name(lang)).pipe([as_text(h) for h in texts], batch_size=256),
                          strict=True):
            docs[h] = doc
    names, abbrevs = mexican_names()
    dems = demonyms()
    counts: Counter[str] = Counter()
    examples: dict[str, Counter[str]] = defaultdict(Counter)
    total = 0
    for row in rows:
        h = row["source_headline"]
        code, _muni, _point = ged_gold(gaz, row)
        if code is None:
            continue
        total += 1
        place = main_place(context(as_text(h), langs[h], row["source_office"] or None, docs[h]))
        given = place.admin1_code if place is not None else None
        if given == code:
            continue
        if given is None:
            label = classify(h, names, abbrevs, dems)
        else:
            label = "wrong: read, resolved elsewhere" if names_gold(h, row) else "wrong: no gold name in text"
        counts[label] += 1
        examples[label][f"{h[:90]} [{row['source_office'][:30]}]"] += 1
    print(f"GED {args.split}: {total} rows; {sum(counts.values())} without the coded state "
          "(development numbers)")
    for label, n in counts.most_common():
        print(f"{label:40} {n:6} rows ({n / total:.1%} of all rows), "
              f"{len(examples[label])} distinct headlines")
        for text, k in examples[label].most_common(args.show):
            print(f"      {k:5}  {text}")


if __name__ == "__main__":
    main()
