"""Ingestion of each input kind: text encodings, HTML, JSON/JSONL, feeds, WARC, stdin, language."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from chronicler.ingest import IngestOptions, iter_documents
from chronicler.ingest.core import Document, Rejection
from chronicler.ingest.decode import sniff
from chronicler.store import Store
from tests.ingest_helpers import FIXTURES, article_text, make_warc, page, run_cli, run_ingest


@pytest.fixture
def db(tmp_path: Path) -> Any:
    with Store(str(tmp_path / "ingest.sqlite")) as store:
        yield store


def articles(store: Store) -> list[Any]:
    return list(store.iter_articles())


# --- text and encodings -------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("latin-1", b""), ("cp1252", b""), ("utf-16", b""), ("utf-8", b"\xef\xbb\xbf")],
)
def test_text_in_each_encoding_is_read_exactly(db: Store, tmp_path: Path, encoding: str, prefix: bytes) -> None:
    text = "Soldados detuvieron a dos hombres en Culiacán el viernes, said the army’s “statement”."
    if encoding == "latin-1":
        text = text.replace("’", "'").replace("“", '"').replace("”", '"')
    path = tmp_path / "story.txt"
    path.write_bytes(prefix + text.encode(encoding))  # Python's utf-16 writes a BOM
    report = run_ingest(db, [path])
    assert report.ingested == 1, report.summary()
    assert articles(db)[0].text == text


def test_mixed_encodings_keep_every_line(db: Store, tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes(
        "Vecinos de Juárez dijeron que los soldados llegaron al amanecer.\n".encode("latin-1")
        + "El “operativo” terminó con tres detenidos, según la fiscalía.\n".encode()
    )
    report = run_ingest(db, [path])
    assert report.ingested == 1
    text = articles(db)[0].text
    assert "Juárez" in text and "“operativo”" in text and "\ufffd" not in text


def test_html_detected_by_content_not_suffix(tmp_path: Path) -> None:
    path = tmp_path / "saved-page.txt"
    path.write_bytes((FIXTURES / "article.html").read_bytes())
    [doc] = list(iter_documents([str(path)], IngestOptions()))
    assert isinstance(doc, Document) and doc.origin.kind == "html"
    assert "Subscribe" not in doc.text  # boilerplate removed
    assert sniff(b'<?xml version="1.0"?><rss version="2.0"><channel>', ".html") == "feed"
    assert sniff(b'{"text": "x"}\n', "") == "json"
    assert sniff(b"[Reuters] Troops arrived on Monday.", ".txt") == "text"


# --- HTML ---------------------------------------------------------------------


def test_html_main_text_and_metadata(db: Store) -> None:
    report = run_ingest(db, [FIXTURES / "article.html"])
    assert report.ingested == 1, report.summary()
    [article] = articles(db)
    assert article.title == "Guard units reach Sonora border crossings"
    assert article.author == "Lucía Herrera"
    assert article.outlet == "Frontera Wire"
    assert article.url == "https://fronterawire.example/2025/02/11/guard-sonora"
    assert article.published_at is not None and article.published_at.date().isoformat() == "2025-02-11"
    assert "1,500 National Guard troops" in article.text
    assert "Privacy" not in article.text and "All rights reserved" not in article.text
    assert article.origin.kind == "html" and article.language == "en"


def test_an_html_title_is_a_block_of_its_own(db: Store, tmp_path: Path) -> None:
    title = "Gunmen kill four at a cockfight in Tlaquiltenango"
    body = ("CUERNAVACA, Morelos (Valle Wire) - Armed men opened fire at an illegal cockfight on "
            "Sunday night, killing four men and wounding three others, state prosecutors said.")  # fmt: skip
    (tmp_path / "story.html").write_text(page(title, body))
    report = run_ingest(db, [tmp_path / "story.html"])
    assert report.ingested == 1, report.summary()
    [article] = articles(db)
    # a blank line: the title never runs on into the dateline's sentence (analyse/joined.py)
    assert article.text.startswith(title + "\n\nCUERNAVACA")


def test_truncated_html_still_yields_its_text(db: Store, tmp_path: Path) -> None:
    html = (FIXTURES / "article.html").read_text()
    cut = html[: html.index("Two suspected smugglers")]
    (tmp_path / "cut.html").write_text(cut)
    report = run_ingest(db, [tmp_path / "cut.html"])
    assert report.ingested == 1, report.summary()
    assert "1,500 National Guard troops" in articles(db)[0].text


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><nav><a href='/'>Home</a> <a href='/w'>World</a></nav><script>var a = 1;</script></body></html>",
        "<html><head><title>Untitled</title></head><body></body></html>",
        "<html><body><div",
    ],
)
def test_html_without_an_article_is_rejected_e103(tmp_path: Path, html: str) -> None:
    path = tmp_path / "empty.html"
    path.write_text(html)
    [item] = list(iter_documents([str(path)], IngestOptions()))
    assert isinstance(item, Rejection) and item.spec.code == "E103"
    assert str(path) in item.message()


def test_html_declared_legacy_charset(db: Store, tmp_path: Path) -> None:
    body = "Los vecinos de Ciudad Juárez y Nuevo León dijeron que los militares llegaron al amanecer del lunes y revisaron casas."
    html = f'<html><head><meta charset="iso-8859-1"><title>Juárez</title></head><body><article><p>{body}</p></article></body></html>'
    (tmp_path / "latin.html").write_bytes(html.encode("latin-1"))
    report = run_ingest(db, [tmp_path / "latin.html"])
    assert report.ingested == 1
    assert body in articles(db)[0].text


# --- JSON and JSONL --------------------------------------------------------------


def test_jsonl_with_configurable_and_nested_fields(db: Store, tmp_path: Path) -> None:
    lines = [
        {"story": {"body": article_text(1)}, "headline": "Arrests in Juárez", "link": "https://a.example/1",
         "source": "Norte Hoy", "byline": "R. Paz", "when": "2025-01-09T12:00:00Z", "sid": "n-1"},
        {"story": {"body": article_text(2)}, "headline": "More arrests"},
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    report = run_ingest(
        db, [path], text_field="story.body", title_field="headline", url_field="link",
        outlet_field="source", author_field="byline", date_field="when", id_field="sid",
    )
    assert report.ingested == 2, report.summary()
    first = next(a for a in articles(db) if a.title == "Arrests in Juárez")
    assert (first.url, first.outlet, first.author) == ("https://a.example/1", "Norte Hoy", "R. Paz")
    assert first.published_at is not None and first.published_at.year == 2025
    assert first.origin.kind == "json" and first.origin.ref.endswith(":1#id=n-1")


def test_json_array_and_pretty_object(db: Store, tmp_path: Path) -> None:
    (tmp_path / "list.json").write_text(json.dumps([{"text": article_text(1)}, {"text": article_text(2)}], indent=2))
    (tmp_path / "one.json").write_text(json.dumps({"text": article_text(3)}, indent=2))
    report = run_ingest(db, [tmp_path / "list.json", tmp_path / "one.json"])
    assert report.ingested == 3 and report.ok, report.summary()


def test_malformed_json_lines_are_named_and_the_rest_kept(db: Store, tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        json.dumps({"text": article_text(1)}) + "\n"
        + '{"text": "unterminated\n'
        + "[1, 2]\n"
        + json.dumps({"body": "no text field"}) + "\n"
        + json.dumps({"text": article_text(2)}) + "\n"
    )
    report = run_ingest(db, [path])
    assert report.ingested == 2
    named = {(r.name, r.spec.code) for r in report.rejected}
    assert named == {(f"{path}:2", "E104"), (f"{path}:3", "E104"), (f"{path}:4", "E110")}


# --- feeds ------------------------------------------------------------------------


def test_rss_items_become_articles_and_repeat_runs_skip_them(db: Store) -> None:
    report = run_ingest(db, [FIXTURES / "feed.rss"])
    assert report.ingested == 3 and report.ok, report.summary()
    stored = {a.title: a for a in articles(db)}
    navy = stored["Navy seizes cocaine off Manzanillo"]
    assert navy.url == "https://borderdesk.example/2025/03/01/manzanillo"
    assert navy.outlet == "Border Desk Daily" and navy.origin.kind == "feed"
    assert navy.published_at is not None and navy.published_at.day == 1
    assert "<p>" not in navy.text and "Three crew members were arrested." in navy.text
    again = run_ingest(db, [FIXTURES / "feed.rss"])
    assert (again.ingested, again.duplicate, again.seen) == (0, 0, 3)
    assert "3 feed items already seen" in again.summary()


def test_atom_prefers_full_content_over_summary(db: Store) -> None:
    report = run_ingest(db, [FIXTURES / "atom.xml"])
    assert report.ingested == 1
    [article] = articles(db)
    assert "embassy statement" in article.text and article.author == "Diego Arce"


def test_truncated_feed_keeps_items_before_the_damage(db: Store, tmp_path: Path) -> None:
    feed = (FIXTURES / "feed.rss").read_text()
    cut = feed[: feed.index("<title>Gunmen kill four")]
    (tmp_path / "cut.rss").write_text(cut)
    report = run_ingest(db, [tmp_path / "cut.rss"])
    assert report.ingested == 2
    assert [r.spec.code for r in report.rejected] == ["E105"]
    assert "items before it were read" in report.rejected[0].message()


def test_not_a_feed_is_e105(tmp_path: Path) -> None:
    (tmp_path / "bad.xml").write_text("<?xml version='1.0'?><rss><channel><<<>")
    items = list(iter_documents([str(tmp_path / "bad.xml")], IngestOptions()))
    assert [type(i).__name__ for i in items] == ["Rejection"] and items[0].spec.code == "E105"


# --- WARC ---------------------------------------------------------------------------


@pytest.mark.parametrize("gzip", [False, True])
def test_warc_responses_become_articles(db: Store, tmp_path: Path, gzip: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    make_warc(path, [(f"https://news.example/{i}", page(f"Story {i}", article_text(i))) for i in range(3)], gzip=gzip)
    report = run_ingest(db, [path])
    assert report.ingested == 3 and report.ok, report.summary()
    refs = sorted(a.origin.ref for a in articles(db))
    assert all(r.startswith(f"{path}#urn:uuid:") for r in refs)
    assert {a.url for a in articles(db)} == {f"https://news.example/{i}" for i in range(3)}


@pytest.mark.parametrize("gzip", [False, True])
def test_damaged_warc_keeps_earlier_records(db: Store, tmp_path: Path, gzip: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    make_warc(path, [(f"https://news.example/{i}", page(f"Story {i}", article_text(i))) for i in range(4)],
              gzip=gzip, extra_binary=False)
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * 0.85)])
    report = run_ingest(db, [path])
    assert report.ingested == 3, report.summary()
    assert [r.spec.code for r in report.rejected] == ["E109"]


def test_not_a_warc_is_e109(tmp_path: Path) -> None:
    (tmp_path / "x.warc").write_text("plain text pretending to be an archive\n" * 3)
    [item] = list(iter_documents([str(tmp_path / "x.warc")], IngestOptions()))
    assert isinstance(item, Rejection) and item.spec.code == "E109"


# --- stdin (through the real CLI) --------------------------------------------------


def test_stdin_text_and_jsonl(tmp_path: Path) -> None:
    db = tmp_path / "stdin.sqlite"
    jsonl = "\n".join(json.dumps({"text": article_text(i)}) for i in range(3)) + "\n"
    result = run_cli(db, "ingest", "-", stdin=jsonl.encode())
    assert result.returncode == 0, result.stderr
    assert "3 ingested" in result.stderr
    # One line that is not JSON makes the whole stream one text article.
    result = run_cli(db, "ingest", "-", stdin=(jsonl + "and a closing line of prose\n").encode())
    assert result.returncode == 0, result.stderr
    assert "1 ingested" in result.stderr
    with Store(str(db)) as store:
        kinds = sorted(a.origin.kind for a in store.iter_articles())
    assert kinds == ["stdin"] * 4


# --- language -----------------------------------------------------------------------


def test_a_language_without_a_pack_is_kept_flagged_and_counted(db: Store) -> None:
    report = run_ingest(db, [FIXTURES / "francais.txt", FIXTURES / "article.html"])
    assert report.ingested == 2 and report.flagged_language == 1
    assert "1 kept but flagged" in report.summary()
    french = next(a for a in articles(db) if a.language == "fr")
    assert french.language_supported is False


def test_spanish_is_supported_once_its_model_is_installed(db: Store) -> None:
    report = run_ingest(db, [FIXTURES / "espanol.txt"])
    assert report.ingested == 1 and report.flagged_language == 0
    spanish = next(a for a in articles(db) if a.language == "es")
    assert spanish.language_supported is True


# --- both storage backends ------------------------------------------------------------


def test_ingest_is_idempotent_on_each_backend(store: Store, tmp_path: Path) -> None:
    """The same mixed batch on SQLite and PostgreSQL: stored once, feed items remembered."""
    (tmp_path / "a.jsonl").write_text("".join(json.dumps({"text": article_text(i)}) + "\n" for i in range(3)))
    inputs = [tmp_path / "a.jsonl", FIXTURES / "feed.rss", FIXTURES / "article.html", FIXTURES / "francais.txt"]
    first = run_ingest(store, inputs)
    assert (first.ingested, first.duplicate, first.flagged_language, first.ok) == (8, 0, 1, True), first.summary()
    again = run_ingest(store, inputs)
    assert (again.ingested, again.duplicate, again.seen) == (0, 5, 3), again.summary()
    assert store.stats()["articles"] == 8


def test_gzipped_inputs_are_read_through(db: Store, tmp_path: Path) -> None:
    import gzip

    lines = "".join(json.dumps({"text": article_text(i)}) + "\n" for i in range(3)).encode()
    (tmp_path / "dump.jsonl.gz").write_bytes(gzip.compress(lines))
    (tmp_path / "page.html.gz").write_bytes(gzip.compress((FIXTURES / "article.html").read_bytes()))
    many = "".join(json.dumps({"text": article_text(1000 + i)}) + "\n" for i in range(400)).encode()
    broken = gzip.compress(many)
    (tmp_path / "cut.jsonl.gz").write_bytes(broken[: len(broken) * 3 // 4])
    report = run_ingest(db, [tmp_path / "dump.jsonl.gz", tmp_path / "page.html.gz", tmp_path / "cut.jsonl.gz"])
    assert 4 + 100 < report.ingested < 4 + 400, report.summary()  # lines before the damage are kept
    assert [r.spec.code for r in report.rejected] == ["E102"]
    assert "damaged gzip data" in report.rejected[0].detail


def test_a_feed_s_declared_language_settles_an_item_too_short_to_tell(db: Store, tmp_path: Path) -> None:
    item = "<item><title>{t}</title><link>https://noticias.example/{n}</link><description>{d}</description></item>"
    items = item.format(t="Tepic", n=1, d="Tepic: 14/03/2026 12:30 h") + item.format(
        t="Queman", n=2, d="Queman tres camiones de pasajeros en la salida a Mazatlán."
    )
    body = f"<?xml version='1.0'?><rss version='2.0'><channel><title>Noticias</title><language>es-MX</language>{items}</channel></rss>"
    (tmp_path / "es.rss").write_text(body, encoding="utf-8")
    report = run_ingest(db, [tmp_path / "es.rss"])
    assert report.ingested == 2, report.summary()
    assert {a.title: a.language for a in articles(db)} == {"Tepic": "es", "Queman": "es"}
