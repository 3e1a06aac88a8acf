"""What the typing tests share: one sentence through the default pipeline, and the ACLED
sub-event of its events as the export reads them (crosswalk, cues, sectors)."""

from __future__ import annotations

import datetime as dt

from chronicler.export.acled import acled_codes
from chronicler.pipeline import Input, Pipeline
from chronicler.records import Event


def events_of(engine: Pipeline, text: str, language: str) -> list[Event]:
    item = Input("t", text, dt.date(2026, 3, 2), language=language)
    return next(iter(engine.run([item]))).events


def sub_event(ev: Event) -> str | None:
    actor = ev.actor.sector if ev.actor else None
    recipient = ev.recipient.sector if ev.recipient else None
    cues = [c.name for c in ev.cues]
    return acled_codes(ev.event_type, ev.mode, recipient, ev.status, actor, cues).sub_event_type


def first_sub_event(events: list[Event]) -> str | None:
    """The sub-event of the first event in text order that has one."""
    for ev in sorted(events, key=lambda e: e.trigger.start):
        sub = sub_event(ev)
        if sub:
            return sub
    return None
