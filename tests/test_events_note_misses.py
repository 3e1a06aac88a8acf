"""Misses of the event engine found on tune data (issue 10), each fixed in pack data:
disasters the guard missed, attack words read as accidents, triggers without a word.
Fixtures are invented sentences in the style of wire copy and ACLED-style summaries."""

from __future__ import annotations

import pytest

from chronicler.analyse.nlp import load_nlp
from chronicler.extract.guards import SentenceWords, readings
from chronicler.extract.lexicon import load_lexicon
from chronicler.lang import model_name
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


@pytest.mark.parametrize(
    "text",
    [
        "Residents of a hill village held three electoral officials hostage overnight.",
        "Armed men took a group of nine teachers from a school bus near Tlapa.",
        "Gunmen took five people from a construction site outside Guaymas.",
    ],
)
def test_hostage_taking_without_a_kidnap_word_is_an_abduction(engine: Pipeline, text: str) -> None:
    assert [ev.mode for ev in assaults(engine, text)] == ["abduct"]


def test_the_police_taking_a_group_is_no_abduction(engine: Pipeline) -> None:
    assert assaults(engine, "Police took a group of suspects to the station for questioning.") == []


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Hombres armados se llevaron a cinco trabajadores de una obra en Fresnillo.", "llevaron"),
        ("Un comando retuvo a un grupo de diez empleados en una gasolinera.", "retuvo"),
        ("Los vecinos mantuvieron como rehenes a dos funcionarios durante la noche.", "rehenes"),
    ],
)
def test_spanish_hostage_and_abduction_words_read_as_abduct(text: str, word: str) -> None:
    lex = load_lexicon("es")
    doc = load_nlp(model_name("es"))(text)
    sent = next(iter(doc.sents))
    tok = next(t for t in sent if t.text == word)
    found = [(r.event_type, r.mode) for r in readings(tok, lex, SentenceWords(sent)) if not r.failed]
    assert ("ASSAULT", "abduct") in found


@pytest.mark.parametrize(
    "text",
    [
        "Relatives of the missing staged a sit-in outside the state prosecutor's office.",
        "Sit-ins spread to three more campuses on Friday.",
    ],
)
def test_a_sit_in_is_one_token_and_a_protest(engine: Pipeline, text: str) -> None:
    found = [(ev.event_type, ev.mode, ev.trigger.text.lower()) for ev in engine.extract(text, article_id="m")]
    assert ("PROTEST", "demo") in {(t, m) for t, m, _ in found}
    assert any(word.startswith("sit-in") for _, _, word in found)


def test_the_tokenizer_keeps_a_sit_in_whole() -> None:
    doc = load_nlp(model_name("en"))("Workers began a sit-in.")
    assert "sit-in" in [t.text for t in doc]


def _clash_sectors(pipeline: Pipeline, text: str) -> tuple[str | None, str | None]:
    ev = assaults(pipeline, text)[0]
    return (ev.actor.sector if ev.actor else None, ev.recipient.sector if ev.recipient else None)


def test_sides_that_exchange_fire_are_actor_and_recipient(engine: Pipeline) -> None:
    text = "Marines and suspected gang members exchanged fire outside Tecpan for an hour."
    assert _clash_sectors(engine, text) == ("military", "criminal_organisation")


def test_sides_conjoined_inside_members_of_are_actor_and_recipient(engine: Pipeline) -> None:
    text = "Members of the Sinaloa Cartel and the Gulf Cartel clashed near Reynosa on Friday."
    assert _clash_sectors(engine, text) == ("criminal_organisation", "criminal_organisation")


@pytest.mark.parametrize(
    ("text", "language", "sector"),
    [
        ("Riot police detained dozens of people at a protest outside the parliament.", "en", "protesters"),
        ("La policía detuvo a 30 personas durante una marcha en el centro de Santiago.", "es", "protesters"),
        ("Police detained two men at a checkpoint outside the parliament.", "en", "civilians"),
    ],
)
def test_people_arrested_at_a_protest_are_protesters(
    engine: Pipeline, text: str, language: str, sector: str
) -> None:
    events = engine.extract(text, article_id="m", language=language)
    arrest = next(ev for ev in events if ev.event_type == "COERCE")
    assert arrest.recipient is not None and arrest.recipient.sector == sector


def test_a_chlorine_attack_on_a_named_town_is_a_chemical_assault(engine: Pipeline) -> None:
    text = "On 9 April 2018, government forces carried out a chlorine gas attack on Douma."
    assert [ev.mode for ev in assaults(engine, text)] == ["unconventional"]


def test_a_spanish_chlorine_attack_passes_the_violence_guard() -> None:
    text = "El 2 de marzo de 2019, fuerzas del régimen lanzaron un ataque con cloro contra Latamna."
    doc = load_nlp(model_name("es"))(text)
    sent = next(iter(doc.sents))
    tok = next(t for t in sent if t.text == "ataque")
    found = [(r.event_type, r.failed) for r in readings(tok, load_lexicon("es"), SentenceWords(sent))]
    assert ("ASSAULT", ()) in found


def test_a_state_of_emergency_beside_a_hostage_taking_is_its_own_event(engine: Pipeline) -> None:
    text = "The governor declared a state of emergency on Monday after inmates took guards hostage."
    kinds = {(ev.event_type, ev.mode) for ev in engine.extract(text, article_id="m")}
    assert {("COERCE", "curfew"), ("ASSAULT", "abduct")} <= kinds


def test_an_emergency_room_is_no_state_of_emergency(engine: Pipeline) -> None:
    text = "Doctors treated the wounded officer in the emergency room of the state hospital."
    assert [ev for ev in engine.extract(text, article_id="m") if ev.event_type == "COERCE"] == []


@pytest.mark.parametrize(
    ("text", "actor", "captives"),
    [
        ("Gunmen held three police officers hostage for six hours.", "Gunmen", "three police officers"),
        ("Inmates took two guards hostage.", "Inmates", "two guards"),
    ],
)
def test_who_holds_hostages_is_the_actor_and_the_captives_the_recipient(
    engine: Pipeline, text: str, actor: str, captives: str
) -> None:
    (ev,) = assaults(engine, text)
    assert ev.actor is not None and ev.actor.text == actor
    assert ev.recipient is not None and ev.recipient.text == captives
