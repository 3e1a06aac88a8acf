"""Spanish news-register typing (issue 10, bench/data/snippets_news_es.jsonl tune part): the
pack's words for mines, rockets, improvised mortars, riot weapons, hand-thrown explosives,
downed drones, repression of a protest, village patrols and popular justice, and an
aircraft that fell; and, from the second round, clashes two sides keep up, territory taken, a
crowd named first in a headline, gas leaks. Sentences written for these tests."""

from __future__ import annotations

import pytest

from chronicler.pipeline import Pipeline
from chronicler.records import Event
from tests.typing_helpers import events_of, first_sub_event


@pytest.fixture(scope="module")
def engine() -> Pipeline:
    return Pipeline.from_config()


def _events(engine: Pipeline, text: str, language: str = "es") -> list[Event]:
    return events_of(engine, text, language)


@pytest.mark.parametrize(
    ("text", "sub_event"),
    [
        # "bombardeo" with artillery named is shelling (guarded reading, mode_word) ...
        ("Los bombardeos de artillería contra Járkov mataron a dos civiles.", "Shelling/artillery/missile attack"),
        # ... and with no means named it stays an air strike
        ("Un bombardeo del Ejército contra un campamento guerrillero dejó seis muertos.", "Air/drone strike"),
        # a landmine (assault_modes explosives: mina, antipersonal)
        ("Dos soldados murieron al pisar una mina antipersonal en Ituango.", "Remote explosive/landmine/IED"),
        # the Colombian improvised mortar (heavy-weapons: cilindro) fired
        ("Guerrilleros dispararon cilindros bomba contra el cuartel de policía de Toribío.", "Shelling/artillery/missile attack"),
        # riot weapons (assault_modes crowd-control, new in es)
        ("Agentes antidisturbios dispararon balas de goma contra los estudiantes frente a la universidad de Popayán.",
         "Excessive force against protesters"),
        # a hand-thrown explosive is a grenade (grenade cue phrases)
        ("Sujetos lanzaron un artefacto explosivo de mano contra una patrulla en Celaya.", "Grenade"),
        # downed drones: derribar with a weapon as object; 'drón' is the model's lemma of 'drones'
        ("Las defensas antiaéreas derribaron 12 drones sobre Kiev.", "Disrupted weapons use"),
        # reprimir (lemma fix 'reprimeír') on a crowd
        ("Agentes antimotines reprimieron a los manifestantes con gases lacrimógenos en Quito.", "Excessive force against protesters"),
        # village patrols and popular justice are a mob (mob cue)
        ("Los ronderos golpearon a un presunto ladrón en Chota.", "Mob violence"),
        ("Vecinos hicieron justicia por propia mano y golpearon a un asaltante en Ecatepec.", "Mob violence"),
        # second round (tune part): clashes, territory, a crowd named first, means words
        # "combate" under a two-sided light verb is a clash, and "desde el lunes" says it goes
        # on, not that it is a running total (symmetric_light_verbs sostener, librar)
        ("Los paramilitares y el Ejército sostienen combates en la sierra de Guerrero desde el lunes.", "Armed clash"),
        ("Guerrilleros del ELN y disidentes libran combates desde el sábado en Arauca.", "Armed clash"),
        # a capitalised "Disidencias" is lemmatised as written (violence_context)
        ("Disidencias del frente 33 y el Clan del Golfo sostienen combates desde el domingo en Tibú, según la "
         "Gobernación, que reporta familias desplazadas.", "Armed clash"),
        # territory taken: "hacerse con el control" (territory_taken phrases) and a name whose
        # apposition is a town ("el control de Alepo, la segunda ciudad": cues._head_object)
        ("Combatientes del JNIM se hicieron con el control de la localidad de Djibo tras un ataque contra el cuartel.",
         "Non-state actor overtakes territory"),
        ("Las milicias toman el control de Alepo, la segunda ciudad de Siria", "Non-state actor overtakes territory"),
        # a first word the tagger calls a name is a cue word all the same (cues._capitalised_opener)
        ("Ronderos azotaron a dos presuntos abigeos en Chota.", "Mob violence"),
    ],
)  # fmt: skip
def test_spanish_news_snippet_gets_its_acled_sub_event(engine: Pipeline, text: str, sub_event: str) -> None:
    assert first_sub_event(_events(engine, text)) == sub_event


@pytest.mark.parametrize(
    "text",
    [
        # an aircraft that fell is an accident (disaster_words desplomar)
        "Un helicóptero militar se desplomó en Olancho; murieron los tres tripulantes.",
        # repression said of politics, with no crowd, is no attack (crowd_ctx)
        "El gobierno reprime a la oposición con leyes injustas, dijo el diputado.",
        # the fight against corruption is no clash (violence_ctx)
        "El gobierno anunció un combate frontal a la corrupción en las aduanas.",
        # gas that leaked is an accident, not tear gas (detect.json leak_heads: fuga)
        "Explota una casa en Soacha por una fuga de gas; dos heridos",
    ],
)
def test_spanish_news_non_events_have_no_attack(engine: Pipeline, text: str) -> None:
    assert [e.event_type for e in _events(engine, text) if e.event_type == "ASSAULT"] == []
