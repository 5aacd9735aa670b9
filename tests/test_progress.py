"""Progress on a terminal: the engine reports its slow stages to a callback, the CLI
draws a rich bar on stderr only when stderr is a terminal (never piped, never in CI),
and a file that fails to parse is printed as soon as it is read."""
from __future__ import annotations

import os
import pty
import select
import subprocess
import sys

from voicecheck import engine

from .conftest import ROOT, write

DEMO = ROOT / "corpora" / "demo"
FERNWAY = ROOT / "vocab" / "fernway.yaml"


def test_the_engine_reports_files_passages_and_pairs(tmp_path):
    from voicecheck.config import Settings
    from voicecheck.discover import discover
    from voicecheck.vocab import load_vocabulary

    seen: dict[str, tuple[int, int]] = {}
    settings = Settings(root=DEMO, cache_dir=tmp_path)
    files = discover(["."], settings, DEMO).files
    engine.run(files, load_vocabulary(FERNWAY), settings, {"VC101", "VC301"},
               progress=lambda stage, done, total: seen.__setitem__(stage, (done, total)))
    assert seen["files parsed"] == (len(files), len(files))
    assert seen["passages embedded"][0] == seen["passages embedded"][1] > 10
    assert seen["pairs judged"][0] == seen["pairs judged"][1] > 0


def _run(stderr_tty: bool, tmp_path, extra_env=None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env.update({"VOICECHECK_PROGRESS_DELAY": "0", "VOICECHECK_CACHE_DIR": str(tmp_path / "cache"),
                "TERM": "xterm", "COLUMNS": "100", **(extra_env or {})})
    args = [sys.executable, "-m", "voicecheck", "check", str(DEMO), "--vocab", str(FERNWAY), "--format", "json"]
    if not stderr_tty:
        proc = subprocess.run(args, capture_output=True, text=True, env=env, timeout=300)
        return proc.stderr
    leader, follower = pty.openpty()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=follower, env=env)
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 300)
        if not ready:
            break
        try:
            data = os.read(leader, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.communicate(timeout=300)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_a_bar_on_a_terminal_never_when_piped_or_in_ci(tmp_path):
    shown = _run(True, tmp_path / "a")
    assert "files parsed" in shown and "passages embedded" in shown
    piped = _run(False, tmp_path / "b")
    assert "files parsed" not in piped and "\x1b[" not in piped
    in_ci = _run(True, tmp_path / "c", {"CI": "true"})
    assert "files parsed" not in in_ci


def test_a_parse_error_is_printed_as_it_happens(tmp_path, run_cli, monkeypatch, capsys):
    write(tmp_path, "brand.yaml", "brand: X\nterms:\n  - use: member\n    instead_of: [customer]\n")
    write(tmp_path, "a.json", "{,}\n")
    write(tmp_path, "b.md", "Dear customer.\n")
    seen_before_checks = []
    items = engine.Matching.items

    def spy(*args, **kwargs):
        seen_before_checks.append(capsys.readouterr().err)  # what stderr held when b.md's checks began
        return items(*args, **kwargs)

    monkeypatch.setattr(engine.Matching, "items", spy)
    code, _, err = run_cli("check", ".", "--vocab", "brand.yaml", "--isolated", cwd=tmp_path)
    assert code == 2
    assert seen_before_checks and "error: a.json:1:2:" in seen_before_checks[0]
    assert "a.json" not in err  # and not printed twice


def test_findings_written_file_by_file_go_to_stdout_while_the_bar_is_drawn(tmp_path):
    """The bar is drawn on stderr (a terminal); the text report, written file by file as files are
    checked, goes to stdout (a pipe) whole, none of it through the bar's terminal."""
    vocab = tmp_path / "brand.yaml"
    vocab.write_text("brand: X\nterms:\n  - use: member\n    instead_of: [customer]\n", encoding="utf-8")
    for i in range(60):
        write(tmp_path, f"docs/page-{i:02d}.md", f"# Page {i}\n\nDear customer, page {i} is ready.\n" * 80)
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env.update({"VOICECHECK_PROGRESS_DELAY": "0", "TERM": "xterm", "COLUMNS": "100",
                "PYTHONPATH": str(ROOT)})
    args = [sys.executable, "-m", "voicecheck", "check", "docs", "--vocab", str(vocab), "--isolated",
            "--format", "concise", "--jobs", "2"]
    leader, follower = pty.openpty()
    proc = subprocess.Popen(args, cwd=tmp_path, stdout=subprocess.PIPE, stderr=follower, env=env)
    os.close(follower)
    seen, out = [], []
    streams = {leader: seen, proc.stdout.fileno(): out}  # both read as they come: neither pipe may fill up
    while streams:
        ready, _, _ = select.select(list(streams), [], [], 120)
        if not ready:
            break
        for fd in ready:
            try:
                data = os.read(fd, 65536)
            except OSError:
                data = b""
            if data:
                streams[fd].append(data)
            else:
                del streams[fd]
    proc.wait(timeout=120)
    os.close(leader)
    lines = b"".join(out).decode().splitlines()
    assert proc.returncode == 1
    assert len([x for x in lines if " VC101 " in x]) == 60 * 80
    assert lines[-1].startswith("Found 4800 findings")
    assert b"VC101" not in b"".join(seen)  # nothing of the report on the terminal
