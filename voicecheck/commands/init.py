"""`voicecheck init`: scaffold ``voicecheck.yaml`` and a starter ``brand.yaml`` from
the content found in a folder.

It walks the folder as ``check`` would, and writes:

* ``voicecheck.yaml``: ``vocab: brand.yaml``, ``paths`` (the top-level folders
  holding content voicecheck reads, or ``.``), and the channels it would assign,
  as comments, so the team can confirm or correct them;
* ``brand.yaml``: the brand (the folder's name, to edit), one example term
  and promise as comments, and a ``consistency`` group for every pair of
  spellings of a common concept that the content already mixes ("log in" and
  "login", "e-mail" and "email", "help desk" and "helpdesk"…), so the first
  ``voicecheck check`` reports something real.

It never overwrites a file: an existing ``voicecheck.yaml`` or ``brand.yaml``
is an error (exit 2), and nothing is written.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import click

from voicecheck import cli

#: Spellings of one concept that content often mixes (each group: the forms to look for).
SPELLINGS = (
    ("log in", "login", "log-in"), ("sign in", "signin", "sign-in"), ("sign up", "signup", "sign-up"),
    ("set up", "setup"), ("e-mail", "email"), ("help desk", "helpdesk"), ("check out", "checkout"),
    ("log out", "logout"), ("username", "user name"), ("web site", "website"), ("wi-fi", "wifi"),
    ("add-on", "addon", "add on"), ("opt in", "opt-in"), ("opt out", "opt-out"), ("dropdown", "drop-down"),
    ("cancelled", "canceled"), ("organisation", "organization"), ("colour", "color"),
)


def _counts(texts: list[str]) -> dict[str, int]:
    found: Counter[str] = Counter()
    for text in texts:
        low = text.lower()
        for group in SPELLINGS:
            for form in group:
                found[form] += len(re.findall(rf"(?<![\w-]){re.escape(form)}(?![\w-])", low))
    return found


def scaffold(folder: Path, files: list, texts: list[str]) -> tuple[str, str]:
    """(voicecheck.yaml, brand.yaml) for the content ``files`` (discover.FileTask) with ``texts``."""
    tops = sorted({f.rel.split("/", 1)[0] for f in files if "/" in f.rel})
    loose = any("/" not in f.rel for f in files)
    paths = ["."] if loose or not tops else tops
    channels: Counter[str] = Counter(f.channel or "other" for f in files)
    config = ["# voicecheck configuration (see the README, \"Configuration\")", "vocab: brand.yaml",
              f"paths: [{', '.join(paths)}]",
              f"# {len(files)} content file(s) found; channels assigned by folder and file name:"]
    config += [f"#   {name}: {n}" for name, n in sorted(channels.items())]
    config += ["# channels:                      # correct or add channels by glob", "#   email: [\"mail/**\"]",
               "# fail-on: warning               # error | warning | info", "# severity: {VC103: info}", ""]
    counts = _counts(texts)
    mixed = []
    for group in SPELLINGS:
        used = [form for form in group if counts[form]]
        if len(used) >= 2:
            mixed.append(sorted(used, key=lambda s: (-counts[s], s)))
    name = folder.resolve().name.replace("-", " ").replace("_", " ").title() or "Brand"
    brand = [f"brand: {name}                    # your brand's name", "terms:",
             "  # - use: member                # the preferred term",
             "  #   instead_of: [customer]     # the forms to flag",
             "  #   why: People with an account are members.",
             "  - use: sign in", "    instead_of: [log into]", "    why: One verb for entering the account.",
             "promises:",
             "  # - id: free-trial",
             "  #   text: Try Plus free for 30 days. No card required.",
             "  #   source: pricing page"]
    if mixed:
        brand += ["consistency:                     # spellings your content mixes today (VC103)"]
        brand += [f"  - [{', '.join(group)}]" for group in mixed]
    else:
        brand += ["# consistency:                   # spellings that must not be mixed (VC103)",
                  "#   - [helpdesk, help desk]"]
    return "\n".join(config), "\n".join(brand) + "\n"


@click.command()
@click.argument("folder", default=".", type=click.Path(file_okay=False, path_type=Path))
def init(folder: Path) -> None:
    """Write a starter voicecheck.yaml and brand.yaml for the content in FOLDER."""
    raise SystemExit(_init(folder))


def _init(folder: Path) -> int:
    from voicecheck.config import load_settings
    from voicecheck.discover import discover
    from voicecheck.sources import ContentError, parse, read_source

    if not folder.is_dir():
        raise cli.Fail(f"{folder}: no such folder; name the folder that holds your content")
    targets = [folder / "voicecheck.yaml", folder / "brand.yaml"]
    for target in targets:
        if target.exists():
            raise cli.Fail(f"{target}: already exists; voicecheck init never overwrites a file (delete it or edit it)")
    settings = load_settings(None, folder.absolute(), isolated=True)
    found = discover([str(folder.absolute())], settings, folder.absolute())
    if not found.files:
        raise cli.Fail(cli.nothing_to_read([str(folder)], found.skipped))
    texts = []
    for task in found.files:
        try:
            texts += [s.text for s in parse(read_source(task.abspath, task.display, task.channel)).segments]
        except (ContentError, RecursionError):
            continue  # `check` reports it; a starter file needs only what reads
    config, brand = scaffold(folder, found.files, texts)
    cli.write_output(str(targets[0]), config + "\n", "the config")
    cli.write_output(str(targets[1]), brand, "the vocabulary")
    n = len(found.files)
    click.echo(f"Wrote {targets[0]} and {targets[1]} ({n} content file{'s' if n != 1 else ''} found). "
               f"Edit brand.yaml (terms, promises), then run `voicecheck check`.", err=True)
    return cli.EXIT_CLEAN


COMMANDS = (init,)
