"""SARIF 2.1.0 output, for GitHub code scanning and other SARIF viewers.

One run; the driver lists every rule of the registry (plus, at the end, any
code a finding carries that the registry lacks) so ``ruleIndex`` is stable.
Columns are Unicode code points, 1-based, ``endColumn`` exclusive: the same
convention as :class:`~voicecheck.findings.Finding`. Input errors become
``toolExecutionNotifications`` of the run's one invocation.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from voicecheck import __version__
from voicecheck.checks import registry
from voicecheck.findings import Finding, InputError, Report, sort_findings
from voicecheck.reporters._common import dumps, fix_help, sort_errors

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/voicecheck/voicecheck"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "voicecheck/v1"
_SURROGATES = re.compile("[\ud800-\udfff]")
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def render(report: Report) -> str:
    findings = sort_findings(report.findings)
    rules = list(registry.all_rules())
    index = {r.code: i for i, r in enumerate(rules)}
    descriptors = [_rule(r) for r in rules]
    for code in sorted({f.code for f in findings} - set(index)):
        index[code] = len(descriptors)
        descriptors.append({"id": code})
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "voicecheck",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": descriptors,
            }
        },
        "invocations": [_invocation(report.errors)],
        "columnKind": "unicodeCodePoints",
        "results": _results(findings, index),
    }
    sarif = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return dumps(sarif)


def _rule(rule: registry.Rule) -> dict[str, Any]:
    try:
        doc = rule.doc or rule.summary
    except ImportError:  # rule module not written yet: the summary still describes it
        doc = rule.summary
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": doc},
        "help": {"text": doc},
        "defaultConfiguration": {"level": LEVELS.get(rule.severity, "warning")},
        "properties": {"tags": [rule.kind]},
    }


def _results(findings: list[Finding], index: dict[str, int]) -> list[dict[str, Any]]:
    seen: dict[str, int] = {}
    results = []
    for f in findings:
        digest = _fingerprint(f)
        seen[digest] = seen.get(digest, 0) + 1
        result: dict[str, Any] = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": LEVELS.get(f.severity, "warning"),
            "message": {"text": f.message},
            "locations": [{"physicalLocation": _physical(f)}],
            # occurrence count tells apart identical findings on identical lines
            "partialFingerprints": {FINGERPRINT_KEY: f"{digest}:{seen[digest]}"},
            "properties": _properties(f),
        }
        if f.fix is not None:
            result["fixes"] = [_fix(f)]
        results.append(result)
    return results


def _fingerprint(f: Finding) -> str:
    """Stable across line shifts: no line or column, only what the finding is about."""
    about = f.term or f.promise or ""
    key = "\0".join((f.path.replace("\\", "/"), f.code, about, " ".join(f.excerpt.split())))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _artifact(path: str) -> dict[str, str]:
    """A URI percent-encoded from the path's bytes: a file name that is not UTF-8
    (``caf\\xe9.md``, held as a lone surrogate) becomes ``caf%E9.md``."""
    posix = path.replace("\\", "/")
    if PureWindowsPath(path).is_absolute():
        return {"uri": PureWindowsPath(path).as_uri()}
    if PurePosixPath(posix).is_absolute():
        return {"uri": "file://" + _quote(posix)}
    return {"uri": _quote(posix), "uriBaseId": SRCROOT}


def _quote(path: str) -> str:
    """Percent-encoding of the path's own bytes (surrogate-escaped bytes as they were)."""
    if not _SURROGATES.search(path):
        return quote(path, safe="/")
    try:
        raw = path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that is not an escaped byte
        raw = path.encode("utf-8", "surrogatepass")
    return quote(raw, safe="/")


def _region(f: Finding) -> dict[str, int]:
    return {
        "startLine": f.line,
        "startColumn": f.column,
        "endLine": f.end_line,
        "endColumn": max(f.end_column, f.column) if f.end_line == f.line else f.end_column,
    }


def _physical(f: Finding) -> dict[str, Any]:
    loc: dict[str, Any] = {"artifactLocation": _artifact(f.path), "region": _region(f)}
    if f.excerpt:
        line = f.excerpt.split("\n", 1)[0].rstrip("\r")
        loc["contextRegion"] = {"startLine": f.line, "endLine": f.line, "snippet": {"text": line}}
    return loc


def _properties(f: Finding) -> dict[str, Any]:
    props: dict[str, Any] = {"kind": f.kind}
    for name in ("term", "promise", "channel"):
        value = getattr(f, name)
        if value is not None:
            props[name] = value
    if f.score is not None:
        props["score"] = round(f.score, 3)
    if f.evidence:
        props["evidence"] = [{"facet": k, "detail": v} for k, v in f.evidence]
    return props


def _fix(f: Finding) -> dict[str, Any]:
    fix = f.fix
    assert fix is not None
    if (fix.start, fix.end) == (f.start, f.end):
        deleted: dict[str, int] = _region(f)
    else:  # a fix narrower or wider than the finding: only its offsets are known
        deleted = {"charOffset": fix.start, "charLength": fix.end - fix.start}
    return {
        "description": {"text": fix_help(fix)},
        "artifactChanges": [
            {
                "artifactLocation": _artifact(f.path),
                "replacements": [{"deletedRegion": deleted, "insertedContent": {"text": fix.replacement}}],
            }
        ],
    }


def _invocation(errors: list[InputError]) -> dict[str, Any]:
    invocation: dict[str, Any] = {"executionSuccessful": not errors}
    notes = [_notification(e) for e in sort_errors(errors)]
    if notes:
        invocation["toolExecutionNotifications"] = notes
    return invocation


def _notification(e: InputError) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": _artifact(e.path)}
    if e.line is not None and e.line >= 1:
        region = {"startLine": e.line}
        if e.column is not None and e.column >= 1:
            region["startColumn"] = e.column
        physical["region"] = region
    return {
        "level": "error",
        "message": {"text": e.message},
        "locations": [{"physicalLocation": physical}],
    }
