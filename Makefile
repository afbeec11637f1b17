# Two commands set everything up: `make site` builds the site, `make test` runs the tests.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

export NO_MKDOCS_2_WARNING := 1

.PHONY: site test serve check build clean lint chromium

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

## site: check the content, then build the site into site/ (mkdocs build --strict)
site: $(STAMP)
	$(BIN)/python -m generator check
	mkdir -p build/docs
	$(BIN)/mkdocs build --strict

## check: validate content/ and print compiler-style diagnostics
check: $(STAMP)
	$(BIN)/python -m generator check

## build: only generate the Markdown pages into build/docs/
build: $(STAMP)
	$(BIN)/python -m generator build

## serve: live preview on http://127.0.0.1:8000 (re-renders when content/ changes)
serve: $(STAMP)
	mkdir -p build/docs
	$(BIN)/mkdocs serve --dirty

## chromium: Debian's Chromium and CJK fonts for the browser tests (CI runs as root)
chromium:
	@if [ ! -x /usr/bin/chromium ] || ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then \
		apt-get update && apt-get install -y --no-install-recommends chromium fonts-noto-cjk; \
	fi

## test: unit tests, a full strict build and browser tests in Chromium
test: $(STAMP) chromium
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check generator tests

clean:
	rm -rf build site test-artifacts .pytest_cache
