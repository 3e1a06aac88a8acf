"""One component of another checkout against this tree's, in one process, on the same parses.

On a shared machine two runs of bench/component_cpu.py minutes apart differ by more than a
speed-up of 10% (the parse alone went from 185 to 440 ms a story under other people's
load). This runs both versions of one component in the same process, alternating which
goes first on each story, each on its own copy of the context that the earlier components
of this tree made, and prints their CPU per story and ratio, and whether their events and
attributions are equal. The other version is the component's module loaded from
`--base-src` (its imports still come from this tree, so a change split over several
modules is only partly measured):

    git archive 19fbe73 src | tar -x -C /tmp/base
    PYTHONPATH=src python bench/component_ab.py attribution extract/attribution.py \\
        --base-src /tmp/base/src --n 60
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import importlib.util
import sys
import time
from collections.abc import Callable
from typing import Any

from component_cpu import published
from throughput import load_corpus, replicate


def load_base_component(name: str, module_file: str, registry: dict[str, Any]) -> Any:
    """The component `name` built by the base checkout's module (the registry is restored:
    importing the module registers its components again)."""
    saved = dict(registry)
    spec = importlib.util.spec_from_file_location(f"base_{name}", module_file)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    component = registry[name].factory()
    registry.clear()
    registry.update(saved)
    return component


def prepared_states(pipeline: Any, component: str, n: int) -> list[Any]:
    """`n` stories parsed once, each run through the components before `component`: the
    context that the component receives in a real run."""
    from chronicler.analyse.tokens import remember_text
    from chronicler.pipeline import DocContext

    records = list(replicate(load_corpus(), n))
    docs = list(pipeline.nlp.pipe([r["text"] for r in records], batch_size=8))
    fields = {f.name for f in dataclasses.fields(DocContext)}
    states = []
    for doc, record in zip(docs, records, strict=True):
        given: dict[str, Any] = {"article_id": record["id"], "text": record["text"], "published": published(record),
                                 "doc": doc, "language": "en", "outlet": record["outlet"]}
        ctx = DocContext(**{k: v for k, v in given.items() if k in fields})
        remember_text(doc, record["text"])
        for name, comp in pipeline.components:
            if name == component:
                break
            comp(ctx)
        states.append(ctx)
    return states


def alternate(states: list[Any], runners: dict[str, Callable[[Any], None]], reps: int,
              before: Callable[[str], None] = lambda label: None) -> tuple[dict[str, float], bool]:
    """CPU seconds of each runner over `reps` timed passes (after one warm-up pass, which
    loads what each loads on first use), alternating which goes first on each story, each
    on its own copy of the context; and whether their events and attributions were equal.
    `before(label)` runs untimed before each run (to swap a function in)."""
    from chronicler.analyse.tokens import remember_text

    total = dict.fromkeys(runners, 0.0)
    labels, equal = list(runners), True
    for rep in range(reps + 1):
        for k, ctx in enumerate(states):
            results = {}
            for label in labels if (k + rep) % 2 == 0 else labels[::-1]:
                before(label)
                run = copy.copy(ctx)
                run.events, run.attributions = copy.deepcopy(ctx.events), copy.deepcopy(ctx.attributions)
                run.scratch = dict(ctx.scratch)
                remember_text(run.doc, run.text)  # as Pipeline.process does: doc.text is not rebuilt
                start = time.process_time()
                runners[label](run)
                if rep:
                    total[label] += time.process_time() - start
                results[label] = (repr(run.events), repr(run.attributions))
            equal = equal and len(set(results.values())) == 1
    return total, equal


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("component", help="registered name, e.g. attribution")
    parser.add_argument("module", help="its module under chronicler/, e.g. extract/attribution.py")
    parser.add_argument("--base-src", required=True, help="the other checkout's src folder")
    parser.add_argument("--n", type=int, default=60, help="stories")
    parser.add_argument("--reps", type=int, default=2, help="timed passes (after one warm-up)")
    args = parser.parse_args()

    from chronicler.pipeline import _REGISTRY, Pipeline

    pipeline = Pipeline.from_config()
    ours = dict(pipeline.components)[args.component]
    base = load_base_component(args.component, f"{args.base_src}/chronicler/{args.module}", _REGISTRY)
    states = prepared_states(pipeline, args.component, args.n)
    total, equal = alternate(states, {"base": base, "ours": ours}, args.reps)
    per = {label: 1000 * seconds / args.n / args.reps for label, seconds in total.items()}
    print(f"{args.component}: base {per['base']:.2f} ms/story, this tree {per['ours']:.2f} ms/story, "
          f"ratio {total['ours'] / total['base']:.3f}; outputs equal: {equal}")


if __name__ == "__main__":
    main()
