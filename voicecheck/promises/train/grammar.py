"""Seeded grammar of domain training pairs for the contradiction cross-encoder.

A pair is (premise = an in-product passage, hypothesis = a brand's pre-sale
promise) with a 3-way NLI label. Everything here is invented for training:
fictional brands in several sectors, promise templates per *facet* (price,
trial, refunds, support hours, data sharing...), and passage templates written
to look like real product content (email sentences, support macro lines, UI
strings, error messages).

Labels come from *claims*, not from the template's bucket alone. Each promise
template asserts a set of claims (``{"length", "nocard"}`` for "Try X free for
14 days, no card required"); each passage template either asserts claims
(``E``), contradicts claims (``C``) or is about something else (``N``). For a
given promise:

* ``E`` passage -> entailment when it asserts every promised claim, else
  neutral (it agrees, but does not say everything the promise says);
* ``C`` passage -> contradiction when it contradicts a promised claim, neutral
  when it contradicts only claims this promise does not make (a hard negative:
  "add a card to start" against "free for 14 days"), skipped when the relation
  is unclear (``unclear=``);
* ``N`` passage -> neutral (same topic, other aspect: add-ons, other plans,
  unrelated amounts).

Neutral pairs also take passages from facets of *another group* (support vs
billing vs privacy vs product; facets whose claims can clash across groups,
such as "no ads" and "we share data with ad partners", share an extra group so
they are never paired this way) and pure filler content.

Brands and a slice of templates are held out (fixed split, independent of the
generation seed) so :mod:`.evaluate` can measure on brands and wordings the
model never saw. The split is stable: it depends only on names, via CRC32.
"""
from __future__ import annotations

import random
import re
import zlib
from dataclasses import dataclass
from typing import Iterator, NamedTuple

#: Contradiction phenomena; every one has templates in several facets.
PHENOMENA = (
    "numeric",  # another number or amount
    "temporal",  # hours, days, dates, "replies on Mondays"
    "negation",  # "add a card to start", "we don't offer"
    "antonym",  # limited-time vs forever, paid vs free, partial vs full
    "modality",  # may, subject to approval, depending on availability
    "scope",  # first month only, annual plans only
    "channel",  # chatbot, email only, no phone
    "implicit",  # one inference step away
)

SPLITS = ("train", "heldout", "heldout_templates")

# Fixed split seed and rates: never tied to the generation seed.
_BRAND_HOLDOUT_EVERY = 5  # every 5th brand of each sector is held out (20%)
_TEMPLATE_HOLDOUT_PERCENT = 20


# ---------------------------------------------------------------------------
# Template records


@dataclass(frozen=True)
class Promise:
    text: str
    claims: frozenset[str]
    id: str = ""


@dataclass(frozen=True)
class Passage:
    kind: str  # "E" asserts claims, "C" contradicts claims, "N" neither
    text: str
    claims: frozenset[str] = frozenset()
    phenomenon: str = ""
    unclear: frozenset[str] = frozenset()
    style: str = "s"  # "s" sentence, "ui" UI string, "err" error message
    id: str = ""


def P(text: str, *claims: str) -> Promise:
    return Promise(text, frozenset(claims))


def E(text: str, *claims: str, style: str = "s") -> Passage:
    return Passage("E", text, frozenset(claims), style=style)


def N(text: str, style: str = "s") -> Passage:
    return Passage("N", text, style=style)


def C(phenomenon: str, text: str, *claims: str, unclear: tuple[str, ...] = (), style: str = "s") -> Passage:
    assert phenomenon in PHENOMENA, phenomenon
    return Passage("C", text, frozenset(claims), phenomenon, frozenset(unclear), style)


@dataclass(frozen=True)
class Facet:
    name: str
    groups: frozenset[str]  # billing, support, privacy, product; "ads"/"hours" link facets that can conflict
    promises: tuple[Promise, ...]
    passages: tuple[Passage, ...]


# ---------------------------------------------------------------------------
# Facets. Slots in {braces} are filled by _slots(); see there for the list.

_FACETS_SRC: list[tuple[str, str, list[Promise], list[Passage]]] = [
    (
        "price", "billing",
        [
            P("{brand} {plan} costs {price} a month.", "amount"),
            P("{brand} {plan} is just {price} per month, and that price never goes up.", "amount", "fixed"),
            P("One simple price: {price}/month for {brand} {plan}, with no surprise increases.", "amount", "fixed"),
            P("Your {plan} price is locked in for life; we will never raise it.", "fixed"),
            P("{plan} members pay {price} monthly, nothing more.", "amount"),
        ],
        [
            E("Your {plan} membership renews at {price} per month.", "amount"),
            E("Thanks for upgrading to {plan}! You'll be billed {price} each month.", "amount"),
            E("{plan} · {price}/mo", "amount", style="ui"),
            E("Good news: your {plan} price stays at {price} a month for as long as you're a member. We never raise prices on existing members.", "amount", "fixed"),
            E("We'll never increase the price of your {plan} plan, {first}.", "fixed"),
            E("Your monthly {plan} charge of {price} will stay exactly the same, now and in the future.", "amount", "fixed"),
            N("Add extra {addon_thing} to any plan for {addon_price} a month."),
            N("{plan2} is available for teams at {plan2_price} per seat each month."),
            N("Gift cards are available from {gift_amount}."),
            N("Monthly or yearly? Change your billing cycle under Settings > Billing."),
            N("Your receipt for {plan} is attached to this email."),
            N("Update your payment method before {date} to avoid any interruption."),
            N("All amounts shown already include tax."),
            C("numeric", "Your {plan} plan renews at {price_alt} per month.", "amount", unclear=("fixed",)),
            C("numeric", "{plan} · {price_alt}/month, billed monthly", "amount", unclear=("fixed",), style="ui"),
            C("numeric", "Heads up, {first}: your next {plan} charge will be {price_alt}.", "amount", unclear=("fixed",)),
            C("temporal", "Starting {month}, {plan} will cost {price_hi} a month.", "fixed", "amount"),
            C("temporal", "From your next renewal on {date}, the {plan} price changes to {price_hi}.", "fixed", "amount"),
            C("antonym", "Your introductory {plan} price ends soon; after that, the regular rate applies.", "fixed", unclear=("amount",)),
            C("modality", "{plan} pricing may change from time to time; we'll tell you before it does.", "fixed", unclear=("amount",)),
            C("scope", "{price} a month applies to your first three months only.", "fixed", "amount"),
            C("scope", "The {price} price is only available when you pay for a full year up front.", "amount", unclear=("fixed",)),
            C("implicit", "To keep improving {brand}, we're adjusting {plan} prices for all existing members.", "fixed", unclear=("amount",)),
            C("negation", "The {price} rate is not guaranteed beyond your first year.", "fixed", unclear=("amount",)),
        ],
    ),
    (
        "trial", "billing",
        [
            P("Try {brand} free for {trial_days} days, no credit card required.", "length", "nocard"),
            P("Start your {trial_days}-day free trial of {plan} without entering any payment details.", "length", "nocard"),
            P("Every new account gets a {trial_days}-day free trial.", "length"),
            P("You never need a credit card to try {brand}.", "nocard"),
            P("{trial_days} days of {plan}, free. No card, no commitment.", "length", "nocard"),
        ],
        [
            E("Your {trial_days}-day trial has started. Enjoy full access to {plan}; we didn't ask for a card and we won't.", "length", "nocard"),
            E("No card needed. Your free {plan} trial lasts {trial_days} days.", "length", "nocard"),
            E("Start free trial · {trial_days} days · No card required", "length", "nocard", style="ui"),
            E("You have {trial_days} days of {plan} on us, starting today.", "length"),
            E("We don't collect payment details for trials, so nothing can be charged when yours ends.", "nocard"),
            E("Welcome aboard, {first}! Your free trial runs for {trial_days} days.", "length"),
            N("During your trial you can invite up to three friends to join you."),
            N("Your trial includes every {plan} feature, including {feature}."),
            N("Tip: finish setting up your profile early on so {brand} can tailor things to you."),
            N("Want to keep going after the trial? Pick a plan anytime from Settings."),
            N("We'll send you a reminder a few days before your trial ends."),
            C("numeric", "Your {trial_days_alt}-day free trial starts now.", "length"),
            C("numeric", "Enjoy {plan} free for {trial_days_alt} days.", "length"),
            C("negation", "Add a card to start your free trial.", "nocard", style="ui"),
            C("negation", "A valid payment method is required to begin your trial.", "nocard"),
            C("negation", "Card details missing. Enter a credit or debit card to activate your trial.", "nocard", style="err"),
            C("temporal", "Trial access expires 48 hours after you sign up.", "length"),
            C("scope", "Free trials are available on annual plans only.", "length", unclear=("nocard",)),
            C("implicit", "We'll charge the card on file when your trial ends unless you cancel.", "nocard"),
            C("implicit", "Your trial started on Monday and converts to a paid plan on Thursday.", "length"),
            C("modality", "Free trials may be offered depending on your region.", "length", unclear=("nocard",)),
            C("antonym", "Your trial is a paid trial: {trial_price} for the first {trial_days} days.", "length", "nocard"),
        ],
    ),
    (
        "refund", "billing",
        [
            P("Not happy? Get a full refund within {refund_days} days, no questions asked.", "window", "full", "noquestions"),
            P("{brand} comes with a {refund_days}-day money-back guarantee.", "window", "full"),
            P("If {brand} isn't right for you, just ask within {refund_days} days and we'll refund you in full.", "window", "full", "noquestions"),
            P("Changed your mind? You have {refund_days} days to get every penny back.", "window", "full"),
        ],
        [
            E("You can request a full refund any time in the first {refund_days} days. We won't ask why.", "window", "full", "noquestions"),
            E("Changed your mind? You're covered by our {refund_days}-day money-back guarantee.", "window", "full"),
            E("Request a refund within {refund_days} days of purchase and you'll get all of your money back.", "window", "full"),
            E("Refund window: {refund_days} days · Full refund · No reason needed", "window", "full", "noquestions", style="ui"),
            E("We refund the whole amount, no explanation required.", "full", "noquestions"),
            N("Refunds normally show up on your statement after about a week."),
            N("Your refund of {price} has been processed and should appear on your statement soon."),
            N("To request a refund, go to Billing > Purchase history and choose the charge."),
            N("We send refunds to whichever card or account you paid with."),
            N("Your order number is {ticket}; keep it handy if you contact us about this purchase."),
            C("numeric", "Refund requests must be made within {refund_days_alt} days of purchase.", "window"),
            C("numeric", "You're eligible for a refund for {refund_days_alt} days after you subscribe.", "window"),
            C("antonym", "We can offer a partial refund for the unused part of your billing period.", "full"),
            C("antonym", "Refunds are issued as {brand} credit, not back to your card.", "full"),
            C("modality", "Refunds are at our discretion and subject to approval by our billing team.", "full", "noquestions", "window"),
            C("negation", "All sales are final. Subscriptions are non-refundable.", "window", "full", "noquestions"),
            C("negation", "Refund not available. This purchase is no longer eligible.", "window", style="err"),
            C("scope", "The money-back guarantee applies to annual plans only.", "window", "full"),
            C("implicit", "To process your refund, please tell us why you're leaving and attach screenshots of the problem.", "noquestions"),
            C("temporal", "Refunds can only be requested during the first 48 hours.", "window"),
            C("implicit", "Since you've used {brand} for more than a week, this purchase can no longer be refunded.", "window"),
        ],
    ),
    (
        "cancel", "billing",
        [
            P("Cancel anytime, with no cancellation fees.", "anytime", "nofee"),
            P("No contracts: cancel {brand} whenever you like, right in the app.", "anytime", "easy"),
            P("Cancelling takes two taps in Settings and never costs a thing.", "easy", "nofee"),
            P("You can leave {brand} at any time without paying a penalty.", "anytime", "nofee"),
        ],
        [
            E("You can cancel your {plan} subscription at any time from Settings > Billing, free of charge.", "anytime", "nofee", "easy"),
            E("Your subscription has been cancelled. No fees were charged.", "nofee"),
            E("Cancel anytime · No fees · No phone calls", "anytime", "nofee", "easy", style="ui"),
            E("To cancel, open the app, tap Account, then Cancel subscription. That's all it takes.", "easy"),
            E("There's no minimum term: stop whenever you want and you won't be charged anything extra.", "anytime", "nofee"),
            N("Pausing your membership is a good alternative if you're travelling."),
            N("After you cancel, your data stays available for 30 days in case you change your mind."),
            N("We'll miss you! One quick question: what could we have done better?"),
            N("You can reactivate your account at any time by signing back in."),
            N("Cancelling {plan} won't affect your {free_plan} account."),
            C("numeric", "A {cancel_fee} early termination fee applies if you cancel.", "nofee"),
            C("numeric", "Cancellation fee: {cancel_fee}", "nofee", style="ui"),
            C("channel", "To cancel, please call our retention team on {phone}.", "easy"),
            C("channel", "Cancellations must be sent by post to our billing office.", "easy"),
            C("temporal", "You can only cancel during the last 30 days of your contract.", "anytime"),
            C("scope", "Monthly plans can be cancelled anytime; annual plans are locked in for 12 months.", "anytime"),
            C("implicit", "Your plan includes a 12-month minimum commitment.", "anytime"),
            C("implicit", "Cancelling before your renewal date? You'll still be billed for the remaining months of your term.", "nofee", "anytime"),
            C("modality", "Cancellation requests are subject to approval.", "anytime", "easy"),
            C("negation", "Subscriptions cannot be ended inside the app.", "easy"),
            C("negation", "Online cancellation isn't available for your account. Contact billing.", "easy", style="err"),
            C("temporal", "Give us 30 days' written notice to end your subscription.", "anytime", "easy"),
            C("antonym", "Cancelling is a paid service: a processing charge applies.", "nofee"),
        ],
    ),
    (
        "support_hours", "support hours",
        [
            P("Our support team is here 24/7.", "always"),
            P("Get help around the clock, every day of the year.", "always"),
            P("{brand} support is available 24 hours a day, 7 days a week, holidays included.", "always"),
            P("Need help at 3am on a Sunday? We're awake and ready.", "always"),
        ],
        [
            E("Whatever the time, someone from our team is online to help.", "always"),
            E("We're here day and night, weekends included. Just reply to this message.", "always"),
            E("Support · Available 24/7", "always", style="ui"),
            E("Our team works in shifts around the globe, so there's always someone ready to help, {first}.", "always"),
            N("You can also browse our help center for quick answers."),
            N("Please include your account email so we can find you faster."),
            N("Support is available in English, Spanish and German."),
            N("How did {agent} do? Rate your support conversation."),
            N("Our help center has step-by-step guides for every feature."),
            C("temporal", "Our support team is available Monday to Friday, {open} to {close}.", "always"),
            C("temporal", "We're closed on weekends and public holidays.", "always"),
            C("temporal", "Live chat is open from {open} to {close} {tz}.", "always"),
            C("temporal", "Thanks for your message! The team is offline right now and will reply when we're back on Monday.", "always"),
            C("numeric", "Support hours: 8 hours a day, 5 days a week.", "always"),
            C("implicit", "{agent} answers messages on {weekday} afternoons.", "always"),
            C("implicit", "Messages sent after 6pm are answered the next business day.", "always"),
            C("modality", "Weekend support may be available depending on staffing.", "always"),
            C("scope", "Round-the-clock support is included with {plan2} only.", "always"),
            C("negation", "We don't offer support outside office hours.", "always"),
            C("negation", "Chat unavailable. Our agents are not online at this time.", "always", style="err"),
            C("channel", "Outside office hours, you can only browse our help articles.", "always"),
            C("antonym", "Support is a weekday-only service.", "always"),
        ],
    ),
    (
        "human", "support",
        [
            P("Every message is answered by a real person, never a bot.", "human"),
            P("Talk to real humans: no chatbots, no scripts.", "human"),
            P("At {brand}, support comes from people, not AI.", "human"),
        ],
        [
            E("Every reply you get from us is written by a person on our team.", "human"),
            E("No bots here. A real person from our team reads and answers every message.", "human"),
            E("Chat with a human", "human", style="ui"),
            N("Our support team is based in {city}."),
            N("You can reply to this email to continue the conversation."),
            N("Please never share your password with anyone, including our team."),
            N("Your ticket number is {ticket}."),
            N("Hi {first}, I'm {agent} and I'll be looking after your request today."),
            C("channel", "Hi! I'm {bot}, {brand}'s virtual assistant. How can I help today?", "human"),
            C("channel", "This is an automated response. Our AI assistant will try to resolve your issue.", "human"),
            C("channel", "Chat with our AI helper for instant answers.", "human", style="ui"),
            C("implicit", "Replies in chat are generated automatically from our help articles.", "human"),
            C("negation", "Live agents are not available; please use the self-service assistant.", "human"),
            C("modality", "You may be connected to a person if the assistant can't help.", "human"),
            C("scope", "Human support is reserved for {plan2} customers; everyone else gets our assistant.", "human"),
            C("antonym", "Our automated assistant handles all incoming messages.", "human"),
            C("antonym", "Every answer here comes from our automated helper, not a person.", "human"),
        ],
    ),
    (
        "response", "support",
        [
            P("We reply to every message within {reply}.", "time"),
            P("Expect an answer from our team in under {reply}.", "time"),
            P("Every support request gets a response within {reply}, guaranteed.", "time"),
        ],
        [
            E("Thanks for contacting us! You'll hear back within {reply}.", "time"),
            E("We've received your request and will respond in less than {reply}, as always.", "time"),
            E("Typical reply time: under {reply}", "time", style="ui"),
            N("Your request has been received. Ticket #{ticket}."),
            N("Check our status page for known issues while you wait."),
            N("You can add more details by replying to this email."),
            N("We've merged your two requests into one ticket so nothing gets lost."),
            C("numeric", "Our team will get back to you within {reply_alt} business days.", "time"),
            C("numeric", "Current wait time: about {wait_alt} days.", "time", style="ui"),
            C("implicit", "{agent} answers messages on {weekday} afternoons.", "time"),
            C("temporal", "We read messages once a week, usually on Mondays.", "time"),
            C("implicit", "Due to high volume, replies are taking up to two weeks.", "time"),
            C("modality", "We try to respond as soon as we can, but response times vary and aren't guaranteed.", "time"),
            C("scope", "Replies within {reply} are guaranteed for {plan2} customers only.", "time"),
            C("negation", "We can't promise a reply to every message.", "time"),
            C("channel", "Email requests are answered within a week; for quicker help, ask the community forum.", "time"),
            C("channel", "We no longer answer email. Please post your question in the community forum.", "time"),
            C("antonym", "Replies are slow at the moment, so expect a long wait.", "time"),
        ],
    ),
    (
        "phone", "support",
        [
            P("Call us anytime: a real person picks up the phone.", "phone"),
            P("Prefer to talk? Phone support is included on every plan.", "phone"),
            P("You can always reach {brand} by phone at {phone}.", "phone"),
        ],
        [
            E("Questions? Give us a call at {phone}; we're happy to talk it through.", "phone"),
            E("Phone support: {phone}", "phone", style="ui"),
            E("Every plan includes phone support, so pick up the phone whenever you need us.", "phone"),
            N("Please have your account number ready when you contact us."),
            N("Calls may be recorded for training purposes."),
            N("Update the phone number on your account in Settings > Profile."),
            N("We'll text a verification code to the number on your account."),
            C("channel", "We don't offer phone support; please contact us by email.", "phone"),
            C("channel", "Support is available by email only.", "phone"),
            C("channel", "Our phone line has been retired; you can reach us through in-app chat.", "phone"),
            C("scope", "Phone support is available on {plan2} plans.", "phone"),
            C("modality", "A callback may be arranged if your issue can't be solved by email.", "phone"),
            C("implicit", "The number you called is not in service. Please visit our help center.", "phone", style="err"),
        ],
    ),
    (
        "data_sale", "privacy ads",
        [
            P("We never sell your personal data.", "nosell"),
            P("{brand} will never share your data with advertisers.", "noads"),
            P("Your data is yours: it is never sold, rented, or handed to advertisers.", "nosell", "noads"),
            P("We never sell or trade your information to anyone.", "nosell"),
        ],
        [
            E("We don't sell your data, and we never will.", "nosell"),
            E("Advertisers never get access to your information.", "noads"),
            E("Our business is subscriptions, not data: we have never sold user information and we never pass it to ad networks.", "nosell", "noads"),
            N("You can download a copy of your data from Settings > Privacy."),
            N("Our privacy notice got a rewrite in plainer language."),
            N("Two-factor authentication is now available for every account."),
            N("We use essential cookies to keep you signed in."),
            N("You can delete your account and all of its data at any time."),
            C("implicit", "Your data is shared with our advertising partners to show you more relevant offers.", "noads", unclear=("nosell",)),
            C("modality", "We may sell your contact details to selected partners.", "nosell"),
            C("implicit", "Your activity history helps our partners show you ads you'll like.", "noads"),
            C("implicit", "By continuing, you agree that {brand} may pass your email address to marketing partners.", "noads", unclear=("nosell",)),
            C("negation", "We can't guarantee your data won't reach third-party advertisers.", "noads"),
            C("scope", "We don't sell data from paid accounts.", "nosell"),
            C("scope", "Your information may be shared with advertisers if you use the free plan.", "noads"),
            C("implicit", "Partners we share data with include ad networks and data brokers.", "noads", "nosell"),
            C("temporal", "Starting next month, we'll begin sharing usage data with advertising partners.", "noads"),
            C("antonym", "We sell anonymised purchase data to retail partners, and your account is included.", "nosell"),
        ],
    ),
    (
        "encryption", "privacy",
        [
            P("Your {items} are end-to-end encrypted; not even {brand} can read them.", "e2e"),
            P("Only you can see your {items}. We can't access them.", "e2e"),
            P("Private by design: {brand} has no way to read what you store.", "e2e"),
        ],
        [
            E("Everything you store is encrypted on your device before it reaches our servers, so nobody at {brand} can read it.", "e2e"),
            E("Your {items} are encrypted with a key only you hold.", "e2e"),
            N("Turn on Face ID to lock the app when you're not using it."),
            N("We'll ask for your password again before showing sensitive settings."),
            N("Your recovery code was generated. Store it somewhere safe."),
            C("implicit", "Our team may review your {items} to improve our recommendations.", "e2e"),
            C("modality", "Support agents can view your {items} when you open a ticket.", "e2e"),
            C("negation", "{items_cap} are not encrypted while stored on our servers.", "e2e"),
            C("scope", "End-to-end encryption is available on {plan} only.", "e2e"),
            C("implicit", "Forgot your password? Our team can recover your {items} for you.", "e2e"),
            C("antonym", "Your {items} are stored in plain text so our team can help you faster.", "e2e"),
        ],
    ),
    (
        "free_tier", "billing ads",
        [
            P("{brand} {free_plan} is free forever, with no time limit and no ads.", "forever", "noads"),
            P("The {free_plan} plan stays free for life.", "forever"),
            P("Use {brand} {free_plan} for as long as you like, completely free.", "forever"),
            P("No ads, ever, even on the free plan.", "noads"),
        ],
        [
            E("You're on {free_plan}: it costs nothing, shows zero ads and never expires.", "forever", "noads"),
            E("Your {free_plan} account never expires and will never cost you anything.", "forever"),
            E("We don't show ads on any plan, including {free_plan}.", "noads"),
            E("{free_plan} · Free forever", "forever", style="ui"),
            N("{plan} adds offline mode and unlimited history for {price} a month."),
            N("You can upgrade from {free_plan} whenever you're ready."),
            N("{free_plan} includes up to {free_limit} {items}."),
            N("Your {free_plan} account is all set up. Let's get started!"),
            C("antonym", "{free_plan} is free for a limited time only.", "forever"),
            C("numeric", "Your free access ends after {trial_days_alt} days.", "forever"),
            C("temporal", "The {free_plan} plan will be retired on {date}; choose a paid plan to keep your account.", "forever"),
            C("antonym", "{free_plan} is now a paid plan at {price_small} a month.", "forever"),
            C("implicit", "Ads help us keep {free_plan} free. Watch a short video to continue.", "noads"),
            C("implicit", "Upgrade to {plan} to remove ads.", "noads", style="ui"),
            C("scope", "The free plan is free for your first year.", "forever"),
            C("modality", "{free_plan} may include sponsored messages from our partners.", "noads"),
            C("negation", "{free_plan} accounts are no longer free after 12 months of use.", "forever"),
        ],
    ),
    (
        "sync", "product",
        [
            P("Your {items} sync instantly across all your devices.", "sync"),
            P("Use {brand} on as many devices as you want, always in sync.", "sync", "unlimited"),
            P("{brand} works with {integration} out of the box.", "integ"),
        ],
        [
            E("Sign in on your phone, tablet and laptop: everything stays in sync automatically, with no device limit.", "sync", "unlimited"),
            E("Changes you make on one device show up on all your others within seconds.", "sync"),
            E("Connected to {integration}. Your {items} now appear there automatically.", "integ"),
            N("You can turn off sync for individual {items} in Settings."),
            N("Our new dark mode is rolling out to all devices this week."),
            N("The desktop app now starts twice as fast."),
            N("Sign in with the same email on every device to see your {items}."),
            C("numeric", "You can use {brand} on up to {device_cap} devices.", "unlimited", unclear=("sync",)),
            C("scope", "Sync across devices is available on {plan} only.", "sync", "unlimited"),
            C("temporal", "Sync runs once a day, overnight.", "sync"),
            C("antonym", "Sync is manual: tap Upload on each device to copy your changes.", "sync"),
            C("negation", "{items_cap} created on the web don't sync to the mobile app yet.", "sync"),
            C("modality", "Sync may be delayed or unavailable on older devices.", "sync"),
            C("negation", "The {integration} integration has been discontinued.", "integ"),
            C("implicit", "Device limit reached. Sign out on another device to continue.", "unlimited", unclear=("sync",), style="err"),
            C("scope", "The {integration} integration is available for {plan2} workspaces only.", "integ"),
        ],
    ),
    (
        "uptime", "product hours",
        [
            P("{brand} guarantees {uptime} uptime.", "sla"),
            P("Count on {uptime} availability, backed by our SLA.", "sla"),
            P("We're up {uptime} of the time, or you get credit back.", "sla"),
        ],
        [
            E("Our service level agreement commits us to {uptime} uptime every month.", "sla"),
            E("Uptime SLA: {uptime}", "sla", style="ui"),
            N("Check status.{domain} for live system status."),
            N("We'll email you before any planned maintenance."),
            N("Last month we shipped 14 improvements to the editor."),
            N("Incident resolved: all systems are operating normally."),
            C("numeric", "Our SLA covers {uptime_alt} monthly availability.", "sla"),
            C("implicit", "Scheduled maintenance: the service is offline every Sunday from midnight to 6am.", "sla"),
            C("negation", "We aim for high availability but don't guarantee uptime.", "sla"),
            C("scope", "The uptime guarantee applies to {plan2} plans only.", "sla"),
            C("negation", "{brand} does not offer an uptime SLA.", "sla"),
            C("temporal", "Expect regular downtime during business hours while we migrate.", "sla"),
            C("modality", "Availability targets may not apply during peak periods.", "sla"),
        ],
    ),
    (
        "storage", "product",
        [
            P("Every account comes with {storage} of storage.", "amount"),
            P("Store up to {storage} on {plan}.", "amount"),
            P("Unlimited storage on every plan.", "unlimited"),
            P("Keep everything: there's no cap on storage.", "unlimited"),
        ],
        [
            E("Your {plan} plan includes {storage} of space.", "amount"),
            E("Storage: {storage} included", "amount", style="ui"),
            E("Upload as much as you like; there's no storage limit on any plan.", "unlimited"),
            N("Large files upload faster on Wi-Fi."),
            N("Deleted files stay in the bin for 30 days."),
            N("Drag and drop files here to upload them."),
            C("numeric", "You're using {used} of your {storage_alt} storage.", "amount", "unlimited", style="ui"),
            C("numeric", "Storage full. Your plan includes {storage_alt}.", "amount", "unlimited", style="err"),
            C("implicit", "Upload failed: you've reached your storage limit.", "unlimited", unclear=("amount",), style="err"),
            C("scope", "{storage} of storage is included with annual plans only.", "amount"),
            C("modality", "Storage may be limited on some plans.", "unlimited"),
            C("implicit", "Need more space? Add 100 GB for {addon_price} a month.", "unlimited"),
            C("antonym", "Storage is capped at {storage_alt} per account.", "unlimited", "amount"),
        ],
    ),
    (
        "delivery_fee", "billing",
        [
            P("Free delivery on every order, with no minimum spend.", "free", "nomin"),
            P("{brand} never charges delivery fees.", "free"),
            P("Delivery is always free, whatever you order.", "free", "nomin"),
        ],
        [
            E("Delivery fee: {cur}0.00. As always, there's no minimum order.", "free", "nomin", style="ui"),
            E("Every order comes to your door free of charge, big or small.", "free", "nomin"),
            E("Free delivery · No minimum basket", "free", "nomin", style="ui"),
            E("You'll never pay for delivery with {brand}.", "free"),
            N("Tip your courier in the app after delivery."),
            N("Our bags are now made from recycled paper."),
            N("Track your order in real time from the Orders tab."),
            N("Your order #{ticket} has been packed."),
            C("numeric", "A delivery fee of {delivery_fee} applies to this order.", "free"),
            C("scope", "Free delivery on orders over {min_order}.", "free", "nomin"),
            C("implicit", "Add {gap} more to your basket to unlock free delivery.", "free", "nomin"),
            C("scope", "Free delivery for {plan} members only.", "free"),
            C("antonym", "Delivery is free for your first three orders.", "free"),
            C("modality", "Delivery fees may apply depending on your area.", "free"),
            C("temporal", "A {surcharge} late-night surcharge applies to deliveries after 10pm.", "free"),
            C("implicit", "Minimum order: {min_order}", "nomin", style="ui"),
            C("negation", "Your basket is below the {min_order} minimum. Add more items to check out.", "nomin", style="err"),
        ],
    ),
    (
        "delivery_time", "product hours",
        [
            P("Every order arrives within {window}.", "fast"),
            P("{brand} delivers to your door in {window} or less.", "fast"),
            P("Fast, always: we get your order to you within {window}.", "fast"),
        ],
        [
            E("We deliver every order within {window} of checkout.", "fast"),
            E("All deliveries arrive in {window} or less, every time.", "fast"),
            N("Your courier {agent} is on the way."),
            N("Leave delivery instructions for your courier at checkout."),
            N("Rate your last delivery to help us improve."),
            C("numeric", "Estimated delivery: {window_alt}", "fast", style="ui"),
            C("temporal", "Orders placed after 8pm are delivered the next day.", "fast"),
            C("modality", "Delivery times may vary depending on demand.", "fast"),
            C("scope", "{window} delivery is available in city centres only.", "fast"),
            C("implicit", "We deliver to your area on Tuesdays and Fridays.", "fast"),
            C("negation", "We can't guarantee delivery times.", "fast"),
            C("numeric", "Your order is running late and will arrive in about {window_alt}.", "fast"),
        ],
    ),
    (
        "bank_fees", "billing",
        [
            P("No monthly account fees. Ever.", "nomonthly"),
            P("Spend abroad with no foreign transaction fees.", "nofx"),
            P("Withdraw cash from any ATM worldwide, free.", "atm"),
            P("A {brand} account costs nothing to keep open: no monthly fee, no hidden charges.", "nomonthly"),
        ],
        [
            E("Your {brand} account has no monthly fee.", "nomonthly"),
            E("Card payments abroad are free: we charge no foreign transaction fee.", "nofx"),
            E("ATM withdrawals are free, wherever you are in the world.", "atm"),
            N("Your new card is on its way and should arrive in 3 to 5 days."),
            N("You can freeze your card instantly from the app."),
            N("Savings pots now earn interest daily."),
            N("Exchange rates are shown before you confirm a payment."),
            N("Set a spending limit under Cards > Limits."),
            C("numeric", "A {fx_fee} fee applies to card payments in foreign currencies.", "nofx"),
            C("numeric", "Account fee: {monthly_fee} per month", "nomonthly", style="ui"),
            C("scope", "Free ATM withdrawals up to {atm_cap} per month; a 2% fee applies after that.", "atm"),
            C("implicit", "Your statement shows a {monthly_fee} account maintenance charge.", "nomonthly"),
            C("modality", "ATM operators may charge their own fees, which we pass on to you.", "atm"),
            C("temporal", "Currency exchange at weekends carries a 1% markup.", "nofx"),
            C("antonym", "Foreign transaction fees are waived for your first three months.", "nofx"),
            C("negation", "Cash withdrawals abroad are not free.", "atm"),
        ],
    ),
    (
        "transfers", "product hours",
        [
            P("Money transfers arrive instantly, 24/7.", "instant"),
            P("Send money in seconds, any time of day.", "instant"),
        ],
        [
            E("Transfers between accounts land in seconds, day or night.", "instant"),
            E("Sent! Your transfer arrived instantly.", "instant", style="ui"),
            N("You can set up recurring transfers from the Payments tab."),
            N("Add a note to your transfer so your friend knows what it's for."),
            N("Save payees to send money faster next time."),
            C("numeric", "Transfers usually take 1 to 3 business days to arrive.", "instant"),
            C("temporal", "Transfers made at weekends are processed on Monday.", "instant"),
            C("modality", "Some transfers may be held for review before they're sent.", "instant"),
            C("scope", "Instant transfers are available to {plan} customers.", "instant"),
            C("implicit", "Your transfer is scheduled and will be sent on the next working day.", "instant"),
            C("channel", "Transfers to new payees must be confirmed by phone before they're sent.", "instant"),
        ],
    ),
    (
        "data_allowance", "product",
        [
            P("Truly unlimited data, with no speed caps.", "unlimited"),
            P("Stream, browse and download as much as you want; your speed never slows down.", "unlimited"),
        ],
        [
            E("There's no data cap on your plan and we never slow you down.", "unlimited"),
            N("5G is now live in 40 more towns."),
            N("Your eSIM is ready to install."),
            N("Wi-Fi calling is now switched on for your number."),
            C("numeric", "You've used {data_cap} GB of your {data_cap} GB allowance.", "unlimited", style="ui"),
            C("implicit", "After {data_cap} GB in a month, speeds drop to 1 Mbps.", "unlimited"),
            C("modality", "Speeds may be managed during busy periods.", "unlimited"),
            C("scope", "Unlimited data applies to home use only; roaming is capped at 5 GB.", "unlimited"),
            C("antonym", "Your plan includes a fair-use allowance of {data_cap} GB.", "unlimited"),
        ],
    ),
    (
        "export", "privacy",
        [
            P("Export all your {items} anytime.", "export"),
            P("Your {items} are never locked in: download everything whenever you want.", "export"),
        ],
        [
            E("Go to Settings > Export to download all your {items} as a ZIP file, any time.", "export"),
            N("Import your {items} from other apps in one click."),
            N("Backups run automatically every night."),
            N("Your export is ready. The download link expires in 7 days."),
            C("scope", "Export is available on {plan2} plans only.", "export"),
            C("temporal", "You can request one export every 90 days.", "export"),
            C("channel", "To get a copy of your {items}, email our support team and allow 30 days.", "export"),
            C("negation", "{items_cap} can't be exported.", "export"),
        ],
    ),
    (
        "guarantee", "billing",
        [
            P("Found it cheaper elsewhere? We'll match the price.", "pricematch"),
            P("We replace any damaged item for free, no return needed.", "replace"),
        ],
        [
            E("Spotted a lower price at another store? Send us the link and we'll match it.", "pricematch"),
            E("Damaged on arrival? We'll send a replacement at no cost, and you don't need to send anything back.", "replace"),
            N("Prices are updated every morning."),
            N("Returns are free within 30 days."),
            N("Sign up for our newsletter to hear about new arrivals first."),
            C("modality", "Price match requests are reviewed case by case and may be declined.", "pricematch"),
            C("scope", "We only match prices from our own website.", "pricematch"),
            C("negation", "We don't offer price matching.", "pricematch"),
            C("implicit", "Please return the damaged item before we can send a replacement.", "replace"),
            C("numeric", "Replacements cost {replace_fee} for shipping.", "replace"),
            C("temporal", "Damage must be reported within 24 hours of delivery to qualify for a replacement.", "replace"),
        ],
    ),
]


def _build_facets() -> tuple[Facet, ...]:
    out = []
    for name, group, promises, passages in _FACETS_SRC:
        ps = tuple(Promise(p.text, p.claims, f"{name}:P{i}") for i, p in enumerate(promises))
        qs = []
        counters: dict[str, int] = {}
        for q in passages:
            n = counters.get(q.kind, 0)
            counters[q.kind] = n + 1
            qs.append(Passage(q.kind, q.text, q.claims, q.phenomenon, q.unclear, q.style, f"{name}:{q.kind}{n}"))
        out.append(Facet(name, frozenset(group.split()), ps, tuple(qs)))
    return tuple(out)


FACETS: tuple[Facet, ...] = _build_facets()
FACET_BY_NAME = {f.name: f for f in FACETS}

# ---------------------------------------------------------------------------
# Sectors and brands

_SECTORS = {
    "streaming": dict(
        facets=("price", "trial", "refund", "cancel", "free_tier", "support_hours", "human", "response", "data_sale", "sync", "export"),
        items=("playlists", "watchlists", "downloads", "saved shows"),
        feature=("offline downloads", "lossless audio", "4K streaming", "ad-free listening"),
        integration=("Sonos", "Chromecast", "Apple TV", "Alexa"),
        activity=("listening", "watching"),
    ),
    "saas": dict(
        facets=("price", "trial", "refund", "cancel", "free_tier", "support_hours", "human", "response", "phone", "data_sale",
                "encryption", "sync", "uptime", "storage", "export"),
        items=("notes", "documents", "projects", "files", "boards"),
        feature=("version history", "shared workspaces", "advanced search", "custom templates"),
        integration=("Slack", "Google Calendar", "Outlook", "Zapier", "Dropbox"),
        activity=("planning", "writing", "building"),
    ),
    "bank": dict(
        facets=("bank_fees", "transfers", "cancel", "support_hours", "human", "response", "phone", "data_sale"),
        items=("statements", "transactions"),
        feature=("savings pots", "virtual cards", "spending insights"),
        integration=("Apple Pay", "Google Pay"),
        activity=("saving", "banking"),
    ),
    "delivery": dict(
        facets=("delivery_fee", "delivery_time", "price", "trial", "cancel", "refund", "support_hours", "human", "response", "data_sale"),
        items=("orders", "saved baskets", "recipes"),
        feature=("priority slots", "member-only deals", "free recipes"),
        integration=("Alexa", "Google Assistant"),
        activity=("cooking", "shopping"),
    ),
    "fitness": dict(
        facets=("price", "trial", "refund", "cancel", "free_tier", "support_hours", "human", "response", "data_sale", "encryption", "sync"),
        items=("workouts", "health logs", "training plans", "journal entries"),
        feature=("guided programs", "live classes", "coach feedback", "sleep tracking"),
        integration=("Apple Health", "Google Fit", "Strava", "Garmin Connect"),
        activity=("training", "moving"),
    ),
    "telecom": dict(
        facets=("price", "data_allowance", "cancel", "support_hours", "human", "response", "phone", "data_sale", "refund"),
        items=("bills", "call records"),
        feature=("EU roaming", "Wi-Fi calling", "spam call blocking"),
        integration=("eSIM", "dual SIM"),
        activity=("browsing", "streaming"),
    ),
    "retail": dict(
        facets=("delivery_fee", "delivery_time", "guarantee", "refund", "support_hours", "human", "response", "phone", "data_sale"),
        items=("orders", "wishlists", "saved items"),
        feature=("early access to sales", "free gift wrapping", "member pricing"),
        integration=("Apple Pay", "PayPal"),
        activity=("shopping", "browsing"),
    ),
}
SECTORS = tuple(_SECTORS)

_NAME_HEADS = ("Lu", "Ver", "Qui", "Bram", "Ol", "Fen", "Zor", "Kal", "Tam", "Nix", "Pel", "Ris", "Dal", "Hap", "Cor",
               "Sel", "Tov", "Wen", "Yar", "Bel", "Gar", "Jun", "Ori", "Pim", "Quo", "Tib", "Ulm", "Vex", "Wix", "Zan")
_NAME_TAILS = ("mio", "ra", "ly", "ba", "ix", "en", "ora", "io", "ant", "eo", "wise", "nest", "loop", "kit", "hub",
               "ful", "tic", "aro", "ena", "dle", "mint", "pod", "vue", "zo")
_PAID_PLANS = ("Plus", "Pro", "Premium", "Unlimited", "Max", "Prime", "Gold", "Complete")
_TEAM_PLANS = ("Business", "Family", "Team", "Enterprise", "Studio", "Household")
_FREE_PLANS = ("Free", "Basic", "Starter", "Lite", "Essentials", "Go")
_CURRENCIES = ("$", "€", "£")
_TLDS = ("com", "app", "io", "co")


@dataclass(frozen=True)
class Brand:
    name: str
    sector: str
    plan: str
    plan2: str
    free_plan: str
    currency: str
    domain: str
    heldout: bool


def _build_brands() -> tuple[Brand, ...]:
    rng = random.Random(20240611)  # fixed: the brand universe never depends on the generation seed
    names: list[str] = []
    seen = set()
    while len(names) < 30 * len(SECTORS):
        name = rng.choice(_NAME_HEADS) + rng.choice(_NAME_TAILS)
        if name.lower() not in seen:
            seen.add(name.lower())
            names.append(name)
    brands = []
    for s_i, sector in enumerate(SECTORS):
        for b_i, name in enumerate(names[s_i * 30:(s_i + 1) * 30]):
            brands.append(Brand(
                name=name,
                sector=sector,
                plan=rng.choice(_PAID_PLANS),
                plan2=rng.choice(_TEAM_PLANS),
                free_plan=rng.choice(_FREE_PLANS),
                currency=rng.choice(_CURRENCIES),
                domain=f"{name.lower()}.{rng.choice(_TLDS)}",
                heldout=b_i % _BRAND_HOLDOUT_EVERY == _BRAND_HOLDOUT_EVERY - 1,
            ))
    return tuple(brands)


BRANDS: tuple[Brand, ...] = _build_brands()


def template_heldout(template_id: str) -> bool:
    """Whether a template is held out of training (stable; index 0 never is)."""
    if template_id.endswith(("P0", "E0", "N0", "C0")):
        return False
    return zlib.crc32(template_id.encode()) % 100 < _TEMPLATE_HOLDOUT_PERCENT


# ---------------------------------------------------------------------------
# Slots

_FIRST = ("Maya", "Jonas", "Priya", "Tom", "Aisha", "Lukas", "Sofia", "Daniel", "Chen", "Amara", "Leo", "Hannah",
          "Mateo", "Ines", "Oskar", "Yuki", "Grace", "Omar", "Elif", "Noah", "Zoe", "Ravi", "Clara", "Felix")
_AGENTS = ("Sam", "Jess", "Marco", "Nadia", "Ben", "Lina", "Theo", "Rosa", "Kai", "Ana", "Ivan", "Mei")
_BOTS = ("Penny", "Bolt", "Sunny", "Ziggy", "Echo", "Pip", "Nova", "Buddy")
_CITIES = ("Lisbon", "Dublin", "Toronto", "Leeds", "Austin", "Krakow", "Melbourne", "Cape Town")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
_HOURS = (("9am", "5pm"), ("8am", "6pm"), ("10am", "4pm"), ("9:00", "17:30"), ("8:30", "16:00"))
_TZ = ("CET", "ET", "GMT", "PT", "AEST")
_PRICES = (4.99, 5.99, 7.99, 8, 9, 9.99, 11.99, 12, 14.99, 15, 19, 24.99)
_ADDON = ("storage", "profiles", "seats", "add-on packs")
_REPLY = ("an hour", "two hours", "4 hours", "12 hours", "24 hours", "one business day")
_WINDOWS = (("30 minutes", ("an hour", "90 minutes", "2 to 3 hours")), ("45 minutes", ("90 minutes", "2 hours", "3 hours")),
            ("an hour", ("2 hours", "3 to 4 hours", "the next day")), ("one day", ("3 to 5 days", "a week", "10 days")),
            ("two days", ("5 to 7 days", "two weeks", "4 days")))


def _money(cur: str, x: float) -> str:
    return f"{cur}{int(x)}" if float(x).is_integer() else f"{cur}{x:.2f}"


def _slots(brand: Brand, rng: random.Random) -> dict[str, str]:
    cur = brand.currency
    sector = _SECTORS[brand.sector]
    price = rng.choice(_PRICES)
    others = [p for p in _PRICES if p != price]
    higher = [p for p in _PRICES if p > price] or [price + 3]
    trial = rng.choice((7, 14, 30))
    refund = rng.choice((14, 30, 60, 90))
    window, window_alts = rng.choice(_WINDOWS)
    items = rng.choice(sector["items"])
    storage = rng.choice((50, 100, 200, 500, 1000))
    storage_alt = rng.choice((2, 5, 10, 15, 20))
    data_cap = rng.choice((10, 20, 30, 50))
    opening, closing = rng.choice(_HOURS)
    return {
        "brand": brand.name,
        "plan": brand.plan,
        "plan2": brand.plan2,
        "free_plan": brand.free_plan,
        "cur": cur,
        "domain": brand.domain,
        "price": _money(cur, price),
        "price_alt": _money(cur, rng.choice(others)),
        "price_hi": _money(cur, rng.choice(higher)),
        "price_small": _money(cur, rng.choice((1.99, 2.99, 3.99))),
        "plan2_price": _money(cur, rng.choice((6, 8, 10, 12, 15, 20))),
        "addon_price": _money(cur, rng.choice((0.99, 1.99, 2, 2.99, 3, 4))),
        "addon_thing": rng.choice(_ADDON),
        "gift_amount": _money(cur, rng.choice((10, 15, 20, 25, 50))),
        "trial_price": _money(cur, rng.choice((1, 0.99, 2))),
        "trial_days": str(trial),
        "trial_days_alt": str(rng.choice([d for d in (3, 5, 7, 10, 14, 21, 30) if d != trial])),
        "refund_days": str(refund),
        "refund_days_alt": str(rng.choice([d for d in (3, 5, 7, 10) if d < refund])),
        "reply": rng.choice(_REPLY),
        "reply_alt": rng.choice(("3 to 5", "5", "7", "10", "5 to 7")),
        "wait_alt": rng.choice(("3", "4", "6", "9")),
        "open": opening,
        "close": closing,
        "tz": rng.choice(_TZ),
        "weekday": rng.choice(_WEEKDAYS),
        "month": rng.choice(_MONTHS),
        "date": f"{rng.randint(1, 28)} {rng.choice(_MONTHS)}",
        "cancel_fee": _money(cur, rng.choice((15, 25, 29, 49, 60))),
        "phone": f"0800 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
        # voicecheck shows models a masked placeholder ({{ first_name }}) as "X"
        "first": "X" if rng.random() < 0.15 else rng.choice(_FIRST),
        "agent": rng.choice(_AGENTS),
        "bot": rng.choice(_BOTS),
        "city": rng.choice(_CITIES),
        "ticket": str(rng.randint(10000, 99999)),
        "uptime": rng.choice(("99.9%", "99.95%", "99.99%")),
        "uptime_alt": rng.choice(("99%", "99.5%", "98%", "95%")),
        "storage": "1 TB" if storage == 1000 else f"{storage} GB",
        "storage_alt": f"{storage_alt} GB",
        "used": f"{storage_alt - 1}.{rng.randint(1, 9)} GB",
        "device_cap": rng.choice(("one", "two", "three", "2", "3")),
        "integration": rng.choice(sector["integration"]),
        "items": items,
        "items_cap": items[:1].upper() + items[1:],
        "feature": rng.choice(sector["feature"]),
        "free_limit": str(rng.choice((3, 5, 10))),
        "delivery_fee": _money(cur, rng.choice((1.99, 2.49, 2.99, 3.99, 4.99))),
        "min_order": _money(cur, rng.choice((15, 20, 25, 30, 40))),
        "gap": _money(cur, rng.choice((3.5, 4.2, 6.8, 9.1, 12))),
        "surcharge": _money(cur, rng.choice((1, 1.5, 2, 3))),
        "window": window,
        "window_alt": rng.choice(window_alts),
        "fx_fee": rng.choice(("2%", "2.5%", "2.99%", "3%")),
        "monthly_fee": _money(cur, rng.choice((2, 3, 4.99, 5, 7))),
        "atm_cap": _money(cur, rng.choice((200, 250, 300, 500))),
        "data_cap": str(data_cap),
        "replace_fee": _money(cur, rng.choice((4.99, 5, 7.5))),
        "activity": rng.choice(sector["activity"]),
        "code": rng.choice(("402", "403", "409", "422", "429", "E104", "E221", "BILL-07")),
    }


# ---------------------------------------------------------------------------
# Surrounding content: frames and filler sentences (all facet-free)

_FILLERS = (
    "Your weekly summary is ready to view.",
    "You can change your notification settings at any time.",
    "We've refreshed the look of your dashboard.",
    "Tap the bell icon to see what's new.",
    "Your profile photo was updated.",
    "Keep the app updated to get the latest features.",
    "We hope you're enjoying {brand} so far.",
    "Here's what happened in your account this week.",
    "Dark mode is now available in Settings.",
    "Thanks for being part of the {brand} community.",
    "Your password was changed successfully.",
    "We've made a few small fixes and improvements.",
    "Check out the new shortcuts panel.",
    "Did you know you can pin your favourite {items} to the top?",
    "The app now supports larger text sizes.",
    "Need a hand getting started? Our quick tour takes two minutes.",
    "We'd love to hear your feedback.",
    "This message was sent to the address linked to your account.",
    "You get these updates as a registered {brand} user.",
    "Your email address has been confirmed.",
    "We've saved your preferences.",
    "Make sure notifications are on so you don't miss anything.",
    "You can manage your email preferences at the bottom of this message.",
    "Your {items} are right where you left them.",
    "Happy {activity}!",
    "Welcome to {brand}, {first}!",
    "Let's make this week a good one.",
    "Our mobile app got a fresh new icon.",
)
_EMAIL_OPEN = ("Hi {first},", "Hello {first},", "Hey {first}!", "Dear {first},", "Hi there,", "Good news, {first}!")
_EMAIL_CLOSE = ("Thanks, the {brand} team", "Cheers, {agent} at {brand}", "Questions? Just reply to this email.",
                "See you soon, the {brand} team", "Best wishes, {brand}", "Happy {activity}!")
_MACRO_OPEN = ("Thanks for reaching out, {first}!", "Hi {first}, good to hear from you.",
               "Sorry for the trouble, {first}.", "Happy to help with this!",
               "Thanks for your patience while I looked into this.", "Thanks for the question, {first}.")
_MACRO_CLOSE = ("Is there anything else I can help with?", "Anything else on your mind? I'm here.",
                "Have a great day!", "Best, {agent}", "Take care, {agent} from the {brand} team")
_ERROR_PREFIX = ("Error {code}:", "Something went wrong.", "Oops!", "We couldn't complete that.", "Action needed:")


class Pair(NamedTuple):
    premise: str
    hypothesis: str
    label: str  # contradiction | entailment | neutral
    kind: str  # contradiction phenomenon, "entail", or "neutral:<source>"
    facet: str
    brand: str
    template: str  # passage template id ("filler" for filler-only passages)


def _fill(template: str, slots: dict[str, str]) -> str:
    return template.format_map(slots)


def _words(text: str) -> int:
    return len(text.split())


def _frame(body: str, style: str, slots: dict[str, str], rng: random.Random) -> str:
    """Wrap a rendered passage the way real product content surrounds it."""
    if style == "ui":
        r = rng.random()
        if r < 0.15:
            return body.upper() if _words(body) <= 6 else body
        return body
    if style == "err":
        if rng.random() < 0.5:
            return _fill(rng.choice(_ERROR_PREFIX), slots) + " " + body
        return body
    before: list[str] = []
    after: list[str] = []
    has_greeting = body.startswith(("Hi ", "Hi!", "Hello", "Hey", "Welcome", "Thanks", "Good news", "Heads up"))
    r = rng.random()
    if r < 0.2 and not has_greeting:
        before.append(_fill(rng.choice(_EMAIL_OPEN), slots))
        if rng.random() < 0.5:
            after.append(_fill(rng.choice(_EMAIL_CLOSE), slots))
    elif r < 0.35 and not has_greeting:
        before.append(_fill(rng.choice(_MACRO_OPEN), slots))
        if rng.random() < 0.6:
            after.append(_fill(rng.choice(_MACRO_CLOSE), slots))
    # neutral clauses around the sentence
    n_fill = rng.choices((0, 1, 2, 3), weights=(55, 25, 13, 7))[0]
    for filler in rng.sample(_FILLERS, n_fill):
        text = _fill(filler, slots)
        if text not in before and text not in after and text not in body:
            (before if rng.random() < 0.5 else after).append(text)
    parts = before + [body] + after
    text = " ".join(parts)
    while _words(text) > 60 and len(parts) > 1:  # drop surrounding clauses, never the body
        idx = 0 if parts[0] is not body else len(parts) - 1
        parts.pop(idx)
        text = " ".join(parts)
    return text


def _polish(text: str, rng: random.Random) -> str:
    if rng.random() < 0.15:
        text = text.replace("'", "\u2019")
    return re.sub(r"\s+", " ", text).strip()


# ---------------------------------------------------------------------------
# Generation


def _label(passage: Passage, claims: frozenset[str]) -> str | None:
    if passage.kind == "E":
        return "entailment" if claims <= passage.claims else "neutral"
    if passage.kind == "C":
        if claims & passage.claims:
            return "contradiction"
        if claims & passage.unclear:
            return None
        return "neutral"
    return "neutral"


def _pool(items, split: str):
    if split == "train":
        return [t for t in items if not template_heldout(t.id)]
    if split == "heldout_templates":
        return [t for t in items if template_heldout(t.id)]
    return list(items)


def _brands(split: str) -> list[Brand]:
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; use one of {', '.join(SPLITS)}")
    want_heldout = split != "train"
    return [b for b in BRANDS if b.heldout == want_heldout]


_LABEL_WEIGHTS = (("contradiction", 40), ("entailment", 25), ("neutral", 35))
_NEUTRAL_SOURCES = (("same_topic", 35), ("claim_miss", 30), ("cross_facet", 20), ("filler", 15))


def _choose(rng: random.Random, weighted):
    names = [n for n, _ in weighted]
    return rng.choices(names, weights=[w for _, w in weighted])[0]


def _one(rng: random.Random, brand: Brand, split: str) -> Pair | None:
    sector = _SECTORS[brand.sector]
    facet = FACET_BY_NAME[rng.choice(sector["facets"])]
    promises = _pool(facet.promises, split) or (list(facet.promises) if split == "heldout_templates" else [])
    if not promises:
        return None
    promise = rng.choice(promises)
    slots = _slots(brand, rng)
    passages = _pool(facet.passages, split)
    target = _choose(rng, _LABEL_WEIGHTS)
    kind = ""
    chosen: Passage | None = None
    if target == "contradiction":
        cands = [q for q in passages if q.kind == "C" and _label(q, promise.claims) == "contradiction"]
        phenomena = sorted({q.phenomenon for q in cands})
        if not phenomena:
            return None
        kind = rng.choice(phenomena)
        chosen = rng.choice([q for q in cands if q.phenomenon == kind])
    elif target == "entailment":
        cands = [q for q in passages if q.kind == "E" and _label(q, promise.claims) == "entailment"]
        if not cands:
            return None
        kind = "entail"
        chosen = rng.choice(cands)
    else:
        source = _choose(rng, _NEUTRAL_SOURCES)
        kind = f"neutral:{source}"
        if source == "same_topic":
            cands = [q for q in passages if q.kind == "N"]
        elif source == "claim_miss":
            cands = [q for q in passages if q.kind != "N" and _label(q, promise.claims) == "neutral"]
        elif source == "cross_facet":
            others = [FACET_BY_NAME[f] for f in sector["facets"] if not FACET_BY_NAME[f].groups & facet.groups]
            if not others:
                return None
            other = rng.choice(others)
            cands = _pool(other.passages, split)
        else:
            cands = []
        if source == "filler":
            fillers = [_fill(f, slots) for f in rng.sample(_FILLERS, 4)]
            n = rng.randint(1, 3)
            while n < 4 and _words(" ".join(fillers[:n])) < 5:
                n += 1
            premise = _polish(_frame(" ".join(fillers[:n]), "s", slots, rng), rng)
            return Pair(premise, _fill(promise.text, slots), "neutral", kind, facet.name, brand.name, "filler")
        if not cands:
            return None
        chosen = rng.choice(cands)
    label = _label(chosen, promise.claims) if target != "neutral" or kind != "neutral:cross_facet" else "neutral"
    if label != target:
        return None
    body = _fill(chosen.text, slots)
    premise = _frame(body, chosen.style, slots, rng)
    if _words(premise) < 5:  # very short UI strings get a neighbouring line, as on a real screen
        premise = premise + (" " if premise.endswith((".", "!", "?")) else ". ") + _fill(rng.choice(_FILLERS), slots)
    return Pair(_polish(premise, rng), _fill(promise.text, slots), label, kind, facet.name, brand.name, chosen.id)


def iter_pairs(seed: int, split: str = "train") -> Iterator[Pair]:
    """Endless, deduplicated stream of pairs for ``split``; deterministic for ``seed``."""
    brands = _brands(split)
    rng = random.Random(f"{split}:{seed}")
    seen: set[tuple[str, str]] = set()
    misses = 0
    while True:
        pair = _one(rng, rng.choice(brands), split)
        if pair is None or (pair.premise, pair.hypothesis) in seen:
            misses += 1
            if misses > 100_000:
                return
            continue
        misses = 0
        seen.add((pair.premise, pair.hypothesis))
        yield pair


def generate(n: int, seed: int = 0, split: str = "train") -> list[Pair]:
    """``n`` pairs of ``split`` ("train", "heldout" = unseen brands, "heldout_templates" =
    unseen brands and unseen templates), deterministic for ``seed``."""
    out = []
    for pair in iter_pairs(seed, split):
        out.append(pair)
        if len(out) >= n:
            break
    return out


def template_counts() -> dict[str, int]:
    """How many promise and passage templates the grammar has."""
    promises = sum(len(f.promises) for f in FACETS)
    passages = sum(len(f.passages) for f in FACETS)
    return {"facets": len(FACETS), "promises": promises, "passages": passages,
            "fillers": len(_FILLERS), "brands": len(BRANDS)}


def all_fixed_sentences() -> list[str]:
    """Every template and filler with slots left in, for audits (bench overlap tests)."""
    out = [p.text for f in FACETS for p in f.promises] + [q.text for f in FACETS for q in f.passages]
    return out + list(_FILLERS + _EMAIL_OPEN + _EMAIL_CLOSE + _MACRO_OPEN + _MACRO_CLOSE + _ERROR_PREFIX)


def _main(argv: list[str] | None = None) -> int:
    import argparse
    import collections
    import json

    ap = argparse.ArgumentParser(description="Print generated pairs as JSON lines, or a summary.")
    ap.add_argument("-n", type=int, default=20)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--split", choices=SPLITS, default="train")
    ap.add_argument("--stats", action="store_true")
    args = ap.parse_args(argv)
    pairs = generate(args.n, args.seed, args.split)
    if args.stats:
        print(json.dumps(template_counts()))
        print(collections.Counter(p.label for p in pairs))
        print(collections.Counter(p.kind for p in pairs))
        lens = sorted(_words(p.premise) for p in pairs)
        print("premise words: min", lens[0], "median", lens[len(lens) // 2], "max", lens[-1])
        return 0
    for p in pairs:
        print(json.dumps(p._asdict(), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(_main())
