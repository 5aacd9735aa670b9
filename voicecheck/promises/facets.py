"""Facets: the structured claims in a promise or a passage, and their conflicts.

A promise ("Try Plus free for 14 days. No card required.") and an in-product
passage ("To start your trial, add a payment card.") are each read into
:class:`Facets`: quantities, availability, polarity (cost, requirement,
limits, presence, negated predicates), modality, channels, agents, scope
limits and antonym poles. :func:`compare` then reports a :class:`Conflict`
wherever both sides state the same facet with incompatible values.

Precision comes from structure: a facet is only compared with the same facet
on the other side when the two are *about the same thing*, i.e. their
sentences share an anchor concept (content lemmas, folded through a small
synonym table: "answer" and "reply" are one concept). Numbers are compared
only for the same dimension and role (a reply time is not a refund window; a
"$4.99 each" add-on is not the base price), and a passage value that satisfies
the promise's bound ("within 2 hours" for "within 24 hours") is consistent.

The pipeline is voicecheck's blank English spaCy pipeline with lookup lemmas
(``token.norm_`` is the lower-cased lemma): there is no parser or tagger, so
everything here is token patterns over lemmas, small word lists and light
regexes, in one linear pass per facet family. ``extract`` accepts a text or a
``Doc`` made by :func:`voicecheck.nlp.tokens.make_doc` (so a passage is
tokenised once for every check).

Every extracted item keeps the :class:`Span` (character offsets into the
analysed text) it came from, so a message can quote it.

Typical use, once per brand and once per passage::

    promises = [extract(p.text) for p in vocabulary.promises]
    common = background(promises)          # brand and plan names shared by promises
    for conflict in compare(promises[0], extract(doc), common=common):
        ...                                # strongest first
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from typing import Any

# --------------------------------------------------------------------------
# Data model
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """Character offsets ``[start, end)`` into the analysed text, and the text."""

    start: int
    end: int
    text: str


NO_SPAN = Span(0, 0, "")


@dataclass(frozen=True)
class Quantity:
    """A number with its unit: a duration, size, amount of money, percentage or count.

    ``bound`` is ``eq`` (a plain value), ``max`` ("within", "up to", "under")
    or ``min`` ("at least", "from", "more than"); ``strict`` marks "under" /
    "more than". ``role`` says what the number measures: ``latency`` (reply or
    delivery time), ``window`` (trial, refund or retention period),
    ``deadline`` ("5 days before"), ``price``, ``fee``, ``addon`` (an extra on
    top of a price: "+$4.99", "$4.99 each"), ``size``, ``percent`` or
    ``count``.
    """

    value: float
    unit: str  # day | hour | ... | gb | usd | eur | gbp | % | a count noun
    dim: str  # time | size | money | percent | count
    bound: str = "eq"
    strict: bool = False
    high: float | None = None  # upper end of a range ("5 to 10 days")
    per: str | None = None  # money or rate period: month, year, serving, person, ...
    role: str = "count"
    negated: bool = False
    hypothetical: bool = False  # inside an if/when/unless clause
    limit: bool = False  # stated as a limit or an allowance ("include", "up to", "can't ... more than")
    markers: frozenset[str] = frozenset()  # plan or product names in its sentence ("Plus", "free")
    anchors: frozenset[str] = frozenset()
    span: Span = NO_SPAN

    @property
    def base(self) -> float:
        """The value in the dimension's base unit (days, GB; money and counts as is)."""
        return self.value * _FACTOR.get(self.unit, 1.0)

    @property
    def base_high(self) -> float:
        return (self.high if self.high is not None else self.value) * _FACTOR.get(self.unit, 1.0)

    def label(self) -> str:
        """A normalised rendering: "$14.99/month", "up to 250 GB", "5-10 business days"."""
        fmt = _money if self.dim == "money" else _fmt
        num = fmt(self.value) + (f"-{fmt(self.high)}" if self.high is not None else "")
        if self.dim == "money":
            sym = {"usd": "$", "eur": "€", "gbp": "£"}.get(self.unit, self.unit.upper() + " ")
            text = f"{sym}{num}" + (f"/{self.per}" if self.per else "")
        elif self.unit == "%":
            text = f"{num}%"
        else:
            unit = self.unit.upper() if self.dim == "size" else self.unit
            plural = self.dim != "size" and (self.high is not None or self.value != 1)
            text = f"{num} {unit}{'s' if plural and not unit.endswith('s') else ''}"
            if self.per:
                text += f" per {self.per}"
        prefix = {("max", False): "up to ", ("max", True): "under ", ("min", False): "at least ",
                  ("min", True): "more than "}.get((self.bound, self.strict), "")
        return prefix + text


@dataclass(frozen=True)
class Availability:
    """When something is available.

    ``coverage`` is ``always`` (24/7, any time), ``every-day`` (every day,
    limited hours), ``weekdays``, ``business-hours``, ``weekly``,
    ``periodic`` ("once every 90 days") or ``specific-days``. ``days`` holds
    weekday numbers (0 = Monday) when they are known; ``hours`` is
    ``(start, end)`` in 24-hour decimal hours, ``None`` for all day.
    """

    coverage: str
    days: frozenset[int] | None = None
    hours: tuple[float, float] | None = None
    anchors: frozenset[str] = frozenset()
    span: Span = NO_SPAN

    def label(self) -> str:
        parts = [self.coverage]
        if self.days is not None and self.days != ALL_DAYS:
            parts.append(_days_label(self.days))
        if self.hours is not None:
            parts.append(f"{_hour_label(self.hours[0])}-{_hour_label(self.hours[1])}")
        return " ".join(parts)


@dataclass(frozen=True)
class Polarity:
    """Whether something is present, required or charged.

    ``kind`` is ``cost`` (positive: charged; negative: free), ``require``
    (positive: required), ``limit`` (positive: limited), ``presence``
    (positive: included / present) or ``predicate`` (a negated or asserted
    verb or adjective: "can't be restored", "not recyclable"). ``target`` is
    the concept it applies to ("card", "fee", "ad", "download"), or ``""``
    when none was found nearby.
    """

    kind: str
    target: str
    positive: bool
    hedged: bool = False
    instance: bool = False  # about one item ("this file can't be restored"), not a policy
    implied: bool = False  # read from an amount ("an extra $10"), not from a cost word
    anchors: frozenset[str] = frozenset()
    span: Span = NO_SPAN

    def label(self) -> str:
        words = _POLARITY_WORDS[self.kind][self.positive]
        return f"{self.target or self.kind} {words}".strip()


@dataclass(frozen=True)
class Modality:
    """``certain`` (always, guaranteed, every, will) or ``hedged`` (may, subject to approval)."""

    level: str
    cue: str
    strength: float = 0.0  # how strongly a hedge weakens a promise (hedges only)
    target: str = ""  # the hedged verb after "may"/"might" ("may be *throttled*"), when found
    anchors: frozenset[str] = frozenset()
    span: Span = NO_SPAN


@dataclass(frozen=True)
class Channel:
    """A contact or self-service channel: phone, chat, email, app, online, store, mail, form, ticket."""

    value: str
    only: bool = False
    negated: bool = False
    anchors: frozenset[str] = frozenset()
    span: Span = NO_SPAN


@dataclass(frozen=True)
class Agent:
    """Who answers: ``human`` or ``bot``; ``negated`` for "not a bot", "can't hand you to a person"."""

    value: str
    negated: bool = False
    anchors: frozenset[str] = frozenset()
    span: Span = NO_SPAN
    weak: bool = False  # an auto-reply: automated, but not necessarily instead of a person

    @property
    def effective(self) -> str:
        """``human`` or ``bot`` after negation ("not a bot" is human)."""
        if not self.negated:
            return self.value
        return "bot" if self.value == "human" else "human"


@dataclass(frozen=True)
class Scope:
    """A statement of coverage.

    ``universal`` (every, all, any, on every plan, including free),
    ``forever``, or a restriction: ``first-period`` (for the first month,
    this first box), ``plan-only`` (annual plans only, on the free plan,
    only for paid courses), ``upgrade`` (upgrade to Plus to ...),
    ``new-only``, ``except`` (except, excluding), ``exclusion`` ("doesn't
    apply to sale items"), ``region``, ``min-order``, ``partial`` ("some
    lessons") or ``only``.
    """

    kind: str
    value: str = ""
    anchors: frozenset[str] = frozenset()
    span: Span = NO_SPAN

    @property
    def restrictive(self) -> bool:
        return self.kind not in ("universal", "forever")


@dataclass(frozen=True)
class Pole:
    """One pole of an antonym axis: automatic/manual, full/partial, included/excluded, ..."""

    axis: str
    positive: bool
    anchors: frozenset[str] = frozenset()
    span: Span = NO_SPAN

    def label(self) -> str:
        return _AXIS_WORDS[self.axis][self.positive]


@dataclass(frozen=True)
class Mention:
    """One content concept in the text, and whether it sits under negation.

    The raw material for the generic predicate check ("restore" in the promise,
    "can't be restored" in the passage)."""

    key: str
    negated: bool
    anchors: frozenset[str] = frozenset()
    span: Span = NO_SPAN
    modifier: bool = False  # a participle before its noun ("deleted files"): described, not asserted


@dataclass(frozen=True)
class Facets:
    """Everything :func:`extract` found in one text (or a brand declared explicitly).

    ``anchors`` are the concept keys of the text's content words (what ties a
    passage to a promise); ``topic`` leaves out words under negation ("no
    phone call needed" is not about phones); ``names`` are keys written
    capitalised mid-sentence (brand, plan and partner names; see
    :func:`background`); ``mentions`` feed the generic predicate check.
    """

    text: str = ""
    quantities: tuple[Quantity, ...] = ()
    availability: tuple[Availability, ...] = ()
    polarity: tuple[Polarity, ...] = ()
    modality: tuple[Modality, ...] = ()
    channels: tuple[Channel, ...] = ()
    agents: tuple[Agent, ...] = ()
    scopes: tuple[Scope, ...] = ()
    poles: tuple[Pole, ...] = ()
    anchors: frozenset[str] = frozenset()
    topic: frozenset[str] = frozenset()  # anchors outside negation: what the text is about
    names: frozenset[str] = frozenset()  # anchors written as names (capitalised mid-sentence)
    mentions: tuple[Mention, ...] = ()
    explicit: bool = False  # declared in brand.yaml rather than extracted

    @classmethod
    def from_yaml(cls, mapping: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> Facets:
        """Facets a brand declares on a promise in ``brand.yaml``, e.g.::

            facets: {price: "$14.99/month", trial_days: 14, card_required: false,
                     availability: "24/7", agent: human, channels: [chat, phone]}

        Keys: ``price`` / ``fee`` (money text), ``<topic>_<unit>`` numbers
        (``trial_days``, ``refund_days``, ``reply_hours``, ``storage_gb``,
        ``file_size_gb``, ``uptime_percent``, ``seats_count``),
        ``<thing>_required`` / ``<thing>_free`` / ``<thing>_limited`` /
        ``<thing>_included`` booleans (``card_required: false``,
        ``delivery_free: true``, ``downloads_limited: false``, ``ads_included:
        false``), ``free`` (bool), ``availability`` (text such as "24/7" or
        "Mon-Fri 9am-5pm"), ``agent`` (human | bot), ``channels`` (list),
        ``only_channels`` (bool), ``anchors`` (extra topic words).
        Raises ``ValueError`` with a one-line message for anything else.
        """
        return _from_yaml(mapping)

    def merged(self, other: Facets) -> Facets:
        """These facets plus ``other``'s (declared facets added to extracted ones)."""
        return Facets(
            text=self.text or other.text,
            quantities=self.quantities + other.quantities,
            availability=self.availability + other.availability,
            polarity=self.polarity + other.polarity,
            modality=self.modality + other.modality,
            channels=self.channels + other.channels,
            agents=self.agents + other.agents,
            scopes=self.scopes + other.scopes,
            poles=self.poles + other.poles,
            anchors=self.anchors | other.anchors,
            topic=self.topic | other.topic,
            names=self.names | other.names,
            mentions=self.mentions + other.mentions,
            explicit=self.explicit or other.explicit,
        )

    def __bool__(self) -> bool:
        return bool(self.quantities or self.availability or self.polarity or self.modality
                    or self.channels or self.agents or self.scopes or self.poles)


@dataclass(frozen=True)
class Conflict:
    """One way a passage contradicts a promise.

    ``facet`` is one of ``quantity``, ``availability``, ``cost``, ``require``,
    ``limit``, ``presence``, ``predicate``, ``modality``, ``channel``,
    ``agent``, ``scope``, ``antonym``; ``strength`` (0-1) says how sure the
    structural match is (about 0.9 for a number mismatch on the same unit
    and topic, 0.8 for an availability or requirement flip, 0.6 for a strong
    hedge, under 0.5 for weak signals such as "usually"); ``reason`` reads
    "promise: 30-day free trial; passage: 14-day trial", quoting both spans.
    """

    facet: str
    promise_value: str
    passage_value: str
    strength: float
    reason: str
    promise_span: Span = field(default=NO_SPAN, compare=False)
    passage_span: Span = field(default=NO_SPAN, compare=False)

    @property
    def phenomenon(self) -> str:
        """The benchmark phenomenon this kind of conflict usually is."""
        return _PHENOMENON.get(self.facet, "implicit")


_PHENOMENON = {
    "quantity": "numeric", "availability": "temporal", "require": "negation",
    "presence": "negation", "predicate": "negation", "cost": "antonym", "limit": "antonym",
    "antonym": "antonym", "modality": "modality", "channel": "channel", "agent": "channel",
    "scope": "scope",
}

# --------------------------------------------------------------------------
# Lexicon
# --------------------------------------------------------------------------

ALL_DAYS = frozenset(range(7))
WEEKDAYS = frozenset(range(5))
WEEKEND = frozenset({5, 6})
_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_ABBR = {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4,
             "sat": 5, "sun": 6}
_DAY_INDEX = {name: i for i, name in enumerate(_DAY_NAMES)} | {n + "s": i for i, n in enumerate(_DAY_NAMES)}

_POLARITY_WORDS = {
    "cost": {True: "charged", False: "free"},
    "require": {True: "required", False: "not required"},
    "limit": {True: "limited", False: "unlimited"},
    "presence": {True: "included", False: "not included"},
    "predicate": {True: "", False: "not"},
}

_AXIS_WORDS = {
    "auto": {True: "automatic", False: "manual"},
    "full": {True: "full", False: "partial"},
    "include": {True: "included", False: "excluded"},
    "permanent": {True: "forever", False: "time-limited"},
    "choose": {True: "you choose", False: "assigned for you"},
    "period-end": {True: "until the end of the period", False: "immediately"},
    "encrypt": {True: "encrypted", False: "unencrypted"},
    "self": {True: "only you", False: "on your behalf / by our team"},
}

# Unit words -> (canonical unit, dimension). Factors convert to days / GB.
_UNITS = {
    "second": ("second", "time"), "sec": ("second", "time"), "secs": ("second", "time"),
    "minute": ("minute", "time"), "min": ("minute", "time"), "mins": ("minute", "time"),
    "hour": ("hour", "time"), "hr": ("hour", "time"), "hrs": ("hour", "time"), "h": ("hour", "time"),
    "day": ("day", "time"), "night": ("day", "time"), "week": ("week", "time"), "wk": ("week", "time"),
    "fortnight": ("fortnight", "time"), "month": ("month", "time"), "mo": ("month", "time"),
    "year": ("year", "time"), "yr": ("year", "time"),
    "kb": ("kb", "size"), "mb": ("mb", "size"), "gb": ("gb", "size"), "tb": ("tb", "size"),
    "kilobyte": ("kb", "size"), "megabyte": ("mb", "size"), "gigabyte": ("gb", "size"),
    "terabyte": ("tb", "size"), "%": ("%", "percent"), "percent": ("%", "percent"),
}
_FACTOR = {
    "second": 1 / 86400, "minute": 1 / 1440, "hour": 1 / 24, "day": 1.0, "business day": 1.4,
    "week": 7.0, "fortnight": 14.0, "month": 30.0, "year": 365.0,
    "kb": 1e-6, "mb": 1e-3, "gb": 1.0, "tb": 1000.0,
}
_CURRENCY = {"$": "usd", "usd": "usd", "us$": "usd", "dollar": "usd", "€": "eur", "eur": "eur",
             "euro": "eur", "£": "gbp", "gbp": "gbp", "pound": "gbp"}
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100,
}
_TENS = frozenset({"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"})
_PERIODS = {"month": "month", "mo": "month", "year": "year", "yr": "year", "week": "week",
            "wk": "week", "day": "day", "hour": "hour", "hr": "hour"}
_PERIOD_ADVERBS = {"monthly": "month", "annually": "year", "yearly": "year", "annual": "year",
                   "weekly": "week", "daily": "day"}
_PER_NOUNS = {"serving", "serve", "person", "people", "user", "seat", "box", "head", "member",
              "order", "device", "meal", "plate", "portion", "item", "license", "licence", "gb", "tb"}

# Words before a number that bound it: (bound, strict).
_BOUNDS_2 = {
    ("up", "to"): ("max", False), ("less", "than"): ("max", True), ("fewer", "than"): ("max", True),
    ("at", "most"): ("max", False), ("no", "more"): ("max", False), ("maximum", "of"): ("max", False),
    ("at", "least"): ("min", False), ("minimum", "of"): ("min", False), ("no", "less"): ("min", False),
    ("more", "than"): ("min", True), ("greater", "than"): ("min", True),
    ("larger", "than"): ("min", True), ("bigger", "than"): ("min", True),
    ("longer", "than"): ("min", True), ("shorter", "than"): ("max", True),
    ("smaller", "than"): ("max", True), ("start", "at"): ("min", False),
    ("starting", "at"): ("min", False), ("starts", "at"): ("min", False),
    ("low", "as"): ("min", False), ("as", "little"): ("min", False),
}
_BOUNDS_1 = {
    "within": ("max", False), "under": ("max", True), "below": ("max", True),
    "maximum": ("max", False), "max": ("max", False), "before": ("max", True),
    "minimum": ("min", False), "min": ("min", False), "over": ("min", True),
    "above": ("min", True), "exceeding": ("min", True), "from": ("min", False),
}

# Concept folding: synonyms share one anchor key.
_SYNONYMS = {
    "try": "trial", "trial": "trial",
    "refund": "refund", "reimburse": "refund", "reimbursement": "refund",
    "reply": "reply", "answer": "reply", "respond": "reply", "response": "reply",
    "deliver": "deliver", "delivery": "deliver", "arrive": "deliver", "arrival": "deliver",
    "ship": "deliver", "shipping": "deliver", "shipment": "deliver", "dispatch": "deliver",
    "cancel": "cancel", "cancellation": "cancel", "unsubscribe": "cancel",
    "delete": "delete", "deletion": "delete", "erase": "delete", "remove": "delete",
    "wipe": "delete", "purge": "delete",
    "restore": "restore", "recover": "restore", "recovery": "restore", "undelete": "restore",
    "retrieve": "restore",
    "sync": "sync", "synchronise": "sync", "synchronize": "sync", "connect": "sync",
    "link": "sync", "integrate": "sync", "integration": "sync", "syncing": "sync",
    "share": "share", "sell": "share", "sale": "share", "disclose": "share",
    "ad": "ad", "ads": "ad", "advert": "ad", "advertisement": "ad", "advertise": "ad",
    "advertising": "ad", "advertiser": "ad", "marketing": "ad", "marketer": "ad",
    "photo": "photo", "picture": "photo", "pic": "photo", "image": "photo", "photograph": "photo",
    "snapshot": "photo", "screenshot": "photo",
    "coach": "coach", "trainer": "coach", "coaching": "coach",
    "human": "human", "person": "human",
    "support": "support", "help": "support", "assistance": "support", "care": "support",
    "contact": "support", "reach": "support", "talk": "support", "speak": "support",
    "encrypt": "encrypt", "encryption": "encrypt", "encrypted": "encrypt",
    "recycling": "recycle", "recycle": "recycle",
    "limit": "limit", "cap": "limit", "maximum": "limit", "quota": "limit", "throttle": "limit",
    "restrict": "limit", "restriction": "limit", "unlimited": "limit",
    "fee": "fee", "charge": "fee", "surcharge": "fee",
    "add-on": "extra", "addon": "extra", "extra": "extra", "additional": "extra",
    "payout": "pay", "pay": "pay", "switch": "change", "change": "change",
    "contract": "commitment", "commitment": "commitment",
    "plan": "plan", "subscription": "plan", "membership": "plan", "tier": "plan",
    "window": "window", "slot": "window",
    "allergen": "allergen", "allergy": "allergen",
    "label": "label", "print": "label", "list": "label",
    "phone": "phone", "call": "phone", "telephone": "phone",
    "email": "email", "e-mail": "email", "inbox": "email",
    "access": "access", "open": "access", "view": "access",
    "choose": "choose", "pick": "choose", "select": "choose",
    "storage": "storage", "space": "storage", "store": "storage",
    "partner": "partner", "party": "partner", "third-party": "partner", "affiliate": "partner",
    "file": "file", "document": "file", "item": "file",
    "cost": "price", "price": "price", "pricing": "price",
}

_BIGRAM_KEYS = {("money", "back"): "refund", ("third", "party"): "partner",
                ("third", "parties"): "partner", ("customer", "service"): "support",
                ("customer", "care"): "support", ("phone", "call"): "phone",
                ("live", "chat"): "chat", ("credit", "card"): "card", ("debit", "card"): "card",
                ("payment", "card"): "card", ("payment", "method"): "card",
                ("payment", "details"): "card", ("card", "details"): "card"}

# Not anchors: function words, fillers and words too generic to tie two sentences together.
_STOP = frozenset("""
a an the and or nor but so if then than that this these those there here it its it's they them
their theirs we us our ours you your yours i me my he she his her him who whom whose which what
when where why how all any each every some no not never none nothing only just also too very
much many more most less least few own other another such same be is are was were been being
am do does did done doing have has had having will would shall should can could may might must
to of in on at by for with about against between into through during before after above below
from up down out off over under again further once per via as until while because though
although whether yet even still already ever always often usually now soon today tomorrow
get got getting make made let lets keep kept go going gone come came take took give gave put
set see seen say said tell told know think want like need use used way thing things lot bit
one ones someone something anything everything everyone anyone hi hello thanks thank please
sorry great good new just okay ok yes yeah etc re via s t ll ve d m wo ca sha ai within
without across along around among behind beyond upon onto toward towards throughout
""".split())
_GENERIC_ANCHORS = frozenset({"day", "week", "month", "year", "hour", "minute", "time", "free",
                              "plan", "member", "account", "team", "app", "us", "able", "right",
                              "available", "start", "first", "data", "full", "ask", "quick",
                              "easy", "great", "best", "last", "next", "whole", "small", "large",
                              "big", "nice", "happy", "sure", "today", "now", "back", "little",
                              "question", "help", "need", "work", "look", "find", "include"})

_NEG_CUES = frozenset({"not", "n't", "never", "no", "without", "cannot", "none", "nothing",
                       "nobody", "nor", "neither"})
_DET_NEG = frozenset({"no", "without", "zero"})
_SCOPE_STOP = frozenset({"and", "but", "so", "because", "which", "who", "that", "if", "when",
                         "unless", "while", "although", "though", "whereas"})
_AUX = frozenset({"be", "been", "being", "is", "are", "was", "were", "am", "able", "to", "ever",
                  "really", "currently", "even", "yet", "also", "always", "longer", "have", "has",
                  "had", "get", "got", "do", "does", "did", "a", "an", "the", "any",
                  "your", "our", "its", "their", "way", "possible", "actually", "automatically",
                  "fully", "just", "only", "as", "so", "immediately", "still", "currently"})
_LIGHT_VERBS = frozenset({"come", "go", "offer", "include", "have", "provide", "contain",
                          "support", "allow", "give", "get", "make", "take", "show", "let"})
_SENT_END = frozenset({".", "!", "?", ";", "…"})
_CLAUSE_WORDS = frozenset({"but", "so", "because", "while", "although", "though", "whereas",
                           "which", "who", "unless"})
_HYP_CUES = frozenset({"if", "unless", "whether", "when", "whenever", "once"})

# --------------------------------------------------------------------------
# Token view
# --------------------------------------------------------------------------


class _View:
    """Parallel arrays over a spaCy Doc, with sentence/clause ids and negation."""

    __slots__ = ("text", "n", "words", "low", "norm", "start", "end", "space", "sent", "clause",
                 "neg", "hyp", "head", "key", "name", "sent_keys", "sent_bounds")

    def __init__(self, doc):
        self.text = doc.text
        words, low, norm, start, space, newline_before = [], [], [], [], [], []
        pending = False
        for t in doc:
            if t.is_space:
                pending = pending or "\n" in t.text
                continue
            text = t.text
            words.append(text)
            low.append(t.lower_)
            norm.append(t.norm_ or t.lower_)
            start.append(t.idx)
            space.append(bool(t.whitespace_))
            newline_before.append(pending)
            pending = False
        self.n = n = len(words)
        self.words, self.low, self.norm, self.start, self.space = words, low, norm, start, space
        self.end = [a + len(w) for a, w in zip(start, words)]
        # sentences and clauses
        sent = [0] * n
        clause = [0] * n
        s = c = 0
        for i in range(n):
            w = self.low[i]
            if newline_before[i] and i:
                s += 1
                c += 1
            sent[i], clause[i] = s, c
            glued = not self.space[i] and i + 1 < n and self.words[i + 1][:1].isalnum()
            if glued and w in (".", ":"):
                pass  # "support@brand.io", "10:30"
            elif w in _SENT_END or (w.endswith(".") and len(w) > 1 and w[:-1].isalpha()
                                  and w not in ("a.m.", "p.m.", "e.g.", "i.e.")):
                s += 1
                c += 1
            elif w in (",", "(", ")", '"', ":") or (w in ("–", "—", "-") and self.space[i]
                                               and i and self.space[i - 1]):
                c += 1
            elif i + 1 < n and self.low[i + 1] in _CLAUSE_WORDS:
                c += 1
        self.sent, self.clause = sent, clause
        self.key = [_concept(self.low[i], self.norm[i]) for i in range(n)]
        for i in range(n - 1):
            pair = _BIGRAM_KEYS.get((self.low[i], self.low[i + 1]))
            if pair:
                self.key[i] = self.key[i + 1] = pair
            elif self.low[i] == "add" and i + 2 < n and self.low[i + 1] == "-" and self.low[i + 2] == "on":
                self.key[i] = self.key[i + 2] = "extra"  # "add-on"
            elif self.key[i] == "trial" and self.low[i] == "try" and self.low[i + 1] in ("again", "to"):
                self.key[i] = None  # "try again" is not a trial
            elif self.low[i] in ("business", "working", "work") and self.norm[i + 1] == "day":
                self.key[i] = None  # part of the unit "business day"
        self.name = [bool(self.key[i]) and self.words[i][:1].isupper() and i > 0
                     and not (self.words[i].isupper() and len(self.words[i]) > 1)  # "VAT", "SLA"
                     and sent[i - 1] == sent[i] and self.words[i - 1] not in _OPENERS
                     for i in range(n)]
        for i in range(n):
            if self.name[i] and self.key[i] in _GENERIC_ANCHORS:
                self.key[i] = self.words[i]  # "Movara Free", "Member Care": a name, not a generic word
        self._negation()
        self._hypothetical()
        bounds: dict[int, list[int]] = {}
        keys: dict[int, set[str]] = {}
        for i in range(n):
            b = bounds.setdefault(sent[i], [i, i])
            b[1] = i
            if self.key[i]:
                keys.setdefault(sent[i], set()).add(self.key[i])
        self.sent_bounds = bounds
        self.sent_keys = {k: frozenset(v) for k, v in keys.items()}

    # ---- helpers
    def span(self, i: int, j: int) -> Span:
        """Span of tokens ``i..j`` inclusive."""
        i = max(0, i)
        j = min(self.n - 1, j)
        return Span(self.start[i], self.end[j], self.text[self.start[i]:self.end[j]])

    def anchors(self, i: int) -> frozenset[str]:
        return self.sent_keys.get(self.sent[i], frozenset())

    def line_anchors(self) -> frozenset[str]:
        out: set[str] = set()
        for v in self.sent_keys.values():
            out |= v
        return frozenset(out)

    def clause_range(self, i: int) -> range:
        a = i
        while a > 0 and self.clause[a - 1] == self.clause[i]:
            a -= 1
        b = i
        while b + 1 < self.n and self.clause[b + 1] == self.clause[i]:
            b += 1
        return range(a, b + 1)

    def sent_range(self, i: int) -> range:
        a, b = self.sent_bounds[self.sent[i]]
        return range(a, b + 1)

    def has(self, i: int, words: tuple[str, ...]) -> bool:
        """Do the lower-cased tokens at ``i`` read ``words``?"""
        if i < 0 or i + len(words) > self.n:
            return False
        return all(self.low[i + k] == w for k, w in enumerate(words))

    def noun_after(self, i: int, window: int = 4, *, stop: frozenset[str] = frozenset()) -> int:
        """The first content token after ``i`` in the same clause (skipping determiners)."""
        for j in range(i + 1, min(self.n, i + window + 1)):
            if self.clause[j] != self.clause[i] or self.low[j] in stop:
                return -1
            if self.key[j]:
                # prefer the head of a two-word compound: "payment card", "cancellation fee"
                if j + 1 < self.n and self.clause[j + 1] == self.clause[j] and self.key[j + 1] \
                        and self.low[j + 1] not in _PREPS and not self.low[j + 1].endswith("ly"):
                    return j + 1
                return j
        return -1

    def noun_before(self, i: int, window: int = 3) -> int:
        for j in range(i - 1, max(-1, i - window - 1), -1):
            if self.clause[j] != self.clause[i]:
                return -1
            if self.key[j]:
                return j
        return -1

    # ---- negation scope
    def _negation(self) -> None:
        n = self.n
        neg = [False] * n
        head: list[bool] = [False] * n
        low = self.low
        for c in range(n):
            w = low[c]
            if w not in _NEG_CUES and self.norm[c] != "not":
                continue
            if w == "not" and c and low[c - 1] == "or" and c >= 2 and low[c - 2] in ("whether", "or"):
                continue  # "whether or not"
            if c + 1 < n and low[c + 1] in ("only", "just"):
                continue  # "not only"
            if w == "no" and c + 1 < n and low[c + 1] in ("more", "less") and c + 2 < n \
                    and low[c + 2] == "than":
                continue  # "no more than 5" is a bound
            det = w in _DET_NEG and not (c + 1 < n and low[c + 1] in ("need", "way", "longer",
                                                                      "reason", "option"))
            window = 5 if det else 8
            found_head = False
            after_or = False
            need_to = False
            for j in range(c + 1, min(n, c + window + 1)):
                if self.clause[j] != self.clause[c] or low[j] in _SCOPE_STOP:
                    break
                if low[j] == "to" and need_to:
                    need_to = False  # "no need to call", "don't have to pay": the verb is the head
                    found_head = False
                    neg[j] = True
                    continue
                if low[j] == "to" and found_head and not det:
                    break
                if det and low[j] in _PREPS and low[j] != "of":
                    break
                neg[j] = True
                if low[j] in ("or", "nor"):
                    after_or = True
                    continue
                if not det and not found_head and (
                        low[j] in ("need", "way", "reason", "option")
                        or (low[j] in ("have", "has") and j + 1 < n and low[j + 1] == "to")):
                    found_head = True  # "don't need a card": the object is negated, not a predicate
                    need_to = j + 1 < n and low[j + 1] == "to"
                    continue
                if not det and (not found_head or after_or) and low[j] not in _AUX \
                        and low[j] not in ("not", "n't"):
                    head[j] = bool(self.key[j])
                    found_head = True
                    after_or = False
        self.neg, self.head = neg, head

    def _hypothetical(self) -> None:
        hyp = [False] * self.n
        for c in range(self.n):
            w = self.low[c]
            if w in _HYP_CUES or (w == "in" and c + 1 < self.n and self.low[c + 1] == "case"):
                if w == "once" and c + 1 < self.n and self.low[c + 1] in ("a", "every", "per", "an"):
                    continue
                for j in range(c + 1, self.n):
                    if self.clause[j] != self.clause[c] and self.low[j - 1] in (",", ".", ";", ":"):
                        break
                    if self.sent[j] != self.sent[c]:
                        break
                    hyp[j] = True
        self.hyp = hyp


_OPENERS = frozenset({'"', "'", "(", ">", "-", "*", "#", "##", "###", "•", "|", "[", ":"})
_PREPS = frozenset({"to", "for", "on", "in", "at", "with", "by", "from", "of", "into", "about",
                    "after", "before", "until", "during", "per"})


def _stem(word: str) -> str:
    for suf in ("ations", "ation", "ings", "ing", "edly", "ed", "ies", "es", "s"):
        if word.endswith(suf) and len(word) - len(suf) >= 3:
            base = word[: -len(suf)]
            return base + ("y" if suf == "ies" else "")
    return word


@lru_cache(maxsize=65536)
def _concept(low: str, norm: str) -> str | None:
    """The anchor key of a content token, or None for function words, numbers, punctuation."""
    if len(low) < 2 or not low[0].isalpha() or low in _STOP or norm in _STOP:
        return None
    if not low.replace("-", "").replace("'", "").isalpha():
        return low if _ALNUM_NAME.match(low) and not _NUM_UNIT_RE.match(low) else None
    if norm in _DAY_INDEX or low in _DAY_INDEX or norm in _UNITS or norm in _NUMBER_WORDS \
            or norm in _CURRENCY:
        return None
    if low.startswith("un") and low[2:] in _UN_PARTICIPLES:
        base = _stem(low[2:])
        return _SYNONYMS.get(base) or _SYNONYMS.get(low[2:]) or base
    if not norm.replace("-", "").isalpha():
        norm = low  # the lookup table turns "first" into "1"
    return _SYNONYMS.get(norm) or _SYNONYMS.get(low) or norm


# --------------------------------------------------------------------------
# Phrase lexicon (multi-token cues), matched on lower-cased token text
# --------------------------------------------------------------------------

_PHRASES: dict[str, list[str]] = {
    # availability
    "always": ["24/7", "24 / 7", "24x7", "24 x 7", "around the clock", "round the clock",
               "any time", "anytime", "at any time", "day or night", "day and night",
               "night and day", "all day", "every day", "everyday", "daily", "seven days a week",
               "7 days a week", "365 days a year", "every day of the week", "any day",
               "weekends included", "including weekends", "weekends too", "even on weekends",
               "on weekends too", "whenever you like", "whenever you want", "all hours",
               "24 hours a day", "24 hours a day, 7 days a week", "24/7/365", "365 days a year",
               "every day of the year", "nights and weekends", "evenings and weekends"],
    "weekdays": ["weekdays", "on weekdays", "weekends off", "off on weekends", "off at weekends",
                 "closed on weekends", "closed at weekends", "closed weekends",
                 "except weekends", "excluding weekends", "not on weekends", "no weekend",
                 "weekends are excluded", "weekends excluded", "weekdays only",
                 "working days only", "business days only"],
    "business-hours": ["business hours", "office hours", "working hours", "opening hours",
                       "normal hours", "during the day"],
    "weekly": ["once a week", "once per week", "once each week", "every week", "weekly",
               "one day a week", "one day per week"],
    "periodic": ["once a month", "once per month", "once a year", "once per year",
                 "once every", "only once", "only at the end of", "only on renewal",
                 "only at renewal", "only during", "only between", "only possible at",
                 "only possible during", "only possible at the end of", "only allowed at"],
    # modality: hedges with strength, certainty
    "hedge_strong": ["may", "might", "may not", "might not", "can't guarantee",
                     "cannot guarantee", "can not guarantee", "not guaranteed", "no guarantee",
                     "can't promise", "cannot promise", "subject to", "at our discretion",
                     "at our sole discretion", "if approved", "once approved", "when approved",
                     "depending on availability", "subject to availability", "where available",
                     "when available", "if available", "best effort", "best-effort",
                     "case by case", "case-by-case", "for review", "is reviewed", "are reviewed",
                     "be reviewed", "whether to approve", "not always", "not every",
                     "not all", "possibly", "reserve the right", "if eligible", "as available"],
    "hedge_weak": ["depending on", "depends on", "in most cases", "usually", "typically",
                   "generally", "normally", "often", "sometimes", "try to", "aim to",
                   "tries to", "aims to", "eligible", "where possible", "when possible",
                   "if possible", "as soon as possible", "most of the time", "could",
                   "in some cases", "occasionally", "expected to"],
    "certain": ["always", "guaranteed", "guarantee", "every", "all", "each", "will", "never",
                "forever", "no questions asked", "ensure", "promise", "any"],
    # agents
    "human": ["human", "real person", "a person", "real people", "real human", "live person",
              "live agent", "human agent", "team member", "certified coach", "human coach",
              "personal coach", "specialist", "someone from our team", "real coach",
              "our agents", "an agent", "our team", "person"],
    "bot_weak": ["auto-reply", "auto reply", "autoreply", "automatic reply", "automated reply",
                 "automated replies", "automated response", "automated responses",
                 "automated messages", "automated email"],  # weak: 0.45
    "bot": ["bot", "chatbot", "chat bot", "robot", "ai", "a.i.", "virtual assistant",
            "virtual agent", "virtual guide", "virtual coach", "virtual helper",
            "automated assistant", "automated agent", "automated system",
            "fully automated", "is automated", "ai assistant", "digital assistant", "assistant bot",
            "automated chat", "automated coach", "ai coach"],
    # channels
    "phone": ["phone", "telephone", "by phone", "phone call", "call us", "give us a call",
              "over the phone", "phone support", "phone line", "phone lines", "call"],
    "chat": ["chat", "live chat", "chat window", "in chat"],
    "email": ["email", "e-mail", "inbox", "write to us", "email us", "by email"],
    "app": ["app", "in-app", "in the app", "mobile app", "in settings"],
    "online": ["online", "website", "web site", "on the web", "web app", "our site",
               "the site", "two clicks", "from your account", "in your account", "dashboard",
               "account page", "self-service", "customer portal", "one click", "a few clicks"],
    "store": ["in store", "in-store", "in person", "at the store", "in our stores", "in a store"],
    "mail": ["by post", "by mail", "in the post", "by letter", "postal"],
    "form": ["form", "web form", "contact form"],
    "ticket": ["ticket", "support ticket"],
    "only_way": ["the one way", "the only way", "only way", "exclusively", "nowhere else"],
    # scope
    "universal": ["every", "all", "any", "each", "on every plan", "on all plans",
                  "including free", "free included", "everyone", "every plan", "all plans",
                  "without exception", "no matter"],
    "forever": ["forever", "for ever", "for life", "lifetime", "never expires", "never expire",
                "won't expire", "doesn't expire", "does not expire", "will not expire",
                "no expiry", "no expiration", "permanently free", "stays free", "always free"],
    "except": ["except", "excluding", "not including", "other than", "apart from",
               "with the exception of", "except for"],
    "region": ["in selected regions", "in select regions", "in selected areas",
               "in some areas", "in some regions", "in certain areas", "in certain regions",
               "selected countries", "where available", "in your area", "some countries",
               "selected markets"],
    "new-only": ["new members only", "new customers only", "new users only",
                 "for new members", "for new customers", "for new users", "new accounts only",
                 "first-time", "first time members", "new subscribers"],
    "min-order": ["on orders over", "on orders above", "orders over", "orders above",
                  "minimum order", "orders of", "minimum spend", "when you spend"],
    # poles
    "auto+": ["automatically", "automatic", "on their own", "on its own", "by itself",
              "by themselves", "auto-sync", "autosync"],
    "auto-": ["manually", "manual", "by hand", "yourself each time", "by yourself each time"],
    "full+": ["full", "in full", "entire", "entirely", "the whole", "complete", "100%"],
    "full-": ["partial", "partially", "part of", "a portion of", "portion of", "some of",
              "a share of", "a fraction of", "a percentage of", "half of", "partly"],
    "include+": ["include", "includes", "included", "including", "comes with", "come with"],
    "include-": ["exclude", "excludes", "excluded", "excluding", "not included",
                 "isn't included", "aren't included", "are not included", "is not included",
                 "added at checkout", "will be added", "charged separately", "billed separately",
                 "sold separately", "on top of the price", "costs extra", "at extra cost"],
    "permanent+": ["forever", "for ever", "for life", "lifetime", "permanent", "permanently free",
                   "never expires", "never expire", "won't expire", "doesn't expire",
                   "does not expire", "no time limit", "stays free"],
    "permanent-": ["limited-time", "limited time", "temporary", "temporarily", "expire",
                   "expires", "expired", "expiring", "has expired", "time-limited",
                   "for a limited time", "ends soon", "no longer free"],
    "choose+": ["you choose", "you pick", "you select", "of your choice", "you decide",
                "your choice", "you can choose", "you can pick", "you picked", "you chose",
                "you selected", "choose your", "pick your", "choose a", "pick a"],
    "choose-": ["assigned", "assign", "allocated", "allocate", "we choose", "we pick",
                "we'll choose", "we will choose", "chosen for you", "picked for you",
                "set by", "decided by", "we assign", "we'll assign"],
    "period-end+": ["until the end of", "till the end of", "through the end of",
                    "to the end of", "until your billing period ends", "until the period ends"],
    "period-end-": ["immediately", "right away", "at once", "straight away", "instantly",
                    "the moment you cancel", "as soon as you cancel", "on the spot"],
    "encrypt+": ["encrypted", "encrypt", "encryption", "end-to-end", "end to end"],
    "encrypt-": ["unencrypted", "un-encrypted", "plain text", "plaintext", "in the clear",
                 "not encrypted", "isn't encrypted", "aren't encrypted", "without encryption"],
    "self+": ["only you", "you alone", "only you hold", "no one else", "nobody else",
              "only you can", "only the member"],
    "self-": ["on your behalf", "manages on your behalf", "we manage", "we hold", "we keep a copy",
              "we can reset", "we can access", "we can open", "we can recover",
              "team can reset", "team can access", "team can open", "team can recover",
              "team can restore", "we can restore", "staff can", "our engineers can",
              "can reset it", "keys that we manage", "we store your key", "we keep your key"],
}


@cache
def _lexicon() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """First lower-cased token -> [(token tuple, tag)], longest first.

    Patterns are tokenised with the project pipeline so they split exactly as
    passages do ("can't" -> "ca", "n't")."""
    make_doc = _nlp()
    table: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for tag, phrases in _PHRASES.items():
        for phrase in phrases:
            toks = tuple(t.lower_ for t in make_doc(phrase) if not t.is_space)
            table.setdefault(toks[0], []).append((toks, tag))
    for entries in table.values():
        entries.sort(key=lambda e: -len(e[0]))
    return table


def _matches(v: _View) -> dict[str, list[tuple[int, int]]]:
    """All phrase-lexicon hits: tag -> [(first, last) token index], longest match per start.

    A pattern token matches a passage token's text or its lemma ("bots" matches "bot")."""
    lex = _lexicon()
    hits: dict[str, list[tuple[int, int]]] = {}
    low, norm = v.low, v.norm
    n = v.n
    for i in range(n):
        entries = lex.get(low[i], [])
        if norm[i] != low[i] and norm[i] in lex:
            entries = entries + lex[norm[i]]
        if not entries:
            continue
        seen_tags: set[str] = set()
        for toks, tag in entries:
            if tag in seen_tags:
                continue
            L = len(toks)
            if i + L <= n and all(low[i + k] == t or norm[i + k] == t for k, t in enumerate(toks)):
                hits.setdefault(tag, []).append((i, i + L - 1))
                seen_tags.add(tag)
    return hits


# --------------------------------------------------------------------------
# extract
# --------------------------------------------------------------------------


def extract(doc_or_text) -> Facets:
    """Read the facets of a promise or passage (a ``str``, or a Doc from
    :func:`voicecheck.nlp.tokens.make_doc` or ``get_nlp()``)."""
    if isinstance(doc_or_text, str):
        doc = _nlp()(doc_or_text)
    else:
        doc = doc_or_text
    v = _View(doc)
    if v.n == 0:
        return Facets(text=v.text)
    hits = _matches(v)
    quantities = _quantities(v)
    return Facets(
        text=v.text,
        quantities=tuple(quantities),
        availability=tuple(_availability(v, hits)),
        polarity=tuple(_polarity(v, hits, quantities)),
        modality=tuple(_modality(v, hits)),
        channels=tuple(_channels(v, hits)),
        agents=tuple(_agents(v, hits)),
        scopes=tuple(_scopes(v, hits)),
        poles=tuple(_poles(v, hits)),
        anchors=v.line_anchors(),
        topic=frozenset(v.key[i] for i in range(v.n) if v.key[i] and not v.neg[i]),
        names=frozenset(v.key[i] for i in range(v.n) if v.name[i]),
        mentions=tuple(Mention(v.key[i], v.neg[i], v.anchors(i), Span(v.start[i], v.end[i], v.words[i]),
                               _modifier(v, i))
                       for i in range(v.n) if v.key[i] and not v.hyp[i]),
    )


def _modifier(v: _View, i: int) -> bool:
    """Is the token a participle used before its noun ("deleted files", "shared links")?"""
    return v.low[i].endswith("ed") and i + 1 < v.n and bool(v.key[i + 1]) \
        and v.clause[i + 1] == v.clause[i] and not v.low[i + 1].endswith("ly")


# ---- quantities -----------------------------------------------------------

_ALNUM_NAME = re.compile(r"^\d+[a-z]+\d*$")  # "5g", "4k": names, not numbers
_NUM_RE = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_NUM_UNIT_RE = re.compile(r"^(\d+(?:\.\d+)?)(gb|tb|mb|kb|k|h|hr|hrs|min|mins|d|%)$")
_LATENCY = frozenset({"pay", "payout", "transfer", "withdrawal", "deposit",
                      "reply", "answer", "respond", "response", "hear", "arrive", "deliver",
                      "delivery", "ship", "dispatch", "process", "confirm", "show", "resolve",
                      "appear", "receive", "contact", "reach", "expect", "back", "turnaround",
                      "pick", "return", "send", "post", "handle", "review", "land", "clear"})
_FEE = frozenset({"fee", "charge", "surcharge", "penalty", "deposit", "fine"})
_YEARISH = re.compile(r"^(19|20)\d\d$")
_MONTHS = frozenset({"january", "february", "march", "april", "may", "june", "july", "august",
                     "september", "october", "november", "december", "jan", "feb", "mar", "apr",
                     "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"})


def _number_at(v: _View, i: int) -> tuple[float, str | None] | None:
    """(value, glued unit) for a number token at ``i``."""
    w = v.low[i]
    if _NUM_RE.match(w):
        try:
            return float(w.replace(",", "")), None
        except ValueError:
            return None
    m = _NUM_UNIT_RE.match(w)
    if m:
        unit = {"k": None, "d": "day", "h": "hour", "hr": "hour", "hrs": "hour", "min": "minute",
                "mins": "minute"}.get(m.group(2), m.group(2))
        value = float(m.group(1)) * (1000 if m.group(2) == "k" else 1)
        return value, unit
    if w in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[w]), None
    nxt = v.low[i + 1] if i + 1 < v.n else ""
    if w == "half" and nxt in ("price", "off"):
        return 50.0, "%"  # "half price", "half off"
    if w in _FRACTIONS and i and v.low[i - 1] in ("a", "one") and nxt == "off":
        return _FRACTIONS[w], "%"  # "a fifth off"
    return None


_FRACTIONS = {"third": 100 / 3, "quarter": 25.0, "fifth": 20.0, "tenth": 10.0}


def _compound_number(v: _View, i: int) -> int:
    """Index of the last token of "twenty-one" / "twenty one" starting at ``i``, else ``i``."""
    if v.low[i] in _TENS and i + 2 < v.n and v.low[i + 1] == "-" and \
            _NUMBER_WORDS.get(v.low[i + 2], 99) < 10:
        return i + 2
    if v.low[i] in _TENS and i + 1 < v.n and _NUMBER_WORDS.get(v.low[i + 1], 99) < 10:
        return i + 1
    return i


def _skip_number(v: _View, i: int, word_num: bool) -> bool:
    """Numbers that are not quantities: phone numbers, clock times, dates, "24/7", "day 15"."""
    low, n = v.low, v.n
    prev = low[i - 1] if i else ""
    prev2 = low[i - 2] if i >= 2 else ""
    nxt = low[i + 1] if i + 1 < n else ""
    nxt2 = low[i + 2] if i + 2 < n else ""
    if prev in ("-", "/", ".", ":") and _NUM_RE.match(prev2):
        return True  # tail of a phone number, a date or "24/7"
    if nxt in ("/", ":") and _NUM_RE.match(nxt2):
        return True
    if nxt == "-" and _NUM_RE.match(nxt2) and i + 3 < n and low[i + 3] == "-":
        return True  # 1-800-555-0199
    if nxt in ("am", "pm", "a.m.", "p.m.", "a.m", "p.m", "x", "st", "nd", "rd", "th", "ago"):
        return True
    if not word_num and (prev in _MONTHS or prev in ("day", "version", "v", "step", "#", "no.",
                                                     "page", "line", "room", "code", "chapter")):
        return True
    if word_num and low[i] == "one" and nxt in ("of", "more", "another", "day") and nxt2 != "-":
        return True  # "one of our coaches", "one more"
    return False


def _unit_at(v: _View, j: int) -> tuple[str, str, int] | None:
    """(unit, dim, last index) for a unit word at ``j`` (skipping a hyphen)."""
    if j < v.n and v.low[j] in ("-", "–"):
        j += 1
    if j >= v.n:
        return None
    lw, nw = v.low[j], v.norm[j]
    if lw in ("business", "working", "work") and j + 1 < v.n and v.norm[j + 1] == "day":
        return "business day", "time", j + 1
    if lw == "per" and j + 1 < v.n and v.low[j + 1] == "cent":
        return "%", "percent", j + 1
    for cand in (lw, nw, lw.rstrip("s")):
        if cand in _UNITS:
            unit, dim = _UNITS[cand]
            return unit, dim, j
    return None


def _quantities(v: _View) -> list[Quantity]:
    """Every number with a unit in reading order, then "until the end of the month", "in minutes"."""
    out: list[Quantity] = []
    i = 0
    while i < v.n:
        q, last = _quantity_at(v, i)
        if q is not None:
            out.append(q)
        i = last + 1
    out.extend(_end_of_period(v))
    out.extend(_vague_durations(v))
    return out


_A_BOUNDS = frozenset({"within", "after", "for", "in", "than", "to", "about", "least", "most",
                       "under", "over"})


def _quantity_at(v: _View, i: int) -> tuple[Quantity | None, int]:
    """The quantity whose number starts at token ``i``, and the last token it used."""
    low = v.low
    parsed = _number_at(v, i)
    word_num = low[i] in _NUMBER_WORDS
    if parsed is None and low[i] in ("a", "an") and i > 0 and low[i - 1] in _A_BOUNDS:
        u = _unit_at(v, i + 1)
        if u and u[1] == "time":  # "within a day", "after a week", "for a month"
            parsed, word_num = (1.0, None), True
    if parsed is None or _skip_number(v, i, word_num):
        return None, i
    value, glued = parsed
    start = i
    if word_num and _compound_number(v, i) != i:  # "twenty-one"
        i = _compound_number(v, i)
        value += _NUMBER_WORDS[low[i]]
    currency = _currency_before(v, start)
    if currency:
        start -= 1
    high, k, range_unit = _range_after(v, i, value, currency, start)
    unit, dim, last, currency = _unit_after(v, i, k, glued or range_unit, currency)
    if unit is None or (word_num and low[i] == "one" and value == 1 and dim == "count"):
        return None, i
    per, each, last = _period_after(v, last, dim, currency)
    bound, strict, b0, last = _bound_around(v, start, last, dim, high)
    if b0 >= 1 and low[b0 - 1] in ("every", "once") and dim == "time":
        return None, last  # a frequency ("every 90 days"), read by availability
    if per and dim in ("time", "count") and currency is None:
        role = "rate"  # "20 messages a day": not a duration or an allowance
    else:
        role = _role(v, i, last, dim, unit, bound, each or (start > 0 and low[start - 1] == "+"))
    if dim == "time" and last + 1 < v.n and low[last + 1] in ("before", "prior", "ahead"):
        if not (last + 2 < v.n and low[last + 2] in _PRONOUNS):
            role = "deadline"  # "5 days before your delivery day"
        elif not (b0 and low[b0 - 1] == "for"):
            role = "lead"  # "30 minutes before they arrive"; "for 90 days before ..." stays a window
    negated = v.neg[i]
    if negated and bound == "min" and strict:
        bound, strict = "max", False  # "can't upload files larger than 10 GB": limit 10
    limit = bound == "max" or negated or any(
        v.norm[j] in _LIMIT_CUES or low[j] in _LIMIT_CUES for j in v.clause_range(i))
    markers = frozenset(v.key[j] for j in v.sent_range(i)
                        if v.key[j] and (v.name[j] or low[j] in _PLAN_QUALIFIERS))
    return Quantity(
        value=value, unit=unit, dim=dim, bound=bound, strict=strict, high=high, per=per,
        role=role, negated=negated, hypothetical=v.hyp[i], limit=limit, markers=markers,
        anchors=v.anchors(i), span=_quantity_span(v, i, b0, last, dim),
    ), last


_PRONOUNS = frozenset({"they", "it", "we", "you", "this", "that", "being", "it's", "i", "he", "she"})


def _currency_before(v: _View, i: int) -> str | None:
    """"$", "€", "£", "USD" right before the number."""
    j = i - 1
    if j >= 0 and v.low[j] in _CURRENCY and v.words[j] in ("$", "€", "£", "USD", "EUR", "GBP", "US$"):
        return _CURRENCY[v.low[j]]
    return None


def _range_after(v: _View, i: int, value: float, currency: str | None,
                 start: int) -> tuple[float | None, int, str | None]:
    """(upper end, index after the range, glued unit) of "5 to 10", "2-4", "between 3 and 5"."""
    low, k = v.low, i + 1
    if not (k + 1 < v.n and low[k] in ("to", "-", "–", "—", "or", "and")):
        return None, k, None
    kk = k + 2 if low[k + 1] in _CURRENCY else k + 1
    hp = _number_at(v, kk) if kk < v.n else None
    if not hp or hp[0] <= value:
        return None, k, None
    if low[k] == "and" and not (start >= 1 and low[start - 1] == "between"):
        return None, k, None
    if low[k] == "or" and (currency or low[k + 1] in _CURRENCY):
        return None, k, None  # "$5 or $10" are two prices
    return hp[0], kk + 1, hp[1]


def _unit_after(v: _View, i: int, k: int, glued: str | None,
                currency: str | None) -> tuple[str | None, str | None, int, str | None]:
    """(unit, dimension, last token, currency) for the number at ``i``; ``k`` is the next token."""
    low, norm, n = v.low, v.norm, v.n
    last = k - 1
    if glued:
        dim = "size" if glued in ("gb", "tb", "mb", "kb") else "percent" if glued == "%" else "time"
        return glued, dim, last, currency
    if currency is None:
        u = _unit_at(v, k)
        if u is None and k < n and low[k] in ("full", "whole", "entire", "calendar", "consecutive"):
            u = _unit_at(v, k + 1)  # "two full years"
            u = u if u and u[1] == "time" else None
        if u:
            return u[0], u[1], u[2], None
        if k < n and low[k] in _CURRENCY and v.words[k] in ("USD", "EUR", "GBP", "dollars", "euros",
                                                             "pounds"):
            currency, last = _CURRENCY[low[k]], k
        elif k < n and norm[k] in ("dollar", "euro", "pound"):
            currency, last = _CURRENCY[norm[k]], k
    if currency:
        return currency, "money", last, currency
    # a count: "20 messages", "4 family members", "14 major allergens"
    j = k + (1 if k < n and low[k] == "-" else 0)
    for jj in range(j, min(n, j + 2)):
        if v.key[jj] and v.clause[jj] == v.clause[i]:
            if not low[jj].endswith("s") and jj + 1 < n and v.key[jj + 1] \
                    and low[jj + 1].endswith("s") and v.clause[jj + 1] == v.clause[i]:
                jj += 1
            unit = v.key[jj] or norm[jj]
            if unit in _MONTHS or unit in _DAY_INDEX or _YEARISH.match(low[i]):
                return None, None, last, None
            return unit, "count", jj, None
        if low[jj] not in ("major", "more", "extra", "additional", "new", "free"):
            break
    return None, None, last, None


def _period_after(v: _View, last: int, dim: str, currency: str | None) -> tuple[str | None, bool, int]:
    """(period, "each", last token): "a month", "per serving", "/mo", "monthly", "each"."""
    low, norm, n = v.low, v.norm, v.n
    per, each, p = None, False, last + 1
    if p + 1 < n and low[p] == "/":
        per = _PERIODS.get(norm[p + 1]) or (norm[p + 1] if norm[p + 1] in _PER_NOUNS else None)
        if per:
            last = p + 1
    elif p + 1 < n and low[p] in ("a", "an", "per", "each", "every") and \
            (norm[p + 1] in _PERIODS or norm[p + 1] in _PER_NOUNS or low[p + 1] in _PER_NOUNS):
        if not (low[p] == "every" and dim == "time"):
            per = _PERIODS.get(norm[p + 1]) or norm[p + 1]
            per = "serving" if per == "serve" else per
            last, each = p + 1, low[p] == "each"
    elif p < n and low[p] in _PERIOD_ADVERBS:
        per, last = _PERIOD_ADVERBS[low[p]], p
    if last + 1 < n and low[last + 1] == "each":
        each, last = True, last + 1
    return per, each, last


def _bound_around(v: _View, start: int, last: int, dim: str,
                  high: float | None) -> tuple[str, bool, int, int]:
    """(bound, strict, first token, last token): "up to", "at least", "from", "or more"."""
    low, n = v.low, v.n
    bound, strict, b0 = "eq", False, start
    filler = b0
    while filler > b0 - 2 and filler >= 1 and low[filler - 1] in ("be", "of"):
        filler -= 1  # "must at least be of 1 character"
    if filler < b0 and filler >= 2 and (low[filler - 2], low[filler - 1]) in _BOUNDS_2:
        b0 = filler
    if b0 >= 2 and (low[b0 - 2], low[b0 - 1]) in _BOUNDS_2:
        bound, strict = _BOUNDS_2[(low[b0 - 2], low[b0 - 1])]
        b0 -= 2
    elif b0 >= 3 and low[b0 - 3] == "as" and low[b0 - 1] == "as" and low[b0 - 2] in ("low", "little"):
        bound, b0 = "min", b0 - 3
    elif b0 >= 1 and low[b0 - 1] in _BOUNDS_1:
        bound, strict = _BOUNDS_1[low[b0 - 1]]
        b0 -= 1
        if low[b0] == "from" and dim == "time":
            bound = "eq"  # "90 days from deletion"
    elif b0 >= 1 and low[b0 - 1] == "between" and high is not None:
        b0 -= 1
    if last + 2 < n and low[last + 1] == "or" and low[last + 2] in ("more", "longer", "above"):
        bound, last = "min", last + 2
    elif last + 2 < n and low[last + 1] == "or" and low[last + 2] in ("less", "fewer", "under"):
        bound, last = "max", last + 2
    elif last + 1 < n and low[last + 1] == "+":
        bound, last = "min", last + 1
    return bound, strict, b0, last


def _quantity_span(v: _View, i: int, b0: int, last: int, dim: str) -> Span:
    """The words to quote: "7-day free trial", "15 GB of free storage", "free for 14 days"."""
    low, n = v.low, v.n
    s0, s1 = b0, last
    if i + 1 < n and low[i + 1] in ("-", "–") and dim != "money":
        if last + 1 < n and v.key[last + 1] and v.clause[last + 1] == v.clause[i]:
            s1 = last + 1
            if low[s1] in _MODIFIERS and s1 + 1 < n and v.key[s1 + 1] and v.clause[s1 + 1] == v.clause[i]:
                s1 += 1
    elif last + 2 < n and low[last + 1] == "of" and v.key[last + 2]:
        s1 = last + 2
        if s1 + 1 < n and v.key[s1 + 1] and v.clause[s1 + 1] == v.clause[i]:
            s1 += 1
    if b0 >= 2 and low[b0 - 1] == "for" and v.key[b0 - 2] and v.clause[b0 - 2] == v.clause[i]:
        s0 = b0 - 2
    return v.span(s0, s1)


_VAGUE = {"seconds": ("second", 59), "minutes": ("minute", 59), "hours": ("hour", 23),
          "days": ("day", 6)}


def _vague_durations(v: _View) -> list[Quantity]:
    """"arrives in seconds", "within minutes": under one of the next unit up."""
    out = []
    for i in range(1, v.n):
        if v.low[i] in _VAGUE and v.low[i - 1] in ("in", "within") and \
                not (i >= 2 and (_number_at(v, i - 2) or v.low[i - 2] in ("few", "couple"))):
            unit, value = _VAGUE[v.low[i]]
            role = _role(v, i, i, "time", unit, "max", False)
            out.append(Quantity(value=value, unit=unit, dim="time", bound="max", role=role,
                                hypothetical=v.hyp[i], limit=True, anchors=v.anchors(i),
                                span=v.span(i - 1, i)))
    return out


_LIMIT_CUES = frozenset({"limit", "cap", "max", "maximum", "largest", "biggest", "most", "only",
                         "include", "get", "give", "offer", "come", "allow", "exceed", "quota",
                         "allowance", "start", "keep", "store", "hold", "remain", "stay", "last",
                         "after", "within", "until", "for", "expire", "delete", "erase",
                         "remove", "cost", "costs", "price", "renew", "be", "is", "are"})
_MODIFIERS = frozenset({"free", "paid", "full", "extra", "standard", "express", "delivery",
                        "money-back", "refund", "return", "trial", "guarantee", "grace", "cooling",
                        "notice", "response", "reply", "support", "price", "rolling"})


def _role(v: _View, i: int, last: int, dim: str, unit: str, bound: str, addon: bool) -> str:
    clause = v.clause_range(i)
    words = {v.norm[j] for j in clause} | {v.low[j] for j in clause}
    if dim == "money":
        plus = any(v.low[j] == "+" for j in clause if j < i) or any(v.key[j] == "extra" for j in clause)
        if addon or plus or words & {"extra", "additional", "add-on", "addon", "optional"} or \
                ("add" in words and "each" in words) or \
                (last + 1 < v.n and v.low[last + 1] == "each"):
            return "addon"
        if words & _FEE:
            return "fee"
        return "price"
    if dim == "time":
        if v.low[i - 1:i] == ["of"] or (last + 1 < v.n and v.low[last + 1] == "of"):
            return "window"
        after_of = any(v.low[j] == "of" and j > last and j <= last + 2 for j in clause)
        if bound in ("max", "eq") and not after_of:
            for j in clause:
                if j < i and (v.norm[j] in _LATENCY or v.low[j] in _LATENCY) and not v.neg[j]:
                    return "latency"
            if any(v.norm[j] in ("take", "within") for j in clause if j < i) and \
                    any(v.norm[j] in _LATENCY for j in clause):
                return "latency"
        return "window"
    if dim == "size":
        return "size"
    if dim == "percent":
        return "fee" if words & _FEE else "percent"
    if addon or (words & {"extra", "additional"}) or (last + 1 < v.n and v.low[last + 1] == "each"):
        return "addon"
    return "count"


_EOP_RE = re.compile(r"\b(?:until|till|through|by) the end of (?:the|this|that|your) "
                     r"(day|week|month|year|calendar month|billing month)\b", re.I)


def _end_of_period(v: _View) -> list[Quantity]:
    """"until the end of the month" as a window of at most one month."""
    out = []
    for m in _EOP_RE.finditer(v.text):
        unit = m.group(1).split()[-1]
        i = _token_at(v, m.start())
        if i < 0:
            continue
        out.append(Quantity(value=1, unit=unit, dim="time", bound="max", role="window",
                            negated=False, hypothetical=v.hyp[i], anchors=v.anchors(i),
                            span=Span(m.start(), m.end(), m.group(0))))
    return out


def _token_at(v: _View, offset: int) -> int:
    for i in range(v.n):
        if v.start[i] <= offset < v.end[i] or v.start[i] >= offset:
            return i
    return -1


# ---- availability -----------------------------------------------------------

_TIME = r"(?:(?:[01]?\d|2[0-3])(?::[0-5]\d)?\s?(?:[ap]\.m\.|[ap]\.?m)|(?:[01]?\d|2[0-3]):[0-5]\d|noon|midnight)"
_TIME_RANGE_RE = re.compile(
    rf"(?<![\w:])(?:from\s+|between\s+)?({_TIME})\s?(?:to|-|–|—|until|till|through|and)\s?({_TIME})(?![\w:])",
    re.I)
_BARE_RANGE_RE = re.compile(r"\bfrom\s+(\d{1,2})\s?(?:to|-|–|until|till)\s?(\d{1,2})\b(?!\s*(?:%|[a-z$€£]))", re.I)
_DAY = r"(mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)s?"
_DAY_RANGE_RE = re.compile(rf"\b{_DAY}\.?\s?(?:to|-|–|—|through|thru|until|till)\s?{_DAY}\b", re.I)
_SERVICE = frozenset({"open", "staff", "available", "answer", "reply", "respond", "deliver",
                      "delivery", "arrive", "read", "pick", "road", "here", "accept", "work",
                      "run", "operate", "reach", "online", "live", "ship", "process", "handle",
                      "aside", "off", "closed", "close", "serve", "cover", "support", "check",
                      "look", "review", "dispatch", "collect", "reachable", "around", "call"})


def _parse_time(s: str) -> float | None:
    s = s.lower().replace(" ", "").replace(".", "")
    if s == "noon":
        return 12.0
    if s == "midnight":
        return 24.0
    m = re.match(r"^(\d{1,2})(?::(\d\d))?(am|pm)?$", s)
    if not m:
        return None
    h = int(m.group(1)) + (int(m.group(2)) / 60 if m.group(2) else 0.0)
    if m.group(3) == "pm" and h < 12:
        h += 12
    elif m.group(3) == "am" and h >= 12:
        h -= 12
    return h


def _day_num(s: str) -> int | None:
    s = s.lower().rstrip(".").rstrip("s") if len(s) > 4 else s.lower().rstrip(".")
    if s in _DAY_INDEX:
        return _DAY_INDEX[s]
    for name, idx in _DAY_INDEX.items():
        if name.startswith(s) and len(s) >= 3:
            return idx
    return _DAY_ABBR.get(s)


@dataclass
class _Schedule:
    """What one sentence says about when something is available (filled in several passes)."""

    first: int  # a token of the sentence, for its anchors
    days: frozenset[int] | None = None
    hours: tuple[float, float] | None = None
    coverage: str | None = None
    day_range: bool = False
    always: bool = False
    spans: list[Span] = field(default_factory=list)

    def availability(self, v: _View) -> Availability | None:
        days, hours, cov = self.days, self.hours, self.coverage
        if days is None and self.always:
            days = ALL_DAYS
        if cov in ("weekly", "periodic"):
            pass
        elif days == ALL_DAYS:
            cov = "always" if hours is None else "every-day"
        elif hours is not None:
            cov = "business-hours"
        elif days == WEEKDAYS:
            cov = "weekdays"
        elif days is not None:
            cov = "specific-days"
        if cov is None:
            return None
        spans = sorted(self.spans, key=lambda sp: sp.start)
        span = Span(spans[0].start, spans[-1].end, v.text[spans[0].start:spans[-1].end]) if spans else NO_SPAN
        return Availability(coverage=cov, days=days, hours=hours, anchors=v.anchors(self.first), span=span)


def _availability(v: _View, hits) -> list[Availability]:
    schedules: dict[int, _Schedule] = {}

    def at(i: int) -> _Schedule:
        return schedules.setdefault(v.sent[i], _Schedule(i))

    _clock_ranges(v, at)
    _day_ranges(v, at)
    _schedule_phrases(v, hits, at)
    _named_days(v, schedules, at)
    found = (s.availability(v) for _, s in sorted(schedules.items()))
    return [a for a in found if a is not None]


def _clock_ranges(v: _View, at) -> None:
    """"9am to 5pm", "9:00–17:30", "between 8am and 6pm", "from 9 to 5"."""
    for m in _BARE_RANGE_RE.finditer(v.text):
        a, b = int(m.group(1)), int(m.group(2))
        i = _token_at(v, m.start())
        if not (1 <= a <= 12 and 1 <= b <= 12) or i < 0 or v.hyp[i]:
            continue
        s = at(i)
        s.hours = (float(a), float(b + 12 if b <= a or b < 8 else b))
        s.spans.append(Span(m.start(), m.end(), m.group(0)))
    for m in _TIME_RANGE_RE.finditer(v.text):
        a, b = _parse_time(m.group(1)), _parse_time(m.group(2))
        text = m.group(0).lower()
        if a is None or b is None or not re.search(r"[ap]\.?m|:|noon|midnight", text):
            continue
        if " and " in text and not text.startswith("between"):
            continue  # "and" joins a range only after "between"
        if re.search(r"[ap]\.?m", m.group(2), re.I) and not re.search(r"[ap]\.?m|:", m.group(1), re.I):
            if "p" in m.group(2).lower() and a + 12 <= b:
                a += 12  # "9 to 5pm" reads 9am; "1 to 5pm" reads 1pm
        i = _token_at(v, m.start())
        if i < 0 or v.hyp[i]:
            continue
        s = at(i)
        s.hours = (a, b)
        s.spans.append(Span(m.start(), m.end(), m.group(0)))


def _day_ranges(v: _View, at) -> None:
    """"Monday to Friday", "Mon–Sat"."""
    for m in _DAY_RANGE_RE.finditer(v.text):
        d1, d2 = _day_num(m.group(1)), _day_num(m.group(2))
        i = _token_at(v, m.start())
        if d1 is None or d2 is None or i < 0 or v.hyp[i]:
            continue
        days = frozenset(range(d1, d2 + 1)) if d1 <= d2 else frozenset(list(range(d1, 7)) + list(range(d2 + 1)))
        s = at(i)
        s.days = days if s.days is None else s.days | days
        s.day_range = True
        s.spans.append(Span(m.start(), m.end(), m.group(0)))


def _schedule_phrases(v: _View, hits, at) -> None:
    """24/7, "every day", "weekends off", "business hours", "once a week", "once every 90 days"."""
    for tag in ("always", "weekdays", "business-hours", "weekly", "periodic"):
        for a, b in hits.get(tag, ()):
            if v.hyp[a] or (tag == "always" and v.neg[a]):
                continue
            if tag == "always" and v.low[a] == "any" and v.has(b + 1, ("of",)):
                continue
            if tag == "periodic" and v.low[a] == "only" and v.low[b] == "once":
                continue
            if v.low[b] in ("weekly", "daily", "monthly") and b + 1 < v.n and v.key[b + 1]:
                continue  # "weekly goal", "daily limit": an adjective, not a schedule
            s = at(a)
            s.spans.append(v.span(a, b))
            if tag == "always":  # "every day", "seven days a week": all days; hours stay as found
                s.days = ALL_DAYS if s.days is None or not s.day_range else s.days
                s.always = True
            elif tag == "weekdays":
                s.days, s.coverage = WEEKDAYS, "weekdays"
            elif tag == "business-hours":
                s.coverage, s.hours = "business-hours", s.hours or (9.0, 17.0)
            else:
                s.coverage = tag


_DAY_PARTS = frozenset({"mornings", "afternoons", "evenings", "nights", "morning", "afternoon", "evening"})


def _named_days(v: _View, schedules: dict[int, _Schedule], at) -> None:
    """Day names as a schedule: habitual ("on Tuesdays", "Wednesday afternoons", "every Monday"),
    closed days ("off on Saturdays and Sundays"), or a weekend deferral ("sent on a Saturday ...
    picked up on Monday"). A single date-like mention ("arrived on Tuesday") is not a schedule."""
    by_sent: dict[int, list[tuple[int, int, bool]]] = {}
    for i in range(v.n):
        lw = v.low[i]
        if lw in ("weekend", "weekends"):
            by_sent.setdefault(v.sent[i], []).append((i, -1, True))
        elif lw in _DAY_INDEX:
            habitual = lw.endswith("s") or (i + 1 < v.n and v.low[i + 1] in _DAY_PARTS and
                                            v.low[i + 1].endswith("s")) \
                or (i and v.low[i - 1] in ("every", "each", "only"))
            by_sent.setdefault(v.sent[i], []).append((i, _DAY_INDEX[lw], habitual))
    weekend_named = any(d in (5, 6, -1) for toks in by_sent.values() for _, d, _ in toks)
    for sent_id, toks in by_sent.items():
        existing = schedules.get(sent_id)
        if existing is not None and (existing.day_range or existing.coverage == "weekdays"
                                     or existing.always):
            continue
        named = [(i, d, h) for i, d, h in toks if d >= 0]
        if not named:
            continue
        sent = v.sent_range(named[0][0])
        service = any(v.norm[j] in _SERVICE or v.low[j] in _SERVICE for j in sent)
        deferral = weekend_named and any(d < 5 for _, d, _ in named) and any(
            v.low[j] in ("following", "next", "instead", "until") or v.norm[j] in ("pick", "wait")
            for j in sent)
        if not service or not (deferral or any(h for _, _, h in named)):
            continue
        days = frozenset(d for _, d, _ in named)
        closed = any(v.low[j] in ("off", "closed", "except", "excluding", "unavailable") or
                     (v.neg[j] and j < named[0][0]) for j in sent if j < named[-1][0])
        s = at(named[0][0])
        if deferral or (closed and days <= WEEKEND):
            s.days, s.coverage = (WEEKDAYS if deferral else ALL_DAYS - days), "weekdays"
        else:
            s.days, s.coverage = (ALL_DAYS - days if closed else days), "specific-days"
        last = named[-1][0]
        s.spans.append(v.span(named[0][0], last + 1 if v.low[last + 1:last + 2] and
                              v.low[last + 1] in _DAY_PARTS else last))


# ---- polarity ---------------------------------------------------------------

_REQUIRE_VERBS = frozenset({"need", "require", "must", "ask", "request", "mandatory",
                            "necessary", "compulsory"})
_REQUEST_VERBS = frozenset({"add", "enter", "provide", "attach", "snap", "upload", "send",
                            "submit", "take", "show", "give", "supply", "verify", "link"})
_CHAIN_VERBS = frozenset({"create", "open", "have", "set", "sign", "register", "make", "get", "use",
                          "log", "call", "contact", "phone", "buy", "purchase", "hold", "keep",
                          "install", "download", "fill", "complete", "book", "schedule"})
_REQUIRE_OBJECTS = {"card": "card", "payment": "card", "credit": "card", "debit": "card",
                    "photo": "photo", "receipt": "receipt", "proof": "proof", "id": "id",
                    "document": "document", "account": "account", "password": "password",
                    "phone": "phone", "signature": "signature", "code": "code"}
_FREE_WORDS = frozenset({"free", "complimentary", "gratis", "costless", "free-of-charge"})
_PAID_WORDS = frozenset({"charge", "fee", "surcharge", "cost", "pay", "bill", "price", "penalty",
                         "paid", "billed", "charged", "costs"})
_LIMIT_POS = frozenset({"limit", "cap", "maximum", "throttle", "quota", "restrict", "restriction",
                        "capped", "limited"})
_PRESENCE_VERBS = frozenset({"include", "contain", "display", "feature", "come", "back", "offer",
                             "provide", "carry"})
_UN_PARTICIPLES = frozenset({"encrypted", "protected", "secured", "limited", "restricted",
                             "verified", "supported", "guaranteed", "monitored", "moderated",
                             "paid", "billed", "charged", "metered", "capped", "attended",
                             "staffed", "answered", "included", "insured", "backed", "labelled",
                             "labeled", "sealed", "tracked", "covered"})


def _target_key(v: _View, j: int) -> str:
    k = v.key[j] or v.norm[j]
    if v.norm[j] in ("payment", "credit", "debit") and j + 1 < v.n and v.norm[j + 1] in ("card", "method", "detail"):
        return "card"
    if k in ("method", "detail") and j > 0 and v.norm[j - 1] in ("payment", "card", "billing"):
        return "card"
    return k


def _instance(v: _View, i: int) -> bool:
    """Is the statement at ``i`` about one item or event ("this box is already locked",
    "my coach hasn't answered"), rather than a policy?"""
    for j in v.clause_range(i):
        if j < i and v.norm[j] == "not" and j and v.low[j - 1] in ("has", "have", "had", "did",
                                                                   "was", "were", "is", "'s"):
            if v.low[j - 1] in ("has", "have", "had", "did", "was", "were"):
                return True
    for j in v.sent_range(i):
        if v.low[j] in ("anymore", "locked") or (v.low[j] in ("yet",) and j > i):
            return True
        if v.low[j] == "already" and j and v.low[j - 1] in ("is", "are", "was", "were", "'s", "'re",
                                                           "been", "be"):
            return True  # "this box is already locked"
        if v.low[j] in ("this", "that") and j + 1 < v.n and v.key[j + 1] and j < i:
            return True
        if v.low[j] == "no" and j + 1 < v.n and v.low[j + 1] == "longer":
            return True
    return False


def _polarity(v: _View, hits, quantities: list[Quantity]) -> list[Polarity]:
    return _PolarityReader(v, hits).read(quantities)


class _PolarityReader:
    """One pass over the tokens; each token is read by the first family that claims it."""

    def __init__(self, v: _View, hits):
        self.v, self.hits = v, hits
        self.out: list[Polarity] = []
        self.consumed: set[int] = set()
        self.hedged = {j for a, _ in hits.get("hedge_strong", ()) for j in v.clause_range(a)}

    def add(self, kind: str, target: str, positive: bool, i: int, a: int, b: int,
            instance: bool = False) -> None:
        v = self.v
        self.out.append(Polarity(kind=kind, target=target, positive=positive, hedged=i in self.hedged,
                                 instance=instance or _instance(v, i), anchors=v.anchors(i),
                                 span=v.span(a, b)))

    def read(self, quantities: list[Quantity]) -> list[Polarity]:
        v = self.v
        steps = (self._requirement, self._request, self._cost, self._limit, self._presence,
                 self._predicate)
        for i in range(v.n):
            if i in self.consumed or v.hyp[i]:
                continue
            for step in steps:
                if step(i):
                    break
        for q in quantities:
            if q.hypothetical:
                continue
            if q.dim == "money" and (q.role in ("addon", "fee") or q.value == 0):  # "an extra $10", "$0.00"
                self.out.append(Polarity("cost", _clause_subject(v, _token_at(v, q.span.start)),
                                         q.value > 0, anchors=q.anchors, span=q.span, implied=True))
            if q.dim == "count" and q.bound == "max":  # "up to 8 classes"
                self.out.append(Polarity("limit", q.unit, True, anchors=q.anchors, span=q.span,
                                         implied=True))
        for a, b in self.hits.get("include+", ()):  # "breakfast is included": no extra charge
            if v.low[a] == "included" and not v.neg[a] and not v.hyp[a] and (
                    v.low[a - 1:a] in (["is"], ["are"], ["be"], ["'s"], ["'re"])
                    or v.low[a + 1:a + 2] in (["in"], ["with"], ["at"])):
                self.out.append(Polarity("cost", "", False, anchors=v.anchors(a), span=v.span(a, b),
                                         implied=True))
        return self.out

    # ---- "no card required", "you need an account", "must create an account"
    def _requirement(self, i: int) -> bool:
        v = self.v
        low, norm, lw = v.low, v.norm, v.low[i]
        if not (norm[i] in _REQUIRE_VERBS or lw in ("required", "needed", "must")):
            return False
        if norm[i] in ("ask", "request") and not v.has(i + 1, ("for",)):
            return True
        positive = not v.neg[i]
        a = i - 1 if i and low[i - 1] in ("no", "not", "never") else i
        if lw in ("required", "needed", "necessary", "mandatory", "compulsory"):
            t = v.noun_before(i, 3)
            if t >= 0:  # "no card required", "a photo is needed"
                t0 = t - 1 if t and v.key[t - 1] and v.clause[t - 1] == v.clause[t] else t
                t0 = t0 - 1 if t0 and low[t0 - 1] in ("no", "without") else t0
                self.add("require", _target_key(v, t), positive, i, t0, i)
                return True
        t = v.noun_after(i, 5, stop=frozenset({",", ".", "and", "if", "when"}))
        if t >= 0 and (norm[t] in _REQUEST_VERBS or norm[t] in _CHAIN_VERBS):
            self.consumed.add(t)  # "need to add a card": the card is the target
            t2 = v.noun_after(t, 4, stop=frozenset({",", ".", "and", "to"}))
            if t2 in self.consumed:
                t2 = -1
            obj = (_REQUIRE_OBJECTS.get(_target_key(v, t2)) or
                   (_target_key(v, t2) if norm[t] in _CHAIN_VERBS else None)) if t2 >= 0 else None
            if obj:
                self.add("require", obj, positive, i, a, t2)
                return True
            if norm[t] in ("call", "phone"):
                self.add("require", "phone", positive, i, a, t)
                return True
        if t >= 0:
            self.add("require", _target_key(v, t), positive, i, a, t)
        return True

    # ---- "add a payment card", "snap a picture", "Please book an appointment"
    def _request(self, i: int) -> bool:
        v = self.v
        nw = v.norm[i]
        if i and v.low[i - 1] == "please" and nw not in _REQUEST_VERBS and v.key[i] and \
                nw not in _NOT_REQUESTS:
            t = v.noun_after(i, 3, stop=frozenset({",", ".", "if", "to"}))
            if t >= 0:
                self.add("require", _target_key(v, t), True, i, i - 1, t)
            return True
        if nw not in _REQUEST_VERBS:
            return False
        t = v.noun_after(i, 4)
        if t >= 0:
            obj = _REQUIRE_OBJECTS.get(_target_key(v, t)) or _REQUIRE_OBJECTS.get(v.norm[t])
            if obj:
                self.add("require", obj, not v.neg[i], i, i, t)
        return True

    # ---- "free", "on us", "a fee applies", "never costs a thing"
    def _cost(self, i: int) -> bool:
        v = self.v
        low, norm, lw, nw, n = v.low, v.norm, v.low[i], v.norm[i], v.n
        if lw in _FREE_WORDS:
            if v.words[i] == "Free" and i and v.words[i - 1][:1].isupper() and \
                    v.words[i - 1] not in ("Try", "Start", "Get"):
                return True  # a plan name: "Movara Free"
            if i + 1 < n and low[i + 1] in ("from", "of") and not v.has(i + 2, ("charge",)):
                return True  # "free from traces" is not about cost
            self.add("cost", _cost_target(v, i), v.neg[i], i, i, i)
            return True
        if lw == "on" and v.has(i + 1, ("us",)) and (i + 2 >= n or v.clause[i + 2] != v.clause[i]
                                                     or low[i + 2] in ("for", ".")):
            self.add("cost", _cost_target(v, i), False, i, i, i + 1)
            return True
        if not ((nw in ("charge", "fee", "surcharge", "cost", "bill", "penalty") and lw != "billing")
                or lw in ("paid", "billed", "charged")):
            return False
        if nw == "cost" and i >= 2 and low[i - 1] in ("it", "they", "that") and \
                low[i - 2] in ("what", "whatever"):
            return True  # "part of what it cost"
        if lw == "paid" and i + 1 < n and norm[i + 1] in ("plan", "tier", "account", "subscription",
                                                         "member", "version", "feature", "for"):
            return True  # "paid plan", "the period you paid for"
        if nw == "cost" and v.has(i + 1, ("nothing",)):
            self.add("cost", _cost_target(v, i), False, i, i, i + 1)
        elif nw == "cost" and i >= 2 and low[i - 1] in ("no", "extra") and low[i - 2] == "at":
            self.add("cost", _cost_target(v, i), False, i, i - 2, i)  # "at no cost"
        else:
            self.add("cost", _cost_target(v, i), not v.neg[i], i, i, i)
        return True

    # ---- "unlimited", "no download limits", "capped at", "as many as you like", "3 of 50 used"
    def _limit(self, i: int) -> bool:
        v = self.v
        low, norm, lw, n = v.low, v.norm, v.low[i], v.n
        word = _np_limit_word(v, i) if lw in ("no", "without") else -1
        if word >= 0:  # "no download or bandwidth limits"
            self.consumed.add(word)
            head = _limit_target(v, word, i)
            self.add("limit", head, False, i, i, word)
            for other in _coordinated_targets(v, i + 1, word):
                if other != head:
                    self.add("limit", other, False, i, i, word)
            return True
        if lw in ("unlimited", "limitless"):
            self.add("limit", _limit_target(v, i, i), False, i, i, i)
            return True
        if norm[i] in _LIMIT_POS or lw in ("limited", "capped", "throttled"):
            if not v.neg[i]:
                self.add("limit", _limit_target(v, i, i), True, i, i, i)
            elif not (i and low[i - 1] in ("no", "without")):
                self.add("limit", _limit_target(v, i, i), False, i, i, i)
            return True
        if lw == "as" and i + 3 < n and low[i + 1] in ("many", "much", "often") and \
                (low[i + 2] == "as" or low[i + 3] == "as"):
            noun = norm[i + 2] if low[i + 2] != "as" else ""
            target = (v.key[i + 2] or _UNITS.get(noun, (noun,))[0]) if noun else _limit_target(v, i, i)
            self.add("limit", target, False, i, i, min(n - 1, i + 4))  # "as many weeks as you like"
            return True
        if lw == "of" and i + 3 < n and _NUM_RE.match(low[i + 1]) and v.key[i + 2] and \
                low[i + 3] in ("used", "left", "remaining", "allowed"):
            self.add("limit", v.key[i + 2], True, i, max(0, i - 1), i + 3)  # "3 of 50 downloads used"
            return True
        if lw == "the" and v.has(i, ("the", "most", "we", "allow")):
            self.add("limit", _limit_target(v, i, i), True, i, i, i + 3)
            return True
        return False

    # ---- "no ads", "without a card", "includes ads", "doesn't come with service credits"
    def _presence(self, i: int) -> bool:
        v = self.v
        norm, lw, nw, n = v.norm, v.low[i], v.norm[i], v.n
        if lw in ("no", "without", "zero") and i + 1 < n:
            if any(v.has(i, ("no", w)) for w in ("longer", "way", "need", "more", "matter")):
                return True
            t = v.noun_after(i, 3, stop=frozenset({",", ".", "to", "for", "on", "in", "with"}))
            if t < 0 or norm[t] in _PAID_WORDS or norm[t] in _REQUIRE_VERBS or \
                    (t + 1 < n and norm[t + 1] in ("require", "need")):
                return True  # cost and requirement words are read where they stand
            clause = v.clause_range(i)
            state = i == clause[0] and not any(
                v.low[k] in ("is", "are", "be", "there", "with", "has", "have") for k in clause)
            for target in [_target_key(v, t)] + _coordinated_targets(v, i + 1, t):
                self.add("presence", target, False, i, i, t, instance=state)  # "No upcoming boxes."
            return True
        if v.head[i] and v.neg[i] and nw in _LIGHT_VERBS:
            t = v.noun_after(i, 4, stop=frozenset({",", "."}))
            if t >= 0:
                self.add("presence", _target_key(v, t), False, i, i, t)
            return True
        if nw in _PRESENCE_VERBS and not v.neg[i]:
            if (nw == "back" and lw != "backed") or (nw == "come" and not v.has(i + 1, ("with",))):
                return True
            t = v.noun_after(i, 4, stop=frozenset({",", "."}))
            if t >= 0:
                self.add("presence", _target_key(v, t), True, i, i, t)
            return True
        return False

    # ---- "can't be restored", "isn't available", "unencrypted"
    def _predicate(self, i: int) -> bool:
        v = self.v
        lw = v.low[i]
        if v.head[i] and v.neg[i] and v.key[i]:
            self.add("predicate", v.key[i], False, i, i, i)
            return True
        if lw.startswith(("un", "non")) and len(lw) > 6 and v.key[i]:
            base = (lw[3:] if lw.startswith("non") else lw[2:]).lstrip("-")
            if base.endswith(("able", "ible")) or base in _UN_PARTICIPLES:
                key = _SYNONYMS.get(base) or _SYNONYMS.get(_stem(base)) or _stem(base)
                self.add("predicate", key, False, i, i, i)
                return True
        return False


_NOT_REQUESTS = frozenset({"let", "note", "tell", "check", "wait", "contact", "call", "see", "read",
                           "try", "keep", "make", "allow", "bear", "remember", "visit", "reply"})


def _clause_subject(v: _View, i: int) -> str:
    """The first content word of the clause: "Towels are available for an extra €5" -> towel."""
    for j in v.clause_range(i):
        k = v.key[j]
        if k and k not in _GENERIC_ANCHORS and k not in ("fee", "price", "extra", "pay", "flat"):
            return k
    return ""


def _np_limit_word(v: _View, i: int) -> int:
    """The limit word in the noun phrase after "no"/"without" ("no time limit"), or -1."""
    for j in range(i + 1, min(v.n, i + 6)):
        if v.clause[j] != v.clause[i] or v.low[j] in ("and", "no", "but", "with", "to", "for", "on"):
            return -1
        if v.norm[j] in _LIMIT_POS:
            return j
    return -1


def _coordinated_targets(v: _View, a: int, b: int) -> list[str]:
    """Other nouns in "no download or bandwidth limits" before the head."""
    out = []
    for j in range(a, b):
        if v.key[j] and v.low[j] not in ("or", "and"):
            out.append(v.key[j])
    return out


def _cost_target(v: _View, i: int) -> str:
    """What a cost word applies to: the nearest content concept in the clause."""
    best, dist = "", 99
    for j in v.clause_range(i):
        k = v.key[j]
        if not k or j == i or k in ("fee", "price", "free", "pay", "flat", "extra", "thing", "plan"):
            continue
        if v.norm[j] in _FREE_WORDS or v.norm[j] in _PAID_WORDS:
            continue
        d = abs(j - i) + (0.5 if j < i else 0)
        if d < dist:
            best, dist = k, d
    return best


def _limit_target(v: _View, j: int, cue: int) -> str:
    """What a limit applies to: compound before it ("time limit", "download limits") or after ("limits on X")."""
    if j > 0 and v.key[j - 1] and v.clause[j - 1] == v.clause[j] and v.low[j - 1] not in ("no", "any"):
        return v.key[j - 1]
    if v.low[j].startswith("limited") and j + 2 < v.n and v.low[j + 1] == "-" and v.key[j + 2]:
        return v.key[j + 2]
    t = v.noun_after(j, 4, stop=frozenset({",", "."}))
    if t >= 0:
        return v.key[t]
    t = v.noun_before(cue, 4)
    return v.key[t] if t >= 0 else ""


# ---- modality ----------------------------------------------------------------

_STRONG_HEDGE = 0.6
_WEAK_HEDGE = 0.35


def _modality(v: _View, hits) -> list[Modality]:
    out: list[Modality] = []
    taken: set[int] = set()
    for tag, strength in (("hedge_strong", _STRONG_HEDGE), ("hedge_weak", _WEAK_HEDGE)):
        for a, b in hits.get(tag, ()):
            if a in taken:
                continue
            w = v.low[a]
            if w == "may" and v.words[a] == "May" and a + 1 < v.n and _NUM_RE.match(v.low[a + 1]):
                continue
            if w == "could" and a + 1 < v.n and v.low[a + 1] in ("you", "i", "we"):
                continue  # a request or question
            if w == "could" and a > 0 and v.low[a - 1] in ("you", "i"):
                continue
            if w in ("may", "might") and a + 1 < v.n and v.low[a + 1] in ("want", "wish", "like",
                                                                         "prefer", "need", "also"):
                continue  # a suggestion: "you may want to finish first"
            if w == "often" and a > 0 and v.low[a - 1] in ("how", "as"):
                continue  # "how often you skip", "as often as you like"
            if w == "eligible" and v.neg[a]:
                strength = _STRONG_HEDGE
            taken.update(range(a, b + 1))
            target = ""
            if v.low[a] in ("may", "might", "could"):
                for j in range(b + 1, min(v.n, b + 4)):
                    if v.key[j]:
                        target = v.key[j]
                        break
                    if v.low[j] not in ("be", "not", "have", "been", "also", "still", "n't"):
                        break
            out.append(Modality("hedged", " ".join(v.low[a:b + 1]), strength, target, v.anchors(a),
                                v.span(a, b)))
    for a, b in hits.get("certain", ()):
        if a in taken or v.neg[a]:
            continue
        out.append(Modality("certain", " ".join(v.low[a:b + 1]), 0.0, "", v.anchors(a), v.span(a, b)))
    # "not guaranteed", "aren't guaranteed": a negated certainty word is a hedge
    for i in range(v.n):
        if v.norm[i] in ("guarantee", "promise", "ensure") and v.neg[i] and i not in taken:
            out.append(Modality("hedged", "not " + v.low[i], _STRONG_HEDGE, "", v.anchors(i),
                                v.span(i, i)))
    return out


# ---- channels and agents -------------------------------------------------------

_AVAILABLE_WORDS = frozenset({"available", "offer", "possible", "accept", "support", "open",
                              "active", "provide", "option", "work"})
_CHANNEL_TAGS = ("phone", "chat", "email", "app", "online", "store", "mail", "form", "ticket")
_PHONE_RE = re.compile(r"\b(?:\+?1[-. ])?(?:\(\d{3}\)\s?|\d{3}[-. ])\d{3}[-. ]\d{4}\b")
_EMAIL_RE = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")


def _channels(v: _View, hits) -> list[Channel]:
    out: list[Channel] = []
    found: list[tuple[str, int, int]] = []
    occupied: set[int] = set()
    for tag in _CHANNEL_TAGS:
        for a, b in hits.get(tag, ()):
            if tag == "phone" and v.low[a] == "call" and a + 1 < v.n and \
                    v.low[a + 1] in ("it", "this", "that", "them", "back"):
                continue
            if tag == "form" and not (a and v.low[a - 1] in ("the", "a", "our", "this", "contact", "web")):
                continue
            if any(j in occupied for j in range(a, b + 1)):
                continue
            occupied.update(range(a, b + 1))
            found.append((tag, a, b))
    for m in _PHONE_RE.finditer(v.text):
        i = _token_at(v, m.start())
        if i >= 0:
            found.append(("phone", i, max(i, _token_at(v, m.end() - 1))))
    for m in _EMAIL_RE.finditer(v.text):
        i = _token_at(v, m.start())
        if i >= 0 and i not in occupied:
            found.append(("email", i, max(i, _token_at(v, m.end() - 1))))
    only_way_sents = {v.sent[a] for a, _ in hits.get("only_way", ())}
    seen: set[tuple[str, int]] = set()
    for tag, a, b in sorted(found, key=lambda t: t[1]):
        if (tag, v.sent[a]) in seen:
            continue
        seen.add((tag, v.sent[a]))
        only = False
        for j in v.clause_range(a):
            if v.low[j] in ("only", "exclusively", "solely") and (a - 6 <= j <= b + 2):
                only = True
        if v.sent[a] in only_way_sents or (v.sent[a] + 1 in only_way_sents and not any(
                t for t, aa, _ in found if v.sent[aa] == v.sent[a] + 1)):
            only = True
        negated = v.neg[a] or any(
            (v.head[j] and v.neg[j] and v.norm[j] in _AVAILABLE_WORDS) or
            v.low[j] in ("unavailable", "discontinued", "suspended", "disabled")
            for j in v.clause_range(a) if j > b)
        out.append(Channel(tag, only, negated, v.anchors(a), v.span(a, b)))
    return out


def _agents(v: _View, hits) -> list[Agent]:
    out: list[Agent] = []
    occupied: set[int] = set()
    for i in range(v.n - 1):  # "an automated symptom checker answers"
        if v.low[i] in ("automated", "automatic", "computer-generated") and v.key[i + 1] and \
                not any(a <= i <= b for tag in ("bot", "bot_weak") for a, b in hits.get(tag, ())) and \
                any(v.key[j] in ("reply", "support", "chat", "phone", "email") for j in v.sent_range(i)):
            j = i + 1 if not (i + 2 < v.n and v.key[i + 2] and v.clause[i + 2] == v.clause[i]) else i + 2
            occupied.update(range(i, j + 1))
            out.append(Agent("bot", v.neg[i], v.anchors(i), v.span(i, j)))
    for tag in ("bot", "bot_weak", "human"):
        for a, b in hits.get(tag, ()):
            if any(j in occupied for j in range(a, b + 1)):
                continue
            w = v.low[a]
            if w == "ai" and v.words[a] != "AI":
                continue
            if tag == "human" and w in ("person",) and a > 0 and v.low[a - 1] == "in":
                continue  # "in person" is a channel
            if tag == "human" and w in ("our", "an", "specialist") and v.neg[a] is False and \
                    not any(v.key[j] in ("support", "reply", "chat", "human") for j in v.sent_range(a)):
                continue
            occupied.update(range(a, b + 1))
            a0 = a
            if v.neg[a]:
                for k in range(a - 1, max(-1, a - 4), -1):
                    if v.low[k] in _NEG_CUES or v.norm[k] == "not":
                        a0 = k
                        break
            out.append(Agent("bot" if tag == "bot_weak" else tag, v.neg[a], v.anchors(a),
                             v.span(a0, b), weak=tag == "bot_weak"))
    return out


# ---- scope ---------------------------------------------------------------------

_PLAN_QUALIFIERS = frozenset({"annual", "yearly", "monthly", "family", "team", "teams", "business",
                              "premium", "paid", "free", "pro", "basic", "starter", "enterprise",
                              "trial", "student", "legacy", "lite", "standard"})
_PLAN_NOUNS = frozenset({"plan", "plans", "tier", "tiers", "subscription", "subscriptions",
                         "account", "accounts", "member", "members", "subscriber", "subscribers",
                         "membership", "memberships", "user", "users", "version"})
_FIRST_NOUNS = frozenset({"month", "year", "week", "day", "box", "order", "delivery", "payment",
                          "purchase", "period", "term", "shipment", "meal", "kit", "bill",
                          "invoice", "cycle", "session", "lesson", "class"})


def _scopes(v: _View, hits) -> list[Scope]:
    out: list[Scope] = []
    low, n = v.low, v.n

    def add(kind: str, value: str, a: int, b: int) -> None:
        if kind not in ("universal", "forever") and v.hyp[a]:
            return  # "if you move back to the free plan, ..."
        out.append(Scope(kind, value, v.anchors(a), v.span(a, b)))

    taken: set[int] = set()
    spans = sorted(((a, b, tag) for tag in ("universal", "forever", "except", "region", "new-only",
                                            "min-order") for a, b in hits.get(tag, ())),
                   key=lambda t: (t[0], -t[1]))
    for a, b, tag in spans:
        if any(j in taken for j in range(a, b + 1)):
            continue
        if tag == "universal" and (v.neg[a] or (low[a] == "any" and a + 1 < n and
                                                low[a + 1] in ("questions", "time", "of"))):
            continue
        taken.update(range(a, b + 1))
        add(tag, " ".join(low[a:b + 1]), a, b)
    for i in range(n):
        lw = low[i]
        # first-period: "for the first month", "for this first box", "first year only"
        if lw == "first" and i + 1 < n:
            j = i + 1
            if j < n and _NUMBER_WORDS.get(low[j]) or (j < n and _NUM_RE.match(low[j])):
                j += 1
            if j < n and (v.norm[j] in _FIRST_NOUNS or low[j] in _FIRST_NOUNS):
                prev = low[i - 1] if i else ""
                prev2 = low[i - 2] if i >= 2 else ""
                after_only = j + 1 < n and low[j + 1] == "only"
                if prev in ("the", "this", "your") and prev2 in ("for", "on", "in", "with", "until",
                                                                 "during", "only") \
                        or after_only or prev in ("for", "on"):
                    add("first-period", " ".join(low[i:j + 1]), i - 2 if prev2 else i, j + (1 if after_only else 0))
        if lw in ("second", "2nd", "third", "next") and i + 1 < n and v.norm[i + 1] in _FIRST_NOUNS \
                and any(low[k] in ("onward", "onwards", "from", "after", "starting") for k in
                        range(max(0, i - 3), min(n, i + 4))) and lw != "next":
            add("first-period", " ".join(low[max(0, i - 2):i + 3]), max(0, i - 2), min(n - 1, i + 2))
        # plan-only: "annual plans", "on the free plan," + a restriction in the clause
        j = -1
        if lw in _PLAN_QUALIFIERS:
            for k in range(i + 1, min(n, i + 4)):
                if low[k] in _PLAN_NOUNS:
                    j = k
                    break
                if not v.words[k][:1].isupper():
                    break
        if j > 0:
            if lw == "free" and low[j] in ("member", "members", "user", "users"):
                continue
            sent = v.sent_range(i)
            restrict = any(low[k] in ("only", "exclusively") or v.neg[k] for k in v.clause_range(i)) \
                or any(v.has(k, ("comes", "with")) or v.has(k, ("come", "with"))
                       or v.has(k, ("available", "on")) or v.has(k, ("available", "for"))
                       or v.has(k, ("only", "on")) for k in sent) \
                or (i >= 2 and low[i - 1] == "the" and low[i - 2] == "on" and j + 1 < n and low[j + 1] == ",") \
                or any(v.neg[k] and k > j for k in sent) \
                or (i >= 1 and low[i - 1] in ("on", "for") and any(v.key[k] == "limit" for k in sent))
            if restrict:
                add("plan-only", " ".join(low[i:j + 1]), i, j)
        # "only for paid courses", "only on annual plans"
        if lw == "only":
            for k in range(i + 1, min(n - 2, i + 4)):
                if low[k] in ("for", "on", "to", "with", "in") and low[k + 1] in _PLAN_QUALIFIERS \
                        and v.key[k + 2] and v.clause[k + 2] == v.clause[i]:
                    add("plan-only", " ".join(low[k + 1:k + 3]), i, k + 2)
                    break
        # region: "in selected states", "participating stores only"
        if lw in _REGION_QUALIFIERS and i + 1 < n and v.norm[i + 1] in _REGION_NOUNS:
            add("region", " ".join(low[i:i + 2]), i, i + 1)
        # upgrade: "Upgrade to Plus to encrypt your files"
        if v.norm[i] == "upgrade" and i + 1 < n and low[i + 1] == "to":
            for k in range(i + 2, min(n, i + 6)):
                if low[k] == "to" and k + 1 < n and v.key[k + 1]:
                    add("upgrade", " ".join(low[i:k + 2]), i, k + 1)
                    break
        # exclusion: "doesn't apply to online retailers", "isn't available for gift cards"
        if v.norm[i] in ("apply", "available", "valid", "eligible", "cover") and v.neg[i] and \
                i + 1 < n and low[i + 1] in ("to", "for", "on", "in", "with") and \
                not (i + 2 < n and low[i + 2] in ("this", "that", "these", "those", "your")):
            t = v.noun_after(i + 1, 4, stop=frozenset({",", "."}))
            if t >= 0:
                add("exclusion", v.key[t], i, t)
        # partial: "some lessons", "not all plans" -- weak on its own
        if lw in ("some", "certain", "most") and i + 1 < n and v.key[i + 1] and \
                (i == 0 or v.clause[i - 1] != v.clause[i] or low[i - 1] in ("not", "but")) and \
                low[i + 1].endswith("s"):
            add("partial", v.key[i + 1], i, i + 1)
        # only-restriction on a noun: "X only", "only X" (not channels; those are facets of their own)
        if lw == "only" and not v.neg[i]:
            prev = i - 1
            if prev >= 0 and v.key[prev] and v.clause[prev] == v.clause[i] and \
                    v.key[prev] not in _CHANNEL_KEYS and (i + 1 >= n or not v.key[i + 1]):
                add("only", v.key[prev], max(0, prev - 2), i)
    return out


_REGION_QUALIFIERS = frozenset({"selected", "select", "certain", "some", "participating",
                                "eligible", "supported", "limited"})
_REGION_NOUNS = frozenset({"region", "area", "country", "state", "market", "location", "city",
                           "store", "postcode", "zip", "territory", "province", "county"})
_CHANNEL_KEYS = frozenset({"phone", "chat", "email", "app", "online", "website", "store", "mail"})


# ---- antonym poles ---------------------------------------------------------------


_VALUE_NOUNS = frozenset({"refund", "value", "price", "amount", "credit", "cost", "access",
                          "payment", "control", "coverage", "fare", "balance", "money", "sum",
                          "charge", "reimbursement", "replacement", "rebate"})


def _poles(v: _View, hits) -> list[Pole]:
    out: list[Pole] = []
    seen: set[tuple[str, int]] = set()
    for axis in _AXIS_WORDS:
        for sign, positive in (("+", True), ("-", False)):
            for a, b in hits.get(axis + sign, ()):
                if (axis, a) in seen:
                    continue
                seen.update((axis, j) for j in range(a, b + 1))
                pos = positive
                phrase = " ".join(v.low[a:b + 1])
                already_negative = phrase.startswith(("not ", "never ", "isn't", "aren't", "won't",
                                                      "doesn't", "does not", "no ", "without"))
                if v.neg[a] and not already_negative:
                    pos = not pos
                if axis == "full" and positive and v.low[a] in ("full", "complete", "entire") and \
                        not (b + 1 < v.n and (v.norm[b + 1] in _VALUE_NOUNS or v.key[b + 1] in _VALUE_NOUNS)):
                    continue  # "your box is full", "full strength": not an amount
                if axis == "full" and not positive and v.low[a] == "part" and a and \
                        v.low[a - 1] in ("every", "each", "any", "a", "an", "the", "no", "is", "are",
                                         "be", "become", "being", "was", "were", "'re", "'s"):
                    continue  # "every part of our packaging" is not partial
                if axis == "self" and v.hyp[a]:
                    continue
                if v.low[a] == "manual" and a and v.low[a - 1] in ("the", "a", "an", "our", "your",
                                                                   "user", "this", "owner's"):
                    continue  # "read the manual"
                if axis == "include" and not positive and v.low[a] == "excluding":
                    pass
                out.append(Pole(axis, pos, v.anchors(a), v.span(a, b)))
    # "limited-time" reads as a limited pole on the permanence axis even when split by a hyphen
    return out


# --------------------------------------------------------------------------
# from_yaml
# --------------------------------------------------------------------------

_YAML_UNITS = {"days": "day", "day": "day", "hours": "hour", "hour": "hour", "minutes": "minute",
               "weeks": "week", "months": "month", "years": "year", "gb": "gb", "tb": "tb",
               "mb": "mb", "percent": "%", "pct": "%", "count": None, "business_days": "business day"}
_YAML_ROLES = {"reply": "latency", "response": "latency", "delivery": "latency",
               "dispatch": "latency", "processing": "latency", "shipping": "latency"}


def _from_yaml(mapping) -> Facets:
    items = mapping.items() if isinstance(mapping, Mapping) else mapping
    quantities: list[Quantity] = []
    availability: list[Availability] = []
    polarity: list[Polarity] = []
    channels: list[Channel] = []
    agents: list[Agent] = []
    anchors: set[str] = set()
    only_channels = False
    chan_values: list[str] = []
    for key, value in items:
        key = str(key)
        if key in ("price", "fee"):
            if not isinstance(value, (str, int, float)) or isinstance(value, bool):
                raise ValueError(f"facets.{key}: expected a price such as \"$14.99/month\", got {value!r}")
            text = f"${value}" if isinstance(value, (int, float)) else str(value)
            qs = [q for q in _quantities(_View(_nlp()(text))) if q.dim == "money"]
            if not qs:
                raise ValueError(f"facets.{key}: can't read an amount of money in {value!r} "
                                 "(write it like \"$14.99/month\" or \"€9 a year\")")
            for q in qs:
                quantities.append(replace(q, role="fee" if key == "fee" else "price",
                                          anchors=frozenset({"price" if key == "price" else "fee"})))
            anchors.add("price" if key == "price" else "fee")
        elif key == "free":
            _need_bool(key, value)
            polarity.append(Polarity("cost", "", not value, span=Span(0, 0, f"free: {str(value).lower()}")))
        elif key == "availability":
            if not isinstance(value, str):
                raise ValueError(f"facets.availability: expected text such as \"24/7\", got {value!r}")
            found = extract(value).availability
            if not found:
                raise ValueError(f"facets.availability: can't read {value!r} (try \"24/7\", "
                                 "\"every day 7am-11pm\" or \"Mon-Fri 9am-5pm\")")
            availability.extend(found)
        elif key == "agent":
            if value not in ("human", "bot"):
                raise ValueError(f"facets.agent: expected human or bot, got {value!r}")
            agents.append(Agent(str(value), span=Span(0, 0, f"agent: {value}")))
        elif key == "channels":
            vals = [value] if isinstance(value, str) else value
            if not isinstance(vals, (list, tuple)) or not all(isinstance(c, str) for c in vals):
                raise ValueError(f"facets.channels: expected a list such as [chat, phone], got {value!r}")
            for c in vals:
                c = c.strip().lower().replace("live chat", "chat").replace("e-mail", "email")
                if c not in _CHANNEL_TAGS:
                    raise ValueError(f"facets.channels: unknown channel {c!r} "
                                     f"(use {', '.join(_CHANNEL_TAGS)})")
                chan_values.append(c)
        elif key == "only_channels":
            _need_bool(key, value)
            only_channels = bool(value)
        elif key == "anchors":
            vals = [value] if isinstance(value, str) else value
            anchors.update(_concept(str(a).lower(), str(a).lower()) or str(a).lower() for a in vals)
        elif key.endswith(("_required", "_free", "_limited", "_included")):
            _need_bool(key, value)
            thing, _, kind = key.rpartition("_")
            target = _concept(thing.replace("_", " ").split()[-1], thing) or thing
            target = _REQUIRE_OBJECTS.get(target, target) if kind == "required" else target
            pol_kind = {"required": "require", "free": "cost", "limited": "limit",
                        "included": "presence"}[kind]
            positive = (not value) if kind == "free" else bool(value)
            polarity.append(Polarity(pol_kind, target, positive, span=Span(0, 0, f"{key}: {str(value).lower()}")))
            anchors.add(target)
        else:
            topic, _, unit_word = key.rpartition("_")
            if not topic or unit_word not in _YAML_UNITS:
                raise ValueError(
                    f"facets.{key}: unknown facet (use price, fee, free, availability, agent, "
                    "channels, only_channels, anchors, <thing>_required/_free/_limited/_included, "
                    "or <topic>_<unit> such as trial_days, reply_hours, storage_gb)")
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ValueError(f"facets.{key}: expected a number, got {value!r}")
            unit = _YAML_UNITS[unit_word]
            topic_key = _concept(topic.split("_")[0], topic.split("_")[0]) or topic
            if unit is None:
                dim, unit = "count", topic_key
            else:
                dim = _UNITS.get(unit, (unit, "time"))[1] if unit != "business day" else "time"
            role = (_YAML_ROLES.get(topic.split("_")[0], "window") if dim == "time"
                    else dim if dim in ("size", "percent") else "count")
            quantities.append(Quantity(float(value), unit, dim, role=role,
                                       anchors=frozenset({topic_key}),
                                       span=Span(0, 0, f"{key}: {value}")))
            anchors.add(topic_key)
    for c in chan_values:
        channels.append(Channel(c, only=only_channels, span=Span(0, 0, f"channels: {c}")))
    return Facets(quantities=tuple(quantities), availability=tuple(availability),
                  polarity=tuple(polarity), channels=tuple(channels), agents=tuple(agents),
                  anchors=frozenset(anchors), topic=frozenset(anchors), explicit=True)


def _need_bool(key: str, value: Any) -> None:
    if not isinstance(value, bool):
        raise ValueError(f"facets.{key}: expected true or false, got {value!r}")


def _nlp():
    """The tokenizer: spaCy's rules and lookup lemmas without importing spaCy
    (token-for-token equal to ``voicecheck.nlp.models.get_nlp()``; a spaCy
    ``Doc`` passed to :func:`extract` works the same)."""
    from voicecheck.nlp.tokens import make_doc

    return make_doc


# --------------------------------------------------------------------------
# compare
# --------------------------------------------------------------------------


def _overlap(a: frozenset[str], b: frozenset[str], *exclude: str) -> set[str]:
    return (a & b) - _GENERIC_ANCHORS - set(exclude)


def _tie(item_anchors: frozenset[str], promise: Facets, passage: Facets, *exclude: str,
         topical: bool = False, ignore: frozenset[str] = frozenset()) -> float:
    """How sure we are the passage item is about the promise: 1 sentence-level, 0.8 line-level, 0.

    ``topical`` compares with what the promise is about (its words outside negation) and
    leaves out ``ignore`` (background names: a brand or plan name shared by many promises
    ties nothing)."""
    target = promise.topic if topical else promise.anchors
    if topical:
        exclude = exclude + tuple(ignore)
    if _overlap(item_anchors, target, *exclude):
        return 1.0
    if _overlap(passage.anchors, target, *exclude):
        return 0.8
    return 0.0


def background(promises: Iterable[Facets]) -> frozenset[str]:
    """Names that occur in two or more of a brand's promises ("Movara", "Plus").

    Pass the result to :func:`compare` as ``common``: such names say a passage is about the
    brand, not about one promise, so they don't tie a passage to a promise; a name found in
    one promise only ("Garmin") still does."""
    counts: dict[str, int] = {}
    for f in promises:
        for name in f.names:
            counts[name] = counts.get(name, 0) + 1
    return frozenset(k for k, c in counts.items() if c >= 2)


def compare(promise: Facets, passage: Facets, *, common: Iterable[str] | None = None) -> list[Conflict]:
    """Conflicts between a promise's facets and a passage's, strongest first.

    ``common``: anchors that don't tie a passage to this promise (see :func:`background`).
    Without it, every name (a word capitalised mid-sentence) is treated as background for
    the weaker facets (modality, scope, availability, numbers), and a negated predicate
    tied to the promise by a name alone is weaker."""
    ignore = (promise.names | passage.names) if common is None else frozenset(common)
    names_known = common is not None
    out: list[Conflict] = []
    out += _cmp_quantities(promise, passage, ignore)
    out += _cmp_availability(promise, passage, ignore)
    out += _cmp_polarity(promise, passage, ignore, names_known)
    out += _cmp_modality(promise, passage, ignore)
    out += _cmp_channels(promise, passage)
    out += _cmp_agents(promise, passage)
    out += _cmp_scope(promise, passage, ignore)
    out += _cmp_poles(promise, passage, ignore)
    best: dict[tuple[str, str, str], Conflict] = {}
    for c in out:
        key = (c.facet, c.promise_value, c.passage_value)
        if key not in best or best[key].strength < c.strength:
            best[key] = c
    return sorted(best.values(), key=lambda c: (-c.strength, c.facet, c.passage_span.start))


def _conflict(facet: str, pv: str, sv: str, strength: float, pspan: Span, sspan: Span,
              ptext: str | None = None, stext: str | None = None) -> Conflict:
    ptext = ptext or pspan.text or pv
    stext = stext or sspan.text or sv
    return Conflict(facet, pv, sv, round(min(1.0, max(0.0, strength)), 2),
                    f"promise: {ptext}; passage: {stext}", pspan, sspan)


# ---- quantities

def _comparable(q: Quantity, p: Quantity) -> bool:
    if q.dim != p.dim or p.hypothetical or q.role == "addon" or p.role == "addon":
        return False
    if q.role == "rate" or p.role == "rate":
        return q.role == p.role and q.per == p.per and q.unit == p.unit
    if q.dim == "money":
        if q.unit != p.unit or q.role != p.role:
            return False
        return q.per == p.per or (q.per is None) != (p.per is None) and False
    if q.dim == "count":
        return q.unit == p.unit
    if q.dim == "percent":
        return q.role == p.role  # a 5% fee is not the 100% that reaches the project
    if q.dim == "time":
        # a refund window of 30 days says nothing about "wait 10 minutes"
        ratio = max(q.base, p.base_high) / max(1e-9, min(q.base, p.base))
        return q.role == p.role and (ratio <= 40 or q.role == "latency")
    return True


def _cmp_quantities(promise: Facets, passage: Facets, ignore: frozenset[str]) -> list[Conflict]:
    out = []
    for q in promise.quantities:
        if q.hypothetical:
            continue
        cands = []
        names = ignore
        for p in passage.quantities:
            if not _comparable(q, p):
                continue
            if q.markers and p.markers and not (q.markers & p.markers):
                continue  # "Plus gives you 2 TB" vs "the free plan has 15 GB": different plans
            shared = _overlap(q.anchors, p.anchors, *names)
            tie = 1.0 if shared else (0.8 if len(_overlap(promise.topic, passage.anchors, *names)) >= 2 or
                                      (promise.explicit and _overlap(q.anchors, passage.anchors)) else 0.0)
            if promise.explicit and not q.anchors:
                tie = 0.8
            if tie == 0.0 and q.dim == "money" and q.per == p.per and q.role == p.role == "price":
                tie = 0.8  # "Plans from €5 a month" vs "Plans from €7 a month"
            if tie == 0.0:
                continue
            cands.append((tie, len(shared), p))
        if not cands:
            continue
        cands.sort(key=lambda t: (-t[0], -t[1]))
        tie, _, p = cands[0]
        verdict = _quantity_conflict(q, p)
        if verdict is None:
            continue
        strength = 0.9 * tie if verdict == "strong" else 0.7 * tie
        out.append(_conflict("quantity", q.label(), p.label(), strength, q.span, p.span))
    return out


_EPS = 1e-6


def _contains(p: Quantity, x: float) -> bool:
    """Does the passage constraint admit the value ``x`` (in base units)?"""
    lo, hi = p.base, p.base_high
    if p.bound == "eq":
        return lo - _EPS * max(1, abs(lo)) <= x <= hi + _EPS * max(1, abs(hi))
    if p.bound == "max":
        return x < hi - _EPS if p.strict else x <= hi + _EPS * max(1, hi)
    return x > lo + _EPS if p.strict else x >= lo - _EPS * max(1, lo)


def _quantity_conflict(q: Quantity, p: Quantity) -> str | None:
    """``"strong"``, ``"weak"`` or None (consistent)."""
    v = q.base
    pv_lo, pv_hi = p.base, p.base_high
    tol = 1e-6 * max(1.0, abs(v))
    # descriptive thresholds ("files over 5 GB upload faster") are not limits
    descriptive = p.bound == "min" and not p.negated
    if q.role in ("latency", "deadline"):
        # lower is better: the passage must not promise slower / earlier cut-offs
        worst = pv_hi if p.bound != "min" else pv_lo
        if p.bound == "min" and q.role == "latency":
            return "strong" if pv_lo > v + tol else None
        if q.bound == "min":
            return None
        return "strong" if worst > v + tol else None
    if q.dim == "money":
        if q.bound == "eq":
            if p.bound == "eq":
                return "strong" if abs(pv_lo - v) > tol or (p.high is not None and abs(pv_hi - v) > tol) else None
            return None if _contains(p, v) else "strong"
        if q.bound == "min":  # "plans start at $7.49"
            if p.bound == "min":
                return "strong" if abs(pv_lo - v) > tol else None
            return "strong" if pv_lo < v - tol else None
        # "under $10"
        return "strong" if pv_lo > v + tol else None
    if q.dim == "percent" and q.bound == "eq" and p.bound != "min":
        # percentages promised (uptime, discount, recycled content) are floors; fees are ceilings
        if q.role == "fee":
            return "strong" if pv_lo > v + tol else None
        return "strong" if pv_hi < v - tol else None
    if q.bound == "eq":
        if descriptive and q.role in ("window", "size", "count"):
            return None if pv_lo <= v + tol else "weak"
        if p.bound == "max" and not p.strict and pv_hi >= v - tol and q.role in ("window", "size", "count"):
            return None  # "up to 90 days" does not deny "for 90 days"
        return None if _contains(p, v) else "strong"
    if q.bound == "max":  # allowance: "up to 250 GB", "within 30 days of payment"
        if q.role in ("window", "size", "count", "percent"):
            if descriptive or not p.limit:
                return None  # "a 20 GB video uploads faster" is an example, not a limit
            limit = pv_hi if p.bound != "min" else pv_lo
            return "strong" if limit < v - tol else None
        return "strong" if pv_lo > v + tol else None
    # q.bound == "min": "at least 99.9%", "from 10 GB"
    if p.bound == "min":
        return "strong" if pv_lo < v - tol else None
    return "strong" if pv_hi < v - tol else None


# ---- availability

def _cmp_availability(promise: Facets, passage: Facets, ignore: frozenset[str]) -> list[Conflict]:
    out = []
    for a in promise.availability:
        for b in passage.availability:
            tie = _tie(b.anchors, promise, passage, topical=True, ignore=ignore)
            if tie == 0.0 and not promise.explicit:
                continue
            tie = tie or 0.8
            narrower = _narrower(a, b)
            if narrower:
                strength = (0.8 if narrower == "days" else 0.7) * tie
                out.append(_conflict("availability", a.label(), b.label(), strength, a.span, b.span))
    return out


def _narrower(a: Availability, b: Availability) -> str | None:
    """Is ``b`` narrower than ``a``? Returns "days", "hours", "periodic" or None."""
    if b.coverage in ("weekly", "periodic") and a.coverage not in ("weekly", "periodic"):
        return "periodic"
    a_days = a.days if a.days is not None else (ALL_DAYS if a.coverage in ("always", "every-day") else None)
    b_days = b.days
    if a_days is not None and b_days is not None and b_days < a_days:
        return "days"
    a_hours = a.hours if a.hours is not None else ((0.0, 24.0) if a.coverage in ("always", "every-day", "weekdays") else None)
    if a_hours is not None and b.hours is not None:
        if b.hours[0] > a_hours[0] + 1e-6 or b.hours[1] < a_hours[1] - 1e-6:
            return "hours"
    if a.coverage == "always" and b.coverage == "business-hours":
        return "hours"
    return None


# ---- polarity

_KIND_FACET = {"cost": "cost", "require": "require", "limit": "limit", "presence": "presence",
               "predicate": "predicate"}
_COST_WORDS = ("fee", "price", "pay", "charge", "cost", "free")


def _cmp_polarity(promise: Facets, passage: Facets, ignore: frozenset[str],
                  names_known: bool) -> list[Conflict]:
    out = []
    for a in promise.polarity:
        for b in passage.polarity:
            if a.positive == b.positive:
                continue
            c = _polarity_pair(a, b, promise, passage, ignore)
            if c:
                out.append(c)
    # generic: a promise's positive statement negated in the passage ("can't be restored")
    promise_positive = _positive_keys(promise)
    for b in passage.polarity:
        if b.kind != "predicate" or b.positive or not b.target:
            continue
        if b.target not in promise_positive or b.target in _GENERIC_ANCHORS:
            continue
        base = 0.7
        anchors = promise_positive[b.target][1]
        if not _overlap(b.anchors, anchors, b.target, *ignore):
            if not names_known and _overlap(b.anchors, anchors, b.target):
                base = 0.49  # tied by a name alone ("Garmin"), and we can't tell brand names apart
            elif not any(sc.kind in ("universal", "forever") for sc in promise.scopes):
                continue
            else:
                base = 0.5  # "Free returns on every order" vs "Sale items can't be returned"
        strength = base * (0.5 if b.instance else 1.0) * (0.85 if b.hedged else 1.0)
        pspan = promise_positive[b.target][0]
        out.append(_conflict("predicate", b.target, "not " + b.target, strength, pspan, b.span))
    # and a promise's negated predicate asserted in the passage ("never scan" vs "scans your photos")
    for a in promise.polarity:
        if a.kind != "predicate" or a.positive or not a.target:
            continue
        for key, span, anchors, negated in _passage_mentions(passage):
            if key != a.target or negated:
                continue
            if not _overlap(anchors, a.anchors, a.target, *ignore):
                continue
            out.append(_conflict("predicate", "not " + a.target, a.target, 0.6, a.span, span))
            break
    return out


def _positive_keys(f: Facets) -> dict[str, tuple[Span, frozenset[str]]]:
    """Concepts the promise asserts (not under negation): their span and sentence anchors."""
    out: dict[str, tuple[Span, frozenset[str]]] = {}
    for m in f.mentions:
        if not m.negated and not m.modifier and m.key not in out:
            out[m.key] = (m.span, m.anchors)
    return out


def _passage_mentions(f: Facets):
    return [(m.key, m.span, m.anchors, m.negated) for m in f.mentions]


def _polarity_pair(a: Polarity, b: Polarity, promise: Facets, passage: Facets,
                   ignore: frozenset[str] = frozenset()) -> Conflict | None:
    """A promise polarity flipped in the passage, on the same target or the same topic."""
    if a.kind != b.kind or a.kind == "predicate":
        return None  # predicates are handled by the generic pass
    if a.kind == "cost" and a.positive:
        return None  # a passage more generous than a price ("a free month") contradicts nothing
    if a.kind == "cost" and any(q.role == "window" for q in promise.quantities) \
            and not any(q.role == "window" for q in passage.quantities) and "trial" not in passage.anchors:
        return None  # "free for 30 days" is a trial; "billed monthly" afterwards is consistent with it
    base = {"cost": 0.8, "require": 0.85, "limit": 0.75, "presence": 0.75}[a.kind]
    if b.implied:
        base = 0.65
    if a.target and a.target == b.target:
        tie = 1.0
    elif a.kind in ("require", "presence") and a.target and b.target:
        return None  # "no card required" says nothing about a photo
    elif a.kind == "limit" and a.target and any(q.unit == a.target for q in passage.quantities):
        tie, base = 1.0, 0.7  # "as many weeks as you like" vs "four weeks ... the most we allow"
    elif a.kind == "limit":
        if b.target and b.target not in promise.anchors:
            return None
        tie, base = _tie(b.anchors, promise, passage, a.target, b.target), 0.6
    elif a.kind == "cost" and b.implied:
        tie = 1.0 if b.target and b.target in promise.anchors else 0.0  # the thing charged for
    elif a.kind == "cost":
        # brand names shared by several promises ("Lumen") don't tie a charge to this promise
        tie = 1.0 if _overlap(b.anchors, a.anchors or promise.anchors, *_COST_WORDS, *ignore) else 0.0
    else:
        tie = _tie(b.anchors, promise, passage, a.target, b.target)
    if tie == 0.0:
        return None
    strength = base * tie * (0.5 if b.instance else 1.0) * (0.85 if b.hedged else 1.0)
    return _conflict(_KIND_FACET[a.kind], a.label(), b.label(), strength, a.span, b.span)


# ---- modality

def _cmp_modality(promise: Facets, passage: Facets, ignore: frozenset[str]) -> list[Conflict]:
    if any(m.level == "hedged" and m.strength >= _STRONG_HEDGE for m in promise.modality):
        return []
    cue = next((m for m in promise.modality if m.level == "certain"), None)
    out = []
    for m in passage.modality:
        if m.level != "hedged":
            continue
        if any(pm.level == "hedged" and pm.cue == m.cue for pm in promise.modality):
            continue
        shared = _overlap(m.anchors, promise.topic, *ignore)
        if not shared:
            continue
        if m.target:  # "may be throttled": is the hedged verb the promise's own?
            factor = 1.0 if m.target in promise.anchors else 0.85 if len(shared) >= 2 else 0.7
        else:
            factor = 1.0 if len(shared) >= 2 else 0.85
        strength = (m.strength + (0.05 if cue else 0.0)) * factor
        pspan = cue.span if cue else Span(0, len(promise.text), promise.text)
        out.append(_conflict("modality", cue.cue if cue else "unconditional", m.cue, strength,
                             pspan, m.span))
    return out


# ---- channels

_CHANNEL_COMPAT = {"app": {"online"}, "online": {"app"}}
_CONTACT_CHANNELS = frozenset({"phone", "chat", "email", "mail", "form", "ticket"})


def _cmp_channels(promise: Facets, passage: Facets) -> list[Conflict]:
    out = []
    promised = {c.value: c for c in promise.channels if not c.negated}
    refused = {c.value: c for c in promise.channels if c.negated}
    chan_words = tuple(_CHANNEL_TAGS)
    for b in passage.channels:
        tie = _tie(b.anchors, promise, passage, *chan_words)
        if tie == 0.0 and promised.keys() & _CONTACT_CHANNELS and b.value in _CONTACT_CHANNELS \
                and "support" in passage.anchors:
            tie = 0.8  # both are about reaching the brand's team
        if tie == 0.0:
            if promise.explicit and promise.channels:
                tie = 0.8
            else:
                continue
        if b.negated and b.value in promised:
            a = promised[b.value]
            out.append(_conflict("channel", a.value, f"no {b.value}", 0.8 * tie, a.span, b.span))
        elif not b.negated and b.only and promised and b.value not in promised and \
                not (_CHANNEL_COMPAT.get(b.value, set()) & set(promised)):
            a = next(iter(promised.values()))
            out.append(_conflict("channel", "/".join(sorted(promised)), f"{b.value} only",
                                 0.8 * tie, a.span, b.span))
        elif not b.negated and b.value in refused and (b.only or _requires(passage, b)):
            a = refused[b.value]
            out.append(_conflict("channel", f"no {b.value}", b.value, 0.75 * tie, a.span, b.span))
        elif not b.negated and promised and b.value not in promised and tie == 1.0 and \
                not (_CHANNEL_COMPAT.get(b.value, set()) & set(promised)) and _requires(passage, b):
            a = next(iter(promised.values()))  # "To cancel, please call us"
            out.append(_conflict("channel", "/".join(sorted(promised)), b.value, 0.6, a.span, b.span))
    return out


def _requires(passage: Facets, ch: Channel) -> bool:
    """Does the passage make the channel a requirement ("please call us", "you must phone")?"""
    s = ch.span.start
    text = passage.text.lower()
    before = text[max(0, s - 40):s]
    if re.search(r"\b(please|must|need to|needs to|have to|has to|only|required|just)\W+(?:\w+\W+){0,3}$", before):
        return True
    # an imperative at the start of the clause: "Call us on ...", "To cancel, contact us by phone"
    clause = re.split(r"[.!?:;,|\n]", text[max(0, s - 60):s])[-1].lstrip()
    return bool(re.match(r"(call|phone|ring|email|e-mail|write|chat|visit|contact|message|text|"
                         r"send|reach|speak|talk|get in touch)\b", clause or text[s:ch.span.end]))


# ---- agents

def _cmp_agents(promise: Facets, passage: Facets) -> list[Conflict]:
    want = {a.effective for a in promise.agents}
    if "human" not in want:
        return []
    a = next(x for x in promise.agents if x.effective == "human")
    out = []
    for b in passage.agents:
        if b.effective != "bot":
            continue
        tie = _tie(b.anchors, promise, passage, "human", "bot")
        if tie == 0.0:
            tie = 0.6
        out.append(_conflict("agent", "human", "bot", (0.45 if b.weak else 0.85) * tie, a.span, b.span))
    return out


# ---- scope

def _cmp_scope(promise: Facets, passage: Facets, ignore: frozenset[str]) -> list[Conflict]:
    out = []
    promise_kinds = {s.kind for s in promise.scopes}
    universal = [s for s in promise.scopes if not s.restrictive]
    promise_words = {w.lower().strip(".,!?") for w in promise.text.split()}
    for b in passage.scopes:
        if not b.restrictive or b.kind in promise_kinds:
            continue
        words = b.value.split()
        if (b.kind == "upgrade" and len(words) > 2 and words[2] in promise_words) or \
                (b.kind == "plan-only" and words[0] in promise_words):
            continue  # the promise is already about that plan ("Every Plus member ...")
        if b.kind in ("partial", "exclusion"):
            # "some lessons" / "doesn't apply to online retailers" against "every lesson" / "any price"
            shared = {b.value} & promise.topic
            if b.kind == "exclusion" and not shared:
                shared = _overlap(b.anchors, promise.topic, b.value, *ignore) if universal else set()
        else:
            shared = _overlap(b.anchors, promise.topic, *b.value.split(), *ignore)
        if not shared:
            continue
        if b.kind in ("only", "partial") and not universal:
            continue
        base = 0.7 if universal else (0.5 if len(shared) >= 2 else 0.4)
        if b.kind in ("only", "partial"):
            base = 0.45
        a = universal[0] if universal else None
        pspan = a.span if a else Span(0, len(promise.text), promise.text)
        out.append(_conflict("scope", a.kind if a else "unrestricted", f"{b.kind}: {b.value}",
                             base, pspan, b.span))
    forever = next((s for s in promise.scopes if s.kind == "forever"), None)
    if forever and not any(q.dim == "time" and q.role == "window" for q in promise.quantities):
        for q in passage.quantities:
            if q.dim != "time" or q.role not in ("window", "deadline") or q.hypothetical:
                continue
            shared = _overlap(q.anchors, promise.topic, *ignore)
            if shared:  # "kept forever" vs "deleted after 12 months"
                out.append(_conflict("scope", "forever", q.label(), 0.6 if len(shared) >= 2 else 0.5,
                                     forever.span, q.span))
    return out


# ---- poles

def _cmp_poles(promise: Facets, passage: Facets, ignore: frozenset[str]) -> list[Conflict]:
    out = []
    for a in promise.poles:
        for b in passage.poles:
            if a.axis != b.axis or a.positive == b.positive:
                continue
            own = {w.lower() for w in (a.span.text + " " + b.span.text).split()}
            own |= {_SYNONYMS.get(w, w) for w in own}
            tie = _tie(b.anchors, promise, passage, *own, topical=True, ignore=ignore)
            if a.axis == "encrypt":
                tie = max(tie, 0.8)  # "encrypted" vs "unencrypted" is specific enough on its own
            if tie == 0.0:
                continue
            out.append(_conflict("antonym", a.label(), b.label(), 0.75 * tie, a.span, b.span))
    return out


# --------------------------------------------------------------------------
# formatting helpers
# --------------------------------------------------------------------------


def _fmt(x: float) -> str:
    return f"{x:,.2f}".rstrip("0").rstrip(".") if x != int(x) else f"{int(x):,}"


def _money(x: float) -> str:
    return f"{x:,.2f}" if x != int(x) else f"{int(x):,}"


def _hour_label(h: float) -> str:
    hh = int(h) % 24
    mm = int(round((h - int(h)) * 60))
    suffix = "am" if hh < 12 else "pm"
    h12 = hh % 12 or 12
    return f"{h12}:{mm:02d}{suffix}" if mm else f"{h12}{suffix}"


def _days_label(days: frozenset[int]) -> str:
    if days == WEEKDAYS:
        return "Mon-Fri"
    names = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    return ",".join(names[d] for d in sorted(days))
