"""Every registered rule has documentation, good/bad fixtures, and behaves on them."""
from __future__ import annotations

import pytest

from voicecheck.checks import registry

from .conftest import FIXTURES

RULES_DIR = FIXTURES / "rules"
VOCAB = RULES_DIR / "vocab.yaml"

# what each rule reports on its bad fixture: (line, column, end_column, term)
EXPECTED_BAD = {
    "VC001": [(2, 1, None, None)],
    "VC101": [(2, 40, 49, "member"), (3, 8, 17, "sign in")],
    "VC102": [(3, 26, 41, "Fixture Plus"), (4, 14, 26, "Fixture Plus")],
    "VC103": [(5, 14, 23, "helpdesk")],
    "VC301": [(3, 23, 30, "free-trial"), (5, 27, 45, "free-trial"), (7, 35, 63, "human-support")],
    "VC302": [(20, 1, None, "human-support")],
    "VC303": [(3, 25, 42, None), (7, 41, 48, None)],
    "VC304": [(2, 13, 61, None), (3, 13, 33, None)],
}
# rules that need another rule running to say anything
WITH = {"VC001": ["VC101"]}
# rules that run only when the config asks for them (their folder holds the config)
CONFIGURED = {"VC304"}


def _fixtures(code: str):
    folder = RULES_DIR / code
    bad = sorted(folder.glob("bad.*"))
    good = sorted(folder.glob("good.*"))
    return bad, good


@pytest.mark.parametrize("rule", registry.all_rules(), ids=lambda r: r.code)
def test_rule_is_documented(rule):
    doc = rule.doc
    assert doc.startswith(f"{rule.code} {rule.name}:"), doc.splitlines()[0]
    for section in ("What it does", "Why", "Bad", "Good"):
        assert f"\n{section}\n" in doc, f"{rule.code} doc lacks a '{section}' section"


@pytest.mark.parametrize("rule", registry.all_rules(), ids=lambda r: r.code)
def test_rule_has_fixtures_and_expectations(rule):
    bad, good = _fixtures(rule.code)
    assert bad and good, f"{rule.code} needs tests/fixtures/rules/{rule.code}/bad.* and good.*"
    assert rule.code in EXPECTED_BAD, f"{rule.code} needs an entry in EXPECTED_BAD"


@pytest.mark.parametrize("rule", registry.all_rules(), ids=lambda r: r.code)
def test_rule_on_fixtures(rule, run_json):
    bad, good = _fixtures(rule.code)
    select = ",".join([rule.code, *WITH.get(rule.code, [])])
    config = ["--config", RULES_DIR / rule.code / "voicecheck.yaml"] if rule.code in CONFIGURED else ["--isolated"]
    code, data, err = run_json(*map(str, bad), "--vocab", VOCAB, "--select", select, *config, "--fail-on", "info")
    assert code == 1, err
    got = [(f["line"], f["column"], f["end_column"] if EXPECTED_BAD[rule.code][0][2] else None,
            f["term"] or f["promise"])
           for f in data["findings"] if f["code"] == rule.code]
    assert got == EXPECTED_BAD[rule.code]
    code, data, err = run_json(*map(str, good), "--vocab", VOCAB, "--select", select, *config, "--fail-on", "info")
    assert [f for f in data["findings"] if f["code"] == rule.code] == []
    assert code == 0, (err, data["findings"])


def test_rule_command_prints_doc(run_cli):
    code, out, _ = run_cli("rule", "VC101")
    assert code == 0
    assert "banned-term" in out and "What it does" in out and "Use instead" not in out


def test_rule_command_unknown_code(run_cli):
    code, out, err = run_cli("rule", "VC999")
    assert code == 2
    assert err.strip() == "error: unknown rule code 'VC999' (see `voicecheck rules`)"


def test_rules_lists_every_code(run_cli):
    code, out, _ = run_cli("rules")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == [r.code for r in registry.all_rules()]



# VC304 on XLIFF (the layouts of Angular's extract-i18n): each <target> against the <source> of its own unit
XLIFF = RULES_DIR / "VC304" / "xliff"


def _vc304(data) -> list[tuple[str, int, int, str]]:
    return [(f["path"], f["line"], f["column"], f["message"]) for f in data["findings"] if f["code"] == "VC304"]


def test_vc304_compares_each_xliff_target_with_its_own_source(run_json):
    code, data, err = run_json(".", "--vocab", str(VOCAB), "--select", "VC304", "--fail-on", "info", cwd=XLIFF)
    assert code == 1, err
    ph_x = '<x id="INTERPOLATION" equiv-text="{{ count }}"/>'
    ph_2 = '<ph id="0" equiv="INTERPOLATION" disp="{{ name }}"/>'
    assert _vc304(data) == [
        # XLIFF 2.0, its locale from trgLang="fr-FR" (fr is configured): the path names none
        ("i18n/storefront.xlf", 10, 17, f"Translation (fr) of 'greeting' differs from the source (en): placeholder "
         f"{ph_2} lost. Source at i18n/storefront.xlf:9: \"Welcome back, {ph_2}!\""),
        ("i18n/storefront.xlf", 16, 17, "Translation (fr) of 'trial' differs from the source (en): numbers differ: "
         "14 here, 30 in the source. Source at i18n/storefront.xlf:15: \"Fixture Plus is free for 30 days.\""),
        ("i18n/storefront.xlf", 22, 17, "Translation (fr) of 'plan' differs from the source (en): \"Fixture Plus\" "
         "is re-cased. Source at i18n/storefront.xlf:21: \"Your plan: Fixture Plus\""),
        # XLIFF 1.2, its locale from the path (messages.de.xlf)
        ("src/locale/messages.de.xlf", 15, 36, f"Translation (de) of 'cart.count' differs from the source (en): "
         f"placeholder {ph_x} lost. Source at src/locale/messages.de.xlf:14: \"You have {ph_x} items in your cart\""),
        ("src/locale/messages.de.xlf", 23, 36, "Translation (de) of 'signup.trial' differs from the source (en): "
         "numbers differ: 14 here, 30 in the source. Source at src/locale/messages.de.xlf:22: "
         "\"Try Fixture Plus free for 30 days.\""),
        ("src/locale/messages.de.xlf", 28, 36, "Translation (de) of 'plan.upgrade' differs from the source (en): "
         "\"Fixture Plus\" is re-cased. Source at src/locale/messages.de.xlf:27: \"Upgrade to Fixture Plus\""),
    ]
    # clean units give nothing: a translation, placeholders kept, 9:00 as "9 Uhr", link codes moved, a unit with
    # two segments, a unit with no target; i18n/legacy.xlf (target-language="it", not compared) gives nothing


def test_vc304_xliff_beside_a_source_locale_file(run_json, tmp_path):
    """A source-locale file (messages.en.xlf) changes nothing: each target is still compared with its own
    unit's source, and a unit with no target (English) is not compared with the source file's text."""
    (tmp_path / "voicecheck.yaml").write_text("locales: {source: en, compare: [de]}\n", encoding="utf-8")
    (tmp_path / "messages.de.xlf").write_bytes((XLIFF / "src/locale/messages.de.xlf").read_bytes())
    (tmp_path / "messages.en.xlf").write_text(
        '<?xml version="1.0" encoding="UTF-8" ?>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
        '  <file source-language="en-US" datatype="plaintext" original="ng2.template">\n    <body>\n'
        '      <trans-unit id="signup.trial" datatype="html">\n'
        '        <source>Try Fixture Plus free for 14 days.</source>\n      </trans-unit>\n'
        '      <trans-unit id="cart.empty" datatype="html">\n'
        '        <source>Your cart holds no items</source>\n      </trans-unit>\n'
        '    </body>\n  </file>\n</xliff>\n', encoding="utf-8")
    code, data, err = run_json(".", "--vocab", str(VOCAB), "--select", "VC304", "--fail-on", "info", cwd=tmp_path)
    assert code == 1, err
    got = [(path, line, message.split(". Source at ")[1]) for path, line, _, message in _vc304(data)]
    assert got == [
        ("messages.de.xlf", 15, 'messages.de.xlf:14: "You have <x id=\"INTERPOLATION\" equiv-text=\"{{ count }}\"/> '
                                'items in your cart"'),
        ("messages.de.xlf", 23, 'messages.de.xlf:22: "Try Fixture Plus free for 30 days."'),
        ("messages.de.xlf", 28, 'messages.de.xlf:27: "Upgrade to Fixture Plus"'),
    ]


def test_vc304_xliff_locale_from_the_target_language():
    from voicecheck.locales import language_code

    codes = ("en", "de", "fr", "pt-BR")
    assert [language_code(tag, codes) for tag in ("de", "de-DE", "DE_at", "fr-FR", "pt-BR", "pt-PT", "pt", "it", None,
                                                  "")] == ["de", "de", "de", "fr", "pt-BR", None, None, None, None, None]
