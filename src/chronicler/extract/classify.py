"""The `type` component: PLOVER type and mode for each candidate, or no event at all.

Two sources of belief are combined:
- the lexicon: each reading of the trigger has a prior (its line's confidence, lowered
  by `guard_penalty` for every guard of the line that failed);
- the trained typer (`chronicler.extract.typer`, when installed with weights): a
  probability for every type and for NONE, read from the whole sentence.

Without the typer the lexicon decides alone, as before: the first reading whose guards
hold, provided its prior reaches `min_prior`. With the typer (measured on the reference
article and the dev sets: the typer reads the *sentence*, so in a sentence with several
triggers it cannot tell which one it means):
- a candidate is dropped when P(NONE) >= `none_threshold` (disasters, talk, totals);
- a reading whose guards hold keeps its type, the first in lexicon order as without the
  typer, with confidence prior * (1 - P(NONE));
- a reading whose only failed guards judge the sentence's context (`CONTEXT_GUARDS`:
  "is there violence / a protest / a crowd here?") is rescued when the typer's top type
  is that reading's type with P >= `rescue_threshold` (in a sentence of at least
  `rescue_min_words` words); guards on the trigger's own arguments (its object is a
  weapon, a body, a partner ...) are never overruled; a rescued reading's confidence is
  the weighted geometric mean prior ** lexicon_weight * P(type) ** model_weight;
- the typer's own type replaces the lexicon's only when it is surer than
  `model_override` (off by default: measured, it only hurt) and the trigger has
  readings left.
- a **note** (a text of at most `note_max_sentences` sentences: an ACLED-style summary,
  a feed snippet, a headline) is typed more by the typer, which reads its whole sentence
  as it was trained to: the typer is asked about every candidate (scope `all`), its type
  replaces the lexicon's when it is surer than `note_override` (never against a reading
  that held, or failed, on a guard about the trigger's own arguments), and where the lexicon kept
  no event at all the typer's surest reading of a sentence above `note_threshold` is the
  event (anchored on that candidate, or on the sentence's root when no word is a
  trigger: "rebels took control of the town"). Measured on the ACLED-register tune part,
  dev-a and bench/eval_spanish.py dev (docs/engine.md, "Notes").
Every knob is a component setting (`config: {type: {...}}`), `typer: off` turns the
model off. Structural reasons found by `detect` (disaster, aggregate, political talk)
always drop the candidate.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import itertools
import logging
from dataclasses import dataclass, fields
from typing import Any, Protocol, cast

from chronicler.errors import ChroniclerError
from chronicler.extract.arguments import child as child_of
from chronicler.extract.detect import (
    SCRATCH_CANDIDATES,
    SCRATCH_NON_EVENTS,
    Candidate,
    disaster_sentence,
)
from chronicler.extract.guards import Reading, lexicon_choice, refine_mode
from chronicler.extract.lexicon import Lexicon, load_lexicon
from chronicler.pipeline import DocContext, component, event_id
from chronicler.records import Event, Span
from chronicler.version import PIPELINE_VERSION

log = logging.getLogger(__name__)
NONE_LABEL = "NONE"
# Guards that ask about the sentence rather than the trigger's own arguments: a sentence
# model may overrule them.
CONTEXT_GUARDS = frozenset({"violence_ctx", "protest_ctx", "crowd_ctx", "terror", "threat_ctx"})


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
    # Chosen on bench/dev_type_rule.py (development numbers): the typer is too sure of NONE
    # for real events ("blocked the highway", "the offensive is ongoing") below 0.9.
    none_threshold: float = 0.9
    lexicon_weight: float = 1.0
    model_weight: float = 1.0
    min_score: float = 0.3
    rescue_threshold: float = 0.9
    rescue_min_words: float = 4  # a fragment ("Flawless execution.") is no sentence to judge
    # The typer is sure of ASSAULT for "three men were arrested by soldiers": off by default.
    model_override: float = 1.01
    scope_all: float = 0.0  # 1: ask the typer about every candidate (scope "all"), else "rescue"
    # A note (an ACLED-style summary, a feed snippet: at most this many sentences, 0 = off)
    # reports an event; where the lexicon kept none, the typer reading the whole sentence
    # decides, when it is this sure of a type (see `note_choice`).
    note_max_sentences: float = 3
    note_threshold: float = 0.5
    # In a note the typer is asked about every candidate (scope "all": NONE >= none_threshold
    # drops, "slammed her rival" is talk) and its type replaces the lexicon's above this.
    note_override: float = 0.9

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> TypeRule:
        known = {f.name for f in fields(cls)}
        values = {k: float(v) for k, v in settings.items() if k in known}
        if "scope" in settings:
            values["scope_all"] = 1.0 if settings["scope"] == "all" else 0.0
        return cls(**values)


def rule_scope(rule: TypeRule) -> str:
    return "all" if rule.scope_all else "rescue"


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
    if scores.get(NONE_LABEL, 0.0) >= rule.none_threshold and not _argument_held(cand):
        return None
    weights = rule.lexicon_weight + rule.model_weight
    best: Choice | None = None
    for reading in cand.readings:
        if reading.blocked or reading.failed and not _rescued(cand, reading, pred, rule):
            continue
        prior = reading.prior(rule.guard_penalty)
        if reading.failed:  # rescued: as sure as lexicon and typer together
            p = max(scores.get(reading.event_type, 0.0), 1e-6)
            score = (prior**rule.lexicon_weight * p**rule.model_weight) ** (1.0 / weights)
        else:  # the typer's doubt that the sentence states any event at all
            score = prior * (1.0 - scores.get(NONE_LABEL, 0.0))
        best = Choice(reading.event_type, reading.mode, score, reading)
        break  # lexicon order: the typer reads the sentence, not which trigger means what
    model_type = pred.event_type
    if (
        model_type
        and pred.probability >= rule.model_override
        and (best is None or best.event_type != model_type)
        and not all(r.blocked for r in cand.readings)
        and not _argument_evidence(best)
        and (best is not None or _context_only(cand, model_type))
    ):
        return Choice(model_type, pred.mode, pred.probability, None)
    if best is not None and best.reading is not None and not best.reading.failed:
        return best  # a reading whose guards hold is not dropped for a low typer score
    return best if best is not None and best.confidence >= rule.min_score else None


def _argument_held(cand: Candidate) -> bool:
    """Does the first reading the lexicon would keep hold on a guard about the trigger's own
    arguments ("discharged his firearm": a weapon as object)? The typer's "no event" does
    not drop that reading, as its type is not overridden either (`_argument_evidence`)."""
    first = next((r for r in cand.readings if not r.blocked and not r.failed), None)
    return first is not None and _held_on_arguments(first)


def denies_harm(sent: Any, lex: Lexicon) -> bool:
    """Does the sentence say someone came to no harm: an `unhurt_words` word as the
    complement of its root ("He was unharmed", "resultó ilesa"), or a negated root that is,
    or takes as complement, a harm (`harm_verbs` lemmas, `harm_states` words: "He was not
    hurt", "No resultó herido")?"""
    root = sent.root
    said = {root.lemma_.lower(), root.lower_} | {
        w for c in root.children if c.dep_ in ("acomp", "dobj", "xcomp", "attr", "oprd") for w in (c.lemma_.lower(), c.lower_)
    }
    if said & lex.word_set("unhurt_words"):
        return True
    negated = any(c.dep_ == "neg" for c in root.children)
    return negated and bool(said & (lex.word_set("harm_verbs") | lex.word_set("harm_states")))


def _refused(cand: Candidate, event_type: str) -> bool:
    """Did a reading of this very type fail a guard on the trigger's own arguments ("a man
    was found": ASSAULT needs a body found)? A sentence model does not overrule that."""
    return any(
        r.event_type == event_type and not set(r.failed) <= CONTEXT_GUARDS for r in cand.readings
    )


def _context_only(cand: Candidate, event_type: str) -> bool:
    """May a sure typer make this candidate, which no reading kept, an event of its type?
    Only where some reading failed guards on the sentence's context alone, and no reading
    of that very type failed a guard on the trigger's own arguments ("the strike would go
    on": PROTEST strike needs a labour dispute; the typer is sure of a protest)."""
    return not _refused(cand, event_type) and any(not r.blocked and set(r.failed) <= CONTEXT_GUARDS for r in cand.readings)


def _argument_evidence(best: Choice | None) -> bool:
    """Did the chosen reading hold on a guard about the trigger's own arguments ("gunmen
    blocked": an armed subject)? That is evidence the sentence model cannot weigh, so it
    is not overridden, as such guards are never overruled when they fail."""
    return best is not None and best.reading is not None and _held_on_arguments(best.reading)


def _held_on_arguments(reading: Reading) -> bool:
    """A reading whose guards all held, one of them on the trigger's own arguments."""
    needs = reading.entry.needs
    if reading.failed or not needs:
        return False
    return not set(needs.split("+")) <= CONTEXT_GUARDS


def _rescued(cand: Candidate, reading: Reading, pred: Prediction, rule: TypeRule) -> bool:
    """A failed context guard yields to a typer sure of this very type, in a sentence."""
    words = sum(1 for t in cand.sent if t.is_alpha) if cand.sent is not None else rule.rescue_min_words
    return (
        words >= rule.rescue_min_words
        and set(reading.failed) <= CONTEXT_GUARDS
        and pred.event_type == reading.event_type
        and pred.scores.get(reading.event_type, 0.0) >= rule.rescue_threshold
    )


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


def needs_typer(cand: Candidate, scope: str) -> bool:
    """Is the typer asked about this candidate? `all`: every one (it may also drop
    events the lexicon keeps, as NONE); `rescue`: only those the lexicon would drop and a
    sure typer could keep (every failed guard a context guard), also where the lexicon
    settles on a later, weaker reading ("villagers attacked two men with sticks": the
    assault lacks a violence word, the fallback ACCUSE holds) -- a few sentences per
    article instead of every one that holds a trigger."""
    if scope == "all":
        return True
    chosen = lexicon_choice(cand.readings)
    before = cand.readings if chosen is None else cand.readings[: cand.readings.index(chosen)]
    return any(r.failed and not r.blocked and set(r.failed) <= CONTEXT_GUARDS for r in before)


def trigger_feature(cand: Candidate) -> str:
    """The trigger as the typer was trained on it: the lexicon lemma, lower-cased (training
    attaches the lemma of the first trigger word, bench/train_event_typer.py), not the word
    as written -- "arrested" is a feature the model never saw, "arrest" one it weighs."""
    if cand.readings:
        return cand.readings[0].entry.lemma.lower()
    return cand.token.lemma_.lower()


def _predictions(
    typer: Typer | None, cands: list[Candidate], text: str, language: str, scope: str = "all"
) -> list[Any]:
    out: list[Any] = [None] * len(cands)
    if typer is None:
        return out
    asked = [i for i, c in enumerate(cands) if needs_typer(c, scope)]
    keys = {(cands[i].sent.start_char, cands[i].token.lemma_): i for i in asked}  # one call each
    order = list(keys)
    if not order:
        return out
    sentences = [text[start : cands[keys[k]].sent.end_char].strip() for k in order for start in (k[0],)]
    triggers: list[str | None] = [trigger_feature(cands[keys[k]]) for k in order]
    found = dict(zip(order, typer.predict(sentences, language=language, triggers=triggers), strict=True))
    for i in asked:
        out[i] = found[(cands[i].sent.start_char, cands[i].token.lemma_)]
    return out


# --- notes: the typer over the whole sentence --------------------------------------------


def note_sentences(doc: Any, rule: TypeRule) -> list[Any]:
    """The sentences of a note (at most `note_max_sentences`), or none for a longer text."""
    limit = int(rule.note_max_sentences)
    if limit <= 0:
        return []
    sents = list(itertools.islice(doc.sents, limit + 1))
    return sents if len(sents) <= limit else []


def note_choice(
    ctx: DocContext, cands: list[Candidate], rule: TypeRule, typer: Typer, lex: Lexicon | None = None
) -> tuple[Candidate, Choice] | None:
    """A note in which the lexicon kept no event (every reading failed a guard, or no word
    is a trigger: "took control of the town", "held two officials hostage"): the typer
    reads each sentence, with the lemma of each of its candidates or, without one, alone,
    and the surest reading of a type wins when it reaches `note_threshold`. The anchor is
    that candidate (its own reading of the type when it has one) or the sentence's root. A
    note that says its person came to no harm has no assault by the typer alone ("A man was
    found in a field. He was not hurt.": `denies_harm`)."""
    options: list[tuple[Candidate, str | None]] = []
    lex = lex or load_lexicon(ctx.language)
    for sent in note_sentences(ctx.doc, rule):
        if sum(1 for t in sent if t.is_alpha) < rule.rescue_min_words:
            continue
        own = [c for c in cands if c.sent.start_char == sent.start_char]
        if disaster_sentence(sent, lex):
            # a disaster told, its triggers (if any) failing their guards ("An Air Force jet
            # crashed"): the typer alone reads no event into it
            continue
        if own:  # a reading that structure rules out ("a list of shooting victims") stays out
            options.extend((c, trigger_feature(c)) for c in own if not all(r.blocked for r in c.readings))
        elif sent.root.pos_ in ("VERB", "NOUN") and not any(c.dep_ == "neg" for c in sent.root.children):
            # a root the sentence denies ("He was not hurt.") is no event the note reports
            options.append((Candidate(sent.root, [], sent, sent.root.i), None))
    if not options:
        return None
    texts = [ctx.text[c.sent.start_char : c.sent.end_char].strip() for c, _ in options]
    preds = typer.predict(texts, language=ctx.language, triggers=[t for _, t in options])
    unhurt = any(denies_harm(sent, lex) for sent in note_sentences(ctx.doc, rule))

    def sureness(i: int) -> float:
        pred = preds[i]
        if pred.event_type is None or (pred.event_type == "ASSAULT" and unhurt):
            return 0.0
        return pred.probability

    best = max(range(len(options)), key=sureness)
    if not sureness(best):
        return None
    pred, cand = preds[best], options[best][0]
    if pred.event_type is None or pred.probability < rule.note_threshold:
        return None
    reading = next((r for r in cand.readings if r.event_type == pred.event_type and not r.blocked), None)
    mode = reading.mode if reading is not None else pred.mode
    return cand, Choice(pred.event_type, mode, pred.probability, reading)


# --- events ---------------------------------------------------------------------------


def light_verb_span(cand: Candidate, lex: Lexicon) -> tuple[int, int]:
    """The trigger as written: an event noun under a light verb reads with it ("opened
    fire", "set fire", "used tear gas", "resorted to a lathi charge")."""
    tok = cand.token
    verb = None
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "dobj":
        verb = tok.head
    elif tok.dep_ == "pobj" and tok.head.dep_ == "prep" and child_of(tok.head.head, "dobj") is None:
        verb = tok.head.head  # "resorted to a lathi charge", not "set fire ... after the arrest"
    if verb is None or verb.i >= tok.i or verb.lemma_.lower() not in lex.word_set("light_verbs"):
        return cand.start, cand.end
    return cand.offset + verb.idx, cand.end


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
    if typer is not None and rule.note_override <= 1.0 and note_sentences(ctx.doc, rule):
        rule = dataclasses.replace(rule, scope_all=1.0, model_override=rule.note_override)
    preds = _predictions(typer, open_cands, ctx.text, ctx.language, rule_scope(rule))
    kept: list[Candidate] = []
    for cand, pred in zip(open_cands, preds, strict=True):
        choice = combined_decision(cand, pred, rule) if pred is not None else lexicon_decision(cand, rule)
        if choice is not None:
            kept.append(_typed(ctx, lex, cand, choice))
    if not kept and not set_aside and typer is not None:
        found = note_choice(ctx, open_cands, rule, typer, lex)
        if found is not None:
            kept.append(_typed(ctx, lex, *found))
    ctx.scratch[SCRATCH_NON_EVENTS] = set_aside
    return kept


def _typed(ctx: DocContext, lex: Lexicon, cand: Candidate, choice: Choice) -> Candidate:
    # The typer's mode too yields to the means the text names ("launched dozens of rockets":
    # heavy weapons, not firearms); refine_mode lets a set mode go only to a delivery or an override.
    mode = refine_mode(cand.token, choice.event_type, choice.mode, lex)
    cand.event_type, cand.mode, cand.confidence = choice.event_type, mode, choice.confidence
    cand.reading = choice.reading
    cand.span = light_verb_span(cand, lex)
    cand.event_id = event_id(ctx.article_id, *cand.span, choice.event_type)
    return cand


def events_of(ctx: DocContext, cands: list[Candidate]) -> list[Event]:
    text = ctx.text
    sentences: dict[int, Span] = {}
    events = []
    for cand in cands:
        start = cand.sent.start_char
        if start not in sentences:
            sentences[start] = sentence_span(cand.sent, text)
        assert cand.event_id is not None and cand.event_type is not None
        start_char, end_char = cand.span or (cand.start, cand.end)
        events.append(
            Event(
                id=cand.event_id,
                article_id=ctx.article_id,
                event_type=cand.event_type,  # type: ignore[arg-type]
                mode=cand.mode,
                trigger=_span(text, start_char, end_char),
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
    state: dict[str, Typer | None] = {"model": load_optional_typer(typer)}

    def run(ctx: DocContext) -> None:
        lex = load_lexicon(ctx.language)
        model = state["model"] if _pack_uses_typer(ctx.language) else None
        try:
            kept = type_candidates(ctx, lex, rule, model)
        except ChroniclerError as exc:  # e.g. the encoder's package is missing (E335)
            if typer == "on":
                raise
            log.warning("event typer unusable, typing from the lexicon: %s", exc.message)
            state["model"] = None
            kept = type_candidates(ctx, lex, rule, None)
        ctx.scratch[SCRATCH_TYPED] = {c.event_id: c for c in kept}
        ctx.events.extend(events_of(ctx, kept))

    return run
