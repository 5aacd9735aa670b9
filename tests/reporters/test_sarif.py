from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from jsonschema import Draft4Validator

from voicecheck import __version__
from voicecheck.checks import registry
from voicecheck.findings import Report
from voicecheck.reporters import sarif

from ..conftest import shared_path
from .conftest import banned


@pytest.fixture(scope="module")
def validator() -> Draft4Validator:
    # the official schema, in ../shared/schemas beside the checkout
    schema_path = shared_path("schemas", "sarif-schema-2.1.0.json")
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    return Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)


def render(report: Report) -> dict:
    return json.loads(sarif.render(report))


def assert_valid(validator: Draft4Validator, data: dict) -> None:
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_valid_against_the_official_schema(validator, report, empty, errors_only):
    for r in (report, empty, errors_only):
        assert_valid(validator, render(r))


def test_the_schema_catches_mistakes(validator, report):
    data = render(report)
    data["runs"][0]["results"][0]["level"] = "fatal"
    assert list(validator.iter_errors(data))


def test_driver_lists_every_registered_rule(report):
    data = render(report)
    assert data["version"] == "2.1.0"
    assert len(data["runs"]) == 1
    driver = data["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("voicecheck", __version__)
    assert driver["informationUri"].startswith("https://")
    ids = [r["id"] for r in driver["rules"]]
    registered = [r.code for r in registry.all_rules()]
    assert ids[: len(registered)] == registered
    # codes a finding carries that the registry does not (yet) have come last
    assert ids[len(registered):] == sorted({"VC101", "VC102", "VC103", "VC301"} - set(registered))
    vc101 = driver["rules"][ids.index("VC101")]
    assert vc101["name"] == "banned-term"
    assert vc101["shortDescription"] == {"text": registry.get("VC101").summary}
    assert vc101["fullDescription"]["text"]
    assert vc101["defaultConfiguration"] == {"level": "error"}


def test_results(report):
    run = render(report)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("VC103", "note"), ("VC101", "error"), ("VC102", "error"), ("VC301", "warning"),
    ]
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
    assert run["columnKind"] == "unicodeCodePoints"
    first = results[0]
    assert first["message"] == {"text": "“sign in” and “log in” both name one concept; pick one."}
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "docs/donn%C3%A9es/caf%C3%A9.md", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 12, "startColumn": 8, "endLine": 12, "endColumn": 14},
        "contextRegion": {"startLine": 12, "endLine": 12, "snippet": {"text": "Please log in to continue."}},
    }
    assert first["properties"] == {"kind": "vocabulary", "term": "sign in"}
    assert "fixes" not in first


def test_multi_line_region_and_contradiction_properties(report):
    result = render(report)["runs"][0]["results"][3]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 2, "startColumn": 14, "endLine": 4, "endColumn": 9}
    assert result["properties"] == {
        "kind": "contradiction",
        "promise": "refund-30-days",
        "channel": "ui",
        "score": 0.877,
        "evidence": [
            {"facet": "window", "detail": "14 jours vs 30 days promised"},
            {"facet": "audience", "detail": "all customers"},
        ],
    }


def test_fixes(report):
    results = render(report)["runs"][0]["results"]
    # the fix covers exactly the finding: its region is the finding's
    assert results[1]["fixes"] == [{
        "description": {"text": "replace with 'use'"},
        "artifactChanges": [{
            "artifactLocation": {"uri": "emails/welcome.md", "uriBaseId": "%SRCROOT%"},
            "replacements": [{
                "deletedRegion": {"startLine": 3, "startColumn": 15, "endLine": 3, "endColumn": 22},
                "insertedContent": {"text": "use"},
            }],
        }],
    }]
    # a fix narrower than the finding is given by character offsets
    replacement = results[3]["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement == {
        "deletedRegion": {"charOffset": 30, "charLength": 40},
        "insertedContent": {"text": "Remboursement sous 30 jours"},
    }


def fingerprint(report: Report, i: int = 0) -> str:
    return render(report)["runs"][0]["results"][i]["partialFingerprints"]["voicecheck/v1"]


def test_fingerprint_survives_line_shifts_but_not_other_changes():
    base = fingerprint(Report(findings=[banned(3)]))
    assert base == fingerprint(Report(findings=[banned(40)]))
    assert base.endswith(":1")
    assert base != fingerprint(Report(findings=[dataclasses.replace(banned(), term="leverage")]))
    assert base != fingerprint(Report(findings=[dataclasses.replace(banned(), path="emails/other.md")]))
    assert base != fingerprint(Report(findings=[dataclasses.replace(banned(), excerpt="We utilize it.")]))


def test_identical_findings_get_distinct_fingerprints():
    twice = Report(findings=[banned(3), dataclasses.replace(banned(3), column=30, end_column=37)])
    assert fingerprint(twice, 0)[:-2] == fingerprint(twice, 1)[:-2]
    assert (fingerprint(twice, 0)[-2:], fingerprint(twice, 1)[-2:]) == (":1", ":2")


def test_invocation_without_errors(report):
    assert render(report)["runs"][0]["invocations"] == [{"executionSuccessful": True}]


def test_empty_report(empty):
    run = render(empty)["runs"][0]
    assert run["results"] == []
    assert run["invocations"] == [{"executionSuccessful": True}]


def test_input_errors_become_notifications(errors_only):
    run = render(errors_only)["runs"][0]
    assert run["results"] == []
    assert run["invocations"] == [{
        "executionSuccessful": False,
        "toolExecutionNotifications": [
            {
                "level": "error",
                "message": {"text": "not valid UTF-8; save the file as UTF-8"},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": "content/broken.po", "uriBaseId": "%SRCROOT%"},
                }}],
            },
            {
                "level": "error",
                "message": {"text": "mapping values are not allowed here; quote the value"},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": "vocab.yaml", "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": 4, "startColumn": 7},
                }}],
            },
        ],
    }]


def test_paths_become_uris():
    def uri(path: str) -> dict:
        finding = dataclasses.replace(banned(), path=path)
        return render(Report(findings=[finding]))["runs"][0]["results"][0]["locations"][0][
            "physicalLocation"]["artifactLocation"]

    assert uri("content\\help center\\faq.md") == {"uri": "content/help%20center/faq.md", "uriBaseId": "%SRCROOT%"}
    assert uri("a:b.txt") == {"uri": "a%3Ab.txt", "uriBaseId": "%SRCROOT%"}  # not a scheme
    assert uri("/tmp/x.md") == {"uri": "file:///tmp/x.md"}


def test_output_is_stable_text(report):
    out = sarif.render(report)
    assert out.startswith('{\n  "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/')
    assert "caf%C3%A9" in out and "« remboursement" in out  # unicode kept, not \\u-escaped
