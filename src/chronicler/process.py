"""The `process` stage: extract events from stored articles that need it, in batches.

An article needs processing when it has never been processed or was processed
by another pipeline version. Each batch's events replace the article's old
events and mark it processed in one transaction, so an interrupted run simply
resumes where the last committed batch ended.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from chronicler.records import Article, Event
from chronicler.store.repo import Store
from chronicler.version import PIPELINE_VERSION


@dataclass
class ProcessReport:
    articles: int = 0
    events: int = 0
    pipeline_version: str = PIPELINE_VERSION

    def summary(self) -> str:
        return (
            f"{self.articles} articles processed, {self.events} events extracted "
            f"(pipeline {self.pipeline_version})"
        )


def published_date(article: Article) -> dt.date | None:
    return article.published_at.date() if article.published_at else None


def extract_batch(pipeline: Any, articles: list[Article]) -> list[tuple[str, list[Event]]]:
    items = [(a.id, a.text, published_date(a)) for a in articles]
    return [(ctx.article_id, ctx.events) for ctx in pipeline.run(items)]


def process_pending(
    store: Store,
    pipeline: Any = None,
    *,
    batch_size: int = 64,
    reprocess: bool = False,
    on_start: Callable[[int], None] | None = None,
    on_batch: Callable[[int], None] | None = None,
    workers: int = 1,
) -> ProcessReport:
    """Extract and store events for every article that needs it."""
    if pipeline is None:
        from chronicler.pipeline import Pipeline

        pipeline = Pipeline.from_config()
    version = getattr(pipeline, "version", PIPELINE_VERSION)
    pending = store.pending_article_ids(version, reprocess=reprocess)
    report = ProcessReport(pipeline_version=version)
    if on_start:
        on_start(len(pending))
    for start in range(0, len(pending), batch_size):
        ids = pending[start : start + batch_size]
        by_id = store.get_articles(ids)
        articles = [by_id[i] for i in ids if i in by_id]
        results = extract_batch(pipeline, articles)
        report.events += store.save_extraction(results, version)
        report.articles += len(articles)
        if on_batch:
            on_batch(len(articles))
    return report
