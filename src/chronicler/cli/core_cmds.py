"""Core commands: ingest, process, run, the listings, stats, schema, demo, doctor."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from chronicler.cli.app import (
    ACTOR_OPTION,
    ADMIN1_OPTION,
    ADMIN2_OPTION,
    COUNTRY_OPTION,
    GRADE_OPTION,
    JSONL_HELP,
    LANGUAGE_OPTION,
    MODE_OPTION,
    SINCE_OPTION,
    STATE,
    STATUS_OPTION,
    TEXT_OPTION,
    TYPE_OPTION,
    UNTIL_OPTION,
    app,
    build_filters,
    console,
    err_console,
    full_id,
    info,
    open_store,
    print_json,
    progress_bar,
)
from chronicler.errors import ChroniclerError, E

# --- ingest / process / run -------------------------------------------------


def _ingest_options(**kwargs: Any) -> Any:
    from chronicler.ingest import IngestOptions

    return IngestOptions(**{k: v for k, v in kwargs.items() if v is not None})


def check_inputs(inputs: list[str]) -> None:
    """Fail before any database is opened (or created) when a named file, folder or glob
    does not exist; URLs and stdin are read later."""
    from chronicler.ingest.sources import expand

    missing = [name for name, path in expand(inputs) if path is None and name != "-" and "://" not in name]
    if missing:
        raise ChroniclerError(E.NOT_FOUND, input=", ".join(missing))


def parse_published(value: str | None) -> Any:
    """--published YYYY-MM-DD (or an ISO time) as a UTC datetime; None when not given."""
    import datetime as dt

    if not value:
        return None
    try:
        stamp = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ChroniclerError(E.BAD_OPTION, detail=f"--published {value!r}: expected YYYY-MM-DD") from None
    return stamp.astimezone(dt.UTC).replace(tzinfo=None) if stamp.tzinfo else stamp


def _dated(items: Any, published: Any) -> Any:
    """Documents without a publication date get `published` (inputs' own dates win)."""
    for item in items:
        if published is not None and getattr(item, "published_at", "absent") is None:
            item.published_at = published
        yield item


def _do_ingest(store: Any, inputs: list[str], options: Any, published: Any = None) -> Any:
    from chronicler.ingest import ingest, iter_documents

    def on_rejection(rejection: Any) -> None:
        err_console.print(f"[yellow]rejected[/] {escape(rejection.message())}", markup=True, highlight=False,
                          soft_wrap=True)

    with progress_bar("ingesting", None) as advance:
        report = ingest(
            store,
            _dated(iter_documents(inputs, options, store=store), published),
            options,
            on_item=advance,
            on_rejection=on_rejection,
        )
    info(f"ingest: {report.summary()}")
    return report


INPUTS_HELP = (
    "Files, folders (read recursively), globs ('news/**/*.html'), URLs, RSS/Atom feed URLs or "
    "files, WARC archives, or '-' for stdin. Text, HTML, JSON and JSONL are recognised by content. "
    + JSONL_HELP
)
PUBLISHED_OPTION = typer.Option(
    None, "--published", help="Publication date (YYYY-MM-DD) for inputs that carry none: anchors 'on Thursday'."
)


@app.command()
def ingest(
    inputs: list[str] = typer.Argument(..., help=INPUTS_HELP),
    strict: bool = typer.Option(False, "--strict", help="Stop at the first rejected input, keeping what was stored before it (exit 2)."),
    text_field: str = typer.Option("text", help="JSON field holding the article text (dotted for nested: content.body)."),
    id_field: str = typer.Option("id", help="JSON field holding the story id (kept as reference)."),
    title_field: str = typer.Option("title", help="JSON field holding the title."),
    url_field: str = typer.Option("url", help="JSON field holding the URL."),
    date_field: str = typer.Option("published", help="JSON field holding the publication date."),
    outlet_field: str = typer.Option("outlet", help="JSON field holding the outlet name."),
    author_field: str = typer.Option("author", help="JSON field holding the author."),
    fetch_links: bool = typer.Option(False, "--fetch-links", help="Feeds: fetch each new item's page instead of using the feed's summary."),
    timeout: float = typer.Option(20.0, help="Seconds before a URL fetch times out."),
    retries: int = typer.Option(3, help="Retries (with backoff) on server errors and network failures."),
    min_chars: int = typer.Option(20, help="Reject texts shorter than this."),
    max_bytes: int = typer.Option(50_000_000, help="Reject single documents larger than this."),
    max_chars: int = typer.Option(1_000_000, help="Reject article texts longer than this many characters (E114); the NLP model reads at most 1,000,000."),
    max_decompressed_bytes: int = typer.Option(2_000_000_000, help="Stop reading a gzipped input after this many decompressed bytes (E107)."),
    deadline: float = typer.Option(60.0, help="Seconds one URL fetch may take in all, retries included, however slowly the server sends."),
    allow_private_addresses: bool = typer.Option(False, "--allow-private-addresses", help="Allow fetches (and redirects) to loopback, private and link-local addresses."),
    allow_host: list[str] = typer.Option(None, "--allow-host", help="Trust this one inward host (as written in URLs: host or host:port); repeatable."),
    follow_links: bool = typer.Option(False, "--follow-links", help="Folders: read symbolic links that lead outside the folder."),
    batch_size: int = typer.Option(64, help="Articles per database transaction."),
    published: str = PUBLISHED_OPTION,
) -> None:
    """Read news into the database. Re-ingesting the same story is a no-op.

    Every bad input is named with its reason and the rest go on; the exit code
    is 1 when anything was rejected. Example: `chronicler ingest news/ feed.xml`.
    """
    options = _ingest_options(
        strict=strict, text_field=text_field, id_field=id_field, title_field=title_field,
        url_field=url_field, date_field=date_field, outlet_field=outlet_field,
        author_field=author_field, fetch_linked=fetch_links, timeout=timeout, retries=retries,
        min_chars=min_chars, max_bytes=max_bytes, batch_size=batch_size, max_chars=max_chars,
        deadline=deadline, allow_private_addresses=allow_private_addresses, follow_links=follow_links,
        allowed_hosts=tuple(allow_host or ()), max_decompressed_bytes=max_decompressed_bytes,
    )
    default_date = parse_published(published)
    check_inputs(inputs)
    with open_store() as store:
        report = _do_ingest(store, inputs, options, default_date)
    if not report.ok:
        raise typer.Exit(1)


def _do_process(store: Any, batch_size: int, reprocess: bool, workers: int | None) -> Any:
    from chronicler.process import process_pending

    with progress_bar("extracting", None) as advance:
        report = process_pending(
            store,
            batch_size=batch_size,
            reprocess=reprocess,
            on_start=advance.set_total,
            on_batch=advance,
            workers=workers,
        )
    for article_id, code, detail in report.failed:
        err_console.print(f"[{code}] article {article_id}: extraction failed ({detail}); the batch went on",
                          highlight=False, markup=False, soft_wrap=True)
    info(f"process: {report.summary()}")
    _update_incidents(store)
    return report


def _update_incidents(store: Any) -> None:
    try:
        from chronicler.incidents import update_incidents
    except ImportError:
        return
    result = update_incidents(store)
    info(f"incidents: {result}")


@app.command()
def process(
    batch_size: int = typer.Option(32, help="Articles per batch (one transaction each)."),
    reprocess: bool = typer.Option(False, "--reprocess", help="Re-extract every article, not only pending ones."),
    workers: int | None = typer.Option(None, help="Worker processes for extraction (default: one per core)."),
) -> None:
    """Extract events from articles not yet processed by this pipeline version.

    Articles processed by an older pipeline version are re-extracted; analysts'
    corrections are kept and re-applied. Incidents are updated afterwards.
    """
    with open_store() as store:
        _do_process(store, batch_size, reprocess, workers)


@app.command()
def run(
    inputs: list[str] = typer.Argument(..., help=INPUTS_HELP),
    strict: bool = typer.Option(False, "--strict", help="Stop at the first rejected input."),
    batch_size: int = typer.Option(32, help="Articles per extraction batch."),
    workers: int | None = typer.Option(None, help="Worker processes for extraction (default: one per core)."),
    engine: str = typer.Option("local", help="local, or dask: one task per input file (shard) on a dask cluster."),
    scheduler: str = typer.Option(None, help="dask scheduler address (tcp://host:8786); default a local cluster."),
    shards_out: str = typer.Option(None, help="dask: folder for the Parquet shards (shared storage on a cluster)."),
    published: str = PUBLISHED_OPTION,
) -> None:
    """Ingest, then process: the whole pipeline in one command.

    With `--engine dask`, every input file is one task on the cluster; the
    results are written as Parquet shards and then loaded into --db (see
    docs/scale-out.md).
    """
    default_date = parse_published(published)
    if engine != "local":
        from chronicler.cli.scale_cmds import check_distributed_options, run_distributed

        check_distributed_options(engine, scheduler, shards_out)
        if default_date is not None:
            raise ChroniclerError(E.BAD_OPTION, detail="--published works with --engine local only")
    check_inputs(inputs)
    if engine != "local":
        run_distributed(inputs, engine=engine, scheduler=scheduler, shards_out=shards_out,
                        workers=workers, batch_size=batch_size)
        return
    with open_store() as store:
        report = _do_ingest(store, inputs, _ingest_options(strict=strict), default_date)
        _do_process(store, batch_size, False, workers)
    if not report.ok:
        raise typer.Exit(1)


# --- listings ---------------------------------------------------------------


def _table(title: str, columns: list[str], rows: list[list[Any]]) -> None:
    table = Table(title=title, show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*["" if v is None else str(v) for v in row])
    console.print(table)


LIMIT = typer.Option(50, help="Rows per page (max 1000).")
OFFSET = typer.Option(0, help="Rows to skip.")
AS_JSON = typer.Option(False, "--json", help="One JSON object per line instead of a table.")


@app.command()
def articles(
    q: str = typer.Option(None, "--search", "-q", "--q", "-s", help="Full-text search over title and text."),
    outlet: str = typer.Option(None, help="Only this outlet."),
    language: str = LANGUAGE_OPTION,
    since: str = typer.Option(None, help="Published on or after YYYY-MM-DD."),
    until: str = typer.Option(None, help="Published on or before YYYY-MM-DD."),
    limit: int = LIMIT,
    offset: int = OFFSET,
    as_json: bool = AS_JSON,
) -> None:
    """List stored articles, newest first."""
    from chronicler.store.query import query_articles

    with open_store() as store:
        page = query_articles(store, build_filters(q=q, outlet=outlet, language=language, since=since, until=until), limit, offset)
    if as_json:
        for item in page.items:
            print_json(item)
        return
    _table(
        f"articles {page.offset + 1}–{page.offset + len(page.items)} of {page.total}",
        ["id", "published", "outlet", "lang", "title"],
        [[a["id"][:12], (a["published_at"] or "")[:10], a["outlet"], a["language"], a["title"]] for a in page.items],
    )


@app.command()
def events(
    event_type: str = TYPE_OPTION,
    mode: str = MODE_OPTION,
    status: str = STATUS_OPTION,
    country: str = COUNTRY_OPTION,
    admin1: str = ADMIN1_OPTION,
    admin2: str = ADMIN2_OPTION,
    actor: str = ACTOR_OPTION,
    since: str = SINCE_OPTION,
    until: str = UNTIL_OPTION,
    q: str = TEXT_OPTION,
    language: str = LANGUAGE_OPTION,
    article: str = typer.Option(None, help="Only events of this article (id or a unique prefix)."),
    limit: int = LIMIT,
    offset: int = OFFSET,
    as_json: bool = AS_JSON,
) -> None:
    """List extracted event claims with their status and source."""
    from chronicler.store.query import query_events

    filters = build_filters(event_type=event_type, mode=mode, status=status, country=country, admin1=admin1,
                           admin2=admin2, actor=actor, since=since, until=until, q=q, language=language)
    with open_store() as store:
        filters.article_id = full_id(store, "article", article) if article else None
        page = query_events(store, filters, limit, offset)
    if as_json:
        for item in page.items:
            print_json(item)
        return
    rows = []
    for e in page.items:
        place = e.get("location") or {}
        date = e.get("date") or {}
        rows.append([
            e["event_type"] + (f"/{e['mode']}" if e.get("mode") else ""),
            e["status"],
            (e.get("actor") or {}).get("canonical") or (e.get("actor") or {}).get("text"),
            (e.get("recipient") or {}).get("canonical") or (e.get("recipient") or {}).get("text"),
            place.get("name") or place.get("text"),
            date.get("start"),
            e["trigger"]["text"],
        ])
    _table(f"events {page.offset + 1}–{page.offset + len(page.items)} of {page.total}",
           ["type", "status", "actor", "recipient", "place", "date", "trigger"], rows)


@app.command()
def incidents(
    event_type: str = TYPE_OPTION,
    mode: str = MODE_OPTION,
    status: str = STATUS_OPTION,
    grade: str = GRADE_OPTION,
    country: str = COUNTRY_OPTION,
    admin1: str = ADMIN1_OPTION,
    admin2: str = ADMIN2_OPTION,
    actor: str = ACTOR_OPTION,
    since: str = SINCE_OPTION,
    until: str = UNTIL_OPTION,
    q: str = TEXT_OPTION,
    language: str = LANGUAGE_OPTION,
    limit: int = LIMIT,
    offset: int = OFFSET,
    as_json: bool = AS_JSON,
) -> None:
    """List incidents: events merged across reports, with reconciled toll and grade."""
    from chronicler.store.query import query_incidents

    filters = build_filters(event_type=event_type, mode=mode, status=status, grade=grade, country=country,
                       admin1=admin1, admin2=admin2, actor=actor, since=since, until=until, q=q, language=language)
    with open_store() as store:
        page = query_incidents(store, filters, limit, offset)
    if as_json:
        for item in page.items:
            print_json(item)
        return
    rows = [[i["id"][:12], i["date_start"], i["event_type"] + (f"/{i['mode']}" if i["mode"] else ""),
             i["status"], i["grade"], i["actor_name"], i["recipient_name"], i["place_name"],
             i["killed_best"], i["n_sources"]] for i in page.items]
    _table(f"incidents {page.offset + 1}–{page.offset + len(page.items)} of {page.total}",
           ["id", "date", "type", "status", "grade", "actor", "recipient", "place", "killed", "sources"], rows)


@app.command()
def stats(as_json: bool = AS_JSON) -> None:
    """Counts of articles, events (by type and status), incidents and corrections."""
    with open_store() as store:
        data = store.stats()
    if as_json:
        print_json(data)
        return
    _print_stats(data)


def _print_stats(data: dict[str, Any]) -> None:
    console.print(
        f"[bold]{data['articles']}[/] articles ({data['articles_processed']} processed), "
        f"[bold]{data['events']}[/] events, [bold]{data['incidents']}[/] incidents, "
        f"{data['corrections']} corrections", markup=True
    )
    if data.get("articles_by_version"):
        from chronicler.version import PIPELINE_VERSION

        console.print("articles by pipeline version: " + ", ".join(
            f"{k} {v}" + (" (current)" if k == PIPELINE_VERSION else "") for k, v in data["articles_by_version"].items()
        ), highlight=False)  # fmt: skip
    if data["events_by_type"]:
        console.print("events by type:   " + ", ".join(f"{k} {v}" for k, v in data["events_by_type"].items()))
        console.print("events by status: " + ", ".join(f"{k} {v}" for k, v in data["events_by_status"].items()))


@app.command()
def schema(
    record: str = typer.Option(None, help="Only this record type: Article, Event, Incident, Attribution, Correction."),
) -> None:
    """Print the JSON Schema of chronicler's records (the contract between stages)."""
    from chronicler.records import RECORD_TYPES, json_schema

    if record:
        if record not in RECORD_TYPES:
            raise ChroniclerError(E.BAD_OPTION, detail=f"unknown record {record!r}; choose from {', '.join(RECORD_TYPES)}")
        typer.echo(json.dumps(RECORD_TYPES[record].model_json_schema(), indent=2))
        return
    typer.echo(json.dumps(json_schema(), indent=2))


# --- demo ---------------------------------------------------------------------


@app.command()
def demo(
    db: str = typer.Option(None, "--db", help="Where to store the demo database (default chronicler-demo.sqlite)."),
) -> None:
    """Run the whole pipeline on the bundled sample stories and print a summary.

    Safe to re-run: the second run finds every story already stored and changes no counts.
    """
    from chronicler.config import data_dir

    target = db or (STATE.db if STATE.db != "chronicler.sqlite" else "chronicler-demo.sqlite")
    # English stories, then Spanish ones (stories_es.jsonl): one of them reports an English
    # story's incident, so the demo shows a merge across languages.
    samples = sorted((data_dir() / "sample").glob("stories*.jsonl"))
    started = time.perf_counter()
    with open_store(target) as store:
        report = _do_ingest(store, [str(s) for s in samples], _ingest_options())
        _do_process(store, 32, False, 1)
        data = store.stats()
        from chronicler.store.query import Filters, query_incidents

        top = query_incidents(store, Filters(), limit=12, sort="sources")
    console.rule("chronicler demo")
    _print_stats(data)
    if top.items:
        console.print("\n[bold]incidents reported by the most sources[/]", markup=True)
        for incident in top.items:
            console.print(_incident_line(incident), markup=True, highlight=False, soft_wrap=True)
    where = Path(target).resolve() if "://" not in target else target
    console.print(f"\nstored in [bold]{escape(str(where))}[/] in {time.perf_counter() - started:.1f}s "
                  f"({report.ingested} new, {report.duplicate} already there)", markup=True)
    console.print(f"next: `chronicler --db {target} incidents`, `… events --status considered`, "
                  f"`… export --format csv`, `… serve`", highlight=False)


def _incident_line(i: dict[str, Any]) -> str:
    """One incident as a line a reader can scan: when, what, how sure, who, where, toll."""
    kind = escape(i["event_type"] + (f"/{i['mode']}" if i.get("mode") else ""))
    who = escape(" → ".join(x for x in (i.get("actor_name"), i.get("recipient_name")) if x) or "(actors unknown)")
    place = escape(", ".join(dict.fromkeys(x for x in (i.get("place_name"), i.get("admin1")) if x)))
    killed = ""
    if i.get("killed_best") is not None:
        low, high = i.get("killed_low"), i.get("killed_high")
        spread = f" ({low}–{high})" if low is not None and high is not None and low != high else ""
        killed = f", {i['killed_best']} killed{spread}"
    sources = f"{i['n_sources']} source" + ("s" if i["n_sources"] != 1 else "")
    return (f"  {(i.get('date_start') or '?'):<10}  [bold]{kind}[/] [{_STATUS_STYLE.get(i['status'], 'white')}]"
            f"{i['status']}[/] · {i['grade']} · {sources}\n              {who}"
            f"{' @ ' + place if place else ''}{killed}")


_STATUS_STYLE = {"occurred": "green", "considered": "yellow", "planned": "yellow", "threatened": "magenta",
                 "not_ruled_out": "magenta", "denied": "red", "negated": "red", "contested": "red"}


# --- doctor ---------------------------------------------------------------------


@app.command()
def doctor() -> None:
    """Check the install, the language model, the data files and the database; print fixes."""
    from chronicler.doctor import run_checks

    ok = True
    for check in run_checks(STATE.db):
        mark = "[green]ok[/]  " if check.ok else "[red]FAIL[/]"
        console.print(f"{mark} {escape(check.name)}: {escape(str(check.detail))}", markup=True, highlight=False)
        if not check.ok:
            ok = False
            console.print(f"      fix: {check.fix}", highlight=False)
    if not ok:
        raise typer.Exit(1)
