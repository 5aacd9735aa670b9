"""Review decisions: fingerprints, the decisions file, and how `voicecheck check` applies them."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from voicecheck import cli
from voicecheck.decisions import (
    Decision, DecisionStore, default_path, fingerprint, new_decision, passage_of)
from voicecheck.findings import Finding
from voicecheck.segments import SourceFile

from .conftest import REVIEW_VOCAB, review_project

VOCAB = REVIEW_VOCAB

PAGE = """\
<html>
<body>
  <h1>Welcome to Fernway</h1>
  <p>Dear customer, welcome aboard. Your plants ship on Monday.</p>
  <p>Every customer gets a free care guide.</p>
  <p>Water your fern twice a week.</p>
</body>
</html>
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A content repository: voicecheck.yaml, brand.yaml and one email."""
    monkeypatch.chdir(tmp_path)
    return review_project(tmp_path, VOCAB, PAGE)


def _run():
    prep = cli.prepare((), (), None, False)
    return prep, cli.run_checks(prep)


def _decide(state: str, line_contains: str, reason: str | None = None) -> None:
    """Record a decision for the finding on the line holding ``line_contains``."""
    prep, result = _run()
    store = DecisionStore.load(default_path(prep.settings))
    source = result.sources["content/emails/welcome.html"]
    [finding] = [f for f in result.report.findings if line_contains in source.line_text(f.line)]
    store.set(new_decision(store, finding, source, state, reason=reason, note="checked", by="Ana", at="2026-11-20"))
    store.save()


def _lines(run_json) -> list[int]:
    code, data, _ = run_json()
    return [f["line"] for f in data["findings"]]


def _edit(project: Path, old: str, new: str) -> None:
    page = project / "content" / "emails" / "welcome.html"
    text = page.read_text()
    assert old in text
    page.write_text(text.replace(old, new))


# ---------------------------------------------------------------- fingerprints

def _finding(line: int, column: int, end_column: int, **kw) -> Finding:
    return Finding("a.html", line, column, line, end_column, kw.pop("code", "VC101"), "vocabulary", "error", "m",
                   term=kw.pop("term", "member"), **kw)


def test_passage_is_the_sentence_holding_the_span():
    source = SourceFile("a.html", "x\n<p>Dear customer, welcome.  Plants ship Monday! Ok</p>\n")
    line = source.line_text(2)
    f = _finding(2, line.index("customer") + 1, line.index("customer") + 9)
    assert passage_of(f, source) == "<p>Dear customer, welcome."
    g = _finding(2, line.index("Monday") + 1, line.index("Monday") + 7)
    assert passage_of(g, source) == "Plants ship Monday!"


def test_fingerprint_ignores_line_number_whitespace_and_case_but_not_words_term_or_code():
    a = SourceFile("a.html", "<p>Dear customer,   welcome.</p>\n")
    b = SourceFile("a.html", "\n\n\n    <p>DEAR customer, welcome.</p>\n")
    fa = _finding(1, 9, 17)
    fb = _finding(4, 13, 21)
    assert fingerprint(fa, a) == fingerprint(fb, b)
    assert fingerprint(fa, a).startswith("vc1:") and len(fingerprint(fa, a)) == 20
    c = SourceFile("a.html", "<p>Dear customer, welcome back.</p>\n")
    assert fingerprint(fa, c) != fingerprint(fa, a)
    assert fingerprint(_finding(1, 9, 17, term="client"), a) != fingerprint(fa, a)
    assert fingerprint(_finding(1, 9, 17, code="VC102"), a) != fingerprint(fa, a)


# ---------------------------------------------------------------- check applies decisions

def test_dismissed_finding_stays_silent_after_edits_and_moves_and_returns_when_passage_changes(
        project, run_json, run_cli):
    assert _lines(run_json) == [4, 5]
    _decide("dismissed", "Dear customer", reason="intended")
    _decide("accepted", "Every customer")

    code, data, err = run_json()
    assert code == 1 and [f["line"] for f in data["findings"]] == [5]  # accepted stays reported
    assert "no longer match" not in err

    # an unrelated edit elsewhere, and another sentence of the same line
    _edit(project, "twice a week", "once a week")
    _edit(project, "Your plants ship on Monday.", "Your plants ship on Tuesday.")
    assert _lines(run_json) == [5]

    # the line moves: three lines inserted above it
    _edit(project, "<body>\n", "<body>\n  <p>New intro.</p>\n  <p>More.</p>\n  <p>Even more.</p>\n")
    assert _lines(run_json) == [8]

    # the passage itself changes: the finding comes back, the old decision is stale
    _edit(project, "Dear customer, welcome aboard.", "Dear customer, welcome to the club.")
    code, data, err = run_json()
    assert [f["line"] for f in data["findings"]] == [7, 8]
    assert "note: 1 decision(s) no longer match any finding" in err

    # --no-decisions shows everything and says nothing about stale decisions
    code, out, err = run_cli("check", "--no-decisions", "--format", "json")
    assert code == 1 and out.count('"code": "VC101"') == 2 and "no longer match" not in err


def test_dismissed_false_positive_turns_exit_code_clean(project, run_cli):
    _decide("dismissed", "Dear customer", reason="false-positive")
    _decide("dismissed", "Every customer", reason="legal-approved")
    code, out, err = run_cli("check", "-q")
    assert (code, out.strip(), err) == (0, "", "")


def test_stale_counts_only_checked_files_and_selected_rules(project, run_cli):
    _decide("dismissed", "Dear customer", reason="intended")
    (project / "content" / "other.html").write_text("<p>Nothing to see.</p>\n")
    _edit(project, "Dear customer", "Dear friend")
    code, _, err = run_cli("check", "content/other.html")  # the decided file was not checked
    assert (code, err) == (0, "")
    code, _, err = run_cli("check", "--select", "VC102")  # the decided rule did not run
    assert (code, err) == (0, "")
    code, _, err = run_cli("check")
    assert err == "note: 1 decision(s) no longer match any finding\n"


def test_decisions_file_is_sorted_and_byte_stable(project):
    prep, result = _run()
    source = result.sources["content/emails/welcome.html"]
    store = DecisionStore.load(default_path(prep.settings))
    for f in reversed(result.report.findings):
        store.set(new_decision(store, f, source, "open"))
    store.set(Decision("vc1:00000000000000ff", "VC102", "content/a.html", term="Fernway", passage="FERNWAY",
                       state="dismissed", reason="intended", at="2026-11-21"))
    path = store.save()
    first = path.read_bytes()
    DecisionStore.load(path).save()
    assert path.read_bytes() == first
    data = yaml.safe_load(first)
    keys = [(d["path"], d["code"], d["fingerprint"]) for d in data["decisions"]]
    assert keys == sorted(keys) and len(keys) == 3
    assert data["version"] == 1
    assert first.startswith(b"# voicecheck review decisions")
    assert list(data["decisions"][0]) == ["path", "code", "term", "fingerprint", "passage", "state", "reason", "at"]
    assert data["decisions"][0]["at"] == "2026-11-21"  # quoted: stays a string
    assert not list(project.glob(".voicecheck-decisions*"))  # no temp file left behind


def test_hand_typed_unquoted_date_loads_as_text(project):
    path = project / "voicecheck-decisions.yaml"
    path.write_text("version: 1\ndecisions:\n- path: a.html\n  code: VC101\n  fingerprint: vc1:0123456789abcdef\n"
                    "  state: accepted\n  at: 2026-11-20\n")
    [d] = DecisionStore.load(path).decisions
    assert d.at == "2026-11-20"


MALFORMED = [
    ("version: 1\ndecisions:\n- path: [a\n", 4, "invalid YAML"),
    ("version: 2\n", 1, "version: must be 1"),
    ("decisions: []\n", 1, "version: must be 1"),
    ("version: 1\ndecisions: {}\n", 2, "decisions: must be a list"),
    ("version: 1\ndecisions:\n- path: a.html\n  code: VC101\n  fingerprint: vc1:0123456789abcdef\n"
     "  state: maybe\n", 6, "decisions[0].state: must be one of accepted, dismissed, open"),
    ("version: 1\ndecisions:\n- path: a.html\n  code: VC101\n  fingerprint: vc1:0123456789abcdef\n"
     "  state: dismissed\n", 3, "decisions[0].reason: a dismissed decision needs a reason"),
    ("version: 1\ndecisions:\n- path: a.html\n  code: VC101\n  fingerprint: vc1:0123456789abcdef\n"
     "  state: accepted\n  reason: intended\n", 7, "only dismissed decisions have a reason"),
    ("version: 1\ndecisions:\n- path: a.html\n  code: VC101\n  fingerprint: 1234\n  state: open\n", 5,
     "fingerprint: must look like vc1:"),
    ("version: 1\ndecisions:\n- path: a.html\n  code: VC999\n  fingerprint: vc1:0123456789abcdef\n"
     "  state: open\n", 4, "unknown rule code 'VC999'"),
    ("version: 1\ndecisions:\n- path: a.html\n  code: VC101\n  fingerprint: vc1:0123456789abcdef\n"
     "  state: open\n  colour: red\n", 7, "unknown field 'colour'"),
    ("version: 1\ndecisions:\n- code: VC101\n  fingerprint: vc1:0123456789abcdef\n  state: open\n", 3,
     "decisions[0].path: required"),
    ("version: 1\ndecisions:\n- path: a.html\n  code: VC101\n  fingerprint: vc1:0123456789abcdef\n  state: open\n"
     "- path: a.html\n  code: VC101\n  fingerprint: vc1:0123456789abcdef\n  state: accepted\n", 7,
     "same path and fingerprint as the entry on line 3"),
]


@pytest.mark.parametrize("text,line,message", MALFORMED)
def test_malformed_decisions_file_is_one_error_line_with_file_and_line(project, run_cli, text, line, message):
    (project / "voicecheck-decisions.yaml").write_text(text)
    code, out, err = run_cli("check")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"error: {project / 'voicecheck-decisions.yaml'}:{line}: ")
    assert message in err


def test_empty_decisions_file_is_an_empty_store(project, run_cli):
    (project / "voicecheck-decisions.yaml").write_text("# nothing yet\n")
    code, _, err = run_cli("check", "-q")
    assert code == 1 and err == ""


def test_config_key_decisions_moves_the_file_and_it_is_never_linted(project, run_cli):
    (project / "voicecheck.yaml").write_text("vocab: brand.yaml\npaths: [content]\nselect: [VC1]\n"
                                             "decisions: content/review.yaml\n")
    settings = cli.prepare((), (), None, False).settings
    assert default_path(settings) == project / "content" / "review.yaml"
    _decide("dismissed", "Dear customer", reason="intended")
    text = (project / "content" / "review.yaml").read_text()
    assert "Dear customer" in text  # a banned word, in a YAML file under the checked folder…
    code, out, _ = run_cli("check", "--format", "json")
    assert code == 1 and "review.yaml" not in out and out.count('"code": "VC101"') == 1  # …never linted


def test_config_key_decisions_must_be_a_path(project, run_cli):
    (project / "voicecheck.yaml").write_text("vocab: brand.yaml\ndecisions: [a, b]\n")
    code, _, err = run_cli("check")
    assert code == 2 and err == f"error: {project / 'voicecheck.yaml'}:2: decisions: must be a path\n"


def test_default_path_without_config_is_the_working_folder(tmp_path, monkeypatch):
    from voicecheck.config import load_settings

    settings = load_settings(None, tmp_path, isolated=True)
    assert default_path(settings) == tmp_path / "voicecheck-decisions.yaml"


# ---------------------------------------------------------------- the passage a decision keeps

TEMPLATE = """\
<html><body>
  <p>Hi {{ first_name }}, every <b>customer</b> gets a care guide. Plants ship Monday.</p>
</body></html>
"""


def test_decision_keeps_the_sentence_as_a_reader_sees_it(project):
    (project / "content" / "emails" / "welcome.html").write_text(TEMPLATE)
    prep, result = _run()
    source = result.sources["content/emails/welcome.html"]
    [f] = result.report.findings
    store = DecisionStore.load(default_path(prep.settings))
    d = new_decision(store, f, source, "accepted", segments=result.segments[f.path])
    assert d.passage == "Hi {{ first_name }}, every customer gets a care guide."  # no <p>, no <b>, no 2nd sentence
    assert d.fingerprint == fingerprint(f, source)  # the fingerprint is what it always was
    without = new_decision(store, f, source, "accepted")  # no segments: the raw line's sentence
    assert without.passage == "<p>Hi {{ first_name }}, every <b>customer</b> gets a care guide."


def test_an_older_file_with_the_raw_line_passage_still_loads_matches_and_exports(project, run_cli):
    """Files written before passages were read as a reader sees them keep working."""
    prep, result = _run()
    source = result.sources["content/emails/welcome.html"]
    f = next(f for f in result.report.findings if "Every customer" in source.line_text(f.line))
    (project / "voicecheck-decisions.yaml").write_text(
        "version: 1\ndecisions:\n- path: content/emails/welcome.html\n  code: VC101\n  term: member\n"
        f"  fingerprint: {fingerprint(f, source)}\n  passage: <p>Every customer gets a free care guide.</p>\n"
        "  state: dismissed\n  reason: intended\n")
    code, out, err = run_cli("check", "--format", "json")
    assert code == 1 and out.count('"code": "VC101"') == 1 and '"line": 5' not in out and err == ""
    code, out, err = run_cli("decisions", "export")
    assert code == 0, err
    [label] = yaml.safe_load(out)
    assert label["snippet"] == "<p>Every customer gets a free care guide.</p>" and label["expect"] == "vocabulary"


def test_export_finds_the_reader_passage_in_the_file(project, run_cli):
    (project / "content" / "emails" / "welcome.html").write_text(TEMPLATE)
    prep, result = _run()
    [f] = result.report.findings
    store = DecisionStore.load(default_path(prep.settings))
    store.record(new_decision(store, f, result.sources[f.path], "accepted", segments=result.segments[f.path]))
    code, out, err = run_cli("decisions", "export")
    assert code == 0, err
    [label] = yaml.safe_load(out)
    # the file's own text of that sentence: an exact substring of its line, markup inside included
    assert label["snippet"] == "Hi {{ first_name }}, every <b>customer</b> gets a care guide."
    assert label["snippet"] in TEMPLATE.splitlines()[1]


# ---------------------------------------------------------------- several writers

def _two(project, n: int = 2) -> list[Decision]:
    return [Decision(f"vc1:{i:016x}", "VC101", "content/emails/welcome.html", term="member", passage=f"p{i}",
                     state="accepted") for i in range(n)]


def test_commit_keeps_decisions_another_writer_made_since_loading(project):
    path = project / "voicecheck-decisions.yaml"
    a, b = DecisionStore.load(path), DecisionStore.load(path)  # two writers, both loaded an empty file
    one, two = _two(project)
    a.record(one)
    b.record(two)  # b never saw `one`: without the re-read, this write would drop it
    assert {d.fingerprint for d in DecisionStore.load(path).decisions} == {one.fingerprint, two.fingerprint}
    assert {d.fingerprint for d in b.decisions} == {one.fingerprint, two.fingerprint}
    b.commit(one.key, None)  # removing one keeps the other
    assert [d.fingerprint for d in DecisionStore.load(path).decisions] == [two.fingerprint]
    assert not list(project.glob(".voicecheck-decisions*"))


def test_commit_compare_and_swap_refuses_a_changed_decision(project):
    from voicecheck.decisions import DecisionConflict

    path = project / "voicecheck-decisions.yaml"
    one, _ = _two(project)
    store = DecisionStore.load(path)
    assert store.commit(one.key, one, expected=None) is None
    dismissed = Decision(one.fingerprint, one.code, one.path, term="member", state="dismissed", reason="intended")
    with pytest.raises(DecisionConflict) as info:
        store.commit(one.key, dismissed, expected=None)  # someone decided it already
    assert info.value.current == one
    assert store.commit(one.key, dismissed, expected=one) == one
    assert DecisionStore.load(path).decisions == [dismissed]


WRITER = """\
import sys
from voicecheck.decisions import Decision, DecisionStore
path, first, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
store = DecisionStore.load(path)  # loaded once: every later write must merge what the others wrote
for i in range(first, first + count):
    store.record(Decision(f"vc1:{i:016x}", "VC101", "a.html", passage=f"p{i}", state="accepted"))
"""


def test_concurrent_writer_processes_lose_no_decision(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "voicecheck-decisions.yaml"
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    env = {**__import__("os").environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    procs = [subprocess.Popen([sys.executable, str(script), str(path), str(k * 100), "25"], env=env)
             for k in range(4)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0, 0]
    got = {d.fingerprint for d in DecisionStore.load(path).decisions}
    assert got == {f"vc1:{i:016x}" for k in range(4) for i in range(k * 100, k * 100 + 25)}
