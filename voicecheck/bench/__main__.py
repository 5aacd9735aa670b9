"""``python -m voicecheck.bench {score,real,speed}``"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click


@click.group()
def main() -> None:
    """voicecheck benchmarks."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--kind", "kinds", multiple=True, type=click.Choice(["vocabulary", "contradiction"]),
              default=("vocabulary",), show_default=True)
@click.option("--min-precision", type=float, help="Exit 1 when any kind's precision is below this.")
@click.option("--min-recall", type=float, help="Exit 1 when any kind's recall is below this.")
@click.option("--json-out", type=click.Path(path_type=Path), help="Also write the numbers as JSON.")
@click.option("-v", "--verbose", is_flag=True, help="List false positives and misses.")
def score(paths, kinds, min_precision, min_recall, json_out, verbose) -> None:
    """Precision/recall against labels.yaml of every brand under PATHS."""
    from voicecheck.bench.score import score as run

    out = run(list(paths), tuple(kinds), verbose)
    click.echo(out.pop("text"))
    if json_out:
        json_out.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    failed = []
    for kind in kinds:
        if min_precision is not None and out[kind]["precision"] < min_precision:
            failed.append(f"{kind} precision {out[kind]['precision']:.3f} < {min_precision}")
        if min_recall is not None and out[kind]["recall"] < min_recall:
            failed.append(f"{kind} recall {out[kind]['recall']:.3f} < {min_recall}")
    if out["errors"]:
        failed.append(f"{len(out['errors'])} input errors")
    for f in failed:
        click.echo(f"FAIL: {f}", err=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
