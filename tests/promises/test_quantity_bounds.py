"""The quantity reader's bounds: "exceed" is a lower bound that a negation
turns into a limit ("must not exceed 10 MB"), and filler verbs between a
bound and its number ("must at least be of 1 character") keep the bound
(real sentences, several wordings)."""
from __future__ import annotations

import pytest

from voicecheck.promises import claims


def _bounds(text: str) -> list[tuple[str, float, str]]:
    return [(c.value.bound, round(c.value.low, 3), c.value.unit) for c in claims.read(text).of("quantity")]


@pytest.mark.parametrize("text, found", [
    ("Cycle duration cannot exceed 30 weeks", [("max", 210, "week")]),
    ("Label name should not exceed 255 characters", [("max", 255, "character")]),
    ("Uploads must not exceed 10 MB.", [("max", 0.01, "MB")]),
    ("Files that exceed 25 MB are rejected.", [("min", 0.025, "MB")]),
    ("Your message exceeds 500 characters.", [("min", 500, "character")]),
])
def test_exceed_is_a_bound_and_not_exceed_a_limit(text, found):
    assert _bounds(text) == found


@pytest.mark.parametrize("text, found", [
    ("Project ID must at least be of 1 character", [("min", 1, "character")]),
    ("Project ID must at most be of 5 characters", [("max", 5, "character")]),
    ("Passwords must at least be 8 characters long.", [("min", 8, "character")]),
    ("Names can at most be 50 characters.", [("max", 50, "character")]),
])
def test_filler_verbs_between_a_bound_and_its_number(text, found):
    assert _bounds(text) == found


def test_a_number_after_be_without_a_bound_stays_a_value():
    assert _bounds("Most of 5 plans include it.") == [("eq", 5, "plan")]
