"""Event detection and typing, actor/recipient spans: invented sentences in the beat's spirit."""

from __future__ import annotations

import json
from typing import Any

import pytest

from chronicler.pipeline import Pipeline, event_id
from chronicler.records import Event
from chronicler.version import PIPELINE_VERSION


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    # Only the components under test, so that these tests do not depend on resolution.
    return Pipeline.from_config({"components": ["events", "status"]})


def extract(pipeline: Pipeline, text: str) -> list[Event]:
    return pipeline.extract(text, article_id="t")


def only(events: list[Event], event_type: str) -> Event:
    matching = [ev for ev in events if ev.event_type == event_type]
    assert len(matching) == 1, [(e.event_type, e.trigger.text) for e in events]
    return matching[0]


# (sentence, type, mode, trigger, actor text contains, recipient text contains)
FAMILIES = [
    ("Masked gunmen ambushed an army patrol near Apatzingán on Sunday.",
     "ASSAULT", None, "ambushed", "gunmen", "army patrol"),
    ("A drone strike hit a cartel airstrip in the Sierra Madre.",
     "ASSAULT", "drone", "strike", None, None),
    ("Attackers threw grenades at a bar in Irapuato.",
     "ASSAULT", None, None, None, None),
    # an office holder shot: `assassinate` (docs/engine.md codebook)
    ("Hitmen shot the mayor of a small town in Oaxaca.",
     "ASSAULT", "assassinate", "shot", "Hitmen", "the mayor of a small town in Oaxaca"),
    ("Armed men kidnapped four engineers from a mine in Sonora.",
     "ASSAULT", "abduct", "kidnapped", "Armed men", "four engineers"),
    ("Federal agents detained a suspected fentanyl cook in Tijuana.",
     "COERCE", "arrest", "detained", "Federal agents", "a suspected fentanyl cook"),
    ("Customs officers seized 300 kilos of methamphetamine at a checkpoint.",
     "COERCE", "seize", "seized", "Customs officers", "300 kilos of methamphetamine"),
    ("The governor deployed National Guard troops to the highway.",
     "MOBILIZE", "troops", "deployed", "The governor", None),
    ("The state government sent 400 police officers to Zamora.",
     "MOBILIZE", "police", "sent", "The state government", None),
    ("The Treasury sanctioned three money launderers linked to the cartel.",
     "SANCTION", None, "sanctioned", "The Treasury", "three money launderers"),
    ("The aid agency withdrew from Haiti after the kidnappings.",
     "SANCTION", "withdraw", "withdrew", "The aid agency", "Haiti"),
    ("The state government shut down mobile internet in three towns.",
     "COERCE", "withhold", "shut", "The state government", "mobile internet"),
    ("Police withdrew from the square after midnight.",
     "RETREAT", "withdraw", "withdrew", "Police", None),
    ("A federal jury convicted the former police chief of drug trafficking.",
     "SANCTION", "convict", "convicted", "A federal jury", "the former police chief"),
    ("The cartel threatened journalists who covered the killings.",
     "THREATEN", None, "threatened", "The cartel", "journalists"),
    ("Thousands of farmers protested in front of the state congress.",
     "PROTEST", "demo", "protested", "Thousands of farmers", None),
    ("Transport workers went on strike over extortion by gangs.",
     "PROTEST", "strike", "strike", None, None),
    ("The attorney general accused the mayor of colluding with the gang.",
     "ACCUSE", "allege", "accused", "The attorney general", "the mayor"),
    ("Prosecutors are investigating the disappearance of six students.",
     "ACCUSE", "investigate", "investigating", "Prosecutors", "the disappearance"),
    ("The ambassador condemned the attack on the consulate.",
     "ACCUSE", "disapprove", "condemned", "The ambassador", "the attack"),
    ("The foreign ministry rejected the proposal for joint patrols.",
     "REJECT", None, "rejected", "The foreign ministry", "the proposal"),
    ("The senator urged the administration to send more agents to the border.",
     "REQUEST", None, "urged", "The senator", "the administration"),
    ("Both governments agreed to expand the exchange of intelligence.",
     "AGREE", None, "agreed", "Both governments", None),
    ("The security adviser met with the Mexican foreign minister in Washington.",
     "CONSULT", None, "met", "The security adviser", "the Mexican foreign minister"),
    ("Mexico extradited two cartel bosses to Texas.",
     "COOPERATE", None, "extradited", "Mexico", "two cartel bosses"),
    ("The United States provided helicopters and training to the Mexican navy.",
     "AID", None, "provided", "The United States", "the Mexican navy"),
    ("The militia released the hostages after a day of talks.",
     "RETREAT", "release", "released", "The militia", "the hostages"),
    ("The governor resigned after the massacre.",
     "RETREAT", "resign", "resigned", "The governor", None),
    ("The government lifted the curfew in the port city.",
     "CONCEDE", None, "lifted", "The government", None),
    ("The opposition praised the new border agreement.",
     "SUPPORT", None, "praised", "The opposition", "the new border agreement"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "etype", "mode", "trigger", "actor", "recipient"), FAMILIES)
def test_each_family_is_typed_with_its_arguments(
    pipeline: Pipeline,
    text: str,
    etype: str,
    mode: str | None,
    trigger: str | None,
    actor: str | None,
    recipient: str | None,
) -> None:
    events = extract(pipeline, text)
    matching = [ev for ev in events if ev.event_type == etype]
    assert matching, [(e.event_type, e.trigger.text) for e in events]
    ev = matching[0]
    if mode is not None:
        assert ev.mode == mode
    if trigger is not None:
        assert ev.trigger.text == trigger
    if actor is not None:
        assert ev.actor is not None and actor in ev.actor.text
    if recipient is not None:
        assert ev.recipient is not None and recipient in ev.recipient.text


def test_explosives_mode_from_the_weapon(pipeline: Pipeline) -> None:
    ev = only(extract(pipeline, "A car bomb killed three soldiers outside the base."), "ASSAULT")
    assert ev.mode == "explosives"
    assert ev.recipient is not None and ev.recipient.text == "three soldiers"


def test_spans_point_into_the_text_and_ids_are_stable(pipeline: Pipeline) -> None:
    text = "Police said nothing. Then marines captured a plaza boss in Reynosa."
    events = extract(pipeline, text)
    ev = only(events, "COERCE")
    assert text[ev.trigger.start : ev.trigger.end] == ev.trigger.text == "captured"
    assert ev.sentence.text == "Then marines captured a plaza boss in Reynosa."
    assert text[ev.sentence.start : ev.sentence.end] == ev.sentence.text
    assert ev.actor is not None and ev.actor.span is not None
    assert text[ev.actor.span.start : ev.actor.span.end] == "marines"
    assert ev.id == event_id("t", ev.trigger.start, ev.trigger.end, "COERCE")
    assert ev.pipeline_version == PIPELINE_VERSION
    assert 0.0 <= ev.confidence <= 1.0
    assert [e.id for e in extract(pipeline, text)] == [e.id for e in events]


def test_two_events_in_one_sentence(pipeline: Pipeline) -> None:
    text = "Soldiers killed two gunmen in a shootout and detained five others in Matamoros."
    events = extract(pipeline, text)
    types = {ev.event_type for ev in events}
    assert types == {"ASSAULT", "COERCE"}
    arrest = only(events, "COERCE")
    assert arrest.actor is not None and arrest.actor.text == "Soldiers"
    assert arrest.recipient is not None and arrest.recipient.text == "five others"


def test_several_events_across_an_article(pipeline: Pipeline) -> None:
    text = (
        "Gunmen torched six trucks on the highway to Morelia. "
        "The army sent 200 soldiers to the region. "
        "The governor asked the federal government to send more troops."
    )
    types = [ev.event_type for ev in extract(pipeline, text)]
    assert types[:2] == ["ASSAULT", "MOBILIZE"]
    assert "REQUEST" in types


def test_passive_with_agent(pipeline: Pipeline) -> None:
    ev = only(extract(pipeline, "Three men were arrested by soldiers in Apodaca."), "COERCE")
    assert ev.actor is not None and ev.actor.text == "soldiers"
    assert ev.recipient is not None and ev.recipient.text == "Three men"


def test_passive_without_agent_keeps_the_victim(pipeline: Pipeline) -> None:
    ev = only(extract(pipeline, "Two police officers were killed in Celaya."), "ASSAULT")
    assert ev.actor is None
    assert ev.recipient is not None and ev.recipient.text == "Two police officers"


def test_nominal_trigger_takes_prepositions_and_the_governing_subject(pipeline: Pipeline) -> None:
    text = "Pentagon planners have drafted options for air strikes against cartel compounds."
    ev = only(extract(pipeline, text), "ASSAULT")
    assert ev.mode == "aerial"
    assert ev.actor is not None and ev.actor.text == "Pentagon planners"
    assert ev.recipient is not None and ev.recipient.text == "cartel compounds"


def test_named_country_modifier_is_the_actor(pipeline: Pipeline) -> None:
    ev = only(extract(pipeline, "American drone strikes on the camps began last week."), "ASSAULT")
    assert ev.actor is not None and ev.actor.text == "American"
    assert ev.recipient is not None and ev.recipient.text == "the camps"


def test_relative_clause_actor_is_the_head_noun(pipeline: Pipeline) -> None:
    text = "The gunmen who attacked the clinic fled into the hills."
    ev = only(extract(pipeline, text), "ASSAULT")
    assert ev.actor is not None and ev.actor.text == "The gunmen"


@pytest.mark.parametrize(
    "text",
    [
        "Lawmakers killed the bill in committee.",
        "The senator asked the White House for comment.",
        "The hearing is scheduled for March.",
        "The opposition will fight corruption in the customs service.",
        "The reforms were adopted with the cooperation of the opposition.",
        "Polls say the governor could beat Ortiz in the runoff.",
        "The candidate will hold a campaign rally in Puebla on Saturday.",
        "She expressed a great deal of sympathy for the families.",
        "The senator called out his rival for changing his position.",
    ],
)
def test_other_senses_are_not_events(pipeline: Pipeline, text: str) -> None:
    assert extract(pipeline, text) == []


def test_political_attack_is_criticism(pipeline: Pipeline) -> None:
    ev = only(extract(pipeline, "The governor attacked the security plan as naive."), "ACCUSE")
    assert ev.mode == "disapprove"


def test_campaign_attacks_are_criticism_not_violence(pipeline: Pipeline) -> None:
    text = "The campaign launched a new round of attacks on the mayor's record on Tuesday."
    ev = only(extract(pipeline, text), "ACCUSE")
    assert ev.trigger.text == "attacks"


def test_strike_a_deal_is_an_agreement(pipeline: Pipeline) -> None:
    events = extract(pipeline, "The two countries struck a deal on migration.")
    assert [ev.event_type for ev in events] == ["AGREE"]


def test_threat_with_hostile_content_is_one_event(pipeline: Pipeline) -> None:
    events = extract(pipeline, "Washington threatened to impose sanctions on the bank.")
    assert [ev.event_type for ev in events] == ["SANCTION"]
    assert events[0].status == "threatened"


def test_event_json_round_trips(pipeline: Pipeline) -> None:
    ev = only(extract(pipeline, "Marines arrested a cartel accountant in Mazatlán."), "COERCE")
    data: dict[str, Any] = json.loads(ev.model_dump_json())
    assert Event.model_validate(data) == ev
