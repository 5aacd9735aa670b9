"""Every registered rule has documentation, good/bad fixtures, and behaves on them."""
from __future__ import annotations

import pytest

from voicecheck.checks import registry

from .conftest import FIXTURES

RULES_DIR = FIXTURES / "rules"
VOCAB = RULES_DIR / "vocab.yaml"

# what each rule reports on its bad fixture: (line, column, end_column, term)
EXPECTED_BAD = {
    "VC001": [(2, 1, None, None)],
    "VC101": [(2, 40, 49, "member"), (3, 8, 17, "sign in")],
    "VC102": [(3, 26, 41, "Fixture Plus"), (4, 14, 26, "Fixture Plus")],
    "VC103": [(5, 14, 23, "helpdesk")],
    "VC301": [(3, 23, 30, "free-trial"), (5, 27, 45, "free-trial"), (7, 35, 63, "human-support")],
    "VC302": [(20, 1, None, "human-support")],
    "VC303": [(3, 25, 42, None), (7, 41, 48, None)],
    "VC304": [(2, 13, 61, None), (3, 13, 33, None)],
}
# rules that need another rule running to say anything
WITH = {"VC001": ["VC101"]}
# rules that run only when the config asks for them (their folder holds the config)
CONFIGURED = {"VC304"}


def _fixtures(code: str):
    folder = RULES_DIR / code
    bad = sorted(folder.glob("bad.*"))
    good = sorted(folder.glob("good.*"))
    return bad, good


@pytest.mark.parametrize("rule", registry.all_rules(), ids=lambda r: r.code)
def test_rule_is_documented(rule):
    doc = rule.doc
    assert doc.startswith(f"{rule.code} {rule.name}:"), doc.splitlines()[0]
    for section in ("What it does", "Why", "Bad", "Good"):
        assert f"\n{section}\n" in doc, f"{rule.code} doc lacks a '{section}' section"


@pytest.mark.parametrize("rule", registry.all_rules(), ids=lambda r: r.code)
def test_rule_has_fixtures_and_expectations(rule):
    bad, good = _fixtures(rule.code)
    assert bad and good, f"{rule.code} needs tests/fixtures/rules/{rule.code}/bad.* and good.*"
    assert rule.code in EXPECTED_BAD, f"{rule.code} needs an entry in EXPECTED_BAD"


@pytest.mark.parametrize("rule", registry.all_rules(), ids=lambda r: r.code)
def test_rule_on_fixtures(rule, run_json):
    bad, good = _fixtures(rule.code)
    select = ",".join([rule.code, *WITH.get(rule.code, [])])
    config = ["--config", RULES_DIR / rule.code / "voicecheck.yaml"] if rule.code in CONFIGURED else ["--isolated"]
    code, data, err = run_json(*map(str, bad), "--vocab", VOCAB, "--select", select, *config, "--fail-on", "info")
    assert code == 1, err
    got = [(f["line"], f["column"], f["end_column"] if EXPECTED_BAD[rule.code][0][2] else None,
            f["term"] or f["promise"])
           for f in data["findings"] if f["code"] == rule.code]
    assert got == EXPECTED_BAD[rule.code]
    code, data, err = run_json(*map(str, good), "--vocab", VOCAB, "--select", select, *config, "--fail-on", "info")
    assert [f for f in data["findings"] if f["code"] == rule.code] == []
    assert code == 0, (err, data["findings"])


def test_rule_command_prints_doc(run_cli):
    code, out, _ = run_cli("rule", "VC101")
    assert code == 0
    assert "banned-term" in out and "What it does" in out and "Use instead" not in out


def test_rule_command_unknown_code(run_cli):
    code, out, err = run_cli("rule", "VC999")
    assert code == 2
    assert err.strip() == "error: unknown rule code 'VC999' (see `voicecheck rules`)"


def test_rules_lists_every_code(run_cli):
    code, out, _ = run_cli("rules")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == [r.code for r in registry.all_rules()]
