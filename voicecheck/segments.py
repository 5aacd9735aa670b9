"""Source files, readable-text segments and exact positions.

A parser turns one :class:`SourceFile` into :class:`Segment` objects. A segment
holds the *readable* text of one content unit (a paragraph, a UI string, a
subject line): what the reader sees, with markup removed, entities and escapes
decoded, placeholders masked and whitespace collapsed. Next to the text it keeps
two offset arrays that map every character back to the span of the original
file it came from, so any match on the readable text has an exact file position
without searching the file again.

Segments are built with :class:`TextBuilder`, which owns the normalisation
rules (whitespace collapsing, placeholder masks) so every parser applies them
the same way.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from array import array
from dataclasses import dataclass, field
from pathlib import Path

_LINE_BREAK = re.compile(r"\r\n?|\n")
_RUNS = re.compile(r"\s+|[\u200b\u00ad]+|[^\s\u200b\u00ad]+")
_SIMPLE = re.compile(r"[^\s\u200b\u00ad]+(?: [^\s\u200b\u00ad]+)*")  # words and single spaces only

#: Stands in for a placeholder or template expression (``{{ name }}``, ``%s``).
#: One character, never a letter, so it can't join or form a banned word.
PLACEHOLDER = "\ufffc"


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based, in characters


@dataclass
class SourceFile:
    """A decoded content file and its line table."""

    path: str  # as displayed: relative to the working folder when possible
    text: str
    abspath: Path | None = None
    channel: str | None = None
    encoding: str = "utf-8"
    _line_starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        starts = [0]
        text = self.text
        if "\r" in text:  # CRLF, or a lone CR (classic Mac OS): both end a line, as a reader sees it
            starts += [m.end() for m in _LINE_BREAK.finditer(text)]
        else:
            i = text.find("\n")
            while i >= 0:
                starts.append(i + 1)
                i = text.find("\n", i + 1)
        self._line_starts = starts

    @property
    def suffix(self) -> str:
        return Path(self.path).suffix.lower()

    def position(self, offset: int) -> Position:
        """1-based line and column of a character offset."""
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return Position(line + 1, offset - self._line_starts[line] + 1)

    def line_text(self, line: int, limit: int | None = None, skip: int = 0) -> str:
        """The text of a 1-based line, without its line ending; from its ``skip``-th character, at
        most ``limit`` characters of it (an excerpt of a megabyte-long line costs its length, not the
        line's, wherever on the line it is)."""
        text = self.text
        start = self._line_starts[line - 1]
        end = self._line_starts[line] if line < len(self._line_starts) else len(text)
        if end > start and text[end - 1] == "\n":
            end -= 1
        if end > start and text[end - 1] == "\r":
            end -= 1
        start = min(end, start + skip)
        if limit is not None:
            end = min(end, start + limit)
        return text[start:end]

    def line_offset(self, line: int) -> int:
        return self._line_starts[line - 1]

    @property
    def line_starts(self) -> list[int]:
        """Offset of the first character of each line (index 0 is line 1)."""
        return self._line_starts

    @property
    def line_count(self) -> int:
        return len(self._line_starts)


@dataclass(frozen=True)
class Span:
    """A half-open character range of a source file."""

    start: int
    end: int


@dataclass
class Segment:
    """Readable text of one content unit with a per-character source map.

    ``starts[i]``/``ends[i]`` are the source offsets of the text that produced
    ``text[i]`` (one character for plain text, several for ``&amp;`` or
    ``\\u00A0``).
    """

    source: SourceFile
    text: str
    starts: array
    ends: array
    key: str | None = None  # string key / element id / front-matter field
    context: str = "text"  # text, subject, preheader, attribute:alt, msgstr…

    @property
    def path(self) -> str:
        return self.source.path

    @property
    def channel(self) -> str | None:
        return self.source.channel

    def source_span(self, start: int, end: int) -> Span:
        """Source span of ``text[start:end]`` (end exclusive, start < end)."""
        return Span(self.starts[start], self.ends[end - 1])

    def position(self, index: int) -> Position:
        return self.source.position(self.starts[index])

    def end_position(self, end: int) -> Position:
        """Position just past ``text[end-1]`` (SARIF/LSP style exclusive end)."""
        return self.source.position(self.ends[end - 1])


#: Invisible characters a reader does not see: zero-width (non-)joiners, word joiner, bidi marks,
#: embeddings, overrides and isolates, and a BOM inside the text. Dropped from the readable text.
_INVISIBLE = "\u200c\u200d\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
#: Compatibility forms read as their plain letters: full-width and half-width forms, ligatures (ﬁ).
_COMPAT = "\uff01-\uffee\ufb00-\ufb06\ufb13-\ufb17"
_NEEDS_WORK = re.compile(f"[{_INVISIBLE}{_COMPAT}\u0300-\u036f]|[^\\x00-\u02ff]")
_DROP = re.compile(f"[{_INVISIBLE}]")
_WIDE = re.compile(f"[{_COMPAT}]")


def normalize(text: str, starts, ends) -> tuple[str, array, array]:
    """``text`` as a reader sees it, with its source map kept exact: invisible
    format characters dropped, full-width letters and ligatures as plain letters
    (NFKC), and letters composed with their accents (NFC: "e" + U+0301 is "é").
    Every character of the result maps to the source span of the characters it
    came from, so a match still points at the exact bytes of the file."""
    if not _NEEDS_WORK.search(text):
        return text, starts, ends
    if not _DROP.search(text) and not _WIDE.search(text) and unicodedata.is_normalized("NFC", text):
        return text, starts, ends
    out: list[str] = []
    new_starts, new_ends = array("l"), array("l")
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if _DROP.match(ch):
            i += 1
            continue
        j = i + 1  # a cluster: one character and the combining marks after it (invisible ones between)
        while j < n:
            k = j
            while k < n and _DROP.match(text[k]):
                k += 1
            if k < n and unicodedata.combining(text[k]):
                j = k + 1
            else:
                break
        cluster = "".join(c for c in text[i:j] if not _DROP.match(c))
        form = unicodedata.normalize("NFKC" if _WIDE.match(ch) else "NFC", cluster)
        if form == cluster and len(cluster) == j - i:
            out.append(cluster)
            new_starts.extend(starts[i:j])
            new_ends.extend(ends[i:j])
        else:
            out.append(form)
            s, e = starts[i], ends[j - 1]
            new_starts.extend([s] * len(form))
            new_ends.extend([e] * len(form))
        i = j
    return "".join(out), new_starts, new_ends


class TextBuilder:
    """Accumulates readable text with its source map.

    Whitespace is collapsed to single spaces and trimmed at both ends; a
    *break* is a word boundary that adds a space only when needed, used where
    markup separates words (``</p><p>``, ``{% else %}``) without adding text.
    """

    def __init__(self, source: SourceFile):
        self.source = source
        self._chars: list[str] = []
        self._starts = array("l")
        self._ends = array("l")
        self._pending_space: tuple[int, int] | None = None

    def __len__(self) -> int:
        return len(self._chars)

    def _emit(self, ch: str, start: int, end: int) -> None:
        if self._pending_space is not None:
            if self._chars:
                s, e = self._pending_space
                self._chars.append(" ")
                self._starts.append(s)
                self._ends.append(e)
            self._pending_space = None
        self._chars.append(ch)
        self._starts.append(start)
        self._ends.append(end)

    def _space(self, start: int, end: int) -> None:
        if self._pending_space is None:
            self._pending_space = (start, end)

    def add(self, text: str, start: int) -> None:
        """Add ``text`` that appears verbatim in the source at ``start``."""
        for i, ch in enumerate(text):
            if ch.isspace():
                self._space(start + i, start + i + 1)
            else:
                self._emit(ch, start + i, start + i + 1)

    def add_char(self, ch: str, start: int, end: int) -> None:
        """Add one decoded character produced by source ``[start, end)``
        (an entity, an escape sequence)."""
        if ch.isspace() or ch in "\u200b\u00ad":
            if ch.isspace():
                self._space(start, end)
            return
        for c in ch:
            self._emit(c, start, end)

    def add_mapped(self, text: str, starts, ends) -> None:
        """Add decoded ``text`` whose i-th character came from source
        ``[starts[i], ends[i])``; same rules as :meth:`add_char`, in bulk."""
        if _SIMPLE.fullmatch(text):  # the usual case: nothing to collapse or drop
            self._emit(text[0], starts[0], ends[0])
            if len(text) > 1:
                self._chars.extend(text[1:])
                self._starts.extend(starts[1:])
                self._ends.extend(ends[1:])
            return
        chars, out_starts, out_ends = self._chars, self._starts, self._ends
        for m in _RUNS.finditer(text):  # _space and _emit, inlined: this runs for every word of a markup file
            s, e = m.span()
            first = text[s]
            if first.isspace():
                if self._pending_space is None:
                    self._pending_space = (starts[s], ends[e - 1])
            elif first in "\u200b\u00ad":
                continue
            else:
                if self._pending_space is not None:
                    if chars:
                        ps, pe = self._pending_space
                        chars.append(" ")
                        out_starts.append(ps)
                        out_ends.append(pe)
                    self._pending_space = None
                if e - s > 1:
                    chars.extend(text[s:e])
                    out_starts.extend(starts[s:e])
                    out_ends.extend(ends[s:e])
                else:
                    chars.append(first)
                    out_starts.append(starts[s])
                    out_ends.append(ends[s])

    def add_placeholder(self, start: int, end: int) -> None:
        """Mask a placeholder or template expression spanning ``[start, end)``."""
        self._emit(PLACEHOLDER, start, end)

    def add_break(self, at: int) -> None:
        """A word boundary with no text of its own (block markup, template tags)."""
        self._space(at, at)

    def build(self, key: str | None = None, context: str = "text") -> Segment | None:
        """The finished segment, or None when it holds no readable text. The text
        is read as a reader sees it (see :func:`normalize`)."""
        if not any(c.isalnum() for c in self._chars):
            return None
        text = "".join(self._chars)
        starts, ends = self._starts, self._ends
        if not text.isascii():
            text, starts, ends = normalize(text, starts, ends)
        return Segment(self.source, text, starts, ends, key, context)

    def reset(self) -> None:
        self._chars = []
        self._starts = array("l")
        self._ends = array("l")
        self._pending_space = None
