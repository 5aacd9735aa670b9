"""HAML parser: voicecheck.sources.haml."""
from __future__ import annotations

from pathlib import Path

import pytest

from voicecheck.segments import PLACEHOLDER, SourceFile
from voicecheck.sources import ContentError, parse, read_source
from voicecheck.sources import haml

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "sources"
P = PLACEHOLDER


def load():
    return read_source(FIXTURES / "welcome.html.haml", "welcome.html.haml")


def pos(seg, fragment: str):
    p = seg.position(seg.text.index(fragment))
    return p.line, p.column


def test_segments():
    parsed = parse(load())
    assert [(s.context, s.text) for s in parsed.segments] == [
        ("title", "Welcome to Fernleaf"),
        ("text", f"Hello {P}, your account holder page is ready. Your trial ends soon. {P}"),
        ("attribute:title", "About your plan"),
        ("text", "Pick a delivery time slot at your slots page."),
        ("attribute:alt", "Fresh herbs"),
        ("text", "Thanks, The Fernleaf team"),
    ]


def test_positions():
    segs = parse(load()).segments
    assert pos(segs[0], "Welcome") == (5, 12)
    seg = segs[1]
    assert pos(seg, "Hello") == (11, 9)
    assert pos(seg, P) == (11, 15)  # #{@user.first_name}
    ph = seg.text.index(P)
    assert seg.end_position(ph + 1).column == 34
    assert pos(seg, "account") == (12, 17)
    assert pos(seg, "holder") == (13, 9)
    assert pos(seg, "ready") == (13, 24)
    assert pos(seg, "trial") == (15, 16)
    seg = segs[3]
    assert pos(seg, "time") == (17, 56)
    assert pos(seg, "slot at") == (17, 66)
    nbsp = seg.text.index(" slot")
    assert (seg.position(nbsp).column, seg.end_position(nbsp + 1).column) == (60, 66)  # &nbsp;
    assert pos(seg, "your slots page") == (17, 97)
    assert pos(segs[2], "About") == (17, 22)
    assert pos(segs[4], "Fresh") == (18, 18)
    assert pos(segs[5], "The Fernleaf team") == (24, 9)


def test_code_attributes_and_filters_are_not_text():
    text = "\n".join(s.text for s in parse(load()).segments)
    for hidden in ("customer", "heading", "billing", "link_to", "slots_url", "@user", "hero", "images", "var "):
        assert hidden not in text, hidden


def test_comments():
    parsed = parse(load())
    assert [(c.text.splitlines()[0], c.line, c.end_line) for c in parsed.comments] == [
        ("voicecheck: ignore[VC101]", 1, 2),
        ("Hero block, customer segment A", 7, 7),
    ]


def test_crlf_gives_the_same_columns():
    lf = load().text
    a = haml.parse(SourceFile("w.haml", lf))
    b = haml.parse(SourceFile("w.haml", lf.replace("\n", "\r\n")))
    assert [s.text for s in a.segments] == [s.text for s in b.segments]
    for sa, sb in zip(a.segments, b.segments):
        assert [sa.position(i) for i in range(len(sa.text))] == [sb.position(i) for i in range(len(sb.text))]


def test_multiline_code_and_escapes():
    source = SourceFile("m.haml", '%p\n  = link_to t(".x"),\n      some_path(a: 1)\n  \\= not code\n'
                                  '  Costs \\#{none}\n%p== Hi #{name}\n')
    assert [s.text for s in haml.parse(source).segments] == [f"{P} = not code Costs #{{none}}", f"Hi {P}"]


@pytest.mark.parametrize("text, line", [
    ('%p\n  %a{href: "x",\n     title: "y"\n', 2),  # attribute hash never closed
    ("%p\n  Hi #{name\n", 2),  # interpolation never closed
    ("%p\n  Hello\n    nested in text\n", 3),
    ("%p Inline\n  and nested\n", 2),
    ("%br/\n  child\n", 2),
    ("%div\n  %p a\n   %p b\n", 3),
    ("%div\n    %p a\n  %p b\n", 3),  # inconsistent indentation
    ("%div\n \t%p a\n", 2),  # tabs and spaces
])
def test_malformed_input_raises_content_error(text, line):
    with pytest.raises(ContentError) as info:
        haml.parse(SourceFile("bad.haml", text))
    assert info.value.line == line
    assert str(info.value).startswith(f"bad.haml:{line}:")
