"""Toll extraction: counts, UCDP-style low/best/high, categories and attachment to events."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from chronicler.errors import ChroniclerError
from chronicler.extract.toll import (
    assign_tolls,
    compile_toll_pack,
    find_counts,
    parse_quantity,
    sentence_toll,
)
from chronicler.lang import LanguagePack, load_pack, packs_dir
from chronicler.records import Span
from tests.factories import make_article, make_event


@pytest.mark.parametrize(
    ("qty", "expected"),
    [
        ("five", (5, 5, 5)), ("12", (12, 12, 12)), ("1,200", (1200, 1200, 1200)),
        ("twenty-five", (25, 25, 25)), ("a dozen", (12, 12, 12)), ("two dozen", (24, 24, 24)),
        ("dozens", (24, 24, None)), ("at least 12", (12, 12, None)), ("more than 20", (21, 21, None)),
        ("more than a dozen", (13, 13, None)), ("between 3 and 5", (3, 4, 5)), ("3 to 5", (3, 4, 5)),
        ("nearly 30", (None, 30, 30)), ("up to 40", (None, 40, 40)), ("some 40", (None, 40, None)),
        ("about 15", (None, 15, None)), ("a handful", (3, 4, 6)), ("several", (3, 3, None)),
        ("hundreds", (200, 200, None)), ("a", (1, 1, 1)), ("1 million", (10**6, 10**6, 10**6)),
        ("tens of thousands", (20000, 20000, None)),
    ],
)
def test_quantities(qty: str, expected: tuple) -> None:  # type: ignore[type-arg]
    assert parse_quantity(qty) == expected


def _counts(sentence: str) -> dict[str, tuple]:  # type: ignore[type-arg]
    return {h.kind: (h.count.low, h.count.best, h.count.high, h.count.category)
            for h in find_counts(sentence)}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Gunmen killed five people in Culiacán.", {"killed": (5, 5, 5, None)}),
        ("At least 12 people were killed and two soldiers were wounded.",
         {"killed": (12, 12, None, None), "injured": (2, 2, 2, "security_forces")}),
        ("Marines arrested 20 alleged cartel members.", {"arrested": (20, 20, 20, "cartel_members")}),
        ("Agents detained more than 30 migrants near Nogales.", {"arrested": (31, 31, None, "migrants")}),
        ("Between 3 and 5 journalists were kidnapped.", {"kidnapped": (3, 4, 5, "journalists")}),
        ("The attack left nearly 30 dead.", {"killed": (None, 30, 30, None)}),
        ("Dozens of suspected criminals were detained.", {"arrested": (24, 24, None, "cartel_members")}),
        ("The death toll rose to 14.", {"killed": (14, 14, 14, None)}),
        ("A police officer was shot dead and a bystander was wounded.",
         {"killed": (1, 1, 1, "security_forces"), "injured": (1, 1, 1, "civilians")}),
        ("Troops killed some 40 gunmen in a firefight.", {"killed": (None, 40, None, "cartel_members")}),
        ("Twelve civilians, including three children, were killed.", {"killed": (12, 12, 12, "civilians")}),
        ("Gunmen abducted a dozen residents.", {"kidnapped": (12, 12, 12, "civilians")}),
        ("Two National Guard members were injured.", {"injured": (2, 2, 2, "security_forces")}),
        ("Two officers were killed and another was wounded.",
         {"killed": (2, 2, 2, "security_forces"), "injured": (1, 1, 1, "security_forces")}),
        ("Gunmen killed a woman and her two children.", {"killed": (3, 3, 3, "civilians")}),
        ("Soldiers killed 3 gunmen and 2 civilians.", {"killed": (5, 5, 5, None)}),
        ("The raid on Dec. 28 left 4 dead.", {"killed": (4, 4, 4, None)}),
    ],
)
def test_counts_in_sentences(sentence: str, expected: dict) -> None:  # type: ignore[type-arg]
    assert _counts(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    ["He was arrested in 2019 and killed two years later.", "No one was killed.",
     "He was killed 12 years ago.", "About 82 percent of murders go unsolved.",
     "The family of a slain officer spoke.", "The candidate captured 1,944 delegates.",
     "Troops seized 500 kilos of cocaine.", "At least six sources told NBC News."],
)
def test_no_false_counts(sentence: str) -> None:
    assert _counts(sentence) == {}


def test_counts_attach_to_fitting_event() -> None:
    text = "Soldiers clashed with gunmen and arrested 12 suspects, while three soldiers were killed."
    article = make_article(text)
    sent = Span(start=0, end=len(text))
    assault = make_event(article, "clashed", "ASSAULT", sentence=sent)
    arrest = make_event(article, "arrested", "COERCE", mode="arrest", sentence=sent)
    assign_tolls(text, [assault, arrest])
    assert arrest.toll.arrested is not None and arrest.toll.arrested.best == 12
    assert assault.toll.killed is not None and assault.toll.killed.category == "security_forces"
    assert assault.toll.arrested is None and arrest.toll.killed is None
    span = arrest.toll.arrested.span
    assert span is not None and text[span.start : span.end] == arrest.toll.arrested.text


def test_counts_go_to_nearest_event_when_no_type_fits() -> None:
    text = "Officials said 14 people died after the army deployed troops."
    article = make_article(text)
    ev = make_event(article, "deployed", "MOBILIZE", sentence=Span(start=0, end=len(text)))
    assign_tolls(text, [ev])
    assert ev.toll.killed is not None and ev.toll.killed.best == 14


# --- singular deaths, killed-and-wounded, headlines (English) ---------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("A man was shot dead in Culiacán.", {"killed": (1, 1, 1, None)}),
        ("They murder a man in Nuevo Tijuana.", {"killed": (1, 1, 1, None)}),
        ("Gunmen kill him outside his home.", {"killed": (1, 1, 1, None)}),
        ("Body found inside a car in Escobedo.", {"killed": (1, 1, 1, None)}),
        ("A municipal police officer was found shot to death.", {"killed": (1, 1, 1, "security_forces")}),
        ("The gunmen killed 14 and wounded six others.", {"killed": (14, 14, 14, None), "injured": (6, 6, 6, None)}),
        ("Eight Slain at Birthday Party in Tepic", {"killed": (8, 8, 8, None)}),
        ("19 Executed in Guanajuato", {"killed": (19, 19, 19, None)}),
        ("Two Bodies Found in Iguala", {"killed": (2, 2, 2, None)}),
        ("Confrontation between CJNG and Nueva Familia leaves two dead", {"killed": (2, 2, 2, None)}),
        ("Armed attack at a bar leaves one injured and one dead",
         {"killed": (1, 1, 1, None), "injured": (1, 1, 1, None)}),
        ("Troops killed five alleged cartel members.", {"killed": (5, 5, 5, "cartel_members")}),
        ("Man shot dead in Culiacán", {"killed": (1, 1, 1, None)}),
        ("Journalist killed in Michoacán", {"killed": (1, 1, 1, "journalists")}),
        ("A woman was killed and her daughter was wounded.",
         {"killed": (1, 1, 1, "civilians"), "injured": (1, 1, 1, "civilians")}),
        ("Two men were arrested for the murder of a mayor.", {"arrested": (2, 2, 2, None)}),
    ],
)
def test_english_singular_wounded_and_headlines(sentence: str, expected: dict) -> None:  # type: ignore[type-arg]
    assert _counts(sentence) == expected


# --- Spanish ------------------------------------------------------------------------------


def _es(sentence: str) -> dict[str, tuple]:  # type: ignore[type-arg]
    return {h.kind: (h.count.low, h.count.best, h.count.high, h.count.category)
            for h in find_counts(sentence, 0, "es")}


@pytest.mark.parametrize(
    ("qty", "expected"),
    [("seis", (6, 6, 6)), ("al menos doce", (12, 12, None)), ("una decena", (10, 10, 10)),
     ("más de 20", (21, 21, None)), ("treinta y dos", (32, 32, 32)), ("casi 30", (None, 30, 30)),
     ("entre 3 y 5", (3, 4, 5)), ("unos 40", (None, 40, None)), ("dos mil", (2000, 2000, 2000)),
     ("decenas de", (20, 20, None)), ("veintidós", (22, 22, 22)), ("una", (1, 1, 1))],
)
def test_spanish_quantities(qty: str, expected: tuple) -> None:  # type: ignore[type-arg]
    assert parse_quantity(qty, "es") == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Asesinan a balazos a tres jóvenes en Tlajomulco", {"killed": (3, 3, 3, "civilians")}),
        ("Enfrentamientos contra Guardia Nacional deja seis muertos y cinco detenidos",
         {"killed": (6, 6, 6, None), "arrested": (5, 5, 5, None)}),
        ("Un hombre fue asesinado en Culiacán.", {"killed": (1, 1, 1, None)}),
        ("Al menos doce personas murieron en el ataque.", {"killed": (12, 12, None, None)}),
        ("Una decena de migrantes fueron secuestrados.", {"kidnapped": (10, 10, 10, "migrants")}),
        ("El ataque dejó tres heridos.", {"injured": (3, 3, 3, None)}),
        ("Hallan sin vida a dos hombres en Celaya", {"killed": (2, 2, 2, None)}),
        ("Fueron ultimados cuatro policías municipales.", {"killed": (4, 4, 4, "security_forces")}),
        ("Tres jóvenes fueron ejecutados en una fiesta.", {"killed": (3, 3, 3, "civilians")}),
        ("Dos hombres fueron levantados por sujetos armados.", {"kidnapped": (2, 2, 2, None)}),
        ("Tres personas fueron privadas de la libertad.", {"kidnapped": (3, 3, 3, None)}),
        ("Lo asesinan a balazos en Iguala", {"killed": (1, 1, 1, None)}),
        ("Matan a una mujer y a sus dos hijos", {"killed": (3, 3, 3, "civilians")}),
        ("Detienen a cinco presuntos integrantes del CJNG", {"arrested": (5, 5, 5, "cartel_members")}),
        ("Deja un muerto y dos heridos ataque en un bar",
         {"killed": (1, 1, 1, None), "injured": (2, 2, 2, None)}),
        ("Resultaron heridos tres elementos de la Guardia Nacional.",
         {"injured": (3, 3, 3, "security_forces")}),
        ("El 28 de diciembre murieron cuatro personas.", {"killed": (4, 4, 4, None)}),
        ("Hace 12 años fue asesinado su padre.", {"killed": (1, 1, 1, None)}),
        ("Ejecutan a mujer en su domicilio de Salamanca", {"killed": (1, 1, 1, "civilians")}),
        ("Muere policía tras ataque armado en Tlaquepaque", {"killed": (1, 1, 1, "security_forces")}),
        ("Detienen a 7 por el asesinato de un alcalde", {"arrested": (7, 7, 7, None)}),
        ("Durante febrero se contabilizaron 87 ejecuciones en Tijuana.", {"killed": (87, 87, 87, None)}),
    ],
)
def test_spanish_counts(sentence: str, expected: dict) -> None:  # type: ignore[type-arg]
    assert _es(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    ["Sin embargo, nadie resultó herido.", "Ninguna persona resultó herida.",
     "Aseguraron 500 kilos de cocaína y tres armas.", "Hace 12 años fue detenido por robo."],
)
def test_spanish_no_false_counts(sentence: str) -> None:
    assert _es(sentence) == {}


def test_english_words_do_not_count_spanish_text() -> None:
    # the Spanish pack has its own words: an English casualty verb is not one of them
    assert _es("Gunmen killed five people.") == {}


# --- aggregates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("Police reported 15 murders in the last 24 hours.", "en"),
        ("There were 30 murders in October.", "en"),
        ("The war that has killed 1,200 people since September.", "en"),
        ("Gunmen have killed 85 people so far this year.", "en"),
        ("Michoacán registers nine murders this weekend", "en"),
        ("En lo que va del año han sido asesinadas 40 personas.", "es"),
        ("Michoacán registra nueve homicidios este fin de semana", "es"),
        ("Suman 15 ejecutados en las últimas 24 horas en Celaya", "es"),
        ("Gunmen kill three people a day in the state.", "en"),
        ("Matan a tres personas al día en el estado.", "es"),
    ],
)
def test_aggregates_are_flagged(sentence: str, language: str) -> None:
    hits = find_counts(sentence, 0, language)
    assert hits and all(h.count.aggregate for h in hits), sentence


@pytest.mark.parametrize(
    ("sentence", "language"),
    [("Gunmen killed five people in Culiacán on Tuesday.", "en"),
     ("In October, gunmen killed three police officers in Celaya.", "en"),
     ("Asesinan a tres hombres en Celaya", "es"),
     ("Farmers marched a week after three growers were shot dead.", "en"),
     ("Al día siguiente hallaron asesinados a dos hombres.", "es")],
)
def test_single_events_are_not_aggregates(sentence: str, language: str) -> None:
    hits = find_counts(sentence, 0, language)
    assert hits and not any(h.count.aggregate for h in hits), sentence


def test_aggregate_never_replaces_an_event_count() -> None:
    text = ("Gunmen killed four people at a bar in Celaya. "
            "The state has recorded 2,100 killings so far this year.")
    article = make_article(text)
    first = Span(start=0, end=text.index(" The state"))
    ev = make_event(article, "killed", "ASSAULT", sentence=first)
    aggregates = assign_tolls(text, [ev])
    assert ev.toll.killed is not None and ev.toll.killed.best == 4 and not ev.toll.killed.aggregate
    assert [a.best for a in aggregates] == [2100] and aggregates[0].aggregate


def test_aggregate_on_its_own_event_is_flagged() -> None:
    text = "Police reported 15 murders in the last 24 hours."
    ev = make_event(make_article(text), "murders", "ASSAULT")
    assign_tolls(text, [ev])
    assert ev.toll.killed is not None and ev.toll.killed.aggregate and ev.toll.killed.best == 15


# --- counts spread over sentences ----------------------------------------------------------


def test_additive_count_in_a_later_sentence_adds_to_the_event() -> None:
    text = ("Gunmen attacked a family in Zamora, killing three people. "
            "Two other people were also found killed inside the house.")
    article = make_article(text)
    ev = make_event(article, "attacked", "ASSAULT", sentence=Span(start=0, end=text.index(" Two")))
    assign_tolls(text, [ev])
    assert ev.toll.killed is not None
    assert (ev.toll.killed.low, ev.toll.killed.best, ev.toll.killed.high) == (5, 5, 5)


def test_additive_count_goes_to_the_earlier_event_not_its_own() -> None:
    text = ("Gunmen killed two police officers in Celaya. "
            "Another three officers were killed later.")
    article = make_article(text)
    cut = text.index(" Another")
    first = make_event(article, "killed two", "ASSAULT", sentence=Span(start=0, end=cut))
    second = make_event(article, "were killed", "ASSAULT", sentence=Span(start=cut + 1, end=len(text)))
    assign_tolls(text, [first, second])
    assert first.toll.killed is not None and first.toll.killed.best == 5
    assert second.toll.killed is None  # counted once, on the incident's first report


def test_spanish_additive_count_over_sentences() -> None:
    text = "Asesinan a dos hombres en Uruapan. Más tarde fueron hallados otros tres cuerpos."
    article = make_article(text, language="es")
    ev = make_event(article, "Asesinan", "ASSAULT", sentence=Span(start=0, end=text.index(" Más")))
    assign_tolls(text, [ev], "es")
    assert ev.toll.killed is not None and ev.toll.killed.best == 5


def test_count_without_additive_cue_in_an_eventless_sentence_is_ignored() -> None:
    text = "Gunmen attacked a bar in Celaya. Five people died last year in a similar attack."
    article = make_article(text)
    ev = make_event(article, "attacked", "ASSAULT", sentence=Span(start=0, end=text.index(" Five")))
    assign_tolls(text, [ev])
    assert ev.toll.killed is None


@pytest.mark.parametrize(
    ("sentence", "language", "killed"),
    [
        ("They shot a man to death in San Juanito", "en", 1),
        ("They take the life of a man in Urireo", "en", 1),
        ("They locate a lifeless man in the river", "en", 1),
        ("They execute a motorcyclist in Iguala", "en", 1),
        ("Triple homicide in the Obrera neighborhood", "en", 3),
        ("They find three men tortured and murdered", "en", 3),
        ("4 die in southern Chihuahua", "en", 4),
        ("Matan a balazos a malabarista en Linares", "es", 1),
        ("Grupo armado asesina en Nuevo León a propietario de un bar", "es", 1),
        ("Matan con granada a comandante en Tabasco", "es", 1),
        ("Matan al director de la policía de Tepetongo", "es", 1),
        ("Asesinan de un tiro a un hombre en Guadalajara", "es", 1),
        ("Hombre es asesinado a media calle en la colonia La Paz", "es", 1),
        ("Localizan un encobijado en la colonia Rubio", "es", 1),
        ("Encuentran otro cadáver en Capultitlán", "es", 1),
        ("Doble homicidio en Celaya", "es", 2),
        ("Trabajador de tortillería es asesinado en Guerrero", "es", 1),
        ("En CdMx, hombre es asesinado en la alcaldía Venustiano Carranza", "es", 1),
        ("Muere embarazada tras ataque en Nuevo Laredo", "es", 1),
        ("Asesinan frente a su familia a joven en la colonia Felipe Ángeles", "es", 1),
        ("Hallan muertos a dos presuntos sicarios en Chiapas", "es", 2),
    ],
)
def test_headline_singulars_and_multiples(sentence: str, language: str, killed: int) -> None:
    hits = {h.kind: h.count for h in find_counts(sentence, 0, language)}
    assert "killed" in hits and hits["killed"].best == killed, sentence


@pytest.mark.parametrize(
    ("sentence", "language"),
    [("A body of water.", "en"), ("The governing body met.", "en"), ("Police beat protesters.", "en"),
     ("Asesinan a dos policías", "es")],
)
def test_singular_rules_do_not_fire_on_plurals_or_other_senses(sentence: str, language: str) -> None:
    hits = {h.kind: h.count for h in find_counts(sentence, 0, language)}
    assert "killed" not in hits or hits["killed"].best != 1, sentence


@pytest.mark.parametrize(
    ("sentence", "language", "floor"),
    [
        # a headline's killing with no count: at least one, never an exact singular
        ("Ejecutan en Durango a militares", "es", True),
        ("Police officers killed in ambush near Tepic", "en", True),
        ("Fueron asesinados en su domicilio de Zamora", "es", True),
        # a prose sentence, an attempt, a threat, a negation, a retold past killing: no floor
        ("Soldiers were killed in the ambush near Tepic.", "en", False),
        ("Gunmen tried to kill the mayor of Tepic", "en", False),
        ("Intentaron asesinar a policías en Zamora", "es", False),
        ("No one killed in Tepic shootout", "en", False),
        ("He was killed in 2015, his widow recalled", "en", False),
    ],
)
def test_headline_killing_without_a_count_is_a_floor(sentence: str, language: str, floor: bool) -> None:
    killed = sentence_toll(sentence, language).killed
    if floor:
        assert killed is not None and (killed.low, killed.best, killed.high) == (1, 1, None), sentence
    else:
        assert killed is None, sentence


def _broken_pack(root: Path, code: str, change: Callable[[dict], None]) -> LanguagePack:  # type: ignore[type-arg]
    """A copy of the English pack under another code, its toll file changed."""
    shutil.copytree(packs_dir() / "en", root / code)
    manifest = json.loads((root / code / "pack.json").read_text())
    (root / code / "pack.json").write_text(json.dumps({**manifest, "code": code}))
    data = json.loads((root / code / "toll.json").read_text())
    change(data)
    (root / code / "toll.json").write_text(json.dumps(data))
    return load_pack(code, root)


def test_a_broken_toll_file_is_a_coded_error(tmp_path: Path) -> None:
    short = _broken_pack(tmp_path, "xx", lambda d: d["vague"].update(dozens=[24, 24]))
    with pytest.raises(ChroniclerError) as err:
        compile_toll_pack(short)
    assert err.value.code == "E321" and "dozens" in str(err.value)
    bad = _broken_pack(tmp_path, "yy", lambda d: d["kinds"]["killed"]["passive"].append("(unclosed"))
    with pytest.raises(ChroniclerError) as err:
        compile_toll_pack(bad)
    assert err.value.code == "E321" and "bad pattern" in str(err.value)


def test_toll_patterns_are_the_same_text_in_every_process() -> None:
    """Equal-length phrases of an alternation come in text order, not in a set's order
    (which changes with the string hash seed), so a pack compiles to the same patterns in
    every worker."""
    import os
    import subprocess
    import sys

    code = ("import hashlib; from chronicler.extract.toll import load_toll_language as l; "
            "t = l('en'); print(hashlib.sha1('\\n'.join(p.pattern for _, _, p in t.patterns)"
            ".encode()).hexdigest())")
    digests = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(digests) == 1
