"""Channels: by folder and file-name convention, by config globs (including channels of a team's own),
and shown with every finding in text output."""
from __future__ import annotations

from pathlib import Path

import pytest

from voicecheck.config import Settings, load_settings

from .conftest import FIXTURES, write

VOCAB = FIXTURES / "rules" / "vocab.yaml"


@pytest.mark.parametrize(("rel", "channel"), [
    ("static/email-templates/welcome.html", "email"),
    ("server/onboarding/day-1.md", "email"),
    ("app/Mail/OrderShipped.php", "email"),
    ("resources/views/mails/receipt.blade.php", "email"),
    ("app/mailers/user_mailer.rb.txt", "email"),
    ("templates/trial_ending.mjml", "email"),
    ("templates/password-reset-mail.html", "email"),
    ("templates/emailVerify.html", "email"),
    ("src/i18n/locale/en.json", "ui"),
    ("help/faq.md", "support"),
    ("templates/home.html", None),  # nothing says which channel: other
    ("locales/mail.html", "ui"),  # a folder wins over a file name
])
def test_channels_by_convention(rel, channel):
    assert Settings(root=Path("/x")).channel_for(rel) == channel


def test_config_defines_channels_of_its_own(tmp_path):
    write(tmp_path, "voicecheck.yaml", "channels:\n  push: ['push/**']\n  in-store: ['signage/**']\n"
                                       "  email: ['templates/mail/**']\n")
    settings = load_settings(None, tmp_path)
    assert settings.channel_for("push/reminder.json") == "push"
    assert settings.channel_for("signage/till.txt") == "in-store"
    assert settings.channel_for("templates/mail/a.html") == "email"


def test_custom_channel_is_shown_with_each_finding(tmp_path, run_cli):
    write(tmp_path, "vocab.yaml", VOCAB.read_text())
    write(tmp_path, "voicecheck.yaml", "vocab: vocab.yaml\nchannels:\n  sms: ['texts/**']\n")
    write(tmp_path, "texts/reminder.txt", "Hi customer, your order ships today.\n")
    write(tmp_path, "static/email-templates/welcome.html", "<p>Welcome, dear customer.</p>\n")
    code, out, err = run_cli("check", ".", cwd=tmp_path)
    assert code == 1, err
    blocks = out.split("\n\n")
    assert blocks[0].startswith("static/email-templates/welcome.html:1:")
    assert "  = channel: email" in blocks[0]
    assert blocks[1].startswith("texts/reminder.txt:1:")
    assert "  = channel: sms" in blocks[1]
