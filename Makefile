# Two commands on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
HOST ?= 127.0.0.1
PORT ?= 8000
# Test processes (pytest-xdist), each with its own test database; WORKERS=0 runs in this process.
# One more than the cores: each process waits on PostgreSQL and Chromium part of the time.
WORKERS ?= $(shell echo $$(( $$(nproc) + 1 )))

.PHONY: setup browser run serve migrate seed test test-fast lint format bench score clean outdated

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	@# opencc-python-reimplemented (replaced by the official opencc) ships the same module `opencc`:
	@# drop both from an older venv so that the official one is installed cleanly.
	@if $(VENV)/bin/pip show --quiet opencc-python-reimplemented 2>/dev/null; then \
		$(VENV)/bin/pip uninstall --quiet --yes opencc-python-reimplemented opencc; fi
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	$(VENV)/bin/pip check
	touch $(STAMP)

setup: $(STAMP)

# Debian's Chromium for the browser tests (Playwright never downloads a browser here).
browser:
	@if [ ! -x "$(CHROMIUM)" ]; then \
		echo "Installing Debian chromium for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

migrate: setup
	DEBUG=1 $(PY) manage.py migrate --no-input

seed: migrate
	DEBUG=1 $(PY) manage.py seed_if_empty

run: seed
	DEBUG=1 $(PY) manage.py ensure_local_admin
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: setup browser
	CHROMIUM_PATH=$(CHROMIUM) $(PY) -m pytest -n $(WORKERS) $(PYTEST_ARGS)

test-fast: setup
	$(PY) -m pytest -n $(WORKERS) -m "not browser and not slow" $(PYTEST_ARGS)

# ruff, then the layering contracts of pyproject.toml ([tool.importlinter]).
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Newer releases of the installed packages (requirements stay pinned; bump them by hand).
outdated: setup
	$(VENV)/bin/pip list --outdated

score: setup
	DEBUG=1 $(PY) manage.py score_import --details

# SCALE=S|M|L: every read on a store of that size against its SQL lower bound; LOAD=1 adds a load run.
bench: migrate
	DEBUG=1 $(PY) bench/run.py $(if $(SCALE),--scale $(SCALE)) $(if $(LOAD),--load) $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var/staticfiles .pytest_cache
