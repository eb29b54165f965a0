# Two commands do all set-up: `make run` and `make test`. Each creates .venv when missing and installs
# what it needs; an install is redone only when a requirements file changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-runtime
DEV_STAMP := $(VENV)/.installed-dev
BENCH_STAMP := $(VENV)/.installed-bench
# Lighthouse, pinned in bench/package.json and bench/package-lock.json, installed into bench/node_modules.
NODE_STAMP := bench/node_modules/.installed
PORT ?= 8501
# `make bench SOAK_MINUTES=1` for a short soak; BENCH_ARGS passes more options to bench/run.py.
SOAK_MINUTES ?= 10
BENCH_ARGS ?=
# Test worker processes (pytest-xdist); each file runs whole in one worker, so its module fixtures start once.
TEST_WORKERS ?= 2

.PHONY: run test lint format screenshots cluster bench profile clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(RUN_STAMP)

$(BENCH_STAMP): bench/requirements.txt $(DEV_STAMP)
	$(BIN)/pip install --quiet -r bench/requirements.txt
	touch $@

$(NODE_STAMP): bench/package.json bench/package-lock.json
	npm ci --prefix bench --no-audit --no-fund
	touch $@

run: $(RUN_STAMP)
	$(BIN)/streamlit run app.py --server.address 127.0.0.1 --server.port $(PORT)

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint $(BENCH_STAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

format: $(DEV_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

screenshots: $(DEV_STAMP)
	$(BIN)/python tools/screenshots.py

cluster: $(DEV_STAMP)
	$(BIN)/python tools/cluster.py

# Lighthouse (first visit, app and bare Streamlit behind nginx), then the app against the framework floor, in
# Chromium and under load; tables on stdout, JSON in bench/results/. `make bench BENCH_ARGS="--only lighthouse"`.
bench: $(BENCH_STAMP) $(NODE_STAMP)
	$(BIN)/python -m bench.run --soak-minutes $(SOAK_MINUTES) $(BENCH_ARGS)

# Where each page's server time goes (py-spy on the real server, app and same-elements floor); needs root or ptrace.
profile: $(BENCH_STAMP)
	$(BIN)/python -m bench.profile_server

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache screenshots
