"""The resolution components inside the default pipeline, on invented wire copy."""

from __future__ import annotations

import datetime as dt

import pytest

from chronicler.pipeline import Pipeline

STORY = (
    "CULIACAN, Mexico (AP) — Sinaloa Cartel gunmen killed five people, including two soldiers, "
    "in Navolato, Sinaloa, on Thursday, state prosecutors said.\n\n"
    "Mexican soldiers arrested 12 suspected cartel members in Culiacán last week."
)


@pytest.fixture(scope="module")
def events():  # type: ignore[no-untyped-def]
    return Pipeline.from_config().extract(STORY, dt.date(2025, 3, 14))


def _by_trigger(events, word):  # type: ignore[no-untyped-def]
    matches = [e for e in events if STORY[e.trigger.start : e.trigger.end] == word]
    assert matches, f"no event triggered by {word!r}"
    return matches[0]


def test_assault_fields(events) -> None:  # type: ignore[no-untyped-def]
    ev = _by_trigger(events, "killed")
    assert ev.toll.killed is not None and (ev.toll.killed.low, ev.toll.killed.best) == (5, 5)
    assert ev.location is not None and (ev.location.name, ev.location.admin1) == ("Navolato", "Sinaloa")
    assert ev.date is not None and ev.date.start == dt.date(2025, 3, 13) and ev.date.precision == "day"
    assert ev.actor is not None and ev.actor.entity_id == "crim.sinaloa"


def test_arrest_fields(events) -> None:  # type: ignore[no-untyped-def]
    ev = _by_trigger(events, "arrested")
    assert ev.toll.arrested is not None and ev.toll.arrested.category == "cartel_members"
    assert ev.location is not None and ev.location.name == "Culiacán"
    assert ev.date is not None and (ev.date.start, ev.date.end) == (dt.date(2025, 3, 3), dt.date(2025, 3, 9))
    assert ev.actor is not None and (ev.actor.country, ev.actor.sector) == ("MEX", "military")


def test_spans_point_into_the_text(events) -> None:  # type: ignore[no-untyped-def]
    for ev in events:
        for span in [ev.location and ev.location.span, ev.date and ev.date.span,
                     *(c.span for c in (ev.toll.killed, ev.toll.arrested) if c)]:
            if span is not None and span.text:
                assert STORY[span.start : span.end] == span.text
