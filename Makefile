# Spelregels: `make run` starts a local development server, `make test` runs every check.
# Both work on a fresh Debian 12 machine with Python 3.11 and are safe to repeat: each
# setup step leaves a stamp file under .make/ and is skipped while its inputs are unchanged.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

PYTHON_BIN := $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMPS := .make
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Debian packages: gettext for compilemessages, Chromium for the browser tests, Pango and
# HarfBuzz for WeasyPrint, Node.js and npm for the front-end assets, poppler-utils (pdftotext,
# pdffonts) for the tests that read the PDFs back, hunspell-nl (the Dutch dictionary) for the
# search's splitting of compound words (migration 0019 loads its word list, docs/search.md) and
# the test that no word in a PDF is broken without a hyphen, venv for Python, PgBouncer and
# HAProxy for the tests of deploy/ and `make cluster`, SoftHSM (softhsm2) for the test that seals
# with a key on a PKCS#11 token.
DEBIAN_PACKAGES := gettext chromium fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
	nodejs npm poppler-utils hunspell-nl python3-venv pgbouncer haproxy softhsm2

# Translations: compile again whenever a .po file changes.
PO_FILES := $(shell find . -name '*.po' -not -path './$(VENV)/*' -not -path './node_modules/*' 2>/dev/null)

PYTEST_ARGS ?=
# The development server's port (`make run`).
PORT ?= 8000

.PHONY: help setup system-deps venv assets messages run test nightly screenshots cluster lint format clean

help: ## List the available targets
	@echo "Spelregels — available targets:"
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) \
		| awk 'BEGIN {FS = ":.*## "}; {printf "  make %-12s %s\n", $$1, $$2}'
	@echo
	@echo "Variables: DEBUG (run, default true), PORT (run, default 8000), DATABASE_URL, PYTEST_ARGS (test)."

setup: system-deps venv assets messages .env ## Install everything needed to run and test

# A development SECRET_KEY for manage.py on this machine; production sets its own.
.env:
	echo "SECRET_KEY=dev-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" > $@

# A package counts as present when dpkg knows it, or when the command it provides is
# already on PATH (for example Node.js from NodeSource, which ships its own npm).
system-deps: ## Install missing Debian packages (apt-get, only when needed)
	@missing=""; \
	for pkg in $(DEBIAN_PACKAGES); do \
		case "$$pkg" in \
			nodejs) cmd=node ;; npm) cmd=npm ;; chromium) cmd=chromium ;; *) cmd="" ;; \
		esac; \
		if dpkg -s "$$pkg" >/dev/null 2>&1; then continue; fi; \
		if [ -n "$$cmd" ] && command -v "$$cmd" >/dev/null 2>&1; then continue; fi; \
		missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		$(SUDO) apt-get update; \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing; \
	fi

venv: $(STAMPS)/venv ## Create .venv and install the Python dependencies

# pyvenv.cfg, not bin/python: make follows the python symlink to the (old) interpreter.
$(VENV)/pyvenv.cfg:
	$(PYTHON_BIN) -m venv $(VENV)

$(STAMPS)/venv: pyproject.toml $(VENV)/pyvenv.cfg | $(STAMPS)
	$(PY) -m pip install --disable-pip-version-check -e '.[dev]'
	touch $@

assets: $(STAMPS)/assets ## Install the npm packages and copy them into static/vendor/

$(STAMPS)/npm: package.json package-lock.json | $(STAMPS)
	npm ci --no-audit --no-fund
	touch $@

$(STAMPS)/assets: $(STAMPS)/npm scripts/copy_assets.sh static/css/fonts.css | $(STAMPS)
	bash scripts/copy_assets.sh
	touch $@

# LOCALE_PATHS must exist, or compilemessages refuses to run (a fresh clone has no locale/
# until the first .po file is committed). Settings need a SECRET_KEY to load at all.
messages: $(STAMPS)/messages ## Compile the translations (.po -> .mo)

$(STAMPS)/messages: $(STAMPS)/venv $(PO_FILES) | $(STAMPS)
	mkdir -p locale
	SECRET_KEY="$${SECRET_KEY:-compilemessages-only}" \
		$(PY) manage.py compilemessages --ignore=$(VENV) --ignore=node_modules
	touch $@

$(STAMPS):
	mkdir -p $@

# The development server, the task worker and the local test PKI, together (Procfile, honcho):
# PDFs are rendered by the worker from the database queue, as in production, and the page shows
# their progress; the seal is timestamped by the test PKI's TSA (`serve_pki`, LOCAL_PKI_URL).
# `create_seal_certificate` generates the PKI's keys under var/pki/ once and exports the seal.
# Ctrl-C stops all; a second `make run` while one runs stops at the port already in use.
# On PostgreSQL, as in production (docs/deploy.md): the owner role migrates, the application's
# role runs the rest. DATABASE_URL logs in as a superuser here, which takes on each role with
# SET ROLE (DATABASE_ROLE; `make run DATABASE_ROLE=` to stay the login). SQLite ignores both.
run: export DEBUG ?= true
run: export TASKS_BACKEND ?= django_tasks_db.DatabaseBackend
run: export DATABASE_ROLE ?= spelregels_app
run: setup ## Start the development server (http://127.0.0.1:8000), the task worker and the test PKI with demo data
	DATABASE_ROLE= $(PY) manage.py database_roles
	DATABASE_ROLE="$${DATABASE_ROLE:+spelregels_owner}" $(PY) manage.py migrate --noinput
	$(PY) manage.py load_organisations
	$(PY) manage.py create_seal_certificate
	$(PY) manage.py seed_demo
	$(VENV)/bin/honcho --procfile Procfile start --port $(PORT)

# DATABASE_URL passes through from the caller (SQLite by default). The browser tests allow
# Django's ORM next to Playwright's event loop themselves (tests/e2e/conftest.py).
# On PostgreSQL the owner and application roles are made first (DATABASE_URL: a superuser);
# the test database is then made and migrated by the owner, and the tests run as the
# application's role (tests/support/database.py).
test: setup ## Run ruff, the layer rules, mypy and the test suite (extra pytest options: PYTEST_ARGS)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	SECRET_KEY="$${SECRET_KEY:-mypy-only}" $(VENV)/bin/mypy
	SECRET_KEY="$${SECRET_KEY:-roles-only}" DATABASE_ROLE= $(PY) manage.py database_roles --createdb
	$(PY) -m pytest -n auto $(PYTEST_ARGS)

# The property-based tests with many more examples than in `make test` (a random seed each run).
nightly: setup ## Run the property tests with many examples (drafting together: use PostgreSQL)
	HYPOTHESIS_PROFILE=nightly $(PY) -m pytest -n auto tests/agreements/drafting/test_merge_property.py \
		tests/agreements/drafting/test_step_robustness.py tests/test_every_form_is_robust.py $(PYTEST_ARGS)

# A fresh demo in a temporary directory, the development server on a free port, Chromium.
screenshots: setup ## Full-page PNGs of every page of the demo, per role, at 1280 and 390 px, in screenshots/
	$(PY) scripts/screenshots.py --out screenshots

# The agreement page against the minimal view under wrk (Debian package), on the demo as `run`
# seeds it, in its own PostgreSQL database (dropped and recreated; its name must hold "bench").
.PHONY: bench-page
bench-page: export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/spelregels_pagebench
bench-page: setup ## Measure the agreement page against /gezond/ with wrk (bench/page.py)
	$(PY) bench/page.py $(BENCH_ARGS)

# Every PDF kind of an adopted, signed and published version downloaded from storage, against a
# static file of the same bytes from the same gunicorn, under wrk (its own PostgreSQL database,
# dropped and recreated; its name must hold "bench").
.PHONY: bench-downloads
bench-downloads: export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/spelregels_downloadsbench
bench-downloads: setup ## Measure PDF downloads against a static file of the same size (bench/downloads.py)
	$(PY) bench/downloads.py $(BENCH_ARGS)

# The API's registry list and a version's JSON in full and revalidated (If-None-Match → 304),
# under wrk, on the demo as `make run` seeds it (its own database, dropped and recreated).
.PHONY: bench-api
bench-api: export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/spelregels_apibench
bench-api: setup ## Measure the API's answers in full and revalidated with 304 (bench/api.py)
	$(PY) bench/api.py $(BENCH_ARGS)

# Debian's pgbouncer and haproxy, and Redis on 127.0.0.1:6379 (REDIS_URL); PostgreSQL from
# DATABASE_URL (default postgres://postgres@127.0.0.1:5432/sr_cluster, dropped and made again).
cluster: venv ## Production topology on loopback under load, killing a web server and a worker (bench/cluster.py)
	$(PY) bench/cluster.py $(CLUSTER_ARGS)

lint: venv ## Run ruff (lint and format check), the layer rules and mypy only
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	SECRET_KEY="$${SECRET_KEY:-mypy-only}" $(VENV)/bin/mypy

format: venv ## Fix lint issues ruff can fix and format the code
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean: ## Remove the stamps, node_modules and static/vendor (keeps .venv and the database)
	rm -rf $(STAMPS) node_modules static/vendor staticfiles
