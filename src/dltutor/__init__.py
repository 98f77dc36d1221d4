"""Shared helpers for the dltutor course.

The package only holds plumbing: data loading, profiles, seeding, device
selection, result records and plots. Models and training loops live in the
notebooks, because they are the lesson.
"""

__version__ = "0.1.0"
