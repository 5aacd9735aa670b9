"""The claim data model and small functions over spaCy's parse.

A :class:`Claim` is one thing a sentence asserts: *what it is about* (the
attribute, as a phrase), *what it asserts* (a typed value: a quantity, a
schedule, free or charged, required or not, a channel, a person or a machine,
a pole of an antonym axis, a plain predicate), its polarity, its hedge, and
the conditions and scope it is limited to. Readers (one module per kind of
claim) build claims from a parsed sentence, a :class:`Sent`; the helpers here
answer the questions every reader asks of the parse: which clause does this
word belong to, is that clause negated, hedged, conditional, what is its
subject.

Offsets in claims are character offsets into the text given to
:func:`voicecheck.promises.claims.read` (the passage or the promise).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any, Iterable

from voicecheck.promises.claims import lexicon

#: The word a placeholder ("{{ name }}", "%s") stands as when a passage is read (``Passage.for_model``):
#: capitalised so the parser takes it for a name, and so never a plan's name itself.
STAND_IN = "X"


@dataclass(frozen=True)
class Span:
    """Character offsets ``[start, end)`` into the read text, and the text."""

    start: int
    end: int
    text: str


NO_SPAN = Span(0, 0, "")


@dataclass(frozen=True)
class Hedge:
    """What weakens a claim: "may", "usually", "subject to approval"."""

    cue: str
    strength: float  # 0-1: how much it weakens a promise
    span: Span = NO_SPAN


@dataclass(frozen=True)
class ScopeMark:
    """How far a claim reaches. ``kind``: ``universal`` (every, all, any,
    forever), ``only`` (only, just, exclusively), ``first`` (for the first
    month, your first box), ``tier`` (annual plans only, on the Basic plan),
    ``except`` (except, excluding, doesn't apply to), ``some`` (selected,
    certain, some), ``upgrade`` (upgrade to Plus to ...)."""

    kind: str
    text: str
    span: Span = NO_SPAN
    head: str = ""  # the noun it quantifies, as a lemma ("pharmacy" in "any pharmacy", "only to partner pharmacies")

    @property
    def restrictive(self) -> bool:
        return self.kind != "universal"


@dataclass(frozen=True)
class Claim:
    """One assertion of a sentence.

    ``kind`` names the reader that made it (``quantity``, ``schedule``,
    ``cost``, ``requirement``, ``channel``, ``agent``, ``axis``,
    ``predicate``); ``value`` is that reader's own frozen value with a
    ``label()`` for messages. ``about`` is the attribute phrase ("reply to
    messages", "payment card"); ``keys`` its content lemmas; ``context`` the
    clause with the value's own words masked, for embeddings. ``how`` says
    how it was read (for ``voicecheck explain``).
    """

    kind: str
    value: Any
    about: str
    keys: frozenset[str]
    context: str
    span: Span
    negated: bool = False
    hedge: Hedge | None = None
    scope: tuple[ScopeMark, ...] = ()
    condition: str = ""
    hypothetical: bool = False
    instance: bool = False
    how: str = ""
    frame: frozenset[str] = frozenset()  # content keys of the sentence's main clause (subject and verb)
    subject: str = ""  # lemma of the head noun of its clause's subject ("insurance" in "Insurance isn't included")
    names: frozenset[str] = frozenset()  # names in its sentence ("plus", "free" in "Lumen Free"), lower case

    def label(self) -> str:
        """The value as a writer would say it: "up to 250 GB", "Mon-Fri 9am-5pm", "not required"."""
        return self.value.label() if hasattr(self.value, "label") else str(self.value)

    @property
    def asserted(self) -> bool:
        return not self.hypothetical

    def with_(self, **changes) -> "Claim":
        return replace(self, **changes)


# --------------------------------------------------------------------------
# The parsed sentence
# --------------------------------------------------------------------------

#: Dependency labels that start a clause of their own.
CLAUSE_DEPS = frozenset({"ROOT", "advcl", "ccomp", "relcl", "parataxis", "csubj", "csubjpass", "xcomp", "acl",
                         "pcomp"})
#: Marks that make a subordinate clause a condition rather than an assertion.
CONDITION_MARKS = frozenset({"if", "unless", "whether", "once", "when", "whenever", "provided", "as long as"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
OBJECT_DEPS = frozenset({"dobj", "pobj", "attr", "oprd", "dative", "obj"})

_FUNCTION = frozenset("""a an the and or nor but so if then than that this these those there here it its they them
their we us our you your i me my he she his her him who whom whose which what when where why how be is are was were
been being am do does did have has had will would shall should can could may might must to of in on at by for with
about into through from up down out off over under as per via just also too very each every all any some no not
n't never get got let please s 's take make give keep put go come use""".split())


class Sent:
    """A parsed sentence (a spaCy ``Doc`` or ``Span``) as readers see it.

    ``offset`` is where the sentence starts in the read text, so token
    offsets become claim offsets. Phrase lists are matched on the lower-cased
    text with word boundaries (robust to how the tokenizer splits "24/7" or
    "e-mail") and mapped back to tokens.
    """

    def __init__(self, span, offset: int = 0):
        self.span = span
        self.doc = span.doc if hasattr(span, "doc") else span
        self.tokens = list(span)
        self.start_char = self.tokens[0].idx if self.tokens else 0
        self.text = span.text
        self.lower = self.text.lower()
        self.offset = offset  # where self.text starts in the read text
        self._by_char: dict[int, int] | None = None

    # positions ------------------------------------------------------------
    def char_span(self, a: int, b: int) -> Span:
        """A claim span from sentence-relative character offsets."""
        return Span(self.offset + a, self.offset + b, self.text[a:b])

    def tok_span(self, first, last=None) -> Span:
        """A claim span over tokens ``first..last`` (inclusive; tokens or token objects)."""
        last = first if last is None else last
        if first.lower_ in ("n't", "n’t") and first.i > 0:
            host = first.doc[first.i - 1]
            if host.idx + len(host.text) == first.idx:
                first = host  # "can't normally access", never "n't normally access": the clitic with its verb
        a = first.idx - self.start_char
        b = last.idx + len(last.text) - self.start_char
        return self.char_span(a, b)

    def token_at(self, char: int):
        """The token covering sentence-relative ``char`` (or the next one)."""
        if self._by_char is None:
            self._by_char = {}
            for t in self.tokens:
                for c in range(t.idx - self.start_char, t.idx - self.start_char + len(t.text)):
                    self._by_char[c] = t.i
        i = self._by_char.get(char)
        if i is None:
            later = [t for t in self.tokens if t.idx - self.start_char >= char]
            return later[0] if later else self.tokens[-1]
        return self.doc[i]

    # phrase lists -----------------------------------------------------------
    def find(self, entries: Iterable[str], plural: bool = False) -> list[tuple[int, int, str]]:
        """Sentence-relative ``(start, end, matched lower text)`` of every
        entry found, longest match first at each place, non-overlapping.
        ``plural``: an entry may also take a plural ending ("calls", "branches");
        the matched text is then the entry as listed."""
        rx = _phrase_regex(_longest_first(entries if isinstance(entries, frozenset) else frozenset(entries)), plural)
        if rx is None:
            return []
        if plural:
            return [(m.start(), m.end(), m.group(1)) for m in rx.finditer(self.lower)]
        return [(m.start(), m.end(), m.group(0)) for m in rx.finditer(self.lower)]

    def find_tokens(self, entries: Iterable[str]) -> list[tuple[Any, Any, str]]:
        """Like :meth:`find`, as (first token, last token, text)."""
        out = []
        for a, b, text in self.find(entries):
            out.append((self.token_at(a), self.token_at(b - 1), text))
        return out


@cache
def _longest_first(entries: frozenset[str]) -> tuple[str, ...]:
    """The entries, longest first (the word lists are frozensets, read once: sorted once)."""
    return tuple(sorted(entries, key=lambda e: (-len(e), e)))


@cache
def _phrase_regex(entries: tuple[str, ...], plural: bool = False):
    if not entries:
        return None
    alts = "|".join(re.escape(e).replace(r"\ ", r"\s+") for e in entries if e)
    if not alts:
        return re.compile(r"(?!x)x")
    if plural:
        return re.compile(rf"(?<![\w$£€])({alts})(?:s|es)?(?![\w])")
    return re.compile(rf"(?<![\w$£€]){'(?:' + alts + ')'}(?![\w])")


# --------------------------------------------------------------------------
# Clause structure
# --------------------------------------------------------------------------


def clause_of(tok):
    """The head of the clause ``tok`` belongs to: the nearest ancestor (or
    itself) that starts a clause, or the sentence root."""
    t = tok
    seen = 0
    while seen < 64:
        if t.dep_ in CLAUSE_DEPS or t.head == t:
            return t
        if t.dep_ == "conj" and t.pos_ in ("VERB", "AUX") and t.head.pos_ in ("VERB", "AUX", "ADJ"):
            return t
        t = t.head
        seen += 1
    return t


def clause_tokens(head) -> list:
    """The tokens of ``head``'s clause, without the clauses nested in it."""
    out = []
    stack = [head]
    while stack:
        t = stack.pop()
        out.append(t)
        for c in t.children:
            if c.dep_ in ("advcl", "ccomp", "relcl", "parataxis", "csubj") or (
                    c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and t == head):
                continue
            stack.append(c)
    return sorted(out, key=lambda t: t.i)


def clause_chain(tok):
    """``tok``'s clause head and every clause head above it, innermost first."""
    out = []
    t = clause_of(tok)
    for _ in range(32):
        out.append(t)
        if t.head == t:
            break
        t = clause_of(t.head)
    return out


def subjects(head) -> list:
    """Subjects of a clause head; a conjoined verb shares its first verb's subject;
    a relative clause's subject is the noun it modifies."""
    subj = [c for c in head.children if c.dep_ in SUBJECT_DEPS]
    if not subj and head.dep_ == "conj":
        subj = [c for c in head.head.children if c.dep_ in SUBJECT_DEPS]
    if not subj and head.dep_ in ("relcl", "acl") and head.head.pos_ in ("NOUN", "PROPN", "PRON"):
        subj = [head.head]
    if not subj and head.dep_ == "xcomp":
        subj = [c for c in head.head.children if c.dep_ in SUBJECT_DEPS]
    return subj


def objects(head) -> list:
    out = []
    for c in head.children:
        if c.dep_ in OBJECT_DEPS:
            out.append(c)
        elif c.dep_ == "prep":
            out += [g for g in c.children if g.dep_ == "pobj"]
    return out


def phrase(tok) -> str:
    """The noun phrase headed by ``tok`` (compounds, adjectives, "of" phrases),
    without determiners and possessives."""
    if tok.pos_ not in ("NOUN", "PROPN", "PRON", "NUM", "ADJ", "X"):
        return tok.text
    keep = [tok]
    for c in tok.children:
        if c.dep_ in ("compound", "amod", "nmod", "nummod", "npadvmod") and c.i < tok.i:
            keep += [x for x in c.subtree if x.dep_ not in ("det", "poss", "punct")]
        elif c.dep_ == "prep" and c.lower_ in ("of", "for") and c.i > tok.i:
            keep += [x for x in c.subtree if x.dep_ not in ("det", "poss", "punct")]
    keep = sorted(set(keep), key=lambda t: t.i)
    return " ".join(t.text for t in keep)


def content_keys(tokens: Iterable) -> frozenset[str]:
    """Content lemmas (lower case) of tokens: what ties two claims by words."""
    out = set()
    units = lexicon.mapping("units", "units")
    for t in tokens:
        name = t.text[:1].isupper() and (t.pos_ == "PROPN" or not t.is_sent_start)
        lem = t.lower_ if name else t.lemma_.lower()  # names keep their spelling ("Lumen", not "luman")
        lem = {"datum": "data"}.get(lem, lem)
        if t.is_alpha and len(lem) > 2 and lem not in _FUNCTION and not t.is_stop and lem not in units \
                and t.lower_ not in ("working", "business", "calendar"):
            out.add(lem)
    return frozenset(out)


def subject_of(head) -> str:
    """The head noun of a clause's subject, as a lemma ("" for pronouns and none)."""
    for s in subjects(head):
        if s.pos_ in ("NOUN", "PROPN") and s.lower_ not in _FUNCTION:
            return s.lemma_.lower()
    return ""


def frame_keys(root) -> frozenset[str]:
    """Content keys of a main clause's subject and verb: what the whole sentence
    is about, shared by every claim in it ("*Files* in shared folders are
    *stored* unencrypted so previews load")."""
    toks = [root]
    for s in subjects(root):
        toks += _np_tokens(s)
    for c in root.children:
        if c.dep_ in ("dobj", "attr", "acomp", "nsubjpass"):
            toks += _np_tokens(c)
    return content_keys(toks)


def negation_of(head, verbal: bool = False) -> tuple[bool, Any]:
    """Is the clause headed by ``head`` negated, and by which token?

    From the parse: a ``neg`` child ("not", "n't", "never"), a subject or
    object determined by "no" ("no card is needed", "we charge no fee"), a
    negative pronoun subject ("nothing", "nobody"), or "without" governing
    the clause's object. "not only" and similar pseudo-negations don't count.
    ``verbal``: only a negation of the verb itself counts (a clause under it
    inherits "not able to", never the "no" of "no card needed to sign up",
    which negates the card)."""
    for c in head.children:
        if c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in ("never", "no")):
            nxt = c.doc[c.i + 1] if c.i + 1 < len(c.doc) else None
            if nxt is not None and f"{c.lower_} {nxt.lower_}" in lexicon.words("negation", "pseudo"):
                continue
            return True, c
    for c in head.children:
        if c.lower_ == "longer" and any(g.lower_ == "no" for g in c.children):
            return True, c  # "we no longer take calls"
    for c in head.children if not verbal else ():
        if c.dep_ in SUBJECT_DEPS | OBJECT_DEPS | {"attr"}:
            if c.lower_ in ("nothing", "nobody", "none", "noone", "no-one"):
                return True, c
            for d in c.children:
                if d.dep_ == "det" and d.lower_ in ("no", "zero"):
                    return True, d
    if head.lemma_.lower() in ("unable", "lack", "fail") or head.lower_ in ("cannot",):
        return True, head
    if head.dep_ in ("xcomp", "acomp") and head.head != head:
        return negation_of(head.head, verbal=True)  # "not able to pass you", "don't want to charge you"
    if head.dep_ == "conj" and head.head != head and not any(c.dep_ in SUBJECT_DEPS for c in head.children):
        return negation_of(head.head, verbal)  # "you won't receive a box or be charged"
    return False, None


def negated_token(tok) -> tuple[bool, Any]:
    """Is a noun negated on its own ("no fees", "without a card", "zero fees")?"""
    for c in tok.children:
        if c.dep_ == "det" and c.lower_ in ("no", "zero"):
            return True, c
        if c.dep_ == "neg":
            return True, c
    if tok.dep_ == "pobj" and tok.head.lower_ == "without":
        return True, tok.head
    return False, None


def conditional(head) -> tuple[bool, str]:
    """(hypothetical, condition): ``hypothetical`` when the clause is itself an
    if/unless/when clause (or a question), ``condition`` the text of an
    if/unless/when clause attached to it."""
    marks = [c for c in head.children if c.dep_ == "mark" and c.lower_ in CONDITION_MARKS]
    if marks and head.dep_ == "advcl":
        return True, ""
    cond = ""
    for c in head.children:
        if c.dep_ == "advcl":
            m = [g for g in c.children if g.dep_ == "mark" and g.lower_ in CONDITION_MARKS]
            if m:
                cond = " ".join(t.text for t in c.subtree)
    return False, cond


def is_instance(tokens) -> bool:
    """Is the clause about one particular item ("this box", "your order #123",
    "it") rather than a policy? Deictic determiners on the subject say so."""
    for t in tokens:
        if t.dep_ in SUBJECT_DEPS and any(c.lower_ in ("this", "that", "these", "those") and c.dep_ == "det"
                                          for c in t.children):
            return True
    return False


def mask(sent: Sent, head, spans: list[tuple[int, int]]) -> str:
    """The clause of ``head`` as text, with sentence-relative ``spans`` (the
    value's own words) removed: what the value is said about."""
    toks = clause_tokens(head)
    if len(toks) < 5:
        toks = sent.tokens  # "which is the most we allow": the clause alone says too little
    out = []
    for t in toks:
        a = t.idx - sent.start_char
        if any(s <= a < e for s, e in spans) or t.is_punct:
            continue
        # a word glued to the one before it ("ca" + "n't", "it" + "'s") stays glued: "can't", not "ca n't"
        glued = out and t.i > 0 and not t.doc[t.i - 1].whitespace_ and out[-1][1] == t.i - 1
        if glued:
            out[-1] = (out[-1][0] + t.text, t.i)
        else:
            out.append((t.text, t.i))
    return " ".join(text for text, _ in out)


@dataclass
class Reading:
    """Everything read from one text: its claims, and whether it asserts anything."""

    text: str
    claims: list[Claim] = field(default_factory=list)
    asserts: bool = True  # False for headings, button labels, questions
    why_not: str = ""  # why it asserts nothing

    def of(self, kind: str) -> list[Claim]:
        return [c for c in self.claims if c.kind == kind]


def attribute(anchor, exclude: set[int] | frozenset[int] = frozenset()) -> tuple[str, frozenset[str]]:
    """What a value attached at ``anchor`` is said about, as (phrase, content keys).

    A noun anchor is its own phrase ("14-day *trial*", "delivery *charge*"),
    with the verb it is the subject or object of; a verb or adjective anchor
    brings its subject and object ("your coach *replies* to messages",
    "refunds are *available*"). Tokens in ``exclude`` (the value's own words)
    are left out."""
    toks = []
    if anchor.pos_ in ("NOUN", "PROPN", "PRON", "X", "NUM"):
        toks += _np_tokens(anchor)
        for v in anchor.children:  # "Export or delete all of your data", with "Export" parsed as a noun
            if v.dep_ == "conj" and v.pos_ == "VERB" and anchor.dep_ == "ROOT":
                toks += [v, *(x for c in v.children if c.dep_ == "dobj" for x in c.subtree
                              if x.dep_ not in ("det", "poss", "punct"))][:7]
        verb = anchor.head if anchor.dep_ in SUBJECT_DEPS | OBJECT_DEPS and anchor.head != anchor else None
        if verb is not None and verb.dep_ == "prep":
            verb = verb.head
        if verb is not None and verb.pos_ in ("VERB", "ADJ") and verb.lemma_.lower() not in _LIGHT:
            toks.append(verb)
    else:
        toks.append(anchor)
        if anchor.dep_ in ("conj", "advmod", "acomp", "oprd", "xcomp", "amod") and anchor.head != anchor \
                and anchor.head.pos_ in ("VERB", "AUX", "ADJ", "NOUN", "PROPN"):
            up = anchor.head
            toks.append(up)
            toks += [x for c in up.children if c.dep_ in ("dobj", "nsubj", "nsubjpass") for x in _np_tokens(c)]
        for s in subjects(anchor):
            toks += _np_tokens(s)
        # "Export or delete all of your data": verbs joined by "or"/"and" with no object of the first
        # share the object of the last
        shared = [c for c in anchor.children if c.dep_ == "conj" and c.pos_ == "VERB"] \
            if not any(c.dep_ == "dobj" for c in anchor.children) else []
        for c in [*anchor.children, *(g for v in shared for g in v.children if g.dep_ == "dobj")]:
            if c.dep_ in ("dobj", "attr", "acomp", "oprd", "prt", "xcomp") or (
                    c.dep_ == "prep" and c.lower_ in ("to", "of", "for", "on", "with")):
                toks += [x for x in c.subtree if x.dep_ not in ("det", "poss", "punct", "advcl", "relcl")][:6]
        toks += shared
    toks = sorted({t.i: t for t in toks if t.i not in exclude and (not t.like_num or t.lower_ in _ORDINAL_WORDS)
                   and t.pos_ != "SYM" and t.text not in ("$", "£", "€", "%", "+") and not _glued_unit(t)}.values(),
                  key=lambda t: t.i)
    words = [t.text for t in toks if not t.is_punct and t.lower_ not in ("a", "an", "the")]
    return " ".join(words), content_keys(toks)


def _glued_unit(tok) -> bool:
    """The unit of a number joined to it by a hyphen ("30-*day* guarantee", "5-*star* hotel"): part of a
    value, not of what the value is said about (the guarantee, the hotel)."""
    doc = tok.doc
    return tok.i >= 2 and doc[tok.i - 1].text == "-" and doc[tok.i - 2].like_num


_LIGHT = frozenset({"be", "have", "do", "get", "make", "take", "go", "come", "give", "keep", "let"})
#: Ordinal words ("first", "second") tell things apart ("your first bag", "a second bag"): never dropped as numbers.
_ORDINAL_WORDS = frozenset({"first", "second", "third", "fourth", "fifth", "additional", "extra", "another"})


def _np_tokens(tok) -> list:
    out = [tok]
    for c in tok.children:
        if c.dep_ in ("compound", "amod", "nmod", "poss") and c.i < tok.i:
            out += [x for x in c.subtree if x.dep_ not in ("det", "punct")]
        elif c.dep_ == "prep" and c.lower_ in ("of",) and c.i > tok.i:
            out += [x for x in c.subtree if x.dep_ not in ("det", "punct")][:4]
    return out
