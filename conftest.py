"""Settings shared by the unit tests and the nbval run over ``notebooks/``.

Set before any kernel starts, so every notebook the tests execute runs the
smoke profile on the bundled samples and writes its records to a throw-away
folder instead of the book's ``results/``.
"""

import os
import tempfile

os.environ.setdefault("DLTUTOR_PROFILE", "smoke")
os.environ.setdefault("DLTUTOR_DATA", "sample")
os.environ.setdefault("DLTUTOR_RESULTS_DIR", tempfile.mkdtemp(prefix="dltutor-results-"))
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
