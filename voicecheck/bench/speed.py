"""Speed benchmark: voicecheck against textlint + textlint-rule-prh.

The bars (:data:`BARS`): on a synthetic corpus of 200 Markdown files (2,000
sentences, 30 term substitutions) a vocabulary-only voicecheck run takes at
most 0.40 of the wall time of textlint with textlint-rule-prh on the same
corpus and vocabulary, and at most 0.33 at 2,000 files (20,000 sentences).

The corpus is generated from a seeded random generator, so every run sees the
same files. Each tool runs as a subprocess over the whole folder (so start-up
and imports count), as a user runs it (voicecheck with its default ``--jobs``:
one process per core, textlint as it comes). Before timing, voicecheck's
modules are byte-compiled (``compileall``), as an installed package's are: a
checkout run under ``PYTHONDONTWRITEBYTECODE=1`` would otherwise compile
about 100 ms of source on every run. Each tool then runs once to warm the OS
cache (not counted), and the two alternate run by run, ``runs`` times each, so
that a change in the machine's load hits both alike. Reported per tool: the
median wall time and the median CPU time (user + system of the process and
every process it waited for, from ``getrusage(RUSAGE_CHILDREN)`` before and
after), both ratios, and the load average when the size started and ended: on a
shared machine the wall ratio moves with the load, the CPU ratio much less.
Peak memory is the largest process's maximum resident set size, from GNU
``/usr/bin/time -v`` when present, else from ``getrusage`` in a fresh helper
process per run (voicecheck's worker processes are counted one at a time; see
``bench scale`` for the whole tree).

textlint is installed from the npm registry into ``bench/textlint/node_modules``
(versions pinned in ``bench/textlint/package.json`` and its lock file) on first
use.
"""
from __future__ import annotations

import json
import os
import platform
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
#: Files -> the largest voicecheck / textlint wall-time ratio (median of the runs).
BARS = {200: 0.40, 2000: 0.33}
DEFAULT_BAR = 0.40
TEXTLINT_DIR = REPO / "bench" / "textlint"
GNU_TIME = Path("/usr/bin/time")
SENTENCES_PER_FILE = 10
BANNED_RATE = 0.05  # share of sentences that carry one banned term

# The 30 substitutions: banned form -> preferred term. All banned forms are
# regular nouns (plural in -s), so a whole-word, case-insensitive prh pattern
# /\bform(s)?\b/i finds the same occurrences voicecheck's inflection matching does.
SUBSTITUTIONS: tuple[tuple[str, str], ...] = (
    ("customer", "member"), ("client", "patron"), ("ticket", "request"), ("agent", "specialist"),
    ("helpdesk", "support center"), ("workspace", "space"), ("instance", "server"), ("issue", "work item"),
    ("subscription", "plan"), ("invoice", "bill"), ("dashboard", "overview"), ("folder", "collection"),
    ("password", "passphrase"), ("username", "handle"), ("vendor", "supplier"), ("coupon", "voucher"),
    ("webinar", "live session"), ("newsletter", "digest"), ("checkout", "payment step"), ("shopper", "buyer"),
    ("signup", "registration"), ("chatbot", "assistant"), ("canned response", "saved reply"),
    ("help desk", "service desk"), ("account holder", "owner"), ("email blast", "announcement"),
    ("sales rep", "advisor"), ("power user", "expert"), ("free trial", "trial period"),
    ("knowledge base", "help center"),
)

# Neutral words: none of them is, or inflects to, a banned form above.
_NOUNS = ("report", "schedule", "setting", "message", "profile", "project", "budget", "review", "meeting",
          "calendar", "note", "photo", "file", "record", "summary", "badge", "channel", "question", "answer",
          "reminder", "deadline", "template", "page", "draft", "list", "chart", "feature", "option", "backup",
          "device", "browser", "window", "screen", "detail", "payment", "receipt", "shipment", "team", "task",
          "comment", "label", "filter", "export", "import", "language", "region", "theme", "widget", "card")
_ADJS = ("new", "shared", "weekly", "monthly", "recent", "private", "public", "default", "custom", "simple",
         "detailed", "quick", "short", "main", "next", "previous", "secure", "local", "daily", "final")
_VERBS3 = ("shows", "lists", "updates", "saves", "opens", "sorts", "groups", "tracks", "links", "copies",
           "hides", "checks", "marks", "moves", "names")
_VERBS = ("review", "update", "save", "open", "sort", "group", "track", "link", "copy", "hide", "check",
          "mark", "move", "rename", "archive", "share", "print", "download", "edit", "close")
_SUBJECTS = ("The team", "Our staff", "Everyone", "The app", "Your browser", "The system", "This page",
             "The owner", "A reviewer", "Each device")
_ADVS = ("Today", "Each week", "By default", "Once a day", "After a change", "Right away", "Later",
         "In most cases", "Before noon", "From now on")
_CODE = ("max_items", "sort_order", "--dry-run", "config.yml", "page_size", "retry_after", "locale",
         "timezone", "theme_color", "export_path")


@dataclass
class Corpus:
    root: Path
    files: int
    sentences: int
    planted: int  # banned-term occurrences written into readable prose
    planted_by_term: dict[str, int] = field(default_factory=dict)


class _Writer:
    """Sentences for one corpus; a banned form goes into a noun slot of ~5% of them."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.planted: dict[str, int] = {}

    def noun(self, plural: bool = False) -> str:
        n = self.rng.choice(_NOUNS)
        return n + "s" if plural else n

    def slot(self, banned: str | None, plural: bool) -> str:
        if banned is None:
            return self.noun(plural)
        self.planted[banned] = self.planted.get(banned, 0) + 1
        return banned + "s" if plural else banned

    def tail(self) -> str:
        r = self.rng
        roll = r.random()
        if roll < 0.08:
            slug = f"{r.choice(_NOUNS)}-{r.randint(1, 99)}"
            return f" in [the {r.choice(_NOUNS)} guide](https://example.com/docs/{slug})"
        if roll < 0.16:
            return f" with `{r.choice(_CODE)}`"
        if roll < 0.5:
            return f" for the {r.choice(_ADJS)} {self.noun()}"
        return ""

    def sentence(self) -> str:
        r = self.rng
        banned = r.choice(SUBSTITUTIONS)[0] if r.random() < BANNED_RATE else None
        plural = r.random() < 0.3
        kind = r.randrange(4)
        if kind == 0:
            word = self.slot(banned, plural)
            return (f"{r.choice(('The', 'Every', 'One'))} {r.choice(_ADJS)} {word} "
                    f"{r.choice(_VERBS3)} the {self.noun()}{self.tail()}.")
        if kind == 1:
            return f"You can {r.choice(_VERBS)} the {self.slot(banned, plural)}{self.tail()}."
        if kind == 2:
            return f"{r.choice(_ADVS)}, {r.choice(_SUBJECTS).lower()} will {r.choice(_VERBS)} each " \
                   f"{r.choice(_ADJS)} {self.slot(banned, False)}{self.tail()}."
        word = self.slot(banned, True)
        return f"{word[0].upper()}{word[1:]} {r.choice(('can', 'may', 'should'))} {r.choice(_VERBS)} " \
               f"the {self.noun()}{self.tail()}."


def _markdown_file(w: _Writer, index: int) -> str:
    r = w.rng
    sizes = [3, 3, 2, 2]  # paragraph, list, paragraph, paragraph after a subheading
    r.shuffle(sizes)
    out = [f"# {r.choice(_ADJS).capitalize()} {w.noun()} notes {index}", ""]
    for i, n in enumerate(sizes):
        if i == 2:
            out += [f"## {r.choice(_ADJS).capitalize()} {w.noun(plural=True)}", ""]
        if i == 1:
            out += [f"- {w.sentence()}" for _ in range(n)]
        else:
            out.append(" ".join(w.sentence() for _ in range(n)))
        out.append("")
    return "\n".join(out)


def generate(root: Path, files: int, seed: int = 2024) -> Corpus:
    """Write ``files`` Markdown files (10 sentences each) under ``root``."""
    rng = random.Random(f"{seed}:{files}")
    w = _Writer(rng)
    root.mkdir(parents=True, exist_ok=True)
    for i in range(files):
        folder = root / f"section-{i // 100:02d}"
        folder.mkdir(exist_ok=True)
        (folder / f"page-{i:05d}.md").write_text(_markdown_file(w, i), encoding="utf-8")
    return Corpus(root, files, files * SENTENCES_PER_FILE, sum(w.planted.values()), dict(sorted(w.planted.items())))


def write_configs(folder: Path) -> tuple[Path, Path]:
    """The same 30 substitutions as a voicecheck vocabulary and as prh rules
    (+ .textlintrc). Returns (vocab path, textlintrc path)."""
    folder.mkdir(parents=True, exist_ok=True)
    vocab = ["brand: Speed bench", "terms:"]
    prh = ["version: 1", "rules:"]
    for banned, use in SUBSTITUTIONS:
        vocab += [f"  - use: {use}", f"    instead_of: [{banned}]"]
        # whole word, any case, singular or plural: the work voicecheck does for a noun
        assert re.fullmatch(r"[a-z]+( [a-z]+)*", banned), banned  # no regex metacharacters to escape
        prh += [f"  - expected: {use}", f"    patterns: ['/\\b{banned}s?\\b/i']"]
    vocab_path, prh_path, rc_path = folder / "vocab.yaml", folder / "prh.yml", folder / ".textlintrc.json"
    vocab_path.write_text("\n".join(vocab) + "\n", encoding="utf-8")
    prh_path.write_text("\n".join(prh) + "\n", encoding="utf-8")
    rc_path.write_text(json.dumps({"rules": {"prh": {"rulePaths": [str(prh_path)]}}}, indent=2) + "\n",
                       encoding="utf-8")
    return vocab_path, rc_path


# --- running and measuring a child process ---------------------------------------------------

@dataclass
class Measured:
    seconds: float
    peak_rss_kb: int | None
    returncode: int
    stdout: str
    stderr: str
    timed_out: bool = False
    cpu: float = 0.0  # user + system seconds of the process and all it waited for


_RSS = re.compile(r"Maximum resident set size \(kbytes\):\s*(\d+)")
# Fallback when GNU time is missing: a fresh Python process runs the command and
# reports its children's peak RSS, so every run is measured on its own.
_HELPER = """
import resource, subprocess, sys
rc = subprocess.call(sys.argv[2:])
kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
if sys.platform == "darwin":
    kb //= 1024
open(sys.argv[1], "w").write(str(kb))
sys.exit(rc)
"""


@cache
def gnu_time() -> bool:
    """Whether /usr/bin/time is GNU time (understands -v)."""
    if not GNU_TIME.exists():
        return False
    try:
        out = subprocess.run([str(GNU_TIME), "-v", "true"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return False
    return "Maximum resident set size" in out.stderr


def measure(cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None,
            timeout: float | None = None) -> Measured:
    """Run ``cmd``; wall time (seconds) and the peak RSS (kB) of the process tree it waited for."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss", delete=False) as tmp:
        rss_file = Path(tmp.name)
    if gnu_time():
        full = [str(GNU_TIME), "-v", "-o", str(rss_file), *cmd]
    else:
        full = [sys.executable, "-c", _HELPER, str(rss_file), *cmd]
    try:
        import resource

        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.Popen(full, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, encoding="utf-8", errors="replace", start_new_session=True)
        timed_out = False
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            os.killpg(proc.pid, signal.SIGKILL)  # the group we started: time/helper and the tool
            out, err = proc.communicate()
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        report = rss_file.read_text(encoding="utf-8", errors="replace") if rss_file.exists() else ""
    finally:
        rss_file.unlink(missing_ok=True)
    if gnu_time():
        m = _RSS.search(report)
        peak = int(m.group(1)) if m else None
    else:
        peak = int(report) if report.strip().isdigit() else None
    return Measured(seconds, peak, proc.returncode, out, err, timed_out, cpu)


def voicecheck_env() -> dict[str, str]:
    """The environment for a ``python -m voicecheck`` child: this checkout first on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    env.pop("VOICECHECK_DEBUG", None)
    return env


# --- textlint -------------------------------------------------------------------------------

class BenchError(Exception):
    """The benchmark can't run (missing node, npm failure, a tool that failed)."""


def ensure_textlint(folder: Path = TEXTLINT_DIR) -> Path:
    """Install the pinned textlint into ``folder/node_modules`` on first use; return its bin script."""
    script = folder / "node_modules" / "textlint" / "bin" / "textlint.js"
    if script.exists() and (folder / "node_modules" / "textlint-rule-prh").exists():
        return script
    for tool in ("node", "npm"):
        if not _which(tool):
            raise BenchError(f"{tool} not found; install Node.js 20+ to run the textlint comparison")
    verb = "ci" if (folder / "package-lock.json").exists() else "install"
    print(f"installing textlint: npm {verb} in {folder} …", file=sys.stderr)
    done = subprocess.run(["npm", verb, "--no-audit", "--no-fund"], cwd=folder, capture_output=True, text=True)
    if done.returncode != 0 or not script.exists():
        tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise BenchError(f"npm {verb} failed in {folder}: " + " | ".join(tail))
    return script


def _which(name: str) -> str | None:
    from shutil import which

    return which(name)


def _version(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "?"


def _package_version(name: str) -> str:
    try:
        data = json.loads((TEXTLINT_DIR / "node_modules" / name / "package.json").read_text(encoding="utf-8"))
        return data.get("version", "?")
    except (OSError, ValueError):
        return "?"


# --- the comparison -------------------------------------------------------------------------

def count_voicecheck(out: str) -> int:
    return len(json.loads(out)["findings"])


def count_textlint(out: str) -> int:
    return sum(len(f.get("messages", [])) for f in json.loads(out))


# Runs ``python -m voicecheck ARGS`` and, at exit, says whether torch was really loaded
# (thinc's `import torch` probe shows in -X importtime even when voicecheck blocks it).
_PROBE = """
import atexit, runpy, sys
loaded = lambda: sys.stderr.write("voicecheck-bench: torch loaded=%s\\n" % (sys.modules.get("torch") is not None))
atexit.register(loaded)
sys.argv = ["voicecheck", *sys.argv[1:]]
runpy.run_module("voicecheck", run_name="__main__", alter_sys=True)
"""


def torch_import_check(cmd: list[str], cwd: Path, env: dict[str, str]) -> dict:
    """Run voicecheck once under ``-X importtime``: does it import torch? What costs most?

    ``cmd`` is ``[python, "-m", "voicecheck", *args]``."""
    assert cmd[1:3] == ["-m", "voicecheck"], cmd
    full = [cmd[0], "-X", "importtime", "-c", _PROBE, *cmd[3:]]
    done = subprocess.run(full, cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8",
                          errors="replace")
    rows: list[tuple[int, int, str]] = []  # (cumulative us, depth, module)
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or line.count("|") != 2:
            continue
        self_us, cum_us, name = line[len("import time:"):].split("|")
        if cum_us.strip().isdigit():
            rows.append((int(cum_us), len(name) - len(name.lstrip()), name.strip()))
    torch_rows = [(us, n) for us, _d, n in rows if n == "torch" or n.startswith("torch.")]
    loaded = re.search(r"voicecheck-bench: torch loaded=(True|False)", done.stderr)
    top_depth = min((d for _u, d, _n in rows), default=0)
    top = sorted(((us, n) for us, d, n in rows if d == top_depth), reverse=True)[:8]
    return {
        # torch counts as imported when it ended up in sys.modules, or when any torch submodule
        # was imported (a blocked probe shows as one bare "torch" line of a few microseconds)
        "imports_torch": (loaded.group(1) == "True") if loaded else any(n != "torch" for _u, n in torch_rows),
        "torch_lines": [f"{n} {us} us" for us, n in torch_rows][:10],
        "exit_code": done.returncode,
        "modules_imported": len(rows),
        "import_total_ms": round(sum(us for us, d, _n in rows if d == top_depth) / 1000, 1),
        "top_level_imports_ms": {n: round(us / 1000, 1) for us, n in top},
    }


@dataclass
class SizeResult:
    files: int
    sentences: int
    planted: int
    runs: int
    voicecheck_s: list[float]
    textlint_s: list[float]
    voicecheck_median_s: float
    textlint_median_s: float
    ratio: float  # wall time, voicecheck / textlint (medians)
    voicecheck_cpu_s: list[float]
    textlint_cpu_s: list[float]
    voicecheck_cpu_median_s: float
    textlint_cpu_median_s: float
    cpu_ratio: float  # CPU time, voicecheck / textlint (medians)
    voicecheck_peak_rss_mb: float | None
    textlint_peak_rss_mb: float | None
    voicecheck_findings: int
    textlint_findings: int
    bar: float
    load_start: tuple[float, float, float]
    load_end: tuple[float, float, float]


def _check_run(tool: str, m: Measured, ok_codes: tuple[int, ...]) -> None:
    if m.timed_out:
        raise BenchError(f"{tool} timed out after {m.seconds:.0f} s")
    if m.returncode not in ok_codes:
        tail = " | ".join(m.stderr.strip().splitlines()[-3:])
        raise BenchError(f"{tool} exited {m.returncode}: {tail}")


def _mb(values: list[int | None]) -> float | None:
    known = [v for v in values if v is not None]
    return round(max(known) / 1024, 1) if known else None


def _load() -> tuple[float, float, float]:
    return tuple(round(x, 2) for x in os.getloadavg()) if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)


def compile_voicecheck() -> None:
    """Byte-compile voicecheck's modules, as installing the package does (see the module's doc)."""
    import compileall

    compileall.compile_dir(str(REPO / "voicecheck"), quiet=1)


def run_size(work: Path, files: int, runs: int, seed: int, textlint_js: Path, log,
             bar: float | None = None) -> tuple[SizeResult, list]:
    corpus = generate(work / f"md-{files}", files, seed)
    vocab, rc = write_configs(work / f"config-{files}")
    env = voicecheck_env()
    vc_cmd = [sys.executable, "-m", "voicecheck", "check", str(corpus.root), "--vocab", str(vocab),
              "--select", "VC1", "--format", "json", "--exit-zero", "--isolated"]
    tl_cmd = ["node", str(textlint_js), "--config", str(rc), "--format", "json", str(corpus.root)]
    log(f"{files} files, {corpus.sentences} sentences, {corpus.planted} banned-term occurrences planted")
    vc, tl = [], []
    load_start = _load()
    for i in range(runs + 1):  # run 0 of each tool warms the OS file cache and is not counted
        # alternate the tools so drift in machine load hits both alike
        a = measure(vc_cmd, cwd=work, env=env, timeout=1800)
        _check_run("voicecheck", a, (0,))
        b = measure(tl_cmd, cwd=TEXTLINT_DIR, timeout=1800)
        _check_run("textlint", b, (0, 1))
        log(f"  run {i}{' (warm-up)' if i == 0 else ''}: voicecheck {a.seconds:.2f} s (CPU {a.cpu:.2f} s) "
            f"{(a.peak_rss_kb or 0) / 1024:.0f} MB, textlint {b.seconds:.2f} s (CPU {b.cpu:.2f} s) "
            f"{(b.peak_rss_kb or 0) / 1024:.0f} MB, load {os.getloadavg()[0]:.2f}")
        if i:
            vc.append(a)
            tl.append(b)
    vc_found = {count_voicecheck(m.stdout) for m in vc}
    tl_found = {count_textlint(m.stdout) for m in tl}
    if len(vc_found) > 1 or len(tl_found) > 1:
        raise BenchError(f"finding counts differ between runs: voicecheck {vc_found}, textlint {tl_found}")
    vc_med = statistics.median(m.seconds for m in vc)
    tl_med = statistics.median(m.seconds for m in tl)
    vc_cpu = statistics.median(m.cpu for m in vc)
    tl_cpu = statistics.median(m.cpu for m in tl)
    result = SizeResult(
        files=files, sentences=corpus.sentences, planted=corpus.planted, runs=runs,
        voicecheck_s=[round(m.seconds, 3) for m in vc], textlint_s=[round(m.seconds, 3) for m in tl],
        voicecheck_median_s=round(vc_med, 3), textlint_median_s=round(tl_med, 3),
        ratio=round(vc_med / tl_med, 3) if tl_med else float("inf"),
        voicecheck_cpu_s=[round(m.cpu, 3) for m in vc], textlint_cpu_s=[round(m.cpu, 3) for m in tl],
        voicecheck_cpu_median_s=round(vc_cpu, 3), textlint_cpu_median_s=round(tl_cpu, 3),
        cpu_ratio=round(vc_cpu / tl_cpu, 3) if tl_cpu else float("inf"),
        voicecheck_peak_rss_mb=_mb([m.peak_rss_kb for m in vc]),
        textlint_peak_rss_mb=_mb([m.peak_rss_kb for m in tl]),
        voicecheck_findings=vc_found.pop(), textlint_findings=tl_found.pop(),
        bar=bar if bar is not None else BARS.get(files, DEFAULT_BAR), load_start=load_start, load_end=_load(),
    )
    return result, [vc_cmd, tl_cmd, env]


def run(sizes: list[int], runs: int, seed: int = 2024, workdir: Path | None = None, max_ratio: float | None = None,
        log=lambda s: print(s, file=sys.stderr)) -> dict:
    """The whole comparison; returns the numbers plus a ``text`` report. ``max_ratio``: one bar for
    every size instead of :data:`BARS`."""
    textlint_js = ensure_textlint()
    compile_voicecheck()
    results: list[SizeResult] = []
    imports: dict = {}
    with tempfile.TemporaryDirectory(prefix="voicecheck-speed-") as tmp:
        work = workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for n in sizes:
            result, (vc_cmd, _tl, env) = run_size(work, n, runs, seed, textlint_js, log, max_ratio)
            results.append(result)
            if not imports:
                imports = torch_import_check(vc_cmd, work, env)
    env_info = {
        "python": platform.python_version(),
        "node": _version(["node", "--version"]),
        "textlint": _package_version("textlint"),
        "textlint-rule-prh": _package_version("textlint-rule-prh"),
        "prh": _package_version("prh"),
        "cpus": os.cpu_count(),
        "loadavg_1m": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
        "peak_rss_from": "GNU /usr/bin/time -v" if gnu_time() else "getrusage(RUSAGE_CHILDREN) per helper process",
        "seed": seed,
    }
    out = {"results": [asdict(r) for r in results], "imports": imports, "environment": env_info,
           "passed": all(r.ratio <= r.bar for r in results)}
    out["text"] = render(results, imports, env_info)
    return out


def render(results: list[SizeResult], imports: dict, env: dict) -> str:
    def mb(v):
        return "?" if v is None else f"{v:.0f} MB"

    lines = [
        "| files | voicecheck wall | textlint wall | **wall ratio** | voicecheck CPU | textlint CPU | CPU ratio | "
        "voicecheck peak RSS | textlint peak RSS | findings (both) | load average (1, 5, 15 min) | bar |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in results:
        verdict = "PASS" if r.ratio <= r.bar else "FAIL"
        found = f"{r.voicecheck_findings:,}" + ("" if r.voicecheck_findings == r.textlint_findings
                                                else f" / {r.textlint_findings:,}")
        load = ", ".join(f"{x:.2f}" for x in r.load_start) + " → " + ", ".join(f"{x:.2f}" for x in r.load_end)
        lines.append(f"| {r.files:,} | {r.voicecheck_median_s:.2f} s | {r.textlint_median_s:.2f} s | "
                     f"**{r.ratio:.2f}** | {r.voicecheck_cpu_median_s:.2f} s | {r.textlint_cpu_median_s:.2f} s | "
                     f"{r.cpu_ratio:.2f} | {mb(r.voicecheck_peak_rss_mb)} | {mb(r.textlint_peak_rss_mb)} | "
                     f"{found} | {load} | {verdict} (wall ≤ {r.bar:g}) |")
    lines.append("")
    lines.append(f"medians of {results[0].runs if results else 0} runs of each tool, alternating, after one "
                 f"warm-up each; textlint {env['textlint']} + textlint-rule-prh {env['textlint-rule-prh']} "
                 f"(prh {env['prh']}) on node {env['node']}; Python {env['python']}, voicecheck byte-compiled; "
                 f"{env['cpus']} CPUs; CPU = user + system of the process tree; peak RSS of the largest process "
                 f"from {env['peak_rss_from']}.")
    if imports:
        if imports["imports_torch"]:
            verdict = "IMPORTS TORCH (" + ", ".join(imports["torch_lines"][:3]) + ")"
        else:
            probe = [t for t in imports["torch_lines"] if t.startswith("torch ")]
            verdict = "never imports torch"
            if probe:
                verdict += f" (thinc's probe `import torch` is blocked: {probe[0]})"
        top = ", ".join(f"{k} {v:.0f} ms" for k, v in list(imports["top_level_imports_ms"].items())[:5])
        lines.append(f"voicecheck (python -X importtime): {verdict}; {imports['modules_imported']} modules, "
                     f"{imports['import_total_ms']:.0f} ms of imports; slowest top-level: {top}.")
    return "\n".join(lines)
