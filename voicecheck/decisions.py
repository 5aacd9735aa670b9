"""Review decisions that persist: ``voicecheck-decisions.yaml``.

A writer marks a finding *accepted* (a real problem), *dismissed* (with a
reason) or *open*. The decision is keyed by the finding's file and a
*fingerprint*: the rule code, the promise or term, and the normalised sentence
that holds the flagged words. Line numbers are not part of it, so moving text
or editing other sentences keeps the decision; rewording the sentence makes a
new fingerprint, and the finding comes back for review.

The file is YAML meant to be read in a pull request: a header comment, ``version:
1`` and one mapping per decision, sorted by path, code and fingerprint, so the
same decisions always produce the same bytes. Paths are relative to the folder
of the decisions file, so the file means the same thing wherever voicecheck
runs from. Each entry's ``passage`` is the flagged sentence as a reader sees it
(markup left out, placeholders as written: ``Dear {{ name }}, welcome.``); files
written before kept the raw line's sentence there, and still load and match,
since the fingerprint has not changed.

Several writers share the file (a terminal ``review``, the browser review's
tabs): each change is written with :meth:`DecisionStore.commit`, which holds a
lock, re-reads the file, applies that one change and writes the result
atomically, so a decision made elsewhere in the meantime is never lost. This
module holds the model only; the commands live in ``voicecheck.commands.review``
and ``voicecheck.cli``.
"""
from __future__ import annotations

import os
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Iterable, Iterator

import yaml

from voicecheck.findings import Finding
from voicecheck.segments import SourceFile

FILE_NAME = "voicecheck-decisions.yaml"
STATES = ("accepted", "dismissed", "open")
REASONS = ("false-positive", "intended", "legal-approved")
_FINGERPRINT = re.compile(r"vc1:[0-9a-f]{16}")
#: Seconds a writer waits for another one to finish writing the file.
LOCK_TIMEOUT = 10.0
# evidence entries of a VC301 finding that are scores, not facets of the passage
_NOT_FACETS = {"model", "retrieval"}

HEADER = """\
# voicecheck review decisions (written by `voicecheck review`; review changes in pull requests).
# One entry per reviewed finding, sorted by path, code and fingerprint. Safe to edit by hand:
#   state:  accepted (a real problem) | dismissed (silent on later runs) | open (still to decide)
#   reason: for dismissed only: false-positive | intended | legal-approved
#   note, by, at (YYYY-MM-DD): optional. Comments inside entries are not kept when voicecheck saves.
# passage = the flagged sentence as a reader reads it (markup left out), for people reading this file.
# fingerprint = rule code + promise/term + the flagged sentence (whitespace and case folded), not the
# line number: moving the text keeps the decision; rewording the sentence brings the finding back.
# Paths are relative to this file's folder. Delete an entry to review its finding again.
"""


class DecisionsError(Exception):
    """A decisions file that can't be used; str() is one line naming file:line."""


class DecisionConflict(Exception):
    """A compare-and-swap write found another decision than expected (someone else
    changed it since); ``current`` is what the file holds now."""

    def __init__(self, current: "Decision | None"):
        super().__init__("the decision was changed elsewhere in the meantime")
        self.current = current


@dataclass
class Decision:
    fingerprint: str
    code: str
    path: str  # relative to the decisions file's folder, with /
    promise: str | None = None
    term: str | None = None
    passage: str = ""  # the flagged sentence as a reader sees it, for people reading the file
    state: str = "open"
    reason: str | None = None  # dismissed only: false-positive | intended | legal-approved
    note: str | None = None
    by: str | None = None
    at: str | None = None  # ISO date
    facet: str | None = None  # first evidence facet of a promise finding (quantity, scope…)

    @property
    def key(self) -> tuple[str, str]:
        return (self.path, self.fingerprint)

    @property
    def sort_key(self) -> tuple[str, str, str]:
        return (self.path, self.code, self.fingerprint)

    def to_dict(self) -> dict:
        """The file entry: fixed key order, empty optional fields left out."""
        return {name: getattr(self, name) for name in _FILE_ORDER
                if getattr(self, name) is not None or name in _REQUIRED}


_REQUIRED = ("path", "code", "fingerprint", "state")
_FILE_ORDER = ("path", "code", "promise", "term", "fingerprint", "passage", "state", "reason", "note", "by", "at",
               "facet")


# ---------------------------------------------------------------- fingerprints

def _normalize(text: str) -> str:
    return " ".join(text.split()).casefold()


def _flagged_columns(finding: Finding, line: str) -> tuple[int, int]:
    """0-based [start, end) of the flagged words on the finding's first line."""
    start = max(0, min(finding.column - 1, len(line)))
    end = finding.end_column - 1 if finding.end_line == finding.line else len(line)
    return start, max(start + 1, min(end, len(line)))


def passage_of(finding: Finding, source: SourceFile) -> str:
    """The sentence(s) of the finding's *raw line* that hold the flagged words, as
    written (stripped); the whole stripped line when that can't be found. What the
    fingerprint is computed from (unchanged since the first decisions files)."""
    try:
        line = source.line_text(finding.line)
    except IndexError:
        return finding.excerpt.strip()
    start, end = _flagged_columns(finding, line)
    from voicecheck.reading import sentence_bounds

    bounds = sentence_bounds(line)
    hit = [(s, e) for s, e in bounds if s < end and start < e] or [(s, e) for s, e in bounds if s <= start < e]
    passage = line[hit[0][0]:hit[-1][1]].strip() if hit else ""
    return passage if any(c.isalnum() for c in passage) else line.strip()


def fingerprint(finding: Finding, source: SourceFile) -> str:
    """Stable id of a finding: code + promise/term + normalised passage."""
    what = finding.promise or finding.term or ""
    data = "\x1f".join((finding.code, what, _normalize(passage_of(finding, source))))
    import hashlib

    return "vc1:" + hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


def reader_passage(finding: Finding, source: SourceFile, segments=None) -> str:
    """The flagged sentence as a reader sees it (markup left out, placeholders as
    written), from the file's segments; the raw line's sentence when no segment
    holds the finding (a promise's line in the vocabulary, a comment)."""
    if segments:
        from voicecheck import reading

        located = reading.locate(finding, source, segments)
        if located is not None:
            text = reading.sentence(located)
            if any(c.isalnum() for c in text):
                return text
    return " ".join(passage_of(finding, source).split())


def first_facet(finding: Finding) -> str | None:
    """Name of the first facet in a promise finding's evidence (quantity, scope…)."""
    return next((name for name, _ in finding.evidence if name not in _NOT_FACETS), None)


def source_for(finding: Finding, sources: dict[str, SourceFile],
               extra: dict[str, SourceFile | None]) -> SourceFile | None:
    """The file a finding points into: a checked one from ``sources``, else read
    from disk once (a promise's line in the vocabulary file) and kept in ``extra``."""
    if finding.path in sources:
        return sources[finding.path]
    if finding.path not in extra:
        path = Path(finding.path)
        try:
            extra[finding.path] = SourceFile(finding.path, path.read_text(encoding="utf-8-sig"), path.absolute())
        except (OSError, UnicodeDecodeError):
            extra[finding.path] = None
    return extra[finding.path]


def default_path(settings) -> Path:
    """The configured ``decisions`` file, else ``voicecheck-decisions.yaml``
    next to the config file (or in the folder voicecheck runs from)."""
    configured = getattr(settings, "decisions", None)
    if configured is not None:
        return Path(configured)
    folder = settings.config_path.parent if settings.config_path is not None else settings.root
    return folder / FILE_NAME


# ---------------------------------------------------------------- the store

class DecisionStore:
    """Decisions keyed by (path, fingerprint), plus which of them this run matched."""

    def __init__(self, path: Path, decisions: Iterable[Decision] = ()):
        self.path = Path(path)
        self.base = self.path.absolute().parent
        self._items: dict[tuple[str, str], Decision] = {d.key: d for d in decisions}
        self._matched: set[tuple[str, str]] = set()

    @classmethod
    def load(cls, path: Path | str) -> "DecisionStore":
        """Read a decisions file; a missing file is an empty store."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            return cls(path)
        except (OSError, UnicodeDecodeError) as exc:
            raise DecisionsError(f"{path}: cannot read decisions file: {exc}") from None
        return cls(path, _parse(text, str(path)))

    def __len__(self) -> int:
        return len(self._items)

    @property
    def decisions(self) -> list[Decision]:
        return sorted(self._items.values(), key=lambda d: d.sort_key)

    def path_of(self, source: SourceFile) -> str:
        """A checked file's path relative to the decisions file's folder."""
        if source.abspath is None:
            return source.path
        return Path(os.path.relpath(Path(source.abspath).absolute(), self.base)).as_posix()

    def get(self, finding: Finding, source: SourceFile) -> Decision | None:
        """The decision recorded for this finding, if any (and mark it as used)."""
        key = (self.path_of(source), fingerprint(finding, source))
        decision = self._items.get(key)
        if decision is not None:
            self._matched.add(key)
        return decision

    def silence(self, findings: Iterable[Finding], sources: dict[str, SourceFile]) -> list[Finding]:
        """``findings`` without the dismissed ones (every match counts as used)."""
        if not self._items:
            return list(findings)  # nothing decided yet: no fingerprint to compute
        kept, extra = [], {}
        for f in findings:
            source = source_for(f, sources, extra)
            decision = self.get(f, source) if source is not None else None
            if decision is None or decision.state != "dismissed":
                kept.append(f)
        return kept

    def set(self, decision: Decision) -> None:
        """Add or replace the decision for its (path, fingerprint)."""
        self._items[decision.key] = decision
        self._matched.add(decision.key)

    def stale(self, sources: Iterable[SourceFile], selected: Iterable[str] | None = None) -> list[Decision]:
        """Decisions that matched no finding of this run, among the files the run
        checked (``sources``) and the rules it ran (``selected``); decisions for
        files that no longer exist count too."""
        checked = {self.path_of(s) for s in sources}
        codes = set(selected) if selected is not None else None
        out = []
        for d in self.decisions:
            if d.key in self._matched or (codes is not None and d.code not in codes):
                continue
            if d.path in checked or not (self.base / d.path).exists():
                out.append(d)
        return out

    def commit(self, key: tuple[str, str], decision: Decision | None, *, expected=...) -> Decision | None:
        """Write one change to the file, merged with what it holds now: under the
        lock, re-read the file, set the decision for ``key`` (remove it when
        ``decision`` is None), write atomically, and take the merged result as this
        store's content. Decisions others wrote since this store was loaded are kept.
        With ``expected`` (a Decision or None), write only if the file's current
        decision for ``key`` is that one (compare-and-swap), else raise
        :class:`DecisionConflict`. Returns the decision the file held before."""
        if decision is not None and decision.key != key:
            raise ValueError("the decision's key differs from the key written")
        with locked(self.path):
            fresh = DecisionStore.load(self.path)
            current = fresh._items.get(key)
            if expected is not ... and current != expected:
                raise DecisionConflict(current)
            if decision is None:
                fresh._items.pop(key, None)
            else:
                fresh._items[key] = decision
            fresh.save(self.path)
        self._items = fresh._items
        if decision is not None:
            self._matched.add(key)
        return current

    def record(self, decision: Decision) -> Decision | None:
        """:meth:`commit` one decision (the way every review command writes)."""
        return self.commit(decision.key, decision)

    def reload(self) -> None:
        """Read the file again (decisions made elsewhere since this store was loaded)."""
        self._items = DecisionStore.load(self.path)._items

    def render(self) -> str:
        body = {"version": 1, "decisions": [d.to_dict() for d in self.decisions]}
        return HEADER + yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=10_000,
                                       default_flow_style=False)

    def save(self, path: Path | str | None = None) -> Path:
        """Write the file atomically (temp file in the same folder + os.replace)."""
        target = Path(path) if path is not None else self.path
        target.parent.mkdir(parents=True, exist_ok=True)
        import tempfile  # here: a check run loads this module but writes no decision

        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(self.render())
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return target


@contextmanager
def locked(path: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the lock of the decisions file ``path`` while writing it.

    POSIX: an exclusive ``flock`` on the file's folder, so nothing but the
    decisions file (and its temporary twin, renamed over it) is ever written.
    Elsewhere: a ``.<name>.lock`` file beside it, created exclusively and removed.
    Waits up to ``timeout`` seconds (LOCK_TIMEOUT) for another writer."""
    path = Path(path).absolute()
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    wait = LOCK_TIMEOUT if timeout is None else timeout
    deadline = time.monotonic() + wait
    busy = DecisionsError(f"{path}: another voicecheck has been writing it for over {wait:g} s; try again")
    try:
        import fcntl
    except ImportError:  # Windows
        fcntl = None
    if fcntl is not None:
        fd = os.open(folder, os.O_RDONLY)
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise busy from None
                    time.sleep(0.005)
            yield
        finally:
            os.close(fd)  # releases the lock
        return
    lock = folder / f".{path.name}.lock"
    while True:
        try:
            os.close(os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            break
        except FileExistsError:
            if time.monotonic() > deadline:
                raise busy from None
            time.sleep(0.005)
    try:
        yield
    finally:
        lock.unlink(missing_ok=True)


def new_decision(store: DecisionStore, finding: Finding, source: SourceFile, state: str, *,
                 reason: str | None = None, note: str | None = None, by: str | None = None,
                 at: str | None = None, segments=None) -> Decision:
    """A decision for ``finding`` as the store keys it; ``segments`` (the file's)
    give the passage as a reader sees it."""
    if state not in STATES:
        raise ValueError(f"unknown state {state!r}")
    if (reason is not None) != (state == "dismissed") or (reason is not None and reason not in REASONS):
        raise ValueError("a dismissed decision needs a reason, and only a dismissed one")
    return Decision(
        fingerprint=fingerprint(finding, source), code=finding.code, path=store.path_of(source),
        promise=finding.promise, term=finding.term, passage=reader_passage(finding, source, segments), state=state,
        reason=reason, note=clean_text(note) if note else None, by=clean_text(by) if by else None, at=at,
        facet=first_facet(finding))


# ---------------------------------------------------------------- reading the file

_FIELDS = {f.name for f in fields(Decision)}


def _parse(text: str, shown: str) -> list[Decision]:
    from voicecheck.checks.registry import RULES

    def fail(node, message: str) -> DecisionsError:
        line = f":{node.start_mark.line + 1}" if node is not None else ""
        return DecisionsError(f"{shown}{line}: {message}")

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        from voicecheck.yamlerrors import describe

        line, problem = describe(exc, text)
        raise DecisionsError(f"{shown}{f':{line}' if line else ''}: invalid YAML: {problem}") from None
    except RecursionError:
        raise DecisionsError(f"{shown}: invalid YAML: nested too deeply") from None
    if root is None:
        return []
    top = _mapping(root, fail, "the decisions file", {"version", "decisions"})
    version = top.get("version")
    if version is None or getattr(version, "value", None) != "1":
        raise fail(version or root, "version: must be 1 (a voicecheck decisions file)")
    items = top.get("decisions")
    if items is None or (isinstance(items, yaml.ScalarNode) and items.tag.endswith(":null")):
        return []
    if not isinstance(items, yaml.SequenceNode):
        raise fail(items, "decisions: must be a list of decisions")
    out: list[Decision] = []
    seen: dict[tuple[str, str], int] = {}
    for i, node in enumerate(items.value):
        where = f"decisions[{i}]"
        entry = _mapping(node, fail, where, _FIELDS)
        values: dict[str, str | None] = {}
        for name, value_node in entry.items():
            values[name] = _scalar(value_node, fail, f"{where}.{name}")
        for name in _REQUIRED:
            if not values.get(name):
                raise fail(entry.get(name, node), f"{where}.{name}: required")
        if not _FINGERPRINT.fullmatch(values["fingerprint"]):
            raise fail(entry["fingerprint"], f"{where}.fingerprint: must look like vc1:<16 hex digits>")
        if values["code"] not in RULES:
            raise fail(entry["code"], f"{where}.code: unknown rule code {values['code']!r}")
        if values["state"] not in STATES:
            raise fail(entry["state"], f"{where}.state: must be one of {', '.join(STATES)}")
        reason = values.get("reason")
        if values["state"] == "dismissed" and reason not in REASONS:
            raise fail(entry.get("reason", node), f"{where}.reason: a dismissed decision needs a reason "
                                                  f"({', '.join(REASONS)})")
        if values["state"] != "dismissed" and reason is not None:
            raise fail(entry["reason"], f"{where}.reason: only dismissed decisions have a reason; remove it")
        decision = Decision(**values)
        if decision.key in seen:
            raise fail(node, f"{where}: the same path and fingerprint as the entry on line {seen[decision.key]}")
        seen[decision.key] = node.start_mark.line + 1
        out.append(decision)
    return out


def _mapping(node, fail, where: str, allowed: set[str]) -> dict:
    if not isinstance(node, yaml.MappingNode):
        raise fail(node, f"{where}: must be a mapping")
    out = {}
    for k, v in node.value:
        key = k.value if isinstance(k, yaml.ScalarNode) else None
        if key not in allowed:
            raise fail(k, f"{where}: unknown field {key!r} (expected one of: {', '.join(sorted(allowed))})")
        if key in out:
            raise fail(k, f"{where}: duplicate field {key!r}")
        out[key] = v
    return out


def _scalar(node, fail, where: str) -> str | None:
    if not isinstance(node, yaml.ScalarNode):
        raise fail(node, f"{where}: must be a single value")
    if node.tag.endswith(":null"):
        return None
    return clean_text(str(node.value))  # as written: an unquoted date typed by hand stays "2026-11-22"


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """``text`` that can be written as UTF-8: a lone surrogate (a note typed in a
    terminal that is not UTF-8, kept by YAML as ``\\udce9``) becomes the
    bytes it stood for when they are UTF-8, else U+FFFD."""
    if not _LONE_SURROGATE.search(text):
        return text
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8")
    except UnicodeError:
        return _LONE_SURROGATE.sub("\ufffd", text)


# ---------------------------------------------------------------- export as benchmark labels

PHENOMENA = {  # allowed phenomenon values by expect (../shared/bench/SPEC.md)
    "contradiction": ("numeric", "temporal", "negation", "antonym", "modality", "scope", "channel", "implicit"),
    "vocabulary": ("vocabulary", "vocabulary-inflection", "vocabulary-markup-split"),
    "clean": ("paraphrase-consistent", "topic-near-unrelated", "vocabulary-allowed", "vocabulary-markup"),
}
_FACET_PHENOMENA = {  # evidence facet of a VC301 finding -> phenomenon (anything else: implicit)
    "quantity": "numeric", "money": "numeric", "numeric": "numeric", "cost": "numeric",
    "availability": "temporal", "time": "temporal",
    "polarity": "negation", "negation": "negation", "predicate": "negation", "require": "negation",
    "limit": "negation", "presence": "negation",
    "pole": "antonym", "antonym": "antonym", "modality": "modality", "scope": "scope",
    "channel": "channel", "agent": "channel",
    # the claim readers' kinds (voicecheck.promises.compare.PHENOMENON)
    "schedule": "temporal", "requirement": "negation", "axis": "antonym",
}


@dataclass
class Exported:
    labels: list[dict]
    warnings: list[str]
    open: int = 0  # open decisions are not verdicts: left out


def _sentence_runs(line: str) -> Iterable[tuple[int, int]]:
    """Every run of whole sentences of a line, and the line itself (what passage_of can return)."""
    from voicecheck.reading import sentence_bounds

    bounds = sentence_bounds(line)
    for i in range(len(bounds)):
        for j in range(i, len(bounds)):
            yield bounds[i][0], bounds[j][1]
    yield 0, len(line)


def _read_for_export(path: Path):
    """(lines, reader index) of a content file, None when it can't be read. The
    index maps each run of a reader's sentences that sits on one line of the file,
    normalised, to ``(line, snippet)``: the snippet is the file's text of that run,
    markup inside it included, so it is an exact substring of the line."""
    try:
        lines = [ln.rstrip("\r") for ln in path.read_text(encoding="utf-8-sig").split("\n")]
    except (OSError, UnicodeDecodeError):
        return None
    from voicecheck.reading import sentence_runs
    from voicecheck.sources import ContentError, parse, read_source

    try:
        segments = parse(read_source(path, path.as_posix(), None, 1 << 62)).segments
    except (ContentError, RecursionError, OSError, ValueError, ImportError):
        segments = []
    index: dict[str, list[tuple[int, str]]] = {}
    for seg in segments:
        for a, b, text in sentence_runs(seg):
            start, end = seg.starts[a], seg.ends[b - 1]
            first, last = seg.source.position(start), seg.source.position(max(start, end - 1))
            if first.line == last.line:
                index.setdefault(_normalize(text), []).append((first.line, seg.source.text[start:end].strip()))
    return lines, index


def _phenomenon(expect: str, kind: str, d: Decision) -> str:
    """From the note when it names one, else by the rule's kind and the evidence facet."""
    allowed = PHENOMENA[expect]
    if expect == "clean":  # promise-side or term-side hard negatives
        allowed = allowed[:2] if kind == "contradiction" else allowed[2:]
    note = (d.note or "").lower()
    named = [p for p in allowed if re.search(rf"(?<![\w-]){re.escape(p)}(?![\w-])", note)]
    if named:
        return named[0]
    if expect == "vocabulary":
        return "vocabulary"
    if expect == "clean":
        return allowed[0]
    return _FACET_PHENOMENA.get((d.facet or "").lower(), "implicit")


def export_labels(store: DecisionStore, root: Path) -> Exported:
    """The store's verdicts as ``labels.yaml`` items (files relative to ``root``).

    accepted, or dismissed as intended / legal-approved: the linter was right
    (``contradiction`` or ``vocabulary`` by the rule's kind); dismissed as a
    false positive: ``clean``. The snippet is the decided passage as it reads in
    the current file, and must sit on exactly one line of it; decisions whose
    text is gone or ambiguous are left out with a warning.
    """
    from voicecheck.checks.registry import RULES

    out = Exported([], [])
    lines_cache: dict[Path, tuple[list[str], list] | None] = {}
    used: set[tuple[str, int]] = set()
    for d in store.decisions:
        where = f"{d.path} {d.code} {d.fingerprint}"
        if d.state == "open":
            out.open += 1
            continue
        kind = RULES[d.code].kind
        if kind not in ("contradiction", "vocabulary"):
            out.warnings.append(f"{where}: {kind} findings have no label kind; skipped")
            continue
        expect = "clean" if d.reason == "false-positive" else kind
        subject = d.promise if kind == "contradiction" else d.term
        if not subject:
            out.warnings.append(f"{where}: no {'promise' if kind == 'contradiction' else 'term'}; skipped")
            continue
        path = store.base / d.path
        if path not in lines_cache:
            lines_cache[path] = _read_for_export(path)
        read = lines_cache[path]
        if read is None:
            out.warnings.append(f"{where}: file can't be read; skipped")
            continue
        lines, reader_index = read
        target = _normalize(d.passage)
        hits = sorted(set(reader_index.get(target, ()))) if target else []
        if not hits:  # a decision written before passages were read as a reader sees them
            hits = [(n, line[s:e].strip()) for n, line in enumerate(lines, 1) if target
                    for s, e in _sentence_runs(line) if _normalize(line[s:e]) == target]
        if not hits:
            out.warnings.append(f"{where}: the passage is no longer in the file; skipped")
            continue
        n, snippet = hits[0]
        on_lines = sum(1 for line in lines if snippet in line)
        if on_lines != 1:
            out.warnings.append(f"{where}: the passage is on {on_lines} lines, a label needs exactly one; skipped")
            continue
        file = Path(os.path.relpath(path.absolute(), Path(root).absolute())).as_posix()
        if (file, n) in used:
            out.warnings.append(f"{where}: {file}:{n} already has a label; skipped")
            continue
        used.add((file, n))
        why = d.state + (f" ({d.reason})" if d.reason else "") + (f": {d.note}" if d.note else "")
        out.labels.append({
            "file": file, "snippet": snippet, "expect": expect,
            "promise": d.promise if kind == "contradiction" else None,
            "term": d.term if kind == "vocabulary" else None,
            "phenomenon": _phenomenon(expect, kind, d), "difficulty": "medium", "why": why,
        })
    return out


def render_labels(labels: list[dict], source: str) -> str:
    head = (f"# Labels exported from {source} by `voicecheck decisions export`\n"
            f"# (format: ../shared/bench/SPEC.md, labels.yaml). Lines without a label are neutral.\n")
    if not labels:
        return head + "[]\n"
    return head + yaml.safe_dump(labels, sort_keys=False, allow_unicode=True, width=10_000, default_flow_style=False)
