"""Analysts' corrections, applied on top of machine output every time incidents are built.

A correction never stores an incident id as its only handle: incident ids can
change when a report published earlier turns up. Its payload records the
member event ids at the time (`event_ids`, plus `groups` for a merge and
`split_event_ids` for a split); event ids are stable hashes of article, trigger
offsets and type, so they survive re-processing with a newer pipeline. When
applied, a correction acts on the incidents that now hold those events.

Order of application (by correction id, i.e. creation order, within each step):
1. event edits and rejects change or drop events before merging;
2. merges and splits regroup the machine's clusters;
3. incident edits, rejects and confirms (and event confirms) change the built incidents.

A `withdraw` correction names an earlier one (`payload.correction_id`): the
earlier correction stops applying, and both stay in the incident's history.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

from chronicler.errors import ChroniclerError, E
from chronicler.records import (
    EVENT_TYPES,
    GRADES,
    STATUSES,
    Correction,
    Count,
    DateRef,
    Entity,
    Event,
    HistoryEntry,
    Incident,
    Place,
    Toll,
)

TOLL_FIELDS = ("killed", "injured", "arrested", "kidnapped")
INCIDENT_FIELDS = (
    "grade", "grade_reason", "status", "event_type", "mode", "summary", "date", "place",
    "actor", "recipient", *TOLL_FIELDS,
)  # fmt: skip
EVENT_FIELDS = ("event_type", "mode", "status", "date", "place", "actor", "recipient", *TOLL_FIELDS)
_RANGE = re.compile(r"^\s*(\d+)\s*(?:[-/]\s*(\d+)\s*(?:[-/]\s*(\d+))?)?\s*$")


def refuse(detail: str) -> ChroniclerError:
    return ChroniclerError(E.BAD_CORRECTION, detail=detail)


# --- the shape of what an analyst sends ------------------------------------------------

# What a caller may put in a payload, by (kind, action); the engine adds the rest
# (event_ids, groups, into_event_ids) itself when it stores the correction.
PAYLOAD_KEYS: dict[tuple[str, str], frozenset[str]] = {
    ("incident", "edit"): frozenset({"field", "value"}),
    ("event", "edit"): frozenset({"field", "value"}),
    ("incident", "merge"): frozenset({"incident_ids"}),
    ("event", "merge"): frozenset({"into_incident"}),
    ("incident", "split"): frozenset({"split_event_ids"}),
}
MAX_IDS = 500
MAX_ID_CHARS = 64
MAX_VALUE_CHARS = 1000
MAX_PAYLOAD_BYTES = 64 * 1024
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_line(text: str) -> str:
    """Text without control characters (newlines and tabs kept): they break XML and terminals."""
    return _CONTROL.sub("", text)


def check_shape(c: Correction) -> Correction:
    """Refuse a correction whose payload is not what its action takes (E404), before storing.

    Only flat strings and lists of ids are accepted: a payload nested hundreds
    deep would be stored and then break every reader of it.
    """
    if c.action == "withdraw":
        allowed: frozenset[str] = frozenset({"correction_id"})
    else:
        allowed = PAYLOAD_KEYS.get((c.target_kind, c.action), frozenset())
    unknown = sorted(set(c.payload) - allowed)
    if unknown:
        shown = ", ".join(repr(k[:40]) for k in unknown[:5])
        raise refuse(f"{c.action} on an {c.target_kind} takes {', '.join(sorted(allowed)) or 'no payload'}; "
                     f"not {shown}")  # fmt: skip
    payload: dict[str, Any] = {}
    for key, value in c.payload.items():
        if key in ("incident_ids", "split_event_ids"):
            if not isinstance(value, list) or len(value) > MAX_IDS or not all(_is_id(v) for v in value):
                raise refuse(f"{key} must be a list of at most {MAX_IDS} ids")
            payload[key] = value
        elif key in ("into_incident", "correction_id", "field"):
            if isinstance(value, int) and not isinstance(value, bool) and key == "correction_id":
                value = str(value)
            if not _is_id(value):
                raise refuse(f"{key} must be an id or name of at most {MAX_ID_CHARS} characters")
            payload[key] = value
        elif key == "value":
            if isinstance(value, bool) or not isinstance(value, str | int | float):
                raise refuse("value must be a string or a number")
            text = clean_line(str(value)).strip()
            if len(text) > MAX_VALUE_CHARS:
                raise refuse(f"value: at most {MAX_VALUE_CHARS} characters")
            payload[key] = text
    if len(json.dumps(payload)) > MAX_PAYLOAD_BYTES:
        raise refuse(f"payload over {MAX_PAYLOAD_BYTES} bytes")
    author = clean_line(c.author).strip()
    if not author or len(author) > 200:
        raise refuse("a correction needs an author (at most 200 characters)")
    note = clean_line(c.note).strip() or None if c.note is not None else None
    if note is not None and len(note) > 5000:
        raise refuse("note: at most 5000 characters")
    return c.model_copy(update={"payload": payload, "author": author, "note": note})


def _is_id(value: Any) -> bool:
    return isinstance(value, str) and 0 < len(value) <= MAX_ID_CHARS and not _CONTROL.search(value)


def withdrawn_ids(corrections: Sequence[Correction]) -> set[str]:
    return {str(c.payload.get("correction_id")) for c in corrections if c.action == "withdraw"}


def active(corrections: Sequence[Correction]) -> list[Correction]:
    """The corrections that apply: not withdrawals, and not withdrawn."""
    gone = withdrawn_ids(corrections)
    return [c for c in corrections if c.action != "withdraw" and c.id not in gone]


def _payload_list(c: Correction, key: str) -> list[Any]:
    value = c.payload.get(key)
    return value if isinstance(value, list) else []


# --- field values --------------------------------------------------------------


def _parse_date(value: str) -> DateRef:
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            day = dt.date.fromisoformat(value)
            return DateRef(text=value, start=day, end=day, precision="day")
        if re.fullmatch(r"\d{4}-\d{2}", value):
            start = dt.date.fromisoformat(value + "-01")
            end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
            return DateRef(text=value, start=start, end=end, precision="month")
    except ValueError as exc:
        raise refuse(f"date {value!r}: {exc}") from exc
    raise refuse(f"date {value!r}: use YYYY-MM-DD or YYYY-MM")


def _parse_count(value: str) -> Count:
    match = _RANGE.match(value)
    if not match:
        raise refuse(f"count {value!r}: use N, LOW-HIGH or LOW/BEST/HIGH")
    numbers = [int(g) for g in match.groups() if g is not None]
    if len(numbers) == 1:
        return Count(low=numbers[0], best=numbers[0], high=numbers[0])
    if len(numbers) == 2:
        low, high = sorted(numbers)
        return Count(low=low, best=low, high=high)
    low, best, high = numbers
    if not low <= best <= high:
        raise refuse(f"count {value!r}: needs LOW <= BEST <= HIGH")
    return Count(low=low, best=best, high=high)


def parse_value(field: str, value: str, *, kind: str) -> Any:
    """Validate an edit; returns the value in the type the record field holds."""
    allowed = INCIDENT_FIELDS if kind == "incident" else EVENT_FIELDS
    if field not in allowed:
        raise refuse(f"field {field!r} cannot be edited on an {kind}; choose one of {', '.join(allowed)}")
    if field == "grade" and value not in GRADES:
        raise refuse(f"grade {value!r}: choose one of {', '.join(GRADES)}")
    statuses = (*STATUSES, "contested") if kind == "incident" else STATUSES
    if field == "status" and value not in statuses:
        raise refuse(f"status {value!r}: choose one of {', '.join(statuses)}")
    if field == "event_type" and value not in EVENT_TYPES:
        raise refuse(f"event type {value!r}: choose one of {', '.join(EVENT_TYPES)}")
    if field == "date":
        return _parse_date(value)
    if field in TOLL_FIELDS:
        return _parse_count(value)
    if field == "place":
        return Place(text=value, name=value)
    if field in ("actor", "recipient"):
        return Entity(text=value, canonical=value)
    return value


def _field_update(record: Event | Incident, field: str, value: Any) -> dict[str, Any]:
    if field in TOLL_FIELDS:
        return {"toll": (record.toll or Toll()).model_copy(update={field: value})}
    if field == "place":
        return {"location": value}
    return {field: value}


# --- step 1: events ------------------------------------------------------------


def apply_event_corrections(
    events: dict[str, Event], corrections: Sequence[Correction]
) -> tuple[dict[str, Event], set[str]]:
    """Edited copies of the events and the ids analysts rejected."""
    out = dict(events)
    rejected: set[str] = set()
    for c in active(corrections):
        if c.target_kind != "event" or c.target_id not in out:
            continue
        if c.action == "reject":
            rejected.add(c.target_id)
        elif c.action == "edit":
            ev = out[c.target_id]
            value = parse_value(c.payload["field"], str(c.payload["value"]), kind="event")
            out[c.target_id] = ev.model_copy(update=_field_update(ev, c.payload["field"], value))
    return out, rejected


# --- step 2: groups --------------------------------------------------------------


def _holding(groups: list[set[str]], ids: Iterable[str]) -> list[int]:
    wanted = set(ids)
    return [i for i, g in enumerate(groups) if g & wanted]


def apply_group_corrections(groups: list[set[str]], corrections: Sequence[Correction]) -> list[set[str]]:
    """Merges and splits on the machine's groups of event ids."""
    groups = [set(g) for g in groups]
    for c in active(corrections):
        if c.action == "merge":
            anchor = [c.payload.get("event_ids", [])]
            if c.target_kind == "event":
                anchor = [[c.target_id], c.payload.get("into_event_ids", [])]
                groups = _split_off(groups, {c.target_id})
            hit = _holding(groups, [e for ids in anchor for e in ids])
            if len(hit) > 1:
                merged = set().union(*(groups[i] for i in hit))
                groups = [g for i, g in enumerate(groups) if i not in hit] + [merged]
        elif c.action == "split":
            split = set(c.payload.get("split_event_ids") or [c.target_id])
            groups = _split_off(groups, split)
    return [g for g in groups if g]


def _split_off(groups: list[set[str]], split: set[str]) -> list[set[str]]:
    present = set().union(*groups) & split if groups else set()
    if not present:
        return groups
    return [g - present for g in groups if g - present] + [present]


# --- step 3: incidents -------------------------------------------------------------


def _target(incidents: Sequence[Incident], c: Correction) -> Incident | None:
    """The incident now holding most of the correction's anchor events (ties: by id)."""
    anchor = set(_payload_list(c, "event_ids")) | ({c.target_id} if c.target_kind == "event" else set())
    best: tuple[int, str] | None = None
    chosen = None
    for inc in incidents:
        overlap = len(anchor & set(inc.event_ids))
        if c.target_kind == "event" and c.target_id in inc.event_ids:
            overlap += 1_000_000  # the event's own incident wins
        if overlap and (best is None or (-overlap, inc.id) < best):
            best, chosen = (-overlap, inc.id), inc
    return chosen


def describe(c: Correction) -> str:
    p = c.payload
    if c.action == "edit":
        text = f"edit {c.target_kind} {c.target_id}: {p.get('field')} = {p.get('value')}"
    elif c.action == "merge":
        others = p.get("incident_ids") or p.get("into_incident") or ""
        text = f"merge {c.target_kind} {c.target_id} with {others}"
    elif c.action == "split":
        text = f"split {', '.join(p.get('split_event_ids', []))} off {c.target_kind} {c.target_id}"
    elif c.action == "withdraw":
        text = f"withdraw correction {p.get('correction_id')} on {c.target_kind} {c.target_id}"
    else:
        text = f"{c.action} {c.target_kind} {c.target_id}"
    return text + (f" ({c.note})" if c.note else "")


def _entry(c: Correction, withdrawn: bool = False) -> HistoryEntry:
    # The id is what `correct withdraw ID` takes.
    tag = f" [correction {c.id}{', withdrawn' if withdrawn else ''}]" if c.id else ""
    what = describe(c) + tag
    return HistoryEntry(at=c.created_at or dt.datetime(1970, 1, 1), what=what, by=c.author)


def _apply_one(inc: Incident, c: Correction) -> Incident:
    note = f": {c.note}" if c.note else ""
    update: dict[str, Any] = {}
    if c.action == "edit" and c.target_kind == "incident":
        field = c.payload["field"]
        update = _field_update(inc, field, parse_value(field, str(c.payload["value"]), kind="incident"))
        if field == "grade":
            update["grade_reason"] = f"{c.payload['value']}: set by analyst {c.author}{note}"
    elif c.action == "reject" and c.target_kind == "incident":
        update = {"grade": "discounted", "grade_reason": f"discounted: rejected by analyst {c.author}{note}",
                  "flags": sorted({*inc.flags, "rejected"})}  # fmt: skip
    elif c.action == "confirm" and c.target_kind == "incident":
        update = {"grade": "confirmed", "grade_reason": f"confirmed by analyst {c.author}{note}"}
    elif c.action == "confirm":
        update = {"flags": sorted({*inc.flags, "event_confirmed_by_analyst"})}
    return inc.model_copy(update=update)


def apply_incident_corrections(
    incidents: list[Incident], corrections: Sequence[Correction]
) -> list[Incident]:
    """Step 3, plus a history entry for every correction on the incident(s) it concerns."""
    by_id = {inc.id: inc for inc in incidents}
    gone = withdrawn_ids(corrections)
    for c in corrections:
        applies = c.action != "withdraw" and c.id not in gone
        targets = _targets(list(by_id.values()), c)
        for inc in targets:
            changed = _apply_one(inc, c) if applies and inc is targets[0] else inc
            by_id[inc.id] = changed.model_copy(
                update={"history": [*changed.history, _entry(c, withdrawn=c.id in gone)], "corrected": True}
            )
    return [by_id[inc.id] for inc in incidents]


def _targets(incidents: list[Incident], c: Correction) -> list[Incident]:
    """The incident a correction acts on first, then any other incident it reshaped."""
    main = _target(incidents, c)
    if main is None:
        return []
    if c.action != "split":
        return [main]
    split = set(c.payload.get("split_event_ids") or [c.target_id])
    rest = [inc for inc in incidents if inc is not main and set(inc.event_ids) & (
        set(c.payload.get("event_ids", [])) | split)]  # fmt: skip
    return [main, *rest]


def sort_history(inc: Incident) -> Incident:
    def key(entry: HistoryEntry) -> tuple[dt.datetime, int]:
        at = entry.at.astimezone(dt.UTC).replace(tzinfo=None) if entry.at.tzinfo else entry.at
        return at, 0 if entry.by == "pipeline" else 1

    return inc.model_copy(update={"history": sorted(inc.history, key=key)})
