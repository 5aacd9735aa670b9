"""Output formats. Each module renders a finished :class:`~voicecheck.findings.Report`.

Every reporter exposes ``render(report) -> str`` and is pure: no printing, no
I/O, no exit. The text it returns ends with a newline unless it is empty
(``github`` with nothing to report), so the CLI writes it as is
(``click.echo(text, nl=False)``).
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from voicecheck.findings import Report

FORMATS = ("text", "json", "sarif", "github", "junit", "concise")


def get(fmt: str) -> Callable[[Report], str]:
    """The ``render`` function of output format ``fmt`` (imported on first use).
    Raises ValueError naming the known formats."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown output format {fmt!r} (choose one of: {', '.join(FORMATS)})")
    return importlib.import_module(f"{__name__}.{fmt}").render
