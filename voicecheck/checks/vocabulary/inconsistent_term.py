"""VC103 inconsistent-term: one concept named two ways across the content.

What it does
    For each ``consistency`` group in the vocabulary (spellings of one
    concept that must not be mixed, such as ``[helpdesk, help desk, HelpDesk]``),
    counts how often each spelling appears across all checked files and flags
    every occurrence of the less common spellings, naming the dominant one.
    Unlike VC101 no spelling is banned up front: the content's own majority
    decides (proselint's *consistency* check works the same way).

Why
    Readers notice when the same screen says "help desk" and the email says
    "helpdesk"; search, translation memories and screen readers do too.

Bad
    Reply to this email to reach the help desk. (…and elsewhere: "Open the helpdesk")

Good
    Reply to this email to reach the helpdesk.

Note
    The counts cover the files checked in one run, so a pre-commit run over a
    few changed files judges against those files only.
"""
from __future__ import annotations

from collections import Counter

from voicecheck.checks.base import Annotated, CheckContext, make_finding

CODE = "VC103"


def check(items: list[Annotated], ctx: CheckContext):
    groups = ctx.vocab.consistency
    if not groups:
        return
    counts: dict[int, Counter] = {}
    for item in items:
        for m in item.spelling_matches:
            if m.spelling is not None:
                counts.setdefault(m.group, Counter())[m.spelling] += 1
    for item in items:
        doc = item.doc
        for m in item.spelling_matches:
            c = counts.get(m.group)
            if m.spelling is None or c is None or len(c) < 2:
                continue
            order = groups[m.group]
            top = max(c, key=lambda s: (c[s], -order.index(s)))
            if m.spelling == top:
                continue
            start = doc[m.start].idx
            end = doc[m.end - 1].idx + len(doc[m.end - 1].text)
            message = (f'"{m.spelling}" is used {c[m.spelling]}× but "{top}" {c[top]}× in the checked content; '
                       f'use "{top}" consistently')
            yield make_finding(item.segment, start, end, code=CODE, kind="vocabulary", severity="warning",
                               message=message, term=top)
