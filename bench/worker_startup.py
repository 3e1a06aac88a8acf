"""CPU a pipeline worker spends before its first story is done, in a fresh process.

Imports `chronicler.process` (what a worker imports for its task), builds the default
pipeline (`PipelineSpec().build()`, as `_worker_extract` does) and extracts one short story
(the components' first-use loads: the typer's encoder, the toll patterns). Prints the CPU of
each step. Run it against another checkout's code with PYTHONPATH, alternating:

    PYTHONPATH=src python bench/worker_startup.py
    PYTHONPATH=../base/src python bench/worker_startup.py      # commit 19fbe73
"""

from __future__ import annotations

import time

STORY = ("Gunmen killed two police officers in Celaya, Guanajuato, on Monday, officials said. "
         "The attack was claimed by a cartel.")


def main() -> None:
    started = time.process_time()
    import chronicler.process as process

    imported = time.process_time()
    pipeline = process.PipelineSpec().build()
    built = time.process_time()
    try:
        from chronicler.pipeline import Input

        items: list = [Input("a", STORY, None)]
    except ImportError:  # an older checkout: (id, text, date) tuples
        items = [("a", STORY, None)]
    extract = getattr(process, "extract_guarded", None) or process.extract_items
    extract(pipeline, items)
    done = time.process_time()
    print(f"import {imported - started:.2f} s, build {built - imported:.2f} s, "
          f"first story {done - built:.2f} s: {done - started:.2f} s of CPU")


if __name__ == "__main__":
    main()
