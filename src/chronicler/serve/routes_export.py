"""HTTP routes for exports, watchlists and their Atom feeds (included by `create_app`).

Store access, the incident filters and the write token come from
`chronicler.serve.api`, so these routes accept exactly the parameters of
/api/incidents and guard writes the same way.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Annotated, Literal
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from chronicler import export as X
from chronicler.serve import watch as W
from chronicler.serve.api import get_store, incident_filters, require_token
from chronicler.store import query as Q
from chronicler.store.repo import Store

router = APIRouter()
StoreDep = Annotated[Store, Depends(get_store)]
FiltersDep = Annotated[Q.Filters, Depends(incident_filters)]


# --- exports -----------------------------------------------------------------------------


@router.get(
    "/api/export",
    tags=["exports"],
    response_class=StreamingResponse,
    responses={200: {"content": {X.MEDIA_TYPES[f].split(";")[0]: {} for f in X.FORMATS},
                     "description": "the export, streamed"}},  # fmt: skip
)
def export(
    store: StoreDep,
    filters: FiltersDep,
    format: Annotated[Literal["csv", "jsonl", "geojson", "parquet", "plover"], Query(description="file format")] = "csv",
    what: Annotated[Literal["incidents", "events"], Query(description="incidents (merged) or events (claims)")] = "incidents",
    redact: Annotated[bool, Query(description="remove the names of private persons (anyone not a public figure in the knowledge base)")] = False,
    statuses: Annotated[str | None, Query(description="comma-separated statuses to export, or 'all' (default: occurred,ongoing)", max_length=200)] = None,
    all_statuses: Annotated[bool, Query(description="every status; what did not happen never carries a violence type")] = False,
) -> StreamingResponse:
    """Download matching incidents (or events) as CSV (ACLED-style columns), JSONL, GeoJSON,
    Parquet or PLOVER-style JSON. Only what happened (occurred, ongoing) unless `status`,
    `statuses` or `all_statuses` ask for more. Streamed: any size, constant memory (see docs/exports.md)."""
    # Built before the response starts, so bad filters are a 422, not a broken download.
    chunks = X.export_chunks(store, format, filters, what=what, redact=redact,
                             statuses=X.ALL_STATUSES if all_statuses else statuses)
    stamp = dt.date.today().strftime("%Y%m%d")
    filename = f"chronicler-{what}-{stamp}.{X.EXTENSIONS[format]}"
    return StreamingResponse(
        chunks,
        media_type=X.MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


# --- watchlists ---------------------------------------------------------------------------


class WatchlistIn(BaseModel):
    name: str = Field(pattern=f"^{W.NAME_PATTERN}$", examples=["sinaloa-strikes"])
    filters: dict[str, str] = Field(default_factory=dict, examples=[{"country": "MEX", "event_type": "ASSAULT"}])
    atom: bool = True
    webhooks: list[str] = Field(default_factory=list, max_length=20)
    emails: list[str] = Field(default_factory=list, max_length=20)


class WatchlistCreate(WatchlistIn):
    from_now: bool = Field(default=False, description="treat current matches as already notified")


class WatchlistOut(WatchlistIn):
    created_at: dt.datetime | None = None
    feed: str | None = Field(default=None, description="path of the Atom feed, when enabled")
    redacted: bool = Field(default=False, description="webhook URLs and addresses hidden (no token sent)")


def _has_token(request: Request) -> bool:
    expected: str | None = request.app.state.token
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    return bool(expected) and scheme.lower() == "bearer" and secrets.compare_digest(
        given.strip().encode(), (expected or "").encode()
    )


def _mask_email(address: str) -> str:
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}"


def _out(watchlist: W.Watchlist, reveal: bool) -> WatchlistOut:
    # Webhook URLs often embed secrets and addresses are personal: only token holders see them.
    webhooks = watchlist.webhooks if reveal else [f"{urlsplit(u).scheme}://{urlsplit(u).netloc.rsplit('@', 1)[-1]}/…"
                                                  for u in watchlist.webhooks]  # no userinfo, path or query
    emails = watchlist.emails if reveal else [_mask_email(a) for a in watchlist.emails]
    return WatchlistOut(
        name=watchlist.name, filters=watchlist.filters, atom=watchlist.atom, webhooks=webhooks,
        emails=emails, created_at=_utc(watchlist.created_at),
        feed=f"/feeds/{watchlist.name}.atom" if watchlist.atom else None, redacted=not reveal,
    )  # fmt: skip


def _utc(stamp: dt.datetime | None) -> dt.datetime | None:
    # Stored naive in UTC; RFC 3339 (the OpenAPI date-time format) wants the offset.
    return stamp.replace(tzinfo=dt.UTC) if stamp and stamp.tzinfo is None else stamp


def _found(store: Store, name: str) -> W.Watchlist:
    watchlist = W.get_watchlist(store, name)
    if watchlist is None:
        raise HTTPException(404, detail=f"no watchlist named {name!r}")
    return watchlist


@router.get("/api/watchlists", response_model=list[WatchlistOut], tags=["watchlists"])
def list_watchlists(store: StoreDep, request: Request) -> list[WatchlistOut]:
    """Saved queries. Webhook URLs and email addresses are shown only with the token."""
    reveal = _has_token(request)
    return [_out(w, reveal) for w in W.list_watchlists(store)]


@router.get("/api/watchlists/{name}", response_model=WatchlistOut, tags=["watchlists"])
def get_watchlist(store: StoreDep, request: Request, name: str) -> WatchlistOut:
    return _out(_found(store, name), _has_token(request))


@router.post("/api/watchlists", response_model=WatchlistOut, status_code=201, tags=["watchlists"],
             dependencies=[Depends(require_token)])  # fmt: skip
def post_watchlist(store: StoreDep, body: WatchlistCreate) -> WatchlistOut:
    """Create or replace a watchlist (needs the token). Bad filters or targets are a 422.
    With `from_now`, incidents that match today are not announced, only later news."""
    saved = W.save_watchlist(store, W.make_watchlist(body.model_dump(exclude={"from_now"})))
    if body.from_now:
        W.mark_current_as_seen(store, saved)
    return _out(saved, reveal=True)


@router.delete("/api/watchlists/{name}", status_code=204, tags=["watchlists"],
               dependencies=[Depends(require_token)])  # fmt: skip
def delete_watchlist(store: StoreDep, name: str) -> Response:
    """Remove a watchlist, its delivery state and its feed entries (needs the token)."""
    if not W.delete_watchlist(store, name):
        raise HTTPException(404, detail=f"no watchlist named {name!r}")
    return Response(status_code=204)


@router.get(
    "/feeds/{name}.atom",
    tags=["watchlists"],
    response_class=Response,
    responses={200: {"content": {"application/atom+xml": {}}, "description": "Atom 1.0 feed"}},
)
def atom_feed(store: StoreDep, request: Request, name: str) -> Response:
    """The watchlist's recent notifications (new or changed incidents) as an Atom feed."""
    watchlist = _found(store, name)
    if not watchlist.atom:
        raise HTTPException(404, detail=f"watchlist {name!r} has no Atom feed")
    # The configured base URL (or relative links): a Host header is the client's to choose.
    body = W.atom_feed(store, name, base_url=getattr(request.app.state, "base_url", ""))
    return Response(body, media_type="application/atom+xml; charset=utf-8")
