"""What the source-code readers share: tree-sitter grammars, exact positions,
string literals decoded with their source map, and what counts as user-facing.

Code is parsed with tree-sitter and the official grammar packages (the
``code`` extra); nothing here searches code with regular expressions. A
reader walks the syntax tree, finds the calls and elements that carry text
(``__('…')``, ``t('…')``, ``<Trans>``, ``_("…")``…) and decodes their string
literals into :class:`~voicecheck.sources.inline.Decoded`: each character with
the span of the file it came from (an escape maps to the whole escape, an
interpolation such as ``$name``, ``${x}`` or ``{b}`` becomes one placeholder).
The string *values* are then masked like any UI string (``%s``, ``{count}``,
``:name``, ``{{ var }}``, URLs, inline tags).

tree-sitter reports byte offsets of the UTF-8 text; :class:`Code` maps them
back to character offsets of the decoded file.

What is not read, wherever it sits: strings inside log calls (an object or
function whose name says *log*, ``console``), inside developer exceptions
(``LogicException``, ``InvalidArgumentException``, ``ValueError``…), keys,
translator contexts and text domains (the readers only take the argument
positions that hold text), and any other literal (CSS classes, SQL, URLs,
identifiers), since only text-carrying calls and elements are read.
"""
from __future__ import annotations

import bisect
import codecs
import html
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from voicecheck.segments import PLACEHOLDER, Segment, SourceFile
from voicecheck.sources.base import ContentError, Lookup
from voicecheck.sources.inline import Decoded, emit_segment

_NON_ASCII = re.compile(r"[^\x00-\x7f]")

#: Exceptions that speak to programmers, not users: text passed to them is never read.
DEVELOPER_EXCEPTIONS = frozenset({
    "LogicException", "RuntimeException", "InvalidArgumentException", "DomainException", "LengthException",
    "OutOfRangeException", "OutOfBoundsException", "RangeException", "OverflowException", "UnderflowException",
    "UnexpectedValueException", "BadMethodCallException", "BadFunctionCallException", "TypeError", "ValueError",
    "KeyError", "AttributeError", "AssertionError", "NotImplementedError", "IndexError", "LookupError",
    "ImproperlyConfigured", "SyntaxError", "ReferenceError", "RangeError", "EvalError", "URIError",
    "InternalError", "Error", "_doing_it_wrong",
})
#: Functions that write to a log (no object): their text is for operators.
LOG_FUNCTIONS = frozenset({"error_log", "trigger_error", "log", "debug", "print_r", "var_dump", "dd", "dump",
                           "_doing_it_wrong", "wp_trigger_error"})
#: Method names of loggers.
LOG_METHODS = frozenset({"log", "debug", "info", "notice", "warn", "warning", "error", "critical", "alert",
                         "emergency", "exception", "fatal", "trace", "verbose", "silly", "http"})


@cache
def grammar(name: str):
    """The tree-sitter parser for ``php``, ``javascript``, ``typescript``, ``tsx`` or ``python``."""
    import tree_sitter

    if name == "php":
        import tree_sitter_php as mod

        lang = mod.language_php()
    elif name == "javascript":
        import tree_sitter_javascript as mod

        lang = mod.language()
    elif name in ("typescript", "tsx"):
        import tree_sitter_typescript as mod

        lang = mod.language_tsx() if name == "tsx" else mod.language_typescript()
    elif name == "python":
        import tree_sitter_python as mod

        lang = mod.language()
    else:  # pragma: no cover - a programming error
        raise ValueError(f"no grammar {name!r}")
    return tree_sitter.Parser(tree_sitter.Language(lang))


def require_grammar(source: SourceFile, name: str):
    """:func:`grammar`, or a one-line ContentError naming the extra to install."""
    try:
        return grammar(name)
    except ImportError:
        from voicecheck.sources import CODE_EXTRA_HINT

        raise ContentError(source.path, f"{name} source code can't be read here; {CODE_EXTRA_HINT}") from None


class Code:
    """A source file parsed with tree-sitter, with byte → character offsets."""

    def __init__(self, source: SourceFile, grammar_name: str, program: str | None = None, delta: int = 0):
        """Parse ``source.text``, or ``program``: a small program wrapped around
        one piece of the file (a Blade echo), whose character ``i`` is the
        file's character ``i + delta``."""
        self.source = source
        self.text = source.text
        program = self.text if program is None else program
        self.program = program
        self.delta = delta
        data = program.encode("utf-8", "surrogatepass")
        # for each non-ASCII character: the byte offset just past it, and the extra bytes so far
        self._ends: list[int] = []
        self._extra: list[int] = []
        extra = 0
        for m in _NON_ASCII.finditer(program):
            extra += len(m.group().encode("utf-8", "surrogatepass")) - 1
            self._ends.append(m.start() + 1 + extra)
            self._extra.append(extra)
        self.tree = require_grammar(source, grammar_name).parse(data)
        self.root = self.tree.root_node

    def at(self, byte: int) -> int:
        """Character offset in the file of a byte offset of the parsed program."""
        if not self._ends:
            return byte + self.delta
        i = bisect.bisect_right(self._ends, byte)
        return byte - (self._extra[i - 1] if i else 0) + self.delta

    def span(self, node) -> tuple[int, int]:
        return self.at(node.start_byte), self.at(node.end_byte)

    def text_of(self, node) -> str:
        """The node's text as parsed (in a wrapped program, the wrapper's names too)."""
        s, e = self.span(node)
        return self.program[s - self.delta:e - self.delta]


# --- string literals ------------------------------------------------------------------------------

_CONTENT = frozenset({"string_content", "string_fragment", "heredoc_body", "nowdoc_body", "nowdoc_string",
                      "string_value"})
_SKIP = frozenset({"string_start", "string_end", "heredoc_start", "heredoc_end", "nowdoc_start", "nowdoc_end",
                   "comment"})
STRING_TYPES = frozenset({"string", "encapsed_string", "heredoc", "nowdoc", "template_string",
                          "concatenated_string"})


def unescape(esc: str) -> str:
    """The character(s) an escape sequence stands for (``\\n``, ``\\x27``, ``\\u00e9``, ``\\u{1F600}``…)."""
    body = esc[1:]
    if not body or body[0] in "\r\n":
        return ""  # a line continuation
    if body.startswith("u{") and body.endswith("}"):
        try:
            return chr(int(body[2:-1], 16))
        except (ValueError, OverflowError):
            return body
    if body.startswith("N{") and body.endswith("}"):
        try:
            return unicodedata.lookup(body[2:-1])
        except KeyError:
            return body
    try:
        value = codecs.decode(esc, "unicode_escape")
    except (UnicodeDecodeError, ValueError):
        return body
    return body if value == esc else value


def literal(code: Code, node, *, concat_ops: frozenset[str] = frozenset({".", "+"})) -> Decoded | None:
    """The decoded text of a string literal, a concatenation of literals (other
    operands become placeholders) or a parenthesized literal; None when ``node``
    holds no literal text at all (a variable, a call)."""
    out = Decoded()
    if not _literal(code, node, out, concat_ops):
        return None
    return out


def _literal(code: Code, node, out: Decoded, ops) -> bool:
    t = node.type
    if t == "parenthesized_expression" and node.named_child_count == 1:
        return _literal(code, node.named_children[0], out, ops)
    if t in ("binary_expression", "binary_operator"):
        op = node.child_by_field_name("operator")
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if op is not None and op.type in ops and left is not None and right is not None:
            mark = len(out.text)
            ok_left = _literal(code, left, out, ops)
            if not ok_left:
                _placeholder(code, left, out)
            ok_right = _literal(code, right, out, ops)
            if not ok_right:
                _placeholder(code, right, out)
            if not (ok_left or ok_right):
                del out.starts[mark:], out.ends[mark:]
                out.text = out.text[:mark]
                return False
            return True
        return False
    if t == "concatenated_string":
        for child in node.named_children:
            if child.type == "string":
                _string(code, child, out)
        return True
    if t not in STRING_TYPES:
        return False
    if t == "string" and node.child_count and node.children[0].type == "string_start":
        prefix = code.text_of(node.children[0]).lower()
        if "b" in prefix:
            return False  # bytes are not text
        if "r" in prefix:  # raw: no escapes
            s, e = code.at(node.children[0].end_byte), code.at(node.children[-1].start_byte)
            out.extend(Decoded.verbatim(code.text[s:e], s))
            return True
    _string(code, node, out)
    return True


def _string(code: Code, node, out: Decoded) -> None:
    for child in node.children:
        t = child.type
        if t in _CONTENT:
            _content(code, child, out)
        elif t == "escape_sequence":
            s, e = code.span(child)
            for ch in unescape(code.text[s:e]):
                out.append(ch, s, e)
        elif t == "html_character_reference":
            s, e = code.span(child)
            for ch in html.unescape(code.text[s:e]):
                out.append(ch, s, e)
        elif t == "heredoc_body":
            _content(code, child, out)
        elif not child.is_named or t in _SKIP:
            continue
        else:  # $name, {$a->b}, ${x}, {b}: a value filled in at run time
            _placeholder(code, child, out)


def _content(code: Code, node, out: Decoded) -> None:
    """A content node: its text, with nested escapes decoded and interpolations masked."""
    pos = code.at(node.start_byte)
    end = code.at(node.end_byte)
    for child in node.named_children:
        s, e = code.span(child)
        if s > pos:
            out.extend(Decoded.verbatim(code.text[pos:s], pos))
        if child.type == "escape_sequence":
            for ch in unescape(code.text[s:e]):
                out.append(ch, s, e)
        elif child.type in _CONTENT:
            _content(code, child, out)
        else:
            _placeholder(code, child, out)
        pos = max(pos, e)
    if end > pos:
        out.extend(Decoded.verbatim(code.text[pos:end], pos))


def _placeholder(code: Code, node, out: Decoded) -> None:
    s, e = code.span(node)
    out.append(PLACEHOLDER, s, max(e, s + 1))


# --- what a call or an element is -------------------------------------------------------------------

def reads_as_key(value: str) -> bool:
    """Whether a string argument is a key (``settings.title``, ``auth:failed``,
    ``user_not_found``, ``signInButton``) rather than text."""
    if not value or any(c.isspace() for c in value) or value[-1] in ".!?:…":
        return False
    if not all(c.isalnum() or c in "._:-/" for c in value):
        return False
    if any(sep in value.strip(".:-/") for sep in ".:/"):
        return True
    if "_" in value:
        return True
    return value[0].islower() and any(c.isupper() for c in value[1:])  # camelCase


def reads_as_text(value: str) -> bool:
    """Whether a string holds words a reader sees (not a key, class list, URL or code)."""
    return any(c.isalpha() for c in value) and not reads_as_key(value)


def is_log_call(object_name: str | None, name: str | None) -> bool:
    """``$this->logger->info``, ``Log::error``, ``console.warn``, ``logging.debug``, ``error_log``."""
    if name is None:
        return False
    low = name.lower()
    if object_name is None:
        return low in LOG_FUNCTIONS or low.endswith("_log") or low.startswith("log_")
    obj = object_name.lower()
    return ("log" in obj or obj == "console") and (low in LOG_METHODS or low.startswith("log"))


@dataclass
class Strings:
    """Collects the segments and key lookups a code reader finds."""

    code: Code
    segments: list[Segment]
    lookups: list[Lookup]
    placeholders: re.Pattern | None = None  # extra placeholder syntax of the language (Laravel ``:name``)

    def text(self, value: Decoded, *, context: str = "text", key: str | None = None, html: bool = True) -> None:
        seg = emit_segment(self.code.source, value, key=key, context=context, tags=html, entities=html,
                           extra=self.placeholders)
        if seg is not None:
            self.segments.append(seg)

    def key_or_text(self, node, value: Decoded, *, context: str = "text") -> None:
        """A string that is either a key of the locale file (``t('settings.title')``:
        looked up by the engine, reported at the call) or the text itself
        (``t('Save changes')``, ``__('Your Order is Confirmed!')``)."""
        if reads_as_key(value.text) and PLACEHOLDER not in value.text:
            s, e = self.code.span(node)
            self.lookups.append(Lookup(value.text, s, e, context))
        elif reads_as_text(value.text):
            self.text(value, context=context)


def walk(root):
    """Every node under ``root``, in document order (iterative: deep trees don't recurse)."""
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.children))


def comments(code: Code, types: frozenset[str] = frozenset({"comment"})):
    """The file's comments, for suppression directives (``// voicecheck: ignore[VC101]``)."""
    from voicecheck.sources.base import Comment

    out = []
    for node in walk(code.root):
        if node.type in types:
            s, e = code.span(node)
            body = code.text[s:e].strip()
            for opener, closer in (("/*", "*/"), ("//", ""), ("#", ""), ("<!--", "-->")):
                if body.startswith(opener) and body.endswith(closer):
                    body = body[len(opener):len(body) - len(closer)]
                    break
            out.append(Comment(body.strip(" *\t\r\n"), code.source.position(s).line,
                               code.source.position(max(e - 1, s)).line))
    return out


def arguments(node) -> list:
    """The argument expressions of a call's ``arguments``/``argument_list`` node
    (PHP wraps each in an ``argument`` node)."""
    if node is None:
        return []
    out = []
    for child in node.named_children:
        if child.type == "comment":
            continue
        if child.type == "argument" and child.named_child_count:
            named = [c for c in child.named_children if c.type != "name"]  # PHP 8 named arguments: name: value
            out.append(named[-1] if named else child.named_children[-1])
        else:
            out.append(child)
    return out
