"""Police acts in full local-news articles (issue 10, the police news set): agentless
arrests and crowd-control read the force the story names anywhere, bookings on a charge,
takedowns to a surface, a force team as subject, and what an arrest names as the crime.
Fixtures are our own writing."""

from __future__ import annotations

import datetime as dt

import pytest

from chronicler.pipeline import Input, Pipeline
from chronicler.records import Event


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.from_config()


def events(pipeline: Pipeline, text: str, language: str = "en") -> list[Event]:
    (ctx,) = pipeline.run([Input("t", text, dt.date(2025, 6, 2), language=language)])
    return ctx.events


def sector(ev: Event) -> str | None:
    return ev.actor.sector if ev.actor is not None else None


def kinds(found: list[Event]) -> list[tuple[str, str | None, str, str | None]]:
    return [(e.event_type, e.mode, e.trigger.text, sector(e)) for e in found]


def arrests(found: list[Event]) -> list[Event]:
    return [e for e in found if e.event_type == "COERCE" and e.mode == "arrest"]


def test_an_agentless_arrest_reads_the_force_named_after_it(pipeline: Pipeline) -> None:
    text = ("A Leeds man has been arrested on suspicion of murder after a woman was found dead in a flat. "
            "West Yorkshire Police were called to the flat on Elm Row at about 7am by a neighbour.")  # fmt: skip
    found = arrests(events(pipeline, text))
    assert found and sector(found[0]) == "police", kinds(found)


def test_an_agentless_arrest_reads_a_force_several_sentences_back(pipeline: Pipeline) -> None:
    text = ("Deputies searched the orchard with a drone after the crash. "
            "The boy was treated at a clinic. He needed six stitches. His father was called. "
            "He and a friend were arrested and later released to their parents.")  # fmt: skip
    found = arrests(events(pipeline, text))
    assert found and sector(found[-1]) == "police", kinds(found)


def test_an_arrest_set_back_in_the_past_perfect_reads_no_story_force(pipeline: Pipeline) -> None:
    text = ("Troopers stopped a van on the interstate on Monday. The driver was cited for speeding. "
            "Records show he had been arrested in 2019 for burglary.")  # fmt: skip
    found = [e for e in arrests(events(pipeline, text)) if "2019" in e.sentence.text]
    assert all(sector(e) != "police" for e in found), kinds(found)


def test_agentless_tear_gas_reads_the_force_named_later(pipeline: Pipeline) -> None:
    text = ("Tear gas was fired at hundreds of nurses outside the health ministry on Tuesday. "
            "The nurses had marched from the central hospital. "
            "Riot police blocked the road to the ministry.")  # fmt: skip
    found = [e for e in events(pipeline, text) if e.event_type == "ASSAULT"]
    assert found and sector(found[0]) == "police", kinds(found)


def test_a_shooting_with_no_force_in_sight_keeps_no_actor(pipeline: Pipeline) -> None:
    text = ("A man was shot dead outside a bar on Friday. "
            "Police said they were looking for the gunman.")  # fmt: skip
    found = [e for e in events(pipeline, text) if e.event_type == "ASSAULT"]
    assert found and all(sector(e) != "police" for e in found), kinds(found)


@pytest.mark.parametrize("text", [
    "The second man was booked on suspicion of receiving stolen property.",
    "She was booked on a charge of felony theft.",
])  # fmt: skip
def test_booked_on_a_charge_is_an_arrest(pipeline: Pipeline, text: str) -> None:
    assert arrests(events(pipeline, text)), kinds(events(pipeline, text))


def test_a_band_booked_on_a_tour_is_no_arrest(pipeline: Pipeline) -> None:
    assert not arrests(events(pipeline, "The band was booked on a tour of three cities."))


def test_booked_on_a_charge_in_spanish_grounds(pipeline: Pipeline) -> None:
    found = events(pipeline, "El detenido fue ingresado bajo sospecha de robo.", language="es")
    assert arrests(found), kinds(found)


@pytest.mark.parametrize("text", [
    "An officer slammed the woman to the ground outside the station.",
    "The officer threw the man onto the concrete.",
    "The officer pulled him to the ground by his jacket.",
])  # fmt: skip
def test_a_takedown_to_a_surface_is_force(pipeline: Pipeline, text: str) -> None:
    found = [e for e in events(pipeline, text) if e.event_type == "ASSAULT"]
    assert found and all(sector(e) == "police" and e.mode == "beat" for e in found), kinds(found)


def test_slamming_a_plan_is_still_criticism(pipeline: Pipeline) -> None:
    found = events(pipeline, "The governor slammed the plan on Tuesday.")
    assert all(e.event_type != "ASSAULT" for e in found), kinds(found)


@pytest.mark.parametrize("text", [
    "El policía azotó al hombre contra el suelo.",
    "El agente arrojó al joven al suelo.",
    "Un agente estrelló al joven contra la pared de la patrulla.",
])  # fmt: skip
def test_a_takedown_to_a_surface_in_spanish(pipeline: Pipeline, text: str) -> None:
    found = [e for e in events(pipeline, text, "es") if e.event_type == "ASSAULT"]
    assert found and all(sector(e) == "police" and e.mode == "beat" for e in found), kinds(found)


def test_a_force_team_as_subject_fires(pipeline: Pipeline) -> None:
    text = "The gang opened fire first, the commander said. The police team fired back, and one man was hit."
    found = [e for e in events(pipeline, text) if e.trigger.text == "fired"]
    assert found and sector(found[0]) == "police", kinds(events(pipeline, text))


def test_a_football_team_fires_nobody(pipeline: Pipeline) -> None:
    found = events(pipeline, "The football team fired its coach on Monday.")
    assert all(e.event_type != "ASSAULT" for e in found), kinds(found)


def test_an_irritant_sprayed_is_force(pipeline: Pipeline) -> None:
    text = ("An officer ordered the group to leave the square. "
            "The officer then sprays an irritant across the group, hitting four teens.")  # fmt: skip
    found = [e for e in events(pipeline, text) if e.trigger.text == "sprays"]
    assert found and found[0].event_type == "ASSAULT" and sector(found[0]) == "police", kinds(events(pipeline, text))


def test_the_crime_an_arrest_names_is_not_the_arresters(pipeline: Pipeline) -> None:
    text = "Police in Leeds have arrested a 30-year-old man over a knife attack that left a student seriously injured near the campus last week."
    found = [e for e in events(pipeline, text) if e.event_type == "ASSAULT"]
    assert all(sector(e) != "police" for e in found), kinds(found)


def test_the_crime_after_placed_under_arrest_is_not_the_polices(pipeline: Pipeline) -> None:
    text = "A man was placed under arrest after he drove his truck into a parade, injuring four people, police said."
    found = [e for e in events(pipeline, text) if e.event_type == "ASSAULT"]
    assert all(sector(e) != "police" for e in found), kinds(found)
