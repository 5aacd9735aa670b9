"""Content sources: read a file, pick its parser, return segments and comments.

Each format family has one module exposing ``parse(source) -> Parsed``. The
table below maps file names to those modules; modules are imported lazily so
a run only pays for the formats it meets.
"""
from __future__ import annotations

import codecs
import importlib
import os
import importlib.util
import re
from functools import cache
from pathlib import Path

from voicecheck.segments import SourceFile
from voicecheck.sources.base import Comment, ContentError, Parsed, UnsupportedFormat

__all__ = ["Comment", "ContentError", "Parsed", "UnsupportedFormat", "parse", "parser_for", "read_source",
           "SUFFIXES", "MAX_BYTES", "CODE_MODULES", "file_kind", "readable", "unreadable_reason"]

# suffix -> module under voicecheck.sources
SUFFIXES: dict[str, str] = {
    # email templates and HTML
    ".html": "markup", ".htm": "markup", ".xhtml": "markup", ".mjml": "markup",
    ".jinja": "markup", ".jinja2": "markup", ".j2": "markup", ".njk": "markup", ".twig": "markup",
    ".hbs": "markup", ".handlebars": "markup", ".mustache": "markup", ".liquid": "markup",
    ".erb": "markup", ".haml": "haml",
    # prose
    ".md": "markdown", ".markdown": "markdown", ".mdx": "markdown",
    ".txt": "text", ".text": "text",
    # UI strings and macros
    ".json": "jsonfile", ".arb": "jsonfile",
    ".yml": "yamlfile", ".yaml": "yamlfile",
    ".po": "gettext", ".pot": "gettext",
    ".xml": "xmlfile", ".xlf": "xmlfile", ".xliff": "xmlfile", ".resx": "xmlfile",
    ".strings": "apple",
    # strings in source code (the `code` extra: tree-sitter grammars), templates and app manifests
    ".php": "php",
    ".js": "javascript", ".jsx": "javascript", ".mjs": "javascript", ".cjs": "javascript",
    ".ts": "javascript", ".tsx": "javascript", ".mts": "javascript", ".cts": "javascript",
    ".py": "python",
    ".tpl": "markup", ".tmpl": "markup", ".gohtml": "markup",
    ".plist": "plist",
}
#: Parsers that need the optional tree-sitter grammars (``pip install 'voicecheck[code]'``).
CODE_MODULES = frozenset({"php", "javascript", "python"})
CODE_EXTRA_HINT = "install the code extra to read strings in source code: pip install 'voicecheck[code]'"

#: Files larger than this are refused with an error (configurable).
MAX_BYTES = 5 * 1024 * 1024

_PO_CHARSET = re.compile(rb'"Content-Type:[^"]*charset=([A-Za-z0-9_.:-]+)', re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding=["']([A-Za-z0-9_.:-]+)["']""")


_SEPARATORS = "/\\" if os.sep == "\\" else "/"


def _suffix(path: str) -> str:
    """``Path(path).name.lower()``'s suffix, without building paths (it is asked several times per file)."""
    name = path.rstrip(_SEPARATORS)
    for sep in _SEPARATORS:
        name = name.rpartition(sep)[2]
    name = name.lower()
    # template engines stack suffixes: welcome.html.erb, welcome.html.j2 -> the outer one decides
    i = name.rfind(".")
    return name[i:] if 0 < i < len(name) - 1 else ""


def file_kind(name: str) -> str:
    """The type of a file as reported to the user: its suffix (``.blade.php``
    for Blade), or ``(no suffix)``."""
    low = Path(name).name.lower()
    if low.endswith(".blade.php"):
        return ".blade.php"
    return Path(low).suffix or "(no suffix)"


@cache
def code_reader_available() -> bool:
    """Whether the tree-sitter runtime is installed (found, not imported)."""
    return importlib.util.find_spec("tree_sitter") is not None


def readable(name: str) -> bool:
    """Whether voicecheck can read a file of this name here (code files need the code extra)."""
    module = SUFFIXES.get(_suffix(name))
    if module is None:
        return False
    return module not in CODE_MODULES or code_reader_available()


def unreadable_reason(name: str) -> str:
    """Why a file of this name can't be read, and what to do (for a file named explicitly)."""
    kind = file_kind(name)
    if SUFFIXES.get(_suffix(name)) in CODE_MODULES:
        return f"{kind} files are source code; {CODE_EXTRA_HINT}"
    return f"unsupported file type {kind!r}; see `voicecheck formats` for the supported ones"


def parser_for(path: str):
    """The parser module for a file name, or None when the format is unsupported."""
    module = SUFFIXES.get(_suffix(path))
    if module is None:
        return None
    return importlib.import_module(f"voicecheck.sources.{module}")


def _decode(path: str, data: bytes) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise _not_valid(path, data, exc.start + 3, "utf-8") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # the byte order is kept as found, so --fix writes the file back as it was (BOM included)
        encoding = "utf-16-le" if data.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
        try:
            return data[2:].decode(encoding), encoding
        except UnicodeDecodeError as exc:
            raise ContentError(path, f"invalid UTF-16 text ({exc.reason})") from None
    if b"\x00" in data[:8192]:
        raise ContentError(path, "binary file (contains NUL bytes); not a text content file")
    declared = None
    m = _XML_ENCODING.match(data[:200])
    if m:
        declared = m.group(1).decode("ascii")
    elif path.lower().endswith((".po", ".pot")):
        m = _PO_CHARSET.search(data[:4096])
        if m and m.group(1).upper() != b"CHARSET":
            declared = m.group(1).decode("ascii")
    encoding = declared or "utf-8"
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise ContentError(path, f"unknown encoding {encoding!r} declared in the file", line=1) from None
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as exc:
        raise _not_valid(path, data, exc.start, encoding) from None


def _not_valid(path: str, data: bytes, at: int, encoding: str) -> ContentError:
    """The error for a byte at ``at`` that ``encoding`` can't decode, with its line and column."""
    line = data[:at].count(b"\n") + 1
    col = at - (data.rfind(b"\n", 0, at) + 1) + 1
    return ContentError(path, f"not valid {encoding} (byte 0x{data[at]:02x}); save the file as UTF-8",
                        line=line, column=col)


def read_source(abspath: Path, display: str, channel: str | None = None,
                max_bytes: int = MAX_BYTES) -> SourceFile:
    """Read and decode one content file. Raises ContentError with a one-line reason."""
    try:
        size = abspath.stat().st_size
        if size > max_bytes:
            raise ContentError(display, f"file is {size:,} bytes, over the {max_bytes:,}-byte limit "
                                        f"(raise max-file-size in the config to lint it)")
        data = abspath.read_bytes()
    except ContentError:
        raise
    except IsADirectoryError:
        raise ContentError(display, "is a folder, not a file") from None
    except PermissionError:
        raise ContentError(display, "permission denied; cannot read the file") from None
    except OSError as exc:
        raise ContentError(display, f"cannot read: {exc.strerror or exc}") from None
    text, encoding = _decode(display, data)
    return SourceFile(display, text, abspath=abspath, channel=channel, encoding=encoding)


def parse(source: SourceFile) -> Parsed:
    """Segments and comments of one source file."""
    module = parser_for(source.path)
    if module is None:
        raise UnsupportedFormat(source.path, f"unsupported file type {_suffix(source.path) or '(no suffix)'!r}; "
                                             f"exclude it in the config or name a supported file")
    if not source.text.strip():
        return Parsed(source)  # an empty file has nothing to read, in any format
    return module.parse(source)
