"""The error catalogue: unique codes, every entry with a fix, and docs kept in step."""

from __future__ import annotations

from pathlib import Path

from chronicler.errors import ChroniclerError, E, catalogue, catalogue_markdown

DOCS = Path(__file__).resolve().parents[1] / "docs" / "errors.md"


def test_codes_are_unique_and_every_error_says_what_to_do() -> None:
    codes = [spec.code for spec in catalogue()]
    assert len(codes) == len(set(codes))
    assert all(spec.fix.strip() and spec.message.strip() for spec in catalogue())


def test_docs_list_every_code() -> None:
    assert DOCS.read_text(encoding="utf-8") == catalogue_markdown(), (
        "docs/errors.md is stale: regenerate it with the command at its top"
    )


def test_one_line_names_code_reason_and_fix() -> None:
    error = ChroniclerError(E.DB_UNREACHABLE, detail="sqlite:///x: no such folder")
    line = error.one_line()
    assert line.startswith("[E201] database unreachable: sqlite:///x: no such folder — ")
    assert "\n" not in line
