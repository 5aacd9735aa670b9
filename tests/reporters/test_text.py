from __future__ import annotations

import dataclasses
import re

from voicecheck.findings import Finding, Fix, Report
from voicecheck.reporters import text

from .conftest import banned

EXPECTED = """\
docs/données/café.md:12:8: VC103 [info] “sign in” and “log in” both name one concept; pick one.
   |
12 | Please log in to continue.
   |        ^^^^^^
   = channel: other

emails/welcome.md:3:15: VC101 [error] Avoid "utilize"; use "use".
  |
3 | We help teams utilize their data.
  |               ^^^^^^^
  = channel: email
  = help: replace with 'use'

emails/welcome.md:7:1: VC102 [error] Write "VoiceCheck", not "Voicecheck".
  |
7 | Voicecheck keeps your copy on brand.
  | ^^^^^^^^^^
  = channel: email

ui/strings/fr.json:2:14: VC301 [warning] Contredit la promesse « remboursement sous 30 jours » (14 jours ici)
  |
2 |   "refund": "Remboursement sous 14 jours,
  |              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ (continues to line 4)
  = channel: ui
  = promise: refund-30-days (score 0.877)
  = window: 14 jours vs 30 days promised
  = audience: all customers
  = help: replace with 'Remboursement sous 30 jours'

Found 4 findings (2 errors, 1 warning, 1 info; 2 fixable with --fix) in 4 files (37 strings checked, 0 files skipped).
1 finding below --fail-on warning does not fail the run.
"""


def test_full_report(report):
    assert text.render(report) == EXPECTED


def test_empty_report(empty):
    assert text.render(empty) == "All checked: 3 files, 12 strings, 0 files skipped, no findings.\n"


def test_singular_counts():
    out = text.render(Report(findings=[dataclasses.replace(banned(), fix=None)], files=1, segments=1))
    assert out.endswith("\nFound 1 finding (1 error) in 1 file (1 string checked, 0 files skipped).\n")


def test_input_errors_are_counted_not_listed(errors_only):
    out = text.render(errors_only)
    assert out == "No findings in 2 files (0 strings checked, 0 files skipped).\n2 files could not be checked.\n"
    assert "mapping values" not in out


def test_errors_with_findings(report, errors_only):
    report.errors = errors_only.errors[:1]
    assert text.render(report).endswith(
        "Found 4 findings (2 errors, 1 warning, 1 info; 2 fixable with --fix) in 4 files (37 strings checked, 0 files skipped).\n"
        "1 finding below --fail-on warning does not fail the run.\n1 file could not be checked.\n"
    )


def test_fixed_count(empty):
    empty.fixed = 2
    assert text.render(empty) == "Fixed 2 findings in place.\nAll checked: 3 files, 12 strings, 0 files skipped, no findings.\n"


def _one(**changes) -> str:
    finding = dataclasses.replace(banned(), fix=None, **changes)
    return text.render(Report(findings=[finding])).split("\n\n")[0].removesuffix("\n  = channel: email")


def test_tab_keeps_carets_aligned():
    out = _one(excerpt="We help\tteams utilize it.", column=15, end_column=22)
    assert out.splitlines()[2:] == ["3 | We help teams utilize it.", "  |               ^^^^^^^"]


def test_wide_characters_shift_carets():
    # "顧客 " is 3 characters but 5 terminal cells wide
    out = _one(excerpt="顧客 utilize", column=4, end_column=11)
    assert out.splitlines()[2:] == ["3 | 顧客 utilize", "  |      ^^^^^^^"]


def test_long_excerpt_is_cut_around_the_span():
    line = "a" * 100 + " utilize " + "b" * 100
    out = _one(excerpt=line, column=102, end_column=109)
    shown, marker = out.splitlines()[2:]
    # 24 characters of context before the span, 72 in all
    assert shown == "3 | …" + "a" * 23 + " utilize " + "b" * 40 + "…"
    assert marker == "  | " + " " * 25 + "^" * 7
    assert len(shown) <= 80


def test_zero_width_and_out_of_range_spans_get_one_caret():
    assert _one(column=15, end_column=15).splitlines()[3] == "  |               ^"
    assert _one(excerpt="short", column=40, end_column=47).splitlines()[3] == "  |      ^"


def test_no_excerpt_no_source_block():
    assert _one(excerpt="") == 'emails/welcome.md:3:15: VC101 [error] Avoid "utilize"; use "use".'


def test_deletion_fix_help():
    finding = dataclasses.replace(banned(), fix=Fix(52, 59, ""))
    assert "  = help: remove this text\n" in text.render(Report(findings=[finding]))


def test_color_uses_ansi_and_keeps_the_text(report):
    colored = text.render(report, color=True)
    assert "\x1b[1;31mVC101\x1b[0m" in colored  # errors in bold red
    assert "\x1b[1;33mVC301\x1b[0m" in colored  # warnings in bold yellow
    assert re.sub(r"\x1b\[[0-9;]*m", "", colored) == EXPECTED


def test_every_finding_shows_its_channel(report):
    out = text.render(report)
    assert out.count("= channel: ") == len(report.findings)
    assert "   = channel: other\n" in out  # a finding outside any channel says so


def test_skipped_files_are_counted(empty):
    empty.skipped = 2
    assert text.render(empty).endswith("All checked: 3 files, 12 strings, 2 files skipped, no findings.\n")


def test_color_is_off_by_default(report):
    assert "\x1b" not in text.render(report)


def test_sorted_by_engine_order():
    later = dataclasses.replace(banned(), line=9)
    other = Finding("a.txt", 1, 1, 1, 2, "VC101", "vocabulary", "error", "x")
    out = text.render(Report(findings=[later, banned(), other]))
    heads = [ln for ln in out.splitlines() if ": VC" in ln]
    assert heads == [
        "a.txt:1:1: VC101 [error] x",
        'emails/welcome.md:3:15: VC101 [error] Avoid "utilize"; use "use".',
        'emails/welcome.md:9:15: VC101 [error] Avoid "utilize"; use "use".',
    ]
