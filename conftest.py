"""Settings shared by the unit tests and the nbval run over the notebooks.

Set before any kernel starts, so every notebook the tests execute runs on the
bundled samples and writes its records to a throw-away folder instead of the
book's build folder. The smoke parameter values themselves come from
``tests/nbchecks`` (papermill injects them).
"""

import os
import tempfile

os.environ.setdefault("DLTUTOR_DATA", "sample")
os.environ.setdefault("DLTUTOR_RESULTS_DIR", tempfile.mkdtemp(prefix="dltutor-results-"))
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
