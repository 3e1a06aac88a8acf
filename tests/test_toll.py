"""Toll extraction: counts, UCDP-style low/best/high, categories and attachment to events."""

from __future__ import annotations

import pytest

from chronicler.extract.toll import assign_tolls, find_counts, parse_quantity
from chronicler.records import Span
from tests.factories import make_article, make_event


@pytest.mark.parametrize(
    ("qty", "expected"),
    [
        ("five", (5, 5, 5)), ("12", (12, 12, 12)), ("1,200", (1200, 1200, 1200)),
        ("twenty-five", (25, 25, 25)), ("a dozen", (12, 12, 12)), ("two dozen", (24, 24, 24)),
        ("dozens", (24, 24, None)), ("at least 12", (12, 12, None)), ("more than 20", (21, 21, None)),
        ("more than a dozen", (13, 13, None)), ("between 3 and 5", (3, 4, 5)), ("3 to 5", (3, 4, 5)),
        ("nearly 30", (None, 30, 30)), ("up to 40", (None, 40, 40)), ("some 40", (None, 40, None)),
        ("about 15", (None, 15, None)), ("a handful", (3, 4, 6)), ("several", (3, 3, None)),
        ("hundreds", (200, 200, None)), ("a", (1, 1, 1)), ("1 million", (10**6, 10**6, 10**6)),
        ("tens of thousands", (20000, 20000, None)),
    ],
)
def test_quantities(qty: str, expected: tuple) -> None:  # type: ignore[type-arg]
    assert parse_quantity(qty) == expected


def _counts(sentence: str) -> dict[str, tuple]:  # type: ignore[type-arg]
    return {h.kind: (h.count.low, h.count.best, h.count.high, h.count.category)
            for h in find_counts(sentence)}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Gunmen killed five people in Culiacán.", {"killed": (5, 5, 5, None)}),
        ("At least 12 people were killed and two soldiers were wounded.",
         {"killed": (12, 12, None, None), "injured": (2, 2, 2, "security_forces")}),
        ("Marines arrested 20 alleged cartel members.", {"arrested": (20, 20, 20, "cartel_members")}),
        ("Agents detained more than 30 migrants near Nogales.", {"arrested": (31, 31, None, "migrants")}),
        ("Between 3 and 5 journalists were kidnapped.", {"kidnapped": (3, 4, 5, "journalists")}),
        ("The attack left nearly 30 dead.", {"killed": (None, 30, 30, None)}),
        ("Dozens of suspected criminals were detained.", {"arrested": (24, 24, None, "cartel_members")}),
        ("The death toll rose to 14.", {"killed": (14, 14, 14, None)}),
        ("A police officer was shot dead and a bystander was wounded.",
         {"killed": (1, 1, 1, "security_forces"), "injured": (1, 1, 1, "civilians")}),
        ("Troops killed some 40 gunmen in a firefight.", {"killed": (None, 40, None, "cartel_members")}),
        ("Twelve civilians, including three children, were killed.", {"killed": (12, 12, 12, "civilians")}),
        ("Gunmen abducted a dozen residents.", {"kidnapped": (12, 12, 12, "civilians")}),
        ("Two National Guard members were injured.", {"injured": (2, 2, 2, "security_forces")}),
        ("Two officers were killed and another was wounded.",
         {"killed": (2, 2, 2, "security_forces"), "injured": (1, 1, 1, "security_forces")}),
        ("Gunmen killed a woman and her two children.", {"killed": (3, 3, 3, "civilians")}),
        ("Soldiers killed 3 gunmen and 2 civilians.", {"killed": (5, 5, 5, None)}),
        ("The raid on Dec. 28 left 4 dead.", {"killed": (4, 4, 4, None)}),
    ],
)
def test_counts_in_sentences(sentence: str, expected: dict) -> None:  # type: ignore[type-arg]
    assert _counts(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    ["He was arrested in 2019 and killed two years later.", "No one was killed.",
     "He was killed 12 years ago.", "About 82 percent of murders go unsolved.",
     "The family of a slain officer spoke.", "The candidate captured 1,944 delegates.",
     "Troops seized 500 kilos of cocaine.", "At least six sources told NBC News."],
)
def test_no_false_counts(sentence: str) -> None:
    assert _counts(sentence) == {}


def test_counts_attach_to_fitting_event() -> None:
    text = "Soldiers clashed with gunmen and arrested 12 suspects, while three soldiers were killed."
    article = make_article(text)
    sent = Span(start=0, end=len(text))
    assault = make_event(article, "clashed", "ASSAULT", sentence=sent)
    arrest = make_event(article, "arrested", "COERCE", mode="arrest", sentence=sent)
    assign_tolls(text, [assault, arrest])
    assert arrest.toll.arrested is not None and arrest.toll.arrested.best == 12
    assert assault.toll.killed is not None and assault.toll.killed.category == "security_forces"
    assert assault.toll.arrested is None and arrest.toll.killed is None
    span = arrest.toll.arrested.span
    assert span is not None and text[span.start : span.end] == arrest.toll.arrested.text


def test_counts_go_to_nearest_event_when_no_type_fits() -> None:
    text = "Officials said 14 people died after the army deployed troops."
    article = make_article(text)
    ev = make_event(article, "deployed", "MOBILIZE", sentence=Span(start=0, end=len(text)))
    assign_tolls(text, [ev])
    assert ev.toll.killed is not None and ev.toll.killed.best == 14
