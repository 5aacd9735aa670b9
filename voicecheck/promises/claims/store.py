"""An on-disk cache of readings, so a second run over unchanged content parses nothing.

Readings are stored as JSON (never pickle: a cache file must not be able to
run code), in one SQLite file beside the embedding cache, keyed by a hash of
the text, how it was read (promise or passage, the product names joined) and
the readers' own version: a hash of this package's source files and word
lists, so any change to a reader invalidates what it read before. A cache
that can't be read or written is left alone with a warning and the run
goes on without it.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3
import warnings
from functools import cache
from pathlib import Path
from typing import Callable

from voicecheck.nlp.sqlite_keys import rows_for_keys
from voicecheck.promises.claims import base


@cache
def _classes() -> dict[str, type]:
    from voicecheck.promises.claims import channels, cost, polarity, presence, quantities, requirements, schedules

    out = {}
    for module in (base, channels, cost, polarity, presence, quantities, requirements, schedules):
        for name in dir(module):
            obj = getattr(module, name)
            if isinstance(obj, type) and dataclasses.is_dataclass(obj) and obj.__module__ == module.__name__:
                out[f"{module.__name__.rsplit('.', 1)[-1]}.{name}"] = obj
    return out


def _tag(cls: type) -> str:
    return f"{cls.__module__.rsplit('.', 1)[-1]}.{cls.__name__}"


def encode(obj):
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {"@": _tag(type(obj)), **{f.name: encode(getattr(obj, f.name)) for f in dataclasses.fields(obj)}}
    if isinstance(obj, frozenset):
        return {"@": "frozenset", "items": sorted((encode(x) for x in obj), key=repr)}
    if isinstance(obj, tuple):
        return {"@": "tuple", "items": [encode(x) for x in obj]}
    if isinstance(obj, list):
        return [encode(x) for x in obj]
    if obj is None or isinstance(obj, (str, int, float, bool)):
        return obj
    raise TypeError(f"can't store {type(obj).__name__}")


def decode(data):
    if isinstance(data, list):
        return [decode(x) for x in data]
    if isinstance(data, dict):
        tag = data.get("@")
        if tag == "frozenset":
            return frozenset(decode(x) for x in data["items"])
        if tag == "tuple":
            return tuple(decode(x) for x in data["items"])
        cls = _classes().get(tag)
        if cls is None:
            raise ValueError(f"unknown stored type {tag!r}")
        return cls(**{k: decode(v) for k, v in data.items() if k != "@"})
    return data


@cache
def version() -> str:
    """A hash of the readers' source and word lists."""
    folder = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for path in sorted([*folder.glob("*.py"), *(folder / "data").glob("*.yaml")]):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    from voicecheck.nlp.models import PARSER_RELEASE

    h.update(PARSER_RELEASE.encode())
    return h.hexdigest()[:16]


class ReadingStore:
    """Readings by text, in ``<cache_dir>/claims-<version>.sqlite3``."""

    def __init__(self, cache_dir: Path | None):
        self.path = Path(cache_dir) / f"claims-{version()}.sqlite3" if cache_dir else None
        self._db = None

    @staticmethod
    def key(text: str, promise: bool, names: tuple[str, ...]) -> str:
        raw = json.dumps([text, promise, list(names)], ensure_ascii=False)
        return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()

    def _open(self):
        if self._db is None and self.path is not None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(self.path)
                self._db.execute("CREATE TABLE IF NOT EXISTS reading (key TEXT PRIMARY KEY, data TEXT NOT NULL)")
            except (OSError, sqlite3.Error) as exc:
                warnings.warn(f"claims cache {self.path} can't be used ({exc}); reading without it", stacklevel=2)
                self.path, self._db = None, None
        return self._db

    def get_many(self, keys: list[str]) -> dict[str, "base.Reading | list"]:
        db = self._open()
        out: dict[str, base.Reading] = {}
        if db is None or not keys:
            return out
        try:
            for key, data in rows_for_keys(db, "SELECT key, data FROM reading WHERE key IN ({keys})", keys):
                try:
                    out[key] = decode(json.loads(data))
                except (ValueError, TypeError, KeyError):
                    continue  # a row this version can't read: read the text again
        except sqlite3.Error as exc:
            warnings.warn(f"claims cache {self.path} can't be read ({exc}); reading without it", stacklevel=2)
            self.path, self._db = None, None
        return out

    def stored(self, keys: list[str]) -> set[str]:
        """The keys stored (readable or not), asked read-only and quietly: none when the
        store is missing or can't be read (:meth:`get_many` says why, once)."""
        if not keys or self.path is None or not self.path.is_file():
            return set()
        try:
            db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)
        except sqlite3.Error:
            return set()
        out: set[str] = set()
        try:
            out.update(key for (key,) in rows_for_keys(db, "SELECT key FROM reading WHERE key IN ({keys})", keys))
        except sqlite3.Error:
            return set()
        finally:
            db.close()
        return out

    def put_many(self, items: dict[str, "base.Reading | list"]) -> None:
        db = self._open()
        if db is None or not items:
            return
        try:
            with db:
                db.executemany("INSERT OR REPLACE INTO reading VALUES (?, ?)",
                               [(k, json.dumps(encode(v), ensure_ascii=False)) for k, v in items.items()])
        except sqlite3.Error as exc:
            warnings.warn(f"claims cache {self.path} can't be written ({exc}); reading without it", stacklevel=2)
            self.path, self._db = None, None


def remembered(cache_dir, label: str, compute: Callable[[], list[str]]) -> list[str]:
    """Words that only the parser can give (a brand's name lemmas, its stop
    words), kept beside the readings under ``label``: a run whose readings are
    all cached then loads no parser for them."""
    store = ReadingStore(cache_dir) if cache_dir is not None else None
    key = ReadingStore.key(label, False, ("remembered",))
    if store is not None:
        found = store.get_many([key]).get(key)
        if isinstance(found, list) and all(isinstance(w, str) for w in found):
            return found
    words = sorted(compute())
    if store is not None:
        store.put_many({key: words})
    return words
