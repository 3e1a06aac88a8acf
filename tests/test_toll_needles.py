"""Each count pattern's needle (the verb list it must match) is found wherever the pattern
matches: find_counts skips a pattern whose needle is absent, so a needle that missed would
lose counts."""

from __future__ import annotations

import pytest

from chronicler.extract.toll import find_counts, load_toll_language

SENTENCES = {
    "en": [
        "Three police officers were killed and two others wounded in the ambush.",
        "Gunmen killed five people at a bar on Saturday.",
        "The attack left 12 dead and 4 injured.",
        "Soldiers arrested 20 suspects and rescued three kidnapped women.",
        "Two Slaughtered Women Found in Car",
        "The deaths of three migrants were confirmed.",
        "A triple homicide shook the town.",
        "Man shot dead in Culiacan",
        "At least 40 people have died, the toll rising to 41 by night.",
        "Police detained a suspect after the kidnapping of two girls.",
    ],
    "es": [
        "Asesinan a tres policías en una emboscada en Guerrero.",
        "Cinco personas murieron y dos resultaron heridas en el ataque.",
        "Detienen a 12 presuntos integrantes del cártel.",
        "Hallan los cuerpos de cuatro hombres en una brecha.",
        "Un doble asesinato en la colonia centro.",
        "Secuestran a dos comerciantes y los asesinan.",
    ],
}


@pytest.mark.parametrize("language", sorted(SENTENCES))
def test_needle_matches_wherever_its_pattern_does(language: str) -> None:
    lang = load_toll_language(language)
    assert len(lang.needles) == len(lang.patterns)
    matched = 0
    for sentence in SENTENCES[language]:
        for (_, _, pattern), needle in zip(lang.patterns, lang.needles, strict=True):
            if pattern.search(sentence):
                matched += 1
                assert needle.search(sentence), (pattern.pattern[:80], sentence)
    assert matched >= len(SENTENCES[language])  # the fixtures do exercise the patterns


def test_counts_still_found_through_the_needles() -> None:
    hits = find_counts("Gunmen killed five people and wounded two others at a bar.")
    assert {h.kind: h.count.best for h in hits} == {"killed": 5, "injured": 2}
