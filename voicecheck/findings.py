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


_SEVERITY_ORDER = ("info", "warning", "error")


@dataclass
class Tally:
    """Findings already written out, file by file (a streamed run): counted, not kept. What the
    summary and the exit code need of them."""

    total: int = 0
    fixable: int = 0
    by_code: dict[str, int] = field(default_factory=dict)
    by_severity: dict[str, int] = field(default_factory=dict)

    def add(self, findings: list[Finding]) -> None:
        for f in findings:
            self.total += 1
            self.fixable += f.fix is not None
            self.by_code[f.code] = self.by_code.get(f.code, 0) + 1
            self.by_severity[f.severity] = self.by_severity.get(f.severity, 0) + 1


def _fails(severity: str, fail_on: str) -> bool:
    least = _SEVERITY_ORDER.index(fail_on) if fail_on in _SEVERITY_ORDER else 1
    return severity not in _SEVERITY_ORDER or _SEVERITY_ORDER.index(severity) >= least


@dataclass
class Report:
    """Everything one run produced, handed to a reporter. In a streamed run (``check`` in the
    text, concise and GitHub formats) the findings were written out file by file as they came:
    ``written`` counts them and ``findings`` holds none of them."""

    findings: list[Finding]
    errors: list[InputError] = field(default_factory=list)
    files: int = 0  # files checked
    segments: int = 0  # strings / text segments checked
    fixed: int = 0  # findings fixed in place by --fix
    skipped: int = 0  # files met in the folders given that voicecheck does not read
    fail_on: str = "warning"  # the least severity that fails the run (--fail-on)
    written: Tally | None = None  # findings already written out (a streamed run)

    def failing(self) -> list[Finding]:
        """The findings held here at or above ``fail_on`` (see :meth:`failing_count`)."""
        return [f for f in self.findings if _fails(f.severity, self.fail_on)]

    def count(self) -> int:
        """Every finding of the run, those written out included."""
        return len(self.findings) + (self.written.total if self.written else 0)

    def fixable_count(self) -> int:
        return sum(1 for f in self.findings if f.fix is not None) + (self.written.fixable if self.written else 0)

    def by_severity(self) -> dict[str, int]:
        counts: dict[str, int] = dict(self.written.by_severity) if self.written else {}
        for f in self.findings:
            counts[f.severity] = counts.get(f.severity, 0) + 1
        return counts

    def failing_count(self) -> int:
        """The findings at or above ``fail_on``, those written out included: what makes `check` exit 1."""
        return sum(n for severity, n in self.by_severity().items() if _fails(severity, self.fail_on))

    def summary(self) -> dict[str, Any]:
        by_code: dict[str, int] = dict(self.written.by_code) if self.written else {}
        for f in self.findings:
            by_code[f.code] = by_code.get(f.code, 0) + 1
        by_severity = self.by_severity()
        return {
            "files": self.files,
            "segments": self.segments,
            "findings": self.count(),
            "errors": len(self.errors),
            "fixed": self.fixed,
            "skipped": self.skipped,
            "by_code": dict(sorted(by_code.items())),
            "by_severity": {s: by_severity[s] for s in ("error", "warning", "info") if s in by_severity},
            "fail_on": self.fail_on,
            "failing": self.failing_count(),
        }
