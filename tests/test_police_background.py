"""Police acts told as background or as a class of acts, not as this story's news (issue
10 item 2): an arrest a past perfect sets back by a time phrase, an act a clause dates some
days before the story's event, and generic plurals ("all shootings by deputies",
"data on police shootings"). Fixtures are our own writing."""

from __future__ import annotations

import datetime as dt

import pytest

from chronicler.pipeline import Input, Pipeline
from chronicler.records import Event


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.from_config()


def police_acts(pipeline: Pipeline, text: str, word: str, language: str = "en") -> list[tuple[str, str | None]]:
    """The police events whose trigger is `word` (an attack or an arrest)."""
    (ctx,) = pipeline.run([Input("t", text, dt.date(2025, 6, 2), language=language)])
    found: list[Event] = [e for e in ctx.events if e.trigger.text.lower() == word]
    return [(e.event_type, e.mode) for e in found if e.actor is not None and e.actor.sector == "police"]


@pytest.mark.parametrize("text, word", [
    ("Deputies stopped a pickup on the county road. Deputies said the driver had been arrested "
     "last year for assault.", "arrested"),
    ("Officers found the suspect in a motel. He had previously been arrested by the same "
     "officers for burglary.", "arrested"),
    ("Troopers arrested a man on Sunday. His brother said he had been picked up by troopers "
     "three weeks earlier and let go.", "picked"),
])  # fmt: skip
def test_a_past_perfect_set_back_by_a_time_phrase_is_background(pipeline: Pipeline, text: str, word: str) -> None:
    assert police_acts(pipeline, text, word) == []


def test_a_past_perfect_with_the_subjects_time_is_still_the_story(pipeline: Pipeline) -> None:
    # "last week" belongs to "who died"; the parser hangs it on the main verb
    text = ("A Fresno woman who died in the Fresno County Jail last week had been pinned to the floor "
            "by deputies for six minutes, according to a coroner's report.")  # fmt: skip
    assert police_acts(pipeline, text, "pinned")


def test_a_clause_before_a_death_in_a_bare_year_is_background(pipeline: Pipeline) -> None:
    text = ("Police said the case is closed. A cook died at a clinic in 2021, several days after "
            "officers restrained him outside a bar.")  # fmt: skip
    assert police_acts(pipeline, text, "restrained") == []


def test_a_shooting_days_before_this_storys_death_is_the_story(pipeline: Pipeline) -> None:
    text = "A 20-year-old man died Sunday, three days after he was shot by a state trooper during a chase."
    assert police_acts(pipeline, text, "shot")


@pytest.mark.parametrize("text, word", [
    ("The inspector general examines all shootings by sheriff's deputies, a spokesman said.", "shootings"),
    ("The commission publishes data on police shootings every year.", "shootings"),
    ("The county began investigations of police killings after the new law passed.", "killings"),
])  # fmt: skip
def test_a_generic_plural_is_no_police_act(pipeline: Pipeline, text: str, word: str) -> None:
    assert police_acts(pipeline, text, word) == []


def test_a_counted_plural_under_all_is_the_story(pipeline: Pipeline) -> None:
    text = "Officers fired at the car. All three shootings by officers happened within a minute."
    (ctx,) = pipeline.run([Input("t", text, dt.date(2025, 6, 2))])
    assert any(e.trigger.text == "shootings" for e in ctx.events)


def test_a_generic_plural_in_spanish(pipeline: Pipeline) -> None:
    text = "La fiscalía revisa todos los tiroteos de la policía estatal."
    assert police_acts(pipeline, text, "tiroteos", "es") == []


@pytest.mark.parametrize("text, word", [
    # a relative clause under a settlement, however deep the reporting verb puts it
    ("The parents of a boy who was tased by a deputy have reached a settlement with the county, "
     "their lawyer said.", "tased"),
    # the clause above it pays under a settlement
    ("A man who was beaten by two officers will receive $90,000 under a settlement approved on Monday.", "beaten"),
    # a watchdog clears the officer who fired
    ("The review board cleared a trooper who shot a driver during a chase.", "shot"),
])  # fmt: skip
def test_a_relative_clause_under_a_lawsuit_clause_is_background(pipeline: Pipeline, text: str, word: str) -> None:
    assert police_acts(pipeline, text, word) == []


@pytest.mark.parametrize("text, word", [
    ("The complaint says an officer punched the woman twice in the face.", "punched"),
    ("Officers pinned him to the floor of the cell for ten minutes, according to the lawsuit.", "pinned"),
    ("A grand jury found that the deputy had struck the man with a flashlight.", "struck"),
])  # fmt: skip
def test_an_act_told_by_a_lawsuit_or_a_jury_is_background(pipeline: Pipeline, text: str, word: str) -> None:
    assert police_acts(pipeline, text, word) == []


def test_an_act_told_by_a_police_report_is_still_the_story(pipeline: Pipeline) -> None:
    text = "Deputies arrested two men at a gas station on Friday, according to a sheriff's report."
    assert police_acts(pipeline, text, "arrested")


def test_an_event_noun_with_a_year_is_an_earlier_case(pipeline: Pipeline) -> None:
    text = "A teacher who was injured during a 2021 arrest by city police will speak at the meeting."
    assert police_acts(pipeline, text, "arrest") == []


def test_a_noun_under_an_anchored_verb_is_background(pipeline: Pipeline) -> None:
    text = ("Friends gathered at the park on Sunday to mark three years since deputies killed "
            "Omar Reyes in a burst of gunfire.")  # fmt: skip
    assert police_acts(pipeline, text, "gunfire") == []


@pytest.mark.parametrize("text, word", [
    ("The database records every time an officer points or fires a stun gun.", "fires"),
    ("The board reviews all cases in which officers shoot at a moving car.", "shoot"),
])  # fmt: skip
def test_a_clause_on_a_quantified_noun_is_generic(pipeline: Pipeline, text: str, word: str) -> None:
    assert police_acts(pipeline, text, word) == []


def test_a_clause_on_the_protesters_the_story_names_is_not_generic(pipeline: Pipeline) -> None:
    text = "Police broke up the sit-in. All the students who were detained were released by evening."
    assert police_acts(pipeline, text, "detained")


def test_a_lawsuit_clause_in_spanish_is_background(pipeline: Pipeline) -> None:
    text = "Los policías golpearon al joven durante la detención, según la demanda."
    assert police_acts(pipeline, text, "golpearon", "es") == []


def test_a_conjoined_past_perfect_set_back_is_background(pipeline: Pipeline) -> None:
    text = ("Deputies said the woman, 38, had two unpaid fines and had been arrested last year "
            "for shoplifting.")  # fmt: skip
    assert police_acts(pipeline, text, "arrested") == []


def test_a_clause_on_every_officer_is_the_story(pipeline: Pipeline) -> None:
    text = "Deputies chased the car into a field. Every deputy who shot at the driver has been placed on leave."
    assert police_acts(pipeline, text, "shot")


def test_a_four_digit_time_is_not_a_year(pipeline: Pipeline) -> None:
    """A clause dated by a year alone is an earlier case; "at 2330" (a clock time) is not a
    year, and the act under it is the story's own."""
    text = "The man collapsed at 2330, minutes after deputies shocked him with a Taser."
    assert police_acts(pipeline, text, "shocked")
