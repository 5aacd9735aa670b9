from __future__ import annotations

import json
from pathlib import Path

import pytest

from voicecheck.cli import main

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


#: A two-term vocabulary for the review and decisions tests.
REVIEW_VOCAB = """\
brand: Fernway
terms:
  - use: member
    instead_of: [customer]
    why: People with an account are members.
  - use: Fernway
    case_sensitive: true
    instead_of: [FERNWAY]
"""


def write(root: Path, rel: str, text: str) -> Path:
    """Write ``text`` to ``root/rel`` (folders created) and return the path."""
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")
    return p


@pytest.fixture
def run_cli(capsys, monkeypatch):
    """Run the CLI in-process: returns (exit code, stdout, stderr)."""

    def run(*args: str, cwd: Path | None = None) -> tuple[int, str, str]:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def run_json(run_cli):
    """Run `voicecheck check ... --format json`: returns (exit code, parsed JSON, stderr)."""

    def run(*args: str, cwd: Path | None = None):
        code, out, err = run_cli("check", *args, "--format", "json", cwd=cwd)
        return code, (json.loads(out) if out.strip() else None), err

    return run
