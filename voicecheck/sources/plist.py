"""Apple property lists (``Info.plist``): the strings an app shows its users.

Read: the ``<string>`` values of the permission prompts (``NS…UsageDescription``,
such as ``NSCameraUsageDescription``), of the app's names
(``CFBundleDisplayName``, ``CFBundleName``, ``CFBundleSpokenName``) and of
``NSHumanReadableCopyright``, each keyed by its key; anywhere in the file (a
prompt nested in a dictionary is read too). Every other key and value
(identifiers, versions, URL schemes) is configuration, not text. XML
comments hold suppression directives. Localized prompts live in
``InfoPlist.strings``, read as ``.strings``.
"""
from __future__ import annotations

from voicecheck.segments import SourceFile
from voicecheck.sources.base import ContentError, Parsed
from voicecheck.sources.xmlfile import _content, _emit, _Reader

NAME_KEYS = frozenset({"CFBundleDisplayName", "CFBundleName", "CFBundleSpokenName", "NSHumanReadableCopyright"})


def is_user_facing(key: str) -> bool:
    return key in NAME_KEYS or (key.startswith("NS") and key.endswith("UsageDescription"))


def parse(source: SourceFile) -> Parsed:
    parsed = Parsed(source)
    root = _Reader(source, parsed.comments).read()
    if root.local != "plist":
        pos = source.position(root.start)
        raise ContentError(source.path, f"not a property list (root <{root.name}>, expected <plist>)",
                           pos.line, pos.column)
    stack = [root]
    while stack:
        el = stack.pop()
        children = el.elements()
        for i, child in enumerate(children):
            if child.local == "key" and i + 1 < len(children) and children[i + 1].local == "string":
                key = _content(child, set()).build().text.strip()
                if is_user_facing(key):
                    _emit(source, parsed, _content(children[i + 1], set()).build(), key)
            elif child.local in ("dict", "array"):
                stack.append(child)
    parsed.segments.sort(key=lambda seg: seg.starts[0])
    return parsed
