"""URL ingestion against a local HTTP server (never the internet): retries, limits, feeds."""

from __future__ import annotations

import contextlib
import threading
import time
import zlib
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from chronicler.store import Store
from tests.ingest_helpers import FIXTURES, article_text, page, run_ingest

# The test server is on loopback: these tests opt in, as a user with a local source would.
FAST = {"backoff": 0.01, "timeout": 2.0, "retries": 2, "allow_private_addresses": True}


class Server:
    """Routes -> (status, content type, body); counts hits and remembers user agents."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.agents: list[str] = []
        self.flaky_failures = 2
        self.feed = (FIXTURES / "feed.rss").read_bytes()

    def respond(self, path: str) -> tuple[int, str, bytes]:
        if path == "/article":
            return 200, "text/html; charset=utf-8", (FIXTURES / "article.html").read_bytes()
        if path == "/feed":
            return 200, "application/rss+xml", self.feed
        if path == "/feed-served-as-html":
            return 200, "text/html", self.feed
        if path == "/flaky":
            if self.hits[path] <= self.flaky_failures:
                return 503, "text/plain", b"busy"
            return 200, "text/html", page("Recovered", article_text(7)).encode()
        if path == "/down":
            return 500, "text/plain", b"error"
        if path == "/plain":
            return 200, "text/plain; charset=utf-8", article_text(3).encode()
        if path.startswith("/borderdesk/"):
            return 200, "text/html", page("Full story", article_text(zlib.crc32(path.encode()))).encode()
        return 404, "text/plain", b"not here"


@pytest.fixture
def server() -> Iterator[tuple[Server, str]]:
    state = Server()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            # The client may give up (timeout, size limit), as the tests intend.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._serve()

        def _serve(self) -> None:
            state.hits[self.path] += 1
            state.agents.append(self.headers.get("User-Agent", ""))
            if self.path == "/slow":
                time.sleep(1.5)
            if self.path == "/huge":
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()  # no Content-Length: the client must count
                for _ in range(64):
                    self.wfile.write(b"cartel " * 4096)
                return
            status, ctype, body = state.respond(self.path)
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Store]:
    with Store(str(tmp_path / "web.sqlite")) as store:
        yield store


def test_html_url_becomes_an_article_with_metadata(db: Store, server: tuple[Server, str]) -> None:
    state, base = server
    report = run_ingest(db, [f"{base}/article"], **FAST)
    assert report.ingested == 1, report.summary()
    [article] = db.iter_articles()
    assert article.origin.kind == "url" and article.title == "Guard units reach Sonora border crossings"
    assert article.outlet == "Frontera Wire"
    assert state.agents[0].startswith("chronicler/")


def test_plain_text_url(db: Store, server: tuple[Server, str]) -> None:
    _, base = server
    report = run_ingest(db, [f"{base}/plain"], **FAST)
    assert report.ingested == 1
    assert next(db.iter_articles()).text == article_text(3)


@pytest.mark.parametrize("route", ["/feed", "/feed-served-as-html"])
def test_feed_url_is_read_as_a_feed_and_only_new_items_on_repeat(
    db: Store, server: tuple[Server, str], route: str
) -> None:
    _, base = server
    first = run_ingest(db, [base + route], **FAST)
    assert first.ingested == 3, first.summary()
    assert {a.origin.kind for a in db.iter_articles()} == {"feed"}
    second = run_ingest(db, [base + route], **FAST)
    assert (second.ingested, second.seen) == (0, 3)


def test_feed_fetches_linked_pages_only_when_asked(db: Store, server: tuple[Server, str]) -> None:
    state, base = server
    state.feed = state.feed.replace(b"https://borderdesk.example/", f"{base}/borderdesk/".encode())
    run_ingest(db, [f"{base}/feed"], **FAST)
    assert not any(p.startswith("/borderdesk/") for p in state.hits)
    with Store(db.url.replace("web.sqlite", "web2.sqlite")) as other:
        report = run_ingest(other, [f"{base}/feed"], fetch_linked=True, **FAST)
        assert report.ingested == 3, report.summary()
        texts = [a.text for a in other.iter_articles()]
    assert sum(p.startswith("/borderdesk/") for p in state.hits) == 3
    assert all("Federal police detained" in t for t in texts)


def test_retries_with_backoff_then_succeeds(db: Store, server: tuple[Server, str]) -> None:
    state, base = server
    report = run_ingest(db, [f"{base}/flaky"], **FAST)
    assert report.ingested == 1, report.summary()
    assert state.hits["/flaky"] == 3


def test_server_errors_exhaust_retries_e106(db: Store, server: tuple[Server, str]) -> None:
    state, base = server
    report = run_ingest(db, [f"{base}/down", f"{base}/article"], **FAST)
    assert [r.spec.code for r in report.rejected] == ["E106"]
    assert "HTTP 500" in report.rejected[0].message() and "3 attempts" in report.rejected[0].message()
    assert state.hits["/down"] == 3 and report.ingested == 1


def test_client_errors_are_not_retried(db: Store, server: tuple[Server, str]) -> None:
    state, base = server
    report = run_ingest(db, [f"{base}/gone"], **FAST)
    assert [r.spec.code for r in report.rejected] == ["E106"] and "HTTP 404" in report.rejected[0].detail
    assert state.hits["/gone"] == 1


def test_timeout_is_a_rejection(db: Store, server: tuple[Server, str]) -> None:
    _, base = server
    started = time.monotonic()
    report = run_ingest(db, [f"{base}/slow"], backoff=0.01, timeout=0.3, retries=1, allow_private_addresses=True)
    assert [r.spec.code for r in report.rejected] == ["E106"]
    assert "Timeout" in report.rejected[0].detail
    assert time.monotonic() - started < 1.5


def test_oversized_body_is_refused_while_streaming(db: Store, server: tuple[Server, str]) -> None:
    _, base = server
    report = run_ingest(db, [f"{base}/huge"], max_bytes=100_000, **FAST)
    assert [r.spec.code for r in report.rejected] == ["E107"]


def test_unreachable_host_is_e106(db: Store) -> None:
    report = run_ingest(db, ["http://127.0.0.1:9/nothing"], **FAST)
    assert [r.spec.code for r in report.rejected] == ["E106"]
    assert "3 attempts" in report.rejected[0].detail
