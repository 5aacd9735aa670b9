"""The review report: one self-contained HTML page for writers.

``render(data)`` turns the dict of :func:`voicecheck.report_data.build` into
one file with inline CSS and JS only (no external asset, font or request), so
it works when opened from disk and can be attached to a ticket or a pull
request. Everything is rendered here, in Python, and every piece of content
text goes through :func:`html.escape`: content files are untrusted, and a
passage containing ``<script>`` must show as text. The page's script only
filters, counts and moves the keyboard focus; without it every card shows.

Unlike the other reporters it renders the report *data* (context lines,
decisions, coverage, drift), not a bare :class:`~voicecheck.findings.Report`,
so it is not one of ``reporters.FORMATS``; ``voicecheck report`` writes it.
"""
from __future__ import annotations

from html import escape
from typing import Any

SEVERITIES = ("error", "warning", "info")
STATES = ("open", "accepted", "dismissed")
CHANNELS = ("email", "support", "ui", "errors", "other")
#: Filters, in the order shown: (data attribute, label).
FILTERS = (("channel", "Channel"), ("rule", "Rule"), ("promise", "Promise"), ("severity", "Severity"),
           ("state", "Review state"))
NONE_LABEL = "(none)"


def e(value: Any) -> str:
    """Escaped text for element content and quoted attributes."""
    return escape("" if value is None else str(value), quote=True)


def render(data: dict[str, Any]) -> str:
    meta = data["meta"]
    findings = data["findings"]
    cards_by_loc: dict[tuple[str, int], list[dict]] = {}
    for f in findings:
        cards_by_loc.setdefault((f["path"], f["line"]), []).append(f)
    brand = meta.get("brand") or "voicecheck"
    parts = [
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
        f"<meta name=\"generator\" content=\"voicecheck {e(meta['version'])}\">\n",
        f"<title>{e(brand)} content review: {len(findings)} finding{'' if len(findings) == 1 else 's'}</title>\n",
        f"<style>{CSS}</style>\n</head>\n<body>\n<main>\n",
        _header(data),
        _findings(data),
        _coverage(data["coverage"], cards_by_loc),
        _drift(data["drift"], cards_by_loc),
        _errors(data.get("errors", [])),
        "</main>\n",
        HELP,
        f"<script>{JS}</script>\n</body>\n</html>\n",
    ]
    return "".join(parts)


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _header(data: dict[str, Any]) -> str:
    meta, counts = data["meta"], data["meta"]["counts"]
    brand = meta.get("brand") or ""
    paths = ", ".join(meta.get("paths") or []) or "."
    vocab = ", ".join(meta.get("vocab") or [])
    sev = " · ".join(f"{n} {e(s)}" for s, n in _ordered(counts.get("by_severity", {}), SEVERITIES))
    return (
        "<header class=\"top\">\n"
        f"<h1>{e(brand) + ' ' if brand else ''}content review</h1>\n"
        f"<p class=\"meta\">{_plural(counts['findings'], 'finding')}{' (' + sev + ')' if sev else ''} in "
        f"{_plural(counts['files'], 'file')} ({counts['segments']} strings) · checked <code>{e(paths)}</code>"
        f"{' against <code>' + e(vocab) + '</code>' if vocab else ''} · generated {e(meta['generated_at'])} "
        f"by voicecheck {e(meta['version'])}</p>\n"
        "<nav class=\"toc\" aria-label=\"Sections\"><a href=\"#findings\">Findings</a> "
        f"<a href=\"#coverage\">Promise coverage ({len(data['coverage'])})</a> "
        f"<a href=\"#drift\">Fact drift ({len(data['drift'])})</a>"
        + (f" <a href=\"#errors\">Input errors ({len(data['errors'])})</a>" if data.get("errors") else "")
        + "</nav>\n</header>\n"
    )


def _ordered(counts: dict[str, int], order: tuple[str, ...]) -> list[tuple[str, int]]:
    """Items of ``counts`` with the keys of ``order`` first, in that order."""
    known = [(k, counts[k]) for k in order if k in counts]
    return known + sorted((k, v) for k, v in counts.items() if k not in order)


def _state(f: dict[str, Any]) -> str:
    return f["decision"]["state"] if f.get("decision") else "open"


def _values(f: dict[str, Any]) -> dict[str, str]:
    """The filter values of one card (data-* attributes)."""
    return {"channel": f.get("channel") or "", "rule": f["code"], "promise": f.get("promise") or "",
            "severity": f["severity"], "state": _state(f)}


def _findings(data: dict[str, Any]) -> str:
    findings = data["findings"]
    out = [f"<section id=\"findings\" aria-labelledby=\"findings-h\">\n<h2 id=\"findings-h\">Findings "
           f"<span class=\"count\">{len(findings)}</span></h2>\n"]
    if not findings:
        out.append("<p class=\"empty-all\">No findings: the checked content matches the vocabulary and "
                   "promises.</p>\n</section>\n")
        return "".join(out)
    out.append(_filters(data))
    out.append(_counts(data))
    out.append("<p class=\"keyhint\">Keys: <kbd>j</kbd>/<kbd>k</kbd> or <kbd>↓</kbd>/<kbd>↑</kbd> next/previous "
               "finding · <kbd>/</kbd> filters · <kbd>?</kbd> all keys</p>\n")
    out.append("<div id=\"cards\" class=\"cards\">\n")
    out.extend(_card(f) for f in findings)
    out.append("</div>\n<p id=\"empty\" class=\"empty\" hidden>No finding matches these filters. "
               "<button type=\"button\" class=\"reset\">Show all</button></p>\n</section>\n")
    return "".join(out)


def _filters(data: dict[str, Any]) -> str:
    findings = data["findings"]
    rules = {f["code"]: f["rule"]["name"] for f in findings}
    promise_ids = [p["id"] for p in data.get("promises", [])]
    options: dict[str, list[tuple[str, str]]] = {
        "channel": [(c, c or NONE_LABEL) for c in _sorted_values(findings, "channel", CHANNELS)],
        "rule": [(c, f"{c} {rules[c]}".strip()) for c in sorted(rules)],
        "promise": [(p, p or NONE_LABEL) for p in _sorted_values(findings, "promise", tuple(promise_ids))],
        "severity": [(s, s) for s in _sorted_values(findings, "severity", SEVERITIES)],
        "state": [(s, s) for s in _sorted_values(findings, "state", STATES, always=STATES)],
    }
    out = ["<form id=\"filters\" class=\"filters\" role=\"search\" aria-label=\"Filter findings\" hidden>\n"]
    for key, label in FILTERS:
        out.append(f"<label>{e(label)} <select data-filter=\"{key}\">"
                   f"<option value=\"*\" data-label=\"All\">All ({len(findings)})</option>")
        for value, text in options[key]:
            n = sum(1 for f in findings if _values(f)[key] == value)
            out.append(f"<option value=\"{e(value)}\" data-label=\"{e(text)}\">{e(text)} ({n})</option>")
        out.append("</select></label>\n")
    out.append("<button type=\"button\" class=\"reset\">Reset</button>\n"
               f"<output id=\"shown\" aria-live=\"polite\">Showing {len(findings)} of "
               f"{_plural(len(findings), 'finding')}</output>\n</form>\n")
    return "".join(out)


def _sorted_values(findings: list[dict], key: str, order: tuple[str, ...], always: tuple[str, ...] = ()) -> list[str]:
    present = {_values(f)[key] for f in findings} | set(always)
    return [v for v in order if v in present] + sorted(v for v in present if v not in order)


def _counts(data: dict[str, Any]) -> str:
    counts = data["meta"]["counts"]
    texts = {p["id"]: p["text"] for p in data.get("promises", [])}
    channel_rows = "".join(
        f"<tr><th scope=\"row\">{e(c or NONE_LABEL)}</th><td>{n}</td></tr>"
        for c, n in _ordered(counts.get("by_channel", {}), CHANNELS))
    promise_rows = "".join(
        f"<tr><th scope=\"row\"><code>{e(p)}</code> <span class=\"muted\">{e(texts.get(p, ''))}</span></th>"
        f"<td>{n}</td></tr>" for p, n in sorted(counts.get("by_promise", {}).items()))
    out = ["<div class=\"counts\">\n<table class=\"mini\"><caption>Findings per channel</caption>"
           f"<tbody>{channel_rows}</tbody></table>\n"]
    if promise_rows:
        out.append(f"<table class=\"mini\"><caption>Findings per promise</caption><tbody>{promise_rows}</tbody>"
                   "</table>\n")
    out.append("</div>\n")
    return "".join(out)


def _card(f: dict[str, Any]) -> str:
    values = _values(f)
    attrs = " ".join(f"data-{k}=\"{e(v)}\"" for k, v in values.items())
    loc = f"{f['path']}:{f['line']}:{f['column']}"
    rule = f["rule"]
    out = [
        f"<article class=\"card sev-{e(f['severity'])}\" id=\"f-{f['id']}\" tabindex=\"-1\" {attrs} "
        f"aria-label=\"{e(f['code'])} at {e(loc)}\">\n<header class=\"card-head\">"
        f"<span class=\"sev\">{e(f['severity'])}</span> <span class=\"code\">{e(f['code'])}</span> "
        f"<span class=\"rule-name\">{e(rule['name'])}</span> <span class=\"loc\">{e(loc)}</span> "
        f"<span class=\"chip\">{e(f.get('channel') or 'no channel')}</span> "
        f"<span class=\"state state-{e(values['state'])}\">{e(values['state'])}</span></header>\n",
    ]
    if rule.get("summary"):
        out.append(f"<p class=\"summary\">{e(rule['summary'])}</p>\n")
    promise = f.get("promise_info")
    if promise:
        source = f" <span class=\"source\">— {e(promise['source'])}</span>" if promise.get("source") else ""
        out.append(f"<p class=\"promise\"><span class=\"label\">Promise <code>{e(promise['id'])}</code></span> "
                   f"<q>{e(promise['text'])}</q>{source}</p>\n")
    if f.get("context"):
        out.append(passage(f["context"], f["highlight"]))
    out.append(f"<p class=\"message\">{e(f['message'])}</p>\n")
    if f.get("score") is not None or f.get("evidence"):
        out.append(_evidence(f))
    if f.get("suggestion"):
        s = f["suggestion"]
        out.append(f"<p class=\"suggest\"><span class=\"label\">Suggested rewrite (line {s['line']})</span> "
                   f"<code>{e(s['before'])}<ins>{e(s['replacement'])}</ins>{e(s['after'])}</code></p>\n")
    if f.get("decision"):
        out.append(_decision(f["decision"]))
    out.append("</article>\n")
    return "".join(out)


def passage(context: list[dict[str, Any]], highlight: list[int]) -> str:
    """The context lines as a ``<pre>``, the highlight wrapped in ``<mark>``."""
    line, column, end_line, end_column = highlight
    rows = []
    for row in context:
        n, text, first = row["line"], row["text"], row["first_column"]
        body = e(text)
        flagged = line <= n <= max(line, end_line)
        if flagged:
            lo = (column if n == line else 1) - first
            hi = (end_column if n == end_line else first + len(text)) - first
            lo, hi = max(0, lo), min(len(text), hi)
            if hi > lo:
                body = f"{e(text[:lo])}<mark>{e(text[lo:hi])}</mark>{e(text[hi:])}"
        left = "<span class=\"clip\">…</span>" if row.get("clipped_left") else ""
        right = "<span class=\"clip\">…</span>" if row.get("clipped_right") else ""
        rows.append(f"<span class=\"row{' flagged' if flagged else ''}\"><span class=\"ln\">{n}</span>"
                    f"<span class=\"tx\">{left}{body}{right}</span></span>")
    return f"<pre class=\"passage\">{''.join(rows)}</pre>\n"


def _evidence(f: dict[str, Any]) -> str:
    out = ["<div class=\"evidence\">"]
    if f.get("score") is not None:
        out.append(f"<p><span class=\"label\">Score</span> {f['score']:g}</p>")
    if f.get("evidence"):
        items = "".join(f"<li><span class=\"facet\">{e(x['facet'])}</span> {e(x['detail'])}</li>"
                        for x in f["evidence"])
        out.append(f"<ul class=\"facets\">{items}</ul>")
    out.append("</div>\n")
    return "".join(out)


def _decision(d: dict[str, Any]) -> str:
    parts = [f"<span class=\"state state-{e(d.get('state'))}\">{e(d.get('state'))}</span>"]
    if d.get("reason"):
        parts.append(f"<span class=\"reason\">{e(d['reason'])}</span>")
    if d.get("note"):
        parts.append(f"<q>{e(d['note'])}</q>")
    who = " ".join(x for x in (f"by {d['by']}" if d.get("by") else "", f"on {d['at']}" if d.get("at") else "") if x)
    if who:
        parts.append(f"<span class=\"muted\">{e(who)}</span>")
    return f"<p class=\"decision\"><span class=\"label\">Review</span> {' '.join(parts)}</p>\n"


def _loc(loc: dict[str, Any], cards_by_loc: dict, prefer=lambda f: False) -> str:
    """One location: ``path:line`` (a link to its finding card when there is
    one, the first that ``prefer`` accepts if several), the channel, the
    excerpt and why it counts (coverage, when given)."""
    where = f"{loc['path']}:{loc['line']}"
    here = cards_by_loc.get((loc["path"], loc["line"]), [])
    card = next((f["id"] for f in here if prefer(f)), here[0]["id"] if here else None)
    link = f"<a href=\"#f-{card}\">{e(where)}</a>" if card is not None else f"<span class=\"where\">{e(where)}</span>"
    channel = f" <span class=\"chip\">{e(loc['channel'])}</span>" if loc.get("channel") else ""
    excerpt = f" <q>{e(loc['excerpt'])}</q>" if loc.get("excerpt") else ""
    why = f" <span class=\"why\">({e(loc['why'])})</span>" if loc.get("why") else ""
    return f"{link}{channel}{excerpt}{why}"


def _coverage(rows: list[dict[str, Any]], cards_by_loc: dict) -> str:
    out = ["<section id=\"coverage\" aria-labelledby=\"coverage-h\">\n<h2 id=\"coverage-h\">Promise coverage</h2>\n"]
    if not rows:
        out.append("<p class=\"empty-all\">No coverage table: the promise checks didn't run, or the vocabulary "
                   "has no promises.</p>\n</section>\n")
        return "".join(out)
    present = {c for r in rows for c in r.get("channels", {})}
    channels = [c for c in CHANNELS if c in present] + sorted(present - set(CHANNELS))
    out.append("<p class=\"muted\">Which channels confirm each promise, which contradict it, and which never "
               "mention it.</p>\n<div class=\"scroll\"><table class=\"grid coverage\">\n<thead><tr>"
               "<th scope=\"col\">Promise</th><th scope=\"col\">Status</th>")
    out.extend(f"<th scope=\"col\">{e(c)}</th>" for c in channels)
    out.append("</tr></thead>\n<tbody>\n")
    for row in rows:
        source = f"<div class=\"source\">{e(row['source'])}</div>" if row.get("source") else ""
        out.append(f"<tr><th scope=\"row\"><code>{e(row['promise'])}</code><div>{e(row['text'])}</div>{source}</th>"
                   f"<td class=\"status status-{e(row['status'])}\">{e(row['status'])}</td>")
        for c in channels:
            out.append(_coverage_cell(row.get("channels", {}).get(c), cards_by_loc, row["promise"]))
        out.append("</tr>\n")
    out.append("</tbody></table></div>\n</section>\n")
    return "".join(out)


def _coverage_cell(cell: dict[str, Any] | None, cards_by_loc: dict, promise: str) -> str:
    if not cell:
        return "<td class=\"cell cell-silent\">—</td>"
    confirms, contradicts = cell.get("confirms", []), cell.get("contradicts", [])
    state = cell.get("state", "silent")
    if not confirms and not contradicts:
        return f"<td class=\"cell cell-{e(state)}\">silent</td>"
    label = " ".join(x for x in (f"✓ confirms ({len(confirms)})" if confirms else "",
                                 f"✗ contradicts ({len(contradicts)})" if contradicts else "") if x)
    def ours(f: dict) -> bool:  # the finding about this promise
        return f.get("promise") == promise

    items = "".join(f"<li class=\"confirms\">✓ {_loc(loc, cards_by_loc, ours)}</li>" for loc in confirms)
    items += "".join(f"<li class=\"contradicts\">✗ {_loc(loc, cards_by_loc, ours)}</li>" for loc in contradicts)
    return (f"<td class=\"cell cell-{e(state)}\"><details><summary>{label}</summary>"
            f"<ul class=\"locs\">{items}</ul></details></td>")


def _drift(groups: list[dict[str, Any]], cards_by_loc: dict) -> str:
    out = ["<section id=\"drift\" aria-labelledby=\"drift-h\">\n<h2 id=\"drift-h\">Fact drift</h2>\n"]
    if not groups:
        out.append("<p class=\"empty-all\">No fact is stated with different values in different places (or the "
                   "drift check didn't run).</p>\n</section>\n")
        return "".join(out)
    out.append("<p class=\"muted\">The same fact stated with different values in different places.</p>\n"
               "<div class=\"scroll\"><table class=\"grid drift\">\n<thead><tr><th scope=\"col\">Fact</th>"
               "<th scope=\"col\">Values</th><th scope=\"col\">Where</th></tr></thead>\n<tbody>\n")
    for g in groups:
        values = " ".join(f"<span class=\"value\">{e(v)}</span>" for v in g.get("distinct", []))
        locs = "".join(f"<li><span class=\"value\">{e(v.get('value'))}</span> "
                       f"{_loc(v, cards_by_loc, lambda f: f.get('kind') == 'drift')}</li>"
                       for v in g.get("values", []))
        out.append(f"<tr><th scope=\"row\">{e(g['fact'])}<div class=\"muted\">{e(g.get('dimension', ''))}</div></th>"
                   f"<td>{values}</td><td><ul class=\"locs\">{locs}</ul></td></tr>\n")
    out.append("</tbody></table></div>\n</section>\n")
    return "".join(out)


def _errors(errors: list[str]) -> str:
    if not errors:
        return ""
    items = "".join(f"<li><code>{e(x)}</code></li>" for x in errors)
    return (f"<section id=\"errors\" aria-labelledby=\"errors-h\">\n<h2 id=\"errors-h\">Input errors</h2>\n"
            f"<p>These files could not be checked; their findings are missing from this report.</p>\n"
            f"<ul>{items}</ul>\n</section>\n")


HELP = """<div id="help" class="help" role="dialog" aria-modal="false" aria-labelledby="help-h" hidden>
<h2 id="help-h">Keyboard shortcuts</h2>
<dl>
<dt><kbd>j</kbd> or <kbd>↓</kbd></dt><dd>next visible finding (arrows once a finding has focus)</dd>
<dt><kbd>k</kbd> or <kbd>↑</kbd></dt><dd>previous visible finding</dd>
<dt><kbd>/</kbd></dt><dd>go to the filters</dd>
<dt><kbd>Esc</kbd></dt><dd>close this help, leave the filters</dd>
<dt><kbd>?</kbd></dt><dd>show or hide this help</dd>
</dl>
<p><button type="button" id="help-close">Close</button></p>
</div>
"""

CSS = """
:root{--fg:#1b1b1f;--muted:#52525b;--bg:#fff;--panel:#f6f6f8;--line:#d4d4d8;--accent:#1d4ed8;
--err:#b3261e;--warn:#8a4b00;--info:#1d4ed8;--ok:#166534;--mark:#ffe58a}
*{box-sizing:border-box}
html{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);
background:var(--bg)}
body{margin:0}
main{max-width:72rem;margin:0 auto;padding:1.5rem 1.25rem 4rem}
h1{font-size:1.6rem;margin:0 0 .25rem}
h2{font-size:1.25rem;margin:2.5rem 0 .75rem;border-bottom:1px solid var(--line);padding-bottom:.25rem}
code,pre,kbd{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:.9em}
kbd{border:1px solid var(--line);border-bottom-width:2px;border-radius:4px;padding:0 .3em;background:var(--panel)}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,select:focus-visible,summary:focus-visible{outline:3px solid var(--accent);
outline-offset:2px}
.meta,.muted,.keyhint{color:var(--muted)}
.meta{margin:.25rem 0}
.toc a{margin-right:1rem}
.count{font-weight:normal;color:var(--muted)}
.filters{position:sticky;top:0;z-index:2;display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end;
background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:.75rem 1rem;margin:0 0 1rem}
.filters label{display:flex;flex-direction:column;font-size:.85rem;font-weight:600}
.filters select{font:inherit;font-weight:normal;font-size:.95rem;padding:.2rem;max-width:22rem}
.filters output{margin-left:auto;font-weight:600}
button{font:inherit;font-size:.9rem;padding:.25rem .75rem;border:1px solid var(--line);border-radius:6px;
background:#fff;cursor:pointer}
.counts{display:flex;flex-wrap:wrap;gap:1rem 2rem;margin:0 0 1rem}
table.mini{border-collapse:collapse;font-size:.9rem}
table.mini caption{text-align:left;font-weight:600;padding-bottom:.25rem;white-space:nowrap}
table.mini th,table.mini td{padding:.1rem .75rem .1rem 0;text-align:left;vertical-align:top;font-weight:normal}
table.mini td{text-align:right;font-variant-numeric:tabular-nums}
.card{border:1px solid var(--line);border-left:6px solid var(--info);border-radius:8px;padding:.75rem 1rem;
margin:0 0 1rem;background:#fff;break-inside:avoid;page-break-inside:avoid;scroll-margin-top:var(--sticky,1rem)}
.card.sev-error{border-left-color:var(--err)}
.card.sev-warning{border-left-color:var(--warn)}
.card:focus{outline:3px solid var(--accent);outline-offset:3px;box-shadow:0 0 0 6px #dbe5ff}
.card-head{display:flex;flex-wrap:wrap;gap:.25rem .6rem;align-items:baseline}
.sev{font-size:.75rem;font-weight:700;text-transform:uppercase;letter-spacing:.04em;color:#fff;
background:var(--info);border-radius:4px;padding:0 .4rem}
.sev-error .sev{background:var(--err)}
.sev-warning .sev{background:var(--warn)}
.code{font-weight:700}
.rule-name{color:var(--muted)}
.loc{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85rem;overflow-wrap:anywhere}
.chip,.value{display:inline-block;border:1px solid var(--line);border-radius:999px;padding:0 .5rem;font-size:.8rem;
background:var(--panel)}
.value{font-weight:600}
.state{font-size:.8rem;font-weight:700;border-radius:4px;padding:0 .4rem;border:1px solid currentColor}
.state-open{color:var(--muted)}
.state-accepted{color:var(--err)}
.state-dismissed{color:var(--ok)}
.card-head .state{margin-left:auto}
.summary{margin:.25rem 0 .5rem;color:var(--muted);font-size:.9rem}
.label{font-weight:700;font-size:.8rem;text-transform:uppercase;letter-spacing:.03em;color:var(--muted);
margin-right:.4rem}
.promise{margin:.25rem 0 .5rem}
.promise .label code{text-transform:none;letter-spacing:0}
.source{color:var(--muted);font-size:.9rem}
pre.passage{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:.5rem .75rem;margin:.5rem 0;
white-space:pre-wrap;overflow-wrap:anywhere;line-height:1.45}
.row{display:flex}
.row .ln{flex:none;min-width:3.5ch;margin-right:1ch;color:var(--muted);text-align:right;user-select:none}
.row .tx{flex:1;min-width:0}
.row.flagged .ln{color:var(--fg);font-weight:700}
.row:not(.flagged) .tx{color:#3f3f46}
mark{background:var(--mark);color:#000;border-bottom:2px solid #b45309;padding:0 1px}
.clip{color:var(--muted)}
.message{margin:.5rem 0}
.evidence p{margin:.25rem 0}
.facets{margin:.25rem 0 .5rem;padding-left:1.25rem}
.facet{font-weight:600}
.suggest code{background:var(--panel);padding:.1rem .3rem;border-radius:4px;overflow-wrap:anywhere}
ins{background:#d7f5dd;color:#0b3d1a;text-decoration:none;border-bottom:2px solid var(--ok)}
.decision{margin:.5rem 0 0}
.reason{font-weight:600}
.empty,.empty-all{padding:1rem;background:var(--panel);border-radius:8px}
.scroll{overflow-x:auto}
table.grid{border-collapse:collapse;width:100%;font-size:.9rem}
table.grid th,table.grid td{border:1px solid var(--line);padding:.4rem .5rem;text-align:left;vertical-align:top}
table.grid thead th{background:var(--panel)}
table.grid tbody th{font-weight:normal;min-width:11rem}
table.grid tbody th code{font-weight:700}
.status{font-weight:700;white-space:nowrap}
.status-confirmed{color:var(--ok)}
.status-contradicted{color:var(--err)}
.status-mixed{color:var(--warn)}
.status-unconfirmed{color:var(--muted)}
.cell-confirms{background:#effaf1}
.cell-contradicts{background:#fdf0ef}
.cell-mixed{background:#fdf6e9}
.cell-silent{color:var(--muted)}
summary{cursor:pointer}
ul.locs{margin:.25rem 0;padding-left:1rem;font-size:.85rem}
ul.locs li{margin:.15rem 0;overflow-wrap:anywhere}
li.contradicts{color:#7f1d1d}
.why{color:var(--muted)}
q{font-style:italic}
.help{position:fixed;right:1rem;bottom:1rem;z-index:5;max-width:26rem;background:#fff;border:2px solid var(--fg);
border-radius:8px;padding:.5rem 1rem;box-shadow:0 6px 24px rgba(0,0,0,.25)}
.help h2{margin:.25rem 0 .5rem;font-size:1.1rem}
.help dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem;margin:0}
.help dd{margin:0}
[hidden]{display:none!important}
@media print{
 html{font-size:11pt}
 main{max-width:none;padding:0}
 .filters,.keyhint,.toc,.help,.reset,.empty{display:none!important}
 .card[hidden]{display:block!important}
 .card{break-inside:avoid;page-break-inside:avoid;box-shadow:none;outline:none}
 .scroll{overflow:visible}
 a{color:inherit;text-decoration:none}
}
"""

JS = r"""
(function () {
  "use strict";
  var root = document.documentElement;
  var cards = Array.prototype.slice.call(document.querySelectorAll(".card"));
  var form = document.getElementById("filters");
  var selects = form ? Array.prototype.slice.call(form.querySelectorAll("select")) : [];
  var shown = document.getElementById("shown");
  var empty = document.getElementById("empty");
  var help = document.getElementById("help");

  var keys = selects.map(function (s) { return s.getAttribute("data-filter"); });
  // each card's filter values, read once
  var values = cards.map(function (c) {
    var v = {};
    keys.forEach(function (k) { v[k] = c.getAttribute("data-" + k); });
    return v;
  });

  function current() {
    var f = {};
    selects.forEach(function (s, i) { f[keys[i]] = s.value; });
    return f;
  }
  function matches(v, f, skip) {
    for (var key in f) {
      if (key !== skip && f[key] !== "*" && v[key] !== f[key]) { return false; }
    }
    return true;
  }
  function apply() {
    var f = current(), n = 0;
    cards.forEach(function (c, i) {
      var ok = matches(values[i], f, null);
      c.hidden = !ok;
      if (ok) { n += 1; }
    });
    // live counts: each option counts the cards the *other* filters leave
    selects.forEach(function (s, k) {
      var key = keys[k], counts = {}, total = 0;
      values.forEach(function (v) {
        if (matches(v, f, key)) { counts[v[key]] = (counts[v[key]] || 0) + 1; total += 1; }
      });
      Array.prototype.forEach.call(s.options, function (o) {
        var count = o.value === "*" ? total : (counts[o.value] || 0);
        o.textContent = o.getAttribute("data-label") + " (" + count + ")";
      });
    });
    if (shown) {
      shown.textContent = "Showing " + n + " of " + cards.length + " finding" + (cards.length === 1 ? "" : "s");
    }
    if (empty) { empty.hidden = n !== 0; }
  }
  function stickyHeight() {
    if (form) { root.style.setProperty("--sticky", (form.offsetHeight + 16) + "px"); }
  }
  function reset() {
    selects.forEach(function (s) { s.value = "*"; });
    apply();
  }
  function visible() { return cards.filter(function (c) { return !c.hidden; }); }
  function move(step) {
    var v = visible();
    if (!v.length) { return; }
    var i = v.indexOf(document.activeElement);
    i = i < 0 ? (step > 0 ? 0 : v.length - 1) : Math.min(v.length - 1, Math.max(0, i + step));
    v[i].focus();
    v[i].scrollIntoView({block: "nearest"});
  }
  function toggleHelp(show) {
    help.hidden = show === undefined ? !help.hidden : !show;
    if (!help.hidden) { document.getElementById("help-close").focus(); }
  }
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target && target.classList.contains("card")) {
      if (target.hidden) { reset(); }
      target.focus();
      target.scrollIntoView({block: "start"});
    }
  }

  selects.forEach(function (s) { s.addEventListener("change", apply); });
  Array.prototype.forEach.call(document.querySelectorAll(".reset"), function (b) {
    b.addEventListener("click", reset);
  });
  document.getElementById("help-close").addEventListener("click", function () { toggleHelp(false); });
  window.addEventListener("hashchange", reveal);
  window.addEventListener("resize", stickyHeight);
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.open = true; });
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    var t = ev.target, tag = t && t.tagName;
    var inControl = tag === "SELECT" || tag === "INPUT" || tag === "TEXTAREA" || tag === "BUTTON";
    if (ev.key === "Escape") {
      if (!help.hidden) { toggleHelp(false); } else if (inControl) { t.blur(); }
      return;
    }
    if (inControl) { return; }
    var onCard = t && t.classList && t.classList.contains("card");
    if (ev.key === "j" || (ev.key === "ArrowDown" && onCard)) { move(1); ev.preventDefault(); }
    else if (ev.key === "k" || (ev.key === "ArrowUp" && onCard)) { move(-1); ev.preventDefault(); }
    else if (ev.key === "/" && selects.length) { selects[0].focus(); ev.preventDefault(); }
    else if (ev.key === "?") { toggleHelp(); ev.preventDefault(); }
  });

  if (form) { form.hidden = false; }
  apply();
  stickyHeight();
  reveal();
  root.setAttribute("data-ready", String(Math.round(performance.now())));
}());
"""
