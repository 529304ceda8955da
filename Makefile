# The two set-up commands of the README, and a few more for developers.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean system-packages

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

## run: the whole product on this machine with the bundled demo; review page on http://127.0.0.1:8080/
run: $(STAMP)
	$(BIN)/netra run

## test: the full test suite, starting real Kafka, Elasticsearch, OpenSearch, SMTP and Prometheus
## servers on loopback and driving Debian's Chromium headless
test: $(STAMP) system-packages
	$(BIN)/pytest -q

# Debian packages the tests use (promtool and prometheus; chromium and chromedriver; the PDF's Pango
# and fonts, which the service needs too: see the Dockerfile), when missing.
system-packages:
	@command -v promtool >/dev/null && command -v prometheus >/dev/null \
	  && command -v chromium >/dev/null && command -v chromedriver >/dev/null \
	  || (apt-get update && apt-get install -y prometheus chromium chromium-driver)
	@dpkg -s libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-symbola >/dev/null 2>&1 \
	  || (apt-get update && apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-symbola)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy netra collectors processors alerting
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
