"""Retrieval: which promises a passage is linked to (voicecheck.promises.analysis.retrieve), on real files
with the real embedding model."""
from __future__ import annotations

import pytest

BRAND = """brand: Movara
promises:
  - id: device-sync
    text: Syncs automatically with Apple Health, Google Fit, Garmin and Fitbit.
  - id: cancel-in-app
    text: Cancel Movara Plus in the app at any time and keep access until the end of the period you paid for.
  - id: trial
    text: Try Movara Plus free for 14 days. No card required.
  - id: coach
    text: Your coach replies to messages within 24 hours, seven days a week.
  - id: free-forever
    text: Movara Free stays free forever, with no ads.
  - id: offline
    text: Movara works offline, so your workouts never wait for a connection.
  - id: plan
    text: Every Movara Plus member gets a training plan built around their week.
  - id: meter
    text: Get a smart meter fitted within 14 days of joining, at no cost to you.
"""


def _links(tmp_path, sentence: str):
    from voicecheck.config import Settings
    from voicecheck.discover import discover
    from voicecheck.engine import parse_files
    from voicecheck.nlp.errors import ModelError
    from voicecheck.promises.analysis import Options, analyze, product_names
    from voicecheck.vocab import load_vocabulary

    (tmp_path / "brand.yaml").write_text(BRAND, encoding="utf-8")
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "errors.md").write_text(sentence + "\n", encoding="utf-8")
    vocab = load_vocabulary(tmp_path / "brand.yaml", "brand.yaml")
    settings = Settings(root=tmp_path)
    parsed, _ = parse_files(discover(["content"], settings, tmp_path).files, settings)
    opts = Options.from_settings({}, tmp_path / "cache")
    try:
        return analyze([s for p in parsed for s in p.segments], vocab.promises, opts, brand=vocab.brand,
                       names=product_names(vocab))
    except (ModelError, ImportError) as exc:
        pytest.skip(f"no model: {exc}")


def test_a_name_starting_the_passage_ties_it_to_the_promise_naming_it(tmp_path):
    # "Garmin" is the passage's first word, so no name to the mid-sentence name finder; the promise
    # writes it as a name, and only that promise uses it
    links = _links(tmp_path, "Garmin accounts can't be connected to Movara.")
    assert [lk.rank for lk in links if lk.promise.id == "device-sync"] == [0], [
        (lk.promise.id, lk.rank, round(lk.similarity, 2)) for lk in links]


def test_a_common_first_word_ties_nothing(tmp_path):
    from voicecheck.promises.analysis import _first_word

    assert _first_word("Garmin accounts can't be connected.") == {"garmin"}
    assert _first_word("  “Your coach replies") == {"your"}  # lower-cased; only promise names count
    assert _first_word("a lower-case start") == set()


def test_a_sentence_is_read_with_the_one_before_it(tmp_path):
    # the charge in the second sentence is for the installation the first one names
    links = _links(tmp_path, "Smart meter installation is free in England and Wales. "
                             "In Scotland, there's a £60 charge.")
    second = [lk for lk in links if lk.passage.text.startswith("In Scotland")]
    assert "meter" in {lk.promise.id for lk in second}, [(lk.promise.id, lk.rank) for lk in second]


def test_a_passage_may_speak_to_one_sentence_of_a_promise(tmp_path):
    """The trial promise has two sentences; a passage about its second ("No card required") is as close
    to the promise as to that sentence alone, not diluted by the first."""
    from voicecheck.nlp.embeddings import EmbeddingCache, embed
    from voicecheck.promises.analysis import Options, _promise_sentences

    sentence = "A credit card is required to start your trial."
    links = [lk for lk in _links(tmp_path, sentence) if lk.promise.id == "trial"]
    assert links, "not linked to the trial promise"
    opts = Options.from_settings({}, tmp_path / "cache")
    cache = EmbeddingCache(opts.cache_dir, opts.embedding_model)
    x, whole, second = embed([sentence, "Try Movara Plus free for 14 days. No card required.", "No card required."],
                             opts.embedding_model, cache)
    assert links[0].similarity == pytest.approx(max(float(x @ whole), float(x @ second)), abs=1e-4)
    assert float(x @ second) > float(x @ whole)  # the case this is for
    assert _promise_sentences("Cancel any time.") == []  # one sentence: compared whole


def test_a_product_name_one_promise_uses_ties_the_passage_to_it(tmp_path):
    """"Movara Free" is named by one promise only; its words ("free") are in others, so the name as a
    whole is what ties a passage that names it."""
    links = _links(tmp_path, "Your Movara Free access has expired.")
    assert [lk.rank for lk in links if lk.promise.id == "free-forever"] == [0], [
        (lk.promise.id, lk.rank, round(lk.similarity, 2)) for lk in links]
