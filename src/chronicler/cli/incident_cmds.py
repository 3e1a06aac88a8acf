"""Incident commands: `correct …` (analysts' corrections), `history`, `incident`, `merge-incidents`."""

from __future__ import annotations

from typing import Any

import typer
from rich.markup import escape

from chronicler.cli.app import app, console, full_id, info, open_store, print_json
from chronicler.errors import ChroniclerError, E

correct_app = typer.Typer(
    help=(
        "Correct the machine's incidents. Every correction is stored with its author and time and "
        "re-applied whenever incidents are recomputed, also after re-processing with a newer "
        "pipeline. IDs starting with 'inc-' are incidents, anything else an event id; a unique "
        "prefix of an id is enough (git style)."
    ),
    no_args_is_help=True,
)
app.add_typer(correct_app, name="correct")

AUTHOR = typer.Option(..., "--author", help="Who makes the correction (kept in the history).")
NOTE = typer.Option(None, "--note", help="Why: shown in the incident history.")
AS_JSON = typer.Option(False, "--json", help="Print the affected incidents as JSON lines.")


def _kind(target: str) -> str:
    return "incident" if target.startswith("inc-") else "event"


def resolve(store: Any, kind: str, given: str) -> str:
    """The full id behind a unique prefix. An incident id that matches nothing is passed on
    as typed: it may be a former id, which `find_incident` follows to the current one."""
    try:
        return full_id(store, kind, given)
    except ChroniclerError as exc:
        if kind == "incident" and exc.spec is E.NOT_FOUND_ID:
            return given
        raise


def _resolve_payload(store: Any, payload: dict[str, Any]) -> dict[str, Any]:
    out = dict(payload)
    if "incident_ids" in out:
        out["incident_ids"] = [resolve(store, "incident", i) for i in out["incident_ids"]]
    if "into_incident" in out:
        out["into_incident"] = resolve(store, "incident", out["into_incident"])
    if "split_event_ids" in out:
        out["split_event_ids"] = [resolve(store, "event", e) for e in out["split_event_ids"]]
    return out


def _apply(target: str, action: str, payload: dict[str, Any], author: str, note: str | None, as_json: bool) -> None:
    _apply_kind(_kind(target), target, action, payload, author, note, as_json)


def _apply_kind(kind: str, target: str, action: str, payload: dict[str, Any], author: str, note: str | None,
                as_json: bool) -> None:  # fmt: skip
    from chronicler.incidents import apply_correction
    from chronicler.records import Correction

    with open_store() as store:
        correction = Correction(
            target_kind=kind,  # type: ignore[arg-type]
            # a withdrawal names a correction id, not a record id to resolve
            target_id=target if action == "withdraw" else resolve(store, kind, target),
            action=action,  # type: ignore[arg-type]
            payload=_resolve_payload(store, payload),
            author=author,
            note=note,
        )
        touched = apply_correction(store, correction)
    if as_json:
        for incident in touched:
            print_json(incident.model_dump(mode="json"))
        return
    info(f"{action} stored by {author}; incidents now:")
    for incident in touched:
        console.print(f"{escape(incident.id)}  [bold]{escape(incident.grade)}[/]  {escape(incident.summary or '')}",
                      markup=True, highlight=False)


@correct_app.command("merge")
def merge(
    target: str = typer.Argument(..., help="Incident id (or an event id to move into the other incident)."),
    others: list[str] = typer.Argument(..., help="Incident id(s) to merge with it."),
    author: str = AUTHOR,
    note: str = NOTE,
    as_json: bool = AS_JSON,
) -> None:
    """Merge incidents the machine kept apart: `correct merge INC1 INC2 --author ana`."""
    if _kind(target) == "event":
        if len(others) != 1:
            raise typer.BadParameter("moving an event takes exactly one incident to move it into")
        _apply(target, "merge", {"into_incident": others[0]}, author, note, as_json)
        return
    _apply(target, "merge", {"incident_ids": [target, *others]}, author, note, as_json)


@correct_app.command("split")
def split(
    target: str = typer.Argument(..., help="Incident id, or an event id to detach from its incident."),
    events: str = typer.Option(None, "--events", help="Comma-separated event ids to move into a new incident."),
    author: str = AUTHOR,
    note: str = NOTE,
    as_json: bool = AS_JSON,
) -> None:
    """Split events off an incident: `correct split INC --events E1,E2 --author ana`."""
    payload: dict[str, Any] = {}
    if _kind(target) == "incident":
        if not events:
            raise typer.BadParameter("name the events to split off with --events E1,E2")
        payload["split_event_ids"] = [e.strip() for e in events.split(",") if e.strip()]
    _apply(target, "split", payload, author, note, as_json)


@correct_app.command("edit")
def edit(
    target: str = typer.Argument(..., help="Incident or event id."),
    field: str = typer.Option(..., "--field", help="grade, status, event_type, mode, date, place, actor, "
                              "recipient, killed, injured, arrested, kidnapped, summary (incidents)."),
    value: str = typer.Option(..., "--value", help="New value: dates YYYY-MM-DD or YYYY-MM, counts N, "
                              "LOW-HIGH or LOW/BEST/HIGH."),
    author: str = AUTHOR,
    note: str = NOTE,
    as_json: bool = AS_JSON,
) -> None:
    """Set one field: `correct edit INC --field grade --value confirmed --author ana`."""
    _apply(target, "edit", {"field": field, "value": value}, author, note, as_json)


@correct_app.command("reject")
def reject(target: str = typer.Argument(..., help="Incident or event id."), author: str = AUTHOR,
           note: str = NOTE, as_json: bool = AS_JSON) -> None:  # fmt: skip
    """Reject: an incident is discounted (kept, flagged 'rejected'); an event leaves every incident."""
    _apply(target, "reject", {}, author, note, as_json)


@correct_app.command("confirm")
def confirm(target: str = typer.Argument(..., help="Incident or event id."), author: str = AUTHOR,
            note: str = NOTE, as_json: bool = AS_JSON) -> None:  # fmt: skip
    """Confirm: an incident's grade becomes 'confirmed'; an event is marked checked by an analyst."""
    _apply(target, "confirm", {}, author, note, as_json)


@correct_app.command("withdraw")
def withdraw(correction_id: str = typer.Argument(..., help="The id of the correction to withdraw, as `chronicler history INCIDENT` shows it: [correction ID]."),
             author: str = AUTHOR, note: str = NOTE, as_json: bool = AS_JSON) -> None:
    """Withdraw an earlier correction: it stops applying; both stay in the incident's history."""
    _apply_kind("incident", correction_id, "withdraw", {"correction_id": correction_id}, author, note, as_json)


@app.command()
def history(
    incident_id: str = typer.Argument(..., help="Incident id or a unique prefix (a former id is followed to where its events went)."),
    as_json: bool = AS_JSON,
) -> None:
    """How an incident changed: each report as it came in, and every analyst's correction."""
    from chronicler.incidents import find_incident

    with open_store() as store:
        incident = find_incident(store, resolve(store, "incident", incident_id))
    if as_json:
        for entry in incident.history:
            print_json(entry.model_dump(mode="json"))
        return
    console.print(f"[bold]{escape(incident.id)}[/]  {escape(f'{incident.grade}: {incident.grade_reason}')}",
                  markup=True, highlight=False)
    for entry in incident.history:
        console.print(f"{entry.at:%Y-%m-%d %H:%M}  {entry.by:<10} {entry.what}", highlight=False, soft_wrap=True)


@app.command("incident")
def show_incident(
    incident_id: str = typer.Argument(..., help="Incident id, or a unique prefix of one (as `incidents` shows it)."),
    as_json: bool = AS_JSON,
) -> None:
    """One incident: sources (independent or relaying whom), reconciled toll, grade and why it merged."""
    from chronicler.incidents import find_incident

    with open_store() as store:
        incident = find_incident(store, resolve(store, "incident", incident_id))
    if as_json:
        print_json(incident.model_dump(mode="json"))
        return
    console.print(f"[bold]{escape(incident.id)}[/]  {escape(incident.summary or '')}", markup=True, highlight=False)
    console.print(f"status {incident.status}; grade {incident.grade}: {incident.grade_reason}", highlight=False)
    if incident.flags:
        console.print("flags: " + ", ".join(incident.flags), highlight=False)
    for source in incident.sources:
        how = "independent" if source.independent else f"relays {source.relays} ({source.relay_reason})"
        console.print(f"  {source.published_at or '?'}  {source.outlet or source.article_id}: {how}; "
                      f"{source.attribution_kind} {source.attribution_name or ''}; {source.status}",
                      highlight=False, soft_wrap=True)  # fmt: skip
    for text in incident.merge_explanations:
        console.print(f"  merged: {text}", highlight=False, soft_wrap=True)


@app.command("merge-incidents")
def merge_incidents(
    rebuild: bool = typer.Option(False, "--rebuild", help="Re-cluster every event, not only new or changed ones."),
) -> None:
    """Bring incidents up to date with the events (`process` does this by itself)."""
    from chronicler.incidents import rebuild_incidents, update_incidents

    with open_store() as store:
        summary = rebuild_incidents(store) if rebuild else update_incidents(store)
    console.print(f"incidents: {summary}", highlight=False)
