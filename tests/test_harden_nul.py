"""Issue 14, item 9: NUL in any input field or path parameter, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from chronicler.serve.app import create_app
from chronicler.store import Store
from tests.ingest_helpers import article_text, run_ingest


def test_nul_in_json_fields_loses_nothing(store_url: str, tmp_path: Path) -> None:
    lines = [{"id": f"s{i}", "text": article_text(i), "url": f"https://x.example/{i}", "title": f"T{i}"}
             for i in range(6)]  # fmt: skip
    lines.insert(3, {"id": "bad\x00id", "text": article_text(99), "url": "https://x.example/\x00evil",
                     "title": "nul\x00title", "outlet": "O\x00", "author": "A\x00B", "published": "2026-01-02"})
    path = tmp_path / "nul.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    with Store(store_url) as store:
        report = run_ingest(store, [path], detect_language=False)
        assert report.ingested == 7 and not report.rejected, report.summary()
        stored = {a.text: a for a in store.iter_articles()}
    bad = stored[article_text(99)]
    assert bad.url == "https://x.example/evil" and bad.title == "nultitle" and "\x00" not in bad.origin.ref


def test_nul_in_feed_item_ids_is_harmless(store_url: str, tmp_path: Path) -> None:
    feed = tmp_path / "f.rss"
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>'
                    f'<item><title>A</title><guid>id&#0;1</guid><description>{article_text(1)}</description></item>'
                    f'<item><title>B</title><guid>id2</guid><description>{article_text(2)}</description></item>'
                    '</channel></rss>', encoding="utf-8")  # fmt: skip
    with Store(store_url) as store:
        first = run_ingest(store, [feed], detect_language=False)
        again = run_ingest(store, [feed], detect_language=False)
    assert first.ingested == 2 and again.seen == 2, (first.summary(), again.summary())


def test_nul_in_path_and_query_parameters_is_a_4xx(store_url: str) -> None:
    with TestClient(create_app(store_url)) as client:
        for path in ("/api/watchlists/%00", "/feeds/%00.atom", "/api/incidents/%00", "/incidents/a%00b",
                     "/api/events/%00"):
            response = client.get(path)
            assert response.status_code == 404, (path, response.status_code, response.text[:200])
            assert "E402" in response.text
        for path, name in (("/api/incidents?q=%00", "q"), ("/api/incidents?actor=a%00", "actor"),
                           ("/api/events?admin1=%00x&country=MEX", "admin1"), ("/api/corrections?target_id=%00", "target_id")):
            response = client.get(path)
            assert response.status_code == 422, (path, response.status_code, response.text[:200])
            assert "E401" in response.text and name in response.json()["error"]["message"]
