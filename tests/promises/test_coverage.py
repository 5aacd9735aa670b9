"""Promise coverage (`voicecheck coverage`, VC302) on small real files with the real models."""
from __future__ import annotations

import json
import textwrap

BRAND = """\
brand: Tally
promises:
  - id: free-trial
    text: Try Tally Pro free for 30 days. No card required.
    source: pricing page
  - id: human-support
    text: Real people answer your messages 24/7.
    source: homepage
  - id: data-export
    text: Export all your invoices as CSV at any time.
"""


def _brand(root):
    files = {
        "brand.yaml": BRAND,
        "content/emails/welcome.html": """\
            <html><body>
            <p>Hi {{ first_name }}, your 30-day free trial of Tally Pro starts today. No card required.</p>
            <p>Questions? Just reply to this email.</p>
            </body></html>
            """,
        "content/locales/en.json": """\
            {"support": {"hours": "Our support team answers messages Monday to Friday, 9am to 5pm."},
             "nav": {"invoices": "Invoices", "settings": "Settings"}}
            """,
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def test_coverage_json_says_who_confirms_contradicts_or_is_silent(run_cli, tmp_path):
    _brand(tmp_path)
    code, out, err = run_cli("coverage", "content", "--vocab", "brand.yaml", "--isolated", "--format", "json",
                             cwd=tmp_path)
    assert code == 0, err
    rows = {r["promise"]: r for r in json.loads(out)["promises"]}
    assert list(rows) == ["free-trial", "human-support", "data-export"]
    trial = rows["free-trial"]
    assert trial["status"] == "confirmed" and trial["source"] == "pricing page"
    assert trial["channels"]["email"]["state"] == "confirms"
    assert trial["channels"]["email"]["confirms"][0]["path"] == "content/emails/welcome.html"
    assert trial["channels"]["email"]["confirms"][0]["line"] == 2
    assert "30 days" in trial["channels"]["email"]["confirms"][0]["why"]
    assert trial["channels"]["ui"]["state"] == "silent"
    support = rows["human-support"]
    assert support["status"] == "contradicted"
    assert support["channels"]["ui"]["state"] == "contradicts"
    assert support["channels"]["ui"]["contradicts"][0]["line"] == 1
    assert rows["data-export"]["status"] == "unconfirmed"
    assert set(trial["channels"]) == {"email", "ui"}  # only the channels the content has


def test_coverage_text_and_markdown(run_cli, tmp_path):
    _brand(tmp_path)
    code, out, _ = run_cli("coverage", "content", "--vocab", "brand.yaml", "--isolated", cwd=tmp_path)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["promise", "email", "ui", "status"]
    assert lines[1].split() == ["free-trial", "confirms", "(2)", "-", "confirmed"]  # both sentences of line 2
    assert lines[-1] == "1 confirmed, 0 mixed, 1 contradicted, 1 unconfirmed (3 promises)"
    code, out, _ = run_cli("coverage", "content", "--vocab", "brand.yaml", "--isolated", "--format", "markdown",
                           "--details", cwd=tmp_path)
    assert "| promise | email | ui | status |" in out
    assert "- contradicts: content/locales/en.json:1 (ui)" in out
    assert "### data-export: Export all your invoices as CSV at any time." in out


def test_vc302_reports_unconfirmed_promises_at_their_line(run_json, tmp_path):
    _brand(tmp_path)
    code, data, err = run_json("content", "--vocab", "brand.yaml", "--isolated", "--select", "VC302", cwd=tmp_path)
    assert code == 0, err  # VC302 is info: it informs, it does not fail a run (--fail-on warning)
    code, _, _ = run_json("content", "--vocab", "brand.yaml", "--isolated", "--select", "VC302", "--fail-on", "info",
                          cwd=tmp_path)
    assert code == 1
    got = [(f["path"], f["line"], f["promise"], f["severity"], f["kind"]) for f in data["findings"]]
    assert got == [("brand.yaml", 6, "human-support", "info", "coverage"),
                   ("brand.yaml", 9, "data-export", "info", "coverage")]
    assert "(contradicted in ui)" in data["findings"][0]["message"]


def test_coverage_needs_promises(run_cli, tmp_path):
    (tmp_path / "v.yaml").write_text("brand: X\nterms:\n  - use: member\n    instead_of: [customer]\n")
    (tmp_path / "a.md").write_text("Hello.\n")
    code, _, err = run_cli("coverage", "a.md", "--vocab", "v.yaml", "--isolated", cwd=tmp_path)
    assert code == 2 and err.strip() == "error: the vocabulary has no promises: coverage needs a `promises:` list"


def test_a_dismissed_contradiction_counts_as_dismissed_in_coverage(tmp_path):
    """A reviewer dismisses the VC301 finding (`voicecheck review`, keys from stdin): coverage
    then shows the cell as dismissed, not as a contradiction, and the promise is no longer contradicted."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    _brand(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    review = subprocess.run([sys.executable, "-m", "voicecheck", "review", "content", "--vocab", "brand.yaml",
                             "--isolated", "--select", "VC301", "--by", "Ana"], input="d f\nq\n", cwd=tmp_path,
                            env=env, capture_output=True, text=True, timeout=300)
    assert review.returncode == 0, review.stderr
    assert "dismissed" in (tmp_path / "voicecheck-decisions.yaml").read_text()
    out = subprocess.run([sys.executable, "-m", "voicecheck", "coverage", "content", "--vocab", "brand.yaml",
                          "--isolated", "--format", "json"], cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    support = {r["promise"]: r for r in json.loads(out.stdout)["promises"]}["human-support"]
    assert support["channels"]["ui"]["state"] == "dismissed" and support["channels"]["ui"]["contradicts"] == []
    assert support["channels"]["ui"]["dismissed"][0]["line"] == 1
    assert support["status"] == "unconfirmed"
