"""Lexical readings of a trigger token: which event types its lemma can signal, and the
checks on the parse that each reading's guard asks for.

A trigger line in the pack names a guard ("force_obj", "violence_ctx" ...). Guards no
longer throw a reading away: a failed guard lowers the reading's prior, and the `type`
component decides (with the trained typer when it is installed). What *is* still a hard
no here is structure that cannot be an event claim: a trigger noun used as a modifier
("assault rifles"), newsroom boilerplate ("a request for comment"), figures of speech
("struck down the rule", "killed the bill"). Every word comes from the article's pack.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chronicler.errors import ChroniclerError, E
from chronicler.extract.arguments import Token, child, is_passive, prep_object
from chronicler.extract.cues import cue_head, load_cues
from chronicler.extract.lexicon import Lexicon, TriggerEntry

_HOSTILE = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE"})
_PARTNER_TYPES = frozenset({"COOPERATE", "CONSULT", "AGREE"})
# Modes that name the means and so override a trigger's own mode ("fired tear gas").
_DELIVERY_MODES = frozenset({"drone", "aerial", "suicide-attack", "crowd-control", "unconventional"})
_OVERRIDES: dict[str, frozenset[str]] = {"firearms": frozenset({"heavy-weapons"})}
_NO_RECIPIENT = frozenset({"MOBILIZE", "PROTEST"})
_NAME_ENTS = frozenset({"DATE", "TIME", "PERSON", "GPE", "LOC", "ORG", "FAC", "WORK_OF_ART", "LAW"})

# --- guards -----------------------------------------------------------------


HEADLINE = "chronicler_headline"  # Doc.user_data flag of a headline's own parse


def _preps(lex: Lexicon, role: str) -> frozenset[str]:
    """The pack's prepositions for one role a guard reads (wordsets.json "guard_preps")."""
    return lex.prep_set(role)


def _object(tok: Token) -> Token | None:
    """The thing acted on: the direct object, or the passive subject (in a headline also
    the bare number a participle states: "19 Executed", "Eight Slain")."""
    obj = child(tok, "dobj")
    if obj is None and is_passive(tok):  # the one nearest the verb: "Guerrero: Five Bodies Are Left"
        obj = ([c for c in tok.lefts if c.dep_ == "nsubjpass"] or [child(tok, "nsubjpass")])[-1]
    if obj is None and tok.dep_ == "acl" and tok.tag_ == "VBN" and headline_like(tok):
        obj = tok.head  # a headline's "14 Men Executed in Acapulco": the men it happened to
    if obj is None and reduced_passive(tok):
        obj = reduced_subject(tok)
    if obj is None and tok.doc.user_data.get(HEADLINE):
        obj = headline_undergoer(tok)
    if obj is None and tok.pos_ == "VERB":
        obj = _shared_object(tok)
    return obj


def _shared_object(tok: Token) -> Token | None:
    """ "beat and burned a man": the object written once, after the last of two verbs."""
    for conj in tok.children:
        if conj.dep_ == "conj" and conj.pos_ == "VERB" and conj.i > tok.i and child(conj, "nsubj") is None:
            return child(conj, "dobj")
    return None


def reduced_passive(tok: Token) -> bool:
    """A participle stating what happened to its subject, auxiliary dropped: "Body found
    in Iguala", and in headlines also "Two Judicial Police Executed"."""
    if tok.pos_ != "VERB" or tok.dep_ not in ("ROOT", "conj") or child(tok, "dobj") is not None:
        return False
    if any(c.dep_ in ("aux", "auxpass") for c in tok.children) or child(tok, "nsubj") is None:
        return False
    return tok.tag_ in ("VBN", "VBD") and headline_like(tok)


def reduced_subject(tok: Token) -> Token | None:
    """What a reduced passive happened to: its subject (a count when the headline's
    parse gives it two: "Violence Rages in Juarez, 13 Executed")."""
    subjects = [c for c in tok.children if c.dep_ == "nsubj"]
    counted = [c for c in subjects if c.like_num]
    return (counted or subjects or [None])[-1]


_CLOSING = frozenset({".", "!", "?", '"', "\u201d", "'"})


def headline_like(tok: Token) -> bool:
    """A headline's parse, or a sentence written like one: no closing punctuation."""
    if tok.doc.user_data.get(HEADLINE):
        return True
    # the last word, not the paragraph break the sentence ends with ("… truck.\n\n")
    last = next((t for t in reversed(tok.sent) if not t.is_space), None)
    return last is not None and last.text not in _CLOSING


def headline_undergoer(tok: Token) -> Token | None:
    """Headlines drop the auxiliary: "19 Executed in Guanajuato" is "19 (were) executed"."""
    if child(tok, "dobj") is not None:
        return None
    for c in tok.children:
        if c.dep_ in ("nsubj", "nummod", "nsubjpass") and (c.like_num or c.pos_ == "NUM"):
            return c
    return None


def _lemma(tok: Token | None) -> str:
    return tok.lemma_.lower() if tok is not None else ""


def _is_person(tok: Token | None, lex: Lexicon) -> bool:
    if tok is None:
        return False
    return (
        tok.ent_type_ in ("PERSON", "NORP")
        or tok.pos_ in ("PRON", "PROPN")
        or tok.lemma_.lower() in lex.word_set("person_words")
        or tok.like_num
        or any(c.dep_ == "case" and c.lower_ in lex.word_set("personal_object_marks") for c in tok.children)
        or (tok.lemma_.lower() in lex.word_set("body_parts") and any(c.dep_ == "poss" for c in tok.children))
        or _counts_people(tok, lex)
    )  # a mark only a person takes as object (Spanish "a": "ejecutan a colombiano"); a person's own
    # part is the person ("pushes the man's head", "kneeled on his neck")


def _is_trigger_word(tok: Token | None, lex: Lexicon) -> bool:
    """Is this word, in its own part of speech, a trigger ("gas" in "used tear gas"; the
    noun "gun" is none, though the verb "gun down" is)?"""
    return tok is not None and any(e.accepts_pos(tok.pos_) for e in lex.triggers.get(_lemma(tok), ()))


def _counts_people(tok: Token, lex: Lexicon) -> bool:
    """ "took a group of 16 employees": a collective head is a person by its 'of' object."""
    if tok.lemma_.lower() not in lex.word_set("collective_person_nouns"):
        return False
    members = prep_object(tok, _preps(lex, "of"))
    return members is not None and members.i != tok.i and _is_person(members, lex)


def _onto_surface(tok: Token, lex: Lexicon) -> bool:
    """ "took him to the ground", "held her against a wall": a prepositional object of the
    verb is a surface a person is forced onto (the pack's `restraint_surfaces`)."""
    surfaces = lex.word_set("restraint_surfaces")
    obj = child(tok, "dobj")  # a parse that hangs the phrase on the object ("sujetó al joven contra la pared")
    heads = [tok] if obj is None else [tok, obj]
    return any(c.dep_ in ("prep", "case") and any(o.lemma_.lower() in surfaces for o in c.children)
               for h in heads for c in h.children) or any(  # Spanish: "al suelo" hangs an obl off the verb
        c.dep_ == "obl" and c.lemma_.lower() in surfaces for c in tok.children)


def _force_subject(subj: Token | None, lex: Lexicon) -> bool:
    """An armed force as subject, also as the modifier of a generic head ("the police
    team fired back", "a SWAT unit fired")."""
    if subj is None:
        return False
    return _lemma(subj) in lex.force_nouns or any(
        c.dep_ == "compound" and _lemma(c) in lex.force_nouns for c in subj.children)


def _has_partner(tok: Token, lex: Lexicon) -> bool:
    joint = lex.word_set("joint_words")
    obj = _object(tok)
    for t in (tok, obj):
        if t is not None and any(c.lower_ in joint for c in t.children):
            return True
    partner = prep_object(tok, _preps(lex, "partner"))
    if partner is not None and _is_party(partner, lex):
        return True
    return tok.lower_ in joint


def _kin_partner(tok: Token, lex: Lexicon) -> bool:
    """Is the one the trigger is done with (or to) a relative: "fought with his brother"?"""
    partner = prep_object(tok, _preps(lex, "partner")) or _object(tok)
    return partner is not None and _lemma(partner) in lex.word_set("kin_words")


def _is_party(tok: Token, lex: Lexicon) -> bool:
    """Can this be a party to cooperation (a government, a country, people), not 'knowledge'?"""
    return (
        tok.ent_type_ in ("PERSON", "NORP", "GPE", "ORG")
        or tok.pos_ in ("PROPN", "PRON")
        or tok.lemma_.lower() in lex.word_set("party_words")
        or tok.lemma_.lower() in lex.word_set("person_words")
        or tok.lemma_.lower() in lex.force_nouns
    )


class SentenceWords:
    """The lower-cased lemmas of a sentence, computed on first use (most sentences never ask)."""

    def __init__(self, sent: Any) -> None:
        self.sent = sent
        self._lemmas: set[str] | None = None

    @property
    def lemmas(self) -> set[str]:
        if self._lemmas is None:
            self._lemmas = {t.lemma_.lower() for t in self.sent}
        return self._lemmas

    def any_of(self, words: frozenset[str]) -> bool:
        return not self.lemmas.isdisjoint(words)

    def others_any_of(self, tok: Token, words: frozenset[str]) -> bool:
        """Does a word of the sentence other than `tok` belong to `words`?"""
        return any(t.i != tok.i and t.lemma_.lower() in words for t in self.sent)


def failed_guards(tok: Token, needs: str | None, lex: Lexicon, words: SentenceWords) -> tuple[str, ...]:
    """The '+'-joined guards in `needs` that do not hold for this trigger."""
    if needs is None:
        return ()
    return tuple(g for g in needs.split("+") if not _one_guard(tok, g, lex, words))


def _one_guard(tok: Token, needs: str, lex: Lexicon, words: SentenceWords) -> bool:
    obj = _object(tok)
    checks: dict[str, Any] = {
        "force_obj": lambda: obj is not None and _lemma(obj) in lex.force_nouns,
        "weapon_obj": lambda: _is_weapon(obj, lex) or _aimed_at(tok, lex),
        # "used a stun gun on him"; an object that is a trigger itself ("used tear gas on
        # them") is the event under its light verb, not a second one
        "weapon_aimed": lambda: _is_weapon(obj, lex) and _aimed_at(tok, lex) and not _is_trigger_word(obj, lex),
        "force_subj": lambda: _force_subject(child(tok, "nsubj"), lex),
        "partner": lambda: _has_partner(tok, lex),
        "military_mod": lambda: any(
            c.lower_ in lex.word_set("military_mods") for c in tok.children
        ),
        "terror": lambda: words.any_of(lex.word_set("terror_words")),
        "violence_ctx": lambda: _violent_context(tok, lex, words),
        "protest_ctx": lambda: (
            words.others_any_of(tok, lex.word_set("protest_context"))
            or prep_object(tok, _preps(lex, "against")) is not None
        ),
        "enforcer_subj": lambda: _enforcer_or_unnamed(tok, lex),
        "not_quantity": lambda: not any(c.lower_ in lex.word_set("quantity_mods") for c in tok.children),
        "restriction": lambda: _lemma(obj) in lex.word_set("restriction_objects"),
        "request_obj": lambda: _lemma(obj) in lex.word_set("request_objects"),
        "aid_obj": lambda: _lemma(obj) in lex.word_set("aid_objects"),
        "agreement_obj": lambda: _lemma(obj) in lex.word_set("agreement_objects"),
        "person_obj": lambda: _is_person(obj, lex) or _marked_undergoer(tok, lex) or _bare_participle(tok, obj),
        "surface_pp": lambda: _onto_surface(tok, lex),
        "common_person_obj": lambda: (
            _is_person(obj, lex)
            and obj is not None
            and obj.pos_ != "PROPN"
            and obj.ent_type_ != "PERSON"
        ),
        "call_for": lambda: (
            child(tok, "prt") is None
            and (
                _lemma(prep_object(tok, _preps(lex, "purpose"))) not in ("", *lex.word_set("comment_objects"))
                or (prep_object(tok, _preps(lex, "topic")) is not None and child(tok, "xcomp") is not None)
            )
        ),
        "xcomp": lambda: _asks_for_action(tok, lex),
        "labor": lambda: _is_labour_strike(tok, lex),
        "open_fire": lambda: (tok.dep_ == "dobj" and _lemma(tok.head) in lex.word_set("open_fire_verbs")) or any(
            c.dep_ == "amod" and c.pos_ == "VERB" and _lemma(c) in lex.word_set("open_fire_verbs") for c in tok.children
        ),  # a quoted '"returned fire."' parses the verb as the noun's adjective
        "particle": lambda: any(
            c.dep_ == "prt" and c.lower_ in lex.word_set("arrest_particles") for c in tok.children
        ),
        "custody_pp": lambda: tok.dep_ == "pobj" and tok.head.lower_ in lex.word_set("custody_preps"),
        "state_of": lambda: (  # "declared a state of emergency", "estado de excepción"
            tok.dep_ == "pobj" and tok.head.lower_ in _preps(lex, "of") and _lemma(tok.head.head) in lex.word_set("state_heads")
        ),
        "jail_pp": lambda: _to_jail(tok, lex),
        "leaves_body": lambda: _leaves_body(tok, lex),
        "shut_off": lambda: _shuts_off(tok, lex),
        "threat_ctx": lambda: any(
            t.lemma_.lower() in lex.word_set("threat_context") for t in tok.subtree if t.i != tok.i
        ),
        "body_obj": lambda: (
            _about(tok, obj, lex.word_set("body_words"), lex, _preps(lex, "with") | _preps(lex, "of"))
            or _found_dead(tok, obj, lex)
            or _headline_complement(tok, lex.word_set("body_words"), _preps(lex, "with"))
        ),
        "road_obj": lambda: _about(tok, obj, lex.word_set("road_words"), lex),
        "contraband_obj": lambda: _about(tok, obj, lex.word_set("contraband_words"), lex),
        "armed_subj": lambda: _armed_side(tok, lex),
        "weapon_subj": lambda: _is_weapon(_subject_or_antecedent(tok), lex),
        "property_obj": lambda: _about(tok, obj, lex.word_set("property_words"), lex),
        # "hacked the ministry's servers" is an intrusion; "hacked three farmers to death" is not
        # "fighting with his wife" is a quarrel, unless a weapon or a death is told
        "not_kin": lambda: not _kin_partner(tok, lex) or words.others_any_of(tok, lex.word_set("physical_violence")),
        "cyber_obj": lambda: _about(tok, obj, lex.word_set("cyber_objects"), lex),
        # "hacked two herders to death": the phrase of the verb that says it killed
        "to_death": lambda: any(
            c.dep_ == "prep" and _lemma(child(c, "pobj")) in lex.word_set("death_pp_words") for c in tok.children
        ),
        "crowd_ctx": lambda: words.any_of(lex.word_set("crowd_words")),
        "counted_dead": lambda: _counted_dead(tok, lex),
        # the trigger heads one of the pack's cues with its object ("recaptured the town",
        # "opened a barracks"; cues.json): the same words decide the reading and the cue
        "cue_head": lambda: cue_head(tok, load_cues(lex.language)),
        # the trigger's own context names a means of force (assault_modes): "sexually abused"
        "mode_word": lambda: refine_mode(tok, "ASSAULT", None, lex) is not None,
        # "held two men for questioning", "retuvo a dos hombres para interrogarlos": custody,
        # not a grip ("held him down", "held her by the arms") nor captives ("held hostage")
        # "set a bus on fire", "set the houses ablaze": a thing an arson verb sets alight
        "set_alight": lambda: _set_alight(tok, lex),
        # "released three hostages", "los rehenes fueron liberados": captives set free are no abduction
        "not_freed": lambda: not _freed(tok, lex),
        "custody_ctx": lambda: any(  # a clitic verb's lemma is two words: "interrogar él"
            _lemma(t).split(" ")[0] in lex.word_set("custody_words")
            for c in tok.children if c.dep_ in _CUSTODY_DEPS for t in c.subtree
        ),
    }
    check = checks.get(needs)
    if check is None:  # the pack loader refuses unknown guards (E321); never pass silently
        raise ChroniclerError(
            E.LANG_PACK_INVALID, language=lex.language, path="triggers", detail=f"guard {needs!r}"
        )
    return bool(check())


# where custody hangs off the verb: its own phrases ("for questioning", "overnight"), not a
# clause of its own ("... and then took him into custody": the arrest is that clause's event)
_CUSTODY_DEPS = frozenset({"prep", "obl", "npadvmod", "advmod", "oprd"})


def _set_alight(tok: Token, lex: Lexicon) -> bool:
    """Is the trigger the fire of an arson verb (detect.json arson_verbs) whose object is
    property: "set a bus [on fire]" (the noun under the verb's preposition) or "set the
    houses ablaze" (a complement of the verb)? A person set on fire is no property."""
    verb = tok.head
    if tok.dep_ == "pobj" and verb.dep_ == "prep":
        verb = verb.head
    elif tok.dep_ == "amod":  # the parser may read "a school ablaze" as a noun phrase
        verb = _first_conjunct(verb).head
    elif tok.dep_ not in ("oprd", "acomp", "advmod", "xcomp", "ccomp"):
        return False
    return _lemma(verb) in lex.word_set("arson_verbs") and _about(verb, _object(verb), lex.word_set("property_words"), lex)


def _freed(tok: Token, lex: Lexicon) -> bool:
    """Is the captive noun what a release verb (detect.json release_verbs) frees: its object
    ("released three hostages") or its passive subject ("the hostages were freed")?"""
    head = tok.head
    if tok.dep_ == "conj":  # "freed two soldiers and three hostages"
        head = _first_conjunct(tok).head
    return tok.dep_ in ("dobj", "obj", "nsubjpass", "nsubj:pass", "conj") and _lemma(head) in lex.word_set("release_verbs")


def _to_jail(tok: Token, lex: Lexicon) -> bool:
    """ "booked into the county jail", "ingresado al penal": a prepositional object of the
    verb (or a compound of it: "the Douglas County Correctional Center") is a jail word,
    or the grounds a booking is on ("booked on suspicion of burglary": `booking_grounds`)."""
    jail = lex.word_set("jail_words") | lex.word_set("booking_grounds")
    for c in tok.children:  # "into the jail" (a preposition over its object) or "al penal" (a case mark)
        objs = [o for o in c.children if o.dep_ == "pobj"] if c.dep_ == "prep" else \
            [c] if any(g.dep_ == "case" for g in c.children) else []  # fmt: skip
        for obj in objs:
            if ({_lemma(obj)} | {_lemma(m) for m in obj.children if m.dep_ in ("compound", "amod")}) & jail:
                return True
    return False


def _enforcer_or_unnamed(tok: Token, lex: Lexicon) -> bool:
    """Seizing is what authorities do: the finder is a force, or goes unnamed."""
    subj = child(tok, "nsubj")
    if subj is None or reduced_passive(tok):
        return True
    forms = {_lemma(subj), subj.lower_, subj.lower_.removesuffix("s")}  # "Marines" as a name
    return any(f in lex.force_nouns or f in lex.word_set("enforcer_words") for f in forms)


def _found_dead(tok: Token, obj: Token | None, lex: Lexicon) -> bool:
    """ "found two men dead", "they locate a lifeless man", "a man found beaten to death":
    what is found is said to be dead, or to have been killed."""
    states = lex.word_set("death_states")
    holders = [tok] + ([obj] if obj is not None else [])
    if tok.dep_ == "acl":
        holders.append(tok.head)  # "murdered man found in trunk"
    deps: tuple[str, ...] = ("amod", "acl", "oprd", "acomp", "xcomp", "advcl", "conj", "relcl", "ccomp", "dep")
    if tok.doc.user_data.get(HEADLINE):  # a headline's parse attaches the state anyhow
        deps += ("dobj", "obj", "dative", "prep", "advmod", "nsubj")
    for holder in holders:
        for c in holder.children:
            if c.dep_ not in deps:
                continue
            phrase = " ".join(t.lower_ for t in c.subtree)  # "sin vida", lifeless
            # "a man tied and lifeless": the state may be the second of two conjuncts
            if phrase in states or any(t.lower_ in states or _lemma(t) in states for t in (c, *c.conjuncts)):
                return True
    return False


_COMPLEMENTS = frozenset({"xcomp", "dep", "obj", "compound", "nsubj", "appos", "nmod"})


def _headline_complement(tok: Token, kinds: frozenset[str], holding: frozenset[str] = frozenset()) -> bool:
    """In a headline's parse the bare noun after a verb is often read as its complement
    or even its subject ("Localizan cadáver en canal": cadáver as xcomp or compound,
    "Arrojan cinco cadáveres": nsubj): that noun, after the verb, is what is acted on; and
    what it holds may hang from the verb ("Hallan bolsa con restos": con on hallan)."""
    if not tok.doc.user_data.get(HEADLINE) or tok.pos_ != "VERB":
        return False
    after = [c for c in tok.children if c.dep_ in _COMPLEMENTS and c.i > tok.i]
    after += [o for o in _thing_objects(tok, holding) if o.i > tok.i]
    return any(_lemma(c) in kinds or c.lower_ in kinds for c in after)


# Where a count of the dead is what another word states ("leaves two dead", "with two
# dead"): that word is the trigger, the count its toll.
_STATED_BY_OTHER = frozenset({"oprd", "dobj", "obj", "xcomp", "acomp", "attr", "pobj", "ccomp"})


def _counted_dead(tok: Token, lex: Lexicon) -> bool:
    """ "Seven dead in Zacatecas", "Eight Dead During Violent Saturday", "dos muertos en
    Celaya": a headline whose statement is a count of the dead (the number its modifier,
    or the word the number's own modifier), with no trigger verb that states it (a report
    verb may: "Reportan dos muertos", "Zacatecas registró siete muertos")."""
    if not headline_like(tok):
        return False
    reported = tok.dep_ in ("dobj", "obj") and tok.head.lemma_.lower() not in lex.triggers
    if tok.dep_ in _STATED_BY_OTHER and not reported:
        return False
    if any(c.dep_ == "nummod" or c.like_num for c in tok.children):
        return True
    if tok.head.i == tok.i or tok.dep_ not in ("amod", "appos", "acl", "nmod", "dep"):
        return False  # below: "Eight dead ..." (dead under the number), "2 kids dead" (a counted noun)
    return bool(tok.head.like_num) or any(c.dep_ == "nummod" for c in tok.head.children)


def _bare_participle(tok: Token, obj: Token | None) -> bool:
    """A headline that is a participle and a place ("Executed in his home", "Executed, in
    the market"): no object, no subject; someone was, the title says."""
    if obj is not None or not tok.doc.user_data.get(HEADLINE) or tok.tag_ != "VBN":
        return False
    return tok.dep_ == "ROOT" and not any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in tok.children)


def _marked_undergoer(tok: Token, lex: Lexicon) -> bool:
    """A headline's parse may lose the object a personal mark introduces ("Ejecutan a
    reverendo": "reverendo" read as a verb under "a"): a word after the trigger that
    carries the mark (the pack's `personal_object_marks`) is a person acted on."""
    marks = lex.word_set("personal_object_marks")
    if not marks or not headline_like(tok):
        return False
    return any(
        c.i > tok.i and any(g.dep_ in ("case", "mark") and g.lower_ in marks and g.i < c.i for g in c.children)
        for c in tok.children
    )


def _armed_side(tok: Token, lex: Lexicon) -> bool:
    """Done by an armed group or from the air ("gunmen raided", "an air raid"), not by
    the authorities (a police raid is a search, COERCE)."""
    armed = lex.word_set("armed_actors")
    agent = child(tok, "agent")
    subj = child(tok, "nsubj")
    sides = [subj, child(agent, "pobj") if agent is not None else None]
    sides.extend(c for c in tok.children if c.dep_ in ("compound", "amod", "poss"))
    if subj is not None:  # "gang members stormed", "members of the cartel blocked"
        sides.extend(c for c in subj.children if c.dep_ in ("compound", "amod"))
        sides.append(prep_object(subj, _preps(lex, "of")))
    return any(_lemma(t) in armed or (t is not None and t.lower_ in armed) for t in sides)


def _about(
    tok: Token, obj: Token | None, kinds: frozenset[str], lex: Lexicon, holding: frozenset[str] = frozenset()
) -> bool:
    """Is what the trigger acts on (object, passive subject, or the noun a participle
    modifies: "two bodies found") one of `kinds`, by its head or a conjunct? `holding`:
    prepositions of what a thing holds ("bags with human remains"), read as the thing."""
    things = [obj] if obj is not None else []
    if tok.dep_ in ("acl", "amod") and tok.head.i != tok.i:
        things.extend(_noun_chain(tok.head))
    if tok.pos_ == "VERB":  # "leaves three dead": the complement names the dead
        things.extend(c for c in tok.children if c.dep_ in ("oprd", "acomp"))
    if tok.pos_ == "VERB":  # "they find bodies packed in boxes": the small clause's subject
        things.extend(g for c in tok.children if c.dep_ in ("ccomp", "xcomp") and c.i > tok.i
                      for g in c.children if g.dep_ in ("nsubj", "nsubjpass"))  # fmt: skip
    if tok.pos_ == "NOUN":  # "the discovery of two bodies", "el hallazgo de un cadáver"
        things.extend(c for c in tok.children if c.dep_ in ("compound", "amod"))
        things.extend(_thing_objects(tok, lex.word_set("thing_preps") | holding))
        if tok.dep_ == "dobj":  # "set fire to a bar": the light verb holds the phrase
            things.extend(_thing_objects(tok.head, lex.word_set("light_verb_preps")))
    for thing in list(things):
        things.extend(thing.conjuncts)
        things.extend(c for c in thing.children if c.dep_ in ("compound", "amod"))
        if holding:
            things.extend(_thing_objects(thing, holding))
    return any(_lemma(t) in kinds or t.lower_ in kinds for t in things)


def _noun_chain(noun: Token) -> list[Token]:
    """The noun a participle modifies and the nouns its phrase hangs from ("Body wrapped
    in sheets found ...", "Four heads with a message found ...": found -> sheets -> Body),
    up through prepositions and participles only."""
    chain = [noun]
    while noun.dep_ in ("pobj", "acl") and noun.head.i != noun.i and len(chain) < 6:
        up = noun.head.head if noun.dep_ == "pobj" and noun.head.dep_ == "prep" else noun.head
        if up.i == noun.i or up.pos_ not in ("NOUN", "PROPN", "VERB"):
            break
        noun = up
        if up.pos_ != "VERB":
            chain.append(up)
        elif up.dep_ != "acl":
            break
    return chain


def _thing_objects(tok: Token, preps: frozenset[str]) -> list[Token]:
    """Objects of `tok`'s prepositions in `preps` that are not dates ("On 9 August 2022,
    gunmen set fire to ...": the opener of an ACLED note is no target)."""
    return [
        o
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ in preps
        for o in c.children
        if o.dep_ in ("pobj", "pcomp") and o.ent_type_ not in ("DATE", "TIME")
    ]


def _aimed_at(tok: Token, lex: Lexicon) -> bool:
    """ "threw stones at police", not "was thrown into question on Feb. 9"."""
    target = prep_object(tok, _preps(lex, "aim"))
    return target is not None and target.ent_type_ not in ("DATE", "TIME")


def _violent_context(tok: Token, lex: Lexicon, words: SentenceWords) -> bool:
    """Is this attack physical? Another violence word in the sentence says so; an attack
    on a named person needs physical violence (a candidate "attacked" a rival verbally);
    "the two attacks" with no target of its own may lean on the sentence before."""
    others = {t.lemma_.lower() for t in words.sent if t.i != tok.i}
    target = prep_object(tok, _preps(lex, "imposed_on")) if tok.pos_ == "NOUN" else _object(tok)
    if target is not None and (target.ent_type_ == "PERSON" or _lemma(target) in lex.word_set("political_targets")):
        return not others.isdisjoint(lex.word_set("physical_violence"))
    if not others.isdisjoint(lex.word_set("violence_context")):
        return True
    if tok.pos_ == "NOUN" and target is None and _refers_to_earlier(tok, lex):
        start = words.sent.start
        before = tok.doc[start - 1].sent if start > 0 else None
        lemmas = {t.lemma_.lower() for t in before} if before is not None else set()
        return not lemmas.isdisjoint(lex.word_set("physical_violence"))
    return False


def _refers_to_earlier(tok: Token, lex: Lexicon) -> bool:
    """ "the attack", "both attacks", "the two attacks": a noun that points back."""
    return any(
        c.dep_ in ("det", "nummod", "predet") and c.lower_ not in lex.word_set("indefinite_dets")
        for c in tok.children
    )


def _leaves_body(tok: Token, lex: Lexicon) -> bool:
    """Withdrawing from a treaty, body or country (SANCTION), not forces from ground."""
    parties = (child(tok, "nsubj"), _object(tok), prep_object(tok, _preps(lex, "of")))
    armed = lex.word_set("armed_actors")
    if any(_lemma(p) in lex.force_nouns or _lemma(p) in armed for p in parties):
        return False  # troops, militants, rebels leave ground: RETREAT
    source = prep_object(tok, _preps(lex, "source"))
    return source is not None and (
        source.ent_type_ in ("GPE", "ORG") or _lemma(source) in lex.word_set("bodies")
    )


def _shuts_off(tok: Token, lex: Lexicon) -> bool:
    """Cutting a service: "shut down the internet", "cut off water", "internet shutdown"."""
    services = lex.word_set("services")
    if tok.pos_ == "NOUN":
        return any(_lemma(c) in services for c in tok.children)
    particle = child(tok, "prt")
    if particle is None or particle.lower_ not in lex.word_set("shut_off_particles"):
        return False
    return _lemma(_object(tok)) in services


def _asks_for_action(tok: Token, lex: Lexicon) -> bool:
    if child(tok, "xcomp", "ccomp") is not None:
        return True
    wanted = prep_object(tok, _preps(lex, "purpose"))
    return wanted is not None and _lemma(wanted) not in lex.word_set("comment_objects")


def _subject_or_antecedent(tok: Token) -> Token | None:
    """The verb's subject; in a relative clause whose subject is the relative pronoun ("an
    IED that exploded"), the noun the clause hangs on."""
    subj = child(tok, "nsubj")
    if tok.dep_ == "relcl" and (subj is None or subj.pos_ == "PRON"):
        return tok.head
    return subj


def _is_weapon(tok: Token | None, lex: Lexicon) -> bool:
    if tok is None:
        return False
    words = {tok.lemma_.lower(), *(c.lemma_.lower() for c in tok.children)}
    return any(words & group for _, group in lex.assault_modes)


def _carries_aid(tok: Token, lex: Lexicon) -> bool:
    obj = _object(tok)
    if obj is None:
        return False
    items = [obj, *(c for c in obj.conjuncts)]
    return any(_lemma(t) in lex.word_set("aid_objects") for t in items)


def _is_labour_strike(tok: Token, lex: Lexicon) -> bool:
    labour = lex.word_set("labor_words")
    if any(c.lemma_.lower() in labour for c in tok.children):
        return True
    head = tok.head
    return (
        head.lower_ == "on" and head.dep_ in ("prep", "prt") and _lemma(head.head) in ("go", "be")
    )


def _wrong_sense(tok: Token, event_type: str, lex: Lexicon) -> str | None:
    """Return 'skip', a replacement type, or None when the reading stands.

    Force verbs aimed at abstractions are politics, not violence: "killed the bill" is
    nothing, "attacked the plan" is criticism. "strike a deal" is an agreement.
    """
    if event_type not in ("ASSAULT", "COERCE"):
        return None
    target = prep_object(tok, _preps(lex, "imposed_on")) if tok.pos_ == "NOUN" else _object(tok)
    if target is None and tok.dep_ == "acl":
        target = tok.head  # "the idea murdered by ...": the modified noun is the target
    lemma = _lemma(target)
    if tok.lemma_ in lex.word_set("agreement_strike_verbs") and lemma in lex.word_set("agreement_objects"):
        return "AGREE"
    if lemma in lex.word_set("abstract_objects"):
        return "ACCUSE" if tok.lemma_ in lex.word_set("verbal_attack_lemmas") else "skip"
    if _manner_phrase(tok, lex) and not any(c.dep_ == "nummod" for c in tok.children):
        return "skip"  # "with or without force" qualifies; "begins with three murders" counts
    return None


def _names_a_thing(tok: Token, lex: Lexicon) -> bool:
    """A trigger noun that modifies another noun names a kind of thing, not an event:
    "assault rifles", "appeals court", "shooting victims", "arrest warrant"."""
    if tok.pos_ != "NOUN" or tok.dep_ != "compound":
        return False
    return tok.head.lemma_.lower() not in lex.word_set("event_heads")  # "a tariff increase" is still an event


def _boilerplate_or_figure(tok: Token, event_type: str, lex: Lexicon) -> bool:
    """Readings that are idiom or newsroom routine: "a request for comment", "the court
    struck down the rule", "seized on the remark", "offered no proof", "met the threshold"."""
    lemma = tok.lemma_.lower()
    if event_type == "REQUEST":
        return _request_idiom(tok, lemma, lex)
    if event_type == "ASSAULT" and tok.pos_ == "NOUN" and _not_an_assault(tok, lemma, lex):
        return True
    if event_type in ("ASSAULT", "COERCE") and tok.pos_ == "VERB":
        particle = child(tok, "prt")
        if particle is not None and particle.lower_ in lex.word_set("figurative_particles") and lemma in lex.word_set("figurative_strike_lemmas"):
            return True
        return (
            _object(tok) is None
            and prep_object(tok, _preps(lex, "upon")) is not None
            and lemma in lex.word_set("seize_on_lemmas")
        )
    if event_type == "AGREE" and lemma in lex.word_set("offer_lemmas"):
        things = lex.word_set("agreement_objects") | lex.word_set("aid_objects")
        return _lemma(_object(tok)) not in things and child(tok, "xcomp") is None
    if event_type == "AGREE" and lemma in lex.word_set("deal_nouns") and tok.pos_ == "NOUN":
        sealed = _lemma(_first_conjunct(tok).head) in lex.word_set("deal_verbs")
        return not sealed and prep_object(tok, _preps(lex, "partner_between")) is None
    if event_type == "CONSULT" and lemma in lex.word_set("meet_lemmas"):
        # "met the threshold", "was met with opposition": no meeting took place
        partners = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        partners.append(prep_object(tok, _preps(lex, "with")))
        return any(_lemma(p) in lex.word_set("unmeetable") for p in partners)
    return False


def _request_idiom(tok: Token, lemma: str, lex: Lexicon) -> bool:
    """ "a request for comment" is newsroom routine, "asked why ..." is a question and
    "his anti-establishment appeal" is charm: none asks anyone for anything."""
    if _lemma(prep_object(tok, _preps(lex, "purpose"))) in lex.word_set("comment_objects"):
        return True
    if lemma in lex.word_set("question_ask_lemmas") and child(tok, "xcomp") is None and prep_object(tok, _preps(lex, "purpose")) is None:
        clause = child(tok, "ccomp")
        return clause is not None and clause.left_edge.lower_ in lex.word_set("question_words")
    if lemma in lex.word_set("appeal_nouns") and tok.pos_ == "NOUN":
        return prep_object(tok, _preps(lex, "request_target")) is None and child(tok, "acl") is None
    return False


def _not_an_assault(tok: Token, lemma: str, lex: Lexicon) -> bool:
    """ "the nation's armed forces" are an institution; "an invasion of the regulatory
    domain" is a figure of speech: an invasion needs a place or a party."""
    if lemma in lex.word_set("institution_force_lemmas"):
        return tok.tag_ == "NNS" or child(tok, "poss") is not None
    if lemma in lex.word_set("invasion_lemmas"):
        target = prep_object(tok, _preps(lex, "of"))
        return target is not None and not (
            target.ent_type_ in ("GPE", "LOC", "NORP", "ORG") or target.pos_ == "PROPN"
        )
    return False


def _manner_phrase(tok: Token, lex: Lexicon) -> bool:
    """A noun inside "with/without (the) X" qualifies another action: not an event itself."""
    tok = _first_conjunct(tok)
    prep = tok.head
    # "with or without force" on a verb qualifies it; "in connection with the kidnapping" names one
    return (
        tok.pos_ == "NOUN" and tok.dep_ == "pobj" and prep.lower_ in lex.word_set("manner_preps")
        and prep.head.pos_ in ("VERB", "AUX")
    )  # fmt: skip


@dataclass(frozen=True)
class Reading:
    """One way to read a trigger token: a type and mode from the lexicon, the guards of
    its line that did not hold, and whether structure rules it out altogether."""

    entry: TriggerEntry
    event_type: str
    mode: str | None
    failed: tuple[str, ...] = ()
    blocked: bool = False

    def prior(self, guard_penalty: float) -> float:
        """The lexicon's belief in this reading: its confidence, lowered per failed guard."""
        return self.entry.confidence * guard_penalty ** len(self.failed)


# guards of a verb too common to be a trigger without them ("took him to the ground", not
# "gangs took hostages"): when one fails there is no reading at all (no candidate for the typer)
HARD_GUARDS = frozenset({"surface_pp"})
# guards that, when they fail, rule the reading out by structure (`Reading.blocked`): no
# event by the lexicon and none by the note typer either ("fighting with his wife")
BLOCKING_GUARDS = frozenset({"not_kin"})


def readings(
    tok: Token, lex: Lexicon, words: SentenceWords, lemma: str | None = None, any_pos: bool = False
) -> list[Reading]:
    """Every reading of the token in lexicon order (guarded lines first); `lemma` and
    `any_pos` serve a token whose own tag is not to be trusted (a headline's "Slain")."""
    key = lemma or tok.lemma_
    entries = lex.triggers.get(key) or lex.triggers.get(key.lower())
    if not entries or _names_a_thing(tok, lex):
        return []
    out: list[Reading] = []
    for entry in entries:
        if not any_pos and not entry.accepts_pos(tok.pos_):
            continue
        failed = failed_guards(tok, entry.needs, lex, words)
        if HARD_GUARDS.intersection(failed):
            continue
        if failed and key.lower() in lex.word_set("strict_guard_lemmas"):
            continue  # "took control of the town": no reading at all, so a note still asks the typer
        if BLOCKING_GUARDS.intersection(failed):
            out.append(Reading(entry, entry.event_type, entry.mode, failed, blocked=True))
            continue
        out.append(_structural(tok, entry, failed, lex))
    return out


def _structural(tok: Token, entry: TriggerEntry, failed: tuple[str, ...], lex: Lexicon) -> Reading:
    blocked = Reading(entry, entry.event_type, entry.mode, failed, blocked=True)
    if tok.pos_ == "VERB" and tok.dep_ == "amod":
        return blocked  # "alleged cartel leaders", "the kidnapped journalists"
    if tok.pos_ == "NOUN" and child(tok, "dobj") is not None and tok.i > 0 and tok.doc[tok.i - 1].tag_ == "TO":
        return blocked  # "to combat drug cartels": a verb tagged as a noun, an aim not an act
    if entry.event_type == "MOBILIZE" and _carries_aid(tok, lex):
        return blocked  # "sent helicopters and military aid to Mexico" is AID
    if _boilerplate_or_figure(tok, entry.event_type, lex):
        return blocked
    if entry.event_type == "ASSAULT" and _by_protesters(tok, lex):
        if _about(tok, _object(tok), lex.word_set("property_words"), lex):
            failed = tuple(f for f in failed if f != "violence_ctx")  # attacking a building is physical
        return Reading(entry, "PROTEST", "riot", failed)  # protesters who attack or burn riot
    verdict = _wrong_sense(tok, entry.event_type, lex)
    if verdict == "skip":
        return blocked
    if verdict is not None:
        mode = "disapprove" if verdict == "ACCUSE" else None
        return Reading(entry, verdict, mode, failed)
    if entry.event_type in _PARTNER_TYPES and _manner_phrase(tok, lex):
        return blocked  # "with the cooperation of" qualifies another action
    return Reading(entry, entry.event_type, entry.mode, failed)


def _by_protesters(tok: Token, lex: Lexicon) -> bool:
    """Is the attacker a protester, a demonstrator, a party's supporters (detect.json
    rioter_words)? "set fire": the light verb's subject; "attacked ... and set": the first verb's."""
    head = tok.head if tok.dep_ == "dobj" and tok.pos_ == "NOUN" else tok
    head = _first_conjunct(head)
    subj = child(head, "nsubj")
    return subj is not None and _lemma(subj) in lex.word_set("rioter_words")


def lexicon_choice(found: list[Reading]) -> Reading | None:
    """The reading the lexicon alone settles on: the first whose guards all hold, unless
    structure rules that one out (then the token is no event for the lexicon)."""
    for reading in found:
        if not reading.failed:
            return None if reading.blocked else reading
    return None


def _first_conjunct(tok: Token) -> Token:
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _named_modifier(tok: Token) -> Token | None:
    """A country, people or organisation named in a modifier chain ("US drone strikes")."""
    for t in (tok, *(c for c in tok.children if c.dep_ in ("compound", "amod"))):
        if t.ent_type_ in ("GPE", "NORP", "ORG"):
            return t
    return None


def _context_lemmas(tok: Token, lex: Lexicon) -> set[str]:
    """Lemmas near the trigger that can name a weapon or a force."""
    near: set[str] = {tok.lemma_.lower(), tok.lower_}
    for c in tok.children:
        near.add(c.lemma_.lower())
        near.add(c.lower_)
        if c.dep_ in ("prep", "agent", "dobj", "nsubj", "nsubjpass", "compound"):
            near.update(g.lemma_.lower() for g in c.children)
        if c.dep_ in ("dobj", "nsubj", "nsubjpass"):  # "fired a barrage of missiles": what the amount is of
            near.update(x.lemma_.lower() for g in c.children if g.dep_ == "prep" for x in g.children if x.dep_ == "pobj")
    head = tok.head
    if head.lemma_.lower() in lex.word_set("means_heads"):  # "a car bomb exploded, killing"
        for c in head.children:
            near.add(c.lemma_.lower())
            near.update(g.lemma_.lower() for g in c.children if g.dep_ == "compound")
    if tok.dep_ == "advcl" and tok.tag_ == "VBG":  # "warplanes struck a market, killing 14": the striker
        for c in head.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                near.add(c.lemma_.lower())
                near.update(g.lemma_.lower() for g in c.children if g.dep_ in ("compound", "amod"))
        near.update(_means_of_head(head))
    for c in tok.children:  # "killed when they stepped on a landmine": the clause that says how
        if c.dep_ == "advcl":
            for g in c.children:
                near.add(g.lemma_.lower())
                near.update(x.lemma_.lower() for x in g.children if x.dep_ in ("pobj", "compound", "amod"))
    return near


def _means_of_head(head: Token) -> set[str]:
    """What the verb over a ", killing 10" clause threw or fired ("set off a roadside bomb",
    "lobbed a grenade at") and what it fired with ("pounded villages with rockets"): its
    object and the objects of its prepositions, with their compounds and conjuncts."""
    found: list[Token] = []
    for c in head.children:
        if c.dep_ == "dobj":
            found.append(c)
        elif c.dep_ == "prep":
            found.extend(g for g in c.children if g.dep_ == "pobj")
    found.extend(g for t in list(found) for g in t.children if g.dep_ == "conj")
    near = {t.lemma_.lower() for t in found}
    near.update(g.lemma_.lower() for t in found for g in t.children if g.dep_ == "compound")
    return near


def refine_mode(tok: Token, event_type: str, mode: str | None, lex: Lexicon) -> str | None:
    if event_type == "ASSAULT":
        near = _context_lemmas(tok, lex)
        for name, words in lex.assault_modes:
            # A trigger's own mode ("kidnapped") yields only to the means of delivery, and
            # "fire"'s guess of firearms to the heavy weapon fired ("fired rockets at").
            if near & words and (mode is None or name in _DELIVERY_MODES or name in _OVERRIDES.get(mode, ())):
                return name
        return mode
    if event_type == "MOBILIZE":
        forces = [_object(tok), prep_object(tok, _preps(lex, "of"))]
        for t in forces:
            if t is not None:
                for word in (t.lemma_.lower(), *(c.lemma_.lower() for c in t.children)):
                    if word in lex.force_nouns:
                        return lex.force_nouns[word]
        return mode
    if event_type == "PROTEST" and tok.lemma_ in lex.word_set("strike_lemmas"):
        hunger = lex.word_set("hunger_words")
        return "hunger" if any(c.lower_ in hunger for c in tok.children) else mode
    group = {"REQUEST": "request_modes", "REJECT": "request_modes", "THREATEN": "threat_modes"}
    if event_type in group and mode is None:
        subtree_lemmas = {t.lemma_.lower() for t in tok.subtree}
        for name, keys in lex.mode_groups[group[event_type]]:
            if subtree_lemmas & keys:
                return name
    return mode
