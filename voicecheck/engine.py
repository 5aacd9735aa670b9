"""The pipeline: files → segments → annotate once → checks → suppress → sorted findings.

Most of the work is one file at a time (:class:`FileChecker`): read, parse, tokenize, match the
vocabulary, build the file's findings and apply its suppressions. What a file leaves behind is a
small :class:`FileOutcome` (its findings, not its text or segments), so memory stays flat however
many files a run reads, and the files can be checked in a pool of processes
(:mod:`voicecheck.parallel`) with the same result, byte for byte. What needs every file waits for
the end: VC103 counts each spelling over all files before it words a finding, and the promise
checks (VC3xx) embed every passage in one process, where the models load once. A run with
``locales:`` in the config parses in the pool and checks in one process (its keys are resolved
across files)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from voicecheck.checks import registry
from voicecheck.checks.base import Annotated, CheckContext
from voicecheck.config import Settings, glob_match
from voicecheck.discover import FileTask
from voicecheck.findings import Finding, InputError, Report, Tally, sort_findings
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


def parse_files(tasks: list[FileTask], settings: Settings, on_error=None,
                jobs: int | None = 1, started=None) -> tuple[list[Parsed], list[InputError]]:
    """Read and parse every file (in a pool of ``jobs`` processes when the run is big enough:
    :func:`voicecheck.parallel.processes`); ``on_error(InputError)`` hears of each file that
    fails as it happens (the CLI prints it at once), and the errors are returned too.
    ``started()`` is called once the pool's processes have started."""
    from voicecheck import parallel, progress

    parsed: list[Parsed] = []
    errors: list[InputError] = []
    step = progress.stage("files parsed", len(tasks))
    processes = parallel.processes(jobs, tasks)
    if processes > 1:
        load_parsers(tasks)
    with parallel.ordered(Reader(settings), tasks, processes) as results:
        if started is not None:
            started()
        for result in results:
            if isinstance(result, InputError):
                errors.append(result)
                if on_error is not None:
                    on_error(result)
            else:
                parsed.append(result)
            step(1)
    return parsed, errors


def load_parsers(tasks: list[FileTask]) -> None:
    """Import the parser of each file type among ``tasks`` here, before a pool's processes are
    forked, so they share it instead of each importing it (Markdown's takes 25–50 ms), and let
    it build what it builds once per process (a parser module's ``prepare()``)."""
    from voicecheck.sources import parser_for

    for suffix in sorted({Path(t.display).suffix.lower() for t in tasks}):
        module = parser_for("x" + suffix)
        if module is not None and hasattr(module, "prepare"):
            module.prepare()


class Reader:
    """Reads and parses one file: its :class:`Parsed`, or the :class:`InputError` that stops it."""

    def __init__(self, settings: Settings):
        self.settings = settings

    def __call__(self, task: FileTask) -> Parsed | InputError:
        try:
            return parse(read_source(task.abspath, task.display, task.channel, self.settings.max_file_size))
        except ContentError as exc:
            return InputError(exc.path, exc.message, exc.line, exc.column)
        except RecursionError:
            return InputError(task.display, "nesting too deep to parse")


@dataclass
class FileOutcome:
    """What checking one file leaves for the rest of the run (:class:`FileChecker`): small and
    picklable. Its text and segments travel with it only when the caller keeps them."""

    path: str
    channel: str | None = None
    error: InputError | None = None  # the file could not be read or parsed (nothing else is set)
    segments: int = 0
    #: its findings so far, per-file ignores and suppressions applied; final when ``done``
    findings: list[Finding] = field(default_factory=list)
    #: VC103: (group, spelling, finding to word) for each listed spelling found, worded once every file is counted
    candidates: list[tuple[int, str, Finding]] = field(default_factory=list)
    ignored: frozenset[str] = frozenset()  # codes its per-file ignores turn off
    suppressions: FileSuppressions | None = None  # its directives, kept while findings may still come
    directive_lines: dict[int, str] = field(default_factory=dict)  # line -> its text (VC001's excerpt)
    suppression_error: InputError | None = None
    skipped_variant: str | None = None  # another English the vocabulary rules skip (en-GB…)
    done: bool = False  # no finding can be added later: ``findings`` is final (VC001 included)
    parsed: Parsed | None = None  # the whole parse, when kept (promise checks, the review report)
    source: SourceFile | None = None  # the file's text, when kept (--fix, review decisions)


class FileChecker:
    """Checks one file at a time, from reading it to its suppressed findings. Built once per run
    (the matchers are compiled once); a pool's processes inherit it.

    ``defer``: later stages add findings to every file (the promise checks), so none is final
    here and each keeps its parse; ``keep_parsed`` / ``keep_source``: each outcome carries the
    file's parse or text for the caller (the review report, ``--fix``)."""

    def __init__(self, vocab, settings: Settings, selected: set[str], *, defer: bool = False,
                 keep_parsed: bool = False, keep_source: bool = False):
        from voicecheck.checks.vocabulary import inconsistent_term

        self.vocab, self.settings, self.selected = vocab, settings, selected
        self.defer, self.keep_parsed, self.keep_source = defer, keep_parsed or defer, keep_source
        self.ctx = CheckContext(vocab=vocab, settings=settings)
        checks = {code: fn for code, fn in _vocabulary_checks().items() if code in selected}
        self.matching = Matching(vocab, settings) if checks and (vocab.terms or vocab.consistency) else None
        self.per_file = [fn for code, fn in sorted(checks.items()) if code != inconsistent_term.CODE]
        self.consistency = inconsistent_term.CODE in checks and bool(vocab.consistency)
        self.known = set(registry.RULES)
        self.read = Reader(settings)

    def prepare(self) -> None:
        """Load now what checking loads on first use (the part-of-speech lexicon that fixes read),
        before a pool forks: its workers then share it instead of each loading it."""
        if self.matching is not None and self.vocab.terms:
            from voicecheck.nlp.forms import lexicon

            lexicon()

    def __call__(self, task: FileTask) -> FileOutcome:
        parsed = self.read(task)
        if isinstance(parsed, InputError):
            return FileOutcome(task.display, task.channel, error=parsed)
        return self.check(parsed)

    def check(self, parsed: Parsed) -> FileOutcome:
        """The outcome of one parsed file."""
        from voicecheck.checks.vocabulary import inconsistent_term

        if parsed.lookups:
            from voicecheck import locales

            locales.resolve([parsed], None)  # keys named in code, without a locale catalog: their fallback text
        source = parsed.source
        out = FileOutcome(source.path, source.channel, segments=len(parsed.segments))
        rel = _rel(parsed, self.settings)
        findings: list[Finding] = []
        if self.matching is not None:
            variant = self.matching.variant(parsed, rel)
            if variant is not None and not variant[1]:
                out.skipped_variant = variant[0]
            items = self.matching.items(parsed, variant)
            for check in self.per_file:
                findings.extend(check(items, self.ctx))
            if self.consistency:
                out.candidates = list(inconsistent_term.occurrences(items))
        ignored: set[str] = set()
        for glob, codes in self.settings.per_file_ignores:
            if glob_match(rel, glob) or glob_match(source.path, glob):
                ignored |= registry.expand(codes)
        out.ignored = frozenset(ignored)
        findings = [f for f in findings if f.code not in ignored]
        try:
            directives = parse_directives(parsed.comments, self.known)
        except SuppressionError as exc:
            out.suppression_error = InputError(source.path, exc.message, exc.line)
            directives = []
        if directives:
            lines = sorted((s.position(0).line, s.end_position(len(s.text)).line) for s in parsed.segments)
            out.suppressions = FileSuppressions.build(directives, lines, source.line_count)
            findings = [f for f in findings if not out.suppressions.suppresses(f)]
            out.directive_lines = {d.line: source.line_text(d.line) for d in directives}
        out.findings = findings
        if not out.candidates and not self.defer:
            out.findings = finish(out, [], self.selected)
            out.done = True
        if self.keep_parsed:
            out.parsed = parsed
        if self.keep_source:
            out.source = source
        return out


def finish(out: FileOutcome, later: list[Finding], selected: set[str]) -> list[Finding]:
    """A file's final findings: those found with it, then ``later`` ones (VC103, the promise
    checks) that its per-file ignores and suppressions let through, then VC001 for each
    suppression that silenced nothing."""
    kept = list(out.findings)
    later = [f for f in later if f.code not in out.ignored]
    sup = out.suppressions
    if sup is None:
        return kept + later
    kept += [f for f in later if not sup.suppresses(f)]
    if "VC001" in selected and "VC001" not in out.ignored:
        for d in sup.unused():
            if d.codes is not None and not (d.codes & selected):
                continue  # the rule didn't run, so we can't tell
            codes = "" if d.codes is None else f"[{', '.join(sorted(d.codes))}]"
            text = out.directive_lines[d.line]
            kept.append(Finding(
                path=out.path, line=d.line, column=1, end_line=d.line, end_column=len(text) + 1, code="VC001",
                kind="meta", severity="warning", message=f"Unused suppression 'voicecheck: {d.kind}{codes}': "
                                                         f"nothing to silence here; remove it",
                channel=out.channel, excerpt=text[:240]))
    return kept


def _rel(parsed: Parsed, settings: Settings | None) -> str:
    if settings is not None and parsed.source.abspath is not None:
        from voicecheck.discover import under

        fast = under(parsed.source.abspath, settings.root)
        if fast is not None:
            return fast
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


class Matching:
    """The vocabulary compiled for matching, built once per process: the term and spelling
    matchers, the prefilter of words that can start a match, and (built when first needed) the
    term matchers of each other English spelling family the config checks."""

    def __init__(self, vocab, settings: Settings | None = None):
        from voicecheck.nlp.matchers import SpellingMatcher, TermMatcher
        from voicecheck.nlp.tokens import surface_pattern

        self.vocab, self.settings = vocab, settings
        self.terms = TermMatcher(vocab.terms) if vocab.terms else None
        self.spellings = SpellingMatcher(vocab.consistency) if vocab.consistency else None
        # most strings hold no word that could start a match: skip tokenizing those
        self.candidates = surface_pattern((self.terms.first_words if self.terms else set()) |
                                          (self.spellings.first_words if self.spellings else set()))
        from voicecheck.spelling import variant_of

        self._variant_of = variant_of
        self.english = settings.english if settings is not None else None
        self.own = self.english.vocabulary if self.english else "en-US"
        self._families: dict[str, tuple] = {}  # spelling family -> (term matcher, candidates)

    def variant(self, parsed: Parsed, rel: str | None = None) -> tuple[str, bool] | None:
        """(English variant, checked) of a locale file of an English other than the vocabulary's,
        else None (see :func:`english_variants`). ``rel``: the file's path relative to the root,
        when the caller has it."""
        variant = self._variant_of(rel if rel is not None else _rel(parsed, self.settings))
        if variant is None or variant == self.own:
            return None
        return variant, bool(self.english and variant in self.english.check)

    def _family(self, variant: str) -> tuple:
        from voicecheck.nlp.matchers import TermMatcher
        from voicecheck.nlp.tokens import surface_pattern
        from voicecheck.spelling import family, respell

        key = family(variant)
        if key == family(self.own):
            return self.terms, self.candidates
        if key not in self._families:
            spelled = TermMatcher(self.vocab.terms, spell=lambda text, v=variant: respell(text, self.own, v)) \
                if self.vocab.terms else None
            self._families[key] = (spelled, surface_pattern(spelled.first_words if spelled else set()))
        return self._families[key]

    def items(self, parsed: Parsed, variant: tuple[str, bool] | None) -> list[Annotated]:
        """Each segment of the file that may hold a match, tokenized once, with its term and
        spelling matches. A file of another English variant is matched in its own spelling when
        the config lists the variant, and skipped otherwise; VC103 counts the vocabulary's own
        English only."""
        from voicecheck.nlp.tokens import make_doc

        term_matcher, group_matcher, pattern = self.terms, self.spellings, self.candidates
        if variant is not None:
            name, checked = variant
            if not checked:
                return []  # another English variant the config does not list
            term_matcher, pattern = self._family(name)
            group_matcher = None
        items: list[Annotated] = []
        for seg in parsed.segments:
            if pattern is None or not pattern.search(seg.text.lower()):
                continue
            doc = make_doc(seg.text)
            items.append(Annotated(
                seg, doc,
                term_matcher.matches(doc) if term_matcher else [],
                group_matcher.matches(doc) if group_matcher else [],
            ))
        return items


def annotate(parsed: list[Parsed], vocab, settings: Settings | None = None) -> list[Annotated]:
    """Tokenize every segment once and attach the term matches (:meth:`Matching.items`, file by
    file). A locale file of another English variant is matched in its own spelling when the
    config lists the variant, and skipped otherwise (:func:`english_variants`)."""
    matching = Matching(vocab, settings)
    return [item for p in parsed for item in matching.items(p, matching.variant(p))]


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


@dataclass(frozen=True)
class Keep:
    """What a run's :class:`Result` holds beyond the findings: each file's text (``sources``:
    ``--fix``, review decisions) and segments (``segments``: the review report). A plain
    ``check`` keeps neither, so its memory does not grow with the content."""

    sources: bool = True
    segments: bool = True


KEEP_ALL = Keep()


def run(tasks: list[FileTask], vocab, settings: Settings, selected: set[str],
        baseline: Baseline | None = None, progress=None, on_error=None, *, jobs: int | None = 1,
        keep: Keep = KEEP_ALL, on_file=None) -> Result:
    """The whole pipeline. ``progress(stage, done, total)`` hears how far each slow stage is
    (files parsed, passages embedded, pairs judged: :mod:`voicecheck.progress`);
    ``on_error(InputError)`` hears of each file that can't be parsed, as it happens.

    ``jobs``: processes to check files in (None: one per core), used when the run is big enough
    to pay for them (:func:`voicecheck.parallel.processes`); the result is the same either way.
    ``on_file(findings)``, only where :func:`can_stream` allows it, hears each file's final
    findings (sorted) in the order of the files, as soon as they are known; they are then
    counted in ``report.written`` instead of kept in ``report.findings``."""
    from voicecheck import progress as progress_

    if on_file is not None and not can_stream(vocab, settings, selected):
        raise ValueError("this run's findings can't be streamed (see engine.can_stream)")
    with progress_.listening(progress):
        if settings.locales is not None:
            return _run_gathered(tasks, vocab, settings, selected, baseline, on_error, jobs)
        return _run_files(tasks, vocab, settings, selected, baseline, on_error, jobs, keep, on_file)


def _promise_run(vocab, selected: set[str]) -> bool:
    return bool({"VC301", "VC302", "VC303"} & selected and vocab.promises)


def can_stream(vocab, settings: Settings, selected: set[str]) -> bool:
    """Can a run hand each file's findings out as soon as the file is checked (``run(...,
    on_file=...)``)? Not when the promise checks or ``locales:`` relate files to each other; VC103
    (counted over every file) holds the files from its first spelling found to the end."""
    return settings.locales is None and not _promise_run(vocab, selected)


def _run_files(tasks: list[FileTask], vocab, settings: Settings, selected: set[str], baseline: Baseline | None,
               on_error, jobs: int | None, keep: Keep, on_file) -> Result:
    """The run without ``locales:``: every file checked on its own (:class:`FileChecker`, in a
    pool when it pays), then what needs every file: VC103's counts and the promise checks."""
    from voicecheck import parallel, progress
    from voicecheck.checks.vocabulary import inconsistent_term

    promises = _promise_run(vocab, selected)
    checker = FileChecker(vocab, settings, selected, defer=promises, keep_parsed=keep.segments,
                          keep_source=keep.sources)
    severity = severities(vocab, settings)
    if on_file is not None:
        tasks = sorted(tasks, key=lambda t: t.display)  # streamed findings come out in the order of their paths
    errors: list[InputError] = []
    late_errors: list[InputError] = []  # suppression comments that can't be read
    findings: list[Finding] = []
    written = Tally() if on_file is not None else None
    pending: list[FileOutcome] = []  # files whose findings wait for the whole run
    counts: dict[int, Counter] = {}  # VC103: group -> spelling -> occurrences
    parsed: list[Parsed] = []
    sources: dict[str, SourceFile] = {}
    skipped_variants: list[tuple[str, str]] = []
    files = segments = 0

    def emit(file_findings: list[Finding]) -> None:
        file_findings = [severity(f) for f in file_findings]
        if baseline is not None:
            file_findings = [f for f in file_findings if not baseline.suppresses(f)]
        if written is None:
            findings.extend(file_findings)
        elif file_findings:
            file_findings = sort_findings(file_findings)
            written.add(file_findings)
            on_file(file_findings)

    step = progress.stage("files parsed", len(tasks))
    processes = parallel.processes(jobs, tasks)
    if processes > 1:
        load_parsers(tasks)
        checker.prepare()
    with parallel.ordered(checker, tasks, processes) as outcomes:
        prefetch_models(vocab, settings, selected)  # after the pool's processes have started (fork)
        for out in outcomes:
            step(1)
            if out.error is not None:
                errors.append(out.error)
                if on_error is not None:
                    on_error(out.error)
                continue
            files += 1
            segments += out.segments
            if out.suppression_error is not None:
                late_errors.append(out.suppression_error)
            if out.skipped_variant is not None:
                skipped_variants.append((out.path, out.skipped_variant))
            for group, spelling, _ in out.candidates:
                counts.setdefault(group, Counter())[spelling] += 1
            if out.parsed is not None:
                parsed.append(out.parsed)
                out.parsed = None
            if out.source is not None:
                sources[out.path] = out.source
                out.source = None
            if out.done and not pending:
                emit(out.findings)
            else:
                pending.append(out)

    links, rows, groups = [], [], []
    later: dict[str, list[Finding]] = {}
    if promises:
        found: list[Finding] = []
        links, rows, groups = _promise_checks(parsed, vocab, settings, selected, CheckContext(vocab=vocab,
                                                                                               settings=settings),
                                              found)
        for f in found:
            later.setdefault(f.path, []).append(f)
    for out in pending:
        if out.done:
            emit(out.findings)
            continue
        extra = list(inconsistent_term.worded(out.candidates, counts, vocab.consistency))
        emit(finish(out, extra + later.pop(out.path, []), selected))
    for rest in later.values():  # findings outside the checked files (a promise's line in the vocabulary)
        emit(rest)
    report = Report(sort_findings(findings), sorted(errors + late_errors, key=lambda e: (e.path, e.line or 0)),
                    files=files, segments=segments, written=written)
    return Result(report, sources, baseline.stale() if baseline is not None else 0, links, rows, groups,
                  {p.source.path: p.segments for p in parsed} if keep.segments else {}, sorted(skipped_variants))


def _run_gathered(tasks: list[FileTask], vocab, settings: Settings, selected: set[str], baseline: Baseline | None,
                  on_error, jobs: int | None) -> Result:
    """The run with ``locales:`` in the config: keys named in code are resolved through the
    source-locale files and VC304 compares each translation with its source, so every file is
    parsed (in a pool when it pays) before any is checked, in this process."""
    from voicecheck import parallel

    parsed, errors = parse_files(tasks, settings, on_error, jobs,
                                 started=lambda: prefetch_models(vocab, settings, selected))
    ctx = CheckContext(vocab=vocab, settings=settings)
    findings: list[Finding] = []
    from voicecheck import locales

    locale_run = locales.prepare(parsed, settings, pairs="VC304" in selected)
    errors.extend(locale_run.errors)
    if any(p.lookups for p in parsed):
        locales.resolve(parsed, locale_run)  # keys named in code: the locale file's text, at the call

    checks = {code: fn for code, fn in _vocabulary_checks().items() if code in selected}
    skipped_variants: list[tuple[str, str]] = []
    if checks and (vocab.terms or vocab.consistency):
        items = annotate(parsed, vocab, settings)
        for code, fn in sorted(checks.items()):
            findings.extend(fn(items, ctx))
        skipped_variants = sorted((path, variant) for path, (variant, checked)
                                  in english_variants(parsed, settings).items() if not checked)

    if "VC304" in selected:
        findings.extend(_translation_checks(locale_run, vocab, settings))

    links, rows, groups = [], [], []
    if _promise_run(vocab, selected):
        links, rows, groups = _promise_checks(parsed, vocab, settings, selected, ctx, findings)

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


def severities(vocab, settings: Settings):
    """A function giving each finding its severity, most specific first: the term's or
    promise's own ``severity:`` in the vocabulary, then ``severity:`` for its code in the
    config, then the rule's default (the registry)."""
    import dataclasses

    terms = {t.use: t.severity for t in vocab.terms if t.severity}
    promises = {p.id: p.severity for p in vocab.promises if p.severity}
    by_code = dict(settings.severity)

    def severity(f: Finding) -> Finding:
        own = None
        if f.code in ("VC101", "VC102") and f.term is not None:
            own = terms.get(f.term)
        elif f.promise is not None:
            own = promises.get(f.promise)
        rule = registry.RULES.get(f.code)
        level = own or by_code.get(f.code) or (rule.severity if rule else f.severity)
        return f if level == f.severity else dataclasses.replace(f, severity=level)

    return severity


def apply_severity(findings: list[Finding], vocab, settings: Settings) -> list[Finding]:
    """Each finding with its severity (:func:`severities`)."""
    severity = severities(vocab, settings)
    return [severity(f) for f in findings]


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
    from voicecheck.promises.passages import passages

    require_promise_packages()
    from voicecheck.nlp.embeddings import set_backend

    _check_declared_facets(vocab)
    set_backend(str(settings.promises.get("backend", "auto")))
    opts = Options.from_settings(settings.promises, settings.cache_dir or default_cache_dir())
    ctx.promise_options = opts
    segments = [seg for p in parsed for seg in p.segments]
    channels = {coverage.channel_of(p.source.channel) for p in parsed}
    links, rows, groups = [], [], []
    items = passages(segments)  # the sentences judged, cut once for every check below
    _prefetch_parser(items, vocab, opts, selected)
    if {"VC301", "VC302"} & selected:
        links = analyze(segments, vocab.promises, opts, synonyms(vocab.terms), vocab.brand, product_names(vocab),
                        items=items)
        reported = contradiction.flagged(links, opts.threshold)
        if "VC301" in selected:
            findings.extend(contradiction.check(links, ctx))
        rows = coverage.compute(links, {id(lk) for lk in reported}, channels, vocab.promises)
        if "VC302" in selected:
            findings.extend(unconfirmed.check(rows, channels))
    if "VC303" in selected:
        groups = fact_drift.detect(segments, opts.embedding_model, opts.cache_dir, vocab.brand, items=items)
        findings.extend(drift.check(groups))
    return links, rows, groups


def _prefetch_parser(items, vocab, opts, selected: set[str]) -> None:
    """Start loading spaCy's pipeline in the background (``models.prefetch_parser``) when the
    promise checks will read a sentence not read before (its claims are not in the cache), so
    that the load overlaps with the embedding model's and with retrieval, instead of following
    them. Only when both models run on onnxruntime: a run that loads torch imports spaCy when it
    needs it, in the thread that needs it."""
    import sys

    from voicecheck.nlp.embeddings import backend_for

    if "torch" in sys.modules or backend_for(opts.embedding_model) != "onnx" or (
            opts.contradiction_model != "none" and backend_for(opts.contradiction_model) != "onnx"):
        return
    from voicecheck.promises import analysis
    from voicecheck.promises import drift as fact_drift

    if ("VC303" in selected and fact_drift.will_parse(items, opts.cache_dir)  # the cheaper question first
            or {"VC301", "VC302"} & selected and analysis.will_parse(items, vocab.promises, opts,
                                                                    analysis.product_names(vocab))):
        from voicecheck.nlp.models import prefetch_parser

        prefetch_parser()


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
