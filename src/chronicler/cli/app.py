"""The Typer app, shared options and output helpers used by every command module."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

console = Console()
err_console = Console(stderr=True)

app = typer.Typer(
    name="chronicler",
    help=(
        "Turn news reporting on armed conflict and security policy into a sourced, "
        "deduplicated record of events.\n\n"
        "Typical use: `chronicler run NEWS_FOLDER` (ingest + extract + merge), then "
        "`chronicler incidents`, `chronicler export` or `chronicler serve`. "
        "`chronicler demo` shows the whole pipeline on bundled sample stories."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
)


@dataclass
class State:
    db: str
    quiet: bool = False


STATE = State(db=os.environ.get("CHRONICLER_DB", "chronicler.sqlite"))


@app.callback()
def _global(
    db: str = typer.Option(
        None,
        "--db",
        envvar="CHRONICLER_DB",
        help="SQLite file path (default chronicler.sqlite) or a URL such as postgresql://host/db.",
        show_default=False,
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only errors and final results."),
    log_level: str = typer.Option(
        "WARNING", "--log-level", help="DEBUG, INFO, WARNING or ERROR.", case_sensitive=False
    ),
) -> None:
    if db:
        STATE.db = db
    STATE.quiet = quiet
    level = getattr(logging, log_level.upper(), logging.WARNING)
    logging.basicConfig(level=logging.ERROR if quiet else level, format="%(levelname)s %(name)s: %(message)s")


def open_store(db: str | None = None) -> Any:
    from chronicler.store import Store

    return Store(db or STATE.db)


def info(message: str) -> None:
    if not STATE.quiet:
        err_console.print(message, highlight=False, soft_wrap=True)


def print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, default=str))


@contextmanager
def progress_bar(description: str, total: int | None) -> Iterator[Any]:
    """A rich progress bar on stderr (hidden with --quiet or when stderr is not a terminal)."""
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err_console,
        disable=STATE.quiet,
        transient=False,
    )
    with progress:
        task = progress.add_task(description, total=total)

        def advance(n: int = 1) -> None:
            progress.advance(task, n)

        def set_total(n: int) -> None:
            progress.update(task, total=n)

        advance.set_total = set_total  # type: ignore[attr-defined]
        yield advance


# --- the shared query filters (same names and meaning in every listing and export) ---

TYPE_OPTION = typer.Option(None, "--type", help="PLOVER event type, e.g. ASSAULT.")
MODE_OPTION = typer.Option(None, help="PLOVER mode, e.g. drone or arrest.")
STATUS_OPTION = typer.Option(
    None, help="occurred, ongoing, planned, considered, threatened, not_ruled_out, denied, negated, "
    "hypothetical (incidents also: contested)."
)
GRADE_OPTION = typer.Option(None, help="confirmed, fair, weak, contested or discounted (incidents only).")
COUNTRY_OPTION = typer.Option(None, help="ISO alpha-3 country of the location, e.g. MEX.")
ADMIN1_OPTION = typer.Option(None, help="State or province, e.g. Sinaloa (accents and case ignored).")
ACTOR_OPTION = typer.Option(None, help="Actor or recipient name contains this.")
SINCE_OPTION = typer.Option(None, help="On or after YYYY-MM-DD.")
UNTIL_OPTION = typer.Option(None, help="On or before YYYY-MM-DD.")
TEXT_OPTION = typer.Option(None, "--q", "-s", help="Full-text search in the source articles.")
LANGUAGE_OPTION = typer.Option(None, "--language", help="Language of the source articles (ISO 639-1), e.g. es.")


def build_filters(**kwargs: Any) -> Any:
    """A validated query-layer Filters from CLI options (`since`/`until` parsed as dates)."""
    from chronicler.store.query import Filters, parse_date

    kwargs["date_from"] = parse_date(kwargs.pop("since", None), "since")
    kwargs["date_to"] = parse_date(kwargs.pop("until", None), "until")
    return Filters(**kwargs).validate()
