"""Claims: what a promise or a passage asserts, read from spaCy's parse.

One reader per kind of claim, each a small module with its own word lists
(``data/*.yaml``) and tests:

=================  ==========================================================
``quantities``     numbers with units, bounds and periods ("within 24 hours")
``schedules``      availability windows ("24/7", "Mon-Fri 9am-5pm")
``cost``           free or charged ("no cancellation fees", "a $6.99 charge")
``requirements``   required or not ("no card required", "add a payment card")
``channels``       channels and agents ("by email only", "a real person")
``polarity``       antonym axes and plain predicates with their negation
``modality``       hedges attached to any claim ("may", "subject to approval")
``scope``          universal and restrictive marks ("every plan", "first month")
``assertion``      headings, labels and questions assert nothing
=================  ==========================================================

:func:`read_many` parses texts in one batch with spaCy's trained English
pipeline (:func:`voicecheck.nlp.models.get_parser`) and returns a
:class:`Reading` per text.
"""
from __future__ import annotations

import dataclasses
import re

from voicecheck.promises.claims import (assertion, channels, cost, modality, polarity, presence, quantities,
                                        requirements, schedules, scope)
from voicecheck.promises.claims.base import (STAND_IN, Claim, Hedge, Reading, ScopeMark, Sent, Span, clause_chain,
                                             clause_of, conditional, frame_keys, is_instance, subject_of)

__all__ = ["Claim", "Hedge", "Reading", "ScopeMark", "Span", "read", "read_many", "read_doc"]

READERS = (quantities, schedules, cost, requirements, presence, channels, polarity)

_NO_X_NO_PROBLEM = re.compile(r"\bno ([a-z][\w' -]{0,40}?)\s*\?\s*(?:no problem|no worries|not a problem|that'?s (?:fine|ok(?:ay)?))",
                              re.I)
_cache: dict[tuple[str, bool, tuple[str, ...]], Reading] = {}


def read(text: str, promise: bool = False, names: tuple[str, ...] = ()) -> Reading:
    return read_many([text], promise, names)[0]


def read_many(texts: list[str], promise: bool = False, names: tuple[str, ...] = (),
              cache_dir=None) -> list[Reading]:
    """A :class:`Reading` per text, parsed in one batch (cached per process,
    and on disk under ``cache_dir`` when given: :mod:`.store`).
    ``promise``: the texts are promises (a question in them sets up a claim).
    ``names``: the brand's product names of several words ("Lumen Plus"), read
    as one word so the parser doesn't take "Plus" for a conjunction."""
    names = name_order(names)
    todo = [t for t in dict.fromkeys(texts) if (t, promise, names) not in _cache]
    if todo and cache_dir is not None:
        from voicecheck.promises.claims.store import ReadingStore

        store = ReadingStore(cache_dir)
        keys = {t: store.key(t, promise, names) for t in todo}
        found = store.get_many(list(keys.values()))
        for t in todo:
            if keys[t] in found:
                _cache[(t, promise, names)] = found[keys[t]]
        todo = [t for t in todo if keys[t] not in found]
    if todo:
        from voicecheck.nlp.models import get_parser

        nlp = get_parser()
        joined = [_join_names(t, names) for t in todo]
        docs = list(nlp.pipe([j[0] for j in joined], batch_size=128))
        _imperatives_read_again(nlp, docs)
        _third_person_read_again(nlp, docs)
        for text, (parsed, back), doc in zip(todo, joined, docs):
            reading = read_doc(doc, promise)
            if back or doc.text != parsed:  # read with joined names or a lower-cased first letter
                reading = _unjoin(reading, text, back)  # in the original's words
            _cache[(text, promise, names)] = reading
        if cache_dir is not None:
            store.put_many({keys[t]: _cache[(t, promise, names)] for t in todo})
    return [_cache[(t, promise, names)] for t in texts]


def _imperatives_read_again(nlp, docs: list) -> None:
    """A sentence that opens with a capitalised verb and has no other ("Buy Wi-Fi for this flight",
    "Your data is yours. Export everything, any time") is often tagged as a name or a noun by the
    small English pipeline. Such a text is parsed again with those sentences' first letters in lower
    case, and that parse is kept when it makes each of those words a verb (the parser decides, not a
    word list). Offsets are unchanged."""
    again: list[tuple[int, list[int]]] = []
    for i, d in enumerate(docs):
        starts = [s[0].idx for s in d.sents if len(s) > 1 and s[0].is_title and s[0].pos_ in ("PROPN", "NOUN")
                  and _verbless(s)]
        if starts:
            again.append((i, starts))
    if not again:
        return
    lowered = []
    for i, starts in again:
        chars = list(docs[i].text)
        for c in starts:
            chars[c] = chars[c].lower()
        lowered.append("".join(chars))
    for (i, starts), doc in zip(again, nlp.pipe(lowered, batch_size=128)):
        first = {t.idx: t for t in doc}
        if all(c in first and first[c].pos_ == "VERB" for c in starts):
            docs[i] = doc


def _verbless(span) -> bool:
    """A sentence the parser gave no verb: its opening word may be one it tagged as a noun."""
    return not any(t.pos_ in ("VERB", "AUX") for t in span)


def _third_person_read_again(nlp, docs: list) -> None:
    """A promise or UI string that opens with a verb in the third person and no subject ("Syncs
    automatically with Garmin", "Ships free in 2 days", "Replies within 24 hours") is tagged as a
    plural noun by the small English pipeline. Such a text (its first sentence with no verb) is parsed
    again as "It syncs automatically ...", and that parse, without the "It", is kept when the parser
    makes the word the main verb (the parser decides). The text and its offsets are unchanged."""
    again = [i for i, d in enumerate(docs) if len(d) > 1 and d[0].tag_ in ("NNS", "NNPS") and d[0].is_alpha
             and d[0].lower_.endswith("s") and _verbless(d[0].sent)]
    if not again:
        return
    from spacy.tokens import Doc

    prefixed = [f"It {docs[i].text[0].lower()}{docs[i].text[1:]}" for i in again]
    for i, doc in zip(again, nlp.pipe(prefixed, batch_size=128)):
        if len(doc) != len(docs[i]) + 1 or doc[1].tag_ != "VBZ" or doc[1].dep_ != "ROOT":
            continue  # the parser still reads a noun, or split the words differently
        body = doc[1:]
        words = [docs[i][0].text] + [t.text for t in body[1:]]
        ents = ["O"] * len(body)
        for e in doc.ents:
            if e.start == 0:
                continue
            for k in range(e.start, e.end):
                ents[k - 1] = f"{'B' if k == e.start else 'I'}-{e.label_}"
        docs[i] = Doc(nlp.vocab, words=words, spaces=[bool(t.whitespace_) for t in body],
                      tags=[t.tag_ for t in body], pos=[t.pos_ for t in body], morphs=[str(t.morph) for t in body],
                      lemmas=[t.lemma_ for t in body], deps=[t.dep_ for t in body],
                      heads=[(t.head.i if t.head.i > 0 else t.i) - 1 for t in body], ents=ents)


def unread(texts: list[str], promise: bool = False, names: tuple[str, ...] = (), cache_dir=None) -> list[str]:
    """The texts :func:`read_many` (same arguments) would parse: those read neither in this
    process nor in the on-disk store. Loads no parser, decodes nothing: a run asks this to
    start loading the parser early (``models.prefetch_parser``)."""
    names = name_order(names)
    todo = [t for t in dict.fromkeys(texts) if (t, promise, names) not in _cache]
    if not todo or cache_dir is None:
        return todo
    from voicecheck.promises.claims.store import ReadingStore

    store = ReadingStore(cache_dir)
    keys = {t: store.key(t, promise, names) for t in todo}
    found = store.stored(list(keys.values()))
    return [t for t in todo if keys[t] not in found]


def name_order(names) -> tuple[str, ...]:
    """The multi-word names, longest first (so "Lumen Plus Team" is joined
    before "Lumen Plus"), ties alphabetical: the order is part of the cache key,
    so it must not depend on the order of a set."""
    return tuple(sorted({n for n in names if " " in n.strip()}, key=lambda n: (-len(n), n)))


def _join_names(text: str, names: tuple[str, ...]) -> tuple[str, dict[str, str]]:
    """``text`` with each multi-word name written as one word of the same length
    ("Lumen Plus" -> "Lumen_Plus"), and the way back."""
    back: dict[str, str] = {}
    for name in names:
        if name not in text:
            continue
        one = re.sub(r"\s", "_", name)
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", one, text)
        back[one] = name
    return text, back


def _unjoin(reading: Reading, original: str, back: dict[str, str]) -> Reading:
    """The reading of a text read with joined names (``back``) or another first letter, in the original's
    words (offsets are unchanged)."""
    def fix(s: str) -> str:
        for one, name in back.items():
            s = s.replace(one, name).replace(one.lower(), name.lower())
        return s

    def fix_value(v):
        if dataclasses.is_dataclass(v) and isinstance(getattr(v, "text", None), str):
            return dataclasses.replace(v, text=fix(v.text))
        return v

    claims = []
    for c in reading.claims:
        span = Span(c.span.start, c.span.end, original[c.span.start:c.span.end])
        claims.append(c.with_(about=fix(c.about), context=fix(c.context), span=span, value=fix_value(c.value),
                              keys=frozenset(k for w in c.keys for k in fix(w).lower().split()),
                              frame=frozenset(k for w in c.frame for k in fix(w).lower().split()),
                              names=frozenset(k for w in c.names for k in fix(w).lower().split()),
                              subject=fix(c.subject).split()[-1] if c.subject else ""))
    return Reading(original, claims, reading.asserts, reading.why_not)


def read_doc(doc, promise: bool = False) -> Reading:
    """Every claim of a parsed text (a spaCy ``Doc``)."""
    reading = Reading(doc.text)
    reasons = []
    for s in doc.sents:
        sent = Sent(s, s.start_char)
        asserts, why = assertion.status(sent, promise)
        if not asserts:
            reasons.append(why)
            continue
        is_request = assertion.request(sent)
        for reader in READERS:
            found = reader.read(sent, request=is_request, promise=promise) if reader is requirements else reader.read(sent)
            reading.claims += [_situate(sent, c) for c in found]
    reading.claims += _idioms(doc)
    if not reading.claims and reasons and len(reasons) == len(list(doc.sents)):
        reading.asserts, reading.why_not = False, reasons[0]
    return reading


def _situate(sent: Sent, claim: Claim) -> Claim:
    """Attach hedge, scope, condition and instance marks from the claim's clause."""
    tok = sent.token_at(max(0, claim.span.start - sent.offset))
    head = clause_of(tok)
    hedge = modality.hedge_of(sent, head)
    infinitive = head.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children)
    if hedge is None and (head.dep_ in ("xcomp", "ccomp", "acl", "relcl", "csubj", "csubjpass") or infinitive) \
            and head.head != head:
        # the hedge of the clause this one depends on: "links may be throttled", "can't promise to ...",
        # "whether your team gets the dashboard depends on your contract" (a subject clause), "we'll do
        # our best to book the same clinician" (an infinitive the parser hangs on the hedge as a purpose)
        hedge = modality.hedge_of(sent, clause_of(head.head))
    chain = clause_chain(tok)
    if hedge is None:
        hedge = _hedged_after(sent, chain)
    marks = scope.scope_of(sent, head)
    for parent in chain[1:]:
        # "Upgrade to Plus to encrypt your files": the parent's restriction holds for the purpose clause
        marks += tuple(m for m in scope.scope_of(sent, parent) if m.restrictive and m not in marks)
    hypothetical, condition = False, ""
    for h in chain:
        hyp, cond = conditional(h)
        hypothetical = hypothetical or hyp
        condition = condition or cond
    if claim.kind == polarity.PREDICATE and head.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in _WHEN_MARKS for c in head.children):
        # "cancel up to 48 hours before your trip starts": the clause names a time; nothing says the trip starts
        hypothetical = True
    if condition and hedge is None:
        hedge = modality.hedge_in(condition)  # "If approved, your data is deleted": only if someone approves
    instance = claim.instance or is_instance([t for t in head.subtree])
    frame = frame_keys(chain[-1])
    subject = subject_of(head) or subject_of(chain[-1])
    return claim.with_(hedge=hedge, scope=marks, hypothetical=hypothetical, condition=condition, instance=instance,
                       frame=frame, subject=subject, names=_names(sent))


def _hedged_after(sent: Sent, chain: list):
    """A hedge said of a clause after the fact, by a clause joined to it whose subject points back
    ("We'll book the same clinician, but *it depends on* their schedule", "…, though *this may* change")."""
    for h in chain:
        for c in h.children:
            if c.dep_ == "conj" and c.i > h.i and any(
                    s.dep_ in ("nsubj", "nsubjpass") and s.lower_ in ("it", "this", "that") for s in c.children):
                found = modality.hedge_of(sent, c)
                if found is not None:
                    return found
    return None


#: Marks of a clause that only names a time ("before your trip starts"): its verb is asserted by nobody.
_WHEN_MARKS = frozenset({"before", "after", "until", "till"})


#: Entity types that name places, times, peoples and languages: capitalised, but never a plan or product
#: ("100% renewable, from UK wind" is not about a plan called "UK").
_NOT_OFFERINGS = frozenset({"GPE", "LOC", "NORP", "LANGUAGE", "DATE", "TIME", "EVENT"})


def _names(sent: Sent) -> frozenset[str]:
    """Capitalised words inside the sentence (plan, product and partner names: "Plus", "Free", "Garmin"),
    not those the parser takes for a place, a date or a people."""
    out = set()
    for t in sent.tokens:
        if "_" in t.text and t.text[:1].isupper():
            out.add(t.lower_)  # a product name read as one word ("Lumen_Plus"), wherever it stands
        elif t.is_alpha and t.text[:1].isupper() and not t.is_sent_start and t.lower_ not in ("i", "we", "you") \
                and t.ent_type_ not in _NOT_OFFERINGS and t.text != STAND_IN:
            out.add(t.lower_)
    return frozenset(out)


def _idioms(doc) -> list[Claim]:
    """Claims that span sentences: "No receipt? No problem." (the receipt is not required)."""
    out = []
    for m in _NO_X_NO_PROBLEM.finditer(doc.text):
        whole = Sent(doc[:], 0)
        a, b = m.start(1), m.end(1)
        tok = whole.token_at(b - 1)
        span = whole.char_span(m.start(), m.end())
        about = m.group(1).strip()
        out.append(Claim(requirements.KIND, requirements.Need(False, span.text), about,
                         frozenset({tok.lemma_.lower()}), about, span, how=f"'No {about}? No problem.'"))
    return out
