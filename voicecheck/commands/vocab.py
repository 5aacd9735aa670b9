"""``voicecheck vocab``: the vocabulary file itself.

* ``vocab import FILE...``: a Vale substitution rule, a textlint-rule-prh dictionary or a
  textlint-rule-terminology list as a ``brand.yaml`` ``terms:`` list (on stdout, or ``-o``),
  with one ``note:`` line per thing that could not be carried over (:mod:`voicecheck.vocab_import`).
* ``vocab check [FILE...]``: validate a vocabulary (default: the config's) and show how
  each term matches, every spelling of every banned form, so a vocabulary change can be
  reviewed in a pull request. Exit 0 when it loads (warnings are printed), 2 when it doesn't.
"""
from __future__ import annotations

import json
from pathlib import Path

import click

from voicecheck import cli


@click.group(cls=cli.Group)
def vocab() -> None:
    """Import a vocabulary from Vale or textlint, or check one and show how its terms match."""


@vocab.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--format", "kind", type=click.Choice(["auto", "vale", "prh", "terminology"]), default="auto",
              show_default=True, help="The format of the files (auto: from their contents).")
@click.option("-o", "--output", "output_file", type=click.Path(path_type=str),
              help="Write the brand.yaml here instead of stdout.")
def import_(files, kind, output_file) -> None:
    """Convert Vale substitution rules, textlint-rule-prh dictionaries or textlint-rule-terminology
    lists into a brand.yaml `terms:` list, listing what can't be carried over."""
    from voicecheck.vocab import VocabError, parse_vocabulary
    from voicecheck.vocab_import import ImportProblem, import_file, render

    if output_file:
        cli.check_output_path(output_file, "the vocabulary")
    results = []
    for name in files:
        try:
            results.append(import_file(Path(name), name, kind))
        except ImportProblem as exc:
            raise cli.Fail(str(exc)) from None
    text = render(results, list(files))
    try:
        parsed = parse_vocabulary(text, output_file or "<imported>")
    except VocabError as exc:  # pragma: no cover - render writes what parse reads
        raise cli.Fail(f"the imported vocabulary does not load ({exc}); please report it") from None
    for result in results:
        for note in result.notes:
            click.echo(f"note: {note}", err=True)
    for warning in parsed.warnings:
        click.echo(f"warning: {warning}", err=True)
    if output_file:
        cli.write_output(output_file, text, "the vocabulary")
    else:
        click.echo(text, nl=False)
    forms = sum(len(t.instead_of) for t in parsed.terms)
    skipped = sum(len(r.notes) for r in results)
    click.echo(f"Imported {len(parsed.terms)} term{'s' if len(parsed.terms) != 1 else ''} ({forms} banned "
               f"form{'s' if forms != 1 else ''}) from {len(files)} file{'s' if len(files) != 1 else ''}"
               f"{f'; {skipped} note(s) above on what was not carried over' if skipped else ''}.", err=True)
    raise SystemExit(cli.EXIT_CLEAN)


@vocab.command("check")
@click.argument("files", nargs=-1, type=click.Path(path_type=str))
@click.option("--config", "config_file", type=click.Path(path_type=str), help="Config file naming the vocabulary.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def check(files, config_file, fmt) -> None:
    """Validate a vocabulary (default: `vocab` in the config) and show every spelling each banned
    form is matched in, and the terms whose findings get no fix."""
    from voicecheck.vocab_report import describe

    prep = cli.prepare((), files, config_file, False, need_files=False)
    report = describe(prep.vocab)
    if fmt == "json":
        click.echo(json.dumps({"version": 1, "files": [shown for _, shown in prep.vocab_paths], **report},
                              indent=2, ensure_ascii=False))
    else:
        click.echo(render_text(report), nl=False)
    raise SystemExit(cli.EXIT_CLEAN)


def render_text(report: dict) -> str:
    lines = []
    for t in report["terms"]:
        flags = [t["pos"] or "", "case-sensitive" if t["case_sensitive"] else "", t["severity"] or ""]
        extra = ", ".join(f for f in flags if f)
        lines.append(f"{t['origin']}: {t['use']}{f' ({extra})' if extra else ''}"
                     f"{'' if t['fixable'] else '  [no fixes: the preferred term holds a banned form]'}")
        for form in t["forms"]:
            pos = f" ({form['pos']})" if form["pos"] else ""
            lines.append(f"  instead of {form['form']}{pos}: {', '.join(form['spellings'])}")
        for allow in t["allow"]:
            lines.append(f"  allowed in {allow['phrase']}: {', '.join(allow['spellings'])}")
    for problem in report["problems"]:
        lines.append(f"warning: {problem}")
    n = len(report["terms"])
    lines.append(f"{n} term{'s' if n != 1 else ''}, {report['forms']} banned form{'s' if report['forms'] != 1 else ''}"
                 f", {report['spellings']} spellings matched; {len(report['problems'])} warning"
                 f"{'s' if len(report['problems']) != 1 else ''}.")
    return "\n".join(lines) + "\n"


COMMANDS = (vocab,)
