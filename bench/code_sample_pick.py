"""Candidate lines for the hand-checked code sample (bench/code-sample.tsv).

``python bench/code_sample_pick.py ../shared/corpora/code PRODUCT --seed 10 -n 40``
prints candidate lines of PRODUCT in a seeded random order, each with two lines
of context either side, skipping lines already in the sample. A candidate line
holds a quoted literal with a word of two letters or more, or (in templates:
.html, .blade.php, .pug, .tsx) a word outside ``<…>`` and ``{…}`` markup.
Nothing here knows what voicecheck reads: the lines are then judged by reading
the code, top to bottom, and the first ones holding a user-facing string are
taken (see bench/README-code-sample.md).
"""
from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

QUOTED = re.compile(r"""(['"`])(?:(?!\1).)*?[A-Za-z]{2,}(?:(?!\1).)*?\1""")
MARKUP = re.compile(r"<[^<>]*>|\{[^{}]*\}")
WORD = re.compile(r"[A-Za-z]{2,}")
TEMPLATES = (".html", ".blade.php", ".pug", ".tsx")
NOT_CODE = {"src/i18n/locale/en.json", "readme.txt"}  # a locale file and the plugin's readme


def candidates(root: Path) -> list[tuple[str, int, str]]:
    out = []
    for f in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = f.relative_to(root).as_posix()
        if rel in NOT_CODE:
            continue
        template = f.name.endswith(TEMPLATES)
        for no, line in enumerate(f.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if QUOTED.search(line) or (template and WORD.search(MARKUP.sub(" ", line))):
                out.append((rel, no, line))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("product")
    ap.add_argument("--seed", type=int, default=10)
    ap.add_argument("-n", type=int, default=40)
    ap.add_argument("--sample", default=str(Path(__file__).with_name("code-sample.tsv")))
    args = ap.parse_args()
    root = Path(args.corpus) / args.product
    taken = {(r[1], int(r[2])) for r in (line.split("\t") for line in
             Path(args.sample).read_text(encoding="utf-8").splitlines() if line and not line.startswith("#"))
             if r[0] == args.product}
    lines = candidates(root)
    random.Random(args.seed).shuffle(lines)
    shown = 0
    for rel, no, _ in lines:
        if (rel, no) in taken:
            continue
        text = (root / rel).read_text(encoding="utf-8", errors="replace").splitlines()
        print(f"== {shown + 1}. {rel}:{no}")
        for i in range(max(no - 3, 0), min(no + 2, len(text))):
            print(f"{'>' if i + 1 == no else ' '}{i + 1:5} {text[i]}")
        shown += 1
        if shown == args.n:
            break


if __name__ == "__main__":
    main()
