"""Loading spaCy models: one cached pipeline per (model, disabled components)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from chronicler.config import DEFAULT_MODEL
from chronicler.errors import ChroniclerError, E


@dataclass(frozen=True)
class LanguageResources:
    """Everything language-specific lives behind this: the model and the lexicon folder."""

    language: str
    model: str
    lexicon_dir: str


RESOURCES = {"en": LanguageResources("en", DEFAULT_MODEL, "en")}


@functools.lru_cache(maxsize=4)
def load_nlp(model: str = DEFAULT_MODEL, disable: tuple[str, ...] = ()) -> Any:
    """Load a spaCy model by package name, with a catalogue error when it is missing."""
    import spacy

    try:
        return spacy.load(model, disable=list(disable))
    except OSError as exc:
        if "E050" in str(exc) or "Can't find model" in str(exc):
            raise ChroniclerError(E.MODEL_MISSING, model=model) from exc
        raise ChroniclerError(E.MODEL_BROKEN, model=model, detail=str(exc)) from exc
