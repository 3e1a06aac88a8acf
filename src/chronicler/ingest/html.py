"""HTML to article text and metadata with trafilatura; feed fragments to plain text."""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

from chronicler.errors import E
from chronicler.ingest.core import Document, IngestOptions, Rejection
from chronicler.records import Origin

log = logging.getLogger(__name__)
# trafilatura logs every unparsable page at ERROR; our E103 rejection already
# names the input, so its own messages only show with --log-level DEBUG.
_trafilatura_log = logging.getLogger("trafilatura")
if _trafilatura_log.level == logging.NOTSET and logging.getLogger().getEffectiveLevel() > logging.DEBUG:
    _trafilatura_log.setLevel(logging.CRITICAL)

_BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article")


def extract_html(
    html: str, name: str, origin: Origin, options: IngestOptions, url: str | None = None
) -> Document | Rejection:
    """The main text and metadata of a page; E103 when it holds no article.

    Precision first (drops menus and footers); when that finds too little, as
    on truncated or oddly built pages, recall mode gets a second chance.
    """
    import trafilatura

    found: Any = None
    for favor_recall in (False, True):
        try:
            found = trafilatura.bare_extraction(
                html, url=url, with_metadata=True, favor_recall=favor_recall, include_comments=False
            )
        except (ValueError, TypeError, AttributeError, RecursionError) as exc:  # lxml oddities
            log.debug("trafilatura failed on %s: %s", name, exc)
            found = None
        if found is not None and len((found.text or "").strip()) >= options.min_chars:
            break
    text = (found.text or "").strip() if found is not None else ""
    if not text:
        return Rejection(name, E.BAD_HTML, "no main text found")
    if len(text) < options.min_chars:
        return Rejection(name, E.BAD_HTML, f"only {len(text)} characters of main text")
    return Document(
        text=_blocks_apart(text),
        origin=origin,
        name=name,
        url=found.url or url,
        outlet=found.sitename or found.hostname,
        title=found.title,
        author=found.author,
        published_at=parse_date(found.date),
    )


def _blocks_apart(text: str) -> str:
    """Every block of the page (its title, each paragraph, list item or heading) as a
    paragraph of its own: a blank line between blocks, so that none is read as one sentence
    with the next (trafilatura joins blocks with a single newline, which plain text uses for
    hard wraps; analyse/joined.py starts a sentence after a blank line). A line that goes
    on in lower case is the same sentence broken by a <br>, and stays joined."""
    return re.sub(r"[ \t]*\n\s*(?=\S)", _join_or_part, text)


def _join_or_part(m: re.Match[str]) -> str:
    nxt = m.string[m.end()]
    return "\n" if nxt.isalpha() and nxt.islower() else "\n\n"


def parse_date(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


_XML_INCOMPATIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SPACE_RUN = re.compile(r"\s+")


def fragment_to_text(fragment: str) -> str:
    """Plain text of a small HTML fragment (a feed item's summary), one block per paragraph
    (a blank line between blocks, as for pages: `_blocks_apart`)."""
    if "<" not in fragment:
        return fragment
    # lxml's HTML parser keeps control characters but refuses them in any string set on a
    # node (the block tails below); normalisation drops them from the text anyway.
    fragment = _XML_INCOMPATIBLE.sub("", fragment)
    import lxml.html
    from lxml.etree import ParserError

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ParserError, ValueError):
        return fragment
    for element in list(root.iter("script", "style")):
        element.drop_tree()
    for element in root.iter():  # the source's own line breaks are spaces, as a browser shows them
        if isinstance(element.tag, str):
            element.text = _SPACE_RUN.sub(" ", element.text) if element.text else element.text
            element.tail = _SPACE_RUN.sub(" ", element.tail) if element.tail else element.tail
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    return _blocks_apart(str(root.text_content()).strip())
