"""Android strings.xml, XLIFF 1.2/2.0 and .resx: texts, entity/escape offsets, errors."""
from __future__ import annotations

import pytest

from voicecheck.segments import PLACEHOLDER, SourceFile
from voicecheck.sources import Comment, ContentError, xmlfile

from .conftest import FIXTURES, segment, source_of, where


def test_android_strings_plurals_and_arrays(load):
    parsed = load("strings.xml")
    assert [s.key for s in parsed.segments] == [
        "customer_title", "apostrophe", "nbsp", "amp", "greeting", "bold", "cdata", "newline",
        "minutes.one", "minutes.other", "days[0]", "days[1]",
    ]
    assert segment(parsed, "customer_title").text == "Your profile"
    assert segment(parsed, "minutes.other").text == f"{PLACEHOLDER} minutes left"
    assert segment(parsed, "days[1]").text == "Tuesday"
    # names, comments, untranslatable strings, references and non-string resources are not text
    texts = " ".join(s.text for s in parsed.segments)
    for word in ("customer", "@string", "#FF0000", "app_name"):
        assert word not in texts
    assert "Movara" not in [s.text for s in parsed.segments]  # translatable="false"


def test_entity_maps_to_the_whole_entity(load):
    amp = segment(load("strings.xml"), "amp")
    assert amp.text == "Click & collect your order"
    assert where(amp, "collect") == (10, 36)
    assert source_of(amp, amp.text.index("&")) == "&amp;"


def test_android_escapes(load):
    parsed = load("strings.xml")
    apostrophe = segment(parsed, "apostrophe")
    assert apostrophe.text == 'You\'re on the "Free" plan'
    assert source_of(apostrophe, 3) == "\\'"
    assert where(apostrophe, "Free") == (8, 48)

    nbsp = segment(parsed, "nbsp")
    assert nbsp.text == "Unlock it with Movara Premium today"
    assert source_of(nbsp, nbsp.text.index(" Premium")) == "\\u00A0"
    assert where(nbsp, "Premium") == (9, 52)

    newline = segment(parsed, "newline")
    assert newline.text == "First line Second line"
    assert where(newline, "Second") == (14, 40)


def test_placeholder_syntax_in_xliff_g_is_masked_and_inline_markup_keeps_its_text(load):
    parsed = load("strings.xml")
    greeting = segment(parsed, "greeting")
    assert greeting.text == f"Hello, {PLACEHOLDER}! Ready?"
    assert source_of(greeting, greeting.text.index(PLACEHOLDER)) == "%1$s"
    assert where(greeting, "Ready") == (11, 85)

    bold = segment(parsed, "bold")
    assert bold.text == "Tap Start workout to begin"
    assert where(bold, "Start") == (12, 32)

    cdata = segment(parsed, "cdata")
    assert cdata.text == "Read the terms first"
    assert where(cdata, "terms") == (13, 47)


def test_xliff_g_text_is_read_and_only_placeholders_in_it_are_masked(load):
    parsed = load("xliff/strings.xml")
    assert segment(parsed, "upgrade_title").text == "Larkin Cloud is now Larkin Drive"
    assert where(segment(parsed, "upgrade_title"), "Cloud") == (3, 88)
    left = segment(parsed, "storage_left")
    assert left.text == f"You have {PLACEHOLDER} GB left on {PLACEHOLDER}"
    assert [source_of(left, i) for i, c in enumerate(left.text) if c == PLACEHOLDER] == ["%1$d", "{plan_name}"]
    assert segment(parsed, "shared_by").text == f"{PLACEHOLDER} shared a Larkin Cloud folder with you"


def test_xliff_formatting_codes_do_not_split_words_and_variables_are_placeholders(load):
    parsed = load("xliff/messages.xlf")
    assert [(s.key, s.text) for s in parsed.segments] == [
        ("vault.drag", "Drag items into a shared folder to share them."),
        ("vault.count", f"You have {PLACEHOLDER} shared folders. Open one."),
        ("vault.paired", "Open the shared folder."),
    ]
    assert where(parsed.segments[0], "folder") == (6, 102)


def test_a_banned_phrase_inside_and_around_inline_codes_is_found(run_json):
    folder = FIXTURES / "xliff"
    code, data, err = run_json(str(folder / "strings.xml"), str(folder / "messages.xlf"), "--vocab",
                               str(folder / "brand.yaml"), "--isolated", "--select", "VC1")
    assert code == 1, err
    assert [(f["path"].rsplit("/", 1)[-1], f["line"], f["column"], f["term"]) for f in data["findings"]] == [
        ("messages.xlf", 6, 35, "shared vault"), ("messages.xlf", 9, 75, "shared vault"),
        ("messages.xlf", 12, 54, "shared vault"),
        ("strings.xml", 3, 71, "Larkin Drive"), ("strings.xml", 5, 107, "Larkin Drive"),
    ]
    # markup inside the phrase: found, never fixed; plain text: fixed
    assert [f["fix"] is not None for f in data["findings"]] == [False, True, False, False, True]


def test_xml_comments_are_returned(load):
    assert load("strings.xml").comments == [Comment("App name: customer wording here is a comment", 5, 5)]


def test_crlf_and_bom(load_variant):
    parsed = load_variant("strings.xml")
    assert where(segment(parsed, "amp"), "collect") == (10, 36)
    assert where(segment(parsed, "greeting"), "Ready") == (11, 85)
    assert segment(parsed, "newline").text == "First line Second line"


def test_non_ascii_text_keeps_character_columns():
    text = ('<resources>\n  <string name="a">Caf\u00e9 \U0001F600 menu &amp; more</string>\n'
            '  <string name="b">\u00e9t\u00e9 plan</string>\n</resources>\n')
    parsed = xmlfile.parse(SourceFile("strings.xml", text))
    a, b = parsed.segments
    assert a.text == "Caf\u00e9 \U0001F600 menu & more"
    assert where(a, "menu") == (2, 27)
    assert where(a, "more") == (2, 38)
    assert where(b, "plan") == (3, 24)


def test_xliff_1_2_target_or_source(load):
    parsed = load("messages.xlf")
    assert [(s.key, s.text) for s in parsed.segments] == [
        ("checkout_title", "Check out now"),
        ("checkout.items", f"You have {PLACEHOLDER} items in your basket"),
        ("checkout.link", "Read the terms first"),  # empty <target/>: the source; <ph> of a tag is markup
    ]
    assert where(parsed.segments[1], "basket") == (12, 62)
    assert not any("customers" in s.text or "SKU" in s.text for s in parsed.segments)
    assert parsed.comments == [Comment("Checkout strings", 5, 5), Comment("Button on the customer cart", 9, 9)]
    # the translated unit keeps its source beside it (for VC304), with the file's target language
    assert [(b.target is parsed.segments[0], b.source.key, b.source.text, b.source.position(0).line, b.language)
            for b in parsed.bitext] == [(True, "checkout_title", "Checkout", 7, "en-GB")]


def test_xliff_2_0(load):
    parsed = load("messages_v2.xlf")
    assert [(s.key, s.text) for s in parsed.segments] == [
        ("welcome", f"Welcome {PLACEHOLDER}, glad you are back"),
        ("bold", "Tap Save now"),
    ]
    welcome = parsed.segments[0]
    assert where(welcome, "you") == (7, 59)
    assert source_of(welcome, welcome.text.index(" you")) == '<cp hex="00A0"/>'
    assert parsed.comments == [Comment("Greeting on the customer home screen", 5, 5)]
    assert [(b.target is parsed.segments[1], b.source.text, b.language) for b in parsed.bitext] == [
        (True, "Tap Save to keep changes", "fr")]


def test_resx_values_skip_typed_data_and_the_schema_header(load):
    parsed = load("Resources.resx")
    assert [(s.key, s.text) for s in parsed.segments] == [
        ("WelcomeTitle", "Welcome to your vault"),
        ("Terms", "Terms & conditions apply"),
    ]
    assert where(parsed.segments[1], "conditions") == (23, 24)
    assert parsed.comments == [
        Comment("Microsoft ResX Schema\n\n    Version 2.0", 3, 7),
        Comment("Shown to the customer after sign-up", 20, 20),
    ]


def test_unknown_vocabulary_is_a_content_error(load):
    with pytest.raises(ContentError) as err:
        load("unknown_root.xml")
    assert err.value.line == 2
    assert "<project>" in err.value.message and "XLIFF" in err.value.message


def test_malformed_xml_has_line_and_column(load):
    with pytest.raises(ContentError) as err:
        load("broken.xml")
    assert err.value.line == 4 and err.value.column is not None
    assert err.value.message.startswith("malformed XML")


def test_external_entities_are_never_loaded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    text = (f'<?xml version="1.0"?>\n<!DOCTYPE resources [<!ENTITY x SYSTEM "{secret.as_uri()}">]>\n'
            '<resources><string name="a">Hi &x; there</string></resources>\n')
    parsed = xmlfile.parse(SourceFile("strings.xml", text))
    assert [s.text for s in parsed.segments] == ["Hi there"]


def test_internal_entities_expand_and_nested_ones_are_refused():
    text = ('<?xml version="1.0"?>\n<!DOCTYPE resources [<!ENTITY app "Movara Plus">]>\n'
            '<resources><string name="a">Get &app; today</string></resources>\n')
    seg = xmlfile.parse(SourceFile("strings.xml", text)).segments[0]
    assert seg.text == "Get Movara Plus today"
    assert source_of(seg, seg.text.index("Plus")) == "&app;"
    laughs = ('<?xml version="1.0"?>\n<!DOCTYPE resources [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;">]>\n'
              '<resources><string name="a">&b;</string></resources>\n')
    with pytest.raises(ContentError) as err:
        xmlfile.parse(SourceFile("strings.xml", laughs))
    assert err.value.line == 2


@pytest.mark.parametrize("text", ["", "<resources>", "<resources><string>a</resources>", "<a></a><b/>",
                                  "<resources>&nbsp;</resources>", "not xml at all"])
def test_bad_xml_never_raises_anything_but_content_error(text):
    with pytest.raises(ContentError) as err:
        xmlfile.parse(SourceFile("bad.xml", text))
    assert err.value.line is not None


def test_truncated_files_raise_content_error_or_parse():
    text = (FIXTURES / "strings.xml").read_text(encoding="utf-8")
    for cut in range(0, len(text), 11):
        try:
            xmlfile.parse(SourceFile("cut.xml", text[:cut]))
        except ContentError as exc:
            assert exc.line is not None


def test_xliff_2_0_bitext_joins_the_segments_of_a_unit():
    text = ('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="de">'
            '<file id="f"><unit id="u"><segment><source>One.</source><target>Eins.</target></segment>'
            '<ignorable><source> </source></ignorable>'
            '<segment><source>Two <ph id="1"/>.</source></segment></unit>'
            '<unit id="none"><segment><source>Untranslated</source></segment></unit></file></xliff>')
    parsed = xmlfile.parse(SourceFile("m.xlf", text))
    assert [s.text for s in parsed.segments] == [f"Eins. Two {PLACEHOLDER}.", "Untranslated"]
    assert [(b.target.key, b.source.text, b.language) for b in parsed.bitext] == [
        ("u", f"One. Two {PLACEHOLDER}.", "de")]  # a unit with no target is no translation
