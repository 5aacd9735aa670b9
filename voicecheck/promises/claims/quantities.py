"""Quantities: a number with its unit, bound and period, and what it measures.

"14-day free trial", "replies within 24 hours", "$14.99 a month", "up to
250 GB", "at least 7 days before your delivery day", "5-10 business days",
"50 downloads", "the next day". Numbers come from the tokens (digits and
number words, spaCy's ``like_num``), units and periods from
``data/units.yaml``, the bound from the words before or after the number
("within", "up to", "at least", "or more"), and what the number is about
from the parse: the noun it modifies ("14-day *trial*") or the verb its
preposition hangs on ("*replies* within 24 hours").

Times of day ("9am", "17:00") and "24/7" belong to schedules, not here.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from voicecheck.promises.claims import lexicon
from voicecheck.promises.claims.base import Claim, Sent, attribute, clause_of, negation_of

KIND = "quantity"

_DASH_RANGE = re.compile(r"^(\d+(?:\.\d+)?)[–—-](\d+(?:\.\d+)?)$")
_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_GLUED = re.compile(r"^(\d+(?:\.\d+)?)([a-z%]+)$", re.I)  # "10GB", "24h", "99p"
_TIME_OF_DAY = re.compile(r"^(?:\d{1,2}:\d{2}|\d{1,2}(?:[:.]\d{2})?(?:am|pm|a\.m\.|p\.m\.))$", re.I)
_ARTICLE_PREPS = frozenset({"for", "in", "within", "after", "about", "over", "under", "than", "least", "most", "to",
                            "up", "only", "just", "half", "once", "than", "around", "nearly", "almost", "last",
                            "lasts", "takes", "take"})
_FILLERS = frozenset({"be", "of"})  # "at least be of 1 character", "at most be 50 characters"
_EMPHATIC = frozenset({"full", "whole", "entire"})  # "two full years", "a whole month": the length itself
_AMPM = frozenset({"am", "pm", "a.m.", "p.m.", "a.m", "p.m", "noon", "midnight", "o'clock"})


@dataclass(frozen=True)
class Amount:
    """A value with its unit. ``low``/``high`` are in the dimension's base unit
    (days, GB, currency units, %); ``bound`` is ``eq``, ``max`` (within, up
    to), ``min`` (at least, from), ``range`` (5-10), ``approx`` (about),
    ``deadline`` (5 days before) or ``every`` (once every 90 days)."""

    low: float
    high: float
    dim: str  # time | size | money | percent | count | distance | weight | energy | speed | bandwidth
    unit: str  # display unit, currency code or the counted noun
    per: str | None = None  # rate period or per-noun: "month", "serving"
    bound: str = "eq"
    strict: bool = False
    text: str = ""
    word: str = ""  # the bound's own words: "within", "up to", "at least"
    vague: bool = False  # an order of magnitude ("in minutes"): any limit under ``high`` keeps it

    def label(self) -> str:
        return self.text

    def interval(self) -> tuple[float, float]:
        if self.bound == "max":
            return (0.0, self.high)
        if self.bound == "min":
            return (self.low, math.inf)
        if self.bound == "approx":
            return (self.low * 0.75, self.high * 1.25)
        return (self.low, self.high)


def read(sent: Sent) -> list[Claim]:
    units = lexicon.mapping("units", "units")
    out: list[Claim] = []
    used: set[int] = set()
    toks = sent.tokens
    for first, last, _ in sent.find_tokens(list(lexicon.words("schedules", "always"))
                                           + list(lexicon.mapping("schedules", "day_sets"))):
        used.update(range(first.i, last.i + 1))  # "seven days a week", "24 hours a day": schedules
    n = len(toks)
    k = 0
    while k < n:
        found = _quantity_at(sent, k, units, used)
        if found is None:
            k += 1
            continue
        claim, last = found
        out.append(claim)
        used.update(range(toks[k].i, toks[last].i + 1))
        k = last + 1
    out += _implicit_durations(sent, used)
    out += _magnitudes(sent, used)
    out += _frequencies(sent, used)
    return out


def _magnitudes(sent: Sent, used: set[int]) -> list[Claim]:
    """"in minutes", "within seconds", "in hours": a time said as an order of magnitude, a bare
    plural unit after "in" or "within". It is under one of the next larger unit (minutes: under an
    hour), so "within 3 business days" breaks "restore access in minutes" and "within 30 minutes"
    keeps it."""
    table = lexicon.mapping("units", "magnitudes")
    units = lexicon.mapping("units", "units")
    out = []
    toks = sent.tokens
    for k, t in enumerate(toks[1:], start=1):
        prev = toks[k - 1]
        if t.i in used or t.lower_ not in table or prev.lower_ not in ("in", "within"):
            continue
        if k > 1 and (toks[k - 2].like_num or toks[k - 2].lower_ in lexicon.mapping("units", "number_words")):
            continue
        info = units[table[t.lower_]]
        high = float(info[2])
        span = sent.tok_span(prev, t)
        amount = Amount(0.0, high, "time", t.lemma_.lower(), None, "max", True, span.text, prev.lower_, vague=True)
        anchor = _content_anchor(prev.head if prev.head != prev else prev, {prev.i, t.i})
        about, keys = attribute(anchor, {prev.i, t.i})
        out.append(Claim(KIND, amount, about, keys, _masked(sent, clause_of(anchor), span), span,
                         how=f"{span.text!r}: under one {table[t.lower_]}"))
    return out


_TIMES = {"once": 1, "twice": 2, "thrice": 3}


def _frequencies(sent: Sent, used: set[int]) -> list[Claim]:
    """"once a year", "twice a month": how often something happens (a period of a year, half a month)."""
    units = lexicon.mapping("units", "units")
    out = []
    toks = sent.tokens
    days = lexicon.mapping("schedules", "days")
    adverbs = {"daily": 1.0, "weekly": 7.0, "fortnightly": 14.0, "monthly": 30.4}
    for k, t in enumerate(toks):
        # "released in one weekly batch", "every Monday": how often something happens
        period = None
        if t.lower_ in adverbs and t.i not in used and (t.dep_ == "advmod" or t.head.lemma_.lower() in (
                "batch", "basis", "cycle", "run", "payout", "release", "review")):
            period, last = adverbs[t.lower_], t
        elif t.lower_ == "every" and k + 1 < len(toks) and toks[k + 1].lower_.rstrip("s") in days:
            period, last = 7.0, toks[k + 1]
        elif t.lower_ in ("every", "each") and k + 1 < len(toks) and t.i not in used:
            # "audited every year", "every two years", "each month"
            n, j = 1.0, k + 1
            words = lexicon.mapping("units", "number_words")
            if toks[j].like_num or toks[j].lower_ in words:
                n = float(words.get(toks[j].lower_, 0) or (toks[j].text.isdigit() and toks[j].text) or 0) or 1.0
                j += 1
            info = units.get(toks[j].lemma_.lower()) if j < len(toks) else None
            if info is not None and info[1] == "time" and info[0] not in ("day", "hour", "minute", "second") \
                    and toks[j].i not in used:
                period, last = n * float(info[2]), toks[j]
        if period is None:
            continue
        span = sent.tok_span(t, last)
        amount = Amount(period, period, "time", "day", None, "every", False, span.text, "every")
        anchor = _content_anchor(t.head if t.head != t else t, {t.i, last.i})
        about, keys = attribute(anchor, {t.i, last.i})
        out.append(Claim(KIND, amount, about, keys, _masked(sent, clause_of(anchor), span), span,
                         how=f"{span.text!r}: how often"))
    for k, t in enumerate(toks[:-2]):
        if t.lower_ not in _TIMES or t.i in used:
            continue
        art, unit = toks[k + 1], toks[k + 2]
        if art.lower_ not in ("a", "an", "per", "each", "every") or unit.lemma_.lower() not in units:
            continue
        info = units[unit.lemma_.lower()]
        if info[1] != "time":
            continue
        period = float(info[2]) / _TIMES[t.lower_]
        span = sent.tok_span(t, unit)
        amount = Amount(period, period, "time", info[0], None, "every", False, span.text, t.lower_)
        anchor = _content_anchor(t.head if t.head != t else t, set(range(t.i, unit.i + 1)))
        about, keys = attribute(anchor, set(range(t.i, unit.i + 1)))
        out.append(Claim(KIND, amount, about, keys, _masked(sent, clause_of(anchor), span), span,
                         how=f"{span.text!r}: how often"))
    return out


def _quantity_at(sent: Sent, k: int, units: dict, used: set[int]):
    toks = sent.tokens
    t = toks[k]
    if t.i in used:
        return None
    number = _number(toks, k)
    if number is None:
        return None
    value, j, glued_unit = number[:3]
    one_token_high = number[3] if len(number) > 3 else None
    first = k
    currency = _currency_before(toks, k)
    if currency:
        first = k - 1 if toks[k - 1].lower_ in lexicon.mapping("units", "currencies") or not toks[k - 1].is_alpha else k
    # range: "5 to 10 days", "5-10", "$5-$10"
    high = one_token_high if one_token_high is not None else value
    jj = j
    if one_token_high is None and jj + 2 < len(toks) and toks[jj + 1].lower_ in lexicon.words("units", "range_joiners"):
        nxt = jj + 2
        if nxt < len(toks) and toks[nxt].text in ("$", "£", "€"):
            nxt += 1
        other = _number(toks, nxt) if nxt < len(toks) else None
        if other is not None and other[0] > value and (toks[jj + 1].lower_ != "and" or _between(toks, first)):
            high, jj, glued_unit = other[0], other[1], other[2] or glued_unit
    unit_info = None
    last = jj
    if glued_unit:
        unit_info = units.get(glued_unit.lower())
        if unit_info is None and glued_unit.lower() in lexicon.mapping("units", "currencies"):
            currency = lexicon.mapping("units", "currencies")[glued_unit.lower()]
    if unit_info is None and not currency:
        unit_info, last = _unit_after(toks, jj, units)
    if not currency and unit_info is None:
        after = _currency_after(toks, jj)
        if after:
            currency, last = after
    if currency:
        dim, unit, factor = "money", currency, 1.0
        if currency.endswith("-pence") or currency.endswith("-cent"):
            unit, factor = currency.split("-")[0], 0.01
    elif unit_info is not None:
        unit, dim, factor = unit_info[0], unit_info[1], float(unit_info[2])
    else:
        if _in_name(toks, k, jj):
            return None
        noun = _counted_noun(toks, jj)
        if noun is None:
            return None
        dim, unit, factor = "count", noun.lemma_.lower(), 1.0
        last = max(last, toks.index(noun)) if noun in toks else last
    if dim == "time" and _is_year(toks[k]) and unit_info is None:
        return None
    if first > 0 and toks[first - 1].lower_ in ("last", "past", "previous", "recent") and dim in ("time", "count") \
            and not (last + 2 < len(toks) and toks[last + 1].lower_ == "of" and toks[last + 2].lower_ in ("a", "the", "each",
                                                                                                     "every", "your")):
        return None  # "the last 12 months of usage": a period referred to; "the last 7 days of a period": a window
    per, last = _period_after(toks, last, dim)
    if per is None and dim == "money":
        per = _period_of_owner(toks[k])
    bound, strict, head_first = _bound(sent, toks, first, last)
    word = " ".join(t.lower_ for t in toks[head_first:first]) if head_first is not None else ""
    text_first = head_first if head_first is not None else first
    span = sent.tok_span(toks[text_first], toks[last])
    low_v, high_v = value * factor, high * factor
    if high != value and bound == "eq":
        bound = "range"
    if dim == "percent" and unit == "%" and _after_word(toks, last) in ("off", "discount", "cheaper", "less"):
        per = "discount"
    if _addon(toks, first) or (dim == "money" and _after_word(toks, last) in ("each", "apiece")):
        per = f"extra/{per}" if per else "extra"  # "+$4.99", "an extra 1 TB", "$4.99 a month each": an add-on
    exclude = {x.i for x in toks[text_first:last + 1]}
    anchor = _anchor(toks, k, last, glued_unit is not None, exclude)
    if anchor.pos_ == "NOUN" and 0 < anchor.i - toks[last].i <= 3 and all(
            t.pos_ in ("ADJ", "NOUN", "PROPN", "PUNCT") for t in sent.doc[toks[last].i + 1:anchor.i]):
        # the phrase a writer sees as the value: "14-day free trial", "$6.99 delivery charge"
        span = sent.tok_span(toks[text_first], anchor)
    if bound in ("min", "max") and negation_of(clause_of(anchor))[0]:
        # "can't upload files larger than 10 GB": the negated lower bound is an upper limit
        bound, word = ("max" if bound == "min" else "min"), f"not {word}"
    countdown = _countdown(toks, first, last)
    if countdown:
        bound = "countdown"  # "ends in three days": time left to one event, compared with nothing
    ended = _age_limit(sent, toks[last]) if dim == "time" and not countdown else None
    if ended is not None:
        # "This order is more than 7 days old, so it can no longer be refunded", "Files more than 30 days
        # old are deleted": an age past which something ends is how long it lasts, a limit on that verb
        anchor, bound, word = ended, "max", ""
        exclude |= {t.i for t in toks if t.lemma_.lower() == "old"}
    amount = Amount(low_v, high_v, dim, unit, per, bound, strict, span.text, word)
    about, keys = attribute(anchor, exclude)
    if ended is None:
        keys = keys | _event_keys(toks[k:last + 1])
    if dim in ("count", "distance"):
        keys = keys | {unit}  # "50 downloads" is about downloads, "30 miles" about mileage
        about = f"{about} {unit}".strip()
    head = clause_of(anchor)
    context = _masked(sent, head, span)
    how = f"an age past which {anchor.lemma_!r} ends" if ended is not None else f"{dim}, bound {bound}"
    return Claim(KIND, amount, about, keys, context, span, instance=countdown, how=f"{span.text!r}: {how}"), last


def _event_keys(value_tokens) -> frozenset[str]:
    """The event a length of time is counted from: "14 days *of joining*", "6 weeks *after you join*"."""
    from voicecheck.promises.claims.base import content_keys

    out = []
    for t in value_tokens:
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "from", "after", "since"):
                out += [g for g in c.subtree]
            elif c.dep_ == "advcl" and any(g.lower_ in ("after", "since", "from") for g in c.children):
                out += [c]
    return content_keys(out)


def _age_limit(sent: Sent, unit):
    """The verb an age ends ("more than 7 days *old*, so it can no longer be *refunded*", "files more
    than 30 days *old* are *deleted*"): a verb of the sentence that is negated or ends something
    (``data/units.yaml``: ``ending_verbs``), when the amount's unit says how old something is."""
    old = next((t for t in (unit.head, unit.head.head) if t.lemma_.lower() == "old" and t.pos_ == "ADJ"), None)
    if old is None:
        return None
    ending = lexicon.words("units", "ending_verbs")
    for t in sent.tokens:
        if t.pos_ == "VERB" and t.i != old.i and (negation_of(t)[0] or t.lemma_.lower() in ending):
            return t
    return None


_COUNTDOWN_VERBS = frozenset({"end", "expire", "renew", "start", "begin", "run", "close", "lapse", "finish"})


def _countdown(toks, first: int, last: int) -> bool:
    """"ends in three days", "2 days left": a count of time to one event, not a policy."""
    nxt = toks[last + 1].lower_ if last + 1 < len(toks) else ""
    if nxt in ("left", "remaining", "to go", "ago"):
        return True
    if first > 0 and toks[first - 1].lower_ == "in":
        verb = toks[first - 1].head
        return verb.lemma_.lower() in _COUNTDOWN_VERBS
    return False


def _number(toks, k: int):
    """(value, last token index, glued unit) of a number starting at ``k``, or None."""
    t = toks[k]
    text = t.text
    if _TIME_OF_DAY.match(text) or "/" in text or text.startswith("#"):
        return None
    if k + 1 < len(toks) and toks[k + 1].lower_ in _AMPM:
        return None
    m = _GLUED.match(text)
    if m and not _DIGITS.match(text):
        if m.group(2).lower() in ("st", "nd", "rd", "th", "am", "pm", "x"):
            return None
        return float(m.group(1)), k, m.group(2)
    dash = _DASH_RANGE.match(text)
    if dash and float(dash.group(2)) > float(dash.group(1)):
        return float(dash.group(1)), k, None, float(dash.group(2))  # "15–20" as one token
    if _DIGITS.match(text):
        if k > 0 and toks[k - 1].text in (".", ":") and k > 1 and toks[k - 2].like_num:
            return None
        value = float(text.replace(",", ""))
        if k + 2 < len(toks) and toks[k + 1].text == "." and _DIGITS.match(toks[k + 2].text):
            return None  # a version or a decimal the tokenizer split: not a value we can trust
        return value, k, None
    words = lexicon.mapping("units", "number_words")
    low = t.lower_
    if low in ("a", "an", "one", "single"):
        # "a week", "an hour": one unit, unless it is a rate ("$9.99 a month", "seven days a week")
        units = lexicon.mapping("units", "units")
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if nxt is not None and nxt.lower_ in _EMPHATIC and k + 2 < len(toks):
            nxt = toks[k + 2]  # "a full week"
        prev = toks[k - 1] if k > 0 else None
        if nxt is None or nxt.lemma_.lower() not in units or units[nxt.lemma_.lower()][1] != "time":
            if low in ("a", "an"):
                return None
        elif prev is not None and (prev.like_num or prev.lemma_.lower() in units or prev.text in ("$", "£", "€")
                                   or prev.lower_ in ("once", "twice", "times", "per", "every", "each")):
            return None
        elif low in ("a", "an") and (prev is None or prev.lower_ not in _ARTICLE_PREPS):
            return None  # "skip a week", "pick a day": a thing, not a length of time
        else:
            return 1.0, k, None
    if low in ("couple", "dozen"):
        return None
    if low in words:
        value = float(words[low])
        j = k
        # "twenty four", "twenty-four", "two hundred"
        while j + 1 < len(toks):
            nxt = toks[j + 1]
            if nxt.text == "-" and j + 2 < len(toks) and toks[j + 2].lower_ in words:
                j += 1
                continue
            w = words.get(nxt.lower_)
            if w is None or nxt.lower_ in ("a", "an", "single", "couple"):
                break
            value = value * w if w in (100, 1000, 1000000) else value + w
            j += 1
        return value, j, None
    return None


def _addon(toks, first: int) -> bool:
    """"+$4.99", "an extra $10", "additional $5": an amount on top of a price."""
    before = [t.text for t in toks[max(0, first - 2):first]]
    return bool(before) and (before[-1] == "+" or any(w.lower() in ("extra", "additional", "add-on") or w == "plus"
                                                       for w in before))


def _between(toks, first: int) -> bool:
    return first > 0 and toks[first - 1].lower_ == "between"


def _currency_before(toks, k: int) -> str | None:
    cur = lexicon.mapping("units", "currencies")
    if k > 0:
        prev = toks[k - 1]
        if prev.text in ("$", "£", "€", "¥") or (prev.lower_ in cur and not prev.is_alpha):
            return cur.get(prev.text.lower(), cur.get(prev.text))
        if prev.lower_ in ("usd", "eur", "gbp", "cad", "aud", "chf", "us$", "c$", "a$"):
            return cur[prev.lower_]
    return None


def _currency_after(toks, j: int):
    cur = lexicon.mapping("units", "currencies")
    if j + 1 < len(toks):
        w = toks[j + 1]
        lem = w.lemma_.lower()
        if lem in ("dollar", "euro", "pound", "cent", "penny", "pence", "buck") or w.lower_ in ("usd", "eur", "gbp", "p"):
            key = lem if lem in cur else w.lower_
            if key == "pound" and j + 2 < len(toks) and toks[j + 2].lower_ in ("of", "weight"):
                return None
            if key == "p" and (j + 2 < len(toks) and toks[j + 2].is_alpha and toks[j + 2].lower_ not in ("per", "a", "each")):
                return None
            return cur.get(key), j + 1
    return None


def _unit_after(toks, j: int, units: dict):
    """(unit info, last index) of a unit word right after the number (a hyphen
    between is fine: "14-day"; so is "full": "two full years"), with
    "business"/"working" folded in."""
    i = j + 1
    if i < len(toks) and toks[i].text in ("-", "–"):
        i += 1
    mods = lexicon.mapping("units", "unit_modifiers")
    modifier = None
    if i + 1 < len(toks) and toks[i].lower_ in _EMPHATIC and toks[i + 1].lemma_.lower() in units \
            and units[toks[i + 1].lemma_.lower()][1] == "time":
        i += 1  # "two full years", "30 whole days": the length, said emphatically
    if i < len(toks) and toks[i].lower_ in mods and i + 1 < len(toks) and toks[i + 1].lemma_.lower() in ("day",):
        modifier = toks[i].lower_
        i += 1
    if i < len(toks):
        w = toks[i]
        lem = w.lemma_.lower()
        key = lem if lem in units else (w.lower_ if w.lower_ in units else None)
        if key is None and w.lower_.endswith("s") and w.lower_[:-1] in units:
            key = w.lower_[:-1]
        if key is not None and not (key in ("m", "h", "p", "g") and not w.text.islower()):
            info = units[key]
            if modifier:
                info = [mods[modifier], "time", 1.4 if mods[modifier] == "business day" else 1.0]
            return info, i
    return None, j


def _in_name(toks, first: int, last: int) -> bool:
    """Is a number with no unit part of a name or a compound word rather than a count: after a
    name ("SOC 2", "Windows 11"), or joined by a hyphen to the word after it ("zero-knowledge",
    "two-factor")?"""
    before = toks[first - 1] if first > 0 else None
    if before is not None and before.pos_ == "PROPN" and before.i == toks[first].i - 1 \
            and toks[first].text[:1].isdigit():
        return True
    after = toks[last + 1] if last + 1 < len(toks) else None
    return after is not None and after.text == "-" and not toks[last].whitespace_ and not after.whitespace_


def _counted_noun(toks, j: int):
    """The noun a bare number counts ("50 *downloads*", "two *clicks*")."""
    num = toks[j]
    head = num.head
    if num.dep_ in ("nummod", "quantmod", "compound") and head.pos_ in ("NOUN", "PROPN") and head.i > num.i \
            and head.i - num.i <= 3:
        return head
    if j + 1 < len(toks) and toks[j + 1].pos_ == "NOUN" and toks[j + 1].i == num.i + 1:
        return toks[j + 1]
    # "3 shared vaults", where the parser made "shared" a verb with the number its subject: a plural noun
    # right after one modifier word is what is counted
    if j + 2 < len(toks) and toks[j + 2].tag_ == "NNS" and toks[j + 1].tag_ in ("JJ", "VBN", "VBD") \
            and toks[j + 2].i == num.i + 2 and num.like_num:
        return toks[j + 2]
    return None


def _is_year(tok) -> bool:
    return bool(re.match(r"^(19|20)\d\d$", tok.text))


def _period_after(toks, last: int, dim: str):
    """A rate period after a value: "a month", "per year", "/mo", "monthly", "per serving", "each"."""
    periods = lexicon.mapping("units", "periods")
    adverbs = lexicon.mapping("units", "period_adverbs")
    i = last + 1
    if i < len(toks) and toks[i].lower_ in ("a", "an", "per", "/", "every", "each", "for each", "a/"):
        if i + 1 < len(toks):
            w = toks[i + 1]
            lem = w.lemma_.lower()
            if lem in periods and (dim in ("money", "count", "size", "percent", "energy") or toks[i].lower_ in ("per", "/")):
                return periods[lem], i + 1
            if dim in ("money", "size", "count") and toks[i].lower_ in ("per", "/", "each", "every") and w.is_alpha:
                return w.lemma_.lower(), i + 1
        if toks[i].lower_ == "each" and dim == "money":
            return "each", i
    if i < len(toks) and toks[i].lower_ in adverbs and dim in ("money", "count", "size", "energy", "percent"):
        return adverbs[toks[i].lower_], i
    return None, last


def _period_of_owner(num) -> str | None:
    """The period of a price said on the thing it prices: "the yearly price is $119", "an annual fee
    of $50", "your monthly plan costs $9.99": a period adjective on the noun whose value the amount is
    (the subject of "is" or "costs", the noun of "of", the noun it is in apposition to)."""
    adverbs = lexicon.mapping("units", "period_adverbs")
    head = num.head
    owners = []
    if num.dep_ in ("attr", "dobj") and head.lemma_ in ("be", "cost"):
        owners = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
    elif num.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ in ("NOUN", "PROPN"):
        owners = [head.head]
    elif num.dep_ == "appos" and head.pos_ in ("NOUN", "PROPN"):
        owners = [head]
    for owner in owners:
        for c in owner.children:
            if c.dep_ in ("amod", "compound") and c.lower_ in adverbs:
                return adverbs[c.lower_]
    return None


def _bound(sent: Sent, toks, first: int, last: int):
    """(bound, strict, index of the first bound word) from the words around the value."""
    table = lexicon.mapping("units", "bounds")
    # words after: "or more", "or less", "+", "before your delivery day"
    after = " ".join(t.lower_ for t in toks[last + 1:last + 3])
    for phrase in ("or more", "or longer", "and up", "and over", "or less", "or fewer", "or under"):
        if after.startswith(phrase):
            b, s = table[phrase]
            return b, bool(s), None
    if last + 1 < len(toks) and toks[last + 1].text == "+":
        return "min", False, None
    if last + 1 < len(toks) and toks[last + 1].lower_ in ("before", "prior", "ahead") or after.startswith("in advance"):
        return "deadline", False, None
    # words before, longest match ending right before the value
    before = [t.lower_ for t in toks[max(0, first - 4):first]]
    for size in (3, 2, 1):
        if len(before) >= size:
            phrase = " ".join(before[-size:])
            if phrase in table:
                b, s = table[phrase]
                if phrase == "from" and _is_source(toks, first):
                    continue
                if phrase in ("about", "around", "over", "under", "above", "below") and toks[first - 1].pos_ not in (
                        "ADP", "ADV", "SCONJ", "PART", "ADJ"):
                    continue
                return b, bool(s), first - size
    # a two- or three-word bound with filler verbs before the value: "must at least be of 1 character"
    filler = 0
    while filler < 2 and first - filler > 0 and toks[first - filler - 1].lower_ in _FILLERS:
        filler += 1
    if filler:
        before = [t.lower_ for t in toks[max(0, first - filler - 3):first - filler]]
        for size in (3, 2):
            phrase = " ".join(before[-size:])
            if len(before) >= size and phrase in table:
                b, s = table[phrase]
                return b, bool(s), first - filler - size
    return "eq", False, None


def _is_source(toks, first: int) -> bool:
    """"from 5 days" as a starting value vs "from your 2nd box": always a value here."""
    return False


def _after_word(toks, last: int) -> str:
    return toks[last + 1].lower_ if last + 1 < len(toks) else ""


def _anchor(toks, k: int, last: int, glued: bool, exclude: set[int] = frozenset()):
    """The token the value hangs on in the parse: the noun it modifies or the
    verb/noun its preposition attaches to."""
    span = toks[k:last + 1]
    ids = {t.i for t in span}
    # the highest token of the value phrase
    top = span[0]
    for t in span:
        if t.head.i not in ids or t.head == t:
            top = t
            break
    for t in span:
        if (t.head.i not in ids or t.head == t) and t.pos_ in ("NOUN", "PROPN", "NUM", "SYM", "ADJ"):
            top = t
    h = top.head
    if h.dep_ == "advcl" and h.pos_ == "VERB" and top.dep_ == "npadvmod" and any(
            c.dep_ == "mark" and c.lower_ in ("after", "before", "since", "until", "once") for c in h.children):
        # "completes 21 days after you join": the main event, counted from the subordinate one
        return h.head
    if top.dep_ in ("compound", "amod", "nmod", "nummod", "npadvmod", "quantmod") and h.pos_ in ("NOUN", "PROPN") \
            and h.i not in ids:
        return _content_anchor(h, exclude)
    return _content_anchor(h if h != top else top, exclude)


def _content_anchor(tok, exclude: set[int]):
    """Climb from ``tok`` past prepositions, particles and the value's own
    words to the word the value is about."""
    t = tok
    for _ in range(8):
        if t.head == t:
            return t
        if t.i in exclude or t.pos_ in ("ADP", "PART", "DET", "SCONJ", "CCONJ", "PUNCT", "SYM", "NUM"):
            t = t.head
            continue
        break
    return t


def _masked(sent: Sent, head, span) -> str:
    from voicecheck.promises.claims.base import mask

    a = span.start - sent.offset
    return mask(sent, head, [(a, a + len(span.text))])


_DEICTIC = frozenset({"tomorrow", "today", "tonight"})


def _implicit_durations(sent: Sent, used: set[int]) -> list[Claim]:
    """Durations said without a digit: "the next day", "overnight", "instantly"."""
    table = lexicon.mapping("units", "implicit_durations")
    units = lexicon.mapping("units", "units")
    out = []
    for a, b, text in sent.find(table):
        first, last = sent.token_at(a), sent.token_at(b - 1)
        if any(i in used for i in range(first.i, last.i + 1)):
            continue
        if last.i + 1 < len(sent.doc) and sent.doc[last.i + 1].tag_ == "POS":
            continue  # "tomorrow's pack", "next week's menu": a day named, not a length of time
        key = " ".join(text.replace("-", " - ").split()).replace(" - ", "-")
        value, unit = table.get(key, table.get(text, [None, None]))
        if value is None:
            continue
        if unit == "business day":
            info = ["business day", "time", 1.4]
        else:
            info = units.get(unit)
        span = sent.char_span(a, b)
        bound = "eq"
        prev = sent.doc[first.i - 1].lower_ if first.i > sent.span.start else ""
        word = ""
        if prev in ("within", "by"):
            bound, word = "max", prev
            span = sent.char_span(sent.doc[first.i - 1].idx - sent.start_char, b)
        amount = Amount(float(value) * float(info[2]), float(value) * float(info[2]), "time", info[0], None, bound,
                        False, span.text, word)
        exclude = set(range(first.i, last.i + 1))
        anchor = _content_anchor(last.head if last.head != last else last, exclude)
        about, keys = attribute(anchor, exclude)
        # "tomorrow" counts from now: it dates one event ("your visit is tomorrow"), it states no policy
        out.append(Claim(KIND, amount, about, keys, _masked(sent, clause_of(anchor), span), span,
                         instance=key in _DEICTIC, how=f"{text!r}: a duration said in words"))
    return out


# --------------------------------------------------------------------------
# Comparison
# --------------------------------------------------------------------------

def comparable(p: Amount, x: Amount) -> bool:
    """Do two amounts measure the same kind of thing (dimension, currency,
    counted noun, period)?"""
    if p.dim != x.dim or "countdown" in (p.bound, x.bound):
        return False
    if p.dim == "money" and p.unit != x.unit:
        return False
    if p.dim == "count" and p.unit != x.unit:
        return False
    if p.per != x.per and p.per is not None and x.per is not None:
        return False
    if (p.per == "discount") != (x.per == "discount"):
        return False
    if (p.per or "").startswith("extra") != (x.per or "").startswith("extra"):
        return False  # an add-on on top of a price or an allowance is not the price or the allowance
    if (p.bound == "deadline") != (x.bound == "deadline"):
        return False
    if (p.bound == "every") != (x.bound == "every") and {p.bound, x.bound} != {"every", "max"}:
        return False
    return True


def conflict(p: Amount, x: Amount, window: bool | None = None) -> float:
    """How strongly ``x`` (passage) contradicts ``p`` (promise): 0 when it is
    consistent, about 0.9 when the values can't both hold, about 0.55 when
    both state a limit and the passage's is a different one inside the
    promise's ("within 2 hours" against "within 24 hours": maybe a better
    service, maybe a shorter window)."""
    if not comparable(p, x):
        return 0.0
    if {p.bound, x.bound} == {"every", "max"}:
        # "within 5 working days" against "once a year": what happens once a period can take the whole period
        every, limit = (p, x) if p.bound == "every" else (x, p)
        return 0.7 if every.low > limit.high * 1.5 else 0.0
    if p.vague or x.vague:
        # an order of magnitude bounds a time from above and says nothing finer: only a time well past
        # it breaks it ("in minutes" against "within 3 business days"), and a promise's own limit past
        # a passage's order of magnitude is kept by it ("within 24 hours" against "in minutes")
        return 0.85 if p.vague and x.high > 1.5 * p.high else 0.0
    pl, ph = p.interval()
    xl, xh = x.interval()
    tol = 1e-6 + 0.01 * max(abs(ph if ph != math.inf else pl), 1e-6)
    if p.bound == "max" and x.bound in ("min", "range") and xl >= ph - tol and not p.word.endswith("within"):
        # "free up to 50 lb" and "bags over 70 lb cost extra", "overweight bag (51-70 lb)": the region past
        # an allowance; past a "within" limit ("within 14 days" against "6 to 8 weeks") it is broken
        return 0.0
    if p.bound == "min" and x.bound == "max" and xh <= pl + tol:
        return 0.0
    if xh < pl - tol or xl > ph + tol:
        return 0.9
    if p.bound == x.bound and p.bound in ("max", "min", "deadline", "eq", "every", "range"):
        if abs(p.low - x.low) > tol or abs(p.high - x.high) > tol:
            if p.bound in ("max", "min"):
                # two different limits: an allowance ("up to 250 GB") made smaller is a conflict, made larger
                # only a discrepancy (it breaks no promise); a time "within" which something happens may just
                # be faster
                if p.dim == "time" or (p.word.endswith("within") and x.word.endswith("within")):
                    # ("in 15 minutes or less" is a time limit as much as "within 15 minutes" is)
                    # a window the customer acts in ("return within 30 days") is broken by a shorter one,
                    # a time we act in ("we reply within 4 hours") by a longer one; unknown: either
                    if window is None:
                        return 0.55
                    shorter = x.high < p.high
                    return 0.85 if shorter == window else 0.35
                less = x.high < p.high if p.bound == "max" else x.low > p.low
                return 0.85 if less else 0.2
            return 0.9
    if p.per is not None and x.per is None and p.dim == "money" and abs(p.low - x.low) > tol:
        return 0.5
    return 0.0


def agrees(p: Amount, x: Amount) -> bool:
    if not comparable(p, x):
        return False
    tol = 1e-6 + 0.01 * max(abs(p.high), 1e-6)
    return abs(p.low - x.low) <= tol and abs(p.high - x.high) <= tol
