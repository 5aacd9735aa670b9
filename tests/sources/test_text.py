"""Plain text parser: voicecheck.sources.text."""
from __future__ import annotations

from pathlib import Path

from voicecheck.segments import PLACEHOLDER, SourceFile
from voicecheck.sources import parse, read_source
from voicecheck.sources import text as text_source

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "sources"
P = PLACEHOLDER


def load():
    return read_source(FIXTURES / "notice.txt", "notice.txt")


def pos(seg, fragment: str):
    p = seg.position(seg.text.index(fragment))
    return p.line, p.column


def test_paragraphs():
    parsed = parse(load())
    assert [s.text for s in parsed.segments] == [
        "Fernleaf service notice",
        f"Hi {P},",
        "Deliveries on Monday are moving to Tuesday. Your account holder details stay the same, "
        f"and you can change your slot at {P} any time.",
        "Thanks, The Fernleaf team",
    ]
    assert parsed.comments == []
    assert all(s.context == "text" for s in parsed.segments)


def test_positions():
    segs = parse(load()).segments
    assert pos(segs[0], "Fernleaf") == (1, 1)
    assert pos(segs[1], P) == (4, 4)
    seg = segs[2]
    assert pos(seg, "Deliveries") == (6, 1)
    assert pos(seg, "account") == (6, 50)
    assert pos(seg, "holder") == (7, 1)
    i = seg.text.index("slot") + len("slot")
    assert (seg.end_position(i).line, seg.end_position(i).column) == (7, 59)
    url = seg.text.index(P)
    assert (seg.position(url).line, seg.position(url).column, seg.end_position(url + 1).column) == (8, 4, 44)
    assert pos(seg, "any time") == (8, 45)


def test_urls_and_placeholders_are_not_text():
    text = "\n".join(s.text for s in parse(load()).segments)
    for hidden in ("https", "customers", "first_name", "{{", "===="):
        assert hidden not in text, hidden


def test_crlf_gives_the_same_columns():
    lf = load().text
    a = text_source.parse(SourceFile("n.txt", lf))
    b = text_source.parse(SourceFile("n.txt", lf.replace("\n", "\r\n")))
    assert [s.text for s in a.segments] == [s.text for s in b.segments]
    for sa, sb in zip(a.segments, b.segments):
        assert [sa.position(i) for i in range(len(sa.text))] == [sb.position(i) for i in range(len(sb.text))]


def test_odd_input_never_raises():
    for raw in ("", "\n\n\n", "   \r\n\t\n", "{{ unclosed", "----\n====\n", "a\rb", "\ufeffHello"):
        text_source.parse(SourceFile("x.txt", raw))
    assert [s.text for s in text_source.parse(SourceFile("x.txt", "One\n\n\n  Two\n***\nThree")).segments] == \
        ["One", "Two", "Three"]
