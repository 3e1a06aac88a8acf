"""The actor knowledge base: curated entries, generated state offices, countries, sector rules.

Data lives in plain JSON under `chronicler/data/kb/` (one file per domain, every
entry with id, canonical name, aliases, country, sector and a `source` note).
`*.json` files holding a list are entries; `rules.json` holds the generic sector
head nouns, demonyms and extra country names; `terms.json` the terms of office
used by the date resolver. Add an entry to a file (or a new `*.json` list file)
and it is picked up on the next start: nothing in the code names an entity.

Lookups are dict hits on normalised n-grams (see `text.normalise`), built once
per process (`load_kb()` is cached).
"""

from __future__ import annotations

import csv
import functools
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from chronicler.errors import ChroniclerError, E
from chronicler.resolve.text import normalise

KB_PACKAGE = "chronicler.data"
MAX_ALIAS_TOKENS = 9
SPECIAL_FILES = {"rules.json", "terms.json"}

# Kinds of index entries: a named organisation/person ("entry"), a place used as an
# actor ("place": a Mexican/US state) or a country. Place and country hits yield to a
# sector head noun ("gunmen in Sinaloa" are gunmen, not the state of Sinaloa).
ENTRY, PLACE, COUNTRY = "entry", "place", "country"


@dataclass(frozen=True)
class KBEntry:
    id: str
    canonical: str
    country: str | None
    sector: str | None
    kind: str = ENTRY
    source: str = ""
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    person: bool = False  # a named person ("person": true in the file), not a body


@dataclass
class KnowledgeBase:
    entries: dict[str, KBEntry] = field(default_factory=dict)
    alias_index: dict[str, KBEntry] = field(default_factory=dict)
    sector_heads: dict[str, str] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)
    terms: list[dict[str, Any]] = field(default_factory=list)
    # Aliases written as capital-letter acronyms ("UN", "PAN"): they name the body only in
    # capitals, never the word they spell in another language (Spanish "un", "pan").
    acronyms: set[str] = field(default_factory=set)

    def add(self, entry: KBEntry) -> None:
        self.entries[entry.id] = entry
        for alias in (entry.canonical, *entry.aliases):
            key = normalise(alias)
            if alias.isalpha() and alias.isupper() and len(alias) <= 5:
                self.acronyms.add(key)
            # First writer wins so curated files beat generated entries.
            if key and key not in self.alias_index:
                self.alias_index[key] = entry

    def person(self, name: str) -> KBEntry | None:
        """The curated person an alias names ("Sheinbaum", "Rubio"), else None."""
        entry = self.alias_index.get(normalise(name))
        return entry if entry is not None and entry.person else None

    def entry_aliases(self) -> list[str]:
        return [k for k, e in self.alias_index.items() if e.kind == ENTRY and len(k) >= 4]


def kb_dir() -> Path:
    return Path(str(resources.files(KB_PACKAGE).joinpath("kb")))


def gazetteer_dir() -> Path:
    return Path(str(resources.files(KB_PACKAGE).joinpath("gazetteer")))


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ChroniclerError(E.KB_BAD_FILE, path=str(path), detail=str(exc)) from exc


def _entry_from_json(raw: dict[str, Any], path: Path) -> KBEntry:
    missing = [k for k in ("id", "canonical", "sector", "source") if k not in raw]
    if missing:
        raise ChroniclerError(
            E.KB_BAD_FILE, path=str(path), detail=f"entry {raw.get('id')!r} lacks {missing}"
        )
    return KBEntry(
        id=raw["id"],
        canonical=raw["canonical"],
        country=raw.get("country"),
        sector=raw["sector"],
        source=raw["source"],
        aliases=tuple(raw.get("aliases", ())),
        parent=raw.get("parent"),
        person=bool(raw.get("person", False)),
    )


def mexican_states() -> list[dict[str, str]]:
    with (gazetteer_dir() / "mx_states.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _state_entries() -> list[KBEntry]:
    """State governments, prosecutors, governors and police for the 32 Mexican states."""
    source = "Generated from ISO 3166-2:MX state list (data/gazetteer/mx_states.csv)"
    out: list[KBEntry] = []
    for row in mexican_states():
        code = row["code"].split("-")[1].lower()
        names = [row["name"], *filter(None, row["aliases"].split("|"))]
        if row["code"] == "MX-CMX":  # "Mexico City" the actor is its city government
            names = [n for n in names if n != "Mexico City"] + ["Mexico City government"]
        state = row["name"]

        def forms(*patterns: str, names: list[str] = names) -> tuple[str, ...]:
            return tuple(p.format(n) for p in patterns for n in names)

        out.append(KBEntry(f"mex.state.{code}", f"{state} state government", "MEX",
                           "government", PLACE, source,
                           forms("{}", "{} state", "{} state government", "government of {}",
                                 "{} government", "{} authorities", "{} state authorities")))
        out.append(KBEntry(f"mex.fge.{code}", f"{state} State Attorney General's Office", "MEX",
                           "judiciary", ENTRY, source,
                           forms("{} prosecutors", "{} state prosecutors", "{} prosecutor",
                                 "{} state prosecutor", "{} prosecutor's office",
                                 "{} state prosecutor's office", "{} attorney general's office",
                                 "{} state attorney general's office", "{} attorney general",
                                 "Fiscalía de {}", "Fiscalía General del Estado de {}")))
        out.append(KBEntry(f"mex.governor.{code}", f"Governor of {state}", "MEX", "government",
                           ENTRY, source,
                           forms("{} governor", "{} state governor", "governor of {}",
                                 "{} Governor's Office")))
        out.append(KBEntry(f"mex.police.{code}", f"{state} state police", "MEX", "police",
                           ENTRY, source,
                           forms("{} state police", "{} police", "{} security ministry",
                                 "{} public security secretariat")))
    return out


def _us_state_entries() -> list[KBEntry]:
    import pycountry

    source = "Generated from ISO 3166-2:US (pycountry)"
    out = []
    for sub in pycountry.subdivisions.get(country_code="US"):
        code = sub.code.split("-")[1].lower()
        out.append(KBEntry(f"usa.state.{code}", f"{sub.name} state government", "USA",
                           "government", PLACE, source,
                           (sub.name, f"{sub.name} state", f"{sub.name} officials")))
    return out


def _country_entries(extra: dict[str, str]) -> list[KBEntry]:
    import pycountry

    source = "ISO 3166-1 (pycountry)"
    by_code: dict[str, list[str]] = {}
    for alias, code in extra.items():
        by_code.setdefault(code, []).append(alias)
    out = []
    for c in pycountry.countries:
        names = [c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)]
        aliases = tuple(n for n in names if n) + tuple(by_code.get(c.alpha_3, ()))
        canonical = getattr(c, "common_name", None) or c.name
        out.append(KBEntry(f"country.{c.alpha_3.lower()}", canonical, c.alpha_3, "government",
                           COUNTRY, source, aliases))
    return out


@functools.lru_cache(maxsize=1)
def load_kb(directory: str | None = None) -> KnowledgeBase:
    """Read every KB file once per process."""
    root = Path(directory) if directory else kb_dir()
    kb = KnowledgeBase()
    rules = _read_json(root / "rules.json")
    kb.sector_heads = {normalise(k): v for k, v in rules["sector_heads"].items()}
    kb.demonyms = {normalise(k): v for k, v in rules["demonyms"].items()}
    kb.terms = _read_json(root / "terms.json")["terms"]
    for path in sorted(root.glob("*.json")):
        if path.name in SPECIAL_FILES:
            continue
        data = _read_json(path)
        if not isinstance(data, list):
            raise ChroniclerError(E.KB_BAD_FILE, path=str(path), detail="expected a JSON list")
        for raw in data:
            kb.add(_entry_from_json(raw, path))
    for entry in _state_entries() + _us_state_entries() + _country_entries(rules["country_aliases"]):
        kb.add(entry)
    return kb
