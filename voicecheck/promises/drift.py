"""Cross-channel fact drift: one fact stated with different values in different places.

No promise is needed: the welcome email says "14-day trial", the UI says
"30-day trial"; the support script says replies come "within 2 business days",
the error catalog says "within 24 hours". Each is fine on its own, together
they tell the customer two stories.

1. **Statements.** Every sentence (:mod:`.passages`) is read with the promise
   engine's facet extraction (:mod:`.facets`). A quantity (duration, price,
   size, percentage, count) or an availability window becomes a statement,
   unless it is hypothetical ("if you cancel within 14 days"), negated, an
   add-on price, or a countdown ("3 days left", "ends in 2 days"), which are
   meant to differ.
2. **Same fact.** Two statements are about the same fact when they measure
   the same thing (dimension, role such as trial window vs reply time,
   billing period, currency), share a content concept next to the value
   ("trial", "refund", "reply"), don't name different plans, and their
   sentences are close in embedding space (sentence-transformers, cached like
   the promise checks' embeddings). Only statements that could drift are
   embedded, so content without competing values loads no model.
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

#: Cosine similarity of two sentences above which statements that share a
#: concept are taken to be about the same fact (measured on the drift corpus
#: in tests/fixtures/drift; see README).
SAME_FACT_SIMILARITY = 0.45

#: The bar when the two values have different heads and one head only appears
#: among the other sentence's words.
STRICT_SIMILARITY = 0.6

#: Two values of one fact are within this factor of each other (1 day vs a
#: month); beyond it they measure different things (a session vs a trial).
MAX_RATIO = 31

#: A group with more values than this is a list of different things that
#: look alike (every recipe's cooking time), not one fact stated differently.
MAX_VALUES = 3

#: Words around a value that make it a countdown or a relative date, whose
#: value is meant to change ("3 days left", "your trial ends in 2 days").
_COUNTDOWN = re.compile(
    r"\b(?:left|remaining|ago|(?:ends?|ending|expires?|expiring|renews?|renewing|starts?|starting|resets?)"
    r"\s+(?:in|on)|will\s+(?:end|expire|renew)|until|since)\b", re.IGNORECASE)

#: What a number measures, in words, for the fact's label.
_ROLE_WORDS = {"window": "length", "latency": "time", "deadline": "deadline", "price": "price", "fee": "fee",
               "size": "limit", "percent": "rate", "count": "number", "rate": "rate"}

#: Concepts that don't say what a number is about.
_WEAK = frozenset({"day", "week", "month", "year", "hour", "minute", "time", "business", "get", "have", "be",
                   "take", "make", "go", "come", "need", "want", "start", "end", "new", "free",
                   "account", "us", "we", "you", "team", "up", "per", "last", "within", "only", "just"})

#: Time-zone words: they say when, not what is available.
_ZONES = frozenset({"time", "mountain", "eastern", "pacific", "central", "gmt", "utc", "bst", "cet", "et", "pt",
                    "ct", "mt", "pm", "am", "local", "zone"})

#: How far (characters) from a value a concept still describes it.
_NEAR = 32


@dataclass(frozen=True)
class Statement:
    """One value in one sentence: what it measures and where it is."""

    passage: Passage
    kind: str  # "quantity" | "availability"
    key: tuple  # what must match for two values to be comparable
    value: str  # as shown to people ("14 days", "$9.99/month", "business-hours Mon-Fri 9am-5pm")
    norm: tuple  # the comparable value
    concepts: frozenset[str]  # content concepts near the value
    head: str  # the nearest of them: what the value measures ("trial" in "14-day trial")
    names: frozenset[str]  # plan or product names in the sentence
    item: str  # the list label the sentence starts with ("Plus: up to 5 members"), or ""
    start: int  # offsets of the value in the segment text
    end: int

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


def statements(items: list[Passage], brand: str = "") -> list[Statement]:
    """The values stated in ``items`` that could drift."""
    from voicecheck.nlp.tokens import make_doc
    from voicecheck.promises.facets import extract

    brand_words = {w.lower() for w in re.findall(r"\w+", brand)}
    out: list[Statement] = []
    for p in items:
        text = p.text
        if not any(c.isdigit() for c in text) and not _VALUE_HINT.search(text):
            continue  # no value to state: skip the facet pass
        facets = extract(make_doc(text))
        names = frozenset(facets.names) - brand_words
        first = re.match(r"\s*([A-Z][a-z]+[A-Za-z]*)\b", text)
        if first and not _known_word(first.group(1).lower()):
            names |= {first.group(1).lower()} - brand_words  # "Elestio shares 30%": a name that starts it
        label = _LABEL.match(text)  # "Enterprise: Up to 100 members": the item a value belongs to
        item = label.group(1).lower() if label else ""
        mentions = [(m.span.start, m.span.end, m.key) for m in facets.mentions]
        for q in facets.quantities:
            if q.hypothetical or q.negated or q.role == "addon" or not q.span.text:
                continue
            if _countdown(text, q.span.start, q.span.end):
                continue
            # the counted noun itself ("650 *calories*") says what the number counts, not what it is about
            own = {_unit_key(q.unit), _unit_key(q.per)} if q.dim == "count" else set()
            near = [m for m in mentions if m[2] not in own]
            concepts = _near(near, q.span.start, q.span.end) - brand_words
            head = _head(near, q.span.start, q.span.end, brand_words)
            if q.dim == "count" and q.bound == "max":
                head = _unit_key(q.unit)  # "up to 5 dogs": a limit on dogs
                concepts |= {head}
            if not head:
                continue
            per = q.per if q.dim == "money" or q.role == "rate" else None
            unit = q.unit if q.dim in ("money", "count") else q.dim
            # "over 5 GB" is a threshold, not a limit: it only compares with other thresholds
            bound = "min" if q.bound == "min" else "max"
            out.append(Statement(p, "quantity", (q.dim, q.role, per, unit, bound), q.label(),
                                 (round(q.base, 6), round(q.base_high, 6)), concepts, head, names, item,
                                 p.start + q.span.start, p.start + q.span.end))
        for a in facets.availability:
            if not a.span.text:
                continue
            concepts = _near(mentions, a.span.start, a.span.end, reach=len(text)) - brand_words - names - _ZONES
            head = _head(mentions, a.span.start, a.span.end, brand_words)
            if not head:
                continue
            days = tuple(sorted(a.days)) if a.days is not None else None
            out.append(Statement(p, "availability", ("availability",), _hours(a), (a.coverage, days, a.hours),
                                 concepts, head, names, item, p.start + a.span.start, p.start + a.span.end))
    return out


def _value_hint() -> re.Pattern:
    from voicecheck.promises.facets import _NUMBER_WORDS

    words = sorted(set(_NUMBER_WORDS) | {"half", "third", "quarter", "fifth", "tenth", "around the clock",
                                         "any ?time", "business hours", "weekdays?", "mon", "monday"}, key=len)
    return re.compile(r"\b(?:" + "|".join(reversed(words)) + r")\b", re.IGNORECASE)


#: Words that can state a value without a digit ("fourteen days", "half price", "any time").
_VALUE_HINT = _value_hint()


#: "Plus: Up to 5 members": a list item's label names what the value is for.
_LABEL = re.compile(r"\s*([A-Z][\w-]*(?: [A-Z][\w-]*)?)\s*:\s")

@cache
def _words() -> frozenset[str]:
    from voicecheck.nlp.tokens import lemma_table
    from voicecheck.promises.facets import _STOP

    table = lemma_table()  # inflected forms and their lemmas; function words are in the stop list
    return frozenset(table) | frozenset(table.values()) | _STOP


def _known_word(word: str) -> bool:
    """Is ``word`` an English word (spaCy's lookup lemmas know it), rather than a name?"""
    return word in _words()


@cache
def _unit_key(word: str | None) -> str:
    """The concept key of a count noun ("calories" -> "calory", as facets key it)."""
    if not word:
        return ""
    from voicecheck.nlp.tokens import make_doc
    from voicecheck.promises.facets import extract

    keys = [m.key for m in extract(make_doc(word)).mentions]
    return keys[0] if keys else word


def _hours(a) -> str:
    """An availability window as people write it: "24/7", "Mon-Fri 9am-5pm"."""
    if a.coverage == "always":
        return "24/7"
    label = a.label()
    return label.split(" ", 1)[1] if " " in label and (a.days is not None or a.hours is not None) else label


def _countdown(text: str, start: int, end: int) -> bool:
    window = text[max(0, start - 24):min(len(text), end + 16)]
    return bool(_COUNTDOWN.search(window))


def _near(mentions, start: int, end: int, reach: int = _NEAR) -> frozenset[str]:
    return frozenset(key for s, e, key in mentions if key not in _WEAK and e > start - reach and s < end + reach)


def _head(mentions, start: int, end: int, names: frozenset[str]) -> str:
    """The concept closest to a value (ties go to the word after it: "14-day *trial*")."""
    best = None
    for s, e, key in mentions:
        if key in _WEAK or key in names:
            continue
        gap = 0 if s < end and e > start else (s - end if s >= end else start - e)  # inside: "30-day free *trial*"
        rank = (gap, 0 if s >= end else 1)
        if best is None or rank < best[0]:
            best = (rank, key)
    return best[1] if best is not None and best[0][0] <= _NEAR else ""


def _comparable(a: Statement, b: Statement) -> bool:
    if a.key != b.key or a.passage == b.passage:
        return False  # one sentence may well hold two values of one kind ("80%, up from 65%")
    if a.kind == "availability":
        if not (a.concepts & b.concepts):
            return False  # hours of the same service: "live chat", "coaches"
    elif a.head not in b.concepts and b.head not in a.concepts:
        return False  # one value must be about what the other one measures
    elif not ((a.concepts & b.concepts) - _WEAK - ({a.head} if a.key[0] == "count" else set())):
        return False  # a count limit shares more than its noun: "up to 5 *dogs* per *plan*"
    if a.names and b.names and not (a.names & b.names) or a.item and b.item and a.item != b.item:
        return False  # "Plus" vs "Pro": two plans, two facts
    if a.kind == "quantity":
        low, high = sorted((a.norm[0], b.norm[0]))
        if low <= 0 or high / low > MAX_RATIO:
            return False  # "8 minutes" and "14 days" measure different things
    return (a.segment.path, a.start) != (b.segment.path, b.start)


def detect(segments: list[Segment], embedding_model: str, cache_dir: Path | None, brand: str = "",
           similarity: float = SAME_FACT_SIMILARITY) -> list[DriftGroup]:
    """Groups of same-fact statements holding more than one value."""
    found = statements(passages(segments), brand)
    # pairs that share what they measure and a concept; only those that disagree somewhere need embeddings
    pairs = [(i, j) for i in range(len(found)) for j in range(i + 1, len(found)) if _comparable(found[i], found[j])]
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
        a, b = found[i], found[j]
        # the same head ("trial" and "trial") is the strong tie; a head that only appears
        # among the other's words ("books kept after the *trial*") needs closer sentences
        bar = similarity if a.kind == "availability" or a.head == b.head else STRICT_SIMILARITY
        if float(vectors[row[i]] @ vectors[row[j]]) >= bar:
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
    """A group with more than :data:`MAX_VALUES` values is split by head (two
    facts chained by a shared word); what still has too many values is a
    catalog (recipe times, per-field limits) and is dropped."""
    if len({x.norm for x in stmts}) <= MAX_VALUES:
        return [stmts]
    by_head: dict[str, list[Statement]] = {}
    for x in stmts:
        by_head.setdefault(x.head, []).append(x)
    return [part for part in by_head.values() if len(part) > 1 and len({x.norm for x in part}) <= MAX_VALUES]


def _conflicting(a: Statement, b: Statement) -> bool:
    """Do two statements of one fact disagree? A value within the other's range
    agrees with it, and an availability window that leaves out the hours
    ("Monday to Friday") agrees with one that gives them."""
    if a.kind == "quantity":  # a value inside the other's range agrees with it ("20 to 40 minutes", "20 minutes")
        return a.norm[1] < b.norm[0] or b.norm[1] < a.norm[0]
    (cov_a, days_a, hours_a), (cov_b, days_b, hours_b) = a.norm, b.norm
    if (cov_a == "always") != (cov_b == "always"):
        return True
    if days_a is not None and days_b is not None and days_a != days_b:
        return True
    return hours_a is not None and hours_b is not None and hours_a != hours_b


def _fact(stmts: list[Statement]) -> str:
    """A short name for the fact: the concept most of its sentences share, and what is measured."""
    s = stmts[0]
    if s.kind == "availability":
        shared = Counter(c for x in stmts for c in x.concepts)
        concept = min(shared, key=lambda c: (-shared[c], c))
        return f"{concept} hours"
    heads = Counter(x.head for x in stmts)
    concept = min(heads, key=lambda c: (-heads[c], c))
    names = set.intersection(*(set(x.names) for x in stmts))
    prefix = " ".join(sorted(n.title() for n in names)) + " " if names and s.key[0] == "money" else ""
    return f"{prefix}{concept} {_ROLE_WORDS.get(s.key[1], s.key[1])}"
