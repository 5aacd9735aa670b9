"""Apply term substitutions to source files (``--fix``) or show them (``--diff``)."""
from __future__ import annotations

import codecs
import difflib
import os
import tempfile
from pathlib import Path

from voicecheck.findings import Finding
from voicecheck.segments import SourceFile


def plan(findings: list[Finding]) -> dict[str, list[Finding]]:
    """Fixable findings per path, non-overlapping, in file order."""
    out: dict[str, list[Finding]] = {}
    for f in sorted((f for f in findings if f.fix is not None), key=lambda f: (f.path, f.fix.start, f.fix.end)):
        chosen = out.setdefault(f.path, [])
        if chosen and chosen[-1].fix.end > f.fix.start:
            continue  # overlaps a fix already taken
        chosen.append(f)
    return out


def apply(source: SourceFile, findings: list[Finding]) -> str:
    text = source.text
    parts, pos = [], 0
    for f in findings:
        parts.append(text[pos:f.fix.start])
        parts.append(f.fix.replacement)
        pos = f.fix.end
    parts.append(text[pos:])
    return "".join(parts)


def diff(source: SourceFile, new_text: str) -> str:
    return "".join(difflib.unified_diff(
        source.text.splitlines(keepends=True), new_text.splitlines(keepends=True),
        fromfile=f"a/{source.path}", tofile=f"b/{source.path}"))


_BOMS = {"utf-8-sig": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}


def encode(source: SourceFile, new_text: str) -> bytes:
    """``new_text`` in the file's own encoding, with the BOM it had (UTF-8, UTF-16 LE or BE)."""
    encoding = "utf-8" if source.encoding == "utf-8-sig" else source.encoding
    return _BOMS.get(source.encoding, b"") + new_text.encode(encoding)


def write(source: SourceFile, new_text: str) -> None:
    """Replace the file atomically, keeping its encoding, BOM and line endings.
    A symbolic link is written through: the file it points to changes, the link stays."""
    assert source.abspath is not None
    data = encode(source, new_text)
    target = Path(os.path.realpath(source.abspath))
    mode = target.stat().st_mode
    fd, tmp = tempfile.mkstemp(prefix=".voicecheck-", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, mode & 0o7777)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
