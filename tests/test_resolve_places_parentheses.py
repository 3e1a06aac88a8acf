"""ACLED-style parenthesised qualifiers: '<town> (<admin2>, <admin1>)', unit-name spellings."""

from __future__ import annotations

import datetime as dt

import pytest

from chronicler.analyse.nlp import load_nlp
from chronicler.pipeline import DocContext
from chronicler.records import Place, Span
from chronicler.resolve.places import make_resolve_places
from tests.factories import make_article, make_event


def _locate(text: str, trigger: str) -> Place:
    article = make_article(text)
    doc = load_nlp()(text)
    ev = make_event(article, trigger, sentence=Span(start=0, end=len(text)))
    ctx = DocContext(article_id=article.id, text=text, published=dt.date(2025, 3, 14), doc=doc,
                     events=[ev])
    make_resolve_places()(ctx)
    assert ev.location is not None
    return ev.location


@pytest.mark.parametrize(
    ("text", "trigger", "admin1", "country", "precision"),
    [
        # a town the gazetteer knows, its admin2 and admin1 in parentheses
        ("On 3 May 2024, bandits kidnapped travellers in Kajuru (Kajuru, Kaduna).", "kidnapped",
         "Kaduna", "NGA", "town"),
        # a town it does not know: placed at the unit, at the unit's precision
        ("On 8 May 2024, militants attacked a checkpoint in Zorbaloo (Dera Ismail Khan, "
         "Khyber Pakhtunkhwa).", "attacked", "Khyber Pakhtunkhwa", "PAK", "admin1"),
        # another spelling of the unit's name ('Nord-Kivu' in the gazetteer)
        ("On 9 May 2024, rebels and soldiers clashed near Sake (Masisi, North Kivu).", "clashed",
         "Nord-Kivu", "COD", "town"),
        # a unit word between the name and its qualifier
        ("On 1 June 2024, armed men burned houses in Kabo town (Kabo, Ouham).", "burned",
         "Ouham", "CAF", "town"),
    ],
)
def test_parenthesised_qualifier(text: str, trigger: str, admin1: str, country: str,
                                 precision: str) -> None:
    loc = _locate(text, trigger)
    assert (loc.admin1, loc.country, loc.precision) == (admin1, country, precision)


def test_the_note_gives_the_admin2_the_gazetteer_lacks() -> None:
    loc = _locate("On 3 May 2024, bandits kidnapped travellers in Kajuru (Kajuru, Kaduna).", "kidnapped")
    assert loc.name == "Kajuru" and loc.admin2 == "Kajuru"


def test_country_first_then_the_town_inside_it() -> None:
    loc = _locate("On 2 June 2024, in Honduras, gang members shot a driver in Choloma (Cortes).", "shot")
    assert (loc.name, loc.admin1, loc.country) == ("Choloma", "Cortés", "HND")


def test_bare_escobedo_is_the_nuevo_leon_city() -> None:
    loc = _locate("Gunmen killed two men outside a bar in Escobedo on Sunday.", "killed")
    assert (loc.admin1_code, loc.precision) == ("MX-NLE", "town")
