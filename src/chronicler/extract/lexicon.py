"""Language resources for event detection and status: trigger lexicon, word classes, cues.

Everything language-specific lives in the language pack, `data/lang/<code>/` (plain
TSV/JSON files a user can extend; see chronicler.lang); this module only indexes the
event and status files of a pack, once per language.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from chronicler.lang import LanguagePack, load_pack
from chronicler.records import EVENT_TYPES

# The guards a trigger line may name in its `needs` column (implemented in
# chronicler.extract.events). A name outside this set is a broken pack (E321), never a
# guard that silently holds.
GUARD_NAMES = frozenset(
    {"force_obj", "weapon_obj", "force_subj", "partner", "military_mod", "terror", "violence_ctx",
     "protest_ctx", "not_quantity", "restriction", "request_obj", "aid_obj", "agreement_obj",
     "person_obj", "common_person_obj", "call_for", "xcomp", "labor", "open_fire", "leaves_body",
     "shut_off", "threat_ctx", "body_obj", "road_obj", "crowd_ctx", "contraband_obj", "property_obj",
     "armed_subj", "enforcer_subj", "weapon_subj", "particle", "custody_pp", "jail_pp", "counted_dead",
     "surface_pp", "weapon_aimed", "state_of", "cue_head", "mode_word", "custody_ctx", "not_freed", "set_alight",
     "cyber_obj", "to_death", "not_kin"}
)  # fmt: skip


@dataclass(frozen=True)
class TriggerEntry:
    """One reading of a trigger lemma: the event type it signals and the guard it needs."""

    lemma: str
    pos: str  # "V", "N" or "*"
    event_type: str
    mode: str | None
    confidence: float
    needs: str | None

    def accepts_pos(self, pos: str) -> bool:
        if self.pos == "*":
            return pos in ("VERB", "NOUN", "PROPN")
        if self.pos == "V":
            return pos == "VERB"
        return pos in ("NOUN", "PROPN")


@dataclass(frozen=True)
class Lexicon:
    language: str
    triggers: dict[str, tuple[TriggerEntry, ...]]
    words: dict[str, frozenset[str]]
    force_nouns: dict[str, str]
    assault_modes: tuple[tuple[str, frozenset[str]], ...]
    status_governors: dict[str, str]  # lemma -> status
    status_modifiers: dict[str, str]  # lower-case word -> status
    status_sets: dict[str, frozenset[str]] = field(default_factory=dict)
    # keyword groups that pick a mode: name -> ((mode, words), ...), first match wins
    mode_groups: dict[str, tuple[tuple[str, frozenset[str]], ...]] = field(default_factory=dict)
    # wordsets.json "guard_preps": role -> the prepositions a guard reads for it
    preps: dict[str, frozenset[str]] = field(default_factory=dict)

    def word_set(self, name: str) -> frozenset[str]:
        return self.words.get(name, frozenset())

    def prep_set(self, role: str) -> frozenset[str]:
        return self.preps.get(role, frozenset())


def _read_triggers(pack: LanguagePack) -> dict[str, tuple[TriggerEntry, ...]]:
    by_lemma: dict[str, list[TriggerEntry]] = {}
    for number, row in pack.tsv("triggers", columns=6):
        lemma, pos, event_type, mode, conf, needs = row[:6]
        where = f"line {number}"
        if event_type not in EVENT_TYPES:
            raise pack.invalid(pack.files["triggers"], f"{where}: unknown event type {event_type!r}")
        if pos not in ("V", "N", "*"):
            raise pack.invalid(pack.files["triggers"], f"{where}: pos must be V, N or *")
        try:
            confidence = float(conf)
        except ValueError:
            raise pack.invalid(pack.files["triggers"], f"{where}: confidence {conf!r}") from None
        unknown = [g for g in needs.split("+") if g not in GUARD_NAMES] if needs != "-" else []
        if unknown:
            raise pack.invalid(pack.files["triggers"], f"{where}: unknown guard {unknown[0]!r}")
        entry = TriggerEntry(
            lemma=lemma,
            pos=pos,
            event_type=event_type,
            mode=None if mode == "-" else mode,
            confidence=confidence,
            needs=None if needs == "-" else needs,
        )
        by_lemma.setdefault(lemma, []).append(entry)
    # Guarded readings are tried first so that e.g. a labour "strike" wins over ASSAULT.
    return {
        lemma: tuple(sorted(entries, key=lambda e: e.needs is None))
        for lemma, entries in by_lemma.items()
    }


def _invert(groups: dict[str, list[str]]) -> dict[str, str]:
    inverted: dict[str, str] = {}
    for status, words in groups.items():
        for word in words:
            inverted.setdefault(word, status)
    return inverted


@functools.lru_cache(maxsize=4)
def load_lexicon(language: str = "en") -> Lexicon:
    return lexicon_from_pack(load_pack(language))


def lexicon_from_pack(pack: LanguagePack) -> Lexicon:
    """Index a pack's event and status files (uncached: `load_lexicon` caches per language)."""
    language = pack.code
    words_raw = pack.json("wordsets")
    status_raw = pack.json("status")
    words = {
        name: frozenset(values)
        for name, values in words_raw.items()
        if isinstance(values, list) and all(isinstance(v, str) for v in values)
    }
    # optional files: a pack without one detects (or reads arguments) with fewer rules
    for optional in ("detect", "arguments"):
        if not pack.has(optional):
            continue
        for name, values in pack.json(optional).items():
            if isinstance(values, list) and all(isinstance(v, str) for v in values):
                words[name] = frozenset(values)
    status_sets = {
        name: frozenset(values) for name, values in status_raw.items() if isinstance(values, list)
    }
    status_sets["rule_out_verbs"] = frozenset(status_raw["rule_out"]["verbs"])
    table = status_raw["on_the_table"]
    status_sets["table_subjects"] = frozenset(table["subjects"])
    status_sets["table_objects"] = frozenset([table["object"]])  # "all options are on the table"
    status_sets["table_preps"] = frozenset([table["preposition"]] if "preposition" in table else [])
    return Lexicon(
        language=language,
        triggers=_read_triggers(pack),
        words=words,
        force_nouns=dict(words_raw["force_nouns"]),
        assault_modes=tuple((mode, frozenset(ws)) for mode, ws in words_raw["assault_modes"]),
        status_governors=_invert(status_raw["governors"]),
        status_modifiers=_invert(status_raw["modifiers"]),
        status_sets=status_sets,
        mode_groups={
            name: tuple((mode, frozenset(ws)) for mode, ws in words_raw[name].items())
            for name in ("request_modes", "threat_modes")
        },
        preps={role: frozenset(ps) for role, ps in words_raw.get("guard_preps", {}).items()},
    )
