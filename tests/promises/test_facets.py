"""Facet extraction and promise/passage comparison, on hand-written sentences.

Each phenomenon (numeric, temporal, negation, antonym, modality, scope, channel)
has pairs that must conflict and pairs that must not: paraphrases, bounds that
the passage satisfies, unrelated amounts, and the same topic seen from a
different aspect.
"""
from __future__ import annotations

import subprocess
import sys
import time

import pytest

from voicecheck.nlp.models import get_nlp
from voicecheck.promises.facets import ALL_DAYS, WEEKDAYS, Facets, background, compare, extract

FLAG = 0.5  # strength from which a conflict counts as flagged in these tests


def conflicts(promise: str, passage: str) -> list:
    return compare(extract(promise), extract(passage))


def flagged(promise: str, passage: str) -> list:
    return [c for c in conflicts(promise, passage) if c.strength >= FLAG]


def only(items, **attrs):
    """The single item whose attributes match ``attrs``."""
    found = [x for x in items if all(getattr(x, k) == v for k, v in attrs.items())]
    assert len(found) == 1, (attrs, items)
    return found[0]


# ---------------------------------------------------------------------------
# quantities
# ---------------------------------------------------------------------------


def test_trial_length_in_digits_and_words():
    q = extract("Get a 21-day trial of Studio.").quantities[0]
    assert (q.value, q.unit, q.dim, q.bound, q.role) == (21, "day", "time", "eq", "window")
    assert q.span.text == "21-day trial"
    w = extract("Your trial lasts twenty days.").quantities[0]
    assert (w.value, w.unit) == (20, "day")


def test_within_a_day_reads_one_day_latency():
    q = only(extract("Our stylists reply within a day.").quantities)
    assert (q.value, q.unit, q.bound, q.role) == (1, "day", "max", "latency")
    assert q.base == 1.0
    assert q.span.text == "within a day"


def test_money_with_currency_and_period():
    f = extract("Studio is $12.50/mo or €120 per year.")
    usd = only(f.quantities, unit="usd")
    eur = only(f.quantities, unit="eur")
    assert (usd.value, usd.per, usd.role) == (12.5, "month", "price")
    assert (eur.value, eur.per) == (120, "year")
    assert usd.label() == "$12.50/month"
    assert usd.span.text == "$12.50/mo"


def test_money_period_words():
    f = extract("Billed annually at £60, or £6 monthly.")
    assert only(f.quantities, value=6).per == "month"
    assert extract("Pay 30 USD a month.").quantities[0].unit == "usd"


def test_bounds_and_ranges():
    f = extract("Store up to 40 GB. Bookings need at least 3 days' notice. Shipping takes 2 to 4 business days.")
    gb = only(f.quantities, unit="gb")
    assert (gb.value, gb.bound, gb.dim) == (40, "max", "size")
    notice = only(f.quantities, value=3)
    assert notice.bound == "min"
    ship = only(f.quantities, unit="business day")
    assert (ship.value, ship.high, ship.role) == (2, 4, "latency")


def test_negated_threshold_becomes_a_limit():
    q = extract("You can't attach files larger than 25 MB.").quantities[0]
    assert (q.value, q.unit, q.bound, q.negated) == (25, "mb", "max", True)


def test_addon_amounts_are_marked():
    f = extract("Add a second driver for $5 a day each.")
    assert only(f.quantities, unit="usd").role == "addon"
    assert extract("Gift wrap: +$3 per box").quantities[0].role == "addon"


def test_numbers_that_are_not_quantities():
    f = extract("Call 1-888-555-0142 between 9am and 5pm, 24/7 online, or on May 4. Step 2 of the guide.")
    assert [q for q in f.quantities if q.dim in ("money", "size", "time")] == []


def test_counts_and_rates():
    f = extract("Invite up to 6 guests and send 30 messages a day.")
    guests = only(f.quantities, unit="guest")
    assert (guests.value, guests.bound, guests.dim) == (6, "max", "count")
    assert only(f.quantities, unit="message").role == "rate"


def test_hypothetical_amounts():
    q = extract("If your order is under $20, a small fee applies.").quantities[0]
    assert q.hypothetical


# ---------------------------------------------------------------------------
# availability
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("text,coverage,days,hours", [
    ("Our helpline is staffed around the clock.", "always", ALL_DAYS, None),
    ("Stylists are online 24/7.", "always", ALL_DAYS, None),
    ("We answer calls 8am to 10pm, every day.", "every-day", ALL_DAYS, (8.0, 22.0)),
    ("The desk is open Mon–Fri, 9:00–17:30.", "business-hours", WEEKDAYS, (9.0, 17.5)),
    ("Couriers run on weekdays only.", "weekdays", WEEKDAYS, None),
    ("Our advisers take weekends off.", "weekdays", WEEKDAYS, None),
    ("Help is available during business hours.", "business-hours", None, (9.0, 17.0)),
    ("Your trainer reviews your log once a week.", "weekly", None, None),
    ("Exports can be requested once every 30 days.", "periodic", None, None),
    ("Our florist answers questions on Tuesdays and Thursdays.", "specific-days", frozenset({1, 3}), None),
])
def test_availability_labels(text, coverage, days, hours):
    a = only(extract(text).availability)
    assert (a.coverage, a.days, a.hours) == (coverage, days, hours)


def test_availability_span_quotes_the_schedule():
    a = extract("Phone lines are open Monday to Saturday, 10am to 4pm.").availability[0]
    assert a.span.text == "Monday to Saturday, 10am to 4pm"
    assert a.days == frozenset(range(6))
    assert a.label() == "business-hours Mon,Tue,Wed,Thu,Fri,Sat 10am-4pm"


def test_a_day_name_alone_is_not_a_schedule():
    assert extract("Your parcel arrived on Tuesday.").availability == ()
    assert extract("Lines are busiest on Friday evenings.").availability == ()


# ---------------------------------------------------------------------------
# polarity and cost
# ---------------------------------------------------------------------------


def test_requirement_targets():
    no = only(extract("No credit card needed to sign up.").polarity, kind="require")
    assert (no.target, no.positive) == ("card", False)
    assert no.span.text == "No credit card needed"
    yes = only(extract("Please enter your card details to continue.").polarity, kind="require")
    assert (yes.target, yes.positive) == ("card", True)
    must = only(extract("You must create an account to check out.").polarity, kind="require")
    assert (must.target, must.positive) == ("account", True)
    dont = only(extract("Guests don't need an account.").polarity, kind="require")
    assert (dont.target, dont.positive) == ("account", False)


def test_cost_words_attach_to_nearest_concept():
    free = only(extract("Returns are free.").polarity, kind="cost")
    assert (free.target, free.positive) == ("return", False)
    fee = only(extract("A restocking fee applies to returns.").polarity, kind="cost")
    assert fee.positive
    never = only(extract("Pausing never costs a thing.").polarity, kind="cost")
    assert never.positive is False


def test_plan_names_and_free_from_are_not_cost():
    assert not [p for p in extract("Lumo Free includes 12 playlists.").polarity if p.kind == "cost"]
    assert not [p for p in extract("This kitchen is not free from nuts.").polarity if p.kind == "cost"]


def test_limits():
    f = extract("Unlimited exports and no upload limits.")
    assert {(p.target, p.positive) for p in f.polarity if p.kind == "limit"} >= {("export", False), ("upload", False)}
    capped = only(extract("Exports are capped at 5 per day.").polarity, kind="limit")
    assert capped.positive
    quota = only(extract("\ufffc of 20 exports used").polarity, kind="limit")
    assert (quota.target, quota.positive) == ("export", True)


def test_presence_and_negated_predicates():
    f = extract("The Lite plan has no watermarks.")
    assert only(f.polarity, kind="presence").target == "watermark"
    g = extract("Archived notes can't be recovered.")
    pred = only(g.polarity, kind="predicate")
    assert (pred.target, pred.positive) == ("restore", False)
    un = only(extract("Drafts are stored unencrypted.").polarity, kind="predicate")
    assert (un.target, un.positive) == ("encrypt", False)


def test_instance_level_refusals_are_marked():
    p = only(extract("This order is already packed, so it can't be changed.").polarity, kind="predicate")
    assert p.instance


# ---------------------------------------------------------------------------
# modality, channels, agents, scope, poles
# ---------------------------------------------------------------------------


def test_modality_levels():
    f = extract("Upgrades are subject to approval and may take a day.")
    assert {m.cue for m in f.modality if m.level == "hedged"} >= {"subject to", "may"}
    g = extract("Every order is always checked by hand.")
    assert {m.cue for m in g.modality if m.level == "certain"} >= {"every", "always"}
    h = extract("Delivery times are not guaranteed.")
    assert only(h.modality, level="hedged").cue == "not guaranteed"


def test_requests_are_not_hedges():
    assert not [m for m in extract("Could you send us your order number?").modality if m.level == "hedged"]


def test_channels_only_and_negated():
    f = extract("Returns are handled by email only.")
    assert only(f.channels).value == "email" and only(f.channels).only
    g = extract("We don't take orders over the phone.")
    assert only(g.channels).value == "phone" and only(g.channels).negated
    h = extract("Write to help@lumo.example or use live chat.")
    assert {c.value for c in h.channels} == {"email", "chat"}
    k = extract("Phone support is no longer available.")
    assert only(k.channels).negated


def test_agents():
    bot = only(extract("You're chatting with Pip, our virtual assistant.").agents)
    assert bot.effective == "bot" and bot.span.text == "virtual assistant"
    human = only(extract("Speak to a real person, never a bot.").agents, value="bot")
    assert human.effective == "human" and human.span.text == "never a bot"


def test_scopes():
    f = extract("Free shipping on your first order only.")
    assert only(f.scopes, kind="first-period").value == "first order"
    g = extract("Priority support comes with annual plans.")
    assert only(g.scopes, kind="plan-only").value == "annual plans"
    h = extract("Upgrade to Max to unlock offline mode.")
    assert only(h.scopes, kind="upgrade")
    assert only(extract("Available in selected cities.").scopes, kind="region")
    assert [sc.value for sc in extract("Every account, on every plan.").scopes] == ["every", "on every plan"]


def test_poles():
    assert only(extract("Invoices are generated automatically.").poles).positive
    manual = only(extract("Invoices must be created manually.").poles)
    assert (manual.axis, manual.positive) == ("auto", False)
    assert only(extract("We refunded part of the fare.").poles).label() == "partial"


# ---------------------------------------------------------------------------
# compare: pairs that must conflict
# ---------------------------------------------------------------------------

MUST_CONFLICT = [
    # numeric
    ("numeric", "quantity", "Every new account gets a 21-day trial.", "Your 10-day trial starts today."),
    ("numeric", "quantity", "Studio costs $12 a month.", "From today Studio is $15/month."),
    ("numeric", "quantity", "Plans start from €4 a week.", "Plans from €6 a week."),
    ("numeric", "quantity", "Our stylists reply within 6 hours.", "Expect an answer within 3 business days."),
    ("numeric", "quantity", "Return anything within 45 days of delivery.", "Returns are accepted within 14 days of delivery."),
    ("numeric", "quantity", "Each workspace holds up to 500 GB.", "Workspaces can't hold more than 50 GB."),
    ("numeric", "quantity", "Change your order up to 2 days before dispatch.", "Changes must be made at least 4 days before dispatch."),
    ("numeric", "quantity", "Studio includes 8 seats.", "Your Studio plan includes 5 seats."),
    ("numeric", "quantity", "Drafts are kept for 60 days.", "Drafts are removed after 2 weeks."),
    ("numeric", "quantity", "We guarantee 99.95% uptime.", "Uptime target for this service: 99.5%."),
    ("numeric", "quantity", "Payments land in seconds.", "Payments can take up to 2 business days to land."),
    # temporal
    ("temporal", "availability", "Stylists are online 24/7.", "Stylists are online Monday to Friday, 9am to 6pm."),
    ("temporal", "availability", "We answer calls 8am to 10pm, every day.", "We answer calls 9am to 5pm every day."),
    ("temporal", "availability", "Couriers deliver seven days a week.", "Couriers deliver on weekdays only."),
    ("temporal", "availability", "Our trainers read messages every day.", "Trainers read messages once a week."),
    ("temporal", "availability", "Download your records at any time.", "Records can be downloaded once every 60 days."),
    ("temporal", "availability", "Helpline open around the clock.", "Our helpline team is off on Saturdays and Sundays."),
    ("temporal", "availability", "Book a tutor session 24/7.", "Tutor sessions can be booked between 8am and 6pm."),
    ("temporal", "availability", "Ask a vet any time, day or night.", "Vets are available weekdays from 9 to 5."),
    # negation
    ("negation", "require", "No credit card needed to sign up.", "Add a payment card to finish signing up."),
    ("negation", "require", "Guests don't need an account to book.", "You need an account to book a table."),
    ("negation", "require", "No receipt required for returns.", "Please attach your receipt to the return form."),
    ("negation", "presence", "The Lite plan has no watermarks.", "Exports from the Lite plan include a watermark."),
    ("negation", "cost", "No booking fees.", "A booking fee of \ufffc is added at checkout."),
    ("negation", "predicate", "Recover archived notes at any time.", "Archived notes can't be recovered."),
    ("negation", "predicate", "Every jar is compostable.", "Our lids are not compostable."),
    ("negation", "require", "No appointment needed.", "Please book an appointment before you visit."),
    # antonym
    ("antonym", "antonym", "Invoices are generated automatically.", "Invoices must be created manually each month."),
    ("antonym", "antonym", "We refund the full fare.", "We refunded part of the fare as a voucher."),
    ("antonym", "antonym", "Breakfast is included in every room rate.", "Breakfast is excluded from this room rate."),
    ("antonym", "antonym", "You pick your own instructor.", "Instructors are assigned by the studio."),
    ("antonym", "antonym", "Your backups are encrypted.", "Older backups are stored unencrypted."),
    ("antonym", "cost", "Repairs are free.", "Repairs are charged at \ufffc per hour."),
    ("antonym", "limit", "Unlimited exports on every plan.", "Exports are capped at 5 per day."),
    ("antonym", "limit", "Unlimited lessons every month.", "You can book up to 6 lessons a month."),
    ("antonym", "cost", "Towels are included in every stay.", "Towels are available for an extra €5 per stay."),
    ("antonym", "antonym", "Keep your perks until the end of your billing period.", "Your perks stop immediately when you downgrade."),
    # modality
    ("modality", "modality", "Every booking is confirmed instantly.", "Bookings may take up to a day to confirm."),
    ("modality", "modality", "Price matching is always honoured.", "Price matching is subject to approval."),
    ("modality", "modality", "Refunds are guaranteed.", "Refunds are at our discretion."),
    ("modality", "modality", "Each parcel is tracked end to end.", "Tracking is best effort and not guaranteed for every parcel."),
    # scope
    ("scope", "scope", "Shipping is free on every order.", "Free shipping on your first order."),
    ("scope", "scope", "Free returns on every order.", "Free returns for new customers only."),
    ("scope", "scope", "Offline mode on every plan.", "Upgrade to Max to unlock offline mode."),
    ("scope", "scope", "Priority support on all plans.", "Priority support comes with annual plans only."),
    ("scope", "scope", "Your photo archive is kept forever.", "Photo archives are deleted after 12 months."),
    ("scope", "scope", "Price match on any item.", "Price matching doesn't apply to clearance items."),
    ("scope", "scope", "Every plan includes a certificate.", "Certificates are only issued for paid plans."),
    # channel
    ("channel", "agent", "Chat with a real stylist, not a bot.", "You're chatting with Pip, our virtual assistant."),
    ("channel", "channel", "Reach us by phone or chat.", "We don't offer phone support anymore, sorry."),
    ("channel", "channel", "Cancel online in a few clicks.", "Memberships can only be cancelled by phone."),
    ("channel", "channel", "Returns can be started in the app.", "Returns are handled by email only."),
    ("channel", "channel", "Cancel online any time. No phone call needed.", "To cancel, please call us on 0800 123 4567."),
    ("channel", "channel", "Cancel in one click from your dashboard.", "To cancel, contact your account manager by phone."),
    ("channel", "agent", "Real tutors, not bots.", "Questions are answered by an automated homework helper."),
]


@pytest.mark.parametrize("phenomenon,facet,promise,passage", MUST_CONFLICT,
                         ids=[f"{p}-{i}" for i, (p, *_) in enumerate(MUST_CONFLICT)])
def test_must_conflict(phenomenon, facet, promise, passage):
    found = flagged(promise, passage)
    assert found, conflicts(promise, passage)
    assert facet in {c.facet for c in found}, found


# ---------------------------------------------------------------------------
# compare: pairs that must not conflict
# ---------------------------------------------------------------------------

MUST_NOT = [
    # paraphrases
    ("Every new account gets a 21-day trial.", "Enjoy three weeks of the full app, on us."),
    ("Every new account gets a 21-day trial.", "Your trial lasts twenty-one days."),
    ("Our stylists reply within 6 hours.", "A stylist usually gets back to you within the hour."),
    ("Stylists are online 24/7.", "Our stylists are around day or night, any time you need them."),
    ("No credit card needed to sign up.", "Sign up without entering any payment details."),
    ("No booking fees.", "There's nothing extra to pay when you book."),
    ("We never sell your reading history.", "Your reading history is never sold to anyone."),
    ("Cancel online in a few clicks.", "Cancel from your account page whenever you like."),
    ("Shipping is free on every order.", "Shipping is always free, whatever you buy."),
    ("Chat with a real stylist, not a bot.", "One of our stylists will reply in a moment."),
    ("Unlimited exports on every plan.", "Export as many projects as you like."),
    # consistent bounds
    ("Return anything within 45 days of delivery.", "This order was delivered more than 45 days ago, so it can't be returned."),
    ("Each workspace holds up to 500 GB.", "This file is over 500 GB, the most a workspace can hold."),
    ("Change your order up to 2 days before dispatch.", "Changes close 2 days before dispatch."),
    ("We guarantee 99.95% uptime.", "Last month's uptime was 99.99%."),
    ("Drafts are kept for 60 days.", "Drafts stay in the bin for 60 days before they're removed."),
    # unrelated amounts
    ("Studio costs $12 a month.", "Add extra storage to Studio for $3 a month each."),
    ("Plans start from €4 a week.", "Dessert add-on: +€2 per box"),
    ("Plans start from €4 a week.", "The family plan is €9 a week."),
    ("Each workspace holds up to 500 GB.", "Files over 2 GB upload faster from the desktop app."),
    ("Our stylists reply within 6 hours.", "You can send up to 10 photos a day to your stylist."),
    ("Return anything within 45 days of delivery.", "Refunds show up on your statement within 5 to 7 days, depending on your bank."),
    # same topic, different aspect
    ("Every new account gets a 21-day trial.", "Trials are limited to one per household."),
    ("Couriers deliver seven days a week.", "Sorry, we don't deliver to \ufffc yet."),
    ("We answer calls 8am to 10pm, every day.", "Phone lines are busiest on Monday mornings."),
    ("Reach us by phone or chat.", "Calls may be recorded for training."),
    ("Cancel online in a few clicks.", "To close your account for good, email privacy@lumo.example."),
    ("Your backups are encrypted.", "Backups run every night at 2am."),
    ("Free returns on every order.", "Print your free return label from the Orders page."),
    ("No credit card needed to sign up.", "We never asked for your card, so there's nothing to cancel."),
    ("Recover archived notes at any time.", "This note is already deleted, so it can't be edited."),
    ("Invoices are generated automatically.", "Read the manual to learn about invoices."),
    ("We guarantee 99.95% uptime.", "A 2% fee applies to card payments."),
    ("Payments land in seconds.", "Your payment of £20 landed."),
    ("Price match on any item.", "That size isn't available for this item."),
    ("No appointment needed.", "Please tell us if you're bringing a pet."),
    ("Towels are included in every stay.", "Bathrobes are available for an extra €5 per stay, towels are included."),
    ("The Lite plan has no watermarks.", "The Lite plan includes 3 export formats."),
]


@pytest.mark.parametrize("promise,passage", MUST_NOT, ids=[f"not-{i}" for i in range(len(MUST_NOT))])
def test_must_not_conflict(promise, passage):
    assert flagged(promise, passage) == [], conflicts(promise, passage)


def test_no_conflict_at_all_for_a_plain_paraphrase():
    assert conflicts("Delivery is free on every order.", "Every order ships free.") == []


# ---------------------------------------------------------------------------
# conflicts: reasons, strengths, spans
# ---------------------------------------------------------------------------


def test_reason_quotes_both_sides():
    c = only(conflicts("Start your 30-day free trial.", "Start your 14-day trial now."))
    assert c.facet == "quantity"
    assert c.reason == "promise: 30-day free trial; passage: 14-day trial"
    assert (c.promise_value, c.passage_value) == ("30 days", "14 days")
    assert c.strength == 0.9
    assert c.phenomenon == "numeric"


def test_spans_point_into_the_passage():
    passage = "Hello! Add a payment card to finish signing up."
    c = only(conflicts("No card required.", passage))
    assert passage[c.passage_span.start:c.passage_span.end] == "Add a payment card"


def test_hedges_are_weaker_than_numbers():
    hedge = flagged("Price matching is always honoured.", "Price matching is subject to approval.")[0]
    number = flagged("Studio costs $12 a month.", "From today Studio is $15/month.")[0]
    assert hedge.strength < number.strength


def test_weak_hedges_stay_below_the_flag():
    found = conflicts("Every booking is confirmed by our team.", "Bookings are usually confirmed by our team.")
    assert found and all(c.strength < FLAG for c in found)


# ---------------------------------------------------------------------------
# explicit facets, Doc input, speed, imports
# ---------------------------------------------------------------------------


def test_from_yaml_facets():
    f = Facets.from_yaml({"price": "$14.99/month", "trial_days": 14, "card_required": False,
                          "availability": "24/7", "agent": "human", "channels": ["chat", "phone"]})
    assert f.explicit
    price = only(f.quantities, dim="money")
    assert (price.value, price.per, price.role) == (14.99, "month", "price")
    trial = only(f.quantities, dim="time")
    assert (trial.value, trial.unit) == (14, "day")
    assert only(f.polarity).target == "card" and not only(f.polarity).positive
    assert only(f.availability).coverage == "always"
    assert {c.value for c in f.channels} == {"chat", "phone"}
    found = {c.facet for c in compare(f, extract("Your 7-day trial starts now. Please add a card to continue."))}
    assert found == {"quantity", "require"}
    assert {c.facet for c in compare(f, extract("You're talking to our automated assistant."))} == {"agent"}
    assert {c.facet for c in compare(f, extract("We don't offer phone support."))} == {"channel"}


@pytest.mark.parametrize("mapping,message", [
    ({"colour": "green"}, "facets.colour: unknown facet"),
    ({"trial_days": "two weeks"}, "facets.trial_days: expected a number"),
    ({"agent": "robot"}, "facets.agent: expected human or bot"),
    ({"channels": ["fax"]}, "facets.channels: unknown channel 'fax'"),
    ({"price": "cheap"}, "facets.price: can't read an amount of money"),
    ({"card_required": "no"}, "facets.card_required: expected true or false"),
])
def test_from_yaml_errors(mapping, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        Facets.from_yaml(mapping)


def test_merged_adds_declared_facets():
    merged = extract("Studio costs $12 a month.").merged(Facets.from_yaml({"agent": "human"}))
    assert merged.quantities and merged.agents and merged.explicit


def test_doc_input_matches_text_input():
    text = "Stylists reply within 6 hours, 24/7. No card required."
    assert extract(get_nlp()(text)) == extract(text)


def test_background_names_tie_nothing():
    promises = [extract(t) for t in ("Our Plus plan costs $9 a month.", "Offline mode comes with Plus.",
                                     "Lumo syncs with Garmin watches.")]
    assert background(promises) == frozenset({"plus"})
    passage = extract("Garmin accounts can't be connected right now.")
    with_common = only(compare(promises[2], passage, common=background(promises)))
    assert (with_common.facet, with_common.strength) == ("predicate", 0.7)
    # without knowing which names are the brand's, a name alone is a weak tie
    assert only(compare(promises[2], passage)).strength < FLAG


def test_hypothetical_clauses_are_not_claims():
    f = extract("If there's no card on file, we'll email you a link.")
    assert not [p for p in f.polarity if p.kind == "presence"]
    assert not flagged("Card payments are free.", "If your bank charges a fee, contact them.")


def test_empty_and_odd_input():
    for text in ["", "   ", "\ufffc", "$", "24/7", "1" * 300, "no not never"]:
        extract(text)
    assert not extract("")


def test_speed_ten_thousand_short_strings():
    texts = [f"Plan {i}: ${i % 50}.99 a month, reply within {i % 24 + 1} hours, no card required."
             for i in range(200)]
    texts += ["Live chat is open Monday to Friday, 9am to 5pm.", "Your 14-day trial starts today.",
              "We don't offer phone support.", "Uploads may be throttled at busy times."] * 50
    texts = (texts * 25)[:10_000]
    extract("warm up")
    start = time.perf_counter()
    for text in texts:
        extract(text)
    assert time.perf_counter() - start < 5.0


def test_does_not_import_torch():
    code = ("import sys; from voicecheck.promises.facets import extract, compare; "
            "compare(extract('Free for 14 days'), extract('7-day trial')); "
            "assert 'torch' not in sys.modules and 'sentence_transformers' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("text,label", [
    ("Your first box is half price.", "50%"),
    ("Yearly billing takes a fifth off the monthly price.", "20%"),
    ("We keep your download stats for two full years.", "2 years"),
    ("Half of our members cook twice a week.", None),  # "half" alone is not a discount
])
def test_values_stated_in_words(text, label):
    got = [q.label() for q in extract(text).quantities]
    assert got == ([label] if label else [])


@pytest.mark.parametrize("text,label", [
    ("Project ID must at least be of 1 character", "at least 1 character"),
    ("Project ID must at most be of 5 characters", "up to 5 characters"),
])
def test_a_bound_reaches_over_be_of(text, label):
    assert [q.label() for q in extract(text).quantities] == [label]
