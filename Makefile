# The two commands of the README: `make run` and `make test`. Both build .venv on first use.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run test lint bench bench-data

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

run: $(VENV)/.installed
	$(VENV)/bin/bazaar-pos $(ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

# pytest exits 5 when it collected no test: that is a failure here, not a pass.
# The service tests run on SQLite and PostgreSQL (BAZAAR_TEST_PG_URL names the server); without
# one, a throw-away cluster is started when the PostgreSQL binaries are there
# (.ci/pg_for_tests). BAZAAR_TEST_BACKENDS=sqlite runs the SQLite half only. -n auto: one
# process per core (pytest-xdist).
test: lint
	@if [ -z "$${BAZAAR_TEST_PG_URL:-}" ] && [ "$${BAZAAR_TEST_BACKENDS:-}" != "sqlite" ] \
	    && ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then \
	  eval "$$(.ci/pg_for_tests start)"; fi; \
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -n auto; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest ran no test: failing"; exit 1; fi; exit $$rc

# The whole set: the main table and the growth table, into bench/out/results.md (.json).
# The growth table reads grown bazaars kept in bench/out/grown/ (per schema, generator, seed
# and size); the first run builds them (~2 GB), or build them ahead with `make bench-data`.
bench: $(VENV)/.installed
	QT_QPA_PLATFORM=offscreen $(PY) bench/run_bench.py $(ARGS)

bench-data: $(VENV)/.installed
	$(PY) bench/grown.py --prune $(ARGS)
