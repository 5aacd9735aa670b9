"""Score voicecheck against a labelled benchmark (../shared/bench/SPEC.md).

Each brand folder holds brand.yaml, labels.yaml and content/. Findings are
matched to labels by file (relative to the brand folder) and line:

* vocabulary: a label is found when a vocabulary finding on its line names its
  term; every other vocabulary finding is a false positive (several findings
  for one label count once);
* contradiction: a label is found when a contradiction finding on its line
  names its promise; every other contradiction finding is a false positive;
* clean false-flag rate: clean labels whose line carries a contradiction
  finding, or a vocabulary finding for the label's term.
"""
from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from voicecheck import engine
from voicecheck.checks import registry
from voicecheck.config import Settings
from voicecheck.discover import discover
from voicecheck.findings import Finding
from voicecheck.vocab import load_vocabulary

CHANNEL_OF = {"emails": "email", "support": "support", "locales": "ui", "errors": "errors"}


@dataclass
class Label:
    file: str
    line: int
    expect: str
    phenomenon: str
    difficulty: str
    promise: str | None
    term: str | None
    snippet: str

    @property
    def channel(self) -> str:
        parts = self.file.split("/")
        return CHANNEL_OF.get(parts[1], parts[1]) if len(parts) > 2 else "?"


@dataclass
class BrandResult:
    name: str
    labels: list[Label]
    findings: list[Finding]
    errors: list[str]
    seconds: float


@dataclass
class Tally:
    found: int = 0
    labels: int = 0
    findings: int = 0
    false_pos: int = 0
    by: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # dim -> {value: found/total}
    fp_examples: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.found_findings / self.findings if self.findings else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.labels if self.labels else 1.0

    found_findings: int = 0


def load_labels(brand_dir: Path) -> list[Label]:
    raw = yaml.safe_load((brand_dir / "labels.yaml").read_text(encoding="utf-8")) or []
    out = []
    cache: dict[str, list[str]] = {}
    for item in raw:
        rel = item["file"]
        lines = cache.setdefault(rel, (brand_dir / rel).read_text(encoding="utf-8").splitlines())
        hits = [n for n, line in enumerate(lines, 1) if item["snippet"] in line]
        if len(hits) != 1:
            raise ValueError(f"{brand_dir}/labels.yaml: snippet not on exactly one line: {item['snippet']!r}")
        out.append(Label(rel, hits[0], item["expect"], item["phenomenon"], item["difficulty"],
                         item.get("promise"), item.get("term"), item["snippet"]))
    return out


def brand_dirs(paths: list[Path]) -> list[Path]:
    out = []
    for p in paths:
        out += sorted(d.parent for d in p.rglob("labels.yaml"))
    return out


def run_brand(brand_dir: Path, selected: set[str], settings_extra: dict | None = None) -> BrandResult:
    vocab = load_vocabulary(brand_dir / "brand.yaml", "brand.yaml")
    settings = Settings(root=brand_dir, promises=dict(settings_extra or {}))
    found = discover(["content"], settings, brand_dir)
    t0 = time.perf_counter()
    result = engine.run(found.files, vocab, settings, selected)
    seconds = time.perf_counter() - t0
    errors = [str(e) for e in found.errors + result.report.errors]
    return BrandResult(vocab.brand or brand_dir.name, load_labels(brand_dir), result.report.findings, errors, seconds)


def tally(results: list[BrandResult], kind: str) -> Tally:
    """kind: 'vocabulary' or 'contradiction'."""
    t = Tally()
    key_field = "term" if kind == "vocabulary" else "promise"
    for r in results:
        labels_at = {(lab.file, lab.line): lab for lab in r.labels}
        ours = [f for f in r.findings if f.kind == kind]
        t.findings += len(ours)
        matched_labels: set[tuple[str, int]] = set()
        for f in ours:
            lab = labels_at.get((f.path, f.line))
            if lab is not None and lab.expect == kind and getattr(lab, key_field) == getattr(f, key_field):
                t.found_findings += 1
                matched_labels.add((lab.file, lab.line))
            else:
                t.false_pos += 1
                where = f"{r.name}: {f.path}:{f.line}: {f.code} {getattr(f, key_field)}"
                if lab is not None:
                    where += f" [label: {lab.expect}/{lab.phenomenon} {getattr(lab, key_field)}]"
                t.fp_examples.append(where + f" — {f.message[:90]}")
        for lab in r.labels:
            if lab.expect != kind:
                continue
            t.labels += 1
            hit = (lab.file, lab.line) in matched_labels
            t.found += hit
            for dim, val in (("phenomenon", lab.phenomenon), ("channel", lab.channel),
                             ("difficulty", lab.difficulty), ("brand", r.name)):
                t.by[dim][(val, "total")] += 1
                t.by[dim][(val, "found")] += hit
            if not hit:
                t.missed.append(f"{r.name}: {lab.file}:{lab.line} [{lab.phenomenon}/{lab.difficulty}] "
                                f"{getattr(lab, key_field)}: {lab.snippet[:80]}")
    # several findings for one label count once: precision over distinct (line, key) findings
    return t


def clean_false_flags(results: list[BrandResult]) -> tuple[int, int, list[str]]:
    flagged, total, examples = 0, 0, []
    for r in results:
        by_line: dict[tuple[str, int], list[Finding]] = defaultdict(list)
        for f in r.findings:
            by_line[(f.path, f.line)].append(f)
        for lab in r.labels:
            if lab.expect != "clean":
                continue
            total += 1
            hits = [f for f in by_line.get((lab.file, lab.line), [])
                    if f.kind == "contradiction" or (f.kind == "vocabulary" and f.term == lab.term)]
            if hits:
                flagged += 1
                examples.append(f"{r.name}: {lab.file}:{lab.line} [{lab.phenomenon}] {hits[0].code}: {lab.snippet[:70]}")
    return flagged, total, examples


def dedupe(results: list[BrandResult]) -> list[BrandResult]:
    """One finding per (file, line, kind, term/promise), as the scoring rules count them."""
    out = []
    for r in results:
        seen, keep = set(), []
        for f in r.findings:
            key = (f.path, f.line, f.kind, f.term if f.kind == "vocabulary" else f.promise)
            if key not in seen:
                seen.add(key)
                keep.append(f)
        out.append(BrandResult(r.name, r.labels, keep, r.errors, r.seconds))
    return out


def format_table(title: str, t: Tally, dims=("phenomenon", "channel", "difficulty", "brand")) -> str:
    lines = [f"{title}: precision {t.precision:.3f} ({t.found_findings}/{t.findings}), "
             f"recall {t.recall:.3f} ({t.found}/{t.labels})"]
    for dim in dims:
        values = sorted({v for v, _ in t.by[dim]})
        if not values:
            continue
        cells = [f"{v} {t.by[dim][(v, 'found')]}/{t.by[dim][(v, 'total')]}" for v in values]
        lines.append(f"  recall by {dim}: " + ", ".join(cells))
    return "\n".join(lines)


def score(paths: list[Path], kinds: tuple[str, ...] = ("vocabulary",), verbose: bool = False) -> dict:
    selected = set()
    if "vocabulary" in kinds:
        selected |= registry.expand(["VC1"])
    if "contradiction" in kinds:
        selected |= {c for c in registry.RULES if c.startswith("VC3")}
    results = dedupe([run_brand(d, selected) for d in brand_dirs(paths)])
    out: dict = {"brands": [r.name for r in results], "errors": [e for r in results for e in r.errors],
                 "seconds": round(sum(r.seconds for r in results), 2)}
    report_lines = []
    for kind in kinds:
        t = tally(results, kind)
        out[kind] = {"precision": round(t.precision, 4), "recall": round(t.recall, 4), "found": t.found,
                     "labels": t.labels, "findings": t.findings, "false_positives": t.false_pos,
                     "by": {dim: {v: [c[(v, "found")], c[(v, "total")]] for v in sorted({v for v, _ in c})}
                            for dim, c in t.by.items()}}
        report_lines.append(format_table(kind, t))
        if verbose:
            report_lines += ["  false positives:"] + [f"    {x}" for x in t.fp_examples]
            report_lines += ["  missed:"] + [f"    {x}" for x in t.missed]
    flagged, total, examples = clean_false_flags(results)
    out["clean_false_flag_rate"] = round(flagged / total, 4) if total else 0.0
    out["clean_flagged"] = [flagged, total]
    report_lines.append(f"clean labels falsely flagged: {flagged}/{total} ({out['clean_false_flag_rate']:.1%})")
    if verbose:
        report_lines += [f"    {x}" for x in examples]
    if out["errors"]:
        report_lines.append("input errors:\n" + "\n".join(f"  {e}" for e in out["errors"]))
    out["text"] = "\n".join(report_lines)
    return out
