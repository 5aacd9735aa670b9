"""Strings in source code (tree-sitter, the code extra): real snippets from ../shared/corpora/code by
path, the MANIFEST's traps, exact positions, placeholders, keys resolved through the locale file."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from voicecheck.segments import PLACEHOLDER, SourceFile
from voicecheck.sources import parse, read_source

from ..conftest import ROOT, SHARED, needs_shared, write

pytest.importorskip("tree_sitter", reason="the code extra (tree-sitter) is not installed")

CODE = SHARED / "corpora" / "code"
needs_corpus = needs_shared("corpora", "code")


def read(rel: str):
    return parse(read_source(CODE / rel, rel))


def texts(parsed) -> list[str]:
    return [s.text for s in parsed.segments]


def at(parsed, text: str) -> tuple[int, int]:
    seg = next(s for s in parsed.segments if text in s.text)
    pos = seg.position(seg.text.index(text))
    return pos.line, pos.column


def src(text: str, name: str):
    return parse(SourceFile(name, text))


# --- PHP / Laravel / WordPress / Blade ---------------------------------------------------------------

@needs_corpus
def test_laravel_blade_mail_reads_echoes_in_place():
    p = read("hi-events/backend/resources/views/emails/orders/order-failed.blade.php")
    # one sentence split over two __() calls around a variable stays one string
    assert "Your recent order for \ufffc was not successful." in texts(p)[0]
    assert at(p, "Your recent order for") == (11, 8)
    assert "View Event Homepage" in texts(p)


@needs_corpus
def test_blade_lang_directive_and_literal_text():
    p = read("hi-events/backend/resources/views/vendor/mail/text/message.blade.php")
    assert any(t.endswith("All rights reserved.") for t in texts(p))
    w = read("hi-events/backend/resources/views/welcome.blade.php")
    assert "If you're seeing this Hi.events API is running" in texts(w)
    assert "Congratulations 🎉" in texts(w)
    assert not any("text-indigo" in t or "font-medium" in t for t in texts(w))  # trap: Tailwind classes


@needs_corpus
def test_php_calls_concatenation_and_traps():
    p = read("hi-events/backend/app/Services/Handlers/Attendee/CreateAttendeeHandler.php")
    assert any(t.startswith("There are no tickets available.") for t in texts(p))
    assert read("hi-events/backend/app/Mail/Order/OrderSummary.php").segments[0].text == "Your Order is Confirmed!"
    # an application exception's literal message is shown to API clients
    r = read("hi-events/backend/app/Services/Handlers/Attendee/ResendAttendeeTicketHandler.php")
    assert "You cannot resend the ticket of an inactive attendee" in texts(r)
    assert not any("resent" in t for t in texts(r))  # trap: $this->logger->info('Attendee ticket resent')
    # traps: a developer exception, even wrapped in __(); a LogicException; validation rules; SQL
    assert texts(read("hi-events/backend/app/Services/Infrastructure/TokenGenerator/TokenGeneratorService.php")) == []
    assert not any("getPrices" in t for t in texts(read("hi-events/backend/app/DomainObjects/TicketDomainObject.php")))
    assert not any("required|email" in t for t in texts(read("hi-events/backend/app/Validators/CompleteOrderValidator.php")))


@needs_corpus
def test_laravel_language_file_values_not_keys():
    p = read("hi-events/backend/lang/en/auth.php")
    seg = next(s for s in p.segments if s.key == "failed")
    assert seg.text == "These credentials do not match our records."
    assert "Too many login attempts. Please try again in \ufffc seconds." in texts(p)  # :seconds masked
    assert not any(t == "failed" for t in texts(p))


@needs_corpus
def test_wordpress_i18n_family():
    p = read("easy-digital-downloads/templates/shortcode-receipt.php")
    assert "The specified receipt ID appears to be invalid." in texts(p)
    assert any("Fee" in t for t in texts(p)) and any("Fees" in t for t in texts(p))  # _n singular and plural
    assert not any(t in ("heading", "easy-digital-downloads") for t in texts(p))  # context and text domain
    assert not any("edd_receipt_payment_status" in t for t in texts(p))  # CSS class
    e = read("includes/emails/email-summary/class-edd-email-summary.php".join(["easy-digital-downloads/", ""]))
    assert not any("Missing email recipients" in t for t in texts(e))  # trap: edd_debug_log(__())
    c = read("easy-digital-downloads/includes/process-purchase.php")
    assert "Your cart is empty." in texts(c) and "empty_cart" not in texts(c)


def test_php_positions_escapes_and_placeholders():
    p = src("<?php\n$x = __('It\\'s :name, %s and {tag}');\n$log->error(__('Hidden'));\n", "a.php")
    assert texts(p) == [f"It's {PLACEHOLDER}, {PLACEHOLDER} and {PLACEHOLDER}"]
    assert at(p, "It") == (2, 10)


def test_php_template_reads_html_and_one_call_in_place():
    p = src("<p><?php esc_html_e( 'Have a discount code?', 'edd' ); ?> <a href=\"#\">Click here</a></p>\n"
            "<div class=\"edd-x\"><?php echo $total; ?></div>\n", "t.php")
    assert texts(p) == ["Have a discount code? Click here"]


# --- JavaScript / TypeScript / JSX / TSX ------------------------------------------------------------------

@needs_corpus
def test_react_intl_messages_and_jsx_text():
    p = read("overseerr/src/components/Login/index.tsx")
    assert "Sign in to continue" in texts(p)
    assert at(p, "Sign in to continue") == (19, 18)
    assert not any("min-h-screen" in t for t in texts(p))  # trap: className
    assert not any("/api/v1" in t for t in texts(p))  # trap: API path
    s = read("overseerr/src/components/Common/SettingsTabs/index.tsx")
    assert "Select a Tab" in texts(s)
    slack = read("overseerr/src/components/Settings/Notifications/NotificationsSlack/index.tsx")
    assert "Create an Incoming Webhook integration" in texts(slack)  # rich-text tags dropped, text kept


@needs_corpus
def test_server_messages_not_logs():
    p = read("overseerr/server/routes/auth.ts")
    assert "Something went wrong. Try again." in texts(p)
    assert not any("Plex ID was missing" in t for t in texts(p))  # trap: logger.error


@needs_corpus
def test_wordpress_block_editor_js():
    p = read("easy-digital-downloads/includes/blocks/src/checkout/edit.js")
    assert "Single Column" in texts(p)
    assert "easy-digital-downloads" not in texts(p)


def test_i18next_keys_and_text_and_trans():
    p = src("const a = t('settings.title');\nconst b = i18n.t('Save changes');\nconsole.log(t('Hidden text'));\n"
            "const c = <Trans i18nKey=\"welcome.intro\">Hello <b>you</b></Trans>;\n"
            "const d = <FormattedMessage defaultMessage=\"You have {count} items\" />;\n"
            "const e = intl.formatMessage({ id: 'x', defaultMessage: 'Saved!' });\n"
            "const f = <img className=\"h-4 w-4\" alt=\"Company logo\" src=\"/logo.png\" />;\n", "a.tsx")
    assert texts(p) == ["Save changes", "Hello", "you", f"You have {PLACEHOLDER} items", "Saved!", "Company logo"]
    assert [lk.key for lk in p.lookups] == ["settings.title", "welcome.intro"]


# --- Python and Django templates ---------------------------------------------------------------------------

@needs_corpus
def test_python_gettext_family_and_traps():
    v = read("pretalx/src/pretalx/person/domain/verification.py")
    assert f"Please wait {PLACEHOLDER} more second before requesting another email." in texts(v)
    assert f"Please wait {PLACEHOLDER} more seconds before requesting another email." in texts(v)
    assert not any("Verification email blocked" in t for t in texts(v))  # trap: internal exception f-string
    e = read("pretalx/src/pretalx/orga/views/event.py")
    assert "Features" in texts(e) and "Event settings tab" not in texts(e)  # pgettext context is not text
    m = read("pretalx/src/pretalx/mail/template_phrases.py")
    assert any("we accept your proposal" in t for t in texts(m))  # triple-quoted gettext_noop
    ev = read("pretalx/src/pretalx/event/validators/event.py")
    assert not any(t.startswith("Event") and "log" in t.lower() for t in texts(ev))


@needs_corpus
def test_django_templates_trans_blocktrans_and_context_trap():
    p = read("pretalx/src/pretalx/common/templates/common/includes/pagination.html")
    assert "Show per page:" in texts(p)
    assert not any("Allows users to select" in t for t in texts(p))  # trap: translator context
    o = read("pretalx/src/pretalx/orga/templates/orga/base.html")
    assert "Log out" in texts(o)  # old-style {% trans %}
    v = read("pretalx/src/pretalx/common/templates/common/auth/verification_content.html")
    assert f"You can request a new email in {PLACEHOLDER} second." in texts(v)  # blocktranslate count/plural
    assert f"You can request a new email in {PLACEHOLDER} seconds." in texts(v)


def test_python_positions_and_fstring():
    p = src('from django.utils.translation import gettext_lazy as _\nlabel = _("Hello " \n  "{name}")\n'
            'logger.info(_("Not this"))\nraise ValueError(_("Nor this"))\nx = f"not marked"\n', "a.py")
    assert texts(p) == [f"Hello {PLACEHOLDER}"]
    assert at(p, "Hello") == (2, 12)


# --- Go templates, Info.plist ------------------------------------------------------------------------------

def test_go_template_text_and_lookups():
    p = src('{{ define "optin" }}\n<h2>{{ L.T "email.optin.confirmSubTitle" }}</h2>\n<p>Hi {{ .Name }}, '
            'please confirm.</p>\n{{ end }}\n', "optin.tpl")
    assert texts(p) == [f"Hi {PLACEHOLDER}, please confirm."]
    assert [lk.key for lk in p.lookups] == ["email.optin.confirmSubTitle"]


def test_info_plist_prompts_and_names_only():
    p = src('<?xml version="1.0"?>\n<plist version="1.0"><dict>\n<key>CFBundleDisplayName</key><string>Fernway'
            '</string>\n<key>CFBundleIdentifier</key><string>com.fernway.app</string>\n<key>NSCameraUsageDescription'
            '</key>\n<string>Scan your plant&apos;s leaves.</string>\n</dict></plist>\n', "Info.plist")
    assert [(s.key, s.text) for s in p.segments] == [("CFBundleDisplayName", "Fernway"),
                                                     ("NSCameraUsageDescription", "Scan your plant's leaves.")]


# --- keys through the locale file, end to end ---------------------------------------------------------

def test_key_in_code_is_reported_at_the_call_with_the_locale_line(tmp_path, run_json):
    write(tmp_path, "vocab.yaml", "brand: Fernway\nterms:\n  - use: member\n    instead_of: [customer]\n")
    write(tmp_path, "voicecheck.yaml", "vocab: vocab.yaml\nlocales: {source: en}\n")
    write(tmp_path, "locales/en.json", '{\n  "settings": {\n    "title": "Customer settings"\n  }\n}\n')
    write(tmp_path, "src/App.tsx", "export const A = () => <h1>{t('settings.title')}</h1>;\n")
    write(tmp_path, "views/optin.tpl", '<h1>{{ L.T "settings.title" }}</h1>\n')
    code, data, err = run_json(".", cwd=tmp_path)
    assert code == 1, err
    got = {(f["path"], f["line"], f["column"]): f["message"] for f in data["findings"]}
    assert got[("src/App.tsx", 1, 31)].endswith("(key 'settings.title', text at locales/en.json:3)")
    assert ("views/optin.tpl", 1, 12) in got
    assert ("locales/en.json", 3, 15) in got
    assert all(f["fix"] is None for f in data["findings"] if f["path"] != "locales/en.json")


def test_vocabulary_run_on_data_files_imports_no_tree_sitter(tmp_path):
    write(tmp_path, "vocab.yaml", "brand: X\nterms:\n  - use: member\n    instead_of: [customer]\n")
    write(tmp_path, "a.md", "Hello customer\n")
    probe = ("import sys\nfrom voicecheck.cli import main\ncode = main(['check', 'a.md', '--vocab', 'vocab.yaml'])\n"
             "bad = [m for m in ('tree_sitter', 'torch', 'spacy') if m in sys.modules]\n"
             "print('IMPORTED', bad)\n")
    out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True,
                         env={"PYTHONPATH": str(ROOT), "PATH": ""})
    assert "IMPORTED []" in out.stdout, out.stderr
