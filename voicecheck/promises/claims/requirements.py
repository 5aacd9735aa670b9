"""Requirements: what a customer must have, give or do.

Required: "you need a Skyhold account", "a receipt is required", "can't be
made without the original receipt", "only with proof of purchase", an
instruction or a polite request to hand something over ("To start your
trial, add a payment card", "Could you attach a photo?"). Not required: "no
card required", "you don't need an account", "no need to call", "cancel
without a phone call", "a photo is optional", "No receipt? No problem.".
What is required is the object phrase (the card, the receipt, a phone call);
the purpose ("to start your trial") goes into the attribute. Lists:
``data/requirements.yaml``.
"""
from __future__ import annotations

from dataclasses import dataclass

from voicecheck.promises.claims import lexicon
from voicecheck.promises.claims.base import (Claim, Sent, attribute, clause_of, mask, negated_token,
                                             negation_of, subjects)

KIND = "requirement"


@dataclass(frozen=True)
class Need:
    required: bool
    text: str = ""
    thing: str = ""  # what is (not) required, without the purpose: "account" in "No account needed to vote"

    def label(self) -> str:
        return "required" if self.required else "not required"


def read(sent: Sent, request: bool = False, promise: bool = False) -> list[Claim]:
    out: list[Claim] = []
    taken: set[int] = set()
    req_verbs = lexicon.words("requirements", "require_verbs")
    req_adj = lexicon.words("requirements", "required_adjectives")
    opt_adj = lexicon.words("requirements", "optional_adjectives")
    asks = lexicon.words("requirements", "request_verbs")

    def add(obj, required, cue_tok, head, how, extra=()):
        if obj is None or obj.i in taken:
            return
        about, keys = attribute(obj, {cue_tok.i} | set(extra))
        # the thing itself: the noun and its compounds, not what it is needed for ("account", not "account vote")
        thing = " ".join(t.text for t in [*(c for c in obj.lefts if c.dep_ == "compound"), obj])
        purpose = _purpose(head)
        if purpose:
            about = f"{about} to {purpose}"
        span = sent.tok_span(min(cue_tok, obj, key=lambda t: t.i), max(cue_tok, obj, key=lambda t: t.i))
        if span.end - span.start > 60:
            span = sent.tok_span(obj)
        out.append(Claim(KIND, Need(required, span.text, thing), about, keys,
                         mask(sent, head, [(span.start - sent.offset, span.end - sent.offset)]), span, how=how))
        taken.add(obj.i)

    for t in sent.tokens:
        lem = t.lemma_.lower()
        low = t.lower_
        adjectival = (low in req_adj or low in opt_adj) and (t.tag_ in ("VBN", "JJ") or t.pos_ == "ADJ"
                                                                or _reduced_passive(t))
        # "you need / we require / you must have X"
        if not adjectival and lem in req_verbs and t.pos_ in ("VERB", "AUX") and lem not in ("must", "have to"):
            neg, _ = negation_of(t)
            for o in _objects(t):
                add(o, not neg, t, clause_of(t), f"{t.text!r} + object" + (" negated" if neg else ""))
        # "X is required", "No card required", "a photo is optional"
        elif adjectival:
            subj = subjects(t) or ([t.head] if t.dep_ in ("amod", "acl") and t.head.pos_ in ("NOUN", "PROPN") else [])
            if not subj and t.dep_ in ("acomp", "oprd", "conj"):
                subj = subjects(t.head)
            if not subj:
                continue
            obj = subj[0]
            neg, _ = negation_of(t) if t.pos_ in ("VERB", "AUX", "ADJ") else (False, None)
            det_neg, _ = negated_token(obj)
            required = low in req_adj and not (neg or det_neg)
            add(obj, required, t, clause_of(t), f"{t.text!r} said of {obj.text!r}")
        # "no need to call", "no need for a receipt"
        elif low == "need" and t.pos_ == "NOUN" and any(c.lower_ == "no" for c in t.children):
            tgt = [g for c in t.children if c.dep_ in ("prep", "acl", "relcl") for g in c.subtree
                   if g.pos_ in ("NOUN", "VERB") and g != t]
            if tgt:
                add(tgt[-1] if tgt[0].pos_ == "VERB" and len(tgt) > 1 and tgt[-1].pos_ == "NOUN" else tgt[0], False,
                    t, clause_of(t), "'no need'")
    # "without X": required when the clause is negated ("can't ... without X"), else not required
    for t in sent.tokens:
        if t.lower_ != "without" or t.dep_ not in ("prep",):
            continue
        objs = [g for g in t.children if g.dep_ in ("pobj", "pcomp")]
        if not objs:
            continue
        obj = objs[0]
        if obj.pos_ == "VERB":
            inner = [g for g in obj.children if g.dep_ in ("dobj",)]
            obj = inner[0] if inner else obj
        head = clause_of(t)
        neg, _ = negation_of(head)
        add(obj, neg, t, head, "'without' in a " + ("negated" if neg else "positive") + " clause")
    # "only with X", "unless you have X", "proof of purchase"
    for a, b, text in sent.find(lexicon.words("requirements", "only_with")):
        first = sent.token_at(a)
        last = sent.token_at(b - 1)
        nxt = [t for t in sent.tokens if t.i > last.i and t.pos_ in ("NOUN", "PROPN")][:1]
        if nxt and nxt[0].i - last.i <= 4:
            add(nxt[0], True, first, clause_of(first), f"{text!r}")
    # "No receipt? No problem."
    low = sent.lower
    for a, b, text in sent.find(lexicon.words("requirements", "not_required_idioms")):
        before = low[:a].rstrip(" ?!.,:;—-")
        if before.startswith("no ") and len(before.split()) <= 4:
            obj = sent.token_at(len(before) - 1)
            add(obj, False, sent.token_at(a), clause_of(obj), f"'No X? {text}'")
    # instructions and requests: "add a payment card", "could you attach a photo?"
    # (in a promise, "Add a second driver at no extra cost" is an offer, not a demand)
    for t in (() if promise else sent.tokens):
        if t.lemma_.lower() not in asks or t.pos_ != "VERB":
            continue
        if not (_imperative(t) or (request and t.dep_ in ("ROOT", "conj", "xcomp"))):
            continue
        neg, _ = negation_of(t)
        if neg:
            continue  # "don't send us your password": an instruction not to
        objs = _objects(t)
        if not objs:
            if t.lemma_.lower() in ("call", "phone", "ring", "email", "visit"):
                add(t, True, t, clause_of(t), f"instruction {t.text!r}")
            continue
        for o in objs[:1]:
            add(o, True, t, clause_of(t), f"instruction {t.text!r} + object" + (" (a request)" if request else ""))
    return out


def _objects(verb) -> list:
    out = [c for c in verb.children if c.dep_ in ("dobj", "attr", "oprd")]
    if not out and not any(c.dep_ == "prt" for c in verb.children):
        # an infinitive after a verb with a particle is its purpose, not what is asked for: "sign out to use a
        # different account" asks nobody for an account
        for c in verb.children:
            if c.dep_ == "xcomp" and c.pos_ == "VERB":
                out = [g for g in c.children if g.dep_ == "dobj"] or [c]
                break
    return [o for o in out if o.lower_ not in ("it", "this", "that", "them", "us", "you", "me", "one")] or \
        [o for o in out if o.lower_ in ("it",) and False]


def _imperative(verb) -> bool:
    """A bare verb with no subject heading a main clause (or a purpose's main clause):
    "Add a card.", "To start, enter your card", "Please attach a photo"."""
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children):
        return False
    if verb.tag_ not in ("VB", "VBP"):
        return False
    if verb.dep_ == "ROOT":
        return True
    if verb.dep_ == "conj" and verb.head.dep_ == "ROOT" and not any(
            c.dep_ in ("nsubj", "nsubjpass") for c in verb.head.children):
        return True
    return False


def _purpose(head) -> str:
    """The purpose of an instruction: "*To start your free trial*, add a card" -> "start your free trial"."""
    for c in head.children:
        if c.dep_ in ("advcl", "xcomp") and any(g.lower_ == "to" and g.dep_ == "aux" for g in c.children):
            return " ".join(t.text for t in c.subtree if t.lower_ != "to" and not t.is_punct)
    return ""


def _reduced_passive(t) -> bool:
    """"No receipt needed.", "Photo ID required at pickup.": a label with no "is", where the parser
    takes the participle for a past tense ("required" VBD) whose subject is the thing required.
    Not a past tense with an object or a person doing it ("we required ID", "you needed help")."""
    if t.tag_ != "VBD":
        return False
    subj = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")]
    # "No account needed to vote": a purpose after a "No X" label, not "the team needed to move"
    no_x = bool(subj) and all(any(d.lower_ == "no" and d.dep_ == "det" for d in c.children) for c in subj)
    if any(c.dep_ in ("dobj", "dative", "attr", "oprd", "npadvmod", "ccomp", "aux", "auxpass")
           or (c.dep_ == "xcomp" and not no_x) for c in t.children):
        return False
    return bool(subj) and all(c.pos_ in ("NOUN", "PROPN") for c in subj)
