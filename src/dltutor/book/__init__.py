"""The book's build machinery, kept apart from what learners import.

- :mod:`dltutor.book.sphinxext`: Sphinx directive that shows notebook cells as code tabs.
- :mod:`dltutor.book.readorder`: Sphinx extension that reads pages in table-of-contents
  order and re-reads comparison pages whose records changed.
- :mod:`dltutor.book.nbsource`: reading tagged code cells out of notebooks.
- :mod:`dltutor.book.execute`: running a notebook with papermill, checking its parameters.

Learners use :mod:`dltutor.data`, :mod:`dltutor.plots`, :mod:`dltutor.device`,
:mod:`dltutor.repro`, :mod:`dltutor.timing`, :mod:`dltutor.results` and
:mod:`dltutor.stats`; nothing here is needed to run a notebook.
"""
