"""Issue 14, items 3 and 17: data never becomes rich markup; CLI filters are length-capped."""

from __future__ import annotations

from pathlib import Path

from tests.test_cli_core import chronicler

FEED = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>[bold]Outlet[/]</title>
<item><title>[/]</title><guid>a</guid><description></description></item>
<item><title>[/] [red]Troops[/red] raided a ranch</title><guid>b</guid>
<description>Soldiers raided a ranch near Culiacan on Monday and arrested three men, officials said.</description></item>
<item><title>[link=file:///etc/passwd]click[/link]</title><guid>c</guid>
<description>Police detained two suspects in Tijuana after a shootout on Tuesday, the navy said.</description></item>
</channel></rss>
"""


def test_markup_in_feed_titles_is_printed_as_text_and_loses_nothing(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(FEED, encoding="utf-8")
    db = str(tmp_path / "db.sqlite")
    result = chronicler("ingest", str(feed), db=db)
    assert result.returncode == 1, result.stderr  # the empty item is rejected, the rest go on
    assert "Traceback" not in result.stderr and "MarkupError" not in result.stderr
    assert "feed.xml#[/]" in result.stderr  # the name is printed as it is
    assert "2 ingested" in result.stderr
    listing = chronicler("articles", db=db)
    assert listing.returncode == 0, listing.stderr
    assert "[red]Troops" in listing.stdout  # printed as text, not as a style
    assert "Traceback" not in listing.stderr


def test_markup_in_a_filter_value_is_a_clear_error_not_a_traceback(tmp_path: Path) -> None:
    db = str(tmp_path / "db.sqlite")
    result = chronicler("incidents", "--country", "[/]", db=db)
    assert "Traceback" not in result.stderr and "MarkupError" not in result.stderr
    assert result.returncode == 2
    assert "[E401]" in result.stderr and "'[/]'" in result.stderr


def test_overlong_cli_filters_are_e401_not_database_errors(tmp_path: Path) -> None:
    db = str(tmp_path / "db.sqlite")
    huge = "a%" * 60_000  # 120 KB: SQLite's LIKE gives up ("pattern too complex")
    for command, option in (("incidents", "--actor"), ("events", "--actor"), ("incidents", "--q"),
                            ("incidents", "--admin1")):
        result = chronicler(command, option, huge, db=db)
        assert result.returncode == 2, (command, option, result.stderr[-300:])
        assert "[E401]" in result.stderr and "E201" not in result.stderr, result.stderr[-300:]
        assert "Traceback" not in result.stderr
