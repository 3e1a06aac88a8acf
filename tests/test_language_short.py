"""Short-text language identification: function words outvote place names."""

from __future__ import annotations

import pytest

from chronicler.ingest.language import detect_language


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("3 drown in Boca del Río", "en"),  # English words beside a Spanish place name
        ("Los Pinos Gang Riot in San Marcos", "en"),  # title case: a group name's article
        # a name's connectives ('del', 'de los') in English title case are no Spanish
        ("Cartel del Norte Burns Two Trucks Near Ramos", "en"),
        ("Valle de los Pinos: Gunmen Torch Three Homes", "en"),
        ("Detienen a dos en San Pedro de las Colonias", "es"),
        ("Queman un autobús en la carretera a Tepic", "es"),
    ],
)
def test_short_headline_language_is_its_words_not_its_places(text: str, code: str) -> None:
    assert detect_language(text, 200) == code


def test_a_language_without_a_pack_is_still_named() -> None:
    # French shares 'la', 'de', 'en' with Spanish: the vote must not turn it into Spanish
    assert detect_language("Deux policiers ont été blessés à Nantes, selon la préfecture.") == "fr"


def test_declared_language_when_the_text_is_too_short() -> None:
    assert detect_language("¡Ay!", declared="es") == "es"
    assert detect_language("¡Ay!") is None
