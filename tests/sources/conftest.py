"""Shared helpers for the format parser tests: load a fixture, find a segment, locate a word."""
from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from voicecheck.sources import Parsed, parse, read_source

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "sources"


@pytest.fixture
def load():
    """``load(name)`` parses ``tests/fixtures/sources/<name>`` the way the CLI reads it."""
    def _load(name: str) -> Parsed:
        return parse(read_source(FIXTURES / name, name))
    return _load


@pytest.fixture
def load_variant(tmp_path):
    """``load_variant(name, crlf=True, bom=True)``: the fixture rewritten with CRLF line
    endings and/or a UTF-8 byte order mark, then read and parsed."""
    def _load(name: str, crlf: bool = True, bom: bool = True) -> Parsed:
        text = (FIXTURES / name).read_text(encoding="utf-8")
        if crlf:
            text = text.replace("\n", "\r\n")
        data = text.encode("utf-8")
        if bom:
            data = codecs.BOM_UTF8 + data
        path = tmp_path / name
        path.write_bytes(data)
        return parse(read_source(path, name))
    return _load


def segment(parsed: Parsed, key: str):
    found = [s for s in parsed.segments if s.key == key]
    assert len(found) == 1, f"{key!r}: {[s.key for s in parsed.segments]}"
    return found[0]


def where(seg, word: str) -> tuple[int, int]:
    """(line, column) of the first occurrence of ``word`` in the segment's text."""
    pos = seg.position(seg.text.index(word))
    return pos.line, pos.column


def source_of(seg, index: int) -> str:
    """The source text that produced ``seg.text[index]`` (an escape, an entity…)."""
    span = seg.source_span(index, index + 1)
    return seg.source.text[span.start:span.end]


def source(name: str):
    """The fixture file ``name`` read as the CLI reads it (not parsed)."""
    return read_source(FIXTURES / name, name)


def texts(parsed):
    """(context, text) of every segment."""
    return [(s.context, s.text) for s in parsed.segments]


def seg_with(parsed, fragment: str):
    """The one segment whose text holds ``fragment``."""
    found = [s for s in parsed.segments if fragment in s.text]
    assert len(found) == 1, f"{fragment!r} in {len(found)} segments"
    return found[0]
