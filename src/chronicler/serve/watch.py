"""Watchlists: saved incident queries that notify on new or changed matches.

A watchlist is a name, a filter dict (the same filters as /api/incidents) and
its targets: the Atom feed served by the app, webhook URLs (JSON POST, retried
with backoff) and email addresses (SMTP). `run_watchlists(store)` evaluates
every watchlist once: it fingerprints each matching incident's JSON, compares
with `watch_state`, and delivers what is new or changed. An incident is
recorded as notified only when every webhook and email target accepted it, so
a failed delivery is retried on the next round (receivers de-duplicate on
`delivery_id`). The Atom entries are kept in `watch_notifications`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import re
import smtplib
import time
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any, Literal
from xml.etree import ElementTree as ET

import httpx
import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from chronicler.errors import ChroniclerError, E
from chronicler.ingest.netguard import (
    AddressRefused,
    allow_private_from_env,
    deadline,
    guarded_transport,
    redact_url,
    time_left,
    url_host_refused,
)
from chronicler.serve.export import iter_record_batches
from chronicler.store import tables as t
from chronicler.store.db import db_errors
from chronicler.store.query import Filters, parse_date
from chronicler.store.repo import Store, utcnow

log = logging.getLogger(__name__)

FILTER_KEYS: tuple[str, ...] = (
    "event_type", "mode", "status", "grade", "country", "admin1", "admin2", "actor", "date_from", "date_to", "q",
)  # fmt: skip
NAME_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}"
# Fields that change without the incident changing (re-runs append history, bump versions).
VOLATILE_FIELDS = frozenset({"history", "pipeline_version"})
DEFAULT_MAX_PER_ROUND = 200
FEED_ENTRIES = 50
ENV_ALLOW_PRIVATE = "CHRONICLER_ALLOW_PRIVATE_ADDRESSES"


# --- the watchlist record ---------------------------------------------------------


class Watchlist(BaseModel):
    """A saved query and where to send its news."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=f"^{NAME_PATTERN}$", description="letters, digits, . _ - (used in the feed URL)")
    filters: dict[str, str] = Field(default_factory=dict, description="same keys as /api/incidents")
    atom: bool = Field(default=True, description="publish entries on /feeds/{name}.atom")
    webhooks: list[str] = Field(default_factory=list, description="http(s) URLs that get a JSON POST")
    emails: list[str] = Field(default_factory=list, description="addresses mailed through SMTP")
    created_at: dt.datetime | None = None

    @field_validator("filters")
    @classmethod
    def _plain_filters(cls, filters: dict[str, str]) -> dict[str, str]:
        for key, value in filters.items():
            if "\x00" in key + value or len(value) > 200:
                raise ValueError(f"filter {key!r}: at most 200 characters, no NUL")
        return filters

    @field_validator("webhooks")
    @classmethod
    def _http_urls(cls, urls: list[str], info: ValidationInfo) -> list[str]:
        allow_private = (info.context or {}).get("allow_private_addresses", allow_private_from_env())
        for url in urls:
            if not re.match(r"^https?://[^\s/]+", url) or "\x00" in url or len(url) > 2000:
                raise ValueError(f"webhook {redact_url(url)!r} is not an http(s) URL")
            reason = None if allow_private else url_host_refused(url)
            if reason:
                raise ValueError(f"webhook {redact_url(url)!r} points inward ({reason}); "
                                 f"set {ENV_ALLOW_PRIVATE}=1 (or --allow-private-addresses) to allow it")
        return urls

    @field_validator("emails")
    @classmethod
    def _addresses(cls, addresses: list[str]) -> list[str]:
        for address in addresses:
            if not re.fullmatch(r"[^@\s<>,\x00]+@[^@\s<>,\x00]+\.[^@\s<>,\x00]+", address) or len(address) > 254:
                raise ValueError(f"{address!r} is not an email address")
        return addresses

    def query(self) -> Filters:
        """The filters as a validated `Filters` (bad keys or values raise E401/E420)."""
        unknown = sorted(set(self.filters) - set(FILTER_KEYS))
        if unknown:
            raise ChroniclerError(
                E.BAD_WATCHLIST, detail=f"unknown filter {', '.join(unknown)}; use {', '.join(FILTER_KEYS)}"
            )
        values: dict[str, Any] = dict(self.filters)
        for key in ("date_from", "date_to"):
            values[key] = parse_date(values.get(key), key)
        return Filters(**values).validate()

    def targets(self) -> list[str]:
        return (["atom"] if self.atom else []) + self.webhooks + self.emails

    def shown_targets(self) -> list[str]:
        """The targets for listings and logs: webhook credentials and query secrets masked."""
        return (["atom"] if self.atom else []) + [redact_url(u) for u in self.webhooks] + self.emails


def make_watchlist(data: Mapping[str, Any], *, allow_private_addresses: bool | None = None) -> Watchlist:
    """Validate a watchlist from a dict (file, API body), with a catalogue error on bad input.

    Webhooks to inward addresses are refused unless allowed (default: the
    CHRONICLER_ALLOW_PRIVATE_ADDRESSES environment variable).
    """
    from pydantic import ValidationError

    context = {} if allow_private_addresses is None else {"allow_private_addresses": allow_private_addresses}
    try:
        watchlist = Watchlist.model_validate(dict(data), context=context)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "watchlist"
        raise ChroniclerError(E.BAD_WATCHLIST, detail=f"{where}: {first['msg']}") from exc
    watchlist.query()  # filters are checked now, not at the first round
    return watchlist


def parse_filter_options(pairs: Iterable[str]) -> dict[str, str]:
    """`--filter country=MEX` options as a dict."""
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ChroniclerError(E.BAD_WATCHLIST, detail=f"--filter {pair!r}: use KEY=VALUE, e.g. country=MEX")
        out[key.strip()] = value.strip()
    return out


def load_watchlist_file(path: str | Path) -> list[Watchlist]:
    """Watchlists from TOML (`[[watchlist]]` tables) or JSON (a list, or {"watchlists": [...]})."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ChroniclerError(E.NOT_FOUND, input=str(path)) from exc
    try:
        if path.suffix.lower() == ".toml":
            doc: Any = tomllib.loads(raw.decode("utf-8"))
            items = doc.get("watchlist") or doc.get("watchlists") or []
        else:
            doc = json.loads(raw)
            items = doc.get("watchlists", []) if isinstance(doc, dict) else doc
    except (tomllib.TOMLDecodeError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ChroniclerError(E.BAD_WATCHLIST, detail=f"{path}: {exc}") from exc
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise ChroniclerError(E.BAD_WATCHLIST, detail=f"{path}: expected a list of watchlist tables")
    return [make_watchlist(item) for item in items]


# --- storage --------------------------------------------------------------------


def save_watchlist(store: Store, watchlist: Watchlist) -> Watchlist:
    """Insert or replace a watchlist (its delivery state is kept)."""
    watchlist.query()
    created = watchlist.created_at or utcnow()
    notify = {"atom": watchlist.atom, "webhooks": watchlist.webhooks, "emails": watchlist.emails}
    with db_errors(store.url), store.engine.begin() as conn:
        conn.execute(sa.delete(t.watchlists).where(t.watchlists.c.name == watchlist.name))
        conn.execute(sa.insert(t.watchlists).values(
            name=watchlist.name, query=watchlist.filters, notify=notify, created_at=created
        ))  # fmt: skip
    return watchlist.model_copy(update={"created_at": created})


def _from_row(row: Any) -> Watchlist:
    notify = row.notify or {}
    # Stored targets are not re-judged here: deliveries check the address they connect to.
    return Watchlist.model_validate(dict(
        name=row.name, filters=row.query or {}, atom=bool(notify.get("atom", True)),
        webhooks=list(notify.get("webhooks", [])), emails=list(notify.get("emails", [])),
        created_at=row.created_at,
    ), context={"allow_private_addresses": True})  # fmt: skip


def list_watchlists(store: Store) -> list[Watchlist]:
    with db_errors(store.url), store.engine.connect() as conn:
        rows = conn.execute(sa.select(t.watchlists).order_by(t.watchlists.c.name)).all()
    return [_from_row(r) for r in rows]


def get_watchlist(store: Store, name: str) -> Watchlist | None:
    with db_errors(store.url), store.engine.connect() as conn:
        row = conn.execute(sa.select(t.watchlists).where(t.watchlists.c.name == name)).first()
    return _from_row(row) if row else None


def delete_watchlist(store: Store, name: str) -> bool:
    """Remove a watchlist with its delivery state and feed entries; False if there was none."""
    with db_errors(store.url), store.engine.begin() as conn:
        gone = conn.execute(sa.delete(t.watchlists).where(t.watchlists.c.name == name)).rowcount
        conn.execute(sa.delete(t.watch_state).where(t.watch_state.c.watchlist == name))
        conn.execute(sa.delete(t.watch_notifications).where(t.watch_notifications.c.watchlist == name))
    return bool(gone)


# --- finding what changed ---------------------------------------------------------


def fingerprint(record: Mapping[str, Any]) -> str:
    """sha256 of the incident's canonical JSON, leaving out fields that churn without news."""
    stable = {k: v for k, v in record.items() if k not in VOLATILE_FIELDS}
    return hashlib.sha256(json.dumps(stable, sort_keys=True, default=str).encode("utf-8")).hexdigest()


@dataclass
class Change:
    kind: Literal["new", "changed"]
    incident: dict[str, Any]
    fingerprint: str

    @property
    def incident_id(self) -> str:
        return str(self.incident["id"])

    def delivery_id(self, watchlist: str) -> str:
        return f"{watchlist}:{self.incident_id}:{self.fingerprint[:16]}"


@dataclass
class Scan:
    matched: int = 0
    unchanged: int = 0
    changes: list[Change] = field(default_factory=list)
    pending: int = 0  # changes beyond this round's cap, left for the next round


def scan(store: Store, watchlist: Watchlist, max_changes: int = DEFAULT_MAX_PER_ROUND) -> Scan:
    """Compare the watchlist's current matches with what was last notified, batch by batch."""
    result = Scan()
    state = t.watch_state
    for batch in iter_record_batches(store, watchlist.query(), "incidents"):
        ids = [record["id"] for record, _extra in batch]
        # Only this batch's state is loaded, so a watchlist with a million matches stays small.
        with db_errors(store.url), store.engine.connect() as conn:
            seen = dict(conn.execute(
                sa.select(state.c.incident_id, state.c.fingerprint)
                .where(state.c.watchlist == watchlist.name, state.c.incident_id.in_(ids))
            ).all())  # fmt: skip
        for record, _extra in batch:
            result.matched += 1
            current = fingerprint(record)
            before = seen.get(record["id"])
            if before == current:
                result.unchanged += 1
            elif len(result.changes) >= max_changes:
                result.pending += 1
            else:
                result.changes.append(Change("new" if before is None else "changed", record, current))
    return result


def mark_current_as_seen(store: Store, watchlist: Watchlist) -> int:
    """Record every current match as notified without sending anything ("from now on").

    For a new watchlist over a large archive: only later news is announced."""
    marked = 0
    for batch in iter_record_batches(store, watchlist.query(), "incidents"):
        changes = [Change("new", record, fingerprint(record)) for record, _extra in batch]
        _record(store, watchlist, changes, log_atom=False, mark=True)
        marked += len(changes)
    return marked


def describe(record: Mapping[str, Any]) -> str:
    """A one-line title for a notification."""

    def name(key: str) -> str | None:
        entity = record.get(key) or {}
        return entity.get("canonical") or entity.get("text")

    loc = record.get("location") or {}
    date = (record.get("date") or {}).get("start")
    parts = [
        record["event_type"] + (f"/{record['mode']}" if record.get("mode") else ""),
        f"by {name('actor')}" if name("actor") else "",
        f"against {name('recipient')}" if name("recipient") else "",
        f"in {loc.get('name') or loc.get('text')}" if loc else "",
        f"on {date}" if date else "",
        f"[{record.get('status')}, {record.get('grade')}]",
    ]
    return " ".join(p for p in parts if p)


# --- delivery ---------------------------------------------------------------------


@dataclass
class SmtpSettings:
    host: str
    port: int = 25
    user: str | None = None
    password: str | None = None
    sender: str = "chronicler@localhost"
    starttls: bool = False

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> SmtpSettings | None:
        """CHRONICLER_SMTP_HOST/PORT/USER/PASSWORD/FROM (+ STARTTLS=1); None without a host."""
        env = os.environ if env is None else env
        host = env.get("CHRONICLER_SMTP_HOST")
        if not host:
            return None
        try:
            port = int(env.get("CHRONICLER_SMTP_PORT", "25"))
        except ValueError as exc:
            raise ChroniclerError(E.BAD_OPTION, detail="CHRONICLER_SMTP_PORT must be a number") from exc
        starttls = env.get("CHRONICLER_SMTP_STARTTLS", "1" if port == 587 else "0") not in ("0", "", "false")
        return cls(host=host, port=port, user=env.get("CHRONICLER_SMTP_USER") or None,
                   password=env.get("CHRONICLER_SMTP_PASSWORD") or None,
                   sender=env.get("CHRONICLER_SMTP_FROM") or "chronicler@localhost", starttls=starttls)  # fmt: skip


@dataclass
class NotifySettings:
    smtp: SmtpSettings | None = None
    webhook_retries: int = 3
    webhook_backoff_s: float = 1.0
    webhook_timeout_s: float = 10.0
    webhook_deadline_s: float = 60.0  # one delivery in all, retries and waits included
    base_url: str | None = None  # links in emails and feeds, e.g. http://host:8000
    allow_private_addresses: bool = field(default_factory=allow_private_from_env)

    @classmethod
    def from_env(cls) -> NotifySettings:
        return cls(smtp=SmtpSettings.from_env(), base_url=os.environ.get("CHRONICLER_BASE_URL") or None)


def webhook_payload(watchlist: Watchlist, changes: Sequence[Change]) -> dict[str, Any]:
    return {
        "watchlist": watchlist.name,
        "filters": watchlist.filters,
        "generated_at": utcnow().isoformat() + "Z",
        "changes": [
            {"change": c.kind, "delivery_id": c.delivery_id(watchlist.name), "incident_id": c.incident_id,
             "fingerprint": c.fingerprint, "title": describe(c.incident), "incident": c.incident}
            for c in changes
        ],
    }  # fmt: skip


_RETRYABLE = frozenset({408, 425, 429, 500, 502, 503, 504})


def post_webhook(client: httpx.Client, url: str, payload: Mapping[str, Any], settings: NotifySettings) -> str | None:
    """POST with exponential backoff; None on success, else why it failed (the URL masked).

    The delivery as a whole, retries included, ends by `webhook_deadline_s`.
    """
    problem = "not tried"
    attempt = 0
    with deadline(settings.webhook_deadline_s):
        for attempt in range(settings.webhook_retries + 1):
            if attempt:
                wait = settings.webhook_backoff_s * 2 ** (attempt - 1)
                left = time_left()
                if left is not None and wait >= left:
                    problem += f"; the {settings.webhook_deadline_s:g}s delivery deadline ran out"
                    attempt -= 1
                    break
                time.sleep(wait)
            try:
                response = client.post(url, json=payload, timeout=settings.webhook_timeout_s)
            except AddressRefused as exc:
                problem = f"[{E.ADDRESS_REFUSED.code}] refused: {exc}"
                break
            except httpx.HTTPError as exc:
                problem = f"{type(exc).__name__}: {exc}"
                left = time_left()
                if left is not None and left <= 0:
                    problem += f"; the {settings.webhook_deadline_s:g}s delivery deadline ran out"
                    break
                continue
            if response.status_code < 300:
                return None
            problem = f"HTTP {response.status_code}"
            if response.status_code not in _RETRYABLE:
                break  # the receiver refuses this payload: retrying now will not help
    return f"webhook {redact_url(url)}: {problem} after {attempt + 1} attempt(s)"


def send_email(smtp: SmtpSettings | None, to: str, watchlist: Watchlist, changes: Sequence[Change],
               base_url: str | None = None) -> str | None:  # fmt: skip
    """One message listing the round's changes; None on success, else why it failed."""
    if smtp is None:
        return f"email {to}: no SMTP server configured (set CHRONICLER_SMTP_HOST)"
    message = EmailMessage()
    new = sum(c.kind == "new" for c in changes)
    message["Subject"] = f"[chronicler] {watchlist.name}: {new} new, {len(changes) - new} changed incident(s)"
    message["From"], message["To"] = smtp.sender, to
    lines = [f"Watchlist {watchlist.name} ({json.dumps(watchlist.filters)}):", ""]
    for c in changes:
        link = f"\n    {base_url.rstrip('/')}/incidents/{c.incident_id}" if base_url else ""
        lines.append(f"- {c.kind}: {describe(c.incident)} (incident {c.incident_id}){link}")
    message.set_content("\n".join(lines) + "\n")
    try:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=30) as server:
            if smtp.starttls:
                server.starttls()
            if smtp.user:
                server.login(smtp.user, smtp.password or "")
            server.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        return f"email {to}: {type(exc).__name__}: {exc}"
    return None


# --- one round ---------------------------------------------------------------------


@dataclass
class WatchResult:
    watchlist: str
    matched: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    pending: int = 0
    delivered: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


@dataclass
class WatchReport:
    results: list[WatchResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)

    def summary(self) -> str:
        if not self.results:
            return "no watchlists"
        return "; ".join(
            f"{r.watchlist}: {r.new} new, {r.changed} changed, {r.unchanged} unchanged"
            + (f", {r.pending} left for next round" if r.pending else "")
            + (f", {len(r.failures)} delivery failure(s)" if r.failures else "")
            for r in self.results
        )


def _record(store: Store, watchlist: Watchlist, changes: Sequence[Change], *, log_atom: bool, mark: bool) -> None:
    """Log feed entries (idempotent) and, when every target took them, mark them notified."""
    now = utcnow()
    ids = [c.incident_id for c in changes]
    with db_errors(store.url), store.engine.begin() as conn:
        if log_atom:
            n = t.watch_notifications
            logged = {(r.incident_id, r.fingerprint) for r in conn.execute(
                sa.select(n.c.incident_id, n.c.fingerprint).where(n.c.watchlist == watchlist.name, n.c.incident_id.in_(ids))
            )}  # fmt: skip
            rows = [{"watchlist": watchlist.name, "incident_id": c.incident_id, "fingerprint": c.fingerprint,
                     "change": c.kind, "title": describe(c.incident), "summary": c.incident.get("summary") or None,
                     "created_at": now}
                    for c in changes if (c.incident_id, c.fingerprint) not in logged]  # fmt: skip
            if rows:
                conn.execute(sa.insert(n), rows)
        if mark:
            s = t.watch_state
            conn.execute(sa.delete(s).where(s.c.watchlist == watchlist.name, s.c.incident_id.in_(ids)))
            conn.execute(sa.insert(s), [
                {"watchlist": watchlist.name, "incident_id": c.incident_id, "fingerprint": c.fingerprint,
                 "notified_at": now} for c in changes
            ])  # fmt: skip


def evaluate(store: Store, watchlist: Watchlist, settings: NotifySettings, client: httpx.Client,
             max_changes: int = DEFAULT_MAX_PER_ROUND) -> WatchResult:  # fmt: skip
    """One watchlist, one round: scan, deliver to every target, record."""
    found = scan(store, watchlist, max_changes)
    result = WatchResult(watchlist.name, matched=found.matched, unchanged=found.unchanged, pending=found.pending)
    result.new = sum(c.kind == "new" for c in found.changes)
    result.changed = len(found.changes) - result.new
    if not found.changes:
        return result
    if watchlist.webhooks:
        payload = webhook_payload(watchlist, found.changes)
        for url in watchlist.webhooks:
            problem = post_webhook(client, url, payload, settings)
            (result.failures.append(problem) if problem else result.delivered.append(url))
    for address in watchlist.emails:
        problem = send_email(settings.smtp, address, watchlist, found.changes, settings.base_url)
        (result.failures.append(problem) if problem else result.delivered.append(address))
    for problem in result.failures:
        log.warning("watchlist %s: %s (will retry next round)", watchlist.name, problem)
    _record(store, watchlist, found.changes, log_atom=watchlist.atom, mark=not result.failures)
    if watchlist.atom:
        result.delivered.append("atom")
    return result


def run_watchlists(store: Store, *, names: Sequence[str] | None = None, settings: NotifySettings | None = None,
                   max_changes: int = DEFAULT_MAX_PER_ROUND) -> WatchReport:  # fmt: skip
    """Evaluate watchlists once (all, or `names`). Delivery failures are reported, never raised.

    Call this after `ingest`/`process` so watchers hear about new incidents at once.
    """
    settings = settings or NotifySettings.from_env()
    watchlists = list_watchlists(store)
    if names:
        missing = sorted(set(names) - {w.name for w in watchlists})
        if missing:
            raise ChroniclerError(E.NO_WATCHLIST, name=missing[0])
        watchlists = [w for w in watchlists if w.name in set(names)]
    report = WatchReport()
    transport = guarded_transport(settings.allow_private_addresses)
    with httpx.Client(headers={"User-Agent": "chronicler-watch"}, follow_redirects=False, transport=transport) as client:
        for watchlist in watchlists:
            report.results.append(evaluate(store, watchlist, settings, client, max_changes))
    return report


def parse_interval(text: str) -> float:
    """'90s', '15m', '1h', '1d' or plain seconds -> seconds."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", text or "")
    if not match or float(match.group(1)) <= 0:
        raise ChroniclerError(E.BAD_OPTION, detail=f"--every {text!r}: use a duration like 90s, 15m, 1h")
    return float(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[match.group(2)]


# --- the Atom feed ------------------------------------------------------------------

ATOM_NS = "http://www.w3.org/2005/Atom"


def _atom_time(value: dt.datetime) -> str:
    return value.replace(microsecond=0).isoformat() + "Z"


def notifications(store: Store, name: str, limit: int = FEED_ENTRIES) -> list[dict[str, Any]]:
    n = t.watch_notifications
    with db_errors(store.url), store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(n).where(n.c.watchlist == name).order_by(n.c.created_at.desc(), n.c.id.desc()).limit(limit)
        ).mappings().all()
    return [dict(r) for r in rows]


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 forbids (control characters, lone surrogates)."""
    return _NOT_XML.sub("", text)


def atom_feed(store: Store, name: str, base_url: str = "", limit: int = FEED_ENTRIES) -> bytes:
    """The watchlist's recent notifications as an Atom 1.0 document."""
    watchlist = get_watchlist(store, name)
    if watchlist is None:
        raise ChroniclerError(E.NO_WATCHLIST, name=name)
    entries = notifications(store, name, limit)
    base = base_url.rstrip("/")
    ET.register_namespace("", ATOM_NS)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        # Stored titles and corrections may hold characters XML 1.0 cannot carry at all.
        element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", {k: xml_text(v) for k, v in attrs.items()})
        if text is not None:
            element.text = xml_text(text)
        return element

    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    sub(feed, "id", f"urn:chronicler:watchlist:{name}")
    sub(feed, "title", f"chronicler watchlist: {name}")
    sub(feed, "subtitle", "New or changed incidents matching " + json.dumps(watchlist.filters, sort_keys=True))
    updated = entries[0]["created_at"] if entries else (watchlist.created_at or utcnow())
    sub(feed, "updated", _atom_time(updated))
    sub(sub(feed, "author"), "name", "chronicler")
    sub(feed, "link", rel="self", href=f"{base}/feeds/{name}.atom")
    for item in entries:
        entry = sub(feed, "entry")
        sub(entry, "id", f"urn:chronicler:watch:{name}:{item['incident_id']}:{item['fingerprint'][:16]}")
        sub(entry, "title", f"{item['change']}: {item['title']}")
        sub(entry, "updated", _atom_time(item["created_at"]))
        sub(entry, "link", rel="alternate", href=f"{base}/incidents/{item['incident_id']}")
        sub(entry, "category", term=item["change"])
        sub(entry, "summary", item["summary"] or item["title"])
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
