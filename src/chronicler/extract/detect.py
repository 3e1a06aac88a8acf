"""The `detect` component: recall-first candidate event claims, one per trigger token.

A token is a candidate when its lemma (or, where the tagger missed it, a form the spaCy
model's own lemma tables know: "slain" -> slay) is a trigger of the pack. Each candidate
keeps *every* lexical reading with the guards that failed, so that the `type` component,
not a guard, decides. Only structure that cannot be a claim of a new event is settled
here, as a reason on the candidate (`not_event`), which `type` honours:

- "disaster": a death or injury caused by an earthquake, a flood, a crash, an illness …
  (the cause is the trigger's subject or cause phrase, or the sentence names one and no
  attacker, weapon or assault at all);
- "aggregate": a cumulative or periodic total ("the war that has killed 1,200 people
  since September", "murders so far this year", "15 murders in the last 24 hours");
- "political_talk": campaign speech ("campaign pledges");
- "animal": an animal is the attacker ("a dog attack", "un ataque de abejas");
- "charge": a crime named as the charge of an arrest, a trial or a sentence ("fue detenido
  por el delito de homicidio", "arrested on charges of murder");
- "background": an act told as context of the sentence's own event ("marched a year after
  an officer shot a teen", "gathered to denounce a recent police shooting", "the family of
  a teen who was pinned by an officer filed a lawsuit", "had been arrested last year";
  extract/background.py);
- "generic": a plural event noun naming a class of acts ("all shootings by officers",
  "investigations of police killings"; extract/background.py).

Headlines are written in title case with dropped verbs ("Eight Slain at Birthday Party in
Tepic"); the tagger reads such words as names. A sentence in title case is parsed again
with ordinary words lower-cased (which words are ordinary, the model's lemma tables say),
and its candidates come from that parse; offsets still point into the article text. The
second parse is skipped when no token of the line can reach a trigger lemma under any part
of speech (`may_hold_trigger`): that parse could yield no candidate.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from chronicler.analyse.joined import COMPONENT as JOINED_TITLES
from chronicler.analyse.joined import GLUED, glued_at
from chronicler.analyse.tokens import doc_text, doc_tokens
from chronicler.extract.arguments import Arguments, Token, child, prep_object
from chronicler.extract.background import is_attempt, is_background, is_generic
from chronicler.extract.guards import (
    _NAME_ENTS,
    HEADLINE,
    Reading,
    SentenceWords,
    lexicon_choice,
    readings,
)
from chronicler.extract.lexicon import Lexicon, load_lexicon
from chronicler.pipeline import DocContext, component

SCRATCH_CANDIDATES = "event_candidates"  # ctx.scratch key: list[Candidate], in text order
SCRATCH_NON_EVENTS = "non_event_candidates"  # candidates a structural rule set aside
_HEADLINE_MIN_WORDS = 2
_HEADLINE_CAPITALISED = 0.75  # share of longer words that start upper-case in a title
_TITLE_MAX_TOKENS = 30  # a sentence-case title line is short
_CLOSING_STOPS = frozenset({".", "!", "?", "…", ":"})


@dataclass
class Candidate:
    """A trigger token that may state an event, with what each stage learnt about it."""

    token: Token  # in the parse the readings were made on (a headline's own parse)
    readings: list[Reading]
    sent: Any  # the sentence in the article's parse (spacy Span)
    doc_index: int  # the trigger's token index in the article's parse
    offset: int = 0  # where `token.doc` starts in the article text
    headline: bool = False
    misread: bool = False  # the tagger's part of speech was overruled ("Slain" as a noun)
    not_event: str | None = None
    # set by `type`
    reading: Reading | None = None  # the lexicon reading chosen, if any
    span: tuple[int, int] | None = None  # the trigger's characters (a light verb included)
    event_type: str | None = None
    mode: str | None = None
    confidence: float = 0.0
    event_id: str | None = None
    # set by `arguments`
    args: Arguments = field(default_factory=Arguments)

    @property
    def start(self) -> int:
        return self.offset + self.token.idx

    @property
    def end(self) -> int:
        return self.start + len(self.token.text)


# --- structural rules: what is not an event -------------------------------------------


def _lemma(tok: Token | None) -> str:
    return tok.lemma_.lower() if tok is not None else ""


def not_event_reason(tok: Token, lex: Lexicon, words: SentenceWords) -> str | None:
    if _is_disaster(tok, lex, words) or _leaked(tok, lex):
        return "disaster"
    if _animal_attacker(tok, lex):
        return "animal"
    if _is_aggregate(tok, lex):
        return "aggregate"
    if _is_charge(tok, lex):
        return "charge"
    if is_background(tok, lex):
        return "background"
    if is_generic(tok, lex):
        return "generic"
    talk = lex.word_set("political_talk_mods")
    if any(c.dep_ in ("compound", "amod") and _lemma(c) in talk for c in tok.children):
        return "political_talk"
    return None


def _is_charge(tok: Token, lex: Lexicon) -> bool:
    """A crime named as what someone is arrested, charged, tried or sentenced for ("detenido
    por el delito de homicidio", "acusados de homicidio", "arrested on charges of murder"):
    the arrest or the trial is the event, the charge is no new one. The head and the
    preposition come from the pack (`charge_heads`, `charge_preps`)."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    case = next((c for c in tok.children if c.dep_ == "case"), None)
    if tok.dep_ == "pobj" and tok.head.dep_ in ("prep", "agent"):
        prep, head = tok.head, tok.head.head
    elif case is not None:
        prep, head = case, tok.head
    else:
        return False
    heads = {_lemma(head)}
    if head.dep_ in ("dobj", "obj") and head.pos_ in ("NOUN", "PROPN", "PRON"):
        heads.add(_lemma(head.head))  # "convicted a man [of murder]": the parser may hang the charge on the one charged
    return prep.lower_ in lex.word_set("charge_preps") and bool(heads & lex.word_set("charge_heads"))


def _causes(tok: Token, preps: frozenset[str]) -> list[Token]:
    """Who or what did it: subject, agent, and the objects of cause prepositions (the
    pack's `cause_preps`)."""
    found = [c for c in tok.children if c.dep_ in ("nsubj", "csubj")]
    agent = child(tok, "agent")
    if agent is not None:
        found.extend(c for c in agent.children if c.dep_ == "pobj")
    for prep in preps:
        obj = prep_object(tok, {prep})
        if obj is not None:
            found.append(obj)
    for c in tok.children:  # "died after being struck by a train": the clause under the preposition
        if c.dep_ == "prep":
            found.extend(g for g in c.children if g.dep_ == "pcomp")
    found.extend(c for c in tok.children if c.dep_ == "advcl")  # "killed when the bus overturned"
    if tok.dep_ == "oprd" or (tok.dep_ == "acomp" and tok.head.pos_ == "VERB"):
        found.extend(c for c in tok.head.children if c.dep_ == "nsubj")  # "the quake left 3 dead"
    if tok.dep_ == "advcl" and tok.tag_ == "VBG":  # "a tanker exploded, burning cars": the clause's subject
        found.extend(c for c in tok.head.children if c.dep_ == "nsubj")
    if tok.pos_ == "NOUN":  # "a gas blast": the noun's own modifier names the cause
        found.append(tok)
    return found


def _is_disaster(tok: Token, lex: Lexicon, words: SentenceWords) -> bool:
    if _lemma(tok) not in lex.word_set("casualty_triggers"):
        return False
    disasters = lex.word_set("disaster_words")
    if words.any_of(lex.word_set("attack_words")):
        return False  # "gunmen set fire to the bar, killing five": an attack all the same
    casualties = lex.word_set("casualty_triggers")
    if tok.dep_ == "conj" and _lemma(tok.head) in casualties and tok.head.i != tok.i:
        # "a gas explosion ripped through a market, killing four and injuring 15": the second
        # casualty verb shares the first one's cause
        return _is_disaster(tok.head, lex, words)
    preps = lex.word_set("cause_preps")
    causes = _causes(tok, preps)
    partners = [tok.head] if tok.dep_ == "conj" else []
    partners += [c for c in tok.children if c.dep_ == "conj"]
    causes += [c for p in partners for c in _causes(p, preps) if c.dep_ == "advcl"]  # "died and six were hurt when ..."
    causes += [c for cause in causes if cause.dep_ in ("advcl", "pcomp") for c in _causes(cause, preps)]  # "when ... struck by a lorry"
    # A vehicle or a gas line is an accident only as the cause itself ("struck by a train",
    # "when a gas tanker exploded"), never as a word anywhere ("shot dead on a bus").
    accidental = disasters | lex.word_set("accident_causes")
    places = lex.word_set("place_preps")
    for cause in causes:
        heads = {_lemma(cause), *(_lemma(c) for c in cause.children if c.dep_ == "compound")}
        where = cause.dep_ == "pobj" and cause.head.lower_ in places  # "killed in his car": where, not how
        if heads & (disasters if where else accidental) and not _verb_not_disaster(cause, lex):
            return True
    return words.any_of(disasters) and any(
        _lemma(t) in disasters and not _verb_not_disaster(t, lex) for t in words.sent
    )


def disaster_sentence(sent: Any, lex: Lexicon) -> bool:
    """Does the sentence tell of a disaster, with no attacker in it ("a building collapsed,
    trapping dozens; rescuers pulled out eight bodies")? The note typer's reading of such a
    sentence, where no trigger is left, is no event."""
    words = SentenceWords(sent)
    if words.any_of(lex.word_set("attack_words")):
        return False
    disasters = lex.word_set("disaster_words")
    return words.any_of(disasters) and any(
        _lemma(t) in disasters and t.pos_ != "PROPN" and not _verb_not_disaster(t, lex) and not _figurative(t, lex)
        for t in sent
    )  # fmt: skip


def _animal_attacker(tok: Token, lex: Lexicon, depth: int = 0) -> bool:
    """ "a dog attack", "un ataque de abejas", "a bear attacked", "mauled by a bear", "un
    ataque de perros mató a un niño": an animal is the attacker, no armed or political act."""
    animals = lex.word_set("attacking_animals")
    if tok.pos_ != "VERB":
        if _lemma(tok) not in lex.word_set("attack_words"):
            return False  # "the killing of a dog": there the animal is the victim
        of = lex.prep_set("of")
        near = [c for c in tok.children if c.dep_ in ("compound", "amod")]
        near += [g for c in tok.children if c.dep_ == "prep" and c.lower_ in of for g in c.children if g.dep_ == "pobj"]
        near += [g for t in near for g in t.children if g.dep_ in ("compound", "amod")]  # misparsed "abejas africanizadas"
        return any(_lemma(t) in animals for t in near)
    for c in tok.children:
        if c.dep_ == "nsubj" and (_lemma(c) in animals or depth == 0 and _animal_attacker(c, lex, 1)):
            return True
        if c.dep_ == "agent" and any(_lemma(g) in animals for g in c.children if g.dep_ == "pobj"):
            return True
    return False


def _leaked(tok: Token, lex: Lexicon) -> bool:
    """ "a gas leak", "una fuga de gas": the trigger word names what leaked, an accident,
    not a weapon used on anyone."""
    leaks = lex.word_set("leak_heads")
    head = tok.head
    if tok.dep_ == "compound":
        return _lemma(head) in leaks
    if tok.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in lex.prep_set("of"):
        return _lemma(head.head) in leaks
    return False


def _figurative(tok: Token, lex: Lexicon) -> bool:
    """ "a wave of violence", "the violent wave": a disaster noun that a violence word qualifies
    is a figure of speech for the violence itself."""
    violent = lex.word_set("violence_context")
    near = [c for c in tok.children if c.dep_ in ("amod", "compound")]
    near += [g for c in tok.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    return any(_lemma(c) in violent for c in near)


def _verb_not_disaster(tok: Token, lex: Lexicon) -> bool:
    """ "after he fired at them", "officers returned fire": a disaster word the pack lists
    as a noun only (`disaster_nouns_only`) is no disaster as a verb, nor as the object of
    an `open_fire_verbs` or `light_verbs` verb ("set fire to train coaches")."""
    if _lemma(tok) not in lex.word_set("disaster_nouns_only"):
        return False
    makers = lex.word_set("open_fire_verbs") | lex.word_set("light_verbs")  # "set fire to the coaches": arson
    return tok.pos_ == "VERB" or tok.dep_ in ("dobj", "obj") and _lemma(tok.head) in makers


def _is_aggregate(tok: Token, lex: Lexicon) -> bool:
    """A running or periodic total rather than one incident."""
    if tok.pos_ != "VERB":
        if tok.dep_ in ("dobj", "obj") and _lemma(tok.head) in lex.word_set("symmetric_light_verbs"):
            return False  # two sides at it since the weekend ("sostienen combates desde ..."): ongoing, no total
        if tok.tag_ in ("NNS", "NNPS") and _periodic_count(tok, lex):
            return True  # "15 murders in the last 24 hours", "212 homicides in October"
        marks = lex.word_set("cumulative_marks")
        if tok.dep_ in ("dobj", "obj") and (tok.head.lower_ in marks or _lemma(tok.head) in marks):
            return True  # "suman 800 homicidios", "accumulates 30 murders": a running count
        verb = tok.head if tok.dep_ in ("nsubj", "nsubjpass") else None
        return verb is not None and _cumulative(verb, lex)
    subject = child(tok, "nsubj")
    if subject is not None and tok.dep_ == "relcl" and _lemma(subject) in lex.word_set("relative_pronouns"):
        subject = tok.head  # "the war that has killed ..."
    if _lemma(subject) in lex.word_set("aggregate_subjects"):
        return True  # "the violence has killed 1,200"
    return _cumulative(tok, lex) or _over_period(tok, lex) or _in_a_bare_year(tok, lex)


def _in_a_bare_year(verb: Token, lex: Lexicon) -> bool:
    """ "29,000 people were murdered in 2023", "in 2006, Calderón sent troops": a year
    alone frames a yearly total or background, not an incident (those carry a day)."""
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in lex.word_set("period_preps"):
            year = child(c, "pobj")
            if year is not None and year.like_num and len(year.text) == 4 and not list(year.children):
                return True
    return False


def _cumulative(verb: Token, lex: Lexicon) -> bool:
    """ "have been killed since 2006", "have died so far": a perfect with a running frame."""
    perfect = any(c.dep_ in ("aux", "auxpass") and _lemma(c) == "have" for c in verb.children)
    marks = lex.word_set("cumulative_marks")
    return perfect and any(c.lower_ in marks for c in verb.children)


def _periodic_count(tok: Token, lex: Lexicon) -> bool:
    """The period may hang off the noun or off the verb that states it ("there were 15
    murders in the last 24 hours", "the state recorded 212 homicides in October")."""
    holders = [tok]
    if tok.dep_ in ("attr", "nsubj", "dobj", "nsubjpass") and tok.head.pos_ in ("VERB", "AUX"):
        holders.append(tok.head)
    counted = any(c.dep_ == "nummod" for c in tok.children)
    return any(
        _over_period(h, lex) or counted and _counted_in_period(h, lex) for h in holders
    )


def _counted_in_period(tok: Token, lex: Lexicon) -> bool:
    """A period phrase on a counted plural (or its verb): "212 homicides in October"."""
    periods = lex.word_set("period_words")
    return any(
        c.dep_ == "prep" and c.lower_ in lex.word_set("period_preps")
        and any(_lemma(t) in periods for t in c.subtree)
        for c in tok.children
    )  # fmt: skip


def _over_period(tok: Token, lex: Lexicon) -> bool:
    """A time phrase that spans a period hangs off the trigger ("in the last 24 hours",
    "during the past month", "so far this year"); "last week" alone is a point in time."""
    periods, spans = lex.word_set("period_words"), lex.word_set("period_spans")
    for c in tok.children:
        if c.lower_ in lex.word_set("cumulative_marks") and c.pos_ != "VERB":
            return True  # "since January", "so far" (a verb is a clause of its own: "...; suman 4")
        if c.dep_ != "prep" or c.lower_ not in lex.word_set("period_preps"):
            continue
        for t in c.subtree:  # the span word must bound the period itself: "the last 24 hours"
            # a possessive period names which act, not a span: "in connection with last month's ambush"
            if _lemma(t) in periods and t.dep_ != "poss" and any(m.lower_ in spans for m in t.children):
                return True
    return False


# --- which tokens are triggers ----------------------------------------------------------


@functools.lru_cache(maxsize=8)
def _model_tables(model: str) -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    """Irregular forms -> lemmas, and the model's known common words (for recasing)."""
    from chronicler.analyse.nlp import load_nlp

    forms: dict[str, tuple[str, ...]] = {}
    known: set[str] = set()
    try:
        lookups = load_nlp(model).get_pipe("lemmatizer").lookups
    except (KeyError, ValueError, AttributeError):
        return forms, frozenset()
    if lookups.has_table("lemma_exc"):
        for table in lookups.get_table("lemma_exc").values():
            for form, lemmas in table.items():
                forms.setdefault(form, tuple(lemmas))
                known.add(form)
    if lookups.has_table("lemma_index"):
        for words in lookups.get_table("lemma_index").values():
            known.update(words)
    return forms, frozenset(known)


@functools.lru_cache(maxsize=8)
def _model_verbs(model: str) -> frozenset[str]:
    """The verb lemmas of the model's lemma index (empty when it has none)."""
    from chronicler.analyse.nlp import load_nlp

    try:
        lookups = load_nlp(model).get_pipe("lemmatizer").lookups
    except (KeyError, ValueError, AttributeError):
        return frozenset()
    if not lookups.has_table("lemma_index"):
        return frozenset()
    return frozenset(lookups.get_table("lemma_index").get("verb") or ())


@functools.lru_cache(maxsize=8)
def _verbs(language: str) -> frozenset[str]:
    """The verbs a title word may be a form of: the model's verb index (a small one: no
    "abatir" in Spanish's) and the pack's verb triggers."""
    from chronicler.lang import model_name

    pack = frozenset(lemma for lemma, entries in load_lexicon(language).triggers.items()
                     if any(e.pos in ("V", "*") for e in entries))  # fmt: skip
    try:
        return pack | _model_verbs(model_name(language))
    except Exception:  # noqa: BLE001 - a model without a verb index only costs recall
        return pack


def is_verb_form(word: str, lex: Lexicon, verbs: frozenset[str]) -> bool:
    """A finite verb by the pack's headline verb forms (detect.json "headline_verb_forms",
    "ending>infinitive ending": "an>ar" reads "Abandonan" as abandonar) whose infinitive the
    model's verb index knows. Spanish headlines open with their verb ("Ejecutan a dos en
    Celaya"): its capital is the title's, not a name's."""
    lower = word.lower()
    for pair in lex.word_set("headline_verb_forms"):
        old, _, new = pair.partition(">")
        if old and len(lower) > max(len(old), 3) and lower.endswith(old) and lower[: -len(old)] + new in verbs:
            return True
    return False


def _tables(language: str) -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    from chronicler.lang import model_name

    try:
        return _model_tables(model_name(language))
    except Exception:  # noqa: BLE001 - a model without lemma tables only costs recall
        return {}, frozenset()


@functools.lru_cache(maxsize=8)
def _corrections(pairs: frozenset[str]) -> dict[str, str]:
    return dict(p.split(">", 1) for p in pairs if ">" in p)


def _lemma_corrections(lex: Lexicon) -> dict[str, str]:
    """detect.json "lemma_corrections": "form>lemma" for forms the model lemmatises wrong."""
    return _corrections(lex.word_set("lemma_corrections"))


def trigger_lemma(tok: Token, lex: Lexicon, forms: dict[str, tuple[str, ...]]) -> tuple[str, bool] | None:
    """The trigger lemma of a token and whether its tag is to be ignored (a form the
    tagger misread: "slain" tagged as a noun)."""
    triggers = lex.triggers
    if tok.lemma_ in triggers or tok.lemma_.lower() in triggers:
        return tok.lemma_, False
    fixed = _lemma_corrections(lex).get(tok.lower_)  # the lemmatiser's known slips ("raped" -> "rap")
    if fixed in triggers:
        return fixed, tok.pos_ != "VERB"  # "mata" read as a name: its tag is the slip too
    if tok.pos_ in ("VERB", "AUX", "PUNCT", "NUM", "DET", "ADP"):
        return None
    for lemma in forms.get(tok.lower_, ()):
        if lemma in triggers:
            return lemma, True
    return None


def sentence_candidates(
    sent: Any, lex: Lexicon, forms: dict[str, tuple[str, ...]], only: list[int] | None = None,
    context: Any = None,
) -> list[Candidate]:
    """The candidates of a sentence; `only`: the indices of its tokens that can be triggers
    (`possible_triggers`), when the caller knows them, so that no other token is built;
    `context`: the span whose words the guards read, when wider than the sentence (a
    title the headline parse cut in two: "Sismo sacude Michoacán; reportan dos muertos")."""
    found: list[Candidate] = []
    words = SentenceWords(sent if context is None else context)
    doc = sent.doc
    for tok in sent if only is None else (doc[i] for i in only):
        hit = trigger_lemma(tok, lex, forms)
        if hit is None or tok.ent_type_ in _NAME_ENTS and not hit[1] and not tok.text.islower() \
                and tok.lower_ not in lex.word_set("trigger_brands"):
            continue  # "March" the month, "Strike Force" the unit; not "a Taser", a brand
        lemma, any_pos = hit
        if tok.doc.user_data.get(HEADLINE) and (tok.i == sent.start or not _tag_fits(tok, lex, lemma)):
            any_pos = True  # a title's tag is a guess ("Balacera" as a verb, first or not)
        options = readings(tok, lex, words, lemma, any_pos)
        if options:
            reason = not_event_reason(tok, lex, words) or ("attempt" if is_attempt(tok, lex, options) else None)
            found.append(Candidate(tok, options, sent, tok.i, misread=any_pos, not_event=reason))
    return found


def _tag_fits(tok: Token, lex: Lexicon, lemma: str) -> bool:
    """Does any trigger line of this lemma take the part of speech the tagger gave?"""
    entries = lex.triggers.get(lemma) or lex.triggers.get(lemma.lower())
    return any(entry.accepts_pos(tok.pos_) for entry in entries or ())


class _TriggerHashes:
    """Which lemma and form hashes of a vocabulary can be triggers, memoised per lexicon."""

    def __init__(self, lex: Lexicon, forms: dict[str, tuple[str, ...]]) -> None:
        self.lex, self.forms = lex, forms
        self.lowered = frozenset(t.lower() for t in lex.triggers)
        corrected = {f for f, lemma in _lemma_corrections(lex).items() if lemma in lex.triggers}
        self.trigger_forms = frozenset(
            {f for f, lemmas in forms.items() if any(x in lex.triggers for x in lemmas)} | corrected
        )
        self.lemmas: dict[int, bool] = {}
        self.lowers: dict[int, bool] = {}

    def hits(self, doc: Any) -> list[int]:
        import numpy as np
        from spacy.attrs import LEMMA, LOWER

        strings = doc.vocab.strings
        arr = doc.to_array([LEMMA, LOWER]).reshape(len(doc), 2)
        good: list[int] = []
        for column, memo, test in ((0, self.lemmas, lambda s: s.lower() in self.lowered),
                                   (1, self.lowers, lambda s: s in self.trigger_forms)):
            for h in np.unique(arr[:, column]).tolist():
                hit = memo.get(h)
                if hit is None:
                    hit = memo[h] = test(strings[h])
                if hit:
                    good.append(h)
        if not good:
            return []
        mask = np.isin(arr, np.asarray(good, dtype=arr.dtype)).any(axis=1)
        return [int(i) for i in np.flatnonzero(mask)]


_TRIGGER_HASHES: dict[tuple[int, int], _TriggerHashes] = {}


def possible_triggers(doc: Any, lex: Lexicon, forms: dict[str, tuple[str, ...]]) -> list[int]:
    """The indices of the tokens `trigger_lemma` may accept (a superset: its lemma, lower-cased,
    is a trigger's, or its lower-cased form has a trigger lemma), read from the document's
    arrays instead of building every token."""
    memo = _TRIGGER_HASHES.get((id(lex), id(forms)))
    if memo is None or memo.lex is not lex or memo.forms is not forms:
        memo = _TRIGGER_HASHES[(id(lex), id(forms))] = _TriggerHashes(lex, forms)
    return memo.hits(doc)


# --- headlines -------------------------------------------------------------------------


def _alpha_words(sent: Any) -> list[str]:
    """The texts of the span's alphabetic tokens, read from its document's token table
    (the title tests run on every sentence: building each token for them cost more)."""
    toks = doc_tokens(sent.doc)
    start, end = sent.start, sent.end
    return [w for w, alpha in zip(toks.words[start:end], toks.alpha[start:end], strict=True) if alpha]


def is_headline(sent: Any) -> bool:
    """Title case: nearly every word of four letters or more starts with a capital."""
    longer = [w for w in _alpha_words(sent) if len(w) >= 4]
    if len(longer) < _HEADLINE_MIN_WORDS:
        return False
    capitalised = sum(1 for w in longer if w[0].isupper() and not w.isupper())
    return capitalised / len(longer) >= _HEADLINE_CAPITALISED


def _starts_line(sent: Any) -> bool:
    """After a line break, or after the bare ';' that joins two titles (analyse/joined.py)."""
    text = doc_text(sent.doc)  # built once per document (analyse/tokens.py)
    k = sent.start_char  # back over spaces and tabs (no copy of the text before the sentence)
    while k and text[k - 1] in " \t":
        k -= 1
    return not k or text[k - 1] == "\n" or glued_at(text, sent.start_char - 1)


def _line_end(text: str, start: int) -> int:
    """Where the line from `start` ends: its line break, or just after a joining ';'."""
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    join = text.find(GLUED, start, end)
    while join >= 0:
        if glued_at(text, join):
            return join + 1
        join = text.find(GLUED, join + 1, end)
    return end


def is_title_line(sent: Any) -> bool:
    """A line of its own with no closing stop, short, starting with a capital: a headline
    written in sentence case ("Hallan 5 cuerpos en fosa") or in capitals."""
    if len(sent) > _TITLE_MAX_TOKENS:
        return False
    words = _alpha_words(sent)
    if not words or not words[0][:1].isupper():
        return False
    last = next((t for t in reversed(sent) if not (t.is_quote or t.is_bracket or t.is_space)), sent[-1])
    if last.text in _CLOSING_STOPS:
        return False  # 'signs reading "Mexico is not your battlefield."' closes with a stop too
    if not _starts_line(sent):
        return False
    text = doc_text(sent.doc)  # built once per document (analyse/tokens.py)
    words_end = max(t.idx + len(t.text) for t in sent if not t.is_space)
    return not text[words_end : _line_end(text, words_end)].strip()  # the line ends with it


def _title_unit(sent: Any) -> Any:
    """The whole line a sentence starts, when the line runs on past the sentence and is
    short enough to be a title; else the sentence."""
    if not _starts_line(sent):
        return sent
    text = doc_text(sent.doc)  # built once per document (analyse/tokens.py)
    end = len(text[: _line_end(text, sent.start_char)].rstrip())
    if end <= sent.end_char:
        return sent
    line = sent.doc.char_span(sent.start_char, end, alignment_mode="contract")
    return line if line is not None and len(line) <= _TITLE_MAX_TOKENS else sent


def _all_caps(sent: Any) -> bool:
    words = _alpha_words(sent)
    longer = [w for w in words if len(w) >= 4]
    return len(words) >= _HEADLINE_MIN_WORDS and bool(longer) and all(w.isupper() for w in words if len(w) > 1)


def _ordinary(lower: str, known: frozenset[str], rules: tuple[tuple[str, str], ...] = ()) -> bool:
    """A common word of the language: known to the model's lemma tables as it is, or once a
    suffix rule of its lemmatizer takes the inflection off ("Killed" -> kill, "Executed")."""
    if lower in known or lower.rstrip("s") in known or lower[:-3] + "y" in known:
        return True
    return any(lower.endswith(old) and lower[: len(lower) - len(old)] + new in known
               for old, new in rules if old)  # fmt: skip


def _lone_capital(tok: Token, sent: Any) -> bool:
    """A title's first word whose capital is only the title's: no name runs on from it
    ("Ciudad Juárez", "El Vaquero") and no label colon or comma follows ("Celaya, ...")."""
    nxt = sent.doc[tok.i + 1] if tok.i + 1 < sent.end else None
    if nxt is None or nxt.text[:1].isupper() or nxt.text in (",", ":"):
        return False
    return not (tok.ent_iob_ == "B" and nxt.ent_iob_ == "I")


def _label_end(sent: Any) -> int:
    """Where a title starts after a label in brackets ("[VIDEO] Matan a ...", "[Transmission]
    They find ..."): the label is no part of the sentence the parser should read."""
    first = sent[0]
    if not (first.is_bracket and first.is_left_punct):
        return int(sent.start)
    for tok in sent[1:6]:
        if tok.is_bracket and tok.is_right_punct:
            return int(tok.i + 1) if tok.i + 1 < sent.end else int(sent.start)
    return int(sent.start)


def recase(
    sent: Any, known: frozenset[str], first: bool = False, capitals: bool = False,
    rules: tuple[tuple[str, str], ...] = (), verb_form: Callable[[str], bool] | None = None,
    verbs_inside: bool = False,
) -> str | None:
    """The sentence with its ordinary words lower-cased (names and acronyms kept), or
    None when lower-casing would move offsets. `first`: the first word too (a headline's
    capital is no sign of a name); `capitals`: words in capitals too (an all-caps title);
    `rules`: the lemmatizer's suffix rules, to know inflected forms as ordinary;
    `verb_form`: whether a word is a finite verb by the pack (`is_verb_form`): a first word that
    is one is the title's verb, lower-cased even in a title-case line where the next word's
    capital says nothing ("Ejecutan A Dos"); `verbs_inside`: so is a later word (a title-case
    line: "Marina Abate A Tres"), unless the tagger read it as a place ("Iguala", not igualar)."""
    pieces: list[str] = []
    start = _label_end(sent)
    for tok in sent:
        if tok.i < start:  # the label goes, as spaces: offsets stay
            pieces.append(" " * len(tok.text_with_ws))
            continue
        word = tok.text
        lower = word.lower()
        named = tok.ent_type_ in ("GPE", "LOC", "FAC", "NORP") and lower not in known
        if capitals and word.isupper() and len(word) > 1 and not _ordinary(lower, known, rules):
            pieces.append(word[0] + lower[1:] + tok.whitespace_)  # a name, or a word not listed
            continue
        shape = word[:1].isupper() and (capitals or not word.isupper())
        verb = verb_form is not None and (tok.i == start or verbs_inside) and tok.is_alpha and verb_form(word)
        lone = (tok.i == start and verb) or (tok.i == start and first and _lone_capital(tok, sent))
        ordinary = lone if tok.i == start else (_ordinary(lower, known, rules) or verb)
        # "Hallan", a verb, read as a place; a later word the tagger calls a place stays one
        named = named and not (tok.i == start and verb) and not (lone and tok.pos_ != "PROPN")
        if (tok.i > start or first or lone) and shape and ordinary and not named:
            word = lower
        pieces.append(word + tok.whitespace_)
    text = "".join(pieces)
    return text if len(text) == len(sent.text_with_ws) else None


# Pipes whose lemmas `_possible_lemmas` bounds: spaCy's rule lemmatizer (base class or
# the English one, which only adds base-form checks) after an attribute ruler.
# chronicler's own title splitter (analyse/joined.py) sets sentence starts only, no lemma.
_BOUNDED_PIPES = frozenset({"tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner",
                            "senter", "sentencizer", "morphologizer", JOINED_TITLES})  # fmt: skip


@functools.lru_cache(maxsize=8)
def _lemma_bounds(nlp: Any) -> tuple[tuple[tuple[str, str], ...], dict[str, frozenset[str]], frozenset[str]] | None:
    """Every suffix rule of the model's rule lemmatizer, every exception's lemmas (all parts of
    speech), and every lemma its attribute ruler sets; None when a component other than those
    could set a lemma (then a headline is always parsed again)."""
    from spacy.lang.en.lemmatizer import EnglishLemmatizer
    from spacy.pipeline import Lemmatizer

    try:
        factories = {nlp.get_pipe_meta(name).factory for name in nlp.pipe_names}
        lemmatizer = nlp.get_pipe("lemmatizer")
    except (KeyError, AttributeError):
        return None
    if not factories <= _BOUNDED_PIPES or type(lemmatizer) not in (Lemmatizer, EnglishLemmatizer) \
            or lemmatizer.mode != "rule":
        return None
    lookups = lemmatizer.lookups
    rules: set[tuple[str, str]] = set()
    if lookups.has_table("lemma_rules"):
        for table in lookups.get_table("lemma_rules").values():
            rules.update((old, new) for old, new in table)
    exceptions: dict[str, set[str]] = {}
    if lookups.has_table("lemma_exc"):
        for table in lookups.get_table("lemma_exc").values():
            for form, lemmas in table.items():
                exceptions.setdefault(form, set()).update(lemmas)
    ruled: set[str] = set()
    if "attribute_ruler" in nlp.pipe_names:
        ruled = {str(p["attrs"]["LEMMA"]) for p in nlp.get_pipe("attribute_ruler").patterns
                 if "LEMMA" in p["attrs"]}  # fmt: skip
    return (tuple(sorted(rules)), {k: frozenset(v) for k, v in exceptions.items()},
            frozenset(ruled))  # fmt: skip


def _possible_lemmas(word: str, rules: tuple[tuple[str, str], ...],
                     exceptions: dict[str, frozenset[str]]) -> set[str]:  # fmt: skip
    """Every lemma the rule lemmatizer can give `word`, whatever its part of speech."""
    lower = word.lower()
    found = {word, lower, *exceptions.get(lower, ())}
    found.update(lower[: len(lower) - len(old)] + new for old, new in rules if lower.endswith(old))
    return found


def may_hold_trigger(text: str, lex: Lexicon, nlp: Any) -> bool:
    """Could a parse of `text` give any token a trigger lemma? False only when the model's
    lemmas are bounded (`_lemma_bounds`) and no token of the text can reach a trigger under
    any part of speech: then parsing it again cannot yield a candidate."""
    bounds = _lemma_bounds(nlp)
    if bounds is None:
        return True
    rules, exceptions, ruled = bounds
    triggers = lex.triggers
    if any(lemma in triggers or lemma.lower() in triggers for lemma in ruled):
        return True
    corrected = _lemma_corrections(lex)
    for tok in nlp.tokenizer(text):  # the parse's own tokens: no pipe above re-tokenises
        if corrected.get(tok.lower_) in triggers:
            return True  # `trigger_lemma` reads the pack's corrections of the lemmatiser
        for lemma in _possible_lemmas(tok.text, rules, exceptions):
            if lemma in triggers or lemma.lower() in triggers:
                return True
    return False


def _headline_candidates(
    sent: Any, lex: Lexicon, forms: dict[str, tuple[str, ...]], known: frozenset[str], nlp: Any,
    title_line: bool = False,
) -> list[Candidate] | None:
    capitals = _all_caps(sent)
    # recasing reads the model's own suffix rules ('Killed' -> kill) where its lemmas are bounded
    bounds = _lemma_bounds(nlp) if nlp is not None else None
    rules = bounds[0] if bounds is not None else ()
    verbs = _verbs(lex.language)
    text = recase(sent, known, first=title_line or capitals, capitals=capitals, rules=rules,
                  verb_form=functools.partial(is_verb_form, lex=lex, verbs=verbs) if verbs else None,
                  verbs_inside=not title_line)
    if text is not None and title_line and text == sent.text_with_ws:
        return None  # nothing to recase: the article's own parse stands
    if text is None or nlp is None:
        return None
    if not may_hold_trigger(text, lex, nlp):
        return []  # what the parse would give, without parsing (a third of detect's time)
    doc = nlp(text)
    doc.user_data[HEADLINE] = True
    by_char = {t.idx: t.i for t in sent}
    found = []
    for sub in doc.sents:
        for cand in sentence_candidates(sub, lex, forms, context=doc[:]):
            index = by_char.get(sent.start_char + cand.token.idx)
            if index is None:
                continue
            cand.sent, cand.doc_index = sent.doc[index].sent, index
            cand.offset, cand.headline = sent.start_char, True
            found.append(cand)
    return found


def _merged(recased: list[Candidate], own: list[Candidate]) -> list[Candidate]:
    """A title's candidates from both parses, one per trigger: the headline parse's, unless
    only the article's own parse lets a reading's guards hold ("They find human remains":
    recased, "remains" turns verb). Neither parse is the better one on every title."""
    mine = {c.start: c for c in own}
    out = []
    for cand in recased:
        other = mine.pop(cand.start, None)
        held = lexicon_choice(cand.readings) is not None
        out.append(other if other is not None and not held and lexicon_choice(other.readings) is not None else cand)
    out.extend(mine.values())  # what only the article's parse found
    return sorted(out, key=lambda c: c.start)


def _nlp(language: str) -> Any:
    from chronicler.analyse.nlp import load_nlp
    from chronicler.lang import model_name

    return load_nlp(model_name(language))


def doc_candidates(ctx: DocContext, lex: Lexicon, headlines: bool = True) -> list[Candidate]:
    forms, known = _tables(ctx.language)
    found: list[Candidate] = []
    possible = possible_triggers(ctx.doc, lex, forms)
    covered = 0  # a title line the splitter cut in two is read whole ("EJECUTAN | A 3 EN ...")
    for sent in ctx.doc.sents:
        if sent.start < covered:
            continue
        if headlines and known:
            line = _title_unit(sent)
            if line is not sent and (is_title_line(line) or _all_caps(line) or is_headline(line)):
                sent, covered = line, line.end
        titled = headlines and known and (is_headline(sent) or _all_caps(sent))
        line = headlines and known and not titled and is_title_line(sent)
        only = possible[bisect.bisect_left(possible, sent.start) : bisect.bisect_left(possible, sent.end)]
        if titled or line:
            recased = _headline_candidates(sent, lex, forms, known, _nlp(ctx.language), title_line=bool(line))
            if recased is not None:
                found.extend(_merged(recased, sentence_candidates(sent, lex, forms, only) if only else []))
                continue
        if only:
            found.extend(sentence_candidates(sent, lex, forms, only))
    return found


@component("detect", requires=("doc",), assigns=("candidates",))
def make_detect(headlines: bool = True, **_: Any) -> Any:
    """Candidates for every trigger; `headlines=False` skips the title-case re-parse."""
    load_lexicon("en")

    def detect(ctx: DocContext) -> None:
        lex = load_lexicon(ctx.language)
        ctx.scratch[SCRATCH_CANDIDATES] = doc_candidates(ctx, lex, headlines)

    return detect
