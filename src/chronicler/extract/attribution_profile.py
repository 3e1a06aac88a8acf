"""Source profiles and outlet chains for attributions found by `attribution_rules`.

The profile says what kind of source speaks (named person or organisation,
anonymous, a document, the reporter), and for anonymous sources how many, how
described and from where; the venue and date of the statement; and the chain
of outlets the claim passed through, the article's own outlet first.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

from chronicler.extract.attribution_lexicon import Lexicon
from chronicler.extract.attribution_rules import RawAttribution, Seg, Token, subtree_seg, trim
from chronicler.records import Attribution, DateRef, SourceKind, SourceProfile, Span
from chronicler.resolve.kb import load_kb

SKIP_VENUE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "conj", "punct", "cc", "parataxis"})
DATELINE_RE = re.compile(r"^[^\n]{0,80}?\((?P<outlet>[A-Z][\w .&]{1,30})\)\s*[-\u2014\u2013]")


def home_outlet(text: str, lex: Lexicon) -> str | None:
    """The publishing outlet when the text names itself ("The Independent has asked …")."""
    for match in lex.outlet_re.finditer(text):
        if lex.home_tail_re.match(text, match.end()):
            return lex.outlet_name(match.group())
    dateline = DATELINE_RE.match(text)
    if dateline and dateline.group("outlet") in lex.outlets:
        return lex.outlets[dateline.group("outlet")]
    return None


def _span(text: str, seg: Seg) -> Span:
    return Span(start=seg[0], end=seg[1], text=text[seg[0] : seg[1]])


class ProfileBuilder:
    """Turns raw attributions of one Doc into `Attribution` records, remembering earlier sources."""

    def __init__(
        self, doc: Any, lex: Lexicon, home: str | None, published: dt.date | None = None,
        text: str | None = None,
    ) -> None:
        self.published = published
        self.doc = doc
        self.text: str = doc.text if text is None else text
        self.lex = lex
        self.home = home
        self.outlet_mentions = [(m.start(), m.end(), lex.outlet_name(m.group()))
                                for m in lex.outlet_re.finditer(self.text)]
        self.earlier: list[tuple[str, SourceProfile, list[str]]] = []  # head lemma, profile, outlets
        self.ents = list(doc.ents)  # Doc.ents builds new Spans on every access: read it once

    def _ents_in(self, seg: Seg) -> list[Any]:
        return [e for e in self.ents if seg[0] <= e.start_char and e.end_char <= seg[1]]

    def build(self, raw: RawAttribution) -> Attribution:
        profile, outlets = self._profile(raw)
        for s, e in raw.relays:
            outlets.append(self.lex.outlet_name(self.text[s:e]))
        speaker = self._statement_speaker(raw) if profile.kind == "unresolved" else None
        if speaker is not None:
            profile, outlets = speaker
        else:
            self._add_venue_and_date(raw, profile, outlets)
        cue_lemma = raw.cue_token.lemma_.lower() if raw.cue_token is not None else ""
        if profile.kind == "named_organisation" and profile.name and cue_lemma in self.lex.publishing_verbs:
            outlets.insert(0, profile.name)  # "The Valley Courier reported": an outlet by what it does
        chain = self._chain(outlets)
        if raw.source_head is not None:
            self.earlier.append((raw.source_head.lemma_.lower(), profile, outlets))
        text = self.text
        return Attribution(
            source=[_span(text, s) for s in raw.source],
            cue=[_span(text, s) for s in raw.cue],
            content=[_span(text, s) for s in raw.content],
            profile=profile,
            outlets=chain,
            hedges=[_span(text, s) for s in sorted(set(raw.hedges))],
            is_request=raw.is_request,
            confidence=0.5 if raw.rule in ("noun", "hedge") else 0.8,
        )

    def _chain(self, outlets: list[str]) -> list[str]:
        chain: list[str] = []
        for name in ([self.home] if self.home else []) + outlets:
            if name and name not in chain:
                chain.append(name)
        return chain

    # --- who is the source ----------------------------------------------

    def _profile(self, raw: RawAttribution) -> tuple[SourceProfile, list[str]]:
        head = raw.source_head
        if not raw.source or head is None:
            return SourceProfile(kind="unresolved"), []
        seg = raw.source[0]
        source_text = self.text[seg[0] : seg[1]]
        outlet = self._outlet_in(seg)
        lower = head.lower_
        if lower in self.lex.relative_pronouns and raw.cue_token is not None and (
            raw.cue_token.dep_ == "relcl"
        ):
            # "Hegseth, who said …": the noun phrase the clause hangs on speaks.
            head = raw.cue_token.head
            seg = (head.left_edge.idx, head.idx + len(head.text))
            profile, outlets = self._profile(
                RawAttribution([seg], raw.cue, raw.content, raw.sent, raw.rule, None, head)
            )
            profile.antecedent = _span(self.text, seg)
            return profile, outlets
        partitive = _partitive(head, self.lex)
        if partitive is not None:
            return self._partitive_profile(head, partitive, seg)
        if lower in self.lex.source_pronouns or (
            head.pos_ == "PRON" and lower not in self.lex.first_person_pronouns
        ):
            return self._resolve_pronoun(raw, head)
        outlet_is_head = outlet is not None and self._outlet_holds(seg, head)
        if outlet_is_head and head.lemma_.lower() not in self.lex.anonymous_nouns:
            assert outlet is not None
            return SourceProfile(kind="named_organisation", name=outlet), [outlet]
        # "sources cited by Reforma", "NBC News sources": the outlet they spoke through
        relayed = [outlet] if outlet is not None else []
        people = [e for e in self._ents_in(seg) if e.label_ == "PERSON"]
        if people and not self._people_around_anonymous(head, people):
            return SourceProfile(kind="named_person", name=self._person_name(people, seg)), []
        lemma = head.lemma_.lower()
        person = self._person_by_name(head) or self._known_person(head)
        if person is not None:  # "Trump floated …" tagged ORG, after "Donald Trump" was named
            return SourceProfile(kind="named_person", name=person), []
        # Penn tags in every language: the UD adapter (analyse/ud_adapter.py) writes NN/NNS/NNP
        # for Spanish nouns from their Number, so plural is "NNS"/"NNPS" whatever the model.
        if lemma in self.lex.institutional_speakers and (
            head.tag_ in ("NNS", "NNPS") or lemma == head.lower_
        ):
            # "state prosecutors said", "police said": an institution speaking, by its members
            return SourceProfile(kind="named_organisation", name=source_text), []
        unnamed = head.pos_ == "NOUN" and lemma in self.lex.anonymous_nouns  # "Vecinos de X"
        if head.ent_type_ in ("ORG", "GPE", "NORP", "FAC") and not unnamed:
            name = self._entity_text(head)
            if source_text.endswith(name) and self._name_prefix(seg, len(source_text) - len(name)):
                name = source_text  # "La Marina", "The Attorney General's Office": as written
            return SourceProfile(kind="named_organisation", name=name), []
        if _is_definite(head, self.lex) and lemma in self.lex.outlet_heads:
            return self._resolve_outlet(head)
        if lemma in self.lex.document_nouns:
            return SourceProfile(kind="document", name=source_text), []
        definite = _is_definite(head, self.lex) and head.tag_ in ("NN", "NNP")  # singular
        if lemma in self.lex.anonymous_nouns:
            earlier = self._earlier_with(lemma) if definite else None
            if earlier is not None:
                return earlier
            if not definite:
                return self._anonymous(head, seg), relayed
        if head.pos_ == "PROPN":
            return self._proper_name(source_text)
        owned = any(c.dep_ == "poss" for c in head.children)
        if lemma in self.lex.institution_nouns and (definite or owned):
            return SourceProfile(kind="named_organisation", name=source_text), []  # "the ministry"
        if lemma in self.lex.role_nouns and (definite or owned):
            # "the governor said": the person last named before, else the role itself
            # ("Mexico's president" names one person even without a name).
            profile, outlets = self._resolve_pronoun(raw, head, labels=("PERSON",), window=1500)
            if profile.kind == "unresolved":  # "la gobernadora Marina del Pilar Ávila"
                profile = SourceProfile(kind="named_person", name=self._name_after_title(seg))
            return profile, outlets
        if definite:
            return self._resolve_pronoun(raw, head, labels=("PERSON",), window=1500)
        if head.pos_ == "NOUN" and not _is_definite(head, self.lex) and not any(
            c.dep_ == "poss" for c in head.children
        ):
            return self._anonymous(head, seg), []  # "a farmer", "residents", "two witnesses"
        return SourceProfile(kind="unresolved", name=source_text), []

    def _name_prefix(self, seg: Seg, length: int) -> bool:
        """The words before an organisation's entity inside its source are its article and
        proper nouns the tagger left out ("The", "The Attorney" + "General's Office")."""
        if length <= 0:
            return False
        span = self.doc.char_span(seg[0], seg[0] + length, alignment_mode="expand")
        if span is None:
            return False
        return all(t.lower_ in self.lex.definite_determiners or t.pos_ == "PROPN" or t.is_space
                   for t in span)

    def _people_around_anonymous(self, head: Token, people: list[Any]) -> bool:
        """"officials close to Sheinbaum", "fuentes citadas por …": a person named inside an
        unnamed source's phrase does not speak. (A name in apposition to the head does:
        "a spokesman, John Kirby"; so does a definite head: "el vocero, Jesús Ramírez".)"""
        if head.lemma_.lower() not in self.lex.anonymous_nouns or _is_definite(head, self.lex):
            return False
        if any(e.start <= head.i < e.end for e in people):
            return False
        apposed = {t.i for c in head.children if c.dep_ == "appos" for t in c.subtree}
        return not any(e.start in apposed for e in people)

    def _outlet_holds(self, seg: Seg, head: Token) -> bool:
        """The outlet named in the source is the source itself, unless the source's head is
        a name outside it ("Noem, speaking on NBC's Meet the Press" is Noem)."""
        if any(seg[0] <= start and end <= seg[1] and start <= head.idx < end
               for start, end, _ in self.outlet_mentions):
            return True
        return not (head.pos_ == "PROPN" or head.ent_type_ in ("PERSON", "PER"))

    def _person_name(self, people: list[Any], seg: Seg | None = None) -> str:
        """The first person's full name: 'Alberto' + '“Beto”' + 'Ramírez', which the tagger
        may give as two names, join when only names and quotation marks stand between; a
        name the tagger cut short takes the proper nouns beside it inside the source ("Omar
        García" + "Harfuch", "Ana" + "Lilia Pérez", "Juan Ramón" + "de la Fuente"), and
        loses a title's last words it swallowed ("secretario de Seguridad Omar …")."""
        first = people[0]
        end = first.end
        for ent in people[1:]:
            between = self.doc[end : ent.start]
            if not all(t.pos_ == "PROPN" or t.is_quote for t in between):
                break
            end = ent.end
        start = first.start
        if seg is not None:
            start, end = self._widen_name(start, end, seg)
        return str(self.doc[start:end].text)

    def _name_word(self, tok: Token) -> bool:
        """A word that can carry a name: a capitalised proper noun that is no title (the
        tagger's entity type is not trusted here: "Marina del Pilar" may come as a place)."""
        lower = tok.lower_.rstrip(".")
        return (tok.pos_ == "PROPN" and tok.text[:1].isupper() and not tok.text.endswith(".")
                and lower not in self.lex.role_nouns and lower not in self.lex.name_titles)

    def _widen_name(self, start: int, end: int, seg: Seg) -> tuple[int, int]:
        doc, lex = self.doc, self.lex
        j = end  # rightwards: proper nouns, and particles or quotes that lead to one
        while j < len(doc) and doc[j].idx + len(doc[j].text) <= seg[1]:
            tok = doc[j]
            if self._name_word(tok):
                j += 1
                end = j
            elif tok.lower_ in lex.name_particles or tok.is_quote:
                j += 1
            else:
                break
        i = start  # leftwards: proper nouns, and particles between them
        while i > 0 and doc[i - 1].idx >= seg[0]:
            tok = doc[i - 1]
            if self._name_word(tok) and tok.text not in lex.title_words:
                i -= 1
                start = i
            elif tok.lower_ in lex.name_particles and i - 2 >= 0 and self._name_word(doc[i - 2]):
                i -= 1
            else:
                break
        # "secretario de Seguridad Omar García Harfuch": after "<title> de", the title's words
        while (end - start > 1 and doc[start].text in lex.title_words and start >= 2
               and doc[start - 1].lower_ in lex.name_particles
               and doc[start - 2].lower_ in lex.role_nouns):
            start += 1
        return start, end

    def _person_by_name(self, head: Token) -> str | None:
        """A proper name that ends a person's name given elsewhere in the text: that person
        ("Trump floated …", which the tagger may take for an organisation or a noun)."""
        if head.ent_type_ == "PERSON" or not head.text[:1].isupper():
            return None
        if head.pos_ not in ("PROPN", "NOUN"):
            return None
        for ent in self.ents:
            if ent.label_ == "PERSON" and len(ent) > 1 and ent[-1].text == head.text:
                return str(ent.text)
        return None

    def cited_profile(self, verb: Token, raw: RawAttribution) -> SourceProfile | None:
        """The source a report cites ("citing two officials", "citando a fuentes de la
        Fiscalía"): the profile of the citing verb's object as a speaker; None when it is
        not a source of its own (an outlet, a pronoun, unresolved)."""
        objs = [c for c in verb.children if c.dep_ in ("dobj", "obj", "pobj", "obl")]
        if not objs:
            preps = [c for c in verb.children if c.dep_ == "prep" or c.lower_ in self.lex.relay_preps]
            objs = [g for p in preps for g in p.children if g.dep_ in ("pobj", "obj")]
        if not objs:
            return None
        head = objs[0]
        first = head.left_edge
        while first.i < head.i and first.lower_ in self.lex.relay_preps:  # "citando a dos …"
            first = self.doc[first.i + 1]
        seg = trim(self.text, (first.idx, subtree_seg(head)[1]))
        if seg is None:
            return None
        profile, _ = self._profile(RawAttribution([seg], raw.cue, [], raw.sent, "verb", None, head))
        if profile.kind in ("anonymous", "named_person", "document"):
            return profile
        return None

    def _statement_speaker(self, raw: RawAttribution) -> tuple[SourceProfile, list[str]] | None:
        """"X said in a statement that …", parsed with the clause on the noun: the claim noun
        has no source, the verb it hangs on does. The verb's subject speaks, and the
        statement is where (venue and date as for the verb)."""
        noun = raw.cue_token
        if raw.source or raw.rule != "noun" or noun is None or noun.dep_ != "pobj":
            return None
        prep, verb = noun.head, noun.head.head
        if prep.lower_ not in self.lex.statement_preps or verb.lemma_.lower() not in self.lex.cue_verbs:
            return None
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if noun.lemma_.lower() not in self.lex.statement_nouns or not subjects:
            return None
        seg = subtree_seg(subjects[0])
        said = RawAttribution([seg], raw.cue, raw.content, raw.sent, "verb", verb, subjects[0])
        profile, outlets = self._profile(said)
        if profile.kind == "unresolved":
            return None
        self._add_venue_and_date(said, profile, outlets)
        return profile, outlets

    def _known_person(self, head: Token) -> str | None:
        """A name the knowledge base knows as a person's ("Sheinbaum said", which the tagger
        may take for an organisation): the name as written."""
        if head.pos_ != "PROPN" or not head.text[:1].isupper():
            return None
        name = self._entity_text(head) if head.ent_type_ else str(head.text)
        return name if load_kb().person(name) is not None else None

    def _proper_name(self, source_text: str) -> tuple[SourceProfile, list[str]]:
        """A proper name the tagger did not label: a person when it repeats a person's name."""
        words = set(source_text.split())
        for ent in self.ents:
            if ent.label_ == "PERSON" and words & set(ent.text.split()):
                return SourceProfile(kind="named_person", name=source_text), []
        return SourceProfile(kind="named_organisation", name=source_text), []

    def _name_after_title(self, seg: Seg) -> str:
        """A source that is a title and a name ("the governor Marina del Pilar Ávila"): the
        name from its first name word on; the whole source when no name follows the title."""
        span = self.doc.char_span(seg[0], seg[1], alignment_mode="expand")
        text = self.text[seg[0] : seg[1]]
        if span is None:
            return text
        toks = list(span)
        titled = False  # the name must follow the title ("Mexico's president" has none)
        for k, tok in enumerate(toks):
            if tok.pos_ == "PUNCT" or tok.lower_ in self.lex.name_particles:
                continue
            if tok.lower_ in self.lex.definite_determiners or tok.pos_ == "DET":
                continue
            if tok.lower_ in self.lex.role_nouns or tok.lower_.rstrip(".") in self.lex.name_titles:
                titled = True
                continue
            if not titled:
                return text
            if tok.text in self.lex.title_words and k >= 2 and toks[k - 1].lower_ in (
                    self.lex.name_particles):
                continue  # "secretario de Seguridad"
            if self._name_word(tok):
                start, end = self._widen_name(tok.i, tok.i + 1, seg)
                return str(self.doc[start:end].text)
            return text
        return text

    def _partitive_profile(self, number: Token, noun: Token, seg: Seg) -> tuple[SourceProfile, list[str]]:
        """"two of the officials", "one of the people briefed": anonymous, counted by the number."""
        if noun.lemma_.lower() not in self.lex.anonymous_nouns and noun.tag_ not in ("NNS", "NNPS"):  # adapter tags
            return SourceProfile(kind="unresolved", name=self.text[seg[0] : seg[1]]), []
        value = _number(number, self.lex) or 1
        return SourceProfile(
            kind="anonymous",
            name=self.text[seg[0] : seg[1]],
            count_low=value,
            count_text=self.doc[number.i : noun.i + 1].text,
            description=self._description(noun),
            affiliation=self._affiliation(noun),
        ), []

    def _entity_text(self, tok: Token) -> str:
        for ent in self.ents:
            if ent.start <= tok.i < ent.end:
                return str(ent.text)
        return str(tok.text)

    def _outlet_in(self, seg: Seg) -> str | None:
        for start, end, name in self.outlet_mentions:
            if seg[0] <= start and end <= seg[1]:
                return name
        for ent in self._ents_in(seg):
            if ent.label_ == "ORG" and self.lex.outlet_org_re.search(ent.text):
                first, sep, rest = str(ent.text).partition(" ")  # "told the Daily Ledger"
                return rest if sep and first in self.lex.outlet_strip_articles else str(ent.text)
        return None

    def _resolve_pronoun(
        self, raw: RawAttribution, head: Token, labels: tuple[str, ...] = (), window: int = 0
    ) -> tuple[SourceProfile, list[str]]:
        lower = head.lower_
        if not labels:
            labels = ("PERSON",) if lower in self.lex.person_pronouns else ("ORG", "PERSON", "GPE", "NORP")
        ante = None
        for ent in reversed(self.ents):
            if window and ent.end_char < head.idx - window:
                break
            if ent.end_char <= head.idx and ent.label_ in labels:
                ante = ent
                break
        if ante is None or (raw.source and ante.start_char >= raw.source[0][0]):
            name = self.text[raw.source[0][0] : raw.source[0][1]] if raw.source else head.text
            return SourceProfile(kind="unresolved", name=name), []
        kind: SourceKind = "named_person" if ante.label_ == "PERSON" else "named_organisation"
        name = str(ante.text)
        outlets = [self.lex.outlets[name]] if name in self.lex.outlets else []
        return SourceProfile(kind=kind, name=name,
                             antecedent=_span(self.text, (ante.start_char, ante.end_char))), outlets

    def _resolve_outlet(self, head: Token) -> tuple[SourceProfile, list[str]]:
        """"the news outlet reported": the last outlet named before it."""
        before = [m for m in self.outlet_mentions if m[1] <= head.idx]
        if not before:
            # An outlet the lexicon does not know, named by an earlier attribution's chain.
            named = [o for _, _, outlets in self.earlier for o in outlets]
            if named:
                return SourceProfile(kind="named_organisation", name=named[-1]), [named[-1]]
            return SourceProfile(kind="named_organisation", name=head.text), []
        start, end, name = before[-1]
        return SourceProfile(kind="named_organisation", name=name,
                             antecedent=_span(self.text, (start, end))), [name]

    def _earlier_with(self, lemma: str) -> tuple[SourceProfile, list[str]] | None:
        """"the official" points back to the last source headed by the same noun."""
        for head_lemma, profile, outlets in reversed(self.earlier):
            if head_lemma == lemma:
                return profile.model_copy(), list(outlets)
        return None

    def _anonymous(self, head: Token, seg: Seg) -> SourceProfile:
        count_low, count_text = self._count(head)
        return SourceProfile(
            kind="anonymous",
            name=self.text[seg[0] : seg[1]],
            count_low=count_low,
            count_text=count_text,
            description=self._description(head),
            affiliation=self._affiliation(head),
        )

    def _count(self, head: Token) -> tuple[int | None, str | None]:
        nums = [c for c in head.lefts if c.dep_ in ("nummod", "det", "amod", "quantmod")
                and (c.like_num or c.lower_ in self.lex.number_words)]
        if not nums:
            if head.tag_ in ("NNS", "NNPS") or head.lower_ in self.lex.collective_people_nouns:
                return 2, None  # a plural without a number: at least two
            return 1, None
        num = nums[-1]
        value = _number(num, self.lex)
        if value is None:  # "a fourth person", "officials": singular one, plural at least two
            plural = head.tag_ in ("NNS", "NNPS") or head.lower_ in self.lex.collective_people_nouns
            value = 2 if plural else 1
        first = num.left_edge
        for c in num.lefts:
            first = min(first, c.left_edge, key=lambda t: t.i)
        phrase = self.doc[first.i : num.i + 1].text.lower()
        bump = next((b for q, b in self.lex.quantifier_low.items() if phrase.startswith(q)), 0)
        return (value + bump if value is not None else None), self.doc[first.i : head.i + 1].text

    def _description(self, head: Token) -> str | None:
        parts = [c for c in head.rights if c.dep_ in ("prep", "acl", "relcl", "amod")
                 and c.lemma_.lower() not in self.lex.cue_verbs]  # not "who said …" itself
        if not parts:
            return None
        seg = trim(self.text, (subtree_seg(parts[0])[0], subtree_seg(parts[-1])[1]))
        return self.text[seg[0] : seg[1]] if seg else None

    def _affiliation(self, head: Token) -> str | None:
        mods = [c for c in head.lefts if c.dep_ in ("compound", "amod", "nmod", "npadvmod")
                and (c.ent_type_ in ("ORG", "GPE", "NORP", "FAC") or c.pos_ == "PROPN")]
        if mods:
            first = mods[0].left_edge
            last = mods[-1]
            return str(self.doc[first.i : last.i + 1].text)
        for prep in (c for c in head.rights if c.dep_ == "prep" and c.lower_ in self.lex.affiliation_preps):
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.ent_type_ in ("ORG", "GPE", "NORP", "FAC"):
                    return self._entity_text(obj)
        return None

    # --- where and when it was said --------------------------------------

    def _add_venue_and_date(
        self, raw: RawAttribution, profile: SourceProfile, outlets: list[str]
    ) -> None:
        verb = raw.cue_token
        if verb is None or raw.rule not in ("verb", "according"):
            return
        for tok in _cue_dependents(verb):
            if tok.dep_ == "prep" or (tok.i > verb.i and tok.dep_ not in SKIP_VENUE_DEPS):
                self._venue_from(tok, profile, outlets)
        parts = self._venue_participles(verb, raw.source_head)
        for part in parts:
            for tok in part.children:
                if tok.dep_ == "prep" or (tok.i > part.i and tok.dep_ not in SKIP_VENUE_DEPS):
                    self._venue_from(tok, profile, outlets)
        if profile.statement_date is None:
            profile.statement_date = self._date_near(verb, raw)
        for part in parts:  # "X, speaking on Monday, said": the participle's date, in the source
            if profile.statement_date is None:
                profile.statement_date = self._date_near(part, RawAttribution(
                    [], raw.cue, raw.content, raw.sent, raw.rule, part, None))

    def _venue_participles(self, verb: Token, head: Token | None) -> list[Token]:
        """"Speaking at a press conference, X said …", "X, appearing on Meet the Press, said":
        a participle of a venue verb (`venue_verbs`) on the cue or on its source says where."""
        found = [c for c in verb.children if c.dep_ in ("advcl", "acl", "xcomp")
                 and c.lemma_.lower() in self.lex.venue_verbs]
        if head is not None:
            found += [c for c in head.children if c.dep_ in ("acl", "advcl", "relcl")
                      and c.lemma_.lower() in self.lex.venue_verbs]
        return found

    def _show_in(self, seg: Seg) -> str | None:
        """A programme named inside `seg` ("NBC's Meet the Press")."""
        for start, end, name in self.outlet_mentions:
            if seg[0] <= start and end <= seg[1] and name in self.lex.shows:
                return name
        return None

    def _venue_from(self, tok: Token, profile: SourceProfile, outlets: list[str]) -> None:
        seg = subtree_seg(tok)
        outlet = self._outlet_in(seg)
        if tok.dep_ != "prep" and outlet is not None and _near_cue(tok):
            outlets.append(outlet)
            network = self.lex.shows.get(outlet)
            # A programme is where it was said; so is an outlet a named person spoke to
            # (an interview), while anonymous sources who "told" an outlet only relay.
            interview = profile.kind == "named_person"
            if profile.venue is None and (network is not None or interview):
                profile.venue, profile.venue_span = outlet, _span(self.text, seg)
            return
        if tok.dep_ != "prep" and any(c.dep_ == "case" for c in tok.children) and (
                tok.lemma_.lower() in self.lex.venue_nouns):
            # "informó a través de un comunicado": the preposition hangs on the noun
            if profile.venue is None:
                profile.venue, profile.venue_span = tok.text, _span(self.text, (tok.idx, tok.idx + len(tok.text)))
            return
        if tok.dep_ != "prep":
            return
        objs = [c for c in tok.children if c.dep_ == "pobj"]
        show = self._show_in(seg) if objs else None
        if show is not None:  # "on NBC's Meet the Press": the programme, and its outlet
            if profile.venue is None:
                profile.venue, profile.venue_span = show, _span(self.text, subtree_seg(objs[0]))
            if show not in outlets:
                outlets.append(show)
            return
        if objs and profile.venue is None:
            platform = self.text[subtree_seg(objs[0])[0] : subtree_seg(objs[0])[1]]
            if platform in self.lex.platforms:  # "said on Truth Social", "wrote on X"
                profile.venue, profile.venue_span = platform, _span(self.text, subtree_seg(objs[0]))
                return
        if not objs or objs[0].lemma_.lower() not in self.lex.venue_nouns:
            return
        obj = objs[0]
        first = next((t for t in obj.subtree if t.dep_ not in ("det", "poss")), obj)
        last = obj
        for child in obj.rights:
            dated = any(g.ent_type_ in ("DATE", "TIME") or self._date_word(g) for g in child.children)
            if child.dep_ == "prep" and child.lower_ in self.lex.venue_tail_preps and not dated:
                last = child.right_edge
            elif child.dep_ == "amod" and child.left_edge.i == last.i + 1:
                last = child.right_edge  # "tarjeta informativa", "conferencia matutina"
        if profile.venue is None:
            vseg = (first.idx, last.idx + len(last.text))
            profile.venue, profile.venue_span = self.text[vseg[0] : vseg[1]], _span(self.text, vseg)
        if outlet is not None:
            outlets.append(outlet)

    def _date_near(self, verb: Token, raw: RawAttribution) -> DateRef | None:
        lo, hi = verb.left_edge.idx, verb.right_edge.idx + len(verb.right_edge.text)
        taken = raw.content + raw.source
        for ent in self.ents:
            if ent.label_ != "DATE" or not (lo <= ent.start_char and ent.end_char <= hi):
                continue
            if any(s <= ent.start_char < e for s, e in taken):
                continue
            if all(t.pos_ in ("ADJ", "ADV") for t in ent):
                continue  # "her daily news conference": a frequency, not a date
            return _dateref(self.doc, ent, self.text, self.lex, self.published)
        return self._date_by_words(verb, taken) if self.lex.dates_by_words else None

    def _date_word(self, tok: Token) -> bool:
        """A weekday, month or week word used as a noun (not the modal "may")."""
        lower = tok.lower_
        named = lower in self.lex.weekday_names or lower in self.lex.month_names or (
            lower in self.lex.week_words)
        return named and tok.pos_ in ("PROPN", "NOUN")

    def _date_by_words(self, verb: Token, taken: list[Seg]) -> DateRef | None:
        """A statement date the tagger gave no DATE entity (the Spanish models have none):
        a weekday, month or week word among the words of the cue's clause outside its
        source and content ("dijo el martes", "informó en marzo"); its phrase is the date."""
        for tok in verb.subtree:
            if not self._date_word(tok) or any(s <= tok.idx < e for s, e in taken):
                continue
            if tok.ent_type_ and tok.ent_type_ not in ("DATE", "TIME", "MISC"):
                continue  # "Mayo" in a name ("Ismael “El Mayo” Zambada")
            seg = subtree_seg(tok)
            if any(s < seg[1] and seg[0] < e for s, e in taken):
                seg = (tok.idx, tok.idx + len(tok.text))
            span = _FakeEnt(self.text[seg[0] : seg[1]], seg[0], seg[1])
            return _dateref(self.doc, span, self.text, self.lex, self.published)
        return None


class _FakeEnt:
    """A date phrase found by its words, shaped like the entity `_dateref` reads."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.start_char, self.end_char = text, start, end


def _near_cue(tok: Token) -> bool:
    """The outlet follows the cue closely ("told Reuters"), a subject after the verb aside
    ("informó la Fiscalía a EFE": the inverted subject sits between the cue and the outlet)."""
    verb = tok.head
    subject = {t.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i > verb.i
               for t in c.subtree}
    gap = [t for t in verb.doc[verb.i + 1 : tok.left_edge.i] if t.i not in subject]
    return len(gap) <= 1


def _cue_dependents(verb: Token) -> list[Token]:
    """Dependents of the cue verb, and of the verb it shares its subject with ("telling …")."""
    out = list(verb.children)
    if verb.dep_ in ("advcl", "xcomp", "conj") and verb.head.i != verb.i:
        out += [c for c in verb.head.children if c.dep_ == "prep" and c.i < verb.i]
    return out


def _partitive(head: Token, lex: Lexicon) -> Token | None:
    """For "two of the officials" (head "two"), the noun after "of"."""
    if not (head.like_num or head.lower_ in lex.partitive_heads):
        return None
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ in lex.partitive_preps:
            objs = [c for c in prep.children if c.dep_ == "pobj"]
            return objs[0] if objs else None
    return None


def _is_definite(tok: Token, lex: Lexicon) -> bool:
    return any(c.dep_ == "det" and c.lower_ in lex.definite_determiners
               for c in tok.children)


def _number(tok: Token, lex: Lexicon) -> int | None:
    if tok.lower_ in lex.scale_words:
        scale = lex.scale_words[tok.lower_]
        before = [c for c in tok.lefts if c.like_num or c.lower_ in lex.number_words]
        return scale * (_number(before[-1], lex) or 1) if before else scale  # "several hundred"
    if tok.lower_ in lex.number_words:
        return lex.number_words[tok.lower_]
    try:
        return int(tok.text.replace(",", ""))
    except ValueError:
        return None


def _approximate(
    words: str, precision: str, published: dt.date, lex: Lexicon
) -> tuple[dt.date, dt.date] | None:
    """The latest named month or weekday not after publication (approximate by design)."""
    months, weekdays = lex.month_names, lex.weekday_names
    if precision == "month":
        month = next(i + 1 for i, m in enumerate(months) if m in words)
        year = published.year if month <= published.month else published.year - 1
        end_day = calendar.monthrange(year, month)[1]
        return dt.date(year, month, 1), dt.date(year, month, end_day)
    if precision == "day" and not any(m in words for m in months):
        weekday = next(i for i, d in enumerate(weekdays) if d in words)
        day = published - dt.timedelta(days=(published.weekday() - weekday) % 7)
        return day, day
    return None


def _dateref(doc: Any, ent: Any, text: str, lex: Lexicon, published: dt.date | None = None) -> DateRef:
    words = ent.text.lower()
    months = lex.month_names
    precision = "unknown"
    if any(w in words for w in lex.weekday_names) or re.search(r"\b\d{1,2}\b", words) and any(
        m in words for m in months
    ):
        precision = "day"
    elif any(m in words for m in months):
        precision = "month"
    elif any(w in words for w in lex.week_words):
        precision = "week"
    elif re.search(r"\b(1[89]|20)\d\d\b", words) or any(w in words for w in lex.year_words):
        precision = "year"
    bounds = _approximate(words, precision, published, lex) if published else None
    return DateRef(text=ent.text, span=_span(text, (ent.start_char, ent.end_char)),
                   precision=precision,  # type: ignore[arg-type]
                   start=bounds[0] if bounds else None, end=bounds[1] if bounds else None)
