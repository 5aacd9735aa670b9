from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET

from voicecheck.findings import InputError, Report
from voicecheck.reporters import junit

from .conftest import banned

EXPECTED = """\
<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="voicecheck" tests="4" failures="3" errors="0" skipped="0" time="0">
  <testsuite name="docs/données/café.md" tests="1" failures="0" errors="0" skipped="0" time="0">
    <testcase classname="docs/données/café.md" name="VC103 (inconsistent-term) [info] at 12:8" time="0">
      <system-out>docs/données/café.md:12:8: VC103 [info] “sign in” and “log in” both name one concept; pick one.
  Please log in to continue.</system-out>
    </testcase>
  </testsuite>
  <testsuite name="emails/welcome.md" tests="2" failures="2" errors="0" skipped="0" time="0">
    <testcase classname="emails/welcome.md" name="VC101 (banned-term) [error] at 3:15" time="0">
      <failure message="[error] Avoid &quot;utilize&quot;; use &quot;use&quot;." type="VC101">\
emails/welcome.md:3:15: VC101 [error] Avoid "utilize"; use "use".
  We help teams utilize their data.
  help: replace with 'use'</failure>
    </testcase>
    <testcase classname="emails/welcome.md" name="VC102 (name-casing) [error] at 7:1" time="0">
      <failure message="[error] Write &quot;VoiceCheck&quot;, not &quot;Voicecheck&quot;." type="VC102">\
emails/welcome.md:7:1: VC102 [error] Write "VoiceCheck", not "Voicecheck".
  Voicecheck keeps your copy on brand.</failure>
    </testcase>
  </testsuite>
  <testsuite name="ui/strings/fr.json" tests="1" failures="1" errors="0" skipped="0" time="0">
    <testcase classname="ui/strings/fr.json" name="VC301 (promise-contradiction) [warning] at 2:14" time="0">
      <failure message="[warning] Contredit la promesse « remboursement sous 30 jours » (14 jours ici)" type="VC301">\
ui/strings/fr.json:2:14: VC301 [warning] Contredit la promesse « remboursement sous 30 jours » (14 jours ici)
    "refund": "Remboursement sous 14 jours,
  promise: refund-30-days (score 0.877)
  window: 14 jours vs 30 days promised
  audience: all customers
  help: replace with 'Remboursement sous 30 jours'</failure>
    </testcase>
  </testsuite>
</testsuites>
"""


def parse(out: str) -> ET.Element:
    return ET.fromstring(out.encode("utf-8"))


def test_full_report(report):
    assert junit.render(report) == EXPECTED


def test_parses_and_counts_add_up(report):
    root = parse(junit.render(report))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["docs/données/café.md", "emails/welcome.md", "ui/strings/fr.json"]
    assert sum(int(s.get("tests")) for s in suites) == int(root.get("tests")) == 4
    failures = root.findall("./testsuite/testcase/failure")
    # the info finding (VC103) is below --fail-on warning: a passing case that shows it
    assert [f.get("type") for f in failures] == ["VC101", "VC102", "VC301"]
    assert failures[0].text.splitlines()[0] == 'emails/welcome.md:3:15: VC101 [error] Avoid "utilize"; use "use".'


def test_empty_report_is_one_passing_testcase(empty):
    out = junit.render(empty)
    assert out == """\
<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="voicecheck" tests="1" failures="0" errors="0" skipped="0" time="0">
  <testsuite name="voicecheck" tests="1" failures="0" errors="0" skipped="0" time="0">
    <testcase classname="voicecheck" name="3 files, 12 strings: no findings" time="0" />
  </testsuite>
</testsuites>
"""
    case = parse(out).find("./testsuite/testcase")
    assert case is not None and len(case) == 0  # no failure, no error: passed


def test_input_errors_are_error_testcases(errors_only):
    root = parse(junit.render(errors_only))
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("2", "0", "2")
    cases = root.findall("./testsuite/testcase")
    assert [(c.get("classname"), c.get("name")) for c in cases] == [
        ("content/broken.po", "input error"),
        ("vocab.yaml", "input error at 4:7"),
    ]
    error = cases[1].find("error")
    assert error.get("type") == "InputError"
    assert error.get("message") == "mapping values are not allowed here; quote the value"
    assert error.text == "vocab.yaml:4:7: mapping values are not allowed here; quote the value"


def test_errors_and_findings_share_a_file_suite():
    report = Report(findings=[banned()], errors=[InputError("emails/welcome.md", "front matter: bad YAML", 1, 4)])
    suite = parse(junit.render(report)).find("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("2", "1", "1")
    assert [child.tag for case in suite for child in case] == ["error", "failure"]


def test_characters_xml_cannot_hold_are_escaped():
    finding = dataclasses.replace(banned(), message="bell\x07 form\x0c feed", path="odd\udcff.md")
    out = junit.render(Report(findings=[finding]))
    out.encode("utf-8")  # no lone surrogate left
    failure = parse(out).find("./testsuite/testcase/failure")
    assert failure.get("message") == "[error] bell\\x07 form\\x0c feed"
    assert failure.text.startswith("odd\\xff.md:3:15: VC101 [error] bell\\x07 form\\x0c feed")


def test_newlines_in_messages_survive_in_attributes():
    finding = dataclasses.replace(banned(), message="line one\nline two")
    failure = parse(junit.render(Report(findings=[finding]))).find("./testsuite/testcase/failure")
    assert failure.get("message") == "[error] line one\nline two"
