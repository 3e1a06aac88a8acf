"""The server's outer guard: body caps, the token before the body, security headers.

A pure ASGI middleware, so it runs before FastAPI reads and parses a body:
an anonymous client can make the server hold at most `max_body_bytes` of a
request, and only a token holder gets even that far on a write.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import re
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from starlette.exceptions import HTTPException

from chronicler.errors import E

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
TEMPLATES = Path(__file__).parent / "templates"


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value.isdigit() else default


class RequestGuard:
    def __init__(self, app: ASGIApp, max_body_bytes: int, token: Callable[[], str | None]) -> None:
        self.app, self.max_body_bytes, self.token = app, max_body_bytes, token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # No id, name or filter holds a NUL, and PostgreSQL cannot even compare one.
        if "\x00" in scope.get("path", ""):
            spec = E.NOT_FOUND_ID
            await _json(send, 404, {"error": {"code": spec.code, "message": "no record has an id with a NUL character",
                                              "fix": "check the id"}})  # fmt: skip
            return
        bad = _nul_parameters(bytes(scope.get("query_string", b"")))
        if bad:
            spec = E.BAD_FILTER
            await _json(send, 422, {"error": {"code": spec.code, "fix": spec.fix,
                                              "message": f"bad request: {', '.join(bad)}: NUL character"}})
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        if scope["method"] in WRITE_METHODS:
            refusal = self._auth_refusal(headers.get("authorization", ""))
            if refusal is not None:
                await _json(send, *refusal)
                return
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body_bytes:
            await _json(send, 413, self._too_large())
            return

        async def counted_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                counted_receive.total += len(message.get("body", b""))  # type: ignore[attr-defined]
                if counted_receive.total > self.max_body_bytes:  # type: ignore[attr-defined]
                    # A chunked body that never announced its size. FastAPI passes an
                    # HTTPException from the body read through to the error handlers.
                    spec = E.BODY_TOO_LARGE
                    raise HTTPException(413, detail=f"[{spec.code}] {spec.format(limit=self.max_body_bytes)} — {spec.fix}")
            return message

        counted_receive.total = 0  # type: ignore[attr-defined]

        async def headed_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + security_headers()
            await send(message)

        await self.app(scope, counted_receive, headed_send)

    def _auth_refusal(self, authorization: str) -> tuple[int, dict[str, Any], list[tuple[bytes, bytes]]] | None:
        expected = self.token()
        if not expected:
            return 403, {"detail": "writes are disabled: start the server with --token or CHRONICLER_TOKEN"}, []
        scheme, _, given = authorization.partition(" ")
        if scheme.lower() != "bearer" or not secrets.compare_digest(given.strip().encode(), expected.encode()):
            return (401, {"detail": "missing or wrong token: send 'Authorization: Bearer <token>'"},
                    [(b"www-authenticate", b"Bearer")])  # fmt: skip
        return None

    def _too_large(self) -> dict[str, Any]:
        spec = E.BODY_TOO_LARGE
        return {"error": {"code": spec.code, "message": spec.format(limit=self.max_body_bytes), "fix": spec.fix}}


def _nul_parameters(query: bytes) -> list[str]:
    if b"%00" not in query.lower() and b"\x00" not in query:
        return []
    from urllib.parse import parse_qsl

    pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True)
    return sorted({name.replace("\x00", "?")[:40] for name, value in pairs if "\x00" in name + value}) or ["query"]


async def _json(send: Send, status: int, body: dict[str, Any], headers: list[tuple[bytes, bytes]] | None = None) -> None:
    payload = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode()),
        (b"connection", b"close"), *(headers or []), *security_headers(),
    ]})  # fmt: skip
    await send({"type": "http.response.body", "body": payload})


@lru_cache(maxsize=1)
def security_headers() -> list[tuple[bytes, bytes]]:
    return [
        (b"content-security-policy", content_security_policy().encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"same-origin"),
    ]


_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


@lru_cache(maxsize=1)
def content_security_policy() -> str:
    """Scripts from this origin, plus the templates' own inline scripts by hash; no framing.

    The inline scripts are constant text in the templates, so their hashes are
    known at start-up and an injected script (which would have to differ) is
    not run. Should a template ever put template expressions inside an inline
    script, its hash cannot be known and the policy falls back to allowing
    inline scripts (logged), rather than breaking the dashboard.
    """
    sources = ["'self'"]
    for template in sorted(TEMPLATES.glob("*.html")):
        for body in _INLINE_SCRIPT.findall(template.read_text(encoding="utf-8")):
            if "{{" in body or "{%" in body:
                log.warning("%s: an inline script holds template expressions; CSP allows inline scripts", template.name)
                sources.append("'unsafe-inline'")
                break
            digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
            sources.append(f"'sha256-{digest}'")
    return "; ".join([
        "default-src 'self'", f"script-src {' '.join(dict.fromkeys(sources))}",
        # style attributes are set by the charts; they cannot run code
        "style-src 'self' 'unsafe-inline'", "img-src 'self' data:", "connect-src 'self'",
        "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
    ])  # fmt: skip
