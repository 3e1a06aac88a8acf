"""Fine typing of short news snippets (issue 10): disasters left alone, and the ACLED sub-event
read from the trigger lexicon, the cues and the crosswalk. Sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from chronicler.export.acled import acled_codes
from chronicler.pipeline import Input, Pipeline
from chronicler.records import Event


@pytest.fixture(scope="module")
def engine() -> Pipeline:
    return Pipeline.from_config()


def _events(engine: Pipeline, text: str, language: str) -> list[Event]:
    item = Input("t", text, dt.date(2026, 3, 2), language=language)
    return next(iter(engine.run([item]))).events


def _sub_events(events: list[Event]) -> list[str | None]:
    out = []
    for ev in events:
        actor = ev.actor.sector if ev.actor else None
        recipient = ev.recipient.sector if ev.recipient else None
        cues = [c.name for c in ev.cues]
        out.append(acled_codes(ev.event_type, ev.mode, recipient, ev.status, actor, cues).sub_event_type)
    return out


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # the second casualty verb shares the first one's cause
        ("en", "A boiler explosion tore through a textile plant in Puebla, killing two workers and injuring nine."),
        # a disaster's sentence with no trigger left is no note event, whatever the typer reads
        ("en", "A five-storey apartment block collapsed in Ibadan on Tuesday, trapping dozens of residents; rescuers had pulled out six bodies by evening."),
        # disaster words of the packs
        ("en", "A blizzard killed 14 herders in the mountains of Badakhshan."),
        ("en", "A crowd crush at a stadium gate killed 12 football fans."),
        ("en", "A hailstorm killed 11 farmers in Punjab on Monday."),
        ("es", "El sarampión mató a 12 niños en la sierra de Chihuahua."),
        ("es", "Un socavón se tragó una camioneta en Puebla y murieron dos personas."),
    ],
)  # fmt: skip
def test_disasters_and_illness_are_no_violence(engine: Pipeline, language: str, text: str) -> None:
    assert [e.event_type for e in _events(engine, text, language) if e.event_type == "ASSAULT"] == []


@pytest.mark.parametrize(
    ("language", "text", "sub_event"),
    [
        ("en", "Rebel fighters and army troops battled near Goma on Monday.", "Armed clash"),
        ("en", "The militia handed over control of the town to the army.", "Non-violent transfer of territory"),
        ("en", "The rebels ceded the district of Kalomo to government forces.", "Non-violent transfer of territory"),
        ("es", "Los disidentes entregaron el control del municipio al Ejército.", "Non-violent transfer of territory"),
        ("en", "The defence minister inaugurated a new army base in Badiraguato.", "Headquarters or base established"),
        ("en", "Army reinforcements reached Culiacan on Monday.", "Change to group/activity"),
        ("en", "Militants fired a barrage of rockets at an army base near Kandahar.", "Shelling/artillery/missile attack"),
        ("en", "A crowd of villagers beat a suspected thief to death in Puebla.", "Mob violence"),
        ("es", "Pobladores furiosos golpearon a un presunto ladrón en una plaza de Puebla.", "Mob violence"),
        # a force driven out of a place: the place is taken
        ("en", "Government troops drove the rebels out of the town of Kamanyola on Sunday.", "Government regains territory"),
        ("en", "Ukrainian forces pushed Russian troops out of the village of Klishchiivka.", "Government regains territory"),
        ("es", "El Ejército expulsó a los guerrilleros del municipio de Tame.", "Government regains territory"),
        # arrests at a protest
        ("en", "Police arrested 30 students at a campus encampment in Austin.", "Protest with intervention"),
        ("en", "Police dispersed a student encampment at the university.", "Excessive force against protesters"),
        # a fire someone sets is arson, not a disaster, even by a train
        ("en", "Protesters set fire to train carriages at two stations in Patna.", "Violent demonstration"),
        # a ceasefire put in place is the ACLED codebook's agreement
        ("en", "A truce between the army and the rebels took effect at midnight.", "Agreement"),
        ("en", "Unknown men vandalized the offices of the electoral institute in Oaxaca.", "Looting/property destruction"),
        # a drone or a missile shot down: the ACLED codebook's disrupted weapons use
        ("en", "Air defences shot down 12 drones over Kyiv overnight, the air force said.", "Disrupted weapons use"),
        ("en", "Gunmen shot down a shopkeeper outside his store in Celaya.", "Attack"),
    ],
)  # fmt: skip
def test_the_snippet_gets_its_acled_sub_event(engine: Pipeline, language: str, text: str, sub_event: str) -> None:
    found = _sub_events(_events(engine, text, language))
    assert found and found[0] == sub_event, found


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "The mayor drove out of the city on Sunday to visit his mother."),
        ("en", "She pushed the stroller out of the park."),
    ],
)  # fmt: skip
def test_driving_out_of_a_place_without_a_foe_is_no_taking(engine: Pipeline, language: str, text: str) -> None:
    assert "Government regains territory" not in _sub_events(_events(engine, text, language))


@pytest.mark.parametrize(
    ("text", "told"),
    [
        ("A wave of violence swept through Celaya over the weekend.", False),  # a figure for the violence
        ("The violent wave went on in Zamora on Sunday.", False),
        ("A warehouse roof collapsed in Toluca during the night.", True),
    ],
)  # fmt: skip
def test_a_disaster_sentence_is_told_apart_from_a_figure_of_speech(text: str, told: bool) -> None:
    from chronicler.analyse.nlp import load_nlp
    from chronicler.extract.detect import disaster_sentence
    from chronicler.extract.lexicon import load_lexicon
    from chronicler.lang import model_name

    nlp = load_nlp(model_name("en"))
    sent = next(iter(nlp(text).sents))
    assert disaster_sentence(sent, load_lexicon("en")) is told


@pytest.mark.parametrize(
    ("language", "text", "sub_event"),
    [
        # the means of the verb over a ", killing 10" clause (guards._means_of_head)
        ("en", "Insurgents set off a roadside bomb under an army truck near Gao, killing three soldiers.", "Remote explosive/landmine/IED"),
        ("en", "Troops pounded rebel villages with rockets and mortars, wounding eight people.", "Shelling/artillery/missile attack"),
        # a grenade anywhere in the sentence of an explosives event (cue grenade, scope sentence)
        ("en", "A man lobbed a grenade at a police patrol in Quetta, injuring four officers.", "Grenade"),
        ("es", "Un sujeto arrojó una granada contra una patrulla en Celaya e hirió a dos agentes.", "Grenade"),
        # a palace or a headquarters taken is territory (cues territory_taken / territory_regained)
        ("en", "The army said it had retaken the governor's palace in Kassala from the militia.", "Government regains territory"),
        ("en", "Rebel fighters said they had taken control of the army's regional headquarters in Goma.", "Non-state actor overtakes territory"),
        # fighting between two sides, and traded gunfire with no side resolved (cue armed_clash; no-actor row)
        ("en", "Fighting between two militias raged for a second day in Tripoli.", "Armed clash"),
        ("en", "The two sides traded heavy gunfire near the border post all night.", "Armed clash"),
        # a chemical agent named in the sentence (cue chemical_agent)
        ("en", "Doctors treated 40 residents for chlorine exposure after an attack on the town of Saraqib.", "Chemical weapon"),
        ("es", "Médicos atendieron a 40 vecinos por exposición a gas sarín tras el ataque contra la localidad.", "Chemical weapon"),
        # police firing where the sentence tells of a protest, the crowd unresolved
        ("en", "Police fired pellets at a crowd of marchers in Puno, killing three.", "Excessive force against protesters"),
    ],
)  # fmt: skip
def test_news_register_snippets_get_their_sub_event(engine: Pipeline, language: str, text: str, sub_event: str) -> None:
    found = _sub_events(_events(engine, text, language))
    assert sub_event in found and found[0] in (sub_event, "Other"), found


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "The guerrillas released four hostages to a church commission on Friday."),
        ("en", "The hostages were freed after two weeks."),
    ],
)  # fmt: skip
def test_captives_set_free_are_no_abduction(engine: Pipeline, language: str, text: str) -> None:
    assert "Abduction/forced disappearance" not in _sub_events(_events(engine, text, language))


def test_hostages_taken_stay_an_abduction(engine: Pipeline) -> None:
    found = _sub_events(_events(engine, "Gunmen are holding six miners hostage in Zacatecas.", "en"))
    assert "Abduction/forced disappearance" in found


def test_control_of_most_of_a_place_is_territory(engine: Pipeline) -> None:
    text = "Rebel fighters seized control of most of Kherson on Sunday."
    assert "Non-state actor overtakes territory" in _sub_events(_events(engine, text, "en"))


@pytest.mark.parametrize(
    "text",
    [
        "A court in Lima convicted two soldiers of murder.",  # "of murder" hangs on "two soldiers"
        "The suspect faces charges of attempted murder of a deputy.",  # the charge noun itself
    ],
)
def test_a_charge_hung_on_the_convicted_is_no_new_event(engine: Pipeline, text: str) -> None:
    events = _events(engine, text, "en")
    assert [e.event_type for e in events if e.event_type == "ASSAULT"] == []


def test_an_arrest_over_last_months_attack_is_no_periodic_total(engine: Pipeline) -> None:
    found = _sub_events(_events(engine, "Police arrested two men over last week's shooting at a bar in Dayton.", "en"))
    assert found[:1] == ["Arrests"], found
    # a period the arrests span stays a total
    assert _sub_events(_events(engine, "Police arrested 200 people in the last month.", "en")) == []


@pytest.mark.parametrize(
    "text",
    [
        "Armed men set a minibus on fire outside Chilpancingo.",
        "Bandits set two granaries and a school ablaze in Katsina state.",
    ],
)  # fmt: skip
def test_property_set_alight_is_property_destruction(engine: Pipeline, text: str) -> None:
    found = _sub_events(_events(engine, text, "en"))
    assert found[:1] == ["Looting/property destruction"], found


def test_a_crash_with_a_failed_trigger_is_no_event_by_the_typer_alone(engine: Pipeline) -> None:
    # "Force" of "Air Force" is a trigger noun whose guards fail; the sentence tells a crash
    text = "An Indian Air Force jet crashed during a training flight near Jodhpur."
    assert _events(engine, text, "en") == []
