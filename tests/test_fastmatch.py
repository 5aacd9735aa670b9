"""The spaCy-free matcher gives the same results as the spaCy one."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from voicecheck.nlp import fastmatch
from voicecheck.nlp.matchers import SpellingMatcher, TermMatcher
from voicecheck.nlp.models import get_nlp
from voicecheck.sources import ContentError, parse, parser_for, read_source
from voicecheck.vocab import load_vocabulary

from tests.test_matching import VOCAB

DEV = Path("/work/shared/bench/dev")

CASES = [
    "Our customers love it", "The Customer's account", "customers' accounts", "You logged in twice",
    "She logs on daily and is logging in now", "Weighing in is optional", "Your weigh-ins are weekly",
    "Meet your personal trainer", "Our salespeople call you", "Some files could not be synchronized",
    "Enter your user name", "Some email clients block images", "Use the cross-trainer", "Visit movara.app today",
    "Check status.movara.app for updates", "Welcome to movara", "Welcome to MoVara and MOVARA's team",
    "Upgrade to Movara Plus", "Upgrade to Movara Premium or Movara plus", "Upgrade to movara premium",
    "The username field", "Customer_id is a key",
    # tokenizer corners
    " Leading space and  double  space\n\nnew paragraph\tcustomer", "Don't log in; you can't, won't or shouldn't.",
    "See e.g. Movara Inc. and/or the U.S. (customers)...", "\ufffc customers\ufffc\ufffcclient",
    "\u201cCustomers\u201d \u2014 the client\u2019s and clients\u2019 trainers!", "10km at 5pm, A-B, x/y, a,b",
    "log-in, LOG IN, Log In. Users?", "id ID Id: theyre I'm cannot", "$5 #1 @user _trainer trainer_",
]


def tokens(doc):
    return [(t.idx, t.text, t.norm_, t.lemma_) for t in doc]


def term_key(doc, m):
    last = doc[m.end - 1]
    return doc[m.start].idx, last.idx + len(last.text), m.term.use, m.form, m.allowed


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


@pytest.mark.parametrize("text", CASES)
def test_tokens_match_spacy(nlp, text):
    assert tokens(fastmatch.make_doc(text)) == tokens(nlp(text))


@pytest.mark.parametrize("text", CASES)
def test_term_matches_match_spacy(nlp, text):
    slow, fast = TermMatcher(nlp, VOCAB.terms), fastmatch.FastTermMatcher(VOCAB.terms)
    a, b = nlp(text), fastmatch.make_doc(text)
    assert [term_key(b, m) for m in fast.matches(b)] == [term_key(a, m) for m in slow.matches(a)]
    assert fast.matches(b) == slow.matches(a)


def test_known_results():
    fast = fastmatch.FastTermMatcher(VOCAB.terms)
    doc = fastmatch.make_doc("Your weigh-ins and the Customer's MOVARA account at status.movara.app")
    got = [(doc[m.start:m.end].text, m.term.use, m.allowed) for m in fast.matches(doc)]
    assert got == [("weigh-ins", "check-in", False), ("Customer", "member", False), ("MOVARA", "Movara", False),
                   ("movara", "Movara", True)]
    assert [t.text for t in doc][-5:] == ["status", ".", "movara", ".", "app"]


def test_spelling_matches_match_spacy(nlp):
    groups = (("check-in", "check in", "checkin"), ("email", "e-mail"), ("Wi-Fi", "WiFi", "wifi"))
    slow, fast = SpellingMatcher(nlp, groups), fastmatch.FastSpellingMatcher(groups)
    text = "Email your check-ins. Check in by e-mail over WiFi or wi-fi; checkins and E-mail."
    assert fast.matches(fastmatch.make_doc(text)) == slow.matches(nlp(text))
    assert [m.spelling for m in fast.matches(fastmatch.make_doc(text))] == [
        "email", None, "check in", "e-mail", "WiFi", None, None, None]


def _segments(root: Path):
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        if parser_for(str(path)) is None:
            continue
        try:
            parsed = parse(read_source(path, str(path)))
        except ContentError:
            continue
        yield from parsed.segments


def compare(nlp, vocab, segments):
    """Differences between the two matchers: (segment text, spaCy-only, fast-only)."""
    slow_t = TermMatcher(nlp, vocab.terms) if vocab.terms else None
    fast_t = fastmatch.FastTermMatcher(vocab.terms) if vocab.terms else None
    slow_s = SpellingMatcher(nlp, vocab.consistency) if vocab.consistency else None
    fast_s = fastmatch.FastSpellingMatcher(vocab.consistency) if vocab.consistency else None
    diffs = []
    for seg in segments:
        a, b = nlp(seg.text), fastmatch.make_doc(seg.text)
        want = {(term_key(a, m)[:3], m.allowed) for m in (slow_t.matches(a) if slow_t else [])}
        got = {(term_key(b, m)[:3], m.allowed) for m in (fast_t.matches(b) if fast_t else [])}
        want |= {(a[m.start].idx, a[m.end - 1].idx + len(a[m.end - 1].text), m.group, m.spelling)
                 for m in (slow_s.matches(a) if slow_s else [])}
        got |= {(b[m.start].idx, b[m.end - 1].idx + len(b[m.end - 1].text), m.group, m.spelling)
                for m in (fast_s.matches(b) if fast_s else [])}
        if want != got:
            diffs.append((seg.text, sorted(want - got, key=str), sorted(got - want, key=str)))
    return diffs


@pytest.mark.skipif(not DEV.is_dir(), reason="bench corpus not available")
@pytest.mark.parametrize("brand", sorted(p.name for p in DEV.iterdir()) if DEV.is_dir() else [])
def test_bench_content_matches_spacy(nlp, brand):
    vocab = load_vocabulary(DEV / brand / "brand.yaml")
    assert compare(nlp, vocab, _segments(DEV / brand / "content")) == []


def test_does_not_import_spacy():
    code = ("import sys\n"
            "from voicecheck.nlp.fastmatch import FastTermMatcher, make_doc\n"
            "from tests.test_matching import VOCAB\n"
            "m = FastTermMatcher(VOCAB.terms)\n"
            "assert m.matches(make_doc('Our customers logged in')), 'no match'\n"
            "bad = sorted(n for n in sys.modules if n.split('.')[0] in ('spacy', 'torch', 'thinc'))\n"
            "assert not bad, bad\n")
    # tests.test_matching imports spaCy at top level, so build the vocabulary from YAML here instead
    code = code.replace("from tests.test_matching import VOCAB\n",
                        "from voicecheck.vocab import parse_vocabulary\n"
                        "VOCAB = parse_vocabulary('brand: M\\nterms:\\n  - use: member\\n"
                        "    instead_of: [customer]\\n  - use: sign in\\n    instead_of: [log in]\\n', 'v.yaml')\n")
    root = Path(__file__).resolve().parent.parent
    proc = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
