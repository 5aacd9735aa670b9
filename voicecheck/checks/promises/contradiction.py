"""VC301 promise-contradiction: a passage that contradicts a pre-sale promise.

What it does
    Links every sentence of the checked content to the promises it is about
    (embedding similarity, top-k above a floor), reads structured facets from
    both sides (numbers with units and prices, availability windows, polarity
    such as free/required, hedges such as "may" or "subject to approval",
    human vs bot and contact channels, scope limits such as "first month
    only", opposite wording) and, when configured, asks the contradiction
    model. A link whose combined score reaches the threshold is reported with
    the promise and what conflicts ("promise: 30-day free trial; passage:
    14-day trial").

Why
    Customers read the pricing page and then the onboarding email. When the
    email says something else, the promise reads as a lie and support pays
    for it.

Bad
    (promise "Try Plus free for 14 days. No card required.")
    To start your free trial, add a payment card.

Good
    Your 14 days of Plus start today, and we never asked for a card.

Settings
    ``promises: {threshold, top-k, similarity-floor, embedding-model,
    contradiction-model}`` in the config; see the README.
"""
from __future__ import annotations

from voicecheck.checks.base import CheckContext, make_finding

CODE = "VC301"


def locate(link) -> tuple[int, int]:
    """Where a link's finding points in its segment: the conflicting phrase
    when a facet found one, else the whole sentence."""
    p = link.passage
    start, end = p.start, p.end
    span = link.conflicts[0].passage.span if link.conflicts else None
    if span is not None and span.start < span.end <= p.end - p.start:  # (a span in the rest of a table row: the cell)
        start, end = p.start + span.start, p.start + span.end
    while start < end and p.segment.text[start].isspace():
        start += 1
    return start, end


def strongest(scored, threshold: float) -> list:
    """One item per passage: its highest-scoring one at or above the threshold.
    ``scored`` yields (passage key, score, item)."""
    best: dict = {}
    for key, score, item in scored:
        if score >= threshold and (key not in best or best[key][0] < score):
            best[key] = (score, item)
    return [item for _, item in best.values()]


def flagged(links, threshold: float) -> list:
    """The links reported: at or above the threshold, the strongest one per passage."""
    scored = (((id(lk.passage.segment), lk.passage.start, lk.passage.end), lk.score, lk) for lk in links)
    return strongest(scored, threshold)


def evidence_lines(conflicts, limit: int = 3) -> tuple[tuple[str, str], ...]:
    """(facet, reason) of the strongest conflicts, each reason once."""
    out, seen = [], set()
    for c in conflicts:
        if c.reason in seen:
            continue
        seen.add(c.reason)
        out.append((c.facet, c.reason))
        if len(out) == limit:
            break
    return tuple(out)


def check(links, ctx: CheckContext):
    for link in flagged(links, ctx.promise_options.threshold):
        p = link.passage
        start, end = locate(link)
        if link.conflicts:
            c = link.conflicts[0]
            why = c.reason
            evidence = evidence_lines(link.conflicts)
        else:
            why = "the contradiction model reads the passage as contradicting it"
            evidence = ()
        if link.p_contradiction is not None:
            evidence += (("model", f"P(contradiction) = {link.p_contradiction:.2f}"),)
        evidence += (("retrieval", f"similarity {link.similarity:.2f} (rank {link.rank + 1})"),)
        message = f'Contradicts promise "{link.promise.id}" ({link.promise.text}): {why}'
        yield make_finding(p.segment, start, end, code=CODE, kind="contradiction", severity="error",
                           message=message, promise=link.promise.id, score=link.score, evidence=evidence)
