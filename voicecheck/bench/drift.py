"""Fact drift (VC303) scored against labelled drift groups.

    python -m voicecheck.bench drift tests/fixtures/drift

Each brand folder holds ``brand.yaml``, ``content/`` and ``drift-labels.yaml``
(format: tests/fixtures/drift/README.md): groups of places that state one
fact, labelled ``drift`` (the places disagree), ``consistent`` (same value,
different words) or ``distinct`` (look-alikes that are different facts).

* A ``drift`` label is **found** when one reported group holds two of its
  places with different labelled values.
* A reported group is **correct** when it finds a drift label; every other
  reported group is a false positive (precision = correct / reported).
* A hard negative (``consistent`` or ``distinct``) is **falsely flagged** when
  one reported group holds two of its places.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from voicecheck.config import PROMISE_DEFAULTS, Settings
from voicecheck.discover import discover
from voicecheck.engine import default_cache_dir, parse_files
from voicecheck.promises import drift
from voicecheck.vocab import load_vocabulary

LABELS = "drift-labels.yaml"


@dataclass
class Place:
    file: str
    line: int
    value: str


@dataclass
class Label:
    id: str
    expect: str  # drift | consistent | distinct
    fact: str
    kind: str
    places: list[Place]


def brands(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if (p / LABELS).is_file():
            out.append(p)
        else:
            out += sorted(d for d in p.iterdir() if (d / LABELS).is_file())
    return out


def load_labels(brand_dir: Path) -> list[Label]:
    raw = yaml.safe_load((brand_dir / LABELS).read_text(encoding="utf-8")) or []
    labels = []
    for item in raw:
        places = []
        for loc in item["locations"]:
            lines = (brand_dir / loc["file"]).read_text(encoding="utf-8").splitlines()
            hits = [n for n, text in enumerate(lines, 1) if loc["snippet"] in text]
            if len(hits) != 1:
                raise ValueError(f"{brand_dir.name}/{LABELS}: {item['id']}: snippet {loc['snippet']!r} is on "
                                 f"{len(hits)} lines of {loc['file']} (needs exactly one)")
            places.append(Place(loc["file"], hits[0], str(loc.get("value", ""))))
        labels.append(Label(item["id"], item["expect"], item.get("fact", ""), item.get("kind", ""), places))
    return labels


def run(paths: list[Path], verbose: bool = False) -> dict:
    model = PROMISE_DEFAULTS["embedding-model"]
    totals = {"drift_labels": 0, "found": 0, "reported": 0, "correct": 0, "negatives": 0, "negatives_flagged": 0}
    by_kind: dict[str, list[int]] = {}
    lines: list[str] = []
    for brand_dir in brands(paths):
        vocab = load_vocabulary(brand_dir / "brand.yaml", "brand.yaml")
        settings = Settings(root=brand_dir)
        found = discover(["content"], settings, brand_dir)
        parsed, errors = parse_files(found.files, settings)
        groups = drift.detect([s for p in parsed for s in p.segments], model, default_cache_dir(), vocab.brand)
        reported = [{(s.segment.path, s.segment.position(s.start).line) for s in g.statements} for g in groups]
        labels = load_labels(brand_dir)
        drift_labels = [lab for lab in labels if lab.expect == "drift"]
        negatives = [lab for lab in labels if lab.expect != "drift"]
        correct = [False] * len(groups)
        found_ids = set()
        for lab in drift_labels:
            for i, where in enumerate(reported):
                values = {p.value for p in lab.places if (p.file, p.line) in where}
                if len(values) >= 2:
                    correct[i] = True
                    found_ids.add(lab.id)
            by_kind.setdefault(lab.kind, [0, 0])
            by_kind[lab.kind][0] += lab.id in found_ids
            by_kind[lab.kind][1] += 1
        flagged = [lab.id for lab in negatives
                   if any(sum((p.file, p.line) in where for p in lab.places) >= 2 for where in reported)]
        totals["drift_labels"] += len(drift_labels)
        totals["found"] += len(found_ids)
        totals["reported"] += len(groups)
        totals["correct"] += sum(correct)
        totals["negatives"] += len(negatives)
        totals["negatives_flagged"] += len(flagged)
        lines.append(f"{brand_dir.name}: {len(found_ids)}/{len(drift_labels)} drift labels found, "
                     f"{sum(correct)}/{len(groups)} reported groups correct, "
                     f"{len(flagged)}/{len(negatives)} hard negatives flagged"
                     + (f", {len(errors)} input errors" if errors else ""))
        if verbose:
            for lab in drift_labels:
                if lab.id not in found_ids:
                    lines.append(f"  missed {lab.id} ({lab.kind}): " +
                                 "; ".join(f"{p.file}:{p.line} {p.value}" for p in lab.places))
            for g, ok in zip(groups, correct):
                if not ok:
                    lines.append(f"  false group {g.fact}: " + "; ".join(
                        f"{s.segment.path}:{s.segment.position(s.start).line} {s.value}" for s in g.statements))
            for lab_id in flagged:
                lines.append(f"  hard negative flagged: {lab_id}")
    precision = totals["correct"] / totals["reported"] if totals["reported"] else 0.0
    recall = totals["found"] / totals["drift_labels"] if totals["drift_labels"] else 0.0
    lines.append(f"all: precision {precision:.3f} ({totals['correct']}/{totals['reported']}), recall {recall:.3f} "
                 f"({totals['found']}/{totals['drift_labels']}), hard negatives flagged "
                 f"{totals['negatives_flagged']}/{totals['negatives']}")
    lines.append("recall by kind: " + ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in sorted(by_kind.items())))
    return {"text": "\n".join(lines), "precision": precision, "recall": recall, "by_kind": by_kind, **totals}
