"""Language identification with lingua (offline, bundled models)."""

from __future__ import annotations

import functools
import re
from typing import Any

# A closed set keeps detection fast and accurate for this beat's reporting;
# anything else comes back as the nearest of these or None.
_CANDIDATES = ("ENGLISH", "SPANISH", "PORTUGUESE", "FRENCH", "GERMAN", "ITALIAN", "DUTCH", "CHINESE", "ARABIC", "RUSSIAN")


_LETTER = re.compile(r"[^\W\d_]")


# Below this many characters a sample is a headline or a single sentence, where the
# trigram-only models go wrong ("Soldiers arrested two men in Culiacán." read as Spanish,
# "Matan a policía en Celaya" as French); the full models get these right.
SHORT_SAMPLE = 120


@functools.lru_cache(maxsize=2)
def _detector(short: bool = False) -> Any:
    from lingua import Language, LanguageDetectorBuilder

    languages = [getattr(Language, name) for name in _CANDIDATES]
    # Low-accuracy mode uses trigram models only: it loads in ~0.2 s instead of
    # ~3.5 s per process, and on article-length samples it agrees with the full
    # models; those are loaded only when a short text comes.
    builder = LanguageDetectorBuilder.from_languages(*languages).with_minimum_relative_distance(0.1)
    return builder.build() if short else builder.with_low_accuracy_mode().build()


def _without_names(sample: str) -> str:
    """A headline without its capitalised words: place and group names ("Pátzcuaro",
    "Jalisco") belong to no language, and in a short text they outvote its own words
    ("They kill five and leave them on the Pátzcuaro-Tacámbaro highway" read as Spanish)."""
    words = sample.split()
    kept = [w for i, w in enumerate(words) if i == 0 or not w[:1].isupper()]
    return " ".join(kept) if len(kept) >= 4 else sample


def _without_place_label(sample: str) -> str:
    """A title after its place label ("Celaya, Guanajuato: Cartel Leaves Two Dead"): the
    label is names only, and in a short text in title case (where `_without_names` cannot
    tell names by their capitals) it outvotes the title's own words."""
    head, sep, tail = sample.partition(":")
    if sep and ";" not in head and "," in head and len(head.split()) <= 5 and len(tail.split()) >= 3:
        return tail.strip()
    return sample


def detect_language(text: str, sample_chars: int = 400) -> str | None:
    """ISO 639-1 code of the text's language, or None when it cannot tell.

    Only a sample is read: detection time grows with length, and a few hundred
    characters of prose identify the language as well as the whole article.
    """
    sample = text[:sample_chars]
    if len(_LETTER.findall(sample)) < 10:
        return None
    sample = _without_place_label(sample)
    short = len(sample.strip()) < SHORT_SAMPLE
    language = _detector(short).detect_language_of(_without_names(sample) if short else sample)
    if language is None:
        return None
    return str(language.iso_code_639_1.name.lower())
