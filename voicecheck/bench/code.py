"""``python -m voicecheck.bench code ../shared/corpora/code``: strings in code.

Parses every file of the code corpus the way ``voicecheck check`` does (the
code extra's readers, the template reader), then reports per product: files
read and skipped, strings found, files per second; how many strings of the
hand-checked sample (``bench/code-sample.tsv``: path, line and text of
user-facing strings, checked by reading the code) were found in that file;
and how many trap strings (the corpus MANIFEST's "not user-facing" examples,
listed in ``bench/code-traps.tsv``) were read.
"""
from __future__ import annotations

import time
from pathlib import Path

from voicecheck.segments import PLACEHOLDER
from voicecheck.sources import ContentError, parse, read_source, readable

ROOT = Path(__file__).resolve().parents[2]


def _rows(path: Path) -> list[list[str]]:
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def _norm(text: str) -> str:
    return " ".join(text.replace(PLACEHOLDER, " ").split()).lower()


def run(corpus: Path, sample: Path, traps: Path) -> str:
    products = sorted(p.name for p in corpus.iterdir() if p.is_dir())
    found: dict[tuple[str, str], list[str]] = {}
    lines = ["| product | files | read | skipped | strings | errors | seconds | files/s | sample found | traps read |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    sample_rows, trap_rows = _rows(sample), _rows(traps)
    total_time = 0.0
    for product in products:
        files = sorted(f for f in (corpus / product).rglob("*") if f.is_file())
        read = [f for f in files if readable(f.name)]
        strings = errors = 0
        start = time.perf_counter()
        for f in read:
            rel = f.relative_to(corpus / product).as_posix()
            try:
                parsed = parse(read_source(f, rel))
            except ContentError:
                errors += 1
                continue
            texts = [_norm(s.text) for s in parsed.segments]
            strings += len(texts)
            found[(product, rel)] = texts
        seconds = time.perf_counter() - start
        total_time += seconds
        mine = [r for r in sample_rows if r[0] == product]
        hits = sum(1 for r in mine if any(_norm(r[3]) in t for t in found.get((product, r[1]), [])))
        my_traps = [r for r in trap_rows if r[0] == product]
        trap_hits = [r for r in my_traps if any(_norm(r[2]) in t for t in found.get((product, r[1]), []))]
        lines.append(f"| {product} | {len(files)} | {len(read)} | {len(files) - len(read)} | {strings} | {errors} | "
                     f"{seconds:.2f} | {len(read) / seconds:.0f} | {hits}/{len(mine)} ({hits / max(len(mine), 1):.0%}) | "
                     f"{len(trap_hits)}/{len(my_traps)} |")
        for r in mine:
            if not any(_norm(r[3]) in t for t in found.get((product, r[1]), [])):
                lines.append(f"  missed: {product}/{r[1]}:{r[2]} {r[3]!r}")
        for r in trap_hits:
            lines.append(f"  TRAP READ: {product}/{r[1]} {r[2]!r}")
    lines.append(f"\nparsing the whole corpus: {total_time:.2f} s")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    import argparse

    ap = argparse.ArgumentParser(prog="python -m voicecheck.bench code")
    ap.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpora" / "code"))
    ap.add_argument("--sample", default=str(ROOT / "bench" / "code-sample.tsv"))
    ap.add_argument("--traps", default=str(ROOT / "bench" / "code-traps.tsv"))
    args = ap.parse_args(argv)
    print(run(Path(args.corpus), Path(args.sample), Path(args.traps)))
    return 0
