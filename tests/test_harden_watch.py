"""Issue 14, items 5-7 for webhooks: no inward targets unasked, a delivery deadline, masked secrets."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from chronicler.errors import ChroniclerError
from chronicler.serve import watch as W
from chronicler.store import Store
from tests.test_export import make_incident
from tests.test_watch import Receiver

SECRET_HOOK = "https://alice:SuperSecretPw@hooks.example.test/services/T0/B0?token=abc123&x=1"


@pytest.fixture(autouse=True)
def _no_opt_in(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CHRONICLER_ALLOW_PRIVATE_ADDRESSES", raising=False)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


@pytest.mark.parametrize("url", ["http://169.254.169.254/latest/meta-data/", "http://localhost:6379/",
                                 "http://[::1]:8080/hook", "http://10.0.0.7/hook", "http://127.0.0.1:9/x",
                                 "http://redis.internal/x"])
def test_inward_webhooks_are_refused_when_saved(url: str) -> None:
    with pytest.raises(ChroniclerError) as info:
        W.make_watchlist({"name": "x", "webhooks": [url]})
    assert info.value.code == "E420" and "inward" in info.value.message
    assert W.make_watchlist({"name": "x", "webhooks": [url]}, allow_private_addresses=True).webhooks == [url]


def test_inward_webhook_is_refused_at_delivery_too(tmp_path: Path, receiver: Receiver) -> None:
    """A target saved while allowed (or through DNS that changed) is checked again when posting."""
    with Store(str(tmp_path / "w.sqlite")) as store:
        store.replace_incidents([make_incident(0)])
        W.save_watchlist(store, W.make_watchlist({"name": "all", "webhooks": [receiver.url], "atom": False},
                                                 allow_private_addresses=True))  # fmt: skip
        report = W.run_watchlists(store, settings=W.NotifySettings(webhook_retries=2, webhook_backoff_s=0.01))
        assert not report.ok and receiver.attempts == 0
        assert "E116" in report.results[0].failures[0] and "loopback" in report.results[0].failures[0]
        allowed = W.NotifySettings(webhook_retries=0, allow_private_addresses=True)
        assert W.run_watchlists(store, settings=allowed).ok and receiver.attempts == 1


class _Trickle(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.rfile.read(int(self.headers["Content-Length"]))
            for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 1000:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.1)

    def log_message(self, *args: Any) -> None:
        pass


def test_a_trickling_receiver_is_cut_off_at_the_delivery_deadline(tmp_path: Path) -> None:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Trickle)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/hook"
    try:
        with Store(str(tmp_path / "w.sqlite")) as store:
            store.replace_incidents([make_incident(0)])
            W.save_watchlist(store, W.make_watchlist({"name": "all", "webhooks": [url], "atom": False},
                                                     allow_private_addresses=True))  # fmt: skip
            settings = W.NotifySettings(webhook_retries=3, webhook_backoff_s=0.01, webhook_timeout_s=1.0,
                                        webhook_deadline_s=1.5, allow_private_addresses=True)
            started = time.monotonic()
            report = W.run_watchlists(store, settings=settings)
            assert time.monotonic() - started < 4.0
            assert not report.ok and "deadline" in report.results[0].failures[0]
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_webhook_credentials_are_masked_in_listings_and_logs(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient
    from typer.testing import CliRunner

    from chronicler.cli import app
    from chronicler.serve.app import create_app

    db = str(tmp_path / "w.sqlite")
    watchlist = W.make_watchlist({"name": "mx", "webhooks": [SECRET_HOOK]})
    assert W.redact_url(SECRET_HOOK) == "https://***@hooks.example.test/services/T0/B0?token=***&x=***"
    with Store(db) as store:
        W.save_watchlist(store, watchlist)
    with TestClient(create_app(db, token="tok")) as client:
        public = client.get("/api/watchlists").text + client.get("/api/watchlists/mx").text
        assert "SuperSecretPw" not in public and "alice" not in public and "abc123" not in public
    runner = CliRunner()
    for args in (["watchlist", "list"], ["watchlist", "list", "--json"]):
        out = runner.invoke(app, ["--db", db, *args])
        assert out.exit_code == 0, out.output
        assert "SuperSecretPw" not in out.output and "abc123" not in out.output and "hooks.example.test" in out.output
    revealed = runner.invoke(app, ["--db", db, "watchlist", "list", "--json", "--reveal"])
    assert "SuperSecretPw" in revealed.output
    # a failed delivery names the hook without its secrets (the name does not resolve here)
    problem = W.post_webhook(__import__("httpx").Client(), SECRET_HOOK, {}, W.NotifySettings(webhook_retries=0))
    assert problem is not None and "SuperSecretPw" not in problem and "abc123" not in problem
