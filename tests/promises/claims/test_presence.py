"""Presence: whether something is there or not (ads, a recipe card, batteries)."""
from __future__ import annotations

import pytest

from voicecheck.promises.claims import presence

from .conftest import bug, mentions, of, parse, show, texts_of

# (sentence, present?, a word of the thing)
THINGS = [
    # absent: no / zero / X-free / doesn't include / never show / doesn't come with
    ("Stream with no ads.", False, "ad"),
    ("The app is completely ad-free.", False, "ad"),
    ("Premium doesn't include ads.", False, "ad"),
    ("We never show ads to Premium members.", False, "ad"),
    ("There are no ads on Premium.", False, "ad"),
    ("There are no hidden extras.", False, "extra"),
    ("The kit doesn't come with batteries.", False, "battery"),
    ("Our plans have no setup fees and no contracts.", False, "contract"),
    # present: includes / comes with / ships with / appear / there are
    ("The free plan includes short ads.", True, "ad"),
    ("The basic plan shows ads between songs.", True, "ad"),
    ("Every box comes with a recipe card.", True, "card"),
    ("Ads appear between episodes.", True, "ad"),
    ("There are ads on the free plan.", True, "ad"),
    ("There is a short ad before each video.", True, "ad"),
    ("Your kit ships with a charging cable.", True, "cable"),
    ("Each order arrives with a printed invoice.", True, "invoice"),
    ("The plan contains three video lessons.", True, "lesson"),
    ("Your exports include a watermark.", True, "watermark"),
    # readers get these wrong
    pytest.param("Listen without ads.", False, "ad",
                 marks=bug("'without ads' is read as a requirement (ads not required), not as ads being absent")),
    pytest.param("We don't add a watermark to your exports.", False, "watermark",
                 marks=bug("'add' with a person as subject ('we don't add') is skipped: no presence claim")),
]

# "no X" idioms, and absences other readers own (fees: cost; "no card required": requirements)
NO_PRESENCE = [
    "No worries if you miss a delivery.",
    "There's no catch.",
    "No problem at all.",
    "No payment card required.",
    "No early cancellation fees.",
    "There's no need to call.",
    pytest.param("Hands-free calling works in every car.",
                 marks=bug("'hands-free' is read like 'ad-free': hands said to be absent")),
]


@pytest.fixture(scope="module")
def reading():
    return parse(texts_of(THINGS, NO_PRESENCE))


@pytest.mark.parametrize("text,present,word", THINGS)
def test_there_or_not(reading, text, present, word):
    r = reading[text]
    found = [c for c in of(r, presence.KIND) if mentions(c, word)]
    assert found, show(r)
    assert all(c.value.present is present for c in found), show(r)


@pytest.mark.parametrize("text", NO_PRESENCE)
def test_no_presence(reading, text):
    assert not of(reading[text], presence.KIND), show(reading[text])


@pytest.mark.parametrize("p,x,conflict", [(True, False, True), (False, True, True), (True, True, False),
                                          (False, False, False)])
def test_conflict(p, x, conflict):
    assert (presence.conflict(presence.There(p), presence.There(x)) > 0) is conflict
