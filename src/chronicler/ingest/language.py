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


# Below this many characters (a headline, a feed's title field) the packs' function words
# decide between pack languages: the letter models weigh every word alike, so in a short
# text the place names ("La Laguna", "Nuevo Laredo") outvote its few English words.
VOTE_SAMPLE = 250
_TOKEN = re.compile(r"\w+(?:['’]\w+)?")
_SEGMENT = re.compile(r"[;:.!?\n|]")
_TITLE_CASE = 0.5  # share of capitalised non-initial words above which a text is in title case


@functools.lru_cache(maxsize=1)
def _function_words() -> dict[str, frozenset[str]]:
    """Each pack's function words (`langid` file); packs without one take no part in the vote."""
    from chronicler.lang import available_languages, load_pack

    packs = (load_pack(code) for code in available_languages())
    return {
        p.code: frozenset(w.lower() for w in p.json("langid").get("function_words", []))
        for p in packs if p.has("langid")
    }  # fmt: skip


def _voting_words(sample: str) -> list[tuple[str, float]]:
    """(lowercased word, weight) for the words that can speak for a language.

    A capitalised word that does not start a headline is a name in sentence-case text
    ("in La Laguna": 'La' is part of a place, not Spanish), so it is left out; in title
    case every word is capitalised, and there a capitalised word counts half."""
    words: list[tuple[str, bool]] = []  # (word, starts a headline or clause)
    for segment in _SEGMENT.split(sample):
        found = _TOKEN.findall(segment)  # a number can start a headline ("8 die in ...")
        words += [(w, i == 0) for i, w in enumerate(found) if not w[:1].isdigit()]
    inner = [w for w, first in words if not first]
    title = bool(inner) and sum(w[:1].isupper() for w in inner) / len(inner) > _TITLE_CASE
    out = []
    for w, first in words:
        if not w[:1].isupper():
            out.append((w.lower(), 1.0))
        elif first or title:
            out.append((w.lower(), 0.5 if title else 1.0))
    return out


def _vote(sample: str) -> str | None:
    """The pack language whose function words clearly outnumber the others' in a short
    text, or None when none does (no function words, or as many of two languages)."""
    table = _function_words()
    scores = dict.fromkeys(table, 0.0)
    for word, weight in _voting_words(sample):
        speaks_for = [code for code, words in table.items() if word in words]
        if len(speaks_for) == 1:  # a word of several languages ('a', 'no') tells nothing
            scores[speaks_for[0]] += weight
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < 1:
        return None
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    best, score = ranked[0]
    return best if score >= 2 * runner_up else None


def detect_language(text: str, sample_chars: int = 400, declared: str | None = None) -> str | None:
    """ISO 639-1 code of the text's language, or None when it cannot tell.

    Only a sample is read: detection time grows with length, and a few hundred
    characters of prose identify the language as well as the whole article. In a short
    sample the packs' function words decide between pack languages (a language without
    a pack is still what the letter models say); `declared` (the feed's or outlet's
    language) is the answer when the text is too short to tell.
    """
    sample = text[:sample_chars]
    if len(_LETTER.findall(sample)) < 10:
        return declared
    sample = _without_place_label(sample)
    short = len(sample.strip()) < SHORT_SAMPLE
    language = _detector(short).detect_language_of(_without_names(sample) if short else sample)
    code = str(language.iso_code_639_1.name.lower()) if language is not None else None
    if len(sample.strip()) < VOTE_SAMPLE and (code is None or code in _function_words()):
        code = _vote(sample) or code
    return code or declared
