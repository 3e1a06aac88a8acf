"""Actor and recipient detection for event triggers, from the dependency parse.

Verbal triggers take their subject as actor and their object as recipient (passives
swap: "were arrested by soldiers"); nominal triggers read their prepositions ("strikes
against cartels", "the arrest of X", "talks with Y") and otherwise borrow the subject
of the verb that governs them ("officials discussed conducting strikes"). Spans are
whole noun phrases, trimmed of relative clauses and edge punctuation.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from chronicler.extract.lexicon import Lexicon, load_lexicon
from chronicler.records import Entity, Span

Token = Any  # spacy.tokens.Token (kept loose so that type checkers need no spaCy stubs)

# Dependents that are not part of the argument's noun phrase proper.
_CUT_DEPS = frozenset({"relcl", "acl", "advcl", "parataxis", "punct", "cc"})
_MAX_NP_TOKENS = 14
DATELINE_END = "chronicler_dateline_end"  # Doc.user_data: character offset where the dateline ends
_PASSIVE_DEPS = frozenset({"nsubjpass", "auxpass"})
_CLIMB_DEPS = frozenset(
    {"xcomp", "conj", "advcl", "pcomp", "pobj", "prep", "dobj", "ccomp", "acomp", "attr", "nsubj",
     "nsubjpass", "csubj", "oprd", "appos", "compound", "npadvmod", "advmod", "agent", "dative"}
)  # fmt: skip
_OBJECT_DEPS = frozenset({"dobj", "nsubjpass", "pobj", "nsubj", "attr"})
_AGENT_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})


@dataclass
class Arguments:
    actor: Token | None = None
    recipient: Token | None = None


def child(tok: Token, *deps: str) -> Token | None:
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def prep_object(tok: Token, preps: frozenset[str] | set[str]) -> Token | None:
    """The object of the first preposition child of `tok` whose lemma is in `preps`."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            obj = child(c, "pobj", "pcomp")
            if obj is not None:
                return obj
    return None


def is_passive(tok: Token) -> bool:
    return any(c.dep_ in _PASSIVE_DEPS for c in tok.children)


def is_agentive(tok: Token, lex: Lexicon) -> bool:
    """Could this noun phrase head be someone who acts (not an operation or an idea)?"""
    lemma = tok.lemma_.lower()
    if lemma in lex.word_set("non_agents") or lemma in lex.triggers and tok.pos_ == "NOUN":
        return lemma in lex.word_set("person_words") or lemma in lex.force_nouns
    # a person noun the tagger read as an adjective ("integrantes del CJNG" is ADJ in es)
    return tok.pos_ in ("NOUN", "PROPN", "PRON") or tok.ent_type_ in _AGENT_ENTS or (
        tok.pos_ == "ADJ" and lemma in lex.word_set("person_words")
        and not (tok.dep_ == "amod" and tok.head.pos_ in ("NOUN", "PROPN")))  # not "población civil"


def active_subject(tok: Token, lex: Lexicon) -> Token | None:
    subj = child(tok, "nsubj")
    subj = _past_date_subject(subj) if subj is not None else None
    if subj is None or not is_agentive(subj, lex):
        return None
    if tok.dep_ == "relcl" and subj.lower_ in lex.word_set("relative_subjects"):
        return tok.head  # "the gunmen who attacked ..." -> the gunmen
    return subj


def inherited_subject(tok: Token, lex: Lexicon, max_steps: int = 8) -> Token | None:
    """Climb from a subjectless trigger to the nearest governing verb with an agentive subject.

    Stops at speech verbs (the speaker of "said X" is a source, not an actor) and at
    relative clauses. With object-control verbs ("used the military to strike") the
    controller's object acts, unless it is an instrument such as a drone. An event that
    describes a person ("two suspects in the killing") or befalls a verb's subject ("the
    man died in a shooting", the pack's `victim_verbs`) takes no actor from above.
    """
    cur = tok
    speech = lex.word_set("speech_verbs")
    reporters = speech | lex.word_set("reacting_verbs")
    victims = lex.word_set("victim_verbs")
    people = lex.word_set("person_words")
    legal = lex.word_set("legal_verbs")
    time_preps = lex.word_set("time_preps")
    if tok.dep_ == "conj" and child(tok, "auxpass") is not None and child(tok, "nsubjpass") is None:
        return None  # "the driver failed a test and was arrested": the shared subject underwent it
    for _ in range(max_steps):
        head = cur.head
        if head.i == cur.i or cur.dep_ not in _CLIMB_DEPS:
            return None
        if cur.dep_ == "prep" and head.pos_ in ("NOUN", "PROPN") and (
            head.lemma_.lower() in people or head.ent_type_ == "PERSON"
        ):
            return None  # "suspects in the killing": who picked them up did not kill
        if head.lemma_.lower() in victims and head.pos_ in ("VERB", "AUX"):
            return None
        if cur.dep_ == "prep" and head.lemma_.lower() in legal and head.dep_ == "acl" and \
                head.head.pos_ in ("NOUN", "PROPN"):
            return head.head  # "a man accused of firing shots": the accused is the one said to act
        if cur.dep_ == "prep" and head.lemma_.lower() in legal and tok.pos_ != "VERB":
            return None  # "picked up two suspects in the killing": the crime, not their act
        if cur.dep_ in ("ccomp", "parataxis", "xcomp") and head.lemma_.lower() in speech:
            return None  # also "a man they say set fire to a church": the speakers did not
        if cur.dep_ == "prep" and cur.lower_ in time_preps:
            return None  # "days after the attack": a time reference, not the actor's act
        if cur.dep_ in _OBJECT_DEPS and head.lemma_.lower() in reporters:
            return None  # "condemned the attack": whoever condemns did not attack
        if cur.dep_ == "xcomp" and head.lemma_.lower() in lex.word_set("object_control"):
            obj = child(head, "dobj")
            if obj is not None and _controls(obj, lex):
                return obj
        subj = active_subject(head, lex) if head.pos_ in ("VERB", "AUX") else None
        if subj is not None and contains(subj, tok):
            return None  # "the sound of gunfire did not ...": the trigger is in the subject
        if subj is not None:
            return subj
        has_subject = child(head, "nsubj", "nsubjpass") is not None
        if head.pos_ in ("VERB", "AUX") and has_subject and cur.dep_ != "conj":
            return None  # the governing clause has a subject, but not one that acts
        cur = head
    return None


def _controls(obj: Token, lex: Lexicon) -> bool:
    """Is the object of a control verb the one who acts (troops) rather than a tool (drones)?"""
    kind = lex.force_nouns.get(obj.lemma_.lower())
    if kind is not None:
        return kind != "weapons"
    return obj.ent_type_ in _AGENT_ENTS or obj.lemma_.lower() in lex.word_set("person_words")


def noun_phrase_bounds(head: Token) -> tuple[int, int]:
    """Token index range [start, end] of the noun phrase headed by `head`."""
    kept = [
        c
        for c in head.children
        if c.dep_ not in _CUT_DEPS and not _time_phrase(c) and not _crosses_head(head, c)
    ]
    start = min([head.i, *(c.left_edge.i for c in kept)])
    end = max([head.i, *(c.right_edge.i for c in kept)])
    doc = head.doc
    for t in doc[start : head.i]:
        if t.text in _DASHES:
            start = t.i + 1  # a dateline or an aside before the phrase proper
    dateline_end = doc.user_data.get(DATELINE_END)
    if isinstance(dateline_end, int) and doc[start].idx < dateline_end <= head.idx:
        start = next(t.i for t in doc[start : head.i + 1] if t.idx >= dateline_end)
    personal = _pack_words(doc, "personal_a")
    while start < head.i and (
        doc[start].is_punct or doc[start].dep_ == "cc" or doc[start].is_space
        or doc[start].lower_ in personal  # "a los policías": the object is "los policías"
    ):
        start += 1
    while end > head.i and (
        doc[end].is_punct or doc[end].dep_ in ("cc", "case") or doc[end].is_space
    ):
        end -= 1
    if end - start + 1 > _MAX_NP_TOKENS:
        start, end = _compact_bounds(head)
    return start, end


def _pack_words(doc: Any, name: str) -> frozenset[str]:
    """A word set of the pack of the document's language (empty where there is none)."""
    return _lang_words(doc.lang_, name)


@functools.lru_cache(maxsize=64)
def _lang_words(lang: str, name: str) -> frozenset[str]:
    from chronicler.lang import has_pack

    return load_lexicon(lang).word_set(name) if lang and has_pack(lang) else frozenset()


def _crosses_head(head: Token, dependent: Token) -> bool:
    """A dependent on the far side of the phrase's own governor is a parse slip
    ("four people were detained on the X highway" with highway as appos of people)."""
    gov = head.head
    if gov.i == head.i:
        return False
    return head.i < gov.i < dependent.i or dependent.i < gov.i < head.i


def _time_phrase(tok: Token) -> bool:
    """ "on Friday", "since late 2024" hanging off a noun: when, not who."""
    if tok.dep_ != "prep":
        return False
    obj = child(tok, "pobj")
    return obj is not None and (
        obj.ent_type_ in _TEMPORAL_ENTS
        or obj.lemma_.lower() in _pack_words(tok.doc, "temporal_nouns")
    )


def _compact_bounds(head: Token) -> tuple[int, int]:
    """Fallback for very long phrases: determiners, modifiers and names around the head."""
    start = end = head.i
    for c in head.lefts:
        if c.dep_ in ("det", "amod", "compound", "poss", "nummod", "nmod", "quantmod"):
            start = min(start, c.left_edge.i)
    for c in head.rights:
        if c.dep_ in ("compound", "flat", "appos") and c.i == end + 1:
            end = c.right_edge.i
    return start, end


def entity_for(head: Token, text: str) -> Entity:
    """The argument as an Entity; `text` is the article text (Doc.text is rebuilt per call)."""
    span = span_of(head, text)
    return Entity(text=span.text, span=span)


# --- argument hygiene ------------------------------------------------------------

_TEMPORAL_ENTS = frozenset({"DATE", "TIME"})
_DASHES = frozenset({"—", "--", "–"})
_DATELINE_WINDOW = 12  # a dateline ("REYNOSA, Mexico (Wire) —") sits in a sentence's first tokens
# Pronouns that can stand for an earlier actor, by what they can refer to (pack keys).
PRONOUN_KEYS = ("person_pronouns", "group_pronouns", "thing_pronouns")
_ANTECEDENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "appos", "conj", "poss"})
_ANTECEDENT_SENTENCES = 2  # how many sentences back an antecedent may be


def clean_argument(tok: Token | None) -> Token | None:
    """The argument head to keep: temporal nouns and empty pronouns are no actors,
    a dateline is not the subject, and "The following: X" stands for X."""
    if tok is None:
        return None
    tok = _past_dateline(tok)
    if tok is None:
        return None
    doc = tok.doc
    if tok.lower_ in _pack_words(doc, "list_openers"):
        tok = child(tok, "appos")  # "The following were seized: 1,140 kilograms ..."
        if tok is None:
            return None
    if tok.ent_type_ in _TEMPORAL_ENTS or tok.lemma_.lower() in _pack_words(doc, "temporal_nouns"):
        return None
    if not any(ch.isalnum() for ch in tok.text):
        return None
    # Heads that name nobody: relatives, the speaker and the reader of a quote, reflexives
    # ("se manifestaron": the reflexive is no recipient).
    if tok.lower_ in _pack_words(doc, "argument_empty_heads"):
        return None
    return tok


def _dateline_dash(tok: Token) -> Token | None:
    """The dash that closes a dateline at the start of `tok`'s sentence, if any: the last
    token of the dateline the `dateline` component found ("(Reuters) -" too), else a dash
    among the sentence's first tokens."""
    sent = tok.sent
    end = tok.doc.user_data.get(DATELINE_END)
    if isinstance(end, int) and sent.start_char < end:
        inside = [t for t in sent if t.idx < end]
        return inside[-1] if inside else None
    for t in sent[:_DATELINE_WINDOW]:
        if t.text in _DASHES:
            return t
    return None


def _past_date_subject(tok: Token) -> Token:
    """A note's opening date parsed as the subject ("El 15 de mayo de 2023, cerca de 300
    maestros bloquearon": the es parse makes '15' the subject and hangs the real one on it
    after the comma) stands for that phrase."""
    if not (tok.like_num and tok.dep_.startswith("nsubj")):
        return tok
    doc = tok.doc
    return next((c for c in tok.children if c.i > tok.i and c.dep_ in ("nmod", "amod", "appos")
                 and c.pos_ in ("NOUN", "PROPN", "ADJ") and any(t.text == "," for t in doc[tok.i : c.i])), tok)  # fmt: skip


def _past_dateline(tok: Token) -> Token | None:
    """A head that sits inside the dateline stands for the phrase after the dash, if one is
    attached to it ("REYNOSA — soldiers rescued": soldiers; "MEXICO CITY — Mexico's
    president rejected": president), otherwise for nobody."""
    dash = _dateline_dash(tok)
    if dash is None or tok.i > dash.i:
        return tok
    for c in tok.children:
        if c.i > dash.i and c.dep_ in ("appos", "conj"):
            return c
    for sibling in tok.head.children:
        if sibling.i > dash.i and sibling.dep_ == tok.dep_ and sibling.i < tok.head.i:
            return sibling
    return None


def stranded_subject(verb: Token) -> Token | None:
    """The subject the parser hung on the dateline ("CULIACÁN, Sin. (EFE).- Un comando armado
    asesinó ..."): the first noun after the dateline, before the verb, whose head lies in it."""
    dash = _dateline_dash(verb)
    if dash is None or verb.i <= dash.i or child(verb, "nsubj", "nsubjpass") is not None:
        return None
    for t in verb.doc[dash.i + 1 : verb.i]:
        if t.head.i <= dash.i and t.pos_ in ("NOUN", "PROPN", "PRON"):
            # Only the verb that follows it: in "X marched ..., after a leader was shot"
            # the stranded X is the marchers, not the shooters.
            between = verb.doc[t.i + 1 : verb.i]
            return None if any(b.pos_ in ("VERB", "AUX") for b in between) else t
    return None


def contains(outer: Token, inner: Token) -> bool:
    """Is `inner` inside the phrase headed by `outer` ("the sound of gunfire")?"""
    return outer.left_edge.i <= inner.i <= outer.right_edge.i and outer.i != inner.i


def antecedent(pronoun: Token, lex: Lexicon) -> Token | None:
    """The nearest earlier noun phrase head a third-person pronoun can stand for.

    Candidates are heads of subjects, objects and appositions in the same or the previous
    two sentences: people (PERSON names, singular person words) for he/she, plural groups
    and organisations for they, organisations and countries for its.
    """
    word = pronoun.lower_
    doc = pronoun.doc
    first_sent = pronoun.sent.start
    for _ in range(_ANTECEDENT_SENTENCES):
        if first_sent > 0:
            first_sent = doc[first_sent - 1].sent.start
    for i in range(pronoun.i - 1, first_sent - 1, -1):
        cand = doc[i]
        if cand.dep_ not in _ANTECEDENT_DEPS or contains(cand, pronoun):
            continue
        if cand.pos_ == "PRON" or clean_argument(cand) is not cand:
            continue  # no pronoun chains, no datelines, no "7:25 a.m."
        if _compatible(word, cand, lex):
            return cand
    return None


@functools.lru_cache(maxsize=8)
def _referents(lang: str) -> tuple[frozenset[str], frozenset[str]]:
    """Lemmas a person pronoun and a group pronoun can stand for, in the pack of `lang`."""
    lex = load_lexicon(lang)
    people = lex.word_set("person_words") - lex.word_set("argument_empty_heads")
    people = people - lex.word_set("person_pronouns") - lex.word_set("group_pronouns")
    return people, people | lex.word_set("party_words") | frozenset(lex.force_nouns)


def _compatible(word: str, cand: Token, lex: Lexicon) -> bool:
    lemma = cand.lemma_.lower()
    # Penn tags in every language, not English only: the UD adapter (analyse/ud_adapter.py)
    # writes NN/NNS from a Spanish noun's Number (and NNP, never NNPS, for a proper noun).
    plural = cand.tag_ in ("NNS", "NNPS")
    people, groups = _referents(lex.language)
    if word in lex.word_set("person_pronouns"):
        return not plural and (cand.ent_type_ == "PERSON" or lemma in people)
    if word in lex.word_set("group_pronouns"):
        if cand.ent_type_ in ("ORG", "NORP"):
            return True
        return plural and lemma in groups
    if word in lex.word_set("thing_pronouns"):
        return not plural and (
            cand.ent_type_ in ("ORG", "GPE") or lemma in lex.word_set("party_words")
        )
    return False


def span_of(head: Token, text: str) -> Span:
    """The noun phrase headed by `head` as a Span of the article text."""
    start, end = noun_phrase_bounds(head)
    doc = head.doc
    start_char, end_char = doc[start].idx, doc[end].idx + len(doc[end].text)
    return Span(start=start_char, end=end_char, text=text[start_char:end_char])
