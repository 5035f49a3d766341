# Two entry points, both doing all setup from a fresh clone:
#   make serve   build the site and serve it on http://127.0.0.1:8000/
#   make test    lint and run every test (data, build, browser)
# and one optional target:
#   make pdf     the whole guideline as one PDF in dist/ (printed by Chromium)
VENV := .venv
NGINX_BROTLI := /usr/lib/nginx/modules/ngx_http_brotli_static_module.so
PY := $(VENV)/bin/python
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: serve test build setup pdf lock

serve: setup
	$(PY) build.py serve

build: setup
	$(PY) build.py

# Only this target needs Chromium besides the tests; dist/ survives `make serve`.
pdf: build /usr/bin/chromium
	$(PY) scripts/build_pdf.py --site site

test: setup /usr/bin/chromium $(NGINX_BROTLI)
	$(PY) -m ruff check .
	$(PY) -m pytest -n 2 --dist loadfile

setup: $(VENV)/.installed node_modules/.installed

# Every Python package from the hashed locks (requirements/*.lock): pip itself first, then
# every dependency of `.[test]` and the build backend, each checked against its sha256; the
# project last, without resolving anything (--no-deps) or fetching a build backend of its own.
# Update the locks with `make lock` (README, 'Python packages').
$(VENV)/.installed: pyproject.toml requirements/pip.lock requirements/dev.lock
	rm -rf $(VENV)
	$$(scripts/find-python) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements/pip.lock
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements/dev.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	$(PY) -m pip check
	touch $@

# Re-resolve the locks (after a change of pyproject.toml, or to take newer versions of what
# it does not pin). uv (pinned) in a venv of its own, only for this; its --universal locks
# hold every platform's and Python's wheels (>= 3.12), with their hashes.
UV_VERSION := 0.13.8
LOCK_VENV := .venv-lock
lock:
	test -x $(LOCK_VENV)/bin/uv || ($$(scripts/find-python) -m venv $(LOCK_VENV) && \
		$(LOCK_VENV)/bin/pip install --quiet uv==$(UV_VERSION))
	$(LOCK_VENV)/bin/uv pip compile --quiet --universal --python-version 3.12 \
		--generate-hashes pyproject.toml requirements/build.in --extra test \
		-o requirements/dev.lock
	$(LOCK_VENV)/bin/uv pip compile --quiet --universal --python-version 3.12 \
		--generate-hashes requirements/pip.in -o requirements/pip.lock

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
