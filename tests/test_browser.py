"""End-to-end: the dashboard in headless Chromium (Debian's chromium + chromedriver, via selenium).

Loads the list on demo-like data, filters, opens an incident, checks the highlighted
source sentence, submits a correction with the token and sees it applied.
Set CHRONICLER_SCREENSHOTS=1 to (re)write docs/screenshots/*.png.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
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
A11Y = Path(__file__).resolve().parent / "a11y"  # package.json + lock pinning axe-core (MPL-2.0), test-only


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


@pytest.fixture(scope="module")
def map_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture records plus a state-level match (Michoacán) and a town in the US."""
    import datetime as dt

    from chronicler.records import DateRef, Entity, Incident, Place
    from chronicler.store import Store
    from chronicler.version import PIPELINE_VERSION
    from tests.serve_data import fill_store

    db = str(tmp_path_factory.mktemp("map") / "map.sqlite")
    extra = [
        Incident(id="inc-michoacan-state", event_type="MOBILIZE", status="planned", grade="weak",
                 date=DateRef(start=dt.date(2026, 2, 2), end=dt.date(2026, 2, 2), precision="day"),
                 location=Place(text="Michoacán", name="Michoacán", admin1="Michoacán", country="MEX", precision="admin1",
                                latitude=19.68, longitude=-101.52),
                 actor=Entity(text="National Guard", canonical="National Guard", sector="security_forces", country="MEX"),
                 pipeline_version=PIPELINE_VERSION),
        Incident(id="inc-el-paso", event_type="ASSAULT", status="occurred", grade="fair",
                 date=DateRef(start=dt.date(2026, 2, 9), end=dt.date(2026, 2, 9), precision="day"),
                 location=Place(text="El Paso", name="El Paso", admin1="Texas", country="USA", precision="town",
                                latitude=31.76, longitude=-106.49),
                 actor=Entity(text="gunmen", canonical="unidentified gunmen", sector="armed_group"),
                 pipeline_version=PIPELINE_VERSION),
    ]
    with Store(db) as store:
        fill_store(store)
        store.replace_incidents(extra)
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


def _until(driver: Any, test: Any, timeout: float = 15) -> Any:
    """Wait for `test(driver)`; elements the page's script redraws meanwhile are simply re-read."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, ignored_exceptions=(StaleElementReferenceException,)).until(test)


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
    _until(browser, lambda d: "Ana Analyst" in d.find_element(By.ID, "corrections").text)
    assert "state prosecutors confirmed the toll" in browser.find_element(By.ID, "corrections").text
    assert "confirmed" in browser.find_element(By.ID, "grade").text
    assert "corrected by an analyst" in browser.find_element(By.ID, "grade").text


def test_map_draws_states_and_precision(server: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server + "/map")
    # The basemap comes with the page: no "loading" placeholder, states there before any script.
    names = {e.get_attribute("data-name") for e in browser.find_elements(By.CSS_SELECTOR, ".s-MEX path.state")}
    assert {"Sinaloa", "Tamaulipas", "Chihuahua", "Baja California Sur"} <= names
    assert len(names) == 32
    assert "loading" not in browser.find_element(By.ID, "map").text
    WebDriverWait(browser, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#map circle.dot"))
    # Three towns are dots; the drone-strike claim is placed only to "Mexico": a diamond, not a town.
    dots = browser.find_elements(By.CSS_SELECTOR, "#map circle.dot")
    assert sorted(d.get_attribute("data-place") for d in dots) == ["Apatzingán", "Culiacán", "Reynosa"]
    diamond = browser.find_element(By.CSS_SELECTOR, "#map rect.diamond[data-level='country']")
    assert "located to the country only" in diamond.get_attribute("aria-label")


def test_map_legend_areas_filters_and_time_range(map_server: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get(map_server + "/map")
    _until(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#legend li"))
    legend = {li.get_attribute("data-key"): li.text for li in browser.find_elements(By.CSS_SELECTOR, "#legend li")}
    assert set(legend) == {"occurred", "considered", "denied", "planned"}
    assert legend["occurred"].endswith("3")  # Culiacán, Reynosa and El Paso
    # A state-level match shades its state (hatched), it is not drawn as a town.
    shade = browser.find_element(By.CSS_SELECTOR, "#map path.area-shade[data-level='admin1']")
    assert shade.get_attribute("data-admin1") == "Michoacán" and shade.get_attribute("fill").startswith("url(#hatch-")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#map circle.dot")) == 4

    # Clicking the shaded state lists its incidents, with the precision.
    browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", shade)
    _until(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#map-panel .panel-list a"))
    panel = browser.find_element(By.ID, "map-panel").text
    assert "located to the state only" in panel and "MOBILIZE" in panel
    links = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#map-panel .panel-list a")]
    assert [u.rsplit("/", 1)[1] for u in links] == ["inc-michoacan-state"]

    # The list's filters apply: only denied claims, coloured by type.
    Select(browser.find_element(By.NAME, "status")).select_by_value("denied")
    browser.find_element(By.ID, "apply").click()
    _until(browser, lambda d: "status=denied" in d.current_url)
    _until(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#legend li"))
    assert [li.get_attribute("data-key") for li in browser.find_elements(By.CSS_SELECTOR, "#legend li")] == ["denied"]
    assert [d.get_attribute("data-place") for d in browser.find_elements(By.CSS_SELECTOR, "#map circle.dot")] == ["Apatzingán"]
    Select(browser.find_element(By.ID, "colour")).select_by_value("event_type")
    _until(browser,
        lambda d: [li.get_attribute("data-key") for li in d.find_elements(By.CSS_SELECTOR, "#legend li")] == ["ASSAULT"])

    # The time range: from March 2026 on, only the March incidents stay on the map.
    browser.get(map_server + "/map")
    _until(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#map circle.dot"))
    browser.execute_script("""
        const r = document.getElementById('range-from');
        r.value = Number(r.max);  // the last month with incidents: 2026-03
        r.dispatchEvent(new Event('input', {bubbles: true}));""")
    _until(browser, lambda d: "date_from=2026-03-01" in d.current_url)
    _until(browser,
        lambda d: sorted(c.get_attribute("data-place") for c in d.find_elements(By.CSS_SELECTOR, "#map circle.dot"))
        == ["Culiacán", "Reynosa"])
    assert browser.find_element(By.ID, "range-label").text == "2026-03 to 2026-03"
    csv_link = browser.find_element(By.CSS_SELECTOR, "a.download[data-format='csv']").get_attribute("href")
    assert "date_from=2026-03-01" in csv_link and "date_to=2026-03-31" in csv_link


def _fetch(browser: Any, url: str) -> dict[str, Any]:
    """GET `url` from inside the page (same origin, the browser's own request)."""
    result: dict[str, Any] = browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        fetch(arguments[0]).then(async (r) => {
          const buf = new Uint8Array(await r.arrayBuffer());
          done({status: r.status, type: r.headers.get('content-type'), head: Array.from(buf.slice(0, 4)),
                text: new TextDecoder().decode(buf)});
        }).catch((e) => done({status: 0, text: String(e)}));""", url)
    return result


def test_downloads_carry_the_filters_and_match_the_list(server: str, browser: Any) -> None:
    import csv
    import io
    import json

    from selenium.webdriver.common.by import By

    browser.get(server + "/?country=MEX&status=occurred")
    _wait(browser, "#incident-table")
    listed = {a.get_attribute("href").rsplit("/", 1)[1] for a in browser.find_elements(By.CSS_SELECTOR, "a.incident-link")}
    assert len(listed) == 2  # Culiacán and Reynosa (earlier tests' corrections may have renamed them)
    links = {a.get_attribute("data-format"): a.get_attribute("href")
             for a in browser.find_elements(By.CSS_SELECTOR, "a.download")}
    assert set(links) == {"csv", "geojson", "parquet", "jsonl"}
    assert all("country=MEX" in u and "status=occurred" in u and "what=incidents" in u for u in links.values())

    got = _fetch(browser, links["csv"])
    assert got["status"] == 200 and got["type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(got["text"])))
    assert {r["incident_id"] for r in rows} == listed
    assert {r["status"] for r in rows} == {"occurred"} and {r["iso3"] for r in rows} == {"MEX"}
    geo = json.loads(_fetch(browser, links["geojson"])["text"])
    assert {f["properties"]["incident_id"] for f in geo["features"]} == listed
    lines = [json.loads(line) for line in _fetch(browser, links["jsonl"])["text"].splitlines() if line.strip()]
    assert {rec["id"] for rec in lines} == listed
    assert _fetch(browser, links["parquet"])["head"] == list(b"PAR1")

    # With no status filter the list shows every status, and so does the CSV behind its link
    # (exports alone default to what happened).
    browser.get(server + "/?country=MEX")
    _wait(browser, "#incident-table")
    every = {a.get_attribute("href").rsplit("/", 1)[1] for a in browser.find_elements(By.CSS_SELECTOR, "a.incident-link")}
    href = browser.find_element(By.CSS_SELECTOR, "a.download[data-format='csv']").get_attribute("href")
    rows = list(csv.DictReader(io.StringIO(_fetch(browser, href)["text"])))
    assert {r["incident_id"] for r in rows} == every and len(every) == 4
    assert {r["status"] for r in rows} == {"occurred", "considered", "denied"}

    # The claims list downloads claims, with its own filters.
    browser.get(server + "/events?status=denied")
    _wait(browser, "#event-table")
    n_listed = len(browser.find_elements(By.CSS_SELECTOR, "#event-table tbody tr"))
    href = browser.find_element(By.CSS_SELECTOR, "a.download[data-format='csv']").get_attribute("href")
    assert "what=events" in href and "status=denied" in href
    claims = list(csv.DictReader(io.StringIO(_fetch(browser, href)["text"])))
    assert len(claims) == n_listed == 1 and claims[0]["status"] == "denied"


def test_charts_follow_the_filters(server: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    browser.get(server + "/charts")
    _wait(browser, "#fatalities svg")
    assert browser.find_element(By.ID, "killed-total").text == "4 (estimates 4–5)"
    assert browser.find_elements(By.CSS_SELECTOR, "#fatalities polygon.band")
    states = [li.text.split("\n")[0] for li in browser.find_elements(By.CSS_SELECTOR, "#by-state li")]
    assert {"Sinaloa, MEX", "Tamaulipas, MEX"} <= set(states)
    matrix = browser.find_element(By.CSS_SELECTOR, "#interactions table.matrix").text
    assert "armed group" in matrix and "police" in matrix

    browser.find_element(By.NAME, "admin1").send_keys("Tamaulipas")
    browser.find_element(By.ID, "apply").click()
    _wait(browser, ".chips")
    assert "admin1=Tamaulipas" in browser.current_url
    assert browser.find_element(By.ID, "killed-total").text == "0 (estimates 0–0)"
    assert [li.text.split("\n")[0] for li in browser.find_elements(By.CSS_SELECTOR, "#by-state li")] == ["Tamaulipas, MEX"]
    actors = browser.find_element(By.ID, "top-actors").text
    assert "Mexican Navy" in actors and "unidentified gunmen" not in actors


def test_html_error_pages_for_people(server: str, browser: Any) -> None:
    import json

    from selenium.webdriver.common.by import By

    browser.get(server + "/incidents/inc-nope")
    page = _wait(browser, "#error").text
    assert "Not found" in page and "no incident with id inc-nope" in page
    assert "merged" in browser.find_element(By.ID, "advice").text
    assert "chronicler incidents" not in page and "--help" not in page
    _shot(browser, "error")
    browser.find_element(By.LINK_TEXT, "the incident list").click()
    _wait(browser, "#incident-table")

    browser.get(server + "/?country=MEX&date_from=2026-99-99")
    assert "use YYYY-MM-DD" in _wait(browser, "#error").text
    assert "--help" not in browser.find_element(By.ID, "error").text
    browser.find_element(By.PARTIAL_LINK_TEXT, "without date_from").click()
    _wait(browser, "#incident-table")
    assert browser.current_url.endswith("/?country=MEX")

    # The JSON API keeps its coded JSON errors.
    got = _fetch(browser, server + "/api/incidents/inc-nope")
    assert got["status"] == 404 and json.loads(got["text"])["error"]["code"] == "E402"


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
    from selenium.webdriver.support.ui import Select

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
    _until(browser, lambda d: "Demo Analyst" in d.find_element(By.ID, "corrections").text)
    assert new_grade in browser.find_element(By.ID, "grade").text


def test_demo_map_and_article(demo_server: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(demo_server + "/map")
    WebDriverWait(browser, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#map circle.dot"))
    assert len(browser.find_elements(By.CSS_SELECTOR, ".s-MEX path.state")) == 32
    # Whatever the demo holds, every located group is a dot, a shaded state or a diamond.
    layers = browser.execute_script("return JSON.parse(document.getElementById('layers-data').textContent)")
    shown = browser.find_elements(By.CSS_SELECTOR, "#map .markers > *, #map .areas > *")
    assert len(shown) == len(layers["points"]) + len([a for a in layers["areas"] if a["lat"] is not None
                                                      or a["level"] == "admin1"])
    # Zoom in once on central Mexico with the toolbar, as an analyst would, for the screenshot.
    browser.find_element(By.CSS_SELECTOR, "[data-zoom='in']").click()
    _shot(browser, "map")

    browser.get(demo_server + "/charts")
    _wait(browser, "#fatalities svg")
    assert browser.find_elements(By.CSS_SELECTOR, "#by-state li") and browser.find_elements(By.CSS_SELECTOR, "#top-actors li")
    _shot(browser, "charts")

    browser.get(demo_server + "/?sort=sources")
    _wait(browser, "a.incident-link").click()
    _wait(browser, "a.article-link").click()
    text = _wait(browser, "#article-text")
    assert text.find_elements(By.CSS_SELECTOR, "mark.hl-trigger")
    _shot(browser, "article")


def test_move_a_claim_out_of_an_incident(server: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

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
    _until(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, "blockquote.evidence")) == 1)
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


# --- accessibility: axe-core in Chromium, and the keyboard ------------------------------


@pytest.fixture(scope="module")
def axe_source() -> str:
    """axe-core's script, installed from the npm registry at the version tests/a11y pins."""
    script = A11Y / "node_modules" / "axe-core" / "axe.min.js"
    if not script.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("the accessibility test needs npm to install axe-core (apt-get install npm)")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--prefix", str(A11Y)], check=True, timeout=300,
                       capture_output=True)
    return script.read_text(encoding="utf-8")


def _axe(browser: Any, source: str) -> list[dict[str, Any]]:
    browser.execute_script(source)
    violations: list[dict[str, Any]] = browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
          .then((r) => done(r.violations.map((v) => ({id: v.id, impact: v.impact,
                 nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ': ' + n.failureSummary)}))))
          .catch((e) => done([{id: 'axe-error', impact: 'critical', nodes: [String(e)]}]));""")
    return violations


@pytest.mark.parametrize("path", ["/", "/events", "/map", "/charts", "/docs", "/incidents/inc-drone", "/incidents/nope"])
def test_pages_pass_axe_wcag_aa(server: str, browser: Any, axe_source: str, path: str) -> None:
    browser.get(server + path)
    _wait(browser, "main")
    if path == "/map":
        from selenium.webdriver.support.ui import WebDriverWait

        WebDriverWait(browser, 15).until(lambda d: d.find_elements("css selector", "#legend li"))
    violations = _axe(browser, axe_source)
    assert violations == [], violations


def test_keyboard_reaches_content_downloads_and_map_markers(server: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server + "/")
    _wait(browser, "#incident-table")
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    active = browser.switch_to.active_element
    assert active.get_attribute("class") == "skip"
    assert active.value_of_css_property("outline-style") != "none"  # the focus ring shows
    active.send_keys(Keys.ENTER)
    assert browser.switch_to.active_element.get_attribute("id") == "main"

    def tab_until(test: Any, limit: int = 150) -> Any:
        for _ in range(limit):
            browser.switch_to.active_element.send_keys(Keys.TAB)
            el = browser.switch_to.active_element
            if test(el):
                return el
        pytest.fail("Tab never reached the element")

    link = tab_until(lambda el: "download" in (el.get_attribute("class") or ""))
    assert link.get_attribute("data-format") == "csv"

    browser.get(server + "/map")
    WebDriverWait(browser, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#map circle.dot"))
    marker = tab_until(lambda el: el.get_attribute("role") == "button" and el.get_attribute("data-level") is not None)
    marker.send_keys(Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#map-panel .panel-list a"))
    assert "located to" in browser.find_element(By.ID, "map-panel").text
