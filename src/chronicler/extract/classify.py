"""The `type` component: PLOVER type and mode for each candidate, or no event at all.

Two sources of belief are combined:
- the lexicon: each reading of the trigger has a prior (its line's confidence, lowered
  by `guard_penalty` for every guard of the line that failed);
- the trained typer (`chronicler.extract.typer`, when installed with weights): a
  probability for every type and for NONE, read from the whole sentence.

Without the typer the lexicon decides alone, as before: the first reading whose guards
hold, provided its prior reaches `min_prior`. With the typer, a candidate is dropped when
P(NONE) >= `none_threshold`; otherwise each reading scores
    prior ** lexicon_weight * P(type) ** model_weight   (a weighted geometric mean)
and the best one wins if it reaches `min_score`; a typer that is surer than
`model_override` of a type no reading offers overrides the lexicon. Every knob is a
component setting (`config: {type: {...}}`), so the typer's evaluation can tune them.
Structural reasons found by `detect` (disaster, aggregate, political talk) always drop
the candidate.
"""

from __future__ import annotations

import functools
import importlib
import logging
from dataclasses import dataclass, fields
from typing import Any, Protocol, cast

from chronicler.errors import ChroniclerError
from chronicler.extract.detect import SCRATCH_CANDIDATES, SCRATCH_NON_EVENTS, Candidate
from chronicler.extract.guards import Reading, lexicon_choice, refine_mode
from chronicler.extract.lexicon import Lexicon, load_lexicon
from chronicler.pipeline import DocContext, component, event_id
from chronicler.records import Event, Span
from chronicler.version import PIPELINE_VERSION

log = logging.getLogger(__name__)
NONE_LABEL = "NONE"


class Prediction(Protocol):
    """What `chronicler.extract.typer.TypePrediction` offers (see docs/engine.md)."""

    event_type: str | None
    mode: str | None
    probability: float
    scores: dict[str, float]


class Typer(Protocol):
    def predict(
        self, sentences: list[str], language: str = "en", triggers: list[str | None] | None = None
    ) -> list[Any]: ...


@dataclass(frozen=True)
class TypeRule:
    """How lexicon and typer combine; see the module docstring."""

    guard_penalty: float = 0.5
    min_prior: float = 0.45
    none_threshold: float = 0.5
    lexicon_weight: float = 1.0
    model_weight: float = 1.0
    min_score: float = 0.3
    model_override: float = 0.85

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> TypeRule:
        known = {f.name for f in fields(cls)}
        return cls(**{k: float(v) for k, v in settings.items() if k in known})


@dataclass(frozen=True)
class Choice:
    event_type: str
    mode: str | None
    confidence: float
    reading: Reading | None  # None when the typer chose a type no reading offered


def lexicon_decision(cand: Candidate, rule: TypeRule) -> Choice | None:
    reading = lexicon_choice(cand.readings)
    if reading is None or reading.prior(rule.guard_penalty) < rule.min_prior:
        return None
    return Choice(reading.event_type, reading.mode, reading.entry.confidence, reading)


def combined_decision(cand: Candidate, pred: Prediction, rule: TypeRule) -> Choice | None:
    scores = pred.scores
    if scores.get(NONE_LABEL, 0.0) >= rule.none_threshold:
        return None
    weights = rule.lexicon_weight + rule.model_weight
    best: Choice | None = None
    for reading in cand.readings:
        if reading.blocked:
            continue
        prior = reading.prior(rule.guard_penalty)
        p = max(scores.get(reading.event_type, 0.0), 1e-6)
        score = (prior**rule.lexicon_weight * p**rule.model_weight) ** (1.0 / weights)
        if best is None or score > best.confidence:
            best = Choice(reading.event_type, reading.mode, score, reading)
    model_type = pred.event_type
    if (
        model_type
        and pred.probability >= rule.model_override
        and (best is None or best.event_type != model_type)
        and not all(r.blocked for r in cand.readings)
    ):
        return Choice(model_type, pred.mode, pred.probability, None)
    return best if best is not None and best.confidence >= rule.min_score else None


# --- the typer, when installed ---------------------------------------------------------


def load_optional_typer(setting: str = "auto") -> Typer | None:
    """The trained typer; `auto` falls back to the lexicon when it is not installed,
    `on` insists on it, `off` never loads it."""
    if setting == "off":
        return None
    try:
        # Imported by name: the typer module ships separately from the engine.
        typer_module = importlib.import_module("chronicler.extract.typer")
        return cast(Typer, typer_module.load_typer())
    except (ImportError, FileNotFoundError, OSError, ChroniclerError, AttributeError) as exc:
        if setting == "on":
            raise
        log.debug("no trained typer (%s): typing from the lexicon", exc)
        return None


def _predictions(typer: Typer | None, cands: list[Candidate], text: str, language: str) -> list[Any]:
    if typer is None or not cands:
        return [None] * len(cands)
    sentences = [text[c.sent.start_char : c.sent.end_char].strip() for c in cands]
    triggers: list[str | None] = [c.token.text for c in cands]
    return typer.predict(sentences, language=language, triggers=triggers)


# --- events ---------------------------------------------------------------------------


def _span(text: str, start_char: int, end_char: int) -> Span:
    return Span(start=start_char, end=end_char, text=text[start_char:end_char])


def sentence_span(sent: Any, text: str) -> Span:
    # Spans slice the article text held by the context: spaCy rebuilds Doc.text per access.
    sentence = text[sent.start_char : sent.end_char].rstrip()
    return _span(text, sent.start_char, sent.start_char + len(sentence))


def type_candidates(
    ctx: DocContext, lex: Lexicon, rule: TypeRule, typer: Typer | None = None
) -> list[Candidate]:
    """Type every candidate in place; returns those that are events, in text order."""
    cands: list[Candidate] = ctx.scratch.get(SCRATCH_CANDIDATES, [])
    open_cands = [c for c in cands if c.not_event is None]
    set_aside = [c for c in cands if c.not_event is not None]
    preds = _predictions(typer, open_cands, ctx.text, ctx.language)
    kept: list[Candidate] = []
    for cand, pred in zip(open_cands, preds, strict=True):
        choice = combined_decision(cand, pred, rule) if pred is not None else lexicon_decision(cand, rule)
        if choice is None:
            continue
        mode = choice.mode
        if choice.reading is not None or mode is None:
            mode = refine_mode(cand.token, choice.event_type, mode, lex)
        cand.event_type, cand.mode, cand.confidence = choice.event_type, mode, choice.confidence
        cand.reading = choice.reading
        cand.event_id = event_id(ctx.article_id, cand.start, cand.end, choice.event_type)
        kept.append(cand)
    ctx.scratch[SCRATCH_NON_EVENTS] = set_aside
    return kept


def events_of(ctx: DocContext, cands: list[Candidate]) -> list[Event]:
    text = ctx.text
    sentences: dict[int, Span] = {}
    events = []
    for cand in cands:
        start = cand.sent.start_char
        if start not in sentences:
            sentences[start] = sentence_span(cand.sent, text)
        assert cand.event_id is not None and cand.event_type is not None
        events.append(
            Event(
                id=cand.event_id,
                article_id=ctx.article_id,
                event_type=cand.event_type,  # type: ignore[arg-type]
                mode=cand.mode,
                trigger=_span(text, cand.start, cand.end),
                sentence=sentences[start],
                confidence=round(min(0.95, cand.confidence), 3),
                pipeline_version=PIPELINE_VERSION,
            )
        )
    return events


SCRATCH_TYPED = "typed_candidates"  # ctx.scratch key: event id -> its Candidate


@functools.lru_cache(maxsize=16)
def _pack_uses_typer(language: str) -> bool:
    """A pack may turn the typer off for its language (detect.json "typer": "off") where
    the typer types worse than the lexicon alone (measured: bench/eval_spanish.py)."""
    from chronicler.lang import load_pack

    pack = load_pack(language)
    return not (pack.has("detect") and pack.json("detect").get("typer") == "off")


@component("type", requires=("doc", "candidates"), assigns=("events", "events.type"))
def make_type(typer: str = "auto", **settings: Any) -> Any:
    """Settings: `typer` (auto | on | off) and the `TypeRule` weights and thresholds."""
    load_lexicon("en")
    rule = TypeRule.from_settings(settings)
    model = load_optional_typer(typer)

    def run(ctx: DocContext) -> None:
        typer_for_language = model if _pack_uses_typer(ctx.language) else None
        kept = type_candidates(ctx, load_lexicon(ctx.language), rule, typer_for_language)
        ctx.scratch[SCRATCH_TYPED] = {c.event_id: c for c in kept}
        ctx.events.extend(events_of(ctx, kept))

    return run
