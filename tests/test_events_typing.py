"""Detection and typing on the ACLED register and in newspaper police reporting (issue 10):
phrasal arrests, exchanged fire, conjoined verbs that share an object, protesters' attacks,
ACLED date openers, accidents told in a when-clause. Fixtures are invented sentences."""

from __future__ import annotations

import pytest

from chronicler.extract.lexicon import load_lexicon
from chronicler.pipeline import Pipeline
from chronicler.records import Event


@pytest.fixture(scope="module")
def engine() -> Pipeline:
    return Pipeline.from_config({"components": ["detect", "type", "arguments", "status"]})


def events(engine: Pipeline, text: str) -> list[Event]:
    return engine.extract(text, article_id="t")


def kinds(found: list[Event]) -> list[tuple[str, str | None]]:
    return [(e.event_type, e.mode) for e in found]


@pytest.mark.parametrize(
    "text, trigger",
    [
        ("Riot police rounded up dozens of students outside the university on Friday.", "rounded"),
        ("Officers picked up three teenagers near the bus terminal late on Sunday.", "picked"),
        ("Eleven striking miners were taken into custody after the clash.", "custody"),
    ],
)
def test_phrasal_and_custody_arrests(engine: Pipeline, text: str, trigger: str) -> None:
    found = [e for e in events(engine, text) if e.event_type == "COERCE"]
    assert found and found[0].mode == "arrest" and found[0].trigger.text.startswith(trigger)


@pytest.mark.parametrize(
    "text",
    [
        "The delivery driver picked up the parcels from the depot.",  # a thing, not a person
        "The weather picked up in the afternoon.",
        "He was taken to the hospital in a private car.",  # no custody
    ],
)
def test_phrasal_verbs_that_are_not_arrests(engine: Pipeline, text: str) -> None:
    assert not [e for e in events(engine, text) if e.event_type == "COERCE"]


def test_exchanged_fire_is_a_gun_battle(engine: Pipeline) -> None:
    found = events(engine, "Marines and a cartel cell exchanged fire for an hour outside Reynosa.")
    assert ("ASSAULT", "firearms") in kinds(found)


def test_passive_rape_is_found_despite_the_lemmatiser(engine: Pipeline) -> None:
    found = events(engine, "A teenager was raped by two guards at the detention centre, her lawyer said.")
    assert ("ASSAULT", "sexual") in kinds(found)


def test_conjoined_verbs_share_their_object(engine: Pipeline) -> None:
    found = events(engine, "A crowd of villagers chased and beat a suspected thief in the market.")
    assert any(e.event_type == "ASSAULT" and e.trigger.text == "beat" for e in found), kinds(found)


@pytest.mark.parametrize(
    "text",
    [
        "On 4 June 2021, opposition supporters attacked the electoral office in the port and set it alight.",
        "Demonstrators clashed with riot police near the parliament on Thursday.",
    ],
)
def test_attacks_by_protesters_are_riots(engine: Pipeline, text: str) -> None:
    assert ("PROTEST", "riot") in kinds(events(engine, text)), kinds(events(engine, text))


def test_an_acled_date_opener_is_not_what_burns(engine: Pipeline) -> None:
    text = "On 21 May 2021, armed men set fire to two buses in the town after the capture of a local boss."
    found = events(engine, text)
    assert ("ASSAULT", "destroy") in kinds(found), kinds(found)
    # the capture is its own event and its trigger does not swallow "set fire ... after the"
    assert all(len(e.trigger.text) < 30 for e in found), [e.trigger.text for e in found]


def test_militants_leaving_a_town_retreat(engine: Pipeline) -> None:
    found = events(engine, "On 2 March 2022, insurgent fighters withdrew from Dalori without fighting.")
    assert ("RETREAT", "withdraw") in kinds(found), kinds(found)


@pytest.mark.parametrize(
    "text",
    [
        "A traffic officer died when his motorcycle was struck by a tractor-trailer on the ring road.",
        "A footbridge collapsed over the canal during a festival, killing 21 people.",
        "A fire at an oil refinery killed four workers on Monday, the company said.",
    ],
)
def test_accidents_are_left_alone(engine: Pipeline, text: str) -> None:
    assert not [e for e in events(engine, text) if e.event_type == "ASSAULT"], kinds(events(engine, text))


def test_guard_words_live_in_the_language_pack() -> None:
    lex = load_lexicon("en")
    for key in ("political_targets", "question_words", "event_heads", "figurative_particles",
                "quantity_mods", "manner_preps", "arrest_particles", "custody_preps",
                "rioter_words"):  # fmt: skip
        assert lex.word_set(key), key
    assert "rape" in dict(p.split(">") for p in lex.word_set("lemma_corrections")).values()
    es = load_lexicon("es")
    assert es.word_set("manner_preps") == {"con", "sin"}


@pytest.mark.parametrize(
    ("text", "trigger", "mode"),
    [
        ("Rebel guerrillas fought for control of a river port for two days.", "fought", "firearms"),
        ("Government artillery struck a crowded market on the edge of the city.", "struck", None),
    ],
)
def test_fighting_groups_and_attacks_on_markets(engine: Pipeline, text: str, trigger: str, mode: str | None) -> None:
    found = [e for e in events(engine, text) if e.event_type == "ASSAULT" and e.trigger.text == trigger]
    assert found and (mode is None or found[0].mode == mode)


def test_fighting_an_abstraction_is_no_attack(engine: Pipeline) -> None:
    assert not [e for e in events(engine, "The new mayor fought corruption in the city council.")
                if e.event_type == "ASSAULT"]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "trigger", "kind"),
    [
        # a cartel's road blocks are an attack on property, not a protest
        ("Cartel gunmen blocked the main avenues with burning trucks after the arrest.", "blocked",
         ("ASSAULT", "destroy")),
        ("Angry farmers blocked the main avenues with their tractors on Monday.", "blocked",
         ("PROTEST", "obstruct")),
        # an armed group named by the subject's own modifier ("gang members")
        ("Gang members stormed a village police post before dawn.", "stormed", ("ASSAULT", None)),
        # services suspended because of violence are a restriction
        ("The city suspended night buses after drivers were attacked by extortionists.", "suspended",
         ("COERCE", "restrict")),
    ],
)  # fmt: skip
def test_blockades_storming_and_suspensions(
    engine: Pipeline, text: str, trigger: str, kind: tuple[str, str | None]
) -> None:
    found = [e for e in events(engine, text) if e.trigger.text == trigger]
    assert found and (found[0].event_type, found[0].mode if kind[1] else None) == kind
