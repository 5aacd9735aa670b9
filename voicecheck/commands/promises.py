"""``voicecheck promises`` and ``voicecheck explain``: show how promises and passages are read.

A brand team sees what will be checked (each promise's claims) and can add
explicit ``facets:`` where the reading is wrong; a writer sees, for one line,
why it was or was not flagged.
"""
from __future__ import annotations

import json
from pathlib import Path

import click

from voicecheck.cli import EXIT_CLEAN, EXIT_ERROR, Fail, input_options, prepare, print_notes, run_checks


def _claim_line(c) -> str:
    """One claim in a writer's words: what is said, about what, and how it is limited."""
    kind = {"quantity": "amount", "schedule": "hours", "cost": "price", "requirement": "requirement",
            "presence": "included", "channel": "channel", "agent": "who answers", "axis": "wording",
            "predicate": "statement"}.get(c.kind, c.kind)
    label = c.label()
    if c.kind == "cost":
        label = f"{'free' if c.value.free else 'charged'} ({c.span.text})"
    elif c.kind == "requirement":
        label = f"{'required' if c.value.required else 'not required'} ({c.span.text})"
    elif c.kind == "presence":
        label = f"{'there' if c.value.present else 'not there'} ({c.span.text})"
    elif c.kind == "agent":
        label = f"{c.value.label()} ({c.span.text})"
    elif c.kind == "axis":
        label = f"{c.span.text} ({c.value.axis}: {'+' if c.value.positive else '-'})"
    elif c.kind == "predicate":
        label = ("not " if c.value.negated else "") + c.value.lemma
    parts = [f"{kind}: {label}"]
    if c.about:
        parts.append(f"about \"{c.about}\"")
    notes = []
    if c.hedge:
        notes.append(f"hedged: {c.hedge.cue}")
    for m in c.scope:
        notes.append(f"{'every' if m.kind == 'universal' else m.kind}: {m.text}")
    if c.condition:
        notes.append(f"if: {c.condition}")
    if c.hypothetical:
        notes.append("not asserted (a condition)")
    if c.instance:
        notes.append("one case, not a policy")
    if notes:
        parts.append("[" + "; ".join(notes) + "]")
    return " ".join(parts)


def _claim_dict(c) -> dict:
    return {"kind": c.kind, "value": c.label(), "text": c.span.text, "about": c.about,
            "hedge": c.hedge.cue if c.hedge else None, "scope": [{"kind": m.kind, "text": m.text} for m in c.scope],
            "condition": c.condition or None, "asserted": not c.hypothetical, "instance": c.instance,
            "how": c.how}


@click.command()
@click.option("--vocab", "vocab_files", multiple=True, type=click.Path(path_type=str),
              help="Vocabulary file (brand.yaml); repeatable. Default: `vocab` in the config.")
@click.option("--config", "config_file", type=click.Path(path_type=str), help="Config file.")
@click.option("--isolated", is_flag=True, help="Ignore configuration files.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def promises(vocab_files, config_file, isolated, fmt) -> None:
    """How each promise is read: the claims the promise checks will compare passages with.

    Where a reading is wrong or missing, declare the promise's facets in brand.yaml (see README)."""
    from voicecheck.nlp.errors import ModelError
    from voicecheck.promises.analysis import read_promises

    prep = prepare((), vocab_files, config_file, isolated, select=("VC301",), need_files=False)
    if not prep.vocab.promises:
        raise Fail("the vocabulary has no promises: add a `promises:` list to brand.yaml")
    try:
        readings = read_promises(prep.vocab.promises)
    except ModelError as exc:
        raise Fail(str(exc)) from None
    if fmt == "json":
        out = {"version": 1, "promises": [
            {"id": p.id, "text": p.text, "origin": p.origin, "asserts": readings[p.id].asserts,
             "claims": [_claim_dict(c) for c in readings[p.id].claims]} for p in prep.vocab.promises]}
        click.echo(json.dumps(out, indent=2, ensure_ascii=False))
        return
    for p in prep.vocab.promises:
        r = readings[p.id]
        click.echo(f"{p.id}  ({p.origin})  \"{p.text}\"")
        claims = [c for c in r.claims if c.kind != "predicate"] or r.claims
        if not claims:
            click.echo("  (nothing read: passages can only contradict it through the contradiction model; "
                       "consider declaring facets)")
        for c in claims:
            click.echo(f"  - {_claim_line(c)}")
        click.echo("")


@click.command()
@click.argument("where", metavar="PATH:LINE")
@click.option("--vocab", "vocab_files", multiple=True, type=click.Path(path_type=str),
              help="Vocabulary file (brand.yaml); repeatable. Default: `vocab` in the config.")
@click.option("--config", "config_file", type=click.Path(path_type=str), help="Config file.")
@click.option("--isolated", is_flag=True, help="Ignore configuration files.")
def explain(where, vocab_files, config_file, isolated) -> None:
    """Why a line was or was not flagged as contradicting a promise.

    For each sentence on PATH:LINE: the promises it was linked to (similarity, rank), the claims on
    both sides, each conflict or agreement, the model's probability, and the decision score against
    the threshold."""
    from voicecheck.checks.promises.contradiction import flagged
    from voicecheck.promises.analysis import combine, eligible, features

    path, _, line_text = where.rpartition(":")
    if not path or not line_text.isdigit():
        raise Fail(f"{where}: expected PATH:LINE, e.g. content/emails/welcome.html:12")
    line = int(line_text)
    if not Path(path).is_file():
        raise Fail(f"{path}: no such file")
    prep = prepare((path,), vocab_files, config_file, isolated, select=("VC301",))
    if not prep.vocab.promises:
        raise Fail("the vocabulary has no promises: add a `promises:` list to brand.yaml")
    result = run_checks(prep)
    print_notes(prep, result)
    threshold = prep.settings.promises.get("threshold") if prep.settings.promises else None
    from voicecheck.config import PROMISE_DEFAULTS

    threshold = float(threshold if threshold is not None else PROMISE_DEFAULTS["threshold"])
    reported = {id(lk) for lk in flagged(result.links, threshold)}
    mine = [lk for lk in result.links if _on_line(lk, line)]
    if not mine:
        click.echo(f"{path}:{line}: no sentence on this line was linked to a promise "
                   f"(too short, a question, or not close enough to any promise)")
        raise SystemExit(EXIT_ERROR if result.report.errors else EXIT_CLEAN)
    by_passage: dict = {}
    for lk in mine:
        by_passage.setdefault((id(lk.passage.segment), lk.passage.start), []).append(lk)
    for links in by_passage.values():
        p = links[0].passage
        click.echo(f"sentence: \"{p.text.strip()}\"")
        reading = links[0].readings[1] if links[0].readings else None
        if reading is not None and not reading.asserts:
            click.echo(f"  asserts nothing ({reading.why_not}): never flagged")
        elif reading is not None:
            for c in reading.claims:
                click.echo(f"  claim: {_claim_line(c)}")
        for lk in sorted(links, key=lambda k: k.rank):
            click.echo(f"  promise {lk.promise.id} (similarity {lk.similarity:.2f}, rank {lk.rank + 1}): "
                       f"\"{lk.promise.text}\"")
            shown = set()
            for v in lk.verdicts:
                if v.reason in shown:
                    continue
                shown.add(v.reason)
                what = "conflict" if v.conflict else "agrees"
                click.echo(f"    {what} ({v.facet}, strength {v.strength:.2f}, same attribute {v.related:.2f}): "
                           f"{v.reason}")
            if not lk.verdicts:
                click.echo("    no claim of the passage is about what this promise claims")
            if lk.p_contradiction is not None:
                click.echo(f"    model: P(contradiction) = {lk.p_contradiction:.2f}")
            score = combine(lk)
            if id(lk) in reported:
                verdict = f"FLAGGED: score {score:.2f} >= threshold {threshold:.2f}"
            elif not eligible(lk):
                verdict = "not flagged: no conflict between claims about the same attribute"
            elif score < threshold:
                verdict = f"not flagged: score {score:.2f} < threshold {threshold:.2f}"
            else:
                verdict = f"not flagged: score {score:.2f}, but another promise scored higher for this sentence"
            x = features(lk)
            click.echo(f"    decision: {verdict} (conflict {x[0]:.2f}, model {x[5]:.2f}, similarity {x[6]:.2f})")
        click.echo("")
    raise SystemExit(EXIT_ERROR if result.report.errors else EXIT_CLEAN)


def _on_line(link, line: int) -> bool:
    p = link.passage
    first = p.segment.position(p.start).line
    last = p.segment.position(max(p.start, p.end - 1)).line
    return first <= line <= last


COMMANDS = (promises, explain)
