"""Background: an act the sentence names as context of its own event, not as a new one.

Three shapes, all read off the parse with words from the pack (detect.json):

- time-anchored: "marched on Friday, a year after an officer shot a teen", "since the 2019
  shooting", "on the anniversary of the killing", "un año después de que un policía matara",
  "a un año del asesinato" (`background_spans`, `background_anchors`, `background_since`);
- the topic of a protest or a claim: "gathered to denounce a recent police shooting",
  "demand justice for the killing", "exigir justicia por el asesinato"
  (`background_object_verbs`, `background_object_nouns`);
- a relative clause inside a lawsuit or protest sentence: "the family of a teen who was
  pinned by an officer filed a lawsuit" (`background_frame_verbs`, `background_frame_nouns`);
- a past perfect set back by a time phrase: "had been arrested last year", "had been picked
  up two days earlier", "had previously been arrested", "había sido detenido el año pasado"
  (`perfect_aux`, `background_back_marks`, `background_back_adverbs`).

A generic statement (`is_generic`) is no event either: an event noun in the plural that a
quantifier makes a class ("all shootings by officers", "todos los tiroteos") or that a
review, policy or statistics word governs bare ("investigations of police killings", "the
number of police encounters"; `generic_determiners`, `generic_holders`).

`detect` sets such a candidate aside with the reason "background"; the act itself is an
event of the record where a sentence reports it. An arrest only tried ("officers were
trying to detain the man") is set aside too, as "attempt": the status vocabulary has no
"attempted", and an attempted arrest is no arrest.
"""

from __future__ import annotations

from chronicler.extract.arguments import Token
from chronicler.extract.guards import Reading
from chronicler.extract.lexicon import Lexicon

_MAX_STEPS = 8
_PAST = frozenset({"Past", "Imp", "Pqp"})  # UD tense features of a past auxiliary
_EMBEDDING_DEPS = frozenset({"ccomp", "xcomp", "advcl", "relcl", "acl", "parataxis"})  # a clause under another
_TIME_DEPS = frozenset({"npadvmod", "advmod", "obl", "nmod", "advcl"})


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def is_background(tok: Token, lex: Lexicon) -> bool:
    if _time_anchored(tok, lex) or _protest_topic(tok, lex) or _in_frame_clause(tok, lex):
        return True
    if _set_back_in_time(tok, lex) or _told_by_a_record(tok, lex) or _dated_noun(tok):
        return True
    verb = _governing_verb(tok)  # "police killed him in a hail of gunfire": the noun is the verb's
    return verb is not None and (_time_anchored(verb, lex) or _set_back_in_time(verb, lex))


def _governing_verb(tok: Token) -> Token | None:
    """The verb whose prepositional phrase holds an event noun ("killed ... in a hail of
    gunfire", "ended with police shooting"), at most a few steps up."""
    if tok.pos_ != "NOUN":
        return None
    node = tok
    for _ in range(4):
        if node.dep_ not in ("pobj", "prep", "obl", "nmod") or node.head.i == node.i:
            return None
        node = node.head
        if node.pos_ == "VERB":
            return node
    return None


def _is_year(tok: Token) -> bool:
    """A year of modern reporting ("2019"), not any four-digit count ("1500 arrests")."""
    return len(tok.text) == 4 and tok.text.isdigit() and 1900 <= int(tok.text) <= 2099


def _dated_noun(tok: Token) -> bool:
    """An event noun with a year of its own ("during a 2022 arrest", "the 2019 shooting"):
    a story's own act is told with a day, a year names an earlier case."""
    return tok.pos_ == "NOUN" and any(
        c.dep_ in ("nummod", "compound", "amod") and _is_year(c)
        for c in tok.children
    )  # fmt: skip


def _told_by_a_record(tok: Token, lex: Lexicon) -> bool:
    """An act a lawsuit, a complaint, an indictment or a jury tells ("the lawsuit said the
    deputy fired", "a jury found that the officer had kicked him", "according to the
    complaint"; `background_record_nouns`): the case file of an earlier act."""
    records, according = lex.word_set("background_record_nouns"), lex.word_set("background_according")
    node, embedded = tok, False  # the record must tell the act: "a jury convicted him" is the verdict itself
    for _ in range(_MAX_STEPS):
        for c in node.children:
            if embedded and c.dep_ in ("nsubj", "nsubjpass") and _lemma(c) in records:
                return True
            if c.dep_ == "prep" and _lemma(c) in according and \
                    any(_lemma(g) in records for g in c.subtree if g.dep_ == "pobj"):  # fmt: skip
                return True  # "according to the lawsuit", "según la demanda"
        if embedded and node.dep_ == "acl" and _lemma(node.head) in records:
            return True  # "a jury found that ...", parsed as a clause on the noun
        if node.head.i == node.i:
            break
        embedded = embedded or node.dep_ in _EMBEDDING_DEPS
        node = node.head
    return False


def _clause_head(tok: Token) -> Token:
    """A coordinated verb shares the first one's clause ("shot and killed")."""
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _time_anchored(tok: Token, lex: Lexicon) -> bool:
    spans, anchors = lex.word_set("background_spans"), lex.word_set("background_anchors")
    head = _clause_head(tok)

    def spanned(node: Token) -> bool:  # "a year after", "un año después"
        return any(_lemma(c) in spans for c in node.children if c.dep_ in ("npadvmod", "obl", "nmod"))

    if head.dep_ == "advcl" and head.head.i != head.i and _bare_year(head.head):
        return True  # "died in a hospital in 2022, several days after officers restrained him"

    marks = [c for c in head.children if c.dep_ == "mark" and c.lower_ in anchors]
    if marks and (spanned(head) or any(spanned(m) for m in marks)):
        return True  # "a year after an officer shot": the span hangs off the clause or its mark
    if marks and head.dep_ == "advcl" and any(
        c.dep_ in ("dobj", "obj") and _lemma(c) in spans for c in head.head.children
    ):  # fmt: skip
        return True  # "to mark two years since police killed him"
    if head.dep_ == "advcl" and head.head.lower_ in anchors and spanned(head.head):
        return True  # "un año después de que un policía matara": the clause under "después"
    if head.pos_ not in ("NOUN", "PROPN"):
        return False
    prep = head.head if head.dep_ in ("pobj", "obj", "nmod") else None
    case = next((c for c in head.children if c.dep_ == "case"), None)
    since = prep is not None and prep.lower_ in lex.word_set("background_since")
    if head.dep_ == "pobj" and since and any(c.like_num and len(c.text) == 4 for c in head.children):
        return True  # "since the 2019 shooting"; "five arrested since the attack" may be this story's
    if head.dep_ == "pobj" and prep is not None and prep.lower_ in anchors and spanned(prep):
        return True  # "a year after the shooting"
    holder = prep.head if head.dep_ == "pobj" and prep is not None else (head.head if case else None)
    if holder is None or holder.i == head.i:
        return False
    if _lemma(holder) in lex.word_set("background_heads"):
        return True  # "on the anniversary of the killing"
    # "a un año del asesinato": a span word led by an anchor preposition
    return _lemma(holder) in spans and any(c.lower_ in anchors for c in holder.children if c.dep_ == "case")


def _bare_year(verb: Token) -> bool:
    """A clause dated by a year alone ("died in 2022"): an earlier case, and so is what it
    says came before it. A day of this story ("died Monday, four days after he was shot by
    an officer") leaves the clause under it the story's own act."""
    return any(g.dep_ == "pobj" and _is_year(g) and not list(g.children)
               for c in verb.children if c.dep_ == "prep" for g in c.children)  # fmt: skip


def _protest_topic(tok: Token, lex: Lexicon) -> bool:
    """An event noun that is what people denounce, protest or want justice for."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    verbs, nouns = lex.word_set("background_object_verbs"), lex.word_set("background_object_nouns")
    if tok.dep_ == "pobj":
        holder = tok.head.head  # "justice for the killing", "protest over the shooting"
    elif tok.dep_ in ("dobj", "obj", "nmod", "obl"):
        holder = tok.head  # "denounce a shooting", "exigir justicia por el asesinato"
    else:
        return False
    if _lemma(holder) in verbs or _lemma(holder) in nouns:
        return True
    return any(c.dep_ in ("dobj", "obj") and _lemma(c) in nouns for c in holder.children if c.i != tok.i)


def _in_frame_clause(tok: Token, lex: Lexicon) -> bool:
    """A trigger in a relative clause of a sentence whose own event is a lawsuit or a
    protest: the clause tells who the plaintiff or the mourned is."""
    node, relative = tok, False
    verbs, frame_nouns = lex.word_set("background_frame_verbs"), lex.word_set("background_frame_nouns")
    for _ in range(_MAX_STEPS):
        if node.dep_ in ("relcl", "acl"):
            relative = True
        if node.head.i == node.i:
            break
        node = node.head
        if relative and node.pos_ in ("VERB", "AUX") and _frames(node, verbs, frame_nouns):
            return True  # any clause above the relative one: "the family ... has reached a settlement, attorneys said"
    return False


def _frames(verb: Token, verbs: frozenset[str], nouns: frozenset[str]) -> bool:
    """A lawsuit or protest verb, or one whose object or prepositional object is a lawsuit
    word ("reached a settlement", "will receive $450,000 under a settlement")."""
    if _lemma(verb) in verbs:
        return True
    objects = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
    objects += [g for c in verb.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    return any(_lemma(c) in nouns for c in objects)


def _set_back_in_time(tok: Token, lex: Lexicon) -> bool:
    """A past perfect whose time phrase points before the story ("had been arrested last
    year", "two days earlier", "had previously been arrested"): a record, not the news.
    A past perfect alone may be this story's own earlier step ("had been shot" before he
    died), so the time phrase is needed."""
    own = _clause_head(tok)
    # "had a protection order and had been arrested last year": the conjunct's own auxiliary
    return any(_perfect_set_back(v, lex) for v in {tok.i: tok, own.i: own}.values())


def _perfect_set_back(verb: Token, lex: Lexicon) -> bool:
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    perfect = lex.word_set("perfect_aux")
    if not any(c.dep_ == "aux" and _lemma(c) in perfect and set(c.morph.get("Tense")) & _PAST for c in verb.children):
        return False
    spans = lex.word_set("background_spans") | lex.word_set("background_short_spans")
    marks = lex.word_set("background_back_marks")
    alone = lex.word_set("background_back_adverbs")
    subjects = [c.left_edge.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    first_aux = min((c.i for c in verb.children if c.dep_ in ("aux", "auxpass")), default=verb.i)
    for c in verb.children:
        if c.dep_ not in _TIME_DEPS or min(subjects, default=c.i) < c.i < first_aux:
            continue  # between subject and auxiliary it is the subject's ("a man who died last month had been ...")
        if c.lower_ in alone:
            return True  # "had previously been arrested"
        near = [c, *c.children]
        if any(_lemma(t) in spans for t in near) and any(t.lower_ in marks for t in near):
            return True  # "last year", "two days earlier", "el año pasado", "dos días antes"
    return False


def is_generic(tok: Token, lex: Lexicon) -> bool:
    """An event noun in the plural that names a class of acts, not one: "all shootings by
    Denver officers", "investigations of police killings", "the number of police
    encounters". A plural with its own determiner or count ("the shootings", "two
    shootings") may be the story's own, so only a quantifier or a bare plural under a
    review / policy / statistics word counts."""
    quantifiers = lex.word_set("generic_determiners")
    clause = _clause_head(tok)
    noun = clause.head
    actor_noun = noun.lower_ in lex.force_nouns or _lemma(noun) in lex.force_nouns  # "every officer who fired"
    if clause.dep_ in ("relcl", "acl") and noun.i != clause.i and noun.pos_ == "NOUN" and not actor_noun and \
            _quantified(noun, quantifiers) and all(_lemma(d) in quantifiers or d.lower_ in quantifiers
                                                   for d in noun.children if d.dep_ == "det"):  # fmt: skip
        # "every time an officer fired a Taser", "all incidents in which police discharge a
        # firearm"; "all the protesters who were detained" are the story's (an article)
        return True
    if tok.pos_ != "NOUN" or "Plur" not in tok.morph.get("Number"):
        return False
    dets = [c for c in tok.children if c.dep_ in ("det", "predet", "nummod", "poss")]
    counted = any(d.dep_ == "nummod" for d in dets)  # "all three shootings" are the story's
    near = [*dets, *(g for d in dets for g in d.children)]  # "todos los tiroteos": under the article
    if not counted and any(_lemma(d) in quantifiers or d.lower_ in quantifiers for d in near):
        return True  # "all shootings", "todos los tiroteos"
    if dets:
        return False
    holder = tok.head.head if tok.dep_ == "pobj" else tok.head if tok.dep_ in ("dobj", "obj", "nmod") else None
    return holder is not None and _lemma(holder) in lex.word_set("generic_holders")


def _quantified(noun: Token, quantifiers: frozenset[str]) -> bool:
    """ "every time", "all incidents", "todos los casos": a class, unless counted."""
    dets = [c for c in noun.children if c.dep_ in ("det", "predet", "nummod")]
    near = [*dets, *(g for d in dets for g in d.children)]
    return not any(d.dep_ == "nummod" for d in dets) and any(d.lower_ in quantifiers or _lemma(d) in quantifiers
                                                                 for d in near)  # fmt: skip


# --- attempts ---------------------------------------------------------------------------

# An attempted arrest is no arrest (PLOVER): the man may have got away. An attempted attack
# is still an attack (ACLED codes "tried to kill" as an attack), so only these readings go.
_VOID_WHEN_ATTEMPTED = frozenset({("COERCE", "arrest")})


def is_attempt(tok: Token, lex: Lexicon, options: list[Reading]) -> bool:
    """ "officers were trying to detain the man", "an attempted arrest", "intento de
    detención": an arrest only tried (pack `attempt_words`)."""
    if not options or any((r.event_type, r.mode) not in _VOID_WHEN_ATTEMPTED for r in options):
        return False
    words = lex.word_set("attempt_words")
    if tok.dep_ in ("xcomp", "acl") and _lemma(tok.head) in words:
        return True  # "trying to detain", "an attempt to arrest him", "intentaban detener"
    if any(c.dep_ == "amod" and _lemma(c) in words for c in tok.children):
        return True  # "an attempted arrest"
    prep = tok.head if tok.dep_ == "pobj" else None
    return prep is not None and prep.dep_ == "prep" and _lemma(prep.head) in words  # "intento de"
