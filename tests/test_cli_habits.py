"""The CLI fits common habits: id prefixes, options after the subcommand, --pretty, --published,
missing inputs failing before a database exists, errors in the user's option names, --search."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chronicler.cli import app
from chronicler.cli.app import hoist_global_options
from chronicler.store import Store
from tests.test_export import make_incident

runner = CliRunner()
STORY = ("Gunmen killed five police officers in Navolato, Sinaloa, on Thursday, state prosecutors said. "
         "Soldiers later arrested two suspects in Culiacán.")  # fmt: skip


@pytest.fixture(scope="module")
def run_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store built by `run` from one undated story, dated with --published."""
    folder = tmp_path_factory.mktemp("habits")
    story = folder / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    db = str(folder / "run.sqlite")
    result = runner.invoke(app, ["run", str(story), "--published", "2026-03-12", "--db", db, "--workers", "1"])
    assert result.exit_code == 0, result.output
    return db


def test_run_published_dates_undated_files(run_db: str) -> None:
    with Store(run_db) as store:
        (article,) = list(store.iter_articles())
        events = store.events_for_article(article.id)
    assert article.published_at is not None and article.published_at.date().isoformat() == "2026-03-12"
    assert any(e.date and e.date.start and e.date.start.isoformat() == "2026-03-12" for e in events)
    bad = runner.invoke(app, ["ingest", "--published", "12/03/2026", "-"], input="x" * 50)
    assert bad.exit_code != 0 and "--published" in str(bad.exception)


def test_id_prefixes_are_accepted_everywhere(run_db: str) -> None:
    listing = runner.invoke(app, ["incidents", "--json", "--db", run_db])
    incidents = [json.loads(line) for line in listing.stdout.splitlines()]
    target = next(i for i in incidents if i["event_type"] == "ASSAULT")
    prefix = target["id"][:9]
    assert sum(i["id"].startswith(prefix) for i in incidents) == 1
    shown = runner.invoke(app, ["incident", prefix, "--json", "--db", run_db])
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["id"] == target["id"]
    history = runner.invoke(app, ["history", prefix, "--db", run_db])
    assert history.exit_code == 0 and target["id"] in history.stdout
    confirmed = runner.invoke(app, ["correct", "confirm", prefix, "--author", "ana", "--json", "--db", run_db])
    assert confirmed.exit_code == 0, confirmed.output
    assert json.loads(confirmed.stdout.splitlines()[0])["grade"] == "confirmed"
    event_id = json.loads(shown.stdout)["event_ids"][0]
    edited = runner.invoke(app, ["correct", "edit", event_id[:8], "--field", "killed", "--value", "6",
                                 "--author", "ana", "--db", run_db])  # fmt: skip
    assert edited.exit_code == 0, edited.output
    article = json.loads(runner.invoke(app, ["articles", "--json", "--db", run_db]).stdout)["id"]
    events = runner.invoke(app, ["events", "--article", article[:6], "--json", "--db", run_db])
    assert event_id in events.stdout


def test_ambiguous_prefix_lists_the_candidates(tmp_path: Path) -> None:
    db = str(tmp_path / "p.sqlite")
    with Store(db) as store:
        store.replace_incidents([make_incident(n, id=f"inc-0b3670{n}") for n in range(3)])
    result = runner.invoke(app, ["incident", "inc-0b36", "--db", db])
    assert result.exit_code != 0 and "E430" in str(result.exception)
    assert all(f"inc-0b3670{n}" in str(result.exception) for n in range(3))
    assert runner.invoke(app, ["incident", "inc-0b36701", "--db", db]).exit_code == 0
    missing = runner.invoke(app, ["incident", "inc-ffff", "--db", db])
    assert "E402" in str(missing.exception)


def test_global_options_before_or_after_the_subcommand(tmp_path: Path) -> None:
    db = str(tmp_path / "g.sqlite")
    with Store(db) as store:
        store.replace_incidents([make_incident(n) for n in range(3)])
    for args in (["--db", db, "incidents", "--json"], ["incidents", "--json", "--db", db],
                 ["incidents", f"--db={db}", "--json", "--quiet"], ["--quiet", "incidents", "--db", db, "--json"]):  # fmt: skip
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (args, result.output)
        assert len(result.stdout.splitlines()) == 3, args
    assert hoist_global_options(["export", "--text", "--", "--db", "x"], ["export"]) == ["export", "--text", "--", "--db", "x"]
    assert hoist_global_options(["--db", "incidents", "incidents"], ["incidents"])[:2] == ["--db", "incidents"]


def test_missing_input_fails_before_a_database_is_created(tmp_path: Path) -> None:
    db = tmp_path / "never.sqlite"
    for command in ("run", "ingest"):
        result = runner.invoke(app, ["--db", str(db), command, str(tmp_path / "nope.txt")])
        assert result.exit_code != 0 and "E108" in str(result.exception), command
        assert not db.exists(), command


def test_errors_name_the_options_the_user_typed(tmp_path: Path) -> None:
    db = str(tmp_path / "e.sqlite")
    result = runner.invoke(app, ["incidents", "--since", "2026-05-01", "--until", "2026-01-01", "--db", db])
    message = str(result.exception)
    assert "--since" in message and "--until" in message and "date_from" not in message and "date_to" not in message
    result = runner.invoke(app, ["events", "--since", "May 1st", "--db", db])
    assert "--since" in str(result.exception)
    result = runner.invoke(app, ["incidents", "--type", "BOMBING", "--db", db])
    assert "--type" in str(result.exception) and "event_type" not in str(result.exception)


def test_search_option_and_readable_extract(run_db: str) -> None:
    for flag in ("--search", "-q"):
        hits = runner.invoke(app, ["incidents", flag, "Navolato", "--json", "--db", run_db])
        assert hits.exit_code == 0 and hits.stdout.strip(), flag
        none = runner.invoke(app, ["events", flag, "zzzunknownword", "--json", "--db", run_db])
        assert none.exit_code == 0 and not none.stdout.strip(), flag
    pretty = runner.invoke(app, ["extract", "--pretty", "--text", STORY, "--published", "2026-03-12", "--workers", "1"])
    assert pretty.exit_code == 0, pretty.output
    for cell in ("type", "status", "ASSAULT", "occurred", "→", "Navolato", "2026-03-12", "5 killed"):
        assert cell in pretty.stdout, cell
    assert not pretty.stdout.lstrip().startswith("{")


def test_jsonl_input_format_is_documented() -> None:
    docs = (Path(__file__).resolve().parents[1] / "docs" / "input.md").read_text(encoding="utf-8")
    for command in ("ingest", "run", "extract"):
        text = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"}).stdout
        for field in ("text", "id", "title", "url", "published", "outlet"):
            assert f"`{field}`" in text or field in text, (command, field)
    for field in ("text", "id", "title", "url", "published", "outlet", "author"):
        assert f"`{field}`" in docs, field
