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


def test_an_act_dated_days_before_the_story_is_background(pipeline: Pipeline) -> None:
    text = ("Police in the city said on Monday that an inmate was found dead in his cell three days "
            "after he was arrested on a drug charge.")  # fmt: skip
    assert police_acts(pipeline, text, "arrested") == []


def test_an_act_dated_days_before_in_spanish_is_background(pipeline: Pipeline) -> None:
    text = ("Un hombre murió en el hospital tres días después de que los policías lo detuvieran "
            "afuera de un bar.")  # fmt: skip
    assert police_acts(pipeline, text, "detuvieran", "es") == []


def test_a_past_perfect_set_back_in_spanish_is_background(pipeline: Pipeline) -> None:
    text = "Los agentes revisaron el auto. El conductor había sido detenido por policías estatales el año pasado por robo."
    assert police_acts(pipeline, text, "detenido", "es") == []


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
