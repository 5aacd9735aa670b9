"""Cost: whether something is free or charged.

Free: "free delivery", "delivery is free", "cancel for free", "no cancellation
fees", "at no extra cost", "we never charge for ...", "$0". Charged: "a
$6.99 delivery charge is added", "a cancellation fee of X will be charged",
"we'll charge back the discount", "costs $5", "paid add-on". What is free or
charged comes from the parse: the noun "free" modifies, the subject it is
said of, the noun a fee is named after ("*cancellation* fee"), or the object
of a charging verb. A name ("Movara Free", "the Free plan") says nothing
about money. Lists: ``data/cost.yaml``.
"""
from __future__ import annotations

from dataclasses import dataclass

from voicecheck.promises.claims import lexicon
from voicecheck.promises.claims.base import (Claim, Sent, attribute, clause_of, content_keys, mask, negated_token,
                                             negation_of, subjects)

KIND = "cost"


@dataclass(frozen=True)
class Cost:
    free: bool
    text: str = ""

    def label(self) -> str:
        return "free" if self.free else "charged"


def read(sent: Sent) -> list[Claim]:
    out: list[Claim] = []
    taken: set[int] = set()
    not_money = sent.find(lexicon.words("cost", "not_money_free"))

    def blocked(a, b):
        for s, e, text in not_money:
            if text == "free up" and sent.lower[max(0, s - 4):s] == "for ":
                continue  # "for free up to 2 hours before": money, then a deadline
            if s <= a < e or s < b <= e:
                return True
        return False

    # 1. free words and phrases
    for a, b, text in sent.find(lexicon.words("cost", "free_words")):
        if blocked(a, b) or (text == "free" and sent.lower[b:b + 4] == " of " and not sent.lower[b + 4:].startswith(
                ("charge", "cost", "fee", "any charge", "any cost"))):
            continue  # "free of traces", but "free of charge"
        first, last = sent.token_at(a), sent.token_at(b - 1)
        if text == "free" and (_name(first) or _tier_name(first)):
            continue
        anchor = _free_anchor(first, last)
        head = clause_of(anchor)
        word = first if first.lower_ in ("free", "complimentary") else last
        predicative = word.dep_ in ("acomp", "attr", "oprd", "ROOT") or anchor == head or _for_free(word)
        neg = predicative and negation_of(clause_of(word))[0]
        # "it is not free", "installing isn't free of charge"; "no fees", "won't cost" say free themselves
        says_it = text.startswith(("no ", "without", "never", "zero")) or "n't" in text or "not " in text
        free = not (neg and not says_it)
        exclude = set(range(first.i, last.i + 1))
        about, keys = attribute(anchor, exclude)
        span = sent.char_span(a, b)
        out.append(_claim(sent, head, free, about, keys, span, f"{text!r}"))
        taken |= exclude
    # 2. fee nouns: "no fees" (free) or "a $15 cancellation fee applies" (charged)
    fees = lexicon.words("cost", "fee_nouns")
    for t in sent.tokens:
        if t.i in taken or t.pos_ != "NOUN" or t.lemma_.lower() not in fees:
            continue
        neg, cue = negated_token(t)
        if not neg and any(c.lower_ == "zero" for c in t.children):
            neg, cue = True, next(c for c in t.children if c.lower_ == "zero")  # "Zero hidden charges"
        if not neg and t.dep_ == "dobj" and t.head.lemma_.lower() in ("waive", "drop", "remove", "scrap", "cancel"):
            neg, cue = True, t.head  # "we waive the booking fee"
        if not neg and t.lemma_.lower() not in lexicon.words("cost", "fee_nouns_alone") and not _has_amount(t):
            continue  # "price" names a topic ("our prices"), "tariff" a plan: only an amount makes it a charge
            # ("no surprise bills" says nothing is charged, amount or not)
        head = clause_of(t)
        clause_neg, _ = negation_of(head)
        if not neg and t.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") and clause_neg:
            neg = True  # "we don't charge a fee", "there is no fee" / "no fee applies"
        mods = [c for c in t.children if c.dep_ in ("compound", "amod", "nmod") and c.i < t.i
                and c.lower_ not in ("hidden", "extra", "additional", "flat", "small", "one-time", "monthly",
                                     "annual", "yearly", "standard")]
        if mods:
            about, keys = attribute(mods[-1], {t.i})
            about = " ".join(m.text for m in mods) if not about else about
            # every modifier of the fee names it: "young driver fee" is a fee for young drivers
            # (the parser may hang "young" on "fee", not on "driver")
            earlier = [m for m in mods[:-1] if m.text not in about.split()]
            if earlier:
                about = " ".join([*(m.text for m in earlier), about])
                keys = keys | content_keys(earlier)
        else:
            about, keys = attribute(t.head if t.head != t else t, {t.i})
        span = sent.tok_span(cue if neg and cue is not None and cue.i < t.i else t, t)
        out.append(_claim(sent, head, neg, about, keys, span, f"fee noun {t.text!r}" + (" negated" if neg else "")))
        taken.add(t.i)
    # 3. charging verbs: "you'll be charged", "we charge back the discount", "costs $5"
    verbs = lexicon.words("cost", "charge_verbs")
    for t in sent.tokens:
        if t.i in taken or t.pos_ not in ("VERB", "AUX") or t.lemma_.lower() not in verbs:
            continue
        lem = t.lemma_.lower()
        if lem in ("apply", "add", "collect", "recover", "pay", "buy", "purchase") and not _money_near(t) and not (
                lem in ("buy", "purchase") and any(c.dep_ == "dobj" for c in t.children)):
            continue  # "add a card", "pay by card": only with an amount are they a charge
        if lem == "cost" and not _money_near(t):
            continue
        neg, _ = negation_of(t)
        objs = [c for c in t.children if c.dep_ in ("dobj",) and not c.like_num and c.pos_ != "SYM"]
        if any(o.i in taken or o.lower_ in ("which", "that", "it") for o in objs):
            continue  # "a £60 charge, which we'll add to your bill": the charge is already read
        preps = [g for c in t.children if c.dep_ == "prep" and c.lower_ in ("for", "on") for g in c.children
                 if g.dep_ == "pobj"]
        target = (objs or preps or subjects(t) or [t])[0]
        if target.lower_ in ("you", "we", "us", "card", "account") and preps:
            target = preps[0]
        about, keys = attribute(target if target != t else t, {t.i})
        out.append(_claim(sent, clause_of(t), neg, about, keys, sent.tok_span(t), f"charging verb {t.text!r}"
                          + (" negated" if neg else "")))
        taken.add(t.i)
    # 4. paid adjectives: "a paid add-on"
    for t in sent.tokens:
        if t.i in taken or t.lower_ not in ("paid", "chargeable", "billable") or t.dep_ not in ("amod", "acomp"):
            continue
        target = t.head if t.dep_ == "amod" else (subjects(t.head) or [t.head])[0]
        if t.dep_ == "amod" and target.dep_ == "attr" and subjects(target.head):
            target = subjects(target.head)[0]  # "Onboard Wi-Fi is a paid service": the Wi-Fi is paid
        about, keys = attribute(target, {t.i})
        out.append(_claim(sent, clause_of(t), False, about, keys, sent.tok_span(t), f"{t.text!r}"))
    return out


def _claim(sent, head, free, about, keys, span, how) -> Claim:
    return Claim(KIND, Cost(free, span.text), about, keys,
                 mask(sent, head, [(span.start - sent.offset, span.end - sent.offset)]), span, how=how)


def _name(tok) -> bool:
    """"Movara Free", "the Free plan": a capitalised "Free" inside a name."""
    if not tok.text[:1].isupper():
        return False
    if tok.i == tok.sent.start:
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        return nxt is not None and nxt.lower_ in ("plan", "tier", "account", "version", "edition")
    prev = tok.doc[tok.i - 1]
    return prev.pos_ == "PROPN" or prev.text[:1].isupper() or (
        tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ in ("plan", "tier", "account", "version", "edition"))


def _tier_name(tok) -> bool:
    """"the free plan", "free accounts": a tier's name, not a price."""
    if tok.dep_ == "amod" and tok.head.lemma_.lower() in lexicon.words("scope", "tier_nouns"):
        return True
    if tok.dep_ == "pobj" and tok.head.lower_ == "including":
        return True  # "on every plan, including free"
    return False


def _for_free(tok) -> bool:
    """Is ``tok`` the "free" of "for free" ("can't be cancelled for free"; the parser may hang it on
    "for" as a pobj or an amod)? It is then said of the verb, and that verb's negation is its own."""
    return tok.dep_ in ("pobj", "amod") and tok.head.lower_ == "for" and tok.head.dep_ == "prep"


def _free_anchor(first, last):
    """What "free" is said of: the noun it modifies, the subject of "is free",
    the verb of "for free" / "at no cost"."""
    t = last if last.lower_ in ("free", "complimentary") else first
    if _for_free(t):
        return t.head.head  # the verb "for free" is said of
    if t.dep_ == "amod" and t.head.pos_ in ("NOUN", "PROPN"):
        return t.head
    if t.dep_ in ("acomp", "attr", "oprd") or (t.dep_ == "conj" and t.head.pos_ == "ADJ"):
        subj = subjects(t.head if t.dep_ != "conj" else t.head.head)
        if subj:
            return subj[0]
        return t.head
    if t.dep_ in ("pobj",) and t.head.dep_ == "prep":
        return t.head.head
    if t.dep_ in ("advmod", "npadvmod", "dobj", "xcomp", "ccomp", "conj", "prep", "det") and t.head != t:
        return t.head
    return t


def _has_amount(tok) -> bool:
    for c in tok.subtree:
        if c.like_num or c.text in ("$", "£", "€"):
            return True
    return any(c.like_num or c.text in ("$", "£", "€") for c in tok.head.children) if tok.head != tok else False


_MONEY_WORDS = frozenset({"dollar", "euro", "pound", "cent", "penny", "pence", "usd", "eur", "gbp", "buck"})


def _money_near(tok) -> bool:
    """An amount of money in the verb's phrase ("charge you $5", "costs 10 euros"), placeholders included."""
    for c in tok.subtree:
        if c.text in ("$", "£", "€", "\ufffc", "X") and c.i > tok.i or c.lemma_.lower() in _MONEY_WORDS:
            return True
        if c.like_num and c.text[:1].isdigit() and c.i > tok.i:
            return True
    return False
