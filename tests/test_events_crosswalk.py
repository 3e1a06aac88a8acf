"""The ACLED <-> PLOVER crosswalk is data, and agrees with the ACLED-style export."""

from __future__ import annotations

import pytest

from chronicler.extract.crosswalk import acled_for, crosswalk, plover_for
from chronicler.records import EVENT_TYPES
from chronicler.serve.export import acled_type

_ASSAULT_MODES = ("abduct", "beat", "torture", "execute", "sexual", "assassinate", "destroy",
                  "primitive", "firearms", "explosives", "suicide-attack", "aerial", "drone",
                  "heavy-weapons", "cleansing", "massacre", None)  # fmt: skip


@pytest.mark.parametrize(
    ("sub_event", "expected"),
    [
        ("Air/drone strike", ("ASSAULT", "aerial")),
        ("Remote explosive/landmine/IED", ("ASSAULT", "explosives")),
        ("Grenade", ("ASSAULT", "explosives")),
        ("Abduction/forced disappearance", ("ASSAULT", "abduct")),
        ("Armed clash", ("ASSAULT", "firearms")),
        ("Attack", ("ASSAULT", None)),
        ("Excessive force against protesters", ("ASSAULT", "crowd-control")),
        ("Peaceful protest", ("PROTEST", "demo")),
        ("Violent demonstration", ("PROTEST", "riot")),
        ("Arrests", ("COERCE", "arrest")),
        ("Disrupted weapons use", ("COERCE", "seize")),
        ("Looting/property destruction", ("ASSAULT", "destroy")),
        ("Other", None),
    ],
)
def test_acled_sub_events_map_to_plover(sub_event: str, expected: tuple[str, str] | None) -> None:
    assert plover_for(sub_event) == expected


def test_every_row_names_known_types() -> None:
    assert all(r.plover_type in (*EVENT_TYPES, "*") for r in crosswalk())


@pytest.mark.parametrize("mode", _ASSAULT_MODES)
@pytest.mark.parametrize("sector", ["military", "civilians", None])
def test_plover_to_acled_agrees_with_the_export(mode: str | None, sector: str | None) -> None:
    assert acled_for("ASSAULT", mode, sector) == acled_type("ASSAULT", mode, sector)


@pytest.mark.parametrize(
    ("event_type", "mode"),
    [("PROTEST", "demo"), ("PROTEST", "riot"), ("PROTEST", "strike"), ("COERCE", "arrest"),
     ("COERCE", "seize"), ("AGREE", None), ("MOBILIZE", "troops"), ("RETREAT", "withdraw"),
     ("ACCUSE", "allege")],
)  # fmt: skip
def test_other_types_agree_with_the_export(event_type: str, mode: str | None) -> None:
    assert acled_for(event_type, mode, None) == acled_type(event_type, mode, None)


def test_codebook_modes_the_export_does_not_know_yet() -> None:
    # New in the crosswalk (issue 10); the export's own table still has to read the file.
    assert acled_for("ASSAULT", "crowd-control", "protesters") == (
        "Protests", "Excessive force against protesters",
    )  # fmt: skip
    assert acled_for("ASSAULT", "unconventional", None)[1] == "Chemical weapon"


@pytest.mark.parametrize("mode", ["firearms", "beat", None])
def test_force_on_protesters_is_its_own_acled_type(mode: str | None) -> None:
    # A recipient column may name one sector: protesters shot, beaten or killed.
    assert acled_for("ASSAULT", mode, "protesters")[1] == "Excessive force against protesters"
    assert acled_for("ASSAULT", mode, "civilians")[1] == "Attack"


def test_a_named_means_keeps_its_sub_event_on_protesters() -> None:
    assert acled_for("ASSAULT", "explosives", "protesters")[1] == "Remote explosive/landmine/IED"


def test_a_crowd_s_violence_is_riots() -> None:
    # The actor cell: a mob (protester sector) lynching or beating someone is Mob violence;
    # its burning of property a violent demonstration; protesters arrested an intervention.
    assert acled_for("ASSAULT", "primitive", "civilians", "protesters") == ("Riots", "Mob violence")
    assert acled_for("ASSAULT", None, None, "protesters") == ("Riots", "Mob violence")
    assert acled_for("ASSAULT", "destroy", None, "protesters") == ("Riots", "Violent demonstration")
    assert acled_for("ASSAULT", "destroy", None, "armed_group")[1] == "Looting/property destruction"
    assert acled_for("ASSAULT", "primitive", "civilians", "criminal_organisation")[1] == "Attack"
    assert acled_for("COERCE", "arrest", "protesters", "police")[1] == "Protest with intervention"
    assert acled_for("COERCE", "arrest", "civilians", "police")[1] == "Arrests"
    assert acled_for("COERCE", "restrict", "civilians", "police")[1] == "Protest with intervention"
    assert acled_for("COERCE", "restrict", None, "government")[1] == "Other"  # classes suspended
