"""Promise contradictions end to end, with the real embedding model from the
PyPI package: one small real case per phenomenon, consistent paraphrases that
must stay quiet, the embedding cache, and model errors."""
from __future__ import annotations

import sqlite3
import warnings

import numpy as np
import pytest

from voicecheck.nlp import embeddings
from voicecheck.nlp.embeddings import EmbeddingCache, embed

BRAND = """brand: Lumen
terms:
  - use: member
    instead_of: [customer]
promises:
  - id: trial
    text: Try Lumen Plus free for 30 days. No card required.
  - id: price
    text: Lumen Plus costs $9.99 a month.
  - id: support
    text: Real people answer your chats 24/7.
  - id: refund
    text: Full refund within 30 days, no questions asked.
  - id: data
    text: We never sell your data or share it with advertisers.
  - id: free-tier
    text: Lumen Free stays free forever, with no time limit.
  - id: cancel
    text: Cancel anytime in the app, with no cancellation fees.
"""

# (phenomenon, passage, promise it contradicts)
CONTRADICTIONS = [
    ("numeric", "Your free trial of Lumen Plus lasts 14 days.", "trial"),
    ("numeric", "Lumen Plus renews at $12.99 a month.", "price"),
    ("temporal", "Our team answers chats Monday to Friday, 9am to 5pm.", "support"),
    ("negation", "To start your free trial, add a payment card.", "trial"),
    ("antonym", "Lumen Free is a limited-time plan.", "free-tier"),
    ("modality", "Refunds are subject to approval by our billing team.", "refund"),
    ("channel", "Chats are answered by our virtual assistant.", "support"),
    ("scope", "Lumen Plus is free for the first 7 days only.", "trial"),
    ("cost", "A $15 cancellation fee applies if you cancel in the first year.", "cancel"),
    ("implicit", "Our support team reads chats once a week, on Wednesday afternoons.", "support"),
]
#: A passage whose claims conflict with a promise: the contradiction model is consulted for it.
FLAGGED = "Lumen Plus is free for the first 7 days only."

CONSISTENT = [
    "Your 30 days of Lumen Plus start today, and we never asked for a card.",
    "Lumen Plus is $9.99 a month.",
    "Someone from our team is on chat day and night.",
    "Add up to 4 family members for $2.99 a month each.",
    "Export your reading history from Settings at any time.",
]


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    from voicecheck.cli import main

    root = tmp_path_factory.mktemp("promises")
    (root / "brand.yaml").write_text(BRAND)
    bad = "\n".join(f'  "c{i}": "{text}",' for i, (_, text, _) in enumerate(CONTRADICTIONS))
    good = "\n".join(f'  "g{i}": "{text}",' for i, text in enumerate(CONSISTENT))
    (root / "en.json").write_text("{\n" + bad + "\n" + good.rstrip(",") + "\n}\n")
    import contextlib
    import io
    import json
    import os

    out = io.StringIO()
    cwd = os.getcwd()
    os.chdir(root)
    try:
        with contextlib.redirect_stdout(out):
            code = main(["check", "en.json", "--vocab", "brand.yaml", "--select", "VC301", "--format", "json",
                         "--isolated"])
    finally:
        os.chdir(cwd)
    return code, json.loads(out.getvalue())


#: Cases the engine reads but does not flag: the decision fitted on the benchmark weighs them below its
#: threshold (`voicecheck explain` shows the scores). Strict: fixing one must update this list.
BELOW_THRESHOLD: dict[str, str] = {}


@pytest.mark.parametrize("index", [
    pytest.param(i, marks=pytest.mark.xfail(strict=True, reason=BELOW_THRESHOLD[c[0]])) if c[0] in BELOW_THRESHOLD
    else i for i, c in enumerate(CONTRADICTIONS)], ids=[c[0] for c in CONTRADICTIONS])
def test_each_phenomenon_is_flagged_on_its_promise(results, index):
    code, data = results
    assert code == 1
    line = index + 2
    hits = [f for f in data["findings"] if f["line"] == line]
    assert [f["promise"] for f in hits] == [CONTRADICTIONS[index][2]], (CONTRADICTIONS[index], hits)
    f = hits[0]
    assert f["kind"] == "contradiction" and f["code"] == "VC301" and f["term"] is None
    assert 0 <= f["score"] <= 1 and f["evidence"]
    assert "promise:" in f["message"] and "passage:" in f["message"]


@pytest.mark.xfail(strict=True, reason="known gap (implicit recall is the weakest phenomenon): 'advertising "
                                       "partners' is not read as 'advertisers'")
def test_implicit_data_sharing_with_ad_partners(tmp_path, run_json):
    (tmp_path / "brand.yaml").write_text(BRAND)
    (tmp_path / "a.md").write_text("We pass your reading history to our advertising partners so they can tailor "
                                   "their offers.\n")
    code, data, _ = run_json("a.md", "--vocab", "brand.yaml", "--select", "VC301", "--isolated", cwd=tmp_path)
    assert [f["promise"] for f in data["findings"]] == ["data"]


def test_a_charge_for_one_plan_is_not_read_against_another_plans_free_promise(tmp_path, run_json):
    (tmp_path / "brand.yaml").write_text(BRAND)
    (tmp_path / "a.md").write_text("Lumen Plus is $9.99 a month, billed monthly.\n")
    code, data, _ = run_json("a.md", "--vocab", "brand.yaml", "--select", "VC301", "--isolated", cwd=tmp_path)
    assert data["findings"] == []


def test_consistent_passages_are_not_flagged(results):
    _, data = results
    first = len(CONTRADICTIONS) + 2
    assert [f for f in data["findings"] if f["line"] >= first] == []


def test_cache_second_run_encodes_nothing(tmp_path, monkeypatch):
    texts = ["Cancel anytime.", "Refunds within 30 days."]
    cache = EmbeddingCache(tmp_path, embeddings.DEFAULT_MODEL)
    first = embed(texts, embeddings.DEFAULT_MODEL, cache)
    assert first.shape == (2, 384)
    assert np.allclose(np.linalg.norm(first, axis=1), 1, atol=1e-5)

    def no_model(name):
        raise AssertionError("the second run must not load the model")

    monkeypatch.setattr(embeddings, "load_embedder", no_model)
    again = embed(texts, embeddings.DEFAULT_MODEL, EmbeddingCache(tmp_path, embeddings.DEFAULT_MODEL))
    assert np.array_equal(first, again)


def test_corrupt_cache_is_rebuilt_with_a_warning(tmp_path):
    cache_file = EmbeddingCache(tmp_path, embeddings.DEFAULT_MODEL).path
    cache_file.write_bytes(b"this is not a sqlite database" * 100)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cache = EmbeddingCache(tmp_path, embeddings.DEFAULT_MODEL)
        vecs = embed(["No card required."], embeddings.DEFAULT_MODEL, cache)
    assert vecs.shape == (1, 384)
    assert any("unreadable" in str(w.message) and "rebuilding" in str(w.message) for w in caught)
    with sqlite3.connect(cache_file) as db:
        assert db.execute("SELECT count(*) FROM vec").fetchone()[0] == 1


MODEL_ERRORS = {
    "missing-artifact": ("promises:\n  contradiction-model: {tmp}/nothing-here\n", "cannot load contradiction model"),
    "corrupt-artifact": ("promises:\n  contradiction-model: {tmp}/broken\n", "broken"),
    "bad-embedding-folder": ("promises:\n  embedding-model: {tmp}/empty\n", "not a sentence-transformers model"),
}


@pytest.mark.parametrize("case", sorted(MODEL_ERRORS))
def test_model_errors_are_one_line_and_exit_2(case, tmp_path, run_cli):
    config, expected = MODEL_ERRORS[case]
    (tmp_path / "brand.yaml").write_text(BRAND)
    (tmp_path / "a.md").write_text(FLAGGED + "\n")
    (tmp_path / "empty").mkdir()
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "manifest.json").write_text('{"format": "voicecheck-contradiction/1"')
    (tmp_path / "voicecheck.yaml").write_text("vocab: brand.yaml\n" + config.format(tmp=tmp_path))
    code, out, err = run_cli("check", "a.md", cwd=tmp_path)
    assert code == 2, (out, err)
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and expected in lines[0], err
    assert "Traceback" not in err


@pytest.mark.parametrize("problem", ["missing", "wrong-release"])
def test_a_missing_or_wrong_spacy_pipeline_is_one_error_line(problem, tmp_path, run_cli, monkeypatch):
    """The promise checks need spaCy's trained English pipeline; without it (or with
    another release than 3.8.0) a run is one error line and exit 2, not a traceback."""
    from voicecheck.nlp import models

    if problem == "missing":
        monkeypatch.setattr(models, "PARSER_PACKAGES", ("voicecheck_no_such_pipeline",))
    else:
        monkeypatch.setattr(models, "PARSER_RELEASE", "9.9.9")
    models.get_parser.cache_clear()
    from voicecheck.promises import claims

    monkeypatch.setattr(claims, "_cache", {})
    try:
        (tmp_path / "brand.yaml").write_text(BRAND)
        (tmp_path / "a.md").write_text(FLAGGED + "\n")
        code, out, err = run_cli("check", "a.md", "--vocab", "brand.yaml", "--isolated", cwd=tmp_path)
    finally:
        models.get_parser.cache_clear()
    assert code == 2, (out, err)
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and "en_core_web_sm" in lines[0], err
    assert ("not installed" in lines[0]) if problem == "missing" else ("expected 9.9.9" in lines[0])
    assert "Traceback" not in err


def test_the_parser_is_the_official_release_checked_by_its_meta():
    from voicecheck.nlp.models import get_parser

    nlp = get_parser()
    assert nlp.meta["version"] == "3.8.0" and nlp.meta["author"] == "Explosion" and nlp.meta["license"] == "MIT"
    assert {"tagger", "parser", "ner", "lemmatizer"} <= set(nlp.pipe_names)


def test_unknown_promise_setting_is_a_config_error(tmp_path, run_cli):
    (tmp_path / "brand.yaml").write_text(BRAND)
    (tmp_path / "voicecheck.yaml").write_text("vocab: brand.yaml\npromises:\n  treshold: 0.5\n")
    code, _, err = run_cli("check", ".", cwd=tmp_path)
    assert code == 2
    assert "voicecheck.yaml:2: promises: unknown setting 'treshold'" in err


def test_the_shipped_model_loads_offline_and_separates_clear_cases():
    from voicecheck.promises.model import BUILTIN, load, score_pairs

    assert (BUILTIN / "manifest.json").is_file()
    assert (BUILTIN / "weights.safetensors").stat().st_size < 25 * 1024 * 1024
    model = load("builtin")
    p = score_pairs(model, [
        ("To start your free trial, add a payment card.", "Try Plus free for 14 days. No card required."),
        ("Your 14-day trial starts today, no card needed.", "Try Plus free for 14 days. No card required."),
        ("Our team answers chats Monday to Friday only.", "Real people answer your chats 24/7."),
        ("Someone from our team is on chat day and night.", "Real people answer your chats 24/7."),
    ])
    assert p[0] > 0.5 > p[1], p
    assert p[2] > 0.5 > p[3], p


def test_a_corrupt_shipped_model_is_one_error_line(tmp_path, run_cli):
    import shutil

    from voicecheck.promises.model import BUILTIN

    broken = tmp_path / "model"
    shutil.copytree(BUILTIN, broken)
    with open(broken / "weights.safetensors", "r+b") as fh:
        fh.seek(1000)
        fh.write(b"\x00" * 64)
    (tmp_path / "brand.yaml").write_text(BRAND)
    (tmp_path / "a.md").write_text(FLAGGED + "\n")
    (tmp_path / "voicecheck.yaml").write_text(f"vocab: brand.yaml\npromises:\n  contradiction-model: {broken}\n")
    code, _, err = run_cli("check", "a.md", cwd=tmp_path)
    assert code == 2
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and "weights.safetensors" in lines[0], err


def test_a_warm_run_loads_no_model(tmp_path, monkeypatch, run_json):
    """Second run over unchanged content: embeddings and model scores come from
    the cache, so neither model is loaded."""
    from voicecheck.promises import model

    monkeypatch.setenv("VOICECHECK_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "brand.yaml").write_text(BRAND)
    (tmp_path / "a.md").write_text("To start your free trial, add a payment card.\n\nWelcome aboard.\n")
    first = run_json("a.md", "--vocab", "brand.yaml", "--select", "VC301", "--isolated", cwd=tmp_path)
    assert [f["promise"] for f in first[1]["findings"]] == ["trial"]

    def refuse(*_args, **_kwargs):
        raise AssertionError("a warm run must not load a model")

    monkeypatch.setattr(embeddings, "load_embedder", refuse)
    monkeypatch.setattr(model, "load", refuse)
    second = run_json("a.md", "--vocab", "brand.yaml", "--select", "VC301", "--isolated", cwd=tmp_path)
    assert second[1]["findings"] == first[1]["findings"]
