"""``python -m voicecheck.bench {score,real,speed,scale,tune,promise-speed,hook,coverage,drift,report-render}``"""
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


@main.command()
@click.argument("corpus", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--vocab", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Vocabulary file (default: vocab/real-corpus.yaml).")
@click.option("--timeout", type=float, default=900, show_default=True,
              help="Seconds before the CLI run counts as hung.")
@click.option("--json-out", type=click.Path(path_type=Path), help="Also write the numbers as JSON.")
def real(corpus, vocab, timeout, json_out) -> None:
    """Robustness and speed of the CLI over the real-world corpus (default ../shared/corpora/real).

    Exit 1 when the CLI crashed (exit code not 0/1/2, a traceback or "internal error" on stderr)
    or a known-broken file did not come back as a one-line error with its line."""
    from voicecheck.bench import real as bench

    out = bench.run(corpus or bench.DEFAULT_CORPUS, vocab or bench.DEFAULT_VOCAB, timeout)
    click.echo(out.pop("text"))
    if json_out:
        json_out.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    sys.exit(1 if out["failures"] else 0)


@main.command("real-promises")
@click.argument("corpus", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--vocab", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Vocabulary file (default: vocab/real-corpus.yaml; promise ids start with the product's folder).")
@click.option("--json-out", type=click.Path(path_type=Path), help="Also write the findings as JSON.")
def real_promises(corpus, vocab, json_out) -> None:
    """VC301 on each real product against its own promises: every finding, for a person to judge."""
    from voicecheck.bench import real_promises as bench

    out = bench.run(corpus or bench.DEFAULT_CORPUS, vocab or bench.DEFAULT_VOCAB)
    click.echo(bench.format_text(out))
    if json_out:
        json_out.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")


@main.command()
@click.option("--files", "sizes", multiple=True, type=click.IntRange(1), default=(200, 2000), show_default=True,
              help="Corpus size in Markdown files (10 sentences each); repeatable.")
@click.option("--runs", type=click.IntRange(1), default=5, show_default=True,
              help="Timed runs per tool and size (median reported), after one warm-up run.")
@click.option("--seed", type=int, default=2024, show_default=True, help="Seed of the corpus generator.")
@click.option("--max-ratio", type=float, default=None,
              help="Exit 1 when voicecheck's median wall time exceeds this share of textlint's, at every size "
                   "(default: 0.40 at 200 files, 0.33 at 2,000, 0.40 at other sizes).")
@click.option("--workdir", type=click.Path(file_okay=False, path_type=Path),
              help="Generate the corpus and configs here and keep them (default: a temporary folder).")
@click.option("--json-out", type=click.Path(path_type=Path), help="Also write the numbers as JSON.")
def speed(sizes, runs, seed, max_ratio, workdir, json_out) -> None:
    """Wall and CPU time, peak memory: voicecheck (vocabulary rules) vs textlint + textlint-rule-prh
    on the same synthetic Markdown corpus and the same 30 substitutions, alternating run by run."""
    from voicecheck.bench import speed as bench

    try:
        out = bench.run(list(sizes), runs, seed, workdir, max_ratio)
    except bench.BenchError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    click.echo(out.pop("text"))
    if json_out:
        json_out.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    if out["imports"].get("imports_torch"):
        click.echo("FAIL: the vocabulary-only run imports torch", err=True)
    for r in out["results"]:
        if r["ratio"] > r["bar"]:
            click.echo(f"FAIL: {r['files']} files: voicecheck takes {r['ratio']:.2f}× textlint's wall time "
                       f"(bar {r['bar']:g}×)", err=True)
    sys.exit(0 if out["passed"] and not out["imports"].get("imports_torch") else 1)


@main.command()
@click.option("--case", "cases", multiple=True, help="Run only these cases (default: all); repeatable.")
@click.option("--workdir", type=click.Path(file_okay=False, path_type=Path),
              help="Write the inputs here and keep them (default: a temporary folder).")
@click.option("--json-out", type=click.Path(path_type=Path), help="Also write the numbers as JSON.")
def scale(cases, workdir, json_out) -> None:
    """Time and peak memory of the CLI on very large or deep inputs (a 1 MB and a 4 MB line of banned
    words, a 5 MB one-line HTML e-mail, 50,000 JSON strings, 20,000 .po entries, 100,000 Markdown lines,
    1,000 nested folders) and on the real corpus ×10 (real-x10). Exit 1 when a case fails, takes over 15 s,
    the 4 MB line takes over 5× the 1 MB line's time, or real-x10 takes over 8 s or 200 MB."""
    from voicecheck.bench import scale as bench

    out = bench.run(list(cases) or None, workdir)
    click.echo(out.pop("text"))
    if json_out:
        json_out.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    sys.exit(1 if out["failures"] else 0)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--contradiction-model", default=None, help="Override promises.contradiction-model.")
@click.option("--json-out", type=click.Path(path_type=Path), help="Also write the numbers as JSON.")
@click.option("--threshold-on", type=click.Choice(["held-out", "training"]), default="held-out", show_default=True,
              help="Choose the threshold on held-out scores of the training brands, or (the previous way) on "
                   "their scores from weights fitted on them.")
def tune(paths, contradiction_model, json_out, threshold_on) -> None:
    """Fit the promise decision (weights, threshold) with leave-one-brand-out evaluation."""
    from voicecheck.bench.tune import run

    extra = {"contradiction-model": contradiction_model} if contradiction_model else {}
    out = run(list(paths), extra, held_out_threshold=threshold_on == "held-out")
    click.echo(out.pop("text"))
    if json_out:
        json_out.write_text(json.dumps(out, indent=2, default=dict) + "\n", encoding="utf-8")


@main.command()
@click.option("--runs", type=click.IntRange(1), default=5, show_default=True, help="Timed one-file runs.")
@click.option("--no-base", is_flag=True, help="Skip the vocabulary hook's (base) environment.")
@click.option("--json-out", type=click.Path(path_type=Path), help="Also write the numbers as JSON.")
def hook(runs, no_base, json_out) -> None:
    """The promises pre-commit hook: install size of a fresh environment, one-file wall time."""
    from voicecheck.bench.hook import run, table

    out = run(runs, base=not no_base)
    click.echo(table(out))
    if json_out:
        json_out.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")


@main.command("promise-speed")
@click.argument("corpus", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--vocab", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Vocabulary with the promises (default: vocab/real-corpus.yaml).")
@click.option("--contradiction-model", default="builtin", show_default=True)
@click.option("--json-out", type=click.Path(path_type=Path), help="Also write the numbers as JSON.")
def promise_speed(corpus, vocab, contradiction_model, json_out) -> None:
    """Full runs (vocabulary + promises) over the real corpus: cold, warm, one file, growth."""
    from voicecheck.bench.promise_speed import run, table

    root = Path(__file__).resolve().parents[2]
    corpus = corpus or root.parent / "shared" / "corpora" / "real"
    vocab = vocab or root / "vocab" / "real-corpus.yaml"
    out = run(corpus, vocab, contradiction_model)
    click.echo(table(out))
    if json_out:
        json_out.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--contradiction-model", default=None, help="Override promises.contradiction-model.")
@click.option("--json-out", type=click.Path(path_type=Path), help="Also write the tables as JSON.")
def coverage(paths, contradiction_model, json_out) -> None:
    """Promise coverage and drift tables for every brand, and confirmations scored on the labels."""
    from voicecheck.bench.coverage import run

    extra = {"contradiction-model": contradiction_model} if contradiction_model else {}
    out = run(list(paths), extra)
    click.echo(out.pop("text"))
    if json_out:
        json_out.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")


@main.command("drift")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--json-out", type=click.Path(path_type=Path), help="Also write the numbers as JSON.")
@click.option("-v", "--verbose", is_flag=True, help="List misses, false groups and flagged negatives.")
def drift_(paths, json_out, verbose) -> None:
    """Fact drift (VC303) against the drift-labels.yaml of every brand under PATHS."""
    from voicecheck.bench.drift import run

    out = run(list(paths), verbose)
    click.echo(out.pop("text"))
    if json_out:
        json_out.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")


@main.command("report-render")
@click.argument("corpus", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--vocab", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Vocabulary with the promises (default: vocab/real-corpus.yaml).")
@click.option("--workdir", type=click.Path(file_okay=False, path_type=Path),
              help="Write the reports here and keep them (default: a temporary folder).")
@click.option("--json-out", type=click.Path(path_type=Path), help="Also write the numbers as JSON.")
def report_render(corpus, vocab, workdir, json_out) -> None:
    """The review report of each product of the real corpus (full run), loaded in headless Chromium:
    size, time to rendered, console errors; then the browser review (review --web) of the largest
    product: page ready, one decision saved. Exit 1 on a console error or when the largest page (static
    or served) takes over 2 s."""
    from voicecheck.bench import report_render as bench

    root = Path(__file__).resolve().parents[2]
    corpus = corpus or root.parent / "shared" / "corpora" / "real"
    vocab = vocab or root / "vocab" / "real-corpus.yaml"
    try:
        out = bench.run(corpus, vocab, workdir)
    except bench.BenchError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    click.echo(out.pop("text"))
    if json_out:
        json_out.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    for f in out["failures"]:
        click.echo(f"FAIL: {f}", err=True)
    sys.exit(1 if out["failures"] else 0)


@main.command("code")
@click.argument("corpus", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--sample", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Hand-checked user-facing strings (default: bench/code-sample.tsv).")
@click.option("--traps", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Strings that must not be read (default: bench/code-traps.tsv).")
def code(corpus, sample, traps) -> None:
    """Strings in code over ../shared/corpora/code: sample found, traps read, files per second."""
    from voicecheck.bench.code import run

    root = Path(__file__).resolve().parents[2]
    click.echo(run(corpus or root.parent / "shared" / "corpora" / "code", sample or root / "bench" / "code-sample.tsv",
                   traps or root / "bench" / "code-traps.tsv"))


if __name__ == "__main__":
    main()
