"""One function of another checkout against this tree's, inside one component, in one process.

`bench/component_ab.py` swaps a whole component's module, so a change to a helper module the
component imports (cues.py under `arguments`) is measured on both sides. This swaps one
function (or one class's method) of a module of this tree for the same name loaded from
another checkout's file, and times the component with each, alternating which goes first on
each story, each on its own copy of the context that the earlier components made; it prints
their CPU per story and whether their events and attributions are equal:

    PYTHONPATH=src python bench/function_ab.py arguments chronicler.extract.roles find_cues \\
        /work/main/src/chronicler/extract/cues.py --n 60
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from typing import Any

from component_ab import alternate, prepared_states


def load_file(path: str) -> Any:
    """The module at `path`, loaded under its own name (its imports come from this tree)."""
    spec = importlib.util.spec_from_file_location("base_function_ab", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("component", help="registered name, e.g. arguments")
    parser.add_argument("module", help="the module of this tree that the component calls the function through")
    parser.add_argument("name", help="the function, or Class.method, e.g. find_cues")
    parser.add_argument("base_file", help="the other checkout's file that defines it")
    parser.add_argument("--n", type=int, default=60, help="stories")
    parser.add_argument("--reps", type=int, default=3, help="timed passes (after one warm-up)")
    args = parser.parse_args()

    from chronicler.pipeline import Pipeline

    pipeline = Pipeline.from_config()
    component = dict(pipeline.components)[args.component]
    owner, base_owner, attr = importlib.import_module(args.module), load_file(args.base_file), args.name
    if "." in attr:
        cls, attr = attr.split(".", 1)
        owner, base_owner = getattr(owner, cls), getattr(base_owner, cls)
    versions = {"base": getattr(base_owner, attr), "ours": getattr(owner, attr)}
    states = prepared_states(pipeline, args.component, args.n)
    try:
        total, equal = alternate(states, {"base": component, "ours": component}, args.reps,
                                 before=lambda label: setattr(owner, attr, versions[label]))
    finally:
        setattr(owner, attr, versions["ours"])
    per = {label: 1000 * seconds / args.n / args.reps for label, seconds in total.items()}
    print(f"{args.component} with {args.module}.{args.name}: base {per['base']:.2f} ms/story, "
          f"this tree {per['ours']:.2f} ms/story, ratio {total['ours'] / total['base']:.3f}; outputs equal: {equal}")


if __name__ == "__main__":
    main()
