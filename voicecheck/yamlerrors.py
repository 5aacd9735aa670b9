"""One-line descriptions of PyYAML errors, with the line they are on.

PyYAML has two kinds of error: a *marked* error (a syntax problem, with the
line of the problem) and a ``ReaderError`` (a character YAML does not allow,
such as a NUL byte, with only a character offset and a multi-line message).
The config, vocabulary and decisions loaders report both the same way:
``file:line: invalid YAML: what``.
"""
from __future__ import annotations

import yaml


def describe(exc: yaml.YAMLError, text: str) -> tuple[int | None, str]:
    """(1-based line or None, one-line problem) of a PyYAML error raised on ``text``."""
    if isinstance(exc, yaml.reader.ReaderError):
        pos = max(0, min(exc.position, len(text)))
        line = text.count("\n", 0, pos) + 1
        char = exc.character
        shown = f"U+{char:04X}" if isinstance(char, int) else repr(char)
        return line, f"character {shown} is not allowed in YAML ({exc.reason}); remove it"
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        return line, _one_line(exc.problem or exc.context or "not valid YAML")
    return None, _one_line(str(exc) or type(exc).__name__)


def _one_line(message: str) -> str:
    return " ".join(str(message).split())
