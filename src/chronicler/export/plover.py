"""Records -> PLOVER/POLECAT-style event records (their field names where they exist).

PLOVER has no status field: `status` is added, and exports hold only what happened
(occurred, ongoing) unless asked for more.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from chronicler.export.acled import RowContext, _name
from chronicler.export.columns import What


def _party(entity: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if not entity:
        return None
    sector = entity.get("sector")
    return {"name": _name(entity), "text": entity.get("text"), "id": entity.get("entity_id"),
            "country": entity.get("country"), "sector": [sector] if sector else []}  # fmt: skip


def plover_record(rec: Mapping[str, Any], what: What = "incidents", ctx: RowContext | None = None) -> dict[str, Any]:
    extra = (ctx or RowContext()).extra
    loc = rec.get("location") or {}
    date = rec.get("date") or {}
    if what == "incidents":
        story_ids = [s["article_id"] for s in rec.get("sources") or []]
        sources = [s.get("outlet") for s in rec.get("sources") or [] if s.get("outlet")]
    else:
        story_ids = [rec["article_id"]]
        sources = [extra["outlet"]] if extra.get("outlet") else []
    out: dict[str, Any] = {
        "id": rec["id"], "date": date.get("start"), "date_end": date.get("end"),
        "date_precision": date.get("precision"), "event_type": rec["event_type"],
        "mode": rec.get("mode"), "context": [], "status": rec.get("status"),
        "actor": _party(rec.get("actor")), "recipient": _party(rec.get("recipient")),
        "location": [{"placename": loc.get("name") or loc.get("text"), "admin2": loc.get("admin2"),
                      "state": loc.get("admin1"), "state_code": loc.get("admin1_code"),
                      "country": loc.get("country"), "lat": loc.get("latitude"),
                      "lon": loc.get("longitude"), "precision": loc.get("precision")}] if loc else [],
        "story_ids": story_ids, "sources": list(dict.fromkeys(sources)),
        "version": rec.get("pipeline_version"),
    }  # fmt: skip
    if what == "incidents":
        out.update(grade=rec.get("grade"), event_ids=rec.get("event_ids", []),
                   first_reported_at=rec.get("first_reported_at"))  # fmt: skip
    else:
        out.update(event_text=(rec.get("sentence") or {}).get("text"), incident_id=extra.get("incident_id"),
                   confidence=rec.get("confidence"))  # fmt: skip
    return out
