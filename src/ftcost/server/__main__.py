"""``python -m ftcost.server [options]``: the same as ``ftcost serve [options]``."""

import sys

from . import main

if __name__ == "__main__":
    sys.exit(main())
