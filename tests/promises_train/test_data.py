from __future__ import annotations

import shutil

import pytest

from voicecheck.promises.train import data
from voicecheck.promises.train.data import DataPolicyError

EVAL_ONLY = sorted(data.EVAL_BENCHMARKS) + [
    "mnli/textfooler_mnli_matched_1k.tsv", "anli/anli_r1_dev.csv", "sick/SICK.txt", "monli/nmonli_train.jsonl",
    "negation/nan_nli.csv", "contractnli/dev.json",
]


@pytest.mark.parametrize("rel", EVAL_ONLY)
def test_eval_only_files_are_refused_for_training(rel, tmp_path):
    with pytest.raises(DataPolicyError, match="may not be used for training"):
        data.dataset_path(rel, "train", tmp_path)  # policy is checked before the file is looked up


def test_loaders_refuse_training_on_benchmarks(nli_root):
    with pytest.raises(DataPolicyError):
        data.mnli_dev_matched("train", nli_root)
    with pytest.raises(DataPolicyError):
        data.snli("test", "train", nli_root)
    with pytest.raises(DataPolicyError):
        data.hossain("mnli", "heldout", "train", nli_root)
    with pytest.raises(DataPolicyError):
        data.load_training_sets(nli_root, names=("mnli_dev_matched",))
    assert len(data.mnli_dev_matched("eval", nli_root)) == 9815


def test_allow_list_is_exactly_the_manifests_train_ok_rows(nli_root):
    data.check_manifest(nli_root)
    lines = (nli_root / "MANIFEST.md").read_text().splitlines()
    rows = [line for line in lines if line.rstrip().endswith("| train ok |")]
    assert {r.split("|")[1].strip().strip("`") for r in rows} == data.TRAIN_OK


def test_manifest_change_revokes_training(nli_root, tmp_path):
    shutil.copy(nli_root / "MANIFEST.md", tmp_path / "MANIFEST.md")
    text = (tmp_path / "MANIFEST.md").read_text()
    row = next(line for line in text.splitlines() if line.startswith("| `med/MED.tsv`"))
    (tmp_path / "MANIFEST.md").write_text(text.replace(row, row.replace("| train ok |", "| eval only |")))
    with pytest.raises(DataPolicyError, match="med/MED.tsv"):
        data.check_manifest(tmp_path)


def test_hossain_cp1252_and_heldout_split(nli_root):
    everything = data.hossain("rte", "all", "eval", nli_root)
    assert len(everything) == 1500
    assert any("\u00e9" in p.premise or "\u00e9" in p.hypothesis for p in everything)  # cp1252 0xE9 decoded
    assert not any(p.premise.endswith("\r") or p.label.endswith("\r") for p in everything)
    assert {p.label for p in everything} == {"entailment", "not_entailment"}
    for name in data.HOSSAIN_SETS:
        train = data.hossain(name, "train", "train", nli_root)
        held = data.hossain(name, "heldout", "eval", nli_root)
        assert held == data.hossain(name, "heldout", "eval", nli_root)
        assert 0.19 <= len(held) / (len(train) + len(held)) <= 0.22
        assert not {data.premise_key(p.premise) for p in train} & {data.premise_key(p.premise) for p in held}


def test_training_sets_exclude_heldout_premises(nli_root):
    held = data.heldout_premise_keys(nli_root)
    sets = data.load_training_sets(nli_root)
    assert set(sets) == set(data.TRAIN_SETS)
    assert sets["snli_dev"][0].premise == "Two women are embracing while holding to go packages."  # detokenized
    assert not any(data.premise_key(p.premise) in held for pairs in sets.values() for p in pairs)
    assert {p.label for p in sets["med"]} == {"entailment", "not_entailment"}
