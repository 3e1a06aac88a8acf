"""Attribution: subject inheritance and the recall additions (invented sentences)."""

from __future__ import annotations

from typing import Any

import pytest

from chronicler.analyse.nlp import load_nlp
from chronicler.extract.attribution_lexicon import load_lexicon
from chronicler.extract.attribution_quotes import QuoteIndex
from chronicler.extract.attribution_rules import Rules
from chronicler.records import Attribution


@pytest.fixture(scope="module")
def nlp() -> Any:
    return load_nlp()


def cue_texts(attrs: list[Attribution]) -> list[str]:
    return [" ".join(c.text for c in a.cue) for a in attrs]


def test_conjoined_cue_inherits_the_subject_and_root_stops(nlp: Any) -> None:
    doc = nlp("The mayor denied the report and insisted that the bridge was safe.")
    rules = Rules(doc, load_lexicon(), QuoteIndex([]))
    insisted = next(t for t in doc if t.text == "insisted")
    subject = rules.subject_of(insisted)
    assert subject is not None and subject.text == "mayor"
    # A root without a subject of its own has nothing to inherit from (the head is itself).
    bare = nlp("Insisted on silence.")
    root = next(t for t in bare if t.dep_ == "ROOT")
    assert Rules(bare, load_lexicon(), QuoteIndex([])).subject_of(root) is None
