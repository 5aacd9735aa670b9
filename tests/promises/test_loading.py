"""How the promise checks load what they need: spaCy's pipeline in the background when a
sentence needs reading (and only then), without spaCy's CLI or torch, and the embedding
cache validated once per process."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import warnings

import numpy as np
import pytest

import voicecheck.nlp.models as models
import voicecheck.promises.claims as claims
from tests.conftest import ROOT
from voicecheck.nlp import embeddings
from voicecheck.nlp.embeddings import EmbeddingCache
from voicecheck.nlp.errors import ModelError


def _python(code: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT), **env})


def test_spacy_loads_without_its_cli_and_the_cli_still_works():
    proc = _python("""
        import sys
        from voicecheck.nlp.models import get_parser
        nlp = get_parser()
        assert "spacy.cli" not in sys.modules and "spacy.cli.info" not in sys.modules, "CLI imported"
        assert not any(m == "weasel" or m.startswith("weasel.") for m in sys.modules), "weasel imported"
        assert "torch" not in sys.modules
        import spacy
        info = spacy.info(silent=True)  # the stand-in imports the real one
        assert info["spacy_version"] == spacy.__version__, info
        import spacy.cli
        from spacy.cli.info import info as real
        assert spacy.cli.info is real and callable(spacy.cli.setup_cli)
        print("OK")
    """)
    assert proc.returncode == 0 and "OK" in proc.stdout, proc.stderr


def test_torch_is_hidden_only_in_the_thread_that_imports_spacy():
    proc = _python("""
        import importlib.util, sys, threading
        from voicecheck.nlp import models
        hidden = models._NoTorch()  # made in the main thread: torch is hidden here only
        sys.meta_path.insert(0, hidden)
        try:
            try:
                importlib.util.find_spec("torch")
            except ModuleNotFoundError:
                here = "hidden"
            seen = []
            t = threading.Thread(target=lambda: seen.append(importlib.util.find_spec("torch") is not None))
            t.start(); t.join()
        finally:
            sys.meta_path.remove(hidden)
        print(here, seen)
    """)
    assert proc.returncode == 0, proc.stderr
    torch_installed = __import__("importlib").util.find_spec("torch") is not None
    assert proc.stdout.split() == ["hidden", f"[{torch_installed}]"]


def test_the_pipeline_loads_as_the_package_loads_it():
    """get_parser skips the default tokenizer that the package's tokenizer file replaces:
    the tokenizer and every component come out the same as the package's own load()."""
    nlp = models._load_parser()  # a fresh one: the shared pipeline's vocabulary grows with what it parses
    module = __import__(nlp.meta["voicecheck_package"])
    plain = module.load()
    assert nlp.tokenizer.to_bytes() == plain.tokenizer.to_bytes()
    assert nlp.vocab.to_bytes() == plain.vocab.to_bytes()
    assert nlp.pipe_names == plain.pipe_names
    for name in nlp.pipe_names:
        assert nlp.get_pipe(name).to_bytes() == plain.get_pipe(name).to_bytes(), name
    text = "Replies take up to 3 days, e.g. by e-mail at support@x.com; U.S. plans cost $9.99/mo. Don't wait!"
    assert [(t.text, t.tag_, t.dep_, t.head.i, t.lemma_, t.ent_type_) for t in nlp(text)] == \
           [(t.text, t.tag_, t.dep_, t.head.i, t.lemma_, t.ent_type_) for t in plain(text)]


def test_a_prefetched_parser_is_the_one_get_parser_returns():
    models.get_parser.cache_clear()
    models.prefetch_parser()
    first = models.get_parser()
    models.prefetch_parser()  # loaded: nothing to do
    assert models.get_parser() is first
    assert not [t for t in __import__("threading").enumerate() if t.name == "voicecheck-load-parser"]


def test_a_failed_background_load_is_raised_where_the_parser_is_used(monkeypatch):
    monkeypatch.setattr(models, "PARSER_PACKAGES", ("voicecheck_no_such_pipeline",))
    models.get_parser.cache_clear()
    try:
        models.prefetch_parser()
        with pytest.raises(ModelError, match="not installed"):
            models.get_parser()
        with pytest.raises(ModelError, match="not installed"):  # remembered, like a loaded pipeline
            models.get_parser()
    finally:
        models.get_parser.cache_clear()


def test_unread_says_whether_read_many_would_parse(tmp_path, monkeypatch):
    monkeypatch.setattr(claims, "_cache", {})
    texts = ["Replies take up to 2 days.", "Cancel anytime."]
    assert claims.unread(texts, cache_dir=tmp_path)  # no store yet
    assert claims.unread(texts)  # nor read in this process
    claims.read_many(texts, cache_dir=tmp_path)
    monkeypatch.setattr(claims, "_cache", {})  # as in a new process

    def no_parser():
        raise AssertionError("unread loaded the parser")

    monkeypatch.setattr(models, "get_parser", no_parser)
    assert not claims.unread(texts, cache_dir=tmp_path)
    assert not claims.unread([], cache_dir=tmp_path)
    assert claims.unread(texts + ["Refunds within 30 days."], cache_dir=tmp_path)
    assert claims.unread(texts, promise=True, cache_dir=tmp_path)  # read as a promise: another reading
    assert claims.unread(texts, names=("Lumen Plus",), cache_dir=tmp_path)


def test_unread_with_an_unreadable_store_is_true_and_quiet(tmp_path, monkeypatch):
    from voicecheck.promises.claims.store import ReadingStore

    monkeypatch.setattr(claims, "_cache", {})
    store = ReadingStore(tmp_path)
    store.path.write_bytes(b"this is not a SQLite file" * 100)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert claims.unread(["Cancel anytime."], cache_dir=tmp_path)


def _promise_project(tmp_path):
    (tmp_path / "brand.yaml").write_text("brand: Lumen\npromises:\n  - id: reply\n"
                                         "    text: We reply to every message within 24 hours.\n")
    # the last sentence states no value and is linked to no promise: it is never read
    (tmp_path / "a.md").write_text("Our team replies within 24 hours. Refunds take up to 5 days. "
                                   "Thanks for being part of the garden club.\n")


RUN = """
    import json, sys, threading
    from voicecheck.nlp import models
    started = []
    real = models.prefetch_parser
    models.prefetch_parser = lambda: started.append(1) or real()
    from voicecheck.cli import main
    code = main(["check", "a.md", "--vocab", "brand.yaml", "--isolated", "--format", "json", "--exit-zero"])
    print(json.dumps({"prefetched": len(started), "spacy": "spacy" in sys.modules}), file=sys.stderr)
"""


def test_a_run_loads_the_parser_early_only_when_a_sentence_needs_reading(tmp_path):
    _promise_project(tmp_path)
    env = {"VOICECHECK_CACHE_DIR": str(tmp_path / "cache")}

    def run():
        proc = subprocess.run([sys.executable, "-c", textwrap.dedent(RUN)], cwd=tmp_path, capture_output=True,
                              text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT), **env})
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stderr.strip().splitlines()[-1]), json.loads(proc.stdout)

    first, report = run()
    assert first == {"prefetched": 1, "spacy": True}
    assert claims.unread(["Thanks for being part of the garden club."], cache_dir=tmp_path / "cache")
    again, same = run()  # every reading cached: no parser, in the background or not
    assert again == {"prefetched": 0, "spacy": False}
    assert same == report
    (tmp_path / "a.md").write_text("Our team replies within 48 hours. Refunds take up to 5 days.\n")
    changed, _ = run()
    assert changed == {"prefetched": 1, "spacy": True}


def test_the_embedding_cache_is_validated_once_per_process_unless_changed(tmp_path, monkeypatch):
    calls = []
    real = EmbeddingCache._validate
    monkeypatch.setattr(EmbeddingCache, "_validate", lambda self: calls.append(1) or real(self))
    monkeypatch.setattr(embeddings, "_trusted", {})
    vec = np.zeros(384, dtype=np.float32)
    vec[0] = 1.0
    first = EmbeddingCache(tmp_path, embeddings.DEFAULT_MODEL)  # a new file: nothing to validate
    first.put_many({EmbeddingCache.key("a"): vec})
    assert calls == []
    second = EmbeddingCache(tmp_path, embeddings.DEFAULT_MODEL)
    assert calls == [1] and second.get_many(["a"])
    second.put_many({EmbeddingCache.key("b"): vec})  # this process's own write keeps the file trusted
    third = EmbeddingCache(tmp_path, embeddings.DEFAULT_MODEL)
    assert calls == [1] and set(third.get_many(["a", "b"])) == {EmbeddingCache.key("a"), EmbeddingCache.key("b")}
    with sqlite3.connect(first.path) as db:  # another writer leaves a bad row
        db.execute("INSERT INTO vec VALUES ('x', 384, 'text, not a vector')")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fourth = EmbeddingCache(tmp_path, embeddings.DEFAULT_MODEL)
    assert calls == [1, 1]
    assert any("hold text" in str(w.message) for w in caught)
    assert fourth.get_many(["a"]) == {}  # rebuilt


def test_entry_points_by_group_answer_as_catalogue_does():
    catalogue = pytest.importorskip("catalogue")
    real = catalogue.AVAILABLE_ENTRY_POINTS
    with models._entry_points_by_group():
        indexed = catalogue.AVAILABLE_ENTRY_POINTS
        assert isinstance(indexed, models._ByGroup)
        for group in ["spacy_factories", "spacy_languages", "console_scripts", "thinc_layers", "no such group"]:
            assert list(indexed.select(group=group)) == list(real.select(group=group))
            assert list(indexed.select(group=group)) == list(real.select(group=group))  # asked again
        assert list(indexed.select(name="pip")) == list(real.select(name="pip"))
    assert catalogue.AVAILABLE_ENTRY_POINTS is real


def test_the_cli_does_not_wait_for_a_parser_load_it_did_not_need():
    import time

    start = time.monotonic()
    proc = _python("""
        import atexit, sys, threading, time
        from voicecheck.nlp import models
        from voicecheck.cli import finish
        slow = threading.Thread(target=time.sleep, args=(30,), daemon=True)
        models._parser_loads.threads.append(slow)  # stands for a load still running
        atexit.register(models._parser_loads.finish)
        slow.start()
        print("done", flush=True)
        finish(0)
    """)
    assert proc.returncode == 0 and proc.stdout.strip() == "done", proc.stderr
    assert time.monotonic() - start < 20  # not the 30 s the "load" takes


def test_onnx_sessions_do_not_spin_when_idle():
    from voicecheck.nlp import onnxrt

    options = onnxrt.load_embedder().session.get_session_options()
    assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"
