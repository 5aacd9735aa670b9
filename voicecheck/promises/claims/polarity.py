"""Polarity: opposite wordings (antonym axes) and plain predicates with their negation.

Axis claims put something on one pole of an axis from ``data/antonyms.yaml``:
"syncs *automatically*" vs "synced *manually*", "*full* refund" vs "a
goodwill credit covering *part of what* it cost", "free *forever*" vs "a
*limited-time* plan", "keep access *until the end* of the period" vs "access
ends *immediately*". Negation flips a pole ("not encrypted" is the negative
pole of encryption) unless the entry already says it.

Predicate claims are what every clause asserts, with its polarity: "Garmin
accounts *can't be connected*" (connect, negated) against "*Syncs* with
Garmin" (sync); the comparison decides whether two predicates are the same
(:mod:`voicecheck.promises.compare`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from voicecheck.promises.claims import lexicon
from voicecheck.promises.claims.base import (Claim, Sent, attribute, clause_of, mask, negated_token,
                                             negation_of, subjects)

AXIS = "axis"
PREDICATE = "predicate"

_NEG_WORDS = ("not", "no", "never", "n't", "non", "without", "cannot")
_LIGHT = frozenset({"be", "have", "do", "get", "let", "make", "go", "come", "keep", "take", "give", "say", "tell",
                    "know", "see", "look", "want", "like", "hope", "thank", "love", "happy", "glad", "sorry", "need",
                    "can", "will", "would", "should", "may", "might", "must", "could", "help", "use", "try"})


@dataclass(frozen=True)
class Pole:
    axis: str
    positive: bool
    text: str = ""

    def label(self) -> str:
        return self.text


@dataclass(frozen=True)
class Pred:
    lemma: str
    negated: bool
    text: str = ""

    def label(self) -> str:
        return ("not " if self.negated else "") + self.text


@dataclass(frozen=True)
class _Entry:
    axis: str
    positive: bool
    says_negation: bool


def _entries() -> dict[str, _Entry]:
    out = {}
    for axis, poles in lexicon.load("antonyms")["axes"].items():
        for pole in ("positive", "negative"):
            for w in poles[pole]:
                w = str(w).lower()
                words = w.replace("-", " ").replace("n't", " n't").split()
                out[w] = _Entry(axis, pole == "positive", any(n in words for n in _NEG_WORDS))
    return out


_ENTRIES: dict[str, _Entry] | None = None


def read(sent: Sent) -> list[Claim]:
    return _axes(sent) + _predicates(sent)


def _axes(sent: Sent) -> list[Claim]:
    global _ENTRIES
    if _ENTRIES is None:
        _ENTRIES = _entries()
    out = []
    for a, b, text in _with_inner(sent.find(_ENTRIES)):
        entry = _ENTRIES[" ".join(text.split())] if " ".join(text.split()) in _ENTRIES else _ENTRIES.get(text)
        if entry is None:
            continue
        first, last = sent.token_at(a), sent.token_at(b - 1)
        head = clause_of(first)
        positive = entry.positive
        neg, _ = negated_token(last)
        if not neg and not entry.says_negation:
            clause_neg, cue = negation_of(head)
            neg = clause_neg and (cue is None or cue.i < last.i or head == last or head.i < last.i)
        if neg and not entry.says_negation:
            positive = not positive
        exclude = set(range(first.i, last.i + 1))
        anchor = _anchor(first, last)
        if last.dep_ == "mark" and last.head.dep_ == "advcl" and last.head.head != last.head:
            # "in the app as soon as your visit ends": the words open a clause naming when; what
            # they say it of is the clause they hang on, not the event
            exclude |= {t.i for t in last.head.subtree}
            anchor = last.head.head
        for _ in range(6):
            # the value's own word is no attribute: climb to what it is said of, but not past a verb
            # with a subject of its own ("Everything is encrypted ..., so we can never see your data":
            # what is encrypted is "everything", not what we can see)
            if anchor.i in exclude and anchor.head != anchor and not (anchor.pos_ in ("VERB", "AUX", "ADJ")
                                                                      and subjects(anchor)):
                anchor = anchor.head
            else:
                break
        about, keys = attribute(anchor, exclude)
        keys = keys | frozenset(t.lemma_.lower() for t in sent.doc[first.i:last.i + 1] if t.pos_ == "NOUN")
        span = sent.char_span(a, b)
        out.append(Claim(AXIS, Pole(entry.axis, positive, ("not " if neg and not entry.says_negation else "") + span.text),
                         about, keys, mask(sent, head, [(a, b)]), span,
                         how=f"{text!r} on the {entry.axis} axis ({'+' if positive else '-'})"
                             + (", negated" if neg and not entry.says_negation else "")))
    return out


def _with_inner(found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The matches, each followed by the words inside it that are entries of another axis of
    their own: a "full refund" is a refund, and full ("refunds are partial")."""
    out = []
    for a, b, text in found:
        out.append((a, b, text))
        entry = _ENTRIES.get(" ".join(text.split()))
        if entry is None or entry.says_negation or " " not in text.strip():
            continue
        for m in _WORD.finditer(text):
            inner = _ENTRIES.get(m.group(0))
            if inner is not None and inner.axis != entry.axis and not inner.says_negation:
                out.append((a + m.start(), a + m.end(), m.group(0)))
    return out


_WORD = re.compile(r"[\w%][\w%-]*")


def _anchor(first, last):
    t = last
    if t.dep_ == "amod" and t.head.pos_ in ("NOUN", "PROPN"):
        return t.head
    if t.dep_ in ("acomp", "attr", "oprd"):
        subj = subjects(t.head)
        return subj[0] if subj else t.head
    if t.dep_ in ("advmod", "npadvmod", "prt") and t.head != t:
        return t.head
    if t.pos_ in ("ADP", "DET", "PART", "SCONJ") and t.head != t:
        return t.head
    return t


def _predicates(sent: Sent) -> list[Claim]:
    out = []
    for t in sent.tokens:
        if t.pos_ not in ("VERB", "ADJ", "AUX") or clause_of(t) != t:
            continue
        lemma = t.lemma_.lower()
        pred = t
        if lemma in ("be", "become", "stay", "remain", "seem"):
            comp = [c for c in t.children if c.dep_ in ("acomp", "attr", "oprd")]
            if not comp:
                continue
            pred = comp[0]
            lemma = pred.lemma_.lower()
        if lemma in _LIGHT or not pred.is_alpha or len(lemma) < 3:
            continue
        neg, cue = negation_of(t)
        about, keys = attribute(pred if pred != t else t)
        past = t.tag_ == "VBD" or (t.tag_ == "VBN" and any(c.lemma_.lower() == "have" and c.dep_ == "aux"
                                                          for c in t.children))
        span = sent.tok_span(cue, pred) if neg and cue is not None and cue.i < pred.i and pred.i - cue.i <= 4 \
            else sent.tok_span(pred)
        out.append(Claim(PREDICATE, Pred(lemma, neg, pred.text), about, keys,
                         mask(sent, t, []), span, instance=past,
                         how=f"predicate {lemma!r}" + (" negated" if neg else "") + (", an event" if past else "")))
    return out
