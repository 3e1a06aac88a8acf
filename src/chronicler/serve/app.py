"""The web application: JSON API, dashboard pages and static assets in one process.

`create_app(db_url, token)` opens the store once; every request reads through
`chronicler.store.query`. Errors are never 500s for bad input: catalogue errors
become 404 (unknown id), 422 (bad parameter or correction) or 503 (database
unavailable), as JSON under /api and as an HTML page elsewhere.
"""

from __future__ import annotations

import importlib
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from chronicler.errors import ChroniclerError, E
from chronicler.store.repo import Store

log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
# Routers other modules may provide (exports, watchlists, feeds); included when importable.
OPTIONAL_ROUTERS = ("chronicler.serve.routes_export",)


def create_app(db_url: str, token: str | None = None, *, max_body_bytes: int | None = None,
               base_url: str | None = None) -> FastAPI:  # fmt: skip
    """Build the app over the database at `db_url`. Writes need `token` (or CHRONICLER_TOKEN).

    Request bodies over `max_body_bytes` (CHRONICLER_MAX_BODY_BYTES, default
    256 KiB) are refused with 413, and a write's token is checked before its
    body is read. Absolute links (the Atom feeds) use `base_url`
    (CHRONICLER_BASE_URL), never the request's Host header.
    """
    from chronicler.serve import api, pages
    from chronicler.serve.guard import RequestGuard, env_int

    store = Store(db_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        lifespan=lifespan,
        # FastAPI's Swagger and ReDoc pages load their scripts from a CDN; the dashboard must
        # work offline, so /docs is our own page built from the same OpenAPI document.
        docs_url=None,
        redoc_url=None,
        title="chronicler",
        version=_version(),
        summary="Sourced, deduplicated records of conflict and security events from news reporting.",
        description=(
            "Read-only by default. Write endpoints need `Authorization: Bearer <token>` with the "
            "token the operator started the server with (`--token` or `CHRONICLER_TOKEN`)."
        ),
    )
    app.state.store = store
    _tune_sqlite_for_reading(store)
    app.state.token = token if token is not None else (os.environ.get("CHRONICLER_TOKEN") or None)
    app.state.base_url = (base_url if base_url is not None else os.environ.get("CHRONICLER_BASE_URL", "")).rstrip("/")
    app.add_middleware(GZipMiddleware, minimum_size=2000)
    # Added last, so it runs first: before gzip, routing and body parsing.
    limit = max_body_bytes if max_body_bytes is not None else env_int("CHRONICLER_MAX_BODY_BYTES", 256 * 1024)
    app.add_middleware(RequestGuard, max_body_bytes=limit, token=lambda: app.state.token)
    app.include_router(api.router)
    _include_optional(app)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _install_error_handlers(app)

    @app.get("/api/health", tags=["meta"])
    def health() -> dict[str, Any]:
        return {"ok": True, "writes_enabled": bool(app.state.token), "version": _version()}

    return app


def _tune_sqlite_for_reading(store: Store) -> None:
    """A bigger page cache and memory-mapped reads for the server's own connections: the
    dashboard re-reads the same index pages for the list, facets and timeline of a request."""
    if store.dialect != "sqlite":
        return
    from sqlalchemy import event

    def pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA cache_size=-65536")  # 64 MiB
        cursor.execute("PRAGMA mmap_size=268435456")  # 256 MiB
        cursor.close()

    event.listen(store.engine, "connect", pragmas)
    store.engine.dispose()  # pooled connections opened before the listener get replaced


def _version() -> str:
    from chronicler.version import PIPELINE_VERSION

    return str(PIPELINE_VERSION)


def _include_optional(app: FastAPI) -> None:
    for name in OPTIONAL_ROUTERS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        app.include_router(module.router)


def _status_for(error: ChroniclerError) -> int:
    if error.spec is E.NOT_FOUND_ID:
        return 404
    if error.code.startswith("E2"):
        return 503
    return 422


def _wants_json(request: Request) -> bool:
    """JSON for the API, the OpenAPI document and the feeds; the dashboard's pages (every other
    path) answer with an HTML page, whatever the client's Accept header says."""
    path = request.url.path
    return path.startswith(("/api/", "/feeds/")) or path in ("/api", "/openapi.json") or path.endswith((".json", ".atom"))


def _install_error_handlers(app: FastAPI) -> None:
    from chronicler.serve.pages import render_error

    @app.exception_handler(ChroniclerError)
    def chronicler_error(request: Request, exc: ChroniclerError) -> Response:
        status = _status_for(exc)
        if status == 503:
            log.error("database error: %s", exc.one_line())
        if _wants_json(request):
            body = {"error": {"code": exc.code, "message": exc.message, "fix": exc.fix}}
            return JSONResponse(body, status_code=status)
        bad = (str(exc.details["name"]),) if "name" in exc.details else ()
        return render_error(request, status, exc.code, exc.message, exc.fix, bad=bad)

    @app.exception_handler(RequestValidationError)
    def validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(_describe(e) for e in exc.errors())
        if _wants_json(request):
            body = {"error": {"code": E.BAD_FILTER.code, "message": f"bad request: {problems}",
                              "fix": "see /docs for accepted parameters"},
                    "detail": jsonable_encoder(exc.errors(), custom_encoder={bytes: lambda b: b.decode("utf-8", "replace")})}
            return JSONResponse(body, status_code=422)
        bad = tuple(str(e["loc"][-1]) for e in exc.errors() if e.get("loc"))
        return render_error(request, 422, E.BAD_FILTER.code, f"bad request: {problems}", "check the filters", bad=bad)

    @app.exception_handler(StarletteHTTPException)
    def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        return render_error(request, exc.status_code, str(exc.status_code), str(exc.detail))


def _describe(error: dict[str, Any]) -> str:
    where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "body", "path"))
    return f"{where or 'request'}: {error.get('msg', 'invalid')}"
