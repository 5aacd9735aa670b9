"""`voicecheck vocab import` and `voicecheck vocab check`.

The round trip: a Vale substitution rule and a textlint-rule-prh dictionary (each over 30
entries, tests/fixtures/vocab_import) are imported, and voicecheck with the imported terms
must find on a corpus exactly the occurrences the tools' own matching finds there. That
matching is reproduced here as each tool defines it (Vale: the swap keys joined into
``\\b(?:(key1)|(key2)…)\\b``, case-insensitive with ``ignorecase``, a match equal to its
replacement skipped; prh: each rule's patterns, plain strings literal and case-sensitive,
``/re/flags`` as written, ``\\b`` around them with ``wordBoundary``, every casing of
``expected`` for a rule without patterns, a match equal to ``expected`` skipped), run on the
text voicecheck reads from each file. voicecheck also matches inflected forms the tools
miss (inflections.md): those are the only difference.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from voicecheck.sources import parse, read_source
from voicecheck.vocab import load_vocabulary

from .conftest import FIXTURES

HERE = FIXTURES / "vocab_import"
CORPUS = HERE / "corpus"
VALE = HERE / "styles" / "Larkin" / "Terms.yml"
PRH = HERE / "prh.yml"
#: Inflected forms that voicecheck matches and the tools' literal patterns don't.
ONLY_VOICECHECK = {("inflections.md", "logged on"), ("inflections.md", "utilized"),
                   ("inflections.md", "leveraging"), ("inflections.md", "dashboards")}


def _segments():
    for path in sorted(CORPUS.glob("*.md")):
        yield path.name, parse(read_source(path, path.name)).segments


def _spans(rx_rules) -> set[tuple[str, int, int, int, str]]:
    """(file, line, column, end column, text) of every match of ``rx_rules``: (regex, expected, ignorecase)."""
    out = set()
    for name, segments in _segments():
        for seg in segments:
            for rx, expected, ignorecase in rx_rules:
                for m in rx.finditer(seg.text):
                    observed = m.group(0)
                    if (observed.lower() == expected.lower()) if ignorecase else observed == expected:
                        continue
                    span = seg.source_span(m.start(), m.end())
                    start, end = seg.source.position(span.start), seg.source.position(span.end)
                    out.add((name, start.line, start.column, end.column, observed))
    return out


def vale_matches(style: Path) -> set:
    rule = yaml.safe_load(style.read_text(encoding="utf-8"))
    flags = re.IGNORECASE if rule.get("ignorecase") else 0
    exceptions = [re.compile(rf"\b(?:{e})\b", re.IGNORECASE) for e in rule.get("exceptions", [])]
    keys, expected = [], []
    for key, value in rule["swap"].items():
        try:
            re.compile(key)
        except re.error:
            continue
        if not value or any(c in key for c in ("(?<", "\\w", "^")):
            continue  # the patterns voicecheck reports as not carried over
        keys.append(key)
        expected.append(str(value).split("|")[0])
    rx = re.compile(r"\b(?:" + "|".join(f"({k})" for k in keys) + r")\b", flags)
    out = set()
    for name, segments in _segments():
        for seg in segments:
            for m in rx.finditer(seg.text):
                group = next(i for i in range(1, len(keys) + 1) if m.group(i) is not None)
                observed, want = m.group(0), expected[group - 1]
                if ((observed.lower() == want.lower()) if flags else observed == want) or \
                        any(x.search(observed) for x in exceptions):
                    continue
                span = seg.source_span(m.start(), m.end())
                start, end = seg.source.position(span.start), seg.source.position(span.end)
                out.add((name, start.line, start.column, end.column, observed))
    return out


def prh_matches(dictionary: Path) -> set:
    rules = []
    for rule in yaml.safe_load(dictionary.read_text(encoding="utf-8"))["rules"]:
        if "regexpMustEmpty" in rule:
            continue
        patterns = rule.get("patterns") or ([rule["pattern"]] if "pattern" in rule else None)
        boundary = (rule.get("options") or {}).get("wordBoundary", False)
        expected = rule["expected"]
        if patterns is None:  # every casing of expected
            body, flags = re.escape(expected), re.IGNORECASE
            rxs = [(body, flags)]
        else:
            rxs = []
            for p in patterns:
                m = re.fullmatch(r"/(.*)/([gimuy]*)", p)
                rxs.append((m.group(1), re.IGNORECASE if "i" in m.group(2) else 0) if m else (re.escape(p), 0))
        for body, flags in rxs:
            if "\\w" in body:
                continue  # reported as not carried over
            rules.append((re.compile(rf"\b(?:{body})\b" if boundary else body, flags), expected, False))
    return _spans(rules)


def voicecheck_matches(run_json, vocab: Path) -> set:
    code, data, err = run_json(*sorted(str(p) for p in CORPUS.glob("*.md")), "--vocab", str(vocab), "--isolated",
                               "--select", "VC1")
    assert code == 1, err
    out = set()
    for f in data["findings"]:
        name = Path(f["path"]).name
        line = (CORPUS / name).read_text(encoding="utf-8").split("\n")[f["line"] - 1]
        out.add((name, f["line"], f["column"], f["end_column"], line[f["column"] - 1:f["end_column"] - 1]))
    return out


def _import(run_cli, source: Path, out: Path) -> str:
    code, stdout, err = run_cli("vocab", "import", str(source), "-o", str(out))
    assert code == 0, err
    return err


@pytest.mark.parametrize("source,tool,extra", [
    (VALE, vale_matches, ONLY_VOICECHECK | {("inflections.md", "signing on")}),  # Vale bans "sign on", prh doesn't
    (PRH, prh_matches, ONLY_VOICECHECK),
], ids=["vale", "prh"])
def test_imported_terms_find_what_the_tool_finds(tmp_path, run_cli, run_json, source, tool, extra):
    entries = (yaml.safe_load(source.read_text(encoding="utf-8")).get("swap") or
               yaml.safe_load(source.read_text(encoding="utf-8")).get("rules"))
    assert len(entries) >= 30
    _import(run_cli, source, tmp_path / "brand.yaml")
    theirs = tool(source)
    ours = voicecheck_matches(run_json, tmp_path / "brand.yaml")
    assert len(theirs) >= 40  # the corpus exercises the rules
    assert theirs <= ours, sorted(theirs - ours)
    assert {(name, text) for name, *_, text in ours - theirs} == extra


def test_vale_import_lists_what_it_cannot_carry_over(tmp_path, run_cli):
    err = _import(run_cli, VALE, tmp_path / "brand.yaml")
    assert "styles/Larkin/Terms.yml:44: 'obviously' is swapped for nothing" in err.replace(str(HERE) + "/", "")
    for pattern, why in [("(?<!pre)order form", "a lookahead or lookbehind"), ("\\w+ly simple", "\\w (any word"),
                         ("^Note:", "an anchor")]:
        assert f"pattern '{pattern}' is not carried over: {why}" in err
    assert "'very (?:good|nice|great)' suggests 2 terms (excellent, great): imported with the first" in err
    assert "Terms.yml:39: every phrase of 'Larkin Cloud Dashboard' holds one of the exceptions" in err
    assert "Terms.yml:8: exception 'customer success' never holds a whole match of this rule" in err
    assert err.strip().endswith("Imported 32 terms (52 banned forms) from 1 file; 7 note(s) above on what was not "
                                "carried over.")
    vocab = load_vocabulary(tmp_path / "brand.yaml")
    member = next(t for t in vocab.terms if t.use == "member")
    assert (member.instead_of, member.severity, member.case_sensitive) == (("customer",), "warning", False)
    assert next(t for t in vocab.terms if t.use == "Wi-Fi").instead_of == ("wifi",)  # "wi-fi" is Wi-Fi itself
    assert next(t for t in vocab.terms if t.use == "sign in").instead_of == ("logon", "log on", "signon", "sign on")


def test_prh_import_keeps_case_where_prh_does(tmp_path, run_cli):
    err = _import(run_cli, PRH, tmp_path / "brand.yaml")
    vocab = load_vocabulary(tmp_path / "brand.yaml")
    terms = {t.use: t for t in vocab.terms}
    assert terms["GitHub"].case_sensitive and terms["GitHub"].instead_of == ("github", "GITHUB", "Github")
    assert terms["use"].case_sensitive and terms["use"].instead_of == ("utilize", "Utilize", "leverage", "Leverage")
    assert not terms["member"].case_sensitive and terms["member"].why == "People with an account are members."
    assert "regexpMustEmpty ($1) is not carried over; the rule for '事' is left out" in err
    assert "prh flags every other casing of 'Larkin Cloud'" in err


def test_terminology_import(tmp_path, run_cli):
    err = _import(run_cli, HERE / "terminology.jsonc", tmp_path / "brand.yaml")
    vocab = load_vocabulary(tmp_path / "brand.yaml")
    assert [(t.use, t.instead_of, t.case_sensitive) for t in vocab.terms] == [
        ("GitHub", ("github", "GITHUB", "Github"), True),
        ("JavaScript", ("javascript", "JAVASCRIPT", "Javascript"), True),
        ("Node.js", ("Nodejs",), False),
        ("announcement", ("email blast", "e-mail blast"), False),
        ("sign in", ("logon", "log on", "signon", "sign on"), False),
        ("site", ("website", "web site"), False),
    ]
    assert "terminology.jsonc:8: pattern 'front[- ]end(\\w*)' is not carried over" in err
    assert "terminology.jsonc:9: pattern '(?<!pre)order form' is not carried over" in err


def test_import_to_stdout_and_several_files_at_once(run_cli):
    code, out, err = run_cli("vocab", "import", str(VALE), str(HERE / "terminology.jsonc"))
    assert code == 0, err
    data = yaml.safe_load(out)
    assert len(data["terms"]) == 38 and out.startswith("# Imported by `voicecheck vocab import` from ")
    assert "Imported 35 terms" in err  # "sign in", "announcement" and "site" merged across the files


@pytest.mark.parametrize("text,name,message", [
    ("extends: existence\ntokens: [foo]\n", "Rule.yml",
     "Rule.yml:1: extends: 'existence' is not a substitution rule; voicecheck vocab import reads Vale rules with "
     "'extends: substitution' and a 'swap:' map"),
    ("version: 1\nrules: nope\n", "prh.yml", "prh.yml:1: no 'rules:' list (a prh dictionary has rules of 'expected' "
                                             "and 'patterns')"),
    ('["a", ', "terms.json", "terms.json:1: invalid JSON: Expecting value; fix it or strip it to the terms list"),
    ("hello: world\n", "notes.yml", "notes.yml: not a Vale substitution rule, prh dictionary or terminology list; "
                                    "name the format with --format vale|prh|terminology"),
])
def test_an_unreadable_file_is_one_error_line(tmp_path, run_cli, text, name, message):
    (tmp_path / name).write_text(text, encoding="utf-8")
    code, out, err = run_cli("vocab", "import", name, cwd=tmp_path)
    assert code == 2 and out == "" and err == f"error: {message}\n"


def test_vocab_check_shows_every_spelling(tmp_path, run_cli):
    shutil.copy(FIXTURES / "fixes" / "project" / "brand.yaml", tmp_path / "brand.yaml")
    code, out, err = run_cli("vocab", "check", "brand.yaml", cwd=tmp_path)
    assert code == 0, err
    assert "brand.yaml:6: sign in\n  instead of log in: log in, logged in, logging in, logs in\n" \
           "  instead of login: login, logins\n" in out
    assert "  instead of disburse: disburse, disbursed, disburses, disbursing\n" in out
    assert "brand.yaml:27: organization  [no fixes: the preferred term holds a banned form]\n" in out
    assert ("warning: brand.yaml:27: the preferred term 'organization' holds a banned form ('space' bans "
            "'organization'): its findings get no fix") in out
    assert out.endswith("11 terms, 14 banned forms, 40 spellings matched; 1 warning.\n")
    code, out, err = run_cli("vocab", "check", "brand.yaml", "--format", "json", cwd=tmp_path)
    data = json.loads(out)
    assert data["files"] == ["brand.yaml"] and data["terms"][0]["forms"][0] == {
        "form": "customer", "pos": None, "spellings": ["customer", "customers"]}


def test_vocab_check_reports_merges_and_shared_forms_and_fails_on_errors(tmp_path, run_cli):
    (tmp_path / "brand.yaml").write_text(
        "terms:\n  - use: member\n    instead_of: [customer]\n  - use: patron\n    instead_of: [Customer]\n"
        "  - use: member\n    instead_of: [client]\n    severity: info\n", encoding="utf-8")
    code, out, err = run_cli("vocab", "check", "brand.yaml", cwd=tmp_path)
    assert code == 0
    assert "warning: brand.yaml:6: term 'member' repeats the term at brand.yaml:2" in err
    assert ("warning: 'customer' is banned by 2 terms: 'member' (brand.yaml:2), 'patron' (brand.yaml:4); a finding "
            "names one of them") in out
    (tmp_path / "bad.yaml").write_text("terms:\n  - use: member\n    instead_of: customer\n", encoding="utf-8")
    code, out, err = run_cli("vocab", "check", "bad.yaml", cwd=tmp_path)
    assert code == 2 and err == "error: bad.yaml:3: terms[0].instead_of: must be a list of strings, got 'customer'\n"
