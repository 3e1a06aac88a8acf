"""Attribution and sourcing: invented news fixtures in the spirit of the beat."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from chronicler.analyse.nlp import load_nlp
from chronicler.extract.attribution import find_attributions, link_events
from chronicler.extract.attribution_quotes import find_quotes
from chronicler.pipeline import DocContext, event_id
from chronicler.records import Attribution, Event, Span
from chronicler.version import PIPELINE_VERSION


@pytest.fixture(scope="module")
def nlp() -> Any:
    return load_nlp()


def attributions(nlp: Any, text: str) -> list[Attribution]:
    return find_attributions(nlp(text))


def with_cue(attrs: list[Attribution], cue_word: str) -> Attribution:
    found = [a for a in attrs if any(cue_word in c.text for c in a.cue)]
    assert found, f"no attribution with cue {cue_word!r}: {[[c.text for c in a.cue] for a in attrs]}"
    return found[0]


def content_text(attr: Attribution) -> str:
    return " ".join(s.text for s in attr.content)


def make_event(text: str, trigger: str, sentence: str, event_type: str = "ASSAULT") -> Event:
    start = text.index(trigger)
    s_start = text.index(sentence)
    return Event(
        id=event_id("a1", start, start + len(trigger), event_type),
        article_id="a1",
        event_type=event_type,  # type: ignore[arg-type]
        trigger=Span(start=start, end=start + len(trigger), text=trigger),
        sentence=Span(start=s_start, end=s_start + len(sentence), text=sentence),
        pipeline_version=PIPELINE_VERSION,
    )


# --- quotes ------------------------------------------------------------------


def test_quotes_straight_curly_and_multi_paragraph() -> None:
    text = (
        'The mayor said "we are safe." Then: \u201cThe convoy left at dawn.\n'
        "\u201cIt reached the border by noon,\u201d she added."
    )
    quotes = find_quotes(text)
    assert [text[q.start : q.end] for q in quotes][0] == '"we are safe."'
    long_quote = quotes[1]
    assert [text[s:e] for s, e in long_quote.segments] == [
        "\u201cThe convoy left at dawn.",
        "\u201cIt reached the border by noon,\u201d",
    ]


# --- relations -----------------------------------------------------------------


def test_anonymous_sources_with_count_via_outlet(nlp: Any) -> None:
    text = (
        "Army units were moved toward the northern border last week, "
        "at least four officials familiar with the deployment told Reuters."
    )
    attr = with_cue(attributions(nlp, text), "told")
    assert attr.profile.kind == "anonymous"
    assert attr.profile.count_low == 4
    assert attr.profile.description == "familiar with the deployment"
    assert attr.outlets == ["Reuters"]
    assert "Army units were moved toward the northern border" in content_text(attr)
    assert [s.text for s in attr.source] == ["at least four officials familiar with the deployment"]


def test_anonymous_affiliation_and_plural(nlp: Any) -> None:
    text = "Two Pentagon officials said the patrols would continue through April."
    attr = with_cue(attributions(nlp, text), "said")
    assert attr.profile.kind == "anonymous"
    assert attr.profile.count_low == 2
    assert attr.profile.affiliation == "Pentagon"


def test_named_person_with_venue_and_date(nlp: Any) -> None:
    text = (
        "At a press conference on Monday, Governor Elena Ruiz said that the state police "
        "had arrested eleven suspects in the ambush."
    )
    attr = with_cue(attributions(nlp, text), "said")
    assert attr.profile.kind == "named_person"
    assert attr.profile.name == "Elena Ruiz"
    assert attr.profile.venue == "press conference"
    assert attr.profile.venue_span is not None
    assert text[attr.profile.venue_span.start : attr.profile.venue_span.end] == "press conference"
    assert attr.profile.statement_date is not None
    assert attr.profile.statement_date.text == "Monday"
    assert content_text(attr).startswith("that the state police had arrested")


def test_split_quote_has_two_content_segments(nlp: Any) -> None:
    text = (
        "\u201cWe did not authorise any raid,\u201d the defence minister said, "
        "\u201cand we will not accept one.\u201d"
    )
    attr = with_cue(attributions(nlp, text), "said")
    assert [s.text for s in attr.content] == [
        "\u201cWe did not authorise any raid,\u201d",
        "\u201cand we will not accept one.\u201d",
    ]
    assert [s.text for s in attr.source] == ["the defence minister"]


def test_quote_continues_in_next_sentence_and_paragraph(nlp: Any) -> None:
    text = (
        "\u201cThe cartel controls the highway,\u201d Colonel Ana Vidal said. "
        "\u201cNobody drives it at night.\n"
        "\u201cThe checkpoints are theirs.\u201d\n"
        "Traffic resumed on Friday."
    )
    attr = with_cue(attributions(nlp, text), "said")
    joined = content_text(attr)
    assert "controls the highway" in joined
    assert "Nobody drives it at night." in joined
    assert "The checkpoints are theirs." in joined
    assert "Traffic resumed" not in joined
    assert all("\n" not in s.text for s in attr.content)


def test_pronoun_source_resolves_to_antecedent(nlp: Any) -> None:
    text = (
        "Senator Mark Delgado visited the port of Veracruz on Thursday. "
        "He said the navy had seized three tonnes of cocaine there."
    )
    attr = with_cue(attributions(nlp, text), "said")
    assert [s.text for s in attr.source] == ["He"]
    assert attr.profile.kind == "named_person"
    assert attr.profile.antecedent is not None
    assert attr.profile.antecedent.text == "Mark Delgado"


def test_the_official_points_back_to_the_anonymous_source(nlp: Any) -> None:
    text = (
        "A State Department official said the talks with Mexico City had stalled. "
        "The official said no date had been set for a new round."
    )
    attrs = attributions(nlp, text)
    second = [a for a in attrs if a.source and a.source[0].text == "The official"][0]
    assert second.profile.kind == "anonymous"
    assert second.profile.affiliation == "State Department"


def test_according_to(nlp: Any) -> None:
    text = "The shipment was seized near Tijuana, according to the attorney general's office."
    attr = with_cue(attributions(nlp, text), "according to")
    assert [c.text for c in attr.cue] == ["according to"]
    assert [s.text for s in attr.source] == ["the attorney general's office"]
    assert content_text(attr) == "The shipment was seized near Tijuana"


def test_indirect_speech_told_somebody_that(nlp: Any) -> None:
    text = "The sheriff told reporters that two deputies were wounded in the shootout."
    attr = with_cue(attributions(nlp, text), "told")
    assert content_text(attr) == "that two deputies were wounded in the shootout"
    assert [s.text for s in attr.source] == ["The sheriff"]


def test_document_source(nlp: Any) -> None:
    text = "The report found that 40 civilians died in drone strikes during 2024."
    attr = with_cue(attributions(nlp, text), "found")
    assert attr.profile.kind == "document"


def test_request_for_comment_is_a_request(nlp: Any) -> None:
    text = (
        "Soldiers fired on a pickup truck in Culiacan, witnesses said. "
        "The Border Gazette has asked the defence ministry for comment."
    )
    attrs = attributions(nlp, text)
    request = with_cue(attrs, "asked")
    assert request.is_request
    claim = with_cue(attrs, "said")
    assert not claim.is_request


def test_declined_to_comment_is_a_request(nlp: Any) -> None:
    text = "A spokesman for the governor declined to comment on the arrests."
    attr = with_cue(attributions(nlp, text), "declined")
    assert attr.is_request


def test_hedge_without_source_makes_a_sourceless_attribution(nlp: Any) -> None:
    text = "The gang leader was reportedly captured in a raid near Monterrey."
    attrs = attributions(nlp, text)
    assert len(attrs) == 1
    attr = attrs[0]
    assert attr.source == []
    assert [h.text for h in attr.hedges] == ["reportedly"]
    assert "captured in a raid near Monterrey" in content_text(attr)


def test_hedge_joins_the_attribution_of_its_sentence(nlp: Any) -> None:
    text = "Police said the suspects allegedly planted the explosives."
    attr = with_cue(attributions(nlp, text), "said")
    assert [h.text for h in attr.hedges] == ["allegedly"]


def test_outlet_chain_with_home_outlet(nlp: Any) -> None:
    text = (
        "Troops could be sent within weeks, three aides told CNN.\n"
        "The Valley Courier has asked the White House for comment."
    )
    attr = with_cue(find_attributions(nlp(text), home="The Valley Courier"), "told")
    assert attr.outlets == ["The Valley Courier", "CNN"]


def test_news_outlet_reported_resolves_to_last_outlet(nlp: Any) -> None:
    text = (
        "Two officials told Politico the plan was drafted in May. "
        "The strikes would target labs, the news outlet reported."
    )
    attr = with_cue(attributions(nlp, text), "reported")
    assert attr.profile.name == "Politico"
    assert "Politico" in attr.outlets


def test_tv_show_is_venue_and_outlet(nlp: Any) -> None:
    text = "The senator repeated the threat, telling Fox & Friends on Sunday that tariffs would rise."
    attr = with_cue(attributions(nlp, text), "telling")
    assert attr.profile.venue == "Fox & Friends"
    assert "Fox & Friends" in attr.outlets
    assert [s.text for s in attr.source] == ["The senator"]


def test_no_attribution_in_plain_reporting(nlp: Any) -> None:
    text = "Gunmen attacked a police station in Zacatecas on Tuesday. Four officers died."
    assert attributions(nlp, text) == []


# --- events ---------------------------------------------------------------------


def test_event_inside_quote_takes_the_speaker(nlp: Any) -> None:
    text = "\u201cOur troops bombed the camp at dawn,\u201d General Ortiz said."
    doc = nlp(text)
    attrs = find_attributions(doc)
    ev = make_event(text, "bombed", text)
    link_events([ev], attrs, doc)
    assert ev.attribution is not None
    assert ev.attribution.profile.kind == "named_person"
    assert ev.attribution.profile.name == "Ortiz" or "Ortiz" in (ev.attribution.profile.name or "")


def test_event_without_attribution_is_the_reporters(nlp: Any) -> None:
    text = "Gunmen attacked a police station in Zacatecas on Tuesday."
    doc = nlp(text)
    ev = make_event(text, "attacked", text)
    link_events([ev], find_attributions(doc), doc)
    assert ev.attribution is not None
    assert ev.attribution.profile.kind == "reporter"
    assert ev.attribution.source == [] and ev.attribution.cue == []


def test_event_in_hedged_sentence_keeps_the_hedge(nlp: Any) -> None:
    text = "Marines reportedly raided a ranch in Sinaloa."
    doc = nlp(text)
    ev = make_event(text, "raided", text)
    link_events([ev], find_attributions(doc), doc)
    assert ev.attribution is not None
    assert [h.text for h in ev.attribution.hedges] == ["reportedly"]


def test_event_before_paragraph_final_attribution(nlp: Any) -> None:
    text = (
        "Officials have weighed drone strikes on cartel labs. "
        "No decision has been made, two people familiar with the talks told Axios."
    )
    doc = nlp(text)
    ev = make_event(text, "strikes", "Officials have weighed drone strikes on cartel labs.")
    link_events([ev], find_attributions(doc), doc)
    assert ev.attribution is not None
    assert ev.attribution.profile.kind == "anonymous"
    assert ev.attribution.profile.count_low == 2
    assert "Axios" in ev.attribution.outlets


def test_component_sets_attributions_and_links(nlp: Any) -> None:
    from chronicler.pipeline import _REGISTRY, registered

    assert "attribution" in registered()
    text = "\u201cWe shot down two drones,\u201d a militia commander said."
    ctx = DocContext(article_id="a1", text=text, published=None, doc=nlp(text))
    ctx.events = [make_event(text, "shot down", text)]
    _REGISTRY["attribution"].factory()(ctx)
    assert len(ctx.attributions) == 1
    assert ctx.events[0].attribution is not None
    assert ctx.events[0].attribution.profile.kind == "anonymous"


# --- CLI --------------------------------------------------------------------------


def test_cli_offsets_match_raw_file(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from chronicler.cli import app

    raw = "Troops crossed the river\r\n\r\n\u201cWe saw them,\u201d a farmer told the Associated Press.\r\n"
    path = tmp_path / "story.txt"
    path.write_bytes(raw.encode("utf-8"))
    result = CliRunner().invoke(app, ["attributions", str(path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    line = json.loads(result.stdout.strip().splitlines()[0])
    assert line["doc"] == "story"
    attr = line["attributions"][0]
    (start, end), = attr["content"]
    assert raw[start:end] == "\u201cWe saw them,\u201d"
    assert raw[slice(*attr["source"][0])] == "a farmer"
    assert attr["profile"]["kind"] == "anonymous"


def test_cli_missing_file_reports_error(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from chronicler.cli import app

    result = CliRunner().invoke(app, ["attributions", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    assert "E108" in result.output


def test_cli_rejects_unknown_format(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from chronicler.cli import app

    path = tmp_path / "a.txt"
    path.write_text("Police said two men were arrested.", encoding="utf-8")
    result = CliRunner().invoke(app, ["attributions", str(path), "--format", "csv"])
    assert result.exit_code != 0


def test_statement_dates_resolve_against_publication(nlp: Any) -> None:
    import datetime as dt

    text = "In March, the minister said troops would stay. On Tuesday, the general said the base would close."
    attrs = find_attributions(nlp(text), published=dt.date(2026, 2, 12))  # a Thursday
    dates = [a.profile.statement_date for a in attrs]
    assert dates[0] is not None and dates[0].precision == "month"
    assert (dates[0].start, dates[0].end) == (dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    assert dates[1] is not None and dates[1].start == dt.date(2026, 2, 10)


def test_unparsed_doc_is_a_catalogue_error() -> None:
    import spacy

    from chronicler.errors import ChroniclerError

    with pytest.raises(ChroniclerError) as info:
        find_attributions(spacy.blank("en")("Police said two men were arrested."))
    assert info.value.code == "E302"


def test_nested_belief_is_part_of_the_speech(nlp: Any) -> None:
    text = "Navy officials said they believe the smugglers used a semi-submersible."
    attrs = attributions(nlp, text)
    assert len(attrs) == 1
    assert "they believe the smugglers" in content_text(attrs[0])


def test_interview_venue_names_the_outlet(nlp: Any) -> None:
    text = "The cartel had lost control of the port, the prosecutor said in an interview with CNN."
    attr = with_cue(attributions(nlp, text), "said")
    assert attr.profile.venue == "interview with CNN"
    assert attr.outlets == ["CNN"]
    assert "lost control of the port" in content_text(attr)


def test_in_a_statement_is_part_of_the_cue(nlp: Any) -> None:
    text = "The defence ministry said in a statement that no soldiers were injured."
    attr = with_cue(attributions(nlp, text), "said")
    assert [c.text for c in attr.cue] == ["said in a statement"]
    assert content_text(attr) == "that no soldiers were injured"
    assert attr.profile.kind == "named_organisation"
    assert attr.profile.name == "The defence ministry"


def test_outlet_as_source_and_according_to_outlet(nlp: Any) -> None:
    text = (
        "Bloomberg reported that the tariffs would start in June. "
        "Two ships were turned back, according to El Universal."
    )
    attrs = attributions(nlp, text)
    reported = with_cue(attrs, "reported")
    assert reported.profile.kind == "named_organisation"
    assert reported.outlets == ["Bloomberg"]
    according = with_cue(attrs, "according to")
    assert according.outlets == ["El Universal"]


def test_it_is_understood_is_a_sourceless_hedged_attribution(nlp: Any) -> None:
    text = "It is understood that the convoy was ambushed outside Reynosa."
    attrs = attributions(nlp, text)
    assert len(attrs) == 1
    assert attrs[0].source == []
    assert [h.text for h in attrs[0].hedges] == ["It is understood"]
    assert "the convoy was ambushed outside Reynosa" in content_text(attrs[0])


def test_partitive_and_ordinal_anonymous_counts(nlp: Any) -> None:
    text = (
        "Two of the officials said the plan was dropped. "
        "A fourth person, a former official briefed on the planning, said raids were likely."
    )
    attrs = attributions(nlp, text)
    first, second = attrs[0].profile, attrs[1].profile
    assert (first.kind, first.count_low) == ("anonymous", 2)
    assert (second.kind, second.count_low) == ("anonymous", 1)


def test_relative_pronoun_source_is_the_noun_it_modifies(nlp: Any) -> None:
    text = "The raid was ordered by General Ana Castillo, who said the gang had been warned."
    attr = with_cue(attributions(nlp, text), "said")
    assert [s.text for s in attr.source] == ["who"]
    assert attr.profile.kind == "named_person"
    assert attr.profile.antecedent is not None and "Castillo" in attr.profile.antecedent.text


def test_dateline_is_not_part_of_the_source(nlp: Any) -> None:
    text = "MEXICO CITY \u2014 Mexican officials rejected the request on Monday, saying it violated sovereignty."
    attr = with_cue(attributions(nlp, text), "saying")
    assert [s.text for s in attr.source] == ["Mexican officials"]
    assert attr.profile.affiliation == "Mexican"


def test_unknown_outlet_that_reports_is_an_outlet_and_roles_are_people(nlp: Any) -> None:
    text = (
        "The Valley Courier reported that two soldiers were detained. "
        "Mexico's president rejected any foreign strikes."
    )
    attrs = attributions(nlp, text)
    courier = with_cue(attrs, "reported")
    assert courier.outlets == ["The Valley Courier"]
    president = with_cue(attrs, "rejected")
    assert president.profile.kind == "named_person"
    assert president.profile.name == "Mexico's president"


def test_trigger_that_is_the_cue_is_the_reporters(nlp: Any) -> None:
    text = "Mexico's president rejected any foreign strikes on Mexican soil."
    doc = nlp(text)
    attrs = find_attributions(doc)
    rejected = make_event(text, "rejected", text, event_type="REJECT")
    strikes = make_event(text, "strikes", text)
    link_events([rejected, strikes], attrs, doc)
    assert rejected.attribution is not None and rejected.attribution.profile.kind == "reporter"
    assert strikes.attribution is not None
    assert strikes.attribution.profile.name == "Mexico's president"


def test_passive_report_with_agent(nlp: Any) -> None:
    text = "The meeting between the two defence chiefs was first reported by Reuters."
    attr = with_cue(attributions(nlp, text), "reported")
    assert [s.text for s in attr.source] == ["Reuters"]
    assert content_text(attr) == "The meeting between the two defence chiefs"
    assert attr.outlets == ["Reuters"]


def test_did_not_respond_to_request_for_comment(nlp: Any) -> None:
    text = "The Sinaloa state government did not respond to a request for comment on Friday."
    attrs = attributions(nlp, text)
    assert len(attrs) == 1 and attrs[0].is_request
    assert attrs[0].profile.kind == "named_organisation"
