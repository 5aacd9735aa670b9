"""`voicecheck report`: the review report as one self-contained HTML file.

Runs the same checks as ``voicecheck check`` (same input options, the
configured baseline applied), adds the review decisions of the decisions file
(dismissed findings stay in the report, marked as such), and writes
:mod:`voicecheck.reporters.html`'s page.

Exit codes: 0 when the report was written, whatever it found (the report is a
document, not a gate; use ``check`` for that). 2 for usage, config or
vocabulary errors (nothing is written), and 2 when some files could not be
read or parsed: the report is still written, lists those files under "Input
errors", and the errors are printed on stderr as ``check`` prints them.

The command writes the report file and nothing else. It never overwrites a
file that is not a voicecheck report (a content file passed to ``-o`` by
mistake), and it never checks its own output file.
"""
from __future__ import annotations

from pathlib import Path

import click

from voicecheck import cli

DEFAULT_OUTPUT = "voicecheck-report.html"
#: How a report announces itself in its first bytes (``<meta name="generator">``).
MARKER = '<meta name="generator" content="voicecheck'


@click.command()
@cli.input_options
@cli.selection_options
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=str), default=DEFAULT_OUTPUT,
              show_default=True, help="The HTML file to write.")
def report(paths, vocab_files, config_file, isolated, select, ignore, extend_select, output) -> None:
    """Write the review report: findings with context, filters, promise coverage and fact drift."""
    raise SystemExit(_report(paths, vocab_files, config_file, isolated, select, ignore, extend_select, output))


def _report(paths, vocab_files, config_file, isolated, select, ignore, extend_select, output) -> int:
    from voicecheck import report_data
    from voicecheck.decisions import default_path
    from voicecheck.reporters import html

    out_path = Path(output)
    _check_writable(out_path)
    prep = cli.prepare(paths, vocab_files, config_file, isolated, select, ignore, extend_select,
                       extra_own=[out_path])
    store = cli.load_decisions(default_path(prep.settings))
    result = cli.run_checks(prep, cli.load_baseline(prep))
    cli.print_notes(prep, result)
    shown = list(paths) or list(prep.settings.paths) or ["."]
    data = report_data.build(prep, result, store, paths=shown)
    from voicecheck.findings import printable

    page = printable(html.render(data))  # rendered whole before the file is opened: never a 0-byte report
    try:
        out_path.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise cli.Fail(f"{output}: cannot write the report: {exc.strerror or exc}") from None
    n = len(data["findings"])
    click.echo(f"Wrote {n} finding(s) to {output}", err=True)
    return cli.EXIT_ERROR if result.report.errors else cli.EXIT_CLEAN


def _check_writable(path: Path) -> None:
    """Refuse to overwrite anything but an earlier voicecheck report."""
    if path.is_dir():
        raise cli.Fail(f"{path}: is a folder; -o takes the HTML file to write")
    if not path.exists():
        return
    try:
        with path.open("r", encoding="utf-8", errors="replace") as fh:
            head = fh.read(2048)
    except OSError as exc:
        raise cli.Fail(f"{path}: cannot read the existing file: {exc.strerror or exc}") from None
    if MARKER not in head:
        raise cli.Fail(f"{path}: exists and is not a voicecheck report; refusing to overwrite it "
                       f"(choose another -o file or delete it)")


COMMANDS = (report,)
