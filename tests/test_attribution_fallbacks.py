"""Attribution: contents the main rules leave out, event-naming cues, continued quotes.

Sentences written for these tests. Candidate tests read the rules' proposals before the
learned filter (so a retrained filter does not change them); end-to-end tests run the
pipeline.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from chronicler.analyse.nlp import load_nlp
from chronicler.extract import attribution as attribution_mod
from chronicler.extract.attribution_document import asserts_for_reporter, names_event
from chronicler.extract.attribution_lexicon import load_lexicon
from chronicler.lang import load_pack
from chronicler.pipeline import Input, Pipeline
from chronicler.records import Attribution, Span


@pytest.fixture(scope="module")
def nlp() -> Any:
    return load_nlp()


def candidates(nlp: Any, text: str, fallbacks: bool = True) -> dict[str, list[str]]:
    """Cue text -> content texts of every candidate the rules propose."""
    doc = nlp(text)
    lex = dataclasses.replace(load_lexicon(), fallback_contents=fallbacks)
    raws = attribution_mod._find_raw(doc, attribution_mod.candidate_rules(doc, lex))
    return {" ".join(text[s:e] for s, e in r.cue): [text[s:e] for s, e in r.content] for r in raws}


def test_a_relative_pronoun_object_is_the_content(nlp: Any) -> None:
    found = candidates(nlp, "The governor toured Monterrey, which he describes as his second home.")
    assert found.get("describes") == ["which"]


def test_fallback_contents_only_come_with_a_learned_filter(nlp: Any) -> None:
    text = "The governor toured Monterrey, which he describes as his second home."
    assert "describes" not in candidates(nlp, text, fallbacks=False)
    for language in ("en", "es"):
        assert load_lexicon(language).fallback_contents == load_pack(language).has("attribution_cue_model")


def test_a_passive_cue_without_agent_takes_its_subject_and_what_it_is_seen_as(nlp: Any) -> None:
    found = candidates(nlp, "The walkout is considered one of the largest strikes in the company's history.")
    assert found.get("is considered") == ["The walkout", "one of the largest strikes in the company's history"]
    found = candidates(nlp, "The navy is widely seen as the most trusted force in the region.")
    content = found.get("is widely seen")
    assert content is not None and content[0] == "The navy"
    assert content[1].endswith("the most trusted force in the region")


def test_an_intent_verb_with_only_an_object(nlp: Any) -> None:
    found = candidates(nlp, "The governor is offering her support for the new police force.")
    assert found.get("is offering") == ["her support for the new police force"]


def test_a_speech_verb_whose_clause_is_parsed_as_xcomp(nlp: Any) -> None:
    text = "He said legalizing it could put thousands of people to work in the northern valleys."
    assert candidates(nlp, text).get("said") == [
        "legalizing it could put thousands of people to work in the northern valleys"]


def test_a_that_clause_after_the_cue_leaves_out_a_clause_parsed_before_it(nlp: Any) -> None:
    text = ("During the meeting the minister was visibly angry, though, in the end, the generals "
            "promised that they would withdraw the troops.")
    assert candidates(nlp, text).get("promised") == ["that they would withdraw the troops"]


def test_a_quote_right_after_a_paraphrase_continues_it(nlp: Any) -> None:
    text = 'The mayor promised that the bridge would reopen by June. "We will not let this city down."'
    attrs = attribution_mod.find_attributions(nlp(text))
    promised = [a for a in attrs if [c.text for c in a.cue] == ["promised"]]
    assert promised and [c.text for c in promised[0].content] == [
        "that the bridge would reopen by June", '"We will not let this city down."']


def test_a_quote_with_its_own_speaker_is_not_continued(nlp: Any) -> None:
    text = ('The mayor promised that the bridge would reopen by June. "It will not," '
            "the engineer said.")
    attrs = attribution_mod.find_attributions(nlp(text))
    promised = [a for a in attrs if [c.text for c in a.cue] == ["promised"]]
    assert promised and len(promised[0].content) == 1


def test_event_cues_assert_no_event_but_a_particle_verb_with_its_particle_does(nlp: Any) -> None:
    lex = dataclasses.replace(load_lexicon(), event_cues=frozenset({"order", "rule"}))
    doc = nlp("The minister ordered troops to the border. The nominee did not rule out raids.")
    ordered = next(t for t in doc if t.lower_ == "ordered")
    rule = next(t for t in doc if t.lower_ == "rule")
    assert names_event(ordered, lex) and not names_event(rule, lex)
    attr = Attribution(source=[Span(start=0, end=12, text="The minister")],
                       cue=[Span(start=ordered.idx, end=ordered.idx + 7, text="ordered")])
    assert asserts_for_reporter(attr, doc, lex)
    assert not asserts_for_reporter(attr, doc, dataclasses.replace(lex, event_cues=frozenset()))
    # "according to" has the lemma "accord", a not_cue that may be learned as an event cue.
    doc = nlp("The navy seized the boat, according to a statement from the ministry.")
    according = next(t for t in doc if t.lower_ == "according")
    assert not names_event(according, dataclasses.replace(lex, event_cues=frozenset({according.lemma_})))


def test_an_event_named_by_an_event_cue_keeps_the_reporter() -> None:
    pipeline = Pipeline.from_config()
    text = "The defence minister ordered troops to the northern border on Monday."
    result = next(iter(pipeline.run([Input("t", text, dt.date(2026, 3, 20), outlet="The Globe")])))
    events = [e for e in result.events if "ordered" in e.trigger.text]
    assert events and events[0].attribution is not None
    assert events[0].attribution.profile.kind == "reporter"


def test_a_stance_is_listed_but_marked_as_reporting_no_event() -> None:
    pipeline = Pipeline.from_config()
    text = ("The defence minister ordered troops to the northern border on Monday. "
            "Police said gunmen killed two guards at the port.")
    result = next(iter(pipeline.run([Input("t", text, dt.date(2026, 3, 20))])))
    by_cue = {" ".join(c.text for c in a.cue): a for a in result.attributions}
    assert by_cue["said"].reports_events
    assert not by_cue["ordered"].reports_events  # kept by the shipped filter, as PolNeAR marks it
    killed = next(e for e in result.events if e.trigger.text == "killed")
    assert killed.attribution is not None and killed.attribution.reports_events
