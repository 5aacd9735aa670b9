"""The review report over the real corpus, rendered in headless Chromium.

For each product folder of the corpus, a full run (vocabulary + promises) in
this process (models load once), the report data and the HTML page written to
a work folder; then each page is loaded from file:// in Debian's Chromium
(Selenium + chromedriver, nothing downloaded), ``RUNS`` times. Reported per
product: findings, coverage rows, drift groups, HTML size, the time from
navigation start until the page's script marked it ready (``data-ready``,
which holds ``performance.now()`` at that moment) and until the load event,
median of the runs, and the browser console's errors. The bar: no console
error anywhere, and the product with the largest page ready within
``MAX_READY_MS``.

Then the browser review (``voicecheck review --web``) of that largest product:
its server started in this process on 127.0.0.1 (decisions written to a file in
the work folder, never in the corpus), the token URL loaded ``RUNS`` times
(the redirect that swaps the token for a cookie and the server's rendering
included in the time), and one decision made in the page and undone, timed from
the click until the card shows the saved state. Same bar: ready within
``MAX_READY_MS``, no console error.
"""
from __future__ import annotations

import os
import statistics
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
RUNS = 3
MAX_READY_MS = 2000


class BenchError(Exception):
    """The benchmark can't run (no browser, no corpus)."""


@dataclass
class Row:
    product: str
    files: int = 0
    findings: int = 0
    coverage_rows: int = 0
    drift_groups: int = 0
    html_bytes: int = 0
    check_s: float = 0.0  # the run and the rendering in Python (models already loaded after the first)
    ready_ms: float = 0.0  # median: navigation start → the page's script done
    load_ms: float = 0.0  # median: navigation start → load event end
    console_errors: list[str] = field(default_factory=list)


def chromium(width: int = 1366, height: int = 900):
    """A headless Chromium driven by the system chromedriver, with the browser
    console log enabled. Raises BenchError when either is missing."""
    for exe in (CHROMIUM, CHROMEDRIVER):
        if not os.access(exe, os.X_OK):
            raise BenchError(f"{exe} not found (apt-get install chromium chromium-driver)")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        raise BenchError("selenium is not installed (pip install -e '.[dev]')") from None
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--window-size={width},{height}", "--no-first-run", "--disable-extensions"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=opts)
    driver.set_page_load_timeout(60)
    return driver


def console_errors(driver) -> list[str]:
    """SEVERE entries of the browser console since the last call."""
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


@dataclass
class WebRow:
    product: str
    findings: int = 0
    html_bytes: int = 0
    render_ms: float = 0.0  # median: the server building the page (report data + templates), in Python
    ready_ms: float = 0.0  # median: navigation start (token URL, redirect included) → the page's script done
    load_ms: float = 0.0
    decide_ms: float = 0.0  # click on Accept → the card shows the saved state (file written)
    console_errors: list[str] = field(default_factory=list)


def _build(corpus: Path, product: str, vocab: Path, out: Path, runs: dict | None = None) -> Row:
    from voicecheck import cli, report_data
    from voicecheck.reporters import html

    start = time.perf_counter()
    prep = cli.prepare([product], [str(vocab)], None, True)
    result = cli.run_checks(prep)
    data = report_data.build(prep, result, None, paths=[product])
    page = html.render(data)
    out.write_text(page, encoding="utf-8")
    if runs is not None:
        runs[product] = (prep, result)
    return Row(product, files=result.report.files, findings=len(data["findings"]),
               coverage_rows=len(data["coverage"]), drift_groups=len(data["drift"]),
               html_bytes=len(page.encode("utf-8")), check_s=round(time.perf_counter() - start, 2))


def _load(driver, page: Path | str) -> tuple[float, float]:
    """(ready ms, load ms) of one navigation to ``page`` (a file, or a URL)."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get("about:blank")
    driver.get(page.as_uri() if isinstance(page, Path) else page)
    WebDriverWait(driver, 30).until(lambda d: d.execute_script(
        "return document.documentElement.getAttribute('data-ready') !== null && document.readyState === 'complete'"))
    ready = float(driver.execute_script("return document.documentElement.getAttribute('data-ready')"))
    load = float(driver.execute_script(
        "var n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd - n.startTime;"))
    return ready, load


def run(corpus: Path, vocab: Path, workdir: Path | None = None) -> dict:
    if not corpus.is_dir():
        raise BenchError(f"{corpus}: no such folder")
    products = sorted(p.name for p in corpus.iterdir() if p.is_dir() and not p.name.startswith("."))
    folder = workdir or Path(tempfile.mkdtemp(prefix="voicecheck-report-render-"))
    folder.mkdir(parents=True, exist_ok=True)
    vocab = vocab.absolute()
    cwd = os.getcwd()
    os.chdir(corpus)
    runs: dict = {}
    try:
        rows = [_build(corpus, name, vocab, folder / f"{name}.html", runs) for name in products]
    finally:
        os.chdir(cwd)
    largest = max(rows, key=lambda r: r.html_bytes)
    driver = chromium()
    try:
        console_errors(driver)
        for row in rows:
            times = [_load(driver, folder / f"{row.product}.html") for _ in range(RUNS)]
            row.ready_ms = round(statistics.median(t[0] for t in times))
            row.load_ms = round(statistics.median(t[1] for t in times))
            row.console_errors = console_errors(driver)
        os.chdir(corpus)
        try:
            web = _web(driver, largest.product, *runs[largest.product], folder)
        finally:
            os.chdir(cwd)
    finally:
        driver.quit()
    failures = [f"{r.product}: {len(r.console_errors)} console error(s): {r.console_errors[0]}"
                for r in [*rows, web] if r.console_errors]
    if largest.ready_ms > MAX_READY_MS:
        failures.append(f"{largest.product} (largest page) ready in {largest.ready_ms:g} ms > {MAX_READY_MS} ms")
    if web.ready_ms > MAX_READY_MS:
        failures.append(f"{web.product} browser review ready in {web.ready_ms:g} ms > {MAX_READY_MS} ms")
    return {"rows": [asdict(r) for r in rows], "largest": largest.product, "web": asdict(web),
            "workdir": str(folder), "failures": failures,
            "text": table(rows, largest.product) + "\n\n" + web_table(web)}


#: Clicks Accept on the first card and calls back with the ms until the card shows the saved state.
_DECIDE = """
var done = arguments[arguments.length - 1];
var card = document.querySelector("article.card");
var t0 = performance.now();
card.querySelector('[data-act="accept"]').click();
(function wait() {
  if (card.getAttribute("data-state") === "accepted") { done(performance.now() - t0); }
  else if (performance.now() - t0 > 10000) { done(-1); }
  else { setTimeout(wait, 2); }
}());
"""


def _web(driver, product: str, prep, result, folder: Path) -> WebRow:
    """The browser review of one product: page ready, and one decision made and undone."""
    from voicecheck import review_server

    (folder / f"{product}-decisions.yaml").unlink(missing_ok=True)  # a kept work folder: start with no decision
    session = review_server.ReviewSession(prep, result, folder / f"{product}-decisions.yaml", by="bench",
                                          paths=[product])
    server = review_server.Server(session)
    server.start()
    try:
        renders = []
        for _ in range(RUNS):
            start = time.perf_counter()
            page = session.page("bench")
            renders.append((time.perf_counter() - start) * 1000)
        times = [_load(driver, server.url) for _ in range(RUNS)]
        row = WebRow(product, findings=len(result.report.findings), html_bytes=len(page.encode("utf-8")),
                     render_ms=round(statistics.median(renders)),
                     ready_ms=round(statistics.median(t[0] for t in times)),
                     load_ms=round(statistics.median(t[1] for t in times)))
        driver.set_script_timeout(20)
        row.decide_ms = round(float(driver.execute_async_script(_DECIDE)))
        driver.execute_script('document.querySelector(\'article.card [data-act="undo"]\').click();')
        row.console_errors = console_errors(driver)
    finally:
        server.shutdown()
        server.server_close()
    return row


def web_table(web: WebRow) -> str:
    return "\n".join([
        "| browser review (`review --web`) | findings | HTML size | server render | ready | load event "
        "| decision saved | console errors |", "|---|---:|---:|---:|---:|---:|---:|---:|",
        f"| **{web.product}** (largest) | {web.findings} | {web.html_bytes / 1024:,.0f} KB | {web.render_ms:,.0f} ms "
        f"| {web.ready_ms:,.0f} ms | {web.load_ms:,.0f} ms | {web.decide_ms:,.0f} ms | {len(web.console_errors)} |"])


def table(rows: list[Row], largest: str) -> str:
    lines = ["| product | files | findings | coverage rows | drift groups | HTML size | ready | load event "
             "| console errors |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        name = f"**{r.product}** (largest)" if r.product == largest else r.product
        lines.append(f"| {name} | {r.files} | {r.findings} | {r.coverage_rows} | {r.drift_groups} | "
                     f"{r.html_bytes / 1024:,.0f} KB | {r.ready_ms:,.0f} ms | {r.load_ms:,.0f} ms | "
                     f"{len(r.console_errors)} |")
    return "\n".join(lines)
