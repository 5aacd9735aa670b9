"""Checking files in a pool of processes (``--jobs``): the same output, byte for byte, as one
process; the ``jobs`` setting; a clean Ctrl-C; a plain ``check`` keeps no file's text."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, write
from voicecheck import engine, parallel
from voicecheck.config import load_settings
from voicecheck.discover import discover
from voicecheck.vocab import load_vocabularies

VOCAB = """\
brand: Fernway
terms:
  - use: member
    instead_of: [customer, client]
  - use: sign in
    instead_of: [log in, login]
  - use: Fernway
    case_sensitive: true
    instead_of: [FernWay, fernway]
  - use: organization
    instead_of: [company]
consistency:
  - [help desk, helpdesk]
  - [e-mail, email]
"""

#: One file of each of several formats; {i} makes each copy differ.
TEMPLATES = {
    "md": "# Notes {i}\n\nEvery customer can log in to FernWay from the app. Email the help desk.\n\n"
          "- A client note {i}\n- Another line for the helpdesk and each e-mail\n",
    "json": '{{"title": "Welcome, customer {i}", "body": "Log in to see your company plan.", '
            '"footer": "Write to the helpdesk by email."}}\n',
    "html": "<html><body><p>Dear customer {i},</p><p>Please <strong>log in</strong> to fernway. "
            "<!-- voicecheck: ignore[VC101] --></p><p>Your client area</p></body></html>\n",
    "po": 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
          'msgid "m{i}"\nmsgstr "Customer {i}: login failed. Ask the help desk."\n',
    "yml": "greeting: Hello customer {i}\n# voicecheck: ignore[VC102]\nnote: Every client gets an email\n",
}


def make_corpus(root: Path, copies: int) -> Path:
    """A corpus of ``copies`` files of each template (with the VC103 spellings mixed across
    files, suppressions used and unused, a per-file ignore, an English variant and a broken file)."""
    content = root / "content"
    for i in range(copies):
        for ext, text in TEMPLATES.items():
            repeat = 1 + i % 3 if ext == "md" else 1  # files of several sizes
            write(content, f"part-{i % 7}/file-{i:04d}.{ext}", text.format(i=i) * repeat)
    write(content, "part-0/broken.json", "{,}\n")
    write(content, "locales/en-GB/strings.json", '{"a": "Each customer may colour the organisation page."}\n')
    write(content, "padding.txt", "A long text without any listed word in it. " * 5000)  # the pool's byte threshold
    write(root, "brand.yaml", VOCAB)
    write(root, "voicecheck.yaml", "vocab: brand.yaml\nper-file-ignores:\n  'part-3/*.json': [VC103]\n"
                                   "english: {check: [en-GB]}\n")
    return content


def run(args: list[str], cwd: Path, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    full = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p),
            **(env or {})}
    return subprocess.run([sys.executable, "-m", "voicecheck", *args], cwd=cwd, env=full, capture_output=True,
                          **kwargs)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("parallel")
    make_corpus(root, 60)
    return root


def test_the_corpus_is_big_enough_for_a_pool(corpus):
    settings = load_settings(None, corpus)
    tasks = discover(["content"], settings, corpus).files
    assert len(tasks) >= parallel.MIN_FILES
    assert parallel.processes(2, tasks) == 2
    assert parallel.processes(1, tasks) == 1
    assert parallel.processes(2, tasks[:parallel.MIN_FILES - 1]) == 1  # a pre-commit run over a few files


@pytest.mark.parametrize("fmt", ["json", "sarif", "text", "concise", "github", "junit"])
def test_two_processes_write_the_same_bytes_as_one(corpus, fmt, tmp_path):
    log = tmp_path / "pool.log"
    one = run(["check", "content", "--format", fmt, "--jobs", "1"], corpus, {"VOICECHECK_POOL_LOG": str(log)})
    assert not log.exists()  # one process: no pool
    two = run(["check", "content", "--format", fmt, "--jobs", "2"], corpus, {"VOICECHECK_POOL_LOG": str(log)})
    assert log.read_text().startswith("processes=2 ")  # the pool ran
    assert int(log.read_text().split("chunks=")[1].split()[0]) > 2
    assert one.returncode == two.returncode == 2  # findings, and one broken file
    assert one.stdout == two.stdout
    assert one.stderr == two.stderr
    assert b"Traceback" not in two.stderr
    if fmt == "json":
        data = json.loads(two.stdout)
        codes = data["summary"]["by_code"]
        assert {"VC001", "VC101", "VC102", "VC103"} <= set(codes)  # every per-file and cross-file stage ran
        assert data["summary"]["errors"] == 1
        assert any(f["path"].startswith("content/locales/en-GB") for f in data["findings"])


def test_a_streamed_report_is_the_report_written_whole(corpus, tmp_path):
    """text, concise and github are written file by file; -o writes the report at the end."""
    for fmt in ("text", "concise", "github"):
        out = tmp_path / f"report.{fmt}"
        streamed = run(["check", "content", "--format", fmt, "--jobs", "2"], corpus)
        whole = run(["check", "content", "--format", fmt, "--jobs", "2", "-o", str(out)], corpus)
        assert streamed.returncode == whole.returncode == 2
        assert streamed.stdout == out.read_bytes()


def test_streamed_without_vc103_too(corpus, tmp_path):
    """Without VC103 no file waits for the others: every file's findings are written as it is checked."""
    one = run(["check", "content", "--select", "VC101,VC102", "--jobs", "1"], corpus)
    two = run(["check", "content", "--select", "VC101,VC102", "--jobs", "2", "-q"], corpus)
    assert one.stdout.startswith(two.stdout)
    assert b"\nFound " in one.stdout and b"Found " not in two.stdout


def test_a_plain_check_keeps_no_file_text(corpus):
    settings = load_settings(None, corpus)
    vocab = load_vocabularies([(corpus / "brand.yaml", "brand.yaml")])
    tasks = discover(["content"], settings, corpus).files
    selected = {"VC001", "VC101", "VC102", "VC103"}
    light = engine.run(tasks, vocab, settings, selected, keep=engine.Keep(sources=False, segments=False))
    full = engine.run(tasks, vocab, settings, selected)
    assert not light.sources and not light.segments
    assert len(full.sources) == len(full.segments) == full.report.files == light.report.files
    assert light.report.findings == full.report.findings


def test_spawned_workers_give_the_same_findings(corpus, monkeypatch):
    """Where a process can't fork (several threads, another platform), workers are started fresh."""
    settings = load_settings(None, corpus)
    vocab = load_vocabularies([(corpus / "brand.yaml", "brand.yaml")])
    tasks = discover(["content"], settings, corpus).files
    checker = engine.FileChecker(vocab, settings, {"VC101", "VC102", "VC103"})
    import multiprocessing

    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    with parallel.ordered(checker, tasks, 2) as results:
        pooled = [(o.path, o.findings, o.candidates, o.error) for o in results]
    alone = [(o.path, o.findings, o.candidates, o.error) for o in map(checker, tasks)]
    assert pooled == alone


def test_chunks_keep_the_order_and_every_task():
    tasks = [type("T", (), {"abspath": None})() for _ in range(1000)]
    parts = parallel.chunks(tasks, 2)
    assert [t for first, end in parts for t in tasks[first:end]] == tasks
    assert len(parts) > 8 and all(0 < end - first <= parallel.CHUNK_FILES for first, end in parts)


@pytest.mark.parametrize("value", ["two", "0", "-1", "true", "1.5"])
def test_jobs_setting_must_be_a_whole_number(tmp_path, run_cli, value):
    write(tmp_path, "brand.yaml", "brand: X\nterms:\n  - use: member\n    instead_of: [customer]\n")
    write(tmp_path, "voicecheck.yaml", f"vocab: brand.yaml\n\njobs: {value}\n")
    write(tmp_path, "a.md", "Dear customer.\n")
    code, out, err = run_cli("check", "a.md", cwd=tmp_path)
    assert code == 2 and out == ""
    assert err.startswith(f"error: {tmp_path / 'voicecheck.yaml'}:3: jobs: must be a whole number ≥ 1")
    assert len(err.strip().splitlines()) == 1


def test_jobs_setting_and_option(tmp_path, run_cli):
    write(tmp_path, "brand.yaml", "brand: X\nterms:\n  - use: member\n    instead_of: [customer]\n")
    write(tmp_path, "voicecheck.yaml", "vocab: brand.yaml\njobs: 3\n")
    write(tmp_path, "a.md", "Dear customer.\n")
    code, out, _ = run_cli("check", "a.md", "--show-settings", cwd=tmp_path)
    assert code == 0 and "\njobs: 3\n" in out
    code, out, err = run_cli("check", "a.md", "--jobs", "0", cwd=tmp_path)
    assert code == 2 and "--jobs" in err
    code, out, _ = run_cli("check", "a.md", "--jobs", "2", "--format", "concise", cwd=tmp_path)
    assert code == 1 and out.startswith("a.md:1:6: VC101")


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="POSIX signals")
@pytest.mark.parametrize("whole_group", [True, False])
def test_ctrl_c_stops_the_pool_cleanly(tmp_path, whole_group):
    """Ctrl-C in a terminal reaches every process of the group; ``kill -INT`` only the main one."""
    make_corpus(tmp_path, 700)
    log = tmp_path / "pool.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "VOICECHECK_POOL_LOG": str(log)}
    proc = subprocess.Popen([sys.executable, "-m", "voicecheck", "check", "content", "--jobs", "2", "--format",
                             "json"], cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    deadline = time.monotonic() + 60
    while not log.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    time.sleep(0.2)
    if whole_group:
        os.killpg(proc.pid, signal.SIGINT)
    else:
        os.kill(proc.pid, signal.SIGINT)
    try:
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130
    assert err.decode().splitlines()[-1] == "error: interrupted"
    assert b"Traceback" not in err and b"KeyboardInterrupt" not in err
    assert out == b""
    time.sleep(0.2)
    left = subprocess.run(["pgrep", "-s", str(proc.pid)], capture_output=True, text=True).stdout.split()
    assert not left, f"worker processes left running: {left}"


def test_promise_checks_after_a_pool_give_the_same_report(tmp_path):
    """Files are parsed in the pool; the promise checks then embed every passage in this process."""
    import shutil

    for i in range(6):
        shutil.copytree(ROOT / "corpora" / "demo", tmp_path / "content" / f"copy-{i}")
    write(tmp_path, "content/padding.txt", "A long text without any listed word in it. " * 5000)  # the byte threshold
    settings = load_settings(None, tmp_path, isolated=True)
    tasks = discover(["content"], settings, tmp_path).files
    assert parallel.processes(2, tasks) == 2
    log = tmp_path / "pool.log"
    env = {"VOICECHECK_CACHE_DIR": str(tmp_path / "cache"), "VOICECHECK_POOL_LOG": str(log)}
    args = ["check", "content", "--vocab", str(ROOT / "vocab" / "fernway.yaml"), "--isolated", "--format", "json"]
    one = run([*args, "--jobs", "1"], tmp_path, env)
    assert not log.exists()
    two = run([*args, "--jobs", "2"], tmp_path, env)
    assert log.read_text().startswith("processes=2 ")
    assert one.returncode == two.returncode == 1, two.stderr
    assert one.stdout == two.stdout
    codes = json.loads(two.stdout)["summary"]["by_code"]
    assert codes.get("VC301", 0) >= 6 and codes.get("VC101", 0) > 0  # the demo's contradictions, in every copy
