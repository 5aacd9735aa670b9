"""Channels and agents: how something is done and who does it.

Channel claims: "cancel online", "by chat or phone", "handled by email only",
"can only be cancelled by phone", "we don't offer phone support", "the one
way to reach our team". Agent claims: "a real person", "a certified human
coach, not a bot", "answered by Skye, our automated assistant", "a virtual
guide", "fully automated". The action the channel is for (cancel, contact,
book) comes from the clause. Lists: ``data/channels.yaml``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from voicecheck.promises.claims import lexicon
from voicecheck.promises.claims.base import Claim, Sent, attribute, clause_of, mask, negated_token, negation_of

CHANNEL = "channel"
AGENT = "agent"


@dataclass(frozen=True)
class Channels:
    ways: frozenset[str]
    only: bool = False
    negated: bool = False
    text: str = ""
    instruction: bool = False  # "email us to delete your data": the way named, not said to be the only one

    def label(self) -> str:
        ways = " or ".join(sorted(self.ways))
        if self.negated:
            return f"not by {ways}"
        return f"{ways} only" if self.only else ways


@dataclass(frozen=True)
class Agent:
    who: str  # human | automated
    text: str = ""
    role: str = ""  # the noun the agent is said of: "coach" in "a human coach" and "your coach is a virtual guide"

    def label(self) -> str:
        return "a person" if self.who == "human" else "automated"


def read(sent: Sent) -> list[Claim]:
    return _channels(sent) + _agents(sent)


def _channels(sent: Sent) -> list[Claim]:
    table = lexicon.mapping("channels", "channels")
    found = []
    for a, b, text in sent.find(table, plural=True):  # "calls", "branches", "messages"
        key = " ".join(text.split())
        tok = sent.token_at(a)
        last = sent.token_at(b - 1)
        if "@" in sent.text[max(0, a - 1):b + 1] and key in ("email", "e-mail", "mail"):
            pass
        if key in ("call", "message", "text", "post", "ring", "site", "location", "office", "desk", "counter",
                   "account", "settings", "form", "ticket", "video", "store", "shop", "mail", "letter", "app"):
            if not _channel_use(tok, last, key):
                continue
        found.append((a, b, table[key], tok, last))
    # an e-mail address given as the way to do something
    for t in sent.tokens:
        if "@" in t.text and "." in t.text.split("@")[-1]:
            found.append((t.idx - sent.start_char, t.idx - sent.start_char + len(t.text), "email", t, t))
    if not found:
        return []
    groups: dict[int, list] = {}
    heads = {}
    for item in found:
        head = clause_of(item[3])
        groups.setdefault(head.i, []).append(item)
        heads[head.i] = head
    out = []
    for i, items in groups.items():
        head = heads[i]
        ways = frozenset(w for _, _, w, _, _ in items)
        a = min(x[0] for x in items)
        b = max(x[1] for x in items)
        neg, _ = negation_of(head)
        det_neg = any(negated_token(x[3])[0] or negated_token(x[4])[0] or (
            x[4].dep_ == "compound" and negated_token(x[4].head)[0]) for x in items)  # "no phone calls"
        before = [x for x in items if re.search(r"\bnot\s+(?:through|via|by|in|on|over)?\s*(?:the|a|an|our)?\s*$",
                                                sent.lower[max(0, x[0] - 22):x[0]])]
        if before and len(before) < len(items):
            # "by email, not through a dashboard": two claims, one of them negated
            for x in before:
                span = sent.char_span(x[0], x[1])
                about, keys = attribute(head, {t.i for t in sent.tokens if x[0] <= t.idx - sent.start_char < x[1]})
                out.append(Claim(CHANNEL, Channels(frozenset({x[2]}), False, True, span.text), about, keys,
                                 mask(sent, head, [(x[0], x[1])]), span, how=f"'not' before {span.text!r}"))
            items = [x for x in items if x not in before]
        only = _only(sent, head, a, b)
        instruction = not only and _instruction(head, items)
        span = sent.char_span(a, b)
        exclude = {t.i for t in sent.tokens if a <= t.idx - sent.start_char < b}
        anchor = head if head.i not in exclude else head.head
        about, keys = attribute(anchor, exclude)
        value = Channels(ways, only and not (neg or det_neg), neg or det_neg, span.text, instruction)
        out.append(Claim(CHANNEL, value, about, keys, mask(sent, head, [(a, b)]), span,
                         how=f"{span.text!r}: {value.label()}"))
    # an instruction names one way among those the sentence mentions ("reply to this email, or chat in the app")
    if len(out) > 1:
        every = frozenset(w for c in out for w in c.value.ways if not c.value.negated)
        out = [c.with_(value=Channels(every, False, False, c.value.text, True)) if c.value.instruction else c
               for c in out]
    return out


def _instruction(head, items) -> bool:
    """"To delete your data, email us", "Call us to cancel": an instruction
    that names the way to do something (the channel word or its verb is
    imperative and says what for)."""
    verb = head
    if verb.pos_ != "VERB" or verb.tag_ not in ("VB",) or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return False
    if verb.dep_ not in ("ROOT", "conj"):
        return False
    if verb.sent[0].lower_ in ("or", "alternatively", "also"):
        return False  # "Or message us in the app": one more way, not the way
    purpose = any(c.dep_ in ("advcl", "xcomp") and any(g.lower_ == "to" for g in c.children) for c in verb.children)
    return purpose or any(x[3].i == verb.i for x in items)


def _channel_use(tok, last, key: str) -> bool:
    """Is an ambiguous word used as a channel ("call us", "by post", "in the app")
    rather than as something else ("a call to action", "this post")?"""
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    if prev is not None and prev.lower_ in ("by", "via", "through", "over", "in", "on", "at", "from", "using"):
        return True
    if key in ("call", "message", "text", "ring", "mail") and tok.pos_ == "VERB":
        return True
    if key == "call" and tok.pos_ == "NOUN" and tok.dep_ == "dobj" and not any(
            c.dep_ == "prep" and c.lower_ == "to" for c in tok.children):
        return True  # calls taken, answered, booked ("we don't take roadside calls"), not "a call to action"
    if key == "app" and prev is not None and (prev.lower_ in ("the", "our", "mobile", "in-app") or prev.pos_ == "PROPN"):
        return tok.head.lower_ in ("in", "through", "via", "from", "on") or tok.dep_ == "pobj"
    if tok.dep_ == "compound" and tok.head.lemma_.lower() in ("support", "line", "team", "agent", "number",
                                                              "service", "help", "contact"):
        return True
    return False


def _only(sent: Sent, head, a: int, b: int) -> bool:
    """Is the channel said to be the only way?"""
    t = head
    for _ in range(8):  # "We only handle rebooking requests by email": "only" on a verb above the channel's clause
        if any(c.lower_ in ("only", "solely", "exclusively") and c.dep_ == "advmod" for c in t.children):
            return True
        if t.head == t:
            break
        t = t.head
    before = sent.lower[max(0, a - 40):a]
    after = sent.lower[b:b + 12]
    if after.lstrip(" ,").startswith(("only", "alone")):
        return True
    for w in ("only", "just", "solely", "exclusively", "one way", "only way", "no other way"):
        if f" {w} " in f" {before} " and before.rfind(w) > len(before) - 30:
            return True
    return _obliged(head)


def _obliged(verb) -> bool:
    """Must the channel's verb be done: "must call us", "have to / need to call us", "you'll need to
    phone us" (the obligation governs the verb)? "Have the doctor call me" obliges nobody: "have"
    and "need" as auxiliaries oblige only before "to"."""
    for c in verb.children:
        if c.lower_ == "must":
            return True
        if c.dep_ == "aux" and c.lemma_.lower() in ("have", "need") and c.i + 1 < len(c.doc) \
                and c.doc[c.i + 1].lower_ == "to":
            return True
    if verb.lemma_.lower() in ("need", "have", "must", "require") and not negation_of(verb)[0]:
        return True
    gov = verb.head
    return (verb.dep_ == "xcomp" and gov.lemma_.lower() in ("need", "have", "require")
            and any(c.lower_ == "to" and c.dep_ == "aux" for c in verb.children) and not negation_of(gov)[0])


def _agents(sent: Sent) -> list[Claim]:
    human = lexicon.words("channels", "human")
    auto = lexicon.words("channels", "automated")
    out = []
    seen = set()
    for who, entries in (("automated", auto), ("human", human)):
        for a, b, text in sent.find(entries):
            if any(s < b and a < e for s, e in seen):
                continue
            tok = sent.token_at(a)
            last = sent.token_at(b - 1)
            if who == "human" and text in ("someone", "somebody", "people", "staff", "our team", "local",
                                           "in-house", "certified", "licensed", "team member", "colleague"):
                # weak words: people in general; only a person *answering* counts
                if not _answering(tok):
                    continue
            if who == "automated" and text in ("automatic", "automated", "automation", "assistant", "virtual",
                                               "machine", "algorithm"):
                if not _answering(tok) and not _serves(tok):
                    continue
            if who == "automated" and text == "assistant" and _role(tok, auto):
                continue  # "your teaching assistant", "a sales assistant": a person's job
            seen.add((a, b))
            neg, cue = negated_token(last)
            head = clause_of(tok)
            if not neg:
                neg = _negated_copula(last) or (last.dep_ in ("dobj", "pobj", "attr") and negation_of(head)[0])
            if neg:
                who_eff = "human" if who == "automated" else "automated"
                if who == "human" and head.lemma_.lower() in ("hand", "pass", "transfer", "connect", "reach"):
                    who_eff = "automated"  # "I can't hand you to a person": a machine answers
                elif who == "human":
                    continue  # "not a person" alone says little; only "not a bot" is a clear claim
            else:
                who_eff = who
            exclude = set(range(tok.i, last.i + 1))
            about, keys = attribute(head if head.i not in exclude else head.head, exclude)
            span = sent.char_span(a, b)
            value = Agent(who_eff, span.text, _role_of(last))
            out.append(Claim(AGENT, value, about, keys, mask(sent, head, [(a, b)]), span,
                             how=f"{text!r}" + (" negated" if neg else "") + f": {value.label()}"))
    return out


def _role_of(last) -> str:
    """The role an agent word is said of, as a lemma: the noun it modifies ("a *human* coach"), or the
    subject of the copula it completes ("your coach is a virtual *guide*"); "" when neither."""
    if last.dep_ in ("amod", "compound") and last.head.pos_ in ("NOUN", "PROPN"):
        return last.head.lemma_.lower()
    if last.dep_ in ("attr", "acomp") and last.head.lemma_ == "be":
        subj = [c for c in last.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj and subj[0].pos_ in ("NOUN", "PROPN"):
            return subj[0].lemma_.lower()
    return ""


_ANSWER_VERBS = frozenset({"answer", "reply", "respond", "handle", "staff", "run", "review", "read", "talk", "speak",
                           "chat", "help", "support", "guide", "coach", "assist", "pair", "match", "build", "power",
                           "write", "check", "call", "be", "serve", "take", "pick", "process", "treat", "see",
                           "consult"})


def _answering(tok) -> bool:
    """Does a person/machine word name who answers or serves ("answered by a bot",
    "talk to someone", "you'll be paired with a coach", "chat with an agent")?"""
    t = tok
    for _ in range(4):
        if t.lemma_.lower() in _ANSWER_VERBS and t.pos_ in ("VERB", "AUX"):
            return True
        if t.head == t:
            break
        t = t.head
    return tok.dep_ in ("attr", "appos") or (tok.dep_ == "pobj" and tok.head.lower_ in ("by", "with", "to"))


def _role(tok, automated) -> bool:
    """"teaching assistant", "medical assistant": a word before "assistant" that names
    the work, not a machine ("virtual", "AI", "chat" name a machine)."""
    return any(c.dep_ in ("compound", "amod", "nmod") and c.i == tok.i - 1 and c.lower_ not in automated
               and c.lower_ not in ("chat", "smart", "online", "in-app") for c in tok.children)


def _serves(tok) -> bool:
    """"fully automated", "our automated assistant": the thing that answers is automated."""
    return tok.dep_ in ("acomp", "amod", "attr", "oprd", "appos", "ROOT") or tok.head.lemma_.lower() in (
        "assistant", "reply", "response", "answer", "chat", "system", "message", "guide", "agent")


def _negated_copula(tok) -> bool:
    """"not a bot": a noun negated by "not" before its determiner."""
    doc = tok.doc
    for i in range(max(0, tok.i - 3), tok.i):
        if doc[i].lower_ in ("not", "never", "n't", "no") and all(doc[j].pos_ in ("DET", "ADJ", "ADV", "PART")
                                                                  for j in range(i + 1, tok.i)):
            return True
    return False
