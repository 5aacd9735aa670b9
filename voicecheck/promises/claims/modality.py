"""Modality: what weakens a claim ("may", "usually", "subject to approval",
"not guaranteed") and what makes it firm ("always", "guaranteed").

Hedges attach to the clause they modify: a modal auxiliary of the clause
head, an adverb on it, or a hedge phrase inside the clause. A hedge never
makes a finding on its own: :mod:`voicecheck.promises.compare` reports a
modality conflict only when a hedged passage claim is about the same
attribute as a firm promise claim. Lists: ``data/hedges.yaml``.
"""
from __future__ import annotations

import re

from voicecheck.promises.claims import lexicon
from voicecheck.promises.claims.base import Hedge, Sent, clause_tokens


def hedge_of(sent: Sent, head) -> Hedge | None:
    """The strongest hedge on the clause headed by ``head``, or None."""
    best: Hedge | None = None
    modals = lexicon.mapping("hedges", "modal_verbs")
    adverbs = lexicon.mapping("hedges", "adverbs")
    toks = clause_tokens(head)
    you = any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ == "you" for c in head.children)
    negated = any(c.dep_ == "neg" for c in head.children)
    for t in toks:
        lem = t.lemma_.lower()
        if t.dep_ == "aux" and t.head == head and lem in modals and not _request(t) and not you \
                and not (lem == "could" and negated):
            # ("you may proceed", "you could try": permission or a suggestion, not a hedge;
            # "we couldn't find that pharmacy": a failure reported, not a possibility)
            best = _stronger(best, Hedge(t.lower_, float(modals[lem]), sent.tok_span(t)))
        elif t.dep_ == "advmod" and t.lower_ in adverbs and not any(
                c.lower_ in ("how", "as", "so") for c in t.children if c.i < t.i):
            # ("how often you skip", "as often as you like": a frequency named, not a hedge)
            best = _stronger(best, Hedge(t.lower_, float(adverbs[t.lower_]), sent.tok_span(t)))
    if toks:
        lo = toks[0].idx - sent.start_char
        hi = toks[-1].idx + len(toks[-1].text) - sent.start_char
        table = lexicon.mapping("hedges", "phrases")
        you_decide = any(c.dep_ in ("nsubj",) and c.lower_ in ("you", "your") for c in head.children)
        for m in _DISCRETION.finditer(sent.lower):
            if lo <= m.start() and m.end() <= hi:
                best = _stronger(best, Hedge(m.group(0), 0.8, sent.char_span(m.start(), m.end())))
        for a, b, text in sent.find(table):
            if text.startswith(("decide", "depend")) and you_decide:
                continue  # "you decide whether ...": the customer's choice, not our discretion
            if lo <= a and b <= hi:
                best = _stronger(best, Hedge(text, float(table[" ".join(text.split())]), sent.char_span(a, b)))
    return best


def certain(sent: Sent, head) -> str:
    """A word that makes the clause firm ("always", "guaranteed"), or ""."""
    toks = clause_tokens(head)
    if not toks:
        return ""
    lo = toks[0].idx - sent.start_char
    hi = toks[-1].idx + len(toks[-1].text) - sent.start_char
    for a, b, text in sent.find(lexicon.words("hedges", "certainty")):
        if lo <= a and b <= hi:
            return text
    return ""


def _request(tok) -> bool:
    """"Could you ...?": a polite request, not a hedge."""
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return tok.lower_ in ("could", "would", "can", "will") and nxt is not None and nxt.lower_ == "you" \
        and tok.i <= tok.sent.start + 1


def _stronger(a: Hedge | None, b: Hedge) -> Hedge:
    return b if a is None or b.strength > a.strength else a


_DISCRETION = re.compile(r"\bat (?:the|our|their|his|her|[\w-]+'s) (?:sole |own |full )?discretion\b")


def hedge_in(text: str) -> Hedge | None:
    """The strongest hedge phrase in a condition ("if approved", "where available"), or None."""
    table = lexicon.mapping("hedges", "phrases")
    low = " ".join(text.lower().split())
    best = None
    for phrase, strength in table.items():
        if re.search(rf"(?<![\w]){re.escape(phrase)}(?![\w])", low):
            best = _stronger(best, Hedge(phrase, float(strength)))
    if best is None and re.search(r"\b(approv\w*|review\w*|eligib\w*|discretion|accept\w*)\b", low):
        best = Hedge(low, 0.7)
    if best is None and _EXCEPTION.match(low):
        best = Hedge(low.split()[0], 0.6)  # an exception the promise doesn't make
    return best


#: What opens an exception to a claim ("unless prices rise", "provided you return it unused").
EXCEPTION_OPENERS = ("unless", "except if", "except when", "provided", "as long as", "only if", "so long as")
_EXCEPTION = re.compile(r"\s*(" + "|".join(EXCEPTION_OPENERS) + r")\b")
_EXCEPTION_WORDS = frozenset(o.split()[0] for o in EXCEPTION_OPENERS)


def is_exception(hedge: Hedge) -> bool:
    """Is ``hedge`` read from a condition that opens an exception (:func:`hedge_in`: "unless …")?"""
    return hedge.cue.split()[0] in _EXCEPTION_WORDS
