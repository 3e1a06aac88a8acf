"""Actor resolution against the shipped knowledge base (invented phrases from the beat)."""

from __future__ import annotations

import json

import pytest

from chronicler.errors import ChroniclerError
from chronicler.records import Entity, Span
from chronicler.resolve import kb as kb_mod
from chronicler.resolve.actors import resolve_entity, resolve_text
from chronicler.resolve.kb import load_kb, mexican_states


@pytest.mark.parametrize(
    ("text", "entity_id", "country", "sector"),
    [
        ("the White House", "usa.white_house", "USA", "government"),
        ("President Trump", "usa.president.trump", "USA", "government"),
        ("the Pentagon", "usa.dod", "USA", "military"),
        ("the Department of War", "usa.dod", "USA", "military"),
        ("the State Department", "usa.state_department", "USA", "government"),
        ("DEA agents", "usa.dea", "USA", "police"),
        ("U.S. Customs and Border Protection", "usa.cbp", "USA", "police"),
        ("ICE", "usa.ice", "USA", "police"),
        ("the FBI", "usa.fbi", "USA", "police"),
        ("the CIA", "usa.cia", "USA", "government"),
        ("OFAC", "usa.treasury.ofac", "USA", "government"),
        ("U.S. Northern Command", "usa.northcom", "USA", "military"),
        ("SOUTHCOM", "usa.southcom", "USA", "military"),
        ("Defense Secretary Pete Hegseth", "usa.dod.hegseth", "USA", "military"),
        ("Secretary of State Marco Rubio", "usa.state_department.rubio", "USA", "government"),
        ("Homeland Security Secretary Kristi Noem", "usa.dhs.noem", "USA", "government"),
        ("Ambassador Ronald Johnson", "usa.embassy_mexico.johnson", "USA", "government"),
        ("President Claudia Sheinbaum", "mex.president.sheinbaum", "MEX", "government"),
        ("Mexico's army", "mex.sedena", "MEX", "military"),
        ("SEDENA", "mex.sedena", "MEX", "military"),
        ("Mexican marines", "mex.semar", "MEX", "military"),
        ("the Guardia Nacional", "mex.guardia_nacional", "MEX", "police"),  # docs/engine.md codebook
        ("the FGR", "mex.fgr", "MEX", "judiciary"),
        ("Security Secretary Omar García Harfuch", "mex.sspc.garcia_harfuch", "MEX", "police"),
        ("Omar Garcia Harfuch", "mex.sspc.garcia_harfuch", "MEX", "police"),
        ("Sinaloa Governor Rubén Rocha Moya", "mex.governor.sin.rocha_moya", "MEX", "government"),
        ("Sinaloa state prosecutors", "mex.fge.sin", "MEX", "judiciary"),
        ("the Guerrero state prosecutor's office", "mex.fge.gro", "MEX", "judiciary"),
        ("the Sinaloa Cartel", "crim.sinaloa", "MEX", "criminal_organisation"),
        ("Cártel de Sinaloa gunmen", "crim.sinaloa", "MEX", "criminal_organisation"),
        ("Los Chapitos", "crim.sinaloa.chapitos", "MEX", "criminal_organisation"),
        ("La Mayiza", "crim.sinaloa.mayiza", "MEX", "criminal_organisation"),
        ("Los Mayos", "crim.sinaloa.mayiza", "MEX", "criminal_organisation"),
        ("the CJNG", "crim.cjng", "MEX", "criminal_organisation"),
        ("Jalisco New Generation Cartel", "crim.cjng", "MEX", "criminal_organisation"),
        ("the Gulf Cartel", "crim.gulf", "MEX", "criminal_organisation"),
        ("Cartel del Noreste", "crim.cdn", "MEX", "criminal_organisation"),
        ("Los Zetas", "crim.zetas", "MEX", "criminal_organisation"),
        ("La Familia Michoacana", "crim.familia_michoacana", "MEX", "criminal_organisation"),
        ("Carteles Unidos", "crim.carteles_unidos", "MEX", "criminal_organisation"),
        ("Tren de Aragua", "crim.tren_de_aragua", "VEN", "criminal_organisation"),
        ("MS-13", "crim.ms13", "SLV", "criminal_organisation"),
        ("Los Viagras", "crim.viagras", "MEX", "criminal_organisation"),
        ("the Beltrán-Leyva Organization", "crim.beltran_leyva", "MEX", "criminal_organisation"),
        ("La Línea", "crim.juarez.la_linea", "MEX", "criminal_organisation"),
        ("Santa Rosa de Lima Cartel", "crim.santa_rosa_de_lima", "MEX", "criminal_organisation"),
        ('Joaquín "El Chapo" Guzmán', "crim.person.el_chapo", "MEX", "criminal_organisation"),
        ("Ismael 'El Mayo' Zambada", "crim.person.zambada", "MEX", "criminal_organisation"),
        ("Ovidio Guzmán", "crim.person.ovidio_guzman", "MEX", "criminal_organisation"),
        ('Nemesio "El Mencho" Oseguera', "crim.person.el_mencho", "MEX", "criminal_organisation"),
    ],
)
def test_kb_entities_resolve(text: str, entity_id: str, country: str, sector: str) -> None:
    res = resolve_text(text)
    assert (res.entity_id, res.country, res.sector, res.resolution) == (entity_id, country, sector, "kb")


def test_state_name_alone_is_not_the_cartel() -> None:
    state = resolve_text("Sinaloa")
    cartel = resolve_text("Sinaloa Cartel")
    assert state.sector == "government" and state.entity_id == "mex.state.sin"
    assert cartel.sector == "criminal_organisation" and cartel.entity_id == "crim.sinaloa"


@pytest.mark.parametrize(
    ("text", "country", "sector"),
    [
        ("gunmen", None, "criminal_organisation"),  # docs/engine.md codebook: the beat's unnamed attackers
        ("Mexican soldiers", "MEX", "military"),
        ("U.S. officials", "USA", "government"),
        ("American troops", "USA", "military"),
        ("police in Culiacán", "MEX", "police"),
        ("local residents", None, "civilians"),
        ("the cartels", None, "criminal_organisation"),
        ("Mexican officials", "MEX", "government"),
        ("Trump administration officials", "USA", "government"),
        ("the Mexican Embassy in Washington", "MEX", "government"),
        ("officials in the Trump administration", "USA", "government"),
        ("families of soldiers", None, "civilians"),
    ],
)
def test_sector_rules_with_nationality(text: str, country: str | None, sector: str) -> None:
    res = resolve_text(text)
    assert (res.country, res.sector) == (country, sector)
    assert res.resolution in ("sector_rule", "kb")


def test_countries_and_misspellings() -> None:
    assert resolve_text("Mexico").resolution == "country"
    assert resolve_text("the United States").country == "USA"
    assert resolve_text("Canada").country == "CAN"
    assert resolve_text("Venezuela").country == "VEN"
    fuzzy = resolve_text("Jalisco New Generaton Cartel")
    assert fuzzy.entity_id == "crim.cjng" and fuzzy.resolution == "kb"


def test_unknown_names_are_kept() -> None:
    res = resolve_text("Fernando Quiñones Ledezma")
    assert res.resolution == "unknown" and res.canonical == "Fernando Quiñones Ledezma"
    assert res.entity_id is None


def test_resolve_entity_keeps_the_span() -> None:
    ent = Entity(text="DEA", span=Span(start=10, end=13, text="DEA"))
    out = resolve_entity(ent)
    assert out.span == ent.span and out.canonical == "Drug Enforcement Administration"


def test_every_entry_has_a_source_and_valid_sector() -> None:
    from chronicler.records import SECTORS

    kb = load_kb()
    for entry in kb.entries.values():
        assert entry.source, entry.id
        assert entry.sector in SECTORS, entry.id
        assert entry.country is None or len(entry.country) == 3, entry.id
    assert len(mexican_states()) == 32


def test_malformed_kb_file_is_a_catalogue_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    src = kb_mod.kb_dir()
    for name in ("rules.json", "terms.json"):
        (tmp_path / name).write_text((src / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "broken.json").write_text(json.dumps([{"id": "x.y", "aliases": ["Y"]}]))
    with pytest.raises(ChroniclerError) as info:
        kb_mod.load_kb.__wrapped__(str(tmp_path))
    assert info.value.code == "E310"


def test_pronoun_resolves_through_its_antecedent() -> None:
    text = "The Pentagon said it would send drones."
    ent = Entity(text="it", span=Span(start=20, end=22, text="it"),
                 via_span=Span(start=0, end=12, text="The Pentagon"))
    out = resolve_entity(ent, article_text=text)
    assert out.entity_id == "usa.dod" and out.text == "it" and out.span == ent.span


def test_component_fills_events() -> None:
    import datetime as dt

    from chronicler.pipeline import DocContext
    from chronicler.resolve.actors import make_resolve_actors
    from tests.factories import make_article, make_event

    text = "Mexican marines detained two men."
    article = make_article(text)
    ev = make_event(article, "detained", "COERCE", actor=Entity(text="Mexican marines"),
                    recipient=Entity(text="two men"), sentence=Span(start=0, end=len(text)))
    ctx = DocContext(article_id=article.id, text=text, published=dt.date(2025, 3, 14), events=[ev])
    make_resolve_actors()(ctx)
    assert ev.actor is not None and ev.actor.entity_id == "mex.semar"
    # "two men" names no one, but the pack's sector nouns make them civilians
    assert ev.recipient is not None and ev.recipient.resolution == "sector_rule"
    assert ev.recipient.sector == "civilians" and ev.recipient.country is None
