"""Watchlists against a real local HTTP receiver and a real local SMTP server."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import feedparser
import pytest

from chronicler.errors import ChroniclerError
from chronicler.records import Count, HistoryEntry, Toll
from chronicler.serve import watch as W
from chronicler.store import Store
from tests.test_export import make_incident


@pytest.fixture(autouse=True)
def _local_receivers(monkeypatch: pytest.MonkeyPatch) -> None:
    """The receivers here listen on loopback: these tests opt in, as an operator with a local hook would."""
    monkeypatch.setenv("CHRONICLER_ALLOW_PRIVATE_ADDRESSES", "1")


FAST = {"webhook_retries": 3, "webhook_backoff_s": 0.01, "webhook_timeout_s": 5.0}


class Receiver:
    """A local webhook endpoint: answers with the queued statuses first, then 200."""

    def __init__(self) -> None:
        self.bodies: list[dict[str, Any]] = []
        self.statuses: list[int] = []
        self.attempts = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.attempts += 1
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                if status == 200:
                    receiver.bodies.append(json.loads(body))
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd hook
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[Mailbox, W.SmtpSettings]]:
    from aiosmtpd.controller import Controller

    mailbox = Mailbox()
    port = _free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, W.SmtpSettings(host="127.0.0.1", port=port, sender="watch@chronicler.test")
    finally:
        controller.stop()


def test_new_changed_and_unchanged_incidents(store: Store, receiver: Receiver, smtp: Any) -> None:
    mailbox, smtp_settings = smtp
    settings = W.NotifySettings(smtp=smtp_settings, base_url="http://dash.test", **FAST)
    W.save_watchlist(store, W.make_watchlist({
        "name": "sinaloa-police", "filters": {"country": "MEX", "event_type": "ASSAULT", "grade": "confirmed"},
        "webhooks": [receiver.url], "emails": ["desk@newsroom.test"],
    }))  # fmt: skip
    a, b, other = make_incident(0), make_incident(3), make_incident(1)  # `other` is graded fair
    store.replace_incidents([a, b, other])

    report = W.run_watchlists(store, settings=settings)
    assert report.ok and (report.results[0].new, report.results[0].changed) == (2, 0)
    assert [c["incident_id"] for c in receiver.bodies[0]["changes"]] == [a.id, b.id]
    assert {c["change"] for c in receiver.bodies[0]["changes"]} == {"new"}
    assert len(mailbox.messages) == 1
    mail = mailbox.messages[0]
    assert mail["To"] == "desk@newsroom.test" and "2 new, 0 changed" in mail["Subject"]
    assert f"http://dash.test/incidents/{a.id}" in mail.get_payload()

    # Nothing changed: nothing is sent. History-only changes do not count either.
    store.replace_incidents([a.model_copy(update={"history": [HistoryEntry(at=a.first_reported_at, what="re-merged")]})])
    report = W.run_watchlists(store, settings=settings)
    assert (report.results[0].unchanged, report.results[0].new, report.results[0].changed) == (2, 0, 0)
    assert len(receiver.bodies) == 1 and len(mailbox.messages) == 1

    # A revised toll is a change; a new matching incident is new.
    revised = a.model_copy(update={"toll": Toll(killed=Count(low=3, best=4, high=6))})
    store.replace_incidents([revised, make_incident(6)])
    report = W.run_watchlists(store, settings=settings)
    assert (report.results[0].new, report.results[0].changed, report.results[0].unchanged) == (1, 1, 1)
    kinds = {c["incident_id"]: c["change"] for c in receiver.bodies[1]["changes"]}
    assert kinds == {a.id: "changed", make_incident(6).id: "new"}
    assert receiver.bodies[1]["changes"][0]["incident"]["toll"]["killed"]["best"] == 4
    assert "1 new, 1 changed" in mailbox.messages[1]["Subject"]


def test_webhook_retries_until_the_receiver_recovers(tmp_path: Path, receiver: Receiver) -> None:
    store = Store(str(tmp_path / "w.sqlite"))
    store.replace_incidents([make_incident(0)])
    W.save_watchlist(store, W.make_watchlist({"name": "all", "webhooks": [receiver.url], "atom": False}))
    receiver.statuses = [503, 500]  # fails twice, then succeeds
    report = W.run_watchlists(store, settings=W.NotifySettings(**FAST))
    assert report.ok and receiver.attempts == 3 and len(receiver.bodies) == 1
    assert report.results[0].delivered == [receiver.url]


def test_failed_delivery_is_reported_and_retried_next_round(tmp_path: Path, receiver: Receiver) -> None:
    store = Store(str(tmp_path / "w.sqlite"))
    store.replace_incidents([make_incident(0), make_incident(3)])
    W.save_watchlist(store, W.make_watchlist({"name": "all", "webhooks": [receiver.url]}))
    receiver.statuses = [500] * 4  # every attempt of this round fails
    report = W.run_watchlists(store, settings=W.NotifySettings(**FAST))
    assert not report.ok and receiver.attempts == 4 and receiver.bodies == []
    assert "HTTP 500 after 4 attempt(s)" in report.results[0].failures[0]
    # A receiver that refuses the payload (4xx) is not retried within the round.
    receiver.statuses = [410]
    report = W.run_watchlists(store, settings=W.NotifySettings(**FAST))
    assert not report.ok and receiver.attempts == 5

    report = W.run_watchlists(store, settings=W.NotifySettings(**FAST))  # receiver is back
    assert report.ok and report.results[0].new == 2  # still "new": never marked as notified
    assert len(receiver.bodies) == 1 and len(receiver.bodies[0]["changes"]) == 2
    # The Atom log was written once per incident version, despite three rounds.
    assert len(W.notifications(store, "all")) == 2
    assert W.run_watchlists(store, settings=W.NotifySettings(**FAST)).results[0].unchanged == 2


def test_unreachable_webhook_and_missing_smtp_are_not_fatal(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "w.sqlite"))
    store.replace_incidents([make_incident(0)])
    W.save_watchlist(store, W.make_watchlist({
        "name": "x", "webhooks": [f"http://127.0.0.1:{_free_port()}/gone"], "emails": ["a@b.test"],
    }))  # fmt: skip
    report = W.run_watchlists(store, settings=W.NotifySettings(webhook_retries=1, webhook_backoff_s=0.01))
    failures = report.results[0].failures
    assert len(failures) == 2 and "ConnectError" in failures[0] and "CHRONICLER_SMTP_HOST" in failures[1]


def test_atom_feed_parses_and_lists_notifications(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from chronicler.serve.app import create_app

    db = str(tmp_path / "feed.sqlite")
    with Store(db) as store:
        W.save_watchlist(store, W.make_watchlist({"name": "mx.assaults", "filters": {"country": "MEX"}}))
        store.replace_incidents([make_incident(0), make_incident(1)])
        W.run_watchlists(store, settings=W.NotifySettings())
        store.replace_incidents([make_incident(0, status="contested")])
        W.run_watchlists(store, settings=W.NotifySettings())
    with TestClient(create_app(db)) as client:
        response = client.get("/feeds/mx.assaults.atom")
        assert response.status_code == 200 and "atom+xml" in response.headers["content-type"]
        feed = feedparser.parse(response.content)
        assert not feed.bozo and feed.feed.title == "chronicler watchlist: mx.assaults"
        titles = [e.title for e in feed.entries]
        assert len(titles) == 3 and titles[0].startswith("changed: ASSAULT/drone") and "contested" in titles[0]
        assert len({e.id for e in feed.entries}) == 3
        assert feed.entries[0].link.endswith("/incidents/inc00000000")
        assert client.get("/feeds/nobody.atom").status_code == 404


def test_watchlist_validation_and_files(tmp_path: Path) -> None:
    for bad in (
        {"name": "has space"},
        {"name": "x", "filters": {"colour": "red"}},
        {"name": "x", "filters": {"country": "Mexico"}},
        {"name": "x", "webhooks": ["ftp://example.test/x"]},
        {"name": "x", "emails": ["not-an-address"]},
    ):
        with pytest.raises(ChroniclerError, match=r"E4\d\d"):
            W.make_watchlist(bad)
    toml = tmp_path / "w.toml"
    toml.write_text('[[watchlist]]\nname = "drones"\nfilters = { event_type = "ASSAULT", mode = "drone" }\n'
                    'webhooks = ["https://hooks.example.test/x"]\n')  # fmt: skip
    (tmp_path / "w.json").write_text(json.dumps({"watchlists": [{"name": "arrests", "filters": {"mode": "arrest"}}]}))
    assert [w.name for w in W.load_watchlist_file(toml)] == ["drones"]
    assert W.load_watchlist_file(tmp_path / "w.json")[0].filters == {"mode": "arrest"}
    (tmp_path / "bad.toml").write_text("[[watchlist]\nname=")
    with pytest.raises(ChroniclerError, match="E420"):
        W.load_watchlist_file(tmp_path / "bad.toml")
    assert W.parse_filter_options(["country=MEX", "actor=Cártel de Sinaloa"]) == {
        "country": "MEX", "actor": "Cártel de Sinaloa"}  # fmt: skip
    assert W.parse_interval("15m") == 900 and W.parse_interval("90s") == 90 and W.parse_interval("1h") == 3600
    with pytest.raises(ChroniclerError, match="E403"):
        W.parse_interval("soon")


def test_watchlist_api_needs_the_token_for_writes(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from chronicler.serve.app import create_app

    db = str(tmp_path / "api.sqlite")
    body = {"name": "mx", "filters": {"country": "MEX"}, "webhooks": ["https://hooks.example.test/s3cr3t"],
            "emails": ["analyst@desk.test"]}  # fmt: skip
    with TestClient(create_app(db, token=None)) as client:
        assert client.post("/api/watchlists", json=body).status_code == 403  # writes off without a token
    with TestClient(create_app(db, token="tok")) as client:
        auth = {"Authorization": "Bearer tok"}
        assert client.post("/api/watchlists", json=body).status_code == 401
        assert client.post("/api/watchlists", json=body, headers={"Authorization": "Bearer nope"}).status_code == 401
        created = client.post("/api/watchlists", json=body, headers=auth)
        assert created.status_code == 201 and created.json()["feed"] == "/feeds/mx.atom"
        bad = client.post("/api/watchlists", json={**body, "filters": {"grade": "excellent"}}, headers=auth)
        assert bad.status_code == 422 and bad.json()["error"]["code"] == "E401"
        public = client.get("/api/watchlists").json()
        assert public[0]["webhooks"] == ["https://hooks.example.test/…"] and public[0]["emails"] == ["a***@desk.test"]
        assert client.get("/api/watchlists", headers=auth).json()[0]["webhooks"] == body["webhooks"]
        assert client.get("/api/watchlists/mx").json()["filters"] == {"country": "MEX"}
        assert client.delete("/api/watchlists/mx").status_code == 401
        assert client.delete("/api/watchlists/mx", headers=auth).status_code == 204
        assert client.delete("/api/watchlists/mx", headers=auth).status_code == 404
        assert client.get("/api/watchlists/mx").status_code == 404


def test_watch_cli_round_trip(tmp_path: Path, receiver: Receiver) -> None:
    from typer.testing import CliRunner

    from chronicler.cli import app

    db = str(tmp_path / "cli.sqlite")
    with Store(db) as store:
        store.replace_incidents([make_incident(0), make_incident(1)])
    runner = CliRunner()
    result = runner.invoke(app, ["--db", db, "watchlist", "add", "drones", "--filter", "mode=drone",
                                 "--webhook", receiver.url])  # fmt: skip
    assert result.exit_code == 0, result.output
    listing = runner.invoke(app, ["--db", db, "watchlist", "list", "--json"])
    assert json.loads(listing.stdout)["filters"] == {"mode": "drone"}
    result = runner.invoke(app, ["--db", db, "watch", "--once"])
    assert result.exit_code == 0, result.output
    assert "drones: 1 new" in result.output and len(receiver.bodies) == 1
    bad = runner.invoke(app, ["--db", db, "watchlist", "add", "x", "--filter", "countryMEX"])
    assert bad.exit_code != 0
    assert runner.invoke(app, ["--db", db, "watchlist", "remove", "drones"]).exit_code == 0
    assert runner.invoke(app, ["--db", db, "watchlist", "remove", "drones"]).exit_code != 0


def test_migrations_have_one_head() -> None:
    """0003 (watch notifications) revises 0001; a later 0002 must slot in without a second head."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from chronicler.store.db import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    heads = ScriptDirectory.from_config(config).get_heads()
    assert len(heads) == 1, f"several migration heads {heads}: chain the newest revision after the others"


def test_from_now_announces_only_later_news(tmp_path: Path, receiver: Receiver) -> None:
    from typer.testing import CliRunner

    from chronicler.cli import app

    db = str(tmp_path / "now.sqlite")
    with Store(db) as store:
        store.replace_incidents([make_incident(n) for n in range(5)])
    result = CliRunner().invoke(app, ["--db", db, "watchlist", "add", "later", "--from-now", "--webhook", receiver.url])
    assert result.exit_code == 0 and "5 current match(es) marked as seen" in result.output
    with Store(db) as store:
        store.replace_incidents([make_incident(1, grade="contested"), make_incident(7)])
        report = W.run_watchlists(store, settings=W.NotifySettings(**FAST))
    assert (report.results[0].new, report.results[0].changed, report.results[0].unchanged) == (1, 1, 4)
    assert len(receiver.bodies) == 1 and len(receiver.bodies[0]["changes"]) == 2
