"""Passages: the sentences of a segment that promise checks judge one by one.

A UI string is usually one sentence; an email paragraph holds several, and a
contradiction sits in one of them. Splitting keeps offsets into the segment
text, so a finding points at the sentence (or the conflicting phrase in it).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from voicecheck.promises.claims.base import STAND_IN
from voicecheck.segments import PLACEHOLDER, Segment

# a sentence ends at . ! ? (or …) followed by space and a capital, digit, quote or placeholder;
# abbreviations such as "e.g." and "Mon." don't end one
_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[A-Z0-9\"'“‘(\[" + PLACEHOLDER + r"])")
_ABBREV = re.compile(r"(?:\b(?:e\.g|i\.e|etc|vs|approx|incl|Mon|Tue|Tues|Wed|Thu|Thurs|Fri|Sat|Sun|Jan|Feb|Mar|Apr|"
                     r"Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mr|Mrs|Ms|Dr|St|No|approx|min|max)\.|\b[A-Z]\.)$")
MIN_WORDS = 3
#: A "sentence" longer than this many words is read in pieces of at most this many: real sentences
#: are far shorter, and a run-on blob (a data dump, a page with no full stops) would otherwise cost
#: the parse and the claim readers time that grows faster than its length.
MAX_WORDS = 120


@dataclass(frozen=True)
class Passage:
    segment: Segment
    start: int  # offsets into segment.text
    end: int
    row: str = ""  # the other cells of its table row ("| Early exit fee | £75 |"): read with it, not located

    @property
    def text(self) -> str:
        return self.segment.text[self.start:self.end]

    @property
    def for_model(self) -> str:
        """The text as models should read it: placeholders become a neutral word;
        a table cell is followed by the rest of its row."""
        text = self.text.replace(PLACEHOLDER, STAND_IN)
        return f"{text}: {self.row}" if self.row else text


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in ``text``."""
    out: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        if _ABBREV.search(text[start:m.start()]):
            continue
        out.append((start, m.start()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return [(s, e) for s, e in out if text[s:e].strip()]


def passages(segments: list[Segment]) -> list[Passage]:
    """Sentences worth judging: statements of at least a few words (a question
    such as "Do you sell my data?" claims nothing; a request such as "Could
    you attach a photo?" does)."""
    out: list[Passage] = []
    rows = _table_rows(segments)
    for seg in segments:
        row = rows.get(id(seg), "")
        if row is None:
            continue  # a table's header line names columns; it states nothing
        if row:
            out.append(Passage(seg, 0, len(seg.text), row))
            continue
        for s, e in _pieces(seg.text, _paragraphs(seg, sentences(seg.text))):
            sentence = seg.text[s:e].rstrip(" \"'”’)")
            words = sum(1 for w in sentence.split() if any(c.isalpha() for c in w))
            if words >= MIN_WORDS and (not sentence.endswith("?") or _request(sentence)):
                out.append(Passage(seg, s, e))
    return out


def _paragraphs(seg: Segment, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentences, also cut where the source has a blank line between two words: a
    salutation ("Hi {{name}},") and the paragraph after it are read as one line of text,
    but "Hi Sam, We'll do our best" is no sentence, and a finding belongs on the
    paragraph's own line."""
    src = seg.source.text
    out: list[tuple[int, int]] = []
    for s, e in spans:
        start = s
        for m in _SPACE.finditer(seg.text, s, e):
            i, j = m.start(), m.end()
            if 0 < i and j < len(seg.text) and src.count("\n", seg.ends[i - 1], seg.starts[j]) >= 2:
                if seg.text[start:i].strip():
                    out.append((start, i))
                start = j
        if seg.text[start:e].strip():
            out.append((start, e))
    return out


def _pieces(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Each span, cut after every :data:`MAX_WORDS` words when it is longer."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        start, words = s, 0
        for m in _WORD.finditer(text, s, e):
            words += 1
            if words > MAX_WORDS:
                out.append((start, m.start()))
                start, words = m.start(), 1
        out.append((start, e))
    return out


_WORD = re.compile(r"\S+")
_SPACE = re.compile(r"\s+")
_REQUEST = re.compile(r"^[\s\"'“(]*(?:could|can|would|will) you\b|^[\s\"'“(]*(?:please|kindly)\b", re.I)


def _table_rows(segments: list[Segment]) -> dict[int, str | None]:
    """For the first cell of a table row (short segments of one source line,
    side by side), the text of the other cells: "Early termination charge |
    £75.00" is one statement though the parser reads two cells. The cells of a
    Markdown table's header line map to None: they name columns."""
    out: dict[int, str | None] = {}
    lines = _Lines()
    by_line: dict[tuple[str, int], list[Segment]] = {}
    for seg in segments:
        if not seg.text.strip() or len(seg.text) > 200:
            continue
        start = seg.position(0)
        end = seg.position(max(0, len(seg.text) - 1))
        if start.line != end.line or not lines.holds_cells(seg.source, start.line):
            continue
        by_line.setdefault((seg.path, start.line), []).append(seg)
    for cells in by_line.values():
        if len(cells) < 2:
            continue
        cells.sort(key=lambda s: s.position(0).column)
        if _header_line(cells[0]):
            for c in cells:
                out[id(c)] = None
            continue
        out[id(cells[0])] = _row_text(cells, lines)
    return out


class _Lines:
    """What :func:`_table_rows` asks of source lines, each worked out once: a minified file can
    hold thousands of cells on one line, and a long table's rows all look up to its header, so
    asking per cell or per row would cost the square of the content."""

    def __init__(self) -> None:
        self._pipes: dict[tuple[int, int], int] = {}
        self._cells: dict[tuple[int, int], bool] = {}
        self._html: dict[tuple[int, int], bool] = {}
        self._top: dict[tuple[int, int], int] = {}

    def pipes(self, src, line: int) -> int:
        key = (id(src), line)
        if key not in self._pipes:
            self._pipes[key] = src.line_text(line).count("|")
        return self._pipes[key]

    def holds_cells(self, src, line: int) -> bool:
        """Is the line a table row: Markdown pipes or an HTML cell?"""
        key = (id(src), line)
        if key not in self._cells:
            self._cells[key] = self.pipes(src, line) >= 2 or self.html_row(src, line)
        return self._cells[key]

    def html_row(self, src, line: int) -> bool:
        """Does the line hold an HTML table row's cells (``<td>`` or ``<th>``)?"""
        key = (id(src), line)
        if key not in self._html:
            self._html[key] = bool(_HTML_CELL.search(src.line_text(line)))
        return self._html[key]

    def top(self, src, line: int) -> int:
        """The first line of the run of table lines (Markdown, or HTML rows one per line) that
        ``line`` is in."""
        walked = []
        while line > 1 and (id(src), line) not in self._top and self.holds_cells(src, line - 1):
            walked.append(line)
            line -= 1
        top = self._top.get((id(src), line), line)
        for n in walked + [line]:
            self._top[(id(src), n)] = top
        return top


def _header_line(seg: Segment) -> bool:
    """Is ``seg`` on a table's header line: a Markdown table's line over its ``|---|---|``
    separator, or an HTML row of ``<th>`` cells only?"""
    line = seg.position(0).line
    src = seg.source
    text = src.line_text(line)
    if _HTML_CELL.search(text):
        return not _HTML_DATA.search(text)
    return line < src.line_count and bool(_SEPARATOR.match(src.line_text(line + 1)))


def _row_text(cells: list[Segment], lines: _Lines) -> str:
    """The other cells of a table row, as read with its first cell. In a comparison table
    (a Markdown or HTML table whose header has a blank corner and short column names: plans or
    tiers) each cell is said of its column: "| Single sign-on | Not included | Included |"
    under "| | Starter | Teams |" reads "Not included on Starter, Included on Teams", and a
    bare number counts the row's thing ("3 shared vaults on Starter")."""
    heads = _column_names(cells[0], lines)
    if heads is None:
        return " | ".join(c.text.strip() for c in cells[1:])
    thing = cells[0].text.strip().lower()
    parts = []
    for c in cells[1:]:
        text = c.text.strip()
        column = _column_of(c)
        head = heads[column] if 0 < column < len(heads) else ""
        if _NUMBER.fullmatch(text):
            text = f"{text} {thing}"
        parts.append(f"{text} on {head}" if head else text)
    return ", ".join(parts)


_NUMBER = re.compile(r"[\d][\d,.]*")
_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$")


def _cells(line: str) -> list[str]:
    """The cells of a Markdown table line, its outer pipes left out."""
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return [c.strip() for c in inner.split("|")]


_HTML_CELL = re.compile(r"<t[dh][\s>]", re.I)
_HTML_DATA = re.compile(r"<td[\s>]", re.I)
_HTML_HEAD = re.compile(r"<th\b[^>]*>(.*?)</th\s*>", re.I | re.S)
_TAG = re.compile(r"<[^>]*>")


def _column_of(seg: Segment) -> int:
    """The 0-based column of a table cell: the pipes before it on its line, less a leading one;
    in an HTML row, the cells opened before it on its line, less its own."""
    pos = seg.position(0)
    before = seg.source.line_text(pos.line, limit=pos.column - 1)
    if _HTML_CELL.search(before):
        return len(_HTML_CELL.findall(before)) - 1
    return before.count("|") - (1 if before.lstrip().startswith("|") else 0)


def _column_names(first: Segment, lines: _Lines) -> list[str] | None:
    """The header cells of the comparison table ``first`` opens a row of, or None when it is in
    none: a Markdown table's header line over its separator, or the ``<th>`` row an HTML table with
    one row per line opens with (rows over several lines are read as cells, each on its own). None
    too for a header with a label in its corner, fewer than two value columns, or column names
    longer than three words."""
    src = first.source
    line = first.position(0).line
    top = lines.top(src, line)
    if top >= line:
        return None
    if lines.html_row(src, top):
        head = src.line_text(top)
        if _HTML_DATA.search(head):
            return None
        heads = [" ".join(_TAG.sub(" ", h).split()) for h in _HTML_HEAD.findall(head)]
    elif top + 1 < line and _SEPARATOR.match(src.line_text(top + 1)):
        heads = _cells(src.line_text(top))
    else:
        return None
    if len(heads) < 3 or heads[0] or not all(0 < len(h.split()) <= 3 for h in heads[1:]):
        return None
    return heads


def _request(sentence: str) -> bool:
    """"Could you send us a photo?" asks the reader to act: a claim of what is required."""
    return bool(_REQUEST.match(sentence))


#: Longest excerpt of a line kept in a location.
EXCERPT_MAX = 240


def location(segment: Segment, offset: int) -> dict:
    """Where ``segment.text[offset]`` is, for tables and reports: path, 1-based
    line and column, channel, and the line's text (stripped, cut at EXCERPT_MAX)."""
    pos = segment.position(offset)
    text = segment.source.line_text(pos.line).strip()
    return {"path": segment.path, "line": pos.line, "column": pos.column, "channel": segment.channel,
            "excerpt": text[:EXCERPT_MAX] + ("…" if len(text) > EXCERPT_MAX else "")}
