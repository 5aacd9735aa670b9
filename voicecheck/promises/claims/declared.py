"""Claims a brand declares on a promise (``facets:`` in brand.yaml), for when
the reading of its text is wrong or incomplete::

    promises:
      - id: trial-no-card
        text: Try Movara Plus free for 14 days. No card required.
        facets: {trial_days: 14, card_required: false}

Keys (the table is :data:`voicecheck.vocab.FACETS`, checked when the vocabulary
loads): ``price`` / ``fee`` (money text: "$14.99/month"),
``free`` (bool), ``availability`` (text: "24/7", "Mon-Fri 9am-5pm"),
``agent`` (human | bot), ``channels`` (list: [chat, phone]),
``only_channels`` (bool), ``anchors`` (extra topic words),
``<thing>_required`` / ``<thing>_free`` / ``<thing>_limited`` /
``<thing>_included`` (bool), and ``<topic>_<unit>`` numbers (``trial_days``,
``reply_hours``, ``storage_gb``, ``uptime_percent``, ``seats_count``).

:func:`problems` validates a mapping without loading any model (the
vocabulary loader calls it, so a bad facet is an error naming brand.yaml's
line); :func:`claims_from_facets` turns it into claims.
"""
from __future__ import annotations

import re
from typing import Any

from voicecheck.promises.claims.base import Claim, Span

#: Fixed keys and what their value must be.
KEYS = {
    "price": "money text such as \"$14.99/month\"",
    "fee": "money text such as \"$15\"",
    "free": "true or false",
    "availability": "text such as \"24/7\" or \"Mon-Fri 9am-5pm\"",
    "agent": "human or bot",
    "channels": "a list such as [chat, phone]",
    "only_channels": "true or false",
    "anchors": "a list of words",
}
#: Suffixes of boolean keys: ``card_required: false``, ``delivery_free: true``.
BOOL_SUFFIXES = ("_required", "_free", "_limited", "_included")
#: Units of number keys: ``trial_days: 14``.
UNITS = {"days": ("day", "time", 1.0), "day": ("day", "time", 1.0), "hours": ("hour", "time", 1 / 24),
         "hour": ("hour", "time", 1 / 24), "minutes": ("minute", "time", 1 / 1440),
         "weeks": ("week", "time", 7.0), "months": ("month", "time", 30.4), "years": ("year", "time", 365.0),
         "business_days": ("business day", "time", 1.4), "gb": ("GB", "size", 1.0), "tb": ("TB", "size", 1000.0),
         "mb": ("MB", "size", 0.001), "percent": ("%", "percent", 1.0), "pct": ("%", "percent", 1.0),
         "count": (None, "count", 1.0)}
CHANNELS = ("phone", "chat", "email", "mail", "app", "online", "in-person", "sms", "form", "video")

_MONEY = re.compile(r"^\s*(?:[$£€]|usd|eur|gbp)?\s*\d+(?:[.,]\d+)?\s*(?:[$£€]|usd|eur|gbp)?"
                    r"(?:\s*(?:/|a|per|each)\s*[a-z]+)?\s*$", re.I)


def problems(mapping: dict[str, Any]) -> list[tuple[str, str]]:
    """[(key, what is wrong)] for a ``facets:`` mapping whose names and types
    are valid (:func:`voicecheck.vocab.facet_problem` checks those): values
    the readers can't read, such as a price with no amount or hours that name
    no day or time."""
    out = []
    for key, value in mapping.items():
        key = str(key)
        if key in ("price", "fee") and isinstance(value, str) and not _MONEY.match(value):
            out.append((key, f"can't read an amount of money in {value!r} (write it like \"$14.99/month\")"))
        elif key == "availability" and isinstance(value, str) and not _availability_words(value):
            out.append((key, f"can't read {value!r} (try \"24/7\", \"every day 7am-11pm\" or \"Mon-Fri 9am-5pm\")"))
    return out


def _topic_unit(key: str) -> tuple[str, str]:
    for unit in sorted(UNITS, key=len, reverse=True):
        if key.endswith("_" + unit) and len(key) > len(unit) + 1:
            return key[: -len(unit) - 1], unit
    return "", ""


def _channel(c: str) -> str:
    c = c.strip().lower().replace("live chat", "chat").replace("e-mail", "email")
    return {"store": "in-person", "in person": "in-person", "web": "online", "website": "online",
            "text": "sms", "post": "mail"}.get(c, c)


def _availability_words(text: str) -> bool:
    from voicecheck.promises.claims.schedules import _DAY_RANGE, _ONE_DAY, _TIME_RANGE

    low = text.lower()
    return bool(re.search(r"24\s*/\s*7|any ?time|around the clock|every day|weekdays|business hours", low)
                or _DAY_RANGE.search(text) or _TIME_RANGE.search(text) or _ONE_DAY.search(text))


def claims_from_facets(facets, promise_text: str) -> list[Claim]:
    """The claims a valid ``facets:`` mapping declares (see :func:`problems`)."""
    from voicecheck.promises.claims import channels, cost, quantities, read, requirements, schedules
    from voicecheck.promises.claims.polarity import AXIS, Pole

    mapping = dict(facets)
    out: list[Claim] = []
    extra = tuple(str(a).lower() for a in ([mapping["anchors"]] if isinstance(mapping.get("anchors"), str)
                                           else mapping.get("anchors", ())))

    def claim(kind, value, topic, text):
        words = frozenset(w for w in re.findall(r"[a-z]+", topic.lower()) if len(w) > 2) | frozenset(extra)
        about = " ".join([topic, *extra]).strip() or promise_text
        return Claim(kind, value, about, words, promise_text, Span(0, 0, text), how=f"declared: {text}")

    for key, value in mapping.items():
        text = f"{key}: {str(value).lower() if isinstance(value, bool) else value}"
        if key in ("price", "fee"):
            money = [c for c in read(str(value) if not isinstance(value, (int, float)) else f"${value}").claims
                     if c.kind == quantities.KIND and c.value.dim == "money"]
            out += [claim(quantities.KIND, c.value, key, text) for c in money]
        elif key == "free":
            out.append(claim(cost.KIND, cost.Cost(bool(value), text), "", text))
        elif key == "availability":
            found = [c for c in read(f"Available {value}.").claims if c.kind == schedules.KIND]
            out += [claim(schedules.KIND, c.value, "", text) for c in found]
        elif key == "agent":
            out.append(claim(channels.AGENT, channels.Agent("human" if value == "human" else "automated", text), "",
                             text))
        elif key == "channels":
            vals = [value] if isinstance(value, str) else value
            ways = frozenset(_channel(c) for c in vals)
            out.append(claim(channels.CHANNEL, channels.Channels(ways, bool(mapping.get("only_channels")), False,
                                                                text), "", text))
        elif key.endswith(BOOL_SUFFIXES):
            thing, _, suffix = key.rpartition("_")
            topic = thing.replace("_", " ")
            if suffix == "required":
                out.append(claim(requirements.KIND, requirements.Need(bool(value), text), topic, text))
            elif suffix == "free":
                out.append(claim(cost.KIND, cost.Cost(bool(value), text), topic, text))
            elif suffix == "limited":
                out.append(claim(AXIS, Pole("limits", not value, text), topic, text))
            else:
                out.append(claim(AXIS, Pole("inclusion", bool(value), text), topic, text))
        elif key not in ("only_channels", "anchors"):
            topic, unit = _topic_unit(key)
            if not topic:
                continue
            shown, dim, factor = UNITS[unit]
            amount = quantities.Amount(float(value) * factor, float(value) * factor, dim,
                                       shown or topic.replace("_", " "), None, "eq", False, text)
            out.append(claim(quantities.KIND, amount, topic.replace("_", " "), text))
    return out
