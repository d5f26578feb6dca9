# certify: `make demo` and `make test` do all the set-up on a fresh Debian machine with Python 3.11.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HASH := $(shell sha256sum pyproject.toml | cut -c1-12)
# The site's own packages, and those plus the dev extra (test, lint and type-check tools).
RUNTIME_STAMP := $(VENV)/.installed-runtime-$(HASH)
DEV_STAMP := $(VENV)/.installed-dev-$(HASH)
# `make demo PORT=8123` or `PORT=8123 make demo`
PORT ?= 8000

.PHONY: install install-runtime demo check-port deploy-smoke prod-check serve test test-only lint bench catalogs messages clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(RUNTIME_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	rm -f $(VENV)/.installed-runtime-*
	touch $(RUNTIME_STAMP)

$(DEV_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $(DEV_STAMP) $(RUNTIME_STAMP)

# What the site needs to run (make demo, production).
install-runtime: $(RUNTIME_STAMP)

# Everything, with the dev tools (make test, development).
install: $(DEV_STAMP)

catalogs: install-runtime
	$(PY) manage.py build_catalogs

# First, before the install: a taken port ends `make demo` with one line.
check-port:
	@$(PYTHON) scripts/check_port.py "$(PORT)"

demo: check-port install-runtime catalogs
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@PORT="$(PORT)" bash scripts/serve-demo.sh

# gunicorn and the task cluster as deploy/ starts them, with DEBUG=false, probed over HTTP.
deploy-smoke: install-runtime catalogs
	@bash scripts/deploy-smoke.sh

# Two web instances and two task clusters on PostgreSQL (DEBUG=false), one of each killed under
# load: sessions, rate limits and notices checked across them (scripts/prod_check.py). The
# cache is the database's; PROD_CHECK_CACHE=redis puts it in Redis.
prod-check: install-runtime catalogs
	$(PY) scripts/prod_check.py

test: install catalogs lint test-only

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check

# PYTEST_ARGS narrows the run, e.g. make test PYTEST_ARGS='-m "not browser"'; the tests run in
# PYTEST_WORKERS processes (pytest-xdist; one per core by default, 0 for a single process).
PYTEST_WORKERS ?= auto
test-only:
	CERTIFY_TESTING=1 $(VENV)/bin/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

bench: install catalogs
	@failed=""; for bench in tests/benchmarks/bench_*.py; do echo "== $$bench"; \
		$(PY) $$bench || failed="$$failed $$bench"; done; \
		if [ -n "$$failed" ]; then echo "over a goal or failed:$$failed"; exit 1; fi

# Refresh every translated language's catalogues (settings.LANGUAGES) after changing strings.
messages: install
	$(PY) manage.py refresh_catalogues

clean:
	rm -rf $(VENV) var
