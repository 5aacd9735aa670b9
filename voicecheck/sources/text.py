"""Plain text (``.txt``, ``.text``): one segment per paragraph.

Paragraphs are separated by blank lines. A line made only of a repeated
punctuation mark (``-----``, ``=====``, ``***``) is a rule or a heading
underline: it ends the paragraph and is not text. Placeholders and template
syntax are masked by :func:`~voicecheck.sources.inline.emit`.

:func:`paragraph_segments` is shared with :mod:`voicecheck.sources.markup`
for plain-text templates (``welcome.text.hbs``, ``notice.text.erb``), which
hands it the template spans it has already found so that a blank line inside
a multi-line template tag does not split a paragraph.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence

from voicecheck.segments import Segment, SourceFile, TextBuilder
from voicecheck.sources.base import Parsed
from voicecheck.sources.inline import Decoded, emit

# A rule or setext-style underline: three or more of one mark, nothing else.
_RULE = re.compile(r"[ \t]*([-=*_~#+])(?:[ \t]*\1){2,}[ \t]*\r?")


def parse(source: SourceFile) -> Parsed:
    return Parsed(source, paragraph_segments(source))


def paragraph_segments(source: SourceFile, spans: Sequence[tuple[int, int, str]] | None = None, *,
                       icu: bool = True) -> list[Segment]:
    """Segments of ``source``, one per paragraph.

    ``spans`` are sorted, non-overlapping ``(start, end, kind)`` template
    spans already found by the caller: kind ``value`` is masked by a
    placeholder, ``boundary`` (``{% block %}``, ``{{> partial}}``) ends the
    segment, anything else is a word break. Without ``spans``, :func:`emit`
    finds placeholders itself.
    """
    text = source.text
    spans = list(spans or [])
    span_starts = [s for s, _, _ in spans]
    segments: list[Segment] = []
    builder = TextBuilder(source)

    def covered(start: int, end: int) -> bool:
        i = bisect.bisect_left(span_starts, end) - 1
        return i >= 0 and spans[i][1] > start

    def add(start: int, end: int) -> None:
        if spans:
            _add_with_spans(builder, text, start, end, spans, span_starts, icu, flush)
        else:
            emit(builder, Decoded.verbatim(text[start:end], start), tags=False, icu=icu)

    def flush() -> None:
        seg = builder.build()
        if seg is not None:
            segments.append(seg)
        builder.reset()

    para_start: int | None = None
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        line_end = n if nl < 0 else nl
        line = text[pos:line_end]
        separator = (not line.strip() or _RULE.fullmatch(line)) and not covered(pos, line_end)
        if separator:
            if para_start is not None:
                add(para_start, pos)
                flush()
                para_start = None
        elif para_start is None:
            para_start = pos
        if nl < 0:
            break
        pos = nl + 1
    if para_start is not None:
        add(para_start, n)
        flush()
    return segments


def _add_with_spans(builder: TextBuilder, text: str, start: int, end: int, spans, span_starts, icu: bool,
                    flush: Callable[[], None]) -> None:
    pos = start
    i = max(bisect.bisect_right(span_starts, start) - 1, 0)
    while i < len(spans) and spans[i][0] < end:
        s, e, kind = spans[i]
        i += 1
        if e <= start:
            continue
        s, e = max(s, start), min(e, end)
        if s > pos:
            emit(builder, Decoded.verbatim(text[pos:s], pos), tags=False, icu=icu)
        if kind == "value":
            builder.add_placeholder(s, e)
        elif kind == "boundary":
            flush()
        else:
            builder.add_break(s)
        pos = max(pos, e)
    if pos < end:
        emit(builder, Decoded.verbatim(text[pos:end], pos), tags=False, icu=icu)
