"""Loading brand.yaml: the benchmark format is accepted as is; every error names file:line and the field."""
from __future__ import annotations

import pytest

from voicecheck.vocab import VocabError, load_vocabulary, parse_vocabulary

from .conftest import ROOT, SHARED, needs_shared


@needs_shared("bench/dev")
@pytest.mark.parametrize("brand", ["movara", "skyhold", "sprigly"])
def test_benchmark_brand_files_load(brand):
    v = load_vocabulary(SHARED / "bench" / "dev" / brand / "brand.yaml")
    assert v.brand and len(v.terms) >= 8 and len(v.promises) >= 10
    assert all(t.instead_of for t in v.terms)


def test_demo_brand_loads():
    v = load_vocabulary(ROOT / "vocab" / "fernway.yaml")
    assert v.brand == "Fernway"
    assert len(v.terms) >= 8 and len(v.promises) >= 8


def test_fields_are_read():
    v = parse_vocabulary(
        "brand: X\nterms:\n  - use: Acme\n    case_sensitive: true\n    instead_of: [acme]\n    allow: [acme.io]\n"
        "    why: Name.\npromises:\n  - id: p1\n    text: Free forever.\n    source: homepage\n"
        "    channels: [email]\n    facets: {price: 0}\n", "b.yaml")
    t = v.terms[0]
    assert (t.use, t.instead_of, t.case_sensitive, t.allow, t.why) == ("Acme", ("acme",), True, ("acme.io",), "Name.")
    assert t.origin == "b.yaml:3"
    p = v.promises[0]
    assert (p.id, p.text, p.source, p.channels, p.facets) == ("p1", "Free forever.", "homepage", ("email",),
                                                             (("price", 0),))


BAD = [
    ("brand: X\nterms:\n  - use: member\n", "b.yaml:3: terms[0]: missing required field 'instead_of'"),
    ("brand: X\nterms:\n  - use: member\n    instead_of: []\n",
     "b.yaml:4: terms[0].instead_of: must be a non-empty list of strings"),
    ("brand: X\nterms:\n  - use: member\n    instead_of: customer\n",
     "b.yaml:4: terms[0].instead_of: must be a list of strings, got 'customer'"),
    ("brand: X\nterms:\n  - use: member\n    instead_of: [customer]\n    colour: red\n",
     "b.yaml:5: terms[0].colour: unknown field (expected one of: allow, case_sensitive, instead_of, pos, severity, use, "
     "why)"),
    ("brand: X\nterms:\n  - use: member\n    instead_of: [customer]\n    pos: adjective\n",
     "b.yaml:5: terms[0].pos: must be noun or verb, got 'adjective'"),
    ("brand: X\nterms:\n  - use: member\n    instead_of: [{pos: noun}]\n",
     "b.yaml:4: terms[0].instead_of[0]: missing required field 'form' (the banned word or phrase)"),
    ("brand: X\nterms:\n  - use: member\n    instead_of: [{form: user, part: noun}]\n",
     "b.yaml:4: terms[0].instead_of[0].part: unknown field (expected one of: form, pos)"),
    ("brand: X\nterms:\n  - use: member\n    instead_of: [customer]\n    case_sensitive: maybe\n",
     "b.yaml:5: terms[0].case_sensitive: must be true or false, got 'maybe'"),
    ("brand: X\nterms:\n  - use: member\n    instead_of: [Member]\n",
     "b.yaml:4: terms[0].instead_of: lists the preferred term itself ('Member')"),
    ("brand: X\npromises:\n  - id: a\n    text: One.\n  - id: a\n    text: Two.\n",
     "b.yaml:5: promises[1].id: duplicate promise id 'a' (first at line 3)"),
    ("brand: X\npromises:\n  - text: One.\n", "b.yaml:3: promises[0]: missing required field 'id'"),
    ("brand: X\npromises:\n  - id: a\n    text: ''\n", "b.yaml:4: promises[0].text: must not be empty"),
    ("brand: X\npromises:\n  - id: a\n    text: x\n    channels: [fax]\n",
     "b.yaml:5: promises[0].channels: unknown channel 'fax' (expected email, support, ui, errors)"),
    ("brand: X\nterms: {use: x}\n", "b.yaml:2: terms: must be a list, got a mapping"),
    ("brand: X\n", "b.yaml:1: needs 'terms' or 'promises' (or both)"),
    ("- a\n- b\n", "b.yaml:1: must be a mapping, got a list"),
    ("brand: X\nterms:\n  - use: a\n    instead_of: [b\n",
     "b.yaml:5: invalid YAML: expected ',' or ']', but got '<stream end>'; close the [ list with ] (on one line), "
     "or quote an item that holds ': '"),
    ("", "b.yaml: empty vocabulary file (expected brand, terms and promises)"),
    ("brand: X\nterms: []\nconsistency:\n  - [helpdesk]\n", "b.yaml:4: consistency[0]: needs at least two spellings"),
]


@pytest.mark.parametrize("text,message", BAD, ids=[m.split(": ", 1)[1][:40] for _, m in BAD])
def test_validation_errors_name_file_line_and_field(text, message):
    with pytest.raises(VocabError) as info:
        parse_vocabulary(text, "b.yaml")
    assert str(info.value) == message


def test_missing_file(tmp_path):
    with pytest.raises(VocabError, match="vocabulary file not found"):
        load_vocabulary(tmp_path / "nope.yaml", "nope.yaml")


def test_pos_per_term_and_per_form():
    v = parse_vocabulary("brand: X\nterms:\n  - use: work item\n    pos: noun\n    instead_of: [issue, "
                         "{form: ticket, pos: verb}]\n", "b.yaml")
    t = v.terms[0]
    assert t.instead_of == ("issue", "ticket")
    assert (t.pos_of("issue"), t.pos_of("ticket")) == ("noun", "verb")


def test_duplicate_terms_are_merged_with_a_warning_only_on_conflicting_settings():
    text = """brand: Acme
terms:
  - use: Acme Cloud
    case_sensitive: true
    instead_of: [AcmeCloud]
    allow: [acmecloud.io]
  - use: member
    instead_of: [customer]
  - use: Acme Cloud
    case_sensitive: true
    instead_of: [Acme cloud, AcmeCloud]
    allow: [acme cloud status]
"""
    v = parse_vocabulary(text, "b.yaml")
    assert [t.use for t in v.terms] == ["Acme Cloud", "member"]
    merged = v.terms[0]
    assert merged.instead_of == ("AcmeCloud", "Acme cloud")
    assert merged.allow == ("acmecloud.io", "acme cloud status")
    assert merged.origin == "b.yaml:3" and v.warnings == ()

    clash = parse_vocabulary(text.replace("    case_sensitive: true\n    instead_of: [Acme cloud, AcmeCloud]",
                                          "    severity: info\n    instead_of: [AcmeKloud]"), "b.yaml")
    assert clash.terms[0].case_sensitive is True and clash.terms[0].severity is None
    assert clash.warnings == (
        "b.yaml:9: term 'Acme Cloud' repeats the term at b.yaml:3 with a different case_sensitive (true there, "
        "false here); severity (not set there, info here): merged, keeping the settings at b.yaml:3; give both "
        "the same settings, or a different 'use'",)


def test_terms_repeated_across_files_are_merged(tmp_path):
    from voicecheck.vocab import load_vocabularies

    (tmp_path / "a.yaml").write_text("brand: A\nterms:\n  - use: member\n    instead_of: [customer]\n")
    (tmp_path / "b.yaml").write_text("terms:\n  - use: member\n    instead_of: [client]\n    pos: noun\n")
    v = load_vocabularies([(tmp_path / "a.yaml", "a.yaml"), (tmp_path / "b.yaml", "b.yaml")])
    assert [(t.use, t.instead_of) for t in v.terms] == [("member", ("customer", "client"))]
    assert len(v.warnings) == 1 and v.warnings[0].startswith("b.yaml:2: term 'member' repeats the term at a.yaml:3")
