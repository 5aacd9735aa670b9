"""One line per finding, for editors, grep and quick terminal runs::

    emails/welcome.md:3:15: VC101 [error] Avoid "utilize"; use "use".
    Found 1 finding (1 error; 1 fixable with --fix) in 4 files (52 strings checked, 0 files skipped).

The summary is the text format's (left out with ``-q``). Input errors are not
listed here: the CLI prints them to stderr.
"""
from __future__ import annotations

from voicecheck.findings import Report, sort_findings
from voicecheck.reporters.text import _Painter, _SEVERITY_STYLE, _summary, concise_line


def render(report: Report, color: bool = False, quiet: bool = False) -> str:
    paint = _Painter(color)
    lines = [concise_line(f, paint) for f in sort_findings(report.findings)]
    if not quiet:
        lines += [paint(line, "bold") for line in _summary(report)]
    return "\n".join(lines) + "\n" if lines else ""


__all__ = ["render", "_SEVERITY_STYLE"]
