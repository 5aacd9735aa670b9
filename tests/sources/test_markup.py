"""HTML and e-mail template parser: voicecheck.sources.markup."""
from __future__ import annotations

from pathlib import Path

import pytest

from voicecheck.segments import PLACEHOLDER, SourceFile
from voicecheck.sources import ContentError, parse
from voicecheck.sources import markup

from .conftest import seg_with, texts
from .conftest import source as load

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "sources"
P = PLACEHOLDER


def pos(seg, fragment: str, nth: int = 1):
    """(line, column) of the start of the nth occurrence of ``fragment`` in seg.text."""
    i = -1
    for _ in range(nth):
        i = seg.text.index(fragment, i + 1)
    p = seg.position(i)
    return p.line, p.column


def end(seg, fragment: str):
    i = seg.text.index(fragment) + len(fragment)
    p = seg.end_position(i)
    return p.line, p.column


def all_text(parsed) -> str:
    return "\n".join(s.text for s in parsed.segments)


# --- Jinja e-mail -------------------------------------------------------------------------------

def test_jinja_email_segments():
    parsed = markup.parse(load("welcome_jinja.html"))
    assert texts(parsed) == [
        ("title", "Welcome to Fernleaf"),
        ("preheader", f"Your first box ships {P}."),
        ("attribute:alt", "Fresh herbs on a wooden board"),
        ("text", f"Welcome, {P}!"),
        ("text", "As an account holder you can pick a delivery time slot every week."),
        ("text", f"This box has {P} ice packs pack inside."),
        ("text", f"Questions? Write to {P} or visit our help centre."),
        ("attribute:title", "Member help centre"),
        ("text", f"Prices & plans: see {P} in your account."),
    ]


def test_jinja_email_positions():
    parsed = markup.parse(load("welcome_jinja.html"))
    assert pos(parsed.segments[0], "Fernleaf") == (3, 29)
    seg = seg_with(parsed, "account holder")
    assert pos(seg, "account") == (15, 24)
    assert pos(seg, "holder") == (15, 41)
    assert end(seg, "holder") == (15, 47)
    assert pos(seg, "slot") == (15, 82)
    nbsp = seg.text.index(" slot")
    assert (seg.position(nbsp).column, seg.end_position(nbsp + 1).column) == (76, 82)  # the whole &nbsp;
    seg = seg_with(parsed, "ice packs")
    assert pos(seg, "packs") == (16, 49)
    assert pos(seg, "pack ") == (16, 64)
    assert pos(seg_with(parsed, "Member help"), "Member") == (18, 118)
    assert pos(seg_with(parsed, "Fresh herbs"), "Fresh") == (13, 71)
    seg = seg_with(parsed, "Prices")
    amp = seg.text.index("&")
    assert (seg.position(amp).column, seg.end_position(amp + 1).column) == (17, 22)  # &amp;
    assert pos(seg, "plans") == (19, 23)


def test_jinja_email_hides_markup_code_and_comments():
    parsed = markup.parse(load("welcome_jinja.html"))
    text = all_text(parsed)
    for hidden in ("customer", "first_name", "https", "fernleaf.example", "plan_id", "{{", "{%", "#333",
                   "presentation", "hero", "ship_date", "voicecheck", "help@"):
        assert hidden not in text.lower(), hidden


def test_jinja_email_comments():
    parsed = markup.parse(load("welcome_jinja.html"))
    assert [(c.text, c.line, c.end_line) for c in parsed.comments] == [
        ("Jinja comment: customer-facing copy lives below", 2, 2),
        ("voicecheck: ignore[VC101] legal asked for this wording", 17, 17),
    ]


# --- MJML ---------------------------------------------------------------------------------------

def test_mjml_segments_and_positions():
    parsed = markup.parse(load("renewal.mjml"))
    assert texts(parsed) == [
        ("title", "Your Fernleaf Plus membership renews soon"),
        ("preheader", "A quick note about your renewal."),
        ("attribute:alt", "Fernleaf logo"),
        ("text", "Your renewal is coming up"),
        ("text", f"Hi {P}, your plan renews on {P} at $19.99 a month."),
        ("text", "Manage my plan"),
        ("text", "You can cancel any time in Settings."),
    ]
    assert pos(parsed.segments[0], "Fernleaf") == (3, 20)
    assert pos(parsed.segments[1], "quick") == (4, 19)
    seg = seg_with(parsed, "$19.99")
    assert pos(seg, "$19.99") == (19, 11)
    assert pos(seg, "month") == (19, 20)
    assert pos(seg_with(parsed, "Manage"), "Manage") == (20, 102)
    assert pos(seg_with(parsed, "Settings"), "Settings") == (22, 62)
    assert [(c.text, c.line) for c in parsed.comments] == [("voicecheck: disable[VC101]", 13)]
    text = all_text(parsed).lower()
    for hidden in ("customer", "utm", "font-size", "#ff5a36", "firstname", "fineprint"):
        assert hidden not in text, hidden


# --- Handlebars ---------------------------------------------------------------------------------

def test_handlebars_html():
    parsed = markup.parse(load("invoice.html.hbs"))
    assert texts(parsed) == [
        ("text", f"Your payment method will be charged {P} on {P}."),
        ("text", f"Summary of charges {P}"),
        ("text", "Update your billing details in the web vault."),
    ]
    seg = parsed.segments[0]
    assert pos(seg, "charged") == (5, 41)
    ph = seg.text.index(P)
    assert (seg.position(ph).column, seg.end_position(ph + 1).column) == (71, 88)  # {{usd AmountDue}}
    assert pos(parsed.segments[1], "Summary") == (11, 13)
    assert pos(parsed.segments[2], "web vault") == (21, 85)
    assert [(c.text, c.line) for c in parsed.comments] == [("Handlebars comment", 20)]
    assert "Highlight" not in all_text(parsed) and "color" not in all_text(parsed)


def test_handlebars_plain_text_template_reads_paragraphs():
    source = load("invoice.text.hbs")
    parsed = parse(source)  # routed by the outer suffix, read as text by the inner one
    assert texts(parsed) == [
        ("text", f"Your payment method will be charged {P} on {P}."),
        ("text", "Summary of charges"),
        ("text", f"Update your billing details at {P}."),
    ]
    assert pos(parsed.segments[0], "charged") == (2, 29)
    assert pos(parsed.segments[1], "Summary") == (5, 1)
    assert pos(parsed.segments[2], "Update") == (15, 1)
    assert [(c.text.splitlines()[0], c.line, c.end_line) for c in parsed.comments] == [
        ("voicecheck: ignore[VC101]", 12, 14)]


# --- ERB ----------------------------------------------------------------------------------------

def test_erb():
    parsed = parse(load("welcome.html.erb"))
    assert texts(parsed) == [
        ("text", f"Welcome, {P}!"),
        ("text", f"Your trial ends on {P}."),
        ("text", "Your plan is active."),
        ("text", "Manage your account settings any time."),
    ]
    assert pos(parsed.segments[1], "trial") == (4, 11)
    assert pos(parsed.segments[1], P) == (4, 25)
    assert pos(parsed.segments[3], "account settings") == (8, 45)
    assert [(c.text, c.line) for c in parsed.comments] == [("voicecheck: ignore[VC102]", 1)]
    assert "@user" not in all_text(parsed) and "account_url" not in all_text(parsed)


# --- inline reading -------------------------------------------------------------------------------

def _parse(text: str, name: str = "t.html"):
    return markup.parse(SourceFile(name, text))


def test_inline_elements_do_not_split_and_blocks_do():
    parsed = _parse("<div>Open <b>your</b><i>self</i> <a href='/x'>up</a><br>now<p>Next</p>tail</div>")
    assert [s.text for s in parsed.segments] == ["Open yourself up now", "Next", "tail"]


def test_template_syntax_inside_tags_and_attributes():
    parsed = _parse('<p {{#if x}}class="a"{{/if}} title="{{ name }}\'s page">Hi <span {% if y %}id="z"{% endif %}>'
                    'there</span></p>')
    assert texts(parsed) == [("attribute:title", f"{P}'s page"), ("text", "Hi there")]


def test_code_is_masked_and_input_values_are_read():
    parsed = _parse('<p>Use <code>user_id</code> here.</p><input type="submit" value="Sign up"><input value="x">')
    assert texts(parsed) == [("text", f"Use {P} here."), ("attribute:value", "Sign up")]
    # a block tag ends a <code> whose end tag was left out
    assert [s.text for s in _parse("<p>Run <code>make all<p>Then wait.</p>").segments] == [f"Run {P}", "Then wait."]


def test_crlf_gives_the_same_columns():
    for name in ("welcome_jinja.html", "renewal.mjml", "invoice.html.hbs", "invoice.text.hbs"):
        lf = load(name).text
        crlf = lf.replace("\n", "\r\n")
        a = parse(SourceFile(name, lf))
        b = parse(SourceFile(name, crlf))
        assert [s.text for s in a.segments] == [s.text for s in b.segments]
        for sa, sb in zip(a.segments, b.segments):
            assert [sa.position(i) for i in range(len(sa.text))] == [sb.position(i) for i in range(len(sb.text))]
        assert [(c.line, c.end_line) for c in a.comments] == [(c.line, c.end_line) for c in b.comments]


# --- malformed input -----------------------------------------------------------------------------

@pytest.mark.parametrize("name, text, line", [
    ("a.html", "<p>Hi</p>\n<!-- never closed\n<p>x</p>\n", 2),
    ("a.html", "<p>Hi</p>\n<p class=\"x\n", 2),
    ("a.html", "<p>Hi</p>\n<a href=\"/x>Click</a>\n<p class=\"y\">z</p>\n", 2),
    ("a.html", "<p>Hi</p>\n\n<style>p { color: red; }\n", 3),
    ("a.html", "<p>Hi {{ name </p>\n", 1),
    ("a.hbs", "<p>\n{{!-- open comment\n</p>\n", 2),
    ("a.j2", "<p>\n{% if x </p>\n", 2),
    ("a.j2", "<p>{# open</p>\n", 1),
    ("a.liquid", "x\n{% comment %} never ended\n", 2),
    ("a.html.erb", "<p>\n<%= name </p>\n", 2),
])
def test_malformed_input_raises_content_error(name, text, line):
    with pytest.raises(ContentError) as info:
        markup.parse(SourceFile(name, text))
    assert info.value.line == line
    assert str(info.value).startswith(f"{name}:{line}:")


def test_corpus_style_oddities_do_not_raise():
    # HTML inside a custom MJML component's attribute is legal; its tags are dropped
    parsed = _parse('<mj-hero button-text="<b>Join {{Org}}</b>" text="Share logins easily." />', "a.mjml")
    assert texts(parsed) == [("attribute:button-text", f"Join {P}"), ("attribute:text", "Share logins easily.")]
    # stray '<' and unknown entities stay text
    assert [s.text for s in _parse("<p>a < b &bogus; c</p>").segments] == ["a < b &bogus; c"]
