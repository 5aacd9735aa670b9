"""YAML content: Rails/i18n locale files and support macros or templates.

Every string scalar that is a value (never a mapping key) is one segment keyed by
its dotted key path (``en.web.header.tagline``, ``macros.chat-hours.text``).
Numbers, booleans, nulls and dates are not text, and neither are identifier
values of metadata fields (``id: chat-hours``, ``tags: [skip, plan]``).

PyYAML's composer gives each scalar's decoded value and its source span; the
value is then decoded again here from the source, one span per character, for
every scalar style (plain and quoted folding, escapes, literal and folded
blocks). If that ever disagrees with PyYAML, the characters are aligned with a
forward-only cursor inside the scalar's span instead.

Values may hold HTML (osTicket e-mail templates) or Markdown (macro bodies):
tags, entities, code spans, link targets and emphasis markers are not text.
Comments are found by a scan that skips quoted and block scalars, since PyYAML
drops them.
"""
from __future__ import annotations

import bisect
import re

import yaml

from voicecheck.segments import PLACEHOLDER, SourceFile
from voicecheck.sources.base import Comment, ContentError, Parsed
from voicecheck.sources.inline import Decoded, DecodedBuilder, emit_segment, find_masks
from voicecheck.yamlerrors import hint

try:  # libyaml is several times faster; its marks are character offsets too
    _FAST_LOADER = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _FAST_LOADER = None

_STR = "tag:yaml.org,2002:str"
_STD_TAG = "tag:yaml.org,2002:"
_BREAKS = "\r\n\x85\u2028\u2029"
_ESCAPES = {
    "0": "\0", "a": "\x07", "b": "\x08", "t": "\t", "\t": "\t", "n": "\n", "v": "\x0b", "f": "\x0c",
    "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0",
    "L": "\u2028", "P": "\u2029",
}
_HEX_LEN = {"x": 2, "u": 4, "U": 8}

# Fields whose identifier-like values are metadata, not text: id: chat-hours, tags: [billing]
_META_FIELDS = {"id", "uuid", "guid", "slug", "tag", "tags", "channel", "channels", "type", "kind", "locale",
                "lang", "language", "icon", "color", "colour", "ref", "category", "categories", "status", "key"}
_URL_FIELDS = {"href", "src", "url", "uri", "link_url", "image", "image_url"}
_IDENTIFIER = re.compile(r"[a-z0-9][a-z0-9_.:/#@+-]*\Z")
_RUBY_SYMBOL = re.compile(r":[A-Za-z_]\w*\Z")
_ITEM_NAME_FIELDS = ("id", "key", "slug")

_COMMENT_START = re.compile(r"(?:^|(?<=[ \t\ufeff]))#", re.M)

# Markdown inline syntax that a reader doesn't see
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})[^\n]*\n.*?^[ \t]*\1[ \t]*$", re.M | re.S)
_BACKTICKS = re.compile(r"`+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_LINK = re.compile(r"(!?)\[([^\[\]\n]*)\]\(([^()\s]*)(?:\s+\"[^\"\n]*\")?\)")
_EMPHASIS = re.compile(r"\*+|_+|~~")
_MARKDOWN_HINT = re.compile(r"[`*_\[~]")


def parse(source: SourceFile) -> Parsed:
    text = source.text
    base = 1 if text.startswith("\ufeff") else 0
    body = text[base:]
    docs = _compose(source, body, base)
    parsed = Parsed(source)
    walker = _Walker(source, base)
    try:
        for doc in docs:
            if doc is not None:
                walker.node(doc, "", None, -1)
    except RecursionError:
        raise ContentError(source.path, "YAML is nested too deeply to read", 1) from None
    parsed.segments = walker.segments
    parsed.comments = _comments(source, walker.protected)
    return parsed


# -- loading and errors -------------------------------------------------------------------------

def _compose(source: SourceFile, body: str, base: int) -> list:
    if _FAST_LOADER is not None:
        try:
            return list(yaml.compose_all(body, Loader=_FAST_LOADER))
        except yaml.YAMLError:
            pass  # re-read with the pure-Python loader: its messages are clearer
        except RecursionError:
            raise ContentError(source.path, "YAML is nested too deeply to read", 1) from None
    try:
        return list(yaml.compose_all(body, Loader=yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise _error(source, exc, base) from None
    except RecursionError:
        raise ContentError(source.path, "YAML is nested too deeply to read", 1) from None




def _error(source: SourceFile, exc: yaml.YAMLError, base: int) -> ContentError:
    if isinstance(exc, yaml.reader.ReaderError):
        pos = source.position(exc.position + base)
        char = exc.character
        what = f"character U+{char:04X}" if isinstance(char, int) else f"character {char!r}"
        return ContentError(source.path, f"invalid YAML: {what} is not allowed ({exc.reason})", pos.line, pos.column)
    problem = getattr(exc, "problem", None) or (str(exc).splitlines() or ["unreadable YAML"])[0]
    context = getattr(exc, "context", None)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    message = f"invalid YAML: {problem}"
    if context:
        message += f" ({context}"
        cmark = getattr(exc, "context_mark", None)
        if cmark is not None and mark is not None and cmark.line != mark.line:
            message += f" started on line {cmark.line + 1}"
        message += ")"
    message += hint(problem)
    message = " ".join(message.split())
    if mark is None:
        return ContentError(source.path, message)
    line, column = mark.line + 1, mark.column + 1
    if base and mark.line == 0:
        column += 1
    return ContentError(source.path, message, line, column)


# -- walking the node graph ---------------------------------------------------------------------

class _Walker:
    def __init__(self, source: SourceFile, base: int):
        self.source = source
        self.text = source.text
        self.base = base
        self.segments = []
        self.seen: set[int] = set()
        # (start, end) of quoted and block scalars, where '#' is never a comment
        self.protected: list[tuple[int, int]] = []

    def node(self, node, path: str, field: str | None, indent: int, content: bool = True) -> None:
        if id(node) in self.seen:  # an alias of a node already walked
            return
        self.seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            self.scalar(node, path, field, indent, content)
        elif isinstance(node, yaml.SequenceNode):
            child_indent = node.start_mark.column if node.flow_style is False else indent
            for n, item in enumerate(node.value):
                self.node(item, f"{path}[{_item_name(item, n)}]", field, child_indent, content)
        elif isinstance(node, yaml.MappingNode):
            child_indent = node.start_mark.column if node.flow_style is False else indent
            for key, value in node.value:
                # keys are never text, but their spans matter for finding comments
                self.node(key, path, None, child_indent, content=False)
                name = key.value if isinstance(key, yaml.ScalarNode) else "?"
                self.node(value, f"{path}.{name}" if path else name, name, child_indent, content)

    def scalar(self, node, path: str, field: str | None, indent: int, content: bool) -> None:
        style = node.style or None
        start = node.start_mark.index + self.base
        end = node.end_mark.index + self.base
        if start < end and self.text[start] in "&!":
            start = _skip_properties(self.text, start, end)
        if style in ("'", '"'):
            self.protected.append((start, end))
        elif style in ("|", ">"):
            eol = _line_end(self.text, start, end)
            self.protected.append((eol, end))
        if not content or not _is_text(node, style, field):
            return
        decoded = _decode_scalar(self.text, node.value, style, start, end, indent)
        if _MARKDOWN_HINT.search(decoded.text):
            decoded = _strip_markdown(decoded)
        seg = emit_segment(self.source, decoded, key=path or None, context="text", entities=True)
        if seg is not None:
            self.segments.append(seg)


def _item_name(item, n: int) -> str:
    """A sequence item's path component: its id when it is a mapping with one, else its index."""
    if isinstance(item, yaml.MappingNode):
        for key, value in item.value:
            if isinstance(key, yaml.ScalarNode) and key.value in _ITEM_NAME_FIELDS \
                    and isinstance(value, yaml.ScalarNode) and value.value and "." not in value.value:
                return value.value
    return str(n)


def _is_text(node, style: str | None, field: str | None) -> bool:
    tag = node.tag
    if tag != _STR and (tag.startswith(_STD_TAG) or style is None):
        return False  # numbers, booleans, null, dates, binary; unknown tags on plain scalars
    value = node.value
    if field is not None:
        lowered = field.lower()
        if lowered in _URL_FIELDS:
            return False
        if (lowered in _META_FIELDS or lowered.endswith(("_id", "-id"))) and _IDENTIFIER.match(value):
            return False
    if style is None and value.startswith(":") and _RUBY_SYMBOL.match(value):
        return False  # Ruby symbol (Rails locale files: order: [:year, :month, :day])
    return True


def _skip_properties(text: str, i: int, end: int) -> int:
    """Skip an anchor (&name) and a tag (!tag), with the blanks and comments after them."""
    while i < end and text[i] in "&!":
        while i < end and not text[i].isspace():
            i += 1
        while i < end:
            if text[i].isspace():
                i += 1
            elif text[i] == "#":
                i = _line_end(text, i, end)
            else:
                break
    return i


def _line_end(text: str, start: int, end: int) -> int:
    """Offset of the first line break at or after ``start`` (the end of a block scalar header)."""
    i = start
    while i < end and text[i] not in _BREAKS:
        i += 1
    return i


# -- decoding scalars with per-character offsets -----------------------------------------------

def _decode_scalar(text: str, value: str, style: str | None, start: int, end: int, indent: int) -> Decoded:
    if not value:
        return Decoded()
    if style in ("|", ">"):
        for guess in _indent_guesses(indent):
            decoded = _decode_block(text, start, guess)
            if decoded is not None and decoded.text == value:
                return decoded
    else:
        if style is None:
            raw = text[start:end]
            if raw == value:
                return Decoded.verbatim(raw, start)
        elif end - start == len(value) + 2 and text[start + 1:end - 1] == value:
            return Decoded.verbatim(value, start + 1)
        decoded = _decode_flow(text, start, end, style)
        if decoded is not None and decoded.text == value:
            return decoded
    return _align(text, start, end, value)


def _indent_guesses(indent: int) -> list[int]:
    return [indent, -1] if indent != -1 else [-1]


def _skip_break(text: str, i: int) -> int:
    if text.startswith("\r\n", i):
        return i + 2
    return i + 1


def _decode_flow(text: str, start: int, end: int, style: str | None) -> Decoded | None:
    """A plain, single- or double-quoted scalar: folding, '' and backslash escapes."""
    b = DecodedBuilder()
    if style is None:
        i, stop = start, end
    else:
        i, stop = start + 1, end - 1
    while i < stop:
        ch = text[i]
        if ch in " \t":
            j = i
            while j < stop and text[j] in " \t":
                j += 1
            if j < stop and text[j] in _BREAKS:
                i = _fold(text, j, stop, b)
            else:
                b.add_verbatim(text[i:j], i)
                i = j
        elif ch in _BREAKS:
            i = _fold(text, i, stop, b)
        elif ch == "'" and style == "'":
            if text[i + 1:i + 2] != "'":
                return None
            b.add("'", i, i + 2)
            i += 2
        elif ch == "\\" and style == '"':
            esc = text[i + 1:i + 2]
            if esc and esc in _BREAKS:  # escaped line break: join without a space
                i = _skip_break(text, i + 1)
                i = _extra_breaks(text, i, stop, b)
            elif esc in _ESCAPES:
                b.add(_ESCAPES[esc], i, i + 2)
                i += 2
            elif esc in _HEX_LEN:
                n = _HEX_LEN[esc]
                try:
                    code = int(text[i + 2:i + 2 + n], 16)
                    ch = chr(code)
                except ValueError:
                    return None
                b.add(ch, i, i + 2 + n)
                i += 2 + n
            else:
                return None
        else:
            j = i + 1
            while j < stop and text[j] not in " \t\\'\r\n\x85\u2028\u2029":
                j += 1
            b.add_verbatim(text[i:j], i)
            i = j
    return b.build()


def _fold(text: str, i: int, stop: int, b: DecodedBuilder) -> int:
    """Fold the line break at ``text[i]`` and the blank lines after it: one break is a
    space, each further break is a newline. Leading whitespace of the next line is dropped."""
    first = i
    i = _skip_break(text, i)
    mark = len(b.chars)
    i = _extra_breaks(text, i, stop, b)
    if len(b.chars) == mark:
        b.add(" ", first, _skip_break(text, first))
    return i


def _extra_breaks(text: str, i: int, stop: int, b: DecodedBuilder) -> int:
    while i < stop:
        j = i
        while j < stop and text[j] in " \t":
            j += 1
        if j < stop and text[j] in _BREAKS:
            k = _skip_break(text, j)
            b.add("\n", j, k)
            i = k
        else:
            return j
    return i


def _decode_block(text: str, start: int, parent_indent: int) -> Decoded | None:
    """A literal (|) or folded (>) block scalar, following PyYAML's scanner."""
    n = len(text)
    folded = text[start] == ">"
    i = start + 1
    chomping = None
    increment = None
    for _ in range(2):
        c = text[i] if i < n else ""
        if c in ("+", "-") and chomping is None:
            chomping = c == "+"
            i += 1
        elif c.isdigit() and c != "0" and increment is None:
            increment = int(c)
            i += 1
    while i < n and text[i] not in _BREAKS:  # spaces and an optional comment
        i += 1
    if i < n:
        i = _skip_break(text, i)
    line_start = i
    min_indent = max(parent_indent + 1, 1)
    b = DecodedBuilder()
    breaks: list[tuple[int, int]] = []

    def scan_breaks(i: int, line_start: int, indent: int) -> tuple[int, int]:
        while i < n and i - line_start < indent and text[i] == " ":
            i += 1
        while i < n and text[i] in _BREAKS:
            k = _skip_break(text, i)
            breaks.append((i, k))
            i = line_start = k
            while i < n and i - line_start < indent and text[i] == " ":
                i += 1
        return i, line_start

    if increment is None:
        max_indent = 0
        while i < n and (text[i] == " " or text[i] in _BREAKS):
            if text[i] == " ":
                i += 1
                max_indent = max(max_indent, i - line_start)
            else:
                k = _skip_break(text, i)
                breaks.append((i, k))
                i = line_start = k
        indent = max(min_indent, max_indent)
    else:
        indent = min_indent + increment - 1
        i, line_start = scan_breaks(i, line_start, indent)
    line_break: tuple[int, int] | None = None
    while i < n and i - line_start == indent:
        for bs, be in breaks:
            b.add("\n", bs, be)
        breaks = []
        leading_non_space = text[i] not in " \t"
        j = i
        while j < n and text[j] not in _BREAKS:
            j += 1
        b.add_verbatim(text[i:j], i)
        i = j
        if i < n:
            k = _skip_break(text, i)
            line_break = (i, k)
            i = line_start = k
        else:
            line_break = None
        i, line_start = scan_breaks(i, line_start, indent)
        if i < n and i - line_start == indent:
            if folded and line_break is not None and leading_non_space and text[i] not in " \t":
                if not breaks:
                    b.add(" ", *line_break)
            elif line_break is not None:
                b.add("\n", *line_break)
        else:
            break
    if chomping is not False and line_break is not None:
        b.add("\n", *line_break)
    if chomping is True:
        for bs, be in breaks:
            b.add("\n", bs, be)
    return b.build()


def _align(text: str, start: int, end: int, value: str) -> Decoded:
    """Fallback: map each character of ``value`` to the next equal source character
    inside the scalar's span (forward only); characters not found keep the cursor's place."""
    b = DecodedBuilder()
    j = start
    last = max(start, end - 1)
    for ch in value:
        k = text.find(ch, j, end)
        if k < 0 and ch == " ":
            k = _next_space(text, j, end)
        if k < 0:
            at = min(j, last)
            b.add(ch, at, at + 1)
        else:
            b.add(ch, k, k + 1)
            j = k + 1
    return b.build()


def _next_space(text: str, j: int, end: int) -> int:
    while j < end:
        if text[j].isspace():
            return j
        j += 1
    return -1


# -- Markdown inside values ---------------------------------------------------------------------

def _strip_markdown(value: Decoded) -> Decoded:
    """Hide Markdown syntax: code spans and fenced blocks become a placeholder, link
    targets and emphasis markers are removed. Template placeholders, tags and URLs
    (found by inline.find_masks) are left alone for emit to mask."""
    text = value.text
    blocked = _Intervals((s, e) for s, e, _ in find_masks(text))
    ops: list[tuple[int, int, str]] = []  # (start, end, "code" | "drop")

    def take(s: int, e: int, kind: str) -> None:
        ops.append((s, e, kind))
        blocked.add(s, e)

    if "```" in text or "~~~" in text:
        for m in _FENCE.finditer(text):
            if blocked.free(*m.span()):
                take(m.start(), m.end(), "code")
    if "`" in text:
        for s, e in _code_spans(text):
            if blocked.free(s, e):
                take(s, e, "code")
    if "[" in text:
        for m in _LINK.finditer(text):
            if blocked.free(m.start(), m.start(2)) and blocked.claim(m.end(2), m.end()):
                take(m.start(), m.start(2), "drop")
                ops.append((m.end(2), m.end(), "drop"))
    for m in _EMPHASIS.finditer(text):
        s, e = m.span()
        before = text[s - 1] if s else " "
        after = text[e] if e < len(text) else " "
        if (before.isalnum() and after.isalnum()) or (before.isspace() and after.isspace()):
            continue  # inside a word (snake_case, 2*3) or standing alone (a list bullet)
        if blocked.free(s, e):
            take(s, e, "drop")
    if not ops:
        return value
    ops.sort()
    b = DecodedBuilder()
    pos = 0
    for s, e, kind in ops:
        b.chars.extend(text[pos:s])
        b.starts.extend(value.starts[pos:s])
        b.ends.extend(value.ends[pos:s])
        if kind == "code":
            b.add(PLACEHOLDER, value.starts[s], value.ends[e - 1])
        pos = e
    b.chars.extend(text[pos:])
    b.starts.extend(value.starts[pos:])
    b.ends.extend(value.ends[pos:])
    return b.build()


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Code spans: a backtick run up to the next run of the same length (CommonMark),
    found in O(n log n) so that unbalanced backticks can't make it slow."""
    runs = [m.span() for m in _BACKTICKS.finditer(text)]
    by_length: dict[int, list[int]] = {}
    for k, (s, e) in enumerate(runs):
        by_length.setdefault(e - s, []).append(k)
    spans = []
    k = 0
    while k < len(runs):
        s, e = runs[k]
        same = by_length[e - s]
        nxt = bisect.bisect_right(same, k)
        if nxt < len(same) and not _BLANK_LINE.search(text, e, runs[same[nxt]][0]):
            close = same[nxt]
            spans.append((s, runs[close][1]))
            k = close + 1
        else:  # unmatched, or the match is in another paragraph: literal backticks
            k += 1
    return spans


class _Intervals:
    """Disjoint half-open intervals, kept sorted."""

    def __init__(self, spans=()):
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]

    def free(self, s: int, e: int) -> bool:
        k = bisect.bisect_left(self.starts, e)  # intervals starting before e
        return k == 0 or self.spans[k - 1][1] <= s

    def claim(self, s: int, e: int) -> bool:
        """Add [s, e) if every interval it overlaps lies inside it (those are dropped)."""
        lo = bisect.bisect_left(self.starts, s)
        if lo and self.spans[lo - 1][1] > s:
            return False
        hi = bisect.bisect_left(self.starts, e)
        if hi > lo and self.spans[hi - 1][1] > e:
            return False
        del self.spans[lo:hi]
        del self.starts[lo:hi]
        self.add(s, e)
        return True

    def add(self, s: int, e: int) -> None:
        k = bisect.bisect_left(self.starts, s)
        self.spans.insert(k, (s, e))
        self.starts.insert(k, s)


# -- comments -----------------------------------------------------------------------------------

def _comments(source: SourceFile, protected: list[tuple[int, int]]) -> list[Comment]:
    """``#`` comments: a ``#`` at a line start or after a blank, outside quoted and
    block scalars (plain scalars can't hold `` #``)."""
    text = source.text
    if "#" not in text:
        return []
    spans = _Intervals(protected)  # quoted and block scalars never overlap
    comments = []
    done = -1
    for m in _COMMENT_START.finditer(text):
        i = m.start()
        if i < done or not spans.free(i, i + 1):
            continue
        eol = _line_end(text, i, len(text))
        done = eol
        line = source.position(i).line
        comments.append(Comment(text[i + 1:eol].strip(), line, line))
    return comments
