# PEEL Explorer. `make run` starts the dashboard; `make test` runs every test. Both install what they need.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
WORKERS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: run serve test data bench chromium haproxy clean

run: $(VENV)/.runtime chromium data
	$(PY) -m streamlit run app.py --server.address 127.0.0.1 --server.port $(PORT) --server.headless true --server.fileWatcherType none

# Many readers: WORKERS Streamlit processes on 127.0.0.1 behind HAProxy on PORT, sticky sessions, health
# checks, a worker restarted when it dies; the database is built once first (python -m peel.serve).
serve: $(VENV)/.runtime chromium haproxy
	$(PY) -m peel.serve --workers $(WORKERS) --port $(PORT)

data: $(VENV)/.runtime
	$(PY) -m peel build

test: $(VENV)/.dev chromium haproxy
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

# the extraction corpus is test data (made-up documents, the seeds, PDFs drawn by fpdf2): written by the tests'
# code into bench-results/ (ignored by git), then read by the package's bench, which does not import tests
bench: $(VENV)/.dev chromium haproxy
	$(PY) -m tests.fixtures.corpus bench-results/extract-corpus
	$(PY) -m peel bench --corpus bench-results/extract-corpus

# Debian's Chromium: draws the report card (kaleido and headless print) and runs the browser tests
# (Playwright's own browser download is blocked here).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium (report cards, browser tests)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# Debian's HAProxy balances `make serve`: cookie stickiness keeps a reader's websocket and uploads on the worker
# holding the session, active health checks take a dead worker out, and its configuration reloads without
# dropping connections.
haproxy:
	@command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || { \
	  echo "installing Debian's haproxy (make serve, its tests and benchmark)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq haproxy >/dev/null; }

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install -q --disable-pip-version-check --no-deps -e .  # the `peel` command
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

clean:
	rm -rf $(VENV) data/peel.duckdb screenshots .pytest_cache
