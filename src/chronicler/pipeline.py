"""The extraction pipeline: named components assembled from a config, spaCy style.

A component is a callable taking a `DocContext` and filling in its `events`
(and `attributions`). Components register themselves by name with
`@component("name")`; `Pipeline.from_config` assembles them in order. The
pipeline parses each text once with spaCy (`nlp.pipe`, batched) and hands the
`Doc` to every component.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from chronicler.errors import ChroniclerError, E
from chronicler.records import Attribution, Event
from chronicler.version import PIPELINE_VERSION


@dataclass
class DocContext:
    """What one article looks like while it passes through the components."""

    article_id: str
    text: str
    published: dt.date | None
    doc: Any = None  # spacy.tokens.Doc
    events: list[Event] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    scratch: dict[str, Any] = field(default_factory=dict)


Component = Callable[[DocContext], None]
ComponentFactory = Callable[..., Component]

_REGISTRY: dict[str, ComponentFactory] = {}


def component(name: str) -> Callable[[ComponentFactory], ComponentFactory]:
    """Register a component factory under `name` (factory(**config) -> component)."""

    def register(factory: ComponentFactory) -> ComponentFactory:
        _REGISTRY[name] = factory
        return factory

    return register


def registered() -> list[str]:
    _import_builtin_components()
    return sorted(_REGISTRY)


def _import_builtin_components() -> None:
    # Importing the modules registers their components; kept lazy so that
    # storage-only commands never pay for spaCy.
    import importlib

    for module in BUILTIN_COMPONENT_MODULES:
        importlib.import_module(module)


BUILTIN_COMPONENT_MODULES = (
    "chronicler.extract.events",
    "chronicler.extract.attribution",
    "chronicler.extract.status",
    "chronicler.extract.toll",
    "chronicler.resolve.actors",
    "chronicler.resolve.places",
    "chronicler.resolve.dates",
)

DEFAULT_CONFIG: dict[str, Any] = {
    "components": [
        "events",
        "toll",
        "attribution",
        "status",
        "resolve_actors",
        "resolve_places",
        "resolve_dates",
    ],
    "config": {},
}


def event_id(article_id: str, trigger_start: int, trigger_end: int, event_type: str) -> str:
    raw = f"{article_id}:{trigger_start}:{trigger_end}:{event_type}"
    return hashlib.sha256(raw.encode()).hexdigest()[:24]


class Pipeline:
    def __init__(self, nlp: Any, components: list[tuple[str, Component]]) -> None:
        self.nlp = nlp
        self.components = components
        self.version = PIPELINE_VERSION

    @classmethod
    def from_config(
        cls, config: dict[str, Any] | None = None, model: str | None = None, nlp: Any = None
    ) -> Pipeline:
        from chronicler.analyse.nlp import load_nlp
        from chronicler.config import Settings

        config = config or DEFAULT_CONFIG
        _import_builtin_components()
        components: list[tuple[str, Component]] = []
        for name in config["components"]:
            if name not in _REGISTRY:
                raise ChroniclerError(
                    E.COMPONENT_UNKNOWN, name=name, available=", ".join(sorted(_REGISTRY))
                )
            components.append((name, _REGISTRY[name](**config.get("config", {}).get(name, {}))))
        if nlp is None:
            nlp = load_nlp(model or Settings().spacy_model)
        return cls(nlp, components)

    def run(
        self, items: Iterable[tuple[str, str, dt.date | None]], batch_size: int = 32
    ) -> Iterator[DocContext]:
        """Yield one finished DocContext per (article_id, text, published) item, in order."""
        stream = ((text, (article_id, published)) for article_id, text, published in items)
        for doc, (article_id, published) in self.nlp.pipe(
            stream, as_tuples=True, batch_size=batch_size
        ):
            ctx = DocContext(article_id=article_id, text=doc.text, published=published, doc=doc)
            for _, comp in self.components:
                comp(ctx)
            yield ctx

    def extract(self, text: str, published: dt.date | None = None, article_id: str = "doc") -> list[Event]:
        return next(iter(self.run([(article_id, text, published)]))).events
