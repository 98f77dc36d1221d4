# Two commands do everything: `make test` and `make book`. Both create the
# virtual environment in .venv when it is missing and install the locked
# dependencies, so they work on a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.dltutor-installed
JOBS   ?= 2
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: install test lint unit notebooks nbval book book-smoke gpu clean help

help:
	@echo "make test        lint, unit tests, notebooks (papermill) and checked outputs (nbval)"
	@echo "make book        build the HTML book into _build/html (executes changed notebooks)"
	@echo "make book-smoke  the same with the fast smoke profile, into _build/smoke/_build/html"
	@echo "make gpu         the tests marked gpu (needs a CUDA GPU)"
	@echo "make install     only create .venv and install"

install: $(STAMP)

$(STAMP): requirements/lock.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -r requirements/lock.txt
	$(BIN)/python -m pip install -q --no-deps -e .
	@touch $@

lint: $(STAMP)
	$(BIN)/ruff check .

unit: $(STAMP)
	$(BIN)/pytest -n $(JOBS) tests -m "not notebooks"

notebooks: $(STAMP)
	$(BIN)/pytest -n $(JOBS) tests -m notebooks --durations=0

nbval: $(STAMP)
	$(BIN)/pytest -n $(JOBS) --dist loadscope --nbval-lax \
	    --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider notebooks

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/pytest -n $(JOBS) tests --durations=15
	$(BIN)/pytest -n $(JOBS) --dist loadscope --nbval-lax \
	    --nbval-sanitize-with tests/nbval_sanitize.cfg notebooks

gpu: $(STAMP)
	$(BIN)/pytest -m gpu tests

book: $(STAMP)
	$(BIN)/jupyter-book build . --builder html -W --keep-going

# The smoke build has its own output folder, execution cache and records, so
# it never mixes with the full build or replaces the records in results/.
book-smoke: $(STAMP)
	DLTUTOR_PROFILE=smoke DLTUTOR_RESULTS_DIR=$(CURDIR)/_build/smoke/results \
	    $(BIN)/jupyter-book build . --builder html -W --keep-going --path-output _build/smoke

clean:
	rm -rf _build .pytest_cache
