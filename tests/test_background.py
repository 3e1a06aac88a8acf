"""Background mentions (issue 10 item 2): an act told as context of the sentence's own event
is set aside by `detect` as "background"; the same act reported is still an event. Fixtures
are invented sentences."""

from __future__ import annotations

import pytest

from chronicler.pipeline import Pipeline
from chronicler.records import Event


@pytest.fixture(scope="module")
def engine() -> Pipeline:
    return Pipeline.from_config(
        {"components": ["detect", "type", "arguments", "status", "resolve_actors"]}
    )


def assaults(engine: Pipeline, text: str, language: str = "en") -> list[Event]:
    events = engine.extract(text, article_id="b", language=language)
    return [e for e in events if e.event_type == "ASSAULT"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Hundreds marched in Tucson on Sunday, a year after a deputy killed a teenager.", "en"),
        ("The vigil was held two years after the shooting of a cyclist.", "en"),
        ("Neighbours rallied on the anniversary of the killing of a taxi driver.", "en"),
        ("Residents have held weekly vigils since the 2021 shooting of a cyclist.", "en"),
        ("Students gathered outside the station to denounce a recent police beating.", "en"),
        ("The mother of a boy who was beaten by a guard filed a lawsuit against the county.", "en"),
        ("Cientos marcharon el sábado, un año después de que un agente matara a un taxista.", "es"),
        ("Los estudiantes marcharon a un año del asesinato de un maestro.", "es"),
        ("Los vecinos se reunieron para exigir justicia por el asesinato de un joven.", "es"),
    ],
)
def test_background_mention_is_no_event(engine: Pipeline, text: str, language: str) -> None:
    assert assaults(engine, text, language) == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("A deputy shot and killed a 19-year-old in Tucson on Sunday.", "en"),
        ("Hours after the rally, gunmen shot a taxi driver outside the station.", "en"),
        ("Police beat students who gathered outside the station.", "en"),
        ("Soldiers have detained four men since the ambush of a convoy near Culiacán.", "en"),
        ("Un agente mató a un taxista el sábado en Tijuana.", "es"),
    ],
)
def test_the_act_reported_is_still_an_event(engine: Pipeline, text: str, language: str) -> None:
    assert len(assaults(engine, text, language)) >= 1


def of_type(engine: Pipeline, text: str, event_type: str, language: str = "en") -> list[Event]:
    events = engine.extract(text, article_id="b", language=language)
    return [e for e in events if e.event_type == event_type]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Deputies were trying to detain a driver when the truck sped off.", "en"),
        ("The man fled during an attempted arrest near the bus station.", "en"),
        ("Los agentes intentaban detener al conductor cuando huyó.", "es"),
    ],
)
def test_an_arrest_only_tried_is_no_arrest(engine: Pipeline, text: str, language: str) -> None:
    assert of_type(engine, text, "COERCE", language) == []


@pytest.mark.parametrize(
    ("text", "language", "event_type"),
    [
        ("Deputies detained a driver near the bus station.", "en", "COERCE"),
        ("Gunmen tried to kill the mayor of a small town on Tuesday.", "en", "ASSAULT"),
        ("Unos sicarios intentaron matar al alcalde el martes.", "es", "ASSAULT"),
    ],
)
def test_an_arrest_made_or_an_attack_tried_stays(
    engine: Pipeline, text: str, language: str, event_type: str
) -> None:
    assert len(of_type(engine, text, event_type, language)) >= 1
