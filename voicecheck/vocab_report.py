"""What a vocabulary will do, term by term (``voicecheck vocab check``): every spelling each
banned form is matched in, the allow phrases, whether fixes are offered, and the problems a
reviewer should know of (a form two terms ban, a preferred term another term bans)."""
from __future__ import annotations

from voicecheck.nlp.forms import allow_forms, phrase_forms
from voicecheck.vocab import Vocabulary


def describe(vocab: Vocabulary) -> dict:
    from voicecheck.nlp.matchers import TermMatcher
    from voicecheck.nlp.tokens import make_doc

    matcher = TermMatcher(vocab.terms)
    terms = []
    banned_by: dict[str, list[str]] = {}
    spellings = 0
    for term, fixable in zip(vocab.terms, matcher.fixable):
        forms = []
        for form in term.instead_of:
            spelled = sorted(phrase_forms(form, term.pos_of(form)), key=lambda s: (s.lower() != form.lower(), s))
            spellings += len(spelled)
            forms.append({"form": form, "pos": term.pos_of(form), "spellings": spelled})
            key = form if term.case_sensitive else form.lower()
            banned_by.setdefault(key, []).append(f"{term.use!r} ({term.origin})")
        allow = [{"phrase": a, "spellings": sorted(allow_forms(a))} for a in term.allow]
        terms.append({"use": term.use, "origin": term.origin, "pos": term.pos, "case_sensitive": term.case_sensitive,
                      "severity": term.severity, "fixable": fixable, "forms": forms, "allow": allow})
    problems = []
    for form, owners in sorted(banned_by.items()):
        if len(owners) > 1:
            problems.append(f"{form!r} is banned by {len(owners)} terms: {', '.join(owners)}; a finding names one "
                            f"of them")
    for term, fixable in zip(vocab.terms, matcher.fixable):
        if not fixable:
            hits = [m for m in matcher.matches(make_doc(term.use)) if not m.allowed]
            by = ", ".join(sorted({f"{m.term.use!r} bans {m.form!r}" for m in hits}))
            problems.append(f"{term.origin}: the preferred term {term.use!r} holds a banned form ({by}): its "
                            f"findings get no fix")
    return {"terms": terms, "problems": problems, "forms": sum(len(t["forms"]) for t in terms),
            "spellings": spellings}
