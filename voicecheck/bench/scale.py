"""``python -m voicecheck.bench scale``: does the cost stay linear in the input?

Each case writes one large or deep input into a fresh folder and runs the
real CLI over it (``python -m voicecheck check --select VC1 --format json``)
as a subprocess, measuring its wall time, its CPU time (user + system, from
``os.wait4``: what a shared, busy machine does not inflate) and its peak
memory. A case passes when the CLI exits 0, 1 or 2 without an internal error,
within :data:`CASE_LIMIT` seconds of CPU, and reads what it should (findings
counted in the JSON output). The two ``line-*`` cases are the same line of banned words at 1
and 4 MB (the 4 MB line is held to the growth bar only, not to the 15 s: it
makes 444,444 findings): linear code takes about 4× the time for 4× the input, quadratic code
16× (CPU time); the bar is :data:`MAX_GROWTH`.

Cases:

* ``line-1mb`` / ``line-4mb``: one line of a banned word, repeated (a text file)
* ``html-email-5mb``: a one-line HTML e-mail of about 5 MB (tables, links, inline styles)
* ``json-50k``: 50,000 UI strings in one JSON file
* ``po-20k``: 20,000 entries in one gettext catalogue
* ``markdown-100k-lines``: 100,000 lines of Markdown (headings, lists, quotes, paragraphs)
* ``folders-1000-deep``: one file at the bottom of 1,000 nested folders
* ``real-x10``: the real corpus (``../shared/corpora/real``) copied ten times (4,220 files, about 139,000
  strings), vocabulary rules (``--select VC0,VC1``) with ``vocab/real-corpus.yaml``, as a user runs it
  (default ``--jobs``: one process per core). Bars: :data:`REAL_X10_WALL` seconds of wall time and
  :data:`REAL_X10_MB` of peak memory. Skipped when ``../shared`` is not there.

Memory is measured two ways: the largest process's peak resident set (``os.wait4``), and the whole
process tree's, sampled from ``/proc`` (Linux; RSS every 50 ms, PSS every 250 ms): the sum of the
processes' resident sets (``RSS``: pages the workers share with the main process count once per
process, so this overstates what the machine gives the run) and of their proportional sets (``PSS``:
a shared page counts once, split between the processes that map it). A run in one process reads the
same three ways, about.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from voicecheck.bench.speed import voicecheck_env

#: Seconds one case may take.
CASE_LIMIT = 15.0
#: The real corpus ×10: most seconds of wall time, most MB of peak memory (the tree's RSS).
REAL_X10_WALL = 8.0
REAL_X10_MB = 200.0
REPO = Path(__file__).resolve().parents[2]
REAL_CORPUS = REPO.parent / "shared" / "corpora" / "real"
REAL_VOCAB = REPO / "vocab" / "real-corpus.yaml"
#: Largest time ratio between the 4 MB and the 1 MB line (4 would be linear, 16 quadratic).
MAX_GROWTH = 5.0

VOCAB = """\
brand: Scale
terms:
  - use: member
    instead_of: [customer, client]
  - use: sign in
    instead_of: [log in, login]
  - use: work item
    instead_of: [issue]
"""


@dataclass
class Case:
    name: str
    make: Callable[[Path], list[str]]  # writes the input under the folder, returns the paths to check
    expect_findings: int | None  # findings the run must report (None: at least one)
    timed: bool = True  # held to CASE_LIMIT; the 4 MB line is there for the growth ratio only
    vocab: Path | None = None  # the vocabulary (default: VOCAB, written as brand.yaml)
    select: str = "VC1"
    expect_errors: int = 0  # input errors the content holds on purpose
    wall_limit: float | None = None  # bars of their own (real-x10)
    mb_limit: float | None = None
    needs: Path | None = None  # skipped when this is missing


def _line(size: int) -> Callable[[Path], list[str]]:
    def make(root: Path) -> list[str]:
        word = "customer "
        (root / "line.txt").write_text(word * (size // len(word)) + "\n", encoding="utf-8")
        return ["line.txt"]
    return make


def _html(root: Path) -> list[str]:
    block = ('<tr><td style="padding:8px;font-family:Arial,sans-serif;color:#333"><p>Hello {{ name }}, every '
             'customer gets <strong>free</strong> delivery. <a href="https://example.com/account?utm=1" '
             'style="color:#06c">Log in</a> to see your orders &amp; returns.</p></td></tr>')
    n = 5_000_000 // len(block)
    (root / "email.html").write_text("<html><body><table>" + block * n + "</table></body></html>", encoding="utf-8")
    return ["email.html"]


def _json(root: Path) -> list[str]:
    data = {f"screen{j}": {f"key{i}": f"Welcome back, customer number {i}. Tap here to continue."
                                  for i in range(j * 100, j * 100 + 100)} for j in range(500)}
    (root / "strings.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    return ["strings.json"]


def _po(root: Path) -> list[str]:
    parts = ['msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
             '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n']
    for i in range(20_000):
        parts.append(f'\n#: app/views/v{i}.py:{i}\nmsgid "Message {i}"\nmsgstr "Dear customer, message {i} '
                     f'is ready."\n')
    (root / "messages.po").write_text("".join(parts), encoding="utf-8")
    return ["messages.po"]


def _markdown(root: Path) -> list[str]:
    lines = []
    while len(lines) < 100_000:
        lines += ["# Getting started", "", "Every customer can log in from the app.", "",
                  "- first item for the client", "  - nested item", "", "> a quoted customer line", ""]
    (root / "long.md").write_text("\n".join(lines[:100_000]) + "\n", encoding="utf-8")
    return ["long.md"]


def _folders(root: Path) -> list[str]:
    folder = root / "deep"
    folder.mkdir()
    for _ in range(1000):  # build by chdir-free relative steps: the full path grows past PATH_MAX
        folder = folder / "d"
        try:
            folder.mkdir()
        except OSError:
            break
    (folder / "bottom.md").write_text("Hello customer.\n", encoding="utf-8")
    return ["deep"]


def _real_x10(root: Path) -> list[str]:
    """Ten copies of the real corpus, as it is (4,220 files, about 139,000 strings: its MANIFEST.md,
    a long Markdown file about the corpus, holds 1,900 of them)."""
    import shutil

    for i in range(10):
        shutil.copytree(REAL_CORPUS, root / "x10" / f"copy-{i}")
    return ["x10"]


CASES = (
    Case("line-1mb", _line(1_000_000), 111_111),
    Case("line-4mb", _line(4_000_000), 444_444, timed=False),
    Case("html-email-5mb", _html, None),
    Case("json-50k", _json, 50_000),
    Case("po-20k", _po, 20_000),
    Case("markdown-100k-lines", _markdown, None),
    Case("folders-1000-deep", _folders, 1),
    Case("real-x10", _real_x10, None, timed=False, vocab=REAL_VOCAB, select="VC0,VC1", expect_errors=30,
         wall_limit=REAL_X10_WALL, mb_limit=REAL_X10_MB, needs=REAL_CORPUS),
)


def _tree(root: Path) -> tuple[list[str], list[str]]:
    """Folders (top first) and files under ``root``, without recursion: Python 3.11's
    ``rglob`` and ``shutil.rmtree`` hit the recursion limit on 1,000 nested folders."""
    folders, files, stack = [], [], [str(root)]
    while stack:
        folder = stack.pop()
        folders.append(folder)
        for entry in os.scandir(folder):
            (stack if entry.is_dir(follow_symlinks=False) else files).append(entry.path)
    return folders, files


def remove_tree(root: Path) -> None:
    if not root.exists():
        return
    folders, files = _tree(root)
    for f in files:
        os.unlink(f)
    for folder in reversed(folders):
        os.rmdir(folder)


@dataclass
class Measured:
    seconds: float  # wall time
    cpu: float  # user + system CPU seconds of the process tree: what a busy, shared machine does not inflate
    peak_rss_kb: int | None  # the largest process's
    returncode: int
    stdout: str
    stderr: str
    timed_out: bool = False
    tree_rss_kb: int | None = None  # peak of the sum over the process tree (sampled)
    tree_pss_kb: int | None = None
    processes: int = 0  # most processes seen at once


class TreeMemory:
    """Samples the memory of every process of a session (the measured command and its workers) from
    /proc, in a thread; keeps the peaks of the sums. RSS comes from ``statm`` (counters: cheap) every
    ``interval`` seconds, PSS from ``smaps_rollup`` every ``pss_every`` samples (it walks the
    process's page tables: sampled often, it would slow the run it measures). Linux only."""

    def __init__(self, session: int, skip: int, interval: float = 0.05, pss_every: int = 5):
        import threading

        self.session, self.skip, self.interval, self.pss_every = session, skip, interval, pss_every
        self.page_kb = os.sysconf("SC_PAGE_SIZE") // 1024 if hasattr(os, "sysconf") else 4
        self.rss = self.pss = self.processes = 0
        self.available = os.path.isdir("/proc/self") and os.path.exists("/proc/self/smaps_rollup")
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "TreeMemory":
        if self.available:
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _members(self) -> list[int]:
        out = []
        for name in os.listdir("/proc"):
            if not name.isdigit() or int(name) == self.skip:
                continue
            try:
                with open(f"/proc/{name}/stat", "rb") as f:
                    fields = f.read().rsplit(b")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == self.session:  # the session id
                out.append(int(name))
        return out

    @staticmethod
    def _kb(pid: int, field: bytes) -> int:
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
                for line in f:
                    if line.startswith(field):
                        return int(line.split()[1])
        except (OSError, ValueError, IndexError):
            pass
        return 0

    def _statm_kb(self, pid: int) -> int:
        try:
            with open(f"/proc/{pid}/statm", "rb") as f:
                return int(f.read().split()[1]) * self.page_kb
        except (OSError, ValueError, IndexError):
            return 0

    def _run(self) -> None:
        n = 0
        while not self._stop.is_set():
            pids = self._members()
            self.rss = max(self.rss, sum(self._statm_kb(pid) for pid in pids))
            if n % self.pss_every == 0:
                self.pss = max(self.pss, sum(self._kb(pid, b"Pss:") for pid in pids))
            self.processes = max(self.processes, len(pids))
            n += 1
            self._stop.wait(self.interval)


# A small helper process starts the CLI and reports that child's own usage (``os.wait4``), so the
# peak RSS is the CLI's, not this process's memory inherited through the fork.
_HELPER = """
import json, os, subprocess, sys
proc = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(proc.pid, 0)
kb = usage.ru_maxrss // (1024 if sys.platform == "darwin" else 1)
open(sys.argv[1], "w").write(json.dumps({"cpu": usage.ru_utime + usage.ru_stime, "kb": kb}))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def _measure(cmd: list[str], cwd: Path, timeout: float) -> Measured:
    """Run ``cmd``; its wall time, CPU time (user + system) and peak RSS."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "usage.json"
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", _HELPER, str(report), *cmd], cwd=cwd, env=voicecheck_env(),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        timed_out = False
        with TreeMemory(session=proc.pid, skip=proc.pid) as tree:  # the helper leads the session; not counted
            try:
                out, err = proc.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                timed_out = True
                os.killpg(proc.pid, signal.SIGKILL)
                out, err = proc.communicate()
        seconds = time.perf_counter() - start
        usage = json.loads(report.read_text()) if report.exists() else {"cpu": seconds, "kb": None}
    return Measured(seconds, usage["cpu"], usage["kb"], proc.returncode, out.decode("utf-8", "replace"),
                    err.decode("utf-8", "replace"), timed_out, tree.rss if tree.available else None,
                    tree.pss if tree.available else None, tree.processes)


def run_case(case: Case, workdir: Path) -> dict:
    folder = workdir / case.name
    if case.needs is not None and not case.needs.exists():
        return {"case": case.name, "skipped": f"{case.needs} not found", "problems": []}
    remove_tree(folder)
    folder.mkdir(parents=True)
    vocab = case.vocab or folder / "brand.yaml"
    if case.vocab is None:
        vocab.write_text(VOCAB, encoding="utf-8")
    targets = case.make(folder)
    size = sum(os.path.getsize(f) for f in _tree(folder)[1] if not f.endswith("brand.yaml"))
    cmd = [sys.executable, "-m", "voicecheck", "check", *targets, "--vocab", str(vocab), "--select", case.select,
           "--format", "json", "--isolated"]
    m = _measure(cmd, folder, CASE_LIMIT * 4)
    problems = []
    findings = strings = files = None
    if m.timed_out:
        problems.append(f"no answer within {CASE_LIMIT * 4:.0f} s")
    elif m.returncode not in (0, 1, 2) or "internal error" in m.stderr or "Traceback" in m.stderr:
        problems.append(f"exit {m.returncode}: {m.stderr.strip()[-300:]}")
    else:
        try:
            data = json.loads(m.stdout)
            findings = len(data["findings"])
            files, strings = data["summary"]["files"], data["summary"]["segments"]
            if len(data["errors"]) != case.expect_errors:
                first = data["errors"][0] if data["errors"] else {"path": "", "message": ""}
                problems.append(f"{len(data['errors'])} input error(s) (expected {case.expect_errors}), first: "
                                f"{first['path'][:60]}: {first['message']}")
        except (ValueError, KeyError):
            problems.append("output is not voicecheck JSON")
    if findings is not None:
        if case.expect_findings is None and findings < 1:
            problems.append("no findings")
        elif case.expect_findings is not None and findings != case.expect_findings:
            problems.append(f"{findings} findings, expected {case.expect_findings}")
    if case.timed and m.cpu > CASE_LIMIT:
        problems.append(f"{m.cpu:.1f} s of CPU, over the {CASE_LIMIT:g} s limit")
    if case.wall_limit is not None and m.seconds > case.wall_limit:
        problems.append(f"{m.seconds:.1f} s of wall time, over the {case.wall_limit:g} s bar")
    tree_mb = None if m.tree_rss_kb is None else round(m.tree_rss_kb / 1024, 1)
    if case.mb_limit is not None and tree_mb is not None and tree_mb > case.mb_limit:
        problems.append(f"{tree_mb:.0f} MB peak memory (RSS of every process), over the {case.mb_limit:g} MB bar")
    return {"case": case.name, "bytes": size, "seconds": round(m.seconds, 2), "cpu": round(m.cpu, 2),
            "peak_mb": None if m.peak_rss_kb is None else round(m.peak_rss_kb / 1024, 1),
            "tree_rss_mb": tree_mb, "tree_pss_mb": None if m.tree_pss_kb is None else round(m.tree_pss_kb / 1024, 1),
            "processes": m.processes, "findings": findings, "files": files, "strings": strings,
            "problems": problems}


def run(names: list[str] | None = None, workdir: Path | None = None) -> dict:
    from voicecheck.bench.speed import compile_voicecheck

    chosen = [c for c in CASES if not names or c.name in names]
    compile_voicecheck()  # as an installed package is (see bench speed)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    own = workdir is None
    root = Path(tempfile.mkdtemp(prefix="voicecheck-scale-")) if own else workdir
    root.mkdir(parents=True, exist_ok=True)
    try:
        rows = [run_case(c, root) for c in chosen]
    finally:
        if own:
            remove_tree(root)
    failures = [f"{r['case']}: {p}" for r in rows for p in r["problems"]]
    by = {r["case"]: r for r in rows}
    growth = None
    if "line-1mb" in by and "line-4mb" in by and by["line-1mb"]["cpu"] > 0:
        growth = round(by["line-4mb"]["cpu"] / by["line-1mb"]["cpu"], 2)
        if growth > MAX_GROWTH:
            failures.append(f"4 MB line takes {growth}× the 1 MB line's time (bar {MAX_GROWTH:g}×)")
    lines = [f"{'case':<22} {'input':>10} {'CPU':>8} {'wall':>8} {'peak RSS':>9} {'tree RSS':>9} {'tree PSS':>9} "
             f"{'procs':>5} {'findings':>9}"]
    for r in rows:
        if r.get("skipped"):
            lines.append(f"{r['case']:<22} skipped: {r['skipped']}")
            continue

        def mb(v):
            return "?" if v is None else f"{v:.0f} MB"

        found = "-" if r["findings"] is None else f"{r['findings']:,}"
        lines.append(f"{r['case']:<22} {r['bytes'] / 1e6:>8.1f}MB {r['cpu']:>7.2f}s {r['seconds']:>7.2f}s "
                     f"{mb(r['peak_mb']):>9} {mb(r['tree_rss_mb']):>9} {mb(r['tree_pss_mb']):>9} "
                     f"{r['processes']:>5} {found:>9}")
    if growth is not None:
        lines.append(f"4 MB / 1 MB line CPU time: {growth}× (linear ≈ 4×, bar {MAX_GROWTH:g}×)")
    lines.append(f"(load average {load} at the start, {', '.join(f'{x:.2f}' for x in os.getloadavg())} at the end, "
                 f"on {os.cpu_count()} cores; peak RSS: the largest process; tree: every process of the run, "
                 f"sampled every 50 ms (PSS every 250 ms))")
    lines += [f"FAIL: {f}" for f in failures] or [f"all cases within {CASE_LIMIT:g} s of CPU (real-x10: "
                                                  f"{REAL_X10_WALL:g} s of wall time, {REAL_X10_MB:g} MB)"]
    return {"cases": rows, "growth": growth, "failures": failures, "text": "\n".join(lines)}
