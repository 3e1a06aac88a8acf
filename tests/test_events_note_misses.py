"""Misses of the event engine found on tune data (issue 10), each fixed in pack data:
disasters the guard missed, attack words read as accidents, triggers without a word.
Fixtures are invented sentences in the style of wire copy and ACLED-style summaries."""

from __future__ import annotations

import pytest

from chronicler.pipeline import Pipeline
from chronicler.records import Event


@pytest.fixture(scope="module")
def engine() -> Pipeline:
    return Pipeline.from_config(
        {"components": ["detect", "type", "arguments", "status", "resolve_actors"]}
    )


def assaults(pipeline: Pipeline, text: str) -> list[Event]:
    return [ev for ev in pipeline.extract(text, article_id="m") if ev.event_type == "ASSAULT"]


@pytest.mark.parametrize(
    "text",
    [
        "An explosion in a coal mine near Sabinas killed seven workers on Monday.",
        "A firedamp blast in a colliery in Silesia killed two miners.",
    ],
)
def test_a_mine_explosion_is_an_accident(engine: Pipeline, text: str) -> None:
    assert assaults(engine, text) == []


def test_a_helicopter_that_strikes_is_an_aerial_attack(engine: Pipeline) -> None:
    found = assaults(engine, "Army helicopters struck a camp near Aguililla on Friday, killing six people.")
    assert [ev.mode for ev in found] == ["aerial"]


def test_a_helicopter_that_crashes_is_still_an_accident(engine: Pipeline) -> None:
    text = "A navy helicopter crashed during a training flight in Veracruz, killing three crew members."
    assert assaults(engine, text) == []
