"""Commands: export, watch, and watchlist add/list/remove/import."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape

from chronicler.cli.app import (
    ACTOR_OPTION,
    ADMIN1_OPTION,
    ADMIN2_OPTION,
    COUNTRY_OPTION,
    GRADE_OPTION,
    LANGUAGE_OPTION,
    MODE_OPTION,
    SINCE_OPTION,
    TEXT_OPTION,
    TYPE_OPTION,
    UNTIL_OPTION,
    app,
    build_filters,
    console,
    err_console,
    info,
    open_store,
    print_json,
)
from chronicler.errors import ChroniclerError, E

# --- export ----------------------------------------------------------------------------------


@app.command()
def export(
    fmt: str = typer.Option("csv", "--format", "-f", help="csv, jsonl, geojson, parquet or plover."),
    out: str = typer.Option("-", "--out", "-o", help="Output file; '-' (default) writes to stdout."),
    what: str = typer.Option("incidents", "--what", help="incidents (merged) or events (single claims)."),
    event_type: str = TYPE_OPTION,
    mode: str = MODE_OPTION,
    status: str = typer.Option(
        None, "--status", help="Comma-separated statuses to export (default occurred,ongoing: what happened), "
        "e.g. planned,considered; `all` for every one."
    ),
    all_statuses: bool = typer.Option(
        False, "--all-statuses", help="Every status. What did not happen never carries an ACLED violence type."
    ),
    grade: str = GRADE_OPTION,
    country: str = COUNTRY_OPTION,
    admin1: str = ADMIN1_OPTION,
    admin2: str = ADMIN2_OPTION,
    actor: str = ACTOR_OPTION,
    since: str = SINCE_OPTION,
    until: str = UNTIL_OPTION,
    q: str = TEXT_OPTION,
    language: str = LANGUAGE_OPTION,
    batch_size: int = typer.Option(1000, help="Rows read per query (and per Parquet row group)."),
    redact_persons: bool = typer.Option(
        False, "--redact-persons", help="Remove the names of private persons (anyone not a public figure in the knowledge base) from every column, the notes and the evidence."
    ),
) -> None:
    """Export incidents or events, streamed in batches (any size, constant memory).

    Only what happened (status occurred or ongoing) unless `--status` or `--all-statuses`
    asks for more; plans, threats and denials never carry an ACLED violence type.
    CSV uses ACLED's columns and codes plus chronicler's (status, grade, low/best/high);
    see docs/exports.md. Example: `chronicler export -f geojson -o mx.geojson --country MEX`.
    """
    from chronicler.export import ALL_STATUSES, check_format

    fmt = check_format(fmt)
    if what not in ("incidents", "events"):
        raise ChroniclerError(E.BAD_OPTION, detail=f"--what must be incidents or events, not {what!r}")
    if not 1 <= batch_size <= 100_000:
        raise ChroniclerError(E.BAD_OPTION, detail="--batch-size must be between 1 and 100000")
    filters = build_filters(event_type=event_type, mode=mode, grade=grade,
                            country=country, admin1=admin1, admin2=admin2, actor=actor, since=since, until=until, q=q,
                            language=language)
    statuses = ALL_STATUSES if all_statuses else status
    if out == "-" and fmt == "parquet" and sys.stdout.isatty():
        raise ChroniclerError(E.BAD_OPTION, detail="Parquet is binary: pass --out FILE or redirect stdout")
    with open_store() as store:
        if out == "-":
            stats = _export_to_stdout(store, fmt, filters, what, batch_size, redact_persons, statuses)
        else:
            stats = _export_to_file(store, fmt, Path(out), filters, what, batch_size, redact_persons, statuses)
    for note in stats.notes:
        err_console.print(f"[yellow]note[/] {escape(str(note))}", markup=True, highlight=False, soft_wrap=True)
    info(f"export: {stats.rows} {what} written as {fmt}" + ("" if out == "-" else f" to {out}"))


def _export_to_stdout(store: Any, fmt: str, filters: Any, what: str, batch_size: int, redact: bool,
                      statuses: str | None) -> Any:  # fmt: skip
    from chronicler.export import ExportStats, write_export

    stats = ExportStats()
    try:
        write_export(store, fmt, sys.stdout.buffer, filters, what=what, batch_size=batch_size,  # type: ignore[arg-type]
                     stats=stats, redact=redact, statuses=statuses)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as Unix tools do.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        stats.notes.append("output closed early by the reader")
    return stats


def _export_to_file(store: Any, fmt: str, path: Path, filters: Any, what: str, batch_size: int, redact: bool,
                    statuses: str | None) -> Any:  # fmt: skip
    """Write to a temporary file beside the target and rename, so a failed export leaves no half file."""
    from chronicler.export import write_export

    if not path.parent.exists():
        raise ChroniclerError(E.BAD_OPTION, detail=f"folder {path.parent} does not exist")
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("wb") as handle:
            stats = write_export(store, fmt, handle, filters, what=what, batch_size=batch_size,  # type: ignore[arg-type]
                                 redact=redact, statuses=statuses)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return stats


# --- watchlists ------------------------------------------------------------------------------

watchlist_app = typer.Typer(help="Saved queries that notify on new or changed incidents.", no_args_is_help=True)
app.add_typer(watchlist_app, name="watchlist")


@watchlist_app.command("add")
def watchlist_add(
    name: str = typer.Argument(..., help="Letters, digits, '.', '_' or '-'; names the feed /feeds/NAME.atom."),
    filter_: list[str] = typer.Option([], "--filter", help="KEY=VALUE, repeatable: country=MEX, event_type=ASSAULT, …"),
    webhook: list[str] = typer.Option([], "--webhook", help="URL that gets a JSON POST per round (repeatable)."),
    email: list[str] = typer.Option([], "--email", help="Address mailed per round through SMTP (repeatable)."),
    no_atom: bool = typer.Option(False, "--no-atom", help="Do not publish an Atom feed."),
    allow_private_addresses: bool = typer.Option(False, "--allow-private-addresses", help="Accept webhooks on loopback, private or link-local addresses."),
    from_now: bool = typer.Option(
        False, "--from-now", help="Treat today's matches as already notified: announce only later news."
    ),
) -> None:
    """Create or replace a watchlist. Example:
    `chronicler watchlist add mx-strikes --filter country=MEX --filter event_type=ASSAULT --webhook URL`."""
    from chronicler.serve.watch import (
        make_watchlist,
        mark_current_as_seen,
        parse_filter_options,
        save_watchlist,
    )

    watchlist = make_watchlist({"name": name, "filters": parse_filter_options(filter_), "atom": not no_atom,
                                "webhooks": webhook, "emails": email},
                               allow_private_addresses=allow_private_addresses or None)  # fmt: skip
    with open_store() as store:
        save_watchlist(store, watchlist)
        seen = mark_current_as_seen(store, watchlist) if from_now else 0
    info(f"watchlist {name}: saved ({', '.join(watchlist.shown_targets()) or 'no targets'})"
         + (f"; {seen} current match(es) marked as seen" if from_now else ""))  # fmt: skip


@watchlist_app.command("import")
def watchlist_import(path: str = typer.Argument(..., help="TOML ([[watchlist]] tables) or JSON file.")) -> None:
    """Create or replace every watchlist in a TOML or JSON file (see docs/watchlists.md)."""
    from chronicler.serve.watch import load_watchlist_file, save_watchlist

    watchlists = load_watchlist_file(path)  # all validated before any is saved
    with open_store() as store:
        for watchlist in watchlists:
            save_watchlist(store, watchlist)
    info(f"watchlists: {len(watchlists)} saved from {path}")


@watchlist_app.command("list")
def watchlist_list(
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
    reveal: bool = typer.Option(False, "--reveal", help="Show webhook credentials and query secrets unmasked."),
) -> None:
    """Show saved watchlists and their targets (webhook secrets masked unless --reveal)."""
    from rich.table import Table

    from chronicler.serve.watch import list_watchlists, redact_url

    with open_store() as store:
        watchlists = list_watchlists(store)
    if as_json:
        for w in watchlists:
            data = w.model_dump(mode="json")
            if not reveal:
                data["webhooks"] = [redact_url(u) for u in w.webhooks]
            print_json(data)
        return
    table = Table(title=f"{len(watchlists)} watchlist(s)")
    for column in ("name", "filters", "targets", "created"):
        table.add_column(column, overflow="fold")
    for w in watchlists:
        filters = ", ".join(f"{k}={v}" for k, v in sorted(w.filters.items())) or "(everything)"
        targets = w.targets() if reveal else w.shown_targets()
        table.add_row(w.name, filters, ", ".join(targets), str(w.created_at or "")[:19])
    console.print(table)


@watchlist_app.command("remove")
def watchlist_remove(name: str = typer.Argument(..., help="The watchlist to remove.")) -> None:
    """Delete a watchlist with its delivery state and feed entries."""
    from chronicler.serve.watch import delete_watchlist

    with open_store() as store:
        if not delete_watchlist(store, name):
            raise ChroniclerError(E.NO_WATCHLIST, name=name)
    info(f"watchlist {name}: removed")


# --- watch -------------------------------------------------------------------------------------


@app.command()
def watch(
    every: str = typer.Option(None, "--every", help="Repeat at this interval, e.g. 15m, 1h, 90s."),
    once: bool = typer.Option(False, "--once", help="One round, then exit (the default without --every)."),
    name: list[str] = typer.Option([], "--name", help="Only these watchlists (repeatable)."),
    smtp_host: str = typer.Option(None, envvar="CHRONICLER_SMTP_HOST", help="SMTP server for email targets."),
    smtp_port: int = typer.Option(25, envvar="CHRONICLER_SMTP_PORT", help="SMTP port."),
    smtp_user: str = typer.Option(None, envvar="CHRONICLER_SMTP_USER", help="SMTP login."),
    smtp_password: str = typer.Option(None, envvar="CHRONICLER_SMTP_PASSWORD", help="SMTP password (prefer the env var)."),
    smtp_from: str = typer.Option("chronicler@localhost", envvar="CHRONICLER_SMTP_FROM", help="Sender address."),
    starttls: bool = typer.Option(None, "--starttls/--no-starttls", envvar="CHRONICLER_SMTP_STARTTLS", help="Use STARTTLS (default: on for port 587)."),
    base_url: str = typer.Option(None, envvar="CHRONICLER_BASE_URL", help="Dashboard URL for links in emails."),
    retries: int = typer.Option(3, help="Webhook retries (exponential backoff) before giving up this round."),
    deadline: float = typer.Option(60.0, help="Seconds one webhook delivery may take in all, retries included."),
    allow_private_addresses: bool = typer.Option(False, "--allow-private-addresses", envvar="CHRONICLER_ALLOW_PRIVATE_ADDRESSES", help="Deliver to webhooks on loopback, private or link-local addresses."),
) -> None:
    """Evaluate watchlists and notify on new or changed matching incidents.

    Deliveries that fail are reported and retried next round; exit code 1 when any failed
    (with --once). Example: `chronicler watch --every 15m`.
    """
    from chronicler.serve.watch import NotifySettings, SmtpSettings, parse_interval, run_watchlists

    interval = parse_interval(every) if every and not once else None
    smtp = None
    if smtp_host:
        smtp = SmtpSettings(host=smtp_host, port=smtp_port, user=smtp_user or None, password=smtp_password or None,
                            sender=smtp_from, starttls=smtp_port == 587 if starttls is None else starttls)  # fmt: skip
    settings = NotifySettings(smtp=smtp, webhook_retries=max(0, retries), base_url=base_url,
                              webhook_deadline_s=deadline, allow_private_addresses=allow_private_addresses)
    with open_store() as store:
        while True:
            try:
                report = run_watchlists(store, names=name or None, settings=settings)
            except ChroniclerError as exc:
                if interval is None:
                    raise
                # A long-running watcher outlives a locked or restarting database.
                err_console.print(f"[red]round failed[/] {escape(exc.one_line())} (trying again in {every})", markup=True,
                                  highlight=False, soft_wrap=True)  # fmt: skip
                time.sleep(interval)
                continue
            for result in report.results:
                for problem in result.failures:
                    err_console.print(f"[yellow]delivery failed[/] {escape(f'{result.watchlist}: {problem}')} (retried next round)", markup=True,
                                      highlight=False, soft_wrap=True)  # fmt: skip
            info(f"watch: {report.summary()}")
            if interval is None:
                break
            time.sleep(interval)
    if not report.ok:
        raise typer.Exit(1)
