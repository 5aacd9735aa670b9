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
    from ..conftest import shared_path

    return shared_path("data", "nli", "MANIFEST.md").parent
