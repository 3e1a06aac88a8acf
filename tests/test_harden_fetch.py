"""Issue 14, items 5 and 6: fetches never reach inward addresses unasked, and always end."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from chronicler.ingest.netguard import why_host_refused, why_not_public
from chronicler.store import Store
from tests.ingest_helpers import article_text, page, run_ingest


class Routes(BaseHTTPRequestHandler):
    other = ""  # where /redirect points

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._serve()

    def _serve(self) -> None:
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", self.other)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/admin":
            body = page("Internal admin", "SECRET internal admin console. " + article_text(1)).encode()
            self._send(body, "text/html")
        elif self.path == "/feed":
            link = self.other
            body = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item>'
                    f'<title>Story</title><guid>1</guid><link>{link}</link>'
                    f'<description>{article_text(2)}</description></item></channel></rss>').encode()
            self._send(body, "application/rss+xml")
        elif self.path == "/trickle-body":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(600):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.1)
        elif self.path == "/trickle-headers":
            for byte in b"HTTP/1.1 200 OK\r\nX-Padding: " + b"a" * 600:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.1)

    def _send(self, body: bytes, ctype: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def base() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Routes)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Store]:
    with Store(str(tmp_path / "db.sqlite")) as store:
        yield store


FAST = {"backoff": 0.01, "timeout": 2.0, "retries": 0}


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "192.168.0.1", "172.16.0.1", "169.254.169.254",
                                     "100.100.100.200", "0.0.0.0", "::1", "fd00:ec2::254", "fe80::1",
                                     "::ffff:127.0.0.1", "224.0.0.1"])
def test_inward_addresses_are_named_as_such(address: str) -> None:
    assert why_not_public(address) is not None


def test_public_addresses_and_names_pass() -> None:
    assert why_not_public("8.8.8.8") is None and why_not_public("2606:4700::1111") is None
    assert why_host_refused("hooks.example.com") is None
    assert why_host_refused("localhost") and why_host_refused("[::1]") and why_host_refused("LOCALHOST.")


def test_loopback_url_is_refused_unless_allowed(db: Store, base: str) -> None:
    report = run_ingest(db, [f"http://{base}/admin"], **FAST)
    assert [r.spec.code for r in report.rejected] == ["E116"] and report.ingested == 0
    assert "127.0.0.1 is loopback" in report.rejected[0].detail
    allowed = run_ingest(db, [f"http://{base}/admin"], allow_private_addresses=True, **FAST)
    assert allowed.ingested == 1


def test_a_name_resolving_inward_is_refused_after_dns(db: Store, base: str) -> None:
    name = socket.gethostname()
    try:
        resolved = {info[4][0] for info in socket.getaddrinfo(name, 80)}
    except OSError:
        pytest.skip("the host name does not resolve here")
    if not any(why_not_public(a) for a in resolved) or why_host_refused(name):
        pytest.skip("the host name resolves to a public address here")
    port = base.rsplit(":", 1)[1]
    report = run_ingest(db, [f"http://{name}:{port}/admin"], **FAST)
    assert [r.spec.code for r in report.rejected] == ["E116"]
    assert f"{name} resolves to" in report.rejected[0].detail


def test_every_redirect_hop_is_checked(db: Store, base: str) -> None:
    """A trusted host redirecting inward: the second hop is refused."""
    port = base.rsplit(":", 1)[1]
    Routes.other = f"http://localhost:{port}/admin"
    report = run_ingest(db, [f"http://{base}/redirect"], allowed_hosts=(base,), **FAST)
    assert [r.spec.code for r in report.rejected] == ["E116"], report.summary()
    assert "localhost" in report.rejected[0].detail
    Routes.other = f"http://{base}/admin"  # to the trusted host itself: followed
    assert run_ingest(db, [f"http://{base}/redirect"], allowed_hosts=(base,), **FAST).ingested == 1


def test_fetch_links_never_reaches_an_internal_page(db: Store, base: str) -> None:
    port = base.rsplit(":", 1)[1]
    Routes.other = f"http://localhost:{port}/admin"
    report = run_ingest(db, [f"http://{base}/feed"], allowed_hosts=(base,), fetch_linked=True, **FAST)
    assert "E116" in {r.spec.code for r in report.rejected}
    assert not any("SECRET" in a.text for a in db.iter_articles())
    assert report.ingested == 1  # the item still comes in, from the feed's own summary


@pytest.mark.parametrize("route", ["/trickle-body", "/trickle-headers"])
def test_a_trickling_server_is_cut_off_at_the_deadline(db: Store, base: str, route: str) -> None:
    started = time.monotonic()
    report = run_ingest(db, [f"http://{base}{route}"], allow_private_addresses=True, deadline=1.5,
                        backoff=0.01, timeout=1.0, retries=3)
    elapsed = time.monotonic() - started
    assert [r.spec.code for r in report.rejected] == ["E106"], report.summary()
    assert "deadline" in report.rejected[0].detail
    assert elapsed < 4.0  # the per-read timeout alone would let it run for a minute
