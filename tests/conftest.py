from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from voicecheck.cli import main

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: The one reason a test that reads ../shared (the benchmark, corpora, schemas, NLI data) gives
#: when it is not there. CI sets VOICECHECK_REQUIRE_SHARED=1 (.ci/run): there such a test fails.
SHARED_MISSING = "../shared not found beside the checkout"
REQUIRE_SHARED = "VOICECHECK_REQUIRE_SHARED"


def needs_shared(*parts: str):
    """Mark a test that reads ``../shared/<parts>``: skipped with :data:`SHARED_MISSING`
    when that is missing, failed instead when $VOICECHECK_REQUIRE_SHARED is set (CI)."""
    return pytest.mark.shared(*parts)


def shared_path(*parts: str) -> Path:
    """``../shared/<parts>`` or, when missing, skip (or fail under CI) as :func:`needs_shared`."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get(REQUIRE_SHARED):
            pytest.fail(f"{path} not found, and {REQUIRE_SHARED} is set: CI runs every test with ../shared",
                        pytrace=False)
        pytest.skip(SHARED_MISSING)
    return path


def pytest_configure(config):
    config.addinivalue_line("markers", "shared(*parts): the test reads ../shared/<parts> (see needs_shared)")


def pytest_runtest_setup(item):
    for mark in item.iter_markers(name="shared"):
        shared_path(*mark.args)


@pytest.fixture
def shared() -> Path:
    """The ../shared folder (the test is marked with needs_shared, which checked what it reads)."""
    return SHARED


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


@pytest.fixture(scope="module")
def browser():
    """Headless /usr/bin/chromium through /usr/bin/chromedriver (Selenium Manager never runs);
    shared by the report and review-page browser tests."""
    import os

    from voicecheck.bench.report_render import BenchError, chromium

    try:
        driver = chromium()
    except BenchError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs the browser test: {exc}")
        pytest.skip(str(exc))
    try:
        yield driver
    finally:
        driver.quit()


def review_project(root: Path, vocab: str, page: str) -> Path:
    """A small content repository for the review and decision tests: voicecheck.yaml
    (vocabulary rules only), brand.yaml and one HTML email under content/emails/."""
    (root / "voicecheck.yaml").write_text("vocab: brand.yaml\npaths: [content]\nselect: [VC1]\n")
    (root / "brand.yaml").write_text(vocab)
    (root / "content" / "emails").mkdir(parents=True)
    (root / "content" / "emails" / "welcome.html").write_text(page)
    return root
