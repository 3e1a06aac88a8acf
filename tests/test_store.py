"""The storage suite: runs on SQLite and on the real PostgreSQL server."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from chronicler.errors import ChroniclerError
from chronicler.records import Correction
from chronicler.store import Store
from chronicler.store.query import Filters, query_articles, query_events
from tests.factories import make_article, make_event


def test_reingest_is_a_noop(store: Store) -> None:
    a = make_article("Gunmen attacked a police post in Culiacán on Thursday, officials said.")
    b = make_article("Marines seized 300 kilos of cocaine off the coast of Michoacán.")
    assert store.add_articles([a, b]) == [True, True]
    assert store.add_articles([a, b]) == [False, False]
    assert store.stats()["articles"] == 2


def test_duplicates_inside_one_batch_count_once(store: Store) -> None:
    a = make_article("Soldiers detained 14 suspects in Reynosa on Monday.")
    assert store.add_articles([a, a]) == [True, False]
    assert store.stats()["articles"] == 1


def test_article_round_trip(store: Store) -> None:
    a = make_article("Unicode survives: Joaquín “El Chapo” Guzmán, Cárteles Unidos.", outlet="Frontera Wire")
    store.add_articles([a])
    back = store.get_article(a.id)
    assert back is not None
    assert back.text == a.text
    assert back.outlet == "Frontera Wire"
    assert back.published_at == a.published_at


def test_save_extraction_replaces_events_atomically(store: Store) -> None:
    a = make_article("Gunmen killed five police officers in Culiacán on Thursday.")
    store.add_articles([a])
    first = make_event(a, "killed")
    assert store.save_extraction([(a.id, [first])], "v1") == 1
    assert store.pending_article_ids("v1") == []
    assert store.pending_article_ids("v2") == [a.id]
    second = make_event(a, "killed", event_type="COERCE")
    store.save_extraction([(a.id, [second])], "v2")
    assert [e.event_type for e in store.events_for_article(a.id)] == ["COERCE"]


def test_failed_batch_leaves_previous_state(store: Store) -> None:
    a = make_article("Gunmen killed five police officers in Culiacán on Thursday.")
    store.add_articles([a])
    good = make_event(a, "killed")
    store.save_extraction([(a.id, [good])], "v1")
    dup = make_event(a, "Gunmen")
    with pytest.raises(ChroniclerError):
        store.save_extraction([(a.id, [dup, dup])], "v2")  # primary-key clash mid-batch
    assert [e.id for e in store.events_for_article(a.id)] == [good.id]
    assert store.pending_article_ids("v1") == []


def test_full_text_search(store: Store) -> None:
    store.add_articles([
        make_article("Marines seized a drug laboratory in the mountains of Sinaloa."),
        make_article("The Treasury sanctioned six money launderers tied to the Gulf Cartel."),
    ])
    page = query_articles(store, Filters(q="laboratory"))
    assert page.total == 1
    assert query_articles(store, Filters(q='drug" OR "x')).total in (0, 1)  # never a syntax error
    assert query_articles(store, Filters(q="sanctioned cartel")).total == 1


def test_event_filters(store: Store) -> None:
    a = make_article("Gunmen killed five police officers in Culiacán on Thursday.")
    store.add_articles([a])
    store.save_extraction([(a.id, [make_event(a, "killed", status="occurred")])], "v1")
    assert query_events(store, Filters(event_type="assault")).total == 1
    assert query_events(store, Filters(status="denied")).total == 0
    with pytest.raises(ChroniclerError):
        query_events(store, Filters(event_type="BOMBING"))


def test_corrections_are_kept_with_author(store: Store) -> None:
    saved = store.add_correction(
        Correction(target_kind="incident", target_id="abc", action="confirm", author="ana")
    )
    assert saved.id is not None
    assert [c.author for c in store.corrections("abc")] == ["ana"]


def test_feed_items_remembered(store: Store) -> None:
    store.mark_feed_items("feed.xml", ["a", "b", "a"])
    assert store.seen_feed_items("feed.xml", ["a", "b", "c"]) == {"a", "b"}


def test_migration_is_idempotent(store_url: str) -> None:
    Store(store_url).close()
    with Store(store_url) as again:
        assert again.stats()["articles"] == 0


def test_unreachable_database_is_a_clear_error() -> None:
    with pytest.raises(ChroniclerError) as info:
        Store("postgresql://127.0.0.1:1/none")
    assert info.value.code == "E201"


def test_garbage_file_is_not_a_database(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "junk.sqlite"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(ChroniclerError) as info:
        Store(str(path))
    assert info.value.code in ("E205", "E201")
    assert path.read_bytes() == b"this is not sqlite" * 100


def test_sqlite_uses_wal(sqlite_url: str) -> None:
    with Store(sqlite_url) as s, s.engine.connect() as conn:
        assert conn.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
