"""Schedules: when something is available.

"24/7", "around the clock", "seven days a week", "Monday to Friday, 9am to
5pm", "weekdays", "business hours", "on Saturdays", "Wednesday afternoons",
and their negative forms ("closed on Sundays", "take weekends off",
"weekends are excluded"). Day and hour mentions in one clause make one
window; the clause's subject and verb say what the window is for. Lists:
``data/schedules.yaml``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from voicecheck.promises.claims import lexicon
from voicecheck.promises.claims.base import Claim, Sent, attribute, clause_of, mask, negation_of

KIND = "schedule"
ALL_DAYS = frozenset(range(7))
_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

_TIME = r"(?:(?:[01]?\d|2[0-4])(?:[:.][0-5]\d)?\s?(?:a\.?m\.?|p\.?m\.?)|(?:[01]?\d|2[0-4]):[0-5]\d|noon|midnight)"
_TIME_RANGE = re.compile(rf"(?<![\w:])(?:from\s+)?({_TIME}|(?:[01]?\d|2[0-4]))\s*(?:to|-|–|—|until|till|through)\s*({_TIME})",
                         re.I)
_DAY = (r"(mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?"
        r"|sun(?:day)?)s?\.?")
_DAY_RANGE = re.compile(rf"\b(?:from\s+)?{_DAY}\s*(?:to|-|–|—|through|thru|until|till)\s*{_DAY}(?![a-z])", re.I)
_ONE_DAY = re.compile(rf"\b{_DAY}(?![a-z])", re.I)


@dataclass(frozen=True)
class Window:
    """Days (0 = Monday; None when not said) and hours ((start, end) in
    24-hour decimal hours; None for all day). ``off`` turns it around: the
    time something is *not* available."""

    days: frozenset[int] | None
    hours: tuple[float, float] | None
    always: bool = False
    off: bool = False
    text: str = ""

    def cells(self) -> frozenset[tuple[int, int]]:
        """The (day, hour) cells of a week the window covers."""
        days = ALL_DAYS if self.days is None else self.days
        if self.hours is None:
            hours = range(24)
        else:
            a, b = self.hours
            b = b if b > a else b + 24
            hours = [h % 24 for h in range(int(a), int(round(b)))]
        cells = frozenset((d, h) for d in days for h in hours)
        if self.off:
            return frozenset((d, h) for d in range(7) for h in range(24)) - cells
        return cells

    def label(self) -> str:
        if self.always:
            return "24/7"
        parts = []
        if self.days is not None:
            parts.append(_days_label(self.days))
        if self.hours is not None:
            parts.append(f"{_hour(self.hours[0])}-{_hour(self.hours[1])}")
        text = " ".join(parts) or self.text
        return f"not {text}" if self.off else text


def read(sent: Sent) -> list[Claim]:
    mentions = _mentions(sent)
    if not mentions:
        return []
    by_clause: dict[int, list] = {}
    heads = {}
    prev, head = None, None
    for m in mentions:
        if prev is None or not _joined(sent, prev, m):
            head = clause_of(sent.token_at(m["start"]))
        by_clause.setdefault(head.i, []).append(m)
        heads[head.i] = head
        prev = m
    out = []
    for i, group in by_clause.items():
        head = heads[i]
        days = None
        hours = None
        always = False
        strong = False
        for m in group:
            if m.get("always"):
                always = True
            if m.get("days") is not None:
                days = m["days"] if days is None else days | m["days"]
            if m.get("hours") is not None:
                hours = m["hours"]
            strong = strong or m.get("strong", False)
        if always and days is None and hours is None:
            window_days, window_hours = ALL_DAYS, None
        else:
            window_days, window_hours = days, hours
            if always and hours is None:
                window_hours = None
        if not strong and not _service_clause(sent, head):
            continue
        off = _off(sent, head, group)
        a = min(m["start"] for m in group)
        b = max(m["end"] for m in group)
        span = sent.char_span(a, b)
        window = Window(window_days, window_hours, always and not off and days in (None, ALL_DAYS) and hours is None,
                        off, span.text)
        exclude = {t.i for t in sent.tokens if a <= t.idx - sent.start_char < b}
        about, keys = attribute(_about_anchor(head, exclude), exclude)
        out.append(Claim(KIND, window, about, keys, mask(sent, head, [(a, b)]), span,
                         how=f"{span.text!r}: {window.label()}"))
    return out


def _mentions(sent: Sent) -> list[dict]:
    """Day and hour mentions: [{start, end, days?, hours?, always?, strong?}] (sentence offsets)."""
    text = sent.text
    taken: list[tuple[int, int]] = []
    out = []

    def free(a, b):
        return not any(a < e and s < b for s, e in taken)

    def add(a, b, **kw):
        if text[b - 1:b] == "." and not re.search(r"(?:[ap]\.m|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.$",
                                                   text[a:b], re.I):
            b -= 1  # the sentence's full stop, not part of "5pm"
        taken.append((a, b))
        out.append({"start": a, "end": b, **kw})

    for a, b, phrase in sent.find(lexicon.words("schedules", "always")):
        # "cancel any time" says when you may act: a schedule of that act
        add(a, b, always=True, strong=True)
    day_sets = lexicon.mapping("schedules", "day_sets")
    for a, b, phrase in sent.find(day_sets):
        if re.search(r"(\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|few|several|couple of)|"
                     r"\b(?:within|in|takes?|for|after) an?)\s*$",
                     sent.lower[max(0, a - 14):a]) and not phrase.endswith(("a week", "a year")):
            continue  # "within three working days": a length of time, not a schedule
        if free(a, b):
            add(a, b, days=frozenset(day_sets[" ".join(phrase.split())]), strong=True)
    for m in _DAY_RANGE.finditer(text):
        if free(m.start(), m.end()):
            d1, d2 = _day(m.group(1)), _day(m.group(2))
            days = frozenset((d1 + k) % 7 for k in range(((d2 - d1) % 7) + 1))
            add(m.start(), m.end(), days=days, strong=True)
    singles = []
    for m in _ONE_DAY.finditer(text):
        if not free(m.start(), m.end()):
            continue
        word = m.group(0)
        if word[0].islower() and len(word) <= 4:
            continue  # "sat", "wed" as words
        if word.lower().rstrip(".") in ("mon", "sun", "sat", "wed") and not word[0].isupper():
            continue
        tok = sent.token_at(m.start())
        if tok.pos_ not in ("PROPN", "NOUN") and tok.ent_type_ != "DATE":
            continue
        singles.append((m.start(), m.end(), _day(m.group(1)), word.rstrip(".").lower().endswith("s")))
    if singles:
        days = frozenset(d for _, _, d, _ in singles)
        plural = any(p for *_, p in singles)
        every = any(sent.lower[max(0, a - 10):a].strip().endswith(("every", "each", "on")) for a, *_ in singles)
        for a, b, d, p in singles:
            add(a, b, days=frozenset({d}), strong=plural or (every and len(days) > 1))
    hour_sets = lexicon.mapping("schedules", "hour_sets")
    for m in _TIME_RANGE.finditer(text):
        if free(m.start(), m.end()):
            h1, h2 = _parse_time(m.group(1), m.group(2)), _parse_time(m.group(2))
            if h1 is not None and h2 is not None:
                add(m.start(), m.end(), hours=(h1, h2 if h2 > h1 else h2 + (12 if h2 < 12 and h2 + 12 > h1 else 24)),
                    strong=True)
    for a, b, phrase in sent.find(hour_sets):
        if free(a, b):
            lo, hi = hour_sets[" ".join(phrase.split())]
            plural = phrase.endswith("s") or phrase in ("business hours", "office hours", "working hours")
            closed = re.search(r"\b(closed|off|shut|unavailable|offline)\b", sent.lower[max(0, a - 25):a])
            add(a, b, hours=(float(lo), float(hi)), strong=plural or bool(closed))
    return sorted(out, key=lambda m: m["start"])


def _joined(sent: Sent, a: dict, b: dict) -> bool:
    """Are days and hours written side by side ("Monday to Friday, 9am to 6pm")?
    They are one window even where the parse puts them in two clauses."""
    parts = {"days" if m.get("days") is not None else "hours" if m.get("hours") is not None else "" for m in (a, b)}
    return parts == {"days", "hours"} and bool(re.fullmatch(r"[\s,;:–—-]*(?:from|between)?\s*",
                                                            sent.text[a["end"]:b["start"]], re.I))


def _service_clause(sent: Sent, head) -> bool:
    """Is the clause about being open, staffed or served (a schedule), not an
    event that happens on a day ("busiest on Monday mornings")?"""
    words = lexicon.words("schedules", "service_words")
    toks = [head] + [c for c in head.children] + [s for s in head.subtree][:40]
    return any(t.lemma_.lower() in words or t.lower_ in words for t in toks)


def _off(sent: Sent, head, group) -> bool:
    """Is the window when it is *not* available ("closed on Sundays", "weekends off", "no weekend service")?"""
    neg, _ = negation_of(head)
    lo = min(m["start"] for m in group)
    hi = max(m["end"] for m in group)
    window = sent.lower[max(0, lo - 30):min(len(sent.lower), hi + 20)]
    if re.search(r"\b(off|offline|closed|close|shut|except|excluding|excluded|exclude|unavailable|not available|outside|"
                 r"other than|no service|not on|not at)\b", window):
        return True
    for t in sent.tokens:
        if lo <= t.idx - sent.start_char < hi and t.dep_ in ("det",) and t.lower_ == "no":
            return True
    prev = sent.lower[max(0, lo - 8):lo]
    if re.search(r"\bno\s*$", prev):
        return True
    return neg


def _about_anchor(head, exclude):
    t = head
    for _ in range(6):
        if t.i in exclude and t.head != t:
            t = t.head
            continue
        break
    return t


def _day(word: str) -> int:
    w = word.lower().rstrip(".")
    table = lexicon.mapping("schedules", "days")
    for k in (w, w[:4], w[:3]):
        if k in table:
            return int(table[k])
    return 0


def _parse_time(s: str, other: str | None = None) -> float | None:
    s = s.strip().lower().replace(" ", "")
    if s == "noon":
        return 12.0
    if s == "midnight":
        return 24.0
    m = re.match(r"^(\d{1,2})(?:[:.](\d{2}))?(a\.?m\.?|p\.?m\.?)?$", s)
    if not m:
        return None
    h = int(m.group(1)) + (int(m.group(2)) / 60 if m.group(2) else 0.0)
    suffix = m.group(3) or ""
    if not suffix and other:
        o = other.strip().lower()
        if "p" in o and h < 12 and not ("a" in o):
            # "9 to 5pm": the first is morning unless it is after the second
            om = re.match(r"^(\d{1,2})", o)
            if om and int(om.group(1)) + 12 < h + 12 and h < int(om.group(1)):
                h += 12
    if suffix.startswith("p") and h < 12:
        h += 12
    if suffix.startswith("a") and h >= 12:
        h -= 12
    return h


def _hour(h: float) -> str:
    h = h % 24 if h != 24 else 24
    whole = int(h)
    minutes = int(round((h - whole) * 60))
    suffix = "am" if whole < 12 or whole == 24 else "pm"
    shown = whole % 12 or 12
    return f"{shown}{':%02d' % minutes if minutes else ''}{suffix}" if h not in (12, 24) else ("noon" if h == 12 else "midnight")


def _days_label(days: frozenset[int]) -> str:
    if days == ALL_DAYS:
        return "every day"
    if days == frozenset(range(5)):
        return "Mon-Fri"
    if days == frozenset({5, 6}):
        return "weekends"
    ordered = sorted(days)
    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{_DAY_NAMES[ordered[0]]}-{_DAY_NAMES[ordered[-1]]}"
    return ", ".join(_DAY_NAMES[d] for d in ordered)


# --------------------------------------------------------------------------
# Comparison
# --------------------------------------------------------------------------

def conflict(p: Window, x: Window) -> float:
    """How strongly passage window ``x`` contradicts promise window ``p``: it
    leaves out time the promise covers (weekdays only against 24/7; closed on
    Sundays against every day)."""
    pc, xc = p.cells(), x.cells()
    if not pc or not xc:
        return 0.0
    if x.days is None and x.hours is None and not x.off and not x.always:
        return 0.0
    if p.days is None and p.hours is None and not p.always:
        return 0.0
    missing = pc - xc
    if not missing:
        return 0.0
    share = len(missing) / len(pc)
    return 0.85 if share >= 0.1 else 0.6


def agrees(p: Window, x: Window) -> bool:
    return p.cells() == x.cells()
