"""Crosswalk cues (issue 10): named word sets of the language pack, found in an event's phrase,
clause or sentence and kept on the event with their characters, that make the ACLED sub-event
finer while PLOVER's type and mode stay what the codebook says. Sentences are our own."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from chronicler.export.acled import acled_codes, flat_row, record_cues
from chronicler.extract.crosswalk import acled_for, crosswalk, cue_names
from chronicler.extract.cues import load_cues
from chronicler.lang import load_pack
from chronicler.pipeline import Input, Pipeline
from chronicler.records import Event


@pytest.fixture(scope="module")
def engine() -> Pipeline:
    return Pipeline.from_config({"components": ["detect", "type", "arguments", "status", "resolve_actors"]})


def _events(engine: Pipeline, text: str, language: str) -> list[Event]:
    item = Input("t", text, dt.date(2026, 3, 2), language=language)
    return next(iter(engine.run([item]))).events


def _sub_event(ev: Event) -> str | None:
    actor = ev.actor.sector if ev.actor else None
    recipient = ev.recipient.sector if ev.recipient else None
    return acled_codes(ev.event_type, ev.mode, recipient, ev.status, actor, [c.name for c in ev.cues]).sub_event_type


def _with_cue(engine: Pipeline, text: str, language: str, cue: str) -> Event:
    found = [e for e in _events(engine, text, language) if cue in {c.name for c in e.cues}]
    assert found, [(e.event_type, e.mode, e.trigger.text, e.cues) for e in _events(engine, text, language)]
    return found[0]


# --- the data: every cue a row names is defined in every pack ------------------------------


def test_every_crosswalk_cue_is_defined_in_every_pack() -> None:
    names = cue_names()
    assert {"grenade", "territory_taken", "territory_regained", "territory_handover", "base_established"} <= names
    for code in ("en", "es"):
        assert names <= load_cues(code).names(), code
    assert load_cues("en").names() == load_cues("es").names()  # parity


def test_a_row_naming_an_unknown_sector_in_its_alternatives_is_refused(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    from chronicler.errors import ChroniclerError
    from chronicler.extract import crosswalk as xw

    folder = tmp_path / "crosswalk"
    folder.mkdir()
    (folder / "acled_plover.csv").write_text(
        "acled_event_type,acled_sub_event_type,plover_type,plover_mode,recipient,direction,actor,cue\n"
        "Battles,Armed clash,ASSAULT,*,-,to_acled,military|pirates,armed_clash\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(xw, "data_dir", lambda: tmp_path)
    xw.crosswalk.cache_clear()
    try:
        with pytest.raises(ChroniclerError):
            xw.crosswalk()
    finally:
        monkeypatch.undo()
        xw.crosswalk.cache_clear()
    assert crosswalk()  # the shipped file loads again


# --- the crosswalk reads cue names ----------------------------------------------------------


def test_cue_rows_refine_the_sub_event_and_need_their_cue() -> None:
    assert acled_for("ASSAULT", "explosives", None, None, ["grenade"])[1] == "Grenade"
    assert acled_for("ASSAULT", "explosives", None)[1] == "Remote explosive/landmine/IED"
    assert acled_for("ASSAULT", None, None, "military", ["territory_taken"])[1] == "Government regains territory"
    assert acled_for("ASSAULT", None, None, "armed_group", ["territory_regained"])[1] == (
        "Non-state actor overtakes territory"  # who took it decides, not the verb
    )
    assert acled_for("ASSAULT", None, None, None, ["territory_regained"])[1] == "Government regains territory"
    assert acled_for("COERCE", "seize", None, "armed_group", ["territory_taken"])[1] == (
        "Non-state actor overtakes territory"
    )
    assert acled_for("COERCE", "seize", None, "police")[1] == "Disrupted weapons use"


def test_handover_needs_no_fighting_or_a_withdrawal_beside_the_taking() -> None:
    assert acled_for("ASSAULT", None, None, "armed_group", ["territory_handover"])[1] == (
        "Non-violent transfer of territory"
    )
    both = ["territory_taken", "withdrawal"]
    assert acled_for("ASSAULT", None, None, "military", both)[1] == "Non-violent transfer of territory"
    assert acled_for("ASSAULT", None, None, "military", ["withdrawal"])[1] == "Attack"  # '+': both needed
    # an ASSAULT with a weapon is fighting, not a handover
    assert acled_for("ASSAULT", "heavy-weapons", None, "military", both)[1] == "Government regains territory"


def test_base_clash_demonstration_and_mob_cues() -> None:
    assert acled_for("MOBILIZE", "troops", None, "military", ["base_established"])[1] == (
        "Headquarters or base established"
    )
    assert acled_for("MOBILIZE", "troops", None, "military")[1] == "Change to group/activity"
    assert acled_for("ASSAULT", "firearms", None, "military", ["armed_clash"])[1] == "Armed clash"
    # a clash with civilians named as the other side stays an attack on civilians
    assert acled_for("ASSAULT", "firearms", "civilians", "military", ["armed_clash"])[1] == "Attack"
    assert acled_for("ASSAULT", "firearms", None, "military")[1] == "Attack"
    assert acled_for("ASSAULT", "primitive", "police", "protesters", ["demonstration"])[1] == "Violent demonstration"
    assert acled_for("ASSAULT", "primitive", "police", "protesters")[1] == "Mob violence"
    assert acled_for("ASSAULT", "destroy", "civilians", None, ["mob"])[1] == "Mob violence"
    assert acled_for("ASSAULT", "destroy", "civilians", None)[1] == "Looting/property destruction"


def test_the_export_reads_event_and_incident_cues() -> None:
    event_json = {"id": "e1", "article_id": "a1", "event_type": "ASSAULT", "mode": "explosives", "status": "occurred",
                  "cues": [{"name": "grenade", "start": 18, "end": 25, "text": "grenade"}]}  # fmt: skip
    assert record_cues(event_json) == ("grenade",)
    assert flat_row(event_json, "events")["sub_event_type"] == "Grenade"
    assert flat_row({**event_json, "cues": []}, "events")["sub_event_type"] == "Remote explosive/landmine/IED"
    incident_json = {**event_json, "cues": ["grenade"], "sources": []}
    assert flat_row(incident_json, "incidents")["sub_event_type"] == "Grenade"


# --- the engine finds the cues, EN and ES --------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "cue", "cue_text", "sub_event"),
    [
        ("en", "Gunmen hurled a grenade at a police station in Uruapan on Monday.", "grenade", "grenade", "Grenade"),
        ("es", "Sujetos armados lanzaron una granada contra un bar de Celaya.", "grenade", "granada", "Grenade"),
        ("en", "Army troops recaptured the village of Tal Abyad from the militants on Sunday.",
         "territory_regained", "recaptured the village", "Government regains territory"),
        ("es", "El ejército retomó el municipio de Aguililla tras días de combates.",
         "territory_regained", "retomó el municipio", "Government regains territory"),
        ("en", "Al-Shabaab fighters captured the town of Bulo Burde on Tuesday.",
         "territory_taken", "captured the town", "Non-state actor overtakes territory"),
        ("es", "Hombres armados del cártel tomaron el poblado de El Salado.",
         "territory_taken", "tomaron el poblado", "Non-state actor overtakes territory"),
        ("en", "Separatist rebels took over the town of Kidal without a fight on Friday.",
         "territory_handover", "without a fight", "Non-violent transfer of territory"),
        ("es", "El ejército tomó el control de la zona sin combates el viernes.",
         "territory_handover", "sin combates", "Non-violent transfer of territory"),
        ("en", "The army established a military outpost near the border with Niger.",
         "base_established", "established a military outpost", "Headquarters or base established"),
        ("es", "El ejército estableció un campamento militar cerca de Tepalcatepec.",
         "base_established", "estableció un campamento", "Headquarters or base established"),
        ("en", "Soldiers fought off an ambush by gunmen on a highway near Culiacán.",
         "armed_clash", "fought", "Armed clash"),
        ("es", "Policías estatales y hombres armados se enfrentaron a balazos en Zitácuaro.",
         "armed_clash", "enfrentaron", "Armed clash"),
        ("en", "Protesters hurled stones at riot police during a march against the new mayor.",
         "demonstration", "Protesters", "Violent demonstration"),
        ("es", "Manifestantes golpearon a dos policías durante una protesta en Oaxaca.",
         "demonstration", "protesta", "Violent demonstration"),  # the sentence's first word is read as a name
        ("en", "Students stormed the governor's palace and looted offices during a protest in Chilpancingo.",
         "riot_acts", "stormed", "Violent demonstration"),
        ("es", "Normalistas saquearon comercios durante una protesta en Chilpancingo.",
         "riot_acts", "saquearon", "Violent demonstration"),
        ("en", "A mob beat and burned a suspected kidnapper in the main square of Ajalpan.",
         "mob", "mob", "Mob violence"),
        ("es", "Una turba golpeó y quemó a un presunto secuestrador en la plaza de Ajalpan.",
         "mob", "turba", "Mob violence"),
    ],
)  # fmt: skip
def test_the_engine_finds_each_cue_with_its_characters(engine: Pipeline, language: str, text: str, cue: str,
                                                      cue_text: str, sub_event: str) -> None:  # fmt: skip
    ev = _with_cue(engine, text, language, cue)
    found = next(c for c in ev.cues if c.name == cue)
    assert (found.text, text[found.start : found.end]) == (cue_text, cue_text)
    assert _sub_event(ev) == sub_event


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Two soldiers sexually abused a teenage girl at a checkpoint in Chiapas."),
        ("es", "Dos militares abusaron sexualmente de una joven en un retén de Chiapas."),
    ],
)
def test_abuse_with_its_means_named_is_sexual_violence(engine: Pipeline, language: str, text: str) -> None:
    assault = [e for e in _events(engine, text, language) if e.event_type == "ASSAULT"]
    assert assault and assault[0].mode == "sexual" and _sub_event(assault[0]) == "Sexual violence"


@pytest.mark.parametrize(
    ("language", "text", "cue"),
    [
        ("es", "Un hombre fue asesinado a balazos en Granada, Nicaragua.", "grenade"),  # a city, not a grenade
        ("en", "Police took control of the investigation after a man was shot dead in Tijuana.", "territory_taken"),
        ("es", "La Policía capturó a alias el Flaco, cabecilla del Clan del Golfo, en Montería.", "territory_taken"),
        ("en", "Gunmen opened fire on a family outside their house in Celaya.", "base_established"),
        ("en", "Riot police watched as thousands marched peacefully through Mexico City.", "riot_acts"),
    ],
)
def test_look_alikes_carry_no_cue(engine: Pipeline, language: str, text: str, cue: str) -> None:
    assert all(cue not in {c.name for c in e.cues} for e in _events(engine, text, language))


def test_a_pack_names_cue_scopes_it_knows(tmp_path: Path) -> None:
    from chronicler.errors import ChroniclerError
    from chronicler.extract.cues import cues_from_pack

    pack = load_pack("en")
    root = tmp_path / "en"
    root.mkdir()
    for name in pack.files.values():
        (root / name).write_bytes((pack.folder / name).read_bytes())
    (root / "pack.json").write_bytes((pack.folder / "pack.json").read_bytes())
    (root / "cues.json").write_text('{"cues": {"grenade": {"scope": "paragraph", "words": ["grenade"]}}}')
    with pytest.raises(ChroniclerError) as err:
        cues_from_pack(load_pack("en", folder=tmp_path))
    assert err.value.code == "E321"


def test_docs_show_every_row_with_its_actor_and_cue() -> None:
    docs = (Path(__file__).resolve().parents[1] / "docs" / "exports.md").read_text(encoding="utf-8")
    for r in crosswalk():
        if r.direction == "to_plover":
            continue
        cue = r.cue.replace("|", " or ") if r.cue else "–"
        assert f"| {r.acled_sub_event_type} |" in docs and f"| {r.actor.replace('|', ' or ')} | {cue} |" in docs, r


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Democrats took control of Congress after the midterm elections."),
        ("en", "Marines seized a cartel camp with three tonnes of cocaine in Sinaloa."),
        ("es", "Los militares tomaron el control de Pemex tras la huelga."),
    ],
)
def test_taking_a_name_or_a_camp_is_no_assault(engine: Pipeline, language: str, text: str) -> None:
    """A trigger reading needs a place: a proper name only counts as one where the sentence has
    an event of force already (the cue refines it), and a camp seized is a raid's seizure."""
    events = _events(engine, text, language)
    assert all(e.event_type != "ASSAULT" for e in events), [(e.event_type, e.trigger.text) for e in events]
    assert all("territory_taken" not in {c.name for c in e.cues} or e.event_type != "COERCE" for e in events)
