"""The `events` component: detection, typing and arguments in one step.

The engine is three registered components, `detect` -> `type` -> `arguments` (see
chronicler.extract.detect, .classify, .roles); `events` runs the three with their
settings (`config: {events: {type: {...}, detect: {...}}}`), for configs that name the
engine as one step.
"""

from __future__ import annotations

from typing import Any

from chronicler.extract.classify import TypeRule, make_type
from chronicler.extract.detect import make_detect
from chronicler.extract.lexicon import Lexicon
from chronicler.extract.roles import SCRATCH_TRIGGER_TOKENS, assign_arguments, make_arguments
from chronicler.pipeline import DocContext, component
from chronicler.records import Event

__all__ = ["SCRATCH_TRIGGER_TOKENS", "events_for_doc", "make_events"]


def events_for_doc(ctx: DocContext, lex: Lexicon) -> list[Event]:
    """The events of one parsed article, from the lexicon alone (for benchmarks)."""
    from chronicler.extract.classify import SCRATCH_TYPED, events_of, type_candidates
    from chronicler.extract.detect import SCRATCH_CANDIDATES, doc_candidates

    ctx.scratch[SCRATCH_CANDIDATES] = doc_candidates(ctx, lex)
    kept = type_candidates(ctx, lex, TypeRule(), None)
    ctx.scratch[SCRATCH_TYPED] = {c.event_id: c for c in kept}
    ctx.events = events_of(ctx, kept)
    assign_arguments(ctx, lex)
    return ctx.events


@component(
    "events",
    requires=("doc",),
    assigns=("candidates", "events", "events.type", "events.arguments"),
)
def make_events(detect: dict[str, Any] | None = None, type: dict[str, Any] | None = None,  # noqa: A002
                **_: Any) -> Any:  # fmt: skip
    steps = [make_detect(**(detect or {})), make_type(**(type or {})), make_arguments()]

    def run(ctx: DocContext) -> None:
        for step in steps:
            step(ctx)

    return run
