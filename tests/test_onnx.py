"""The promise checks' models on onnxruntime (the default) against the torch models
they were exported from: embeddings within a stated tolerance, the same
contradiction scores, the same findings; the embedding cache keyed on the
backend; the shipped files reproducible by the export script; no torch at run time."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from voicecheck.nlp import embeddings, onnxrt
from voicecheck.nlp.embeddings import EmbeddingCache

from .conftest import ROOT, needs_shared

#: Largest difference allowed between an ONNX and a torch embedding, per component
#: (vectors are unit length, 384 components), and the least cosine between the two.
EMBEDDING_ATOL = 2e-3
EMBEDDING_MIN_COSINE = 0.9999
#: Largest difference allowed between the two backends' P(contradiction).
PROBABILITY_ATOL = 5e-3

SENTENCES = [
    "Try Fernway Plus free for 30 days. No card required.",
    "Your 14-day free trial of Fernway Plus ends in three days.",
    "Live chat is open Monday to Friday, 9am to 5pm.",
    "We never charge delivery fees on orders over $35.",
    "Refunds are subject to approval by our billing team.",
    "OK",
    "Plants, pots & soil — délivré à domicile (ünïcode)!",
    "word " * 400,  # longer than the 256-token limit: both truncate
]
PAIRS = [
    ("Your 14-day free trial of Fernway Plus ends in three days.", "Try Fernway Plus free for 30 days."),
    ("Someone from our team is on chat day and night.", "Real people answer your chats 24/7."),
    ("Our team answers chats Monday to Friday only.", "Real people answer your chats 24/7."),
    ("To start your free trial, add a payment card.", "Try Plus free for 14 days. No card required."),
    ("Export your reading history from Settings at any time.", "Cancel anytime, no fees."),
]

torch_required = pytest.mark.skipif(
    __import__("importlib").util.find_spec("sentence_transformers") is None,
    reason="the torch models need the train extra (torch, sentence-transformers)")


@pytest.fixture
def backend():
    """Set the run's backend; back to auto afterwards."""
    yield embeddings.set_backend
    embeddings.set_backend("auto")


def test_onnx_is_the_default_backend():
    assert embeddings.backend_for(embeddings.DEFAULT_MODEL) == "onnx"
    assert embeddings.backend_for("builtin") == "onnx"
    assert embeddings.backend_for("sentence-transformers/all-mpnet-base-v2") == "torch"  # a hub model
    assert isinstance(embeddings.load_embedder(), onnxrt.Embedder)


@torch_required
def test_embeddings_match_the_torch_model_within_tolerance():
    ref = embeddings.load_sentence_transformer().encode(SENTENCES, normalize_embeddings=True, convert_to_numpy=True)
    got = onnxrt.load_embedder().encode(SENTENCES)
    assert got.shape == ref.shape == (len(SENTENCES), 384)
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    assert np.abs(got - ref).max() <= EMBEDDING_ATOL
    assert (got * ref).sum(axis=1).min() >= EMBEDDING_MIN_COSINE


@torch_required
def test_contradiction_scores_match_the_torch_model():
    from voicecheck.promises.model import BUILTIN
    from voicecheck.promises.train.artifact import load_contradiction_model, predict

    tokenizer, model = load_contradiction_model(BUILTIN)
    ref = predict(tokenizer, model, PAIRS)
    got = onnxrt.load_classifier().predict(PAIRS)
    assert np.abs(got - ref).max() <= PROBABILITY_ATOL
    assert (got.argmax(axis=1) == ref.argmax(axis=1)).all()


def _findings(root, paths, vocab, backend_name, cache):
    from voicecheck import engine
    from voicecheck.config import Settings
    from voicecheck.discover import discover
    from voicecheck.vocab import load_vocabulary

    settings = Settings(root=root, promises={"backend": backend_name}, cache_dir=cache)
    result = engine.run(discover(paths, settings, root).files, load_vocabulary(vocab), settings,
                        {"VC301", "VC302", "VC303"})
    return sorted((f.path, f.line, f.column, f.code, f.promise or "", f.message) for f in result.report.findings)


@torch_required
def test_same_findings_on_the_demo(tmp_path):
    onnx = _findings(ROOT / "corpora" / "demo", ["."], ROOT / "vocab" / "fernway.yaml", "onnx", tmp_path / "a")
    torch = _findings(ROOT / "corpora" / "demo", ["."], ROOT / "vocab" / "fernway.yaml", "torch", tmp_path / "b")
    assert onnx == torch
    assert sum(1 for f in onnx if f[3] == "VC301") >= 8  # the planted contradictions it finds (test_cli)


@torch_required
@needs_shared("bench/dev")
@pytest.mark.parametrize("brand", ["movara", "skyhold", "sprigly"])
def test_same_findings_on_every_benchmark_brand(brand, shared, tmp_path):
    root = shared / "bench" / "dev" / brand
    onnx = _findings(root, ["content"], root / "brand.yaml", "onnx", tmp_path / "a")
    torch = _findings(root, ["content"], root / "brand.yaml", "torch", tmp_path / "b")
    assert onnx == torch
    assert any(f[3] == "VC301" for f in onnx)


@torch_required
def test_the_cache_keys_on_the_backend(tmp_path, backend):
    backend("onnx")
    onnx_cache = EmbeddingCache(tmp_path, embeddings.DEFAULT_MODEL)
    backend("torch")
    torch_cache = EmbeddingCache(tmp_path, embeddings.DEFAULT_MODEL)
    assert onnx_cache.path != torch_cache.path
    # vectors written by one backend are never read by the other
    text = ["Cancel anytime."]
    torch_vec = embeddings.embed(text, embeddings.DEFAULT_MODEL, torch_cache)
    backend("onnx")
    onnx_vec = embeddings.embed(text, embeddings.DEFAULT_MODEL, EmbeddingCache(tmp_path, embeddings.DEFAULT_MODEL))
    assert not np.array_equal(torch_vec, onnx_vec)  # computed by the ONNX model, not read back
    assert np.abs(torch_vec - onnx_vec).max() <= EMBEDDING_ATOL
    from voicecheck.promises.model import identity

    assert identity("builtin").startswith("contradiction:builtin:onnx-fp16:")
    backend("torch")
    assert "onnx" not in identity("builtin")


def test_the_shipped_files_match_their_manifest():
    manifest = json.loads((onnxrt.ONNX_DIR / "manifest.json").read_text())
    assert manifest["format"] == onnxrt.FORMAT
    for name, entry in manifest["files"].items():
        path = onnxrt.ONNX_DIR / name
        assert path.stat().st_size == entry["bytes"], name
        assert onnxrt.file_sha256(path) == entry["sha256"], name
    # the contradiction export was made from the shipped artifact
    artifact = json.loads((ROOT / "voicecheck" / "models" / "contradiction" / "manifest.json").read_text())
    assert manifest["contradiction"]["source_sha256"] == artifact["weights"]["sha256"]


@pytest.mark.skipif(__import__("importlib").util.find_spec("onnx") is None, reason="exporting needs the train extra")
@torch_required
def test_the_export_script_reproduces_the_shipped_files():
    proc = subprocess.run([sys.executable, "-m", "voicecheck.nlp.onnx_export", "--check"], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.count("same bytes") == 3, proc.stdout


def test_a_promise_run_imports_no_torch(tmp_path):
    code = textwrap.dedent(f"""
        import sys
        from voicecheck.cli import main
        code = main(["check", "corpora/demo/emails", "--vocab", "vocab/fernway.yaml", "--format", "json"])
        heavy = sorted(m for m in ("torch", "transformers", "sentence_transformers") if m in sys.modules)
        print("HEAVY", heavy, "ORT", "onnxruntime" in sys.modules, file=sys.stderr)
        sys.exit(code)
    """)
    env = {**os.environ, "VOICECHECK_CACHE_DIR": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env,
                          timeout=300)
    assert proc.returncode == 1, proc.stderr
    assert "HEAVY [] ORT True" in proc.stderr
    assert any(f["code"] == "VC301" for f in json.loads(proc.stdout)["findings"])


def test_a_corrupt_onnx_model_is_one_error_line(tmp_path, monkeypatch, run_cli):
    import shutil

    broken = tmp_path / "onnx"
    shutil.copytree(onnxrt.ONNX_DIR, broken)
    with open(broken / "embedding.onnx", "r+b") as fh:
        fh.seek(5000)
        fh.write(b"\x00" * 64)
    monkeypatch.setattr(onnxrt, "ONNX_DIR", broken)
    monkeypatch.setattr(onnxrt, "_loaded", {})
    monkeypatch.setenv("VOICECHECK_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "brand.yaml").write_text("brand: Lumen\npromises:\n  - id: trial\n    text: Try Lumen free for 30 days.\n")
    (tmp_path / "a.md").write_text("Your Lumen trial lasts 14 days.\n")
    code, _, err = run_cli("check", "a.md", "--vocab", "brand.yaml", "--isolated", cwd=tmp_path)
    assert code == 2
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and "embedding.onnx: corrupt model file" in lines[0], err


def test_batches_of_long_texts_are_smaller_and_keep_every_text_once():
    from voicecheck.nlp.onnxrt import BATCH_CHARS, _batches

    sizes = [10] * 100 + [1000] * 30
    order = sorted(range(len(sizes)), key=lambda i: sizes[i])
    batches = list(_batches(order, sizes, 64))
    assert sorted(i for b in batches for i in b) == list(range(len(sizes)))
    assert all(len(b) <= 64 for b in batches)
    assert all(len(b) * max(sizes[i] for i in b) <= BATCH_CHARS for b in batches if len(b) > 1)
    assert max(len(b) for b in batches if sizes[b[0]] == 1000) < 64
