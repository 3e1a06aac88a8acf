"""Ingestion: files, folders, globs, text, HTML, JSON/JSONL, URLs, feeds, WARC, stdin."""

from chronicler.ingest.core import (
    Document,
    IngestOptions,
    IngestReport,
    Rejection,
    ingest,
)
from chronicler.ingest.normalise import clean_text, hash_key
from chronicler.ingest.sources import iter_documents

__all__ = [
    "Document",
    "IngestOptions",
    "IngestReport",
    "Rejection",
    "clean_text",
    "hash_key",
    "ingest",
    "iter_documents",
]
