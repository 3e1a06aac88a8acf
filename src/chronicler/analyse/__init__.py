"""Text analysis: spaCy models per language (see chronicler.lang for the packs)."""

from chronicler.analyse.nlp import load_nlp

__all__ = ["load_nlp"]
