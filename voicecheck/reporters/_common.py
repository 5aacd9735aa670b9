"""Small helpers shared by the reporters."""
from __future__ import annotations

from voicecheck.findings import Fix, InputError


def sort_errors(errors: list[InputError]) -> list[InputError]:
    """Input errors in a stable order: path, position, message."""
    return sorted(errors, key=lambda e: (e.path, e.line or 0, e.column or 0, e.message))


def fix_help(fix: Fix) -> str:
    """One-line description of a fix: ``replace with 'X'``."""
    return f"replace with {fix.replacement!r}" if fix.replacement else "remove this text"


def score_text(score: float) -> str:
    return f"{round(score, 3):g}"


def plural(n: int, noun: str) -> str:
    """``1 file``, ``2 files``."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
