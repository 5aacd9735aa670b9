"""voicecheck's spaCy-free tokens equal the spaCy pipeline's, token for token
(text, offset, lower-cased lemma, cased lemma), so vocabulary findings are the
same whichever produced the document."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from voicecheck.nlp.matchers import SpellingMatcher, TermMatcher
from voicecheck.nlp.models import get_nlp
from voicecheck.nlp.tokens import lemma_table, make_doc
from voicecheck.sources import ContentError, parse, parser_for, read_source
from voicecheck.vocab import load_vocabulary

from .conftest import ROOT, SHARED, shared_path

CASES = [
    "Our customers love it", "The Customer's account", "customers' accounts", "You logged in twice",
    "She logs on daily and is logging in now", "Weighing in is optional", "Your weigh-ins are weekly",
    "Check status.movara.app for updates", "Welcome to MoVara and MOVARA's team", "Customer_id is a key",
    " Leading space and  double  space\n\nnew paragraph\tcustomer", "Don't log in; you can't, won't or shouldn't.",
    "See e.g. Movara Inc. and/or the U.S. (customers)...", "\ufffc customers\ufffc\ufffcclient",
    "\u201cCustomers\u201d \u2014 the client\u2019s and clients\u2019 trainers!", "10km at 5pm, A-B, x/y, a,b",
    "log-in, LOG IN, Log In. Users?", "id ID Id: theyre I'm cannot", "$5 #1 @user _trainer trainer_",
    "Plans from $9.99/mo — 30-day trial, 24/7 support (Mon–Fri 9am–5pm).",
]


def tokens(doc):
    return [(t.idx, t.text, t.norm_, t.lemma_, t.whitespace_, t.is_space) for t in doc]


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


@pytest.mark.parametrize("text", CASES)
def test_tokens_equal_spacy(nlp, text):
    assert tokens(make_doc(text)) == tokens(nlp(text))


def _segments(root: Path):
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        if parser_for(str(path)) is None:
            continue
        try:
            yield from parse(read_source(path, str(path))).segments
        except ContentError:
            continue


def _differences(nlp, segments) -> list[tuple[str, list, list]]:
    out = []
    for seg in segments:
        a, b = tokens(nlp(seg.text)), tokens(make_doc(seg.text))
        if a != b:
            out.append((seg.text[:80], [x for x in a if x not in b][:3], [x for x in b if x not in a][:3]))
    return out


@pytest.mark.parametrize("corpus", ["bench/dev", "corpora/real"])
def test_every_string_of_the_benchmark_and_real_corpus(nlp, corpus):
    segments = list(_segments(shared_path(corpus)))
    assert len(segments) > 1000
    assert _differences(nlp, segments) == []


def test_same_findings_on_the_real_corpus_vocabulary(nlp):
    vocab = load_vocabulary(ROOT / "vocab" / "real-corpus.yaml")
    texts = ["The issue was issued to customers", "Open the help desk or the helpdesk", "canned responses"]
    terms = [TermMatcher(vocab.terms, make) for make in (make_doc, nlp)]
    groups = [SpellingMatcher(vocab.consistency, make) for make in (make_doc, nlp)]
    for text in texts:
        a, b = make_doc(text), nlp(text)
        assert terms[0].matches(a) == terms[1].matches(b)
        assert groups[0].matches(a) == groups[1].matches(b)


def test_a_vocabulary_run_imports_neither_spacy_nor_torch_nor_onnxruntime_nor_the_review_pages(tmp_path):
    (tmp_path / "v.yaml").write_text("brand: M\nterms:\n  - use: member\n    instead_of: [customer]\n")
    (tmp_path / "a.md").write_text("Dear customers,\n")
    code = ("import sys\nfrom voicecheck.cli import main\n"
            "rc = main(['check', 'a.md', '--vocab', 'v.yaml', '--format', 'json'])\n"
            "bad = sorted(n for n in sys.modules if n.split('.')[0] in ('spacy', 'thinc', 'torch', "
            "'sentence_transformers', 'onnxruntime', 'jinja2', 'markupsafe', 'http') or n in ("
            "'voicecheck.review_server', 'voicecheck.reporters.html', 'voicecheck.rewrites', 'socketserver'))\n"
            "assert rc == 1, rc\nassert not bad, bad\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


def test_the_shipped_lemma_table_is_spacy_lookups_data_s():
    """voicecheck/nlp/data/en_lemma_lookup.json.gz is spacy-lookups-data's English table, byte for byte
    (the dev extra installs the package, which a run no longer needs)."""
    lookups = pytest.importorskip("spacy_lookups_data", reason="spacy-lookups-data (dev extra) is not installed")
    from importlib.resources import files

    theirs = files(lookups.__name__).joinpath("data", "en_lemma_lookup.json.gz").read_bytes()
    ours = (ROOT / "voicecheck" / "nlp" / "data" / "en_lemma_lookup.json.gz").read_bytes()
    assert ours == theirs
    assert lemma_table()["salespeople"] == "salesperson"


def test_the_shipped_lexicon_is_wordnet_from_spacy_lookups_data():
    """voicecheck/nlp/data/en_pos_lexicon.txt.gz is rebuilt, line for line, from spacy-lookups-data's
    en_lemma_index and en_lemma_exc (the dev extra installs the package)."""
    import gzip

    pytest.importorskip("spacy_lookups_data", reason="spacy-lookups-data (dev extra) is not installed")
    from voicecheck.nlp.forms import build_lexicon_from_package, lexicon

    ours = gzip.decompress((ROOT / "voicecheck" / "nlp" / "data" / "en_pos_lexicon.txt.gz").read_bytes()).decode()
    assert ours == build_lexicon_from_package()
    lex = lexicon()
    assert "feed" in lex.verbs and "fee" in lex.nouns and lex.verb_irregular["pay"] == ("paid",)
    assert "feed" not in lex.verb_irregular.get("fee", ())  # "feed" lists itself: a word of its own
