"""Shared by the vocabulary rules: the finding for one term match, with a fix
only when the replacement can't break the text or the code around it.

A fix is offered when all of these hold:

* the words are written in the file exactly as read (no markup, entity or
  escape inside them);
* they are not part of an identifier-like token: joined by ``-``, ``_``, ``.``,
  ``/``, ``:``, ``@``, ``=`` or ``\\`` to a letter or digit
  (``mail-primary-server``, an HTTP header such as ``X-Acme-Webhook-Secret``,
  ``user_id``), nor inside a code span (backticks) or another term's ``allow``
  phrase;
* the replacement has the same part of speech as the words it replaces: a noun
  for a noun, a verb for a verb, in the same inflection ("logged in" → "signed
  in", "customers" → "members"); where the part of speech or the form is not
  certain ("Login failed" with "sign in" preferred, "booked" with
  "appointment" preferred), no fix is offered;
* a preceding "a"/"an" still fits (it is changed with the word when it must be,
  and no fix is offered when the right article is not clear).

The replacement keeps the case pattern of the words it replaces: all caps
("CUSTOMER SUPPORT" → "MEMBER SUPPORT"), title case, a capital first letter, or
lower case. A preferred term written in sentence case in the vocabulary
("Direct message") is lowered in mid-sentence; one with capitals of its own
("Roamly Assist", "Wi-Fi") keeps them.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from voicecheck.checks.base import Annotated, make_finding, verbatim
from voicecheck.findings import Finding, Fix
from voicecheck.nlp.forms import (PARTICLES, inflect_verb, noun_forms, parts_of_speech, phrase_pos, plural,
                                  verb_inflection)
from voicecheck.nlp.matchers import TermMatch

#: Characters that join a word into an identifier when a letter, digit or _ is on their other side.
IDENTIFIER_JOINERS = frozenset("-_./:@=\\")
_SMALL_WORDS = frozenset({"a", "an", "the", "of", "in", "on", "to", "for", "and", "or", "at", "by", "with"})
_SENTENCE_END = frozenset({".", "!", "?"})


def identifier_like(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` joined to other characters as part of an identifier-like token
    (``mail-primary-server``, ``X-Acme-Webhook-Secret``, ``user_id``, ``config.customer``)?"""
    if start >= 2 and text[start - 1] in IDENTIFIER_JOINERS and (text[start - 2].isalnum() or text[start - 2] == "_"):
        return True
    if end + 1 < len(text) and text[end] in IDENTIFIER_JOINERS and (text[end + 1].isalnum() or text[end + 1] == "_"):
        return True
    return False


_TICKS: list = [None, ()]  # (text, offsets of its backticks): the findings of one segment share them


def in_code_span(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` between backticks (a code span the format did not mask)? Costs
    log(backticks) per call, so a line of 100,000 findings stays linear."""
    if _TICKS[0] is not text:
        _TICKS[0], _TICKS[1] = text, tuple(m.start() for m in re.finditer("`", text))
    ticks = _TICKS[1]
    if not ticks:
        return False
    before = bisect.bisect_left(ticks, start)
    return before % 2 == 1 and bisect.bisect_left(ticks, end) < len(ticks)


def _occurrence(term, form: str, matched: str) -> tuple[frozenset[str], str | None]:
    """(parts of speech, inflection) of the matched words as a use of ``form``. The parts of
    speech are what the words can be: one, both (a base or -s form of a word that is a noun
    and a verb: "book"), or none (a word the lexicon doesn't know). The inflection is "base",
    "s" (plural or third person), "past" or "ing"; None when it can't be told."""
    noun, verb = frozenset({"noun"}), frozenset({"verb"})
    pos = term.pos_of(form)
    fw, mw = form.split(), matched.split()
    if len(fw) != len(mw):
        return frozenset(), None
    if len(fw) > 1:
        if pos == "verb" or (pos is None and fw[-1].lower() in PARTICLES):
            return verb, verb_inflection(mw[0], fw[0])
        if mw[-1].lower() == fw[-1].lower():
            return noun, "base"
        return (noun, "s") if mw[-1].lower() in {f.lower() for f in noun_forms(fw[-1])} else (noun, None)
    word, low = fw[0], matched.lower()
    # an acronym ("DM", "IHD") is not the dictionary word it spells ("dm", a decimetre)
    acronym = word.isupper() and len(word) > 1
    known = frozenset({pos}) if pos else frozenset() if acronym else parts_of_speech(word)
    if low == word.lower():
        return known, "base"
    as_verb = verb_inflection(matched, word) if "verb" in known or not known else None
    if as_verb in ("past", "ing"):
        return verb, as_verb
    as_noun = ("noun" in known or not known) and low in {f.lower() for f in noun_forms(word)}
    if as_noun and as_verb == "s":
        return known, "s"
    if as_noun:
        return noun, "s"
    if as_verb == "s":
        return verb, "s"
    return known, None


_reading = lru_cache(maxsize=4096)(_occurrence)


def _preferred(term, use: str, pos: frozenset[str], inflection: str) -> str | None:
    """The preferred term in the part of speech and inflection of the words it replaces."""
    kinds = frozenset({term.pos}) if term.pos else phrase_pos(use)
    if len(pos) == 1:
        (p,) = pos
    elif not pos and len(kinds) == 1:
        (p,) = kinds  # a word the lexicon doesn't know ("timeslot"): read as the preferred term's kind
    else:
        # either reading ("book", "transfer"): only a preferred word that is both fits both
        if kinds and kinds != {"noun", "verb"}:
            return None
        if inflection == "base":
            return use
        if inflection == "s":
            a, b = plural(use), inflect_verb(use, "s")
            return a if a == b else None
        return None
    if kinds and p not in kinds:
        return None  # "Login failed" is a noun: "Log in failed" is not a fix
    if p == "noun":
        return use if inflection == "base" else plural(use) if inflection == "s" else None
    return inflect_verb(use, inflection)


def _styled(use: str) -> bool:
    """Is the preferred term written without capitals of its own: lower case, sentence case
    ("Direct message"), or one capitalized common word ("Member"; "Roamly" is a name)?"""
    if use.islower() or not use[:1].isupper() or any(c.isupper() for c in use[1:]):
        return use.islower()
    if " " in use or "-" in use:
        return True
    return bool(parts_of_speech(use))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def recase(replacement: str, matched: str, form: str, use: str, *, sentence_start: bool,
           titled: bool = False) -> str:
    """``replacement`` in the case pattern of ``matched``: all caps, title case, a capital first
    letter or lower case (a capital mid-sentence is read as title case: a heading). An acronym
    listed in capitals ("DM") has no case pattern of its own: the replacement is capitalized at
    the start of a sentence only."""
    letters = [c for c in matched if c.isalpha()]
    all_caps = len(letters) > 1 and all(c.isupper() for c in letters)
    acronym = len([c for c in form if c.isalpha()]) > 1 and form.isupper()
    if all_caps and not acronym:
        return replacement.upper()
    base = replacement[:1].lower() + replacement[1:] if _styled(use) else replacement
    if all_caps:
        return _cap(base) if sentence_start else base
    words = matched.split()
    title = len(words) > 1 and all(w[:1].isupper() for w in words if w[:1].isalpha())
    if title or (matched[:1].isupper() and (titled or not sentence_start) and " " in base and _styled(use)):
        # title case, or a capital in a heading ("Creating an Issue" -> "Creating a Work Item", "Issue Summary")
        return " ".join(w if (i and w.lower() in _SMALL_WORDS) else _cap(w) for i, w in enumerate(base.split(" ")))
    return _cap(base) if matched[:1].isupper() else base


@lru_cache(maxsize=4096)
def replacement(term, form: str, matched: str, *, use: str | None = None, sentence_start: bool = False,
                context: str | None = None, titled: bool = False) -> str | None:
    """The preferred term spelled to fit the matched text, or None when that is not
    certain (see the module's documentation). ``context`` is what the word before says
    the words are ("noun" after a determiner, "verb" after a modal; :func:`context_pos`)."""
    use = use or term.use
    if term.case_sensitive:
        return use if matched == form else None
    pos, inflection = _occurrence(term, form, matched)
    if inflection is None:
        return None
    if len(pos) != 1 and context and (not pos or context in pos):
        pos = frozenset({context})
    out = _preferred(term, use, pos, inflection)
    return None if out is None else recase(out, matched, form, use, sentence_start=sentence_start, titled=titled)


def article(word: str) -> str | None:
    """"a" or "an" before ``word``, or None when it is not clear (a digit, most u-words)."""
    w = word.lstrip("\"'“‘(")
    if not w or not w[0].isalpha():
        return None
    letters = w.split("-")[0]
    if letters.isupper() and 1 < len(letters) <= 5:  # an acronym is read letter by letter
        return "an" if letters[0] in "AEFHILMNORSX" else "a"
    low = w.lower()
    if low.startswith(("hour", "honest", "honor", "honour", "heir")):
        return "an"
    if low.startswith(("one", "once", "eu", "uni", "use", "usu", "uti", "ure", "uro", "ubi")):
        return "a"
    if low.startswith(("un", "up", "ul", "um", "ut", "us", "ug")):
        return "an"
    if low[0] == "u":
        return None
    return "an" if low[0] in "aeio" else "a"


#: Words after which a word that is both a noun and a verb is the noun ("this instance", "your book").
DETERMINERS = frozenset({"a", "an", "the", "this", "that", "these", "those", "your", "our", "my", "their", "his",
                         "her", "its", "each", "every", "any", "no", "some", "another", "'s", "\u2019s"})
PREPOSITIONS = frozenset({"of", "for", "in", "on", "with", "by", "from", "per", "about", "into", "across", "within",
                          "without", "under", "via", "at"})
#: Words after which it is the verb ("you can book", "please transfer").
VERB_CUES = frozenset({"can", "could", "will", "would", "shall", "should", "may", "might", "must", "please", "n't",
                       "\u2019t", "let's", "lets"})
#: Object pronouns: after a word at the start of a sentence they make it an imperative verb ("DM us").
OBJECTS = frozenset({"us", "me", "them", "him", "it"})
#: Words that follow a noun (the subject), never a verb's base form ("Instances should…").
NOUN_FOLLOWERS = frozenset({"can", "could", "will", "would", "shall", "should", "may", "might", "must", "is", "are",
                            "was", "were", "has", "have", "had"})
#: Endings of the adjectives and participles that stand before a noun ("detailed issue", "local instance").
_ADJECTIVE_ENDINGS = ("ed", "ing", "al", "ive", "ous", "ful", "ic", "able", "ible", "less", "ary", "ory", "ent",
                      "ant", "ish")


def _neighbour(doc, i: int, step: int):
    j = i + step
    while 0 <= j < len(doc) and doc[j].is_space:
        j += step
    return doc[j] if 0 <= j < len(doc) else None


def context_pos(doc, start: int, end: int) -> str | None:
    """What the words around tokens ``start:end`` say about their part of speech, for a word
    that is both a noun and a verb: "noun" after a determiner, a preposition, an adjective, a
    noun or a name ("your Rallly instance"), or before a modal ("Instances should"); "verb"
    after a modal ("you can book") or before an object pronoun ("DM us"); None when they
    don't say."""
    from voicecheck.nlp.forms import lexicon

    before, after = _neighbour(doc, start, -1), _neighbour(doc, end - 1, 1)
    if after is not None and after.lower_ in NOUN_FOLLOWERS:
        return "noun"
    if after is not None and after.lower_ in OBJECTS:
        return "verb"  # "DM us", "book it"
    if (before is None or before.text in _SENTENCE_END) and after is not None and \
            after.lower_ in (DETERMINERS | OBJECTS) - {"'s", "\u2019s"}:
        return "verb"  # an imperative: "Book a slot", "DM your coach"
    if before is None:
        return None
    word = before.lower_
    if word in DETERMINERS or word in PREPOSITIONS:
        return "noun"
    if word in VERB_CUES:
        return "verb"
    if before.text[:1].isupper() and not doc[start].text[:1].isupper() and \
            not _sentence_start(doc, before.i):
        return "noun"  # after a name, mid-sentence: "your Rallly instance"
    if word.isalpha() and len(word) > 3:
        lex = lexicon()
        if word.endswith(_ADJECTIVE_ENDINGS) or (word in lex.nouns and word not in lex.verbs):
            return "noun"
    return None


def _sentence_start(doc, i: int) -> bool:
    j = i - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    return j < 0 or doc[j].text in _SENTENCE_END


def term_finding(item: Annotated, match: TermMatch, *, code: str, severity: str, message: str) -> Finding:
    doc = item.doc
    start = doc[match.start].idx
    end = doc[match.end - 1].idx + len(doc[match.end - 1].text)
    return make_finding(item.segment, start, end, code=code, kind="vocabulary",
                        severity=match.term.severity or severity, message=message, term=match.term.use,
                        fix=_fix(item, match, start, end))


def _fix(item: Annotated, match: TermMatch, start: int, end: int) -> Fix | None:
    if match.sheltered or not match.fixable:
        return None
    segment, doc = item.segment, item.doc
    text = segment.text
    if identifier_like(text, start, end) or in_code_span(text, start, end):
        return None
    raw = verbatim(segment, start, end)
    if raw is None:
        return None
    pos, inflection = _reading(match.term, match.form, raw)
    if inflection is None:
        return None
    # the neighbours are read only for a word that is both a noun and a verb (or unknown)
    context = context_pos(doc, match.start, match.end) if len(pos) != 1 else None
    start_of_sentence = _sentence_start(doc, match.start)
    after = _neighbour(doc, match.end - 1, 1)
    titled = after is not None and after.text.istitle() and after.text.isalpha()  # "Issue Summary"
    rep = replacement(match.term, match.form, raw, use=match.use, sentence_start=start_of_sentence, context=context,
                      titled=titled)
    if rep is None or rep == raw:
        return None
    if after is not None and after.lower_ in OBJECTS | {"you", "her"} and rep.split()[-1].lower() in PARTICLES and \
            len(rep.split()) > 1:
        return None  # "disburse them" -> "pay them out", not "pay out them": not a word-for-word fix
    if match.start > 0:  # "a"/"an" before the words must still fit
        prev = doc[match.start - 1]
        if prev.lower_ in ("a", "an") and prev.idx + len(prev.text) + 1 == start and text[start - 1] == " " and \
                (prev.idx == 0 or not text[prev.idx - 1].isalnum()):
            need = article(rep)
            if need is None:
                return None
            if need != prev.lower_:
                if verbatim(segment, prev.idx, end) is None:
                    return None
                said = prev.text
                new = need.upper() if said.isupper() and len(said) > 1 else _cap(need) if said[:1].isupper() else need
                span = segment.source_span(prev.idx, end)
                return Fix(span.start, span.end, f"{new} {rep}")
    span = segment.source_span(start, end)
    return Fix(span.start, span.end, rep)


def matched_text(item: Annotated, match: TermMatch) -> str:
    return item.doc[match.start:match.end].text
