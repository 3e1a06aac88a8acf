"""The ACLED sub-event <-> PLOVER type/mode crosswalk, read from data/crosswalk/acled_plover.csv.

PLOVER -> ACLED (`acled_for`) takes the first row that matches the type, the mode,
the recipient (an armed side or not, or one named sector: force against protesters), the
actor's sector where a row names one (a crowd's beating is Mob violence) and the cue where a
row names one: a named word set of the language pack (`cues.json`) that the engine found in
the event's clause or sentence (`Event.cues`: "threw a grenade", "recaptured the town"), so
that the ACLED sub-event can be finer than PLOVER's type and mode without bending them.
A row's actor and cue may list alternatives joined by `|`; in a cue, `+` joins cues that
must all be there ("territory_taken+withdrawal": a town taken as the other side withdrew). ACLED -> PLOVER (`plover_for`)
takes the first row for the sub-event type. The file is the single place where the two vocabularies meet: the
ACLED-style export and the benchmarks that score ACLED-coded text read it.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from chronicler.config import data_dir
from chronicler.errors import ChroniclerError, E
from chronicler.records import EVENT_TYPES, SECTORS

ARMED_SECTORS = frozenset({"military", "police", "armed_group", "criminal_organisation"})
_DIRECTIONS = frozenset({"both", "to_plover", "to_acled"})
_CUE_NAME = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class Row:
    acled_event_type: str
    acled_sub_event_type: str
    plover_type: str  # "*" = any (only in to_acled rows)
    plover_mode: str  # "*" = any
    recipient: str  # armed | other | * | - (no sector known) | a sector
    direction: str
    actor: str = "*"  # * | sectors joined by "|" (to_acled rows only): a mob's beating is Mob violence
    cue: str = ""  # "" | cue names joined by "|" (cues.json): one of them must be on the event

    def actors(self) -> tuple[str, ...]:
        return tuple(self.actor.split("|"))

    def cue_groups(self) -> tuple[frozenset[str], ...]:
        """The row's cue alternatives ('|'), each a set of cues that must all be there ('+')."""
        return tuple(frozenset(alt.split("+")) for alt in self.cue.split("|") if alt)

    def cues(self) -> tuple[str, ...]:
        return tuple(sorted({c for group in self.cue_groups() for c in group}))


@functools.lru_cache(maxsize=1)
def crosswalk() -> tuple[Row, ...]:
    path = data_dir() / "crosswalk" / "acled_plover.csv"
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    rows = []
    for number, raw in enumerate(csv.DictReader(lines), start=2):
        row = Row(**{k: (v or "").strip() or ("*" if k == "actor" else "") for k, v in raw.items()})
        if row.plover_type not in (*EVENT_TYPES, "*") or row.direction not in _DIRECTIONS or (
            row.recipient not in ("armed", "other", "*", "-", *SECTORS)
            or not (row.actor == "*" or all(a in SECTORS for a in row.actors()))
            or not all(_CUE_NAME.fullmatch(c) for c in row.cues())
        ):
            raise ChroniclerError(E.KB_BAD_FILE, path=str(path), detail=f"row {number}: {raw}")
        rows.append(row)
    return tuple(rows)


def cue_names() -> frozenset[str]:
    """Every cue a crosswalk row names (each language pack's cues.json defines them all)."""
    return frozenset(c for row in crosswalk() for c in row.cues())


def acled_for(
    event_type: str, mode: str | None, recipient_sector: str | None, actor_sector: str | None = None,
    cues: Iterable[str] = (),
) -> tuple[str, str]:  # fmt: skip
    """(ACLED event_type, sub_event_type) of a PLOVER event; `cues`: the names of its cues."""
    armed = "armed" if recipient_sector in ARMED_SECTORS else "other"
    found = frozenset(cues)
    for row in crosswalk():
        if row.direction == "to_plover":
            continue
        if row.plover_type not in (event_type, "*") or row.plover_mode not in (mode or "-", "*"):
            continue
        if row.actor != "*" and actor_sector not in row.actors():
            continue
        if row.cue and not any(group <= found for group in row.cue_groups()):
            continue
        if row.recipient in (armed, "*") or row.recipient == recipient_sector or (
            row.recipient == "-" and recipient_sector is None
        ):
            return row.acled_event_type, row.acled_sub_event_type
    return "Strategic developments", "Other"


def plover_for(sub_event_type: str) -> tuple[str, str | None] | None:
    """(PLOVER type, mode) of an ACLED sub-event type; None for "Other" and unknown ones."""
    wanted = sub_event_type.strip().lower()
    for row in crosswalk():
        if row.direction == "to_acled" or row.acled_sub_event_type.lower() != wanted:
            continue
        if row.plover_type == "*":
            return None
        return row.plover_type, None if row.plover_mode == "*" else row.plover_mode
    return None
