"""Everything the review report shows, as one JSON-able dict.

:func:`build` gathers a finished run (``cli.prepare`` + ``cli.run_checks``)
into plain data: the run's metadata, one entry per finding with its rule, its
promise, the flagged passage with two lines of context, the span to highlight,
the suggested rewrite and the writer's review decision, then the promise
coverage and fact-drift tables. ``reporters.html`` renders that dict and
nothing else, so the page can be tested (and reused) without running checks.

Positions are the findings' own 1-based line/column (end exclusive); nothing
here searches the text again. Very long lines (minified HTML, one-line JSON)
are clipped to a window around the highlight so a card stays readable.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from voicecheck import __version__
from voicecheck.checks import registry
from voicecheck.findings import Finding
from voicecheck.segments import SourceFile

#: Lines of context shown before and after the flagged line(s).
CONTEXT_LINES = 2
#: Longest stretch of one line shown (in characters); longer lines are clipped.
MAX_LINE = 240
#: Characters kept before the highlight when a flagged line is clipped.
LEAD = 80
#: Longest highlight shown in full on one line; beyond it the line is clipped.
MAX_MARK = 600
#: Review state of a finding without a decision.
OPEN = "open"


def build(prep, result, store=None, *, paths: list[str] | None = None,
          generated_at: str | None = None) -> dict[str, Any]:
    """The report data of one run.

    ``prep`` is ``cli.Prepared``, ``result`` is ``engine.Result``; ``store`` is
    a ``decisions.DecisionStore`` (or None: every finding is open). ``paths``
    are the paths as the user gave them (default: the files checked);
    ``generated_at`` overrides the timestamp (tests)."""
    report = result.report
    promises = {p.id: p for p in prep.vocab.promises}
    from voicecheck.decisions import source_for

    outside: dict = {}  # files a finding points into that the run didn't check (a promise's line in brand.yaml)
    findings = [_finding(i, f, source_for(f, result.sources, outside), promises, store)
                for i, f in enumerate(report.findings)]
    coverage = [row.to_dict() for row in result.coverage]
    drift = [group.to_dict() for group in result.drift]
    return {
        "meta": {
            "version": __version__,
            "brand": prep.vocab.brand,
            "generated_at": generated_at or datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
            "paths": list(paths) if paths is not None else [t.display for t in prep.found.files],
            "vocab": [shown for _abs, shown in prep.vocab_paths],
            "counts": {
                "files": report.files,
                "segments": report.segments,
                "findings": len(findings),
                "errors": len(report.errors),
                "promises": len(prep.vocab.promises),
                "coverage_rows": len(coverage),
                "drift_groups": len(drift),
                "by_severity": _count(f["severity"] for f in findings),
                "by_channel": _count(f["channel"] or "" for f in findings),
                "by_rule": _count(f["code"] for f in findings),
                "by_promise": _count(f["promise"] for f in findings if f["promise"]),
                "by_state": _count(f["decision"]["state"] if f["decision"] else OPEN for f in findings),
            },
        },
        "promises": [{"id": p.id, "text": p.text, "source": p.source} for p in prep.vocab.promises],
        "findings": findings,
        "errors": [str(e) for e in report.errors],
        "coverage": coverage,
        "drift": drift,
    }


def _count(values) -> dict[str, int]:
    out: dict[str, int] = {}
    for v in values:
        out[v] = out.get(v, 0) + 1
    return dict(sorted(out.items()))


def _finding(index: int, f: Finding, source: SourceFile | None, promises: dict, store) -> dict[str, Any]:
    data = f.to_dict()
    rule = registry.RULES.get(f.code)
    promise = promises.get(f.promise) if f.promise else None
    data.update({
        "id": index,
        "rule": {"name": rule.name if rule else "", "summary": rule.summary if rule else ""},
        "promise_info": None if promise is None else
        {"id": promise.id, "text": promise.text, "source": promise.source},
        "highlight": [f.line, f.column, f.end_line, f.end_column],
        "context": context(source, f.line, f.column, f.end_line, f.end_column) if source else [],
        "suggestion": suggestion(f, source) if source else None,
        "decision": _decision(f, source, store),
    })
    return data


def context(source: SourceFile, line: int, column: int, end_line: int, end_column: int) -> list[dict[str, Any]]:
    """The flagged lines with CONTEXT_LINES lines before and after.

    Each entry is ``{"line", "text", "first_column", "clipped_left",
    "clipped_right"}``: ``text`` starts at 1-based ``first_column`` of the
    file's line (1 unless a long line was clipped)."""
    last = source.line_count
    end_line = min(max(end_line, line), last)
    out = []
    for n in range(max(1, line - CONTEXT_LINES), min(last, end_line + CONTEXT_LINES) + 1):
        text = source.line_text(n)
        start, width = 1, MAX_LINE
        if line <= n <= end_line:  # a flagged line: keep the highlight in view
            lo = column if n == line else 1
            hi = end_column if n == end_line else len(text) + 1
            start = _window(len(text), lo, hi)
            width = max(MAX_LINE, min(hi - start, MAX_MARK) + LEAD)
        shown = text[start - 1:start - 1 + width]
        out.append({"line": n, "text": shown, "first_column": start,
                    "clipped_left": start > 1, "clipped_right": start - 1 + len(shown) < len(text)})
    return out


def _window(length: int, lo: int, hi: int) -> int:
    """First column shown of a flagged line of ``length`` characters whose
    highlight is columns ``[lo, hi)``."""
    if length <= MAX_LINE or hi - 1 <= MAX_LINE:
        return 1
    return max(1, lo - LEAD)


def suggestion(f: Finding, source: SourceFile) -> dict[str, Any] | None:
    """The flagged line(s) with the fix applied: ``{"replacement", "line",
    "before", "after"}`` where ``before``/``after`` surround the replacement
    on the rewritten line(s) (clipped like the context). None without a fix."""
    if f.fix is None:
        return None
    start, end = f.fix.start, f.fix.end
    first = source.position(start)
    last = source.position(max(start, end - 1)) if end > start else first
    line_start = source.line_offset(first.line)
    if last.line < source.line_count:
        line_end = source.line_offset(last.line + 1) - 1
    else:
        line_end = len(source.text)
    before = source.text[line_start:start]
    after = source.text[end:line_end].rstrip("\r")
    if len(before) > LEAD:
        before = "…" + before[-LEAD:]
    if len(after) > MAX_LINE - LEAD:
        after = after[:MAX_LINE - LEAD] + "…"
    return {"replacement": f.fix.replacement, "line": first.line, "before": before, "after": after}


def _decision(f: Finding, source: SourceFile | None, store) -> dict[str, Any] | None:
    if store is None or source is None:
        return None
    d = store.get(f, source)
    if d is None:
        return None
    return {key: getattr(d, key) for key in ("state", "reason", "note", "by", "at")}  # all text or None
