"""Browser tests: Debian's Chromium, headless through Debian's chromedriver, against the app on loopback."""

import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import msgspec
import pytest
import uvicorn

from alerting.review.serve import server_config
from netra.domain.snapshot import post_sha256
from tests.alerting.review_world import REGION_A, World
from tests.factories import snapshot
from tests.fixtures.servers import free_port, unavailable

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
# Screenshots are kept as test artefacts here (var/ is not committed).
ARTEFACTS = Path(os.environ.get("NETRA_BROWSER_ARTEFACTS", "var/test-artefacts/browser"))


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[World, str]]:
    """The review app over a small world, served by uvicorn on a free loopback port."""
    world = World(tmp_path_factory.mktemp("browser"))
    base = snapshot(score=0.93)
    post = msgspec.structs.replace(base.post, post_id="101")
    decision = msgspec.structs.replace(base.decision, post_id="101")
    entry = msgspec.structs.replace(base.registry_entry, wilayah=REGION_A, instansi="Pemerintah Kabupaten Alfa")
    world.store.record(msgspec.structs.replace(base, post=post, post_sha256=post_sha256(post), decision=decision,
                                               registry_entry=entry))
    port = free_port()
    server = uvicorn.Server(server_config(world.app, "127.0.0.1", port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)
    yield world, url
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def browser_factory() -> Iterator[object]:
    """Start headless Chromium sessions (each its own profile, so its own cookies); all quit afterwards."""
    if not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)):
        unavailable("Debian's chromium and chromium-driver are not installed (.ci/run installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    drivers: list[webdriver.Chrome] = []

    def start() -> webdriver.Chrome:
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000",
                     "--lang=id"):
            options.add_argument(flag)
        driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
        driver.implicitly_wait(5)
        drivers.append(driver)
        return driver

    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    yield start
    for driver in drivers:
        driver.quit()
