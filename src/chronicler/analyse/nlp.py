"""Loading spaCy models: one cached pipeline per (model, disabled components).

Each language pack names its model (`data/lang/<code>/pack.json`); a model that writes
Universal Dependencies parses gets the UD adapter appended (see analyse/ud_adapter.py),
so that every component reads one label scheme.
"""

from __future__ import annotations

import functools
import re
import warnings
from typing import Any

from chronicler.config import DEFAULT_MODEL
from chronicler.errors import ChroniclerError, E


@functools.lru_cache(maxsize=4)
def load_nlp(model: str = DEFAULT_MODEL, disable: tuple[str, ...] = ()) -> Any:
    """Load a spaCy model by package name, with a catalogue error when it is missing."""
    import spacy

    pack = _pack_of_model(model)
    try:
        with warnings.catch_warnings():
            if pack is not None and pack.model.install == "helper":
                # The pack pins this model knowing it was trained with an older spaCy
                # (W095); the pack's tests check its parses under the spaCy we ship.
                warnings.filterwarnings(
                    "ignore", message=rf"\[W095\] Model '{re.escape(model)}'", category=UserWarning
                )
            nlp = spacy.load(model, disable=list(disable))
    except OSError as exc:
        if "E050" in str(exc) or "Can't find model" in str(exc):
            if pack is not None and pack.code != "en":
                info = pack.model
                raise ChroniclerError(
                    E.LANG_MODEL_MISSING, name=pack.name, model=model, version=info.version,
                    license=info.license, language=pack.code,
                ) from exc  # fmt: skip
            raise ChroniclerError(E.MODEL_MISSING, model=model) from exc
        raise ChroniclerError(E.MODEL_BROKEN, model=model, detail=str(exc)) from exc
    return _adapt(nlp, model)


def _pack_of_model(model: str) -> Any:
    """The language pack that names this model, if any."""
    from chronicler.lang import available_languages, load_pack, model_name

    for code in available_languages():
        pack = load_pack(code)
        if model in (pack.model.name, model_name(code)):
            return pack
    return None


def _adapt(nlp: Any, model: str) -> Any:
    from chronicler.analyse.joined import split_glued
    from chronicler.analyse.ud_adapter import COMPONENT, register, uses_ud
    from chronicler.lang import has_pack, load_pack

    split_glued(nlp)  # titles joined by a bare ';' are read one by one (analyse/joined.py)
    code = str(nlp.meta.get("lang", ""))
    if has_pack(code):
        _keep_whole(nlp, load_pack(code))
    if not has_pack(code) or not uses_ud(load_pack(code)) or COMPONENT in nlp.pipe_names:
        return nlp
    register()
    nlp.add_pipe(COMPONENT, config={"language": code})
    return nlp


def _keep_whole(nlp: Any, pack: Any) -> None:
    """detect.json "whole_tokens": hyphenated words the tokenizer would split into parts that
    parse as other words ("sit-in" as "sit" + "in"), kept as one token so a trigger finds them."""
    from spacy.symbols import ORTH

    if not pack.has("detect"):
        return
    for word in pack.json("detect").get("whole_tokens", []):
        for form in {word, word.capitalize(), word.upper()}:
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])


def model_installed(package_name: str) -> bool:
    """Is the model's Python package importable (without loading it)?"""
    import importlib.util

    return importlib.util.find_spec(package_name) is not None
