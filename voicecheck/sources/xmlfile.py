"""XML string resources: Android ``strings.xml``, XLIFF 1.2/2.0 and ``.resx``.

The root element picks the vocabulary:

- ``<resources>`` (Android): each ``<string>``, ``<plurals><item>`` and
  ``<string-array><item>`` is one segment keyed by its ``name`` (``today_minutes.one``,
  ``days[2]``). ``translatable="false"`` strings and resource references
  (``@string/other``) are skipped. ``<xliff:g>`` keeps the text it wraps, which the
  reader sees (``<xliff:g id="brand">Larkin</xliff:g> Cloud``); only placeholder
  syntax inside it (``%1$s``, ``{count}``) is masked, as anywhere in a string. Inline
  ``<b>``/``<i>``/``<u>``/``<a>`` keep their text; Android escapes (``\\'``,
  ``\\n``, ``\\u00A0``…) are decoded and unescaped double quotes dropped.
- ``<xliff>``: each ``<trans-unit>`` (1.2) or ``<unit>`` (2.0) is one segment: its
  ``<target>``, or its ``<source>`` when there is no target. A target is returned with
  its unit's source and the file's target language (``target-language``, ``trgLang``)
  as a :class:`Bitext`, which VC304 compares; the source itself is not checked. Inline codes that stand
  for formatting (``<bpt>``/``<ept>``/``<bx/>``/``<ex/>``/``<it>``, ``<sc/>``/``<ec/>``, an
  ``<x/>`` or ``<ph>`` for a tag such as ``ctype="x-b"``, ``equiv-text="&lt;b&gt;"`` or
  ``&lt;a href=…&gt;``) are removed like inline HTML, so they don't split a phrase; a line
  break is a space; other ``<x/>`` and ``<ph>`` (a variable) are placeholders. ``<g>``,
  ``<pc>`` and ``<mrk>`` keep their text.
- ``<root>`` (.resx): each ``<data name=…><value>`` without ``type``/``mimetype``.

XML comments, XLIFF ``<note>`` and resx ``<comment>`` are returned as comments.

The stdlib expat parser reports where every event starts, so each character
keeps its exact source span (an entity such as ``&amp;`` maps to the whole
entity). External entities are never loaded.
"""
from __future__ import annotations

import re
from xml.parsers import expat

from voicecheck.segments import PLACEHOLDER, SourceFile
from voicecheck.sources.base import Bitext, Comment, ContentError, Parsed
from voicecheck.sources.inline import Decoded, DecodedBuilder, emit_segment

_ENTITY = re.compile(r"&(#[0-9]+|#x[0-9A-Fa-f]+|[^\s;&<]+);")
_PREDEFINED = {"amp", "lt", "gt", "quot", "apos"}
_REFERENCE = re.compile(r"\s*[@?](?:[\w.]+:)?[\w-]+/[\w.]+\s*\Z")  # @string/app_name, ?attr/colorAccent
_SUPPORTED = ("Android string resources (<resources>), XLIFF 1.2/2.0 (<xliff>) and .resx (<root>)")

# inline elements whose content is code, not text: a placeholder, or nothing when they stand for formatting
_XLIFF1_CODES = {"x", "bx", "ex", "ph", "bpt", "ept", "it"}
_XLIFF2_CODES = {"ph", "sc", "ec", "sm", "em"}
# codes that always stand for formatting (paired tags and their ends, markers)
_FORMATTING = {"bx", "ex", "bpt", "ept", "it", "sc", "ec", "sm", "em"}
# ctype values of formatting (XLIFF 1.2 and Angular's x-…); line breaks read as a space
_FORMAT_CTYPES = {"bold", "italic", "underlined", "link", "x-b", "x-strong", "x-i", "x-em", "x-u", "x-a", "x-span",
                  "x-small", "x-sup", "x-sub", "x-code", "x-font", "x-s"}
_BREAK_CTYPES = {"lb", "x-br"}
_TAG_TEXT = re.compile(r"\s*</?([A-Za-z][\w:-]*)[^<>]*/?>\s*\Z")


def parse(source: SourceFile) -> Parsed:
    parsed = Parsed(source)
    root = _Reader(source, parsed.comments).read()
    readers = {"resources": _android, "xliff": _xliff, "root": _resx}
    reader = readers.get(root.local)
    if reader is None:
        pos = source.position(root.start)
        raise ContentError(source.path, f"unsupported XML vocabulary <{root.name}>; voicecheck reads {_SUPPORTED}",
                           pos.line, pos.column)
    try:
        reader(source, root, parsed)
    except RecursionError:
        raise ContentError(source.path, "XML is nested too deeply to read", 1) from None
    parsed.comments.sort(key=lambda c: (c.line, c.end_line))
    return parsed


# -- reading the tree with offsets ------------------------------------------------------------

class _Element:
    __slots__ = ("name", "attrs", "start", "tag_end", "end", "children")

    def __init__(self, name: str, attrs: dict, start: int, tag_end: int):
        self.name = name
        self.attrs = attrs
        self.start = start  # offset of '<'
        self.tag_end = tag_end  # offset after the start tag's '>'
        self.end = tag_end  # offset after the end tag's '>'
        self.children: list = []  # _Element | DecodedBuilder

    @property
    def local(self) -> str:
        return self.name.rpartition(":")[2]

    def elements(self, local: str | None = None) -> list["_Element"]:
        return [c for c in self.children if isinstance(c, _Element) and (local is None or c.local == local)]


_ERROR_HINTS = {
    expat.errors.XML_ERROR_UNDEFINED_ENTITY:
        "XML knows only &amp; &lt; &gt; &quot; &apos; and numeric references such as &#160;",
    expat.errors.XML_ERROR_TAG_MISMATCH: "check that every element is closed in order",
    expat.errors.XML_ERROR_INVALID_TOKEN: "escape a literal & as &amp; and < as &lt;",
    expat.errors.XML_ERROR_NO_ELEMENTS: "the file holds no XML element",
}


class _Reader:
    """Runs expat and builds a small element tree whose text keeps source spans."""

    def __init__(self, source: SourceFile, comments: list[Comment]):
        self.source = source
        self.text = source.text
        self.comments = comments
        self.data = self.text.encode("utf-8", "surrogatepass")
        self.ascii = len(self.data) == len(self.text)
        self.byte = 0
        self.char = 0
        self.stack: list[_Element] = []
        self.root: _Element | None = None
        self.cdata = False

    def offset(self) -> int:
        """Character offset of the current event (expat reports UTF-8 byte offsets)."""
        b = self.parser.CurrentByteIndex
        if self.ascii:
            return b
        if b < self.byte:
            self.byte = self.char = 0
        self.char += len(self.data[self.byte:b].decode("utf-8", "surrogatepass"))
        self.byte = b
        return self.char

    def read(self) -> _Element:
        p = self.parser = expat.ParserCreate()
        p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        p.StartElementHandler = self.start
        p.EndElementHandler = self.end
        p.CharacterDataHandler = self.chars
        p.CommentHandler = self.comment
        p.StartCdataSectionHandler = self.start_cdata
        p.EndCdataSectionHandler = self.end_cdata
        p.EntityDeclHandler = self.entity_decl
        try:
            p.Parse(self.text, True)
        except expat.ExpatError as exc:
            message = f"malformed XML: {expat.ErrorString(exc.code)}"
            hint = _ERROR_HINTS.get(expat.ErrorString(exc.code))
            if hint:
                message += f"; {hint}"
            raise ContentError(self.source.path, message, exc.lineno, exc.offset + 1) from None
        except (UnicodeError, RecursionError, ValueError) as exc:
            raise ContentError(self.source.path, f"unreadable XML: {exc}") from None
        if self.root is None:  # pragma: no cover - expat reports "no element found" first
            raise ContentError(self.source.path, "malformed XML: no element found")
        return self.root

    def start(self, name: str, attrs: dict) -> None:
        at = self.offset()
        el = _Element(name, attrs, at, _tag_end(self.text, at))
        if self.stack:
            self.stack[-1].children.append(el)
        elif self.root is None:
            self.root = el
        self.stack.append(el)

    def end(self, name: str) -> None:
        el = self.stack.pop()
        at = self.offset()
        if at > el.start and self.text.startswith("</", at):
            el.end = self.text.find(">", at) + 1
        else:  # an empty-element tag <x/>: its end is its start tag's end
            el.end = el.tag_end

    def start_cdata(self) -> None:
        self.cdata = True

    def end_cdata(self) -> None:
        self.cdata = False

    def entity_decl(self, name, is_parameter, value, base, system_id, public_id, notation) -> None:
        # Plain internal entities (<!ENTITY app "Movara">) are expanded; external ones are
        # never loaded. Entities built from other entities (the "billion laughs") are refused.
        if is_parameter or (value is not None and "&" in value):
            pos = self.source.position(self.offset())
            raise ContentError(self.source.path, f"unsupported DTD: entity {name!r} is a parameter entity or refers to "
                                                 f"other entities; declare plain text entities only",
                               pos.line, pos.column)

    def comment(self, data: str) -> None:
        at = self.offset()
        close = self.text.find("-->", at + 4)
        end = close + 3 if close >= 0 else at
        self.comments.append(Comment(data.strip(), self.source.position(at).line,
                                     self.source.position(max(at, end - 1)).line))

    def chars(self, data: str) -> None:
        if not self.stack:
            return
        el = self.stack[-1]
        if el.children and isinstance(el.children[-1], DecodedBuilder):
            out = el.children[-1]
        else:
            out = DecodedBuilder()
            el.children.append(out)
        at = self.offset()
        text = self.text
        if text.startswith(data, at) and (self.cdata or "&" not in data):  # a literal '&' is always an entity
            out.add_verbatim(data, at)
            return
        i = at
        k = 0
        n = len(data)
        while k < n:
            ch = data[k]
            src = text[i] if i < len(text) else ""
            if src == "&" and not self.cdata:
                m = _ENTITY.match(text, i)
                if m is not None:
                    name = m.group(1)
                    if name[0] != "#" and name not in _PREDEFINED:
                        # an internal entity's replacement text: all of it comes from the reference
                        for c in data[k:]:
                            out.add(c, i, m.end())
                        return
                    out.add(ch, i, m.end())
                    i = m.end()
                    k += 1
                    continue
            if src == ch:
                out.add(ch, i, i + 1)
                i += 1
            elif ch == "\n" and src == "\r":
                j = i + 2 if text.startswith("\r\n", i) else i + 1
                out.add(ch, i, j)
                i = j
            else:  # not expected; keep the character at the cursor
                out.add(ch, i, min(i + 1, len(text)))
                i = min(i + 1, len(text))
            k += 1


def _tag_end(text: str, at: int) -> int:
    """Offset after the '>' closing the tag that starts at ``text[at]``; quoted
    attribute values may contain '>'."""
    i = at + 1
    n = len(text)
    while i < n:
        c = text[i]
        if c == ">":
            return i + 1
        if c in "\"'":
            j = text.find(c, i + 1)
            i = n if j < 0 else j + 1
            continue
        i += 1
    return n


def _content(el: _Element, codes: set[str], out: DecodedBuilder | None = None) -> DecodedBuilder:
    """An element's text: inline elements named in ``codes`` become one placeholder,
    <cp hex=…/> its character, other inline elements keep their text."""
    out = DecodedBuilder() if out is None else out
    for child in el.children:
        if isinstance(child, DecodedBuilder):
            out.chars.extend(child.chars)
            out.starts.extend(child.starts)
            out.ends.extend(child.ends)
        elif child.local in codes:
            kind = _code_kind(child)
            if kind == "mask":
                out.add(PLACEHOLDER, child.start, child.end)
            elif kind == "break":
                out.add(" ", child.start, child.end)
        elif child.local == "cp" and "hex" in child.attrs:
            try:
                out.add(chr(int(child.attrs["hex"], 16)), child.start, child.end)
            except (ValueError, OverflowError):
                out.add(PLACEHOLDER, child.start, child.end)
        else:
            _content(child, codes, out)
    return out


def _code_kind(el: _Element) -> str:
    """What an XLIFF inline code is to the reader: "drop" (formatting: it neither shows nor
    splits words), "break" (a line break) or "mask" (a variable: a placeholder)."""
    ctype = (el.attrs.get("ctype") or el.attrs.get("type") or "").lower()
    ident = (el.attrs.get("id") or "").upper()
    if ctype in _BREAK_CTYPES or ident.startswith("LINE_BREAK"):
        return "break"
    if el.local in _FORMATTING or ctype in _FORMAT_CTYPES or ctype.startswith("x-html") or \
            ident.startswith(("START_", "CLOSE_")) or el.attrs.get("subType", "").startswith("xlf:b"):
        return "drop"
    native = el.attrs.get("equiv-text") or el.attrs.get("equiv") or el.attrs.get("disp") or \
        "".join(c for child in el.children if not isinstance(child, _Element) for c in child.chars)
    tag = _TAG_TEXT.match(native)
    if tag:
        return "break" if tag.group(1).lower() == "br" else "drop"
    return "mask"


def _emit(source: SourceFile, parsed: Parsed, value: Decoded, key: str | None):
    seg = emit_segment(source, value, key=key, context="text")
    if seg is not None:
        parsed.segments.append(seg)
    return seg


def _bitext(source: SourceFile, parsed: Parsed, target, original: Decoded, key: str | None,
            language: str | None) -> None:
    """Keep a unit's source beside its target (a segment of the file) for VC304."""
    if target is None:
        return
    seg = emit_segment(source, original, key=key, context="text")
    if seg is not None:
        parsed.bitext.append(Bitext(target, seg, language))


def _note(source: SourceFile, parsed: Parsed, el: _Element) -> None:
    text = _content(el, set()).build().text.strip()
    if text:
        parsed.comments.append(Comment(text, source.position(el.start).line,
                                       source.position(max(el.start, el.end - 1)).line))


# -- Android ------------------------------------------------------------------------------------

def _android(source: SourceFile, root: _Element, parsed: Parsed) -> None:
    for el in root.elements():
        if el.attrs.get("translatable") == "false":
            continue
        name = el.attrs.get("name")
        kind = el.local
        if kind == "string" or (kind == "item" and el.attrs.get("type") == "string"):
            _android_string(source, parsed, el, name)
        elif kind == "plurals":
            for item in el.elements("item"):
                _android_string(source, parsed, item, f"{name}.{item.attrs.get('quantity', '?')}")
        elif kind in ("string-array", "array"):
            for n, item in enumerate(el.elements("item")):
                _android_string(source, parsed, item, f"{name}[{n}]")


def _android_string(source: SourceFile, parsed: Parsed, el: _Element, key: str | None) -> None:
    value = _android_unescape(_content(el, set()).build())
    if _REFERENCE.match(value.text):
        return
    _emit(source, parsed, value, key)


def _android_unescape(value: Decoded) -> Decoded:
    """Android's own escapes on top of XML: \\' \\" \\n \\t \\@ \\? \\\\ \\uXXXX; an
    unescaped double quote only marks a quoted (whitespace-preserving) run."""
    text = value.text
    if "\\" not in text and '"' not in text:
        return value
    b = DecodedBuilder()
    starts, ends = value.starts, value.ends
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n:
            nxt = text[i + 1]
            if nxt == "u" and re.fullmatch(r"[0-9A-Fa-f]{4}", text[i + 2:i + 6]):
                b.add(chr(int(text[i + 2:i + 6], 16)), starts[i], ends[i + 5])
                i += 6
                continue
            b.add({"n": "\n", "t": "\t"}.get(nxt, nxt), starts[i], ends[i + 1])
            i += 2
        elif c == '"':
            i += 1
        else:
            b.add(c, starts[i], ends[i])
            i += 1
    return b.build()


# -- XLIFF --------------------------------------------------------------------------------------

def _xliff(source: SourceFile, root: _Element, parsed: Parsed) -> None:
    stack = [(root, root.attrs.get("trgLang"))]  # XLIFF 2 names the target language on the root
    while stack:
        el, language = stack.pop()
        kind = el.local
        if kind == "note":
            _note(source, parsed, el)
        elif kind == "trans-unit":
            _xliff1_unit(source, parsed, el, language)
        elif kind == "unit":  # XLIFF 2
            _xliff2_unit(source, parsed, el, language)
        else:
            if kind == "file":  # XLIFF 1.2: each <file> has its own
                language = el.attrs.get("target-language") or language
            stack.extend((child, language) for child in reversed(el.elements()))


def _xliff1_unit(source: SourceFile, parsed: Parsed, unit: _Element, language: str | None) -> None:
    for note in unit.elements("note"):
        _note(source, parsed, note)
    if unit.attrs.get("translate") == "no":
        return
    targets = unit.elements("target")
    sources = unit.elements("source")
    translated = bool(targets) and _has_content(targets[0])
    chosen = targets[0] if translated else (sources[0] if sources else None)
    if chosen is not None:
        key = unit.attrs.get("resname") or unit.attrs.get("id")
        seg = _emit(source, parsed, _content(chosen, _XLIFF1_CODES).build(), key)
        if translated and sources:
            _bitext(source, parsed, seg, _content(sources[0], _XLIFF1_CODES).build(), key, language)


def _xliff2_unit(source: SourceFile, parsed: Parsed, unit: _Element, language: str | None) -> None:
    for notes in unit.elements("notes"):
        for note in notes.elements("note"):
            _note(source, parsed, note)
    if unit.attrs.get("translate") == "no":
        return
    out = DecodedBuilder()
    original = DecodedBuilder()  # the sources of all the unit's segments
    translated = False
    for part in unit.elements():
        if part.local not in ("segment", "ignorable"):
            continue
        targets = part.elements("target")
        sources = part.elements("source")
        has_target = bool(targets) and _has_content(targets[0])
        translated = translated or (has_target and part.local == "segment")
        chosen = targets[0] if has_target else (sources[0] if sources else None)
        if chosen is not None:
            _content(chosen, _XLIFF2_CODES, out)
        if sources:
            _content(sources[0], _XLIFF2_CODES, original)
    key = unit.attrs.get("name") or unit.attrs.get("id")
    seg = _emit(source, parsed, out.build(), key)
    if translated:
        _bitext(source, parsed, seg, original.build(), key, language)


def _has_content(el: _Element) -> bool:
    return any(isinstance(c, _Element) or "".join(c.chars).strip() for c in el.children)


# -- .resx --------------------------------------------------------------------------------------

def _resx(source: SourceFile, root: _Element, parsed: Parsed) -> None:
    for data in root.elements("data"):
        for comment in data.elements("comment"):
            _note(source, parsed, comment)
        if "type" in data.attrs or "mimetype" in data.attrs:
            continue  # binary or typed resources (images, sizes, enums)
        name = data.attrs.get("name", "")
        if name.startswith(">>"):
            continue  # Windows Forms designer metadata
        for value in data.elements("value"):
            _emit(source, parsed, _content(value, set()).build(), name or None)
