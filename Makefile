# reportgen: every task goes through here; CI calls the same targets.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PERIOD ?= Q2-2023
# Debian packages WeasyPrint and the tests need (see README.md, "Installing").
DEBIAN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 fonts-dejavu-core poppler-utils

# Tools the document tests drive: Chromium runs axe-core on the HTML, LibreOffice opens the
# DOCX, node and npm install axe-core (tests/axe). Missing here: those tests skip; in CI they fail.
TEST_PACKAGES := chromium libreoffice-writer-nogui nodejs npm
AXE_DIR := tests/axe

.PHONY: build test lint golden bench check-system install axe-deps clean help

help:
	@echo "make build   install into .venv and build the example report for $(PERIOD)"
	@echo "make test    install into .venv and run the tests"
	@echo "make lint    ruff and mypy"
	@echo "make axe-deps  npm ci in $(AXE_DIR): axe-core and playwright-core for the HTML test"
	@echo "make golden  regenerate the example's golden text after a deliberate change"
	@echo "make bench   time 25, 100 and 400-indicator builds (writes bench/results.json)"

check-system:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
	  { echo "reportgen needs Python 3.11 or newer; found $$($(PYTHON) --version 2>&1)"; exit 1; }
	@missing=""; \
	for pkg in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Missing Debian packages:$$missing"; \
	  echo "Install them with:"; \
	  echo "  sudo apt-get install -y$$missing"; \
	  exit 1; \
	fi

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

install: check-system $(VENV)/.installed

build: install
	@$(BIN)/reportgen build $(PERIOD)

$(AXE_DIR)/node_modules/.package-lock.json: $(AXE_DIR)/package.json $(AXE_DIR)/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix $(AXE_DIR) --no-audit --no-fund --loglevel=error; \
	else \
	  echo "npm is missing: the HTML accessibility test will be skipped (sudo apt-get install -y $(TEST_PACKAGES))"; \
	fi

axe-deps: $(AXE_DIR)/node_modules/.package-lock.json

test: install axe-deps
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check reportgen tests
	$(BIN)/mypy reportgen

golden: install
	REPORTGEN_UPDATE_GOLDEN=1 $(BIN)/python -m pytest tests/test_pipeline.py -q

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) output dist build *.egg-info $(AXE_DIR)/node_modules
