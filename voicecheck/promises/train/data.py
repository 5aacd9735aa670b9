"""Loaders for the public NLI sets in ``shared/data/nli``, with their use policy.

The folder's MANIFEST.md marks each file ``train ok`` (licence allows training
a model we ship) or ``eval only``. This module enforces it: every file is
opened through :func:`dataset_path` with a *purpose*, and ``purpose="train"``
is refused for anything outside :data:`TRAIN_OK` with :class:`DataPolicyError`.
:func:`check_manifest` re-reads MANIFEST.md and fails when a file of the
allow-list is not (or no longer) marked ``train ok`` there; the training entry
point calls it before loading anything.

Labels are ``contradiction``, ``entailment``, ``neutral`` or, for 2-way sets
(RTE, MED), ``not_entailment`` (contradiction or neutral; the trainer uses a
partial-label loss for it).
"""
from __future__ import annotations

import csv
import io
import json
import os
import random
import re
import zipfile
from pathlib import Path
from typing import Callable, NamedTuple

#: Files MANIFEST.md marks ``train ok``; the only files training may read.
TRAIN_OK = frozenset({
    "snli/snli_dev.s1",
    "snli/snli_dev.s2",
    "snli/snli_dev.labels",
    "med/MED.tsv",
    "breaking_nli/breaking_nli_dataset.zip",
    "negation/hossain2020_mnli_neg.tsv",
    "negation/hossain2020_snli_neg.tsv",
    "negation/hossain2020_rte_neg.tsv",
})

#: Held-out sanity benchmarks (eval only, never train).
EVAL_BENCHMARKS = frozenset({
    "mnli/mnli_dev_matched.tsv",
    "snli/snli_test.s1",
    "snli/snli_test.s2",
    "snli/snli_test.labels",
})

HOSSAIN_SETS = ("mnli", "snli", "rte")
HOSSAIN_HOLDOUT_FRACTION = 0.2
HOSSAIN_HOLDOUT_SEED = 2020  # fixed, so training and evaluation agree on the split

PURPOSES = ("train", "eval")


class DataPolicyError(PermissionError):
    """A file was requested for a use its licence (per MANIFEST.md) does not allow."""


class DataMissingError(FileNotFoundError):
    """A data file or folder is missing or unreadable."""


class NLIPair(NamedTuple):
    premise: str
    hypothesis: str
    label: str  # contradiction | entailment | neutral | not_entailment
    source: str


def default_root() -> Path:
    """``$VOICECHECK_NLI_DIR``, else ``<repo>/../shared/data/nli``."""
    env = os.environ.get("VOICECHECK_NLI_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3].parent / "shared" / "data" / "nli"


def dataset_path(rel: str, purpose: str, root: Path | None = None) -> Path:
    """The path of ``rel`` under the data root, if ``purpose`` is allowed for it."""
    if purpose not in PURPOSES:
        raise ValueError(f"purpose must be one of {PURPOSES}, not {purpose!r}")
    rel = rel.replace("\\", "/").lstrip("/")
    if purpose == "train" and rel not in TRAIN_OK:
        raise DataPolicyError(
            f"{rel} may not be used for training: MANIFEST.md does not mark it `train ok` "
            "(use it with purpose='eval' only)")
    path = (root or default_root()) / rel
    if not path.is_file():
        raise DataMissingError(f"{path}: NLI data file not found (set VOICECHECK_NLI_DIR or --data)")
    return path


def check_manifest(root: Path | None = None) -> None:
    """Fail unless MANIFEST.md marks every file of :data:`TRAIN_OK` as ``train ok``
    and every file of :data:`EVAL_BENCHMARKS` as eval only."""
    manifest = (root or default_root()) / "MANIFEST.md"
    try:
        text = manifest.read_text(encoding="utf-8")
    except OSError as e:
        raise DataMissingError(f"{manifest}: cannot read the data manifest ({e.strerror})") from None
    uses: dict[str, str] = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 4 and cells[0].startswith("`") and cells[0].endswith("`"):
            uses[cells[0].strip("`")] = cells[-1]
    for rel in sorted(TRAIN_OK):
        if uses.get(rel, "").strip() != "train ok":
            raise DataPolicyError(f"{manifest}: {rel} is in the training allow-list but not marked `train ok`")
    for rel in sorted(EVAL_BENCHMARKS):
        if not uses.get(rel, "").startswith("eval only"):
            raise DataPolicyError(f"{manifest}: {rel} should be marked `eval only`")


# ---------------------------------------------------------------------------
# Readers

_LABELS3 = {"contradiction", "entailment", "neutral"}
_DETOK = [(re.compile(r" ([.,!?;:%)])"), r"\1"), (re.compile(r"([($]) "), r"\1"),
          (re.compile(r" (n't|'s|'re|'ve|'ll|'m|'d)\b"), r"\1"), (re.compile(r"\s+"), " ")]


def _detok(text: str) -> str:
    for rx, rep in _DETOK:
        text = rx.sub(rep, text)
    return text.strip()


def _tsv(path: Path, encoding: str = "utf-8") -> list[list[str]]:
    text = path.read_bytes().decode(encoding)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter="\t", quoting=csv.QUOTE_NONE))


def snli(split: str, purpose: str, root: Path | None = None) -> list[NLIPair]:
    """SNLI (e-SNLI copy): ``split`` is "dev" (train ok) or "test" (eval only)."""
    paths = [dataset_path(f"snli/snli_{split}.{ext}", purpose, root) for ext in ("s1", "s2", "labels")]
    s1, s2, labels = (p.read_text(encoding="utf-8").splitlines() for p in paths)
    if not len(s1) == len(s2) == len(labels):
        raise DataMissingError(f"{paths[0].parent}: snli_{split} files have different line counts")
    return [NLIPair(_detok(a), _detok(b), y.strip(), f"snli_{split}")
            for a, b, y in zip(s1, s2, labels) if y.strip() in _LABELS3]


def mnli_dev_matched(purpose: str = "eval", root: Path | None = None) -> list[NLIPair]:
    rows = _tsv(dataset_path("mnli/mnli_dev_matched.tsv", purpose, root))
    return [NLIPair(r[1].strip(), r[2].strip(), r[3], "mnli_dev_matched") for r in rows[1:] if r[3] in _LABELS3]


def med(purpose: str, root: Path | None = None) -> list[NLIPair]:
    """MED (monotonicity): 2-way; its "neutral" means *not entailed*."""
    rows = _tsv(dataset_path("med/MED.tsv", purpose, root))
    head = rows[0]
    i1, i2, iy = head.index("sentence1"), head.index("sentence2"), head.index("gold_label")
    out = []
    for r in rows[1:]:
        y = {"entailment": "entailment", "neutral": "not_entailment"}.get(r[iy])
        if y:
            out.append(NLIPair(r[i1].strip(), r[i2].strip(), y, "med"))
    return out


def breaking_nli(purpose: str, root: Path | None = None) -> list[NLIPair]:
    path = dataset_path("breaking_nli/breaking_nli_dataset.zip", purpose, root)
    try:
        with zipfile.ZipFile(path) as z:
            lines = z.read("data/dataset.jsonl").decode("utf-8").splitlines()
    except (zipfile.BadZipFile, KeyError) as e:
        raise DataMissingError(f"{path}: unreadable Breaking NLI archive ({e})") from None
    out = []
    for line in lines:
        if line.strip():
            d = json.loads(line)
            if d.get("gold_label") in _LABELS3:
                out.append(NLIPair(d["sentence1"].strip(), d["sentence2"].strip(), d["gold_label"], "breaking_nli"))
    return out


_NEG_CUE = re.compile(r"n't\b|\b(?:not|no|never|none|nobody|nothing|cannot)\b")


def premise_key(text: str) -> str:
    """A premise with negation cues and punctuation removed: the Hossain sets pair
    each sentence with its negated variants, which must fall on the same side of
    the split (and must not leak into training through SNLI dev)."""
    s = text.lower().replace("can't", "can").replace("won't", "will").replace("cannot", "can")
    return re.sub(r"\W+", " ", _NEG_CUE.sub(" ", s)).strip()


def _hossain_holdout(name: str, pairs: list[NLIPair]) -> set[int]:
    """Indices of the held-out pairs: whole premise groups, seeded, ~20% of pairs."""
    groups: dict[str, list[int]] = {}
    for i, p in enumerate(pairs):
        groups.setdefault(premise_key(p.premise), []).append(i)
    keys = sorted(groups)
    random.Random(f"hossain:{name}:{HOSSAIN_HOLDOUT_SEED}").shuffle(keys)
    held: set[int] = set()
    target = round(len(pairs) * HOSSAIN_HOLDOUT_FRACTION)
    for k in keys:
        if len(held) >= target:
            break
        held.update(groups[k])
    return held


def hossain(name: str, part: str, purpose: str, root: Path | None = None) -> list[NLIPair]:
    """Hossain et al. 2020 negation sets (cp1252, CRLF). ``part``: "train" (80%),
    "heldout" (a fixed seeded 20%, for evaluation) or "all". RTE is 2-way."""
    if name not in HOSSAIN_SETS:
        raise ValueError(f"unknown Hossain set {name!r}; use one of {HOSSAIN_SETS}")
    if part not in ("train", "heldout", "all"):
        raise ValueError(f"part must be 'train', 'heldout' or 'all', not {part!r}")
    if purpose == "train" and part != "train":
        raise DataPolicyError(f"hossain2020_{name}_neg: the held-out 20% is for evaluation only")
    rows = _tsv(dataset_path(f"negation/hossain2020_{name}_neg.tsv", purpose, root), encoding="cp1252")
    pairs = []
    for r in rows[1:]:
        y = {"not_entailment": "not_entailment"}.get(r[3], r[3])
        if y in _LABELS3 or y == "not_entailment":
            pairs.append(NLIPair(r[1].strip(), r[2].strip(), y, f"hossain_{name}"))
    held = _hossain_holdout(name, pairs)
    if part == "all":
        return pairs
    keep = part == "heldout"
    return [p for i, p in enumerate(pairs) if (i in held) == keep]


# ---------------------------------------------------------------------------
# Named collections

TRAIN_SETS: dict[str, Callable[[Path | None], list[NLIPair]]] = {
    "snli_dev": lambda root: snli("dev", "train", root),
    "med": lambda root: med("train", root),
    "breaking_nli": lambda root: breaking_nli("train", root),
    "hossain_mnli": lambda root: hossain("mnli", "train", "train", root),
    "hossain_snli": lambda root: hossain("snli", "train", "train", root),
    "hossain_rte": lambda root: hossain("rte", "train", "train", root),
}

EVAL_SETS: dict[str, Callable[[Path | None], list[NLIPair]]] = {
    "mnli_dev_matched": lambda root: mnli_dev_matched("eval", root),
    "snli_test": lambda root: snli("test", "eval", root),
    "hossain_mnli_heldout": lambda root: hossain("mnli", "heldout", "eval", root),
    "hossain_snli_heldout": lambda root: hossain("snli", "heldout", "eval", root),
    "hossain_rte_heldout": lambda root: hossain("rte", "heldout", "eval", root),
}


def load_training_sets(root: Path | None = None, names: tuple[str, ...] | None = None) -> dict[str, list[NLIPair]]:
    """Every ``train ok`` set (Hossain: the 80% training part), after checking
    MANIFEST.md; pairs whose premise is in a Hossain held-out group are dropped."""
    check_manifest(root)
    chosen = names or tuple(TRAIN_SETS)
    unknown = [n for n in chosen if n not in TRAIN_SETS]
    if unknown:
        raise DataPolicyError(f"not a training set: {', '.join(unknown)} (allowed: {', '.join(TRAIN_SETS)})")
    held = heldout_premise_keys(root)
    return {n: [p for p in TRAIN_SETS[n](root) if premise_key(p.premise) not in held] for n in chosen}


def heldout_premise_keys(root: Path | None = None) -> set[str]:
    """Premise keys of every Hossain held-out pair; training drops pairs sharing one."""
    return {premise_key(p.premise) for name in HOSSAIN_SETS for p in hossain(name, "heldout", "eval", root)}


def load_eval_set(name: str, root: Path | None = None) -> list[NLIPair]:
    if name not in EVAL_SETS:
        raise ValueError(f"unknown eval set {name!r}; use one of {', '.join(EVAL_SETS)}")
    return EVAL_SETS[name](root)
