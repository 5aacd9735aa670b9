"""gettext catalogs: which string is text, exact positions in continuation lines, errors."""
from __future__ import annotations

import pytest

from voicecheck.segments import PLACEHOLDER, SourceFile
from voicecheck.sources import Comment, ContentError, gettext

from .conftest import FIXTURES, segment, source_of, where


def test_translations_are_text_and_symbolic_ids_are_keys(load):
    parsed = load("messages.po")
    assert [(s.key, s.text) for s in parsed.segments] == [
        ("auth.failed", "Login failed. Check your email and password."),
        ("auth.locked", f"Too many attempts from {PLACEHOLDER}. Try again in 15 minutes."),
        ("Save", "Save changes"),
        ("%d file deleted[0]", f"{PLACEHOLDER} file moved to the bin"),
        ("%d file deleted[1]", f"{PLACEHOLDER} files moved to the bin"),
        ('Tap "Start" to begin', 'Tap "Start" to begin'),  # no msgstr: the msgid is what people see
    ]


def test_msgctxt_comments_header_and_obsolete_entries_are_not_text(load):
    texts = " ".join(s.text for s in load("messages.po").segments)
    for word in ("customer", "Obsolete", "Project-Id-Version", "not_found", "app/auth.py", "python-format"):
        assert word not in texts


def test_positions(load):
    parsed = load("messages.po")
    assert where(segment(parsed, "auth.failed"), "Login") == (13, 9)
    locked = segment(parsed, "auth.locked")
    assert where(locked, "Too") == (19, 2)
    assert where(locked, "Try") == (20, 2)  # second line of a multi-line msgstr
    assert where(locked, "minutes") == (20, 18)
    assert source_of(locked, locked.text.index(PLACEHOLDER)) == "%(ip)s"
    assert where(segment(parsed, "%d file deleted[1]"), "bin") == (30, 34)


def test_escapes_in_a_msgid_map_to_the_escape(load):
    seg = segment(load("messages.po"), 'Tap "Start" to begin')
    assert where(seg, "Start") == (32, 14)
    assert where(seg, "to") == (32, 22)
    assert source_of(seg, seg.text.index('"')) == '\\"'


def test_comments_are_returned_without_their_markers(load):
    parsed = load("messages.po")
    assert parsed.comments == [
        Comment("English messages for the web app.", 1, 1),
        Comment("Copyright (C) 2024 Example Labs", 2, 2),
        Comment("Shown when the customer signs in with a wrong password", 10, 10),
        Comment("app/auth.py:12", 11, 11),
        Comment("app/auth.py:20", 15, 15),
        Comment("python-format", 16, 16),
        Comment("c-format", 26, 26),
    ]


def test_crlf_and_bom(load_variant):
    parsed = load_variant("messages.po")
    locked = segment(parsed, "auth.locked")
    assert locked.text == f"Too many attempts from {PLACEHOLDER}. Try again in 15 minutes."
    assert where(locked, "minutes") == (20, 18)
    assert len(parsed.comments) == 7


def test_a_pot_template_uses_msgids():
    text = 'msgid ""\nmsgstr ""\n\n#: page.html:3\nmsgid "Welcome to the "\n"help desk"\nmsgstr ""\n'
    parsed = gettext.parse(SourceFile("main.pot", text))
    assert [s.text for s in parsed.segments] == ["Welcome to the help desk"]
    assert where(parsed.segments[0], "help") == (6, 2)


@pytest.mark.parametrize("msgid, symbolic", [
    ("auth.failed", True), ("user.not_found", True), ("errors.upload.too_large", True), ("ERR_TIMEOUT", True),
    ("Save", False), ("Sign in", False), ("e.g.", False), ("%d files", False), ("Done.", False),
])
def test_symbolic_msgids(msgid, symbolic):
    assert gettext.is_symbolic(msgid) is symbolic


def test_syntax_error_has_a_line_and_column(load):
    with pytest.raises(ContentError) as err:
        load("broken.po")
    assert (err.value.line, err.value.column) == (7, 1)
    assert "unexpected 'bogus'" in err.value.message


def test_an_error_only_polib_finds_keeps_polibs_line_number():
    with pytest.raises(ContentError) as err:
        gettext.parse(SourceFile("bad.po", 'msgid "a"\nmsgstr "b"\n\nmsgstr "orphan"\n'))
    assert err.value.line == 4
    assert "each entry needs msgid" in err.value.message


def test_unterminated_string_has_a_line_and_column(load):
    with pytest.raises(ContentError) as err:
        load("unterminated.po")
    assert (err.value.line, err.value.column) == (2, 8)
    assert "closing double quote" in err.value.message


@pytest.mark.parametrize("text", ['msgid "a"\nmsgstr "b" x\n', 'msgstr "b"\n', '"orphan"\n', 'msgid "a\\"\n',
                                  'msgid "a"\nmsgstr[0 "b"\n', 'msgid "a"\nmsgstr "b"\n"c\n', 'foo "a"\n'])
def test_bad_po_never_raises_anything_but_content_error(text):
    with pytest.raises(ContentError) as err:
        gettext.parse(SourceFile("bad.po", text))
    assert err.value.line is not None


def test_truncated_files_raise_content_error_or_parse():
    text = (FIXTURES / "messages.po").read_text(encoding="utf-8")
    for cut in range(0, len(text), 7):
        try:
            gettext.parse(SourceFile("cut.po", text[:cut]))
        except ContentError as exc:
            assert exc.line is not None
