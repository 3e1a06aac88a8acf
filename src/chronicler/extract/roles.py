"""The `arguments` component: actor and recipient of each typed event, from the parse.

Verbal triggers take their subject as actor and their object as recipient (passives
swap); nominal triggers read their prepositions. Agentless events are kept ("150 people
were arrested", "a man was shot dead"); their actor stays empty unless the context names
one: the subject of a coordinated verb ("soldiers raided a ranch and then arrested
three"), or, for arrests and seizures, the security force that reports them ("police
said 150 people were arrested"). The reporting outlet is never an actor. An agentless
attack or arrest still without one gets a list of context candidates (another event of
its sentence, a security force named there, earlier events and force subjects of the
paragraph: "Police fired tear gas ... Dozens were taken into custody"), which
resolve_actors reads once sectors are known (docs/engine.md, "Actors from context").
"""

from __future__ import annotations

from typing import Any

from chronicler.extract.arguments import (
    DATELINE_END,
    PRONOUN_KEYS,
    Arguments,
    Token,
    active_subject,
    antecedent,
    child,
    clean_argument,
    entity_for,
    inherited_subject,
    is_passive,
    noun_phrase_bounds,
    prep_object,
    span_of,
    stranded_subject,
)
from chronicler.extract.classify import SCRATCH_TYPED
from chronicler.extract.cues import find_cues, load_cues
from chronicler.extract.detect import Candidate
from chronicler.extract.guards import (
    _DELIVERY_MODES,
    _HOSTILE,
    _NO_RECIPIENT,
    _PARTNER_TYPES,
    HEADLINE,
    _first_conjunct,
    _is_party,
    _is_weapon,
    _lemma,
    _named_modifier,
    _object,
    headline_undergoer,
    reduced_passive,
    reduced_subject,
)
from chronicler.extract.lexicon import Lexicon, load_lexicon
from chronicler.pipeline import DocContext, component
from chronicler.records import Entity, Event, Span

SCRATCH_TRIGGER_TOKENS = "event_trigger_tokens"  # ctx.scratch key: event id -> token index
SCRATCH_PROTESTING = "protesting_recipients"  # ctx.scratch key: ids of events whose recipient protests
# ctx.scratch key: event id -> where its missing actor may be read from, nearest first:
# ("event", id of another event whose actor may stand in) or ("mention", Entity of a
# security force named nearby). resolve_actors picks the first that resolves acceptably.
SCRATCH_CONTEXT_ACTORS = "context_actors"


def _actors_missing(event_type: str, args: Arguments, lex: Lexicon, tok: Token) -> bool:
    """A promise needs someone who promises. SUPPORT is one actor backing another, or approving a treaty or cooperation (the
    codebook's verbal support): backing a bill, a plan or "the idea" is domestic politics
    the beat does not record, and an endorsement needs someone endorsed."""
    if event_type == "AGREE" and tok.lemma_.lower() in lex.word_set("promise_verbs"):
        return args.actor is None  # "that promises to make life harder" binds no one
    if event_type != "SUPPORT":
        return False
    if args.recipient is None:
        return True
    backed = _lemma(args.recipient)
    if backed in lex.word_set("agreement_objects") or backed in lex.word_set("supported_acts"):
        return False
    return not _is_party(args.recipient, lex)


# --- arguments and modes ------------------------------------------------------


def _verb_arguments(tok: Token, event_type: str, lex: Lexicon) -> Arguments:
    if tok.dep_ == "acl" and tok.tag_ == "VBN" and child(tok, "dobj") is None:
        # "the leaders designated today", "groups designated as terrorists by Washington":
        # the modified noun underwent the act; only a by-phrase names who did it.
        agent = child(tok, "agent")
        undergoer = None if event_type in _NO_RECIPIENT else tok.head  # troops deployed
        return Arguments(actor=child(agent, "pobj") if agent is not None else None,
                         recipient=undergoer)  # fmt: skip
    if is_passive(tok) or reduced_passive(tok):
        agent = child(tok, "agent")
        actor = child(agent, "pobj") if agent is not None else None
        recipient = child(tok, "nsubjpass") or reduced_subject(tok)
    else:
        actor = active_subject(tok, lex) or stranded_subject(tok)
        # "designated both groups terrorist organizations": the first object underwent it
        recipient = child(tok, "dative") or child(tok, "dobj")
        recipient = _marked_object(tok, recipient, lex)
    if event_type in _PARTNER_TYPES:
        recipient = prep_object(tok, lex.word_set("partner_recipient_preps")) or recipient
    elif event_type == "AID":
        recipient = prep_object(tok, lex.word_set("aid_preps")) or child(tok, "dative") or recipient
    elif event_type == "MOBILIZE":
        recipient = prep_object(tok, lex.word_set("mobilize_preps"))
    elif event_type == "SANCTION" and recipient is None:
        recipient = prep_object(tok, lex.word_set("sanction_preps"))  # "withdrew from the treaty"
    elif (
        recipient is None
        or event_type in ("ASSAULT", "THREATEN")
        and (_lemma(recipient) in lex.force_nouns or _is_weapon(recipient, lex))
    ):
        aimed_at = clean_argument(prep_object(tok, lex.word_set("recipient_preps")))
        recipient = aimed_at or recipient  # "fired tear gas at protesters"; not "on Thursday"
        if aimed_at is None and event_type == "ASSAULT" and _is_weapon(recipient, lex):
            purpose = child(tok, "xcomp") or child(tok, "advcl")  # "used tear gas to disperse students"
            recipient = (child(purpose, "dobj") if purpose is not None else None) or recipient
    if actor is None and tok.dep_ == "acl" and recipient is not None:
        actor = tok.head  # "agents arrested 50 people" read as a reduced relative clause
    if actor is None and not (is_passive(tok) and child(tok, "nsubjpass") is not None):
        # a passive with its own subject borrows no actor from a coordinated clause:
        # "two soldiers were wounded and four suspects were detained"
        actor = inherited_subject(tok, lex)
    if actor is None and event_type == "MOBILIZE":
        actor = _deployed_force(tok, lex)  # "troops were deployed": the force's side moved
    return Arguments(actor=actor, recipient=recipient)


def _marked_object(verb: Token, obj: Token | None, lex: Lexicon) -> Token | None:
    """Where the pack marks person objects ("a los pobladores"), an object that carries another
    preposition is an instrument misread as the object ("atacó con explosivos ... a
    pobladores"): the person object is the phrase the marker introduces."""
    marks = lex.word_set("personal_a")
    if obj is None or not marks:
        return obj
    other = [c for c in obj.children if c.dep_ == "case" and c.lower_ not in marks]
    if not other:
        return obj
    for t in verb.subtree:
        if t.lower_ in marks and t.dep_ in ("case", "prep") and t.i > obj.i:
            return child(t, "pobj") if t.dep_ == "prep" else t.head
    return None


def _deployed_force(tok: Token, lex: Lexicon) -> Token | None:
    """The force named as the thing deployed, when no one is named as deploying it."""
    force = _object(tok)
    if force is None:
        return None
    words = {_lemma(force), *(_lemma(c) for c in force.children)}
    of_phrase = prep_object(force, lex.word_set("force_source_preps"))  # "hundreds of troops", "troops from the army"
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
            kind = lex.force_nouns.get(_lemma(c)) if c.dep_ == "compound" else None
            if args.actor is None and kind is not None and kind != "weapons":
                args.actor = c  # "a police shooting", "army raids"
            if args.actor is None and c.dep_ == "amod":
                args.actor = _force_in_modifier(c, lex)  # "an officer-involved shooting"
    args.actor = prep_object(tok, lex.word_set("agent_preps")) or args.actor
    between = prep_object(tok, lex.word_set("between_preps"))
    if between is not None:
        args.actor = between
        # the second side: the conjunct of the first, wherever the parser hung it
        args.recipient = next((t for t in between.subtree if t.dep_ == "conj"), None)
    preps = _recipient_preps(event_type, patient_noun, lex)
    args.recipient = args.recipient or prep_object(tok, preps)
    first = _first_conjunct(tok)
    if args.recipient is None and first.dep_ == "dobj":
        args.recipient = prep_object(first.head, preps - lex.prep_set("of"))  # "imposed tariffs on Mexico"
    impact = lex.word_set("impact_verbs")
    if args.recipient is None and first.dep_ == "nsubj" and _lemma(first.head) in impact:
        args.recipient = child(first.head, "dobj")  # "a drone strike hit a cartel camp"
    if args.actor is None:
        args.actor = inherited_subject(tok, lex)
    return args


def _force_in_modifier(mod: Token, lex: Lexicon) -> Token | None:
    """The security force inside a compound adjective ("officer-involved", "police-led")."""
    for c in mod.children:
        kind = lex.force_nouns.get(_lemma(c))
        if c.dep_ in ("npadvmod", "compound", "nmod") and kind is not None and kind != "weapons":
            return c
    return None


def _recipient_preps(event_type: str, patient_noun: bool, lex: Lexicon) -> frozenset[str]:
    if event_type in _PARTNER_TYPES:
        return lex.prep_set("with")
    if event_type == "AID":
        return lex.word_set("aid_recipient_preps")
    if event_type in _NO_RECIPIENT:
        return lex.prep_set("against")
    preps = lex.word_set("recipient_preps")
    return preps | lex.prep_set("of") if patient_noun else preps

def _threat_content(tok: Token) -> list[Token]:
    """What a threat threatens: its clause complement, or its direct object noun."""
    content: list[Token] = []
    for c in tok.children:
        if c.dep_ in ("xcomp", "ccomp"):
            content.extend(c.subtree)
        elif c.dep_ == "dobj":
            content.append(c)
    return content


def _own_subject(verb: Token) -> bool:
    return any(t.dep_ in ("nsubj", "nsubjpass") for t in verb.children)


def _governing(c: Candidate, by_index: dict[int, Candidate]) -> Candidate | None:
    """The candidate this one hangs off: its head ("attacked ..., killing five"), through
    a preposition ("killed five in an attack") or as a clause on its object ("defused a
    device found on the road")."""
    tok = c.token
    if tok.dep_ == "conj" and _own_subject(tok):
        return None  # a clause of its own ("eight were shot dead, and two others were found killed")
    head = by_index.get(tok.head.i)
    if head is None and tok.head.dep_ in ("prep", "dobj", "nsubjpass"):
        head = by_index.get(tok.head.head.i)
        if head is not None and tok.head.dep_ != "prep" and tok.dep_ not in ("acl", "relcl"):
            head = None
    if head is None and tok.dep_ in ("advcl", "conj", "xcomp") and tok.head.i not in by_index:
        light = child(tok.head, "dobj")  # "set fire to a bar, killing 26": the fire is the event
        head = by_index.get(light.i) if light is not None else None
    return head if head is not c else None


_TO_CLAUSE_DEPS = frozenset({"pobj", "prep", "dobj", "obj", "obl", "compound"})


def _death_above(tok: Token, by_index: dict[int, Candidate], undergoer: frozenset[str]) -> Candidate | None:
    """The death this act caused, from the clause it sits in: "a man died after an officer
    put him in a chokehold", "died after officers used a Taser on him"."""
    cur = tok
    for _ in range(4):
        if cur.dep_ == "advcl":
            above = cur.head.head if cur.head.dep_ == "advmod" else cur.head  # "murió después de que ... abrieron fuego"
            death = by_index.get(above.i)
            return death if death is not None and _lemma(death.token) in undergoer else None
        if cur.dep_ not in _TO_CLAUSE_DEPS or cur.head.i == cur.i:
            return None
        cur = cur.head
    return None


# Modes that kill: of two acts folded into one attack, the event keeps the (later) lethal
# one's trigger and mode ("stormed a bar and opened fire": the shooting; "set fire to a bus
# and shot the driver": the shooting), so that the note's toll sits on the act that caused it.
LETHAL_MODES = frozenset({
    "firearms", "explosives", "heavy-weapons", "aerial", "drone", "assassinate", "execute", "massacre",
    "suicide-attack",
})
_ARGUMENT_DEPS = frozenset({"pobj", "prep", "nsubj", "nsubjpass", "dobj", "compound"})


def _clause_verb(c: Candidate) -> Token:
    """The verb of a trigger: a light verb's noun ("opened fire") stands for its verb."""
    tok = c.token
    if tok.dep_ == "dobj" and c.span is not None and c.span[0] <= c.offset + tok.head.idx < c.span[1]:
        return tok.head
    return tok


def _same_actor(a: Candidate, b: Candidate) -> bool:
    x, y = a.args.actor, b.args.actor
    return x is None or y is None or x.i == y.i


def _one_attack(c: Candidate, by_index: dict[int, Candidate]) -> Candidate | None:
    """The assault this one is part of, whatever modes the two name: a verb conjoined to it
    ("stormed a bar and opened fire", "set fire to a bus and shot the driver") or a noun
    inside its argument ("the body of a man with signs of torture was found"), by the same
    actor or where one names none. Other types keep their acts apart (an arrest after a
    clash, a raid that ends in arrests)."""
    if c.event_type != "ASSAULT":
        return None
    verb = _clause_verb(c)
    heads = {_clause_verb(o).i: o for o in by_index.values() if o is not c and o.event_type == "ASSAULT"}
    if verb.dep_ == "conj" and verb.head.i in heads and not _own_subject(verb):
        # a conjunct with a subject of its own is a clause of its own ("eight were shot
        # dead ..., and two other people were found killed nearby")
        other = heads[verb.head.i]
        return other if _same_actor(c, other) else None
    if verb.dep_ == "conj" and verb.head.dep_ == "relcl" and not _own_subject(verb):
        # a parse that hangs the second act on the victim's relative clause ("dispararon
        # contra un hombre que caminaba por la calle y lo mataron"): the act the clause's
        # noun is the argument of
        noun = verb.head.head
        above = noun.head.head if noun.dep_ in ("pobj", "obl") and noun.head.dep_ == "prep" else noun.head
        held = heads.get(above.i) if noun.dep_ in _ARGUMENT_DEPS | {"obj", "obl"} else None
        if held is not None and held.token.pos_ == "VERB" and _same_actor(c, held):
            return held
    if c.token.pos_ != "NOUN" or c.args.actor is not None:
        return None
    cur = c.token
    for _ in range(5):  # "signs of torture" -> "a man with" -> "the body of" -> "was found"
        if cur.dep_ not in _ARGUMENT_DEPS or cur.head.i == cur.i:
            return None
        cur = cur.head
        found = heads.get(cur.i)
        if found is not None and found.token.pos_ == "VERB":
            return found
    return None


def _same_event(a: Candidate, b: Candidate) -> bool:
    """Same type and no clash of modes: a raid that ends in arrests is two events."""
    return a.event_type == b.event_type and (a.mode == b.mode or a.mode is None or b.mode is None)


def _merge(cands: list[Candidate], lex: Lexicon) -> list[Candidate]:
    """Fold same-event triggers joined in the parse into one event, and drop a THREATEN
    whose content is itself a hostile event (the threatened tariffs are recorded as a
    SANCTION with status 'threatened')."""
    undergoer = lex.word_set("undergoer_verbs")
    by_index = {c.token.i: c for c in cands}
    dropped: set[int] = set()
    kept_as: dict[int, Candidate] = {}  # a folded trigger -> the event it was folded into
    for c in cands:
        attack = _one_attack(c, by_index)
        head = attack or _governing(c, by_index) or _death_above(c.token, by_index, undergoer)
        while head is not None and head.token.i in kept_as:
            # "opened fire ..., killing three and wounding two": 'wounding' joins the event
            # 'killing' was folded into
            head = kept_as[head.token.i]
            attack = attack and head
        if head is None or head is c or c.token.i in dropped:
            continue
        # "set fire to a bar, killing 26": a participle of consequence is its head's event,
        # whatever means its own clause names.
        consequence = c.token.dep_ == "advcl" and c.token.tag_ == "VBG" and head.event_type == c.event_type
        if not (attack or _same_event(head, c) or consequence):
            continue
        keep, fold = head, c
        if c.token.dep_ == "nsubj" and c.token.pos_ == "NOUN" or head.token.lemma_.lower() in undergoer:
            # "a confrontation leaves two dead", "a man died in a shooting": the attack is the event
            keep, fold = c, head
        conjoined = attack is not None and _clause_verb(c).dep_ == "conj"
        if conjoined and fold.mode in LETHAL_MODES and _clause_verb(fold).pos_ == "VERB":
            # the later act that kills is the attack ("stormed a centre and killed 12"), its
            # own mode over the one the actor lent the storming ("gunmen stormed": firearms)
            keep, fold = fold, keep
        keep.args.actor = keep.args.actor or fold.args.actor
        keep.args.recipient = keep.args.recipient or fold.args.recipient
        keep.mode = keep.mode or fold.mode
        dropped.add(fold.token.i)
        kept_as[fold.token.i] = keep
    for c in cands:
        if c.event_type == "THREATEN" and c.token.pos_ == "VERB":
            inner = (by_index.get(t.i) for t in _threat_content(c.token))
            if any(x is not None and x.event_type in _HOSTILE for x in inner):
                dropped.add(c.token.i)
    return [c for c in cands if c.token.i not in dropped]

# --- entities and the component ------------------------------------------------------



def _entity(tok: Token | None, text: str, lex: Lexicon, offset: int = 0) -> Entity | None:
    """The argument as an Entity; a pronoun keeps its own span and records its antecedent
    in `via_span`, so that resolution reads "he" as the governor named before. `offset`
    places a token of a headline's own parse in the article text."""
    if tok is None:
        return None
    if offset:
        start, end = noun_phrase_bounds(tok)
        doc = tok.doc
        s, e = offset + doc[start].idx, offset + doc[end].idx + len(doc[end].text)
        return Entity(text=text[s:e], span=Span(start=s, end=e, text=text[s:e]))
    entity = entity_for(tok, text)
    if any(tok.lower_ in lex.word_set(key) for key in PRONOUN_KEYS):
        ante = antecedent(tok, lex)
        if ante is not None:
            entity.via_span = span_of(ante, text)
    return entity


def _refers_back(tok: Token, lex: Lexicon) -> bool:
    """A passive without agent whose subject points back ("Those operations were ...");
    the determiners that point back are the pack's `anaphoric_dets`."""
    if tok.pos_ != "VERB" or not is_passive(tok) or child(tok, "agent") is not None:
        return False
    subj = child(tok, "nsubjpass")
    det = child(subj, "det") if subj is not None else None
    return det is not None and det.lower_ in lex.word_set("anaphoric_dets")


def candidate_arguments(cand: Candidate, lex: Lexicon) -> Arguments:
    tok, event_type = cand.token, cand.event_type or ""
    joined = _hyphen_verb(tok)
    if joined is not None:
        args = _verb_arguments(joined, event_type, lex)  # "police lathi-charged protesters"
        if args.actor is None or args.actor is tok:
            args.actor = child(tok, "compound")
    elif tok.pos_ == "VERB":
        args = _verb_arguments(tok, event_type, lex)
    else:
        args = _noun_arguments(tok, event_type, lex)
        verb = next((c for c in tok.children if c.dep_ == "amod" and c.pos_ == "VERB"), None)
        if args.actor is None and verb is not None:
            args.actor = child(verb, "nsubj")  # a quoted 'the deputy "returned fire."' misparses the verb as amod
    if cand.misread or tok.doc.user_data.get(HEADLINE):
        args.recipient = headline_undergoer(tok) or args.recipient
    if _is_symmetric(tok, lex):
        act = args.recipient if _act_object(tok, args.recipient, lex) else None
        if act is not None:  # "X y Y intercambiaron disparos": the shots are the act, not a side
            args.recipient = None
        args = _symmetric(args, lex)  # "X and Y clashed", "X and Y exchanged fire": X -> Y
        if args.actor is not None and clean_argument(args.recipient) is None:  # "X clashed with Y": the other side
            partners = lex.word_set("partner_preps")
            args.recipient = prep_object(tok, partners) or (prep_object(act, partners) if act is not None else None)
    if tok.lemma_.lower() in lex.word_set("captive_nouns"):
        args = _captive_arguments(tok, args)  # "gunmen held three officers hostage"
    if tok.lemma_.lower() in lex.word_set("undergoer_verbs") and tok.pos_ == "VERB":
        args = Arguments(actor=None, recipient=args.actor or args.recipient)  # "six disappeared"
    if cand.reading is not None and "body_obj" in (cand.reading.entry.needs or ""):
        args.actor = None  # who found the bodies did not kill them
    args.actor, args.recipient = clean_argument(args.actor), clean_argument(args.recipient)
    if args.actor is None and event_type == "COERCE":
        args.actor = _reporting_force(tok, lex)
    return args


def _captive_arguments(tok: Token, args: Arguments) -> Arguments:
    """ "Gunmen held three officers hostage": the parser makes the captives the subject or a
    modifier of the captive noun, in a small clause of the verb; who holds them is that
    verb's subject."""
    captives = next((c for c in tok.children if c.dep_ in ("nsubj", "compound", "dobj", "obj")), None)
    verb = tok.head if tok.head.i != tok.i and tok.head.pos_ in ("VERB", "AUX") else None
    holder = child(verb, "nsubj") if verb is not None else None
    if captives is None and verb is not None:
        captives = child(verb, "dobj") or child(verb, "obj")
    if holder is None and captives is None:
        return args
    return Arguments(actor=holder or (None if args.actor is captives else args.actor), recipient=captives)


def _is_symmetric(tok: Token, lex: Lexicon) -> bool:
    """A symmetric act: a clash verb, or a noun under a symmetric light verb ("exchanged fire")."""
    if tok.pos_ == "VERB":
        return tok.lemma_.lower() in lex.word_set("symmetric_verbs") | lex.word_set("symmetric_light_verbs")
    return tok.dep_ == "dobj" and tok.head.lemma_.lower() in lex.word_set("symmetric_light_verbs")


def _act_object(tok: Token, recipient: Token | None, lex: Lexicon) -> bool:
    """Is `recipient` the object of a symmetric light verb trigger, the act and not a side?"""
    return (recipient is not None and recipient.head.i == tok.i and recipient.dep_ in ("dobj", "obj")
            and tok.lemma_.lower() in lex.word_set("symmetric_light_verbs"))  # fmt: skip


def _symmetric(args: Arguments, lex: Lexicon) -> Arguments:
    """Two conjoined sides of a symmetric act (a clash) are its actor and its recipient,
    also when they are conjoined inside the phrase's `of` ("members of CJNG and the Zetas")."""
    actor, recipient = clean_argument(args.actor), clean_argument(args.recipient)  # "se enfrentaron"
    sides = actor if actor is not None else recipient
    if sides is None or (actor is not None and recipient is not None):
        return args
    other = child(sides, "conj")
    of = lex.prep_set("of")
    members = _of_member(sides, of) if other is None else None
    if members is not None:
        other = child(members, "conj")
        if other is not None and _of_marked(members, of) and not _of_marked(other, of):
            # "elementos del Ejército y civiles armados": the second side is no member
            return Arguments(actor=sides, recipient=other)
        if other is not None:
            return Arguments(actor=members, recipient=other)
        # the parser's reading of two names in a row, "of [CJNG and Carteles] Unidos": the
        # first name is one side, the last (the phrase's head) the other
        first = next((c for c in members.children if c.dep_ in ("nmod", "compound") and child(c, "conj")), None)
        if first is not None:
            return Arguments(actor=first, recipient=members)
    return Arguments(actor=sides, recipient=other) if other is not None else args


def _of_member(tok: Token, of: frozenset[str]) -> Token | None:
    """The object of the phrase's `of`: its prep's object, or a modifier that carries the
    preposition as its case marker (the es parse "integrantes [del CJNG]", CJNG a compound)."""
    obj = prep_object(tok, of)
    if obj is not None:
        return obj
    return next((c for c in tok.children if c.dep_ in ("nmod", "compound") and c.i > tok.i
                 and _of_marked(c, of)), None)  # fmt: skip


def _of_marked(tok: Token, of: frozenset[str]) -> bool:
    return any(m.dep_ == "case" and m.lower_ in of for m in tok.children)


def _hyphen_verb(tok: Token) -> Token | None:
    """The verb a trigger noun is hyphen-joined to ("lathi-charged", "baton-charged")."""
    head = tok.head
    doc = tok.doc
    if tok.pos_ == "VERB" or head.pos_ != "VERB" or head.i != tok.i + 2:
        return None
    return head if doc[tok.i + 1].text == "-" else None


def _reporting_force(tok: Token, lex: Lexicon) -> Token | None:
    """ "Police said 150 people were arrested": an agentless arrest or seizure reported by
    a security force or prosecutor was, absent other word, that body's own act."""
    if not is_passive(tok) and tok.pos_ == "VERB":
        return None
    enforcers = lex.word_set("enforcer_words") | set(lex.force_nouns)
    cur = tok
    for _ in range(6):
        head = cur.head
        if head.i == cur.i:
            break
        if head.lemma_.lower() in lex.word_set("speech_verbs") and cur.dep_ in ("ccomp", "parataxis"):
            subj = child(head, "nsubj")
            if subj is None:
                return None
            if subj.lemma_.lower() in enforcers:
                return subj
            # "a police spokesman said": the force the spokesman speaks for
            return next((c for c in subj.children if c.dep_ in ("compound", "amod")
                         and c.lemma_.lower() in enforcers), None)  # fmt: skip
        cur = head
    return None


def _apart(actor: Entity | None, recipient: Entity | None, cand: Candidate, text: str) -> Entity | None:
    """An actor is never its own recipient: where the recipient's span lies in the actor's
    ("Confrontation between CJNG and Nueva Familia": CJNG -> Nueva Familia) the actor ends
    before it; where the two are one phrase ("los detenidos -> los detenidos") the event
    keeps the recipient and no actor."""
    if actor is None or recipient is None or actor.span is None or recipient.span is None:
        return actor
    a, r = actor.span, recipient.span
    if a.end <= r.start or r.end <= a.start:
        return actor
    if a.start < r.start:
        doc, off = cand.token.doc, cand.offset
        toks = [t for t in doc if a.start <= t.idx + off and t.idx + off + len(t.text) <= r.start]
        while toks and (toks[-1].is_punct or toks[-1].is_space or toks[-1].dep_ == "cc"):
            toks.pop()
        if toks:
            end = toks[-1].idx + off + len(toks[-1].text)
            return Entity(text=text[a.start : end], span=Span(start=a.start, end=end, text=text[a.start : end]))
    return None


_ASSASSINATION_OVER = frozenset({None, "firearms"})


def _office_mode(cand: Candidate, lex: Lexicon) -> str | None:
    """An attack on an office holder ("the mayor was gunned down") is, by the codebook,
    an assassination whatever the weapon; a massacre or a bomb keeps its own mode."""
    victim = cand.args.recipient
    if cand.event_type != "ASSAULT" or cand.mode not in _ASSASSINATION_OVER or victim is None:
        return cand.mode
    offices = lex.word_set("office_holders")
    compound = " ".join(c.lemma_.lower() for c in victim.lefts if c.dep_ == "compound")
    if victim.lemma_.lower() in offices or f"{compound} {victim.lemma_.lower()}".strip() in offices:
        return "assassinate"
    return cand.mode


_PROTEST_LEMMAS: dict[int, frozenset[str]] = {}


def _protest_lemmas(lex: Lexicon) -> frozenset[str]:
    """The lemmas of the lexicon's PROTEST triggers (once per lexicon)."""
    key = id(lex.triggers)
    if key not in _PROTEST_LEMMAS:
        _PROTEST_LEMMAS[key] = frozenset(
            lemma for lemma, entries in lex.triggers.items() if any(e.event_type == "PROTEST" for e in entries)
        )
    return _PROTEST_LEMMAS[key]


def _protesting(tok: Token | None, lex: Lexicon) -> bool:
    """Does the phrase say its people protest ("a crowd of villagers protesting a land
    acquisition", "ejidatarios que protestaban")? Then they are protesters, whoever they are."""
    if tok is None:
        return False
    protest = _protest_lemmas(lex)
    words = lex.word_set("protester_words")
    return any(t.i != tok.i and (t.lemma_.lower() in protest and t.pos_ == "VERB" or t.lemma_.lower() in words)
               for t in tok.subtree)  # fmt: skip


def _at_a_protest(cand: Candidate, lex: Lexicon) -> bool:
    """An arrest made at a protest ("detained dozens of people at a protest", "durante una
    marcha"): the codebook's Protest with intervention, its people are protesters."""
    if cand.event_type != "COERCE":
        return False
    protest = _protest_lemmas(lex)
    for prep in (c for c in cand.token.children if c.dep_ == "prep"):
        place = child(prep, "pobj")
        if place is not None and place.pos_ == "NOUN" and place.lemma_.lower() in protest:
            return True
    return False


_OWN_CLAUSE_CUT = frozenset({"relcl", "advcl", "ccomp", "conj", "parataxis", "xcomp", "csubj"})


def _delivery_mode(cand: Candidate, lex: Lexicon) -> str | None:
    """The means of delivery named anywhere in the attack's own clause ("attacked residents
    with explosives dropped from drones": drone), not only next to the trigger."""
    if cand.event_type != "ASSAULT" or cand.mode in _DELIVERY_MODES:
        return cand.mode
    words: set[str] = set()
    stack = [c for c in cand.token.children if c.dep_ not in _OWN_CLAUSE_CUT]
    while stack:
        t = stack.pop()
        words.update((t.lemma_.lower(), t.lower_))
        stack.extend(c for c in t.children if c.dep_ not in ("relcl", "ccomp", "parataxis"))
    for name, keys in lex.assault_modes:
        if name in _DELIVERY_MODES and words & keys:
            return name
    if cand.mode is None and cand.token.dep_ == "relcl":
        # "planted an IED that struck a police vehicle": the means is the clause's antecedent
        head = cand.token.head
        for name, keys in lex.assault_modes:
            if {head.lemma_.lower(), head.lower_} & keys:
                return name
    return cand.mode


def _is_outlet(tok: Token | None, outlet: str | None, text: str) -> bool:
    """The reporting outlet names the source of a story, never an actor in it."""
    if tok is None or not outlet:
        return False
    phrase = entity_for(tok, text).text.lower()
    return outlet.lower() in phrase or phrase in outlet.lower()


def _folded_into_protest(cand: Candidate, by_index: dict[int, Candidate], lex: Lexicon) -> bool:
    """ "Hundreds marched, demanding justice": the demand is the protest's content."""
    if cand.event_type not in ("REQUEST", "ACCUSE", "REJECT"):
        return False
    head = cand.token.head
    for _ in range(2):
        other = by_index.get(head.i)
        if other is not None and other is not cand and other.event_type == "PROTEST":
            return True
        head = head.head
    return False


def _protesters_demand(cand: Candidate, lex: Lexicon) -> bool:
    """ "Demonstrators demanded the release of ...": protesters making demands protest."""
    actor = cand.args.actor
    if cand.event_type not in ("REQUEST", "ACCUSE", "REJECT") or actor is None:
        return False
    group = prep_object(actor, lex.prep_set("of"))  # "hundreds of protesters"
    protesters = lex.word_set("protester_words")
    return actor.lemma_.lower() in protesters or _lemma(group) in protesters


# --- actors from context ------------------------------------------------------------

_CONTEXT_TYPES = frozenset({"ASSAULT", "COERCE"})
_SELF_REPORTED = frozenset({"COERCE"})  # a force that reports an arrest reports its own act
_SECURITY_KINDS = frozenset({"police", "troops"})
_CONTEXT_SENTENCES = 2  # how many sentences back (a force named: within the paragraph)
_ARREST_CONTEXT_SENTENCES = 4  # an arrest's earlier events ("Police arrested ... He was booked ...")
_MODIFIER_DEPS = frozenset({"compound", "amod", "npadvmod", "nmod"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_PAST = frozenset({"Past", "Imp", "Pqp"})  # UD tense features of a past auxiliary


def _takes_context(cand: Candidate, lex: Lexicon, doc: Any) -> bool:
    """An agentless verbal attack or arrest of the article's own parse ("a man was shot
    dead", "dozens were taken into custody") may take its actor from context; a body
    found or a disappearance names no one who acted."""
    tok = cand.token
    if cand.event_type not in _CONTEXT_TYPES or tok.doc is not doc:
        return False
    verbal = tok.pos_ == "VERB" or _hyphen_verb(tok) is not None
    # "were taken into custody", "charged ... after his arrest": an arrest noun with its undergoer
    undergone = cand.event_type == "COERCE" and (_under_passive(tok) or child(tok, "poss") is not None)
    if not (verbal or undergone or _topic_noun(tok)):
        return False
    if cand.reading is not None and "body_obj" in (cand.reading.entry.needs or ""):
        return False
    return tok.lemma_.lower() not in lex.word_set("undergoer_verbs")


def _topic_noun(tok: Token) -> bool:
    """An event noun that is what its clause is about ("The shooting happened after
    officers responded ..."); it reads its actor from its own sentence only."""
    return tok.pos_ == "NOUN" and tok.dep_ in _SUBJECT_DEPS


def _names_crime(arrest: Token, tok: Token) -> bool:
    """Is `tok` inside what the arrest takes (its object, a clause on it: "arrested a man
    they say set fire to a church"), not a verb conjoined with it ("tased and taken")?"""
    if arrest.i not in {t.i for t in tok.ancestors}:
        return False
    path, cur = [], tok
    while cur.i != arrest.i:
        path.append(cur.dep_)
        cur = cur.head
    return any(dep != "conj" for dep in path)


def _arrest_verb(tok: Token) -> Token:
    """The verb an arrest noun completes ("placed under arrest", "taken into custody"):
    the clause whose object or adverbial names the crime."""
    if tok.pos_ == "NOUN" and tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head.pos_ == "VERB":
        return tok.head.head
    return tok


def _charges_with(force: Token, tok: Token, lex: Lexicon) -> bool:
    """ "Toronto police have arrested a man in connection with a shooting that left a
    teenager injured": the force is the subject of a legal verb (`legal_verbs`) whose
    object or clause holds `tok`, the crime, not the force's act."""
    verb = force.head
    return force.dep_ in _SUBJECT_DEPS and verb.lemma_.lower() in lex.word_set("legal_verbs") and \
        _names_crime(verb, tok)  # fmt: skip


def _under_passive(tok: Token) -> bool:
    """A trigger noun that completes a passive verb ("were taken into custody")."""
    prep = tok.head
    return tok.dep_ == "pobj" and prep.dep_ == "prep" and prep.head.pos_ == "VERB" and is_passive(prep.head)


def _set_back(tok: Token, lex: Lexicon) -> bool:
    """A past perfect ("the driver had been shot") tells what happened before the story."""
    verb = _hyphen_verb(tok) or (tok if tok.pos_ == "VERB" else tok.head.head)
    perfect = lex.word_set("perfect_aux")
    return any(c.dep_ == "aux" and c.lemma_.lower() in perfect and set(c.morph.get("Tense")) & _PAST
               for c in verb.children)  # fmt: skip


def _new_incident(sent: Any, lex: Lexicon) -> bool:
    """Does the sentence open on a cue of another story ("In another incident, ...",
    "Separately, ...", "En otro hecho, ...": the pack's `new_incident_cues`)?"""
    head = " ".join(t.lower_ for t in sent[:10] if not (t.is_punct or t.is_space))
    return any(head == cue or head.startswith(cue + " ") for cue in lex.word_set("new_incident_cues"))


def _harmed(tok: Token, lex: Lexicon) -> bool:
    """ "Two soldiers were hurt", "an officer died": the phrase names a victim."""
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    verb = tok.head
    lemma = verb.lemma_.lower()
    if tok.dep_ == "nsubjpass":
        return lemma in lex.word_set("harm_verbs") or lemma in lex.word_set("victim_verbs")
    return tok.dep_ == "nsubj" and lemma in lex.word_set("victim_verbs")


def _is_speaker(tok: Token, lex: Lexicon) -> bool:
    """ "police said", "according to police": the source of the sentence."""
    speech = lex.word_set("speech_verbs")
    if tok.dep_ == "nsubj" and tok.head.lemma_.lower() in speech:
        return True
    return tok.dep_ == "pobj" and tok.head.head.lemma_.lower() in speech


def _force_mention(tok: Token, cand: Candidate, lex: Lexicon, same_sentence: bool, speakers: bool = False) -> bool:
    """May this security-force word stand for who acted in `cand`? In the event's own
    sentence any role but the victim's phrase, a possessor, or a modifier of a thing ("a
    police station"; "a police raid" is the force's act); in an earlier sentence of the
    paragraph only a subject or a passive's agent ("Officers were called to ..."). A
    speaker counts only for acts a force reports as its own (arrests), or where asked."""
    kind = lex.force_nouns.get(tok.lemma_.lower()) or lex.force_nouns.get(tok.lower_)
    if kind not in _SECURITY_KINDS or tok.dep_ == "poss" or clean_argument(tok) is not tok:
        return False
    head: Token = tok
    while head.dep_ in _MODIFIER_DEPS and head.head.i != head.i:
        head = head.head
    if head is not tok and _lemma(head) not in lex.word_set("security_context_nouns"):
        return False
    if _is_speaker(head, lex):
        return speakers or cand.event_type in _SELF_REPORTED
    if same_sentence:
        return True
    if head.dep_ == "pobj" and head.head.lower_ in lex.prep_set("of"):
        head = head.head.head  # "members of the state police", "elementos de la policía"
    return head.dep_ in _SUBJECT_DEPS or (head.dep_ == "pobj" and head.head.dep_ == "agent") or (
        head.dep_ == "conj" and head.head.dep_ in _SUBJECT_DEPS
    )


def _mentions(
    sent: Any, cand: Candidate, lex: Lexicon, text: str, same_sentence: bool, victims: frozenset[int],
    speakers: bool = False,
) -> list[tuple[int, Entity]]:
    """Security forces named in `sent` that may have acted in `cand`, with their distance;
    none that underwent an event of the sentence ("three marines were wounded")."""
    tok, victim = cand.token, cand.args.recipient
    out: list[tuple[int, Entity]] = []
    for t in sent:
        if t.i == tok.i or (victim is not None and victim.left_edge.i <= t.i <= victim.right_edge.i):
            continue
        if t.i in victims or (t.dep_ == "conj" and t.head.i in victims) or _harmed(t, lex):
            continue
        if t.lower_ in lex.word_set("group_pronouns") and same_sentence and t.dep_ != "poss":
            ante = antecedent(t, lex)
            if ante is not None and _force_mention(ante, cand, lex, False):
                out.append((abs(t.i - tok.i), _entity(t, text, lex)))  # type: ignore[arg-type]
            continue
        if _force_mention(t, cand, lex, same_sentence, speakers) and not (same_sentence and _charges_with(t, tok, lex)):
            out.append((abs(t.i - tok.i), entity_for(t, text)))
    return sorted(out, key=lambda x: x[0])


def _context_actors(cand: Candidate, others: list[tuple[str, Candidate]], lex: Lexicon, ctx: DocContext) -> list[tuple[str, Any]]:
    """Where an agentless event's actor may be read from, nearest first: another event of
    the same sentence, a force named in it, then (most recent first, two sentences back)
    earlier events and, within the paragraph, forces named as subjects. An arrest also
    reads earlier arrests up to four sentences back ("Police arrested a man ... He was
    booked into the county jail"). Newspaper paragraphs are a sentence or two, so a
    paragraph break stops a mention, not an event."""
    tok = cand.token
    sent = tok.sent
    text = ctx.text
    others = [(eid, c) for eid, c in others if c.token.doc is tok.doc]  # not a headline's own parse
    sents = list(tok.doc.sents)
    at = next(i for i, s in enumerate(sents) if s.start == sent.start)

    def events_in(s: Any, same_type: bool = False) -> list[tuple[str, Any]]:
        # across sentences, only an event of the same type lends its actor, or any act of
        # force to an arrest ("Police fired tear gas ... Dozens were taken into custody");
        # an arrest does not make the force the shooter of an earlier killing
        # an arrest does not make the force the attacker of the crime it names, even in its
        # own sentence ("Police arrested a man they say set fire to a church")
        lends = lambda c: c.event_type == cand.event_type or (  # noqa: E731
            cand.event_type in _SELF_REPORTED and not same_type
        ) or (s is sent and not (c.event_type in _SELF_REPORTED and _names_crime(_arrest_verb(c.token), tok)))
        inside = [(abs(c.token.i - tok.i), eid) for eid, c in others
                  if c is not cand and s.start <= c.token.i < s.end and lends(c)]  # fmt: skip
        return [("event", eid) for _, eid in sorted(inside, key=lambda x: x[0])]

    out: list[tuple[str, Any]] = events_in(sent)
    victims = frozenset(c.args.recipient.i for _, c in others if c.args.recipient is not None)
    out += [("mention", e) for _, e in _mentions(sent, cand, lex, text, True, victims)]
    same_paragraph = True
    reach = _ARREST_CONTEXT_SENTENCES if cand.event_type in _SELF_REPORTED else _CONTEXT_SENTENCES
    for back in range(1, reach + 1):
        if at - back < 0 or _set_back(tok, lex) or _topic_noun(tok):
            break
        if _new_incident(sents[at - back + 1], lex):
            break  # "In an unrelated case, ...": a roundup's next story borrows nothing from before
        prev = sents[at - back]
        if "\n" in text[prev.start_char : sents[at - back + 1].start_char].strip(" \t"):
            same_paragraph = False  # news paragraphs are a sentence or two: events still lend
        out += events_in(prev, same_type=back > _CONTEXT_SENTENCES)  # nearest (most recent) first
        if same_paragraph and back <= _CONTEXT_SENTENCES:  # a force merely named: this paragraph only
            out += [("mention", e) for _, e in _mentions(prev, cand, lex, text, False, victims)]
    # "The arrest came after a chase" points back at an arrest; "Tear gas was fired" is the act
    if _police_act(cand) and not (_set_back(tok, lex) or _topic_noun(tok) and cand.event_type in _SELF_REPORTED):
        out += _story_forces(cand, sents, at, lex, text, victims)
    return out


# Acts only a force performs: an agentless "was arrested", "tear gas was fired" is the act
# of the force the story names anywhere, also after it ("A man has been arrested ...
# Police were called to the house at 8 a.m.").
_POLICE_ACTS = frozenset({("COERCE", "arrest"), ("ASSAULT", "crowd-control")})


def _police_act(cand: Candidate) -> bool:
    return (cand.event_type, cand.mode) in _POLICE_ACTS


def _story_forces(cand: Candidate, sents: list[Any], at: int, lex: Lexicon, text: str,
                  victims: frozenset[int]) -> list[tuple[str, Any]]:
    """The last resort of a police act: forces named in any sentence of the story, in any
    role but a victim's, the source's too ("police said"), nearest first (an earlier
    sentence before a later one); a roundup's other stories ("Separately, ...") are not
    this story."""
    lo, hi = at, at + 1
    while lo > 0 and not _new_incident(sents[lo], lex):
        lo -= 1
    while hi < len(sents) and not _new_incident(sents[hi], lex):
        hi += 1
    order = sorted((i for i in range(lo, hi) if i != at), key=lambda i: (abs(i - at), i > at))
    return [("mention", e) for i in order for _, e in _mentions(sents[i], cand, lex, text, True, victims, True)]


def assign_arguments(ctx: DocContext, lex: Lexicon) -> None:
    """Fill actor and recipient of every typed event; drop what the arguments rule out."""
    typed: dict[str, Candidate] = ctx.scratch.get(SCRATCH_TYPED, {})
    cands = [typed[ev.id] for ev in ctx.events if ev.id in typed]
    dateline = ctx.scratch.get("dateline")
    if dateline is not None and ctx.doc is not None:
        ctx.doc.user_data[DATELINE_END] = dateline.end  # its words act in no event
    for cand in cands:
        cand.args = candidate_arguments(cand, lex)
        if _is_outlet(cand.args.actor, ctx.outlet, ctx.text):
            cand.args.actor = None
        cand.mode = _delivery_mode(cand, lex)
        cand.mode = _office_mode(cand, lex)
    by_doc: dict[int, list[Candidate]] = {}
    for cand in cands:
        by_doc.setdefault(id(cand.token.doc), []).append(cand)
    kept_ids: set[str] = set()
    for group in by_doc.values():
        group = [c for c in group if not _actors_missing(c.event_type or "", c.args, lex, c.token)]
        by_index = {c.token.i: c for c in group}
        for cand in _merge(group, lex):
            if _folded_into_protest(cand, by_index, lex):
                continue
            if _protesters_demand(cand, lex):
                cand.event_type, cand.mode = "PROTEST", "demo"
            kept_ids.add(cand.event_id or "")
    token_of: dict[str, int] = ctx.scratch.setdefault(SCRATCH_TRIGGER_TOKENS, {})
    cues = load_cues(ctx.language)
    previous_actor: Entity | None = None
    kept: list[Event] = []
    for ev in ctx.events:
        found = typed.get(ev.id)
        if found is None:
            kept.append(ev)
            continue
        if ev.id not in kept_ids:
            continue
        cand = found
        actor = _entity(cand.args.actor, ctx.text, lex, cand.offset)
        if actor is None and _refers_back(cand.token, lex):
            actor = previous_actor
        ev.recipient = _entity(cand.args.recipient, ctx.text, lex, cand.offset)
        if ev.recipient is not None and (_protesting(cand.args.recipient, lex) or _at_a_protest(cand, lex)):
            ctx.scratch.setdefault(SCRATCH_PROTESTING, set()).add(ev.id)
        ev.actor = _apart(actor, ev.recipient, cand, ctx.text)
        ev.event_type, ev.mode = cand.event_type, cand.mode  # type: ignore[assignment]
        ev.cues = find_cues(cand.token, cand.offset, cand.sent, cues, ctx.text)
        bonus = 0.05 * sum(x is not None for x in (ev.actor, ev.recipient, ev.mode))
        ev.confidence = round(min(0.95, cand.confidence + bonus), 3)
        token_of[ev.id] = cand.doc_index
        previous_actor = ev.actor or previous_actor
        kept.append(ev)
    ctx.events[:] = kept
    placed = [(ev.id, typed[ev.id]) for ev in kept if ev.id in typed]
    context: dict[str, list[tuple[str, Any]]] = ctx.scratch.setdefault(SCRATCH_CONTEXT_ACTORS, {})
    for ev in kept:
        agentless = typed.get(ev.id)
        if agentless is not None and ev.actor is None and _takes_context(agentless, lex, ctx.doc):
            context[ev.id] = _context_actors(agentless, placed, lex, ctx)


@component("arguments", requires=("doc", "events", "candidates"), assigns=("events.arguments",))
def make_arguments(**_: Any) -> Any:
    load_lexicon("en")

    def run(ctx: DocContext) -> None:
        assign_arguments(ctx, load_lexicon(ctx.language))

    return run
