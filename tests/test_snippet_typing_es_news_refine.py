"""Spanish news-register typing, second round (issue 10, bench/data/snippets_news_es.jsonl
tune part): means words that refine the typer's mode, an English gas leak, and animals that
are no attacker (its sub-event cases sit with the first round's in test_snippet_typing_es_news).
Sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from chronicler.extract.classify import Choice, _typed
from chronicler.extract.detect import Candidate
from chronicler.extract.lexicon import load_lexicon
from chronicler.pipeline import Input, Pipeline
from chronicler.records import Event
from tests.typing_helpers import events_of, first_sub_event


@pytest.fixture(scope="module")
def engine() -> Pipeline:
    return Pipeline.from_config()


def _events(engine: Pipeline, text: str, language: str = "es") -> list[Event]:
    return events_of(engine, text, language)


@pytest.mark.parametrize(
    ("language", "text", "trigger"),
    [
        ("es", "La milicia lanzó decenas de cohetes contra la frontera.", "lanzó"),
        ("en", "The militia launched dozens of rockets at the border town.", "launched"),
    ],
)
def test_a_mode_the_typer_chose_yields_to_the_means_named(
    engine: Pipeline, language: str, text: str, trigger: str
) -> None:
    """The typer's guess of firearms for "launched" gives way to the rockets the text names
    (assault_modes heavy-weapons), as a lexicon reading's mode does."""
    ctx = next(iter(engine.run([Input("t", text, dt.date(2026, 3, 2), language=language)])))
    tok = next(t for t in ctx.doc if t.text == trigger)
    cand = Candidate(tok, [], tok.sent, tok.i)
    typed = _typed(ctx, load_lexicon(language), cand, Choice("ASSAULT", "firearms", 0.7, None))
    assert typed.mode == "heavy-weapons"


def test_an_english_gas_leak_stays_an_accident(engine: Pipeline) -> None:
    """The shared rule's English side (leak_heads: leak); already no event before it."""
    assert _events(engine, "Two hurt in gas leak at Derby flats", "en") == []


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # an animal as the attacker (detect.json attacking_animals): of-object, subject, compound
        ("es", "Un ataque de perros mató a un niño en Lima."),
        ("es", "Un enjambre de abejas atacó a dos turistas en Mérida."),
        ("es", "Un ataque de abejas africanizadas hirió a tres albañiles en Mérida."),
        ("en", "A dog attack killed a boy in Leeds."),
        ("en", "A bear attacked two hikers in Montana."),
    ],
)
def test_an_animal_attack_is_no_event(engine: Pipeline, language: str, text: str) -> None:
    assert _events(engine, text, language) == []


def test_an_attack_by_people_still_is_one(engine: Pipeline) -> None:
    assert first_sub_event(_events(engine, "Un ataque de sicarios mató a un comerciante en Lima.")) == "Attack"
