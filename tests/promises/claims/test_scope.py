"""Scope: universal marks (every, all, any, forever) and restrictive ones (only, first, tier, except, some)."""
from __future__ import annotations

import pytest

from voicecheck.promises.claims.base import ScopeMark

from .conftest import bug, of, parse, show, texts_of

# (sentence, kind of the claim the mark is on, mark kind, the mark's head noun or a word of its text)
MARKS = [
    # universal
    ("Free returns on every purchase.", "cost", "universal", "purchase"),
    ("All plans include unlimited storage.", "presence", "universal", "plan"),
    ("You can cancel at any time.", "schedule", "universal", "time"),
    pytest.param("Pause or cancel any time.", "schedule", "universal", "time",
                 marks=bug("'Pause' is parsed as a noun, so 'cancel any time' is a conjunct of a noun, not a clause "
                           "of its own; the claim's clause is 'Pause' and its marks leave out 'any time'")),
    ("You can export everything.", "predicate", "universal", "everything"),
    ("Prices are locked forever.", "axis", "universal", "forever"),
    ("The offer is valid on all plans, including free.", "predicate", "universal", "plan"),
    ("Your refund is always issued within 5 days.", "quantity", "universal", "always"),
    # only
    ("Support is available on weekdays only.", "schedule", "only", "weekday"),
    ("Refunds are only issued with proof of purchase.", "requirement", "only", "proof"),
    ("You can only cancel by phone.", "channel", "only", "phone"),
    ("Free for new customers only.", "cost", "only", "customer"),
    ("Free returns for Gold members.", "cost", "only", "member"),
    # first (and from the second onwards)
    ("Free returns on your first order.", "cost", "first", "first order"),
    ("Free for your first month.", "cost", "first", "first month"),
    ("The first month is free.", "cost", "first", "first month"),
    ("Discounts apply from your second box onwards.", "predicate", "first", "second box"),
    # named tiers and plans
    ("Available on the Pro plan.", "axis", "tier", "plan"),
    ("Only available on annual plans.", "axis", "tier", "plan"),
    ("Save 20% on annual plans.", "quantity", "tier", "plan"),
    ("Perks are exclusive to Gold members.", "predicate", "tier", "gold"),
    ("Offline mode is included with Premium and Family plans.", "axis", "upgrade", "plan"),
    ("Upgrade to Plus to unlock offline mode.", "axis", "upgrade", "plus"),
    # except, some, thresholds
    ("Free shipping, except on furniture.", "cost", "except", "furniture"),
    ("The offer doesn't apply to sale items.", "predicate", "except", "sale"),
    ("Excluding bank holidays, we ship every weekday.", "schedule", "except", "bank"),
    ("Selected items are eligible for next-day delivery.", "quantity", "some", "item"),
    ("Certain products can't be returned.", "predicate", "some", "product"),
    ("Some restrictions apply.", "predicate", "some", "restriction"),
    ("Free delivery on orders over £40.", "cost", "threshold", "£40"),
]

# Nothing restricts these claims
UNRESTRICTED = [
    ("Even free accounts get 2 GB of storage.", "quantity"),
    ("Orders ship within 2 business days.", "quantity"),
    ("Manage your plan in the app.", "channel"),
    ("The offer is valid on all plans, including free.", "predicate"),
    ("Standard delivery is free.", "cost"),
]


@pytest.fixture(scope="module")
def reading():
    return parse(texts_of(MARKS, UNRESTRICTED))


@pytest.mark.parametrize("text,kind,mark,word", MARKS)
def test_mark(reading, text, kind, mark, word):
    r = reading[text]
    found = of(r, kind)
    assert found, show(r)
    marks = [m for c in found for m in c.scope if m.kind == mark]
    assert marks, show(r) + f"\nmarks: {[m for c in found for m in c.scope]}"
    assert any(word in m.head.split() or word.lower() in m.text.lower() for m in marks), marks


@pytest.mark.parametrize("text,kind", UNRESTRICTED)
def test_unrestricted(reading, text, kind):
    found = of(reading[text], kind)
    assert found, show(reading[text])
    assert not [m for c in found for m in c.scope if m.restrictive], [m for c in found for m in c.scope]


@pytest.mark.parametrize("kind,restrictive", [("universal", False), ("only", True), ("first", True),
                                              ("tier", True), ("except", True), ("some", True),
                                              ("upgrade", True), ("threshold", True)])
def test_restrictive(kind, restrictive):
    assert ScopeMark(kind, "x").restrictive is restrictive


def test_one_universal_is_marked_once():
    """"on every order" is one universal mark ("every order"), not that and the phrase "on every" again."""
    text = "Delivery is free on every order, on every plan."
    r = parse([text], promise=True)[text]
    (c,) = of(r, "cost")
    assert sorted(m.text for m in c.scope) == ["every order", "every plan"], c.scope
