"""Date resolution against a publication date: Friday 14 March 2025."""

from __future__ import annotations

import datetime as dt

import pytest

from chronicler.pipeline import DocContext
from chronicler.records import Span
from chronicler.resolve.dates import make_resolve_dates, resolve_text
from tests.factories import make_article, make_event

P = dt.date(2025, 3, 14)  # a Friday
D = dt.date


@pytest.mark.parametrize(
    ("sentence", "start", "end", "precision"),
    [
        ("Gunmen attacked a ranch on Thursday.", D(2025, 3, 13), D(2025, 3, 13), "day"),
        ("Soldiers were ambushed Tuesday night.", D(2025, 3, 11), D(2025, 3, 11), "day"),
        ("The convoy was attacked on Friday.", P, P, "day"),
        ("Police raided the house last Friday.", D(2025, 3, 7), D(2025, 3, 7), "day"),
        ("The minister will visit Culiacán on Thursday.", D(2025, 3, 20), D(2025, 3, 20), "day"),
        ("Troops arrived yesterday.", D(2025, 3, 13), D(2025, 3, 13), "day"),
        ("The arrests came last week.", D(2025, 3, 3), D(2025, 3, 9), "week"),
        ("Talks are planned for next week.", D(2025, 3, 17), D(2025, 3, 23), "week"),
        ("The attack happened in January.", D(2025, 1, 1), D(2025, 1, 31), "month"),
        ("In March, more troops arrived.", D(2025, 3, 1), D(2025, 3, 31), "month"),
        ("The clashes began in November.", D(2024, 11, 1), D(2024, 11, 30), "month"),
        ("The clashes began in late September 2024.", D(2024, 9, 1), D(2024, 9, 30), "month"),
        ("Violence surged earlier this month.", D(2025, 3, 1), P, "month"),
        ("Homicides rose last month.", D(2025, 2, 1), D(2025, 2, 28), "month"),
        ("Troops were deployed last year.", D(2024, 1, 1), D(2024, 12, 31), "year"),
        ("He was arrested in 2019.", D(2019, 1, 1), D(2019, 12, 31), "year"),
        ("The raid on March 3 killed two.", D(2025, 3, 3), D(2025, 3, 3), "day"),
        ("The strike on Dec. 5, 2024 killed three.", D(2024, 12, 5), D(2024, 12, 5), "day"),
        ("The ambush on 9 November killed four.", D(2024, 11, 9), D(2024, 11, 9), "day"),
        ("Gunmen struck two days ago.", D(2025, 3, 12), D(2025, 3, 12), "day"),
        ("Over the weekend, gunmen burned trucks.", D(2025, 3, 8), D(2025, 3, 9), "week"),
        ("During his first term, Trump floated strikes on cartels.", D(2017, 1, 20), D(2021, 1, 20), "multi_year"),
        ("Strikes were discussed during Trump's first administration.", D(2017, 1, 20), D(2021, 1, 20), "multi_year"),
        ("The policy changed under the Biden administration.", D(2021, 1, 20), D(2025, 1, 20), "multi_year"),
        ("The war has killed thousands since 2006.", D(2006, 1, 1), P, "multi_year"),
        # a span of days starts on its first day (ACLED notes open with it)
        ("Between 2 and 4 February 2025, gunmen held the town.", D(2025, 2, 2), D(2025, 2, 4), "week"),
        ("On the night of 6-7 March, a bar was attacked.", D(2025, 3, 6), D(2025, 3, 7), "week"),
        ("Between January 3 and 20, 2024, troops patrolled.", D(2024, 1, 3), D(2024, 1, 20), "month"),
    ],
)
def test_date_forms(sentence: str, start: dt.date, end: dt.date, precision: str) -> None:
    ref = resolve_text(sentence, P)
    assert ref is not None, sentence
    assert (ref.start, ref.end, ref.precision) == (start, end, precision)
    assert ref.span is not None and sentence[ref.span.start : ref.span.end] == ref.text


def test_administration_without_ordinal_is_the_running_term() -> None:
    ref = resolve_text("Raids increased under the Trump administration.", P)
    assert ref is not None and (ref.start, ref.end) == (D(2025, 1, 20), None)
    assert resolve_text("Officials in the Trump administration met.", P) is None


def test_modal_may_is_not_a_month() -> None:
    assert resolve_text("The United States may strike cartels.", P) is None


def _run(text: str, trigger: str, published: dt.date | None) -> tuple:  # type: ignore[type-arg]
    article = make_article(text)
    ev = make_event(article, trigger, sentence=Span(start=0, end=len(text)))
    ctx = DocContext(article_id=article.id, text=text, published=published, events=[ev])
    make_resolve_dates()(ctx)
    return ev.date, ev.derived


def test_no_date_falls_back_to_publication() -> None:
    ref, derived = _run("Gunmen attacked a police patrol.", "attacked", P)
    assert (ref.start, ref.end, ref.precision, ref.from_publication) == (P, P, "day", True)
    assert "date" in derived and ref.span is None


def test_no_publication_date_leaves_date_empty() -> None:
    ref, derived = _run("Gunmen attacked a police patrol on Thursday.", "attacked", None)
    assert ref is None and derived == []


def test_date_span_points_into_article() -> None:
    text = "Gunmen attacked a police patrol on Thursday."
    ref, _ = _run(text, "attacked", P)
    assert text[ref.span.start : ref.span.end] == "on Thursday" and not ref.from_publication


# --- ACLED-style dates and the nearest earlier date in the story ------------------------------


@pytest.mark.parametrize(
    ("sentence", "start"),
    [("On 2 May 2022, gunmen shot and killed a man in Culiacán.", D(2022, 5, 2)),
     ("On 12 December 2021, police arrested 20 people.", D(2021, 12, 12)),
     ("Around 2 May 2022 (between 1 and 3 May), gunmen attacked a ranch.", D(2022, 5, 2)),
     ("On Thursday, March 5, troops arrived.", D(2025, 3, 5))],
)
def test_acled_style_dates(sentence: str, start: dt.date) -> None:
    ref = resolve_text(sentence, P)
    assert ref is not None and (ref.start, ref.end, ref.precision) == (start, start, "day")


def _story(text: str, triggers: list[str], published: dt.date = P, language: str = "en") -> list:  # type: ignore[type-arg]
    from chronicler.analyse.sentences import split_sentences

    article = make_article(text, language=language)
    events = []
    for trigger in triggers:
        at = text.index(trigger)
        start, end = next(b for b in split_sentences(text) if b[0] <= at < b[1])
        events.append(make_event(article, trigger, sentence=Span(start=start, end=end)))
    ctx = DocContext(article_id=article.id, text=text, published=published, language=language,
                     events=events)
    make_resolve_dates()(ctx)
    return [ev.date for ev in events]


def test_nearest_earlier_date_dates_a_later_sentence() -> None:
    text = ("On 1 June 2022, gunmen killed two police officers in Zitácuaro. "
            "The armed group also kidnapped three people.")
    first, second = _story(text, ["killed", "kidnapped"])
    assert first.start == second.start == D(2022, 6, 1)
    assert not second.from_publication and second.text == "On 1 June 2022"


def test_the_latest_earlier_date_wins() -> None:
    text = ("Gunmen attacked a ranch on Monday. Police said on Wednesday they arrested two men. "
            "The suspects were charged.")
    _, _, third = _story(text, ["attacked", "arrested", "charged"])
    assert third.start == D(2025, 3, 12)


def test_year_or_since_context_does_not_date_an_event() -> None:
    text = "Violence has surged since 2019. Gunmen killed three people in Celaya."
    (ref,) = _story(text, ["killed"])
    assert ref.from_publication and ref.start == P


def test_own_sentence_date_beats_context() -> None:
    text = "On 1 June 2022, gunmen killed two officers. On 3 June 2022, soldiers arrested five men."
    _, second = _story(text, ["killed", "arrested"])
    assert second.start == D(2022, 6, 3)


# --- Spanish -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "start", "end", "precision"),
    [
        ("Los hechos ocurrieron el martes.", D(2025, 3, 11), D(2025, 3, 11), "day"),
        ("La madrugada del sábado fueron asesinados tres hombres.", D(2025, 3, 8), D(2025, 3, 8), "day"),
        ("El pasado 3 de marzo fue asesinado un policía.", D(2025, 3, 3), D(2025, 3, 3), "day"),
        ("Ayer fue asesinado un policía.", D(2025, 3, 13), D(2025, 3, 13), "day"),
        ("Anoche hubo una balacera en Culiacán.", D(2025, 3, 13), D(2025, 3, 13), "day"),
        ("El 2 de junio de 2022 fueron hallados dos cuerpos.", D(2022, 6, 2), D(2022, 6, 2), "day"),
        ("El martes 3 de diciembre detuvieron a cinco.", D(2024, 12, 3), D(2024, 12, 3), "day"),
        ("En enero hubo 40 homicidios.", D(2025, 1, 1), D(2025, 1, 31), "month"),
        ("En noviembre de 2023 fue capturado.", D(2023, 11, 1), D(2023, 11, 30), "month"),
        ("La semana pasada detuvieron a cinco.", D(2025, 3, 3), D(2025, 3, 9), "week"),
        ("El jueves pasado atacaron un bar.", D(2025, 3, 13), D(2025, 3, 13), "day"),
        ("Hace tres días lo mataron.", D(2025, 3, 11), D(2025, 3, 11), "day"),
        ("El fin de semana pasado hubo nueve homicidios.", D(2025, 3, 8), D(2025, 3, 9), "week"),
        ("El año pasado hubo más ataques.", D(2024, 1, 1), D(2024, 12, 31), "year"),
        ("Desde 2006 han muerto miles.", D(2006, 1, 1), P, "multi_year"),
        ("El próximo lunes se reunirán.", D(2025, 3, 17), D(2025, 3, 17), "day"),
        ("Durante el sexenio de Calderón hubo guerra.", D(2006, 12, 1), D(2012, 11, 30), "multi_year"),
        ("Entre el 2 y el 4 de febrero de 2025 hubo enfrentamientos.", D(2025, 2, 2), D(2025, 2, 4), "week"),
        ("Del 1 al 3 de marzo se registraron ataques.", D(2025, 3, 1), D(2025, 3, 3), "week"),
    ],
)
def test_spanish_date_forms(sentence: str, start: dt.date, end: dt.date, precision: str) -> None:
    ref = resolve_text(sentence, P, "es")
    assert ref is not None, sentence
    assert (ref.start, ref.end, ref.precision) == (start, end, precision)


@pytest.mark.parametrize(
    "sentence",
    ["El Mayo Zambada fue detenido en Texas.", "Se hundió en el mar frente a Mazatlán.",
     "Hoyos en la carretera."],
)
def test_spanish_names_that_are_not_dates(sentence: str) -> None:
    assert resolve_text(sentence, P, "es") is None


def test_spanish_story_context_date() -> None:
    text = ("El pasado 3 de marzo, hombres armados asesinaron a dos policías en Celaya. "
            "Los agresores también secuestraron a tres personas.")
    first, second = _story(text, ["asesinaron", "secuestraron"], language="es")
    assert first.start == second.start == D(2025, 3, 3)
