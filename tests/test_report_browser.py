"""The review report in a real browser: Debian's Chromium + chromedriver, driven
with Selenium. Builds the report of the demo brand (full run, promise checks
included), loads it from file://, and checks the console, the filters, the
keyboard and print layout. Skipped when Chromium is missing, except under CI
(env var CI set), where that is a failure."""
from __future__ import annotations

import os

import pytest

from voicecheck.cli import main

from .conftest import ROOT

#: The demo's VC301 findings in emails (channel=email, rule=VC301), in page order.
EMAIL_CONTRADICTIONS = [
    "corpora/demo/emails/delivery_update.md:24:18",
    "corpora/demo/emails/trial_ending.mjml:24:23",
    "corpora/demo/emails/welcome.html:41:47",
]


@pytest.fixture(scope="module")
def report_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    old_cwd, old_cache = os.getcwd(), os.environ.get("VOICECHECK_CACHE_DIR")
    os.environ["VOICECHECK_CACHE_DIR"] = str(folder / "cache")
    os.chdir(ROOT)
    try:
        code = main(["report", "corpora/demo", "--vocab", "vocab/fernway.yaml", "-o", str(folder / "report.html")])
    finally:
        os.chdir(old_cwd)
        if old_cache is None:
            os.environ.pop("VOICECHECK_CACHE_DIR", None)
        else:
            os.environ["VOICECHECK_CACHE_DIR"] = old_cache
    assert code == 0
    return folder / "report.html"


def _visible(driver) -> list[str]:
    return [el.find_element("css selector", ".loc").text
            for el in driver.find_elements("css selector", "article.card") if el.is_displayed()]


def _select(driver, name: str, value: str) -> None:
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element("css selector", f'select[data-filter="{name}"]')).select_by_value(value)


def test_report_in_chromium(browser, report_file, tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser
    driver.get(report_file.as_uri())
    WebDriverWait(driver, 10).until(lambda d: d.execute_script(
        "return document.documentElement.hasAttribute('data-ready')"))

    cards = [(el.find_element("css selector", ".loc").text, el.get_attribute("data-channel"),
              el.get_attribute("data-rule")) for el in driver.find_elements("css selector", "article.card")]
    assert _visible(driver) == [loc for loc, _, _ in cards] and len(cards) >= 29
    assert driver.find_element("id", "shown").text == f"Showing {len(cards)} of {len(cards)} findings"
    # the server-rendered attributes say which cards each filter must leave
    emails = [loc for loc, channel, _ in cards if channel == "email"]
    assert emails == [loc for loc, _, _ in cards if loc.startswith("corpora/demo/emails/")] and len(emails) >= 10
    assert [loc for loc, channel, rule in cards if (channel, rule) == ("email", "VC301")] == EMAIL_CONTRADICTIONS

    _select(driver, "channel", "email")
    assert _visible(driver) == emails
    rule_options = {o.get_attribute("value"): o.text for o in
                    driver.find_elements("css selector", 'select[data-filter="rule"] option')}
    assert rule_options["VC301"] == "VC301 promise-contradiction (3)"  # live count within channel=email
    _select(driver, "rule", "VC301")
    assert _visible(driver) == EMAIL_CONTRADICTIONS
    assert driver.find_element("id", "shown").text == f"Showing 3 of {len(cards)} findings"
    first = driver.find_element("css selector", "article.card:not([hidden])")
    assert "Delivery is free on every order, on every plan." in first.text
    assert first.find_element("css selector", "mark").text == "fee"

    # keyboard: j/k move between visible cards, / goes to the filters, ? shows the help
    keys = ActionChains(driver)
    driver.find_element("tag name", "h1").click()
    keys.send_keys("j").perform()
    assert driver.switch_to.active_element.get_attribute("id") == first.get_attribute("id")
    keys.send_keys("j").send_keys("j").send_keys("j").perform()  # stops at the last visible card
    last = driver.switch_to.active_element
    assert last.find_element("css selector", ".loc").text == EMAIL_CONTRADICTIONS[-1]
    assert driver.execute_script("return getComputedStyle(arguments[0]).outlineStyle", last) == "solid"
    keys.send_keys(Keys.ARROW_UP).perform()
    assert driver.switch_to.active_element.find_element("css selector", ".loc").text == EMAIL_CONTRADICTIONS[1]
    keys.send_keys("/").perform()
    assert driver.switch_to.active_element.get_attribute("data-filter") == "channel"
    keys.send_keys(Keys.ESCAPE).perform()
    assert not driver.find_element("id", "help").is_displayed()
    keys.send_keys("?").perform()
    assert driver.find_element("id", "help").is_displayed()
    keys.send_keys(Keys.ESCAPE).perform()
    assert not driver.find_element("id", "help").is_displayed()

    # a location link in the coverage table opens its card, even one the filters hide
    links = driver.find_elements("css selector", '#coverage a[href^="#f-"]')
    target_id = next(a.get_attribute("href").split("#")[1] for a in links
                     if driver.find_element("id", a.get_attribute("href").split("#")[1]).get_attribute("hidden"))
    link = next(a for a in links if a.get_attribute("href").endswith(f"#{target_id}"))
    driver.execute_script("arguments[0].closest('details').open = true; arguments[0].scrollIntoView();", link)
    link.click()
    target = driver.find_element("id", target_id)
    assert target.is_displayed() and driver.switch_to.active_element.get_attribute("id") == target_id
    assert driver.find_element("id", "shown").text == f"Showing {len(cards)} of {len(cards)} findings"

    shot = tmp_path / "report.png"
    assert driver.save_screenshot(str(shot)) and shot.stat().st_size > 10_000

    # print: every card shown (the filters don't apply on paper), no controls
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert len(_visible(driver)) == len(cards)
    assert not driver.find_element("id", "filters").is_displayed()
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})

    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


def test_empty_report_in_chromium(browser, tmp_path, monkeypatch):
    from selenium.webdriver.common.action_chains import ActionChains

    (tmp_path / "emails").mkdir()
    (tmp_path / "emails" / "ok.md").write_text("All good here.\n", encoding="utf-8")
    (tmp_path / "brand.yaml").write_text("terms:\n  - use: delivery window\n    instead_of: [delivery slot]\n",
                                         encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["report", "emails", "--vocab", "brand.yaml", "--isolated", "-o", "r.html"]) == 0
    browser.get((tmp_path / "r.html").as_uri())
    assert browser.execute_script("return document.documentElement.hasAttribute('data-ready')")
    assert browser.find_elements("css selector", "article.card") == []
    assert "No findings" in browser.find_element("id", "findings").text
    ActionChains(browser).send_keys("j").send_keys("/").send_keys("?").perform()
    assert browser.find_element("id", "help").is_displayed()
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


def test_hostile_report_runs_no_content_script(browser, tmp_path, monkeypatch):
    """A passage holding markup and script shows as text and runs nothing."""
    (tmp_path / "emails").mkdir()
    (tmp_path / "emails" / "x.md").write_text(
        "<img src=x onerror=\"document.title='pwned'\">\n"
        "Pick a delivery slot <script>document.title='pwned'</script>\n", encoding="utf-8")
    (tmp_path / "brand.yaml").write_text("terms:\n  - use: delivery window\n    instead_of: [delivery slot]\n",
                                         encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["report", "emails", "--vocab", "brand.yaml", "--isolated", "-o", "r.html"]) == 0
    browser.get((tmp_path / "r.html").as_uri())
    assert browser.execute_script("return document.documentElement.hasAttribute('data-ready')")
    assert "pwned" not in browser.title
    assert "delivery slot" in browser.find_element("css selector", "p.reader").text
    browser.find_element("css selector", "details.source summary").click()  # the source lines, markup dimmed
    passage = browser.find_element("css selector", "pre.passage").text
    assert "<script>document.title='pwned'</script>" in passage
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
