"""The `events` component: sentence-level PLOVER event claims with actor and recipient spans.

Detection is lexicon-driven: a token whose lemma is a known trigger (verb or noun) is a
candidate; guards checked on the parse keep out other senses ("killed the bill", "strike a
deal", "asked for comment"). The mode comes from the trigger or from its neighbourhood
("drone strikes" -> ASSAULT/drone, "deployed police" -> MOBILIZE/police). Sentences
without any trigger lemma cost one dictionary lookup per token.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from chronicler.extract.arguments import (
    GROUP_PRONOUNS,
    PERSON_PRONOUNS,
    THING_PRONOUNS,
    Arguments,
    Token,
    active_subject,
    antecedent,
    child,
    clean_argument,
    entity_for,
    inherited_subject,
    is_passive,
    prep_object,
    span_of,
)
from chronicler.extract.lexicon import Lexicon, TriggerEntry, load_lexicon
from chronicler.pipeline import DocContext, component, event_id
from chronicler.records import Entity, Event, Span
from chronicler.version import PIPELINE_VERSION

_HOSTILE = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE"})
_PARTNER_TYPES = frozenset({"COOPERATE", "CONSULT", "AGREE"})
_DELIVERY_MODES = frozenset({"drone", "aerial", "suicide-attack"})
_NO_RECIPIENT = frozenset({"MOBILIZE", "PROTEST"})
_MANNER_PREPS = frozenset({"with", "without"})
_NAME_ENTS = frozenset({"DATE", "TIME", "PERSON", "GPE", "LOC", "ORG", "FAC", "WORK_OF_ART", "LAW"})
_ANAPHORIC_DETS = frozenset({"those", "these", "such"})
# Targets of verbal attacks in political news: rivals, parties, campaigns.
_POLITICAL = frozenset({"opponent", "rival", "candidate", "nominee", "campaign", "party",
                        "democrat", "republican", "critic", "media", "press", "senator"})  # fmt: skip
_QUESTION_WORDS = frozenset(
    {"why", "what", "whether", "if", "how", "who", "when", "where", "which"}
)
_EVENT_HEADS = frozenset({"increase", "hike", "flight", "operation", "file", "campaign", "mission",
                          "order", "program", "programme", "effort", "wave", "spree"})  # fmt: skip
_FIGURATIVE_PARTICLES = frozenset({"down", "on", "upon", "out"})  # "struck down", "seized on"
SCRATCH_TRIGGER_TOKENS = "event_trigger_tokens"  # ctx.scratch key: event id -> token index


@dataclass
class Candidate:
    token: Token
    event_type: str
    mode: str | None
    confidence: float
    args: Arguments = field(default_factory=Arguments)
    inherit_actor: bool = False  # "those operations were conducted ...": actor of the last event


# --- guards -----------------------------------------------------------------


def _object(tok: Token) -> Token | None:
    """The thing acted on: the direct object, or the passive subject."""
    obj = child(tok, "dobj")
    if obj is None and is_passive(tok):
        obj = child(tok, "nsubjpass")
    return obj


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
    )


def _has_partner(tok: Token, lex: Lexicon) -> bool:
    joint = lex.word_set("joint_words")
    obj = _object(tok)
    for t in (tok, obj):
        if t is not None and any(c.lower_ in joint for c in t.children):
            return True
    partner = prep_object(tok, {"with", "alongside", "between"})
    if partner is not None and _is_party(partner, lex):
        return True
    return tok.lower_ in joint


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


def _guard(tok: Token, needs: str | None, lex: Lexicon, words: SentenceWords) -> bool:
    """All of the '+'-joined guards in `needs` hold for this trigger."""
    return needs is None or all(_one_guard(tok, g, lex, words) for g in needs.split("+"))


def _one_guard(tok: Token, needs: str, lex: Lexicon, words: SentenceWords) -> bool:
    obj = _object(tok)
    checks: dict[str, Any] = {
        "force_obj": lambda: obj is not None and _lemma(obj) in lex.force_nouns,
        "weapon_obj": lambda: _is_weapon(obj, lex) or _aimed_at(tok),
        "force_subj": lambda: _lemma(child(tok, "nsubj")) in lex.force_nouns,
        "partner": lambda: _has_partner(tok, lex),
        "military_mod": lambda: any(
            c.lower_ in lex.word_set("military_mods") for c in tok.children
        ),
        "terror": lambda: words.any_of(lex.word_set("terror_words")),
        "violence_ctx": lambda: _violent_context(tok, lex, words),
        "protest_ctx": lambda: (
            words.any_of(lex.word_set("protest_context"))
            or prep_object(tok, {"against"}) is not None
        ),
        "not_quantity": lambda: not any(c.lower_ in ("great", "good") for c in tok.children),
        "restriction": lambda: _lemma(obj) in lex.word_set("restriction_objects"),
        "request_obj": lambda: _lemma(obj) in lex.word_set("request_objects"),
        "aid_obj": lambda: _lemma(obj) in lex.word_set("aid_objects"),
        "agreement_obj": lambda: _lemma(obj) in lex.word_set("agreement_objects"),
        "person_obj": lambda: _is_person(obj, lex),
        "common_person_obj": lambda: (
            _is_person(obj, lex)
            and obj is not None
            and obj.pos_ != "PROPN"
            and obj.ent_type_ != "PERSON"
        ),
        "call_for": lambda: (
            child(tok, "prt") is None
            and (
                _lemma(prep_object(tok, {"for"})) not in ("", *lex.word_set("comment_objects"))
                or (prep_object(tok, {"on"}) is not None and child(tok, "xcomp") is not None)
            )
        ),
        "xcomp": lambda: _asks_for_action(tok, lex),
        "labor": lambda: _is_labour_strike(tok, lex),
        "open_fire": lambda: tok.dep_ == "dobj" and _lemma(tok.head) == "open",
        "leaves_body": lambda: _leaves_body(tok, lex),
        "shut_off": lambda: _shuts_off(tok, lex),
        "threat_ctx": lambda: any(
            t.lemma_.lower() in lex.word_set("threat_context") for t in tok.subtree if t.i != tok.i
        ),
    }
    check = checks.get(needs)
    return bool(check()) if check is not None else True


def _aimed_at(tok: Token) -> bool:
    """ "threw stones at police", not "was thrown into question on Feb. 9"."""
    target = prep_object(tok, {"at", "on", "upon"})
    return target is not None and target.ent_type_ not in ("DATE", "TIME")


def _violent_context(tok: Token, lex: Lexicon, words: SentenceWords) -> bool:
    """Is this attack physical? Another violence word in the sentence says so; an attack
    on a named person needs physical violence (a candidate "attacked" a rival verbally);
    "the two attacks" with no target of its own may lean on the sentence before."""
    others = {t.lemma_.lower() for t in words.sent if t.i != tok.i}
    target = prep_object(tok, {"on", "against"}) if tok.pos_ == "NOUN" else _object(tok)
    if target is not None and (target.ent_type_ == "PERSON" or _lemma(target) in _POLITICAL):
        return not others.isdisjoint(lex.word_set("physical_violence"))
    if not others.isdisjoint(lex.word_set("violence_context")):
        return True
    if tok.pos_ == "NOUN" and target is None and _refers_to_earlier(tok):
        start = words.sent.start
        before = tok.doc[start - 1].sent if start > 0 else None
        lemmas = {t.lemma_.lower() for t in before} if before is not None else set()
        return not lemmas.isdisjoint(lex.word_set("physical_violence"))
    return False


def _refers_to_earlier(tok: Token) -> bool:
    """ "the attack", "both attacks", "the two attacks": a noun that points back."""
    return any(
        c.dep_ in ("det", "nummod", "predet") and c.lower_ not in ("a", "an") for c in tok.children
    )


def _leaves_body(tok: Token, lex: Lexicon) -> bool:
    """Withdrawing from a treaty, body or country (SANCTION), not forces from ground."""
    parties = (child(tok, "nsubj"), _object(tok), prep_object(tok, {"of"}))
    if any(_lemma(p) in lex.force_nouns for p in parties):
        return False
    source = prep_object(tok, {"from"})
    return source is not None and (
        source.ent_type_ in ("GPE", "ORG") or _lemma(source) in lex.word_set("bodies")
    )


def _shuts_off(tok: Token, lex: Lexicon) -> bool:
    """Cutting a service: "shut down the internet", "cut off water", "internet shutdown"."""
    services = lex.word_set("services")
    if tok.pos_ == "NOUN":
        return any(_lemma(c) in services for c in tok.children)
    particle = child(tok, "prt")
    if particle is None or particle.lower_ not in ("down", "off"):
        return False
    return _lemma(_object(tok)) in services


def _asks_for_action(tok: Token, lex: Lexicon) -> bool:
    if child(tok, "xcomp", "ccomp") is not None:
        return True
    wanted = prep_object(tok, {"for"})
    return wanted is not None and _lemma(wanted) not in lex.word_set("comment_objects")


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
    target = prep_object(tok, {"on", "against"}) if tok.pos_ == "NOUN" else _object(tok)
    if target is None and tok.dep_ == "acl":
        target = tok.head  # "the idea murdered by ...": the modified noun is the target
    lemma = _lemma(target)
    if tok.lemma_ == "strike" and lemma in lex.word_set("agreement_objects"):
        return "AGREE"
    if lemma in lex.word_set("abstract_objects"):
        return "ACCUSE" if tok.lemma_ in ("attack", "assault") else "skip"
    if _manner_phrase(tok):
        return "skip"
    return None


def _names_a_thing(tok: Token) -> bool:
    """A trigger noun that modifies another noun names a kind of thing, not an event:
    "assault rifles", "appeals court", "shooting victims", "arrest warrant"."""
    if tok.pos_ != "NOUN" or tok.dep_ != "compound":
        return False
    return tok.head.lemma_.lower() not in _EVENT_HEADS  # "a tariff increase" is still an event


def _boilerplate_or_figure(tok: Token, event_type: str, lex: Lexicon) -> bool:
    """Readings that are idiom or newsroom routine: "a request for comment", "the court
    struck down the rule", "seized on the remark", "offered no proof", "met the threshold"."""
    lemma = tok.lemma_.lower()
    if event_type == "REQUEST":
        return _request_idiom(tok, lemma, lex)
    if event_type == "ASSAULT" and tok.pos_ == "NOUN" and _not_an_assault(tok, lemma):
        return True
    if event_type in ("ASSAULT", "COERCE") and tok.pos_ == "VERB":
        particle = child(tok, "prt")
        if particle is not None and particle.lower_ in _FIGURATIVE_PARTICLES and lemma == "strike":
            return True
        return (
            _object(tok) is None
            and prep_object(tok, {"on", "upon"}) is not None
            and (lemma == "seize")
        )
    if event_type == "AGREE" and lemma == "offer":
        things = lex.word_set("agreement_objects") | lex.word_set("aid_objects")
        return _lemma(_object(tok)) not in things and child(tok, "xcomp") is None
    if event_type == "AGREE" and lemma == "deal" and tok.pos_ == "NOUN":
        sealed = _lemma(_first_conjunct(tok).head) in lex.word_set("deal_verbs")
        return not sealed and prep_object(tok, {"with", "between"}) is None
    if event_type == "CONSULT" and lemma == "meet":
        # "met the threshold", "was met with opposition": no meeting took place
        partners = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        partners.append(prep_object(tok, {"with"}))
        return any(_lemma(p) in lex.word_set("unmeetable") for p in partners)
    return False


def _request_idiom(tok: Token, lemma: str, lex: Lexicon) -> bool:
    """ "a request for comment" is newsroom routine, "asked why ..." is a question and
    "his anti-establishment appeal" is charm: none asks anyone for anything."""
    if _lemma(prep_object(tok, {"for"})) in lex.word_set("comment_objects"):
        return True
    if lemma == "ask" and child(tok, "xcomp") is None and prep_object(tok, {"for"}) is None:
        clause = child(tok, "ccomp")
        return clause is not None and clause.left_edge.lower_ in _QUESTION_WORDS
    if lemma == "appeal" and tok.pos_ == "NOUN":
        return prep_object(tok, {"for", "to", "against"}) is None and child(tok, "acl") is None
    return False


def _not_an_assault(tok: Token, lemma: str) -> bool:
    """ "the nation's armed forces" are an institution; "an invasion of the regulatory
    domain" is a figure of speech: an invasion needs a place or a party."""
    if lemma == "force":
        return tok.tag_ == "NNS" or child(tok, "poss") is not None
    if lemma == "invasion":
        target = prep_object(tok, {"of"})
        return target is not None and not (
            target.ent_type_ in ("GPE", "LOC", "NORP", "ORG") or target.pos_ == "PROPN"
        )
    return False


_PROMISES = frozenset({"promise", "pledge", "vow"})


def _actors_missing(event_type: str, args: Arguments, lex: Lexicon, tok: Token) -> bool:
    """A promise needs someone who promises. SUPPORT is one actor backing another, or approving a treaty or cooperation (the
    codebook's verbal support): backing a bill, a plan or "the idea" is domestic politics
    the beat does not record, and an endorsement needs someone endorsed."""
    if event_type == "AGREE" and tok.lemma_.lower() in _PROMISES:
        return args.actor is None  # "that promises to make life harder" binds no one
    if event_type != "SUPPORT":
        return False
    if args.recipient is None:
        return True
    backed = _lemma(args.recipient)
    if backed in lex.word_set("agreement_objects") or backed == "cooperation":
        return False
    return not _is_party(args.recipient, lex)


def _manner_phrase(tok: Token) -> bool:
    """A noun inside "with/without (the) X" qualifies another action: not an event itself."""
    tok = _first_conjunct(tok)
    return tok.pos_ == "NOUN" and tok.dep_ == "pobj" and tok.head.lower_ in _MANNER_PREPS


def _reading(
    tok: Token, lex: Lexicon, words: SentenceWords
) -> tuple[TriggerEntry, str, str | None] | None:
    entries = lex.triggers.get(tok.lemma_) or lex.triggers.get(tok.lemma_.lower())
    if not entries or _names_a_thing(tok):
        return None
    for entry in entries:
        if not entry.accepts_pos(tok.pos_) or not _guard(tok, entry.needs, lex, words):
            continue
        if tok.pos_ == "VERB" and tok.dep_ == "amod":
            return None  # "alleged cartel leaders", "the kidnapped journalists"
        if entry.event_type == "MOBILIZE" and _carries_aid(tok, lex):
            return None  # "sent helicopters and military aid to Mexico" is AID
        if _boilerplate_or_figure(tok, entry.event_type, lex):
            return None
        verdict = _wrong_sense(tok, entry.event_type, lex)
        if verdict == "skip":
            return None
        if verdict is not None:
            mode = "disapprove" if verdict == "ACCUSE" else None
            return entry, verdict, mode
        if entry.event_type in _PARTNER_TYPES and _manner_phrase(tok):
            return None  # "with the cooperation of" qualifies another action
        return entry, entry.event_type, entry.mode
    return None


# --- arguments and modes ------------------------------------------------------


def _verb_arguments(tok: Token, event_type: str, lex: Lexicon) -> Arguments:
    if tok.dep_ == "acl" and tok.tag_ == "VBN" and child(tok, "dobj") is None:
        # "the leaders designated today", "groups designated as terrorists by Washington":
        # the modified noun underwent the act; only a by-phrase names who did it.
        agent = child(tok, "agent")
        undergoer = None if event_type in _NO_RECIPIENT else tok.head  # troops deployed
        return Arguments(actor=child(agent, "pobj") if agent is not None else None,
                         recipient=undergoer)  # fmt: skip
    if is_passive(tok):
        agent = child(tok, "agent")
        actor = child(agent, "pobj") if agent is not None else None
        recipient = child(tok, "nsubjpass")
    else:
        actor = active_subject(tok, lex)
        # "designated both groups terrorist organizations": the first object underwent it
        recipient = child(tok, "dative") or child(tok, "dobj")
    if event_type in _PARTNER_TYPES:
        recipient = prep_object(tok, {"with", "alongside"}) or recipient
    elif event_type == "AID":
        recipient = prep_object(tok, {"to"}) or child(tok, "dative") or recipient
    elif event_type == "MOBILIZE":
        recipient = prep_object(tok, {"against"})
    elif event_type == "SANCTION" and recipient is None:
        recipient = prep_object(tok, {"on", "against", "from"})  # "withdrew from the treaty"
    elif (
        recipient is None
        or event_type in ("ASSAULT", "THREATEN")
        and _lemma(recipient) in lex.force_nouns
    ):
        recipient = prep_object(tok, lex.word_set("recipient_preps")) or recipient
    if actor is None and tok.dep_ == "acl" and recipient is not None:
        actor = tok.head  # "agents arrested 50 people" read as a reduced relative clause
    if actor is None:
        actor = inherited_subject(tok, lex)
    if actor is None and event_type == "MOBILIZE":
        actor = _deployed_force(tok, lex)  # "troops were deployed": the force's side moved
    return Arguments(actor=actor, recipient=recipient)


def _deployed_force(tok: Token, lex: Lexicon) -> Token | None:
    """The force named as the thing deployed, when no one is named as deploying it."""
    force = _object(tok)
    if force is None:
        return None
    words = {_lemma(force), *(_lemma(c) for c in force.children)}
    of_phrase = prep_object(force, {"of", "from"})  # "hundreds of troops", "troops from the army"
    if of_phrase is not None:
        words |= {_lemma(of_phrase), *(_lemma(c) for c in of_phrase.children)}
    return force if words & set(lex.force_nouns) else None


def _noun_arguments(tok: Token, event_type: str, lex: Lexicon) -> Arguments:
    args = Arguments()
    patient_noun = tok.lemma_.lower() in lex.word_set("patient_nouns")
    for c in tok.children:
        if c.dep_ == "poss":
            if patient_noun:
                args.recipient = c  # "Guzmán's arrest": the one arrested
            else:
                args.actor = c
        elif c.dep_ in ("compound", "amod"):
            args.actor = args.actor or _named_modifier(c)  # "U.S. drone strikes"
    args.actor = prep_object(tok, {"by"}) or args.actor
    between = prep_object(tok, {"between"})
    if between is not None:
        args.actor = between
        args.recipient = child(between, "conj")
    preps = _recipient_preps(event_type, patient_noun, lex)
    args.recipient = args.recipient or prep_object(tok, preps)
    first = _first_conjunct(tok)
    if args.recipient is None and first.dep_ == "dobj":
        args.recipient = prep_object(first.head, preps - {"of"})  # "imposed tariffs on Mexico"
    if args.actor is None:
        args.actor = inherited_subject(tok, lex)
    return args


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


def _recipient_preps(event_type: str, patient_noun: bool, lex: Lexicon) -> frozenset[str]:
    if event_type in _PARTNER_TYPES:
        return frozenset({"with"})
    if event_type == "AID":
        return frozenset({"to", "for"})
    if event_type in _NO_RECIPIENT:
        return frozenset({"against"})
    preps = set(lex.word_set("recipient_preps"))
    if patient_noun:
        preps.add("of")
    return frozenset(preps)


def _context_lemmas(tok: Token) -> set[str]:
    """Lemmas near the trigger that can name a weapon or a force."""
    near: set[str] = {tok.lemma_.lower(), tok.lower_}
    for c in tok.children:
        near.add(c.lemma_.lower())
        near.add(c.lower_)
        if c.dep_ in ("prep", "agent", "dobj", "nsubj", "nsubjpass", "compound"):
            near.update(g.lemma_.lower() for g in c.children)
    head = tok.head
    if head.lemma_.lower() in ("use", "conduct", "carry", "launch", "fire", "with", "by", "order"):
        for c in head.children:
            near.add(c.lemma_.lower())
            near.update(g.lemma_.lower() for g in c.children if g.dep_ == "compound")
    return near


def _refine_mode(tok: Token, event_type: str, mode: str | None, lex: Lexicon) -> str | None:
    if event_type == "ASSAULT":
        near = _context_lemmas(tok)
        for name, words in lex.assault_modes:
            # A trigger's own mode ("kidnapped") yields only to the means of delivery.
            if near & words and (mode is None or name in _DELIVERY_MODES):
                return name
        return mode
    if event_type == "MOBILIZE":
        forces = [_object(tok), prep_object(tok, {"of"})]
        for t in forces:
            if t is not None:
                for word in (t.lemma_.lower(), *(c.lemma_.lower() for c in t.children)):
                    if word in lex.force_nouns:
                        return lex.force_nouns[word]
        return mode
    if event_type == "PROTEST" and tok.lemma_ == "strike":
        return "hunger" if any(c.lower_ == "hunger" for c in tok.children) else mode
    group = {"REQUEST": "request_modes", "REJECT": "request_modes", "THREATEN": "threat_modes"}
    if event_type in group and mode is None:
        subtree_lemmas = {t.lemma_.lower() for t in tok.subtree}
        for name, keys in lex.mode_groups[group[event_type]]:
            if subtree_lemmas & keys:
                return name
    return mode


# --- candidates per sentence ---------------------------------------------------


def sentence_candidates(sent: Any, lex: Lexicon) -> list[Candidate]:
    triggers = lex.triggers
    found: list[Candidate] = []
    words = SentenceWords(sent)
    for tok in sent:
        if tok.lemma_ not in triggers and tok.lemma_.lower() not in triggers:
            continue
        if tok.ent_type_ in _NAME_ENTS:
            continue  # "March" the month, "Strike Force" the unit
        reading = _reading(tok, lex, words)
        if reading is None:
            continue
        entry, event_type, mode = reading
        if tok.pos_ == "VERB":
            args = _verb_arguments(tok, event_type, lex)
        else:
            args = _noun_arguments(tok, event_type, lex)
        args.actor, args.recipient = clean_argument(args.actor), clean_argument(args.recipient)
        if _actors_missing(event_type, args, lex, tok):
            continue
        mode = _refine_mode(tok, event_type, mode, lex)
        bonus = 0.05 * sum(x is not None for x in (args.actor, args.recipient, mode))
        conf = min(0.95, entry.confidence + bonus)
        found.append(Candidate(tok, event_type, mode, conf, args, _refers_back(tok)))
    return _merge(found)


def _threat_content(tok: Token) -> list[Token]:
    """What a threat threatens: its clause complement, or its direct object noun."""
    content: list[Token] = []
    for c in tok.children:
        if c.dep_ in ("xcomp", "ccomp"):
            content.extend(c.subtree)
        elif c.dep_ == "dobj":
            content.append(c)
    return content


def _merge(cands: list[Candidate]) -> list[Candidate]:
    """Fold same-type triggers joined by one arc ("attacked ..., killing five") into one
    event, and drop a THREATEN whose content is itself a hostile event (the threatened
    tariffs are recorded as a SANCTION with status 'threatened')."""
    by_index = {c.token.i: c for c in cands}
    dropped: set[int] = set()
    for c in cands:
        head = by_index.get(c.token.head.i)
        if head is not None and head is not c and head.event_type == c.event_type:
            head.args.actor = head.args.actor or c.args.actor
            head.args.recipient = head.args.recipient or c.args.recipient
            head.mode = head.mode or c.mode
            dropped.add(c.token.i)
    for c in cands:
        if c.event_type == "THREATEN" and c.token.pos_ == "VERB":
            inner = (by_index.get(t.i) for t in _threat_content(c.token))
            if any(x is not None and x.event_type in _HOSTILE for x in inner):
                dropped.add(c.token.i)
    return [c for c in cands if c.token.i not in dropped]


# --- events -----------------------------------------------------------------------


# Spans slice the article text held by the context: spaCy rebuilds Doc.text on every access.


def _span(text: str, start_char: int, end_char: int) -> Span:
    return Span(start=start_char, end=end_char, text=text[start_char:end_char])


def _sentence_span(sent: Any, text: str) -> Span:
    sentence = text[sent.start_char : sent.end_char].rstrip()
    return _span(text, sent.start_char, sent.start_char + len(sentence))


_PRONOUNS = PERSON_PRONOUNS | GROUP_PRONOUNS | THING_PRONOUNS


def _entity(tok: Token | None, text: str, lex: Lexicon) -> Entity | None:
    """The argument as an Entity; a pronoun keeps its own span and records its antecedent
    in `via_span`, so that resolution reads "he" as the governor named before."""
    if tok is None:
        return None
    entity = entity_for(tok, text)
    if tok.lower_ in _PRONOUNS:
        ante = antecedent(tok, lex)
        if ante is not None:
            entity.via_span = span_of(ante, text)
    return entity


def _refers_back(tok: Token) -> bool:
    """A passive without agent whose subject points back ("Those operations were ...")."""
    if tok.pos_ != "VERB" or not is_passive(tok) or child(tok, "agent") is not None:
        return False
    subj = child(tok, "nsubjpass")
    det = child(subj, "det") if subj is not None else None
    return det is not None and det.lower_ in _ANAPHORIC_DETS


def events_for_doc(ctx: DocContext, lex: Lexicon) -> list[Event]:
    doc, text = ctx.doc, ctx.text
    events: list[Event] = []
    token_of: dict[str, int] = ctx.scratch.setdefault(SCRATCH_TRIGGER_TOKENS, {})
    previous_actor: Entity | None = None
    for sent in doc.sents:
        sentence = None
        for cand in sentence_candidates(sent, lex):
            sentence = sentence or _sentence_span(sent, text)
            tok = cand.token
            trigger = _span(text, tok.idx, tok.idx + len(tok.text))
            actor = _entity(cand.args.actor, text, lex)
            if actor is None and cand.inherit_actor:
                actor = previous_actor
            eid = event_id(ctx.article_id, trigger.start, trigger.end, cand.event_type)
            events.append(
                Event(
                    id=eid,
                    article_id=ctx.article_id,
                    event_type=cand.event_type,  # type: ignore[arg-type]
                    mode=cand.mode,
                    trigger=trigger,
                    sentence=sentence,
                    actor=actor,
                    recipient=_entity(cand.args.recipient, text, lex),
                    confidence=round(cand.confidence, 3),
                    pipeline_version=PIPELINE_VERSION,
                )
            )
            token_of[eid] = tok.i
            previous_actor = actor or previous_actor
    return events


@component("events", requires=("doc",), assigns=("events", "events.type", "events.arguments"))
def make_events(**_: Any) -> Any:
    load_lexicon("en")  # load at pipeline build time, not on the first story

    def run(ctx: DocContext) -> None:
        ctx.events.extend(events_for_doc(ctx, load_lexicon(ctx.language)))

    return run
