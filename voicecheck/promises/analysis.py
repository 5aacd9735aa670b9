"""Link passages to the promises they are about, and judge each link.

1. **Retrieval.** Every passage (sentence) and every promise is embedded with
   sentence-transformers (cached on disk); each passage is linked to its top-k
   promises above a similarity floor, so the judgment runs on O(k × passages)
   pairs, never passages × promises.
2. **Facets.** Promise and passage are read into structured facets
   (quantities, availability, polarity, modality, channel, agent, scope,
   antonyms) and compared (:mod:`voicecheck.promises.facets`).
3. **Model.** When a contradiction model is available, it scores each link:
   P(contradiction) with the passage as premise and the promise as hypothesis.
4. **Decision.** One score per link from those three signals
   (:func:`combine`); links at or above the threshold become findings.

Everything model-related is imported lazily; nothing here prints.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from voicecheck.config import PROMISE_DEFAULTS
from voicecheck.promises.passages import Passage, passages
from voicecheck.segments import Segment
from voicecheck.vocab import Promise

DEFAULTS = PROMISE_DEFAULTS


@dataclass
class Link:
    passage: Passage
    promise: Promise
    similarity: float
    rank: int  # 0 for the promise the passage is closest to
    conflicts: list = field(default_factory=list)  # facets.Conflict, strongest first
    p_contradiction: float | None = None
    score: float = 0.0
    facets: tuple = ()  # (promise facets, passage facets) once judged: coverage reads agreements from them


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
        """From the config's ``promises:`` mapping (validated by voicecheck.config)."""
        merged = {**DEFAULTS, **raw}
        return cls(str(merged["embedding-model"]), str(merged["contradiction-model"]), int(merged["top-k"]),
                   float(merged["similarity-floor"]), float(merged["threshold"]), cache_dir)


_STOP = frozenset("""a an the and or but if of to in on at by for with from as is are be been was were it its
this that these those you your we our us they their he she his her i me my not no can will would should could
may might must do does did have has had get got any all every each more most than then there here when what
which who how about into out up down over under after before so just also only very""".split())


def _content_lemmas(text: str) -> set[str]:
    from voicecheck.nlp.tokens import make_doc

    return {t.norm_ for t in make_doc(text) if t.norm_.isalpha() and len(t.norm_) > 2 and t.norm_ not in _STOP}


def retrieve(items: list[Passage], promises: tuple[Promise, ...], opts: Options) -> list[Link]:
    """Top-k promises per passage above the similarity floor.

    Similarity is the embeddings' cosine plus a small bonus for each content
    word the passage shares with the promise that no other promise uses
    ("trial", "refund"): embeddings of short product sentences are dominated
    by the brand and product names they all share."""
    from voicecheck.nlp.embeddings import EmbeddingCache, embed

    if not items or not promises:
        return []
    cache_ = EmbeddingCache(opts.cache_dir, opts.embedding_model)
    pv = embed([p.text for p in promises], opts.embedding_model, cache_)
    xv = embed([x.for_model for x in items], opts.embedding_model, cache_)
    sims = xv @ pv.T
    promise_words = [_content_lemmas(p.text) for p in promises]
    seen: dict[str, int] = {}
    for words in promise_words:
        for w in words:
            seen[w] = seen.get(w, 0) + 1
    distinctive = [{w for w in words if seen[w] == 1} for words in promise_words]
    links: list[Link] = []
    k = max(1, min(opts.top_k, len(promises)))
    for i, x in enumerate(items):
        words = _content_lemmas(x.text)
        bonus = np.array([LEXICAL_BONUS * min(2, len(words & d)) for d in distinctive])
        row = sims[i] + bonus
        order = np.argsort(-row)[:k]
        for rank, j in enumerate(order):
            s = float(row[j])
            if s >= opts.similarity_floor:
                links.append(Link(x, promises[j], float(sims[i, j]), rank))
    return links


#: Retrieval bonus per distinctive content word shared with a promise (at most two).
LEXICAL_BONUS = 0.1


def judge_facets(links: list[Link], promises: tuple[Promise, ...]) -> None:
    from voicecheck.promises.facets import Facets, background, compare, extract

    promise_facets = {}
    for p in promises:
        f = extract(p.text)
        if p.facets:
            f = f.merged(Facets.from_yaml(p.facets))
        promise_facets[p.id] = f
    common = background(promise_facets.values())  # names that tie a passage to the brand, not to one promise
    passage_facets: dict[tuple[int, int, int], Any] = {}
    for link in links:
        key = (id(link.passage.segment), link.passage.start, link.passage.end)
        if key not in passage_facets:
            passage_facets[key] = extract(link.passage.text)
        link.facets = (promise_facets[link.promise.id], passage_facets[key])
        link.conflicts = compare(*link.facets, common=common)


def judge_model(links: list[Link], opts: Options) -> None:
    """P(contradiction) from the contradiction model, when one is configured, for
    the links it can decide: those whose score would reach the threshold if the
    model said "contradiction" for sure. The others stay below the threshold
    whatever it says, so scoring them would only cost time."""
    if opts.contradiction_model == "none" or not links:
        return
    todo = [link for link in links if logistic(features(link, model=1.0)) >= opts.threshold]
    if not todo:
        return
    from voicecheck.nlp.embeddings import EmbeddingCache
    from voicecheck.promises.model import identity, load, score_pairs

    # scores are cached like embeddings, keyed by the model and the pair, so an
    # unchanged passage never needs the model again
    cache_ = EmbeddingCache(opts.cache_dir, identity(opts.contradiction_model))
    keys = [f"{link.passage.for_model}\x00{link.promise.text}" for link in todo]
    known = cache_.get_many(keys)
    missing = sorted({k for k in keys if EmbeddingCache.key(k) not in known})
    if missing:
        model = load(opts.contradiction_model)
        probs = score_pairs(model, [tuple(k.split("\x00", 1)) for k in missing])
        new = {EmbeddingCache.key(k): np.array([p], dtype=np.float32) for k, p in zip(missing, probs)}
        cache_.put_many(new)
        known.update(new)
    for link, key in zip(todo, keys):
        link.p_contradiction = float(known[EmbeddingCache.key(key)][0])


#: Decision weights for (facet strength, model P(contradiction), similarity,
#: closest promise, bias), fitted on the labelled benchmark by
#: ``python -m voicecheck.bench tune`` (see README for the leave-one-brand-out figures).
WEIGHTS = (6.731, 0.806, -0.884, 1.847, -3.161)


def features(link: Link, model: float | None = None) -> "np.ndarray":
    """The decision inputs of one link (``model`` overrides its P(contradiction))."""
    facet = link.conflicts[0].strength if link.conflicts else 0.0
    if model is None:
        model = link.p_contradiction if link.p_contradiction is not None else 0.0
    return np.array([facet, model, link.similarity, 1.0 if link.rank == 0 else 0.0])


def logistic(x: "np.ndarray", weights=WEIGHTS) -> float:
    """The decision score of a feature vector; ``weights`` ends with the bias."""
    w = np.asarray(weights, dtype=float)
    return 1.0 / (1.0 + math.exp(-float(x @ w[:-1] + w[-1])))


def combine(link: Link, weights=WEIGHTS) -> float:
    """One score in [0, 1]: a logistic function of the link's features.

    A structural conflict is strong evidence on its own; the model adds
    evidence where no facet fired (paraphrased and implicit cases); similarity
    and rank keep flags on the promise the passage is really about."""
    return logistic(features(link), weights)


def analyze(segments: list[Segment], promises: tuple[Promise, ...], opts: Options) -> list[Link]:
    items = passages(segments)
    links = retrieve(items, promises, opts)
    links = [lk for lk in links if not lk.promise.channels or lk.passage.segment.channel in lk.promise.channels]
    judge_facets(links, promises)
    judge_model(links, opts)
    for link in links:
        link.score = combine(link)
    return links
