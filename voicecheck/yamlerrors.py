"""One-line descriptions of PyYAML errors, with the line they are on.

PyYAML has two kinds of error: a *marked* error (a syntax problem, with the
line of the problem) and a ``ReaderError`` (a character YAML does not allow,
such as a NUL byte, with only a character offset and a multi-line message).
The config, vocabulary and decisions loaders report both the same way:
``file:line: invalid YAML: what; how to fix it``, with the hints content files
get (:data:`HINTS`, shared with :mod:`voicecheck.sources.yamlfile`).
"""
from __future__ import annotations

import yaml

#: (text of PyYAML's problem, how to fix it): the hint added to a syntax error.
HINTS = [
    ("'\\t'", "indent with spaces, not tabs"),
    ("tab character", "indent with spaces, not tabs"),
    ("mapping values are not allowed", "quote the value if it contains ': '"),
    ("could not find expected ':'", "check the indentation, or quote a value that contains ': ' or '#'"),
    ("found undefined alias", "define the anchor (&name) before using the alias (*name)"),
    ("expected ',' or ']'", "close the [ list with ] (on one line), or quote an item that holds ': '"),
    ("expected ',' or '}'", "close the { mapping with }, or quote a value that holds ': '"),
]


def hint(problem: str) -> str:
    """``; how to fix it`` for a PyYAML problem, or ``""``."""
    return next((f"; {h}" for needle, h in HINTS if needle in problem), "")


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
        problem = exc.problem or exc.context or "not valid YAML"
        return line, _one_line(problem) + hint(problem)
    return None, _one_line(str(exc) or type(exc).__name__)


def _one_line(message: str) -> str:
    return " ".join(str(message).split())
