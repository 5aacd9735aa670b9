"""Claims: what a promise or a passage asserts, read from spaCy's parse.

One reader per kind of claim, each a small module with its own word lists
(``data/*.yaml``) and tests:

=================  ==========================================================
``quantities``     numbers with units, bounds and periods ("within 24 hours")
``schedules``      availability windows ("24/7", "Mon-Fri 9am-5pm")
``cost``           free or charged ("no cancellation fees", "a $6.99 charge")
``requirements``   required or not ("no card required", "add a payment card")
``channels``       channels and agents ("by email only", "a real person")
``polarity``       antonym axes and plain predicates with their negation
``modality``       hedges attached to any claim ("may", "subject to approval")
``scope``          universal and restrictive marks ("every plan", "first month")
``assertion``      headings, labels and questions assert nothing
=================  ==========================================================

:func:`read_many` parses texts in one batch with spaCy's trained English
pipeline (:func:`voicecheck.nlp.models.get_parser`) and returns a
:class:`Reading` per text.
"""
from __future__ import annotations

import re

from voicecheck.promises.claims import (assertion, channels, cost, modality, polarity, presence, quantities,
                                        requirements, schedules, scope)
from voicecheck.promises.claims.base import (Claim, Hedge, Reading, ScopeMark, Sent, Span, clause_chain,
                                             clause_of, conditional, frame_keys, is_instance, subject_of)

__all__ = ["Claim", "Hedge", "Reading", "ScopeMark", "Span", "read", "read_many", "read_doc"]

READERS = (quantities, schedules, cost, requirements, presence, channels, polarity)

_NO_X_NO_PROBLEM = re.compile(r"\bno ([a-z][\w' -]{0,40}?)\s*\?\s*(?:no problem|no worries|not a problem|that'?s (?:fine|ok(?:ay)?))",
                              re.I)
_cache: dict[tuple[str, bool], Reading] = {}


def read(text: str, promise: bool = False) -> Reading:
    return read_many([text], promise)[0]


def read_many(texts: list[str], promise: bool = False) -> list[Reading]:
    """A :class:`Reading` per text, parsed in one batch (cached per process).
    ``promise``: the texts are promises (a question in them sets up a claim)."""
    todo = [t for t in dict.fromkeys(texts) if (t, promise) not in _cache]
    if todo:
        from voicecheck.nlp.models import get_parser

        nlp = get_parser()
        for text, doc in zip(todo, nlp.pipe(todo, batch_size=128)):
            _cache[(text, promise)] = read_doc(doc, promise)
    return [_cache[(t, promise)] for t in texts]


def read_doc(doc, promise: bool = False) -> Reading:
    """Every claim of a parsed text (a spaCy ``Doc``)."""
    reading = Reading(doc.text)
    reasons = []
    for s in doc.sents:
        sent = Sent(s, s.start_char)
        asserts, why = assertion.status(sent, promise)
        if not asserts:
            reasons.append(why)
            continue
        is_request = assertion.request(sent)
        for reader in READERS:
            found = reader.read(sent, request=is_request, promise=promise) if reader is requirements else reader.read(sent)
            reading.claims += [_situate(sent, c) for c in found]
    reading.claims += _idioms(doc)
    if not reading.claims and reasons and len(reasons) == len(list(doc.sents)):
        reading.asserts, reading.why_not = False, reasons[0]
    return reading


def _situate(sent: Sent, claim: Claim) -> Claim:
    """Attach hedge, scope, condition and instance marks from the claim's clause."""
    tok = sent.token_at(max(0, claim.span.start - sent.offset))
    head = clause_of(tok)
    hedge = modality.hedge_of(sent, head)
    if hedge is None and head.dep_ in ("xcomp", "ccomp", "acl", "relcl") and head.head != head:
        hedge = modality.hedge_of(sent, clause_of(head.head))  # "links may be throttled", "can't promise to ..."
    marks = scope.scope_of(sent, head)
    chain = clause_chain(tok)
    for parent in chain[1:]:
        # "Upgrade to Plus to encrypt your files": the parent's restriction holds for the purpose clause
        marks += tuple(m for m in scope.scope_of(sent, parent) if m.restrictive and m not in marks)
    hypothetical, condition = False, ""
    for h in chain:
        hyp, cond = conditional(h)
        hypothetical = hypothetical or hyp
        condition = condition or cond
    if condition and hedge is None:
        hedge = modality.hedge_in(condition)  # "If approved, your data is deleted": only if someone approves
    instance = claim.instance or is_instance([t for t in head.subtree])
    frame = frame_keys(chain[-1])
    subject = subject_of(head) or subject_of(chain[-1])
    return claim.with_(hedge=hedge, scope=marks, hypothetical=hypothetical, condition=condition, instance=instance,
                       frame=frame, subject=subject)


def _idioms(doc) -> list[Claim]:
    """Claims that span sentences: "No receipt? No problem." (the receipt is not required)."""
    out = []
    for m in _NO_X_NO_PROBLEM.finditer(doc.text):
        whole = Sent(doc[:], 0)
        a, b = m.start(1), m.end(1)
        tok = whole.token_at(b - 1)
        span = whole.char_span(m.start(), m.end())
        about = m.group(1).strip()
        out.append(Claim(requirements.KIND, requirements.Need(False, span.text), about,
                         frozenset({tok.lemma_.lower()}), about, span, how=f"'No {about}? No problem.'"))
    return out
