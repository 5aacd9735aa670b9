"""`voicecheck review` with scripted keys, and `voicecheck decisions export|list`."""
from __future__ import annotations

import datetime
import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from voicecheck.cli import cli
from voicecheck.commands import review as review_module

from .conftest import REVIEW_VOCAB, review_project

ROOT = Path(__file__).resolve().parents[1]
TODAY = datetime.date.today().isoformat()

VOCAB = REVIEW_VOCAB

PAGE = """\
<html>
<body>
  <h1>Welcome to Fernway</h1>
  <p>Dear customer, welcome aboard. Your plants ship on Monday.</p>
  <p>Every customer gets a free care guide.</p>
  <p>Love, the FERNWAY team.</p>
  <p>Water your fern twice a week.</p>
</body>
</html>
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return review_project(tmp_path, VOCAB, PAGE)


def _review(*args: str, input: str):
    return CliRunner().invoke(cli, ["review", *args], input=input)


def _decisions(project: Path) -> dict[str, dict]:
    """The saved decisions, keyed by the first two words of their passage."""
    data = yaml.safe_load((project / "voicecheck-decisions.yaml").read_text())
    assert data["version"] == 1
    return {" ".join(d["passage"].split()[:2]): d for d in data["decisions"]}


def test_scripted_keys_write_the_expected_decisions(project):
    result = _review("--by", "Ana", input="a\nd i  Legal signed off \no")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "[1/3] VC101 error  content/emails/welcome.html:4:11  (email)" in out
    assert "[3/3] VC102 error  content/emails/welcome.html:6:16  (email)" in out
    assert 'term      use "member", not customer' in out
    assert "  > 4 | " in out and "    2 | <body>" in out and "    6 |" in out  # two lines of context each side
    assert "rule      VC101 banned-term: A word or phrase the vocabulary says not to use" in out
    assert out.rstrip().endswith("Reviewed: 1 accepted, 1 dismissed, 1 open, 0 skipped; decisions in "
                                 f"{project / 'voicecheck-decisions.yaml'}.")
    got = _decisions(project)
    common = {"path": "content/emails/welcome.html", "by": "Ana", "at": TODAY}
    assert {k: {f: v for f, v in d.items() if f != "fingerprint"} for k, d in got.items()} == {
        "Dear customer,": {**common, "code": "VC101", "term": "member",
                           "passage": "Dear customer, welcome aboard.", "state": "accepted"},
        "Every customer": {**common, "code": "VC101", "term": "member",
                           "passage": "Every customer gets a free care guide.", "state": "dismissed",
                           "reason": "intended", "note": "Legal signed off"},
        "Love, the": {**common, "code": "VC102", "term": "Fernway", "passage": "Love, the FERNWAY team.",
                      "state": "open"},
    }
    assert all(d["fingerprint"].startswith("vc1:") for d in got.values())


def test_dismissed_in_review_is_silent_in_check_and_not_offered_again(project, run_cli):
    assert _review("--by", "Ana", input="d f\n").exit_code == 0
    code, out, _ = run_cli("check", "--format", "json")
    assert out.count('"line": 4') == 0 and out.count('"line": 5') == 1 and code == 1
    result = _review("--by", "Ana", input="q")
    assert "[1/2] VC101 error  content/emails/welcome.html:5:12" in result.output
    result = _review("--by", "Ana", input="a a")
    assert "Reviewed: 2 accepted, 0 dismissed, 0 open, 0 skipped" in result.output
    result = _review(input="")
    assert result.exit_code == 0
    assert result.output == ("Nothing to review: 3 finding(s), all with a decision "
                             "(use --all to go through them again).\n")
    result = _review("--all", input="q")
    assert "[1/3]" in result.output and "decided   dismissed (false-positive) by Ana on " + TODAY in result.output


def test_end_of_input_saves_what_was_decided_and_quits(project):
    result = _review("--by", "Ana", input="a")
    assert result.exit_code == 0
    assert "Reviewed: 1 accepted, 0 dismissed, 0 open, 0 skipped, 2 not reached;" in result.output
    assert [d["state"] for d in _decisions(project).values()] == ["accepted"]
    # end of input inside the note prompt keeps the dismissal
    result = _review("--by", "Ana", input="d l")
    assert result.exit_code == 0
    assert _decisions(project)["Every customer"]["reason"] == "legal-approved"
    assert "note" not in _decisions(project)["Every customer"]


def test_skip_previous_and_unknown_keys(project):
    result = _review("--by", "Ana", input="s p x n d z q")
    assert result.exit_code == 0
    assert "(this is the first finding)" not in result.output
    assert "unknown key 'x'" in result.output
    # s: skip #1, p: back to #1, x: unknown, n: skip #1, d then z: back out of the dismissal, q: quit on #2
    assert "Reviewed: 0 accepted, 0 dismissed, 0 open, 1 skipped, 2 not reached." in result.output
    assert not (project / "voicecheck-decisions.yaml").exists()
    result = _review("--by", "Ana", input="p q")
    assert "(this is the first finding)" in result.output


def test_ctrl_c_keeps_earlier_decisions(project, monkeypatch):
    keys = iter("a")

    def read_char() -> str:
        for key in keys:
            return key
        raise KeyboardInterrupt

    monkeypatch.setattr(review_module, "_read_char", read_char)
    result = _review("--by", "Ana", input="")
    assert result.exit_code == 130
    assert "Reviewed: 1 accepted" in result.output
    assert [d["state"] for d in _decisions(project).values()] == ["accepted"]


def test_reviewer_falls_back_to_user_without_git(project, monkeypatch):
    monkeypatch.setenv("PATH", str(project / "no-bin"))  # no git to ask
    monkeypatch.setenv("USER", "zoe")
    assert _review(input="o q").exit_code == 0
    assert [d["by"] for d in _decisions(project).values()] == ["zoe"]


def test_review_bad_decisions_file_is_exit_2(project, run_cli):
    (project / "voicecheck-decisions.yaml").write_text("version: 1\ndecisions:\n- path: a\n")
    code, out, err = run_cli("review")
    assert code == 2 and out == ""
    assert err == (f"error: {project / 'voicecheck-decisions.yaml'}:3: decisions[0].code: required\n")


# ---------------------------------------------------------------- export

SPEC_KEYS = ["file", "snippet", "expect", "promise", "term", "phenomenon", "difficulty", "why"]
PHENOMENA = {
    "contradiction": {"numeric", "temporal", "negation", "antonym", "modality", "scope", "channel", "implicit"},
    "vocabulary": {"vocabulary", "vocabulary-inflection", "vocabulary-markup-split"},
    "clean": {"paraphrase-consistent", "topic-near-unrelated", "vocabulary-allowed", "vocabulary-markup"},
}


def assert_spec_valid(labels: list[dict], root: Path, brand: dict) -> None:
    """The field rules of ../shared/bench/SPEC.md (labels.yaml)."""
    uses = {t["use"] for t in brand.get("terms", [])}
    ids = {p["id"] for p in brand.get("promises", [])}
    lines_used = set()
    for label in labels:
        assert list(label) == SPEC_KEYS
        assert label["expect"] in PHENOMENA and label["phenomenon"] in PHENOMENA[label["expect"]]
        assert label["difficulty"] in ("easy", "medium", "hard")
        assert isinstance(label["why"], str) and label["why"]
        wants_promise = label["expect"] == "contradiction" or label["phenomenon"] in (
            "paraphrase-consistent", "topic-near-unrelated")
        wants_term = label["expect"] == "vocabulary" or label["phenomenon"] in (
            "vocabulary-allowed", "vocabulary-markup")
        assert (label["promise"] in ids) if wants_promise else label["promise"] is None
        assert (label["term"] in uses) if wants_term else label["term"] is None
        lines = (root / label["file"]).read_text(encoding="utf-8").split("\n")
        hits = [n for n, line in enumerate(lines, 1) if label["snippet"] in line]
        assert len(hits) == 1, label
        assert (label["file"], hits[0]) not in lines_used
        lines_used.add((label["file"], hits[0]))


def test_export_writes_spec_valid_labels(project, run_cli):
    page = project / "content" / "emails" / "welcome.html"
    page.write_text(PAGE + "<p>Hello customer.</p>\n<p>Hello customer.</p>\n<p>Bye customer.</p>\n")
    # accept, false positive, intended, a passage on two lines (one decision), open
    assert _review("--by", "Ana", input="a d f\nd i Brand voice\nd f\no").exit_code == 0
    code, out, err = run_cli("decisions", "export", "-o", "labels.yaml")
    assert code == 0 and out == ""
    assert "warning: content/emails/welcome.html VC101 vc1:" in err
    assert "the passage is on 2 lines, a label needs exactly one; skipped" in err
    assert err.rstrip().endswith("Exported 3 label(s), 1 open left out, 1 warning(s).")

    labels = yaml.safe_load((project / "labels.yaml").read_text())
    assert_spec_valid(labels, project, yaml.safe_load(VOCAB))
    assert sorted((lb["snippet"], lb["expect"], lb["term"], lb["phenomenon"], lb["why"]) for lb in labels) == [
        ("Dear customer, welcome aboard.", "vocabulary", "member", "vocabulary", "accepted"),
        ("Every customer gets a free care guide.", "clean", "member", "vocabulary-allowed",
         "dismissed (false-positive)"),
        ("Love, the FERNWAY team.", "vocabulary", "Fernway", "vocabulary", "dismissed (intended): Brand voice"),
    ]
    assert {lb["file"] for lb in labels} == {"content/emails/welcome.html"}

    # --root changes what `file` is relative to; the text that is gone is skipped with a warning
    page.write_text(page.read_text().replace("Dear customer, welcome aboard.", "Dear customer, hello."))
    code, out, err = run_cli("decisions", "export", "--root", "content")
    labels = yaml.safe_load(out)
    assert [lb["file"] for lb in labels] == ["emails/welcome.html", "emails/welcome.html"]
    assert "the passage is no longer in the file; skipped" in err


def test_list_and_missing_file(project, run_cli):
    code, _, err = run_cli("decisions", "list")
    assert code == 2 and "no decisions file yet" in err
    assert _review("--by", "Ana", input="a").exit_code == 0
    code, out, err = run_cli("decisions", "list")
    assert code == 0
    assert out == ('content/emails/welcome.html  VC101  member  accepted by Ana on '
                   f'{TODAY}  "Dear customer, welcome aboard."\n')


def test_review_and_export_promise_findings_on_the_demo(tmp_path, monkeypatch, run_cli):
    """VC301 with the real models: a contradiction label and a clean paraphrase label."""
    monkeypatch.setenv("VOICECHECK_CACHE_DIR", str(tmp_path / "cache"))
    shutil.copytree(ROOT / "corpora" / "demo", tmp_path / "content")
    shutil.copy(ROOT / "vocab" / "fernway.yaml", tmp_path / "brand.yaml")
    (tmp_path / "voicecheck.yaml").write_text("vocab: brand.yaml\npaths: [content]\n")
    monkeypatch.chdir(tmp_path)
    result = _review("--select", "VC301", "--by", "Ana", input="a d f\nq")
    assert result.exit_code == 0, result.output
    assert "  promise   free-delivery: \"Delivery is free on every order, on every plan.\" (pricing page)" \
        in result.output
    assert "  evidence  " in result.output
    code, out, err = run_cli("decisions", "export")
    assert code == 0, err
    labels = yaml.safe_load(out)
    assert_spec_valid(labels, tmp_path, yaml.safe_load((tmp_path / "brand.yaml").read_text()))
    assert [(lb["file"], lb["expect"], lb["promise"], lb["phenomenon"]) for lb in labels] == [
        ("content/emails/delivery_update.md", "contradiction", "free-delivery", "numeric"),
        ("content/emails/trial_ending.mjml", "clean", "free-trial", "paraphrase-consistent"),
    ]
    # the dismissed one is silent in check, the accepted one is still reported
    code, out, _ = run_cli("check", "--select", "VC301", "--format", "json")
    reported = {(f["path"], f["promise"]) for f in json.loads(out)["findings"]}
    assert ("content/emails/delivery_update.md", "free-delivery") in reported
    assert ("content/emails/trial_ending.mjml", "free-trial") not in reported
    assert ("content/locales/en.json", "free-trial") in reported  # another passage: still reported
