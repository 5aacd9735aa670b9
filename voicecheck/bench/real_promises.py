"""VC301 on real products, each with its own promises.

    python -m voicecheck.bench real-promises ../shared/corpora/real [--vocab vocab/real-corpus.yaml]

The real corpus holds seven products' content; ``vocab/real-corpus.yaml``
lists promises taken from each product's own pages, with ids that start with
the product's folder name (``osticket-free``, ``bitwarden-e2e``). A product's
content is checked against its own promises only, as its own team would run
voicecheck: one brand file per product. Every finding is listed, for a
person to judge (the README records the judgments).
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "real"
DEFAULT_VOCAB = REPO / "vocab" / "real-corpus.yaml"


def run(corpus: Path = DEFAULT_CORPUS, vocab: Path = DEFAULT_VOCAB, timeout: float = 900) -> dict:
    data = yaml.safe_load(vocab.read_text(encoding="utf-8"))
    products = sorted(p.name for p in corpus.iterdir() if p.is_dir())
    out = {"corpus": str(corpus), "vocab": str(vocab), "products": {}}
    with tempfile.TemporaryDirectory() as tmp:
        for product in products:
            own = [p for p in data.get("promises", []) if str(p["id"]).startswith(product.split("-")[0])]
            if not own:
                continue
            brand = Path(tmp) / f"{product}.yaml"
            brand.write_text(yaml.safe_dump({**{k: v for k, v in data.items() if k != "promises"}, "promises": own},
                                            sort_keys=False), encoding="utf-8")
            cmd = [sys.executable, "-m", "voicecheck", "check", product, "--vocab", str(brand), "--isolated",
                   "--select", "VC301", "--format", "json", "--exit-zero"]
            proc = subprocess.run(cmd, cwd=corpus, capture_output=True, text=True, timeout=timeout)
            report = json.loads(proc.stdout) if proc.stdout.strip() else {"findings": []}
            out["products"][product] = {
                "promises": [p["id"] for p in own],
                "findings": [{"path": f["path"], "line": f["line"], "promise": f["promise"], "score": f["score"],
                              "excerpt": f["excerpt"].strip(), "why": f["message"].split("): ", 1)[-1]}
                             for f in report["findings"]],
            }
    return out


def format_text(r: dict) -> str:
    lines = [f"VC301 per product over {r['corpus']} (promises from {Path(r['vocab']).name}, each product its own)"]
    total = 0
    for product, p in r["products"].items():
        lines.append(f"\n{product} ({', '.join(p['promises'])}): {len(p['findings'])} finding(s)")
        for f in p["findings"]:
            total += 1
            lines.append(f"  {f['path']}:{f['line']} [{f['promise']}] {f['score']:.2f}")
            lines.append(f"    {f['excerpt'][:200]}")
            lines.append(f"    {f['why']}")
    lines.append(f"\n{total} finding(s) in all")
    return "\n".join(lines)
