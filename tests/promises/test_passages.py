"""Passages: the sentences promise checks judge, cut from real files with their positions."""
from __future__ import annotations

from voicecheck.config import Settings
from voicecheck.discover import discover
from voicecheck.engine import parse_files
from voicecheck.promises.passages import passages

MACROS = """macros:
  - name: "Follow-ups"
    body: |
      Hi {{ticket.requester.first_name}},

      We'll do our best to book your follow-up with the same clinician, but it depends on their schedule.

      You'll see who you're booked with
      on the confirmation screen before you pay.
"""


def _passages(tmp_path, name: str, text: str):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / name).write_text(text, encoding="utf-8")
    settings = Settings(root=tmp_path)
    parsed, errors = parse_files(discover(["content"], settings, tmp_path).files, settings)
    assert not errors
    return passages([s for p in parsed for s in p.segments])


def test_a_blank_line_ends_a_sentence_and_the_salutation_stays_out(tmp_path):
    found = _passages(tmp_path, "macros.yaml", MACROS)
    texts = [p.text for p in found]
    assert texts[0] == "We'll do our best to book your follow-up with the same clinician, but it depends on their schedule."
    # the finding's line is the paragraph's, not the salutation's
    first = found[0]
    assert first.segment.position(first.start).line == 6
    # a line break inside a paragraph is no sentence break
    assert texts[1] == "You'll see who you're booked with on the confirmation screen before you pay."
    assert not any(t.startswith("Hi") for t in texts)  # "Hi {{name}}," alone is too short to judge


def test_a_run_on_blob_is_read_in_pieces_of_bounded_length(tmp_path):
    from voicecheck.promises.passages import MAX_WORDS

    words = ("refund within thirty days support by phone or chat " * 40).split()  # 360 words, no full stop
    found = _passages(tmp_path, "blob.md", " ".join(words) + "\n")
    assert len(found) == 3
    assert all(len(p.text.split()) <= MAX_WORDS for p in found)
    assert " ".join(p.text.strip() for p in found) == " ".join(words)  # nothing lost, nothing repeated


PLANS = """# Compare plans

| | Starter | Teams | Business |
|---|---|---|---|
| Shared vaults | 3 | Unlimited | Unlimited |
| Single sign-on (SAML, OIDC) | Not included | Included | Included |

| Item | Amount |
|---|---|
| Early termination charge | £75.00 |
"""


def test_a_comparison_table_says_each_cell_of_its_column(tmp_path):
    found = {p.text: p for p in _passages(tmp_path, "plans.md", PLANS) if p.row}
    assert found["Shared vaults"].for_model == \
        "Shared vaults: 3 shared vaults on Starter, Unlimited on Teams, Unlimited on Business"
    assert found["Single sign-on (SAML, OIDC)"].for_model == \
        "Single sign-on (SAML, OIDC): Not included on Starter, Included on Teams, Included on Business"
    # a label table (its header has no blank corner) keeps its cells as they are
    assert found["Early termination charge"].for_model == "Early termination charge: £75.00"
    # header lines name columns: they are not passages
    assert not any(p.startswith(("Starter", "Item")) for p in found)
    line = found["Shared vaults"].segment.position(found["Shared vaults"].start).line
    assert line == 5  # the finding still points at the row's own line


PLANS_HTML = """<p>Compare plans:</p>
<table>
  <tr><th></th><th>Starter</th><th><b>Teams</b></th></tr>
  <tr><td>Single sign-on</td><td>Not included</td><td>Included</td></tr>
  <tr><td>Shared vaults</td><td>3</td><td>Unlimited</td></tr>
</table>
<table>
  <tr><th>Item</th><th>Amount</th></tr>
  <tr><td>Early termination charge</td><td>£75.00</td></tr>
</table>
"""


def test_an_html_comparison_table_says_each_cell_of_its_column(tmp_path):
    found = _passages(tmp_path, "plans.html", PLANS_HTML)
    rows = {p.text: p for p in found if p.row}
    assert rows["Single sign-on"].for_model == "Single sign-on: Not included on Starter, Included on Teams"
    assert rows["Shared vaults"].for_model == "Shared vaults: 3 shared vaults on Starter, Unlimited on Teams"
    assert rows["Early termination charge"].for_model == "Early termination charge: £75.00"
    # the header rows name columns: no passages
    assert not any(p.text.strip() in ("Starter", "Teams", "Item", "Amount") for p in found)
    assert rows["Single sign-on"].segment.position(rows["Single sign-on"].start).line == 4


def test_table_reading_asks_each_line_a_bounded_number_of_times(tmp_path, monkeypatch):
    """Cost stays linear: a long table's rows don't each walk up to its header, and a minified
    file's thousands of cells on one line don't each scan that line again."""
    from voicecheck.segments import SourceFile

    rows = "\n".join(f"| Feature {i} | {i} | Included |" for i in range(2000))
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "plans.md").write_text(f"| | Starter | Teams |\n|---|---|---|\n{rows}\n", encoding="utf-8")
    cells = "".join(f"<td>Cell {i} here</td><td>Value {i}</td></tr><tr>" for i in range(2000))
    (tmp_path / "content" / "min.html").write_text(f"<table><tr>{cells}</tr></table>\n", encoding="utf-8")
    settings = Settings(root=tmp_path)
    parsed, errors = parse_files(discover(["content"], settings, tmp_path).files, settings)
    assert not errors
    calls = []
    real = SourceFile.line_text
    monkeypatch.setattr(SourceFile, "line_text", lambda self, *a, **k: calls.append(1) or real(self, *a, **k))
    for p in parsed:
        calls.clear()
        found = passages(p.segments)
        lines = p.source.line_count
        assert len(calls) <= 8 * lines, (p.source.path, len(calls), lines)
        if p.source.path.endswith("plans.md"):
            assert len([x for x in found if x.row]) == 2000
