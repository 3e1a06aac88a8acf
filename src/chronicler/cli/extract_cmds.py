"""`chronicler extract`: events from text, files or JSONL stories, as JSON lines, no database."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import sys
from collections import deque
from collections.abc import Iterator
from contextlib import nullcontext
from pathlib import Path
from typing import IO, Any

import typer
from rich.markup import escape

from chronicler.cli.app import JSONL_HELP, app, err_console, info, progress_bar
from chronicler.errors import ChroniclerError, E

EXTRACT_INPUTS_HELP = (
    "Files, folders, globs, or '-' for stdin. Plain text is one story per file. " + JSONL_HELP
)


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ChroniclerError(
            E.BAD_OPTION, detail=f"--published {value!r}: expected YYYY-MM-DD"
        ) from exc


def _story_id(origin_ref: str) -> str:
    """The story's own id when the JSON line had one, else the file it came from."""
    return origin_ref.rsplit("#id=", 1)[1] if "#id=" in origin_ref else origin_ref


def _stories(
    inputs: list[str], texts: list[str], default_date: dt.date | None, rejected: list[str],
    language: str | None = None,
) -> Iterator[Story]:
    """(article_id, text, published, story id, language) for every readable story; rejections
    noted. The language is `language` when given, else detected per story."""
    from chronicler.ingest import IngestOptions
    from chronicler.ingest.core import Document, Rejection, to_article
    from chronicler.ingest.sources import iter_documents
    from chronicler.records import Origin

    options = IngestOptions(detect_language=language is None, min_chars=1)
    given = (
        Document(text=t, origin=Origin(kind="text", ref=f"text:{n}"), name=f"--text #{n}")
        for n, t in enumerate(texts, 1)
    )
    docs = iter_documents(inputs, options) if inputs else iter(())
    for item in itertools.chain(given, docs):
        if not isinstance(item, Document):
            if isinstance(item, Rejection):
                rejected.append(item.message())
                err_console.print(f"[yellow]rejected[/] {escape(item.message())}", markup=True, highlight=False)
            continue
        article = to_article(item, options)
        if isinstance(article, Rejection):
            rejected.append(article.message())
            err_console.print(f"[yellow]rejected[/] {escape(article.message())}", markup=True, highlight=False)
            continue
        published = item.published_at.date() if item.published_at else default_date
        yield article.id, article.text, published, _story_id(item.origin.ref), language or article.language


# (article id, text, published, story id, language: None when it could not be told)
Story = tuple[str, str, dt.date | None, str, str | None]


def _unsupported(language: str | None) -> ChroniclerError | None:
    """Why a story in this language is not analysed (no pack: E320; model missing: E322)."""
    from chronicler.lang import available_languages, has_pack, load_pack, model_ready

    if language is None or model_ready(language):
        return None
    if not has_pack(language):
        available = ", ".join(available_languages())
        return ChroniclerError(E.LANG_PACK_MISSING, language=language, available=available)
    pack = load_pack(language)
    return ChroniclerError(E.LANG_MODEL_MISSING, name=pack.name, model=pack.model.name,
                           version=pack.model.version, license=pack.model.license, language=language)  # fmt: skip


def _chunks(stories: Iterator[Story], size: int) -> Iterator[list[Story]]:
    while batch := list(itertools.islice(stories, size)):
        yield batch


def _extracted_batches(
    stories: Iterator[Story], spec: Any, pipeline: Any, batch_size: int, workers: int
) -> Iterator[tuple[list[Story], list[tuple[str, list[Any]]]]]:
    """(stories, their events) per batch, in input order; in worker processes when there
    is more than one batch and more than one worker (process.parallel_extract)."""
    from chronicler.process import extract_guarded, parallel_extract

    chunks = _chunks(stories, batch_size)
    head = list(itertools.islice(chunks, 2))
    pending: deque[list[Story]] = deque()

    from chronicler.pipeline import Input

    def items() -> Iterator[list[Input]]:
        for batch in itertools.chain(head, chunks):
            pending.append(batch)
            yield [Input(article_id, text, published, language=lang or "en")
                   for article_id, text, published, _, lang in batch if _unsupported(lang) is None]  # fmt: skip

    if workers > 1 and len(head) > 1:
        results = parallel_extract(items(), spec, workers)
    else:
        results = (extract_guarded(pipeline, batch) for batch in items())
    for extracted, _clock, failures in results:
        batch = pending.popleft()
        for article_id, code, detail in failures:
            err_console.print(f"[{code}] article {article_id}: extraction failed ({detail})",
                              highlight=False, markup=False)
        # Failed stories, and stories in a language chronicler cannot analyse, are written
        # with no events, so every story keeps its line.
        found = dict(extracted)
        yield batch, [(story[0], found.get(story[0], [])) for story in batch]


def _name(entity: Any) -> str:
    return (entity.canonical or entity.text) if entity else ""


def _toll(event: Any) -> str:
    parts = []
    for what in ("killed", "injured", "arrested", "kidnapped"):
        count = getattr(event.toll, what)
        if count is not None and count.best is not None:
            spread = f" ({count.low}–{count.high})" if count.low not in (None, count.high) else ""
            parts.append(f"{count.best}{spread} {what}")
    return ", ".join(parts)


def _source(event: Any) -> str:
    attribution = event.attribution
    if attribution is None:
        return ""
    profile = attribution.profile
    who = profile.name or profile.description or ""
    via = f" via {', '.join(attribution.outlets)}" if attribution.outlets else ""
    return f"{profile.kind}{': ' + who if who else ''}{via}"


def _pretty(out: IO[str], story: str, published: dt.date | None, events: list[Any]) -> None:
    """One story's events as a readable table (escaped: story text is never rich markup)."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    title = f"{story} ({published.isoformat() if published else 'no date'}): {len(events)} event(s)"
    table = Table(title=escape(title), title_justify="left", show_lines=False)
    for column in ("type", "status", "actor → recipient", "place", "date", "toll", "source"):
        table.add_column(column, overflow="fold")
    for ev in events:
        place = ev.location
        where = ", ".join(dict.fromkeys(x for x in (place.name or place.text, place.admin1) if x)) if place else ""
        date = ev.date.start.isoformat() if ev.date and ev.date.start else ""
        who = " → ".join(x for x in (_name(ev.actor), _name(ev.recipient)) if x)
        cells = [ev.event_type + (f"/{ev.mode}" if ev.mode else ""), ev.status, who, where, date, _toll(ev), _source(ev)]
        table.add_row(*[escape(c) for c in cells])
    Console(file=out, width=None if out is sys.stdout else 160).print(table)


def _write_results(
    stories: Iterator[Story],
    spec: Any,
    pipeline: Any,
    out: IO[str],
    batch_size: int,
    workers: int,
    pretty: bool = False,
) -> tuple[int, int]:
    """Run the pipeline and write one JSON line (or one table) per story; returns (stories, events)."""
    n_stories = n_events = 0
    with progress_bar("extracting", None) as advance:
        for batch, extracted in _extracted_batches(stories, spec, pipeline, batch_size, workers):
            for (article_id, _, published, story, language), (_, events) in zip(
                batch, extracted, strict=True
            ):
                n_events += len(events)
                problem = _unsupported(language)
                if problem is not None:
                    err_console.print(f"story {story}: {problem.one_line()}", highlight=False, markup=False)
                if pretty:
                    _pretty(out, story, published, events)
                    continue
                record: dict[str, Any] = {
                    "id": story,
                    "article_id": article_id,
                    "published": published.isoformat() if published else None,
                    "language": language,
                    "events": [ev.model_dump(mode="json") for ev in events],
                }
                if problem is not None:
                    record["flag"] = {"code": problem.code, "message": problem.one_line()}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            n_stories += len(batch)
            advance(len(batch))
    return n_stories, n_events


@app.command()
def extract(
    inputs: list[str] = typer.Argument(None, help=EXTRACT_INPUTS_HELP),
    text: list[str] = typer.Option(None, "--text", "-t", help="A story given inline (repeatable)."),
    out: Path = typer.Option(None, "--out", "-o", help="Write JSON lines here instead of stdout."),
    published: str = typer.Option(
        None, help="Publication date (YYYY-MM-DD) for stories that carry none."
    ),
    batch_size: int = typer.Option(32, min=1, help="Stories parsed together by spaCy."),
    components: str = typer.Option(
        None, help="Comma-separated pipeline components (default: the full pipeline)."
    ),
    workers: int = typer.Option(
        None, min=1, help="Worker processes (default: one per core; one for a single batch)."
    ),
    prefilter: bool = typer.Option(
        False, help="Parse only sentences with a trigger word and their neighbours (faster)."
    ),
    pretty: bool = typer.Option(
        False, "--pretty", "-p", help="A readable table per story (type, status, actor → recipient, place, "
        "date, toll, source) instead of JSON lines."
    ),
    language: str = typer.Option(
        None, "--language", help="Language of every story (ISO 639-1); default: detected per story."
    ),
) -> None:
    """Extract events and print one JSON line per story: `{"id", "events": [...]}`
    (`--pretty`: a readable table per story).

    Nothing is stored: use `chronicler run` for that. Every event carries its type and
    mode, actor, recipient, place, date, toll, status and attribution, each with
    character offsets into the story text. Example:
    `chronicler extract --pretty --text "Soldiers arrested two men in Culiacán." --published 2026-03-01`.
    """
    from chronicler.pipeline import DEFAULT_CONFIG
    from chronicler.process import PipelineSpec, default_workers

    texts = list(text or [])
    paths = list(inputs or [])
    if not texts and not paths:
        raise ChroniclerError(E.BAD_OPTION, detail="give input files, '-' for stdin, or --text")
    default_date = _parse_date(published)
    config: dict[str, Any] = dict(DEFAULT_CONFIG)
    if components:
        config["components"] = [c.strip() for c in components.split(",") if c.strip()]
    if prefilter:
        config["prefilter"] = True
    spec = PipelineSpec(config=config)
    pipeline = spec.build()  # fails fast on a bad component name or a missing model
    rejected: list[str] = []
    stories = _stories(paths, texts, default_date, rejected, language.lower() if language else None)
    target = out.open("w", encoding="utf-8") if out else nullcontext(sys.stdout)
    with target as handle:
        n_stories, n_events = _write_results(
            stories, spec, pipeline, handle, batch_size, workers or default_workers(), pretty
        )
    info(f"extract: {n_stories} stories, {n_events} events, {len(rejected)} rejected")
    if rejected:
        raise typer.Exit(1)
