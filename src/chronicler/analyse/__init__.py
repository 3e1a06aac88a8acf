"""Analysis: language resources (spaCy models) behind one interface per language."""

from chronicler.analyse.nlp import LanguageResources, load_nlp

__all__ = ["LanguageResources", "load_nlp"]
