# Two entry points, both doing all setup from a fresh clone:
#   make serve   build the site and serve it on http://127.0.0.1:8000/
#   make test    lint and run every test (data, build, browser)
# and one optional target:
#   make pdf     the whole guideline as one PDF in dist/ (printed by Chromium)
VENV := .venv
NGINX_BROTLI := /usr/lib/nginx/modules/ngx_http_brotli_static_module.so
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

test: setup /usr/bin/chromium $(NGINX_BROTLI)
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

# The hosting tests serve the site with Debian's nginx and its brotli_static module, using the
# site's generated nginx.conf (tests/test_nginx.py). Where apt cannot install them, make goes
# on and those tests are skipped with the reason. (With systemd, Debian also starts an nginx
# service on port 80; the tests run their own: `systemctl disable --now nginx` stops it.)
$(NGINX_BROTLI):
	-$(SUDO) apt-get update
	-$(SUDO) apt-get install -y nginx libnginx-mod-http-brotli-static
