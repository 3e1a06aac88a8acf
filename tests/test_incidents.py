"""Incidents: merging reports, sources, reconciliation and grades (SQLite and PostgreSQL).

The stories are invented for these tests; events are built directly (no NLP).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from chronicler.incidents import rebuild_incidents, update_incidents
from chronicler.records import (
    Article,
    Attribution,
    Count,
    DateRef,
    Entity,
    Event,
    Incident,
    Place,
    SourceProfile,
    Toll,
)
from chronicler.store import Store
from tests.factories import make_article, make_event

Story = tuple[Article, list[Event]]
RAID_DAY = dt.date(2026, 3, 10)


def when(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, 0)


def town(name: str, admin1: str, country: str = "MEX") -> Place:
    return Place(text=name, name=name, admin1=admin1, country=country, precision="town")


def on(day: dt.date) -> DateRef:
    return DateRef(text=day.isoformat(), start=day, end=day, precision="day")


def said(kind: str, name: str | None = None, outlets: Sequence[str] = ()) -> Attribution:
    return Attribution(profile=SourceProfile(kind=kind, name=name), outlets=list(outlets))  # type: ignore[arg-type]


def killed(n: int) -> Toll:
    return Toll(killed=Count(low=n, best=n, high=n))


NAVY = Entity(text="marines", canonical="Mexican Navy", entity_id="mex.navy", country="MEX", sector="military")
GUNMEN = Entity(text="gunmen", country="MEX", sector="criminal_organisation")
CULIACAN = town("Culiacán", "Sinaloa")


def raid_stories() -> list[Story]:
    """One raid in Culiacán: Reuters, El Debate (independent) and The Independent citing Reuters."""
    reuters = make_article(
        "Mexican marines raided a safe house in Culiacán on Tuesday, killing four suspected "
        "cartel gunmen, the Sinaloa prosecutor's office said. The raid also left two marines wounded.",
        outlet="Reuters", published_at=when(10, 18), url="https://wire.example/raid",
    )
    debate = make_article(
        "Five people died when navy personnel stormed a house in the Tierra Blanca district of "
        "Culiacán, Sinaloa, on March 10, state prosecutors said.",
        outlet="El Debate", published_at=when(11, 9),
    )
    independent = make_article(
        "Mexican marines shot dead four alleged gunmen during a raid on a house in Culiacán, "
        "according to Reuters.",
        outlet="The Independent", published_at=when(11, 12),
    )
    common = {"actor": NAVY, "recipient": GUNMEN, "location": CULIACAN, "date": on(RAID_DAY)}
    return [
        (reuters, [
            make_event(reuters, "raided", toll=killed(4), mode="raid",
                       attribution=said("named_organisation", "Sinaloa prosecutor's office"), **common),
            # a second mention of the same raid in the same article, with no place or date
            make_event(reuters, "raid also left", actor=NAVY, mode="raid",
                       toll=Toll(injured=Count(best=2)), attribution=said("reporter")),
        ]),
        (debate, [make_event(debate, "stormed", toll=killed(5), mode="raid",
                             attribution=said("named_organisation", "state prosecutors"), **common)]),
        (independent, [make_event(independent, "shot dead", toll=killed(4), mode="raid",
                                  attribution=said("reporter", outlets=["Reuters"]), **common)]),
    ]  # fmt: skip


def other_attacks_same_day() -> list[Story]:
    """Two further attacks in Sinaloa on the raid's day: a bar in Mazatlán, a patrol near Los Mochis."""
    bar = make_article(
        "Gunmen opened fire at a bar in Mazatlán late on Tuesday, killing six people, police said.",
        outlet="Reuters", published_at=when(11, 7),
    )
    bar_again = make_article(
        "Six people were shot dead by gunmen in a bar in Sinaloa state on Tuesday night, "
        "a municipal police spokesman told reporters.",
        outlet="Milenio", published_at=when(11, 10),
    )
    patrol = make_article(
        "An armed group ambushed a state police patrol near Los Mochis on Tuesday, killing two officers.",
        outlet="El Debate", published_at=when(10, 22),
    )
    police = Entity(text="state police", country="MEX", sector="police")
    civilians = Entity(text="people", country="MEX", sector="civilians")
    armed = Entity(text="An armed group", country="MEX", sector="armed_group")
    coarse = Place(text="Sinaloa", name="Sinaloa", admin1="Sinaloa", country="MEX", precision="admin1")
    return [
        (bar, [make_event(bar, "opened fire", actor=GUNMEN, recipient=civilians,
                          location=town("Mazatlán", "Sinaloa"), date=on(RAID_DAY), toll=killed(6),
                          attribution=said("named_organisation", "police"))]),
        (bar_again, [make_event(bar_again, "shot dead", actor=GUNMEN, recipient=civilians,
                                location=coarse, date=on(RAID_DAY), toll=killed(6),
                                attribution=said("named_person", "municipal police spokesman"))]),
        (patrol, [make_event(patrol, "ambushed", actor=armed, recipient=police,
                             location=town("Los Mochis", "Sinaloa"), date=on(RAID_DAY), toll=killed(2),
                             attribution=said("reporter"))]),
    ]  # fmt: skip


def denial_stories() -> list[Story]:
    """Soldiers reported to have killed civilians; the Defence Ministry denies it."""
    first = make_article(
        "Soldiers killed three civilians at a checkpoint in Nuevo Laredo on Sunday, relatives said.",
        outlet="AP", published_at=when(9, 8),
    )
    denial = make_article(
        "The Defence Ministry denied that soldiers killed civilians at a Nuevo Laredo checkpoint on Sunday.",
        outlet="El Universal", published_at=when(9, 20),
    )
    army = Entity(text="Soldiers", canonical="Mexican Army", entity_id="mex.army", country="MEX", sector="military")
    place = town("Nuevo Laredo", "Tamaulipas")
    day = on(dt.date(2026, 3, 8))
    return [
        (first, [make_event(first, "killed", actor=army, location=place, date=day, toll=killed(3),
                            attribution=said("named_person", "relatives"))]),
        (denial, [make_event(denial, "killed", actor=army, location=place, date=day, status="denied",
                             attribution=said("named_organisation", "Defence Ministry"))]),
    ]  # fmt: skip


def sanction_stories() -> list[Story]:
    """A designation reported twice (a policy event, dated by publication) and a tariff the same day."""
    usa = Entity(text="the Treasury", canonical="US Treasury", entity_id="usa.treasury", country="USA",
                 sector="government")
    cjng = Entity(text="CJNG", canonical="Jalisco New Generation Cartel", entity_id="mex.cjng",
                  country="MEX", sector="criminal_organisation")
    mexico = Entity(text="Mexico", canonical="Mexico", entity_id="mex", country="MEX", sector="government")
    published = when(12, 15)
    pub_date = DateRef(start=published.date(), end=published.date(), precision="day", from_publication=True)
    one = make_article("The Treasury designated the CJNG a terrorist organisation on Thursday.",
                       outlet="Reuters", published_at=published)
    two = make_article("Washington formally designated the Jalisco cartel CJNG as a terrorist group.",
                       outlet="BBC", published_at=published + dt.timedelta(hours=2))
    tariff = make_article("The Treasury announced a 25 percent tariff on steel imports from Mexico.",
                          outlet="AP", published_at=published)
    return [
        (one, [make_event(one, "designated", "SANCTION", mode="designation", actor=usa, recipient=cjng,
                          date=pub_date)]),
        (two, [make_event(two, "designated", "SANCTION", mode="designation", actor=usa, recipient=cjng,
                          date=pub_date)]),
        (tariff, [make_event(tariff, "tariff", "SANCTION", mode="tariff", actor=usa, recipient=mexico,
                             date=pub_date)]),
    ]  # fmt: skip


def all_stories() -> list[Story]:
    return raid_stories() + other_attacks_same_day() + denial_stories() + sanction_stories()


def save(store: Store, stories: Sequence[Story], version: str = "test-1") -> None:
    store.add_articles([a for a, _ in stories])
    store.save_extraction([(a.id, events) for a, events in stories], version)


def incidents(store: Store) -> list[Incident]:
    return sorted(store.iter_incidents(), key=lambda i: i.id)


def holding(store: Store, event_id: str) -> Incident:
    found = [i for i in store.iter_incidents() if event_id in i.event_ids]
    assert len(found) == 1, found
    return found[0]


# --- the scenarios ---------------------------------------------------------------


def test_three_outlets_one_relaying_make_one_incident(store: Store) -> None:
    stories = raid_stories()
    save(store, stories)
    update_incidents(store)
    raid = holding(store, stories[0][1][0].id)
    all_ids = sorted(e.id for _, evs in stories for e in evs)
    assert raid.event_ids == all_ids  # the repeated mention in Reuters' story joined too
    assert [s.outlet for s in raid.sources] == ["Reuters", "El Debate", "The Independent"]
    independent = [s.outlet for s in raid.sources if s.independent]
    assert independent == ["Reuters", "El Debate"]
    relay = raid.sources[2]
    assert relay.relays == "Reuters" and relay.relay_reason == "cites Reuters"
    killed_count = raid.toll.killed
    assert killed_count is not None
    assert (killed_count.low, killed_count.best, killed_count.high) == (4, 4, 5)
    assert raid.toll.injured is not None and raid.toll.injured.best == 2
    assert "conflicting_killed" in raid.flags
    assert raid.grade == "confirmed", raid.grade_reason
    assert "2 independent accounts" in raid.grade_reason
    assert raid.first_reported_at == when(10, 18)
    assert raid.location is not None and raid.location.name == "Culiacán"
    assert any("same place culiacan" in text and "same type ASSAULT" in text for text in raid.merge_explanations)
    assert any("same article" in text for text in raid.merge_explanations)
    assert len(raid.merge_explanations) == len(raid.event_ids) - 1
    assert [h.by for h in raid.history] == ["pipeline"] * 3
    assert raid.history[0].what.endswith("grade fair") and raid.history[1].what.endswith("grade confirmed")


def test_different_attacks_same_day_same_state_stay_apart(store: Store) -> None:
    raid = raid_stories()
    others = other_attacks_same_day()
    save(store, raid + others)
    update_incidents(store)
    bar, bar_again, patrol = (evs[0].id for _, evs in others)
    assert holding(store, bar).id == holding(store, bar_again).id  # "in Sinaloa" fits inside Mazatlán
    assert holding(store, bar).id != holding(store, patrol).id
    assert holding(store, bar).id != holding(store, raid[0][1][0].id).id
    assert holding(store, patrol).id != holding(store, raid[0][1][0].id).id
    assert len(incidents(store)) == 3


def test_denial_makes_an_incident_contested(store: Store) -> None:
    stories = denial_stories()
    save(store, stories)
    update_incidents(store)
    (incident,) = incidents(store)
    assert incident.status == "contested"
    assert incident.grade == "contested"
    assert "El Universal" in incident.grade_reason and "denied" in incident.grade_reason
    assert [s.status for s in incident.sources] == ["occurred", "denied"]


def test_later_report_that_it_did_not_happen_discounts_it(store: Store) -> None:
    first = make_article("A drone strike hit a ranch near Apatzingán on Friday, local media reported.",
                         outlet="Quadratín", published_at=when(6, 9))
    later = make_article("State officials said no drone strike took place near Apatzingán on Friday.",
                         outlet="Reuters", published_at=when(7, 9))
    place, day = town("Apatzingán", "Michoacán"), on(dt.date(2026, 3, 6))
    save(store, [
        (first, [make_event(first, "drone strike", location=place, date=day, mode="drone",
                            attribution=said("anonymous"))]),
        (later, [make_event(later, "drone strike", location=place, date=day, mode="drone", status="negated",
                            attribution=said("named_organisation", "State officials"))]),
    ])  # fmt: skip
    update_incidents(store)
    (incident,) = incidents(store)
    assert incident.grade == "discounted"
    assert incident.status == "negated"
    assert "Reuters" in incident.grade_reason and "2026-03-07" in incident.grade_reason


def test_policy_events_merge_like_violent_ones(store: Store) -> None:
    stories = sanction_stories()
    save(store, stories)
    update_incidents(store)
    designation = holding(store, stories[0][1][0].id)
    assert designation.event_ids == sorted([stories[0][1][0].id, stories[1][1][0].id])
    assert designation.mode == "designation"
    assert len({s.outlet for s in designation.sources}) == 2
    assert holding(store, stories[2][1][0].id).id != designation.id  # the tariff stays apart


def test_single_anonymous_source_is_weak(store: Store) -> None:
    a = make_article("Residents said an explosion damaged a police station in Celaya overnight.",
                     outlet="Local Wire", published_at=when(3, 8))
    save(store, [(a, [make_event(a, "explosion", location=town("Celaya", "Guanajuato"),
                                 date=on(dt.date(2026, 3, 3)), attribution=said("anonymous"))])])
    update_incidents(store)
    (incident,) = incidents(store)
    assert incident.grade == "weak" and "anonymous" in incident.grade_reason


def test_wire_copy_is_not_independent(store: Store) -> None:
    text = ("Gunmen set fire to six trucks on the Guadalajara-Colima highway on Monday, blocking "
            "traffic for hours, state security officials said in a statement.")
    wire = make_article(text, outlet="AP", published_at=when(2, 8))
    copy = make_article(text + " Reporting by staff.", outlet="Daily Herald", published_at=when(2, 11))
    place, day = town("Guadalajara", "Jalisco"), on(dt.date(2026, 3, 2))
    save(store, [(a, [make_event(a, "set fire", location=place, date=day,
                                 attribution=said("named_organisation", "state security officials"))])
                 for a in (wire, copy)])  # fmt: skip
    update_incidents(store)
    (incident,) = incidents(store)
    assert [s.independent for s in incident.sources] == [True, False]
    assert incident.sources[1].relay_reason is not None
    assert incident.sources[1].relay_reason.startswith("near-identical text")
    assert incident.grade == "fair"  # one account, however many copies


# --- determinism and incremental updates -------------------------------------------


def dump(items: Sequence[Incident]) -> list[dict[str, object]]:
    return [i.model_dump(mode="json") for i in sorted(items, key=lambda i: i.id)]


def test_rerun_changes_nothing_and_rebuild_agrees(store: Store) -> None:
    save(store, all_stories())
    update_incidents(store)
    before = dump(incidents(store))
    assert update_incidents(store).startswith("up to date")
    assert dump(incidents(store)) == before
    rebuild_incidents(store)
    assert dump(incidents(store)) == before


def test_incremental_in_any_order_equals_all_at_once(store: Store, tmp_path: object) -> None:
    stories = all_stories()
    for story in reversed(stories):  # one article at a time, newest story first
        save(store, [story])
        update_incidents(store)
    reversed_incremental = dump(incidents(store))
    with Store(str(tmp_path) + "/forward.sqlite") as other:  # type: ignore[operator]
        save(other, stories)
        update_incidents(other)
        assert dump(incidents(other)) == reversed_incremental
    assert len(reversed_incremental) == 6  # raid, bar, patrol, checkpoint, designation, tariff


def test_reprocessing_with_a_new_version_updates_incidents(store: Store) -> None:
    stories = raid_stories()
    save(store, stories)
    update_incidents(store)
    reuters, events = stories[0]
    # the new pipeline version reads a higher toll off the same trigger
    revised = [events[0].model_copy(update={"toll": killed(9), "pipeline_version": "test-2"}), events[1]]
    store.save_extraction([(reuters.id, revised)], "test-2")
    summary = update_incidents(store)
    assert "2 new/changed" in summary
    raid = holding(store, events[0].id)
    assert raid.toll.killed is not None and raid.toll.killed.high == 9
    # an article re-processed into fewer events drops the gone event from its incident
    store.save_extraction([(reuters.id, revised[:1])], "test-3")
    update_incidents(store)
    assert events[1].id not in holding(store, events[0].id).event_ids


def test_a_plan_and_the_later_report_that_it_happened_are_one_incident(store: Store) -> None:
    plan = make_article("The Pentagon plans to send 3,000 troops to the El Paso sector, officials said.",
                        outlet="Capitol Dispatch", published_at=when(17, 20))
    done = make_article("The President ordered the deployment of 3,000 troops to El Paso on Friday.",
                        outlet="The White House", published_at=when(20, 21))
    el_paso = Place(text="El Paso", name="El Paso", admin1="Texas", country="USA", precision="town")
    dod = Entity(text="The Pentagon", canonical="US Department of Defense", entity_id="usa.dod",
                 country="USA", sector="military", resolution="kb")
    president = Entity(text="The President", entity_id="generic.government", sector="government",
                       resolution="sector_rule")
    save(store, [
        (plan, [make_event(plan, "send", "MOBILIZE", mode="troops", status="planned", actor=dod,
                           location=el_paso, date=on(dt.date(2026, 3, 17)),
                           attribution=said("anonymous", "officials"))]),
        (done, [make_event(done, "deployment", "MOBILIZE", mode="troops", actor=president,
                           location=el_paso, date=on(dt.date(2026, 3, 20)),
                           attribution=said("named_organisation", "The White House"))]),
    ])  # fmt: skip
    update_incidents(store)
    (incident,) = incidents(store)
    assert incident.status == "occurred"
    assert [s.status for s in incident.sources] == ["planned", "occurred"]
    assert "says planned" in incident.history[0].what and "says occurred" in incident.history[1].what


def test_a_source_named_after_another_outlet_is_a_relay(store: Store) -> None:
    scoop = make_article("Pentagon planners drew up options for drone strikes on drug labs in Michoacán.",
                         outlet="The Capitol Dispatch", published_at=when(1, 9))
    relay = make_article("Mexico rejected a report of planned drone strikes on labs in Michoacán, "
                         "which The Capitol Dispatch published on Sunday.",
                         outlet="Borderlands Monitor", published_at=when(2, 9))
    region = Place(text="Michoacán", name="Michoacán", admin1="Michoacán", country="MEX", precision="admin1")
    day = on(dt.date(2026, 2, 28))
    save(store, [
        (scoop, [make_event(scoop, "drone strikes", mode="drone", status="considered", location=region,
                            date=day, attribution=said("anonymous"))]),
        (relay, [make_event(relay, "drone strikes", mode="drone", status="considered", location=region,
                            date=day, attribution=said("named_organisation", "The Capitol Dispatch"))]),
    ])  # fmt: skip
    update_incidents(store)
    (incident,) = incidents(store)
    assert any("one cites the other's outlet" in text for text in incident.merge_explanations)
    assert incident.sources[1].relays == "The Capitol Dispatch"
    assert incident.sources[1].relay_reason == "cites The Capitol Dispatch"
    assert incident.grade == "weak"  # one anonymous account, however often it is repeated


def test_an_aggregate_count_is_not_the_incidents_toll() -> None:
    from chronicler.incidents.reconcile import _source_count
    from chronicler.records import Count, Event, Span, Toll

    def event(count: Count) -> Event:
        span = Span(start=0, end=4, text="kill")
        return Event(id=f"e{count.best}", article_id="a", event_type="ASSAULT", trigger=span,
                     sentence=span, toll=Toll(killed=count), pipeline_version="t")

    running_total = Count(low=15, best=15, high=15, aggregate=True)
    this_attack = Count(low=3, best=3, high=3)
    best = _source_count([event(running_total), event(this_attack)], "killed")
    assert best is not None and best.best == 3
    assert _source_count([event(running_total)], "killed") is None
