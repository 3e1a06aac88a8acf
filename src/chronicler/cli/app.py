"""The Typer app, shared options and output helpers used by every command module."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Iterator
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
from typer.core import TyperGroup

# Markup is off by default: what the CLI prints is mostly data (titles, names, URLs,
# filter values), and a '[/]' in a feed title must print as itself, not crash rich.
# Styled lines pass markup=True and escape every piece of data they hold.
console = Console(markup=False)
err_console = Console(stderr=True, markup=False)

# Global options a user may also type after the subcommand (`incidents --db x`), as most
# tools allow: `parse_args` moves them in front of it. Options taking a value, and flags.
GLOBAL_VALUE_OPTIONS = ("--db", "--log-level")
GLOBAL_FLAGS = ("--quiet",)


def hoist_global_options(args: list[str], commands: Iterable[str]) -> list[str]:
    """`[cmd, ..., --db, x]` -> `[--db, x, cmd, ...]`; stops at `--`. Before the command,
    arguments are left alone (Click reads them there)."""
    names = set(commands)
    position = next((k for k, a in enumerate(args) if a in names and (k == 0 or args[k - 1] not in GLOBAL_VALUE_OPTIONS)), None)
    if position is None:
        return args
    head, tail, moved = args[:position], [], []
    k = position
    while k < len(args):
        arg = args[k]
        if arg == "--":
            tail.extend(args[k:])
            break
        if arg in GLOBAL_FLAGS or any(arg.startswith(o + "=") for o in GLOBAL_VALUE_OPTIONS):
            moved.append(arg)
        elif arg in GLOBAL_VALUE_OPTIONS and k + 1 < len(args):
            moved.extend(args[k : k + 2])
            k += 1
        else:
            tail.append(arg)
        k += 1
    return head + moved + tail


class ChroniclerGroup(TyperGroup):
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        # `demo` has its own --db (where to put the demo): leave its arguments alone.
        commands = [name for name in self.commands if name != "demo"]
        if next((a for a in args if a in self.commands), None) != "demo":
            args = hoist_global_options(args, commands)
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=ChroniclerGroup,
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
ADMIN2_OPTION = typer.Option(None, help="Municipality or county, e.g. Culiacán (accents and case ignored).")
ACTOR_OPTION = typer.Option(None, help="Actor or recipient name contains this.")
SINCE_OPTION = typer.Option(None, help="On or after YYYY-MM-DD.")
UNTIL_OPTION = typer.Option(None, help="On or before YYYY-MM-DD.")
TEXT_OPTION = typer.Option(
    None, "--search", "-q", "--q", "-s", help="Full-text search in the source articles (words, any order)."
)

# Query-layer field -> the option the user typed, so messages speak the user's language.
OPTION_NAMES = {"event_type": "--type", "date_from": "--since", "date_to": "--until", "q": "--search",
                "article_id": "--article", "status": "--status", "grade": "--grade", "mode": "--mode",
                "country": "--country", "admin1": "--admin1", "admin2": "--admin2", "actor": "--actor", "outlet": "--outlet",
                "language": "--language"}  # fmt: skip


def in_option_names(exc: Any) -> Any:
    """The same E401 error with the query layer's field names replaced by the CLI's options."""
    import re

    from chronicler.errors import ChroniclerError, E

    if not isinstance(exc, ChroniclerError) or exc.spec is not E.BAD_FILTER:
        return exc
    details = dict(exc.details)
    name = str(details.get("name", ""))
    details["name"] = OPTION_NAMES.get(name, name if name.startswith("-") else f"--{name.replace('_', '-')}")
    pattern = r"\b(" + "|".join(OPTION_NAMES) + r")\b"
    details["detail"] = re.sub(pattern, lambda m: OPTION_NAMES[m.group(1)], str(details.get("detail", "")))
    return ChroniclerError(E.BAD_FILTER, **details)


LANGUAGE_OPTION = typer.Option(None, "--language", help="Language of the source articles (ISO 639-1), e.g. es.")


def build_filters(**kwargs: Any) -> Any:
    """A validated query-layer Filters from CLI options (`since`/`until` parsed as dates);
    errors name the CLI's options (`--since`), not the query layer's fields."""
    from chronicler.errors import ChroniclerError
    from chronicler.store.query import Filters, parse_date

    try:
        check_filter_lengths(kwargs)
        kwargs["date_from"] = parse_date(kwargs.pop("since", None), "since")
        kwargs["date_to"] = parse_date(kwargs.pop("until", None), "until")
        return Filters(**kwargs).validate()
    except ChroniclerError as exc:
        raise in_option_names(exc) from None


def full_id(store: Any, kind: str, given: str) -> str:
    """The full id behind a unique prefix (git style); E430 lists the candidates when several."""
    from chronicler.store.query import resolve_id

    return str(resolve_id(store, kind, given.strip()))


JSONL_HELP = (
    "JSONL: one story per line, a JSON object with `text` (required) and any of `id`, `title`, "
    "`url`, `published` (ISO 8601 date or time), `outlet`, `author`; other fields are ignored. "
    "See docs/input.md."
)


# The API's cap on every text filter (serve/api.py TEXT): a longer LIKE pattern
# only makes the database give up ("pattern too complex").
MAX_FILTER_CHARS = 200


def check_filter_lengths(values: dict[str, Any]) -> None:
    from chronicler.errors import ChroniclerError, E

    for name, value in values.items():
        if isinstance(value, str) and len(value) > MAX_FILTER_CHARS:
            raise ChroniclerError(E.BAD_FILTER, name=name, value=value[:40] + "…",
                                  detail=f"{len(value)} characters; at most {MAX_FILTER_CHARS}")
