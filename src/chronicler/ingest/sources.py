"""Input sources: expand what the user named into Documents (or Rejections).

Each reader is chosen by what the input is (folder, glob, file suffix, URL,
'-' for stdin) and streams: a JSONL file of any size is read line by line.
"""

from __future__ import annotations

import datetime as dt
import glob as globlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from chronicler.errors import E
from chronicler.ingest.core import Document, IngestOptions, Rejection
from chronicler.records import Origin

Item = Document | Rejection

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}


def expand(inputs: Iterable[str]) -> Iterator[tuple[str, Path | None]]:
    """Yield (name, path) for every file behind the inputs; (name, None) when nothing matches."""
    for raw in inputs:
        if raw == "-" or "://" in raw:
            yield raw, None
            continue
        path = Path(raw).expanduser()
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
                yield str(child), child
        elif path.is_file():
            yield raw, path
        elif any(ch in raw for ch in "*?["):
            matches = sorted(Path(m) for m in globlib.glob(raw, recursive=True))
            files = [m for m in matches if m.is_file()]
            if not files:
                yield raw, None
            for match in files:
                yield str(match), match
        else:
            yield raw, None


def decode_bytes(data: bytes) -> str | None:
    """Decode text of unknown encoding; None when it looks binary."""
    if not data:
        return ""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    sample = data[:8192]
    if b"\x00" in sample:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        # Mixed or legacy encodings: decode line by line, utf-8 first, then cp1252.
        lines = []
        for line in data.split(b"\n"):
            try:
                lines.append(line.decode("utf-8"))
            except UnicodeDecodeError:
                lines.append(line.decode("cp1252", errors="replace"))
        text = "\n".join(lines)
    printable = sum(ch.isprintable() or ch in "\n\r\t" for ch in text[:8192])
    if text and printable / min(len(text), 8192) < 0.85:
        return None
    return text


def parse_datetime(value: Any) -> dt.datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, int | float):
        return dt.datetime.fromtimestamp(value, dt.UTC)
    text = str(value).strip()
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None


def read_text_file(name: str, path: Path, options: IngestOptions) -> Iterator[Item]:
    size = path.stat().st_size
    if size > options.max_bytes:
        yield Rejection(name, E.TOO_LARGE, f"{size} bytes > {options.max_bytes}")
        return
    text = decode_bytes(path.read_bytes())
    if text is None:
        yield Rejection(name, E.BINARY, "not text")
        return
    yield Document(text=text, origin=Origin(kind="file", ref=str(path)), name=name, title=None)


def record_to_document(record: Any, name: str, ref: str, options: IngestOptions) -> Item:
    if not isinstance(record, dict):
        return Rejection(name, E.BAD_JSON, f"expected an object, got {type(record).__name__}")
    text = record.get(options.text_field)
    if not isinstance(text, str):
        return Rejection(name, E.MISSING_FIELD, options.text_field)
    return Document(
        text=text,
        origin=Origin(kind="json", ref=ref),
        name=name,
        url=_str_or_none(record.get(options.url_field)),
        outlet=_str_or_none(record.get(options.outlet_field)),
        title=_str_or_none(record.get(options.title_field)),
        author=_str_or_none(record.get(options.author_field)),
        published_at=parse_datetime(record.get(options.date_field)),
    )


def _str_or_none(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


def read_json_file(name: str, path: Path, options: IngestOptions) -> Iterator[Item]:
    """JSONL is streamed line by line; a .json file holds one object or a list."""
    with path.open("rb") as handle:
        head = handle.read(1)
        while head and head.isspace():
            head = handle.read(1)
    if not head:
        yield Rejection(name, E.EMPTY)
        return
    if head == b"[" or (path.suffix == ".json" and head == b"{"):
        if path.stat().st_size > options.max_bytes:
            yield Rejection(name, E.TOO_LARGE, f"a single JSON document over {options.max_bytes} bytes; use JSONL")
            return
        text = decode_bytes(path.read_bytes())
        try:
            data = json.loads(text or "")
        except json.JSONDecodeError as exc:
            yield Rejection(name, E.BAD_JSON, str(exc))
            return
        records = data if isinstance(data, list) else [data]
        for i, record in enumerate(records):
            yield record_to_document(record, f"{name}[{i}]", f"{path}#{i}", options)
        return
    with path.open("rb") as handle:
        for lineno, raw in enumerate(handle, start=1):
            line_name = f"{name}:{lineno}"
            if not raw.strip():
                continue
            if len(raw) > options.max_bytes:
                yield Rejection(line_name, E.TOO_LARGE, f"{len(raw)} bytes")
                continue
            text = decode_bytes(raw)
            if text is None:
                yield Rejection(line_name, E.BINARY, "not text")
                continue
            try:
                record = json.loads(text)
            except json.JSONDecodeError as exc:
                yield Rejection(line_name, E.BAD_JSON, str(exc))
                continue
            yield record_to_document(record, line_name, f"{path}:{lineno}", options)


def read_path(name: str, path: Path, options: IngestOptions) -> Iterator[Item]:
    suffix = path.suffix.lower()
    try:
        if suffix in JSON_SUFFIXES:
            yield from read_json_file(name, path, options)
        else:
            yield from read_text_file(name, path, options)
    except OSError as exc:
        yield Rejection(name, E.NOT_FOUND, str(exc))


def iter_documents(inputs: Iterable[str], options: IngestOptions, store: Any = None) -> Iterator[Item]:
    """Every Document (or Rejection) behind the named inputs, in order."""
    for name, path in expand(inputs):
        if path is None:
            yield Rejection(name, E.NOT_FOUND)
            continue
        yield from read_path(name, path, options)
