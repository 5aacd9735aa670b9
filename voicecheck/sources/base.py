"""What every format parser returns, and the error it raises on bad input."""
from __future__ import annotations

from dataclasses import dataclass, field

from voicecheck.segments import Segment, SourceFile


@dataclass(frozen=True)
class Comment:
    """A comment in the file's own syntax; suppression directives live here."""

    text: str
    line: int  # 1-based line where the comment starts
    end_line: int  # 1-based line where it ends


@dataclass(frozen=True)
class Lookup:
    """A string named by key in code or a template (``t('settings.title')``,
    ``{{ L.T "email.optin.confirmSub" }}``): the engine resolves it through the
    project's source-locale file and reports what it finds at the call."""

    key: str
    start: int  # source span of the key (the string literal) in the file that names it
    end: int
    context: str = "text"
    fallback: Segment | None = None  # the argument read as text, used when the key is not in the locale file


@dataclass(frozen=True)
class Bitext:
    """A translation and the source it translates, from the same unit of a bilingual
    file (an XLIFF ``<target>`` and its ``<source>``). ``target`` is one of the file's
    segments; ``source`` is not checked, only compared with it (VC304)."""

    target: Segment
    source: Segment
    language: str | None = None  # the file's target language (XLIFF target-language / trgLang)


@dataclass
class Parsed:
    source: SourceFile
    segments: list[Segment] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    lookups: list[Lookup] = field(default_factory=list)
    bitext: list[Bitext] = field(default_factory=list)


class ContentError(Exception):
    """A content file that can't be read or parsed. Rendered as one line:
    ``path:line:col: message``."""

    def __init__(self, path: str, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.path = path
        self.message = message
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


class UnsupportedFormat(ContentError):
    """No parser for this file type."""
