"""Requirements: what a customer must have, give or do, and what they needn't."""
from __future__ import annotations

import pytest

from voicecheck.promises.claims import requirements

from .conftest import bug, mentions, of, parse, show, texts_of

# (sentence, a word of what is (not) required)
REQUIRED = [
    # polite requests, as questions and with "please" / "kindly"
    ("Could you upload a copy of your ID?", "id"),
    ("Can you send us your order number?", "order"),
    ("Can you confirm your address?", "address"),
    ("Please attach a photo of the damaged item.", "photo"),
    ("Please attach your proof of postage.", "postage"),
    ("Kindly provide your booking reference.", "reference"),
    # instructions with a purpose
    ("To start your trial, add a payment card.", "card"),
    ("Enter your postcode to see delivery times.", "postcode"),
    # need / require / required / necessary, active and passive
    ("You'll need a valid passport to check in.", "passport"),
    ("A receipt is required for all returns.", "receipt"),
    ("Proof of purchase is required.", "proof"),
    ("We require a signature on delivery.", "signature"),
    ("A valid email address is necessary to sign up.", "address"),
    # labels with no "is": the parser takes the participle for a past tense
    ("Photo ID required at pickup.", "id"),
    ("ID required", "id"),
    # not without it / only with it
    ("Returns can't be processed without the original receipt.", "receipt"),
    ("Refunds are only issued with proof of purchase.", "purchase"),
    # readers get these wrong
    pytest.param("Guests must show photo ID at check-in.", "id",
                 marks=bug("'must <verb> X' is not read as requiring X: no requirement claim")),
    pytest.param("You must have a verified account to withdraw funds.", "account",
                 marks=bug("'must have X' is not read as requiring X ('have' is not a require verb): no claim")),
]
NOT_REQUIRED = [
    ("No bank card required.", "card"),
    # a "No X" label with a purpose: the parser takes "needed" for a past tense with an infinitive
    ("No account needed to vote.", "account"),
    ("No card needed to sign up.", "card"),
    ("Check out as a guest, no account needed.", "account"),
    ("You don't need an account to check out.", "account"),
    ("You won't need a password.", "password"),
    ("There's no need to call us.", "call"),
    ("Cancel without a phone call.", "call"),
    ("Adding a photo is optional.", "photo"),
    ("A deposit is not required.", "deposit"),
    ("Signing in isn't necessary to browse.", "sign"),
    ("No printer? No problem.", "printer"),
    ("No receipt needed.", "receipt"),
    ("No receipt needed", "receipt"),
    pytest.param("Free cancellation, no account needed.", "account",
                 marks=bug("the parse gives 'needed' two subjects ('cancellation', 'account') and the reader takes the "
                           "first: 'no account needed' is said of 'Free cancellation'")),
]

# Nothing here asks the reader to hand anything over
NO_REQUIREMENT = [
    "Don't send us your password.",
    "Can I cancel my order?",
    "Do I need an account?",
    "Please note that prices may vary.",
    "The team needed two days.",
    # the infinitive after a verb with a particle is its purpose: nobody is asked for an account
    "Continue to your dashboard or sign out to use a different account.",
    pytest.param("Bring up to 3 guests.",
                 marks=bug("an allowance ('bring up to 3 guests') is read as an instruction requiring guests")),
]
# In a promise, an instruction is an offer, not a demand
OFFERS = [
    "Add a child seat at no extra charge.",
    "Send us a message on WhatsApp any time.",
]


@pytest.fixture(scope="module")
def reading():
    return parse(texts_of(REQUIRED, NOT_REQUIRED, NO_REQUIREMENT))


@pytest.fixture(scope="module")
def promise_reading():
    return parse(texts_of(OFFERS), promise=True)


def _check(r, required, word):
    found = [c for c in of(r, requirements.KIND) if mentions(c, word)]
    assert found, show(r)
    assert all(c.value.required is required for c in found), show(r)


@pytest.mark.parametrize("text,word", REQUIRED)
def test_required(reading, text, word):
    _check(reading[text], True, word)


@pytest.mark.parametrize("text,word", NOT_REQUIRED)
def test_not_required(reading, text, word):
    _check(reading[text], False, word)


@pytest.mark.parametrize("text", NO_REQUIREMENT)
def test_no_requirement(reading, text):
    assert not of(reading[text], requirements.KIND), show(reading[text])


@pytest.mark.parametrize("text", OFFERS)
def test_instruction_in_a_promise_is_an_offer(promise_reading, text):
    assert not of(promise_reading[text], requirements.KIND), show(promise_reading[text])


def test_same_instruction_in_a_passage_is_a_demand():
    from voicecheck.promises.claims import read

    r = read("Add a child seat at no extra charge.")
    assert [c for c in of(r, requirements.KIND) if c.value.required and mentions(c, "seat")], show(r)


def test_purpose_goes_into_the_attribute(reading):
    (c,) = of(reading["To start your trial, add a payment card."], requirements.KIND)
    assert "trial" in c.about and "payment card" in c.about
    assert c.value.thing == "payment card"  # the thing itself, without what it is for


def test_thing_is_the_noun_not_its_purpose(reading):
    (c,) = of(reading["No account needed to vote."], requirements.KIND)
    assert c.value.thing == "account" and "vote" in c.about


@pytest.mark.parametrize("required,label", [(True, "required"), (False, "not required")])
def test_label(required, label):
    assert requirements.Need(required).label() == label
