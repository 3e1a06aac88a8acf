"""Event date: the date expression that governs the event, resolved against a reference day.

Own rules (the pack's regex templates, `dates.json`, over sentence text; no per-token
parsing); dateparser only as a fallback on short spaCy DATE entities of English text.
Which expression dates an event:
1. one in the event's sentence: not a parenthesised aside, in the trigger's own clause
   (by the parse), else the one nearest the trigger;
2. else the nearest earlier one in the story of day, week or month precision
   ("On 1 June 2022, gunmen ... . The armed group also kidnapped three people" -> 1 June);
3. else the publication date, marked `from_publication` with 'date' in `derived`.
A story without a publication date (an ACLED-style description) is dated only by an
absolute expression ("On 2 May 2022"): one that reads the same from any reference day.
A wire dateline ("CULIACÁN, Mexico, June 2 (Reuters) -") is never the event date: its
span is masked, and its filing date is the reference day for relative expressions.

Resolution conventions (all relative to the reference day P; words are the pack's):
- "Thursday", "el jueves", "la madrugada del sábado": the latest such day on or before P;
  in a future-tense clause ("will meet on Thursday", "next Thursday") the next one after P;
  "last Thursday", "el jueves pasado": the latest strictly before P.
- "yesterday", "last night", "ayer", "anoche": P-1; "overnight": P-1..P; "today": P.
- "last week" / "this week" / "la semana pasada": Monday..Sunday of that ISO week (week).
- "last weekend", "over the weekend", "el fin de semana": the latest Saturday..Sunday before P.
- "in January", "en enero": the latest such month not after P (month); with a year, that month.
- "on March 3", "3 March", "el pasado 3 de marzo", "2 jun": day; without a year, the latest
  not after P (or the next one in a future-tense clause).
- "last year", "this year", "in 2019": year. "since 2019": 2019-01-01..P (multi_year).
- "N days/weeks/months/years ago", "hace tres días": that day (or week/month/year).
- "during his first term", "under the Biden administration": the term from the KB's
  terms table (multi_year).
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from chronicler.analyse.sentences import sentence_bounds
from chronicler.lang import load_pack, phrase_alternation
from chronicler.pipeline import DocContext, component
from chronicler.records import DateRef, Event, Span
from chronicler.resolve.datelines import dateline_of
from chronicler.resolve.kb import load_kb
from chronicler.resolve.text import normalise

CONTEXT_PRECISIONS = ("day", "week", "month")  # what an earlier sentence may lend an event


@dataclass
class Found:
    start: int
    end: int
    begin: dt.date
    finish: dt.date
    precision: str


Rule = Callable[["DatesLanguage", re.Match[str], dt.date, bool], tuple[dt.date, dt.date, str] | None]


def _alt(words: Any) -> str:
    return phrase_alternation(words)


@dataclass(frozen=True)
class DatesLanguage:
    """One language's date words and rules, compiled once per process."""

    code: str
    weekdays: dict[str, int]
    months: dict[str, int]
    ambiguous: frozenset[str]
    relative: dict[str, str]
    relative_days: dict[str, tuple[int, int]]
    units: dict[str, str]
    numbers: dict[str, int]
    ordinals: dict[str, int]
    future: re.Pattern[str]
    rules: list[tuple[str, re.Pattern[str]]]
    term: re.Pattern[str] | None
    term_membership: re.Pattern[str] | None
    term_holder: str | None
    not_event_dates: re.Pattern[str]

    def month(self, word: str) -> int:
        return self.months[" ".join(word.lower().rstrip(".").split())]

    def rel(self, m: re.Match[str]) -> str:
        groups = m.groupdict()
        word = groups.get("rel") or groups.get("rel2") or ""
        return self.relative.get(" ".join(word.lower().split()), "")


def _lower_keys(mapping: dict[str, Any]) -> dict[str, Any]:
    return {" ".join(k.lower().split()): v for k, v in mapping.items()}


def _compile(code: str, data: dict[str, Any]) -> DatesLanguage:
    months_full = _lower_keys(data.get("months", {}))
    months = months_full | _lower_keys(data.get("month_abbreviations", {}))
    fill = {
        "{WD}": rf"(?P<wd>{_alt(data.get('weekdays', {}))})",
        "{MON}": rf"(?P<mon>{_alt(months)})\.?",
        "{MONTH}": rf"(?P<mon>{_alt(months_full)})",
        "{DAY}": r"(?P<day>[0-3]?\d)",
        "{DAY2}": r"(?P<day2>[0-3]?\d)",
        "{YEAR}": r"(?P<year>(?:19|20)\d\d)",
        "{REL}": rf"(?P<rel>{_alt(data.get('relative', {}))})",
        "{REL2}": rf"(?P<rel2>{_alt(data.get('relative', {}))})",
        "{UNIT}": rf"(?P<unit>{_alt(data.get('units', {}))})",
        "{N}": rf"(?P<n>\d+|{_alt(data.get('number_words', {}))})",
        "{RELDAY}": rf"(?P<relday>{_alt(data.get('relative_days', {}))})",
        "{SINCE}": rf"(?P<since>{_alt(data.get('since', []))})",
    }
    rules = []
    for kind in RULE_ORDER:
        for template in data.get("patterns", {}).get(kind, []):
            for key, value in fill.items():
                template = template.replace(key, value)
            rules.append((kind, re.compile(rf"(?<!\w)(?:{template})(?!\w)", re.I)))
    future = "|".join(f"(?:{p})" for p in data.get("future", [])) or r"(?!x)x"
    term, member = data.get("term"), data.get("term_membership")
    return DatesLanguage(
        code=code, weekdays=_lower_keys(data.get("weekdays", {})), months=months,
        ambiguous=frozenset(w.lower() for w in data.get("ambiguous_months", [])),
        relative=_lower_keys(data.get("relative", {})),
        relative_days={k: (int(v[0]), int(v[1])) for k, v in _lower_keys(data.get("relative_days", {})).items()},
        units=_lower_keys(data.get("units", {})), numbers=_lower_keys(data.get("number_words", {})),
        ordinals=_lower_keys(data.get("ordinals", {})), future=re.compile(rf"\b(?:{future})\b", re.I),
        rules=rules, term=re.compile(term) if term else None,
        term_membership=re.compile(member, re.I) if member else None,
        term_holder=next(iter(data.get("term_default_holders", [])), None),
        not_event_dates=re.compile("|".join(f"(?:{p})" for p in data.get("not_event_dates", []))
                                   or r"(?!x)x", re.I),
    )  # fmt: skip


@functools.lru_cache(maxsize=16)
def load_dates_language(code: str = "en") -> DatesLanguage:
    """The compiled date words of a language's pack (no rules when it has no dates file)."""
    pack = load_pack(code)
    data = pack.json("dates") if pack.has("dates") else {}
    if not isinstance(data, dict):
        raise pack.invalid(pack.files["dates"], "the dates file must be a JSON object")
    unknown = set(data.get("patterns", {})) - set(RULE_ORDER)
    if unknown:
        raise pack.invalid(pack.files["dates"], f"unknown pattern kinds: {', '.join(sorted(unknown))}"
                           f" (use {', '.join(RULE_ORDER)})")
    for word, pair in data.get("relative_days", {}).items():
        if not (isinstance(pair, list) and len(pair) == 2):
            raise pack.invalid(pack.files["dates"], f"relative day '{word}' must be [from, to] offsets")
    try:
        return _compile(code, data)
    except re.error as exc:
        raise pack.invalid(pack.files["dates"], f"bad pattern: {exc}") from None


def _week(d: dt.date) -> tuple[dt.date, dt.date]:
    monday = d - dt.timedelta(days=d.weekday())
    return monday, monday + dt.timedelta(days=6)


def _month(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _shift_months(d: dt.date, months: int) -> tuple[int, int]:
    index = d.year * 12 + d.month - 1 + months
    return index // 12, index % 12 + 1


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _weekday(lang: DatesLanguage, m: re.Match[str], p: dt.date, future: bool) -> tuple[dt.date, dt.date, str]:
    target = lang.weekdays[" ".join(m.group("wd").lower().split())]
    rel = lang.rel(m)
    if rel == "next" or (future and rel != "last"):
        day = p + dt.timedelta(days=(target - p.weekday()) % 7 or 7)
    else:
        back = (p.weekday() - target) % 7
        if rel == "last" and back == 0:
            back = 7
        day = p - dt.timedelta(days=back)
    return day, day, "day"


def _relative_day(lang: DatesLanguage, m: re.Match[str], p: dt.date, future: bool) -> tuple[dt.date, dt.date, str]:
    first, last = lang.relative_days[" ".join(m.group("relday").lower().split())]
    return p + dt.timedelta(days=first), p + dt.timedelta(days=last), "day"


def _last_weekend(p: dt.date) -> tuple[dt.date, dt.date, str]:
    sat = p - dt.timedelta(days=(p.weekday() - 5) % 7 or 7)
    return sat, sat + dt.timedelta(days=1), "week"


def _relative_period(lang: DatesLanguage, m: re.Match[str], p: dt.date, future: bool) -> tuple[dt.date, dt.date, str]:
    step = {"last": -1, "this": 0, "next": 1}.get(lang.rel(m), 0)
    unit = lang.units.get(" ".join(m.group("unit").lower().split()), "")
    if unit == "weekend":
        if step > 0:
            sat = p + dt.timedelta(days=(5 - p.weekday()) % 7 or 7)
            return sat, sat + dt.timedelta(days=1), "week"
        if step == 0 and p.weekday() >= 5:
            sat = p - dt.timedelta(days=p.weekday() - 5)
            return sat, sat + dt.timedelta(days=1), "week"
        return _last_weekend(p)
    if unit in ("week", "day"):
        start, end = _week(p + dt.timedelta(weeks=step))
        return start, (min(end, p) if step == 0 else end), "week"
    if unit == "month":
        start, end = _month(*_shift_months(p, step))
        return start, (min(end, p) if step == 0 else end), "month"
    y = p.year + step
    return dt.date(y, 1, 1), (p if step == 0 else dt.date(y, 12, 31)), "year"


def _weekend(lang: DatesLanguage, m: re.Match[str], p: dt.date, future: bool) -> tuple[dt.date, dt.date, str]:
    return _last_weekend(p)


def _month_only(lang: DatesLanguage, m: re.Match[str], p: dt.date, future: bool) -> tuple[dt.date, dt.date, str]:
    mo = lang.month(m.group("mon"))
    if m.group("year"):
        y = int(m.group("year"))
    elif m.groupdict().get("lastyear"):
        y = p.year - 1
    elif future:
        y = p.year if mo >= p.month else p.year + 1
    else:
        y = p.year if mo <= p.month else p.year - 1
    start, end = _month(y, mo)
    return start, end, "month"


def _month_day(lang: DatesLanguage, m: re.Match[str], p: dt.date, future: bool) -> tuple[dt.date, dt.date, str] | None:
    d = _day_of(lang.month(m.group("mon")), int(m.group("day")), m.group("year"), p, future)
    return (d, d, "day") if d else None


def _day_of(mo: int, day: int, year: str | None, p: dt.date, future: bool) -> dt.date | None:
    """A day of a month; with no year, the one nearest the reference day on the side the
    sentence's tense points to."""
    if year:
        return _safe_date(int(year), mo, day)
    d = _safe_date(p.year, mo, day)
    if d is not None and d > p and not future:
        d = _safe_date(p.year - 1, mo, day)
    elif d is not None and d < p and future:
        d = _safe_date(p.year + 1, mo, day)
    return d


def _day_range(lang: DatesLanguage, m: re.Match[str], p: dt.date, future: bool) -> tuple[dt.date, dt.date, str] | None:
    """'Between 1 and 3 June 2023', 'del 1 al 3 de junio': days of one month; the event
    starts on the first (ACLED's notes open with the first day of a span)."""
    last = _day_of(lang.month(m.group("mon")), int(m.group("day2")), m.group("year"), p, future)
    first = _safe_date(last.year, last.month, int(m.group("day"))) if last else None
    if last is None or first is None or first > last:
        return None
    return first, last, "day" if first == last else "week" if (last - first).days < 7 else "month"


def _year(lang: DatesLanguage, m: re.Match[str], p: dt.date, future: bool) -> tuple[dt.date, dt.date, str]:
    y = int(m.group("year"))
    if m.groupdict().get("since"):
        return dt.date(y, 1, 1), p, "multi_year"
    return dt.date(y, 1, 1), dt.date(y, 12, 31), "year"


def _ago(lang: DatesLanguage, m: re.Match[str], p: dt.date, future: bool) -> tuple[dt.date, dt.date, str]:
    raw = " ".join(m.group("n").lower().split())
    n = int(raw) if raw.isdigit() else lang.numbers.get(raw, 1)
    unit = lang.units.get(" ".join(m.group("unit").lower().split()), "day")
    if unit == "day":
        d = p - dt.timedelta(days=n)
        return d, d, "day"
    if unit in ("week", "weekend"):
        start, end = _week(p - dt.timedelta(weeks=n))
        return start, end, "week"
    if unit == "month":
        start, end = _month(*_shift_months(p, -n))
        return start, end, "month"
    return dt.date(p.year - n, 1, 1), dt.date(p.year - n, 12, 31), "year"


# Full dates before weekdays ("el martes 3 de marzo" is one expression), periods after.
RULES: dict[str, Rule] = {
    "weekend": _weekend, "day_range": _day_range, "month_day": _month_day, "weekday": _weekday,
    "relative_day": _relative_day, "relative_period": _relative_period,
    "month_only": _month_only, "ago": _ago, "year": _year,
}
RULE_ORDER = tuple(RULES)


def _term(lang: DatesLanguage, m: re.Match[str], sentence: str,
          published: dt.date) -> tuple[dt.date, dt.date] | None:
    groups = m.groupdict()
    who = normalise(groups.get("who") or groups.get("who2") or "")
    ordinal = lang.ordinals.get((groups.get("ord") or "").lower())
    if not ordinal and lang.term_membership and lang.term_membership.match(m.group(0)):
        return None  # "officials in the Trump administration" is membership, not time
    if not who and not ordinal:
        return None
    terms = load_kb().terms
    cands = [t for t in terms if any(n in who for n in t["names"])] if who else []
    if not cands:  # "his first term": the president named in the sentence, else the default
        norm = normalise(sentence)
        cands = [t for t in terms if any(n in norm.split() or f" {n} " in f" {norm} "
                                         for n in t["names"])]
        if not cands and lang.term_holder:
            cands = [t for t in terms if t["holder"] == lang.term_holder]
    if ordinal:
        cands = [t for t in cands if t["ordinal"] == ordinal]
    else:  # "under the Trump administration": the term running at publication, else the last
        started = [t for t in cands if dt.date.fromisoformat(t["start"]) <= published]
        cands = sorted(started, key=lambda t: t["start"], reverse=True)
    if not cands:
        return None
    t = cands[0]
    end = dt.date.fromisoformat(t["end"]) if t["end"] else dt.date.max
    return dt.date.fromisoformat(t["start"]), end


def find_dates(sentence: str, offset: int, published: dt.date, language: str = "en") -> list[Found]:
    """Every date expression in `sentence` (char offsets shifted by `offset`)."""
    lang = load_dates_language(language)
    found: list[Found] = []
    taken: list[tuple[int, int]] = []

    def add(s: int, e: int, begin: dt.date, finish: dt.date, precision: str) -> None:
        if any(s < te and ts < e for ts, te in taken):
            return
        taken.append((s, e))
        found.append(Found(s + offset, e + offset, begin, min(finish, dt.date.max), precision))

    for m in lang.not_event_dates.finditer(sentence):  # "the third this year": a running count
        taken.append((m.start(), m.end()))
    if lang.term is not None:
        for m in lang.term.finditer(sentence):
            span = _term(lang, m, sentence, published)
            if span:
                add(m.start(), m.end(), span[0], span[1], "multi_year")
    for kind, pat in lang.rules:
        for m in pat.finditer(sentence):
            if kind == "month_only" and not _month_context(lang, sentence, m):
                continue
            future = bool(lang.future.search(sentence[: m.start()])) or lang.rel(m) == "next"
            res = RULES[kind](lang, m, published, future)
            if res:
                add(m.start(), m.end(), *res)
    return found


def _month_context(lang: DatesLanguage, sentence: str, m: re.Match[str]) -> bool:
    """'may'/'march' are also a modal and a noun: need a capital, not first, or a year."""
    word = sentence[m.start("mon") : m.end("mon")]
    if word.lower() not in lang.ambiguous:
        return True
    return word[:1].isupper() and (m.start("mon") > 0 or bool(m.group("year")))


def _date_ents(ctx: DocContext) -> list[tuple[int, int, str]]:
    """Short DATE entities with a digit or a month name, read once per document."""
    if "date_ents" not in ctx.scratch:
        months = load_dates_language(ctx.language).months
        ents = []
        for ent in ctx.doc.ents:
            low = ent.text.lower()
            if ent.label_ == "DATE" and len(low) <= 30 and (
                    any(ch.isdigit() for ch in low) or any(mo in low.split() for mo in months)):
                ents.append((ent.start_char, ent.end_char, ent.text))
        ctx.scratch["date_ents"] = ents
    return ctx.scratch["date_ents"]


def _fallback(ctx: DocContext, start: int, end: int, published: dt.date) -> list[Found]:
    """dateparser on short DATE entities our rules missed (cached per text)."""
    out = []
    for s, e, text in _date_ents(ctx):
        if start <= s and e <= end:
            d = _dateparse(text, published, ctx.language)
            if d is not None:
                out.append(Found(s, e, d, d, "day"))
    return out


_PARSED: dict[tuple[str, dt.date, str], dt.date | None] = {}


def _dateparse(text: str, published: dt.date, language: str) -> dt.date | None:
    key = (text, published, language)
    if key not in _PARSED:
        import dateparser

        base = dt.datetime.combine(published, dt.time(12))
        res = dateparser.parse(text, languages=[language], settings={
            "RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "STRICT_PARSING": True})
        _PARSED[key] = res.date() if res else None
    return _PARSED[key]


def reference_day(ctx: DocContext) -> dt.date | None:
    """The day relative expressions count from: the dateline's filing date, else publication."""
    published = ctx.published
    if isinstance(published, dt.datetime):  # a timestamp slipped in: keep the calendar day
        published = published.date()
    line = dateline_of(ctx)
    if line is not None and line.date is not None:
        return line.date
    return published


def _sentence_dates(ctx: DocContext, start: int, end: int, anchor: dt.date) -> list[Found]:
    cache = ctx.scratch.setdefault("dates", {})
    if (start, end, anchor) not in cache:
        found = find_dates(ctx.text[start:end], start, anchor, ctx.language)
        line = dateline_of(ctx)
        if line is not None:  # the dateline files the story; it never dates the event
            found = [f for f in found if f.start >= line.end or f.end <= line.start]
        cache[(start, end, anchor)] = found
    result: list[Found] = cache[(start, end, anchor)]
    return result


def _context_date(ctx: DocContext, ev: Event, anchor: dt.date | None) -> Found | None:
    """The nearest date expression before the event's sentence in the story (absolute
    ones only when there is no reference day)."""
    if "sentences" not in ctx.scratch:
        ctx.scratch["sentences"] = sentence_bounds(ctx.text, ctx.doc)
    earlier = [b for b in ctx.scratch["sentences"] if b[1] <= ev.sentence.start]
    for start, end in reversed(earlier):
        dates = _sentence_dates(ctx, start, end, anchor) if anchor else _absolute_dates(ctx, start, end)
        usable = [f for f in dates if f.precision in CONTEXT_PRECISIONS]
        if usable:
            return max(usable, key=lambda f: f.start)
    return None


# Two reference days far apart: an expression that resolves the same from both is absolute
# ("On 2 May 2022", "el 3 de mayo de 2021") and dates a story that has no publication date.
_PROBE_DAYS = (dt.date(2001, 7, 15), dt.date(2031, 2, 10))


def _absolute_dates(ctx: DocContext, start: int, end: int) -> list[Found]:
    first, second = (_sentence_dates(ctx, start, end, day) for day in _PROBE_DAYS)
    same = {(f.start, f.end, f.begin, f.finish) for f in second}
    return [f for f in first if (f.start, f.end, f.begin, f.finish) in same]


def _in_parentheses(text: str, start: int, f: Found) -> bool:
    before = text[start : f.start]
    return before.count("(") > before.count(")")


def _clause_verb(tok: Any) -> Any:
    """The verb whose clause holds the token (the token itself when it is one)."""
    for _ in range(12):
        if tok.pos_ in ("VERB", "AUX") or tok.head.i == tok.i:
            return tok
        tok = tok.head
    return tok


def _governing(ctx: DocContext, ev: Event, found: list[Found]) -> Found:
    """The date expression that governs the event: outside a parenthesised aside ("Around
    14 March 2023 (between 12 and 16 March 2023)"), in the trigger's own clause ("On 5 May
    2022, the body of a man who had been kidnapped on 2 May was found": 5 May dates the
    finding, 2 May the kidnapping), else the one nearest the trigger."""
    found = [f for f in found if not _in_parentheses(ctx.text, ev.sentence.start, f)] or found
    if len(found) > 1 and ctx.doc is not None:
        trigger = ctx.doc.char_span(ev.trigger.start, ev.trigger.end, alignment_mode="expand")
        if trigger is not None:
            verb = _clause_verb(trigger.root)
            own = []
            for f in found:
                span = ctx.doc.char_span(f.start, f.end, alignment_mode="expand")
                if span is None:
                    continue
                # the date's own preposition ("on 2 May") attaches it more surely than its root
                tok = span[0] if span[0].pos_ == "ADP" else span.root
                if _clause_verb(tok.head).i == verb.i:
                    own.append(f)
            found = own or found
    return min(found, key=lambda f: abs(f.start - ev.trigger.start))


def date_event(ctx: DocContext, ev: Event) -> None:
    published = ctx.published
    if isinstance(published, dt.datetime):
        published = published.date()
    anchor = reference_day(ctx)
    if published is None or anchor is None:
        found = _absolute_dates(ctx, ev.sentence.start, ev.sentence.end)
        none_best = _governing(ctx, ev, found) if found else _context_date(ctx, ev, None)
        if none_best is not None:  # no day to count from: only an absolute date dates the event
            ev.date = _ref(ctx.text, none_best)
        return
    found = _sentence_dates(ctx, ev.sentence.start, ev.sentence.end, anchor)
    if not found and ctx.doc is not None and ctx.language == "en":
        found = _fallback(ctx, ev.sentence.start, ev.sentence.end, anchor)
    best = _governing(ctx, ev, found) if found else _context_date(ctx, ev, anchor)
    if best is None:
        ev.date = DateRef(start=published, end=published, precision="day", from_publication=True)
        if "date" not in ev.derived:
            ev.derived = [*ev.derived, "date"]
        return
    ev.date = _ref(ctx.text, best)


def _ref(text: str, f: Found) -> DateRef:
    end = None if f.finish == dt.date.max else f.finish
    words = text[f.start : f.end]
    return DateRef(text=words, span=Span(start=f.start, end=f.end, text=words),
                   start=f.begin, end=end, precision=f.precision)  # type: ignore[arg-type]


def resolve_text(sentence: str, published: dt.date, language: str = "en") -> DateRef | None:
    """Resolve the first date in a bare sentence (for tests and the API)."""
    found = find_dates(sentence, 0, published, language)
    if not found:
        return None
    return _ref(sentence, min(found, key=lambda x: x.start))


@component("resolve_dates", requires=("events",), assigns=("events.date",))
def make_resolve_dates(**_: Any) -> Any:
    load_kb()

    def resolve_dates(ctx: DocContext) -> None:
        load_dates_language(ctx.language)
        for ev in ctx.events:
            if ev.date is None:
                date_event(ctx, ev)

    return resolve_dates
