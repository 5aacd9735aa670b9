"""JavaScript, TypeScript, JSX and TSX: the English in the code.

Read with tree-sitter's JavaScript, TypeScript and TSX grammars (the ``code``
extra):

- i18next / vue-i18n style calls ``t('…')``, ``i18n.t``, ``i18next.t``,
  ``this.t``, ``$t``: an argument that reads as a key (``settings.title``) is
  looked up in the project's locale file (``locales:`` in the config) and
  reported at the call; one that reads as text is the text.
- WordPress ``@wordpress/i18n``: ``__``, ``_x`` (not the context), ``_n``/``_nx``
  (singular and plural); never the text domain.
- react-intl: ``defineMessages({ key: 'Text' | { defaultMessage: 'Text' } })``,
  ``defineMessage``, ``intl.formatMessage({ defaultMessage })``,
  ``<FormattedMessage defaultMessage="…" />``; a ``formatMessage(messages.x)``
  reference is read where the message is defined. ``<Trans>`` reads its
  children; ``<Trans i18nKey="…">`` is looked up.
- literal JSX text (``<p>Select a Tab</p>``, one string per element, ``{expr}``
  a placeholder) and the ``alt``, ``title``, ``placeholder``, ``aria-label``
  and ``label`` attributes when they are string literals.
- API error messages: a ``message: 'Something went wrong.'`` property whose
  value is a sentence.

Never read: anything inside ``console.*``/``logger.*`` calls or ``new Error(…)``,
``className`` and other attributes, imports, object keys, URLs, any other
literal. ICU arguments ``{name}``, plurals and rich-text tags
(``<WebhookLink>…</WebhookLink>``) in messages are masked, their text kept.
"""
from __future__ import annotations

from pathlib import Path

from voicecheck.segments import SourceFile, TextBuilder
from voicecheck.sources.base import Parsed
from voicecheck.sources.codestrings import (
    DEVELOPER_EXCEPTIONS, Code, Strings, arguments, comments, is_log_call, literal, reads_as_key, walk,
)
from voicecheck.sources.inline import Decoded, emit

#: Calls whose first argument is a key or the text itself.
KEY_CALLS = frozenset({"t", "$t", "tc", "$tc", "translate"})
#: WordPress @wordpress/i18n: which arguments hold text.
WP_CALLS = {"__": (0,), "_x": (0,), "_n": (0, 1), "_nx": (0, 1)}
MESSAGE_CALLS = frozenset({"defineMessages"})
DEFINE_ONE = frozenset({"defineMessage", "formatMessage", "$formatMessage"})
READABLE_ATTRIBUTES = frozenset({"alt", "title", "placeholder", "aria-label", "label", "defaultMessage"})
_STOP = frozenset({"program", "statement_block", "class_body"})
_GRAMMAR = {".ts": "typescript", ".mts": "typescript", ".cts": "typescript", ".tsx": "tsx"}


def parse(source: SourceFile) -> Parsed:
    code = Code(source, _GRAMMAR.get(Path(source.path).suffix.lower(), "javascript"))
    strings = Strings(code, [], [])
    reader = _Reader(code, strings)
    for node in walk(code.root):
        reader.visit(node)
    strings.segments.sort(key=lambda seg: seg.starts[0])
    return Parsed(source, strings.segments, comments(code), strings.lookups)


def _callee(code: Code, node) -> tuple[str | None, str | None]:
    """(object, name) of a call: ``t`` → (None, 't'), ``i18n.t`` → ('i18n', 't'),
    ``this.logger.info`` → ('logger', 'info')."""
    fn = node.child_by_field_name("function")
    if fn is None:
        return None, None
    if fn.type == "identifier":
        return None, code.text_of(fn)
    if fn.type == "member_expression":
        obj = fn.child_by_field_name("object")
        prop = fn.child_by_field_name("property")
        obj_name = None
        if obj is not None:
            if obj.type == "member_expression":
                inner = obj.child_by_field_name("property")
                obj_name = code.text_of(inner) if inner is not None else None
            elif obj.type in ("identifier", "this"):
                obj_name = code.text_of(obj)
            else:
                obj_name = ""
        return obj_name, code.text_of(prop) if prop is not None else None
    return None, None


class _Reader:
    def __init__(self, code: Code, strings: Strings):
        self.code = code
        self.strings = strings

    def visit(self, node) -> None:
        t = node.type
        if t == "call_expression":
            self._call(node)
        elif t in ("jsx_element",):
            self._jsx_text(node)
        elif t in ("jsx_opening_element", "jsx_self_closing_element"):
            self._jsx_attributes(node)
        elif t == "pair":
            self._message_pair(node)

    def _excluded(self, node) -> bool:
        parent = node.parent
        while parent is not None and parent.type not in _STOP:
            if parent.type == "call_expression":
                obj, name = _callee(self.code, parent)
                if is_log_call(obj, name):
                    return True
            elif parent.type == "new_expression":
                ctor = parent.child_by_field_name("constructor")
                if ctor is not None and self.code.text_of(ctor).rsplit(".", 1)[-1] in DEVELOPER_EXCEPTIONS:
                    return True
            elif parent.type == "throw_statement":
                return True
            parent = parent.parent
        return False

    # calls
    def _call(self, node) -> None:
        obj, name = _callee(self.code, node)
        if name is None:
            return
        args = arguments(node.child_by_field_name("arguments"))
        if not args:
            return
        if name in KEY_CALLS and obj in (None, "i18n", "i18next", "this", "props", "$i18n", "vm", "ctx", "app"):
            value = literal(self.code, args[0], concat_ops=frozenset({"+"}))
            if value is not None and not self._excluded(node):
                self.strings.key_or_text(args[0], value)
        elif name in WP_CALLS and obj is None:
            if self._excluded(node):
                return
            for i in WP_CALLS[name]:
                if i < len(args):
                    value = literal(self.code, args[i], concat_ops=frozenset({"+"}))
                    if value is not None:
                        self.strings.text(value)
        elif name in MESSAGE_CALLS and args[0].type == "object":
            for pair in args[0].named_children:
                if pair.type != "pair":
                    continue
                value = pair.child_by_field_name("value")
                key = pair.child_by_field_name("key")
                key_text = self.code.text_of(key).strip("'\"") if key is not None else None
                if value is not None and value.type == "object":
                    self._descriptor(value, key_text)
                elif value is not None:
                    text = literal(self.code, value, concat_ops=frozenset({"+"}))
                    if text is not None:
                        self.strings.text(text, key=key_text)
        elif name in DEFINE_ONE and args[0].type == "object":
            self._descriptor(args[0], None)

    def _descriptor(self, obj, key: str | None) -> None:
        """``{ id: 'x', defaultMessage: 'Text', description: '…' }``: the default message."""
        for pair in obj.named_children:
            if pair.type != "pair":
                continue
            k = pair.child_by_field_name("key")
            if k is not None and self.code.text_of(k).strip("'\"") == "defaultMessage":
                value = literal(self.code, pair.child_by_field_name("value"), concat_ops=frozenset({"+"}))
                if value is not None:
                    self.strings.text(value, key=key)

    def _message_pair(self, pair) -> None:
        """``{ message: 'Something went wrong. Try again.' }``: an API error a client shows."""
        k = pair.child_by_field_name("key")
        v = pair.child_by_field_name("value")
        if k is None or v is None or self.code.text_of(k).strip("'\"") != "message":
            return
        if pair.parent is not None and pair.parent.parent is not None \
                and pair.parent.parent.type == "arguments" and pair.parent.parent.parent is not None \
                and _callee(self.code, pair.parent.parent.parent)[1] in MESSAGE_CALLS | DEFINE_ONE:
            return
        value = literal(self.code, v, concat_ops=frozenset({"+"}))
        if value is None or " " not in value.text.strip() or not value.text[:1].isupper():
            return
        if not self._excluded(pair):
            self.strings.text(value, context="message")

    # JSX
    def _jsx_attributes(self, node) -> None:
        name_node = node.child_by_field_name("name")
        tag = self.code.text_of(name_node) if name_node is not None else ""
        for attr in node.named_children:
            if attr.type != "jsx_attribute" or not attr.named_children:
                continue
            name = self.code.text_of(attr.named_children[0])
            value = attr.named_children[-1] if attr.named_child_count > 1 else None
            if value is None:
                continue
            if value.type == "jsx_expression" and value.named_child_count == 1:
                value = value.named_children[0]
            if tag == "Trans" and name == "i18nKey":
                text = literal(self.code, value)
                if text is not None:
                    self.strings.key_or_text(value, text)
                continue
            if name not in READABLE_ATTRIBUTES or self._excluded(node):
                continue
            text = literal(self.code, value, concat_ops=frozenset({"+"}))
            if text is not None and not reads_as_key(text.text):
                self.strings.text(text, context="text" if name == "defaultMessage" else f"attribute:{name}")

    def _jsx_text(self, element) -> None:
        """The text directly inside one element, ``{expr}`` masked: one string."""
        if not any(c.type == "jsx_text" and any(ch.isalpha() for ch in self.code.text_of(c))
                   for c in element.named_children):
            return
        if self._excluded(element):
            return
        b = TextBuilder(self.code.source)
        for child in element.named_children:
            t = child.type
            if t in ("jsx_opening_element", "jsx_closing_element"):
                continue
            s, e = self.code.span(child)
            if t == "jsx_text":
                emit(b, Decoded.verbatim(self.code.text[s:e], s), tags=False, icu=False)
            elif t == "html_character_reference":
                emit(b, Decoded.verbatim(self.code.text[s:e], s), tags=False, icu=False, entities=True)
            elif t == "jsx_expression":
                inner = child.named_children[0] if child.named_child_count == 1 else None
                text = literal(self.code, inner) if inner is not None else None
                if text is not None:  # {' '}, {"text"}
                    emit(b, text, tags=False, icu=False)
                elif inner is None or inner.type == "comment":
                    b.add_break(s)
                else:
                    b.add_placeholder(s, e)
            else:  # a child element: its own string
                b.add_break(s)
        seg = b.build(context="text")
        if seg is not None:
            self.strings.segments.append(seg)
