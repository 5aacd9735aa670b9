"""``voicecheck coverage``: which channels confirm, contradict or never mention each promise."""
from __future__ import annotations

import json
from pathlib import Path

import click

from voicecheck.cli import EXIT_CLEAN, EXIT_ERROR, Fail, input_options, prepare, print_notes, run_checks

_MARK = {"confirms": "confirms", "contradicts": "CONTRADICTS", "mixed": "mixed", "silent": "-",
         "dismissed": "dismissed"}


@click.command()
@input_options
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
@click.option("--details", is_flag=True, help="Text and markdown: list every confirming and contradicting passage.")
@click.option("--output-file", "-o", type=click.Path(path_type=str), help="Write the table to a file.")
def coverage(paths, vocab_files, config_file, isolated, fmt, details, output_file) -> None:
    """Promise coverage: for each promise, the channels that confirm it, contradict it, or never mention it.

    A passage confirms a promise when it is about that promise first, none of its claims conflicts with
    the promise's, and it asserts one of them with the same value; it contradicts it when VC301 reports
    it, unless a reviewer dismissed that finding (voicecheck review)."""
    from voicecheck.cli import load_decisions
    from voicecheck.decisions import default_path
    from voicecheck.promises.coverage import dismiss

    prep = prepare(paths, vocab_files, config_file, isolated, select=("VC301",))
    if not prep.vocab.promises:
        raise Fail("the vocabulary has no promises: coverage needs a `promises:` list")
    store = load_decisions(default_path(prep.settings))
    result = run_checks(prep)
    print_notes(prep, result)
    rows = result.coverage
    flagged = [f for f in result.report.findings if f.code == "VC301"]
    kept = {id(f) for f in store.silence(flagged, result.sources)}
    dismiss(rows, {(f.path, f.line, f.promise) for f in flagged if id(f) not in kept})
    if fmt == "json":
        out = json.dumps({"version": 1, "promises": [r.to_dict() for r in rows]}, indent=2, ensure_ascii=False) + "\n"
    else:
        out = render(rows, markdown=fmt == "markdown", details=details)
    if output_file:
        Path(output_file).write_text(out, encoding="utf-8")
    else:
        click.echo(out, nl=False)
    raise SystemExit(EXIT_ERROR if result.report.errors else EXIT_CLEAN)


def render(rows, *, markdown: bool = False, details: bool = False) -> str:
    """The coverage table as aligned text or a Markdown table."""
    if not rows:
        return "No promises.\n"
    channels = list(rows[0].channels)
    header = ["promise", *channels, "status"]
    body = []
    for r in rows:
        cells = []
        for c in channels:
            cell = r.channels[c]
            n = len(cell.confirms) + len(cell.contradicts)
            cells.append(_MARK[cell.state] + (f" ({n})" if n else ""))
        body.append([r.promise.id, *cells, r.status])
    lines: list[str] = []
    if markdown:
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|" + "|".join("---" for _ in header) + "|")
        lines += ["| " + " | ".join(row) + " |" for row in body]
    else:
        widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]
        lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in [header, *body]]
    if details:
        lines.append("")
        for r in rows:
            lines.append(f"{'### ' if markdown else ''}{r.promise.id}: {r.promise.text}")
            for name, cell in r.channels.items():
                for verb, locs in (("confirms", cell.confirms), ("contradicts", cell.contradicts)):
                    for loc in locs:
                        lines.append(f"{'- ' if markdown else '  '}{verb}: {loc.path}:{loc.line} ({name}) {loc.why}")
            if not any(c.confirms or c.contradicts for c in r.channels.values()):
                lines.append(f"{'- ' if markdown else '  '}no channel mentions it")
            lines.append("")
    counts = {s: sum(1 for r in rows if r.status == s) for s in ("confirmed", "mixed", "contradicted", "unconfirmed")}
    lines.append(", ".join(f"{n} {s}" for s, n in counts.items()) + f" ({len(rows)} promises)")
    return "\n".join(lines).rstrip("\n") + "\n"


COMMANDS = (coverage,)
