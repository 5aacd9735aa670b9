"""JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure).

Follows eslint's junit formatter: one ``<testsuite>`` per file with findings,
one ``<testcase>`` per finding holding a ``<failure type="CODE">``; an input
error is a testcase holding an ``<error>``. Severity decides which findings
fail: those at or above ``--fail-on`` hold a ``<failure>`` whose message starts
with the severity (``[warning] …``); those below it are passing testcases whose
``<system-out>`` holds the finding, so a CI report shows them without failing.
A run with no findings and no errors is one passing testcase, so the report
is never empty. Times are 0: the output must not change from run to run.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict

from voicecheck.checks import registry
from voicecheck.findings import Finding, InputError, Report, printable, sort_findings
from voicecheck.reporters._common import fix_help, plural, score_text, sort_errors

DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
# characters XML 1.0 does not allow, and lone surrogates (undecodable file names)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def render(report: Report) -> str:
    findings: dict[str, list[Finding]] = defaultdict(list)
    for f in sort_findings(report.findings):
        findings[f.path].append(f)
    errors: dict[str, list[InputError]] = defaultdict(list)
    for e in sort_errors(report.errors):
        errors[e.path].append(e)

    clean = not report.findings and not report.errors
    failing = {id(f) for f in report.failing()}
    root = ET.Element("testsuites", _counts("voicecheck", len(failing), len(report.errors), passed=clean,
                                            tests=len(report.findings) + len(report.errors) + int(clean)))
    for path in sorted(findings.keys() | errors.keys()):
        fails = sum(1 for f in findings[path] if id(f) in failing)
        suite = ET.SubElement(root, "testsuite", _counts(path, fails, len(errors[path]),
                                                         tests=len(findings[path]) + len(errors[path])))
        for e in errors[path]:
            case = _case(suite, path, _error_name(e))
            _child(case, "error", str(e), message=e.message, type="InputError")
        for f in findings[path]:
            case = _case(suite, path, " ".join(filter(None, (f.code, _rule_name(f.code), f"[{f.severity}]",
                                                            f"at {f.line}:{f.column}"))))
            if id(f) in failing:
                _child(case, "failure", _details(f), message=f"[{f.severity}] {f.message}", type=f.code)
            else:
                _child(case, "system-out", _details(f))
    if clean:
        suite = ET.SubElement(root, "testsuite", _counts("voicecheck", 0, 0, passed=True))
        _case(suite, "voicecheck", f"{plural(report.files, 'file')}, {plural(report.segments, 'string')}: no findings")
    ET.indent(root)
    return DECLARATION + ET.tostring(root, encoding="unicode") + "\n"


def _clean(text: str) -> str:
    """Characters XML can't hold, written as Python escapes (``\\x0b``); a file-name
    byte that is not UTF-8 as the byte (``caf\\xe9.md``), as every reporter writes it."""
    return _NOT_XML.sub(lambda m: ascii(m.group())[1:-1], printable(text))


def _counts(name: str, failures: int, errors: int, passed: bool = False, tests: int | None = None) -> dict[str, str]:
    return {
        "name": _clean(name),
        "tests": str(failures + errors + int(passed) if tests is None else tests),
        "failures": str(failures),
        "errors": str(errors),
        "skipped": "0",
        "time": "0",
    }


def _case(suite: ET.Element, classname: str, name: str) -> ET.Element:
    return ET.SubElement(suite, "testcase", {"classname": _clean(classname), "name": _clean(name), "time": "0"})


def _child(case: ET.Element, tag: str, text: str, **attrs: str) -> None:
    el = ET.SubElement(case, tag, {k: _clean(v) for k, v in attrs.items()})
    el.text = _clean(text)


def _error_name(e: InputError) -> str:
    if e.line is None:
        return "input error"
    return f"input error at {e.line}" + (f":{e.column}" if e.column is not None else "")


def _rule_name(code: str) -> str:
    rule = registry.RULES.get(code)
    return f"({rule.name})" if rule else ""


def _details(f: Finding) -> str:
    lines = [f"{f.path}:{f.line}:{f.column}: {f.code} [{f.severity}] {f.message}"]
    if f.excerpt.strip():
        lines.append("  " + f.excerpt.splitlines()[0])
    if f.kind == "contradiction" and f.promise:
        score = "" if f.score is None else f" (score {score_text(f.score)})"
        lines.append(f"  promise: {f.promise}{score}")
    lines += [f"  {facet}: {detail}" for facet, detail in f.evidence]
    if f.fix is not None:
        lines.append(f"  help: {fix_help(f.fix)}")
    return "\n".join(lines)
