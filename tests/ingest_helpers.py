"""Shared helpers for the ingestion tests (not a test module)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"

ARTICLE = (
    "Federal police detained {n} suspects in Ciudad Juárez on Thursday after a shootout that "
    "left two officers wounded, the state prosecutor's office said in a statement. "
    "Officials said the group was linked to a cartel cell moving fentanyl across the border."
)


def article_text(n: int) -> str:
    return ARTICLE.format(n=n)


def run_ingest(store: Any, inputs: Iterable[object], **options: Any) -> Any:
    from chronicler.ingest import IngestOptions, ingest, iter_documents

    opts = IngestOptions(**options)
    return ingest(store, iter_documents([str(i) for i in inputs], opts, store=store), opts)


def chronicler_cmd() -> list[str]:
    """The real CLI of this interpreter's environment."""
    script = Path(sys.executable).with_name("chronicler")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from chronicler.cli import main; main()"]


def run_cli(db: Path, *args: str, stdin: bytes | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "CHRONICLER_DB": str(db)}
    return subprocess.run(
        [*chronicler_cmd(), "--db", str(db), *args],
        input=stdin.decode("utf-8", errors="surrogateescape") if stdin is not None else None,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


def make_warc(path: Path, pages: list[tuple[str, str]], *, gzip: bool, extra_binary: bool = True) -> None:
    """A WARC with one HTML response per (url, html), plus an image the reader must skip."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzip)
        for url, html in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode()), http_headers=headers)
            )
        if extra_binary:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    "https://news.example/logo.png", "response", payload=io.BytesIO(b"\x89PNG\r\n\x1a\n"), http_headers=headers
                )
            )


def page(title: str, body: str) -> str:
    return (
        f"<html><head><title>{title}</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>{title}</h1><p>{body}</p></article><footer>Contact</footer></body></html>"
    )
