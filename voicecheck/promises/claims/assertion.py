"""Does a sentence assert anything?

Headings ("Let's Connect to a Server"), button labels ("Cancel plan"),
questions ("Do you sell my data?") and bare conditions ("If you cancel
within 14 days") claim nothing, so claims read from them are dropped.
Requests phrased as questions ("Could you send us a photo?") do assert
something (a requirement) and are kept. Fragments that state a value
("Plans from $8.99 per serving.", "Real experts, 24/7.") are claims.
"""
from __future__ import annotations

from voicecheck.promises.claims import lexicon
from voicecheck.promises.claims.base import Sent

_SMALL = frozenset("a an the and or of to in on at for with by from as vs via per your our my its".split())


def status(sent: Sent, promise: bool = False) -> tuple[bool, str]:
    """(asserts, why not). In a promise, a question sets up what follows
    ("Delayed 3 hours or more? We pay you $200"): it is read as a claim."""
    text = sent.text.strip()
    words = [t for t in sent.tokens if t.is_alpha]
    if not words:
        return False, "no words"
    if text.endswith("?") and not promise:
        if request(sent):
            return True, ""
        return False, "a question"
    if heading(sent):
        return False, "a table row or breadcrumb of labels" if len(_cells(_line(sent))) > 1 else "a heading or label"
    first = sent.tokens[0]
    if first.lower_ in ("if", "unless", "whether") and not any(t.text in (",", ";", ":") for t in sent.tokens) and not any(
            t.dep_ == "ROOT" and t.pos_ in ("VERB", "AUX") and not _in_condition(t)
            and not any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in t.children)
            for t in sent.tokens):
        return False, "a condition without a main clause"
    return True, ""


def request(sent: Sent) -> bool:
    """A polite request: "Could you send us a photo?", "Please attach your receipt"."""
    low = sent.lower.lstrip(" \"'“(")
    return any(low.startswith(opener) for opener in lexicon.words("requirements", "request_openers"))


#: Cell and crumb separators: "Shared vaults | Member limit" is a table row of labels, "Help > Billing" a trail.
_SEPARATORS = frozenset({"|", ">", "›", "»", "/"})


def heading(sent: Sent) -> bool:
    """Title Case without final punctuation ("Let's Connect to a Server", "Manage
    Your Plan"), or a short label with no finite verb and no value ("Cancel plan");
    a table row or breadcrumb trail whose every cell is one ("Shared vaults | Member limit")."""
    text = sent.text.strip()
    if text[-1:] in ".!;:" or any(t.like_num for t in sent.tokens):
        return False
    if _trail(sent):
        return True
    if any(t.lemma_.lower() in lexicon.words("cost", "fee_nouns_alone") or t.text in ("$", "£", "€")
           or t.lower_ in ("free", "unlimited", "included") for t in sent.tokens):
        return False  # "Refueling service fee", "Free shipping": a label that names a charge or a perk claims it
    if any(t.lower_ in lexicon.words("requirements", "required_adjectives")
           or t.lower_ in lexicon.words("requirements", "optional_adjectives") for t in sent.tokens):
        return False  # "No receipt needed", "ID required": a label that names a requirement claims it
    cells = _cells(sent)
    if len(cells) > 1:
        return all(_label(cell) for cell in cells)
    return _label(sent.tokens)


#: Separators of a breadcrumb trail ("Billing > Refunds"), as opposed to a table row's "|".
_CRUMBS = frozenset({">", "›", "»"})


def _trail(sent: Sent) -> bool:
    """A breadcrumb trail of topics ("Availability > Chat on the free plan"): every cell a
    short phrase with no finite verb. It names where a text is filed, so a perk word in it
    ("free plan") names a topic rather than claiming the perk."""
    if not any(c in sent.doc.text for c in _CRUMBS):
        return False
    tokens = _line(sent)  # the parser may end a sentence at a separator: "Recovery >" / "Restoring on ..."
    if not any(t.text in _CRUMBS for t in tokens) or tokens[-1].text in ".!?;:":
        return False
    cells = _cells(tokens)
    return len(cells) > 1 and all(
        sum(t.is_alpha for t in cell) <= 6 and not any(t.tag_ in ("VBZ", "VBP", "VBD", "MD") for t in cell)
        for cell in cells)


def _line(sent: Sent) -> list:
    """The tokens of the line the sentence is on."""
    doc, first, last = sent.doc, sent.tokens[0].i, sent.tokens[-1].i
    while first > 0 and "\n" not in doc[first - 1].whitespace_ and "\n" not in doc[first - 1].text:
        first -= 1
    while last + 1 < len(doc) and "\n" not in doc[last].whitespace_ and "\n" not in doc[last + 1].text:
        last += 1
    return [t for t in doc[first:last + 1] if not t.is_space]


def _cells(tokens) -> list[list]:
    """The tokens between separators, as separate cells (a separator of its own, not one inside a word)."""
    out: list[list] = [[]]
    for t in getattr(tokens, "tokens", tokens):
        if t.text in _SEPARATORS:
            out.append([])
        else:
            out[-1].append(t)
    return [cell for cell in out if any(t.is_alpha for t in cell)]


def _label(tokens) -> bool:
    words = [t for t in tokens if t.is_alpha]
    content = [t for t in words if t.lower_ not in _SMALL]
    if len(content) >= 2 and sum(1 for t in content if t.text[:1].isupper()) >= 0.8 * len(content) \
            and len(words) <= 10:
        return True
    if len(words) <= 3:
        finite = any(t.tag_ in ("VBZ", "VBP", "VBD", "MD") for t in tokens)
        return not finite
    return False


def _in_condition(tok) -> bool:
    t = tok
    for _ in range(16):
        if t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether")
                                     for c in t.children):
            return True
        if t.head == t:
            return False
        t = t.head
    return False
