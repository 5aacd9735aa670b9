"""GitHub Actions workflow commands, one annotation per finding::

    ::error file=emails/welcome.md,line=3,col=17,endLine=3,endColumn=24,title=VC101::Avoid "utilize"…

Severity error/warning/info maps to ``error``/``warning``/``notice``. Columns
are left out when a span covers several lines (the runner rejects them then).
Input errors are annotated too (title ``voicecheck``), since Actions does not
annotate what a step writes to stderr.
"""
from __future__ import annotations

from voicecheck.findings import Finding, InputError, Report, sort_findings
from voicecheck.reporters._common import fix_help, sort_errors

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def render(report: Report) -> str:
    return render_findings(sort_findings(report.findings)) + render_end(report)


def render_findings(findings: list[Finding]) -> str:
    """One command per finding (a streamed run writes them file by file)."""
    return "".join(_finding(f) + "\n" for f in findings)


def render_end(report: Report) -> str:
    """The input errors, after every finding."""
    return "".join(_error(e) + "\n" for e in sort_errors(report.errors))


def escape_data(text: str) -> str:
    """Escape a command's message (as @actions/core ``escapeData``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (as @actions/core ``escapeProperty``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(name: str, props: list[tuple[str, object]], message: str) -> str:
    rendered = ",".join(f"{key}={escape_property(str(value))}" for key, value in props)
    return f"::{name} {rendered}::{escape_data(message)}"


def _finding(f: Finding) -> str:
    props: list[tuple[str, object]] = [("file", f.path.replace("\\", "/")), ("line", f.line)]
    if f.end_line == f.line:
        props += [("col", f.column), ("endLine", f.end_line), ("endColumn", max(f.end_column, f.column))]
    else:
        props += [("endLine", f.end_line)]
    props.append(("title", f.code))
    message = f.message + "".join(f"\n{facet}: {detail}" for facet, detail in f.evidence)
    if f.fix is not None:
        message += f"\nhelp: {fix_help(f.fix)}"
    return _command(COMMANDS.get(f.severity, "warning"), props, message)


def _error(e: InputError) -> str:
    props: list[tuple[str, object]] = [("file", e.path.replace("\\", "/"))]
    if e.line is not None:
        props.append(("line", e.line))
        if e.column is not None:
            props.append(("col", e.column))
    props.append(("title", "voicecheck"))
    return _command("error", props, e.message)
