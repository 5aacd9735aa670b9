"""Which kinds of claim a text may hold, from its words alone (no parse).

Retrieval uses this to reach passages that state the kind of value a
promise states (a schedule for a 24/7 promise, an amount for a price
promise, a requirement for a "no X needed" promise) even when the two
sentences are far apart as wholes. It is cheap (one regular expression per
kind, built from the readers' own word lists) and only proposes: the parse
decides.
"""
from __future__ import annotations

import re
from functools import cache

from voicecheck.promises.claims import lexicon


def _alt(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+")
                    for w in sorted({str(w).lower() for w in words}, key=len, reverse=True) if w)


@cache
def _patterns() -> dict[str, re.Pattern]:
    units = lexicon.mapping("units", "units")
    numbers = lexicon.mapping("units", "number_words")
    days = lexicon.mapping("schedules", "days")
    out = {
        "schedule": _alt(list(lexicon.words("schedules", "always")) + list(lexicon.mapping("schedules", "day_sets"))
                         + list(lexicon.mapping("schedules", "hour_sets")) + [d for d in days if len(d) > 3])
        + r"|\d\s?(?:am|pm|a\.m\.|p\.m\.)",
        "quantity": r"(?:\d[\d,.]*|\b(?:" + _alt([n for n in numbers if n not in ("a", "an")]) + r"))[\s-]*(?:"
        + _alt([u for u in units if len(u) > 1]) + r")s?|[$£€]\s?\d[\d,.]*|\d[\d,.]*\s?%"
        + r"|\b(?:in|within)\s+(?:" + _alt(lexicon.mapping("units", "magnitudes")) + ")",  # "in minutes"
        "cost": _alt(lexicon.words("cost", "fee_nouns") | lexicon.words("cost", "charge_verbs") | {"free", "paid"})
        + r"|[$£€]\s?\d[\d,.]*",
        "requirement": _alt(lexicon.words("requirements", "require_verbs")
                            | lexicon.words("requirements", "required_adjectives")
                            | lexicon.words("requirements", "optional_adjectives") | {"without"}
                            | lexicon.words("requirements", "request_openers")),
        "channel": _alt(lexicon.mapping("channels", "channels")),
        "agent": _alt(lexicon.words("channels", "human") | lexicon.words("channels", "automated")),
    }
    for axis, poles in lexicon.load("antonyms")["axes"].items():
        out[f"axis:{axis}"] = _alt([str(w).lower() for w in poles["positive"] + poles["negative"]])
    # a listed word may take a plural ("fees", "Saturdays", "nurses"); the words are lower case and
    # so is the text searched (faster than a case-blind search, one per kind)
    return {k: re.compile(rf"(?<![\w]){'(?:' + v + ')'}(?:s|es)?(?![\w])") for k, v in out.items()}


def kinds(text: str) -> frozenset[str]:
    """The kinds of claim ``text`` may hold: "schedule", "quantity", "cost",
    "requirement", "channel", "agent", "axis:<name>"."""
    low = text.lower()
    return frozenset(k for k, rx in _patterns().items() if rx.search(low))


def of_claims(claims) -> frozenset[str]:
    """The kinds a reading holds, in the same terms as :func:`kinds`."""
    out = set()
    for c in claims:
        if c.kind in ("quantity", "schedule", "cost", "requirement", "channel", "agent"):
            out.add(c.kind)
        elif c.kind == "axis":
            out.add(f"axis:{c.value.axis}")
    return frozenset(out)
