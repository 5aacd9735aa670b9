"""Suggested rewrites for promise conflicts whose conflict is a value.

A promise finding (VC301) carries evidence entries whose detail reads
``promise: <promise phrase>; passage: <passage phrase>`` (``this passage:`` is
read too, and quotes around the phrases are dropped). When both phrases hold
exactly one value of the same kind, the suggestion is the passage phrase with
its value replaced by the promise's:

* an amount of money (``$15 a month`` → ``$12 a month``),
* a duration or a percentage (``14-day free trial`` → ``30-day free trial``,
  written in the passage's form: ``30 days`` becomes ``30-day`` where the
  passage says ``14-day``; ``within 3 business days`` → ``within 4 hours``),
* a schedule (``Mon–Fri 9–5`` → ``24/7``; ``business hours only (Monday to
  Friday, 9am to 5pm)`` → ``7 days a week``).

Anything less clear (no value on one side, several values, values of different
kinds, the same value) suggests nothing. The suggestion is shown to the writer
on the review pages and is never applied by ``--fix``: it is not a
:class:`~voicecheck.findings.Fix`, and nothing but the review pages reads it.
Built from the finding alone (its evidence text), so it does not depend on how
the promise engine reached its verdict.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from voicecheck.findings import Finding

_EVIDENCE = re.compile(r"^\s*promise\s*:\s*(?P<promise>.+?)\s*;\s*(?:this\s+)?passage\s*:\s*(?P<passage>.+?)\s*$",
                       re.I | re.S)
_QUOTES = "\"'“”‘’«»"

_DAY = (r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?"
        r"|sun(?:day)?)\.?")
_DASH = r"\s*(?:-|–|—|to|through|thru|until|till)\s*"
_CLOCK = r"\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)"
_HOUR = r"\d{1,2}(?:[:.]\d{2})?"
_ZONE = r"(?:\s*(?:[ECMP][SD]?T|UTC|GMT|CES?T|BST|AEST))?"
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty-five": 45, "sixty": 60, "ninety": 90,
}
_NUM = r"(?:\d+(?:[.,]\d+)?|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")"
_UNIT = r"(?:minute|min|hour|hr|day|night|week|month|year)"
_QUALIFIER = r"(?:(?:business|working|calendar|full|whole)\s+)?"

#: Schedules: read before durations, so "7 days a week" is a schedule, not "7 days".
_SCHEDULE_PARTS = [
    r"24\s*/\s*7(?:\s*/\s*365)?", r"24\s*x\s*7", r"24\s*hours\s+a\s+day", r"(?:around|round)\s+the\s+clock",
    r"(?:\d|seven|six|five)\s+days\s+a\s+week", r"every\s+day(?:\s+of\s+the\s+week)?", r"weekdays(?:\s+only)?",
    r"weekends?", r"(?:during\s+)?(?:business|office|opening|working)\s+hours(?:\s+only)?",
    _DAY + r"(?:" + _DASH + _DAY + r")?",
    _CLOCK + _DASH + r"(?:" + _CLOCK + r"|" + _HOUR + r")" + _ZONE, _HOUR + _DASH + _CLOCK + _ZONE,
]
_SCHEDULE = re.compile(r"(?<![\w/])(?:" + "|".join(_SCHEDULE_PARTS) + r")(?![\w/])", re.I)
#: "Mon–Fri 9–5": bare hours are a schedule only right after days.
_BARE_HOURS = re.compile(r"^\s*,?\s*(" + _HOUR + _DASH + _HOUR + r")(?![\w/%])", re.I)
_GLUE = re.compile(r"^[\s,;:()/&]*(?:and|from|between|only|on|at|,|\s|\(|\))*[\s,;:()/&]*$", re.I)

_MONEY = re.compile(
    r"(?<![\w$€£¥])(?:[$€£¥]\s?\d[\d,]*(?:\.\d+)?|\d[\d,]*(?:\.\d+)?\s?(?:usd|eur|gbp|dollars?|euros?|pounds?)\b)"
    r"(?:\s*(?:a|an|per|/|each)\s*(?:month|mo|year|yr|week|day|order|delivery))?", re.I)
_DURATION = re.compile(r"(?<![\w.,$€£])(?P<num>" + _NUM + r")(?:(?P<hy>-)(?P<hyunit>" + _QUALIFIER.replace(r"\s+", "-")
                       + _UNIT + r")|\s+(?P<unit>" + _QUALIFIER + _UNIT + r")s?)(?![\w-])", re.I)
_PERCENT = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?\s?%|(?<![\w.])\d+(?:[.,]\d+)?\s+percent\b", re.I)


@dataclass(frozen=True)
class Value:
    kind: str  # money | duration | percent | schedule
    start: int
    end: int
    text: str
    number: str | None = None  # durations: the number as written
    unit: str | None = None  # durations: the unit, singular, qualifier included ("business day")
    hyphenated: bool = False  # durations: written "14-day"


@dataclass(frozen=True)
class Rewrite:
    """Say ``after`` instead of ``before`` (phrases from the finding's evidence)."""

    before: str
    after: str
    value_before: str
    value_after: str
    kind: str

    def to_dict(self) -> dict:
        return {"before": self.before, "after": self.after, "from": self.value_before, "to": self.value_after,
                "kind": self.kind}


def _strip(phrase: str) -> str:
    phrase = " ".join(phrase.split())
    while len(phrase) >= 2 and phrase[0] in _QUOTES and phrase[-1] in _QUOTES:
        phrase = phrase[1:-1].strip()
    return phrase


def _schedules(text: str) -> list[Value]:
    """Schedule expressions, runs of them joined by commas, "and" or parentheses taken as one."""
    found: list[tuple[int, int]] = []
    for m in _SCHEDULE.finditer(text):
        start, end = m.span()
        if re.fullmatch(_DAY + r"(?:" + _DASH + _DAY + r")?", m.group(), re.I):
            bare = _BARE_HOURS.match(text[end:])
            if bare:
                end += bare.end()
            elif not re.search(_DASH, m.group()) and len(m.group()) < 4 and not m.group()[0].isupper():
                continue  # "sun", "wed" in running text: not a day
        found.append((start, end))
    runs: list[list[int]] = []
    for start, end in found:
        if runs and _GLUE.match(text[runs[-1][1]:start]):
            runs[-1][1] = end
        else:
            runs.append([start, end])
    out = []
    for start, end in runs:
        # a run that opened a parenthesis and stops at its close takes it along
        if text.count("(", start, end) > text.count(")", start, end) and text[end:end + 1] == ")":
            end += 1
        out.append(Value("schedule", start, end, text[start:end]))
    return out


def values(text: str) -> list[Value]:
    """The values of a phrase, in order: schedules first, then money, percentages, durations."""
    taken: list[Value] = _schedules(text)

    def free(s: int, e: int) -> bool:
        return all(e <= v.start or s >= v.end for v in taken)

    for m in _MONEY.finditer(text):
        if free(*m.span()):
            taken.append(Value("money", m.start(), m.end(), m.group()))
    for m in _PERCENT.finditer(text):
        if free(*m.span()):
            taken.append(Value("percent", m.start(), m.end(), m.group()))
    for m in _DURATION.finditer(text):
        if not free(*m.span()):
            continue
        unit = (m.group("hyunit") or m.group("unit")).replace("-", " ").lower()
        taken.append(Value("duration", m.start(), m.end(), m.group(), number=m.group("num"),
                           unit=" ".join(unit.split()), hyphenated=bool(m.group("hy"))))
    return sorted(taken, key=lambda v: v.start)


def _number(text: str) -> float | None:
    word = text.lower()
    if word in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[word])
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def _same(a: Value, b: Value) -> bool:
    if a.kind == "duration":
        return _number(a.number or "") == _number(b.number or "") and a.unit == b.unit
    return " ".join(a.text.lower().split()) == " ".join(b.text.lower().split())


def _in_form(promised: Value, written: Value) -> str:
    """The promised value written the way the passage writes its value."""
    if promised.kind != "duration":
        return promised.text
    number, unit = promised.number or "", promised.unit or ""
    if written.hyphenated:  # "a 30-day trial"
        return f"{number}-{unit.replace(' ', '-')}"
    if promised.hyphenated:  # the promise says "30-day", the passage "14 days"
        plural = _number(number) != 1
        return f"{number} {unit}{'s' if plural else ''}"
    return promised.text


def _rewrite(promise_phrase: str, passage_phrase: str) -> Rewrite | None:
    promised, written = values(promise_phrase), values(passage_phrase)
    if len(promised) != 1 or len(written) != 1:
        return None
    p, w = promised[0], written[0]
    if p.kind != w.kind or _same(p, w):
        return None
    new_value = _in_form(p, w)
    after = passage_phrase[:w.start] + new_value + passage_phrase[w.end:]
    return Rewrite(passage_phrase, " ".join(after.split()), w.text, new_value, w.kind)


def evidence_phrases(finding: Finding) -> list[tuple[str, str]]:
    """(promise phrase, passage phrase) of each evidence entry that has both."""
    out = []
    for _facet, detail in finding.evidence:
        m = _EVIDENCE.match(detail or "")
        if m:
            promise, passage = _strip(m.group("promise")), _strip(m.group("passage"))
            if promise and passage:
                out.append((promise, passage))
    return out


def suggest(finding: Finding) -> Rewrite | None:
    """The rewrite a promise conflict suggests, or None when nothing clear can be said."""
    if finding.kind != "contradiction":
        return None
    found: list[Rewrite] = []
    for promise, passage in evidence_phrases(finding):
        rewrite = _rewrite(promise, passage)
        if rewrite is not None and all(r.after != rewrite.after or r.before != rewrite.before for r in found):
            found.append(rewrite)
    return found[0] if len(found) == 1 else None


def apply(sentence: str, rewrite: Rewrite) -> tuple[str, str, str] | None:
    """``(before, replaced, after)`` of ``sentence`` with the rewrite applied, when the
    passage phrase occurs in it exactly once; None otherwise."""
    phrase = rewrite.before
    at = sentence.find(phrase)
    if at < 0 or sentence.find(phrase, at + 1) >= 0:
        return None
    end = at + len(phrase)
    if phrase.count("(") > phrase.count(")") and sentence[end:end + 1] == ")":
        end += 1  # the evidence stopped before the closing parenthesis
    replaced = rewrite.after
    if replaced.count("(") > replaced.count(")"):
        replaced = replaced + ")" if end > at + len(phrase) else replaced
    return sentence[:at], replaced, sentence[end:]
