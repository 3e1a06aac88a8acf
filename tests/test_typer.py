"""The trained event typer: its contract, the shipped weights, and what it calls an event.

The sentences are written for these tests (not drawn from the training templates).
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from chronicler.errors import ChroniclerError
from chronicler.extract.typer import (
    NONE_LABEL,
    TypePrediction,
    hashed_features,
    load_from,
    load_typer,
    normalise_text,
)
from chronicler.records import EVENT_TYPES


@pytest.fixture(scope="module")
def typer():  # type: ignore[no-untyped-def]
    return load_typer()


def test_labels_are_plover_types_plus_none(typer) -> None:  # type: ignore[no-untyped-def]
    assert set(typer.labels) <= set(EVENT_TYPES) | {NONE_LABEL}
    assert NONE_LABEL in typer.labels and "ASSAULT" in typer.labels


def test_prediction_contract(typer) -> None:  # type: ignore[no-untyped-def]
    preds = typer.predict(["Masked men shot a shopkeeper dead in Apaseo el Grande on Sunday."])
    assert len(preds) == 1
    p = preds[0]
    assert isinstance(p, TypePrediction)
    assert set(p.scores) == set(typer.labels)
    assert abs(sum(p.scores.values()) - 1.0) < 0.01
    assert p.probability == pytest.approx(max(p.scores.values()), abs=1e-3)
    assert typer.predict([]) == []


def test_triggers_must_match_sentences(typer) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        typer.predict(["one", "two"], triggers=["kill"])


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        ("Masked men shot a shopkeeper dead in Apaseo el Grande on Sunday.", "shoot", "ASSAULT"),
        ("Seven Gunned Down at Cockfight in Sinaloa", None, "ASSAULT"),
        ("Soldiers detained four suspects at a checkpoint near Tecoman.", "detain", "COERCE"),
        ("Nurses marched to the health ministry to demand their unpaid wages.", "march", "PROTEST"),
        ("Police charged the crowd with batons and fired tear gas shells.", "fire", "ASSAULT"),
        (
            "Encapuchados asesinaron a balazos a un comerciante en Apaseo el Grande.",
            None,
            "ASSAULT",
        ),
        # with its trigger, as the engine asks: since the es pack exists, Spanish training
        # sentences carry their trigger lemma too, and a bare "detuvieron" reads as "held"
        ("Policías detuvieron a cuatro sospechosos en un retén de Tecomán.", "detener", "COERCE"),
    ],
)
def test_types_events(typer, sentence: str, trigger: str | None, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert typer.predict([sentence], triggers=[trigger])[0].event_type == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "A magnitude 6.8 earthquake shook the coast on Tuesday, killing nine people.",
        "Eleven passengers died when their minibus overturned on a mountain road.",
        "The violence has claimed more than 3,000 lives since the start of the year.",
        "The senator tore into her opponent's tax plan during the televised debate.",
        "Un deslave provocado por las lluvias sepultó a seis personas en la sierra.",
    ],
)
def test_leaves_non_events_alone(typer, sentence: str) -> None:  # type: ignore[no-untyped-def]
    pred = typer.predict([sentence])[0]
    assert pred.event_type is None and pred.mode is None


def test_mode_comes_from_the_type(typer) -> None:  # type: ignore[no-untyped-def]
    # with its trigger, as the engine calls it (without one this sentence is a near-tie)
    sentence = "Students blockaded the highway with burning tyres for six hours."
    p = typer.predict([sentence], triggers=["blockade"])[0]
    assert p.event_type == "PROTEST" and p.mode == "obstruct"


def test_all_capitals_headline_is_lowered() -> None:
    assert (
        normalise_text("EIGHT POLICE ARRESTED AFTER CLASH") == "Eight police arrested after clash"
    )
    assert normalise_text("Eight Slain in Tepic") == "Eight Slain in Tepic"


def test_hashed_features_fold_digits_and_mark_the_trigger() -> None:
    a = hashed_features("12 killed", None, 64, True, False)
    b = hashed_features("47 killed", None, 64, True, False)
    assert np.allclose(a, b) and abs(float(np.linalg.norm(a)) - 1.0) < 1e-5
    with_trigger = hashed_features("12 killed", "kill", 64, True, True)
    assert not np.allclose(a, with_trigger)


def test_broken_metadata_is_a_coded_error() -> None:
    with pytest.raises(ChroniclerError) as err:
        load_from(json.dumps({"labels": ["NONE"]}), {})
    assert err.value.code == "E335"
