# certify: `make demo` and `make test` do all the set-up on a fresh Debian machine with Python 3.11.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha256sum pyproject.toml | cut -c1-12)

.PHONY: install demo serve test test-only lint bench catalogs messages clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

catalogs: install
	$(PY) manage.py build_catalogs

demo: install catalogs
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@bash scripts/serve-demo.sh

test: install catalogs lint test-only

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check

test-only:
	CERTIFY_TESTING=1 $(VENV)/bin/pytest

bench: install catalogs
	@for bench in tests/benchmarks/bench_*.py; do echo "== $$bench"; $(PY) $$bench || exit 1; done

# Refresh the Spanish catalogue from the source after changing user-facing strings.
messages: install
	$(PY) manage.py makemessages --locale es --ignore '.venv/*' --ignore 'var/*' --no-obsolete
	$(PY) manage.py makemessages --locale es --domain djangojs --ignore '.venv/*' --ignore 'var/*' --no-obsolete

clean:
	rm -rf $(VENV) var
