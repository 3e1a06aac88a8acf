"""The per-document token tables (chronicler.analyse.tokens) read what spaCy's Token would."""

from __future__ import annotations

from typing import Any

import pytest

from chronicler.analyse.nlp import load_nlp
from chronicler.analyse.tokens import doc_tags, doc_tokens

TEXT = (
    "Gunmen killed three police officers in a remote town on Tuesday, officials said. "
    "According to the governor, the attackers fled. \"We are worried,\" a resident said: "
    "the mayor is confident that help will come."
)


@pytest.fixture(scope="module")
def doc() -> Any:
    return load_nlp()(TEXT)


def test_tags_match_token_attributes(doc: Any) -> None:
    tags = doc_tags(doc)
    assert tags.pos == [t.pos_ for t in doc]
    assert tags.dep == [t.dep_ for t in doc]
    assert tags.lemma == [t.lemma_.lower() for t in doc]


def test_tags_are_read_once_per_document(doc: Any) -> None:
    assert doc_tags(doc) is doc_tags(doc)
    other = load_nlp()("Two soldiers were wounded.")
    assert doc_tags(other).pos == [t.pos_ for t in other]
    assert doc_tags(other) is not doc_tags(doc)


def test_tables_of_an_empty_doc() -> None:
    empty = load_nlp()("")
    assert doc_tags(empty).pos == [] and doc_tags(empty).lemma == []
    assert doc_tokens(empty).words == [] and doc_tokens(empty).end == []


def test_token_table_matches_tokens(doc: Any) -> None:
    toks = doc_tokens(doc)
    assert toks.words == [t.text for t in doc]
    assert toks.lower == [t.lower_ for t in doc]
    assert toks.start == [t.idx for t in doc]
    assert toks.end == [t.idx + len(t.text) for t in doc]
    assert toks.punct == [t.is_punct for t in doc]
    assert toks.alpha == [t.is_alpha for t in doc]
    assert toks.text == doc.text
    assert toks.span_text(3, 6) == doc[3:6].text
