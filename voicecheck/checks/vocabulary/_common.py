"""Shared by the vocabulary rules: the finding for one term match, with a fix
when the replacement is unambiguous."""
from __future__ import annotations

from voicecheck.checks.base import Annotated, make_finding, verbatim
from voicecheck.findings import Finding, Fix
from voicecheck.nlp.matchers import TermMatch


def plural(phrase: str) -> str:
    """Regular English plural of a phrase's last word (coach -> coaches, delivery -> deliveries)."""
    low = phrase.lower()
    if low.endswith(("s", "x", "z", "ch", "sh")):
        return phrase + "es"
    if len(low) > 1 and low.endswith("y") and low[-2] not in "aeiou":
        return phrase[:-1] + "ies"
    return phrase + "s"


def replacement(term, form: str, matched: str) -> str | None:
    """The preferred term spelled to fit the matched text, or None when that
    is ambiguous (verb forms, irregular plurals, phrases that changed shape)."""
    use = term.use
    if term.case_sensitive:
        return use if matched == form else None
    low, flow = matched.lower(), form.lower()
    if low == flow:
        out = use
    elif low in (flow + "s", flow + "es") and not use.endswith("s"):
        out = plural(use)
    else:
        return None
    if matched[:1].isupper() and out[:1].islower():
        out = out[:1].upper() + out[1:]
    if matched.isupper() and len(matched) > 1 and out.islower():
        out = out.upper()
    return out


def term_finding(item: Annotated, match: TermMatch, *, code: str, severity: str, message: str) -> Finding:
    doc = item.doc
    start = doc[match.start].idx
    end = doc[match.end - 1].idx + len(doc[match.end - 1].text)
    fix = None
    raw = verbatim(item.segment, start, end)
    if raw is not None:
        rep = replacement(match.term, match.form, raw)
        if rep is not None and rep != raw:
            span = item.segment.source_span(start, end)
            fix = Fix(span.start, span.end, rep)
    return make_finding(item.segment, start, end, code=code, kind="vocabulary",
                        severity=match.term.severity or severity, message=message, term=match.term.use, fix=fix)


def matched_text(item: Annotated, match: TermMatch) -> str:
    return item.doc[match.start:match.end].text
