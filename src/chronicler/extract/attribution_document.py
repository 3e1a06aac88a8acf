"""Attribution at document level: what one sentence's attribution learns from the others.

A reporter gives a speaker's full name once ("Ronald “Ron” Johnson"), then the surname;
the venue of a statement in one sentence ("During his Senate confirmation hearing in
March, Johnson said …") and the claim in the one before ("… did not rule out …"); a
participle clause adds where a statement was made ("…, telling Fox & Friends in January
that …"). This module joins those pieces after every attribution of a document is built,
so that each event's attribution carries the whole profile.
"""

from __future__ import annotations

from typing import Any

from chronicler.extract.attribution_lexicon import Lexicon
from chronicler.records import Attribution

# Dependency labels that attach a second cue to the first one's clause ("refused …, telling").
PARTICIPLE_DEPS = frozenset({"advcl", "xcomp", "conj", "acl"})


def reconcile(attributions: list[Attribution], doc: Any, lex: Lexicon) -> list[Attribution]:
    """The document's attributions with participles' venues joined and profiles shared."""
    _merge_participles(attributions, doc)
    _share_speaker_details(attributions, doc)
    _nest_chains(attributions)
    return attributions


def relay_chain(outer: list[str], inner: list[str]) -> list[str]:
    """The outlets of a statement relayed inside another's report: the outer chain, then
    the inner statement's own outlets (the home outlet heads both)."""
    return list(outer) + [o for o in inner if o not in outer]


def _nest_chains(attributions: list[Attribution]) -> None:
    """"Seis fuentes dijeron a NBC News que …, informó The Independent": a statement inside
    the content of a source that reached the reporter through outlets has come through them
    too, so its chain starts with theirs (nearest outer report first)."""
    for attr in attributions:
        if not attr.cue:
            continue
        start = attr.cue[0].start
        outer = [a for a in attributions if a is not attr and a.source and len(a.outlets) > 1
                 and any(s.start <= start < s.end for s in a.content)]
        if outer:
            nearest = min(outer, key=lambda a: sum(s.end - s.start for s in a.content))
            attr.outlets = relay_chain(nearest.outlets, attr.outlets)


def _cue_token(attr: Attribution, doc: Any) -> Any:
    if not attr.cue:
        return None
    span = doc.char_span(attr.cue[0].start, attr.cue[0].end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def asserts_for_reporter(attr: Attribution, doc: Any, lex: Lexicon) -> bool:
    """"The option seems to be under consideration": an attribution in the annotation sense
    (PolNeAR marks it), but nobody speaks except the reporter, so events keep the reporter.
    So too a cue that names an event on this beat ("officials discussed strikes", "Trump
    blasted the plan"): a stance PolNeAR marks, not a report of the events it mentions."""
    tok = _cue_token(attr, doc)
    if tok is None:
        return False
    lemma = tok.lemma_.lower()
    return (not attr.source and lemma in lex.raising_verbs) or names_event(tok, lex)


def names_event(tok: Any, lex: Lexicon) -> bool:
    """The cue token is one of the event-naming candidate verbs ("ruled", but not "did not
    rule out": a particle verb with its particle is a stance)."""
    lemma = tok.lemma_.lower()
    if tok.pos_ != "VERB" or lemma not in lex.event_cues or tok.lower_ in lex.according_phrase:
        return False  # "according to" (lemma "accord") is a cue of its own
    particle = lex.particle_verbs.get(lemma)
    return particle is None or not any(c.dep_ == "prt" and c.lower_ == particle for c in tok.children)


def _merge_participles(attributions: list[Attribution], doc: Any) -> None:
    """A cue hanging on another cue's verb, with no source of its own, is the same statement:
    its venue, date and outlets join the main attribution. Both records stay (annotation
    schemes such as PolNeAR count the participle as an attribution of its own)."""
    by_token: dict[int, Attribution] = {}
    for attr in attributions:
        tok = _cue_token(attr, doc)
        if tok is not None:
            by_token[tok.i] = attr
    for attr in attributions:
        tok = _cue_token(attr, doc)
        if tok is None or tok.dep_ not in PARTICIPLE_DEPS or attr.is_request:
            continue
        main = _governing_cue(tok, by_token)
        if main is None or main is attr or main.is_request:
            continue
        if attr.source and not _same_source(attr, main):
            continue
        _absorb(main, attr)


def _governing_cue(tok: Any, by_token: dict[int, Attribution]) -> Attribution | None:
    head = tok.head
    for _ in range(3):  # "refused to rule out …, telling": the cue may be an xcomp's head
        if head.i in by_token:
            return by_token[head.i]
        if head.head.i == head.i:
            return None
        head = head.head
    return None


def _same_source(a: Attribution, b: Attribution) -> bool:
    if a.profile.name and b.profile.name:
        return _surname(a.profile.name) == _surname(b.profile.name)
    return {(s.start, s.end) for s in a.source} == {(s.start, s.end) for s in b.source}


def _absorb(main: Attribution, part: Attribution) -> None:
    profile, extra = main.profile, part.profile
    if profile.venue is None and extra.venue is not None:
        profile.venue, profile.venue_span = extra.venue, extra.venue_span
    if profile.statement_date is None and extra.statement_date is not None:
        profile.statement_date = extra.statement_date
    for outlet in part.outlets:
        if outlet not in main.outlets:
            main.outlets.append(outlet)
    known = {(h.start, h.end) for h in main.hedges}
    main.hedges.extend(h for h in part.hedges if (h.start, h.end) not in known)


def _words(name: str) -> list[str]:
    return [w.strip("\u201c\u201d\"'").lower() for w in name.split() if w.strip("\u201c\u201d\"'")]


def _surname(name: str) -> str:
    words = _words(name)
    return words[-1] if words else ""


def _share_speaker_details(attributions: list[Attribution], doc: Any) -> None:
    """One person, one profile: the fullest name everywhere; a venue and date given in one
    sentence also cover the same speaker's statement in the sentence before or after."""
    people = [a for a in attributions if a.profile.kind == "named_person" and a.profile.name]
    by_surname: dict[str, list[Attribution]] = {}
    for attr in people:
        by_surname.setdefault(_surname(attr.profile.name or ""), []).append(attr)
    sentence_of = {s.start_char: n for n, s in enumerate(doc.sents)}
    for group in by_surname.values():
        names = [a.profile.name or "" for a in group]
        word_sets = {n: set(_words(n)) for n in names}  # once per name, not per pair
        for attr, name in zip(group, names, strict=True):
            # "Johnson" becomes "Ronald “Ron” Johnson"; "Boris Johnson" stays himself.
            words = word_sets[name]
            fuller = [n for n in names if words <= word_sets[n]]
            attr.profile.name = max(fuller, key=len)
        sentence = [_sentence(a, doc, sentence_of) for a in group]  # once per statement
        for k, attr in enumerate(group):
            if attr.profile.venue is not None and attr.profile.statement_date is not None:
                continue
            for m, other in enumerate(group):
                if other is attr or abs(sentence[m] - sentence[k]) > 1:
                    continue
                if attr.profile.venue is None and other.profile.venue is not None:
                    attr.profile.venue = other.profile.venue
                    attr.profile.venue_span = other.profile.venue_span
                if attr.profile.statement_date is None and other.profile.statement_date:
                    attr.profile.statement_date = other.profile.statement_date


def _sentence(attr: Attribution, doc: Any, sentence_of: dict[int, int]) -> int:
    offset = attr.cue[0].start if attr.cue else (attr.content[0].start if attr.content else 0)
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    if span is None or not len(span):
        return -10
    return sentence_of.get(span.sent.start_char, -10)
