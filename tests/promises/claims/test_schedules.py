"""Schedules: when something is available (or not), read from real sentences.

Days are numbered 0 (Monday) to 6 (Sunday); hours are 24-hour decimals.
"""
from __future__ import annotations

import pytest

from voicecheck.promises.claims import schedules
from voicecheck.promises.claims.schedules import ALL_DAYS, Window

from .conftest import bug, mentions, of, parse, show, texts_of

WEEKDAYS = frozenset(range(5))
WEEKEND = frozenset({5, 6})

# (sentence, days, hours, always, off, a word of what it is about)
WINDOWS = [
    # around the clock, in several wordings (a fragment included)
    ("Our support team is available 24/7.", ALL_DAYS, None, True, False, "support"),
    ("Real experts, day and night.", ALL_DAYS, None, True, False, "expert"),
    ("Chat with us around the clock.", ALL_DAYS, None, True, False, "chat"),
    ("Reach us any time, day or night.", ALL_DAYS, None, True, False, "reach"),
    # verbs joined by "or" share the object of the last: the window is said of deleting the data too
    ("Export or delete all of your data at any time, right in the app.", ALL_DAYS, None, True, False, "delete"),
    ("Open 24/7", ALL_DAYS, None, True, False, "open"),
    # every day, without hours: all days, but not "always"
    ("The store is open seven days a week.", ALL_DAYS, None, False, False, "store"),
    ("Our lines are open 7 days a week.", ALL_DAYS, None, False, False, "line"),
    ("We deliver every day, including weekends.", ALL_DAYS, None, False, False, "deliver"),
    # days and hours
    ("Our phone lines are open Monday to Friday, 9am to 5pm.", WEEKDAYS, (9.0, 17.0), False, False, "line"),
    ("Phone lines open Mon-Fri 8:00-18:00.", WEEKDAYS, (8.0, 18.0), False, False, "line"),
    ("Our helpline is open weekdays 8.30am–6pm.", WEEKDAYS, (8.5, 18.0), False, False, "helpline"),
    ("Customer service: Mon–Sat, 9am–7pm.", frozenset(range(6)), (9.0, 19.0), False, False, "service"),
    ("Live chat runs from 8am to 10pm every day.", ALL_DAYS, (8.0, 22.0), False, False, "chat"),
    ("Our clinic opens at weekends from 10am to 4pm.", WEEKEND, (10.0, 16.0), False, False, "clinic"),
    ("Our helpdesk is staffed during business hours.", None, (9.0, 17.0), False, False, "helpdesk"),
    # days alone
    ("Support is available on weekdays only.", WEEKDAYS, None, False, False, "support"),
    ("Orders are dispatched Monday through Friday.", WEEKDAYS, None, False, False, "dispatch"),
    ("Our advisors are on hand Tuesday through Saturday.", frozenset(range(1, 6)), None, False, False, "advisor"),
    ("Collections are available on Saturdays.", frozenset({5}), None, False, False, "collection"),
    ("Weekend support is available for Business customers.", WEEKEND, None, False, False, "support"),
    # when it is NOT available: closed, shut, not, no
    ("Closed on Sundays.", frozenset({6}), None, False, True, "close"),
    ("We're closed on Sundays and bank holidays.", frozenset({6}), None, False, True, "close"),
    ("Our office is shut on Saturdays and Sundays.", WEEKEND, None, False, True, "office"),
    ("We don't answer calls at weekends.", WEEKEND, None, False, True, "answer"),
    ("No weekend deliveries.", WEEKEND, None, False, True, "delivery"),
    # readers get these wrong
    pytest.param("Our team is offline on weekends.", WEEKEND, None, False, True, "team"),
    pytest.param("We're open from 10 to 6 on Saturdays.", frozenset({5}), (10.0, 18.0), False, False, "open",
                 marks=bug("bare hours '10 to 6' (no am/pm) are not read as a time range: hours None")),
    pytest.param("No contract, cancel any time.", ALL_DAYS, None, True, False, "cancel",
                 marks=bug("the parse makes 'No contract' the subject of 'cancel', so the clause reads as negated "
                           "and 'any time' becomes an off window")),
    pytest.param("Phone support: weekdays 9-5.", WEEKDAYS, (9.0, 17.0), False, False, "support",
                 marks=bug("'9-5' after a day set is not read as hours: hours None")),
]

# Days and hours that are not availability: events on a day, lengths of time
NO_WINDOW = [
    "Our busiest time is Monday morning.",
    "Sign up on Friday and get a bonus.",
    "Delivery takes 3 business days.",
    "We reply within two working days.",
    "Your order arrived on Tuesday.",
    "We released a new version last Monday.",
]


@pytest.fixture(scope="module")
def reading():
    return parse(texts_of(WINDOWS, NO_WINDOW))


@pytest.mark.parametrize("text,days,hours,always,off,about", WINDOWS)
def test_window(reading, text, days, hours, always, off, about):
    r = reading[text]
    found = of(r, schedules.KIND)
    assert len(found) == 1, show(r)
    c = found[0]
    w = c.value
    assert w.days == days, show(r)
    assert w.hours == (pytest.approx(hours) if hours else None), show(r)
    assert w.always is always, show(r)
    assert w.off is off, show(r)
    assert mentions(c, about), show(r)


@pytest.mark.parametrize("text", NO_WINDOW)
def test_no_window(reading, text):
    assert not of(reading[text], schedules.KIND), show(reading[text])


def test_only_on_weekdays_is_restricted(reading):
    (c,) = of(reading["Support is available on weekdays only."], schedules.KIND)
    assert any(m.kind == "only" for m in c.scope)


@pytest.mark.parametrize("window,label", [
    (Window(ALL_DAYS, None, always=True), "24/7"),
    (Window(WEEKDAYS, (9.0, 17.0)), "Mon-Fri 9am-5pm"),
    (Window(WEEKEND, None), "weekends"),
    (Window(frozenset({6}), None, off=True), "not Sun"),
    (Window(frozenset(range(1, 6)), (8.5, 18.0)), "Tue-Sat 8:30am-6pm"),
    (Window(None, (12.0, 24.0)), "noon-midnight"),
])
def test_label(window, label):
    assert window.label() == label


def test_cells_turn_around_when_off():
    sundays = Window(frozenset({6}), None)
    closed_sundays = Window(frozenset({6}), None, off=True)
    assert len(sundays.cells()) == 24
    assert len(closed_sundays.cells()) == 6 * 24
    assert not sundays.cells() & closed_sundays.cells()


def test_overnight_hours_wrap():
    evenings = Window(WEEKDAYS, (22.0, 6.0))
    assert (0, 23) in evenings.cells() and (0, 3) in evenings.cells() and (0, 12) not in evenings.cells()
