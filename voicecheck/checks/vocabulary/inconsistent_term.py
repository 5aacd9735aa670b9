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

import dataclasses
from collections import Counter

from voicecheck.checks.base import Annotated, CheckContext, make_finding

CODE = "VC103"


def check(items: list[Annotated], ctx: CheckContext):
    groups = ctx.vocab.consistency
    if not groups:
        return
    found = list(occurrences(items))
    yield from worded(found, count(found), groups)


def occurrences(items: list[Annotated]):
    """``(group, spelling, finding)`` for each listed spelling found in ``items``: the finding
    at its span, its message and term left empty until every checked file is counted
    (:func:`worded`). The engine collects them file by file."""
    for item in items:
        doc = item.doc
        for m in item.spelling_matches:
            if m.spelling is None:
                continue
            start = doc[m.start].idx
            end = doc[m.end - 1].idx + len(doc[m.end - 1].text)
            yield m.group, m.spelling, make_finding(item.segment, start, end, code=CODE, kind="vocabulary",
                                                    severity="warning", message="")


def count(found) -> dict[int, Counter]:
    """How often each spelling of each group occurs in ``found`` (:func:`occurrences`)."""
    counts: dict[int, Counter] = {}
    for group, spelling, _ in found:
        counts.setdefault(group, Counter())[spelling] += 1
    return counts


def worded(found, counts: dict[int, Counter], groups: tuple[tuple[str, ...], ...]):
    """The findings among ``found``: every occurrence of a spelling less common than its group's
    most common one in ``counts`` (the whole run's), naming both counts."""
    for group, spelling, finding in found:
        c = counts.get(group)
        if c is None or len(c) < 2:
            continue
        order = groups[group]
        top = max(c, key=lambda s: (c[s], -order.index(s)))
        if spelling == top:
            continue
        message = (f'"{spelling}" is used {c[spelling]}× but "{top}" {c[top]}× in the checked content; '
                   f'use "{top}" consistently')
        yield dataclasses.replace(finding, message=message, term=top)
