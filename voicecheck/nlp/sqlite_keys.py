"""Queries over a list of keys, a bounded number of keys per statement.

``WHERE key IN (?, ?, …)`` takes one host parameter per key, and SQLite refuses a
statement with more than its limit, so the on-disk caches (embeddings, readings)
ask for long lists of keys in chunks.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence

CHUNK = 500  # SQLite's default limit on host parameters is 999 (older builds); 500 leaves room


def rows_for_keys(db: sqlite3.Connection, sql: str, keys: Sequence[str]) -> Iterator[tuple]:
    """Rows of ``sql`` (one ``{keys}`` placeholder where the ``?`` list goes) for every key,
    ``CHUNK`` keys per statement, chunk by chunk in order (a ``COUNT(*)`` gives one row per
    chunk). Lazy: a caller that stops early asks no more, and errors come where it iterates."""
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start:start + CHUNK]
        # not ``yield from``: it would close the cursor when the caller stops early, which
        # raises once the caller has closed the connection
        for row in db.execute(sql.replace("{keys}", ",".join("?" * len(chunk))), chunk):
            yield row
