"""Arguments and their sectors: the rules of issue 10 items 4 and 6, on fixtures of our own.

Agentless passives with a context actor, sectors from common nouns (English and
Spanish, plurals of the Spanish pack's singular keys, bare counts), an actor never the
recipient, the Spanish personal "a" kept out of spans, clash sides, codebook modes, and
the wire dateline: its outlet comes through and its words are never an actor.
"""

from __future__ import annotations

import datetime as dt

import pytest

from chronicler.pipeline import DocContext, Input, Pipeline
from chronicler.records import Event
from chronicler.resolve.actors import resolve_text


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.from_config()


def run(pipeline: Pipeline, text: str, language: str = "en") -> DocContext:
    (ctx,) = pipeline.run([Input("t", text, dt.date(2025, 5, 7), language=language)])
    return ctx


def events(pipeline: Pipeline, text: str, language: str = "en") -> list[Event]:
    return run(pipeline, text, language).events


def only(found: list[Event], event_type: str) -> Event:
    matching = [e for e in found if e.event_type == event_type]
    assert len(matching) == 1, [(e.event_type, e.trigger.text) for e in found]
    return matching[0]


def sectors(ev: Event) -> tuple[str | None, str | None]:
    return (ev.actor.sector if ev.actor else None, ev.recipient.sector if ev.recipient else None)


# --- sector from common nouns -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "sector"),
    [
        ("two hitmen", "en", "criminal_organisation"),
        ("masked gunmen on motorbikes", "en", "criminal_organisation"),
        ("the National Guard", "en", "police"),
        ("three customers", "en", "civilians"),
        ("rioters", "en", "protesters"),
        ("Eleven", "en", "civilians"),  # a bare count names people
        ("23", "en", "civilians"),
        ("sujetos armados", "es", "criminal_organisation"),
        ("cuatro pobladores", "es", "civilians"),  # plural of the pack's singular key
        ("tres mineros de Sonora", "es", "civilians"),
        ("dos cadáveres", "es", "civilians"),
        ("los policías estatales", "es", "police"),
        ("la Secretaría de Seguridad Pública", "es", "police"),
        ("seis", "es", "civilians"),
        ("integrantes de un grupo delictivo", "es", "criminal_organisation"),
    ],
)
def test_sector_from_common_nouns(text: str, language: str, sector: str) -> None:
    assert resolve_text(text, language=language).sector == sector


def test_a_count_with_a_noun_is_read_by_its_noun() -> None:
    assert resolve_text("Twelve soldiers", language="en").sector == "military"
    assert resolve_text("Two bridges", language="en").sector is None  # not people


def test_sectors_in_events_english(pipeline: Pipeline) -> None:
    ev = only(events(pipeline, "On 3 March 2024, hitmen shot dead four farmers near Uruapan."), "ASSAULT")
    assert sectors(ev) == ("criminal_organisation", "civilians")


def test_sectors_in_events_spanish(pipeline: Pipeline) -> None:
    ev = only(events(pipeline, "Sujetos armados secuestraron a tres comerciantes en Zitácuaro.", "es"), "ASSAULT")
    assert sectors(ev) == ("criminal_organisation", "civilians")


def test_crowd_dispersed_with_tear_gas_is_protesters(pipeline: Pipeline) -> None:
    ev = only(events(pipeline, "Riot police fired tear gas at hundreds of students outside the town hall."), "ASSAULT")
    assert ev.mode == "crowd-control"
    assert sectors(ev) == ("police", "protesters")


# --- agentless passives and context actors ------------------------------------------


def test_agentless_arrest_takes_the_reporting_force(pipeline: Pipeline) -> None:
    ev = only(events(pipeline, "Forty people were detained overnight, a police spokeswoman said."), "COERCE")
    assert ev.actor is not None and ev.actor.text == "police" and ev.actor.sector == "police"
    assert ev.recipient is not None and ev.recipient.sector == "civilians"


def test_agentless_killing_keeps_no_actor(pipeline: Pipeline) -> None:
    ev = only(events(pipeline, "A taxi driver was shot dead in Tijuana on Monday, police said."), "ASSAULT")
    assert ev.actor is None  # "police said" names a source, not who shot
    assert ev.recipient is not None and ev.recipient.sector == "civilians"


def test_coordinated_verb_lends_its_subject(pipeline: Pipeline) -> None:
    found = events(pipeline, "Marines searched a warehouse in Manzanillo and later arrested two men.")
    ev = only(found, "COERCE") if len([e for e in found if e.event_type == "COERCE"]) == 1 else \
        next(e for e in found if e.mode == "arrest")
    assert ev.actor is not None and ev.actor.sector == "military"


def test_passive_with_its_own_subject_borrows_no_actor(pipeline: Pipeline) -> None:
    text = "Three marines were wounded and six suspects were arrested after the gunfight."
    ev = next(e for e in events(pipeline, text) if e.mode == "arrest")
    assert ev.actor is None or ev.actor.sector != "military" or "marines" not in ev.actor.text


# --- actor never the recipient; clash sides; personal "a" -------------------------------


def _overlap(ev: Event) -> bool:
    a, r = ev.actor, ev.recipient
    return a is not None and r is not None and a.span.start < r.span.end and r.span.start < a.span.end


def test_clash_between_two_groups_is_actor_and_recipient(pipeline: Pipeline) -> None:
    ev = only(events(pipeline, "A shootout between the Gulf Cartel and Los Zetas left four dead in Reynosa."), "ASSAULT")
    assert ev.actor is not None and ev.recipient is not None and not _overlap(ev)
    assert "Zetas" not in ev.actor.text and "Zetas" in ev.recipient.text


def test_conjoined_sides_of_a_clash(pipeline: Pipeline) -> None:
    ev = only(events(pipeline, "Soldiers and cartel gunmen clashed near Caborca on Friday."), "ASSAULT")
    assert sectors(ev) == ("military", "criminal_organisation")
    assert not _overlap(ev)


@pytest.mark.parametrize(
    ("text", "sides"),
    [
        ("Enfrentamiento entre sicarios y policías deja cinco muertos en Zamora",
         ("criminal_organisation", "police")),
        ("Militares y sicarios se enfrentaron el domingo en Tepalcatepec.",
         ("military", "criminal_organisation")),
    ],
)
def test_spanish_clash_sides(pipeline: Pipeline, text: str, sides: tuple[str, str]) -> None:
    ev = only(events(pipeline, text, "es"), "ASSAULT")
    assert not _overlap(ev) and sectors(ev) == sides


@pytest.mark.parametrize(
    "text",
    [
        "Police Officer Ambushed and Killed in Apatzingán",
        "Los detenidos fueron golpeados por los custodios, denunciaron sus abogados.",
        "Tres detenidos fueron torturados en la comandancia.",
    ],
)
def test_actor_is_never_the_recipient(pipeline: Pipeline, text: str) -> None:
    language = "es" if " los " in f" {text.lower()} " or text.startswith("Tres") else "en"
    for ev in events(pipeline, text, language):
        assert not _overlap(ev), (ev.actor, ev.recipient)


def test_personal_a_is_not_part_of_the_recipient(pipeline: Pipeline) -> None:
    ev = only(events(pipeline, "Un comando armado asesinó a dos policías estatales en Zamora.", "es"), "ASSAULT")
    assert ev.recipient is not None and ev.recipient.text.startswith("dos policías")
    assert ev.recipient.sector == "police"
    ev = only(events(pipeline, "Ejecutan a cuatro en un bar de Irapuato", "es"), "ASSAULT")
    assert ev.recipient is not None and ev.recipient.text.split()[0] == "cuatro"
    assert ev.recipient.sector == "civilians"


def test_reflexive_is_no_recipient(pipeline: Pipeline) -> None:
    ev = only(events(pipeline, "Los jornaleros se manifestaron el lunes en San Quintín para exigir mejores salarios.", "es"), "PROTEST")
    assert ev.recipient is None or ev.recipient.text.lower() != "se"
    assert ev.actor is not None and ev.actor.sector == "protesters"


# --- codebook modes ----------------------------------------------------------------------


def test_office_holder_attacked_is_assassinate(pipeline: Pipeline) -> None:
    ev = only(events(pipeline, "A town councillor was gunned down outside his home in Cotija."), "ASSAULT")
    assert ev.mode == "assassinate"


def test_gunmen_imply_firearms_and_executed_is_a_killing(pipeline: Pipeline) -> None:
    ev = only(events(pipeline, "Gunmen killed three men at a taco stand in Celaya."), "ASSAULT")
    assert ev.mode == "firearms"
    ev = only(events(pipeline, "Nine Executed at a Ranch in Zacatecas"), "ASSAULT")
    assert ev.mode != "execute"  # not a judicial execution (docs/engine.md)


def test_a_massacre_named_as_such(pipeline: Pipeline) -> None:
    text = "Armed men burst into a wake and killed eleven people, the deadliest massacre in the state this year."
    ev = next(e for e in events(pipeline, text) if e.event_type == "ASSAULT")
    assert ev.mode == "massacre"


def test_delivery_named_deeper_in_the_clause(pipeline: Pipeline) -> None:
    text = "The cartel attacked villagers in Buenavista with bombs launched from drones, wounding two."
    ev = next(e for e in events(pipeline, text) if e.event_type == "ASSAULT")
    assert ev.mode == "drone"


def test_mobilized_force_decides_the_mode(pipeline: Pipeline) -> None:
    ev = only(events(pipeline, "Some 300 National Guard troops were sent to Frontera Comalapa on Sunday."), "MOBILIZE")
    assert ev.actor is not None and ev.actor.sector == "police" and ev.mode == "police"


# --- datelines ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "outlet", "actor_sector"),
    [
        ("TORREÓN, Mexico, May 6 (Reuters) - Soldiers arrested eight suspected cartel members on Tuesday.",
         "en", "Reuters", "military"),
        ("ZAMORA, Mexico (AP) — Gunmen killed a police commander in western Mexico on Monday.",
         "en", "Associated Press", "criminal_organisation"),
        ("MONTERREY, May 6 (AFP) - Police arrested 14 people after a riot at a stadium.",
         "en", "Agence France-Presse", "police"),
        ("URUAPAN (Frontera Wire) — State police detained a local official on Monday.",
         "en", "Frontera Wire", "police"),
        ("CELAYA, Gto. (EFE).- Hombres armados asesinaron este martes a tres personas en un taller.",
         "es", "EFE", "criminal_organisation"),
    ],
)
def test_dateline_sets_the_outlet_and_is_never_the_actor(
    pipeline: Pipeline, text: str, language: str, outlet: str, actor_sector: str
) -> None:
    ctx = run(pipeline, text, language)
    assert ctx.outlet == outlet
    line = ctx.scratch["dateline"]
    assert line is not None and line.outlet == outlet
    assert ctx.events
    ev = ctx.events[0]
    assert ev.actor is not None and ev.actor.span.start >= line.end, ev.actor
    assert ev.actor.sector == actor_sector


def test_a_subject_stranded_on_the_dateline_acts_only_in_the_verb_that_follows(pipeline: Pipeline) -> None:
    # The bundled sample story's lead (data/sample/stories.jsonl), on whose parse it happened.
    text = ("URUAPAN, Mexico (Frontera Wire) — Thousands of avocado and lime growers marched through "
            "Uruapan, in the western Mexican state of Michoacán, on Monday to demand protection from "
            "cartel extortion, a week after a prominent growers' leader was found shot dead in his truck.")
    shooting = only(events(pipeline, text), "ASSAULT")
    assert shooting.actor is None, shooting.actor


def test_dateline_outlet_is_the_stored_articles_outlet() -> None:
    from chronicler.ingest.core import Document, IngestOptions, to_article
    from chronicler.records import Origin

    text = "SALTILLO, Mexico, May 6 (Reuters) - State police detained a former mayor on Tuesday."
    art = to_article(Document(text=text, origin=Origin(kind="text", ref="t"), name="t"), IngestOptions())
    assert not isinstance(art, Exception) and getattr(art, "outlet", None) == "Reuters"
    named = to_article(Document(text=text, origin=Origin(kind="text", ref="t"), name="t", outlet="Diario X"),
                       IngestOptions())
    assert getattr(named, "outlet", None) == "Diario X"  # the input's own outlet wins
