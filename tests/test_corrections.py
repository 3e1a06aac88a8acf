"""Analysts' corrections: stored apart, applied on top of machine output, surviving re-processing."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chronicler.errors import ChroniclerError
from chronicler.incidents import (
    apply_correction,
    find_incident,
    incident_history,
    rebuild_incidents,
    update_incidents,
)
from chronicler.records import Correction, Incident
from chronicler.store import Store
from tests.test_incidents import (
    Story,
    all_stories,
    denial_stories,
    holding,
    incidents,
    other_attacks_same_day,
    raid_stories,
    save,
)


def correct(store: Store, target: str, action: str, author: str = "ana", note: str | None = None,
            kind: str = "incident", **payload: object) -> list[Incident]:  # fmt: skip
    return apply_correction(store, Correction(
        target_kind=kind, target_id=target, action=action, payload=payload,  # type: ignore[arg-type]
        author=author, note=note,
    ))  # fmt: skip


def reprocess(store: Store, stories: Sequence[Story], version: str) -> None:
    """What `process` does after a pipeline upgrade: same event ids, re-saved with the new version."""
    store.save_extraction(
        [(a.id, [e.model_copy(update={"pipeline_version": version}) for e in evs]) for a, evs in stories],
        version,
    )


def test_merge_made_before_reprocessing_is_applied_after(store: Store) -> None:
    stories = all_stories()
    save(store, stories)
    update_incidents(store)
    bar_event, _, patrol_event = (evs[0].id for _, evs in other_attacks_same_day())
    bar, patrol = holding(store, bar_event), holding(store, patrol_event)
    assert bar.id != patrol.id
    (merged,) = correct(store, bar.id, "merge", note="same cell, per state police", incident_ids=[patrol.id])
    assert set(merged.event_ids) == set(bar.event_ids) | set(patrol.event_ids)
    assert merged.corrected
    assert merged.history[-1].by == "ana" and "same cell" in merged.history[-1].what
    reprocess(store, stories, "test-2")
    assert "new/changed" in update_incidents(store)
    again = holding(store, bar_event)
    assert again.id == merged.id and again.event_ids == merged.event_ids
    assert again.pipeline_version == merged.pipeline_version
    assert any(h.by == "ana" for h in again.history)
    assert "regrouped by an analyst's correction (see history)" in again.merge_explanations
    # the former id still leads to the incident that holds its events
    assert find_incident(store, patrol.id).id == merged.id
    assert incident_history(store, patrol.id) == again.history


def test_split_and_edit_survive_a_full_rebuild(store: Store) -> None:
    stories = raid_stories()
    save(store, stories)
    update_incidents(store)
    relay_event = stories[2][1][0].id
    raid = holding(store, relay_event)
    correct(store, raid.id, "split", note="different house", split_event_ids=[relay_event])
    correct(store, raid.id, "edit", field="killed", value="3/4/6", author="ben")
    reprocess(store, stories, "test-2")
    rebuild_incidents(store)
    main, alone = holding(store, stories[0][1][0].id), holding(store, relay_event)
    assert main.id != alone.id and alone.event_ids == [relay_event]
    assert main.toll.killed is not None
    assert (main.toll.killed.low, main.toll.killed.best, main.toll.killed.high) == (3, 4, 6)
    assert [h.by for h in main.history if h.by != "pipeline"] == ["ana", "ben"]
    assert any(h.by == "ana" and "split" in h.what for h in alone.history)


def test_reject_and_confirm_incidents_and_events(store: Store) -> None:
    stories = raid_stories() + denial_stories()
    save(store, stories)
    update_incidents(store)
    checkpoint = holding(store, stories[3][1][0].id)
    (rejected,) = correct(store, checkpoint.id, "reject", note="video shows no checkpoint")
    assert rejected.grade == "discounted" and "rejected" in rejected.flags
    assert "video shows no checkpoint" in rejected.grade_reason
    (confirmed,) = correct(store, rejected.id, "confirm", author="carla")
    assert confirmed.grade == "confirmed" and "carla" in confirmed.grade_reason  # last word wins
    second_mention = stories[0][1][1].id
    correct(store, second_mention, "reject", kind="event", note="describes an older raid")
    raid = holding(store, stories[0][1][0].id)
    assert second_mention not in raid.event_ids
    assert raid.toll.injured is None  # only the rejected mention gave the wounded
    assert any("reject event" in h.what for h in raid.history)
    update_incidents(store)  # a rejected event stays out and does not count as new forever
    assert update_incidents(store).startswith("up to date")


def test_event_edit_feeds_the_merge(store: Store) -> None:
    stories = other_attacks_same_day()
    save(store, stories)
    update_incidents(store)
    patrol_event = stories[2][1][0].id
    (moved,) = correct(store, patrol_event, "merge", kind="event", into_incident=holding(store, stories[0][1][0].id).id)
    assert patrol_event in moved.event_ids
    (edited,) = correct(store, patrol_event, "edit", kind="event", field="event_type", value="COERCE")
    assert edited.event_type == "ASSAULT"  # two ASSAULT claims outvote one COERCE
    assert patrol_event in edited.event_ids


def test_bad_corrections_are_refused_and_nothing_is_stored(store: Store) -> None:
    stories = raid_stories()
    save(store, stories)
    update_incidents(store)
    raid = holding(store, stories[0][1][0].id)
    cases = [
        ({"field": "colour", "value": "red"}, "edit", "E404"),
        ({"field": "grade", "value": "certain"}, "edit", "E404"),
        ({"field": "date", "value": "12 March"}, "edit", "E404"),
        ({"split_event_ids": ["nope"]}, "split", "E404"),
        ({"split_event_ids": raid.event_ids}, "split", "E404"),
        ({}, "merge", "E404"),
    ]
    for payload, action, code in cases:
        with pytest.raises(ChroniclerError) as caught:
            correct(store, raid.id, action, **payload)
        assert caught.value.code == code, payload
    with pytest.raises(ChroniclerError) as missing:
        correct(store, "inc-0000000000000000", "confirm")
    assert missing.value.code == "E402"
    assert store.corrections() == []
    assert holding(store, stories[0][1][0].id) == raid


def test_cli_correct_and_history(tmp_path: Path) -> None:
    from chronicler.cli import app

    db = str(tmp_path / "cli.sqlite")
    stories = other_attacks_same_day()
    with Store(db) as store:
        save(store, stories)
        update_incidents(store)
        bar = holding(store, stories[0][1][0].id)
        patrol = holding(store, stories[2][1][0].id)
    runner = CliRunner()
    merged = runner.invoke(app, ["--db", db, "correct", "merge", bar.id, patrol.id, "--author", "ana",
                                 "--note", "one attack", "--json"])  # fmt: skip
    assert merged.exit_code == 0, merged.output
    shown = runner.invoke(app, ["--db", db, "history", patrol.id])
    assert shown.exit_code == 0, shown.output
    assert "ana" in shown.output and "one attack" in shown.output and "report 1" in shown.output
    edited = runner.invoke(app, ["--db", db, "correct", "edit", bar.id, "--field", "grade",
                                 "--value", "fair", "--author", "ben"])  # fmt: skip
    assert edited.exit_code == 0, edited.output
    with Store(db) as store:
        (only,) = incidents(store)
        assert only.grade == "fair" and only.grade_reason.startswith("fair: set by analyst ben")
        assert [c.author for c in store.corrections()] == ["ana", "ben"]
    rebuilt = runner.invoke(app, ["--db", db, "merge-incidents", "--rebuild"])
    assert rebuilt.exit_code == 0 and "incidents:" in rebuilt.output
    shown_incident = runner.invoke(app, ["--db", db, "incident", patrol.id])  # a former id is followed
    assert shown_incident.exit_code == 0, shown_incident.output
    assert "conflicting_places" in shown_incident.output and "merged:" in shown_incident.output
    refused = runner.invoke(app, ["--db", db, "correct", "edit", bar.id, "--field", "colour",
                                  "--value", "red", "--author", "ben"])  # fmt: skip
    assert isinstance(refused.exception, ChroniclerError) and refused.exception.code == "E404"
