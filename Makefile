# MentorMatch: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 5000
# Links in emails point here; `make run PORT=5130` moves both.
BASE_URL ?= http://$(HOST):$(PORT)
FLASK := $(BIN)/flask --app mentormatch
CHROMIUM ?= /usr/bin/chromium
APT_GET := $(shell command -v apt-get 2>/dev/null)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test install browser nginx a11y-tools lint lock wheel-check audit serve bench clean

# The lock file pins every package CI tested; the project itself installs on top.
$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "MentorMatch needs Python 3.11 or newer ($(PYTHON) is older)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## run: install, migrate, seed demo data into an empty database, then the web app on
## $(HOST):$(PORT) and a worker with the schedule, together; Ctrl-C stops both. With no
## MENTORMATCH_SMTP_HOST, email goes to the log and to /dev/mailbox.
run: $(STAMP)
	MENTORMATCH_ENV_NAME=development $(FLASK) init-db
	MENTORMATCH_ENV_NAME=development $(FLASK) seed-demo
	MENTORMATCH_ENV_NAME=development MENTORMATCH_BASE_URL=$(BASE_URL) \
		$(BIN)/python bin/supervise.py \
		web="$(FLASK) run --host $(HOST) --port $(PORT)" \
		worker="$(FLASK) worker"

## browser: Debian's Chromium for the Playwright tests (never a downloaded browser)
browser:
	@if [ ! -x "$(CHROMIUM)" ]; then \
		if [ -n "$(APT_GET)" ]; then \
			$(SUDO) apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; \
		else echo "Install Chromium at $(CHROMIUM) to run the browser tests"; fi; \
	fi

## nginx: Debian's nginx, which `make serve` puts in front of gunicorn so slow clients
## cannot hold its sync workers (deploy/serve.sh; gunicorn alone without it)
nginx:
	@if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then \
		if [ -n "$(APT_GET)" ]; then \
			$(SUDO) apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nginx-light >/dev/null; \
		else echo "Install nginx to serve behind it (make serve runs gunicorn alone without)"; fi; \
	fi

## a11y-tools: axe-core and the Nu HTML Checker (vnu.jar, run with Debian's Java)
## from the npm registry into tests/browser/a11y, for tests/browser/test_a11y.py
A11Y := tests/browser/a11y
a11y-tools: $(A11Y)/node_modules/.installed
$(A11Y)/node_modules/.installed: $(A11Y)/package.json $(A11Y)/package-lock.json
	npm ci --prefix $(A11Y) --no-audit --no-fund --ignore-scripts
	@command -v java >/dev/null || { if [ -n "$(APT_GET)" ]; then \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq default-jre-headless >/dev/null; \
		else echo "Install Java to run the Nu HTML Checker"; fi; }
	touch $@

## test: install, then the whole suite (SQLite unless DATABASE_URL is set)
test: $(STAMP) browser a11y-tools
	MENTORMATCH_CHROMIUM=$(CHROMIUM) $(BIN)/pytest -q -p no:cacheprovider

## lint: formatting, lint rules, security lint, types and the import contracts
lint: $(STAMP)
	$(BIN)/ruff format --check mentormatch tests bench migrations
	$(BIN)/ruff check mentormatch tests bench
	$(BIN)/bandit -q -r mentormatch -lll
	$(BIN)/mypy mentormatch
	$(BIN)/lint-imports

## lock: refresh requirements.lock (exact versions of the app and test dependencies)
lock:
	@test -x $(BIN)/uv || { $(PYTHON) -m venv $(VENV) && $(BIN)/pip install --quiet uv; }
	$(BIN)/uv pip compile pyproject.toml --extra test --python-version 3.11 \
		--quiet --output-file requirements.lock

## wheel-check: build the wheel, install it outside the checkout, serve /login and CSS
wheel-check: $(STAMP)
	$(BIN)/pip install --quiet build
	bash .ci/wheel-check

## serve: production: migrate DATABASE_URL, then two processes under bin/supervise.py:
## web = deploy/serve.sh: nginx on $(HOST):$(PORT) buffering whole requests for gunicorn
## ($${WORKERS:-4} sync workers on $(HOST):$$((PORT+1)); gunicorn alone when nginx is
## missing); worker = `flask worker` (jobs and the schedule). Needs SECRET_KEY and
## MENTORMATCH_BASE_URL. Several web workers must share throttling through
## MENTORMATCH_RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379/0. With more than one host,
## set MENTORMATCH_REDIS_URL so the workers share one queue (deploy/ has unit files).
serve: $(STAMP)
	@test -n "$$SECRET_KEY" || { echo "Set SECRET_KEY (and DATABASE_URL) first"; exit 1; }
	$(FLASK) init-db
	$(BIN)/python bin/supervise.py \
		web="env HOST=$(HOST) PORT=$(PORT) BIN=$(BIN) SERVE_MIGRATE=0 bash deploy/serve.sh" \
		worker="$(FLASK) worker"

## audit: sqlmap and wapiti (own venv in bench/out) against a logged-in demo on loopback
audit: $(STAMP)
	bash bench/audit.sh

clean:
	rm -rf $(VENV) .pytest_cache
