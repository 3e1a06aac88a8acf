"""Event-type macro-F1 on the synthetic PLOVER stories, 5-fold stratified cross-validation.

(a) the lexicon/dependency detector of the `events` component (+ `status`), used
    document-level: a story's type is the type with the largest summed event confidence,
    "NONE" when it yields no event. Two ways of counting: "majority" (every event
    alike) and "title+plover" (title events count three times; a threatened action
    counts as THREATEN and a planned withdrawal or cooperation as CONCEDE/AGREE, as
    PLOVER codes intent). The detector is not trained: folds only split the evaluation.
(b) the TF-IDF + logistic-regression classifier of bench/train_event_classifier.py,
    trained on four folds and tested on the fifth.
(c) (b) with the detector's per-type shares appended as features: does the detector
    add anything the classifier does not already know?

    python bench/eval_event_types.py [--limit N] [--docbin parsed.spacy]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from chronicler.extract.events import events_for_doc  # noqa: E402
from chronicler.extract.lexicon import load_lexicon  # noqa: E402
from chronicler.pipeline import DocContext  # noqa: E402
from chronicler.records import EVENT_TYPES  # noqa: E402
from train_event_classifier import SEED, build_classifier, load_training  # noqa: E402

# PLOVER codes a promised or threatened action by its intent, where chronicler keeps the
# action's type and records the intent as its status. Map back before comparing.
PLOVER_BY_STATUS = {
    ("threatened", None): "THREATEN",
    ("planned", "RETREAT"): "CONCEDE",
    ("planned", "CONCEDE"): "CONCEDE",
    ("planned", "COOPERATE"): "AGREE",
    ("planned", "AID"): "AGREE",
    ("planned", "CONSULT"): "AGREE",
}


def plover_type(event_type: str, status: str) -> str:
    return (
        PLOVER_BY_STATUS.get((status, None))
        or PLOVER_BY_STATUS.get((status, event_type))
        or event_type
    )


def detector_scores(texts: list[str], docbin: Path | None) -> list[dict[str, Counter[str]]]:
    """Per document: summed event confidence per type, under three ways of counting."""
    from chronicler.analyse.nlp import load_nlp
    from chronicler.extract.status import make_status

    nlp = load_nlp()
    lex = load_lexicon()
    status = make_status()
    if docbin is not None and docbin.exists():
        from spacy.tokens import DocBin

        docs = DocBin().from_disk(docbin).get_docs(nlp.vocab)
    else:
        docs = nlp.pipe(texts, batch_size=64)
    out: list[dict[str, Counter[str]]] = []
    for n, doc in enumerate(docs):
        ctx = DocContext(article_id=str(n), text=doc.text, published=None, doc=doc)
        ctx.events = events_for_doc(ctx, lex)
        status(ctx)
        title_end = doc.text.find("\n")
        ways: dict[str, Counter[str]] = {"majority": Counter(), "title+plover": Counter()}
        for ev in ctx.events:
            ways["majority"][ev.event_type] += ev.confidence
            weight = 3.0 if ev.trigger.start < title_end else 1.0
            ways["title+plover"][plover_type(ev.event_type, ev.status)] += weight * ev.confidence
        out.append(ways)
    return out


def detector_label(counts: Counter[str]) -> str:
    return counts.most_common(1)[0][0] if counts else "NONE"


# TF-IDF rows are L2-normalised over hundreds of n-grams (values around 0.05); shares
# scaled to the same order keep the regulariser from favouring the 16 detector features.
RULE_FEATURE_SCALE = 0.1


def rule_features(scores: list[Counter[str]]) -> Any:
    """Detector type shares per document (rows sum to RULE_FEATURE_SCALE)."""
    from scipy.sparse import csr_matrix

    rows = []
    for c in scores:
        total = sum(c.values()) or 1.0
        rows.append([RULE_FEATURE_SCALE * c.get(t, 0.0) / total for t in EVENT_TYPES])
    return csr_matrix(rows)


def main() -> None:
    import numpy as np
    from scipy.sparse import hstack
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, help="use only the first N stories (quick look)")
    parser.add_argument("--docbin", type=Path, help="parsed stories cached by an earlier run")
    args = parser.parse_args()
    texts, labels = load_training()
    if args.limit:
        texts, labels = texts[: args.limit], labels[: args.limit]
    y = np.array(labels)
    started = time.perf_counter()
    scores = detector_scores(texts, args.docbin)
    parse_s = time.perf_counter() - started
    rule_pred = {way: np.array([detector_label(s[way]) for s in scores]) for way in scores[0]}
    feats = rule_features([s["title+plover"] for s in scores])
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)
    results: dict[str, list[float]] = {f"rules ({way})": [] for way in rule_pred}
    results.update({"classifier": [], "classifier+rules": []})
    for train, test in folds.split(texts, y):
        present = sorted(set(y[test]))

        def f1(pred: Any, test: Any = test, present: list[str] = present) -> float:
            return float(f1_score(y[test], pred, labels=present, average="macro"))

        for way, pred in rule_pred.items():
            results[f"rules ({way})"].append(f1(pred[test]))
        model = build_classifier().fit([texts[i] for i in train], y[train])
        results["classifier"].append(f1(model.predict([texts[i] for i in test])))
        vec, clf = model.steps[0][1], build_classifier().steps[1][1]
        x_train = hstack([vec.transform([texts[i] for i in train]), feats[train]])
        x_test = hstack([vec.transform([texts[i] for i in test]), feats[test]])
        results["classifier+rules"].append(f1(clf.fit(x_train, y[train]).predict(x_test)))
    best = rule_pred["title+plover"]
    coverage = float(np.mean(best != "NONE"))
    print(f"{len(texts)} stories, 5-fold stratified CV (seed {SEED}); parse+detect {parse_s:.0f}s")
    print(f"detector finds at least one event in {coverage:.1%} of stories")
    for name, values in results.items():
        print(f"{name:24s} macro-F1 {np.mean(values):.3f} ± {np.std(values):.3f}")
    print("\nper-type F1 of the detector, title+plover (all stories):")
    per_type = f1_score(y, best, labels=list(EVENT_TYPES), average=None)
    for name, value in zip(EVENT_TYPES, per_type, strict=True):
        print(f"  {name:10s} {value:.2f}")


if __name__ == "__main__":
    main()
