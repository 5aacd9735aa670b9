"""One line per finding, for editors, grep and quick terminal runs::

    emails/welcome.md:3:15: VC101 [error] Avoid "utilize"; use "use".
    Found 1 finding (1 error; 1 fixable with --fix) in 4 files (52 strings checked, 0 files skipped).

The summary is the text format's (left out with ``-q``). Input errors are not
listed here: the CLI prints them to stderr.
"""
from __future__ import annotations

from voicecheck.findings import Finding, Report, sort_findings
from voicecheck.reporters.text import _Painter, _SEVERITY_STYLE, _summary, concise_line


def render(report: Report, color: bool = False, quiet: bool = False) -> str:
    return render_findings(sort_findings(report.findings), color) + render_end(report, color, quiet)


def render_findings(findings: list[Finding], color: bool = False) -> str:
    """One line per finding (a streamed run writes them file by file)."""
    paint = _Painter(color)
    return "".join(concise_line(f, paint) + "\n" for f in findings)


def render_end(report: Report, color: bool = False, quiet: bool = False) -> str:
    """The summary, unless ``quiet``."""
    paint = _Painter(color)
    return "" if quiet else "".join(paint(line, "bold") + "\n" for line in _summary(report))


__all__ = ["render", "_SEVERITY_STYLE"]
