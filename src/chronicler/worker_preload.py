"""Built once in the fork server, before it forks the extraction workers (process.py).

Each worker used to build the pipeline itself: load the spaCy model, and then, on its first
articles, the typer's sentence encoder (about 1 s of CPU: its tokenizer model is parsed in
pure Python), the compiled count patterns, the gazetteer. With `forkserver`, the server
imports this module before it forks any worker; when the parent has put a pipeline spec in
`PRELOAD_ENV`, the module builds that pipeline, runs it once over the first packaged sample
story (so that every component's first-use loads happen here), and leaves it where
`process._worker_extract` finds it. Each worker then starts with the pipeline built, its
pages shared with the server until written. A worker whose spec differs from the preloaded
one builds its own, as before; any failure here is left for the workers to raise with its
catalogue code.
"""

from __future__ import annotations

import base64
import gc
import json
import os
import pickle
from typing import Any

PRELOAD_ENV = "CHRONICLER_WORKER_PRELOAD"


def encode_spec(spec: Any) -> str:
    return base64.b64encode(pickle.dumps(spec)).decode("ascii")


def warm(pipeline: Any) -> None:
    """Run the pipeline once over the first packaged sample story (its first-use loads)."""
    from chronicler.config import data_dir
    from chronicler.pipeline import Input

    sample = data_dir() / "sample" / "stories.jsonl"
    try:
        first = json.loads(sample.read_text(encoding="utf-8").splitlines()[0])
    except (OSError, IndexError, ValueError):
        return
    text = first.get("text")
    if isinstance(text, str) and text:
        list(pipeline.run([Input("chronicler-warm-up", text)]))


def _preload() -> None:
    raw = os.environ.get(PRELOAD_ENV)
    if not raw:
        return
    try:
        from chronicler import process

        spec = pickle.loads(base64.b64decode(raw))  # noqa: S301 - written by our own parent
        pipeline = spec.build()
        warm(pipeline)
        process.preloaded(spec, pipeline)
    except Exception:  # noqa: BLE001 - the workers build their own and report the error
        return
    gc.freeze()  # what is built stays out of the collector's scans: fewer shared pages copied


_preload()
