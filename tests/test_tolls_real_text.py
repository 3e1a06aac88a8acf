"""Tolls, dates and charges on real-text shapes: headlines, ACLED-style summaries, Spanish
court and police prose. Every fixture here is written for this file."""

from __future__ import annotations

import datetime as dt

import pytest

from chronicler.extract.toll import assign_tolls, sentence_toll, title_tolls
from chronicler.pipeline import DocContext, Input, Pipeline
from chronicler.records import Event, Span
from chronicler.resolve.dates import make_resolve_dates
from tests.factories import make_article, make_event


def _killed(text: str, language: str = "en") -> int | None:
    count = sentence_toll(text, language).killed
    return None if count is None or count.aggregate else count.best


@pytest.mark.parametrize(
    ("text", "language", "killed"),
    [
        # number words and vague quantities
        ("A trio of gunmen killed a dozen people at a bar in Zamora", "en", 12),
        ("Gunmen killed a trio of ranchers near Apatzingán", "en", 3),
        ("Sicarios matan a una docena de personas en Cajeme", "es", 12),
        ("Ejecutan a un trío de jóvenes en Tarímbaro", "es", 3),
        ("Hallan dos cuerpos en un canal de Salamanca", "es", 2),
        ("Clash between rival cells leaves two dead in Tecpan", "en", 2),
        ("Riña entre bandas deja tres muertos en Cuautla", "es", 3),
        ("Ejecutan a 3 en una tortillería de Apaseo", "es", 3),
        ("Ejecutan en Zitácuaro a cinco comerciantes", "es", 5),
        # singular deaths: a name, a title, a quoted alias, a pronoun, body parts
        ("Cantina Owner Killed in Sahuayo", "en", 1),
        ("“El Gato” gunned down outside his home in Navolato", "en", 1),
        ("They kill “El Pelón” in a car wash", "en", 1),
        ("He dies on the way to hospital after being shot in Cortazar", "en", 1),
        ("The treasurer of the ejido is executed in Tacámbaro", "en", 1),
        ("Killed in a vacant lot in Colonia Obrera", "en", 1),
        ("They find a man without life beside the highway to Pátzcuaro", "en", 1),
        ("Torso found in a suitcase in Tlaquepaque", "en", 1),
        ("Baker dies after being shot outside his shop in Salamanca", "en", 1),
        ("Nephew of a local boss, executed in Huetamo", "en", 1),
        ("Associate of 'El Flaco' Found Dead in Ocotlán", "en", 1),
        ("With burns on his hands, they find him lifeless in Ario", "en", 1),
        ("Prosecutor confirms murder of “El Tuerto”", "en", 1),
        ("Asesinan de tres balazos a hombre en Moroleón", "es", 1),
        ("Otro ejecutado en la colonia Centro de Uruapan", "es", 1),
        ("Ejecutado en Salvatierra era un expolicía", "es", 1),
        ("Joven es asesinada a balazos en Silao", "es", 1),
        ("Ejecuta comando a tres en un palenque de Jiquilpan", "es", 3),
        ("Matan a tiros a “El Chato” afuera de un billar", "es", 1),
        ("Comandante de la policía municipal, asesinado frente a su casa", "es", 1),
        ("Balean a comerciante en Sahuayo y muere en la Cruz Roja", "es", 1),
        ("Hallan a mujer sin vida en un baldío de Zinapécuaro", "es", 1),
        # two people: a couple, a parent and a child, two conjoined nouns
        ("Couple found lifeless inside their home in Jacona", "en", 2),
        ("They murder a farmer and his son in Tuzantla", "en", 2),
        ("Asesinan a pareja en un puesto de tacos de Celaya", "es", 2),
        ("Acribillan a madre e hija en Yuriria", "es", 2),
        ("A murdered man and an injured woman on the road to Zamora", "en", 1),
        ("A man is shot to death a few meters from the plaza", "en", 1),
        ("Two people found murdered this Thursday in Tangancícuaro", "en", 2),
        ("Matan a balazos a taxista y a pasajero en Iguala", "es", 2),
    ],
)
def test_headline_counts(text: str, language: str, killed: int) -> None:
    assert _killed(text, language) == killed


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Two gunmen killed in a shootout with marines", "en"),  # a count, not "two gunmen killed X"
        ("Two gunmen killed 12 people at a wake in Irapuato", "en"),
    ],
)
def test_active_subject_is_not_the_toll(text: str, language: str) -> None:
    killed = _killed(text, language)
    assert killed == (2 if "shootout" in text else 12)


def test_no_count_from_a_pronoun_or_no_one() -> None:
    assert _killed("He was killed 12 years ago.") is None
    assert _killed("No one was killed.") is None


def test_killed_and_wounded_others() -> None:
    toll = sentence_toll("Gunmen killed 14 people and wounded six others in Tepic", "en")
    assert (toll.killed.best, toll.injured.best) == (14, 6)  # type: ignore[union-attr]
    toll = sentence_toll("Sicarios mataron a cuatro y lesionaron a otros seis en Uriangato", "es")
    assert (toll.killed.best, toll.injured.best) == (4, 6)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Tijuana: 23 executed in 48 hours", "en"),
        ("Ejecutan a 11 en tres días en Ciudad Obregón", "es"),
        ("Suman 40 homicidios en lo que va del año en Zamora", "es"),
    ],
)
def test_period_totals_are_aggregates(text: str, language: str) -> None:
    count = sentence_toll(text, language).killed
    assert count is not None and count.aggregate


def _events(text: str, triggers: list[tuple[str, str, str | None]], language: str = "en") -> list[Event]:
    from chronicler.analyse.sentences import split_sentences

    article = make_article(text, language=language)
    events = []
    for trigger, event_type, mode in triggers:
        at = text.index(trigger)
        start, end = next(b for b in split_sentences(text) if b[0] <= at < b[1])
        ev = make_event(article, trigger, sentence=Span(start=start, end=end))
        ev.event_type, ev.mode = event_type, mode
        events.append(ev)
    return events


def test_also_kidnapped_in_its_own_sentence_is_that_events_count() -> None:
    text = "On 4 April 2023, gunmen shot dead a man in Jerécuaro. The armed group also kidnapped two women."
    shot, kidnap = _events(text, [("shot", "ASSAULT", "firearms"), ("kidnapped", "ASSAULT", "abduct")])
    assign_tolls(text, [shot, kidnap], "en")
    assert shot.toll.killed.best == 1 and shot.toll.kidnapped is None  # type: ignore[union-attr]
    assert kidnap.toll.kidnapped.best == 2  # type: ignore[union-attr]


def test_others_also_found_killed_add_to_the_earlier_event() -> None:
    text = "Gunmen killed three men in Cuitzeo. Two other people were also found killed nearby."
    (ev,) = _events(text, [("killed", "ASSAULT", None)])
    assign_tolls(text, [ev], "en")
    assert ev.toll.killed.best == 5  # type: ignore[union-attr]


def test_a_bare_count_sentence_goes_to_the_earlier_event() -> None:
    text = "On 8 August 2021, gunmen attacked a family in Zinapécuaro (Michoacán). 3 fatalities."
    (ev,) = _events(text, [("attacked", "ASSAULT", None)])
    assign_tolls(text, [ev], "en")
    assert ev.toll.killed.best == 3  # type: ignore[union-attr]


def test_title_gives_the_toll_the_body_lacks() -> None:
    text = "Gunmen opened fire on the guests of a quinceañera in Tarandacuao on Saturday night."
    (ev,) = _events(text, [("opened fire", "ASSAULT", "firearms")])
    assign_tolls(text, [ev], "en")
    title_tolls("Six Slain at Quinceañera in Tarandacuao", [ev], "en")
    assert ev.toll.killed.best == 6 and ev.toll.killed.span is None  # type: ignore[union-attr]
    text_es = "Hombres armados dispararon contra los asistentes a una boda en Jaral del Progreso."
    (es,) = _events(text_es, [("dispararon", "ASSAULT", "firearms")], "es")
    assign_tolls(text_es, [es], "es")
    title_tolls("Ataque en boda deja cuatro muertos", [es], "es")
    assert es.toll.killed.best == 4  # type: ignore[union-attr]


def test_title_never_overrides_the_body() -> None:
    text = "Gunmen killed two police officers in Huetamo."
    (ev,) = _events(text, [("killed", "ASSAULT", None)])
    assign_tolls(text, [ev], "en")
    title_tolls("Five killed in Huetamo", [ev], "en")
    assert ev.toll.killed.best == 2  # type: ignore[union-attr]


# --- dates ---------------------------------------------------------------------------------


def _dated(text: str, triggers: list[str], published: dt.date | None, language: str = "en",
           doc: object = None) -> list[Event]:
    events = _events(text, [(t, "ASSAULT", None) for t in triggers], language)
    ctx = DocContext(article_id="a", text=text, published=published, language=language,
                     events=events, doc=doc)
    make_resolve_dates()(ctx)
    return events


def test_acled_story_without_a_publication_date() -> None:
    text = "On 11 October 2022, gunmen killed a man in Acámbaro. The armed group also kidnapped his son."
    first, second = _dated(text, ["killed", "kidnapped"], None)
    assert first.date.start == second.date.start == dt.date(2022, 10, 11)  # type: ignore[union-attr]


def test_a_relative_date_without_a_reference_day_dates_nothing() -> None:
    (ev,) = _dated("El pasado 3 de mayo, sujetos armados asesinaron a un hombre.", ["asesinaron"], None, "es")
    assert ev.date is None


def test_a_parenthesised_range_is_an_aside() -> None:
    text = "Around 9 June 2022 (between 7 and 11 June 2022), gunmen attacked a ranch in Tuxpan."
    (ev,) = _dated(text, ["attacked"], dt.date(2022, 7, 1))
    assert ev.date.start == dt.date(2022, 6, 9)  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.from_config()


def test_the_date_of_the_trigger_clause_governs(pipeline: Pipeline) -> None:
    text = ("On 7 March 2023, the body of a woman who had been kidnapped on 4 March 2023 "
            "was found in Penjamillo.")
    (ctx,) = pipeline.run([Input("d", text, dt.date(2023, 4, 1), "en")])
    dates = {ev.trigger.text: ev.date.start for ev in ctx.events if ev.date}
    assert dates.get("found") == dt.date(2023, 3, 7)
    assert dates.get("kidnapped") == dt.date(2023, 3, 4)


def test_spanish_dates(pipeline: Pipeline) -> None:
    text = "El pasado 3 de mayo, hombres armados asesinaron a dos policías en Huandacareo."
    (ctx,) = pipeline.run([Input("e", text, dt.date(2022, 5, 20), "es")])
    assert [ev.date.start for ev in ctx.events if ev.date] == [dt.date(2022, 5, 3)]
    text = "Durante la madrugada del domingo, sujetos armados atacaron un bar en Moroleón."
    (ctx,) = pipeline.run([Input("f", text, dt.date(2022, 5, 11), "es")])
    assert [ev.date.start for ev in ctx.events if ev.date] == [dt.date(2022, 5, 8)]


# --- charges are not new events --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "types"),
    [
        ("Tomás fue detenido por el delito de homicidio en Zinapécuaro.", "es", ["COERCE"]),
        ("La policía detuvo a dos hombres acusados de secuestro.", "es", ["COERCE"]),
        ("Un juez vinculó a proceso a dos presuntos sicarios por el delito de homicidio calificado.",
         "es", ["ACCUSE"]),
        ("Police arrested a man on charges of homicide in Morelia.", "en", ["COERCE"]),
        ("Hombres armados cometieron un homicidio en Tarímbaro.", "es", ["ASSAULT"]),
    ],
)
def test_a_charge_is_not_an_assault(pipeline: Pipeline, text: str, language: str, types: list[str]) -> None:
    (ctx,) = pipeline.run([Input("c", text, dt.date(2022, 5, 11), language)])
    assert [ev.event_type for ev in ctx.events] == types
