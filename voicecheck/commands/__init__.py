"""Subcommands beyond `check`, one module each; each module lists its click
commands in ``COMMANDS`` and voicecheck.cli registers them."""
