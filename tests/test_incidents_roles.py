"""An incident's type, mode and parties come from events that fit together.

Invented stories; events are built directly (no NLP).
"""

from __future__ import annotations

import datetime as dt

from chronicler.incidents.build import build_incident
from chronicler.incidents.features import mention_from_event
from chronicler.incidents.merge import DEFAULT_WEIGHTS, score
from chronicler.records import Article, DateRef, Entity, Event, Place, Span
from tests.factories import make_article, make_event

DAY = dt.date(2026, 5, 4)
TOWN = Place(text="Matamoros", name="Matamoros", admin1="Tamaulipas", country="MEX", precision="town")
WHEN = DateRef(text="Monday", start=DAY, end=DAY, precision="day")


def described(text: str, sector: str = "civilians") -> Entity:
    """A description that a sector rule resolved: its id names a sector, not a party."""
    return Entity(text=text, canonical=text, entity_id=f"generic.{sector}", sector=sector,
                  resolution="sector_rule")  # fmt: skip


def _article(text: str) -> Article:
    return make_article(text, outlet="Gulf Courier", published_at=dt.datetime(2026, 5, 4, 20, 0))


def _sentence(article: Article, n: int) -> Span:
    """The n-th sentence of an article whose sentences end with '. '."""
    starts = [0] + [i + 2 for i, _ in enumerate(article.text) if article.text.startswith(". ", i)]
    start = starts[n]
    end = article.text.find(". ", start)
    end = len(article.text) if end < 0 else end + 1
    return Span(start=start, end=end, text=article.text[start:end])


def test_the_mode_is_one_of_the_incident_type() -> None:
    article = _article(
        "Gunmen opened fire on a ranch house near Matamoros on Monday. Two ranch hands were "
        "wounded in the shooting, and the attack left the house burned. Soldiers later seized "
        "four rifles and confiscated two trucks at the scene."
    )
    events = [
        make_event(article, "opened fire", mode="firearms", location=TOWN, date=WHEN),
        make_event(article, "shooting", location=TOWN, date=WHEN),
        make_event(article, "attack", location=TOWN, date=WHEN),
        make_event(article, "seized", event_type="COERCE", mode="seize", location=TOWN, date=WHEN),
        make_event(article, "confiscated", event_type="COERCE", mode="seize", location=TOWN, date=WHEN),
    ]
    incident = build_incident(events, {article.id: article})
    # three attacks, two seizures: the seizures' mode is the more frequent, but no ASSAULT mode
    assert (incident.event_type, incident.mode) == ("ASSAULT", "firearms")


def test_a_coerce_mode_never_labels_an_assault() -> None:
    article = _article(
        "Gunmen ambushed a patrol outside Matamoros. A second ambush followed. Marines seized "
        "the gunmen's trucks."
    )
    events = [
        make_event(article, "ambushed", location=TOWN, date=WHEN),
        make_event(article, "ambush followed", location=TOWN, date=WHEN),
        make_event(article, "seized", event_type="COERCE", mode="seize", location=TOWN, date=WHEN),
    ]
    incident = build_incident(events, {article.id: article})
    assert incident.event_type == "ASSAULT" and incident.mode is None


def test_the_recipient_is_never_the_actor() -> None:
    article = _article(
        "Prosecutors said the detainees took part in the abduction of farm workers. They denied "
        "that the detainees were beaten in custody."
    )
    detainees, workers = described("the detainees"), described("farm workers")
    events = [
        make_event(article, "abduction", mode="abduct", actor=detainees, recipient=workers,
                   location=TOWN, date=WHEN),
        make_event(article, "beaten", recipient=detainees, location=TOWN, date=WHEN),
    ]  # fmt: skip
    for order in (events, events[::-1]):
        incident = build_incident(order, {article.id: article})
        assert incident.actor is not None and incident.actor.text == "the detainees"
        assert incident.recipient is not None and incident.recipient.text == "farm workers"


def test_parties_swapped_between_two_different_acts_count_against_a_merge() -> None:
    article = _article(
        "Police said the detainees took part in the abduction of farm workers. The family said "
        "the detainees were tortured by the police."
    )
    detainees, workers = described("the detainees"), described("farm workers")
    abduction = make_event(article, "abduction", mode="abduct", actor=detainees, recipient=workers,
                           location=TOWN, date=WHEN, sentence=_sentence(article, 0))  # fmt: skip
    torture = make_event(article, "tortured", mode="torture", recipient=detainees, location=TOWN,
                         date=WHEN, sentence=_sentence(article, 1))  # fmt: skip
    a, b = (mention_from_event(ev, article) for ev in (abduction, torture))
    reasons: list[str] = []
    swapped = score(a, b, DEFAULT_WEIGHTS, reasons)
    assert "actor of one is recipient of the other" in reasons
    unrelated = score(a, b._replace(recip_words="a journalist"), DEFAULT_WEIGHTS)
    assert swapped is not None and unrelated is not None
    assert swapped == unrelated + DEFAULT_WEIGHTS.roles_swapped
    assert swapped < DEFAULT_WEIGHTS.threshold
    # the same act seen from both sides (a gunfight) is not held against a merge
    same_act = score(a, b._replace(mode="abduct"), DEFAULT_WEIGHTS, reasons := [])
    assert "actor of one is recipient of the other" not in reasons and same_act is not None


def test_every_event_keeps_its_own_roles() -> None:
    """Guard for the fixtures: the events above name what the test says they name."""
    article = _article("Soldiers detained three men in Matamoros.")
    event: Event = make_event(article, "detained", event_type="COERCE", mode="arrest",
                              actor=described("soldiers", "military"), recipient=described("three men"))  # fmt: skip
    m = mention_from_event(event, article)
    assert (m.actor_words, m.recip_words) == ("soldiers", "three men")


def test_a_tie_of_modes_goes_to_the_act_that_states_the_dead() -> None:
    from chronicler.records import Count, Toll

    article = _article(
        "Gunmen set fire to two trucks on the highway outside Matamoros on Monday and then "
        "opened fire on a patrol, killing three officers."
    )
    events = [
        make_event(article, "set fire", mode="destroy", location=TOWN, date=WHEN),
        make_event(article, "opened fire", mode="firearms", location=TOWN, date=WHEN,
                   toll=Toll(killed=Count(low=3, best=3, high=3, text="three"))),  # fmt: skip
    ]
    incident = build_incident(events, {article.id: article})
    assert incident.mode == "firearms"  # alphabetical order alone would say "destroy"
