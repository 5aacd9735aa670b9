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
VARIANTS = FIXTURES / "fixes" / "variants"
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


def test_another_english_is_not_checked_unless_the_config_says_so(tmp_path, run_json):
    shutil.copytree(VARIANTS, tmp_path / "v")
    code, data, err = run_json("locales", "--vocab", "brand.yaml", "--isolated", "--select", "VC1",
                               cwd=tmp_path / "v")
    assert {f["path"] for f in data["findings"]} == {"locales/en.json"}
    assert ("note: the vocabulary rules skipped 2 locale files of another English (en-AU 1, en-GB 1: "
            "locales/en-AU.json, locales/en-GB.json); to check them in their own spelling, add "
            "`english: {check: [en-AU]}` to the config") in err


def test_another_english_is_checked_in_its_own_spelling(tmp_path, run_json, run_cli):
    shutil.copytree(VARIANTS, tmp_path / "v")
    code, data, err = run_json("locales", "--select", "VC1", cwd=tmp_path / "v")
    found = [(f["path"], f["line"], f["message"], (f["fix"] or {}).get("replacement")) for f in data["findings"]]
    assert found == [
        ("locales/en-GB.json", 4, 'Use "colour" instead of "hue"', "colour"),
        ("locales/en-GB.json", 4, 'Use "organisation" instead of "company"', "organisation"),
        ("locales/en-GB.json", 5, 'Use "member" instead of "customer"', "member"),
        ("locales/en.json", 3, 'Use "organization" instead of "organisation"', "organization"),
        ("locales/en.json", 4, 'Use "color" instead of "hue"', "color"),
        ("locales/en.json", 4, 'Use "organization" instead of "company"', "organization"),
    ]
    assert all(f["term"] in ("organization", "color", "member") for f in data["findings"])  # the terms as listed
    assert "en-AU" in err  # not listed: skipped, with the note
    run_cli("check", "locales", "--select", "VC1", "--fix", cwd=tmp_path / "v")
    assert (tmp_path / "v" / "locales" / "en-GB.json").read_text(encoding="utf-8") == (
        '{\n  "org": {\n    "title": "Your organisation",\n    "color": "Pick a colour for your organisation",\n'
        '    "members": "Every member of the organisation sees its colour."\n  }\n}\n')


@pytest.mark.parametrize("setting,message", [
    ("english:\n  check: [fr]\n", "voicecheck.yaml:3: english: 'fr' is not an English locale code such as en-US, "
                                  "en-GB, en-AU"),
    ("english: en-GB\n", "voicecheck.yaml:2: english: must be a mapping, e.g. {vocabulary: en-US, check: [en-GB, "
                         "en-AU]}"),
    ("english:\n  spelling: en-GB\n", "voicecheck.yaml:2: english: unknown setting 'spelling' (expected vocabulary, "
                                      "check)"),
])
def test_a_wrong_english_setting_is_one_error_line(tmp_path, run_cli, setting, message):
    (tmp_path / "voicecheck.yaml").write_text("vocab: brand.yaml\n" + setting, encoding="utf-8")
    shutil.copy(VARIANTS / "brand.yaml", tmp_path / "brand.yaml")
    code, out, err = run_cli("check", ".", cwd=tmp_path)
    assert code == 2 and err.count("\n") == 1 and err.strip().endswith(message), err


@pytest.mark.parametrize("text,word,joined", [
    ("Send it to mail-primary-server today", "mail", True),
    ("Set the X-Customer-Id header", "Customer", True),
    ("Read config.customer first", "customer", True),
    ("Ask the customer.", "customer", False),
    ("Ask the customer.) Then wait", "customer", False),
    ("Ask the customer - politely", "customer", False),
    ("(customer) support", "customer", False),
])
def test_identifier_like_means_joined_to_a_letter_or_digit(text, word, joined):
    from voicecheck.checks.vocabulary._common import identifier_like

    start = text.index(word)
    assert identifier_like(text, start, start + len(word)) is joined
