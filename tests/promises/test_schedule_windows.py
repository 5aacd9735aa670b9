"""The schedule reader: days and hours written side by side are one window,
however spaCy's parse splits the clause; "weekends and holidays included"
is every day (real sentences, several wordings)."""
from __future__ import annotations

import pytest

from voicecheck.promises import claims


def _windows(text: str) -> list[tuple[str, str]]:
    return [(c.label(), c.span.text.rstrip(".")) for c in claims.read(text).of("schedule")]


@pytest.mark.parametrize("text, label, span", [
    # "9am" is parsed as a clause of its own here ("9" subject, "am" verb)
    ("Live chat is staffed Monday to Friday, 9am to 6pm Eastern.", "Mon-Fri 9am-6pm", "Monday to Friday, 9am to 6pm"),
    ("Phone lines are open Monday to Friday, 9am to 5pm Mountain Time.", "Mon-Fri 9am-5pm",
     "Monday to Friday, 9am to 5pm"),
    ("Our phones are open 9am to 6pm, Monday to Friday.", "Mon-Fri 9am-6pm", "9am to 6pm, Monday to Friday"),
    ("Chat is staffed Saturday and Sunday, 10am to 4pm.", "weekends 10am-4pm", "Saturday and Sunday, 10am to 4pm"),
    ("Our lines are open weekdays; 8am to 8pm.", "Mon-Fri 8am-8pm", "weekdays; 8am to 8pm"),
])
def test_days_and_hours_side_by_side_are_one_window(text, label, span):
    assert _windows(text) == [(label, span)]



@pytest.mark.parametrize("text, label, span", [
    ("Support is open every day, including weekends and holidays.", "every day",
     "every day, including weekends and holidays"),
    ("Our phone line is open weekends and holidays included.", "every day", "weekends and holidays included"),
])
def test_weekends_and_holidays_included_is_every_day(text, label, span):
    assert _windows(text) == [(label, span)]


def test_weekends_and_holidays_alone_are_the_weekend():
    assert _windows("We are closed on weekends and holidays.") == [("not weekends", "weekends and holidays")]
