# Every target installs what it needs first, so a fresh clone needs only `make run` or `make test`.
PYTHON ?= python3
PORT ?= 8000
# Test processes (pytest-xdist); the suite is independent per worker (own test database).
PYTEST_WORKERS ?= 2
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
BROWSER_STAMP := $(VENV)/.installed-browser
LB_STAMP := $(VENV)/.installed-haproxy
SAML_STAMP := $(VENV)/.installed-xmlsec1
GETTEXT_STAMP := $(VENV)/.installed-gettext

.PHONY: translations install install-dev run serve worker test test-fast lint typecheck checks pytest bench audit clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@PYTHON=$(PYTHON) scripts/bootstrap.sh python
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python -m twoway.engine.warm
	@touch $@

# The translation catalogues (.po, in the repository) compiled to .mo: cheap, so every target
# that serves or tests runs it, and an edited .po is always what runs (docs/i18n.md).
translations: install
	@$(BIN)/twoway translations compile >/dev/null

install-dev: $(DEV_STAMP) $(BROWSER_STAMP) $(LB_STAMP) $(SAML_STAMP) $(GETTEXT_STAMP)

$(DEV_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

# Debian's Chromium, for the browser tests only.
$(BROWSER_STAMP):
	@scripts/bootstrap.sh chromium
	@touch $@

# Debian's HAProxy, the load balancer of the scale-out test only (skipped, saying why, without it).
$(LB_STAMP):
	@scripts/bootstrap.sh haproxy
	@touch $@

# Debian's xmlsec1, with which the SAML sign-on tests' IdP signs (skipped, saying why, without it).
$(SAML_STAMP):
	@scripts/bootstrap.sh xmlsec1
	@touch $@

# GNU gettext, with which `twoway translations make|check` extracts the strings to translate.
$(GETTEXT_STAMP):
	@scripts/bootstrap.sh gettext
	@touch $@

# Links in emails, feeds and calendar files start with SITE_URL: the served port unless set.
SITE_URL ?= http://127.0.0.1:$(PORT)
run worker: export SITE_URL := $(SITE_URL)

# Migrates, seeds the demo into an empty database (sending no email), starts the background
# worker, then serves; once the server answers, the demo logins and the address come last.
run: install translations
	$(BIN)/twoway migrate --no-input
	$(BIN)/twoway seed_demo --if-empty --no-logins
	$(BIN)/twoway run_periodic --schedule
	@trap 'kill $$worker $$logins 2>/dev/null' EXIT INT TERM; \
	$(BIN)/twoway worker & worker=$$!; \
	$(BIN)/twoway demo_logins --wait-for http://127.0.0.1:$(PORT)/ & logins=$$!; \
	$(BIN)/twoway runserver 127.0.0.1:$(PORT)

# The production server (docs/deploy.md): migrates, collects static files (production only:
# development serves them from the apps), then runs gunicorn with twoway/gunicorn_conf.py.
# TWOWAY_ENV, SECRET_KEY, ALLOWED_HOSTS, SITE_URL, PORT... come from the environment as set.
serve: install translations
	$(BIN)/twoway migrate --no-input
	@if [ "$${TWOWAY_ENV:-development}" = production ]; then \
	  echo "$(BIN)/twoway collectstatic --no-input"; $(BIN)/twoway collectstatic --no-input; fi
	PORT=$(PORT) $(BIN)/gunicorn --config python:twoway.gunicorn_conf twoway.wsgi

worker: install translations
	$(BIN)/twoway run_periodic --schedule
	$(BIN)/twoway worker

test: install-dev lint typecheck checks pytest

# The inner loop: the tests without a browser and without the slow ones; no lint, no checks.
test-fast: $(DEV_STAMP) translations
	$(BIN)/pytest -n $(PYTEST_WORKERS) -m "not browser and not slow" $(PYTEST_ARGS)

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(DEV_STAMP)
	$(BIN)/mypy twoway

# Migrations match the models; production settings pass Django's deployment checks; every
# JavaScript file parses. The checks use a throwaway in-memory SQLite database and a random
# SECRET_KEY made for the run: they read settings and models, they sign nothing. Templates are
# checked by a test (every file compiles); djhtml's indentation check is not used, because it
# would reindent 60 of the 80 templates (about 1,400 lines) on 2026-12-02.
checks: $(DEV_STAMP)
	SQLITE_PATH=:memory: $(BIN)/twoway makemigrations --check --dry-run
	SQLITE_PATH=:memory: TWOWAY_ENV=production ALLOWED_HOSTS=twoway.example SITE_URL=https://twoway.example \
	  SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	  $(BIN)/twoway check --deploy --fail-level WARNING
	SQLITE_PATH=:memory: $(BIN)/twoway translations check
	@if command -v node >/dev/null; then \
	  find twoway -path '*/static/*' -name '*.js' -print0 | xargs -0 -n 1 node --check \
	    && echo "node --check: every JavaScript file parses"; \
	else \
	  echo "node is not installed: skipping the JavaScript syntax check (apt-get install nodejs)"; \
	fi

pytest: install-dev translations
	$(BIN)/pytest -n $(PYTEST_WORKERS) --durations=15 $(PYTEST_ARGS)

bench: install-dev
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/run_all.py

# Known vulnerabilities in the installed packages (pip-audit, against PyPI's advisories). pip-audit
# reports "No known vulnerabilities" even when it skipped every package or never reached its
# database, so scripts/audit.py reads its report: exit 1 names vulnerable packages, exit 2 says
# the audit could not be done (a machine without internet access gets that, loudly).
audit: $(DEV_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[audit]'
	$(BIN)/python scripts/audit.py

clean:
	rm -rf $(VENV) staticfiles .mypy_cache .ruff_cache
