"""PIPELINE_VERSION: derived from the content that shapes output, stable across installs, and
re-processing under a new version keeps analysts' corrections."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from chronicler import version as V
from chronicler.cli import app
from chronicler.config import data_dir
from chronicler.store import Store

SRC = Path(V.__file__).resolve().parents[1]


def _copy_tree(tmp_path: Path) -> Path:
    root = tmp_path / "chronicler"
    for rel in V.shaping_files():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(V.PACKAGE_ROOT / rel, target)
    return root


def test_version_is_release_and_content_hash() -> None:
    assert re.fullmatch(r"\d{4}\.\d{2}-[0-9a-f]{10}", V.PIPELINE_VERSION)
    assert f"{V.RELEASE}-{V.content_hash()[:V.HASH_LENGTH]}" == V.PIPELINE_VERSION
    names = {p.as_posix() for p in V.shaping_files()}
    for expected in ("pipeline.py", "extract/events.py", "resolve/places.py", "data/lang/en/triggers.tsv",
                     "data/kb/mexico.json", "data/gazetteer/mx_states.csv"):  # fmt: skip
        assert expected in names
    assert not any("__pycache__" in n or n.endswith(".pyc") for n in names)
    assert not any(n.startswith(("serve/", "export/", "data/sample/", "cli/")) for n in names)


def test_version_is_the_same_from_anywhere(tmp_path: Path) -> None:
    """Another process, working directory and hash seed: the same version (a copy of the
    files elsewhere hashes the same too, so the install location does not matter)."""
    env = {**os.environ, "PYTHONPATH": str(SRC), "PYTHONHASHSEED": "123"}
    out = subprocess.run([sys.executable, "-c", "from chronicler.version import PIPELINE_VERSION as v; print(v)"],
                         cwd=tmp_path, env=env, capture_output=True, text=True, check=True)  # fmt: skip
    assert out.stdout.strip() == V.PIPELINE_VERSION
    assert V.content_hash(_copy_tree(tmp_path)) == V.content_hash()


def test_any_change_to_what_shapes_output_changes_the_version(tmp_path: Path) -> None:
    root = _copy_tree(tmp_path)
    before = V.content_hash(root)
    (root / "__pycache__").mkdir(exist_ok=True)
    (root / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"\0")
    assert V.content_hash(root) == before  # compiled files do not count
    lexicon = root / "data" / "lang" / "en" / "triggers.tsv"
    lexicon.write_bytes(lexicon.read_bytes() + b"\n")
    changed = V.content_hash(root)
    assert changed != before
    (root / "data" / "lang" / "xx").mkdir()
    (root / "data" / "lang" / "xx" / "pack.json").write_text("{}")  # a new file is picked up by the globs
    assert V.content_hash(root) not in (before, changed)
    assert V.content_hash(root, extra=["spacy==0.0"]) != V.content_hash(root)  # the model's version counts


def test_reprocessing_under_a_new_version_keeps_corrections(tmp_path: Path) -> None:
    from chronicler.incidents import apply_correction, find_incident, update_incidents
    from chronicler.pipeline import Pipeline
    from chronicler.process import process_pending
    from chronicler.records import Correction
    from chronicler.store.query import Filters, query_incidents

    db = str(tmp_path / "v.sqlite")
    runner = CliRunner()
    sample = data_dir() / "sample" / "stories.jsonl"
    assert runner.invoke(app, ["--db", db, "ingest", str(sample)]).exit_code == 0
    with Store(db) as store:
        old = Pipeline.from_config()
        old.version = "2025.01-0123456789"  # what an earlier release stored
        process_pending(store, old)
        update_incidents(store)
        target = next(i for i in query_incidents(store, Filters(), limit=100).items if i["grade"] != "confirmed")
        apply_correction(store, Correction(target_kind="incident", target_id=target["id"], action="edit",
                                           payload={"field": "grade", "value": "confirmed"}, author="ana"))  # fmt: skip
        assert store.stats()["articles_by_version"] == {"2025.01-0123456789": 12}
    result = runner.invoke(app, ["--db", db, "process", "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "12 articles processed" in result.output and V.PIPELINE_VERSION in result.output
    with Store(db) as store:
        assert store.stats()["articles_by_version"] == {V.PIPELINE_VERSION: 12}
        again = find_incident(store, target["id"])
        assert again.grade == "confirmed" and again.corrected
    stats = runner.invoke(app, ["--db", db, "stats"])
    assert f"{V.PIPELINE_VERSION} 12" in stats.output
    assert "12 articles processed" not in runner.invoke(app, ["--db", db, "process"]).output  # nothing left
