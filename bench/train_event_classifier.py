"""Document-level PLOVER event-type classifier: TF-IDF word n-grams + logistic regression.

Trained on ../shared/data/plover/synthetic_train.csv with a fixed seed. `build_classifier`
is shared with bench/eval_event_types.py, which cross-validates it. Running this script
fits it on all the data and writes a compact JSON artifact (vocabulary, idf, weights of
the top features per class) so that the model could ship inside the package:

    python bench/train_event_classifier.py --out /tmp/event_types.json

Findings so far (see eval_event_types.py): it scores well on the synthetic documents, but
it types documents, not event claims; the pipeline keeps the lexicon detector and does
not load this artifact until an event-level evaluation shows that it helps.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path
from typing import Any

from shared_paths import shared_dir

SHARED = shared_dir()
TRAIN_CSV = SHARED / "data" / "plover" / "synthetic_train.csv"
SEED = 13


def load_training(path: Path = TRAIN_CSV) -> tuple[list[str], list[str]]:
    """Texts (title + body) and event-type labels."""
    texts: list[str] = []
    labels: list[str] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            texts.append(f"{row.get('title') or ''}\n{row['text']}")
            labels.append(row["event_type"].strip().upper())
    return texts, labels


def build_classifier(max_features: int = 40_000) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(
        TfidfVectorizer(
            ngram_range=(1, 2), min_df=2, max_features=max_features, sublinear_tf=True,
            lowercase=True,
        ),
        LogisticRegression(C=8.0, max_iter=2000, class_weight="balanced", random_state=SEED),
    )  # fmt: skip


def compact_artifact(model: Any, top_k: int = 400) -> dict[str, Any]:
    """Keep each class's strongest features only: small enough to ship as JSON."""
    vectorizer, clf = model.steps[0][1], model.steps[1][1]
    vocab = vectorizer.get_feature_names_out()
    keep: set[int] = set()
    for row in clf.coef_:
        keep.update(int(i) for i in abs(row).argsort()[-top_k:])
    kept = sorted(keep)
    return {
        "kind": "tfidf-logreg",
        "seed": SEED,
        "classes": [str(c) for c in clf.classes_],
        "features": [str(vocab[i]) for i in kept],
        "idf": [round(float(vectorizer.idf_[i]), 4) for i in kept],
        "coef": [[round(float(row[i]), 4) for i in kept] for row in clf.coef_],
        "intercept": [round(float(b), 4) for b in clf.intercept_],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, required=True, help="where to write the JSON artifact")
    args = parser.parse_args()
    texts, labels = load_training()
    model = build_classifier().fit(texts, labels)
    artifact = compact_artifact(model)
    args.out.write_text(json.dumps(artifact), encoding="utf-8")
    size = args.out.stat().st_size
    print(f"trained on {len(texts)} documents, {len(artifact['features'])} features kept, "
          f"{size / 1024:.0f} KiB -> {args.out}")  # fmt: skip


if __name__ == "__main__":
    main()
