"""`chronicler attributions`: who says what in a text file, as JSON lines."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from chronicler.cli.app import app, err_console, print_json
from chronicler.errors import ChroniclerError, E


def read_raw(path: Path) -> str:
    """The file's text exactly as stored (UTF-8, no newline translation), so offsets match."""
    if not path.is_file():
        raise ChroniclerError(E.NOT_FOUND, input=str(path))
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            return fh.read()
    except UnicodeDecodeError as exc:
        raise ChroniclerError(E.BINARY, input=str(path), detail=str(exc)) from exc


def attribution_json(attribution: Any) -> dict[str, Any]:
    """One attribution in the command's JSON shape: offset pairs plus the derived profile."""
    return {
        "source": [[s.start, s.end] for s in attribution.source],
        "cue": [[s.start, s.end] for s in attribution.cue],
        "content": [[s.start, s.end] for s in attribution.content],
        "profile": attribution.profile.model_dump(mode="json", exclude_none=True),
        "outlets": attribution.outlets,
        "hedges": [[s.start, s.end] for s in attribution.hedges],
        "is_request": attribution.is_request,
        "reports_events": attribution.reports_events,
    }


def attributions_document(path: Path, nlp: Any = None) -> dict[str, Any]:
    """`{"doc": stem, "attributions": [...]}` for one file (the Python face of the command)."""
    from chronicler.extract.attribution import attributions_for_text

    text = read_raw(path)
    return {
        "doc": path.stem,
        "attributions": [attribution_json(a) for a in attributions_for_text(text, nlp=nlp)],
    }


@app.command()
def attributions(
    files: list[Path] = typer.Argument(..., help="Text files (UTF-8); offsets refer to their raw text."),
    fmt: str = typer.Option("jsonl", "--format", help="Output format: jsonl (one line per file)."),
) -> None:
    """Print every attribution (source, cue, content spans and source profile) per file."""
    if fmt != "jsonl":
        raise ChroniclerError(E.BAD_OPTION, detail=f"--format {fmt!r}: only 'jsonl' is supported")
    from chronicler.analyse.nlp import load_nlp
    from chronicler.config import Settings

    nlp = load_nlp(Settings().spacy_model)
    failed = 0
    for path in files:
        try:
            print_json(attributions_document(path, nlp=nlp))
        except ChroniclerError as exc:  # one bad file does not stop the others
            failed += 1
            err_console.print(f"[{exc.code}] {exc.message} — {exc.fix}", highlight=False, markup=False)
    if failed:
        raise typer.Exit(code=1)
