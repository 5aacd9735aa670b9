"""Vocabularies from other tools, as a ``brand.yaml`` ``terms:`` list.

Three formats (``voicecheck vocab import``):

* a **Vale** substitution rule (``extends: substitution``, ``swap:`` of
  pattern → preferred term, ``ignorecase``, ``level``, ``exceptions``);
* a **textlint-rule-prh** dictionary (``rules:`` of ``expected`` and
  ``pattern``/``patterns``, plain strings or ``/regex/flags``, ``options:
  {wordBoundary}``, a ``prh:`` description);
* a **textlint-rule-terminology** term list (JSON or JSONC: strings for the
  right casing of a name, ``[pattern, replacement]`` pairs), bare or as the
  rule's ``terms`` option.

Patterns are regular expressions in all three. One that stands for a finite
set of phrases (alternatives, optional letters, small character classes,
whitespace) is spelled out into them (``(?:log|sign) ?on`` → log on, logon,
sign on, signon); one that can't be (``\\w+``, ``.*``, lookarounds, anchors,
back-references, or more than :data:`MAX_SPELLINGS` spellings) is reported,
never dropped silently. So is every other setting voicecheck has no
equivalent for. Nothing here prints: :func:`import_file` returns the terms and
the notes, and the command prints them.

What carries over, and how voicecheck's matching differs:

* A case-insensitive rule (Vale ``ignorecase: true``, a prh ``/…/i`` pattern,
  every terminology pair) becomes a term that matches in any case; a
  case-sensitive one a ``case_sensitive: true`` term whose listed spellings
  match exactly (reported by VC102). prh's and terminology's "any other
  casing of this name" becomes the lower-case, upper-case, title-case and
  sentence-case spellings (noted).
* voicecheck matches whole words and phrases in every inflected form; the
  forms that only inflect another listed form ("customers" beside
  "customer") are folded into it. A form equal to the preferred term is
  dropped (the tools skip those matches too).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from voicecheck.vocab import VocabError, read_text

try:  # Python 3.11+
    import re._constants as sre_constants
    import re._parser as sre_parse
except ImportError:  # pragma: no cover
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

MAX_SPELLINGS = 64
FORMATS = ("vale", "prh", "terminology")
_SEVERITY = {"suggestion": "info", "warning": "warning", "error": "error"}


class ImportProblem(VocabError):
    """A file that can't be imported at all; str() is one line with file[:line]."""


@dataclass
class ImportedTerm:
    use: str
    instead_of: list[str] = field(default_factory=list)
    case_sensitive: bool = False
    allow: list[str] = field(default_factory=list)
    why: str = ""
    severity: str | None = None
    origin: str = ""  # file:line of the rule it came from


@dataclass
class Imported:
    kind: str
    terms: list[ImportedTerm] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # "file:line: what was not carried over and why"


# --- patterns -> phrases ---------------------------------------------------------------------

class NotFinite(Exception):
    """A pattern that does not stand for a short list of phrases; str() says why."""


_WHITESPACE = object()  # a run of whitespace in a pattern: one space between words


def _category(cat) -> Any:
    if cat == sre_constants.CATEGORY_SPACE:
        return _WHITESPACE
    raise NotFinite({sre_constants.CATEGORY_WORD: r"\w (any word character)",
                     sre_constants.CATEGORY_DIGIT: r"\d (any digit)"}.get(cat, f"the class {cat}"))


def _expand_items(items, ignorecase: bool) -> list[list]:
    """Each item of a parsed pattern as its alternatives (strings or _WHITESPACE)."""
    out: list[list] = []
    for op, av in items:
        if op is sre_constants.LITERAL:
            out.append([chr(av)])
        elif op is sre_constants.NOT_LITERAL:
            raise NotFinite(f"[^{chr(av)}] (any character but one)")
        elif op is sre_constants.ANY:
            raise NotFinite(". (any character)")
        elif op is sre_constants.IN:
            chars: list = []
            for kind, value in av:
                if kind is sre_constants.NEGATE:
                    raise NotFinite("a negated character class")
                if kind is sre_constants.LITERAL:
                    chars.append(chr(value))
                elif kind is sre_constants.RANGE:
                    lo, hi = value
                    if hi - lo > 9:
                        raise NotFinite(f"the range {chr(lo)}-{chr(hi)}")
                    chars += [chr(c) for c in range(lo, hi + 1)]
                elif kind is sre_constants.CATEGORY:
                    chars.append(_category(value))
                else:
                    raise NotFinite(f"the class item {kind}")
            if ignorecase:
                seen: dict = {}
                for c in chars:
                    seen.setdefault(c.lower() if isinstance(c, str) else c, c)
                chars = list(seen.values())
            out.append(chars)
        elif op is sre_constants.BRANCH:
            alts: list = []
            for branch in av[1]:
                alts += _phrases(branch, ignorecase)
            out.append(alts)
        elif op is sre_constants.SUBPATTERN:
            out.append(_phrases(av[-1], ignorecase))
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, getattr(sre_constants, "POSSESSIVE_REPEAT",
                                                                                 None)):
            lo, hi, sub = av
            inner = _phrases(sub, ignorecase)
            if inner == [_WHITESPACE] or all(x == " " or x is _WHITESPACE for x in inner):
                out.append([_WHITESPACE] if lo >= 1 else ["", _WHITESPACE])
                continue
            if hi == sre_constants.MAXREPEAT or hi > 3:
                raise NotFinite("an unbounded repeat (+, *, {n,})" if hi == sre_constants.MAXREPEAT else
                                f"a repeat of up to {hi}")
            alts = []
            for n in range(lo, hi + 1):
                alts += _combine([inner] * n) if n else [""]
            out.append(alts)
        elif op is sre_constants.AT:
            if av in (sre_constants.AT_BOUNDARY,):
                continue  # \b: voicecheck matches whole words anyway
            raise NotFinite("an anchor (^, $, \\A, \\B)")
        elif op is sre_constants.CATEGORY:
            out.append([_category(av)])
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            raise NotFinite("a lookahead or lookbehind")
        elif op is sre_constants.GROUPREF:
            raise NotFinite("a back-reference")
        else:
            raise NotFinite(f"the construct {op}")
    return out


def _combine(parts: list[list]) -> list:
    results: list[list] = [[]]
    for alts in parts:
        results = [r + [a] for r in results for a in alts]
        if len(results) > MAX_SPELLINGS * 4:
            raise NotFinite(f"more than {MAX_SPELLINGS} spellings")
    out = []
    for r in results:
        text = "".join(" " if x is _WHITESPACE else x for x in r)
        out.append(text)
    return out


def _phrases(items, ignorecase: bool) -> list:
    parts = _expand_items(items, ignorecase)
    if len(parts) == 1 and parts[0] == [_WHITESPACE]:
        return [_WHITESPACE]
    return _combine(parts)


def _expanded(result: "Imported", where: str, pattern: str, ignorecase: bool) -> list[str] | None:
    """The phrases a pattern matches, or None with a note saying it is not carried over."""
    try:
        return expand(pattern, ignorecase)
    except NotFinite as exc:
        result.notes.append(f"{where}: pattern '{pattern}' is not carried over: {exc}; list its phrases in "
                            f"'instead_of' by hand")
        return None


def expand(pattern: str, ignorecase: bool = False) -> list[str]:
    """The phrases a regular expression stands for, in order, whitespace runs as one space.
    Raises NotFinite (why) for a pattern that stands for no short list of phrases."""
    try:
        parsed = sre_parse.parse(pattern, re.IGNORECASE if ignorecase else 0)
    except re.error as exc:
        raise NotFinite(f"not a valid regular expression ({exc})") from None
    out: list[str] = []
    seen: set[str] = set()
    for text in _phrases(list(parsed), ignorecase):
        if text is _WHITESPACE:
            continue
        phrase = " ".join(text.split())
        key = phrase.lower() if ignorecase else phrase
        if phrase and key not in seen:
            seen.add(key)
            out.append(phrase)
    if len(out) > MAX_SPELLINGS:
        raise NotFinite(f"{len(out)} spellings (more than {MAX_SPELLINGS})")
    if not out:
        raise NotFinite("it matches no words")
    return out


def casings(name: str) -> list[str]:
    """The casings of ``name`` a "match any other casing" rule stands for: lower, upper, title
    and sentence case (without ``name`` itself)."""
    words = name.split()
    options = [name.lower(), name.upper(), " ".join(w[:1].upper() + w[1:].lower() for w in words),
               name[:1].upper() + name[1:].lower()]
    return [c for c in dict.fromkeys(options) if c != name]


# --- shared ----------------------------------------------------------------------------------

def _compose(text: str, path: str):
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        from voicecheck.yamlerrors import describe

        line, problem = describe(exc, text)
        raise ImportProblem(path, line, f"invalid YAML: {problem}") from None


def _line(node) -> int:
    return node.start_mark.line + 1


def _scalar(node) -> Any:
    return yaml.safe_load(yaml.serialize(node)) if node is not None else None


def _mapping(node) -> dict[str, Any]:
    """A YAML mapping's keys -> (key node, value node)."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): (k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)}


def _fold(forms: list[str], use: str, case_sensitive: bool) -> list[str]:
    """Drop forms equal to the preferred term and forms that only inflect another listed form."""
    from voicecheck.nlp.forms import phrase_forms

    same = (lambda a, b: a == b) if case_sensitive else (lambda a, b: a.lower() == b.lower())
    kept = [f for f in dict.fromkeys(forms) if not same(f, use)]
    out = []
    for f in kept:
        covered = any(other != f and any(same(f, v) for v in phrase_forms(other)) for other in kept
                      if not same(other, f))
        if not covered:
            out.append(f)
    return out


def _add(result: Imported, use: str, forms: list[str], *, case_sensitive: bool, origin: str, severity=None,
         why: str = "", allow: list[str] | None = None) -> None:
    for term in result.terms:
        if term.use == use and term.case_sensitive == case_sensitive:
            term.instead_of += [f for f in forms if f not in term.instead_of]
            term.allow += [a for a in allow or [] if a not in term.allow]
            term.why = term.why or why
            return
    result.terms.append(ImportedTerm(use, list(forms), case_sensitive, list(allow or []), why, severity, origin))


def _finish(result: Imported) -> Imported:
    kept = []
    for term in result.terms:
        term.instead_of = _fold(term.instead_of, term.use, term.case_sensitive)
        if term.instead_of:
            kept.append(term)
        else:
            result.notes.append(f"{term.origin}: nothing left to flag for {term.use!r} (every pattern spells the "
                                f"preferred term itself)")
    result.terms = kept
    return result


# --- Vale ------------------------------------------------------------------------------------

def import_vale(text: str, path: str) -> Imported:
    """A Vale substitution rule (``extends: substitution``)."""
    root = _compose(text, path)
    fields = _mapping(root)
    result = Imported("vale")
    extends = _scalar(fields["extends"][1]) if "extends" in fields else None
    if extends != "substitution":
        raise ImportProblem(path, _line(fields["extends"][1]) if "extends" in fields else None,
                            f"extends: {extends!r} is not a substitution rule; voicecheck vocab import reads Vale "
                            f"rules with 'extends: substitution' and a 'swap:' map")
    if "swap" not in fields or not isinstance(fields["swap"][1], yaml.MappingNode):
        raise ImportProblem(path, _line(root), "no 'swap:' map of pattern: preferred term")
    ignorecase = bool(_scalar(fields["ignorecase"][1])) if "ignorecase" in fields else False
    level = _scalar(fields["level"][1]) if "level" in fields else "suggestion"
    severity = _SEVERITY.get(str(level).lower())
    if severity is None:
        result.notes.append(f"{path}:{_line(fields['level'][1])}: level {level!r} is not suggestion, warning or "
                            f"error: the terms take the rule's default severity")
    why = str(_scalar(fields["description"][1])) if "description" in fields else ""
    if "link" in fields:
        link = str(_scalar(fields["link"][1]))
        why = f"{why} (see {link})" if why else f"See {link}"
    for key in ("nonword", "scope", "capitalize"):
        if key not in fields:
            continue
        value = _scalar(fields[key][1])
        where = f"{path}:{_line(fields[key][0])}"
        if key == "nonword" and value:
            result.notes.append(f"{where}: nonword: true (matches inside longer words) is not carried over: "
                                f"voicecheck matches whole words and phrases")
        elif key == "scope" and value not in (None, "text", ["text"]):
            result.notes.append(f"{where}: scope: {value!r} is not carried over: voicecheck checks all readable "
                                f"text (use per-file-ignores or --select to narrow it)")
        elif key == "capitalize" and value:
            result.notes.append(f"{where}: capitalize: voicecheck's fixes keep the case of the words they replace "
                                f"anyway")
    # Vale skips a match that holds one of the exceptions; a form that holds one is left out
    exceptions: list[tuple[re.Pattern, Any]] = []
    if "exceptions" in fields:
        node = fields["exceptions"][1]
        for item in node.value if isinstance(node, yaml.SequenceNode) else []:
            try:
                exceptions.append((re.compile(rf"\b(?:{_scalar(item)})\b", re.IGNORECASE), item))
            except re.error as exc:
                result.notes.append(f"{path}:{_line(item)}: exception {_scalar(item)!r} is not carried over: not a "
                                    f"valid regular expression ({exc})")
    used: set[int] = set()
    for knode, vnode in fields["swap"][1].value:
        pattern, value = str(knode.value), _scalar(vnode)
        where = f"{path}:{_line(knode)}"
        if value is None or str(value).strip() == "":
            result.notes.append(f"{where}: {pattern!r} is swapped for nothing (a word to delete): a voicecheck term "
                                f"needs a preferred word; not carried over")
            continue
        choices = [c.strip() for c in str(value).split("|") if c.strip()]
        use = choices[0]
        if len(choices) > 1:
            result.notes.append(f"{where}: {pattern!r} suggests {len(choices)} terms ({', '.join(choices)}): "
                                f"imported with the first, {use!r}")
        forms = _expanded(result, where, pattern, ignorecase)
        if forms is None:
            continue
        kept = []
        for form in forms:
            hit = next((i for i, (rx, _) in enumerate(exceptions) if rx.search(form)), None)
            if hit is None:
                kept.append(form)
            else:
                used.add(hit)
        if not kept:
            result.notes.append(f"{where}: every phrase of {pattern!r} holds one of the exceptions: Vale never "
                                f"flags it, so it is left out")
        for form in kept:
            one = _substitute(pattern, use, form, ignorecase) if "$" in use else use
            _add(result, one, [form], case_sensitive=not ignorecase, origin=where, severity=severity, why=why)
    for i, (_, item) in enumerate(exceptions):
        if i not in used:
            result.notes.append(f"{path}:{_line(item)}: exception {_scalar(item)!r} never holds a whole match of this "
                                f"rule, so Vale never applies it; not carried over (to leave a banned word alone "
                                f"inside that phrase, add it to the term's 'allow')")
    if not ignorecase and result.terms:
        result.notes.append(f"{path}: ignorecase is false: Vale matches each pattern in the case written, so the "
                            f"terms are case_sensitive (reported as VC102); remove case_sensitive to match any "
                            f"casing")
    return _finish(result)


def _substitute(pattern: str, replacement: str, text: str, ignorecase: bool) -> str:
    """``replacement`` with $1… filled from ``pattern`` matched on ``text`` (Vale, terminology)."""
    py = re.sub(r"\$(\d+)", r"\\\1", replacement)
    try:
        return re.sub(pattern, py, text, count=1, flags=re.IGNORECASE if ignorecase else 0)
    except re.error:
        return replacement


# --- prh -------------------------------------------------------------------------------------

_PRH_REGEX = re.compile(r"^/(.*)/([gimuy]*)$", re.S)


def import_prh(text: str, path: str) -> Imported:
    """A textlint-rule-prh dictionary (``rules:`` of ``expected`` and ``pattern(s)``)."""
    root = _compose(text, path)
    fields = _mapping(root)
    result = Imported("prh")
    if "rules" not in fields or not isinstance(fields["rules"][1], yaml.SequenceNode):
        raise ImportProblem(path, _line(root) if root is not None else None,
                            "no 'rules:' list (a prh dictionary has rules of 'expected' and 'patterns')")
    if "imports" in fields:
        result.notes.append(f"{path}:{_line(fields['imports'][0])}: imports are not followed: import those "
                            f"dictionaries too (voicecheck vocab import takes several files)")
    no_boundary = 0
    for node in fields["rules"][1].value:
        where = f"{path}:{_line(node)}"
        rule = _mapping(node)
        if isinstance(node, yaml.ScalarNode):  # a bare string: the expected spelling, any other casing flagged
            rule = {"expected": (node, node)}
        if "expected" not in rule:
            result.notes.append(f"{where}: a rule without 'expected' is not carried over")
            continue
        expected = str(_scalar(rule["expected"][1]))
        why = str(_scalar(rule["prh"][1])) if "prh" in rule else ""
        options = _scalar(rule["options"][1]) if "options" in rule else {}
        boundary = bool((options or {}).get("wordBoundary", False))
        if "regexpMustEmpty" in rule:
            result.notes.append(f"{where}: regexpMustEmpty ({_scalar(rule['regexpMustEmpty'][1])}) is not carried "
                                f"over; the rule for {expected!r} is left out")
            continue
        raw = None
        for key in ("patterns", "pattern"):
            if key in rule:
                value = _scalar(rule[key][1])
                raw = value if isinstance(value, list) else [value]
        if not raw:
            if not expected.strip():
                continue
            _add(result, expected, casings(expected), case_sensitive=True, origin=where, why=why)
            result.notes.append(f"{where}: prh flags every other casing of {expected!r}: imported as its lower, "
                                f"upper, title and sentence case spellings")
            if not boundary:
                no_boundary += 1
            continue
        sensitive: list[str] = []
        insensitive: list[str] = []
        for pattern in raw:
            pattern = str(pattern)
            m = _PRH_REGEX.match(pattern)
            try:
                if m:
                    flags = m.group(2)
                    (insensitive if "i" in flags else sensitive).extend(expand(m.group(1), "i" in flags))
                else:
                    sensitive.append(" ".join(pattern.split()))
            except NotFinite as exc:
                result.notes.append(f"{where}: pattern '{pattern}' of {expected!r} is not carried over: {exc}; list "
                                    f"its phrases in 'instead_of' by hand")
        if not boundary and (sensitive or insensitive):
            no_boundary += 1
        if insensitive and not sensitive:
            _add(result, expected, insensitive, case_sensitive=False, origin=where, why=why)
        elif sensitive or insensitive:
            spellings = sensitive + [c for f in insensitive for c in [f, *casings(f)]]
            if insensitive:
                result.notes.append(f"{where}: {expected!r} mixes case-sensitive and /i patterns: imported as one "
                                    f"case_sensitive term with the common casings of the /i ones")
            _add(result, expected, spellings, case_sensitive=True, origin=where, why=why)
    if no_boundary:
        result.notes.append(f"{path}: {no_boundary} rule(s) without options.wordBoundary: prh also matches them "
                            f"inside longer words ('cat' in 'category'); voicecheck matches whole words and phrases")
    if any(t.case_sensitive for t in result.terms):
        result.notes.append(f"{path}: prh matches plain-string patterns in the case written: those terms are "
                            f"case_sensitive (reported as VC102)")
    return _finish(result)


# --- textlint-rule-terminology ---------------------------------------------------------------

def _strip_json_comments(text: str) -> str:
    """JSONC without its // and /* */ comments (strings kept), positions kept by blanking."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append("".join(ch if ch == "\n" else " " for ch in text[i:j]))
            i = j
        else:
            out.append(c)
            i += 1
    return re.sub(r",(\s*[\]}])", r" \1", "".join(out))  # trailing commas


def import_terminology(text: str, path: str) -> Imported:
    """textlint-rule-terminology terms: a JSON(C) list, ``{"terms": [...]}``, or a .textlintrc."""
    try:
        data = json.loads(_strip_json_comments(text))
    except json.JSONDecodeError as exc:
        raise ImportProblem(path, exc.lineno, f"invalid JSON: {exc.msg}; fix it or strip it to the terms list") \
            from None
    if isinstance(data, dict) and "rules" in data:
        data = (data.get("rules") or {}).get("terminology", {})
    if isinstance(data, dict):
        data = data.get("terms", [])
        if isinstance(data, str):
            raise ImportProblem(path, None, f"the terms are in another file ({data}): import that file")
    if not isinstance(data, list):
        raise ImportProblem(path, None, "expected a list of terms (strings or [pattern, replacement] pairs)")
    result = Imported("terminology")
    lines = text.split("\n")

    def where(item: Any) -> str:
        needle = json.dumps(item[0] if isinstance(item, list) and item else item)[1:-1]
        for n, line in enumerate(lines, 1):
            if needle and needle in line:
                return f"{path}:{n}"
        return path

    for item in data:
        if isinstance(item, str):
            result.notes.append(f"{where(item)}: {item!r} flags every other casing: imported as its lower, upper, "
                                f"title and sentence case spellings")
            _add(result, item, casings(item), case_sensitive=True, origin=where(item))
            continue
        if not (isinstance(item, list) and len(item) == 2 and all(isinstance(x, str) for x in item)):
            result.notes.append(f"{where(item)}: {item!r} is neither a term nor a [pattern, replacement] pair")
            continue
        pattern, replacement = item
        forms = _expanded(result, where(item), pattern, True)
        if forms is None:
            continue
        for form in forms:
            use = _substitute(pattern, replacement, form, True) if "$" in replacement else replacement
            _add(result, use, [form], case_sensitive=False, origin=where(item))
    uses = sorted({t.use for t in result.terms if not t.case_sensitive})
    if uses:
        result.notes.append(f"{path}: terminology also flags other casings of each replacement ({uses[0]!r}…): "
                            f"not carried over; add a case_sensitive term listing the casings to flag")
    return _finish(result)


# --- files -----------------------------------------------------------------------------------

def detect(path: str, text: str) -> str | None:
    """vale, prh or terminology, from the file's contents."""
    if path.lower().endswith((".json", ".jsonc")) or text.lstrip().startswith(("[", "{")):
        return "terminology"
    if re.search(r"^extends\s*:", text, re.M) or re.search(r"^swap\s*:", text, re.M):
        return "vale"
    if re.search(r"^rules\s*:", text, re.M):
        return "prh"
    return None


def import_file(path: Path, display: str, kind: str = "auto") -> Imported:
    text = read_text(path, display, missing="file not found", folder="is a folder; name the rule or dictionary file",
                     error=ImportProblem)
    if kind == "auto":
        found = detect(display, text)
        if found is None:
            raise ImportProblem(display, None, "not a Vale substitution rule, prh dictionary or terminology list; "
                                               "name the format with --format vale|prh|terminology")
        kind = found
    return {"vale": import_vale, "prh": import_prh, "terminology": import_terminology}[kind](text, display)


# --- brand.yaml ------------------------------------------------------------------------------

_PLAIN = re.compile(r"[A-Za-z][\w.+&'/-]*(?: [\w.+&'/-]+)*")
_RESERVED = {"yes", "no", "on", "off", "true", "false", "null", "y", "n"}


def _yaml(s: str) -> str:
    if _PLAIN.fullmatch(s) and s.lower() not in _RESERVED and not s.endswith(":"):
        return s
    return json.dumps(s, ensure_ascii=False)


def render(results: list[Imported], sources: list[str]) -> str:
    """The imported terms as a ``brand.yaml`` (``terms:`` only), one term per preferred word."""
    lines = [f"# Imported by `voicecheck vocab import` from {', '.join(sources)}.",
             "# Review it with `voicecheck vocab check`; what could not be carried over was listed with it.",
             "terms:"]
    for result in results:
        for t in result.terms:
            lines.append(f"  - use: {_yaml(t.use)}")
            if t.case_sensitive:
                lines.append("    case_sensitive: true")
            lines.append(f"    instead_of: [{', '.join(_yaml(f) for f in t.instead_of)}]")
            if t.allow:
                lines.append(f"    allow: [{', '.join(_yaml(a) for a in t.allow)}]")
            if t.severity:
                lines.append(f"    severity: {t.severity}")
            if t.why:
                lines.append(f"    why: {_yaml(t.why)}")
    if len(lines) == 3:
        lines[-1] = "terms: []"
    return "\n".join(lines) + "\n"
