"""VC303 against the labelled drift corpus (tests/fixtures/drift, written blind to the detector).

README's figures come from `python -m voicecheck.bench drift tests/fixtures/drift`; this keeps
them from sliding unnoticed."""
from __future__ import annotations

import subprocess
import sys

from voicecheck.bench import drift as bench

from ..conftest import FIXTURES

CORPUS = FIXTURES / "drift"


def test_labels_are_valid():
    proc = subprocess.run([sys.executable, str(CORPUS / "check_labels.py")], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "total: consistent 7, distinct 12, drift 24" in proc.stdout


def test_drift_precision_and_recall_on_the_corpus():
    out = bench.run([CORPUS])
    assert out["drift_labels"] == 24
    assert out["precision"] >= 0.9, out["text"]
    assert out["recall"] >= 0.6, out["text"]
    assert out["negatives_flagged"] <= 1, out["text"]
    assert out["by_kind"]["availability"] == [3, 3] and out["by_kind"]["price"] == [3, 3], out["text"]
