"""Human-readable output, in the style of ruff::

    emails/welcome.md:3:15: VC101 [error] Avoid "utilize"; use "use".
      |
    3 | We help teams utilize their data.
      |               ^^^^^^^
      = help: replace with 'use'

    Found 1 finding (1 error; 1 fixable with --fix) in 4 files (52 strings checked, 0 files skipped).

Each finding shows its severity; the summary counts them and, when some are
below ``--fail-on``, says that those do not fail the run.

Input errors are not listed here (the CLI prints them to stderr); the summary
only counts them.
"""
from __future__ import annotations

import unicodedata

from voicecheck.findings import Finding, Report, sort_findings
from voicecheck.reporters._common import fix_help, plural, score_text

#: Longest excerpt shown (in characters) before it is cut around the span,
#: so a finding stays readable in a narrow terminal.
MAX_EXCERPT = 72
#: Characters of context kept before the span when an excerpt is cut.
LEAD = 24
ELLIPSIS = "…"

_SEVERITY_STYLE = {"error": "bold red", "warning": "bold yellow", "info": "bold blue"}


class _Painter:
    def __init__(self, color: bool):
        self.color = color

    def __call__(self, text: str, style: str) -> str:
        if not self.color or not text:
            return text
        from rich.color import ColorSystem  # here: rich's styles take 30–60 ms to import, and most runs are piped
        from rich.style import Style

        return Style.parse(style).render(text, color_system=ColorSystem.STANDARD)


def render(report: Report, color: bool = False, quiet: bool = False) -> str:
    """ruff-style findings with excerpts; ``quiet`` leaves out the summary."""
    return render_findings(sort_findings(report.findings), color) + render_end(report, color, quiet)


def render_findings(findings: list[Finding], color: bool = False) -> str:
    """The findings' blocks, each followed by a blank line (a streamed run writes them file by file)."""
    paint = _Painter(color)
    return "".join("\n".join(_finding(f, paint)) + "\n\n" for f in findings)


def render_end(report: Report, color: bool = False, quiet: bool = False) -> str:
    """What follows the findings: the fixes made and, unless ``quiet``, the summary."""
    paint = _Painter(color)
    lines = []
    if report.fixed:
        lines.append(f"Fixed {plural(report.fixed, 'finding')} in place.")
    if not quiet:
        lines += [paint(line, "bold") for line in _summary(report)]
    return "".join(line + "\n" for line in lines)


def concise_line(f: Finding, paint: _Painter) -> str:
    """``path:line:col: CODE [severity] message``: the head of a finding, all on one line."""
    style = _SEVERITY_STYLE.get(f.severity, "bold")
    message = " ".join(f.message.split())
    return f"{paint(f.path, 'bold')}:{f.line}:{f.column}: {paint(f.code, style)} {paint(f'[{f.severity}]', style)} {message}"


def render_statistics(report: Report) -> str:
    """Findings counted per rule, most first (``--statistics``)::

        12  VC101  banned-term        [error]   3 fixable
    """
    from voicecheck.checks import registry

    rows: dict[tuple[str, str], list[Finding]] = {}
    for f in report.findings:
        rows.setdefault((f.code, f.severity), []).append(f)
    if not rows:
        return "No findings.\n"
    width = max(len(str(len(v))) for v in rows.values())
    out = []
    for (code, severity), items in sorted(rows.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        rule = registry.RULES.get(code)
        fixable = sum(1 for f in items if f.fix is not None)
        out.append(f"{len(items):>{width}}  {code}  {(rule.name if rule else ''):<22} {'[' + severity + ']':<10}"
                   f"{f'{fixable} fixable' if fixable else ''}".rstrip())
    return "\n".join(out) + "\n"


def _finding(f: Finding, paint: _Painter) -> list[str]:
    head = concise_line(f, paint) if "\n" not in f.message else (
        f"{paint(f.path, 'bold')}:{f.line}:{f.column}: "
        f"{paint(f.code, _SEVERITY_STYLE.get(f.severity, 'bold'))} "
        f"{paint(f'[{f.severity}]', _SEVERITY_STYLE.get(f.severity, 'bold'))} {f.message}"
    )
    out = [head]
    gutter = " " * len(str(f.line))
    bar = paint(f"{gutter} |", "bold blue")
    if f.excerpt:
        text, pad, carets, more = _excerpt(f)
        out.append(bar)
        out.append(f"{paint(f'{f.line} |', 'bold blue')} {text}")
        out.append(f"{bar} {pad}{paint(carets, _SEVERITY_STYLE.get(f.severity, 'bold'))}{more}")
    notes: list[tuple[str, str]] = [("channel", f.channel or "other")]
    if f.kind == "contradiction" and f.promise:
        score = "" if f.score is None else f" (score {score_text(f.score)})"
        notes.append(("promise", f"{f.promise}{score}"))
    notes.extend(f.evidence)
    if f.fix is not None:
        notes.append(("help", fix_help(f.fix)))
    for label, detail in notes:
        out.append(f"{paint(f'{gutter} =', 'bold blue')} {paint(label + ':', 'bold')} {detail}")
    return out


def _excerpt(f: Finding) -> tuple[str, str, str, str]:
    """The excerpt line as shown, and the padding, carets and note of the line under it."""
    line = _printable(f.excerpt.split("\n", 1)[0].rstrip("\r"))
    # the excerpt of a long line starts with "…" and leaves out ``excerpt_from`` characters
    shift = f.excerpt_from - 1 if f.excerpt_from else 0
    start = min(max(f.column - 1 - shift, 0), len(line))
    end = len(line) if f.end_line > f.line else min(max(f.end_column - 1, start), len(line))
    left, right = 0, len(line)
    if len(line) > MAX_EXCERPT:
        left = max(0, start - LEAD)
        right = min(len(line), left + MAX_EXCERPT)
        left = max(0, right - MAX_EXCERPT)
    shown = line[left:right]
    lead = ELLIPSIS if left else ""
    tail = ELLIPSIS if right < len(line) else ""
    pad = " " * _cells(lead + line[left:start])
    carets = "^" * max(1, _cells(line[start:min(end, right)]))
    more = f" (continues to line {f.end_line})" if f.end_line > f.line else ""
    return lead + shown + tail, pad, carets, more


def _cells(text: str) -> int:
    """Terminal cells ``text`` takes (wide East Asian characters take two): printable ASCII, one each."""
    if text.isascii():
        return len(text)  # the excerpt's control characters are spaces by now (_printable)
    from rich.cells import cell_len

    return cell_len(text)


def _printable(text: str) -> str:
    """Control characters (tabs included) become one space, so carets line up."""
    return "".join(" " if unicodedata.category(c) == "Cc" else c for c in text)


def severity_counts(findings) -> str:
    """``2 errors, 1 info``: findings counted by severity, most severe first."""
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
    return _severity_text(counts)


def _severity_text(counts: dict[str, int]) -> str:
    return ", ".join(plural(counts[s], s) if s != "info" else f"{counts[s]} info"
                     for s in ("error", "warning", "info") if counts.get(s))


def _summary(report: Report) -> list[str]:
    files = plural(report.files, "file")
    strings = plural(report.segments, "string")
    skipped = f"{plural(report.skipped, 'file')} skipped"
    failed = len({e.path for e in report.errors})
    could_not = [f"{plural(failed, 'file')} could not be checked."] if failed else []
    total = report.count()
    if total:
        fixable = report.fixable_count()
        counts = _severity_text(report.by_severity())
        extra = f" ({counts}; {fixable} fixable with --fix)" if fixable else f" ({counts})"
        below = total - report.failing_count()
        gate = []
        if below:
            gate = [f"{plural(below, 'finding')} below --fail-on {report.fail_on} "
                    f"{'does' if below == 1 else 'do'} not fail the run."]
        return [f"Found {plural(total, 'finding')}{extra} in {files} ({strings} checked, {skipped}).",
                *gate, *could_not]
    if failed:
        return [f"No findings in {files} ({strings} checked, {skipped}).", *could_not]
    return [f"All checked: {files}, {strings}, {skipped}, no findings."]
