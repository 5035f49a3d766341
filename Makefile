# Two entry points, both doing all setup from a fresh clone:
#   make serve   build the site and serve it on http://127.0.0.1:8000/
#   make test    lint and run every test (data, build, browser)
# and one optional target:
#   make pdf     the whole guideline as one PDF in dist/ (printed by Chromium)
VENV := .venv
PY := $(VENV)/bin/python
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: serve test build setup pdf

serve: setup
	$(PY) build.py serve

build: setup
	$(PY) build.py

# Only this target needs Chromium besides the tests; dist/ survives `make serve`.
pdf: build /usr/bin/chromium
	$(PY) scripts/build_pdf.py --site site

test: setup /usr/bin/chromium
	$(PY) -m ruff check .
	$(PY) -m pytest

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	rm -rf $(VENV)
	$$(scripts/find-python) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Browser tests drive Debian's Chromium (Playwright's own browser download cannot work here).
/usr/bin/chromium:
	$(SUDO) apt-get update
	$(SUDO) apt-get install -y chromium
