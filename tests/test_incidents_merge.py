"""The in-memory merge core: pair scores, vetoes, blocking and order independence."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

from chronicler.incidents.features import Mention, word_bits
from chronicler.incidents.merge import DEFAULT_WEIGHTS, MergeWeights, cluster, explain, score

DAY = dt.date(2026, 3, 12).toordinal()


def mention(eid: str, **kw: object) -> Mention:
    fields: dict[str, object] = {
        "eid": eid, "article": f"art-{eid}", "family": "force", "etype": "ASSAULT", "mode": None,
        "lo": DAY, "hi": DAY, "dprec": "day", "country": "MEX", "admin1": "sinaloa",
        "place": "culiacan", "pprec": "town", "actor": None, "actor_country": None,
        "actor_sector": None, "recip": None, "recip_country": None, "recip_sector": None,
        "words": word_bits("gunmen attacked a bar killing six people"), "killed": None, "rank": 0.0,
    }  # fmt: skip
    fields.update(kw)
    return Mention(**fields)  # type: ignore[arg-type]


def test_day_inside_a_month_is_compatible_but_a_different_month_is_not() -> None:
    day = mention("a")
    march = mention("b", lo=dt.date(2026, 3, 1).toordinal(), hi=dt.date(2026, 3, 31).toordinal(), dprec="month")
    april = mention("c", lo=dt.date(2026, 4, 1).toordinal(), hi=dt.date(2026, 4, 30).toordinal(), dprec="month")
    reasons: list[str] = []
    assert score(day, march, DEFAULT_WEIGHTS, reasons) is not None
    assert "dates overlap (2026-03-12)" in reasons
    assert score(day, april, DEFAULT_WEIGHTS) is None
    assert score(day, mention("d", lo=DAY + 1, hi=DAY + 1), DEFAULT_WEIGHTS) is not None  # within tolerance
    assert score(day, mention("e", lo=DAY + 3, hi=DAY + 3), DEFAULT_WEIGHTS) is None


def test_town_is_compatible_with_its_state_but_not_with_another_town_or_state() -> None:
    town = mention("a")
    state = mention("b", place=None, pprec="admin1")
    reasons: list[str] = []
    assert score(town, state, DEFAULT_WEIGHTS, reasons) is not None
    assert "same admin1 sinaloa" in reasons
    assert score(town, mention("c", place="mazatlan"), DEFAULT_WEIGHTS) is None
    assert score(town, mention("d", admin1="durango", place=None), DEFAULT_WEIGHTS) is None
    assert score(town, mention("e", country="USA", admin1=None, place=None), DEFAULT_WEIGHTS) is None
    # a wire story reporting attacks in two neighbouring towns reports two incidents
    assert score(town, mention("f", article=town.article, place="navolato"), DEFAULT_WEIGHTS) is None


def test_explanation_names_the_evidence() -> None:
    a = mention("a", actor="mex.navy", mode="raid", killed=4)
    b = mention("b", actor="mex.navy", mode="raid", killed=4)
    text = explain(a, b)
    assert text.startswith("a + b: merged because same type ASSAULT, same date (2026-03-12), same place culiacan")
    assert "actor match" in text and "same toll 4 killed" in text and "wording 1.00" in text


def test_actors_from_different_sectors_pull_apart() -> None:
    army = mention("a", actor="mex.army", actor_country="MEX", actor_sector="military", words=0)
    cartel = mention("b", actor="mex.cjng", actor_country="MEX", actor_sector="criminal_organisation", words=0)
    same = score(army, mention("c", actor="mex.army", words=0), DEFAULT_WEIGHTS)
    different = score(army, cartel, DEFAULT_WEIGHTS)
    assert same is not None and different is not None and same - different == 3.0


def _synthetic(n_incidents: int, seed: int) -> list[Mention]:
    rng = random.Random(seed)
    out = []
    for k in range(n_incidents):
        day = DAY + rng.randrange(30)
        town = rng.choice(["culiacan", "mazatlan", "navolato"])
        for r in range(rng.choice([1, 2, 3])):
            out.append(mention(
                f"{k:03d}-{r}", lo=day, hi=day, place=town if rng.random() < 0.7 else None,
                pprec="town", words=word_bits(f"incident {k} words {town} {r}"),
                killed=k % 5, rank=float(r),
            ))  # fmt: skip
    return out


def test_clustering_does_not_depend_on_input_order() -> None:
    mentions = _synthetic(60, seed=3)
    first = cluster(mentions)
    ids = [[first.mentions[i].eid for i in g] for g in first.groups]
    for seed in range(5):
        shuffled = mentions[:]
        random.Random(seed).shuffle(shuffled)
        again = cluster(shuffled)
        assert [[again.mentions[i].eid for i in g] for g in again.groups] == ids
        assert [explain(again.mentions[i], again.mentions[j]) for i, j, _ in again.edges] == [
            explain(first.mentions[i], first.mentions[j]) for i, j, _ in first.edges
        ]


def test_blocking_never_compares_far_apart_or_foreign_events() -> None:
    far = [mention(f"m{k}", lo=DAY + 10 * k, hi=DAY + 10 * k) for k in range(50)]
    assert cluster(far).pairs_scored == 0
    abroad = [mention(f"x{k}", country=f"C{k:02d}", admin1=None, place=None) for k in range(50)]
    assert cluster(abroad).pairs_scored == 0
    towns = [mention(f"t{k}", place=f"town {k}") for k in range(50)]
    assert cluster(towns).pairs_scored == 0  # different towns never meet


def test_weights_are_tunable() -> None:
    a, b = mention("a"), mention("b", place=None, pprec="admin1")  # score 4.5
    assert len(cluster([a, b]).groups) == 1
    strict = dataclasses.replace(DEFAULT_WEIGHTS, threshold=10.0)
    assert len(cluster([a, b], strict).groups) == 2
    assert isinstance(strict, MergeWeights)


def test_a_report_citing_the_other_outlet_scores_higher() -> None:
    scoop = mention("a", outlet="capitol dispatch", words=0)
    relay = mention("b", outlet="borderlands monitor", cites=("capitol dispatch report",), words=0)
    unrelated = mention("c", outlet="borderlands monitor", words=0)
    with_cite, without = score(scoop, relay, DEFAULT_WEIGHTS), score(scoop, unrelated, DEFAULT_WEIGHTS)
    assert with_cite is not None and without is not None
    assert with_cite - without == DEFAULT_WEIGHTS.cites_other


def test_sector_rule_ids_are_descriptions_not_identities() -> None:
    from chronicler.records import Entity, Place
    from tests.factories import make_article, make_event

    article = make_article("Gunmen attacked soldiers in Culiacán.")
    where = Place(text="Culiacán", name="Culiacán", country="MEX", precision="town")
    rule = Entity(text="Gunmen", entity_id="generic.armed_group", sector="armed_group", resolution="sector_rule")
    kb = Entity(text="CJNG", entity_id="mex.cjng", country="MEX", sector="criminal_organisation", resolution="kb")
    from chronicler.incidents.features import mention_from_event

    assert mention_from_event(make_event(article, "Gunmen", actor=rule, location=where), article).actor == (
        "~generic.armed_group"
    )
    assert mention_from_event(make_event(article, "Gunmen", actor=kb, location=where), article).actor == "mex.cjng"
