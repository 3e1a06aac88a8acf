"""Issue 14, item 2: one bad article never stops `process`; long texts are refused with a code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from chronicler.ingest import IngestOptions, ingest
from chronicler.ingest.core import Document
from chronicler.pipeline import DocContext, component
from chronicler.process import PipelineSpec, process_pending, recorded_failures
from chronicler.records import Origin
from chronicler.store import Store
from chronicler.version import PIPELINE_VERSION
from tests.factories import make_article
from tests.test_process_workers import _stories


@component("toy_bomb")
def toy_bomb() -> Any:
    def run(ctx: DocContext) -> None:
        if "detonate" in ctx.text:
            raise RuntimeError("component blew up on this article")

    return run


BOMB = PipelineSpec(config={"components": ["toy_triggers", "toy_bomb"]}, model="blank:en",
                    plugins=("tests.test_process_workers", "tests.test_harden_process"))


def _fill(store: Store, extra: list[str]) -> list[str]:
    articles = [make_article(text) for text in _stories(10) + extra]
    store.add_articles(articles)
    return [a.id for a in articles]


def _check(store: Store, report: Any, bad_ids: set[str], codes: set[str]) -> None:
    assert {aid for aid, _, _ in report.failed} == bad_ids
    assert {code for _, code, _ in report.failed} == codes
    assert report.articles == 10 and report.events == 30  # the good ones all processed
    assert store.pending_article_ids(PIPELINE_VERSION) == []  # the queue is not blocked
    failures = recorded_failures(store)
    assert set(failures) == bad_ids and {f["code"] for f in failures.values()} == codes
    # a second run has nothing left to do: the failures do not block it either
    assert process_pending(store, batch_size=4, workers=1, spec=BOMB).articles == 0


def test_an_article_over_max_length_is_recorded_and_the_batch_goes_on(tmp_path: Path) -> None:
    long_text = "Soldiers raided a ranch. " * 45_000  # 1.1 M characters > spaCy's 1 M
    with Store(str(tmp_path / "db.sqlite")) as store:
        ids = _fill(store, [long_text])
        report = process_pending(store, batch_size=4, workers=1, spec=BOMB)
        _check(store, report, {ids[-1]}, {"E114"})


def test_a_raising_component_fails_one_article_not_the_batch(tmp_path: Path) -> None:
    bad = "Soldiers raided a ranch and said they would detonate the charges."
    with Store(str(tmp_path / "db.sqlite")) as store:
        ids = _fill(store, [bad])
        report = process_pending(store, batch_size=4, workers=1, spec=BOMB)
        _check(store, report, {ids[-1]}, {"E115"})
        # fixed (here: a pipeline without the failing component), --reprocess retries it
        fixed = PipelineSpec(config={"components": ["toy_triggers"]}, model="blank:en",
                             plugins=("tests.test_process_workers",))
        again = process_pending(store, batch_size=4, workers=1, spec=fixed, reprocess=True)
        assert not again.failed and again.articles == 11
        assert recorded_failures(store) == {}


def test_isolation_holds_in_worker_processes(tmp_path: Path) -> None:
    bad = "Police arrested a man who tried to detonate a device."
    with Store(str(tmp_path / "db.sqlite")) as store:
        ids = _fill(store, [bad])
        report = process_pending(store, batch_size=4, workers=2, spec=BOMB)
        assert report.workers == 2
        _check(store, report, {ids[-1]}, {"E115"})


def test_ingest_rejects_text_over_max_chars_with_its_own_code(tmp_path: Path) -> None:
    options = IngestOptions(max_chars=1000, detect_language=False)
    docs = [Document(text="word " * 400, origin=Origin(kind="text", ref="a"), name="long"),
            Document(text="Soldiers raided a ranch near Tijuana.", origin=Origin(kind="text", ref="b"), name="ok")]
    with Store(str(tmp_path / "db.sqlite")) as store:
        report = ingest(store, docs, options)
    assert report.ingested == 1
    assert [r.spec.code for r in report.rejected] == ["E114"]
    assert "1999 characters > 1000" in report.rejected[0].message()


def test_default_max_chars_matches_what_process_can_read() -> None:
    import spacy

    assert IngestOptions().max_chars <= spacy.blank("en").max_length
