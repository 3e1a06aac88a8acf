"""The core CLI commands, run as the user runs them (a real subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema

from tests.factories import make_article, make_event


def chronicler(*args: str, db: str | None = None) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "chronicler"]
    if db:
        cmd += ["--db", db]
    return subprocess.run([*cmd, *args], capture_output=True, text=True, timeout=120)


def test_schema_is_valid_json_schema_and_describes_records() -> None:
    result = chronicler("schema")
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    article = make_article("Marines detained four suspects in Tijuana on Friday, the navy said.")
    event = make_event(article, "detained", event_type="COERCE", mode="arrest")
    jsonschema.validate(json.loads(event.model_dump_json()), schema)
    jsonschema.validate(json.loads(article.model_dump_json()), schema)


def test_schema_rejects_a_bad_record() -> None:
    schema = json.loads(chronicler("schema", "--record", "Event").stdout)
    bad = {"id": "x", "article_id": "y", "event_type": "BOMBING"}
    assert not jsonschema.Draft202012Validator(schema).is_valid(bad)


def test_unknown_record_name_is_a_usage_error() -> None:
    result = chronicler("schema", "--record", "Nope")
    assert result.returncode == 2
    assert "[E403]" in result.stderr


def test_stats_json_on_fresh_database(tmp_path: Path) -> None:
    result = chronicler("stats", "--json", db=str(tmp_path / "s.sqlite"))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["articles"] == 0


def test_dead_database_gets_one_clear_line_and_exit_2() -> None:
    result = chronicler("stats", db="postgresql://127.0.0.1:1/nothing")
    assert result.returncode == 2
    assert "[E201]" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_folder_for_sqlite_file_is_clear(tmp_path: Path) -> None:
    result = chronicler("stats", db=str(tmp_path / "no" / "such" / "dir" / "x.sqlite"))
    assert result.returncode == 2
    assert "does not exist" in result.stderr


def test_bad_filter_value_is_explained(tmp_path: Path) -> None:
    result = chronicler("events", "--type", "BOMBING", db=str(tmp_path / "f.sqlite"))
    assert result.returncode == 2
    assert "[E401]" in result.stderr and "ASSAULT" in result.stderr


def test_doctor_reports_database_failure(tmp_path: Path) -> None:
    ok = chronicler("doctor", db=str(tmp_path / "d.sqlite"))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "spaCy model" in ok.stdout
    bad = chronicler("doctor", db="postgresql://127.0.0.1:1/nothing")
    assert bad.returncode == 1
    assert "fix:" in bad.stdout
