"""Cost: whether something is free or charged, and what it is said of."""
from __future__ import annotations

import pytest

from voicecheck.promises.claims import cost

from .conftest import bug, mentions, of, parse, show, texts_of

# (sentence, free?, a word of the thing that is free or charged)
FREE = [
    ("Changing your seat is free.", "seat"),
    ("Seat changes are free of charge.", "seat"),
    ("We don't charge for seat changes.", "seat"),
    ("You can change your seat at no extra cost.", "seat"),
    ("Free delivery on all orders.", "delivery"),
    ("Standard delivery is free.", "delivery"),
    ("No early cancellation fees.", "cancellation"),
    ("No young driver fee.", "young"),  # every modifier names the fee, wherever the parser hangs it
    ("Installation is complimentary.", "installation"),
    ("Returns are free of charge within 30 days.", "return"),
    ("Exchanges are on us.", "exchange"),
    ("Our engineers will fit it at no cost to you.", "fit"),
    ("Try it free for 30 days.", "try"),
    ("It's completely free.", None),
    ("There's no charge to change your seat.", None),
    ("We never charge for returns.", None),
    ("Cancel for free at any time.", None),
    ("No fees for paying by bank transfer.", None),
]
CHARGED = [
    ("Seat changes cost $25.", "seat"),
    ("A $25 fee applies to seat changes.", "seat"),
    ("Delivery isn't free for orders under $20.", "delivery"),
    ("Standard delivery costs €4.95.", "delivery"),
    ("A cancellation fee of $30 will be charged.", "cancellation"),
    ("Priority support is a paid add-on.", "support"),
    ("Late returns incur a $5 penalty.", "return"),
    ("A booking fee applies.", "booking"),
    ("You'll be charged £10 to change your seat.", None),
    # "for free" under a negated verb: not free
    ("This trip can't be cancelled for free.", "trip"),
    ("Saver fares can't be changed for free.", "fare"),
    # a UI string's imperative, which the tagger takes for a name: buying it says it is paid for
    ("Buy Wi-Fi for this flight", "wi"),
]
VALUES = [(t, True) for t, _ in FREE] + [(t, False) for t, _ in CHARGED] + [
    pytest.param("Cancelling won't cost you a thing.", True),
    pytest.param("We waive the booking fee for members.", True),
    pytest.param("Zero hidden charges.", True,
                 marks=bug("'Zero' is parsed as a modifier of 'hidden', not a determiner of 'costs'; the "
                         "number word then counts as an amount, so the fee noun reads as charged")),
    pytest.param("Return shipping is paid by the customer.", False,
                 marks=bug("a passive 'is paid by the customer' says the customer is charged: no cost claim read")),
]
ABOUTS = [(t, w) for t, w in FREE + CHARGED if w] + [
    pytest.param("There's no charge to change your seat.", "seat",
                 marks=bug("'no charge to <verb>': the purpose clause is not the attribute; about is empty")),
    pytest.param("We never charge for returns.", "return",
                 marks=bug("'never charge for X': the free-word 'never charge' leaves about empty, not 'returns'")),
    pytest.param("You'll be charged £10 to change your seat.", "seat",
                 marks=bug("'charged ... to change your seat': about is 'You', the purpose clause is lost")),
]

# "free" that says nothing about money, names that contain "Free", and money paid to the customer
NOT_COST = [
    "Feel free to contact us.",
    "Free up space on your phone.",
    "Our Free plan includes 5 projects.",
    "Upgrade from the free plan to unlock more.",
    "You're free to cancel whenever you like.",
    "Gluten-free options are available.",
    "Hands-free calling works in every car.",
    pytest.param("The app is completely ad-free.",
                 marks=bug("'ad-free' (no ads) is read as a cost claim: free, about the app")),
    pytest.param("Your kit ships with a charging cable.",
                 marks=bug("'charging' in 'charging cable' is read as a charging verb: charged, about the cable")),
]
NOT_CHARGED = [
    pytest.param("We'll pay you £50 if your parcel is late.",
                 marks=bug("compensation paid *to* the customer ('we pay you') is read as a charge")),
]


@pytest.fixture(scope="module")
def reading():
    return parse(texts_of(VALUES, ABOUTS, NOT_COST, NOT_CHARGED))


@pytest.mark.parametrize("text,free", VALUES)
def test_free_or_charged(reading, text, free):
    r = reading[text]
    found = of(r, cost.KIND)
    assert found, show(r)
    assert {c.value.free for c in found} == {free}, show(r)


@pytest.mark.parametrize("text,word", ABOUTS)
def test_what_is_free_or_charged(reading, text, word):
    r = reading[text]
    assert any(mentions(c, word) for c in of(r, cost.KIND)), show(r)


@pytest.mark.parametrize("text", NOT_COST)
def test_not_about_money(reading, text):
    assert not of(reading[text], cost.KIND), show(reading[text])


@pytest.mark.parametrize("text", NOT_CHARGED)
def test_money_paid_out_is_not_a_charge(reading, text):
    assert not [c for c in of(reading[text], cost.KIND) if not c.value.free], show(reading[text])


def test_free_with_a_threshold(reading):
    (c,) = of(reading["Free delivery on all orders."], cost.KIND)
    assert c.value.free and any(m.kind == "universal" for m in c.scope)


@pytest.mark.parametrize("free,label", [(True, "free"), (False, "charged")])
def test_label(free, label):
    assert cost.Cost(free).label() == label
