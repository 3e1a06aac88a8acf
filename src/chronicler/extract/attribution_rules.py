"""Rules that find attribution relations (source, cue, content) in a parsed English Doc.

One pass over the sentences; each rule is a cheap test on a token (lemma in a
lexicon set, a dependency label) followed by reading spans off the parse:
the cue verb's subject subtree is the source, its clausal complement the
content, widened to the whole quotation when the complement is quoted.
Offsets are character offsets into `doc.text`, half-open.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from chronicler.analyse.tokens import doc_tokens
from chronicler.extract.attribution_lexicon import Lexicon
from chronicler.extract.attribution_quotes import Quote, QuoteIndex

Seg = tuple[int, int]
Token = Any  # spacy.tokens.Token
Sent = Any  # spacy.tokens.Span

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
CUE_MODIFIER_DEPS = ("aux", "auxpass", "neg", "advmod", "prt")
CONTENT_CLAUSE_DEPS = ("ccomp", "parataxis")
NOMINAL_CONTENT_DEPS = ("dobj", "pobj", "oprd", "nsubjpass", "attr")
INHERIT_SUBJECT_DEPS = ("conj", "advcl", "xcomp", "pcomp")
ASIDE_DEPS = ("relcl", "appos")
# Dependents of a cue verb after its clausal content that are about the telling.
TELLING_DEPS = ("advcl",)
OPEN_CONTENT_DEPS = ("ccomp", "xcomp", "dobj", "prep", "oprd", "parataxis")
SPEAKER_ENTS = ("PERSON", "ORG", "NORP", "GPE", "PER")  # spaCy's English and Spanish labels
DASHES = ("\u2014", "\u2015", "--", "\u2013")
TRIM = " \t\r\n,;:.\u2014-"
QUOTE_MARKS = ("\"", "\u201c", "\u201d", "''", "``")
BYLINE_DASHES = "\u2015\u2014\u2013"
CLOSING_MARKS = "\u201d\"\u2019"


@dataclass
class RawAttribution:
    """An attribution while it is being built: plain offsets plus the tokens that made it."""

    source: list[Seg]
    cue: list[Seg]
    content: list[Seg]
    sent: Sent
    rule: str
    cue_token: Token | None = None
    source_head: Token | None = None
    hedges: list[Seg] = field(default_factory=list)
    is_request: bool = False
    quotes: list[Quote] = field(default_factory=list)
    relays: list[Seg] = field(default_factory=list)  # outlets the source spoke to ("a EFE")


def tok_seg(first: Token, last: Token) -> Seg:
    return first.idx, last.idx + len(last.text)


def subtree_seg(tok: Token) -> Seg:
    return tok_seg(tok.left_edge, tok.right_edge)


def trim(text: str, seg: Seg, chars: str = TRIM) -> Seg | None:
    """Shrink a segment past spaces and clause punctuation at both ends; None when empty."""
    start, end = seg
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return (start, end) if end > start else None


def clip(seg: Seg, bounds: tuple[int, int]) -> Seg:
    """Keep a segment inside its sentence (parses sometimes hang tokens across a boundary)."""
    return max(seg[0], bounds[0]), min(seg[1], bounds[1])


def minus(seg: Seg, holes: list[Seg]) -> list[Seg]:
    """The parts of `seg` not covered by any of `holes`."""
    parts = [seg]
    for h_start, h_end in holes:
        nxt: list[Seg] = []
        for start, end in parts:
            if h_end <= start or h_start >= end:
                nxt.append((start, end))
                continue
            if start < h_start:
                nxt.append((start, h_start))
            if h_end < end:
                nxt.append((h_end, end))
        parts = nxt
    return parts


class Rules:
    """The attribution rules for one Doc (holds the text, quotes and lexicon)."""

    def __init__(
        self, doc: Any, lex: Lexicon, quotes: QuoteIndex, paras: list[Seg] | None = None,
        text: str | None = None,
    ) -> None:
        self.doc = doc
        self.text: str = doc.text if text is None else text  # Doc.text is rebuilt per access
        self.lex = lex
        self.quotes = quotes
        self.paras = paras if paras is not None else [(0, len(self.text))]
        self._para_starts = [p[0] for p in self.paras]

    def region(self, tok: Token, sent: Sent) -> tuple[int, int]:
        """The part of the sentence inside the token's paragraph (a parse may run across them)."""
        i = max(0, bisect.bisect_right(self._para_starts, tok.idx) - 1)
        p_start, p_end = self.paras[i] if self.paras else (0, len(self.text))
        return max(sent.start_char, p_start), min(sent.end_char, p_end)

    # --- cue verbs -------------------------------------------------------

    def is_cue_verb(self, tok: Token) -> bool:
        if tok.pos_ not in ("VERB", "AUX") or tok.dep_ in ("amod", "compound", "aux", "auxpass"):
            return False
        if tok.idx and self.text[tok.idx - 1] in "</":
            return False  # markup left in the text: <tweet …>
        lemma = tok.lemma_.lower()
        if lemma not in self.lex.cue_verbs:
            if lemma in self.lex.particle_verbs and any(
                c.dep_ == "prt" and c.lower_ == self.lex.particle_verbs[lemma] for c in tok.children
            ):
                return True  # "did not rule out strikes": a stance taken by the subject
            return self._reports_a_clause(tok) or self._looks_attributed(tok)
        if any(c.dep_ in ("det", "poss") for c in tok.children):
            return False  # "a tweet", "his claims": a noun the tagger took for a verb
        if lemma in self.lex.weak_verbs and any(
            c.dep_ == "aux" and c.lower_ in self.lex.infinitive_markers for c in tok.children
        ):
            return False  # "wants to see", "hopes to find": an intention, not an attribution
        # "a group called X", "known as": naming, not attributing.
        return not (tok.dep_ == "acl" and lemma in self.lex.naming_verbs)

    def _reports_a_clause(self, tok: Token) -> bool:
        """Any verb whose subject is a person or body and whose object is a 'that' clause."""
        if tok.pos_ != "VERB" or tok.lemma_.lower() in self.lex.not_cues:
            return False
        subjects = [c for c in tok.children if c.dep_ == "nsubj"]
        if not subjects or subjects[0].lower_ in self.lex.non_speaker_subjects:
            return False
        return any(c.dep_ == "ccomp" and c.i > tok.i and any(
            g.dep_ == "mark" and g.lower_ in self.lex.complementisers for g in c.children)
            for c in tok.children)

    def _looks_attributed(self, tok: Token) -> bool:
        """An open candidate: a verb outside the cue lists whose subject could be a speaker
        and which has a complement ("Rubio had strong views on …", "the report documented
        several instances …"). Only proposed when the learned filter was trained on them."""
        lex = self.lex
        if not lex.open_candidates or tok.pos_ != "VERB" or tok.lemma_.lower() in lex.closed_verbs:
            return False
        if any(c.dep_ in ("det", "poss") for c in tok.children):
            return False
        if not any(c.dep_ in OPEN_CONTENT_DEPS and c.i > tok.i for c in tok.children):
            return False
        subject = self.subject_of(tok)
        return subject is not None and self._could_speak(subject)

    def _could_speak(self, subject: Token) -> bool:
        """A person, a body, a personal pronoun ("it", "this" and "which" are not) or a noun
        the pack knows for people who speak (officials, prosecutors, the campaign)."""
        if subject.ent_type_ in SPEAKER_ENTS:
            return True
        if subject.pos_ == "PRON":
            morph = subject.morph
            return "Prs" in morph.get("PronType") and "Neut" not in morph.get("Gender")
        lex = self.lex
        lemma = subject.lemma_.lower()
        return (lemma in lex.role_nouns or lemma in lex.institution_nouns
                or lemma in lex.anonymous_nouns or lemma in lex.institutional_speakers)

    def verb_attribution(self, verb: Token, sent: Sent) -> RawAttribution | None:
        if self.quotes.inside(verb.idx) is not None:
            return None  # speech reported inside a quotation belongs to the quoted speaker
        content_tokens = self._content_tokens(verb)
        content: list[Seg] = []
        quotes: list[Quote] = []
        if content_tokens:
            content, quotes = self._widen_to_quote(self._content_segment(verb, content_tokens, sent))
            if not quotes and not any(self.text[s:e].strip(TRIM) for s, e in content):
                content = []  # 'He said:' and the complement parsed into the next paragraph
        subject = self.subject_of(verb)
        if not content:
            quote = self._adjacent_quote(verb, sent)
            if quote is not None:
                content, quotes = list(quote.segments), [quote]
            else:
                aside = self._parenthetical(verb, subject, sent) if subject is not None else None
                if aside is None:
                    return None
                content = minus(self.region(verb, sent), [aside])
        source: list[Seg] = []
        relay: tuple[int, Seg] | None = None
        if subject is not None and verb.lemma_.lower() in self.lex.raising_verbs:
            # "The option seems to be under consideration": the subject is content, not source.
            content = [(subtree_seg(subject)[0], content[-1][1])] if content else content
            subject = None
        if subject is not None:
            seg = self._outside_quotes(clip(subtree_seg(subject), self.region(verb, sent)), subject)
            src = trim(self.text, self._after_dateline(seg), " \t\r\n,")
            relay = self._relay_in(src) if src is not None else None
            if relay is not None and src is not None:
                src = trim(self.text, (src[0], relay[0]), " \t\r\n,")
            source, subject = ([src], subject) if src is not None else ([], None)
        cue = self._cue_segments(verb)
        holes = source + cue
        content = [p for s in content for p in minus(s, holes)]
        content = [t for s in content if (t := self._trim_content(s)) is not None]
        if content and not quotes:
            content[-1] = self._before_aside(content[-1])
        if not content:
            return None
        # "X seems to …": the text hedges its own claim, so the cue is also a hedge.
        hedges = cue[:] if verb.lemma_.lower() in self.lex.raising_verbs else []
        raw = RawAttribution(source, cue, content, sent, "verb", verb, subject, quotes=quotes,
                             hedges=hedges)
        if relay is not None and source:
            raw.relays.append(relay[1])
        return raw

    def _relay_in(self, seg: Seg) -> tuple[int, Seg] | None:
        """'informó la Fiscalía estatal a EFE': a parse may hang "a EFE" on the inverted subject.
        The outlet after a relay preposition at the end of the source is whom it was told to:
        (where the source stops, the outlet's segment)."""
        if not self.lex.relay_preps:
            return None
        text = self.text[seg[0] : seg[1]]
        for match in self.lex.outlet_re.finditer(text):
            if match.end() != len(text):
                continue
            words = text[: match.start()].rstrip().rsplit(None, 1)
            if len(words) == 2 and words[1].lower() in self.lex.relay_preps:
                cut = seg[0] + len(words[0])
                return cut, (seg[0] + match.start(), seg[0] + match.end())
        return None

    def _outside_quotes(self, seg: Seg, head: Token) -> Seg:
        """A subject subtree that swallowed the quotation ('“…,” Sarandon said') stops at it."""
        start, end = seg
        for quote in self.quotes.quotes_in(start, end):
            if quote.start <= head.idx < quote.end or self._is_nickname(quote.start, quote.end):
                continue
            if quote.end <= head.idx:
                start = max(start, quote.end)
            else:
                end = min(end, quote.start)
        return start, end

    def _is_nickname(self, start: int, end: int) -> bool:
        """'Ronald “Ron” Johnson', 'Joaquín “El Chapo” Guzmán': a quoted name inside a name."""
        inner = self.doc.char_span(start, end, alignment_mode="expand")
        if inner is None or len(inner) > 5 or inner.start == 0 or inner.end >= len(self.doc):
            return False
        before, after = self.doc[inner.start - 1], self.doc[inner.end]
        return before.pos_ == "PROPN" and after.pos_ == "PROPN"

    def _after_dateline(self, seg: Seg) -> Seg:
        """"MEXICO CITY (AP) — Officials": a dateline the parser hung on the subject is not the source."""
        for dash in ("\u2014", "\u2013", " -- ", " - "):
            cut = self.text.find(dash, seg[0], seg[1])
            if cut > seg[0] and self.text[seg[0] : cut].upper() == self.text[seg[0] : cut]:
                return cut + len(dash), seg[1]
        return seg

    def _parenthetical(self, verb: Token, subject: Token, sent: Sent) -> Seg | None:
        """"X, Ms. Roe said, is Y" / "..., said Ms. Roe.": the aside, whose sentence is the content."""
        if verb.lemma_.lower() not in self.lex.speech_verbs:
            return None
        if any(c.dep_ == "mark" and c.lower_ in self.lex.as_markers for c in verb.children):
            return subtree_seg(verb)  # "As the Times noted, …"
        first = min(subject.left_edge.i, verb.i)
        last = max(subject.right_edge.i, verb.i)
        for child in verb.rights:  # "…, sources told NBC News."
            if child.dep_ in ("dobj", "dative", "npadvmod", "prep") and child.left_edge.i == last + 1:
                last = child.right_edge.i
        before = self.doc[first - 1] if first > sent.start else None
        after = self.doc[last + 1] if last + 1 < sent.end else None
        if before is not None and before.text in ("\u201d", '"', "''") and before.i > sent.start:
            before = self.doc[before.i - 1]  # '…a “last resort,” sources said'
        comma_before = before is not None and before.text in (",", "\u2014", "--")
        closes = after is None or after.text in (",", ".", "—", "--", ";")
        if not (comma_before and closes):
            return None
        return tok_seg(self.doc[first], self.doc[last])

    def _content_segment(self, verb: Token, tokens: list[Token], sent: Sent) -> Seg:
        """From the complement to the end of the verb's clause, short of a following cue clause."""
        first = min(tokens, key=lambda t: t.i)
        last = max(tokens, key=lambda t: t.i)
        if first.i < verb.i:
            return clip(tok_seg(first.left_edge, last.right_edge), self.region(verb, sent))
        end = self._object_end(last) if last.dep_ in NOMINAL_CONTENT_DEPS else last.right_edge
        nominal = all(t.dep_ in NOMINAL_CONTENT_DEPS for t in tokens)
        for child in verb.rights:
            if child.i <= last.i:
                continue
            if nominal and self._is_circumstance(child):
                # "defended his endorsement this week on his show": what was defended is the
                # object ("criticized X for Y" keeps Y); when and where belong to the telling.
                break
            if child.dep_ in ("advcl", "conj", "parataxis", "ccomp") and self.is_cue_verb(child):
                break
            if (not nominal and child.dep_ in TELLING_DEPS
                    and self.doc[child.left_edge.i - 1].text == ","):
                # "says he is ready as he faces a test", "said X, compared with Y": the parse
                # hung it on the cue verb, so it says when or how it was said, not what.
                break
            if child.dep_ == "conj" and self._marked_clause(child):
                end = max(end, child.right_edge, key=lambda t: t.i)
                continue  # "said X, but that Y": a second "that" clause is said too
            if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX"):
                break  # "denies X and goes on to Y": the second predicate is the subject's own
            if child.dep_ in ("punct", "cc"):
                continue  # kept only when something follows them
            if child.dep_ in ("npadvmod", "agent", "dative"):
                continue  # when and how it was said is not what was said
            end = max(end, child.right_edge, key=lambda t: t.i)
        start = first.left_edge if first.left_edge.i > verb.i else first
        end = self._stop_before_next_cue(start, end)
        region = self.region(verb, sent)
        nxt = self.doc[end.i + 1] if end.i + 1 < len(self.doc) else None
        if nxt is not None and nxt.text in DASHES and any(
            t.text in DASHES for t in self.doc[nxt.i + 1 : sent.end]
        ):
            # "pledged to ban all Muslims — 1.6 billion people — from entering": the parser
            # often strands what follows a dashed aside; the clause runs to the sentence end.
            return region[0] if start.idx < region[0] else start.idx, region[1]
        return clip(tok_seg(start, end), region)

    def _coordinated(self, tok: Token) -> bool:
        """"X is honest, and three-quarters said Y": a clause after a coordinator (the parse
        may make the second statement a complement of the first cue)."""
        before = tok.left_edge.i - 1
        return before > 0 and self.doc[before].lower_ in self.lex.coordinators

    def _marked_clause(self, tok: Token) -> bool:
        """A clause opened by a complementiser ("that the city cannot pay")."""
        return any(g.dep_ == "mark" and g.lower_ in self.lex.complementisers for g in tok.children)

    def _is_circumstance(self, child: Token) -> bool:
        """A dependent of the cue verb saying when, where or how it was said."""
        if child.dep_ in ("npadvmod", "advmod", "advcl"):
            return True
        if child.dep_ != "prep":
            return False
        if child.lower_ in self.lex.circumstance_preps:
            return True
        return any(g.ent_type_ in ("DATE", "TIME") for g in child.children)

    def _before_aside(self, seg: Seg) -> Seg:
        """A content that ends in the reporter's aside stops before it: "said the trip was
        worthwhile, where he trails in most polls", "refused to back X, a red line for many".
        The aside is a comma-set relative clause or apposition running to the content's end."""
        if "," not in self.text[seg[0] : seg[1]]:
            return seg  # most contents: no comma, no aside (and no token walk)
        span = self.doc.char_span(*seg, alignment_mode="expand")
        if span is None or len(span) < 4:
            return seg
        last = span.end - 1
        while last > span.start and span.doc[last].is_punct:
            last -= 1
        for tok in span[2:]:
            if tok.dep_ not in ASIDE_DEPS or tok.head.i >= tok.i or tok.right_edge.i < last:
                continue
            comma = tok.left_edge.i - 1
            if (comma > span.start + 1 and span.doc[comma].text == "," and tok.head.i < comma
                    and self.quotes.inside(span.doc[comma].idx) is None):
                return seg[0], span.doc[comma].idx
        return seg

    def _object_end(self, obj: Token) -> Token:
        """The last token of a nominal content: its subtree, short of a comma-set relative
        clause or apposition ("Pope Francis, who preaches …" is the reporter's aside)."""
        for child in obj.rights:
            if child.dep_ in ("relcl", "appos", "acl") and child.left_edge.i > obj.i:
                before = self.doc[child.left_edge.i - 1]
                if before.text == "," and before.i > obj.i:
                    return self.doc[before.i - 1]
        return obj.right_edge

    def _stop_before_next_cue(self, start: Token, end: Token) -> Token:
        """"told X that Y, adding Z" / "said Y and said Z": the next cue starts its own content."""
        doc = self.doc
        for i in range(start.i + 2, end.i + 1):
            tok = doc[i]
            if tok.dep_ == "ccomp" and not self._coordinated(tok):
                continue  # "said the mayor said X" reports the inner statement
            if tok.dep_ not in ("advcl", "conj", "parataxis", "ccomp") or not self.is_cue_verb(tok):
                continue
            if tok.lemma_.lower() not in self.lex.speech_verbs or tok.lemma_.lower() in self.lex.weak_verbs:
                continue
            j = tok.left_edge.i if tok.left_edge.i < tok.i else i
            while j > start.i and (doc[j - 1].text in (",", "\u2014", "\u201d", "\"", "''")
                                   or doc[j - 1].text in self.lex.coordinators):
                j -= 1
            if j < i and j > start.i:
                return doc[j - 1]
        return end

    def _content_tokens(self, verb: Token) -> list[Token]:
        lemma = verb.lemma_.lower()
        kids = list(verb.children)
        passive = [c for c in kids if c.dep_ == "nsubjpass"]
        if passive and any(c.dep_ == "agent" for c in kids) and not any(
            c.dep_ in CONTENT_CLAUSE_DEPS for c in kids
        ):
            return passive  # "The meeting was first reported by Politico"
        clause = [c for c in kids if c.dep_ in CONTENT_CLAUSE_DEPS and c.i != verb.i] or [
            c for c in kids if c.dep_ == "advcl" and c.i > verb.i  # "asked if she believed …"
            and any(g.dep_ == "mark" and g.lower_ in self.lex.question_markers for g in c.children)
        ]
        if len(clause) > 1 and clause[0].i < verb.i < clause[-1].i and any(
            g.dep_ == "mark" and g.lower_ in self.lex.complementisers for g in clause[-1].children
        ):
            # "X was unhappy, though at the end they swore that Y": the parse hangs the
            # reporter's clause before the cue on it too; the "that" clause is what was sworn.
            clause = [c for c in clause if c.i > verb.i]
        if clause and lemma in self.lex.speech_verbs | self.lex.intent_verbs:
            return clause
        if lemma in self.lex.speech_verbs:
            # "told Megyn not to worry": what was told is the infinitive; "said no", "said so".
            told = [c for c in kids if c.i > verb.i and (
                (c.dep_ == "xcomp" and any(g.dep_ == "aux" and g.i < c.i for g in c.children))
                or c.dep_ == "intj")]
            if told:
                return told[:1]
        if lemma in self.lex.intent_verbs:
            xcomp = [c for c in kids if c.dep_ == "xcomp"]
            if xcomp:
                objs = [c for c in kids if c.dep_ == "dobj" and c.i < xcomp[0].i]
                return objs + xcomp
        if lemma in self.lex.raising_verbs:
            # "the team appeared paralyzed", "the race seems closer": how it looks to the text,
            # with the subject (verb_attribution joins it) as part of the content.
            looks = [c for c in kids if c.i > verb.i and (c.dep_ in ("acomp", "oprd", "attr") or (
                c.dep_ == "advcl" and c.tag_ == "VBN" and not any(g.dep_ == "mark" for g in c.children)))]
            if looks:
                return looks[:1]
        is_open = lemma not in self.lex.cue_verbs and lemma not in self.lex.particle_verbs
        if clause and is_open:
            return clause  # an open candidate or "warned voters that …": the clause is what
        if (lemma in self.lex.object_verbs or lemma in self.lex.candidate_verbs
                or lemma in self.lex.particle_verbs or is_open):
            objs = [c for c in kids if c.dep_ in ("dobj", "oprd", "xcomp") and c.i > verb.i]
            if objs:
                return objs
        if clause:
            return clause
        if lemma in self.lex.speech_verbs and lemma not in self.lex.addressee_verbs:
            # "The report found 12 violations", "reported the deaths": a nominal content.
            objs = [c for c in kids if c.dep_ == "dobj" and c.i > verb.i
                    and c.ent_type_ not in ("DATE", "TIME")][:1]
            if objs:
                return objs
        # "referring to X", "talked about X", "called for X": the object of the preposition.
        for prep in kids:
            if prep.dep_ == "prep" and prep.lower_ in self.lex.content_preps and prep.i > verb.i:
                objs = [g for g in prep.children if g.dep_ in ("pobj", "pcomp")]
                if objs:
                    return objs
        if lemma in self.lex.prep_verbs:
            # "is calling for the United States to step up …": the parse makes "for" a marker.
            found = [c for c in kids if c.dep_ == "advcl" and c.i > verb.i and any(
                g.dep_ == "mark" and g.lower_ in self.lex.content_preps and g.i == c.left_edge.i
                for g in c.children)][:1]
            if found:
                return found
        return self._fallback_content(verb, kids, passive) if self.lex.fallback_contents else []

    def _fallback_content(self, verb: Token, kids: list[Token], passive: list[Token]) -> list[Token]:
        """Contents PolNeAR annotates that the main rules leave out; the learned filter judges
        them (its features see the content's side and dependency)."""
        lex = self.lex
        lemma = verb.lemma_.lower()
        # "which he describes as his home", "who many had backed": the relative pronoun.
        rel = [c for c in kids if c.dep_ == "dobj" and c.i < verb.i
               and self._is_wh(c)]
        if rel:
            return rel[:1]
        # "X is considered an asset", "which is seen as …": no agent, no clause.
        if passive and passive[0].i < verb.i and (lemma in lex.speech_verbs or lemma in lex.object_verbs):
            # "The event was widely seen as testing …": what it was seen as is content too.
            after = [c for c in kids if c.i > verb.i and (c.dep_ in ("oprd", "xcomp") or (
                c.dep_ == "prep" and c.lower_ in lex.as_markers))]
            return passive[:1] + after[:1]
        if lemma in lex.speech_verbs:
            # "He said legalizing it could …": the parse makes the clause an xcomp.
            return [c for c in kids if c.dep_ == "xcomp" and c.i > verb.i][:1]
        if lemma in lex.intent_verbs:
            # "is offering her positive reviews of …": an object, with no infinitive.
            return [c for c in kids if c.dep_ == "dobj" and c.i > verb.i][:1]
        return []

    def _is_wh(self, tok: Token) -> bool:
        """A relative or interrogative pronoun ("which", "who", "what"; "que", "quien")."""
        kinds = tok.morph.get("PronType")
        return tok.lower_ in self.lex.relative_pronouns or "Rel" in kinds or "Int" in kinds

    def subject_of(self, verb: Token) -> Token | None:
        """The verb's subject, or the subject of the verb it hangs from ("..., adding that")."""
        tok = verb
        for _ in range(4):
            subjects = [c for c in tok.children if c.dep_ in ("nsubj", "csubj")]
            if subjects:
                # The nearest one: a dateline ("MEXICO CITY —") is sometimes parsed as a second subject.
                before = [c for c in subjects if c.i < tok.i]
                return before[-1] if before else subjects[0]
            for child in tok.children:
                if child.dep_ == "agent":
                    objs = [g for g in child.children if g.dep_ == "pobj"]
                    if objs:
                        return objs[0]
            if tok.dep_ == "relcl":
                return None
            if tok.dep_ not in INHERIT_SUBJECT_DEPS or tok.head.i == tok.i:
                return None
            tok = tok.head
        return None

    def _cue_segments(self, verb: Token) -> list[Seg]:
        """The cue: the verb with its adjacent auxiliaries, negation, adverbs and "in a statement"."""
        first = last = verb
        for child in reversed(list(verb.lefts)):
            if child.dep_ in CUE_MODIFIER_DEPS and child.i == first.i - 1:
                first = child
        for child in verb.rights:
            if child.i != last.i + 1:
                break
            if child.dep_ in ("prt", "neg") or (
                child.dep_ == "prep" and child.lower_ in self.lex.content_preps
                and verb.lemma_.lower() in self.lex.prep_verbs
            ):
                last = child
            elif child.dep_ == "prep" and self._is_statement_prep(child):
                last = child.right_edge
            else:
                break
        return [tok_seg(first, last)]

    def _is_statement_prep(self, prep: Token) -> bool:
        objs = [c for c in prep.children if c.dep_ == "pobj"]
        return (
            prep.lower_ in self.lex.statement_preps
            and bool(objs)
            and objs[0].lemma_.lower() in self.lex.statement_nouns
            and objs[0].right_edge.i - prep.i <= 4
        )

    def _widen_to_quote(self, seg: Seg) -> tuple[list[Seg], list[Quote]]:
        """A content that is (mostly) a quotation becomes the whole quotation, marks included."""
        quote = self.quotes.covering(*seg)
        if quote is None:
            return [seg], []
        overlap = min(quote.end, seg[1]) - max(quote.start, seg[0])
        if overlap * 2 < min(seg[1] - seg[0], quote.end - quote.start):
            return [seg], []
        if overlap * 2 >= seg[1] - seg[0] and seg[0] >= quote.start:
            return list(quote.segments), [quote]
        if quote.start <= seg[0] <= quote.start + 1 and self.text[quote.end - 2 : quote.end - 1] == ",":
            # '“We’ll see,” when asked whether …': a quote closed on a comma is the content.
            return list(quote.segments), [quote]
        return [(min(seg[0], quote.start), max(seg[1], quote.end))], [quote]

    def _adjacent_quote(self, verb: Token, sent: Sent) -> Quote | None:
        """A quotation right before the source-and-cue ('"…," he said') or right after it."""
        text = self.text
        left = verb.idx
        subject = self.subject_of(verb)
        if subject is not None and subject.i < verb.i:
            left = self._outside_quotes(subtree_seg(subject), subject)[0]
            while left < verb.idx and text[left] in " ,":
                left += 1
        before = self.quotes.covering(max(0, left - 3), left)
        if before is not None and not text[before.end : left].strip(" ,\u2014-"):
            # Only when the quote is all that precedes: 'a “last resort,” sources said' is not.
            region_start = self.region(verb, sent)[0]
            if before.start <= region_start or not text[region_start : before.start].strip():
                return before
            return None
        last = verb
        for child in verb.rights:  # "telling Breitbart London: “…”"
            if child.dep_ in ("dobj", "dative", "prt") and child.left_edge.i == last.i + 1:
                last = child.right_edge
        after_at = last.idx + len(last.text)
        tail = text[after_at : after_at + 40]
        gap = len(tail) - len(tail.lstrip(" ,:\u2014-\n"))
        after = self.quotes.inside(after_at + gap)
        if after is not None and after.start == after_at + gap:
            return after
        return None

    def _trim_content(self, seg: Seg) -> Seg | None:
        # Keep a closing quotation mark and the punctuation inside it; drop clause punctuation.
        text = self.text
        start, end = seg
        if end > start and text[end - 1] in "\u201d\"\u2019'":
            return trim(text, seg, " \t\r\n") if end > start else None
        return trim(text, (start, end))

    # --- other cue kinds -------------------------------------------------

    def according_to(self, tok: Token, sent: Sent) -> RawAttribution | None:
        """"according to X": X is the source and the rest of the clause is the content."""
        nxt = tok.nbor(1) if tok.i + 1 < len(self.doc) else None
        if nxt is None or nxt.lower_ != self.lex.according_phrase[-1]:
            return None
        objs = [c for c in nxt.children if c.dep_ == "pobj"] or [
            c for c in tok.children if c.dep_ == "pobj"
        ]
        source = [subtree_seg(objs[0])] if objs else []
        phrase_end = objs[0].right_edge if objs else nxt
        phrase = tok_seg(tok, phrase_end)
        if self.quotes.inside(tok.idx) is not None:
            return None  # the quoted speaker's sourcing, not the article's
        # The whole sentence: "according to" usually scopes over it even when the
        # parser hangs it on a conjunct.
        scope = self._local_scope(tok, sent) or (self._after_intro(sent, tok), self.region(tok, sent)[1])
        if self._new_clause_after(phrase_end, sent):
            # "Clinton leads by 271 delegates, according to X, but Sanders has vowed …": what
            # follows the phrase is the reporter's own clause.
            scope = (scope[0], min(scope[1], phrase[1]))
        content = [t for p in minus(scope, [phrase]) if (t := trim(self.text, p)) is not None]
        if not content:
            return None
        return RawAttribution(source, [tok_seg(tok, nxt)], content, sent, "according",
                              tok, objs[0] if objs else None)

    def _local_scope(self, tok: Token, sent: Sent) -> Seg | None:
        """Where "according to" sits inside a parenthesis or hangs on a relative clause, it
        sources only that: "(the real number is closer to 15 percent, according to …)",
        "the gap, which stood at 263, according to …"."""
        region = self.region(tok, sent)
        opened = self.text.rfind("(", region[0], tok.idx)
        if opened >= 0 and self.text.find(")", opened, tok.idx) < 0:
            closed = self.text.find(")", tok.idx, region[1])
            if closed > 0:
                return opened + 1, closed
        head = tok.head
        if head.dep_ == "relcl" and head.left_edge.i < tok.i:
            return clip(subtree_seg(head), region)
        return None

    def _new_clause_after(self, last: Token, sent: Sent) -> bool:
        """After a phrase ending at `last` and a comma or dash: a coordinator ("but", "and"),
        a subordinator ("although", "while") or an opening parenthesis starts a new clause."""
        i = last.i + 1
        if i >= sent.end or not (self.doc[i].text == "," or self.doc[i].text in DASHES):
            return False
        while i < sent.end and (self.doc[i].text == "," or self.doc[i].text in DASHES):
            i += 1
        if i >= sent.end:
            return False
        nxt = self.doc[i]
        return nxt.lower_ in self.lex.coordinators or nxt.dep_ == "mark" or nxt.text == "("

    def _after_intro(self, sent: Sent, tok: Token) -> int:
        """Where a sentence-wide content starts: after an introductory phrase set off by a
        comma ("Entering the final contests, Clinton leads …, according to …") or a lead-in
        ending in a colon; never past the cue itself."""
        start = self.region(tok, sent)[0]
        root = sent.root
        subjects = [c for c in root.children if c.dep_ in SUBJECT_DEPS and c.i < root.i]
        if subjects and not (subjects[0].left_edge.i <= tok.i <= subjects[0].right_edge.i):
            for child in root.children:
                if child.i >= subjects[0].i or child.i > tok.i:
                    break
                after = child.right_edge.i + 1
                marked = any(g.dep_ == "mark" for g in child.children)  # "even if …" is content
                if (child.dep_ in ("advcl", "prep", "npadvmod", "advmod") and not marked
                        and after < sent.end
                        and self.doc[after].text == "," and not child.left_edge.i <= tok.i <= after):
                    start = max(start, self.doc[after].idx + 1)
        colon = self.text.find(":", start, tok.idx)
        if colon >= 0 and self.quotes.inside(colon) is None:
            start = colon + 1
        return start

    def according_prep(self, tok: Token, sent: Sent) -> RawAttribution | None:
        """"según X", "de acuerdo con X": one preposition (or fixed expression) whose object
        is the source; the rest of the sentence is the content, as with "according to"."""
        objs = [c for c in tok.children if c.dep_ == "pobj"]
        if not objs or self.quotes.inside(tok.idx) is not None:
            return None
        last = max([tok, *(c for c in tok.children if c.dep_ == "fixed")], key=lambda t: t.i)
        cue = tok_seg(tok, last)
        end = objs[0].right_edge.idx + len(objs[0].right_edge.text)
        # the object's own words only: a parse may hang a comma or the preposition under it
        source = trim(self.text, (max(cue[1], objs[0].left_edge.idx), end))
        if source is None:
            return None
        scope = self.region(tok, sent)
        content = [t for p in minus(scope, [(cue[0], end)]) if (t := trim(self.text, p)) is not None]
        if not content:
            return None
        return RawAttribution([source], [cue], content, sent, "according", tok, objs[0])

    def finding_prep(self, tok: Token, sent: Sent) -> RawAttribution | None:
        """"In a CNN poll, Clinton led by 24 points", "Trump leads in the latest polls": the
        poll is the source, the preposition the cue and the clause it hangs on the content."""
        if tok.dep_ != "prep" or tok.lower_ not in self.lex.finding_preps:
            return None
        obj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        if obj is None or not self._is_finding(obj) or self.quotes.inside(tok.idx) is not None:
            return None
        head = tok.head
        if self.is_cue_verb(head):
            return None  # "voters said in a poll that …": the verb is the attribution
        phrase = subtree_seg(tok)
        region = self.region(tok, sent)
        if head.i == sent.root.i:
            scope = (self._after_intro(sent, tok), region[1])
        else:
            scope = clip(subtree_seg(head), region)  # "her lead in the polls"
        content = [t for p in minus(scope, [phrase]) if (t := trim(self.text, p)) is not None]
        source = trim(self.text, (subtree_seg(obj)[0], phrase[1]))
        if not content or source is None:
            return None
        return RawAttribution([source], [tok_seg(tok, tok)], content, sent, "finding", tok, obj)

    def _is_finding(self, obj: Token) -> bool:
        """A poll or survey, or an average of them ("the average of New Hampshire polls")."""
        if obj.lemma_.lower() in self.lex.finding_nouns:
            return True
        return any(c.dep_ == "prep" and c.lower_ in self.lex.partitive_preps and any(
            g.dep_ == "pobj" and g.lemma_.lower() in self.lex.finding_nouns for g in c.children)
            for c in obj.children)

    def perspective_prep(self, tok: Token, sent: Sent) -> RawAttribution | None:
        """"For most Democrats, the Clinton years remain the good old days", "To Frank, …": a
        sentence-opening preposition before a speaker and a comma; the main clause is the view."""
        if tok.dep_ != "prep" or tok.lower_ not in self.lex.perspective_preps:
            return None
        region = self.region(tok, sent)
        if self.text[region[0] : tok.idx].strip(" \t\r\n\"\u201c"):
            return None  # only where the sentence opens with it
        obj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        head = tok.head
        if obj is None or head.i != sent.root.i or not self._could_speak(obj):
            return None
        # the comma itself, when the parse hangs it on the object (Spanish), or right after it
        after = obj.right_edge.i + (0 if obj.right_edge.text == "," else 1)
        if after >= sent.end or self.doc[after].text != "," or self.quotes.inside(tok.idx) is not None:
            return None
        content = trim(self.text, (self.doc[after].idx + 1, region[1]))
        source = trim(self.text, (subtree_seg(obj)[0], self.doc[after].idx))
        if content is None or source is None:
            return None
        return RawAttribution([source], [tok_seg(tok, tok)], [content], sent, "perspective", tok, obj)

    def colon_cue(self, sent: Sent) -> RawAttribution | None:
        """Headline and transcript style: "Pat Caddell: Voters are worried", "SMITH: We won't"."""
        if ":" not in doc_tokens(self.doc).words[sent.start : sent.start + 8]:
            return None  # the loop below returns at its first colon: no colon, no label
        for tok in sent[: min(len(sent), 8)]:
            if tok.text != ":":
                continue
            first = sent.start
            if self.doc[first].text in QUOTE_MARKS:
                first += 1  # a transcript inside a quotation: '"WALLACE: Let's start …'
            if tok.i <= first:
                return None
            before = self.doc[first : tok.i]
            region = self.region(tok, sent)
            para_end = self.paras[bisect.bisect_right(self._para_starts, tok.idx) - 1][1]
            # The parser often ends a sentence at a headline colon ("Rubio: I Still Believe …").
            if tok.i + 1 >= sent.end and (region[0] != before.start_char or para_end <= sent.end_char):
                return None
            if not self._is_speaker_label(before, opens_paragraph=region[0] == before.start_char):
                return None
            # A transcript turn runs to the end of its paragraph, across sentences.
            end = para_end if region[0] == before.start_char else region[1]
            content = trim(self.text, (tok.idx + 1, end), " \t\r\n")
            if content is None or len(self.text[content[0] : content[1]].split()) < 3:
                return None  # "Clinton: 547." is a tally, not a statement
            if before.text.upper() in self.lex.not_speaker_labels:
                return None
            return RawAttribution([(before.start_char, before.end_char)], [(tok.idx, tok.idx + 1)],
                                  [content], sent, "colon", tok, before.root)
        return None

    def _is_speaker_label(self, before: Sent, opens_paragraph: bool = False) -> bool:
        if len(before) == 1 and before[0].lemma_.lower() in self.lex.document_nouns:
            return True  # "Report: …", "Poll: …"
        if len(before) > 6 or any(t.pos_ in ("VERB", "AUX") for t in before):
            return False
        if any(e.label_ in ("PERSON", "ORG") for e in before.ents):
            return True
        words = [t for t in before if t.is_alpha]
        if opens_paragraph and 0 < len(words) <= 4 and all(t.is_title or t.is_upper for t in words):
            return True  # a headline's speaker the tagger took for a common noun ("Cruz: …")
        return bool(words) and all(t.pos_ == "PROPN" or t.is_upper for t in words)

    def claim_noun(self, tok: Token, sent: Sent) -> RawAttribution | None:
        """"the report that …", "Trump's claim that …", "allegations of fraud"."""
        lemma = tok.lemma_.lower()
        if tok.pos_ != "NOUN" or (lemma not in self.lex.claim_nouns and lemma not in self.lex.intent_nouns):
            return None
        clause = [c for c in tok.children if c.dep_ in ("acl", "ccomp", "relcl")
                  and any(g.lower_ in self.lex.complementisers and g.dep_ == "mark" for g in c.children)]
        if not clause and lemma in self.lex.intent_nouns:
            # "his refusal to stand", "a proposal to ban", "calls to boycott": an infinitive.
            clause = [c for c in tok.rights if c.dep_ in ("acl", "relcl") and c.i <= tok.i + 3
                      and any(g.dep_ == "aux" and g.lower_ in self.lex.infinitive_markers and g.i < c.i
                              for g in c.children)]
        cue_end = tok
        if not clause and lemma in self.lex.prep_nouns:
            # "allegations of fraud", "questions about her emails", "support for the wall"
            preps = [c for c in tok.rights if c.dep_ == "prep" and c.i == tok.i + 1
                     and c.lower_ in self.lex.content_preps]
            clause = [g for p in preps for g in p.children if g.dep_ in ("pobj", "pcomp")][:1]
            cue_end = preps[0] if clause else tok
        if not clause:
            return None
        if self.quotes.inside(tok.idx) is not None:
            return None
        content = trim(self.text, clip(subtree_seg(clause[0]), self.region(tok, sent)))
        if content is None:
            return None
        owners = [c for c in tok.lefts if c.dep_ in ("poss", "compound") or c.ent_type_]
        source = [tok_seg(tok.left_edge, self.doc[tok.i - 1])] if owners else []
        return RawAttribution(source, [tok_seg(tok, cue_end)], [content], sent,
                              "noun", tok, owners[0] if owners else None)

    def adjective_attribution(self, adj: Token, sent: Sent) -> RawAttribution | None:
        """"The governor is confident that …", "Voters are worried about …", "It is unclear whether …"."""
        be = adj.head
        if adj.dep_ != "acomp" or adj.lemma_.lower() not in self.lex.cue_adjectives:
            return None
        if be.lemma_.lower() not in self.lex.copulas:
            return None
        if self.quotes.inside(adj.idx) is not None:
            return None
        content_heads = [c for c in adj.children if c.dep_ in ("ccomp", "xcomp") and c.i > adj.i]
        cue_end = adj
        if not content_heads:
            preps = [c for c in adj.children if c.dep_ == "prep" and c.i == adj.i + 1
                     and c.lower_ in self.lex.adjective_preps]
            content_heads = [g for p in preps for g in p.children if g.dep_ in ("pobj", "pcomp")][:1]
            cue_end = preps[0] if content_heads else adj
        if not content_heads:  # "It is unclear whether …": the clause hangs on the verb
            content_heads = [c for c in be.children if c.dep_ == "ccomp" and c.i > adj.i]
        if not content_heads:
            return None
        region = self.region(adj, sent)
        content = trim(self.text, clip(subtree_seg(content_heads[0]), region))
        if content is None:
            return None
        subject = next((c for c in be.children if c.dep_ == "nsubj" and c.i < be.i), None)
        source: list[Seg] = []
        # "it is unclear": the expletive is no source (English; Spanish drops it)
        if subject is not None and subject.lower_ not in self.lex.expletive_subjects:
            src = trim(self.text, clip(subtree_seg(subject), region), " \t\r\n,")
            source = [src] if src is not None else []
        else:
            subject = None
        first = min([be] + [c for c in be.children if c.dep_ in ("neg", "aux") and c.i < adj.i],
                    key=lambda t: t.i)
        cue = [tok_seg(first if first.i < adj.i else adj, cue_end)]
        return RawAttribution(source, cue, [content], sent, "adjective", adj, subject)

    def labelled_quotes(self) -> list[RawAttribution]:
        """Digest style: 'Media shares blame - HuffPollster: “…”', 'More from the report: “…”'.

        A quotation right after "<label>:", where the label runs back to a dash or the
        paragraph start and names a speaker (pack prefixes such as "more from" are dropped)."""
        found: list[RawAttribution] = []
        text = self.text
        for quote in self.quotes.quotes:
            colon = len(text[: quote.start].rstrip(" \xa0")) - 1
            if colon <= 0 or text[colon] != ":":
                continue
            p_start = self.paras[max(0, bisect.bisect_right(self._para_starts, colon) - 1)][0]
            head = text[p_start:colon]
            cut = max(head.rfind(d) for d in (" - ", " -", "\u2014", "\u2013")) if head else -1
            label_at = p_start + (cut + 1 if cut >= 0 else 0)
            label = trim(text, (label_at, colon), " \t\r\n\xa0-\u2014\u2013")
            if label is None:
                continue
            words = text[label[0] : label[1]].lower()
            for prefix in sorted(self.lex.colon_label_prefixes, key=len, reverse=True):
                if words.startswith(prefix + " "):
                    label = (label[0] + len(prefix) + 1, label[1])
                    break
            span = self.doc.char_span(*label, alignment_mode="expand")
            if span is None or not len(span) or span.start_char < label_at:
                continue
            if not self._is_speaker_label(span, opens_paragraph=label_at == p_start):
                continue
            found.append(RawAttribution([label], [(colon, colon + 1)], list(quote.segments), span.sent,
                                        "colon", None, span.root, quotes=[quote]))
        return found

    def dash_bylines(self) -> list[RawAttribution]:
        """Quotes signed with a dash, one to a line: '“Fear. I am truly afraid …” ― Edwin Monroy'."""
        found: list[RawAttribution] = []
        text = self.text
        for p_start, p_end in self.paras:
            line = text[p_start:p_end]
            close = max(line.rfind(m) for m in CLOSING_MARKS)
            if close <= 0:
                continue
            tail = line[close + 1 :]
            stripped = tail.lstrip(" \xa0")
            if not stripped or stripped[0] not in BYLINE_DASHES:
                continue
            name_at = p_start + close + 1 + (len(tail) - len(stripped))
            source = trim(text, (name_at + 1, p_end), " \t\r\n\xa0.")
            if source is None or not self._is_signature(text[source[0] : source[1]]):
                continue
            content = trim(text, (p_start, p_start + close + 1), " \t\r\n\xa0")
            span = self.doc.char_span(name_at, name_at + 1, alignment_mode="expand")
            name = self.doc.char_span(*source, alignment_mode="expand")
            if content is None or span is None or not len(span) or name is None or not len(name):
                continue
            found.append(RawAttribution([source], [(name_at, name_at + 1)], [content], span.sent,
                                        "byline", span[0], name.root))
        return found

    @staticmethod
    def _is_signature(name: str) -> bool:
        words = name.split()
        return 0 < len(words) <= 5 and all(w[0].isupper() for w in words if w[0].isalpha())
