"""Event ↔ attribution end to end: each event carries the source that asserts it.

Fixtures are sentences written for these tests (issue 15's failure cases in new words).
"""

from __future__ import annotations

import datetime as dt

import pytest

from chronicler.pipeline import Input, Pipeline
from chronicler.records import Event


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.from_config()


def _events(pipeline: Pipeline, text: str, outlet: str | None = None) -> list[Event]:
    item = Input("t", text, dt.date(2026, 3, 20), outlet=outlet)
    return next(iter(pipeline.run([item]))).events


def _first(events: list[Event], trigger: str) -> Event:
    matches = [e for e in events if trigger in e.trigger.text]
    assert matches, [e.trigger.text for e in events]
    return matches[0]


def test_nickname_in_quotes_stays_in_the_name(pipeline: Pipeline) -> None:
    text = ("The governor's choice for security chief, Alberto “Beto” Ramírez, did not rule out "
            "deploying soldiers to the border towns.")
    ev = _first(_events(pipeline, text), "deploy")
    assert ev.attribution is not None
    assert ev.attribution.profile.kind == "named_person"
    assert ev.attribution.profile.name == "Alberto “Beto” Ramírez"


def test_compound_surname_is_complete(pipeline: Pipeline) -> None:
    text = "Security chief Omar García Harfuch said soldiers arrested four men in Culiacán."
    ev = _first(_events(pipeline, text), "arrest")
    assert ev.attribution is not None
    assert ev.attribution.profile.name == "Omar García Harfuch"


@pytest.mark.parametrize("speaker", ["state prosecutors", "police", "authorities"])
def test_an_institution_speaking_is_a_named_organisation(pipeline: Pipeline, speaker: str) -> None:
    text = f"Gunmen killed nine people at a bar in Irapuato on Sunday, {speaker} said."
    ev = _first(_events(pipeline, text), "kill")
    assert ev.attribution is not None
    assert ev.attribution.profile.kind == "named_organisation", ev.attribution.profile
    assert ev.attribution.profile.name == speaker


def test_participle_gives_venue_and_date_to_the_main_statement(pipeline: Pipeline) -> None:
    text = ("Interior Minister Laura Vélez again refused to rule out military raids in the "
            "state, telling Radio Fórmula in February that every option remained open.")
    ev = _first(_events(pipeline, text), "raid")
    profile = ev.attribution.profile if ev.attribution else None
    assert profile is not None and profile.name == "Laura Vélez"
    assert profile.venue == "Radio Fórmula"
    assert profile.statement_date is not None and profile.statement_date.text == "February"


def test_surname_takes_the_full_name_and_the_venue_of_the_next_sentence(pipeline: Pipeline) -> None:
    text = ("The nominee for attorney general, Marisol “Sol” Ortega, did not rule out "
            "extraditing cartel leaders. During her Senate hearing in April, Ortega said "
            "she would also order raids on their properties.")
    events = _events(pipeline, text)
    for ev in events:
        assert ev.attribution is not None
        assert ev.attribution.profile.name == "Marisol “Sol” Ortega"
        assert ev.attribution.profile.venue == "Senate hearing"


def test_a_reporter_statement_is_not_attributed_to_its_subject(pipeline: Pipeline) -> None:
    text = ("The president has made fighting the cartels a priority, imposing tariffs on "
            "Mexico in February.")
    ev = _first(_events(pipeline, text, outlet="The Globe"), "tariff")
    assert ev.attribution is not None and ev.attribution.profile.kind == "reporter"
    assert ev.attribution.outlets == ["The Globe"]


def test_a_surname_tagged_as_organisation_is_the_person_named_before(pipeline: Pipeline) -> None:
    text = ("President Donald Trump spoke on Monday. Trump floated the idea of sending "
            "troops into Mexico.")
    ev = _first(_events(pipeline, text), "send")
    assert ev.attribution is not None
    assert ev.attribution.profile.kind == "named_person"
    assert ev.attribution.profile.name == "Donald Trump"


def test_secondhand_mentions_take_the_deeper_source(pipeline: Pipeline) -> None:
    text = ("Officials have reportedly discussed drone strikes against cartel camps.\n"
            "Officials discussed drone strikes against cartel camps in Sonora, three people "
            "familiar with the talks told the Daily Ledger.\n"
            "The drone strikes remain a last resort, the newspaper reported.")
    events = [e for e in _events(pipeline, text, outlet="The Globe") if e.mode == "drone"]
    assert len(events) >= 2
    for ev in events:
        assert ev.attribution is not None
        assert ev.attribution.profile.kind == "anonymous", ev.attribution.profile
        assert ev.attribution.outlets[:2] == ["The Globe", "Daily Ledger"]


def test_article_outlet_reaches_the_reporter_attribution(pipeline: Pipeline) -> None:
    text = "Soldiers arrested five suspected cartel members in Reynosa on Tuesday."
    ev = _first(_events(pipeline, text, outlet="Frontera Wire"), "arrest")
    assert ev.attribution is not None and ev.attribution.profile.kind == "reporter"
    assert ev.attribution.outlets == ["Frontera Wire"]
