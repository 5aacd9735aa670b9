"""`voicecheck review --web`: the browser review server.

The Chromium test drives the real command (a subprocess, the demo brand with the
promise checks) through Debian's headless Chromium; the security and concurrency
tests talk HTTP to a real server on 127.0.0.1 started in this process over a small
vocabulary-only project."""
from __future__ import annotations

import http.client
import json
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml

from voicecheck import cli
from voicecheck.decisions import DecisionStore, default_path

from .conftest import REVIEW_VOCAB, ROOT, review_project

PAGE = """\
<html>
<body>
  <h1>Welcome to Fernway</h1>
  <p>Dear customer, welcome aboard. Your plants ship on Monday.</p>
  <p>Every customer gets a free care guide.</p>
  <p>Love, the FERNWAY team.</p>
  <p>Hi {{ name }}, our customer desk <script>alert(1)</script> is open.</p>
</body>
</html>
"""


# ---------------------------------------------------------------- in-process server, vocabulary only

@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return review_project(tmp_path, REVIEW_VOCAB, PAGE)


@pytest.fixture
def server(project):
    from voicecheck import review_server

    prep = cli.prepare((), (), None, False)
    result = cli.run_checks(prep)
    session = review_server.ReviewSession(prep, result, default_path(prep.settings), by="Ana")
    srv = review_server.Server(session)
    srv.start()
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()


def request(srv, method: str, path: str, body=None, headers=None, token: str | None = "header"):
    """(status, headers, body text) of one request; ``token``: "header", "cookie", or None."""
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
    hdrs = {"Host": f"127.0.0.1:{srv.port}"}
    if token == "header":
        hdrs["X-Voicecheck-Token"] = srv.session.token
    elif token == "cookie":
        hdrs["Cookie"] = f"{srv.cookie}={srv.session.token}"
    if body is not None and not isinstance(body, bytes):
        body = json.dumps(body).encode()
        hdrs["Content-Type"] = "application/json"
    hdrs.update(headers or {})
    conn.request(method, path, body=body, headers=hdrs)
    resp = conn.getresponse()
    out = resp.status, dict(resp.getheaders()), resp.read().decode("utf-8", "replace")
    conn.close()
    return out


def decisions(project: Path) -> list[dict]:
    path = project / "voicecheck-decisions.yaml"
    return yaml.safe_load(path.read_text())["decisions"] if path.exists() else []


def test_server_listens_on_loopback_and_prints_a_token_url(server):
    assert server.server_address[0] == "127.0.0.1" and server.port > 0
    assert server.url == f"http://127.0.0.1:{server.port}/?token={server.session.token}"
    assert len(server.session.token) >= 40


def test_other_interfaces_cannot_reach_it(server):
    from voicecheck.review_server import _loopback

    assert _loopback("127.0.0.1") and _loopback("::1") and not _loopback("10.1.2.3") and not _loopback("x")
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 1))  # no packet is sent: this only picks the outgoing interface
        address = probe.getsockname()[0]
    except OSError:
        address = None
    finally:
        probe.close()
    if address is None or address.startswith("127."):
        pytest.skip("no network interface besides loopback")
    with pytest.raises(OSError):
        socket.create_connection((address, server.port), timeout=2).close()


def test_token_is_required_on_every_request(server):
    status, _, body = request(server, "GET", "/", token=None)
    assert status == 403 and "token" in body and server.session.token not in body
    assert request(server, "GET", "/?token=wrong", token=None)[0] == 403
    assert request(server, "GET", "/", token=None, headers={"Cookie": f"{server.cookie}=wrong"})[0] == 403
    assert request(server, "POST", "/api/decide", {"id": 0, "action": "accept"}, token=None)[0] == 403
    # the token in the URL is swapped for a same-site, script-proof cookie and dropped from the address
    status, headers, _ = request(server, "GET", f"/?token={server.session.token}", token=None)
    assert status == 303 and headers["Location"] == "/"
    assert headers["Set-Cookie"] == f"{server.cookie}={server.session.token}; HttpOnly; SameSite=Strict; Path=/"
    assert request(server, "GET", "/", token="cookie")[0] == 200
    # a decision needs the token in its header: a cookie alone (what a forged cross-site form sends) is refused
    status, _, body = request(server, "POST", "/api/decide", {"id": 0, "action": "accept"}, token="cookie")
    assert status == 403 and "X-Voicecheck-Token" in json.loads(body)["error"]
    assert decisions(server.session.decisions_path.parent) == []


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1.nip.io:{port}", "",
                                  "127.0.0.1:1", "localhost.:{port}", "[::1]:{port}"])
def test_a_foreign_host_header_is_refused_even_with_the_token(server, host):
    status, _, body = request(server, "GET", "/", headers={"Host": host.format(port=server.port)})
    assert status == 403 and "refused" in body
    status, _, _ = request(server, "POST", "/api/decide", {"id": 0, "action": "accept"},
                           headers={"Host": host.format(port=server.port)})
    assert status == 403 and decisions(server.session.decisions_path.parent) == []


def test_localhost_is_a_loopback_name(server):
    assert request(server, "GET", "/", headers={"Host": f"localhost:{server.port}"})[0] == 200
    assert request(server, "GET", "/", headers={"Host": "localhost"})[0] == 200


def test_cross_origin_and_malformed_decisions_are_refused(server):
    ok = {"id": 0, "action": "accept"}
    assert request(server, "POST", "/api/decide", ok, headers={"Origin": "http://evil.example"})[0] == 403
    assert request(server, "POST", "/api/decide", ok, headers={"Sec-Fetch-Site": "cross-site"})[0] == 403
    assert request(server, "POST", "/api/decide", json.dumps(ok).encode(),
                   headers={"Content-Type": "text/plain"})[0] == 415
    assert request(server, "POST", "/api/decide", b"{not json", headers={"Content-Type": "application/json"})[0] == 400
    assert request(server, "POST", "/api/decide", b"x" * 20000, headers={"Content-Type": "application/json"})[0] == 413
    for bad in ({"id": 99, "action": "accept"}, {"id": "0", "action": "accept"}, {"id": True, "action": "accept"},
                {"id": 0, "action": "delete"}, {"id": 0, "action": "dismiss"},
                {"id": 0, "action": "dismiss", "reason": "because"}, {"id": 0, "action": "accept", "note": "x"},
                {"id": 0, "action": "accept", "path": "../../etc/passwd"}, [0, "accept"]):
        status, _, body = request(server, "POST", "/api/decide", bad)
        assert status == 400, (bad, body)
        assert json.loads(body)["error"]
    assert request(server, "GET", "/api/decide")[0] == 405
    assert request(server, "GET", "/../../etc/passwd")[0] == 404
    assert request(server, "DELETE", "/")[0] == 405
    status, _, body = request(server, "POST", "/api/decide", {"id": 0, "action": "undo"})
    assert status == 409 and "nothing to undo" in body
    assert decisions(server.session.decisions_path.parent) == []


def test_no_request_writes_anything_but_the_decisions_file(server, project):
    def tree() -> dict[str, bytes]:
        return {p.relative_to(project).as_posix(): p.read_bytes() for p in project.rglob("*") if p.is_file()}

    before = tree()
    note = "../../../outside.txt " + "x" * 900  # a note is text, cut to MAX_NOTE, never a path
    for body in ({"id": 0, "action": "dismiss", "reason": "intended", "note": note}, {"id": 1, "action": "accept"},
                 {"id": 1, "action": "undo"}, {"id": 2, "action": "open"}, {"id": -1, "action": "accept"}):
        request(server, "POST", "/api/decide", body)
    for path in ("/?token=x", "/voicecheck-decisions.yaml", "/%2e%2e/brand.yaml", "/api/decide?path=/tmp/x"):
        request(server, "GET", path)
    after = tree()
    assert set(after) - set(before) == {"voicecheck-decisions.yaml"}
    assert {k: v for k, v in after.items() if k in before} == before
    assert not (project.parent / "outside.txt").exists()
    got = decisions(project)
    assert [d["state"] for d in got] == ["dismissed", "open"]
    assert got[0]["note"] == note[:500]


def test_served_page_escapes_content_and_runs_only_its_own_script(server):
    status, headers, page = request(server, "GET", "/", token="cookie")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    csp = headers["Content-Security-Policy"]
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp and "connect-src 'self'" in csp
    assert page.count("<script") == 1 and f'<script nonce="{nonce}">' in page
    assert "alert(1)" in page and "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # the source lines, escaped
    assert '<span class="ph" title="{{ name }}">name</span>' in page  # a placeholder as a chip
    assert headers["Referrer-Policy"] == "no-referrer" and headers["X-Frame-Options"] == "DENY"
    assert headers["Cache-Control"] == "no-store"
    # a second page gets another nonce
    assert request(server, "GET", "/", token="cookie")[1]["Content-Security-Policy"] != csp


def test_decide_undo_and_cards_that_share_a_sentence(server, project):
    status, _, body = request(server, "POST", "/api/decide",
                              {"id": 0, "action": "dismiss", "reason": "legal-approved", "note": "  ok  by legal "})
    answer = json.loads(body)
    assert status == 200 and answer["ids"] == [0] and answer["state"] == "dismissed" and answer["undo"]
    assert answer["decision"] == {"state": "dismissed", "reason": "legal-approved", "note": "ok by legal", "by": "Ana",
                                  "at": answer["decision"]["at"]}
    [d] = decisions(project)
    # the same entry `voicecheck review` writes: fingerprint, the sentence as a reader reads it
    assert d["passage"] == "Dear customer, welcome aboard." and d["fingerprint"].startswith("vc1:")
    code, out, _ = cli_json(project)
    assert [f["line"] for f in out["findings"]] == [5, 6, 7]  # the dismissed one is silent in check
    # undo restores what was there before (nothing): the finding needs a decision again
    status, _, body = request(server, "POST", "/api/decide", {"id": 0, "action": "undo"})
    assert status == 200 and json.loads(body)["state"] == "needs-decision" and not json.loads(body)["undo"]
    assert decisions(project) == []
    # undo after someone else changed the decision: refused, their decision stays
    request(server, "POST", "/api/decide", {"id": 1, "action": "accept"})
    store = DecisionStore.load(project / "voicecheck-decisions.yaml")
    [mine] = store.decisions
    from dataclasses import replace

    store.record(replace(mine, state="open", by="Bo"))
    status, _, body = request(server, "POST", "/api/decide", {"id": 1, "action": "undo"})
    assert status == 409 and "changed elsewhere" in body
    assert [(d["state"], d["by"]) for d in decisions(project)] == [("open", "Bo")]


def cli_json(project: Path):
    import io
    from contextlib import redirect_stderr, redirect_stdout

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main(["check", "--format", "json"])
    return code, json.loads(out.getvalue()), err.getvalue()


def test_two_clients_deciding_at_once_lose_nothing(server, project):
    """Two clients decide different findings at the same moment, several times over."""
    n = len(server.session.items)
    assert n == 4
    start = threading.Barrier(2)
    errors: list = []

    def client(ids: list[int], action: dict) -> None:
        try:
            for i in ids:
                start.wait(timeout=10)
                status, _, body = request(server, "POST", "/api/decide", {"id": i, **action})
                assert status == 200, body
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    a = threading.Thread(target=client, args=([0, 1], {"action": "accept"}))
    b = threading.Thread(target=client, args=([2, 3], {"action": "dismiss", "reason": "intended"}))
    a.start(), b.start()
    a.join(30), b.join(30)
    assert errors == []
    assert sorted(d["state"] for d in decisions(project)) == ["accepted", "accepted", "dismissed", "dismissed"]


def test_browser_and_terminal_review_at_once_lose_nothing(server, project):
    """A terminal `review` that loaded the file before the browser wrote to it keeps the browser's decision."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    term = subprocess.Popen([sys.executable, "-m", "voicecheck", "review", "--by", "Bo"], cwd=project, env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert "[1/4]" in term.stdout.readline() + term.stdout.readline()  # it shows the first finding: file loaded
    status, _, _ = request(server, "POST", "/api/decide", {"id": 3, "action": "dismiss", "reason": "intended"})
    assert status == 200
    out, err = term.communicate("a q", timeout=60)
    assert term.returncode == 0, err
    got = {(d["passage"], d["state"], d["by"]) for d in decisions(project)}
    assert got == {("Dear customer, welcome aboard.", "accepted", "Bo"),
                   ("Hi {{ name }}, our customer desk is open.", "dismissed", "Ana")}


def test_a_broken_decisions_file_is_one_line_on_the_page_and_is_not_overwritten(server, project):
    path = project / "voicecheck-decisions.yaml"
    path.write_text("version: 1\ndecisions:\n- path: [a\n")
    status, _, body = request(server, "POST", "/api/decide", {"id": 0, "action": "accept"})
    assert status == 409 and json.loads(body)["error"].startswith(f"{path}:4: invalid YAML")
    status, _, body = request(server, "GET", "/", token="cookie")
    assert status == 500 and body.startswith(f"500: {path}:4: invalid YAML") and body.count("\n") == 1
    assert path.read_text() == "version: 1\ndecisions:\n- path: [a\n"


def test_review_web_open_starts_the_browser_on_the_printed_url_and_ctrl_c_stops(project):
    opened = project / "opened.txt"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BROWSER": f"sh -c 'echo \"$0\" > {opened}' %s"}
    proc = subprocess.Popen([sys.executable, "-m", "voicecheck", "review", "--web", "--open"], cwd=project, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = proc.stdout.readline()
    assert first.startswith("Review 4 finding(s) in your browser: http://127.0.0.1:"), first + proc.stderr.read()
    url = first.split(": ", 1)[1].strip()
    assert proc.stdout.readline() == (f"Decisions are saved to {project / 'voicecheck-decisions.yaml'} as you make "
                                      f"them. Press Ctrl-C to stop.\n")
    for _ in range(100):
        if opened.exists() and opened.read_text().strip():
            break
        time.sleep(0.1)
    assert opened.read_text().strip() == url
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0 and err == ""
    assert out.strip() == f"Stopped. 0 decision(s) made in the browser; decisions in " \
                          f"{project / 'voicecheck-decisions.yaml'}."


def test_review_web_command_usage(project, run_cli):
    code, _, err = run_cli("review", "--open")
    assert code == 2 and err == "error: --open goes with --web (voicecheck review --web --open)\n"


# ---------------------------------------------------------------- the real command in Chromium

@pytest.fixture
def demo(tmp_path):
    """The demo brand as a content repository, and `voicecheck review --web` serving it."""
    shutil.copytree(ROOT / "corpora" / "demo", tmp_path / "content")
    shutil.copy(ROOT / "vocab" / "fernway.yaml", tmp_path / "brand.yaml")
    (tmp_path / "voicecheck.yaml").write_text(
        'vocab: brand.yaml\npaths: [content]\nreview: {open-url: "vscode://file/{abspath}:{line}:{column}"}\n')
    env = {**os.environ, "PYTHONPATH": str(ROOT), "VOICECHECK_CACHE_DIR": str(tmp_path / "cache")}
    # as many findings as `check` reports on the same content
    checked = subprocess.run([sys.executable, "-m", "voicecheck", "check", "--format", "json"], cwd=tmp_path, env=env,
                             capture_output=True, text=True)
    total = len(json.loads(checked.stdout)["findings"])
    distinct = len({(f["path"], f["line"], f["code"]) for f in json.loads(checked.stdout)["findings"]})
    proc = subprocess.Popen([sys.executable, "-m", "voicecheck", "review", "--web", "--by", "Ana"], cwd=tmp_path,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in proc.stdout], daemon=True).start()
    try:
        first = lines.get(timeout=180)
    except queue.Empty:
        proc.kill()
        pytest.fail(f"review --web printed nothing: {proc.stderr.read()}")
    assert first.startswith(f"Review {total} finding(s) in your browser: http://127.0.0.1:"), first
    url = first.split(": ", 1)[1].strip()
    try:
        yield tmp_path, url, proc, lines, (total, distinct)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def _card(driver, loc: str):
    return next(c for c in driver.find_elements("css selector", "article.card")
                if c.find_element("css selector", ".loc").text == loc)


def _wait_ready(driver) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 20).until(lambda d: d.execute_script(
        "return document.documentElement.hasAttribute('data-ready')"))


def test_review_in_chromium(browser, demo):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.support.ui import WebDriverWait

    folder, url, proc, lines, (total, distinct) = demo
    port = url.split(":")[2].split("/")[0]
    driver = browser
    driver.get(url)
    _wait_ready(driver)
    assert driver.current_url == f"http://127.0.0.1:{port}/"  # the token left the address bar for a cookie
    assert driver.find_element("id", "shown").text == f"Showing {total} of {total} findings"

    # what writers read: the passage without markup, the whole phrase marked, the promise beside it
    trial = _card(driver, "content/emails/trial_ending.mjml:24:23")
    assert trial.find_element("css selector", "p.reader mark").text == "14-day free trial"
    assert "<mj-text>" not in trial.find_element("css selector", "p.reader").text
    assert "Try Fernway Plus free for 30 days." in trial.find_element("css selector", "aside.promise").text
    assert trial.find_element("css selector", ".rewrite ins").text == "30-day free trial"
    assert trial.find_element("css selector", ".card-head .state").text == "needs a decision"
    assert trial.find_element("css selector", "a.loc").get_attribute("href").startswith(
        f"vscode://file/{(folder / 'content' / 'emails' / 'trial_ending.mjml').as_posix()}:24:23")

    # dismiss one with a reason and a note
    fee = _card(driver, "content/emails/delivery_update.md:24:18")
    fee.find_element("css selector", '[data-act="dismiss"]').click()
    fee.find_element("css selector", 'input[value="legal-approved"]').click()
    fee.find_element("css selector", 'input[name="note"]').send_keys("Legal OK'd the <b>fee</b> wording")
    fee.find_element("css selector", 'form.dismiss button[type="submit"]').click()
    WebDriverWait(driver, 10).until(lambda d: fee.get_attribute("data-state") == "dismissed")
    # accept one with the keyboard: focus the card, press a
    name = _card(driver, "content/emails/delivery_update.md:43:5")
    driver.execute_script("arguments[0].focus()", name)
    ActionChains(driver).send_keys("a").perform()
    WebDriverWait(driver, 10).until(lambda d: name.get_attribute("data-state") == "accepted")
    # leave one open, then undo it: it needs a decision again
    chat = _card(driver, "content/support/macros.yaml:15:19")
    chat.find_element("css selector", '[data-act="open"]').click()
    WebDriverWait(driver, 10).until(lambda d: chat.get_attribute("data-state") == "open")
    assert chat.find_element("css selector", ".card-head .state").text == "left open"
    chat.find_element("css selector", '[data-act="undo"]').click()
    WebDriverWait(driver, 10).until(lambda d: chat.get_attribute("data-state") == "needs-decision")

    # the file holds both decisions, with the reader's sentence
    entries = yaml.safe_load((folder / "voicecheck-decisions.yaml").read_text())["decisions"]
    assert sorted((d["code"], d["state"], d.get("reason"), d.get("note"), d["by"]) for d in entries) == [
        ("VC102", "accepted", None, None, "Ana"),
        ("VC301", "dismissed", "legal-approved", "Legal OK'd the <b>fee</b> wording", "Ana")]
    assert {d["passage"] for d in entries} == {
        "A $4.99 delivery fee applies to orders under $35, so we've added it to this order.",
        "Happy growing, The FERNWAY delivery crew"}

    # reload: both states come back from the file
    driver.refresh()
    _wait_ready(driver)
    fee = _card(driver, "content/emails/delivery_update.md:24:18")
    assert fee.get_attribute("data-state") == "dismissed"
    assert fee.find_element("css selector", "p.decision").text == (
        f"REVIEW dismissed legal-approved Legal OK'd the <b>fee</b> wording by Ana on {entries[0]['at']}")
    assert _card(driver, "content/emails/delivery_update.md:43:5").get_attribute("data-state") == "accepted"
    assert _card(driver, "content/support/macros.yaml:15:19").get_attribute("data-state") == "needs-decision"
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element("css selector", 'select[data-filter="state"]')).select_by_value("needs-decision")
    assert driver.find_element("id", "shown").text == f"Showing {total - 2} of {total} findings"
    assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []

    # a request without the token, or with a foreign Host, is refused
    conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=10)
    conn.request("GET", "/")
    assert conn.getresponse().status == 403
    conn.close()
    conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=10)
    conn.request("GET", "/?" + url.split("?")[1], headers={"Host": f"attacker.example:{port}"})
    assert conn.getresponse().status == 403
    conn.close()

    # Ctrl-C stops the server; `check` afterwards is silent on the dismissed finding, not the accepted one
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=20) == 0
    rest = ""
    while True:
        try:
            rest += lines.get(timeout=2)
        except queue.Empty:
            break
    assert f"Stopped. 4 decision(s) made in the browser; decisions in {folder / 'voicecheck-decisions.yaml'}." \
        in rest
    env = {**os.environ, "PYTHONPATH": str(ROOT), "VOICECHECK_CACHE_DIR": str(folder / "cache")}
    check = subprocess.run([sys.executable, "-m", "voicecheck", "check", "--format", "json"], cwd=folder, env=env,
                           capture_output=True, text=True, timeout=300)
    found = {(f["path"], f["line"], f["code"]) for f in json.loads(check.stdout)["findings"]}
    assert check.returncode == 1 and len(found) == distinct - 1  # the dismissed finding, and only it, is silent
    assert ("content/emails/delivery_update.md", 24, "VC301") not in found
    assert ("content/emails/delivery_update.md", 43, "VC102") in found
    # the suggested rewrite is never applied by --fix
    before = (folder / "content" / "emails" / "trial_ending.mjml").read_text()
    subprocess.run([sys.executable, "-m", "voicecheck", "check", "--fix", "-q"], cwd=folder, env=env,
                   capture_output=True, text=True, timeout=300)
    after = (folder / "content" / "emails" / "trial_ending.mjml").read_text()
    assert "14-day free trial" in after and "30-day free trial" not in after
    assert after != before  # --fix did run: it fixed the term substitutions in that file
