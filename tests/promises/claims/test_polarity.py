"""Polarity: poles of antonym axes (data/antonyms.yaml) and plain predicates with their negation."""
from __future__ import annotations

import pytest

from voicecheck.promises.claims import polarity

from .conftest import bug, mentions, of, parse, show, texts_of

# (sentence, axis, positive pole?, a word of what it is said of)
POLES = [
    ("Your photos sync automatically.", "automation", True, "sync"),
    ("Photos must be uploaded manually.", "automation", False, "photo"),
    ("Sessions are not recorded automatically.", "automation", False, "session"),
    ("You'll get a full refund.", "refundability", True, "refund"),
    # a word of another axis inside an entry keeps its own pole: a full refund is also full
    ("You'll get a full refund.", "completeness", True, "refund"),
    ("We'll refund part of what you paid.", "completeness", False, "pay"),
    ("Your files are end-to-end encrypted.", "encryption", True, "file"),
    ("Backups are not encrypted.", "encryption", False, "backup"),
    ("Attachments are stored unencrypted.", "encryption", False, "attachment"),
    ("Storage is unlimited.", "limits", True, "storage"),
    # words that open a clause of when say it of the clause they hang on, not of the event
    ("Your visit summary is in the app as soon as your visit ends.", "immediacy", True, "summary"),
    ("Downloads are limited.", "limits", False, "download"),
    ("Yours free, forever.", "permanence", True, None),
    ("Your balance never expires.", "permanence", True, "balance"),
    ("This is a limited-time offer.", "permanence", False, "offer"),
    ("Your data is never sold to third parties.", "privacy", True, "data"),
    ("We share your details with advertisers.", "privacy", False, "advertiser"),
    ("Refunds are issued as store credit.", "refundability", False, "credit"),
    # a verb with a subject of its own is what the pole is said of, even inside another clause
    ("Everything is encrypted on your device before it reaches us, so we can never see your data.",
     "encryption", True, "everything"),
    ("Tickets are non-refundable.", "refundability", False, "ticket"),
    ("The feature is no longer available.", "availability", False, "feature"),
    ("Changes take effect immediately.", "immediacy", True, "change"),
    ("Changes take effect at the end of your billing period.", "immediacy", False, "period"),
    ("Towels are included.", "inclusion", True, "towel"),
    ("Towels aren't included.", "inclusion", False, "towel"),
    ("Parking costs extra.", "inclusion", False, "parking"),
    ("You can choose your own seat.", "choice", True, "seat"),
    ("Seats are assigned at check-in.", "choice", False, "seat"),
    ("Your price is locked for 12 months.", "fixedness", True, "price"),
    ("Prices may change at any time.", "fixedness", False, "price"),
    ("Works offline.", "offline", True, "work"),
    ("Videos are streamed and can't be downloaded.", "offline", False, "video"),
    ("Study at your own pace.", "pace", True, "pace"),
    ("Refunds go back to your original payment method.", "refundability", True, "payment"),
    ("The discount is applied straight away.", "immediacy", True, "discount"),
    ("Your credit expires after 12 months.", "permanence", False, "credit"),
    pytest.param("Our prices never change.", "fixedness", True, "price",
                 marks=bug("the axis lists 'never changes' but not 'never change' (a plural subject): no fixedness "
                           "pole, only a negated predicate")),
]

# (sentence, predicate lemma, negated?, a word of what it is said of)
PREDICATES = [
    ("Garmin accounts can't be connected.", "connect", True, "garmin"),
    ("We never delete your messages.", "delete", True, "message"),
    ("We don't store card numbers.", "store", True, "card"),
    ("Nothing is shared without your consent.", "share", True, None),
    ("We no longer print paper statements.", "print", True, "statement"),
    ("We delete your messages after 30 days.", "delete", False, "message"),
    # a UI string's capitalised imperative, which the small pipeline tags as a name: parsed again
    ("Buy Wi-Fi for this flight", "buy", False, "wi"),
    ("Upgrade your plan to add more seats", "upgrade", False, "plan"),
    # the same in a later sentence of the text
    ("Your data is yours. Export everything, any time, in CSV or JSON.", "export", False, "everything"),
    ("Your order has shipped.", "ship", False, "order"),
    ("Your photos aren't shared with anyone.", "share", True, "photo"),
    # a fragment that opens with its verb in the third person, tagged a plural noun: parsed again
    ("Syncs with Garmin.", "sync", False, "garmin"),
    ("Syncs automatically with Apple Health, Google Fit, Garmin and Fitbit.", "sync", False, "garmin"),
    ("Encrypts every file on your device.", "encrypt", False, "file"),
    ("Replies within 24 hours, every day.", "reply", False, None),
]


@pytest.fixture(scope="module")
def reading():
    return parse(texts_of(POLES, PREDICATES))


@pytest.mark.parametrize("text,axis,positive,about", POLES)
def test_pole(reading, text, axis, positive, about):
    r = reading[text]
    found = [c for c in of(r, polarity.AXIS) if c.value.axis == axis]
    assert found, show(r)
    assert {c.value.positive for c in found} == {positive}, show(r)
    if about:
        assert any(mentions(c, about) for c in found), show(r)


def test_the_event_a_clause_of_when_names_is_not_the_attribute(reading):
    r = reading["Your visit summary is in the app as soon as your visit ends."]
    found = [c for c in of(r, polarity.AXIS) if c.value.axis == "immediacy"]
    assert found and all("end" not in c.about.split() and "ends" not in c.about.split() for c in found), show(r)


@pytest.mark.parametrize("text,lemma,negated,about", PREDICATES)
def test_predicate(reading, text, lemma, negated, about):
    r = reading[text]
    found = [c for c in of(r, polarity.PREDICATE) if c.value.lemma == lemma]
    assert len(found) == 1, show(r)
    assert found[0].value.negated is negated, show(r)
    if about:
        assert mentions(found[0], about), show(r)


def test_a_text_parsed_again_keeps_its_words_and_offsets(reading):
    text = "Syncs automatically with Apple Health, Google Fit, Garmin and Fitbit."
    r = reading[text]
    assert r.text == text
    (c,) = [c for c in of(r, polarity.PREDICATE) if c.value.lemma == "sync"]
    assert text[c.span.start:c.span.end] == c.span.text == "Syncs"


def test_negation_said_by_the_entry_is_not_flipped_again(reading):
    (c,) = [c for c in of(reading["Towels aren't included."], polarity.AXIS)]
    assert c.value.positive is False and c.label() == "not included"


def test_a_past_event_is_an_instance(reading):
    (c,) = [c for c in of(reading["Your order has shipped."], polarity.PREDICATE)]
    assert c.instance


def test_a_policy_is_not_an_instance(reading):
    (c,) = [c for c in of(reading["We delete your messages after 30 days."], polarity.PREDICATE)]
    assert not c.instance


@pytest.mark.parametrize("value,label", [
    (polarity.Pred("connect", True, "connected"), "not connected"),
    (polarity.Pred("sync", False, "Syncs"), "Syncs"),
    (polarity.Pole("encryption", False, "not encrypted"), "not encrypted"),
])
def test_label(value, label):
    assert value.label() == label


@pytest.mark.parametrize("text,kind,about", [
    ("30-day money-back guarantee.", "axis", "guarantee"),
    ("Start your 7-day free trial", "cost", "Start your trial"),
])
def test_a_unit_glued_to_its_number_is_not_what_the_claim_is_about(text, kind, about):
    """"30-day" is the guarantee's length: the claim is about the guarantee, not a "day guarantee"."""
    from voicecheck.promises.claims import read

    found = [c for c in read(text).claims if c.kind == kind]
    assert found and found[0].about == about, [(c.kind, c.about) for c in read(text).claims]


def test_a_clause_that_names_a_time_asserts_nothing():
    """"before your trip starts" names when; it doesn't say the trip starts (nor "after we receive it")."""
    from .conftest import parse

    r = parse(["You can cancel for free up to 48 hours before your trip starts.",
               "We refund you after we receive the item."], promise=True)
    starts = [c for c in of(r["You can cancel for free up to 48 hours before your trip starts."], polarity.PREDICATE)
              if c.value.lemma == "start"]
    receive = [c for c in of(r["We refund you after we receive the item."], polarity.PREDICATE)
               if c.value.lemma == "receive"]
    assert starts and receive
    assert all(c.hypothetical for c in starts + receive)
    # the quantity of the deadline is still asserted
    assert [c for c in of(r["You can cancel for free up to 48 hours before your trip starts."], "quantity")
            if not c.hypothetical]


def test_a_clause_is_embedded_in_its_own_spelling():
    """The clause text read for relatedness keeps glued words glued: "can't", not "ca n't"."""
    from .conftest import parse

    text = "Our staff can't normally access the contents of your vaults."
    (c,) = [c for c in of(parse([text])[text], polarity.PREDICATE) if c.value.lemma == "access"]
    assert "can't" in c.context and "ca n't" not in c.context
