"""PHP (Laravel, WordPress) and Laravel Blade templates: the English in the code.

Read with tree-sitter's PHP grammar (the ``code`` extra):

- translation calls: Laravel ``__('…')``, ``trans('…')``, ``trans_choice('…')``,
  ``Lang::get('…')``, ``Lang::choice('…')``; WordPress ``__``, ``_e``,
  ``esc_html__``/``esc_html_e``, ``esc_attr__``/``esc_attr_e``, ``_x`` and
  its ``esc_*_x`` forms (the context argument is not text), ``_n``/``_nx``
  (singular and plural). The text domain is never text. A concatenation
  (``__('There are no tickets. ' . 'Try again.')``) is one string; a variable
  in it is a placeholder. An argument that reads as a key (``auth.failed``)
  is looked up in the project's locale file (``locales:`` in the config).
- Laravel language files (a ``lang/`` folder, ``return ['key' => 'Text']``):
  the values, keyed by their path; never the keys.
- text of application exceptions thrown with a literal sentence
  (``new ResourceConflictException('You cannot resend…')``), which API
  clients show; never developer exceptions (``LogicException``,
  ``InvalidArgumentException``…), and nothing inside a log call
  (``$this->logger->info(…)``, ``Log::error``, ``edd_debug_log``).
- literal text of the HTML around ``<?php … ?>`` (templates), read like any
  HTML template: a PHP block that prints one translated string is read in
  place (``<p><?php esc_html_e('Welcome'); ?></p>``), any other block that
  prints is a placeholder.

Blade (``.blade.php``): its syntax is found first (``{{ … }}``, ``{!! … !!}``,
``{{-- … --}}``, ``@directive(…)``, ``@php … @endphp``) and each expression is
parsed with the PHP grammar; ``{{ __('…') }}`` and ``@lang('…')`` are read in
place, other echoes are placeholders, directives are word breaks
(``@section``, ``@component``… end a segment), and the HTML around them is
read as in any template.

Placeholders ``:name`` (Laravel), ``%s``/``%1$s`` (WordPress), ``{tag}`` are
masked. ``//``, ``#``, ``/* */`` and ``{{-- --}}`` comments hold suppression
directives.
"""
from __future__ import annotations

import re
from pathlib import PurePosixPath

from voicecheck.segments import SourceFile
from voicecheck.sources.base import Comment, ContentError, Parsed
from voicecheck.sources.codestrings import (
    DEVELOPER_EXCEPTIONS, Code, Strings, arguments, comments, is_log_call, literal, reads_as_key, walk,
)
from voicecheck.sources.inline import Decoded

#: Laravel's ``:name`` replacement (not ``10:30``, not ``https://``).
LARAVEL_PLACEHOLDER = re.compile(r"(?<![\w:/]):[A-Za-z_]\w*")

#: Translation functions: which arguments hold text, and whether the first may be a key (Laravel).
CALLS: dict[str, tuple[tuple[int, ...], bool]] = {
    "__": ((0,), True), "trans": ((0,), True), "trans_choice": ((0,), True), "lang": ((0,), True),
    "_e": ((0,), False), "esc_html__": ((0,), False), "esc_html_e": ((0,), False), "esc_attr__": ((0,), False),
    "esc_attr_e": ((0,), False), "translate": ((0,), False), "_x": ((0,), False), "_ex": ((0,), False),
    "esc_html_x": ((0,), False), "esc_attr_x": ((0,), False), "_n": ((0, 1), False), "_nx": ((0, 1), False),
    "_n_noop": ((0, 1), False), "_nx_noop": ((0, 1), False),
}
#: Calls that print what they return (WordPress ``_e`` family).
PRINTING = frozenset({"_e", "esc_html_e", "esc_attr_e", "_ex"})
#: Static calls on the translator facade.
STATIC_CALLS = {("lang", "get"): ((0,), True), ("lang", "choice"): ((0,), True)}

_STOP = frozenset({"compound_statement", "program", "class_declaration", "method_declaration",
                   "function_definition", "declaration_list"})
_BLADE_BOUNDARY = frozenset({"section", "endsection", "yield", "extends", "include", "includeif", "includewhen",
                             "includefirst", "each", "component", "endcomponent", "slot", "endslot", "show", "stop",
                             "push", "endpush", "prepend", "endprepend", "markdown", "endmarkdown"})


def parse(source: SourceFile) -> Parsed:
    if source.path.lower().endswith(".blade.php"):
        return _blade(source)
    code = Code(source, "php")
    reader = _Reader(code)
    reader.read(code.root)
    parsed = Parsed(source, comments=comments(code))
    texts = [n for n in walk(code.root) if n.type == "text"]
    if any(any(c.isalpha() for c in code.text_of(n)) for n in texts):
        spans = _template_spans(code, texts, reader)
        parsed.segments.extend(_read_html(source, spans))
    parsed.segments.extend(reader.strings.segments)
    parsed.segments.sort(key=lambda seg: seg.starts[0])
    parsed.lookups = reader.strings.lookups
    if _is_language_file(source.path):
        _language_lines(code, reader.strings)
        parsed.segments = reader.strings.segments
        parsed.segments.sort(key=lambda seg: seg.starts[0])
    return parsed


def _name(code: Code, node) -> str | None:
    """The last part of a name (``\\__`` → ``__``, ``$this->logger`` → ``logger``)."""
    if node is None:
        return None
    if node.type in ("name", "variable_name"):
        return code.text_of(node).lstrip("$")
    if node.type == "qualified_name":
        return code.text_of(node).rsplit("\\", 1)[-1]
    if node.type in ("member_access_expression", "nullsafe_member_access_expression"):
        return _name(code, node.child_by_field_name("name"))
    return None


class _Reader:
    def __init__(self, code: Code):
        self.code = code
        self.strings = Strings(code, [], [], placeholders=LARAVEL_PLACEHOLDER)
        self.found: list[tuple[int, int, Decoded, bool]] = []  # call start, end, text, printed
        self.prints: list[int] = []  # where something is printed: echo, print, <?=

    def read(self, root) -> None:
        for node in walk(root):
            t = node.type
            if t in ("echo_statement", "print_intrinsic") or (t == "php_tag" and self.code.text_of(node) == "<?="):
                self.prints.append(self.code.span(node)[0])
            elif t == "function_call_expression":
                name = _name(self.code, node.child_by_field_name("function"))
                if name in CALLS:
                    self._call(node, *CALLS[name], printed=name in PRINTING)
            elif t == "scoped_call_expression":
                scope = _name(self.code, node.child_by_field_name("scope"))
                name = _name(self.code, node.child_by_field_name("name"))
                spec = STATIC_CALLS.get(((scope or "").lower(), (name or "").lower()))
                if spec:
                    self._call(node, *spec, printed=False)
            elif t == "object_creation_expression":
                self._exception(node)

    def _excluded(self, node) -> bool:
        """Inside a log call or a developer exception."""
        code = self.code
        parent = node.parent
        while parent is not None and parent.type not in _STOP:
            t = parent.type
            if t == "function_call_expression":
                if is_log_call(None, _name(code, parent.child_by_field_name("function"))):
                    return True
            elif t in ("member_call_expression", "nullsafe_member_call_expression"):
                if is_log_call(_name(code, parent.child_by_field_name("object")) or "",
                               _name(code, parent.child_by_field_name("name"))):
                    return True
            elif t == "scoped_call_expression":
                if is_log_call(_name(code, parent.child_by_field_name("scope")) or "",
                               _name(code, parent.child_by_field_name("name"))):
                    return True
            elif t == "object_creation_expression":
                if _class_name(code, parent) in DEVELOPER_EXCEPTIONS:
                    return True
            parent = parent.parent
        return False

    def _call(self, node, positions: tuple[int, ...], keyed: bool, printed: bool) -> None:
        args = arguments(node.child_by_field_name("arguments"))
        if not args or self._excluded(node):
            return
        for i in positions:
            if i >= len(args):
                break
            value = literal(self.code, args[i])
            if value is None:
                continue
            if keyed and i == 0 and reads_as_key(value.text):
                self.strings.key_or_text(args[i], value)
                continue
            s, e = self.code.span(node)
            self.found.append((s, e, value, printed))
            self.strings.text(value)

    def _exception(self, node) -> None:
        name = _class_name(self.code, node)
        if not name or not name.endswith("Exception") or name in DEVELOPER_EXCEPTIONS or self._excluded(node):
            return
        args = arguments(next((c for c in node.named_children if c.type == "arguments"), None))
        if not args:
            return
        value = literal(self.code, args[0])
        if value is not None and " " in value.text.strip() and not reads_as_key(value.text):
            self.strings.text(value, context="exception")


def _class_name(code: Code, node) -> str | None:
    for child in node.named_children:
        if child.type in ("name", "qualified_name"):
            return _name(code, child)
    return None


# --- Laravel language files ------------------------------------------------------------------------

def _is_language_file(path: str) -> bool:
    parts = [p.lower() for p in PurePosixPath(path).parts[:-1]]
    return "lang" in parts or "language" in parts or "languages" in parts


def _language_lines(code: Code, strings: Strings) -> None:
    """``return ['failed' => 'These credentials…', 'custom' => [...]]``: the values, keyed by path."""
    for node in code.root.named_children:
        if node.type == "return_statement":
            for child in node.named_children:
                if child.type == "array_creation_expression":
                    _array(code, child, "", strings)


def _array(code: Code, node, prefix: str, strings: Strings) -> None:
    for element in node.named_children:
        if element.type != "array_element_initializer" or not element.named_children:
            continue
        parts = element.named_children
        key = ""
        if len(parts) >= 2:
            k = literal(code, parts[0])
            key = k.text if k is not None else code.text_of(parts[0])
        value = parts[-1]
        path = f"{prefix}.{key}" if prefix and key else (key or prefix)
        if value.type == "array_creation_expression":
            _array(code, value, path, strings)
            continue
        text = literal(code, value)
        if text is not None:
            strings.text(text, key=path or None)


# --- templates -------------------------------------------------------------------------------------

def _template_spans(code: Code, texts, reader: _Reader):
    """Template spans for the HTML reader: each PHP block between two runs of HTML.
    A block that prints exactly one translated string is read in place."""
    spans = []
    pos = 0
    bounds = [code.span(n) for n in texts] + [(len(code.text), len(code.text))]
    text = code.text
    for s, e in bounds:
        start, end = pos, s
        while start < end and text[start].isspace():  # spaces around ?> belong to the HTML
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append(_php_block(code, start, end, reader))
        pos = max(pos, e)
    return spans


def _php_block(code: Code, start: int, end: int, reader: _Reader):
    inside = [f for f in reader.found if start <= f[0] and f[1] <= end]
    prints = any(start <= p < end for p in reader.prints) or any(f[3] for f in inside)
    if len(inside) == 1 and prints:
        value = inside[0][2]
        reader.strings.segments = [seg for seg in reader.strings.segments
                                   if not (start <= seg.starts[0] < end)]
        return (start, end, "literal", value)
    return (start, end, "value" if prints else "control", "")


def _read_html(source: SourceFile, spans) -> list:
    from voicecheck.sources.markup import read_html

    try:
        segments, _ = read_html(source, 0, len(source.text), spans, extra=LARAVEL_PLACEHOLDER)
    except ContentError:
        return []  # HTML split across PHP files (a header opens what a footer closes): the strings still count
    return segments


# --- Blade -------------------------------------------------------------------------------------------

def _blade(source: SourceFile) -> Parsed:
    text = source.text
    parsed = Parsed(source)
    spans: list[tuple] = []
    loose = parsed  # strings found in echoes and directives that are not read in place
    pos, n = 0, len(text)
    while pos < n:
        i = _next_blade(text, pos)
        if i < 0:
            break
        if text.startswith("{{--", i):
            e = _find(source, text, "--}}", i + 4, "Blade comment '{{--'") + 4
            body = text[i + 4:e - 4].strip()
            parsed.comments.append(Comment(body, source.position(i).line, source.position(e - 1).line))
            spans.append((i, e, "comment", ""))
        elif text.startswith("{!!", i) or text.startswith("{{", i):
            raw = text.startswith("{!!", i)
            close = "!!}" if raw else "}}"
            e = _find(source, text, close, i + (3 if raw else 2), f"Blade echo '{text[i:i + (3 if raw else 2)]}'")
            spans.append(_echo(source, i, i + (3 if raw else 2), e, e + len(close), loose))
            e += len(close)
        elif text.startswith("<?php", i) or text.startswith("<?=", i):
            close = text.find("?>", i)
            e = n if close < 0 else close + 2
            spans.append(_php_region(source, i, e, e if close < 0 else close, loose, "value"))
        else:  # @directive
            e, found = _directive(source, text, i, loose)
            spans.extend(found)
        pos = max(e, i + 1)
    from voicecheck.sources.markup import read_html

    try:
        segments, html_comments = read_html(source, 0, n, spans, extra=LARAVEL_PLACEHOLDER)
    except ContentError:
        segments, html_comments = [], []
    parsed.segments.extend(segments)
    parsed.comments.extend(html_comments)
    parsed.segments.sort(key=lambda seg: seg.starts[0])
    parsed.comments.sort(key=lambda c: (c.line, c.end_line))
    return parsed


def _next_blade(text: str, pos: int) -> int:
    best = -1
    for token in ("{{", "{!!", "<?php", "<?=", "@"):
        i = text.find(token, pos)
        while token == "@" and i >= 0 and not _directive_start(text, i):
            i = text.find(token, i + 1)
        while token == "{{" and i > 0 and text[i - 1] == "@":  # @{{ is printed as is
            i = text.find(token, i + 2)
        if i >= 0 and (best < 0 or i < best):
            best = i
    return best


def _directive_start(text: str, i: int) -> bool:
    """``@word`` not preceded by a word character (so ``support@example.com`` is text)."""
    if i > 0 and (text[i - 1].isalnum() or text[i - 1] in "_@.-"):
        return False
    return i + 1 < len(text) and (text[i + 1].isalpha() or text[i + 1] == "_")


def _find(source: SourceFile, text: str, close: str, start: int, what: str) -> int:
    e = text.find(close, start)
    if e < 0:
        p = source.position(start)
        raise ContentError(source.path, f"unclosed {what}: no matching '{close}' before the end of the file",
                           p.line, p.column)
    return e


def _expression(source: SourceFile, start: int, end: int, prefix: str, suffix: str) -> tuple[Code, _Reader]:
    program = prefix + source.text[start:end] + suffix
    code = Code(source, "php", program=program, delta=start - len(prefix))
    reader = _Reader(code)
    reader.read(code.root)
    return code, reader


def _echo(source: SourceFile, start: int, inner: int, inner_end: int, end: int, loose: Parsed):
    code, reader = _expression(source, inner, inner_end, "<?php echo ", ";")
    return _inline_or_value(start, end, reader, loose)


def _php_region(source: SourceFile, start: int, end: int, code_end: int, loose: Parsed, kind: str):
    code, reader = _expression(source, start, code_end, "", "")
    return _inline_or_value(start, end, reader, loose, kind)


def _inline_or_value(start: int, end: int, reader: _Reader, loose: Parsed, kind: str = "value"):
    loose.lookups.extend(reader.strings.lookups)
    if len(reader.found) == 1 and len(reader.strings.segments) == 1 and kind == "value":
        return (start, end, "literal", reader.found[0][2])
    loose.segments.extend(reader.strings.segments)
    return (start, end, kind if not reader.strings.lookups else "value", "")


def _directive(source: SourceFile, text: str, i: int, loose: Parsed) -> tuple[int, list[tuple]]:
    j = i + 1
    while j < len(text) and (text[j].isalnum() or text[j] == "_"):
        j += 1
    low = text[i + 1:j].lower()
    k = j
    while k < len(text) and text[k] in " \t":
        k += 1
    args_end = _balanced(text, k) if k < len(text) and text[k] == "(" else None
    if low == "php" and args_end is None:
        close = text.find("@endphp", j)
        end = len(text) if close < 0 else close + len("@endphp")
        return end, [_php_region(source, i, end, close if close >= 0 else len(text), loose, "control")]
    if low == "verbatim":  # printed as written: read as text up to @endverbatim
        close = text.find("@endverbatim", j)
        if close < 0:
            return j, [(i, j, "control", "")]
        return close + len("@endverbatim"), [(i, j, "control", ""), (close, close + len("@endverbatim"), "control", "")]
    if low in ("lang", "choice") and args_end is not None:
        _, reader = _expression(source, k, args_end, "<?php __", ";")
        return args_end, [_inline_or_value(i, args_end, reader, loose)]
    end = args_end if args_end is not None else j
    if args_end is not None:  # arguments may hold translated strings too: @include('x', ['title' => __('Hi')])
        _, reader = _expression(source, k, args_end, "<?php f", ";")
        loose.segments.extend(reader.strings.segments)
        loose.lookups.extend(reader.strings.lookups)
    return end, [(i, end, "boundary" if low in _BLADE_BOUNDARY else "control", low)]


def _balanced(text: str, i: int) -> int | None:
    """End of the parenthesized argument list starting at ``text[i] == '('`` (quotes respected)."""
    depth = 0
    quote = None
    j = i
    while j < len(text):
        c = text[j]
        if quote:
            if c == "\\":
                j += 2
                continue
            if c == quote:
                quote = None
        elif c in "'\"":
            quote = c
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return j + 1
        elif c == "\n" and depth == 0:
            return None
        j += 1
    return None
