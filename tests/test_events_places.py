"""Event places: a "Town, State" qualifier picks the town in that state (invented sentences)."""

from __future__ import annotations

import pytest

from chronicler.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.from_config({"components": ["events", "resolve_places"]})


@pytest.mark.parametrize(
    ("text", "admin1"),
    [
        ("Gunmen attacked a bar in San Ignacio, Sinaloa, on Sunday.", "Sinaloa"),
        ("Soldiers detained three men in Guadalupe, Zacatecas.", "Zacatecas"),
        ("Police arrested two men in Guadalupe, Nuevo León.", "Nuevo León"),
    ],
)
def test_state_qualifier_chooses_the_town(pipeline: Pipeline, text: str, admin1: str) -> None:
    events = pipeline.extract(text, article_id="p")
    assert events
    for ev in events:
        assert ev.location is not None and ev.location.admin1 == admin1
