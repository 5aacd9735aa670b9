"""Channels (how something is done) and agents (a person or a machine)."""
from __future__ import annotations

import pytest

from voicecheck.promises.claims import channels

from .conftest import bug, mentions, of, parse, show, texts_of

# (sentence, ways, only, negated, a word of what the channel is for)
WAYS = [
    # the one way: only / must / the only way
    ("Cancellations are handled by phone only.", {"phone"}, True, False, "cancellation"),
    ("You can only cancel by phone.", {"phone"}, True, False, "cancel"),
    ("We can only take bookings over the phone.", {"phone"}, True, False, "booking"),
    ("The only way to cancel is by post.", {"mail"}, True, False, None),
    ("Complaints must be made in writing by post.", {"mail"}, True, False, "complaint"),
    ("Support is online only.", {"online"}, True, False, "support"),
    # "only" on the verb above the channel's own clause
    ("We only handle rebooking requests by email.", {"email"}, True, False, "request"),
    # an obligation over the channel's verb
    ("You have to call us to cancel.", {"phone"}, True, False, "cancel"),
    ("To cancel, you'll need to phone us.", {"phone"}, True, False, None),
    # "have" making someone do something obliges nobody
    ("Have the doctor call me", {"phone"}, False, False, "doctor"),
    # several ways, none exclusive
    ("Cancel online or in the app.", {"online", "app"}, False, False, "cancel"),
    ("Cancel in the app or on our website.", {"online", "app"}, False, False, "cancel"),
    ("Contact us by email or live chat.", {"email", "chat"}, False, False, "contact"),
    ("Reach our team by phone, email or chat.", {"phone", "email", "chat"}, False, False, "reach"),
    ("Book online, by phone, or in store.", {"online", "phone", "in-person"}, False, False, "book"),
    ("Manage your plan in the app.", {"app"}, False, False, "plan"),
    ("Send us a message on WhatsApp.", {"chat"}, False, False, "message"),
    ("Refunds are requested through the online form.", {"online"}, False, False, "refund"),
    ("Pop into your local branch.", {"in-person"}, False, False, None),
    ("Write to us at help@example.com.", {"email"}, False, False, "write"),
    # not this way
    ("We don't offer phone support.", {"phone"}, False, True, "support"),
    ("Subscriptions can't be cancelled over the phone.", {"phone"}, False, True, "subscription"),
    ("We don't take orders by email.", {"email"}, False, True, "order"),
    # a plural channel noun, the object of taking or answering
    ("We don't take roadside calls.", {"phone"}, False, True, "roadside"),
    ("Our team answers calls around the clock.", {"phone"}, False, False, "answer"),
    # readers get these wrong
    pytest.param("Returns can be made in any of our stores.", {"in-person"}, False, False, "return",
                 marks=bug("'in any of our stores': 'stores' after 'our' is not taken as a channel word")),
    pytest.param("Text STOP to opt out.", {"sms"}, False, False, None,
                 marks=bug("imperative 'Text' is not parsed as a verb, so it is not taken as the SMS channel")),
]

# An instruction names a way to do something, without saying it is the only one
INSTRUCTIONS = [
    ("Email us to close your account.", {"email"}),
    ("Phone us to cancel.", {"phone"}),
    ("Ring us to rebook.", {"phone"}),
]

# Channel words that name no channel
NO_CHANNEL = [
    "Click the call to action to continue.",
    "Share this post with friends.",
    "Click the call to action.",
    "Every call is answered by someone in our Leeds office.",
    pytest.param("Free up space on your phone.",
                 marks=bug("'on your phone' names the device, not a way to reach anyone: read as the phone channel")),
    pytest.param("We may share your email address with partners.",
                 marks=bug("'your email address' is personal data, not a channel: read as the email channel")),
]

# (sentence, who answers)
AGENTS = [
    ("Every chat is answered by a real person.", "human"),
    ("Speak to a qualified nurse, day or night.", "human"),
    ("A specialist will call you back within one hour.", "human"),
    ("Real experts, day and night.", "human"),
    ("Your messages are read by a licensed pharmacist.", "human"),
    ("Every call is answered by someone in our Leeds office.", "human"),
    ("A nurse answers every call.", "human"),
    ("Our virtual assistant answers your questions.", "automated"),
    ("Replies are fully automated.", "automated"),
    ("Chats are handled by our AI assistant.", "automated"),
    ("Our assistant answers in seconds.", "automated"),
    ("You'll be talking to a bot.", "automated"),
    ("You'll be chatting with an automated assistant.", "automated"),
    # "not a bot" says a person answers; a bot that can't hand you over says a machine does
    ("Not a bot — a real person.", "human"),
    ("You'll always talk to a human, never a chatbot.", "human"),
    ("You won't be talking to a robot.", "human"),
    ("Our chatbot can't hand you to an agent.", "automated"),
    # readers get these wrong
    pytest.param("Our nurses answer every call.", "human",
                 marks=bug("plural person words ('nurses', 'agents', 'specialists') don't match the singular list "
                           "entries: no agent claim")),
    pytest.param("Answers come from real people, not a script.", "human",
                 marks=bug("the parse hangs 'not' (of 'not a script') on 'people', so 'real people' is negated and "
                           "the person claim is dropped")),
]

NO_AGENT = [
    "People love our app.",
    "Our team is growing.",
    # an assistant whose work is named is a person's job, not a machine
    "Your teaching assistant is away this week.",
    "A sales assistant will help you choose a size.",
    pytest.param("Automatic renewal keeps your plan active.",
                 marks=bug("'automatic' renewal (automation of billing) is read as an automated agent answering")),
]


@pytest.fixture(scope="module")
def reading():
    return parse(texts_of(WAYS, INSTRUCTIONS, NO_CHANNEL, AGENTS, NO_AGENT)
                 + ["Our support is by email, not by phone.",
                    "Our chatbot answers most questions, and a human takes over if needed."])


@pytest.mark.parametrize("text,ways,only,negated,about", WAYS)
def test_channel(reading, text, ways, only, negated, about):
    r = reading[text]
    found = of(r, channels.CHANNEL)
    assert len(found) == 1, show(r)
    c = found[0]
    assert c.value.ways == frozenset(ways), show(r)
    assert c.value.only is only, show(r)
    assert c.value.negated is negated, show(r)
    if about:
        assert mentions(c, about), show(r)


@pytest.mark.parametrize("text,ways", INSTRUCTIONS)
def test_instruction(reading, text, ways):
    (c,) = of(reading[text], channels.CHANNEL)
    assert c.value.ways == frozenset(ways) and c.value.instruction and not c.value.only, show(reading[text])


@pytest.mark.parametrize("text", NO_CHANNEL)
def test_no_channel(reading, text):
    assert not of(reading[text], channels.CHANNEL), show(reading[text])


@bug("'by email, not by phone': the phone claim is split off, but the email claim keeps both ways and is negated")
def test_one_way_yes_another_no(reading):
    r = reading["Our support is by email, not by phone."]
    by = {(c.value.ways, c.value.negated) for c in of(r, channels.CHANNEL)}
    assert by == {(frozenset({"email"}), False), (frozenset({"phone"}), True)}, show(r)


@pytest.mark.parametrize("text,who", AGENTS)
def test_agent(reading, text, who):
    r = reading[text]
    found = of(r, channels.AGENT)
    assert found, show(r)
    assert {c.value.who for c in found} == {who}, show(r)


@pytest.mark.parametrize("text", NO_AGENT)
def test_no_agent(reading, text):
    assert not of(reading[text], channels.AGENT), show(reading[text])


ROLES = [
    ("Every member is paired with a certified human coach, not a bot.", "human", "coach"),
    ("Your coach, Max, is a virtual guide built by our engineering team.", "automated", "coach"),
]


@pytest.mark.parametrize("text,who,role", ROLES)
def test_agent_role(text, who, role):
    """The role an agent word is said of: the noun it modifies, or the subject of its copula."""
    r = parse([text])[text]
    assert any(c.value.who == who and c.value.role == role for c in of(r, channels.AGENT)), show(r)


def test_one_role_relates_two_agent_claims():
    from voicecheck.promises.compare import Relater, judge

    p, x = ROLES[0][0], ROLES[1][0]
    promise, passage = parse([p], promise=True)[p], parse([x])[x]
    found = [v for v in judge(promise.claims, passage.claims, Relater(None)) if v.conflict and v.facet == "agent"]
    assert found, (show(promise), show(passage))


def test_bot_then_human_handover(reading):
    r = reading["Our chatbot answers most questions, and a human takes over if needed."]
    assert {c.value.who for c in of(r, channels.AGENT)} == {"human", "automated"}, show(r)


@pytest.mark.parametrize("value,label", [
    (channels.Channels(frozenset({"phone"}), only=True), "phone only"),
    (channels.Channels(frozenset({"email", "chat"})), "chat or email"),
    (channels.Channels(frozenset({"phone"}), negated=True), "not by phone"),
    (channels.Agent("human"), "a person"),
    (channels.Agent("automated"), "automated"),
])
def test_label(value, label):
    assert value.label() == label
