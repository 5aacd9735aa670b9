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
                               "after": " now </pre><script>alert(1)</script> & enjoy.",
                               "reader": ["Pick a ", " now alert(1) & enjoy."]}  # the sentence as a reader reads it
    # the passage as a reader sees it: the markdown paragraph, flagged sentence first, the next one as context
    assert [(p["text"], p["mark"], p["ctx"]) for p in f["reader"]["pieces"]] == [
        ("Pick a ", False, False), ("delivery slot", True, False), (" now alert(1) & enjoy.", False, False),
        (" Line four.", False, True)]
    assert f["reader"]["clipped_right"] and not f["reader"]["clipped_left"]
    assert f["state"] == "needs-decision" and f["rewrite"] is None
    # the source lines, markup marked as such
    flagged = next(row for row in f["context"] if row["line"] == 3)
    assert [(r["text"], r["kind"], r["mark"]) for r in flagged["runs"]] == [
        ("Pick a ", "text", False), ("delivery slot", "text", True), (" now ", "text", False),
        ("</pre><script>", "markup", False), ("alert(1)", "text", False), ("</script>", "markup", False),
        (" & enjoy.", "text", False)]
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
    # the passage as a reader sees it, and the source lines with the markup dimmed: both escaped
    assert '<p class="reader">Pick a <mark>delivery slot</mark> now alert(1) &amp; enjoy.' in c
    assert ('<mark>delivery slot</mark> now <span class="mk">&lt;/pre&gt;&lt;script&gt;</span>alert(1)'
            '<span class="mk">&lt;/script&gt;</span> &amp; enjoy.') in c
    assert '<span class="mk">&lt;script&gt;alert(&#34;context&#34;)&lt;/script&gt;</span>' in c
    assert "We say &#34;delivery window&#34; &lt;always&gt;." in c
    assert "<title>Acme &lt;Corp&gt; content review: 2 findings</title>" in page
    assert '<span class="fixed">Pick a <ins>delivery window</ins> now alert(1) &amp; enjoy.</span>' in c  # the fix
    # nothing from the content is left unescaped anywhere: every "<" in the page is one of the page's own tags
    tags = set(re.findall(r"<(/?[a-z0-9]+)", page))
    assert tags <= {"!doctype", *{t for name in OWN_TAGS for t in (name, "/" + name)}}, tags - set(OWN_TAGS)


OWN_TAGS = ("html", "head", "meta", "link", "title", "style", "body", "main", "header", "h1", "h2", "p", "code", "nav",
            "a", "section", "span", "form", "label", "select", "option", "button", "output", "div", "table",
            "caption", "tbody", "tr", "th", "td", "kbd", "article", "mark", "details", "summary", "pre", "ins", "del",
            "q", "ul", "li", "aside", "strong", "dl", "dt", "dd", "script", "thead", "fieldset", "legend", "input")


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
    assert "<span class=\"facet\">amount</span> promise: 30 &lt;days&gt;" in c  # "quantity" in plain words


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


# ---------------------------------------------------------------- links to the file: review.open-url

def test_open_url_links_each_card_to_its_file_at_the_line(project, run_cli):
    write(project, "voicecheck.yaml", 'vocab: brand.yaml\nselect: [VC1]\nreview:\n'
                                      '  open-url: "https://git.example.com/org/repo/blob/main/{path}#L{line}"\n')
    write(project, "emails/with space.md", "Pick a delivery slot & go.\n")
    assert run_cli("report", "emails", "-o", "r.html")[0] == 0
    page = (project / "r.html").read_text()
    assert ('<a class="loc" href="https://git.example.com/org/repo/blob/main/emails/with%20space.md#L1" '
            'rel="noreferrer noopener"') in page
    write(project, "voicecheck.yaml", 'vocab: brand.yaml\nselect: [VC1]\nreview: {open-url: "vscode://file/{abspath}:'
                                      '{line}:{column}"}\n')
    assert run_cli("report", "emails", "-o", "r.html")[0] == 0
    page = (project / "r.html").read_text()
    where = (project / "emails" / "hostile.md").as_posix()
    assert f'href="vscode://file/{where}:3:8"' in page


@pytest.mark.parametrize("review,message", [
    ('review: "vscode://file/{abspath}"', "review: must be a mapping"),
    ('review: {open-link: "x"}', "review: unknown setting 'open-link' (expected open-url)"),
    ('review: {open-url: 3}', "review: open-url: must be a URL template"),
    ('review: {open-url: "vscode://file/{file}:{line}"}',
     "review: open-url: unknown placeholder {file} (use {path}, {abspath}, {line}, {column})"),
    ('review: {open-url: "vscode://file/{abspath}"}',
     "review: open-url: must name the file and the line: {path} or {abspath}, and {line}"),
    ('review: {open-url: "https://x/{path}#L{line"}', "review: open-url: expected '}' before end of string"),
    ('review: {open-url: "javascript:alert({path}{line})"}', "review: open-url: the javascript: scheme is not allowed"),
    ('review: {open-url: "/files/{path}#L{line}"}', "review: open-url: must start with a URL scheme"),
    ('review: {open-url: "https://x/{path}#L{line:d}"}', "review: open-url: placeholders take no format spec"),
])
def test_open_url_errors_are_one_line_with_file_and_line(project, run_cli, review, message):
    write(project, "voicecheck.yaml", f"vocab: brand.yaml\nselect: [VC1]\n{review}\n")
    code, out, err = run_cli("report", "emails", "-o", "r.html")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith(f"error: {project / 'voicecheck.yaml'}:3: {message}"), err
    assert not (project / "r.html").exists()


# ---------------------------------------------------------------- what writers read

def test_reader_view_hides_markup_and_shows_placeholders_as_chips(project):
    write(project, "emails/tpl.html", "<p>Hi {{ first_name }}, pick a <b>delivery</b>\n  slot now. Thanks!</p>\n")
    (f,) = build("emails/tpl.html")["findings"]
    assert f["highlight"] == [1, 35, 2, 7]  # "delivery</b>\n  slot": the whole span, over two lines
    pieces = f["reader"]["pieces"]
    assert "".join(p["text"] for p in pieces) == "Hi first_name, pick a delivery slot now. Thanks!"
    assert [p for p in pieces if p["ph"]] == [{"text": "first_name", "mark": False, "ph": True,
                                               "raw": "{{ first_name }}", "ctx": False}]
    assert [p["text"] for p in pieces if p["mark"]] == ["delivery slot"]
    assert [p["text"] for p in pieces if p["ctx"]] == [" Thanks!"]
    c = card(html.render(build("emails/tpl.html")), 0)
    assert ('<p class="reader">Hi <span class="ph" title="{{ first_name }}">first_name</span>, pick a '
            '<mark>delivery slot</mark> now.<span class="ctx"> Thanks!</span></p>') in c
    # the source lines: both flagged lines marked, tags dimmed, the placeholder tinted
    assert ('<span class="mk">&lt;p&gt;</span>Hi <span class="phs">{{ first_name }}</span>, pick a '
            '<span class="mk">&lt;b&gt;</span><mark>delivery<span class="mk">&lt;/b&gt;</span></mark>') in c
    assert '<mark>  slot</mark> now. Thanks!<span class="mk">&lt;/p&gt;</span>' in c


def test_reader_view_of_a_long_paragraph_is_clipped_around_the_flag(project):
    text = " ".join(f"Sentence number {i} is here." for i in range(60))
    write(project, "emails/long.md", text + " Now pick a delivery slot please. " + text + "\n")
    (f,) = build("emails/long.md")["findings"]
    r = f["reader"]
    shown = "".join(p["text"] for p in r["pieces"])
    assert r["clipped_left"] and r["clipped_right"] and len(shown) <= 480
    assert "Now pick a delivery slot please." in shown
    assert shown.split(" ")[0] and not shown.startswith(" ")  # cut at a word boundary


def test_needs_a_decision_is_not_left_open(project):
    prep = cli.prepare(("emails", "locales"), ("brand.yaml",), None, True, ("VC1",))
    result = cli.run_checks(prep)
    store = DecisionStore(project / "voicecheck-decisions.yaml")
    f = result.report.findings[0]
    store.record(new_decision(store, f, result.sources[f.path], "open", by="Ana"))
    page = html.render(report_data.build(prep, result, store))
    first, second = card(page, 0), card(page, 1)
    assert 'data-state="open"' in first and '<span class="state state-open">left open</span>' in first
    assert ('data-state="needs-decision"' in second
            and '<span class="state state-needs-decision">needs a decision</span>' in second)
    assert '<option value="needs-decision" data-label="needs a decision">needs a decision (1)</option>' in page
    assert '<option value="open" data-label="left open">left open (1)</option>' in page


def test_evidence_once_each_in_plain_words(project):
    data = build("emails")
    f = data["findings"][0]
    f.update(code="VC301", kind="contradiction", score=0.99, promise="free-trial",
             message='Contradicts promise "free-trial" (Try it): promise: free; passage: fee',
             evidence=[{"facet": "cost", "detail": "promise: free; passage: fee"},
                       {"facet": "cost", "detail": "promise:  free;  passage: FEE"},
                       {"facet": "cost", "detail": "promise: free; passage: $4.99"},
                       {"facet": "model", "detail": "P(contradiction) = 0.97"},
                       {"facet": "retrieval", "detail": "similarity 0.54 (rank 2)"}])
    c = card(html.render(data), 0)
    assert c.count("<li>") == 4
    assert ("<li><span class=\"facet\">cost</span> the promise says “free”; this passage says “fee”</li>"
            "<li><span class=\"facet\">cost</span> the promise says “free”; this passage says “$4.99”</li>"
            "<li><span class=\"facet\">model</span> the contradiction model rates this 97% likely to contradict "
            "the promise</li><li><span class=\"facet\">match</span> the promise ranked 2 by closeness to this "
            "passage (similarity 0.54)</li>") in c
    # the message does not repeat the evidence line it ends with
    assert '<p class="message">Contradicts promise &#34;free-trial&#34; (Try it)</p>' in c
