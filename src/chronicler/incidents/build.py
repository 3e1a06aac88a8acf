"""Build one Incident record from its member events and their articles (machine output)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Sequence

from chronicler.incidents.features import report_rank
from chronicler.incidents.reconcile import (
    assess,
    reconcile_date,
    reconcile_place,
    reconcile_roles,
    reconcile_toll,
)
from chronicler.incidents.sources import SourceView, build_sources
from chronicler.records import Article, Event, HistoryEntry, Incident, Toll
from chronicler.version import PIPELINE_VERSION

# Re-grading after every report costs O(n^2) per incident; beyond this many
# sources the history lists the reports without the running grade.
HISTORY_REGRADE_LIMIT = 40
_EPOCH = dt.datetime(1970, 1, 1)


def incident_id(seed_event_id: str) -> str:
    """Stable id: derived from the event reported first (see merge.seed_index)."""
    return "inc-" + hashlib.sha256(seed_event_id.encode()).hexdigest()[:16]


def seed_event(events: Sequence[Event], articles: dict[str, Article]) -> Event:
    def key(ev: Event) -> tuple[float, str]:
        article = articles.get(ev.article_id)
        return report_rank(article.published_at if article else None), ev.id

    return min(events, key=key)


def _toll_text(toll: Toll) -> str:
    parts = []
    for name in ("killed", "injured", "arrested", "kidnapped"):
        count = getattr(toll, name)
        if count is not None and count.best is not None:
            spread = f" ({count.low}-{count.high})" if count.low != count.high else ""
            parts.append(f"{count.best}{spread} {name}")
    return ", ".join(parts)


def _summary(inc: Incident, n_independent: int) -> str:
    what = inc.event_type + (f"/{inc.mode}" if inc.mode else "")
    parts = [what]
    if inc.actor:
        parts.append(f"by {inc.actor.canonical or inc.actor.text}")
    if inc.recipient:
        parts.append(f"against {inc.recipient.canonical or inc.recipient.text}")
    if inc.location:
        parts.append(f"in {inc.location.name or inc.location.text}")
    if inc.date and inc.date.start:
        parts.append(f"on {inc.date.start.isoformat()}")
    toll = _toll_text(inc.toll)
    tail = f"{len(inc.sources)} source(s), {n_independent} independent"
    return " ".join(parts) + (f": {toll}" if toll else "") + f" [{tail}]"


def build_incident(
    events: Sequence[Event], articles: dict[str, Article], explanations: Sequence[str] = ()
) -> Incident:
    """Reconcile the members' claims into one incident (no analyst corrections yet)."""
    views = build_sources(events, articles)
    toll, toll_flags = reconcile_toll(views)
    date, date_flags = reconcile_date(events)
    place, place_flags = reconcile_place(events)
    types = Counter(ev.event_type for ev in events)
    event_type = min(types, key=lambda k: (-types[k], k))
    # PLOVER modes belong to one type: a COERCE "seize" merged into an attack is no ASSAULT mode
    modes = Counter(ev.mode for ev in events if ev.mode and ev.event_type == event_type)
    # a tie goes to the mode of an event that states the dead ("burned cars ... opened fire,
    # six killed": the shooting, not the arson, is how they died)
    lethal = {ev.mode for ev in events if ev.mode and ev.toll.killed is not None and ev.event_type == event_type}
    actor, recipient = reconcile_roles(events, event_type)
    flags = toll_flags + date_flags + place_flags
    verdict = assess(views, actor, flags)
    published = [v.source.published_at for v in views if v.source.published_at is not None]
    incident = Incident(
        id=incident_id(seed_event(events, articles).id),
        event_type=event_type,
        mode=min(modes, key=lambda k: (-modes[k], k not in lethal, k)) if modes else None,
        status=verdict.status,  # type: ignore[arg-type]
        grade=verdict.grade,  # type: ignore[arg-type]
        grade_reason=verdict.reason,
        date=date,
        location=place,
        actor=actor,
        recipient=recipient,
        toll=toll,
        cues=sorted({c.name for ev in events if ev.event_type == event_type for c in ev.cues}),
        event_ids=sorted(ev.id for ev in events),
        sources=[v.source for v in views],
        first_reported_at=min(published, key=_naive) if published else None,
        merge_explanations=list(explanations),
        flags=sorted(set(flags + verdict.flags)),
        pipeline_version=PIPELINE_VERSION,
    )
    independent = len({v.root for v in views})
    return incident.model_copy(
        update={"summary": _summary(incident, independent), "history": machine_history(views, actor)}
    )


def _naive(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo else value


def _report_time(view: SourceView) -> dt.datetime:
    article = view.article
    when = view.source.published_at or (article.ingested_at if article else None) or _EPOCH
    return _naive(when)


def machine_history(views: Sequence[SourceView], actor: object) -> list[HistoryEntry]:
    """One entry per report, in the order they were published, with the grade it led to."""
    entries = []
    regrade = len(views) <= HISTORY_REGRADE_LIMIT
    for n, view in enumerate(views, start=1):
        src = view.source
        how = "independent" if src.independent else f"relays {src.relays}"
        what = f"report {n}: {src.outlet or src.article_id} ({how}), says {src.status}"
        if regrade:
            prefix = views[:n]
            toll, flags = reconcile_toll(prefix)
            verdict = assess(prefix, actor, flags)  # type: ignore[arg-type]
            toll_text = _toll_text(toll)
            what += (f"; toll {toll_text}" if toll_text else "") + f"; grade {verdict.grade}"
        entries.append(HistoryEntry(at=_report_time(view), what=what, pipeline_version=PIPELINE_VERSION))
    return entries
