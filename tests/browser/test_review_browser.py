"""A reviewer's day in a real browser: log in, filter, open, see the evidence, confirm; a stale update;
an agency officer's narrow view; logging out."""

from collections.abc import Callable

from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from tests.alerting.review_world import PASSWORD, REGION_A, World
from tests.browser.conftest import ARTEFACTS
from tests.factories import flagged

Start = Callable[[], WebDriver]


def _shot(driver: WebDriver, name: str) -> None:
    """Keep a screenshot of the whole page (up to 2,400 px tall) as a test artefact."""
    height = min(int(driver.execute_script("return document.documentElement.scrollHeight")), 2400)
    driver.set_window_size(1400, max(height + 120, 700))
    driver.save_screenshot(str(ARTEFACTS / name))
    driver.set_window_size(1400, 1000)


def _login(driver: WebDriver, url: str, username: str) -> None:
    driver.get(f"{url}/login")
    driver.find_element(By.NAME, "username").send_keys(username)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.find_element(By.ID, "login").click()
    assert driver.find_elements(By.ID, "filters"), driver.page_source[:500]


def test_reviewer_filters_opens_sees_evidence_and_confirms(served: tuple[World, str], browser_factory: Start) -> None:
    world, url = served
    driver = browser_factory()
    _login(driver, url, "rev-a")
    assert "Antrean" in driver.title and "Kabupaten Beta" not in driver.page_source
    driver.find_element(By.NAME, "text").send_keys("coblos nomor")
    driver.find_element(By.ID, "filter").click()
    WebDriverWait(driver, 20).until(lambda d: "text=coblos+nomor" in d.current_url)  # navigated
    assert "kasus cocok" in driver.find_element(By.ID, "counts").text
    _shot(driver, "review-queue.png")
    driver.find_element(By.CSS_SELECTOR, 'tr[data-case="/cases/x%3A101"] a').click()
    marks = driver.find_elements(By.CSS_SELECTOR, "#post mark")
    assert [m.text for m in marks] == ["coblos nomor 1"] and "ballot-number-call" in marks[0].get_attribute("title")
    driver.find_element(By.ID, "claim").click()
    _shot(driver, "review-case.png")
    driver.find_element(By.ID, "confirm-reason").send_keys("Ajakan memilih paslon nomor 1 oleh ASN")
    driver.find_element(By.ID, "confirm").click()
    WebDriverWait(driver, 20).until(_text_is("status", "dikonfirmasi"))  # the next page, not the old one
    assert world.store.case("x:101", "t").summary.status == "confirmed"  # type: ignore[union-attr]


def test_a_second_reviewers_stale_update_gets_the_conflict_page(served: tuple[World, str],
                                                                browser_factory: Start) -> None:
    _world, url = served
    first, second = browser_factory(), browser_factory()
    _login(first, url, "rev-a")
    _login(second, url, "rev-a2")
    for driver in (first, second):
        driver.get(f"{url}/cases/x:2")
    first.find_element(By.ID, "claim").click()
    WebDriverWait(first, 20).until(_text_is("assignee", "rev-a"))
    second.find_element(By.ID, "claim").click()
    WebDriverWait(second, 20).until(lambda d: "Kasus ini berubah sejak Anda membukanya" in d.page_source)
    _shot(second, "review-conflict.png")
    second.get(f"{url}/cases/x:2")
    assert "rev-a" in second.find_element(By.ID, "held").text


def test_agency_officer_sees_only_own_staffs_confirmed_cases(served: tuple[World, str],
                                                             browser_factory: Start) -> None:
    _world, url = served
    driver = browser_factory()
    _login(driver, url, "agency-a")
    rows = [row.get_attribute("data-case") for row in driver.find_elements(By.CSS_SELECTOR, "tr[data-case]")]
    assert "/cases/x%3A3" not in rows and "/cases/x%3A2" not in rows and rows
    driver.get(f"{url}/cases/x:3")
    assert "tidak ada kasus ini" in driver.page_source and "198511082010011012" not in driver.page_source
    _shot(driver, "review-agency-404.png")


def test_logging_out_ends_the_session(served: tuple[World, str], browser_factory: Start) -> None:
    _world, url = served
    driver = browser_factory()
    _login(driver, url, "rev-b")
    cookie = driver.get_cookie("netra_session")
    assert cookie and cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    driver.find_element(By.ID, "logout").click()
    assert driver.find_elements(By.ID, "login")
    driver.add_cookie({"name": "netra_session", "value": cookie["value"], "path": "/"})
    driver.get(f"{url}/cases/x:3")
    assert driver.current_url.endswith("/login") and "198511082010011012" not in driver.page_source


def test_keyboard_shortcuts_move_open_and_claim_next(served: tuple[World, str], browser_factory: Start) -> None:
    world, url = served
    world.store.record(flagged("55", score=0.99, wilayah=REGION_A))
    driver = browser_factory()
    _login(driver, url, "rev-a2")
    first_row = driver.find_element(By.CSS_SELECTOR, "tr[data-case]").get_attribute("data-case")
    ActionChains(driver).send_keys("j").send_keys("o").perform()
    WebDriverWait(driver, 5).until(lambda d: d.current_url.endswith(first_row))
    driver.get(url)
    ActionChains(driver).send_keys("n").perform()
    WebDriverWait(driver, 5).until(lambda d: d.current_url.endswith("/cases/x%3A55"))
    assert driver.find_element(By.ID, "assignee").text == "rev-a2"


def _text_is(element_id: str, wanted: str) -> Callable[[WebDriver], bool]:
    """True once the page shown has `wanted` in the element `element_id` (a stale page: not yet)."""

    def shown(driver: WebDriver) -> bool:
        try:
            return bool(driver.find_element(By.ID, element_id).text == wanted)
        except (NoSuchElementException, StaleElementReferenceException):
            return False

    return shown


def test_an_escalation_takes_a_second_reviewer_who_judges_blind(served: tuple[World, str],
                                                                 browser_factory: Start) -> None:
    world, url = served
    world.store.record(flagged("77", score=0.5, wilayah=REGION_A, instansi="Pemerintah Kabupaten Alfa"))
    first, second = browser_factory(), browser_factory()
    _login(first, url, "rev-a")
    first.get(f"{url}/cases/x:77")
    assert "sisa 6 hari 23 jam" in first.find_element(By.ID, "due").text
    first.find_element(By.ID, "claim").click()
    WebDriverWait(first, 20).until(_text_is("assignee", "rev-a"))
    first.find_element(By.ID, "escalate-reason").send_keys("Alasan pengusul: ajakan memilih")
    first.find_element(By.ID, "escalate").click()
    WebDriverWait(first, 20).until(lambda d: d.find_elements(By.ID, "withdraw-escalation"))
    _login(second, url, "rev-a2")
    second.get(f"{url}/cases/x:77")
    assert "Alasan pengusul" not in second.page_source and second.find_element(By.ID, "assignee").text != "rev-a"
    _shot(second, "review-four-eyes.png")
    second.find_element(By.ID, "second-reason").send_keys("Setuju: bukti jelas")
    second.find_element(By.ID, "confirm-escalation").click()
    WebDriverWait(second, 20).until(_text_is("status", "diteruskan"))
    assert "Alasan pengusul" in second.page_source  # decided: the history shows again
    assert world.store.case("x:77", "t").summary.escalated_to == "agency"  # type: ignore[union-attr]
