"""Markdown and MDX (``.md``, ``.markdown``, ``.mdx``) with YAML front matter.

Block structure comes from markdown-it-py (CommonMark with tables and
strikethrough, raw HTML on). A segment is one paragraph, heading, table cell
or list-item/blockquote paragraph; raw HTML blocks are read by
:func:`voicecheck.sources.markup.read_html` (one segment per HTML block
element). Readable: the text of those blocks, link text, image alt text
and link titles (their own segments, context ``attribute:alt`` /
``attribute:title``) and the front-matter fields
``subject``, ``preheader``, ``title``, ``description`` and ``preview`` (one
segment each, context and key = the field name). Not readable: other
front-matter keys, fenced and indented code blocks, code spans (masked by a
placeholder), link and image targets, HTML tags, emphasis markers, HTML
comments and MDX ``{/* comments */}`` (returned as :class:`Comment`), MDX
``import``/``export`` blocks and the tags of JSX elements (their text children
are readable, as are their ``title``/``alt``/… string attributes). Template
syntax (``{{ name }}``, ``{% if %}``) is masked as in HTML templates.

Positions. markdown-it-py reports only the line range of each block, so the
parser aligns text to the file itself, forward only and only inside the
block's lines:

1. markdown-it-py reads a copy of the file of the same length in which front
   matter, MDX import/export blocks, ``{/* */}`` comments and JSX tag lines are
   blanked to spaces, template spans are replaced by an inert private-use
   character, and ``\\r`` is replaced by a space (markdown-it normalises line
   endings, which would shift offsets).
2. Each inline token's ``content`` (the block's raw inline source, with
   container markers and indentation removed) is located line by line in the
   block's source lines; table cells are found left to right. A line that is
   not verbatim (an escaped ``\\|`` in a table cell) is aligned character by
   character.
3. The inline children (text, code spans, emphasis, links, images, inline
   HTML, breaks) are aligned to that content with a forward cursor that knows
   each token's markup: backslash escapes and entities map a decoded character
   to its whole escape, emphasis markers and link targets are skipped.

Errors (:class:`ContentError`): front matter that is not closed, is not valid
YAML or is not a mapping, and an HTML comment that is never closed.
"""
from __future__ import annotations

import functools

import re

import yaml
from markdown_it import MarkdownIt

from voicecheck.segments import PLACEHOLDER, Segment, SourceFile, TextBuilder
from voicecheck.sources.base import Comment, ContentError, Parsed
from voicecheck.sources.inline import Decoded, DecodedBuilder, emit
from voicecheck.sources.markup import (_ENTITY, _entity_value, blank_spans, decode_entities, read_html,
                                       readable_attributes, template_spans)

__all__ = ["parse", "FRONT_MATTER_FIELDS"]

#: Front-matter fields whose values a reader sees.
FRONT_MATTER_FIELDS = frozenset({"subject", "preheader", "title", "description", "preview"})
#: markdown-it's nesting limit (a list level counts two: the list and its item). CommonMark's
#: preset has 20, which drops everything after a list ten levels deep; deeper than this is an error.
MAX_NESTING = 100
_JSX_READABLE = frozenset({"alt", "title", "placeholder", "aria-label"})
_INERT = "\ue000"  # stands in for template syntax in the copy markdown-it reads

_FM_OPEN = re.compile(r"---[ \t]*\r?\n")
_FM_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.M)
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_ESM = re.compile(r"""import\s+[\w*{'"]|export\s+(?:const|let|var|default|function|class|async|type|interface|\{|\*)""")
_MDX_COMMENT_OPEN = re.compile(r"\{[ \t]*/\*")
_MDX_COMMENT_CLOSE = re.compile(r"\*/[ \t]*\}")
_JSX_NAME = re.compile(r"[A-Za-z][\w.:-]*")
_TAG_START = re.compile(r"<\s*([A-Za-z][\w:.-]*)")
_DOUBLE_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
                   "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0",
                   "L": "\u2028", "P": "\u2029"}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}


def parse(source: SourceFile) -> Parsed:
    return _Reader(source).run()


class _Reader:
    def __init__(self, source: SourceFile):
        self.source = source
        self.text = source.text
        self.mdx = source.suffix == ".mdx"
        self.segments: list[Segment] = []
        self.comments: list[Comment] = []
        self.cursor = 0
        self.line_starts = source.line_starts

    # --- driver ---------------------------------------------------------------------------------
    def run(self) -> Parsed:
        text = self.text
        chars = list(text)
        body = self._front_matter(chars)
        spans, comments = template_spans(self.source, strict=False)
        self.spans = [s for s in spans if s[0] >= body]
        fm_last_line = self.source.position(body).line if body else 0
        self.comments += [c for c in comments if c.line > fm_last_line]
        for s, e, *_ in self.spans:
            for i in range(s, e):
                if chars[i] != "\n":
                    chars[i] = _INERT
        self.html_spans = list(self.spans)
        if self.mdx:
            self._mdx_prepare(chars, body)
            self.html_spans.sort()
        if "\r" in text:
            n = len(chars)
            for i, ch in enumerate(chars):
                if ch == "\r":  # CRLF: the CR is a space; a lone CR ends a line (as in the line table)
                    chars[i] = " " if i + 1 < n and text[i + 1] == "\n" else "\n"
        self.masked = "".join(chars)
        md = _markdown_it(self.mdx)
        try:
            tokens = md.parse(self.masked)
        except RecursionError:
            raise ContentError(self.source.path, "Markdown nested too deeply to read") from None
        except Exception as exc:  # markdown-it-py should never fail; never let it escape
            raise ContentError(self.source.path, f"cannot parse Markdown ({exc})") from None
        deepest = next((t for t in tokens if t.level >= MAX_NESTING - 1), None)
        if deepest is not None:  # markdown-it stops reading at its nesting limit, silently: say so
            line = deepest.map[0] + 1 if deepest.map else None
            raise ContentError(self.source.path, f"lists or block quotes nested too deeply (over "
                                                 f"{MAX_NESTING // 2} levels): the text from here on can't be "
                                                 f"read; flatten the nesting", line)
        self._table = False
        for tok in tokens:
            if tok.type in ("table_open", "table_close"):
                self._table = tok.type == "table_open"
            elif tok.type == "inline":
                self._inline(tok)
            elif tok.type == "html_block" and tok.map:
                start = self.line_starts[tok.map[0]]
                end = self.line_starts[tok.map[1]] if tok.map[1] < len(self.line_starts) else len(text)
                segs, comms = read_html(self.source, start, end, self.html_spans)
                self.segments += segs
                self.comments += comms
        self.segments.sort(key=lambda seg: seg.starts[0])
        self.comments.sort(key=lambda c: (c.line, c.end_line))
        return Parsed(self.source, self.segments, self.comments)

    def _error(self, offset: int, message: str) -> ContentError:
        p = self.source.position(offset)
        return ContentError(self.source.path, message, p.line, p.column)

    # --- front matter ---------------------------------------------------------------------------
    def _front_matter(self, chars: list[str]) -> int:
        """Read the YAML front matter, blank it in ``chars``; return where the body starts."""
        text = self.text
        m = _FM_OPEN.match(text)
        if m is None:
            return 0
        close = _FM_CLOSE.search(text, m.end())
        if close is None:
            raise self._error(0, "front matter opened with '---' on line 1 is never closed; "
                                 "add a line with '---' after the last field")
        base = m.end()
        body = close.end()
        for i in range(0, body):
            if chars[i] != "\n":
                chars[i] = " "
        yaml_text = text[base:close.start()]
        try:
            node = yaml.compose(yaml_text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            offset = base + (mark.index if mark is not None else getattr(exc, "position", 0) or 0)
            problem = getattr(exc, "problem", None) or getattr(exc, "reason", None) or str(exc).splitlines()[0]
            context = getattr(exc, "context", None)
            if context and getattr(exc, "context_mark", None) is not None:
                problem = f"{problem} ({context} from line {self.source.position(base).line + exc.context_mark.line})"
            raise self._error(min(offset, len(text)), f"invalid YAML in front matter: {problem}") from None
        except Exception as exc:  # defensive: PyYAML internals
            raise self._error(0, f"invalid YAML in front matter ({exc})") from None
        for i, line in enumerate(yaml_text.split("\n")):
            if line.lstrip().startswith("#"):
                ln = self.source.position(base).line + i
                self.comments.append(Comment(line.strip().lstrip("#").strip(), ln, ln))
        if node is None:
            return body
        if not isinstance(node, yaml.MappingNode):
            raise self._error(base + node.start_mark.index,
                              "front matter must be a YAML mapping of fields (subject: …, title: …)")
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode) or not isinstance(value, yaml.ScalarNode):
                continue
            name = str(key.value).strip().lower()
            if name not in FRONT_MATTER_FIELDS:
                continue
            decoded = _yaml_scalar(text, base, value)
            builder = TextBuilder(self.source)
            emit(builder, decoded, tags=True, icu=True)
            seg = builder.build(key=str(key.value), context=name)
            if seg is not None:
                self.segments.append(seg)
        return body

    # --- MDX ------------------------------------------------------------------------------------
    def _mdx_prepare(self, chars: list[str], body: int) -> None:
        """Blank MDX import/export blocks, {/* comments */} and JSX tag lines."""
        text = self.text

        def blank(s: int, e: int) -> None:
            for i in range(s, e):
                if chars[i] != "\n":
                    chars[i] = " "

        pos = body
        while True:  # {/* comment */}: a find loop, not a regex, so an unclosed one can't go quadratic
            m = _MDX_COMMENT_OPEN.search(text, pos)
            if m is None:
                break
            close = _MDX_COMMENT_CLOSE.search(text, m.end())
            if close is None:
                break
            self.comments.append(Comment(text[m.end():close.start()].strip(), self.source.position(m.start()).line,
                                         self.source.position(close.end() - 1).line))
            self.html_spans.append((m.start(), close.end(), "comment", ""))
            blank(m.start(), close.end())
            pos = close.end()
        fence: str | None = None
        pos = body
        n = len(text)
        while pos < n:
            nl = text.find("\n", pos)
            line_end = n if nl < 0 else nl
            line = text[pos:line_end]
            next_pos = line_end + 1
            fm = _FENCE.match(line)
            if fence is not None:
                if fm and fm.group(1)[0] == fence[0] and len(fm.group(1)) >= len(fence) and not line[fm.end():].strip():
                    fence = None
            elif fm:
                fence = fm.group(1)
            elif _ESM.match(line):
                # an ESM block runs to the next blank line
                end = line_end
                while end < n:
                    nxt = text.find("\n", end + 1)
                    nxt_end = n if nxt < 0 else nxt
                    if not text[end + 1:nxt_end].strip():
                        break
                    end = nxt_end
                blank(pos, end)
                next_pos = end + 1
            elif line.lstrip().startswith("<"):
                end = self._jsx_line(pos + len(line) - len(line.lstrip()))
                if end is not None:
                    blank(pos, end)
                    nl2 = text.find("\n", end)
                    next_pos = n if nl2 < 0 else nl2 + 1
            pos = next_pos

    def _jsx_line(self, at: int) -> int | None:
        """If JSX tags (and nothing else) fill the rest of the line from ``at``,
        record their readable attributes and return where they end."""
        text = self.text
        found: list[tuple[str, int, int]] = []
        pos = at
        while True:
            end = _jsx_tag(text, pos, found)
            if end is None:
                return None
            pos = end
            while pos < len(text) and text[pos] in " \t\r":
                pos += 1
            if pos >= len(text) or text[pos] == "\n":
                break
            if text[pos] != "<":
                return None
        for name, vs, ve in found:
            if name.lower() in _JSX_READABLE:
                builder = TextBuilder(self.source)
                emit(builder, decode_entities(text, vs, ve), tags=True, icu=True)
                seg = builder.build(context=f"attribute:{name.lower()}")
                if seg is not None:
                    self.segments.append(seg)
        return pos

    # --- inline content -------------------------------------------------------------------------
    def _inline(self, tok) -> None:
        content = tok.content
        if not content.strip():
            return
        cmap = self._content_map(tok)
        out = DecodedBuilder()
        self._walk(tok.children or [], content, cmap, 0, out)
        decoded = out.build()
        if not decoded.text:
            return
        builder = TextBuilder(self.source)
        emit(builder, decoded, tags=True, icu=True)
        seg = builder.build()
        if seg is not None:
            self.segments.append(seg)

    def _content_map(self, tok) -> list[int]:
        """Source offset of each character of ``tok.content`` (plus one past the end)."""
        masked = self.masked
        content = tok.content
        first = tok.map[0] if tok.map else self.source.position(self.cursor).line - 1
        cell = self._table
        offsets: list[int] = []
        nlines = len(self.line_starts)
        for k, line in enumerate(content.split("\n")):
            ln = min(first + k, nlines - 1)
            ls = self.line_starts[ln]
            le = self.line_starts[ln + 1] - 1 if ln + 1 < nlines else len(masked)
            lo = max(ls, min(self.cursor, le))
            if k:
                offsets.append(ls - 1)  # the "\n" that ends the previous line
            if not line:
                continue
            p = masked.find(line, lo, le) if cell else masked.rfind(line, lo, le)
            if p >= 0:
                offsets.extend(range(p, p + len(line)))
                self.cursor = p + len(line)
            else:
                offsets.extend(_align_chars(masked, line, lo, le))
                self.cursor = offsets[-1] + 1
        offsets.append(offsets[-1] + 1 if offsets else self.cursor)
        return offsets

    def _walk(self, children, content: str, cmap: list[int], q: int, out: DecodedBuilder) -> int:
        n = len(content)
        text = self.text
        skip_until_close = 0
        for child in children:
            t = child.type
            if skip_until_close:
                if t == "link_close":
                    skip_until_close -= 1
                continue
            if t == "text":
                if "<!--" in child.content:
                    at = content.find("<!--", q)
                    raise self._error(cmap[max(at, q)] if at >= 0 else cmap[q],
                                      "unclosed HTML comment: '<!--' has no matching '-->'")
                q = self._align_text(child.content, content, cmap, q, out)
            elif t in ("softbreak", "hardbreak"):
                start = q
                while q < n and content[q] in " \t\\":
                    q += 1
                if q < n and content[q] == "\n":
                    out.add("\n", cmap[min(start, q)], cmap[q] + 1)
                    q += 1
                while q < n and content[q] in " \t":
                    q += 1
            elif t == "code_inline":
                start = content.find(child.markup, q)
                if start < 0:
                    continue
                end = _code_end(content, start, len(child.markup))
                out.add(PLACEHOLDER, cmap[start], cmap[end - 1] + 1)
                q = end
            elif t in ("em_open", "em_close", "strong_open", "strong_close", "s_open", "s_close"):
                at = content.find(child.markup, q, q + 16)
                if at >= 0 and not content[q:at].strip():
                    q = at + len(child.markup)
            elif t == "link_open":
                if child.markup == "autolink" or child.info == "auto":
                    start = content.find("<", q)
                    end = content.find(">", start + 1) if start >= 0 else -1
                    if start >= 0 and end >= 0:
                        out.add(PLACEHOLDER, cmap[start], cmap[end] + 1)
                        q = end + 1
                    skip_until_close += 1
                else:
                    at = content.find("[", q)
                    if at >= 0:
                        q = at + 1
            elif t == "link_close":
                at = content.find("]", q)
                if at >= 0:
                    q = self._link_tail(content, cmap, at + 1)
            elif t == "image":
                at = content.find("![", q)
                if at < 0:
                    continue
                alt = DecodedBuilder()
                q = self._walk(child.children or [], content, cmap, at + 2, alt)
                close = content.find("]", q)
                if close >= 0:
                    out.add(" ", cmap[at], cmap[at] + 1)
                    q = self._link_tail(content, cmap, close + 1)
                decoded = alt.build()
                if decoded.text:
                    builder = TextBuilder(self.source)
                    emit(builder, decoded, tags=True, icu=True)
                    seg = builder.build(context="attribute:alt")
                    if seg is not None:
                        self.segments.append(seg)
            elif t == "html_inline":
                raw = child.content
                at = content.find(raw, q)
                if at < 0:
                    continue
                s, e = cmap[at], cmap[at + len(raw) - 1] + 1
                q = at + len(raw)
                if raw.startswith("<!--"):
                    body = text[s + 4:e - 3]
                    self.comments.append(Comment(body.strip(), self.source.position(s).line,
                                                 self.source.position(e - 1).line))
                    continue
                tm = _TAG_START.match(raw)
                if tm is None:
                    continue
                name = tm.group(1).lower()
                if name == "br":
                    out.add(" ", s, e)
                elif e - s == len(raw):  # the tag is on one line, as in the source
                    self.segments += readable_attributes(self.source, name, s, blank_spans(text, self.spans, s, e),
                                                         self.spans)
        return q

    def _link_tail(self, content: str, cmap: list[int], q: int) -> int:
        """Skip a link's ``(destination "title")``; the title is readable (a tooltip,
        like an HTML ``title`` attribute) and becomes its own segment."""
        end, title = _skip_link_tail(content, q)
        if title is not None:
            ts, te = title
            out = DecodedBuilder()
            i = ts
            while i < te:
                if content[i] == "\\" and i + 1 < te and not content[i + 1].isalnum():
                    out.add(content[i + 1], cmap[i], cmap[i + 1] + 1)
                    i += 2
                    continue
                out.add(self.text[cmap[i]] if content[i] == _INERT else content[i], cmap[i], cmap[i] + 1)
                i += 1
            builder = TextBuilder(self.source)
            emit(builder, out.build(), tags=True, icu=True, entities=True)
            seg = builder.build(context="attribute:title")
            if seg is not None:
                self.segments.append(seg)
        return end

    def _align_text(self, value: str, content: str, cmap: list[int], q: int, out: DecodedBuilder) -> int:
        """Map the decoded text ``value`` onto ``content`` from ``q``."""
        n = len(content)
        text = self.text
        rest = value
        if rest and content.startswith(rest, q) and "&" not in rest and "\\" not in rest and _INERT not in rest:
            # the usual case: the token's text stands verbatim in the source
            offsets = cmap[q:q + len(rest)]
            out.chars.extend(rest)
            out.starts.extend(offsets)
            out.ends.extend(map((1).__add__, offsets))
            return q + len(rest)
        j = 0
        while j < len(value) and q < n:
            c = value[j]
            if content[q] == "&" and (m := _ENTITY.match(content, q)) and (dec := _entity_value(m.group())) \
                    and value.startswith(dec, j):
                for ch in dec:
                    out.add(ch, cmap[q], cmap[m.end() - 1] + 1)
                j += len(dec)
                q = m.end()
            elif content[q] == c:
                off = cmap[q]
                out.add(text[off] if c == _INERT else c, off, off + 1)
                q += 1
                j += 1
            elif content[q] == "\\" and q + 1 < n and content[q + 1] == c:
                out.add(c, cmap[q], cmap[q + 1] + 1)
                q += 2
                j += 1
            else:
                q += 1  # markup the token doesn't show
        return q


def _align_chars(masked: str, line: str, lo: int, hi: int) -> list[int]:
    """Offsets of ``line``'s characters in ``masked[lo:hi]``, skipping source
    characters that don't match (container markers, a backslash before an
    escaped ``|``). Forward only; characters not found map just past the last one."""
    out: list[int] = []
    p = lo
    for c in line:
        q = masked.find(c, p, min(hi, p + 16))
        if q >= 0:
            out.append(q)
            p = q + 1
        else:
            out.append(min(p, max(hi - 1, lo)))
    return out


def _code_end(content: str, start: int, ticks: int) -> int:
    """End of the code span whose opening backtick run starts at ``start``."""
    i = start + ticks
    n = len(content)
    while i < n:
        j = content.find("`", i)
        if j < 0:
            break
        k = j
        while k < n and content[k] == "`":
            k += 1
        if k - j == ticks:
            return k
        i = k
    return n


def _skip_link_tail(content: str, q: int) -> tuple[int, tuple[int, int] | None]:
    """Skip ``(destination "title")`` or ``[label]`` after a link's ``]``;
    return where it ends and the span of the title's text, if any."""
    n = len(content)
    title = None
    if q < n and content[q] == "(":
        depth = 0
        i = q
        while i < n:
            ch = content[i]
            if ch == "\\":
                i += 2
                continue
            if ch in "\"'" and depth == 1 and content[i - 1] in " \t\n":
                j = i + 1
                while j < n and content[j] != ch:
                    j += 2 if content[j] == "\\" else 1
                if j < n:
                    title = (i + 1, j)
                i = j + 1
                continue
            if ch == "<" and depth == 1 and not content[q + 1:i].strip():
                j = content.find(">", i + 1)
                i = j + 1 if j >= 0 else i + 1
                continue
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
                if depth == 0:
                    return i + 1, title
            i += 1
        return n, None
    if q < n and content[q] == "[":
        j = content.find("]", q + 1)
        return (j + 1 if j >= 0 else q), None
    return q, None


def _jsx_tag(text: str, pos: int, found: list[tuple[str, int, int]]) -> int | None:
    """End of the JSX tag at ``pos`` (``<Name attr="x" {...spread}>``, ``</Name>``,
    ``<>``), collecting string attributes as (name, value start, value end)."""
    n = len(text)
    if pos >= n or text[pos] != "<":
        return None
    i = pos + 1
    if i < n and text[i] == "/":
        i += 1
    if i < n and text[i] == ">":
        return i + 1
    m = _JSX_NAME.match(text, i)
    if m is None:
        return None
    i = m.end()
    while i < n:
        while i < n and text[i] in " \t\r\n":
            i += 1
        if i >= n:
            return None
        ch = text[i]
        if ch == ">":
            return i + 1
        if text.startswith("/>", i):
            return i + 2
        if ch == "{":
            i = _balanced(text, i)
            if i is None:
                return None
            continue
        a = re.compile(r"[^\s=/>{\"']+").match(text, i)
        if a is None:
            return None
        name = a.group()
        i = a.end()
        while i < n and text[i] in " \t":
            i += 1
        if i < n and text[i] == "=":
            i += 1
            while i < n and text[i] in " \t":
                i += 1
            if i < n and text[i] in "\"'":
                close = text.find(text[i], i + 1)
                if close < 0:
                    return None
                found.append((name, i + 1, close))
                i = close + 1
            elif i < n and text[i] == "{":
                i = _balanced(text, i)
                if i is None:
                    return None
            else:
                return None
    return None


def _balanced(text: str, i: int) -> int | None:
    """End of the ``{...}`` expression starting at ``i`` (strings respected)."""
    depth = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in "\"'`":
            close = text.find(ch, i + 1)
            while close > 0 and text[close - 1] == "\\":
                close = text.find(ch, close + 1)
            if close < 0:
                return None
            i = close + 1
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return None


def _yaml_scalar(text: str, base: int, node) -> Decoded:
    """The value of a YAML scalar with each character mapped to the file."""
    s = base + node.start_mark.index
    e = base + node.end_mark.index
    style = node.style
    out = DecodedBuilder()
    if style in ("|", ">"):
        nl = text.find("\n", s, e)
        if nl >= 0:
            out.add_verbatim(text[nl + 1:e], nl + 1)
        return out.build()
    if style == "'":
        i, end = s + 1, e - 1
        while i < end:
            if text.startswith("''", i):
                out.add("'", i, i + 2)
                i += 2
            else:
                out.add(text[i], i, i + 1)
                i += 1
        return out.build()
    if style == '"':
        i, end = s + 1, e - 1
        while i < end:
            ch = text[i]
            if ch != "\\" or i + 1 >= end:
                out.add(ch, i, i + 1)
                i += 1
                continue
            nxt = text[i + 1]
            if nxt in _DOUBLE_ESCAPES:
                out.add(_DOUBLE_ESCAPES[nxt], i, i + 2)
                i += 2
            elif nxt in _HEX_ESCAPES:
                width = _HEX_ESCAPES[nxt]
                digits = text[i + 2:i + 2 + width]
                try:
                    out.add(chr(int(digits, 16)), i, i + 2 + width)
                except ValueError:
                    out.add(nxt, i, i + 2)
                i += 2 + width
            elif nxt in "\r\n":  # escaped line break: the lines join without a space
                i += 2
                if nxt == "\r" and i < end and text[i] == "\n":
                    i += 1
                while i < end and text[i] in " \t":
                    i += 1
            else:
                out.add(nxt, i, i + 2)
                i += 2
        return out.build()
    out.add_verbatim(text[s:e], s)
    return out.build()


def prepare() -> None:
    """Build the parsers now (before a pool forks: its workers then share them)."""
    _markdown_it(False)
    _markdown_it(True)


@functools.cache
def _markdown_it(mdx: bool) -> MarkdownIt:
    """One configured parser per dialect, built once per process."""
    md = MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING}).enable(["table", "strikethrough"])
    if mdx:
        md.disable("code")  # MDX has no indented code blocks
    return md
