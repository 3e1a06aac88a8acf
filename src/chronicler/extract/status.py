"""The `status` component: did the event happen, or is it planned, considered, denied …?

For each event, walk from its trigger up the dependency parse and collect cues:
negation ("did not attack"), "rule out" under negation or refusal ("refused to rule
out using force"), conditionals and modals ("if …", "would"), governing words
("discussing the possibility of strikes", "plans to deploy", "threatened to impose
tariffs", "denied that troops crossed", "continue to clash") and modifiers
("possible strikes", "the ongoing offensive"). Denials and "not ruled out" decide
wherever they sit on the path; otherwise the nearest cue decides; with no cue the
tense does ("are clashing" is ongoing, past reports occurred). "All options are on the
table" in the same clause makes an open possibility not ruled out. Runs after the
attribution component, so a denial cue that introduces the event's content counts too.

A denial or negation covers what it governs, not what its content takes for granted: in
"the minister denied that US special forces took part in the raid that killed a CJNG
commander" the raid (a definite noun under a preposition) and the killing (a relative
clause) occurred; what is denied is the participation, recorded as an event of the
raid's type at "took", with US special forces as actor and status denied (the raid
itself loses that actor).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from chronicler.extract.arguments import Token, child, entity_for
from chronicler.extract.events import SCRATCH_TRIGGER_TOKENS
from chronicler.extract.lexicon import Lexicon, load_lexicon
from chronicler.lang import load_pack
from chronicler.pipeline import DocContext, component, event_id
from chronicler.records import Event, Span

_OVERRIDES = ("denied", "not_ruled_out")
_SOFT = frozenset({"occurred", "considered", "hypothetical", "planned"})
_MAX_STEPS = 10
_SCOPED = frozenset({"denied", "negated"})  # what a presupposed event is shielded from


@dataclass(frozen=True)
class Cue:
    status: str
    first: Token
    last: Token


def _cue_span(cue: Cue, text: str) -> Span:
    start = min(cue.first.idx, cue.last.idx)
    end_tok = cue.last if cue.last.i >= cue.first.i else cue.first
    end = end_tok.idx + len(end_tok.text)
    return Span(start=start, end=end, text=text[start:end])


# --- cues on one node of the path --------------------------------------------


def _rule_out(node: Token, lex: Lexicon) -> Cue | None:
    if node.lemma_.lower() not in lex.status_sets["rule_out_verbs"]:
        return None
    # The pack's particle ("rule out"); none where one verb says it (Spanish "descartar").
    particle = str(load_pack(lex.language).json("status")["rule_out"].get("particle", ""))
    out = next((c for c in node.children if c.lower_ == particle), None) if particle else node
    if out is None:
        return None
    neg = child(node, "neg")
    if neg is not None:
        return Cue("not_ruled_out", neg, out)
    if node.dep_ == "xcomp" and node.head.lemma_.lower() in ("refuse", "decline", "fail"):
        return Cue("not_ruled_out", node.head, out)
    return Cue("negated", node, out)  # "ruled out sending troops"


def _negation(node: Token, lex: Lexicon, is_trigger: bool) -> Cue | None:
    if node.lemma_.lower() in lex.word_set("speech_verbs"):
        return None  # "did not say whether ..." says nothing about the event
    for c in node.children:
        if c.dep_ == "neg":
            return Cue("negated", c, c)
        if c.dep_ == "det" and c.lower_ == "no":
            return Cue("negated", c, c)
        if is_trigger and c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("nobody", "none"):
            return Cue("negated", c, c)
        if (
            is_trigger
            and c.dep_ in ("nsubj", "nsubjpass")
            and any(g.dep_ == "det" and g.lower_ == "no" for g in c.children)
        ):
            return Cue("negated", c, c)  # "no one was killed"
    if node.dep_ in ("pobj", "pcomp") and node.head.lower_ == "without":
        return Cue("negated", node.head, node.head)
    return None


def _modality(node: Token, lex: Lexicon) -> Cue | None:
    hypothetical, planned = _modals(lex.language)
    for c in node.children:
        if c.dep_ == "aux" and c.lower_ in hypothetical:
            return Cue("hypothetical", c, c)
    for c in node.children:
        if c.dep_ == "aux" and c.lower_ in planned:
            return Cue("planned", c, c)
    return None


@functools.lru_cache(maxsize=8)
def _modals(language: str) -> tuple[frozenset[str], frozenset[str]]:
    """Modal auxiliaries from the pack's status.json 'modal_auxiliaries' (none without it)."""
    raw = load_pack(language).json("status").get("modal_auxiliaries") or {}
    return frozenset(raw.get("hypothetical", [])), frozenset(raw.get("planned", []))


def _governor(node: Token, came_from: Token, event: Event, lex: Lexicon) -> Cue | None:
    lemma = node.lemma_.lower()
    status = lex.status_governors.get(lemma)
    sets = lex.status_sets
    if node.tag_ == "VBG" and came_from.dep_ == "xcomp" and lemma in sets.get("going_to_verbs", ()):
        status = "planned"  # "is going to deploy"
    if status is None:
        return None
    if status == "negated" and came_from.pos_ == "NOUN" and lemma in sets.get("refusal_verbs", ()):
        return None  # "rejected the request": the request itself was made
    if (
        status == "planned"
        and lemma in sets.get("threat_vows", ())
        and event.event_type in sets["hostile_types"]
    ):
        status = "threatened"
    return Cue(status, node, node)


def _modifier(node: Token, lex: Lexicon) -> Cue | None:
    for c in node.children:
        if c.dep_ in ("amod", "advmod", "acomp", "npadvmod"):
            status = lex.status_modifiers.get(c.lower_)
            if status is not None and status != "negated":
                return Cue(status, c, c)
    return None


def _node_cues(node: Token, came_from: Token | None, event: Event, lex: Lexicon) -> list[Cue]:
    """Cues on one node, strongest first (negation beats modality beats vocabulary)."""
    is_trigger = came_from is None
    # A coordinated verb shares the first one's auxiliaries ("would deploy and attack")
    # but not its meaning ("moved through and shot": the shooting was not a plan).
    lexical = came_from is not None and came_from.dep_ != "conj"
    found = [
        _rule_out(node, lex),
        _negation(node, lex, is_trigger),
        _modality(node, lex),
        _governor(node, came_from, event, lex) if lexical and came_from is not None else None,
        _modifier(node, lex) if is_trigger or lexical else None,
    ]
    return [c for c in found if c is not None]


# --- the path and the decision ------------------------------------------------------


def presupposed(trigger: Token, lex: Lexicon) -> bool:
    """A definite event noun under a preposition ("took part in the raid", "after the
    shooting") is taken for granted by its clause: denying the clause leaves it standing."""
    if trigger.pos_ not in ("NOUN", "PROPN") or trigger.dep_ != "pobj":
        return False
    definite = lex.status_sets.get("definite_dets", frozenset())
    return any(
        c.dep_ == "poss" or c.dep_ == "det" and c.lower_ in definite for c in trigger.children
    )


def _shielded(trigger: Token, lex: Lexicon) -> bool:
    """Is the trigger out of reach of a denial above it (presupposed, or in a relative clause)?"""
    if presupposed(trigger, lex):
        return True
    node = trigger
    for _ in range(_MAX_STEPS):
        if node.dep_ == "relcl":
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _path_cues(trigger: Token, event: Event, lex: Lexicon) -> tuple[list[Cue], bool]:
    """Cues from the trigger up to a clause boundary; also whether the walk was cut short.
    A presupposed trigger keeps only the cues that are not denials or negations."""
    cues, cut_short = _raw_path_cues(trigger, event, lex)
    if presupposed(trigger, lex):
        own = {trigger.i, *(c.i for c in trigger.children)}  # "no raid" still negates the raid
        cues = [c for c in cues if c.status not in _SCOPED or c.first.i in own]
    return cues, cut_short


def scoped_denial(trigger: Token, event: Event, lex: Lexicon) -> Cue | None:
    """The denial or negation a presupposed trigger is shielded from, if any."""
    if not presupposed(trigger, lex):
        return None
    cues, _ = _raw_path_cues(trigger, event, lex)
    return next((c for c in cues if c.status in _SCOPED), None)


def _raw_path_cues(trigger: Token, event: Event, lex: Lexicon) -> tuple[list[Cue], bool]:
    cues: list[Cue] = []
    node, came_from = trigger, None
    conditional = lex.status_sets["condition_marks"]
    temporal = lex.status_sets["temporal_marks"]
    for _ in range(_MAX_STEPS):
        cues.extend(_node_cues(node, came_from, event, lex))
        mark = child(node, "mark")
        if mark is not None and mark.lower_ in conditional:
            cues.append(Cue("hypothetical", mark, mark))
            return cues, True
        if node.dep_ in ("relcl", "parataxis") or (mark is not None and mark.lower_ in temporal):
            return cues, True
        if node.head.i == node.i:
            break
        node, came_from = node.head, node
    return cues, False


def _on_the_table(trigger: Token, lex: Lexicon) -> Cue | None:
    """ "all options are on the table" anywhere in the sentence."""
    subjects = lex.status_sets["table_subjects"]
    objects, preps = lex.status_sets["table_objects"], lex.status_sets["table_preps"]
    for tok in trigger.sent:
        if tok.lower_ not in objects or tok.head.lower_ not in preps:
            continue
        verb = tok.head.head
        subj = child(verb, "nsubj")
        if subj is not None and subj.lemma_.lower() in subjects:
            return Cue("not_ruled_out", subj, tok)
    return None


def _tense(trigger: Token, lex: Lexicon) -> str:
    verb = trigger
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    auxes = [c.lower_ for c in verb.children if c.dep_ == "aux"]
    if verb.tag_ == "VBG" and not lex.status_sets.get("progressive_aux", frozenset()).isdisjoint(auxes):
        return "ongoing"
    return "occurred"


def _denied_by_attribution(event: Event, lex: Lexicon, trigger: Token) -> Span | None:
    att = event.attribution
    if att is None or _shielded(trigger, lex):
        return None
    denial = lex.status_sets["denial_cues"]
    inside = not att.content or any(
        c.start <= event.trigger.start and event.trigger.end <= c.end for c in att.content
    )
    if not inside:
        return None
    for cue in att.cue:
        words = cue.text.lower().split()
        if words and words[-1] in denial:  # "denied", "flatly denied"
            return cue
    return None


def decide_status(trigger: Token, event: Event, lex: Lexicon, text: str) -> tuple[str, Span | None]:
    """The event's status and the cue that decided it; `text` is the article text."""
    denial = _denied_by_attribution(event, lex, trigger)
    if denial is not None:
        return "denied", denial
    cues, cut_short = _path_cues(trigger, event, lex)
    for cue in cues:
        if cue.status in _OVERRIDES:
            return cue.status, _cue_span(cue, text)
    chosen = cues[0] if cues else None
    status = chosen.status if chosen is not None else _tense(trigger, lex)
    if not cut_short and status in _SOFT and (chosen is None or chosen.status != "negated"):
        table = _on_the_table(trigger, lex)
        if table is not None:
            return table.status, _cue_span(table, text)
    return status, _cue_span(chosen, text) if chosen is not None else None


def trigger_token(doc: Any, event: Event, known: dict[str, int]) -> Token | None:
    index = known.get(event.id)
    if index is not None:
        return doc[index]
    span = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    return span.root if span is not None else None


# --- participation: what a scoped denial actually denies ------------------------------


def _participation(trigger: Token, lex: Lexicon) -> tuple[Token, Token | None] | None:
    """The predicate that casts someone as taking part in the event ("took part in",
    "participated in", "involvement in") and who that is."""
    words = lex.status_sets.get("participation_words", frozenset())
    pred = trigger.head.head  # trigger -pobj-> preposition -prep-> predicate
    if trigger.head.dep_ != "prep" or pred.i == trigger.head.i:
        return None
    named = pred.lemma_.lower() in words or any(
        c.dep_ == "dobj" and c.lemma_.lower() in words for c in pred.children
    )
    if not named:
        return None
    who = child(pred, "nsubj", "poss")
    if who is None and pred.dep_ == "dobj":
        who = child(pred.head, "nsubj")  # "the cartel denied involvement in the attack"
    return pred, who


def _participation_event(
    event: Event, trigger: Token, cue: Cue, lex: Lexicon, ctx: DocContext
) -> Event | None:
    found = _participation(trigger, lex)
    if found is None:
        return None
    pred, who = found
    text = ctx.text
    span = Span(start=pred.idx, end=pred.idx + len(pred.text), text=pred.text)
    actor = entity_for(who, text) if who is not None else None
    if actor is not None and event.actor is not None and event.actor.span == actor.span:
        event.actor = None  # the raid occurred; US participation in it is what is denied
    return event.model_copy(
        update={
            "id": event_id(ctx.article_id, span.start, span.end, event.event_type),
            "trigger": span, "actor": actor, "toll": None, "status": cue.status,
            "status_cue": _cue_span(cue, text),
        }
    )  # fmt: skip


@component("status", requires=("doc", "events"), assigns=("events.status",))
def make_status(**_: Any) -> Any:
    load_lexicon("en")

    def run(ctx: DocContext) -> None:
        lex = load_lexicon(ctx.language)
        known = ctx.scratch.get(SCRATCH_TRIGGER_TOKENS, {})
        out: list[Event] = []
        for event in ctx.events:
            out.append(event)
            tok = trigger_token(ctx.doc, event, known)
            if tok is None:
                continue
            event.status, event.status_cue = decide_status(tok, event, lex, ctx.text)  # type: ignore[assignment]
            scoped = scoped_denial(tok, event, lex)
            extra = _participation_event(event, tok, scoped, lex, ctx) if scoped else None
            if extra is not None and all(e.id != extra.id for e in ctx.events):
                out.append(extra)
        ctx.events[:] = out

    return run
