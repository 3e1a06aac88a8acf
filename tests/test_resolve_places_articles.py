"""Place resolution in long articles: lists of units, people's names, state abbreviations,
office titles, and a state's pull among many names (rules measured on real articles,
bench/eval_places.py --set articles). Sentences written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from chronicler.analyse.nlp import load_nlp
from chronicler.lang import model_name
from chronicler.pipeline import DocContext
from chronicler.resolve.places import analyse


def _mentions(text: str, language: str = "en") -> list[Any]:
    nlp = load_nlp(model_name(language))
    ctx = DocContext(article_id="a", text=text, published=None, doc=nlp(text), language=language)
    return [m for m in analyse(ctx).mentions if m.place is not None]


def _places(text: str, language: str = "en") -> dict[str, tuple[str | None, str | None]]:
    return {m.text: (m.place.admin1_code or m.place.kind, m.place.country) for m in _mentions(text, language)}


def test_a_list_of_states_is_no_town_with_its_state() -> None:
    # 'Alabama, Georgia' is no 'X, State': each keeps its own name, Georgia the state
    got = _places("The governor won Alabama, Georgia, Tennessee and Virginia on Tuesday.")
    assert got["Alabama"] == ("US-AL", "USA")
    assert got["Georgia"] == ("US-GA", "USA")
    assert got["Tennessee"] == ("US-TN", "USA")


def test_a_list_of_countries_keeps_each_country() -> None:
    got = _places("The firm has worked for Albania, Cyprus, Georgia, Kenya, Morocco and Somalia.")
    assert got["Georgia"] == ("PCLI", "GEO")
    assert got["Kenya"] == ("PCLI", "KEN") and got["Morocco"] == ("PCLI", "MAR")


def test_a_country_lies_in_no_other_unit() -> None:
    # 'the United Arab Emirates, Uganda': no fallback to the next country
    got = _places("The company advised Qatar, one of the United Arab Emirates, Uganda and others.")
    assert got["United Arab Emirates"] == ("PCLI", "ARE")


def test_same_name_town_and_state_still_qualifies() -> None:
    town, state = _mentions("Gunmen killed five men in Durango, Durango, on Sunday.")
    assert town.place.kind == "PPL" and town.place.admin1_code == "MX-DUR" and state.qualifier


def test_a_surname_of_a_named_person_is_no_town() -> None:
    text = ("Colin Clarke, a political scientist, studied the attacks. "
            "\"They attack us because of our policy,\" Clarke said in an interview.")
    assert "Clarke" not in _places(text)


def test_a_bare_surname_without_the_person_is_unchanged() -> None:
    # no person named Clarke in the text: the rule does not fire ('in Clarke County' style)
    assert _places("Deputies in Clarke County said two men were arrested.")


def test_state_abbreviations_are_mentions_of_the_state() -> None:
    got = _places("Sen. Mitch McConnell, R-Ky., spoke after a rally in Beaumont, Tex., on Monday.")
    assert got["Ky."] == ("US-KY", "USA")
    assert got["Tex."] == ("US-TX", "USA")
    assert got["Beaumont"] == ("US-TX", "USA")
    got = _places("The firm routed money to D.C. lobbyists, records show.")
    assert got["D.C."][1] == "USA"


def test_an_abbreviation_before_a_name_is_a_title() -> None:
    # 'Col.' is Colima's abbreviation, but before a name it is a colonel
    assert "Col." not in _places("Gunmen shot Lt. Col. Julián Moreno outside his home.")


def test_a_letter_is_no_place() -> None:
    # '(D-Ariz.)': D is the party, not Detroit
    got = _places("Rep. Ann Kirkpatrick (D-Ariz.) will face the senator.")
    assert "D" not in got and got["Ariz."] == ("US-AZ", "USA")


def test_month_abbreviations_are_no_places() -> None:
    assert "Jan." not in _places("The show drew its best ratings since Jan. 7, the network said.")
    assert "Ene." not in _places("La reunión fue el Ene. 7 en la capital.", "es")


def test_an_office_title_after_a_place_keeps_the_place() -> None:
    got = _places("Former Arkansas Gov. Mike Huckabee and Phoenix Mayor Greg Stanton spoke.")
    assert got["Arkansas"] == ("US-AR", "USA")
    assert got["Phoenix"] == ("US-AZ", "USA")


def test_a_country_in_an_actor_name_is_still_named() -> None:
    # 'U.S. military' is an actor of the knowledge base; the country is still a mention,
    # as context only
    mentions = {m.text: m for m in _mentions("He was the top U.S. military adviser in Iraq in 2014.")}
    assert mentions["U.S."].place.country == "USA" and mentions["U.S."].context
    assert mentions["Iraq"].place.country == "IRQ"


def test_a_state_among_many_names_pulls_its_towns_less() -> None:
    # one Texas town among many other places: 'Paris' is the French capital
    text = ("The attacks in Paris shook the race. At a rally in Beaumont, Texas, the candidate "
            "spoke of Syria, Iraq, Russia and China, and aides in Iowa, Ohio, Florida, Arizona "
            "and New Hampshire said voters worried about Paris.")
    got = _places(text)
    assert got["Paris"] == ("FR-IDF", "FRA")


def test_a_state_the_story_is_about_still_pulls_its_town() -> None:
    text = "Connecticut state police are investigating a shooting. A man was shot dead in Berlin."
    assert _places(text)["Berlin"] == ("US-CT", "USA")


def test_continents_and_regions_are_places_at_region_precision() -> None:
    got = {m.text: m.place for m in _mentions(
        "Militants recruit in Europe and the Middle East, and voters across the Midwest worry.")}
    assert got["Europe"].precision == "region" and got["Europe"].country is None
    assert got["Middle East"].precision == "region"  # not Middle East, Maryland
    assert (got["Midwest"].precision, got["Midwest"].country) == ("region", "USA")
    es = {m.text: m.place for m in _mentions("Los enfrentamientos en Tierra Caliente dejaron un muerto.", "es")}
    assert (es["Tierra Caliente"].precision, es["Tierra Caliente"].country) == ("region", "MEX")


def test_a_region_yields_the_event_place_to_a_town_it_holds() -> None:
    from chronicler.resolve.places import main_place

    text = "Gunmen killed seven people in the Caribbean resort city of Cancún on Sunday."
    nlp = load_nlp(model_name("en"))
    ctx = DocContext(article_id="a", text=text, published=None, doc=nlp(text), language="en")
    place = main_place(ctx)
    assert place is not None and place.admin1_code == "MX-ROO"


def test_generic_words_are_no_places() -> None:
    # a damaged 'GuantÃ¡namo Bay' leaves 'Bay' (Bay, Arkansas); 'Hey' and 'Plan B' likewise
    got = _places("He promised to close the prison at GuantÃ¡namo Bay. Hey, there is no Plan B.")
    assert not {"Bay", "Hey", "Plan"} & set(got)
    assert "Bahía" not in _places("Lo vieron en la Bahía ayer por la tarde.", "es")


@pytest.mark.parametrize(("text", "language"), [
    ("The governor won Alabama, Georgia and Virginia on Tuesday.", "en"),
    ("El gobernador ganó en Alabama, Georgia y Virginia el martes.", "es"),
])
def test_a_list_joined_by_the_packs_conjunction_is_no_town_with_its_state(text: str, language: str) -> None:
    # the pack's list_joiners ('and', 'y'): three names make a list, so 'Alabama, Georgia' is
    # no 'X, State' and Alabama keeps its own name
    got = _places(text, language)
    assert got["Alabama"] == ("US-AL", "USA") and got["Georgia"] == ("US-GA", "USA")
