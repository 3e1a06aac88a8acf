"""Spanish clash, shootout and member phrases read by the engine (fixtures written here)."""

from __future__ import annotations

import datetime as dt

import pytest

from chronicler.pipeline import Input, Pipeline
from chronicler.records import Event


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.from_config()


def _event(pipeline: Pipeline, text: str, trigger: str) -> Event:
    ctx = next(iter(pipeline.run([Input("a", text, dt.date(2025, 6, 9), language="es")])))
    found = [e for e in ctx.events if e.trigger.text == trigger]
    assert found, f"no event on {trigger!r}: {[(e.event_type, e.trigger.text) for e in ctx.events]}"
    return found[0]


def _sectors(event: Event) -> tuple[str | None, str | None]:
    return (event.actor.sector if event.actor else None, event.recipient.sector if event.recipient else None)


def test_a_shootout_adverb_is_violence_for_a_clash(pipeline: Pipeline) -> None:
    # "a balazos" is one fixed lemma in the parse; without it the clash failed its violence guard
    text = "Miembros de La Nueva Familia y del Cártel del Golfo se enfrentaron a balazos en Tepalcatepec, dijeron vecinos."
    event = _event(pipeline, text, "enfrentaron")
    assert event.event_type == "ASSAULT"
    assert _sectors(event) == ("criminal_organisation", "criminal_organisation")


def test_members_of_two_groups_are_the_two_sides(pipeline: Pipeline) -> None:
    event = _event(pipeline, "Integrantes del CJNG y de Los Viagras se enfrentaron a tiros en Aguililla.", "enfrentaron")
    assert _sectors(event) == ("criminal_organisation", "criminal_organisation")


def test_exchanged_shots_are_the_act_not_a_side(pipeline: Pipeline) -> None:
    event = _event(pipeline, "Sicarios y marinos intercambiaron disparos cerca de Mazatlán.", "disparos")
    assert event.recipient is not None and "disparos" not in event.recipient.text
    assert _sectors(event) == ("criminal_organisation", "military")


def test_exchanged_shots_with_someone(pipeline: Pipeline) -> None:
    event = _event(pipeline, "Agentes estatales intercambiaron disparos con sujetos armados en Guaymas.", "disparos")
    assert _sectors(event) == ("police", "criminal_organisation")


def test_a_force_and_unmarked_armed_people_are_two_sides(pipeline: Pipeline) -> None:
    # the second conjunct carries no "de": it is a side, not a second group of the first phrase
    text = "Elementos de la Marina y civiles armados se enfrentaron en Tepic."
    event = _event(pipeline, text, "enfrentaron")
    assert event.actor is not None and event.actor.text.startswith("Elementos")
    assert event.recipient is not None and event.recipient.text.startswith("civiles")


def test_alleged_members_read_as_adjective_are_the_actor(pipeline: Pipeline) -> None:
    text = "Presuntos integrantes del Cártel del Noreste dispararon contra agentes de la Guardia Nacional en Anáhuac."
    event = _event(pipeline, text, "dispararon")
    assert _sectors(event) == ("criminal_organisation", "police")


def test_a_note_date_parsed_as_subject_gives_way_to_the_real_one(pipeline: Pipeline) -> None:
    # the es parse makes the day number the subject and hangs the people on it after the comma
    text = "El 15 de octubre de 2024, cerca de 80 normalistas bloquearon la caseta de cobro en Tixtla (Guerrero)."
    event = _event(pipeline, text, "bloquearon")
    assert event.actor is not None and "normalistas" in event.actor.text


def test_a_civil_population_is_no_person_adjective_actor(pipeline: Pipeline) -> None:
    event = _event(pipeline, "Integrantes de un grupo delictivo atacaron a la población civil en Teocaltiche.", "atacaron")
    assert event.actor is not None and event.actor.text.startswith("Integrantes")
    assert event.recipient is not None and event.recipient.text.endswith("población civil")
