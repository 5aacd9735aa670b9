"""JSON and ARB UI strings: segment texts, exact positions, errors."""
from __future__ import annotations

import pytest

from voicecheck.segments import PLACEHOLDER, SourceFile
from voicecheck.sources import ContentError, jsonfile

from .conftest import FIXTURES, segment, source_of, where


def test_nested_keys_become_dotted_paths_and_only_strings_are_text(load):
    parsed = load("i18next_en.json")
    assert [s.key for s in parsed.segments] == [
        "common.save", "common.cancel",
        "home.greeting", "home.quote", "home.slot", "home.party", "home.two_lines", "home.nested",
        "customer_segment.title", "steps[0]", "steps[1]", "steps[2]", "rich", "count", "printf",
    ]
    assert segment(parsed, "common.save").text == "Save changes"
    assert where(segment(parsed, "common.save"), "Save") == (3, 14)
    assert parsed.comments == []


def test_keys_are_never_text(load):
    parsed = load("i18next_en.json")
    assert not any("customer_segment" in s.text or "retries" in s.text for s in parsed.segments)
    assert segment(parsed, "customer_segment.title").text == "Plan and billing"


def test_escapes_map_to_the_whole_escape_sequence(load):
    parsed = load("i18next_en.json")
    quote = segment(parsed, "home.quote")
    assert quote.text == 'Tap "Start" to begin'
    assert where(quote, "Start") == (11, 21)
    assert where(quote, "to") == (11, 29)
    assert source_of(quote, quote.text.index('"')) == '\\"'

    slot = segment(parsed, "home.slot")
    assert slot.text == "Need a later time slot?"  # \u00a0 is a space to the reader
    assert where(slot, "slot") == (12, 37)
    assert source_of(slot, slot.text.index(" slot")) == "\\u00a0"

    party = segment(parsed, "home.party")
    assert party.text == "Party time \U0001F389 starts now"  # a surrogate pair is one character
    assert source_of(party, party.text.index("\U0001F389")) == "\\ud83c\\udf89"
    assert where(party, "starts") == (13, 39)

    two = segment(parsed, "home.two_lines")
    assert two.text == "First line Second line"
    assert where(two, "Second") == (14, 31)


def test_arrays_of_strings_use_index_paths(load):
    parsed = load("i18next_en.json")
    assert segment(parsed, "steps[2]").text == "Choose a day"
    assert where(segment(parsed, "steps[2]"), "day") == (20, 58)


def test_placeholders_tags_and_urls_are_masked(load):
    parsed = load("i18next_en.json")
    assert segment(parsed, "home.greeting").text == f"Welcome back, {PLACEHOLDER}!"
    assert segment(parsed, "home.nested").text == f"{PLACEHOLDER} before you leave"
    assert segment(parsed, "rich").text == f"Read the terms or visit {PLACEHOLDER} for help."
    assert segment(parsed, "count").text == f"{PLACEHOLDER} recipe {PLACEHOLDER} recipes selected"
    assert segment(parsed, "printf").text == f"{PLACEHOLDER} sent you {PLACEHOLDER} messages"
    assert not any("customers" in s.text for s in parsed.segments)


def test_arb_skips_metadata_and_descriptions(load):
    parsed = load("app_en.arb")
    assert [s.key for s in parsed.segments] == ["inboxTitle", "unreadCount"]
    assert segment(parsed, "inboxTitle").text == "Your inbox"
    assert segment(parsed, "unreadCount").text == f"No new messages One new message {PLACEHOLDER} new messages"
    assert not any("customer" in s.text for s in parsed.segments)


def test_a_top_level_list_is_walked(load):
    parsed = load("toplevel_list.json")
    assert [(s.key, s.text) for s in parsed.segments] == [("[0]", "Welcome aboard"), ("[1]", "Let\u2019s get started")]
    assert where(parsed.segments[1], "get") == (1, 32)


def test_crlf_and_bom(load_variant):
    parsed = load_variant("i18next_en.json")
    assert where(segment(parsed, "home.slot"), "slot") == (12, 37)
    assert where(segment(parsed, "steps[2]"), "day") == (20, 58)


def test_a_bom_left_in_the_text_is_skipped():
    text = "\ufeff" + (FIXTURES / "toplevel_list.json").read_text(encoding="utf-8")
    parsed = jsonfile.parse(SourceFile("list.json", text))
    assert parsed.segments[0].text == "Welcome aboard"
    assert where(parsed.segments[0], "aboard") == (1, 12)


def test_malformed_json_is_a_content_error_with_a_position(load):
    with pytest.raises(ContentError) as err:
        load("broken.json")
    assert (err.value.line, err.value.column) == (4, 3)
    assert "invalid JSON" in err.value.message and "delimiter" in err.value.message


@pytest.mark.parametrize("text", ["", "{", '{"a": "b",}', '{"a": "unterminated}', "[1, 2", '{"a": "\\x"}',
                                  "{'single': 'quotes'}", '{"a": "tab\there"}'])
def test_bad_json_never_raises_anything_but_content_error(text):
    with pytest.raises(ContentError) as err:
        jsonfile.parse(SourceFile("bad.json", text))
    assert err.value.line is not None


def test_truncated_files_raise_content_error_or_parse():
    text = (FIXTURES / "i18next_en.json").read_text(encoding="utf-8")
    for cut in range(0, len(text), 7):
        try:
            jsonfile.parse(SourceFile("cut.json", text[:cut]))
        except ContentError as exc:
            assert exc.line is not None
