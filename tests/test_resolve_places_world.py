"""ACLED-style notes outside Mexico: admin1 spellings, exonyms and the note's event place."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from chronicler.analyse.nlp import load_nlp
from chronicler.pipeline import DocContext
from chronicler.records import Place, Span
from chronicler.resolve.gazetteer import _target_ref, gazetteer_dir, load_gazetteer
from chronicler.resolve.places import main_place, make_resolve_places
from tests.factories import make_article, make_event


def _locate(text: str, trigger: str) -> Place | None:
    article = make_article(text)
    doc = load_nlp()(text)
    ev = make_event(article, trigger, sentence=Span(start=0, end=len(text)))
    ctx = DocContext(article_id=article.id, text=text, published=dt.date(2025, 3, 14), doc=doc,
                     events=[ev])
    make_resolve_places()(ctx)
    return ev.location


@pytest.mark.parametrize(
    ("text", "trigger", "admin1", "country"),
    [
        # ACLED's spelling of a unit GeoNames spells otherwise, with no ISO code to reach it
        ("On 4 May 2024, gunmen raided homes in Umm Dagarsi (Gezira).", "raided", "Al Jazirah", "SDN"),
        # an exonym that is also a town's name: as a qualifier it is the region (Lere is
        # also a town of Kaduna, Nigeria)
        ("On 6 May 2024, militants attacked a checkpoint in Lere (Timbuktu).", "attacked",
         "Tombouctou", "MLI"),
        # an unknown name before a unit word, no preposition, 'al-' inside it
        ("On 12 May 2024, militiamen looted Umm al-Qura village (Sennar).", "looted", "Sinnar", "SDN"),
        # a weak name the parenthesis vouches for
        ("On 2 February 2024, a drone hit Nyaung Kone village (Myinmu, Sagaing), killing 3 people.",
         "hit", "Sagain", "MMR"),
        # 'X, <district the gazetteer lacks> district, <state>': the state qualifies X
        ("On 9 May 2024, a bomb killed two soldiers in Boya, North Waziristan district, "
         "Khyber Pakhtunkhwa.", "killed", "Khyber Pakhtunkhwa", "PAK"),
    ],
)
def test_admin1_of_a_note(text: str, trigger: str, admin1: str, country: str) -> None:
    loc = _locate(text, trigger)
    assert loc is not None and (loc.admin1, loc.country) == (admin1, country)


def test_a_compass_word_is_no_spelling_of_another() -> None:
    # the gazetteer has no West Darfur: never Eastern or Southern Darfur for it
    loc = _locate("On 3 May 2024, fighters burned a market in Mornei Wadi (West Darfur).", "burned")
    assert loc is None or loc.admin1 not in ("Eastern Darfur", "Southern Darfur")


def test_the_parenthesised_place_is_the_notes_event_place() -> None:
    # 'Los Lobos' is a town in Guanajuato as well as an Ecuadorian gang
    text = "On 7 June 2024, soldiers arrested two members of Los Lobos in Machala (El Oro)."
    doc = load_nlp()(text)
    place = main_place(DocContext(article_id="t", text=text, published=None, doc=doc, language="en"))
    assert place is not None and (place.admin1, place.country) == ("El Oro", "ECU")


def test_every_alias_names_a_gazetteer_unit() -> None:
    gaz = load_gazetteer()
    named = {f"{row[2]}/{row[1]}": ref for ref, row in enumerate(gaz.rows) if row[0] == "ADM1"}
    with (gazetteer_dir() / "aliases.csv").open(encoding="utf-8") as fh:
        missing = [r["target"] for r in csv.DictReader(fh) if _target_ref(gaz, r["target"], named) is None]
    assert missing == []
