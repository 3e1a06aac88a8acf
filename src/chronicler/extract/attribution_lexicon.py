"""The attribution lexicons (cue verbs, nouns, hedges, outlets), loaded once from package data."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from chronicler.lang import load_pack


@dataclass(frozen=True)
class Lexicon:
    speech_verbs: frozenset[str]
    object_verbs: frozenset[str]
    intent_verbs: frozenset[str]
    raising_verbs: frozenset[str]
    prep_verbs: frozenset[str]
    weak_verbs: frozenset[str]
    particle_verbs: dict[str, str]
    not_cues: frozenset[str]
    statement_nouns: frozenset[str]
    venue_nouns: frozenset[str]
    claim_nouns: frozenset[str]
    prep_nouns: frozenset[str]
    document_nouns: frozenset[str]
    anonymous_nouns: frozenset[str]
    outlet_heads: frozenset[str]
    institution_nouns: frozenset[str]
    role_nouns: frozenset[str]
    anonymity_phrases: tuple[str, ...]
    number_words: dict[str, int]
    outlets: dict[str, str]  # alias -> canonical outlet name
    shows: dict[str, str]  # programme -> network
    hedge_re: re.Pattern[str]
    request_re: re.Pattern[str]
    outlet_re: re.Pattern[str]
    # Verbs proposed as cues only for the learned filter to judge (attribution_model).
    candidate_verbs: frozenset[str] = frozenset()
    # Candidate verbs that name events on this beat (not_cues: blast, discuss, order): their
    # attributions are kept (PolNeAR marks "Trump blasted the plan") but assert no event.
    event_cues: frozenset[str] = frozenset()
    # Fallback contents (a relative pronoun object, a passive subject ...): proposed only for
    # a learned filter to judge, so only in a language whose pack ships one.
    fallback_contents: bool = False
    cue_adjectives: frozenset[str] = frozenset()  # "is confident that", "is worried about"
    # Plural or mass nouns through which an institution speaks ("prosecutors said", "police said").
    institutional_speakers: frozenset[str] = frozenset()
    platforms: frozenset[str] = frozenset()  # where a post is a statement: "on Truth Social"
    # One-word (or fixed-expression) prepositions that say "according to": Spanish "según",
    # "de acuerdo con" (its fixed-expression lemma "de_acuerdo_con"); English keeps its rule.
    according_preps: frozenset[str] = frozenset()
    # Prepositions that complete a nominal content ("cast himself as an outsider").
    # Prepositions that say when or where something was said, not what ("on his show").
    circumstance_preps: frozenset[str] = frozenset()
    # Claim nouns whose content may be an infinitive ("refusal to", "proposal to").
    intent_nouns: frozenset[str] = frozenset()
    # Prepositions before the outlet a source spoke to, when a parse puts it in the subject
    # (Spanish "informó la Fiscalía a EFE"); English "told" takes its outlet as an object.
    relay_preps: frozenset[str] = frozenset()
    # Words before a digest's speaker label: "More from the report: “…”".
    colon_label_prefixes: frozenset[str] = frozenset()
    # "In a CNN poll, Clinton led …": the preposition before a poll or survey the clause
    # reports is a cue, the poll its source (finding_nouns are what a poll-like source is).
    finding_preps: frozenset[str] = frozenset()
    finding_nouns: frozenset[str] = frozenset()
    # "For most Democrats, the Clinton years remain the good old days": a sentence-opening
    # preposition before a speaker says whose view the clause is.
    perspective_preps: frozenset[str] = frozenset()
    # Open candidates (only with a learned filter that was trained on them): any verb whose
    # dependents look like an attribution, a speaker subject and a complement, outside
    # `closed_verbs` (not_cues and the event lexicon's verb triggers).
    open_candidates: bool = False
    closed_verbs: frozenset[str] = frozenset()
    # Function words the rules and the source profile match (the pack's words, not Python's).
    request_cues: frozenset[str] = frozenset()  # lemmas of "did not respond to a request"
    request_comment_words: tuple[str, ...] = ()  # a request needs one in its sentence
    according_phrase: tuple[str, ...] = ()  # two words, "according to"; empty where one prep says it
    filter_pronouns: frozenset[str] = frozenset()  # the learned filter's src=pron feature
    publishing_verbs: frozenset[str] = frozenset()  # "the Courier reported": an outlet by its act
    source_pronouns: frozenset[str] = frozenset()
    first_person_pronouns: frozenset[str] = frozenset()
    person_pronouns: frozenset[str] = frozenset()  # stand only for a person
    relative_pronouns: frozenset[str] = frozenset()
    outlet_org_re: re.Pattern[str] = re.compile(r"(?!)")  # an ORG entity named like an outlet
    home_tail_re: re.Pattern[str] = re.compile(r"(?!)")  # "<outlet> has asked …": the home outlet
    month_names: tuple[str, ...] = ()  # January first
    weekday_names: tuple[str, ...] = ()  # Monday first, as datetime.weekday()
    week_words: tuple[str, ...] = ()
    year_words: tuple[str, ...] = ()
    quantifier_low: dict[str, int] = field(default_factory=dict)  # in pack order: first match wins
    collective_people_nouns: frozenset[str] = frozenset()  # "people": plural without a plural tag
    affiliation_preps: frozenset[str] = frozenset()
    venue_tail_preps: frozenset[str] = frozenset()
    partitive_heads: frozenset[str] = frozenset()
    partitive_preps: frozenset[str] = frozenset()
    definite_determiners: frozenset[str] = frozenset()
    scale_words: dict[str, int] = field(default_factory=dict)  # "several hundred"
    not_speaker_labels: frozenset[str] = frozenset()  # "UPDATE: …" is no speaker (upper case)
    content_preps: frozenset[str] = frozenset()  # "talked about X": X is the content
    adjective_preps: frozenset[str] = frozenset()  # "worried about X"
    infinitive_markers: frozenset[str] = frozenset()  # "wants to see": an intention
    naming_verbs: frozenset[str] = frozenset()  # "a group called X": naming, not attributing
    non_speaker_subjects: frozenset[str] = frozenset()  # "it", "this": no speaker
    complementisers: frozenset[str] = frozenset()  # "said that …"
    as_markers: frozenset[str] = frozenset()  # "As the Times noted, …"
    coordinators: frozenset[str] = frozenset()  # "said Y and said Z" (word forms, case as written)
    question_markers: frozenset[str] = frozenset()  # "asked if …"
    addressee_verbs: frozenset[str] = frozenset()  # "told X": the object is who was told
    statement_preps: frozenset[str] = frozenset()  # "said in a statement"
    copulas: frozenset[str] = frozenset()  # "is confident that" (lemmas)
    expletive_subjects: frozenset[str] = frozenset()  # "it is unclear whether"
    outlet_strip_articles: frozenset[str] = frozenset()  # "the Daily Ledger" -> "Daily Ledger"
    venue_verbs: frozenset[str] = frozenset()  # "speaking at a press conference": says where
    name_particles: frozenset[str] = frozenset()  # "de la Fuente": lower-case words inside names
    name_titles: frozenset[str] = frozenset()  # "Sheriff", "Mr": before a name, not part of it
    title_words: frozenset[str] = frozenset()  # "secretario de Seguridad": a portfolio, as written
    citing_verbs: frozenset[str] = frozenset()  # "citing two officials, Reuters reported"
    # Statement dates from weekday/month words, where the language's model tags no DATE
    # entities (Spanish); off where it does (English: "during the march" is no month).
    dates_by_words: bool = False

    def outlet_name(self, alias: str) -> str:
        """The canonical outlet for a matched alias (whitespace as in the text)."""
        return self.outlets.get(" ".join(alias.split()), alias)

    @functools.cached_property
    def cue_verbs(self) -> frozenset[str]:
        return (self.speech_verbs | self.object_verbs | self.intent_verbs | self.prep_verbs
                | self.candidate_verbs)


def _alternation(phrases: list[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    # Longest first so "according to media reports" wins over "according to reports".
    ordered = sorted({p for p in phrases if p}, key=len, reverse=True)
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)
    return re.compile(rf"(?<![\w&])(?:{body})(?![\w&])", flags)


def _home_tail(auxiliaries: list[str], verbs: list[str]) -> re.Pattern[str]:
    """"has asked", "ha solicitado": what an outlet writes about its own request for comment."""
    aux = "|".join(re.escape(a) for a in auxiliaries)
    verb = "|".join(re.escape(v) for v in verbs)
    return re.compile(rf"\s+(?:{aux})\s+(?:{verb})\b") if aux and verb else re.compile(r"(?!)")


def _word_re(words: list[str]) -> re.Pattern[str]:
    body = "|".join(re.escape(w) for w in words)
    return re.compile(rf"\b({body})\b") if body else re.compile(r"(?!)")


def event_trigger_verbs(language: str = "en") -> frozenset[str]:
    """Verbs that name events on this beat (strike, seize, ban): never learned cue candidates,
    so the event pipeline keeps them as triggers."""
    from chronicler.extract.lexicon import load_lexicon as load_event_lexicon

    triggers = load_event_lexicon(language).triggers
    return frozenset(lemma for lemma, entries in triggers.items()
                     if any(e.accepts_pos("VERB") for e in entries))


@functools.lru_cache(maxsize=4)
def load_lexicon(language: str = "en") -> Lexicon:
    pack = load_pack(language)
    raw: dict[str, Any] = dict(pack.json("attribution"))
    drop = set(raw.get("not_cues", []))
    for key in ("speech_verbs", "object_verbs", "intent_verbs", "prep_verbs", "learned_verbs"):
        raw[key] = [v for v in raw.get(key, []) if v not in drop]
    # Candidate verbs come with the learned filter that judges them; no filter, no candidates.
    model = pack.json("attribution_cue_model") if pack.has("attribution_cue_model") else {}
    triggers = event_trigger_verbs(language)
    candidates = set(model.get("candidate_verbs", [])) - triggers
    event_cues = frozenset(model.get("event_candidate_verbs", [])) - triggers
    # Learned from news about politics; on this beat an event verb (rebuff, attack) is a trigger.
    raw["learned_verbs"] = [v for v in raw.get("learned_verbs", []) if v not in triggers]
    # "on": open candidates outside not_cues and the event triggers; "all": every verb.
    open_mode = str(model.get("open_candidates", "off"))
    learned_nouns = frozenset(raw.get("learned_nouns", [])) - set(raw.get("non_cue_nouns", []))
    aliases = {alias: name for name, names in raw["outlets"].items() for alias in names}
    return Lexicon(
        speech_verbs=frozenset(raw["speech_verbs"]),
        object_verbs=frozenset(raw["object_verbs"]) | frozenset(raw.get("learned_verbs", [])),
        intent_verbs=frozenset(raw["intent_verbs"]),
        raising_verbs=frozenset(raw["raising_verbs"]),
        prep_verbs=frozenset(raw["prep_verbs"]),
        weak_verbs=frozenset(raw["weak_verbs"]),
        particle_verbs=dict(raw["particle_verbs"]),
        not_cues=frozenset(drop),
        statement_nouns=frozenset(raw["statement_nouns"]),
        venue_nouns=frozenset(raw["venue_nouns"]),
        claim_nouns=frozenset(raw["claim_nouns"]) | frozenset(raw["prep_nouns"]) | learned_nouns,
        prep_nouns=frozenset(raw["prep_nouns"]) | learned_nouns,
        document_nouns=frozenset(raw["document_nouns"]),
        anonymous_nouns=frozenset(raw["anonymous_nouns"]),
        outlet_heads=frozenset(raw["outlet_heads"]),
        institution_nouns=frozenset(raw["institution_nouns"]),
        role_nouns=frozenset(raw["role_nouns"]),
        anonymity_phrases=tuple(raw["anonymity_phrases"]),
        number_words=dict(raw["number_words"]),
        outlets=aliases,
        shows=dict(raw["shows"]),
        hedge_re=_alternation(raw["hedges"]),
        request_re=_alternation(raw["request_patterns"]),
        # Outlet names are matched case-sensitively: "the Post" yes, "the post" no.
        outlet_re=_alternation(list(aliases), flags=0),
        candidate_verbs=(frozenset(candidates) - drop) | event_cues,
        event_cues=event_cues,
        fallback_contents=bool(model),
        cue_adjectives=frozenset(raw.get("cue_adjectives", []) + raw.get("learned_adjectives", []))
        - drop,
        institutional_speakers=frozenset(raw.get("institutional_speakers", [])),
        platforms=frozenset(raw.get("platforms", [])),
        according_preps=frozenset(raw.get("according_preps", [])),
        circumstance_preps=frozenset(raw.get("circumstance_preps", [])),
        intent_nouns=frozenset(raw.get("intent_nouns", [])),
        relay_preps=frozenset(raw.get("relay_preps", [])),
        colon_label_prefixes=frozenset(raw.get("colon_label_prefixes", [])),
        finding_preps=frozenset(raw.get("finding_preps", [])),
        finding_nouns=frozenset(raw.get("finding_nouns", [])),
        perspective_preps=frozenset(raw.get("perspective_preps", [])),
        open_candidates=open_mode in ("on", "all"),
        closed_verbs=frozenset() if open_mode == "all" else frozenset(drop) | triggers,
        **_function_words(raw),
    )


def _function_words(raw: dict[str, Any]) -> dict[str, Any]:
    """The pack's function-word keys, as Lexicon fields."""
    sets = ("request_cues", "filter_pronouns", "publishing_verbs", "source_pronouns",
            "first_person_pronouns", "person_pronouns", "relative_pronouns",
            "collective_people_nouns", "affiliation_preps", "venue_tail_preps", "partitive_heads",
            "partitive_preps", "definite_determiners", "not_speaker_labels", "content_preps",
            "adjective_preps", "infinitive_markers", "naming_verbs", "non_speaker_subjects",
            "complementisers", "as_markers", "coordinators", "question_markers", "addressee_verbs",
            "statement_preps", "copulas", "expletive_subjects", "outlet_strip_articles",
            "venue_verbs", "name_particles", "name_titles", "title_words", "citing_verbs")
    tuples = ("request_comment_words", "according_phrase", "month_names", "weekday_names",
              "week_words", "year_words")
    out: dict[str, Any] = {k: frozenset(raw.get(k, [])) for k in sets}
    out |= {k: tuple(raw.get(k, [])) for k in tuples}
    out |= {k: dict(raw.get(k, {})) for k in ("quantifier_low", "scale_words")}
    out["dates_by_words"] = bool(raw.get("dates_by_words", False))
    out["outlet_org_re"] = _word_re(raw.get("outlet_name_words", []))
    out["home_tail_re"] = _home_tail(raw.get("home_request_auxiliaries", []),
                                     raw.get("home_request_verbs", []))
    return out
