"""The case file in Debian's Chromium: reached from the case page, styled under the strict CSP, and
printed by the browser without its links."""

import base64
import io
from collections.abc import Callable

from pypdf import PdfReader
from selenium.webdriver.common.by import By
from selenium.webdriver.common.print_page_options import PrintOptions
from selenium.webdriver.remote.webdriver import WebDriver

from tests.alerting.review_world import PASSWORD, World
from tests.browser.conftest import ARTEFACTS

Start = Callable[[], WebDriver]


def test_a_reviewer_opens_the_case_file_and_prints_it(served: tuple[World, str], browser_factory: Start) -> None:
    world, url = served
    driver = browser_factory()
    driver.get(f"{url}/login")
    driver.find_element(By.NAME, "username").send_keys("rev-a")
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.find_element(By.ID, "login").click()
    driver.get(f"{url}/cases/x:1")
    driver.find_element(By.ID, "case-file").click()
    assert driver.find_element(By.TAG_NAME, "h1").text == "Berkas kasus"
    # The stylesheet is allowed by the CSP (`style-src 'self'`): the heading takes its colour.
    assert driver.find_element(By.TAG_NAME, "h1").value_of_css_property("color") == "rgba(18, 53, 91, 1)"
    assert [m.text for m in driver.find_elements(By.CSS_SELECTOR, "#post mark")] == ["Ayo coblos nomor 1 rahasia1"]
    driver.save_screenshot(str(ARTEFACTS / "case-file.png"))
    printed = base64.b64decode(driver.print_page(PrintOptions()))
    (ARTEFACTS / "case-file-printed.pdf").write_bytes(printed)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(printed)).pages)
    assert "Berkas kasus" in text and world.store.case("x:1", "t").snapshot_ids[0] in text  # type: ignore[union-attr]
    assert "Unduh PDF" not in text, "the links are hidden in print"
