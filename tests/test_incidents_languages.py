"""Incidents across languages: an English and a Spanish report of one ambush are one
incident with both sources; another attack in the same town that week is not.

The stories are invented for these tests. The first test reads them with the real
pipeline (English and Spanish models); the others build events directly. Both storage
backends (SQLite and PostgreSQL, the store fixture)."""

from __future__ import annotations

import datetime as dt

import pytest

from chronicler.incidents import update_incidents
from chronicler.incidents.features import mention_from_event, name_bits, norm
from chronicler.incidents.merge import explain
from chronicler.pipeline import Input, Pipeline
from chronicler.records import Article, Count, DateRef, Entity, Event, Incident, Place, Toll
from chronicler.store import Store
from tests.factories import make_article, make_event

AP_TEXT = ("MEXICO CITY (AP) — Gunmen ambushed a National Guard convoy in Zitácuaro, Michoacán, "
           "on Tuesday, killing six guardsmen and wounding four, officials said.")  # fmt: skip
MILENIO_TEXT = ("Sicarios del Cártel Jalisco Nueva Generación emboscaron a un convoy de la Guardia "
                "Nacional en Zitácuaro, Michoacán; seis elementos murieron y cuatro resultaron "
                "heridos, informó la Fiscalía General del Estado.")  # fmt: skip
KIDNAP_TEXT = ("Hombres armados secuestraron el jueves a un comerciante en el centro de Zitácuaro, "
               "Michoacán, informaron autoridades municipales.")  # fmt: skip


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.from_config()


def _extract(pipeline: Pipeline, article: Article) -> list[Event]:
    assert article.published_at is not None and article.language is not None
    item = Input(article.id, article.text, article.published_at.date(), language=article.language,
                 outlet=article.outlet)  # fmt: skip
    return next(iter(pipeline.run([item]))).events


def _holding(store: Store, event_id: str) -> Incident:
    (found,) = [i for i in store.iter_incidents() if event_id in i.event_ids]
    return found


def test_an_english_and_a_spanish_report_make_one_incident(store: Store, pipeline: Pipeline) -> None:
    ap = make_article(AP_TEXT, outlet="AP", language="en", published_at=dt.datetime(2026, 3, 10, 20))
    milenio = make_article(MILENIO_TEXT, outlet="Milenio", language="es",
                           published_at=dt.datetime(2026, 3, 11, 8))  # fmt: skip
    kidnap = make_article(KIDNAP_TEXT, outlet="Milenio", language="es",
                          published_at=dt.datetime(2026, 3, 13, 9))  # fmt: skip
    stories = [(a, _extract(pipeline, a)) for a in (ap, milenio, kidnap)]
    for article, events in stories:
        assert events and {e.language for e in events} == {article.language}, events
    store.add_articles([a for a, _ in stories])
    store.save_extraction([(a.id, events) for a, events in stories], "test-1")
    update_incidents(store)
    ap_event, milenio_event, kidnap_event = (
        next(e for e in events if e.event_type == "ASSAULT") for _, events in stories
    )
    ambush = _holding(store, ap_event.id)
    assert milenio_event.id in ambush.event_ids
    assert [s.outlet for s in ambush.sources] == ["AP", "Milenio"]
    assert all(s.independent for s in ambush.sources)
    assert ambush.toll.killed is not None and ambush.toll.killed.best == 6
    assert any("(en/es)" in text and "recipient match" in text for text in ambush.merge_explanations), ambush.merge_explanations
    assert _holding(store, kidnap_event.id).id != ambush.id  # same town, same week, another attack


def _town(name: str) -> Place:
    return Place(text=name, name=name, admin1="Michoacán", country="MEX", precision="town")


def _reported(day: dt.date) -> DateRef:
    return DateRef(start=day, end=day, precision="day", from_publication=True)


def _killed(n: int) -> Toll:
    return Toll(killed=Count(low=n, best=n, high=n))


GUARD = Entity(text="National Guard", canonical="National Guard", entity_id="mex.guardia_nacional",
               country="MEX", sector="military")  # fmt: skip
GUNMEN = Entity(text="Gunmen", entity_id="generic.armed_group", sector="armed_group",
                resolution="sector_rule")  # fmt: skip
CJNG = Entity(text="Sicarios del CJNG", canonical="Jalisco New Generation Cartel (CJNG)",
              entity_id="crim.cjng", country="MEX", sector="criminal_organisation")  # fmt: skip


def _ambush_reports() -> list[tuple[Article, list[Event]]]:
    ap = make_article(AP_TEXT, outlet="AP", language="en", published_at=dt.datetime(2026, 3, 10, 20))
    milenio = make_article(MILENIO_TEXT, outlet="Milenio", language="es",
                           published_at=dt.datetime(2026, 3, 11, 8))  # fmt: skip
    tuesday = DateRef(text="Tuesday", start=dt.date(2026, 3, 10), end=dt.date(2026, 3, 10), precision="day")
    return [
        (ap, [make_event(ap, "ambushed", actor=GUNMEN, recipient=GUARD, location=_town("Zitácuaro"),
                         date=tuesday, toll=_killed(6), language="en")]),
        (milenio, [make_event(milenio, "emboscaron", actor=CJNG, recipient=GUARD,
                              location=_town("Zitácuaro"), date=_reported(dt.date(2026, 3, 11)),
                              toll=_killed(7), language="es")]),
    ]  # fmt: skip


def test_figures_of_the_two_languages_are_reconciled(store: Store) -> None:
    stories = _ambush_reports()
    store.add_articles([a for a, _ in stories])
    store.save_extraction([(a.id, events) for a, events in stories], "test-1")
    update_incidents(store)
    (incident,) = list(store.iter_incidents())
    assert [s.outlet for s in incident.sources] == ["AP", "Milenio"]
    killed = incident.toll.killed
    assert killed is not None and (killed.low, killed.high) == (6, 7)
    assert incident.location is not None and incident.location.name == "Zitácuaro"


def test_another_attack_in_the_same_town_and_week_stays_apart(store: Store) -> None:
    stories = _ambush_reports()
    later = make_article(KIDNAP_TEXT, outlet="Milenio", language="es", published_at=dt.datetime(2026, 3, 13, 9))
    merchant = Entity(text="un comerciante", entity_id="generic.business", sector="business",
                      resolution="sector_rule")  # fmt: skip
    armed = Entity(text="Hombres armados", entity_id="generic.armed_group", sector="armed_group",
                   resolution="sector_rule")  # fmt: skip
    stories.append((later, [make_event(later, "secuestraron", actor=armed, recipient=merchant, mode="abduct",
                                       location=_town("Zitácuaro"), date=_reported(dt.date(2026, 3, 13)),
                                       language="es")]))  # fmt: skip
    store.add_articles([a for a, _ in stories])
    store.save_extraction([(a.id, events) for a, events in stories], "test-1")
    update_incidents(store)
    assert len(list(store.iter_incidents())) == 2
    kidnap = _holding(store, stories[2][1][0].id)
    assert kidnap.event_ids == [stories[2][1][0].id]


def test_reports_in_two_languages_compare_names_not_wording() -> None:
    (ap, (ap_event,)), (milenio, (milenio_event,)) = _ambush_reports()
    a, b = mention_from_event(ap_event, ap), mention_from_event(milenio_event, milenio)
    assert (a.language, b.language) == ("en", "es")
    text = explain(a, b)
    assert "names" in text and "wording" not in text
    # the place is scored on its own, so its name is no shared "name"
    assert name_bits("en Zitácuaro, Michoacán", frozenset({"zitacuaro", "michoacan"})) == 0
    assert name_bits("6 muertos en Zitácuaro") == name_bits("6 dead in Zitácuaro") != 0
    assert norm("Zitácuaro") == "zitacuaro"


def test_a_town_named_in_full_and_in_short_is_one_place() -> None:
    from chronicler.incidents.features import same_place
    from chronicler.incidents.merge import cluster

    assert same_place("heroica zitacuaro", "zitacuaro") and same_place("ciudad juarez", "juarez")
    assert not same_place("san pedro", "san juan") and not same_place("town 3", "town 4")
    (ap, (ap_event,)), (milenio, (milenio_event,)) = _ambush_reports()
    full = _town("Heróica Zitácuaro")
    a = mention_from_event(ap_event.model_copy(update={"location": full}), ap)
    b = mention_from_event(milenio_event, milenio)
    assert "same place heroica zitacuaro/zitacuaro" in explain(a, b) or "same place zitacuaro/" in explain(a, b)
    assert len(cluster([a, b]).groups) == 1
