"""VC302 unconfirmed-promise: a promise that no email and no UI string confirms.

What it does
    Builds the promise-coverage table (which channels confirm, contradict or
    never mention each promise; see `voicecheck coverage`) and reports, at the
    promise's line in the vocabulary file, every promise that no checked email
    and no checked UI string confirms. A passage confirms a promise when it is
    about that promise first, conflicts with none of its facets, and either
    states the same value (the same trial length, "24/7", a person rather than
    a bot) or restates it closely.

Why
    "Content about" the product should be confirmed by "content in" it. A
    30-day trial that the pricing page promises and no onboarding email or
    upgrade screen ever mentions is a promise customers only hear once, and
    often a sign that the product changed and the promise did not.

Bad
    (promise "Talk to a real person 24/7.") No email or UI string mentions
    support hours or a person.

Good
    The welcome email says "A real person answers, day or night."

Notes
    Opt-in (`--select VC302` or `extend-select`), and only meaningful over the
    whole content: a pre-commit run over one changed file would report every
    promise. Runs only when the checked content holds emails or UI strings.
    Severity info.
"""
from __future__ import annotations

from pathlib import Path

from voicecheck.findings import Finding

CODE = "VC302"

#: The channels where a promise should be confirmed.
CONFIRMING = ("email", "ui")


def check(rows, channels: set[str]):
    """``rows``: coverage.CoverageRow per promise; ``channels``: the channels of the checked content."""
    if not any(c in channels for c in CONFIRMING):
        return
    for row in rows:
        if row.confirmed_in(*CONFIRMING):
            continue
        p = row.promise
        path, _, line = p.origin.rpartition(":")
        elsewhere = sorted(name for name, cell in row.channels.items() if cell.confirms)
        against = sorted(name for name, cell in row.channels.items() if cell.contradicts)
        detail = []
        if elsewhere:
            detail.append(f"confirmed only in {', '.join(elsewhere)}")
        if against:
            detail.append(f"contradicted in {', '.join(against)}")
        why = f" ({'; '.join(detail)})" if detail else ""
        number = int(line) if line.isdigit() else 1
        text = _line(path, number)
        yield Finding(path=path or p.origin, line=number, column=1, end_line=number, end_column=len(text) + 1,
                      code=CODE, kind="coverage", severity="info",
                      message=f'Promise "{p.id}" ({p.text}) is confirmed by no email or UI string{why}',
                      promise=p.id, excerpt=text)


def _line(path: str, number: int) -> str:
    """The promise's line in the vocabulary file, for the excerpt."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return ""
    return lines[number - 1] if 0 < number <= len(lines) else ""
