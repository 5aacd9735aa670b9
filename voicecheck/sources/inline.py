"""Decoded strings and the inline masking every format shares.

A format parser first *decodes* a string value (JSON escapes, XML entities,
YAML folding…) into :class:`Decoded`: the value's characters, each with the
source span it came from. :func:`emit` then feeds it to a
:class:`~voicecheck.segments.TextBuilder`, masking what a reader never sees
inside the value: placeholders and template syntax, inline HTML tags, URLs,
e-mail addresses and paths. Masked spans keep their positions; they are
replaced by a one-character placeholder, or removed as a word break.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from voicecheck.segments import TextBuilder


@dataclass
class Decoded:
    text: str = ""
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)

    @classmethod
    def verbatim(cls, text: str, start: int) -> "Decoded":
        return cls(text, list(range(start, start + len(text))), list(range(start + 1, start + len(text) + 1)))

    def append(self, ch: str, start: int, end: int) -> None:
        self.text += ch
        self.starts.append(start)
        self.ends.append(end)

    def extend(self, other: "Decoded") -> None:
        self.text += other.text
        self.starts.extend(other.starts)
        self.ends.extend(other.ends)


class DecodedBuilder:
    """Faster incremental construction of a :class:`Decoded` (list of chars)."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []

    def add(self, ch: str, start: int, end: int) -> None:
        self.chars.append(ch)
        self.starts.append(start)
        self.ends.append(end)

    def add_verbatim(self, text: str, start: int) -> None:
        self.chars.extend(text)
        self.starts.extend(range(start, start + len(text)))
        self.ends.extend(range(start + 1, start + len(text) + 1))

    def build(self) -> Decoded:
        return Decoded("".join(self.chars), self.starts, self.ends)


# Template expressions shown to the reader as a value: masked by a placeholder.
_VALUE = [
    r"\{\{\{.{0,1000}?\}\}\}",  # Handlebars raw
    r"\{\{(?![#/^!>]|else\b).{0,1000}?\}\}",  # {{ var }}, {{ var | filter }}
    r"<%=.{0,1000}?%>",  # ERB output
    r"\$\{[^{}]*\}",  # ${var}
    r"%\{[^{}]*\}",  # Rails / osTicket %{name}
    r"%<\w+>[-+ 0#]*\d*(?:\.\d+)?[sdifxXeEgGb]",  # Ruby %<name>s
    r"%\(\w+\)[-+ 0#]*\d*(?:\.\d+)?[sdifrxXeEgG]",  # Python %(name)s
    r"%(?:\d+\$)?[-+0#]*\d*(?:\.\d+)?(?:l{1,2}|h|z|q)?[sdiufxXoeEgGc@](?![A-Za-z])",  # printf, iOS %@
    r"\{\d+\}",  # positional {0} (Python str.format, .NET, Java MessageFormat)
    r"\*\|[A-Z0-9_:]+\|\*",  # Mailchimp merge tags
    r"\[\[\s*[\w.]+\s*\]\]",  # [[ var ]]
]
# Template syntax that isn't shown: removed, leaving a word break.
_CONTROL = [
    r"\{\{!--.{0,1000}?--\}\}",
    r"\{\{!.{0,1000}?\}\}",
    r"\{\{[#/^>].{0,1000}?\}\}",
    r"\{\{\s*else\b.{0,1000}?\}\}",
    r"\{%-?.{0,1000}?-?%\}",
    r"\{#.{0,1000}?#\}",
    r"<%(?!=).{0,1000}?%>",
]
# ICU MessageFormat argument: {name} or {name, number}; plural/select bodies
# are handled by _icu_spans so their branch texts stay readable.
_ICU_SIMPLE = r"\{[A-Za-z_][\w.-]*(?:\s*,\s*(?:number|date|time|ordinal|duration)(?:\s*,\s*[^{}]*)?)?\s*\}"
_TAG = r"</?[A-Za-z][\w:.-]*(?:\s+[^<>]*?)?/?>|</?\d+\s*/?>"
_URL = r"(?:https?://|ftp://|mailto:|tel:|www\.)[^\s\"'<>)\]]*[^\s\"'<>)\].,;:!?]"
_EMAIL = r"(?<![\w.+-])[\w.+-]{1,128}@[\w-]+(?:\.[\w-]+)+"
_PATH = r"(?<![\w/.:])/[A-Za-z0-9_.~%-]+(?:/[A-Za-z0-9_.~%{}-]*)*"

_CONTROL_RE = re.compile("|".join(_CONTROL), re.S)
_VALUE_RE = re.compile("|".join(_VALUE), re.S)
_ICU_RE = re.compile(_ICU_SIMPLE)
_TAG_RE = re.compile(_TAG)
_ADDR_RE = re.compile(f"{_URL}|{_EMAIL}|{_PATH}", re.I)
_ENTITY_RE = re.compile(r"&(?:#\d+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")
_ICU_PLURAL_RE = re.compile(r"\{\s*[A-Za-z_][\w.]*\s*,\s*(?:plural|select|selectordinal)\s*,", re.I)


def _icu_spans(text: str) -> list[tuple[int, int, str]]:
    """Masks for ICU plural/select syntax: the ``{count, plural,`` head, each
    selector (``one``, ``=0``, ``other``), the braces and ``#``; the branch
    texts stay readable."""
    spans: list[tuple[int, int, str]] = []
    for m in _ICU_PLURAL_RE.finditer(text):
        spans.append((m.start(), m.end(), "break"))
        i, depth = m.end(), 1
        while i < len(text) and depth:
            ch = text[i]
            if depth == 1:
                sel = re.match(r"\s*(?:=\d+|[A-Za-z_]+)\s*\{", text[i:])
                if sel:
                    spans.append((i, i + sel.end(), "break"))
                    i += sel.end()
                    depth += 1
                    continue
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                spans.append((i, i + 1, "break"))
            elif ch == "#" and depth >= 2:
                spans.append((i, i + 1, "mask"))
            i += 1
    return spans


def find_masks(text: str, *, tags: bool = True, icu: bool = True, addresses: bool = True,
               extra: re.Pattern | None = None) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, kind) spans of ``text`` to hide.
    kind is ``mask`` (replaced by a placeholder), ``break`` (a word break) or
    ``drop`` (removed without a break: inline tags). ``extra`` is a format's
    own placeholder syntax (Laravel's ``:name``), masked too."""
    spans: list[tuple[int, int, str]] = []
    if extra is not None:
        spans += [(m.start(), m.end(), "mask") for m in extra.finditer(text)]
    # Each pattern is tried only on a text that holds a character every one of its matches holds: most
    # strings hold none, and the e-mail pattern alone tries up to 128 characters at every word.
    brace = "{" in text
    if brace or "<%" in text:
        spans += [(m.start(), m.end(), "break") for m in _CONTROL_RE.finditer(text)]
    if brace or "%" in text or "*|" in text or "[[" in text:
        spans += [(m.start(), m.end(), "mask") for m in _VALUE_RE.finditer(text)]
    if icu and brace:
        spans += _icu_spans(text)
        spans += [(m.start(), m.end(), "mask") for m in _ICU_RE.finditer(text)]
    if tags and "<" in text:
        spans += [(m.start(), m.end(), "drop") for m in _TAG_RE.finditer(text)]
    if addresses and ("/" in text or "@" in text or ":" in text or "www." in text.lower()):
        spans += [(m.start(), m.end(), "mask") for m in _ADDR_RE.finditer(text)]
    if not spans:
        return spans
    spans.sort(key=lambda s: (s[0], -s[1]))
    out: list[tuple[int, int, str]] = []
    last = 0
    for s, e, kind in spans:
        if s >= last:
            out.append((s, e, kind))
            last = e
    return out


def emit(builder: TextBuilder, value: Decoded, *, tags: bool = True, icu: bool = True,
         addresses: bool = True, entities: bool = False, extra: re.Pattern | None = None) -> None:
    """Add a decoded value to ``builder``, masking placeholders, template
    syntax, inline tags (``tags``), ICU arguments (``icu``), URLs/e-mail
    addresses/paths (``addresses``), and decoding HTML entities (``entities``)."""
    text, starts, ends = value.text, value.starts, value.ends
    pos = 0
    for s, e, kind in find_masks(text, tags=tags, icu=icu, addresses=addresses, extra=extra):
        _plain(builder, value, pos, s, entities)
        if kind == "mask":
            builder.add_placeholder(starts[s], ends[e - 1])
        elif kind == "break":
            builder.add_break(starts[s])
        pos = e
    _plain(builder, value, pos, len(text), entities)


def _plain(builder: TextBuilder, value: Decoded, start: int, end: int, entities: bool) -> None:
    text, starts, ends = value.text, value.starts, value.ends
    i = start
    while i < end:
        amp = text.find("&", i, end) if entities else -1
        stop = end if amp < 0 else amp
        if stop > i:
            builder.add_mapped(text[i:stop], starts[i:stop], ends[i:stop])
        if amp < 0:
            return
        m = _ENTITY_RE.match(text, amp, end)
        if m:
            ch = html.unescape(m.group(0))
            builder.add_char(ch if ch != m.group(0) else " ", starts[amp], ends[m.end() - 1])
            i = m.end()
        else:
            builder.add_char("&", starts[amp], ends[amp])
            i = amp + 1


def emit_segment(source, value: Decoded, *, key: str | None = None, context: str = "text", **opts):
    """One segment for one decoded value (a UI string), or None if it holds no text."""
    b = TextBuilder(source)
    emit(b, value, **opts)
    return b.build(key=key, context=context)
