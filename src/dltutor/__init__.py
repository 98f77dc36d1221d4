"""Shared helpers for the dltutor course.

The package only holds plumbing: data loading, seeding, device
selection, timing, result records, confidence intervals and plots. Models and training loops live in the
notebooks, because they are the lesson.
"""

__version__ = "0.1.0"
