"""Event date: find date expressions in the event sentence, resolve against publication.

Own rules first (a handful of regexes over the sentence, no per-token parsing);
dateparser only as a fallback on short spaCy DATE entities that hold a digit or a
month name. Resolution conventions (all relative to the publication date P):

- "Thursday", "on Thursday night": the latest Thursday on or before P (day); in a
  future-tense clause ("will meet on Thursday", "next Thursday") the next one after P.
  "last Thursday": the latest Thursday strictly before P.
- "yesterday", "last night", "overnight": P-1; "today", "this morning": P (day).
- "last week" / "this week" / "next week": Monday..Sunday of that ISO week (week).
- "last weekend", "over the weekend": the latest Saturday..Sunday before P (week).
- "in January", "in early March": the latest such month not after P (month);
  "January 2024" / "in March of 2019": that month; "last month", "earlier this month".
- "on March 3", "March 3, 2024", "3 March": day; without a year, the latest not after P
  (or the next one in a future-tense clause).
- "last year", "this year", "in 2019": year. "since 2019": 2019-01-01..P (multi_year).
- "N days/weeks/months/years ago": that day (or week/month/year).
- "during his first term", "Trump's first administration", "under the Biden
  administration": the term from the KB's terms table (multi_year).
- No date: P itself, from_publication=True, precision day, 'date' in derived.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from chronicler.pipeline import DocContext, component
from chronicler.records import DateRef, Event, Span
from chronicler.resolve.kb import load_kb
from chronicler.resolve.text import normalise

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS |= {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
MONTHS["sept"] = 9
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10, "several": 3, "a few": 3}
ORDINALS = {"first": 1, "second": 2, "1st": 1, "2nd": 2}

WD = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
MON = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
YEAR = r"(?P<year>(?:19|20)\d\d)"
FUTURE = re.compile(r"\b(will|would|is to|are to|plans? to|planned|scheduled|expected to|next|"
                    r"is set to|are set to|upcoming|due to)\b", re.I)


@dataclass
class Found:
    start: int
    end: int
    begin: dt.date
    finish: dt.date
    precision: str


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


Rule = Callable[[re.Match[str], dt.date, bool], tuple[dt.date, dt.date, str] | None]


def _weekday(m: re.Match[str], p: dt.date, future: bool) -> tuple[dt.date, dt.date, str]:
    target = WEEKDAYS.index(m.group("wd").lower())
    rel = (m.group("rel") or "").lower()
    if rel == "next" or (future and rel != "last"):
        ahead = (target - p.weekday()) % 7 or 7
        day = p + dt.timedelta(days=ahead)
    else:
        back = (p.weekday() - target) % 7
        if rel == "last" and back == 0:
            back = 7
        day = p - dt.timedelta(days=back)
    return day, day, "day"


def _relative_day(m: re.Match[str], p: dt.date, future: bool) -> tuple[dt.date, dt.date, str]:
    word = m.group(0).lower()
    if "tomorrow" in word:
        offset = 1
    elif any(w in word for w in ("yesterday", "last night", "overnight", "past 24 hours")):
        offset = -1
    else:
        offset = 0
    day = p + dt.timedelta(days=offset)
    if "overnight" in word or "past 24 hours" in word:
        return day, p, "day"
    return day, day, "day"


def _relative_period(m: re.Match[str], p: dt.date, future: bool) -> tuple[dt.date, dt.date, str]:
    rel, unit = m.group("rel").lower(), m.group("unit").lower()
    step = {"last": -1, "past": -1, "previous": -1, "this": 0, "next": 1, "coming": 1}[rel]
    if unit == "weekend":
        sat = p - dt.timedelta(days=(p.weekday() - 5) % 7) if step <= 0 else \
            p + dt.timedelta(days=(5 - p.weekday()) % 7 or 7)
        if step < 0 and sat == p - dt.timedelta(days=0) and p.weekday() == 5:
            sat -= dt.timedelta(days=7)
        return sat, sat + dt.timedelta(days=1), "week"
    if unit == "week":
        start, end = _week(p + dt.timedelta(weeks=step))
        return start, (min(end, p) if step == 0 else end), "week"
    if unit == "month":
        y, mo = _shift_months(p, step)
        start, end = _month(y, mo)
        return start, (min(end, p) if step == 0 else end), "month"
    y = p.year + step
    return dt.date(y, 1, 1), (p if step == 0 else dt.date(y, 12, 31)), "year"


def _month_only(m: re.Match[str], p: dt.date, future: bool) -> tuple[dt.date, dt.date, str]:
    mo = MONTHS[m.group("mon").lower().rstrip(".")]
    if m.group("year"):
        y = int(m.group("year"))
    elif m.group("rel") and m.group("rel").lower().startswith("last year"):
        y = p.year - 1
    elif future:
        y = p.year if mo >= p.month else p.year + 1
    else:
        y = p.year if mo <= p.month else p.year - 1
    start, end = _month(y, mo)
    return start, end, "month"


def _month_day(m: re.Match[str], p: dt.date, future: bool) -> tuple[dt.date, dt.date, str] | None:
    mo = MONTHS[m.group("mon").lower().rstrip(".")]
    day = int(m.group("day"))
    if m.group("year"):
        d = _safe_date(int(m.group("year")), mo, day)
    else:
        d = _safe_date(p.year, mo, day)
        if d is not None and d > p and not future:
            d = _safe_date(p.year - 1, mo, day)
        elif d is not None and d < p and future:
            d = _safe_date(p.year + 1, mo, day)
    return (d, d, "day") if d else None


def _year(m: re.Match[str], p: dt.date, future: bool) -> tuple[dt.date, dt.date, str]:
    y = int(m.group("year"))
    if (m.group("since") or "").lower() == "since":
        return dt.date(y, 1, 1), p, "multi_year"
    return dt.date(y, 1, 1), dt.date(y, 12, 31), "year"


def _ago(m: re.Match[str], p: dt.date, future: bool) -> tuple[dt.date, dt.date, str]:
    raw = m.group("n").lower()
    n = int(raw) if raw.isdigit() else NUMBER_WORDS.get(raw, 1)
    unit = m.group("unit").lower().rstrip("s")
    if unit == "day":
        d = p - dt.timedelta(days=n)
        return d, d, "day"
    if unit == "week":
        start, end = _week(p - dt.timedelta(weeks=n))
        return start, end, "week"
    if unit == "month":
        start, end = _month(*_shift_months(p, -n))
        return start, end, "month"
    return dt.date(p.year - n, 1, 1), dt.date(p.year - n, 12, 31), "year"


RULES: list[tuple[re.Pattern[str], Rule]] = [
    (re.compile(rf"\b(?:on\s+|late\s+|early\s+)?(?:(?P<rel>last|next|this|past)\s+)?{WD}"
                r"(?:\s+(?:night|morning|afternoon|evening))?\b", re.I), _weekday),
    (re.compile(r"\b(?:yesterday|today|tomorrow|tonight|last night|this morning|this afternoon|"
                r"overnight|(?:in\s+)?the\s+past\s+24\s+hours)\b", re.I), _relative_day),
    (re.compile(r"\b(?:(?:earlier|later)\s+)?(?:over\s+the\s+|during\s+the\s+)?"
                r"(?P<rel>last|past|previous|this|next|coming)\s+(?P<unit>weekend|week|month|year)\b",
                re.I), _relative_period),
    (re.compile(r"\b(?:over|during)\s+the\s+(?P<rel>weekend)(?P<unit>)\b", re.I), None),  # type: ignore[list-item]
    (re.compile(rf"\b(?:on\s+)?{MON}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+{YEAR})?", re.I),
     _month_day),
    (re.compile(rf"\b(?P<day>[0-3]?\d)\s+{MON}(?:,?\s+{YEAR})?", re.I), _month_day),
    (re.compile(rf"\b(?:(?:in|since|during|until|by)\s+)?(?:(?:early|mid|late)[-\s])?{MON}"
                rf"(?:\s+(?:of\s+)?(?:{YEAR}|(?P<rel>last year)))?\b", re.I), _month_only),
    (re.compile(r"\b(?P<n>\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|several)\s+"
                r"(?P<unit>days?|weeks?|months?|years?)\s+ago\b", re.I), _ago),
    (re.compile(rf"\b(?:(?P<since>in|since|during|by)\s+)(?:(?:early|mid|late)[-\s])?{YEAR}\b", re.I),
     _year),
]
RULES = [(pat, rule) for pat, rule in RULES if rule is not None]
WEEKEND = re.compile(r"\b(?:(?:over|during)\s+the\s+weekend|(?:in|during|over)\s+an?\s+"
                     r"(?:\w+\s+)?weekend\s+of)\b", re.I)
TERM = re.compile(
    r"\b(?i:during|in|under|throughout)\s+(?:(?P<who>[A-Z][\w.]+(?:\s+[A-Z][\w.]+)?)['’]s\s+|(?i:his|her|the)\s+)?"
    r"(?:(?P<ord>first|second|1st|2nd)\s+)?(?:(?P<who2>[A-Z][\w]+(?:\s+[A-Z][\w]+)?)\s+)?"
    r"(?P<kind>term|administration|presidency|government|tenure)\b"
)


def _term(m: re.Match[str], sentence: str, default_holder: str | None,
          published: dt.date) -> tuple[dt.date, dt.date] | None:
    who = normalise(m.group("who") or m.group("who2") or "")
    ordinal = ORDINALS.get((m.group("ord") or "").lower())
    if not ordinal and m.group(0).lower().startswith("in "):
        return None  # "officials in the Trump administration" is membership, not time
    if not who and not ordinal:
        return None
    terms = load_kb().terms
    cands = [t for t in terms if any(n in who for n in t["names"])] if who else []
    if not cands:  # "his first term": the president named in the sentence, else Trump
        norm = normalise(sentence)
        cands = [t for t in terms if any(n in norm.split() or f" {n} " in f" {norm} "
                                         for n in t["names"])]
        if not cands and default_holder:
            cands = [t for t in terms if t["holder"] == default_holder]
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


def find_dates(sentence: str, offset: int, published: dt.date) -> list[Found]:
    """Every date expression in `sentence` (char offsets shifted by `offset`)."""
    found: list[Found] = []
    taken: list[tuple[int, int]] = []

    def add(s: int, e: int, begin: dt.date, finish: dt.date, precision: str) -> None:
        if any(s < te and ts < e for ts, te in taken):
            return
        taken.append((s, e))
        found.append(Found(s + offset, e + offset, begin, min(finish, dt.date.max), precision))

    for m in TERM.finditer(sentence):
        span = _term(m, sentence, "usa.president.trump", published)
        if span:
            add(m.start(), m.end(), span[0], span[1], "multi_year")
    for m in WEEKEND.finditer(sentence):
        sat = published - dt.timedelta(days=(published.weekday() - 5) % 7 or 7)
        add(m.start(), m.end(), sat, sat + dt.timedelta(days=1), "week")
    for pat, rule in RULES:
        for m in pat.finditer(sentence):
            if rule is _month_only and m.group("mon").lower() in ("may", "march") and \
                    not _month_context(sentence, m):
                continue
            future = bool(FUTURE.search(sentence[: m.start()])) or \
                (m.groupdict().get("rel") or "").lower() == "next"
            res = rule(m, published, future)
            if res:
                add(m.start(), m.end(), *res)
    return found


def _month_context(sentence: str, m: re.Match[str]) -> bool:
    """'may'/'march' are also a modal and a noun: need 'in May', a year, or a capital."""
    word = sentence[m.start("mon") : m.end("mon")]
    return word[:1].isupper() and (m.start("mon") > 0 or bool(m.group("year")))


def _date_ents(ctx: DocContext) -> list[tuple[int, int, str]]:
    """Short DATE entities with a digit or a month name, read once per document."""
    if "date_ents" not in ctx.scratch:
        ents = []
        for ent in ctx.doc.ents:
            low = ent.text.lower()
            if ent.label_ == "DATE" and len(low) <= 30 and (
                    any(ch.isdigit() for ch in low) or any(mo in low.split() for mo in MONTHS)):
                ents.append((ent.start_char, ent.end_char, ent.text))
        ctx.scratch["date_ents"] = ents
    return ctx.scratch["date_ents"]


def _fallback(ctx: DocContext, start: int, end: int, published: dt.date) -> list[Found]:
    """dateparser on short DATE entities our rules missed (cached per text)."""
    out = []
    for s, e, text in _date_ents(ctx):
        if start <= s and e <= end:
            d = _dateparse(text, published)
            if d is not None:
                out.append(Found(s, e, d, d, "day"))
    return out


_PARSED: dict[tuple[str, dt.date], dt.date | None] = {}


def _dateparse(text: str, published: dt.date) -> dt.date | None:
    key = (text, published)
    if key not in _PARSED:
        import dateparser

        base = dt.datetime.combine(published, dt.time(12))
        res = dateparser.parse(text, languages=["en"], settings={
            "RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "STRICT_PARSING": True})
        _PARSED[key] = res.date() if res else None
    return _PARSED[key]


def date_event(ctx: DocContext, ev: Event) -> None:
    published = ctx.published
    if published is None:
        return
    if isinstance(published, dt.datetime):  # a timestamp slipped in: keep the calendar day
        published = published.date()
    sentence = ctx.text[ev.sentence.start : ev.sentence.end]
    cache = ctx.scratch.setdefault("dates", {})
    key = (ev.sentence.start, ev.sentence.end)
    if key not in cache:
        cache[key] = find_dates(sentence, ev.sentence.start, published)
        if not cache[key] and ctx.doc is not None:
            cache[key] = _fallback(ctx, ev.sentence.start, ev.sentence.end, published)
    found: list[Found] = cache[key]
    if not found:
        ev.date = DateRef(start=published, end=published, precision="day", from_publication=True)
        if "date" not in ev.derived:
            ev.derived = [*ev.derived, "date"]
        return
    best = min(found, key=lambda f: abs(f.start - ev.trigger.start))
    text = ctx.text[best.start : best.end]
    end = None if best.finish == dt.date.max else best.finish
    ev.date = DateRef(text=text, span=Span(start=best.start, end=best.end, text=text),
                      start=best.begin, end=end, precision=best.precision)  # type: ignore[arg-type]


def resolve_text(sentence: str, published: dt.date) -> DateRef | None:
    """Resolve the first date in a bare sentence (for tests and the API)."""
    found = find_dates(sentence, 0, published)
    if not found:
        return None
    f = min(found, key=lambda x: x.start)
    end = None if f.finish == dt.date.max else f.finish
    text = sentence[f.start : f.end]
    return DateRef(text=text, span=Span(start=f.start, end=f.end, text=text),
                   start=f.begin, end=end, precision=f.precision)  # type: ignore[arg-type]


@component("resolve_dates", requires=("events",), assigns=("events.date",))
def make_resolve_dates(**_: Any) -> Any:
    load_kb()

    def resolve_dates(ctx: DocContext) -> None:
        for ev in ctx.events:
            if ev.date is None:
                date_event(ctx, ev)

    return resolve_dates
