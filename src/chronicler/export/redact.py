"""Redaction of private persons: anyone named who is not a public figure in the knowledge base.

Who is named comes from three places: the actors and recipients (an entity not resolved
to a KB entry whose text is a person's name), the sources quoted by name, and the
person names the language model's named-entity recogniser finds in the evidence
sentences, summaries and names. Public figures (any KB entry, matched by alias or by a
part of one: "Guzmán" is part of "Joaquín Guzmán") keep their names; so do the outlets.
Every other found name, and each part of a multi-word name (later references say
"Zamora" for "Aurelio Zamora Pureco"), is replaced by `[redacted]` in every string of the
record: columns, notes, evidence and spans (offsets are kept, so an authorised reader can
go back to the article). The stored records are never changed.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

REDACTED = "[redacted]"
PERSON_LABELS = frozenset({"PERSON", "PER"})  # OntoNotes (English models) and WikiNER (others)
# Values under these keys are codes, ids, places resolved from the gazetteer or outlets: never names.
_KEEP_KEYS = frozenset({
    "id", "article_id", "event_ids", "entity_id", "incident_id", "outlet", "outlets", "url",
    "country", "admin1", "admin1_code", "admin2", "event_type", "mode", "status", "grade",
    "sector", "resolution", "precision", "kind", "pipeline_version", "gazetteer", "category",
    "published_at", "first_reported_at", "at", "by", "start", "end", "attribution_kind", "derived",
    "flags", "relays",
})  # fmt: skip
_WORD = re.compile(r"[^\W\d_][\w'’.\-]*")
MAX_CACHE = 50_000


def _name_like(text: str) -> bool:
    """Every word capitalised ('Tomás Ortega', not 'the president'): how names are written."""
    words = _WORD.findall(text)
    return bool(words) and all(w[:1].isupper() for w in words)


@functools.lru_cache(maxsize=1)
def _public_index() -> tuple[dict[str, Any], dict[str, list[frozenset[str]]]]:
    from chronicler.resolve.kb import load_kb

    kb = load_kb()
    by_token: dict[str, list[frozenset[str]]] = {}
    for alias in kb.alias_index:
        tokens = frozenset(alias.split())
        for token in tokens:
            by_token.setdefault(token, []).append(tokens)
    return kb.alias_index, by_token


def is_public(name: str) -> bool:
    """A KB entry's name, or part of one."""
    from chronicler.resolve.text import normalise

    aliases, by_token = _public_index()
    key = normalise(name)
    if not key:
        return True
    if key in aliases:
        return True
    tokens = frozenset(key.split())
    first = min(tokens, key=lambda t: len(by_token.get(t, ())))
    return any(tokens <= alias for alias in by_token.get(first, ()))


def _known_place(name: str) -> bool:
    from chronicler.resolve.gazetteer import load_gazetteer

    return load_gazetteer().lookup_known(name) is not None


class Redactor:
    """Finds and removes private persons' names; one per export (it caches the NER results)."""

    def __init__(self, model: str | None = None, outlets: Iterable[str] = ()) -> None:
        self._model = model
        self._outlets = frozenset(o.casefold() for o in outlets if o)
        self._nlp: Any = None
        self._persons: dict[str, tuple[str, ...]] = {}

    # --- finding names -----------------------------------------------------------------

    def _load(self) -> Any:
        if self._nlp is None:
            from chronicler.analyse.nlp import load_nlp
            from chronicler.config import Settings

            self._nlp = load_nlp(self._model or Settings().spacy_model)
        return self._nlp

    def persons(self, texts: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """Person names the recogniser finds in each text (cached per text)."""
        wanted = [t for t in dict.fromkeys(texts) if t and t not in self._persons]
        if wanted:
            nlp = self._load()
            if len(self._persons) > MAX_CACHE:
                self._persons.clear()
            keep = [p for p in ("tok2vec", "ner") if p in nlp.pipe_names]
            with nlp.select_pipes(enable=keep):
                for text, doc in zip(wanted, nlp.pipe(wanted, batch_size=64), strict=True):
                    self._persons[text] = tuple(_whole_name(doc, e) for e in doc.ents if e.label_ in PERSON_LABELS)
        return self._persons

    def private_names(self, records: Sequence[Mapping[str, Any]], outlets: Iterable[str] = ()) -> list[str]:
        """Every private person's name in these records (one record with its member events)."""
        keep = set(self._outlets) | {o.casefold() for o in outlets if o}
        keep |= {o.casefold() for rec in records for o in (rec.get("attribution") or {}).get("outlets") or []}
        texts = [t for rec in records for t in _name_bearing_texts(rec)]
        found = self.persons(texts)
        names: set[str] = set()
        for text in texts:
            for person in found.get(text, ()):
                if person.casefold() in keep or is_public(person):
                    continue
                if len(_WORD.findall(person)) == 1 and _known_place(person):
                    continue  # a lone place name the recogniser took for a person
                names.add(person)
        for rec in records:
            for name in _quoted_person_names(rec):
                if _name_like(name) and name.casefold() not in keep and not is_public(name):
                    names.add(name)
        # Later references use a part of the name ("Zamora" for "Aurelio Zamora Pureco").
        parts = {w for n in names for w in _WORD.findall(n) if len(w) >= 3 and w[:1].isupper() and not is_public(w)}
        return sorted(names | parts, key=len, reverse=True)

    # --- removing them ----------------------------------------------------------------

    def redact(self, rec: Mapping[str, Any], members: Sequence[Mapping[str, Any]] = (),
               outlets: Iterable[str] = (), context: Sequence[Mapping[str, Any]] = (),
               ) -> tuple[dict[str, Any], list[dict[str, Any]]]:  # fmt: skip
        """Copies of the record and its member events without private persons' names.
        `context`: other records of the same articles, whose names count too."""
        names = self.private_names([rec, *members, *context], outlets)
        pattern = _pattern(names)
        return _scrub_record(rec, pattern), [_scrub_record(m, pattern) for m in members]


MAX_NAME_GROWTH = 2


def _whole_name(doc: Any, ent: Any) -> str:
    """The entity widened over capitalised words beside it (not places or dates): the
    recogniser finds "Cuevas Tinoco" in "Efraín Cuevas Tinoco", taking "Efraín" for an ORG."""
    start, end = ent.start, ent.end
    while start > 1 and ent.start - start < MAX_NAME_GROWTH and _bare_title(doc[start - 1]):
        start -= 1
    while end < len(doc) and end - ent.end < MAX_NAME_GROWTH and _bare_title(doc[end]):
        end += 1
    return str(doc[start:end].text).strip()


# Entity labels a first name or surname beside a person is often mistaken for.
_MISREAD_LABELS = frozenset({"", "ORG", "WORK_OF_ART", "PRODUCT", "MISC"})


def _bare_title(token: Any) -> bool:
    return bool(token.is_title) and token.is_alpha and token.ent_type_ in _MISREAD_LABELS


def _name_bearing_texts(rec: Mapping[str, Any]) -> Iterator[str]:
    """The strings worth running the recogniser on: evidence, summary, names."""
    for key in ("sentence",):
        span = rec.get(key) or {}
        if span.get("text"):
            yield span["text"]
    if rec.get("summary"):
        yield rec["summary"]
    for role in ("actor", "recipient"):
        entity = rec.get(role) or {}
        if entity.get("resolution") == "kb":
            continue
        for value in (entity.get("text"), entity.get("canonical")):
            if value:
                yield value
    yield from _quoted_person_names(rec)


def _quoted_person_names(rec: Mapping[str, Any]) -> Iterator[str]:
    for source in rec.get("sources") or []:
        if source.get("attribution_kind") == "named_person" and source.get("attribution_name"):
            yield source["attribution_name"]
    profile = (rec.get("attribution") or {}).get("profile") or {}
    if profile.get("kind") == "named_person" and profile.get("name"):
        yield profile["name"]


def _pattern(names: Sequence[str]) -> re.Pattern[str] | None:
    if not names:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)")


def _scrub_text(text: str, pattern: re.Pattern[str] | None) -> str:
    return pattern.sub(REDACTED, text) if pattern else text


def _scrub(value: Any, pattern: re.Pattern[str] | None, key: str = "") -> Any:
    if isinstance(value, str):
        return value if key in _KEEP_KEYS else _scrub_text(value, pattern)
    if isinstance(value, dict):
        return {k: _scrub(v, pattern, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, pattern, key) for v in value]
    return value


def _scrub_record(rec: Mapping[str, Any], pattern: re.Pattern[str] | None) -> dict[str, Any]:
    location = rec.get("location")
    out: dict[str, Any] = _scrub(dict(rec), pattern)
    if location:
        # A resolved place name comes from the gazetteer, not the article: keep it.
        out["location"] = {**out["location"], "name": location.get("name")}
    for role in ("actor", "recipient"):
        entity = out.get(role)
        if entity and entity.get("resolution") != "kb" and REDACTED in f"{entity.get('text')}{entity.get('canonical')}":
            out[role] = {**entity, "text": REDACTED, "canonical": REDACTED if entity.get("canonical") else None}
    return out
