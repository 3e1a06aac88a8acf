"""Event sources, round 2: venue, statement date, outlet chains and full names, in English
and Spanish, end to end (each event's attribution).

Fixtures are sentences written for these tests; none is taken from the dev set.
"""

from __future__ import annotations

import datetime as dt

import pytest

from chronicler.pipeline import Input, Pipeline
from chronicler.records import Attribution
from chronicler.resolve.kb import load_kb

HOME = "The Globe"


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.from_config()


def _attribution(pipeline: Pipeline, text: str, trigger: str, language: str = "en") -> Attribution:
    item = Input("t", text, dt.date(2026, 3, 20), language=language, outlet=HOME)
    events = next(iter(pipeline.run([item]))).events
    matches = [e for e in events if trigger in e.trigger.text]
    assert matches, [e.trigger.text for e in events]
    attr = matches[0].attribution
    assert attr is not None
    return attr


def _date(attr: Attribution) -> str:
    return attr.profile.statement_date.text if attr.profile.statement_date else ""


@pytest.mark.parametrize(("text", "trigger", "language", "venue"), [
    ("The Sonora state police said in a statement that officers had arrested six men in "
     "Hermosillo.", "arrest", "en", "statement"),
    ("La Fiscalía de Sonora informó en un comunicado que agentes detuvieron a seis hombres "
     "en Hermosillo.", "detuv", "es", "comunicado"),
    ("El alcalde Tomás Ruelas dijo en rueda de prensa que policías detuvieron a seis hombres "
     "en Hermosillo.", "detuv", "es", "rueda de prensa"),
])
def test_a_statement_or_press_conference_is_the_venue(
    pipeline: Pipeline, text: str, trigger: str, language: str, venue: str
) -> None:
    attr = _attribution(pipeline, text, trigger, language)
    assert attr.profile.venue is not None and venue in attr.profile.venue, attr.profile


def test_spanish_statement_date_without_a_date_entity(pipeline: Pipeline) -> None:
    text = "El viernes, el gobernador Tomás Ruelas dijo que soldados detuvieron a seis hombres."
    attr = _attribution(pipeline, text, "detuv", "es")
    assert attr.profile.kind == "named_person"
    assert "viernes" in _date(attr)
    assert attr.profile.statement_date is not None
    assert attr.profile.statement_date.start == dt.date(2026, 3, 20)  # the Friday of publication


def test_a_fronted_participle_gives_the_venue(pipeline: Pipeline) -> None:
    text = ("Speaking at a news conference in Monterrey on Friday, Governor Tomás Ruelas said "
            "state police had arrested six men.")
    attr = _attribution(pipeline, text, "arrest")
    assert attr.profile.name == "Tomás Ruelas"
    assert attr.profile.venue is not None and "news conference" in attr.profile.venue
    assert "Friday" in _date(attr)


def test_an_outlet_in_the_source_phrase_is_the_venue_not_the_speaker(pipeline: Pipeline) -> None:
    text = ("Rubio, speaking on NBC's Meet the Press, said the military would deploy more "
            "troops to the border.")
    attr = _attribution(pipeline, text, "deploy")
    assert attr.profile.kind == "named_person" and attr.profile.name == "Rubio"
    assert attr.profile.venue == "Meet the Press"


def test_the_knowledge_base_knows_a_lone_surname_is_a_person(pipeline: Pipeline) -> None:
    kb = load_kb()
    assert kb.person("Noem") is not None and kb.person("García Harfuch") is not None
    assert kb.person("Sinaloa Cartel") is None and kb.person("Pentagon") is None
    attr = _attribution(pipeline, "Noem said agents had arrested 40 smugglers in Arizona.", "arrest")
    assert attr.profile.kind == "named_person" and attr.profile.name == "Noem"


@pytest.mark.parametrize(("text", "trigger", "language"), [
    ("Two senior officials told Axios that soldiers had seized a cartel airstrip in Sonora, "
     "The Independent reported.", "seize", "en"),
    ("Dos altos funcionarios dijeron a Reuters que soldados aseguraron una pista del cártel "
     "en Sonora, informó The Independent.", "asegur", "es"),
])
def test_a_statement_relayed_inside_a_report_has_the_whole_chain(
    pipeline: Pipeline, text: str, trigger: str, language: str
) -> None:
    attr = _attribution(pipeline, text, trigger, language)
    assert attr.profile.kind == "anonymous" and attr.profile.count_low == 2, attr.profile
    assert attr.outlets[:2] == [HOME, "The Independent"]
    assert attr.outlets[2] in ("Axios", "Reuters")


@pytest.mark.parametrize(("text", "trigger", "language"), [
    ("Citing three security officials, Reuters reported that gunmen had killed five police "
     "officers in Zamora.", "kill", "en"),
    ("Citando a tres funcionarios de seguridad, Reuters informó que pistoleros asesinaron a "
     "cinco policías en Zamora.", "asesin", "es"),
])
def test_a_report_citing_sources_rests_on_them(
    pipeline: Pipeline, text: str, trigger: str, language: str
) -> None:
    attr = _attribution(pipeline, text, trigger, language)
    assert attr.profile.kind == "anonymous" and attr.profile.count_low == 3, attr.profile
    assert attr.outlets == [HOME, "Reuters"]


def test_sources_cited_by_an_outlet_carry_it(pipeline: Pipeline) -> None:
    text = ("Fuentes federales citadas por el diario Milenio dijeron que soldados detuvieron "
            "a un jefe de plaza en Zacatecas.")
    attr = _attribution(pipeline, text, "detuv", "es")
    assert attr.profile.kind == "anonymous"
    assert attr.outlets == [HOME, "Milenio"]


def test_said_in_a_statement_parsed_onto_the_noun_keeps_the_speaker(pipeline: Pipeline) -> None:
    text = ("Attorney General Pam Bondi said in a statement that federal agents had arrested "
            "nine members of a smuggling ring.")
    attr = _attribution(pipeline, text, "arrest")
    assert attr.profile.kind == "named_person" and attr.profile.name == "Pam Bondi"
    assert attr.profile.venue == "statement"


@pytest.mark.parametrize(("text", "trigger", "language", "name"), [
    ("Mayor Ana Lilia Pérez said police had arrested two men in the town centre.", "arrest",
     "en", "Ana Lilia Pérez"),
    ("At a briefing, Security Secretary Omar García Harfuch said soldiers had arrested two "
     "men.", "arrest", "en", "Omar García Harfuch"),
    ("En entrevista con Milenio, el secretario de Seguridad Omar García Harfuch afirmó que "
     "soldados detuvieron a dos hombres.", "detuv", "es", "Omar García Harfuch"),
    ("La gobernadora Marina del Pilar Ávila dijo que la policía detuvo a dos hombres.",
     "detuv", "es", "Marina del Pilar Ávila"),
])
def test_full_names_across_particles_and_titles(
    pipeline: Pipeline, text: str, trigger: str, language: str, name: str
) -> None:
    attr = _attribution(pipeline, text, trigger, language)
    assert attr.profile.kind == "named_person"
    assert attr.profile.name == name


def test_an_organisation_keeps_its_article(pipeline: Pipeline) -> None:
    text = "La Marina dijo que sus elementos detuvieron a tres hombres en Tampico."
    attr = _attribution(pipeline, text, "detuv", "es")
    assert attr.profile.kind == "named_organisation" and attr.profile.name == "La Marina"


@pytest.mark.parametrize("text", [
    "NBC News reported, citing four officials, that soldiers had seized a cartel airstrip.",
    "According to NBC News, which cited four current officials, soldiers had seized a cartel "
    "airstrip.",
])
def test_a_citing_clause_after_the_outlet_gives_the_source(pipeline: Pipeline, text: str) -> None:
    attr = _attribution(pipeline, text, "seize")
    assert attr.profile.kind == "anonymous" and attr.profile.count_low == 4, attr.profile
    assert attr.outlets == [HOME, "NBC News"]


def test_a_participle_in_the_source_gives_its_date_and_a_frequency_is_no_date(
    pipeline: Pipeline,
) -> None:
    text = ("Ruelas, speaking at his weekly news conference on Tuesday, said soldiers had "
            "arrested nine suspects.")
    attr = _attribution(pipeline, text, "arrest")
    assert attr.profile.venue is not None and "news conference" in attr.profile.venue
    assert _date(attr) == "Tuesday"


def test_an_organisation_name_keeps_the_proper_nouns_the_tagger_left_out(
    pipeline: Pipeline,
) -> None:
    text = "The Attorney General's Office said on Friday that agents had arrested a broker."
    attr = _attribution(pipeline, text, "arrest")
    assert attr.profile.kind == "named_organisation"
    assert attr.profile.name == "The Attorney General's Office"


@pytest.mark.parametrize(("text", "trigger", "language", "kind", "venue"), [
    ("Según informó la Fiscalía de Sonora en un comunicado, agentes detuvieron a seis "
     "hombres.", "detuv", "es", "named_organisation", "comunicado"),
    ("La Fiscalía de Sonora informó a través de un comunicado que agentes detuvieron a seis "
     "hombres.", "detuv", "es", "named_organisation", "comunicado"),
    ("In remarks to reporters on Tuesday, Governor Tomás Ruelas said state police had "
     "arrested six men.", "arrest", "en", "named_person", "remarks"),
])
def test_as_reported_asides_and_compound_prepositions(
    pipeline: Pipeline, text: str, trigger: str, language: str, kind: str, venue: str
) -> None:
    attr = _attribution(pipeline, text, trigger, language)
    assert attr.profile.kind == kind, attr.profile
    assert attr.profile.venue is not None and venue in attr.profile.venue


def test_unnamed_residents_tagged_as_an_organisation_stay_anonymous(pipeline: Pipeline) -> None:
    text = "Vecinos de Chilapa dijeron a reporteros que hombres armados incendiaron cuatro casas."
    attr = _attribution(pipeline, text, "incendi", "es")
    assert attr.profile.kind == "anonymous" and attr.profile.count_low == 2


# --- the grade follows from the source kind (docs/incidents.md) ---------------------------

GRADED = [
    ("Hombres armados asesinaron a cuatro personas en un bar de Uruapan, Michoacán, el sábado, "
     "informó la Fiscalía de Michoacán.", "es", "asesin", "fair"),
    ("Citing two security officials, Reuters reported that gunmen killed three men in Tecate, "
     "Baja California, on Friday.", "en", "kill", "weak"),
]


@pytest.mark.parametrize(("text", "language", "trigger", "grade"), GRADED)
def test_an_institution_grades_fair_and_cited_anonymous_sources_weak(
    store: object, pipeline: Pipeline, text: str, language: str, trigger: str, grade: str
) -> None:
    from chronicler.incidents import update_incidents
    from chronicler.store import Store
    from tests.factories import make_article

    assert isinstance(store, Store)
    article = make_article(text, outlet=HOME, language=language,
                           published_at=dt.datetime(2026, 3, 22, 9))
    item = Input(article.id, article.text, dt.date(2026, 3, 22), language=language, outlet=HOME)
    events = [e for e in next(iter(pipeline.run([item]))).events if trigger in e.trigger.text]
    assert events
    store.add_articles([article])
    store.save_extraction([(article.id, events)], "test-1")
    update_incidents(store)
    (incident,) = [i for i in store.iter_incidents() if events[0].id in i.event_ids]
    assert incident.grade == grade, incident.grade_reason


def test_a_venue_keeps_the_adjective_after_its_noun(pipeline: Pipeline) -> None:
    text = ("Soldados detuvieron a tres hombres en Reynosa, informó la Secretaría de Marina "
            "mediante una tarjeta informativa.")
    attr = _attribution(pipeline, text, "detuv", "es")
    assert attr.profile.kind == "named_organisation"
    assert attr.profile.venue == "tarjeta informativa"


def test_an_english_march_is_no_statement_date(pipeline: Pipeline) -> None:
    text = "Police said during the march that officers had arrested 20 protesters."
    attr = _attribution(pipeline, text, "arrest")
    assert attr.profile.statement_date is None
