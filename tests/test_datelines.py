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
