"""The browser review behind ``voicecheck review --web``: decide findings where writers read them.

A small HTTP server from the standard library (``http.server``), bound to
127.0.0.1 at a free port, serving one page: the review report
(:mod:`voicecheck.reporters.html`, the static report's templates) with
accept / dismiss (reason and note) / leave open / undo on every card. The
checks run once, when the server starts; the decisions file is read again for
every page, so a reload shows what other tabs and a terminal ``review`` have
decided since.

Every decision is written at once with
:meth:`voicecheck.decisions.DecisionStore.commit`: under the file's lock, the
file is re-read, the one change applied and the result written atomically, so
several tabs and a terminal ``review`` never lose each other's decisions. An
undo is a compare-and-swap: it restores the decision that was there before only
if nobody changed it since.

Security (the page can change a file in the repository):

* the socket listens on 127.0.0.1 only, and requests from any other address are refused;
* every request carries the session's random token: in the URL the command
  prints (``/?token=…``, swapped at once for an HttpOnly, SameSite=Strict
  cookie and a redirect to ``/``), in the cookie, or in the ``X-Voicecheck-Token``
  header; without it the answer is 403;
* the ``Host`` header must be ``127.0.0.1`` or ``localhost`` (with this port):
  a page of another site whose name was rebound to 127.0.0.1 (DNS rebinding)
  is refused;
* decisions are POSTed as JSON with the token in a header (which no other site
  can set without a CORS preflight this server never answers), from this
  origin only (``Origin``, ``Sec-Fetch-Site``);
* a request names a finding by its number in this run and a decision by fixed
  words; nothing in it is a path, and nothing but the decisions file is written;
* the page is rendered with autoescape, under a Content-Security-Policy that
  runs only the page's own script (a nonce per page) and loads nothing else.

This module prints nothing; ``voicecheck.commands.review`` starts it and says where.
"""
from __future__ import annotations

import datetime
import hmac
import http.server
import ipaddress
import json
import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from voicecheck.decisions import (
    REASONS, Decision, DecisionConflict, DecisionsError, DecisionStore, fingerprint, new_decision, source_for)

#: Largest request body read (a decision is a few hundred bytes).
MAX_BODY = 16 * 1024
#: Longest note kept (characters).
MAX_NOTE = 500
HOSTS = ("127.0.0.1", "localhost")
ACTIONS = {"accept": "accepted", "dismiss": "dismissed", "open": "open", "undo": None}
TOKEN_HEADER = "X-Voicecheck-Token"


class RequestError(Exception):
    """A request that can't be served: ``status`` and a one-line ``message`` for the page."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class _Item:
    finding: Any
    source: Any  # SourceFile, or None when the file a finding points into can't be read
    segments: list
    key: tuple[str, str] | None  # (path, fingerprint) in the decisions file


@dataclass
class ReviewSession:
    """One run's findings and the decisions file they are decided in."""

    prep: Any  # cli.Prepared
    result: Any  # engine.Result
    decisions_path: Path
    by: str | None = None
    paths: list[str] | None = None
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    generated_at: str = field(default_factory=lambda: datetime.datetime.now(datetime.timezone.utc)
                              .replace(microsecond=0).isoformat())

    def __post_init__(self) -> None:
        self.decisions_path = Path(self.decisions_path).absolute()
        store = DecisionStore(self.decisions_path)
        extra: dict = {}
        self.items: list[_Item] = []
        self.groups: dict[tuple[str, str], list[int]] = {}
        for i, f in enumerate(self.result.report.findings):
            source = source_for(f, self.result.sources, extra)
            key = (store.path_of(source), fingerprint(f, source)) if source is not None else None
            self.items.append(_Item(f, source, self.result.segments.get(f.path, []), key))
            if key is not None:
                self.groups.setdefault(key, []).append(i)
        self._history: dict[tuple[str, str], list[tuple[Decision | None, Decision]]] = {}
        self._lock = threading.Lock()
        self.decided = 0  # decisions written by this session (undo included)

    # ------------------------------------------------------------ the page

    def page(self, nonce: str) -> str:
        """The review page with the decisions the file holds now."""
        from voicecheck import report_data
        from voicecheck.findings import printable
        from voicecheck.reporters import html

        try:
            store = DecisionStore.load(self.decisions_path)
        except DecisionsError as exc:
            raise RequestError(500, str(exc)) from None
        data = report_data.build(self.prep, self.result, store, paths=self.paths, generated_at=self.generated_at)
        with self._lock:
            undo = {data["findings"][i]["key"] for key, ids in self.groups.items() if self._history.get(key)
                    for i in ids}
        web = {"token": self.token, "nonce": nonce, "decisions_file": str(self.decisions_path), "by": self.by,
               "undo": undo, "max_note": MAX_NOTE}
        return printable(html.render(data, web=web))

    # ------------------------------------------------------------ decisions

    def decide(self, body: Any) -> dict[str, Any]:
        """Apply one action: ``{"id": card number, "action": "accept" | "dismiss" | "open" |
        "undo", "reason": (dismiss) one of REASONS, "note": (dismiss, optional) text}``."""
        if not isinstance(body, dict):
            raise RequestError(400, "expected a JSON object")
        unknown = set(body) - {"id", "action", "reason", "note"}
        if unknown:
            raise RequestError(400, f"unknown field {sorted(unknown)[0]!r}")
        fid, action = body.get("id"), body.get("action")
        if not isinstance(fid, int) or isinstance(fid, bool) or not 0 <= fid < len(self.items):
            raise RequestError(400, "id: not a finding of this review")
        if action not in ACTIONS:
            raise RequestError(400, f"action: must be one of {', '.join(ACTIONS)}")
        reason, note = body.get("reason"), body.get("note")
        if action == "dismiss":
            if reason not in REASONS:
                raise RequestError(400, f"reason: a dismissal needs one of {', '.join(REASONS)}")
            if note is not None and not isinstance(note, str):
                raise RequestError(400, "note: must be text")
            note = " ".join((note or "").split())[:MAX_NOTE] or None
        elif reason is not None or note is not None:
            raise RequestError(400, "reason and note go with a dismissal only")
        item = self.items[fid]
        if item.key is None:
            raise RequestError(409, f"{item.finding.path}: the file can't be read, so this finding can't be decided")
        store = DecisionStore(self.decisions_path)
        try:
            if action == "undo":
                decision = self._undo(store, item.key)
            else:
                decision = new_decision(store, item.finding, item.source, ACTIONS[action], reason=reason, note=note,
                                        by=self.by, at=datetime.date.today().isoformat(), segments=item.segments)
                before = store.commit(item.key, decision)
                with self._lock:
                    self._history.setdefault(item.key, []).append((before, decision))
        except DecisionsError as exc:
            raise RequestError(409, str(exc)) from None
        except OSError as exc:
            raise RequestError(500, f"{self.decisions_path}: cannot write decisions file: {exc.strerror or exc}") \
                from None
        self.decided += 1
        with self._lock:
            can_undo = bool(self._history.get(item.key))
        state = decision.state if decision is not None else "needs-decision"
        return {"ids": self.groups[item.key], "state": state, "undo": can_undo,
                "decision": None if decision is None else
                {k: getattr(decision, k) for k in ("state", "reason", "note", "by", "at")},
                "message": _saved(decision, action, len(self.groups[item.key]))}

    def _undo(self, store: DecisionStore, key: tuple[str, str]) -> Decision | None:
        with self._lock:
            history = self._history.get(key)
            if not history:
                raise RequestError(409, "nothing to undo for this finding in this review")
            before, after = history.pop()
        try:
            store.commit(key, before, expected=after)
        except DecisionConflict:
            raise RequestError(409, "changed elsewhere since (another tab or a terminal review): reload the page") \
                from None
        return before


def _saved(decision: Decision | None, action: str, cards: int) -> str:
    also = f" (and {cards - 1} more card{'s' if cards > 2 else ''} with the same sentence)" if cards > 1 else ""
    if action == "undo":
        return "Undone" + (f": back to {decision.state}" if decision else ": needs a decision again") + also
    return f"Saved: {decision.state if decision else ''}{also}"


# ---------------------------------------------------------------- HTTP

def _loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address.split("%")[0]).is_loopback
    except ValueError:
        return False


class Server(http.server.ThreadingHTTPServer):
    """127.0.0.1 only, a free port unless given; ``url`` carries the token."""

    daemon_threads = True
    allow_reuse_address = False

    def __init__(self, session: ReviewSession, port: int = 0):
        self.session = session
        super().__init__(("127.0.0.1", port), Handler)
        self.port = self.server_address[1]
        self.cookie = f"voicecheck_{self.port}"
        self.origins = {f"http://{h}:{self.port}" for h in HOSTS}

    def handle_error(self, request, client_address) -> None:
        pass  # a client that went away mid-answer (a closed tab): nothing to report

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/?token={self.session.token}"

    def start(self) -> threading.Thread:
        """Serve from a background thread (tests, the benchmark)."""
        thread = threading.Thread(target=self.serve_forever, name="voicecheck-review", daemon=True)
        thread.start()
        return thread


class Handler(http.server.BaseHTTPRequestHandler):
    server: Server
    server_version = "voicecheck"

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass  # the command prints, this module doesn't

    def do_GET(self) -> None:  # noqa: N802 - http.server's names
        self._serve("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._serve("POST")

    def do_HEAD(self) -> None:  # noqa: N802
        self._send(405, "text/plain", b"method not allowed\n", {"Allow": "GET, POST"})

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_HEAD  # noqa: N815

    # ------------------------------------------------------------ checks

    def _check_host(self) -> None:
        if not _loopback(self.client_address[0]):
            raise RequestError(403, "only this computer may use the review server")
        host = (self.headers.get("Host") or "").strip().lower()
        name, _, port = host.rpartition(":") if host.rpartition(":")[2].isdigit() else (host, "", "")
        if name not in HOSTS or (port and int(port) != self.server.port):
            raise RequestError(403, f"Host {host or '(none)'!r} refused: open http://127.0.0.1:{self.server.port}/ "
                                    f"(the URL voicecheck printed)")

    def _token_from(self, query: dict[str, list[str]]) -> tuple[str | None, str]:
        header = self.headers.get(TOKEN_HEADER)
        if header:
            return header, "header"
        for part in (self.headers.get("Cookie") or "").split(";"):
            name, _, value = part.strip().partition("=")
            if name == self.server.cookie:
                return value, "cookie"
        values = query.get("token")
        return (values[0], "query") if values else (None, "none")

    def _check_token(self, token: str | None) -> None:
        if not token or not hmac.compare_digest(token.encode("utf-8", "replace"),
                                                self.server.session.token.encode("ascii")):
            raise RequestError(403, "missing or wrong token: open the URL `voicecheck review --web` printed "
                                    "(it ends with ?token=…)")

    # ------------------------------------------------------------ routes

    def _serve(self, method: str) -> None:
        try:
            self._check_host()
            url = urlsplit(self.path)
            query = parse_qs(url.query)
            token, where = self._token_from(query)
            self._check_token(token)
            if method == "GET" and url.path == "/":
                if where == "query":  # swap the token in the URL for a cookie, and drop it from the address bar
                    cookie = f"{self.server.cookie}={token}; HttpOnly; SameSite=Strict; Path=/"
                    self._send(303, "text/plain", b"", {"Location": "/", "Set-Cookie": cookie})
                    return
                self._page()
            elif method == "POST" and url.path == "/api/decide":
                if where != "header":
                    raise RequestError(403, f"decisions need the {TOKEN_HEADER} header")
                self._decide()
            elif url.path in ("/", "/api/decide"):
                raise RequestError(405, "method not allowed")
            else:
                raise RequestError(404, "not found")
        except RequestError as exc:
            self._fail(exc)
        except Exception as exc:  # a bug: one line to the page, no traceback on the terminal
            self._fail(RequestError(500, f"internal error: {type(exc).__name__}: {exc} (please report it)"))

    def _page(self) -> None:
        nonce = secrets.token_urlsafe(16)
        page = self.server.session.page(nonce).encode("utf-8")
        csp = (f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; connect-src 'self'; "
               f"img-src data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'")
        self._send(200, "text/html; charset=utf-8", page, {"Content-Security-Policy": csp})

    def _decide(self) -> None:
        origin = self.headers.get("Origin")
        if origin is not None and origin not in self.server.origins:
            raise RequestError(403, f"Origin {origin!r} refused")
        if self.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
            raise RequestError(403, "cross-site request refused")
        if (self.headers.get("Content-Type") or "").split(";")[0].strip().lower() != "application/json":
            raise RequestError(415, "send the decision as application/json")
        try:
            length = int(self.headers.get("Content-Length") or "")
        except ValueError:
            raise RequestError(411, "Content-Length required") from None
        if not 0 < length <= MAX_BODY:
            raise RequestError(413, f"a decision is at most {MAX_BODY} bytes")
        try:
            body = json.loads(self.rfile.read(length).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise RequestError(400, "the body is not JSON") from None
        answer = self.server.session.decide(body)
        self._send(200, "application/json", json.dumps(answer).encode("utf-8"))

    # ------------------------------------------------------------ answers

    def _fail(self, exc: RequestError) -> None:
        if self.path.startswith("/api/"):
            self._send(exc.status, "application/json", json.dumps({"error": exc.message}).encode("utf-8"))
        else:
            self._send(exc.status, "text/plain; charset=utf-8", f"{exc.status}: {exc.message}\n".encode("utf-8"))

    def _send(self, status: int, kind: str, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Cross-Origin-Opener-Policy", "same-origin")
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
