"""The accuracy bar, checked on every CI run: vocabulary precision and recall
≥ 0.98 on every brand of the labelled benchmark (../shared/bench/dev), ≥ 0.99 on
each set (dev, and the six fresh brands), and no clean label flagged."""
from __future__ import annotations

import pytest

from voicecheck.bench.score import brand_dirs, score

from .conftest import SHARED, needs_shared

DEV = SHARED / "bench" / "dev"


@needs_shared("bench/dev")
@pytest.mark.parametrize("brand", ["movara", "skyhold", "sprigly"])
def test_vocabulary_bar_per_brand(brand):
    assert [d.name for d in brand_dirs([DEV])] == ["movara", "skyhold", "sprigly"]
    out = score([DEV / brand], ("vocabulary",))
    assert out["errors"] == []
    v = out["vocabulary"]
    assert v["labels"] > 0
    assert v["precision"] >= 0.98, out
    assert v["recall"] >= 0.98, out
    flagged, total = out["clean_flagged"]
    assert total > 0 and flagged == 0, out


@needs_shared("bench/dev")
@needs_shared("bench/fresh")
@pytest.mark.parametrize("split", ["dev", "fresh"])
def test_vocabulary_bar_per_set(split):
    folder = SHARED / "bench" / split
    out = score([folder], ("vocabulary",))
    assert out["errors"] == []
    v = out["vocabulary"]
    assert v["precision"] >= 0.99 and v["recall"] >= 0.99, v
    assert out["clean_flagged"][0] == 0, out["clean_flagged"]


def test_scorer_counts_misses_and_false_positives(tmp_path):
    """The scorer itself: a brand whose content has one labelled and one unlabelled violation."""
    brand = tmp_path / "acme"
    (brand / "content" / "emails").mkdir(parents=True)
    (brand / "brand.yaml").write_text("brand: Acme\nterms:\n  - use: member\n    instead_of: [customer]\n")
    (brand / "content" / "emails" / "a.md").write_text("Dear customer,\n\nHello customer.\n\nWelcome, member.\n")
    (brand / "labels.yaml").write_text(
        "- file: content/emails/a.md\n  snippet: Dear customer\n  expect: vocabulary\n  term: member\n"
        "  phenomenon: vocabulary\n  difficulty: easy\n  why: x\n"
        "- file: content/emails/a.md\n  snippet: Welcome, member.\n  expect: clean\n  term: member\n"
        "  phenomenon: vocabulary-allowed\n  difficulty: easy\n  why: x\n")
    out = score([tmp_path], ("vocabulary",))
    assert out["vocabulary"]["recall"] == 1.0
    assert out["vocabulary"]["precision"] == 0.5  # "Hello customer" is unlabelled: a false positive
    assert out["clean_flagged"] == [0, 1]
