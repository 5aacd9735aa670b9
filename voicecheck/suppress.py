"""Suppression: inline comments, disable/enable blocks, per-file ignores and
the baseline file.

Inline directives live in the file's own comment syntax::

    <!-- voicecheck: ignore[VC101] -->       the comment's lines and the next content item
    # voicecheck: ignore                      every code there
    {# voicecheck: disable[VC102] #} … {# voicecheck: enable[VC102] #}
    // voicecheck: ignore-file[VC103]         the whole file

A directive that silences nothing is reported as VC001. The baseline is a JSON
file of accepted findings keyed by path, code, term/promise and the text of the
line (not the line number, so it survives edits elsewhere in the file).
"""
from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from voicecheck.findings import Finding
from voicecheck.sources.base import Comment

_DIRECTIVE = re.compile(r"voicecheck\s*:\s*(ignore-file|ignore|disable|enable)\b(?:\s*\[([^\]]*)\])?", re.I)
_CODE = re.compile(r"^VC\d{3}$")


class SuppressionError(Exception):
    """A malformed directive (unknown code) at ``line`` of a file."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


@dataclass
class Directive:
    kind: str  # ignore | ignore-file | disable | enable
    codes: frozenset[str] | None  # None: every code
    line: int
    end_line: int
    targets: tuple[int, int] = (0, 0)  # line range an ignore covers
    used: bool = False

    def covers(self, code: str) -> bool:
        return self.codes is None or code in self.codes


def parse_directives(comments: list[Comment], known: set[str]) -> list[Directive]:
    out: list[Directive] = []
    for c in comments:
        for m in _DIRECTIVE.finditer(c.text):
            codes = None
            if m.group(2) is not None:
                items = [x.strip().upper() for x in m.group(2).split(",") if x.strip()]
                for code in items:
                    if not _CODE.match(code) or code not in known:
                        raise SuppressionError(c.line, f"unknown rule code {code!r} in 'voicecheck: "
                                                       f"{m.group(1)}[...]' (see `voicecheck rules`)")
                codes = frozenset(items) if items else None
            out.append(Directive(m.group(1).lower(), codes, c.line, c.end_line))
    return out


@dataclass
class FileSuppressions:
    directives: list[Directive] = field(default_factory=list)
    blocks: list[tuple[Directive, int, int]] = field(default_factory=list)  # (disable directive, first, last line)

    @classmethod
    def build(cls, directives: list[Directive], segment_lines: list[tuple[int, int]], last_line: int):
        """``segment_lines``: (first, last) line of every content item, sorted."""
        self = cls(directives)
        open_blocks: list[Directive] = []
        for d in sorted(directives, key=lambda d: d.line):
            if d.kind == "ignore":
                nxt = next(((a, b) for a, b in segment_lines if a > d.end_line or (a <= d.end_line <= b)), None)
                last = d.end_line
                if nxt is not None and nxt[0] <= d.end_line + 50:
                    last = max(last, nxt[1])
                d.targets = (d.line, last)
            elif d.kind == "disable":
                open_blocks.append(d)
            elif d.kind == "enable":
                d.used = True  # an enable is never "unused"
                for b in list(open_blocks):
                    if d.codes is None or b.codes is None or (b.codes & d.codes):
                        self.blocks.append((b, b.line, d.line))
                        open_blocks.remove(b)
        for b in open_blocks:
            self.blocks.append((b, b.line, last_line))
        return self

    def suppresses(self, f: Finding) -> bool:
        hit = False
        for d in self.directives:
            if d.kind == "ignore-file" and d.covers(f.code):
                d.used = hit = True
            elif d.kind == "ignore" and d.covers(f.code) and d.targets[0] <= f.line <= d.targets[1]:
                d.used = hit = True
        for d, first, last in self.blocks:
            if d.covers(f.code) and first <= f.line <= last:
                d.used = hit = True
        return hit

    def unused(self) -> list[Directive]:
        return [d for d in self.directives if not d.used and d.kind != "enable"]


# ---------------------------------------------------------------- baseline

def _key(f: Finding) -> tuple[str, str, str, str, str]:
    excerpt = " ".join(f.excerpt.split())
    return (f.path, f.code, f.term or "", f.promise or "", hashlib.sha1(excerpt.encode()).hexdigest()[:16])


class BaselineError(Exception):
    pass


@dataclass
class Baseline:
    entries: Counter = field(default_factory=Counter)
    used: Counter = field(default_factory=Counter)

    @classmethod
    def load(cls, path: Path) -> "Baseline":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise BaselineError(f"{path}: baseline file not found (create it with --write-baseline)") from None
        except json.JSONDecodeError as exc:
            raise BaselineError(f"{path}:{exc.lineno}: invalid baseline JSON: {exc.msg}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise BaselineError(f"{path}: cannot read baseline: {exc}") from None
        if not isinstance(data, dict) or data.get("version") != 1 or not isinstance(data.get("findings"), list):
            raise BaselineError(f"{path}: not a voicecheck baseline (expected {{\"version\": 1, \"findings\": [...]}})")
        entries: Counter = Counter()
        for i, e in enumerate(data["findings"]):
            try:
                key = (e["path"], e["code"], e.get("term") or "", e.get("promise") or "", e["fingerprint"])
                entries[key] += int(e.get("count", 1))
            except (KeyError, TypeError, ValueError):
                raise BaselineError(f"{path}: findings[{i}] is malformed (needs path, code, fingerprint)") from None
        return cls(entries)

    def suppresses(self, f: Finding) -> bool:
        key = _key(f)
        if self.used[key] < self.entries.get(key, 0):
            self.used[key] += 1
            return True
        return False

    def stale(self) -> int:
        return sum(n - self.used[k] for k, n in self.entries.items())

    @staticmethod
    def render(findings: list[Finding]) -> str:
        counts: Counter = Counter(_key(f) for f in findings)
        items = [
            {"path": p, "code": c, "term": t or None, "promise": pr or None, "fingerprint": fp, "count": n}
            for (p, c, t, pr, fp), n in sorted(counts.items())
        ]
        return json.dumps({"version": 1, "findings": items}, indent=2, ensure_ascii=False) + "\n"
