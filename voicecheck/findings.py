"""The finding every check produces and every reporter renders."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape_surrogate(m: re.Match) -> str:
    code = ord(m.group())
    # U+DC80-U+DCFF: a byte of a file name that is not UTF-8 (Python's surrogateescape)
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` safe to write as UTF-8: a lone surrogate (a file-name byte that is
    not UTF-8, or a broken escape) becomes a visible escape, ``caf\\xe9.md``."""
    return _SURROGATE.sub(_escape_surrogate, text) if _SURROGATE.search(text) else text


def printable_data(value: Any) -> Any:
    """:func:`printable` applied to every string in nested dicts and lists (keys too)."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {printable_data(k): printable_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [printable_data(v) for v in value]
    return value


@dataclass(frozen=True, slots=True)
class Fix:
    """A replacement of ``[start, end)`` source offsets by ``replacement``."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True, slots=True)
class Finding:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    kind: str  # "vocabulary" | "contradiction" | "drift" | "coverage" | "meta"
    severity: str  # "error" | "warning" | "info"
    message: str
    channel: str | None = None
    excerpt: str = ""
    term: str | None = None
    promise: str | None = None
    score: float | None = None
    evidence: tuple[tuple[str, str], ...] = ()
    fix: Fix | None = field(default=None, compare=False)
    # character offsets of the finding in the file (for fixes and suppression)
    start: int = field(default=0, compare=False)
    end: int = field(default=0, compare=False)
    # characters of the line left out before ``excerpt`` (which then starts with "…"): a long
    # line is cut around the finding, so ``column`` is at ``column - excerpt_from`` in it
    excerpt_from: int = field(default=0, compare=False)

    @property
    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.code, self.end_line, self.end_column, self.message)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract (version 1) for one finding."""
        data: dict[str, Any] = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "kind": self.kind,
            "severity": self.severity,
            "message": self.message,
            "term": self.term,
            "promise": self.promise,
            "channel": self.channel,
            "excerpt": self.excerpt,
        }
        if self.kind in ("contradiction", "drift"):
            data["score"] = None if self.score is None else round(self.score, 3)
            data["evidence"] = [{"facet": k, "detail": v} for k, v in self.evidence]
        data["fix"] = None if self.fix is None else {"replacement": self.fix.replacement}
        return data


def sort_findings(findings) -> list[Finding]:
    return sorted(findings, key=lambda f: f.sort_key)


@dataclass(frozen=True, slots=True)
class InputError:
    """A file, config or vocabulary problem that stopped one input from being
    checked (exit code 2). Rendered as ``path:line:col: message``."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


@dataclass
class Report:
    """Everything one run produced, handed to a reporter."""

    findings: list[Finding]
    errors: list[InputError] = field(default_factory=list)
    files: int = 0  # files checked
    segments: int = 0  # strings / text segments checked
    fixed: int = 0  # findings fixed in place by --fix
    skipped: int = 0  # files met in the folders given that voicecheck does not read
    fail_on: str = "warning"  # the least severity that fails the run (--fail-on)

    def failing(self) -> list[Finding]:
        """The findings at or above ``fail_on``: those that make `check` exit 1."""
        order = ("info", "warning", "error")
        least = order.index(self.fail_on) if self.fail_on in order else 1
        return [f for f in self.findings if f.severity not in order or order.index(f.severity) >= least]

    def summary(self) -> dict[str, Any]:
        by_code: dict[str, int] = {}
        by_severity: dict[str, int] = {}
        for f in self.findings:
            by_code[f.code] = by_code.get(f.code, 0) + 1
            by_severity[f.severity] = by_severity.get(f.severity, 0) + 1
        return {
            "files": self.files,
            "segments": self.segments,
            "findings": len(self.findings),
            "errors": len(self.errors),
            "fixed": self.fixed,
            "skipped": self.skipped,
            "by_code": dict(sorted(by_code.items())),
            "by_severity": {s: by_severity[s] for s in ("error", "warning", "info") if s in by_severity},
            "fail_on": self.fail_on,
            "failing": len(self.failing()),
        }
