"""HTML and e-mail templates: HTML, MJML, Jinja2/Django/Nunjucks/Twig,
Handlebars/Mustache, Liquid and ERB.

How a file is read:

1. Template syntax is found first by a linear scanner (:func:`template_spans`):
   ``{{ value }}``, ``{{{ raw }}}``, ``{% tag %}``, ``{# comment #}``,
   ``{{#if}}``/``{{/if}}``/``{{else}}``, ``{{!-- comment --}}``, ``{% comment %}…
   {% endcomment %}`` and, in ``.erb`` files, ``<% %>``/``<%= %>``/``<%# %>``.
   Each span is a *value* (masked by a placeholder), *control* (a word break),
   *comment* (a word break, returned as a :class:`Comment`) or *boundary*
   (``{% block %}``, ``{% extends %}``, ``{{> partial}}``: ends the segment).
2. The HTML tokenizer (:class:`html.parser.HTMLParser`) reads a copy of the
   file in which every template span is blanked to spaces (newlines kept), so
   template syntax in attributes or between tags can't confuse it and every
   offset is unchanged.
3. Text runs between tags are read back from the original file: entities are
   decoded (each decoded character maps to its whole entity), template spans
   are masked, and URLs, e-mail addresses and paths are masked by
   :func:`~voicecheck.sources.inline.emit`.

Readable: element text, the ``alt``, ``title``, ``placeholder`` and
``aria-label`` attributes (and ``value`` of submit/button inputs, and
``text``/``*-text``/``*-alt``/``*-title`` of ``mj-*`` components), the
document ``<title>`` and MJML ``<mj-title>`` (context ``title``) and
``<mj-preview>`` (context ``preheader``), and text in a Jinja ``{% block
title|subject|preheader %}`` (that context). Not readable: tag names, other
attributes, ``<style>``, ``<script>``, ``<mj-style>``, ``<mj-attributes>``,
``<svg>``, comments; ``<code>``/``<samp>`` is masked by a placeholder.

A segment is one block of text: block elements (``p``, ``td``, ``li``,
``h1``, ``mj-text``, ``mj-button``… any element not known to be inline) start a
new one; inline elements (``strong``, ``a``, ``span``…) don't, and ``<br>`` is
a word break. Plain-text templates (``welcome.text.hbs``, ``notice.txt.j2``)
are read as text paragraphs, with the same template masking.

Errors (:class:`ContentError`): an unclosed template tag or template comment,
an unclosed ``<!--``, a tag or ``<style>``/``<script>`` left open at the end of
the file, and a quoted attribute value that runs into markup (a missing
closing quote).
"""
from __future__ import annotations

import bisect
import html
import html.entities
import re
from html.parser import HTMLParser
from pathlib import Path

from voicecheck.segments import Segment, SourceFile, TextBuilder
from voicecheck.sources.base import Comment, ContentError, Lookup, Parsed
from voicecheck.sources.inline import Decoded, DecodedBuilder, emit
from voicecheck.sources.text import paragraph_segments

__all__ = ["parse", "template_spans", "decode_entities", "read_html", "readable_attributes", "INLINE_TAGS"]

#: Elements that don't start a new segment.
INLINE_TAGS = frozenset({
    "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "cite", "data", "del", "dfn", "em", "font", "i", "img",
    "ins", "kbd", "label", "mark", "nobr", "q", "s", "small", "span", "strike", "strong", "sub", "sup", "time",
    "tt", "u", "var", "wbr", "o:p",
})
#: Elements whose content is never readable.
SKIP_TAGS = frozenset({
    "script", "style", "mj-style", "mj-attributes", "mj-html-attributes", "mj-breakpoint", "mj-font", "svg",
    "math", "xml", "template-data",
})
#: Elements whose content is code: one placeholder.
CODE_TAGS = frozenset({"code", "samp"})
#: Attributes whose value a reader sees.
READABLE_ATTRIBUTES = frozenset({"alt", "title", "placeholder", "aria-label"})
# Custom MJML components take their copy as attributes: text=, button-text=, icon-alt=…
_MJ_TEXT_ATTRIBUTE = re.compile(r"(?:[\w-]+-)?(?:text|alt|title)")
_TAG_CONTEXT = {"title": "title", "mj-title": "title", "mj-preview": "preheader"}
_BLOCK_CONTEXT = {"title": "title", "subject": "subject", "preheader": "preheader", "preview": "preheader",
                  "preview_text": "preheader", "preheader_text": "preheader"}

_ENTITY = re.compile(r"&(?:#[0-9]{1,7};?|#[xX][0-9A-Fa-f]{1,6};?|[A-Za-z][A-Za-z0-9]{0,31};?)")
# An attribute inside a start tag (templates already blanked): name, then an optional value.
_ATTR = re.compile(r"""[\s/]*([^\s/>"'=][^\s/>=]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]*))?""")
_TAG_IN_VALUE = re.compile(r"</?[A-Za-z][^<>]*>")
# A value that swallowed markup up to the next attribute's opening quote: `href="x>Hi</a> <p class=`
_RUNS_ON = re.compile(r"[\s\w-]=\s*$")

_JINJA_SUFFIXES = {".jinja", ".jinja2", ".j2", ".njk", ".twig", ".liquid"}
_TEXT_INNER_SUFFIXES = {".txt", ".text"}
_OPENERS = re.compile(r"\{\{|\{%|\{#")
_OPENERS_ERB = re.compile(r"\{\{|\{%|\{#|<%")
_TAG_NAME = re.compile(r"[-+~]?\s*([A-Za-z_]\w*)\s*(\S*)")
_END_COMMENT = re.compile(r"\{%-?\s*endcomment\s*-?%\}")
_END_RAW = re.compile(r"\{%-?\s*end(raw|verbatim)\s*-?%\}")
_BOUNDARY_TAGS = {"block", "endblock", "extends", "include", "import", "from", "macro", "endmacro", "call",
                  "endcall", "layout", "render", "section", "endsection",
                  # Django i18n blocks: each translatable block (and its plural form) is one string
                  "blocktrans", "blocktranslate", "endblocktrans", "endblocktranslate", "plural"}
#: Django ``{% trans "…" %}`` / ``{% translate "…" %}``: the quoted text is read in place.
_TRANS_TAGS = {"trans", "translate"}
#: Jinja/Django gettext in an expression: ``{{ _("…") }}``, ``{{ gettext("…") }}``.
_GETTEXT_CALLS = {"_", "gettext", "ngettext", "pgettext", "trans", "__"}
#: Go ``html/template`` files, whose actions name keys of the locale file (``{{ L.T "key" }}``).
_GO_SUFFIXES = {".tpl", ".tmpl", ".gohtml"}
_GO_CONTROL = {"if", "else", "end", "range", "with", "break", "continue"}
_GO_BOUNDARY = {"define", "template", "block"}
#: Go template functions that look a key up in the locale file (listmonk's L.T, Hugo's i18n…).
_GO_LOOKUPS = {"t", "ts", "tc", "i18n", "tr", "translate", "localize"}


def parse(source: SourceFile) -> Parsed:
    suffixes = [s.lower() for s in Path(source.path).suffixes]
    erb = bool(suffixes) and suffixes[-1] == ".erb"
    strict_hash = bool(suffixes) and suffixes[-1] in _JINJA_SUFFIXES
    go = bool(suffixes) and suffixes[-1] in _GO_SUFFIXES
    spans, comments = template_spans(source, erb=erb, strict_hash_comments=strict_hash, go=go)
    lookups = [Lookup(name[0], name[1], name[2]) for _, _, kind, name in spans if kind == "lookup"]
    if len(suffixes) >= 2 and suffixes[-2] in _TEXT_INNER_SUFFIXES:
        plain = [(s, e, "value" if kind in ("literal", "lookup") else kind) for s, e, kind, _ in spans]
        return Parsed(source, paragraph_segments(source, plain, icu=False), comments, lookups)
    segments, html_comments = read_html(source, 0, len(source.text), spans)
    comments = sorted(comments + html_comments, key=lambda c: (c.line, c.end_line))
    return Parsed(source, segments, comments, lookups)


# --- template syntax -------------------------------------------------------------------------

def template_spans(source: SourceFile, *, erb: bool = False, strict: bool = True,
                   strict_hash_comments: bool = False, go: bool = False) -> tuple[list[tuple[int, int, str, str]], list[Comment]]:
    """Template spans of the whole file as sorted ``(start, end, kind, name)``
    tuples, and the template comments. ``kind`` is ``value``, ``control``,
    ``comment`` or ``boundary``; ``name`` is the tag name (``block``, ``if``…)
    and, for ``{% block x %}``, ``block x``. Two more kinds carry text:
    ``literal`` (``{% trans "Log out" %}``, ``{{ _("Save") }}``: ``name`` is the
    decoded string, read in place) and ``lookup`` (``{{ L.T "key" }}`` in Go
    templates: ``name`` is ``(key, start, end)`` of the key string).

    With ``strict``, an unclosed ``{{``/``{%``/``<%`` raises ContentError;
    otherwise it is left as text (Markdown, where it may sit in code).
    """
    text = source.text
    opener = _OPENERS_ERB if erb else _OPENERS
    spans: list[tuple[int, int, str, str]] = []
    comments: list[Comment] = []
    missing: set[str] = set()  # closers already not found: later openers can't find them either

    def find(close: str, start: int) -> int:
        if close in missing:
            return -1
        e = text.find(close, start)
        if e < 0:
            missing.add(close)
        return e

    pos = 0
    while True:
        m = opener.search(text, pos)
        if m is None:
            break
        s = m.start()
        tok = m.group()
        if tok == "{{":
            if text.startswith("{{!--", s):
                close, kind, what = "--}}", "comment", "Handlebars comment '{{!--'"
            elif text.startswith("{{{", s):
                close, kind, what = "}}}", "value", "'{{{'"
            elif text.startswith("{{!", s):
                close, kind, what = "}}", "comment", "Handlebars comment '{{!'"
            else:
                close, kind, what = "}}", None, "'{{'"
            e = find(close, s + len(tok))
            if e < 0:
                if strict:
                    _unclosed(source, s, what, close)
                pos = s + 2
                continue
            e += len(close)
            name = ""
            if kind is None:
                inner = text[s + 2:e - 2].lstrip("~- \t\r\n")
                call = _action_call(text, s + 2, e - 2)
                word = call[0].lower() if call else inner.split(None, 1)[0].lower() if inner.split() else ""
                if inner.startswith(("#>", ">")):
                    kind, name = "boundary", "partial"
                elif inner.startswith(("#", "/", "^")) or re.match(r"else\b", inner):
                    kind = "control"
                elif go and word in _GO_BOUNDARY:
                    kind, name = "boundary", "partial"
                elif go and word in _GO_CONTROL:
                    kind = "control"
                elif go and call and call[1] is not None and call[0].rsplit(".", 1)[-1].lower() in _GO_LOOKUPS:
                    kind, name = "lookup", (call[1].text, call[2], call[3])
                elif call and call[1] is not None and call[0] in _GETTEXT_CALLS and call[4]:
                    kind, name = "literal", call[1]
                else:
                    kind = "value"
            if kind == "comment":
                body = text[s + 5:e - 4] if close == "--}}" else text[s + 3:e - 2]
                comments.append(_comment(source, body, s, e))
            spans.append((s, e, kind, name))
            pos = e
        elif tok == "{%":
            e = find("%}", s + 2)
            if e < 0:
                if strict:
                    _unclosed(source, s, "template tag '{%'", "%}")
                pos = s + 2
                continue
            e += 2
            tm = _TAG_NAME.match(text, s + 2, e - 2)
            name = tm.group(1).lower() if tm else ""
            if name == "comment":
                end = None if "endcomment" in missing else _END_COMMENT.search(text, e)
                if end is None:
                    missing.add("endcomment")
                if end is None:
                    if strict:
                        _unclosed(source, s, "'{% comment %}'", "{% endcomment %}")
                    spans.append((s, e, "control", name))
                    pos = e
                    continue
                comments.append(_comment(source, text[e:end.start()], s, end.end()))
                spans.append((s, end.end(), "comment", name))
                pos = end.end()
                continue
            if name in _BOUNDARY_TAGS:
                kind = "boundary"
                if name == "block" and tm.group(2):
                    name = "block " + tm.group(2).lower()
            else:
                kind = "control"
            if name in _TRANS_TAGS:
                call = _action_call(text, s + 2, e - 2)
                if call and call[1] is not None:
                    kind, name = "literal", call[1]
            spans.append((s, e, kind, name))
            pos = e
            if name in ("raw", "verbatim"):
                end = _END_RAW.search(text, e)
                if end is not None:
                    spans.append((end.start(), end.end(), "control", "end" + end.group(1)))
                    pos = end.end()
        elif tok == "{#":
            e = find("#}", s + 2)
            if e < 0:
                # as strict as an unclosed '{%': in any template a comment opened with "{# " or "{#-"
                # is one; "{#name" elsewhere may be a script's private field, left as text
                if strict and (strict_hash_comments or text[s + 2:s + 3] in (" ", "\t", "\n", "\r", "-", "")):
                    _unclosed(source, s, "template comment '{#'", "#}")
                pos = s + 2
                continue
            e += 2
            comments.append(_comment(source, text[s + 2:e - 2], s, e))
            spans.append((s, e, "comment", ""))
            pos = e
        else:  # <% (ERB)
            if text.startswith("<%%", s):
                pos = s + 3
                continue
            e = find("%>", s + 2)
            if e < 0:
                if strict:
                    _unclosed(source, s, "ERB tag '<%'", "%>")
                pos = s + 2
                continue
            e += 2
            if text.startswith("<%#", s):
                comments.append(_comment(source, text[s + 3:e - 2], s, e))
                spans.append((s, e, "comment", ""))
            elif text.startswith("<%=", s):
                spans.append((s, e, "value", ""))
            else:
                spans.append((s, e, "control", ""))
            pos = e
    return spans, comments


def _action_call(text: str, start: int, end: int):
    """Read a template action's head: a (dotted) name, then an optional ``(``,
    then a quoted string. Returns ``(name, decoded string or None, string
    start, string end, called with parentheses)`` or None. A small lexer over
    the action's text, as the template engines themselves read it."""
    i = start
    while i < end and text[i] in "-~+ \t\r\n":
        i += 1
    j = i
    while j < end and (text[j].isalnum() or text[j] in "_.$"):
        j += 1
    if j == i:
        return None
    name = text[i:j].lstrip("$.")
    k = j
    while k < end and text[k] in " \t\r\n":
        k += 1
    paren = k < end and text[k] == "("
    if paren:
        k += 1
        while k < end and text[k] in " \t\r\n":
            k += 1
    if k >= end or text[k] not in "\"'`" or (k == j and not paren):
        return (name, None, 0, 0, paren)
    quote = text[k]
    out = DecodedBuilder()
    m = k + 1
    while m < end and text[m] != quote:
        if text[m] == "\\" and quote != "`" and m + 1 < end:
            out.add(text[m + 1], m, m + 2)
            m += 2
            continue
        out.add(text[m], m, m + 1)
        m += 1
    if m >= end:
        return (name, None, 0, 0, paren)
    return (name, out.build(), k, m + 1, paren)


def _unclosed(source: SourceFile, offset: int, what: str, close: str) -> None:
    p = source.position(offset)
    raise ContentError(source.path, f"unclosed {what}: no matching '{close}' before the end of the file",
                       p.line, p.column)


def _comment(source: SourceFile, body: str, start: int, end: int) -> Comment:
    return Comment(body.strip(), source.position(start).line, source.position(max(end - 1, start)).line)


def blank_spans(text: str, spans, start: int = 0, end: int | None = None) -> str:
    """``text[start:end]`` with every template span replaced by spaces
    (newlines kept), so the length and line breaks are unchanged."""
    end = len(text) if end is None else end
    parts: list[str] = []
    pos = start
    for s, e, *_ in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        parts.append(text[pos:s])
        parts.append(re.sub(r"[^\n]", " ", text[s:e]))
        pos = e
    parts.append(text[pos:end])
    return "".join(parts)


# --- entities ----------------------------------------------------------------------------------

def decode_entities(text: str, start: int, end: int) -> Decoded:
    """``text[start:end]`` with HTML entities decoded; each decoded character
    maps to the whole entity it came from."""
    out = DecodedBuilder()
    pos = start
    while True:
        amp = text.find("&", pos, end)
        if amp < 0:
            break
        out.add_verbatim(text[pos:amp], pos)
        m = _ENTITY.match(text, amp, end)
        decoded = _entity_value(m.group()) if m else None
        if decoded is None:
            out.add("&", amp, amp + 1)
            pos = amp + 1
            continue
        for ch in decoded:
            out.add(ch, amp, m.end())
        pos = m.end()
    out.add_verbatim(text[pos:end], pos)
    return out.build()


def _entity_value(ref: str) -> str | None:
    if ref.startswith("&#"):
        value = html.unescape(ref if ref.endswith(";") else ref + ";")
        return value if value != ref else None
    if ref.endswith(";"):
        value = html.unescape(ref)
        return None if value == ref else value
    # a legacy entity without ';' (&amp, &nbsp) only when the whole name is one
    return html.entities.html5.get(ref[1:])


# --- HTML ----------------------------------------------------------------------------------------

def read_html(source: SourceFile, start: int, end: int, spans,
              extra: re.Pattern | None = None) -> tuple[list[Segment], list[Comment]]:
    """Segments and HTML comments of ``source.text[start:end]`` read as HTML,
    with ``spans`` (from :func:`template_spans`) masked. ``extra`` is the
    placeholder syntax of the strings that ``literal`` spans carry (Laravel's
    ``:name``)."""
    reader = _Reader(source, start, end, spans, extra)
    return reader.run()


def readable_attributes(source: SourceFile, tag: str, tag_start: int, blanked_tag: str,
                        spans=(), extra: re.Pattern | None = None) -> list[Segment]:
    """Segments for the readable attributes of one start tag.

    ``blanked_tag`` is the tag's text as found at ``tag_start`` (template spans
    already blanked); values are read back from ``source.text`` at the same
    offsets. Raises ContentError when a quoted value runs into markup.
    """
    out: list[Segment] = []
    m = re.match(r"<\s*[^\s/>]+", blanked_tag)
    if m is None:
        return out
    pos = m.end()
    kind = None
    found: list[tuple[str, int, int]] = []
    while pos < len(blanked_tag):
        a = _ATTR.match(blanked_tag, pos)
        if a is None or a.end() == pos:
            break
        pos = a.end()
        name = a.group(1).lower()
        if a.group(2) is None:
            continue
        vs, ve = a.start(2), a.end(2)
        value = a.group(2)
        if value[:1] in "\"'":
            vs, ve = vs + 1, ve - 1
            if _TAG_IN_VALUE.search(blanked_tag, vs, ve) and _RUNS_ON.search(blanked_tag, vs, ve):
                p = source.position(tag_start + a.start(2))
                raise ContentError(source.path, f"the {name}= value of <{tag}> runs into markup; "
                                                f"check for a missing closing quote", p.line, p.column)
        if name == "type":
            kind = value.strip("\"'").lower()
        found.append((name, tag_start + vs, tag_start + ve))
    for name, vs, ve in found:
        if (name in READABLE_ATTRIBUTES
                or (name == "value" and tag == "input" and kind in ("submit", "button", "reset"))
                or (tag.startswith("mj-") and _MJ_TEXT_ATTRIBUTE.fullmatch(name))):
            builder = TextBuilder(source)
            _add_text(builder, source.text, vs, ve, spans, tags=True, extra=extra)
            seg = builder.build(context=f"attribute:{name}")
            if seg is not None:
                out.append(seg)
    return out


def _add_text(builder: TextBuilder, text: str, start: int, end: int, spans, on_boundary=None, *,
              tags: bool = False, extra: re.Pattern | None = None) -> None:
    """Add ``text[start:end]`` with entities decoded and template spans masked
    (and, with ``tags``, inline tags dropped: attribute values holding HTML).
    A ``literal`` span adds the string it carries in place."""
    pos = start
    i = max(bisect.bisect_right(spans, (start,)) - 1, 0)
    while i < len(spans) and spans[i][0] < end:
        s, e, kind, name = spans[i]
        i += 1
        if e <= start:
            continue
        s, e = max(s, start), min(e, end)
        if s > pos:
            emit(builder, decode_entities(text, pos, s), tags=tags, icu=False)
        if kind in ("value", "lookup"):
            builder.add_placeholder(s, e)
        elif kind == "literal":
            if s == spans[i - 1][0] and e == spans[i - 1][1]:  # whole span inside the range
                emit(builder, name, tags=True, icu=True, entities=True, extra=extra)
            else:
                builder.add_placeholder(s, e)
        elif kind == "boundary" and on_boundary is not None:
            on_boundary(s, name)
        else:
            builder.add_break(s)
        pos = max(pos, e)
    if pos < end:
        emit(builder, decode_entities(text, pos, end), tags=tags, icu=False)


class _Reader(HTMLParser):
    """Feeds the blanked text to HTMLParser and turns its events into segments."""

    def __init__(self, source: SourceFile, start: int, end: int, spans, extra: re.Pattern | None = None):
        super().__init__(convert_charrefs=False)
        self.source = source
        self.extra = extra
        self.base = start
        self.end = end
        self.spans = spans
        self.blanked = blank_spans(source.text, spans, start, end)
        starts = [0]
        i = self.blanked.find("\n")
        while i >= 0:
            starts.append(i + 1)
            i = self.blanked.find("\n", i + 1)
        self.line_starts = starts
        self.segments: list[Segment] = []
        self.comments: list[Comment] = []
        self.builder = TextBuilder(source)
        self.run_start: int | None = None
        self.skip: list[list] = []  # [tag, depth, start offset]
        self.tag_context: list[tuple[str, str]] = []
        self.block_context: list[str | None] = []
        self.seg_context: str | None = None

    # positions
    def _here(self) -> int:
        line, col = self.getpos()
        return self.base + self.line_starts[line - 1] + col

    def _error(self, offset: int, message: str):
        p = self.source.position(offset)
        return ContentError(self.source.path, message, p.line, p.column)

    def run(self) -> tuple[list[Segment], list[Comment]]:
        try:
            self.feed(self.blanked)
            left = self.rawdata
            if self.cdata_elem is not None or (self.skip and self.skip[-1][0] in ("script", "style")):
                tag = self.cdata_elem or self.skip[-1][0]
                raise self._error(self.skip[-1][2] if self.skip else self._here(),
                                  f"<{tag}> is never closed; add </{tag}>")
            if left:
                at = self.base + len(self.blanked) - len(left)
                if left.startswith("<!--"):
                    raise self._error(at, "unclosed HTML comment: '<!--' has no matching '-->'")
                if left.startswith("<"):
                    raise self._error(at, f"unterminated tag {left.split(None, 1)[0][:40]!r}: "
                                          f"missing '>' (or a closing quote) before the end of the file")
            self.close()
        except ContentError:
            raise
        except Exception as exc:  # HTMLParser's own assertions on broken markup
            raise self._error(self._here(), f"cannot parse HTML here ({exc})") from None
        self._flush_run(self.base + len(self.blanked))
        self._flush()
        self.segments.sort(key=lambda seg: seg.starts[0])
        return self.segments, self.comments

    # text
    def _flush_run(self, end: int) -> None:
        if self.run_start is None:
            return
        start, self.run_start = self.run_start, None
        if self.skip or start >= end:
            return
        if self.seg_context is None:
            self.seg_context = self._context()
        _add_text(self.builder, self.source.text, start, end, self.spans, self._boundary, extra=self.extra)

    def _boundary(self, at: int, name: str) -> None:
        self._flush()
        if name == "block" or name.startswith("block "):
            self.block_context.append(_BLOCK_CONTEXT.get(name[6:]))
        elif name == "endblock" and self.block_context:
            self.block_context.pop()
        self.seg_context = self._context()

    def _context(self) -> str:
        if self.tag_context:
            return self.tag_context[-1][1]
        for ctx in reversed(self.block_context):
            if ctx is not None:
                return ctx
        return "text"

    def _flush(self) -> None:
        seg = self.builder.build(context=self.seg_context or "text")
        if seg is not None:
            self.segments.append(seg)
        self.builder.reset()
        self.seg_context = None

    def _text_event(self) -> None:
        if self.run_start is None:
            self.run_start = self._here()

    def handle_data(self, data: str) -> None:
        self._text_event()

    def handle_entityref(self, name: str) -> None:
        self._text_event()

    def handle_charref(self, name: str) -> None:
        self._text_event()

    # tags
    def _end_code(self, at: int) -> None:
        """A block tag inside <code> closes it (its end tag was left out)."""
        if len(self.skip) == 1 and self.skip[0][0] in CODE_TAGS:
            self.builder.add_placeholder(self.skip[0][2], at)
            self.skip.pop()

    def handle_starttag(self, tag: str, attrs) -> None:
        at = self._here()
        self._flush_run(at)
        raw = self.get_starttag_text() or ""
        if tag not in INLINE_TAGS and tag not in CODE_TAGS:
            self._end_code(at)
        if self.skip:
            if tag == self.skip[-1][0]:
                self.skip[-1][1] += 1
            return
        if tag in SKIP_TAGS or tag in CODE_TAGS:
            self.skip.append([tag, 1, at])
            if tag in CODE_TAGS and self.seg_context is None:
                self.seg_context = self._context()
            return
        self.segments.extend(readable_attributes(self.source, tag, at, raw, self.spans, self.extra))
        if tag == "br":
            self.builder.add_break(at)
        elif tag not in INLINE_TAGS:
            self._flush()
        if tag in _TAG_CONTEXT:
            self.tag_context.append((tag, _TAG_CONTEXT[tag]))

    def handle_startendtag(self, tag: str, attrs) -> None:
        at = self._here()
        self._flush_run(at)
        if self.skip:
            return
        raw = self.get_starttag_text() or ""
        self.segments.extend(readable_attributes(self.source, tag, at, raw, self.spans, self.extra))
        if tag == "br":
            self.builder.add_break(at)
        elif tag not in INLINE_TAGS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        at = self._here()
        self._flush_run(at)
        if tag not in INLINE_TAGS and tag not in CODE_TAGS:
            self._end_code(at)
        if self.skip:
            top = self.skip[-1]
            if tag == top[0]:
                top[1] -= 1
                if top[1] == 0:
                    self.skip.pop()
                    if tag in CODE_TAGS and not self.skip:
                        close = self.blanked.find(">", at - self.base)
                        end = self.base + close + 1 if close >= 0 else at
                        self.builder.add_placeholder(top[2], end)
            return
        if tag == "br":
            self.builder.add_break(at)
        elif tag not in INLINE_TAGS:
            self._flush()
        if self.tag_context and self.tag_context[-1][0] == tag:
            self.tag_context.pop()

    # everything else
    def handle_comment(self, data: str) -> None:
        at = self._here()
        self._flush_run(at)
        start_line = self.source.position(at).line
        end_line = self.source.position(at + len(data) + 4).line
        self.comments.append(Comment(self.source.text[at + 4:at + 4 + len(data)].strip(), start_line, end_line))

    def handle_decl(self, decl: str) -> None:
        self._flush_run(self._here())

    def handle_pi(self, data: str) -> None:
        self._flush_run(self._here())

    def unknown_decl(self, data: str) -> None:
        self._flush_run(self._here())
