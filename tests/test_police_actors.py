"""Police and soldiers as the actors of agentless events in newspaper prose (issue 10 item 4).

An agentless attack or arrest reads its actor from context: another event of its
sentence, a security force named in it ("during a police raid", "an officer-involved
shooting"), or the events and force subjects of the two sentences before it in the same
paragraph. Speakers other than a force reporting its own arrests, the reporting outlet,
the victim's own side, a new paragraph and a past perfect ("had been shot") lend nothing.
Fixtures are our own writing.
"""

from __future__ import annotations

import datetime as dt

import pytest

from chronicler.pipeline import Input, Pipeline
from chronicler.records import Event
from chronicler.resolve.actors import resolve_text


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.from_config()


def events(pipeline: Pipeline, text: str, language: str = "en") -> list[Event]:
    (ctx,) = pipeline.run([Input("t", text, dt.date(2025, 3, 4), language=language)])
    return ctx.events


def at(found: list[Event], trigger: str) -> Event:
    hits = [e for e in found if e.trigger.text == trigger]
    assert hits, [(e.event_type, e.trigger.text) for e in found]
    return hits[0]


def actor_sector(ev: Event) -> str | None:
    return ev.actor.sector if ev.actor is not None else None


# --- the words newspapers use for the police -------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "sector"),
    [
        ("a sheriff's deputy", "police"),
        ("two deputies", "police"),
        ("the sheriff's office", "police"),
        ("a state trooper", "police"),
        ("SWAT team members", "police"),
        ("anti-drug operatives", "police"),
        ("detectives", "police"),
        ("federal deputies", "legislature"),  # the Mexican congress keeps its deputies
        ("the deputy mayor", "government"),
    ],
)
def test_police_words_resolve_to_police(phrase: str, sector: str) -> None:
    assert resolve_text(phrase, language="en").sector == sector


def test_deputy_who_shot_is_police(pipeline: Pipeline) -> None:
    ev = at(events(pipeline, "A county deputy shot a motorist near the fairground on Sunday."), "shot")
    assert actor_sector(ev) == "police"


# --- the same sentence ---------------------------------------------------------------


def test_killed_during_a_police_raid(pipeline: Pipeline) -> None:
    ev = at(events(pipeline, "Nine men were killed early on Friday during a police raid on a hillside slum."), "killed")
    assert actor_sector(ev) == "police" and ev.actor is not None and ev.actor.text == "police"


def test_officer_involved_shooting_is_the_officers_act(pipeline: Pipeline) -> None:
    ev = at(events(pipeline, "A 34-year-old man died in an officer-involved shooting on Saturday night."), "shooting")
    assert actor_sector(ev) == "police"  # not the man who died


def test_a_police_station_names_no_actor(pipeline: Pipeline) -> None:
    ev = at(events(pipeline, "A shopkeeper was shot dead outside a police station in the old town."), "shot")
    assert ev.actor is None


def test_tased_and_taken_into_custody_as_police_reported(pipeline: Pipeline) -> None:
    found = events(pipeline, "Police said the driver was tased and taken into custody after a short chase.")
    assert all(actor_sector(e) == "police" for e in found if e.event_type in ("ASSAULT", "COERCE")), found


def test_force_wounded_in_the_sentence_does_not_arrest(pipeline: Pipeline) -> None:
    text = "Two soldiers were hurt and five suspects were detained after the firefight."
    ev = next(e for e in events(pipeline, text) if e.mode == "arrest")
    assert ev.actor is None or "soldiers" not in ev.actor.text


# --- earlier sentences of the paragraph ------------------------------------------------


def test_arrests_after_police_used_force(pipeline: Pipeline) -> None:
    text = "Riot police fired water cannon at the marchers on the bridge. About forty people were taken into custody."
    found = events(pipeline, text)
    arrest = next(e for e in found if e.mode == "arrest")
    assert actor_sector(arrest) == "police"


def test_deputies_called_then_a_man_was_shot(pipeline: Pipeline) -> None:
    text = ("Deputies were sent to a farmhouse on Mill Lane late on Thursday. "
            "A man holding a shotgun was shot twice and died at the scene.")  # fmt: skip
    ev = at(events(pipeline, text), "shot")
    assert actor_sector(ev) == "police"


def test_the_attackers_of_an_earlier_sentence_stay_the_actor(pipeline: Pipeline) -> None:
    text = "Gunmen ambushed a patrol on the coastal road. A constable was wounded in the leg."
    ev = at(events(pipeline, text), "wounded")
    assert actor_sector(ev) == "criminal_organisation"  # the gunmen, never the victim's side


def test_a_new_paragraph_lends_no_actor(pipeline: Pipeline) -> None:
    text = "Troopers stopped a pickup truck on the interstate on Tuesday.\n\nA woman was shot dead at a bus stop."
    assert at(events(pipeline, text), "shot").actor is None


def test_an_arrest_does_not_make_the_police_the_shooters(pipeline: Pipeline) -> None:
    text = ("Detectives arrested a 22-year-old man in the murder of a shop owner. "
            "The shop owner had been shot in the back during a robbery.")  # fmt: skip
    found = events(pipeline, text)
    assert actor_sector(next(e for e in found if e.mode == "arrest")) == "police"
    assert all(actor_sector(e) != "police" for e in found if e.event_type == "ASSAULT")


def test_a_family_or_a_newspaper_is_never_the_actor(pipeline: Pipeline) -> None:
    text = "A student was shot in the neck at the rally, her family said. Eleven were arrested, the Daily Ledger reported."
    found = events(pipeline, text)
    assert at(found, "shot").actor is None
    assert all(e.actor is None for e in found if e.mode == "arrest")


def test_police_speaking_of_a_killing_are_not_the_killers(pipeline: Pipeline) -> None:
    text = "Police said a delivery driver was stabbed to death in an alley on Friday."
    assert all(e.actor is None for e in events(pipeline, text) if e.event_type == "ASSAULT")


# --- Spanish ---------------------------------------------------------------------------


def test_spanish_abatido_por_policias(pipeline: Pipeline) -> None:
    ev = at(events(pipeline, "Un hombre armado fue abatido por policías estatales en Zamora.", "es"), "abatido")
    assert ev.event_type == "ASSAULT" and actor_sector(ev) == "police"


def test_spanish_detenidos_after_an_operativo(pipeline: Pipeline) -> None:
    text = "Elementos de la policía municipal realizaron un operativo en la colonia Centro. Cuatro hombres fueron detenidos."
    ev = next(e for e in events(pipeline, text, "es") if e.mode == "arrest")
    assert actor_sector(ev) == "police"


def test_spanish_prosecutor_reporting_a_murder_is_not_its_author(pipeline: Pipeline) -> None:
    text = "Un comerciante fue asesinado a balazos en su negocio, informó la Fiscalía estatal."
    assert all(e.actor is None for e in events(pipeline, text, "es") if e.event_type == "ASSAULT")


def test_an_event_noun_the_sentence_is_about_reads_its_own_sentence(pipeline: Pipeline) -> None:
    ev = at(events(pipeline, "The shooting happened after deputies answered a call about a prowler."), "shooting")
    assert actor_sector(ev) == "police"
    text = "Officers closed the street on Monday. The shooting left a cyclist badly hurt."
    assert at(events(pipeline, text), "shooting").actor is None  # not from an earlier sentence


def test_returned_fire_is_an_attack_by_the_force(pipeline: Pipeline) -> None:
    ev = at(events(pipeline, "The gunman was pronounced dead after two troopers returned fire."), "fire")
    assert ev.event_type == "ASSAULT" and actor_sector(ev) == "police"


# --- the pack, not Python, holds the words ----------------------------------------------


def test_every_guard_preposition_role_is_in_both_packs() -> None:
    import re
    from pathlib import Path

    from chronicler.extract import guards
    from chronicler.extract.lexicon import load_lexicon

    roles = set(re.findall(r'_preps\(lex, "(\w+)"\)', Path(guards.__file__).read_text()))
    assert roles, "guards.py reads no preposition role"
    for language in ("en", "es"):
        lex = load_lexicon(language)
        assert {r for r in roles if not lex.prep_set(r)} == set(), language
    assert "_ANAPHORIC_DETS" not in Path(guards.__file__).read_text()
    assert load_lexicon("en").word_set("anaphoric_dets") >= {"those", "these"}
