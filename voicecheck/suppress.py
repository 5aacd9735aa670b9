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

import json
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from itertools import accumulate
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
        firsts = [a for a, _ in segment_lines]
        reach = list(accumulate((b for _, b in segment_lines), max))  # furthest last line so far

        def next_item(line: int) -> tuple[int, int] | None:
            """The first item (in order) that holds ``line`` or starts after it: two bisections,
            so a catalog with 20,000 directives is not 20,000 × 20,000 steps."""
            after = bisect_right(firsts, line)  # items before this one start at or before the line
            holding = bisect_left(reach, line, 0, after)
            if holding < after:
                return segment_lines[holding]
            return segment_lines[after] if after < len(segment_lines) else None

        for d in sorted(directives, key=lambda d: d.line):
            if d.kind == "ignore":
                nxt = next_item(d.end_line)
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
    import hashlib  # here: only a run with a baseline needs it

    return (f.path, f.code, f.term or "", f.promise or "", hashlib.sha1(excerpt.encode()).hexdigest()[:16])


class BaselineError(Exception):
    """A baseline file that can't be used; str() is one line with file:line."""


#: Largest ``count`` of one baseline entry (one finding repeated this often in one file is not real).
MAX_COUNT = 10 ** 9
_FINDINGS_KEY = re.compile(r'"findings"\s*:\s*\[')


def _entry_lines(text: str, n: int) -> list[int] | None:
    """1-based line of each element of the "findings" array of a baseline that
    ``json.loads`` accepted (None when they can't be told apart)."""
    decoder = json.JSONDecoder()
    m = _FINDINGS_KEY.search(text)
    if m is None:
        return None
    lines, i = [], m.end()
    line, counted = 1, 0
    try:
        for _ in range(n):
            while text[i] in " \t\r\n,":
                i += 1
            line += text.count("\n", counted, i)  # counted once: linear in the file
            counted = i
            lines.append(line)
            _, i = decoder.raw_decode(text, i)
    except (ValueError, IndexError, RecursionError):
        return None
    return lines if len(lines) == n else None


@dataclass
class Baseline:
    entries: Counter = field(default_factory=Counter)
    used: Counter = field(default_factory=Counter)

    @classmethod
    def load(cls, path: Path) -> "Baseline":
        try:
            text = path.read_text(encoding="utf-8-sig")
            data = json.loads(text)
        except FileNotFoundError:
            raise BaselineError(f"{path}: baseline file not found (create it with --write-baseline)") from None
        except IsADirectoryError:
            raise BaselineError(f"{path}: is a folder; --baseline takes the baseline JSON file") from None
        except json.JSONDecodeError as exc:
            raise BaselineError(f"{path}:{exc.lineno}: invalid baseline JSON: {exc.msg}") from None
        except RecursionError:
            raise BaselineError(f"{path}:1: invalid baseline JSON: nested too deeply") from None
        except UnicodeDecodeError as exc:
            raise BaselineError(f"{path}: not UTF-8 text ({exc.reason}); write it again with --write-baseline") \
                from None
        except OSError as exc:
            raise BaselineError(f"{path}: cannot read baseline: {exc.strerror or exc}") from None
        if not isinstance(data, dict) or data.get("version") != 1 or not isinstance(data.get("findings"), list):
            raise BaselineError(f"{path}: not a voicecheck baseline (expected {{\"version\": 1, \"findings\": [...]}})")
        lines = _entry_lines(text, len(data["findings"]))
        entries: Counter = Counter()
        for i, e in enumerate(data["findings"]):
            where = f"{path}:{lines[i]}" if lines else str(path)
            if not isinstance(e, dict):
                raise BaselineError(f"{where}: findings[{i}]: must be an object with path, code and fingerprint")
            for name in ("path", "code", "fingerprint"):
                if not isinstance(e.get(name), str) or not e[name]:
                    raise BaselineError(f"{where}: findings[{i}].{name}: required, a string")
            for name in ("term", "promise"):
                if e.get(name) is not None and not isinstance(e[name], str):
                    raise BaselineError(f"{where}: findings[{i}].{name}: must be a string or null")
            count = e.get("count", 1)
            if isinstance(count, float) and count.is_integer():
                count = int(count)
            if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= MAX_COUNT:
                raise BaselineError(f"{where}: findings[{i}].count: must be a whole number from 1 to "
                                    f"{MAX_COUNT:,}, got {count!r}")
            entries[(e["path"], e["code"], e.get("term") or "", e.get("promise") or "", e["fingerprint"])] += count
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
