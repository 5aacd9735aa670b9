"""VC303 fact-drift: the same fact stated with different values in different places.

What it does
    Reads every value the content states (durations, prices, sizes,
    percentages, counts, availability windows) with the promise engine's claim
    readers (spaCy's parse), groups the statements that are about the same
    fact (same kind of value, a shared word in what the parse says each value
    is about, close in embedding space) and reports each statement of a group
    that holds more than one value, naming the other values and where they
    are. No promise is needed.

Why
    The welcome email says "14-day trial", the upgrade screen says "30-day
    free trial". Each string passed review on its own; together they tell the
    customer two stories, and support has to pick one.

Bad
    emails/welcome.html: "Your 14-day trial starts today."
    locales/en.json:     "Start your 30-day free trial"

Good
    Both say 14 days (or one of them says nothing about the length).

Notes
    Countdowns ("3 days left"), hypotheticals ("if you cancel within 14
    days"), add-on prices, amounts said without a number ("a few days") and
    two values of one kind in one sentence are not compared.
    Runs with the promise checks (when the vocabulary has promises), since it
    needs the embedding model. Severity warning.
"""
from __future__ import annotations

from voicecheck.checks.base import make_finding

CODE = "VC303"


def check(groups):
    for group in groups:
        for s in group.statements:
            others = [(o.location(), o.value) for o in group.statements if o is not s and o.norm != s.norm]
            if not others:
                others_same = False
                others = [(o.location(), o.value) for o in group.statements if o is not s]
            else:
                others_same = True
            listed = "; ".join(f"{v} at {loc['path']}:{loc['line']}" for loc, v in others[:4])
            more = f" and {len(others) - 4} more" if len(others) > 4 else ""
            if others_same:
                message = f'Fact drift ({group.fact}): "{s.value}" here, but {listed}{more}'
            else:
                message = (f'Fact drift ({group.fact}): "{s.value}" agrees with {listed}{more}, '
                           f"but other places say {', '.join(v for v in group.distinct if v != s.value)}")
            evidence = (("fact", group.fact), ("value", s.value)) + tuple(
                ("elsewhere", f"{loc['path']}:{loc['line']}: {v}") for loc, v in others[:8])
            yield make_finding(s.segment, s.start, s.end, code=CODE, kind="drift", severity="warning",
                               message=message, evidence=evidence)
