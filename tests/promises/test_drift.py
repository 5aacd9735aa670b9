"""VC303 fact drift on small real files: what is one fact, what is drift, what is not."""
from __future__ import annotations

import textwrap

import pytest

from voicecheck.checks import registry

from ..conftest import FIXTURES


def _write(root, files: dict[str, str]):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    (root / "brand.yaml").write_text(
        "brand: Tally\npromises:\n  - id: refunds\n    text: Refunds within 30 days, no questions asked.\n")


def _drift(run_json, root):
    code, data, err = run_json("content", "--vocab", "brand.yaml", "--select", "VC303", "--isolated", cwd=root)
    assert code in (0, 1), err
    return [(f["path"], f["line"], f["column"], f["message"]) for f in data["findings"]]


def test_trial_length_drift_across_email_ui_and_errors(run_json, tmp_path):
    _write(tmp_path, {
        "content/emails/welcome.html": """
            <html><body>
            <h1>Welcome, {{ first_name }}!</h1>
            <p>Your <strong>14-day</strong> free trial of Tally Pro starts today.</p>
            <p>Questions? Reply to this email.</p>
            </body></html>
            """,
        "content/locales/en.json": """
            {"billing": {"trial_cta": "Start your 30-day free trial",
                         "upgrade": "Upgrade to Pro"}}
            """,
        "content/errors/errors.po": """
            msgid "trial.expired"
            msgstr "Your free trial has ended. Choose a plan to keep your invoices."
            """,
    })
    found = _drift(run_json, tmp_path)
    assert [(p, line, col) for p, line, col, _ in found] == [
        ("content/emails/welcome.html", 3, 17), ("content/locales/en.json", 1, 39)]
    assert found[0][3] == ('Fact drift (trial length): "14 days" here, but 30 days at content/locales/en.json:1')


def test_reply_time_drift_between_macro_and_error_catalog(run_json, tmp_path):
    _write(tmp_path, {
        "content/support/macros.yaml": """
            - title: Slow reply
              body: "Sorry for the wait! Our team replies to every ticket within 2 business days."
            """,
        "content/errors/errors.json": """
            {"ticket_sent": "Ticket sent. Our team replies to tickets within 24 hours."}
            """,
    })
    found = _drift(run_json, tmp_path)
    assert [(p, line) for p, line, _, _ in found] == [("content/errors/errors.json", 1),
                                                      ("content/support/macros.yaml", 2)]
    assert "(reply time)" in found[0][3] and '"up to 24 hours" here' in found[0][3]


def test_support_hours_drift_and_a_window_without_hours_agrees(run_json, tmp_path):
    _write(tmp_path, {
        "content/emails/welcome.md": "Live chat is open 24/7 from the Help menu in the app.\n",
        "content/support/hours.md": "Live chat is staffed Monday to Friday, 9am to 6pm.\n",
    })
    found = _drift(run_json, tmp_path)
    assert [(p, line) for p, line, _, _ in found] == [("content/emails/welcome.md", 1), ("content/support/hours.md", 1)]
    assert "(chat hours)" in found[0][3]

    (tmp_path / "content/emails/welcome.md").write_text("Live chat is open Monday to Friday from the Help menu.\n")
    assert _drift(run_json, tmp_path) == []  # no hours given: consistent with 9am to 6pm


@pytest.mark.parametrize("files", [
    # the same value, said differently
    {"content/emails/a.md": "Your free trial lasts 14 days.\n",
     "content/locales/en.json": '{"t": "Start your 14-day free trial today"}\n'},
    # a countdown is meant to differ
    {"content/emails/a.md": "Your 14-day free trial starts today.\n",
     "content/locales/en.json": '{"t": "Only 3 days left in your free trial"}\n'},
    # two plans, two prices
    {"content/emails/a.md": "Tally Pro costs $19 a month.\n",
     "content/locales/en.json": '{"t": "Tally Plus costs $9 a month"}\n'},
    # two values in one sentence
    {"content/emails/a.md": "A $4.99 delivery fee applies to orders under $35.\n"},
    # different facts that share a unit: a refund window is not a trial length
    {"content/emails/a.md": "Your free trial lasts 14 days.\n",
     "content/support/b.md": "You can ask for a refund within 30 days of payment.\n"},
    # a value inside the other's range agrees with it
    {"content/emails/a.md": "Most recipes take 20 to 40 minutes, start to finish.\n",
     "content/emails/b.md": "Two new 20-minute recipes are on the menu this week.\n"},
    # list items: each label is its own plan
    {"content/support/a.md": "- Plus: Up to 5 members per space\n- Enterprise: Up to 100 members per space\n"},
    # a hypothetical is not a statement of the fact
    {"content/emails/a.md": "Your free trial lasts 14 days.\n",
     "content/support/b.md": "If you cancel your trial within 7 days, we delete your data.\n"},
    # limits of two fields: what each limit is about differs ("must not exceed" is the limit, not its subject)
    {"content/locales/en.json": '{"a": "Label name should not exceed 255 characters",'
                                ' "b": "Workspace name should not exceed 80 characters"}\n'},
    # a bound with filler words: a minimum and a maximum of one field are two facts
    {"content/locales/en.json": '{"a": "Project ID must at least be of 1 character",'
                                ' "b": "Project ID must at most be of 5 characters"}\n'},
    # a day named in passing is when something happens, not a service's hours
    {"content/support/a.md": "Live chat is staffed Monday to Friday, 9am to 6pm.\n",
     "content/emails/b.md": "Send the chat team a note and they will pick it up on Monday.\n"},
    # settings that name days, with no channel or service word, are no service's hours either
    {"content/locales/en.json": '{"a": "Workday added successfully.",'
                                ' "b": "Add recurring holidays such as weekends."}\n'},
    # an amount said without a number is a guess, not a value that can drift
    {"content/emails/a.md": "Refunds reach your card within 3 business days.\n",
     "content/support/b.md": "Refunds over $5 reach your card within a few days.\n"},
    # one sentence with two values of one kind illustrates; it states neither as the fact
    {"content/locales/en.json": '{"a": "One cycle can be 2 weeks, the next 1 week.",'
                                ' "b": "Cycle duration cannot exceed 30 weeks."}\n'},
])
def test_look_alikes_are_not_drift(run_json, tmp_path, files):
    _write(tmp_path, files)
    assert _drift(run_json, tmp_path) == []


def test_values_said_in_other_words_are_shown_alike(run_json, tmp_path):
    _write(tmp_path, {
        "content/emails/stats.md": "Tally keeps your reports for two full years, so you can compare seasons.\n",
        "content/locales/en.json": '{"reports": "Reports are kept for 12 months."}\n',
    })
    found = _drift(run_json, tmp_path)
    assert [(p, line) for p, line, _, _ in found] == [("content/emails/stats.md", 1), ("content/locales/en.json", 1)]
    assert found[0][3] == 'Fact drift (report length): "2 years" here, but 12 months at content/locales/en.json:1'


def test_content_without_competing_values_loads_no_model(tmp_path, monkeypatch):
    from voicecheck.nlp import embeddings
    from voicecheck.promises import drift
    from voicecheck.segments import SourceFile
    from voicecheck.sources import parse

    def boom(*_a, **_k):
        raise AssertionError("embedding model used")

    monkeypatch.setattr(embeddings, "embed", boom)
    src = SourceFile(path="a.md", text="Your trial lasts 14 days.\n\nRefunds take 5 business days.\n", channel="email")
    segments = parse(src).segments
    assert drift.detect(segments, "unused", None) == []


def _every_pair(found) -> list[tuple[int, int]]:
    """The pairs as detect first found them: every statement against every later one."""
    from voicecheck.promises import drift

    n = len(found)
    return [(i, j) for i in range(n) for j in range(i + 1, n) if drift._comparable(found[i], found[j])]


def _corpus_statements():
    """The statements of every brand of the drift corpus (tests/fixtures/drift), read as the bench reads them."""
    from voicecheck.config import Settings
    from voicecheck.discover import discover
    from voicecheck.engine import default_cache_dir, parse_files
    from voicecheck.promises import drift
    from voicecheck.promises.passages import passages

    segments = []
    for brand_dir in sorted(p for p in (FIXTURES / "drift").iterdir() if p.is_dir()):
        settings = Settings(root=brand_dir)
        parsed, _ = parse_files(discover(["content"], settings, brand_dir).files, settings)
        segments += [s for p in parsed for s in p.segments]
    return drift.statements(passages(segments), "", default_cache_dir())


def test_indexed_pairs_are_those_of_every_pair():
    from voicecheck.promises.drift import _candidate_pairs

    found = _corpus_statements()
    # the corpus holds counts whose only shared word is the noun they count, which _comparable leaves out
    assert any(a.key == b.key and a.keys & b.keys == {a.counted} for n, a in enumerate(found) for b in found[n + 1:])
    for order in (found, found[::-1], found[1::2] + found[::2], found * 2):
        expected = _every_pair(order)
        assert expected and _candidate_pairs(order) == expected


@pytest.mark.parametrize("sentences", [
    # six lengths of six different things
    ["Your free trial lasts 14 days.", "Refunds take 5 business days.", "Deliveries arrive within 3 days.",
     "Reports are kept for 30 days.", "Password links expire after 2 days.", "Backups are stored for 90 days."],
    # four limits that share only the noun they count, which says what is counted, not what the limit is for
    ["Invite up to 5 members to a space.", "Each project can have up to 10 members.",
     "A team holds at most 20 members.", "Workspaces allow up to 8 members."],
])
def test_statements_that_share_no_word_are_not_compared(monkeypatch, sentences):
    from voicecheck.promises import drift
    from voicecheck.promises.passages import passages
    from voicecheck.segments import SourceFile
    from voicecheck.sources import parse

    src = SourceFile(path="a.md", text="\n\n".join(sentences) + "\n", channel="email")
    found = drift.statements(passages(parse(src).segments))
    n = len(sentences)
    assert len(found) == n and len({s.key for s in found}) == 1  # one kind of value, said of different things
    assert not any((a.keys & b.keys) - {a.counted} for k, a in enumerate(found) for b in found[k + 1:])
    calls = []
    comparable = drift._comparable
    monkeypatch.setattr(drift, "_comparable", lambda a, b: calls.append((a, b)) or comparable(a, b))
    assert drift._candidate_pairs(found) == [] and calls == []
    assert _every_pair(found) == [] and len(calls) == n * (n - 1) // 2


def test_vc303_runs_by_default_but_vc302_is_opt_in():
    assert "VC303" in registry.expand(["ALL"]) and "VC303" in registry.expand(["VC3"])
    assert "VC302" not in registry.expand(["ALL"]) and "VC302" not in registry.expand(["VC30"])
    assert registry.expand(["VC302"]) == {"VC302"}
