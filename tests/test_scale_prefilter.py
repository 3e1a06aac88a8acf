"""The optional sentence prefilter: keyword forms, masking that keeps offsets, same events."""

from __future__ import annotations

from chronicler.scale.prefilter import (
    PrefilterPipeline,
    inflections,
    mask,
    sentence_bounds,
    trigger_forms,
)

STORY = (
    "The governor spoke about the budget on Monday. Schools will reopen next week.\n\n"
    "Marines arrested three men in Culiacán, the navy said. Weather was mild.\n\n"
    "The museum added a new wing. Tourists queued for hours. Prices rose slightly."
)


def test_inflections_cover_regular_and_irregular_forms() -> None:
    assert {"arrest", "arrests", "arrested", "arresting"} <= inflections("arrest")
    assert {"banned", "banning"} <= inflections("ban")
    assert {"seized", "seizing", "seizes"} <= inflections("seize")
    assert {"struck", "strikes", "striking"} <= inflections("strike")
    assert {"criticized", "criticised"} <= inflections("criticise")


def test_trigger_forms_come_from_the_event_lexicon() -> None:
    forms = trigger_forms()
    assert {"arrested", "raids", "deployed", "killed"} <= forms
    assert "museum" not in forms


def test_mask_keeps_length_offsets_and_the_neighbours_of_candidates() -> None:
    masked, share = mask(STORY, trigger_forms(), window=1)
    assert len(masked) == len(STORY) and 0 < share < 1
    assert [i for i, ch in enumerate(masked) if ch == "\n"] == [i for i, ch in enumerate(STORY) if ch == "\n"]
    start = STORY.index("Marines arrested")
    assert masked[start : start + 40] == STORY[start : start + 40]
    assert "Schools will reopen next week." in masked  # neighbour of the candidate
    assert "Weather was mild." in masked  # neighbour on the other side
    assert "museum" not in masked and "governor" not in masked


def test_no_masking_when_every_sentence_is_kept() -> None:
    text = "Police arrested two men. Soldiers raided a ranch."
    assert mask(text, trigger_forms(), window=1) == (text, 1.0)


def test_sentence_bounds_split_on_end_punctuation_and_paragraphs() -> None:
    bounds = sentence_bounds("One two. Three four!\n\nFive")
    assert [("One two. Three four!\n\nFive")[s:e] for s, e in bounds] == ["One two.", "Three four!", "Five"]


def test_prefilter_pipeline_finds_the_same_triggers_at_the_same_offsets() -> None:
    from tests.test_process_workers import TOY

    full = TOY.build()
    fast = PrefilterPipeline(full.nlp, full.components, window=0)
    item = [("a1", STORY, None)]
    full_events = next(iter(full.run(item))).events
    ctx = next(iter(fast.run(item)))
    assert ctx.text == STORY  # components see the real article text
    assert [e.model_dump() for e in ctx.events] == [e.model_dump() for e in full_events]
    assert [e.trigger.text for e in ctx.events] == ["arrested"]
    assert fast.kept_chars < 1.0
