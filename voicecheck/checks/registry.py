"""The one table of rule codes.

Each rule lives in its own module whose docstring is the rule's documentation
(sections What it does / Why / Bad / Good), printed by ``voicecheck rule CODE``.
Codes are never reused: VC0xx meta, VC1xx vocabulary, VC2xx tone, VC3xx promises.
"""
from __future__ import annotations

import importlib
import inspect
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Rule:
    code: str
    name: str  # kebab-case slug, e.g. banned-term
    kind: str  # vocabulary | contradiction | meta
    severity: str  # default severity: error | warning | info
    summary: str  # one line
    module: str  # dotted module that implements and documents it
    opt_in: bool = False  # selected only by its exact code, never by a prefix or ALL

    @property
    def doc(self) -> str:
        return inspect.cleandoc(importlib.import_module(self.module).__doc__ or "")


_RULES = (
    Rule("VC001", "unused-suppression", "meta", "warning",
         "A suppression comment or baseline entry that silenced nothing.", "voicecheck.checks.meta.unused_suppression"),
    Rule("VC101", "banned-term", "vocabulary", "error",
         "A word or phrase the vocabulary says not to use, in any inflected form.",
         "voicecheck.checks.vocabulary.banned_term"),
    Rule("VC102", "name-casing", "vocabulary", "error",
         "A product or brand name written with the wrong casing or spelling.",
         "voicecheck.checks.vocabulary.name_casing"),
    Rule("VC103", "inconsistent-term", "vocabulary", "warning",
         "One concept is named two ways across the checked content.",
         "voicecheck.checks.vocabulary.inconsistent_term"),
    Rule("VC301", "promise-contradiction", "contradiction", "error",
         "A passage that contradicts one of the brand's pre-sale promises.",
         "voicecheck.checks.promises.contradiction"),
    Rule("VC302", "unconfirmed-promise", "coverage", "info",
         "A promise that no email and no UI string confirms (opt-in).",
         "voicecheck.checks.promises.unconfirmed", opt_in=True),
    Rule("VC303", "fact-drift", "drift", "warning",
         "The same fact stated with different values in different places.",
         "voicecheck.checks.promises.drift"),
    Rule("VC304", "translation-drift", "translation", "warning",
         "A translation whose placeholders, numbers or product names differ from its source string "
         "(opt-in: `locales:` in the config).",
         "voicecheck.checks.locales.translation_drift"),
)

RULES: dict[str, Rule] = {r.code: r for r in _RULES}


def get(code: str) -> Rule:
    return RULES[code]


@cache
def all_rules() -> tuple[Rule, ...]:
    return tuple(sorted(RULES.values(), key=lambda r: r.code))


def expand(selectors: list[str] | tuple[str, ...]) -> set[str]:
    """Codes matched by selectors such as ``VC1``, ``VC101``, ``ALL``.
    Raises ValueError naming an unknown selector."""
    out: set[str] = set()
    for sel in selectors:
        s = sel.strip().upper()
        if not s:
            continue
        if s == "ALL":
            out |= {c for c, r in RULES.items() if not r.opt_in}
            continue
        matched = {c for c, r in RULES.items() if c == s or (c.startswith(s) and not r.opt_in)}
        if not matched:
            raise ValueError(f"unknown rule code {sel!r} (see `voicecheck rules`)")
        out |= matched
    return out
