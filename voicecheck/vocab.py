"""Load and validate a brand vocabulary (``brand.yaml``).

The format is the benchmark's ``brand.yaml`` (see README, "Vocabulary file"):
``brand``, ``sector``, ``terms`` (use / instead_of / case_sensitive / allow /
why) and ``promises`` (id / text / source). voicecheck adds optional fields:
``consistency`` (groups of spellings that must not be mixed), a term's
``severity`` and ``pos`` (``noun`` or ``verb``: the part of speech its banned
forms are matched as, also per banned form: ``{form: book, pos: verb}``), and a
promise's ``facets``/``channels``.

Two terms with the same ``use`` (a dictionary converted from prh has one per
banned spelling) are merged: their ``instead_of`` and ``allow`` lists are joined,
and a warning (``Vocabulary.warnings``) names any setting on which they differ.

Every validation error names ``file:line`` and the field, e.g.
``vocab/brand.yaml:12: terms[1].instead_of: must be a non-empty list of strings``.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


class VocabError(Exception):
    """A vocabulary file that can't be used; str() is one line with file:line."""

    def __init__(self, path: str, line: int | None, message: str):
        super().__init__(message)
        self.path, self.line, self.message = path, line, message

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


@dataclass(frozen=True)
class Term:
    use: str
    instead_of: tuple[str, ...]
    case_sensitive: bool = False
    allow: tuple[str, ...] = ()
    why: str = ""
    severity: str | None = None
    origin: str = ""  # file:line where the term is defined
    pos: str | None = None  # "noun" | "verb": the part of speech of the banned forms (None: every one they have)
    form_pos: tuple[tuple[str, str], ...] = ()  # (form, pos) for banned forms with their own ``pos``

    def pos_of(self, form: str) -> str | None:
        """The part of speech ``form`` is matched as: its own ``pos``, else the term's."""
        for f, pos in self.form_pos:
            if f == form:
                return pos
        return self.pos


@dataclass(frozen=True)
class Promise:
    id: str
    text: str
    source: str = ""
    facets: tuple[tuple[str, Any], ...] = ()  # explicit facets (optional)
    channels: tuple[str, ...] = ()  # channels where the promise applies (optional; all when empty)
    origin: str = ""
    severity: str | None = None  # of its findings, overriding the rule's (optional)


@dataclass(frozen=True)
class Vocabulary:
    brand: str = ""
    sector: str = ""
    terms: tuple[Term, ...] = ()
    promises: tuple[Promise, ...] = ()
    consistency: tuple[tuple[str, ...], ...] = ()
    files: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()  # one line each, with file:line: terms merged with conflicting settings

    def merged(self, other: "Vocabulary") -> "Vocabulary":
        terms, warnings = merge_terms(self.terms + other.terms)
        return Vocabulary(
            brand=self.brand or other.brand,
            sector=self.sector or other.sector,
            terms=terms,
            promises=self.promises + other.promises,
            consistency=self.consistency + other.consistency,
            files=self.files + other.files,
            warnings=self.warnings + other.warnings + warnings,
        )


def _joined(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    return a + tuple(x for x in b if x not in a)


def merge_terms(terms: tuple[Term, ...] | list[Term]) -> tuple[tuple[Term, ...], tuple[str, ...]]:
    """Terms with the same ``use`` merged into the first: ``instead_of`` and ``allow`` joined;
    where a setting differs (case_sensitive, pos, severity, a form's pos) the first one's is
    kept and a warning says so. Returns (terms, warnings)."""
    out: list[Term] = []
    by_use: dict[str, int] = {}
    warnings: list[str] = []
    for t in terms:
        i = by_use.get(t.use)
        if i is None:
            by_use[t.use] = len(out)
            out.append(t)
            continue
        first = out[i]
        conflicts = [f"{name} ({_show(getattr(first, name))} there, {_show(getattr(t, name))} here)"
                     for name in ("case_sensitive", "pos", "severity")
                     if getattr(first, name) != getattr(t, name)]
        form_pos = dict(first.form_pos)
        for form, pos in t.form_pos:
            if form_pos.setdefault(form, pos) != pos:
                conflicts.append(f"the pos of {form!r} ({form_pos[form]} there, {pos} here)")
        if conflicts:
            warnings.append(f"{t.origin}: term {t.use!r} repeats the term at {first.origin} with a different "
                            f"{'; '.join(conflicts)}: merged, keeping the settings at {first.origin}; give both the "
                            f"same settings, or a different 'use'")
        out[i] = Term(first.use, _joined(first.instead_of, t.instead_of), first.case_sensitive,
                      _joined(first.allow, t.allow), first.why or t.why, first.severity, first.origin, first.pos,
                      tuple(form_pos.items()))
    return tuple(out), tuple(warnings)


def _show(value: Any) -> str:
    if value is None:
        return "not set"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


#: The facets a promise may declare (``facets:`` in brand.yaml) and the value each takes: the one
#: place that says which exist (what they mean: ``voicecheck.promises.claims.declared``).
#: ``money``: a price such as "$14.99/month" (or a number); ``bool``: true/false; ``text``: a string;
#: ``number``: a number ≥ 0; ``channels``: a list of FACET_CHANNELS; ``words``: a string or a list
#: of strings; a tuple: one of its values.
FACETS: dict[str, Any] = {
    "price": "money", "fee": "money", "free": "bool", "availability": "text", "agent": ("human", "bot"),
    "channels": "channels", "only_channels": "bool", "anchors": "words",
}
#: Facet names made of a topic and a suffix (``card_required``, ``trial_days``, ``storage_gb``).
FACET_SUFFIXES: dict[str, str] = {
    **{s: "bool" for s in ("_required", "_free", "_limited", "_included")},
    **{s: "number" for s in ("_days", "_day", "_hours", "_hour", "_minutes", "_weeks", "_months", "_years",
                             "_gb", "_tb", "_mb", "_percent", "_pct", "_count")},
}
FACET_CHANNELS = ("phone", "chat", "email", "app", "online", "store", "mail", "form", "ticket")
_FACET_TYPES = {
    "money": 'a price such as "$14.99/month"', "bool": "true or false", "text": 'text such as "24/7"',
    "number": "a number", "channels": f"a list of channels ({', '.join(FACET_CHANNELS)})",
    "words": "a word or a list of words",
}


def facet_type(name: str) -> Any:
    """The value type of a declared facet, or None for a facet that does not exist."""
    if name in FACETS:
        return FACETS[name]
    for suffix in sorted(FACET_SUFFIXES, key=len, reverse=True):
        if name.endswith(suffix) and len(name) > len(suffix):
            return FACET_SUFFIXES[suffix]
    return None


def facet_problem(kind: Any, value: Any) -> str | None:
    """Why ``value`` is not a valid value of a facet of type ``kind`` (None: it is)."""
    def number(v: Any) -> bool:
        return isinstance(v, (int, float)) and not isinstance(v, bool) and v == v and abs(v) != float("inf")

    if isinstance(kind, tuple):
        ok = value in kind
    elif kind == "money":
        ok = (number(value) and value >= 0) or (isinstance(value, str) and any(c.isdigit() for c in value))
    elif kind == "bool":
        ok = isinstance(value, bool)
    elif kind == "text":
        ok = isinstance(value, str) and bool(value.strip())
    elif kind == "number":
        ok = number(value) and value >= 0
    elif kind == "words":
        ok = isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))
    else:  # channels
        values = [value] if isinstance(value, str) else value
        ok = isinstance(values, list) and all(
            isinstance(c, str) and c.strip().lower().replace("live chat", "chat").replace("e-mail", "email")
            in FACET_CHANNELS for c in values)
    if ok:
        return None
    want = " or ".join(kind) if isinstance(kind, tuple) else _FACET_TYPES[kind]
    return f"must be {want}, got {value!r}"


_TOP_KEYS = {"brand", "sector", "terms", "promises", "consistency"}
_TERM_KEYS = {"use", "instead_of", "case_sensitive", "allow", "why", "severity", "pos"}
_FORM_KEYS = {"form", "pos"}
POS_VALUES = ("noun", "verb")
_PROMISE_KEYS = {"id", "text", "source", "facets", "channels", "severity"}
_SEVERITIES = {"error", "warning", "info"}
CHANNELS = ("email", "support", "ui", "errors")


class _Reader:
    def __init__(self, path: str):
        self.path = path

    def fail(self, node: yaml.Node | None, where: str, message: str) -> VocabError:
        line = node.start_mark.line + 1 if node is not None else None
        return VocabError(self.path, line, f"{where}: {message}" if where else message)

    def mapping(self, node: yaml.Node, where: str, allowed: set[str]) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, where, f"must be a mapping, got {_kind(node)}")
        out: dict[str, yaml.Node] = {}
        for k, v in node.value:
            key = k.value if isinstance(k, yaml.ScalarNode) else None
            if key not in allowed:
                hint = ", ".join(sorted(allowed))
                raise self.fail(k, f"{where}.{key}" if where else str(key), f"unknown field (expected one of: {hint})")
            if key in out:
                raise self.fail(k, f"{where}.{key}" if where else key, "duplicate field")
            out[key] = v
        return out

    def string(self, node: yaml.Node, where: str, *, required: bool = True) -> str:
        if not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:null":
            raise self.fail(node, where, f"must be a string, got {_kind(node)}")
        value = str(node.value).strip()
        if required and not value:
            raise self.fail(node, where, "must not be empty")
        return value

    def strings(self, node: yaml.Node, where: str, *, allow_empty: bool = False) -> tuple[str, ...]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, where, f"must be a list of strings, got {_kind(node)}")
        if not node.value and not allow_empty:
            raise self.fail(node, where, "must be a non-empty list of strings")
        return tuple(self.string(item, f"{where}[{i}]") for i, item in enumerate(node.value))

    def boolean(self, node: yaml.Node, where: str) -> bool:
        if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:bool":
            raise self.fail(node, where, f"must be true or false, got {node.value!r}")
        return node.value.lower() in ("true", "yes", "on")


def _kind(node: yaml.Node | None) -> str:
    if node is None:
        return "nothing"
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == "tag:yaml.org,2002:null":
        return "null"
    return repr(node.value)


def load_vocabulary(path: str | Path, display: str | None = None) -> Vocabulary:
    """Parse and validate one vocabulary file. Raises VocabError."""
    shown = display or str(path)
    text = read_text(Path(path), shown, missing="vocabulary file not found",
                     folder="is a folder; --vocab takes a brand.yaml file")
    return parse_vocabulary(text, shown)


def read_text(path: Path, shown: str, *, missing: str, folder: str, error: type[VocabError] = VocabError) -> str:
    """A vocabulary-like file's text (UTF-8, a BOM allowed), or one ``error`` line naming the file:
    ``missing`` when it does not exist, ``folder`` when it is a folder."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise error(shown, None, missing) from None
    except IsADirectoryError:
        raise error(shown, None, folder) from None
    except UnicodeDecodeError as exc:
        raise error(shown, None, f"not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise error(shown, None, f"cannot read: {exc.strerror or exc}") from None


def parse_vocabulary(text: str, path: str) -> Vocabulary:
    r = _Reader(path)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        from voicecheck.yamlerrors import describe

        line, problem = describe(exc, text)
        raise VocabError(path, line, f"invalid YAML: {problem}") from None
    except RecursionError:
        raise VocabError(path, None, "invalid YAML: nested too deeply") from None
    if root is None:
        raise VocabError(path, None, "empty vocabulary file (expected brand, terms and promises)")
    top = r.mapping(root, "", _TOP_KEYS)
    brand = r.string(top["brand"], "brand") if "brand" in top else ""
    sector = r.string(top["sector"], "sector", required=False) if "sector" in top else ""
    if "terms" not in top and "promises" not in top:
        raise r.fail(root, "", "needs 'terms' or 'promises' (or both)")

    terms: list[Term] = []
    terms_node = top.get("terms")
    if terms_node is not None and not (isinstance(terms_node, yaml.ScalarNode) and terms_node.value == ""):
        if not isinstance(terms_node, yaml.SequenceNode):
            raise r.fail(terms_node, "terms", f"must be a list, got {_kind(terms_node)}")
        for i, node in enumerate(terms_node.value):
            where = f"terms[{i}]"
            fields = r.mapping(node, where, _TERM_KEYS)
            if "use" not in fields:
                raise r.fail(node, where, "missing required field 'use'")
            if "instead_of" not in fields:
                raise r.fail(node, where, "missing required field 'instead_of'")
            use = r.string(fields["use"], f"{where}.use")
            instead, form_pos = _forms(r, fields["instead_of"], f"{where}.instead_of")
            case = r.boolean(fields["case_sensitive"], f"{where}.case_sensitive") if "case_sensitive" in fields else False
            allow = r.strings(fields["allow"], f"{where}.allow", allow_empty=True) if "allow" in fields else ()
            why = r.string(fields["why"], f"{where}.why", required=False) if "why" in fields else ""
            severity = None
            if "severity" in fields:
                severity = r.string(fields["severity"], f"{where}.severity").lower()
                if severity not in _SEVERITIES:
                    raise r.fail(fields["severity"], f"{where}.severity", "must be error, warning or info")
            pos = _pos(r, fields["pos"], f"{where}.pos") if "pos" in fields else None
            same = [f for f in instead if (f == use if case else f.lower() == use.lower())]
            if same:
                raise r.fail(fields["instead_of"], f"{where}.instead_of", f"lists the preferred term itself ({same[0]!r})")
            terms.append(Term(use, instead, case, allow, why, severity, f"{path}:{node.start_mark.line + 1}", pos,
                              form_pos))

    promises: list[Promise] = []
    seen_ids: dict[str, int] = {}
    promises_node = top.get("promises")
    if promises_node is not None and not (isinstance(promises_node, yaml.ScalarNode) and promises_node.value == ""):
        if not isinstance(promises_node, yaml.SequenceNode):
            raise r.fail(promises_node, "promises", f"must be a list, got {_kind(promises_node)}")
        for i, node in enumerate(promises_node.value):
            where = f"promises[{i}]"
            fields = r.mapping(node, where, _PROMISE_KEYS)
            for req in ("id", "text"):
                if req not in fields:
                    raise r.fail(node, where, f"missing required field {req!r}")
            pid = r.string(fields["id"], f"{where}.id")
            if pid in seen_ids:
                raise r.fail(fields["id"], f"{where}.id", f"duplicate promise id {pid!r} (first at line {seen_ids[pid]})")
            text_ = r.string(fields["text"], f"{where}.text")
            source = r.string(fields["source"], f"{where}.source", required=False) if "source" in fields else ""
            channels: tuple[str, ...] = ()
            if "channels" in fields:
                channels = r.strings(fields["channels"], f"{where}.channels")
                bad = [c for c in channels if c not in CHANNELS]
                if bad:
                    raise r.fail(fields["channels"], f"{where}.channels",
                                 f"unknown channel {bad[0]!r} (expected {', '.join(CHANNELS)})")
            facets: tuple[tuple[str, Any], ...] = ()
            if "facets" in fields:
                fnode = fields["facets"]
                if not isinstance(fnode, yaml.MappingNode):
                    raise r.fail(fnode, f"{where}.facets", f"must be a mapping, got {_kind(fnode)}")
                facets = _facets(r, fnode, f"{where}.facets")
            severity = None
            if "severity" in fields:
                severity = r.string(fields["severity"], f"{where}.severity").lower()
                if severity not in _SEVERITIES:
                    raise r.fail(fields["severity"], f"{where}.severity", "must be error, warning or info")
            seen_ids[pid] = node.start_mark.line + 1
            promises.append(Promise(pid, text_, source, facets, channels, f"{path}:{node.start_mark.line + 1}",
                                    severity))

    groups: list[tuple[str, ...]] = []
    if "consistency" in top:
        cnode = top["consistency"]
        if not isinstance(cnode, yaml.SequenceNode):
            raise r.fail(cnode, "consistency", f"must be a list of lists of spellings, got {_kind(cnode)}")
        for i, g in enumerate(cnode.value):
            group = r.strings(g, f"consistency[{i}]")
            if len(group) < 2:
                raise r.fail(g, f"consistency[{i}]", "needs at least two spellings")
            groups.append(group)

    merged, warnings = merge_terms(terms)
    return Vocabulary(brand, sector, merged, tuple(promises), tuple(groups), (path,), warnings)


def _pos(r: _Reader, node: yaml.Node, where: str) -> str:
    value = r.string(node, where).lower()
    if value not in POS_VALUES:
        raise r.fail(node, where, f"must be noun or verb, got {node.value!r}")
    return value


def _forms(r: _Reader, node: yaml.Node, where: str) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """``instead_of``: banned forms, each a string or ``{form: book, pos: verb}``."""
    if not isinstance(node, yaml.SequenceNode):
        raise r.fail(node, where, f"must be a list of strings, got {_kind(node)}")
    if not node.value:
        raise r.fail(node, where, "must be a non-empty list of strings")
    forms: list[str] = []
    form_pos: list[tuple[str, str]] = []
    for i, item in enumerate(node.value):
        if isinstance(item, yaml.MappingNode):
            fields = r.mapping(item, f"{where}[{i}]", _FORM_KEYS)
            if "form" not in fields:
                raise r.fail(item, f"{where}[{i}]", "missing required field 'form' (the banned word or phrase)")
            form = r.string(fields["form"], f"{where}[{i}].form")
            if "pos" in fields:
                form_pos.append((form, _pos(r, fields["pos"], f"{where}[{i}].pos")))
            forms.append(form)
        else:
            forms.append(r.string(item, f"{where}[{i}]"))
    return tuple(forms), tuple(form_pos)


def _facets(r: _Reader, fnode: yaml.MappingNode, where: str) -> tuple[tuple[str, Any], ...]:
    """A promise's declared facets, each name and value checked against FACETS."""
    out: dict[str, Any] = {}
    for knode, vnode in fnode.value:
        name = knode.value if isinstance(knode, yaml.ScalarNode) else None
        kind = facet_type(name) if isinstance(name, str) else None
        if kind is None:
            known = ", ".join([*FACETS, *(f"<topic>{s}" for s in ("_required", "_free", "_limited", "_included",
                                                                   "_days", "_hours", "_gb", "_percent", "_count"))])
            raise r.fail(knode, f"{where}.{name}", f"unknown facet (expected one of: {known})")
        if name in out:
            raise r.fail(knode, f"{where}.{name}", "duplicate facet")
        try:
            value = yaml.safe_load(yaml.serialize(vnode))
        except (yaml.YAMLError, ValueError, TypeError) as exc:
            raise r.fail(vnode, f"{where}.{name}", f"can't read the value ({exc})") from None
        problem = facet_problem(kind, value)
        if problem is not None:
            raise r.fail(vnode, f"{where}.{name}", problem)
        out[name] = value
    return tuple(sorted(out.items()))


def load_vocabularies(paths: list[tuple[Path, str]]) -> Vocabulary:
    """Load several vocabulary files and merge them (terms and promises add up; terms with
    the same ``use`` are merged, see :func:`merge_terms`)."""
    vocab = Vocabulary()
    for path, shown in paths:
        vocab = vocab.merged(load_vocabulary(path, shown))
    ids: dict[str, str] = {}
    for p in vocab.promises:
        if p.id in ids:
            raise VocabError(p.origin, None, f"promise id {p.id!r} is defined twice (also at {ids[p.id]})")
        ids[p.id] = p.origin
    return vocab
