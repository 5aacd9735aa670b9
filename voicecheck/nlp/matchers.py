"""Vocabulary matching on spelled-out forms.

Every banned form of every term is spelled out in the forms it takes
(:mod:`voicecheck.nlp.forms`: "customer" → customers; "log in" → logs in,
logged in, logging in; "salesperson" → salespeople; a ``pos: noun`` form in its
noun forms only), each spelling is tokenized like the text, and all of them go
into two phrase indexes keyed by their first token (like spaCy's
PhraseMatcher) that run once per document:

* case-insensitive terms match on ``lower_``, so "Customers'" and "LOGGED IN"
  match;
* case-sensitive terms (product names) match on the token text, so "Movara
  premium" is caught but "Movara Premium" only when that exact casing is banned.

Matching spellings rather than lookup lemmas keeps apart the words a lemma
table merges: a brand that bans "fee" is not flagged on "bank feed".

Documents come from :func:`voicecheck.nlp.tokens.make_doc` (spaCy's tokenizer
rules without importing spaCy); a spaCy ``Doc`` from
:func:`voicecheck.nlp.models.get_nlp` works the same, which is how the tests
prove both agree. Allow phrases are matched the same way (case-insensitive,
any form): a banned match inside one of its term's allow phrases is allowed,
and one inside another term's allow phrase is found but never fixed.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from voicecheck.nlp.forms import allow_forms, phrase_forms
from voicecheck.nlp.tokens import make_doc as default_make_doc
from voicecheck.vocab import Term


def phrase_variants(form: str, pos: str | None = None) -> set[str]:
    """The spellings a banned form is matched in (see :func:`voicecheck.nlp.forms.phrase_forms`)."""
    return phrase_forms(form, pos)


@dataclass(frozen=True, slots=True)
class TermMatch:
    term: Term
    form: str  # the banned form as listed in instead_of
    start: int  # token index
    end: int  # token index (exclusive)
    allowed: bool  # inside one of the term's allow phrases
    sheltered: bool = False  # inside another term's allow phrase: found, but never fixed
    use: str | None = None  # the preferred term as this file spells it (another English variant), else None
    fixable: bool = True  # False when the preferred term itself holds a banned form (a fix would be flagged)


@dataclass(frozen=True, slots=True)
class SpellingMatch:
    group: int  # index of the consistency group
    spelling: str | None  # which listed spelling it is, None when it is none of them exactly
    start: int
    end: int


class _PhraseIndex:
    """Token sequences keyed by their first token; finds every occurrence of every
    sequence, like spaCy's PhraseMatcher."""

    def __init__(self, cased: bool):
        self.cased = cased
        self._by_first: dict[str, dict[tuple[str, ...], list[int]]] = {}

    @property
    def first_words(self) -> set[str]:
        """Lower-cased tokens that can start a match."""
        return {k.lower() for k in self._by_first}

    def key(self, tok) -> str:
        return tok.text if self.cased else tok.lower_

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


def _docs(make_doc: Callable, spellings: set[str]) -> list:
    return [make_doc(v) for v in sorted(spellings)]


def _ends(spans: list[tuple[int, int]]) -> dict[int, int]:
    """For each token, the furthest end of a span holding it."""
    ends: dict[int, int] = {}
    for a, b in spans:
        for i in range(a, b):
            if ends.get(i, -1) < b:
                ends[i] = b
    return ends


class TermMatcher:
    """All terms of a vocabulary compiled into phrase indexes.

    ``spell``, when given, respells every word of the vocabulary for another English
    variant (:mod:`voicecheck.spelling`): "organization" is matched and suggested as
    "organisation" in an en-GB file; a banned form that becomes the preferred term is dropped."""

    def __init__(self, terms: tuple[Term, ...], make_doc: Callable = default_make_doc,
                 spell: Callable[[str], str] | None = None):
        self.terms = terms
        self._insensitive = _PhraseIndex(cased=False)
        self._sensitive = _PhraseIndex(cased=True)
        self._allow = _PhraseIndex(cased=False)
        self._own = _PhraseIndex(cased=False)  # each term's preferred term, allowed for that term only
        self._keys: list[tuple[int, str]] = []  # match id -> (term index, form as listed)
        self._uses: list[str | None] = []
        for ti, term in enumerate(terms):
            use = spell(term.use) if spell else term.use
            self._uses.append(use if use != term.use else None)
            for form in term.instead_of:
                spelled = spell(form) if spell else form
                if spell and (spelled == use if term.case_sensitive else spelled.lower() == use.lower()):
                    continue  # the variant's own spelling of the preferred term
                variants = phrase_forms(spelled, term.pos_of(form))
                if spelled != form:
                    variants |= phrase_forms(form, term.pos_of(form))
                mid = len(self._keys)
                (self._sensitive if term.case_sensitive else self._insensitive).add(mid, _docs(make_doc, variants))
                self._keys.append((ti, form))
            allow = set(term.allow) | ({spell(a) for a in term.allow} if spell else set())
            if allow:
                self._allow.add(ti, _docs(make_doc, {v for a in allow for v in allow_forms(a)}))
            if not term.case_sensitive:  # the preferred term is never a violation of itself ("mail" in "e-mail")
                self._own.add(ti, _docs(make_doc, {v for a in {term.use, use} for v in allow_forms(a)}))
        # a preferred term that holds a banned form ("plant coach" where "coach" is banned) is never
        # written by a fix: the next run would flag it again
        self._fixable = [True] * len(terms)
        self._fixable = [not any(not m.allowed for m in self.matches(make_doc(u or t.use)))
                         for t, u in zip(terms, self._uses)]

    @property
    def first_words(self) -> set[str]:
        """Lower-cased tokens a banned form can start with: text without one of
        them can't hold a match (allow phrases only matter around a match)."""
        return self._insensitive.first_words | self._sensitive.first_words

    @property
    def fixable(self) -> list[bool]:
        """Per term: False when its preferred term holds a banned form (no fix is offered)."""
        return list(self._fixable)

    def matches(self, doc) -> list[TermMatch]:
        """Banned-form matches in ``doc``, longest first where they overlap for one term."""
        raw = self._insensitive(doc) + self._sensitive(doc)
        if not raw:
            return []
        allowed: dict[int, list[tuple[int, int]]] = {}
        for ti, s, e in self._allow(doc):
            allowed.setdefault(ti, []).append((s, e))
        own: dict[int, list[tuple[int, int]]] = {}
        for ti, s, e in self._own(doc):
            own.setdefault(ti, []).append((s, e))
        out: list[TermMatch] = []
        # per term, the tokens already covered by a match, and for each token the furthest end of an
        # allow phrase holding it: both checks cost the match's length, so a line of a million
        # banned words stays linear
        taken: dict[int, set[int]] = {}
        allow_end = {ti: _ends(allowed.get(ti, []) + own.get(ti, [])) for ti in allowed.keys() | own.keys()}
        any_allow_end = _ends([span for spans in allowed.values() for span in spans]) if allowed else {}
        # longest first; where several forms of a term match the same words, the one listed as written
        # ("booking" rather than "book" for "booking")
        low = [t.lower_ for t in doc]
        for mid, s, e in sorted(raw, key=lambda m: (m[1] - m[2], m[1], " ".join(low[m[1]:m[2]]) !=
                                                    self._keys[m[0]][1].lower(), m[0])):
            ti, form = self._keys[mid]
            covered = taken.setdefault(ti, set())
            if any(i in covered for i in range(s, e)):
                continue
            covered.update(range(s, e))
            inside = allow_end.get(ti, {}).get(s, -1) >= e
            sheltered = not inside and any_allow_end.get(s, -1) >= e
            out.append(TermMatch(self.terms[ti], form, s, e, inside, sheltered, self._uses[ti], self._fixable[ti]))
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
        # per group, the tokens of each spelling's forms, in the spelling's own casing
        self._cased: list[list[tuple[str, set[tuple[str, ...]]]]] = []
        for gi, group in enumerate(groups):
            cased = []
            for spelling in group:
                docs = _docs(make_doc, phrase_forms(spelling))
                self._index.add(gi, docs)
                cased.append((spelling, {tuple(t.text for t in d) for d in docs}))
            self._cased.append(cased)

    @property
    def first_words(self) -> set[str]:
        return self._index.first_words

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
        words = tuple(t.text for t in doc[s:e])
        sentence_start = s == 0 or doc[s - 1].text in {".", "!", "?", ":", "\ufffc"}
        lowered = (words[0][:1].lower() + words[0][1:],) + words[1:]
        for spelling, forms in self._cased[gi]:
            if words in forms:
                return spelling
        if sentence_start:
            for spelling, forms in self._cased[gi]:
                if any(lowered == (f[0][:1].lower() + f[0][1:],) + f[1:] for f in forms):
                    return spelling
        return None
