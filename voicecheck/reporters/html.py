"""The review pages: the static report and the browser review, from one set of templates.

``render(data)`` turns the dict of :func:`voicecheck.report_data.build` into
one self-contained HTML file with inline CSS and JS only (no external asset,
font or request), so it works when opened from disk and can be attached to a
ticket or a pull request. ``render(data, web=...)`` renders the same page for
``voicecheck review --web``, with the decision buttons on each card and the
session's token.

The page comes from the Jinja2 templates in ``templates/`` with autoescape on:
every value from the data is escaped where it is written, so a passage holding
``<script>`` shows as text, and no piece of content can reach the page
unescaped by omission. The only strings marked safe are this package's own CSS
and JS files. Everything the templates show is computed here as plain data
(labels, counts, rows); the templates do no more than lay it out. The page's
script filters, counts and moves the keyboard focus (and, in the browser
review, sends decisions); without it every card shows.

Unlike the other reporters it renders the report *data* (context lines,
decisions, coverage, drift), not a bare :class:`~voicecheck.findings.Report`,
so it is not one of ``reporters.FORMATS``; ``voicecheck report`` writes it.
"""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

SEVERITIES = ("error", "warning", "info")
#: Review states in the order the filter lists them ("needs-decision": no decision yet).
STATES = ("needs-decision", "open", "accepted", "dismissed")
STATE_LABELS = {"needs-decision": "needs a decision", "open": "left open", "accepted": "accepted",
                "dismissed": "dismissed"}
REASON_LABELS = (("false-positive", "false positive (the check is wrong here)"),
                 ("intended", "intended (we mean to say it)"),
                 ("legal-approved", "legal-approved"))
CHANNELS = ("email", "support", "ui", "errors", "other")
#: Filters, in the order shown: (data attribute, label).
FILTERS = (("channel", "Channel"), ("rule", "Rule"), ("promise", "Promise"), ("severity", "Severity"),
           ("state", "Review state"))
NONE_LABEL = "(none)"
TEMPLATES = Path(__file__).resolve().parent / "templates"

#: Evidence facets in plain words; others are shown as named.
FACET_LABELS = {
    "quantity": "amount", "money": "price", "cost": "cost", "numeric": "number", "availability": "availability",
    "time": "time", "require": "requirement", "requirement": "requirement", "modality": "condition",
    "scope": "scope", "agent": "who answers", "channel": "channel", "polarity": "yes or no",
    "negation": "yes or no", "predicate": "what happens", "limit": "limit", "presence": "presence",
    "model": "model", "retrieval": "match", "fact": "fact", "value": "value here", "elsewhere": "elsewhere",
    "locale": "text from", "pole": "opposite", "antonym": "opposite",
}
_PROMISE_PASSAGE = re.compile(r"^\s*promise\s*:\s*(.+?)\s*;\s*(?:this\s+)?passage\s*:\s*(.+?)\s*$", re.I | re.S)
_MODEL = re.compile(r"^\s*P\(contradiction\)\s*=\s*([0-9.]+)\s*$")
_RETRIEVAL = re.compile(r"^\s*similarity\s+([0-9.]+)\s*\(rank\s+(\d+)\)\s*$")


@cache
def _env():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, auto_reload=False)
    env.globals.update(plural=_plural, state_label=lambda s: STATE_LABELS.get(s, s), who=_who,
                       reasons=REASON_LABELS, none_label=NONE_LABEL)
    return env


@cache
def _asset(name: str):
    """One of this package's own CSS/JS files, marked safe (the only unescaped text of the page)."""
    from markupsafe import Markup

    return Markup((TEMPLATES / name).read_text(encoding="utf-8"))


def render(data: dict[str, Any], web: dict[str, Any] | None = None) -> str:
    """The page. ``web`` (browser review only): ``{"token", "nonce", "decisions_file",
    "by", "undo" (decision keys with a change to undo), "max_note"}``."""
    meta, findings = data["meta"], data["findings"]
    cards_by_loc: dict[tuple[str, int], list[dict]] = {}
    for f in findings:
        cards_by_loc.setdefault((f["path"], f["line"]), []).append(f)
    counts = meta["counts"]
    texts = {p["id"]: p["text"] for p in data.get("promises", [])}
    js = _asset("report.js") + (_asset("review.js") if web else "")
    channels = _coverage_channels(data["coverage"])
    context = {
        "meta": meta, "counts": counts, "web": web, "nonce": web.get("nonce") if web else None,
        "brand": meta.get("brand") or "voicecheck",
        "severities": _ordered(counts.get("by_severity", {}), SEVERITIES),
        "paths_shown": ", ".join(meta.get("paths") or []) or ".",
        "vocab_shown": ", ".join(meta.get("vocab") or []),
        "findings": [dict(f, view=_view(f)) for f in findings],
        "filters": _filters(data) if findings else [],
        "by_channel": [(c, n) for c, n in _ordered(counts.get("by_channel", {}), CHANNELS)],
        "by_promise": [(p, texts.get(p, ""), n) for p, n in sorted(counts.get("by_promise", {}).items())],
        "coverage": [_coverage_row(r, cards_by_loc, channels) for r in data["coverage"]],
        "coverage_channels": channels,
        "drift": [_drift_group(g, cards_by_loc) for g in data["drift"]],
        "errors": data.get("errors", []),
        "css": _asset("report.css"), "js": js,
    }
    return _env().get_template("page.html.j2").render(context)


def passage(context: list[dict[str, Any]], highlight: list[int]) -> str:
    """The context lines as a ``<pre>``, markup dimmed, the highlight wrapped in ``<mark>``."""
    module = _env().get_template("macros.html.j2").make_module({"web": None})
    return str(module.source_lines(_rows(context, highlight))) + "\n"


# ---------------------------------------------------------------- one card

def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _who(d: dict[str, Any]) -> str:
    return " ".join(x for x in (f"by {d['by']}" if d.get("by") else "", f"on {d['at']}" if d.get("at") else "") if x)


def _ordered(counts: dict[str, int], order: tuple[str, ...]) -> list[tuple[str, int]]:
    """Items of ``counts`` with the keys of ``order`` first, in that order."""
    known = [(k, counts[k]) for k in order if k in counts]
    return known + sorted((k, v) for k, v in counts.items() if k not in order)


def state_of(f: dict[str, Any]) -> str:
    """The review state of a card: its decision's, else "needs-decision"."""
    return f["decision"]["state"] if f.get("decision") else "needs-decision"


def _values(f: dict[str, Any]) -> dict[str, str]:
    """The filter values of one card (data-* attributes)."""
    return {"channel": f.get("channel") or "", "rule": f["code"], "promise": f.get("promise") or "",
            "severity": f["severity"], "state": state_of(f)}


def _view(f: dict[str, Any]) -> dict[str, Any]:
    """What the card template shows that is derived from the finding's data."""
    return {
        "attrs": list(_values(f).items()),
        "state": state_of(f),
        "loc": f"{f['path']}:{f['line']}:{f['column']}",
        "message": message(f),
        "evidence": plain_evidence(f.get("evidence") or []),
        "rows": _rows(f.get("context") or [], f["highlight"]),
    }


def message(f: dict[str, Any]) -> str:
    """The message without the evidence line it ends with (shown under the evidence anyway)."""
    text = f["message"]
    for x in f.get("evidence") or []:
        tail = f": {x['detail']}"
        if x.get("detail") and text.endswith(tail) and len(text) > len(tail):
            return text[:-len(tail)]
    return text


def plain_evidence(evidence: list[dict[str, str]]) -> list[dict[str, str]]:
    """Evidence entries once each (same facet and detail, whitespace and case aside), in
    plain words: ``{"facet", "label", "text"}``."""
    seen: set[tuple[str, str]] = set()
    out = []
    for x in evidence:
        facet, detail = str(x.get("facet") or ""), str(x.get("detail") or "")
        key = (facet.casefold(), " ".join(detail.split()).casefold())
        if key in seen:
            continue
        seen.add(key)
        out.append({"facet": facet, "label": FACET_LABELS.get(facet.lower(), facet), "text": _plain(facet, detail)})
    return out


def _plain(facet: str, detail: str) -> str:
    m = _PROMISE_PASSAGE.match(detail)
    if m:
        return f"the promise says “{m.group(1)}”; this passage says “{m.group(2)}”"
    m = _MODEL.match(detail)
    if m and facet == "model":
        return f"the contradiction model rates this {float(m.group(1)):.0%} likely to contradict the promise"
    m = _RETRIEVAL.match(detail)
    if m and facet == "retrieval":
        which = "the closest promise" if m.group(2) == "1" else f"the promise ranked {m.group(2)} by closeness"
        return f"{which} to this passage (similarity {m.group(1)})"
    return detail


def _rows(context: list[dict[str, Any]], highlight: list[int]) -> list[dict[str, Any]]:
    """Context rows with ``flagged`` and ``runs`` (from the data, or cut at the highlight)."""
    line, column, end_line, end_column = highlight
    rows = []
    for row in context:
        n, text, first = row["line"], row["text"], row["first_column"]
        flagged = line <= n <= max(line, end_line)
        runs = row.get("runs")
        if runs is None:
            lo = hi = 0
            if flagged:
                lo = max(0, (column if n == line else 1) - first)
                hi = min(len(text), (end_column if n == end_line else first + len(text)) - first)
            runs = [r for r in ({"text": text[:lo], "kind": "text", "mark": False},
                                {"text": text[lo:hi] if hi > lo else "", "kind": "text", "mark": True},
                                {"text": text[max(lo, hi):] if hi > lo else text[lo:], "kind": "text", "mark": False})
                    if r["text"]]
        rows.append(dict(row, flagged=flagged, runs=runs))
    return rows


# ---------------------------------------------------------------- filters

def _filters(data: dict[str, Any]) -> list[dict[str, Any]]:
    findings = data["findings"]
    rules = {f["code"]: f["rule"]["name"] for f in findings}
    promise_ids = [p["id"] for p in data.get("promises", [])]
    options: dict[str, list[tuple[str, str]]] = {
        "channel": [(c, c or NONE_LABEL) for c in _sorted_values(findings, "channel", CHANNELS)],
        "rule": [(c, f"{c} {rules[c]}".strip()) for c in sorted(rules)],
        "promise": [(p, p or NONE_LABEL) for p in _sorted_values(findings, "promise", tuple(promise_ids))],
        "severity": [(s, s) for s in _sorted_values(findings, "severity", SEVERITIES)],
        "state": [(s, STATE_LABELS.get(s, s)) for s in _sorted_values(findings, "state", STATES, always=STATES)],
    }
    values = [_values(f) for f in findings]
    return [{"key": key, "label": label,
             "options": [{"value": v, "text": text, "count": sum(1 for x in values if x[key] == v)}
                         for v, text in options[key]]}
            for key, label in FILTERS]


def _sorted_values(findings: list[dict], key: str, order: tuple[str, ...], always: tuple[str, ...] = ()) -> list[str]:
    present = {_values(f)[key] for f in findings} | set(always)
    return [v for v in order if v in present] + sorted(v for v in present if v not in order)


# ---------------------------------------------------------------- coverage and drift

def _loc(loc: dict[str, Any], cards_by_loc: dict, prefer=lambda f: False) -> dict[str, Any]:
    """One location: ``path:line`` (a link to its finding card when there is one, the
    first that ``prefer`` accepts if several), the channel, the excerpt and why it counts."""
    here = cards_by_loc.get((loc["path"], loc["line"]), [])
    card = next((f["id"] for f in here if prefer(f)), here[0]["id"] if here else None)
    return {"where": f"{loc['path']}:{loc['line']}", "href": f"#f-{card}" if card is not None else None,
            "channel": loc.get("channel"), "excerpt": loc.get("excerpt"), "why": loc.get("why")}


def _coverage_channels(rows: list[dict[str, Any]]) -> list[str]:
    present = {c for r in rows for c in r.get("channels", {})}
    return [c for c in CHANNELS if c in present] + sorted(present - set(CHANNELS))


def _coverage_row(row: dict[str, Any], cards_by_loc: dict, channels: list[str]) -> dict[str, Any]:
    def ours(f: dict) -> bool:  # the finding about this promise
        return f.get("promise") == row["promise"]

    cells = []
    for c in channels:
        cell = row.get("channels", {}).get(c)
        if not cell:
            cells.append(None)
            continue
        confirms, contradicts = cell.get("confirms", []), cell.get("contradicts", [])
        label = " ".join(x for x in (f"✓ confirms ({len(confirms)})" if confirms else "",
                                     f"✗ contradicts ({len(contradicts)})" if contradicts else "") if x)
        locs = ([{"cls": "confirms", "sym": "✓", "loc": _loc(x, cards_by_loc, ours)} for x in confirms]
                + [{"cls": "contradicts", "sym": "✗", "loc": _loc(x, cards_by_loc, ours)} for x in contradicts])
        cells.append({"state": cell.get("state", "silent"), "label": label, "locs": locs})
    return dict(row, cells=cells)


def _drift_group(g: dict[str, Any], cards_by_loc: dict) -> dict[str, Any]:
    locs = [{"value": v.get("value"), "loc": _loc(v, cards_by_loc, lambda f: f.get("kind") == "drift")}
            for v in g.get("values", [])]
    return dict(g, distinct=g.get("distinct", []), dimension=g.get("dimension", ""), locs=locs)
