"""Issue 14, items 4, 9, 16: body caps before auth, NUL in paths, security headers, base URL."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

from chronicler.serve import watch as W
from chronicler.serve.app import create_app
from chronicler.store import Store
from tests.test_export import make_incident

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[str, list[int]]]:
    """A real uvicorn server, so that bodies really stream over a socket."""
    db = str(tmp_path / "serve.sqlite")
    with Store(db) as store:
        store.replace_incidents([make_incident(0)])
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db, token=TOKEN, max_body_bytes=64 * 1024),
                                           host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", []
    finally:
        server.should_exit = True
        thread.join(10)


def _stream(size: int, chunk: int = 64 * 1024) -> Iterator[bytes]:
    yield b'{"target_kind": "incident", "target_id": "x", "note": "'
    sent = 0
    while sent < size:
        yield b"a" * chunk
        sent += chunk
    yield b'"}'


def test_a_huge_body_without_a_token_is_refused_before_it_is_read(live: tuple[str, list[int]]) -> None:
    base, _ = live
    started = time.monotonic()
    with httpx.Client(timeout=10) as client:
        # 300 MB announced: refused from the headers (401 first: no token)
        response = client.post(f"{base}/api/corrections", content=_stream(300_000_000),
                               headers={"Content-Type": "application/json"})
    assert response.status_code == 401
    assert time.monotonic() - started < 5  # 300 MB were not uploaded and parsed


def test_a_huge_body_with_a_token_gets_413(live: tuple[str, list[int]]) -> None:
    base, _ = live
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as raw:  # a 300 MB announcement, 2 bytes sent
        raw.sendall(f"POST /api/corrections HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n"
                    "Content-Type: application/json\r\nContent-Length: 300000000\r\n\r\n{}".encode())
        announced = b""
        while b"E405" not in announced and (chunk := raw.recv(65536)):
            announced += chunk
    assert announced.startswith(b"HTTP/1.1 413") and b"E405" in announced
    with httpx.Client(timeout=10) as client:
        chunked = client.post(f"{base}/api/corrections", content=_stream(2_000_000),
                              headers={**AUTH, "Content-Type": "application/json"})
        small = client.post(f"{base}/api/corrections", headers=AUTH,
                            json={"target_kind": "incident", "target_id": "inc00000000", "action": "confirm",
                                  "author": "ana"})  # fmt: skip
    assert chunked.status_code == 413 and "E405" in chunked.text
    assert small.status_code == 201, small.text


def test_security_headers_on_pages_api_and_errors(tmp_path: Path) -> None:
    db = str(tmp_path / "h.sqlite")
    with TestClient(create_app(db, token=TOKEN)) as client:
        for path in ("/", "/api/incidents", "/api/incidents/nope", "/static/app.css"):
            headers = client.get(path).headers
            assert headers["x-content-type-options"] == "nosniff", path
            assert headers["x-frame-options"] == "DENY"
            csp = headers["content-security-policy"]
            assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
            assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";", 1)[0]
        assert "nosniff" in client.post("/api/corrections", json={}).headers["x-content-type-options"]


def test_atom_links_come_from_the_configured_base_url_not_the_host_header(tmp_path: Path) -> None:
    db = str(tmp_path / "a.sqlite")
    with Store(db) as store:
        store.replace_incidents([make_incident(0)])
        W.save_watchlist(store, W.make_watchlist({"name": "all"}))
        W.run_watchlists(store, settings=W.NotifySettings())
    evil = {"Host": "evil.example"}
    with TestClient(create_app(db, base_url="https://news.example.org/")) as client:
        body = client.get("/feeds/all.atom", headers=evil).text
    assert "evil.example" not in body and 'href="https://news.example.org/incidents/' in body
    with TestClient(create_app(db, base_url="")) as client:
        body = client.get("/feeds/all.atom", headers=evil).text
    assert "evil.example" not in body and 'href="/incidents/' in body
