"""The `chronicler` command line. Each stage's commands live in their own module."""

from __future__ import annotations

import sys

from chronicler.cli.app import app, console, err_console
from chronicler.errors import ChroniclerError

# Importing the command modules registers their commands on `app`.
from chronicler.cli import core_cmds as _core_cmds  # noqa: E402,F401  isort: skip

_OPTIONAL_COMMAND_MODULES = (
    "chronicler.cli.extract_cmds",
    "chronicler.cli.attribution_cmds",
    "chronicler.cli.incident_cmds",
    "chronicler.cli.serve_cmds",
    "chronicler.cli.scale_cmds",
    "chronicler.cli.export_cmds",
)


def _load_optional_commands() -> None:
    import importlib

    for module in _OPTIONAL_COMMAND_MODULES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise


_load_optional_commands()


def main() -> None:
    """Entry point: catalogue errors become one line on stderr and exit code 2."""
    try:
        app()
    except ChroniclerError as exc:
        err_console.print(f"[bold red]error[/] {exc.one_line()}", highlight=False, soft_wrap=True)
        sys.exit(2)
    except KeyboardInterrupt:
        err_console.print("interrupted: work committed so far is kept; re-run to finish")
        sys.exit(130)


__all__ = ["app", "console", "main"]
