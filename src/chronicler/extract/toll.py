"""The `toll` component: killed / injured / arrested / kidnapped counts in event sentences.

Regexes over the sentence text find a quantity next to a casualty word, in three
shapes: "five people were killed" (count before), "killed at least 12 soldiers"
(count after), "left three dead" / "the death toll rose to 14" / "14 deaths".

Quantities become UCDP-style low / best / high. The rules, fixed here so they can be
audited:
- a plain number N ("five", "12", "a dozen", "two dozen", "a soldier") -> N / N / N
- "at least N", "no fewer than N"                     -> N / N / None
- "more than N", "over N"                             -> N+1 / N+1 / None
- "nearly / almost / up to / as many as / at most N"  -> None / N / N
- "some / about / around / roughly / an estimated N"  -> None / N / None
- "between A and B", "A to B", "A or B"               -> A / round((A+B)/2) / B
- vague plurals are floors: "dozens" 24/24/None ("at least two dozen"), "scores" 40,
  "tens of thousands" 20000,
  "hundreds" 200, "thousands" 2000, "several" 3, "a few" 2/3/None, "a couple" 2/2/2,
  "a handful" 3/4/6.
The victim category comes from the noun phrase ("two soldiers" -> security_forces).
Each count goes to one event of the sentence: the first one whose type fits (ASSAULT for
killed, injured, kidnapped; COERCE for arrested), else the nearest event. "three others
were injured" inherits the category of the neighbouring count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from chronicler.pipeline import DocContext, component
from chronicler.records import Count, Event, Span, Toll

UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
         "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
         "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
         "nineteen": 19}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90}
# vague quantities: (low, best, high)
VAGUE = {"dozens": (24, 24, None), "scores": (40, 40, None), "hundreds": (200, 200, None),
         "thousands": (2000, 2000, None), "several": (3, 3, None), "a few": (2, 3, None),
         "a couple of": (2, 2, 2), "a couple": (2, 2, 2), "a handful of": (3, 4, 6),
         "a handful": (3, 4, 6), "several dozen": (36, 36, None), "a dozen": (12, 12, 12),
         "dozens of": (24, 24, None), "hundreds of": (200, 200, None),
         "thousands of": (2000, 2000, None), "tens of thousands": (20000, 20000, None),
         "tens of thousands of": (20000, 20000, None)}

_WORDNUM = (r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?"
            r"|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
            r"|one|two|three|four|five|six|seven|eight|nine|ten)")
_SCALE = r"(?:\s+(?:hundred|thousand|million))?"
_NUM = rf"(?:(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?!\d)(?![.,]\d){_SCALE}|{_WORDNUM}\b(?:\s+dozen|{_SCALE})|a\s+dozen)"
_VAGUE = r"(?:tens\s+of\s+thousands(?:\s+of)?|several\s+dozen|dozens(?:\s+of)?|scores(?:\s+of)?|hundreds(?:\s+of)?|thousands(?:\s+of)?|several|a\s+few|a\s+couple(?:\s+of)?|a\s+handful(?:\s+of)?)"
_MOD = (r"(?:at\s+least|no\s+fewer\s+than|no\s+less\s+than|more\s+than|over|upwards?\s+of|nearly|almost|"
        r"close\s+to|up\s+to|as\s+many\s+as|at\s+most|some|about|around|approximately|roughly|"
        r"an\s+estimated|fewer\s+than|less\s+than)")
# singular people nouns that make "a"/"an" a count of one ("a police commander was killed")
_PERSON = (r"man|woman|boy|girl|child|teenager|teen|youth|soldier|marine|officer|policeman|"
           r"policewoman|agent|journalist|reporter|photographer|migrant|civilian|resident|"
           r"guardsman|member|suspect|person|gunman|bystander|commander|chief|leader|boss|"
           r"lieutenant|operative|financier|mayor|candidate|politician|priest|businessman|"
           r"businesswoman|driver|farmer|student|activist|lawyer|judge|prosecutor|official|"
           r"worker|doctor|nurse|teacher|relative|bodyguard|hitman|trafficker|smuggler|kingpin|"
           r"capo|figure|guard|sailor|trooper|inmate|prisoner|tourist|father|mother|son|daughter")
QTY = (rf"(?P<qty>(?:{_MOD}\s+)?(?:between\s+{_NUM}\s+and\s+{_NUM}|{_NUM}\s*(?:to|or|-|–)\s*{_NUM}"
       rf"|{_NUM}|{_VAGUE})|\banother(?=\s+(?:was|were|is|person|man|woman|\w+\s+was))|\ban?(?=\s+(?:[\w-]+\s+){{0,3}}(?:{_PERSON})\b))")

KINDS = {
    "killed": r"killed|dead|slain|murdered|died|shot\s+dead|executed|lost\s+their\s+lives|assassinated",
    "injured": r"injured|wounded|hurt",
    "arrested": r"arrested|detained|captured|apprehended|taken\s+into\s+custody|in\s+custody",
    "kidnapped": r"kidnapped|abducted|taken\s+hostage|seized\s+and\s+taken",
}
ACTIVE = {
    "killed": r"kill(?:ed|ing|s)?|shot\s+dead|murder(?:ed|ing)?|execut(?:ed|ing)|slaughter(?:ed|ing)",
    "injured": r"wound(?:ed|ing)|injur(?:ed|ing)",
    "arrested": r"arrest(?:ed|ing)|detain(?:ed|ing)|captur(?:ed|ing)|apprehend(?:ed|ing)|round(?:ed|ing)\s+up",
    "kidnapped": r"kidnapp?(?:ed|ing)|abduct(?:ed|ing)",
}
NOUNS = {
    "killed": r"deaths|fatalities|dead|bodies|killings|murders|homicides",
    "injured": r"injuries|wounded|injured",
    "arrested": r"arrests|detentions|detainees",
    "kidnapped": r"kidnappings|abductions|hostages",
}
NOT_PEOPLE = (r"(?:years?|months?|weeks?|days?|hours?|minutes?|percent|%|tons?|tonnes?|kilos?|"
              r"kilograms?|pounds?|miles?|kilometers?|km|dollars|pesos|times|rounds|vehicles|"
              r"cars|trucks|guns|rifles|weapons|homes|houses|buildings|km|delegates|votes|seats|"
              r"states|districts|points|cases|counts|charges|bills)\b")
_STOP = (r"(?:in|near|at|on|during|after|before|and|while|when|as|from|with|by|inside|outside|"
         r"last|this|who|that|left|leaving|killing|wounding)\b")
_NP = rf"(?P<np>(?:(?!{_STOP}|\d)[\w'’-]+\s+){{0,4}}?(?:[\w'’-]+,[^,]{{1,60}},\s+)?)"
_NP_AFTER = rf"(?P<np>(?:(?!{_STOP}|of\b)[\w'’-]+\s*){{0,4}}(?:of\s+(?:the\s+)?(?:(?!{_STOP})[\w'’-]+\s*){{1,4}})?)"
_AUX = r"(?:(?:were|was|have\s+been|has\s+been|had\s+been|are|is|being|got|been)\s+)?(?:(?:reportedly|allegedly|later|also|all|then)\s+)?"

PATTERNS: list[tuple[str, re.Pattern[str]]] = []
for _kind in KINDS:
    PATTERNS += [
        (_kind, re.compile(rf"\b{QTY}\s+(?!{NOT_PEOPLE}){_NP}{_AUX}(?P<verb>{KINDS[_kind]})\b", re.I)),
        (_kind, re.compile(rf"\b(?P<verb>{ACTIVE[_kind]})\s+(?:a\s+total\s+of\s+)?{QTY}(?!\s*{NOT_PEOPLE})\s*{_NP_AFTER}", re.I)),
        (_kind, re.compile(rf"\b(?:left|leaving)\s+{QTY}\s+(?!{NOT_PEOPLE})(?:(?P<np>[\w'’-]+(?:\s+[\w'’-]+)?)\s+)?(?P<verb>{KINDS[_kind]})\b", re.I)),
        (_kind, re.compile(rf"\b{QTY}\s+(?!{NOT_PEOPLE})(?:(?P<np>[\w'’-]+(?:\s+[\w'’-]+)?)\s+)?(?P<verb>{NOUNS[_kind]})\b", re.I)),
    ]
PATTERNS.append(("killed", re.compile(rf"\bdeath\s+toll\s+(?:\w+\s+){{0,3}}?(?:to|at|of)\s+{QTY}(?P<np>)(?P<verb>)", re.I)))
PATTERNS.append(("kidnapped", re.compile(rf"\b(?P<verb>kidnapping|abduction)\s+of\s+{QTY}\s+(?P<np>(?:[\w'’-]+\s+){{0,3}}?[\w'’-]+)", re.I)))
PATTERNS.append(("killed", re.compile(rf"\b(?P<verb>killing|murder|massacre|deaths)\s+of\s+{QTY}\s+(?P<np>(?:[\w'’-]+\s+){{0,3}}?[\w'’-]+)", re.I)))

CATEGORIES = [
    ("cartel_members", r"cartel|gunm[ae]n|hitm[ae]n|sicarios?|suspected\s+criminals?|alleged\s+criminals?|gang\s+members?|assailants?|attackers?|traffickers?|smugglers?|narcos?"),
    ("security_forces", r"soldiers?|troops|police|policem[ae]n|officers?|agents?|marines?|guardsm[ae]n|national\s+guard|sailors?|servicem[ae]n|servicemembers?|security\s+forces|military\s+personnel|cops?"),
    ("migrants", r"migrants?|asylum[-\s]seekers?|refugees"),
    ("journalists", r"journalists?|reporters?|photographers?|photojournalists?"),
    ("civilians", r"civilians?|residents?|bystanders?|children|child|women|woman|villagers?|farmers?|students?|family\s+members|passers-?by|teenagers?|boys?|girls?|worshippers|shoppers|workers?|miners?|employees|"
                  r"villagers?|parishioners|patients"),
]
TYPE_FIT = {"killed": "ASSAULT", "injured": "ASSAULT", "kidnapped": "ASSAULT", "arrested": "COERCE"}


@dataclass
class Hit:
    kind: str
    count: Count
    start: int


SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}


def parse_number(text: str) -> int | None:
    t = " ".join(text.lower().replace(",", "").split())
    head, _, scale = t.rpartition(" ")
    if scale in SCALES and head:
        base = parse_number(head)
        return base * SCALES[scale] if base is not None else None
    if t.isdigit():
        return int(t)
    if t in ("a dozen",):
        return 12
    m = re.fullmatch(rf"({_WORDNUM})(\s+dozen)?", t)
    if not m:
        return None
    parts = re.split(r"[-\s]", m.group(1))
    value = TENS.get(parts[0], UNITS.get(parts[0], 0)) + (UNITS.get(parts[1], 0) if len(parts) > 1 else 0)
    return value * 12 if m.group(2) else value


def parse_quantity(qty: str) -> tuple[int | None, int | None, int | None] | None:
    """'at least 12' -> (12, 12, None); see the module docstring for every rule."""
    q = " ".join(qty.lower().split())
    if q in ("a", "an", "another"):
        return 1, 1, 1
    mod_match = re.match(rf"{_MOD}\s+", q)
    mod = mod_match.group(0).strip() if mod_match else ""
    core = q[len(mod_match.group(0)) :] if mod_match else q
    single = parse_number(core)
    rng = None if single is not None else re.fullmatch(rf"between\s+({_NUM})\s+and\s+({_NUM})|({_NUM})\s*(?:to|or|-|–)\s*({_NUM})", core)
    if rng:
        a = parse_number(rng.group(1) or rng.group(3))
        b = parse_number(rng.group(2) or rng.group(4))
        if a is None or b is None or b < a:
            return None
        return a, round((a + b) / 2), b
    if core in VAGUE:
        low, best, high = VAGUE[core]
    elif single is not None:
        low, best, high = single, single, single
    else:
        return None
    if mod in ("at least", "no fewer than", "no less than"):
        return low, best, None
    if mod in ("more than", "over", "upwards of", "upward of"):
        # "more than 20" is at least 21; "more than dozens" stays at the vague floor.
        bump = 0 if core in VAGUE and high is None else 1
        return low + bump, best + bump, None
    if mod in ("nearly", "almost", "close to", "up to", "as many as", "at most", "fewer than", "less than"):
        top = best - 1 if mod in ("fewer than", "less than") else best
        return None, top, top
    if mod in ("some", "about", "around", "approximately", "roughly", "an estimated"):
        return None, best, None
    return low, best, high


def category_of(np: str) -> str | None:
    for name, pattern in CATEGORIES:
        if re.search(rf"\b(?:{pattern})\b", np, re.I):
            return name
    return None


_MONTH_BEFORE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*$", re.I)


def _after_month(sentence: str, start: int) -> bool:
    return bool(_MONTH_BEFORE.search(sentence[max(0, start - 12) : start]))


_CONJOINED = re.compile(rf"\s*and\s+(?:his|her|their|the)?\s*(?P<n>{_NUM})\s+(?P<np>[\w'’-]+)", re.I)


def _add_conjoined(sentence: str, end: int, values: tuple, np: str) -> tuple:
    """'killing a woman and her two children' -> 3: add a conjoined exact count."""
    m = _CONJOINED.match(sentence, end)
    if not m or values[0] is None or values[0] != values[2] or _is_people_free(m.group("np")):
        return values, np, end
    n = parse_number(m.group("n"))
    if n is None:
        return values, np, end
    total = values[0] + n
    first, second = category_of(np), category_of(m.group("np"))
    # Mixed victims ("3 gunmen and 2 civilians") get no single category.
    merged = "" if first and second and first != second else f"{np} {m.group('np')}"
    return (total, total, total), merged, m.end()


def _is_people_free(word: str) -> bool:
    return bool(re.fullmatch(NOT_PEOPLE, word, re.I)) or category_of(word) is None and \
        not re.fullmatch(r"people|persons|men|others|relatives|sons|daughters", word, re.I)


def _is_year(qty: str) -> bool:
    return bool(re.fullmatch(r"(?:19|20)\d\d", qty.strip()))


# Cheap gate: most sentences name no casualty at all, and the count patterns are costly.
CUES = {
    "killed": re.compile(r"kill|dead|death|slain|murder|died|execut|lives|assassinat|bodies|fatalit|homicide|massacre|toll", re.I),
    "injured": re.compile(r"wound|injur|hurt", re.I),
    "arrested": re.compile(r"arrest|detain|detention|captur|apprehend|custody|round", re.I),
    "kidnapped": re.compile(r"kidnap|abduct|hostage|seized\s+and", re.I),
}


def find_counts(sentence: str, offset: int = 0) -> list[Hit]:
    """All casualty counts in a sentence, first per kind (in text order)."""
    hits: dict[str, Hit] = {}
    kinds = {k for k, cue in CUES.items() if cue.search(sentence)}
    if not kinds:
        return []
    for kind, pattern in PATTERNS:
        if kind not in kinds:
            continue
        for m in pattern.finditer(sentence):
            qty = m.group("qty")
            if _is_year(qty) or re.search(r"\bno\s*$", sentence[max(0, m.start() - 4) : m.start()], re.I):
                continue  # a year, or "no one was killed" (nothing to count)
            values = parse_quantity(qty)
            if values is None:
                continue
            np = m.groupdict().get("np") or ""
            start = m.start("qty")
            if _after_month(sentence, start):
                continue  # "Dec. 28 left 4 dead": 28 is a day of the month
            if qty.lower() in ("a", "an", "another") and not np.strip():
                continue  # "a slain officer": an adjective, not a count
            if kind in hits and hits[kind].start <= start + offset:
                continue
            end = m.end()
            if np and m.end("np") == end:  # the count's noun ends the match: "killing a woman"
                values, np, end = _add_conjoined(sentence, end, values, np)
            text = sentence[m.start() : end].strip()
            category = category_of(np)
            if category is None and hits and (re.search(r"\b(?:others|more)\b", np, re.I)
                                              or qty.lower() == "another"):
                category = min(hits.values(), key=lambda h: abs(h.start - start)).count.category
            count = Count(low=values[0], best=values[1], high=values[2], category=category,
                          text=text, span=Span(start=m.start() + offset, end=m.start() + offset + len(text), text=text))
            hits[kind] = Hit(kind, count, start + offset)
    return sorted(hits.values(), key=lambda h: h.start)


def _target(events: list[Event], hit: Hit) -> Event:
    """The first event of a fitting type (the main clause: "Gunmen opened fire ..., killing
    three" puts the toll on the shooting), else the event nearest the count."""
    fitting = [e for e in events if e.event_type == TYPE_FIT[hit.kind]]
    if hit.kind == "arrested":
        fitting = [e for e in fitting if e.mode in (None, "arrest")] or fitting
    if fitting:
        return min(fitting, key=lambda e: e.trigger.start)
    return min(events, key=lambda e: abs(e.trigger.start - hit.start))


def assign_tolls(text: str, events: list[Event]) -> None:
    by_sentence: dict[tuple[int, int], list[Event]] = {}
    for ev in events:
        by_sentence.setdefault((ev.sentence.start, ev.sentence.end), []).append(ev)
    for (start, end), evs in by_sentence.items():
        for hit in find_counts(text[start:end], start):
            ev = _target(evs, hit)
            if getattr(ev.toll, hit.kind) is None:
                ev.toll = ev.toll.model_copy(update={hit.kind: hit.count})


@component("toll", requires=("events",), assigns=("events.toll",))
def make_toll(**_: Any) -> Any:
    def toll(ctx: DocContext) -> None:
        assign_tolls(ctx.text, ctx.events)

    return toll


__all__ = ["Toll", "assign_tolls", "find_counts", "parse_quantity"]
