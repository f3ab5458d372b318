# reportgen: every task goes through here; CI calls the same targets.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
PERIOD ?= Q2-2023
FUZZ_MINUTES ?= 10
# System packages (WeasyPrint's libraries, fonts, and the tools the document tests drive) are
# installed by tools/system-packages, which says what and why and uses sudo when not root.
AXE_DIR := tests/axe

.PHONY: build test lint golden bench fuzz check-python system-build system-test install axe-deps lock clean help

help:
	@echo "make build   install into .venv and build the example report for $(PERIOD)"
	@echo "make test    install into .venv and run the tests"
	@echo "make lint    ruff and mypy"
	@echo "make axe-deps  npm ci in $(AXE_DIR): axe-core and playwright-core for the HTML test"
	@echo "make golden  rewrite every golden file (tests marked golden) after a deliberate change"
	@echo "make bench   time 25, 100 and 400-indicator builds (writes bench/results.json)"
	@echo "make fuzz    fuzz every loader for FUZZ_MINUTES (default 10; writes bench/fuzz-results.json)"

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
	  { echo "reportgen needs Python 3.11 or newer; found $$($(PYTHON) --version 2>&1)"; exit 1; }

system-build: check-python
	@PYTHON=$(PYTHON) tools/system-packages build

system-test: check-python
	@PYTHON=$(PYTHON) tools/system-packages test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# constraints.txt pins every library at the version CI tested (make lock rewrites it).
$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	@touch $@

install: system-build $(VENV)/.installed

build: install
	@$(BIN)/reportgen build $(PERIOD)
	@echo ""
	@echo "reportgen is installed in $(VENV). Run it from here with"
	@echo "  $(BIN)/reportgen --help"
	@echo "or put it on your PATH for this shell first:"
	@echo "  . $(BIN)/activate && reportgen build $(PERIOD)"

$(AXE_DIR)/node_modules/.package-lock.json: $(AXE_DIR)/package.json $(AXE_DIR)/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix $(AXE_DIR) --no-audit --no-fund --loglevel=error; \
	else \
	  echo "npm is missing: the HTML accessibility test will be skipped (tools/system-packages test installs it)"; \
	fi

axe-deps: $(AXE_DIR)/node_modules/.package-lock.json

test: system-test install axe-deps
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check reportgen tests
	$(BIN)/mypy reportgen

# Every test marked golden rewrites its file under tests/golden/; read the diff before committing.
golden: install
	REPORTGEN_UPDATE_GOLDEN=1 $(BIN)/python -m pytest -m golden -q
	git diff --stat tests/golden/

bench: install
	$(BIN)/python bench/run.py

# Not part of make test (which runs each target briefly, timing nothing): random, damaged and
# amplified inputs into every loader; fails on any error that is not one line, or an input slower
# than 2 s per MB beyond the loader's fixed cost.
fuzz: install
	$(BIN)/python -m tests.fuzzing --minutes $(FUZZ_MINUTES) --out bench/fuzz-results.json

# Rewrite constraints.txt from what is installed in .venv, after a deliberate upgrade.
lock: install
	$(BIN)/python -m pip freeze --exclude-editable --exclude reportgen | LC_ALL=C sort > constraints.txt

clean:
	rm -rf $(VENV) output dist build *.egg-info $(AXE_DIR)/node_modules
