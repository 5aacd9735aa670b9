"""Measure a contradiction-model artifact.

    python -m voicecheck.promises.train.evaluate --model DIR [--limit N] [--generated N] [--json FILE]

Reports:

* ``mnli_dev_matched``, ``snli_test``: 3-way accuracy (held-out sanity
  benchmarks, never trained on);
* ``hossain_{mnli,snli}_heldout``: contradiction precision / recall / F1 on the
  fixed held-out 20% of the Hossain negation sets; ``hossain_rte_heldout`` is
  2-way (entailment / not), so it reports 2-way accuracy and the F1 of
  *not entailment* (predicted contradiction or neutral);
* ``generated_unseen_brands``: grammar pairs from held-out brands;
  ``generated_unseen_templates``: held-out brands *and* held-out templates:
  accuracy, contradiction P/R/F1, recall per phenomenon and the false-flag rate
  (neutral or entailment predicted as contradiction) per pair kind.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

from . import LABELS
from .train import LABEL_ID, contradiction_scores, cpu_count

PUBLIC_SETS = ("mnli_dev_matched", "snli_test", "hossain_mnli_heldout", "hossain_snli_heldout", "hossain_rte_heldout")
GENERATED_SETS = {"generated_unseen_brands": "heldout", "generated_unseen_templates": "heldout_templates"}
EVAL_SEED = 7  # generated evaluation pairs; training uses other streams (split names differ)


def _subsample(items: list, limit: int | None, name: str) -> list:
    if limit is None or len(items) <= limit:
        return items
    return random.Random(f"eval:{name}").sample(items, limit)


def _public_scores(name: str, gold: list[str], probs) -> dict:
    pred = probs.argmax(1).tolist()
    if name == "hossain_rte_heldout":
        ent = LABEL_ID["entailment"]
        g = [1 if y == "entailment" else 0 for y in gold]
        p = [1 if x == ent else 0 for x in pred]
        acc = sum(a == b for a, b in zip(g, p)) / max(1, len(g))
        tp = sum(1 for a, b in zip(g, p) if a == 0 and b == 0)
        fp = sum(1 for a, b in zip(g, p) if a == 1 and b == 0)
        fn = sum(1 for a, b in zip(g, p) if a == 0 and b == 1)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        return {"accuracy_2way": round(acc, 4), "not_entailment_f1": round(f1, 4), "n": len(g)}
    return contradiction_scores([LABEL_ID[y] for y in gold], pred)


def _generated_scores(pairs, probs) -> dict:
    pred = probs.argmax(1).tolist()
    scores = contradiction_scores([LABEL_ID[p.label] for p in pairs], pred)
    c = LABEL_ID["contradiction"]
    by_kind: dict[str, list[int]] = defaultdict(list)
    for p, y in zip(pairs, pred):
        by_kind[p.kind].append(int(y == c))
    scores["contradiction_recall_by_phenomenon"] = {
        k: round(sum(v) / len(v), 3) for k, v in sorted(by_kind.items()) if not k.startswith(("neutral", "entail"))}
    scores["false_flag_rate_by_kind"] = {
        k: round(sum(v) / len(v), 3) for k, v in sorted(by_kind.items()) if k.startswith(("neutral", "entail"))}
    return scores


def evaluate(model_dir: Path | str, *, limit: int | None = None, generated: int = 3000, batch_size: int = 64,
             data_root: Path | None = None, sets: tuple[str, ...] | None = None, log=print) -> dict:
    from . import data, grammar
    from .artifact import load_contradiction_model, predict

    tokenizer, model = load_contradiction_model(model_dir)
    results: dict[str, dict] = {}
    wanted = sets or PUBLIC_SETS + tuple(GENERATED_SETS)
    for name in wanted:
        t0 = time.monotonic()
        if name in GENERATED_SETS:
            pairs = grammar.generate(generated, seed=EVAL_SEED, split=GENERATED_SETS[name])
            probs = predict(tokenizer, model, [(p.premise, p.hypothesis) for p in pairs], batch_size=batch_size)
            results[name] = _generated_scores(pairs, probs)
        elif name in PUBLIC_SETS:
            pairs = _subsample(data.load_eval_set(name, data_root), limit, name)
            probs = predict(tokenizer, model, [(p.premise, p.hypothesis) for p in pairs], batch_size=batch_size)
            results[name] = _public_scores(name, [p.label for p in pairs], probs)
        else:
            raise ValueError(f"unknown set {name!r}; use {', '.join(PUBLIC_SETS + tuple(GENERATED_SETS))}")
        log(f"{name}: {json.dumps(results[name])} ({time.monotonic() - t0:.0f}s)")
    return results


def main(argv: list[str] | None = None) -> int:
    # Idle OpenMP threads sleep instead of spinning: on a shared machine spinning
    # threads starve each other (measured: 2.1 vs 27 pairs/s with 2 threads on
    # a busy 2-core box). Only effective before torch is first imported.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    ap = argparse.ArgumentParser(prog="python -m voicecheck.promises.train.evaluate",
                                 description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", required=True, help="artifact folder")
    ap.add_argument("--limit", type=int, default=None, help="subsample each public set to N pairs (seeded)")
    ap.add_argument("--generated", type=int, default=3000, help="pairs per generated held-out set")
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--sets", nargs="*", default=None,
                    help=f"subset of: {' '.join(PUBLIC_SETS + tuple(GENERATED_SETS))}")
    ap.add_argument("--data", default=None, help="folder of the public NLI data")
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--json", default=None, help="also write the results to this file")
    args = ap.parse_args(argv)

    import torch

    from .artifact import ArtifactError
    from .data import DataMissingError

    torch.set_num_threads(args.threads or cpu_count())
    try:
        results = evaluate(args.model, limit=args.limit, generated=args.generated, batch_size=args.batch_size,
                           data_root=Path(args.data) if args.data else None,
                           sets=tuple(args.sets) if args.sets else None, log=lambda s: print(s, flush=True))
    except (ArtifactError, DataMissingError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if args.json:
        Path(args.json).write_text(json.dumps({"labels": list(LABELS), **results}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
