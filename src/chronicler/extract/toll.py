"""The `toll` component: killed / injured / arrested / kidnapped counts in event sentences.

Regexes over the sentence text find a quantity next to a casualty word, in a few
shapes: "five people were killed" / "tres jóvenes asesinados" (count before),
"killed at least 12 soldiers" / "asesinan a balazos a tres jóvenes" (count after),
"left three dead" / "deja seis muertos", "the death toll rose to 14", "14 deaths",
inverted Spanish passives ("fueron ultimados cuatro policías"), multiples ("triple
homicide"), headline bare nouns ("Man shot dead in ...", "Ejecutan a mujer ...") and the
pack's singular forms ("they kill him", "lo asesinan", "Matan a balazos a malabarista").
Headlines led by their count ("Two men with their hands tied are executed": the subject runs
to its verb, never across a comma or a clause word, `lead_blockers`), participles before the
noun ("Three slaughtered women") and a determiner between a killing noun and its count ("the
murder of her three sons", `of_determiners`) are shapes too.
Every word comes from the article's language pack (`toll.json`, see docs/languages.md);
this module only holds the shapes.

Quantities become UCDP-style low / best / high. The rules, fixed here so they can be
audited (the words of each class are the pack's):
- a plain number N ("five", "12", "a dozen", "two dozen", "a soldier") -> N / N / N
- floor modifiers ("at least N", "al menos N")           -> N / N / None
- above modifiers ("more than N", "más de N")            -> N+1 / N+1 / None
- ceiling modifiers ("nearly / up to N", "casi N")       -> None / N / N
- below modifiers ("fewer than N")                       -> None / N-1 / N-1
- approximate modifiers ("some / about N", "unos N")     -> None / N / None
- ranges ("between A and B", "entre A y B")              -> A / round((A+B)/2) / B
- vague quantities are the pack's triples ("dozens" 24/24/None, "una decena" 10/10/10).
The victim category comes from the noun phrase ("two soldiers" -> security_forces).
Each count goes to one event of the sentence: the first one whose type fits (ASSAULT for
killed, injured, kidnapped; COERCE for arrested), else the nearest event. A count with an
additive cue ("Two other people were also found killed") in a later sentence adds to the
earlier event of the story. A kind the body never counts may come from the story's title
(`title_tolls`); a short eventless sentence that is only a count ("4 fatalities.") states the
total of the note's lead, its first event sentence (`_put_stated_total`: over a vague or
smaller count read there, else to its lethal-mode event, else its first fitting event without
one); so does a short sentence that is only the count's own bare passive ("Six people were
killed.", `_restates`) while the lead counts none. Relative clauses inside a passive
subject ("Five men who went missing were killed") and resumptive objects ("persiguen a dos
conductores y los asesinan") are shapes too; a singular after a charge prefix ("por el
homicidio de un taxista") is no toll. A count inside a period or running total ("15 murders in the
last 24 hours", "so far this year") is flagged `aggregate`: kept, never one event's toll.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from chronicler.analyse.sentences import sentence_bounds, split_sentences
from chronicler.extract.roles import LETHAL_MODES
from chronicler.lang import LanguagePack, load_pack, phrase_alternation
from chronicler.pipeline import DocContext, component
from chronicler.records import Count, Event, Span, Toll

KIND_NAMES = ("killed", "injured", "arrested", "kidnapped")
SENTENCE_END = (".", "!", "?", "…")  # prose sentences end so; headlines and titles do not
BARE_COUNT_CHARS = 30  # an eventless sentence this short that is only a count: "4 fatalities."
KIND_MODES = {"arrested": "arrest", "kidnapped": "abduct"}
TYPE_FIT = {"killed": "ASSAULT", "injured": "ASSAULT", "kidnapped": "ASSAULT", "arrested": "COERCE"}
# A note whose lead is a riot and no assault states the riot's dead ("supporters burned
# buses and looted shops. 9 fatalities.")
DEADLY_OTHER = frozenset({("PROTEST", "riot")})
RESTATED_CHARS = 2 * BARE_COUNT_CHARS
# counts the victim phrase itself fixes ("Matan a comerciante", "a couple") and a count of exactly
# one: one event's victims, never a period's total, even in a sentence with a period cue
FIXED_SHAPES = frozenset({"singular", "pair", "bare"})  # "Six people were killed.": a count, no scene of its own
_W = r"[\w'’-]+"
NEVER = r"(?!x)x"  # a pattern for a pack entry that is absent
TAG = re.compile(r"^\s*\[[^\]\n]{1,30}\]")  # "[VIDEO] ...": a leading tag
_DIGITS = r"(?:\d{1,3}(?:[,.]\d{3})+|\d+)(?!\d)(?![.,]\d)"

Values = tuple[int | None, int | None, int | None]


@dataclass
class Hit:
    kind: str
    count: Count
    start: int
    shape: str = ""
    additive: bool = False
    verb: int | None = None  # where a passive count's own verb starts ("a man ... was killed")
    said: int | None = None  # where the verb that states the count starts, in any shape ("Murieron dos invitados")


def _alt(words: Any) -> str:
    return phrase_alternation(words)


def _regex_alt(patterns: Any) -> str:
    return "|".join(f"(?:{p})" for p in patterns) or r"(?!x)x"


@functools.lru_cache(maxsize=256)
def _needle(alternation: str) -> re.Pattern[str]:
    """The alternation alone, as its pattern matches it (one compiled object per text, so
    that shapes sharing a verb list share one search)."""
    return re.compile(f"(?:{alternation})", re.I)


@dataclass(frozen=True)
class TollLanguage:
    """One language's toll words, compiled once per process."""

    code: str
    numbers: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, int]
    dozens: dict[str, int]
    multiples: dict[str, int]
    vague: dict[str, Values]
    modifier_class: dict[str, str]
    number_re: str
    word_number: re.Pattern[str]
    joiner: re.Pattern[str]
    mod_re: str
    range_re: re.Pattern[str]
    singles: frozenset[str]
    patterns: list[tuple[str, str, re.Pattern[str]]]
    # per pattern, the alternation its verb group (or lead phrase) must match somewhere in the
    # sentence: a sentence without it cannot match, and a plain alternation is much cheaper to
    # search than a pattern that tries a count at every word
    needles: list[re.Pattern[str]]
    singular: list[tuple[str, re.Pattern[str]]]
    pairs: list[tuple[str, re.Pattern[str]]]
    cues: dict[str, re.Pattern[str]]
    categories: list[tuple[str, re.Pattern[str]]]
    negation: re.Pattern[str]
    background: re.Pattern[str]
    of_after: re.Pattern[str]
    month_before: re.Pattern[str]
    month_after: re.Pattern[str]
    year: re.Pattern[str]
    conjoined: re.Pattern[str]
    conjoined_before: re.Pattern[str]
    other_kind_verb: dict[str, re.Pattern[str]]
    implicit: dict[str, re.Pattern[str]]
    implicit_blockers: re.Pattern[str]
    others: re.Pattern[str]
    people_free_exceptions: re.Pattern[str]
    not_people: re.Pattern[str]
    additive: re.Pattern[str]
    count_joiner: re.Pattern[str]
    aggregate_strong: re.Pattern[str]
    aggregate_period: re.Pattern[str]
    aggregate_tally: re.Pattern[str]
    aggregate_tally_nouns: re.Pattern[str]


def _number_regex(data: dict[str, Any]) -> str:
    tens, units = _alt(data.get("tens", {})), _alt(data.get("numbers", {}))
    joiner = data.get("tens_joiner", r"\s")
    scales = _alt(data.get("scales", {}))
    dozens = _alt(data.get("dozens", {}))
    word = rf"(?:(?:{tens})(?:{joiner}(?:{units}))?|{units})"
    scale = rf"(?:\s+(?:{scales})\b)?"  # not "2 militares" as 2 mil
    return rf"(?:{_DIGITS}{scale}|{word}\b(?:\s+(?:{dozens})|{scale}))"


def _word_number(data: dict[str, Any]) -> re.Pattern[str]:
    tens, units = _alt(data.get("tens", {})), _alt(data.get("numbers", {}))
    joiner, dozens = data.get("tens_joiner", r"\s"), _alt(data.get("dozens", {}))
    return re.compile(rf"((?:{tens})(?:{joiner}(?:{units}))?|{units})(?:\s+({dozens}))?", re.I)


def _compile(code: str, data: dict[str, Any], months: list[str]) -> TollLanguage:
    num = _number_regex(data)
    mods = data.get("modifiers", {})
    modifier_class = {" ".join(p.lower().split()): cls for cls, ps in mods.items() for p in ps}
    mod = rf"(?:{_alt(modifier_class)})"
    vague = {" ".join(k.lower().split()): tuple(v) for k, v in data.get("vague", {}).items()}
    ranges = [r.replace("{N}", f"({num})") for r in data.get("ranges", [])]
    person = _alt(data.get("person_nouns", []))
    articles, another = _alt(data.get("articles", [])), _alt(data.get("another", []))
    follow = _regex_alt(data.get("another_follow", []))
    range_alt = _regex_alt([r.replace("{N}", num) for r in data.get("ranges", [])])
    qty = (rf"(?P<qty>(?:{mod}\s+)?(?:{range_alt}|{_alt(vague)}\b|{num})"
           rf"|\b(?:{another})(?=\s+(?:(?:{_W}\s+){{0,2}}?(?:{person})\b|(?:{follow})\b))"
           rf"|\b(?:{articles})(?=\s+(?:{_W}\s+){{0,3}}(?:{person})\b))")
    add_prefix = data.get("additive_prefix", [])
    pre = rf"(?:(?:{_alt(add_prefix)})\s+)?" if add_prefix else ""
    not_people = rf"(?:{_regex_alt(data.get('not_people', []))})\b"
    stop = rf"(?:{_alt(data.get('stop_words', []))})\b"
    # "Five young men who went missing in Lagos were killed": a relative clause of the subject
    relative = data.get("relative", [])
    # (not "Two men who were wounded ... died" as two wounded: the clause's own verb is not the count's)
    rel = (rf"(?:(?:{_alt(relative)})\s+(?!(?:[^\s,.;:]+\s+)?(?:{{PASSIVE}})\b)(?:[^\s,.;:]+\s+){{1,8}}?)?"
           if relative else "")
    np_before = rf"(?P<np>(?:(?!{stop}|\d){_W}\s+){{0,5}}?(?:{_W},[^,]{{1,60}},\s+)?{rel})"
    of = data.get("of_word") or NEVER
    np_after = (rf"(?P<np>(?:(?!{stop}|{of}\b){_W}\s*){{0,4}}"
                rf"(?:{of}\s+(?:\w+\s+)?(?:(?!{stop}){_W}\s*){{1,4}})?)")
    aux = (rf"(?:(?:{_regex_alt(data.get('aux', []))})\s+)?"
           rf"(?:(?:{_regex_alt(data.get('adverbs', []))})\s+)?"
           rf"(?:(?:{_regex_alt(data.get('found', []))})\s+)?")
    left = _regex_alt(data.get("left", []))
    gap = data.get("active_gap", "")
    short_np = rf"(?:(?P<np>(?!{stop}){_W}(?:,?\s+(?!{stop}){_W})?)\s+)?"  # "3 charred, decapitated bodies"
    # a headline led by its count: "Two men with their hands tied are executed ...", the subject's
    # words up to its verb (not across a clause: "Two soldiers arrive where a man was killed")
    lead_stop = rf"(?:{_alt(data.get('lead_blockers', []))})\b"
    lead_qty = rf"(?P<qty>(?:{mod}\s+)?(?:{range_alt}|{num}))"
    lead_np = rf"(?P<np>(?:(?!{lead_stop})[^\s.,;:!?]+\s+){{0,8}}?)"  # "59 escape, 7 die": no comma
    aux_words = _regex_alt(data.get("aux", []))
    dets = _alt(data.get("determiners", []))
    people = _alt(data.get("people_words", []))
    obj_dets = _alt(data.get("object_determiners", []))  # "killed the / a ...": an object follows
    # "the murder of her three sons", "el asesinato de sus tres hijos": a determiner before the count
    of_dets = rf"(?:(?:{_alt(data['of_determiners'])})\s+)?" if data.get("of_determiners") else ""
    patterns: list[tuple[str, str, re.Pattern[str]]] = []
    needles: list[re.Pattern[str]] = []
    singular: list[tuple[str, re.Pattern[str]]] = []
    pairs: list[tuple[str, re.Pattern[str]]] = []
    cues: dict[str, re.Pattern[str]] = {}
    for kind in KIND_NAMES:
        words = data.get("kinds", {}).get(kind, {})
        passive, active = _regex_alt(words.get("passive", [])), _regex_alt(words.get("active", []))
        nouns = _regex_alt(words.get("nouns", []))
        shapes = [
            # not "Two gunmen killed a dozen people" (an active verb: its object follows)
            ("passive", rf"\b{pre}{qty}\s+(?!{not_people}){np_before.replace('{PASSIVE}', passive)}{aux}"
                        rf"(?P<verb>{passive})\b"
                        rf"(?!\s+(?:{obj_dets}|{num}\s+(?:{person}|{people}))\b)", passive),
            # (a capitalised modifier before the thing counted: 'shot down 10 Russian drones')
            ("active", rf"\b(?P<verb>{active})\s+{gap}{pre}{qty}(?!\s*(?:(?-i:[A-Z])[\w-]*\s+)?{not_people})"
                       rf"\s*{np_after}", active),
            ("left", rf"\b(?:{left})\s+{pre}{qty}\s+(?!{not_people}){short_np}(?P<verb>{passive})\b", passive),
            ("noun", rf"\b{pre}{qty}\s+(?!{not_people}){short_np}(?P<verb>{nouns})\b", nouns),
            ("lead", rf"^\s*(?:[^:]{{1,40}}:\s+)?{lead_qty}\s+(?!{not_people}){lead_np}{aux}(?P<verb>{passive})\b"
                     rf"(?!\s+(?:{obj_dets}|{num}\s+(?:{person}|{people}))\b)", passive)
            if data.get("lead_blockers") else ("lead", NEVER, NEVER),
            ("inverted", rf"\b(?:{aux_words})\s+(?P<verb>{passive})\s+{pre}{qty}(?!\s*{not_people})"
                         rf"\s*{np_after}", passive),
            # headline style, a bare singular noun: "Man shot dead in ...", "Ejecutan a mujer"
            ("bare", rf"^\s*(?:[^:]{{1,40}}:\s+)?(?:{_W},?\s+){{0,3}}?(?P<qty>)(?P<np>{person})(?:\s+(?!{stop}){_W}){{0,3}}?\s+"
                     rf"{aux}(?P<verb>{passive})\b"
                     rf"(?!\s+(?:{dets}|{num})\b)", passive),  # "The candidate captured 1,944 delegates"
            ("bare", rf"\b(?P<verb>{active})\s+{gap}(?P<qty>)(?P<np>{person})\b", active),
        ]
        if data.get("resumptive"):  # "persiguen a dos conductores y los asesinan": the object's count
            back = _regex_alt([r.replace("{VERB}", f"(?:{active})") for r in data["resumptive"]])
            shapes.append(("resumptive", rf"\b{qty}\s+(?!{not_people}){short_np}[^.;:]{{0,40}}?\s+(?P<verb>{back})", back))
        if words.get("adjectives"):  # "Three Slaughtered Women", "two burned men": a participle before the noun
            adjectives = _regex_alt(words["adjectives"])
            shapes.append(("adjective", rf"\b{pre}{lead_qty}\s+(?P<verb>{adjectives})\s+"
                                        rf"(?!{not_people})(?P<np>{_W})\b", adjectives))
        if words.get("of_nouns"):
            of_nouns = _regex_alt(words["of_nouns"])
            shapes.append(("of", rf"\b(?P<verb>{of_nouns})\s+{of}\s+{of_dets}{qty}\s+"
                                 rf"(?P<np>(?:{_W}\s+){{0,3}}?{_W})", of_nouns))
        if kind == "killed" and data.get("toll_phrase"):
            phrase = _regex_alt(data["toll_phrase"])
            shapes.append(("toll", rf"\b(?:{phrase})\s+{qty}(?P<np>)(?P<verb>)", phrase))
        patterns += [(kind, shape, re.compile(rx, re.I)) for shape, rx, _ in shapes]
        needles += [_needle(needle) for _, _, needle in shapes]
        singular += [(kind, re.compile(rx.replace("{PERSON}", person), re.I))
                     for rx in words.get("singular", [])]
        pairs += [(kind, re.compile(rx.replace("{PERSON}", person), re.I)) for rx in words.get("pair", [])]
        if kind == "killed" and data.get("multiples"):  # "triple homicide", "doble asesinato"
            multiple_nouns = _regex_alt(data.get("multiple_nouns", []))
            patterns.append((kind, "multiple", re.compile(
                rf"\b(?P<qty>{_alt(data['multiples'])})\s+(?P<verb>{multiple_nouns})"
                rf"\b(?P<np>)", re.I)))
            needles.append(_needle(multiple_nouns))
        cues[kind] = re.compile(words.get("cue") or r"(?!x)x", re.I)
    # "Murieron cinco agresores y un soldado resultó herido": the conjoined noun has its own verb
    kinds_data = data.get("kinds", {})

    def other_verbs(kind: str) -> re.Pattern[str]:
        verbs = [v for other in KIND_NAMES if other != kind for v in kinds_data.get(other, {}).get("passive", [])]
        return re.compile(rf"\s+(?:{aux_words})\s+(?:{_regex_alt(verbs)})\b", re.I)

    other_kind_verb = {kind: other_verbs(kind) for kind in KIND_NAMES}
    # "Ejecutan en Durango a militares": a killing told with no count is at least one death
    floor = data.get("implicit", {})
    implicit = {kind: re.compile(rf"\b(?:{_regex_alt(verbs)})\b", re.I)
                for kind, verbs in floor.get("verbs", {}).items() if kind in KIND_NAMES and verbs}
    categories = [(name, re.compile(rf"\b(?:{_regex_alt(nouns)})\b", re.I))
                  for name, nouns in data.get("categories", [])]
    month_alt = _alt(months)
    agg = data.get("aggregate", {})

    def agg_re(key: str) -> re.Pattern[str]:
        return re.compile(_regex_alt(agg.get(key, [])).replace("{MONTH}", f"(?:{month_alt})"), re.I)

    return TollLanguage(
        code=code, numbers={k.lower(): int(v) for k, v in data.get("numbers", {}).items()},
        tens={k.lower(): int(v) for k, v in data.get("tens", {}).items()},
        scales={k.lower(): int(v) for k, v in data.get("scales", {}).items()},
        dozens={k.lower(): int(v) for k, v in data.get("dozens", {}).items()},
        multiples={k.lower(): int(v) for k, v in data.get("multiples", {}).items()},
        vague=vague, modifier_class=modifier_class, number_re=num,
        word_number=_word_number(data),
        joiner=re.compile(rf"{data.get('tens_joiner', r'(?!x)x')}|\s+", re.I),
        mod_re=mod, range_re=re.compile("|".join(f"(?:{r})" for r in ranges) or r"(?!x)x", re.I),
        singles=frozenset(w.lower() for w in [*data.get("articles", []), *data.get("another", [])]),
        patterns=patterns, needles=needles, singular=singular, pairs=pairs, cues=cues, categories=categories,
        negation=re.compile(rf"\b(?:{_alt(data.get('negations', []))})\s*$", re.I),
        of_after=re.compile(rf"\s+{of}\b", re.I),
        background=re.compile(rf"(?:{_regex_alt(data.get('background_prefix', []))})$", re.I),
        month_before=re.compile(rf"\b(?:{month_alt})\.?\s*$", re.I),
        month_after=re.compile(rf"\s*(?:{of}\s+)?(?:{month_alt})\b", re.I),
        year=re.compile(r"(?:19|20)\d\d"),
        conjoined=re.compile(rf"\s*{data.get('conjoin', r'(?!x)x')}\s*(?P<n>{num}|{articles})\s+(?P<np>{_W})",
                             re.I),
        # "Seven gunmen and one soldier were killed": a count joined before a passive's subject
        conjoined_before=re.compile(rf"(?:^|[,:;])\s*(?P<n>{num}|{articles})\s+(?P<np>(?:{_W}\s+){{0,2}}?{_W})\s*"
                                    rf"{data.get('conjoin', r'(?!x)x')}\s*$", re.I),
        other_kind_verb=other_kind_verb, implicit=implicit,
        implicit_blockers=re.compile(rf"(?<!\w)(?:{_regex_alt(floor.get('blockers', []))})$", re.I),
        others=re.compile(rf"\b(?:{_alt(data.get('others_words', []))})\b", re.I),
        # generic people nouns and the singular person nouns ("hombre", "woman") are people too
        people_free_exceptions=re.compile(
            rf"(?:{_alt([*data.get('people_words', []), *data.get('person_nouns', [])])})(?:e?s)?", re.I),
        not_people=re.compile(not_people, re.I),
        additive=re.compile(rf"\b(?:{_regex_alt(data.get('additive', []))})\b", re.I),
        # "killed | and | two others were injured": the words between two counts of one clause pair
        count_joiner=re.compile(rf"^\s*,?\s*(?:{_alt(data.get('count_joiners', []))})\s+"
                                rf"(?:(?:{_alt(data.get('others_words', []))})\s+)?$", re.I),
        aggregate_strong=agg_re("strong"), aggregate_period=agg_re("period"),
        aggregate_tally=agg_re("tally"), aggregate_tally_nouns=agg_re("tally_nouns"),
    )  # fmt: skip


@functools.lru_cache(maxsize=16)
def load_toll_language(code: str = "en") -> TollLanguage:
    """The compiled toll words of a language's pack (an empty set when it has no toll file)."""
    return compile_toll_pack(load_pack(code))


def compile_toll_pack(pack: LanguagePack) -> TollLanguage:
    """Check and compile a pack's toll words (E321 naming the entry when one is broken)."""
    code = pack.code
    data = pack.json("toll") if pack.has("toll") else {}
    if not isinstance(data, dict):
        raise pack.invalid(pack.files["toll"], "the toll file must be a JSON object")
    _check(pack, data)
    try:
        return _compile(code, data, _month_words(pack))
    except re.error as exc:
        raise pack.invalid(pack.files["toll"], f"bad pattern: {exc}") from None


def _month_words(pack: LanguagePack) -> list[str]:
    if not pack.has("dates"):
        return []
    dates = pack.json("dates")
    return [*dates.get("months", {}), *dates.get("month_abbreviations", {})]


def _check(pack: LanguagePack, data: dict[str, Any]) -> None:
    for name, triple in data.get("vague", {}).items():
        if not (isinstance(triple, list) and len(triple) == 3):
            raise pack.invalid(pack.files["toll"], f"vague '{name}' must be [low, best, high]")
    for key in ("numbers", "tens", "scales", "dozens", "multiples"):
        if not all(isinstance(v, int) for v in data.get(key, {}).values()):
            raise pack.invalid(pack.files["toll"], f"'{key}' values must be integers")
    for kind in data.get("kinds", {}):
        if kind not in KIND_NAMES:
            raise pack.invalid(pack.files["toll"], f"unknown kind '{kind}' (use {', '.join(KIND_NAMES)})")


def parse_number(text: str, language: str = "en") -> int | None:
    lang = load_toll_language(language)
    t = " ".join(text.lower().split())
    if re.fullmatch(_DIGITS, t):
        return int(t.replace(",", "").replace(".", ""))
    head, _, scale = t.rpartition(" ")
    if scale in lang.scales and head:
        base = parse_number(head, language)
        return base * lang.scales[scale] if base is not None else None
    m = lang.word_number.fullmatch(t)
    if not m:
        return None
    parts = lang.joiner.split(m.group(1))
    value = lang.tens.get(parts[0], lang.numbers.get(parts[0], 0))
    if len(parts) > 1:
        value += lang.numbers.get(parts[-1], 0)
    return value * lang.dozens[m.group(2).lower()] if m.group(2) else value


def parse_quantity(qty: str, language: str = "en") -> Values | None:
    """'at least 12' -> (12, 12, None); see the module docstring for every rule."""
    lang = load_toll_language(language)
    q = " ".join(qty.lower().split())
    if q in lang.singles:
        return 1, 1, 1
    mod_match = re.match(rf"(?:{lang.mod_re})\s+", q)
    mod = " ".join(mod_match.group(0).split()) if mod_match else ""
    core = q[len(mod_match.group(0)) :] if mod_match else q
    if core in lang.vague:
        low, best, high = lang.vague[core]
    elif (single := parse_number(core, language)) is not None:
        low, best, high = single, single, single
    elif rng := lang.range_re.fullmatch(core):
        a, b = (parse_number(g, language) for g in rng.groups() if g)
        if a is None or b is None or b < a:
            return None
        return a, round((a + b) / 2), b
    else:
        return None
    return _apply_modifier(lang.modifier_class.get(mod, ""), (low, best, high), core in lang.vague)


def _apply_modifier(cls: str, values: Values, vague: bool) -> Values:
    low, best, high = values
    if best is None:
        return values
    if cls == "floor":
        return low, best, None
    if cls == "above":  # "more than 20" is at least 21; "more than dozens" stays at the floor
        bump = 0 if vague and high is None else 1
        return (low + bump if low is not None else None), best + bump, None
    if cls in ("ceiling", "below"):
        top = best - 1 if cls == "below" else best
        return None, top, top
    if cls == "approx":
        return None, best, None
    return low, best, high


def category_of(np: str, language: str = "en") -> str | None:
    for name, pattern in load_toll_language(language).categories:
        if pattern.search(np):
            return name
    return None


def _add_conjoined(lang: TollLanguage, sentence: str, end: int, values: Values,
                   np: str, kind: str) -> tuple[Values, str, int]:
    """'killing a woman and her two children' -> 3: add a conjoined exact count (not one with
    a verb of another kind of its own: 'five died and a soldier was wounded')."""
    m = lang.conjoined.match(sentence, end)
    if not m or values[0] is None or values[0] != values[2] or _is_people_free(lang, m.group("np")) \
            or lang.other_kind_verb[kind].match(sentence, m.end()):
        return values, np, end
    n = 1 if m.group("n").lower() in lang.singles else parse_number(m.group("n"), lang.code)
    if n is None:  # "a woman and a child": an article is one more person
        return values, np, end
    total = values[0] + n
    first, second = category_of(np, lang.code), category_of(m.group("np"), lang.code)
    # Mixed victims ("3 gunmen and 2 civilians") get no single category.
    merged = "" if first and second and first != second else f"{np} {m.group('np')}"
    return (total, total, total), merged, m.end()


def _add_conjoined_before(lang: TollLanguage, sentence: str, start: int, values: Values,
                          np: str) -> tuple[Values, str, int]:
    """'Seven gunmen and one soldier were killed' -> 8: the subject's first exact conjunct,
    at the start of the sentence or of a clause after a comma or colon."""
    m = lang.conjoined_before.search(sentence[max(0, start - 60) : start])
    # "A woman and two men are found executed": an article is one more person
    n = (1 if m.group("n").lower() in lang.singles else parse_number(m.group("n"), lang.code)) if m else None
    if m is None or n is None or values[0] is None or _is_people_free(lang, m.group("np").split()[-1]):
        return values, np, start
    total = values[0] + n
    first, second = category_of(m.group("np"), lang.code), category_of(np, lang.code)
    merged = "" if first and second and first != second else f"{m.group('np')} {np}"
    return (total, total, total), merged, max(0, start - 60) + m.start("n")


def _is_people_free(lang: TollLanguage, word: str) -> bool:
    if lang.not_people.fullmatch(word):
        return True
    return category_of(word, lang.code) is None and not lang.people_free_exceptions.fullmatch(word)


def _skip(lang: TollLanguage, sentence: str, m: re.Match[str], qty: str, np: str, shape: str) -> bool:
    start = m.start("qty")
    if lang.year.fullmatch(qty.strip()) or lang.negation.search(sentence[max(0, start - 8) : start]):
        return True  # a year, or "no one was killed" (nothing to count)
    if qty.strip().isdigit() and (lang.month_before.search(sentence[max(0, start - 12) : start])
                                  or lang.month_after.match(sentence, m.end("qty"))):
        return True  # "Dec. 28 left 4 dead", "el 28 de diciembre": a day of the month
    # "a slain officer": an adjective; a number word ("un muerto") or a noun ("otro cadáver")
    # is still a count
    if shape == "noun" and qty.lower() in lang.singles and lang.of_after.match(sentence, m.end()):
        return True  # "a body of water": "a body of a man" is the singular rules' case
    if shape == "passive" and qty.lower() in lang.singles and re.search(rf"\b(?:{lang.number_re})\b", np, re.I):
        return True  # "deja un saldo de seis muertos": the count is the number, not the article
    return shape in ("passive", "left") and qty.lower() in lang.singles and \
        qty.lower() not in lang.numbers and not np.strip()


def find_counts(sentence: str, offset: int = 0, language: str = "en") -> list[Hit]:
    """All casualty counts in a sentence, first per kind (in text order)."""
    lang = load_toll_language(language)
    # a leading "[VIDEO]" / "[Transmission]" tag is markup, not words (blanked: offsets stay)
    sentence = TAG.sub(lambda m: " " * len(m.group(0)), sentence)
    kinds = {k for k, cue in lang.cues.items() if cue.search(sentence)}
    if not kinds:
        return []
    hits: dict[str, Hit] = {}
    present: dict[re.Pattern[str], bool] = {}  # needle -> found in the sentence (shared by shapes)
    for (kind, shape, pattern), needle in zip(lang.patterns, lang.needles, strict=True):
        if kind not in kinds:
            continue
        if needle not in present:
            present[needle] = needle.search(sentence) is not None
        if not present[needle]:
            continue
        for m in pattern.finditer(sentence):
            hit = _hit(lang, sentence, m, kind, shape, offset, hits)
            if hit is not None and (kind not in hits or hit.start < hits[kind].start):
                hits[kind] = hit
    for kind, pattern in lang.pairs:  # "a couple", "madre e hija": two, over a count of one inside
        if kind in kinds and (pm := pattern.search(sentence)):
            have = hits.get(kind)
            # over a count of one inside the pair, or a bare noun read as one person ("a pareja y un
            # menor": the bare "pareja" plus its conjunct is 2; the pair plus the conjunct is 3)
            inside = have is not None and pm.start() <= have.start - offset < pm.end()
            if have is None or (inside and (have.count.best == 1 or have.shape == "bare")):
                hits[kind] = _fixed_hit(kind, pm, 2, offset, "pair", lang, sentence)
    for kind, pattern in lang.singular:
        if kind in kinds and kind not in hits and (sm := pattern.search(sentence)) and \
                not lang.background.search(sentence[max(0, sm.start() - 40) : sm.start()]) and \
                not lang.implicit_blockers.search(sentence[max(0, sm.start() - 40) : sm.start()]):
            hits[kind] = _fixed_hit(kind, sm, 1, offset, "singular", lang, sentence)  # not "por el asesinato de un alcalde"
    headline = not sentence.rstrip().endswith(SENTENCE_END)  # a title, a headline, a feed line
    for kind, pattern in lang.implicit.items():
        if headline and kind in kinds and kind not in hits and (vm := _implicit_verb(lang, sentence, pattern)):
            hits[kind] = _floor_hit(kind, vm, offset)
    found = sorted(hits.values(), key=lambda h: h.start)
    _flag_aggregates(lang, sentence, found)
    return found


def _implicit_verb(lang: TollLanguage, sentence: str, pattern: re.Pattern[str]) -> re.Match[str] | None:
    """The first killing verb of a headline that is told as done: not negated ("no one was killed"), not a
    charge or a motive ("accused of killing"), not an attempt or a threat ("tried to kill")."""
    for m in pattern.finditer(sentence):
        before = sentence[max(0, m.start() - 40) : m.start()]
        if lang.year.search(sentence, m.end(), m.end() + 15):
            continue  # "killed in 2015, his widow recalled": a past killing, retold
        if not (lang.negation.search(sentence[max(0, m.start() - 12) : m.start()])
                or lang.background.search(before) or lang.implicit_blockers.search(before)):
            return m
    return None


def _floor_hit(kind: str, m: re.Match[str], offset: int) -> Hit:
    """A killing with no count: at least one (low 1, best 1, no ceiling)."""
    text = m.group(0)
    start = m.start() + offset
    count = Count(low=1, best=1, high=None, text=text, span=Span(start=start, end=start + len(text), text=text))
    return Hit(kind, count, start, "implicit")


def _fixed_hit(kind: str, m: re.Match[str], n: int, offset: int, shape: str,
               lang: TollLanguage | None = None, sentence: str = "") -> Hit:
    """A count the pack's phrase itself fixes (a singular: 1; a pair: 2), plus a conjoined
    exact count right after it ("Ejecutan a tortillero y a 3 jóvenes" -> 4, "Asesinan a
    pareja y un menor" -> 3)."""
    values: Values = (n, n, n)
    end = m.end()
    if lang is not None:
        values, _, end = _add_conjoined(lang, sentence, end, values, "", kind)
    text = sentence[m.start() : end].strip() if end != m.end() else m.group(0).strip()
    start = m.start() + len(m.group(0)) - len(m.group(0).lstrip()) + offset
    count = Count(low=values[0], best=values[1], high=values[2], text=text,
                  span=Span(start=start, end=start + len(text), text=text))
    return Hit(kind, count, start, shape)


def _hit(lang: TollLanguage, sentence: str, m: re.Match[str], kind: str, shape: str, offset: int,
         hits: dict[str, Hit]) -> Hit | None:
    qty, np = m.group("qty"), m.groupdict().get("np") or ""
    if _skip(lang, sentence, m, qty, np, shape) or (shape == "bare" and kind in hits):
        return None
    # "accused of over 100 murders", "acusado de 100 homicidios": a charge, not this event's toll
    if shape in ("of", "noun") and lang.background.search(sentence[max(0, m.start() - 40) : m.start()]):
        return None
    if shape == "multiple":
        n = lang.multiples.get(qty.lower())
        values: Values | None = (n, n, n) if n else None
    else:
        values = (1, 1, 1) if shape == "bare" else parse_quantity(qty, lang.code)
    if values is None:
        return None
    start, end = m.start("qty"), m.end()
    if np and m.end("np") == end:  # the count's noun ends the match: "killing a woman"
        values, np, end = _add_conjoined(lang, sentence, end, values, np, kind)
    elif shape in ("passive", "noun") and values[0] is not None and values[0] == values[2]:
        values, np, start = _add_conjoined_before(lang, sentence, start, values, np)
    text = sentence[m.start() : end].strip()
    category = category_of(np, lang.code)
    if category is None and hits and (lang.others.search(np) or qty.lower() in lang.singles):
        category = min(hits.values(), key=lambda h: abs(h.start - start - offset)).count.category
    window = sentence[max(0, m.start() - 12) : end]
    count = Count(low=values[0], best=values[1], high=values[2], category=category, text=text,
                  span=Span(start=m.start() + offset, end=m.start() + offset + len(text), text=text))
    verb = m.start("verb") + offset if shape == "passive" and m.group("verb") else None
    own = m.start("verb") + offset if "verb" in m.groupdict() and m.group("verb") else None
    return Hit(kind, count, start + offset, shape, bool(lang.additive.search(window)), verb, own)


def _flag_aggregates(lang: TollLanguage, sentence: str, hits: list[Hit]) -> None:
    """Period and running totals: strong cues flag every count of the sentence; a period
    ("in October", "this weekend") flags tallies ("nine murders", "registers ...")."""
    if not hits:
        return
    strong = bool(lang.aggregate_strong.search(sentence))
    period = bool(lang.aggregate_period.search(sentence))
    tally = bool(lang.aggregate_tally.search(sentence))
    for hit in hits:
        one = hit.count.low == hit.count.best == hit.count.high == 1
        if hit.shape in FIXED_SHAPES or one:  # "Asesinan a hombre ..., el tercero en 24 horas": one victim
            continue  # is one event's, whatever period the sentence names
        tally_noun = hit.shape == "noun" and bool(lang.aggregate_tally_nouns.search(hit.count.text or ""))
        if strong or (period and (tally_noun or tally)):
            hit.count = hit.count.model_copy(update={"aggregate": True})


def sentence_toll(sentence: str, language: str = "en") -> Toll:
    """The counts of one bare sentence or headline as a Toll (for benches and the API)."""
    return Toll(**{h.kind: h.count for h in find_counts(sentence, 0, language)})


def _target(events: list[Event], hit: Hit) -> Event:
    """The event of a passive count's own verb ("A man suspected of killing his neighbor
    was killed in a shootout"), else the first event of a fitting type (the main clause:
    "Gunmen opened fire ..., killing three" puts the toll on the shooting), else the event
    nearest the count."""
    fitting = [e for e in events if e.event_type == TYPE_FIT[hit.kind]]
    own = [e for e in fitting if hit.verb is not None and e.trigger.start == hit.verb]
    if own:  # "A man suspected of killing his neighbor was killed in a shootout": the count's verb
        return own[0]
    if hit.kind in KIND_MODES:  # an arrest count to the arrest, a kidnapping's to the abduction
        fitting = [e for e in fitting if e.mode == KIND_MODES[hit.kind]] or \
            [e for e in fitting if e.mode is None] or fitting
    if fitting:
        return min(fitting, key=lambda e: e.trigger.start)
    return min(events, key=lambda e: abs(e.trigger.start - hit.start))


def add_counts(a: Count, b: Count) -> Count:
    """Two counts of the same event reported apart: their sum (unknown bounds stay unknown)."""

    def plus(x: int | None, y: int | None) -> int | None:
        return None if x is None or y is None else x + y

    category = a.category if a.category == b.category or b.category is None else \
        (b.category if a.category is None else None)
    return a.model_copy(update={"low": plus(a.low, b.low), "best": plus(a.best, b.best),
                                "high": plus(a.high, b.high), "category": category,
                                "text": f"{a.text} + {b.text}"})  # fmt: skip


def _put(ev: Event, hit: Hit, add: bool = False) -> None:
    have: Count | None = getattr(ev.toll, hit.kind)
    if have is None or (have.aggregate and not hit.count.aggregate):
        ev.toll = ev.toll.model_copy(update={hit.kind: hit.count})
    elif add and not have.aggregate and not hit.count.aggregate:
        ev.toll = ev.toll.model_copy(update={hit.kind: add_counts(have, hit.count)})


def assign_tolls(text: str, events: list[Event], language: str = "en",
                 sentences: list[tuple[int, int]] | None = None) -> list[Count]:
    """Put each count on its event; return the aggregate counts (article context). A
    sentence that only restates the lead's toll ("Six people were killed.") is no event of
    its own: its event is removed from `events` once its counts are on the lead."""
    if not events:
        return []
    by_sentence: dict[tuple[int, int], list[Event]] = {}
    for ev in events:
        by_sentence.setdefault((ev.sentence.start, ev.sentence.end), []).append(ev)
    bounds = sorted(set(sentences or split_sentences(text)) | set(by_sentence))
    lang = load_toll_language(language)
    aggregates: list[Count] = []
    folded: dict[int, Event] = {}  # id of a restating sentence's event -> the lead event it tells the toll of
    for start, end in bounds:
        evs = by_sentence.get((start, end), [])
        earlier = [e for e in events if e.sentence.end <= start]
        sentence = text[start:end]
        bare = not evs and earlier and len(sentence.strip(" .;")) <= BARE_COUNT_CHARS
        if not evs and not bare and not (earlier and lang.additive.search(sentence)) and \
                not lang.aggregate_strong.search(sentence):
            continue  # an eventless sentence counts only as an addition or a running total
        hits = find_counts(sentence, start, language)
        joined = _joined_counts(lang, text, hits) if evs else {}
        restating = bool(evs) and _restates(evs, hits, sentence, earlier)
        for hit in hits:
            if hit.count.aggregate:
                aggregates.append(hit.count)
            if bare and not hit.additive:  # "... in Uruapan (Michoacán). 4 fatalities."
                _put_stated_total(earlier, hit)
                continue
            previous = _previous_fitting(earlier, hit, bool(evs)) if hit.additive else None
            if previous is None and hit.additive and evs and _bare_counts(evs, hits, sentence):
                # "... killing four. Two others were injured.": one more of the earlier attack's
                # counts, of a kind it did not count yet, not an attack of its own
                previous = _previous_fitting(earlier, hit)
                if previous is not None:
                    folded.update((id(e), previous) for e in _own_passive(evs, hit))
            if previous is not None:
                _put(previous, hit, add=True)
            elif evs:
                lead_hit = joined.get(id(hit))
                target = _target(evs, lead_hit if lead_hit is not None else hit)
                _put(target, hit)
                if lead_hit is not None:  # "... were killed and two others were injured": one attack
                    folded.update((id(e), target) for e in _own_passive(evs, hit) if e is not target)
                if restating:  # "... opened fire. Six people were killed."
                    lead = _put_stated_total(earlier, hit)
                    if lead is not None:
                        folded.update((id(e), lead) for e in evs)
    for ev in events:
        lead = folded.get(id(ev))
        if lead is not None:  # the count's own passive is no second event: its other counts go to the lead
            for kind in KIND_NAMES:
                if getattr(lead.toll, kind) is None and getattr(ev.toll, kind) is not None:
                    lead.toll = lead.toll.model_copy(update={kind: getattr(ev.toll, kind)})
            if lead.recipient is None and ev.recipient is not None:  # "... Six police officers were killed."
                lead.recipient = ev.recipient
            if lead.mode is None and ev.mode is not None:  # "... and two were injured in an ambush"
                lead.mode = ev.mode
    events[:] = [e for e in events if id(e) not in folded]
    return aggregates


def _joined_counts(lang: TollLanguage, text: str, hits: list[Hit]) -> dict[int, Hit]:
    """id of a count -> the count of the same sentence it is joined to: a killed and an injured
    count told one after the other, with only a joiner between ("Three soldiers were killed and
    two others were injured", "Tres soldados murieron y otros dos resultaron heridos"). The
    second is the same attack's other count: its "others" are not more than an earlier
    sentence's (so it is not additive), and its own passive is no second event. A joined count
    is marked not additive here."""
    joined: dict[int, Hit] = {}
    ordered = sorted((h for h in hits if h.kind in _JOINED_KINDS and h.said is not None and h.count.span),
                     key=lambda h: h.start)  # fmt: skip
    for first, second in zip(ordered, ordered[1:], strict=False):
        if first.kind == second.kind or first.count.span is None or second.count.span is None:
            continue
        if lang.count_joiner.match(text[first.count.span.end : second.count.span.start]):
            joined[id(second)] = first
            second.additive = False
    return joined


_JOINED_KINDS = ("killed", "injured")


def _own_passive(evs: list[Event], hit: Hit) -> list[Event]:
    """The events of a sentence that are only a count's own verb, with no actor ("two others
    were injured"): they tell the count, no act of their own."""
    return [e for e in evs if e.trigger.start == hit.said and e.actor is None
            and e.event_type == TYPE_FIT[hit.kind]]  # fmt: skip


def _bare_counts(evs: list[Event], hits: list[Hit], sentence: str) -> bool:
    """A short sentence whose events are only its counts' own bare passives, naming no means
    and no actor ("Six people were killed."; not "Gunmen killed six people." or "Six people
    were shot dead.", each an act of its own)."""
    if len(sentence.strip(" .;")) > RESTATED_CHARS:
        return False
    verbs = {h.said for h in hits}
    return all(e.mode is None and e.actor is None and e.trigger.start in verbs for e in evs)


def _restates(evs: list[Event], hits: list[Hit], sentence: str, earlier: list[Event]) -> bool:
    """A short sentence after the lead whose events are its counts' own bare passives
    ("Six people were killed.", "Three soldiers were killed and two were wounded."), naming
    no means and no actor: it tells the toll of the lead's attack, when the lead counts
    none of those kinds yet or the same numbers, and is folded into it (one act, counted
    once)."""
    if not hits or any(h.additive for h in hits) or not _bare_counts(evs, hits, sentence):
        return False
    for hit in hits:
        fitting = [e for e in earlier if e.event_type == TYPE_FIT[hit.kind]]
        lead = min((e.sentence.start for e in fitting), default=None)
        # the lead counts none of that kind yet, or the same number ("killing six people. Six
        # people were killed."); another number is another act ("shot a vendor dead. Two
        # people were killed in Yuriria.")
        if lead is None or not all(_same_or_none(getattr(e.toll, hit.kind), hit.count)
                                   for e in fitting if e.sentence.start == lead):
            return False
    return True


def _same_or_none(have: Count | None, stated: Count) -> bool:
    return have is None or (have.best is not None and have.best == stated.best)


def _put_stated_total(earlier: list[Event], hit: Hit) -> Event | None:
    """A sentence that is only a count ("4 fatalities.", "Saldo: 3 muertos.") states the total
    of the note: it goes to its lead, the first sentence with an event of a fitting type (the
    later sentences of an ACLED-style note tell more of the same event: "On 1 May, gunmen
    attacked a bar. Six people were killed. 6 fatalities." is the attack's toll), to that sentence's
    event already holding the kind when it says more (a larger number, or an exact one over
    a vague or open count: "killed dozens of civilians. 56 fatalities."), else to the
    sentence's first fitting event without one."""
    fitting = [e for e in earlier if e.event_type == TYPE_FIT[hit.kind]] or \
        [e for e in earlier if hit.kind == "killed" and (e.event_type, e.mode) in DEADLY_OTHER]
    if not fitting or hit.count.aggregate or hit.count.best is None:
        return None
    lead = min(e.sentence.start for e in fitting)
    # the lead's main attack first: the act whose mode kills ("stormed a bar and opened fire")
    group = sorted((e for e in fitting if e.sentence.start == lead),
                   key=lambda e: (e.mode not in LETHAL_MODES, e.trigger.start))
    holding = [e for e in group if getattr(e.toll, hit.kind) is not None]
    if not holding:
        _put(group[0], hit)
        return group[0]
    target = holding[0]
    have: Count = getattr(target.toll, hit.kind)
    stated = hit.count
    exact = stated.low is not None and stated.low == stated.high
    vague = have.low is None or have.high is None or have.low != have.high
    if have.aggregate or (have.best or 0) < (stated.best or 0) or (exact and vague):
        target.toll = target.toll.model_copy(update={hit.kind: stated})
    return target


def _previous_fitting(earlier: list[Event], hit: Hit, own: bool = False) -> Event | None:
    """The latest earlier event that already holds this kind, else of a fitting type. A
    sentence with events of its own adds only to a kind counted before ("Two other people
    were also found killed"); "The armed group also kidnapped three people" after a killing
    is its own event's count."""
    holding = [e for e in earlier if getattr(e.toll, hit.kind) is not None]
    fitting = holding or ([] if own else [e for e in earlier if e.event_type == TYPE_FIT[hit.kind]])
    return max(fitting, key=lambda e: e.sentence.start) if fitting else None


def title_tolls(title: str, events: list[Event], language: str = "en") -> None:
    """The story's title as a last source: a kind no event of the body counts ("Eight Slain at
    Birthday Party" over a body that says "gunmen opened fire on the guests") goes to the
    first event of a fitting type. A title's count has no span (it is not in the text);
    an aggregate title ("15 murders in the last 24 hours") gives nothing."""
    for hit in find_counts(title, 0, language):
        if hit.count.aggregate or any(getattr(e.toll, hit.kind) is not None for e in events):
            continue
        fitting = [e for e in events if e.event_type == TYPE_FIT[hit.kind]]
        if fitting:
            count = hit.count.model_copy(update={"span": None})
            target = min(fitting, key=lambda e: e.trigger.start)
            target.toll = target.toll.model_copy(update={hit.kind: count})


@component("toll", requires=("events",), assigns=("events.toll",))
def make_toll(**_: Any) -> Any:
    def toll(ctx: DocContext) -> None:
        load_toll_language(ctx.language)
        ctx.scratch["aggregate_counts"] = assign_tolls(
            ctx.text, ctx.events, ctx.language, sentence_bounds(ctx.text, ctx.doc))
        if ctx.title and ctx.events:
            title_tolls(ctx.title, ctx.events, ctx.language)

    return toll


__all__ = ["Toll", "assign_tolls", "find_counts", "parse_quantity", "sentence_toll", "title_tolls"]
