"""Command line: the only module that prints or exits.

Exit codes: 0 clean, 1 findings, 2 usage/config/input errors (``--exit-zero``
never hides a 2), 130 interrupted (Ctrl-C).
"""
from __future__ import annotations

import importlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from voicecheck import __version__
from voicecheck.checks import registry

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 130  # Ctrl-C: 128 + SIGINT, as a shell reports it


class Fail(Exception):
    """A usage or configuration error: one line on stderr, exit 2."""


class NothingToCheck(Exception):
    """The paths given hold only voicecheck's own files (the vocabulary, the config, the
    baseline, the decisions): one ``note:`` line saying so, exit 0 (a pre-commit run
    that only changed brand.yaml passes)."""


def _err(message: str) -> None:
    from voicecheck.findings import printable

    click.echo(printable(f"error: {message}"), err=True)


def _note(message: str) -> None:
    from voicecheck.findings import printable

    click.echo(printable(message), err=True)


def check_output_path(path: str, what: str) -> None:
    """Fail (one line) when ``path`` can't be the file to write: checked before the run."""
    target = Path(path)
    if target.is_dir():
        raise Fail(f"{path}: is a folder; give the file to write {what} to")
    if not target.absolute().parent.is_dir():
        raise Fail(f"{path}: folder {target.parent.as_posix()!r} does not exist; create it first")


def write_output(path: str, text: str, what: str) -> None:
    """Write ``text`` to the file ``path`` (a report, a baseline); a path that
    can't be written is Fail, one line."""
    from voicecheck.findings import printable

    target = Path(path)
    check_output_path(path, what)
    try:
        target.write_text(printable(text), encoding="utf-8")
    except OSError as exc:
        raise Fail(f"{path}: cannot write {what}: {exc.strerror or exc}") from None


def _codes(values: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for v in values:
        out += [c.strip() for c in v.split(",") if c.strip()]
    return out


def input_options(fn):
    """PATHS, --vocab, --config and --isolated: what every command that checks content reads."""
    for option in reversed((
        click.argument("paths", nargs=-1, type=click.Path(path_type=str)),
        click.option("--vocab", "vocab_files", multiple=True, type=click.Path(path_type=str),
                     help="Vocabulary file (brand.yaml); repeatable. Default: `vocab` in the config."),
        click.option("--config", "config_file", type=click.Path(path_type=str),
                     help="Config file (default: voicecheck.yaml or pyproject.toml found upward)."),
        click.option("--isolated", is_flag=True, help="Ignore configuration files."),
    )):
        fn = option(fn)
    return fn


def selection_options(fn):
    """--select, --ignore and --extend-select."""
    for option in reversed((
        click.option("--select", multiple=True, help="Rule codes or prefixes to enable (e.g. VC1,VC301). "
                                                     "Default: all."),
        click.option("--ignore", multiple=True, help="Rule codes or prefixes to disable."),
        click.option("--extend-select", multiple=True, help="Codes to enable on top of the configured selection."),
    )):
        fn = option(fn)
    return fn


def summary(command: click.Command) -> str:
    """A command's summary for ``--help``: its short help, else the first sentence of its
    docstring, whole (click cuts it at about 45 characters, or at the "." of "e.g.")."""
    import inspect
    import re

    if command.short_help:
        return command.short_help
    text = " ".join(inspect.cleandoc(command.help or "").split("\n\n")[0].split())
    end = re.search(r"(?<!e\.g)(?<!i\.e)\.(?:\s|$)", text)
    return text[:end.end()].strip() if end else text


class Group(click.Group):
    """A click group whose command list shows each summary whole (wrapped, never cut)."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, summary(command)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


#: The commands beyond those of this module, and the module of voicecheck/commands/ that defines each
#: (in its ``COMMANDS``): imported when the command is named or ``--help`` lists them, so a `check`
#: run does not import what the review server, the report or the decisions commands need.
COMMAND_MODULES = {
    "coverage": "coverage", "decisions": "review", "explain": "promises", "init": "init", "promises": "promises",
    "report": "report", "review": "review", "vocab": "vocab",
}


class Commands(Group):
    """The top-level group: commands of voicecheck/commands/ load on first use (:data:`COMMAND_MODULES`)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.commands) | set(COMMAND_MODULES))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in COMMAND_MODULES:
            module = importlib.import_module(f"voicecheck.commands.{COMMAND_MODULES[name]}")
            for command in module.COMMANDS:
                self.add_command(command)
        return self.commands.get(name)


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="voicecheck")
def cli() -> None:
    """voicecheck: lint product content against a brand vocabulary and its promises."""


@cli.command()
@input_options
@click.option("--format", "fmt", type=click.Choice(["text", "concise", "json", "sarif", "github", "junit"]),
              default="text", show_default=True, help="Output format (concise: one line per finding).")
@selection_options
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None,
              help="Least severity that makes the run exit 1 (default: `fail-on` in the config, else warning).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings (errors still exit 2).")
@click.option("--baseline", "baseline_file", type=click.Path(path_type=str),
              help="Only report findings not recorded in this baseline file.")
@click.option("--write-baseline", "write_baseline", type=click.Path(path_type=str),
              help="Record today's findings in this baseline file and exit 0.")
@click.option("--fix", is_flag=True, help="Apply unambiguous term substitutions in place.")
@click.option("--diff", "show_diff", is_flag=True, help="Show the fixes as a diff; change nothing.")
@click.option("--color/--no-color", default=None, help="Colour text output (default: when stdout is a terminal).")
@click.option("-q", "--quiet", is_flag=True, help="Text output: findings only, no summary.")
@click.option("-o", "--output", "--output-file", "output_file", type=click.Path(path_type=str),
              help="Write the report to this file (as `report -o` and `decisions export -o`).")
@click.option("--no-decisions", is_flag=True,
              help="Ignore the review decisions file (report dismissed findings too).")
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule instead of the findings.")
@click.option("--show-settings", is_flag=True,
              help="Print the effective settings (config file, vocabularies, rules, paths) and exit.")
@click.option("--stdin-filename", metavar="NAME",
              help="Read one file's content from stdin and check it as NAME (its type, channel and per-file "
                   "ignores come from NAME).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
              help="Processes to check files in (default: `jobs` in the config, else one per core; a small run "
                   "uses one).")
def check(paths, vocab_files, config_file, isolated, fmt, select, ignore, extend_select, fail_on, exit_zero,
          baseline_file, write_baseline, fix, show_diff, color, quiet, output_file, no_decisions, statistics,
          show_settings, stdin_filename, jobs) -> None:
    """Check content files and folders (default: the config's `paths`, or the current folder)."""
    raise SystemExit(_check(paths, vocab_files, config_file, isolated, fmt, select, ignore, extend_select,
                            exit_zero, baseline_file, write_baseline, fix, show_diff, color, quiet, output_file,
                            no_decisions, fail_on=fail_on, statistics=statistics, show_settings=show_settings,
                            stdin_filename=stdin_filename, jobs=jobs))


@dataclass
class Prepared:
    """What every command that runs the checks needs: settings, rule selection,
    vocabulary, the files to check and the run's result."""

    settings: Any
    selected: set[str]
    vocab: Any
    vocab_paths: list[tuple[Path, str]]
    found: Any  # discover.Discovered
    baseline_path: Path | None = None


def prepare(paths, vocab_files, config_file, isolated, select=(), ignore=(), extend_select=(),
            baseline_file=None, extra_own=(), stdin=None, need_files: bool = True) -> Prepared:
    """Load config and vocabulary, select rules, discover files (unless
    ``need_files`` is false: commands about the vocabulary alone). Raises Fail."""
    from voicecheck.config import ConfigError, load_settings
    from voicecheck.decisions import default_path as default_decisions_path
    from voicecheck.discover import discover
    from voicecheck.vocab import VocabError, load_vocabularies

    cwd = Path.cwd()
    try:
        settings = load_settings(Path(config_file).absolute() if config_file else None, cwd, isolated=isolated)
    except ConfigError as exc:
        raise Fail(str(exc)) from None

    try:
        selected = registry.expand(_codes(select) or list(settings.select))
        selected |= registry.expand(_codes(extend_select))
        selected -= registry.expand(_codes(ignore) + list(settings.ignore))
        for _glob, codes in settings.per_file_ignores:
            registry.expand(codes)
    except ValueError as exc:
        raise Fail(str(exc)) from None
    if not selected:
        raise Fail("no rules selected (check --select/--ignore)")

    vocab_paths = [(Path(v).absolute(), v) for v in vocab_files] or [
        (p, os.path.relpath(p, cwd)) for p in settings.vocab]
    if not vocab_paths:
        raise Fail("no vocabulary: pass --vocab brand.yaml or set `vocab:` in voicecheck.yaml")
    try:
        vocab = load_vocabularies(vocab_paths)
    except VocabError as exc:
        raise Fail(str(exc)) from None
    for warning in vocab.warnings:
        _note(f"warning: {warning}")

    baseline_path = Path(baseline_file) if baseline_file else settings.baseline
    if not need_files:
        return Prepared(settings, selected, vocab, vocab_paths, None, baseline_path)
    targets = list(paths) or list(settings.paths) or ["."]
    if not paths and settings.paths:
        targets = [str(settings.root / p) for p in settings.paths]
    if stdin is not None:  # (name, path of a temporary copy of stdin): one file, named as given
        found = _stdin_discovery(stdin[0], stdin[1], settings, cwd)
    else:
        found = discover(targets, settings, cwd)
    # the vocabulary, config and baseline files list banned words on purpose: never lint them
    own = {p.resolve() for p, _ in vocab_paths}
    own |= {p.resolve() for p in (settings.config_path, baseline_path) if p is not None}
    own.add(default_decisions_path(settings).resolve())  # review decisions quote flagged passages
    own |= {Path(p).resolve() for p in extra_own}
    ours = [f for f in found.files if f.resolved() in own]
    found.files = [f for f in found.files if f.resolved() not in own]
    if not found.files and ours and not found.errors:
        kinds = {p.resolve(): "vocabulary" for p, _ in vocab_paths}
        if settings.config_path is not None:
            kinds[settings.config_path.resolve()] = "config"
        named = ", ".join(f"{f.display} (the {kinds.get(f.resolved(), 'voicecheck')} file)" for f in ours)
        raise NothingToCheck(f"nothing to check: {named}: voicecheck never checks its own vocabulary, config, "
                             f"baseline or decisions files (their words are listed on purpose); the vocabulary "
                             f"loaded without errors. Name content files or folders to check them")
    if not found.files and not found.errors and not found.excluded:
        raise Fail(nothing_to_read(targets, found.skipped))
    return Prepared(settings, selected, vocab, vocab_paths, found, baseline_path)


def _stdin_discovery(name: str, copy: Path, settings, cwd: Path):
    """The one file of ``--stdin-filename``: read from ``copy``, shown and configured as ``name``."""
    from voicecheck.discover import Discovery, FileTask
    from voicecheck.sources import readable, unreadable_reason

    target = (cwd / name).absolute()
    try:
        rel = target.relative_to(settings.root).as_posix()
    except ValueError:
        rel = Path(name).as_posix()
    if not readable(name):
        raise Fail(f"--stdin-filename {name}: {unreadable_reason(name)}")
    return Discovery(files=[FileTask(copy, name, rel, settings.channel_for(rel))])


def show_settings(prep: Prepared) -> str:
    """The effective settings as YAML: what the run would use, every default filled in."""
    import yaml

    from voicecheck.config import PROMISE_DEFAULTS

    s = prep.settings
    data = {
        "config": str(s.config_path) if s.config_path else None,
        "root": str(s.root),
        "vocab": [shown for _, shown in prep.vocab_paths],
        "paths": list(s.paths),
        "include": list(s.include),
        "exclude": list(s.exclude),
        "channels": {name: list(globs) for name, globs in s.channels},
        "rules": sorted(prep.selected),
        "per-file-ignores": {glob: list(codes) for glob, codes in s.per_file_ignores},
        "severity": {r.code: dict(s.severity).get(r.code, r.severity) for r in registry.all_rules()},
        "fail-on": s.fail_on,
        "max-file-size": s.max_file_size,
        "baseline": str(prep.baseline_path) if prep.baseline_path else None,
        "decisions": str(s.decisions) if s.decisions else None,
        "cache-dir": str(s.cache_dir) if s.cache_dir else None,
        "promises": {**PROMISE_DEFAULTS, **s.promises},
        "locales": None if s.locales is None else {"source": s.locales.source, "compare": list(s.locales.compare),
                                                     "files": list(s.locales.files)},
        "english": {"vocabulary": s.english.vocabulary, "check": list(s.english.check)},
        "jobs": s.jobs,
        "files": len(prep.found.files),
    }
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False)


def skipped_by_type(skipped: list[str]) -> str:
    """``.php 240, .blade.php 52, .js 12``: skipped files counted by type, most first."""
    from voicecheck.sources import file_kind

    counts: dict[str, int] = {}
    for name in skipped:
        kind = file_kind(name)
        counts[kind] = counts.get(kind, 0) + 1
    return ", ".join(f"{k} {n}" for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _code_hint(skipped: list[str]) -> str:
    from voicecheck.sources import CODE_EXTRA_HINT, CODE_MODULES, SUFFIXES

    if any(SUFFIXES.get(Path(name).suffix.lower()) in CODE_MODULES for name in skipped):
        return f"; {CODE_EXTRA_HINT}"  # code files are skipped only when the code extra is missing
    return ""


def nothing_to_read(targets: list[str], skipped: list[str]) -> str:
    """The one-line error for paths that hold no file voicecheck can read."""
    where = ", ".join(t if not Path(t).is_dir() or t.endswith("/") else t + "/" for t in targets)
    if not skipped:
        return f"no content files found in {where}: nothing to check there; name a folder or file with content " \
               f"(see `voicecheck formats`)"
    n = len(skipped)
    return (f"no content files found in {where}: skipped {n} file{'s' if n != 1 else ''} "
            f"({skipped_by_type(skipped)}); see `voicecheck formats` for what voicecheck reads{_code_hint(skipped)}")


def load_baseline(prep: Prepared):
    """The baseline given or configured (None without one); a bad file is Fail."""
    from voicecheck.suppress import Baseline, BaselineError

    if prep.baseline_path is None:
        return None
    try:
        return Baseline.load(prep.baseline_path)
    except BaselineError as exc:
        raise Fail(str(exc)) from None


def load_decisions(path: Path):
    """The review decisions in ``path``; a missing file is an empty store, a bad one is Fail."""
    from voicecheck.decisions import DecisionsError, DecisionStore

    try:
        return DecisionStore.load(path)
    except DecisionsError as exc:
        raise Fail(str(exc)) from None



class ProgressBar:
    """A rich progress bar on stderr for the engine's stages, shown only on a terminal (never
    when stderr is piped, in CI or with TERM=dumb) and only once a run has taken
    ``$VOICECHECK_PROGRESS_DELAY`` seconds (default 1): short runs print nothing."""

    def __init__(self):
        import time

        self.enabled = self.may_show()
        self.delay = float(os.environ.get("VOICECHECK_PROGRESS_DELAY", "1") or 1)
        self.start = time.monotonic()
        self.progress = None
        self.tasks: dict[str, Any] = {}
        self.pending: dict[str, tuple[int, int]] = {}

    @staticmethod
    def may_show() -> bool:
        """Will a slow run show the bar (on stderr, a terminal, not in CI)?"""
        return sys.stderr.isatty() and not os.environ.get("CI") and os.environ.get("TERM") != "dumb"

    def __call__(self, stage: str, done: int, total: int) -> None:
        import time

        if not self.enabled:
            return
        self.pending[stage] = (done, total)
        if self.progress is None:
            if time.monotonic() - self.start < self.delay:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            # stdout is not redirected through the bar: findings written file by file go to stdout as they are
            # (never while stdout is the bar's terminal: see _check_paths)
            self.progress = Progress(TextColumn("{task.description:<18}"), BarColumn(), MofNCompleteColumn(),
                                     TimeElapsedColumn(), console=Console(stderr=True), transient=True,
                                     redirect_stdout=False)
            self.progress.start()
        for name, (d, t) in self.pending.items():
            if name not in self.tasks:
                self.tasks[name] = self.progress.add_task(name, total=t)
            self.progress.update(self.tasks[name], completed=d, total=t)
        self.pending.clear()

    def echo(self, line: str) -> None:
        """A line on stderr that does not break the bar."""
        from voicecheck.findings import printable

        if self.progress is not None:
            self.progress.console.print(printable(line), markup=False, highlight=False, soft_wrap=True)
        else:
            click.echo(printable(line), err=True)

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None


def run_checks(prep: Prepared, baseline=None, *, jobs: int | None = None, keep=None, on_file=None):
    """engine.run over the prepared files, with a progress bar on a terminal; parse errors are
    printed as they happen; a model problem becomes Fail. ``jobs``: processes (default: the
    config's ``jobs``, else one per core); ``keep`` and ``on_file``: see :func:`engine.run`."""
    from voicecheck import engine
    from voicecheck.nlp.errors import ModelError
    from voicecheck.vocab import VocabError

    bar = ProgressBar()
    printed: list = []

    def on_error(error) -> None:
        printed.append(error)
        bar.echo(f"error: {error}")

    try:
        result = engine.run(prep.found.files, prep.vocab, prep.settings, prep.selected, baseline,
                            progress=bar, on_error=on_error, jobs=jobs or prep.settings.jobs,
                            keep=keep or engine.KEEP_ALL, on_file=on_file)
    except (ModelError, VocabError) as exc:
        raise Fail(str(exc)) from None
    finally:
        bar.stop()
    result.printed = {id(e) for e in printed}
    result.report.errors = sorted(prep.found.errors + result.report.errors, key=lambda e: (e.path, e.line or 0))
    result.report.skipped = len(prep.found.skipped)
    return result


def print_notes(prep: Prepared, result) -> None:
    """Input errors (those not printed as they happened), skipped files and a stale baseline, on stderr."""
    printed = getattr(result, "printed", set())
    for e in result.report.errors:
        if id(e) not in printed:
            _err(str(e))
    skipped = prep.found.skipped
    if skipped:
        shown = ", ".join(skipped[:5]) + (" …" if len(skipped) > 5 else "")
        n = len(skipped)
        click.echo(f"note: skipped {n} file{'s' if n != 1 else ''} voicecheck does not read "
                   f"({skipped_by_type(skipped)}): {shown}{_code_hint(skipped)}", err=True)
    if prep.found.excluded and not prep.found.files:
        click.echo(f"note: nothing to check: the {prep.found.excluded} file(s) given are excluded by the config",
                   err=True)
    skipped_variants = getattr(result, "skipped_variants", [])
    if skipped_variants:
        counts: dict[str, int] = {}
        for _path, variant in skipped_variants:
            counts[variant] = counts.get(variant, 0) + 1
        named = ", ".join(f"{v} {n}" for v, n in sorted(counts.items()))
        first = sorted(counts)[0]
        n = len(skipped_variants)
        click.echo(f"note: the vocabulary rules skipped {n} locale file{'s' if n != 1 else ''} of another English "
                   f"({named}: {', '.join(p for p, _ in skipped_variants[:3])}{' …' if n > 3 else ''}); to check "
                   f"them in their own spelling, add `english: {{check: [{first}]}}` to the config", err=True)
    if result.stale_baseline:
        click.echo(f"note: {result.stale_baseline} baseline entr{'y' if result.stale_baseline == 1 else 'ies'} "
                   f"no longer match; refresh with --write-baseline", err=True)


def _check(paths, vocab_files, config_file, isolated, fmt, select, ignore, extend_select, exit_zero, baseline_file,
           write_baseline, fix, show_diff, color, quiet, output_file, no_decisions=False, fail_on=None,
           statistics=False, show_settings=False, stdin_filename=None, jobs=None) -> int:
    if stdin_filename is None:
        return _check_paths(paths, vocab_files, config_file, isolated, fmt, select, ignore, extend_select, exit_zero,
                            baseline_file, write_baseline, fix, show_diff, color, quiet, output_file, no_decisions,
                            fail_on, statistics, show_settings, jobs=jobs)
    import shutil
    import tempfile

    if paths:
        raise Fail("--stdin-filename checks what stdin holds; give no PATHS with it")
    if fix or write_baseline:
        raise Fail("--stdin-filename can't be combined with --fix or --write-baseline (use --diff to see the fixes)")
    folder = Path(tempfile.mkdtemp(prefix="voicecheck-stdin-"))
    try:
        copy = folder / ("stdin" + "".join(Path(stdin_filename).suffixes[-2:]))
        copy.write_bytes(sys.stdin.buffer.read())  # bytes as given: the parser decodes them like a file
        return _check_paths((), vocab_files, config_file, isolated, fmt, select, ignore, extend_select, exit_zero,
                            baseline_file, write_baseline, fix, show_diff, color, quiet, output_file, no_decisions,
                            fail_on, statistics, show_settings, stdin=(stdin_filename, copy), jobs=jobs)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _check_paths(paths, vocab_files, config_file, isolated, fmt, select, ignore, extend_select, exit_zero,
                 baseline_file, write_baseline, fix, show_diff, color, quiet, output_file, no_decisions, fail_on,
                 statistics, show_settings_only, stdin=None, jobs=None) -> int:
    from voicecheck import engine
    from voicecheck.decisions import default_path as default_decisions_path
    from voicecheck.findings import printable
    from voicecheck.reporters import get as get_reporter
    from voicecheck.suppress import Baseline

    if write_baseline and baseline_file:
        raise Fail("--write-baseline and --baseline can't be used together")
    if write_baseline and (fix or show_diff):
        raise Fail("--write-baseline can't be combined with --fix or --diff")
    if exit_zero and write_baseline:
        raise Fail("--exit-zero has no effect with --write-baseline; drop one")
    for target, what in ((output_file, "the report"), (write_baseline, "the baseline")):
        if target:
            check_output_path(target, what)
    if statistics and fmt not in ("text", "concise"):
        raise Fail(f"--statistics prints a table: drop --format {fmt} (the JSON summary has by_code)")
    prep = prepare(paths, vocab_files, config_file, isolated, select, ignore, extend_select, baseline_file,
                   extra_own=[write_baseline] if write_baseline else (), stdin=stdin)
    if show_settings_only:
        click.echo(show_settings(prep), nl=False)
        return EXIT_CLEAN

    baseline = None if write_baseline else load_baseline(prep)
    decisions = None if no_decisions else load_decisions(default_decisions_path(prep.settings))

    # Keep each file's text only for what needs it after the run (--fix, --diff, review decisions), and no
    # file's segments: memory stays flat. The text, concise and GitHub formats are written file by file as the
    # files are checked, when the run allows it (engine.can_stream) and nothing needs the whole list first.
    decided = decisions is not None and len(decisions) > 0
    keep = engine.Keep(sources=bool(fix or show_diff or decided), segments=False)
    use_color = color if color is not None else (sys.stdout.isatty() and not output_file)
    stream = None
    # (not while a progress bar may be drawn on the terminal stdout writes to: the two would mix)
    if (fmt in ("text", "concise", "github") and not (fix or show_diff or write_baseline or statistics or output_file
                                                        or decided)
            and not (sys.stdout.isatty() and ProgressBar.may_show())
            and engine.can_stream(prep.vocab, prep.settings, prep.selected)):
        render_findings = importlib.import_module(f"voicecheck.reporters.{fmt}").render_findings

        def stream(findings) -> None:
            text = render_findings(findings) if fmt == "github" else render_findings(findings, use_color)
            click.echo(printable(text), nl=False)

    result = run_checks(prep, baseline, jobs=jobs, keep=keep, on_file=stream)
    report = result.report
    report.fail_on = fail_on or prep.settings.fail_on
    print_notes(prep, result)
    if decisions is not None:  # dismissed findings stay silent while their passage is unchanged
        report.findings = decisions.silence(report.findings, result.sources)
        stale = len(decisions.stale(result.sources.values(), prep.selected))
        if stale:
            click.echo(f"note: {stale} decision(s) no longer match any finding", err=True)

    if write_baseline:
        write_output(write_baseline, Baseline.render(report.findings), "the baseline")
        click.echo(f"Wrote {len(report.findings)} finding(s) to {write_baseline}.", err=True)
        return EXIT_ERROR if report.errors else EXIT_CLEAN

    if fix or show_diff:
        from voicecheck import fix as fixer

        planned = fixer.plan(report.findings)
        fixed_ids: set[int] = set()
        for path, items in planned.items():
            source = result.sources[path]
            new_text = fixer.apply(source, items)
            if show_diff:
                click.echo(fixer.diff(source, new_text), nl=False)
            else:
                try:
                    fixer.write(source, new_text)
                except OSError as exc:
                    report.errors.append(_input_error(path, f"cannot write fix: {exc.strerror or exc}"))
                    _err(f"{path}: cannot write fix: {exc.strerror or exc}")
                    continue
            fixed_ids |= {id(f) for f in items}
        if show_diff:
            if report.errors:
                return EXIT_ERROR
            return EXIT_FINDINGS if fixed_ids and not exit_zero else EXIT_CLEAN
        report.findings = [f for f in report.findings if id(f) not in fixed_ids]
        report.fixed = len(fixed_ids)

    render = get_reporter(fmt)
    if stream is not None:  # the findings are written: what follows them
        render = importlib.import_module(f"voicecheck.reporters.{fmt}").render_end
    if fmt in ("text", "concise") and report.errors and not report.files:
        out = ""  # nothing was checked (a mistyped path): the error lines say it all
    elif statistics:
        from voicecheck.reporters.text import render_statistics

        out = render_statistics(report)
    elif fmt in ("text", "concise"):
        out = render(report, color=use_color, quiet=quiet)
    else:
        out = render(report)
    if output_file:
        write_output(output_file, out, "the report")
    elif out:
        click.echo(printable(out), nl=not out.endswith("\n"))

    if report.errors:
        return EXIT_ERROR
    if report.failing_count() and not exit_zero:
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _input_error(path: str, message: str):
    from voicecheck.findings import InputError

    return InputError(path, message)


@cli.command()
@click.argument("code")
def rule(code: str) -> None:
    """Show the documentation of one rule (e.g. VC101)."""
    r = registry.RULES.get(code.strip().upper())
    if r is None:
        raise Fail(f"unknown rule code {code!r} (see `voicecheck rules`)")
    import re

    click.echo(f"{r.code} {r.name} ({r.kind}, default severity {r.severity})\n")
    click.echo(re.sub(r"``(.+?)``", r"`\1`", r.doc, flags=re.S))  # the docstrings' RST literals, as plain text


@cli.command()
def rules() -> None:
    """List every rule."""
    for r in registry.all_rules():
        click.echo(f"{r.code}  {r.name:<22} {r.kind:<13} {r.summary}")


@cli.command()
def formats() -> None:
    """List the supported content file types."""
    from voicecheck.sources import SUFFIXES

    by_module: dict[str, list[str]] = {}
    for suffix, module in sorted(SUFFIXES.items()):
        by_module.setdefault(module, []).append(suffix)
    for module, suffixes in sorted(by_module.items()):
        click.echo(f"{module:<10} {' '.join(suffixes)}")


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code (pre-commit and tests call this)."""
    import warnings

    from voicecheck.nlp.errors import CacheWarning

    with warnings.catch_warnings():
        shown = warnings.showwarning

        def show(message, category, filename, lineno, file=None, line=None):
            if issubclass(category, CacheWarning):  # ours: one clean line, no source path
                _note(f"warning: {message}")
            else:
                shown(message, category, filename, lineno, file, line)

        warnings.showwarning = show
        warnings.simplefilter("always", CacheWarning)
        return _main(argv)


def _main(argv: list[str] | None) -> int:
    try:
        cli.main(args=argv, prog_name="voicecheck", standalone_mode=False)
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else EXIT_ERROR
    except Fail as exc:
        _err(str(exc))
        return EXIT_ERROR
    except NothingToCheck as exc:
        _note(f"note: {exc}")
        return EXIT_CLEAN
    except click.exceptions.NoArgsIsHelpError as exc:
        click.echo(exc.ctx.get_help() if exc.ctx else str(exc), err=True)
        return EXIT_ERROR
    except click.UsageError as exc:
        hint = f" (see `{exc.ctx.command_path} --help`)" if exc.ctx else ""
        _err(f"{exc.format_message()}{hint}")
        return EXIT_ERROR
    except click.Abort as exc:
        if isinstance(exc.__cause__, KeyboardInterrupt):  # click turns Ctrl-C into Abort
            _err("interrupted")
            return EXIT_INTERRUPTED
        _err("aborted")
        return EXIT_ERROR
    except KeyboardInterrupt:
        _err("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_ERROR
    except Exception as exc:  # a traceback is a bug: say so in one line
        if os.environ.get("VOICECHECK_DEBUG"):
            raise
        _err(f"internal error: {type(exc).__name__}: {exc} (please report it; set VOICECHECK_DEBUG=1 "
             f"for the traceback)")
        return EXIT_ERROR
    return EXIT_CLEAN


def entry() -> None:
    finish(main())


def finish(code: int) -> None:
    """Exit with ``code``. After the promise checks, skip the interpreter's
    teardown: unloading torch and transformers takes 1–1.5 s on a 2-core
    machine (measured), most of a pre-commit run's time beyond loading the
    models; a model still loading in the background (a prefetch the run did
    not need in the end) is not waited for; and nothing is left to clean up
    (output is flushed below, the embedding cache commits every write).
    The same when spaCy's pipeline is loading in the background (a run that
    guessed it would parse, and did not)."""
    models = sys.modules.get("voicecheck.nlp.models")
    parsing = models is not None and models.loading()
    if "torch" not in sys.modules and "onnxruntime" not in sys.modules and not parsing:
        sys.exit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        code = code or EXIT_ERROR
    os._exit(code)
