# Two commands set everything up: `make site` builds the site, `make test` runs the tests.
# The interpreter: PYTHON=... if given, else the newest of python3.13, python3.12, python3.11 that
# runs (a pyenv shim of a version that is not installed does not), else python3 if it is 3.11 or newer.
ifeq ($(origin PYTHON), undefined)
PYTHON := $(shell for p in python3.13 python3.12 python3.11 python3; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 && { echo $$p; break; }; done)
endif
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# root installs system packages itself; anyone else through sudo (GitHub's runners have it)
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

export NO_MKDOCS_2_WARNING := 1
# Reproducible builds: every date MkDocs prints (the sitemap's) is the last commit's.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif

.PHONY: site test serve check build clean lint chromium fuzz schema bench bundle setup review pages hooks \
	node-test node-audit audit

$(BIN)/python:
	@if [ -z "$(PYTHON)" ]; then \
		echo "No Python 3.11 or newer found (looked for python3.13, python3.12, python3.11, python3)." >&2; \
		echo "Install Python 3.11 or newer (python.org, or your system's package manager), or name one:" >&2; \
		echo "  make $(MAKECMDGOALS) PYTHON=/path/to/python3" >&2; \
		exit 1; \
	fi
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

## check: validate content/ and print compiler-style diagnostics. Exit status 0 when there is no
## error; otherwise Make's own 2, with the check's status in its last line: "Error 1" (errors),
## "Error 2" (nothing to check). `.venv/bin/python -m generator check` returns 0, 1 or 2 itself.
check: $(STAMP)
	$(BIN)/python -m generator check

## hooks: every commit that touches content/ runs the check first (pre-commit, installed from
## requirements.txt; the hooks are in .pre-commit-config.yaml)
hooks: $(STAMP)
	$(BIN)/pre-commit install

## build: only generate the Markdown pages into build/docs/
build: $(STAMP)
	$(BIN)/python -m generator build

## serve: live preview on http://127.0.0.1:8000 (ADDR=host:port for another; python -m generator serve): a save rebuilds the
## pages it changed; a broken save shows its errors here and on every page, and the next good save
## recovers (not strict: a preview shows what it can)
ADDR ?= 127.0.0.1:8000
serve: $(STAMP)
	$(BIN)/python -m generator serve -a $(ADDR)

## chromium: a browser and CJK fonts for the browser tests. The browser is the system's (found as
## tests/chromium.py says: CHROMIUM=..., chromium, chromium-browser, google-chrome, macOS apps);
## where there is none, Debian's chromium is installed with apt (Ubuntu has no such package: its
## Chromium is a snap; GitHub's Ubuntu runners come with Chrome and Chromium). CJK fonts with apt
## where they are missing (fonts-noto-cjk, on Debian and Ubuntu alike). Elsewhere it says what to install.
chromium:
	@if command -v apt-get >/dev/null 2>&1; then \
		need=""; \
		$(or $(PYTHON),python3) tests/chromium.py >/dev/null 2>&1 || \
			{ . /etc/os-release; [ "$$ID" = debian ] && need="chromium"; }; \
		fc-list :lang=zh 2>/dev/null | grep -q . || need="$$need fonts-noto-cjk"; \
		if [ -n "$$need" ]; then \
			$(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends $$need; \
		fi; \
	fi
	@$(or $(PYTHON),python3) tests/chromium.py >/dev/null

## setup: everything a fresh machine (or the dev container) needs: the virtualenv with the pinned
## requirements, and the browser and fonts of the tests
setup: $(STAMP) chromium

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
## prints a table and writes bench-results/bench.json (BENCH_ARGS=--quick for a one-minute run,
## BENCH_ARGS="--scales 1,10" to leave out the 100x plan, which takes an hour or more)
bench: $(STAMP) chromium
	$(BIN)/python -m tests.bench $(BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check generator tests

clean:
	rm -rf build site dist .site.new .site.old test-artifacts .pytest_cache

## fuzz: long property-based run (thousands of inputs per test): the loader, model and validator, the
## site build, the PO import, `diff` and `renumber` on mutated content, and the live preview as a
## state machine. Prints, per test, the inputs tried (Hypothesis statistics). The run is random:
## its seed is printed first, and FUZZ_SEED=<seed> runs the same inputs again
fuzz: $(STAMP)
	@seed="$(FUZZ_SEED)"; seed=$${seed:-$$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}; \
	echo "fuzz seed: $$seed (make fuzz FUZZ_SEED=$$seed tries the same inputs)"; \
	HYPOTHESIS_PROFILE=long $(BIN)/python -m pytest -m fuzz --hypothesis-show-statistics --hypothesis-seed=$$seed

## bundle: the site for file:// (search included), zipped into dist/<symbol>_<date>.zip
bundle: $(STAMP)
	$(BIN)/python -m generator bundle

## review: what a pull request changes (BASE: the branch it goes into; default the default
## branch): GitHub annotations for the findings on the lines it changed or caused, the job summary
## ($GITHUB_STEP_SUMMARY, else build/review/summary.md), the comment (build/review/comment.md) and
## the comparison (build/review/changes.json: `PLAN_CHANGES=build/review/changes.json make site`
## gives the site its changes page)
review: $(STAMP)
	$(BIN)/python -m generator review $(BASE) $(if $(PREVIEW_URL),--preview-url "$(PREVIEW_URL)") $(if $(RUN_URL),--run-url "$(RUN_URL)")

## pages: the site for GitHub Pages published from a branch (no Jekyll processing)
pages: site
	touch site/.nojekyll
