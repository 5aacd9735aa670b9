"""Vocabulary matching with spaCy PhraseMatchers.

Every banned form of every term compiles into one of two PhraseMatchers run
once per document:

* case-insensitive terms match on ``NORM``, which voicecheck's lemmatizer sets
  to the lower-cased lemma, so "Customers'", "logged in" and "salespeople"
  match "customer", "log in" and "salesperson";
* case-sensitive terms (product names) match on ``LEMMA``, the lemma with the
  token's own casing, so "Movara premium" is caught but "Movara Premium" is
  only caught when that exact casing is banned.

The lookup table does not know every word ("weigh-ins", made-up product
names), so each pattern is also added in its regular inflected spellings
(-s/-es/-ed/-ing with the usual spelling changes); both sides go through the
same lemmatizer, so a spelling the table knows collapses to its lemma and one
it doesn't stays as written. Allow phrases are matched the same way
(case-insensitive) and exempt any banned match inside them.
"""
from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True)
class TermMatch:
    term: Term
    form: str  # the banned form as listed in instead_of
    start: int  # token index
    end: int  # token index (exclusive)
    allowed: bool  # inside one of the term's allow phrases


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


class TermMatcher:
    """All terms of a vocabulary compiled into batched PhraseMatchers."""

    def __init__(self, nlp, terms: tuple[Term, ...]):
        from spacy.matcher import PhraseMatcher

        self.nlp = nlp
        self.terms = terms
        self._insensitive = PhraseMatcher(nlp.vocab, attr="NORM")
        self._sensitive = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self._allow = PhraseMatcher(nlp.vocab, attr="NORM")
        self._keys: dict[int, tuple[int, str]] = {}  # match id -> (term index, form)
        self._shapes: dict[int, list[tuple[tuple[str, str | None], ...]]] = {}  # match id -> per variant, per token
        self._allow_keys: dict[int, int] = {}  # match id -> term index
        strings = nlp.vocab.strings
        for ti, term in enumerate(terms):
            for form in term.instead_of:
                key = f"vc-term-{ti}-{form}"
                variants = sorted(phrase_variants(form))
                docs = list(nlp.pipe(variants))
                (self._sensitive if term.case_sensitive else self._insensitive).add(key, docs)
                mid = strings.add(key)
                self._keys[mid] = (ti, form)
                self._shapes[mid] = [_shape(d, term.case_sensitive) for d in docs]
            if term.allow:
                key = f"vc-allow-{ti}"
                variants = sorted({v for a in term.allow for v in phrase_variants(a)})
                self._allow.add(key, list(nlp.pipe(variants)))
                self._allow_keys[strings.add(key)] = ti

    def _inflects(self, mid: int, span) -> bool:
        term = self.terms[self._keys[mid][0]]
        for shape in self._shapes[mid]:
            if len(shape) != len(span):
                continue
            cs = term.case_sensitive
            if all((tok.lemma_ if cs else tok.norm_) == lemma and (exact is None or exact == (tok.text if cs else
                                                                                               tok.lower_))
                   for (lemma, exact), tok in zip(shape, span)):
                return True
        return False

    def matches(self, doc) -> list[TermMatch]:
        """Banned-form matches in ``doc``, longest first where they overlap for one term."""
        allowed: dict[int, list[tuple[int, int]]] = {}
        for mid, s, e in self._allow(doc):
            allowed.setdefault(self._allow_keys[mid], []).append((s, e))
        raw = [(mid, s, e) for mid, s, e in self._insensitive(doc)]
        raw += [(mid, s, e) for mid, s, e in self._sensitive(doc)]
        out: list[TermMatch] = []
        taken: dict[int, list[tuple[int, int]]] = {}
        # longest matches first so "personal trainer" wins over "trainer"
        for mid, s, e in sorted(raw, key=lambda m: (m[1] - m[2], m[1])):
            ti, form = self._keys[mid]
            if not self._inflects(mid, doc[s:e]):
                continue
            spans = taken.setdefault(ti, [])
            if any(s < te and ts < e for ts, te in spans):
                continue
            spans.append((s, e))
            inside = any(a <= s and e <= b for a, b in allowed.get(ti, ()))
            out.append(TermMatch(self.terms[ti], form, s, e, inside))
        out.sort(key=lambda m: (m.start, m.end))
        return out


@dataclass(frozen=True)
class SpellingMatch:
    group: int  # index of the consistency group
    spelling: str | None  # which listed spelling it is, None when it is none of them exactly
    start: int
    end: int


class SpellingMatcher:
    """Occurrences of the spellings in the vocabulary's ``consistency`` groups.

    Matching ignores case and inflection; each occurrence is then classified
    by its exact spelling (a capital first letter at the start of a sentence
    does not make it a different spelling)."""

    def __init__(self, nlp, groups: tuple[tuple[str, ...], ...]):
        from spacy.matcher import PhraseMatcher

        self.groups = groups
        self._matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        self._keys: dict[int, int] = {}
        for gi, group in enumerate(groups):
            key = f"vc-consistency-{gi}"
            variants = sorted({v for s in group for v in phrase_variants(s)})
            self._matcher.add(key, list(nlp.pipe(variants)))
            self._keys[nlp.vocab.strings.add(key)] = gi

    def matches(self, doc) -> list[SpellingMatch]:
        out: list[SpellingMatch] = []
        taken: list[tuple[int, int]] = []
        for mid, s, e in sorted(self._matcher(doc), key=lambda m: (m[1] - m[2], m[1])):
            if any(s < te and ts < e for ts, te in taken):
                continue
            taken.append((s, e))
            gi = self._keys[mid]
            out.append(SpellingMatch(gi, self._classify(doc, gi, s, e), s, e))
        out.sort(key=lambda m: m.start)
        return out

    def _classify(self, doc, gi: int, s: int, e: int) -> str | None:
        span = doc[s:e]
        # compare on lemmas with the token's casing so plurals count as their spelling
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
