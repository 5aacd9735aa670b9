"""Shared helpers for the claim-reader tests.

Every test here reads real sentences with spaCy's trained English pipeline
(en_core_web_sm 3.8.0, :func:`voicecheck.nlp.models.get_parser`). When the
pipeline is not installed, the whole folder is skipped with the reason the
loader gives, instead of failing test by test.

Each test module parses all of its sentences in one batch (a module-scoped
fixture over :func:`parse`), so the folder stays fast.
"""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


@cache
def parser_problem() -> str:
    """Why the trained English pipeline can't be used here, or ""."""
    try:
        from voicecheck.nlp.models import get_parser

        get_parser()
    except ImportError as exc:
        return f"spaCy is not installed ({exc})"
    except Exception as exc:  # noqa: BLE001 - ModelError or a broken package: the reason is the message
        return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return ""


def pytest_collection_modifyitems(config, items):
    mine = [item for item in items if HERE in Path(str(item.path)).resolve().parents]
    if not mine:
        return
    problem = parser_problem()
    if problem:
        skip = pytest.mark.skip(reason=f"the claim readers need spaCy's trained English pipeline: {problem}")
        for item in mine:
            item.add_marker(skip)


# --------------------------------------------------------------------------
# helpers for the test modules (import with ``from .conftest import ...``)
# --------------------------------------------------------------------------


def bug(reason: str):
    """A reader gets this sentence wrong: expected to fail, and to keep failing until it is fixed."""
    return pytest.mark.xfail(strict=True, reason=reason)


def texts_of(*case_lists) -> list[str]:
    """The sentence (first value) of every case in parametrize lists."""
    out = []
    for cases in case_lists:
        for case in cases:
            values = case.values if hasattr(case, "values") else case
            out.append(values[0] if isinstance(values, (tuple, list)) else values)
    return out


def parse(texts, promise: bool = False) -> dict:
    """{text: Reading}, every text parsed in one batch."""
    from voicecheck.promises.claims import read_many

    texts = list(dict.fromkeys(texts))
    return dict(zip(texts, read_many(texts, promise)))


def of(reading, kind: str) -> list:
    """The claims of one kind in a reading."""
    return [c for c in reading.claims if c.kind == kind]


def mentions(claim, word: str) -> bool:
    """Is ``word`` part of what the claim is about: one of its key lemmas, or a word of its
    attribute phrase that starts with it ("return" in "Returns accepted")?"""
    word = word.lower()
    return word in claim.keys or re.search(rf"(?<![\w]){re.escape(word)}", claim.about.lower()) is not None


def show(reading) -> str:
    """The claims of a reading, one per line, for assertion messages."""
    if not reading.asserts:
        return f"asserts nothing ({reading.why_not})"
    return "\n".join(f"{c.kind}: {c.value!r} about {c.about!r} keys={sorted(c.keys)}" for c in reading.claims) \
        or "no claims"
