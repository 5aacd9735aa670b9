"""Comparing claims: each kind's value rule, the cross-kind rules (scope, modality), and relatedness
with and without sentence embeddings."""
from __future__ import annotations

import pytest

from voicecheck.promises.claims import channels, polarity, quantities, schedules
from voicecheck.promises.compare import Relater, _channel_rule, _value_rule, judge

from .conftest import bug, of, parse, show

# --------------------------------------------------------------------------
# value rules, on values read from real sentences
# --------------------------------------------------------------------------

# (promise, passage, least conflict, most conflict); both sides' first quantity
AMOUNTS = [
    # a different number of days
    ("Try Plus free for 30 days.", "Your Plus trial lasts 14 days.", 0.85, 1.0),
    ("Try Plus free for 30 days.", "Your Plus trial lasts 30 days.", 0.0, 0.0),
    ("Delivery takes 3-5 business days.", "Delivery takes 4 business days.", 0.0, 0.0),
    ("Delivery takes 3-5 business days.", "Delivery takes 10 business days.", 0.85, 1.0),
    # an allowance made smaller conflicts; made larger, it is only a discrepancy
    ("Get up to 250 GB of storage.", "Get up to 10 GB of storage.", 0.85, 1.0),
    ("Get up to 10 GB of storage.", "Get up to 250 GB of storage.", 0.15, 0.25),
    ("Your first checked bag flies free, up to 50 lb.", "Each bag can weigh up to 70 lb.", 0.15, 0.25),
    # a time limit is a limit whatever its word ("in 15 minutes or less", "within 45 minutes"): not an allowance
    ("See a doctor in 15 minutes or less.", "Patients see a doctor within 45 minutes.", 0.55, 0.9),
    # the far side of a limit is another region: past an allowance, over it or in a range past it;
    # past a "within" limit the time breaks it
    ("Checked bags up to 23 kg fly free.", "Bags over 23 kg cost £40 extra.", 0.0, 0.0),
    ("Checked bags up to 50 lb fly free.", "An overweight bag (51-70 lb) is $75.", 0.0, 0.0),
    ("Get a smart meter fitted within 14 days.", "Installations take 6 to 8 weeks.", 0.85, 1.0),
    # an order of magnitude: a time well past it breaks it, a limit inside it keeps it
    ("Restore access in minutes.", "Access is restored within 3 business days.", 0.85, 0.85),
    ("Restore access in minutes.", "Access is restored within 30 minutes.", 0.0, 0.0),
    ("Restore access in minutes.", "Access is restored in about 2 hours.", 0.85, 0.85),
    ("We reply within 24 hours.", "Most replies arrive in minutes.", 0.0, 0.0),
    # not comparable: another currency, another period, a discount, an add-on, a deadline
    ("Plans cost $10 a month.", "Plans cost £10 a month.", 0.0, 0.0),
    ("Plans cost $10 a month.", "Plans cost $100 a year.", 0.0, 0.0),
    ("Members get 15 percent off.", "99.9% uptime, guaranteed.", 0.0, 0.0),
    ("Get up to 2 TB of storage.", "Add an extra 1 TB for $4.99 a month.", 0.0, 0.0),
    ("Cancel at least 48 hours before your appointment.", "Cancel within 24 hours.", 0.0, 0.0),
    # what happens once a year can take the year: not within 5 working days
    ("Your plan is reviewed within 5 working days.", "Your plan is reviewed once a year.", 0.6, 0.8),
    ("Your plan is reviewed within 5 working days.", "Your plan is reviewed once a day.", 0.0, 0.0),
    pytest.param("Get up to 250 GB of storage.", "Storage is limited to 10 GB.", 0.85, 1.0),
]

# (window: does the customer act?, promise, passage, least, most)
WITHIN = [
    # we act: a longer time breaks the promise, a shorter one is a better service
    (False, "We reply to emails within 4 hours.", "We reply to emails within 48 hours.", 0.85, 0.85),
    (False, "We reply to emails within 24 hours.", "We reply to emails within 2 hours.", 0.35, 0.35),
    # the customer acts: a shorter window breaks the promise
    (True, "You can return items within 30 days.", "Items can be returned within 14 days.", 0.85, 0.85),
    (True, "You can return items within 14 days.", "You can return items within 30 days.", 0.35, 0.35),
    # nobody said who acts
    (None, "Refunds within 30 days.", "Refunds within 14 days.", 0.55, 0.55),
]

# (promise, passage, least, most): the first schedule of each
WINDOWS = [
    ("Support is available 24/7.", "Support is available Monday to Friday, 9am to 5pm.", 0.85, 0.85),
    ("Our shop is open every day.", "Our shop is closed on Sundays.", 0.85, 0.85),
    ("Our phone lines are open weekdays, 8am to 8pm.", "Our phone lines are open weekdays, 9am to 5pm.", 0.85, 0.85),
    ("Live chat runs from 8am to 10pm every day.", "Live chat runs from 8am to 9pm every day.", 0.6, 0.6),
    ("Our phone lines are open weekdays, 9am to 5pm.", "Our phone lines are open 24/7.", 0.0, 0.0),
    ("Support is available 24/7.", "Support is available around the clock.", 0.0, 0.0),
]

PAIR_TEXTS = [t for case in AMOUNTS + WINDOWS for t in (case.values if hasattr(case, "values") else case)[:2]] + [
    t for _, p, x, *_ in WITHIN for t in (p, x)]


# PROMISES and PASSAGES (the sentences of JUDGED and of the relatedness tests) are listed further down.
@pytest.fixture(scope="module")
def passages():
    return parse(PAIR_TEXTS + PASSAGES + ["Your photos sync automatically.", "Your files are stored unencrypted."])


@pytest.fixture(scope="module")
def promises():
    return parse(PAIR_TEXTS + PROMISES, promise=True)


def _first(reading, kind):
    found = of(reading, kind)
    assert found, show(reading)
    return found[0]


@pytest.mark.parametrize("p,x,low,high", AMOUNTS)
def test_quantity_rule(promises, passages, p, x, low, high):
    pv, xv = _first(promises[p], quantities.KIND).value, _first(passages[x], quantities.KIND).value
    assert low <= quantities.conflict(pv, xv) <= high, (pv, xv)


def test_same_amount_agrees(promises, passages):
    pv = _first(promises["Try Plus free for 30 days."], quantities.KIND).value
    xv = _first(passages["Your Plus trial lasts 30 days."], quantities.KIND).value
    assert quantities.agrees(pv, xv)


@pytest.mark.parametrize("window,p,x,low,high", WITHIN)
def test_within_time_direction(promises, passages, window, p, x, low, high):
    pv, xv = _first(promises[p], quantities.KIND).value, _first(passages[x], quantities.KIND).value
    assert low <= quantities.conflict(pv, xv, window) <= high


@pytest.mark.parametrize("window,p,x,low,high", WITHIN[:4])
def test_who_acts_is_read_from_the_promise(promises, passages, window, p, x, low, high):
    """The same numbers through :func:`_value_rule`: the promise's clause says who acts."""
    strength, _ = _value_rule(_first(promises[p], quantities.KIND), _first(passages[x], quantities.KIND))
    assert low <= strength <= high


@pytest.mark.parametrize("p,x,low,high", WINDOWS)
def test_schedule_rule(promises, passages, p, x, low, high):
    pv, xv = _first(promises[p], schedules.KIND).value, _first(passages[x], schedules.KIND).value
    assert low <= schedules.conflict(pv, xv) <= high, (pv, xv)


def test_same_window_agrees(promises, passages):
    pv = _first(promises["Support is available 24/7."], schedules.KIND).value
    xv = _first(passages["Support is available around the clock."], schedules.KIND).value
    assert schedules.agrees(pv, xv)


@pytest.mark.parametrize("p,x,strength", [
    # "no phone call needed": the passage may not make the phone the way
    (channels.Channels(frozenset({"phone"}), negated=True), channels.Channels(frozenset({"phone"}), only=True), 0.8),
    (channels.Channels(frozenset({"phone"}), negated=True), channels.Channels(frozenset({"phone"})), 0.5),
    (channels.Channels(frozenset({"online"})), channels.Channels(frozenset({"phone"}), only=True), 0.85),
    (channels.Channels(frozenset({"online"})), channels.Channels(frozenset({"online"}), negated=True), 0.85),
    (channels.Channels(frozenset({"online"})), channels.Channels(frozenset({"app"}), only=True), 0.0),
    (channels.Channels(frozenset({"phone", "chat"})), channels.Channels(frozenset({"chat"}), only=True), 0.6),
    (channels.Channels(frozenset({"online"})), channels.Channels(frozenset({"email"}), instruction=True), 0.45),
    (channels.Channels(frozenset({"chat"})), channels.Channels(frozenset({"chat", "phone"})), 0.0),
])
def test_channel_rule(p, x, strength):
    assert _channel_rule(p, x)[0] == pytest.approx(strength)


def test_different_axes_never_conflict():
    from voicecheck.promises.claims.base import NO_SPAN, Claim

    a = Claim(polarity.AXIS, polarity.Pole("automation", True), "sync", frozenset({"photo"}), "", NO_SPAN)
    b = Claim(polarity.AXIS, polarity.Pole("encryption", False), "store", frozenset({"photo"}), "", NO_SPAN)
    assert _value_rule(a, b) == (0.0, False)


# --------------------------------------------------------------------------
# judging claims that are about the same thing (no embeddings)
# --------------------------------------------------------------------------

# (promise, passage, facet of the strongest conflict, least strength), "" when they must not conflict
JUDGED = [
    # cost: free against a fee on the same thing; not on a different thing
    ("Seat changes are free.", "Seat changes cost $25.", "cost", 0.85),
    ("Seat changes are free.", "A $25 fee applies to seat changes.", "cost", 0.85),
    ("Free delivery on all orders.", "Standard delivery costs €4.95.", "cost", 0.85),
    ("Seat changes are free.", "Checked bags cost $30.", "", 0),
    ("Standard delivery is free.", "Standard delivery is free.", "", 0),
    # requirements flip
    ("No bank card required.", "To start your trial, add a bank card.", "requirement", 0.85),
    ("A receipt is required for refunds.", "Refunds don't need a receipt.", "requirement", 0.5),
    ("No deposit is needed.", "You don't need to pay a deposit.", "", 0),
    # a purpose clause under "no card needed" is not negated by the card's "no"
    ("No card needed to sign up.", "You don't need a card to sign up.", "", 0),
    # channels: only another way, or this way negated
    ("Cancel online in a few clicks.", "Subscriptions can only be cancelled by phone.", "channel", 0.85),
    ("Cancel online in a few clicks.", "Subscriptions can't be cancelled online.", "channel", 0.85),
    ("Contact us by phone, chat or email.", "Contact us by email only.", "channel", 0.6),
    ("Cancel your plan online.", "Cancel your plan online.", "", 0),
    # agents
    ("Every chat is answered by a real person.", "Chats are answered by our virtual assistant.", "agent", 0.85),
    ("Chats are answered by our assistant, which is fully automated.", "Chats are answered by a real person.",
     "agent", 0.5),
    # axis poles
    ("Your photos sync automatically.", "Photos must be uploaded manually.", "axis", 0.75),
    ("Your files are encrypted.", "Your files are stored unencrypted.", "axis", 0.75),
    ("Storage is unlimited.", "Storage is capped at 10 GB.", "axis", 0.75),
    ("Your photos sync automatically.", "Your price is locked for 12 months.", "", 0),
    # a value against another kind of claim
    ("Unlimited storage on every plan.", "Get up to 10 GB of storage.", "quantity", 0.6),
    ("You can cancel any time.", "You can only cancel once every 30 days.", "schedule", 0.75),
    # schedules through judge
    ("We deliver every day.", "We don't deliver on Sundays.", "schedule", 0.85),
    # numbers through judge, with who acts
    ("We reply to every email within 4 hours.", "Our team replies to emails within 48 hours.", "quantity", 0.85),
    ("You can return items within 30 days.", "Items can be returned within 14 days.", "quantity", 0.85),
    # scope: free against free for the first month / first order
    ("Standard delivery is free.", "Standard delivery is free for the first month.", "scope", 0.7),
    ("Free returns on every purchase.", "Free returns on your first order.", "scope", 0.7),
    ("Free delivery for the first month.", "Standard delivery is free for the first month.", "", 0),
    # modality: always against may; a weak hedge only against a firm "always"
    ("Refunds are always issued within 5 days.", "Refunds may take longer than 5 days.", "modality", 0.6),
    ("We always reply within a day.", "We usually reply within a day.", "modality", 0.5),
    ("We reply within a day.", "We usually reply within a day.", "", 0),
    # a claim inside an if-clause is not asserted; the same number, asserted, conflicts
    ("If you return it within 30 days, you get a full refund.", "You can return items within 14 days.", "", 0),
    ("You can return it within 30 days for a full refund.", "You can return items within 14 days.", "quantity", 0.85),
    # a full refund against a partial one: the same refund, on the completeness axis
    ("If we cancel your flight, you get a full refund.", "When we cancel a flight, refunds are partial.", "axis", 0.75),
    # a thing the passage makes unavailable, though the parser read the promise's fragment with it as a verb
    ("SSO on every plan, Starter included, at no extra cost.", "SSO isn't available on your plan.", "predicate",
     0.7),
    # an exception the promise makes itself is no hedge in the passage
    ("We will never fit a prepayment meter without your agreement.",
     "Never book a prepayment meter unless the customer has agreed to it.", "", 0),
    ("We will never fit a prepayment meter.", "Never book a prepayment meter unless the customer has agreed to it.",
     "modality", 0.6),
    # two different bags, told apart by their ordinals
    pytest.param("Your first checked bag is free.", "A second checked bag costs $40.", "", 0),
]

# a scope mark quantifies a noun whatever claim carries it: "any N" against "only (some) N", for a
# passage about the promise as a whole; a quantity of them ("some", "most") is no limit
NARROWED = [
    ("If you need a prescription, we'll send it to any pharmacy you choose.",
     "E-prescriptions can only go to our partner pharmacies.", True),
    ("Finish any course and get a certificate of completion.",
     "Certificates are issued for courses in the Professional catalog only.", True),
    ("If you need a prescription, we'll send it to any pharmacy you choose.",
     "Most pharmacies have prescriptions ready within a few hours.", False),
    ("Every file is encrypted in transit and at rest.", "Some files couldn't be synchronized.", False),
    # plans named as the ones that have it ("comes with Unlimited and Teams plans")
    ("Download any lesson and watch it offline, on every plan.",
     "Offline downloads come with Unlimited and Teams plans.", True),
]

#: (promise, passage): the passage restates a promise claim without a hedge; a hedge on another of its
#: clauses is no modality conflict with that claim
RESTATED = [
    ("Try Plus free for 30 days. No card required.",
     "You didn't need a card to start, and nothing is charged unless you choose to stay on Plus."),
    ("Returns are always free.", "Returns are free, and we usually refund within a week."),
]

# (promise, passage, the evidence says): a negation on the verb is said with the claim's words
REASONS = [
    ("Your visit summary is in the app.", "Summaries aren't shown in the app.", "this passage: not in the app"),
    ("Reach our support team by phone.", "Our support team no longer takes calls by phone.",
     "this passage: not calls by phone"),
    ("Insurance is included in every trip.", "Insurance isn't included with this rate.",
     "this passage: not included"),
    ("No receipt needed.", "A receipt is required for every exchange.", "promise: no receipt needed; this passage: receipt is required"),
    ("Photos are required.", "Photos are optional.", "this passage: Photos are optional"),
    # a hedge against a firm promise names the firm word too
    ("Refunds are always issued within 5 days.", "Refunds may take longer than 5 days.",
     "promise: always (within 5 days); this passage: may"),
    # "for free" under a negated verb is quoted as not free
    ("Cancel any trip for free.", "This trip can't be cancelled for free.", "this passage: not free"),
    # a clitic negation is quoted with its verb: "can't be connected", never "n't be connected"
    ("Connect your Garmin account in the app.", "Garmin accounts can't be connected.",
     "this passage: can't be connected"),
]

PROMISES = [p for p, *_ in REASONS + RESTATED] + [p for p, *_ in [c.values if hasattr(c, "values") else c for c in JUDGED]] + [
    "Standard delivery is free.", "Your data is never sold.", "Cancel your plan online.",
    "Full refund, no questions asked.",
    "Orders ship within 2 days."]
PASSAGES = [x for _, x, *_ in REASONS + RESTATED] + [x for _, x, *_ in [c.values if hasattr(c, "values") else c for c in JUDGED]] + [
    "Shipping costs $5.", "We sell your data to advertisers.", "To cancel your plan, email us.",
    "Refunds are subject to approval.", "This order will ship in 5 days.", "Orders ship in 5 days."]


def _judge(promises, passages, p, x, relate, link=0.0):
    return judge(promises[p].claims, passages[x].claims, relate, link)


# (promise, passage, conflict expected when the sentences are this similar): a sentence close to the
# promise that states one duration, against a promise that states one, is about the same duration;
# with two durations in the passage, which one is meant is left to what each is said of
SOLE_DURATIONS = [
    ("Get a smart meter fitted within 14 days of joining.",
     "Our engineers are currently booking installations 6 to 8 weeks after you join.", True),
    ("Get a smart meter fitted within 14 days of joining.",
     "Sign up in 5 minutes, and our engineers book installations 6 to 8 weeks after you join.", False),
]
PROMISES += [p for p, *_ in SOLE_DURATIONS + NARROWED]
PASSAGES += [x for _, x, *_ in SOLE_DURATIONS + NARROWED]


@pytest.mark.parametrize("p,x,conflict", NARROWED)
def test_a_universal_noun_narrowed_by_only(promises, passages, p, x, conflict):
    scope = [v for v in _judge(promises, passages, p, x, Relater(None), link=0.45)
             if v.conflict and v.facet == "scope"]
    assert bool(scope) == conflict, [v.reason for v in scope] or show(passages[x])
    # not for a passage that is not about the promise (no link)
    assert not [v for v in _judge(promises, passages, p, x, Relater(None), link=0.0)
                if v.conflict and v.facet == "scope" and "only" in v.reason and not conflict]


@pytest.mark.parametrize("p,x,conflict", SOLE_DURATIONS)
def test_one_duration_each_side_is_one_attribute_when_the_sentences_are_close(promises, passages, p, x, conflict):
    quantity = [v for v in _judge(promises, passages, p, x, Relater(None), link=0.7)
                if v.conflict and v.facet == quantities.KIND]
    assert bool(quantity) == conflict, [v.reason for v in quantity]
    # not tied by a loose link (the sentences' similarity is what ties them)
    assert not [v for v in _judge(promises, passages, p, x, Relater(None), link=0.2)
                if v.conflict and v.facet == quantities.KIND]


@pytest.mark.parametrize("p,x", RESTATED)
def test_a_restated_claim_is_not_contradicted_by_a_hedge_elsewhere(promises, passages, p, x):
    verdicts = _judge(promises, passages, p, x, Relater(None))
    agreed = [v for v in verdicts if not v.conflict and v.facet == v.promise.kind]
    assert agreed, show(passages[x])
    spans = [(v.promise.span.start, v.promise.span.end) for v in agreed]
    hedged = [v for v in verdicts if v.conflict and v.facet == "modality"
              and any(s < v.promise.span.end and v.promise.span.start < e for s, e in spans)]
    assert not hedged, [v.reason for v in hedged]


@pytest.mark.parametrize("p,x,says", REASONS)
def test_evidence_says_the_negation(promises, passages, p, x, says):
    conflicts = [v for v in _judge(promises, passages, p, x, Relater(None)) if v.conflict]
    assert conflicts, show(passages[x])
    assert says in conflicts[0].reason, conflicts[0].reason
    assert "not not" not in conflicts[0].reason and "not optional" not in conflicts[0].reason


@pytest.mark.parametrize("p,x,facet,strength", JUDGED)
def test_judge(promises, passages, p, x, facet, strength):
    verdicts = _judge(promises, passages, p, x, Relater(None))
    conflicts = [v for v in verdicts if v.conflict]
    if not facet:
        assert not conflicts, [v.reason for v in conflicts]
        return
    assert conflicts, show(passages[x])
    assert conflicts[0].facet == facet, [(v.facet, v.reason) for v in conflicts]
    assert conflicts[0].strength >= strength - 1e-9, conflicts[0]


def test_agreement_is_reported(promises, passages):
    verdicts = _judge(promises, passages, "Cancel your plan online.", "Cancel your plan online.", Relater(None))
    assert [v for v in verdicts if not v.conflict and v.facet == "channel"]


def test_reason_quotes_both_sides(promises, passages):
    (v, *_) = _judge(promises, passages, "Seat changes are free.", "A $25 fee applies to seat changes.",
                     Relater(None))
    assert v.reason == "promise: free; this passage: fee"
    assert v.phenomenon == "antonym" and 0 < v.score <= v.strength


def test_one_order_is_damped(promises, passages):
    def strongest(x):
        return max(v.strength for v in _judge(promises, passages, "Orders ship within 2 days.", x, Relater(None))
                   if v.conflict and v.facet == "quantity")

    assert strongest("This order will ship in 5 days.") < strongest("Orders ship in 5 days.")


# --------------------------------------------------------------------------
# relatedness
# --------------------------------------------------------------------------

def test_unrelated_words_without_embeddings(promises, passages):
    verdicts = _judge(promises, passages, "Standard delivery is free.", "Shipping costs $5.", Relater(None))
    assert not [v for v in verdicts if v.conflict]


def test_brand_synonyms_relate_words(promises, passages):
    relate = Relater(None, synonyms={"shipping": "delivery"})
    verdicts = _judge(promises, passages, "Standard delivery is free.", "Shipping costs $5.", relate)
    assert [v for v in verdicts if v.conflict and v.facet == "cost"]


@pytest.mark.parametrize("text,name", [
    ("Your Movara trial lasts 14 days.", "Movara"),
    pytest.param("Lumen replies within 24 hours.", "Lumen"),
])
def test_brand_name_ties_nothing(text, name):
    from voicecheck.promises.claims import read

    (c,) = [c for c in read(text).claims if c.kind == quantities.KIND]
    stem = name.lower()[:3]  # the name as the claim's keys hold it, whatever the lemmatizer made of it
    assert [k for k in c.keys if k.startswith(stem)], c.keys
    assert not [k for k in Relater(None, names=[name]).keys(c) if k.startswith(stem)]


def test_rare_words_weigh_more(promises):
    relate = Relater(None)
    relate.fit([promises[p].claims for p in ("Seat changes are free.", "Standard delivery is free.",
                                               "Free returns on every purchase.")])
    assert relate.weight("seat") > relate.weight("free")


def test_same_word_relates_without_embeddings(promises, passages):
    verdicts = _judge(promises, passages, "Your data is never sold.", "We sell your data to advertisers.",
                      Relater(None))
    assert [v for v in verdicts if v.conflict and v.facet == "axis"]


# (promise, passage): the word one side's claim is said of only modifies what the other's is said of
MODIFIER_ONLY = [
    ("Your visit summary is in the app as soon as your visit ends.", "Your visit is tomorrow."),
    ("Delivery charges are waived on orders over $50.", "Delivery is tomorrow."),
]
PROMISES += [p for p, _ in MODIFIER_ONLY]
PASSAGES += [x for _, x in MODIFIER_ONLY]


@pytest.mark.parametrize("p,x", MODIFIER_ONLY)
def test_a_modifier_shared_is_a_weak_tie(promises, passages, p, x):
    from voicecheck.promises.compare import MODIFIER_TIE

    relate = Relater(None)
    # the promise's claims said of the compound ("summary", "charges"), whose words hold the passage's subject
    pairs = [(a, b) for a in promises[p].claims for b in passages[x].claims
             if a.subject and b.subject and a.subject != b.subject and b.subject in relate.keys(a)]
    assert pairs, (show(promises[p]), show(passages[x]))
    assert all(relate.parts(a, b)[0] <= MODIFIER_TIE for a, b in pairs)


def test_the_same_subject_still_ties(promises, passages):
    relate = Relater(None)
    p, x = promises["Insurance is included in every trip."], passages["Insurance isn't included with this rate."]
    assert max(relate.parts(a, b)[0] for a in p.claims for b in x.claims) >= 0.75


@pytest.fixture(scope="module")
def embed(tmp_path_factory):
    from voicecheck.nlp.errors import ModelError
    from voicecheck.promises.analysis import Options, _embedder

    fn = _embedder(Options.from_settings({}, tmp_path_factory.mktemp("embeddings")))
    try:
        fn(["warm up"])
    except (ModelError, ImportError) as exc:
        pytest.skip(f"no sentence-embedding model: {exc}")
    return fn


@pytest.fixture(scope="module")
def related(embed, promises, passages):
    relate = Relater(embed)
    relate.prepare([c for r in list(promises.values()) + list(passages.values()) for c in r.claims])
    return relate


# (promise, passage, facet): related only in meaning, not by shared words
BY_MEANING = [
    ("Standard delivery is free.", "Shipping costs $5.", "cost"),
    ("Your data is never sold.", "We sell your data to advertisers.", "axis"),
    ("Cancel your plan online.", "To cancel your plan, email us.", "channel"),
    ("Full refund, no questions asked.", "Refunds are subject to approval.", "axis"),
]


@pytest.mark.parametrize("p,x,facet", BY_MEANING)
def test_related_by_meaning(promises, passages, related, p, x, facet):
    verdicts = _judge(promises, passages, p, x, related)
    assert [v for v in verdicts if v.conflict and v.facet == facet], [(v.facet, v.reason) for v in verdicts]


@pytest.mark.parametrize("p,x", [("Seat changes are free.", "Checked bags cost $30."),
                                 ("Your photos sync automatically.", "Your price is locked for 12 months.")])
def test_unrelated_by_meaning(promises, passages, related, p, x):
    assert not [v for v in _judge(promises, passages, p, x, related) if v.conflict]


def test_embeddings_relate_paraphrases(related, promises, passages):
    p = _first(promises["Try Plus free for 30 days."], quantities.KIND)
    x = _first(passages["Your Plus trial lasts 14 days."], quantities.KIND)
    assert Relater(None)(p, x) < related(p, x)
    assert related(p, x) >= 0.4


@pytest.mark.parametrize("text,names", [
    ("Lumen Plus includes 2 TB, stored in Germany.", {"plus"}),
    ("Every unit of electricity we supply is 100% renewable, from UK wind and solar.", set()),
    ("Our support team answers on Mondays in English.", set()),
    # a placeholder, as passages are read ("write to {{ email }}" becomes "write to X")
    ("Cancellations are handled by email only: write to X.", set()),
])
def test_places_days_and_languages_are_not_plan_names(text, names):
    """Two sentences naming different plans are about two things ("Lumen Free", "Lumen Plus"); a
    place, a day or a language is no plan, so "from UK wind" does not set a promise apart."""
    from voicecheck.promises.claims import read

    (first, *_) = read(text).claims
    assert names <= first.names and not first.names & {"uk", "germany", "mondays", "english", "x"}, first.names


#: (promise, passage, a scope conflict?): a quantifier inside the claim's own words is what the value
#: is about ("without specific times": the times are what is not required), not a narrower reach
INNER_SCOPE = [
    ("No account needed to vote.", "Choose All day to vote on whole days without specific times.", False),
    ("Free delivery on every order.", "Free delivery on selected orders.", True),
]
PROMISES += [p for p, _, _ in INNER_SCOPE]
PASSAGES += [x for _, x, _ in INNER_SCOPE]


@pytest.mark.parametrize("p,x,scoped", INNER_SCOPE)
def test_a_quantifier_inside_the_value_is_no_scope(embed, promises, passages, p, x, scoped):
    relate = Relater(embed)
    relate.fit([promises[p].claims])
    relate.prepare(promises[p].claims + passages[x].claims)
    found = [v for v in judge(promises[p].claims, passages[x].claims, relate) if v.conflict and v.facet == "scope"]
    assert bool(found) == scoped, [v.reason for v in found]


#: (promise, passage, most conflict): "only X need Y" says that nobody else needs Y
ONLY_NEEDED = [
    ("No account needed to vote.", "Only you, as the organizer, need an account.", 0.45),
    ("No account needed to vote.", "You need an account to vote.", 1.0),
]
PROMISES += [p for p, _, _ in ONLY_NEEDED]
PASSAGES += [x for _, x, _ in ONLY_NEEDED]


@pytest.mark.parametrize("p,x,most", ONLY_NEEDED)
def test_only_some_need_it(promises, passages, p, x, most):
    found = [v for v in judge(promises[p].claims, passages[x].claims, Relater(None))
             if v.conflict and v.facet == "requirement"]
    assert found, show(passages[x])
    assert found[0].strength <= most + 1e-9 and found[0].strength >= 0.4, found[0]


#: (promise, passage, related?): names that tell two plans apart, and a standard named by both sides
#: (a sentence's first word is no name to the name finder: "SOC 2 Type II audited" names "SOC" too)
NAMED = [
    ("SOC 2 Type II audited every year by an independent firm.",
     "We're audited against SOC 2 every two years by an independent firm", "quantity", "quantity", True),
    ("With Lumen Free, storage is free.", "With Lumen Plus, storage costs $5 a month.", "cost", "cost", False),
    # "free" in "your free trial" is a word, not the plan "Lumen Free"
    ("Lumen Free stays free forever, with no time limit.", "Your free trial of Lumen Plus lasts 14 days.",
     "axis", "quantity", False),
]
PROMISES += [p for p, *_ in NAMED]
PASSAGES += [x for _, x, *_ in NAMED]


@pytest.mark.parametrize("p,x,pkind,xkind,tied", NAMED)
def test_names_tell_things_apart_only_when_the_other_side_lacks_them(embed, promises, passages, p, x, pkind, xkind,
                                                                      tied):
    relate = Relater(embed, names=["Lumen"])
    relate.fit([promises[p].claims])
    relate.prepare(promises[p].claims + passages[x].claims)
    pq = _first(promises[p], pkind)
    xq = _first(passages[x], xkind)
    assert pq and xq, show(passages[x])
    assert (relate(pq, xq) >= 0.5) == tied, relate(pq, xq)


#: (promise, passage, a requirement conflict?): what is required must be the same thing; sharing the
#: purpose's word is not enough ("an account to vote" is not "votes" one checks)
REQUIRED_THING = [
    ("No account needed to vote.", "Open an existing poll and confirm votes are intact.", False),
    ("No account needed to vote.", "You need an account to vote.", True),
    # the things in other words: the rest of the phrase ("a quick picture of the damage") doesn't dilute them
    ("No photos needed.", "Could you snap a quick picture of the damage?", True),
]
PROMISES += [c.values[0] if hasattr(c, "values") else c[0] for c in REQUIRED_THING]
PASSAGES += [c.values[1] if hasattr(c, "values") else c[1] for c in REQUIRED_THING]


@pytest.mark.parametrize("p,x,conflict", REQUIRED_THING)
def test_the_required_thing_must_be_the_same(embed, promises, passages, p, x, conflict):
    relate = Relater(embed)
    relate.fit([promises[p].claims])
    relate.prepare(promises[p].claims + passages[x].claims)
    found = [v for v in judge(promises[p].claims, passages[x].claims, relate)
             if v.conflict and v.facet == "requirement"]
    assert bool(found) == conflict, [v.reason for v in found] or show(passages[x])
