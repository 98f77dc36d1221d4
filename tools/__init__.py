"""Command-line tools of the course, run from the checkout as ``python -m tools.<name>``."""
