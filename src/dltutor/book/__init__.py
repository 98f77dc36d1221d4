"""Running and building the course, kept apart from what learners import.

- :mod:`dltutor.book.layout`: where everything is: paths, the table of contents,
  the tag of checked cells, the kernels' environment.
- :mod:`dltutor.book.runs`: each notebook's run settings (its metadata) and the
  list of runs.
- :mod:`dltutor.book.execute`: the one runner, used by the tests and the book.
- :mod:`dltutor.book.checked`: comparing checked cells with their stored outputs.
- :mod:`dltutor.book.build`: ``make book`` and the smoke book.
- :mod:`dltutor.book.refresh`: storing fresh checked outputs in a notebook.
- :mod:`dltutor.book.wheel`: the wheel the notebooks import.
- :mod:`dltutor.book.sphinxext`: Sphinx directive that shows notebook cells as code tabs.
- :mod:`dltutor.book.nbsource`, :mod:`dltutor.book.noise`, :mod:`dltutor.book.toc`:
  tagged cells, framework log noise, the table of contents file.

Nothing here is needed to run a notebook.
"""
