"""Issue 14, items 10 and 11: corrections' shape checked before storing; withdrawal; valid XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from chronicler.errors import ChroniclerError
from chronicler.incidents import update_incidents
from chronicler.serve import watch as W
from chronicler.serve.app import create_app
from chronicler.store import Store
from tests.test_corrections import correct
from tests.test_incidents import holding, raid_stories, save

TOKEN = "tok"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _nested(depth: int) -> dict[str, object]:
    value: dict[str, object] = {}
    for _ in range(depth):
        value = {"x": value}
    return value


@pytest.fixture
def raid(tmp_path: Path) -> tuple[str, str]:
    db = str(tmp_path / "c.sqlite")
    with Store(db) as store:
        stories = raid_stories()
        save(store, stories)
        update_incidents(store)
        return db, holding(store, stories[0][1][0].id).id


def test_a_deeply_nested_payload_is_refused_and_not_stored(raid: tuple[str, str]) -> None:
    db, incident_id = raid
    with TestClient(create_app(db, token=TOKEN)) as client:
        for payload in (_nested(900), {"field": "grade", "value": _nested(50)},
                        {"incident_ids": [_nested(10)]}, {"field": "summary", "value": "x" * 5000}):
            body = {"target_kind": "incident", "target_id": incident_id, "action": "edit" if "field" in payload
                    else "confirm", "payload": payload, "author": "ana"}  # fmt: skip
            response = client.post("/api/corrections", json=body, headers=AUTH)
            assert response.status_code == 422, response.text[:300]
            assert response.json()["error"]["code"] == "E404"
        assert client.get("/api/corrections").json() == []
        assert client.get(f"/api/incidents/{incident_id}").status_code == 200
        assert client.get(f"/incidents/{incident_id}").status_code == 200


def test_withdraw_undoes_a_correction_and_keeps_both_in_history(raid: tuple[str, str]) -> None:
    db, incident_id = raid
    with Store(db) as store:
        before = store.get_incident(incident_id)
        assert before is not None and before.grade != "discounted"
        (rejected,) = correct(store, incident_id, "reject", note="wrong story")
        assert rejected.grade == "discounted"
        first = store.corrections()[-1]
    result = CliRunner().invoke(__import__("chronicler.cli", fromlist=["app"]).app,
                                ["--db", db, "correct", "withdraw", str(first.id), "--author", "lead",
                                 "--note", "it was right"])  # fmt: skip
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        after = store.get_incident(incident_id)
        assert after is not None and after.grade == before.grade
        history = " | ".join(h.what for h in after.history)
        assert "withdrawn" in history and f"withdraw correction {first.id}" in history
        with pytest.raises(ChroniclerError) as again:
            correct(store, first.id or "", "withdraw", correction_id=first.id)
        assert again.value.code == "E404" and "already withdrawn" in again.value.message
        with pytest.raises(ChroniclerError) as missing:
            correct(store, "999", "withdraw", correction_id="999")
        assert missing.value.code == "E404"


def test_withdraw_over_the_api(raid: tuple[str, str]) -> None:
    db, incident_id = raid
    with TestClient(create_app(db, token=TOKEN)) as client:
        before = client.get(f"/api/incidents/{incident_id}").json()["incident"]["grade"]
        assert before != "weak"
        edit = {"target_kind": "incident", "target_id": incident_id, "action": "edit",
                "payload": {"field": "grade", "value": "weak"}, "author": "ana"}  # fmt: skip
        created = client.post("/api/corrections", json=edit, headers=AUTH)
        assert created.status_code == 201, created.text
        cid = created.json()["correction"]["id"]
        undo = {"target_kind": "incident", "target_id": cid, "action": "withdraw",
                "payload": {"correction_id": cid}, "author": "lead"}  # fmt: skip
        assert client.post("/api/corrections", json=undo, headers=AUTH).status_code == 201
        assert client.get(f"/api/incidents/{incident_id}").json()["incident"]["grade"] == before


def test_control_characters_never_make_the_atom_feed_invalid(raid: tuple[str, str]) -> None:
    db, incident_id = raid
    with Store(db) as store:
        W.save_watchlist(store, W.make_watchlist({"name": "all"}))
        W.run_watchlists(store, settings=W.NotifySettings())
        (edited,) = correct(store, incident_id, "edit", field="summary", value="Raid\x01 at\x1b[31m dawn\x0c")
        assert edited.summary == "Raid at[31m dawn"
        # even text stored before this check (here written directly) is cleaned on the way out
        W.run_watchlists(store, settings=W.NotifySettings())
        with store.engine.begin() as conn:
            conn.execute(W.t.watch_notifications.update().values(title="bad\x00\x08title\x1f"))
        body = W.atom_feed(store, "all")
    root = ET.fromstring(body)  # parses: valid XML
    titles = [e.text or "" for e in root.iter("{http://www.w3.org/2005/Atom}title")]
    assert any("badtitle" in t for t in titles)
