# lessonpack: `make build` builds every lesson into output/, `make test` runs the tests.
# Both set up their own virtual environment (and the Debian packages they need) first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BENCH  := $(VENV)/.bench-installed
AXE    := $(VENV)/axe/node_modules/axe-core/axe.min.js

.PHONY: build test lint bench clean system system-test docs

build: $(STAMP) system
	$(BIN)/lessonpack build lessons

test: $(STAMP) system-test $(AXE)
	$(BIN)/ruff check pipeline tests
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check pipeline tests

# `make bench BENCH_ARGS="--only typst"`: the Typst reference rows alone (see scripts/bench.py)
bench: $(BENCH) system
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

system:
	@bash scripts/setup-system.sh build

system-test:
	@bash scripts/setup-system.sh test

# axe-core (accessibility rules) from the npm registry, injected into pages by the browser tests
$(AXE): | $(STAMP)
	npm install --silent --no-audit --no-fund --prefix $(VENV)/axe axe-core@4

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# the optional `bench` extra (typst, for the reference rows) on top of the project's install
$(BENCH): $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $(BENCH)

clean:
	rm -rf output $(VENV)

docs: $(STAMP)
	$(BIN)/lessonpack schema > lessons/lesson.schema.json
	$(BIN)/lessonpack schema --markdown > docs/lesson-format.md
