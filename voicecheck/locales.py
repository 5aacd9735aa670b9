"""Locale files side by side: which file holds which locale, the source-locale
catalog that keys in code resolve through, and the translation/source pairs
VC304 compares.

A file's locale is read from its path, against the codes the config names
(``locales: {source: en, compare: [de, fr]}``): a folder (``locales/de/``,
``de/LC_MESSAGES/``, ``values-de/``, ``de.lproj/``) or the file name
(``de.json``, ``messages.de.xlf``, ``app_de.arb``). The source counterpart of
a translation is the same path with the source code in place of the
translation's (Android's ``values-de/`` → ``values-en/`` or ``values/``).
Strings are matched by key, so the cost is linear in the keys of the files.
A gettext translation with no source catalog is compared with its msgid. An
XLIFF ``<target>`` is compared with the ``<source>`` of its own unit, whether or
not a source-locale file exists (a unit with no target is no translation); the
file's locale is read from its path, else from its target language
(``target-language="de-DE"`` is ``de`` when only ``de`` is configured).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from voicecheck.config import LocaleSettings, Settings, glob_match
from voicecheck.findings import Finding, InputError
from voicecheck.segments import Segment
from voicecheck.sources import ContentError, Parsed, parse, read_source


# bilingual files: each unit holds its source and its translation (``Parsed.bitext``)
_BILINGUAL = (".xlf", ".xliff")


def _norm(code: str) -> str:
    return code.replace("_", "-").lower()


def locale_of(rel: str, codes: tuple[str, ...]) -> str | None:
    """The one of ``codes`` that the path names, or None."""
    found = _locate(rel, codes)
    return found[0] if found else None


def language_code(language: str | None, codes: tuple[str, ...]) -> str | None:
    """The one of ``codes`` that a language tag (an XLIFF target language) names: the
    tag itself, else its language alone (``de-DE`` → ``de``), or None."""
    if not language:
        return None
    wanted = {_norm(c): c for c in codes}
    tag = _norm(language.strip())
    return wanted.get(tag) or wanted.get(tag.split("-", 1)[0])


def _locate(rel: str, codes: tuple[str, ...]):
    """(code, part index, prefix, suffix) of the path part naming a locale:
    ``part == prefix + code + suffix``. The file name is tried first."""
    wanted = {_norm(c): c for c in codes}
    parts = rel.split("/")
    order = [len(parts) - 1, *range(len(parts) - 2, -1, -1)]
    for i in order:
        part = parts[i]
        low = part.lower().replace("_", "-")
        if i == len(parts) - 1:
            stem, dot, ext = part.partition(".") if part.count(".") == 1 else part.rpartition(".")
            stem_low = stem.lower().replace("_", "-")
            for norm, code in wanted.items():
                if stem_low == norm:
                    return code, i, "", part[len(stem):]
                for sep in (".", "-", "_"):
                    if stem_low.endswith(sep + norm) and len(stem) > len(norm) + 1:
                        cut = len(stem) - len(norm)
                        return code, i, part[:cut], part[len(stem):]
                    if stem_low.startswith(norm + sep) and sep == ".":
                        return code, i, "", part[len(norm):]
            continue
        for norm, code in wanted.items():
            if low == norm:
                return code, i, "", ""
            if low == "values-" + norm:
                return code, i, part[:7], ""
            if low == norm + ".lproj":
                return code, i, "", part[len(norm):]
    return None


def counterparts(rel: str, code: str, other: str, codes: tuple[str, ...]) -> list[str]:
    """Paths of the file that holds locale ``other`` where ``rel`` holds ``code``."""
    found = _locate(rel, codes)
    if not found or found[0] != code:
        return []
    _, i, prefix, suffix = found
    parts = rel.split("/")
    part = parts[i]
    name = prefix + other + suffix
    if part.lower().replace("_", "-") != (prefix + code + suffix).lower().replace("_", "-"):
        name = prefix + other + part[len(prefix) + len(code):]
    out = ["/".join(parts[:i] + [name] + parts[i + 1:])]
    if prefix.lower() == "values-":  # Android: the default resources are the source
        out.append("/".join(parts[:i] + ["values"] + parts[i + 1:]))
    return out


@dataclass
class Pair:
    """One key in a translation and in the source locale."""

    key: str
    translation: Segment
    source_text: str
    source_where: str | None  # path:line of the source string; None when it is the msgid
    source: Segment | None = None
    locale: str | None = None  # the translation's locale, when its path does not name it (XLIFF)


@dataclass
class LocaleRun:
    catalog: dict[str, tuple[Segment, str]] = field(default_factory=dict)  # key → (segment, "path:line")
    pairs: list[Pair] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    resolved: dict[str, list[tuple[int, int, str, str]]] = field(default_factory=dict)  # path → spans


def _rel(settings: Settings, parsed: Parsed) -> str:
    if parsed.source.abspath is not None:
        try:
            return parsed.source.abspath.relative_to(settings.root).as_posix()
        except ValueError:
            pass
    return parsed.source.path


def _where(seg: Segment) -> str:
    return f"{seg.path}:{seg.position(0).line}"


def prepare(parsed: list[Parsed], settings: Settings, *, pairs: bool) -> LocaleRun:
    """The source catalog (for keys named in code) and, with ``pairs``, the
    translation/source pairs. Reads source-locale files that were not checked."""
    run = LocaleRun()
    loc: LocaleSettings = settings.locales
    codes = (loc.source, *loc.compare)
    by_path = {p.source.abspath.resolve(): p for p in parsed if p.source.abspath is not None}

    def load(rel: str) -> Parsed | None:
        path = (settings.root / rel)
        real = path.resolve()
        if real in by_path:
            return by_path[real]
        if not path.is_file():
            return None
        display = rel
        try:
            display = Path(path).absolute().relative_to(Path.cwd()).as_posix()
        except ValueError:
            pass
        try:
            got = parse(read_source(path, display, None, settings.max_file_size))
        except ContentError as exc:
            run.errors.append(InputError(exc.path, exc.message, exc.line, exc.column))
            got = None
        by_path[real] = got
        return got

    # the catalog: configured files, else the checked files that name the source locale
    sources: list[Parsed] = []
    if loc.files:
        for pattern in loc.files:
            for path in sorted(settings.root.glob(pattern.replace("{locale}", loc.source))):
                rel = path.relative_to(settings.root).as_posix()
                got = load(rel)
                if got is not None and got not in sources:
                    sources.append(got)
    else:
        sources = [p for p in parsed if locale_of(_rel(settings, p), codes) == loc.source]
    for p in sources:
        stem = Path(p.source.path).name.split(".")[0]
        prefixes = [""] if _norm(stem) == _norm(loc.source) else ["", f"{stem}.", f"{stem}:"]
        for seg in p.segments:
            if seg.key:
                for prefix in prefixes:
                    run.catalog.setdefault(prefix + seg.key, (seg, _where(seg)))

    if pairs and loc.compare:
        def compared(rel: str, code: str | None, glob_code: str | None) -> bool:
            if code is None or code == loc.source or code not in loc.compare:
                return False
            return not loc.files or any(glob_match(rel, f.replace("{locale}", glob_code or "*")) for f in loc.files)

        for p in parsed:
            rel = _rel(settings, p)
            code = locale_of(rel, codes)
            for bt in p.bitext:  # XLIFF: each target with its own unit's source
                own = code or language_code(bt.language, codes)
                if compared(rel, own, code):
                    run.pairs.append(Pair(bt.target.key or "", bt.target, bt.source.text, _where(bt.source),
                                          bt.source, own))
            if not compared(rel, code, code) or p.bitext or p.source.suffix in _BILINGUAL:
                continue  # an XLIFF unit holds its own source: a target is compared with it, above
            source = None
            for candidate in counterparts(rel, code, loc.source, codes):
                source = load(candidate)
                if source is not None:
                    break
            run.pairs.extend(_pairs(p, source))
    return run


def _pairs(translation: Parsed, source: Parsed | None) -> list[Pair]:
    """Pairs by key with the source-locale file, or, in gettext, with the msgid."""
    out: list[Pair] = []
    if source is None:
        if translation.source.suffix not in (".po", ".pot"):
            return out
        for seg in translation.segments:  # gettext: the msgid is the source text
            if seg.key and not seg.key.endswith("]") and seg.key != seg.text:
                out.append(Pair(seg.key, seg, seg.key, None))
        return out
    by_key: dict[str, list[Segment]] = {}
    for seg in source.segments:
        if seg.key:
            by_key.setdefault(seg.key, []).append(seg)
    for seg in translation.segments:
        found = by_key.get(seg.key) if seg.key else None
        if found and len(found) == 1:
            out.append(Pair(seg.key, seg, found[0].text, _where(found[0]), found[0]))
    return out


def resolve(parsed: list[Parsed], run: LocaleRun | None) -> None:
    """Turn each key named in code into a segment at the call holding the
    locale file's text; a key the catalog lacks is read as text when it reads
    as text (its fallback), else dropped (a key is not text)."""
    from array import array

    for p in parsed:
        for lk in p.lookups:
            hit = run.catalog.get(lk.key) if run is not None else None
            if hit is None:
                if lk.fallback is not None:
                    p.segments.append(lk.fallback)
                continue
            seg, where = hit
            n = len(seg.text)
            p.segments.append(Segment(p.source, seg.text, array("l", [lk.start] * n), array("l", [lk.end] * n),
                                      key=lk.key, context=lk.context))
            run.resolved.setdefault(p.source.path, []).append((lk.start, lk.end, lk.key, where))
        if p.lookups:
            p.segments.sort(key=lambda seg: seg.starts[0])


def name_locale_lines(findings: list[Finding], run: LocaleRun | None) -> list[Finding]:
    """A finding on text resolved from the locale file names where that text is."""
    if run is None or not run.resolved:
        return findings
    out = []
    for f in findings:
        for s, e, key, where in run.resolved.get(f.path, ()):
            if f.start is not None and s <= f.start and f.end is not None and f.end <= e:
                # no fix: the span is the key in the code, not the text
                f = dataclasses.replace(f, message=f"{f.message} (key '{key}', text at {where})", fix=None,
                                        evidence=tuple(f.evidence) + (("locale", f"{key} = {where}"),))
                break
        out.append(f)
    return out
