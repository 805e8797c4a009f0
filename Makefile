# Every target installs what it needs first, so a fresh clone needs only `make run` or `make test`.
PYTHON ?= python3
PORT ?= 8000
# Test processes (pytest-xdist); the suite is independent per worker (own test database).
PYTEST_WORKERS ?= 2
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: install install-dev run worker test lint typecheck pytest bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@PYTHON=$(PYTHON) scripts/bootstrap.sh python
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python -m twoway.engine.warm
	@touch $@

install-dev: $(DEV_STAMP)

$(DEV_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@scripts/bootstrap.sh chromium
	@touch $@

# Migrates, seeds the demo into an empty database, starts the background worker, then serves.
run: install
	$(BIN)/twoway migrate --no-input
	$(BIN)/twoway seed_demo --if-empty
	$(BIN)/twoway run_periodic --schedule
	@trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/twoway db_worker & worker=$$!; \
	$(BIN)/twoway runserver 127.0.0.1:$(PORT)

worker: install
	$(BIN)/twoway run_periodic --schedule
	$(BIN)/twoway db_worker

test: install-dev lint typecheck pytest

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-dev
	$(BIN)/mypy twoway

pytest: install-dev
	$(BIN)/pytest -n $(PYTEST_WORKERS) --durations=15 $(PYTEST_ARGS)

bench: install-dev
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) staticfiles .mypy_cache .ruff_cache
