from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
NLI = SHARED / "data" / "nli"
BENCH_DEV = SHARED / "bench" / "dev"

# Sleeping (not spinning) OpenMP threads keep torch fast on shared cores; this
# only takes effect if torch has not been imported yet in this process.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


@pytest.fixture
def nli_root() -> Path:
    if not (NLI / "MANIFEST.md").is_file():
        pytest.skip("public NLI data not available")
    return NLI
