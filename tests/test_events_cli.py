"""`chronicler extract` as the user runs it: JSON lines out, nothing stored."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

COMPONENTS = "events,status"  # keep these tests about extraction, not resolution


def chronicler(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "chronicler", "--quiet", "extract", "--components", COMPONENTS]
    return subprocess.run(
        [*cmd, *args], capture_output=True, text=True, timeout=120, cwd=cwd, input=stdin
    )


def test_jsonl_stories_give_one_line_each_and_no_database(tmp_path: Path) -> None:
    stories = tmp_path / "stories.jsonl"
    lines = [
        {
            "id": "a1",
            "text": "Marines detained four suspects in Tijuana.",
            "published": "2026-01-05",
        },
        {"id": "a2", "text": "The weather was mild in Monterrey all week."},
        {"id": "a3", "text": "Officials are weighing drone strikes on cartel labs."},
    ]
    stories.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    result = chronicler(str(stories), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in out] == ["a1", "a2", "a3"]
    assert out[0]["published"] == "2026-01-05"
    assert [e["event_type"] for e in out[0]["events"]] == ["COERCE"]
    assert out[0]["events"][0]["trigger"] == {"start": 8, "end": 16, "text": "detained"}
    assert out[1]["events"] == []
    assert out[2]["events"][0]["status"] == "considered"
    assert not list(tmp_path.glob("*.sqlite"))


def test_inline_text_stdin_and_out_file(tmp_path: Path) -> None:
    target = tmp_path / "events.jsonl"
    result = chronicler(
        "--text", "Gunmen ambushed a patrol near Uruapan.", "-", "--out", str(target),
        cwd=tmp_path, stdin="The navy seized a cocaine shipment in Manzanillo.",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    out = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [[e["event_type"] for e in r["events"]] for r in out] == [["ASSAULT"], ["COERCE"]]


def test_bad_lines_are_named_and_the_rest_go_on(tmp_path: Path) -> None:
    stories = tmp_path / "mixed.jsonl"
    stories.write_text(
        json.dumps({"id": "ok", "text": "Soldiers arrested two men in Culiacán."}) + "\n{oops\n",
        encoding="utf-8",
    )
    result = chronicler(str(stories), cwd=tmp_path)
    assert result.returncode == 1
    assert "E104" in result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["ok"]


def test_bad_date_and_missing_input_are_clear_errors(tmp_path: Path) -> None:
    bad_date = chronicler("--text", "x", "--published", "yesterday", cwd=tmp_path)
    assert bad_date.returncode == 2 and "E403" in bad_date.stderr
    nothing = chronicler(cwd=tmp_path)
    assert nothing.returncode == 2 and "E403" in nothing.stderr


def test_worker_processes_keep_input_order(tmp_path: Path) -> None:
    stories = tmp_path / "many.jsonl"
    texts = [
        "Marines detained four suspects in Tijuana.",
        "The weather was mild in Monterrey all week.",
        "Gunmen ambushed a patrol near Uruapan.",
        "The navy seized a cocaine shipment in Manzanillo.",
    ]
    stories.write_text(
        "".join(json.dumps({"id": f"s{n}", "text": t}) + "\n" for n, t in enumerate(texts)),
        encoding="utf-8",
    )
    result = chronicler(str(stories), "--workers", "2", "--batch-size", "1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in out] == ["s0", "s1", "s2", "s3"]
    assert [[e["event_type"] for e in r["events"]] for r in out] == [
        ["COERCE"],
        [],
        ["ASSAULT"],
        ["COERCE"],
    ]
