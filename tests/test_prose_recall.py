"""Recall and typing on real-looking prose (issue 10): a restating toll sentence folds into
the lead, Spanish "abrieron fuego" folds like "opened fire", armed groups get a sector, the
authorities holding people is an arrest, and HTML blocks or short title lines end sentences
while hard-wrapped lines do not. Every fixture is written for this file."""

from __future__ import annotations

import datetime as dt

import pytest

from chronicler.analyse.joined import short_line_starts
from chronicler.ingest.html import _blocks_apart, fragment_to_text
from chronicler.pipeline import Pipeline
from chronicler.records import Event
from chronicler.resolve.actors import resolve_text


@pytest.fixture(scope="module")
def engine() -> Pipeline:
    return Pipeline.from_config({})


def _events(engine: Pipeline, text: str, language: str = "en") -> list[Event]:
    return engine.extract(text, published=dt.date(2026, 3, 12), article_id="p", language=language)


def _assaults(engine: Pipeline, text: str, language: str = "en") -> list[Event]:
    return [e for e in _events(engine, text, language) if e.event_type == "ASSAULT"]


def _killed(ev: Event) -> int | None:
    return ev.toll.killed.best if ev.toll.killed else None


# --- 1. a sentence that restates the lead's toll is no second event -----------------------


@pytest.mark.parametrize(
    ("text", "language", "trigger", "killed"),
    [
        ("Gunmen attacked a village near Suárez on Monday, killing six farmers. Six people were killed.",
         "en", "attacked", 6),
        ("Hombres armados atacaron una vereda de Suárez el lunes y mataron a seis campesinos. "
         "Seis personas fueron asesinadas.", "es", "atacaron", 6),
        # the lead counts no dead: the restating sentence gives them, and is no event of its own
        ("Armed men broke into a billiard hall in Jamundí and opened fire. Four people were killed.",
         "en", "opened fire", 4),
        ("Sicarios irrumpieron en un billar de Jamundí y abrieron fuego. Murieron cuatro personas.",
         "es", "abrieron fuego", 4),
    ],
)
def test_a_restating_toll_sentence_folds_into_the_lead(
    engine: Pipeline, text: str, language: str, trigger: str, killed: int
) -> None:
    found = _assaults(engine, text, language)
    assert [e.trigger.text for e in found] == [trigger], [(e.trigger.text, _killed(e)) for e in found]
    assert _killed(found[0]) == killed


def test_a_restating_sentence_with_two_kinds_folds_both(engine: Pipeline) -> None:
    found = _assaults(engine, "Gunmen opened fire on a bus near Buga. Three soldiers were killed and two were wounded.")
    assert [e.trigger.text for e in found] == ["opened fire"]
    assert _killed(found[0]) == 3 and found[0].toll.injured is not None and found[0].toll.injured.best == 2


@pytest.mark.parametrize(
    "text",
    [
        # another number: another act
        "Gunmen shot a shopkeeper dead in Florida. Two people were killed in Pradera.",
        # an actor and a means of its own: an act of its own
        "Gunmen shot a shopkeeper dead in Florida. Gunmen killed one man in Pradera.",
    ],
)
def test_a_different_act_stays_an_event(engine: Pipeline, text: str) -> None:
    assert len(_assaults(engine, text)) == 2


# --- 2. Spanish "abrieron fuego" / "dispararon contra" fold with the act they belong to ---


def test_a_spanish_gerund_of_killing_counts_on_the_shooting(engine: Pipeline) -> None:
    text = "Sujetos armados llegaron a una finca y abrieron fuego contra sus trabajadores, matando a tres personas."
    found = _assaults(engine, text, "es")
    assert [e.trigger.text for e in found] == ["abrieron fuego"] and _killed(found[0]) == 3


@pytest.mark.parametrize(
    ("text", "language", "trigger"),
    [
        ("Un hombre murió después de que sujetos armados abrieron fuego contra él en Tuluá.", "es", "abrieron fuego"),
        ("A man died after gunmen opened fire on him in Tulua.", "en", "opened fire"),
        ("Sicarios dispararon contra un hombre que caminaba por la calle y lo mataron.", "es", "dispararon"),
    ],
)
def test_a_death_and_its_shooting_are_one_event(engine: Pipeline, text: str, language: str, trigger: str) -> None:
    found = _assaults(engine, text, language)
    assert [e.trigger.text for e in found] == [trigger], [e.trigger.text for e in found]
    assert _killed(found[0]) == 1


# --- 3. armed groups have a sector -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "entity_id", "country"),
    [
        ("El ELN", "rebel.eln", "COL"),
        ("ELN guerrillas", "rebel.eln", "COL"),
        ("FARC dissidents", "rebel.farc_dissidents", "COL"),
        ("presuntos disidentes de las FARC", "rebel.farc_dissidents", "COL"),
        ("the Segunda Marquetalia", "rebel.farc_dissidents.segunda_marquetalia", "COL"),
        ("al-Shabaab fighters", "rebel.al_shabaab", "SOM"),
        ("M23 rebels", "rebel.m23", "COD"),
    ],
)
def test_armed_groups_resolve_with_a_sector(text: str, entity_id: str, country: str) -> None:
    res = resolve_text(text)
    assert (res.entity_id, res.sector, res.country) == (entity_id, "armed_group", country)


@pytest.mark.parametrize("text", ["the Gulf Clan", "Los Urabeños", "el Ejército Gaitanista de Colombia"])
def test_the_clan_del_golfo_under_its_other_names(text: str) -> None:
    res = resolve_text(text)
    assert (res.entity_id, res.sector) == ("crim.clan_del_golfo", "criminal_organisation")


@pytest.mark.parametrize(
    ("text", "language"),
    [("la guerrilla", "es"), ("los rebeldes", "es"), ("las disidencias", "es"), ("jihadists", "en"),
     ("separatist fighters", "en")],
)
def test_generic_armed_group_words_have_the_sector(text: str, language: str) -> None:
    assert resolve_text(text, language=language).sector == "armed_group"


def test_an_eln_attack_has_an_armed_actor(engine: Pipeline) -> None:
    [ev] = _assaults(engine, "El ELN atacó una base militar en Arauca.", "es")
    assert ev.actor is not None and ev.actor.sector == "armed_group"


# --- 4. the authorities holding people; a man found unhurt -------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [("Police held two men for questioning.", "en"),
     ("La policía retuvo a dos hombres para interrogarlos.", "es")],
)
def test_the_police_holding_people_is_an_arrest(engine: Pipeline, text: str, language: str) -> None:
    found = [(e.event_type, e.mode) for e in _events(engine, text, language)]
    assert found == [("COERCE", "arrest")]


@pytest.mark.parametrize(
    ("text", "language"),
    [("Two bank clerks were held hostage in Palmira.", "en"),
     ("Dos empleados fueron retenidos como rehenes en un banco.", "es")],
)
def test_hostages_held_are_no_arrest(engine: Pipeline, text: str, language: str) -> None:
    found = [(e.event_type, e.mode) for e in _events(engine, text, language)]
    assert found == [("ASSAULT", "abduct")]


@pytest.mark.parametrize(
    ("text", "language"),
    [("A man was found in a field near Cartago. He was not hurt.", "en"),
     ("Un hombre fue encontrado en un potrero de Cartago. No resultó herido.", "es")],
)
def test_a_man_found_unhurt_is_no_assault(engine: Pipeline, text: str, language: str) -> None:
    assert _assaults(engine, text, language) == []


# --- 5. blocks and lines ------------------------------------------------------------------


def test_html_blocks_become_paragraphs_but_a_br_mid_sentence_does_not() -> None:
    text = "Gunmen kill four in Cali\nCALI (Wire) - Armed men opened fire.\nPolice held two men\nnear the scene.\n- Four dead"
    assert _blocks_apart(text) == ("Gunmen kill four in Cali\n\nCALI (Wire) - Armed men opened fire.\n\n"
                                   "Police held two men\nnear the scene.\n\n- Four dead")


def test_a_feed_fragment_keeps_its_blocks_apart_and_its_source_wraps_joined() -> None:
    html = "<p>Gunmen kill four in Cali</p><p>Armed men opened fire at a bar in\nCali on Sunday.</p>"
    assert fragment_to_text(html) == "Gunmen kill four in Cali\n\nArmed men opened fire at a bar in Cali on Sunday."


def test_a_short_line_over_a_long_one_starts_a_block() -> None:
    text = "Gunmen kill three in Buga\nPolice arrested two suspects on Monday in Buga after a shooting at a bar."
    assert short_line_starts(text) == [text.index("Police")]


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen attacked a bar in the town of\nCelaya on Monday and killed three people. Police arrested\ntwo suspects later.",
        "Los hombres armados llegaron en dos camionetas,\nDispararon contra la fachada de la casa y huyeron del lugar.",
    ],
)
def test_hard_wrapped_lines_are_not_split(text: str) -> None:
    assert short_line_starts(text) == []


@pytest.mark.parametrize(
    ("text", "language"),
    [("Gunmen kill three in Buga\nPolice arrested two suspects on Monday in Buga after a shooting at a bar.", "en"),
     ("Matan a tres en Buga\nLa policía detuvo a dos sospechosos el lunes en Buga tras un ataque en un bar.", "es")],
)
def test_a_title_line_is_a_sentence_of_its_own(engine: Pipeline, text: str, language: str) -> None:
    arrest = next(e for e in _events(engine, text, language) if e.event_type == "COERCE")
    second = text.index("\n") + 1
    assert arrest.sentence.start == second
    assert arrest.actor is not None and arrest.actor.sector == "police"


def test_a_hard_wrapped_sentence_stays_one(engine: Pipeline) -> None:
    text = "Gunmen attacked a bar in the town of\nCelaya on Monday and killed three people."
    [ev] = _assaults(engine, text)
    assert ev.sentence.start == 0 and ev.sentence.end == len(text)


@pytest.mark.parametrize(
    ("text", "language"),
    [("A woman was found in a ditch near Yumbo. She was unharmed.", "en"),
     ("Una mujer fue encontrada en una zanja de Yumbo. Resultó ilesa.", "es")],
)
def test_a_note_that_says_no_one_was_hurt_has_no_typer_assault(engine: Pipeline, text: str, language: str) -> None:
    assert _assaults(engine, text, language) == []


def test_a_found_body_in_a_headline_is_still_an_assault(engine: Pipeline) -> None:
    assert [e.trigger.text for e in _assaults(engine, "Body found inside a car in Palmira")] == ["found"]


# --- headlines in title case -------------------------------------------------------------


def test_the_title_splitter_leaves_the_lemma_tables_bounded() -> None:
    import importlib

    from chronicler.analyse.nlp import load_nlp
    from chronicler.lang import model_name

    detect = importlib.import_module("chronicler.extract.detect")
    nlp = load_nlp(model_name("en"))
    assert "chronicler_joined_titles" in nlp.pipe_names
    assert detect._lemma_bounds(nlp) is not None  # inflected title words are known as ordinary


@pytest.mark.parametrize(
    "text",
    ["Six Farmers and Two Drivers Massacred on Cauca Highway", "Nine Soldiers Slaughtered in Arauca Ambush"],
)
def test_a_title_case_participle_is_read_as_the_verb(engine: Pipeline, text: str) -> None:
    found = _assaults(engine, text)
    assert found and found[0].mode == "massacre", [(e.trigger.text, e.mode) for e in found]


@pytest.mark.parametrize(
    ("text", "language"),
    [("The deputy held the teenager against a car for several minutes.", "en"),
     ("El agente sujetó al joven contra la pared durante varios minutos.", "es")],
)
def test_held_against_a_surface_is_force_not_arrest(engine: Pipeline, text: str, language: str) -> None:
    found = [(e.event_type, e.mode) for e in _events(engine, text, language)]
    assert found == [("ASSAULT", "beat")]


@pytest.mark.parametrize(
    "text",
    ["Officers held him down while another officer kneeled on his neck.",
     "The officer held the man by his arms."],
)
def test_a_grip_is_no_arrest(engine: Pipeline, text: str) -> None:
    assert not [e for e in _events(engine, text) if e.event_type == "COERCE"]


def test_a_spanish_headline_count_of_the_murdered_is_an_assault(engine: Pipeline) -> None:
    assert [e.trigger.text for e in _assaults(engine, "Cinco asesinados en Tuluá", "es")] == ["asesinados"]
