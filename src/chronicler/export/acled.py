"""Records -> ACLED-style flat rows: the type crosswalk, the status rule, actor codes, tags.

Every mapping is data: `data/crosswalk/acled_plover.csv` (PLOVER type/mode -> ACLED types,
read through `chronicler.extract.crosswalk`, which the engine shares),
`acled_status.csv` (which statuses may carry a violence type), `acled_regions.csv`,
`outlet_scale.csv`, and the language pack's `export_tags.json`. docs/exports.md shows them.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from chronicler.config import data_dir
from chronicler.export.columns import What

HAPPENED: tuple[str, ...] = ("occurred", "ongoing")  # what every export holds by default
class AcledType(NamedTuple):
    disorder_type: str | None
    event_type: str | None
    sub_event_type: str | None


def _crosswalk_dir() -> Any:
    return data_dir() / "crosswalk"


@functools.lru_cache(maxsize=1)
def status_rule() -> dict[str, str]:
    """status -> "as_typed", "strategic" or "none" (see acled_status.csv)."""
    with (_crosswalk_dir() / "acled_status.csv").open(encoding="utf-8", newline="") as handle:
        return {r["status"]: r["acled"] for r in csv.DictReader(handle)}


# The ACLED codebook's disorder type of each event type.
DISORDER: dict[str, str] = {
    "Battles": "Political violence", "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence", "Riots": "Political violence",
    "Protests": "Demonstrations", "Strategic developments": "Strategic developments",
}  # fmt: skip
STRATEGIC_OTHER = AcledType("Strategic developments", "Strategic developments", "Other")
NO_TYPE = AcledType(None, None, None)


def acled_codes(event_type: str, mode: str | None, recipient_sector: str | None, status: str | None = "occurred",
                actor_sector: str | None = None, cues: Iterable[str] = ()) -> AcledType:  # fmt: skip
    """ACLED (disorder_type, event_type, sub_event_type) for a PLOVER type, mode and status.

    Only what happened (occurred, ongoing) gets the crosswalk's type (data/crosswalk/
    acled_plover.csv, read by `chronicler.extract.crosswalk`); plans, threats and options
    considered are Strategic developments / Other (ACLED's convention); denied, negated,
    hypothetical and contested records get no ACLED type at all (acled_status.csv). `cues`:
    the names of the record's cues (Event.cues, Incident.cues), read by the crosswalk's cue rows."""
    from chronicler.extract.crosswalk import acled_for

    rule = status_rule().get(status or "occurred", "none")
    if rule == "strategic":
        return STRATEGIC_OTHER
    if rule != "as_typed":
        return NO_TYPE
    acled_event, sub_event = acled_for(event_type, mode, recipient_sector, actor_sector, cues)
    return AcledType(DISORDER.get(acled_event, "Strategic developments"), acled_event, sub_event)


def record_cues(rec: Mapping[str, Any]) -> tuple[str, ...]:
    """The cue names of a record as JSON: an Event's cues are spans with a name, an Incident's names."""
    return tuple(c["name"] if isinstance(c, Mapping) else str(c) for c in rec.get("cues") or ())


def acled_type(event_type: str, mode: str | None, recipient_sector: str | None,
               status: str | None = "occurred", actor_sector: str | None = None,
               cues: Iterable[str] = ()) -> tuple[str | None, str | None]:  # fmt: skip
    """(ACLED event_type, sub_event_type); both None for what did not happen."""
    codes = acled_codes(event_type, mode, recipient_sector, status, actor_sector, cues)
    return codes.event_type, codes.sub_event_type


# --- actor codes (ACLED codebook: inter1, inter2, interaction) ----------------------------

INTER_NAMES: dict[int, str] = {
    1: "State forces", 2: "Rebel groups", 3: "Political militias", 4: "Identity militias",
    5: "Rioters", 6: "Protesters", 7: "Civilians", 8: "External/Other forces",
}  # fmt: skip
_STATE_SECTORS = frozenset({"government", "military", "police", "judiciary", "legislature"})
_SECTOR_INTER: dict[str, int] = {
    **{s: 1 for s in _STATE_SECTORS},
    "armed_group": 3, "criminal_organisation": 3, "igo": 8,
    "civilians": 7, "media": 7, "ngo": 7, "religious": 7, "business": 7, "political_party": 7,
}  # fmt: skip


def inter_code(entity: Mapping[str, Any] | None, role: str, event_type: str, mode: str | None,
               place_country: str | None) -> int | None:  # fmt: skip
    """ACLED's actor type code for an actor (role "actor") or recipient ("recipient")."""
    if not entity:
        return None
    if role == "actor" and event_type == "PROTEST":
        return 5 if mode == "riot" else 6
    sector = entity.get("sector")
    code = _SECTOR_INTER.get(sector or "")
    if code == 1 and entity.get("country") and place_country and entity["country"] != place_country:
        return 8  # state forces acting outside their own country
    return code


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """Two-digit ACLED interaction: the lower code first; a sole actor's code followed by 0."""
    codes = sorted(c for c in (inter1, inter2) if c)
    if not codes:
        return None
    return codes[0] * 10 + (codes[1] if len(codes) > 1 else 0)


# --- places, dates, sources, tags -------------------------------------------------------

TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "season": 3, "year": 3, "multi_year": 3}
GEO_PRECISION = {"point": 1, "town": 1, "admin2": 2, "admin1": 3, "country": 3, "region": 3}
SCALE_ORDER = ("Local", "Subnational", "National", "Regional", "International", "New media", "Other")


@functools.lru_cache(maxsize=1)
def _regions() -> dict[str, str]:
    with (_crosswalk_dir() / "acled_regions.csv").open(encoding="utf-8", newline="") as handle:
        return {r["iso3"]: r["region"] for r in csv.DictReader(handle)}


@functools.lru_cache(maxsize=1)
def _outlet_scales() -> dict[str, str]:
    from chronicler.resolve.text import normalise

    with (_crosswalk_dir() / "outlet_scale.csv").open(encoding="utf-8", newline="") as handle:
        return {normalise(r["outlet"]): r["source_scale"] for r in csv.DictReader(handle)}


@functools.lru_cache(maxsize=4096)
def outlet_scale(outlet: str) -> str | None:
    """ACLED source scale of an outlet: the table's, "Other" for an organisation's own
    statement (the outlet is a knowledge-base entry), else unknown."""
    from chronicler.resolve.kb import load_kb
    from chronicler.resolve.text import normalise

    key = normalise(outlet)
    if key in _outlet_scales():
        return _outlet_scales()[key]
    return "Other" if key in load_kb().alias_index else None


def source_scale(outlets: Sequence[str]) -> str | None:
    scales = {s for o in outlets if (s := outlet_scale(o))}
    return "-".join(s for s in SCALE_ORDER if s in scales) or None


def region(iso3: str | None) -> str | None:
    """ACLED's region of a country (acled_regions.csv), when listed."""
    return _regions().get(iso3 or "")


@functools.lru_cache(maxsize=512)
def country_info(iso3: str | None) -> tuple[str | None, int | None]:
    """(common name, ISO 3166-1 numeric code) of an alpha-3 code."""
    if not iso3:
        return None, None
    import pycountry

    found = pycountry.countries.get(alpha_3=iso3)
    if found is None:
        return iso3, None
    return getattr(found, "common_name", None) or found.name, int(found.numeric)


def country_name(iso3: str | None) -> str | None:
    return country_info(iso3)[0]


@dataclass(frozen=True)
class TagCues:
    crowd_size: re.Pattern[str] | None
    women: frozenset[str]


@functools.lru_cache(maxsize=8)
def tag_cues(language: str) -> TagCues:
    """The language pack's cues for tags (none when the language has no pack or no file)."""
    from chronicler.lang import has_pack, load_pack

    if not has_pack(language) or not load_pack(language).has("export_tags"):
        return TagCues(None, frozenset())
    raw = load_pack(language).json("export_tags")
    pattern = re.compile(raw["crowd_size"], re.IGNORECASE) if raw.get("crowd_size") else None
    return TagCues(pattern, frozenset(w.casefold() for w in raw.get("women_targeted", [])))


def tags(rec: Mapping[str, Any], language: str = "en") -> str | None:
    """ACLED tags stated in the record: `crowd size=…` for protests, `women targeted`."""
    cues = tag_cues(language or "en")
    out: list[str] = []
    actor_text = ((rec.get("actor") or {}).get("text") or "").strip()
    if rec.get("event_type") == "PROTEST" and cues.crowd_size and actor_text:
        found = cues.crowd_size.match(actor_text)
        if found:
            out.append(f"crowd size={found.group(1).strip()}")
    recipient_text = ((rec.get("recipient") or {}).get("text") or "").casefold()
    if cues.women and cues.women & set(re.findall(r"\w+", recipient_text)):
        out.append("women targeted")
    return "; ".join(out) or None


# --- records -> rows ------------------------------------------------------------------


@dataclass
class RowContext:
    """What a row needs beyond its record: member events (incidents) and store columns."""

    extra: Mapping[str, Any] = field(default_factory=dict)
    members: Sequence[Mapping[str, Any]] = ()


def _name(entity: Mapping[str, Any] | None) -> str | None:
    return (entity.get("canonical") or entity.get("text")) if entity else None


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value[:10]) if value else None


def _utc(value: Any) -> dt.datetime | None:
    if not value:
        return None
    stamp = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)


MAX_NOTE_SENTENCES = 3


def notes(rec: Mapping[str, Any], ctx: RowContext) -> str:
    """The evidence: the sentence(s) that report the event (incidents: their first few
    distinct reports), else the summary, else a sentence built from the fields."""
    sentences = [((rec.get("sentence") or {}).get("text") or "").strip()]
    sentences += [((m.get("sentence") or {}).get("text") or "").strip() for m in ctx.members]
    unique = [s for s in dict.fromkeys(sentences) if s][:MAX_NOTE_SENTENCES]
    if unique:
        return " | ".join(unique)
    if rec.get("summary"):
        return str(rec["summary"])
    loc = rec.get("location") or {}
    what = rec["event_type"] + (f"/{rec['mode']}" if rec.get("mode") else "")
    parts = [what, f"by {_name(rec.get('actor'))}" if rec.get("actor") else "",
             f"against {_name(rec.get('recipient'))}" if rec.get("recipient") else "",
             f"in {loc.get('name') or loc.get('text')}" if loc else ""]  # fmt: skip
    return " ".join(p for p in parts if p)


def _associates(main: str | None, members: Sequence[Mapping[str, Any]], role: str) -> str | None:
    names = [_name(m.get(role)) for m in members]
    return "; ".join(dict.fromkeys(n for n in names if n and n != main)) or None


def _outlets(rec: Mapping[str, Any], what: What, extra: Mapping[str, Any]) -> list[str]:
    if what == "incidents":
        found = [s.get("outlet") for s in rec.get("sources") or []]
    else:
        found = [extra.get("outlet"), *(((rec.get("attribution") or {}).get("outlets")) or [])]
    return list(dict.fromkeys(o for o in found if o))


def flat_row(rec: Mapping[str, Any], what: What = "incidents", ctx: RowContext | None = None) -> dict[str, Any]:
    """One record (an Incident or Event as JSON) as the typed flat columns."""
    ctx = ctx or RowContext()
    extra = ctx.extra
    loc, date = rec.get("location") or {}, rec.get("date") or {}
    actor, recipient = rec.get("actor") or {}, rec.get("recipient") or {}
    killed = (rec.get("toll") or {}).get("killed") or {}
    status = rec.get("status")
    kind = acled_codes(rec["event_type"], rec.get("mode"), recipient.get("sector"), status, actor.get("sector"),
                       record_cues(rec))  # fmt: skip
    start, iso3 = _date(date.get("start")), loc.get("country")
    country, iso_numeric = country_info(iso3)
    inter1 = inter_code(actor, "actor", rec["event_type"], rec.get("mode"), iso3)
    inter2 = inter_code(recipient, "recipient", rec["event_type"], rec.get("mode"), iso3)
    outlets = _outlets(rec, what, extra)
    updated = _utc(extra.get("updated_at"))
    if what == "incidents":
        n_sources, first, incident_id = len(rec.get("sources") or []), rec.get("first_reported_at"), rec["id"]
    else:
        n_sources, first, incident_id = 1, extra.get("published_at"), extra.get("incident_id")
    row: dict[str, Any] = {
        "event_id_cnty": f"{iso3}-{rec['id']}" if iso3 else rec["id"],
        "event_date": start, "year": start.year if start else None,
        "time_precision": TIME_PRECISION.get(date.get("precision") or "", 3) if start else None,
        "disorder_type": kind.disorder_type, "event_type": kind.event_type, "sub_event_type": kind.sub_event_type,
        "actor1": _name(actor), "assoc_actor_1": _associates(_name(actor), ctx.members, "actor"),
        "inter1": inter1,
        "actor2": _name(recipient), "assoc_actor_2": _associates(_name(recipient), ctx.members, "recipient"),
        "inter2": inter2, "interaction": interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if kind.event_type == "Violence against civilians" else None,
        "iso": iso_numeric, "region": region(iso3), "country": country,
        "admin1": loc.get("admin1"), "admin2": loc.get("admin2"), "admin3": None,
        "location": loc.get("name") or loc.get("text"),
        "latitude": loc.get("latitude"), "longitude": loc.get("longitude"),
        "geo_precision": GEO_PRECISION.get(loc.get("precision", "unknown")),
        "source": "; ".join(outlets) or None, "source_scale": source_scale(outlets),
        "notes": notes(rec, ctx),
        # ACLED codes "no reported deaths" as 0; fatalities_best keeps the difference. Nobody
        # died in what did not happen: rows without a violence type count 0.
        "fatalities": (killed.get("best") or 0) if status in HAPPENED else 0,
        "tags": tags(rec, extra.get("language") or "en"),
        "timestamp": int(updated.timestamp()) if updated else None,
        "iso3": iso3, "status": status, "grade": rec.get("grade"),
        "fatalities_low": killed.get("low"), "fatalities_best": killed.get("best"),
        "fatalities_high": killed.get("high"),
        "plover_type": rec["event_type"], "plover_mode": rec.get("mode"),
        "actor1_country": actor.get("country"), "actor1_sector": actor.get("sector"),
        "actor2_country": recipient.get("country"), "actor2_sector": recipient.get("sector"),
        "n_sources": n_sources, "first_reported_at": _utc(first), "incident_id": incident_id,
    }  # fmt: skip
    if what == "events":
        row.update(event_id=rec["id"], article_id=rec["article_id"], confidence=rec.get("confidence"))
    return row
