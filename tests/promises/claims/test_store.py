"""The on-disk cache of readings (:mod:`voicecheck.promises.claims.store`).

A run over unchanged content must find every reading in the cache and load
no parser: that is what keeps a pre-commit run on one changed file fast.
"""
from __future__ import annotations

import pytest

import voicecheck.nlp.models as models
import voicecheck.promises.claims as claims
from voicecheck.promises.claims.store import ReadingStore, decode, encode

PROMISES = ["Cancel anytime, no fees.", "Lumen Plus members get 2 TB of storage.",
            "Our team answers within 1 hour, 24/7."]
# names of equal length: only their order tells them apart
NAMES = ["Lumen Plus", "Lumen Free", "Lumen Team", "Lumen Lite"]


@pytest.fixture
def fresh(monkeypatch):
    """read_many without its per-process memory, as in a new process."""
    monkeypatch.setattr(claims, "_cache", {})
    return monkeypatch


def test_readings_round_trip_through_json():
    for reading in claims.read_many(PROMISES, promise=True):
        assert decode(encode(reading)) == reading


def test_second_run_parses_nothing(tmp_path, fresh):
    first = claims.read_many(PROMISES, promise=True, names=tuple(NAMES), cache_dir=tmp_path)
    fresh.setattr(claims, "_cache", {})

    def no_parser():
        raise AssertionError("the parser was loaded although every reading is cached")

    fresh.setattr(models, "get_parser", no_parser)
    # the names come from a set in the engine: another process may list them in another order
    again = claims.read_many(PROMISES, promise=True, names=tuple(reversed(NAMES)), cache_dir=tmp_path)
    assert again == first


def test_name_order_is_independent_of_input_order():
    assert claims.name_order(NAMES) == claims.name_order(reversed(NAMES)) == claims.name_order(set(NAMES))
    assert claims.name_order(["Lumen Plus", "Lumen Plus Team", "Solo"]) == ("Lumen Plus Team", "Lumen Plus")


def test_unreadable_cache_is_a_warning_and_the_run_goes_on(tmp_path, fresh):
    store = ReadingStore(tmp_path)
    store.path.write_bytes(b"this is not a SQLite file" * 100)
    with pytest.warns(UserWarning, match="claims cache"):
        out = claims.read_many(PROMISES[:1], promise=True, cache_dir=tmp_path)
    assert out[0].claims


def test_brand_name_forms_are_cached_too(tmp_path, fresh):
    from voicecheck.promises.compare import Relater

    first = Relater(None, names=["Lumen Plus"], cache_dir=tmp_path).names
    assert {"lumen", "plus"} <= first

    def no_parser():
        raise AssertionError("the parser was loaded for name forms already cached")

    fresh.setattr(models, "get_parser", no_parser)
    assert Relater(None, names=["Plus Lumen"], cache_dir=tmp_path).names == first
