"""Promise coverage and fact drift on the labelled benchmark.

    python -m voicecheck.bench coverage ../shared/bench/dev

For every brand: the coverage table (promise × channel: confirms,
contradicts, mixed or silent), the drift groups found, and how well
"confirms" agrees with the labels. The benchmark has no coverage labels as
such, but its `paraphrase-consistent` clean items are passages that restate
a promise (they should confirm it), while contradiction labels and
`topic-near-unrelated` items should not confirm the promise they name.
Lines without a promise label (neutral or vocabulary-only) say nothing
either way and are not scored.
"""
from __future__ import annotations

from pathlib import Path

from voicecheck import engine
from voicecheck.bench.score import brand_dirs, load_labels
from voicecheck.config import Settings
from voicecheck.discover import discover
from voicecheck.vocab import load_vocabulary

_MARK = {"confirms": "✓", "contradicts": "✗", "mixed": "±", "silent": "·"}


def run(paths: list[Path], extra: dict | None = None) -> dict:
    lines: list[str] = []
    totals = {"confirm_found": 0, "confirm_labels": 0, "confirm_wrong": 0, "drift_groups": 0}
    brands = {}
    for brand_dir in brand_dirs(paths):
        vocab = load_vocabulary(brand_dir / "brand.yaml", "brand.yaml")
        settings = Settings(root=brand_dir, promises=dict(extra or {}))
        result = engine.run(discover(["content"], settings, brand_dir).files, vocab, settings, {"VC301", "VC303"})
        rows, groups = result.coverage, result.drift
        scores = _score_confirms(rows, load_labels(brand_dir))
        for key in ("confirm_found", "confirm_labels", "confirm_wrong"):
            totals[key] += scores[key]
        totals["drift_groups"] += len(groups)
        brands[brand_dir.name] = {"coverage": [r.to_dict() for r in rows], "drift": [g.to_dict() for g in groups],
                                  **scores}
        lines += [f"{brand_dir.name}: coverage", *_table(rows), ""]
        lines.append(f"{brand_dir.name}: drift ({len(groups)} group{'s' if len(groups) != 1 else ''})")
        for g in groups:
            lines.append(f"  {g.fact}: {' vs '.join(g.distinct)}")
            lines += [f"    {v['path']}:{v['line']} ({v['channel']}) {v['value']}" for v in
                      (dict(value=s.value, **s.location()) for s in g.statements)]
        lines += [f"{brand_dir.name}: confirmations {scores['confirm_found']}/{scores['confirm_labels']} "
                  f"paraphrase-consistent labels found, {scores['confirm_wrong']} on lines labelled "
                  f"as contradicting or unrelated", ""]
    found_, labels, wrong = totals["confirm_found"], totals["confirm_labels"], totals["confirm_wrong"]
    precision = found_ / (found_ + wrong) if found_ + wrong else 0.0
    recall = found_ / labels if labels else 0.0
    lines.append(f"all brands: confirmation recall {recall:.3f} ({found_}/{labels}), precision on promise-labelled "
                 f"lines {precision:.3f} ({found_}/{found_ + wrong}); {totals['drift_groups']} drift groups")
    return {"text": "\n".join(lines), "brands": brands, "confirm_recall": recall, "confirm_precision": precision,
            **totals}


def _table(rows) -> list[str]:
    if not rows:
        return ["  (no promises)"]
    channels = list(rows[0].channels)
    width = max(len(r.promise.id) for r in rows)
    out = ["  " + "promise".ljust(width) + "  " + "  ".join(c.ljust(7) for c in channels) + "  status"]
    for r in rows:
        cells = []
        for c in channels:
            cell = r.channels[c]
            n = len(cell.confirms) + len(cell.contradicts)
            cells.append(f"{_MARK[cell.state]}{n if n else ''}".ljust(7))
        out.append("  " + r.promise.id.ljust(width) + "  " + "  ".join(cells) + f"  {r.status}")
    out.append("  (✓ confirms, ✗ contradicts, ± both, · silent; the number counts passages)")
    return out


def _score_confirms(rows, labels) -> dict:
    by_line = {(lab.file, lab.line): lab for lab in labels}
    positives = {(lab.file, lab.line, lab.promise) for lab in labels
                 if lab.expect == "clean" and lab.phenomenon == "paraphrase-consistent"}
    found: set = set()
    wrong = 0
    for r in rows:
        for cell in r.channels.values():
            for loc in cell.confirms:
                key = (loc.path, loc.line, r.promise.id)
                lab = by_line.get((loc.path, loc.line))
                if key in positives:
                    found.add(key)
                elif lab is not None and (lab.expect == "contradiction" or lab.phenomenon == "topic-near-unrelated"):
                    wrong += 1
    return {"confirm_found": len(found), "confirm_labels": len(positives), "confirm_wrong": wrong}
