"""Suggested rewrites for promise conflicts whose conflict is a value (voicecheck.rewrites),
built from the finding's evidence text alone."""
from __future__ import annotations

import pytest

from voicecheck.findings import Finding
from voicecheck.rewrites import apply, evidence_phrases, suggest, values


def contradiction(*details: str, kind: str = "contradiction", facet: str = "quantity") -> Finding:
    evidence = tuple((facet, d) for d in details) + (("model", "P(contradiction) = 1.00"),
                                                     ("retrieval", "similarity 0.68 (rank 1)"))
    return Finding("a.md", 1, 1, 1, 5, "VC301", kind, "error", "m", promise="p", evidence=evidence)


@pytest.mark.parametrize("detail,before,after", [
    ("promise: free for 30 days; passage: 14-day free trial", "14-day free trial", "30-day free trial"),
    ("promise: 30-day trial; passage: a trial of 14 days", "a trial of 14 days", "a trial of 30 days"),
    ("promise: $12 a month; passage: $15 a month", "$15 a month", "$12 a month"),
    ("promise: within 4 hours; passage: within 3 business days", "within 3 business days", "within 4 hours"),
    ("promise: 24/7; passage: Mon–Fri 9–5", "Mon–Fri 9–5", "24/7"),
    ("promise: 7 days a week; passage: business hours only (Monday to Friday, 9am to 5pm",
     "business hours only (Monday to Friday, 9am to 5pm", "7 days a week"),
    ("promise: available 24/7; passage: available Mon-Fri 9am-5pm ET", "available Mon-Fri 9am-5pm ET",
     "available 24/7"),
    ("promise: 20% off; passage: 10% off", "10% off", "20% off"),
    ("promise: 60 days; passage: thirty days", "thirty days", "60 days"),
    # the wording the rewritten promise engine may use, and quotes around the phrases
    ("promise: “free for 30 days”; this passage: “14-day free trial”", "14-day free trial", "30-day free trial"),
])
def test_a_value_conflict_suggests_the_promised_value(detail, before, after):
    rewrite = suggest(contradiction(detail))
    assert rewrite is not None and (rewrite.before, rewrite.after) == (before, after)


@pytest.mark.parametrize("detail", [
    "promise: free; passage: $4.99",  # no value in the promise
    "promise: fees; passage: $10",
    "promise: No card required; passage: credit card is required",  # no value at all
    "promise: 30 days; passage: 30-day trial",  # the same value
    "promise: within 4 hours; passage: $15 a month",  # values of different kinds
    "promise: 30 days or 1 month; passage: 14 days",  # two values: which one?
    "promise: never bots; passage: chatbot",
    "P(contradiction) = 1.00",  # not a promise/passage pair
])
def test_nothing_clear_suggests_nothing(detail):
    assert suggest(contradiction(detail)) is None


def test_only_promise_conflicts_and_only_one_clear_suggestion():
    drift = contradiction("promise: $12 a month; passage: $15 a month", kind="drift")
    assert suggest(drift) is None  # fact drift is not a promise conflict
    two = contradiction("promise: $12 a month; passage: $15 a month", "promise: 30 days; passage: 14 days")
    assert suggest(two) is None  # two different suggestions: none is clear
    same = contradiction("promise: $12 a month; passage: $15 a month", "promise: $12 a month; passage: $15 a month")
    assert suggest(same).after == "$12 a month"
    assert evidence_phrases(same) == [("$12 a month", "$15 a month")] * 2


def test_values_read_schedules_before_durations():
    assert [(v.kind, v.text) for v in values("open 7 days a week, replies within 2 hours")] == [
        ("schedule", "7 days a week"), ("duration", "2 hours")]
    assert [(v.kind, v.text) for v in values("$4.99 for 3 months")] == [("money", "$4.99"), ("duration", "3 months")]
    assert [(v.kind, v.text) for v in values("the sun is out on Wednesday")] == [("schedule", "Wednesday")]


def test_apply_to_the_sentence_once_and_closes_a_parenthesis():
    rewrite = suggest(contradiction("promise: 7 days a week; passage: business hours only (Monday to Friday, "
                                    "9am to 5pm", facet="availability"))
    sentence = "Plant coaches are available during business hours only (Monday to Friday, 9am to 5pm)."
    assert apply(sentence, rewrite) == ("Plant coaches are available during ", "7 days a week", ".")
    assert apply("Not here.", rewrite) is None
    trial = suggest(contradiction("promise: 30 days; passage: 14-day trial"))
    assert apply("A 14-day trial, then another 14-day trial.", trial) is None  # twice: which one?
