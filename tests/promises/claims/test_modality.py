"""Modality: hedges that weaken a claim ("may", "usually", "subject to approval") and words that make it firm."""
from __future__ import annotations

import pytest

from voicecheck.promises.claims import modality

from .conftest import bug, of, parse, show, texts_of

# (sentence, kind of the hedged claim, the hedge's cue, least strength)
HEDGED = [
    ("Deliveries may be delayed during peak season.", "axis", "may", 0.5),
    ("Prices may change at any time.", "axis", "may", 0.5),
    ("We may share your details with partners.", "predicate", "may", 0.5),
    ("Your order could arrive late.", "predicate", "could", 0.4),
    ("Occasionally, parcels might be left with a neighbour.", "predicate", None, 0.5),
    ("We usually reply within a day.", "quantity", "usually", 0.3),
    ("Orders typically arrive in 3 days.", "quantity", "typically", 0.3),
    ("Orders are usually delivered in 2–4 days.", "quantity", "usually", 0.3),
    ("We aim to respond within 2 hours.", "quantity", "aim to", 0.5),
    ("Refunds are subject to approval.", "axis", "subject to", 0.8),
    ("Prices are subject to change.", "axis", "subject to", 0.8),
    ("Refunds are issued at our sole discretion.", "predicate", "at our sole discretion", 0.8),
    ("Upgrades are offered where available.", "axis", "where available", 0.6),
    ("Delivery times are not guaranteed.", "axis", "not guaranteed", 0.8),
    ("We can't guarantee same-day delivery.", "quantity", "can't guarantee", 0.8),
    ("Service is provided on a best-effort basis.", "predicate", "best-effort", 0.8),
    ("We reserve the right to refuse a refund.", "predicate", "reserve the right", 0.8),
    ("In most cases, we reply within an hour.", "quantity", "in most cases", 0.3),
    ("Delivery is normally free.", "cost", "normally", 0.3),
    ("Priority support is available where possible.", "axis", "where possible", 0.5),
    ("We try to answer every call within a minute.", "quantity", "try to", 0.5),
    ("Delivery could take up to 10 days.", "quantity", "could", 0.4),
    # a clause that is the subject of a hedge ("whether X depends on Y") is hedged by it
    ("Whether your team gets the admin dashboard depends on the terms of your contract.", "presence",
     "depends on", 0.6),
    # an infinitive after a hedge ("do our best to book"), parsed as its purpose, is hedged by it
    ("We'll do our best to book your follow-up with the same clinician.", "agent", "do our best", 0.6),
    # a clause joined after it whose subject points back hedges it
    ("We'll book your follow-up with the same clinician, but it depends on their schedule.", "agent",
     "depends on", 0.6),
    # a condition that someone has to approve hedges the main clause
    ("If approved, your refund is issued within 5 days.", "quantity", "if approved", 0.8),
    # readers get these wrong
    pytest.param("Same-day delivery isn't always possible.", "quantity", None, 0.5),
    pytest.param("Your parcel should arrive within 3 days.", "quantity", None, 0.3),
]

# Firm claims, and polite requests whose modal is no hedge
FIRM = [
    ("Your refund is always issued within 5 days.", "quantity"),
    ("We reply within 24 hours.", "quantity"),
    ("Could you send us a picture of the label?", "requirement"),
    ("Can you confirm your address?", "requirement"),
    ("Our support team is available 24/7.", "schedule"),
    ("No bank card required.", "requirement"),
    # "couldn't" reports a failure, it does not weigh a possibility
    ("We couldn't find that pharmacy.", "predicate"),
    ("Your refund could not be issued within 5 days.", "quantity"),
    # a frequency named ("how often", "as often as") is no hedge
    ("Skipping never costs a thing, and there's no limit on how often you do it.", "axis"),
    ("Swap your plan as often as you like, at no cost.", "cost"),
]


@pytest.fixture(scope="module")
def reading():
    return parse(texts_of(HEDGED, FIRM))


@pytest.mark.parametrize("text,kind,cue,strength", HEDGED)
def test_hedged(reading, text, kind, cue, strength):
    r = reading[text]
    found = of(r, kind)
    assert found, show(r)
    hedges = [c.hedge for c in found if c.hedge is not None]
    assert hedges, show(r)
    h = max(hedges, key=lambda h: h.strength)
    if cue:
        assert h.cue == cue
    assert h.strength >= strength


@pytest.mark.parametrize("text,kind", FIRM)
def test_firm(reading, text, kind):
    found = of(reading[text], kind)
    assert found, show(reading[text])
    assert all(c.hedge is None for c in found), show(reading[text])


def test_condition_is_kept(reading):
    (c,) = of(reading["If approved, your refund is issued within 5 days."], "quantity")
    assert c.condition.lower() == "if approved" and not c.hypothetical


def test_a_weak_hedge_is_weaker_than_discretion(reading):
    usually = of(reading["We usually reply within a day."], "quantity")[0].hedge
    discretion = of(reading["Refunds are issued at our sole discretion."], "predicate")[0].hedge
    assert usually.strength < 0.5 <= discretion.strength


@pytest.mark.parametrize("text,cue", [
    ("We always reply within a day.", "always"),
    ("Delivery is guaranteed by 10am.", "guaranteed"),
    ("We never sell your data.", "never"),
    ("Your files sync automatically.", "automatically"),
    ("We reply within a day.", ""),
    ("Replies usually take a day.", ""),
])
def test_certain(text, cue):
    from voicecheck.nlp.models import get_parser
    from voicecheck.promises.claims.base import Sent

    doc = get_parser()(text)
    sent = Sent(doc[:])
    root = [t for t in doc if t.dep_ == "ROOT"][0]
    assert modality.certain(sent, root) == cue


@pytest.mark.parametrize("condition,cue,strength", [
    ("if approved", "if approved", 0.8),
    ("where available", "where available", 0.6),
    ("once your claim has been reviewed", None, 0.7),
    ("if you are eligible", None, 0.7),
    ("unless you opt out", "unless", 0.6),
    ("as long as you keep the tags on", "as", 0.6),
])
def test_hedge_in_a_condition(condition, cue, strength):
    h = modality.hedge_in(condition)
    assert h is not None and h.strength == pytest.approx(strength)
    if cue:
        assert h.cue == cue


@pytest.mark.parametrize("condition", ["if you cancel within 14 days", "when your order ships", "if you move house"])
def test_no_hedge_in_a_plain_condition(condition):
    assert modality.hedge_in(condition) is None
