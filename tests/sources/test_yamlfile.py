"""YAML locale files and support macros: scalar styles, positions, comments, errors."""
from __future__ import annotations

import pytest

from voicecheck.segments import PLACEHOLDER, SourceFile
from voicecheck.sources import Comment, ContentError, yamlfile

from .conftest import FIXTURES, segment, source_of, where


def test_rails_locale_values_are_segments_keyed_by_path(load):
    parsed = load("rails_en.yml")
    assert [s.key for s in parsed.segments] == [
        "en.common.cancel", "en.common.save",
        "en.customer_dashboard.title", "en.customer_dashboard.escaped", "en.customer_dashboard.joined",
        "en.customer_dashboard.single", "en.customer_dashboard.plain_multi", "en.customer_dashboard.folded",
        "en.customer_dashboard.literal", "en.customer_dashboard.storage",
        "en.defaults.greeting", "en.1", "en.?",
    ]
    # keys, numbers, booleans, Ruby symbols and complex keys are not text
    texts = " ".join(s.text for s in parsed.segments)
    for word in ("customer", "retry_count", "true", "year", "complex, key", "complex key"):
        assert word not in texts


def test_plain_and_quoted_scalars(load):
    parsed = load("rails_en.yml")
    assert segment(parsed, "en.common.cancel").text == "Cancel"
    assert where(segment(parsed, "en.common.cancel"), "Cancel") == (4, 13)
    assert where(segment(parsed, "en.customer_dashboard.title"), "dashboard") == (9, 18)

    escaped = segment(parsed, "en.customer_dashboard.escaped")
    assert escaped.text == 'Tab here, quote "x" and caf\u00e9 menu'
    assert where(escaped, "here") == (10, 20)
    assert where(escaped, "menu") == (10, 52)
    assert source_of(escaped, escaped.text.index("\u00e9")) == "\\u00e9"

    joined = segment(parsed, "en.customer_dashboard.joined")
    assert joined.text == "one long line that is continued here"
    assert where(joined, "continued") == (12, 7)

    single = segment(parsed, "en.customer_dashboard.single")
    assert single.text == "It's a # not a comment"
    assert source_of(single, 2) == "''"
    assert where(single, "not") == (13, 24)

    plain = segment(parsed, "en.customer_dashboard.plain_multi")
    assert plain.text == "first line of plain text"
    assert where(plain, "plain") == (15, 7)


def test_block_scalars(load):
    parsed = load("rails_en.yml")
    folded = segment(parsed, "en.customer_dashboard.folded")
    assert folded.text == "Folded block text continues on the next line. A second paragraph."
    assert where(folded, "continues") == (18, 7)
    assert where(folded, "second") == (20, 9)

    literal = segment(parsed, "en.customer_dashboard.literal")
    assert literal.text == "Literal line one indented line two"
    assert where(literal, "indented") == (23, 9)


def test_placeholders_are_masked(load):
    parsed = load("rails_en.yml")
    assert segment(parsed, "en.customer_dashboard.storage").text == f"{PLACEHOLDER} of {PLACEHOLDER} used"


def test_an_aliased_scalar_is_reported_once(load):
    parsed = load("rails_en.yml")
    assert [s.text for s in parsed.segments].count("Hello again") == 1


def test_comments_are_returned_but_not_a_hash_inside_quotes(load):
    parsed = load("rails_en.yml")
    assert parsed.comments == [
        Comment("Rails locale for the web app. customer wording lives in the keys only.", 1, 1),
        Comment("voicecheck: ignore[VC101]", 4, 4),
    ]


def test_macros_metadata_is_not_text_and_markdown_is_stripped(load):
    parsed = load("macros.yaml")
    assert [s.key for s in parsed.segments] == [
        "[skip-how-to].title", "[skip-how-to].body", "[html-reply].subject", "[html-reply].body"]
    body = segment(parsed, "[skip-how-to].body")
    assert body.text == (f"Hi {PLACEHOLDER}, Open Deliveries, pick the week and tap Skip this week. "
                         f"Use the {PLACEHOLDER} action or read our guide. {PLACEHOLDER} from Member Care")
    assert where(body, "Deliveries") == (11, 12)
    assert where(body, "guide") == (12, 45)
    assert source_of(body, body.text.index(PLACEHOLDER, 20)) == "`skip_week`"
    assert segment(parsed, "[skip-how-to].title").text == "Skipping | How to skip a week"
    assert segment(parsed, "[html-reply].subject").text == f"Your ticket #{PLACEHOLDER}"


def test_html_in_values_is_markup_and_entities_are_decoded(load):
    parsed = load("macros.yaml")
    body = segment(parsed, "[html-reply].body")
    assert body.text == "Thanks for writing in & for your patience. View the customer portal"
    assert where(body, "& for") == (18, 30)
    assert source_of(body, body.text.index("&")) == "&amp;"
    assert where(body, "for your") == (18, 36)
    assert where(body, "View") == (19, 30)
    assert [c.line for c in parsed.comments] == [1, 2]  # the '#' in the quoted subject is text


def test_multi_document_file(load):
    parsed = load("multi_doc.yaml")
    assert [(s.key, s.text) for s in parsed.segments] == [("title", "First document"), ("[0]", "Second document item")]
    assert where(parsed.segments[1], "Second") == (5, 3)


def test_a_file_with_only_comments(load):
    parsed = load("comments_only.yaml")
    assert parsed.segments == []
    assert parsed.comments == [Comment("Nothing here yet.", 1, 1), Comment("voicecheck: disable[VC101]", 2, 2)]


def test_crlf_and_bom(load_variant):
    parsed = load_variant("rails_en.yml")
    assert where(segment(parsed, "en.customer_dashboard.escaped"), "menu") == (10, 52)
    assert where(segment(parsed, "en.customer_dashboard.joined"), "continued") == (12, 7)
    folded = segment(parsed, "en.customer_dashboard.folded")
    assert folded.text == "Folded block text continues on the next line. A second paragraph."
    assert where(folded, "second") == (20, 9)
    assert where(segment(parsed, "en.customer_dashboard.literal"), "indented") == (23, 9)
    assert [c.line for c in parsed.comments] == [1, 4]


def test_a_bom_left_in_the_text_is_skipped():
    text = "\ufeff" + (FIXTURES / "multi_doc.yaml").read_text(encoding="utf-8")
    parsed = yamlfile.parse(SourceFile("multi.yaml", text))
    assert where(parsed.segments[0], "document") == (3, 14)


STYLES = (
    "a: |+\n  kept\n\n"
    "b: >2\n   more indented\n  back\n"
    "c: 'x''y\n  z'\n"
    'd: "\\x41\\u00e9\\U0001F600\\_\\N \\\n  tail"\n'
    "e: &anchor !!str tagged\n"
    "f: [flow, 'q # r']  # flow comment\n"
)


def test_every_scalar_style_matches_pyyaml_character_for_character():
    parsed = yamlfile.parse(SourceFile("styles.yaml", STYLES))
    got = {s.key: s for s in parsed.segments}
    assert got["a"].text == "kept"
    assert got["b"].text == "more indented back"
    assert got["c"].text == "x'y z"
    assert got["d"].text == "A\u00e9\U0001F600 tail"  # \_ and \N are spaces to a reader
    assert source_of(got["d"], got["d"].text.index("\U0001F600")) == "\\U0001F600"
    assert got["e"].text == "tagged"
    assert where(got["e"], "tagged") == (11, 18)
    assert where(got["f[1]"], "r") == (12, 16)
    assert parsed.comments == [Comment("flow comment", 12, 12)]


def test_no_scalar_needs_the_fallback_alignment(load, monkeypatch):
    """The per-style decoders agree with PyYAML on every fixture scalar, so the
    forward-cursor fallback (which could hide a decoder bug) is never used."""
    def fail(text, start, end, value):
        raise AssertionError(f"fallback alignment used for {text[start:end]!r}")
    monkeypatch.setattr(yamlfile, "_align", fail)
    for name in ("rails_en.yml", "macros.yaml", "multi_doc.yaml"):
        assert load(name).segments
    assert yamlfile.parse(SourceFile("styles.yaml", STYLES)).segments


def test_the_osticket_kind_of_error_is_one_line_with_a_position(load):
    with pytest.raises(ContentError) as err:
        load("broken.yaml")
    assert (err.value.line, err.value.column) == (2, 20)
    assert "mapping values are not allowed" in err.value.message
    assert "\n" not in str(err.value)


def test_tab_indentation_is_a_content_error(load):
    with pytest.raises(ContentError) as err:
        load("tabs.yaml")
    assert err.value.line == 3
    assert "tabs" in err.value.message


@pytest.mark.parametrize("text", ["a: [1, 2", "a: 'open", 'a: "bad \\q escape"', "a: *missing", "- a\nb: c",
                                  "a: b\x07c", "{a: 1", "a: |\n  x\n b: c"])
def test_bad_yaml_never_raises_anything_but_content_error(text):
    with pytest.raises(ContentError) as err:
        yamlfile.parse(SourceFile("bad.yaml", text))
    assert err.value.line is not None
    assert "\n" not in str(err.value)


def test_empty_file_has_no_segments():
    parsed = yamlfile.parse(SourceFile("empty.yaml", ""))
    assert parsed.segments == [] and parsed.comments == []


def test_truncated_files_raise_content_error_or_parse():
    text = (FIXTURES / "rails_en.yml").read_text(encoding="utf-8")
    for cut in range(0, len(text), 9):
        try:
            yamlfile.parse(SourceFile("cut.yml", text[:cut]))
        except ContentError as exc:
            assert exc.line is not None
