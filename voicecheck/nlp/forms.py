"""The spellings a banned form takes: noun forms, verb forms, phrases.

A banned word matches in the forms of the parts of speech it has (../shared/bench/SPEC.md):
plural and possessive for a noun ("customers", "customer's"), -s/-ed/-ing and irregular
forms for a verb ("configured", "logging in", "paid out"), and the regular spellings of
both for a word the lexicon doesn't know ("signup", "deplane"). A term's or form's
``pos: noun|verb`` keeps one of them ("issue" as a noun: "issues" matches, "issued" does
not).

Forms are spelled out, not looked up as lemmas: a document's words are compared with
the spellings generated here, so two words that a lookup table merges ("feed" read as
"fee", "putting" as "putt") stay apart. A regular spelling is dropped when it is itself
another verb ("fee" + d = "feed", "see" + d = "seed"), and irregular forms come from the
lexicon's exception lists ("left" for "leave", "salespeople" for "salesperson").

The lexicon (``data/en_pos_lexicon.txt.gz``) is WordNet 3.0's nouns, verbs and their
irregular forms, as spaCy's rule lemmatizer ships them in spacy-lookups-data
(``en_lemma_index``, ``en_lemma_exc``); :func:`build_lexicon` rebuilds it from that
package. It is read once per process, in about 20 ms.
"""
from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

VOWELS = "aeiou"
#: Last words that make a phrase a phrasal verb ("log in", "pay out", "weigh in").
PARTICLES = frozenset({"in", "on", "up", "out", "off", "down", "over", "back", "into", "through"})
#: Nouns whose irregular plural also ends compounds ("salesperson" -> "salespeople").
_COMPOUND_ENDS = ("person", "woman", "man", "child")
POS = ("noun", "verb")
_LEXICON_FILE = "en_pos_lexicon.txt.gz"


@dataclass(frozen=True)
class Lexicon:
    nouns: frozenset[str] | Words
    verbs: frozenset[str] | Words
    noun_irregular: dict[str, tuple[str, ...]] | Irregular  # base -> irregular plurals
    verb_irregular: dict[str, tuple[str, ...]] | Irregular  # base -> irregular forms (past, participle, -ing)


class Words:
    """A section of the lexicon file (one word per line) asked ``word in words`` without being
    split into a set: a vocabulary run asks about a few hundred words, and splitting 90,000 took
    30–45 ms of its start-up. Each answer is kept."""

    def __init__(self, lines: str):
        self._text = "\n" + lines.strip("\n") + "\n"
        self._known: dict[str, bool] = {}

    def __contains__(self, word: object) -> bool:
        found = self._known.get(word)  # type: ignore[arg-type]
        if found is None:
            found = isinstance(word, str) and bool(word) and "".join(word.split()) == word \
                and f"\n{word}\n" in self._text
            self._known[word] = found  # type: ignore[index]
        return found


class Irregular:
    """A section of irregular forms (``base form form…`` per line) read like a dict, line by line
    as asked (see :class:`Words`)."""

    def __init__(self, lines: str):
        self._text = "\n" + lines.strip("\n") + "\n"
        self._known: dict[str, tuple[str, ...] | None] = {}

    def get(self, base: str, default=None):
        if base not in self._known:
            forms = None
            if isinstance(base, str) and base and "".join(base.split()) == base:
                at = self._text.find(f"\n{base} ")
                if at >= 0:
                    start = at + len(base) + 2
                    forms = tuple(self._text[start:self._text.index("\n", start)].split(" "))
            self._known[base] = forms
        found = self._known[base]
        return default if found is None else found

    def __getitem__(self, base: str) -> tuple[str, ...]:
        found = self.get(base)
        if found is None:
            raise KeyError(base)
        return found

    def __contains__(self, base: object) -> bool:
        return self.get(base) is not None  # type: ignore[arg-type]


@cache
def lexicon() -> Lexicon:
    # the file beside this module (importlib.resources would import tempfile, shutil, bz2 and lzma: ~5 ms
    # of a vocabulary run's start-up)
    path = Path(__file__).resolve().parent / "data" / _LEXICON_FILE
    text = gzip.decompress(path.read_bytes()).decode("utf-8")
    return parse_lexicon(text, lazy=True)


def parse_lexicon(text: str, lazy: bool = False) -> Lexicon:
    """The lexicon file's sections as sets and dicts, or (``lazy``) as :class:`Words` and
    :class:`Irregular`, which answer the same questions without splitting the file first."""
    if lazy:
        raw = {chunk.partition("\n")[0].split(" (")[0]: chunk.partition("\n")[2] for chunk in text.split("\n# ")[1:]}
        return Lexicon(Words(raw.get("nouns", "")), Words(raw.get("verbs", "")),
                       Irregular(raw.get("noun exceptions", "")), Irregular(raw.get("verb exceptions", "")))
    sections: dict[str, list[str]] = {}
    for chunk in text.split("\n# ")[1:]:
        head, _, body = chunk.partition("\n")
        sections[head.split(" (")[0]] = body.split()

    def irregular(lines: str) -> dict[str, tuple[str, ...]]:
        out: dict[str, tuple[str, ...]] = {}
        for line in lines.split("\n"):
            if line:
                base, *forms = line.split(" ")
                out[base] = tuple(forms)
        return out

    raw = {chunk.partition("\n")[0].split(" (")[0]: chunk.partition("\n")[2] for chunk in text.split("\n# ")[1:]}
    return Lexicon(frozenset(sections.get("nouns", ())), frozenset(sections.get("verbs", ())),
                   irregular(raw.get("noun exceptions", "")), irregular(raw.get("verb exceptions", "")))


def build_lexicon(index: dict, exceptions: dict) -> str:
    """The lexicon file's text from spacy-lookups-data's ``en_lemma_index`` and ``en_lemma_exc``
    tables (the test rebuilds it from the installed package and compares). Irregular forms
    are inverted (base -> forms); a form that names itself among its lemmas ("feed": feed, fee)
    is a word of its own and is left out."""
    lines = ["# voicecheck: WordNet 3.0 nouns, verbs and irregular forms, from spacy-lookups-data "
             "(en_lemma_index, en_lemma_exc); see README.md here"]
    for pos in POS:
        lines.append(f"# {pos}s")
        lines += sorted(w for w in index[pos] if " " not in w and "_" not in w)
    for pos in POS:
        inverted: dict[str, set[str]] = {}
        for form, bases in exceptions[pos].items():
            if form in bases or " " in form or "_" in form:
                continue
            for base in bases:
                inverted.setdefault(base, set()).add(form)
        lines.append(f"# {pos} exceptions (base, then its irregular forms)")
        lines += [f"{base} {' '.join(sorted(forms))}" for base, forms in sorted(inverted.items())]
    return "\n".join(lines) + "\n"


def build_lexicon_from_package() -> str:
    """:func:`build_lexicon` over the installed spacy-lookups-data (the dev extra)."""
    from importlib.resources import files

    import spacy_lookups_data

    data = files(spacy_lookups_data.__name__).joinpath("data")
    index = json.loads(gzip.decompress(data.joinpath("en_lemma_index.json.gz").read_bytes()))
    exceptions = json.loads(gzip.decompress(data.joinpath("en_lemma_exc.json.gz").read_bytes()))
    return build_lexicon(index, exceptions)


# --- parts of speech -------------------------------------------------------------------------

def _head(word: str) -> str:
    """The part of a hyphenated word that inflects ("e-voucher" -> "voucher")."""
    return word.rsplit("-", 1)[-1] if "-" in word.strip("-") else word


@lru_cache(maxsize=4096)
def parts_of_speech(word: str) -> frozenset[str]:
    """{"noun", "verb"}, one of them, or nothing when the lexicon doesn't know the word
    (a hyphenated word by its last part; a verb and its particle joined, "weigh-in" or
    "login", is a noun)."""
    low = word.lower()
    if "-" in low.strip("-"):
        if _head(low) in PARTICLES:
            return frozenset({"noun"})
        low = _head(low)
    lex = lexicon()
    known = frozenset(p for p, words in (("noun", lex.nouns), ("verb", lex.verbs)) if low in words)
    if not known:
        # a verb and its particle written as one word is the noun ("login", "signup", "logout")
        for particle in PARTICLES:
            stem = low[: -len(particle)]
            if low.endswith(particle) and len(stem) >= 2 and stem in lex.verbs:
                return frozenset({"noun"})
    return known


def phrase_pos(phrase: str) -> frozenset[str]:
    """The parts of speech of a phrase as a whole: a phrasal verb ("sign in") is a verb; a verb
    and its object ("leave the aircraft") a verb; any other phrase takes its last word's part of
    speech as a noun phrase ("work item", "delivery window")."""
    words = phrase.split()
    if len(words) == 1:
        return parts_of_speech(words[0])
    if words[-1].lower() in PARTICLES:
        return frozenset({"verb"})
    if words[1].lower() in _DETERMINERS and "verb" in parts_of_speech(words[0]):
        return frozenset({"verb"})
    return frozenset({"noun"})


_DETERMINERS = frozenset({"the", "a", "an", "your", "our", "their", "my", "his", "her", "its", "this", "that",
                          "these", "those", "some", "any"})


# --- spellings -------------------------------------------------------------------------------

def _cased(form: str, like: str) -> str:
    """``form`` (lower case) written in the casing of the word it inflects."""
    if like.isupper() and len(like) > 1:
        return form.upper()
    if like[:1].isupper():
        # keep the word's own capitals where the form extends it ("Movara" -> "Movaras")
        low = like.lower()
        if form.startswith(low):
            return like + form[len(low):]
        return form[:1].upper() + form[1:]
    return form


def _consonant_y(w: str) -> bool:
    return len(w) > 1 and w.endswith("y") and w[-2] not in VOWELS


def _cvc(w: str) -> bool:
    return len(w) >= 3 and w[-1] not in VOWELS + "cwxy" and w[-2] in VOWELS and w[-3] not in VOWELS


def _syllables(w: str) -> int:
    groups, prev = 0, False
    for i, c in enumerate(w):
        vowel = c in VOWELS or (c == "y" and i > 0)
        if vowel and not prev:
            groups += 1
        prev = vowel
    return groups


def _plural_regular(w: str) -> set[str]:
    if w.endswith(("s", "x", "z", "ch", "sh")):
        return {w + "es"}
    if _consonant_y(w):
        return {w[:-1] + "ies"}
    if w.endswith("o"):
        return {w + "s", w + "es"}
    return {w + "s"}


def _compound_irregular(w: str) -> set[str]:
    lex = lexicon()
    for end in _COMPOUND_ENDS:
        if w.endswith(end) and len(w) > len(end):
            prefix = w[: -len(end)]
            stem = prefix.rstrip("-")
            if stem in lex.nouns or stem in lex.verbs or prefix.endswith("-") or \
                    (stem.endswith("s") and stem[:-1] in lex.nouns):
                return {prefix + f for f in lex.noun_irregular.get(end, ())}
    return set()


@lru_cache(maxsize=4096)
def _noun_forms_low(w: str) -> frozenset[str]:
    lex = lexicon()
    if w not in lex.nouns and w.endswith("s") and (w[:-1] in lex.nouns or (w.endswith("es") and w[:-2] in lex.nouns)):
        return frozenset({w})  # already a plural ("updates")
    out = {w} | _plural_regular(w)
    irregular = lex.noun_irregular.get(w)
    if irregular:
        out |= set(irregular)
    else:
        out |= _compound_irregular(w)
    return frozenset(out)


@lru_cache(maxsize=4096)
def _verb_forms_low(w: str) -> frozenset[str]:
    lex = lexicon()
    regular = set()
    # third person singular
    if w.endswith(("s", "x", "z", "ch", "sh", "o")):
        regular.add(w + "es")
    elif _consonant_y(w):
        regular.add(w[:-1] + "ies")
    else:
        regular.add(w + "s")
    # past and participle
    if w.endswith("e"):
        regular.add(w + "d")
    elif _consonant_y(w):
        regular.add(w[:-1] + "ied")
    else:
        regular.add(w + "ed")
    # -ing
    if w.endswith("ie") and len(w) > 2:
        regular.add(w[:-2] + "ying")
    elif w.endswith("e") and not w.endswith(("ee", "oe", "ye")) and len(w) > 2:
        regular.add(w[:-1] + "ing")
    else:
        regular.add(w + "ing")
    if _cvc(w) and _syllables(w) == 1:  # log -> logged, only ("hop": hopped, never "hoped")
        regular = (regular - {w + "ed", w + "ing"}) | {w + w[-1] + "ed", w + w[-1] + "ing"}
    # longer words double where the stress says so (committed, but visited): the lexicon's
    # irregular forms list the doubled ones (and British cancelled, travelled)
    if w.endswith("ic"):
        regular |= {w + "ked", w + "king"}
    # a regular spelling that is another verb is that verb ("fee" + d = "feed", "see" + d = "seed")
    regular = {f for f in regular if f not in lex.verbs}
    return frozenset({w} | regular | set(lex.verb_irregular.get(w, ())))


def noun_forms(word: str) -> set[str]:
    """The word, its plural(s) and irregular plural (possessives are tokens of their own)."""
    head = _head(word)
    prefix = word[: len(word) - len(head)]
    if head.lower() in PARTICLES and prefix:  # "weigh-in" -> "weigh-ins"
        return {word, word + _cased("s", word)}
    out = {prefix + _cased(f, head) for f in _noun_forms_low(head.lower())}
    if head.isupper() and len(head) > 1:  # an acronym's plural: "DMs" beside "DMS"
        out.add(word + "s")
    return out


def verb_forms(word: str) -> set[str]:
    """The word, -s, -ed, -ing (spelling changes included) and irregular forms."""
    head = _head(word)
    prefix = word[: len(word) - len(head)]
    if head.lower() in PARTICLES and prefix:
        return noun_forms(word)
    return {prefix + _cased(f, head) for f in _verb_forms_low(head.lower())}


def word_forms(word: str, pos: str | None = None) -> set[str]:
    """Spellings of one word: those of ``pos``, or of every part of speech the lexicon
    gives it (all regular noun and verb spellings for a word it doesn't know)."""
    if not word.replace("-", "").replace("'", "").isalpha():
        return {word}  # a domain, a version, a code ("larkin.io", "24/7"): no inflections
    if pos == "noun":
        return noun_forms(word)
    if pos == "verb":
        return verb_forms(word)
    known = parts_of_speech(word)
    out: set[str] = set()
    if not known or "noun" in known:
        out |= noun_forms(word)
    if not known or "verb" in known:
        out |= verb_forms(word)
    return out


def phrase_forms(phrase: str, pos: str | None = None) -> set[str]:
    """Spellings of a banned form: one word takes its forms (:func:`word_forms`); a phrasal
    verb ("log in") or a phrase marked ``pos: verb`` inflects its first word as a verb; any
    other phrase inflects its last word as a noun ("personal trainers")."""
    words = phrase.split()
    if not words:
        return set()
    if len(words) == 1:
        return word_forms(words[0], pos)
    if pos == "verb" or (pos is None and words[-1].lower() in PARTICLES):
        return {" ".join([v] + words[1:]) for v in verb_forms(words[0])}
    return {" ".join(words[:-1] + [v]) for v in noun_forms(words[-1])}


def allow_forms(phrase: str) -> set[str]:
    """Spellings of an allow phrase: its first word in its verb forms when it is a verb, its last
    word as a noun ("recharging the battery", "email clients")."""
    words = phrase.split()
    if len(words) <= 1:
        return word_forms(phrase) if words else set()
    firsts = verb_forms(words[0]) if "verb" in parts_of_speech(words[0]) else {words[0]}
    return {" ".join([f] + words[1:-1] + [last]) for f in firsts for last in noun_forms(words[-1])}


# --- which form a word is --------------------------------------------------------------------

def verb_inflection(form: str, base: str) -> str | None:
    """How ``form`` inflects the verb ``base``: "base", "s", "past" (past tense or participle)
    or "ing"; None when it is no verb form of it."""
    f, b = form.lower(), _head(base.lower())
    prefix = base.lower()[: len(base) - len(b)]
    if prefix:
        if not f.startswith(prefix):
            return None
        f = f[len(prefix):]
    if f == b:
        return "base"
    if f not in _verb_forms_low(b):
        return None
    if f.endswith("ing"):
        return "ing"
    if f.endswith("s") and f[:-1] in (b, b + "e") or f in (b + "es", b[:-1] + "ies"):
        return "s"
    return "past"


def inflect_verb(verb: str, inflection: str) -> str | None:
    """``verb`` (its first word, for a phrase) in the inflection :func:`verb_inflection` named;
    None when that form is not certain: an irregular verb whose past tense and participle
    differ (took, taken), or a longer verb that may double its last letter (canceled and
    cancelled)."""
    words = verb.split()
    if not words:
        return None
    first = words[0]
    low = first.lower()
    if inflection == "base":
        return verb
    irregular = set(lexicon().verb_irregular.get(low, ()))
    doubles = _cvc(low) and (_syllables(low) == 1 or any(f.startswith(low + low[-1]) for f in irregular))
    if doubles and _syllables(low) > 1 and inflection in ("past", "ing"):
        return None  # stress and spelling variety decide: not certain
    stem = low + low[-1] if doubles else low
    if inflection == "s":
        out = (low + "es" if low.endswith(("s", "x", "z", "ch", "sh", "o")) else
               low[:-1] + "ies" if _consonant_y(low) else low + "s")
    elif inflection == "ing":
        ings = {f for f in irregular if f.endswith("ing")}
        out = (low[:-2] + "ying" if low.endswith("ie") and len(low) > 2 else
               low[:-1] + "ing" if low.endswith("e") and not low.endswith(("ee", "oe", "ye")) and len(low) > 2 else
               stem + "ing")
        if ings and out not in ings:
            if len(ings) != 1:
                return None
            out = ings.pop()
    else:
        out = (low + "d" if low.endswith("e") else low[:-1] + "ied" if _consonant_y(low) else stem + "ed")
        pasts = {f for f in irregular if not f.endswith(("ing", "s"))}
        if pasts and out not in pasts:
            if len(pasts) != 1:
                return None  # took and taken
            out = pasts.pop()
    return " ".join([_cased(out, first)] + words[1:])


def plural(noun: str) -> str | None:
    """The plural of a noun phrase's last word, when there is one certain plural."""
    words = noun.split()
    if not words:
        return None
    last = words[-1]
    head = _head(last)
    prefix = last[: len(last) - len(head)]
    low = head.lower()
    lex = lexicon()
    irregular = lex.noun_irregular.get(low)
    cands = set(irregular) if irregular else (_compound_irregular(low) or _plural_regular(low))
    if len(cands) != 1:
        return None
    return " ".join(words[:-1] + [prefix + _cased(cands.pop(), head)])
