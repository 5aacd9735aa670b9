"""VC304 translation-drift: a translation that says something else than its source string.

What it does
    For every key present in the source locale and in a translation (JSON,
    YAML, .po, Android strings.xml, .strings, ARB; paired by key, see
    ``locales:`` in the config), and for every XLIFF 1.2/2.0 ``<target>``
    with the ``<source>`` of its own unit (the file's locale read from its
    path or its ``target-language``/``trgLang``), compares what must survive
    translation: placeholders (``{count}``, ``%s``, ``%1$s``, ``{{name}}``,
    ``:name``, ``%(name)s``, XLIFF ``<x/>`` and ``<ph>``) added or lost;
    numbers and durations that differ ("30 days" in English, "14 Tage" in
    German); and the product names of the vocabulary
    (``case_sensitive`` terms and the brand) translated or re-cased. Reported
    at the translation's line, with the source value and where it is.

Why
    A lost ``{count}`` crashes or prints raw braces; a trial that is 30 days
    in English and 14 in German is a broken promise in one market; "Fernway
    Plus" translated to "Fernway Extra" is a product that does not exist.
    Reviewers who read one language at a time don't see any of it.

Bad
    en.json: "trial": "Try Fernway Plus free for {days} days, 30 days in all"
    de.json: "trial": "Testen Sie Fernway plus 14 Tage lang kostenlos"

Good
    de.json: "trial": "Testen Sie Fernway Plus {days} Tage lang kostenlos, insgesamt 30 Tage"

Notes
    Opt-in by configuration: ``locales: {source: en, compare: [de, fr]}``.
    Numbers are compared as values (``1,000`` and ``1.000`` agree; ``9:00``
    is 9); numbers written as words are not read. Cost is linear in keys.
    Severity warning.
"""
from __future__ import annotations

import re
from collections import Counter

from voicecheck.checks.base import make_finding
from voicecheck.segments import PLACEHOLDER

CODE = "VC304"

_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,:]\d+)*(?![\w])")
_PLACEHOLDER_START = ("{", "%", ":", "$", "[[", "*|", "<")


def _placeholder_key(raw: str) -> str | None:
    """A normalised placeholder (``{ count }`` → ``{count}``, ``{n, plural, …}`` → ``{n}``),
    or None when the masked text is not a placeholder (a URL, an address)."""
    raw = raw.strip()
    if not raw.startswith(_PLACEHOLDER_START):
        return None
    if raw.startswith("{"):
        inner = raw.strip("{}").strip()
        name = inner.split(",", 1)[0].strip()
        braces = "{{" if raw.startswith("{{") else "{"
        return braces + name + ("}}" if braces == "{{" else "}")
    if re.match(r"<[A-Za-z]", raw):  # an XLIFF inline code: <x id="1"/>
        return " ".join(raw.split())
    return re.sub(r"\s+", "", raw)


def placeholders(seg) -> Counter:
    """The placeholders of a segment, from the source text under each masked character."""
    out: Counter = Counter()
    src = seg.source.text
    for i, ch in enumerate(seg.text):
        if ch == PLACEHOLDER:
            key = _placeholder_key(src[seg.starts[i]:seg.ends[i]])
            if key is not None:
                out[key] += 1
    return out


def placeholders_of_text(text: str) -> Counter:
    """The placeholders of a plain string value (a gettext msgid)."""
    from voicecheck.sources.inline import find_masks

    out: Counter = Counter()
    for s, e, kind in find_masks(text, tags=False):
        if kind == "mask":
            key = _placeholder_key(text[s:e])
            if key is not None:
                out[key] += 1
    return out


def numbers(text: str) -> Counter:
    out: Counter = Counter()
    for m in _NUMBER.finditer(text):
        value = m.group()
        if ":" in value:  # a time: 9:00 and 9 Uhr agree
            hours, _, minutes = value.partition(":")
            value = hours if minutes.strip("0") == "" else hours + ":" + minutes
        else:
            value = re.sub(r"[.,]", "", value).lstrip("0") or "0"
        out[value] += 1
    return out


def _names_problems(source: str, translation: str, names) -> list[str]:
    out = []
    for name in names:
        if not re.search(rf"(?<!\w){re.escape(name)}(?!\w)", source):
            continue
        if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", translation):
            continue
        if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", translation, re.I):
            out.append(f'"{name}" is re-cased')
        else:
            out.append(f'"{name}" is translated or left out')
    return out


def _diff(label: str, source: Counter, translation: Counter) -> list[str]:
    lost = sorted((source - translation).elements())
    added = sorted((translation - source).elements())
    out = []
    if label == "numbers":
        if lost or added:
            out.append(f"numbers differ: {', '.join(added) or 'none'} here, {', '.join(lost) or 'none'} in the source")
        return out
    if lost:
        out.append(f"{label} {', '.join(lost)} lost")
    if added:
        out.append(f"{label} {', '.join(added)} added")
    return out


def compare(pair, names) -> list[str]:
    """What differs between a translation and its source, as phrases."""
    seg = pair.translation
    src_ph = placeholders(pair.source) if pair.source is not None else placeholders_of_text(pair.source_text)
    problems = _diff("placeholder", src_ph, placeholders(seg))
    problems += _diff("numbers", numbers(pair.source_text), numbers(seg.text))
    problems += _names_problems(pair.source_text, seg.text, names)
    return problems


def check(pairs, names, source_locale: str, locale_of):
    """Findings for the pairs (``voicecheck.locales.Pair``) whose translation drifts."""
    for pair in pairs:
        problems = compare(pair, names)
        if not problems:
            continue
        seg = pair.translation
        shown = pair.source_text
        if pair.source is not None:  # as written in the source file, placeholders included
            shown = pair.source.source.text[pair.source.starts[0]:pair.source.ends[-1]]
        quoted = shown if len(shown) <= 120 else shown[:119] + "…"
        where = f" at {pair.source_where}" if pair.source_where else " (msgid)"
        message = (f"Translation ({pair.locale or locale_of(seg) or '?'}) of '{pair.key}' differs from the source "
                   f"({source_locale}): {'; '.join(problems)}. Source{where}: \"{quoted}\"")
        yield make_finding(seg, 0, len(seg.text), code=CODE, kind="translation", severity="warning",
                           message=message, evidence=tuple(("differs", p) for p in problems)
                           + (("source", f"{pair.source_where or 'msgid'}: {quoted}"),))
