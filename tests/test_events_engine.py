"""The engine on real registers (issue 10): components, headlines, what is not an event,
PLOVER semantics, agentless events, sectors and denial scope. Fixtures are invented
sentences in the style of wire copy, ACLED-style summaries and headlines."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from chronicler import lang
from chronicler.errors import ChroniclerError
from chronicler.extract.classify import (
    TypeRule,
    combined_decision,
    lexicon_decision,
    needs_typer,
    rule_scope,
)
from chronicler.extract.detect import Candidate
from chronicler.extract.guards import Reading
from chronicler.extract.lexicon import GUARD_NAMES, TriggerEntry, lexicon_from_pack
from chronicler.pipeline import DEFAULT_CONFIG, Pipeline, check_order
from chronicler.records import SECTORS, Event


@pytest.fixture(scope="module")
def engine() -> Pipeline:
    return Pipeline.from_config(
        {"components": ["detect", "type", "arguments", "status", "resolve_actors"]}
    )


def extract(pipeline: Pipeline, text: str, outlet: str | None = None) -> list[Event]:
    return pipeline.extract(text, article_id="e", outlet=outlet)


def of_type(events: list[Event], event_type: str) -> list[Event]:
    return [ev for ev in events if ev.event_type == event_type]


def one(events: list[Event], event_type: str) -> Event:
    found = of_type(events, event_type)
    assert len(found) == 1, [(e.event_type, e.mode, e.trigger.text) for e in events]
    return found[0]


# --- components -------------------------------------------------------------------


def test_default_config_runs_detect_type_arguments_in_order() -> None:
    names = DEFAULT_CONFIG["components"]
    assert names[:4] == ["dateline", "detect", "type", "arguments"]  # datelines before all
    check_order(names)


@pytest.mark.parametrize(
    "names", [["type", "detect"], ["detect", "arguments"], ["arguments", "detect", "type"]]
)
def test_engine_components_out_of_order_are_refused(names: list[str]) -> None:
    with pytest.raises(ChroniclerError) as err:
        check_order(names)
    assert err.value.code == "E304"


def test_events_step_equals_the_three_components(engine: Pipeline) -> None:
    text = "Gunmen shot and killed a man in Celaya. Police later arrested two suspects."
    single = Pipeline.from_config({"components": ["events", "status", "resolve_actors"]})
    split = [(e.id, e.event_type, e.mode, e.actor and e.actor.text) for e in extract(engine, text)]
    whole = [(e.id, e.event_type, e.mode, e.actor and e.actor.text) for e in extract(single, text)]
    assert split == whole and len(split) == 2


def _pack_with_trigger_line(tmp_path: Path, line: str) -> lang.LanguagePack:
    root = tmp_path / "lang"
    shutil.copytree(lang.packs_dir() / "en", root / "en")
    with (root / "en" / "triggers.tsv").open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")
    return lang.load_pack("en", root)


def test_unknown_guard_is_a_load_time_e321(tmp_path: Path) -> None:
    pack = _pack_with_trigger_line(tmp_path, "ambush\tV\tASSAULT\t-\t0.8\tviolence_ctx+no_such_guard")
    with pytest.raises(ChroniclerError) as err:
        lexicon_from_pack(pack)
    assert err.value.code == "E321" and "no_such_guard" in err.value.message


def test_every_guard_the_pack_names_is_implemented(tmp_path: Path) -> None:
    lex = lexicon_from_pack(lang.load_pack("en"))
    named = {g for entries in lex.triggers.values() for e in entries if e.needs
             for g in e.needs.split("+")}  # fmt: skip
    assert named <= GUARD_NAMES


def test_detect_json_is_registered_and_optional(tmp_path: Path) -> None:
    pack = lang.load_pack("en")
    assert pack.has("detect") and pack.has("sectors")
    root = tmp_path / "lang"
    shutil.copytree(lang.packs_dir() / "en", root / "en")
    manifest = json.loads((root / "en" / "pack.json").read_text())
    del manifest["files"]["detect"]
    (root / "en" / "pack.json").write_text(json.dumps(manifest))
    lex = lexicon_from_pack(lang.load_pack("en", root))
    assert lex.word_set("disaster_words") == frozenset()  # a pack without it still loads


# --- typing: lexicon prior x typer probability --------------------------------------


@dataclass
class _Pred:
    event_type: str | None
    mode: str | None
    probability: float
    scores: dict[str, float] = field(default_factory=dict)


def _cand(*readings: Reading) -> Candidate:
    return Candidate(token=None, readings=list(readings), sent=None, doc_index=0)


def _reading(event_type: str, confidence: float, failed: tuple[str, ...] = ()) -> Reading:
    entry = TriggerEntry("x", "*", event_type, None, confidence, "g" if failed else None)
    return Reading(entry, event_type, None, failed)


def test_lexicon_alone_needs_guards_that_hold() -> None:
    rule = TypeRule()
    assert lexicon_decision(_cand(_reading("ASSAULT", 0.8, ("violence_ctx",))), rule) is None
    choice = lexicon_decision(_cand(_reading("ASSAULT", 0.8)), rule)
    assert choice is not None and choice.event_type == "ASSAULT"


def test_typer_rescues_a_failed_guard_and_drops_none() -> None:
    rule = TypeRule(none_threshold=0.5, rescue_threshold=0.6)
    cand = _cand(_reading("ASSAULT", 0.8, ("violence_ctx",)), _reading("ACCUSE", 0.45))
    sure = _Pred("ASSAULT", None, 0.9, {"ASSAULT": 0.9, "ACCUSE": 0.05, "NONE": 0.05})
    choice = combined_decision(cand, sure, rule)
    assert choice is not None and choice.event_type == "ASSAULT"
    quake = _Pred(None, None, 0.8, {"ASSAULT": 0.15, "NONE": 0.8})
    assert combined_decision(cand, quake, rule) is None
    lenient = TypeRule(none_threshold=0.95, min_score=0.0)
    assert combined_decision(cand, quake, lenient) is not None  # the threshold is a setting


def test_a_sure_typer_overrides_the_lexicon_type() -> None:
    cand = _cand(_reading("REQUEST", 0.7))
    protest = _Pred("PROTEST", "demo", 0.92, {"PROTEST": 0.92, "REQUEST": 0.03, "NONE": 0.05})
    choice = combined_decision(cand, protest, TypeRule(model_override=0.9))
    assert choice is not None and (choice.event_type, choice.mode) == ("PROTEST", "demo")
    # Without the override (the default) the lexicon's reading stands.
    kept = combined_decision(cand, protest, TypeRule())
    assert kept is not None and kept.event_type == "REQUEST"
    # A reading that held on its own arguments (an armed subject) is not overridden.
    entry = TriggerEntry("block", "V", "ASSAULT", "destroy", 0.7, "armed_subj")
    armed = _cand(Reading(entry, "ASSAULT", "destroy"))
    held = combined_decision(armed, protest, TypeRule(model_override=0.9))
    assert held is not None and held.event_type == "ASSAULT"
    # No reading held: a sure typer may name the type only where no reading of that type
    # failed on the trigger's own arguments ("the strike would go on": no labour dispute).
    strike = _cand(_reading("PROTEST", 0.7, ("labor",)), _reading("ASSAULT", 0.7, ("violence_ctx",)))
    assert combined_decision(strike, protest, TypeRule(model_override=0.9)) is None
    riot = _cand(_reading("ASSAULT", 0.7, ("violence_ctx",)))
    made = combined_decision(riot, protest, TypeRule(model_override=0.9))
    assert made is not None and made.event_type == "PROTEST"


def test_typer_is_asked_only_where_it_can_rescue() -> None:
    settled = _cand(_reading("ASSAULT", 0.8))
    rescuable = _cand(_reading("ASSAULT", 0.8, ("violence_ctx",)))
    structural = _cand(_reading("AID", 0.6, ("aid_obj",)))
    assert [needs_typer(c, "rescue") for c in (settled, rescuable, structural)] == [
        False, True, False,
    ]  # fmt: skip
    assert all(needs_typer(c, "all") for c in (settled, rescuable, structural))
    # A weaker reading holds, but the stronger one before it failed only a context guard.
    fallback = _cand(_reading("ASSAULT", 0.8, ("violence_ctx",)), _reading("ACCUSE", 0.45))
    assert needs_typer(fallback, "rescue")
    assert not needs_typer(_cand(_reading("ASSAULT", 0.8), _reading("ACCUSE", 0.45)), "rescue")
    assert rule_scope(TypeRule()) == "rescue"
    assert rule_scope(TypeRule.from_settings({"scope": "all"})) == "all"


def test_type_component_settings_reach_the_rule() -> None:
    strict = Pipeline.from_config(
        {"components": ["detect", "type", "arguments"],
         "config": {"type": {"typer": "off", "min_prior": 0.99}}}
    )  # fmt: skip
    assert extract(strict, "Gunmen killed four people in Zamora.") == []


# --- headlines ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headline", "event_type", "victims"),
    [
        ("Eight Slain at Birthday Party in Tepic", "ASSAULT", "Eight"),
        ("Two Bodies Found in Iguala", "ASSAULT", "Two Bodies"),
        ("19 Executed in Guanajuato", "ASSAULT", "19"),
        ("Gunmen Kill Five in Michoacán Bar Attack", "ASSAULT", "Five"),
    ],
)
def test_headlines_in_title_case(engine: Pipeline, headline: str, event_type: str, victims: str) -> None:
    ev = one(extract(engine, headline), event_type)
    assert ev.recipient is not None and ev.recipient.text == victims
    assert headline[ev.trigger.start : ev.trigger.end] == ev.trigger.text
    assert ev.status == "occurred"


def test_headline_with_a_clash_between_two_groups(engine: Pipeline) -> None:
    text = "Confrontation between CJNG and Nueva Familia leaves two dead"
    ev = one(extract(engine, text), "ASSAULT")
    assert ev.trigger.text == "Confrontation" and ev.mode == "firearms"
    assert ev.actor is not None and "CJNG" in ev.actor.text


def test_headline_arrest_has_its_actor(engine: Pipeline) -> None:
    ev = one(extract(engine, "Police Arrest 12 After Protest Turns Violent"), "COERCE")
    assert ev.mode == "arrest" and ev.actor is not None and ev.actor.sector == "police"


def test_acled_style_summary(engine: Pipeline) -> None:
    text = "On 2 May 2022, gunmen shot and killed a man in Celaya, Guanajuato."
    ev = one(extract(engine, text), "ASSAULT")
    assert ev.mode == "firearms" and ev.actor is not None and ev.actor.sector == "criminal_organisation"
    assert ev.recipient is not None and ev.recipient.sector == "civilians"


# --- what is not an event ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "An earthquake killed 12 people in Oaxaca.",
        "Three people were killed when their bus overturned on the highway.",
        "A landslide injured four workers near the mine.",
        "Flooding has killed at least 20 people in Tabasco.",
        "Eleven migrants were killed in a truck crash in Chiapas.",
        "A fire at a nightclub killed 15 people.",
        "Heavy rains left 10 dead in Veracruz.",
        "Hurricane Otis killed 48 people in Acapulco.",
        "A truck carrying migrants overturned, killing 10.",
        "Lightning struck and killed a farmer.",
        "An explosion at a fireworks market killed 30 people.",
        "A gas blast at a bakery in Toluca killed four people.",
        "A fuel tanker exploded on the ring road, burning five cars.",
        "Floods swept through three villages in Sonora, killing nine people.",
    ],
)
def test_disasters_and_accidents_are_not_attacks(engine: Pipeline, text: str) -> None:
    assert of_type(extract(engine, text), "ASSAULT") == []


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen shot dead two police officers during a storm in Acapulco.",
        "Gunmen set fire to a bar in Coatzacoalcos, killing 26 people.",
    ],
)
def test_an_attack_with_fire_or_in_a_storm_is_still_an_attack(engine: Pipeline, text: str) -> None:
    assert len(of_type(extract(engine, text), "ASSAULT")) == 1


def test_the_means_of_a_killing_gives_its_mode(engine: Pipeline) -> None:
    text = "A car bomb exploded outside the police station, killing three officers."
    assert one(extract(engine, text), "ASSAULT").mode == "explosives"


@pytest.mark.parametrize(
    "text",
    [
        "The war that has killed 1,200 people since September shows no sign of ending.",
        "There were 15 murders in the last 24 hours in the state.",
        "The state recorded 212 homicides in October.",
        "The violence has killed more than 300 people this year.",
        "At least 40 journalists have been killed since 2006.",
    ],
)
def test_cumulative_and_periodic_totals_are_not_events(engine: Pipeline, text: str) -> None:
    assert of_type(extract(engine, text), "ASSAULT") == []


@pytest.mark.parametrize(
    "text",
    [
        "Soldiers killed three gunmen last week in Culiacán.",
        "Four are murdered during the first hours of this Monday",
        "Violence Rages in Juarez, 13 executed",
        "Murdered man found in trunk of vehicle",
    ],
)
def test_point_in_time_is_not_a_period(engine: Pipeline, text: str) -> None:
    ev = one(extract(engine, text), "ASSAULT")
    assert ev.status == "occurred"


def test_campaign_pledges_are_not_agreements(engine: Pipeline) -> None:
    events = extract(engine, "The candidate repeated his campaign pledges in Monterrey.")
    assert of_type(events, "AGREE") == [] and of_type(events, "ASSAULT") == []


def test_slamming_a_rival_is_no_assault(engine: Pipeline) -> None:
    events = extract(engine, "The senator slammed his rival over the budget.")
    assert of_type(events, "ASSAULT") == []


# --- PLOVER semantics -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("Thousands of teachers protested outside the state congress.", "demo"),
        ("Rioters clashed with police and set cars alight in the riot.", "riot"),
        ("Miners went on strike at the copper mine in Cananea.", "strike"),
        ("Relatives of the missing began a hunger strike in Chilpancingo.", "hunger"),
        ("Farmers blocked the highway to Mexico City for six hours.", "obstruct"),
    ],
)
def test_protests_carry_their_mode(engine: Pipeline, text: str, mode: str) -> None:
    assert any(ev.mode == mode for ev in of_type(extract(engine, text), "PROTEST"))


def test_protesters_demanding_is_a_protest_not_a_request(engine: Pipeline) -> None:
    events = extract(engine, "Hundreds of protesters demanded the release of the students.")
    assert of_type(events, "REQUEST") == []
    ev = one(events, "PROTEST")
    assert ev.actor is not None and ev.actor.sector == "protesters"


def test_a_demand_voiced_by_a_march_folds_into_the_march(engine: Pipeline) -> None:
    events = extract(engine, "Demonstrators marched through Oaxaca demanding justice.")
    assert of_type(events, "REQUEST") == [] and of_type(events, "PROTEST")


@pytest.mark.parametrize(
    "text",
    [
        "Police fired tear gas at protesters in Chilpancingo.",
        "Police lathi-charged the protesters outside the station.",
        "Riot police used water cannon against the demonstrators.",
        "Protesters were baton-charged by police.",
    ],
)
def test_police_force_on_crowds_is_assault_crowd_control(engine: Pipeline, text: str) -> None:
    ev = one(extract(engine, text), "ASSAULT")
    assert ev.mode == "crowd-control"
    assert ev.actor is not None and ev.actor.sector == "police"
    assert ev.recipient is not None and ev.recipient.sector == "protesters"


def test_police_opening_fire_is_assault_by_police(engine: Pipeline) -> None:
    ev = one(extract(engine, "Police opened fire on the marchers."), "ASSAULT")
    assert ev.mode == "firearms" and ev.actor is not None and ev.actor.sector == "police"


@pytest.mark.parametrize(
    ("text", "event_type", "mode"),
    [
        ("Soldiers defused an explosive device on the road to Aguililla.", "COERCE", "seize"),
        ("Marines found an arsenal of rifles in a safe house.", "COERCE", "seize"),
        ("Police raided a house and seized 20 kilos of cocaine.", "COERCE", "seize"),
        ("Gunmen raided a village in the sierra.", "ASSAULT", "firearms"),
        ("Armed men kidnapped four engineers from a mine.", "ASSAULT", "abduct"),
        ("Rioters looted shops in the centre of Tepic.", "ASSAULT", "destroy"),
        ("The group torched three vehicles on the highway.", "ASSAULT", "destroy"),
        ("The rebels launched a chemical attack on the village.", "ASSAULT", "unconventional"),
        ("An air strike hit the camp.", "ASSAULT", "aerial"),
        ("A drone strike hit a cartel camp.", "ASSAULT", "drone"),
        # the means named by the clause around the trigger (issue 10: ACLED sub-event types)
        ("Air force jets struck a hamlet in Sinaloa, killing six people.", "ASSAULT", "aerial"),
        ("Three marines were killed when their truck ran over a landmine near Nuevo Laredo.", "ASSAULT", "explosives"),
        ("The militia fired mortars at the town hall of Chinicuila.", "ASSAULT", "heavy-weapons"),
        ("Insurgents attacked the base with chlorine canisters.", "ASSAULT", "unconventional"),
        ("Riot police broke up a march by teachers in Oaxaca.", "COERCE", "restrict"),
        ("Herders burned down farmland near the river.", "ASSAULT", "destroy"),
        # a fire set to property is the codebook's destroy (Looting/property destruction), not a weapon
        ("Men attacked a tire shop with gasoline.", "ASSAULT", "destroy"),
        # a thrown fire weapon is the codebook's primitive ("fire, edged weapons, rocks")
        ("Two men hurled Molotov cocktails at a bakery in Irapuato.", "ASSAULT", "primitive"),
    ],
)
def test_codebook_modes(engine: Pipeline, text: str, event_type: str, mode: str) -> None:
    assert any(ev.mode == mode for ev in of_type(extract(engine, text), event_type)), [
        (e.event_type, e.mode, e.trigger.text) for e in extract(engine, text)
    ]


def test_a_raid_that_ends_in_arrests_is_two_events(engine: Pipeline) -> None:
    events = extract(engine, "Soldiers raided a ranch and then arrested three suspects.")
    modes = sorted(ev.mode or "" for ev in of_type(events, "COERCE"))
    assert modes == ["arrest", "seize"]
    assert all(ev.actor is not None and ev.actor.sector == "military" for ev in events)


def test_finding_bodies_names_no_killer(engine: Pipeline) -> None:
    ev = one(extract(engine, "The navy found 16 bodies in a clandestine grave."), "ASSAULT")
    assert ev.actor is None and ev.recipient is not None and "bodies" in ev.recipient.text


def test_disappeared_people_are_the_recipients(engine: Pipeline) -> None:
    ev = [e for e in extract(engine, "Six students disappeared after gunmen stopped their bus.") if e.mode == "abduct"]
    assert ev and ev[0].actor is None and ev[0].recipient is not None


# --- agentless events and sectors ----------------------------------------------------


def test_agentless_passives_are_kept(engine: Pipeline) -> None:
    shot = one(extract(engine, "A man was shot dead outside a bakery."), "ASSAULT")
    assert shot.actor is None and shot.recipient is not None
    assert shot.recipient.sector == "civilians"
    arrested = one(extract(engine, "150 people were arrested."), "COERCE")
    assert arrested.actor is None and arrested.recipient is not None


def test_arrests_reported_by_police_were_made_by_police(engine: Pipeline) -> None:
    ev = one(extract(engine, "150 people were arrested, police said."), "COERCE")
    assert ev.actor is not None and ev.actor.sector == "police"


def test_a_shooting_reported_by_police_has_no_actor(engine: Pipeline) -> None:
    ev = one(extract(engine, "A man was shot dead, police said."), "ASSAULT")
    assert ev.actor is None


def test_coordinated_verbs_share_their_actor(engine: Pipeline) -> None:
    events = extract(engine, "Soldiers surrounded the house and then arrested three men.")
    ev = one(events, "COERCE")
    assert ev.actor is not None and ev.actor.text == "Soldiers"


def test_the_outlet_is_never_the_actor(engine: Pipeline) -> None:
    events = extract(engine, "Reuters reported that gunmen killed four people.", outlet="Reuters")
    assert all(ev.actor is None or "Reuters" not in ev.actor.text for ev in events)


@pytest.mark.parametrize(
    ("text", "actor_sector", "recipient_sector"),
    [
        ("Soldiers killed three gunmen in Culiacán.", "military", "criminal_organisation"),
        ("Police detained a woman in Tijuana.", "police", "civilians"),
        ("Cartel members kidnapped two journalists.", "criminal_organisation", "media"),
        ("Gunmen attacked a group of farmers.", "criminal_organisation", "civilians"),
    ],
)
def test_sectors_from_common_nouns(
    engine: Pipeline, text: str, actor_sector: str, recipient_sector: str
) -> None:
    ev = extract(engine, text)[0]
    assert ev.actor is not None and ev.actor.sector == actor_sector
    assert ev.recipient is not None and ev.recipient.sector == recipient_sector


def test_protesters_is_a_sector() -> None:
    assert "protesters" in SECTORS


# --- status scope ----------------------------------------------------------------


def test_denial_covers_the_participation_not_the_raid(engine: Pipeline) -> None:
    text = (
        "The minister denied that US special forces took part in the raid that killed "
        "a CJNG commander."
    )
    events = extract(engine, text)
    by_trigger = {ev.trigger.text: ev for ev in events}
    assert by_trigger["raid"].status == "occurred"
    assert by_trigger["killed"].status == "occurred"
    took = by_trigger["took"]
    assert took.status == "denied" and took.event_type == by_trigger["raid"].event_type
    assert took.actor is not None and "special forces" in took.actor.text
    raid_actor = by_trigger["raid"].actor
    assert raid_actor is None or "special forces" not in raid_actor.text


def test_denied_involvement_in_an_attack(engine: Pipeline) -> None:
    events = extract(engine, "The cartel denied involvement in the attack on the convoy.")
    assert {(ev.trigger.text, ev.status) for ev in events} == {
        ("attack", "occurred"), ("involvement", "denied"),
    }  # fmt: skip


def test_a_plain_denial_still_denies(engine: Pipeline) -> None:
    ev = one(extract(engine, "The army denied that soldiers killed the three farmers."), "ASSAULT")
    assert ev.status == "denied"


def test_negation_leaves_the_earlier_shooting_standing(engine: Pipeline) -> None:
    events = extract(engine, "Police did not arrest anyone after the shooting.")
    assert one(events, "COERCE").status == "negated"
    assert one(events, "ASSAULT").status == "occurred"


def test_no_raid_is_negated(engine: Pipeline) -> None:
    ev = one(extract(engine, "There was no raid on the ranch, the governor said."), "COERCE")
    assert ev.status == "negated"


# --- newspaper prose: police killings, arrests, force ------------------------------


def test_police_shooting_names_police_and_the_victim(engine: Pipeline) -> None:
    ev = one(extract(engine, "The police shooting of a man in Charlotte sparked anger."), "ASSAULT")
    assert ev.actor is not None and ev.actor.sector == "police"
    assert ev.recipient is not None and "man" in ev.recipient.text


def test_excessive_force_and_tear_gas_are_police_force(engine: Pipeline) -> None:
    for text in ("Police used excessive force against the protesters.",
                 "Police used tear gas and rubber bullets on the demonstrators."):  # fmt: skip
        ev = one(extract(engine, text), "ASSAULT")
        assert ev.mode == "crowd-control" and ev.actor is not None and ev.actor.sector == "police"


def test_using_drones_for_surveillance_is_no_attack(engine: Pipeline) -> None:
    text = "The U.S. has already used drones to conduct surveillance on drug cartels."
    assert of_type(extract(engine, text), "ASSAULT") == []


@pytest.mark.parametrize(
    "text",
    [
        "Her team says she will continue her march toward Election Day.",
        "His tweet was all about demonstrating that the campaign is in trouble.",
        "Flawless execution.",
        "Researchers found chemicals in the river.",
        "He floated the idea of using the military to combat drug cartels.",
    ],
)
def test_other_senses_of_protest_execution_and_finding(engine: Pipeline, text: str) -> None:
    assert extract(engine, text) == []


def test_bodies_found_in_headline_style(engine: Pipeline) -> None:
    for text in ("Man and woman found dead in La Huerta", "Body found in Balcones al Mar",
                 "They find a lifeless man in La Galeana"):  # fmt: skip
        ev = one(extract(engine, text), "ASSAULT")
        assert ev.actor is None and ev.recipient is not None


@pytest.mark.parametrize(
    "text",
    ["Marines clashed with cartel gunmen outside Reynosa.", "State police clashed with cartel members in Colima."],
)
def test_the_other_side_of_a_clash_with_someone_is_the_recipient(engine: Pipeline, text: str) -> None:
    ev = one(extract(engine, text), "ASSAULT")
    assert ev.recipient is not None and ev.recipient.sector == "criminal_organisation"


# --- notes: the typer over the whole sentence -------------------------------------------


class _FixedTyper:
    """Says the same of every sentence it is asked about, and records what it was given."""

    def __init__(self, pred: _Pred) -> None:
        self.pred = pred
        self.asked: list[tuple[str, str | None]] = []

    def predict(self, sentences: list[str], language: str = "en",
                triggers: list[str | None] | None = None) -> list[_Pred]:  # fmt: skip
        self.asked.extend(zip(sentences, triggers or [None] * len(sentences), strict=True))
        return [self.pred for _ in sentences]


def _typed_note(text: str, typer: _FixedTyper, **rule: float) -> list[Candidate]:
    from chronicler.extract.classify import type_candidates
    from chronicler.extract.lexicon import load_lexicon

    detect = Pipeline.from_config({"components": ["detect"]})
    ctx = next(iter(detect.run([("n", text, None)])))
    return type_candidates(ctx, load_lexicon("en"), TypeRule(**rule), typer)


_SURE_ASSAULT = _Pred("ASSAULT", None, 0.8, {"ASSAULT": 0.8, "NONE": 0.1})


def test_a_note_without_a_trigger_takes_the_typers_type_on_its_root() -> None:
    # "swept into": no trigger (a town "taken" is one since the territory_taken cue, cues.json;
    # "a day of fighting" is one since the noun "fighting" between two sides, triggers.tsv)
    text = "On 3 May 2024, rebels swept into a hill town after a long night."
    kept = _typed_note(text, _FixedTyper(_SURE_ASSAULT))
    assert [(c.event_type, c.token.text) for c in kept] == [("ASSAULT", "swept")]
    unsure = _Pred("ASSAULT", None, 0.4, {"ASSAULT": 0.4, "NONE": 0.3})
    assert _typed_note(text, _FixedTyper(unsure)) == []
    assert _typed_note(text, _FixedTyper(_SURE_ASSAULT), note_max_sentences=0) == []  # off


def test_the_note_rule_leaves_long_texts_and_none_alone() -> None:
    one = "Rebels swept into a hill town after a day of fighting. "
    assert _typed_note(one * 4, _FixedTyper(_SURE_ASSAULT)) == []  # four sentences: no note
    quiet = _Pred(None, None, 0.9, {"NONE": 0.9, "ASSAULT": 0.05})
    assert _typed_note(one, _FixedTyper(quiet)) == []


def test_the_note_rule_asks_with_the_trigger_lemma_and_keeps_its_reading() -> None:
    # "occupied" needs a protest context the sentence lacks: the lexicon keeps nothing.
    text = "Dozens of farmers occupied a toll booth on the highway for six hours."
    typer = _FixedTyper(_Pred("PROTEST", None, 0.7, {"PROTEST": 0.7, "NONE": 0.1}))
    kept = _typed_note(text, typer)
    assert [(c.event_type, c.mode, c.token.text) for c in kept] == [("PROTEST", "obstruct", "occupied")]
    assert "occupy" in {t for _, t in typer.asked}  # the lemma, as in training


def test_structure_that_rules_a_trigger_out_is_not_overruled_by_a_note() -> None:
    # "shooting" modifies "victims": no event, and the sentence's root is not asked either.
    assert _typed_note("The city keeps a list of shooting victims.", _FixedTyper(_SURE_ASSAULT)) == []


def test_in_a_note_a_sure_typer_overrides_the_lexicon_and_drops_none() -> None:
    text = "Hundreds of teachers demanded higher pay outside the education ministry on Monday."
    protest = _Pred("PROTEST", "demo", 0.95, {"PROTEST": 0.95, "REQUEST": 0.02, "NONE": 0.03})
    assert [c.event_type for c in _typed_note(text, _FixedTyper(protest))] == ["PROTEST"]
    assert [c.event_type for c in _typed_note(text, _FixedTyper(protest), note_override=1.01)] == ["REQUEST"]
    talk = _Pred(None, None, 0.95, {"NONE": 0.95, "REQUEST": 0.05})
    assert _typed_note(text, _FixedTyper(talk)) == []
    # The same sentence in a longer text: the lexicon's reading stands (scope "rescue").
    long_text = " ".join([text] * 4)
    assert {c.event_type for c in _typed_note(long_text, _FixedTyper(protest))} == {"REQUEST"}


def test_spanish_fire_set_to_property_is_destroy() -> None:
    spanish = Pipeline.from_config({"components": ["detect", "type", "arguments", "status", "resolve_actors"]})
    events = spanish.extract("Unos hombres atacaron una llantera con gasolina.", article_id="s", language="es")
    assert [e.mode for e in of_type(events, "ASSAULT")] == ["destroy"]
