"""Robustness and speed over the real-world corpus (../shared/corpora/real).

The real CLI runs once as a subprocess over every product folder (so imports
and start-up count) with ``--format json``. The run must not crash: exit code
0, 1 or 2, and no "Traceback" or "internal error" on stderr. Files that can't
be read or parsed must come back as one-line input errors (``path:line: why``)
while the run goes on; the osTicket YAML files that PyYAML rejects are checked
by name.

The per-product table re-parses each product in this process (discovery and
parsers only, no NLP) to count files and strings per product; its totals are
compared with the CLI's JSON summary.
"""
from __future__ import annotations

import json
import re
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

from voicecheck.bench.speed import REPO, gnu_time, measure, voicecheck_env

DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "real"
DEFAULT_VOCAB = REPO / "vocab" / "real-corpus.yaml"

#: Files the corpus ships broken on purpose (MANIFEST.md: "3 osTicket YAML files do not parse with PyYAML").
EXPECTED_ERRORS = (
    "osticket/include/i18n/en_US/help/tips/staff.agent.yaml",
    "osticket/include/i18n/en_US/help/tips/staff.departments.yaml",
    "osticket/include/i18n/en_US/organization.yaml",
)
_CRASH = re.compile(r"Traceback|internal error", re.I)


@dataclass
class Product:
    name: str
    files_found: int = 0  # every file on disk
    files_supported: int = 0  # files voicecheck discovers (supported types, not excluded)
    files_linted: int = 0
    strings: int = 0
    errors: int = 0
    findings: int = 0
    by_code: dict[str, int] = field(default_factory=dict)


def _products(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.iterdir() if p.is_dir() and not p.name.startswith("."))


def per_product(corpus: Path, products: list[Path]) -> tuple[dict[str, Product], list[str]]:
    """Files and strings per product, parsed in this process (no NLP)."""
    from voicecheck.config import load_settings
    from voicecheck.discover import discover
    from voicecheck.sources import ContentError, parse, read_source

    settings = load_settings(None, corpus, isolated=True)
    table: dict[str, Product] = {}
    problems: list[str] = []
    for folder in products:
        row = Product(folder.name, files_found=sum(1 for p in folder.rglob("*") if p.is_file()))
        found = discover([folder.name], settings, corpus)
        row.files_supported = len(found.files)
        for task in found.files:
            try:
                parsed = parse(read_source(task.abspath, task.display, task.channel, settings.max_file_size))
            except ContentError:
                row.errors += 1
                continue
            except Exception as exc:  # a parser bug; the CLI run shows how it surfaces there
                row.errors += 1
                problems.append(f"{task.display}: in-process parse raised {type(exc).__name__}: {exc}")
                continue
            row.files_linted += 1
            row.strings += len(parsed.segments)
        table[folder.name] = row
    return table, problems


def _product_of(path: str) -> str:
    return path.replace("\\", "/").split("/", 1)[0]


def _error_line(e: dict) -> str:
    where = e["path"]
    if e.get("line") is not None:
        where += f":{e['line']}"
        if e.get("column") is not None:
            where += f":{e['column']}"
    return f"{where}: {e['message']}"


def run(corpus: Path = DEFAULT_CORPUS, vocab: Path = DEFAULT_VOCAB, timeout: float = 900) -> dict:
    """Lint the whole corpus with the CLI; returns the numbers plus a ``text`` report."""
    corpus, vocab = corpus.resolve(), vocab.resolve()
    products = _products(corpus)
    # parsing and vocabulary rules; full runs with the promise checks are `bench promise-speed`
    cmd = [sys.executable, "-m", "voicecheck", "check", *(p.name for p in products), "--vocab", str(vocab),
           "--select", "VC0,VC1", "--format", "json", "--isolated"]
    m = measure(cmd, cwd=corpus, env=voicecheck_env(), timeout=timeout)

    failures: list[str] = []
    crash_lines = [ln for ln in m.stderr.splitlines() if _CRASH.search(ln)]
    if m.timed_out:
        failures.append(f"the CLI did not finish within {timeout:.0f} s")
    elif m.returncode not in (0, 1, 2):
        failures.append(f"the CLI exited {m.returncode} (expected 0, 1 or 2)")
    failures += [f"stderr: {ln.strip()}" for ln in crash_lines[:10]]
    try:
        data = json.loads(m.stdout)
    except ValueError:
        data = None
        failures.append("stdout is not the JSON report")
        tail = m.stderr.strip().splitlines()[-5:]
        failures += [f"stderr: {ln}" for ln in tail if f"stderr: {ln.strip()}" not in failures]

    summary = (data or {}).get("summary", {})
    errors = (data or {}).get("errors", [])
    findings = (data or {}).get("findings", [])
    error_lines = [_error_line(e) for e in errors]
    multi = [ln for ln in error_lines if "\n" in ln]
    if multi:
        failures.append(f"{len(multi)} input error(s) span several lines, e.g. {multi[0]!r}")
    if data is not None:
        by_path = {e["path"]: e for e in errors}
        for path in EXPECTED_ERRORS:
            e = by_path.get(path)
            if e is None:
                failures.append(f"{path}: expected a one-line input error (PyYAML rejects it), got none")
            elif e.get("line") is None:
                failures.append(f"{path}: input error has no line number: {_error_line(e)}")

    table, problems = per_product(corpus, products)
    failures += problems
    if data is not None:  # the CLI's errors are the ones that count; else keep the in-process ones
        for row in table.values():
            row.errors = 0
        for e in errors:
            row = table.get(_product_of(e["path"]))
            if row is not None:
                row.errors += 1
    for f in findings:
        row = table.get(_product_of(f["path"]))
        if row is not None:
            row.findings += 1
            row.by_code[f["code"]] = row.by_code.get(f["code"], 0) + 1

    files_found = sum(r.files_found for r in table.values())
    notes = []
    if summary and summary.get("segments") != sum(r.strings for r in table.values()):
        notes.append(f"per-product strings add up to {sum(r.strings for r in table.values())}, "
                     f"the CLI counted {summary.get('segments')}")
    skipped = re.search(r"skipped (\d+) file", m.stderr)
    out = {
        "corpus": str(corpus),
        "vocab": str(vocab),
        "command": " ".join(["python", *cmd[1:]]),
        "exit_code": m.returncode,
        "crashed": bool(failures),
        "failures": failures,
        "files_found": files_found,
        "files_supported": sum(r.files_supported for r in table.values()),
        "files_skipped": int(skipped.group(1)) if skipped else 0,
        "files_linted": summary.get("files"),
        "files_with_errors": len({e["path"] for e in errors}),
        "errors": error_lines,
        "strings": summary.get("segments"),
        "findings": summary.get("findings"),
        "findings_by_code": summary.get("by_code", {}),
        "wall_s": round(m.seconds, 3),
        "peak_rss_mb": None if m.peak_rss_kb is None else round(m.peak_rss_kb / 1024, 1),
        "peak_rss_from": "GNU /usr/bin/time -v" if gnu_time() else "getrusage(RUSAGE_CHILDREN)",
        "products": [asdict(r) for r in table.values()],
        "notes": notes,
    }
    out["text"] = render(out)
    return out


def render(r: dict) -> str:
    lines = [f"voicecheck over {r['corpus']} (vocabulary {Path(r['vocab']).name})", ""]
    lines.append(f"files found {r['files_found']}, supported {r['files_supported']}, skipped (unsupported) "
                 f"{r['files_skipped']}, linted {r['files_linted']}, with input errors {r['files_with_errors']}")
    lines.append(f"strings linted {r['strings']}; findings {r['findings']} "
                 f"({', '.join(f'{k} {v}' for k, v in r['findings_by_code'].items()) or 'none'})")
    rss = "?" if r["peak_rss_mb"] is None else f"{r['peak_rss_mb']:.0f} MB"
    lines.append(f"wall time {r['wall_s']:.2f} s; peak RSS {rss} ({r['peak_rss_from']}); exit code {r['exit_code']}")
    lines.append("")
    lines.append("| product | files | linted | strings | errors | findings | by code |")
    lines.append("|---|---:|---:|---:|---:|---:|---|")
    for p in r["products"]:
        codes = ", ".join(f"{k} {v}" for k, v in sorted(p["by_code"].items()))
        lines.append(f"| {p['name']} | {p['files_found']} | {p['files_linted']} | {p['strings']} | {p['errors']} | "
                     f"{p['findings']} | {codes} |")
    tot = r["products"]
    lines.append(f"| **total** | {sum(p['files_found'] for p in tot)} | {sum(p['files_linted'] for p in tot)} | "
                 f"{sum(p['strings'] for p in tot)} | {sum(p['errors'] for p in tot)} | "
                 f"{sum(p['findings'] for p in tot)} | |")
    if r["errors"]:
        lines += ["", f"input errors ({len(r['errors'])}):"] + [f"  {e}" for e in r["errors"]]
    for n in r["notes"]:
        lines.append(f"note: {n}")
    if r["failures"]:
        lines += ["", "CRASH / FAILED EXPECTATIONS:"] + [f"  {f}" for f in r["failures"]]
    else:
        lines += ["", "no crash: exit code in {0, 1, 2}, no traceback or internal error on stderr"]
    return "\n".join(lines)
