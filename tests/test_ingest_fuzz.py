"""Property-based fuzzing of ingestion: random bytes, mangled HTML, JSON lines and feeds.

Whatever the bytes, no exception escapes, every input ends up stored (new or
duplicate) or rejected with a catalogue code, and articles stored before are
unchanged.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chronicler.ingest import IngestOptions, ingest, iter_documents
from chronicler.store import Store
from tests.ingest_helpers import FIXTURES, article_text

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
SUFFIXES = ["", ".txt", ".html", ".json", ".jsonl", ".rss", ".xml", ".warc", ".warc.gz", ".bin"]
CODE = re.compile(r"^E\d{3}$")


class Harness:
    """One database per test, seeded with articles that must survive every example."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.store = Store(str(root / "fuzz.sqlite"))
        self.n = 0
        seed = root / "seed.jsonl"
        seed.write_text("".join(json.dumps({"text": article_text(i), "title": f"seed {i}"}) + "\n" for i in range(3)))
        report = self.check(seed.read_bytes(), ".jsonl")
        assert report.ingested == 3
        self.seeded = self.store.get_articles(report.article_ids)

    def check(self, data: bytes, suffix: str) -> Any:
        """Ingest `data` as a file; assert every item is accounted for."""
        self.n += 1
        path = self.root / f"input{self.n}{suffix}"
        path.write_bytes(data)
        options = IngestOptions(max_bytes=200_000, retries=0)
        items = list(iter_documents([str(path)], options, store=self.store))
        report = ingest(self.store, items, options)
        assert report.ingested + report.duplicate + len(report.rejected) + report.seen == len(items)
        for rejection in report.rejected:
            assert rejection.spec.code != "E113", rejection.message()  # a reader bug, not bad input
            assert CODE.match(rejection.spec.code), rejection
            assert rejection.message().startswith(f"[{rejection.spec.code}] {path}")
        return report

    def unchanged(self) -> None:
        assert self.store.get_articles(list(self.seeded)) == self.seeded


@pytest.fixture(scope="module")
def harness() -> Iterator[Harness]:
    with tempfile.TemporaryDirectory() as tmp:
        h = Harness(Path(tmp))
        yield h
        h.unchanged()
        h.store.close()


@st.composite
def mangled(draw: st.DrawFn, original: bytes) -> bytes:
    """The original with random cuts, deletions, insertions and byte flips."""
    data = bytearray(original)
    for _ in range(draw(st.integers(0, 6))):
        if not data:
            break
        op = draw(st.sampled_from(["truncate", "delete", "insert", "flip", "tag"]))
        at = draw(st.integers(0, len(data) - 1))
        if op == "truncate":
            del data[at:]
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 200))]
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=40))
        elif op == "flip":
            data[at] = draw(st.integers(0, 255))
        else:
            data[at:at] = draw(st.sampled_from([b"<", b">", b"</p>", b"<![CDATA[", b"&#x0;", b'"', b"{", b"\n", b"\x00", b"\xff\xfe"]))
    return bytes(data)


ARTICLE_HTML = (FIXTURES / "article.html").read_bytes()
FEED = (FIXTURES / "feed.rss").read_bytes()
JSONL = "".join(
    json.dumps({"text": article_text(100 + i), "title": f"t{i}", "published": f"2025-03-0{i + 1}"}) + "\n"
    for i in range(4)
).encode()


@SETTINGS
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes(harness: Harness, data: bytes, suffix: str) -> None:
    harness.check(data, suffix)


@SETTINGS
@given(data=mangled(ARTICLE_HTML), suffix=st.sampled_from([".html", ".txt", ""]))
def test_mangled_html(harness: Harness, data: bytes, suffix: str) -> None:
    harness.check(data, suffix)


@SETTINGS
@given(data=mangled(JSONL), suffix=st.sampled_from([".jsonl", ".json", ""]))
def test_mangled_json_lines(harness: Harness, data: bytes, suffix: str) -> None:
    report = harness.check(data, suffix)
    if suffix == ".jsonl":
        # Lines are independent: every record that is intact is stored (or was already).
        intact = sum(1 for line in data.split(b"\n") if line in JSONL.split(b"\n") and line.strip())
        assert report.ingested + report.duplicate >= intact


@SETTINGS
@given(data=mangled(FEED), suffix=st.sampled_from([".rss", ".xml", ""]))
def test_mangled_feeds(harness: Harness, data: bytes, suffix: str) -> None:
    harness.check(data, suffix)


@SETTINGS
@given(data=st.one_of(st.binary(max_size=2000), mangled(JSONL), mangled(ARTICLE_HTML)), cut=st.integers(0, 400))
def test_mangled_gzip(harness: Harness, data: bytes, cut: int) -> None:
    import gzip

    packed = gzip.compress(data)
    harness.check(packed[: max(2, len(packed) - cut)], ".jsonl.gz")
