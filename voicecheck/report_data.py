"""Everything the review pages show, as one JSON-able dict.

:func:`build` gathers a finished run (``cli.prepare`` + ``cli.run_checks``)
into plain data: the run's metadata, one entry per finding with its rule, its
promise, the passage as a reader sees it (:mod:`voicecheck.reading`), the raw
lines around it with the markup marked, the span to highlight, the suggested
term fix or promise rewrite (:mod:`voicecheck.rewrites`), its evidence in plain
words, a link to the file at the line, and the writer's review decision; then
the promise coverage and fact-drift tables. ``reporters.html`` renders that
dict and nothing else, for the static report and the browser review alike, so
the pages can be tested (and reused) without running checks.

Positions are the findings' own 1-based line/column (end exclusive); nothing
here searches the file again. Very long lines (minified HTML, one-line JSON)
are clipped to a window around the highlight so a card stays readable.
"""
from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote

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
#: Review state of a finding without a decision (distinct from a decision to leave it open).
NEEDS_DECISION = "needs-decision"


def build(prep, result, store=None, *, paths: list[str] | None = None,
          generated_at: str | None = None) -> dict[str, Any]:
    """The report data of one run.

    ``prep`` is ``cli.Prepared``, ``result`` is ``engine.Result``; ``store`` is
    a ``decisions.DecisionStore`` (or None: every finding needs a decision).
    ``paths`` are the paths as the user gave them (default: the files checked);
    ``generated_at`` overrides the timestamp (tests)."""
    report = result.report
    promises = {p.id: p for p in prep.vocab.promises}
    from voicecheck.decisions import source_for

    outside: dict = {}  # files a finding points into that the run didn't check (a promise's line in brand.yaml)
    settings = prep.settings
    link = Linker(getattr(settings, "open_url", None), getattr(settings, "root", None))
    segments = getattr(result, "segments", {}) or {}
    findings = [_finding(i, f, source_for(f, result.sources, outside), promises, store, segments.get(f.path), link)
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
                "by_state": _count(f["state"] for f in findings),
            },
            "open_url": link.template,
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


def _finding(index: int, f: Finding, source: SourceFile | None, promises: dict, store, segments,
             link: "Linker") -> dict[str, Any]:
    from voicecheck import reading, rewrites

    data = f.to_dict()
    rule = registry.RULES.get(f.code)
    promise = promises.get(f.promise) if f.promise else None
    located = reading.locate(f, source, segments) if source is not None and segments else None
    decision = _decision(f, source, store)
    rewrite = rewrites.suggest(f)
    data.update({
        "id": index,
        "key": _key(f, source),
        "rule": {"name": rule.name if rule else "", "summary": rule.summary if rule else ""},
        "promise_info": None if promise is None else
        {"id": promise.id, "text": promise.text, "source": promise.source},
        "highlight": [f.line, f.column, f.end_line, f.end_column],
        "reader": reading.passage(located) if located is not None else None,
        "context": context(source, f.line, f.column, f.end_line, f.end_column, segments) if source else [],
        "suggestion": suggestion(f, source, located) if source else None,
        "rewrite": _rewrite(rewrite, reading.sentence(located) if located is not None else None),
        "open_url": link.url(f, source),
        "decision": decision,
        "state": decision["state"] if decision else NEEDS_DECISION,
    })
    return data


def _key(f: Finding, source: SourceFile | None) -> str:
    """The finding's decision key as the page groups cards (one decision covers them all)."""
    if source is None:
        return f"{f.path}#"
    from voicecheck.decisions import fingerprint

    return f"{f.path}#{fingerprint(f, source)}"


def _rewrite(rewrite, sentence: str | None) -> dict[str, Any] | None:
    if rewrite is None:
        return None
    from voicecheck import rewrites

    out = rewrite.to_dict()
    applied = rewrites.apply(sentence, rewrite) if sentence else None
    out["sentence"] = list(applied) if applied else None
    return out


class Linker:
    """Links from a card to its file at the line, from ``review: {open-url: TEMPLATE}``:
    ``{abspath}`` the absolute path, ``{path}`` the path relative to the config's folder,
    ``{line}``, ``{column}``; paths percent-encoded."""

    def __init__(self, template: str | None, root: Path | None):
        self.template = template
        self.root = Path(root).absolute() if root is not None else Path.cwd()

    def url(self, f: Finding, source: SourceFile | None) -> str | None:
        if not self.template:
            return None
        absolute = Path(source.abspath if source is not None and source.abspath else f.path).absolute()
        try:
            rel = absolute.relative_to(self.root).as_posix()
        except ValueError:
            rel = Path(os.path.relpath(absolute, self.root)).as_posix()
        return self.template.format(abspath=quote(absolute.as_posix(), safe="/:"), path=quote(rel, safe="/"),
                                    line=f.line, column=f.column)


def context(source: SourceFile, line: int, column: int, end_line: int, end_column: int,
            segments=None) -> list[dict[str, Any]]:
    """The flagged lines with CONTEXT_LINES lines before and after.

    Each entry is ``{"line", "text", "first_column", "clipped_left",
    "clipped_right", "runs"}``: ``text`` starts at 1-based ``first_column`` of the
    file's line (1 unless a long line was clipped); ``runs`` split it into
    ``{"text", "kind", "mark"}``: kind ``text`` (what readers see), ``markup``
    (tags, template syntax, keys: dimmed) or ``ph`` (a placeholder), ``mark`` for
    the flagged characters. Without ``segments`` (a file the run didn't parse)
    everything is ``text``."""
    from voicecheck.reading import readable_runs

    last = source.line_count
    end_line = min(max(end_line, line), last)
    try:
        flag_lo = source.line_offset(line) + column - 1
        flag_hi = source.line_offset(end_line) + end_column - 1
    except IndexError:
        flag_lo = flag_hi = -1
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
        begin = source.line_offset(n) + start - 1
        kinds = readable_runs(segments, begin, begin + len(shown)) if segments else [(begin, begin + len(shown),
                                                                                       "text")]
        out.append({"line": n, "text": shown, "first_column": start,
                    "clipped_left": start > 1, "clipped_right": start - 1 + len(shown) < len(text),
                    "runs": _runs(shown, begin, kinds, flag_lo, flag_hi)})
    return out


def _runs(text: str, begin: int, kinds: list[tuple[int, int, str]], flag_lo: int, flag_hi: int) -> list[dict]:
    """``text`` (file offsets from ``begin``) cut where its kind or the flag changes."""
    cuts = {0, len(text)}
    for s, e, _ in kinds:
        cuts.update((max(0, min(len(text), s - begin)), max(0, min(len(text), e - begin))))
    cuts.update(max(0, min(len(text), x - begin)) for x in (flag_lo, flag_hi))
    points = sorted(cuts)
    out: list[dict] = []
    k = 0
    for a, b in zip(points, points[1:]):
        if b <= a:
            continue
        while k < len(kinds) and kinds[k][1] - begin <= a:
            k += 1
        kind = kinds[k][2] if k < len(kinds) and kinds[k][0] - begin <= a else "markup"
        mark = flag_lo - begin <= a < flag_hi - begin
        if out and out[-1]["kind"] == kind and out[-1]["mark"] == mark:
            out[-1]["text"] += text[a:b]
        else:
            out.append({"text": text[a:b], "kind": kind, "mark": mark})
    return out


def _window(length: int, lo: int, hi: int) -> int:
    """First column shown of a flagged line of ``length`` characters whose
    highlight is columns ``[lo, hi)``."""
    if length <= MAX_LINE or hi - 1 <= MAX_LINE:
        return 1
    return max(1, lo - LEAD)


def suggestion(f: Finding, source: SourceFile, located=None) -> dict[str, Any] | None:
    """The flagged line(s) with the fix applied: ``{"replacement", "line",
    "before", "after", "reader"}`` where ``before``/``after`` surround the replacement
    on the rewritten line(s) (clipped like the context), and ``reader`` is
    ``[before, after]`` in the reader's sentence (markup left out) when the fix
    replaces exactly the flagged words of a located passage, else None. None without a fix."""
    if f.fix is None:
        return None
    reader = None
    if located is not None:
        from voicecheck import reading

        seg = located.segment
        if (seg.starts[located.start], seg.ends[located.end - 1]) == (f.fix.start, f.fix.end):
            before_r, _, after_r = reading.around(located)
            reader = [before_r, after_r]
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
    return {"replacement": f.fix.replacement, "line": first.line, "before": before, "after": after,
            "reader": reader}


def _decision(f: Finding, source: SourceFile | None, store) -> dict[str, Any] | None:
    if store is None or source is None:
        return None
    d = store.get(f, source)
    if d is None:
        return None
    return {key: getattr(d, key) for key in ("state", "reason", "note", "by", "at")}  # all text or None
