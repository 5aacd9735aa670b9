"""The hook as users run it: the real pre-commit tool installs voicecheck from
this repository (.pre-commit-hooks.yaml) into its own environment and runs it
on a temporary content repository."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import FIXTURES, ROOT


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture(scope="module")
def content_repo(tmp_path_factory):
    repo = tmp_path_factory.mktemp("content-repo")
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "writer@example.com")
    git(repo, "config", "user.name", "Writer")
    (repo / "brand.yaml").write_text((FIXTURES / "rules" / "vocab.yaml").read_text())
    (repo / "voicecheck.yaml").write_text("vocab: brand.yaml\n")
    (repo / "emails").mkdir()
    (repo / "emails" / "welcome.html").write_text("<p>Dear member, welcome!</p>\n")
    rev = git(ROOT, "rev-parse", "HEAD")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {ROOT.as_posix()}\n    rev: {rev}\n    hooks:\n      - id: voicecheck\n")
    git(repo, "add", "-A")
    return repo


def pre_commit(repo: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    exe = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    return subprocess.run([exe, *args], cwd=repo, capture_output=True, text=True, env=env, timeout=600)


def test_hook_passes_clean_content_and_blocks_a_banned_term(content_repo, tmp_path_factory):
    home = tmp_path_factory.mktemp("pre-commit-home")
    ok = pre_commit(content_repo, home, "run", "--all-files")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "voicecheck" in ok.stdout and "Passed" in ok.stdout

    (content_repo / "emails" / "welcome.html").write_text("<p>Dear customer, welcome!</p>\n")
    git(content_repo, "add", "-A")
    bad = pre_commit(content_repo, home, "run", "--all-files")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert 'emails/welcome.html:1:9: VC101 [error] Use "member" instead of "customer"' in bad.stdout

    # and as a real git hook, it stops the commit
    installed = pre_commit(content_repo, home, "install")
    assert installed.returncode == 0, installed.stderr
    env = {**os.environ, "PRE_COMMIT_HOME": str(home)}
    commit = subprocess.run(["git", "commit", "-qm", "add welcome email"], cwd=content_repo, capture_output=True,
                            text=True, env=env, timeout=600)
    assert commit.returncode != 0
    assert "VC101" in commit.stdout + commit.stderr
    assert git(content_repo, "rev-list", "--all") == "", "the commit must not have been made"


def test_hook_definition_is_serial():
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert [h["id"] for h in hooks] == ["voicecheck", "voicecheck-promises"]
    assert all(h["require_serial"] is True for h in hooks)
    assert hooks[0]["entry"] == "voicecheck check --select VC0,VC1"
    assert hooks[1]["entry"] == "voicecheck check"
    # the promises hook installs exactly the promises extra: no torch
    import tomllib

    extra = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["promises"]
    assert hooks[1]["additional_dependencies"] == extra
    assert not any(d.startswith(("torch", "sentence-transformers")) for d in extra)
