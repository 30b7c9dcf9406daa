# salvo: `make demo` sets everything up and ingests the fixtures; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= salvo.db
CORPUS ?=
SCREENSHOT_DB := $(shell mktemp -u /tmp/salvo-screenshots-XXXXXX).db
DOCS ?=

.PHONY: install demo test lint bench screenshots scale-demo clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: install
	$(BIN)/salvo ingest fixtures/articles --db $(DB); test $$? -le 1
	$(BIN)/salvo summary --db $(DB)

test: lint
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check pipeline models tests

bench: install
	$(BIN)/python -m pipeline.bench $(if $(CORPUS),--corpus $(CORPUS))
	$(BIN)/python -m pipeline.bench_web

# PNGs of the main pages (docs/img/) over the fixtures, in headless Chromium (apt-get install chromium)
screenshots: install
	rm -f $(SCREENSHOT_DB)
	$(BIN)/salvo ingest fixtures/articles fixtures/ledger-story --db $(SCREENSHOT_DB) --quiet
	$(BIN)/python -m pipeline.web.screenshots --db $(SCREENSHOT_DB) --out docs/img
	rm -f $(SCREENSHOT_DB) $(SCREENSHOT_DB)-wal $(SCREENSHOT_DB)-shm $(SCREENSHOT_DB).lock

# throwaway PostgreSQL + a LocalCluster of Dask workers against SQLite, on WARC files
scale-demo: install
	$(BIN)/python -m pipeline.cluster.demo $(if $(CORPUS),--corpus $(CORPUS)) $(if $(DOCS),--docs $(DOCS))

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm $(DB).lock .pytest_cache
