"""`voicecheck review` (decide findings one at a time in the terminal) and
`voicecheck decisions export|list` (the decisions file as benchmark labels, or
as a table).

Every decision is written to the decisions file as soon as it is made, so a
crash, Ctrl-C or the end of scripted input never loses earlier ones. Keys are
single keypresses in a terminal; when stdin is not a terminal (a pipe, click's
CliRunner) they are read one character at a time from stdin, whitespace
between them ignored, and the end of input quits cleanly.
"""
from __future__ import annotations

import datetime
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import click

from voicecheck import cli
from voicecheck.checks import registry
from voicecheck.decisions import (
    REASONS, Decision, DecisionStore, default_path, export_labels, fingerprint, new_decision,
    render_labels, source_for)
from voicecheck.findings import Finding
from voicecheck.segments import SourceFile

KEYS = "a accept · d dismiss · o leave open · s/n skip · p previous · q quit"
REASON_KEYS = {"f": "false-positive", "i": "intended", "l": "legal-approved"}
assert set(REASON_KEYS.values()) == set(REASONS)
CONTEXT = 2  # lines shown before and after the flagged one
WIDTH = 110  # longest line shown; longer ones are cut around the flagged words


@dataclass
class Item:
    finding: Finding
    source: SourceFile
    segments: list = field(default_factory=list)  # the file's segments: the passage as a reader sees it


# ---------------------------------------------------------------- input

def _read_char() -> str:
    """One key; "" at the end of input."""
    if sys.stdin is not None and sys.stdin.isatty():
        try:
            return click.getchar()
        except EOFError:  # Ctrl-D
            return ""
    return sys.stdin.read(1) if sys.stdin is not None else ""


def _tolerant_stdin() -> None:
    """Keys and notes typed in a terminal that is not UTF-8 must not stop the review:
    bytes that don't decode are kept as surrogates, and a saved note has them cleaned
    (:func:`voicecheck.decisions.clean_text`)."""
    reconfigure = getattr(sys.stdin, "reconfigure", None)
    if reconfigure is not None:
        try:
            reconfigure(errors="surrogateescape")
        except (ValueError, OSError, TypeError):
            pass


def _key(prompt: str) -> str:
    """The next non-blank key, lower-cased and echoed; "" at the end of input."""
    click.echo(prompt, nl=False)
    while True:
        ch = _read_char()
        if ch == "":
            click.echo()
            return ""
        if not ch.isspace():
            click.echo(ch)
            return ch.lower()


def _reviewer(by: str | None, folder: Path) -> str | None:
    if by:
        return by
    try:
        name = subprocess.run(["git", "config", "user.name"], cwd=folder, capture_output=True, text=True,
                              timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        name = ""
    return name or os.environ.get("USER") or None


# ---------------------------------------------------------------- display

def _cut(line: str, start: int, end: int) -> tuple[str, int, int]:
    """``line`` shortened to WIDTH around [start, end), with the span's new columns."""
    if len(line) <= WIDTH:
        return line, start, end
    left = max(0, min(start - 20, len(line) - WIDTH))
    shown = line[left:left + WIDTH]
    prefix = "…" if left else ""
    suffix = "…" if left + WIDTH < len(line) else ""
    return prefix + shown + suffix, start - left + len(prefix), min(end, left + WIDTH) - left + len(prefix)


def _show(item: Item, index: int, total: int, vocab, decision: Decision | None, color: bool) -> None:
    f, src = item.finding, item.source
    click.echo()
    header = f"[{index}/{total}] {f.code} {f.severity}  {f.path}:{f.line}:{f.column}  ({f.channel or 'no channel'})"
    click.echo(click.style(header, bold=True) if color else header)
    if f.promise:
        promise = next((p for p in vocab.promises if p.id == f.promise), None)
        if promise is None:
            click.echo(f"  promise   {f.promise} (not in the vocabulary)")
        else:
            made = f" ({promise.source})" if promise.source else ""
            click.echo(f'  promise   {f.promise}: "{promise.text}"{made}')
    if f.term:
        term = next((t for t in vocab.terms if t.use == f.term), None)
        banned = f", not {' / '.join(term.instead_of)}" if term else ""
        click.echo(f'  term      use "{f.term}"{banned}')
    width = len(str(min(f.line + CONTEXT, src.line_count)))
    for n in range(max(1, f.line - CONTEXT), min(src.line_count, f.line + CONTEXT) + 1):
        line = src.line_text(n).expandtabs(1)
        if n != f.line:
            click.echo(f"    {n:>{width}} | {_cut(line, 0, 0)[0]}")
            continue
        end = f.end_column - 1 if f.end_line == f.line else len(line)
        text, s, e = _cut(line, f.column - 1, max(end, f.column))
        if color:
            text = text[:s] + click.style(text[s:e], fg="red", bold=True) + text[e:]
        click.echo(f"  > {n:>{width}} | {text}")
        click.echo(f"    {'':>{width}} | {' ' * s}{'^' * max(1, e - s)}")
    click.echo(f"  why       {f.message}")
    rule = registry.RULES.get(f.code)
    if rule is not None:
        click.echo(f"  rule      {rule.code} {rule.name}: {rule.summary}")
    for name, detail in f.evidence:
        click.echo(f"  evidence  {name}: {detail}")
    if decision is not None:
        click.echo(f"  decided   {_describe(decision)}")


def _describe(d: Decision) -> str:
    text = d.state + (f" ({d.reason})" if d.reason else "")
    if d.by or d.at:
        text += " by " + (d.by or "?") + (f" on {d.at}" if d.at else "")
    return text + (f": {d.note}" if d.note else "")


# ---------------------------------------------------------------- review

@click.command()
@cli.input_options
@click.option("--select", multiple=True, help="Rule codes or prefixes to review (e.g. VC1,VC301). Default: all.")
@click.option("--ignore", multiple=True, help="Rule codes or prefixes to leave out.")
@click.option("--decisions", "decisions_file", type=click.Path(path_type=str),
              help="Decisions file (default: voicecheck-decisions.yaml next to the config).")
@click.option("--by", help="Reviewer name recorded with each decision (default: git user.name, else $USER).")
@click.option("--all", "review_all", is_flag=True, help="Also go through findings that already have a decision.")
@click.option("--color/--no-color", default=None, help="Colour (default: when stdout is a terminal).")
@click.option("--web", is_flag=True, help="Review in the browser: serve the review page on 127.0.0.1 (a free port) "
                                          "until Ctrl-C, with accept / dismiss / leave open / undo on every card.")
@click.option("--open", "open_browser", is_flag=True, help="With --web: open the page in the default browser.")
def review(paths, vocab_files, config_file, isolated, select, ignore, decisions_file, by, review_all, color, web,
           open_browser) -> None:
    """Go through findings one at a time and record a decision for each.

    Keys: a accept · d dismiss (then f false positive, i intended, l legal-approved, and an optional
    note) · o leave open · s or n skip · p previous · q quit. Each decision is saved at once.

    With --web, the same decisions are made in the browser: the command prints
    http://127.0.0.1:PORT/?token=… (the token keeps other pages and sites out) and serves the review
    page until Ctrl-C; every decision is written to the decisions file at once.
    """
    if open_browser and not web:
        raise cli.Fail("--open goes with --web (voicecheck review --web --open)")
    raise SystemExit(_review(paths, vocab_files, config_file, isolated, select, ignore, decisions_file, by,
                             review_all, color, web, open_browser))


def _review(paths, vocab_files, config_file, isolated, select, ignore, decisions_file, by, review_all, color,
            web=False, open_browser=False) -> int:
    _tolerant_stdin()
    prep = cli.prepare(paths, vocab_files, config_file, isolated, select, ignore,
                       extra_own=[decisions_file] if decisions_file else ())
    store = cli.load_decisions(Path(decisions_file) if decisions_file else default_path(prep.settings))
    result = cli.run_checks(prep, cli.load_baseline(prep))
    cli.print_notes(prep, result)
    if web:
        return _web(prep, result, store, by, open_browser, list(paths) or list(prep.settings.paths) or ["."])
    items = _items(store, result, review_all)
    if not items:
        total = len(result.report.findings)
        click.echo(f"Nothing to review: {total} finding(s), all with a decision"
                   f"{' (use --all to go through them again)' if total else ''}.")
        return cli.EXIT_ERROR if result.report.errors else cli.EXIT_CLEAN
    use_color = color if color is not None else sys.stdout.isatty()
    actions: dict[int, str] = {}
    reviewer: list[str | None] = []  # looked up once, at the first decision
    i = 0
    try:
        while 0 <= i < len(items):
            item = items[i]
            _show(item, i + 1, len(items), prep.vocab, store.get(item.finding, item.source), use_color)
            key = _key(f"  [{KEYS}] > ")
            if key in ("", "q"):
                break
            if key == "p":
                if i == 0:
                    click.echo("  (this is the first finding)")
                i = max(0, i - 1)
                continue
            if key in ("s", "n"):
                actions[i] = "skipped"
                i += 1
                continue
            if key not in ("a", "d", "o"):
                click.echo(f"  unknown key {key!r}")
                continue
            state, reason, note, stop = {"a": "accepted", "d": "dismissed", "o": "open"}[key], None, None, False
            if state == "dismissed":
                rkey = _key("  reason: f false positive · i intended · l legal-approved (other key: back) > ")
                if rkey == "":
                    break
                if rkey not in REASON_KEYS:
                    continue
                reason = REASON_KEYS[rkey]
                try:
                    note = click.prompt("  note (optional)", default="", show_default=False).strip()
                except click.Abort:  # end of input while typing the note: keep the decision, then stop
                    note, stop = "", True
            if not reviewer:
                reviewer.append(_reviewer(by, store.base))
            _save(store, new_decision(store, item.finding, item.source, state, reason=reason, note=note,
                                      by=reviewer[0], at=datetime.date.today().isoformat(),
                                      segments=item.segments))
            actions[i] = state
            i += 1
            if stop:
                break
    except KeyboardInterrupt:
        click.echo()
        _summary(actions, len(items), store)
        return 130
    _summary(actions, len(items), store)
    return cli.EXIT_ERROR if result.report.errors else cli.EXIT_CLEAN


def _web(prep, result, store: DecisionStore, by, open_browser: bool, shown: list[str]) -> int:
    """Serve the browser review until Ctrl-C."""
    from voicecheck import review_server

    session = review_server.ReviewSession(prep, result, store.path, by=_reviewer(by, store.base), paths=shown)
    try:
        session.page("warm-up")  # templates compiled and the file read once before the URL is printed
    except review_server.RequestError as exc:
        raise cli.Fail(exc.message) from None
    try:
        server = review_server.Server(session)
    except OSError as exc:
        raise cli.Fail(f"cannot start the review server on 127.0.0.1: {exc.strerror or exc}") from None
    total = len(result.report.findings)
    click.echo(f"Review {total} finding(s) in your browser: {server.url}")
    click.echo(f"Decisions are saved to {store.path} as you make them. Press Ctrl-C to stop.")
    if open_browser:
        import webbrowser

        if not webbrowser.open(server.url):
            click.echo("note: no browser could be opened; open the URL above yourself", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo()
    finally:
        server.server_close()
    click.echo(f"Stopped. {session.decided} decision(s) made in the browser; decisions in {store.path}.")
    return cli.EXIT_ERROR if result.report.errors else cli.EXIT_CLEAN


def _save(store: DecisionStore, decision: Decision) -> None:
    """Record one decision, merged with what the file holds now (a browser review
    or another terminal may have written it since)."""
    from voicecheck.decisions import DecisionsError

    try:
        store.record(decision)
    except OSError as exc:
        raise cli.Fail(f"{store.path}: cannot write decisions file: {exc.strerror or exc}") from None
    except DecisionsError as exc:
        raise cli.Fail(str(exc)) from None


def _items(store: DecisionStore, result, review_all: bool) -> list[Item]:
    """Findings to walk: one per (file, fingerprint), those without a decision
    unless ``review_all``."""
    seen: set[tuple[str, str]] = set()
    out: list[Item] = []
    extra: dict = {}
    for f in result.report.findings:
        source = source_for(f, result.sources, extra)
        if source is None:
            continue
        key = (store.path_of(source), fingerprint(f, source))
        if key in seen:
            continue
        seen.add(key)
        if review_all or store.get(f, source) is None:
            out.append(Item(f, source, result.segments.get(f.path, [])))
    return out


def _summary(actions: dict[int, str], total: int, store: DecisionStore) -> None:
    counts = {s: sum(1 for a in actions.values() if a == s) for s in ("accepted", "dismissed", "open", "skipped")}
    left = total - len(actions)
    text = ", ".join(f"{n} {s}" for s, n in counts.items()) + (f", {left} not reached" if left else "")
    saved = f"; decisions in {store.path}" if any(a != "skipped" for a in actions.values()) else ""
    click.echo(f"Reviewed: {text}{saved}.")


# ---------------------------------------------------------------- decisions export / list

@click.group(cls=cli.Group)
def decisions() -> None:
    """Work with the review decisions file (voicecheck-decisions.yaml)."""


def _store_for(decisions_file, config_file, isolated) -> DecisionStore:
    if decisions_file:
        path = Path(decisions_file)
        if not path.is_file():
            raise cli.Fail(f"{path}: decisions file not found")
        return cli.load_decisions(path)
    from voicecheck.config import ConfigError, load_settings

    try:
        settings = load_settings(Path(config_file).absolute() if config_file else None, Path.cwd(),
                                 isolated=isolated)
    except ConfigError as exc:
        raise cli.Fail(str(exc)) from None
    path = default_path(settings)
    if not path.is_file():
        raise cli.Fail(f"{path}: no decisions file yet (record some with `voicecheck review`)")
    return cli.load_decisions(path)


_store_options = [
    click.option("--decisions", "decisions_file", type=click.Path(path_type=str),
                 help="Decisions file (default: voicecheck-decisions.yaml next to the config)."),
    click.option("--config", "config_file", type=click.Path(path_type=str), help="Config file."),
    click.option("--isolated", is_flag=True, help="Ignore configuration files."),
]


def _with_store_options(fn):
    for option in reversed(_store_options):
        fn = option(fn)
    return fn


@decisions.command()
@_with_store_options
@click.option("-o", "--output", type=click.Path(path_type=str), help="Write the labels here (default: stdout).")
@click.option("--root", type=click.Path(path_type=str, file_okay=False),
              help="Folder the label `file` paths are relative to (default: the decisions file's folder).")
def export(decisions_file, config_file, isolated, output, root) -> None:
    """Write the decisions as benchmark labels (labels.yaml, ../shared/bench/SPEC.md).

    accepted, or dismissed as intended / legal-approved: a contradiction or vocabulary label (the
    finding was right); dismissed as a false positive: a clean label; open decisions are left out.
    """
    store = _store_for(decisions_file, config_file, isolated)
    exported = export_labels(store, Path(root) if root else store.base)
    for warning in exported.warnings:
        click.echo(f"warning: {warning}", err=True)
    text = render_labels(exported.labels, store.path.name)
    if output:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise cli.Fail(f"{output}: cannot write labels: {exc.strerror or exc}") from None
    else:
        click.echo(text, nl=False)
    skipped = f", {exported.open} open left out" if exported.open else ""
    click.echo(f"Exported {len(exported.labels)} label(s){skipped}, {len(exported.warnings)} warning(s).", err=True)


@decisions.command(name="list")
@_with_store_options
def list_decisions(decisions_file, config_file, isolated) -> None:
    """Print the decisions, one per line."""
    store = _store_for(decisions_file, config_file, isolated)
    for d in store.decisions:
        passage = d.passage if len(d.passage) <= 60 else d.passage[:59] + "…"
        click.echo(f"{d.path}  {d.code}  {d.promise or d.term or '-'}  {_describe(d)}  \"{passage}\"")
    click.echo(f"{len(store)} decision(s) in {store.path}", err=True)


COMMANDS = (review, decisions)
