from __future__ import annotations

import pytest

from voicecheck import reporters
from voicecheck.reporters import github, json, junit, sarif, text


def test_every_format_resolves_to_its_render():
    assert reporters.FORMATS == ("text", "json", "sarif", "github", "junit", "concise")
    from voicecheck.reporters import concise

    modules = {"text": text, "json": json, "sarif": sarif, "github": github, "junit": junit, "concise": concise}
    for fmt in reporters.FORMATS:
        assert reporters.get(fmt) is modules[fmt].render


def test_unknown_format_names_the_choices():
    with pytest.raises(ValueError, match=r"unknown output format 'html' \(choose one of: text, json, sarif"):
        reporters.get("html")


@pytest.mark.parametrize("fmt", reporters.FORMATS)
def test_all_formats_are_pure_and_deterministic(fmt, report, capsys):
    render = reporters.get(fmt)
    first = render(report)
    report.findings.reverse()
    assert render(report) == first
    assert first.endswith("\n")
    assert capsys.readouterr() == ("", "")
