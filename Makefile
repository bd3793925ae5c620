# lessonpack: `make build` builds every lesson into output/, `make test` runs the tests.
# Both set up their own virtual environment (and the Debian packages they need) first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
AXE    := $(VENV)/axe/node_modules/axe-core/axe.min.js

.PHONY: build test lint bench clean system system-test docs

build: $(STAMP) system
	$(BIN)/lessonpack build lessons

test: $(STAMP) system-test $(AXE)
	$(BIN)/ruff check pipeline tests
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check pipeline tests

bench: $(STAMP) system
	$(BIN)/python scripts/bench.py

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

clean:
	rm -rf output $(VENV)

docs: $(STAMP)
	$(BIN)/lessonpack schema > lessons/lesson.schema.json
	$(BIN)/lessonpack schema --markdown > docs/lesson-format.md
