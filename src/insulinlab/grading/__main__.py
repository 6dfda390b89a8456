"""``python -m insulinlab.grading``: see :mod:`insulinlab.grading.cli`."""

import sys

from insulinlab.grading.cli import main

sys.exit(main())
