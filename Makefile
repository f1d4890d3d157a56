# Two commands do everything on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
BIN := $(VENV)/bin
PYTHON ?= python3
PORT ?= 5000
FLASK := $(BIN)/flask --app wsgi
STAMP := $(VENV)/.installed-stamp
NODE_STAMP := node_modules/.installed-stamp
ASSET_STAMP := valuedcare/static/.built-stamp
# The suite runs in one process per CPU (pytest-xdist; each has its own SQLite file or PostgreSQL
# schema, and its own browser). `make test PYTEST_ARGS=` runs it in one process.
PYTEST_ARGS ?= -n auto

.PHONY: run serve test install pango assets db questionnaires demo lint format unit security-audit browser load-test clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: pango $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

$(ASSET_STAMP): $(NODE_STAMP) $(shell find valuedcare/frontend -type f 2>/dev/null)
	npm run --silent build
	touch $(ASSET_STAMP)

assets: $(ASSET_STAMP)

db: install
	$(FLASK) db upgrade

questionnaires: db
	$(FLASK) questionnaires validate
	$(FLASK) questionnaires load

demo: questionnaires
	$(FLASK) demo seed --if-empty

## make run: install everything, migrate SQLite in instance/, load questionnaires, seed demo data, serve.
run: install assets demo
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

## make serve: production serving under gunicorn against DATABASE_URL (migrations applied first).
serve: install assets
	VALUEDCARE_ENV=production $(FLASK) db upgrade
	VALUEDCARE_ENV=production $(FLASK) questionnaires load
	VALUEDCARE_ENV=production $(BIN)/gunicorn --config valuedcare/gunicorn_conf.py wsgi:app

## Debian's Pango and fonts, which WeasyPrint draws the board paper with (installed only if missing).
PANGO_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation
pango:
	@if ! ldconfig -p | grep -q 'libpangoft2-1.0.so.0' || ! ldconfig -p | grep -q 'libharfbuzz-subset.so.0' || [ ! -d /usr/share/fonts/truetype/dejavu ]; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(PANGO_PACKAGES) >/dev/null; \
	fi

## Debian's Chromium for the browser tests (Playwright never downloads a browser here).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver fonts-liberation >/dev/null; \
	fi

## make lint: style, formatting, the import contracts and the type checker (what CI runs).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

## make format: fix what ruff can fix, and format the code.
format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## make unit: the fast tests of the pure core (no database, no browser).
unit: install
	$(BIN)/pytest tests/unit -q $(PYTEST_ARGS)

security-audit: install
	$(BIN)/bandit -q -r valuedcare -lll
	@set -o pipefail; $(BIN)/pip-audit --skip-editable --progress-spinner off 2>&1 | tee $(VENV)/pip-audit.log
	@unaudited=$$(grep -c "could not be audited" $(VENV)/pip-audit.log || true); \
	if [ "$$unaudited" -gt 0 ]; then \
	  echo "WARNING: pip-audit found no vulnerability data for $$unaudited packages (no advisory service reachable): they were NOT audited."; \
	fi

## make test: lint, the whole suite on SQLite, then again on PostgreSQL when
## VALUEDCARE_TEST_DATABASE_URL is set, then the questionnaire, migration and security checks.
test: install assets browser lint
	$(FLASK) questionnaires validate --strict
	$(BIN)/pytest $(PYTEST_ARGS)
	@if [ -n "$$VALUEDCARE_TEST_DATABASE_URL" ]; then \
	  echo "== The database tests again, on $$VALUEDCARE_TEST_DATABASE_URL"; \
	  $(BIN)/pytest tests/integration tests/e2e $(PYTEST_ARGS) || exit 1; \
	else echo "VALUEDCARE_TEST_DATABASE_URL is not set: PostgreSQL run skipped"; fi
	$(MAKE) --no-print-directory security-audit

## make load-test: 200 respondents through gunicorn (2 workers) on a throwaway PostgreSQL cluster
## while a worker is killed and the database restarts; fails on any lost or duplicated answer.
load-test: install
	timeout 900 $(BIN)/python tests/benchmarks/load_and_fault.py --cluster temporary

clean:
	rm -rf $(VENV) node_modules valuedcare/static/css valuedcare/static/vendor valuedcare/static/nhsuk $(ASSET_STAMP)
