"""``python -m dltutor.serving``: see :func:`dltutor.serving.server.main`."""

import sys

from .server import main

sys.exit(main())
