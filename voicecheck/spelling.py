"""English variants: which locale files hold another English, and its spelling.

A file's English variant is read from its path: ``en-GB.json``, ``en_AU/``,
``values-en-rGB/``, ``messages.en_GB.po``, ``en-GB.lproj`` (a plain ``en`` is the
vocabulary's own English). The vocabulary rules check such a file only when
the config lists its variant (``english: {check: [en-GB]}``), and then in that
variant's spelling: every word of the vocabulary is respelled
("organization" → "organisation", "color" → "colour", "center" → "centre",
"canceled" → "cancelled"), so an en-GB file is neither told to write
"organization" nor flagged for "organisation".

Respelling follows the regular American/British differences (-ize/-ise,
-yze/-yse, -or/-our, -er/-re, -ense/-ence, -og/-ogue, -l-/-ll- in a few dozen
verbs) plus a short list of single words (gray/grey, enroll/enrol…). A rule's
result is used only when the lexicon knows it (WordNet lists both spellings),
so "actor" never becomes "actour"; words whose spellings mean different things
("meter" and "metre", "program" and "programme", "check" and "cheque") are left
alone. Canadian English takes -our, -re and -ll- but keeps -ize.
"""
from __future__ import annotations

import re
from functools import lru_cache

#: The spelling family of each English region (other regions spell as British).
FAMILIES = {"US": "american", "CA": "canadian"}
_REGION = re.compile(r"(?:^|[^A-Za-z])en[-_]r?([A-Za-z]{2})(?![A-Za-z])", re.I)
_CODE = re.compile(r"en[-_]([A-Za-z]{2})\Z", re.I)

#: Verbs that double their final l in British spelling only (cancelled, travelled).
_L_VERBS = frozenset("""cancel travel label model level signal total fuel dial channel counsel equal funnel marshal
tunnel shovel pencil quarrel rival libel panel parcel barrel duel grovel jewel kennel marvel pedal refuel remodel
revel unravel spiral tassel towel trammel snorkel yodel""".split())
_WORDS_US_GB = {
    "gray": "grey", "enroll": "enrol", "enrollment": "enrolment", "enrollments": "enrolments", "enrolls": "enrols",
    "fulfill": "fulfil", "fulfillment": "fulfilment", "fulfills": "fulfils", "skillful": "skilful",
    "installment": "instalment", "installments": "instalments", "aluminum": "aluminium", "jewelry": "jewellery",
    "pajamas": "pyjamas", "plow": "plough", "mold": "mould", "smolder": "smoulder", "maneuver": "manoeuvre",
    "judgment": "judgement", "aging": "ageing", "skeptical": "sceptical", "cozy": "cosy", "mom": "mum",
}
_WORDS_GB_US = {v: k for k, v in _WORDS_US_GB.items()}
#: Words left as they are: both spellings exist with different meanings, or a rule would misfire.
_KEEP = frozenset({"meter", "meters", "metre", "metres", "program", "programs", "programme", "programmes", "acre",
                   "acres", "tour", "tours", "four", "hour", "hours", "pour", "sour", "your", "flour", "check",
                   "checks", "tire", "tires", "draft", "drafts", "story", "stories", "disk", "disc", "prize",
                   "prizes"})
#: Words American English spells with -ise too (a rule would make "advertize").
_ISE_BOTH = frozenset("""advertise advise apprise arise chastise circumcise comprise compromise demise despise devise
disguise enterprise excise exercise expertise franchise improvise incise merchandise premise promise revise supervise
surmise surprise televise reprise exorcise""".split())


def code(value: str) -> str | None:
    """``en-GB`` for en-GB, en_gb…; None for something that is not an English region code."""
    m = _CODE.match(value.strip())
    return f"en-{m.group(1).upper()}" if m else None


def variant_of(rel: str) -> str | None:
    """The English variant a file path names (``en-GB``), or None (no region: the vocabulary's own)."""
    for part in reversed(rel.replace("\\", "/").split("/")):
        m = _REGION.search(part)
        if m:
            return f"en-{m.group(1).upper()}"
    return None


def family(variant: str) -> str:
    return FAMILIES.get(variant.split("-")[-1].upper(), "british")


def _known(word: str) -> bool:
    from voicecheck.nlp.forms import lexicon

    lex = lexicon()
    if word in lex.nouns or word in lex.verbs:
        return True
    for suffix in ("s", "es", "d", "ed", "ing", "r", "er", "ers", "ation", "ations"):
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            if stem in lex.nouns or stem in lex.verbs or stem + "e" in lex.nouns or stem + "e" in lex.verbs:
                return True
    return False


_US_GB_RULES = (
    (re.compile(r"(..)iz(e|es|ed|ing|er|ers|ation|ations|able)$"), r"\1is\2", ("british",)),
    (re.compile(r"(..)yz(e|es|ed|ing|er|ers)$"), r"\1ys\2", ("british",)),
    (re.compile(r"([^aeiou]*[aeiou].*(?:[^aeiou]|i))or(s|ed|ing|ful|ite|ites|able|ably|less)?$"), r"\1our\2",
     ("british", "canadian")),
    (re.compile(r"(.*[^aeiouc])er(s)?$"), r"\1re\2", ("british", "canadian")),
    (re.compile(r"(..)ense(s)?$"), r"\1ence\2", ("british", "canadian")),
    (re.compile(r"(..)og(s)?$"), r"\1ogue\2", ("british", "canadian")),
)
_GB_US_RULES = (
    (re.compile(r"(..)is(e|es|ed|ing|er|ers|ation|ations|able)$"), r"\1iz\2"),
    (re.compile(r"(..)ys(e|es|ed|ing|er|ers)$"), r"\1yz\2"),
    (re.compile(r"([^aeiou]*[aeiou].*(?:[^aeiou]|i))our(s|ed|ing|ful|ite|ites|able|ably|less)?$"), r"\1or\2"),
    (re.compile(r"(.*[^aeiouc])re(s)?$"), r"\1er\2"),
    (re.compile(r"(..)ence(s)?$"), r"\1ense\2"),
    (re.compile(r"(..)ogue(s)?$"), r"\1og\2"),
)
_LL = re.compile(r"(.+?)(l|ll)(ed|ing|er|ers)$")


@lru_cache(maxsize=8192)
def _word_to(low: str, target: str) -> str:
    """One lower-case word from American into ``target`` spelling, or from either into American."""
    if low in _KEEP:
        return low
    if target == "american":
        if low in _WORDS_GB_US:
            return _WORDS_GB_US[low]
        m = _LL.match(low)
        if m and m.group(2) == "ll" and m.group(1) + "l" in _L_VERBS:
            return m.group(1) + "l" + m.group(3)
        for rx, repl in _GB_US_RULES:
            if any(low.startswith(w[:-1]) for w in _ISE_BOTH if low[:len(w) - 1] == w[:-1]):
                break
            out = rx.sub(repl, low)
            if out != low and _known(out) and _known(low):
                return out
        return low
    if target == "british" and low in _WORDS_US_GB:
        return _WORDS_US_GB[low]
    m = _LL.match(low)
    if m and m.group(2) == "l" and m.group(1) + "l" in _L_VERBS:
        return m.group(1) + "ll" + m.group(3)
    for rx, repl, families in _US_GB_RULES:
        if target in families:
            out = rx.sub(repl, low)
            if out != low and _known(out) and _known(low):
                return out
    return low


def _cased(out: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return out.upper()
    if like[:1].isupper():
        return out[:1].upper() + out[1:]
    return out


_WORD = re.compile(r"[A-Za-z]+")


def respell(text: str, source: str, target: str) -> str:
    """``text`` written in the vocabulary's English ``source`` (en-US, en-GB…) respelled for
    ``target``, word by word, keeping each word's case."""
    a, b = family(source), family(target)
    if a == b:
        return text

    def one(m: re.Match) -> str:
        word = m.group(0)
        low = word.lower()
        american = low if a == "american" else _word_to(low, "american")
        out = american if b == "american" else _word_to(american, b)
        return word if out == low else _cased(out, word)

    return _WORD.sub(one, text)
