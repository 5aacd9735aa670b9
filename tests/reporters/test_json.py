from __future__ import annotations

import json

from voicecheck.reporters import json as json_reporter


def test_shape_and_key_order(report):
    data = json.loads(json_reporter.render(report))
    assert list(data) == ["version", "findings", "summary", "errors"]
    assert data["version"] == 1
    assert [(f["path"], f["line"], f["code"]) for f in data["findings"]] == [
        ("docs/données/café.md", 12, "VC103"),
        ("emails/welcome.md", 3, "VC101"),
        ("emails/welcome.md", 7, "VC102"),
        ("ui/strings/fr.json", 2, "VC301"),
    ]
    assert data["summary"] == {
        "files": 4,
        "segments": 37,
        "findings": 4,
        "errors": 0,
        "fixed": 0,
    "skipped": 0,
        "skipped": 0,
        "by_code": {"VC101": 1, "VC102": 1, "VC103": 1, "VC301": 1},
        "by_severity": {"error": 2, "warning": 1, "info": 1},
        "fail_on": "warning",
        "failing": 3,
    }
    assert data["errors"] == []


def test_findings_follow_the_v1_contract(report):
    data = json.loads(json_reporter.render(report))
    assert data["findings"][1] == {
        "path": "emails/welcome.md",
        "line": 3,
        "column": 15,
        "end_line": 3,
        "end_column": 22,
        "code": "VC101",
        "kind": "vocabulary",
        "severity": "error",
        "message": 'Avoid "utilize"; use "use".',
        "term": "utilize",
        "promise": None,
        "channel": "email",
        "excerpt": "We help teams utilize their data.",
        "fix": {"replacement": "use"},
    }
    contradiction = data["findings"][3]
    assert contradiction["score"] == 0.877
    assert contradiction["evidence"] == [
        {"facet": "window", "detail": "14 jours vs 30 days promised"},
        {"facet": "audience", "detail": "all customers"},
    ]
    assert (contradiction["line"], contradiction["end_line"], contradiction["end_column"]) == (2, 4, 9)


def test_unicode_is_written_as_is_and_indented(report):
    out = json_reporter.render(report)
    assert '    {\n      "path": "docs/données/café.md",\n' in out
    assert "« remboursement sous 30 jours »" in out
    assert out.endswith("}\n")


def test_deterministic(report):
    first = json_reporter.render(report)
    report.findings.reverse()
    assert json_reporter.render(report) == first


def test_empty_report(empty):
    assert json_reporter.render(empty) == """\
{
  "version": 1,
  "findings": [],
  "summary": {
    "files": 3,
    "segments": 12,
    "findings": 0,
    "errors": 0,
    "fixed": 0,
    "skipped": 0,
    "by_code": {},
    "by_severity": {},
    "fail_on": "warning",
    "failing": 0
  },
  "errors": []
}
"""


def test_only_input_errors(errors_only):
    data = json.loads(json_reporter.render(errors_only))
    assert data["findings"] == []
    assert data["summary"]["errors"] == 2
    assert data["errors"] == [  # sorted by path
        {"path": "content/broken.po", "line": None, "column": None,
         "message": "not valid UTF-8; save the file as UTF-8"},
        {"path": "vocab.yaml", "line": 4, "column": 7,
         "message": "mapping values are not allowed here; quote the value"},
    ]
