"""gettext catalogs (.po, .pot).

The readable text of an entry is its translation (``msgstr``, ``msgstr[n]``)
when there is one, else its source text (``msgid``, ``msgid_plural``). A
symbolic msgid such as ``auth.failed`` or ``user_not_found`` is a key, never
text; ``msgctxt``, comments, the header entry (``msgid ""``) and obsolete
entries (``#~``) are never text. Comment lines (``#``, ``#.``, ``#:``, ``#,``,
``#|``) are returned as comments.

polib validates the catalog first (its errors carry a line number); the
entries are then read again here, line by line, so each character of a
C-style quoted string keeps its exact source span (an escape maps to the whole
escape sequence; continuation strings are concatenated).
"""
from __future__ import annotations

import re

import polib

from voicecheck.segments import SourceFile
from voicecheck.sources.base import Comment, ContentError, Parsed
from voicecheck.sources.inline import Decoded, DecodedBuilder, emit_segment

_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)(?=[\s\"])")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "?": "?", "a": "\x07",
            "b": "\x08", "f": "\x0c", "v": "\x0b"}
_OCTAL = re.compile(r"[0-7]{1,3}")
_HEX = re.compile(r"[0-9A-Fa-f]+")
# auth.failed, user.not_found, errors.upload.too_large, ERR_TIMEOUT: ids, not text
_SYMBOLIC = re.compile(r"[A-Za-z_][\w-]*(?:[._][\w-]+)+\Z")
_POLIB_LINE = re.compile(r"\(?line (\d+)\)?:?\s*")


def parse(source: SourceFile) -> Parsed:
    problem = _polib_problem(source)
    parsed = Parsed(source)
    try:
        entries = _Scanner(source, parsed.comments).entries()
    except ContentError as own:
        # the scanner's message is more specific; polib's wins only when it is earlier
        if problem is None or problem.line is None or (own.line or 0) <= problem.line:
            raise
        raise problem from None
    if problem is not None:
        raise problem
    _check_plurals(source, entries)
    for entry in entries:
        entry.emit(source, parsed.segments)
    return parsed


def _polib_problem(source: SourceFile) -> ContentError | None:
    """polib's verdict on the catalog, as a ContentError (None when it reads it)."""
    text = source.text
    if "\n" not in text:
        text += "\n"  # polib treats a one-line string naming an existing file as a path
    try:
        polib.pofile(text)
    except Exception as exc:  # polib raises IOError/OSError, ValueError…; none may escape
        message = str(exc)
        m = _POLIB_LINE.search(message)
        line = int(m.group(1)) if m else None
        detail = message.replace("Syntax error in po file", "").strip()
        if m:
            detail = _POLIB_LINE.sub("", detail).strip()
        detail = detail.strip(" :") or "unexpected line (each entry needs msgid, then msgstr)"
        return ContentError(source.path, f"invalid PO file: {detail}", line)
    return None


def is_symbolic(msgid: str) -> bool:
    """True for an identifier-like msgid (``auth.failed``), which is a key, not text."""
    return bool(_SYMBOLIC.match(msgid))


_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")


def _check_plurals(source: SourceFile, entries: list["_Entry"]) -> None:
    """A ``msgstr[n]`` beyond the header's ``nplurals`` is never shown to anyone: an error."""
    header = next((e for e in entries if e.msgid is not None and not e.msgid.build().text), None)
    if header is None or 0 not in header.msgstr:
        return
    m = _NPLURALS.search(header.msgstr[0].build().text)
    if m is None:
        return
    nplurals = int(m.group(1))
    for entry in entries:
        for n, at in sorted(entry.msgstr_at.items()):
            if n >= nplurals:
                pos = source.position(at)
                raise ContentError(source.path, f"invalid PO file: msgstr[{n}] is beyond the catalog's "
                                                f"nplurals={nplurals} (Plural-Forms header); use msgstr[0] to "
                                                f"msgstr[{max(nplurals - 1, 0)}]", pos.line, pos.column)


class _Entry:
    def __init__(self) -> None:
        self.msgctxt: DecodedBuilder | None = None
        self.msgid: DecodedBuilder | None = None
        self.msgid_plural: DecodedBuilder | None = None
        self.msgstr: dict[int, DecodedBuilder] = {}
        self.msgstr_at: dict[int, int] = {}  # plural index -> offset of its msgstr[n] keyword

    def emit(self, source: SourceFile, out: list) -> None:
        if self.msgid is None:
            return
        msgid = self.msgid.build()
        if not msgid.text:
            return  # the header entry
        key = msgid.text
        values: list[tuple[str, Decoded]] = []
        plural = len(self.msgstr) > 1 or self.msgid_plural is not None
        for n in sorted(self.msgstr):
            value = self.msgstr[n].build()
            if value.text.strip():
                values.append((f"{key}[{n}]" if plural else key, value))
        if not values and not is_symbolic(msgid.text):
            values.append((key, msgid))
            if self.msgid_plural is not None:
                values.append((f"{key}[plural]", self.msgid_plural.build()))
        for name, value in values:
            seg = emit_segment(source, value, key=name, context="text")
            if seg is not None:
                out.append(seg)


class _Scanner:
    """Reads entries line by line, keeping the span of every string character."""

    def __init__(self, source: SourceFile, comments: list[Comment]):
        self.source = source
        self.comments = comments

    def error(self, message: str, offset: int) -> ContentError:
        pos = self.source.position(offset)
        return ContentError(self.source.path, f"invalid PO file: {message}", pos.line, pos.column)

    def entries(self) -> list[_Entry]:
        text = self.source.text
        entries: list[_Entry] = []
        entry = _Entry()
        field: DecodedBuilder | None = None
        lineno = 0
        start = 0
        n = len(text)
        while start < n:
            nl = text.find("\n", start)
            end = n if nl < 0 else nl
            lineno += 1
            line_start, next_start = start, end + 1
            stop = end
            if stop > line_start and text[stop - 1] == "\r":
                stop -= 1
            start = next_start
            i = line_start
            while i < stop and (text[i].isspace() or text[i] == "\ufeff"):
                i += 1
            if i == stop:
                continue
            ch = text[i]
            if ch == "#":
                if text.startswith("#~", i):
                    field = None  # obsolete entry: never text
                    continue
                marker = 2 if text[i + 1:i + 2] in (".", ":", ",", "|") and i + 1 < stop else 1
                self.comments.append(Comment(text[i + marker:stop].strip(), lineno, lineno))
                continue
            if ch == '"':
                if field is None:
                    raise self.error("a quoted string must follow msgid, msgstr or msgctxt", i)
                self.string(i, stop, field)
                continue
            m = _KEYWORD.match(text, i, stop)
            if m is None:
                word = text[i:stop].split(None, 1)[0]
                raise self.error(f"unexpected {word!r}; expected msgid, msgstr, msgctxt, a quoted string "
                                 f"or a # comment", i)
            keyword = m.group(1)
            q = m.end()
            while q < stop and text[q] in " \t":
                q += 1
            if q >= stop or text[q] != '"':
                raise self.error(f"{keyword} must be followed by a quoted string", q)
            field = DecodedBuilder()
            starts_entry = entry.msgid is not None or (keyword == "msgctxt" and entry.msgctxt is not None)
            if keyword in ("msgctxt", "msgid") and starts_entry:
                entries.append(entry)
                entry = _Entry()
            if keyword == "msgctxt":
                entry.msgctxt = field
            elif keyword == "msgid":
                entry.msgid = field
            elif keyword == "msgid_plural":
                entry.msgid_plural = field
            else:
                entry.msgstr[int(m.group(2) or 0)] = field
                if m.group(2) is not None:
                    entry.msgstr_at[int(m.group(2))] = i
            self.string(q, stop, field)
        entries.append(entry)
        return entries

    def string(self, q: int, stop: int, out: DecodedBuilder) -> None:
        """Decode the C string whose opening quote is ``text[q]`` into ``out``."""
        text = self.source.text
        i = q + 1
        while True:
            j = i
            while j < stop and text[j] not in '"\\':
                j += 1
            if j > i:
                out.add_verbatim(text[i:j], i)
            if j >= stop:
                raise self.error("unterminated string; add the closing double quote", q)
            if text[j] == '"':
                i = j + 1
                break
            i = self.escape(j, stop, out)
        while i < stop and text[i] in " \t":
            i += 1
        if i < stop:
            raise self.error("text after the closing quote; escape a double quote inside a string as \\\"", i)

    def escape(self, j: int, stop: int, out: DecodedBuilder) -> int:
        text = self.source.text
        if j + 1 >= stop:
            raise self.error("unterminated string (it ends with a backslash)", j)
        esc = text[j + 1]
        if esc in _ESCAPES:
            out.add(_ESCAPES[esc], j, j + 2)
            return j + 2
        m = _OCTAL.match(text, j + 1, min(stop, j + 4))
        if m:
            out.add(chr(int(m.group(0), 8)), j, m.end())
            return m.end()
        if esc == "x":
            m = _HEX.match(text, j + 2, stop)
            if m:
                out.add(chr(int(m.group(0)[-2:], 16)), j, m.end())
                return m.end()
        out.add(esc, j, j + 2)  # unknown escape: the character itself
        return j + 2
