"""A distributed run on a two-worker dask LocalCluster stores what one process stores.

The shards are invented JSONL files with the awkward cases of a real archive:
a story repeated in a later shard with another date (the first copy wins), a
record too short to be an article (rejected), a Spanish story (stored, not
extracted). The single-process reference is the ordinary ingest + process.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from chronicler.ingest import IngestOptions, ingest, iter_documents
from chronicler.process import PipelineSpec, process_pending
from chronicler.scale.dask_engine import expand_shards, run_dask
from chronicler.scale.load import iter_shard_events, load_shards
from chronicler.store import Store

pytestmark = pytest.mark.slow

STORIES = [
    ("2026-02-03", "Reuters", "Mexican marines raided a drug lab in the hills above Culiacán on "
     "Tuesday, the navy said. Three suspects were arrested and 40 kilograms of fentanyl seized."),
    ("2026-02-04", "AP", "The Pentagon deployed 1,500 more troops to the southern border, "
     "officials said on Wednesday, as the White House weighed strikes against cartel labs."),
    ("2026-02-05", "El Universal", "Gunmen attacked a police convoy in Zacatecas, killing four "
     "officers, according to the state security ministry. Soldiers later arrested two men."),
    ("2026-02-06", "NBC News", "At least six sources told NBC News that US officials considered "
     "drone strikes on cartel leaders in Mexico. The White House did not rule out the option."),
    ("2026-02-07", "BBC", "Mexico's president rejected any US military action on Mexican soil, "
     "saying the country would not accept intervention. She said cooperation would continue."),
    ("2026-02-08", "Reuters", "Federal police arrested a regional cartel boss in Sinaloa on "
     "Saturday, the attorney general's office said, after a raid that left one officer injured."),
]
SPANISH = ("2026-02-09", "Milenio", "La Guardia Nacional detuvo a tres presuntos integrantes de "
           "un cártel en Sinaloa, informó la Secretaría de Seguridad el domingo por la mañana.")


def _write_shards(folder: Path) -> list[str]:
    records: list[list[dict[str, Any]]] = [[], [], []]
    for i, (date, outlet, text) in enumerate(STORIES):
        records[i % 3].append({"id": f"s{i}", "published": date, "outlet": outlet, "text": text})
    # the first story again, later and dated otherwise: the first copy must win
    records[2].append({"id": "dup", "published": "2026-03-01", "outlet": "Copy", "text": STORIES[0][2]})
    records[1].append({"id": "short", "text": "Too short."})
    records[1].append({"id": "es", "published": SPANISH[0], "outlet": SPANISH[1], "text": SPANISH[2]})
    paths = []
    for n, shard in enumerate(records):
        path = folder / f"shard-{n}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in shard), encoding="utf-8")
        paths.append(str(path))
    return paths


def _single_process(url: str, shards: list[str], spec: PipelineSpec) -> None:
    options = IngestOptions()
    with Store(url) as store:
        ingest(store, iter_documents(shards, options), options)
        process_pending(store, spec=spec, workers=1)


def _snapshot(url: str) -> tuple[list[Any], list[Any]]:
    with Store(url) as store:
        articles = sorted(
            (a.id, a.published_at, a.outlet, a.language, a.processed_version)
            for a in store.iter_articles()
        )
        events = sorted((e.id, e.model_dump_json()) for e in store.iter_events())
    return articles, events


def _toy() -> PipelineSpec:
    from tests.test_process_workers import TOY

    return TOY


@pytest.mark.parametrize("which", ["default pipeline", "toy pipeline"])
def test_dask_run_stores_exactly_what_one_process_stores(tmp_path: Path, which: str) -> None:
    spec = PipelineSpec() if which == "default pipeline" else _toy()
    shards = expand_shards([str(p) for p in _write_shards(tmp_path)])
    assert len(shards) == 3
    _single_process(str(tmp_path / "single.sqlite"), shards, spec)

    out = tmp_path / "parquet"
    reports = run_dask(shards, out, spec=spec, local_workers=2)
    assert [r.index for r in reports] == [0, 1, 2]
    assert sum(r.rejected for r in reports) == 1
    assert any("E112" in msg for r in reports for msg in r.rejections)
    assert sum(r.events for r in reports) == len(list(iter_shard_events(out))) > 0

    distributed = str(tmp_path / "distributed.sqlite")
    with Store(distributed) as store:
        loaded = load_shards(store, out)
        assert loaded.duplicates == 1 and loaded.articles == 7
        again = load_shards(store, out)  # idempotent
        assert again.articles == 0 and again.events == 0
    single_articles, single_events = _snapshot(str(tmp_path / "single.sqlite"))
    dist_articles, dist_events = _snapshot(distributed)
    assert dist_articles == single_articles
    assert dist_events == single_events
    assert len(single_events) >= 5
