"""What checks receive and the helpers they share to build findings.

Checks are pure: they get annotated segments (a segment plus its spaCy doc and
term matches, computed once by the engine) and a context, and return findings.
No I/O, no printing, no model loading.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from voicecheck.findings import Finding, Fix
from voicecheck.segments import Segment
from voicecheck.vocab import Vocabulary

EXCERPT_MAX = 240
#: Characters kept before the finding when a long line is cut around it.
EXCERPT_LEAD = 60


@dataclass
class Annotated:
    segment: Segment
    doc: Any  # spacy.tokens.Doc
    term_matches: list = field(default_factory=list)  # nlp.matchers.TermMatch
    spelling_matches: list = field(default_factory=list)  # nlp.matchers.SpellingMatch


@dataclass
class CheckContext:
    vocab: Vocabulary
    settings: Any = None
    promise_options: Any = None  # promises.analysis.Options, when promise checks run


def verbatim(segment: Segment, start: int, end: int) -> str | None:
    """The source text of ``segment.text[start:end]`` if the source holds
    exactly those characters (no markup, entity or escape inside), else None.
    Fixes are only offered on verbatim spans."""
    src = segment.source.text
    s, e = segment.starts[start], segment.ends[end - 1]
    raw = src[s:e]
    return raw if raw == segment.text[start:end] else None


_LAST_EXCERPT: list = [None, 0, ""]  # (source, line, excerpt): findings on one line share one string


def _excerpt(source, line: int, column: int) -> tuple[str, int]:
    """The finding's line, at most EXCERPT_MAX characters. A long line (minified HTML, a JSON
    file on one line) is cut around the finding, never before it: the excerpt starts at most
    EXCERPT_LEAD characters before the flagged words. Findings that share a line and a cut
    share one string (a line of 100,000 banned words makes 100,000 findings). Returns
    (excerpt, the line's column where it starts, 0-based)."""
    cut = max(0, column - 1 - EXCERPT_LEAD) if column - 1 + 20 > EXCERPT_MAX else 0
    last = _LAST_EXCERPT
    if last[0] is source and last[1] == (line, cut):
        return last[2], cut
    text = source.line_text(line, EXCERPT_MAX + 1, skip=cut)  # from the cut: linear on a long line
    excerpt = ("…" if cut else "") + text[:EXCERPT_MAX] + ("…" if len(text) > EXCERPT_MAX else "")
    last[0], last[1], last[2] = source, (line, cut), excerpt
    return excerpt, cut


def make_finding(segment: Segment, start: int, end: int, *, code: str, kind: str, severity: str, message: str,
                 term: str | None = None, promise: str | None = None, score: float | None = None,
                 evidence: tuple = (), fix: Fix | None = None) -> Finding:
    """A finding for ``segment.text[start:end]`` with exact source positions."""
    source = segment.source
    span = segment.source_span(start, end)
    pos = source.position(span.start)
    end_pos = source.position(span.end)
    excerpt, cut = _excerpt(source, pos.line, pos.column)
    return Finding(
        path=source.path, line=pos.line, column=pos.column, end_line=end_pos.line, end_column=end_pos.column,
        code=code, kind=kind, severity=severity, message=message, channel=source.channel, excerpt=excerpt,
        term=term, promise=promise, score=score, evidence=evidence, fix=fix, start=span.start, end=span.end,
        excerpt_from=cut,
    )
