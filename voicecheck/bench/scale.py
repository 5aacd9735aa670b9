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


CASES = (
    Case("line-1mb", _line(1_000_000), 111_111),
    Case("line-4mb", _line(4_000_000), 444_444, timed=False),
    Case("html-email-5mb", _html, None),
    Case("json-50k", _json, 50_000),
    Case("po-20k", _po, 20_000),
    Case("markdown-100k-lines", _markdown, None),
    Case("folders-1000-deep", _folders, 1),
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
    cpu: float  # user + system CPU seconds of the process: what a busy, shared machine does not inflate
    peak_rss_kb: int | None
    returncode: int
    stdout: str
    stderr: str
    timed_out: bool = False


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
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
        seconds = time.perf_counter() - start
        usage = json.loads(report.read_text()) if report.exists() else {"cpu": seconds, "kb": None}
    return Measured(seconds, usage["cpu"], usage["kb"], proc.returncode, out.decode("utf-8", "replace"),
                    err.decode("utf-8", "replace"), timed_out)


def run_case(case: Case, workdir: Path) -> dict:
    folder = workdir / case.name
    remove_tree(folder)
    folder.mkdir(parents=True)
    (folder / "brand.yaml").write_text(VOCAB, encoding="utf-8")
    targets = case.make(folder)
    size = sum(os.path.getsize(f) for f in _tree(folder)[1] if not f.endswith("brand.yaml"))
    cmd = [sys.executable, "-m", "voicecheck", "check", *targets, "--vocab", "brand.yaml", "--select", "VC1",
           "--format", "json", "--isolated"]
    m = _measure(cmd, folder, CASE_LIMIT * 4)
    problems = []
    findings = None
    if m.timed_out:
        problems.append(f"no answer within {CASE_LIMIT * 4:.0f} s")
    elif m.returncode not in (0, 1, 2) or "internal error" in m.stderr or "Traceback" in m.stderr:
        problems.append(f"exit {m.returncode}: {m.stderr.strip()[-300:]}")
    else:
        try:
            data = json.loads(m.stdout)
            findings = len(data["findings"])
            if data["errors"]:
                first = data["errors"][0]
                problems.append(f"{len(data['errors'])} input error(s), first: {first['path'][:60]}: "
                                f"{first['message']}")
        except (ValueError, KeyError):
            problems.append("output is not voicecheck JSON")
    if findings is not None:
        if case.expect_findings is None and findings < 1:
            problems.append("no findings")
        elif case.expect_findings is not None and findings != case.expect_findings:
            problems.append(f"{findings} findings, expected {case.expect_findings}")
    if case.timed and m.cpu > CASE_LIMIT:
        problems.append(f"{m.cpu:.1f} s of CPU, over the {CASE_LIMIT:g} s limit")
    return {"case": case.name, "bytes": size, "seconds": round(m.seconds, 2), "cpu": round(m.cpu, 2),
            "peak_mb": None if m.peak_rss_kb is None else round(m.peak_rss_kb / 1024, 1), "findings": findings,
            "problems": problems}


def run(names: list[str] | None = None, workdir: Path | None = None) -> dict:
    chosen = [c for c in CASES if not names or c.name in names]
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
    lines = [f"{'case':<22} {'input':>10} {'CPU':>8} {'wall':>8} {'peak RSS':>9} {'findings':>9}"]
    for r in rows:
        peak = "?" if r["peak_mb"] is None else f"{r['peak_mb']:.0f} MB"
        found = "-" if r["findings"] is None else f"{r['findings']:,}"
        lines.append(f"{r['case']:<22} {r['bytes'] / 1e6:>8.1f}MB {r['cpu']:>7.2f}s {r['seconds']:>7.2f}s {peak:>9} "
                     f"{found:>9}")
    if growth is not None:
        lines.append(f"4 MB / 1 MB line CPU time: {growth}× (linear ≈ 4×, bar {MAX_GROWTH:g}×)")
    lines.append(f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores at the end)")
    lines += [f"FAIL: {f}" for f in failures] or [f"all cases within {CASE_LIMIT:g} s"]
    return {"cases": rows, "growth": growth, "failures": failures, "text": "\n".join(lines)}
