"""The Python API for analysts' corrections (the CLI and the web API call these)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from chronicler.errors import ChroniclerError, E
from chronicler.incidents.corrections import check_shape, parse_value, refuse, withdrawn_ids
from chronicler.incidents.update import _correction_events, recompute
from chronicler.records import Correction, Event, HistoryEntry, Incident
from chronicler.store import Store


def find_incident(store: Store, incident_id: str) -> Incident:
    """The incident with this id, or the one that now holds the events of a former incident
    with this id (ids change when a merge or an earlier report changes the first report)."""
    found = store.get_incident(incident_id)
    if found is not None:
        return found
    anchors: set[str] = set()
    for c in store.corrections():
        if c.target_id == incident_id or incident_id in c.payload.get("incident_ids", []):
            anchors |= set(c.payload.get("event_ids", []))
    holders = Counter(store.incident_links(anchors).values())
    if holders:
        best = min(holders, key=lambda i: (-holders[i], i))
        current = store.get_incident(best)
        if current is not None:
            return current
    raise ChroniclerError(E.NOT_FOUND_ID, kind="incident", id=incident_id)


def incident_history(store: Store, incident_id: str) -> list[HistoryEntry]:
    """Every report and every analyst's correction that shaped the incident, oldest first."""
    return find_incident(store, incident_id).history


def _event(store: Store, event_id: str) -> Event:
    found = store.get_events([event_id]).get(event_id)
    if found is None:
        raise ChroniclerError(E.NOT_FOUND_ID, kind="event", id=event_id)
    return found


def _event_incident_members(store: Store, event_id: str) -> list[str]:
    incident_id = store.incident_links([event_id]).get(event_id)
    if incident_id is None:
        return [event_id]
    return store.incident_member_ids([incident_id]).get(incident_id, [event_id])


def _prepare_incident(store: Store, c: Correction) -> Correction:
    inc = find_incident(store, c.target_id)
    payload: dict[str, Any] = dict(c.payload)
    payload["event_ids"] = sorted(inc.event_ids)
    if c.action == "merge":
        others = [find_incident(store, i) for i in payload.get("incident_ids", []) if i != c.target_id]
        others = [o for o in others if o.id != inc.id]
        if not others:
            raise refuse("merge needs at least one other incident (payload 'incident_ids')")
        payload["incident_ids"] = [inc.id, *sorted({o.id for o in others})]
        payload["groups"] = [sorted(inc.event_ids), *(sorted(o.event_ids) for o in others)]
        payload["event_ids"] = sorted({e for g in payload["groups"] for e in g})
    elif c.action == "split":
        split = sorted(set(payload.get("split_event_ids", [])))
        unknown = [e for e in split if e not in inc.event_ids]
        if not split or unknown:
            raise refuse(f"split needs events of {inc.id}; not in it: {', '.join(unknown) or 'none given'}")
        if len(split) == len(inc.event_ids):
            raise refuse("split would leave the incident empty; name only the events to move out")
        payload["split_event_ids"] = split
    elif c.action == "edit":
        parse_value(str(payload.get("field")), str(payload.get("value")), kind="incident")
    return c.model_copy(update={"target_id": inc.id, "payload": payload})


def _prepare_event(store: Store, c: Correction) -> Correction:
    _event(store, c.target_id)
    payload: dict[str, Any] = dict(c.payload)
    payload["event_ids"] = _event_incident_members(store, c.target_id)
    if c.action == "merge":
        into = payload.get("into_incident")
        if not into:
            raise refuse("moving an event needs the incident to move it into (payload 'into_incident')")
        target = find_incident(store, str(into))
        payload["into_incident"] = target.id
        payload["into_event_ids"] = sorted(target.event_ids)
    elif c.action == "split":
        if len(payload["event_ids"]) < 2:
            raise refuse(f"event {c.target_id} is already alone in its incident")
        payload["split_event_ids"] = [c.target_id]
    elif c.action == "edit":
        parse_value(str(payload.get("field")), str(payload.get("value")), kind="event")
    return c.model_copy(update={"payload": payload})


def _prepare_withdraw(store: Store, c: Correction) -> Correction:
    """A withdrawal aims where the withdrawn correction aimed, so the same incidents are rebuilt."""
    wanted = str(c.payload.get("correction_id") or c.target_id)
    existing = store.corrections()
    original = next((x for x in existing if x.id == wanted), None)
    if original is None:
        raise refuse(f"no correction with id {wanted!r}; `chronicler history INCIDENT` lists them")
    if original.action == "withdraw":
        raise refuse(f"correction {wanted} is itself a withdrawal")
    if wanted in withdrawn_ids(existing):
        raise refuse(f"correction {wanted} is already withdrawn")
    payload = {"correction_id": wanted, "event_ids": sorted(_correction_events(original))}
    return c.model_copy(update={"target_kind": original.target_kind, "target_id": original.target_id,
                                "payload": payload})  # fmt: skip


def apply_correction(store: Store, correction: Correction) -> list[Incident]:
    """Validate, store and apply an analyst's correction; returns the incidents it now shapes.

    The payload is completed with the member event ids at this moment, so the
    correction keeps applying after re-processing and re-merging.
    """
    correction = check_shape(correction)  # before anything is stored
    if correction.action == "withdraw":
        prepare = _prepare_withdraw
    else:
        prepare = _prepare_incident if correction.target_kind == "incident" else _prepare_event
    stored = store.add_correction(prepare(store, correction))
    anchors = sorted(
        set(stored.payload.get("event_ids", [])) | set(stored.payload.get("into_event_ids", []))
    )
    edited = [stored.target_id] if stored.target_kind == "event" else []
    recompute(store, edited, [], store.corrections(), seeds=anchors)
    holders = sorted(set(store.incident_links(anchors).values()))
    return [inc for i in holders if (inc := store.get_incident(i)) is not None]
