"""The review report without a browser: report_data.build, reporters.html.render
and `voicecheck report` (vocabulary rules only, so no model is loaded)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from voicecheck import cli, report_data
from voicecheck.decisions import DecisionStore, new_decision
from voicecheck.reporters import html

from .conftest import write

VOCAB = """\
brand: Acme <Corp>
terms:
  - use: delivery window
    instead_of: [delivery slot]
    why: We say "delivery window" <always>.
  - use: sign in
    instead_of: [log in]
promises:
  - id: free-trial
    text: Try it free for 30 days <b>no card</b>.
    source: pricing page
"""

HOSTILE = """\
# Welcome
<script>alert("context")</script>
Pick a delivery slot now </pre><script>alert(1)</script> & enjoy.
Line four.
Line five.
Line six.
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    write(tmp_path, "brand.yaml", VOCAB)
    write(tmp_path, "emails/hostile.md", HOSTILE)
    write(tmp_path, "locales/en.json", '{\n  "a": "Please log in",\n  "b": "ok",\n  "c": "fine"\n}\n')
    monkeypatch.chdir(tmp_path)
    return tmp_path


def build(*paths: str, store=None, **kw):
    prep = cli.prepare(paths or (".",), ("brand.yaml",), None, True, ("VC1",))
    result = cli.run_checks(prep)
    return report_data.build(prep, result, store, generated_at="2026-01-02T03:04:05+00:00", **kw)


def card(page: str, fid: int) -> str:
    m = re.search(rf'<article class="card[^"]*" id="f-{fid}".*?</article>', page, re.S)
    assert m, f"no card f-{fid}"
    return m.group(0)


def test_data_of_one_finding(project):
    data = build("emails")
    assert [(f["path"], f["line"], f["code"]) for f in data["findings"]] == [("emails/hostile.md", 3, "VC101")]
    f = data["findings"][0]
    assert f["id"] == 0
    assert f["rule"] == {"name": "banned-term", "summary": "A word or phrase the vocabulary says not to use, "
                                                          "in any inflected form."}
    assert f["highlight"] == [3, 8, 3, 21]  # "delivery slot", end exclusive
    assert [(c["line"], c["text"]) for c in f["context"]] == [
        (1, "# Welcome"), (2, '<script>alert("context")</script>'),
        (3, "Pick a delivery slot now </pre><script>alert(1)</script> & enjoy."), (4, "Line four."),
        (5, "Line five.")]
    assert {c["first_column"] for c in f["context"]} == {1}
    assert f["suggestion"] == {"replacement": "delivery window", "line": 3, "before": "Pick a ",
                               "after": " now </pre><script>alert(1)</script> & enjoy."}
    assert f["decision"] is None and f["promise_info"] is None
    meta = data["meta"]
    assert meta["brand"] == "Acme <Corp>"
    assert meta["generated_at"] == "2026-01-02T03:04:05+00:00"
    assert meta["counts"]["findings"] == 1 and meta["counts"]["by_channel"] == {"email": 1}
    assert data["coverage"] == [] and data["drift"] == []


def test_hostile_content_is_text(project):
    page = html.render(build())
    assert page.count("<script") == 1  # the page's own script, nothing from the content
    assert "alert" not in page.split("<script>")[1]
    c = card(page, 0)
    assert ("<mark>delivery slot</mark> now &lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; enjoy."
            in c)
    assert "&lt;script&gt;alert(&quot;context&quot;)&lt;/script&gt;" in c
    assert "We say &quot;delivery window&quot; &lt;always&gt;." in c
    assert "<title>Acme &lt;Corp&gt; content review: 2 findings</title>" in page
    assert '<ins>delivery window</ins>' in c


def test_context_at_the_start_and_end_of_a_file(project):
    write(project, "emails/edge.md", "delivery slot first\nmiddle\nlast has a delivery slot")
    f1, f2 = build("emails/edge.md")["findings"]
    assert [c["line"] for c in f1["context"]] == [1, 2, 3]
    assert [c["line"] for c in f2["context"]] == [1, 2, 3]
    assert f2["highlight"] == [3, 12, 3, 25]
    assert f2["suggestion"]["after"] == ""


def test_long_line_is_clipped_around_the_highlight(project):
    line = "word " * 200 + "delivery slot" + " tail" * 100
    write(project, "emails/long.md", line + "\n")
    (f,) = build("emails/long.md")["findings"]
    row = f["context"][0]
    assert f["highlight"] == [1, 1001, 1, 1014]
    assert row["first_column"] == 1001 - report_data.LEAD
    assert row["clipped_left"] and row["clipped_right"]
    assert row["text"][report_data.LEAD:report_data.LEAD + 13] == "delivery slot"
    assert len(row["text"]) == report_data.MAX_LINE
    assert html.passage(f["context"], f["highlight"]).count("<mark>delivery slot</mark>") == 1


def test_multi_line_highlight_marks_each_line():
    ctx = [{"line": 4, "text": "one two", "first_column": 1}, {"line": 5, "text": "three four", "first_column": 1},
           {"line": 6, "text": "five", "first_column": 1}]
    out = html.passage(ctx, [4, 5, 5, 6])
    assert "one <mark>two</mark>" in out and "<mark>three</mark> four" in out
    assert out.count("<mark>") == 2  # nothing on line 6


def test_empty_report(project):
    write(project, "clean/ok.md", "Nothing to see.\n")
    data = build("clean")
    assert data["findings"] == [] and data["meta"]["counts"]["findings"] == 0
    page = html.render(data)
    assert "No findings: the checked content matches" in page
    assert 'class="card' not in page and 'id="filters"' not in page
    assert "No coverage table" in page and "No fact is stated" in page


SAMPLE_LOC = {"path": "emails/hostile.md", "line": 3, "column": 8, "channel": "email", "excerpt": "<i>x</i>"}


def test_coverage_and_drift_tables(project):
    data = build("emails")
    data["coverage"] = [
        {"promise": "free-trial", "text": "Try <it>", "source": "pricing", "status": "mixed",
         "channels": {"email": {"state": "mixed", "confirms": [dict(SAMPLE_LOC, line=1)],
                                "contradicts": [SAMPLE_LOC]},
                      "support": {"state": "silent", "confirms": [], "contradicts": []},
                      "ui": {"state": "confirms", "confirms": [dict(SAMPLE_LOC, path="ui.json", channel="ui")],
                             "contradicts": []}}},
        {"promise": "p2", "text": "t", "source": "", "status": "unconfirmed", "channels": {}},
    ]
    data["findings"].append(dict(data["findings"][0], id=1, code="VC303", kind="drift", rule={"name": "fact-drift",
                                                                                         "summary": ""}))
    data["drift"] = [{"fact": "trial length", "dimension": "duration", "distinct": ["14 days", "30 days"],
                      "values": [dict(SAMPLE_LOC, value="14 days"), dict(SAMPLE_LOC, path="b.md", value="30 days")]}]
    page = html.render(data)
    cov = page[page.index('<section id="coverage"'):page.index('<section id="drift"')]
    assert "<th scope=\"col\">email</th><th scope=\"col\">support</th><th scope=\"col\">ui</th>" in cov
    assert "<summary>✓ confirms (1) ✗ contradicts (1)</summary>" in cov
    assert '<a href="#f-0">emails/hostile.md:3</a>' in cov  # the contradicting passage is finding 0
    assert '<span class="where">emails/hostile.md:1</span>' in cov  # no finding there: no link
    assert "&lt;i&gt;x&lt;/i&gt;" in cov and "<i>x</i>" not in cov
    assert '<td class="cell cell-silent">silent</td>' in cov
    assert cov.count("<tr>") == 3  # header + 2 promises
    drift = page[page.index('<section id="drift"'):]
    assert '<span class="value">14 days</span> <span class="value">30 days</span>' in drift
    assert '<span class="value">30 days</span> <span class="where">b.md:3</span>' in drift
    assert '<span class="value">14 days</span> <a href="#f-1">emails/hostile.md:3</a>' in drift  # the drift card


def test_promise_and_evidence_rendering(project):
    data = build("emails")
    f = data["findings"][0]
    f.update(code="VC301", kind="contradiction", score=0.9876, promise="free-trial",
             evidence=[{"facet": "quantity", "detail": "promise: 30 <days>"}],
             promise_info={"id": "free-trial", "text": "Try <b>free</b>", "source": "pricing & plans"})
    c = card(html.render(data), 0)
    assert "<q>Try &lt;b&gt;free&lt;/b&gt;</q> <span class=\"source\">— pricing &amp; plans</span>" in c
    assert "<span class=\"label\">Score</span> 0.9876" in c
    assert "<span class=\"facet\">quantity</span> promise: 30 &lt;days&gt;" in c


def test_decision_shows_on_its_card(project):
    prep = cli.prepare(("emails",), ("brand.yaml",), None, True, ("VC1",))
    result = cli.run_checks(prep)
    store = DecisionStore(project / "voicecheck-decisions.yaml")
    f = result.report.findings[0]
    store.set(new_decision(store, f, result.sources[f.path], "dismissed", reason="intended",
                           note="<legal> said ok", by="Ana", at="2026-11-20"))
    store.save()
    code = cli.main(["report", "emails", "--vocab", "brand.yaml", "--isolated", "--select", "VC1", "-o", "r.html"])
    assert code == 0
    page = (project / "r.html").read_text()
    c = card(page, 0)
    assert 'data-state="dismissed"' in c
    assert ('<span class="state state-dismissed">dismissed</span> <span class="reason">intended</span> '
            '<q>&lt;legal&gt; said ok</q> <span class="muted">by Ana on 2026-11-20</span>') in c
    data = build("emails", store=DecisionStore.load(project / "voicecheck-decisions.yaml"))
    assert data["findings"][0]["decision"] == {"state": "dismissed", "reason": "intended",
                                               "note": "<legal> said ok", "by": "Ana", "at": "2026-11-20"}
    assert data["meta"]["counts"]["by_state"] == {"dismissed": 1}


# ---------------------------------------------------------------- the command

def test_report_command_writes_the_file(project, run_cli):
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    code, out, err = run_cli("report", ".", "--vocab", "brand.yaml", "--isolated", "--select", "VC1")
    assert (code, out) == (0, "")
    assert err == "Wrote 2 finding(s) to voicecheck-report.html\n"
    page = (project / "voicecheck-report.html").read_text()
    assert page.startswith("<!doctype html>") and page.count('<article class="card') == 2
    assert not re.search(r"""(src|href)=["'](https?:)?//""", page)  # nothing fetched from elsewhere
    assert {p: p.read_bytes() for p in before} == before  # content untouched
    # again, with the report inside the checked folder: it is not checked itself, and is overwritten
    code, _, err = run_cli("report", ".", "--vocab", "brand.yaml", "--isolated", "--select", "VC1")
    assert code == 0 and err == "Wrote 2 finding(s) to voicecheck-report.html\n"


def test_report_refuses_to_overwrite_a_content_file(project, run_cli):
    target = project / "emails" / "hostile.md"
    code, _, err = run_cli("report", ".", "--vocab", "brand.yaml", "--isolated", "-o", str(target))
    assert code == 2
    assert err == (f"error: {target}: exists and is not a voicecheck report; refusing to overwrite it "
                   f"(choose another -o file or delete it)\n")
    assert target.read_text() == HOSTILE


def test_report_usage_error_writes_nothing(project, run_cli):
    code, _, err = run_cli("report", ".", "--vocab", "missing.yaml", "--isolated", "-o", "r.html")
    assert code == 2 and err.startswith("error: missing.yaml")
    assert not (project / "r.html").exists()


def test_report_input_error_still_writes_the_report(project, run_cli):
    write(project, "locales/broken.json", '{\n  "a": "x",\n  "b": \n}\n')
    code, _, err = run_cli("report", ".", "--vocab", "brand.yaml", "--isolated", "--select", "VC1", "-o", "r.html")
    assert code == 2
    lines = err.splitlines()
    assert lines[0].startswith("error: locales/broken.json:4:1: invalid JSON")
    assert lines[-1] == "Wrote 2 finding(s) to r.html"
    page = (project / "r.html").read_text()
    assert '<section id="errors"' in page and "locales/broken.json:4:1: invalid JSON" in page
