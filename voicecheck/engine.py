"""The pipeline: files → segments → annotate once → checks → suppress → sorted findings."""
from __future__ import annotations

from dataclasses import dataclass, field

from voicecheck.checks import registry
from voicecheck.checks.base import Annotated, CheckContext
from voicecheck.config import Settings, glob_match
from voicecheck.discover import FileTask
from voicecheck.findings import Finding, InputError, Report, sort_findings
from voicecheck.segments import SourceFile
from voicecheck.sources import ContentError, Parsed, parse, read_source
from voicecheck.suppress import Baseline, FileSuppressions, SuppressionError, parse_directives


def default_cache_dir():
    """$VOICECHECK_CACHE_DIR, else the user cache folder (platformdirs)."""
    import os
    from pathlib import Path

    if os.environ.get("VOICECHECK_CACHE_DIR"):
        return Path(os.environ["VOICECHECK_CACHE_DIR"])
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("voicecheck"))


def _vocabulary_checks():
    from voicecheck.checks.vocabulary import banned_term, inconsistent_term, name_casing

    return {banned_term.CODE: banned_term.check, name_casing.CODE: name_casing.check,
            inconsistent_term.CODE: inconsistent_term.check}


@dataclass
class Result:
    report: Report
    sources: dict[str, SourceFile] = field(default_factory=dict)
    stale_baseline: int = 0
    links: list = field(default_factory=list)  # promises.analysis.Link, when promise checks ran
    coverage: list = field(default_factory=list)  # coverage.CoverageRow per promise, when promise checks ran
    drift: list = field(default_factory=list)  # drift.DriftGroup, when the drift check ran
    segments: dict[str, list] = field(default_factory=dict)  # path -> the file's Segments (what readers see)
    skipped_variants: list = field(default_factory=list)  # (path, en-GB…): other Englishes the vocabulary rules skip


def parse_files(tasks: list[FileTask], settings: Settings, on_error=None) -> tuple[list[Parsed], list[InputError]]:
    """Read and parse every file; ``on_error(InputError)`` hears of each file that fails as it
    happens (the CLI prints it at once), and the errors are returned too."""
    from voicecheck import progress

    parsed: list[Parsed] = []
    errors: list[InputError] = []
    step = progress.stage("files parsed", len(tasks))
    for task in tasks:
        error = None
        try:
            source = read_source(task.abspath, task.display, task.channel, settings.max_file_size)
            parsed.append(parse(source))
        except ContentError as exc:
            error = InputError(exc.path, exc.message, exc.line, exc.column)
        except RecursionError:
            error = InputError(task.display, "nesting too deep to parse")
        if error is not None:
            errors.append(error)
            if on_error is not None:
                on_error(error)
        step(1)
    return parsed, errors


def _rel(parsed: Parsed, settings: Settings | None) -> str:
    if settings is not None and parsed.source.abspath is not None:
        try:
            return parsed.source.abspath.relative_to(settings.root).as_posix()
        except ValueError:
            pass
    return parsed.source.path


def english_variants(parsed: list[Parsed], settings: Settings | None) -> dict[str, tuple[str, bool]]:
    """Path -> (English variant, checked) for the locale files of an English other than the
    vocabulary's (``en-GB`` beside an en-US vocabulary): checked, in the variant's own
    spelling, when the config lists the variant (``english: {check: [en-GB]}``), else skipped
    by the vocabulary rules."""
    from voicecheck.spelling import variant_of

    english = settings.english if settings is not None else None
    own = english.vocabulary if english else "en-US"
    out: dict[str, tuple[str, bool]] = {}
    for p in parsed:
        variant = variant_of(_rel(p, settings))
        if variant is not None and variant != own:
            out[p.source.path] = (variant, bool(english and variant in english.check))
    return out


def annotate(parsed: list[Parsed], vocab, settings: Settings | None = None) -> list[Annotated]:
    """Tokenize every segment once and attach the term matches. A locale file of another
    English variant is matched in its own spelling when the config lists the variant, and
    skipped otherwise (:func:`english_variants`)."""
    from voicecheck.nlp.matchers import SpellingMatcher, TermMatcher
    from voicecheck.nlp.tokens import make_doc, surface_pattern

    from voicecheck.spelling import family, respell

    variants = english_variants(parsed, settings)
    terms = TermMatcher(vocab.terms) if vocab.terms else None
    spellings = SpellingMatcher(vocab.consistency) if vocab.consistency else None
    # most strings hold no word that could start a match: skip tokenizing those
    candidates = surface_pattern((terms.first_words if terms else set()) |
                                 (spellings.first_words if spellings else set()))
    own = settings.english.vocabulary if settings is not None else "en-US"
    matchers: dict[str, tuple] = {}  # spelling family -> (term matcher, candidates)
    for variant, checked in sorted(set(variants.values())):
        if checked and family(variant) != family(own) and family(variant) not in matchers:
            spelled = TermMatcher(vocab.terms, spell=lambda text, v=variant: respell(text, own, v)) \
                if vocab.terms else None
            matchers[family(variant)] = (spelled, surface_pattern(spelled.first_words if spelled else set()))
    items: list[Annotated] = []
    for p in parsed:
        term_matcher, group_matcher, pattern = terms, spellings, candidates
        if p.source.path in variants:
            variant, checked = variants[p.source.path]
            if not checked:
                continue  # another English variant the config does not list
            # checked in its own spelling; VC103 counts the vocabulary's own English only
            term_matcher, pattern = matchers.get(family(variant), (terms, candidates))
            group_matcher = None
        for seg in p.segments:
            if pattern is None or not pattern.search(seg.text.lower()):
                continue
            doc = make_doc(seg.text)
            items.append(Annotated(
                seg, doc,
                term_matcher.matches(doc) if term_matcher else [],
                group_matcher.matches(doc) if group_matcher else [],
            ))
    return items


def prefetch_models(vocab, settings: Settings, selected: set[str]) -> None:
    """Start loading the promise checks' ONNX models in the background when this run
    will need them, so that loading overlaps with parsing and the vocabulary checks."""
    if not ({"VC301", "VC302"} & selected and vocab.promises):
        return
    require_promise_packages()
    from voicecheck.nlp import embeddings

    raw = {**settings.promises}
    embeddings.set_backend(str(raw.get("backend", "auto")))
    kinds = []
    if embeddings.backend_for(str(raw.get("embedding-model", embeddings.DEFAULT_MODEL))) == "onnx":
        kinds.append("embedding")
    if raw.get("contradiction-model", "builtin") == "builtin" and embeddings.backend_for("builtin") == "onnx":
        kinds.append("contradiction")
    if kinds:
        from voicecheck.nlp import onnxrt

        onnxrt.prefetch(*kinds)


def require_promise_packages() -> None:
    """The promise checks need the ``promises`` extra: without it, one line saying so (ModelError)."""
    import importlib.util

    from voicecheck.nlp.errors import ModelError

    missing = [name for name in ("numpy",) if importlib.util.find_spec(name) is None]
    if missing:
        raise ModelError(f"the promise checks (VC3xx) need the promises extra ({', '.join(missing)} is missing): "
                         f"pip install 'voicecheck[promises]', or check vocabulary only with --select VC0,VC1")


def run(tasks: list[FileTask], vocab, settings: Settings, selected: set[str],
        baseline: Baseline | None = None, progress=None, on_error=None) -> Result:
    """The whole pipeline. ``progress(stage, done, total)`` hears how far each slow stage is
    (files parsed, passages embedded, pairs judged: :mod:`voicecheck.progress`);
    ``on_error(InputError)`` hears of each file that can't be parsed, as it happens."""
    from voicecheck import progress as progress_

    with progress_.listening(progress):
        return _run(tasks, vocab, settings, selected, baseline, on_error)


def _run(tasks: list[FileTask], vocab, settings: Settings, selected: set[str], baseline: Baseline | None,
         on_error) -> Result:
    prefetch_models(vocab, settings, selected)
    parsed, errors = parse_files(tasks, settings, on_error)
    ctx = CheckContext(vocab=vocab, settings=settings)
    findings: list[Finding] = []
    locale_run = None
    if settings.locales is not None:
        from voicecheck import locales

        locale_run = locales.prepare(parsed, settings, pairs="VC304" in selected)
        errors.extend(locale_run.errors)
    if any(p.lookups for p in parsed):
        from voicecheck import locales

        locales.resolve(parsed, locale_run)  # keys named in code: the locale file's text, at the call

    checks = {code: fn for code, fn in _vocabulary_checks().items() if code in selected}
    skipped_variants: list[tuple[str, str]] = []
    if checks and (vocab.terms or vocab.consistency):
        items = annotate(parsed, vocab, settings)
        for code, fn in sorted(checks.items()):
            findings.extend(fn(items, ctx))
        skipped_variants = sorted((path, variant) for path, (variant, checked)
                                  in english_variants(parsed, settings).items() if not checked)

    if locale_run is not None and "VC304" in selected:
        findings.extend(_translation_checks(locale_run, vocab, settings))

    links, rows, groups = [], [], []
    if {"VC301", "VC302", "VC303"} & selected and vocab.promises:
        links, rows, groups = _promise_checks(parsed, vocab, settings, selected, ctx, findings)

    if locale_run is not None:
        from voicecheck import locales

        findings = locales.name_locale_lines(findings, locale_run)
    findings = _suppress(findings, parsed, settings, selected, errors)
    findings = apply_severity(findings, vocab, settings)
    stale = 0
    if baseline is not None:
        findings = [f for f in findings if not baseline.suppresses(f)]
        stale = baseline.stale()
    report = Report(sort_findings(findings), sorted(errors, key=lambda e: (e.path, e.line or 0)),
                    files=len(parsed), segments=sum(len(p.segments) for p in parsed))
    return Result(report, {p.source.path: p.source for p in parsed}, stale, links, rows, groups,
                  {p.source.path: p.segments for p in parsed}, skipped_variants)


def apply_severity(findings: list[Finding], vocab, settings: Settings) -> list[Finding]:
    """Each finding's severity, most specific first: the term's or promise's own
    ``severity:`` in the vocabulary, then ``severity:`` for its code in the config,
    then the rule's default (the registry)."""
    import dataclasses

    terms = {t.use: t.severity for t in vocab.terms if t.severity}
    promises = {p.id: p.severity for p in vocab.promises if p.severity}
    by_code = dict(settings.severity)
    out = []
    for f in findings:
        own = None
        if f.code in ("VC101", "VC102") and f.term is not None:
            own = terms.get(f.term)
        elif f.promise is not None:
            own = promises.get(f.promise)
        rule = registry.RULES.get(f.code)
        level = own or by_code.get(f.code) or (rule.severity if rule else f.severity)
        out.append(f if level == f.severity else dataclasses.replace(f, severity=level))
    return out


def _translation_checks(run, vocab, settings: Settings) -> list[Finding]:
    """VC304: each translation key against the source locale."""
    from voicecheck.checks.locales import translation_drift
    from voicecheck.locales import locale_of

    names = sorted({t.use for t in vocab.terms if t.case_sensitive} | ({vocab.brand} if vocab.brand else set()))
    codes = (settings.locales.source, *settings.locales.compare)

    def locale(seg):
        path = seg.source.abspath
        rel = seg.path
        if path is not None:
            try:
                rel = path.relative_to(settings.root).as_posix()
            except ValueError:
                pass
        return locale_of(rel, codes)

    return list(translation_drift.check(run.pairs, names, settings.locales.source, locale))


def _promise_checks(parsed: list[Parsed], vocab, settings: Settings, selected: set[str], ctx: CheckContext,
                    findings: list[Finding]):
    """VC301 contradictions, the coverage table (and VC302), VC303 drift:
    the checks that need the embedding model."""
    from voicecheck.checks.promises import contradiction, drift, unconfirmed
    from voicecheck.promises import coverage
    from voicecheck.promises import drift as fact_drift
    from voicecheck.promises.analysis import Options, analyze, product_names, synonyms

    require_promise_packages()
    from voicecheck.nlp.embeddings import set_backend

    _check_declared_facets(vocab)
    set_backend(str(settings.promises.get("backend", "auto")))
    opts = Options.from_settings(settings.promises, settings.cache_dir or default_cache_dir())
    ctx.promise_options = opts
    segments = [seg for p in parsed for seg in p.segments]
    channels = {coverage.channel_of(p.source.channel) for p in parsed}
    links, rows, groups = [], [], []
    if {"VC301", "VC302"} & selected:
        links = analyze(segments, vocab.promises, opts, synonyms(vocab.terms), vocab.brand, product_names(vocab))
        reported = contradiction.flagged(links, opts.threshold)
        if "VC301" in selected:
            findings.extend(contradiction.check(links, ctx))
        rows = coverage.compute(links, {id(lk) for lk in reported}, channels, vocab.promises)
        if "VC302" in selected:
            findings.extend(unconfirmed.check(rows, channels))
    if "VC303" in selected:
        groups = fact_drift.detect(segments, opts.embedding_model, opts.cache_dir, vocab.brand)
        findings.extend(drift.check(groups))
    return links, rows, groups


def _check_declared_facets(vocab) -> None:
    """Declared facets whose values the claim readers can't read ("availability: whenever"):
    a vocabulary error at the promise's line, before any model loads. (Names and value
    types are checked when the vocabulary loads; see ``vocab.FACETS``.)"""
    from voicecheck.promises.claims.declared import problems
    from voicecheck.vocab import VocabError

    for p in vocab.promises:
        if not p.facets:
            continue
        found = problems(dict(p.facets))
        if found:
            key, what = found[0]
            path, _, line = p.origin.rpartition(":")
            raise VocabError(path or p.origin, int(line) if line.isdigit() else None,
                             f"promise {p.id!r}: facets.{key}: {what}") from None


def _suppress(findings: list[Finding], parsed: list[Parsed], settings: Settings, selected: set[str],
              errors: list[InputError]) -> list[Finding]:
    known = set(registry.RULES)
    by_path: dict[str, list[Finding]] = {}
    for f in findings:
        by_path.setdefault(f.path, []).append(f)
    kept: list[Finding] = []
    for p in parsed:
        path = p.source.path
        file_findings = by_path.pop(path, [])
        rel = path
        if p.source.abspath is not None:
            try:
                rel = p.source.abspath.relative_to(settings.root).as_posix()
            except ValueError:
                pass
        ignored: set[str] = set()
        for glob, codes in settings.per_file_ignores:
            if glob_match(rel, glob) or glob_match(path, glob):
                ignored |= registry.expand(codes)
        file_findings = [f for f in file_findings if f.code not in ignored]
        try:
            directives = parse_directives(p.comments, known)
        except SuppressionError as exc:
            errors.append(InputError(path, exc.message, exc.line))
            directives = []
        if not directives:
            kept.extend(file_findings)
            continue
        lines = sorted((s.position(0).line, s.end_position(len(s.text)).line) for s in p.segments)
        sup = FileSuppressions.build(directives, lines, p.source.line_count)
        kept.extend(f for f in file_findings if not sup.suppresses(f))
        if "VC001" in selected and "VC001" not in ignored:
            for d in sup.unused():
                if d.codes is not None and not (d.codes & selected):
                    continue  # the rule didn't run, so we can't tell
                codes = "" if d.codes is None else f"[{', '.join(sorted(d.codes))}]"
                text = p.source.line_text(d.line)
                kept.append(Finding(
                    path=path, line=d.line, column=1, end_line=d.line, end_column=len(text) + 1, code="VC001",
                    kind="meta", severity="warning", message=f"Unused suppression 'voicecheck: {d.kind}{codes}': "
                                                             f"nothing to silence here; remove it",
                    channel=p.source.channel, excerpt=text[:240]))
    for rest in by_path.values():
        kept.extend(rest)
    return kept
