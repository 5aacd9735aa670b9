"""Assertion: headings, labels, questions and bare conditions assert nothing; requests and fragments do."""
from __future__ import annotations

import pytest

from .conftest import bug, of, parse, show, texts_of

# (text, why it asserts nothing)
NOTHING = [
    ("Manage Your Subscription", "heading"),
    ("Help With Your Order", "heading"),
    ("Delivery & Returns", "heading"),
    ("Contact Us", "heading"),
    ("Why Choose Us", "heading"),
    ("Cancel plan", "label"),
    ("Update details", "label"),
    ("Do you share my details with advertisers?", "question"),
    ("How long does delivery take?", "question"),
    ("Is there a fee to cancel?", "question"),
    ("Ready to get started?", "question"),
    ("Can I pay by bank transfer?", "question"),
    ("If you return it within 30 days", "condition"),
    ("Unless you opt out before renewal", "condition"),
    # a table row or a breadcrumb trail of labels
    ("Shared vaults | Member limit", "table row or breadcrumb of labels"),
    ("Help > Billing > Cancel plan", "table row or breadcrumb of labels"),
    # a perk word in a trail names the topic a text is filed under, it claims nothing
    ("Availability > Chat on the free plan", "table row or breadcrumb of labels"),
    ("Recovery > Restoring on the free plan", "table row or breadcrumb of labels"),
]

# (text, a kind of claim it asserts)
ASSERTS = [
    ("Could you send us your order number?", "requirement"),
    ("Please attach your proof of postage.", "requirement"),
    ("Boxes from £6.49 per serving.", "quantity"),
    ("Real experts, day and night.", "schedule"),
    ("Open 24/7", "schedule"),
    ("No hidden fees", "cost"),
    ("Late fee", "cost"),
    ("No receipt needed", "requirement"),
    ("Early termination charge (Clear Fix) | £75.00", "quantity"),
    ("Your order has shipped.", "predicate"),
    # a trail inside an instruction is part of a sentence
    ("Go to Settings > Billing and cancel for free.", "cost"),
    ("If you return it within 30 days, you get a full refund.", "axis"),
    pytest.param("Free shipping", "cost"),
]

# In a promise, a question sets up what follows: "Delayed 3 hours or more? We pay you $200."
PROMISE_QUESTIONS = [
    ("Delayed 3 hours or more? We pay you $200.", "quantity"),
    ("Can I cancel at any time? Yes, whenever you like.", "schedule"),
]


@pytest.fixture(scope="module")
def reading():
    return parse(texts_of(NOTHING, ASSERTS, PROMISE_QUESTIONS))


@pytest.fixture(scope="module")
def promise_reading():
    return parse(texts_of(PROMISE_QUESTIONS), promise=True)


@pytest.mark.parametrize("text,why", NOTHING)
def test_asserts_nothing(reading, text, why):
    r = reading[text]
    assert not r.asserts and not r.claims, show(r)
    assert why in r.why_not, r.why_not


@pytest.mark.parametrize("text,kind", ASSERTS)
def test_asserts(reading, text, kind):
    r = reading[text]
    assert r.asserts and of(r, kind), show(r)


def test_condition_clause_is_hypothetical(reading):
    r = reading["If you return it within 30 days, you get a full refund."]
    (q,) = of(r, "quantity")
    assert q.hypothetical and not q.asserted
    assert all(not c.hypothetical for c in of(r, "axis"))


@pytest.mark.parametrize("text,kind", PROMISE_QUESTIONS)
def test_question_in_a_promise_sets_up_a_claim(promise_reading, text, kind):
    r = promise_reading[text]
    assert r.asserts, show(r)
    first = text.split("?")[0]
    assert [c for c in of(r, kind) if c.span.end <= len(first) + 1], show(r)


@pytest.mark.parametrize("text,kind", PROMISE_QUESTIONS)
def test_same_question_in_a_passage_claims_nothing_itself(reading, text, kind):
    r = reading[text]
    first = text.split("?")[0]
    assert not [c for c in r.claims if c.span.end <= len(first) + 1], show(r)


def test_delay_threshold_read_from_the_promise_question(promise_reading):
    r = promise_reading["Delayed 3 hours or more? We pay you $200."]
    times = [c for c in of(r, "quantity") if c.value.dim == "time"]
    assert times and times[0].value.bound == "min" and times[0].value.low == pytest.approx(3 / 24)
