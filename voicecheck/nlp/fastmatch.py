"""Vocabulary matching without spaCy.

A vocabulary-only run needs only tokens and lemmas, and importing spaCy costs
more than the whole run may take. This module reproduces what
:func:`voicecheck.nlp.models.get_nlp` and :mod:`voicecheck.nlp.matchers` do for
matching, in plain Python:

* :func:`make_doc` follows spaCy's tokenizer algorithm (split on whitespace,
  peel prefixes and suffixes, split infixes, special cases) with the English
  rules reduced to what product text contains, plus voicecheck's own infixes
  (bare domains and paths split on "." and "/", the placeholder alone);
* lemmas come from the table spaCy uses (spacy-lookups-data), read directly;
* :class:`FastTermMatcher` and :class:`FastSpellingMatcher` give the same
  :class:`TermMatch` / :class:`SpellingMatch` results as the spaCy matchers,
  matching token lemma tuples through a dict keyed by the first lemma.

Status: a measured prototype, not used by the engine. It answers one question
with data: can a vocabulary-only run skip spaCy's ~1 s start-up (the speed bar
against textlint) without changing a single finding? tests/test_fastmatch.py
shows zero differences from the spaCy matchers on the benchmark and the real
corpus. Whether the vocabulary path should drop spaCy is an open decision
(see README, "Speed against textlint").
"""
from __future__ import annotations

import gzip
import json
import re
from functools import cache

from voicecheck.nlp.matchers import SpellingMatch, TermMatch, phrase_variants
from voicecheck.vocab import Term

# --- tokenizer rules (spaCy's English defaults, trimmed) ---------------------

_LOWER = "a-z\u00df-\u00f6\u00f8-\u00ff"
_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de"
_ALPHA = r"[^\W\d_]"
_QUOTES = "'\"”“`‘´’‚,„»«「」『』（）〔〕【】《》〈〉⟦⟧"
_PUNCT = r"…|,|:|;|!|\?|¿|؟|¡|\(|\)|\[|\]|\{|\}|<|>|_|#|\*|&|。|？|！|，|、|；|：|～|·|।|،|۔|؛|٪"
_ICONS = ("[\u00a6\u00a9\u00ae\u00b0\u2100-\u214f\u2190-\u21ff\u2300-\u23ff\u2400-\u24ff\u2500-\u27bf\u2800-\u28ff"
          "\u2b00-\u2bff\ufffc\ufffd\U0001f000-\U0001faff]")
_CURRENCY = r"\$|£|€|¥|฿|US\$|C\$|A\$|₽|₹|₩|₪|₫|₱|₺|₿"
_QUOTE_ALT = "|".join(re.escape(q) for q in _QUOTES)
_UNITS = (r"km|km²|km³|m|m²|m³|dm|cm|mm|ha|µm|nm|yd|in|ft|kg|g|mg|µg|t|lb|oz|m/s|km/h|kmh|mph|hPa|Pa|mbar|mb|MB|kb|KB|"
          r"gb|GB|tb|TB|T|G|M|K|%")

_PREFIX = re.compile("^(?:" + "|".join([
    "§", "%", "=", "—", "–", r"\+(?![0-9])", _PUNCT, r"\.\.+", _QUOTE_ALT, _CURRENCY, _ICONS,
]) + ")")
_SUFFIX = re.compile("(?:" + "|".join([
    _PUNCT, r"\.\.+", _QUOTE_ALT, _ICONS, "'s", "'S", "’s", "’S", "—", "–", r"(?<=[0-9])\+",
    rf"(?<=[0-9])(?:{_CURRENCY})", rf"(?<=[0-9])(?:{_UNITS})",
    rf"(?<=[0-9{_LOWER}%²\-\+…,:;!?()\[\]{{}}<>_#*&{re.escape(_QUOTES)}])\.",
    rf"(?<=[{_UPPER}][{_UPPER}])\.",
]) + ")$")
_INFIX = re.compile("|".join([
    r"\.\.+", "…", _ICONS,
    r"(?<=[0-9])[+\-\*^](?=[0-9-])",
    rf"(?<=[{_LOWER}{re.escape(_QUOTES)}])\.(?=[{_UPPER}{re.escape(_QUOTES)}])",
    rf"(?<={_ALPHA}),(?={_ALPHA})",
    rf"(?<=[^\W_]|[0-9])(?:-|–|—|--|---|——|~)(?={_ALPHA})",
    rf"(?<=[^\W_]|[0-9])[:<>=/](?={_ALPHA})",
    # voicecheck's additions (see models.get_nlp)
    r"(?<=[A-Za-z0-9])\.(?=[A-Za-z])",
    r"(?<=[A-Za-z0-9])/(?=[A-Za-z0-9])",
    "\ufffc",
]))

_ABBREVIATIONS = (
    "a.m. p.m. e.g. E.g. E.G. i.e. I.e. I.E. vs. v.s. Adm. Bros. co. Co. Corp. D.C. Dr. Gen. Gov. Inc. Jr. Ltd. Md. "
    "Messrs. Mo. Mont. Mr. Mrs. Ms. Ph.D. Prof. Rep. Rev. Sen. St. Mt. Ak. Ala. Apr. Ariz. Ark. Aug. Calif. Colo. "
    "Conn. Dec. Del. Feb. Fla. Ga. Ia. Id. Ill. Ind. Jan. Jul. Jun. Kan. Kans. Ky. La. Mar. Mass. Mich. Minn. Miss. "
    "N.C. N.D. N.H. N.J. N.M. N.Y. Neb. Nebr. Nev. Nov. Oct. Okla. Ore. Pa. S.C. Sep. Sept. Tenn. Va. Wash. Wis. "
    "and/or w/o C++ o'clock O'clock ma'am Ma'am o’clock O’clock ma’am Ma’am 's 'S ’s ’S 're ’re 'd ’d 'll ’ll "
    "'em ’em 'cause ’cause 'Cause ’Cause 'bout ’bout"
).split() + [c + "." for c in "abcdefghijklmnopqrstuvwxyzäöü"]

_EXCLUDED = {"ill", "hell", "shell", "well", "its", "shed", "were", "whore", "wont"}


def _contractions() -> dict[str, tuple[str, ...]]:
    """Clitic special cases (I'm, don't, they'll, cannot...), like spaCy's English exceptions."""
    out: dict[str, tuple[str, ...]] = {}

    def add(base: str, *clitics: str, bare: bool = True) -> None:
        for apo in ("'", "’"):
            parts = [base] + [c.replace("'", apo) for c in clitics]
            variants = [parts]
            if bare:
                variants.append([base] + [c.replace("'", "") for c in clitics])
            for p in variants:
                for q in (p, [p[0][:1].upper() + p[0][1:]] + p[1:]):
                    key = "".join(q)
                    if key.lower() not in _EXCLUDED or "'" in key or "’" in key:
                        out[key] = tuple(q)

    add("i", "'m")
    add("i", "'m", "a")
    for pron in ("i", "you", "he", "she", "it", "we", "they"):
        add(pron, "'ll")
        add(pron, "'ll", "'ve")
        add(pron, "'d")
        add(pron, "'d", "'ve")
    for pron in ("i", "you", "we", "they"):
        add(pron, "'ve")
    for pron in ("you", "we", "they"):
        add(pron, "'re")
    for pron in ("he", "she", "it"):
        add(pron, "'s")
    for word in ("who", "what", "when", "where", "why", "how", "there", "that", "this", "these", "those"):
        if word not in ("these", "those"):
            add(word, "'s")
        add(word, "'ll")
        add(word, "'ll", "'ve")
        if word not in ("who", "that", "this"):
            add(word, "'re")
        if word not in ("that", "this"):
            add(word, "'ve")
        add(word, "'d")
        add(word, "'d", "'ve")
    for verb in ("ca", "could", "do", "does", "did", "had", "may", "might", "must", "need", "ought", "sha", "should",
                 "wo", "would"):
        add(verb, "n't")
        add(verb, "n't", "'ve")
    for verb in ("ai", "are", "is", "was", "were", "have", "has", "dare"):
        add(verb, "n't")
    for verb in ("could", "might", "must", "should", "would"):
        add(verb, "'ve")
    add("let", "'s", bare=False)
    for word, parts in (("cannot", ("can", "not")), ("gonna", ("gon", "na")), ("gotta", ("got", "ta")),
                        ("y'all", ("y'", "all")), ("y’all", ("y’", "all")), ("yall", ("y", "all"))):
        out[word] = parts
        out[word[:1].upper() + word[1:]] = (word[:1].upper() + parts[0][1:],) + parts[1:]
    for hour in range(1, 13):
        for suffix in ("a.m.", "am", "p.m.", "pm"):
            out[f"{hour}{suffix}"] = (str(hour), suffix)
    return out


@cache
def _specials() -> dict[str, tuple[str, ...]]:
    out = _contractions()
    for word in _ABBREVIATIONS:
        out[word] = (word,)
    return out


def _split(chunk: str, specials: dict[str, tuple[str, ...]]) -> list[str]:
    """One whitespace-free chunk into token texts, following spaCy's Tokenizer."""
    if chunk in specials:
        return list(specials[chunk])
    prefixes: list[str] = []
    suffixes: list[str] = []
    string = chunk
    last = -1
    while string and len(string) != last:
        if string in specials:
            break
        last = len(string)
        m = _PREFIX.search(string)
        pre = m.end() if m else 0
        if pre:
            minus_pre = string[pre:]
            if minus_pre and minus_pre in specials:
                prefixes.append(string[:pre])
                string = minus_pre
                break
        m = _SUFFIX.search(string, pre)
        suf = m.end() - m.start() if m else 0
        if suf:
            minus_suf = string[:-suf]
            if minus_suf and minus_suf in specials:
                suffixes.append(string[-suf:])
                string = minus_suf
                break
        if pre and suf and pre + suf <= len(string):
            prefixes.append(string[:pre])
            suffixes.append(string[-suf:])
            string = string[pre:-suf]
        elif pre:
            prefixes.append(string[:pre])
            string = string[pre:]
        elif suf:
            suffixes.append(string[-suf:])
            string = string[:-suf]
        if string and string in specials:
            break
    out = prefixes
    if string:
        if string in specials:
            out += specials[string]
        else:
            start = 0
            for m in _INFIX.finditer(string):
                s, e = m.span()
                if s == 0:
                    continue
                if s != start:
                    out.append(string[start:s])
                if s != e:
                    out.append(string[s:e])
                start = e
            if string[start:]:
                out.append(string[start:])
    out += reversed(suffixes)
    return out


# --- lemmas ------------------------------------------------------------------

@cache
def lemma_table() -> dict[str, str]:
    """spaCy's English lookup lemmas (spacy-lookups-data), without spaCy."""
    from importlib.resources import files

    path = files("spacy_lookups_data").joinpath("data", "en_lemma_lookup.json.gz")
    return json.loads(gzip.decompress(path.read_bytes()))


def _recase(lemma: str, text: str) -> str:
    low = text.lower()
    if lemma == low:
        return text
    if low.startswith(lemma):
        return text[: len(lemma)]
    if text.isupper() and len(text) > 1:
        return lemma.upper()
    if text[:1].isupper():
        return lemma[:1].upper() + lemma[1:]
    return lemma


# --- Doc-like objects ----------------------------------------------------------

class Token:
    """The token attributes the vocabulary checks read."""

    __slots__ = ("text", "idx", "i", "lower_", "norm_", "lemma_")

    def __init__(self, text: str, idx: int, i: int, norm: str):
        self.text = text
        self.idx = idx
        self.i = i
        self.lower_ = text.lower()
        self.norm_ = norm
        self.lemma_ = _recase(norm, text)

    def __len__(self) -> int:
        return len(self.text)

    def __repr__(self) -> str:
        return self.text


class Span:
    __slots__ = ("doc", "start", "end")

    def __init__(self, doc: Doc, start: int, end: int):
        self.doc, self.start, self.end = doc, start, end

    @property
    def text(self) -> str:
        if self.end <= self.start:
            return ""
        last = self.doc.tokens[self.end - 1]
        return self.doc.text[self.doc.tokens[self.start].idx: last.idx + len(last.text)]

    def __iter__(self):
        return iter(self.doc.tokens[self.start:self.end])

    def __len__(self) -> int:
        return self.end - self.start

    def __getitem__(self, i: int) -> Token:
        return self.doc.tokens[self.start:self.end][i]


class Doc:
    __slots__ = ("text", "tokens")

    def __init__(self, text: str, tokens: list[Token]):
        self.text, self.tokens = text, tokens

    def __len__(self) -> int:
        return len(self.tokens)

    def __iter__(self):
        return iter(self.tokens)

    def __getitem__(self, key):
        if isinstance(key, slice):
            start, stop, _ = key.indices(len(self.tokens))
            return Span(self, start, max(start, stop))
        return self.tokens[key]


_CHUNKS = re.compile(r"\S+|\s+")


def _token_texts(text: str) -> list[tuple[int, str]]:
    """(offset, text) per token. Whitespace as spaCy keeps it: one space after
    a token belongs to that token; any other whitespace is a token of its own."""
    specials = _specials()
    cache_ = _chunk_cache()
    out: list[tuple[int, str]] = []
    prev_word = False
    for m in _CHUNKS.finditer(text):
        chunk, pos = m.group(), m.start()
        if chunk[0].isspace():
            if prev_word and chunk[0] == " ":
                chunk, pos = chunk[1:], pos + 1
            if chunk:
                out.append((pos, chunk))
            prev_word = False
            continue
        parts = cache_.get(chunk)
        if parts is None:
            parts = cache_[chunk] = _split(chunk, specials)
        for part in parts:
            out.append((pos, part))
            pos += len(part)
        prev_word = True
    return out


@cache
def _chunk_cache() -> dict[str, list[str]]:
    return {}


def make_doc(text: str) -> Doc:
    """Tokenize and lemmatize ``text`` as ``get_nlp()(text)`` would."""
    table = lemma_table()
    tokens = []
    for i, (idx, tok) in enumerate(_token_texts(text)):
        low = tok.lower()
        tokens.append(Token(tok, idx, i, table.get(low, low)))
    return Doc(text, tokens)


# --- matchers ------------------------------------------------------------------

class _PhraseIndex:
    """Phrase patterns keyed by their first token's lemma; finds every
    occurrence of every pattern, like spaCy's PhraseMatcher."""

    def __init__(self, cased: bool):
        self.cased = cased
        self._by_first: dict[str, dict[tuple[str, ...], list[int]]] = {}

    def key(self, tok: Token) -> str:
        return tok.lemma_ if self.cased else tok.norm_

    def add(self, key: int, docs: list[Doc]) -> None:
        for doc in docs:
            seq = tuple(self.key(t) for t in doc)
            if seq:
                keys = self._by_first.setdefault(seq[0], {}).setdefault(seq, [])
                if key not in keys:
                    keys.append(key)

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
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


def _shape(pattern_doc: Doc, case_sensitive: bool) -> tuple[tuple[str, str | None], ...]:
    out = []
    for tok in pattern_doc:
        lemma = tok.lemma_ if case_sensitive else tok.norm_
        exact = None if tok.lower_ == tok.norm_ else (tok.text if case_sensitive else tok.lower_)
        out.append((lemma, exact))
    return tuple(out)


class FastTermMatcher:
    """:class:`voicecheck.nlp.matchers.TermMatcher` on :func:`make_doc` docs."""

    def __init__(self, terms: tuple[Term, ...]):
        self.terms = terms
        self._insensitive = _PhraseIndex(cased=False)
        self._sensitive = _PhraseIndex(cased=True)
        self._allow = _PhraseIndex(cased=False)
        self._keys: list[tuple[int, str]] = []  # match id -> (term index, form)
        self._shapes: list[list[tuple[tuple[str, str | None], ...]]] = []
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

    def _inflects(self, mid: int, span: list[Token]) -> bool:
        cs = self.terms[self._keys[mid][0]].case_sensitive
        for shape in self._shapes[mid]:
            if len(shape) != len(span):
                continue
            if all((tok.lemma_ if cs else tok.norm_) == lemma and (exact is None or exact == (tok.text if cs else
                                                                                               tok.lower_))
                   for (lemma, exact), tok in zip(shape, span)):
                return True
        return False

    def matches(self, doc: Doc) -> list[TermMatch]:
        """Banned-form matches in ``doc``, longest first where they overlap for one term."""
        allowed: dict[int, list[tuple[int, int]]] = {}
        for ti, s, e in self._allow(doc):
            allowed.setdefault(ti, []).append((s, e))
        raw = self._insensitive(doc) + self._sensitive(doc)
        out: list[TermMatch] = []
        taken: dict[int, list[tuple[int, int]]] = {}
        for mid, s, e in sorted(raw, key=lambda m: (m[1] - m[2], m[1], m[0])):
            ti, form = self._keys[mid]
            if not self._inflects(mid, doc.tokens[s:e]):
                continue
            spans = taken.setdefault(ti, [])
            if any(s < te and ts < e for ts, te in spans):
                continue
            spans.append((s, e))
            inside = any(a <= s and e <= b for a, b in allowed.get(ti, ()))
            out.append(TermMatch(self.terms[ti], form, s, e, inside))
        out.sort(key=lambda m: (m.start, m.end))
        return out


class FastSpellingMatcher:
    """:class:`voicecheck.nlp.matchers.SpellingMatcher` on :func:`make_doc` docs."""

    def __init__(self, groups: tuple[tuple[str, ...], ...]):
        self.groups = groups
        self._index = _PhraseIndex(cased=False)
        for gi, group in enumerate(groups):
            variants = sorted({v for s in group for v in phrase_variants(s)})
            self._index.add(gi, [make_doc(v) for v in variants])

    def matches(self, doc: Doc) -> list[SpellingMatch]:
        out: list[SpellingMatch] = []
        taken: list[tuple[int, int]] = []
        for gi, s, e in sorted(self._index(doc), key=lambda m: (m[1] - m[2], m[1], m[0])):
            if any(s < te and ts < e for ts, te in taken):
                continue
            taken.append((s, e))
            out.append(SpellingMatch(gi, self._classify(doc, gi, s, e), s, e))
        out.sort(key=lambda m: m.start)
        return out

    def _classify(self, doc: Doc, gi: int, s: int, e: int) -> str | None:
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
