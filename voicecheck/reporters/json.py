"""Machine-readable output, JSON contract version 1::

    {"version": 1, "findings": [...], "summary": {...}, "errors": [...]}

Each finding is :meth:`Finding.to_dict`; each error is
``{"path", "line", "column", "message"}`` (line/column may be null). A file
name that is not UTF-8 is written with its odd bytes escaped (``caf\\xe9.md``),
so the output is always valid UTF-8.
"""
from __future__ import annotations

from typing import Any

from voicecheck.findings import InputError, Report, sort_findings
from voicecheck.reporters._common import dumps, sort_errors

VERSION = 1


def render(report: Report) -> str:
    data: dict[str, Any] = {
        "version": VERSION,
        "findings": [f.to_dict() for f in sort_findings(report.findings)],
        "summary": report.summary(),
        "errors": [_error(e) for e in sort_errors(report.errors)],
    }
    return dumps(data)


def _error(e: InputError) -> dict[str, Any]:
    return {"path": e.path, "line": e.line, "column": e.column, "message": e.message}

