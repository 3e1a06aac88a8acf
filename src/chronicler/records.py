"""The record types: the contract between pipeline stages.

Every stage reads and writes these types and nothing else. Fields that quote
the article carry a `Span` (character offsets into `Article.text`); fields that
were computed (a canonical name, a resolved date, a grade) are *derived* and
every record that holds derived values names the `pipeline_version` that
produced them. `chronicler schema` publishes the JSON Schema of these models.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

# --- vocabularies ----------------------------------------------------------

EVENT_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
    "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION",
    "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip

EventType = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
    "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION",
    "MOBILIZE", "COERCE", "ASSAULT",
]  # fmt: skip

STATUSES: tuple[str, ...] = (
    "occurred", "ongoing", "planned", "considered", "threatened",
    "not_ruled_out", "denied", "negated", "hypothetical",
)  # fmt: skip

Status = Literal[
    "occurred", "ongoing", "planned", "considered", "threatened",
    "not_ruled_out", "denied", "negated", "hypothetical",
]  # fmt: skip

SECTORS: tuple[str, ...] = (
    "government", "military", "police", "judiciary", "legislature",
    "criminal_organisation", "armed_group", "civilians", "media", "business",
    "igo", "ngo", "religious", "political_party", "protesters", "unknown",
)  # fmt: skip

Grade = Literal["confirmed", "fair", "weak", "contested", "discounted"]
GRADES: tuple[str, ...] = ("confirmed", "fair", "weak", "contested", "discounted")

PlacePrecision = Literal["point", "town", "admin2", "admin1", "country", "region", "unknown"]
DatePrecision = Literal["day", "week", "month", "season", "year", "multi_year", "unknown"]
SourceKind = Literal[
    "named_person", "named_organisation", "anonymous", "document", "reporter", "unresolved"
]


class Record(BaseModel):
    """Base for all records: strict about unknown fields so typos fail loudly."""

    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Span(Record):
    """A half-open `[start, end)` range of character offsets into the article text."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str = ""

    def slice(self, text: str) -> str:
        return text[self.start : self.end]


class Cue(Span):
    """A named word set of the language pack (`cues.json`) found in an event's clause or
    sentence, with the characters that matched: the crosswalk's finer ACLED rows read it."""

    name: str


# --- articles --------------------------------------------------------------


class Origin(Record):
    """Where an article came from: the kind of input and a reference to it."""

    kind: Literal["file", "text", "html", "json", "url", "feed", "warc", "stdin", "sample"]
    ref: str = Field(description="Path, URL, feed URL + item id, WARC path + record id, …")


class Article(Record):
    id: str = Field(description="sha256 (hex, first 32 chars) of the normalised text")
    text: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    author: str | None = None
    published_at: dt.datetime | None = None
    language: str | None = Field(default=None, description="ISO 639-1 code, or None if unknown")
    language_supported: bool = True
    origin: Origin
    ingested_at: dt.datetime | None = None
    processed_version: str | None = Field(
        default=None, description="pipeline version that last extracted events from it"
    )


# --- event arguments -------------------------------------------------------


class Entity(Record):
    """An actor or recipient: the span as written plus what it resolved to (derived)."""

    text: str
    span: Span | None = None
    canonical: str | None = None
    entity_id: str | None = Field(default=None, description="knowledge-base id, e.g. 'usa.dea'")
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-3")
    sector: str | None = None
    resolution: Literal["kb", "country", "sector_rule", "unknown"] = "unknown"
    via_span: Span | None = Field(
        default=None, description="antecedent span when the actor was a pronoun"
    )


class Place(Record):
    text: str
    span: Span | None = None
    name: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-3")
    admin1_code: str | None = Field(default=None, description="ISO 3166-2 code when known")
    latitude: float | None = None
    longitude: float | None = None
    precision: PlacePrecision = "unknown"
    gazetteer: str | None = Field(default=None, description="which resource resolved it")


class DateRef(Record):
    text: str | None = None
    span: Span | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    precision: DatePrecision = "unknown"
    from_publication: bool = Field(
        default=False, description="no date in the text: the publication date was used"
    )


class Count(Record):
    """A reported number of people, as low / best / high (UCDP style)."""

    low: int | None = None
    best: int | None = None
    high: int | None = None
    category: str | None = Field(
        default=None, description="civilians, security_forces, cartel_members, migrants, …"
    )
    text: str | None = None
    span: Span | None = None
    aggregate: bool = Field(
        default=False,
        description="a running or period total ('15 murders in the last 24 hours'), "
        "not the toll of one event",
    )


class Toll(Record):
    killed: Count | None = None
    injured: Count | None = None
    arrested: Count | None = None
    kidnapped: Count | None = None

    def is_empty(self) -> bool:
        return not any((self.killed, self.injured, self.arrested, self.kidnapped))


class SourceProfile(Record):
    kind: SourceKind = "reporter"
    name: str | None = None
    count_low: int | None = Field(default=None, description="anonymous sources: at least this many")
    count_text: str | None = None
    description: str | None = Field(
        default=None, description="e.g. 'with knowledge of the matter'"
    )
    affiliation: str | None = Field(default=None, description="e.g. 'Defense Department'")
    venue: str | None = Field(default=None, description="e.g. 'Senate confirmation hearing'")
    venue_span: Span | None = None
    statement_date: DateRef | None = None
    antecedent: Span | None = Field(
        default=None, description="for pronoun sources: the entity span it resolves to"
    )


class Attribution(Record):
    """Who asserts a claim: source, cue and content spans, plus the profile (derived)."""

    source: list[Span] = Field(default_factory=list)
    cue: list[Span] = Field(default_factory=list)
    content: list[Span] = Field(default_factory=list)
    profile: SourceProfile = Field(default_factory=SourceProfile)
    outlets: list[str] = Field(
        default_factory=list,
        description="outlet chain, nearest first: ['The Independent', 'NBC News']",
    )
    hedges: list[Span] = Field(default_factory=list)
    is_request: bool = Field(
        default=False, description="a request for comment, not a claim about events"
    )
    reports_events: bool = Field(
        default=True,
        description="false for a stance or an act that annotation schemes such as PolNeAR mark as "
        "an attribution but that reports no event ('the minister ordered ...', 'Trump blasted the "
        "plan', 'the option seems ...' with no speaker): listed, never an event's source (derived)",
    )
    confidence: float = 1.0


# --- events and incidents --------------------------------------------------


class Event(Record):
    """One event claim extracted from one article."""

    id: str = Field(description="stable: hash of article id, trigger offsets and type")
    article_id: str
    event_type: EventType
    mode: str | None = None
    trigger: Span
    sentence: Span
    actor: Entity | None = None
    recipient: Entity | None = None
    location: Place | None = None
    context_places: list[Place] = Field(
        default_factory=list,
        description="other places the event's sentence names (where it was said, ...)",
    )
    date: DateRef | None = None
    toll: Toll = Field(default_factory=Toll)
    status: Status = "occurred"
    status_cue: Span | None = None
    cues: list[Cue] = Field(
        default_factory=list,
        description="the language pack's named cues (cues.json) found in the trigger's clause or sentence; "
        "read by the ACLED crosswalk's `cue` column (a grenade, a town taken), never by the PLOVER type",
    )
    attribution: Attribution | None = None
    confidence: float = Field(ge=0.0, le=1.0, default=0.5)
    pipeline_version: str
    derived: list[str] = Field(
        default_factory=list,
        description="fields computed rather than read off a span (e.g. 'date' from publication)",
    )
    language: str | None = Field(
        default=None, description="ISO 639-1 code of the article it was read from (None: older records)"
    )


class IncidentSource(Record):
    article_id: str
    event_ids: list[str] = Field(default_factory=list)
    outlet: str | None = None
    url: str | None = None
    published_at: dt.datetime | None = None
    independent: bool = True
    relays: str | None = Field(default=None, description="outlet or article this one relays")
    relay_reason: str | None = None
    attribution_kind: SourceKind | None = None
    attribution_name: str | None = None
    status: Status | None = None


class HistoryEntry(Record):
    at: dt.datetime
    what: str
    by: str = "pipeline"
    pipeline_version: str | None = None


class Incident(Record):
    """One real-world occurrence, merged from every event claim that reports it."""

    id: str
    event_type: EventType
    mode: str | None = None
    status: Status | Literal["contested"] = "occurred"
    grade: Grade = "weak"
    grade_reason: str = ""
    date: DateRef | None = None
    location: Place | None = None
    actor: Entity | None = None
    recipient: Entity | None = None
    toll: Toll = Field(default_factory=Toll)
    cues: list[str] = Field(
        default_factory=list, description="names of the cues its events of the incident's type carry (Event.cues)"
    )
    event_ids: list[str] = Field(default_factory=list)
    sources: list[IncidentSource] = Field(default_factory=list)
    first_reported_at: dt.datetime | None = None
    merge_explanations: list[str] = Field(default_factory=list)
    flags: list[str] = Field(default_factory=list, description="e.g. 'conflicting_dates'")
    summary: str = ""
    history: list[HistoryEntry] = Field(default_factory=list)
    corrected: bool = False
    pipeline_version: str


class Correction(Record):
    """An analyst's correction, stored apart from machine output and applied on top of it."""

    id: str | None = None
    target_kind: Literal["incident", "event"]
    target_id: str
    action: Literal["merge", "split", "edit", "reject", "confirm", "withdraw"]
    payload: dict[str, Any] = Field(default_factory=dict)
    author: str
    note: str | None = None
    created_at: dt.datetime | None = None


RECORD_TYPES: dict[str, type[Record]] = {
    "Article": Article,
    "Event": Event,
    "Incident": Incident,
    "Attribution": Attribution,
    "Correction": Correction,
}


def json_schema() -> dict[str, Any]:
    """One JSON Schema document whose `$defs` hold every record type."""
    defs: dict[str, Any] = {}
    for name, model in RECORD_TYPES.items():
        schema = model.model_json_schema(ref_template="#/$defs/{model}")
        defs.update(schema.pop("$defs", {}))
        defs[name] = schema
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://chronicler.invalid/schema/records.json",
        "title": "chronicler records",
        "oneOf": [{"$ref": f"#/$defs/{name}"} for name in RECORD_TYPES],
        "$defs": defs,
    }
