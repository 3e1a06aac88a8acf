"""One act over several verbs of an ACLED-style note: conjoined assaults by one actor fold
into one event on the lethal act, and the note's later stated toll lands on that event.
Every fixture is written for this file."""

from __future__ import annotations

import pytest

from chronicler.pipeline import Pipeline
from chronicler.records import Event


@pytest.fixture(scope="module")
def engine() -> Pipeline:
    return Pipeline.from_config({"components": ["detect", "type", "arguments", "toll"]})


def _assaults(engine: Pipeline, text: str) -> list[Event]:
    return [e for e in engine.extract(text, article_id="n") if e.event_type == "ASSAULT"]


def _killed(ev: Event) -> int | None:
    return ev.toll.killed.best if ev.toll.killed else None


@pytest.mark.parametrize(
    ("text", "trigger", "killed"),
    [
        # entering then shooting: one attack, on the shooting, with the note's total
        ("On 4 March 2024, armed men stormed a cantina in Zitacuaro and opened fire on the "
         "drinkers. 3 fatalities.", "opened fire", 3),
        # burning then shooting: the shooting carries the dead
        ("On 9 July 2024, gunmen set fire to a taxi and shot the driver dead in Apatzingan. "
         "1 fatality.", "shot", 1),
        # the later act that kills is the event, not the storming the actor lent a mode to
        ("Gunmen stormed a farm near Tepalcatepec on Monday and massacred four labourers.",
         "massacred", 4),
    ],
)
def test_conjoined_acts_of_one_attack_are_one_event(
    engine: Pipeline, text: str, trigger: str, killed: int
) -> None:
    found = _assaults(engine, text)
    assert [e.trigger.text for e in found] == [trigger], [(e.trigger.text, e.mode) for e in found]
    assert _killed(found[0]) == killed


def test_torture_in_the_found_body_is_the_finding(engine: Pipeline) -> None:
    text = "On 8 May 2024, the body of a woman with marks of torture was found in a ditch in Tarimoro. 1 fatality."
    found = _assaults(engine, text)
    assert [e.trigger.text for e in found] == ["found"]
    assert found[0].mode == "torture" and _killed(found[0]) == 1


def test_a_restating_sentence_gives_the_toll_to_the_lead_attack(engine: Pipeline) -> None:
    text = "On 2 June 2024, armed men broke into a bakery in Moroleon and opened fire on the staff. Five people were killed."
    shooting = next(e for e in _assaults(engine, text) if e.trigger.text == "opened fire")
    assert _killed(shooting) == 5


def test_a_second_attack_keeps_its_own_toll(engine: Pipeline) -> None:
    # the lead counts its own dead: the later sentence's count is no restatement of it
    text = "Gunmen shot a vendor dead in Salvatierra. Two people were killed in Yuriria."
    first = next(e for e in _assaults(engine, text) if e.trigger.text == "shot")
    assert _killed(first) == 1


def test_acts_of_different_types_stay_apart(engine: Pipeline) -> None:
    text = "Soldiers clashed with gunmen in Aguililla and arrested three of them."
    types = sorted(e.event_type for e in engine.extract(text, article_id="n"))
    assert "COERCE" in types and "ASSAULT" in types, types


def test_a_riot_note_holds_its_stated_dead(engine: Pipeline) -> None:
    text = ("On 3 April 2024, supporters of the losing candidate burned tyres and looted shops in Tamale "
            "after the count. 4 fatalities.")
    riot = [e for e in engine.extract(text, article_id="n") if e.event_type == "PROTEST"]
    assert riot and _killed(riot[0]) == 4, [(e.event_type, e.mode, e.trigger.text) for e in riot]


def test_a_peaceful_march_gets_no_stated_dead(engine: Pipeline) -> None:
    text = "On 3 April 2024, teachers marched through Oaxaca to demand back pay. 2 fatalities."
    marches = [e for e in engine.extract(text, article_id="n") if e.event_type == "PROTEST"]
    assert marches and all(e.toll.killed is None for e in marches)


def test_a_consequence_conjoined_to_a_folded_one_joins_the_same_event(engine: Pipeline) -> None:
    # 'killing' folds into 'opened fire'; 'wounding', conjoined to 'killing', follows it there
    text = ("Masked men opened fire on a group of farmhands near Salvatierra on Friday, killing "
            "two men and wounding four others.")  # fmt: skip
    (ev,) = _assaults(engine, text)
    assert ev.trigger.text == "opened fire" and _killed(ev) == 2
    assert ev.toll.injured is not None and ev.toll.injured.best == 4


def test_a_conjoined_clause_with_its_own_subject_is_its_own_event(engine: Pipeline) -> None:
    text = ("Five men were shot dead outside a bar in Irapuato on Friday night, and three other "
            "people were found killed in a car nearby on Saturday.")  # fmt: skip
    assert len(_assaults(engine, text)) == 2
