"""Presence: whether something is there or not.

Absent: "with *no ads*", "*zero* hidden costs", "*ad-free*", "doesn't
include ads", "never shows ads". Present: "includes short ads", "comes
with a welcome pack", "ads appear between workouts", "there are ads". What
is there or not is the noun phrase (ads, a welcome pack). Nouns whose
absence other readers own (fees: cost; "no card required": requirements)
are left to them.
"""
from __future__ import annotations

from dataclasses import dataclass

from voicecheck.promises.claims import lexicon
from voicecheck.promises.claims.base import Claim, Sent, attribute, clause_of, mask, negation_of, subjects

KIND = "presence"

#: Verbs whose object is present in (or, negated, absent from) what the subject offers.
_HAVE_VERBS = frozenset({"include", "contain", "show", "display", "feature", "have", "carry", "play", "run", "serve",
                         "add", "insert", "put", "come", "offer", "provide", "get", "give", "earn", "receive"})
#: Verbs whose subject is present when they are said of it.
_APPEAR_VERBS = frozenset({"appear", "show", "play", "pop", "run", "apply", "exist", "remain", "stay"})
#: "no X" that says nothing about X being there.
_NOT_PRESENCE = frozenset({"need", "problem", "matter", "way", "longer", "doubt", "worry", "question", "idea", "time",
                           "one", "reason", "wonder", "more", "less", "thing", "point", "use", "sense", "rush",
                           "obligation", "pressure", "hassle", "catch", "string", "strings", "surprise"})


@dataclass(frozen=True)
class There:
    present: bool
    text: str = ""

    def label(self) -> str:
        return self.text


def read(sent: Sent) -> list[Claim]:
    out = []
    skip = lexicon.words("cost", "fee_nouns") | lexicon.words("requirements", "required_adjectives")
    seen: set[int] = set()

    def add(noun, present, cue, how):
        if noun.i in seen or noun.lemma_.lower() in skip or noun.lemma_.lower() in _NOT_PRESENCE:
            return
        if any(c.lower_ in ("required", "needed", "necessary") for c in noun.head.children) or \
                noun.head.lower_ in ("required", "needed", "necessary", "mandatory"):
            return  # "no card required": a requirement
        seen.add(noun.i)
        about, keys = attribute(noun, {cue.i} if cue is not None else set())
        a = min(noun.i, cue.i) if cue is not None else noun.i
        b = max(noun.i, cue.i) if cue is not None else noun.i
        span = sent.tok_span(sent.doc[a], sent.doc[b])
        head = clause_of(noun)
        out.append(Claim(KIND, There(present, span.text), about, keys | {noun.lemma_.lower()},
                         mask(sent, head, [(span.start - sent.offset, span.end - sent.offset)]), span, how=how))

    for t in sent.tokens:
        if t.pos_ not in ("NOUN", "PROPN"):
            continue
        low = t.lemma_.lower()
        # "no ads", "zero hidden costs"
        det = [c for c in t.children if c.dep_ == "det" and c.lower_ in ("no", "zero")]
        if det:
            add(t, False, det[0], f"'{det[0].text} {t.text}'")
            continue
        # "ad-free" / "ads-free"
        nxt = sent.doc[t.i + 1] if t.i + 1 < len(sent.doc) else None
        nxt2 = sent.doc[t.i + 2] if t.i + 2 < len(sent.doc) else None
        if nxt is not None and nxt.text == "-" and nxt2 is not None and nxt2.lower_ == "free":
            add(t, False, nxt2, f"'{t.text}-free'")
            continue
        head = t.head
        # objects of include / contain / come with
        if t.dep_ == "dobj" and head.lemma_.lower() in _HAVE_VERBS and head.pos_ in ("VERB", "AUX"):
            if head.lemma_.lower() in ("give", "add", "put", "offer", "provide", "have") and not _product_subject(head):
                continue
            if head.lemma_.lower() == "get" and not (_product_subject(head) or _you_get(head)):
                continue
            neg, _ = negation_of(head)
            add(t, not neg, head, f"object of {head.text!r}" + (" negated" if neg else ""))
        elif t.dep_ == "pobj" and head.lower_ == "with" and (
                head.head.pos_ in ("NOUN", "PROPN") and head.head.dep_ in ("ROOT", "appos", "nsubj", "attr")):
            add(t, True, head, "'with' on a noun")  # "99.99% uptime SLA, with service credits"
        elif t.dep_ == "pobj" and head.lower_ == "with" and head.head.lemma_.lower() in ("come", "ship", "arrive"):
            neg, _ = negation_of(head.head)
            add(t, not neg, head.head, f"'{head.head.text} with'" + (" negated" if neg else ""))
        elif t.dep_ in ("nsubj",) and head.lemma_.lower() in _APPEAR_VERBS and head.pos_ == "VERB":
            neg, _ = negation_of(head)
            add(t, not neg, head, f"{head.text!r} said of it" + (" negated" if neg else ""))
        elif t.dep_ == "attr" and head.lemma_.lower() == "be" and any(c.dep_ == "expl" for c in head.children):
            neg, _ = negation_of(head)
            add(t, not neg, head, "'there is'" + (" negated" if neg else ""))
    return out


def _you_get(verb) -> bool:
    """"get a certificate" (an instruction) or "you get a certificate": the reader receives it."""
    subj = subjects(verb)
    return (not subj and verb.tag_ == "VB") or (bool(subj) and subj[0].lower_ == "you")


def _product_subject(verb) -> bool:
    """Is the subject a thing (the product, a plan) rather than a person ("you get", "we give")?"""
    subj = subjects(verb)
    return bool(subj) and subj[0].pos_ in ("NOUN", "PROPN") and subj[0].lower_ not in ("you", "we", "i")


# --------------------------------------------------------------------------
# Comparison
# --------------------------------------------------------------------------

def conflict(p: There, x: There) -> float:
    return 0.75 if p.present != x.present else 0.0
