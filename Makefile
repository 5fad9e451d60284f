# Two commands do everything: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup lint check-migrations messages worker beat benchmark system-deps clean

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

setup: $(VENV)/.installed node_modules/.installed messages

messages: $(VENV)/.installed
	@$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v0

## Run the app on http://127.0.0.1:8000 with SQLite, eager Celery and demo data.
run: setup
	$(MANAGE) migrate --no-input -v0
	$(MANAGE) demo_data
	@echo "Gemeinsam Wirken läuft auf http://$(HOST):$(PORT)/ (Beenden mit Strg+C)"
	$(MANAGE) runserver $(HOST):$(PORT)

## Every check: lint, format, migrations, translations and all tests (browser tests included).
test: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(MANAGE) makemigrations --check --dry-run -v0
	$(PY) -m pytest

## Server time and SQL queries of the heavy pages on a large initiative (slug "benchmark", removed
## afterwards). Options: make benchmark ARGS="--scale 0.1 --repeat 10 --keep".
benchmark: setup
	$(MANAGE) migrate --no-input -v0
	$(MANAGE) benchmark $(ARGS)

## Production processes (with DATABASE_URL and REDIS_URL set).
worker: setup
	$(VENV)/bin/celery -A config worker -l info -Q celery,reports --max-memory-per-child=1000000

beat: setup
	$(VENV)/bin/celery -A config beat -l info

## Debian packages that browser tests and PDF rendering need (run as root; CI does this).
system-deps:
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		chromium gettext poppler-utils fonts-dejavu-core \
		libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 >/dev/null

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache
