"""The `chronicler` command line. Each stage's commands live in their own module."""

from __future__ import annotations

import sys

from rich.markup import escape

from chronicler.cli.app import app, console, err_console
from chronicler.errors import ChroniclerError

# Importing the command modules registers their commands on `app`; each
# stage keeps its commands beside the others' in its own module.
from chronicler.cli import (  # noqa: E402,F401  isort: skip
    core_cmds,
    extract_cmds,
    attribution_cmds,
    incident_cmds,
    serve_cmds,
    scale_cmds,
    export_cmds,
    models_cmds,
)


def main() -> None:
    """Entry point: catalogue errors become one line on stderr and exit code 2."""
    try:
        app()
    except ChroniclerError as exc:
        err_console.print(f"[bold red]error[/] {escape(exc.one_line())}", markup=True, highlight=False,
                          soft_wrap=True)
        sys.exit(2)
    except KeyboardInterrupt:
        err_console.print("interrupted: work committed so far is kept; re-run to finish")
        sys.exit(130)


__all__ = ["app", "console", "main"]
