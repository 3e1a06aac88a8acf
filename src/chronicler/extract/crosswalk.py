"""The ACLED sub-event <-> PLOVER type/mode crosswalk, read from data/crosswalk/acled_plover.csv.

PLOVER -> ACLED (`acled_for`) takes the first row that matches the type, the mode,
the recipient (an armed side or not, or one named sector: force against protesters) and
the actor's sector where a row names one (a crowd's beating is Mob violence); ACLED -> PLOVER (`plover_for`) the first row for
the sub-event type. The file is the single place where the two vocabularies meet: the
ACLED-style export and the benchmarks that score ACLED-coded text read it.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass

from chronicler.config import data_dir
from chronicler.errors import ChroniclerError, E
from chronicler.records import EVENT_TYPES, SECTORS

ARMED_SECTORS = frozenset({"military", "police", "armed_group", "criminal_organisation"})
_DIRECTIONS = frozenset({"both", "to_plover", "to_acled"})


@dataclass(frozen=True)
class Row:
    acled_event_type: str
    acled_sub_event_type: str
    plover_type: str  # "*" = any (only in to_acled rows)
    plover_mode: str  # "*" = any
    recipient: str  # armed | other | * | a sector
    direction: str
    actor: str = "*"  # * | a sector (to_acled rows only): a mob's beating is Mob violence


@functools.lru_cache(maxsize=1)
def crosswalk() -> tuple[Row, ...]:
    path = data_dir() / "crosswalk" / "acled_plover.csv"
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    rows = []
    for number, raw in enumerate(csv.DictReader(lines), start=2):
        row = Row(**{k: (v or "").strip() or ("*" if k == "actor" else "") for k, v in raw.items()})
        if row.plover_type not in (*EVENT_TYPES, "*") or row.direction not in _DIRECTIONS or (
            row.recipient not in ("armed", "other", "*", *SECTORS) or row.actor not in ("*", *SECTORS)
        ):
            raise ChroniclerError(E.KB_BAD_FILE, path=str(path), detail=f"row {number}: {raw}")
        rows.append(row)
    return tuple(rows)


def acled_for(
    event_type: str, mode: str | None, recipient_sector: str | None, actor_sector: str | None = None
) -> tuple[str, str]:
    """(ACLED event_type, sub_event_type) of a PLOVER event."""
    armed = "armed" if recipient_sector in ARMED_SECTORS else "other"
    for row in crosswalk():
        if row.direction == "to_plover":
            continue
        if row.plover_type not in (event_type, "*") or row.plover_mode not in (mode or "-", "*"):
            continue
        if row.actor not in ("*", actor_sector):
            continue
        if row.recipient in (armed, "*") or row.recipient == recipient_sector:
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
