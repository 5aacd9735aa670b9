"""Vocabulary matching on lemmas.

Every banned form of every term compiles into one of two phrase indexes (like
spaCy's PhraseMatcher: patterns keyed by their first token) run once per
document:

* case-insensitive terms match on ``norm_``, the lower-cased lemma, so
  "Customers'", "logged in" and "salespeople" match "customer", "log in" and
  "salesperson";
* case-sensitive terms (product names) match on ``lemma_``, the lemma with the
  token's own casing, so "Movara premium" is caught but "Movara Premium" is
  only caught when that exact casing is banned.

Documents come from :func:`voicecheck.nlp.tokens.make_doc` (spaCy's tokenizer
rules and lookup lemmas without importing spaCy); a spaCy ``Doc`` from
:func:`voicecheck.nlp.models.get_nlp` works the same, which is how the tests
prove both agree.

The lookup table does not know every word ("weigh-ins", made-up product
names), so each pattern is also added in its regular inflected spellings
(-s/-es/-ed/-ing with the usual spelling changes); both sides go through the
same lemmatizer, so a spelling the table knows collapses to its lemma and one
it doesn't stays as written. Allow phrases are matched the same way
(case-insensitive) and exempt any banned match inside them.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from voicecheck.nlp.tokens import make_doc as default_make_doc
from voicecheck.vocab import Term

VOWELS = "aeiou"
PARTICLES = {"in", "on", "up", "out", "off", "down", "over", "back", "into", "through"}


def word_forms(word: str) -> set[str]:
    """Regular plural, possessive-free noun and verb spellings of one word."""
    w = word
    low = w.lower()
    up = str.upper if w.isupper() and len(w) > 1 else (lambda s: s)
    forms = {w, w + up("s"), w + up("es"), w + up("ed"), w + up("ing")}
    if low.endswith("e"):
        forms |= {w + up("d"), w[:-1] + up("ing")}
    if len(low) > 1 and low.endswith("y") and low[-2] not in VOWELS:
        forms |= {w[:-1] + up("ies"), w[:-1] + up("ied")}
    if len(low) >= 3 and low[-1] not in VOWELS + "wxy" and low[-2] in VOWELS and low[-3] not in VOWELS:
        forms |= {w + w[-1] + up("ed"), w + w[-1] + up("ing")}
    return forms


def phrase_variants(form: str) -> set[str]:
    """Spellings of a banned form: one word takes noun and verb endings; a
    phrasal verb (last word a particle) inflects its first word; another
    phrase inflects its last word."""
    words = form.split()
    if not words:
        return set()
    if len(words) == 1:
        return word_forms(words[0])
    if words[-1].lower() in PARTICLES:
        return {" ".join([v] + words[1:]) for v in word_forms(words[0])}
    return {" ".join(words[:-1] + [v]) for v in word_forms(words[-1])}


@dataclass(frozen=True, slots=True)
class TermMatch:
    term: Term
    form: str  # the banned form as listed in instead_of
    start: int  # token index
    end: int  # token index (exclusive)
    allowed: bool  # inside one of the term's allow phrases


@dataclass(frozen=True, slots=True)
class SpellingMatch:
    group: int  # index of the consistency group
    spelling: str | None  # which listed spelling it is, None when it is none of them exactly
    start: int
    end: int


class _PhraseIndex:
    """Phrase patterns keyed by their first token's lemma; finds every
    occurrence of every pattern, like spaCy's PhraseMatcher."""

    def __init__(self, cased: bool):
        self.cased = cased
        self._by_first: dict[str, dict[tuple[str, ...], list[int]]] = {}

    @property
    def first_lemmas(self) -> set[str]:
        """Lower-cased lemmas that can start a match."""
        return {k.lower() for k in self._by_first}

    def key(self, tok) -> str:
        return tok.lemma_ if self.cased else tok.norm_

    def add(self, key: int, docs: list) -> None:
        for doc in docs:
            seq = tuple(self.key(t) for t in doc)
            if seq:
                keys = self._by_first.setdefault(seq[0], {}).setdefault(seq, [])
                if key not in keys:
                    keys.append(key)

    def __call__(self, doc) -> list[tuple[int, int, int]]:
        if not self._by_first:
            return []
        seq = [self.key(t) for t in doc]
        n = len(seq)
        out = []
        for s, first in enumerate(seq):
            pats = self._by_first.get(first)
            if not pats:
                continue
            for pat, keys in pats.items():
                e = s + len(pat)
                if e <= n and (len(pat) == 1 or tuple(seq[s:e]) == pat):
                    out.extend((k, s, e) for k in keys)
        return out


def _shape(pattern_doc, case_sensitive: bool) -> tuple[tuple[str, str | None], ...]:
    """Per pattern token: the lemma it matches on, and the exact spelling
    required when the pattern word is itself inflected (None: any inflection
    of the lemma). A banned form that is itself inflected ("Skyhold teams")
    must not match its lemma ("Skyhold team")."""
    out = []
    for tok in pattern_doc:
        lemma = tok.lemma_ if case_sensitive else tok.norm_
        exact = None if tok.lower_ == tok.norm_ else (tok.text if case_sensitive else tok.lower_)
        out.append((lemma, exact))
    return tuple(out)


def _noun_only(term: Term) -> bool:
    """Is the term about a noun? True when each banned form is one word and
    the preferred word has no verb forms in the lemma table ("item": no
    "itemed"), so "work item" instead of "issue" bans the noun only. Verbs and
    phrasal verbs ("sign in" for "log in") keep every inflection."""
    from voicecheck.nlp.tokens import lemma_table

    if term.case_sensitive or any(" " in f.strip() for f in term.instead_of):
        return False
    table = lemma_table()
    head = term.use.split()[-1].lower()
    return not any(v in table for v in word_forms(head) if v.endswith(("ed", "ing")))


def _verb_form(span, form: str) -> bool:
    """Does a one-word match read as a verb form (-ed, -ing) the banned form is not?"""
    word = span[-1].lower_
    return word.endswith(("ed", "ing")) and not form.lower().endswith(("ed", "ing")) and word != form.lower()


class TermMatcher:
    """All terms of a vocabulary compiled into phrase indexes."""

    def __init__(self, terms: tuple[Term, ...], make_doc: Callable = default_make_doc):
        self.terms = terms
        self._insensitive = _PhraseIndex(cased=False)
        self._sensitive = _PhraseIndex(cased=True)
        self._allow = _PhraseIndex(cased=False)
        self._keys: list[tuple[int, str]] = []  # match id -> (term index, form)
        self._shapes: list[list[tuple[tuple[str, str | None], ...]]] = []
        # a term whose preferred word is a noun ("work item" for "issue") bans the noun: its
        # verb forms ("issued", "issuing") are another word that happens to share the lemma
        self._noun_only = [_noun_only(term) for term in terms]
        for ti, term in enumerate(terms):
            for form in term.instead_of:
                docs = [make_doc(v) for v in sorted(phrase_variants(form))]
                mid = len(self._keys)
                (self._sensitive if term.case_sensitive else self._insensitive).add(mid, docs)
                self._keys.append((ti, form))
                self._shapes.append([_shape(d, term.case_sensitive) for d in docs])
            if term.allow:
                variants = sorted({v for a in term.allow for v in phrase_variants(a)})
                self._allow.add(ti, [make_doc(v) for v in variants])

    @property
    def first_lemmas(self) -> set[str]:
        """Lower-cased lemmas a banned form can start with: text without one of
        them can't hold a match (allow phrases only matter around a match)."""
        return self._insensitive.first_lemmas | self._sensitive.first_lemmas

    def _inflects(self, mid: int, span) -> bool:
        cs = self.terms[self._keys[mid][0]].case_sensitive
        for shape in self._shapes[mid]:
            if len(shape) != len(span):
                continue
            if all((tok.lemma_ if cs else tok.norm_) == lemma and (exact is None or exact == (tok.text if cs else
                                                                                               tok.lower_))
                   for (lemma, exact), tok in zip(shape, span)):
                return True
        return False

    def matches(self, doc) -> list[TermMatch]:
        """Banned-form matches in ``doc``, longest first where they overlap for one term."""
        allowed: dict[int, list[tuple[int, int]]] = {}
        for ti, s, e in self._allow(doc):
            allowed.setdefault(ti, []).append((s, e))
        raw = self._insensitive(doc) + self._sensitive(doc)
        out: list[TermMatch] = []
        # per term, the tokens already covered by a match, and for each token the furthest end of an
        # allow phrase holding it: both checks cost the match's length, so a line of a million
        # banned words stays linear
        taken: dict[int, set[int]] = {}
        allow_end: dict[int, dict[int, int]] = {}
        for ti, spans in allowed.items():
            ends = allow_end[ti] = {}
            for a, b in spans:
                for i in range(a, b):
                    if ends.get(i, -1) < b:
                        ends[i] = b
        for mid, s, e in sorted(raw, key=lambda m: (m[1] - m[2], m[1], m[0])):
            ti, form = self._keys[mid]
            if not self._inflects(mid, doc[s:e]):
                continue
            if self._noun_only[ti] and _verb_form(doc[s:e], form):
                continue
            covered = taken.setdefault(ti, set())
            if any(i in covered for i in range(s, e)):
                continue
            covered.update(range(s, e))
            inside = allow_end.get(ti, {}).get(s, -1) >= e
            out.append(TermMatch(self.terms[ti], form, s, e, inside))
        out.sort(key=lambda m: (m.start, m.end))
        return out


class SpellingMatcher:
    """Occurrences of the spellings in the vocabulary's ``consistency`` groups.

    Matching ignores case and inflection; each occurrence is then classified
    by its exact spelling (a capital first letter at the start of a sentence
    does not make it a different spelling)."""

    def __init__(self, groups: tuple[tuple[str, ...], ...], make_doc: Callable = default_make_doc):
        self.groups = groups
        self._index = _PhraseIndex(cased=False)
        for gi, group in enumerate(groups):
            variants = sorted({v for s in group for v in phrase_variants(s)})
            self._index.add(gi, [make_doc(v) for v in variants])

    @property
    def first_lemmas(self) -> set[str]:
        return self._index.first_lemmas

    def matches(self, doc) -> list[SpellingMatch]:
        out: list[SpellingMatch] = []
        taken: set[int] = set()  # tokens covered by a match (checked per token: linear in the line)
        for gi, s, e in sorted(self._index(doc), key=lambda m: (m[1] - m[2], m[1], m[0])):
            if any(i in taken for i in range(s, e)):
                continue
            taken.update(range(s, e))
            out.append(SpellingMatch(gi, self._classify(doc, gi, s, e), s, e))
        out.sort(key=lambda m: m.start)
        return out

    def _classify(self, doc, gi: int, s: int, e: int) -> str | None:
        span = doc[s:e]
        text = " ".join(t.lemma_ for t in span)
        joined = span.text
        sentence_start = s == 0 or doc[s - 1].text in {".", "!", "?", ":", "\ufffc"}
        for spelling in self.groups[gi]:
            for candidate in (text, joined):
                if candidate == spelling or candidate.replace(" - ", "-") == spelling:
                    return spelling
                if sentence_start and candidate[:1].lower() + candidate[1:] == spelling[:1].lower() + spelling[1:]:
                    return spelling
        return None
