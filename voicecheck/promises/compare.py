"""Compare the claims of a promise with the claims of a passage.

Two claims are compared only when they are *about the same attribute*
(:class:`Relater`): their attribute phrases and clauses are close in
embedding space, or they share content words once the brand's own
vocabulary has folded its synonyms ("customer" is "member" when the brand
says so). Then each kind of claim decides with its own rule (a 14-day trial
is not a 30-day trial; weekdays leave out the weekend that 24/7 covers;
"add a payment card" requires what "no card required" doesn't), and two
rules hold across kinds: a *hedged* passage claim about a firm promise claim
is a modality conflict; a *restricted* passage claim (only, first month,
annual plans only) about an unrestricted promise claim is a scope conflict.

Each :class:`Verdict` keeps both claims, how related they are and a reason
in a writer's words: "promise: ready within 1 hour; this passage: the next day".
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import Callable, Iterable

import numpy as np

from voicecheck.promises.claims import (channels, cost, lexicon, modality, polarity, presence, quantities,
                                         requirements, schedules)
from voicecheck.promises.claims.base import Claim

#: The benchmark phenomenon each facet of a conflict usually is.
PHENOMENON = {
    "quantity": "numeric", "schedule": "temporal", "requirement": "negation", "predicate": "negation",
    "cost": "antonym", "axis": "antonym", "modality": "modality", "channel": "channel", "agent": "channel",
    "scope": "scope", "model": "implicit", "presence": "negation",
}

#: Minimum relatedness for two claims to be about the same attribute, by kind.
RELATED = {"quantity": 0.4, "schedule": 0.35, "cost": 0.45, "requirement": 0.5, "channel": 0.35, "agent": 0.3,
           "axis": 0.5, "predicate": 0.45, "modality": 0.45, "scope": 0.5, "presence": 0.55, "availability": 0.6}


@dataclass(frozen=True)
class Verdict:
    """One conflict (or agreement) between a promise claim and a passage claim."""

    conflict: bool
    facet: str  # the kind of claim, or "modality" / "scope" for the cross-kind rules
    strength: float  # 0-1: how sure the rule is, before relatedness
    related: float  # 0-1: how sure it is that both claims are about the same thing
    promise: Claim
    passage: Claim
    reason: str
    parts: tuple[float, float, float] = (0.0, 0.0, 0.0)  # Relater.parts: shared words, attributes, clauses

    @property
    def phenomenon(self) -> str:
        return PHENOMENON.get(self.facet, "implicit")

    @property
    def score(self) -> float:
        return self.strength * min(1.0, 0.5 + self.related)


def _name_forms(names: Iterable[str], cache_dir=None) -> frozenset[str]:
    """The brand's name words, and the lemmas the parser may give them when it
    takes a name for a plural ("Lumen" read as the plural of "luman").
    Kept in the readings' cache under ``cache_dir``, so a run whose readings
    are all cached loads no parser for them."""
    words = {w.lower() for n in names for w in str(n).split()}
    if not words:
        return frozenset()
    from voicecheck.promises.claims.store import remembered

    def lemmas() -> set[str]:
        from voicecheck.nlp.models import get_parser

        out = set(words)
        for w in sorted(words):
            for sentence in (f"{w.capitalize()} replies.", f"We love {w.capitalize()}."):
                out.update(t.lemma_.lower() for t in get_parser()(sentence) if t.lower_ == w)
        return out

    return frozenset(remembered(cache_dir, "name forms\x00" + "\x00".join(sorted(words)), lemmas))


#: The most that shared words tie two claims when the word one is said of only modifies what the other is
#: said of (a compound's head names the thing: a "delivery charge" is a charge).
MODIFIER_TIE = 0.5


class Relater:
    """Decides how related two claims' attributes are, from embeddings of
    their attribute phrases and clauses and from the content words they
    share, each word weighted by how rare it is among the promises (a word in
    one promise ties a passage to it; a word in every promise ties nothing),
    with the brand's terms as synonyms."""

    def __init__(self, embed: Callable[[list[str]], np.ndarray] | None, synonyms: dict[str, str] | None = None,
                 names: Iterable[str] = (), cache_dir=None):
        self._embed = embed
        self._vec: dict[str, np.ndarray] = {}
        self._plain_of: dict[str, str] = {}
        self.synonyms = synonyms or {}
        self.names = _name_forms(names, cache_dir)  # the brand's own name: it ties everything, so nothing
        self._df: dict[str, int] = {}
        self._n = 1

    def fit(self, promise_claims: Iterable[list[Claim]]) -> None:
        """Word rarity from the promises (one set of words per promise)."""
        groups = [set().union(*(self.keys(c) | self._frame(c) for c in claims)) if claims else set()
                  for claims in promise_claims]
        self._n = max(1, len(groups))
        self._df = {}
        for g in groups:
            for k in g:
                self._df[k] = self._df.get(k, 0) + 1

    def weight(self, key: str) -> float:
        return math.log(1.0 + self._n / self._df.get(key, 1))

    def prepare(self, claims: Iterable[Claim]) -> None:
        """Embed every attribute phrase, clause and predicate at once (one batch)."""
        if self._embed is None:
            return
        texts = set()
        for c in claims:
            texts.update(t for t in (c.about, c.context) if t)
            texts.update(h for m in c.scope if m.head for h in m.head.split())
            if c.kind == polarity.PREDICATE:
                texts.add(c.value.lemma)
            if c.kind == quantities.KIND and c.value.dim == "count":
                texts.add(c.value.unit)
            if c.kind == requirements.KIND and c.value.thing:
                texts.add(c.value.thing)
        texts = {self._plain(t) for t in texts} - set(self._vec)
        if texts:
            ordered = sorted(texts)
            for t, v in zip(ordered, self._embed(ordered)):
                self._vec[t] = v

    def keys(self, c: Claim) -> frozenset[str]:
        return frozenset(self.synonyms.get(k, k) for k in c.keys if k not in self.names)

    def _frame(self, c: Claim) -> frozenset[str]:
        return frozenset(self.synonyms.get(k, k) for k in c.frame if k not in self.names)

    def _overlap(self, a: frozenset[str], b: frozenset[str]) -> float:
        if not a or not b:
            return 0.0
        shared = sum(self.weight(k) for k in a & b)
        return shared / min(sum(self.weight(k) for k in a), sum(self.weight(k) for k in b))

    def _plain(self, text: str) -> str:
        """The text without the brand's own name: "Roamly Assist" and "the roamly app" share nothing else."""
        if not self.names:
            return text
        plain = self._plain_of.get(text)
        if plain is None:  # asked for each pair of claims: worked out once per text
            plain = " ".join(w for w in text.split() if w.lower().strip(".,:;!?'’s") not in self.names) or text
            self._plain_of[text] = plain
        return plain

    def similar(self, a: str, b: str) -> float:
        va, vb = self._vec.get(self._plain(a)), self._vec.get(self._plain(b))
        return float(va @ vb) if va is not None and vb is not None else (1.0 if a == b else 0.0)

    def phrases(self, a: str, b: str) -> float:
        """How related two short phrases are: their embeddings, or a shared content word."""
        return max(self.similar(a, b), 0.85 * float(bool(content_lemmas(a) & content_lemmas(b))))

    def thing(self, p: Claim, x: Claim) -> float:
        """How related two claims' own phrases are, without the sentences around them."""
        return max(0.85 * self._overlap(self.keys(p), self.keys(x)), self.similar(p.about, x.about))

    def parts(self, p: Claim, x: Claim, without: set[str] | frozenset[str] = frozenset()) -> tuple[float, float, float]:
        """(shared words, attribute phrases, clauses): three views of how related two claims are, each 0-1."""
        pk, xk = self.keys(p) - without, self.keys(x) - without
        lex = max(0.85 * self._overlap(pk, xk),
                  0.7 * self._overlap(pk | (self._frame(p) - without), xk | (self._frame(x) - without)))
        ps, xs = self.synonyms.get(p.subject, p.subject), self.synonyms.get(x.subject, x.subject)
        if ps and ps == xs and ps not in self.names and ps not in without:
            lex = max(lex, 0.75)  # "Insurance is included" and "Insurance isn't included with this rate"
        elif ps and xs and ps != xs and (ps in xk or xs in pk):
            # one side's subject is only a modifier on the other's ("your visit is tomorrow" and "your visit
            # summary is in the app"): a visit summary is a summary, so the shared word is a weaker tie
            lex = min(lex, MODIFIER_TIE)
        if self._embed is None:
            return lex, 0.0, 0.0
        if without:
            return lex, 0.0, self.similar(p.context, x.context) - 0.15  # the clauses, verbs included: a weaker tie
        about = self.similar(p.about, x.about) if p.about and x.about else 0.0
        ctx = max(self.similar(p.context, x.context), self.similar(p.about, x.context), self.similar(p.context, x.about))
        return lex, about, ctx

    def __call__(self, p: Claim, x: Claim, without: set[str] | frozenset[str] = frozenset()) -> float:
        rel = max(self.parts(p, x, without))
        po, xo = _ordinals(p), _ordinals(x)
        if po and xo and not po & xo:
            rel *= 0.3  # "your first checked bag" and "a second bag": two things
        pn, xn = p.names - self.names, x.names - self.names
        if pn and xn and not pn & xn and not _mentions(x, pn) and not _mentions(p, xn):
            rel *= 0.4  # "Lumen Free" and "Lumen Plus": two plans (each names one the other doesn't mention)
        return rel


_STOP = frozenset("""a an the and or but if of to in on at by for with from as is are be been was were it its
this that these those you your we our us they their he she his her i me my not no can will would should could
may might must do does did have has had get got any all every each more most than then there here when what
which who how about into out up down over under after before so just also only very""".split())


def content_lemmas(text: str) -> set[str]:
    """The lower-cased lookup lemmas of a text's content words (three letters or more, no
    function words): what retrieval and the requirement tie count as shared words."""
    from voicecheck.nlp.tokens import make_doc

    return {t.norm_ for t in make_doc(text) if t.norm_.isalpha() and len(t.norm_) > 2 and t.norm_ not in _STOP}


def _mentions(c: Claim, names: frozenset[str]) -> bool:
    """Does the clause of ``c`` name one of ``names``, capitalised ("SOC 2" at the start of a sentence is
    no name to the name finder, but it is the standard the other side names; "free" in "your free trial"
    is no mention of the plan "Lumen Free")?"""
    words = {w.lower() for w in re.findall(r"\b[A-Z]\w*", f"{c.context} {c.about}")}  # written as names
    return bool(words & names)


#: Kinds whose values say what they are about well enough that a passage
#: linked to the promise as a whole ties its claim to the promise's claim.
TYPED = frozenset({"schedule", "channel", "agent"})

#: Antonym axes narrow enough that both sides naming one is a tie in itself (not "inclusion" or "availability").
SPECIFIC_AXES = frozenset({"refundability", "permanence", "encryption", "automation", "privacy", "fixedness",
                           "continuity", "immediacy", "agency", "offline", "pace", "choice", "limits",
                           "human_review"})


_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
             "fifth": 5, "5th": 5, "additional": 2, "extra": 2, "another": 2}


def _ordinals(c: Claim) -> frozenset[int]:
    words = (c.about + " " + c.span.text).lower().replace("-", " ").split()
    return frozenset(_ORDINALS[w] for w in words if w in _ORDINALS)


def judge(promise: list[Claim], passage: list[Claim], relate: Relater, link: float = 0.0) -> list[Verdict]:
    """Every conflict and agreement between two claim lists, strongest conflict
    first. ``link`` is the similarity of the two whole sentences: a passage
    about the promise as a whole ties typed claims (a schedule to a schedule)
    even when their attribute phrases differ ("our vans are on the road" and
    "we deliver")."""
    out: list[Verdict] = []
    xs = [x for x in passage if not x.hypothetical]
    ps = [p for p in promise if not p.hypothetical]
    sole = _sole_measures(ps) & _sole_measures(xs)
    for p in ps:
        for x in xs:
            one = p.kind == x.kind == quantities.KIND and p.value.dim == x.value.dim and p.value.dim in sole
            v = _pair(p, x, relate, link, one)
            if v is not None:
                out.append(replace(v, parts=relate.parts(p, x)))
    if link > 0 and not any(v.conflict and v.facet == "scope" for v in out):
        out.extend(_narrowed_across(ps, xs, relate, link))
    # a typed claim that agrees outweighs a plain predicate read from the same words the other way
    # ("No card required." read as agreeing on the card, and as "required" by a stray parse)
    agreed = [v.passage.span for v in out if not v.conflict and v.facet != polarity.PREDICATE]
    out = [v for v in out if not (v.conflict and v.facet == polarity.PREDICATE and any(
        a.start < v.passage.span.end and v.passage.span.start < a.end for a in agreed))]
    # a promise claim the passage restates, unhedged, is not contradicted by a hedge on another clause
    # ("You didn't need a card, and nothing is charged unless you stay": the card is still not required)
    restated = [(v.promise.span, v.related) for v in out if not v.conflict and v.facet == v.promise.kind
                and v.promise.kind != polarity.PREDICATE and v.passage.hedge is None]
    out = [v for v in out if not (v.conflict and v.facet == "modality" and any(
        a.start < v.promise.span.end and v.promise.span.start < a.end and rel >= v.related for a, rel in restated))]
    # an exception the promise makes itself ("never … without your agreement") is no hedge when the
    # passage states it ("never book one unless the customer has agreed")
    if any(p.kind == requirements.KIND and p.value.required for p in ps):
        out = [v for v in out if not (v.conflict and v.facet == "modality" and v.passage.hedge is not None
                                      and modality.is_exception(v.passage.hedge))]
    out.sort(key=lambda v: (not v.conflict, -v.score))
    return out


def _narrowed_across(ps: list[Claim], xs: list[Claim], relate: Relater, link: float) -> list[Verdict]:
    """A scope mark quantifies a noun, not the claim that happens to carry it: "we'll send it to
    any pharmacy" against "e-prescriptions can only go to our partner pharmacies" narrows the
    pharmacies whatever each side asserts of them. Only for a passage about the promise as a
    whole (``link``: the closest promise, sentences at least this similar)."""
    if link < RELATED["scope"] - 0.15:
        return []
    for p in ps:
        for x in xs:
            taken = x.kind == polarity.AXIS and x.value.axis in ("inclusion", "availability") and not x.value.positive
            if not taken and not any(m.kind in ("only", "except", "upgrade") for m in x.scope):
                continue  # "some files couldn't sync", "most pharmacies": a quantity of them, not a limit
            v = _narrowed(p, x, relate)
            if v is not None:
                rel = max(link, relate(p, x))
                return [replace(v, related=rel, parts=relate.parts(p, x))]
    return []


def _sole_measures(claims: list[Claim]) -> set[str]:
    """The dimensions (time, money, size ...) that exactly one quantity of ``claims`` measures;
    counts are left out (their unit is the counted thing: "3 seats" and "5 projects" are not one)."""
    seen = Counter(c.value.dim for c in claims if c.kind == quantities.KIND and c.value.dim != "count")
    return {dim for dim, n in seen.items() if n == 1}


def _pair(p: Claim, x: Claim, relate: Relater, link: float = 0.0, sole: bool = False) -> Verdict | None:
    """The verdict on one promise claim against one passage claim, or None when they are not about
    one attribute. ``sole``: both are their sentence's only quantity of one dimension, so a passage
    about the promise as a whole (``link``) ties them ("booking installations 6 to 8 weeks after you
    join" against "fitted within 14 days of joining")."""
    same_kind = p.kind == x.kind
    cross = _cross_kind(p, x)
    if not same_kind and cross is None:
        unavailable = _unavailable(p, x, relate)
        if unavailable is not None:
            return unavailable
        return _modality(p, x, relate, same_kind=False) if link > 0 else None
    rel = relate(p, x)
    if same_kind and p.kind == presence.KIND:
        rel = relate.thing(p, x)  # "no ads" and "includes 40 workouts": the things themselves must match
    if same_kind and p.kind == polarity.PREDICATE:
        rel = relate(p, x, without={p.value.lemma, x.value.lemma})  # what is done, to what: not the verb alone
    if same_kind and p.kind == requirements.KIND and p.value.thing and x.value.thing:
        # what is required must be the same thing: the purpose's words alone tie nothing ("no account
        # needed to vote" says nothing of "confirm votes"); the same thing in other words is the same
        # requirement whatever else the phrases hold ("no photos needed", "snap a quick picture of it")
        rel = relate.phrases(p.value.thing, x.value.thing)
    if same_kind and p.kind == channels.AGENT and p.value.role and p.value.role == x.value.role:
        rel = max(rel, RELATED["agent"] + 0.2)  # "a human coach" and "your coach is a virtual guide": one role
    if same_kind and (p.kind in TYPED or sole):
        rel = max(rel, link)
    if same_kind and p.kind == polarity.AXIS and p.value.axis == x.value.axis and p.value.axis in SPECIFIC_AXES:
        if relate.thing(p, x) >= 0.3 or len(p.about.split()) < 2 or len(x.about.split()) < 2:
            rel = max(rel, RELATED["axis"])  # "money-back" and "not refundable": the axis names the attribute
    kind = p.kind if same_kind else cross
    if rel < RELATED.get(kind, 0.5):
        return None
    if same_kind and p.kind == polarity.PREDICATE and not _same_predicate(p.value.lemma, x.value.lemma, relate):
        if rel < 0.65:
            return None  # two different predicates: a hedge on one says nothing about the other
        if p.value.negated and not x.value.negated and relate.thing(p, x) >= 0.75:
            # "we never send estimated bills" against "this bill is estimated": what is never done, done
            return Verdict(True, "predicate", 0.6 * (0.8 if x.instance else 1.0), relate.thing(p, x), p, x,
                           _reason(p, x))
        return _modality(p, x, relate, same_kind=True, rel=rel)
    strength, agree = _value_rule(p, x) if same_kind else (_cross_rule(p, x, relate), False)
    damp = 0.6 if x.instance and not any(m.kind == "universal" for m in p.scope) else 1.0
    if same_kind and p.kind == quantities.KIND and {p.value.bound, x.value.bound} == {"eq", "max"} \
            and "within" in (p.value.word + x.value.word):
        # "free for 14 days" (a length) against "within 24 hours" (a limit): rarely one fact; an estimate
        # ("6 to 8 weeks after you join", "about two weeks") is what a "within" limits
        damp *= 0.6
    if same_kind and p.kind == requirements.KIND and not p.value.required and x.value.required and any(
            m.kind == "only" for m in x.scope):
        damp *= 0.5  # "only the organizer needs an account": everyone else needs none, as the promise says
    if strength > 0:
        return Verdict(True, kind, strength * damp, rel, p, x, _reason(p, x))
    other = _modality_or_scope(p, x, relate, same_kind=True, rel=rel, agree=agree)
    if other is not None:
        return other
    if agree:
        return Verdict(False, kind, 1.0, rel, p, x, f"same {_noun(kind)}: {p.label()}")
    return None


def _value_rule(p: Claim, x: Claim) -> tuple[float, bool]:
    """(conflict strength, agreement) of two claims of one kind."""
    k = p.kind
    pv, xv = p.value, x.value
    if k == quantities.KIND:
        if p.negated or x.negated:
            return 0.0, False
        return quantities.conflict(pv, xv, _customer_window(p)), quantities.agrees(pv, xv)
    if k == schedules.KIND:
        return schedules.conflict(pv, xv), schedules.agrees(pv, xv)
    if k == cost.KIND:
        if pv.free and not xv.free:
            return 0.85, False
        return 0.0, pv.free == xv.free
    if k == requirements.KIND:
        if not pv.required and xv.required:
            return 0.85, False
        if pv.required and not xv.required:
            return 0.5, False
        return 0.0, True
    if k == channels.CHANNEL:
        return _channel_rule(pv, xv)
    if k == channels.AGENT:
        if pv.who != xv.who:
            return (0.85 if pv.who == "human" else 0.5), False
        return 0.0, True
    if k == polarity.AXIS:
        if pv.axis != xv.axis:
            return 0.0, False
        if pv.positive != xv.positive:
            return 0.75, False
        return 0.0, True
    if k == polarity.PREDICATE:
        if pv.negated != xv.negated:
            return 0.65, False
        return 0.0, True
    if k == presence.KIND:
        return presence.conflict(pv, xv), pv.present == xv.present
    return 0.0, False


def _unavailable(p: Claim, x: Claim, relate: "Relater") -> Verdict | None:
    """"Refunds aren't available for annual plans", "X is no longer offered": the
    passage takes away the thing a promise claim is about."""
    if x.kind != polarity.AXIS or x.value.axis != "availability" or x.value.positive:
        return None
    if (p.kind == requirements.KIND and not p.value.required) or (p.kind == presence.KIND and not p.value.present):
        return None  # "no account needed" and "your account has been suspended": nothing promised is taken away
    if p.kind == polarity.PREDICATE and p.value.lemma not in x.about.lower().split():
        # a verb shared with the promise ("manage", "switch") is not the thing offered; a word the passage
        # makes the unavailable thing is ("SSO on every plan", parsed with "SSO" as its verb, against
        # "SSO isn't available on your plan")
        return None
    rel = relate.thing(p, x)
    if rel < RELATED["availability"]:
        return None
    return Verdict(True, "predicate", 0.7, rel, p, x, _reason(p, x))


def _customer_window(c: Claim) -> bool | None:
    """Is a "within" time one the customer acts in (True: "you can return it within 30 days"), one we
    act in (False: "our team replies within 4 hours"), or unknown (None)?"""
    import re

    text = f"{c.context} {c.about}".lower()
    you = re.search(r"\b(you|your)\b", text) and (c.subject in ("", "you") or re.search(r"\byou\s+(can|may|have)\b", text))
    we = re.search(r"\b(we|our|us)\b", text) or c.subject not in ("", "you")
    if you and not we:
        return True
    if we and not you:
        return False
    return None


def _same_predicate(a: str, b: str, relate: "Relater") -> bool:
    """One predicate in two wordings: the same lemma, or lemmas close in embedding space ("sync", "connect")."""
    return a == b or relate.similar(a, b) >= 0.6


def _channel_rule(p: "channels.Channels", x: "channels.Channels") -> tuple[float, bool]:
    overlaps = {"online": {"app"}, "app": {"online"}}
    pw = set(p.ways) | {o for w in p.ways for o in overlaps.get(w, ())}
    if p.negated:
        # "no phone call needed": the passage may not make that channel the way
        if not x.negated and x.ways & p.ways and (x.only or True):
            return (0.8 if x.only else 0.5), False
        return 0.0, False
    if x.negated:
        return (0.85 if x.ways & p.ways else 0.0), False
    if x.only and not (x.ways & pw):
        return 0.85, False
    if x.only and p.only is False and len(p.ways) > 1 and x.ways < p.ways:
        return 0.6, False
    if x.instruction and not (x.ways & pw):
        return 0.45, False  # "to delete your data, email us" where the promise says "in the app"
    return 0.0, bool(x.ways & p.ways)


def _cross_kind(p: Claim, x: Claim) -> str | None:
    """Kinds that can contradict each other directly."""
    pair = (p.kind, x.kind)
    if pair in ((requirements.KIND, channels.CHANNEL), (channels.CHANNEL, requirements.KIND)):
        return "requirement"
    if pair == (cost.KIND, quantities.KIND) and x.value.dim == "money":
        return "cost"
    if pair == (polarity.AXIS, quantities.KIND) and p.value.axis == "limits":
        return "quantity"
    if pair == (schedules.KIND, quantities.KIND) and x.value.dim == "time" and (
            x.value.bound == "every" or any(m.kind == "only" for m in x.scope)):
        return "schedule"
    if pair == (cost.KIND, polarity.AXIS) and x.value.axis == "inclusion" and not x.value.positive:
        return "cost"
    if pair == (presence.KIND, requirements.KIND) and not p.value.present and x.value.required:
        return "requirement"
    if pair == (polarity.AXIS, quantities.KIND) and p.value.axis in ("immediacy", "permanence") \
            and x.value.dim == "time":
        return "quantity"
    return None


def _cross_rule(p: Claim, x: Claim, relate: "Relater") -> float:
    if p.kind == requirements.KIND and x.kind == channels.CHANNEL:
        # "no phone call needed" vs "cancel by phone only"
        return 0.8 if not p.value.required and x.value.only and not x.value.negated and any(
            w in p.about.lower() for w in x.value.ways) else 0.0
    if p.kind == channels.CHANNEL and x.kind == requirements.KIND:
        return 0.0
    if p.kind == cost.KIND and x.kind == quantities.KIND:
        # free promised, an amount charged ("$6.99 delivery")
        return 0.7 if p.value.free and x.value.low > 0 and x.value.per != "discount" else 0.0
    if p.kind == polarity.AXIS and x.kind == quantities.KIND and p.value.axis == "limits":
        # unlimited promised, a limit stated ("50 downloads", "up to 10 GB")
        if x.value.dim == "count" and x.value.unit not in relate.keys(p) and relate.similar(x.value.unit, p.about) < 0.5:
            return 0.0  # "up to 500 members" in a vault is not a limit on the number of vaults
        return 0.6 if p.value.positive and x.value.bound in ("max", "eq") and x.value.dim in (
            "count", "distance", "size", "weight") else 0.0
    if p.kind == presence.KIND and x.kind == requirements.KIND:
        # "no paperwork" against "sign the paper rental agreement"
        return 0.7 if relate.thing(p, x) >= 0.55 else 0.0
    if p.kind == cost.KIND and x.kind == polarity.AXIS:
        # "at no extra cost" against "messages aren't included in your visit price"
        return 0.7 if p.value.free else 0.0
    if p.kind == polarity.AXIS and x.kind == quantities.KIND and p.value.axis == "permanence":
        # "yours for life" against "runs for 12 months", "taken out 60 days later"
        return 0.75 if p.value.positive and x.value.bound in ("eq", "max", "range") and x.value.low >= 1 else 0.0
    if p.kind == polarity.AXIS and x.kind == quantities.KIND and p.value.axis == "immediacy":
        # "as soon as your visit ends" against "within 3 business days"
        return 0.7 if p.value.positive and x.value.high >= 1 / 24 else 0.0
    if p.kind == schedules.KIND and x.kind == quantities.KIND:
        # "at any time" promised, "once every 90 days" or "only in the last 7 days of a billing period" stated
        only = any(m.kind == "only" for m in x.scope)
        return 0.75 if p.value.always and x.value.low >= 1 and (x.value.bound == "every" or only) else 0.0
    return 0.0


_RESTRICTIVE_STRENGTH = {"first": 0.7, "except": 0.7, "upgrade": 0.7, "only": 0.45, "some": 0.5, "threshold": 0.65,
                         "tier": 0.55}


def _modality_or_scope(p: Claim, x: Claim, relate: Relater, *, same_kind: bool, rel: float | None = None,
                       agree: bool = False) -> Verdict | None:
    """Two claims of one kind about the same attribute whose values agree: a
    hedge on the passage only is a modality conflict, a restriction on it
    only a scope conflict ("free" against "free for the first box")."""
    found = _modality(p, x, relate, same_kind=same_kind, rel=rel)
    if found is not None:
        return found
    narrowed = _narrowed(p, x, relate)
    if narrowed is not None:
        return narrowed
    if not agree:
        return None
    # a mark inside the claim's own words quantifies what the value is about, not how far the claim
    # reaches ("vote on whole days without specific times": the times are what is not required)
    restricted = [m for m in x.scope if m.restrictive and not (
        m.span.end > m.span.start and x.span.start <= m.span.start and m.span.end <= x.span.end)] \
        if not [m for m in p.scope if m.restrictive] else []
    if [m for m in restricted if m.kind == "tier"] and not [m for m in restricted if m.kind in ("only", "upgrade")]:
        # "on the free plan" names a plan; it restricts with "only", or when it names tiers ("on Economy cars")
        restricted = [m for m in restricted if m.kind != "tier" or any(w[:1].isupper() for w in m.text.split())]
    if not restricted:
        return None
    if rel is None:
        rel = relate(p, x)
    if rel >= RELATED["scope"]:
        mark = max(restricted, key=lambda m: _RESTRICTIVE_STRENGTH.get(m.kind, 0.5))
        universal = any(m.kind == "universal" for m in p.scope)
        s = _RESTRICTIVE_STRENGTH.get(mark.kind, 0.5) + (0.1 if universal else 0.0)
        kinds = {m.kind for m in restricted}
        if "tier" in kinds and kinds & {"only", "upgrade"}:
            s = 0.75  # "annual plans only", "upgrade to Plus to ...": the claim holds on one tier alone
        return Verdict(True, "scope", s, rel, p, x, f"promise: {_said(p)}; this passage: {mark.text}")
    return None


def _narrowed(p: Claim, x: Claim, relate: Relater) -> Verdict | None:
    """"any pharmacy you choose" against "only to our partner pharmacies": the
    promise says every one of a kind of thing, the passage only some.
    "Export everything" against "attachments can't be included in exports":
    the promise leaves nothing out, the passage does."""
    for pm in p.scope:
        if pm.kind != "universal" or not pm.head:
            continue
        if pm.head in ("everything", "anything", "all") and x.kind == polarity.AXIS and \
                x.value.axis in ("inclusion", "availability") and not x.value.positive and relate(p, x) >= 0.35:
            return Verdict(True, "scope", 0.7, relate(p, x), p, x, f"promise: {pm.text}; this passage: {_said(x)}")
        for xm in x.scope:
            if xm.kind in ("only", "some", "except", "tier", "upgrade") and xm.head and any(
                    h == pm.head or relate.similar(h, pm.head) >= 0.75 for h in xm.head.split()):
                return Verdict(True, "scope", 0.75, 1.0, p, x, f"promise: {pm.text}; this passage: {xm.text}")
    return None


def _modality(p: Claim, x: Claim, relate: Relater, *, same_kind: bool, rel: float | None = None) -> Verdict | None:
    """A hedge on the passage's claim only ("may", "subject to approval"), on an
    attribute the promise asserts firmly. Across kinds it needs a closer tie."""
    said = f" {p.span.text} {p.context} ".lower()
    firm_words = [w for w in ("never", "always", "guaranteed", "every") if f" {w} " in said]
    certain = any(m.kind == "universal" for m in p.scope) or bool(firm_words)
    hedged = x.hedge is not None and (x.hedge.strength >= 0.5 or (certain and x.hedge.strength >= 0.3)) and (
        p.hedge is None or p.hedge.strength < 0.3)
    if not hedged:
        return None
    if p.kind == polarity.AXIS and (p.value.axis not in SPECIFIC_AXES or (
            x.kind == polarity.AXIS and x.value.axis != p.value.axis)):
        return None  # "a different server" in a promise is a descriptor, not a commitment a hedge can weaken
    if not same_kind and x.kind == polarity.AXIS:
        return None  # nor is "another server" in a passage the thing it hedges
    if not same_kind and p.kind == requirements.KIND:
        return None  # "no account needed" is not weakened by "your account is subject to its policies"
    if rel is None:
        rel = relate(p, x)
    need = RELATED["modality"] if same_kind else RELATED["modality"] + 0.1
    if rel < need:
        return None
    s = 0.4 + 0.45 * x.hedge.strength
    # the promise's firm word, as the passage's hedge is said: "promise: always (with the same clinician)"
    firm = next((w for w in firm_words if w not in _said(p).lower().split()), "")
    promised = f"{firm} ({_said(p)})" if firm else _said(p)
    return Verdict(True, "modality", s if same_kind else s * 0.85, rel, p, x,
                   f"promise: {promised}; this passage: {x.hedge.cue} ({_said(x)})")


def _reason(p: Claim, x: Claim) -> str:
    return f"promise: {_said(p)}; this passage: {_said(x)}"


def _says_negation(text: str) -> bool:
    """Do these words carry a negation themselves ("no fees", "isn't", "never", "non-refundable")?
    The words are the negation termset's (``data/negation.yaml``)."""
    low = text.lower().replace("’", "'")
    return "n't" in low or "non-" in low or bool(set(re.findall(r"\w+", low))
                                                   & lexicon.words("negation", "preceding"))


def _said(c: Claim) -> str:
    """A claim's own words, as a writer reads them: with the "not" that sits
    outside them on the verb ("Summaries aren't shown in the app" says "not in
    the app", never "in the app")."""
    text = c.span.text
    if c.kind == requirements.KIND:  # "optional" says "not required" by itself; "required" needs the "not"
        negated = not c.value.required and bool(set(re.findall(r"\w+", text.lower()))
                                                    & lexicon.words("requirements", "required_adjectives"))
    elif c.kind == cost.KIND:  # "can't be cancelled for free" says "not free", never "free"
        negated = not c.value.free and " ".join(text.lower().split()) in lexicon.words("cost", "free_words")
    else:
        negated = c.negated or (c.kind in (channels.CHANNEL, polarity.PREDICATE, polarity.AXIS)
                                and c.label().startswith("not "))
    if not negated or _says_negation(text):
        return text
    words = text.lower().split()
    if c.kind == requirements.KIND and len(words) > 1 and words[0] not in lexicon.words(
            "requirements", "required_adjectives"):
        return f"no {text}"  # "No receipt needed": the "no" sits on the noun
    return f"not {text}"


def _noun(kind: str) -> str:
    return {"quantity": "value", "schedule": "hours", "cost": "price", "requirement": "requirement",
            "channel": "channel", "agent": "agent", "axis": "wording", "predicate": "claim"}.get(kind, kind)
