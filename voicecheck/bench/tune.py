"""Fit the promise-check decision on the labelled benchmark, with
leave-one-brand-out evaluation.

Links (passage → promise, with facet strength, model probability, similarity
and rank) are collected once per brand. The decision is a logistic function
of those features (:func:`voicecheck.promises.analysis.combine` with fitted
weights) and a threshold. For every brand, weights and threshold are fitted
on the *other* brands and scored on it, which says how the engine does on a
brand it has not seen; the weights shipped as defaults are then fitted on all
brands.

    python -m voicecheck.bench tune ../shared/bench/dev
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from voicecheck.bench.score import brand_dirs, load_labels
from voicecheck.checks.promises.contradiction import locate, strongest
from voicecheck.config import Settings
from voicecheck.discover import discover
from voicecheck.engine import default_cache_dir, parse_files
from voicecheck.promises.analysis import Options, analyze, eligible, features, logistic, product_names, synonyms
from voicecheck.vocab import load_vocabulary


@dataclass
class Row:
    brand: str
    passage: tuple[str, int, int, int]  # (path, segment id, start, end)
    where: tuple[str, int]  # (path, line) the finding would point at
    promise: str
    x: np.ndarray
    y: int  # 1 when a contradiction label on that line names this promise
    gate: bool = True  # may become a finding at all (analysis.eligible)


def collect(brand_dir: Path, opts: Options) -> tuple[list[Row], list]:
    vocab = load_vocabulary(brand_dir / "brand.yaml", "brand.yaml")
    settings = Settings(root=brand_dir)
    found = discover(["content"], settings, brand_dir)
    parsed, _ = parse_files(found.files, settings)
    links = analyze([s for p in parsed for s in p.segments], vocab.promises, opts, synonyms(vocab.terms),
                    vocab.brand, product_names(vocab))
    labels = load_labels(brand_dir)
    positives = {(lab.file, lab.line, lab.promise) for lab in labels if lab.expect == "contradiction"}
    rows = []
    for link in links:
        start, _ = locate(link)
        seg = link.passage.segment
        line = seg.position(start).line
        where = (seg.path, line)
        rows.append(Row(brand_dir.name, (seg.path, id(seg), link.passage.start, link.passage.end), where,
                        link.promise.id, features(link), int((seg.path, line, link.promise.id) in positives),
                        eligible(link)))
    return rows, labels


def fit(rows: list[Row], l2: float = 1.0, steps: int = 3000, lr: float = 0.1) -> np.ndarray:
    """Logistic regression weights (last one is the bias), plain gradient descent."""
    rows = [r for r in rows if r.gate]  # links that can't become findings teach the decision nothing
    x = np.stack([r.x for r in rows])
    x = np.hstack([x, np.ones((len(rows), 1))])
    y = np.array([r.y for r in rows], dtype=float)
    w = np.zeros(x.shape[1])
    pos = max(1.0, y.sum())
    weight = np.where(y > 0, len(y) / (2 * pos), len(y) / (2 * max(1.0, len(y) - pos)))
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w)))
        grad = x.T @ ((p - y) * weight) / len(y) + l2 * np.r_[w[:-1], 0] / len(y)
        w -= lr * grad * 10
    return w


def decide(rows: list[Row], w: np.ndarray, threshold: float) -> set[tuple[str, int, str]]:
    """Findings as the check makes them: per passage, its best link at or above the threshold."""
    return _decide_scored(rows, [logistic(r.x, w) for r in rows], threshold)


def _decide_scored(rows: list[Row], scores: list[float], threshold: float) -> set[tuple[str, int, str]]:
    chosen = strongest(((r.passage, s if r.gate else 0.0, r) for r, s in zip(rows, scores)), threshold)
    return {(r.where[0], r.where[1], r.promise) for r in chosen}


def held_out_scores(rows: list[Row], brands) -> list[float]:
    """Each row's decision score from weights fitted without its brand: the scores a
    brand nobody fitted on gets, which is where the threshold will be used."""
    weights = {b: fit([r for r in rows if r.brand != b]) for b in brands}
    return [logistic(r.x, weights[r.brand]) for r in rows]


def evaluate(findings: set, labels) -> dict:
    cons = {(lab.file, lab.line, lab.promise): lab for lab in labels if lab.expect == "contradiction"}
    clean = {(lab.file, lab.line) for lab in labels if lab.expect == "clean"}
    found = findings & set(cons)
    flagged_clean = {(f, ln) for f, ln, _ in findings} & clean
    hard = [k for k, lab in cons.items() if lab.difficulty == "hard"]
    return {"tp": len(found), "findings": len(findings), "labels": len(cons),
            "hard_found": sum(1 for k in hard if k in found), "hard": len(hard),
            "clean_flagged": len(flagged_clean), "clean": len(clean),
            "by_phenomenon": _by(cons, found, "phenomenon"), "by_channel": _by(cons, found, "channel"),
            "by_difficulty": _by(cons, found, "difficulty")}


def _by(cons, found, attr) -> dict[str, list[int]]:
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for k, lab in cons.items():
        out[getattr(lab, attr)][1] += 1
        out[getattr(lab, attr)][0] += k in found
    return dict(out)


def choose_threshold(rows: list[Row], labels_by_brand: dict, min_precision: float = 0.9,
                     weights: np.ndarray | None = None) -> float:
    """The threshold with the best recall whose precision over these brands is
    at least ``min_precision`` (ties: the higher threshold); the best F1 when
    none reaches it. Precision first, because a linter that cries wolf is
    switched off. Each brand is scored with weights fitted without it
    (:func:`held_out_scores`): scores on the brands the weights were fitted on
    are higher than a new brand's, and a threshold chosen on them lets more
    false flags through on a brand nobody has seen. With ``weights``, the rows are
    scored with those instead (the previous way: the weights fitted on these brands)."""
    scores = held_out_scores(rows, labels_by_brand) if weights is None else [logistic(r.x, weights) for r in rows]
    by_brand: dict[str, tuple[list[Row], list[float]]] = {}
    for r, sc in zip(rows, scores):
        slot = by_brand.setdefault(r.brand, ([], []))
        slot[0].append(r)
        slot[1].append(sc)
    scored = []
    for t in np.arange(0.2, 0.96, 0.01):
        tp = fp = n = 0
        for brand, labels in labels_by_brand.items():
            e = evaluate(_decide_scored(*by_brand.get(brand, ([], [])), t), labels)
            tp += e["tp"]
            fp += e["findings"] - e["tp"]
            n += e["labels"]
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / n if n else 0.0
        scored.append((float(t), p, r))
    ok = [x for x in scored if x[1] >= min_precision]
    if ok:
        best = max(ok, key=lambda x: (x[2], x[0]))
    else:
        best = max(scored, key=lambda x: (2 * x[1] * x[2] / (x[1] + x[2]) if x[1] + x[2] else 0.0, x[0]))
    return round(best[0], 2)


FEATURES = ("conflict", "relatedness", "words", "attributes", "clauses", "model", "similarity", "top-rank",
            "claims-first")


def separation(rows: list[Row]) -> list[tuple[str, float]]:
    """ROC AUC of each decision input alone, over the links with a conflict (the ones the decision ranks):
    the chance that a labelled contradiction scores above a link that is not one (ties count half)."""
    conflicted = [r for r in rows if r.gate and r.x[0] > 0]
    pos = [r for r in conflicted if r.y]
    neg = [r for r in conflicted if not r.y]
    if not pos or not neg:
        return []
    out = []
    for i, name in enumerate(FEATURES[:len(conflicted[0].x)]):
        a = np.array([r.x[i] for r in pos])[:, None]
        b = np.array([r.x[i] for r in neg])[None, :]
        out.append((name, float(((a > b).sum() + 0.5 * (a == b).sum()) / (len(pos) * len(neg)))))
    return out


def add(total: dict, e: dict) -> None:
    for k, v in e.items():
        if isinstance(v, dict):
            slot = total.setdefault(k, defaultdict(lambda: [0, 0]))
            for kk, (a, b) in v.items():
                slot[kk][0] += a
                slot[kk][1] += b
        else:
            total[k] = total.get(k, 0) + v


def summary(name: str, e: dict) -> str:
    p = e["tp"] / e["findings"] if e["findings"] else 1.0
    r = e["tp"] / e["labels"] if e["labels"] else 0.0
    h = e["hard_found"] / e["hard"] if e["hard"] else 0.0
    c = e["clean_flagged"] / e["clean"] if e["clean"] else 0.0
    return (f"{name}: precision {p:.3f} ({e['tp']}/{e['findings']}), recall {r:.3f} ({e['tp']}/{e['labels']}), "
            f"hard recall {h:.3f} ({e['hard_found']}/{e['hard']}), clean flagged {c:.1%} "
            f"({e['clean_flagged']}/{e['clean']})")


def run(paths: list[Path], settings_extra: dict | None = None, held_out_threshold: bool = True) -> dict:
    # threshold 0: the model scores every link, so the fit sees its output everywhere
    opts = Options.from_settings({**(settings_extra or {}), "threshold": 0.0}, default_cache_dir())
    rows: list[Row] = []
    labels_by_brand = {}
    for d in brand_dirs(paths):
        r, labels = collect(d, opts)
        rows += r
        labels_by_brand[d.name] = labels
    lines = []
    lobo: dict = {}
    for brand in labels_by_brand:
        train = [r for r in rows if r.brand != brand]
        others = {b: v for b, v in labels_by_brand.items() if b != brand}
        w = fit(train)
        t = choose_threshold(train, others, weights=None if held_out_threshold else w)
        e = evaluate(decide([r for r in rows if r.brand == brand], w, t), labels_by_brand[brand])
        add(lobo, e)
        lines.append(summary(f"  held out {brand} (threshold {t})", e))
    w = fit(rows)
    t = choose_threshold(rows, labels_by_brand, weights=None if held_out_threshold else w)
    full: dict = {}
    for brand, labels in labels_by_brand.items():
        add(full, evaluate(decide([r for r in rows if r.brand == brand], w, t), labels))
    out = ["leave-one-brand-out:", *lines, summary("  all held-out brands", lobo),
           "  recall by phenomenon: " + ", ".join(f"{k} {a}/{b}" for k, (a, b) in sorted(lobo["by_phenomenon"].items())),
           "  recall by difficulty: " + ", ".join(f"{k} {a}/{b}" for k, (a, b) in sorted(lobo["by_difficulty"].items())),
           "  recall by channel: " + ", ".join(f"{k} {a}/{b}" for k, (a, b) in sorted(lobo["by_channel"].items())),
           summary(f"fitted on all brands (threshold {t})", full),
           "  recall by phenomenon: " + ", ".join(f"{k} {a}/{b}" for k, (a, b) in sorted(full["by_phenomenon"].items())),
           "  recall by channel: " + ", ".join(f"{k} {a}/{b}" for k, (a, b) in sorted(full["by_channel"].items())),
           f"weights (conflict, relatedness, words, attributes, clauses, model, similarity, top-rank, claims-first, bias): {', '.join(f'{v:.3f}' for v in w)}",
           "how well each input alone separates right from wrong among links whose claims conflict (ROC AUC): "
           + ", ".join(f"{name} {a:.2f}" for name, a in separation(rows))]
    return {"text": "\n".join(out), "weights": [round(float(v), 4) for v in w], "threshold": t,
            "lobo": lobo, "full": full}
