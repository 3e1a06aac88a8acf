"""Where the bench scripts find things, whatever the working directory.

`REPO` is this checkout; `shared_dir()` the read-only shared data folder: `$CHRONICLER_SHARED`
when set, else the first `shared/` found beside the repository or above it (`../shared` for
the main checkout, `../../shared` for a worktree under `wt/`). Data is read from there, never
copied into the repository.

Scripts import it as `from shared_paths import REPO, shared_dir` (Python puts a script's own
folder first on `sys.path`, so this works from any directory).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
RESULTS = BENCH / "results"
SRC = REPO / "src"


def shared_dir() -> Path:
    """The shared data folder; exits with a message naming what to set when there is none."""
    env = os.environ.get("CHRONICLER_SHARED")
    if env:
        path = Path(env).expanduser().resolve()
        if path.is_dir():
            return path
        sys.exit(f"CHRONICLER_SHARED={env} is not a folder")
    for folder in (REPO, *REPO.parents):
        candidate = folder / "shared"
        if candidate.is_dir() and candidate != REPO / "src":
            return candidate
    sys.exit(f"no shared data folder found above {REPO}: set CHRONICLER_SHARED to it")


def shared(*parts: str) -> Path:
    """A path inside the shared folder (not checked: scripts report missing files themselves)."""
    return shared_dir().joinpath(*parts)


def use_this_checkout() -> None:
    """Import chronicler from this checkout's src/ even when another copy is installed."""
    if str(SRC) not in sys.path:
        sys.path.insert(0, str(SRC))
