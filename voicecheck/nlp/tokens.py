"""spaCy-compatible tokens without importing spaCy.

Vocabulary matching needs only tokens and lemmas, and ``import spacy`` alone
takes longer than a whole vocabulary run may (see README, "Speed"). This module
follows spaCy's tokenizer algorithm (whitespace split, prefixes, suffixes,
infixes, special cases) with spaCy's English rules reduced to what product text
contains, plus the two infixes voicecheck adds in :func:`voicecheck.nlp.models.get_nlp`
(bare domains and paths split on "." and "/"; the placeholder mask alone).
Lemmas come from the table spaCy's lookup lemmatizer uses (spacy-lookups-data),
read directly. ``tests/test_tokens.py`` checks token-for-token equality with the
spaCy pipeline on the benchmark and the real corpus, so both give the same
findings; the spaCy pipeline stays the reference and serves the promise checks.

Each token carries ``norm_`` (lower-cased lemma: "Customers" -> "customer") and
``lemma_`` (the lemma in the token's own casing: "Customers" -> "Customer").
"""
from __future__ import annotations

import gzip
import json
import re
from functools import cache

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

# spaCy's base emoticon exceptions (spacy/lang/tokenizer_exceptions.py, MIT licence)
_EMOTICONS = r"""
:) :-) :)) :-)) :))) :-))) (: (-: =) (= :] :-] [: [-: [= =] :o) (o: :} :-} 8) 8-) (-8 ;) ;-) (; (-; :( :-( :((
:-(( :((( :-((( ): )-: =( >:( :') :'-) :'( :'-( :/ :-/ =/ =| :| :-| ]= =[ :1 :P :-P :p :-p :O :-O :o :-o :0
:-0 :() >:o :* :-* :3 :-3 =3 :> :-> :X :-X :x :-x :D :-D ;D ;-D =D xD XD xDD XDD 8D 8-D ^_^ ^__^ ^___^ >.< >.>
<.< ._. ;_; -_- -__- v.v V.V v_v V_V o_o o_O O_o O_O 0_o o_0 0_0 o.O O.o O.O o.o 0.0 o.0 0.o @_@ <3 <33 <333
</3 (^_^) (-_-) (._.) (>_<) (*_*) (¬_¬) ಠ_ಠ ಠ︵ಠ (ಠ_ಠ) ¯\(ツ)/¯ (╯°□°）╯︵┻━┻ ><(((*>
""".split()


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
    for word in _ABBREVIATIONS + _EMOTICONS:
        out[word] = (word,)
    return out


@cache
def _special_spans() -> tuple[dict[tuple[str, ...], tuple[str, ...]], dict[str, int]]:
    """Special cases that the affix rules split, keyed by how they split:
    spaCy finds these again in the tokenized text and merges them (its
    tokenizer's ``_special_matcher``), e.g. "e.g" -> "e." "g", ":(" -> ":(". """
    out: dict[tuple[str, ...], tuple[str, ...]] = {}
    for string, target in _specials().items():
        if _PREFIX.search(string) or _SUFFIX.search(string) or _INFIX.search(string):
            pieces = tuple(_split(string, {}))
            if len(pieces) > 1:
                out.setdefault(pieces, target)
    firsts: dict[str, int] = {}  # first piece -> longest key starting with it
    for key in out:
        firsts[key[0]] = max(firsts.get(key[0], 0), len(key))
    return out, firsts


def _merge_specials(toks: list[tuple[int, str]]) -> list[tuple[int, str]]:
    index, firsts = _special_spans()
    n = len(toks)
    found: list[tuple[int, int]] = []
    for i in range(n):
        longest = firsts.get(toks[i][1])
        if not longest:
            continue
        for size in range(min(longest, n - i), 1, -1):
            window = toks[i:i + size]
            if all(window[k][0] + len(window[k][1]) == window[k + 1][0] for k in range(size - 1)) and \
                    tuple(t for _, t in window) in index:
                found.append((i, i + size))
    if not found:
        return toks
    found.sort(key=lambda span: (span[0] - span[1], span[0]))  # longest first, then leftmost
    taken: set[int] = set()
    chosen = []
    for s, e in found:
        if s in taken or e - 1 in taken:
            continue
        taken.update(range(s, e))
        chosen.append((s, e))
    chosen.sort()
    out: list[tuple[int, str]] = []
    pos = 0
    for s, e in chosen:
        out += toks[pos:s]
        offset = toks[s][0]
        for piece in index[tuple(t for _, t in toks[s:e])]:
            out.append((offset, piece))
            offset += len(piece)
        pos = e
    return out + toks[pos:]


#: Longest suffix the rules can strip, except a run of dots (see :func:`_suffix`).
_SUFFIX_WINDOW = 16


def _suffix(string: str, pre: int):
    """``_SUFFIX.search(string, pre)``, looking at the last few characters only: a
    search over the whole chunk for an end-anchored pattern costs its length, and
    the chunk is searched again after each prefix and suffix stripped, so a word
    of 30,000 brackets took minutes. A match that starts right at the window's
    edge may be a longer run of dots: then the whole chunk is searched, as before."""
    lo = max(pre, len(string) - _SUFFIX_WINDOW)
    m = _SUFFIX.search(string, lo)
    if m is not None and m.start() == lo and lo > pre:
        return _SUFFIX.search(string, pre)
    return m


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
        m = _suffix(string, pre)
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
    """spaCy's English lookup lemmas, without spaCy: the table of spacy-lookups-data,
    shipped in ``voicecheck/nlp/data`` (see its README)."""
    from importlib.resources import files

    path = files("voicecheck.nlp").joinpath("data", "en_lemma_lookup.json.gz")
    return json.loads(gzip.decompress(path.read_bytes()))


def recase(lemma: str, text: str) -> str:
    """The lemma written in the casing of the word it came from."""
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
    """The token attributes the vocabulary checks read. The lemmas (``norm_``, ``lemma_``) are
    looked up when first read: vocabulary matching compares spellings and never reads them."""

    __slots__ = ("text", "idx", "i", "lower_", "whitespace_", "_norm")

    def __init__(self, text: str, idx: int, i: int, norm: str | None = None):
        self.text = text
        self.idx = idx
        self.i = i
        self.lower_ = text.lower()
        self._norm = norm
        self.whitespace_ = ""

    @property
    def norm_(self) -> str:
        if self._norm is None:
            self._norm = lemma_table().get(self.lower_, self.lower_)
        return self._norm

    @property
    def lemma_(self) -> str:
        norm = self.norm_
        return self.text if norm == self.lower_ else recase(norm, self.text)

    @property
    def is_space(self) -> bool:
        return self.text.isspace()

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
    return _merge_specials(out)


@cache
def _chunk_cache() -> dict[str, list[str]]:
    return {}


def make_doc(text: str) -> Doc:
    """Tokenize ``text`` as ``get_nlp()(text)`` would (lemmas on demand)."""
    tokens = []
    n = len(text)
    for i, (idx, tok) in enumerate(_token_texts(text)):
        token = Token(tok, idx, i)
        end = idx + len(tok)
        if end < n and text[end] == " " and not tok.isspace():
            token.whitespace_ = " "  # the one space after a word belongs to it, as in spaCy
        tokens.append(token)
    return Doc(text, tokens)


@cache
def _inner_pieces() -> frozenset[str]:
    """Lower-cased tokens that a special case splits off inside a word ("can|not", "gon|na",
    "y|all"): a token that starts right after a letter."""
    return frozenset(p.lower() for parts in _specials().values() for p in parts[1:])


def surface_pattern(words: set[str]) -> re.Pattern | None:
    """A regex that finds, in lower-cased text, every place where a token spelled as one of
    ``words`` (lower case) can start (as a plain substring, so it can only over-match). Text
    it doesn't find cannot hold such a token, so it need not be tokenized at all."""
    if not words:
        return None
    body = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    # a token starts after a non-letter, except pieces split off inside a word ("can|not", "do|n't")
    if any(w in _inner_pieces() or not w[:1].isalpha() for w in words):
        return re.compile(body)
    return re.compile(rf"(?<![^\W\d_])(?:{body})")
