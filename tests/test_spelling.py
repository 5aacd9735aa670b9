"""English variants: the variant a path names, and respelling between American, British and
Canadian English (used for the locale files of another English, see tests/test_fixes.py)."""
from __future__ import annotations

import pytest

from voicecheck.spelling import respell, variant_of

PAIRS = [  # American, British
    ("organization", "organisation"), ("organizations", "organisations"), ("customized", "customised"),
    ("analyze", "analyse"), ("color", "colour"), ("favorite", "favourite"), ("behavior", "behaviour"),
    ("center", "centre"), ("license", "licence"), ("defense", "defence"), ("catalog", "catalogue"),
    ("canceled", "cancelled"), ("traveler", "traveller"), ("enroll", "enrol"), ("gray", "grey"),
    ("Organization settings", "Organisation settings"), ("SYNCHRONIZE COLORS", "SYNCHRONISE COLOURS"),
]
SAME = ["meter", "program", "check", "tire", "actor", "error", "member", "order", "water", "advertise", "promise",
        "exercise", "prize", "visited"]


@pytest.mark.parametrize("american,british", PAIRS)
def test_american_and_british_both_ways(american, british):
    assert respell(american, "en-US", "en-GB") == british
    assert respell(british, "en-GB", "en-US") == american
    assert respell(american, "en-US", "en-AU") == british  # Australian spells as British


@pytest.mark.parametrize("word", SAME)
def test_words_with_one_spelling_or_two_meanings_are_left_alone(word):
    assert respell(word, "en-US", "en-GB") == word and respell(word, "en-GB", "en-US") == word


def test_canadian_takes_our_and_re_but_keeps_ize():
    assert respell("color of the organization center", "en-US", "en-CA") == "colour of the organization centre"
    assert respell("colour of the organisation centre", "en-GB", "en-CA") == "colour of the organization centre"


@pytest.mark.parametrize("path,variant", [
    ("locales/en-GB.json", "en-GB"), ("res/values-en-rGB/strings.xml", "en-GB"), ("po/messages.en_AU.po", "en-AU"),
    ("config/locales/en_gb/app.yml", "en-GB"), ("en-US.lproj/Localizable.strings", "en-US"),
    ("locales/en.json", None), ("content/green-energy.md", None), ("docs/screen_ca.md", None),
])
def test_the_variant_a_path_names(path, variant):
    assert variant_of(path) == variant
