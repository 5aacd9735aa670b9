"""Markdown / MDX parser: voicecheck.sources.markdown."""
from __future__ import annotations

from pathlib import Path

import pytest

from voicecheck.segments import PLACEHOLDER, SourceFile
from voicecheck.sources import ContentError, parse
from voicecheck.sources import markdown

from .conftest import seg_with, texts
from .conftest import source as load

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "sources"
P = PLACEHOLDER


def pos(seg, fragment: str):
    p = seg.position(seg.text.index(fragment))
    return p.line, p.column


def span(seg, index: int):
    """(line, start column, end column) of seg.text[index]."""
    a, b = seg.position(index), seg.end_position(index + 1)
    return a.line, a.column, b.column


# --- Markdown e-mail with front matter ----------------------------------------------------------

def test_markdown_segments():
    parsed = parse(load("newsletter.md"))
    assert texts(parsed) == [
        ("subject", f"Your box is on its way, {P}"),
        ("preheader", "What's new in this week's box."),
        ("description", "A weekly note for members."),
        ("text", f"Your box is on its way, {P}"),
        ("text", f"Good news: your box for {P} has left our kitchen. Read the {P} docs at our help centre."),
        ("attribute:title", "Help centre home"),
        ("text", "Item"),
        ("text", "Detail"),
        ("text", "Delivery window"),
        ("text", f"{P} to {P}"),
        ("text", "Tracking"),
        ("text", "Follow your box"),
        ("text", "Heads up: anyone with a public link can see the box contents."),
        ("text", f"This week you get {P} ice packs pack , tucked under the liner."),
        ("text", "Members can skip a week* any time & for free."),
        ("text", "Recipes change every Tuesday"),
        ("attribute:alt", "Packed box"),
        ("text", "Fernleaf Foods · 12 Market Street"),
    ]
    assert [s.key for s in parsed.segments[:3]] == ["subject", "preheader", "description"]


def test_markdown_positions():
    parsed = parse(load("newsletter.md"))
    subject, preheader, description = parsed.segments[:3]
    assert pos(subject, "Your") == (3, 11)
    assert span(subject, subject.text.index(P)) == (3, 35, 51)  # {{ first_name }}
    assert pos(preheader, "What") == (4, 13)
    apostrophe = preheader.text.index("'")
    assert span(preheader, apostrophe) == (4, 17, 19)  # '' in a single-quoted scalar
    assert pos(description, "A weekly") == (8, 3)
    assert pos(description, "members") == (9, 7)
    heading = parsed.segments[3]
    assert pos(heading, "Your") == (12, 3)
    seg = seg_with(parsed, "Good news")
    assert pos(seg, "kitchen") == (14, 62)
    assert pos(seg, "Read the") == (14, 71)
    assert span(seg, seg.text.index(P, seg.text.index("Read"))) == (15, 1, 14)  # `customer_id`
    assert pos(seg, "our help centre") == (15, 24)
    seg = seg_with(parsed, "public link")
    assert pos(seg, "public") == (22, 27)
    assert pos(seg, "link") == (22, 36)
    seg = seg_with(parsed, "ice packs")
    assert pos(seg, "packs") == (24, 45)
    assert pos(seg, "pack ") == (24, 60)
    seg = seg_with(parsed, "skip a week")
    assert pos(seg, "skip") == (26, 15)
    assert span(seg, seg.text.index("*")) == (26, 26, 28)  # \*
    assert span(seg, seg.text.index("&")) == (26, 38, 43)  # &amp;
    assert pos(seg_with(parsed, "Tuesday"), "Tuesday") == (28, 25)
    assert pos(seg_with(parsed, "Packed box"), "Packed") == (29, 5)
    assert pos(seg_with(parsed, "Delivery window"), "Delivery") == (19, 3)
    assert pos(seg_with(parsed, "Follow your box"), "Follow") == (20, 15)
    assert pos(seg_with(parsed, "Market Street"), "Market") == (40, 31)


def test_markdown_hides_keys_code_urls_and_comments():
    parsed = parse(load("newsletter.md"))
    text = "\n".join(s.text for s in parsed.segments)
    for hidden in ("customer", "weekly_update", "template", "https", "fernleaf.example", "first_name",
                   "tracking_url", "indented code", "yaml", "**", "`", "](", "voicecheck", "footer"):
        assert hidden not in text, hidden
    assert [(c.text, c.line) for c in parsed.comments] == [
        ("voicecheck: ignore[VC101]", 6),
        ("voicecheck: disable[VC102]", 31),
    ]


# --- MDX ---------------------------------------------------------------------------------------

def test_mdx_segments_and_positions():
    parsed = parse(load("guide.mdx"))
    assert texts(parsed) == [
        ("title", "Inviting members"),
        ("text", "Invite members from the Members page. See the control panel guide."),
        ("attribute:title", "Invite by link"),
        ("text", "Share a link that lets anyone join your space."),
        ("text", "Links expire after 7 days."),
        ("attribute:title", "Open settings"),
        ("text", f"Go to {P} and click Invite."),
    ]
    segs = parsed.segments
    assert pos(segs[0], "Inviting") == (2, 9)
    assert pos(segs[1], "Members") == (12, 27)
    assert pos(segs[1], "control panel") == (12, 52)
    assert pos(segs[2], "Invite") == (14, 14)
    assert pos(segs[3], "Share") == (15, 3)
    assert pos(segs[4], "Links") == (17, 9)
    assert pos(segs[5], "Open") == (21, 16)
    assert span(segs[6], segs[6].text.index(P)) == (22, 11, 31)  # `Settings > Members`
    assert pos(segs[6], "Invite") == (22, 44)
    assert [(c.text, c.line) for c in parsed.comments] == [("voicecheck: ignore[VC101]", 10)]
    text = "\n".join(s.text for s in segs)
    for hidden in ("import", "export", "customers", "Card", "Steps", "href", "/control-panel", "users"):
        assert hidden not in text, hidden


def test_crlf_gives_the_same_columns():
    for name in ("newsletter.md", "guide.mdx"):
        lf = load(name).text
        a = markdown.parse(SourceFile(name, lf))
        b = markdown.parse(SourceFile(name, lf.replace("\n", "\r\n")))
        assert [s.text for s in a.segments] == [s.text for s in b.segments]
        for sa, sb in zip(a.segments, b.segments):
            assert [sa.position(i) for i in range(len(sa.text))] == [sb.position(i) for i in range(len(sb.text))]
        assert [c.line for c in a.comments] == [c.line for c in b.comments]


def test_inline_alignment_edge_cases():
    source = SourceFile("e.md", "1. 1 apple and `a` `` b`c `` [x [y]](</u v> \"it's\") \\[z\\]\n"
                                "2. **bold**text_with_underscores &copy; <kbd>K</kbd><br>next\n")
    segs = markdown.parse(source).segments
    assert [s.text for s in segs] == [f"1 apple and {P} {P} x [y] [z]", "it's", "boldtext_with_underscores © K next"]
    assert pos(segs[0], "1 apple") == (1, 4)
    assert span(segs[0], segs[0].text.index("[z")) == (1, 53, 55)  # \[
    assert pos(segs[1], "it's") == (1, 46)
    assert span(segs[2], segs[2].text.index("©")) == (2, 34, 40)


# --- malformed input -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, line", [
    ("---\ntitle: [unclosed\n---\nBody\n", 3),  # bad YAML: the flow sequence never closes
    ("---\ntitle: a\n  bad: indent\n---\n", 3),
    ("---\ntitle: x\nsubject: y\n", 1),  # front matter never closed
    ("---\n- a list\n---\nBody\n", 2),  # not a mapping
    ("Para\n\n<!-- never closed\n\nMore\n", 3),
    ("Para with <!-- an open comment\nand more\n", 1),
])
def test_malformed_input_raises_content_error(text, line):
    with pytest.raises(ContentError) as info:
        markdown.parse(SourceFile("bad.md", text))
    assert info.value.line == line
    assert str(info.value).startswith(f"bad.md:{line}:")
