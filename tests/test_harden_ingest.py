"""Issue 14, items 8, 14, 15: links out of the folder, unreadable folders, deep JSON, WARC and gzip damage."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from chronicler.ingest.sources import GZIP_RATIO_FLOOR
from chronicler.store import Store
from tests.ingest_helpers import article_text, make_warc, page, run_ingest


@pytest.fixture
def db(tmp_path: Path) -> Store:
    return Store(str(tmp_path / "db.sqlite"))


def test_symlinks_out_of_the_folder_are_rejected_unless_asked(db: Store, tmp_path: Path) -> None:
    outside = tmp_path / "secret"
    outside.mkdir()
    (outside / "passwd.txt").write_text(article_text(66))
    news = tmp_path / "news"
    (news / "sub").mkdir(parents=True)
    (news / "a.txt").write_text(article_text(1))
    (news / "sub" / "b.txt").write_text(article_text(2))
    (news / "leak.txt").symlink_to(outside / "passwd.txt")
    (news / "leakdir").symlink_to(outside, target_is_directory=True)
    (news / "inside.txt").symlink_to(news / "a.txt")  # within the tree: fine (a duplicate)
    (news / "dangling.txt").symlink_to(tmp_path / "nowhere")
    report = run_ingest(db, [news], detect_language=False)
    assert report.ingested == 2 and report.duplicate == 1, report.summary()
    codes = sorted((Path(r.name).name, r.spec.code) for r in report.rejected)
    assert codes == [("dangling.txt", "E113"), ("leak.txt", "E117"), ("leakdir", "E117")]
    assert not any(article_text(66) in a.text for a in db.iter_articles())
    followed = run_ingest(db, [news], detect_language=False, follow_links=True)
    assert followed.ingested == 1  # the linked secret, once (file and folder lead to the same text)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 folder anyway")
def test_an_unreadable_subfolder_is_reported(db: Store, tmp_path: Path) -> None:
    news = tmp_path / "news"
    (news / "locked").mkdir(parents=True)
    (news / "a.txt").write_text(article_text(1))
    (news / "locked" / "b.txt").write_text(article_text(2))
    (news / "locked").chmod(0)
    try:
        report = run_ingest(db, [news], detect_language=False)
    finally:
        (news / "locked").chmod(0o755)
    assert report.ingested == 1 and [r.spec.code for r in report.rejected] == ["E113"]
    assert "locked" in report.rejected[0].name


def test_a_deeply_nested_jsonl_line_is_rejected_and_the_rest_read(db: Store, tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"
    deep = '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}"
    lines = [json.dumps({"text": article_text(i)}) for i in range(3)]
    path.write_text("\n".join([lines[0], deep, lines[1], lines[2]]) + "\n")
    report = run_ingest(db, [path], detect_language=False)
    assert report.ingested == 3, report.summary()
    assert [(r.name, r.spec.code) for r in report.rejected] == [(f"{path}:2", "E104")]


def test_a_deeply_nested_first_line_too(db: Store, tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"
    path.write_text("[" * 100_000 + "]" * 100_000 + "\n" + json.dumps({"text": article_text(1)}) + "\n")
    report = run_ingest(db, [path], detect_language=False)
    assert report.ingested == 1 and [r.spec.code for r in report.rejected] == ["E104"], report.summary()


@pytest.mark.parametrize("compressed", [False, True])
def test_a_warc_cut_inside_a_record_header_is_reported(db: Store, tmp_path: Path, compressed: bool) -> None:
    whole = tmp_path / "whole.warc"
    make_warc(whole, [(f"https://n.example/{i}", page(f"S{i}", article_text(i))) for i in range(3)],
              gzip=compressed, extra_binary=False)  # fmt: skip
    data = whole.read_bytes()
    if compressed:
        last = data.rindex(b"\x1f\x8b\x08")
        cut = data[: last + 60]  # inside the last record's compressed header
    else:
        last = data.rindex(b"WARC/1.")
        cut = data[: last + 60]
    path = tmp_path / ("cut.warc.gz" if compressed else "cut.warc")
    path.write_bytes(cut)
    report = run_ingest(db, [path], detect_language=False)
    assert report.ingested == 2, report.summary()
    assert [r.spec.code for r in report.rejected] == ["E109"] and "2 records read" in report.rejected[0].detail


def test_a_gzip_bomb_stops_at_the_ratio_cap(db: Store, tmp_path: Path) -> None:
    path = tmp_path / "bomb.jsonl.gz"
    with gzip.open(path, "wb", compresslevel=9) as out:
        out.write((json.dumps({"text": article_text(1)}) + "\n").encode())
        zeros = b"\x20" * (1 << 20)
        for _ in range(GZIP_RATIO_FLOOR // len(zeros) + 200):  # ~264 MB of spaces in one "line"
            out.write(zeros)
    assert path.stat().st_size < 1_000_000
    report = run_ingest(db, [path], detect_language=False)
    assert report.ingested == 1
    assert [r.spec.code for r in report.rejected] == ["E107"] and "bomb" in report.rejected[0].detail


def test_decompressed_bytes_are_capped_per_input(db: Store, tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl.gz"
    with gzip.open(path, "wt") as out:
        for i in range(500):
            out.write(json.dumps({"text": article_text(i)}) + "\n")
    report = run_ingest(db, [path], detect_language=False, max_decompressed_bytes=100_000)
    assert 0 < report.ingested < 500 and [r.spec.code for r in report.rejected] == ["E107"]
