"""Event-type macro-F1 on the synthetic PLOVER stories, 5-fold stratified cross-validation.

(a) the lexicon/dependency detector of the `events` component, used document-level: a
    story's type is the type with the largest summed confidence among its events (ties:
    the first), "NONE" when it yields no event. It is not trained, so the folds only
    split the evaluation; it is scored on the same test folds as (b).
(b) the TF-IDF + logistic-regression classifier of bench/train_event_classifier.py,
    trained on four folds and tested on the fifth.
(c) (b) with the detector's per-type confidence sums appended as features: does the
    detector add anything the classifier does not already know?

    python bench/eval_event_types.py [--limit N]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from chronicler.extract.events import events_for_doc  # noqa: E402
from chronicler.extract.lexicon import load_lexicon  # noqa: E402
from chronicler.pipeline import DocContext  # noqa: E402
from chronicler.records import EVENT_TYPES  # noqa: E402
from train_event_classifier import SEED, build_classifier, load_training  # noqa: E402


def detector_scores(texts: list[str]) -> list[Counter[str]]:
    """Summed event confidence per type, per document, from the events component."""
    from chronicler.analyse.nlp import load_nlp

    nlp = load_nlp()
    lex = load_lexicon()
    scores: list[Counter[str]] = []
    for n, doc in enumerate(nlp.pipe(texts, batch_size=64)):
        ctx = DocContext(article_id=str(n), text=doc.text, published=None, doc=doc)
        counts: Counter[str] = Counter()
        for ev in events_for_doc(ctx, lex):
            counts[ev.event_type] += ev.confidence
        scores.append(counts)
    return scores


def detector_label(counts: Counter[str]) -> str:
    return counts.most_common(1)[0][0] if counts else "NONE"


def main() -> None:
    import numpy as np
    from scipy.sparse import csr_matrix, hstack
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, help="use only the first N stories (quick look)")
    args = parser.parse_args()
    texts, labels = load_training()
    if args.limit:
        texts, labels = texts[: args.limit], labels[: args.limit]
    y = np.array(labels)
    started = time.perf_counter()
    scores = detector_scores(texts)
    parse_s = time.perf_counter() - started
    rule_pred = np.array([detector_label(c) for c in scores])
    rule_feats = csr_matrix([[c.get(t, 0.0) for t in EVENT_TYPES] for c in scores])
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)
    results: dict[str, list[float]] = {"rules": [], "classifier": [], "classifier+rules": []}
    for train, test in folds.split(texts, y):
        present = sorted(set(y[test]))
        results["rules"].append(f1_score(y[test], rule_pred[test], labels=present, average="macro"))
        model = build_classifier().fit([texts[i] for i in train], y[train])
        pred = model.predict([texts[i] for i in test])
        results["classifier"].append(f1_score(y[test], pred, labels=present, average="macro"))
        vec, clf = model.steps[0][1], build_classifier().steps[1][1]
        x_train = hstack([vec.transform([texts[i] for i in train]), rule_feats[train]])
        x_test = hstack([vec.transform([texts[i] for i in test]), rule_feats[test]])
        clf.fit(x_train, y[train])
        combo = clf.predict(x_test)
        results["classifier+rules"].append(
            f1_score(y[test], combo, labels=present, average="macro")
        )
    coverage = float(np.mean(rule_pred != "NONE"))
    print(f"{len(texts)} stories, 5-fold stratified CV (seed {SEED}); parse+detect {parse_s:.0f}s")
    print(f"detector finds at least one event in {coverage:.1%} of stories")
    for name, values in results.items():
        print(f"{name:18s} macro-F1 {np.mean(values):.3f} ± {np.std(values):.3f}")
    print("\nper-type F1 of the detector (all stories):")
    per_type = f1_score(y, rule_pred, labels=list(EVENT_TYPES), average=None)
    for name, value in zip(EVENT_TYPES, per_type, strict=True):
        print(f"  {name:10s} {value:.2f}")


if __name__ == "__main__":
    main()
