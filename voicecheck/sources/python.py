"""Python: gettext-marked strings (Django, Flask-Babel, plain gettext).

Read with tree-sitter's Python grammar (the ``code`` extra): the text
arguments of ``_()``, ``gettext()``, ``gettext_lazy()``, ``gettext_noop()``,
``ugettext*()``, ``lazy_gettext()``, ``ngettext()``/``ngettext_lazy()`` (singular
and plural), ``pgettext()``/``pgettext_lazy()`` (not the context) and
``npgettext()``; also called as attributes (``translation.gettext``). Implicit
concatenation (``_("One " "message")``) and triple-quoted strings are one
string; f-string fields are placeholders. ``%(name)s``, ``%s`` and ``{name}``
are masked.

Never read: anything inside a log call (``logger.warning(…)``, ``logging.info``)
or a developer exception (``raise ValueError(_("…"))``), docstrings, comments,
any unmarked literal. ``#`` comments hold suppression directives.
"""
from __future__ import annotations

from voicecheck.segments import SourceFile
from voicecheck.sources.base import Parsed
from voicecheck.sources.codestrings import (
    DEVELOPER_EXCEPTIONS, Code, Strings, arguments, comments, is_log_call, literal, walk,
)

#: gettext functions: which positional arguments hold text.
CALLS: dict[str, tuple[int, ...]] = {
    "_": (0,), "gettext": (0,), "gettext_lazy": (0,), "gettext_noop": (0,), "ugettext": (0,),
    "ugettext_lazy": (0,), "ugettext_noop": (0,), "lazy_gettext": (0,), "_l": (0,), "_lazy": (0,),
    "ngettext": (0, 1), "ngettext_lazy": (0, 1), "ungettext": (0, 1), "ungettext_lazy": (0, 1),
    "lazy_ngettext": (0, 1), "pgettext": (1,), "pgettext_lazy": (1,), "npgettext": (1, 2),
    "npgettext_lazy": (1, 2),
}
_STOP = frozenset({"module", "block", "class_definition", "function_definition"})


def parse(source: SourceFile) -> Parsed:
    code = Code(source, "python")
    strings = Strings(code, [], [])
    for node in walk(code.root):
        if node.type == "call":
            obj, name = _callee(code, node)
            if name in CALLS and (obj is None or obj in ("translation", "gettext", "i18n", "babel")):
                _call(code, node, CALLS[name], strings)
    strings.segments.sort(key=lambda seg: seg.starts[0])
    return Parsed(source, strings.segments, comments(code), strings.lookups)


def _callee(code: Code, node) -> tuple[str | None, str | None]:
    fn = node.child_by_field_name("function")
    if fn is None:
        return None, None
    if fn.type == "identifier":
        return None, code.text_of(fn)
    if fn.type == "attribute":
        obj = fn.child_by_field_name("object")
        attr = fn.child_by_field_name("attribute")
        obj_name = ""
        if obj is not None:
            obj_name = code.text_of(obj).rsplit(".", 1)[-1]
        return obj_name, code.text_of(attr) if attr is not None else None
    return None, None


def _excluded(code: Code, node) -> bool:
    parent = node.parent
    while parent is not None and parent.type not in _STOP:
        if parent.type == "call":
            obj, name = _callee(code, parent)
            if is_log_call(obj, name) or (obj is None and name in DEVELOPER_EXCEPTIONS):
                return True
        parent = parent.parent
    return False


def _call(code: Code, node, positions: tuple[int, ...], strings: Strings) -> None:
    args = [a for a in arguments(node.child_by_field_name("arguments")) if a.type != "keyword_argument"]
    if not args or _excluded(code, node):
        return
    for i in positions:
        if i < len(args):
            value = literal(code, args[i], concat_ops=frozenset({"+"}))
            if value is not None:
                strings.text(value)
