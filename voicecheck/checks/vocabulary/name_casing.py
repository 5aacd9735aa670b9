"""VC102 name-casing: a product or brand name with the wrong casing or form.

What it does
    For terms marked ``case_sensitive: true`` (product and brand names), flags
    each listed wrong spelling exactly as written ("movara", "MoVara",
    "Movara Premium"), with plural and possessive endings. The correct casing
    and other casings not listed are left alone. ``allow`` phrases such as a
    bare domain ("movara.app") are exempt.

Why
    Names are the most visible part of a brand; "Autoplan" in one email and
    "AutoPlan" in the app look careless and confuse search and support.

Bad
    Your Autoplan for this week is ready.

Good
    Your AutoPlan for this week is ready.

Fix
    ``--fix`` writes the name as the vocabulary spells it.
"""
from __future__ import annotations

from voicecheck.checks.base import Annotated, CheckContext
from voicecheck.checks.vocabulary._common import matched_text, term_finding

CODE = "VC102"


def check(items: list[Annotated], ctx: CheckContext):
    for item in items:
        for m in item.term_matches:
            if m.allowed or not m.term.case_sensitive:
                continue
            why = f" ({m.term.why})" if m.term.why else ""
            message = f'Write "{m.use or m.term.use}", not "{matched_text(item, m)}"{why}'
            yield term_finding(item, m, code=CODE, severity="error", message=message)
