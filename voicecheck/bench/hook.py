"""``python -m voicecheck.bench hook``: what the ``voicecheck-promises`` pre-commit hook costs.

* **Install size**: a fresh virtual environment (``python -m venv``, as pre-commit
  makes one) into which pip installs this repository and the hook's
  ``additional_dependencies`` (read from ``.pre-commit-hooks.yaml``), measured on
  disk (``du``, apparent sizes of every file). The same for the vocabulary hook
  (the base install alone), for comparison.
* **One changed file**: the demo content with the demo vocabulary; one full run
  fills the embedding cache, then five times a new sentence is written into one
  file and the installed ``voicecheck check FILE`` is timed (wall time, models
  included, the OS cache warm from the previous runs); the median is reported.
"""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _size_mb(folder: Path) -> float:
    total = 0
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(dirpath) / name
            if not path.is_symlink():
                total += path.stat().st_size
    return total / 1e6


def _venv(where: Path, deps: list[str]) -> tuple[Path, float, float]:
    """(venv, seconds to install, MB on disk)."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "venv", str(where)], check=True)
    pip = where / "bin" / "pip"
    subprocess.run([str(pip), "install", "-q", "--disable-pip-version-check", str(ROOT), *deps], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - t0
    return where, seconds, _size_mb(where)


def _one_file_runs(exe: Path, runs: int) -> list[float]:
    with tempfile.TemporaryDirectory(prefix="voicecheck-hook-") as tmp:
        work = Path(tmp)
        shutil.copytree(ROOT / "corpora" / "demo", work / "content")
        shutil.copyfile(ROOT / "vocab" / "fernway.yaml", work / "brand.yaml")
        (work / "voicecheck.yaml").write_text("vocab: brand.yaml\n", encoding="utf-8")
        env = {**os.environ, "VOICECHECK_CACHE_DIR": str(work / "cache")}
        env.pop("PYTHONPATH", None)
        subprocess.run([str(exe), "check", "content", "-q"], cwd=work, env=env, capture_output=True)
        target = work / "content" / "emails" / "trial_ending.mjml"
        text = target.read_text(encoding="utf-8")
        times = []
        for i in range(runs):
            target.write_text(text.replace("<mj-text>", f"<mj-text>Replies now take up to {i + 3} days. ", 1),
                              encoding="utf-8")
            t0 = time.perf_counter()
            proc = subprocess.run([str(exe), "check", str(target.relative_to(work))], cwd=work, env=env,
                                  capture_output=True, text=True)
            times.append(time.perf_counter() - t0)
            if proc.returncode != 1 or "VC301" not in proc.stdout:  # the file's planted contradiction
                raise RuntimeError(f"the hook's run failed ({proc.returncode}): {proc.stderr[-1000:]}")
        return times


def run(runs: int = 5, base: bool = True) -> dict:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    deps = next(h for h in hooks if h["id"] == "voicecheck-promises").get("additional_dependencies", [])
    out: dict = {"dependencies": deps}
    with tempfile.TemporaryDirectory(prefix="voicecheck-hookenv-") as tmp:
        env, seconds, size = _venv(Path(tmp) / "promises", deps)
        out.update(promises_install_s=round(seconds, 1), promises_mb=round(size))
        heavy = subprocess.run([str(env / "bin" / "python"), "-c", "import importlib.util as u;"
                                "print([m for m in ('torch', 'transformers', 'sentence_transformers') "
                                "if u.find_spec(m)])"], capture_output=True, text=True).stdout.strip()
        out["torch_installed"] = heavy
        times = _one_file_runs(env / "bin" / "voicecheck", runs)
        out.update(one_file_s=[round(t, 2) for t in times], one_file_median_s=round(statistics.median(times), 2))
        shutil.rmtree(env)
        if base:
            _env, seconds, size = _venv(Path(tmp) / "vocabulary", [])
            out.update(vocabulary_install_s=round(seconds, 1), vocabulary_mb=round(size))
    return out


def table(r: dict) -> str:
    lines = ["| voicecheck-promises hook | now | bar |", "|---|---:|---:|",
             f"| installed environment | {r['promises_mb']} MB (pip install: {r['promises_install_s']} s) | ≤ 800 MB |",
             f"| one changed file, wall time (median of {len(r['one_file_s'])}) | {r['one_file_median_s']:.2f} s "
             f"({', '.join(f'{t:.2f}' for t in r['one_file_s'])}) | ≤ 1.5 s |"]
    if "vocabulary_mb" in r:
        lines.append(f"| (vocabulary hook, base install) | {r['vocabulary_mb']} MB "
                     f"(pip install: {r['vocabulary_install_s']} s) | |")
    lines.append(f"torch-family packages in the promises environment: {r['torch_installed']}")
    return "\n".join(lines)
