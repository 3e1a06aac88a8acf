"""End-to-end: the dashboard in headless Chromium (Debian's chromium + chromedriver, via selenium).

Loads the list on demo-like data, filters, opens an incident, checks the highlighted
source sentence, submits a correction with the token and sees it applied.
Set CHRONICLER_SCREENSHOTS=1 to (re)write docs/screenshots/*.png.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
TOKEN = "browser-test-token"
SHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Invented records with every span set (tests/serve_data.py): exact assertions."""
    from chronicler.store import Store
    from tests.serve_data import fill_store

    db = str(tmp_path_factory.mktemp("browser") / "fixture.sqlite")
    with Store(db) as store:
        fill_store(store)
    yield from _serve(db)


def _serve(db: str) -> Iterator[str]:
    import uvicorn

    from chronicler.serve.app import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(db, token=TOKEN), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real pipeline on the bundled sample stories (`chronicler demo`)."""
    from typer.testing import CliRunner

    from chronicler.cli import app

    db = str(tmp_path_factory.mktemp("demo") / "demo.sqlite")
    result = CliRunner().invoke(app, ["demo", "--db", db])
    assert result.exit_code == 0, result.output
    yield from _serve(db)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.fail("browser tests need Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--window-size=1400,1000",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def _wait(driver: Any, css: str, timeout: float = 10) -> Any:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(ec.presence_of_element_located((By.CSS_SELECTOR, css)))


def _shot(driver: Any, name: str) -> None:
    if os.environ.get("CHRONICLER_SCREENSHOTS") == "1":
        SHOTS.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(SHOTS / f"{name}.png"))


def test_list_filter_and_timeline(server: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get(server + "/")
    _wait(browser, "#incident-table")
    assert browser.find_element(By.ID, "total-count").text == "4"
    bars = browser.find_elements(By.CSS_SELECTOR, "#timeline rect.bar")
    assert bars, "the timeline chart drew no bars"
    facet_text = browser.find_element(By.CSS_SELECTOR, "ul[data-facet='grade']").text
    assert "confirmed" in facet_text and "fair" in facet_text

    Select(browser.find_element(By.NAME, "event_type")).select_by_value("ASSAULT")
    browser.find_element(By.ID, "apply").click()
    _wait(browser, ".chip")
    assert browser.find_element(By.ID, "total-count").text == "3"
    # A facet link narrows further: the state facet counts reflect the type filter.
    browser.find_element(By.LINK_TEXT, "Sinaloa").click()
    _wait(browser, ".chip")
    assert browser.find_element(By.ID, "total-count").text == "1"
    assert "admin1=Sinaloa" in browser.current_url


def test_incident_page_highlights_source_sentence(server: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    browser.get(server + "/?event_type=ASSAULT&status=considered")
    _wait(browser, "a.incident-link").click()
    _wait(browser, "blockquote.evidence")
    assert "/incidents/inc-drone" in browser.current_url
    evidence = browser.find_element(By.CSS_SELECTOR, "blockquote.evidence")
    assert evidence.find_element(By.CSS_SELECTOR, "mark.hl-trigger").text == "drone strikes"
    assert evidence.find_element(By.CSS_SELECTOR, "mark.hl-actor").text == "US officials"
    assert evidence.find_element(By.CSS_SELECTOR, "mark.hl-source").text == "at least six sources with knowledge of the matter"
    assert evidence.find_element(By.CSS_SELECTOR, "mark.hl-place").text == "Mexico"
    chain = browser.find_element(By.CSS_SELECTOR, ".chain").text
    assert chain.startswith("The Independent ← NBC News ← at least six")


def test_correction_with_token_is_applied(server: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    browser.get(server + "/incidents/inc-culiacan")
    _wait(browser, "#correct-details summary").click()
    Select(browser.find_element(By.ID, "c-action")).select_by_value("edit")
    Select(browser.find_element(By.ID, "c-field")).select_by_value("grade")
    browser.find_element(By.ID, "c-value").send_keys("confirmed")
    browser.find_element(By.ID, "c-author").send_keys("Ana Analyst")
    browser.find_element(By.ID, "c-note").send_keys("state prosecutors confirmed the toll")

    browser.find_element(By.ID, "c-token").send_keys("wrong-token")
    browser.find_element(By.ID, "c-submit").click()
    WebDriverWait(browser, 10).until(lambda d: "refused" in d.find_element(By.ID, "c-result").text)
    assert "401" in browser.find_element(By.ID, "c-result").text

    token = browser.find_element(By.ID, "c-token")
    token.clear()
    token.send_keys(TOKEN)
    browser.find_element(By.ID, "c-submit").click()
    # The incident engine re-merges on a correction (the id may change): the page follows
    # the incident, lists the correction and shows the analyst's grade.
    WebDriverWait(browser, 10).until(lambda d: "Ana Analyst" in d.find_element(By.ID, "corrections").text)
    assert "state prosecutors confirmed the toll" in browser.find_element(By.ID, "corrections").text
    assert "confirmed" in browser.find_element(By.ID, "grade").text
    assert "corrected by an analyst" in browser.find_element(By.ID, "grade").text


def test_map_draws_states_and_dots(server: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server + "/map")
    WebDriverWait(browser, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#map circle.dot"))
    names = {e.get_attribute("data-name") for e in browser.find_elements(By.CSS_SELECTOR, ".s-MEX path.state")}
    assert {"Sinaloa", "Tamaulipas", "Chihuahua", "Baja California Sur"} <= names
    assert len(names) == 32
    assert len(browser.find_elements(By.CSS_SELECTOR, "#map circle.dot")) == 4


def test_article_page_marks_event_spans(server: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    browser.get(server + "/?q=marines")
    _wait(browser, "a.incident-link").click()
    _wait(browser, "a.article-link").click()
    _wait(browser, "#article-text")
    text = browser.find_element(By.ID, "article-text")
    assert text.find_element(By.CSS_SELECTOR, "mark.hl-trigger").text == "arrested"
    assert text.find_element(By.CSS_SELECTOR, "mark.hl-toll").text == "12"


# --- the demo data: whatever the pipeline extracts from the bundled sample stories --------


def test_demo_dashboard_filter_open_incident_and_correct(demo_server: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    browser.get(demo_server + "/")
    _wait(browser, "#incident-table")
    total = int(browser.find_element(By.ID, "total-count").text)
    assert total > 0 and browser.find_elements(By.CSS_SELECTOR, "#timeline rect.bar")
    _shot(browser, "list")

    # Filter to claims that are not facts: considered or planned strikes, troops, sanctions.
    Select(browser.find_element(By.NAME, "status")).select_by_value("considered")
    Select(browser.find_element(By.NAME, "sort")).select_by_value("sources")
    browser.find_element(By.ID, "apply").click()
    _wait(browser, ".chip")
    narrowed = int(browser.find_element(By.ID, "total-count").text)
    assert 0 < narrowed < total
    statuses = {e.text for e in browser.find_elements(By.CSS_SELECTOR, "#incident-table td:nth-child(3)")}
    assert statuses == {"considered"}

    browser.find_element(By.CSS_SELECTOR, "a.incident-link").click()
    evidence = _wait(browser, "blockquote.evidence")
    trigger = evidence.find_element(By.CSS_SELECTOR, "mark.hl-trigger").text
    assert trigger and trigger in evidence.text
    assert "considered" in browser.find_element(By.ID, "status").text
    _shot(browser, "incident")

    # Correct it with the token and see the analyst's grade on the page.
    old_grade = browser.find_element(By.ID, "grade").text.split()[0]
    new_grade = "discounted" if old_grade != "discounted" else "weak"
    browser.find_element(By.CSS_SELECTOR, "#correct-details summary").click()
    Select(browser.find_element(By.ID, "c-field")).select_by_value("grade")
    browser.find_element(By.ID, "c-value").send_keys(new_grade)
    browser.find_element(By.ID, "c-author").send_keys("Demo Analyst")
    browser.find_element(By.ID, "c-token").send_keys(TOKEN)
    browser.find_element(By.ID, "c-submit").click()
    WebDriverWait(browser, 10).until(lambda d: "Demo Analyst" in d.find_element(By.ID, "corrections").text)
    assert new_grade in browser.find_element(By.ID, "grade").text


def test_demo_map_and_article(demo_server: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(demo_server + "/map")
    WebDriverWait(browser, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#map circle.dot"))
    assert len(browser.find_elements(By.CSS_SELECTOR, ".s-MEX path.state")) == 32
    _shot(browser, "map")

    browser.get(demo_server + "/?sort=sources")
    _wait(browser, "a.incident-link").click()
    _wait(browser, "a.article-link").click()
    text = _wait(browser, "#article-text")
    assert text.find_elements(By.CSS_SELECTOR, "mark.hl-trigger")
    _shot(browser, "article")


def test_move_a_claim_out_of_an_incident(server: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    browser.get(server + "/?admin1=Sinaloa")
    _wait(browser, "a.incident-link").click()
    _wait(browser, "blockquote.evidence")
    assert len(browser.find_elements(By.CSS_SELECTOR, "blockquote.evidence")) == 2
    relay_claim = browser.find_elements(By.CSS_SELECTOR, "a.correct-claim")[1]
    relay_claim.click()
    assert browser.find_element(By.ID, "correct-details").get_attribute("open") is not None
    Select(browser.find_element(By.ID, "c-action")).select_by_value("split")
    browser.find_element(By.ID, "c-author").send_keys("Ana Analyst")
    token = browser.find_element(By.ID, "c-token")
    token.clear()
    token.send_keys(TOKEN)
    browser.find_element(By.ID, "c-submit").click()
    WebDriverWait(browser, 10).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "blockquote.evidence")) == 1)
    browser.get(server + "/?admin1=Sinaloa")
    assert _wait(browser, "#total-count").text == "2"


def test_claims_page_filters(server: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get(server + "/events")
    _wait(browser, "#event-table")
    assert browser.find_element(By.ID, "total-count").text == "5"
    Select(browser.find_element(By.NAME, "status")).select_by_value("denied")
    browser.find_element(By.ID, "apply").click()
    _wait(browser, "#event-table")
    assert "/events?status=denied" in browser.current_url
    assert browser.find_element(By.ID, "total-count").text == "1"
