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
