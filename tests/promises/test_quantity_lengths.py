"""The quantity reader: a length said emphatically ("two full years") is a
length of time, not a count of years; a day named in a possessive
("tomorrow's pack") is not a length at all (real sentences, several wordings)."""
from __future__ import annotations

import pytest

from voicecheck.promises import claims


def _amounts(text: str) -> list[tuple[str, float, str, str]]:
    return [(c.value.dim, round(c.value.low, 3), c.value.unit, c.span.text) for c in claims.read(text).of("quantity")]


@pytest.mark.parametrize("text, dim, days, unit, span", [
    ("Tidecast keeps your download stats for two full years, so you can compare seasons.",
     "time", 730, "year", "two full years"),
    ("You get 30 full days to try every feature.", "time", 30, "day", "30 full days"),
    ("Refunds are possible for 14 whole days after delivery.", "time", 14, "day", "14 whole days"),
    ("We keep the archive for three entire months.", "time", 91.2, "month", "three entire months"),
    ("The trial lasts a full week.", "time", 7, "week", "a full week"),
])
def test_full_whole_entire_before_a_time_unit(text, dim, days, unit, span):
    assert _amounts(text) == [(dim, days, unit, span)]


def test_full_before_another_noun_is_still_a_count():
    assert _amounts("Your plan includes two full backups.") == [("count", 2, "backup", "two full backups")]


@pytest.mark.parametrize("text, spans", [
    ("Move tomorrow's pack to the fridge 24 hours before serving.", ["24 hours"]),
    ("Next week's menu is already live.", []),
    ("Tomorrow's delivery is on its way.", []),
])
def test_a_day_named_in_a_possessive_is_no_length_of_time(text, spans):
    assert [span for *_, span in _amounts(text)] == spans


@pytest.mark.parametrize("text, span", [
    ("Orders placed by noon ship the next day.", "next day"),
    ("Your refund arrives tomorrow.", "tomorrow"),
])
def test_a_length_said_without_a_number_is_still_read(text, span):
    assert [s for *_, s in _amounts(text)] == [span]
