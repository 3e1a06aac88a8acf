"""The extraction pipeline: named components assembled from a config, spaCy style.

A component is a callable taking a `DocContext` and filling in its `events`
(and `attributions`). Components register themselves by name with
`@component("name", requires=..., assigns=...)`; `Pipeline.from_config` assembles
them in order and refuses an order in which a component runs before what it needs.
The pipeline parses each text once with the spaCy model of the article's language
(`nlp.pipe`, batched) and hands the `Doc` to every component; each component takes
its words from the article's language pack (`ctx.pack`, see chronicler.lang).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from chronicler.analyse.tokens import remember_text
from chronicler.errors import ChroniclerError, E
from chronicler.lang import LanguagePack, load_pack
from chronicler.records import Attribution, Event
from chronicler.version import PIPELINE_VERSION


@dataclass(frozen=True)
class Input:
    """One article as the pipeline receives it."""

    article_id: str
    text: str
    published: dt.date | None = None
    language: str = "en"
    outlet: str | None = None
    title: str | None = None


# (article id, text, publication date): the older item shape, still accepted.
LegacyItem = tuple[str, str, dt.date | None]


def as_input(item: Input | LegacyItem) -> Input:
    if isinstance(item, Input):
        return item
    article_id, text, published = item
    return Input(article_id, text, published)


@dataclass
class DocContext:
    """What one article looks like while it passes through the components."""

    article_id: str
    text: str
    published: dt.date | None
    doc: Any = None  # spacy.tokens.Doc
    language: str = "en"
    outlet: str | None = None
    title: str | None = None
    events: list[Event] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    scratch: dict[str, Any] = field(default_factory=dict)

    @property
    def pack(self) -> LanguagePack:
        """The language pack of this article: every word a component matches comes from it."""
        return load_pack(self.language)


Component = Callable[[DocContext], None]
ComponentFactory = Callable[..., Component]


@dataclass(frozen=True)
class ComponentInfo:
    """A registered component: how to build it, and what it needs and sets (spaCy style).

    `requires` and `assigns` name fields of the context, e.g. "doc", "events",
    "events.type", "events.toll", "attributions". The context starts with `BASE_FIELDS`;
    a component may run only after components that assign all it requires."""

    name: str
    factory: ComponentFactory
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()


BASE_FIELDS = frozenset({"doc", "text", "published", "language", "pack", "outlet", "title"})

_REGISTRY: dict[str, ComponentInfo] = {}


def component(
    name: str, *, requires: tuple[str, ...] = (), assigns: tuple[str, ...] = ()
) -> Callable[[ComponentFactory], ComponentFactory]:
    """Register a component factory under `name` (factory(**config) -> component)."""

    def register(factory: ComponentFactory) -> ComponentFactory:
        _REGISTRY[name] = ComponentInfo(name, factory, tuple(requires), tuple(assigns))
        return factory

    return register


def registered() -> list[str]:
    _import_builtin_components()
    return sorted(_REGISTRY)


def component_info(name: str) -> ComponentInfo:
    _import_builtin_components()
    if name not in _REGISTRY:
        raise ChroniclerError(
            E.COMPONENT_UNKNOWN, name=name, available=", ".join(sorted(_REGISTRY))
        )
    return _REGISTRY[name]


def check_order(names: list[str]) -> None:
    """Every component's requirements are set by the context or an earlier component."""
    have = set(BASE_FIELDS)
    for name in names:
        info = component_info(name)
        missing = [r for r in info.requires if r not in have]
        if missing:
            raise ChroniclerError(
                E.COMPONENT_ORDER, name=name, missing=", ".join(missing),
                providers=", ".join(_providers(missing)) or "none registered",
            )  # fmt: skip
        have.update(info.assigns)


def _providers(fields: list[str]) -> list[str]:
    return sorted(n for n, info in _REGISTRY.items() if set(fields) & set(info.assigns))


def _import_builtin_components() -> None:
    # Importing the modules registers their components; kept lazy so that
    # storage-only commands never pay for spaCy.
    import importlib

    for module in BUILTIN_COMPONENT_MODULES:
        importlib.import_module(module)


BUILTIN_COMPONENT_MODULES = (
    "chronicler.resolve.datelines",
    "chronicler.extract.detect",
    "chronicler.extract.classify",
    "chronicler.extract.roles",
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
        "dateline",  # wire datelines first: outlet, filing date and place for every later stage
        "detect",
        "type",
        "arguments",
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
    """Components over spaCy parses; one spaCy model per language present, loaded on demand."""

    # Articles are parsed in chunks of this many, grouped by language inside a chunk, so
    # that a mixed corpus still reaches spaCy in batches and results keep input order.
    CHUNK = 256

    def __init__(
        self, nlp: Any, components: list[tuple[str, Component]], models: dict[str, str] | None = None
    ) -> None:
        self.nlp = nlp  # the English model (kept for callers that parse English directly)
        self.components = components
        self.version = PIPELINE_VERSION
        self._models = dict(models or {})
        self._nlps: dict[str, Any] = {"en": nlp} if nlp is not None else {}

    @classmethod
    def from_config(
        cls, config: dict[str, Any] | None = None, model: str | None = None, nlp: Any = None
    ) -> Pipeline:
        """Build from a config; `model` / `nlp` override the English model."""
        config = config or DEFAULT_CONFIG
        names = list(config["components"])
        check_order(names)
        settings = config.get("config", {})
        components = [(name, _REGISTRY[name].factory(**settings.get(name, {}))) for name in names]
        models = {"en": model} if model else {}
        pipeline = cls(nlp, components, models)
        if nlp is None:
            pipeline.nlp = pipeline.nlp_for("en")
        return pipeline

    def nlp_for(self, language: str) -> Any:
        """The spaCy pipeline for a language (E320 when it has no pack)."""
        if language not in self._nlps:
            from chronicler.analyse.nlp import load_nlp
            from chronicler.lang import model_name

            self._nlps[language] = load_nlp(self._models.get(language) or model_name(language))
        return self._nlps[language]

    def run(self, items: Iterable[Input | LegacyItem], batch_size: int = 32) -> Iterator[DocContext]:
        """Yield one finished DocContext per item, in input order."""
        stream = iter(items)
        while chunk := [as_input(item) for item in itertools.islice(stream, self.CHUNK)]:
            yield from self._run_chunk(chunk, batch_size)

    def _run_chunk(self, chunk: list[Input], batch_size: int) -> Iterator[DocContext]:
        by_language: dict[str, list[int]] = {}
        for index, item in enumerate(chunk):
            by_language.setdefault(item.language or "en", []).append(index)
        if len(by_language) == 1:  # the common case: stream, do not hold the chunk's parses
            (language,) = by_language
            yield from self._contexts(language, chunk, batch_size)
            return
        done: dict[int, DocContext] = {}
        for language, indices in by_language.items():
            for index, ctx in zip(indices, self._contexts(language, [chunk[i] for i in indices],
                                                          batch_size), strict=True):  # fmt: skip
                done[index] = ctx
        for index in range(len(chunk)):
            yield done.pop(index)

    def _contexts(self, language: str, inputs: list[Input], batch_size: int) -> Iterator[DocContext]:
        load_pack(language)  # E320 before any parse: no other language's rules may run
        nlp = self.nlp_for(language)
        for doc, item in self.parse(nlp, language, inputs, batch_size):
            ctx = DocContext(
                article_id=item.article_id, text=item.text, published=item.published, doc=doc,
                language=language, outlet=item.outlet, title=item.title,
            )  # fmt: skip
            if item.outlet:
                ctx.scratch["outlet"] = item.outlet
            for _, comp in self.components:
                comp(ctx)
            for event in ctx.events:
                event.language = event.language or language
            yield ctx

    def parse(
        self, nlp: Any, language: str, inputs: list[Input], batch_size: int
    ) -> Iterator[tuple[Any, Input]]:
        """spaCy docs for the inputs, in order (subclasses may parse a masked text)."""
        stream = ((item.text, item) for item in inputs)
        for doc, item in nlp.pipe(stream, as_tuples=True, batch_size=batch_size):
            remember_text(doc, item.text)  # the components read doc.text: not rebuilt
            yield doc, item

    def extract(
        self,
        text: str,
        published: dt.date | None = None,
        article_id: str = "doc",
        language: str = "en",
        outlet: str | None = None,
    ) -> list[Event]:
        item = Input(article_id, text, published, language=language, outlet=outlet)
        return next(iter(self.run([item]))).events
