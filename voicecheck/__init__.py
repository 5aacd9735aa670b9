"""voicecheck: lint product content against a brand vocabulary and promise list."""

__version__ = "0.1.0"
