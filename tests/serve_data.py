"""A small, demo-like store for the API and browser tests: invented articles, events, incidents.

Every span is computed from the invented text, so highlights land on real words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from chronicler.records import (
    Attribution,
    Count,
    DateRef,
    Entity,
    Event,
    Incident,
    IncidentSource,
    Place,
    SourceProfile,
    Span,
    Toll,
)
from chronicler.version import PIPELINE_VERSION
from tests.factories import make_article, make_event

CULIACAN = {"name": "Culiacán", "admin1": "Sinaloa", "country": "MEX", "latitude": 24.80, "longitude": -107.39}
REYNOSA = {"name": "Reynosa", "admin1": "Tamaulipas", "country": "MEX", "latitude": 26.08, "longitude": -98.29}
APATZINGAN = {"name": "Apatzingán", "admin1": "Michoacan", "country": "MEX", "latitude": 19.09, "longitude": -102.35}

TEXTS = {
    "wire": (
        "Gunmen attacked a police convoy in Culiacán on Tuesday, killing four officers, "
        "state prosecutors said. The attack came hours after soldiers detained a local cell leader."
    ),
    "relay": (
        "Four police officers were killed when gunmen ambushed their convoy in Culiacán, "
        "according to a report by Noticias del Pacífico. Residents said shooting lasted an hour."
    ),
    "scoop": (
        "US officials have considered drone strikes against cartel laboratories in Mexico, "
        "at least six sources with knowledge of the matter told NBC News. "
        "The White House did not rule out the option."
    ),
    "arrest": (
        "Mexican marines arrested 12 suspected members of the Gulf Cartel in Reynosa on Friday, "
        "the Navy said in a statement."
    ),
    "denial": (
        "The Sinaloa Cartel denied that its members attacked soldiers in Apatzingán last week, "
        "a message circulated online said."
    ),
}


def _span(text: str, piece: str, after: int = 0) -> Span:
    start = text.index(piece, after)
    return Span(start=start, end=start + len(piece), text=piece)


def _entity(text: str, piece: str, canonical: str, country: str | None, sector: str) -> Entity:
    return Entity(text=piece, span=_span(text, piece), canonical=canonical, country=country,
                  sector=sector, resolution="kb")


def _place(text: str, piece: str, where: dict[str, Any]) -> Place:
    return Place(text=piece, span=_span(text, piece), precision="town", **where)


def _sentence(text: str, piece: str) -> Span:
    start = text.index(piece)
    end = text.find(". ", start)
    end = len(text) if end < 0 else end + 1
    return Span(start=start, end=end, text=text[start:end])


@dataclass
class Demo:
    articles: dict[str, Any] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    incidents: dict[str, Incident] = field(default_factory=dict)


def build_demo() -> Demo:
    demo = Demo()
    a = {k: make_article(v, outlet=o, title=t, published_at=dt.datetime(2026, m, d, 9, 0))
         for (k, v), (o, t, m, d) in zip(TEXTS.items(), [
             ("Wire Service", "Police convoy attacked in Culiacán", 3, 10),
             ("Daily Relay", "Four officers killed in Culiacán ambush", 3, 11),
             ("The Independent", "US weighed drone strikes on cartels", 2, 20),
             ("Wire Service", "Marines arrest 12 in Reynosa", 3, 14),
             ("Border Post", "Cartel denies attack on soldiers", 1, 25),
         ], strict=True)}
    demo.articles = a
    wire, relay, scoop, arrest, denial = (a[k] for k in TEXTS)

    e_wire = make_event(
        wire, "attacked", "ASSAULT", mode="firearms", sentence=_sentence(wire.text, "Gunmen attacked"),
        actor=_entity(wire.text, "Gunmen", "unidentified gunmen", None, "armed_group"),
        recipient=_entity(wire.text, "a police convoy", "Sinaloa state police", "MEX", "police"),
        location=_place(wire.text, "Culiacán", CULIACAN),
        date=DateRef(text="on Tuesday", span=_span(wire.text, "on Tuesday"), start=dt.date(2026, 3, 10),
                     end=dt.date(2026, 3, 10), precision="day"),
        toll=Toll(killed=Count(low=4, best=4, high=4, category="security_forces", text="four officers",
                               span=_span(wire.text, "four officers"))),
        attribution=Attribution(source=[_span(wire.text, "state prosecutors")], cue=[_span(wire.text, "said")],
                                profile=SourceProfile(kind="named_organisation", name="Sinaloa state prosecutors")),
        confidence=0.86,
    )
    e_relay = make_event(
        relay, "ambushed", "ASSAULT", mode="firearms", sentence=_sentence(relay.text, "Four police"),
        actor=_entity(relay.text, "gunmen", "unidentified gunmen", None, "armed_group"),
        recipient=_entity(relay.text, "their convoy", "Sinaloa state police", "MEX", "police"),
        location=_place(relay.text, "Culiacán", CULIACAN),
        date=DateRef(start=dt.date(2026, 3, 10), end=dt.date(2026, 3, 10), precision="day", from_publication=False),
        toll=Toll(killed=Count(low=4, best=4, high=5, text="Four police officers",
                               span=_span(relay.text, "Four police officers"))),
        attribution=Attribution(source=[_span(relay.text, "Noticias del Pacífico")],
                                cue=[_span(relay.text, "according to")], outlets=["Noticias del Pacífico"],
                                profile=SourceProfile(kind="named_organisation", name="Noticias del Pacífico")),
        confidence=0.8,
    )
    e_scoop = make_event(
        scoop, "drone strikes", "ASSAULT", mode="drone", status="considered",
        sentence=_sentence(scoop.text, "US officials"),
        status_cue=_span(scoop.text, "considered"),
        actor=_entity(scoop.text, "US officials", "United States government", "USA", "government"),
        recipient=_entity(scoop.text, "cartel laboratories", "drug cartels", "MEX", "criminal_organisation"),
        location=Place(text="Mexico", span=_span(scoop.text, "Mexico"), name="Mexico", country="MEX", precision="country",
                       latitude=23.0, longitude=-102.0),
        attribution=Attribution(
            source=[_span(scoop.text, "at least six sources with knowledge of the matter")],
            cue=[_span(scoop.text, "told")], outlets=["The Independent", "NBC News"],
            profile=SourceProfile(kind="anonymous", count_low=6, count_text="at least six",
                                  description="with knowledge of the matter"),
        ),
        confidence=0.74,
    )
    e_arrest = make_event(
        arrest, "arrested", "COERCE", mode="arrest", sentence=_sentence(arrest.text, "Mexican marines"),
        actor=_entity(arrest.text, "Mexican marines", "Mexican Navy", "MEX", "military"),
        recipient=_entity(arrest.text, "the Gulf Cartel", "Gulf Cartel", "MEX", "criminal_organisation"),
        location=_place(arrest.text, "Reynosa", REYNOSA),
        date=DateRef(text="on Friday", span=_span(arrest.text, "on Friday"), start=dt.date(2026, 3, 13),
                     end=dt.date(2026, 3, 13), precision="day"),
        toll=Toll(arrested=Count(low=12, best=12, high=12, text="12", span=_span(arrest.text, "12"))),
        attribution=Attribution(source=[_span(arrest.text, "the Navy")], cue=[_span(arrest.text, "said")],
                                profile=SourceProfile(kind="named_organisation", name="Mexican Navy")),
        confidence=0.9,
    )
    e_denial = make_event(
        denial, "attacked", "ASSAULT", status="denied", sentence=_sentence(denial.text, "The Sinaloa Cartel"),
        status_cue=_span(denial.text, "denied"),
        actor=_entity(denial.text, "its members", "Sinaloa Cartel", "MEX", "criminal_organisation"),
        recipient=_entity(denial.text, "soldiers", "Mexican Army", "MEX", "military"),
        location=_place(denial.text, "Apatzingán", APATZINGAN),
        date=DateRef(text="last week", span=_span(denial.text, "last week"), start=dt.date(2026, 1, 12),
                     end=dt.date(2026, 1, 18), precision="week"),
        confidence=0.6,
    )
    demo.events = {e.id: e for e in (e_wire, e_relay, e_scoop, e_arrest, e_denial)}

    def incident(iid: str, events: list[Event], **kw: Any) -> Incident:
        first = events[0]
        sources = [IncidentSource(article_id=e.article_id, event_ids=[e.id], outlet=a_by_id[e.article_id].outlet,
                                  published_at=a_by_id[e.article_id].published_at, status=e.status,
                                  independent=k == 0 or kw.get("independent_relays", False),
                                  relays=None if k == 0 else kw.get("relays"))
                   for k, e in enumerate(events)]
        kw.pop("independent_relays", None)
        kw.pop("relays", None)
        fields: dict[str, Any] = {
            "id": iid, "event_type": first.event_type, "mode": first.mode, "status": first.status,
            "date": first.date, "location": first.location, "actor": first.actor, "recipient": first.recipient,
            "toll": first.toll, "event_ids": [e.id for e in events], "sources": sources,
            "first_reported_at": min(a_by_id[e.article_id].published_at for e in events),
            "pipeline_version": PIPELINE_VERSION,
        }
        fields.update(kw)
        return Incident(**fields)

    a_by_id = {x.id: x for x in a.values()}
    incidents = [
        incident("inc-culiacan", [e_wire, e_relay], grade="fair",
                 grade_reason="two reports; the second relays a local outlet; official source named",
                 toll=Toll(killed=Count(low=4, best=4, high=5, category="security_forces")),
                 summary="Gunmen ambushed a Sinaloa state police convoy in Culiacán; four officers killed.",
                 relays="Noticias del Pacífico", merge_explanations=["same type, same day, same town (Culiacán)"]),
        incident("inc-drone", [e_scoop], grade="weak", status="considered",
                 grade_reason="one report relaying anonymous officials",
                 summary="US officials considered drone strikes on cartel sites in Mexico."),
        incident("inc-reynosa", [e_arrest], grade="confirmed",
                 grade_reason="official statement by the Navy",
                 summary="Marines arrested 12 suspected Gulf Cartel members in Reynosa."),
        incident("inc-apatzingan", [e_denial], grade="contested", status="denied",
                 grade_reason="the only report is a denial by the alleged perpetrator"),
    ]
    demo.incidents = {i.id: i for i in incidents}
    return demo


def fill_store(store: Any, demo: Demo | None = None) -> Demo:
    """Write the demo records (or `demo`, a variant of them) through the Store (articles,
    extraction, incidents)."""
    demo = demo if demo is not None else build_demo()
    store.add_articles(list(demo.articles.values()))
    by_article: dict[str, list[Event]] = {x.id: [] for x in demo.articles.values()}
    for event in demo.events.values():
        by_article[event.article_id].append(event)
    store.save_extraction(list(by_article.items()), PIPELINE_VERSION)
    store.replace_incidents(list(demo.incidents.values()))
    return demo
