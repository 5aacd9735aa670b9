"""Cross-channel fact drift: one fact stated with different values in different places.

No promise is needed: the welcome email says "14-day trial", the UI says
"30-day trial"; the support script says replies come "within 2 business days",
the error catalog says "within 24 hours". Each is fine on its own, together
they tell the customer two stories.

1. **Statements.** Every sentence (:mod:`.passages`) that may hold a value
   (digits, number words, schedule words) is read with the claim readers
   (:mod:`voicecheck.promises.claims`, spaCy's parse, one batch). A quantity
   claim (duration, price, size, percentage, count) or a schedule claim (an
   availability window) becomes a statement, unless it is hypothetical ("if
   you cancel within 14 days"), negated, an add-on price ("an extra $5"), or
   an instance such as a countdown ("3 days left", "ends in 2 days"), which
   are meant to differ. Nor are amounts said without a number ("a few
   days", "tomorrow"), windows that name one day or part of a day ("we'll
   pick it up on Monday") or that no channel or service word goes with
   ("Workday added"), and two values of one kind in one sentence ("one cycle
   can be 2 weeks, the next 1 week"): those compare or illustrate.
2. **Same fact.** Two statements are about the same fact when they measure
   the same thing (dimension, currency or counted noun, billing period, and
   the kind of bound: a length or a limit, a threshold, a deadline, an
   interval), what the parse says each value is about shares a content word
   (the claims' ``keys``: "trial", "refund", "reply"; for a window, also the
   channel its sentence names: "chat", "phone"), they don't name different
   plans or list items, and their sentences are close in embedding space
   (sentence-transformers, cached like the promise checks' embeddings). Only
   statements that could drift are embedded, so content without competing
   values loads no model.
3. **Groups.** Same-fact statements are joined into groups; a group whose
   statements hold more than one value is drift, reported with every location
   and value.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from voicecheck.promises.passages import Passage, location, passages
from voicecheck.segments import Segment

#: Cosine similarity of two sentences above which statements whose values are
#: said about the same thing (a shared word in what each value is about) are
#: taken to be about the same fact (measured on the drift corpus in
#: tests/fixtures/drift; see README).
SAME_FACT_SIMILARITY = 0.45

#: Two values of one fact are within this factor of each other (1 day vs a
#: month); beyond it they measure different things (a session vs a trial).
MAX_RATIO = 31

#: A group with more values than this is a list of different things that
#: look alike (every recipe's cooking time), not one fact stated differently.
MAX_VALUES = 3

#: Words that don't say which fact a value belongs to (they go with any value).
_WEAK = frozenset({"time", "need", "want", "start", "end", "new", "free", "account", "team", "last", "only", "try",
                   "limit", "maximum", "minimum"})

#: Time-zone words: they say when, not what is available.
_ZONES = frozenset({"time", "mountain", "eastern", "pacific", "central", "gmt", "utc", "bst", "cet", "et", "pt",
                    "ct", "mt", "pm", "am", "local", "zone"})

#: The kind of bound a value has; values compare only within one kind. A
#: length and a limit ("14 days", "within 14 days", "up to 10 GB") are one
#: kind; a threshold ("over 5 GB", "at least 7 days"), a deadline ("5 days
#: before delivery") and an interval ("every 2 weeks") are each their own.
_BOUND_KIND = {"eq": "value", "max": "value", "range": "value", "approx": "value", "min": "threshold",
               "deadline": "deadline", "every": "every"}


@dataclass(frozen=True)
class Statement:
    """One value in one sentence: what it measures and where it is."""

    passage: Passage
    kind: str  # "quantity" | "availability"
    key: tuple  # what must match for two values to be comparable
    value: str  # as shown to people ("14 days", "$9.99/month", "Mon-Fri 9am-5pm")
    norm: tuple  # the comparable value
    keys: frozenset[str]  # content words of what the value is about (the claim's keys)
    frame: frozenset[str]  # content words of its sentence's subject and verb
    names: frozenset[str]  # plan or product names in the sentence
    item: str  # the list label the sentence starts with ("Plus: up to 5 members"), or ""
    start: int  # offsets of the value in the segment text
    end: int
    counted: str = ""  # the noun a count counts ("dog" in "up to 5 dogs"): the unit, not the topic

    @property
    def segment(self) -> Segment:
        return self.passage.segment

    def location(self) -> dict:
        return location(self.segment, self.start)


@dataclass
class DriftGroup:
    """Statements of one fact; drift when they hold more than one value."""

    fact: str  # "trial length", "reply time", "Plus price"
    dimension: str  # time | money | size | percent | count | availability
    statements: list[Statement]

    @property
    def distinct(self) -> list[str]:
        """The different values, most frequent first, then in reading order."""
        first: dict[tuple, str] = {}
        count: Counter = Counter()
        for s in self.statements:
            first.setdefault(s.norm, s.value)
            count[s.norm] += 1
        order = {norm: i for i, norm in enumerate(first)}
        return [first[n] for n in sorted(first, key=lambda n: (-count[n], order[n]))]

    def to_dict(self) -> dict:
        return {"fact": self.fact, "dimension": self.dimension, "distinct": self.distinct,
                "values": [{"value": s.value, **s.location()} for s in self.statements]}


def statements(items: list[Passage], brand: str = "", cache_dir: Path | None = None) -> list[Statement]:
    """The values stated in ``items`` that could drift."""
    from voicecheck.promises import claims

    brand_words = frozenset(w.lower() for w in re.findall(r"\w+", brand))
    todo = [p for p in items if _may_state_value(p.text)]  # no value to state: no parse
    readings = claims.read_many([p.text for p in todo], cache_dir=cache_dir)
    out: list[Statement] = []
    for p, reading in zip(todo, readings):
        text = p.text
        names = _names(text, cache_dir) - brand_words
        label = _LABEL.match(text)  # "Enterprise: Up to 100 members": the item a value belongs to
        item = label.group(1).lower() if label else ""
        ways = frozenset(w for c in reading.claims if c.kind == "channel" and not c.negated for w in c.value.ways)
        served = bool(ways) or bool(_service_words() & {k for c in reading.claims for k in c.keys | c.frame})
        always = [c for c in reading.claims if c.kind == "schedule" and c.value.always]
        found: list[Statement] = []
        for c in reading.claims:
            if c.hypothetical or c.instance or c.negated or not c.span.text:
                continue
            if c.kind == "schedule" and always and c not in always and not c.value.off and not any(
                    _windows_differ(_window(c.value), _window(x.value)) for x in always):
                continue  # "24/7, weekends included": the 24/7 says it all
            frame = c.frame - _WEAK - brand_words
            if c.kind == "quantity":
                a = c.value
                if (a.per or "").startswith("extra"):
                    continue  # an add-on on top of a price or an allowance
                if _unnumbered(a):
                    continue  # "a few days", "next week": a guess or a point in time, not a value that can drift
                counted = a.unit if a.dim == "count" else ""
                keys = c.keys - _WEAK - brand_words
                per = None if a.dim == "time" else a.per  # "$9 a month", "5 members per space"
                unit = a.unit if a.dim in ("money", "count") else a.dim
                key = (a.dim, unit, per, _BOUND_KIND.get(a.bound, a.bound))
                found.append(Statement(p, "quantity", key, _shown(a), (round(a.low, 6), round(a.high, 6)), keys,
                                       frame, names, item, p.start + c.span.start, p.start + c.span.end, counted))
            elif c.kind == "schedule" and served and _firm(c.value):
                w = c.value
                own = _day_words() | _ZONES
                # a window is for the channel its sentence names ("Real people on live *chat*, 24/7")
                keys = (c.keys | ways) - _WEAK - brand_words - names - own
                found.append(Statement(p, "availability", ("availability", w.off), w.label(), _window(w), keys,
                                       frame - names - own, names, item, p.start + c.span.start, p.start + c.span.end))
        out += _single_values(found)
    return out


def will_parse(items: list[Passage], cache_dir: Path | None = None) -> bool:
    """Would :func:`statements` parse some of ``items`` (a sentence that may state a value, not read before)?
    (Asked as early as possible: the cache first, then the cheap test before the one that compiles more.)"""
    from voicecheck.promises import claims
    from voicecheck.promises.claims import signals

    todo = claims.unread([p.text for p in items], cache_dir=cache_dir)
    return (any(_value_pattern().search(t) for t in todo)
            or any("schedule" in signals.kinds(t) for t in todo))  # as _may_state_value, in two passes


def _single_values(found: list[Statement]) -> list[Statement]:
    """The statements of one sentence whose kind it gives one value of: a
    sentence with two values of one kind compares or illustrates ("one cycle
    can be 2 weeks, the next 1 week", "80%, up from 65%"); neither is the fact's value."""
    mixed = {x.key for x in found for y in found if x.key == y.key and x.norm != y.norm}
    return [x for x in found if x.key not in mixed]


@cache
def _service_words() -> frozenset[str]:
    """Words of being open, staffed or served (the schedule reader's list): a window said with none of them
    ("Workday added", "add holidays such as weekends"), and with no channel, is no service's hours."""
    from voicecheck.promises.claims import lexicon

    return lexicon.words("schedules", "service_words")


def _unnumbered(a) -> bool:
    """Is the amount one the reader infers from words without a number
    ("a few days", "several weeks", "tomorrow", "the next day")?"""
    from voicecheck.promises.claims import lexicon

    text = a.text.lower()
    if a.word and text.startswith(a.word):
        text = text[len(a.word):]
    return " ".join(text.split()) in lexicon.mapping("units", "implicit_durations")


def _firm(w) -> bool:
    """Is a window firm enough to compare: 24/7, two days or more, or hours
    given as times ("9am to 5pm") or as "business hours"? A day or a part of a
    day named once ("pick it up on Monday", "the next morning", "busiest on
    Monday mornings") says when something happens, not when a service is open."""
    if w.always or (w.days is not None and len(w.days) >= 2):
        return True
    return w.hours is not None and bool(re.search(r"\d|\bnoon\b|\bmidnight\b|\bhours\b", w.text, re.I))


@cache
def _value_pattern() -> re.Pattern:
    """Digits, number words ("fourteen"), or "a"/"an" before a unit of time
    ("within a week"), from the quantity reader's own word lists."""
    from voicecheck.promises.claims import lexicon

    def alt(words) -> str:
        return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))

    numbers = [w for w in lexicon.mapping("units", "number_words") if w not in ("a", "an")]
    units = [u for u, info in lexicon.mapping("units", "units").items() if info[1] == "time" and len(u) > 2]
    return re.compile(rf"\d|\b(?:{alt(numbers)})\b|\ban?\s+(?:{alt(units)})s?\b", re.IGNORECASE)


def _may_state_value(text: str) -> bool:
    """Could ``text`` state a value (digits, number words, "a week", schedule words)? Cheap, no parse."""
    from voicecheck.promises.claims import signals

    return bool(_value_pattern().search(text)) or "schedule" in signals.kinds(text)


#: "Plus: Up to 5 members": a list item's label names what the value is for.
_LABEL = re.compile(r"\s*([A-Z][\w-]*(?: [A-Z][\w-]*)?)\s*(?::|·|\s[-–—]\s)\s")

#: Words written as names inside a sentence ("Upgrade to *Studio*", "the *Small Pup* plan").
_MID_NAME = re.compile(r"(?<=[\w,;)] )([A-Z][a-z][a-zA-Z]*)\b")
_FIRST_NAME = re.compile(r"\s*([A-Z][a-z]+[A-Za-z]*)\b")


def _names(text: str, cache_dir=None) -> frozenset[str]:
    """Plan, product and partner names in a sentence: words capitalised
    mid-sentence, and a first word that is no English word ("Elestio shares
    30%"). Day and month names don't count."""
    out = {m.group(1).lower() for m in _MID_NAME.finditer(text)}
    first = _FIRST_NAME.match(text)
    if first and not _known_word(first.group(1).lower(), cache_dir):
        out.add(first.group(1).lower())
    return frozenset(out - _day_words() - _MONTHS - _ZONES)


@cache
def _words(cache_dir=None) -> frozenset[str]:
    from voicecheck.nlp.tokens import lemma_table
    from voicecheck.promises.claims.store import remembered

    def stop_words() -> list[str]:
        from voicecheck.nlp.models import get_parser

        return list(get_parser().Defaults.stop_words)

    table = lemma_table()  # inflected forms and their lemmas; function words are in the stop list
    return frozenset(table) | frozenset(table.values()) | frozenset(remembered(cache_dir, "stop words", stop_words))


def _known_word(word: str, cache_dir=None) -> bool:
    """Is ``word`` an English word (spaCy's lookup lemmas know it), rather than a name?"""
    return word in _words(cache_dir)


@cache
def _day_words() -> frozenset[str]:
    """Day names and day sets ("monday", "weekends"): a window's own words, not what it is for."""
    from voicecheck.promises.claims import lexicon

    days = set(lexicon.mapping("schedules", "days"))
    return frozenset(days | {d + "s" for d in days} | set(lexicon.mapping("schedules", "day_sets")))


_MONTHS = frozenset("january february march april may june july august september october november december".split())


@cache
def _unit_factors() -> dict[str, float]:
    """Display unit -> factor to its dimension's base unit ("week" -> 7 days)."""
    from voicecheck.promises.claims import lexicon

    out: dict[str, float] = {}
    for unit, dim, factor in lexicon.mapping("units", "units").values():
        out.setdefault(unit, float(factor))
    return out


_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}
_BOUND_WORDS = {"max": "up to ", "min": "at least ", "approx": "about ", "every": "every "}


def _shown(a) -> str:
    """An amount as people write it, the same way whatever the wording: "14-day"
    and "fourteen days" are "14 days"; "within 24 hours" is "up to 24 hours"."""
    if a.dim == "money":
        symbol = _SYMBOLS.get(a.unit)
        num = _number(a.low) + (f"-{_number(a.high)}" if a.high != a.low else "")
        value = f"{symbol}{num}" if symbol else f"{num} {a.unit}"
    elif a.dim == "percent":
        value = _number(a.low) + (f"-{_number(a.high)}" if a.high != a.low else "") + "%"
    else:
        factor = 1.0 if a.dim == "count" else _unit_factors().get(a.unit, 1.0)
        low, high = a.low / factor, a.high / factor
        num = _number(low) + (f"-{_number(high)}" if abs(high - low) > 1e-9 else "")
        if a.dim == "count":  # the noun as written: "10 teammates", "two or more dogs"
            nouns = [w for w in re.findall(r"[A-Za-z][\w-]*", a.text) if w.lower().startswith(a.unit[:3])]
            unit = nouns[-1] if nouns else a.unit if high == 1 else _plural(a.unit)
        elif a.dim == "time" or a.unit in ("mile", "night"):
            unit = a.unit if high == 1 and low == 1 else _plural(a.unit)
        else:
            unit = a.unit
        value = f"{num} {unit}"
    value = _BOUND_WORDS.get(a.bound, "") + value
    if a.bound == "deadline":
        value += " before"
    if a.per == "discount":
        value += " off"
    elif a.per:
        value += f"/{a.per}"
    return value


def _number(x: float) -> str:
    x = round(x, 2)
    return f"{x:,.0f}" if x == int(x) else f"{x:,.2f}".rstrip("0").rstrip(".")


def _plural(word: str) -> str:
    return word[:-1] + "ies" if word.endswith("y") and word[-2:-1] not in "aeiou" else word + "s"


def _comparable(a: Statement, b: Statement) -> bool:
    """Could two statements be about one fact (before their sentences are compared)?"""
    if a.key != b.key or a.passage == b.passage:
        return False  # one sentence may well hold two values of one kind ("80%, up from 65%")
    if (a.segment.path, a.start) == (b.segment.path, b.start):
        return False
    if a.names and b.names and not (a.names & b.names) or a.item and b.item and a.item != b.item:
        return False  # "Plus" vs "Pro": two plans, two facts
    if a.kind == "quantity":
        low, high = sorted((a.norm[0], b.norm[0]))
        if low <= 0 or high / low > MAX_RATIO:
            return False  # "8 minutes" and "14 days" measure different things
    # what both values are about shares a word; a count shares more than its noun ("up to 5 *dogs* per *plan*")
    return bool((a.keys & b.keys) - {a.counted})


def _candidate_pairs(found: list[Statement]) -> list[tuple[int, int]]:
    """The pairs (i, j), i < j, of ``found`` that are :func:`_comparable`, sorted.

    Comparing every statement with every other costs the square of their
    number (thousands of statements in a large content folder). A comparable
    pair measures the same thing (one ``key``) and shares a word of what its
    values are about (``keys``) other than the noun the earlier one counts, so
    only statements found together under one key and one such word are
    compared: an index from key and word to the statements that hold it. The
    cost is linear in statements for typical text; a word shared by every
    statement of a key still pairs them all, as comparing every pair did. Each
    candidate is then judged by :func:`_comparable` itself, so the pairs are
    those of comparing every pair.
    """
    holding: dict[tuple, dict[str, list[int]]] = {}  # key -> word -> statements, in order
    for k, s in enumerate(found):
        words = holding.setdefault(s.key, {})
        for word in s.keys:
            words.setdefault(word, []).append(k)
    candidates: set[tuple[int, int]] = set()
    for words in holding.values():
        for word, ks in words.items():
            for n, i in enumerate(ks):
                if word != found[i].counted:  # not the noun the earlier one counts (_comparable): all of a key hold it
                    candidates.update((i, j) for j in ks[n + 1:])
    return sorted((i, j) for i, j in candidates if _comparable(found[i], found[j]))


def detect(segments: list[Segment], embedding_model: str, cache_dir: Path | None, brand: str = "",
           similarity: float = SAME_FACT_SIMILARITY, items: list[Passage] | None = None) -> list[DriftGroup]:
    """Groups of same-fact statements holding more than one value (``items``: the passages of
    ``segments``, when the caller has them already)."""
    found = statements(passages(segments) if items is None else items, brand, cache_dir)
    # pairs that share what they measure and a concept; only those that disagree somewhere need embeddings
    pairs = _candidate_pairs(found)
    if not any(_conflicting(found[i], found[j]) for i, j in pairs):
        return []
    from voicecheck.nlp.embeddings import EmbeddingCache, embed

    involved = sorted({k for pair in pairs for k in pair})
    vectors = embed([found[k].passage.for_model for k in involved], embedding_model,
                    EmbeddingCache(cache_dir, embedding_model))
    row = {k: n for n, k in enumerate(involved)}
    parent = list(range(len(found)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for i, j in pairs:
        if float(vectors[row[i]] @ vectors[row[j]]) >= similarity:
            parent[root(i)] = root(j)
    members: dict[int, list[Statement]] = {}
    for k in involved:
        members.setdefault(root(k), []).append(found[k])
    groups = []
    for stmts in members.values():
        for part in _split(stmts):
            if not any(_conflicting(a, b) for n, a in enumerate(part) for b in part[n + 1:]):
                continue
            part.sort(key=lambda s: (s.segment.path, s.start))
            groups.append(DriftGroup(_fact(part), part[0].key[0] if part[0].kind == "quantity" else "availability",
                                     part))
    return sorted(groups, key=lambda g: (g.statements[0].segment.path, g.statements[0].start))


def _split(stmts: list[Statement]) -> list[list[Statement]]:
    """A group with more than :data:`MAX_VALUES` values is split by the words
    its values are about (two facts chained by a shared word), the most
    shared word first; what still has too many values is a catalog (recipe
    times, per-field limits) and is dropped."""
    if len({x.norm for x in stmts}) <= MAX_VALUES:
        return [stmts]
    left = list(stmts)
    parts = []
    while left:
        count = Counter(k for x in left for k in x.keys)
        if not count or count.most_common(1)[0][1] < 2:
            break
        word = min(count, key=lambda k: (-count[k], k))
        part = [x for x in left if word in x.keys]
        left = [x for x in left if word not in x.keys]
        if len({x.norm for x in part}) <= MAX_VALUES:
            parts.append(part)
    return parts


def _conflicting(a: Statement, b: Statement) -> bool:
    """Do two statements of one fact disagree? A value within the other's range
    agrees with it, and an availability window that leaves out the hours
    ("Monday to Friday") agrees with one that gives them."""
    if a.kind == "quantity":  # a value inside the other's range agrees with it ("20 to 40 minutes", "20 minutes")
        return a.norm[1] < b.norm[0] or b.norm[1] < a.norm[0]
    return _windows_differ(a.norm, b.norm)


def _window(w) -> tuple:
    """A window as (days, hours), either None where it doesn't say; 24/7 is every day, all day."""
    if w.always:
        return (tuple(range(7)), (0.0, 24.0))
    return (tuple(sorted(w.days)) if w.days is not None else None, w.hours)


def _windows_differ(a: tuple, b: tuple) -> bool:
    """Do two windows disagree on days or hours that both of them give?"""
    (days_a, hours_a), (days_b, hours_b) = a, b
    if days_a is not None and days_b is not None and days_a != days_b:
        return True
    return hours_a is not None and hours_b is not None and hours_a != hours_b


#: What a value measures, in words, for the fact's label: by dimension, then by kind of bound.
_MEASURES = {("time", "value"): "length", ("time", "deadline"): "deadline", ("time", "every"): "interval",
             ("time", "threshold"): "threshold", ("money", None): "price", ("size", None): "limit",
             ("percent", None): "rate", ("count", "value"): "number", ("count", "threshold"): "minimum"}


def _fact(stmts: list[Statement]) -> str:
    """A short name for the fact: the word most of its values are about (a
    word rather than a name; ties go to the word their sentences' subjects and
    verbs share most), or the noun a count counts, and what is measured."""
    s = stmts[0]
    names = set.intersection(*(set(x.names) for x in stmts))
    about = Counter(k for x in stmts for k in x.keys - {x.counted})
    frames = Counter(k for x in stmts for k in x.frame)
    named = {k for x in stmts for k in x.names}
    concept = min(about, key=lambda c: (-about[c], c in named, -frames[c], c)) if about else "value"
    if s.kind == "availability":
        return f"{concept} hours"
    if s.counted:
        concept = s.counted
    dim, bound = s.key[0], s.key[3]
    if dim == "time" and bound == "value" and all(x.value.startswith("up to ") for x in stmts):
        measure = "time"  # "within 2 business days", "up to 24 hours": how long it may take
    elif dim == "count" and bound == "value" and all(x.value.startswith("up to ") for x in stmts):
        measure = "limit"
    else:
        measure = _MEASURES.get((dim, bound), _MEASURES.get((dim, None), dim))
    if dim == "percent" and s.key[2] == "discount":
        measure = "discount"
    if names and dim == "money":
        return " ".join(sorted(n.title() for n in names)) + f" {measure}"  # "Studio price"
    return f"{concept} {measure}"
