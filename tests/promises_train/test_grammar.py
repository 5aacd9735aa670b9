from __future__ import annotations

import re
from collections import Counter

import pytest

from voicecheck.promises.train import grammar
from voicecheck.promises.train.grammar import PHENOMENA, generate, template_heldout

from .conftest import BENCH_DEV


def test_same_seed_same_pairs_other_seed_other_pairs():
    a = generate(400, seed=3)
    assert a == generate(400, seed=3)
    assert a != generate(400, seed=4)
    assert len({(p.premise, p.hypothesis) for p in a}) == 400  # deduplicated


def test_grammar_size():
    counts = grammar.template_counts()
    assert counts["promises"] >= 50
    assert counts["passages"] >= 300
    assert counts["brands"] >= 100
    assert len(grammar.SECTORS) >= 6


def test_every_phenomenon_has_templates_in_several_facets():
    facets_per = {ph: {f.name for f in grammar.FACETS for q in f.passages if q.phenomenon == ph} for ph in PHENOMENA}
    assert {ph: len(fs) >= 3 for ph, fs in facets_per.items()} == {ph: True for ph in PHENOMENA}


def test_generated_pairs_cover_every_phenomenon_and_label():
    pairs = generate(3000, seed=0)
    kinds = Counter(p.kind for p in pairs if p.label == "contradiction")
    assert set(kinds) == set(PHENOMENA)
    assert min(kinds.values()) >= 30
    labels = Counter(p.label for p in pairs)
    assert set(labels) == {"contradiction", "entailment", "neutral"}
    assert all(n / len(pairs) > 0.15 for n in labels.values())
    neutral_sources = {p.kind for p in pairs if p.label == "neutral"}
    assert neutral_sources == {"neutral:same_topic", "neutral:claim_miss", "neutral:cross_facet", "neutral:filler"}


def test_passages_look_like_product_content():
    pairs = generate(3000, seed=1)
    words = [len(p.premise.split()) for p in pairs]
    assert min(words) >= 5 and max(words) <= 60
    assert not any("{" in p.premise or "}" in p.premise or "{" in p.hypothesis for p in pairs)
    # placeholders became names, and some passages carry surrounding neutral clauses
    assert any(p.premise.startswith(("Hi ", "Hello ", "Dear ")) for p in pairs)
    assert sum(len(p.premise.split()) > 30 for p in pairs) > 100


def test_label_follows_claims_not_bucket():
    # A card-required passage against a promise that says nothing about cards is neutral.
    trial = grammar.FACET_BY_NAME["trial"]
    card = next(q for q in trial.passages if q.text == "Add a card to start your free trial.")
    length_only = next(p for p in trial.promises if p.claims == frozenset({"length"}))
    both = next(p for p in trial.promises if p.claims == frozenset({"length", "nocard"}))
    assert grammar._label(card, both.claims) == "contradiction"
    assert grammar._label(card, length_only.claims) == "neutral"


def test_splits_hold_out_brands_and_templates():
    train = generate(2000, seed=0, split="train")
    brands = generate(800, seed=0, split="heldout")
    templates = generate(800, seed=0, split="heldout_templates")
    assert not {p.brand for p in train} & {p.brand for p in brands + templates}
    assert not any(template_heldout(p.template) for p in train if p.template != "filler")
    assert all(template_heldout(p.template) for p in templates if p.template != "filler")
    with pytest.raises(ValueError):
        generate(1, split="test")


def _bench_text() -> tuple[str, list[str]]:
    from ..conftest import shared_path

    shared_path("bench", "dev")
    chunks, names = [], []
    for brand in sorted(BENCH_DEV.iterdir()):
        names.append(brand.name.lower())
        for f in sorted(brand.rglob("*")):
            if f.is_file() and (f.parent.name != brand.name or f.name == "brand.yaml"):
                text = f.read_text(encoding="utf-8", errors="replace")
                text = re.sub(r"<[^>]+>", " ", text)
                chunks.append(" ".join(text.lower().replace("\u2019", "'").split()))
    return "\n".join(chunks), names


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("\u2019", "'").split())


def test_no_pair_comes_from_the_bench():
    bench, bench_brands = _bench_text()
    assert not {b.name.lower() for b in grammar.BRANDS} & set(bench_brands)
    for split in grammar.SPLITS:
        for p in generate(1500, seed=0, split=split):
            assert _norm(p.premise) not in bench, p.premise
            assert _norm(p.hypothesis) not in bench, p.hypothesis
    # No run of 5 words of any template or filler (between slots) occurs in the bench.
    for template in grammar.all_fixed_sentences():
        for fragment in re.split(r"\{[a-z_0-9]+\}", template):
            words = fragment.split()
            for i in range(len(words) - 4):
                assert _norm(" ".join(words[i:i + 5])) not in bench, template
