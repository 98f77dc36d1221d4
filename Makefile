# Two commands do everything: `make test` and `make book`. Both create the
# virtual environment in .venv when it is missing and install the locked
# dependencies, so they work on a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.dltutor-installed
JOBS   ?= 2
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: install test lint unit notebooks book book-smoke refresh-results gpu clean help lint-workflows browser assignments grade

help:
	@echo "make test        lint, unit tests, every notebook run once (checked outputs and checks), browser tests"
	@echo "make book        run the book's notebooks (cached) and build the HTML book into _build/html"
	@echo "make refresh-results  copy the last book build's records into results/ (the reference)"
	@echo "make book-smoke  the book from the notebooks the tests executed, into _build/smoke/src/_build/html"
	@echo "make notebooks   only the notebook runs of make test"
	@echo "make gpu         the tests marked gpu (needs a CUDA GPU)"
	@echo "make assignments build the classroom assignments into _build/assignments (otter assign)"
	@echo "make grade SUBMISSIONS=dir  grade a folder of submitted notebooks into a CSV (otter run, no Docker)"
	@echo "make install     only create .venv and install"

install: $(STAMP)

# The lock lists every package, so pip needs no resolver (--no-deps) and its two
# halves install side by side, PyTorch in one and TensorFlow in the other (about
# 70 s instead of 130 s on two cores); `pip check` then proves the set complete.
LOCK_HALVES := awk -v one=$(VENV)/lock-1.txt -v two=$(VENV)/lock-2.txt \
	'/^tensorflow/ {print > two; next} /^torch==/ {print > one; next} NR % 2 {print > one; next} {print > two}'
$(STAMP): requirements/lock.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(LOCK_HALVES) requirements/lock.txt
	$(BIN)/python -m pip install -q --no-deps -r $(VENV)/lock-1.txt & first=$$!; \
	$(BIN)/python -m pip install -q --no-deps -r $(VENV)/lock-2.txt; second=$$?; \
	wait $$first && test $$second = 0
	$(BIN)/python -m pip check
	$(BIN)/python -m pip install -q --no-deps -e .
	@touch $@

lint: $(STAMP)
	$(BIN)/ruff check .

unit: $(STAMP)
	$(BIN)/pytest -n $(JOBS) tests -m "not notebooks and not browser"

# One pytest session runs the unit tests and every notebook run (tests/test_notebooks.py):
# each run of a notebook of _toc.yml (and each variant its metadata names) executes
# once, alone in an empty folder against the built wheel, with the smoke values of
# its metadata; the test compares its checked cells, then runs its checks from
# tests/nbchecks on that run. Notebooks whose metadata says "timed" run alone,
# afterwards. One compute thread per kernel (dltutor.book.layout.KERNEL_ENV). The
# executed copies land in _build/executed for the smoke book.
TIMED := $(BIN)/pytest tests -m "timing and not browser"
test: $(STAMP)
	$(BIN)/ruff check .
	$(MAKE) --no-print-directory lint-workflows
	$(BIN)/pytest -n $(JOBS) --dist worksteal tests -m "not browser and not timing" --durations=15
	$(TIMED)
	$(MAKE) --no-print-directory browser

notebooks: $(STAMP)
	$(BIN)/pytest -n $(JOBS) --dist worksteal tests/test_notebooks.py -m "not timing"
	$(TIMED)

# zizmor (static security analysis of GitHub Actions) over .github/, offline:
# any finding not suppressed with a reason in .github/zizmor.yml fails.
lint-workflows: $(STAMP)
	$(BIN)/zizmor --offline --persona pedantic --no-progress .github/

gpu: $(STAMP)
	$(BIN)/pytest -m gpu tests

# The book (dltutor.book.build): every run of the toc's notebooks, the variants
# included, in toc order with the tests' runner and the notebooks' own values,
# cached in _build/book/runs by notebook, parameters, package and (comparison
# pages) the records they read; records in _build/results (never the tracked
# results/). Then the pages are assembled with execution off and built with -W.
book: $(STAMP)
	$(BIN)/python -m dltutor.book.build

# Deliberately replace the reference records (results/, shipped in the wheel)
# with those of the last `make book`. Review the diff before committing it.
refresh-results:
	@test -d _build/results || { echo "no _build/results: run 'make book' first"; exit 1; }
	rm -rf results && cp -r _build/results results
	@git status --short results | head -20

# The smoke book: the same pages made from the notebooks the tests executed
# (_build/executed), running nothing; the HTML is in _build/smoke/src/_build/html.
# Fails when a notebook has no executed copy.
book-smoke: $(STAMP)
	$(BIN)/python -m dltutor.book.build --smoke

# Headless Chromium opens the smoke book (built first when missing or older
# than _build/executed): pages and figures load, code tabs switch together,
# search works, the console stays clean; screenshots go to _build/screenshots.
browser: $(STAMP)
	$(BIN)/pytest tests/browser -m browser

# Classroom assignments (book/assignments.md): every assignments/<chapter>/<name>.ipynb
# becomes _build/assignments/<chapter>/{student,autograder}. CHECK=1 also has
# Otter run the tests against each solution while building.
assignments: $(STAMP)
	$(BIN)/python -m tools.assignments $(if $(CHECK),--check)

# Grades every notebook under SUBMISSIONS, each in its own `otter run` with a
# time limit, into GRADES (default _build/grades/<folder>.csv).
TIMEOUT ?= 300
grade: $(STAMP)
	@test -n "$(SUBMISSIONS)" || { echo "usage: make grade SUBMISSIONS=dir [GRADES=file.csv] [TIMEOUT=s] [JOBS=n]"; exit 2; }
	@test -d _build/assignments || $(MAKE) --no-print-directory assignments
	$(BIN)/python -m tools.grade "$(SUBMISSIONS)" --jobs $(JOBS) --timeout $(TIMEOUT) $(if $(GRADES),--out "$(GRADES)")

clean:
	rm -rf _build .pytest_cache
