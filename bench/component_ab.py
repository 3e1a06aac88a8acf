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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("component", help="registered name, e.g. attribution")
    parser.add_argument("module", help="its module under chronicler/, e.g. extract/attribution.py")
    parser.add_argument("--base-src", required=True, help="the other checkout's src folder")
    parser.add_argument("--n", type=int, default=60, help="stories")
    parser.add_argument("--reps", type=int, default=2, help="timed passes (after one warm-up)")
    args = parser.parse_args()

    from chronicler.analyse.tokens import remember_text
    from chronicler.pipeline import _REGISTRY, DocContext, Pipeline

    pipeline = Pipeline.from_config()
    ours = dict(pipeline.components)[args.component]
    base = load_base_component(args.component, f"{args.base_src}/chronicler/{args.module}", _REGISTRY)
    records = list(replicate(load_corpus(), args.n))
    docs = list(pipeline.nlp.pipe([r["text"] for r in records], batch_size=8))
    fields = {f.name for f in dataclasses.fields(DocContext)}
    states = []
    for doc, record in zip(docs, records, strict=True):
        given: dict[str, Any] = {"article_id": record["id"], "text": record["text"], "published": published(record),
                                 "doc": doc, "language": "en", "outlet": record["outlet"]}
        ctx = DocContext(**{k: v for k, v in given.items() if k in fields})
        for name, comp in pipeline.components:
            if name == args.component:
                break
            comp(ctx)
        states.append(ctx)

    def fresh(ctx: DocContext) -> DocContext:
        out = copy.copy(ctx)
        out.events, out.attributions = copy.deepcopy(ctx.events), copy.deepcopy(ctx.attributions)
        out.scratch = dict(ctx.scratch)
        return out

    total = {"base": 0.0, "ours": 0.0}
    equal = True
    for rep in range(args.reps + 1):
        clock = {"base": 0.0, "ours": 0.0}
        for k, ctx in enumerate(states):
            pair = [("base", base), ("ours", ours)]
            results = {}
            for label, comp in pair if (k + rep) % 2 == 0 else pair[::-1]:
                run = fresh(ctx)
                remember_text(run.doc, run.text)  # as Pipeline.process does: doc.text is not rebuilt
                start = time.process_time()
                comp(run)
                clock[label] += time.process_time() - start
                results[label] = (repr(run.events), repr(run.attributions))
            equal = equal and results["base"] == results["ours"]
        if rep:  # the first pass loads what each loads on first use
            for label in total:
                total[label] += clock[label]
    per = {label: 1000 * seconds / args.n / args.reps for label, seconds in total.items()}
    print(f"{args.component}: base {per['base']:.2f} ms/story, this tree {per['ours']:.2f} ms/story, "
          f"ratio {total['ours'] / total['base']:.3f}; outputs equal: {equal}")


if __name__ == "__main__":
    main()
