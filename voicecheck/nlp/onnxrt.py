"""The promise checks' two models on onnxruntime + tokenizers: no PyTorch at run time.

``voicecheck/models/onnx`` holds what :mod:`voicecheck.nlp.onnx_export`
writes from the installed models: all-MiniLM-L6-v2 as one graph (token ids ->
unit sentence vectors), the project's contradiction model (token ids ->
logits over contradiction / entailment / neutral), both with fp16 weights on
disk that run in fp32 (``PRECISION`` in :mod:`voicecheck.nlp.onnx_export` says
why not int8), the tokenizer, and ``manifest.json`` with each file's size and SHA-256
(checked when a model loads: a corrupt or swapped file is one error line).

onnxruntime, tokenizers and numpy are imported inside functions; importing
this module is cheap.
"""
from __future__ import annotations

import hashlib
import json
import threading
from functools import cache
from pathlib import Path
from typing import Any, Sequence

from voicecheck.nlp.background import Loads
from voicecheck.nlp.errors import ModelError

ONNX_DIR = Path(__file__).resolve().parent.parent / "models" / "onnx"
FORMAT = "voicecheck-onnx/1"
MANIFEST_FILE = "manifest.json"
EMBEDDING_FILE = "embedding.onnx"
CONTRADICTION_FILE = "contradiction.onnx"
TOKENIZER_FILE = "tokenizer.json"
INSTALL_HINT = "pip install 'voicecheck[promises]'"


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with Path(path).open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def available() -> bool:
    """Can the shipped ONNX models run here (onnxruntime and tokenizers installed, files present)?"""
    import importlib.util

    return (importlib.util.find_spec("onnxruntime") is not None and importlib.util.find_spec("tokenizers") is not None
            and (ONNX_DIR / MANIFEST_FILE).is_file())


def manifest(folder: Path | None = None) -> dict[str, Any]:
    """The manifest of the ONNX models in ``folder`` (default: the shipped ones)."""
    return _manifest(folder or ONNX_DIR)


@cache
def _manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"{path}: the ONNX models are missing; reinstall voicecheck or export them with "
                         f"python -m voicecheck.nlp.onnx_export") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ModelError(f"{path}: unreadable manifest ({exc}); reinstall voicecheck") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("files"), dict):
        raise ModelError(f"{path}: not a {FORMAT} manifest; reinstall voicecheck")
    return data


def identity(kind: str, folder: Path | None = None) -> str:
    """``onnx-int8:<sha256 prefix>`` of the ``embedding`` or ``contradiction`` graph: what a cached
    vector or score depends on, so vectors of another backend or export are never mixed in."""
    try:
        entry = manifest(folder)[kind]
        sha = manifest(folder)["files"][entry["file"]]["sha256"]
        return f"onnx-{entry.get('precision', 'fp32')}:{sha[:16]}"
    except (ModelError, KeyError, TypeError):
        return "onnx"


def _verified(folder: Path, name: str) -> Path:
    entry = manifest(folder)["files"].get(name)
    path = folder / name
    if not isinstance(entry, dict):
        raise ModelError(f"{folder / MANIFEST_FILE}: no entry for {name}; reinstall voicecheck")
    if not path.is_file():
        raise ModelError(f"{path}: model file missing; reinstall voicecheck")
    if path.stat().st_size != entry.get("bytes") or file_sha256(path) != entry.get("sha256"):
        raise ModelError(f"{path}: corrupt model file (size or SHA-256 differs from the manifest); reinstall "
                         f"voicecheck or export again with python -m voicecheck.nlp.onnx_export")
    return path


def _session(path: Path):
    try:
        import onnxruntime as ort
    except ImportError as exc:
        raise ModelError(f"promise checks need onnxruntime: {INSTALL_HINT} ({exc})") from None
    options = ort.SessionOptions()
    options.log_severity_level = 3
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    # idle worker threads wait without spinning: after each run they would otherwise keep a core
    # busy for tens of milliseconds, which a small run needs for loading spaCy's pipeline
    # (same results; batch throughput measured the same)
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    try:
        return ort.InferenceSession(str(path), sess_options=options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # noqa: BLE001 - a loader failure is one line for the user
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelError(f"{path}: cannot load the ONNX model: {first}") from None


def _tokenizer(folder: Path, max_length: int):
    try:
        from tokenizers import Tokenizer
    except ImportError as exc:
        raise ModelError(f"promise checks need tokenizers: {INSTALL_HINT} ({exc})") from None
    tok = Tokenizer.from_file(str(_verified(folder, TOKENIZER_FILE)))
    tok.enable_truncation(max_length=max_length, strategy="longest_first")
    tok.enable_padding(pad_id=0, pad_token="[PAD]")  # to the longest of each batch
    return tok


def _arrays(encodings, names: Sequence[str]) -> dict[str, Any]:
    import numpy as np

    data = {
        "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
        "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
        "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
    }
    return {n: data[n] for n in names}


#: Characters a batch may hold, counting each text as long as the longest one (padding): a batch
#: of long texts is smaller, so the attention's memory (batch x length^2) stays bounded; short texts
#: still go 64 at a time.
BATCH_CHARS = 64 * 160


def _batches(order: list[int], sizes: list[int], most: int):
    """``order`` (indices sorted by size, shortest first) cut into batches of at most ``most``
    items and at most :data:`BATCH_CHARS` characters once padded to the longest."""
    batch: list[int] = []
    for i in order:
        if batch and (len(batch) >= most or (len(batch) + 1) * max(sizes[i], 1) > BATCH_CHARS):
            yield batch
            batch = []
        batch.append(i)
    if batch:
        yield batch


class Embedder:
    """all-MiniLM-L6-v2 on onnxruntime: ``encode(texts) -> (n, 384)`` unit vectors."""

    def __init__(self, folder: Path | None = None):
        folder = folder or ONNX_DIR
        entry = manifest(folder)["embedding"]
        self.dimension = int(entry.get("dimension", 384))
        self.session = _session(_verified(folder, entry["file"]))
        self.tokenizer = _tokenizer(folder, int(entry.get("max_length", 256)))
        self.inputs = [i.name for i in self.session.get_inputs()]

    def encode(self, texts: Sequence[str], batch_size: int = 64, progress=None):
        import numpy as np

        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # similar lengths pad little
        for idx in _batches(order, [len(t) for t in texts], batch_size):
            enc = self.tokenizer.encode_batch([texts[i] for i in idx])
            out[idx] = self.session.run(None, _arrays(enc, self.inputs))[0]
            if progress is not None:
                progress(len(idx))
        return out


class Classifier:
    """The contradiction cross-encoder on onnxruntime: ``predict(pairs) -> (n, 3)`` probabilities
    (contradiction, entailment, neutral) for (premise, hypothesis) pairs."""

    def __init__(self, folder: Path | None = None):
        folder = folder or ONNX_DIR
        entry = manifest(folder)["contradiction"]
        self.labels = tuple(entry.get("labels", ()))
        self.session = _session(_verified(folder, entry["file"]))
        self.tokenizer = _tokenizer(folder, int(entry.get("max_length", 256)))
        self.inputs = [i.name for i in self.session.get_inputs()]

    def predict(self, pairs: Sequence[tuple[str, str]], batch_size: int = 32, progress=None):
        import numpy as np

        out = np.zeros((len(pairs), 3), dtype=np.float32)
        sizes = [len(a) + len(b) for a, b in pairs]
        order = sorted(range(len(pairs)), key=lambda i: sizes[i])
        for idx in _batches(order, sizes, batch_size):
            enc = self.tokenizer.encode_batch([(pairs[i][0], pairs[i][1]) for i in idx])
            logits = self.session.run(None, _arrays(enc, self.inputs))[0].astype(np.float64)
            e = np.exp(logits - logits.max(axis=1, keepdims=True))
            out[idx] = (e / e.sum(axis=1, keepdims=True)).astype(np.float32)
            if progress is not None:
                progress(len(idx))
        return out


_LOADERS = {"embedding": Embedder, "contradiction": Classifier}
_loaded: dict[str, Any] = {}  # kind -> model, or the ModelError its load raised
_locks = {kind: threading.Lock() for kind in _LOADERS}
_loads = Loads()


def _load(kind: str):
    with _locks[kind]:  # a prefetch in progress is waited for, never repeated
        if kind not in _loaded:
            try:
                _loaded[kind] = _LOADERS[kind]()
            except ModelError as exc:
                _loaded[kind] = exc
    found = _loaded[kind]
    if isinstance(found, ModelError):
        raise found
    return found


def load_embedder() -> Embedder:
    """The embedding model, loaded once per process."""
    return _load("embedding")


def load_classifier() -> Classifier:
    """The contradiction model, loaded once per process."""
    return _load("contradiction")


def prefetch(*kinds: str) -> None:
    """Start loading these models in the background, one after the other in one thread
    (loading is mostly onnxruntime's own work, outside the GIL), so a run's parsing,
    facets and retrieval overlap with it; :func:`load_embedder` / :func:`load_classifier`
    then wait for a load in progress instead of starting one, and load a model the
    thread has not reached yet themselves. A failed load is raised there.

    One thread, not one per model: the first model is needed first (the embedding model,
    for retrieval), and a second load at the same time would take a core from it and from
    the parser's load (:func:`voicecheck.nlp.models.prefetch_parser`) on a small machine."""
    todo = [kind for kind in kinds if kind not in _loaded and not _locks[kind].locked()]
    if todo:
        _loads.start(_load_each, *todo, name=f"voicecheck-load-{'+'.join(todo)}")


def _load_each(*kinds: str) -> None:
    """Load each model in turn; one that fails does not keep the next from loading."""
    for kind in kinds:
        try:
            _load(kind)
        except Exception:  # noqa: BLE001 - raised again, as one line, where the model is used
            pass
