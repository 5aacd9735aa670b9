"""Queries over many keys (:mod:`voicecheck.nlp.sqlite_keys`): every row once, and no
statement with more host parameters than an older SQLite build allows."""
from __future__ import annotations

import sqlite3

import numpy as np

from voicecheck.nlp import embeddings
from voicecheck.nlp.embeddings import EmbeddingCache
from voicecheck.nlp.sqlite_keys import CHUNK, rows_for_keys
from voicecheck.promises.claims.store import ReadingStore


class Recording(sqlite3.Connection):
    """A connection that notes how many parameters each statement was given."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sizes: list[int] = []

    def execute(self, sql, parameters=(), /):
        self.sizes.append(len(parameters))
        return super().execute(sql, parameters)


def _db(n: int) -> Recording:
    db = sqlite3.connect(":memory:", factory=Recording)
    db.execute("CREATE TABLE t (key TEXT PRIMARY KEY, value INTEGER)")
    db.executemany("INSERT INTO t VALUES (?, ?)", [(f"k{i}", i) for i in range(n)])
    db.sizes.clear()
    return db


def test_every_row_comes_back_once_in_statements_of_at_most_chunk_keys():
    db = _db(1300)
    asked = [f"k{i}" for i in range(100, 1200)] + [f"missing{i}" for i in range(20)]
    rows = list(rows_for_keys(db, "SELECT key, value FROM t WHERE key IN ({keys})", asked))
    assert sorted(rows) == sorted((f"k{i}", i) for i in range(100, 1200))
    assert db.sizes == [CHUNK, CHUNK, len(asked) - 2 * CHUNK]


def test_a_count_is_one_row_per_chunk_and_stopping_early_asks_no_more():
    db = _db(1300)
    asked = [f"k{i}" for i in range(1100)]
    asked[CHUNK] = "missing"  # the first key of the second chunk
    counts = rows_for_keys(db, "SELECT COUNT(*) FROM t WHERE key IN ({keys})", asked)
    assert list(counts) == [(CHUNK,), (CHUNK - 1,), (1100 - 2 * CHUNK,)]
    first = next(rows_for_keys(db, "SELECT COUNT(*) FROM t WHERE key IN ({keys})", asked))
    assert first == (CHUNK,) and db.sizes == [CHUNK, CHUNK, 100, CHUNK]


def test_no_keys_no_statement():
    db = _db(3)
    assert list(rows_for_keys(db, "SELECT key FROM t WHERE key IN ({keys})", [])) == []
    assert db.sizes == []


def test_the_embedding_cache_finds_more_than_a_chunk_of_texts(tmp_path, monkeypatch):
    monkeypatch.setattr(embeddings, "_trusted", {})
    texts = [f"text {i}" for i in range(1100)]
    first = EmbeddingCache(tmp_path, "contradiction:test")
    first.put_many({EmbeddingCache.key(t): np.array([float(i)], dtype=np.float32) for i, t in enumerate(texts)})
    cache = EmbeddingCache(tmp_path, "contradiction:test")  # nothing in memory: every text is read from the file
    assert cache.has_all(texts)
    assert not cache.has_all([*texts, "not stored"])  # missing from the last chunk only
    found = cache.get_many([*texts, "not stored"])
    assert len(found) == 1100 and found[EmbeddingCache.key("text 1099")][0] == 1099.0


def test_the_reading_store_finds_more_than_a_chunk_of_keys(tmp_path):
    keys = [ReadingStore.key(f"text {i}", False, ()) for i in range(1100)]
    ReadingStore(tmp_path).put_many({k: [str(i)] for i, k in enumerate(keys)})
    store = ReadingStore(tmp_path)
    asked = [*keys, ReadingStore.key("not stored", False, ())]
    assert store.stored(asked) == set(keys)
    found = store.get_many(asked)
    assert len(found) == 1100 and found[keys[1099]] == ["1099"]
