# Two commands do everything: `make test` and `make book`. Both create the
# virtual environment in .venv when it is missing and install the locked
# dependencies, so they work on a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.dltutor-installed
JOBS   ?= 2
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: install test lint unit notebooks nbval book book-smoke refresh-results gpu clean help lint-workflows browser assignments grade

help:
	@echo "make test        lint, every notebook once under nbval (checked outputs), unit tests and the notebooks' checks"
	@echo "make book        build the HTML book into _build/html (executes changed notebooks)"
	@echo "make refresh-results  copy the last book build's records into results/ (the reference)"
	@echo "make book-smoke  the book from the notebooks the tests executed, into _build/smoke/src/_build/html"
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

# Each notebook of the book runs once, with its smoke values (tests/nbchecks),
# copied alone into an empty folder and importing the built wheel: nbval
# executes it and compares the checked cells' stored outputs (tagged
# nbval-check-output); tests/nbval_capture.py keeps the run's outputs and
# records, which `notebooks` then checks. Notebooks that measure time (marked
# with timed() in tests/nbchecks) run alone, afterwards. One compute thread
# per kernel (tests/notebook_harness.py). The executed copies land in
# _build/executed for the smoke book.
NBVAL := --nbval-lax -p no:cacheprovider -p tests.nbval_capture \
         --nbval-sanitize-with tests/nbval_sanitize.cfg
# --rootdir: the copies' test ids keep their folders (variants share file names).
nbval: $(STAMP)
	$(BIN)/python -m tests.nbval_inputs
	base=$$($(BIN)/python -m tests.nbval_inputs --where) && \
	$(BIN)/python -m pytest -n $(JOBS) --dist loadscope $(NBVAL) --rootdir "$$base" "$$base/parallel" && \
	$(BIN)/python -m pytest $(NBVAL) --rootdir "$$base" "$$base/timed"

CHECK_RUNS := DLTUTOR_EXECUTED_BY_NBVAL=1
notebooks: nbval
	$(CHECK_RUNS) $(BIN)/pytest -n $(JOBS) tests -m "notebooks and not browser"

test: $(STAMP)
	$(BIN)/ruff check .
	$(MAKE) --no-print-directory lint-workflows
	$(MAKE) --no-print-directory nbval
	$(CHECK_RUNS) $(BIN)/pytest -n $(JOBS) tests -m "not browser" --durations=15
	$(MAKE) --no-print-directory browser

# zizmor (static security analysis of GitHub Actions) over .github/, offline:
# any finding not suppressed with a reason in .github/zizmor.yml fails.
lint-workflows: $(STAMP)
	$(BIN)/zizmor --offline --persona pedantic --no-progress .github/

gpu: $(STAMP)
	$(BIN)/pytest -m gpu tests

# The book's records go to _build/results, never to the tracked results/.
# Each chapter's Keras notebook also runs on the torch backend (papermill,
# outside the Sphinx build) before the build, so the comparison pages show
# both backends from this build; a variant reruns only when its notebook or
# the package changed.
BOOK_ENV := DLTUTOR_RESULTS_DIR=$(CURDIR)/_build/results TF_CPP_MIN_LOG_LEVEL=2 \
            PYDEVD_DISABLE_FILE_VALIDATION=1
PACKAGE_SOURCES := $(shell find src -name '*.py')
VARIANTS := $(patsubst notebooks/%/keras.ipynb,_build/variants/%/keras-torch.ipynb,$(wildcard notebooks/*/keras.ipynb))

_build/variants/%/keras-torch.ipynb: notebooks/%/keras.ipynb $(PACKAGE_SOURCES) $(STAMP)
	@mkdir -p $(@D)
	$(BOOK_ENV) $(BIN)/papermill --cwd notebooks/$* --no-progress-bar \
	    $< $(@D)/.partial.ipynb -p backend torch
	@mv $(@D)/.partial.ipynb $@

# After the build, no executed page may show framework start-up log lines.
book: $(STAMP) $(VARIANTS)
	$(BOOK_ENV) $(BIN)/jupyter-book build . --builder html -W --keep-going
	$(BIN)/python -m dltutor.book.noise _build/jupyter_execute _build/variants

# Deliberately replace the reference records (results/, shipped in the wheel)
# with those of the last `make book`. Review the diff before committing it.
refresh-results:
	@test -d _build/results || { echo "no _build/results: run 'make book' first"; exit 1; }
	rm -rf results && cp -r _build/results results
	@git status --short results | head -20

# The smoke book: the pages built from the notebooks the notebook tests
# executed (_build/executed), with execution off, so nothing runs again. It is
# assembled and built under _build/smoke/src; the HTML is in
# _build/smoke/src/_build/html. Fails when a notebook has no executed copy.
book-smoke: $(STAMP)
	$(BIN)/python tools/build_smoke_book.py

# Headless Chromium opens the smoke book (built first when missing or older
# than _build/executed): pages and figures load, code tabs switch together,
# search works, the console stays clean; screenshots go to _build/screenshots.
browser: $(STAMP)
	$(BIN)/pytest tests/browser -m browser

# Classroom assignments (book/assignments.md): every assignments/<chapter>/<name>.ipynb
# becomes _build/assignments/<chapter>/{student,autograder}. CHECK=1 also has
# Otter run the tests against each solution while building.
assignments: $(STAMP)
	$(BIN)/python tools/assignments.py $(if $(CHECK),--check)

# Grades every notebook under SUBMISSIONS, each in its own `otter run` with a
# time limit, into GRADES (default _build/grades/<folder>.csv).
TIMEOUT ?= 300
grade: $(STAMP)
	@test -n "$(SUBMISSIONS)" || { echo "usage: make grade SUBMISSIONS=dir [GRADES=file.csv] [TIMEOUT=s] [JOBS=n]"; exit 2; }
	@test -d _build/assignments || $(MAKE) --no-print-directory assignments
	$(BIN)/python tools/grade.py "$(SUBMISSIONS)" --jobs $(JOBS) --timeout $(TIMEOUT) $(if $(GRADES),--out "$(GRADES)")

clean:
	rm -rf _build .pytest_cache
