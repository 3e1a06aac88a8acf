"""Named cues: the language pack's word sets (`cues.json`) found in an event's clause or sentence.

A cue is what lets the ACLED crosswalk (data/crosswalk/acled_plover.csv, its `cue` column) be
finer than PLOVER's type and mode without bending them: an ASSAULT/explosives with a grenade
in its clause is ACLED's "Grenade", an attack in a sentence that says the town was recaptured
is "Government regains territory", a MOBILIZE that opens a base is "Headquarters or base
established". The PLOVER record is not changed; the event keeps each cue it carries
(`Event.cues`) with the characters that matched, as provenance, and the export reads the names.

Each cue names its scope: `trigger` (the trigger's own phrase: its parse subtree), `clause`
(the subtree of the verb whose clause holds the trigger: a noun's governing verb, the first of
conjoined verbs; with `governor`, the clause above a verb that modifies another's object:
"intercepted rockets [fired from Gaza]") or `sentence` (the event's sentence). It matches a token whose lemma is in `words` (never a
proper noun: the city of Granada is no grenade), a run of tokens that reads one of the
`phrases` (each word its lemma or its form), or a token whose lemma is in `heads` and which
has an object (the pack's `object_deps`) that is one of the `objects`, a place entity (the
pack's `object_entities`) or a `held` noun ("control") whose own complement (the pack's
`held_preps`, on the noun or on the head) is one of the `objects`, a place or a name ("took
control of Wad Madani"), or a token whose lemma is in `away_heads` and whose place is named
by a preposition of the pack's `away_preps` ("drove the militants out of the town", "expelled
them from Mosul": the object is the enemy, the place is where from).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from chronicler.extract.arguments import Token
from chronicler.lang import LanguagePack, load_pack
from chronicler.records import Cue

SCOPES = ("trigger", "clause", "sentence")


@dataclass(frozen=True)
class CueRule:
    name: str
    scope: str
    words: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]
    heads: frozenset[str]
    objects: frozenset[str]
    held: frozenset[str]
    away_heads: frozenset[str] = frozenset()
    # `governor`: a clause cue also reads the clause one step up when the trigger's verb is a
    # participle or complement of another's object ("intercepted rockets [fired from Gaza]")
    governor: bool = False
    # every word a match can start on (a lemma or a form), and each phrase's place in
    # `phrases` by its first word: a token that starts nothing is passed over at once
    starts: frozenset[str] = frozenset()
    phrases_by_first: dict[str, tuple[int, ...]] = field(default_factory=dict, hash=False, compare=False)


def _indexed(rule: CueRule) -> CueRule:
    by_first: dict[str, list[int]] = {}
    for n, phrase in enumerate(rule.phrases):
        by_first.setdefault(phrase[0], []).append(n)
    starts = rule.words | rule.heads | rule.away_heads | frozenset(by_first)
    return replace(rule, starts=starts, phrases_by_first={k: tuple(v) for k, v in by_first.items()})


@dataclass(frozen=True)
class CueSet:
    rules: tuple[CueRule, ...]
    object_entities: frozenset[str]
    object_deps: frozenset[str]
    held_preps: frozenset[str]
    away_preps: frozenset[str] = frozenset()
    # entity labels of places: a capitalised first word with one is a name, not a cue word
    place_entities: frozenset[str] = frozenset()

    def names(self) -> frozenset[str]:
        return frozenset(r.name for r in self.rules)


def _strings(pack: LanguagePack, raw: Any, where: str) -> frozenset[str]:
    if raw is None:
        return frozenset()
    if not isinstance(raw, list) or not all(isinstance(w, str) for w in raw):
        raise pack.invalid(pack.files["cues"], f"{where} must be a list of strings")
    return frozenset(w.lower() for w in raw)


@functools.lru_cache(maxsize=4)
def load_cues(language: str) -> CueSet:
    return cues_from_pack(load_pack(language))


def cues_from_pack(pack: LanguagePack) -> CueSet:
    """The pack's cue rules (none for a pack without cues.json: the crosswalk's cue rows never match)."""
    if not pack.has("cues"):
        return CueSet((), frozenset(), frozenset(), frozenset())
    raw = pack.json("cues")
    rules = []
    for name, spec in (raw.get("cues") or {}).items():
        if not isinstance(spec, dict) or spec.get("scope") not in SCOPES:
            raise pack.invalid(pack.files["cues"], f"cue {name!r}: scope must be one of {', '.join(SCOPES)}")
        rules.append(_indexed(CueRule(
            name=name, scope=spec["scope"],
            words=_strings(pack, spec.get("words"), f"{name}.words"),
            phrases=tuple(tuple(p.split()) for p in sorted(_strings(pack, spec.get("phrases"), f"{name}.phrases"))),
            heads=_strings(pack, spec.get("heads"), f"{name}.heads"),
            objects=_strings(pack, spec.get("objects"), f"{name}.objects"),
            held=_strings(pack, spec.get("held"), f"{name}.held"),
            away_heads=_strings(pack, spec.get("away_heads"), f"{name}.away_heads"),
            governor=_flag(pack, spec.get("governor"), f"{name}.governor"),
        )))  # fmt: skip
    return CueSet(
        tuple(rules),
        frozenset(raw.get("object_entities") or ()),
        _strings(pack, raw.get("object_deps"), "object_deps"),
        _strings(pack, raw.get("held_preps"), "held_preps"),
        _strings(pack, raw.get("away_preps"), "away_preps"),
        frozenset(raw.get("place_entities") or ()),
    )


def _flag(pack: LanguagePack, raw: Any, where: str) -> bool:
    if raw is None:
        return False
    if not isinstance(raw, bool):
        raise pack.invalid(pack.files["cues"], f"{where} must be true or false")
    return raw


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _complements(tok: Token, preps: frozenset[str]) -> Iterator[Token]:
    """The objects of the noun's own prepositions ("control [of the town]", "control [de la zona]")."""
    for c in tok.children:
        if c.lower_ in preps:
            yield from (g for g in c.children if g.dep_ in ("pobj", "obj", "nmod"))
        elif any(m.dep_ == "case" and m.lower_ in preps for m in c.children):
            yield c


def _is_place(tok: Token, rule: CueRule, cues: CueSet, named: bool = False) -> bool:
    if _lemma(tok) in rule.objects and tok.pos_ != "PROPN":
        return True
    return tok.ent_type_ in cues.object_entities or (named and tok.pos_ == "PROPN")


def _head_object(tok: Token, rule: CueRule, cues: CueSet, named: bool = True) -> Token | None:
    """The object that makes `tok` (a head of the rule) the cue, if any. `named`: a held noun's
    complement may be any proper name ("control of Wad Madani", a place the tagger calls a
    person); a trigger reading asks for more (`cue_head`: "took control of Congress" is no
    event of force)."""
    for obj in tok.children:
        if obj.dep_ not in cues.object_deps:
            continue
        for thing in (obj, *obj.conjuncts):
            if _is_place(thing, rule, cues):
                return thing
            # "control of the town"; the parser may hang the of-phrase on the verb ("took control | of Wad Madani")
            held_of = [*_complements(thing, cues.held_preps), *_complements(tok, cues.held_preps)]
            # "control of most of Aleppo", "el control de la mayor parte de la ciudad": one step further
            held_of += [y for x in held_of if not _is_place(x, rule, cues) for y in _complements(x, cues.held_preps)]
            # "el control de Alepo, la segunda ciudad de Siria": the apposition says what the name is
            held_of += [c for x in (thing, *held_of) for c in x.children if c.dep_ == "appos"]
            if _lemma(thing) in rule.held and any(_is_place(x, rule, cues, named=named) for x in held_of):
                return thing
    return None


def _away_place(tok: Token, rule: CueRule, cues: CueSet) -> Token | None:
    """The place an `away_heads` verb drives someone out of: the object of a chain of the
    pack's `away_preps` on the verb ("pushed them [out [of [the village]]]", "from Mosul")."""
    objects = [c for c in tok.children if c.dep_ in cues.object_deps]
    if not objects:
        return None  # someone is driven out ("drove the gunmen out of"), not "drove out of town"
    holders = [tok, *objects]  # the parser may hang the place on the object ("a los guerrilleros | del municipio")
    for c in (c for h in holders for c in h.children):  # "[de la ciudad]": the preposition as the noun's case mark
        if any(m.dep_ == "case" and m.lower_ in cues.away_preps for m in c.children) and _is_place(c, rule, cues):
            return c
    todo = [c for h in holders for c in h.children if c.dep_ in ("prep", "prt") and c.lower_ in cues.away_preps]
    while todo:
        prep = todo.pop()
        for c in prep.children:
            if c.dep_ in ("pobj", "obj", "nmod") and _is_place(c, rule, cues):
                return c
            if c.dep_ == "prep" and c.lower_ in cues.away_preps:
                todo.append(c)
    return None


def cue_head(tok: Token, cues: CueSet) -> bool:
    """Is the token the head of a heads-and-objects match of one of the cues?"""
    lemma = _lemma(tok)
    return any(
        lemma in r.heads and _head_object(tok, r, cues, named=False) is not None
        or lemma in r.away_heads and _away_place(tok, r, cues) is not None
        for r in cues.rules
    )  # fmt: skip


def _matches(
    tokens: list[Token], rule: CueRule, cues: CueSet, lemmas: list[str], forms: list[str]
) -> Iterator[tuple[Token, Token]]:
    """(first, last) token of every match of the rule among `tokens` (in text order);
    `lemmas` and `forms` are the tokens' lowered lemmas and lower forms, read once for all
    the rules."""
    starts, by_first = rule.starts, rule.phrases_by_first
    for n, tok in enumerate(tokens):
        lemma, form = lemmas[n], forms[n]
        if lemma not in starts and form not in starts:
            continue
        if lemma in rule.words and (tok.pos_ != "PROPN" or _capitalised_opener(tok, cues)):
            yield tok, tok
        if lemma in rule.heads:
            obj = _head_object(tok, rule, cues)
            if obj is not None:
                yield (tok, obj) if obj.i > tok.i else (obj, tok)
        if lemma in rule.away_heads:
            place = _away_place(tok, rule, cues)
            if place is not None:
                yield (tok, place) if place.i > tok.i else (place, tok)
        places = set(by_first.get(lemma, ())) | set(by_first.get(form, ()))
        for phrase in (rule.phrases[i] for i in sorted(places)):
            if n + len(phrase) <= len(tokens) and all(
                w in (forms[n + k], lemmas[n + k]) for k, w in enumerate(phrase)
            ):
                yield tokens[n], tokens[n + len(phrase) - 1]


def _capitalised_opener(tok: Token, cues: CueSet) -> bool:
    """A headline's or sentence's first word the tagger calls a name for its capital ("Turba
    golpea a ...", "Ronderos azotaron ..."): a cue word all the same, unless a place ("Granada")."""
    return tok.i == tok.sent.start and tok.ent_type_ not in cues.place_entities


def _clause_verb(tok: Token) -> Token:
    """The verb whose clause holds the trigger: the trigger itself when it is a verb, a noun's
    governing verb ("fought off an assault"), and the first of conjoined verbs ("una turba
    golpeó y quemó": the subject is the first verb's)."""
    while (tok.pos_ != "VERB" or tok.dep_ == "conj") and tok.head.i != tok.i:
        tok = tok.head
    return tok


# a verb that says something of another verb's object or clause: "rockets [fired from Gaza]"
# (acl), "los drones [que lanzaron]" (relcl), "intercepted [rockets fired]" (a ccomp parse)
_GOVERNED_DEPS = frozenset({"acl", "relcl", "ccomp", "xcomp"})


def _governing_clause(verb: Token) -> Token:
    """The clause one step above a participle or complement verb, else the verb itself."""
    if verb.dep_ in _GOVERNED_DEPS and verb.head.i != verb.i:
        return _clause_verb(verb.head)
    return verb


def find_cues(trigger: Token, offset: int, sentence: Any, cues: CueSet, text: str) -> list[Cue]:
    """The cues of an event whose trigger token is `trigger` (in a parse that starts `offset`
    characters into the article) and whose sentence is `sentence` (a span of the article's
    parse): the first match of each rule, in the rule's scope."""
    found: list[Cue] = []
    # each scope's tokens (and their words) are read once for all the rules that share it
    views: dict[str, tuple[list[Token], int, list[str], list[str]]] = {}
    for rule in cues.rules:
        scope = rule.scope if rule.scope in ("trigger", "clause") else "sentence"
        key = scope + ("+governor" if scope == "clause" and rule.governor else "")
        view = views.get(key)
        if view is None:
            if scope == "sentence":
                tokens, shift = list(sentence), 0
            else:
                top = _clause_verb(trigger) if scope == "clause" else trigger
                if key == "clause+governor":
                    top = _governing_clause(top)
                tokens, shift = sorted(top.subtree, key=lambda t: t.i), offset
            view = views[key] = (tokens, shift, [_lemma(t) for t in tokens], [t.lower_ for t in tokens])
        tokens, shift, lemmas, forms = view
        for first, last in _matches(tokens, rule, cues, lemmas, forms):
            start, end = shift + first.idx, shift + last.idx + len(last.text)
            found.append(Cue(name=rule.name, start=start, end=end, text=text[start:end]))
            break
    return found

