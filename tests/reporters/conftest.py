"""Reports built by hand for the reporter tests."""
from __future__ import annotations

import pytest

from voicecheck.findings import Finding, Fix, InputError, Report


def banned(line: int = 3) -> Finding:
    """VC101 on 'utilize' in: We help teams utilize their data."""
    return Finding(
        path="emails/welcome.md", line=line, column=15, end_line=line, end_column=22,
        code="VC101", kind="vocabulary", severity="error",
        message='Avoid "utilize"; use "use".', channel="email",
        excerpt="We help teams utilize their data.", term="utilize",
        fix=Fix(52, 59, "use"), start=52, end=59,
    )


def casing() -> Finding:
    """VC102 on 'Voicecheck', no fix, at the start of line 7."""
    return Finding(
        path="emails/welcome.md", line=7, column=1, end_line=7, end_column=11,
        code="VC102", kind="vocabulary", severity="error",
        message='Write "VoiceCheck", not "Voicecheck".', channel="email",
        excerpt="Voicecheck keeps your copy on brand.", term="VoiceCheck",
    )


def contradiction() -> Finding:
    """VC301 spanning lines 2-4 of a JSON string, French text, a fix."""
    return Finding(
        path="ui/strings/fr.json", line=2, column=14, end_line=4, end_column=9,
        code="VC301", kind="contradiction", severity="warning",
        message="Contredit la promesse « remboursement sous 30 jours » (14 jours ici)",
        channel="ui", excerpt='  "refund": "Remboursement sous 14 jours,',
        promise="refund-30-days", score=0.87654,
        evidence=(("window", "14 jours vs 30 days promised"), ("audience", "all customers")),
        fix=Fix(30, 70, "Remboursement sous 30 jours"), start=30, end=80,
    )


def inconsistent() -> Finding:
    """VC103 on 'log in', a unicode path and message, info severity."""
    return Finding(
        path="docs/données/café.md", line=12, column=8, end_line=12, end_column=14,
        code="VC103", kind="vocabulary", severity="info",
        message="“sign in” and “log in” both name one concept; pick one.",
        excerpt="Please log in to continue.", term="sign in",
    )


@pytest.fixture
def report() -> Report:
    # deliberately out of order: reporters must sort
    return Report(
        findings=[contradiction(), casing(), inconsistent(), banned()],
        files=4,
        segments=37,
    )


@pytest.fixture
def errors_only() -> Report:
    return Report(
        findings=[],
        errors=[
            InputError("vocab.yaml", "mapping values are not allowed here; quote the value", 4, 7),
            InputError("content/broken.po", "not valid UTF-8; save the file as UTF-8"),
        ],
        files=2,
        segments=0,
    )


@pytest.fixture
def empty() -> Report:
    return Report(findings=[], files=3, segments=12)
