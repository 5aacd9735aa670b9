"""What users of ruff, Vale and pre-commit expect: clear messages for a mistyped path,
the vocabulary named as a path, YAML syntax errors in brand.yaml; whole --help
summaries; one -o/--output; plain rule docs; long lines excerpted around the
finding; init, --statistics, the concise format, --show-settings, --stdin-filename."""
from __future__ import annotations


import yaml

from voicecheck.checks import registry
from voicecheck.findings import Finding, Report
from voicecheck.reporters import text

from .conftest import FIXTURES, ROOT, write

VOCAB = (FIXTURES / "rules" / "vocab.yaml").read_text()


def repo(tmp_path):
    write(tmp_path, "brand/brand.yaml", VOCAB)
    write(tmp_path, "voicecheck.yaml", "vocab: brand/brand.yaml\n")
    write(tmp_path, "emails/a.html", "<p>Dear customer, welcome!</p>\n")
    return tmp_path


def test_a_mistyped_path_is_one_error_line_and_nothing_else(tmp_path, run_cli):
    repo(tmp_path)
    code, out, err = run_cli("check", "emailz", cwd=tmp_path)
    assert (code, out) == (2, "")
    assert err == "error: emailz: no such file or folder\n"


def test_the_vocabulary_named_as_a_path_says_so(tmp_path, run_cli):
    repo(tmp_path)
    code, out, err = run_cli("check", "brand/brand.yaml", cwd=tmp_path)
    assert code == 0 and out == ""
    assert err.startswith("note: nothing to check: brand/brand.yaml (the vocabulary file): voicecheck never checks "
                          "its own vocabulary")
    assert run_cli("check", "brand/brand.yaml", "emails/a.html", cwd=tmp_path)[0] == 1  # the rest is checked


def test_a_yaml_syntax_error_in_brand_yaml_says_how_to_fix_it(tmp_path, run_cli):
    write(tmp_path, "brand.yaml", "brand: X\nterms:\n  - use: member\n    instead_of: [customer]\n"
                                  "    why: Members: people with an account\n")
    write(tmp_path, "a.md", "Hello.\n")
    code, _, err = run_cli("check", "a.md", "--vocab", "brand.yaml", "--isolated", cwd=tmp_path)
    assert code == 2
    assert err == ("error: brand.yaml:5: invalid YAML: mapping values are not allowed here; quote the value if it "
                   "contains ': '\n")


def test_help_summaries_are_whole_sentences(run_cli):
    for args in (("--help",), ("decisions", "--help")):
        code, out, _ = run_cli(*args)
        assert code == 0
        joined = " ".join(out.split("Commands:", 1)[1].split())
        assert "..." not in joined  # click's mark of a cut summary
    assert "rule Show the documentation of one rule (e.g. VC101). rules" in " ".join(run_cli("--help")[1].split())


def test_output_option_is_the_same_everywhere(tmp_path, run_cli):
    repo(tmp_path)
    for option in ("-o", "--output", "--output-file"):
        code, out, _ = run_cli("check", "emails", "--format", "json", option, "out.json", cwd=tmp_path)
        assert code == 1 and out == "" and (tmp_path / "out.json").read_text().startswith("{")
    _, help_check, _ = run_cli("check", "--help")
    _, help_report, _ = run_cli("report", "--help")
    assert "-o, --output" in help_check and "-o, --output" in help_report


def test_rule_docs_print_without_rst_literals(run_cli):
    for code in registry.RULES:
        _, out, _ = run_cli("rule", code)
        assert "``" not in out, code
    assert "`promises: {threshold, top-k, similarity-floor" in run_cli("rule", "VC301")[1]


def test_a_long_line_is_excerpted_around_the_finding(tmp_path, run_cli):
    key = "k" * 300
    write(tmp_path, "brand.yaml", VOCAB)
    write(tmp_path, "ui.json", '{"' + key + '": "Dear customer"}\n')
    code, out, _ = run_cli("check", "ui.json", "--vocab", "brand.yaml", "--isolated", cwd=tmp_path)
    assert code == 1
    lines = out.splitlines()
    shown, carets = lines[2], lines[3]
    at = carets.index("^")
    assert shown[at:at + 8] == "customer", (shown, carets)


def test_the_text_reporter_places_the_caret_in_a_cut_excerpt():
    f = Finding("a.json", 1, 306, 1, 314, "VC101", "vocabulary", "error", "Use member",
                excerpt="…" + "k" * 51 + '": "Dear customer"}', excerpt_from=245)
    out = text.render(Report([f]), quiet=True).splitlines()
    at = out[3].index("^")
    assert out[2][at:at + 8] == "customer"


def test_init_scaffolds_from_the_content(tmp_path, run_cli):
    write(tmp_path, "content/emails/a.html", "<p>Log in to your account. Forgot your login?</p>\n")
    write(tmp_path, "content/help/b.md", "Use the helpdesk or the help desk.\n")
    code, _, err = run_cli("init", "content", cwd=tmp_path)
    assert code == 0 and "Wrote content/voicecheck.yaml and content/brand.yaml (2 content files found)" in err
    config = yaml.safe_load((tmp_path / "content" / "voicecheck.yaml").read_text())
    assert config == {"vocab": "brand.yaml", "paths": ["emails", "help"]}
    brand = yaml.safe_load((tmp_path / "content" / "brand.yaml").read_text())
    assert brand["consistency"] == [["log in", "login"], ["help desk", "helpdesk"]]
    code, out, _ = run_cli("check", "--format", "concise", cwd=tmp_path / "content")
    assert code == 1 and "VC103 [warning]" in out
    code, _, err = run_cli("init", "content", cwd=tmp_path)  # never overwrites
    assert code == 2 and "already exists" in err


def test_statistics_count_findings_per_rule(tmp_path, run_cli):
    repo(tmp_path)
    write(tmp_path, "emails/b.html", "<p>Dear customer and user. Log in to Fixture Premium.</p>\n")
    code, out, _ = run_cli("check", "emails", "--statistics", cwd=tmp_path)
    assert code == 1
    assert out.splitlines() == ["4  VC101  banned-term            [error]   4 fixable",
                                "1  VC102  name-casing            [error]   1 fixable"]


def test_concise_format_is_one_line_per_finding(tmp_path, run_cli):
    repo(tmp_path)
    code, out, _ = run_cli("check", "emails", "--format", "concise", cwd=tmp_path)
    assert code == 1
    assert out.splitlines() == [
        'emails/a.html:1:9: VC101 [error] Use "member" instead of "customer" (People who use Fixture Co are '
        'members.)',
        "Found 1 finding (1 error; 1 fixable with --fix) in 1 file (1 string checked, 0 files skipped).",
    ]


def test_show_settings_prints_the_effective_settings(tmp_path, run_cli):
    repo(tmp_path)
    write(tmp_path, "voicecheck.yaml", "vocab: brand/brand.yaml\nignore: [VC103]\nfail-on: error\n")
    code, out, _ = run_cli("check", "--show-settings", cwd=tmp_path)
    assert code == 0
    data = yaml.safe_load(out)
    assert data["config"] == str(tmp_path / "voicecheck.yaml")
    assert data["vocab"] == ["brand/brand.yaml"] and data["fail-on"] == "error"
    assert "VC103" not in data["rules"] and "VC101" in data["rules"]
    from voicecheck.config import PROMISE_DEFAULTS

    assert data["promises"]["threshold"] == PROMISE_DEFAULTS["threshold"] and data["severity"]["VC101"] == "error"


def test_stdin_filename_checks_stdin_as_that_file(tmp_path, run_cli, monkeypatch):
    import io
    import sys

    repo(tmp_path)
    write(tmp_path, "voicecheck.yaml", "vocab: brand/brand.yaml\nper-file-ignores:\n  'legal/*': [VC101]\n")

    class Stdin(io.TextIOWrapper):
        pass

    def feed(data: str):
        monkeypatch.setattr(sys, "stdin", Stdin(io.BytesIO(data.encode())))

    feed("<p>Dear customer</p>\n<!-- Fixture Premium -->\n")
    code, out, _ = run_cli("check", "--stdin-filename", "emails/new.html", "--format", "concise", cwd=tmp_path)
    assert code == 1
    assert out.splitlines()[0].startswith('emails/new.html:1:9: VC101 [error] Use "member"')
    assert not (tmp_path / "emails" / "new.html").exists()
    feed("<p>Dear customer</p>\n")
    assert run_cli("check", "--stdin-filename", "legal/terms.html", cwd=tmp_path)[0] == 0  # its per-file ignores
    feed("x")
    code, _, err = run_cli("check", "--stdin-filename", "a.html", "emails", cwd=tmp_path)
    assert code == 2 and "give no PATHS" in err


def test_readme_says_the_demo_exits_1_and_it_does(run_cli):
    readme = (ROOT / "README.md").read_text()
    demo = readme.split("## The two commands", 1)[1].split("Run the test suite", 1)[0]
    assert "exits with code 1" in demo
    assert run_cli("check", str(ROOT / "corpora" / "demo"), "--vocab", str(ROOT / "vocab" / "fernway.yaml"),
                   "--select", "VC1")[0] == 1
