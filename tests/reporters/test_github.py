from __future__ import annotations

import dataclasses

from voicecheck.findings import Report
from voicecheck.reporters import github

from .conftest import banned


def test_full_report(report):
    assert github.render(report).splitlines() == [
        "::notice file=docs/données/café.md,line=12,col=8,endLine=12,endColumn=14,title=VC103"
        "::“sign in” and “log in” both name one concept; pick one.",
        "::error file=emails/welcome.md,line=3,col=15,endLine=3,endColumn=22,title=VC101"
        "::Avoid \"utilize\"; use \"use\".%0Ahelp: replace with 'use'",
        "::error file=emails/welcome.md,line=7,col=1,endLine=7,endColumn=11,title=VC102"
        "::Write \"VoiceCheck\", not \"Voicecheck\".",
        # several lines: no columns (the runner rejects col/endColumn then)
        "::warning file=ui/strings/fr.json,line=2,endLine=4,title=VC301"
        "::Contredit la promesse « remboursement sous 30 jours » (14 jours ici)"
        "%0Awindow: 14 jours vs 30 days promised%0Aaudience: all customers"
        "%0Ahelp: replace with 'Remboursement sous 30 jours'",
    ]


def test_message_escaping():
    finding = dataclasses.replace(banned(), fix=None, message="100% sure:\r\nnot: really, %0A")
    assert github.render(Report(findings=[finding])) == (
        "::error file=emails/welcome.md,line=3,col=15,endLine=3,endColumn=22,title=VC101"
        "::100%25 sure:%0D%0Anot: really, %250A\n"
    )


def test_property_escaping():
    finding = dataclasses.replace(banned(), fix=None, path="a,b:c%d\nx.md", message="m")
    assert github.render(Report(findings=[finding])) == (
        "::error file=a%2Cb%3Ac%25d%0Ax.md,line=3,col=15,endLine=3,endColumn=22,title=VC101::m\n"
    )
    assert github.escape_property("50%, 1:2\r\n") == "50%25%2C 1%3A2%0D%0A"
    assert github.escape_data("50%, 1:2\r\n") == "50%25, 1:2%0D%0A"


def test_zero_width_span_keeps_end_column_valid():
    finding = dataclasses.replace(banned(), fix=None, column=5, end_column=5, message="m")
    assert "col=5,endLine=3,endColumn=5," in github.render(Report(findings=[finding]))


def test_windows_paths_use_slashes():
    finding = dataclasses.replace(banned(), fix=None, path="emails\\welcome.md", message="m")
    assert github.render(Report(findings=[finding])).startswith("::error file=emails/welcome.md,")


def test_empty_report_prints_nothing(empty):
    assert github.render(empty) == ""


def test_input_errors_are_annotated(errors_only):
    assert github.render(errors_only) == (
        "::error file=content/broken.po,title=voicecheck::not valid UTF-8; save the file as UTF-8\n"
        "::error file=vocab.yaml,line=4,col=7,title=voicecheck::mapping values are not allowed here; quote the value\n"
    )
