"""Wire datelines: "CULIACÁN, Mexico, June 2 (Reuters) -", "MEXICO CITY (AP) —",
"Culiacán (México), 2 jun (EFE).-", "(Frontera Wire) —".

A dateline names who filed the story, where and when. It sets the article's outlet (when
the feed gave none) and the filing date and place as context for other components; it
is never an actor and never an event's date (the date resolver masks its span and counts
relative days from its filing date). Outlet names and separators come from the pack's
`datelines.json`; the shape (a short head, the outlet in parentheses, a dash) is here.
The result is left on `ctx.scratch["dateline"]` (a `Dateline`, or None).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any

from chronicler.lang import load_pack, phrase_alternation
from chronicler.pipeline import DocContext, component

SCAN_CHARS = 300  # a dateline opens the story, perhaps after a byline line or two


@dataclass(frozen=True)
class Dateline:
    outlet: str | None  # canonical name ("Associated Press"); None for a place-only line
    outlet_raw: str | None  # as written ("AP")
    place: str | None  # as written ("CULIACÁN, Mexico")
    date: dt.date | None  # the filing date, resolved against the publication date
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class DatelineLanguage:
    outlets: dict[str, str]
    wire: re.Pattern[str]
    place_only: re.Pattern[str] | None
    max_head_words: int
    connectors: frozenset[str]


def _alt(words: Any) -> str:
    return phrase_alternation(words, any_space=False)


@functools.lru_cache(maxsize=16)
def load_dateline_language(code: str = "en") -> DatelineLanguage:
    pack = load_pack(code)
    data = pack.json("datelines") if pack.has("datelines") else {}
    if not isinstance(data, dict) or not isinstance(data.get("outlets", {}), dict):
        raise pack.invalid(pack.files.get("datelines", "datelines"), "'outlets' must map names")
    seps = _alt(data.get("separators", ["-", "—", "–"]))
    wire = re.compile(rf"(?m)^[ \t]*(?P<head>[^\n()]{{0,80}}?(?:\([^\n()]{{1,30}}\)[^\n()]{{0,30}}?)?)"
                      rf"\((?P<outlet>[^\n()]{{2,40}})\)\s*(?:{seps})[ \t]*")
    place_seps = data.get("place_only_separators", [])
    place_only = re.compile(rf"(?m)^[ \t]*(?P<head>[^\W\d_][^\n()]{{1,50}}?)(?:{_alt(place_seps)})[ \t]+")\
        if place_seps else None
    outlets = {" ".join(k.lower().split()): v for k, v in data.get("outlets", {}).items()}
    connectors = frozenset(w.lower() for w in data.get("place_connectors", []))
    return DatelineLanguage(outlets, wire, place_only, int(data.get("max_head_words", 7)), connectors)


def parse_dateline(text: str, published: dt.date | None = None, language: str = "en") -> Dateline | None:
    """The dateline opening `text`, if it has one."""
    lang = load_dateline_language(language)
    window = text[:SCAN_CHARS]
    for m in lang.wire.finditer(window):
        raw = " ".join(m.group("outlet").split())
        place, date = _split_head(m.group("head").strip(), published, language)
        if _plausible(lang, place, raw):
            return _make(m, place, date, raw, lang.outlets.get(raw.lower(), raw))
    if lang.place_only is not None:
        line = lang.place_only.match(window)
        if line:
            place, date = _split_head(line.group("head").strip(), published, language)
            if place and _looks_like_place(lang, place):
                return _make(line, place, date, None, None)
    return None


def _plausible(lang: DatelineLanguage, place: str, outlet: str) -> bool:
    """A known wire after a place (or alone); an unknown outlet only after a place in
    capitals ("CULIACÁN, Mexico") or alone, so that "the Sinaloa Cartel (CDS) -" is no
    dateline."""
    if outlet.lower() in lang.outlets:
        return not place or _looks_like_place(lang, place)
    words = outlet.split()  # an unknown outlet: a short capitalised name
    if len(words) > 4 or not all(w[:1].isupper() for w in words):
        return False
    first = place.split(",")[0]
    return not place or (_looks_like_place(lang, place) and first.upper() == first)


def _looks_like_place(lang: DatelineLanguage, head: str) -> bool:
    """A few capitalised words (connectors like 'de' allowed): a place, not a clause."""
    words = re.findall(r"[^\W\d_][\w.'’-]*", head)
    if not 0 < len(words) <= lang.max_head_words or not head[:1].isupper():
        return False
    return all(w[:1].isupper() or w.lower() in lang.connectors for w in words)


def _make(m: re.Match[str], place: str, date: dt.date | None, raw: str | None,
          outlet: str | None) -> Dateline:
    whole = m.group(0)
    return Dateline(outlet=outlet, outlet_raw=raw, place=place or None, date=date,
                    text=whole.strip(), start=m.start() + len(whole) - len(whole.lstrip()),
                    end=m.end())  # fmt: skip


def _split_head(head: str, published: dt.date | None, language: str) -> tuple[str, dt.date | None]:
    """'CULIACÁN, Mexico, June 2' -> ('CULIACÁN, Mexico', 2 June)."""
    from chronicler.resolve.dates import find_dates

    anchor = published or dt.date.max.replace(year=9000)
    found = [f for f in find_dates(head, 0, anchor, language) if f.precision == "day"]
    if not found:
        return head.strip(" ,"), None
    f = found[-1]
    date = f.begin if (published is not None or re.search(r"(?:19|20)\d\d", head[f.start:f.end])) else None
    place = (head[: f.start] + head[f.end :]).strip(" ,")
    return place, date


def dateline_of(ctx: DocContext) -> Dateline | None:
    """The article's dateline, parsed once and left on `ctx.scratch["dateline"]`."""
    if "dateline" not in ctx.scratch:
        published = ctx.published.date() if isinstance(ctx.published, dt.datetime) else ctx.published
        line = parse_dateline(ctx.text, published, ctx.language)
        ctx.scratch["dateline"] = line
        if line is not None and line.outlet and not ctx.outlet:
            ctx.outlet = line.outlet
            ctx.scratch["outlet"] = line.outlet
    result: Dateline | None = ctx.scratch["dateline"]
    return result


@component("dateline", assigns=("dateline",))
def make_dateline(**_: Any) -> Any:
    def dateline(ctx: DocContext) -> None:
        dateline_of(ctx)

    return dateline
