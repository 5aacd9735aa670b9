"""Link passages to the promises they are about, and judge each link.

1. **Retrieval.** Every passage (sentence) and every promise is embedded with
   sentence-transformers (cached on disk); each passage is linked to its top-k
   promises above a similarity floor, so the judgment runs on O(k × passages)
   pairs, never passages × promises.
2. **Claims.** Promise and passage are read into claims (quantities,
   schedules, cost, requirements, channels and agents, polarity, with their
   hedges and scope; :mod:`voicecheck.promises.claims`) and compared
   (:mod:`voicecheck.promises.compare`).
3. **Model.** When a contradiction model is available, it scores each link:
   P(contradiction) with the passage as premise and the promise as hypothesis.
4. **Decision.** One score per link from those three signals
   (:func:`combine`); links at or above the threshold become findings.

Everything model-related is imported lazily; nothing here prints.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from voicecheck.config import PROMISE_DEFAULTS
from voicecheck.promises.passages import Passage, passages, sentences
from voicecheck.segments import Segment
from voicecheck.vocab import Promise

DEFAULTS = PROMISE_DEFAULTS


@dataclass
class Link:
    passage: Passage
    promise: Promise
    similarity: float
    rank: int  # 0 for the promise the passage is closest to
    conflicts: list = field(default_factory=list)  # compare.Verdict conflicts, strongest first
    p_contradiction: float | None = None
    score: float = 0.0
    verdicts: list = field(default_factory=list)  # every compare.Verdict (conflicts and agreements)
    readings: tuple = ()  # (promise Reading, passage Reading) once judged
    topic: float = 0.0  # how related the closest pair of claims is (0 when a side asserts nothing)
    claims_first: bool = False  # its claims are about this promise more than any other linked promise


@dataclass
class Options:
    embedding_model: str = DEFAULTS["embedding-model"]
    contradiction_model: str = DEFAULTS["contradiction-model"]
    top_k: int = DEFAULTS["top-k"]
    similarity_floor: float = DEFAULTS["similarity-floor"]
    threshold: float = DEFAULTS["threshold"]
    cache_dir: Path | None = None

    @classmethod
    def from_settings(cls, raw: dict[str, Any], cache_dir: Path | None) -> "Options":
        """From the config's ``promises:`` mapping (validated by voicecheck.config). Without a
        contradiction model the decision has its own fitted threshold unless one is set."""
        merged = {**DEFAULTS, **raw}
        if str(merged["contradiction-model"]) == "none" and "threshold" not in raw:
            merged["threshold"] = THRESHOLD_NONE
        return cls(str(merged["embedding-model"]), str(merged["contradiction-model"]), int(merged["top-k"]),
                   float(merged["similarity-floor"]), float(merged["threshold"]), cache_dir)


def retrieve(items: list[Passage], promises: tuple[Promise, ...], opts: Options,
             promise_kinds: list[frozenset[str]] | None = None, products: tuple[str, ...] = ()) -> list[Link]:
    """Top-k promises per passage above the similarity floor, plus up to
    :data:`ROUTE_MAX` promises that state the kind of value the passage may
    state (:mod:`voicecheck.promises.claims.signals`: a schedule for a 24/7
    promise) with a similarity of at least :data:`ROUTE_FLOOR`. Candidate
    pairs stay proportional to the passages.

    Similarity is the embeddings' cosine plus a small bonus for each content
    word the passage shares with the promise that no other promise uses
    ("trial", "refund"; more for a name such as "Garmin"): embeddings of
    short product sentences are dominated by the brand and product names
    they all share."""
    from voicecheck.nlp.embeddings import EmbeddingCache, embed

    if not items or not promises:
        return []
    cache_ = EmbeddingCache(opts.cache_dir, opts.embedding_model)
    pv = embed([p.text for p in promises], opts.embedding_model, cache_)
    # a promise of several sentences states several claims, and a passage may speak to one of them
    # ("No phone menus, no bots." of a promise about phone hours): each sentence is compared too
    parts = [(j, p.text[a:b]) for j, p in enumerate(promises) for a, b in _promise_sentences(p.text)]
    sv = embed([t for _, t in parts], opts.embedding_model, cache_) if parts else None
    owner = np.array([j for j, _ in parts], dtype=int)

    def similarity(vectors: "np.ndarray") -> "np.ndarray":
        out = vectors @ pv.T
        if sv is not None:
            each = vectors @ sv.T
            for j in set(owner.tolist()):
                out[:, j] = np.maximum(out[:, j], each[:, owner == j].max(axis=1))
        return out

    xv = embed([x.for_model for x in items], opts.embedding_model, cache_)
    sims = similarity(xv)
    from voicecheck.promises.claims.signals import kinds as kinds_of
    from voicecheck.promises.compare import content_lemmas

    item_kinds = [kinds_of(x.text) for x in items]
    # a sentence that may state a value is also read with the one before it in the same string or
    # paragraph ("Smart meter installation is free in England. In Scotland, there's a £60 charge": the
    # charge is for the installation); sentences with no value to state are read alone
    prev = [i for i in range(1, len(items)) if _read_with_previous(items, i, item_kinds[i])]
    if prev:
        cv = embed([_with_previous(items, i) for i in prev], opts.embedding_model, cache_)
        sims[prev] = np.maximum(sims[prev], similarity(cv))
    promise_words = [content_lemmas(p.text) for p in promises]
    seen = Counter(w for words in promise_words for w in words)
    distinctive = [{w for w in words if seen[w] == 1} for words in promise_words]
    promise_names = [_names(p.text) for p in promises]
    # the brand's product names of several words ("Movara Free"): one named by a single promise ties a
    # passage naming it to that promise, though its words ("free") are in others
    named_by = [{n.lower() for n in products if n.lower() in p.text.lower()} for p in promises]
    counts = Counter(n for found in named_by for n in found)
    own_names = [{n for n in found if counts[n] == 1} for found in named_by]
    links: list[Link] = []
    k = max(1, min(opts.top_k, len(promises)))
    named = set().union(*promise_names) if promise_names else set()
    for i, x in enumerate(items):
        words = content_lemmas(x.text)
        names = _names(x.text) | (_first_word(x.text) & named)  # "Garmin accounts can't be connected"
        low = x.text.lower()
        bonus = np.array([LEXICAL_BONUS * min(2, len(words & d)) + NAME_BONUS * bool(
            (names & n & d) or any(o in low for o in own))
                          for d, n, own in zip(distinctive, promise_names, own_names)])
        row = sims[i] + bonus
        ranked = np.argsort(-row)
        order = ranked[:k]
        for rank, j in enumerate(order):
            s = float(row[j])
            if s >= opts.similarity_floor:
                links.append(Link(x, promises[j], float(sims[i, j]), rank))
        if promise_kinds:
            extra = [j for j in ranked[k:] if row[j] >= ROUTE_FLOOR and item_kinds[i] & promise_kinds[j]][:ROUTE_MAX]
            for n, j in enumerate(extra):
                links.append(Link(x, promises[j], float(sims[i, j]), k + n))
    return links


def _promise_sentences(text: str) -> list[tuple[int, int]]:
    """The sentences of a promise of more than one (none for a promise of one: it is compared whole)."""
    found = sentences(text)
    return found if len(found) > 1 else []


def _read_with_previous(items: list[Passage], i: int, kinds: frozenset[str]) -> bool:
    """Does :func:`retrieve` also read passage ``i`` (whose claim kinds may be ``kinds``) with the
    one before it: a sentence that may state a value, after another in the same string?"""
    return i > 0 and items[i].segment is items[i - 1].segment and bool(kinds)


def _with_previous(items: list[Passage], i: int) -> str:
    """Passage ``i`` read with the one before it, as :func:`retrieve` embeds it."""
    return f"{items[i - 1].for_model} {items[i].for_model}"


def _names(text: str) -> set[str]:
    """Words written as names inside a sentence ("Garmin", "Fitbit"), lower-cased."""
    import re

    return {m.group(1).lower() for m in re.finditer(r"(?<=[a-z,;] )([A-Z][a-zA-Z]{2,})", text)}


def _first_word(text: str) -> set[str]:
    """A sentence's first word when it is capitalised, lower-cased: a name when the promises write it as one."""
    import re

    m = re.match(r"\W*([A-Z][a-zA-Z]{2,})\b", text)
    return {m.group(1).lower()} if m else set()


#: Extra similarity for a shared name that only this promise uses.
NAME_BONUS = 0.15
#: Extra links per passage to promises stating the kind of value the passage may state, and their similarity floor.
ROUTE_MAX = 2
ROUTE_FLOOR = 0.15


#: Retrieval bonus per distinctive content word shared with a promise (at most two).
LEXICAL_BONUS = 0.1


def read_promises(promises: tuple[Promise, ...], names: tuple[str, ...] = (), cache_dir=None) -> dict:
    """Each promise's reading (its claims, plus those its ``facets:`` declare)."""
    from voicecheck.promises import claims as claim_reader

    readings = claim_reader.read_many([p.text for p in promises], promise=True, names=names, cache_dir=cache_dir)
    out = {p.id: r for p, r in zip(promises, readings)}
    for p in promises:
        if p.facets:
            out[p.id] = _with_declared(out[p.id], p)
    return out


def judge_claims(links: list[Link], promises: tuple[Promise, ...], opts: Options, synonyms: dict | None = None,
                 promise_reading: dict | None = None, brand_words: frozenset[str] = frozenset(),
                 names: tuple[str, ...] = ()) -> None:
    """Read linked passages into claims and compare them with the promises'
    (:mod:`voicecheck.promises.claims`, :mod:`voicecheck.promises.compare`)."""
    from voicecheck.promises import claims as claim_reader
    from voicecheck.promises.compare import Relater, judge

    if promise_reading is None:
        promise_reading = read_promises(promises, names)
    passage_readings = claim_reader.read_many([lk.passage.for_model for lk in links], names=names,
                                              cache_dir=opts.cache_dir)
    relate = Relater(_embedder(opts), synonyms, brand_words, opts.cache_dir)
    relate.fit([promise_reading[p.id].claims for p in promises])
    relate.prepare([c for r in promise_reading.values() for c in r.claims]
                   + [c for r in passage_readings for c in r.claims])
    for link, reading in zip(links, passage_readings):
        pr = promise_reading[link.promise.id]
        link.readings = (pr, reading)
        if not reading.asserts:
            link.verdicts = []
            continue
        link.verdicts = judge(pr.claims, reading.claims, relate, link.similarity if link.rank == 0 else 0.0)
        link.topic = max((relate(a, b) for a in pr.claims for b in reading.claims), default=0.0)
    _one_attribute_per_claim(links)
    for link in links:
        link.conflicts = [v for v in link.verdicts if v.conflict]
    _rank_by_claims(links)


def _rank_by_claims(links: list[Link]) -> None:
    """Which promise a passage conflicts with first: among the promises its
    claims conflict with, the most similar one gets ``claims_first``.
    Whole-sentence similarity alone is dominated by the names every sentence
    of a brand shares (the closest promise may be one it says nothing about)."""
    best: dict[tuple, float] = {}
    for link in links:
        if link.conflicts:
            key = (id(link.passage.segment), link.passage.start)
            best[key] = max(best.get(key, -1.0), link.similarity)
    for link in links:
        key = (id(link.passage.segment), link.passage.start)
        link.claims_first = bool(link.conflicts) and link.similarity >= best.get(key, 2.0) - 1e-9


#: How much closer another promise's claim must be for a passage claim to be about it instead.
OTHER_PROMISE_MARGIN = 0.1


def _one_attribute_per_claim(links: list[Link]) -> None:
    """A passage claim is about one thing: when it restates a claim of one
    promise clearly better than it matches a claim of another (it restates
    the free plan's 15 GB; it is not about Plus's 2 TB), its verdicts with
    the other promise are dropped."""
    best: dict[tuple[int, int], tuple[float, str]] = {}
    for link in links:
        for v in link.verdicts:
            if v.conflict:
                continue
            key = (id(link.passage.segment), link.passage.start, id(v.passage))
            if key not in best or v.related > best[key][0]:
                best[key] = (v.related, link.promise.id)
    for link in links:
        keep = []
        for v in link.verdicts:
            rel, owner = best.get((id(link.passage.segment), link.passage.start, id(v.passage)), (0.0, ""))
            owner = owner or link.promise.id
            if owner == link.promise.id or v.related >= rel - OTHER_PROMISE_MARGIN:
                keep.append(v)
        link.verdicts = keep


def _with_declared(reading, promise):
    """A promise's reading plus the claims its ``facets:`` declare."""
    from dataclasses import replace

    from voicecheck.promises.claims.declared import claims_from_facets

    return replace(reading, claims=reading.claims + claims_from_facets(promise.facets, promise.text))


def _embedder(opts: Options):
    from voicecheck.nlp.embeddings import EmbeddingCache, embed

    cache_ = EmbeddingCache(opts.cache_dir, opts.embedding_model)
    return lambda texts: embed(list(texts), opts.embedding_model, cache_)


def judge_model(links: list[Link], opts: Options) -> None:
    """P(contradiction) from the contradiction model, when one is configured, for
    the links it can decide: those whose score would reach the threshold if the
    model said "contradiction" for sure. The others stay below the threshold
    whatever it says, so scoring them would only cost time."""
    if opts.contradiction_model == "none" or not links:
        return
    todo = [link for link in links if (link.conflicts or link.topic >= MODEL_ALONE_TOPIC)
            and logistic(features(link, model=1.0)) >= opts.threshold]
    if not todo:
        return
    from voicecheck.nlp.embeddings import EmbeddingCache
    from voicecheck.promises.model import identity, load, score_pairs

    # scores are cached like embeddings, keyed by the model and the pair, so an
    # unchanged passage never needs the model again
    cache_ = EmbeddingCache(opts.cache_dir, identity(opts.contradiction_model))
    keys = [f"both ways\x00{link.passage.for_model}\x00{link.promise.text}" for link in todo]
    known = cache_.get_many(keys)
    missing = sorted({k for k in keys if EmbeddingCache.key(k) not in known})
    if missing:
        model = load(opts.contradiction_model)
        pairs = [tuple(k.split("\x00", 2)[1:]) for k in missing]
        # an NLI model reads a premise and a hypothesis, but a contradiction goes both
        # ways: the mean of both readings is steadier than either (README: model)
        probs = (score_pairs(model, pairs) + score_pairs(model, [(b, a) for a, b in pairs])) / 2
        new = {EmbeddingCache.key(k): np.array([p], dtype=np.float32) for k, p in zip(missing, probs)}
        cache_.put_many(new)
        known.update(new)
    for link, key in zip(todo, keys):
        link.p_contradiction = float(known[EmbeddingCache.key(key)][0])


#: Decision weights for (claim conflict, its relatedness, shared words, attribute
#: phrases, clauses, model P(contradiction), similarity, closest promise, the
#: promise its claims are most about, bias), fitted on the labelled benchmark by
#: ``python -m voicecheck.bench tune`` (see README for the leave-one-brand-out figures).
WEIGHTS = (2.493, 0.284, 0.671, 1.925, 0.048, 1.673, 0.895, 1.627, 1.139, -5.930)
#: The same, fitted without a contradiction model (``contradiction-model: none``), and its threshold.
WEIGHTS_NONE = (2.986, 0.338, 0.821, 2.350, 0.584, 0.000, 1.243, 1.700, 1.433, -6.994)
THRESHOLD_NONE = 0.69

#: Without a conflict between claims, the model alone may flag a passage only
#: when it is this sure and both sides assert something about one attribute.
MODEL_ALONE = 0.9
MODEL_ALONE_TOPIC = 0.6


def features(link: Link, model: float | None = None) -> "np.ndarray":
    """The decision inputs of one link (``model`` overrides its P(contradiction))."""
    best = link.conflicts[0] if link.conflicts else None
    if model is None:
        model = link.p_contradiction if link.p_contradiction is not None else 0.0
    parts = best.parts if best else (0.0, 0.0, 0.0)
    return np.array([best.score if best else 0.0, best.related if best else 0.0, *parts, model, link.similarity,
                     1.0 if link.rank == 0 else 0.0, 1.0 if link.claims_first else 0.0])


def eligible(link: Link, model: float | None = None) -> bool:
    """May this link become a finding at all? Only with a conflict between
    claims about the same attribute, or, for implicit contradictions, a sure
    model on two passages that assert something about one attribute. A hedge,
    a shared noun or a cue word alone never makes a finding."""
    if link.conflicts:
        return True
    if model is None:
        model = link.p_contradiction if link.p_contradiction is not None else 0.0
    return model >= MODEL_ALONE and link.topic >= MODEL_ALONE_TOPIC


def logistic(x: "np.ndarray", weights=WEIGHTS) -> float:
    """The decision score of a feature vector; ``weights`` ends with the bias."""
    w = np.asarray(weights, dtype=float)
    return 1.0 / (1.0 + math.exp(-float(x @ w[:-1] + w[-1])))


def combine(link: Link, weights=WEIGHTS) -> float:
    """One score in [0, 1]: a logistic function of the link's features, 0 for
    links that may not become findings (:func:`eligible`)."""
    if not eligible(link):
        return 0.0
    return logistic(features(link), weights)


def product_names(vocab) -> tuple[str, ...]:
    """The brand's names of several words ("Movara Plus", "Skyhold Teams"): its
    case-sensitive terms and their listed spellings, and the brand itself."""
    import re

    out = {vocab.brand} if vocab.brand else set()
    for term in vocab.terms:
        if term.case_sensitive:
            out.add(term.use)
            out.update(f for f in term.instead_of if f[:1].isupper())
    first = vocab.brand.split()[0] if vocab.brand.split() else ""
    if first:
        # "Lumen Plus", "Lumen Free" in the promises: the brand's word and the capitalised words after it
        for p in vocab.promises:
            out.update(m.group(0) for m in re.finditer(rf"\b{re.escape(first)}(?: [A-Z][\w+-]*){{1,2}}", p.text))
    return tuple(sorted(n for n in out if n and " " in n.strip()))


def synonyms(terms) -> dict[str, str]:
    """The brand's own synonyms: each banned word of a term stands for its
    preferred word ("customer" -> "member"), as claim keys (lower-case lemmas)."""
    from voicecheck.nlp.tokens import lemma_table

    table = lemma_table()
    out: dict[str, str] = {}
    for term in terms:
        use = term.use.lower().split()
        if not use:
            continue
        target = table.get(use[-1], use[-1])
        for form in term.instead_of:
            words = form.lower().split()
            if words and words[-1] != use[-1]:
                out[table.get(words[-1], words[-1])] = target
    return out


def will_parse(items: list[Passage], promises: tuple[Promise, ...], opts: Options, names: tuple[str, ...] = ()) -> bool:
    """Will :func:`analyze` parse (ahead of retrieval, without the embedding model)? When a
    promise has not been read, or a passage that has not been read is new to retrieval: its
    text (or, for one that :func:`retrieve` also reads with the sentence before it, that
    pair) has no cached vector. A passage that retrieval saw before, as it is now, and that
    was never read was linked to no promise then, and is not now (a passage's links depend
    on its own vectors, words and kinds, and on the promises). A wrong guess costs time only."""
    from voicecheck.promises import claims

    if not items or not promises:
        return False
    if claims.unread([p.text for p in promises], True, names, opts.cache_dir):
        return True
    todo = set(claims.unread([x.for_model for x in items], names=names, cache_dir=opts.cache_dir))
    if not todo or opts.cache_dir is None:
        return bool(todo)
    from voicecheck.nlp.embeddings import EmbeddingCache
    from voicecheck.promises.claims.signals import kinds as kinds_of

    texts = []
    for i, x in enumerate(items):
        if x.for_model in todo:
            texts.append(x.for_model)
            if _read_with_previous(items, i, kinds_of(x.text)):
                texts.append(_with_previous(items, i))
    return not EmbeddingCache(opts.cache_dir, opts.embedding_model).has_all(texts)


def analyze(segments: list[Segment], promises: tuple[Promise, ...], opts: Options,
            synonyms: dict[str, str] | None = None, brand: str = "", names: tuple[str, ...] = (),
            items: list[Passage] | None = None) -> list[Link]:
    """Links of the passages of ``segments`` (``items``: those passages, when the caller has them
    already) to the promises, judged and scored."""
    if items is None:
        items = passages(segments)
    if not items or not promises:
        return []
    from voicecheck.promises.claims.signals import of_claims

    promise_reading = read_promises(promises, names, opts.cache_dir)
    links = retrieve(items, promises, opts, [of_claims(promise_reading[p.id].claims) for p in promises], names)
    links = [lk for lk in links if not lk.promise.channels or lk.passage.segment.channel in lk.promise.channels]
    judge_claims(links, promises, opts, synonyms, promise_reading, frozenset(brand.lower().split()), names)
    judge_model(links, opts)
    weights = WEIGHTS_NONE if opts.contradiction_model == "none" else WEIGHTS
    for link in links:
        link.score = combine(link, weights)
    return links
