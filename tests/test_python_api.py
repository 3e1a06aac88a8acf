"""The public Python API: `chronicler.extract` and `chronicler.Store` work any number of
times, in any import order (each case runs in a fresh interpreter)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import chronicler

SRC = Path(chronicler.__file__).resolve().parents[1]

STORY = "Gunmen killed five police officers in Culiacán on Thursday."
CHECK = f"""
events = chronicler.extract({STORY!r}, published="2026-03-12")
again = chronicler.extract({STORY!r}, published=dt.date(2026, 3, 12), language="en")
assert callable(chronicler.extract), type(chronicler.extract)
assert [e.model_dump() for e in events] == [e.model_dump() for e in again] and events
assert events[0].event_type == "ASSAULT" and events[0].date.start == dt.date(2026, 3, 12)
with chronicler.Store(str(Path(sys.argv[1]) / "x.sqlite")) as store:
    assert store.stats()["articles"] == 0
print("ok", len(events))
"""

ORDERS = {
    "subpackages first": "import chronicler.extract.events, chronicler.extract.status, chronicler.pipeline\n"
                         "from chronicler.extract import toll\nimport chronicler\n",
    "package first": "import chronicler\nimport chronicler.extract.attribution\nimport chronicler.pipeline\n",
    "pipeline built first": "from chronicler.pipeline import Pipeline\nPipeline.from_config()\nimport chronicler\n",
}


@pytest.mark.parametrize("order", list(ORDERS))
def test_extract_and_store_in_any_import_order(order: str, tmp_path: Path) -> None:
    script = "import datetime as dt, sys\nfrom pathlib import Path\n" + ORDERS[order] + CHECK
    # a submodule imported between two calls must not shadow the function either
    script += "import chronicler.extract.toll, chronicler.resolve.dates\n" + CHECK
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(script), str(tmp_path)], env=env,
                         capture_output=True, text=True, timeout=300)  # fmt: skip
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.count("ok 1") == 2


def test_api_is_typed_and_checks_its_input() -> None:
    import inspect

    from chronicler.errors import ChroniclerError

    signature = inspect.signature(chronicler.extract)
    assert list(signature.parameters) == ["text", "published", "language"]
    assert signature.parameters["language"].default is None  # detected from the text when not given
    assert chronicler.Store.__name__ == "Store" and chronicler.PIPELINE_VERSION.startswith("20")
    with pytest.raises(ChroniclerError, match="E403"):
        chronicler.extract(STORY, published="last Thursday")
    with pytest.raises(ChroniclerError, match="E403"):
        chronicler.extract(b"bytes")  # type: ignore[arg-type]
