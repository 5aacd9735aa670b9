"""VC101 banned-term: a word or phrase the vocabulary says not to use.

What it does
    Flags every form listed in a term's ``instead_of`` (case-insensitive terms)
    in the readable text of a file, in any inflected form: plurals and
    possessives ("customers", "Customer's"), verb forms ("configured",
    "logging in" for "log in"), irregular forms ("salespeople"), and phrases
    split by inline markup, entities or template tags
    ("<strong>account</strong> holder", "time&nbsp;slot"). Occurrences inside
    one of the term's ``allow`` phrases are fine ("user name" when "user" is
    banned). Keys, markup, placeholders, URLs and code are never checked.

Why
    A shared vocabulary only works if every channel uses it: a welcome email
    that says "customer" while the app says "member" reads like two companies.

Bad
    Join more than a million users who train with Movara.

Good
    Join more than a million members who train with Movara.

Fix
    ``--fix`` writes the preferred term in the form and case pattern of the
    words it replaces ("Customers" → "Members", "logged in" → "signed in",
    "CUSTOMER" → "MEMBER"), a noun for a noun and a verb for a verb, and
    changes "a"/"an" with it. No fix is offered where the right form is not
    certain ("Login failed" with "sign in" preferred, "booked" with
    "appointment" preferred), inside identifier-like words
    (``mail-primary-server``, ``X-Customer-Id``), code spans or another
    term's ``allow`` phrase, or where the words carry markup.
"""
from __future__ import annotations

from voicecheck.checks.base import Annotated, CheckContext
from voicecheck.checks.vocabulary._common import matched_text, term_finding

CODE = "VC101"


def check(items: list[Annotated], ctx: CheckContext):
    for item in items:
        for m in item.term_matches:
            if m.allowed or m.term.case_sensitive:
                continue
            why = f" ({m.term.why})" if m.term.why else ""
            message = f'Use "{m.use or m.term.use}" instead of "{matched_text(item, m)}"{why}'
            yield term_finding(item, m, code=CODE, severity="error", message=message)
