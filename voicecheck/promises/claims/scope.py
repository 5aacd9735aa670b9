"""Scope: how far a claim reaches.

Universal marks ("every plan", "all orders", "any time", "forever",
"including free") make a promise's claim hold everywhere; restrictive marks
narrow a passage's claim: "only" (only by phone, only within 14 days),
"first" (for the first month, your first box, from your second box onward),
"tier" (annual plans only, on the free plan), "except" (except, excluding,
doesn't apply to), "some" (selected, certain, participating), "upgrade"
(upgrade to Plus to ...). Read from the clause's tokens and the parse; lists
in ``data/scope.yaml``.
"""
from __future__ import annotations

from voicecheck.promises.claims import lexicon
from voicecheck.promises.claims.base import ScopeMark, Sent, clause_tokens

import re

_TIER = re.compile(r"\b(?:for|on|with)\s+(?:the\s+|our\s+)?((?:[A-Za-z][\w+-]*\s+){1,3})"
                   r"(?:plans?|tiers?|subscriptions?|memberships?|accounts?|fares?|packages?|bundles?|licen[cs]es?"
                   r"|tariffs?|cabins?|editions?|members|customers|users|guests|subscribers|patients)\b"
                   r"|\b(?:for|on|with)\s+((?:[A-Z][\w+-]*\s+(?:and\s+|or\s+|&\s+)?){1,4})[a-z]+s\b")
_THRESHOLD = re.compile(r"(?<=[a-z]) (?:over|above|of at least|worth more than|exceeding|of more than|more than)\s+"
                        r"(?:[$£€]\s?\d[\d,.]*|\d[\d,.]*\s?(?:kg|lb|miles?|km|items?|units?))"
                        r"|(?<=[a-z]) (?:of|with) (?:[$£€]\s?)?\d[\d,.]*\s?[a-z]*\s+or more\b", re.I)
_PLAN_ONLY = re.compile(r"\b(?:comes? with|included (?:with|in)|available (?:on|with|in)|part of|exclusive to)"
                        r"\s+(?:the\s+|our\s+)?(?:[A-Z][\w+-]*\s+(?:and\s+|or\s+)?){1,4}"
                        r"(plans?|tiers?|subscriptions?|memberships?|packages?|editions?|accounts?)\b")
_UNIVERSAL_DETS = frozenset({"every", "all", "any", "each"})
_SOME_DETS = frozenset({"some", "certain", "selected", "select", "participating", "eligible", "qualifying",
                        "specific", "particular", "most", "many", "several", "few"})


def scope_of(sent: Sent, head, value_tokens=()) -> tuple[ScopeMark, ...]:
    """The scope marks of the clause headed by ``head``."""
    toks = clause_tokens(head)
    if not toks:
        return ()
    marks: list[ScopeMark] = []
    ordinals = lexicon.words("scope", "ordinals")
    periods = lexicon.words("scope", "period_nouns")
    tiers = lexicon.words("scope", "tier_nouns")
    for t in toks:
        low = t.lower_
        if low in ("only", "solely", "exclusively") and t.dep_ in ("advmod", "amod", "det", "quantmod",
                                                                    "preconj", "cc"):
            marks.append(ScopeMark("only", _reach(sent, t), sent.tok_span(t), _noun_after(t)))
        elif low in ordinals and t.dep_ in ("amod", "advmod", "nummod", "npadvmod") and t.head.lemma_.lower() in periods:
            if low in ("next", "last", "final") and not any(c.lower_ in ("your", "the") for c in t.head.children):
                continue
            if low == "first" or low == "initial" or low == "introductory":
                marks.append(ScopeMark("first", f"{low} {t.head.text}", sent.tok_span(t, t.head)))
            elif low in ("second", "third", "fourth", "fifth"):
                marks.append(ScopeMark("first", f"from the {low} {t.head.text}", sent.tok_span(t, t.head)))
        elif t.dep_ == "det" and low in _UNIVERSAL_DETS and t.head.pos_ in ("NOUN", "PROPN"):
            marks.append(ScopeMark("universal", f"{low} {t.head.text}", sent.tok_span(t, t.head), t.head.lemma_.lower()))
        elif (t.dep_ in ("det", "amod") and low in _SOME_DETS and t.head.pos_ in ("NOUN", "PROPN")
              and t.i < t.head.i and not (t.i > 0 and t.doc[t.i - 1].lower_ == "as")):
            marks.append(ScopeMark("some", f"{low} {t.head.text}", sent.tok_span(t, t.head), t.head.lemma_.lower()))
        elif t.lemma_.lower() in tiers and t.pos_ == "NOUN" and _named_tier(t) and not _even(t):
            marks.append(ScopeMark("tier", _np_text(t), sent.tok_span(min(t.subtree, key=lambda x: x.i), t),
                                   t.lemma_.lower()))
        elif low in ("everything", "anything") and t.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj", "attr"):
            marks.append(ScopeMark("universal", low, sent.tok_span(t), low))
        elif low in ("always", "forever", "anytime") and t.dep_ in ("advmod", "npadvmod", "acomp"):
            marks.append(ScopeMark("universal", low, sent.tok_span(t)))
    lo = toks[0].idx - sent.start_char
    hi = toks[-1].idx + len(toks[-1].text) - sent.start_char
    # "credit balances over £50", "orders above $35": a threshold the claim only holds beyond
    for m in _THRESHOLD.finditer(sent.text):
        if lo <= m.start() and m.end() <= hi:
            marks.append(ScopeMark("threshold", m.group(0).strip(), sent.char_span(m.start(), m.end())))
    # the parse can miss a tier ("annual Movara Plus plans" with "Plus" read as a conjunction): words say it too
    for m in _TIER.finditer(sent.text):
        if lo <= m.start() and m.end() <= hi and not any(k.kind == "tier" for k in marks):
            words = (m.group(1) or m.group(2) or "").lower().split()
            if words and not set(words) & {"every", "all", "any", "each", "your", "a", "new", "this", "our", "my"} \
                    and "even" not in sent.lower[max(0, m.start() - 6):m.start()]:
                noun = m.group(0).split()[-1].lower().rstrip("s")
                kind = "tier" if not m.group(0).lower().startswith("for ") else "only"  # "for Gold members": them alone
                marks.append(ScopeMark(kind, m.group(0).split(None, 1)[1], sent.char_span(m.start(), m.end()), noun))
    for m in _PLAN_ONLY.finditer(sent.text):
        if lo <= m.start() and m.end() <= hi:
            # "comes with Unlimited and Teams plans", "included in the Pro plan": those plans alone
            marks.append(ScopeMark("upgrade", m.group(0), sent.char_span(m.start(), m.end()),
                                   m.group(1).lower().rstrip("s")))
    for a, b, text in sent.find(["except", "excluding", "other than", "apart from", "does not apply",
                                 "doesn't apply", "don't apply", "do not apply", "not valid", "exclusive to",
                                 "members only", "onward", "onwards", "after the first",
                                 "beyond the first", "upgrade to", "available on", "available with",
                                 "available to", "only available", "including free", "on every",
                                 "no matter", "regardless", "as many", "as often", "as much",
                                 "with no exceptions", "without exception"]):
        if not (lo <= a and b <= hi):
            continue
        if text in ("including free", "on every", "no matter", "regardless", "as many", "as often", "as much",
                    "with no exceptions", "without exception"):
            span = sent.char_span(a, b)
            if not any(m.kind == "universal" and m.span.start < span.end and span.start < m.span.end for m in marks):
                marks.append(ScopeMark("universal", text, span))  # unless the parse read it already ("every order")
        elif text in ("upgrade to", "available on", "available with", "available to", "exclusive to",
                      "members only"):
            marks.append(ScopeMark("upgrade" if text == "upgrade to" else "tier", sent.text[a:min(hi, b + 30)].split(",")[0],
                                   sent.char_span(a, b)))
        elif text in ("onward", "onwards", "after the first", "beyond the first"):
            marks.append(ScopeMark("first", text, sent.char_span(a, b)))
        elif text != "only available":
            marks.append(ScopeMark("except", sent.text[a:min(hi, b + 30)].split(",")[0], sent.char_span(a, b)))
    return tuple(_dedupe(marks))


def _even(tok) -> bool:
    """"even on free accounts": an inclusion, not a restriction."""
    doc = tok.doc
    return any(doc[i].lower_ in ("even", "including", "incl", "also") for i in range(max(0, tok.i - 5), tok.i))


def _noun_after(tok) -> str:
    """The nouns "only" restricts: "only go to our partner *pharmacies*", "video *visits* only",
    "for *courses* in the Professional *catalog* only" (space-separated lemmas)."""
    doc = tok.doc
    for t in doc[tok.i + 1: min(len(doc), tok.i + 7)]:
        if t.is_punct:
            break
        if t.pos_ in ("NOUN", "PROPN") and not (t.i + 1 < len(doc) and doc[t.i + 1].pos_ in ("NOUN", "PROPN")):
            return t.lemma_.lower()
    nouns = []
    for t in reversed(doc[max(tok.sent.start, tok.i - 8):tok.i]):
        if t.pos_ in ("VERB", "AUX") or t.is_punct:
            break
        if t.pos_ == "NOUN":
            nouns.append(t.lemma_.lower())
    return " ".join(nouns)


def _reach(sent: Sent, only_tok) -> str:
    """What "only" restricts: the words after it up to the clause's end or a comma."""
    out = []
    for t in sent.doc[only_tok.i: min(len(sent.doc), only_tok.i + 7)]:
        if t.is_punct and t.i > only_tok.i:
            break
        out.append(t.text)
    return " ".join(out)


def _named_tier(tok) -> bool:
    """"annual plans", "the Basic plan", "on the free plan": a tier noun with a
    modifier that names one tier (not "every plan", "your plan", "a plan")."""
    mods = [c for c in tok.children if c.dep_ in ("amod", "compound", "nmod") and c.i < tok.i
            and c.pos_ in ("ADJ", "PROPN", "NUM")]
    if not mods or any(t.text == ">" for t in tok.doc[max(0, tok.i - 4):tok.i + 2]):
        return False  # no tier named, or a menu path ("Account > Plan > Cancel plan")
    if any(c.lower_ in _UNIVERSAL_DETS for c in tok.children):
        return False
    if tok.dep_ in ("nsubj", "nsubjpass") and not any(c.dep_ == "prep" for c in tok.children):
        # "Family plans can't be cancelled online" names the plans a claim is about
        return True
    return tok.dep_ in ("pobj", "nsubj", "nsubjpass", "dobj", "npadvmod", "appos", "attr")


def _np_text(tok) -> str:
    keep = [c for c in tok.subtree if c.i <= tok.i and c.dep_ not in ("det", "poss", "punct", "case")]
    return " ".join(t.text for t in sorted(keep, key=lambda t: t.i))


def _dedupe(marks: list[ScopeMark]) -> list[ScopeMark]:
    seen, out = set(), []
    for m in marks:
        key = (m.kind, m.span.start)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out
