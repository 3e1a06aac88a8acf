"""Typing misreads of the news-register snippets (issue 10, round h22): each test is a
sentence written for it, in English and in Spanish where the pack has the words."""

from __future__ import annotations

import pytest

from chronicler.pipeline import Pipeline
from chronicler.records import Event
from tests.typing_helpers import events_of, sub_event


@pytest.fixture(scope="module")
def engine() -> Pipeline:
    return Pipeline.from_config()


def _typed(events: list[Event]) -> list[tuple[str, str | None, str | None]]:
    """(PLOVER type, mode, ACLED sub-event) of each event, as the export reads them."""
    return [(ev.event_type, ev.mode, sub_event(ev)) for ev in events]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Raiders hacked two herders to death near Makurdi on Sunday."),
        ("en", "Three traders were hacked to death on the road to Jos."),
        ("es", "Dos jornaleros fueron asesinados a machetazos en una huerta de Chilapa."),
    ],
)  # fmt: skip
def test_a_killing_with_a_blade_is_a_primitive_assault(engine: Pipeline, language: str, text: str) -> None:
    found = _typed(events_of(engine, text, language))
    assert found and found[0][:2] == ("ASSAULT", "primitive"), found


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "A criminal gang hacked the tax office's servers last week."),
        ("es", "Un grupo de piratas hackeó los servidores de la oficina de impuestos."),
    ],
)  # fmt: skip
def test_hacking_a_computer_is_a_cyber_attack(engine: Pipeline, language: str, text: str) -> None:
    found = _typed(events_of(engine, text, language))
    assert found and found[0][:2] == ("COERCE", "cyber"), found


@pytest.mark.parametrize(
    "text",
    [
        "Air defences intercepted four rockets fired from southern Lebanon on Sunday.",
        "The navy intercepted two drones launched from Yemen overnight.",
        "Air defences intercepted three missiles that the rebels fired at the capital.",
    ],
)  # fmt: skip
def test_a_projectile_intercepted_is_disrupted_weapons_use(engine: Pipeline, text: str) -> None:
    # the firing verb modifies the intercepted object: the interception cue reads the clause above
    found = _typed(events_of(engine, text, "en"))
    assert found and found[0][2] == "Disrupted weapons use", found


def test_rockets_fired_with_no_interception_stay_shelling(engine: Pipeline) -> None:
    found = _typed(events_of(engine, "Militants fired rockets from the hills at the town of Sderot.", "en"))
    assert found and found[0][2] == "Shelling/artillery/missile attack", found


def test_the_spanish_interception_cue_reads_the_clause_above_a_relative() -> None:
    from chronicler.analyse.nlp import load_nlp
    from chronicler.extract.cues import find_cues, load_cues
    from chronicler.lang import model_name

    text = "Las defensas aéreas interceptaron los cohetes que dispararon los milicianos."
    doc = load_nlp(model_name("es"))(text)
    fired = next(t for t in doc if t.lower_ == "dispararon")
    names = {c.name for c in find_cues(fired, 0, doc[:], load_cues("es"), text)}
    assert {"interception", "projectile"} <= names, names


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Insurgents fired rocket-propelled grenades at a border post near Tal Afar."),
        ("en", "Gunmen ambushed the convoy with RPGs and machine guns near Sirte."),
        ("es", "Los guerrilleros atacaron el cuartel con granadas propulsadas por cohete."),
        ("es", "Hombres armados atacaron la comisaría con lanzacohetes en Tumaco."),
    ],
)  # fmt: skip
def test_a_rocket_propelled_grenade_is_shelling_not_a_grenade(engine: Pipeline, language: str, text: str) -> None:
    # ACLED codes an RPG as a shelling/artillery/missile attack (cue rocket_grenade)
    found = _typed(events_of(engine, text, language))
    assert found and found[0][2] == "Shelling/artillery/missile attack", found


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Riot police tear-gassed striking nurses outside the health ministry in Harare."),
        ("en", "Officers were tear-gassing the marchers as they reached the bridge."),
        ("es", "La policía gaseó a los manifestantes frente a la alcaldía de Lima."),
        ("es", "Los antimotines rociaron con gas lacrimógeno a los estudiantes en la plaza."),
    ],
)  # fmt: skip
def test_tear_gassing_a_crowd_is_crowd_control_force(engine: Pipeline, language: str, text: str) -> None:
    found = _typed(events_of(engine, text, language))
    assert found and found[0][:2] == ("ASSAULT", "crowd-control"), found


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "A man fought with his brother outside a bar in Leeds."),
        ("en", "The singer admitted he had been fighting with his wife over money."),
        ("es", "Un hombre se peleó con su hermano afuera de una cantina en Toluca."),
    ],
)  # fmt: skip
def test_a_quarrel_with_a_relative_is_no_conflict_event(engine: Pipeline, language: str, text: str) -> None:
    assert [e for e in _typed(events_of(engine, text, language)) if e[0] == "ASSAULT"] == []


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Rebels fought with soldiers near the town of Beni."),
        ("en", "A man fought with his brother-in-law with a knife and killed him."),
    ],
)  # fmt: skip
def test_a_fight_with_foes_or_with_a_weapon_stays_an_assault(engine: Pipeline, language: str, text: str) -> None:
    assert any(e[0] == "ASSAULT" for e in _typed(events_of(engine, text, language)))


@pytest.mark.parametrize(
    "text",
    [
        "Los guerrilleros liberaron a tres rehenes en una vereda del Catatumbo.",
        "Los rehenes fueron liberados tras dos semanas de cautiverio.",
    ],
)  # fmt: skip
def test_spanish_captives_set_free_are_a_release_not_an_attack(engine: Pipeline, text: str) -> None:
    # the Spanish side of guard not_freed: already held at the round's start (a guard, not a fix)
    found = _typed(events_of(engine, text, "es"))
    assert found and found[0][0] == "RETREAT" and all(e[0] != "ASSAULT" for e in found), found
