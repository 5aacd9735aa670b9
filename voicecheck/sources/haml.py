"""HAML templates (``.haml``): a line-based reader of the HAML subset used in
mailer and page views (there is no maintained Python HAML parser).

Supported:

* nesting by indentation (spaces or tabs, not both on one line);
* element lines: ``%tag``, ``.class``, ``#id`` (chained), attribute hashes
  ``{…}`` (Ruby, may span lines), ``(…)`` (HTML style) and ``[…]``, the
  modifiers ``<``, ``>``, ``/``, ``&``, ``!``, then inline text after a space
  or inline code after ``=``/``!=``/``&=``/``~``;
* plain text lines, ``\\`` escapes, ``&``/``!`` text prefixes, ``==`` text, and
  ``#{…}`` interpolation (masked by a placeholder); inline HTML tags in the
  text are dropped and entities decoded;
* Ruby code: ``- code`` (a word break) and ``= code`` (a placeholder); a code
  line ending in ``,`` or `` |`` continues on the next line;
* comments: ``-# …`` and ``/ …`` (with everything nested under them) are
  returned as :class:`Comment`; their content is not readable;
* filters ``:plain``, ``:escaped``, ``:preserve``, ``:markdown`` (their lines are
  read as text); other filters (``:javascript``, ``:css``…) are skipped;
* ``!!!`` doctypes are skipped.

Readable: text, plus ``alt``/``title``/``placeholder``/``aria-label``
attribute values written as string literals (context ``attribute:NAME``).
A segment is the text of one block element (``%p``, ``%li``, ``.div``…):
text in inline elements (``%strong``, ``%a``…) or under ``- if`` code lines
joins the enclosing block's segment; ``%br`` is a word break.

Errors (:class:`ContentError`), as HAML itself reports them: an attribute
hash or ``#{`` left open, indentation mixing tabs and spaces or inconsistent
with its siblings, and illegal nesting (under plain text, under a tag with
inline content, under a self-closing tag).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from voicecheck.segments import PLACEHOLDER, Segment, SourceFile, TextBuilder
from voicecheck.sources.base import Comment, ContentError, Parsed
from voicecheck.sources.inline import DecodedBuilder, emit
from voicecheck.sources.markup import INLINE_TAGS

__all__ = ["parse"]

_TEXT_FILTERS = {"plain", "escaped", "preserve", "markdown"}
_TAG = re.compile(r"%([\w:-]+)")
_CLASS_ID = re.compile(r"[.#]([\w-]+)")
_READABLE_ATTR = re.compile(
    r"""(?:^|[\s{(,]):?(["']?)(alt|title|placeholder|aria-label)\1\s*(?::|=>|=)\s*(["'])""")
_TITLE_CONTEXT = {"title": "title"}


@dataclass(eq=False)
class _Node:
    indent: int
    kind: str  # root, element, text, code, inline (element with inline content), closed (self-closing)
    name: str = ""
    owner: "_Node | None" = field(default=None, repr=False)  # the block element whose segment its text joins
    child_indent: int | None = None  # indentation of its children, set by the first one
    context: str = "text"


class _Reader:
    def __init__(self, source: SourceFile):
        self.source = source
        self.text = source.text
        self.segments: list[Segment] = []
        self.comments: list[Comment] = []
        self.builder = TextBuilder(source)
        self.current: _Node | None = None
        self.context = "text"
        self.root = _Node(-1, "root")
        self.root.owner = self.root
        self.stack: list[_Node] = [self.root]

    def error(self, offset: int, message: str) -> ContentError:
        p = self.source.position(offset)
        return ContentError(self.source.path, message, p.line, p.column)

    # --- lines ----------------------------------------------------------------------------------
    def _line_at(self, pos: int) -> tuple[int, int]:
        """(end of content, start of next line) for the line starting at ``pos``."""
        nl = self.text.find("\n", pos)
        end = len(self.text) if nl < 0 else nl
        nxt = len(self.text) + 1 if nl < 0 else nl + 1
        if end > pos and self.text[end - 1] == "\r":
            end -= 1
        return end, nxt

    def _indent(self, pos: int, end: int) -> int:
        i = pos
        while i < end and self.text[i] in " \t":
            i += 1
        ws = self.text[pos:i]
        if " " in ws and "\t" in ws:
            raise self.error(pos, "indentation can't use both tabs and spaces")
        return i - pos

    def _block_end(self, pos: int, indent: int) -> int:
        """Start of the first non-blank line at or before ``indent`` after the line at ``pos``."""
        _, nxt = self._line_at(pos)
        while nxt <= len(self.text):
            end, after = self._line_at(nxt)
            line = self.text[nxt:end]
            if line.strip() and len(line) - len(line.lstrip(" \t")) <= indent:
                return nxt
            nxt = after
        return len(self.text) + 1

    def run(self) -> Parsed:
        pos = 0
        n = len(self.text)
        while pos <= n:
            end, nxt = self._line_at(pos)
            if not self.text[pos:end].strip():
                pos = nxt
                continue
            indent = self._indent(pos, end)
            parent = self._parent(pos + indent, indent)
            pos = self._statement(pos + indent, end, indent, parent)
        self._flush()
        self.segments.sort(key=lambda s: s.starts[0])
        return Parsed(self.source, self.segments, self.comments)

    def _parent(self, at: int, indent: int) -> _Node:
        while self.stack[-1].indent >= indent:
            self.stack.pop()
        parent = self.stack[-1]
        if parent.kind == "text":
            raise self.error(at, "illegal nesting: nesting within plain text is illegal")
        if parent.kind == "inline":
            raise self.error(at, f"illegal nesting: content can't be both given on the same line as "
                                 f"%{parent.name} and nested within it")
        if parent.kind == "closed":
            raise self.error(at, "illegal nesting: nesting within a self-closing tag is illegal")
        if parent.child_indent is None:
            parent.child_indent = indent
        elif parent.child_indent != indent:
            raise self.error(at, f"inconsistent indentation: {indent} characters here, "
                                 f"{parent.child_indent} for the lines before it at this level")
        return parent

    # --- statements -----------------------------------------------------------------------------
    def _statement(self, s: int, end: int, indent: int, parent: _Node) -> int:
        """Read the statement starting at ``s``; return where the next line starts."""
        text = self.text
        line_no = self.source.position(s).line
        rest = text[s:end]
        _, nxt = self._line_at(s)
        if rest.startswith("-#"):
            block_end = self._block_end(s, indent)
            body_end = min(block_end, len(text))
            self.comments.append(Comment(text[s + 2:body_end].strip(), line_no,
                                         self.source.position(max(s, body_end - 1)).line))
            return block_end
        if rest.startswith("/"):
            block_end = self._block_end(s, indent)
            body_end = min(block_end, len(text))
            self.comments.append(Comment(text[s + 1:body_end].strip(), line_no,
                                         self.source.position(max(s, body_end - 1)).line))
            return block_end
        if rest.startswith(":"):
            return self._filter(s, end, indent, parent)
        if rest.startswith("!!!"):
            return nxt
        if rest.startswith("-"):
            self.builder.add_break(s)
            node = _Node(indent, "code", owner=parent.owner)
            self.stack.append(node)
            return self._code_end(s, end)
        for prefix in ("!=", "&=", "=", "~"):
            if rest.startswith(prefix):
                code_end = self._code_end(s, end)
                self._piece_placeholder(parent.owner, s, self._content_end(code_end))
                self.stack.append(_Node(indent, "code", owner=parent.owner))
                return code_end
        if rest.startswith("%") or (rest[:1] in ".#" and _CLASS_ID.match(rest)):
            return self._element(s, end, indent, parent)
        # plain text
        t = s
        if rest.startswith("\\"):
            t = s + 1
        elif rest.startswith(("& ", "! ", "== ")):
            t = s + rest.index(" ") + 1
        self._piece_text(parent.owner, t, end)
        self.stack.append(_Node(indent, "text", owner=parent.owner))
        return nxt

    def _content_end(self, nxt: int) -> int:
        """End of the content of the line before the one starting at ``nxt``."""
        e = min(nxt, len(self.text))
        while e > 0 and self.text[e - 1] in "\r\n":
            e -= 1
        return e

    def _code_end(self, s: int, end: int) -> int:
        """Start of the line after a Ruby code statement (with its continuation lines)."""
        _, nxt = self._line_at(s)
        line = self.text[s:end].rstrip()
        while (line.endswith(",") or line.endswith(" |")) and nxt <= len(self.text):
            end2, after = self._line_at(nxt)
            line = self.text[nxt:end2].rstrip()
            nxt = after
        return nxt

    def _filter(self, s: int, end: int, indent: int, parent: _Node) -> int:
        name = self.text[s + 1:end].strip().lower()
        block_end = self._block_end(s, indent)
        if name in _TEXT_FILTERS:
            _, pos = self._line_at(s)
            while pos < min(block_end, len(self.text)):
                e, nxt = self._line_at(pos)
                if self.text[pos:e].strip():
                    i = pos + self._indent(pos, e)
                    self._piece_text(parent.owner, i, e)
                else:
                    self._flush()
                pos = nxt
        return block_end

    def _element(self, s: int, end: int, indent: int, parent: _Node) -> int:
        text = self.text
        i = s
        name = "div"
        m = _TAG.match(text, i)
        if m:
            name = m.group(1).lower()
            i = m.end()
        while True:
            m = _CLASS_ID.match(text, i)
            if m is None:
                break
            i = m.end()
        attr_spans: list[tuple[int, int]] = []
        while i < len(text) and text[i] in "{([":
            close = _balanced(text, i)
            if close is None:
                raise self.error(i, f"unclosed attribute list '{text[i]}' of %{name}: "
                                    f"add the closing '{ {'{': '}', '(': ')', '[': ']'}[text[i]] }'")
            attr_spans.append((i, close))
            i = close
        end, nxt = self._line_at(i) if attr_spans else (end, self._line_at(s)[1])
        self_closing = False
        while i < end and text[i] in "<>&!/":
            if text[i] == "/":
                self_closing = True
            if text[i] in "&!" and i + 1 < end and text[i + 1] == "=":
                break
            i += 1
        block = name not in INLINE_TAGS and name != "br"
        owner = None
        if block:
            self._flush()
            owner = _Node(indent, "element", name)
            owner.owner = owner
            owner.context = _TITLE_CONTEXT.get(name, "text")
        node_owner = owner if block else parent.owner
        for a, b in attr_spans:
            self._attributes(a, b)
        if name == "br":
            self.builder.add_break(s)
        kind = "element"
        rest = text[i:end]
        if self_closing:
            kind = "closed"
        elif rest.startswith(("==", "&==", "!==")):  # interpolated text
            t = i + rest.index("==") + 2
            self._piece_text(node_owner, t, end)
            kind = "inline"
        elif rest.startswith(("=", "!=", "&=", "~")):
            code_end = self._code_end(i, end)
            self._piece_placeholder(node_owner, i, self._content_end(code_end))
            nxt = code_end
            kind = "inline"
        elif rest.strip():
            t = i + (len(rest) - len(rest.lstrip()))
            self._piece_text(node_owner, t, end)
            kind = "inline"
        node = _Node(indent, kind, name, owner=node_owner)
        if owner is not None:
            node.context = owner.context
        self.stack.append(node)
        if block:
            self._flush()
        return nxt

    # --- text -----------------------------------------------------------------------------------
    def _switch(self, owner: _Node | None, at: int) -> None:
        """Continue ``owner``'s segment (with a word break) or start a new one."""
        if owner is not self.current:
            self._flush()
            self.current = owner
            self.context = owner.context if owner is not None else "text"
        self.builder.add_break(at)

    def _flush(self) -> None:
        seg = self.builder.build(context=self.context)
        if seg is not None:
            self.segments.append(seg)
        self.builder.reset()
        self.current = None

    def _piece_placeholder(self, owner: _Node | None, s: int, e: int) -> None:
        self._switch(owner, s)
        self.builder.add_placeholder(s, e)

    def _piece_text(self, owner: _Node | None, s: int, e: int) -> None:
        text = self.text
        while e > s and text[e - 1] in " \t":
            e -= 1
        if text.endswith("|", s, e) and e - 1 > s and text[e - 2] in " \t":
            e -= 1  # multiline marker
        self._switch(owner, s)
        emit(self.builder, self._interpolated(s, e), tags=True, icu=False, entities=True)

    def _interpolated(self, s: int, e: int):
        """``text[s:e]`` with each ``#{…}`` replaced by a placeholder character."""
        text = self.text
        out = DecodedBuilder()
        i = s
        while i < e:
            j = text.find("#{", i, e)
            if j < 0:
                out.add_verbatim(text[i:e], i)
                break
            if j > s and text[j - 1] == "\\":
                out.add_verbatim(text[i:j - 1], i)
                out.add_verbatim("#{", j)
                i = j + 2
                continue
            out.add_verbatim(text[i:j], i)
            close = _balanced(text, j + 1, stop=e)
            if close is None:
                raise self.error(j, "unclosed interpolation '#{': add the closing '}'")
            out.add(PLACEHOLDER, j, close)
            i = close
        return out.build()

    def _attributes(self, a: int, b: int) -> None:
        """Segments for readable attributes given as string literals."""
        text = self.text
        for m in _READABLE_ATTR.finditer(text, a, b):
            quote = m.group(3)
            vs = m.end()
            ve = vs
            while ve < b and text[ve] != quote:
                ve += 2 if text[ve] == "\\" else 1
            if ve >= b:
                continue
            builder = TextBuilder(self.source)
            decoded = self._interpolated(vs, ve) if quote == '"' else _verbatim(text, vs, ve)
            emit(builder, decoded, tags=True, icu=False, entities=True)
            seg = builder.build(context=f"attribute:{m.group(2)}")
            if seg is not None:
                self.segments.append(seg)


def _verbatim(text: str, s: int, e: int):
    out = DecodedBuilder()
    out.add_verbatim(text[s:e], s)
    return out.build()


_PAIRS = {"{": "}", "(": ")", "[": "]"}


def _balanced(text: str, i: int, stop: int | None = None) -> int | None:
    """End (exclusive) of the bracketed Ruby expression opening at ``i``, with
    string literals respected; None when it is never closed before ``stop``."""
    stop = len(text) if stop is None else stop
    opener = text[i]
    closer = _PAIRS[opener]
    depth = 0
    while i < stop:
        ch = text[i]
        if ch in "\"'":
            j = i + 1
            while j < stop and text[j] != ch:
                j += 2 if text[j] == "\\" else 1
            if j >= stop:
                return None
            i = j + 1
            continue
        if ch == opener:
            depth += 1
        elif ch == closer:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return None


def parse(source: SourceFile) -> Parsed:
    return _Reader(source).run()
