"""What a reader sees at a finding: its passage as readable text.

A finding points at a span of its file (line and column, start and end). The
segment whose source map covers that span holds the readable text around it:
markup removed, entities decoded, placeholders masked, whitespace collapsed
(:mod:`voicecheck.segments`). From it this module derives, without searching
the file again:

* :func:`passage`: the sentences around the flagged words as pieces (plain
  text, the flagged words, placeholders as chips, neighbouring sentences as
  context), for the review pages;
* :func:`sentence`: the sentence(s) holding the flagged words as one line of
  text, placeholders written as in the file (``{{ name }}``), what a review
  decision records;
* :func:`readable_runs`: which characters of a stretch of the raw file are
  readable text, markup or a placeholder, so a source view can dim the markup.

Findings with no segment (a promise's line in the vocabulary file, an unused
suppression comment) have no reader view; callers fall back to the raw lines.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Iterable, Iterator

from voicecheck.findings import Finding
from voicecheck.segments import PLACEHOLDER, Segment, SourceFile

#: A sentence ends at [.!?] followed by whitespace (the rule decisions have always used).
SENTENCE_END = re.compile(r"[.!?]+\s+")
#: Most readable characters shown around the flagged words; beyond it the passage is clipped.
MAX_SHOWN = 480
#: Readable characters kept before the flagged words when the passage is clipped.
LEAD = 160
#: Longest placeholder text shown in a chip.
MAX_CHIP = 40
_NAME = re.compile(r"[A-Za-z_][\w.\-]*")


@dataclass(frozen=True)
class Located:
    """The segment holding a finding, and the [start, end) of its flagged characters."""

    segment: Segment
    start: int
    end: int


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence of ``text``: split at [.!?] followed by whitespace."""
    bounds, pos = [], 0
    for m in SENTENCE_END.finditer(text):
        bounds.append((pos, m.start() + len(m.group().rstrip())))
        pos = m.end()
    bounds.append((pos, len(text)))
    return bounds


def offsets(finding: Finding, source: SourceFile) -> tuple[int, int] | None:
    """Source offsets [start, end) of the finding's span, from its own line and column."""
    try:
        start = source.line_offset(finding.line) + finding.column - 1
        end = source.line_offset(finding.end_line) + finding.end_column - 1
    except IndexError:
        return None
    start = max(0, min(start, len(source.text)))
    end = max(start, min(end, len(source.text)))
    return (start, end) if end > start else (start, min(start + 1, len(source.text)))


def locate(finding: Finding, source: SourceFile, segments: Iterable[Segment]) -> Located | None:
    """The segment whose readable characters cover most of the finding's span."""
    span = offsets(finding, source)
    if span is None or span[1] <= span[0]:
        return None
    lo, hi = span
    best: Located | None = None
    for seg in segments:
        if not seg.text or seg.source is not source and seg.source.path != source.path:
            continue
        if seg.starts[0] >= hi or seg.ends[-1] <= lo:
            continue
        i = bisect.bisect_right(seg.ends, lo)  # first character that ends after the span starts
        j = bisect.bisect_left(seg.starts, hi)  # first character that starts at or after its end
        if i < j and (best is None or j - i > best.end - best.start):
            best = Located(seg, i, j)
    return best


def _flagged_sentences(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], int, int]:
    bounds = sentence_bounds(text)
    first = next((k for k, (s, e) in enumerate(bounds) if start < e or k == len(bounds) - 1), 0)
    last = next((k for k in range(len(bounds) - 1, -1, -1) if bounds[k][0] < end), first)
    return bounds, first, max(first, last)


def _raw(seg: Segment, i: int) -> str:
    """The file's text behind readable character ``i`` (a placeholder's source)."""
    return " ".join(seg.source.text[seg.starts[i]:seg.ends[i]].split())


_SPACES = re.compile(r"\s+")


def _text(seg: Segment, a: int, b: int, strip: bool = True) -> str:
    """``seg.text[a:b]`` with placeholders written as in the file, whitespace collapsed."""
    out = []
    for k in range(a, b):
        ch = seg.text[k]
        out.append(_raw(seg, k) if ch == PLACEHOLDER else ch)
    text = _SPACES.sub(" ", "".join(out))
    return text.strip() if strip else text


def sentence(located: Located) -> str:
    """The sentence(s) holding the flagged characters, placeholders written as in the file."""
    seg = located.segment
    bounds, first, last = _flagged_sentences(seg.text, located.start, located.end)
    return _text(seg, bounds[first][0], bounds[last][1])


def around(located: Located) -> tuple[str, str, str]:
    """The flagged sentence(s) cut at the flagged characters: ``(before, flagged, after)``,
    placeholders written as in the file (a term fix shown in the reader's words)."""
    seg = located.segment
    bounds, first, last = _flagged_sentences(seg.text, located.start, located.end)
    a, b = bounds[first][0], bounds[last][1]
    end = max(b, located.end)
    return (_text(seg, a, located.start, strip=False).lstrip(), _text(seg, located.start, located.end),
            _text(seg, located.end, end, strip=False).rstrip())


def sentence_runs(seg: Segment, longest: int = 4) -> Iterator[tuple[int, int, str]]:
    """Every run of up to ``longest`` whole sentences of a segment: ``(start, end,
    text)`` as :func:`sentence` writes it (what a decision's passage can be)."""
    bounds = sentence_bounds(seg.text)
    for i in range(len(bounds)):
        for j in range(i, min(len(bounds), i + longest)):
            a, b = bounds[i][0], bounds[j][1]
            if b > a:
                yield a, b, _text(seg, a, b)


def chip(raw: str) -> str:
    """The label of a placeholder chip: the name inside ``{{ first_name }}``, ``%(count)s``,
    ``{name}``; the raw text when it holds no name (``%s``)."""
    m = _NAME.search(raw.strip("{}%$@:[]() "))
    label = m.group() if m else raw
    return label if len(label) <= MAX_CHIP else label[:MAX_CHIP - 1] + "…"


def passage(located: Located) -> dict:
    """The passage around the flagged words as pieces, for the review pages.

    ``{"pieces": [{"text", "mark", "ph", "raw", "ctx"}], "clipped_left", "clipped_right",
    "key", "context"}``: ``mark`` flags the flagged characters, ``ph`` a placeholder
    (``raw``: its text in the file), ``ctx`` the sentences before and after the flagged
    one(s), shown for context. At most MAX_SHOWN characters, clipped around the flag."""
    seg = located.segment
    text = seg.text
    bounds, first, last = _flagged_sentences(text, located.start, located.end)
    core = (bounds[first][0], bounds[last][1])
    a = bounds[max(0, first - 1)][0]
    b = bounds[min(len(bounds) - 1, last + 1)][1]
    if b - a > MAX_SHOWN:  # clip around the flagged words, at word boundaries
        a = max(a, located.start - LEAD)
        b = min(b, max(located.end, a + MAX_SHOWN))
        if a > 0:
            space = text.find(" ", a, located.start)
            a = space + 1 if space >= 0 else a
        if b < len(text):
            space = text.rfind(" ", located.end, b)
            b = space if space > 0 else b
    pieces: list[dict] = []
    for k in range(a, b):
        ch = text[k]
        mark = located.start <= k < located.end
        ctx = not core[0] <= k < core[1]
        if ch == PLACEHOLDER:
            raw = _raw(seg, k)
            pieces.append({"text": chip(raw), "mark": mark, "ph": True, "raw": raw, "ctx": ctx})
            continue
        last_piece = pieces[-1] if pieces else None
        if last_piece is not None and not last_piece["ph"] and last_piece["mark"] == mark and last_piece["ctx"] == ctx:
            last_piece["text"] += ch
        else:
            pieces.append({"text": ch, "mark": mark, "ph": False, "raw": None, "ctx": ctx})
    return {"pieces": pieces, "clipped_left": a > 0, "clipped_right": b < len(text),
            "key": seg.key, "context": seg.context}


def readable_runs(segments: Iterable[Segment], lo: int, hi: int) -> list[tuple[int, int, str]]:
    """Stretches of the file's offsets [lo, hi) that readers see: ``(start, end, kind)``
    with kind ``text`` or ``ph`` (a placeholder), sorted and merged; the rest is markup
    (tags, template syntax, keys, quotes, indentation)."""
    spans: list[tuple[int, int, str]] = []
    for seg in segments:
        if not seg.text or seg.starts[0] >= hi or seg.ends[-1] <= lo:
            continue
        i = bisect.bisect_right(seg.ends, lo)
        j = bisect.bisect_left(seg.starts, hi)
        text, starts, ends = seg.text, seg.starts, seg.ends
        for k in range(i, j):
            s, e = max(lo, starts[k]), min(hi, ends[k])
            if e > s:
                spans.append((s, e, "ph" if text[k] == PLACEHOLDER else "text"))
    spans.sort()
    merged: list[tuple[int, int, str]] = []
    for s, e, kind in spans:
        if merged and merged[-1][2] == kind and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e), kind)
        elif merged and s < merged[-1][1]:  # overlap of a placeholder and text: the first one wins
            if e > merged[-1][1]:
                merged.append((merged[-1][1], e, kind))
        else:
            merged.append((s, e, kind))
    return merged
