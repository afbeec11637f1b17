# Two commands set everything up: `make site` builds the site, `make test` runs the tests.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

export NO_MKDOCS_2_WARNING := 1
# Reproducible builds: every date MkDocs prints (the sitemap's) is the last commit's.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif

.PHONY: site test serve check build clean lint chromium fuzz schema bench bundle node-test node-audit audit

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

## site: check the content, then build the site into site/ (python -m generator site: a strict
## MkDocs build per language, side by side, merged); the build goes
## into a temporary folder that replaces site/ only when it succeeded
site: $(STAMP)
	$(BIN)/python -m generator check
	$(BIN)/python -m generator site

## schema: regenerate schema/*.schema.json (and the content files' yaml-language-server lines)
schema: $(STAMP)
	$(BIN)/python -m generator schema --write

## check: validate content/ and print compiler-style diagnostics
check: $(STAMP)
	$(BIN)/python -m generator check

## build: only generate the Markdown pages into build/docs/
build: $(STAMP)
	$(BIN)/python -m generator build

## serve: live preview on http://127.0.0.1:8000 (python -m generator serve): a save rebuilds the
## pages it changed; a broken save shows its errors here and on every page, and the next good save
## recovers (not strict: a preview shows what it can)
serve: $(STAMP)
	$(BIN)/python -m generator serve

## chromium: Debian's Chromium and CJK fonts for the browser tests (CI runs as root)
chromium:
	@if [ ! -x /usr/bin/chromium ] || ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then \
		apt-get update && apt-get install -y --no-install-recommends chromium fonts-noto-cjk; \
	fi

## node-test: axe-core for the accessibility tests (package.json's dependencies, pinned by
## package-lock.json, into node_modules/)
AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json package-lock.json
	npm ci --omit=dev --no-audit --no-fund
	touch $@
node-test: $(AXE)

## audit: the Nu Html Checker on every page and Lighthouse on six pages, mobile and desktop, with
## their scores (python -m tests.audit; slow, not part of make test); node-audit installs them
LIGHTHOUSE := node_modules/.bin/lighthouse
$(LIGHTHOUSE): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@ $(AXE)
node-audit: $(LIGHTHOUSE)
audit: $(STAMP) chromium node-audit
	$(BIN)/python -m tests.audit $(AUDIT_ARGS)

## test: unit tests, a full strict build and browser tests in Chromium
test: $(STAMP) chromium node-test
	$(BIN)/python -m pytest

## bench: build cost, edit-to-preview, scale (1x, 10x, 100x) and page weight, with the targets;
## prints a table and writes bench-results/bench.json (BENCH_ARGS=--quick for a one-minute run)
bench: $(STAMP) chromium
	$(BIN)/python -m tests.bench $(BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check generator tests

clean:
	rm -rf build site dist .site.new .site.old test-artifacts .pytest_cache

## fuzz: long property-based run of the loader, model and validator (thousands of inputs per test)
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=long $(BIN)/python -m pytest -m fuzz

## bundle: the site for file:// (search included), zipped into dist/<symbol>_<date>.zip
bundle: $(STAMP)
	$(BIN)/python -m generator bundle
