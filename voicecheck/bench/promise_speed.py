"""Speed of a full run (vocabulary + promises) over the real corpus.

Measures, each as a fresh ``voicecheck`` process over ../shared/corpora/real
with ``vocab/real-corpus.yaml`` (10 promises):

* cold cache: an empty embedding cache folder;
* warm cache: the same run again;
* pre-commit: one changed file, cache warm for everything else (median of
  three edits), with the time spent loading models timed inside that process
  and subtracted; loading both models in a process of their own is reported
  too;
* growth: cold runs over 1/4, 1/2 and all of the corpus (nested subsets), to
  show time grows linearly with content.
"""
from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from voicecheck.sources import SUFFIXES


_TIMED = """
import json, sys, time
t0 = time.perf_counter()
loads = []
from voicecheck.nlp import embeddings
from voicecheck.promises import model

def timed(fn):
    def wrapper(*args, **kwargs):
        t = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            loads.append(time.perf_counter() - t)
    return wrapper

embeddings.load_embedder = timed(embeddings.load_embedder)
model.load = timed(model.load)
from voicecheck.nlp import models
parser = []
def timed_parser(fn):
    def wrapper(*args, **kwargs):
        t = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            parser.append(time.perf_counter() - t)
    return wrapper
models.get_parser = timed_parser(models.get_parser)
from voicecheck.cli import finish, main
code = main(sys.argv[1:])
if code not in (0, 2):
    sys.exit(code)
sys.stderr.write("\\nVOICECHECK-TIMING " + json.dumps({"total": time.perf_counter() - t0,
                                                   "load": sum(loads) + (parser[0] if parser else 0.0),
                                                   "parser": parser[0] if parser else 0.0}) + "\\n")
finish(code)  # as the console script does
"""


def _run(args: list[str], cwd: Path, cache: Path) -> tuple[float, float, dict]:
    """(wall time, seconds spent loading models, JSON report) of one ``voicecheck check``
    process; the model loads are timed inside it."""
    env = {**os.environ, "VOICECHECK_CACHE_DIR": str(cache), "PYTHONWARNINGS": "ignore"}
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _TIMED, "check", *args, "--format", "json", "--exit-zero"],
                          cwd=cwd, capture_output=True, text=True, env=env, timeout=1200)
    wall = time.perf_counter() - t0
    line = next((x for x in proc.stderr.splitlines() if x.startswith("VOICECHECK-TIMING ")), None)
    if line is None or "Traceback" in proc.stderr or "internal error" in proc.stderr:
        raise RuntimeError(f"voicecheck failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return wall, json.loads(line.split(" ", 1)[1])["load"], json.loads(proc.stdout)


def _parser_load_seconds() -> float:
    """Loading spaCy's English pipeline in a process of its own (import included)."""
    code = "from voicecheck.nlp.models import get_parser; get_parser()\n"
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, timeout=600)
    return time.perf_counter() - t0


def _model_load_seconds(contradiction_model: str) -> float:
    code = ("import time; t=time.perf_counter()\n"
            "from voicecheck.nlp.embeddings import load_embedder, DEFAULT_MODEL\n"
            "load_embedder(DEFAULT_MODEL)\n"
            f"m={contradiction_model!r}\n"
            "if m != 'none':\n"
            "    from voicecheck.promises.model import load; load(m)\n"
            "print(time.perf_counter()-t)\n")
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, timeout=600)
    return time.perf_counter() - t0


def _files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
                  and p.name != "MANIFEST.md")


def run(corpus: Path, vocab: Path, contradiction_model: str) -> dict:
    files = _files(corpus)
    with tempfile.TemporaryDirectory(prefix="voicecheck-speed-") as tmp:
        work = Path(tmp)
        (work / "voicecheck.yaml").write_text(
            f"vocab: {vocab.resolve()}\npromises:\n  contradiction-model: {contradiction_model}\n", encoding="utf-8")
        content = work / "content"
        for f in files:
            dest = content / f.relative_to(corpus)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(f, dest)
        cache = work / "cache"
        cold, _, data = _run(["content"], work, cache)
        warm, _, _ = _run(["content"], work, cache)
        # pre-commit: one changed file (a new sentence in a JSON string file), median of 3
        # edits, each new to the cache; the model load is timed on its own, median of 3
        target = next(p for p in sorted(content.rglob("*.json")) if p.stat().st_size < 20000)
        text = target.read_text(encoding="utf-8")
        ones, loads = [], []
        for days in ("five", "six", "seven"):
            target.write_text(text.replace('": "', f'": "Replies now take up to {days} days. ', 1), encoding="utf-8")
            wall, loaded, _ = _run([str(target.relative_to(work))], work, cache)
            ones.append(wall)
            loads.append(loaded)
        one = statistics.median(ones)
        load = statistics.median(loads)
        all_models = statistics.median(_model_load_seconds(contradiction_model) for _ in range(3))
        parser = statistics.median(_parser_load_seconds() for _ in range(3))
        growth = []
        rng = random.Random(7)
        order = files[:]
        rng.shuffle(order)
        for share in (4, 2, 1):
            subset = order[: len(order) // share]
            sub = work / f"subset-{share}"
            for f in subset:
                dest = sub / f.relative_to(corpus)
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(f, dest)
            seconds, _, d = _run([sub.name], work, work / f"cache-{share}")
            growth.append({"share": f"1/{share}" if share > 1 else "all", "files": d["summary"]["files"],
                           "strings": d["summary"]["segments"], "seconds": round(seconds, 2)})
    s = data["summary"]
    return {"files": s["files"], "strings": s["segments"], "findings": s["by_code"],
            "cold_s": round(cold, 2), "warm_s": round(warm, 2), "one_file_s": round(one, 2),
            "model_load_s": round(load, 2), "one_file_beyond_load_s": round(one - load, 2),
            "all_models_load_s": round(all_models, 2), "parser_load_s": round(parser, 2),
            "growth": growth, "contradiction_model": contradiction_model}


def table(r: dict) -> str:
    lines = [
        f"real corpus: {r['files']} files, {r['strings']} strings, findings {r['findings']} "
        f"(contradiction model: {r['contradiction_model']})",
        "| run | wall time |", "|---|---:|",
        f"| cold cache | {r['cold_s']:.2f} s |", f"| warm cache | {r['warm_s']:.2f} s |",
        f"| one changed file (pre-commit) | {r['one_file_s']:.2f} s |",
        f"| of which model and pipeline loading (timed in the process) | {r['model_load_s']:.2f} s |",
        f"| one changed file beyond model load | {r['one_file_beyond_load_s']:.2f} s |",
        f"| loading both models alone (own process) | {r['all_models_load_s']:.2f} s |",
        f"| loading spaCy's English pipeline alone (own process) | {r['parser_load_s']:.2f} s |",
        "", "| content | files | strings | cold wall time | s per 1,000 strings |", "|---|---:|---:|---:|---:|",
    ]
    for g in r["growth"]:
        per = g["seconds"] / max(1, g["strings"]) * 1000
        lines.append(f"| {g['share']} | {g['files']} | {g['strings']} | {g['seconds']:.2f} s | {per:.2f} |")
    return "\n".join(lines)
