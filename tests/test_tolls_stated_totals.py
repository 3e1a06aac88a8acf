"""Stated totals ("3 fatalities.", "Saldo: 2 muertos."), coordinated victims, relative
clauses in a passive subject, and headline singulars. Every fixture is written for this file."""

from __future__ import annotations

import pytest

from chronicler.analyse.sentences import split_sentences
from chronicler.extract.toll import assign_tolls, sentence_toll
from chronicler.records import Event, Span
from tests.factories import make_article, make_event


def _killed(text: str, language: str = "en") -> int | None:
    count = sentence_toll(text, language).killed
    return None if count is None or count.aggregate else count.best


def _events(text: str, triggers: list[str], language: str = "en") -> list[Event]:
    article = make_article(text, language=language)
    events = []
    for trigger in triggers:
        at = text.index(trigger)
        start, end = next(b for b in split_sentences(text) if b[0] <= at < b[1])
        ev = make_event(article, trigger, sentence=Span(start=start, end=end))
        ev.event_type, ev.mode = "ASSAULT", None
        events.append(ev)
    return events


def _assigned(text: str, triggers: list[str], language: str = "en") -> list[int | None]:
    events = _events(text, triggers, language)
    assign_tolls(text, events, language)
    return [e.toll.killed.best if e.toll.killed else None for e in events]


@pytest.mark.parametrize(
    ("text", "triggers", "language", "want"),
    [
        # a singular stated total: "1 fatality." / "Un muerto."
        ("On 3 May 2022, a crowd beat and set fire to a suspected thief in Tulancingo (Hidalgo). 1 fatality.",
         ["beat", "set fire"], "en", [1, None]),
        ("On 9 June 2023, rebels ambushed an army patrol in Catarman (Northern Samar). 1 fatality.",
         ["ambushed"], "en", [1]),
        ("El 2 de marzo, un grupo armado atacó un bar en Uruapan (Michoacán). Un muerto.",
         ["atacó"], "es", [1]),
        ("El 5 de julio, hombres armados atacaron una vivienda en Cajeme. Saldo: 3 muertos.",
         ["atacaron"], "es", [3]),
        # the stated total beats a vague or smaller count read inside the event sentence
        ("On 2 March 2022, a drone strike on a market in Maiduguri killed dozens of people. 41 fatalities.",
         ["strike"], "en", [41]),
        ("On 4 May 2023, gunmen shot a man in a taxi in Celaya (Guanajuato). 2 fatalities.",
         ["shot"], "en", [2]),
        ("El 8 de abril, sicarios asesinaron a un hombre en Salamanca. 2 muertos.",
         ["asesinaron"], "es", [2]),
        # ... but not a smaller one: the body's exact reading stays
        ("On 4 May 2023, gunmen killed four people at a party in Tepic. 3 fatalities.",
         ["killed"], "en", [4]),
        # a killing and a wounding in one sentence: the total goes to the holder, once
        ("On 1 June 2023, gunmen killed two police officers and wounded a third in Zamora. 2 fatalities.",
         ["killed", "wounded"], "en", [2, None]),
        # the total is the note's: it goes to the lead event, and the sentence that only
        # restates the lead's dead is folded into it (one event, counted once)
        ("On 4 May 2023, gunmen raided a bar in Tepic. Five patrons were killed. 5 fatalities.",
         ["raided", "killed"], "en", [5]),
        ("El 4 de mayo, sicarios atacaron una fiesta en Tepic. Murieron dos invitados. 2 muertos.",
         ["atacaron", "Murieron"], "es", [2]),
    ],
)
def test_stated_total_sentence(text: str, triggers: list[str], language: str, want: list[int | None]) -> None:
    assert _assigned(text, triggers, language) == want


@pytest.mark.parametrize(
    ("text", "language", "killed"),
    [
        # coordinated subjects of a passive; a conjunct with its own verb of another kind is apart
        ("Six gunmen and one marine were killed in the clash near Tepic", "en", 7),
        ("En Tepic: tres agresores y un policía fueron abatidos", "es", 4),
        ("Murieron cuatro agresores y un soldado resultó herido en Tepic", "es", 4),
        ("Three gunmen died and a marine was wounded in Tepic", "en", 3),
        # coordinated singular victims
        ("Gunmen shot at a pickup in Navojoa, killing a man and a teenager", "en", 2),
        ("Killing a woman and her three children, the attackers fled", "en", 4),
        ("Sicarios atacaron un auto y mataron a un hombre y a una mujer en Guaymas", "es", 2),
        # not a second person: a thing after "and"
        ("Gunmen killed a man and a horse at a ranch in Tacámbaro", "en", 1),
        # the subject of the passive carries a relative clause
        ("Four farmers who had been reported missing in Teocaltiche were killed by their kidnappers", "en", 4),
        ("Tres jóvenes que viajaban en una camioneta fueron asesinados en Tierra Blanca", "es", 3),
        # ... whose own verb is no count of the main verb's kind
        ("Two men who were wounded in the ambush later died in hospital", "en", 2),
    ],
)
def test_coordinated_and_relative(text: str, language: str, killed: int) -> None:
    assert _killed(text, language) == killed


def test_relative_clause_verb_is_not_the_count() -> None:
    toll = sentence_toll("Five men who killed two police officers were arrested in Sahuayo", "en")
    assert toll.killed.best == 2 and toll.arrested.best == 5  # type: ignore[union-attr]
    toll = sentence_toll("Two men who were wounded in the ambush later died in hospital", "en")
    assert toll.injured is None


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("1 fatality.", "en"),
        ("One death.", "en"),
        ("1 muerto.", "es"),
        ("Una víctima mortal.", "es"),
    ],
)
def test_singular_count_nouns(text: str, language: str) -> None:
    assert _killed(text, language) == 1


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # a singular noun, a name or a pronoun after a lethal word is one death (a reading, not a prior)
        ("[VIDEO] Bricklayer worker killed outside a cantina", "en"),
        ("Michoacán: rancher murdered near Tuzantla", "en"),
        ("Homicide in the Jardines neighborhood of Zamora", "en"),
        ("They find a second decapitated in Tecpan", "en"),
        ("They beat a man and leave him lifeless beside the canal", "en"),
        ("They kill Rigoberto outside a pharmacy in Uruapan", "en"),
        ("Mutilated man found in a ditch in Yurécuaro", "en"),
        ("Woman deprived of life in her home in Cotija", "en"),
        ("A man is deprived of his life in the Centro neighborhood", "en"),
        ("Body of unidentified young man dumped near the bypass", "en"),
        ("Asesinan con arma de fuego a comerciante en Tangancícuaro", "es"),
        ("Cuerpo de mujer aparece en un canal de riego", "es"),
        ("Identifican a la joven asesinada en La Piedad", "es"),
        ("Muere “El Chapulín” tras ataque en Zamora", "es"),
        ("Hallan hombre colgado de un árbol en Cuitzeo", "es"),
        ("Confirman la ejecución del “Gordo” en Apatzingán", "es"),
        ("Acaban a balazos con la vida de taxista en Huetamo", "es"),
    ],
)
def test_headline_singulars(text: str, language: str) -> None:
    assert _killed(text, language) == 1


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("He was killed in 2015, his widow recalled", "en"),  # background, not a headline singular
        ("Detienen a dos por el homicidio de un taxista", "es"),  # a charge, not the event's toll
        ("Capturan al presunto responsable del crimen de una mujer", "es"),
    ],
)
def test_no_singular_from_background_or_charges(text: str, language: str) -> None:
    assert _killed(text, language) is None


def test_title_case_object_is_no_singular() -> None:
    # a Title-Case object is no name: at most the headline floor (at least one), never exactly one
    count = sentence_toll("Gunmen Kill Family In Mexico", "en").killed
    assert count is None or (count.low, count.best, count.high) == (1, 1, None)


@pytest.mark.parametrize(
    ("text", "language", "killed"),
    [
        # the object counted earlier and taken up by a pronoun: "... y los asesinan"
        ("Interceptan a cuatro jornaleros en la brecha y los asesinan", "es", 4),
        ("Gunmen abducted two brothers and then killed them near Ario", "en", 2),
        # heads as a count, a couple's bodies, a bare "Ejecución en"
        ("Abandonan tres cabezas humanas frente a una escuela", "es", 3),
        ("Hallan cadáveres de pareja en una huerta de Tancítaro", "es", 2),
        ("Ejecución en Pátzcuaro", "es", 1),
        ("Aparece cuerpo en un pozo de Salvatierra", "es", 1),
    ],
)
def test_resumptive_and_heads(text: str, language: str, killed: int) -> None:
    assert _killed(text, language) == killed


def test_resumptive_of_a_release_is_no_death() -> None:
    assert _killed("Secuestran a dos comerciantes y los liberan horas después", "es") is None


def test_stated_total_goes_to_the_lethal_act_of_the_lead() -> None:
    # "entered" carries no means, the shooting does: the note's dead are the shooting's
    text = "On 6 May 2024, gunmen entered a workshop in Pénjamo and fired at the mechanics. 2 fatalities."
    entered, fired = _events(text, ["entered", "fired"])
    fired.mode = "firearms"
    assign_tolls(text, [entered, fired])
    assert (entered.toll.killed, fired.toll.killed and fired.toll.killed.best) == (None, 2)


# --- a killed and an injured count joined in one clause pair: one attack --------------------


def _tolls(events: list[Event]) -> list[tuple[int | None, int | None]]:
    return [(e.toll.killed.best if e.toll.killed else None, e.toll.injured.best if e.toll.injured else None)
            for e in events]


@pytest.mark.parametrize(
    ("text", "triggers", "language", "want"),
    [
        # the injured passive is no second event: its count goes to the killing's
        ("Four guards were killed and three others were injured at a checkpoint near Apatzingán.",
         ["killed", "injured"], "en", [(4, 2 + 1)]),
        ("Two police officers were killed, and one other was wounded.",
         ["killed", "wounded"], "en", [(2, 1)]),
        # after a lead, the joined pair restates the lead's toll ("others" is no addition)
        ("Gunmen ambushed a convoy outside Zitácuaro. Four guards were killed and three others were injured.",
         ["ambushed", "killed", "injured"], "en", [(4, 3)]),
        ("Sicarios emboscaron a un convoy en Zitácuaro. Cuatro escoltas murieron y otros tres resultaron heridos.",
         ["emboscaron", "murieron"], "es", [(4, 3)]),
    ],
)
def test_joined_killed_and_injured_are_one_attack(
    text: str, triggers: list[str], language: str, want: list[tuple[int | None, int | None]],
) -> None:
    events = _events(text, triggers, language)
    assign_tolls(text, events, language)
    assert _tolls(events) == want


def test_injured_with_an_actor_of_its_own_is_kept() -> None:
    # "gunmen wounded" names its own act: not a bare passive, not folded
    text = "Two police officers were killed and gunmen wounded three bystanders."
    events = _events(text, ["killed", "wounded"])
    assign_tolls(text, events)
    assert len(events) == 2


def test_others_injured_in_a_sentence_of_its_own_are_the_attacks() -> None:
    # "Two others were injured.": one more kind of the lead's toll, not an attack of its own
    text = "Gunmen stormed a pool hall in Tarímbaro, killing four men. Two others were injured."
    events = _events(text, ["stormed", "injured"])
    assign_tolls(text, events)
    assert _tolls(events) == [(4, 2)]


def test_another_killing_later_keeps_its_event() -> None:
    # a kind the lead already counts adds to it (as before); the later passive stays an event
    text = "Gunmen killed two police officers in Celaya. Another three officers were killed later."
    events = _events(text, ["killed two", "were killed"])
    assign_tolls(text, events)
    assert len(events) == 2 and _tolls(events)[0] == (5, None)
