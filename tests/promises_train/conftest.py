from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
NLI = SHARED / "data" / "nli"
BENCH_DEV = SHARED / "bench" / "dev"


@pytest.fixture
def nli_root() -> Path:
    if not (NLI / "MANIFEST.md").is_file():
        pytest.skip("public NLI data not available")
    return NLI
