"""--fix never breaks text or code: each safety rule on real-format files (an HTML email, a
nested JSON locale file, a Markdown macro with front matter, a gettext catalog), the whole
result compared with a snapshot, and a second --fix that changes nothing."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import FIXTURES

PROJECT = FIXTURES / "fixes" / "project"
EXPECTED = FIXTURES / "fixes" / "expected"
CONTENT = ["emails/welcome.html", "locales/en.json", "support/payouts.md", "errors/errors.po"]


@pytest.fixture
def project(tmp_path) -> Path:
    shutil.copytree(PROJECT, tmp_path / "project")
    return tmp_path / "project"


def _fixed(run_cli, project: Path) -> dict[str, str]:
    code, out, err = run_cli("check", ".", "--vocab", "brand.yaml", "--isolated", "--select", "VC1", "--fix",
                             "--format", "concise", cwd=project)
    assert code == 1, err  # some findings are left to the writer
    return {rel: (project / rel).read_text(encoding="utf-8") for rel in CONTENT}


def _fixes(run_json, project: Path) -> dict[tuple[str, int, int], str | None]:
    """(path, line, column) -> the fix's replacement (None: no fix offered), for every finding."""
    code, data, err = run_json(".", "--vocab", "brand.yaml", "--isolated", "--select", "VC1", cwd=project)
    assert code == 1, err
    return {(f["path"], f["line"], f["column"]): (f["fix"] or {}).get("replacement") for f in data["findings"]}


def test_fix_matches_the_snapshot_and_a_second_fix_changes_nothing(project, run_cli):
    first = _fixed(run_cli, project)
    for rel in CONTENT:
        assert first[rel] == (EXPECTED / rel).read_text(encoding="utf-8"), rel
    assert _fixed(run_cli, project) == first
    code, out, err = run_cli("check", ".", "--vocab", "brand.yaml", "--isolated", "--select", "VC1", "--diff",
                             cwd=project)
    assert out == "" and code == 0, (out, err)


@pytest.mark.parametrize("where,replacement", [
    (("emails/welcome.html", 9, 7), "MEMBER"),  # all caps: CUSTOMER SUPPORT
    (("emails/welcome.html", 10, 6), "Member"),  # a capital first letter
    (("emails/welcome.html", 10, 42), "member"),  # lower case
    (("emails/welcome.html", 11, 7), "Saved Replies"),  # title case, and the plural
    (("emails/welcome.html", 12, 6), "Saved replies"),  # sentence case
    (("locales/en.json", 6, 15), "SIGN IN"),
    # an acronym listed in capitals has no case of its own; "Direct message" is written in sentence case
    (("locales/en.json", 9, 21), "direct message"),
])
def test_a_fix_keeps_the_case_pattern(project, run_json, where, replacement):
    assert _fixes(run_json, project)[where] == replacement


@pytest.mark.parametrize("where,replacement", [
    (("locales/en.json", 3, 16), None),  # "Login failed": a noun; "sign in" is a verb
    (("locales/en.json", 4, 13), "Sign in"),  # "Log in to continue": the verb
    (("locales/en.json", 5, 18), "signed in"),  # the verb in its own inflection
    (("errors/errors.po", 8, 14), None),  # "Your login expired"
    (("emails/welcome.html", 15, 10), None),  # "You booked a slot": a verb; "appointment" is a noun
    (("emails/welcome.html", 15, 42), "appointment"),  # "Your booking": the noun
    (("emails/welcome.html", 13, 36), None),  # "DM us": a verb
    (("locales/en.json", 10, 15), None),  # "DM your coach": an imperative verb
    (("support/payouts.md", 7, 11), "paid out"),  # "Funds are disbursed": irregular "paid"
    (("support/payouts.md", 7, 38), None),  # "disburse them": "pay out them" is not English
])
def test_a_noun_is_replaced_by_a_noun_and_a_verb_by_a_verb(project, run_json, where, replacement):
    assert _fixes(run_json, project)[where] == replacement


@pytest.mark.parametrize("where", [
    ("emails/welcome.html", 14, 82),  # mail-primary-server: words joined by "-"
    ("support/payouts.md", 9, 69),  # an HTTP header name, X-Customer-Signature
    ("support/payouts.md", 10, 1),  # Customer-facing
    ("locales/en.json", 13, 22),  # inside a code span
    ("emails/welcome.html", 16, 48),  # inside another term's allow phrase ("customer subscription agreement")
    ("emails/welcome.html", 17, 54),  # the preferred term "organization" is itself banned
])
def test_no_fix_inside_identifiers_code_spans_or_allowed_phrases(project, run_json, where):
    fixes = _fixes(run_json, project)
    assert where in fixes and fixes[where] is None


def test_a_or_an_changes_with_the_word(project, run_cli):
    text = _fixed(run_cli, project)["emails/welcome.html"]
    assert "A space owns this space." in text and "a saved reply answers" in text
