# Coproduce: `make demo` to try it, `make test` to check everything.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export COPRODUCE_DATA_DIR ?= $(CURDIR)/var

.PHONY: demo test install lint typecheck pytest pytest-postgres assets bench clean

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e ".[dev]"
	touch $@

install: $(VENV)/.installed

demo: install
	mkdir -p $(COPRODUCE_DATA_DIR)
	$(VENV)/bin/coproduce migrate --no-input
	$(VENV)/bin/coproduce demo
	COPRODUCE_DEMO_MODE=1 $(VENV)/bin/coproduce runserver 127.0.0.1:$(PORT)

test: install lint typecheck pytest pytest-postgres

lint: install
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench

typecheck: install
	$(VENV)/bin/mypy

# Everything on SQLite, browser and accessibility tests included.
pytest: install
	$(VENV)/bin/pytest -n 2 --dist loadgroup

# The database tests again on PostgreSQL, in a throwaway cluster this command starts and removes.
pytest-postgres: install
	$(PY) -m tests.postgres -- $(VENV)/bin/pytest -n 2 -m "not browser" -p no:cacheprovider

# Rebuild the stylesheet and vendored scripts from GOV.UK Frontend (needs Node.js; the output is committed).
assets:
	cd assets && npm ci --no-audit --no-fund && npm run build

bench: install
	$(PY) -m bench

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
