"""Status (factuality) of events: the hard cases, on invented sentences."""

from __future__ import annotations

import pytest

from chronicler.pipeline import Pipeline
from chronicler.records import Attribution, Event, Span


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.from_config({"components": ["events", "status"]})


def event_with(pipeline: Pipeline, text: str, trigger: str) -> Event:
    events = pipeline.extract(text, article_id="s")
    matching = [ev for ev in events if ev.trigger.text == trigger]
    assert matching, [(e.event_type, e.trigger.text, e.status) for e in events]
    return matching[0]


# (sentence, trigger, status, status cue text or None when any cue is fine)
HARD_CASES = [
    ("Officials have been discussing the possibility of using drone strikes against fentanyl labs.",
     "strikes", "considered", "possibility"),
    ("Pentagon officials have discussed conducting air strikes on cartel camps in Sonora.",
     "strikes", "considered", "discussed"),
    ("The nominee did not rule out the possibility of sending troops to attack cartel bases.",
     "attack", "not_ruled_out", "not rule out"),
    ("The minister refused to rule out using military force against the gangs.",
     "force", "not_ruled_out", "refused to rule out"),
    ("Asked about raids on cartel hideouts, the envoy said all options will be on the table.",
     "raids", "not_ruled_out", None),
    ("The defense ministry denied that American troops had crossed the border near Nogales.",
     "crossed", "denied", "denied"),
    ("The army did not attack the convoy, a spokesman said.",
     "attack", "negated", "not"),
    ("A unilateral incursion would be considered a last resort, one official said.",
     "incursion", "hypothetical", "would"),
    ("If Mexico fails to act, the United States would deploy troops to the border region.",
     "deploy", "hypothetical", "would"),
    ("If cartels attack American citizens, Washington will respond.",
     "attack", "hypothetical", "If"),
    ("The Pentagon plans to deploy 2,000 more troops to the border.",
     "deploy", "planned", "plans"),
    ("The navy will deploy two more ships to the Gulf next month.",
     "deploy", "planned", "will"),
    ("The president threatened to impose tariffs on Mexican tomatoes.",
     "tariffs", "threatened", "threatened"),
    ("Soldiers and cartel gunmen continue to clash in the hills of Guerrero.",
     "clash", "ongoing", "continue"),
    ("The offensive against the cartel in the mountains is ongoing.",
     "offensive", "ongoing", "ongoing"),
    ("Police are searching for the gunmen who kidnapped the priest.",
     "kidnapped", "occurred", None),
    ("Marines arrested a regional cartel boss in Tampico on Friday.",
     "arrested", "occurred", None),
    ("Security forces are clashing with gunmen on the outskirts of Culiacán.",
     "clashing", "ongoing", None),
    ("The United States has not deployed troops to Mexico.",
     "deployed", "negated", "not"),
    ("No one was killed in the blast at the police station.",
     "killed", "negated", None),
    ("The government ruled out sending soldiers to the mining town.",
     "sending", "negated", "ruled out"),
    ("Officials floated the idea of seizing cartel assets abroad.",
     "seizing", "considered", "idea"),
    ("The general warned that troops would raid the compound if the hostages were not freed.",
     "raid", "hypothetical", "would"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "trigger", "status", "cue"), HARD_CASES)
def test_hard_cases(
    pipeline: Pipeline, text: str, trigger: str, status: str, cue: str | None
) -> None:
    ev = event_with(pipeline, text, trigger)
    assert ev.status == status, (ev.status, ev.status_cue)
    if cue is not None:
        assert ev.status_cue is not None and ev.status_cue.text == cue
    if ev.status_cue is not None:
        assert text[ev.status_cue.start : ev.status_cue.end] == ev.status_cue.text


def test_coordination_shares_modals_not_governors(pipeline: Pipeline) -> None:
    hypothetical = "The minister said troops would enter the town and arrest the gang leaders."
    assert event_with(pipeline, hypothetical, "arrest").status == "hypothetical"
    past = "The gunmen moved through the market and shot at shoppers."
    assert event_with(pipeline, past, "shot").status == "occurred"


def test_past_after_temporal_clause_is_not_hypothetical(pipeline: Pipeline) -> None:
    text = "Officials said they would retaliate after gunmen killed five soldiers."
    assert event_with(pipeline, text, "killed").status == "occurred"


def test_on_the_table_does_not_touch_past_events_behind_a_time_clause(pipeline: Pipeline) -> None:
    text = "After gunmen ambushed a patrol, the governor said all options are on the table."
    assert event_with(pipeline, text, "ambushed").status == "occurred"


def test_denial_through_attribution(pipeline: Pipeline) -> None:
    """The attribution component marks the cue; status reads it for events in the content."""
    from chronicler.analyse.nlp import load_nlp
    from chronicler.extract.lexicon import load_lexicon
    from chronicler.extract.status import decide_status

    text = "Soldiers killed two teenagers at a checkpoint. The army rejected that account."
    doc = load_nlp()(text)
    ev = event_with(pipeline, text, "killed")
    cue_start = text.index("rejected")
    content_end = text.index(".")
    attributed = ev.model_copy(
        update={
            "attribution": Attribution(
                cue=[Span(start=cue_start, end=cue_start + 8, text="rejected")],
                content=[Span(start=0, end=content_end, text=text[:content_end])],
            )
        }
    )
    tok = next(t for t in doc if t.text == "killed")
    status, cue = decide_status(tok, attributed, load_lexicon(), text)
    assert status == "denied"
    assert cue is not None and cue.text == "rejected"
    # Without the attribution it is an ordinary past report.
    assert decide_status(tok, ev, load_lexicon(), text)[0] == "occurred"
