"""Attribution and sourcing: who says so, through which outlets, how hedged.

`find_attributions(doc)` returns every attribution relation of a parsed English
Doc as `records.Attribution` (source / cue / content spans plus a source
profile and outlet chain). The pipeline component "attribution" runs it once
per document and links each event to the attribution that asserts it.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterator
from typing import Any

from chronicler.analyse.tokens import doc_tags, doc_text, doc_tokens
from chronicler.errors import ChroniclerError, E
from chronicler.extract.attribution_document import (
    asserts_for_reporter,
    names_event,
    reconcile,
    relay_chain,
)
from chronicler.extract.attribution_lexicon import Lexicon, load_lexicon
from chronicler.extract.attribution_model import candidate_features, context_features, load_model
from chronicler.extract.attribution_profile import ProfileBuilder, home_outlet
from chronicler.extract.attribution_quotes import QuoteIndex, find_quotes, paragraphs
from chronicler.extract.attribution_rules import RawAttribution, Rules, Seg, minus, trim
from chronicler.pipeline import DocContext, component
from chronicler.records import Attribution, Event, SourceProfile, Span

__all__ = ["find_attributions", "candidate_rules", "attributions_for_text", "link_events", "reporter_attribution"]

def find_attributions(
    doc: Any, home: str | None = None, published: dt.date | None = None, language: str = "en",
    relayed: list[Attribution] | None = None,
) -> list[Attribution]:
    """Every attribution in `doc`; `home` is the publishing outlet when known.

    With `published`, statement dates ("in March", "on Tuesday") get an approximate
    start/end: the latest such month or weekday not after publication.
    With `relayed`, it also receives the statements an outlet relays inside its own
    report ("Six officials told NBC News that …, The Independent reported"), which the
    learned filter drops because PolNeAR-style annotation keeps only the outer one: the
    events need them for their source and whole outlet chain. They are not in the result.
    """
    if len(doc) and not doc.has_annotation("DEP"):
        raise ChroniclerError(E.MODEL_BROKEN, model=doc.lang_,
                              detail="attribution needs a model with a dependency parser")
    lex = load_lexicon(language)
    rules = candidate_rules(doc, lex)
    text, paras = rules.text, rules.paras
    found = _find_raw(doc, rules)
    kept = _filter(found, lex, text, language)
    raws = _drop_nested(kept, lex)
    _attach_continued_quotes(raws, rules, paras)
    _add_hedges(raws, doc, lex, rules)
    _mark_requests(raws, doc, lex)
    builder = ProfileBuilder(doc, lex, home or home_outlet(text, lex), published, text)
    raws.sort(key=lambda r: (r.cue[0] if r.cue else (r.sent.start_char, 0)))
    attributions = [builder.build(raw) for raw in raws]
    _take_cited_sources(raws, attributions, builder, lex)
    attributions = reconcile(attributions, doc, lex)
    for attr in attributions:
        attr.reports_events = not asserts_for_reporter(attr, doc, lex)
    if relayed is not None:
        kept_ids = {id(r) for r in kept}
        inner = [r for r in found if id(r) not in kept_ids and _inner_statement(r, lex)]
        relayed.extend(_relayed_statements(inner, attributions, builder))
    return attributions


def _inner_statement(raw: RawAttribution, lex: Lexicon) -> bool:
    """A speech verb with its own subject and content ("six officials told NBC News that")."""
    tok = raw.cue_token
    return (raw.rule == "verb" and tok is not None and bool(raw.source) and bool(raw.content)
            and tok.lemma_.lower() in lex.speech_verbs
            and any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children))


def _relayed_statements(
    inner: list[RawAttribution], attributions: list[Attribution], builder: ProfileBuilder
) -> list[Attribution]:
    """The inner statements inside an outlet's report, each with the outlet's chain first."""
    out: list[Attribution] = []
    for raw in inner:
        start = raw.cue[0][0]
        outer = [a for a in attributions if a.source and len(a.outlets) > 1
                 and any(s.start <= start < s.end for s in a.content)]
        if not outer:
            continue
        attr = builder.build(raw)
        attr.outlets = relay_chain(min(outer, key=_content_length).outlets, attr.outlets)
        out.append(attr)
    return out


def _content_length(attr: Attribution) -> int:
    return sum(s.end - s.start for s in attr.content)


def _take_cited_sources(
    raws: list[RawAttribution], attributions: list[Attribution], builder: ProfileBuilder,
    lex: Lexicon,
) -> None:
    """"Citing two officials, Reuters reported that …", "NBC News, which cited six
    officials, …": the report rests on whom it cites. An attribution whose cue or source
    has a citing verb hanging on it (`citing_verbs`), or that is that citing verb itself,
    takes the cited source's profile (its own venue and date kept) and keeps its chain."""
    for raw, attr in zip(raws, attributions, strict=True):
        tok = raw.cue_token
        if tok is None or raw.rule not in ("verb", "according") or attr.is_request:
            continue
        citing = [c for c in tok.children if c.dep_ in ("advcl", "xcomp", "acl", "conj")]
        # "NBC News reported, citing four officials, that …": parsed onto the reported clause
        citing += [g for c in tok.children if c.dep_ == "ccomp" for g in c.children
                   if g.dep_ == "advcl" and tok.i < g.i < c.i]
        if raw.source_head is not None:
            citing += [c for c in raw.source_head.children if c.dep_ in ("acl", "relcl", "appos")]
        if raw.rule == "verb":
            citing.append(tok)
        for verb in citing:
            if verb.lemma_.lower() not in lex.citing_verbs:
                continue
            cited = builder.cited_profile(verb, raw)
            if cited is not None:
                cited.venue, cited.venue_span = attr.profile.venue, attr.profile.venue_span
                cited.statement_date = attr.profile.statement_date
                attr.profile = cited
                break


def candidate_rules(doc: Any, lex: Lexicon) -> Rules:
    """The rules for one Doc (its quotations and paragraphs found once)."""
    text: str = doc_text(doc)  # spaCy rebuilds Doc.text on every access
    paras = paragraphs(text)
    return Rules(doc, lex, QuoteIndex(find_quotes(text, paras)), paras, text)


def _filter(
    raws: list[RawAttribution], lex: Lexicon, text: str, language: str = "en"
) -> list[RawAttribution]:
    """Drop the candidates the learned model finds unlikely (all kept without a model)."""
    model = load_model(language)
    if model is None:
        return raws
    context = context_features(raws, lex)
    return [r for r, extra in zip(raws, context, strict=True)
            if _is_request(r, lex) or model.keep(candidate_features(r, lex, text) + extra)]


def _is_request(raw: RawAttribution, lex: Lexicon) -> bool:
    """"did not respond to a request for comment": kept whatever the filter says (the filter
    learned what PolNeAR annotates; a request for comment matters here for the events)."""
    lemma = raw.cue_token.lemma_.lower() if raw.cue_token is not None else ""
    if lemma not in lex.request_cues:
        return False
    sent_text = doc_text(raw.sent.doc)[raw.sent.start_char : raw.sent.end_char]  # Span.text joins tokens
    lower = sent_text.lower()
    return (any(w in lower for w in lex.request_comment_words)
            and lex.request_re.search(sent_text) is not None)


def _find_raw(doc: Any, rules: Rules) -> list[RawAttribution]:
    found: list[RawAttribution] = rules.dash_bylines()
    labelled = rules.labelled_quotes()
    colons = {r.cue[0][0] for r in labelled}
    found += labelled
    for sent in doc.sents:
        colon = rules.colon_cue(sent)
        if colon is not None and colon.cue[0][0] not in colons:
            found.append(colon)
        for i, rule in _cue_candidates(doc, rules.lex, sent.start, sent.end):
            raw: RawAttribution | None = None
            tok = doc[i]
            if rule == "according":
                raw = rules.according_to(tok, sent)
            elif rule == "prep":
                raw = rules.according_prep(tok, sent)
            elif rule == "finding":
                raw = rules.finding_prep(tok, sent)
                if raw is None and tok.lower_ in rules.lex.perspective_preps:
                    raw = rules.perspective_prep(tok, sent)
            elif rule == "perspective":
                raw = rules.perspective_prep(tok, sent)
            elif rule == "verb":
                if rules.is_cue_verb(tok):
                    raw = rules.verb_attribution(tok, sent)
            elif rule == "noun":
                raw = rules.claim_noun(tok, sent)
            else:
                raw = rules.adjective_attribution(tok, sent)
            if raw is not None:
                found.append(raw)
    return found


def _cue_candidates(doc: Any, lex: Lexicon, start: int, end: int) -> Iterator[tuple[int, str]]:
    """The tokens of doc[start:end] that can start an attribution, with the rule that tries
    them first, read from plain label lists (building every `Token` cost more than the rules).
    Each test is the opening test of its rule: a token that fails it yields nothing there."""
    lower, tags = doc_tokens(doc).lower, doc_tags(doc)
    pos, dep, lemma = tags.pos, tags.dep, tags.lemma
    according = lex.according_phrase[0] if lex.according_phrase else None
    for i in range(start, end):
        p = pos[i]
        if lower[i] == according:
            yield i, "according"
        elif lemma[i] in lex.according_preps and dep[i] == "prep":
            yield i, "prep"
        elif lower[i] in lex.finding_preps:  # 'In a CNN poll, ...'
            yield i, "finding"
        elif lower[i] in lex.perspective_preps:  # 'For most Democrats, ...'
            yield i, "perspective"
        elif p in ("VERB", "AUX"):
            if dep[i] not in ("amod", "compound", "aux", "auxpass"):  # is_cue_verb's own test
                yield i, "verb"
        elif p == "NOUN":
            if lemma[i] in lex.claim_nouns or lemma[i] in lex.intent_nouns:
                yield i, "noun"
        elif p == "ADJ" and dep[i] == "acomp" and lemma[i] in lex.cue_adjectives:
            yield i, "adjective"


def _is_weak(raw: RawAttribution, lex: Lexicon) -> bool:
    tok = raw.cue_token
    if raw.rule in ("noun", "hedge"):
        return True
    return raw.rule == "verb" and tok is not None and tok.lemma_.lower() in lex.weak_verbs


def _drop_nested(raws: list[RawAttribution], lex: Lexicon) -> list[RawAttribution]:
    """One attribution per stretch of text: a cue inside another's content is resolved.

    ("Officials said they believe X": the speech verb wins and "believe" is part of
    what they said; a weak outer cue such as "wants" gives way to an inner "said".)
    Stance verbs used as modifiers ("a group backing X") are dropped.
    """
    dropped: set[int] = set()
    for inner in raws:
        tok = inner.cue_token
        if tok is None:
            continue
        if tok.dep_ == "acl" and _is_weak(inner, lex):
            dropped.add(id(inner))
            continue
        for outer in raws:
            if outer is inner or id(outer) in dropped:
                continue
            if any(s <= tok.idx < e for s, e in outer.content):
                if _own_speaker(inner):
                    continue  # "…, a trip he said defied expectations": both are kept
                loser = outer if (_is_weak(outer, lex) and not _is_weak(inner, lex)) or (
                    outer.cue_token is not None and names_event(outer.cue_token, lex)) else inner
                dropped.add(id(loser))
                if loser is inner:
                    break
    return [r for r in raws if id(r) not in dropped]


def _own_speaker(raw: RawAttribution) -> bool:
    """An inner attribution whose clause names its own speaker ("which he declared a
    disaster", "…, and three-quarters said the same", "officials said they believe …"):
    PolNeAR annotates it beside the outer one, and the filter has seen both."""
    tok = raw.cue_token
    if tok is None or raw.rule != "verb":
        return False
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)


def _attach_continued_quotes(
    raws: list[RawAttribution], rules: Rules, paras: list[Seg]
) -> None:
    """'"A," she said. "B."' — a quote that fills its own sentence continues the last speaker.

    A quote that opens the next paragraph continues it too, when the speaker's
    attribution was itself a quotation (newspaper style for long quotes). A quote right
    after a paraphrase ('X, she says. "Z."', 'promised that X. "Z."') continues that one
    when no earlier quoting speaker reaches it.
    """
    covered = [seg for r in raws for seg in r.content]
    by_cue = sorted((r for r in raws if r.cue and not r.is_request), key=lambda r: r.cue[0])
    para_starts = [s for s, _ in paras]
    for quote in rules.quotes.quotes:
        if any(s < quote.end and quote.start < e for s, e in covered):
            continue
        p_index = bisect.bisect_right(para_starts, quote.start) - 1
        after_colon = p_index >= 1 and quote.start == paras[p_index][0] and (
            rules.text[: paras[p_index - 1][1]].rstrip().endswith(":")
        )
        if not _fills_sentences(rules, quote.start, quote.end):
            continue
        owner = _last_before(by_cue, quote.start, any_content=after_colon)
        if owner is None or not _reaches(owner, quote.start, paras, p_index):
            # 'X, she says. "Z."': a quotation right after a paraphrase continues it.
            owner = _adjacent_owner(by_cue, rules.text, quote.start)
            if owner is None or not _reaches(owner, quote.start, paras, p_index):
                continue
        owner.content.extend(quote.segments)
        owner.quotes.append(quote)
        covered.extend(quote.segments)


def _reaches(owner: RawAttribution, start: int, paras: list[Seg], p_index: int) -> bool:
    """The owner ends in the quotation's paragraph, or in the one before when the quotation
    opens its paragraph."""
    owner_end = max(e for _, e in owner.content + owner.cue)
    same_para = p_index >= 0 and owner_end >= paras[p_index][0]
    return same_para or (p_index >= 1 and owner_end >= paras[p_index - 1][0]
                         and start == paras[p_index][0])


def _adjacent_owner(raws: list[RawAttribution], text: str, offset: int) -> RawAttribution | None:
    """The attribution that ends right before `offset`, only a sentence's closing punctuation
    and spaces between ('X, she says. "Z."'): the quotation continues its words."""
    found = None
    for raw in raws:
        if raw.cue[0][0] >= offset:
            break
        end = max(e for _, e in raw.content + raw.cue + raw.source)
        if end <= offset and not text[end:offset].strip(" .!?,:;\n\r\t"):
            found = raw
    return found


def _last_before(
    raws: list[RawAttribution], offset: int, any_content: bool = False
) -> RawAttribution | None:
    """The last attribution before `offset` whose content holds a quotation (or any, after
    a paragraph that ends with a colon: 'she said:' then the quoted paragraph)."""
    found = None
    for raw in raws:
        if raw.cue[0][0] >= offset:
            break
        if raw.quotes or any_content:
            found = raw
    return found


def _fills_sentences(rules: Rules, start: int, end: int) -> bool:
    text = rules.text
    before = text[max(0, start - 3) : start].rstrip()
    after = text[end : end + 1]
    return (not before or before[-1] in ".!?,:\u201d\"") and (not after or after.isspace())


def _add_hedges(raws: list[RawAttribution], doc: Any, lex: Lexicon, rules: Rules) -> None:
    """Hedges join the attributions of their sentence, or stand alone without a source."""
    text = rules.text
    by_sent: dict[int, list[RawAttribution]] = {}
    for raw in raws:
        if raw.cue_token is None or not names_event(raw.cue_token, lex):
            by_sent.setdefault(raw.sent.start_char, []).append(raw)
    for match in lex.hedge_re.finditer(text):
        seg = (match.start(), match.end())
        sent = doc.char_span(seg[0], seg[1], alignment_mode="expand")
        if sent is None:
            continue
        sent = sent.sent
        if rules.quotes.inside(seg[0]) is not None:
            continue  # a hedge inside a quotation is the speaker's, not the reporter's
        owners = by_sent.get(sent.start_char, [])
        if owners:
            for raw in owners:
                raw.hedges.append(seg)
            continue
        content = [t for p in minus((sent.start_char, sent.end_char), [seg])
                   if (t := trim(text, p)) is not None]
        if content:
            raw = RawAttribution([], [seg], content, sent, "hedge", hedges=[seg])
            raws.append(raw)
            by_sent[sent.start_char] = [raw]


def _mark_requests(raws: list[RawAttribution], doc: Any, lex: Lexicon) -> None:
    """Requests for comment (and refusals to comment) are not claims about events."""
    for raw in raws:
        if _is_request(raw, lex):
            raw.is_request = True


def reporter_attribution(home: str | None = None) -> Attribution:
    """The text itself asserts it: no source, cue or content span (its outlet when known)."""
    return Attribution(profile=SourceProfile(kind="reporter", name=home),
                       outlets=[home] if home else [])


def attributions_for_text(text: str, nlp: Any = None) -> list[Attribution]:
    """Parse `text` (unchanged, so offsets stay valid) and find its attributions."""
    if nlp is None:
        from chronicler.analyse.nlp import load_nlp

        nlp = load_nlp()
    return find_attributions(nlp(text))


# --- linking events -----------------------------------------------------


def _covers(spans: list[Span], start: int, end: int) -> bool:
    return any(s.start <= start and end <= s.end for s in spans)


def link_events(
    events: list[Event], attributions: list[Attribution], doc: Any, home: str | None = None,
    language: str = "en",
) -> None:
    """Give each event the attribution that asserts it (the reporter when none does)."""
    lex = load_lexicon(language)
    claims = [a for a in attributions  # relayed statements come without the flag set
              if not a.is_request and a.reports_events and not asserts_for_reporter(a, doc, lex)]
    paras = paragraphs(doc_text(doc))
    chosen_for: dict[str, Attribution | None] = {
        ev.id: _attribution_for(ev, claims, doc, paras) for ev in events
    }
    for ev in events:
        chosen = _same_claim_source(ev, chosen_for, events)
        hedges = [h for a in attributions for h in a.hedges
                  if ev.sentence.start <= h.start < ev.sentence.end]
        if chosen is None:
            chosen = reporter_attribution(home)
        if hedges:
            known = {(h.start, h.end) for h in chosen.hedges}
            extra = [h for h in hedges if (h.start, h.end) not in known]
            chosen = chosen.model_copy(update={"hedges": chosen.hedges + extra})
        ev.attribution = chosen


def _is_secondhand(attr: Attribution | None) -> bool:
    """Only a hedge ("reportedly") or only the outlet that reported it ("the news outlet
    reported"): the claim came from further back than this sentence says."""
    if attr is None:
        return False
    profile = attr.profile
    if profile.kind == "unresolved" and not attr.source and attr.hedges:
        return True
    return profile.kind == "named_organisation" and profile.name in attr.outlets


def _deeper(attr: Attribution) -> bool:
    return attr.profile.kind in ("anonymous", "named_person", "document") or (
        attr.profile.kind == "named_organisation" and attr.profile.name not in attr.outlets
    )


def _same_claim_source(
    ev: Event, chosen_for: dict[str, Attribution | None], events: list[Event]
) -> Attribution | None:
    """A second-hand mention of a claim takes the source the article gives for the same
    claim elsewhere (the same type and mode, relayed through the same outlet)."""
    chosen = chosen_for[ev.id]
    if not _is_secondhand(chosen):
        return chosen
    assert chosen is not None
    for other in events:
        found = chosen_for.get(other.id)
        if other is ev or found is None or not _deeper(found):
            continue
        if (other.event_type, other.mode) != (ev.event_type, ev.mode):
            continue
        outlets = set(chosen.outlets) - set(found.outlets)
        if not outlets:  # every outlet it names is on the deeper source's chain
            return found.model_copy(update={"confidence": min(found.confidence, 0.6)})
    return chosen


def _attribution_for(
    ev: Event, claims: list[Attribution], doc: Any, paras: list[Seg]
) -> Attribution | None:
    t_start, t_end = ev.trigger.start, ev.trigger.end
    inside = [a for a in claims if _covers(a.content, t_start, t_end)]
    if inside:
        # The innermost (shortest) content is the nearest speaker.
        return min(inside, key=lambda a: sum(s.end - s.start for s in a.content))
    s_start, s_end = ev.sentence.start, ev.sentence.end
    same = [a for a in claims if a.cue and s_start <= a.cue[0].start < s_end]
    if same:
        return _governing(same, doc, t_start, t_end)
    # News convention: an attribution at the end of a paragraph covers what precedes it.
    para = next(((s, e) for s, e in paras if s <= t_start < e), None)
    if para is None:
        return None
    later = [a for a in claims if a.cue and a.source and s_end <= a.cue[0].start < para[1]]
    if later:
        return later[0].model_copy(update={"confidence": min(later[0].confidence, 0.6)})
    return None


def _governing(same: list[Attribution], doc: Any, t_start: int, t_end: int) -> Attribution | None:
    """The sentence's attribution whose cue governs the trigger in the parse.

    A trigger that is itself a cue or sits in a source ("Mexico rejected the request")
    is asserted by the text, not by that source.
    """
    if any(_covers(a.cue + a.source, t_start, t_end) for a in same):
        return None
    trigger = doc.char_span(t_start, t_end, alignment_mode="expand")
    if trigger is None or not len(trigger):
        return same[0]
    ancestors = {t.i for t in trigger.root.ancestors}
    for attr in same:
        cue = doc.char_span(attr.cue[0].start, attr.cue[0].end, alignment_mode="expand")
        if cue is not None and any(t.i in ancestors for t in cue):
            return attr
    return same[0]


@component("attribution", requires=("doc", "events"), assigns=("attributions", "events.attribution"))
def make_attribution_component() -> Any:
    def attribution(ctx: DocContext) -> None:
        if ctx.doc is None:
            return
        lex = load_lexicon(ctx.language)
        home = ctx.outlet or ctx.scratch.get("outlet") or home_outlet(ctx.text, lex)
        relayed: list[Attribution] = []
        found = find_attributions(
            ctx.doc, home=home, published=ctx.published, language=ctx.language, relayed=relayed
        )
        ctx.attributions = sorted(found + relayed, key=lambda a: a.cue[0].start if a.cue else -1)
        link_events(ctx.events, ctx.attributions, ctx.doc, home=home, language=ctx.language)

    return attribution
