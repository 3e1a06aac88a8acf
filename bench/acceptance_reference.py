"""Acceptance check on the reference article (issue 3): the events it must yield.

Runs the full default pipeline over shared/examples/reference_article.txt (found from any
folder by bench/shared_paths.py) (published
2025-05-06) and prints PASS/FAIL per expectation; exits 1 if any fails. Expectations are
of two kinds: events that must be found (recall) and events that must NOT be found
(precision: nothing in the article happened as an attack, a request for comment is no
request, the outlets that report are no actors).

    python bench/acceptance_reference.py [--components events,attribution,status] [-v]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable

from chronicler.pipeline import Pipeline
from chronicler.records import Event
from shared_paths import shared_dir

SHARED = shared_dir()  # $CHRONICLER_SHARED, else shared/ beside or above the checkout
ARTICLE = SHARED / "examples" / "reference_article.txt"
PUBLISHED = dt.date(2025, 5, 6)

Check = Callable[[Event], bool]


def country(entity: object) -> str | None:
    return getattr(entity, "country", None)


def text_of(entity: object) -> str:
    return (getattr(entity, "text", None) or "").lower()


def in_mexico(ev: Event) -> bool:
    place = ev.location.country if ev.location else None
    return place == "MEX" or country(ev.recipient) == "MEX" or "mexic" in text_of(ev.recipient)


def is_drone_strike(ev: Event) -> bool:
    return ev.event_type == "ASSAULT" and ev.mode in ("drone", "aerial")


def is_designation(ev: Event) -> bool:
    return ev.event_type == "SANCTION" and ev.trigger.text.lower().startswith("designat")


def is_tariff(ev: Event) -> bool:
    return ev.event_type == "SANCTION" and "tariff" in ev.trigger.text.lower()


def statement_of(name: str) -> Check:
    def check(ev: Event) -> bool:
        return name in ev.sentence.text and ev.event_type in ("THREATEN", "ASSAULT")

    return check


def is_joint_surveillance(ev: Event) -> bool:
    return ev.event_type == "COOPERATE" and "drone" in ev.sentence.text.lower() + _previous(ev)


def _previous(ev: Event) -> str:
    text = ARTICLE.read_text(encoding="utf-8")
    return text[max(0, ev.sentence.start - 200) : ev.sentence.start].lower()


def is_guzman_arrest(ev: Event) -> bool:
    return ev.event_type == "COERCE" and ev.mode == "arrest" and "guzmán" in text_of(ev.recipient)


# (label, which events it is about, what must hold for at least one of them)
EXPECTATIONS: list[tuple[str, Check, Check]] = [
    ("drone strike: ASSAULT/drone|aerial", is_drone_strike, lambda e: True),
    ("drone strike: status considered", is_drone_strike, lambda e: e.status == "considered"),
    ("drone strike: against cartels", is_drone_strike, lambda e: "cartel" in text_of(e.recipient)),
    ("drone strike: actor span is US officials", is_drone_strike,
     lambda e: "official" in text_of(e.actor) or "administration" in text_of(e.actor)),
    ("drone strike: actor country USA", is_drone_strike, lambda e: country(e.actor) == "USA"),
    ("drone strike: in Mexico", is_drone_strike, in_mexico),
    ("FTO designation: SANCTION, occurred", is_designation, lambda e: e.status == "occurred"),
    ("FTO designation: actor span Trump", is_designation, lambda e: "trump" in text_of(e.actor)),
    ("FTO designation: actor country USA", is_designation, lambda e: country(e.actor) == "USA"),
    ("tariffs: SANCTION, occurred", is_tariff, lambda e: e.status == "occurred"),
    ("tariffs: on Mexico", is_tariff, lambda e: "mexico" in text_of(e.recipient)),
    ("tariffs: actor country USA", is_tariff, lambda e: country(e.actor) == "USA"),
    ("Johnson: force not ruled out", statement_of("Johnson"),
     lambda e: e.status == "not_ruled_out"),
    ("Hegseth: force not ruled out", statement_of("Hegseth"),
     lambda e: e.status == "not_ruled_out"),
    ("Hegseth: actor span Hegseth", statement_of("Hegseth"), lambda e: "hegseth" in text_of(e.actor)),
    ("joint surveillance: COOPERATE, occurred", is_joint_surveillance,
     lambda e: e.status == "occurred"),
    ("joint surveillance: actor span the U.S.", is_joint_surveillance,
     lambda e: "u.s." in text_of(e.actor)),
    ("joint surveillance: with the Mexican government", is_joint_surveillance,
     lambda e: "mexican" in text_of(e.recipient)),
    ("joint surveillance: USA with MEX (resolved)", is_joint_surveillance,
     lambda e: country(e.actor) == "USA" and country(e.recipient) == "MEX"),
    ("Guzmán arrest: COERCE/arrest, occurred", is_guzman_arrest, lambda e: e.status == "occurred"),
]  # fmt: skip


def _happened(ev: Event) -> bool:
    return ev.status in ("occurred", "ongoing")


_OUTLETS = ("nbc", "independent", "fox")
_ALLOWED_TYPES = frozenset({"ASSAULT", "SANCTION", "MOBILIZE", "COERCE", "COOPERATE"})

# (label, events that must not exist)
ABSENCES: list[tuple[str, Check]] = [
    ("no ASSAULT that occurred (strikes were only discussed)",
     lambda e: e.event_type == "ASSAULT" and _happened(e)),
    ("no occurred ASSAULT/drone", lambda e: is_drone_strike(e) and _happened(e)),
    ("no MOBILIZE that occurred (sending soldiers was floated)",
     lambda e: e.event_type == "MOBILIZE" and _happened(e)),
    ("no REQUEST (asking for comment is newsroom routine)", lambda e: e.event_type == "REQUEST"),
    ("no outlet as actor", lambda e: any(o in text_of(e.actor) for o in _OUTLETS)),
    ("no event from 'those drones are unarmed'", lambda e: "unarmed" in e.sentence.text),
    ("no type the article does not report (protest, accuse, agree ...)",
     lambda e: e.event_type not in _ALLOWED_TYPES),
]  # fmt: skip


def describe(ev: Event) -> str:
    actor = f"{ev.actor.text!r}/{ev.actor.country}" if ev.actor else "-"
    recipient = f"{ev.recipient.text!r}/{ev.recipient.country}" if ev.recipient else "-"
    place = ev.location.country if ev.location else "-"
    return (
        f"{ev.event_type}/{ev.mode} [{ev.trigger.text}] {ev.status} "
        f"actor={actor} recipient={recipient} place={place}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--components", help="comma-separated components (default: full)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every event")
    args = parser.parse_args()
    config = {"components": args.components.split(",")} if args.components else None
    pipeline = Pipeline.from_config(config)
    text = ARTICLE.read_text(encoding="utf-8")
    events = pipeline.extract(text, published=PUBLISHED, article_id="reference")
    if args.verbose:
        for ev in events:
            print("  ", describe(ev))
    failures = 0
    for label, about, holds in EXPECTATIONS:
        relevant = [ev for ev in events if about(ev)]
        ok = any(holds(ev) for ev in relevant)
        failures += not ok
        detail = "" if ok else f"  (candidates: {[describe(e) for e in relevant] or 'none'})"
        print(f"{'PASS' if ok else 'FAIL'}  {label}{detail}")
    for label, wrong in ABSENCES:
        found = [ev for ev in events if wrong(ev)]
        failures += bool(found)
        detail = f"  (found: {[describe(e) for e in found]})" if found else ""
        print(f"{'FAIL' if found else 'PASS'}  {label}{detail}")
    total = len(EXPECTATIONS) + len(ABSENCES)
    print(f"{total - failures}/{total} expectations hold "
          f"({len(EXPECTATIONS)} events found, {len(ABSENCES)} wrong events absent)")  # fmt: skip
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
