"""Apple .strings: pairs, escapes with offsets, comments, errors."""
from __future__ import annotations

import codecs

import pytest

from voicecheck.segments import PLACEHOLDER, SourceFile
from voicecheck.sources import Comment, ContentError, apple, parse, read_source

from .conftest import FIXTURES, segment, source_of, where


def test_values_are_text_keyed_by_their_keys(load):
    parsed = load("Localizable.strings")
    assert [(s.key, s.text) for s in parsed.segments] == [
        ("welcome.title", "Welcome back"),
        ("quote", 'Tap "Start" to begin'),
        ("nbsp", "Movara Premium is here"),
        ("newline", "First line Second line"),
        ("unquoted_key", "Unquoted keys work too"),
        ("placeholder", f"{PLACEHOLDER} shared {PLACEHOLDER} files with you"),
        ("escaped.backslash", 'Path C:\\Users is "hidden" again'),
    ]
    assert where(segment(parsed, "welcome.title"), "back") == (3, 28)


def test_escapes_map_to_the_escape_sequence(load):
    parsed = load("Localizable.strings")
    quote = segment(parsed, "quote")
    assert where(quote, "Start") == (6, 18)
    assert source_of(quote, quote.text.index('"')) == '\\"'
    nbsp = segment(parsed, "nbsp")
    assert where(nbsp, "Premium") == (7, 23)
    assert source_of(nbsp, nbsp.text.index(" Premium")) == "\\U00A0"
    backslash = segment(parsed, "escaped.backslash")
    assert where(backslash, "hidden") == (11, 44)
    assert source_of(backslash, backslash.text.index("\\")) == "\\\\"
    assert where(segment(parsed, "newline"), "Second") == (8, 26)


def test_comments_of_both_kinds(load):
    parsed = load("Localizable.strings")
    assert parsed.comments == [
        Comment("Title of the welcome screen.\n   Shown to every customer.", 1, 2),
        Comment("voicecheck: ignore[VC101]", 5, 5),
    ]
    assert not any("customer" in s.text for s in parsed.segments)


def test_crlf_and_bom(load_variant):
    parsed = load_variant("Localizable.strings")
    assert where(segment(parsed, "nbsp"), "Premium") == (7, 23)
    assert where(segment(parsed, "escaped.backslash"), "hidden") == (11, 44)


def test_utf16_file(tmp_path):
    text = (FIXTURES / "Localizable.strings").read_text(encoding="utf-8")
    path = tmp_path / "Localizable.strings"
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    parsed = parse(read_source(path, "Localizable.strings"))
    assert where(segment(parsed, "nbsp"), "Premium") == (7, 23)


def test_key_only_entry_and_surrogate_pairs():
    parsed = apple.parse(SourceFile("a.strings", '"Done";\n"party" = "Party \\UD83C\\UDF89 time";\n'))
    assert [(s.key, s.text) for s in parsed.segments] == [("Done", "Done"), ("party", "Party \U0001F389 time")]
    party = parsed.segments[1]
    assert source_of(party, party.text.index("\U0001F389")) == "\\UD83C\\UDF89"
    assert where(party, "time") == (2, 31)


def test_missing_semicolon_points_at_the_end_of_the_entry(load):
    with pytest.raises(ContentError) as err:
        load("broken.strings")
    assert (err.value.line, err.value.column) == (2, 27)
    assert "';'" in err.value.message


@pytest.mark.parametrize("text, line", [
    ('"a" = "unterminated;\n', 1),
    ('/* never closed\n"a" = "b";\n', 1),
    ('"a" "b";\n', 1),
    ('"a" = ;\n', 1),
    ('"a" = "b";\n"c" = "\\u12";\n', 2),
    ('"a" = "b";\n= "c";\n', 2),
])
def test_bad_strings_never_raise_anything_but_content_error(text, line):
    with pytest.raises(ContentError) as err:
        apple.parse(SourceFile("bad.strings", text))
    assert err.value.line == line


def test_truncated_files_raise_content_error_or_parse():
    text = (FIXTURES / "Localizable.strings").read_text(encoding="utf-8")
    for cut in range(0, len(text), 5):
        try:
            apple.parse(SourceFile("cut.strings", text[:cut]))
        except ContentError as exc:
            assert exc.line is not None
