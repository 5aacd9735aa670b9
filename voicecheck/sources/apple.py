"""Apple ``.strings`` files (iOS, macOS): ``"key" = "value";`` pairs.

Each value is one segment keyed by its key; keys are never text. ``/* … */``
and ``// …`` comments are returned as comments. Escapes (``\\"``, ``\\\\``,
``\\n``, ``\\t``, ``\\U00A0``, ``\\u00A0``, octal) are decoded, each character
keeping the span of its escape. Keys and values may also be unquoted words
(the old plist form: letters, digits and ``_$+/:.-``). A lone ``"key";`` is
short for ``"key" = "key";``.
"""
from __future__ import annotations

import re

from voicecheck.segments import SourceFile
from voicecheck.sources.base import Comment, ContentError, Parsed
from voicecheck.sources.inline import Decoded, DecodedBuilder, emit_segment

_UNQUOTED = re.compile(r"[A-Za-z0-9_$+/:.-]+")
_BLANK = re.compile(r"[ \t\r\n\f\v\ufeff]*")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "'": "'", "\\": "\\", "a": "\x07", "b": "\x08",
            "f": "\x0c", "v": "\x0b"}
_HEX4 = re.compile(r"[0-9A-Fa-f]{4}")
_OCTAL = re.compile(r"[0-7]{1,3}")


def parse(source: SourceFile) -> Parsed:
    parsed = Parsed(source)
    _Scanner(source, parsed).run()
    return parsed


class _Scanner:
    def __init__(self, source: SourceFile, parsed: Parsed):
        self.source = source
        self.text = source.text
        self.parsed = parsed
        self.i = 0

    def error(self, message: str, at: int) -> ContentError:
        pos = self.source.position(min(at, len(self.text)))
        return ContentError(self.source.path, f"invalid .strings file: {message}", pos.line, pos.column)

    def run(self) -> None:
        while True:
            self.skip()
            if self.i >= len(self.text):
                return
            key_at = self.i
            key = self.token("a quoted key")
            key_end = self.i
            self.skip()
            if self.peek() == ";":  # "key"; means "key" = "key";
                self.i += 1
                self.add(key, key_at)
                continue
            if self.peek() != "=":
                raise self.error("expected '=' after the key; write \"key\" = \"value\";", key_end)
            self.i += 1
            self.skip()
            value = self.token("a quoted value after '='")
            value_end = self.i
            self.skip()
            if self.peek() != ";":
                raise self.error("expected ';' at the end of the entry", value_end)
            self.i += 1
            self.add(key, key_at, value)

    def add(self, key: Decoded, key_at: int, value: Decoded | None = None) -> None:
        seg = emit_segment(self.source, key if value is None else value, key=key.text, context="text")
        if seg is not None:
            self.parsed.segments.append(seg)

    def peek(self) -> str:
        return self.text[self.i:self.i + 1]

    def skip(self) -> None:
        """Skip blanks and comments, recording the comments."""
        text = self.text
        while True:
            self.i = _BLANK.match(text, self.i).end()
            if text.startswith("/*", self.i):
                end = text.find("*/", self.i + 2)
                if end < 0:
                    raise self.error("unterminated /* comment; close it with */", self.i)
                self.comment(text[self.i + 2:end], self.i, end + 1)
                self.i = end + 2
            elif text.startswith("//", self.i):
                end = self.i
                while end < len(text) and text[end] not in "\r\n":
                    end += 1
                self.comment(text[self.i + 2:end], self.i, max(self.i, end - 1))
                self.i = end
            else:
                return

    def comment(self, body: str, start: int, last: int) -> None:
        self.parsed.comments.append(Comment(body.strip(), self.source.position(start).line,
                                            self.source.position(last).line))

    def token(self, what: str) -> Decoded:
        text = self.text
        if self.peek() == '"':
            return self.string()
        m = _UNQUOTED.match(text, self.i)
        if m is None:
            found = repr(text[self.i]) if self.i < len(text) else "the end of the file"
            raise self.error(f"expected {what}, found {found}", self.i)
        self.i = m.end()
        return Decoded.verbatim(m.group(0), m.start())

    def string(self) -> Decoded:
        text = self.text
        q = self.i
        i = q + 1
        n = len(text)
        b = DecodedBuilder()
        while True:
            j = i
            while j < n and text[j] not in '"\\':
                j += 1
            if j > i:
                b.add_verbatim(text[i:j], i)
            if j >= n:
                raise self.error("unterminated string; add the closing double quote", q)
            if text[j] == '"':
                self.i = j + 1
                return b.build()
            i = self.escape(j, b)

    def escape(self, j: int, b: DecodedBuilder) -> int:
        text = self.text
        if j + 1 >= len(text):
            raise self.error("unterminated string (it ends with a backslash)", j)
        esc = text[j + 1]
        if esc in "uU":
            m = _HEX4.match(text, j + 2)
            if m is None:
                raise self.error(f"\\{esc} must be followed by four hex digits (\\U00A0)", j)
            code, end = int(m.group(0), 16), m.end()
            if 0xD800 <= code < 0xDC00 and text[end:end + 2] in ("\\U", "\\u"):
                low = _HEX4.match(text, end + 2)
                if low is not None and 0xDC00 <= int(low.group(0), 16) < 0xE000:
                    code = 0x10000 + ((code - 0xD800) << 10) + (int(low.group(0), 16) - 0xDC00)
                    end = low.end()
            b.add("\ufffd" if 0xD800 <= code < 0xE000 else chr(code), j, end)
            return end
        m = _OCTAL.match(text, j + 1, j + 4)
        if m is not None:
            b.add(chr(int(m.group(0), 8)), j, m.end())
            return m.end()
        b.add(_ESCAPES.get(esc, esc), j, j + 2)  # \\" \\\\ \\n…; an unknown escape is the character itself
        return j + 2
