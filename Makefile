# Everything a developer or CI needs, from a fresh clone: `make serve`, `make test`.
# The set-up steps are file targets, so a second run does nothing that is already done.

SHELL := /bin/bash
# Material prints a banner about MkDocs 2 on every build; it is noise in our logs.
export NO_MKDOCS_2_WARNING := 1
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
RULES ?= rules.yaml
# Where the source article lives for the quote check; absent => quotes are reported unverified.
SOURCE_TEXTS ?= ../shared/seed
HOST ?= 127.0.0.1
PORT ?= 8000

# requirements.in lists the direct Python dependencies (and why each is there);
# requirements.lock pins them and everything they pull in, with hashes. `make relock`
# regenerates the lock with this tool, at this version, in a venv of its own.
LOCK_TOOL := uv==0.13.8
# The oldest Python the lock must install on (it is resolved for every newer one too).
LOCK_PYTHON := 3.12

# The build side needs Python 3.12 or newer (pathlib's walk_up); python3 here may be older.
# Look for one on PATH, then in pyenv's versions, newest first.
find_python = for p in python3.14 python3.13 python3.12 python3 \
	  $$(ls -d "$${PYENV_ROOT:-$$HOME/.pyenv}"/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
	  if "$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
	    command -v "$$p"; exit 0; fi; done; exit 1

.PHONY: help setup serve build check test test-fast audit schema relock clean chromium

help:
	@echo "make serve   set up, build and serve the site at http://$(HOST):$(PORT) with live reload"
	@echo "make test    set up, then run every test layer (installs Debian's chromium if missing)"
	@echo "make build   build the site into site/"
	@echo "make check   validate $(RULES) (or RULES=path); non-zero exit on any problem;"
	@echo "             lists rules due for review (STRICT_REVIEWS=1: fail on them)"
	@echo "make audit   Lighthouse (mobile) scores and failed audits of four pages, in Debian's chromium"

$(BIN)/python:
	@py=$$($(find_python)) || { \
	  echo "error: Python 3.12 or newer is needed and none was found." >&2; \
	  echo "       Install one, e.g. 'pyenv install 3.12' or 'apt-get install python3.12', then re-run make." >&2; \
	  exit 1; }; \
	echo "Using $$py ($$($$py --version))"; \
	"$$py" -m venv $(VENV)

$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

setup: $(VENV)/.installed node_modules/.installed

build: setup
	$(BIN)/mkdocs build --strict

# --livereload: with current click, mkdocs serve does not reload without it (mkdocs#4032).
serve: setup
	$(BIN)/mkdocs serve --livereload --dev-addr $(HOST):$(PORT)

# A rule due or overdue for review is a warning (exit 0); STRICT_REVIEWS=1 makes it an error,
# for a release pipeline that wants one. RULEBOOK_TODAY=YYYY-MM-DD checks as on another day.
STRICT_REVIEWS ?=
check: $(VENV)/.installed
	$(BIN)/python -m rulebook check "$(RULES)" --source-texts "$(SOURCE_TEXTS)"$(if $(filter 1 yes true,$(STRICT_REVIEWS)), --strict-reviews)

schema: $(VENV)/.installed
	$(BIN)/python -m rulebook schema > rules.schema.json

# Debian's chromium is the browser Playwright drives; browser downloads are impossible here.
chromium:
	@command -v chromium >/dev/null 2>&1 && exit 0; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian's chromium (needed by the browser tests)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
	  echo "error: the browser tests need Debian's chromium: run 'sudo apt-get install chromium'" >&2; exit 1; \
	fi

test: setup chromium
	$(BIN)/python -m pytest

# The quick layers only: no site build, no Node, no browser.
test-fast: setup  # some fast tests read npm packages (Workbox's files), never run Node
	$(BIN)/python -m pytest -m "not slow"

# Pins already in requirements.lock are kept where requirements.in still allows them; to
# take newer versions, delete the lock first (or a package's entry in it), then relock.
# Lighthouse's four scores and failed audits for four pages; not a test (performance is a timing).
audit: setup chromium
	$(BIN)/python bench/audit.py

relock: $(BIN)/python
	rm -rf build/relock && $(BIN)/python -m venv build/relock
	build/relock/bin/python -m pip install --quiet --disable-pip-version-check $(LOCK_TOOL)
	build/relock/bin/uv pip compile requirements.in --generate-hashes --universal \
	  --python-version $(LOCK_PYTHON) --custom-compile-command "make relock" --quiet \
	  --output-file requirements.lock

clean:
	rm -rf site build $(VENV) node_modules
