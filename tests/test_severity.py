"""Severity that gates: every finding has one (rule default, the term's or promise's
own, `severity:` per code in the config), `--fail-on` / `fail-on` decides the exit
code, and every output format shows it."""
from __future__ import annotations

import json

import pytest

from .conftest import write

VOCAB = """\
brand: Fixture Co
terms:
  - use: member
    instead_of: [customer]
  - use: sign in
    instead_of: [log in]
    severity: info
consistency:
  - [helpdesk, help desk]
"""


@pytest.fixture
def repo(tmp_path):
    write(tmp_path, "brand.yaml", VOCAB)
    write(tmp_path, "a.md", "Please log in to continue.\n")  # VC101 on an info term
    write(tmp_path, "b.md", "Open the helpdesk.\n\nThe helpdesk is open.\n\nAsk the help desk.\n")  # VC103: warning
    write(tmp_path, "c.md", "Dear customer,\n")  # VC101: error
    return tmp_path


def test_an_info_term_shows_its_severity_and_does_not_fail(repo, run_cli):
    code, out, _ = run_cli("check", "a.md", "--vocab", "brand.yaml", "--isolated", cwd=repo)
    assert code == 0
    assert 'a.md:1:8: VC101 [info] Use "sign in" instead of "log in"' in out
    assert "Found 1 finding (1 info; 1 fixable with --fix) in 1 file" in out
    assert "1 finding below --fail-on warning does not fail the run." in out
    code, _, _ = run_cli("check", "a.md", "--vocab", "brand.yaml", "--isolated", "--fail-on", "info", cwd=repo)
    assert code == 1


def test_fail_on_decides_the_exit_code(repo, run_cli):
    args = ("check", "b.md", "--vocab", "brand.yaml")
    code, out, _ = run_cli(*args, "--isolated", cwd=repo)
    assert code == 1 and "VC103 [warning]" in out  # warnings fail by default
    assert run_cli(*args, "--isolated", "--fail-on", "error", cwd=repo)[0] == 0
    write(repo, "voicecheck.yaml", "vocab: brand.yaml\nfail-on: error\n")
    assert run_cli("check", "b.md", cwd=repo)[0] == 0
    assert run_cli("check", "c.md", cwd=repo)[0] == 1  # an error still fails
    assert run_cli("check", "b.md", "--fail-on", "warning", cwd=repo)[0] == 1  # the option wins


def test_config_severity_per_code_and_the_term_s_own_wins(repo, run_json):
    write(repo, "voicecheck.yaml", "vocab: brand.yaml\nseverity:\n  VC101: warning\n  VC103: info\n")
    code, data, _ = run_json(".", cwd=repo)
    got = {(f["path"], f["code"]): f["severity"] for f in data["findings"]}
    assert got[("c.md", "VC101")] == "warning"  # the config's
    assert got[("a.md", "VC101")] == "info"  # the term's own
    assert got[("b.md", "VC103")] == "info"
    assert data["summary"]["by_severity"] == {"warning": 1, "info": 2}
    assert (code, data["summary"]["failing"]) == (1, 1)


def test_sarif_github_and_junit_reflect_the_severity(repo, run_cli):
    write(repo, "voicecheck.yaml", "vocab: brand.yaml\nseverity:\n  VC101: warning\n")
    _, out, _ = run_cli("check", ".", "--format", "sarif", cwd=repo)
    levels = {(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["ruleId"]): r["level"]
              for r in json.loads(out)["runs"][0]["results"]}
    assert levels == {("a.md", "VC101"): "note", ("b.md", "VC103"): "warning", ("c.md", "VC101"): "warning"}
    _, out, _ = run_cli("check", ".", "--format", "github", cwd=repo)
    assert out.startswith("::notice file=a.md,line=1")
    assert "::warning file=c.md,line=1" in out
    _, out, _ = run_cli("check", ".", "--format", "junit", cwd=repo)
    assert 'failures="2"' in out.splitlines()[1]  # the info finding passes
    assert '<failure message="[warning] Use &quot;member&quot;' in out
    assert "<system-out>a.md:1:8: VC101 [info]" in out


def test_a_promise_s_own_severity(tmp_path, run_json, monkeypatch):
    monkeypatch.setenv("VOICECHECK_CACHE_DIR", str(tmp_path / "cache"))
    write(tmp_path, "brand.yaml", "brand: Lumen\npromises:\n  - id: trial\n"
                                  "    text: Try Lumen Plus free for 14 days. No card required.\n    severity: info\n")
    write(tmp_path, "a.md", "To start your free trial, add a payment card.\n")
    code, data, _ = run_json("a.md", "--vocab", "brand.yaml", "--isolated", "--select", "VC301", cwd=tmp_path)
    assert [(f["code"], f["severity"]) for f in data["findings"]] == [("VC301", "info")]
    assert code == 0


@pytest.mark.parametrize("config, expected", [
    ("severity:\n  VC999: info\n", "voicecheck.yaml:3: severity: unknown rule code 'VC999'"),
    ("severity:\n  VC101: fatal\n", "voicecheck.yaml:3: severity: VC101: must be error, warning or info"),
    ("fail-on: fatal\n", "voicecheck.yaml:2: fail-on: must be error, warning or info, got 'fatal'"),
])
def test_bad_severity_settings_are_one_line(repo, run_cli, config, expected):
    write(repo, "voicecheck.yaml", "vocab: brand.yaml\n" + config)
    code, _, err = run_cli("check", ".", cwd=repo)
    assert code == 2 and expected in err and len(err.splitlines()) == 1, err


def test_a_promise_severity_must_be_a_level(tmp_path, run_cli):
    write(tmp_path, "brand.yaml", "promises:\n  - id: p\n    text: Free.\n    severity: loud\n")
    code, _, err = run_cli("check", ".", "--vocab", "brand.yaml", "--isolated", cwd=tmp_path)
    assert code == 2 and "brand.yaml:4: promises[0].severity: must be error, warning or info" in err
