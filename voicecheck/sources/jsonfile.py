"""JSON UI strings: flat or nested key files (i18next, Plane, react-intl) and ARB.

Every string leaf is one segment keyed by its dotted key path (``home.greeting``,
``steps[2]``). Keys, numbers, booleans and ``null`` are never text. In ``.arb``
files, keys starting with ``@`` hold metadata (``@@locale``, ``@key`` with its
``description`` for translators) and are skipped.

``json.loads`` validates the file (its error has a line and column) but gives
no positions, so a small scanner then walks the validated text:
``json.decoder.scanstring`` finds where each string ends and the escapes are
decoded here, one source span per character.
"""
from __future__ import annotations

import json
import re
from json.decoder import scanstring

from voicecheck.segments import PLACEHOLDER, SourceFile
from voicecheck.sources.base import ContentError, Parsed
from voicecheck.sources.inline import Decoded, DecodedBuilder, emit_segment

_WS = re.compile(r"[ \t\n\r]*")
# json.loads accepts NaN and Infinity as well as the standard literals
_SCALAR = re.compile(r"-?(?:Infinity|(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?)|true|false|null|NaN")
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
# i18next nesting: $t(other.key) is replaced by another string at run time
_NESTING = re.compile(r"\$t\([^()]*\)")


def parse(source: SourceFile) -> Parsed:
    text = source.text
    if text.startswith("\ufeff"):
        text = " " + text[1:]  # same length, so offsets stay put
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        raise ContentError(source.path, f"invalid JSON: {exc.msg}", exc.lineno, exc.colno) from None
    except RecursionError:
        raise ContentError(source.path, "JSON is nested too deeply to read", 1) from None
    parsed = Parsed(source)
    walker = _Walker(source, text, parsed, arb=source.suffix == ".arb")
    try:
        walker.value(_skip_ws(text, 0), "", 0, True)
    except RecursionError:
        raise ContentError(source.path, "JSON is nested too deeply to read", 1) from None
    return parsed


def _skip_ws(text: str, i: int) -> int:
    return _WS.match(text, i).end()


class _Walker:
    """Walks JSON text that json.loads has already accepted."""

    def __init__(self, source: SourceFile, text: str, parsed: Parsed, arb: bool):
        self.source = source
        self.text = text
        self.parsed = parsed
        self.arb = arb

    def value(self, i: int, path: str, depth: int, content: bool) -> int:
        """Walk the value starting at ``text[i]``; return the offset after it."""
        text = self.text
        ch = text[i]
        if ch == '"':
            value, end = scanstring(text, i + 1)
            if content:
                self.string(i, end, value, path)
            return end
        if ch == "{":
            i = _skip_ws(text, i + 1)
            if text[i] == "}":
                return i + 1
            while True:
                key, i = scanstring(text, i + 1)
                i = _skip_ws(text, i)  # at ':'
                i = _skip_ws(text, i + 1)
                keep = content and not (self.arb and depth == 0 and key.startswith("@"))
                i = self.value(i, f"{path}.{key}" if path else key, depth + 1, keep)
                i = _skip_ws(text, i)
                if text[i] == ",":
                    i = _skip_ws(text, i + 1)
                    continue
                return i + 1  # '}'
        if ch == "[":
            i = _skip_ws(text, i + 1)
            if text[i] == "]":
                return i + 1
            n = 0
            while True:
                i = self.value(i, f"{path}[{n}]", depth + 1, content)
                n += 1
                i = _skip_ws(text, i)
                if text[i] == ",":
                    i = _skip_ws(text, i + 1)
                    continue
                return i + 1  # ']'
        m = _SCALAR.match(text, i)
        if m is None:  # json.loads accepted it, so this is a scanner bug
            raise ContentError(self.source.path, "JSON value not understood", *_line_col(self.source, i))
        return m.end()

    def string(self, start: int, end: int, value: str, path: str) -> None:
        """A string leaf: ``text[start]`` is its opening quote, ``end`` is past the closing one."""
        raw = self.text[start + 1:end - 1]
        decoded = _decode(raw, start + 1) if "\\" in raw else Decoded.verbatim(raw, start + 1)
        if "$t(" in decoded.text:
            decoded = _mask(decoded, _NESTING)
        seg = emit_segment(self.source, decoded, key=path or None, context="text")
        if seg is not None:
            self.parsed.segments.append(seg)


def _decode(raw: str, base: int) -> Decoded:
    """Decode a JSON string body; each character keeps the span of its escape."""
    b = DecodedBuilder()
    i, n = 0, len(raw)
    while i < n:
        j = raw.find("\\", i)
        if j < 0:
            b.add_verbatim(raw[i:], base + i)
            break
        if j > i:
            b.add_verbatim(raw[i:j], base + i)
        esc = raw[j + 1]
        if esc != "u":
            b.add(_ESCAPES[esc], base + j, base + j + 2)
            i = j + 2
            continue
        code = int(raw[j + 2:j + 6], 16)
        end = j + 6
        if 0xD800 <= code < 0xDC00 and raw.startswith("\\u", end):
            low = int(raw[end + 2:end + 6], 16)
            if 0xDC00 <= low < 0xE000:
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                end += 6
        ch = chr(code)
        if 0xD800 <= code < 0xE000:  # a lone surrogate can't be printed or encoded
            ch = "\ufffd"
        b.add(ch, base + j, base + end)
        i = end
    return b.build()


def _mask(value: Decoded, pattern: re.Pattern) -> Decoded:
    """Replace each match of ``pattern`` by one placeholder character spanning it."""
    b = DecodedBuilder()
    pos = 0
    for m in pattern.finditer(value.text):
        s, e = m.span()
        b.chars.extend(value.text[pos:s])
        b.starts.extend(value.starts[pos:s])
        b.ends.extend(value.ends[pos:s])
        b.add(PLACEHOLDER, value.starts[s], value.ends[e - 1])
        pos = e
    b.chars.extend(value.text[pos:])
    b.starts.extend(value.starts[pos:])
    b.ends.extend(value.ends[pos:])
    return b.build()


def _line_col(source: SourceFile, offset: int) -> tuple[int, int]:
    pos = source.position(offset)
    return pos.line, pos.column
